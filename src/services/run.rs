//! One run in a training worker — a training, a grid search, or a remembered model trained again —
//! from the button to the result. The one place that starts a worker for a panel, feeds its
//! replies to the engine's [`RunState`], cancels it and stops it once the run has ended.
//!
//! The decisions (what the replies mean, when the run is over) are the engine's
//! (`fivesigma_engine::state::run`); this module owns the worker and the signal the panel reads.

use std::cell::RefCell;
use std::rc::Rc;

use fivesigma_engine::ml::{Plan, TrainingEvents};
use fivesigma_engine::state::pool::{Order, Pool, pool_size};
use fivesigma_engine::state::{Device, Next, Outcome, Reply, RunState};
use leptos::prelude::*;

use super::clock;
use super::pool::{WorkerChoice, cores};
use super::training::{self, Running};

/// What hears a run's result.
type OnEnd = Rc<dyn Fn(Outcome, &RunState)>;

/// A run's plan and its events (kept to start it again on the CPU if the GPU fails).
type Job = (Plan, TrainingEvents);

/// A panel's run: its state (for drawing) and its workers.
#[derive(Clone, Copy)]
pub struct Run {
    /// What the page shows: phase, progress, curves, rows, device, time.
    pub state: RwSignal<RunState>,
    /// The run's workers: one, or a pool's (dropping them stops them).
    workers: StoredValue<Vec<Running>, LocalStorage>,
    /// The student's number of workers (`None`: one per core).
    chosen: RwSignal<Option<usize>>,
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
            workers: StoredValue::new_local(Vec::new()),
            chosen: WorkerChoice::get(),
        }
    }

    /// Whether the run is going (tracked).
    pub fn is_running(&self) -> bool {
        self.state.with(RunState::is_running)
    }

    /// Shows a run begun on `device` before its job is ready (its events are being prepared):
    /// the panel shows it going, and the student can cancel it. The answer says whether it is
    /// still the run going — not cancelled, failed or replaced, the page not gone.
    pub fn begin(&self, device: Device) -> impl Fn() -> bool + Clone + 'static {
        let _ = self.workers.try_set_value(Vec::new());
        let begun = RunState::started_on(clock::now_ms(), device);
        let started = begun.started_ms;
        let _ = self.state.try_set(begun);
        let state = self.state;
        move || same_run(state, started)
    }

    /// Starts `plan` on `events` in a new worker for `device`, or shared among a pool of CPU
    /// workers when the engine's `Pool` says it is worth it (a forest's trees, a grid search's
    /// cells, a model's permutation importances); a run still going is stopped first. `on_end`
    /// hears the run's result once, in a task of its own — a model, a search, or why it failed —
    /// with the run's state at that moment; a cancelled run hears nothing. A WebGPU run whose GPU fails mid-way starts again
    /// on the CPU (the state says so).
    pub fn start(
        &self,
        device: Device,
        plan: &Plan,
        events: &TrainingEvents,
        on_end: impl Fn(Outcome, &RunState) + 'static,
    ) {
        let size = pool_size(cores(), self.chosen.get_untracked(), events.bytes());
        let pool = (device == Device::Cpu)
            .then(|| Pool::of(plan, size, events.data().features.columns.len()))
            .flatten();
        let started = RunState {
            workers: pool.as_ref().map_or(1, Pool::workers),
            ..RunState::started_on(clock::now_ms(), device)
        };
        // A page already gone (a lesson reset or left while a run was queued) starts nothing.
        if self.workers.try_set_value(Vec::new()).is_some() || self.state.try_set(started).is_some()
        {
            return;
        }
        match pool {
            Some(pool) => self.launch_pool(pool, events.clone(), Rc::new(on_end)),
            None => self.launch(device, (plan.clone(), events.clone()), Rc::new(on_end)),
        }
    }

    /// Sends the job to a new worker for `device` and feeds its replies to the state.
    fn launch(&self, device: Device, job: Job, on_end: OnEnd) {
        let run = *self;
        let again = (job.clone(), on_end.clone());
        let on_reply = move |reply| {
            if let Some(device) = run.hear(reply, &on_end) {
                run.restart(device, again.clone());
            }
        };
        match training::start(device, &job.0, job.1, on_reply) {
            // Dropped (the worker stopped) if the page went meanwhile.
            Ok(running) => drop(self.workers.try_set_value(vec![running])),
            Err(message) => self.fail(message),
        }
    }

    /// Starts the pool's workers and follows its orders: each worker's replies go to the pool,
    /// which posts the next pieces and tells the state what one worker would have said.
    fn launch_pool(&self, pool: Pool, events: TrainingEvents, on_end: OnEnd) {
        let run = *self;
        let count = pool.workers();
        let pool = Rc::new(RefCell::new(pool));
        let mut started = Vec::with_capacity(count);
        for worker in 0..count {
            let (pool, events, on_end) = (pool.clone(), events.clone(), on_end.clone());
            let on_reply = move |reply| {
                let orders = pool.borrow_mut().on_reply(worker, reply);
                for order in orders {
                    run.follow(order, &events, &on_end);
                }
            };
            match training::spawn(Device::Cpu, on_reply) {
                Ok(running) => started.push(running),
                Err(message) => return self.fail(message),
            }
        }
        drop(self.workers.try_set_value(started));
    }

    fn follow(&self, order: Order, events: &TrainingEvents, on_end: &OnEnd) {
        match order {
            Order::Post {
                worker,
                plan,
                events: with_events,
            } => {
                let events = with_events.then(|| events.clone());
                let _ = self.workers.try_with_value(|workers| {
                    if let Some(w) = workers.get(worker) {
                        w.send(&plan, events);
                    }
                });
            }
            Order::Load { worker } => {
                let _ = self.workers.try_with_value(|workers| {
                    if let Some(w) = workers.get(worker) {
                        w.load(events.clone());
                    }
                });
            }
            // Only a network on the GPU restarts, and a pool trains on the CPU.
            Order::Tell(reply) => drop(self.hear(reply, on_end)),
        }
    }

    /// Hands `reply` to the state; at the run's end stops its workers and calls `on_end` in a
    /// task of its own. A device to start again on when the GPU failed.
    fn hear(&self, reply: Reply, on_end: &OnEnd) -> Option<Device> {
        // A page that is gone (signals disposed) takes no more replies.
        let next = self
            .state
            .try_update(|s| s.on_reply(reply, clock::now_ms()))?;
        let outcome = match next {
            Next::Wait => return None,
            Next::End(outcome) => outcome,
            Next::Restart(device) => return Some(device),
        };
        // The run is over: stop its workers (wasm-bindgen keeps the handler running this alive
        // until it returns).
        let _ = self.workers.try_set_value(Vec::new());
        // The result is used in a task of its own: this one has drawn the run's end.
        if let Some(now) = self.state.try_get_untracked() {
            let on_end = on_end.clone();
            set_timeout(move || on_end(outcome, &now), std::time::Duration::ZERO);
        }
        None
    }

    /// Starts the run again on `device` in a task of its own (the current one is the failed
    /// worker's handler), unless the student has cancelled or started another run since.
    fn restart(&self, device: Device, (job, on_end): (Job, OnEnd)) {
        let (run, state, workers) = (*self, self.state, self.workers);
        let started = state.with_untracked(|s| s.started_ms);
        let again = move || {
            if same_run(state, started) {
                let _ = workers.try_set_value(Vec::new());
                run.launch(device, job, on_end);
            }
        };
        set_timeout(again, std::time::Duration::ZERO);
    }

    /// Stops the run now (the workers are terminated mid-step).
    pub fn cancel(&self) {
        self.workers.set_value(Vec::new());
        self.state.update(|s| s.cancel(clock::now_ms()));
    }

    /// Stops the run, if any, without a word (its page moved on).
    pub fn stop(&self) {
        let _ = self.workers.try_set_value(Vec::new());
    }

    /// Shows `message` as the run's failure (it could not start, or its result was unusable).
    pub fn fail(&self, message: String) {
        let _ = self.workers.try_set_value(Vec::new());
        let _ = self.state.try_update(|s| s.fail(message));
    }
}

/// Whether the run that started at `started` ms is still going (the page not gone).
fn same_run(state: RwSignal<RunState>, started: f64) -> bool {
    state.try_with_untracked(|s| s.is_running() && s.started_ms == started) == Some(true)
}
