//! Analysis on tables and datasets: histograms, cuts and cut-flows, significance measures and
//! scans, point clouds for scatter plots, and the two-sample Kolmogorov–Smirnov test.
//!
//! Depends on the data module only; no IO.

mod clouds;
pub mod cut;
mod cutflow;
mod dataset;
mod histogram;
mod ks;
mod points;
mod scan;
mod significance;

pub use clouds::{CLASS_COLOURS, PointColouring};
pub use cut::CutExpr;
pub use cutflow::{CutFlow, CutFlowStep, SampleView, Yield, cut_flow};
pub use histogram::{BinPosition, Binning, Flow, Histogram, StackedHistogram};
pub use ks::{KsTest, ks_two_sample};
pub use points::{PointCloud, PointGroup, central_range, sampling_key, subsample};
pub use scan::{
    CumulativeWeights, CutDirection, Scan, ScanPoint, ScanSettings, Thresholds, round_step,
    round_threshold, scan, threshold_cut_text,
};
pub use significance::{Significance, Undefined, evaluate};
