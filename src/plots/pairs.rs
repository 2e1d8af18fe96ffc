//! A pair plot (scatter-plot matrix): every pair of the chosen variables as a scatter plot, each
//! variable's own distribution per group on the diagonal (unit-area outlines), points coloured by
//! class or sample, background groups drawn first so the signal stays visible on top.

use fivesigma_engine::analysis::{Binning, Histogram, PointCloud};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{label_font, nice_ticks};
use super::stack::parse_colour;
use super::theme;
use crate::format;

/// Bins of the diagonal histograms.
const DIAGONAL_BINS: usize = 30;
/// Margins around the grid, in CSS pixels: legend rows on top, variable names and ticks left and
/// below.
const LEGEND_ROW_CSS: f64 = 20.0;
const LEFT_CSS: f64 = 62.0;
const BOTTOM_CSS: f64 = 46.0;
const RIGHT_CSS: f64 = 12.0;
/// Gap between panels, in CSS pixels.
const GAP_CSS: f64 = 6.0;

/// What to draw and at which pixel density.
#[derive(Debug, Clone, PartialEq)]
pub struct PairPlot {
    /// The plot's title.
    pub title: String,
    /// The points and ranges (from the engine).
    pub cloud: PointCloud,
    /// Axis titles, one per variable (with units).
    pub titles: Vec<String>,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Where a panel sits, in device pixels, and the value ranges it shows.
struct Panel {
    x0: i32,
    y0: i32,
    w: i32,
    h: i32,
    x_range: (f64, f64),
    y_range: (f64, f64),
}

impl Panel {
    fn to_px(&self, x: f64, y: f64) -> Option<(i32, i32)> {
        let tx = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let ty = (y - self.y_range.0) / (self.y_range.1 - self.y_range.0);
        ((0.0..=1.0).contains(&tx) && (0.0..=1.0).contains(&ty)).then(|| {
            (
                self.x0 + (tx * f64::from(self.w)).round() as i32,
                self.y0 + self.h - (ty * f64::from(self.h)).round() as i32,
            )
        })
    }
}

/// The range shown for data spanning `lo..hi`: 4 % more on each side, so no point sits on a
/// panel's edge.
fn padded((lo, hi): (f64, f64)) -> (f64, f64) {
    let pad = if hi > lo { 0.04 * (hi - lo) } else { 0.5 };
    (lo - pad, hi + pad)
}

/// Draws the pair plot of `plot` on `area`.
pub fn draw_pairs<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &PairPlot,
) -> Result<(), String> {
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let s = plot.scale.max(0.5);
    let px = |css: f64| (css * s).round() as i32;
    area.fill(&WHITE).map_err(fail)?;
    let cloud = &plot.cloud;
    let k = cloud.variables.len();
    if k == 0 {
        return Err("choose at least two variables".into());
    }
    let (width, height) = area.dim_in_pixel();
    let font = label_font(s).color(&theme::INK);
    let small = (theme::FONT, (theme::FONT_PX - 2.0) * s)
        .into_font()
        .color(&theme::INK);
    let legend_style = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
    // The title on the first line, the legend's rows under it.
    let title_h = if plot.title.is_empty() { 0 } else { px(24.0) };
    if title_h > 0 {
        let bold = (theme::FONT, (theme::FONT_PX + 2.0) * s, FontStyle::Bold)
            .into_font()
            .color(&theme::INK);
        area.draw(&Text::new(
            plot.title.clone(),
            (px(LEFT_CSS), px(6.0)),
            bold,
        ))
        .map_err(fail)?;
    }
    let legend = layout_legend(
        area,
        cloud,
        &legend_style,
        px(LEFT_CSS),
        width as i32 - px(RIGHT_CSS),
        s,
    )
    .map_err(fail)?;
    let rows = legend.iter().map(|e| e.row).max().map_or(0, |r| r + 1);
    let top = title_h + px(8.0) + px(LEGEND_ROW_CSS) * rows as i32 + px(4.0);
    let grid_w = width as i32 - px(LEFT_CSS) - px(RIGHT_CSS);
    let grid_h = height as i32 - top - px(BOTTOM_CSS);
    let k_i = k as i32;
    // Panels fill the width and the height (a wide canvas gets wide panels, none of it unused).
    let w = ((grid_w - px(GAP_CSS) * (k_i - 1)) / k_i).max(10);
    let h = ((grid_h - px(GAP_CSS) * (k_i - 1)) / k_i).max(10);
    let left = px(LEFT_CSS);
    let ranges: Vec<(f64, f64)> = cloud.ranges.iter().copied().map(padded).collect();
    let panel = |row: usize, col: usize| Panel {
        x0: left + col as i32 * (w + px(GAP_CSS)),
        y0: top + row as i32 * (h + px(GAP_CSS)),
        w,
        h,
        x_range: ranges[col],
        y_range: ranges[row],
    };
    let dot = px(1.2).max(1);

    for row in 0..k {
        for col in 0..k {
            let p = panel(row, col);
            area.draw(&Rectangle::new(
                [(p.x0, p.y0), (p.x0 + w, p.y0 + h)],
                theme::GRID.stroke_width(px(1.0).max(1) as u32),
            ))
            .map_err(fail)?;
            if row == col {
                draw_diagonal(area, &p, cloud, col, px(1.5).max(1) as u32).map_err(fail)?;
                continue;
            }
            for group in &cloud.groups {
                let colour = parse_colour(&group.color).mix(0.55).filled();
                let points = group.columns[col]
                    .iter()
                    .zip(&group.columns[row])
                    .filter_map(|(&x, &y)| p.to_px(x, y))
                    .map(|(x, y)| Rectangle::new([(x - dot, y - dot), (x + dot, y + dot)], colour));
                for point in points {
                    area.draw(&point).map_err(fail)?;
                }
            }
        }
    }

    // Ticks at round values, and the variable names, outside the grid: under the bottom row and
    // left of the first column.
    let tick = theme::INK.stroke_width(px(1.0).max(1) as u32);
    for (i, title) in plot.titles.iter().enumerate() {
        let bottom = panel(k - 1, i);
        let tick_y = bottom.y0 + h;
        let across = (w / px(55.0)).clamp(2, 6) as usize;
        for value in nice_ticks(ranges[i].0, ranges[i].1, across) {
            if let Some((x, _)) = bottom.to_px(value, bottom.y_range.0) {
                area.draw(&PathElement::new(
                    vec![(x, tick_y), (x, tick_y + px(3.0))],
                    tick,
                ))
                .map_err(fail)?;
                area.draw_text(
                    &format::significant(value, 4),
                    &small.clone().pos(Pos::new(HPos::Center, VPos::Top)),
                    (x, tick_y + px(4.0)),
                )
                .map_err(fail)?;
            }
        }
        draw_fitted(
            area,
            title,
            &font,
            (bottom.x0 + w / 2, tick_y + px(19.0)),
            w,
            false,
        )
        .map_err(fail)?;
        let side = panel(i, 0);
        let up = (h / px(40.0)).clamp(2, 6) as usize;
        for value in nice_ticks(ranges[i].0, ranges[i].1, up) {
            if let Some((_, y)) = side.to_px(side.x_range.0, value) {
                area.draw(&PathElement::new(
                    vec![(left - px(3.0), y), (left, y)],
                    tick,
                ))
                .map_err(fail)?;
                area.draw_text(
                    &format::significant(value, 4),
                    &small.clone().pos(Pos::new(HPos::Right, VPos::Center)),
                    (left - px(4.0), y),
                )
                .map_err(fail)?;
            }
        }
        draw_fitted(
            area,
            title,
            &font,
            (left - px(44.0), side.y0 + h / 2),
            h,
            true,
        )
        .map_err(fail)?;
    }

    // Legend across the top, wrapped into rows.
    for entry in &legend {
        let y =
            title_h + px(8.0) + px(LEGEND_ROW_CSS) * entry.row as i32 + px(LEGEND_ROW_CSS / 2.0);
        area.draw(&Rectangle::new(
            [(entry.x, y - px(5.0)), (entry.x + px(10.0), y + px(5.0))],
            entry.colour.filled(),
        ))
        .map_err(fail)?;
        area.draw_text(&entry.text, &legend_style, (entry.x + px(15.0), y))
            .map_err(fail)?;
    }
    area.present().map_err(fail)
}

