//! A decision tree drawn as a tree: each node a box with its cut (or, for a leaf, its verdict),
//! its training events and signal fraction, coloured from background blue to signal red. Only
//! the top levels are drawn; a node with more below it says so.

use fivesigma_engine::ml::{Node, Tree};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::px;
use super::theme;
use crate::format;

/// Blend from background blue (p = 0) to signal red (p = 1), light enough for dark text.
fn fill(p: f64) -> RGBColor {
    let p = p.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * p).round() as u8;
    RGBColor(mix(198.0, 250.0), mix(219.0, 190.0), mix(239.0, 190.0))
}

/// What [`draw_tree`] draws.
pub struct TreePicture<'a> {
    /// The picture's title ("Tree 3 of 30 of #1 Random forest").
    pub title: &'a str,
    /// The tree.
    pub tree: &'a Tree,
    /// Input names, in column order.
    pub names: &'a [String],
    /// A cut's threshold in the input's own units, from (input, threshold as trained): undoes a
    /// standardisation so the student reads GeV, not standard deviations.
    pub threshold: &'a dyn Fn(usize, f64) -> f64,
    /// Levels drawn (the root is level 1).
    pub levels: usize,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Draws the top levels of a tree.
pub fn draw_tree<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    picture: &TreePicture<'_>,
) -> Result<(), String> {
    let TreePicture {
        title,
        tree,
        names,
        threshold,
        levels,
        scale,
    } = *picture;
    let s = scale.max(0.5);
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(fail)?;
    // The title on its own line; the tree below it.
    let title_h = px(26.0, s) as i32;
    let bold = ("sans-serif", 15.0 * s, FontStyle::Bold)
        .into_font()
        .color(&theme::INK);
    area.draw(&Text::new(
        title.to_owned(),
        (px(8.0, s) as i32, px(6.0, s) as i32),
        bold,
    ))
    .map_err(fail)?;
    let (_, body) = area.split_vertically(title_h);
    let area = &body;
    let Some(root) = tree.nodes.first() else {
        return Err("the tree has no nodes".into());
    };
    let (width, height) = area.dim_in_pixel();
    let (w, h) = (f64::from(width), f64::from(height));
    let rows = levels.max(1) as f64;
    let row_h = h / rows;
    let box_h = (row_h * 0.62).min(px(58.0, s) as f64);
    let font = ("sans-serif", 11.5 * s).into_font().color(&theme::INK);
    let centred = font.pos(Pos::new(HPos::Center, VPos::Center));
    // (node, depth, slot within its level)
    let mut stack: Vec<(&Node, usize, usize)> = vec![(root, 0, 0)];
    while let Some((node, depth, slot)) = stack.pop() {
        let slots = (1_usize << depth) as f64;
        let cx = (slot as f64 + 0.5) / slots * w;
        let cy = (depth as f64 + 0.5) * row_h;
        let box_w = (w / slots * 0.9).min(px(190.0, s) as f64);
        let (x0, y0) = ((cx - box_w / 2.0) as i32, (cy - box_h / 2.0) as i32);
        let (x1, y1) = ((cx + box_w / 2.0) as i32, (cy + box_h / 2.0) as i32);
        let p = node.signal_fraction();
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill(p).filled()))
            .map_err(fail)?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            theme::INK.mix(0.5).stroke_width(px(1.0, s)),
        ))
        .map_err(fail)?;
        let title = match node.split {
            Some((f, t, _, _)) => format!(
                "{} ≤ {}",
                names.get(f).map_or("?", String::as_str),
                format::significant(threshold(f, t), 4)
            ),
            None => if p >= 0.5 {
                "leaf: signal"
            } else {
                "leaf: background"
            }
            .to_owned(),
        };
        let detail = format!("n = {} · p(signal) = {:.2}", node.n_samples, p);
        let line = box_h / 3.0;
        area.draw(&Text::new(
            title,
            (cx as i32, (cy - line / 2.0) as i32),
            centred.clone(),
        ))
        .map_err(fail)?;
        area.draw(&Text::new(
            detail,
            (cx as i32, (cy + line / 2.0) as i32),
            centred.clone(),
        ))
        .map_err(fail)?;
        let Some((_, _, left, right)) = node.split else {
            continue;
        };
        if depth + 1 >= levels {
            area.draw(&Text::new(
                "⋯ deeper".to_owned(),
                (cx as i32, y1 + px(10.0, s) as i32),
                centred.clone(),
            ))
            .map_err(fail)?;
            continue;
        }
        for (k, child) in [(0, left), (1, right)] {
            let child_slot = 2 * slot + k;
            let child_x = (child_slot as f64 + 0.5) / (slots * 2.0) * w;
            let child_y = (depth as f64 + 1.5) * row_h - box_h / 2.0;
            area.draw(&PathElement::new(
                [(cx as i32, y1), (child_x as i32, child_y as i32)],
                theme::INK.mix(0.4).stroke_width(px(1.0, s)),
            ))
            .map_err(fail)?;
            let label = if k == 0 { "yes" } else { "no" };
            let mid = ((cx + child_x) / 2.0, (f64::from(y1) + child_y) / 2.0);
            area.draw(&Text::new(
                label,
                (mid.0 as i32, mid.1 as i32),
                centred.clone(),
            ))
            .map_err(fail)?;
            if let Some(c) = tree.nodes.get(child) {
                stack.push((c, depth + 1, child_slot));
            }
        }
    }
    area.present().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::render_svg;

    #[test]
    fn nodes_show_their_cut_counts_and_verdict_and_deeper_levels_are_summarised() {
        let node = |split, n, w: [f64; 2], depth| Node {
            split,
            impurity: 0.0,
            n_samples: n,
            weight: w,
            depth,
        };
        let tree = Tree {
            nodes: vec![
                node(Some((0, 100.0, 1, 2)), 10, [6.0, 4.0], 0),
                node(None, 6, [5.0, 1.0], 1),
                node(Some((1, 2.5, 3, 4)), 4, [1.0, 3.0], 1),
                node(None, 2, [1.0, 0.0], 2),
                node(None, 2, [0.0, 3.0], 2),
            ],
            n_features: 2,
        };
        let names = vec!["ETmiss".to_owned(), "dRll".to_owned()];
        let picture = TreePicture {
            title: "The tree of #1 Decision tree",
            tree: &tree,
            names: &names,
            // As if dRll had been standardised with mean 1 and scale 2: 2.5σ → 6 in its units.
            threshold: &|f, t| if f == 1 { 1.0 + 2.0 * t } else { t },
            levels: 2,
            scale: 1.0,
        };
        let svg = render_svg((800, 400), |a| draw_tree(a, &picture)).expect("svg");
        assert!(
            svg.contains("ETmiss ≤ 100") && svg.contains("dRll ≤ 6"),
            "{svg}"
        );
        assert!(svg.contains("n = 10 · p(signal) = 0.40") && svg.contains("leaf: background"));
        assert!(svg.contains("The tree of #1 Decision tree"), "titled");
        // Two levels drawn: the split at depth 1 has more below it.
        assert!(svg.contains("⋯ deeper") && !svg.contains("n = 2 ·"));
    }
}
