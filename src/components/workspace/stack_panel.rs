//! The stacked, weighted histogram of any variable, after the active cuts, with its controls,
//! a table of bin contents per sample as the text alternative, the optional S/B panel under it,
//! and cuts drawn with the pointer: drag across the plot, release, and the cut is added.

use fivesigma_engine::analysis::{
    BinPosition, Binning, CutDirection, StackedHistogram, round_threshold, threshold_cut_text,
};
use fivesigma_engine::data::{Dataset, Role};
use fivesigma_engine::state::histogram;
use fivesigma_engine::view::{CutEntry, HistogramView, LabView};
use leptos::prelude::*;

use crate::components::PythonCode;

use super::s_over_b::SOverBPanel;
use fivesigma_engine::state::ParsedCuts;

use crate::components::PlotCanvas;
use crate::components::analysis::{Analysis, Panel};
use crate::format;
use crate::plots::frame::x_at;
use crate::plots::render_svg;
use crate::plots::stack::{COLOUR_BLIND_SAFE, Layer, StackPlot, draw_stack, parse_colour};

/// Size of exported SVG plots, in CSS pixels.
const EXPORT_SIZE: (u32, u32) = (960, 540);

/// Everything the plot and the bin table need.
#[derive(Debug, Clone, PartialEq)]
struct Filled {
    plot: StackPlot,
    binning: Binning,
    /// What the plot says about events outside its range.
    outside: Option<String>,
}

