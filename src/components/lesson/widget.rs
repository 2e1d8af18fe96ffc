//! A lesson's live widget: one of the Lab's panels on the lesson's data, set up as the lesson
//! declares (samples, variable, binning, thresholds, cuts, model) and showing only the controls it
//! lists. Each widget has its own view, so moving one slider never changes another widget. A
//! widget may let the student swap the signal sample (another dark-matter mass, say).

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{LessonProgress, WidgetKind, WidgetSpec, WidgetState};
use fivesigma_engine::view::LabView;
use fivesigma_python::DataSource as CodeSource;
use leptos::prelude::*;

use super::Embedded;
use crate::components::training::evaluate::EvaluatePanel;
use crate::components::training::restore::RestoringModels;
use crate::components::training::{TrainPanel, TrainedModel};
use crate::components::workspace::{CutBuilder, PairsPanel, SamplesPanel, ScanPanel, StackPanel};
use crate::components::{Analysis, Controls};
use crate::services::{lessons, location};

/// Where a lesson's widget keeps its state: the lesson's progress, under the widget's key, so a
/// moved slider or a typed threshold list is still there after a reload (and a reset clears it).
#[derive(Clone)]
pub struct WidgetMemory {
    /// The lesson's progress.
    pub progress: RwSignal<LessonProgress>,
    /// "<section>/<n>": the section's n-th widget.
    pub key: String,
}

impl WidgetMemory {
    pub(super) fn state(&self) -> WidgetState {
        self.progress
            .try_with_untracked(|p| p.widgets.get(&self.key).cloned())
            .flatten()
            .unwrap_or_default()
    }

    /// Changes the stored state. Readers of the progress are not woken (a dragged cut changes
    /// the view many times a second); the progress is saved at once.
    pub(super) fn change(&self, f: impl FnOnce(&mut WidgetState)) {
        let _ = self.progress.try_update_untracked(|p| {
            let state = p.widgets.entry(self.key.clone()).or_default();
            f(state);
            if state.is_initial() {
                p.widgets.remove(&self.key);
            }
            // A page that cannot store says so where the progress is saved; another tab's work
            // saved meanwhile comes along.
            if let Ok(Some(saved)) = lessons::save_progress(p) {
                *p = saved;
            }
        });
    }
}

