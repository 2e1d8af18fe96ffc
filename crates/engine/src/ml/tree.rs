//! Decision trees for two classes, trained with event weights, that keep in every node the
//! weighted class content (so a leaf gives a probability, not only its majority class), and
//! export their structure for drawing.
//!
//! Split finding is histogram-based: each input is cut once into at most 255 bins at quantiles
//! of the training values ([`Binned`]), and a node tries every bin boundary of the variables it
//! looks at. This is what LightGBM and scikit-learn's HistGradientBoosting do; it makes a node
//! cost O(events + bins) per variable instead of a sort. Everything is deterministic: the same
//! data, settings and seed give the same tree on every platform (ties go to the first variable
//! visited and the lowest boundary).

use super::features::{Features, check_targets};
use super::rng::Rng;
use crate::{Error, Result};

/// Impurity measure of a node with class fractions p and 1 − p.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Criterion {
    /// Gini: 1 − p² − (1 − p)².
    Gini,
    /// Entropy: −p log₂ p − (1 − p) log₂(1 − p).
    Entropy,
}

impl Criterion {
    fn impurity(self, w: [f64; 2]) -> f64 {
        let total = w[0] + w[1];
        if total <= 0.0 {
            return 0.0;
        }
        let p = w[1] / total;
        match self {
            Self::Gini => 1.0 - p * p - (1.0 - p) * (1.0 - p),
            Self::Entropy => {
                let h = |q: f64| if q > 0.0 { -q * q.log2() } else { 0.0 };
                h(p) + h(1.0 - p)
            }
        }
    }
}

/// How many variables a node may look at (scikit-learn's `max_features`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum MaxFeatures {
    /// Every variable (a single tree's default).
    All,
    /// ⌊√n⌋ (a random forest's default).
    Sqrt,
    /// ⌊log₂ n⌋.
    Log2,
    /// This many.
    Count(usize),
    /// ⌊fraction × n⌋.
    Fraction(f64),
}

impl MaxFeatures {
    /// The number of variables out of `n`, at least 1.
    pub fn resolve(self, n: usize) -> usize {
        let k = match self {
            Self::All => n,
            Self::Sqrt => (n as f64).sqrt().floor() as usize,
            Self::Log2 => (n as f64).log2().floor() as usize,
            Self::Count(k) => k,
            Self::Fraction(f) => (f * n as f64).floor() as usize,
        };
        k.clamp(1, n.max(1))
    }
}

/// Settings of one tree, with scikit-learn's names and defaults.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TreeParams {
    /// Impurity measure.
    pub criterion: Criterion,
    /// Deepest level (`None`: grow until pure or too small).
    pub max_depth: Option<usize>,
    /// A node with fewer events is not split (counted, not weighted).
    pub min_samples_split: usize,
    /// Each child keeps at least this many events.
    pub min_samples_leaf: usize,
    /// Variables tried per node.
    pub max_features: MaxFeatures,
}

impl Default for TreeParams {
    fn default() -> Self {
        Self {
            criterion: Criterion::Gini,
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
            max_features: MaxFeatures::All,
        }
    }
}

/// The most bins per variable (bin codes fit in a byte).
pub const MAX_BINS: usize = 255;

/// Training inputs cut into bins: per variable the boundaries, and every event's bin.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    /// Per variable, increasing boundaries; an event is in bin b when boundary[b − 1] < x ≤
    /// boundary[b]. NaN is put above every boundary.
    pub boundaries: Vec<Vec<f64>>,
    /// Per variable, each event's bin.
    pub codes: Vec<Vec<u8>>,
    /// Per variable and bin, the smallest and largest training value in it (thresholds are put
    /// midway between the values on either side, as an exact tree does).
    pub extremes: Vec<Vec<(f64, f64)>>,
}

