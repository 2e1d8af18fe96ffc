//! One boosting stage's regression tree, grown on histograms as LightGBM and scikit-learn's
//! `HistGradientBoostingClassifier` grow theirs: the events of a node are a contiguous range of
//! one row list (a split reorders the range in place, stably), a node's histogram is built in one
//! pass over its events for every variable at once (bin codes stored event by event), and of two
//! children only the smaller one's histogram is built — the larger one's is its parent's minus
//! the smaller one's. Children that will not be split get no histogram at all.
//!
//! Depends only on the binned inputs ([`Binned`]) and the stage's gradients; knows nothing of
//! files, models or the app.

use super::StageNode;
use crate::ml::tree::Binned;

/// Sums over the events in one bin: Σ w, Σ w(y − p) and the event count.
type Cell = [f64; 3];

/// One variable's histogram: a cell per bin code (a `u8` indexes it without a bounds check).
type Histogram = [Cell; 256];

/// A leaf of the tree just grown, and where its events are in the row list given to
/// [`Grower::grow`].
pub(super) struct Leaf {
    /// The leaf's node index.
    pub node: usize,
    /// Its events are `rows[start..end]`.
    pub start: usize,
    /// End of its range (exclusive).
    pub end: usize,
}

/// A node waiting to be split or made a leaf.
struct Pending {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    /// Its histogram, when it may be split.
    histogram: Option<Vec<Histogram>>,
}

/// What every stage of one fit shares: the bin codes event by event, the limits, and buffers.
pub(super) struct Grower<'a> {
    binned: &'a Binned,
    /// Event i's codes are `codes[i·F .. (i + 1)·F]` (F variables).
    codes: Vec<u8>,
    n_features: usize,
    max_depth: usize,
    min_leaf: usize,
    /// Histograms no node holds, kept to avoid allocating them again.
    spare: Vec<Vec<Histogram>>,
    /// The right-hand events while a range is partitioned.
    scratch: Vec<u32>,
}

