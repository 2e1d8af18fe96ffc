//! The fit widget's pictures: the points with the fitted curve, and the line's loss surface over
//! (slope, intercept) with the descent's path walked on it.

use fivesigma_engine::ml::fit::evaluate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::boundary::{CLASS0, CLASS1};
use super::frame::{Axes, framed_chart, plain_ticks, px};
use super::theme;

/// Points and a curve.
pub struct FitPicture<'a> {
    /// x range and y range.
    pub frame: ((f64, f64), (f64, f64)),
    /// Training points (x, y).
    pub train: (&'a [f64], &'a [f64]),
    /// Validation points (x, y).
    pub validation: (&'a [f64], &'a [f64]),
    /// The curve's coefficients, θ₀ first (empty: no curve).
    pub coef: &'a [f64],
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Draws the points (training filled, validation as rings) and the curve.
pub fn draw_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &FitPicture<'_>,
) -> Result<(), String> {
    let s = p.scale.max(0.5);
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let ((x0, x1), (y0, y1)) = p.frame;
    let mut chart = framed_chart(
        area,
        x0..x1,
        y0..y1,
        &Axes {
            title: "The points and the fitted curve",
            x_title: "x",
            y_title: "y",
            y_labels: 8,
            y_format: &plain_ticks,
            scale: s,
        },
    )?;
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    if !p.coef.is_empty() {
        let n = 400;
        let points: Vec<(f64, f64)> = (0..=n)
            .map(|i| x0 + (x1 - x0) * i as f64 / n as f64)
            .map(|x| (x, evaluate(p.coef, x)))
            // Keep the line on the plot: a wild polynomial leaves it rather than squashing the
            // points into a sliver.
            .map(|(x, y)| (x, y.clamp(y0 - (y1 - y0), y1 + (y1 - y0))))
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                points,
                theme::INK.stroke_width(px(2.0, s)),
            )))
            .map_err(fail)?;
    }
    let r = px(4.0, s) as i32;
    chart
        .draw_series(
            p.train
                .0
                .iter()
                .zip(p.train.1)
                .map(|(&x, &y)| EmptyElement::at((x, y)) + Circle::new((0, 0), r, CLASS0.filled())),
        )
        .map_err(fail)?;
    chart
        .draw_series(p.validation.0.iter().zip(p.validation.1).map(|(&x, &y)| {
            EmptyElement::at((x, y))
                + Circle::new((0, 0), r, WHITE.filled())
                + Circle::new((0, 0), r, CLASS1.stroke_width(px(1.5, s)))
        }))
        .map_err(fail)?;
    Ok(())
}

/// The line's loss over slope × intercept, and the path.
pub struct SurfacePicture<'a> {
    /// Slope from, to.
    pub slope: (f64, f64),
    /// Intercept from, to.
    pub intercept: (f64, f64),
    /// The loss on `cells` × `cells` cells, row by row from the largest intercept.
    pub values: &'a [f64],
    /// Cells per side.
    pub cells: usize,
    /// (intercept, slope) after each step, the start first.
    pub path: &'a [(f64, f64)],
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// A light-to-dark blue for log(loss) between its lowest and highest on the surface.
fn shade(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |lo: f64, hi: f64| (lo + (hi - lo) * t).round() as u8;
    RGBColor(mix(239.0, 30.0), mix(246.0, 64.0), mix(255.0, 175.0))
}

/// Draws the surface as shaded cells (log scale: the valley and the walls both show) and the
/// path as a line of dots from the start (hollow) to where it stands (filled).
pub fn draw_surface<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &SurfacePicture<'_>,
) -> Result<(), String> {
    let s = p.scale.max(0.5);
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let mut chart = framed_chart(
        area,
        p.slope.0..p.slope.1,
        p.intercept.0..p.intercept.1,
        &Axes {
            title: "The loss over slope and intercept (darker is lower), and the path",
            x_title: "slope a",
            y_title: "intercept b",
            y_labels: 8,
            y_format: &plain_ticks,
            scale: s,
        },
    )?;
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let logs: Vec<f64> = p.values.iter().map(|v| v.max(1e-12).ln()).collect();
    let lo = logs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let n = p.cells;
    let (w, h) = (
        (p.slope.1 - p.slope.0) / n as f64,
        (p.intercept.1 - p.intercept.0) / n as f64,
    );
    chart
        .draw_series(logs.iter().enumerate().map(|(i, &l)| {
            let (row, col) = (i / n, i % n);
            let x = p.slope.0 + col as f64 * w;
            let y = p.intercept.1 - row as f64 * h;
            let t = if hi > lo { (l - lo) / (hi - lo) } else { 0.0 };
            Rectangle::new([(x, y), (x + w, y - h)], shade(1.0 - t).filled())
        }))
        .map_err(fail)?;
    let inside = |&(b, a): &(f64, f64)| {
        a.is_finite()
            && b.is_finite()
            && (p.slope.0..=p.slope.1).contains(&a)
            && (p.intercept.0..=p.intercept.1).contains(&b)
    };
    let path: Vec<(f64, f64)> = p
        .path
        .iter()
        .filter(|q| inside(q))
        .map(|&(b, a)| (a, b))
        .collect();
    let line = RGBColor(234, 88, 12);
    chart
        .draw_series(std::iter::once(PathElement::new(
            path.clone(),
            line.stroke_width(px(2.0, s)),
        )))
        .map_err(fail)?;
    let r = px(3.0, s) as i32;
    if let (Some(first), Some(last)) = (path.first(), path.last()) {
        chart
            .draw_series([
                EmptyElement::at(*first)
                    + Circle::new((0, 0), r + 1, line.stroke_width(px(2.0, s))),
                EmptyElement::at(*last) + Circle::new((0, 0), r + 1, line.filled()),
            ])
            .map_err(fail)?;
    }
    Ok(())
}
