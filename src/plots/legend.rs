//! Legends, drawn the same way by every plot and placed where they cover no data: inside the
//! plotting area at a corner the data leave free (histograms make room for it above their bars),
//! otherwise under the plot. The box is ours (not plotters' series labels), so a plot knows where
//! its legend is before it draws, and tests can check that nothing drawn lies under it.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{label_font, px};
use super::theme;

/// What an entry's sample looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A filled box (a stacked sample, a bar).
    Fill(RGBColor),
    /// The hatched statistical band.
    Hatch,
    /// A line, solid or dashed.
    Line(RGBColor, bool),
    /// A point with an error bar (data).
    Point(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its text.
    pub label: String,
    /// Its sample.
    pub swatch: Swatch,
}

/// A rectangle in device pixels, `x0 < x1`, `y0 < y1` (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelBox {
    /// Left.
    pub x0: i32,
    /// Top.
    pub y0: i32,
    /// Right.
    pub x1: i32,
    /// Bottom.
    pub y1: i32,
}

impl PixelBox {
    /// Whether `(x, y)` lies inside (edges included).
    pub fn contains(&self, (x, y): (i32, i32)) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    /// Width in pixels.
    pub fn width(&self) -> i32 {
        self.x1 - self.x0
    }

    /// Height in pixels.
    pub fn height(&self) -> i32 {
        self.y1 - self.y0
    }
}

/// A corner of the plotting area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Top right (the HEP default for histograms).
    UpperRight,
    /// Top left.
    UpperLeft,
    /// Bottom right (the usual place on a ROC curve).
    LowerRight,
    /// Bottom left.
    LowerLeft,
}

/// Gap between the legend and the plotting area's edge, CSS pixels.
const INSET_CSS: f64 = 8.0;
const PAD_CSS: f64 = 6.0;
const SWATCH_CSS: f64 = 18.0;
const GAP_CSS: f64 = 6.0;
const ROW_CSS: f64 = 18.0;

/// The legend's size in device pixels (width, height).
pub fn size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    scale: f64,
) -> (i32, i32) {
    let font = label_font(scale);
    let text = entries
        .iter()
        .map(|e| {
            area.estimate_text_size(&e.label, &font.clone().into())
                .map_or(0, |(w, _)| w as i32)
        })
        .max()
        .unwrap_or(0);
    let p = |css| px(css, scale) as i32;
    (
        p(PAD_CSS) * 2 + p(SWATCH_CSS) + p(GAP_CSS) + text,
        p(PAD_CSS) * 2 + p(ROW_CSS) * entries.len() as i32,
    )
}

/// The legend's box at `corner` of `plot`.
pub fn at_corner(plot: PixelBox, (w, h): (i32, i32), corner: Corner, scale: f64) -> PixelBox {
    let inset = px(INSET_CSS, scale) as i32;
    let (x0, y0) = match corner {
        Corner::UpperRight => (plot.x1 - inset - w, plot.y0 + inset),
        Corner::UpperLeft => (plot.x0 + inset, plot.y0 + inset),
        Corner::LowerRight => (plot.x1 - inset - w, plot.y1 - inset - h),
        Corner::LowerLeft => (plot.x0 + inset, plot.y1 - inset - h),
    };
    PixelBox {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    }
}

/// The first of `corners` whose box holds none of `points` and fits in `plot`.
pub fn free_corner(
    plot: PixelBox,
    size: (i32, i32),
    corners: &[Corner],
    points: &[(i32, i32)],
    scale: f64,
) -> Option<PixelBox> {
    corners
        .iter()
        .map(|c| at_corner(plot, size, *c, scale))
        .filter(|b| b.x0 >= plot.x0 && b.y0 >= plot.y0 && b.x1 <= plot.x1 && b.y1 <= plot.y1)
        .find(|b| !points.iter().any(|p| b.contains(*p)))
}

/// Points every `step` pixels along the polyline `path` (its vertices included), so that a line
/// crossing a box counts even when no vertex lies in it.
pub fn along(path: &[(i32, i32)], step: i32) -> Vec<(i32, i32)> {
    let step = step.max(1) as f64;
    let mut out = Vec::with_capacity(path.len());
    for pair in path.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        let (dx, dy) = (f64::from(bx - ax), f64::from(by - ay));
        let n = ((dx.hypot(dy) / step).ceil() as usize).max(1);
        for k in 0..n {
            let t = k as f64 / n as f64;
            out.push((ax + (dx * t).round() as i32, ay + (dy * t).round() as i32));
        }
    }
    out.extend(path.last().copied());
    out
}