impl Binned {
    /// Bins every column of `features`: with few distinct values, one bin per value (boundaries
    /// at midpoints, exactly as an exact tree would cut); otherwise boundaries at quantiles.
    pub fn new(features: &Features, max_bins: usize) -> Self {
        let max_bins = max_bins.clamp(2, MAX_BINS);
        let boundaries: Vec<Vec<f64>> = features
            .columns
            .iter()
            .map(|c| boundaries_of(c, max_bins))
            .collect();
        let codes: Vec<Vec<u8>> = features
            .columns
            .iter()
            .zip(&boundaries)
            .map(|(c, b)| c.iter().map(|&x| code_of(x, b)).collect())
            .collect();
        let extremes = features
            .columns
            .iter()
            .zip(&codes)
            .zip(&boundaries)
            .map(|((column, codes), b)| {
                let mut ext = vec![(f64::INFINITY, f64::NEG_INFINITY); b.len() + 1];
                for (&x, &c) in column.iter().zip(codes) {
                    if !x.is_nan() {
                        let e = &mut ext[usize::from(c)];
                        *e = (e.0.min(x), e.1.max(x));
                    }
                }
                ext
            })
            .collect();
        Self {
            boundaries,
            codes,
            extremes,
        }
    }

    /// The threshold between the events in bins ≤ `left_bin` and those from `right_bin` up:
    /// midway between the largest value on the left and the smallest on the right (computed as
    /// a/2 + b/2, scikit-learn's formula); the bin boundary if either side has no finite value.
    pub(crate) fn threshold(&self, feature: usize, left_bin: usize, right_bin: usize) -> f64 {
        let ext = &self.extremes[feature];
        let (a, b) = (ext[left_bin].1, ext[right_bin].0);
        if a.is_finite() && b.is_finite() {
            let mid = a / 2.0 + b / 2.0;
            if mid >= b { a } else { mid }
        } else {
            self.boundaries[feature][left_bin]
        }
    }

    /// Number of events.
    pub fn n_rows(&self) -> usize {
        self.codes.first().map_or(0, Vec::len)
    }
}

fn code_of(x: f64, boundaries: &[f64]) -> u8 {
    if x.is_nan() {
        return boundaries.len() as u8;
    }
    boundaries.partition_point(|&b| b < x) as u8
}

fn boundaries_of(column: &[f64], max_bins: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = column.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    let midpoint = |i: usize| distinct[i] / 2.0 + distinct[i + 1] / 2.0;
    if distinct.len() <= max_bins {
        return (0..distinct.len().saturating_sub(1))
            .map(midpoint)
            .collect();
    }
    // Boundaries just above the values at the 1/max_bins, 2/max_bins, … quantiles.
    let mut out: Vec<f64> = Vec::with_capacity(max_bins - 1);
    for k in 1..max_bins {
        let value = sorted[k * sorted.len() / max_bins];
        let i = distinct.partition_point(|&d| d < value);
        if i + 1 < distinct.len() {
            let b = midpoint(i);
            if out.last().is_none_or(|&last| b > last) {
                out.push(b);
            }
        }
    }
    out
}

/// One node. Leaves have no `split`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    /// (variable index, threshold, left child, right child): events with x ≤ threshold go left,
    /// larger values and NaN go right.
    pub split: Option<(usize, f64, usize, usize)>,
    /// Impurity of the node.
    pub impurity: f64,
    /// Training events in the node (distinct events, as scikit-learn counts).
    pub n_samples: usize,
    /// Weighted training content: [background, signal].
    pub weight: [f64; 2],
    /// Depth (the root is 0).
    pub depth: usize,
}

impl Node {
    /// Signal probability: the weighted signal fraction of the training events here.
    pub fn signal_fraction(&self) -> f64 {
        let total = self.weight[0] + self.weight[1];
        if total > 0.0 {
            self.weight[1] / total
        } else {
            0.5
        }
    }
}

/// A trained tree: nodes in depth-first order, the root first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tree {
    /// The nodes.
    pub nodes: Vec<Node>,
    /// Number of input variables it was trained on.
    pub n_features: usize,
}

