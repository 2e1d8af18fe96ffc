//! The cut language: conditions on a table's columns, written as a student would write them.
//!
//! ```text
//! lead_lep_pt > 100 and ETmiss >= 150
//! lep_type_0 + lep_type_1 + lep_type_2 + lep_type_3 in {44, 48, 52}
//! lep_charge_0 + … + lep_charge_3 == 0          (… or ... expands indexed columns)
//! sum(lep_charge_*) == 0                          (every column lep_charge_<number>)
//! not (abs(dphi_pTll_ETmiss) < 2.8) or Label == "s"
//! `p_T (GeV)` > 30 and `and` < 2                 (any column name, in backticks)
//! ```
//!
//! Comparisons `== != < <= > >=` (also `=`, `≤`, `≥`, `≠`), `and`/`&&`, `or`/`||`, `not`/`!`,
//! arithmetic `+ - * /`, `in {…}`, functions `abs sqrt log exp min max sum`. A comparison with a
//! missing value is false. Errors give the 0-based character position they refer to.
//!
//! Pure: depends on the data module only.

mod eval;
mod lexer;
mod pandas;
mod parser;

pub use lexer::{CmpOp, quote_column};
pub use pandas::{number_literal, python_string};
pub use parser::ArithOp;

use crate::Result;
use crate::data::Table;

/// A parsed cut, ready to be applied to any table with the columns it names.
#[derive(Debug, Clone, PartialEq)]
pub struct CutExpr {
    text: String,
    root: parser::Node,
}

impl CutExpr {
    /// Parses `text`; a syntax error names the character where it is.
    pub fn parse(text: &str) -> Result<Self> {
        let tokens = lexer::tokenize(text)?;
        let root = parser::parse(&tokens)?;
        Ok(Self {
            text: text.trim().to_owned(),
            root,
        })
    }

    /// The text the cut was parsed from (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Checks the cut against `table`'s columns (names, numbers vs text) without evaluating it.
    pub fn check(&self, table: &Table) -> Result<()> {
        eval::condition(&self.root, table).map(|_| ())
    }

    /// One `true` per row of `table` that passes the cut.
    pub fn mask(&self, table: &Table) -> Result<Vec<bool>> {
        let program = eval::condition(&self.root, table)?;
        Ok((0..table.n_rows()).map(|row| program.at(row)).collect())
    }

    /// This cut as pandas code: a boolean Series over the DataFrame named `frame`, with the
    /// columns `stem*` expands to taken from `table` (one the cut was checked against).
    pub fn to_pandas(&self, frame: &str, table: &Table) -> String {
        pandas::Writer { frame, table }.condition(&self.root)
    }

    /// Keeps in `mask` only the rows that also pass this cut (`mask[i] &= passes(i)`).
    pub fn and_into(&self, table: &Table, mask: &mut [bool]) -> Result<()> {
        let program = eval::condition(&self.root, table)?;
        for (row, keep) in mask.iter_mut().enumerate() {
            if *keep {
                *keep = program.at(row);
            }
        }
        Ok(())
    }
}

/// Formats an error position as the cut text with a caret under the character, for monospace
/// display: `"ETmiss >> 3\n        ^"`.
pub fn point_at(text: &str, position: usize) -> String {
    let pad: String = text
        .chars()
        .take(position)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{text}\n{pad}^")
}

#[cfg(test)]
mod tests;
