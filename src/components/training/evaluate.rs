//! Judging trained models: ROC curves of every model with their AUCs; figures of merit against
//! the output threshold (purity × efficiency, the HSF lesson's AMS); and for the chosen model its
//! output stacked by process, the overtraining check with KS p-values, and a threshold slider
//! driving the weighted confusion matrix. Exports: scores as CSV, settings as JSON.

use std::sync::Arc;

use fivesigma_engine::analysis::{Binning, Histogram};
use fivesigma_engine::data::{Dataset, Role};
use fivesigma_engine::ml::evaluation::{
    HeldOut, JudgedOn, ScanEvents, output_by_sample, overtraining,
};
use fivesigma_engine::ml::{Model, RocCurve};
use leptos::prelude::*;
use plotters::style::RGBColor;

use super::challenge::ChallengeSubmit;
use super::judging::{Judging, ReportView, ThresholdControls};
use super::python_tabs::view_code;
use super::views::{ImportanceBars, OutputScan, SelectedVariables, TreeDiagram};
use super::{ModelRecorder, TrainedModel, seconds_text};
use crate::components::Analysis;
use crate::components::PlotCanvas;
use crate::components::choice::options;
use crate::format;
use crate::plots::lines::{self, Line, LinePlot, draw_lines};
use crate::plots::overtraining::draw_overtraining;
use crate::plots::render_svg;
use crate::plots::stack::{Layer, StackPlot, draw_stack, parse_colour};
use crate::services::download;
use fivesigma_engine::lesson::WidgetKind;
use fivesigma_engine::state::board::CHALLENGE_DATASET;
use fivesigma_engine::state::evaluation::{
    AmsSettings, DEFAULT_SCAN_EVENTS, DEFAULT_THRESHOLD, OUTPUT_BINS, OutputSettings,
    REVEAL_TEST_LABEL, above_threshold, ams_basis, ams_curve, capitalised, compared,
    compared_events, compared_note, confusion_caption, confusion_on, default_b_reg, events_meaning,
    events_title, file_stem, judged_noun, leak_warning, merit_thresholds, output_totals,
    overtraining_warning, predictions_csv, purity_efficiency_curve, scores_file_name,
    settings_json, test_peeks_note,
};
use fivesigma_engine::state::{Choice, Counting, provenance};

/// The models the comparison plots draw (`state::evaluation::compared`).
type Compared = Signal<Vec<Arc<TrainedModel>>>;

/// Colours of successive models (Tableau 10, skipping the class colours' blue and red first).
fn colour(i: usize) -> RGBColor {
    crate::plots::theme::series(i)
}

/// The models' names as legends show them (with what sets each apart: `state::provenance`).
fn legends(models: &[Arc<TrainedModel>]) -> Vec<String> {
    let refs: Vec<&TrainedModel> = models.iter().map(AsRef::as_ref).collect();
    provenance::legend_names(&refs)
}

/// Which events the comparison plots are drawn for (`state::evaluation::compared_events`).
fn events_of(models: &[Arc<TrainedModel>]) -> &'static str {
    let refs: Vec<&TrainedModel> = models.iter().map(AsRef::as_ref).collect();
    compared_events(&refs)
}

/// Every model's held-out ROC curve; with `with_training`, its training curve too (dashed, the
/// CMS exercise's train-versus-test figure).
fn roc_plot(models: &[Arc<TrainedModel>], with_training: bool, scale: f64) -> LinePlot {
    let names = legends(models);
    let train_rocs: Vec<Option<RocCurve>> = models
        .iter()
        .map(|m| {
            with_training
                .then(|| m.evaluation.train_roc().ok())
                .flatten()
        })
        .collect();
    let mut curves = Vec::new();
    let mut training = Vec::new();
    for (i, ((m, name), train)) in models.iter().zip(names).zip(&train_rocs).enumerate() {
        let label = format!("{name} (AUC {:.4})", m.evaluation.test_auc);
        curves.push((label, colour(i), &m.evaluation.roc));
        if let Some(roc) = train {
            let label = format!("{name}, training (AUC {:.4})", m.evaluation.train_auc);
            training.push((label, colour(i), roc));
        }
    }
    let title = if with_training {
        format!("ROC curves ({}; training events dashed)", events_of(models))
    } else {
        format!("ROC curves ({})", events_of(models))
    };
    lines::roc_plot_with(title, curves, training, scale)
}

