//! The stacked, weighted histogram of any variable, after the active cuts, with its controls,
//! a table of bin contents per sample as the text alternative, the optional S/B panel under it,
//! and cuts drawn with the pointer: drag across the plot, release, and the cut is added.

use fivesigma_engine::analysis::{
    BinPosition, Binning, CutDirection, StackedHistogram, round_threshold, threshold_cut_text,
};
use fivesigma_engine::data::{Dataset, Role};
use fivesigma_engine::view::{CutEntry, LabView};
use leptos::prelude::*;

use super::s_over_b::SOverBPanel;
use super::{Analysis, ParsedCuts};
use crate::components::PlotCanvas;
use crate::format;
use crate::plots::frame::x_at;
use crate::plots::render_svg;
use crate::plots::stack::{COLOUR_BLIND_SAFE, Layer, StackPlot, draw_stack, parse_colour};

const MAX_BINS: usize = 500;
/// Size of exported SVG plots, in CSS pixels.
const EXPORT_SIZE: (u32, u32) = (960, 540);

/// The variable the histogram shows: the view's, else the first one its lesson scans (the
/// catalog lists thresholds for it), else the dataset's first.
pub fn histogram_variable(view: &LabView, dataset: &Dataset) -> String {
    let variables = dataset.variables();
    view.histogram
        .variable
        .clone()
        .filter(|v| variables.contains(v))
        .or_else(|| {
            dataset
                .catalog
                .variables
                .iter()
                .find(|v| v.thresholds.is_some())
                .map(|v| v.name.clone())
        })
        .or_else(|| variables.first().cloned())
        .unwrap_or_default()
}

/// Everything the plot and the bin table need.
#[derive(Debug, Clone, PartialEq)]
struct Filled {
    plot: StackPlot,
    binning: Binning,
}

fn fill(
    view: &LabView,
    cuts: &ParsedCuts,
    dataset: &Dataset,
    scale: f64,
) -> Result<Filled, String> {
    let variable = histogram_variable(view, dataset);
    let spec = dataset.catalog.variable(&variable);
    let h = &view.histogram;
    let binning = h
        .binning(spec, dataset.range_of(&variable))
        .map_err(|e| e.to_string())?;
    let mut palette_index = 0;
    let mut layers = |role: Role, weighted: bool| -> Result<Vec<Layer>, String> {
        if dataset.with_role(role).next().is_none() {
            return Ok(Vec::new());
        }
        let stack: StackedHistogram = dataset
            .stacked(
                &variable,
                role,
                Some(binning.clone()),
                weighted,
                &cuts.applied,
            )
            .map_err(|e| e.to_string())?;
        Ok(stack
            .layers
            .iter()
            .map(|(name, hist)| {
                let spec = dataset.sample(name).map(|s| s.spec.clone()).ok();
                let colour = if h.colour_blind && role != Role::Data {
                    palette_index += 1;
                    COLOUR_BLIND_SAFE[(palette_index - 1) % COLOUR_BLIND_SAFE.len()]
                } else {
                    parse_colour(spec.as_ref().map_or("#808080", |s| s.color.as_str()))
                };
                Layer {
                    label: spec
                        .as_ref()
                        .map_or(name.clone(), |s| s.display_name().to_owned()),
                    color: colour,
                    sumw: hist.sumw.clone(),
                    errors: hist.errors(),
                }
            })
            .collect())
    };
    let backgrounds = layers(Role::Background, h.weighted)?;
    let signals = layers(Role::Signal, h.weighted)?;
    // Data are counted, never weighted.
    let data = layers(Role::Data, false)?.into_iter().reduce(|mut a, b| {
        for (x, y) in a.sumw.iter_mut().zip(&b.sumw) {
            *x += y;
        }
        a.errors = a.sumw.iter().map(|v| v.abs().sqrt()).collect();
        a
    });
    let unit = spec.and_then(|s| s.unit.clone()).unwrap_or_default();
    let widths = binning
        .edges()
        .windows(2)
        .map(|w| w[1] - w[0])
        .collect::<Vec<_>>();
    let uniform = widths
        .windows(2)
        .all(|w| (w[0] - w[1]).abs() < 1e-9 * w[0].abs().max(1.0));
    let per_bin = if uniform {
        format!("{} {unit}", format::significant(widths[0], 3))
            .trim()
            .to_owned()
    } else {
        "bin".to_owned()
    };
    let y_title = match (h.normalised, h.weighted) {
        (true, _) => "Fraction of events / bin".to_owned(),
        (false, true) => format!("Weighted events / {per_bin}"),
        (false, false) => format!("Simulated events / {per_bin}"),
    };
    Ok(Filled {
        plot: StackPlot {
            edges: binning.edges().to_vec(),
            backgrounds,
            signals,
            data,
            x_title: spec.map_or(variable.clone(), |s| s.axis_title()),
            y_title,
            log_y: h.log_y,
            normalised: h.normalised,
            scale,
        },
        binning,
    })
}