/// A suffix no other widget on the page has (ids of headings must be unique in a document).
fn next_scope() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("-w{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The panel itself, on `samples` of the lesson's data.
fn panel(
    spec: &WidgetSpec,
    dataset: &Arc<Dataset>,
    samples: &[String],
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    (memory, source): (Option<&WidgetMemory>, Option<Arc<CodeSource>>),
) -> AnyView {
    let data = match dataset.subset(samples) {
        Ok(d) => Arc::new(d),
        Err(e) => {
            return view! { <p class="error-box" role="alert">{format!("This widget cannot be shown: {e}")}</p> }
                .into_any();
        }
    };
    let initial_query = spec.initial_view(&data).to_query();
    let remembered = memory.map(|m| m.state().view).unwrap_or_default();
    let view = RwSignal::new(spec.view_on(&remembered, &data));
    if let Some(memory) = memory.cloned() {
        Effect::new(move |first: Option<()>| {
            let query = view.with(LabView::to_query);
            if first.is_some() {
                let stored = if query == initial_query {
                    String::new()
                } else {
                    query
                };
                memory.change(|s| s.view = stored);
            }
        });
    }
    let controls = spec
        .controls
        .clone()
        .map_or_else(Controls::default, Controls::only);
    let mut analysis = Analysis::new(data.clone(), dataset.clone(), view, controls);
    analysis.scope = next_scope();
    analysis.readout = spec.readout;
    analysis.source = source;
    match spec.kind {
        WidgetKind::Table => view! { <SamplesPanel analysis /> }.into_any(),
        WidgetKind::Histogram => view! { <StackPanel analysis /> }.into_any(),
        WidgetKind::Scan => view! { <ScanPanel analysis /> }.into_any(),
        WidgetKind::Cuts => view! { <CutBuilder analysis /> }.into_any(),
        WidgetKind::Pairs => view! { <PairsPanel analysis /> }.into_any(),
        WidgetKind::Train => match spec
            .training_setup(&data.catalog.inputs)
            .and_then(|s| Ok((spec.grid_form(&s)?, s)))
        {
            Ok((grid, initial)) => {
                // The lesson's link carries the student's changes to the settings (model, seed,
                // inputs…), so a copied link trains the same model; an embed's link sets them.
                let from_link = LabView::from_query(&location::fragment_query()).train;
                view.update_untracked(|v| v.train = from_link);
                if use_context::<Embedded>().is_none() {
                    Effect::new(move |_| {
                        let query = view.with(|v| v.train.to_query());
                        location::replace_query(&query);
                    });
                }
                match grid {
                    Some(grid) => view! { <TrainPanel analysis models initial grid /> }.into_any(),
                    None => view! { <TrainPanel analysis models initial /> }.into_any(),
                }
            }
            Err(e) => view! { <p class="error-box" role="alert">{e.to_string()}</p> }.into_any(),
        },
        WidgetKind::Evaluate => {
            let views = spec.views.clone();
            let output = spec.output_settings();
            let restoring =
                use_context::<RestoringModels>().map_or_else(|| Signal::stored(false), |r| r.0);
            view! {
                <Show when=move || models.with(|m| !m.is_empty())
                    fallback=move || view! {
                        <p class="notice" role="status" data-testid="needs-model">{move || if restoring.get() {
                            "Training your model again, as you trained it before (same settings and seed)…"
                        } else {
                            "Nothing to show yet: train a model first. In a lesson, the model you train in its training section stays available in every section."
                        }}</p>
                    }>
                    <EvaluatePanel analysis=analysis.clone() models views=views.clone() output />
                </Show>
            }
            .into_any()
        }
        // Drawn by `toy_widget` (they need no data).
        WidgetKind::Playground | WidgetKind::Fit | WidgetKind::Dice => ().into_any(),
    }
}

/// The menu of signal samples a widget lets the student swap in.
#[component]
fn SignalChoice(
    dataset: Arc<Dataset>,
    choices: Vec<String>,
    signal: RwSignal<Option<String>>,
) -> impl IntoView {
    let options = choices
        .iter()
        .map(|name| {
            let label = dataset
                .sample(name)
                .map_or_else(|_| name.clone(), |s| s.spec.display_name().to_owned());
            view! { <option value=name.clone()>{label}</option> }
        })
        .collect_view();
    view! {
        <label>"Signal "
            <select data-testid="widget-signal" prop:value=move || signal.get().unwrap_or_default()
                on:change=move |ev| signal.set(Some(event_target_value(&ev)))>{options}</select>
        </label>
    }
}

/// One widget.
#[component]
pub fn LessonWidget(
    /// As the lesson declares it.
    spec: WidgetSpec,
    /// The lesson's data (every sample).
    dataset: Arc<Dataset>,
    /// Models trained in this lesson (train widgets add, evaluate widgets read).
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// Where its state is kept (none in a standalone embedded widget).
    #[prop(default = None)]
    memory: Option<WidgetMemory>,
    /// Where its Python code reads the data's files (`None`: it has no Python tab).
    #[prop(default = None)]
    source: Option<Arc<CodeSource>>,
) -> impl IntoView {
    let caption = spec
        .caption
        .clone()
        .map(|c| view! { <p class="widget-caption">{c}</p> });
    let kind = spec.kind.key();
    let choices = spec.signal_options(&dataset);
    let body = if spec.kind.makes_own_points() {
        super::toy_widget::toy_widget(&spec, memory)
    } else if choices.is_empty() && !spec.offers_stack() {
        panel(
            &spec,
            &dataset,
            &spec.samples,
            models,
            (memory.as_ref(), source),
        )
    } else {
        // The student may change what is drawn (another signal, every process stacked): the
        // panel is drawn again on the new samples, keeping its view.
        let saved = memory.as_ref().map(WidgetMemory::state).unwrap_or_default();
        let first_choice = choices.first().cloned();
        let signal = RwSignal::new(spec.signal(&saved, &dataset));
        let stacked = RwSignal::new(spec.stacked(&saved));
        if let Some(memory) = memory.clone() {
            let initially_stacked = spec.stacked(&WidgetState::default());
            Effect::new(move |first: Option<()>| {
                let (picked, stack) = (signal.get(), stacked.get());
                if first.is_some() {
                    memory.change(|s| {
                        s.signal = picked.filter(|p| Some(p) != first_choice.as_ref());
                        s.stacked = (stack != initially_stacked).then_some(stack);
                    });
                }
            });
        }
        let choice_row = view! {
            <div class="controls widget-signal">
                {(!choices.is_empty()).then(|| view! { <SignalChoice dataset=dataset.clone() choices signal /> })}
                {spec.offers_stack().then(|| view! {
                    <label><input type="checkbox" data-testid="widget-stack" prop:checked=move || stacked.get()
                        on:change=move |ev| stacked.set(event_target_checked(&ev)) />" stack every process"</label>
                })}
            </div>
        };
        let (memory, spec, data, source) = (
            StoredValue::new(memory),
            StoredValue::new(spec),
            StoredValue::new(dataset.clone()),
            StoredValue::new(source),
        );
        view! {
            {choice_row}
            {move || {
                let (chosen, stack) = (signal.get(), stacked.get());
                spec.with_value(|spec| data.with_value(|dataset| {
                    let samples = spec.shown_samples(dataset, chosen.as_deref(), stack);
                    memory.with_value(|memory| panel(spec, dataset, &samples, models, (memory.as_ref(), source.get_value())))
                }))
            }}
        }
        .into_any()
    };
    view! {
        <div class="lesson-widget" data-testid=format!("widget-{kind}")>
            {body}
            {caption}
        </div>
    }
}
