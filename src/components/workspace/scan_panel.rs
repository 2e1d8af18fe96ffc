//! The significance scan: a figure of merit versus a cut on one variable (after the active cuts),
//! its optimum, and one click to apply the optimum as a cut. Which variable, measure and
//! thresholds are the view's decisions (`LabView::scan_variable`, `LabView::scan_settings`).

use fivesigma_engine::analysis::{CutDirection, Scan, threshold_cut_text};
use fivesigma_engine::data::Dataset;
use fivesigma_engine::state::scan_table::table_rows;
use fivesigma_engine::state::{Choice, Measure, ParsedCuts, ThresholdMode};
use fivesigma_engine::view::lab::parse_threshold_list;
use fivesigma_engine::view::{CutEntry, LabView, ThresholdChoice};
use leptos::prelude::*;

use crate::components::PythonCode;

use crate::components::PlotCanvas;
use crate::components::analysis::{Analysis, Panel};
use crate::components::choice::options;
use crate::format;
use crate::plots::render_svg;
use crate::plots::scan::{ScanLabels, draw_scan};

type ScanResult = Result<(String, Scan), String>;

fn run(view: &LabView, cuts: &ParsedCuts, dataset: &Dataset) -> ScanResult {
    let variable = view.scan_variable(dataset);
    let settings = view.scan_settings(dataset, &variable);
    let scan = dataset
        .scan(&variable, &cuts.applied, &settings)
        .map_err(|e| e.to_string())?;
    Ok((variable, scan))
}

/// The plot's axis titles.
fn labels(view: &LabView, dataset: &Dataset, variable: &str, scale: f64) -> ScanLabels {
    let keep = if view.scan.direction == CutDirection::Above {
        "keep >"
    } else {
        "keep <"
    };
    let title = dataset
        .catalog
        .variable(variable)
        .map_or_else(|| variable.to_owned(), |v| v.axis_title());
    ScanLabels {
        title: format!("{} of a cut on {variable}", view.scan.measure.label()),
        x: format!("cut on {title} ({keep})"),
        y: view.scan.measure.label(),
        scale,
        x_range: None,
    }
}

/// The measure menu, with AMS's b_r beside it.
#[component]
fn MeasureChoice(view: RwSignal<LabView>) -> impl IntoView {
    let on_measure = move |ev| {
        if let Some(m) = Measure::from_key(&event_target_value(&ev)) {
            view.update(|v| v.scan.measure = m.with_b_reg_of(&v.scan.measure));
        }
    };
    let b_reg = move || match view.with(|v| v.scan.measure) {
        fivesigma_engine::analysis::Significance::Ams { b_reg } => Some(view! {
            <label>"b_r "
                <input type="number" min="0" step="any" class="short" data-testid="scan-breg" prop:value=b_reg.to_string()
                    on:change=move |ev| {
                        if let Some(b) = event_target_value(&ev).trim().parse::<f64>().ok().filter(|b| b.is_finite() && *b >= 0.0) {
                            view.update(|v| v.scan.measure = fivesigma_engine::analysis::Significance::Ams { b_reg: b });
                        }
                    } />
            </label>
        }),
        _ => None,
    };
    view! {
        <label>"Measure "
            <select data-testid="scan-measure" prop:value=move || view.with(|v| Measure::of(&v.scan.measure).key()) on:change=on_measure>
                {options::<Measure>()}
            </select>
        </label>
        {b_reg}
    }
}

