//! Histogram of one numeric column, with a column chooser, a bin count and a text alternative.

use std::sync::Arc;

use fivesigma_engine::analysis::{Binning, Histogram};
use fivesigma_engine::data::Table;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

use crate::format;
use crate::plots::canvas::hidpi_backend;
use crate::plots::histogram::{HistogramLabels, draw_histogram};

/// numpy's and matplotlib's default number of bins.
const DEFAULT_BINS: usize = 10;
const MAX_BINS: usize = 500;

/// Fills a histogram of `column` with numpy's default binning and `bins` bins.
fn fill(table: &Table, column: &str, bins: usize) -> Result<Histogram, String> {
    let values = table.numeric(column).map_err(|e| e.to_string())?;
    let binning = Binning::auto(values, bins).map_err(|e| e.to_string())?;
    Ok(Histogram::fill(binning, values, None))
}

/// A column chooser, a bins field, the plot, and a table of bin contents.
#[component]
pub fn HistogramPanel(table: Arc<Table>) -> impl IntoView {
    let names: Vec<String> = table.numeric_names().map(str::to_owned).collect();
    let column = RwSignal::new(names.first().cloned().unwrap_or_default());
    let bins = RwSignal::new(DEFAULT_BINS);
    let resized = RwSignal::new(0_u32);
    let canvas_ref = NodeRef::<Canvas>::new();
    let draw_error = RwSignal::new(None::<String>);

    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    on_cleanup(move || handle.remove());

    let histogram = {
        let table = table.clone();
        Memo::new(move |_| column.with(|c| (!c.is_empty()).then(|| fill(&table, c, bins.get()))))
    };

    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let Some(Ok(h)) = histogram.get() else { return };
        let Some((backend, scale)) = hidpi_backend(&canvas) else {
            draw_error.set(Some("This browser gave no 2D canvas to draw on.".into()));
            return;
        };
        let labels = HistogramLabels {
            title: format!("{} in this file", column.get_untracked()),
            x: column.get_untracked(),
            y: "Rows per bin".into(),
            scale,
        };
        draw_error.set(draw_histogram(&backend.into_drawing_area(), &h, &labels).err());
    });

    if names.is_empty() {
        return view! { <p class="notice">"This file has no numeric column to draw."</p> }
            .into_any();
    }

    view! {
        <div class="controls">
            <label>
                "Variable "
                <select
                    data-testid="histogram-column"
                    on:change=move |ev| column.set(event_target_value(&ev))
                    prop:value=move || column.get()
                >
                    {names.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Bins "
                <input
                    type="number"
                    min="1"
                    max=MAX_BINS
                    data-testid="histogram-bins"
                    prop:value=move || bins.get().to_string()
                    on:change=move |ev| {
                        // Out-of-range or non-numeric input snaps back to a usable value.
                        let n = event_target_value(&ev).trim().parse::<usize>().unwrap_or(DEFAULT_BINS);
                        bins.set(n.clamp(1, MAX_BINS));
                    }
                />
            </label>
        </div>
        <canvas
            node_ref=canvas_ref
            class="plot-canvas"
            data-testid="histogram-canvas"
            role="img"
            aria-label=move || format!("Histogram of {}", column.get())
        ></canvas>
        {move || draw_error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        {move || match histogram.get() {
            Some(Ok(h)) => view! { <BinTable histogram=h /> }.into_any(),
            Some(Err(message)) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
            None => ().into_any(),
        }}
    }
    .into_any()
}

/// The plotted numbers as a table, for screen readers and for reading values exactly.
#[component]
fn BinTable(histogram: Histogram) -> impl IntoView {
    let edges = histogram.binning.edges().to_vec();
    let outside = histogram.underflow.entries + histogram.overflow.entries + histogram.invalid;
    view! {
        <details class="bin-table">
            <summary>"Bin contents as a table"</summary>
            <table>
                <thead><tr><th scope="col">"From"</th><th scope="col">"To"</th><th scope="col" class="num">"Rows"</th></tr></thead>
                <tbody>
                    {histogram.entries.iter().enumerate().map(|(i, n)| view! {
                        <tr>
                            <td>{format::significant(edges[i], 5)}</td>
                            <td>{format::significant(edges[i + 1], 5)}</td>
                            <td class="num">{*n}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{format!("Each bin includes its lower edge; the last also includes its upper edge. {outside} rows are missing or outside the range.")}</p>
        </details>
    }
}