impl<'a> Grower<'a> {
    /// Prepares to grow trees of depth ≤ `max_depth` whose leaves keep ≥ `min_leaf` events.
    pub fn new(binned: &'a Binned, max_depth: usize, min_leaf: usize) -> Self {
        let n_features = binned.codes.len();
        let n = binned.n_rows();
        let mut codes = vec![0u8; n * n_features];
        for (f, column) in binned.codes.iter().enumerate() {
            for (row, &c) in codes.chunks_exact_mut(n_features).zip(column) {
                row[f] = c;
            }
        }
        Self {
            binned,
            codes,
            n_features,
            max_depth,
            min_leaf,
            spare: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Grows one tree on the events in `rows`, reordering `rows` so that each leaf's events are
    /// contiguous. `wg[i]` is (w, w(y − p)) of event i; with `p` it gives the leaves their Newton
    /// step Σw(y − p) / Σw·p(1 − p).
    pub fn grow(
        &mut self,
        rows: &mut [u32],
        wg: &[[f64; 2]],
        p: &[f64],
    ) -> (Vec<StageNode>, Vec<Leaf>) {
        let mut nodes = vec![StageNode::Leaf(0.0)];
        let mut leaves = Vec::new();
        let histogram = self
            .splittable(0, rows.len())
            .then(|| self.histogram(rows, wg));
        let mut stack = vec![Pending {
            node: 0,
            start: 0,
            end: rows.len(),
            depth: 0,
            histogram,
        }];
        while let Some(node) = stack.pop() {
            let split =
                node.histogram
                    .and_then(|h| match best_split(&h, self.binned, self.min_leaf) {
                        Some(found) => Some((found, h)),
                        None => {
                            self.spare.push(h);
                            None
                        }
                    });
            let Some(((feature, bin, right_bin), parent)) = split else {
                let range = &rows[node.start..node.end];
                nodes[node.node] = StageNode::Leaf(newton_step(wg, p, range));
                leaves.push(Leaf {
                    node: node.node,
                    start: node.start,
                    end: node.end,
                });
                continue;
            };
            let mid = node.start + self.partition(&mut rows[node.start..node.end], feature, bin);
            let (left, right) = (nodes.len(), nodes.len() + 1);
            nodes.push(StageNode::Leaf(0.0));
            nodes.push(StageNode::Leaf(0.0));
            nodes[node.node] = StageNode::Split {
                feature,
                threshold: self.binned.threshold(feature, bin, right_bin),
                left,
                right,
            };
            let depth = node.depth + 1;
            let ranges = [(node.start, mid), (mid, node.end)];
            let [left_h, right_h] = self.children_histograms(parent, rows, wg, ranges, depth);
            stack.push(Pending {
                node: right,
                start: mid,
                end: node.end,
                depth,
                histogram: right_h,
            });
            stack.push(Pending {
                node: left,
                start: node.start,
                end: mid,
                depth,
                histogram: left_h,
            });
        }
        (nodes, leaves)
    }

    /// Whether a node at `depth` with `n` events may be split.
    fn splittable(&self, depth: usize, n: usize) -> bool {
        depth < self.max_depth && n >= 2 * self.min_leaf
    }

    /// The histograms of the two children (left, right) that may be split: the smaller child's
    /// built from its events, the larger one's by subtraction from the parent's.
    fn children_histograms(
        &mut self,
        mut parent: Vec<Histogram>,
        rows: &[u32],
        wg: &[[f64; 2]],
        ranges: [(usize, usize); 2],
        depth: usize,
    ) -> [Option<Vec<Histogram>>; 2] {
        let need = ranges.map(|(s, e)| self.splittable(depth, e - s));
        let (small, large) = if ranges[0].1 - ranges[0].0 <= ranges[1].1 - ranges[1].0 {
            (0, 1)
        } else {
            (1, 0)
        };
        let mut out = [None, None];
        if !need[small] && !need[large] {
            self.spare.push(parent);
            return out;
        }
        let (s, e) = ranges[small];
        let small_h = self.histogram(&rows[s..e], wg);
        if need[large] {
            for (p, c) in parent.iter_mut().zip(&small_h) {
                for (p, c) in p.iter_mut().zip(c) {
                    *p = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
                }
            }
            out[large] = Some(parent);
        } else {
            self.spare.push(parent);
        }
        if need[small] {
            out[small] = Some(small_h);
        } else {
            self.spare.push(small_h);
        }
        out
    }

    /// Every variable's histogram over `rows`, in one pass over the events.
    fn histogram(&mut self, rows: &[u32], wg: &[[f64; 2]]) -> Vec<Histogram> {
        let mut h = self
            .spare
            .pop()
            .unwrap_or_else(|| vec![[[0.0; 3]; 256]; self.n_features]);
        for cells in &mut h {
            cells.fill([0.0; 3]);
        }
        let f = self.n_features;
        for &r in rows {
            let r = r as usize;
            let [w, g] = wg[r];
            for (cells, &code) in h.iter_mut().zip(&self.codes[r * f..(r + 1) * f]) {
                let cell = &mut cells[usize::from(code)];
                *cell = [cell[0] + w, cell[1] + g, cell[2] + 1.0];
            }
        }
        h
    }

    /// Reorders `rows` stably so that events with code ≤ `bin` in `feature` come first; returns
    /// how many they are.
    #[inline(never)]
    fn partition(&mut self, rows: &mut [u32], feature: usize, bin: usize) -> usize {
        let codes = &self.binned.codes[feature];
        self.scratch.clear();
        self.scratch.resize(rows.len(), 0);
        // Without a branch: which side an event goes is as good as random to the processor, and a
        // mispredicted branch per event cost more than writing each row to both places.
        let (mut left, mut right) = (0, 0);
        for i in 0..rows.len() {
            let r = rows[i];
            let goes_left = usize::from(usize::from(codes[r as usize]) <= bin);
            rows[left] = r;
            self.scratch[right] = r;
            left += goes_left;
            right += 1 - goes_left;
        }
        rows[left..].copy_from_slice(&self.scratch[..right]);
        left
    }
}

/// Σw(y − p) / Σw·p(1 − p) over `rows` (0 when the denominator vanishes).
#[inline(never)]
fn newton_step(wg: &[[f64; 2]], p: &[f64], rows: &[u32]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for &r in rows {
        let r = r as usize;
        num += wg[r][1];
        den += wg[r][0] * p[r] * (1.0 - p[r]);
    }
    if den.abs() < 1e-150 { 0.0 } else { num / den }
}

/// Gains this close (relatively) are a tie: splits that are equally good in exact arithmetic
/// differ in the last bits by the order of the sums, and the rule "the first variable and the
/// lowest bin win a tie" must not depend on that (it is also the choice scikit-learn made on the
/// tests' toy sets).
const TIE: f64 = 1e-12;

/// Friedman's criterion on a node's histograms: maximise w_l·w_r/(w_l + w_r) · (mean_l −
/// mean_r)² of the residuals y − p (mean = Σw(y − p)/Σw). Returns (variable, last bin on the left,
/// first non-empty bin on the right); ties go to the first variable and the lowest bin.
fn best_split(
    histograms: &[Histogram],
    binned: &Binned,
    min_leaf: usize,
) -> Option<(usize, usize, usize)> {
    let min_leaf = min_leaf as f64;
    let mut best: Option<(f64, usize, usize)> = None;
    for (feature, cells) in histograms.iter().enumerate() {
        let cells = &cells[..binned.boundaries[feature].len() + 1];
        let total = cells
            .iter()
            .fold([0.0_f64; 3], |a, h| [a[0] + h[0], a[1] + h[1], a[2] + h[2]]);
        let mut left = [0.0_f64; 3];
        for (bin, h) in cells[..cells.len() - 1].iter().enumerate() {
            left = [left[0] + h[0], left[1] + h[1], left[2] + h[2]];
            if h[2] == 0.0 {
                continue;
            }
            let right = [total[0] - left[0], total[1] - left[1], total[2] - left[2]];
            if left[2] < min_leaf || right[2] < min_leaf || left[0] <= 0.0 || right[0] <= 0.0 {
                continue;
            }
            let diff = left[1] / left[0] - right[1] / right[0];
            let gain = left[0] * right[0] / (left[0] + right[0]) * diff * diff;
            if best.is_none_or(|b| gain > b.0 * (1.0 + TIE)) {
                best = Some((gain, feature, bin));
            }
        }
    }
    let (gain, feature, bin) = best?;
    let right_bin = (bin + 1..binned.boundaries[feature].len() + 1)
        .find(|&b| histograms[feature][b][2] > 0.0)
        .unwrap_or(bin + 1);
    (gain > 0.0).then_some((feature, bin, right_bin))
}
