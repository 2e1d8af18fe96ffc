//! One name for every classifier, so the grid search, the training jobs and the app can hold
//! "some model" with its settings, fit it and ask it for signal probabilities.

use super::adaboost::{AdaBoost, AdaBoostParams};
use super::boosting::{Boosting, BoostingParams};
use super::features::Features;
use super::forest::{Forest, ForestParams, Progress};
use super::logistic::{LogisticParams, LogisticRegression};
use super::metrics::roc_auc;
use super::mlp::{Mlp, MlpParams, MlpProgress, train_blocking};
use super::rng::Rng;
use super::tree::{Binned, MAX_BINS, Tree, TreeParams};
use crate::{Error, Result};
use std::ops::Range;

/// A classifier and its settings, before training.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ModelSpec {
    /// One decision tree.
    Tree {
        /// Its settings.
        params: TreeParams,
        /// Seed of the variable draws when `max_features` is below the number of variables.
        random_state: u64,
    },
    /// A random forest.
    Forest(ForestParams),
    /// Gradient-boosted trees.
    Boosting(BoostingParams),
    /// AdaBoost (discrete SAMME) on shallow trees.
    AdaBoost(AdaBoostParams),
    /// Logistic regression.
    Logistic(LogisticParams),
    /// A neural network (trained on the CPU here; see [`crate::ml::job::run_on`] for other
    /// devices).
    Mlp(MlpParams),
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Model {
    /// One decision tree, with the names of its inputs.
    Tree {
        /// The tree.
        tree: Tree,
        /// Input variable names, in column order.
        feature_names: Vec<String>,
    },
    /// A random forest.
    Forest(Forest),
    /// Gradient-boosted trees.
    Boosting(Boosting),
    /// AdaBoost, with the names of its inputs.
    AdaBoost {
        /// The ensemble.
        boost: AdaBoost,
        /// Input variable names, in column order.
        feature_names: Vec<String>,
    },
    /// Logistic regression.
    Logistic(LogisticRegression),
    /// A neural network.
    Mlp(Mlp),
}

impl ModelSpec {
    /// Trains on `features` with `labels` (1 = signal) and optional `weights`; `progress` is
    /// called as the ensembles grow or the network's batches pass (false cancels).
    pub fn fit(
        &self,
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        progress: Progress<'_>,
    ) -> Result<Model> {
        Ok(match self {
            Self::Tree {
                params,
                random_state,
            } => {
                features.check_targets(labels, weights)?;
                let n = features.n_rows();
                let w = weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
                let binned = Binned::new(features, MAX_BINS);
                let tree = Tree::fit(&binned, labels, &w, params, &mut Rng::new(*random_state, 0))?;
                if !progress(1, 1) {
                    return Err(Error::Cancelled);
                }
                Model::Tree {
                    tree,
                    feature_names: features.names.clone(),
                }
            }
            Self::Forest(p) => Model::Forest(Forest::fit(features, labels, weights, p, progress)?),
            Self::AdaBoost(p) => {
                // Its multiplicative re-weighting has no meaning for a negative weight (it would
                // grow without bound): such events train with weight 0, as TMVA's
                // IgnoreNegWeightsInTraining does. The train panel says how many.
                let weights = weights.map(|w| w.iter().map(|v| v.max(0.0)).collect::<Vec<_>>());
                let boost = AdaBoost::fit(features, labels, weights.as_deref(), p)?;
                if !progress(1, 1) {
                    return Err(Error::Cancelled);
                }
                Model::AdaBoost {
                    boost,
                    feature_names: features.names.clone(),
                }
            }
            Self::Boosting(p) => {
                Model::Boosting(Boosting::fit(features, labels, weights, p, progress)?)
            }
            Self::Logistic(p) => {
                let m = LogisticRegression::fit(features, labels, weights, p)?;
                if !progress(1, 1) {
                    return Err(Error::Cancelled);
                }
                Model::Logistic(m)
            }
            Self::Mlp(p) => Model::Mlp(train_blocking(
                features,
                labels,
                weights,
                p,
                &mut |event| match event {
                    MlpProgress::Batch { done, total } => progress(done, total),
                    MlpProgress::Epoch(_) => true,
                },
            )?),
        })
    }
}

/// Permutation importance of any classifier `predict` for the inputs `variables`: the drop of
/// the weighted ROC AUC on `features` when one variable's values are shuffled across events,
/// averaged over `repeats` seeded shuffles. Each variable's shuffles have their own seed, so a
/// pool's workers measuring a range each give, together, the values of all inputs at once.
pub fn permutation_importances(
    predict: &dyn Fn(&Features) -> Result<Vec<f64>>,
    features: &Features,
    labels: &[u8],
    weights: Option<&[f64]>,
    (repeats, seed): (usize, u64),
    variables: Range<usize>,
) -> Result<Vec<f64>> {
    let baseline = roc_auc(labels, &predict(features)?, weights)?;
    let mut out = Vec::with_capacity(variables.len());
    // One copy of the inputs: each shuffle starts from the variable's own column, which is put
    // back before the next variable.
    let mut shuffled = features.clone();
    for f in variables.start..variables.end.min(features.n_features()) {
        let mut drop = 0.0;
        for r in 0..repeats.max(1) {
            shuffled.columns[f].clone_from(&features.columns[f]);
            Rng::new(seed, (f * 1000 + r) as u64).shuffle(&mut shuffled.columns[f]);
            drop += baseline - roc_auc(labels, &predict(&shuffled)?, weights)?;
        }
        shuffled.columns[f].clone_from(&features.columns[f]);
        out.push(drop / repeats.max(1) as f64);
    }
    Ok(out)
}