/// The readout for the bin under the pointer: its range and every layer's content.
fn hovered_bin(filled: &Result<Filled, String>, css_x: f64, width_css: f64) -> Option<String> {
    let filled = filled.as_ref().ok()?;
    let edges = &filled.plot.edges;
    let x = x_at(css_x, width_css, edges[0]..edges[edges.len() - 1])?;
    let BinPosition::Bin(i) = filled.binning.find(x) else {
        return None;
    };
    let layers = filled
        .plot
        .backgrounds
        .iter()
        .chain(&filled.plot.signals)
        .chain(&filled.plot.data);
    let parts: Vec<String> = layers
        .map(|l| format!("{} {}", l.label, format::significant(l.sumw[i], 4)))
        .collect();
    Some(format!(
        "[{}, {}): {}",
        format::significant(edges[i], 4),
        format::significant(edges[i + 1], 4),
        parts.join(" · ")
    ))
}

/// A cut being drawn with the pointer: where the drag started and where the pointer is (CSS
/// pixels from the canvas's left edge), and the axis value under it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    start_css: f64,
    at_css: f64,
    value: f64,
}

/// Pointer movement (CSS pixels) that turns a press into a drag: a plain click adds no cut.
const DRAG_MIN_CSS: f64 = 4.0;

/// The cut a drag ending at `value` adds: rounded to a step that suits the axis.
fn dragged_cut(filled: &Filled, variable: &str, direction: CutDirection, value: f64) -> String {
    let span = filled.binning.hi() - filled.binning.lo();
    threshold_cut_text(variable, direction, round_threshold(value, span))
}

