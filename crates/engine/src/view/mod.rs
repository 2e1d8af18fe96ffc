//! What is on screen, as plain data that can be written into a URL and read back: the Lab's view
//! today, lesson widgets' settings later. Pure: no web types, so links are tested natively.

pub mod lab;
mod number;
pub mod query;

pub use lab::{
    CutEntry, HistogramView, LabView, MAX_PAIR_VARIABLES, PairView, ScanView, ThresholdChoice,
};
pub use number::significant;
