//! Drawing. Plot functions draw into any plotters `DrawingArea`, so the app renders to a canvas
//! and native tests render the same code to SVG.

pub mod boundary;
pub mod canvas;
pub mod dice;
pub mod fit;
pub mod frame;
pub mod histogram;
pub mod legend;
pub mod lines;
pub mod overtraining;
pub mod pairs;
pub mod scan;
pub mod stack;
pub mod theme;
pub mod tree;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

/// The SVG text of a plot `size` pixels large (width, height), drawn by `draw`: what the
/// "Save SVG" buttons download and what the plot tests inspect.
pub fn render_svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), String>,
) -> Result<String, String> {
    let mut text = String::new();
    {
        let area = SVGBackend::with_string(&mut text, size).into_drawing_area();
        draw(&area)?;
    }
    Ok(text)
}
