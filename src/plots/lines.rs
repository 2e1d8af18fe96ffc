//! Curves on shared axes — training curves per epoch, ROC curves, figures of merit against a
//! threshold — with a legend, optional dashed reference lines and a vertical marker.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, draw_legend, framed_chart, plain_ticks, px};
use super::theme;

/// One curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Legend text (empty: not in the legend).
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// (x, y) points, joined in order; a NaN y breaks the line.
    pub points: Vec<(f64, f64)>,
    /// Dashed (a reference, or a validation curve next to its training curve).
    pub dashed: bool,
}

/// A plot of several [`Line`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePlot {
    /// The curves.
    pub lines: Vec<Line>,
    /// x-axis title.
    pub x_title: String,
    /// y-axis title.
    pub y_title: String,
    /// x range (`None`: the points' range).
    pub x_range: Option<(f64, f64)>,
    /// y range (`None`: from 0, or the lowest point if negative, to 10 % above the highest).
    pub y_range: Option<(f64, f64)>,
    /// A vertical line at this x (e.g. the chosen threshold).
    pub marker: Option<f64>,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Draws `plot` on `area`.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &LinePlot,
) -> Result<(), String> {
    let s = plot.scale.max(0.5);
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(fail)?;
    let points = || plot.lines.iter().flat_map(|l| l.points.iter());
    let (x_lo, x_hi) = plot
        .x_range
        .or_else(|| finite_range(points().map(|p| p.0)))
        .ok_or("nothing to draw yet")?;
    let (x_lo, x_hi) = if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        (x_lo - 0.5, x_lo + 0.5)
    };
    let (y_lo, y_hi) = plot.y_range.unwrap_or_else(|| {
        let (lo, hi) = finite_range(points().map(|p| p.1)).unwrap_or((0.0, 1.0));
        let lo = lo.min(0.0);
        let hi = if hi > lo {
            hi + 0.1 * (hi - lo)
        } else {
            lo + 1.0
        };
        (lo, hi)
    });
    let axes = Axes {
        x_title: &plot.x_title,
        y_title: &plot.y_title,
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(area, x_lo..x_hi, y_lo..y_hi, &axes)?;
    let width = px(2.0, s);
    let mut labelled = false;
    for line in &plot.lines {
        let style = line.color.stroke_width(width);
        // Split at undefined points so a gap shows as a gap.
        let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for &(x, y) in &line.points {
            if y.is_finite() && x.is_finite() {
                if let Some(last) = pieces.last_mut() {
                    last.push((x, y.clamp(y_lo, y_hi)));
                }
            } else if pieces.last().is_some_and(|p| !p.is_empty()) {
                pieces.push(Vec::new());
            }
        }
        let mut first = true;
        for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
            let drawn = if line.dashed {
                chart
                    .draw_series(DashedLineSeries::new(piece, px(6.0, s), px(4.0, s), style))
                    .map_err(|e| e.to_string())?
            } else if piece.len() == 1 {
                chart
                    .draw_series(
                        piece
                            .iter()
                            .map(|&p| Circle::new(p, px(3.0, s), style.filled())),
                    )
                    .map_err(|e| e.to_string())?
            } else {
                chart
                    .draw_series(LineSeries::new(piece, style))
                    .map_err(|e| e.to_string())?
            };
            if first && !line.label.is_empty() {
                let color = line.color;
                drawn.label(line.label.clone()).legend(move |(x, y)| {
                    PathElement::new(
                        [(x, y), (x + px(18.0, s) as i32, y)],
                        color.stroke_width(width),
                    )
                });
                labelled = true;
            }
            first = false;
        }
    }
    if let Some(x) = plot.marker.filter(|x| (x_lo..=x_hi).contains(x)) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(x, y_lo), (x, y_hi)],
                theme::INK.mix(0.6).stroke_width(px(1.0, s)),
            )))
            .map_err(|e| e.to_string())?;
    }
    if labelled {
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, s)?;
    }
    area.present().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::render_svg;

    #[test]
    fn curves_are_drawn_with_their_legend_and_gaps() {
        let plot = LinePlot {
            lines: vec![
                Line {
                    label: "forest (AUC 0.9512)".into(),
                    color: RGBColor(31, 119, 180),
                    points: vec![(0.0, 0.0), (0.1, 0.8), (1.0, 1.0)],
                    dashed: false,
                },
                Line {
                    label: "gap".into(),
                    color: RGBColor(214, 39, 40),
                    points: vec![(0.0, 0.5), (0.5, f64::NAN), (1.0, 0.5)],
                    dashed: true,
                },
            ],
            x_title: "background efficiency".into(),
            y_title: "signal efficiency".into(),
            x_range: Some((0.0, 1.0)),
            y_range: Some((0.0, 1.0)),
            marker: Some(0.5),
            scale: 1.0,
        };
        let svg = render_svg((600, 400), |a| draw_lines(a, &plot)).expect("svg");
        assert!(svg.contains("forest (AUC 0.9512)") && svg.contains("signal efficiency"));
        // The solid curve and its legend sample; the dashed line, split at its NaN into two
        // single points, has no segment to dash: only its legend sample is red.
        assert_eq!(svg.matches(r##"stroke="#1F77B4""##).count(), 2, "{svg}");
        assert_eq!(svg.matches(r##"stroke="#D62728""##).count(), 1, "{svg}");
    }
}
