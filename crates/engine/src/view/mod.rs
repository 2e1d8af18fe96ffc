//! What is on screen, as plain data that can be written into a URL and read back: the Lab's view
//! (with the train panel's settings) and embedded widgets. Pure: no web types, so links are tested natively.

pub mod embed;
pub mod lab;
pub mod query;
pub mod train;

pub use embed::{EmbeddedWidget, LESSON_PARTS, hidden};
pub use lab::{
    CutEntry, HistogramView, LabView, MAX_PAIR_VARIABLES, PairView, ScanView, ThresholdChoice,
};
pub use train::{ModelChoice, TrainView};
