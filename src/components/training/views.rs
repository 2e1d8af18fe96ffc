//! More views of the chosen model: its input importances, the significance scan of its output
//! (the dark-matter notebook's task 13) and the input variables of the events it selects.

use std::sync::Arc;

use fivesigma_engine::analysis::{Histogram, Significance};
use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::evaluation::ScanEvents;
use fivesigma_engine::ml::{ImportanceMethod, Model};
use fivesigma_engine::state::evaluation::{
    DEFAULT_SCAN_EVENTS, SelectedEvents, output_scan_settings, overtraining_warning,
    selected_events, variable_choices,
};
use fivesigma_engine::state::{Choice, Measure, OutputThresholds};
use leptos::prelude::*;
use plotters::style::RGBColor;

use super::TrainedModel;
use super::python_tabs::view_code;
use crate::components::PlotCanvas;
use crate::components::choice::{options, options_of};
use crate::format;
use crate::plots::render_svg;
use crate::plots::scan::{ScanLabels, draw_scan};
use crate::plots::stack::{Layer, StackPlot, draw_stack};
use crate::plots::tree::{TreePicture, draw_tree};

/// The chosen model's inputs, most important first, as bars.
#[component]
pub fn ImportanceBars(model: Signal<Option<Arc<TrainedModel>>>) -> impl IntoView {
    move || {
        let m = model.get()?;
        let imp = &m.trained.importances;
        if imp.values.is_empty() {
            return None;
        }
        let names = &m.setup.inputs;
        let mut rows: Vec<(String, f64)> = names
            .iter()
            .cloned()
            .zip(imp.values.iter().copied())
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top = rows.first().map_or(1.0, |r| r.1).max(1e-12);
        let (title, note) = match imp.method {
            ImportanceMethod::Impurity => (
                "mean decrease in impurity",
                "How much each input's splits purify the trees' nodes, summed over every split and normalised to 1 (scikit-learn's feature_importances_).",
            ),
            ImportanceMethod::Permutation => (
                "AUC drop when shuffled",
                "How much the AUC on held-out events (the validation part when there is one, else the test part) drops when one input's values are shuffled between events (three seeded shuffles): the model leans on inputs whose shuffling hurts.",
            ),
        };
        Some(view! {
            <table class="importance" data-testid="importances" data-method=title>
                <thead><tr><th scope="col">"input"</th><th scope="col" class="num">{title}</th><th></th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(name, v)| { let shown = name.clone(); view! {
                        <tr data-testid="importance-row" data-name=name data-value=v>
                            <td>{shown}</td>
                            <td class="num">{format::significant(v, 3)}</td>
                            <td class="bar-cell"><span class="bar" style=format!("width: {:.1}%", 100.0 * v.max(0.0) / top)></span></td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <p class="hint">{note}</p>
        })
    }
}

/// Significance of keeping events whose output is above each threshold.
#[component]
pub fn OutputScan(
    model: Signal<Option<Arc<TrainedModel>>>,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let measure = RwSignal::new(Measure::SOverSqrtB);
    let events = RwSignal::new(DEFAULT_SCAN_EVENTS);
    let thresholds = RwSignal::new(OutputThresholds::Notebook);
    let significance = move || measure.get().with_b_reg_of(&Significance::SOverSqrtB);
    let result = Memo::new(move |_| {
        let m = model.get()?;
        let settings = output_scan_settings(significance(), thresholds.get());
        Some(
            m.evaluation
                .output_scan(events.get(), m.held_out_fraction(), &settings),
        )
    });
    let labels = move |scale: f64| ScanLabels {
        title: format!("{} of a cut on the output", significance().label()),
        x: "threshold on the classifier output (keep >)".into(),
        y: significance().label(),
        scale,
        x_range: Some((-0.03, 1.0)),
    };
    let optimum = move || {
        let scan = result.get()?;
        let best = scan.best_point()?.clone();
        let value = best.value.unwrap_or(f64::NAN);
        Some(view! {
            <p class="optimum" data-testid="output-scan-optimum" data-threshold=best.threshold data-value=value>
                "Best " {significance().label()} " = " <strong>{format::significant(value, 4)}</strong>
                {format!(" for output > {} (S = {}, B = {})", format::significant(best.threshold, 3), format::significant(best.signal, 4), format::significant(best.background, 4))}
            </p>
            {model.get().and_then(|m| overtraining_warning(&m, events.get())).map(|w| view! { <p class="notice" data-testid="output-scan-overtraining">{w}</p> })}
        })
    };
    view! {
        <div class="controls">
            <label>"Measure "
                <select data-testid="output-scan-measure" prop:value=move || measure.get().key()
                    on:change=move |ev| if let Some(m) = Measure::from_key(&event_target_value(&ev)) { measure.set(m) }>
                    {options_of(&Measure::OUTPUT_SCAN)}
                </select>
            </label>
            <label title="The notebook counts every event, training ones included; counting only test events (scaled up to the full sample) is the honest estimate.">"Events "
                <select data-testid="output-scan-events" prop:value=move || events.get().key()
                    on:change=move |ev| if let Some(e) = ScanEvents::from_key(&event_target_value(&ev)) { events.set(e) }>
                    {options::<ScanEvents>()}
                </select>
            </label>
            <label>"Thresholds "
                <select data-testid="output-scan-thresholds" prop:value=move || thresholds.get().key()
                    on:change=move |ev| if let Some(t) = OutputThresholds::from_key(&event_target_value(&ev)) { thresholds.set(t) }>
                    {options::<OutputThresholds>()}
                </select>
            </label>
        </div>
        <PlotCanvas testid="output-scan-canvas" label="Significance versus a cut on the classifier output"
            draw=move |area, scale| result.with(|r| r.as_ref().map_or(Ok(()), |scan| draw_scan(area, scan, &labels(scale))))
            svg=Callback::new(move |()| {
                let scan = result.get().ok_or("there is no scan to save")?;
                render_svg((900, 420), |a| draw_scan(a, &scan, &labels(1.0)))
            })
            file_stem=Signal::derive(|| "output-significance".to_owned()) />
        {optimum}
        <p class="hint">"S and B are the weighted signal and background events above each threshold, at the dataset's luminosity. Where no background is left (B ≤ 0) the value is undefined and marked on the axis, never drawn as a huge number."</p>
        {view_code(dataset, model, "output-scan.py", move |v| v.output_scan(significance(), events.get(), thresholds.get()))}
    }
}

const SIGNAL: RGBColor = RGBColor(214, 39, 40);
const BACKGROUND: RGBColor = RGBColor(31, 119, 180);

/// The selected events' plot: both classes normalised to unit area.
fn selected_plot(selected: SelectedEvents, scale: f64) -> StackPlot {
    let [(background, nb), (signal, ns)] = selected.classes;
    let layer = |h: Histogram, n: usize, label: &str, color| Layer {
        label: format!("{label} ({n} events)"),
        color,
        errors: h.errors(),
        sumw: h.sumw,
    };
    StackPlot {
        edges: selected.binning.edges().to_vec(),
        backgrounds: vec![layer(
            background,
            nb,
            "true background, output above the threshold",
            BACKGROUND,
        )],
        signals: vec![layer(
            signal,
            ns,
            "true signal, output above the threshold",
            SIGNAL,
        )],
        data: None,
        title: "Events the model calls signal: true signal against true background".into(),
        x_title: selected.x_title,
        y_title: "fraction of events (unit area)".into(),
        log_y: false,
        normalised: true,
        scale,
    }
}

/// A variable's distribution (any of the dataset's, inputs first) for the test events the model
/// classifies as signal at `threshold`, true signal against true background, each normalised to
/// unit area — what the selection keeps, in physics terms (the CMS exercise).
#[component]
pub fn SelectedVariables(
    model: Signal<Option<Arc<TrainedModel>>>,
    threshold: RwSignal<f64>,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<String>);
    let dataset = StoredValue::new(dataset);
    let choices = move || {
        model.with(|m| {
            m.as_ref()
                .map(|m| dataset.with_value(|d| variable_choices(m, d)))
                .unwrap_or_default()
        })
    };
    let variable = move || chosen.get().or_else(|| choices().first().cloned());
    let plot = move |scale: f64| -> Result<Option<StackPlot>, String> {
        let (Some(m), Some(name)) = (model.get(), variable()) else {
            return Ok(None);
        };
        let selected = dataset
            .with_value(|d| selected_events(&m, d, &name, threshold.get()))
            .map_err(|e| e.to_string())?;
        Ok(Some(selected_plot(selected, scale)))
    };
    view! {
        <div class="controls">
            <label>"Variable "
                <select data-testid="selected-variable" prop:value=move || variable().unwrap_or_default()
                    on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                    {move || choices().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
            </label>
            <span class="hint">{move || format!("test events with output above {:.2} (the threshold above)", threshold.get())}</span>
        </div>
        <PlotCanvas testid="selected-canvas" label="A variable of the events classified as signal"
            draw=move |area, scale| match plot(scale)? { Some(p) => draw_stack(area, &p), None => Ok(()) }
            svg=Callback::new(move |()| match plot(1.0)? {
                Some(p) => render_svg((900, 420), |a| draw_stack(a, &p)),
                None => Err("there is no model to show".into()),
            })
            file_stem=Signal::derive(|| "selected-events".to_owned()) />
    }
}

/// The chosen model's decision tree (a forest's trees one at a time), top levels only.
#[component]
pub fn TreeDiagram(model: Signal<Option<Arc<TrainedModel>>>) -> impl IntoView {
    let levels = RwSignal::new(3_usize);
    let which = RwSignal::new(0_usize);
    let trees = move || -> Option<(Arc<TrainedModel>, usize)> {
        let m = model.get()?;
        let n = match &m.trained.model {
            Model::Tree { .. } => 1,
            Model::Forest(f) => f.trees.len(),
            _ => return None,
        };
        Some((m, n))
    };
    let draw = move |area: &crate::components::CanvasArea, scale: f64| match trees() {
        Some((m, _)) => draw_model_tree(area, &m, which.get(), levels.get(), scale),
        None => Ok(()),
    };
    let svg = Callback::new(move |()| {
        let (m, _) = trees().ok_or("there is no tree to save")?;
        render_svg((1100, 520), |a| {
            draw_model_tree(a, &m, which.get_untracked(), levels.get_untracked(), 1.0)
        })
    });
    move || {
        trees().map(|(_, n)| view! {
            <div class="controls">
                {(n > 1).then(|| view! {
                    <label>"Tree "
                        <input type="number" class="short" min="1" max=n step="1" data-testid="tree-index" prop:value=move || (which.get() + 1).to_string()
                            on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse::<usize>() { which.set(k.clamp(1, n) - 1) } } />
                        {format!(" of {n}")}
                    </label>
                })}
                <label>"Levels shown "
                    <select data-testid="tree-levels" prop:value=move || levels.get().to_string() on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { levels.set(k) } }>
                        {[2_usize, 3, 4].into_iter().map(|k| view! { <option value=k.to_string()>{k.to_string()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="tree-canvas">
                <PlotCanvas testid="tree-canvas" label="The decision tree's top levels" draw=draw svg file_stem=Signal::derive(|| "tree".to_owned()) />
            </div>
            <p class="hint">"Each box is a node: its cut (events that pass go left, “yes”), the training events that reach it and their signal fraction. Red boxes are mostly signal, blue mostly background. Cuts are shown in the inputs' own units."</p>
        })
    }
}

/// Draws tree `which` of `m` (its only tree, or one of its forest's), cuts in the inputs' units.
fn draw_model_tree<DB: plotters::prelude::DrawingBackend>(
    area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    m: &TrainedModel,
    which: usize,
    levels: usize,
    scale: f64,
) -> Result<(), String> {
    let tree = match &m.trained.model {
        Model::Tree { tree, .. } => tree,
        Model::Forest(f) => f.trees.get(which).ok_or("no such tree")?,
        _ => return Ok(()),
    };
    let scaler = &m.trained.scaler;
    let threshold = |f: usize, t: f64| match scaler {
        Some(s) => s.shift[f] + s.scale[f] * t,
        None => t,
    };
    let title = match &m.trained.model {
        Model::Forest(f) => format!("Tree {} of {} of {}", which + 1, f.trees.len(), m.name),
        _ => format!("The tree of {}", m.name),
    };
    draw_tree(
        area,
        &TreePicture {
            title: &title,
            tree,
            names: &m.setup.inputs,
            threshold: &threshold,
            levels,
            scale,
        },
    )
}
