//! Stacked histograms by process, as the tutorials draw them with matplotlib: backgrounds
//! stacked and filled, signal stacked on top, the simulation's statistical uncertainty as a
//! hatched band, data as points with √N error bars — or, in normalised mode, every sample's
//! shape as an outline with unit area. Linear or logarithmic y axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, plot_box};
use super::legend::{self, Entry, Swatch};
use super::theme;
use crate::format;

/// One sample's histogram (Σw per bin and its statistical error) with its legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Legend text.
    pub label: String,
    /// Fill colour.
    pub color: RGBColor,
    /// Σw per bin.
    pub sumw: Vec<f64>,
    /// √(Σw²) per bin.
    pub errors: Vec<f64>,
}

/// Everything a stacked plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StackPlot {
    /// Shared bin edges.
    pub edges: Vec<f64>,
    /// Backgrounds, bottom first.
    pub backgrounds: Vec<Layer>,
    /// Signals, stacked on the backgrounds.
    pub signals: Vec<Layer>,
    /// Data (Σ per bin and √N), drawn as points.
    pub data: Option<Layer>,
    /// The plot's title.
    pub title: String,
    /// x-axis title with unit.
    pub x_title: String,
    /// y-axis title.
    pub y_title: String,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Overlay unit-area shapes instead of stacking.
    pub normalised: bool,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// "#1f77b4" → RGB; grey for anything else.
pub fn parse_colour(hex: &str) -> RGBColor {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (hex.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => RGBColor(128, 128, 128),
    }
}

/// The Okabe–Ito palette, distinguishable with every common colour-vision deficiency.
pub const COLOUR_BLIND_SAFE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(213, 94, 0),
    RGBColor(0, 0, 0),
];

/// Scales a layer to unit area (Σ over bins of content = 1), errors alike.
fn unit_area(layer: &Layer) -> Layer {
    let total: f64 = layer.sumw.iter().sum();
    let factor = if total.abs() > 0.0 { 1.0 / total } else { 0.0 };
    Layer {
        sumw: layer.sumw.iter().map(|v| v * factor).collect(),
        errors: layer.errors.iter().map(|e| e * factor.abs()).collect(),
        ..layer.clone()
    }
}

/// Running sums: for each layer, the (bottom, top) of its band in every bin.
fn cumulate<'a>(layers: impl IntoIterator<Item = &'a Layer>, n: usize) -> Vec<Vec<(f64, f64)>> {
    let mut base = vec![0.0; n];
    layers
        .into_iter()
        .map(|layer| {
            (0..n)
                .map(|i| {
                    let bottom = base[i];
                    base[i] += layer.sumw.get(i).copied().unwrap_or(0.0);
                    (bottom, base[i])
                })
                .collect()
        })
        .collect()
}

