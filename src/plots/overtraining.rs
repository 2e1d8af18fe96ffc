//! The overtraining check: the classifier's output for training events as filled histograms and
//! for test events as points with error bars, each class normalised to unit area. If the model
//! learned the training events' fluctuations, the two disagree.

use fivesigma_engine::ml::evaluation::Overtraining;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plain_ticks, plot_box, px};
use super::legend::{self, Entry, Swatch};

/// Background colour (blue) and signal colour (red).
const CLASS: [RGBColor; 2] = [RGBColor(31, 119, 180), RGBColor(214, 39, 40)];
const NAMES: [&str; 2] = ["background", "signal"];

/// `colour` at `alpha` over white, as one opaque colour (the legend's swatch of a translucent fill).
fn tint(colour: RGBColor, alpha: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - alpha * (255.0 - f64::from(c))).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

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
    let entries: Vec<Entry> = (0..2)
        .flat_map(|c| {
            [
                Entry {
                    label: format!("{} (training)", NAMES[c]),
                    swatch: Swatch::Fill(tint(CLASS[c], 0.3)),
                },
                Entry {
                    label: format!("{} (test)", NAMES[c]),
                    swatch: Swatch::Point(CLASS[c]),
                },
            ]
        })
        .collect();
    let n = edges.len().saturating_sub(1);
    let bars: Vec<(f64, f64, f64)> = (0..n)
        .map(|i| {
            let top = (0..2)
                .map(|c| {
                    let test = check.test[c].get(i).copied().unwrap_or(0.0)
                        + check.test_errors[c].get(i).copied().unwrap_or(0.0);
                    test.max(check.train[c].get(i).copied().unwrap_or(0.0))
                })
                .fold(0.0, f64::max);
            (edges[i], edges[i + 1], top)
        })
        .collect();
    let plot = plot_box(area.dim_in_pixel(), true, s);
    let size = legend::size(area, &entries, s);
    let (y_hi, legend_box) = legend::make_room(
        plot,
        size,
        (0.0, 1.0),
        (0.0, (y_max * 1.05).max(1e-9)),
        &bars,
        s,
    );
    let axes = Axes {
        title: "Overtraining check: training (filled) against test (points)",
        x_title: "classifier output (signal probability)",
        y_title: "events (normalised to unit area)",
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(area, 0.0..1.0, 0.0..y_hi, &axes)?;
    for (c, &colour) in CLASS.iter().enumerate() {
        let bars = check.train[c].iter().enumerate().map(move |(i, &v)| {
            Rectangle::new(
                [(edges[i], 0.0), (edges[i + 1], v)],
                colour.mix(0.3).filled(),
            )
        });
        chart.draw_series(bars).map_err(|e| e.to_string())?;
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
        chart.draw_series(points).map_err(|e| e.to_string())?;
    }
    legend::draw(area, &entries, legend_box, s)?;
    area.present().map_err(|e| e.to_string())
}
