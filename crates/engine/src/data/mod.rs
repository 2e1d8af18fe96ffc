//! Event data: CSV bytes in, typed columnar tables out, plus per-column summaries.
//!
//! Depends only on `std`, `csv` and the engine's error type; never on files or the network.

mod csv_read;
mod summary;
mod table;

pub use csv_read::{CsvOptions, Progress, read_csv};
pub use summary::{ColumnSummary, summarize};
pub use table::{Column, ColumnData, ColumnKind, MISSING_CODE, Table, ValueIssues};
