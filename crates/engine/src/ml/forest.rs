//! Random forests with scikit-learn's settings and meanings: many trees, each grown on a bootstrap
//! resample of the events (drawn counts multiply the event weights, as scikit-learn does) and
//! looking at a random subset of the variables at every node; the signal probability is the mean
//! of the trees' leaf probabilities. Tree `t` draws from its own seeded stream, so a forest is
//! the same whatever order its trees are grown in.

use super::features::Features;
use super::rng::Rng;
use super::tree::{Binned, Criterion, MAX_BINS, MaxFeatures, Tree, TreeParams};
use crate::{Error, Result};

/// Settings, named as scikit-learn's `RandomForestClassifier`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ForestParams {
    /// Number of trees.
    pub n_estimators: usize,
    /// Impurity measure.
    pub criterion: Criterion,
    /// Deepest level of each tree (`None`: unlimited).
    pub max_depth: Option<usize>,
    /// A node with fewer events is not split.
    pub min_samples_split: usize,
    /// Each leaf keeps at least this many events.
    pub min_samples_leaf: usize,
    /// Variables tried per node.
    pub max_features: MaxFeatures,
    /// Grow each tree on a bootstrap resample (else on every event).
    pub bootstrap: bool,
    /// Seed of every random choice (`random_state`).
    pub random_state: u64,
}

impl Default for ForestParams {
    fn default() -> Self {
        Self {
            n_estimators: 100,
            criterion: Criterion::Gini,
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
            max_features: MaxFeatures::Sqrt,
            bootstrap: true,
            random_state: 0,
        }
    }
}

impl ForestParams {
    fn tree(&self) -> TreeParams {
        TreeParams {
            criterion: self.criterion,
            max_depth: self.max_depth,
            min_samples_split: self.min_samples_split,
            min_samples_leaf: self.min_samples_leaf,
            max_features: self.max_features,
        }
    }
}

/// A trained forest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forest {
    /// The trees, in the order they were grown.
    pub trees: Vec<Tree>,
    /// Input variable names, in column order.
    pub feature_names: Vec<String>,
}

/// What a long fit reports after each tree; returning `false` cancels the fit.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

impl Forest {
    /// Grows `params.n_estimators` trees on `features` with `labels` (1 = signal) and `weights`.
    /// `progress(done, total)` is called after every tree; when it returns false the fit stops
    /// with [`Error::Cancelled`].
    pub fn fit(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &ForestParams,
        progress: Progress<'_>,
    ) -> Result<Self> {
        if params.n_estimators == 0 {
            return Err(Error::Model("a forest needs at least one tree".into()));
        }
        let trees = Self::grow(
            features,
            labels,
            weights,
            params,
            0..params.n_estimators,
            progress,
        )?;
        Ok(Self {
            trees,
            feature_names: features.names.clone(),
        })
    }

    /// Grows trees `range` of the forest `params` describes (`progress(done, range.len())` after
    /// each). Tree `t` depends on the events, the settings and `t` only, so a forest's trees can
    /// be grown a range at a time, on any worker, and put together in order: the same forest.
    pub fn grow(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &ForestParams,
        range: std::ops::Range<usize>,
        progress: Progress<'_>,
    ) -> Result<Vec<Tree>> {
        let n = features.n_rows();
        features.check_targets(labels, weights)?;
        let binned = Binned::new(features, MAX_BINS);
        let base: Vec<f64> = weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
        let tree_params = params.tree();
        let mut trees = Vec::with_capacity(range.len());
        let mut resampled = vec![0.0; n];
        let total = range.len();
        for t in range {
            let mut rng = Rng::new(params.random_state, t as u64);
            if params.bootstrap {
                resampled.fill(0.0);
                for _ in 0..n {
                    resampled[rng.below(n)] += 1.0;
                }
                for (r, w) in resampled.iter_mut().zip(&base) {
                    *r *= w;
                }
            } else {
                resampled.copy_from_slice(&base);
            }
            trees.push(Tree::fit(
                &binned,
                labels,
                &resampled,
                &tree_params,
                &mut rng,
            )?);
            if !progress(trees.len(), total) {
                return Err(Error::Cancelled);
            }
        }
        Ok(trees)
    }

    /// Signal probability of each event: the mean over trees of its leaf's signal fraction.
    pub fn predict_proba(&self, features: &Features) -> Result<Vec<f64>> {
        features.check_names(&self.feature_names)?;
        let mut sum = vec![0.0; features.n_rows()];
        for tree in &self.trees {
            for (row, s) in sum.iter_mut().enumerate() {
                *s += tree.leaf_of(|f| features.columns[f][row]).signal_fraction();
            }
        }
        let n = self.trees.len() as f64;
        Ok(sum.into_iter().map(|s| s / n).collect())
    }

    /// Mean decrease in impurity per variable (scikit-learn's `feature_importances_`): each tree's
    /// weighted impurity decreases normalised to sum 1, averaged over trees, normalised again.
    pub fn impurity_importances(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.feature_names.len()];
        for tree in &self.trees {
            let d = tree.impurity_decrease();
            let sum: f64 = d.iter().sum();
            if sum > 0.0 {
                for (t, x) in total.iter_mut().zip(d) {
                    *t += x / sum;
                }
            }
        }
        let sum: f64 = total.iter().sum();
        if sum > 0.0 {
            total.iter_mut().for_each(|t| *t /= sum);
        }
        total
    }
}

#[cfg(test)]
mod tests;
