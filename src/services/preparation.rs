//! A training's events prepared a piece per task (`state::training::Preparing`: the events kept
//! first, then one input column per task), so that a page preparing 10⁶ events × 10 inputs
//! (80 MB to gather) never holds its thread for long.

use std::sync::Arc;

use fivesigma_engine::analysis::CutExpr;
use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::TrainingSetup;
use fivesigma_engine::state::training::{Prepared, Preparing};
use leptos::prelude::set_timeout;

/// Prepares `setup`'s events of `dataset` after `cuts`, one step per task while `wanted()`
/// holds (a cancelled run, or a page left, stops it), then hands the result to `done`, in the
/// words of the engine when it failed.
pub fn prepare(
    dataset: &Dataset,
    cuts: &[CutExpr],
    setup: &TrainingSetup,
    wanted: impl Fn() -> bool + 'static,
    done: impl FnOnce(Result<Arc<Prepared>, String>) + 'static,
) {
    match Preparing::start(dataset, cuts, setup) {
        Ok(preparing) => step(preparing, wanted, done),
        Err(e) => done(Err(e.to_string())),
    }
}

fn step(
    mut preparing: Preparing,
    wanted: impl Fn() -> bool + 'static,
    done: impl FnOnce(Result<Arc<Prepared>, String>) + 'static,
) {
    let next = move || {
        if !wanted() {
            return;
        }
        match preparing.step() {
            Ok(false) => step(preparing, wanted, done),
            Ok(true) => done(preparing.finish().map(Arc::new).map_err(|e| e.to_string())),
            Err(e) => done(Err(e.to_string())),
        }
    };
    set_timeout(next, std::time::Duration::ZERO);
}
