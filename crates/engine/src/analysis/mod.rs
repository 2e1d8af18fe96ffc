//! Analysis on tables: histograms (more to come: cuts, cut-flows, significance scans).
//!
//! Depends on the data module only; no IO.

mod histogram;

pub use histogram::{BinPosition, Binning, Flow, Histogram};
