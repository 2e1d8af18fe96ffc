//! Curves on shared axes — training curves per epoch, ROC curves, figures of merit against a
//! threshold — with a legend, optional dashed reference lines and a vertical marker.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plain_ticks, plot_box, px};
use super::legend::{self, Corner, Entry, PixelBox, Swatch};
use super::theme;
use fivesigma_engine::ml::RocCurve;

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
    /// The plot's title.
    pub title: String,
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

/// ROC curves on the unit square, luck's diagonal added: `curves` as (legend, colour, ROC).
pub fn roc_plot(title: String, curves: Vec<(String, RGBColor, &RocCurve)>, scale: f64) -> LinePlot {
    roc_plot_with(title, curves, Vec::new(), scale)
}

/// [`roc_plot`] with `dashed` curves too (each model's training events, in its colour).
pub fn roc_plot_with(
    title: String,
    curves: Vec<(String, RGBColor, &RocCurve)>,
    dashed: Vec<(String, RGBColor, &RocCurve)>,
    scale: f64,
) -> LinePlot {
    let solid = curves.into_iter().map(|c| (c, false));
    let mut lines: Vec<Line> = solid
        .chain(dashed.into_iter().map(|c| (c, true)))
        .map(|((label, color, roc), dashed)| Line {
            label,
            color,
            points: roc
                .false_positive_rate
                .iter()
                .copied()
                .zip(roc.true_positive_rate.iter().copied())
                .collect(),
            dashed,
        })
        .collect();
    lines.push(Line {
        label: "luck (random guess)".into(),
        color: theme::GUIDE,
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        dashed: true,
    });
    LinePlot {
        title,
        lines,
        x_title: "background efficiency (false positive rate)".into(),
        y_title: "signal efficiency (true positive rate)".into(),
        x_range: Some((0.0, 1.0)),
        y_range: Some((0.0, 1.0)),
        marker: None,
        scale,
    }
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
    let entries: Vec<Entry> = plot
        .lines
        .iter()
        .filter(|l| !l.label.is_empty() && l.points.iter().any(|p| p.1.is_finite()))
        .map(|l| Entry {
            label: l.label.clone(),
            swatch: Swatch::Line(l.color, l.dashed),
        })
        .collect();
    let (chart_area, legend_box) = place_legend(area, plot, &entries, (x_lo, x_hi), (y_lo, y_hi))?;
    let axes = Axes {
        title: &plot.title,
        x_title: &plot.x_title,
        y_title: &plot.y_title,
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(&chart_area, x_lo..x_hi, y_lo..y_hi, &axes)?;
    let width = px(2.0, s);
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
        for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
            if line.dashed {
                chart
                    .draw_series(DashedLineSeries::new(piece, px(6.0, s), px(4.0, s), style))
                    .map_err(|e| e.to_string())?;
            } else if piece.len() == 1 {
                chart
                    .draw_series(
                        piece
                            .iter()
                            .map(|&p| Circle::new(p, px(3.0, s), style.filled())),
                    )
                    .map_err(|e| e.to_string())?;
            } else {
                chart
                    .draw_series(LineSeries::new(piece, style))
                    .map_err(|e| e.to_string())?;
            }
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
    if let Some(at) = legend_box {
        legend::draw(area, &entries, at, s)?;
    }
    area.present().map_err(fail)
}

/// Where the legend goes: the first corner of the plotting area that no curve (nor the marker)
/// passes through, else under the plot (the chart then gets the area above it). Returns the area
/// to draw the chart on and the legend's box (none without entries).
fn place_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &LinePlot,
    entries: &[Entry],
    xr: (f64, f64),
    yr: (f64, f64),
) -> Result<(DrawingArea<DB, Shift>, Option<PixelBox>), String> {
    let s = plot.scale.max(0.5);
    if entries.is_empty() {
        return Ok((area.clone(), None));
    }
    let (w, h) = area.dim_in_pixel();
    let size = legend::size(area, entries, s);
    let inside = plot_box((w, h), !plot.title.is_empty(), s);
    let to_px = legend::to_pixel(inside, xr, yr);
    let mut points = Vec::new();
    for line in &plot.lines {
        let path: Vec<(i32, i32)> = line
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|&(x, y)| to_px(x, y.clamp(yr.0, yr.1)))
            .collect();
        points.extend(legend::along(&path, 3));
    }
    if let Some(x) = plot.marker {
        points.extend(legend::along(&[to_px(x, yr.0), to_px(x, yr.1)], 3));
    }
    let corners = [
        Corner::UpperRight,
        Corner::UpperLeft,
        Corner::LowerRight,
        Corner::LowerLeft,
    ];
    if let Some(at) = legend::free_corner(inside, size, &corners, &points, s) {
        return Ok((area.clone(), Some(at)));
    }
    // No free corner: under the plot, where it covers nothing.
    let gap = px(6.0, s) as i32;
    let chart_height = (h as i32 - size.1 - gap).max(h as i32 / 2);
    let (top, _) = area.split_vertically(chart_height);
    let x0 = inside.x0;
    Ok((
        top,
        Some(PixelBox {
            x0,
            y0: chart_height,
            x1: x0 + size.0,
            y1: chart_height + size.1,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::render_svg;

    #[test]
    fn curves_are_drawn_with_their_legend_and_gaps() {
        let plot = LinePlot {
            title: "ROC curves".into(),
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
        assert!(svg.contains("ROC curves"), "titled");
        // The solid curve and its legend sample; the dashed line, split at its NaN into two
        // single points, has no segment to dash: only its legend sample (two dashes) is red.
        assert_eq!(svg.matches(r##"stroke="#1F77B4""##).count(), 2, "{svg}");
        assert_eq!(svg.matches(r##"stroke="#D62728""##).count(), 2, "{svg}");
    }

    /// Every polyline's points in `svg` drawn in `colour`.
    fn paths(svg: &str, colour: &str) -> Vec<Vec<(i32, i32)>> {
        svg.split("<polyline")
            .skip(1)
            .map(|l| l.split("/>").next().unwrap_or(""))
            .filter(|l| l.contains(&format!("stroke=\"{colour}\"")))
            .filter_map(|l| l.split("points=\"").nth(1))
            .map(|pts| {
                pts.split(['"', ' '])
                    .filter_map(|pt| {
                        let (x, y) = pt.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect()
            })
            .collect()
    }

    /// The legend's box (the one rectangle outlined in the grid colour).
    fn legend_box(svg: &str) -> PixelBox {
        let rect = svg
            .split("<rect")
            .skip(1)
            .map(|r| r.split('>').next().unwrap_or(""))
            .find(|r| r.contains(r##"stroke="#E2E8F0""##))
            .expect("a legend box");
        let num = |name: &str| -> i32 {
            let at = rect.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
            rect[at..]
                .split('"')
                .next()
                .and_then(|v| v.parse().ok())
                .expect(name)
        };
        let (x, y) = (num("x"), num("y"));
        PixelBox {
            x0: x,
            y0: y,
            x1: x + num("width"),
            y1: y + num("height"),
        }
    }

    fn curve(label: &str, color: RGBColor, points: Vec<(f64, f64)>) -> Line {
        Line {
            label: label.into(),
            color,
            points,
            dashed: false,
        }
    }

    #[test]
    fn the_legend_sits_where_no_curve_passes_or_under_the_plot() {
        let blue = RGBColor(31, 119, 180);
        let roc = LinePlot {
            title: "ROC".into(),
            lines: vec![curve(
                "a model with a long name (AUC 0.9)",
                blue,
                vec![(0.0, 0.0), (0.05, 0.7), (0.3, 0.95), (1.0, 1.0)],
            )],
            x_title: "x".into(),
            y_title: "y".into(),
            x_range: Some((0.0, 1.0)),
            y_range: Some((0.0, 1.0)),
            marker: None,
            scale: 1.0,
        };
        let svg = render_svg((600, 400), |a| draw_lines(a, &roc)).expect("svg");
        let at = legend_box(&svg);
        let plot = plot_box((600, 400), true, 1.0);
        assert!(at.y0 > plot.y0 && at.y1 < plot.y1, "inside: {at:?}");
        for path in paths(&svg, "#1F77B4") {
            let crossing = legend::along(&path, 2);
            // The legend's own swatch is the one blue path inside the box.
            if path.len() == 2 && at.contains(path[0]) && at.contains(path[1]) {
                continue;
            }
            assert!(
                !crossing.iter().any(|p| at.contains(*p)),
                "curve under the legend {at:?}"
            );
        }
        // Curves through every corner: the legend goes under the plot.
        let busy = LinePlot {
            lines: [0.03, 0.5, 0.97]
                .iter()
                .map(|y| curve("flat", blue, vec![(0.0, *y), (1.0, *y)]))
                .collect(),
            ..roc
        };
        let svg = render_svg((600, 400), |a| draw_lines(a, &busy)).expect("svg");
        let at = legend_box(&svg);
        // The chart takes the area above the legend, its x axis and labels included.
        let shrunk = plot_box((600, at.y0 as u32), true, 1.0);
        assert!(at.y0 > shrunk.y1 && at.y1 <= 400, "under the plot: {at:?}");
    }
}
