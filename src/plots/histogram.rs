//! A single histogram as bars with statistical error bars.

use fivesigma_engine::analysis::Histogram;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plain_ticks};
use super::theme;

/// Text and sizing for [`draw_histogram`].
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramLabels {
    /// The plot's title.
    pub title: String,
    /// x-axis title, e.g. "lead_lep_pt [GeV]".
    pub x: String,
    /// y-axis title, e.g. "Events / bin".
    pub y: String,
    /// Device pixels per CSS pixel (window.devicePixelRatio); 1 for SVG.
    pub scale: f64,
}

/// Draws `histogram` as filled bars with √(Σw²) error bars, labelled axes and a light grid.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    histogram: &Histogram,
    labels: &HistogramLabels,
) -> Result<(), String> {
    let s = labels.scale.max(0.5);
    let px = |css: f64| (css * s).round() as u32;
    area.fill(&WHITE).map_err(|e| e.to_string())?;

    let edges = histogram.binning.edges();
    let errors = histogram.errors();
    let top = histogram
        .sumw
        .iter()
        .zip(&errors)
        .map(|(v, e)| v + e)
        .fold(0.0_f64, f64::max);
    let bottom = histogram.sumw.iter().fold(0.0_f64, |m, &v| m.min(v));
    let y_max = if top > 0.0 { top * 1.08 } else { 1.0 };

    let axes = Axes {
        title: &labels.title,
        x_title: &labels.x,
        y_title: &labels.y,
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(area, edges[0]..edges[edges.len() - 1], bottom..y_max, &axes)?;

    let bars =
        histogram.sumw.iter().enumerate().map(|(i, &v)| {
            Rectangle::new([(edges[i], 0.0), (edges[i + 1], v)], theme::BAR.filled())
        });
    chart.draw_series(bars).map_err(|e| e.to_string())?;
    let outlines = histogram.sumw.iter().enumerate().map(|(i, &v)| {
        Rectangle::new(
            [(edges[i], 0.0), (edges[i + 1], v)],
            theme::ACCENT.stroke_width(px(1.0)),
        )
    });
    chart.draw_series(outlines).map_err(|e| e.to_string())?;
    let error_bars = histogram
        .sumw
        .iter()
        .zip(&errors)
        .enumerate()
        .filter(|(_, (_, e))| **e > 0.0)
        .map(|(i, (&v, &e))| {
            let x = 0.5 * (edges[i] + edges[i + 1]);
            PathElement::new(
                vec![(x, v - e), (x, v + e)],
                theme::INK.stroke_width(px(1.5)),
            )
        });
    chart.draw_series(error_bars).map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use fivesigma_engine::analysis::Binning;

    use super::*;

    #[test]
    fn svg_has_bars_and_axis_titles() {
        let values = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0];
        let histogram = Histogram::fill(Binning::auto(&values, 3).expect("bins"), &values, None);
        let labels = HistogramLabels {
            title: "lead_lep_pt in DM_300".into(),
            x: "mll [GeV]".into(),
            y: "Rows / bin".into(),
            scale: 1.0,
        };
        let svg =
            crate::plots::render_svg((640, 360), |area| draw_histogram(area, &histogram, &labels))
                .expect("draws");
        assert!(svg.contains("mll [GeV]"), "x title missing");
        assert!(svg.contains("Rows / bin"), "y title missing");
        // Three filled bars in the bar colour (their outlines use the accent).
        let filled = svg.matches("fill=\"#5C8AF0\"").count();
        assert!(filled >= 3, "expected 3 filled bars, found {filled}");
    }
}
