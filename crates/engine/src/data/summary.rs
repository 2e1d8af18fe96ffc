//! Per-column summaries shown next to a loaded table (type, range, mean, problem counts).

use super::table::{Column, ColumnData, ColumnKind, MISSING_CODE};

/// What the Lab shows for each column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// Detected type.
    pub kind: ColumnKind,
    /// Number of finite numeric values, or of non-missing text values.
    pub count: usize,
    /// Missing cells (empty or the sentinel).
    pub missing: usize,
    /// NaN cells.
    pub nan: usize,
    /// ±inf cells.
    pub infinite: usize,
    /// Smallest finite value (`None` for text or when there is none).
    pub min: Option<f64>,
    /// Largest finite value.
    pub max: Option<f64>,
    /// Unweighted mean of the finite values: Σx / count.
    pub mean: Option<f64>,
    /// Number of distinct texts (text columns only).
    pub levels: Option<usize>,
}

/// Summarises one column in a single pass.
pub fn summarize(column: &Column) -> ColumnSummary {
    let mut summary = ColumnSummary {
        name: column.name.clone(),
        kind: column.kind,
        count: 0,
        missing: column.issues.missing,
        nan: column.issues.nan,
        infinite: column.issues.infinite,
        min: None,
        max: None,
        mean: None,
        levels: None,
    };
    match &column.data {
        ColumnData::Numeric(values) => {
            let mut sum = 0.0_f64;
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            // Comparisons, not `f64::min`/`max`: in wasm those are a call per value (their NaN
            // rule), and a page rebuilds a 10⁶-row column's summary within one task.
            for &v in values.iter().filter(|v| v.is_finite()) {
                summary.count += 1;
                sum += v;
                if v < lo {
                    lo = v;
                }
                if v > hi {
                    hi = v;
                }
            }
            if summary.count > 0 {
                summary.min = Some(lo);
                summary.max = Some(hi);
                summary.mean = Some(sum / summary.count as f64);
            }
        }
        ColumnData::Categorical { codes, levels } => {
            // The texts these rows use: a sample taken from a file keeps the file's whole list.
            let mut used = vec![false; levels.len()];
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                summary.count += 1;
                if let Some(u) = used.get_mut(c as usize) {
                    *u = true;
                }
            }
            summary.levels = Some(used.iter().filter(|&&u| u).count());
        }
    }
    summary
}