/// Draws an axis title centred at `at`, within `room` pixels (along its direction): as it is if
/// it fits, else shortened with "…" — neighbouring panels' titles never overlap. `rotated`: read
/// bottom to top, left of a row.
fn draw_fitted<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    font: &TextStyle<'_>,
    at: (i32, i32),
    room: i32,
    rotated: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let fits = |t: &str| {
        area.estimate_text_size(t, font)
            .map_or(true, |(w, _)| w as i32 <= room)
    };
    let mut text = title.to_owned();
    if !fits(&text) {
        // Without its unit first, then letters from the end.
        let bare = title.split(" [").next().unwrap_or(title).to_owned();
        text = bare.clone();
        let mut chars: Vec<char> = bare.chars().collect();
        while !fits(&text) && chars.len() > 1 {
            chars.pop();
            text = format!("{}…", chars.iter().collect::<String>());
        }
    }
    let style = if rotated {
        font.clone()
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Bottom))
    } else {
        font.clone().pos(Pos::new(HPos::Center, VPos::Top))
    };
    area.draw_text(&text, &style, at)
}

/// One legend entry placed on a row.
struct LegendEntry {
    text: String,
    colour: RGBColor,
    row: usize,
    x: i32,
}

/// Lays the groups' legend entries (swatch, name, how many events are shown) out in rows
/// between `x_start` and `x_end`.
fn layout_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cloud: &PointCloud,
    style: &TextStyle<'_>,
    x_start: i32,
    x_end: i32,
    s: f64,
) -> Result<Vec<LegendEntry>, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |css: f64| (css * s).round() as i32;
    let mut entries = Vec::with_capacity(cloud.groups.len());
    let (mut row, mut x) = (0, x_start);
    for group in &cloud.groups {
        let text = if group.len() < group.passing {
            format!(
                "{} ({} of {} events)",
                group.label,
                group.len(),
                group.passing
            )
        } else {
            format!("{} ({} events)", group.label, group.passing)
        };
        let (w, _) = area.estimate_text_size(&text, style)?;
        let width = px(15.0) + w as i32;
        if x > x_start && x + width > x_end {
            row += 1;
            x = x_start;
        }
        entries.push(LegendEntry {
            text,
            colour: parse_colour(&group.color),
            row,
            x,
        });
        x += width + px(18.0);
    }
    Ok(entries)
}

