//! A canvas that redraws whenever the signals its draw function reads change, or the window is
//! resized, at the screen's pixel density.

use crate::plots::canvas::{PageCanvas, hidpi_backend};
use crate::services::download;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};

/// The drawing area handed to a draw function, and the device pixel ratio.
pub type CanvasArea = DrawingArea<PageCanvas, Shift>;

/// A plot canvas. `draw` reads whatever signals it needs; errors are shown under the canvas.
/// With `svg` (the same plot drawn as SVG text), "Save PNG" and "Save SVG" buttons are added;
/// files are named `file_stem`.png / .svg.
#[component]
pub fn PlotCanvas<F>(
    draw: F,
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
    #[prop(optional)] svg: Option<Callback<(), Result<String, String>>>,
    #[prop(optional, into)] file_stem: Option<Signal<String>>,
    /// The canvas element, for a draw function that also paints on it directly.
    #[prop(optional)]
    node_ref: Option<NodeRef<Canvas>>,
) -> impl IntoView
where
    F: Fn(&CanvasArea, f64) -> Result<(), String> + 'static,
{
    let canvas_ref = node_ref.unwrap_or_default();
    let resized = RwSignal::new(0_u32);
    let error = RwSignal::new(None::<String>);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let Some((backend, scale)) = hidpi_backend(&canvas) else {
            error.set(Some("This browser gave no 2D canvas to draw on.".into()));
            return;
        };
        error.set(draw(&backend.into_drawing_area(), scale).err());
    });
    let stem = move || file_stem.map_or_else(|| "plot".to_owned(), |s| s.get());
    let save_png = move |_| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let result = canvas
            .to_data_url()
            .map_err(|e| crate::services::fetch::js_message(&e))
            .and_then(|url| download::save_url(&url, &format!("{}.png", stem())));
        error.set(result.err());
    };
    let exports = svg.map(|svg| {
        let save_svg = move |_| {
            let result = svg
                .run(())
                .and_then(|text| download::save_text(&text, &format!("{}.svg", stem()), "image/svg+xml"));
            error.set(result.err());
        };
        view! {
            <div class="plot-actions">
                <button class="button secondary small" data-testid=format!("{testid}-png") on:click=save_png>"Save PNG"</button>
                <button class="button secondary small" data-testid=format!("{testid}-svg") on:click=save_svg>"Save SVG"</button>
            </div>
        }
    });
    view! {
        <canvas node_ref=canvas_ref class="plot-canvas" data-testid=testid role="img" aria-label=move || label.get()></canvas>
        {exports}
        {move || error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
    }
}