/// For a plot whose data rise from the bottom (histograms): the top of the y axis that leaves room
/// for the legend in an upper corner, clear of every bar beneath it, and that corner's box. `bars`
/// are (x from, x to, top) in axis units (log10 already taken on a log axis); the corner needing
/// the least headroom wins, the upper right on a tie; `y_top` is the least top wanted anyway.
pub fn make_room(
    plot: PixelBox,
    size: (i32, i32),
    (x_lo, x_hi): (f64, f64),
    (y_lo, y_top): (f64, f64),
    bars: &[(f64, f64, f64)],
    scale: f64,
) -> (f64, PixelBox) {
    let gap = px(INSET_CSS, scale) as i32;
    let height = f64::from(plot.height().max(1));
    let x_of = |pixel: i32| {
        x_lo + f64::from(pixel - plot.x0) / f64::from(plot.width().max(1)) * (x_hi - x_lo)
    };
    [Corner::UpperRight, Corner::UpperLeft]
        .iter()
        .map(|corner| {
            let at = at_corner(plot, size, *corner, scale);
            let (xa, xb) = (x_of(at.x0), x_of(at.x1));
            let under = bars
                .iter()
                .filter(|(a, b, _)| *b > xa && *a < xb)
                .map(|(_, _, top)| *top)
                .fold(y_lo, f64::max);
            // The fraction of the axis height below the legend's bottom edge.
            let room = (f64::from(plot.y1 - at.y1 - gap) / height).max(0.05);
            let y_hi = (y_lo + (under - y_lo) / room).max(y_top);
            (y_hi, at)
        })
        .fold(None, |best: Option<(f64, PixelBox)>, c| match best {
            Some(b) if b.0 <= c.0 => Some(b),
            _ => Some(c),
        })
        .unwrap_or((y_top, at_corner(plot, size, Corner::UpperRight, scale)))
}

/// Device pixel of the point (x, y) on a plotting area `plot` spanning `xr` × `yr`.
pub fn to_pixel(plot: PixelBox, xr: (f64, f64), yr: (f64, f64)) -> impl Fn(f64, f64) -> (i32, i32) {
    move |x, y| {
        let tx = (x - xr.0) / (xr.1 - xr.0);
        let ty = (y - yr.0) / (yr.1 - yr.0);
        (
            plot.x0 + (tx * f64::from(plot.width())).round() as i32,
            plot.y1 - (ty * f64::from(plot.height())).round() as i32,
        )
    }
}

