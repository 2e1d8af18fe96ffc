//! A canvas that redraws whenever the signals its draw function reads change, or the window is
//! resized, at the screen's pixel density.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;

use crate::plots::canvas::hidpi_backend;

/// The drawing area handed to a draw function, and the device pixel ratio.
pub type CanvasArea = DrawingArea<CanvasBackend, Shift>;

/// A plot canvas. `draw` reads whatever signals it needs; errors are shown under the canvas.
#[component]
pub fn PlotCanvas<F>(
    draw: F,
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
) -> impl IntoView
where
    F: Fn(&CanvasArea, f64) -> Result<(), String> + 'static,
{
    let canvas_ref = NodeRef::<Canvas>::new();
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
    view! {
        <canvas node_ref=canvas_ref class="plot-canvas" data-testid=testid role="img" aria-label=move || label.get()></canvas>
        {move || error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
    }
}
