//! A significance scan: the measure versus the cut value, with gaps where it is undefined
//! (B ≤ 0 or too small), those thresholds marked on the axis, and the optimum highlighted.

use fivesigma_engine::analysis::Scan;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{Axes, framed_chart, label_font, plain_ticks};
use super::theme;
use crate::format;

/// Colour of the optimum marker.
const OPTIMUM: RGBColor = RGBColor(214, 39, 40);
/// Colour of undefined-point markers.
const UNDEFINED: RGBColor = RGBColor(148, 163, 184);

/// Titles and sizing for [`draw_scan`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScanLabels {
    /// The plot's title.
    pub title: String,
    /// x-axis title, e.g. "cut on lead_lep_pt [GeV] (keep >)".
    pub x: String,
    /// y-axis title, e.g. "S/√B".
    pub y: String,
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// The x axis's range; `None`: the thresholds' range plus 3% on each side. A panel under a
    /// histogram passes the histogram's range so the two x axes line up.
    pub x_range: Option<(f64, f64)>,
}

/// Draws `scan` as points joined where consecutive points are defined.
pub fn draw_scan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scan: &Scan,
    labels: &ScanLabels,
) -> Result<(), String> {
    let s = labels.scale.max(0.5);
    let px = |css: f64| (css * s).round() as u32;
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(fail)?;
    let xs: Vec<f64> = scan.points.iter().map(|p| p.threshold).collect();
    let (Some(&x_first), Some(&x_last)) = (xs.first(), xs.last()) else {
        return Err("the scan has no thresholds".into());
    };
    let pad = if x_last > x_first {
        0.03 * (x_last - x_first)
    } else {
        1.0
    };
    let (x_lo, x_hi) = labels.x_range.unwrap_or((x_first - pad, x_last + pad));
    let values: Vec<Option<f64>> = scan.points.iter().map(|p| p.value.ok()).collect();
    let y_max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let y_min = values.iter().flatten().copied().fold(0.0_f64, f64::min);
    let y_hi = if y_max > 0.0 { y_max * 1.15 } else { 1.0 };

    let axes = Axes {
        title: &labels.title,
        x_title: &labels.x,
        y_title: &labels.y,
        y_labels: 6,
        y_format: &plain_ticks,
        scale: s,
    };
    let mut chart = framed_chart(area, x_lo..x_hi, y_min..y_hi, &axes)?;
    let font = label_font(s);

    // Lines only between neighbours that are both defined: an undefined point leaves a gap. Each
    // unbroken run is one path (a scan over every value has 10⁶ points: one path per segment
    // made the canvas set its style 10⁶ times).
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (&x, value) in xs.iter().zip(&values) {
        match value {
            Some(y) => run.push((x, *y)),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    let paths = runs
        .into_iter()
        .filter(|run| run.len() >= 2)
        .map(|run| PathElement::new(run, theme::ACCENT.stroke_width(px(2.0))));
    chart.draw_series(paths).map_err(fail)?;
    // Markers only when they stay readable.
    if xs.len() <= 200 {
        chart
            .draw_series(xs.iter().zip(&values).filter_map(|(&x, v)| {
                v.map(|y| Circle::new((x, y), px(3.0), theme::ACCENT.filled()))
            }))
            .map_err(fail)?;
    }
    let undefined = xs
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(&x, _)| Cross::new((x, y_min), px(4.0), UNDEFINED.stroke_width(px(2.0))));
    chart.draw_series(undefined).map_err(fail)?;
    if let Some(best) = scan.best_point()
        && let Ok(value) = best.value
    {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(best.threshold, y_min), (best.threshold, value)],
                OPTIMUM.mix(0.6).stroke_width(px(1.5)),
            )))
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (best.threshold, value),
                px(6.0),
                OPTIMUM.stroke_width(px(2.5)),
            )))
            .map_err(fail)?;
        let text = format!(
            "best {} at {}",
            format::significant(value, 4),
            format::significant(best.threshold, 4)
        );
        chart
            .draw_series(std::iter::once(Text::new(
                text,
                (best.threshold, value + 0.05 * (y_hi - y_min)),
                // Above the marker, centred on it (a left-anchored label ran over the circle).
                font.clone()
                    .color(&OPTIMUM)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))
            .map_err(fail)?;
    }
    area.present().map_err(fail)
}

#[cfg(test)]
mod tests {
    use fivesigma_engine::analysis::{
        CumulativeWeights, CutDirection, ScanSettings, Significance, Thresholds, scan,
    };

    use super::*;

    #[test]
    fn draws_the_curve_the_optimum_and_undefined_points() {
        let signal = CumulativeWeights::new(&[10.0, 20.0, 30.0], Some(&[1.0, 1.0, 1.0]));
        let background = CumulativeWeights::new(&[5.0, 15.0], Some(&[4.0, 1.0]));
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(vec![0.0, 10.0, 20.0]),
            min_background: 0.0,
        };
        let result = scan(&signal, &background, &settings);
        // At 20 no background is left: undefined, drawn as a cross.
        assert!(result.points[2].value.is_err());
        let labels = ScanLabels {
            title: "S/√B of a cut".into(),
            x: "cut on x (keep >)".into(),
            y: "S/√B".into(),
            scale: 1.0,
            x_range: None,
        };
        let svg = crate::plots::render_svg((640, 360), |area| draw_scan(area, &result, &labels))
            .expect("draws");
        assert!(svg.contains("cut on x (keep &gt;)") || svg.contains("cut on x (keep >)"));
        assert!(
            svg.contains("best 2 at 10"),
            "optimum label: S = 2, B = 1 at > 10"
        );
        assert!(
            svg.to_ascii_uppercase().contains("#94A3B8"),
            "undefined marker drawn"
        );
    }
}
