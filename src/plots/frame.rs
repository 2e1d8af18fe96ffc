//! The frame every plot shares — margins, label areas, fonts, light grid, axis titles — so all
//! plots look alike and a style change happens in one place.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::theme;
use crate::format;

/// A chart with f64 axes on a drawing area.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Axis titles and y tick labels for [`framed_chart`].
pub struct Axes<'a> {
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
    let mut chart = ChartBuilder::on(area)
        .margin_top(px(14.0, s))
        .margin_right(px(PLOT_RIGHT_CSS, s))
        .margin_left(px(PLOT_LEFT_CSS - 70.0, s))
        .margin_bottom(px(8.0, s))
        .x_label_area_size(px(46.0, s))
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

/// Draws the legend of `chart`'s labelled series at `position`, in the plots' common style.
pub fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    position: SeriesLabelPosition,
    scale: f64,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .margin(px(8.0, scale))
        .label_font(label_font(scale).color(&theme::INK))
        .background_style(WHITE.mix(0.9))
        .border_style(theme::GRID.stroke_width(px(1.0, scale)))
        .draw()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_positions_map_onto_the_x_axis() {
        // A 1098 px canvas leaves 1000 px of plot: 78 px → 0, 578 px → 250, 1078 px → 500.
        assert_eq!(x_at(78.0, 1098.0, 0.0..500.0), Some(0.0));
        assert_eq!(x_at(578.0, 1098.0, 0.0..500.0), Some(250.0));
        assert_eq!(x_at(1078.0, 1098.0, 0.0..500.0), Some(500.0));
        assert_eq!(x_at(20.0, 1098.0, 0.0..500.0), None);
    }
}
