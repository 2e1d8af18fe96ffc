//! One run in a training worker — a training, a grid search, or a remembered model trained again —
//! from the button to the result. The one place that starts a worker for a panel, feeds its
//! replies to the engine's [`RunState`], cancels it and stops it once the run has ended.
//!
//! The decisions (what the replies mean, when the run is over) are the engine's
//! (`fivesigma_engine::state::run`); this module owns the worker and the signal the panel reads.

use fivesigma_engine::ml::{Plan, TrainingData};
use fivesigma_engine::state::{Device, Next, Outcome, RunState};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

use super::clock;
use super::training::{self, Running};

/// What hears a run's result.
type OnEnd = Rc<dyn Fn(Outcome, &RunState)>;

/// A panel's run: its state (for drawing) and its worker.
#[derive(Clone, Copy)]
pub struct Run {
    /// What the page shows: phase, progress, curves, rows, device, time.
    pub state: RwSignal<RunState>,
    worker: StoredValue<Option<Running>, LocalStorage>,
}

impl Default for Run {
    fn default() -> Self {
        Self::new()
    }
}

impl Run {
    /// Nothing has run yet.
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(RunState::default()),
            worker: StoredValue::new_local(None),
        }
    }

    /// Whether the run is going (tracked).
    pub fn is_running(&self) -> bool {
        self.state.with(RunState::is_running)
    }

    /// Starts `plan` on `events` in a new worker for `device` (a run still going is stopped
    /// first). `on_end` hears the run's result once, in a task of its own — a model, a search, or
    /// why it failed — with the run's state at that moment; a cancelled run hears nothing. A
    /// WebGPU run whose GPU fails mid-way starts again on the CPU (the state says so).
    pub fn start(
        &self,
        device: Device,
        plan: &Plan,
        events: &TrainingData,
        on_end: impl Fn(Outcome, &RunState) + 'static,
    ) {
        // A page already gone (a lesson reset or left while a run was queued) starts nothing.
        let started = RunState::started_on(clock::now_ms(), device);
        if self.worker.try_set_value(None).is_some() || self.state.try_set(started).is_some() {
            return;
        }
        self.launch(device, training::request(plan, events), Rc::new(on_end));
    }

    /// Sends `request` to a new worker for `device` and feeds its replies to the state.
    fn launch(&self, device: Device, request: JsValue, on_end: OnEnd) {
        let (run, state, worker) = (*self, self.state, self.worker);
        let again = (request.clone(), on_end.clone());
        let on_reply = move |reply| {
            // A page that is gone (signals disposed) takes no more replies.
            let Some(next) = state.try_update(|s| s.on_reply(reply, clock::now_ms())) else {
                return;
            };
            let outcome = match next {
                Next::Wait => return,
                Next::End(outcome) => outcome,
                Next::Restart(device) => return run.restart(device, again.clone()),
            };
            // The run is over: stop its worker (wasm-bindgen keeps the handler running this
            // alive until it returns).
            let _ = worker.try_set_value(None);
            // The result is used in a task of its own: this one has drawn the run's end.
            if let Some(now) = state.try_get_untracked() {
                let on_end = on_end.clone();
                set_timeout(move || on_end(outcome, &now), std::time::Duration::ZERO);
            }
        };
        match training::start(device, request, on_reply) {
            // Dropped (the worker stopped) if the page went meanwhile.
            Ok(running) => drop(self.worker.try_set_value(Some(running))),
            Err(message) => self.fail(message),
        }
    }

    /// Starts the run again on `device` in a task of its own (the current one is the failed
    /// worker's handler), unless the student has cancelled or started another run since.
    fn restart(&self, device: Device, (request, on_end): (JsValue, OnEnd)) {
        let (run, state, worker) = (*self, self.state, self.worker);
        let started = state.with_untracked(|s| s.started_ms);
        let again = move || {
            let same_run = state.try_with_untracked(|s| s.is_running() && s.started_ms == started);
            if same_run == Some(true) {
                let _ = worker.try_set_value(None);
                run.launch(device, request, on_end);
            }
        };
        set_timeout(again, std::time::Duration::ZERO);
    }

    /// Stops the run now (the worker is terminated mid-step).
    pub fn cancel(&self) {
        self.worker.set_value(None);
        self.state.update(|s| s.cancel(clock::now_ms()));
    }

    /// Stops the run, if any, without a word (its page moved on).
    pub fn stop(&self) {
        let _ = self.worker.try_set_value(None);
    }

    /// Shows `message` as the run's failure (it could not start, or its result was unusable).
    pub fn fail(&self, message: String) {
        let _ = self.worker.try_set_value(None);
        let _ = self.state.try_update(|s| s.fail(message));
    }
}