/// Numbers per node in [`Tree::pack`]'s form.
const PACKED_NODE: usize = 10;

impl Tree {
    /// `trees` as one flat array of numbers — what a worker sends instead of JSON (a forest of
    /// deep trees is megabytes of text to format and parse): the tree count, then per tree its
    /// input count and node count, then per node `has split, variable, threshold, left, right,
    /// impurity, n_samples, background weight, signal weight, depth`. Every value is an f64 or an
    /// index below 2⁵³, so [`Tree::unpack`] gives back the same trees bit for bit.
    pub fn pack(trees: &[Tree]) -> Vec<f64> {
        let nodes: usize = trees.iter().map(|t| t.nodes.len()).sum();
        let mut out = Vec::with_capacity(1 + 2 * trees.len() + PACKED_NODE * nodes);
        out.push(trees.len() as f64);
        for tree in trees {
            out.extend([tree.n_features as f64, tree.nodes.len() as f64]);
            for node in &tree.nodes {
                let (has, (f, threshold, left, right)) = match node.split {
                    Some(s) => (1.0, s),
                    None => (0.0, (0, 0.0, 0, 0)),
                };
                out.extend([
                    has,
                    f as f64,
                    threshold,
                    left as f64,
                    right as f64,
                    node.impurity,
                    node.n_samples as f64,
                    node.weight[0],
                    node.weight[1],
                    node.depth as f64,
                ]);
            }
        }
        out
    }

    /// The trees [`Tree::pack`] made `values` from; an error if they are cut short or do not
    /// describe trees (a child index outside its tree).
    pub fn unpack(values: &[f64]) -> Result<Vec<Tree>> {
        let damaged = || Error::Model("the trees a worker sent are incomplete".into());
        let count = |x: f64| (x >= 0.0 && x.fract() == 0.0).then_some(x as usize);
        let mut rest = values;
        let mut take = |k: usize| -> Result<&[f64]> {
            if rest.len() < k {
                return Err(damaged());
            }
            let (head, tail) = rest.split_at(k);
            rest = tail;
            Ok(head)
        };
        let n_trees = count(take(1)?[0]).ok_or_else(damaged)?;
        let mut trees = Vec::with_capacity(n_trees.min(values.len()));
        for _ in 0..n_trees {
            let head = take(2)?;
            let (n_features, n_nodes) = (
                count(head[0]).ok_or_else(damaged)?,
                count(head[1]).ok_or_else(damaged)?,
            );
            let mut nodes = Vec::with_capacity(n_nodes.min(values.len()));
            for _ in 0..n_nodes {
                let v = take(PACKED_NODE)?;
                let index = |x: f64| count(x).filter(|&i| i < n_nodes).ok_or_else(damaged);
                let split = if v[0] == 1.0 {
                    Some((
                        count(v[1]).ok_or_else(damaged)?,
                        v[2],
                        index(v[3])?,
                        index(v[4])?,
                    ))
                } else {
                    None
                };
                nodes.push(Node {
                    split,
                    impurity: v[5],
                    n_samples: count(v[6]).ok_or_else(damaged)?,
                    weight: [v[7], v[8]],
                    depth: count(v[9]).ok_or_else(damaged)?,
                });
            }
            trees.push(Tree { nodes, n_features });
        }
        if !rest.is_empty() {
            return Err(damaged());
        }
        Ok(trees)
    }
}

/// Per-node working set while growing.
struct Pending {
    node: usize,
    rows: Vec<u32>,
}

/// The best split found for a node.
#[derive(Clone, Copy)]
struct Candidate {
    feature: usize,
    bin: usize,
    children_impurity: f64,
}

