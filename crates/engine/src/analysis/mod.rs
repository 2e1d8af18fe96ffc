//! Analysis on tables: histograms, cuts and cut-flows, significance measures and scans, and the
//! two-sample Kolmogorov–Smirnov test.
//!
//! Depends on the data module only; no IO.

pub mod cut;
mod cutflow;
mod histogram;
mod ks;
mod scan;
mod significance;

pub use cut::CutExpr;
pub use cutflow::{CutFlow, CutFlowStep, SampleView, Yield, cut_flow};
pub use histogram::{BinPosition, Binning, Flow, Histogram, StackedHistogram};
pub use ks::{KsTest, ks_two_sample};
pub use scan::{CumulativeWeights, CutDirection, Scan, ScanPoint, ScanSettings, Thresholds, scan};
pub use significance::{Significance, Undefined, evaluate};
