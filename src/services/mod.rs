//! The only code that talks to the browser: location, files, fetch, storage, the GPU probe and
//! the training workers (with [`run::Run`], the one lifecycle of a run, on one worker or a pool). Components call these;
//! the engine never sees a browser type.

pub mod challenge;
pub mod challenge_maker;
pub mod clock;
pub mod compute;
pub mod datasets;
pub mod download;
pub mod embed;
pub mod errand;
pub mod fetch;
pub mod files;
pub mod lab_models;
pub mod lessons;
pub mod location;
pub mod offline;
pub mod playground;
pub mod pool;
pub mod preparation;
pub mod run;
pub mod screen;
pub mod training;
pub mod user_files;
