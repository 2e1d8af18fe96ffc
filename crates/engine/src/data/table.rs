//! The columnar table every analysis works on.
//!
//! Numbers (integer or real) are stored as `f64`, so that weights and sums are always summed in
//! double precision and every numeric column can be histogrammed or cut the same way. Missing
//! numeric values are stored as NaN; the counts of missing, NaN and infinite values are kept per
//! column so the UI can report them.

use std::sync::Arc;

use super::order::{SortedRowsCache, is_sorted_rows};
use crate::{Error, Result};

/// Code used in a categorical column for an empty (missing) cell.
pub const MISSING_CODE: u32 = u32::MAX;

/// A missing numeric cell (empty, or the sentinel such as −999): a NaN with its own payload, so
/// that it is told apart from a NaN written in the file when rows are taken apart (a label
/// column splitting a file into samples) and the counts are made again per sample. Arithmetic
/// treats it as any NaN.
pub const MISSING_VALUE: f64 = f64::from_bits(0x7ff8_0000_0000_0d1e);

/// Whether `value` is a missing cell ([`MISSING_VALUE`]), not a NaN the file wrote.
pub fn is_missing_value(value: f64) -> bool {
    value.to_bits() == MISSING_VALUE.to_bits()
}

/// What a column holds, as detected from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColumnKind {
    /// Every value is a whole number (stored as `f64`, exact up to 2⁵³).
    Integer,
    /// Real numbers.
    Float,
    /// Text labels such as `s`/`b`, stored as codes into a list of levels.
    Categorical,
}

impl ColumnKind {
    /// A short word for the UI ("integer", "number", "text").
    pub fn label(self) -> &'static str {
        match self {
            ColumnKind::Integer => "integer",
            ColumnKind::Float => "number",
            ColumnKind::Categorical => "text",
        }
    }

    /// Whether the column can be histogrammed and compared numerically.
    pub fn is_numeric(self) -> bool {
        !matches!(self, ColumnKind::Categorical)
    }
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Integer or real values; missing values are NaN.
    Numeric(Vec<f64>),
    /// Text values as codes into `levels` (in order of first appearance); missing = [`MISSING_CODE`].
    Categorical {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct texts, indexed by code.
        levels: Vec<String>,
    },
}

/// Counts of values that are not ordinary finite numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValueIssues {
    /// Empty cells, and cells equal to the missing-value sentinel (−999 by default).
    pub missing: usize,
    /// Cells that said NaN in the file.
    pub nan: usize,
    /// Cells that said +inf or −inf in the file.
    pub infinite: usize,
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The name from the header row.
    pub name: String,
    /// The detected type.
    pub kind: ColumnKind,
    /// The values.
    pub data: ColumnData,
    /// Missing / NaN / infinite counts found while reading.
    pub issues: ValueIssues,
}

impl Column {
    /// Number of rows in this column.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(values) => values.len(),
            ColumnData::Categorical { codes, .. } => codes.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The numeric values, or `None` for a text column.
    pub fn as_numeric(&self) -> Option<&[f64]> {
        match &self.data {
            ColumnData::Numeric(values) => Some(values),
            ColumnData::Categorical { .. } => None,
        }
    }

