//! The train panel: the settings (their defaults and their link are the engine's), the train
//! button with progress, curves and Cancel, where a network trains, and the grid search.

use std::sync::Arc;

use fivesigma_engine::analysis::CutExpr;
use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::{MissingValues, TrainingSetup};
use fivesigma_engine::state::grid::GridForm;
use fivesigma_engine::state::mapping::left_out_note;
use fivesigma_engine::state::training::{self, Prepared, Provenance, judge, record};
use fivesigma_engine::state::{Device, Outcome, Phase, RunState, TrainedModel, device_for};
use fivesigma_engine::view::{LabView, TrainView};
use leptos::prelude::*;

use super::ModelRecorder;
use super::controls::{ComputeChoice, SetupControls, WeightingChoice};
use super::curves::TrainingCurves;
use super::grid::GridSearchPanel;
use crate::components::PythonCode;
use crate::components::analysis::{Analysis, Panel};
use crate::services::run::Run;
use crate::services::{compute, preparation};

/// The settings shown: a link's changes over `default`; every change goes back into the view,
/// which the Lab mirrors in its URL.
fn linked_setup(
    view: RwSignal<LabView>,
    default: TrainingSetup,
    variables: &[String],
) -> RwSignal<TrainingSetup> {
    let setup = RwSignal::new(view.with_untracked(|v| v.train.apply(&default, variables)));
    Effect::new(move |_| {
        let changes = setup.with(|s| TrainView::between(&default, s));
        if view.with_untracked(|v| v.train != changes) {
            view.update(|v| v.train = changes);
        }
    });
    setup
}

/// What the train button does: prepare the job from the settings and the switched-on cuts, run
/// it, judge the model it gives and tell the page's recorder.
fn train_action(
    analysis: &Analysis,
    setup: RwSignal<TrainingSetup>,
    device: Signal<Device>,
    run: Run,
    models: RwSignal<Vec<Arc<TrainedModel>>>,
) -> impl Fn() + Clone + use<> {
    let dataset = analysis.dataset.clone();
    let cuts = analysis.cuts;
    let recorder = use_context::<ModelRecorder>();
    move || {
        let training = Training {
            dataset: dataset.clone(),
            cuts: cuts.get_untracked().applied,
            setup: setup.get_untracked(),
            device: device.get_untracked(),
            run,
            models,
            recorder,
        };
        // The events are gathered a column per task while the run shows as begun (10⁶ events
        // would hold the page for a tenth of a second in one).
        let wanted = run.begin(training.device);
        let (dataset, cuts, setup) = (
            training.dataset.clone(),
            training.cuts.clone(),
            training.setup.clone(),
        );
        preparation::prepare(
            &dataset,
            &cuts,
            &setup,
            wanted,
            move |prepared| match prepared {
                Ok(prepared) => training.start(prepared),
                Err(message) => run.fail(message),
            },
        );
    }
}

/// One press of the train button: what it trains on, where, and who hears of the model.
struct Training {
    dataset: Arc<Dataset>,
    cuts: Vec<CutExpr>,
    setup: TrainingSetup,
    device: Device,
    run: Run,
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    recorder: Option<ModelRecorder>,
}