/// A figure of merit against the threshold: purity × efficiency, or the AMS with `ams`'s b_r.
fn merit_plot(
    models: &[Arc<TrainedModel>],
    y_title: &str,
    ams: Option<AmsSettings>,
    (counting, on): (Counting, JudgedOn),
    marker: f64,
    scale: f64,
) -> LinePlot {
    let ts = merit_thresholds();
    let names = legends(models);
    let (name, y_title) = match ams {
        Some(ams) => (ams.name(), ams.axis_title()),
        None => (y_title.to_owned(), y_title.to_owned()),
    };
    let lines = models
        .iter()
        .zip(names)
        .enumerate()
        .filter_map(|(i, (m, name))| {
            let counted = counting.weights(m.setup.weighting);
            let values: Vec<f64> = match ams {
                // Rates are the same whether or not each class is normalised.
                Some(ams) => ams_curve(m, counted.weighted(), ams, &ts)
                    .ok()?
                    .into_iter()
                    .map(|v| v.unwrap_or(f64::NAN))
                    .collect(),
                None => purity_efficiency_curve(&m.evaluation, on, counted, &ts).ok()?,
            };
            Some(Line {
                label: name,
                color: colour(i),
                points: ts.iter().copied().zip(values).collect(),
                dashed: false,
            })
        })
        .collect();
    // The AMS estimates what the data would show: always on the held-out events.
    let events = match (ams, on) {
        (None, JudgedOn::Training | JudgedOn::Every) => judged_noun(on, HeldOut::Test),
        _ => events_of(models).to_owned(),
    };
    LinePlot {
        title: format!("{} against the threshold ({events})", capitalised(&name)),
        lines,
        x_title: "threshold on the classifier output".into(),
        y_title,
        x_range: Some((0.0, 1.0)),
        y_range: None,
        marker: Some(marker),
        scale,
    }
}

/// The chosen model's output stacked by process, for every event or for the test events scaled
/// to the full sample's yield.
fn output_plot(
    dataset: &Dataset,
    model: &TrainedModel,
    (bins, log_y): (usize, bool),
    events: ScanEvents,
    scale: f64,
) -> Result<StackPlot, String> {
    let data = &model.data;
    let (scored, to_full) = model.evaluation.counted(events, model.held_out_fraction());
    let histograms =
        output_by_sample(&scored, data.samples.len(), bins, to_full).map_err(|e| e.to_string())?;
    let (mut backgrounds, mut signals) = (Vec::new(), Vec::new());
    for (name, h) in data.samples.iter().zip(&histograms) {
        let Ok(sample) = dataset.sample(name) else {
            continue;
        };
        let layer = Layer {
            label: sample.spec.display_name().to_owned(),
            color: parse_colour(&sample.spec.color),
            sumw: h.sumw.clone(),
            errors: h.errors(),
        };
        if sample.spec.role == Role::Signal {
            signals.push(layer);
        } else {
            backgrounds.push(layer);
        }
    }
    let edges: Vec<f64> = histograms
        .first()
        .map(|h| h.binning.edges().to_vec())
        .unwrap_or_default();
    // The HSF lesson's last step: the real data on the same axis, √N errors.
    let data_layer = match &model.data_scores {
        Some(scores) => {
            let binning = Binning::explicit(edges.clone()).map_err(|e| e.to_string())?;
            let h = Histogram::fill(binning, scores, None);
            Some(Layer {
                label: data_label(dataset),
                color: RGBColor(0, 0, 0),
                errors: h.errors(),
                sumw: h.sumw,
            })
        }
        None => None,
    };
    Ok(StackPlot {
        edges,
        backgrounds,
        signals,
        data: data_layer,
        title: format!("Output of {} by process", model.name),
        x_title: "classifier output (signal probability)".into(),
        y_title: format!(
            "Expected events / {} ({})",
            format::significant(1.0 / bins as f64, 2),
            events_title(events, model.evaluation.held_out)
        ),
        log_y,
        normalised: false,
        scale,
    })
}