fn fill(
    h: &HistogramView,
    cuts: &ParsedCuts,
    dataset: &Dataset,
    scale: f64,
) -> Result<Filled, String> {
    let variable = h.variable_in(dataset);
    let spec = dataset.catalog.variable(&variable);
    let binning = h.binning_in(dataset).map_err(|e| e.to_string())?;
    let mut palette_index = 0;
    // Raw events below and above the range, and in all (missing values aside).
    let mut outside = (0_u64, 0_u64, 0_u64);
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
        for (_, hist) in &stack.layers {
            let (below, above) = (hist.underflow.entries, hist.overflow.entries);
            outside.0 += below;
            outside.1 += above;
            outside.2 += below + above + hist.entries.iter().sum::<u64>();
        }
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
    let unit = spec.and_then(|s| s.unit.as_deref());
    let y_title = histogram::y_title(&binning, unit, h.weighted, h.normalised);
    let outside = histogram::outside_note(outside.0, outside.1, outside.2, &binning, unit);
    Ok(Filled {
        outside,
        plot: StackPlot {
            edges: binning.edges().to_vec(),
            backgrounds,
            signals,
            data,
            title: if h.normalised {
                format!("{variable}: each process's shape (unit area)")
            } else {
                format!("{variable} by process")
            },
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

/// A check box bound to one of the histogram's switches.
fn switch(
    view: RwSignal<LabView>,
    testid: &'static str,
    text: &'static str,
    field: fn(&mut HistogramView) -> &mut bool,
) -> impl IntoView {
    let checked = move || view.with(|v| *field(&mut v.histogram.clone()));
    let on_change = move |ev| {
        let on = event_target_checked(&ev);
        view.update(|v| *field(&mut v.histogram) = on);
    };
    view! { <label><input type="checkbox" data-testid=testid prop:checked=checked on:change=on_change />{text}</label> }
}

/// Variable, bins, range and switches.
#[component]
fn StackControls(
    view: RwSignal<LabView>,
    variables: Vec<String>,
    variable: Memo<String>,
    filled: Memo<Result<Filled, String>>,
    shows: impl Fn(&str) -> bool + Clone + 'static,
    keep_above: RwSignal<bool>,
) -> impl IntoView {
    let bound = move |lo: bool| {
        filled
            .get()
            .map(|f| format::significant(if lo { f.binning.lo() } else { f.binning.hi() }, 6))
            .unwrap_or_default()
    };
    // A new lower or upper edge keeps the other one as drawn; an empty or reversed range resets.
    let set_bound = move |ev: &leptos::ev::Event, lower: bool| {
        let Ok(f) = filled.get_untracked() else {
            return;
        };
        let range = histogram::range_with_bound(
            &event_target_value(ev),
            (f.binning.lo(), f.binning.hi()),
            lower,
        );
        view.update(|v| v.histogram.range = range);
    };
    let on_variable = move |ev| {
        let name = event_target_value(&ev);
        view.update(|v| {
            v.histogram.variable = Some(name);
            v.histogram.range = None;
        });
    };
    view! {
        <div class="controls">
            {shows("variable").then(|| view! {
            <label>"Variable "
                <select data-testid="stack-variable" prop:value=move || variable.get() on:change=on_variable>
                    {variables.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
            </label>
            })}
            {shows("bins").then(|| view! {
            <label>"Bins "
                <input type="number" min="1" max=histogram::MAX_BINS class="short" data-testid="stack-bins"
                    prop:value=move || filled.get().map(|f| f.binning.n_bins().to_string()).unwrap_or_default()
                    on:change=move |ev| { let n = histogram::bins_of(&event_target_value(&ev)); view.update(|v| v.histogram.bins = n); } />
            </label>
            })}
            {shows("range").then(|| view! {
            <label>"From "
                <input type="number" step="any" class="short" data-testid="stack-lo"
                    prop:value=move || bound(true) on:change=move |ev| set_bound(&ev, true) />
            </label>
            <label>"to "
                <input type="number" step="any" class="short" data-testid="stack-hi"
                    prop:value=move || bound(false) on:change=move |ev| set_bound(&ev, false) />
            </label>
            })}
            {shows("weighted").then(|| switch(view, "stack-weighted", " weighted", |h| &mut h.weighted))}
            {shows("log").then(|| switch(view, "stack-log", " log y", |h| &mut h.log_y))}
            {shows("normalised").then(|| switch(view, "stack-normalised", " normalised shapes", |h| &mut h.normalised))}
            {shows("colours").then(|| switch(view, "stack-colour-blind", " colour-blind-safe colours", |h| &mut h.colour_blind))}
            {shows("sb").then(|| switch(view, "stack-sb", " S/B panel", |h| &mut h.s_over_b_panel))}
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
    }
}

/// The pointer handlers that draw a cut: press on the canvas, drag, release to add the cut
/// (a plain click adds none).
fn drag_handlers(
    view: RwSignal<LabView>,
    variable: Memo<String>,
    filled: Memo<Result<Filled, String>>,
    keep_above: RwSignal<bool>,
    drag: RwSignal<Option<Drag>>,
) -> (
    impl Fn(leptos::ev::PointerEvent) + Copy,
    impl Fn(leptos::ev::PointerEvent) + Copy,
    impl Fn(leptos::ev::PointerEvent) + Copy,
) {
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
            // Keep receiving moves when the pointer leaves the canvas mid-drag.
            let _ = event_target::<web_sys::HtmlElement>(&ev).set_pointer_capture(ev.pointer_id());
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
        let Ok(filled) = filled.get_untracked() else {
            return;
        };
        if (d.at_css - d.start_css).abs() >= DRAG_MIN_CSS {
            let dir = if keep_above.get_untracked() {
                CutDirection::Above
            } else {
                CutDirection::Below
            };
            let text = dragged_cut(&filled, &variable.get_untracked(), dir, d.value);
            view.update(|v| v.cuts.push(CutEntry::on(&text)));
        }
    };
    (on_down, on_move, on_up)
}

/// The plot, its readout of the bar under the pointer, and cuts drawn by dragging across it.
#[component]
fn DrawableStack(
    view: RwSignal<LabView>,
    variable: Memo<String>,
    filled: Memo<Result<Filled, String>>,
    keep_above: RwSignal<bool>,
    /// Whether the bar under the pointer is read out.
    readout: bool,
    /// Whether dragging across the plot draws a cut.
    drags: bool,
) -> impl IntoView {
    let draw = move |area: &crate::components::CanvasArea, scale: f64| {
        let Ok(filled) = filled.get() else {
            return Ok(());
        };
        draw_stack(
            area,
            &StackPlot {
                scale,
                ..filled.plot
            },
        )
    };
    let hover = RwSignal::new(None::<String>);
    let drag = RwSignal::new(None::<Drag>);
    let direction = move || {
        if keep_above.get() {
            CutDirection::Above
        } else {
            CutDirection::Below
        }
    };
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
    let (on_down, on_move, on_up) = drag_handlers(view, variable, filled, keep_above, drag);
    let on_hover = move |ev: leptos::ev::MouseEvent| {
        if !readout {
            return;
        }
        // Only the canvas itself (not the save buttons under it) maps onto the axis.
        let target = event_target::<web_sys::HtmlElement>(&ev);
        let readout = (target.tag_name() == "CANVAS").then(|| {
            hovered_bin(
                &filled.get_untracked(),
                f64::from(ev.offset_x()),
                f64::from(target.client_width()),
            )
        });
        hover.set(readout.flatten());
    };
    view! {
        <div class="plot-hover" class:dragging=move || preview().is_some()
            on:pointerdown=move |ev| if drags { on_down(ev) }
            on:pointermove=move |ev| if drags { on_move(ev) }
            on:pointerup=move |ev| if drags { on_up(ev) }
            on:pointercancel=move |_| drag.set(None)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { drag.set(None) }
            on:mousemove=on_hover on:mouseleave=move |_| hover.set(None)>
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
                None => hover.get().unwrap_or_else(|| histogram::readout_prompt(readout, drags).to_owned()),
            }}
        </p>
        {move || filled.get().ok().and_then(|f| f.outside).map(|note| view! {
            <p class="plot-note" data-testid="outside-note">{note}</p>
        })}
    }
}

/// Controls, plot and bin table.
#[component]
pub fn StackPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let sb_analysis = analysis.clone();
    let analysis_readout = analysis.readout;
    let Panel {
        heading_id,
        labelled_by,
        shows,
        dataset,
        view,
        cuts,
    } = analysis.panel("stack-heading");
    let has_source = analysis.source.is_some();
    let python = analysis.python(|lab| lab.histogram_snippet());
    let drags = shows("drag");
    let variables = dataset.variables();
    let variable = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| v.histogram_variable(&dataset)))
    };
    // Only the histogram's own settings refill it (not a scan's or the pair plot's: with 10⁶
    // events a refill is tens of milliseconds).
    let settings = Memo::new(move |_| view.with(|v| v.histogram.clone()));
    let filled = Memo::new(move |_| settings.with(|h| cuts.with(|c| fill(h, c, &dataset, 1.0))));
    let keep_above = RwSignal::new(true);
    let edges = Memo::new(move |_| filled.get().ok().map(|f| f.plot.edges));
    let x_title = Memo::new(move |_| filled.get().map(|f| f.plot.x_title).unwrap_or_default());
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Histogram"</h2>
            <StackControls view variables variable filled shows keep_above />
            <DrawableStack view variable filled keep_above readout=analysis_readout drags />
            {move || view.with(|v| v.histogram.s_over_b_panel).then(|| view! {
                <SOverBPanel analysis=sb_analysis.clone() variable edges x_title />
            })}
            {move || match filled.get() {
                Ok(_) if !analysis_readout => ().into_any(),
                Ok(f) => view! { <StackTable plot=f.plot /> }.into_any(),
                Err(message) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
            }}
            <PythonCode code=python file_name="histogram.py" available=has_source />
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
