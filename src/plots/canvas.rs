//! Canvas set-up for crisp plots on HiDPI screens: the backing store is sized in device pixels
//! (CSS size × devicePixelRatio) and plot code scales fonts and lines by the same factor. The
//! backend plots draw through ([`PageCanvas`]) is plotters' canvas backend that sets a fill colour
//! only when it changes: a pair plot's 24 000 dots were each a colour written as text, handed to
//! JavaScript and parsed by the canvas (half the plot's time).

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;

type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// Resizes `canvas`'s backing store to its CSS box × devicePixelRatio and returns a plotters
/// backend for it together with that ratio. `None` if the canvas has no 2D context.
pub fn hidpi_backend(canvas: &web_sys::HtmlCanvasElement) -> Option<(PageCanvas, f64)> {
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
    let context = context_2d(canvas)?;
    CanvasBackend::with_canvas_object(canvas.clone()).map(|inner| {
        let page = PageCanvas {
            inner,
            context,
            fill: None,
        };
        (page, ratio)
    })
}

/// plotters' canvas backend, filling rectangles itself: the fill colour is set only when it
/// differs from the last one this backend set (any other drawing may change it, so it is
/// forgotten after each).
pub struct PageCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
    /// The fill colour last set (red, green, blue, alpha's bits), while nothing else has drawn
    /// since.
    fill: Option<(u8, u8, u8, u64)>,
}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

impl PageCanvas {
    /// Runs another kind of drawing on the inner backend, forgetting the fill colour.
    fn other<T>(&mut self, draw: impl FnOnce(&mut CanvasBackend) -> T) -> T {
        self.fill = None;
        draw(&mut self.inner)
    }
}

impl DrawingBackend for PageCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Drawn {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.other(|inner| inner.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if !fill {
            return self.other(|inner| inner.draw_rect(upper_left, bottom_right, style, false));
        }
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (r, g, b) = color.rgb;
        let key = Some((r, g, b, color.alpha.to_bits()));
        if self.fill != key {
            self.context
                .set_fill_style_str(&format!("rgba({r},{g},{b},{})", color.alpha));
            self.fill = key;
        }
        self.context.fill_rect(
            f64::from(upper_left.0),
            f64::from(upper_left.1),
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.other(|inner| inner.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.other(|inner| inner.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        self.other(|inner| inner.fill_polygon(vert, style))
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn {
        self.other(|inner| inner.draw_text(text, style, pos))
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.inner.estimate_text_size(text, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn {
        self.other(|inner| inner.blit_bitmap(pos, size, src))
    }
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