    /// The cell at `row` as display text: numbers as written by Rust's shortest round-trip
    /// formatting, missing cells as an empty string. Out-of-range rows give an empty string.
    pub fn cell_text(&self, row: usize) -> String {
        match &self.data {
            ColumnData::Numeric(values) => match values.get(row) {
                Some(v) if v.is_nan() => String::new(),
                Some(v) => format_number(*v, self.kind),
                None => String::new(),
            },
            ColumnData::Categorical { codes, levels } => codes
                .get(row)
                .and_then(|&code| levels.get(code as usize))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

fn format_number(value: f64, kind: ColumnKind) -> String {
    if kind == ColumnKind::Integer && value.fract() == 0.0 && value.abs() < 9.0e15 {
        // Integer columns hold whole numbers; print them without a trailing ".0".
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A table of equally long, named columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    n_rows: usize,
    /// Each numeric column's rows in value order, once worked out (for scans).
    sorted: SortedRowsCache,
}

impl Table {
    /// Builds a table; every column must have the same length and a distinct name.
    pub fn new(columns: Vec<Column>) -> Result<Self> {
        let n_rows = columns.first().map_or(0, Column::len);
        for (i, column) in columns.iter().enumerate() {
            if let Some(j) = columns[..i].iter().position(|c| c.name == column.name) {
                return Err(Error::DuplicateColumn {
                    name: column.name.clone(),
                    first: j + 1,
                    second: i + 1,
                });
            }
            debug_assert_eq!(
                column.len(),
                n_rows,
                "column {} has a different length",
                column.name
            );
        }
        let sorted = SortedRowsCache::new(columns.len());
        Ok(Self {
            columns,
            n_rows,
            sorted,
        })
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The columns, in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The columns, given up (a worker hands them to the page one by one).
    pub fn into_columns(self) -> Vec<Column> {
        self.columns
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Result<&Column> {
        Ok(&self.columns[self.index_of(name)?])
    }

    /// The values of the numeric column called `name`.
    pub fn numeric(&self, name: &str) -> Result<&[f64]> {
        let column = self.column(name)?;
        column
            .as_numeric()
            .ok_or_else(|| Error::NotNumeric(name.to_owned()))
    }

    /// A new table with only `rows` (0-based indices, in the order given). Indices past the end
    /// are skipped.
    pub fn take(&self, rows: &[usize]) -> Table {
        let rows: Vec<usize> = rows.iter().copied().filter(|&r| r < self.n_rows).collect();
        let columns: Vec<Column> = self
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                kind: c.kind,
                data: match &c.data {
                    ColumnData::Numeric(values) => {
                        ColumnData::Numeric(rows.iter().map(|&r| values[r]).collect())
                    }
                    ColumnData::Categorical { codes, levels } => ColumnData::Categorical {
                        codes: rows.iter().map(|&r| codes[r]).collect(),
                        levels: levels.clone(),
                    },
                },
                issues: issues_of(&c.data, &rows),
            })
            .collect();
        Table {
            sorted: SortedRowsCache::new(columns.len()),
            columns,
            n_rows: rows.len(),
        }
    }

    /// The rows of numeric column `name` whose value is not NaN, in increasing value order (ties
    /// in row order): worked out once per table, then shared.
    pub fn sorted_rows(&self, name: &str) -> Result<Arc<[u32]>> {
        let index = self.index_of(name)?;
        let values = self.columns[index]
            .as_numeric()
            .ok_or_else(|| Error::NotNumeric(name.to_owned()))?;
        Ok(self.sorted.get_or_make(index, values))
    }

    /// Keeps `rows` as column `name`'s [`sorted_rows`](Self::sorted_rows), worked out elsewhere
    /// (by the worker that read the file), after checking them in one pass. `false` (nothing
    /// kept) for rows that are not that order or a column that is not numeric.
    pub fn keep_sorted_rows(&self, name: &str, rows: Vec<u32>) -> bool {
        let Ok(index) = self.index_of(name) else {
            return false;
        };
        let Some(values) = self.columns[index].as_numeric() else {
            return false;
        };
        let right = is_sorted_rows(values, &rows);
        if right {
            self.sorted.keep(index, rows.into());
        }
        right
    }

    /// Bytes the table holds: its columns' values and codes, and the sorted rows worked out.
    pub fn bytes(&self) -> usize {
        let columns: usize = self
            .columns
            .iter()
            .map(|c| match &c.data {
                ColumnData::Numeric(values) => values.len() * size_of::<f64>(),
                ColumnData::Categorical { codes, levels } => {
                    codes.len() * size_of::<u32>() + levels.iter().map(String::len).sum::<usize>()
                }
            })
            .sum();
        columns + self.sorted.bytes()
    }

    fn index_of(&self, name: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| Error::UnknownColumn(name.to_owned()))
    }

    /// Names of the numeric columns, in file order.
    pub fn numeric_names(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .filter(|c| c.kind.is_numeric())
            .map(|c| c.name.as_str())
    }
}

/// The missing, NaN and infinite cells among `rows` of a column: what the reader counted, for
/// a subset of its rows.
fn issues_of(data: &ColumnData, rows: &[usize]) -> ValueIssues {
    let mut issues = ValueIssues::default();
    match data {
        ColumnData::Numeric(values) => {
            for v in rows.iter().map(|&r| values[r]) {
                if is_missing_value(v) {
                    issues.missing += 1;
                } else if v.is_nan() {
                    issues.nan += 1;
                } else if v.is_infinite() {
                    issues.infinite += 1;
                }
            }
        }
        ColumnData::Categorical { codes, .. } => {
            issues.missing = rows.iter().filter(|&&r| codes[r] == MISSING_CODE).count();
        }
    }
    issues
}
