//! Event data: CSV bytes in, typed columnar tables out, per-column summaries, and datasets
//! (samples with roles and weights) described by a TOML catalog or mapped from a user's files.
//!
//! Depends only on `std`, `csv` and the engine's error type (not on `analysis`, which builds on
//! it: cuts, cut-flows, scans and histograms of a dataset live there); never on files or the
//! network.

mod catalog;
pub mod challenge;
mod csv_read;
mod dataset;
#[cfg(test)]
pub(crate) mod fixture;
pub(crate) mod order;
mod recognise;
mod shipped;
mod summary;
mod table;

pub use catalog::{CATALOG_VERSION, Catalog, GeneratorInfo, Role, SampleSpec, VariableSpec};
pub use challenge::{ChallengeRows, ChallengeStream, KaggleSet, challenge_dataset};
pub use csv_read::{CsvOptions, MAX_CSV_BYTES, Progress, check_csv_size, read_csv};
pub use dataset::{
    Dataset, RoleSource, Sample, UserMapping, dataset_from_user_files, looks_like_labels,
};
pub use recognise::{ATLAS_DM_COLUMNS, Recognised, label_values, recognise, suggest_mapping};
pub use shipped::{DATASET_INDEX_VERSION, DatasetEntry, DatasetIndex};
pub use summary::{ColumnSummary, summarize};
pub use table::{
    Column, ColumnData, ColumnKind, MISSING_CODE, MISSING_VALUE, Table, ValueIssues,
    is_missing_value,
};