/// The dataset's name for its real data, as every plot of it says it (the catalog's label).
fn data_label(dataset: &Dataset) -> String {
    dataset
        .samples
        .iter()
        .find(|s| s.spec.role == Role::Data)
        .map_or_else(|| "Data".to_owned(), |s| s.spec.display_name().to_owned())
}

/// Moves `stage` on by one in a new task, up to [`STAGES`]. A panel gone before its next task
/// (the student left the section) stops there: its signal is disposed, and touching it would
/// panic.
fn advance(stage: RwSignal<u8>) {
    set_timeout(
        move || {
            let Some(now) = stage.try_update(|s| {
                *s += 1;
                *s
            }) else {
                return;
            };
            if now < STAGES {
                advance(stage);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Parts of the panel mounted one after the other.
const STAGES: u8 = 6;

/// The models trained on this page, one row each, with their exports.
#[component]
fn ModelTable(
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    focus: RwSignal<usize>,
    drawn: Memo<Vec<usize>>,
    dataset: StoredValue<Arc<Dataset>>,
) -> impl IntoView {
    let export_error = RwSignal::new(None::<String>);
    let save = move |text: String, file: String, mime: &'static str| {
        export_error.set(download::save_text(&text, &file, mime).err());
    };
    let with_validation =
        move || models.with(|all| all.iter().any(|m| !m.trained.split.validation.is_empty()));
    // A sealed test part is looked at only when the student asks, one model at a time; the page
    // remembers it.
    let recorder = use_context::<ModelRecorder>();
    let reveal = move |i: usize| {
        let Some(model) = models.with_untracked(|all| all.get(i).cloned()) else {
            return;
        };
        match model.with_test_revealed() {
            Ok(revealed) => {
                if let Some(recorder) = recorder {
                    recorder.test_revealed.run(model.record.clone());
                }
                models.update(|all| all[i] = Arc::new(revealed));
            }
            Err(e) => export_error.set(Some(e.to_string())),
        }
    };
    let test_cell = move |i: usize, m: &TrainedModel| {
        if m.test_sealed() {
            view! { <button class="button secondary small" data-testid="reveal-test" title="The test part has not been looked at: choose settings and thresholds on validation, then look at the test part of the model you chose, once." on:click=move |_| reveal(i)>{REVEAL_TEST_LABEL}</button> }.into_any()
        } else {
            view! { <span>{format!("{:.4}", m.trained.test_auc.unwrap_or(m.evaluation.test_auc))}</span> }.into_any()
        }
    };
    let rows = move || {
        let all = models.get();
        let refs: Vec<&TrainedModel> = all.iter().map(AsRef::as_ref).collect();
        let notes = provenance::table_notes(&refs);
        all.iter().cloned().zip(notes).enumerate().map(|(i, (m, note))| {
            let full = provenance::full(&m.record);
            let auc = m.evaluation.test_auc;
            let json_stem = file_stem(&m.name);
            let csv_name = m.name.clone();
            let (csv_model, json_model) = (m.clone(), m.clone());
            // Its curve's colour, or an empty box when the comparison plots leave it out.
            let position = move || drawn.with(|d| d.iter().position(|&k| k == i));
            let swatch_style = move || position().map_or_else(String::new, |p| {
                let c = colour(p);
                format!("background: rgb({}, {}, {})", c.0, c.1, c.2)
            });
            let swatch_title = move || match position() {
                Some(_) => "Its colour in the comparison plots",
                None => "Not drawn in the comparison plots: pick it to draw it",
            };
            view! {
                <tr data-testid="model-row" data-name=m.name.clone() data-auc=auc data-drawn=move || position().is_some().to_string()>
                    <td><input type="radio" name="model-focus" data-testid="model-focus" prop:checked=move || focus.get() == i on:change=move |_| focus.set(i) /></td>
                    <td class="model-name"><span class="swatch" class:undrawn=move || position().is_none() title=swatch_title style=swatch_style></span>{m.name.clone()}
                        <span class="provenance" data-testid="model-provenance" title=full>{note}</span></td>
                    <td class="trained-where">{m.device.label()}<br />{seconds_text(m.seconds)}</td>
                    <td class="num">{format!("{:.4}", m.evaluation.train_auc)}</td>
                    {with_validation().then(|| view! { <td class="num" data-testid="model-validation-auc">{m.trained.validation_auc.map_or_else(|| "—".to_owned(), |a| format!("{a:.4}"))}</td> })}
                    <td class="num" data-testid="model-auc">{test_cell(i, &m)}</td>
                    <td class="exports">
                        <button class="button secondary small" data-testid="export-csv"
                            on:click=move |_| save(dataset.with_value(|d| predictions_csv(&csv_model, d)), scores_file_name(&csv_name), "text/csv")>"Scores CSV"</button>
                        <button class="button secondary small" data-testid="export-json"
                            on:click=move |_| save(settings_json(&json_model), format!("{json_stem}-settings.json"), "application/json")>"Settings JSON"</button>
                    </td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <div class="table-scroll">
            <table class="model-table" data-testid="models">
                <thead><tr><th scope="col">"Show"</th><th scope="col">"Model, trained with"</th><th scope="col">"Trained on, time"</th><th scope="col" class="num">"Train AUC"</th>{move || with_validation().then(|| view! { <th scope="col" class="num">"Validation AUC"</th> })}<th scope="col" class="num">"Test AUC"</th><th scope="col">"Export"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || export_error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        {move || models.with(|all| {
            let refs: Vec<&TrainedModel> = all.iter().map(AsRef::as_ref).collect();
            test_peeks_note(&refs).map(|n| view! { <p class="notice warning" role="status" data-testid="test-peeks">{n}</p> })
        })}
        {move || models.with(|all| all.iter().filter_map(|m| leak_warning(m)).map(|w| view! {
            <p class="notice warning" role="status" data-testid="leak-warning">{w}</p>
        }).collect_view())}
    }
}

/// ROC curves of every model.
#[component]
fn RocView(
    models: Compared,
    count: Signal<usize>,
    chosen: Signal<Option<Arc<TrainedModel>>>,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let note = move || {
        compared_note(count.get())
            .map(|n| view! { <p class="hint" data-testid="compared-note">{n}</p> })
    };
    let training = RwSignal::new(false);
    view! {
        <h3 class="subhead">{move || format!("ROC curves ({})", models.with(|m| events_of(m)))}</h3>
        <label class="hint" title="The same curve drawn on the events the model trained on: far above the held-out one, it has learned them by heart.">
            <input type="checkbox" data-testid="roc-training" prop:checked=move || training.get()
                on:change=move |ev| training.set(event_target_checked(&ev)) />
            " training events too (dashed)"
        </label>
        <PlotCanvas testid="roc-canvas" label="ROC curves of every trained model"
            draw=move |area, scale| models.with(|m| draw_lines(area, &roc_plot(m, training.get(), scale)))
            svg=Callback::new(move |()| models.with(|m| render_svg((900, 560), |a| draw_lines(a, &roc_plot(m, training.get_untracked(), 1.0)))))
            file_stem=Signal::derive(|| "roc".to_owned()) />
        {note}
        <p class="hint">"The closer a curve hugs the top-left corner, the better the model separates signal from background; the area under it (AUC) is 1 for a perfect separation and 0.5 for a guess. Train AUC well above test AUC is a sign of overtraining."</p>
        {view_code(dataset, chosen, "roc.py", move |v| v.roc(training.get()))}
    }
}

/// The chosen model's output stacked by process, with the totals it shows.
#[component]
fn OutputView(
    dataset: Arc<Dataset>,
    chosen: Signal<Option<Arc<TrainedModel>>>,
    settings: OutputSettings,
    threshold: RwSignal<f64>,
) -> impl IntoView {
    let log_y = RwSignal::new(settings.log_y);
    let output_events = RwSignal::new(DEFAULT_SCAN_EVENTS);
    let dataset = StoredValue::new(dataset);
    let plot = move |scale: f64, log: bool, events: ScanEvents| -> Result<StackPlot, String> {
        let model = chosen.get_untracked().ok_or("there is no model to show")?;
        dataset.with_value(|d| output_plot(d, &model, (settings.bins, log), events, scale))
    };
    let draw_output = move |area: &crate::components::CanvasArea, scale: f64| {
        if chosen.with(Option::is_none) {
            return Ok(());
        }
        draw_stack(area, &plot(scale, log_y.get(), output_events.get())?)
    };
    let output_note = move || {
        let model = chosen.get()?;
        let events = output_events.get();
        let held_out = model.evaluation.held_out;
        let (signal, background) = output_totals(&model, events);
        Some(view! {
            <p class="facts" data-testid="output-totals" data-events=events_title(events, held_out) data-signal=signal data-background=background>
                "Expected events: signal " <strong>{format::significant(signal, 4)}</strong>
                ", background " <strong>{format::significant(background, 4)}</strong>
                {format!(" — {}.", events_meaning(events, held_out))}
            </p>
            {overtraining_warning(&model, events).map(|w| view! { <p class="notice" data-testid="output-overtraining">{w}</p> })}
        })
    };
    // The data against the expectation above the threshold: what a selection with this model
    // would keep.
    let above_note = move || {
        let model = chosen.get()?;
        let t = threshold.get();
        let above = above_threshold(
            &model.evaluation,
            model.held_out_fraction(),
            model.data_scores.as_deref(),
            t,
        );
        let data = above
            .data
            .map(|n| format!("{}: {n}; ", dataset.with_value(|d| data_label(d))));
        Some(view! {
            <p class="facts" data-testid="output-above" data-threshold=t data-data=above.data data-signal=above.signal data-background=above.background>
                {format!("Output above {t:.2} — ")}{data}
                "expected " <strong>{format::significant(above.signal + above.background, 4)}</strong>
                {format!(" (signal {}, background {}; {}).", format::significant(above.signal, 4), format::significant(above.background, 4), events_title(ScanEvents::Test, model.evaluation.held_out))}
            </p>
        })
    };
    view! {
        <h3 class="subhead">{move || format!("Output of {}", chosen.get().map(|m| m.name.clone()).unwrap_or_default())}</h3>
        <div class="controls">
            <label><input type="checkbox" data-testid="output-log" prop:checked=move || log_y.get() on:change=move |ev| log_y.set(event_target_checked(&ev)) />" logarithmic y axis"</label>
            <label title="The notebook plots every event, training ones included; test events only (scaled up to the full sample) show what the model does on events it has not seen.">"Events "
                <select data-testid="output-events" prop:value=move || output_events.get().key()
                    on:change=move |ev| if let Some(e) = ScanEvents::from_key(&event_target_value(&ev)) { output_events.set(e) }>
                    {options::<ScanEvents>()}
                </select>
            </label>
        </div>
        <PlotCanvas testid="output-canvas" label="Classifier output stacked by process" draw=draw_output
            svg=Callback::new(move |()| {
                let plot = plot(1.0, log_y.get_untracked(), output_events.get_untracked())?;
                render_svg((900, 480), |a| draw_stack(a, &plot))
            })
            file_stem=Signal::derive(|| "output".to_owned()) />
        {output_note}
        {above_note}
        {view_code(dataset.get_value(), chosen, "output.py", move |v| v.output(settings.bins, log_y.get(), output_events.get(), threshold.get()))}
    }
}

/// Training against test output, with the KS p-values.
#[component]
fn OvertrainingView(
    chosen: Signal<Option<Arc<TrainedModel>>>,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let check = Memo::new(move |_| {
        chosen
            .get()
            .and_then(|m| overtraining(&m.evaluation.train, &m.evaluation.test, OUTPUT_BINS).ok())
    });
    let ks_text = move || {
        check.get().map(|check| {
            let [b, s] = check.ks;
            view! {
                <p class="facts" data-testid="ks" data-p-signal=s.p_value data-p-background=b.p_value>
                    "Kolmogorov–Smirnov test, training against test: signal p = " <strong>{format::significant(s.p_value, 3)}</strong>
                    ", background p = " <strong>{format::significant(b.p_value, 3)}</strong>
                    ". A small p-value (below about 0.05) says the output differs on events the model has not seen: it has learned the training events by heart."
                </p>
            }
        })
    };
    view! {
        <h3 class="subhead">"Overtraining check"</h3>
        <PlotCanvas testid="overtraining-canvas" label="Classifier output for training and test events"
            draw=move |area, scale| check.with(|c| c.as_ref().map_or(Ok(()), |c| draw_overtraining(area, c, scale)))
            svg=Callback::new(move |()| {
                let check = check.get().ok_or("there is no check to save")?;
                render_svg((900, 480), |a| draw_overtraining(a, &check, 1.0))
            })
            file_stem=Signal::derive(|| "overtraining".to_owned()) />
        {ks_text}
        {view_code(dataset, chosen, "overtraining.py", |v| v.overtraining(OUTPUT_BINS))}
    }
}

/// The confusion matrix of the test events at the threshold, and its rates.
#[component]
fn ConfusionView(chosen: Signal<Option<Arc<TrainedModel>>>, judging: Judging) -> impl IntoView {
    move || {
        let model = chosen.get()?;
        let t = judging.threshold.get();
        let on = judging.on.get();
        let counted = judging.weights(&model);
        let c = confusion_on(&model.evaluation, on, t, counted).ok()?;
        let caption = confusion_caption(on, model.evaluation.held_out, counted);
        let n = c.normalised_by_truth();
        let cell = |v: f64, f: f64| format!("{} ({:.1} %)", format::significant(v, 4), 100.0 * f);
        Some(view! {
            <table class="confusion" data-testid="confusion" data-on=on.key() data-threshold=t data-tp=c.true_positive data-fp=c.false_positive data-tn=c.true_negative data-fn=c.false_negative>
                <caption>{caption}</caption>
                <thead><tr><th></th><th scope="col">"classified signal"</th><th scope="col">"classified background"</th></tr></thead>
                <tbody>
                    <tr><th scope="row">"true signal"</th><td class="num good">{cell(c.true_positive, n[1][1])}</td><td class="num bad">{cell(c.false_negative, n[1][0])}</td></tr>
                    <tr><th scope="row">"true background"</th><td class="num bad">{cell(c.false_positive, n[0][1])}</td><td class="num good">{cell(c.true_negative, n[0][0])}</td></tr>
                </tbody>
            </table>
            <p class="facts" data-testid="metrics" data-accuracy=c.accuracy() data-precision=c.precision() data-recall=c.recall() data-f1=c.f1()>
                {format!("accuracy {:.4} · precision (purity) {:.4} · recall (efficiency) {:.4} · F1 {:.4}", c.accuracy(), c.precision(), c.recall(), c.f1())}
            </p>
        })
    }
}

/// The confusion matrix and the figures of merit against the threshold.
#[component]
fn ThresholdView(
    models: Compared,
    chosen: Signal<Option<Arc<TrainedModel>>>,
    judging: Judging,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let plot = move |y_title: &'static str, ams: bool, marker: f64, scale: f64| {
        let ams = ams.then(|| AmsSettings {
            basis: judging.basis,
            b_reg: judging.b_reg.get(),
        });
        let judged = (judging.counting.get(), judging.on.get());
        models.with(|m| merit_plot(m, y_title, ams, judged, marker, scale))
    };
    let merit = move |y_title: &'static str,
                      ams: bool,
                      stem: &'static str,
                      label: &'static str,
                      testid: &'static str| {
        view! {
            <div>
                <PlotCanvas testid=testid label=label
                    draw=move |area, scale| draw_lines(area, &plot(y_title, ams, judging.threshold.get(), scale))
                    svg=Callback::new(move |()| render_svg((700, 420), |a| draw_lines(a, &plot(y_title, ams, judging.threshold.get_untracked(), 1.0))))
                    file_stem=Signal::derive(move || stem.to_owned()) />
            </div>
        }
    };
    view! {
        <ConfusionView chosen judging />
        <div class="plot-pair">
            {merit("purity × efficiency", false, "purity-efficiency", "Purity times efficiency versus threshold", "purity-canvas")}
            {merit("AMS", true, "ams", "AMS versus threshold", "ams-canvas")}
        </div>
        {view_code(dataset, chosen, "threshold.py", move |v| v.threshold(&judging.judged(v.model)))}
    }
}

/// Which models the comparison plots draw (`state::evaluation::compared`), and those models: they
/// redraw only when the set they draw changes.
fn comparison(
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    focus: RwSignal<usize>,
) -> (Memo<Vec<usize>>, Compared) {
    let drawn = Memo::new(move |_| compared(models.with(Vec::len), focus.get()));
    let overlaid = Memo::new_with_compare(
        move |_| {
            drawn.with(|d| models.with(|m| d.iter().filter_map(|&i| m.get(i).cloned()).collect()))
        },
        differ,
    );
    (drawn, overlaid.into())
}

/// Whether two lists of models are not the same models (by identity).
fn differ(old: Option<&Vec<Arc<TrainedModel>>>, new: Option<&Vec<Arc<TrainedModel>>>) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => {
            a.len() != b.len() || a.iter().zip(b).any(|(x, y)| !Arc::ptr_eq(x, y))
        }
        _ => true,
    }
}

/// Every trained model, compared and judged.
#[component]
pub fn EvaluatePanel(
    /// The dataset, view and cuts the models were trained on.
    analysis: Analysis,
    /// Every model trained on this page.
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// Views shown (names as in a lesson's evaluate widget; empty: all).
    #[prop(optional)]
    views: Vec<String>,
    /// The output plot's binning and axis (a lesson's widget may set them).
    #[prop(optional)]
    output: OutputSettings,
) -> impl IntoView {
    let heading_id = analysis.id("evaluate-heading");
    let labelled_by = heading_id.clone();
    let views = StoredValue::new(views);
    let shows = move |name: &str| views.with_value(|v| v.is_empty() || v.iter().any(|x| x == name));
    let focus = RwSignal::new(0_usize);
    let judging = Judging {
        threshold: RwSignal::new(DEFAULT_THRESHOLD),
        counting: RwSignal::new(Counting::default()),
        on: RwSignal::new(JudgedOn::default()),
        b_reg: RwSignal::new(default_b_reg(&analysis.dataset)),
        basis: ams_basis(&analysis.dataset),
    };
    let threshold = judging.threshold;
    // One set of threshold controls for every view that reads them, unless the lesson hides it.
    let at_threshold = ["threshold", "report", "selected"].iter().any(|v| shows(v));
    let with_controls = at_threshold && analysis.controls.shows("threshold");
    let with_b_reg = shows("threshold");
    // A newly trained model becomes the chosen one, in a task of its own: the table, the ROC
    // curves and the figures of merit redraw first, the chosen model's views next.
    // Only a new model moves the choice (a model's test part looked at changes nothing).
    Effect::new(move |before: Option<usize>| {
        let n = models.with(Vec::len);
        if n > before.unwrap_or(0) {
            set_timeout(
                move || {
                    let _ = focus.try_set(n - 1);
                },
                std::time::Duration::ZERO,
            );
        }
        n
    });
    // The same model (the same Arc) is no change: its views redraw only when another is chosen.
    let chosen: Signal<Option<Arc<TrainedModel>>> = Memo::new_with_compare(
        move |_| models.with(|m| m.get(focus.get()).cloned()),
        |old, new| match (old, new) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    )
    .into();
    let (drawn, overlaid) = comparison(models, focus);
    let count = Signal::derive(move || models.with(Vec::len));
    let has_models = move || models.with(|m| !m.is_empty());
    let is_tree = move || {
        chosen.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.trained.model, Model::Tree { .. } | Model::Forest(_)))
        })
    };
    // The panel's first appearance draws five plots: mount them one task at a time so the page
    // never freezes for long (each stage is its own timer task).
    let stage = RwSignal::new(0_u8);
    Effect::new(move |_| {
        if has_models() && stage.get_untracked() == 0 {
            advance(stage);
        }
    });
    let from = move |k: u8| move || stage.get() >= k;
    let shown: Vec<&str> = WidgetKind::EVALUATE_VIEWS
        .iter()
        .copied()
        .filter(|v| shows(v))
        .collect();
    let title = WidgetKind::evaluate_title(&shown);
    let dataset = StoredValue::new(analysis.dataset.clone());
    let takes_part = analysis.dataset.catalog.id == CHALLENGE_DATASET;
    view! {
        <section class="panel" aria-labelledby=labelled_by data-testid="evaluate-panel">
            <h2 id=heading_id>{title}</h2>
            <Show when=has_models fallback=|| view! { <p class="hint">"Train a model above: its ROC curve, output distributions, overtraining check and confusion matrix appear here, next to every other model you train."</p> }>
                {shows("models").then(|| view! { <ModelTable models focus drawn dataset /> })}
                {(shows("challenge") && takes_part).then(|| view! { <ChallengeSubmit chosen /> })}
                {with_controls.then(|| view! { <ThresholdControls judging with_b_reg /> })}
                <Show when=from(1)>{shows("roc").then(|| view! { <RocView models=overlaid count chosen dataset=dataset.get_value() /> })}</Show>
                <Show when=from(2)>{shows("output").then(|| view! { <OutputView dataset=dataset.get_value() chosen settings=output threshold /> })}</Show>
                <Show when=from(3)>{shows("overtraining").then(|| view! { <OvertrainingView chosen dataset=dataset.get_value() /> })}</Show>
                <Show when=from(4)>
                    {shows("report").then(|| view! { <ReportView chosen judging dataset=dataset.get_value() /> })}
                    {shows("threshold").then(|| view! { <ThresholdView models=overlaid chosen judging dataset=dataset.get_value() /> })}
                </Show>
                <Show when=from(5)>
                    {shows("scan").then(|| view! {
                        <h3 class="subhead">"Significance of a cut on the output"</h3>
                        <OutputScan model=chosen dataset=dataset.get_value() />
                    })}
                    {shows("selected").then(|| view! {
                        <h3 class="subhead">"Inputs of the selected events"</h3>
                        <SelectedVariables model=chosen threshold dataset=dataset.get_value() />
                    })}
                </Show>
                <Show when=from(6)>
                    {shows("importance").then(|| view! {
                        <h3 class="subhead">"Which inputs matter"</h3>
                        <ImportanceBars model=chosen />
                    })}
                    <Show when=move || shows("tree") && is_tree()>
                        <h3 class="subhead">"The tree"</h3>
                        <TreeDiagram model=chosen />
                    </Show>
                </Show>
            </Show>
        </section>
    }
}
