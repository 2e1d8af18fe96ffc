//! The frame every plot shares — margins, label areas, fonts, light grid, axis titles — so all
//! plots look alike and a style change happens in one place.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::PixelBox;
use super::theme;
use crate::format;

/// A chart with f64 axes on a drawing area.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Title, axis titles and y tick labels for [`framed_chart`].
pub struct Axes<'a> {
    /// The plot's title, above the plotting area (empty: none).
    pub title: &'a str,
    /// x-axis title with unit.
    pub x_title: &'a str,
    /// y-axis title.
    pub y_title: &'a str,
    /// Number of y ticks to aim for.
    pub y_labels: usize,
    /// Text of a y tick.
    pub y_format: &'a dyn Fn(&f64) -> String,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// The default y tick text: 3 significant digits.
pub fn plain_ticks(v: &f64) -> String {
    format::significant(*v, 3)
}

/// Device pixels for `css` CSS pixels at `scale`.
pub fn px(css: f64, scale: f64) -> u32 {
    (css * scale.max(0.5)).round() as u32
}

/// The plot text font at `scale`.
pub fn label_font(scale: f64) -> FontDesc<'static> {
    (theme::FONT, theme::FONT_PX * scale.max(0.5)).into_font()
}

/// CSS pixels from the canvas's left edge to the plotting area (margin + y label area), and from
/// the plotting area to the right edge: where [`framed_chart`] puts the x axis.
pub const PLOT_LEFT_CSS: f64 = 8.0 + 70.0;
/// See [`PLOT_LEFT_CSS`].
pub const PLOT_RIGHT_CSS: f64 = 20.0;

/// CSS pixels above the plotting area: a margin, and room for the title.
fn top_css(titled: bool) -> f64 {
    if titled { 14.0 + TITLE_CSS } else { 14.0 }
}
/// Height of the title line, CSS pixels.
const TITLE_CSS: f64 = 22.0;
/// CSS pixels below the plotting area: the x tick labels and title, and a margin.
const BOTTOM_CSS: (f64, f64) = (46.0, 8.0);

/// Where [`framed_chart`] puts the plotting area on an area `width` × `height` device pixels.
pub fn plot_box((width, height): (u32, u32), titled: bool, scale: f64) -> PixelBox {
    let p = |css| px(css, scale) as i32;
    PixelBox {
        x0: p(PLOT_LEFT_CSS - 70.0) + p(70.0),
        y0: p(top_css(titled)),
        x1: width as i32 - p(PLOT_RIGHT_CSS),
        y1: height as i32 - p(BOTTOM_CSS.0) - p(BOTTOM_CSS.1),
    }
}

/// Tick values at round numbers (1, 2 or 5 × 10ⁿ apart) inside `lo..=hi`, at most `max_count`
/// of them (at least 2 where the range allows).
pub fn nice_ticks(lo: f64, hi: f64, max_count: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let max_count = max_count.max(2);
    let raw = (hi - lo) / (max_count - 1) as f64;
    let magnitude = 10_f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| (((hi / step).floor() - (lo / step).ceil()) as usize) < max_count)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    // Multiples of the step, rounded so that 0.1 × 3 prints as 0.3.
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            let digits = (-step.log10().floor()).max(0.0) as i32;
            let f = 10_f64.powi(digits);
            (v * f).round() / f
        })
        .collect()
}

/// The x value under a pointer `css_x` pixels from the left of a canvas `width_css` wide whose
/// chart spans `x` (`None` outside the plotting area).
pub fn x_at(css_x: f64, width_css: f64, x: Range<f64>) -> Option<f64> {
    let inner = width_css - PLOT_LEFT_CSS - PLOT_RIGHT_CSS;
    let t = (css_x - PLOT_LEFT_CSS) / inner;
    (inner > 0.0 && (0.0..=1.0).contains(&t)).then_some(x.start + t * (x.end - x.start))
}

/// Builds a chart over `x` × `y` on `area` and draws its grid, ticks and axis titles.
pub fn framed_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: Range<f64>,
    y: Range<f64>,
    axes: &Axes<'_>,
) -> Result<Chart<'a, DB>, String> {
    let s = axes.scale;
    let font = label_font(s).color(&theme::INK);
    let title_font = (theme::FONT, (theme::FONT_PX + 1.0) * s.max(0.5))
        .into_font()
        .color(&theme::INK);
    let titled = !axes.title.is_empty();
    if titled {
        let bold = (
            theme::FONT,
            (theme::FONT_PX + 2.0) * s.max(0.5),
            FontStyle::Bold,
        )
            .into_font()
            .color(&theme::INK);
        area.draw(&Text::new(
            axes.title.to_owned(),
            (px(PLOT_LEFT_CSS, s) as i32, px(10.0, s) as i32),
            bold,
        ))
        .map_err(|e| e.to_string())?;
    }
    let mut chart = ChartBuilder::on(area)
        .margin_top(px(top_css(titled), s))
        .margin_right(px(PLOT_RIGHT_CSS, s))
        .margin_left(px(PLOT_LEFT_CSS - 70.0, s))
        .margin_bottom(px(BOTTOM_CSS.1, s))
        .x_label_area_size(px(BOTTOM_CSS.0, s))
        .y_label_area_size(px(70.0, s))
        // (PLOT_LEFT_CSS = left margin + this label area.)
        .build_cartesian_2d(x, y)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(axes.x_title)
        .y_desc(axes.y_title)
        .x_labels(8)
        .y_labels(axes.y_labels)
        .x_label_formatter(&|v| format::significant(*v, 4))
        .y_label_formatter(axes.y_format)
        .label_style(font)
        .axis_desc_style(title_font)
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID.stroke_width(px(1.0, s)))
        .axis_style(theme::INK.stroke_width(px(1.0, s)))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_values() {
        assert_eq!(nice_ticks(20.3, 95.4, 4), vec![40.0, 60.0, 80.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 6), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(44.5, 382.0, 4), vec![100.0, 200.0, 300.0]);
        assert_eq!(nice_ticks(-0.13, 0.31, 5), vec![-0.1, 0.0, 0.1, 0.2, 0.3]);
        assert!(nice_ticks(1.0, 1.0, 4).is_empty());
    }

    #[test]
    fn pointer_positions_map_onto_the_x_axis() {
        // A 1098 px canvas leaves 1000 px of plot: 78 px → 0, 578 px → 250, 1078 px → 500.
        assert_eq!(x_at(78.0, 1098.0, 0.0..500.0), Some(0.0));
        assert_eq!(x_at(578.0, 1098.0, 0.0..500.0), Some(250.0));
        assert_eq!(x_at(1078.0, 1098.0, 0.0..500.0), Some(500.0));
        assert_eq!(x_at(20.0, 1098.0, 0.0..500.0), None);
    }
}