/// The thresholds menu, and the student's own list when chosen.
#[component]
fn ThresholdsChoice(
    view: RwSignal<LabView>,
    mode: Signal<ThresholdMode>,
    custom_mode: RwSignal<bool>,
) -> impl IntoView {
    let custom_text = RwSignal::new(view.with_untracked(|v| {
        match &v.scan.thresholds {
            ThresholdChoice::List(list) => list
                .iter()
                .map(|x| format::significant(*x, 6))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }));
    let custom_error = RwSignal::new(None::<String>);
    let apply_custom = move || match parse_threshold_list(&custom_text.get_untracked()) {
        Some(list) => {
            custom_error.set(None);
            view.update(|v| v.scan.thresholds = ThresholdChoice::List(list));
        }
        None => custom_error.set(Some(
            "Type numbers in increasing order, separated by commas.".into(),
        )),
    };
    let on_mode = move |ev| {
        let chosen =
            ThresholdMode::from_key(&event_target_value(&ev)).unwrap_or(ThresholdMode::Lesson);
        // "My own list" shows its text box at once, before a valid list has been typed.
        custom_mode.set(chosen == ThresholdMode::Custom);
        match chosen {
            ThresholdMode::Every => view.update(|v| v.scan.thresholds = ThresholdChoice::Every),
            ThresholdMode::Lesson => view.update(|v| v.scan.thresholds = ThresholdChoice::Lesson),
            ThresholdMode::Custom => {
                if !custom_text.get_untracked().trim().is_empty() {
                    apply_custom();
                }
            }
        }
    };
    view! {
        <label>"Thresholds "
            <select data-testid="scan-thresholds" prop:value=move || mode.get().key() on:change=on_mode>
                {options::<ThresholdMode>()}
            </select>
        </label>
        <Show when=move || mode.get() == ThresholdMode::Custom>
            <label>"List "
                <input type="text" data-testid="scan-custom" prop:value=move || custom_text.get()
                    on:input=move |ev| custom_text.set(event_target_value(&ev))
                    on:change=move |_| apply_custom() />
            </label>
        </Show>
        {move || custom_error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
    }
}

/// The best point, and the button that applies it as a cut (where the panel may add cuts).
#[component]
fn ScanOptimum(
    view: RwSignal<LabView>,
    result: Memo<ScanResult>,
    can_apply: bool,
) -> impl IntoView {
    move || match result.get() {
        Ok((name, scan)) => {
            let (measure, direction) = view.with(|v| (v.scan.measure, v.scan.direction));
            let Some(best) = scan.best_point() else {
                return view! { <p class="notice">"No threshold gives a defined value: every point has no background left."</p> }.into_any();
            };
            let value = best.value.unwrap_or(f64::NAN);
            let cut = threshold_cut_text(&name, direction, best.threshold);
            let apply = cut.clone();
            let already = view.with(|v| v.cuts.iter().any(|c| c.text == cut));
            view! {
                <p class="optimum" data-testid="scan-optimum" data-threshold=best.threshold data-value=value>
                    "Best " {measure.label()} " = " <strong>{format::significant(value, 4)}</strong>
                    " for " <code>{cut.clone()}</code>
                    {format!(" (S = {}, B = {})", format::significant(best.signal, 4), format::significant(best.background, 4))}
                </p>
                {can_apply.then(|| view! {
                    <button class="button" data-testid="scan-apply" disabled=already
                        on:click=move |_| view.update(|v| v.cuts.push(CutEntry::on(&apply)))>
                        {if already { "Applied as a cut" } else { "Apply as a cut" }}
                    </button>
                })}
            }.into_any()
        }
        Err(message) => {
            view! { <p class="error-box" role="alert" data-testid="scan-error">{message}</p> }
                .into_any()
        }
    }
}

/// The scan's points for exact reading: all of them, or evenly spaced ones with the best among
/// them and a note (`state::scan_table`). The rows are built only while the table is open: a scan
/// of 10⁶ events changes with every choice, and hundreds of rows nobody looks at cost the page
/// tens of milliseconds each time.
#[component]
fn ScanTable(result: Memo<ScanResult>) -> impl IntoView {
    let open = RwSignal::new(false);
    let table = move || {
        if !open.get() {
            return None;
        }
        result.get().ok().map(|(_, scan)| {
            let best = scan.best_index();
            let shown = table_rows(scan.points.len(), best);
            let rows = shown.rows.iter().map(|&i| (i, &scan.points[i])).map(|(i, p)| view! {
                <tr data-testid="scan-row" class:best=best == Some(i)>
                    <td class="num">{format::significant(p.threshold, 5)}</td>
                    <td class="num">{format::significant(p.signal, 4)}</td>
                    <td class="num">{format::significant(p.background, 4)}</td>
                    // Why a point is undefined goes in a tooltip: the sentence would stretch the
                    // column past the panel's width.
                    {match p.value {
                        Ok(v) => view! { <td class="num">{format::significant(v, 4)}</td> }.into_any(),
                        Err(why) => view! { <td class="num" title=why.to_string()>"undefined"</td> }.into_any(),
                    }}
                </tr>
            }).collect_view();
            view! {
                {shown.note.map(|n| view! { <p class="hint" data-testid="scan-table-note">{n}</p> })}
                <div class="table-scroll">
                <table data-testid="scan-table">
                    <thead><tr><th scope="col" class="num">"Cut"</th><th scope="col" class="num">"S"</th><th scope="col" class="num">"B"</th><th scope="col" class="num">"Value"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            }
        })
    };
    view! {
        <details class="bin-table"
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Every point as a table"</summary>
            {table}
        </details>
    }
}

/// What the scan's thresholds are, under the controls.
fn thresholds_hint(dataset: &Dataset, variable: &str, mode: ThresholdMode) -> String {
    let lesson = dataset
        .catalog
        .variable(variable)
        .and_then(|v| v.thresholds.clone());
    match (lesson, mode) {
        (Some(list), ThresholdMode::Lesson) => format!(
            "Thresholds from the lesson: {}.",
            list.iter()
                .map(|x| format::significant(*x, 4))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (None, ThresholdMode::Lesson) => {
            "This variable has no lesson list: every value is scanned.".to_owned()
        }
        _ => String::new(),
    }
}

/// Controls, plot, optimum and the points as a table.
#[component]
pub fn ScanPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let Panel {
        heading_id,
        labelled_by,
        shows,
        dataset,
        view,
        cuts,
    } = analysis.panel("scan-heading");
    let has_source = analysis.source.is_some();
    let python = analysis.python(|lab| lab.scan_snippet());
    let variables = dataset.variables();
    let variable = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| v.scan_variable(&dataset)))
    };
    let result = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| cuts.with(|c| run(v, c, &dataset))))
    };
    let custom_mode = RwSignal::new(
        view.with_untracked(|v| matches!(v.scan.thresholds, ThresholdChoice::List(_))),
    );
    let mode = Signal::derive(move || {
        if custom_mode.get() {
            ThresholdMode::Custom
        } else {
            view.with(|v| v.scan.thresholds.mode())
        }
    });
    let plot_input = {
        let dataset = dataset.clone();
        move |scale: f64| -> Option<(Scan, ScanLabels)> {
            let (name, scan) = result.get().ok()?;
            Some((scan, view.with(|v| labels(v, &dataset, &name, scale))))
        }
    };
    let for_svg = plot_input.clone();
    let draw = move |area: &crate::components::CanvasArea, scale: f64| match plot_input(scale) {
        Some((scan, labels)) => draw_scan(area, &scan, &labels),
        None => Ok(()),
    };
    let hint = move || thresholds_hint(&dataset, &variable.get(), mode.get());
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Significance scan"</h2>
            <div class="controls">
                {shows("variable").then(|| view! {
                    <label>"Variable "
                        <select data-testid="scan-variable" prop:value=move || variable.get()
                            on:change=move |ev| { let v = event_target_value(&ev); view.update(|view| view.scan.variable = Some(v)); }>
                            {variables.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                {shows("measure").then(|| view! { <MeasureChoice view /> })}
                {shows("direction").then(|| view! {
                    <label>"Keep events "
                        <select data-testid="scan-direction" prop:value=move || view.with(|v| v.scan.direction.key())
                            on:change=move |ev| if let Some(d) = CutDirection::from_key(&event_target_value(&ev)) { view.update(|v| v.scan.direction = d) }>
                            {options::<CutDirection>()}
                        </select>
                    </label>
                })}
                {shows("thresholds").then(|| view! { <ThresholdsChoice view mode custom_mode /> })}
            </div>
            <p class="hint">
                {hint}
                " S is the weighted sum over signal samples and B over backgrounds, after the switched-on cuts. "
                "Where B ≤ 0 (possible with negative weights) the value is undefined: the line breaks and a grey × marks the cut."
            </p>
            <PlotCanvas draw label=Signal::derive(move || format!("Significance versus a cut on {}", variable.get())) testid="scan-canvas"
                svg=Callback::new(move |()| {
                    let (scan, labels) = for_svg(1.0).ok_or("there is no scan to save")?;
                    render_svg((960, 480), |area| draw_scan(area, &scan, &labels))
                })
                file_stem=Signal::derive(move || format!("scan-{}", variable.get())) />
            // A lesson's scan has no cut list to add to unless it shows the "apply" control.
            <ScanOptimum view result can_apply=shows("apply") />
            <ScanTable result />
            <PythonCode code=python file_name="scan.py" available=has_source />
        </section>
    }
}