/// Draws `plot` into `area`.
pub fn draw_stack<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &StackPlot,
) -> Result<(), String> {
    let s = plot.scale.max(0.5);
    let px = |css: f64| (css * s).round() as u32;
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(fail)?;
    let n = plot.edges.len().saturating_sub(1);
    if n == 0 {
        return Err("no bins to draw".into());
    }
    let (x_lo, x_hi) = (plot.edges[0], plot.edges[n]);

    let overlays: Vec<Layer>;
    let stacked: Vec<&Layer>;
    if plot.normalised {
        overlays = plot
            .backgrounds
            .iter()
            .chain(&plot.signals)
            .chain(&plot.data)
            .map(unit_area)
            .collect();
        stacked = Vec::new();
    } else {
        overlays = Vec::new();
        stacked = plot.backgrounds.iter().chain(&plot.signals).collect();
    }
    let bands = cumulate(stacked.iter().copied(), n);
    let total: Vec<f64> = (0..n)
        .map(|i| bands.last().map_or(0.0, |b| b[i].1))
        .collect();
    let total_err: Vec<f64> = (0..n)
        .map(|i| {
            stacked
                .iter()
                .map(|l| l.errors.get(i).copied().unwrap_or(0.0).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect();

    // Every y value that must fit, per bin (axis units: log10 on a log axis).
    let smallest_positive = total
        .iter()
        .chain(overlays.iter().flat_map(|l| l.sumw.iter()))
        .chain(plot.data.iter().flat_map(|d| d.sumw.iter()))
        .copied()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    // Log scale: plot log10(y) on a linear axis, with decade labels; empty bins sit below. The
    // axis starts half a decade below the smallest visible total (a single tiny signal layer on
    // top of a large background should not stretch the axis down by decades).
    let floor = if plot.log_y && smallest_positive.is_finite() {
        (smallest_positive.log10() - 0.5).floor()
    } else {
        0.0
    };
    let ty = |v: f64| {
        if plot.log_y {
            if v > 0.0 { v.log10().max(floor) } else { floor }
        } else {
            v
        }
    };
    let data = plot.data.as_ref().filter(|_| !plot.normalised);
    let bars: Vec<(f64, f64, f64)> = (0..n)
        .map(|i| {
            let mut top = total[i] + total_err[i];
            for l in &overlays {
                top = top.max(l.sumw[i]);
            }
            if let Some(d) = data {
                top = top.max(d.sumw[i] + d.errors[i]);
            }
            (plot.edges[i], plot.edges[i + 1], ty(top))
        })
        .collect();
    let highest = bars.iter().map(|b| b.2).fold(f64::NEG_INFINITY, f64::max);
    let y_lo = floor;
    let y_top = if plot.log_y {
        if highest.is_finite() {
            highest + 0.2
        } else {
            1.0
        }
    } else if highest > 0.0 {
        highest * 1.05
    } else {
        1.0
    };

    let entries = legend_entries(plot, &stacked, &overlays);
    let (w, h) = area.dim_in_pixel();
    let plot_box = plot_box((w, h), true, s);
    let size = legend::size(area, &entries, s);
    let (y_hi, legend_box) =
        legend::make_room(plot_box, size, (x_lo, x_hi), (y_lo, y_top), &bars, s);
    // Whole decades on a log axis, so its top is labelled.
    let y_hi = if plot.log_y { y_hi.ceil() } else { y_hi };

    let log_y = plot.log_y;
    let y_format = move |v: &f64| {
        if log_y {
            format::significant(10_f64.powf(*v), 3)
        } else {
            format::significant(*v, 3)
        }
    };
    let decades = (y_hi - y_lo).round().clamp(2.0, 12.0) as usize + 1;
    let axes = Axes {
        title: &plot.title,
        x_title: &plot.x_title,
        y_title: &plot.y_title,
        y_labels: if log_y { decades } else { 6 },
        y_format: &y_format,
        scale: s,
    };
    let mut chart = framed_chart(area, x_lo..x_hi, y_lo..y_hi, &axes)?;

    let edges = &plot.edges;
    // Stacked layers: filled boxes.
    for (layer, band) in stacked.iter().zip(&bands) {
        let fill = layer.color;
        chart
            .draw_series((0..n).filter(|&i| band[i].1 > band[i].0).map(|i| {
                Rectangle::new(
                    [(edges[i], ty(band[i].0)), (edges[i + 1], ty(band[i].1))],
                    fill.filled(),
                )
            }))
            .map_err(fail)?;
    }
    if !stacked.is_empty() {
        // The total as a line, so "the top of the bar" is one height; then its statistical
        // uncertainty as a hatched band straddling it (±1σ), never a fill over the bars' tops.
        let mut outline = Vec::with_capacity(2 * n);
        for i in 0..n {
            outline.push((edges[i], ty(total[i])));
            outline.push((edges[i + 1], ty(total[i])));
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                outline,
                theme::INK.stroke_width(px(1.5)),
            )))
            .map_err(fail)?;
        let base = area.get_base_pixel();
        let spacing = px(5.0) as i32;
        for i in (0..n).filter(|&i| total_err[i] > 0.0) {
            let (x0, y0) = chart.backend_coord(&(edges[i], ty(total[i] + total_err[i])));
            let (x1, y1) = chart.backend_coord(&(edges[i + 1], ty(total[i] - total_err[i])));
            let rect = (
                x0 - base.0,
                y0.min(y1) - base.1,
                x1 - base.0,
                y0.max(y1) - base.1,
            );
            for (a, b) in legend::hatch_segments(rect, spacing) {
                area.draw(&PathElement::new(
                    vec![a, b],
                    theme::INK.mix(0.8).stroke_width(px(1.0)),
                ))
                .map_err(fail)?;
            }
        }
    }
    // Normalised shapes: step outlines.
    for layer in &overlays {
        let mut points = Vec::with_capacity(2 * n + 2);
        points.push((edges[0], ty(0.0)));
        for i in 0..n {
            points.push((edges[i], ty(layer.sumw[i])));
            points.push((edges[i + 1], ty(layer.sumw[i])));
        }
        points.push((edges[n], ty(0.0)));
        chart
            .draw_series(std::iter::once(PathElement::new(
                points,
                layer.color.stroke_width(px(2.0)),
            )))
            .map_err(fail)?;
    }
    // Data: points with √N error bars (only in stacked mode; normalised data is an outline above).
    if let Some(data) = data {
        let centre = |i: usize| 0.5 * (edges[i] + edges[i + 1]);
        chart
            .draw_series((0..n).filter(|&i| data.sumw[i] > 0.0).map(|i| {
                PathElement::new(
                    vec![
                        (centre(i), ty(data.sumw[i] - data.errors[i])),
                        (centre(i), ty(data.sumw[i] + data.errors[i])),
                    ],
                    BLACK.stroke_width(px(1.5)),
                )
            }))
            .map_err(fail)?;
        chart
            .draw_series(
                (0..n)
                    .filter(|&i| data.sumw[i] > 0.0)
                    .map(|i| Circle::new((centre(i), ty(data.sumw[i])), px(3.5), BLACK.filled())),
            )
            .map_err(fail)?;
    }
    legend::draw(area, &entries, legend_box, s)?;
    area.present().map_err(fail)
}

/// The legend as HEP plots order it: data, then the stack from its top down, then the band (or,
/// normalised, each outline).
fn legend_entries(plot: &StackPlot, stacked: &[&Layer], overlays: &[Layer]) -> Vec<Entry> {
    let mut entries = Vec::new();
    if let Some(d) = plot.data.as_ref().filter(|_| !plot.normalised) {
        entries.push(Entry {
            label: d.label.clone(),
            swatch: Swatch::Point(BLACK),
        });
    }
    entries.extend(stacked.iter().rev().map(|l| Entry {
        label: l.label.clone(),
        swatch: Swatch::Fill(l.color),
    }));
    if !stacked.is_empty() {
        entries.push(Entry {
            label: STAT_BAND_LABEL.into(),
            swatch: Swatch::Hatch,
        });
    }
    entries.extend(overlays.iter().map(|l| Entry {
        label: l.label.clone(),
        swatch: Swatch::Line(l.color, false),
    }));
    entries
}

/// The statistical band's legend text.
pub const STAT_BAND_LABEL: &str = "Stat. unc. (±1σ)";

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(label: &str, colour: &str, sumw: &[f64]) -> Layer {
        Layer {
            label: label.into(),
            color: parse_colour(colour),
            sumw: sumw.to_vec(),
            errors: sumw.iter().map(|v| v.abs().sqrt()).collect(),
        }
    }

    fn plot(log_y: bool, normalised: bool) -> StackPlot {
        StackPlot {
            edges: vec![0.0, 50.0, 100.0, 150.0],
            backgrounds: vec![
                layer("ZZ", "#9467bd", &[10.0, 5.0, 1.0]),
                layer("WZ", "#2ca02c", &[20.0, 8.0, 0.0]),
            ],
            signals: vec![layer("DM_300", "#d62728", &[1.0, 2.0, 3.0])],
            data: Some(layer("Data", "#000000", &[30.0, 16.0, 3.0])),
            title: "lead_lep_pt after the cuts".into(),
            x_title: "lead_lep_pt [GeV]".into(),
            y_title: "Events / bin".into(),
            log_y,
            normalised,
            scale: 1.0,
        }
    }

    fn svg(plot: &StackPlot) -> String {
        crate::plots::render_svg((640, 400), |area| draw_stack(area, plot)).expect("draws")
    }

    #[test]
    fn stacked_plot_has_every_legend_entry_and_axis_title() {
        let out = svg(&plot(false, false));
        for text in [
            "ZZ",
            "WZ",
            "DM_300",
            "Data",
            STAT_BAND_LABEL,
            "lead_lep_pt after the cuts",
            "lead_lep_pt [GeV]",
            "Events / bin",
        ] {
            assert!(out.contains(text), "missing {text}");
        }
        // The purple ZZ fill is drawn (#9467bd), so the stack is not blank.
        assert!(out.to_ascii_uppercase().contains("#9467BD"));
    }

    #[test]
    fn log_axis_labels_are_powers_of_ten_and_normalised_mode_draws_outlines() {
        let out = svg(&plot(true, false));
        let texts: Vec<&str> = out.lines().map(str::trim).collect();
        assert!(
            texts.contains(&"10") && texts.contains(&"1"),
            "decade labels"
        );
        let shapes = svg(&plot(false, true));
        assert!(
            !shapes.contains(STAT_BAND_LABEL),
            "no stack band in normalised mode"
        );
        assert!(shapes.contains("polyline") || shapes.contains("<path"));
    }

    /// The numeric attribute `name` of an SVG element's text.
    fn attr(element: &str, name: &str) -> Option<f64> {
        let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
        element[at..].split('"').next()?.parse().ok()
    }

    /// (x0, y0, x1, y1) of every `<rect>` whose text contains `marker`.
    fn rects(svg: &str, marker: &str) -> Vec<(f64, f64, f64, f64)> {
        svg.split("<rect")
            .skip(1)
            .map(|r| r.split('>').next().unwrap_or(""))
            .filter(|r| r.contains(marker))
            .filter_map(|r| {
                let (x, y) = (attr(r, "x")?, attr(r, "y")?);
                Some((x, y, x + attr(r, "width")?, y + attr(r, "height")?))
            })
            .collect()
    }

    /// The y coordinates of each `<polyline>` whose text `keep` accepts.
    fn polyline_ys(svg: &str, keep: impl Fn(&str) -> bool) -> Vec<Vec<f64>> {
        svg.split("<polyline")
            .skip(1)
            .map(|l| l.split("/>").next().unwrap_or(""))
            .filter(|l| keep(l))
            .filter_map(|l| l.split("points=\"").nth(1))
            .map(|pts| {
                pts.split(['"', ' '])
                    .filter_map(|pt| pt.split(',').nth(1)?.parse::<f64>().ok())
                    .collect()
            })
            .collect()
    }

    /// The legend box: the one rectangle outlined in the grid colour.
    fn legend_box(svg: &str) -> (f64, f64, f64, f64) {
        let boxes = rects(svg, r##"stroke="#E2E8F0""##);
        assert_eq!(boxes.len(), 1, "one legend box");
        boxes[0]
    }

    #[test]
    fn the_legend_covers_no_bar() {
        for (log_y, tall_right) in [(false, true), (false, false), (true, true)] {
            let mut p = plot(log_y, false);
            if tall_right {
                // The tallest bin where the legend usually goes.
                p.backgrounds[0].sumw = vec![1.0, 5.0, 60.0];
            }
            let out = svg(&p);
            let (lx0, ly0, lx1, ly1) = legend_box(&out);
            for colour in ["#9467BD", "#2CA02C", "#D62728"] {
                for (x0, y0, x1, y1) in rects(&out, &format!("fill=\"{colour}\"")) {
                    // Legend swatches sit inside the box: only bars outside it count.
                    let swatch = x0 >= lx0 && x1 <= lx1 && y0 >= ly0 && y1 <= ly1;
                    let overlap = x0 < lx1 && x1 > lx0 && y0 < ly1 && y1 > ly0;
                    assert!(
                        swatch || !overlap,
                        "bar {colour} {:?} under the legend {:?}",
                        (x0, y0, x1, y1),
                        (lx0, ly0, lx1, ly1)
                    );
                }
            }
        }
    }

    #[test]
    fn the_band_straddles_the_total() {
        // One bin: total 100 ± 10 (two layers, errors √64 and √36).
        let p = StackPlot {
            edges: vec![0.0, 1.0],
            backgrounds: vec![Layer {
                label: "a".into(),
                color: parse_colour("#9467bd"),
                sumw: vec![60.0],
                errors: vec![8.0],
            }],
            signals: vec![Layer {
                label: "b".into(),
                color: parse_colour("#d62728"),
                sumw: vec![40.0],
                errors: vec![6.0],
            }],
            data: None,
            ..plot(false, false)
        };
        let out = svg(&p);
        // The total's outline: a path at one height.
        let ink = r##"stroke="#1E293B""##;
        let total_y: Vec<f64> = polyline_ys(&out, |l| {
            l.contains(ink) && l.contains("stroke-width=\"2\"")
        })
        .into_iter()
        .filter(|ys| ys.len() == 2 && (ys[0] - ys[1]).abs() < 0.5)
        .map(|ys| ys[0])
        .collect();
        assert!(!total_y.is_empty(), "the total is drawn as a line");
        let total_y = total_y[0];
        // The hatching: lines (80 % ink) from total + 10 down to total − 10.
        let hatch_y: Vec<f64> =
            polyline_ys(&out, |l| l.contains(ink) && l.contains("opacity=\"0.8\""))
                .into_iter()
                .flatten()
                .collect();
        assert!(hatch_y.len() >= 4, "hatched: {out}");
        let (top, bottom) = hatch_y
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(*y), b.max(*y)));
        assert!(
            top < total_y && bottom > total_y,
            "band {top}..{bottom} around {total_y}"
        );
        assert!(
            ((total_y - top) - (bottom - total_y)).abs() <= 6.0,
            "±1σ symmetric: {top} {total_y} {bottom}"
        );
    }

    #[test]
    fn unit_area_and_colours() {
        let l = unit_area(&layer("a", "#000000", &[1.0, 3.0]));
        assert_eq!(l.sumw, vec![0.25, 0.75]);
        assert_eq!(parse_colour("#1f77b4"), RGBColor(31, 119, 180));
        assert_eq!(parse_colour("red"), RGBColor(128, 128, 128));
    }
}
