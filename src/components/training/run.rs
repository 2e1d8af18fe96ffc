//! One training, from the page's samples and cuts to a judged model. Shared by the train panel
//! (which adds progress, curves and Cancel) and by a lesson training again, after a reload, the
//! models it remembers — so both build the same events and name and judge models the same way.

use std::sync::Arc;

use fivesigma_engine::analysis::CutExpr;
use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::ModelRecord;
use fivesigma_engine::ml::evaluation::{Evaluation, apply_to_data};
use fivesigma_engine::ml::{Job, MissingValues, Plan, Trained, TrainingData, TrainingSetup};
use fivesigma_worker::protocol::Reply;
use leptos::prelude::*;

use super::{TrainedModel, matching_preset};
use crate::services::training::{self, Running, WorkerKind};

/// The events and the worker's job for one training.
pub struct Prepared {
    /// The events (physical weights) the model's split indexes into.
    pub data: Arc<TrainingData>,
    job: Job,
    plan: Plan,
}

/// The events of `dataset` passing `cuts`, with `setup`'s inputs, and the job that trains on them
/// (training weights applied). Fails with a message a student can act on.
pub fn prepare(
    dataset: &Dataset,
    cuts: &[CutExpr],
    setup: &TrainingSetup,
) -> Result<Prepared, String> {
    let data = TrainingData::from_dataset(dataset, &setup.inputs, cuts, MissingValues::Drop)
        .map_err(|e| e.to_string())?;
    let job = setup.job(&data).map_err(|e| e.to_string())?;
    Ok(Prepared {
        data: Arc::new(data),
        job,
        plan: setup.plan(),
    })
}

impl Prepared {
    /// Starts the job in a worker of `kind`; every reply goes to `on_reply`.
    pub fn start(
        &self,
        kind: WorkerKind,
        on_reply: impl Fn(Reply) + 'static,
    ) -> Result<Running, String> {
        let events = match &self.job {
            Job::Train { data, .. } | Job::GridSearch { data, .. } => data,
        };
        training::start(kind, &self.plan, events, on_reply)
    }
}

/// Where and how long a model trained.
pub struct Provenance {
    /// "CPU", "WebGPU".
    pub backend: String,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The worker's `trained` model judged on its events, with its output on the dataset's data
/// events (after the same cuts), named "#`number` <kind> (<preset>)".
pub fn judge(
    dataset: &Dataset,
    cuts: &[CutExpr],
    prepared: &Prepared,
    setup: &TrainingSetup,
    trained: Trained,
    number: usize,
    provenance: Provenance,
) -> Result<TrainedModel, String> {
    let evaluation = Evaluation::new(&prepared.data, &trained).map_err(|e| e.to_string())?;
    let data_scores =
        apply_to_data(dataset, &trained, &setup.inputs, cuts).map_err(|e| e.to_string())?;
    let preset = matching_preset(setup)
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    Ok(TrainedModel {
        name: format!("#{number} {}{preset}", setup.spec.kind().title()),
        setup: setup.clone(),
        data: prepared.data.clone(),
        trained,
        evaluation,
        data_scores,
        backend: provenance.backend,
        seconds: provenance.seconds,
    })
}

/// What a lesson remembers of a model trained on `dataset`'s samples after `cuts`.
pub fn record(dataset: &Dataset, cuts: &[CutExpr], setup: &TrainingSetup) -> ModelRecord {
    ModelRecord {
        samples: dataset
            .samples
            .iter()
            .map(|s| s.spec.name.clone())
            .collect(),
        cuts: cuts.iter().map(|c| c.text().to_owned()).collect(),
        setup: setup.clone(),
    }
}

/// Provided by a lesson: told of every model trained on its page, so that it can remember it.
#[derive(Clone, Copy)]
pub struct ModelRecorder(pub Callback<ModelRecord>);
