//! Canvas set-up for crisp plots on HiDPI screens: the backing store is sized in device pixels
//! (CSS size × devicePixelRatio) and plot code scales fonts and lines by the same factor.

use plotters_canvas::CanvasBackend;

/// Resizes `canvas`'s backing store to its CSS box × devicePixelRatio and returns a plotters
/// backend for it together with that ratio. `None` if the canvas has no 2D context.
pub fn hidpi_backend(canvas: &web_sys::HtmlCanvasElement) -> Option<(CanvasBackend, f64)> {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_width = f64::from(canvas.client_width().max(320));
    let css_height = f64::from(canvas.client_height().max(200));
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    if (canvas.width(), canvas.height()) == (width, height) {
        // Setting the size again would reallocate the backing store (megabytes on a HiDPI
        // screen) at every redraw of a live plot; clearing gives the same blank canvas.
        if let Some(context) = context_2d(canvas) {
            context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
        }
    } else {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    CanvasBackend::with_canvas_object(canvas.clone()).map(|backend| (backend, ratio))
}

/// The canvas's 2D context, if it has one.
pub fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    use wasm_bindgen::JsCast;
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}
