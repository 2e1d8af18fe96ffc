//! The significance scan: a figure of merit versus a cut on one variable (after the active cuts),
//! its optimum, and one click to apply the optimum as a cut.

use fivesigma_engine::analysis::{
    CutDirection, Scan, ScanSettings, Significance, threshold_cut_text,
};
use fivesigma_engine::data::Dataset;
use fivesigma_engine::view::lab::{DEFAULT_AMS_B_REG, parse_threshold_list};
use fivesigma_engine::view::{CutEntry, LabView, ThresholdChoice};
use leptos::prelude::*;

use super::stack_panel::histogram_variable;
use super::{Analysis, ParsedCuts};
use crate::components::PlotCanvas;
use crate::format;
use crate::plots::render_svg;
use crate::plots::scan::{ScanLabels, draw_scan};

/// The scanned variable: the scan's own, else the histogram's.
fn scan_variable(view: &LabView, dataset: &Dataset) -> String {
    view.scan
        .variable
        .clone()
        .filter(|v| dataset.variables().contains(v))
        .unwrap_or_else(|| histogram_variable(view, dataset))
}

fn run(view: &LabView, cuts: &ParsedCuts, dataset: &Dataset) -> Result<(String, Scan), String> {
    let variable = scan_variable(view, dataset);
    let lesson = dataset
        .catalog
        .variable(&variable)
        .and_then(|v| v.thresholds.as_deref());
    let settings = ScanSettings {
        measure: view.scan.measure,
        direction: view.scan.direction,
        thresholds: view.scan.thresholds.resolve(lesson),
        min_background: 0.0,
    };
    let scan = dataset
        .scan(&variable, &cuts.applied, &settings)
        .map_err(|e| e.to_string())?;
    Ok((variable, scan))
}

const MEASURES: [(&str, &str); 5] = [
    ("s_sqrt_b", "S/√B"),
    ("s_sqrt_s_b", "S/√(S+B)"),
    ("s_b", "S/B"),
    ("ams", "AMS"),
    ("asimov", "Asimov Z"),
];

fn measure_key(m: &Significance) -> &'static str {
    match m {
        Significance::SOverSqrtB => "s_sqrt_b",
        Significance::SOverSqrtSPlusB => "s_sqrt_s_b",
        Significance::SOverB => "s_b",
        Significance::Ams { .. } => "ams",
        Significance::AsimovZ => "asimov",
    }
}

