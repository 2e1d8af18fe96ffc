//! Choosing settings by k-fold cross-validation: every candidate is trained k times, each time
//! on all folds but one and scored on the one left out; the best mean score wins (scikit-learn's
//! `GridSearchCV` with `StratifiedKFold(shuffle=True)`). Scores use the event weights.

use super::features::Features;
use super::forest::Progress;
use super::metrics::{Confusion, roc_auc};
use super::model::ModelSpec;
use super::rng::Rng;
use crate::{Error, Result};

/// How a held-out fold is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scoring {
    /// Weighted area under the ROC curve.
    RocAuc,
    /// Weighted accuracy at probability 0.5.
    Accuracy,
}

impl Scoring {
    fn score(self, labels: &[u8], proba: &[f64], weights: Option<&[f64]>) -> Result<f64> {
        match self {
            Self::RocAuc => roc_auc(labels, proba, weights),
            Self::Accuracy => Ok(Confusion::at_threshold(labels, proba, weights, 0.5)?.accuracy()),
        }
    }
}

/// Splits rows 0..labels.len() into `k` folds of near-equal size after a seeded shuffle, each
/// class spread evenly over the folds (stratified). Returns the rows of each fold.
pub fn k_folds(labels: &[u8], k: usize, seed: u64) -> Result<Vec<Vec<usize>>> {
    if k < 2 {
        return Err(Error::Model(
            "cross-validation needs at least 2 folds".into(),
        ));
    }
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for class in [0_u8, 1] {
        let mut rows: Vec<usize> = (0..labels.len())
            .filter(|&i| (labels[i] != 0) == (class != 0))
            .collect();
        if rows.len() < k {
            return Err(Error::Model(format!(
                "{k} folds need at least {k} events of each class"
            )));
        }
        Rng::new(seed, u64::from(class)).shuffle(&mut rows);
        // Deal the rows round the folds, continuing where the other class stopped, so fold sizes
        // differ by at most one.
        for r in rows {
            folds[next % k].push(r);
            next += 1;
        }
    }
    for fold in &mut folds {
        fold.sort_unstable();
    }
    Ok(folds)
}

/// How candidates are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CrossValidation {
    /// Number of folds k (each event is held out once).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The score of a held-out fold.
    pub scoring: Scoring,
}

/// One candidate's scores.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CandidateScore {
    /// The settings.
    pub spec: ModelSpec,
    /// Score on each held-out fold.
    pub fold_scores: Vec<f64>,
    /// Mean over folds.
    pub mean: f64,
    /// Population standard deviation over folds.
    pub std: f64,
}

/// The table of a grid search and its winner.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridSearch {
    /// Every candidate, in the order given.
    pub candidates: Vec<CandidateScore>,
    /// Index of the best mean score (the first, if several are equal).
    pub best: usize,
}

/// The score of `spec` trained on every fold but `held_out` and scored on that one: one cell of a
/// grid search's table. A pure function of its inputs, so cells can be computed in any order and
/// on any worker (a pool shares them out) and give the same table.
pub fn score_fold(
    features: &Features,
    labels: &[u8],
    weights: Option<&[f64]>,
    spec: &ModelSpec,
    folds: &[Vec<usize>],
    held_out: usize,
    scoring: Scoring,
) -> Result<f64> {
    let held = folds
        .get(held_out)
        .ok_or_else(|| Error::Model(format!("there is no fold {}", held_out + 1)))?;
    let mut is_held_out = vec![false; labels.len()];
    held.iter().for_each(|&i| is_held_out[i] = true);
    let train: Vec<usize> = (0..labels.len()).filter(|&i| !is_held_out[i]).collect();
    let pick_w = |rows: &[usize]| weights.map(|w| rows.iter().map(|&i| w[i]).collect::<Vec<_>>());
    let pick_y = |rows: &[usize]| rows.iter().map(|&i| labels[i]).collect::<Vec<_>>();
    let model = spec.fit(
        &features.select(&train),
        &pick_y(&train),
        pick_w(&train).as_deref(),
        &mut |_, _| true,
    )?;
    let proba = model.predict_proba(&features.select(held))?;
    scoring.score(&pick_y(held), &proba, pick_w(held).as_deref())
}

impl CandidateScore {
    /// The row of `spec` from its score on each held-out fold, in fold order: mean and population
    /// standard deviation (scikit-learn's `mean_test_score`, `std_test_score`).
    pub fn of(spec: ModelSpec, fold_scores: Vec<f64>) -> Self {
        let k = fold_scores.len().max(1) as f64;
        let mean = fold_scores.iter().sum::<f64>() / k;
        let std = (fold_scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / k).sqrt();
        Self {
            spec,
            fold_scores,
            mean,
            std,
        }
    }
}

