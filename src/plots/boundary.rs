//! The playground's picture: the model's probability over the plane as soft colour (blue where
//! it says class 0, orange where class 1), the decision boundary (p = 0.5) as a dark line, and the
//! points — training points filled, validation points as rings, test points as small crosses.

use fivesigma_engine::ml::toy::Frame;
use fivesigma_engine::state::playground::boundary;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plain_ticks, px};
use super::theme;

/// Class 0's colour.
pub const CLASS0: RGBColor = RGBColor(37, 99, 235);
/// Class 1's colour.
pub const CLASS1: RGBColor = RGBColor(234, 88, 12);

/// Which part a point belongs to, for its marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Trains the model.
    Train,
    /// Judges it while tuning.
    Validation,
    /// Looked at once, at the end.
    Test,
}

/// What to draw.
pub struct BoundaryPicture<'a> {
    /// The plane's rectangle.
    pub frame: Frame,
    /// (x₁, x₂, class, part) of each point.
    pub points: &'a [(f64, f64, u8, Part)],
    /// The probe grid's probabilities (`cells` × `cells`, row by row from the top; empty: no
    /// model yet).
    pub grid: &'a [f32],
    /// Cells per side.
    pub cells: usize,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Paints the probability cells into the plotting area's pixel rectangle (x range, y range) in
/// one go (the canvas does it as an image; 4096 separate rectangles would cost a redraw tens of
/// milliseconds).
pub type PaintCells<'a> = &'a dyn Fn((i32, i32), (i32, i32)) -> Result<(), String>;

/// The colour of probability `p`: white at 0.5, fading to a light class colour at 0 and 1.
pub fn shade(p: f32) -> RGBColor {
    let (c, t) = if p >= 0.5 {
        (CLASS1, f64::from(p - 0.5) * 2.0)
    } else {
        (CLASS0, f64::from(0.5 - p) * 2.0)
    };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * 0.45 * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Draws `picture` on `area`; the cells with `paint` if given, else as rectangles.
pub fn draw_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    picture: &BoundaryPicture<'_>,
    paint: Option<PaintCells<'_>>,
) -> Result<(), String> {
    let s = picture.scale.max(0.5);
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let f = picture.frame;
    let mut chart = framed_chart(
        area,
        f.x.0..f.x.1,
        f.y.0..f.y.1,
        &Axes {
            title: "",
            x_title: "x₁",
            y_title: "x₂",
            y_labels: 8,
            y_format: &plain_ticks,
            scale: s,
        },
    )?;
    let n = picture.cells;
    if n > 0 && picture.grid.len() == n * n {
        if let Some(paint) = paint {
            let (xs, ys) = chart.plotting_area().get_pixel_range();
            paint((xs.start, xs.end), (ys.start, ys.end))?;
        } else {
            let (w, h) = ((f.x.1 - f.x.0) / n as f64, (f.y.1 - f.y.0) / n as f64);
            chart
                .draw_series(picture.grid.iter().enumerate().map(|(i, &p)| {
                    let (row, col) = (i / n, i % n);
                    let x = f.x.0 + col as f64 * w;
                    let y = f.y.1 - row as f64 * h;
                    Rectangle::new([(x, y), (x + w, y - h)], shade(p).filled())
                }))
                .map_err(|e| e.to_string())?;
        }
        let line = theme::INK.stroke_width(px(2.0, s));
        chart
            .draw_series(
                boundary(picture.grid, n, &f, 0.5)
                    .into_iter()
                    .map(|[a, b]| PathElement::new(vec![a, b], line)),
            )
            .map_err(|e| e.to_string())?;
    }
    let r = px(4.0, s) as i32;
    let ring = px(1.5, s);
    let colour = |class: u8| if class == 1 { CLASS1 } else { CLASS0 };
    let of = |want: Part| {
        picture
            .points
            .iter()
            .filter(move |p| p.3 == want)
            .map(move |&(x, y, class, _)| ((x, y), colour(class)))
    };
    // Test points first, under the others: they wait for the end.
    chart
        .draw_series(of(Part::Test).map(|(at, c)| {
            EmptyElement::at(at) + Cross::new((0, 0), r * 2 / 3, c.stroke_width(ring))
        }))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(of(Part::Train).map(|(at, c)| {
            EmptyElement::at(at)
                + Circle::new((0, 0), r, c.filled())
                + Circle::new((0, 0), r, WHITE.stroke_width(px(1.0, s)))
        }))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(of(Part::Validation).map(|(at, c)| {
            EmptyElement::at(at)
                + Circle::new((0, 0), r, WHITE.filled())
                + Circle::new((0, 0), r, c.stroke_width(ring))
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}