/// Controls, plot and bin table.
#[component]
pub fn StackPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let heading_id = analysis.id("stack-heading");
    let labelled_by = heading_id.clone();
    let sb_analysis = analysis.clone();
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
        Memo::new(move |_| view.with(|v| histogram_variable(v, &dataset)))
    };
    let filled = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| cuts.with(|c| fill(v, c, &dataset, 1.0))))
    };
    let draw = move |area: &crate::components::CanvasArea, scale: f64| {
        let Ok(filled) = filled.get() else {
            return Ok(());
        };
        let plot = StackPlot {
            scale,
            ..filled.plot
        };
        draw_stack(area, &plot)
    };
    let set = move |f: &dyn Fn(&mut LabView)| view.update(|v| f(v));
    let hover = RwSignal::new(None::<String>);
    let drag = RwSignal::new(None::<Drag>);
    let keep_above = RwSignal::new(true);
    let direction = move || {
        if keep_above.get() {
            CutDirection::Above
        } else {
            CutDirection::Below
        }
    };
    let edges = Memo::new(move |_| filled.get().ok().map(|f| f.plot.edges));
    let x_title = Memo::new(move |_| filled.get().map(|f| f.plot.x_title).unwrap_or_default());
    let preview = move || {
        let d = drag
            .get()
            .filter(|d| (d.at_css - d.start_css).abs() >= DRAG_MIN_CSS)?;
        let filled = filled.get().ok()?;
        Some((
            d.at_css,
            dragged_cut(&filled, &variable.get(), direction(), d.value),
        ))
    };
    // The axis value under a pointer event on the canvas (None elsewhere or off the axis).
    let value_at = move |ev: &leptos::ev::PointerEvent| -> Option<(f64, f64)> {
        let target = event_target::<web_sys::HtmlElement>(ev);
        if target.tag_name() != "CANVAS" {
            return None;
        }
        let css_x = f64::from(ev.offset_x());
        let filled = filled.get_untracked().ok()?;
        let edges = &filled.plot.edges;
        let value = x_at(
            css_x,
            f64::from(target.client_width()),
            edges[0]..edges[edges.len() - 1],
        )?;
        Some((css_x, value))
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some((css_x, value)) = value_at(&ev) {
            let target = event_target::<web_sys::HtmlElement>(&ev);
            // Keep receiving moves when the pointer leaves the canvas mid-drag.
            let _ = target.set_pointer_capture(ev.pointer_id());
            drag.set(Some(Drag {
                start_css: css_x,
                at_css: css_x,
                value,
            }));
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if drag.get_untracked().is_none() {
            return;
        }
        if let Some((css_x, value)) = value_at(&ev) {
            drag.update(|d| {
                if let Some(d) = d {
                    d.at_css = css_x;
                    d.value = value;
                }
            });
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| {
        let Some(d) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        if (d.at_css - d.start_css).abs() < DRAG_MIN_CSS {
            return;
        }
        let Ok(filled) = filled.get_untracked() else {
            return;
        };
        let dir = if keep_above.get_untracked() {
            CutDirection::Above
        } else {
            CutDirection::Below
        };
        let text = dragged_cut(&filled, &variable.get_untracked(), dir, d.value);
        view.update(|v| {
            v.cuts.push(CutEntry {
                text,
                enabled: true,
            })
        });
    };
    let bound = move |lo: bool| {
        filled
            .get()
            .map(|f| format::significant(if lo { f.binning.lo() } else { f.binning.hi() }, 6))
            .unwrap_or_default()
    };
    // A new lower or upper edge keeps the other one as drawn; an empty or reversed range resets.
    let set_bound = move |ev: &leptos::ev::Event, lo: bool| {
        let typed = event_target_value(ev)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite());
        let other = filled
            .get_untracked()
            .ok()
            .map(|f| if lo { f.binning.hi() } else { f.binning.lo() });
        let range = typed
            .zip(other)
            .map(|(t, o)| if lo { (t, o) } else { (o, t) })
            .filter(|(a, b)| a < b);
        set(&|view| view.histogram.range = range);
    };
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Histogram"</h2>
            <div class="controls">
                {shows("variable").then(|| view! {
                <label>"Variable "
                    <select data-testid="stack-variable" prop:value=move || variable.get()
                        on:change=move |ev| { let v = event_target_value(&ev); set(&|view| { view.histogram.variable = Some(v.clone()); view.histogram.range = None; }); }>
                        {variables.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
                })}
                {shows("bins").then(|| view! {
                <label>"Bins "
                    <input type="number" min="1" max=MAX_BINS class="short" data-testid="stack-bins"
                        prop:value=move || filled.get().map(|f| f.binning.n_bins().to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let n = event_target_value(&ev).trim().parse::<usize>().ok().map(|n| n.clamp(1, MAX_BINS));
                            set(&|view| view.histogram.bins = n);
                        } />
                </label>
                })}
                {shows("range").then(|| view! {
                <label>"From "
                    <input type="number" step="any" class="short" data-testid="stack-lo"
                        prop:value=move || bound(true) on:change=move |ev| set_bound(&ev, true) />
                </label>
                })}
                {shows("range").then(|| view! {
                <label>"to "
                    <input type="number" step="any" class="short" data-testid="stack-hi"
                        prop:value=move || bound(false) on:change=move |ev| set_bound(&ev, false) />
                </label>
                })}
                {shows("weighted").then(|| view! {
                <label><input type="checkbox" data-testid="stack-weighted" prop:checked=move || view.with(|v| v.histogram.weighted)
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|v| v.histogram.weighted = on); } />" weighted"</label>
                })}
                {shows("log").then(|| view! {
                <label><input type="checkbox" data-testid="stack-log" prop:checked=move || view.with(|v| v.histogram.log_y)
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|v| v.histogram.log_y = on); } />" log y"</label>
                })}
                {shows("normalised").then(|| view! {
                <label><input type="checkbox" data-testid="stack-normalised" prop:checked=move || view.with(|v| v.histogram.normalised)
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|v| v.histogram.normalised = on); } />" normalised shapes"</label>
                })}
                {shows("colours").then(|| view! {
                <label><input type="checkbox" data-testid="stack-colour-blind" prop:checked=move || view.with(|v| v.histogram.colour_blind)
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|v| v.histogram.colour_blind = on); } />" colour-blind-safe colours"</label>
                })}
                {shows("sb").then(|| view! {
                <label><input type="checkbox" data-testid="stack-sb" prop:checked=move || view.with(|v| v.histogram.s_over_b_panel)
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|v| v.histogram.s_over_b_panel = on); } />" S/B panel"</label>
                })}
                {shows("drag").then(|| view! {
                <label>"Dragging across the plot adds a cut that keeps "
                    <select data-testid="stack-drag-keep" prop:value=move || if keep_above.get() { "above" } else { "below" }
                        on:change=move |ev| keep_above.set(event_target_value(&ev) != "below")>
                        <option value="above">"events above"</option>
                        <option value="below">"events below"</option>
                    </select>
                </label>
                })}
            </div>
            <div class="plot-hover" class:dragging=move || preview().is_some()
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                on:pointercancel=move |_| drag.set(None)
                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { drag.set(None) }
                on:mousemove=move |ev: leptos::ev::MouseEvent| {
                    // Only the canvas itself (not the save buttons under it) maps onto the axis.
                    let target = event_target::<web_sys::HtmlElement>(&ev);
                    let readout = (target.tag_name() == "CANVAS").then(|| {
                        hovered_bin(&filled.get_untracked(), f64::from(ev.offset_x()), f64::from(target.client_width()))
                    });
                    hover.set(readout.flatten());
                } on:mouseleave=move |_| hover.set(None)>
            <PlotCanvas draw label=Signal::derive(move || format!("Stacked histogram of {}", variable.get())) testid="stack-canvas"
                svg=Callback::new(move |()| {
                    let filled = filled.get_untracked()?;
                    let plot = StackPlot { scale: 1.0, ..filled.plot };
                    render_svg(EXPORT_SIZE, |area| draw_stack(area, &plot))
                })
                file_stem=Signal::derive(move || format!("histogram-{}", variable.get())) />
            {move || preview().map(|(css_x, text)| view! {
                <div class="drag-line" data-testid="stack-drag-line" style=format!("left: {css_x}px")>
                    <span class="drag-label">{text}</span>
                </div>
            })}
            </div>
            <p class="readout" data-testid="stack-readout" aria-live="polite">
                {move || match preview() {
                    Some((_, text)) => format!("Release to add the cut {text}."),
                    None => hover.get().unwrap_or_else(|| "Point at a bar to read its contents; drag across the plot to draw a cut.".to_owned()),
                }}
            </p>
            {move || view.with(|v| v.histogram.s_over_b_panel).then(|| view! {
                <SOverBPanel analysis=sb_analysis.clone() variable edges x_title />
            })}
            {move || match filled.get() {
                Ok(f) => view! { <StackTable plot=f.plot /> }.into_any(),
                Err(message) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
            }}
        </section>
    }
}

