//! Train and evaluate: choose inputs, split, weighting, seed and a classifier (or one of the
//! tutorials' presets), train it in a Web Worker with live progress and curves, then judge every
//! trained model side by side. The engine's state layer (`fivesigma_engine::state`) prepares
//! every job, reads every reply and judges every model; the `Run` service owns the worker; these
//! components wire signals to them and draw.

use std::sync::Arc;

use fivesigma_engine::ml::ModelRecord;
use fivesigma_engine::ml::record::remember;
use fivesigma_engine::state::training::Restoring;
use leptos::prelude::*;

use crate::components::Analysis;
use crate::format;
use crate::services::lab_models;
use crate::services::run::Run;

mod controls;
mod curves;
pub mod evaluate;
mod grid;
mod panel;
pub mod restore;
mod settings;
mod views;

use evaluate::EvaluatePanel;
pub use fivesigma_engine::state::TrainedModel;
pub use panel::TrainPanel;
use restore::{RestoreNotice, restore_models};

/// Provided by a lesson or the Lab: told of every model trained on its page, so that it can
/// remember it.
#[derive(Clone, Copy)]
pub struct ModelRecorder(pub Callback<ModelRecord>);

/// The Lab's train panel and the evaluation of every model trained on this page.
#[component]
pub fn TrainSection(
    /// The workspace's dataset, view and cuts.
    analysis: Analysis,
) -> impl IntoView {
    let models = RwSignal::new(Vec::<Arc<TrainedModel>>::new());
    // On a shipped dataset the models trained here are remembered in the browser and trained
    // again when the student comes back (a student's own files are not kept, so neither are
    // models trained on them).
    let memory = analysis
        .view
        .with_untracked(|v| v.dataset.clone())
        .map(|id| RwSignal::new(lab_models::load(&id)));
    let status = RwSignal::new(None::<Restoring>);
    let generation = RwSignal::new(0_u32);
    let restoring = Run::new();
    if let Some(memory) = memory {
        provide_context(ModelRecorder(Callback::new(move |record| {
            memory.update(|m| {
                remember(&mut m.models, record);
                // Not being able to store only means they will not come back.
                let _ = lab_models::save(m);
            });
        })));
        let records = memory.with_untracked(|m| m.models.clone());
        let all = analysis.all.clone();
        // After the page has painted.
        set_timeout(
            move || restore_models(restoring, records, all, models, status, generation),
            std::time::Duration::ZERO,
        );
    }
    let forget = move |_| {
        if let Some(memory) = memory {
            lab_models::forget(&memory.with_untracked(|m| m.dataset.clone()));
            memory.update(|m| m.models.clear());
            generation.update(|g| *g += 1);
            status.set(None);
        }
    };
    let remembered = move || memory.is_some_and(|m| m.with(|m| !m.models.is_empty()));
    view! {
        <RestoreNotice status />
        <TrainPanel analysis=analysis.clone() models />
        <Show when=remembered>
            <p class="hint remembered" data-testid="models-remembered">
                "The models you train on this dataset are kept in this browser and trained again when you come back. "
                <button class="button secondary small" data-testid="forget-models" on:click=forget>"Forget them"</button>
            </p>
        </Show>
        <EvaluatePanel analysis models />
    }
}

/// Seconds as the model list shows them.
pub fn seconds_text(seconds: f64) -> String {
    format!("{} s", format::significant(seconds, 3))
}
