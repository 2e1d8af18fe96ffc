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
