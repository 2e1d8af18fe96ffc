//! Five Sigma's engine: everything the app computes, with no web dependency.
//!
//! Data handling (CSV → typed table), analysis (histograms, cuts, significance scans), machine
//! learning (splits, scaling, trees and forests, metrics) and lesson logic live here and are tested natively with `cargo test`. The web app only wires
//! its signals to these functions.
//!
//! Must not depend on: leptos, web-sys, js-sys, wasm-bindgen, gloo, or anything that reads a
//! clock, a file or the network. Callers hand in bytes (`impl Read`) and receive plain data.
//! `scripts/check-engine-purity.sh` fails the test run if a web crate ever enters this crate's
//! dependency tree.

pub mod analysis;
pub mod data;
pub mod error;
mod ids;
pub mod lesson;
pub mod ml;
pub mod state;
pub mod view;

pub use error::{Error, Result};