impl GridSearch {
    /// The table of `candidates` (in the order given) and its winner: the best mean, the first
    /// of equals (scikit-learn's `best_index_`).
    pub fn of(candidates: Vec<CandidateScore>) -> Self {
        let best = candidates.iter().enumerate().fold(0, |best, (i, c)| {
            if c.mean > candidates[best].mean {
                i
            } else {
                best
            }
        });
        Self { candidates, best }
    }
}

/// Scores every candidate by k-fold cross-validation; `progress(done, total)` after each of
/// the candidates × k fits (false cancels).
pub fn grid_search(
    features: &Features,
    labels: &[u8],
    weights: Option<&[f64]>,
    candidates: &[ModelSpec],
    cv: &CrossValidation,
    progress: Progress<'_>,
) -> Result<GridSearch> {
    if candidates.is_empty() {
        return Err(Error::Model("give at least one setting to try".into()));
    }
    let k = cv.folds;
    let folds = k_folds(labels, k, cv.seed)?;
    let total = candidates.len() * k;
    let mut done = 0;
    let mut table = Vec::with_capacity(candidates.len());
    for spec in candidates {
        let mut fold_scores = Vec::with_capacity(k);
        for held_out in 0..k {
            fold_scores.push(score_fold(
                features, labels, weights, spec, &folds, held_out, cv.scoring,
            )?);
            done += 1;
            if !progress(done, total) {
                return Err(Error::Cancelled);
            }
        }
        table.push(CandidateScore::of(spec.clone(), fold_scores));
    }
    Ok(GridSearch::of(table))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::forest::ForestParams;
    use crate::ml::logistic::LogisticParams;
    use crate::ml::test_data::lcg_events;

    #[test]
    fn folds_partition_the_events_and_keep_the_class_mix() {
        let labels: Vec<u8> = (0..103).map(|i| u8::from(i % 4 == 0)).collect();
        let folds = k_folds(&labels, 5, 9).expect("folds");
        let mut all: Vec<usize> = folds.concat();
        all.sort_unstable();
        assert_eq!(all, (0..103).collect::<Vec<_>>());
        // 103 events in 5 folds: sizes 21 or 20; 26 signal events: 5 or 6 per fold.
        for fold in &folds {
            assert!((20..=21).contains(&fold.len()), "{}", fold.len());
            let signal = fold.iter().filter(|&&i| labels[i] == 1).count();
            assert!((5..=6).contains(&signal), "{signal}");
        }
        assert_eq!(folds, k_folds(&labels, 5, 9).expect("again"));
        assert!(k_folds(&labels, 1, 0).is_err());
        assert!(
            k_folds(&[0, 0, 1], 2, 0).is_err(),
            "one signal event cannot fill 2 folds"
        );
    }

    #[test]
    fn the_search_ranks_a_real_forest_above_a_stump_and_can_be_cancelled() {
        let (train, _) = lcg_events();
        let forest = |depth| {
            ModelSpec::Forest(ForestParams {
                n_estimators: 10,
                max_depth: Some(depth),
                ..ForestParams::default()
            })
        };
        let candidates = [
            forest(1),
            forest(6),
            ModelSpec::Logistic(LogisticParams::default()),
        ];
        let mut calls = 0;
        let search = grid_search(
            &train.features,
            &train.labels,
            Some(&train.weights),
            &candidates,
            &CrossValidation {
                folds: 3,
                seed: 5,
                scoring: Scoring::RocAuc,
            },
            &mut |_, _| {
                calls += 1;
                true
            },
        )
        .expect("search");
        assert_eq!(calls, 9, "3 candidates × 3 folds");
        let means: Vec<f64> = search.candidates.iter().map(|c| c.mean).collect();
        // The truth is linear in the inputs: logistic regression wins, depth 6 beats a stump.
        assert!(means[1] > means[0] + 0.03, "{means:?}");
        assert_eq!(search.best, 2, "{means:?}");
        assert!(
            search
                .candidates
                .iter()
                .all(|c| c.fold_scores.len() == 3 && c.std < 0.05)
        );
        let cancelled = grid_search(
            &train.features,
            &train.labels,
            None,
            &candidates,
            &CrossValidation {
                folds: 3,
                seed: 5,
                scoring: Scoring::Accuracy,
            },
            &mut |done, _| done < 2,
        );
        assert_eq!(cancelled, Err(Error::Cancelled));
    }
}