/// How an importance was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ImportanceMethod {
    /// Mean decrease in impurity over the splits (scikit-learn's `feature_importances_`).
    #[default]
    Impurity,
    /// Drop of the held-out AUC (validation when there is a validation part, else test) when the
    /// variable is shuffled.
    Permutation,
}

/// How much each input matters to a trained model, in input order.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Importances {
    /// How they were measured.
    pub method: ImportanceMethod,
    /// One value per input.
    pub values: Vec<f64>,
}

/// Shuffles per variable for permutation importances.
const PERMUTATION_REPEATS: usize = 3;

impl Model {
    /// Importances of the inputs: impurity decrease for trees and forests, otherwise the AUC
    /// drop on `features` (the test events, prepared as the model expects) when each input is
    /// shuffled (seeded).
    pub fn importances(
        &self,
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
    ) -> Result<Importances> {
        let impurity = |values: Vec<f64>| Importances {
            method: ImportanceMethod::Impurity,
            values,
        };
        Ok(match self {
            Self::Forest(f) => impurity(f.impurity_importances()),
            Self::Tree { tree, .. } => {
                let d = tree.impurity_decrease();
                let sum: f64 = d.iter().sum();
                impurity(
                    d.iter()
                        .map(|x| if sum > 0.0 { x / sum } else { 0.0 })
                        .collect(),
                )
            }
            _ => Importances {
                method: ImportanceMethod::Permutation,
                values: self.permutation_importances(
                    features,
                    labels,
                    weights,
                    0..features.n_features(),
                )?,
            },
        })
    }

    /// Whether [`Self::importances`] shuffles inputs (every model but trees and forests, whose
    /// importances are their splits' impurity decreases).
    pub fn permutes(&self) -> bool {
        !matches!(self, Self::Tree { .. } | Self::Forest(_))
    }

    /// The permutation importances of `variables` that [`Self::importances`] measures for a
    /// model that [`Self::permutes`] (same shuffles, same seeds).
    pub fn permutation_importances(
        &self,
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        variables: Range<usize>,
    ) -> Result<Vec<f64>> {
        permutation_importances(
            &|f| self.predict_proba(f),
            features,
            labels,
            weights,
            (PERMUTATION_REPEATS, 0),
            variables,
        )
    }

    /// Signal probability of each event of `features`.
    pub fn predict_proba(&self, features: &Features) -> Result<Vec<f64>> {
        match self {
            Self::Tree {
                tree,
                feature_names,
            } => {
                features.check_names(feature_names)?;
                Ok(tree.predict_proba(features))
            }
            Self::Forest(m) => m.predict_proba(features),
            Self::Boosting(m) => m.predict_proba(features),
            Self::AdaBoost {
                boost,
                feature_names,
            } => {
                features.check_names(feature_names)?;
                Ok(boost.predict_proba(features))
            }
            Self::Logistic(m) => m.predict_proba(features),
            Self::Mlp(m) => m.predict_proba(features),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::test_data::lcg_events;

    #[test]
    fn every_spec_trains_the_model_it_names_and_checks_its_inputs() {
        let (train, test) = lcg_events();
        let params = TreeParams {
            max_depth: Some(4),
            ..TreeParams::default()
        };
        let spec = ModelSpec::Tree {
            params,
            random_state: 3,
        };
        let model = spec
            .fit(
                &train.features,
                &train.labels,
                Some(&train.weights),
                &mut |_, _| true,
            )
            .expect("tree");
        let direct = Tree::fit(
            &Binned::new(&train.features, MAX_BINS),
            &train.labels,
            &train.weights,
            &params,
            &mut Rng::new(3, 0),
        )
        .expect("direct");
        assert_eq!(
            model.predict_proba(&test.features).expect("p"),
            direct.predict_proba(&test.features)
        );
        let logistic = ModelSpec::Logistic(LogisticParams::default())
            .fit(&train.features, &train.labels, None, &mut |_, _| true)
            .expect("logistic");
        let direct = LogisticRegression::fit(
            &train.features,
            &train.labels,
            None,
            &LogisticParams::default(),
        )
        .expect("direct");
        assert_eq!(
            logistic.predict_proba(&test.features).expect("p"),
            direct.predict_proba(&test.features).expect("p")
        );
        let renamed = Features::new(
            vec!["a".into(), "b".into(), "c".into(), "d".into()],
            test.features.columns.clone(),
        )
        .expect("f");
        assert!(model.predict_proba(&renamed).is_err());
        assert_eq!(
            spec.fit(&train.features, &train.labels, None, &mut |_, _| false),
            Err(Error::Cancelled)
        );
    }
}
