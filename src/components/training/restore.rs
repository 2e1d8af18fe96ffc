//! Remembered models trained again after a reload (a lesson's, with its progress; the Lab's, per
//! shipped dataset): the same samples, cuts, settings and seed, one after the other on the CPU,
//! so that the evaluate views and a lesson's model tasks find them as the student left them.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::subset;
use fivesigma_engine::ml::JobEvent;
use fivesigma_engine::ml::ModelRecord;
use fivesigma_worker::protocol::Reply;
use leptos::prelude::*;

use crate::components::training::TrainedModel;
use crate::components::training::run::{self, Provenance};
use crate::components::workspace::check_cut;
use crate::services::clock;
use crate::services::training::{Running, WorkerKind};

/// Where the restoring stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Restoring {
    /// Training model `done + 1` of `total`.
    Training {
        /// Models restored so far.
        done: usize,
        /// Models to restore.
        total: usize,
    },
    /// A model could not be trained again (why); the ones before it are back.
    Failed(String),
}

/// Context for a lesson's widgets: whether remembered models are being trained again.
#[derive(Clone, Copy)]
pub struct RestoringModels(pub Signal<bool>);

/// What every step needs.
#[derive(Clone)]
pub struct Restore {
    /// The remembered models, oldest first.
    pub records: Arc<Vec<ModelRecord>>,
    /// The data (every sample the records may name).
    pub dataset: Arc<Dataset>,
    /// Where the models go.
    pub models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// Shown to the student.
    pub status: RwSignal<Option<Restoring>>,
    /// The worker of the model being trained (dropping it stops it).
    pub running: StoredValue<Option<Running>, LocalStorage>,
    /// Moved on by a reset, new data or "forget": the restoring stops.
    pub generation: RwSignal<u32>,
    /// Its value when the restoring started.
    pub started_in: u32,
}

impl Restore {
    /// Whether this restoring still applies: not reset, not replaced, its page still there
    /// (signals of a page that is gone read as `None`).
    fn current(&self) -> bool {
        self.generation.try_get_untracked() == Some(self.started_in)
    }

    /// Trains record `i` again, then the next ones (each in a new task).
    pub fn step(self, i: usize) {
        if !self.current() {
            let _ = self.running.try_set_value(None);
            return;
        }
        let total = self.records.len();
        let Some(record) = self.records.get(i).cloned() else {
            let _ = self.running.try_set_value(None);
            let _ = self.status.try_set(None);
            return;
        };
        self.status
            .set(Some(Restoring::Training { done: i, total }));
        let fail = {
            let status = self.status;
            move |why: String| {
                let _ = status.try_set(Some(Restoring::Failed(format!(
                    "Model {} of {total} from before the reload could not be trained again: {why}. Train it again with the train panel.",
                    i + 1
                ))));
            }
        };
        let prepared = subset(&self.dataset, &record.samples)
            .map_err(|e| e.to_string())
            .and_then(|data| {
                let cuts = record
                    .cuts
                    .iter()
                    .map(|c| check_cut(c, &data))
                    .collect::<Result<Vec<_>, _>>()?;
                let prepared = run::prepare(&data, &cuts, &record.setup)?;
                Ok((Arc::new(data), cuts, Arc::new(prepared)))
            });
        let (data, cuts, prepared) = match prepared {
            Ok(p) => p,
            Err(why) => return fail(why),
        };
        let started_ms = clock::now_ms();
        let this = self.clone();
        let for_replies = prepared.clone();
        let on_reply = move |reply: Reply| match reply {
            Reply::Event(JobEvent::Trained(trained)) => {
                if !this.current() {
                    return;
                }
                let provenance = Provenance {
                    backend: "CPU".into(),
                    seconds: (clock::now_ms() - started_ms) / 1000.0,
                };
                let number = this.models.try_with_untracked(Vec::len).unwrap_or(0) + 1;
                match run::judge(
                    &data,
                    &cuts,
                    &for_replies,
                    &record.setup,
                    *trained,
                    number,
                    provenance,
                ) {
                    Ok(model) => {
                        let _ = this.models.try_update(|m| m.push(Arc::new(model)));
                        let next = this.clone();
                        // The worker that sent this reply is dropped by the next step, outside
                        // of its own message handler.
                        set_timeout(move || next.step(i + 1), std::time::Duration::ZERO);
                    }
                    Err(why) => fail(why),
                }
            }
            Reply::Event(JobEvent::Failed(why)) => fail(why),
            _ => {}
        };
        match prepared.start(WorkerKind::Cpu, on_reply) {
            Ok(running) => {
                let _ = self.running.try_set_value(Some(running));
            }
            Err(why) => fail(why),
        }
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
            Restoring::Training { done, total } => {
                let what = if total == 1 {
                    "the model".to_owned()
                } else {
                    format!("the {total} models")
                };
                view! {
                    <p class="notice" role="status" data-testid="models-restoring" data-done=done data-total=total>
                        {format!("Training again {what} you trained before (same settings and seed): {} of {total}…", done + 1)}
                    </p>
                }
                .into_any()
            }
            Restoring::Failed(why) => {
                view! { <p class="error-box" role="alert" data-testid="models-restoring-failed">{why}</p> }
                    .into_any()
            }
        })
    }
}
