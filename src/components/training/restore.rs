//! Remembered models trained again after a reload (a lesson's, with its progress; the Lab's, per
//! shipped dataset): the same samples, cuts, settings and seed, one after the other on the CPU,
//! so that the evaluate views and a lesson's model tasks find them as the student left them.
//! What each one needs and what a failure says are the engine's (`state::training`).

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::ModelRecord;
use fivesigma_engine::state::training::{Provenance, Restoring, judge, restorable};
use fivesigma_engine::state::{Device, Outcome, TrainedModel};
use leptos::prelude::*;

use crate::services::run::Run;

/// Context for a lesson's widgets: whether remembered models are being trained again.
#[derive(Clone, Copy)]
pub struct RestoringModels(pub Signal<bool>);

/// A remembered model, the dataset whose samples it names, and the list it goes back into.
pub type RestoreTarget = (ModelRecord, Arc<Dataset>, RwSignal<Vec<Arc<TrainedModel>>>);

/// What every step needs.
#[derive(Clone)]
struct Restore {
    run: Run,
    /// The remembered models, oldest first, each with its data and its list.
    targets: Arc<Vec<RestoreTarget>>,
    status: RwSignal<Option<Restoring>>,
    /// Moved on by a reset, new data or "forget": the restoring stops.
    generation: RwSignal<u32>,
    /// Its value when the restoring started.
    started_in: u32,
}

/// Trains every target's record again on its dataset's samples into its list, one after the
/// other in `run`, telling `status`; stops when `generation` moves on.
pub fn restore_models(
    run: Run,
    targets: Vec<RestoreTarget>,
    status: RwSignal<Option<Restoring>>,
    generation: RwSignal<u32>,
) {
    let Some(started_in) = generation.try_get_untracked() else {
        return;
    };
    if targets.is_empty() {
        return;
    }
    Restore {
        run,
        targets: Arc::new(targets),
        status,
        generation,
        started_in,
    }
    .step(0);
}

impl Restore {
    /// Whether this restoring still applies: not reset, not replaced, its page still there
    /// (signals of a page that is gone read as `None`).
    fn current(&self) -> bool {
        self.generation.try_get_untracked() == Some(self.started_in)
    }

    fn fail(&self, i: usize, why: &str) {
        let total = self.targets.len();
        let _ = self.status.try_set(Some(Restoring::failed(i, total, why)));
    }

    /// Trains record `i` again, then the next ones (each in a new task).
    fn step(self, i: usize) {
        if !self.current() {
            self.run.stop();
            return;
        }
        let total = self.targets.len();
        let Some((record, all, models)) = self.targets.get(i).cloned() else {
            let _ = self.status.try_set(None);
            return;
        };
        let _ = self
            .status
            .try_set(Some(Restoring::Training { done: i, total }));
        let ready = match restorable(&all, &record) {
            Ok(r) => Arc::new(r),
            Err(e) => return self.fail(i, &e.to_string()),
        };
        let this = self.clone();
        let job = ready.clone();
        let on_end = move |outcome: Outcome, state: &fivesigma_engine::state::RunState| {
            if !this.current() {
                return;
            }
            let trained = match outcome {
                Outcome::Trained(trained) => trained,
                Outcome::Failed(why) => return this.fail(i, &why),
                Outcome::Searched(_) => return,
            };
            let number = models.try_with_untracked(Vec::len).unwrap_or(0) + 1;
            let provenance = Provenance {
                device: Device::Cpu,
                seconds: state.elapsed_s,
            };
            let r = &ready;
            let judged = judge(
                &r.dataset,
                &r.cuts,
                &r.prepared,
                &record.setup,
                *trained,
                number,
                provenance,
            );
            match judged.and_then(|m| m.as_remembered(&record)) {
                Ok(model) => {
                    let _ = models.try_update(|m| m.push(Arc::new(model)));
                    let next = this.clone();
                    set_timeout(move || next.step(i + 1), std::time::Duration::ZERO);
                }
                Err(e) => this.fail(i, &e.to_string()),
            }
        };
        self.run.start(
            Device::Cpu,
            &job.prepared.plan,
            job.prepared.events(),
            on_end,
        );
    }
}

/// The notice while remembered models are trained again, or why one could not be.
#[component]
pub fn RestoreNotice(
    /// Where the restoring stands (`None`: nothing to say).
    status: RwSignal<Option<Restoring>>,
) -> impl IntoView {
    move || {
        status.get().map(|r| match r {
            Restoring::Training { done, total } => view! {
                <p class="notice" role="status" data-testid="models-restoring" data-done=done data-total=total>
                    {Restoring::Training { done, total }.text()}
                </p>
            }
            .into_any(),
            Restoring::Failed(why) => {
                view! { <p class="error-box" role="alert" data-testid="models-restoring-failed">{why}</p> }
                    .into_any()
            }
        })
    }
}
