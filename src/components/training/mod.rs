//! Train and evaluate: choose inputs, split, weighting, seed and a classifier (or one of the
//! tutorials' presets), train it in a Web Worker with live progress and curves, then judge every
//! trained model side by side. The engine builds the jobs and computes every number; this module
//! wires signals to it.

use std::sync::Arc;

use fivesigma_engine::ml::evaluation::Evaluation;
use fivesigma_engine::ml::mlp::EpochRecord;
use fivesigma_engine::ml::record::remember;
use fivesigma_engine::ml::{
    JobEvent, ModelKind, PRESETS, Trained, TrainingData, TrainingSetup, Weighting, preset_spec,
};
use fivesigma_engine::view::{TrainView, kind_key};
use fivesigma_worker::protocol::Reply;
use leptos::prelude::*;

use crate::components::workspace::Analysis;
use crate::format;
use crate::services::training::{Running, WorkerKind};
use crate::services::{clock, compute, lab_models};

mod curves;
pub mod evaluate;
mod grid;
pub mod restore;
pub mod run;
mod settings;
mod views;

use curves::TrainingCurves;
use evaluate::EvaluatePanel;
use grid::GridSearchPanel;
use restore::{Restore, RestoreNotice, Restoring};
pub use run::ModelRecorder;
use settings::ModelSettings;

/// A model the student trained, with what it was trained on and how it did.
pub struct TrainedModel {
    /// "#1 Random forest", unique on the page.
    pub name: String,
    /// The settings it was trained with.
    pub setup: TrainingSetup,
    /// The events (physical weights) its split indexes into.
    pub data: Arc<TrainingData>,
    /// The worker's result.
    pub trained: Trained,
    /// Its scores judged with physical weights.
    pub evaluation: Evaluation,
    /// Its output for the dataset's real data events (after the same cuts), if it has any.
    pub data_scores: Option<Vec<f64>>,
    /// Where it trained ("CPU", "WebGPU").
    pub backend: String,
    /// Wall-clock training time, seconds.
    pub seconds: f64,
}

/// What the train button is doing.
#[derive(Debug, Clone, PartialEq, Default)]
enum RunState {
    #[default]
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    Failed(String),
    Cancelled,
}

/// The train panel and the evaluation of every model trained on this page.
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
    let running = StoredValue::new_local(None::<Running>);
    if let Some(memory) = memory {
        provide_context(ModelRecorder(Callback::new(move |record| {
            memory.update(|m| {
                remember(&mut m.models, record);
                // Not being able to store only means they will not come back.
                let _ = lab_models::save(m);
            });
        })));
        let records = memory.with_untracked(|m| m.models.clone());
        if !records.is_empty() {
            let restore = Restore {
                records: Arc::new(records),
                dataset: analysis.all.clone(),
                models,
                status,
                running,
                generation,
                started_in: 0,
            };
            // After the page has painted.
            set_timeout(move || restore.step(0), std::time::Duration::ZERO);
        }
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

/// The inputs a classifier starts with: the catalog's list where every name exists, else every
/// variable.
fn default_inputs(analysis: &Analysis) -> Vec<String> {
    let variables = analysis.dataset.variables();
    let listed: Vec<String> = analysis
        .dataset
        .catalog
        .inputs
        .iter()
        .filter(|i| variables.contains(i))
        .cloned()
        .collect();
    if listed.is_empty() { variables } else { listed }
}

/// The preset whose settings `setup` holds, if any.
fn matching_preset(setup: &TrainingSetup) -> Option<&'static str> {
    fivesigma_engine::view::matching_preset(&setup.spec, setup.inputs.len())
}