impl Training {
    /// Trains `prepared` and, when a model comes back, judges it, numbers it among the page's
    /// models and tells the recorder.
    fn start(self, prepared: Arc<Prepared>) {
        let Self {
            dataset,
            cuts: applied,
            setup: current,
            device,
            run,
            models,
            recorder,
        } = self;
        let job = prepared.clone();
        let on_end = move |outcome: Outcome, state: &RunState| {
            // Failures are the run's to show.
            let Outcome::Trained(trained) = outcome else {
                return;
            };
            let provenance = Provenance {
                device: state.device_used(),
                seconds: state.elapsed_s,
            };
            let Some(number) = models.try_with_untracked(Vec::len).map(|n| n + 1) else {
                return; // the page is gone
            };
            match judge(
                &dataset, &applied, &job, &current, *trained, number, provenance,
            ) {
                Ok(model) => {
                    if let Some(recorder) = recorder {
                        recorder.trained.run(record(&dataset, &applied, &current));
                    }
                    // Judging took this task; the evaluate views redraw in the next one, so the
                    // page never stalls for both at once.
                    let model = Arc::new(model);
                    set_timeout(
                        move || {
                            let _ = models.try_update(|m| m.push(model));
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(e) => run.fail(e.to_string()),
            }
        };
        run.start(device, &prepared.plan, prepared.events(), on_end);
    }
}

/// Progress while training, then how it ended.
#[component]
fn RunStatus(state: RwSignal<RunState>) -> impl IntoView {
    let fallback = move || {
        state.with(|s| s.fallback.clone()).map(|text| {
            view! { <p class="notice" role="status" data-testid="train-fallback">{text}</p> }
        })
    };
    let phase = move || {
        state.with(|s| match &s.phase {
            Phase::Running { done, total } => {
                let (done, total) = (*done, *total);
                Some(view! {
                    <div class="notice" role="status" data-testid="train-progress">
                        {format!("Training: {} · {:.1} s", s.progress_text(), s.elapsed_s)}
                        <progress max=total.max(1) value=done.min(total.max(1))></progress>
                    </div>
                }.into_any())
            }
            Phase::Failed(message) => Some(
                view! { <p class="error-box" role="alert" data-testid="train-error">{message.clone()}</p> }
                    .into_any(),
            ),
            Phase::Cancelled => s.training_summary().map(|text| {
                view! { <p class="notice" data-testid="train-status">{text}</p> }.into_any()
            }),
            Phase::Finished => s.training_summary().map(|text| {
                view! { <p class="hint" data-testid="train-status">{text}</p> }.into_any()
            }),
            Phase::Idle => None,
        })
    };
    view! { {fallback} {phase} }
}

/// The settings, the train button with progress and curves, and the grid search.
#[component]
pub fn TrainPanel(
    /// The dataset, view and cuts.
    analysis: Analysis,
    /// Where trained models go (the evaluate panel reads them).
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// The settings to start with (a lesson's); default: the Lab's (`state::training::lab_setup`).
    #[prop(optional)]
    initial: Option<TrainingSetup>,
    /// The grid search a lesson sets.
    #[prop(optional)]
    grid: Option<GridForm>,
) -> impl IntoView {
    let Panel {
        heading_id,
        labelled_by,
        shows,
        ..
    } = analysis.panel("train-heading");
    let variables = analysis.dataset.variables();
    let default = initial.unwrap_or_else(|| training::lab_setup(&analysis.dataset));
    let setup = linked_setup(analysis.view, default, &variables);
    let run = Run::new();
    let offer = compute::offer();
    // None: automatic (WebGPU only on a real, non-software adapter).
    let chosen = RwSignal::new(None::<Device>);
    let device = Signal::derive(move || {
        let kind = setup.with(|s| s.spec.kind());
        offer.with(|o| device_for(kind, o.as_ref(), chosen.get()))
    });
    // "Trained on" describes the last run only while its settings are still the ones shown.
    Effect::new(move |_| {
        setup.track();
        chosen.track();
        run.state.update_untracked(|s| s.device = None);
        run.state.notify();
    });
    let train = train_action(&analysis, setup, device, run, models);
    // Events that training will leave out for a missing input, said before the student trains.
    let missing_note = {
        let (dataset, cuts) = (analysis.dataset.clone(), analysis.cuts);
        // Counted again only when the inputs or the cuts change (not at every other setting).
        let inputs = Memo::new(move |_| setup.with(|s| s.inputs.clone()));
        let missing = Memo::new(move |_| setup.with(|s| s.missing_values()));
        Memo::new(move |_| {
            let applied = cuts.with(|c| c.applied.clone());
            inputs.with(|i| training::missing_inputs_note(&dataset, &applied, i, missing.get()))
        })
    };
    let negative_note = {
        let (dataset, cuts) = (analysis.dataset.clone(), analysis.cuts);
        Memo::new(move |_| {
            let applied = cuts.with(|c| c.applied.clone());
            setup.with(|s| training::negative_weights_note(&dataset, &applied, s))
        })
    };
    let is_running = move || run.is_running();
    let has_source = analysis.source.is_some();
    let python = analysis.python(move |lab| {
        let last = models.with(|m| m.last().map(|m| m.name.clone()));
        setup.with(|s| lab.training_snippet(s, last.as_deref()))
    });
    // Its own memo: the curves redraw when an epoch arrives, not at every progress report.
    let epochs = Memo::new(move |_| run.state.with(|s| s.epochs.clone()));
    view! {
        <section class="panel" aria-labelledby=labelled_by data-testid="train-panel">
            <h2 id=heading_id>"Train a classifier"</h2>
            <p class="hint" data-testid="split-words">
                {move || setup.with(training::split_words)}
                " Training runs in the background: the page stays responsive."
            </p>
            {shows("settings").then(|| view! { <SetupControls variables setup left_out=left_out_note(&analysis.dataset) /> })}
            {move || negative_note.get().map(|note| view! { <p class="hint" data-testid="negative-weights">{note}</p> })}
            {move || missing_note.get().map(|note| view! {
                <p class="hint" data-testid="missing-inputs">{note}</p>
                <Show when=move || setup.with(TrainingSetup::can_keep_missing)>
                    <label class="hint" title="Trees, forests and boosted trees can learn from events with a missing input: at each split they send it to one side.">
                        <input type="checkbox" data-testid="keep-missing"
                            prop:checked=move || setup.with(|s| s.missing == MissingValues::Keep)
                            on:change=move |ev| {
                                let keep = event_target_checked(&ev);
                                setup.update(|s| s.missing = if keep { MissingValues::Keep } else { MissingValues::Drop });
                            } />
                        " keep these events (trees only)"
                    </label>
                </Show>
            })}
            <div class="controls train-actions">
                {(shows("weighting") && !shows("settings")).then(|| view! { <WeightingChoice setup /> })}
                {shows("compute").then(|| view! { <ComputeChoice setup offer chosen device state=run.state /> })}
                <button class="button" data-testid="train" disabled=is_running on:click=move |_| train()>"Train"</button>
                <Show when=is_running>
                    <button class="button secondary" data-testid="cancel" on:click=move |_| run.cancel()>"Cancel"</button>
                </Show>
            </div>
            <RunStatus state=run.state />
            <TrainingCurves epochs=epochs.into() />
            <PythonCode code=python file_name="training.py" available=has_source />
            {shows("grid").then(|| view! { <GridSearchPanel analysis=analysis.clone() setup initial=grid.clone() /> })}
        </section>
    }
}