impl Tree {
    /// Grows a tree on `binned` events with `labels` (1 = signal) and `weights` (events with
    /// weight 0 take no part, as bootstrap leaves them out). `rng` picks the variables a node
    /// looks at when `max_features` is below the number of variables.
    pub fn fit(
        binned: &Binned,
        labels: &[u8],
        weights: &[f64],
        params: &TreeParams,
        rng: &mut Rng,
    ) -> Result<Self> {
        let n = binned.n_rows();
        check_targets(n, labels, Some(weights))?;
        if params.min_samples_split < 2 || params.min_samples_leaf < 1 {
            return Err(Error::Model(
                "min_samples_split must be at least 2 and min_samples_leaf at least 1".into(),
            ));
        }
        let n_features = binned.codes.len();
        let rows: Vec<u32> = (0..n as u32)
            .filter(|&i| weights[i as usize] != 0.0)
            .collect();
        if rows.is_empty() {
            return Err(Error::Model(
                "no events with non-zero weight to train on".into(),
            ));
        }
        let k = params.max_features.resolve(n_features);
        let mut tree = Self {
            nodes: Vec::new(),
            n_features,
        };
        let content = |rows: &[u32]| {
            let mut w = [0.0_f64; 2];
            for &r in rows {
                w[usize::from(labels[r as usize] != 0)] += weights[r as usize];
            }
            w
        };
        let root_weight = content(&rows);
        tree.nodes.push(Node {
            split: None,
            impurity: params.criterion.impurity(root_weight),
            n_samples: rows.len(),
            weight: root_weight,
            depth: 0,
        });
        // Depth first, left child before right: the node order scikit-learn uses.
        let mut stack = vec![Pending { node: 0, rows }];
        let mut order: Vec<usize> = (0..n_features).collect();
        let mut hist: Vec<[f64; 3]> = Vec::new();
        while let Some(Pending { node, rows }) = stack.pop() {
            let (depth, impurity, n_node) = {
                let nd = &tree.nodes[node];
                (nd.depth, nd.impurity, nd.n_samples)
            };
            let is_leaf = params.max_depth.is_some_and(|d| depth >= d)
                || n_node < params.min_samples_split
                || n_node < 2 * params.min_samples_leaf
                || impurity <= 1e-12;
            if is_leaf {
                continue;
            }
            let best = best_split(
                binned, labels, weights, &rows, params, k, &mut order, &mut hist, rng,
            );
            let Some(best) = best else { continue };
            let codes = &binned.codes[best.feature];
            let (left, right): (Vec<u32>, Vec<u32>) = rows
                .iter()
                .partition(|&&r| usize::from(codes[r as usize]) <= best.bin);
            let right_bin = right
                .iter()
                .map(|&r| usize::from(codes[r as usize]))
                .min()
                .unwrap_or(best.bin + 1);
            let threshold = binned.threshold(best.feature, best.bin, right_bin);
            let mut child = |rows: &[u32]| {
                let w = content(rows);
                tree.nodes.push(Node {
                    split: None,
                    impurity: params.criterion.impurity(w),
                    n_samples: rows.len(),
                    weight: w,
                    depth: depth + 1,
                });
                tree.nodes.len() - 1
            };
            let l = child(&left);
            let r = child(&right);
            tree.nodes[node].split = Some((best.feature, threshold, l, r));
            // Right pushed first so the left subtree is grown (and numbered) first.
            stack.push(Pending {
                node: r,
                rows: right,
            });
            stack.push(Pending {
                node: l,
                rows: left,
            });
        }
        renumber_depth_first(&mut tree);
        Ok(tree)
    }

    /// The leaf an event with `values` (one per variable) lands in.
    pub fn leaf_of(&self, values: impl Fn(usize) -> f64) -> &Node {
        let mut i = 0;
        while let Some((f, t, l, r)) = self.nodes[i].split {
            i = if values(f) <= t { l } else { r };
        }
        &self.nodes[i]
    }

    /// Signal probability of every event of `features`.
    pub fn predict_proba(&self, features: &Features) -> Vec<f64> {
        (0..features.n_rows())
            .map(|row| self.leaf_of(|f| features.columns[f][row]).signal_fraction())
            .collect()
    }

