//! AdaBoost for two classes: the discrete SAMME algorithm with shallow decision trees (stumps by
//! default), as scikit-learn's `AdaBoostClassifier(algorithm="SAMME")` — the boosting the LIP
//! tutorial and the 2014 HiggsML challenge's early entries used.
//!
//! Each round fits a tree to the events weighted by how hard they have been so far, gives it a
//! say α = η·ln((1 − ε)/ε) by its weighted error ε, and multiplies the weight of every event it
//! got wrong by e^α. The output is the weighted vote, turned into a probability as scikit-learn
//! does: d = Σ 2α_m s_m / Σ α_m (s_m = ±1 the tree's vote), p = 1/(1 + e^{−d}).
//!
//! Pure numerics on [`Features`]; depends on the tree learner only.

use super::features::Features;
use super::rng::Rng;
use super::tree::{Binned, MAX_BINS, Tree, TreeParams};
use crate::{Error, Result};

/// AdaBoost's settings (scikit-learn's defaults).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdaBoostParams {
    /// Rounds (trees) at most.
    pub n_estimators: usize,
    /// η: shrinks each tree's say.
    pub learning_rate: f64,
    /// Depth of each tree (1: stumps).
    pub max_depth: usize,
    /// Seed of the trees' tie-breaking.
    pub random_state: u64,
}

impl Default for AdaBoostParams {
    fn default() -> Self {
        Self {
            n_estimators: 50,
            learning_rate: 1.0,
            max_depth: 1,
            random_state: 0,
        }
    }
}

/// A fitted AdaBoost ensemble.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdaBoost {
    /// The trees, in order, each with its say α.
    pub stages: Vec<(Tree, f64)>,
    /// Each tree's weighted training error ε.
    pub errors: Vec<f64>,
}