/// Draws the legend in `at` (device pixels of `area`).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    at: PixelBox,
    scale: f64,
) -> Result<(), String> {
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let p = |css| px(css, scale) as i32;
    area.draw(&Rectangle::new(
        [(at.x0, at.y0), (at.x1, at.y1)],
        WHITE.filled(),
    ))
    .map_err(fail)?;
    area.draw(&Rectangle::new(
        [(at.x0, at.y0), (at.x1, at.y1)],
        theme::GRID.stroke_width(px(1.0, scale)),
    ))
    .map_err(fail)?;
    let font = label_font(scale).color(&theme::INK);
    for (row, entry) in entries.iter().enumerate() {
        let top = at.y0 + p(PAD_CSS) + p(ROW_CSS) * row as i32;
        let mid = top + p(ROW_CSS) / 2;
        let (sx0, sx1) = (at.x0 + p(PAD_CSS), at.x0 + p(PAD_CSS) + p(SWATCH_CSS));
        draw_swatch(area, entry.swatch, (sx0, sx1), mid, scale).map_err(fail)?;
        area.draw(&Text::new(
            entry.label.clone(),
            (sx1 + p(GAP_CSS), mid),
            font.clone().pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x0, x1): (i32, i32),
    mid: i32,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let half = px(6.0, scale) as i32;
    let line = px(2.0, scale);
    match swatch {
        Swatch::Fill(c) => area.draw(&Rectangle::new(
            [(x0, mid - half), (x1, mid + half)],
            c.filled(),
        )),
        Swatch::Hatch => {
            for (a, b) in hatch_segments((x0, mid - half, x1, mid + half), px(5.0, scale) as i32) {
                area.draw(&PathElement::new(
                    vec![a, b],
                    theme::INK.stroke_width(px(1.0, scale)),
                ))?;
            }
            area.draw(&Rectangle::new(
                [(x0, mid - half), (x1, mid + half)],
                theme::INK.stroke_width(px(1.0, scale)),
            ))
        }
        Swatch::Line(c, dashed) if dashed => {
            let third = (x1 - x0) / 3;
            area.draw(&PathElement::new(
                vec![(x0, mid), (x0 + third, mid)],
                c.stroke_width(line),
            ))?;
            area.draw(&PathElement::new(
                vec![(x1 - third, mid), (x1, mid)],
                c.stroke_width(line),
            ))
        }
        Swatch::Line(c, _) => area.draw(&PathElement::new(
            vec![(x0, mid), (x1, mid)],
            c.stroke_width(line),
        )),
        Swatch::Point(c) => {
            let cx = (x0 + x1) / 2;
            area.draw(&PathElement::new(
                vec![(cx, mid - half), (cx, mid + half)],
                c.stroke_width(px(1.5, scale)),
            ))?;
            area.draw(&Circle::new((cx, mid), px(3.5, scale), c.filled()))
        }
    }
}

/// The "/" hatching of the pixel rectangle (x0, y0, x1, y1): segments of the lines x + y = c for
/// every c a multiple of `spacing`, clipped to the rectangle — multiples of one spacing, so that
/// neighbouring rectangles continue each other's lines.
pub fn hatch_segments(
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    spacing: i32,
) -> Vec<((i32, i32), (i32, i32))> {
    let spacing = spacing.max(2);
    let (lo, hi) = (x0 + y0, x1 + y1);
    let first = lo.div_euclid(spacing) * spacing + spacing;
    (0..)
        .map(|k| first + k * spacing)
        .take_while(|c| *c < hi)
        .filter_map(|c| {
            // On x + y = c: x from max(x0, c - y1) to min(x1, c - y0).
            let (xa, xb) = ((c - y1).max(x0), (c - y0).min(x1));
            (xa < xb).then_some(((xa, c - xa), (xb, c - xb)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_stays_inside_its_rectangle_and_lines_up_across_bins() {
        let left = hatch_segments((0, 0, 20, 10), 5);
        let right = hatch_segments((20, 0, 40, 10), 5);
        for ((ax, ay), (bx, by)) in left.iter().chain(&right) {
            assert!((0..=40).contains(ax) && (0..=40).contains(bx));
            assert!((0..=10).contains(ay) && (0..=10).contains(by));
            // Every segment lies on some x + y = 5k.
            assert_eq!((ax + ay) % 5, 0);
            assert_eq!(ax + ay, bx + by);
        }
        // A line leaving the left box at x = 20 enters the right one at the same height.
        let exits: Vec<i32> = left
            .iter()
            .filter(|s| s.1.0 == 20 && s.1.1 > 0)
            .map(|s| s.1.1)
            .collect();
        let entries: Vec<i32> = right
            .iter()
            .filter(|s| s.0.0 == 20)
            .map(|s| s.0.1)
            .collect();
        assert!(!exits.is_empty());
        assert!(
            exits.iter().all(|y| entries.contains(y)),
            "{exits:?} {entries:?}"
        );
    }

    #[test]
    fn histograms_make_room_above_the_bars_under_the_legend() {
        let plot = PixelBox {
            x0: 0,
            y0: 0,
            x1: 400,
            y1: 300,
        };
        // Tall bars on the right, low ones on the left: the legend goes upper left and the axis
        // only needs to fit the left bars under it (and 110 anyway).
        let bars = [(0.0, 50.0, 10.0), (50.0, 100.0, 100.0)];
        let (y_hi, at) = make_room(plot, (100, 60), (0.0, 100.0), (0.0, 110.0), &bars, 1.0);
        assert_eq!(at.x0, 8);
        assert!((y_hi - 110.0).abs() < 1e-9, "{y_hi}");
        // One tall bar everywhere: the axis grows until the bar's top is under the legend.
        let (y_hi, at) = make_room(
            plot,
            (100, 60),
            (0.0, 100.0),
            (0.0, 110.0),
            &[(0.0, 100.0, 100.0)],
            1.0,
        );
        let top = to_pixel(plot, (0.0, 100.0), (0.0, y_hi))(50.0, 100.0);
        assert!(
            top.1 >= at.y1 + 8 - 1,
            "bar top {top:?} under legend {at:?}"
        );
    }

    #[test]
    fn a_corner_with_data_in_it_is_skipped() {
        let plot = PixelBox {
            x0: 0,
            y0: 0,
            x1: 400,
            y1: 300,
        };
        let size = (100, 40);
        // A point in the upper right: the legend goes upper left.
        let b = free_corner(
            plot,
            size,
            &[Corner::UpperRight, Corner::UpperLeft],
            &[(350, 20)],
            1.0,
        )
        .expect("a free corner");
        assert_eq!((b.x0, b.y0), (8, 8));
        // Every corner taken: none.
        let everywhere = [(350, 20), (50, 20), (350, 280), (50, 280)];
        let corners = [
            Corner::UpperRight,
            Corner::UpperLeft,
            Corner::LowerRight,
            Corner::LowerLeft,
        ];
        assert_eq!(free_corner(plot, size, &corners, &everywhere, 1.0), None);
        // A segment crossing a box without a vertex in it still counts.
        let crossing = along(&[(0, 30), (400, 30)], 4);
        assert!(
            crossing
                .iter()
                .any(|p| at_corner(plot, size, Corner::UpperRight, 1.0).contains(*p))
        );
    }
}