    /// Weighted impurity decrease per variable, summed over the splits (not normalised):
    /// w_node·i_node − w_left·i_left − w_right·i_right.
    pub fn impurity_decrease(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_features];
        for node in &self.nodes {
            if let Some((f, _, l, r)) = node.split {
                let w = |n: &Node| n.weight[0] + n.weight[1];
                let (left, right) = (&self.nodes[l], &self.nodes[r]);
                out[f] +=
                    w(node) * node.impurity - w(left) * left.impurity - w(right) * right.impurity;
            }
        }
        out
    }

    /// Deepest level reached.
    pub fn depth(&self) -> usize {
        self.nodes.iter().map(|n| n.depth).max().unwrap_or(0)
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.nodes.iter().filter(|n| n.split.is_none()).count()
    }
}

/// Children were appended as they were made (left, right, then the left child's children…);
/// reorder to a plain preorder so a node's left subtree directly follows it.
fn renumber_depth_first(tree: &mut Tree) {
    let mut order = Vec::with_capacity(tree.nodes.len());
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        order.push(i);
        if let Some((_, _, l, r)) = tree.nodes[i].split {
            stack.push(r);
            stack.push(l);
        }
    }
    let mut new_index = vec![0; tree.nodes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut nodes: Vec<Node> = order.iter().map(|&old| tree.nodes[old].clone()).collect();
    for node in &mut nodes {
        if let Some((f, t, l, r)) = node.split {
            node.split = Some((f, t, new_index[l], new_index[r]));
        }
    }
    tree.nodes = nodes;
}

/// The split with the lowest weighted children impurity over the variables visited: variables
/// in a random order (all of them when `k` is every variable), stopping once `k` non-constant
/// ones were tried, as scikit-learn does.
#[allow(clippy::too_many_arguments)]
fn best_split(
    binned: &Binned,
    labels: &[u8],
    weights: &[f64],
    rows: &[u32],
    params: &TreeParams,
    k: usize,
    order: &mut [usize],
    hist: &mut Vec<[f64; 3]>,
    rng: &mut Rng,
) -> Option<Candidate> {
    let n_features = order.len();
    if k < n_features {
        for (i, slot) in order.iter_mut().enumerate() {
            *slot = i;
        }
        rng.shuffle(order);
    }
    let min_leaf = params.min_samples_leaf as f64;
    let mut best: Option<Candidate> = None;
    let mut tried = 0;
    for &feature in order.iter() {
        if tried >= k {
            break;
        }
        let n_bins = binned.boundaries[feature].len() + 1;
        hist.clear();
        hist.resize(n_bins, [0.0; 3]);
        let codes = &binned.codes[feature];
        for &r in rows {
            let r = r as usize;
            let h = &mut hist[usize::from(codes[r])];
            h[usize::from(labels[r] != 0)] += weights[r];
            h[2] += 1.0;
        }
        let occupied = hist.iter().filter(|h| h[2] > 0.0).count();
        if occupied < 2 {
            continue;
        }
        tried += 1;
        let total = hist
            .iter()
            .fold([0.0_f64; 3], |a, h| [a[0] + h[0], a[1] + h[1], a[2] + h[2]]);
        let mut left = [0.0_f64; 3];
        for (bin, h) in hist.iter().enumerate().take(n_bins - 1) {
            left = [left[0] + h[0], left[1] + h[1], left[2] + h[2]];
            if h[2] == 0.0 {
                continue; // the same partition as the previous boundary
            }
            let right = [total[0] - left[0], total[1] - left[1], total[2] - left[2]];
            if left[2] < min_leaf || right[2] < min_leaf {
                continue;
            }
            let wl = left[0] + left[1];
            let wr = right[0] + right[1];
            let children = wl * params.criterion.impurity([left[0], left[1]])
                + wr * params.criterion.impurity([right[0], right[1]]);
            if best.is_none_or(|b| children < b.children_impurity) {
                best = Some(Candidate {
                    feature,
                    bin,
                    children_impurity: children,
                });
            }
        }
    }
    best
}

#[cfg(test)]
mod tests;
