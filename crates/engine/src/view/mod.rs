//! What is on screen, as plain data that can be written into a URL and read back: the Lab's view
//! (with the train panel's settings). Lessons build on it (a widget is a Lab view; embedding links
//! live with the lessons). Pure: no web types, so links are tested natively.

pub mod dice;
pub mod lab;
pub mod playground;
pub mod query;
pub mod train;

pub use lab::{
    CutEntry, HistogramView, LabView, MAX_PAIR_VARIABLES, PairView, ScanView, ThresholdChoice,
};
pub use train::{ModelChoice, TrainView};