impl AdaBoost {
    /// Fits on `features` with `labels` (1 = signal) and optional event `weights` (the starting
    /// weights; normalised to sum to one).
    pub fn fit(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &AdaBoostParams,
    ) -> Result<Self> {
        features.check_targets(labels, weights)?;
        if params.n_estimators == 0 || params.learning_rate.is_nan() || params.learning_rate <= 0.0
        {
            return Err(Error::Model(
                "AdaBoost needs at least one round and a positive learning rate".into(),
            ));
        }
        let n = features.n_rows();
        let mut w: Vec<f64> = weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
        if w.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(Error::Model(
                "event weights must be finite and not negative".into(),
            ));
        }
        let total: f64 = w.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return Err(Error::Model("the events' weights sum to zero".into()));
        }
        w.iter_mut().for_each(|v| *v /= total);
        let zero: Vec<bool> = w.iter().map(|v| *v == 0.0).collect();
        let binned = Binned::new(features, MAX_BINS);
        let tree_params = TreeParams {
            max_depth: Some(params.max_depth),
            ..TreeParams::default()
        };
        let mut out = Self {
            stages: Vec::new(),
            errors: Vec::new(),
        };
        for round in 0..params.n_estimators {
            // As scikit-learn: no weight falls below machine epsilon (those that were zero stay).
            for (v, z) in w.iter_mut().zip(&zero) {
                *v = if *z { 0.0 } else { v.max(f64::EPSILON) };
            }
            let mut rng = Rng::new(params.random_state, round as u64);
            let tree = Tree::fit(&binned, labels, &w, &tree_params, &mut rng)?;
            let wrong: Vec<bool> = tree
                .predict_proba(features)
                .iter()
                .zip(labels)
                .map(|(p, &y)| u8::from(*p > 0.5) != y)
                .collect();
            let error = w
                .iter()
                .zip(&wrong)
                .filter(|(_, x)| **x)
                .map(|(v, _)| v)
                .sum::<f64>()
                / w.iter().sum::<f64>();
            if error <= 0.0 {
                // A perfect tree: it alone decides.
                out.stages.push((tree, 1.0));
                out.errors.push(0.0);
                break;
            }
            if error >= 0.5 {
                if out.stages.is_empty() {
                    return Err(Error::Model(
                        "AdaBoost's first tree is no better than a coin toss: there is nothing to boost".into(),
                    ));
                }
                break;
            }
            let alpha = params.learning_rate * ((1.0 - error) / error).ln();
            out.stages.push((tree, alpha));
            out.errors.push(error);
            if round + 1 == params.n_estimators {
                break;
            }
            for (v, x) in w.iter_mut().zip(&wrong) {
                if *x && *v > 0.0 {
                    *v *= alpha.exp();
                }
            }
            let sum: f64 = w.iter().sum();
            if !sum.is_finite() || sum <= 0.0 {
                break;
            }
            w.iter_mut().for_each(|v| *v /= sum);
        }
        Ok(out)
    }

    /// scikit-learn's `decision_function`: d = Σ 2α_m s_m / Σ α_m, with s_m = +1 when tree m
    /// calls the event signal and −1 otherwise (in [−2, 2]).
    pub fn decision(&self, features: &Features) -> Vec<f64> {
        let total: f64 = self.stages.iter().map(|(_, a)| a).sum();
        let mut d = vec![0.0; features.n_rows()];
        for (tree, alpha) in &self.stages {
            for (di, p) in d.iter_mut().zip(tree.predict_proba(features)) {
                *di += if p > 0.5 { 2.0 * alpha } else { -2.0 * alpha };
            }
        }
        if total > 0.0 {
            d.iter_mut().for_each(|v| *v /= total);
        }
        d
    }

    /// Probability of signal: 1/(1 + e^{−d}), scikit-learn's `predict_proba` for two classes.
    pub fn predict_proba(&self, features: &Features) -> Vec<f64> {
        self.decision(features)
            .into_iter()
            .map(|d| 1.0 / (1.0 + (-d).exp()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::stepwise::Points;
    use crate::ml::toy::{ToyKind, ToySpec};

    /// Our moons (400 points, noise 0.3, seed 1), split 240 / 80 / 80 as the playground splits them.
    fn moons() -> (Points, Points) {
        let set = ToySpec {
            kind: ToyKind::Moons,
            n_points: 400,
            noise: 0.3,
            ..ToySpec::default()
        }
        .make()
        .expect("set");
        let parts = set.split().expect("split");
        let pick = |rows: &[usize]| Points::select(&set.features, &set.labels, rows);
        (pick(&parts.train), pick(&parts.validation))
    }

    // References: scikit-learn 1.5.2 on the same points (written to CSV by this engine),
    // `AdaBoostClassifier(algorithm="SAMME", n_estimators=50, random_state=0..3)` — the same for
    // every random state: estimator_weights_[:5], estimator_errors_[:5], decision_function of the
    // first five validation points, the validation probabilities' sum and accuracy.

    #[test]
    fn stumps_boosted_are_scikit_learns_samme() {
        let (train, val) = moons();
        let model = AdaBoost::fit(
            &train.features,
            &train.labels,
            None,
            &AdaBoostParams::default(),
        )
        .expect("fit");
        assert_eq!(model.stages.len(), 50);
        let alphas: Vec<f64> = model.stages.iter().map(|(_, a)| *a).collect();
        let want_alpha = [
            1.412_542_587_194_826_5,
            0.834_887_049_921_963_6,
            1.406_308_536_868_102,
            0.752_014_529_703_541_4,
            0.974_591_800_942_243_1,
        ];
        let want_error = [
            0.195_833_333_333_333_4,
            0.302_612_721_860_875_23,
            0.196_816_949_968_528_44,
            0.320_382_503_424_485_3,
            0.273_966_205_600_873_6,
        ];
        for k in 0..5 {
            assert!(
                (alphas[k] - want_alpha[k]).abs() < 1e-9,
                "α{k}: {}",
                alphas[k]
            );
            assert!((model.errors[k] - want_error[k]).abs() < 1e-9, "ε{k}");
        }
        assert!((alphas.iter().sum::<f64>() - 19.614_046_122).abs() < 1e-8);
        let d = model.decision(&val.features);
        let want_d = [
            -0.285_477_125_972_652_23,
            0.879_111_361_477_433_3,
            0.715_012_003_233_331_3,
            0.095_631_320_932_961_81,
            -0.273_373_963_487_566_9,
        ];
        for k in 0..5 {
            assert!((d[k] - want_d[k]).abs() < 1e-9, "d{k}: {}", d[k]);
        }
        let p = model.predict_proba(&val.features);
        assert!((p.iter().sum::<f64>() - 40.767_218_21).abs() < 1e-7);
        let right = p
            .iter()
            .zip(&val.labels)
            .filter(|(p, y)| u8::from(**p > 0.5) == **y)
            .count();
        assert_eq!(right, 72, "0.9 of 80");
    }

    #[test]
    fn deeper_trees_and_a_smaller_rate_are_scikit_learns_too() {
        // `AdaBoostClassifier(DecisionTreeClassifier(max_depth=2), algorithm="SAMME",
        // n_estimators=30, learning_rate=0.5)`.
        let (train, val) = moons();
        let params = AdaBoostParams {
            n_estimators: 30,
            learning_rate: 0.5,
            max_depth: 2,
            random_state: 0,
        };
        let model = AdaBoost::fit(&train.features, &train.labels, None, &params).expect("fit");
        assert_eq!(model.stages.len(), 30);
        assert!((model.stages[0].1 - 1.075_881_101_6).abs() < 1e-9);
        assert!((model.stages.iter().map(|(_, a)| a).sum::<f64>() - 8.740_918_443).abs() < 1e-8);
        let d = model.decision(&val.features);
        assert!((d[0] + 0.540_867_123_6).abs() < 1e-9, "{}", d[0]);
        let p = model.predict_proba(&val.features);
        assert!((p.iter().sum::<f64>() - 40.194_175_667).abs() < 1e-7);
    }

    #[test]
    fn the_lab_trains_it_as_any_other_family() {
        use crate::ml::{ModelKind, ModelSpec};
        let (train, val) = moons();
        assert!(ModelKind::ALL.contains(&ModelKind::AdaBoost));
        let spec = ModelKind::AdaBoost.default_spec().with_seed(3);
        assert!(matches!(spec, ModelSpec::AdaBoost(p) if p.random_state == 3));
        let model = spec
            .fit(&train.features, &train.labels, None, &mut |_, _| true)
            .expect("fit");
        let direct = AdaBoost::fit(
            &train.features,
            &train.labels,
            None,
            &AdaBoostParams::default(),
        )
        .expect("fit");
        assert_eq!(
            model.predict_proba(&val.features).expect("proba"),
            direct.predict_proba(&val.features)
        );
        // Applied to inputs in another order, it says so rather than answering wrong.
        let mut swapped = val.features.clone();
        swapped.names.reverse();
        assert!(model.predict_proba(&swapped).is_err());
    }

    #[test]
    fn hopeless_or_empty_settings_are_refused() {
        let (train, _) = moons();
        let none = AdaBoostParams {
            n_estimators: 0,
            ..AdaBoostParams::default()
        };
        assert!(AdaBoost::fit(&train.features, &train.labels, None, &none).is_err());
        let zero = vec![0.0; train.labels.len()];
        assert!(
            AdaBoost::fit(
                &train.features,
                &train.labels,
                Some(&zero),
                &AdaBoostParams::default()
            )
            .is_err()
        );
    }
}