/// Controls, plot, optimum and the points as a table.
#[component]
pub fn ScanPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let heading_id = analysis.id("scan-heading");
    let labelled_by = heading_id.clone();
    let controls = analysis.controls.clone();
    let shows = move |name: &str| controls.shows(name);
    let Analysis {
        dataset,
        view,
        cuts,
        ..
    } = analysis;
    let variables = dataset.variables();
    let variable = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| scan_variable(v, &dataset)))
    };
    let result = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| cuts.with(|c| run(v, c, &dataset))))
    };
    let has_lesson_list = {
        let dataset = dataset.clone();
        move || {
            let name = variable.get();
            dataset
                .catalog
                .variable(&name)
                .and_then(|v| v.thresholds.clone())
        }
    };
    let axis_title = {
        let dataset = dataset.clone();
        move |name: &str| {
            dataset
                .catalog
                .variable(name)
                .map_or_else(|| name.to_owned(), |v| v.axis_title())
        }
    };
    let plot_input = move |scale: f64| -> Option<(Scan, ScanLabels)> {
        let (name, scan) = result.get().ok()?;
        let (measure, direction) = view.with(|v| (v.scan.measure, v.scan.direction));
        let keep = if direction == CutDirection::Above {
            "keep >"
        } else {
            "keep <"
        };
        let labels = ScanLabels {
            x: format!("cut on {} ({keep})", axis_title(&name)),
            y: measure.label(),
            scale,
            x_range: None,
        };
        Some((scan, labels))
    };
    let for_svg = plot_input.clone();
    let draw = move |area: &crate::components::CanvasArea, scale: f64| match plot_input(scale) {
        Some((scan, labels)) => draw_scan(area, &scan, &labels),
        None => Ok(()),
    };
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
    // "My own list" shows its text box at once, before a valid list has been typed.
    let custom_mode = RwSignal::new(
        view.with_untracked(|v| matches!(v.scan.thresholds, ThresholdChoice::List(_))),
    );
    let threshold_mode = move || {
        if custom_mode.get() {
            return "custom";
        }
        view.with(|v| match v.scan.thresholds {
            ThresholdChoice::Lesson => "lesson",
            ThresholdChoice::Every => "every",
            ThresholdChoice::List(_) => "custom",
        })
    };
    let apply_custom = move || match parse_threshold_list(&custom_text.get_untracked()) {
        Some(list) => {
            custom_error.set(None);
            view.update(|v| v.scan.thresholds = ThresholdChoice::List(list));
        }
        None => custom_error.set(Some(
            "Type numbers in increasing order, separated by commas.".into(),
        )),
    };
    // A lesson's scan has no cut list to add to unless it shows the "apply" control.
    let can_apply = shows("apply");
    let optimum = move || match result.get() {
        Ok((name, scan)) => {
            let measure = view.with(|v| v.scan.measure);
            let direction = view.with(|v| v.scan.direction);
            match scan.best_point() {
                Some(best) => {
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
                                on:click=move |_| view.update(|v| v.cuts.push(CutEntry { text: apply.clone(), enabled: true }))>
                                {if already { "Applied as a cut" } else { "Apply as a cut" }}
                            </button>
                        })}
                    }.into_any()
                }
                None => view! { <p class="notice">"No threshold gives a defined value: every point has no background left."</p> }.into_any(),
            }
        }
        Err(message) => {
            view! { <p class="error-box" role="alert" data-testid="scan-error">{message}</p> }
                .into_any()
        }
    };
    let points = move || {
        result.get().ok().map(|(_, scan)| {
            view! {
                <details class="bin-table">
                    <summary>"Every point as a table"</summary>
                    <div class="table-scroll">
                    <table data-testid="scan-table">
                        <thead><tr><th scope="col" class="num">"Cut"</th><th scope="col" class="num">"S"</th><th scope="col" class="num">"B"</th><th scope="col" class="num">"Value"</th></tr></thead>
                        <tbody>
                            {scan.points.iter().take(2000).map(|p| view! {
                                <tr>
                                    <td class="num">{format::significant(p.threshold, 5)}</td>
                                    <td class="num">{format::significant(p.signal, 4)}</td>
                                    <td class="num">{format::significant(p.background, 4)}</td>
                                    <td class="num">{match p.value {
                                        Ok(v) => format::significant(v, 4),
                                        Err(why) => format!("undefined: {why}"),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                </details>
            }
        })
    };
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
    {shows("measure").then(|| view! {
                    <label>"Measure "
                        <select data-testid="scan-measure" prop:value=move || view.with(|v| measure_key(&v.scan.measure))
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                view.update(|v| v.scan.measure = match key.as_str() {
                                    "s_sqrt_s_b" => Significance::SOverSqrtSPlusB,
                                    "s_b" => Significance::SOverB,
                                    "ams" => Significance::Ams { b_reg: DEFAULT_AMS_B_REG },
                                    "asimov" => Significance::AsimovZ,
                                    _ => Significance::SOverSqrtB,
                                });
                            }>
                            {MEASURES.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                        </select>
                    </label>
                    {move || view.with(|v| match v.scan.measure {
                        Significance::Ams { b_reg } => Some(view! {
                            <label>"b_r "
                                <input type="number" min="0" step="any" class="short" data-testid="scan-breg" prop:value=b_reg.to_string()
                                    on:change=move |ev| {
                                        if let Some(b) = event_target_value(&ev).trim().parse::<f64>().ok().filter(|b| b.is_finite() && *b >= 0.0) {
                                            view.update(|v| v.scan.measure = Significance::Ams { b_reg: b });
                                        }
                                    } />
                            </label>
                        }),
                        _ => None,
                    })}
                    })}
    {shows("direction").then(|| view! {
                    <label>"Keep events "
                        <select data-testid="scan-direction" prop:value=move || view.with(|v| if v.scan.direction == CutDirection::Below { "lt" } else { "gt" })
                            on:change=move |ev| {
                                let below = event_target_value(&ev) == "lt";
                                view.update(|v| v.scan.direction = if below { CutDirection::Below } else { CutDirection::Above });
                            }>
                            <option value="gt">"above the cut (>)"</option>
                            <option value="lt">"below the cut (<)"</option>
                        </select>
                    </label>
                    })}
    {shows("thresholds").then(|| view! {
                    <label>"Thresholds "
                        <select data-testid="scan-thresholds" prop:value=threshold_mode
                            on:change=move |ev| {
                                let mode = event_target_value(&ev);
                                custom_mode.set(mode == "custom");
                                match mode.as_str() {
                                    "every" => view.update(|v| v.scan.thresholds = ThresholdChoice::Every),
                                    "custom" => if !custom_text.get_untracked().trim().is_empty() { apply_custom() },
                                    _ => view.update(|v| v.scan.thresholds = ThresholdChoice::Lesson),
                                }
                            }>
                            <option value="lesson">"the lesson's list"</option>
                            <option value="every">"every value (full resolution)"</option>
                            <option value="custom">"my own list"</option>
                        </select>
                    </label>
                    <Show when=move || threshold_mode() == "custom">
                        <label>"List "
                            <input type="text" data-testid="scan-custom" prop:value=move || custom_text.get()
                                on:input=move |ev| custom_text.set(event_target_value(&ev))
                                on:change=move |_| apply_custom() />
                        </label>
                    </Show>
                    })}
                </div>
                <p class="hint">
                    {move || match has_lesson_list() {
                        Some(list) if threshold_mode() == "lesson" => format!(
                            "Thresholds from the lesson: {}.",
                            list.iter().map(|x| format::significant(*x, 4)).collect::<Vec<_>>().join(", ")
                        ),
                        None if threshold_mode() == "lesson" => "This variable has no lesson list: every value is scanned.".to_owned(),
                        _ => String::new(),
                    }}
                    " S is the weighted sum over signal samples and B over backgrounds, after the switched-on cuts. "
                    "Where B ≤ 0 (possible with negative weights) the value is undefined: the line breaks and a grey × marks the cut."
                </p>
                {move || custom_error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
                <PlotCanvas draw label=Signal::derive(move || format!("Significance versus a cut on {}", variable.get())) testid="scan-canvas"
                    svg=Callback::new(move |()| {
                        let (scan, labels) = for_svg(1.0).ok_or("there is no scan to save")?;
                        render_svg((960, 480), |area| draw_scan(area, &scan, &labels))
                    })
                    file_stem=Signal::derive(move || format!("scan-{}", variable.get())) />
                {optimum}
                {points}
            </section>
        }
}
