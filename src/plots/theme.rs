//! Colours and sizes shared by every plot (kept in step with style.css).

use plotters::style::RGBColor;

/// Default bar colour (the site's accent blue).
pub const ACCENT: RGBColor = RGBColor(37, 99, 235);
/// Bar fill: the accent blended 75% onto white, opaque so grid lines never show through.
pub const BAR: RGBColor = RGBColor(92, 138, 240);
/// Axis and text colour.
pub const INK: RGBColor = RGBColor(30, 41, 59);
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(226, 232, 240);
/// Font family for all plot text.
pub const FONT: &str = "sans-serif";
/// Base font size in CSS pixels (scaled by the device pixel ratio).
pub const FONT_PX: f64 = 13.0;

/// Colours of compared curves (models, submissions), in order.
const SERIES: [RGBColor; 6] = [
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
];

/// The colour of the `i`-th compared curve (they repeat after six).
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// A reference line (luck's diagonal).
pub const GUIDE: RGBColor = RGBColor(148, 163, 184);
