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
        .margin_right(px(20.0, s))
        .margin_left(px(8.0, s))
        .margin_bottom(px(8.0, s))
        .x_label_area_size(px(46.0, s))
        .y_label_area_size(px(70.0, s))
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
