//! Stacked histograms by process, as the tutorials draw them with matplotlib: backgrounds
//! stacked and filled, signal stacked on top, the simulation's statistical uncertainty as a
//! hatched band, data as points with √N error bars — or, in normalised mode, every sample's
//! shape as an outline with unit area. Linear or logarithmic y axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axes, framed_chart, label_font};
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

    // Every y value that must fit.
    let mut tops: Vec<f64> = total.iter().zip(&total_err).map(|(v, e)| v + e).collect();
    tops.extend(overlays.iter().flat_map(|l| l.sumw.iter().copied()));
    if let Some(data) = plot.data.as_ref().filter(|_| !plot.normalised) {
        tops.extend(data.sumw.iter().zip(&data.errors).map(|(v, e)| v + e));
    }
    let y_max = tops.iter().copied().fold(0.0_f64, f64::max);
    // The log axis starts half a decade below the smallest visible total (a single tiny signal
    // layer on top of a large background should not stretch the axis down by decades).
    let smallest_positive = total
        .iter()
        .chain(overlays.iter().flat_map(|l| l.sumw.iter()))
        .chain(plot.data.iter().flat_map(|d| d.sumw.iter()))
        .copied()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);

    // Log scale: plot log10(y) on a linear axis, with decade labels; empty bins sit below.
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
    let (y_lo, y_hi) = if plot.log_y {
        let top = if y_max > 0.0 { y_max.log10() } else { 1.0 };
        // Headroom for the legend: half a decade per four legend rows.
        (floor, (top + 0.6).ceil())
    } else {
        (0.0, if y_max > 0.0 { y_max * 1.25 } else { 1.0 })
    };

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
        x_title: &plot.x_title,
        y_title: &plot.y_title,
        y_labels: if log_y { decades } else { 6 },
        y_format: &y_format,
        scale: s,
    };
    let mut chart = framed_chart(area, x_lo..x_hi, y_lo..y_hi, &axes)?;
    let font = label_font(s).color(&theme::INK);

    let edges = &plot.edges;
    // Stacked layers: filled boxes, outlined in a darker shade so adjacent colours separate.
    for (layer, band) in stacked.iter().zip(&bands) {
        let fill = layer.color;
        chart
            .draw_series((0..n).filter(|&i| band[i].1 > band[i].0).map(|i| {
                Rectangle::new(
                    [(edges[i], ty(band[i].0)), (edges[i + 1], ty(band[i].1))],
                    fill.filled(),
                )
            }))
            .map_err(fail)?
            .label(layer.label.as_str())
            .legend(move |(x, y)| {
                Rectangle::new(
                    [
                        (x, y - px(6.0) as i32),
                        (x + px(14.0) as i32, y + px(6.0) as i32),
                    ],
                    fill.filled(),
                )
            });
    }
    if !stacked.is_empty() {
        // Statistical uncertainty of the total simulation: a hatched band.
        let hatch = theme::INK.mix(0.35);
        chart
            .draw_series((0..n).filter(|&i| total_err[i] > 0.0).map(|i| {
                Rectangle::new(
                    [
                        (edges[i], ty(total[i] - total_err[i])),
                        (edges[i + 1], ty(total[i] + total_err[i])),
                    ],
                    hatch.filled(),
                )
            }))
            .map_err(fail)?
            .label("Stat. unc.")
            .legend(move |(x, y)| {
                Rectangle::new(
                    [
                        (x, y - px(6.0) as i32),
                        (x + px(14.0) as i32, y + px(6.0) as i32),
                    ],
                    hatch.filled(),
                )
            });
    }
    // Normalised shapes: step outlines.
    for layer in &overlays {
        let color = layer.color;
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
                color.stroke_width(px(2.0)),
            )))
            .map_err(fail)?
            .label(layer.label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + px(14.0) as i32, y)],
                    color.stroke_width(px(2.0)),
                )
            });
    }
    // Data: points with √N error bars (only in stacked mode; normalised data is an outline above).
    if let Some(data) = plot.data.as_ref().filter(|_| !plot.normalised) {
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
            .map_err(fail)?
            .label(data.label.as_str())
            .legend(move |(x, y)| Circle::new((x + px(7.0) as i32, y), px(3.5), BLACK.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(theme::GRID)
        .label_font(font)
        .margin(px(8.0))
        .draw()
        .map_err(fail)?;
    area.present().map_err(fail)
}

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
            "Stat. unc.",
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
            !shapes.contains("Stat. unc."),
            "no stack band in normalised mode"
        );
        assert!(shapes.contains("polyline") || shapes.contains("<path"));
    }

    #[test]
    fn unit_area_and_colours() {
        let l = unit_area(&layer("a", "#000000", &[1.0, 3.0]));
        assert_eq!(l.sumw, vec![0.25, 0.75]);
        assert_eq!(parse_colour("#1f77b4"), RGBColor(31, 119, 180));
        assert_eq!(parse_colour("red"), RGBColor(128, 128, 128));
    }
}