/// The settings, the train button with progress and curves, and the grid search.
#[component]
pub fn TrainPanel(
    /// The dataset, view and cuts.
    analysis: Analysis,
    /// Where trained models go (the evaluate panel reads them).
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// The settings to start with (a lesson's); default: the HSF forest on the catalog's inputs.
    #[prop(optional)]
    initial: Option<TrainingSetup>,
) -> impl IntoView {
    let heading_id = analysis.id("train-heading");
    let labelled_by = heading_id.clone();
    let variables = analysis.dataset.variables();
    let controls = analysis.controls.clone();
    let shows = move |name: &str| controls.shows(name);
    let default_setup = initial.unwrap_or_else(|| {
        let inputs = default_inputs(&analysis);
        let first_spec = preset_spec("hsf-forest", inputs.len())
            .unwrap_or_else(|| ModelKind::Forest.default_spec());
        TrainingSetup {
            inputs,
            test_fraction: 0.25,
            standardise: true,
            weighting: Weighting::Balanced,
            seed: 42,
            spec: first_spec,
        }
    });
    // A link's settings (model, seed, inputs…) over the defaults; changes go back into the view,
    // which the Lab mirrors in its URL.
    let lab_view = analysis.view;
    let setup =
        RwSignal::new(lab_view.with_untracked(|v| v.train.apply(&default_setup, &variables)));
    Effect::new(move |_| {
        let changes = setup.with(|s| TrainView::between(&default_setup, s));
        if lab_view.with_untracked(|v| v.train != changes) {
            lab_view.update(|v| v.train = changes);
        }
    });
    let state = RwSignal::new(RunState::Idle);
    let epochs = RwSignal::new(Vec::<EpochRecord>::new());
    let device = RwSignal::new(None::<(String, Option<String>)>);
    let started_ms = RwSignal::new(0.0_f64);
    let elapsed_s = RwSignal::new(0.0_f64);
    let running = StoredValue::new_local(None::<Running>);
    let probe = LocalResource::new(compute::probe);
    // None: automatic (WebGPU only on a real, non-software adapter).
    let chosen_backend = RwSignal::new(None::<WorkerKind>);
    let gpu_available = move || matches!(probe.get(), Some(compute::Backend::WebGpu { .. }));
    let backend = move || {
        chosen_backend.get().unwrap_or(match probe.get() {
            Some(compute::Backend::WebGpu {
                fallback: false, ..
            }) => WorkerKind::Gpu,
            _ => WorkerKind::Cpu,
        })
    };
    // "Trained on" describes the last run only while its settings are still the ones shown.
    Effect::new(move |_| {
        setup.track();
        chosen_backend.track();
        device.set(None);
    });
    let is_network = move || setup.with(|s| s.spec.kind() == ModelKind::Mlp);
    let is_running = move || matches!(state.get(), RunState::Running { .. });

    let finish = move || {
        running.set_value(None);
        elapsed_s.set((clock::now_ms() - started_ms.get_untracked()) / 1000.0);
    };
    let grid_analysis = analysis.clone();
    let dataset = analysis.dataset.clone();
    let cuts = analysis.cuts;
    let recorder = use_context::<ModelRecorder>();
    let train = move |_| {
        let current = setup.get_untracked();
        let applied_cuts = cuts.get_untracked().applied;
        let prepared = match run::prepare(&dataset, &applied_cuts, &current) {
            Ok(p) => Arc::new(p),
            Err(message) => {
                state.set(RunState::Failed(message));
                return;
            }
        };
        let kind = if current.spec.kind() == ModelKind::Mlp {
            backend()
        } else {
            WorkerKind::Cpu
        };
        epochs.set(Vec::new());
        device.set(None);
        state.set(RunState::Running { done: 0, total: 0 });
        started_ms.set(clock::now_ms());
        elapsed_s.set(0.0);
        let dataset = dataset.clone();
        let for_replies = prepared.clone();
        let on_reply = move |reply: Reply| match reply {
            Reply::Ready => {}
            Reply::Device { backend, note } => device.set(Some((backend, note))),
            Reply::Event(JobEvent::Progress { done, total }) => {
                elapsed_s.set((clock::now_ms() - started_ms.get_untracked()) / 1000.0);
                state.set(RunState::Running { done, total });
            }
            Reply::Event(JobEvent::Epoch(record)) => epochs.update(|e| e.push(record)),
            Reply::Event(JobEvent::Trained(trained)) => {
                finish();
                let provenance = run::Provenance {
                    backend: device
                        .get_untracked()
                        .map_or_else(|| "CPU".to_owned(), |d| d.0),
                    seconds: elapsed_s.get_untracked(),
                };
                let number = models.with_untracked(Vec::len) + 1;
                match run::judge(
                    &dataset,
                    &applied_cuts,
                    &for_replies,
                    &current,
                    *trained,
                    number,
                    provenance,
                ) {
                    Ok(model) => {
                        models.update(|m| m.push(Arc::new(model)));
                        if let Some(recorder) = recorder {
                            recorder
                                .0
                                .run(run::record(&dataset, &applied_cuts, &current));
                        }
                        state.set(RunState::Idle);
                    }
                    Err(message) => state.set(RunState::Failed(message)),
                }
            }
            Reply::Event(JobEvent::Failed(message)) => {
                finish();
                state.set(RunState::Failed(message));
            }
            Reply::Event(JobEvent::Cancelled) => {
                finish();
                state.set(RunState::Cancelled);
            }
            // Grid searches have their own panel; a training job never sends these.
            Reply::Event(JobEvent::Searched(_) | JobEvent::Candidate(_)) => {}
        };
        match prepared.start(kind, on_reply) {
            Ok(run) => running.set_value(Some(run)),
            Err(message) => state.set(RunState::Failed(message)),
        }
    };
    let cancel = move |_| {
        running.with_value(|r| {
            if let Some(r) = r {
                r.cancel();
            }
        });
        finish();
        state.set(RunState::Cancelled);
    };

    let preset_value = move || setup.with(|s| matching_preset(s).unwrap_or("custom"));
    let on_preset = move |ev| {
        let id = event_target_value(&ev);
        setup.update(|s| {
            if let Some(spec) = preset_spec(&id, s.inputs.len()) {
                s.spec = spec;
            }
        });
    };
    let on_kind = move |ev| {
        let key = event_target_value(&ev);
        if let Some(kind) = ModelKind::ALL.into_iter().find(|k| kind_key(*k) == key) {
            setup.update(|s| s.spec = kind.default_spec());
        }
    };
    let summary = move || {
        let id = preset_value();
        PRESETS
            .iter()
            .find(|p| p.id == id)
            .map(|p| view! { <p class="hint" data-testid="preset-summary">{p.summary}</p> })
    };
    let status = move || {
        match state.get() {
        RunState::Idle => {
            let seconds = elapsed_s.get();
            (seconds > 0.0).then(|| view! { <p class="hint" data-testid="train-status">{format!("Trained in {:.1} s.", seconds)}</p> }.into_any())
        }
        RunState::Running { done, total } => {
            let label = if total > 0 { format!("{done} of {total} steps") } else { "starting…".to_owned() };
            Some(view! {
                <div class="notice" role="status" data-testid="train-progress">
                    {format!("Training: {label} · {:.1} s", elapsed_s.get())}
                    <progress max=total.max(1) value=done.min(total.max(1))></progress>
                </div>
            }.into_any())
        }
        RunState::Failed(message) => Some(view! { <p class="error-box" role="alert" data-testid="train-error">{message}</p> }.into_any()),
        RunState::Cancelled => Some(view! { <p class="notice" data-testid="train-status">{format!("Cancelled after {:.1} s. Nothing was kept from this run.", elapsed_s.get())}</p> }.into_any()),
    }
    };
    let backend_note = move || {
        let used = device.get();
        let text = match (&used, backend()) {
            (Some((name, None)), _) => format!("Trained on: {name}"),
            (Some((name, Some(why))), _) => format!("Trained on: {name} ({why})"),
            (None, WorkerKind::Gpu) => "Will train on: WebGPU".to_owned(),
            (None, WorkerKind::Cpu) => "Will train on: CPU".to_owned(),
        };
        view! { <span class="backend-used" data-testid="train-backend">{text}</span> }
    };
    let input_choices = variables.iter().map(|name| {
        let name = name.clone();
        let checked = {
            let name = name.clone();
            move || setup.with(|s| s.inputs.contains(&name))
        };
        let toggle = {
            let name = name.clone();
            move |ev| {
                let on = event_target_checked(&ev);
                setup.update(|s| {
                    s.inputs.retain(|i| i != &name);
                    if on {
                        s.inputs.push(name.clone());
                    }
                });
            }
        };
        view! {
            <label class="pair-choice">
                <input type="checkbox" data-testid=format!("input-{name}") prop:checked=checked on:change=toggle />
                " " {name.clone()}
            </label>
        }
    }).collect_view();

    view! {
        <section class="panel" aria-labelledby=labelled_by data-testid="train-panel">
            <h2 id=heading_id>"Train a classifier"</h2>
            <p class="hint">
                "Signal and background events that pass the switched-on cuts are split into a training part and a test part. "
                "The classifier learns on the first and is judged on the second. Training runs in the background: the page stays responsive."
            </p>
            {shows("settings").then(|| view! {
            <h3 class="subhead">"Inputs"</h3>
            <div class="pair-choices" data-testid="input-choices">{input_choices}</div>
            <div class="controls">
                <label title="The tutorials' models, with their settings.">"Preset "
                    <select data-testid="preset" prop:value=preset_value on:change=on_preset>
                        {PRESETS.iter().map(|p| view! { <option value=p.id>{p.title}</option> }).collect_view()}
                        <option value="custom" disabled=true>"custom settings"</option>
                    </select>
                </label>
                <label>"Model "
                    <select data-testid="model-kind" prop:value=move || setup.with(|s| kind_key(s.spec.kind())) on:change=on_kind>
                        {ModelKind::ALL.iter().map(|k| view! { <option value=kind_key(*k)>{k.title()}</option> }).collect_view()}
                    </select>
                </label>
                <label title="The fraction of events kept for testing (train_test_split's test_size). The split keeps the signal fraction in both parts.">"test_size "
                    <input type="number" class="short" min="0.05" max="0.9" step="0.05" data-testid="test-fraction" prop:value=move || setup.with(|s| s.test_fraction.to_string())
                        on:change=move |ev| { if let Ok(x) = event_target_value(&ev).parse::<f64>() && x.is_finite() { setup.update(|s| s.test_fraction = x.clamp(0.05, 0.9)) } } />
                </label>
                <label title="Standardise each input to mean 0 and standard deviation 1 (StandardScaler, fitted on the training events only). Networks need it; trees do not care.">
                    <input type="checkbox" data-testid="standardise" prop:checked=move || setup.with(|s| s.standardise)
                        on:change=move |ev| { let on = event_target_checked(&ev); setup.update(|s| s.standardise = on) } />
                    " StandardScaler"
                </label>
                <label title="How the Monte-Carlo weights enter the training. Balanced: signal and background count equally in total, so a rare signal is not ignored. The evaluation always uses the physical weights.">"Weights "
                    <select data-testid="weighting" prop:value=move || setup.with(|s| match s.weighting { Weighting::Balanced => "balanced", Weighting::Event => "event", Weighting::Unweighted => "none" })
                        on:change=move |ev| { let k = event_target_value(&ev); setup.update(|s| s.weighting = match k.as_str() { "event" => Weighting::Event, "none" => Weighting::Unweighted, _ => Weighting::Balanced }) }>
                        <option value="balanced">"balanced per class"</option>
                        <option value="event">"event weights"</option>
                        <option value="none">"unweighted"</option>
                    </select>
                </label>
                <label title="random_state: the same seed gives the same split and the same model, on every computer.">"Seed "
                    <input type="number" class="short" step="1" min="0" data-testid="seed" prop:value=move || setup.with(|s| s.seed.to_string())
                        on:change=move |ev| { if let Ok(x) = event_target_value(&ev).trim().parse::<u64>() { setup.update(|s| s.seed = x) } } />
                </label>
            </div>
            {summary}
            <ModelSettings setup />
            })}
            <div class="controls train-actions">
                {shows("compute").then(|| view! {
                <Show when=is_network>
                    <label title="Where the network trains. WebGPU uses the graphics card when the browser offers one; the CPU always works.">"Compute "
                        <select data-testid="train-device" prop:value=move || if backend() == WorkerKind::Gpu { "gpu" } else { "cpu" }
                            on:change=move |ev| chosen_backend.set(Some(if event_target_value(&ev) == "gpu" { WorkerKind::Gpu } else { WorkerKind::Cpu }))>
                            <option value="cpu">"CPU (WebAssembly)"</option>
                            <option value="gpu" disabled=move || !gpu_available()>
                                {move || match probe.get() {
                                    Some(compute::Backend::WebGpu { fallback: true, .. }) => "WebGPU (software adapter: slow)",
                                    Some(compute::Backend::WebGpu { .. }) => "WebGPU",
                                    _ => "WebGPU (not available in this browser)",
                                }}
                            </option>
                        </select>
                    </label>
                    {backend_note}
                </Show>
                })}
                <button class="button" data-testid="train" disabled=is_running on:click=train>"Train"</button>
                <Show when=is_running>
                    <button class="button secondary" data-testid="cancel" on:click=cancel>"Cancel"</button>
                </Show>
            </div>
            {status}
            <TrainingCurves epochs />
            {shows("grid").then(|| view! { <GridSearchPanel analysis=grid_analysis setup /> })}
        </section>
    }
}

/// Seconds as the model list shows them.
pub fn seconds_text(seconds: f64) -> String {
    format!("{} s", format::significant(seconds, 3))
}
