//! A lesson's live widget: one of the Lab's panels on the lesson's data, set up as the lesson
//! declares (samples, variable, binning, thresholds, cuts, model) and showing only the controls it
//! lists. Each widget has its own view, so moving one slider never changes another widget.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{WidgetKind, WidgetSpec, subset};
use fivesigma_engine::view::{CutEntry, LabView, ThresholdChoice};
use leptos::prelude::*;

use crate::components::training::evaluate::EvaluatePanel;
use crate::components::training::{TrainPanel, TrainedModel};
use crate::components::workspace::{
    Analysis, Controls, CutBuilder, PairsPanel, SamplesPanel, ScanPanel, StackPanel,
};

/// The view a widget starts from.
fn initial_view(spec: &WidgetSpec, data: &Dataset) -> LabView {
    let mut view = LabView {
        dataset: Some(data.catalog.id.clone()),
        sample: spec.sample.clone(),
        ..LabView::default()
    };
    view.histogram.variable = spec.variable.clone();
    view.histogram.bins = spec.bins;
    view.histogram.range = spec.range.map(|[lo, hi]| (lo, hi)).or_else(|| {
        // A bin count without a range: numpy's rule, from the smallest to the largest value.
        spec.bins
            .and(spec.variable.as_deref())
            .and_then(|v| data.range_of(v))
    });
    view.histogram.weighted = spec.weighted;
    view.histogram.log_y = spec.log_y;
    view.scan.variable = spec.variable.clone();
    if !spec.thresholds.is_empty() {
        view.scan.thresholds = ThresholdChoice::List(spec.thresholds.clone());
    }
    view.cuts = spec
        .cuts
        .iter()
        .map(|text| CutEntry {
            text: text.clone(),
            enabled: true,
        })
        .collect();
    view
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
) -> impl IntoView {
    let data = match subset(&dataset, &spec.samples) {
        Ok(d) => Arc::new(d),
        Err(e) => {
            return view! { <p class="error-box" role="alert">{format!("This widget cannot be shown: {e}")}</p> }
                .into_any();
        }
    };
    let view = RwSignal::new(initial_view(&spec, &data));
    let controls = spec
        .controls
        .clone()
        .map_or_else(Controls::default, Controls::only);
    let analysis = Analysis::new(data.clone(), dataset.clone(), view, controls);
    let caption = spec
        .caption
        .clone()
        .map(|c| view! { <p class="widget-caption">{c}</p> });
    let kind = format!("{:?}", spec.kind).to_lowercase();
    let body = match spec.kind {
        WidgetKind::Table => view! { <SamplesPanel analysis /> }.into_any(),
        WidgetKind::Histogram => view! { <StackPanel analysis /> }.into_any(),
        WidgetKind::Scan => view! { <ScanPanel analysis /> }.into_any(),
        WidgetKind::Cuts => view! { <CutBuilder analysis /> }.into_any(),
        WidgetKind::Pairs => view! { <PairsPanel analysis /> }.into_any(),
        WidgetKind::Train => match spec.training_setup(&data.catalog.inputs) {
            Ok(initial) => view! { <TrainPanel analysis models initial /> }.into_any(),
            Err(e) => view! { <p class="error-box" role="alert">{e.to_string()}</p> }.into_any(),
        },
        WidgetKind::Evaluate => {
            let views = spec.views.clone();
            view! {
                <Show when=move || models.with(|m| !m.is_empty())
                    fallback=|| view! { <p class="notice" data-testid="needs-model">"Nothing to show yet: train the network in the section “Training the network” first. Your trained model stays available in every section of this lesson."</p> }>
                    <EvaluatePanel analysis=analysis.clone() models views=views.clone() />
                </Show>
            }
            .into_any()
        }
    };
    view! {
        <div class="lesson-widget" data-testid=format!("widget-{kind}")>
            {body}
            {caption}
        </div>
    }
    .into_any()
}
