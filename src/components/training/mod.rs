//! Train and evaluate: choose inputs, split, weighting, seed and a classifier (or one of the
//! tutorials' presets), train it in a Web Worker with live progress and curves, then judge every
//! trained model side by side. The engine's state layer (`fivesigma_engine::state`) prepares
//! every job, reads every reply and judges every model; the `Run` service owns the worker; these
//! components wire signals to them and draw.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::record::{mark_revealed, remember};
use fivesigma_engine::ml::{ModelRecord, RememberedModels};
use fivesigma_engine::state::training::Restoring;
use leptos::prelude::*;

use crate::components::Analysis;
use crate::format;
use crate::services::lab_models;
use crate::services::run::Run;

mod challenge;
mod controls;
mod curves;
pub mod evaluate;
mod grid;
mod judging;
mod panel;
mod python_tabs;
pub mod restore;
mod settings;
mod views;

use evaluate::EvaluatePanel;
pub use fivesigma_engine::state::TrainedModel;
pub use panel::TrainPanel;
use restore::{RestoreNotice, restore_models};

/// Provided by a lesson or the Lab: told of every model trained on its page, so that it can
/// remember it, and of every sealed test part the student looks at.
#[derive(Clone, Copy)]
pub struct ModelRecorder {
    /// A model was trained: remember it.
    pub trained: Callback<ModelRecord>,
    /// The student looked at the test part of the model this record describes.
    pub test_revealed: Callback<ModelRecord>,
}

/// The Lab's models: trained on this page, remembered in the browser (on a shipped dataset) and
/// trained again when the student comes back. Made once per page, so that redrawing the panels
/// on other samples keeps them.
#[derive(Clone, Copy)]
pub struct LabModels {
    /// Every model trained (or restored) on this page.
    pub models: RwSignal<Vec<Arc<TrainedModel>>>,
    memory: Option<RwSignal<RememberedModels>>,
    status: RwSignal<Option<Restoring>>,
    generation: RwSignal<u32>,
}

impl LabModels {
    /// The models of the dataset `all` (`dataset`: its shipped id; a student's own files are not
    /// kept, so neither are models trained on them). Restoring starts after the page has painted.
    pub fn new(all: Arc<Dataset>, dataset: Option<String>) -> Self {
        let lab = Self {
            models: RwSignal::new(Vec::new()),
            memory: dataset.map(|id| RwSignal::new(lab_models::load(&id))),
            status: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        if let Some(memory) = lab.memory {
            // Not being able to store only means they will not come back as they were.
            provide_context(ModelRecorder {
                trained: Callback::new(move |record| {
                    memory.update(|m| {
                        remember(&mut m.models, record);
                        let _ = lab_models::save(m);
                    });
                }),
                test_revealed: Callback::new(move |record: ModelRecord| {
                    memory.update(|m| {
                        if mark_revealed(&mut m.models, &record) {
                            let _ = lab_models::save(m);
                        }
                    });
                }),
            });
            let records = memory.with_untracked(|m| m.models.clone());
            let (restoring, models, status, generation) =
                (Run::new(), lab.models, lab.status, lab.generation);
            set_timeout(
                move || {
                    let targets = records
                        .into_iter()
                        .map(|r| (r, all.clone(), models))
                        .collect();
                    restore_models(restoring, targets, status, generation);
                },
                std::time::Duration::ZERO,
            );
        }
        lab
    }
}

/// The Lab's train panel and the evaluation of every model trained on this page.
#[component]
pub fn TrainSection(
    /// The workspace's dataset, view and cuts.
    analysis: Analysis,
    /// The page's models.
    lab: LabModels,
) -> impl IntoView {
    let LabModels {
        models,
        memory,
        status,
        generation,
    } = lab;
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