/// Unit-area outlines of variable `v` per group, over the panel's x range.
fn draw_diagonal<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &Panel,
    cloud: &PointCloud,
    v: usize,
    stroke: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (lo, hi) = p.x_range;
    let Ok(binning) = Binning::uniform(DIAGONAL_BINS, lo, hi) else {
        return Ok(());
    };
    let shapes: Vec<(RGBColor, Vec<f64>)> = cloud
        .groups
        .iter()
        .filter_map(|g| {
            let h = Histogram::fill(binning.clone(), &g.columns[v], None);
            let total: f64 = h.sumw.iter().sum();
            // A group with nothing in range has no shape (a flat line would hide the axis).
            (total > 0.0).then(|| {
                (
                    parse_colour(&g.color),
                    h.sumw.iter().map(|c| c / total).collect(),
                )
            })
        })
        .collect();
    let peak = shapes
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .fold(0.0_f64, f64::max);
    if peak <= 0.0 {
        return Ok(());
    }
    let bar = f64::from(p.w) / DIAGONAL_BINS as f64;
    for (colour, contents) in shapes {
        let mut path = Vec::with_capacity(2 * DIAGONAL_BINS + 2);
        let y_of = |c: f64| p.y0 + p.h - (0.92 * c / peak * f64::from(p.h)).round() as i32;
        path.push((p.x0, p.y0 + p.h));
        for (i, c) in contents.iter().enumerate() {
            let x_left = p.x0 + (i as f64 * bar).round() as i32;
            let x_right = p.x0 + ((i + 1) as f64 * bar).round() as i32;
            path.push((x_left, y_of(*c)));
            path.push((x_right, y_of(*c)));
        }
        path.push((p.x0 + p.w, p.y0 + p.h));
        area.draw(&PathElement::new(path, colour.stroke_width(stroke)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use fivesigma_engine::analysis::PointGroup;

    use super::*;

    fn cloud() -> PointCloud {
        PointCloud {
            variables: vec!["a".into(), "b".into()],
            groups: vec![
                PointGroup {
                    label: "Background".into(),
                    color: "#1f77b4".into(),
                    columns: vec![vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]],
                    passing: 30,
                },
                PointGroup {
                    label: "Signal".into(),
                    color: "#d62728".into(),
                    columns: vec![vec![2.5], vec![2.5]],
                    passing: 1,
                },
            ],
            ranges: vec![(0.0, 4.0), (0.0, 4.0)],
        }
    }

    /// Polylines drawn in a group's colour (the diagonal outlines; ticks are ink).
    fn outlines(svg: &str) -> usize {
        svg.split("<polyline")
            .skip(1)
            .filter(|l| l.contains(r##"stroke="#1F77B4""##) || l.contains(r##"stroke="#D62728""##))
            .count()
    }

    #[test]
    fn ticks_are_round_values_and_titles_never_overlap() {
        let mut c = cloud();
        c.ranges = vec![(20.3, 95.4), (44.5, 382.0)];
        let plot = PairPlot {
            title: "Pair plot".into(),
            cloud: c,
            titles: vec!["sublead_lep_pt [GeV]".into(), "lead_lep_pt [GeV]".into()],
            scale: 1.0,
        };
        let svg =
            crate::plots::render_svg((600, 600), |area| draw_pairs(area, &plot)).expect("draws");
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        for tick in ["40", "60", "80", "100", "200", "300"] {
            assert!(texts.contains(&tick), "tick {tick}");
        }
        assert!(
            !texts.contains(&"20.3") && !texts.contains(&"95.4"),
            "no raw extremes"
        );
        // On a phone-sized canvas the titles are shortened to their panel.
        let narrow =
            crate::plots::render_svg((240, 300), |area| draw_pairs(area, &plot)).expect("draws");
        assert!(
            narrow.contains('…') || !narrow.contains("sublead_lep_pt [GeV]"),
            "{narrow}"
        );
    }

    #[test]
    fn a_group_with_no_points_left_draws_no_outline() {
        let mut c = cloud();
        c.groups[1].columns = vec![Vec::new(), Vec::new()];
        c.groups[1].passing = 0;
        let plot = PairPlot {
            title: "Pair plot".into(),
            cloud: c,
            titles: vec!["a".into(), "b".into()],
            scale: 1.0,
        };
        let svg =
            crate::plots::render_svg((600, 600), |area| draw_pairs(area, &plot)).expect("draws");
        assert!(svg.contains("Signal (0 events)"));
        assert_eq!(outlines(&svg), 2, "background outlines only");
    }

    #[test]
    fn draws_every_panel_title_legend_and_group_colour() {
        let plot = PairPlot {
            title: "Pair plot".into(),
            cloud: cloud(),
            titles: vec!["a [GeV]".into(), "b".into()],
            scale: 1.0,
        };
        let svg =
            crate::plots::render_svg((600, 600), |area| draw_pairs(area, &plot)).expect("draws");
        for text in [
            "Pair plot",
            "a [GeV]",
            "Background (3 of 30 events)",
            "Signal (1 events)",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        let upper = svg.to_ascii_uppercase();
        assert!(upper.contains("#1F77B4") && upper.contains("#D62728"));
        // One outline per group on each of the 2 diagonal panels.
        assert_eq!(outlines(&svg), 4);
        // 4 points in each of the 2 off-diagonal panels, and 2 legend swatches.
        assert_eq!(
            svg.matches("<rect").count() - 4 /* panel frames */ - 1, /* background */
            8 + 2
        );
    }
}
