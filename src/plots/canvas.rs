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
    canvas.set_width((css_width * ratio).round() as u32);
    canvas.set_height((css_height * ratio).round() as u32);
    CanvasBackend::with_canvas_object(canvas.clone()).map(|backend| (backend, ratio))
}
