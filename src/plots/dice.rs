//! The dice widget's picture: each face's raw rolls (grey bars), its weighted total with its
//! statistical uncertainty (blue points with bars), and what a fair die gives (a dashed line).

use fivesigma_engine::state::dice::DiceSummary;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plain_ticks, px};
use super::theme;

/// Draws `summary` at `scale` device pixels per CSS pixel.
pub fn draw_dice<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    summary: &DiceSummary,
    scale: f64,
) -> Result<(), String> {
    let s = scale.max(0.5);
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let top = summary
        .faces
        .iter()
        .map(|f| (f.rolls as f64).max(f.weighted + f.uncertainty))
        .fold(summary.fair, f64::max);
    let bottom = summary
        .faces
        .iter()
        .map(|f| f.weighted - f.uncertainty)
        .fold(0.0, f64::min);
    let mut chart = framed_chart(
        area,
        0.4..6.6,
        bottom..top * 1.12,
        &Axes {
            title: "Rolls per face (grey), weighted totals ± uncertainty (blue), fair die (dashed)",
            x_title: "face",
            y_title: "rolls",
            y_labels: 6,
            y_format: &plain_ticks,
            scale: s,
        },
    )?;
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let grey = RGBColor(203, 213, 225);
    chart
        .draw_series(summary.faces.iter().enumerate().map(|(i, f)| {
            let x = i as f64 + 1.0;
            Rectangle::new([(x - 0.32, 0.0), (x + 0.32, f.rolls as f64)], grey.filled())
        }))
        .map_err(fail)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.4, summary.fair), (6.6, summary.fair)],
            px(6.0, s),
            px(4.0, s),
            theme::INK.stroke_width(px(1.5, s)),
        ))
        .map_err(fail)?;
    let blue = theme::ACCENT.stroke_width(px(2.0, s));
    for (i, f) in summary.faces.iter().enumerate() {
        let x = i as f64 + 1.0;
        let (lo, hi) = (f.weighted - f.uncertainty, f.weighted + f.uncertainty);
        chart
            .draw_series([
                PathElement::new([(x, lo), (x, hi)], blue),
                PathElement::new([(x - 0.08, lo), (x + 0.08, lo)], blue),
                PathElement::new([(x - 0.08, hi), (x + 0.08, hi)], blue),
            ])
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (x, f.weighted),
                px(5.0, s),
                theme::ACCENT.filled(),
            )))
            .map_err(fail)?;
    }
    Ok(())
}
