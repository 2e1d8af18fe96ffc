//! The app's state layer: every decision the app makes about what a panel holds and how a
//! training runs, as plain data and pure functions — so that each is made once and tested natively,
//! and the components only wire signals to it and draw.
//!
//! - [`choice`]: every menu's keys (in links, lessons and `<option value>`s) and labels, once.
//! - [`cuts`]: a cut's text checked against a dataset; a view's cuts as the engine applies them.
//! - [`training`]: training defaults (seed, test fraction, weighting…), preparing a training,
//!   judging its result, what is remembered of it and how it is trained again.
//! - [`grid`]: the grid-search form: its axes, their values, and the job they make.
//! - [`evaluation`]: the evaluate views' thresholds, totals, exports.
//! - [`dice`]: the dice widget's setup and what it shows of the rolls.
//! - [`device`]: where a network trains (CPU or WebGPU): the one enum and the one decision.
//! - [`run`]: a worker's replies turned into the state of one run (train, grid search, restore).
//! - [`mapping`]: a student's own files made a dataset (roles, weight and label columns).
//! - [`histogram`]: bins, a typed axis bound, the y-axis title.
//! - [`scan_table`]: which points of a scan its table lists, and the note when not all.
//! - [`number`]: numbers as people read them.
//! - [`offline`]: what the offline copy may keep, what it holds, and how the page says so.
//! - [`provenance`]: where a trained model came from, told apart from the page's other models.
//! - [`trouble`]: what the page says when a lesson or a dataset cannot be opened.
//!
//! Decisions about the view's own fields (which variable the histogram or the scan shows, the
//! scan's settings) are methods of the view in [`crate::view::lab`], which builds on this layer.
//!
//! Depends on `data`, `analysis` and `ml`. Must not depend on `lesson` or `view` (both build on
//! it), nor on anything web: no leptos, web-sys or clock (callers pass the time in).

pub mod board;
pub mod challenge;
pub mod choice;
pub mod cuts;
pub mod device;
pub mod dice;
pub mod evaluation;
pub mod fitting;
#[cfg(test)]
pub(crate) mod fixture;
pub mod grid;
pub mod histogram;
pub mod mapping;
mod number;
pub mod offline;
pub mod playground;
pub mod pool;
pub mod provenance;
pub mod run;
pub mod scan_table;
pub mod training;
pub mod trouble;

pub use choice::{
    Choice, Counting, Measure, OutputThresholds, ThresholdMode, parse_significance,
    significance_key,
};
pub use cuts::{ParsedCuts, check_cut, parse_cuts};
pub use device::{Device, GpuOffer, device_for};
pub use number::significant;
pub use run::{Next, Outcome, Phase, Reply, RunState};
pub use training::{Prepared, TrainedModel};
