//! The overtraining check: the classifier's output for training events as filled histograms and
//! for test events as points with error bars, each class normalised to unit area. If the model
//! learned the training events' fluctuations, the two disagree.

use fivesigma_engine::ml::evaluation::Overtraining;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, draw_legend, framed_chart, plain_ticks, px};

/// Background colour (blue) and signal colour (red).
const CLASS: [RGBColor; 2] = [RGBColor(31, 119, 180), RGBColor(214, 39, 40)];
const NAMES: [&str; 2] = ["background", "signal"];

/// Draws `check` at `scale` device pixels per CSS pixel.
pub fn draw_overtraining<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    check: &Overtraining,
    scale: f64,
) -> Result<(), String> {
    let s = scale.max(0.5);
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let edges = &check.edges;
    let y_max = (0..2)
        .flat_map(|c| {
            check.train[c].iter().copied().chain(
                check.test[c]
                    .iter()
                    .zip(&check.test_errors[c])
                    .map(|(v, e)| v + e),
            )
        })
        .fold(0.0_f64, f64::max);
    let axes = Axes {
        x_title: "classifier output (signal probability)",
        y_title: "events (normalised to unit area)",
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(area, 0.0..1.0, 0.0..(y_max * 1.15).max(1e-9), &axes)?;
    for c in 0..2 {
        let colour = CLASS[c];
        let bars = check.train[c].iter().enumerate().map(move |(i, &v)| {
            Rectangle::new(
                [(edges[i], 0.0), (edges[i + 1], v)],
                colour.mix(0.3).filled(),
            )
        });
        chart
            .draw_series(bars)
            .map_err(|e| e.to_string())?
            .label(format!("{} (training)", NAMES[c]))
            .legend(move |(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + px(16.0, s) as i32, y + 5)],
                    colour.mix(0.3).filled(),
                )
            });
        let points = check.test[c]
            .iter()
            .zip(&check.test_errors[c])
            .enumerate()
            .filter(|(_, (v, _))| **v > 0.0)
            .map(move |(i, (&v, &e))| {
                let x = 0.5 * (edges[i] + edges[i + 1]);
                ErrorBar::new_vertical(
                    x,
                    v - e,
                    v,
                    v + e,
                    colour.filled().stroke_width(px(1.5, s)),
                    px(5.0, s),
                )
            });
        chart
            .draw_series(points)
            .map_err(|e| e.to_string())?
            .label(format!("{} (test)", NAMES[c]))
            .legend(move |(x, y)| {
                Circle::new((x + px(8.0, s) as i32, y), px(3.0, s), colour.filled())
            });
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, s)?;
    area.present().map_err(|e| e.to_string())
}