/// Per-bin contents of every layer, for screen readers and exact reading.
#[component]
fn StackTable(plot: StackPlot) -> impl IntoView {
    let layers: Vec<Layer> = plot
        .backgrounds
        .iter()
        .chain(&plot.signals)
        .chain(&plot.data)
        .cloned()
        .collect();
    let n = plot.edges.len().saturating_sub(1);
    let totals: Vec<f64> = layers.iter().map(|l| l.sumw.iter().sum()).collect();
    view! {
        <details class="bin-table">
            <summary>"Bin contents as a table"</summary>
            <div class="table-scroll">
            <table data-testid="stack-table">
                <thead><tr>
                    <th scope="col">"From"</th><th scope="col">"To"</th>
                    {layers.iter().map(|l| view! { <th scope="col" class="num">{l.label.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {(0..n).map(|i| view! {
                        <tr>
                            <td>{format::significant(plot.edges[i], 5)}</td>
                            <td>{format::significant(plot.edges[i + 1], 5)}</td>
                            {layers.iter().map(|l| view! { <td class="num">{format::significant(l.sumw[i], 4)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr class="total-row">
                        <th scope="row" colspan="2">"In range"</th>
                        {totals.iter().map(|t| view! { <td class="num">{format::significant(*t, 5)}</td> }).collect_view()}
                    </tr>
                </tbody>
            </table>
            </div>
        </details>
    }
}
