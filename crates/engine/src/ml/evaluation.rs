//! Judging a trained classifier on its own events: scores next to the events' physical weights
//! and samples, the overtraining check (training versus test output shapes and their KS
//! p-values) and the output's distribution per sample.
//!
//! Depends on `ml` and `analysis` only.

use super::features::{Features, MISSING_SENTINEL, TrainingData};
use super::job::Trained;
use super::metrics::{RocCurve, area_under, roc_auc, roc_curve};
use crate::analysis::CutExpr;
use crate::analysis::{
    Binning, CumulativeWeights, Histogram, KsTest, Scan, ScanSettings, ks_two_sample, scan,
};
use crate::data::{Dataset, Role};
use crate::{Error, Result};

/// The dark-matter notebook's thresholds for its scan of `NN_output` (task 13).
pub const NOTEBOOK_OUTPUT_THRESHOLDS: [f64; 9] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

/// Which events an output plot or a significance scan of the output counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanEvents {
    /// Every event, training ones included (what the notebook does: optimistic for a model that
    /// has learned its training events).
    All,
    /// Held-out events only (the test part, or the validation part while the test part is
    /// sealed), weights × 1 / their fraction to estimate the full sample's yields.
    Test,
}

/// Which events the metrics at a threshold (confusion matrix, report, purity × efficiency) and
/// the ROC curve are computed on: the CMS exercise shows each for training and test events, and
/// its rates for every event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgedOn {
    /// The held-out part (test, or validation while the test part is sealed): the honest view.
    #[default]
    HeldOut,
    /// The training events: compared with the held-out ones, a sign of overtraining.
    Training,
    /// Every event, training and held-out (a sealed test part stays out).
    Every,
}

/// How events count in the metrics at a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventWeights {
    /// Every event once (scikit-learn without `sample_weight`).
    Once,
    /// By physical weight: the events expected in the data.
    Physical,
    /// By physical weight normalised per class so signal and background weigh the same in all
    /// (half the events each): the CMS exercise's `sample_weight`. Rates (efficiencies) are the
    /// physical ones; accuracy and purity treat the classes as equally common.
    Balanced,
}

impl EventWeights {
    /// The weights of `events` (`None`: one each).
    pub fn of(self, events: &Scored) -> Result<Option<std::borrow::Cow<'_, [f64]>>> {
        use std::borrow::Cow;
        Ok(match self {
            Self::Once => None,
            Self::Physical => Some(Cow::Borrowed(&events.weights[..])),
            Self::Balanced => {
                let half = events.labels.len() as f64 / 2.0;
                let w = super::features::normalise_per_class(&events.labels, &events.weights)?;
                Some(Cow::Owned(w.into_iter().map(|w| w * half).collect()))
            }
        })
    }

    /// Whether events count by a weight at all.
    pub fn weighted(self) -> bool {
        self != Self::Once
    }
}

/// The events a model is judged on, held out from its training: the test part, or — while the
/// test part stays sealed until the end — the validation part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeldOut {
    /// The test part.
    #[default]
    Test,
    /// The validation part.
    Validation,
}

impl HeldOut {
    /// The part a model trained on `split` is judged on: with a validation part the test part
    /// stays sealed, and the model is judged on validation until the student chooses to look.
    pub fn of(split: &super::split::Split) -> Self {
        if split.validation.is_empty() {
            Self::Test
        } else {
            Self::Validation
        }
    }

    /// "test" or "validation".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Validation => "validation",
        }
    }

    /// The name of its fraction, as scikit-learn's `train_test_split` would call it.
    pub fn size_name(self) -> &'static str {
        match self {
            Self::Test => "test_size",
            Self::Validation => "validation_size",
        }
    }
}

/// A trained model's scores on its training and held-out events, judged with the events'
/// physical weights (whatever weighting the training used).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The training events.
    pub train: Scored,
    /// The held-out events it is judged on (the test part, or the validation part: `held_out`).
    pub test: Scored,
    /// ROC curve of the held-out events (weighted).
    pub roc: RocCurve,
    /// Area under it.
    pub test_auc: f64,
    /// Weighted AUC on the training events (compare with `test_auc` for overtraining).
    pub train_auc: f64,
    /// Which part `test` is.
    pub held_out: HeldOut,
}

impl Evaluation {
    /// Scores `trained` against `data` (the events it was trained on, physical weights), judged
    /// on its test part.
    pub fn new(data: &TrainingData, trained: &Trained) -> Result<Self> {
        Self::judged_on(data, trained, HeldOut::Test)
    }

    /// Scores `trained` against `data`, judged on its `held_out` part.
    pub fn judged_on(data: &TrainingData, trained: &Trained, held_out: HeldOut) -> Result<Self> {
        Self::weighed(data, &data.weights, trained, held_out)
    }

    /// Scores `trained` against `data` with the events' physical `weights` (a worker's events
    /// carry their training weights, which may differ), judged on its `held_out` part.
    pub fn weighed(
        data: &TrainingData,
        weights: &[f64],
        trained: &Trained,
        held_out: HeldOut,
    ) -> Result<Self> {
        let (rows, scores) = match held_out {
            HeldOut::Test => (&trained.split.test, &trained.test_scores),
            HeldOut::Validation => (&trained.split.validation, &trained.validation_scores),
        };
        if rows.is_empty() {
            return Err(Error::Model(format!(
                "keep some events for {}: the model is judged on events it has not seen",
                match held_out {
                    HeldOut::Test => "testing",
                    HeldOut::Validation => "validation",
                }
            )));
        }
        if weights.len() != data.len() {
            return Err(Error::Model(format!(
                "{} weights for {} events",
                weights.len(),
                data.len()
            )));
        }
        let train = Scored::of(data, weights, &trained.split.train, &trained.train_scores);
        let test = Scored::of(data, weights, rows, scores);
        let roc = roc_curve(&test.labels, &test.scores, Some(&test.weights))?;
        // roc_auc's own curve is this one: its area, without sorting the scores again.
        let test_auc = area_under(&roc.false_positive_rate, &roc.true_positive_rate);
        let train_auc = roc_auc(&train.labels, &train.scores, Some(&train.weights))?;
        Ok(Self {
            train,
            test,
            roc,
            test_auc,
            train_auc,
            held_out,
        })
    }
}

/// Classifier scores of some events with their labels, physical weights and samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// Signal probability of each event.
    pub scores: Vec<f64>,
    /// 1 for signal.
    pub labels: Vec<u8>,
    /// Physical (Monte-Carlo) weights, whatever the training used.
    pub weights: Vec<f64>,
    /// Sample index of each event (into [`TrainingData::samples`]).
    pub sample: Vec<u16>,
}

impl Scored {
    /// The events at `rows` of `data` with their `scores` (same order as `rows`), weighted by
    /// `weights` (one per event of `data`).
    pub fn of(data: &TrainingData, weights: &[f64], rows: &[usize], scores: &[f64]) -> Self {
        Self {
            scores: scores.to_vec(),
            labels: rows.iter().map(|&i| data.labels[i]).collect(),
            weights: rows.iter().map(|&i| weights[i]).collect(),
            sample: rows.iter().map(|&i| data.sample[i]).collect(),
        }
    }

    /// The scores of one class (1 = signal).
    pub fn class_scores(&self, label: u8) -> Vec<f64> {
        self.scores
            .iter()
            .zip(&self.labels)
            .filter(|(_, y)| **y == label)
            .map(|(s, _)| *s)
            .collect()
    }
}

impl Evaluation {
    /// Every event's score with its label and physical weight (the training and held-out parts:
    /// a sealed test part stays out).
    pub fn all(&self) -> Scored {
        let mut all = self.train.clone();
        all.scores.extend_from_slice(&self.test.scores);
        all.labels.extend_from_slice(&self.test.labels);
        all.weights.extend_from_slice(&self.test.weights);
        all.sample.extend_from_slice(&self.test.sample);
        all
    }

    /// The events `on` names (see [`JudgedOn`]), unscaled.
    pub fn judged(&self, on: JudgedOn) -> std::borrow::Cow<'_, Scored> {
        match on {
            JudgedOn::HeldOut => std::borrow::Cow::Borrowed(&self.test),
            JudgedOn::Training => std::borrow::Cow::Borrowed(&self.train),
            JudgedOn::Every => std::borrow::Cow::Owned(self.all()),
        }
    }

    /// The weighted ROC curve of the training events (the held-out one is [`Self::roc`]).
    pub fn train_roc(&self) -> Result<RocCurve> {
        let t = &self.train;
        roc_curve(&t.labels, &t.scores, Some(&t.weights))
    }

    /// The events `events` names and the factor their weights take to stand for the full
    /// sample: every event × 1, or the held-out events × 1 / `held_out_fraction`.
    pub fn counted(&self, events: ScanEvents, held_out_fraction: f64) -> (Scored, f64) {
        match events {
            ScanEvents::All => (self.all(), 1.0),
            ScanEvents::Test => (self.test.clone(), 1.0 / held_out_fraction),
        }
    }

    /// A significance scan of the output: S and B are the weighted signal and background events
    /// with an output passing each threshold (`events` says which events count, see
    /// [`Self::counted`]). B ≤ 0 gives an undefined point, as in every scan.
    pub fn output_scan(
        &self,
        events: ScanEvents,
        test_fraction: f64,
        settings: &ScanSettings,
    ) -> Scan {
        let (scored, scale) = self.counted(events, test_fraction);
        let class = |label: u8| -> (Vec<f64>, Vec<f64>) {
            (0..scored.scores.len())
                .filter(|&i| scored.labels[i] == label)
                .map(|i| (scored.scores[i], scored.weights[i] * scale))
                .unzip()
        };
        let (s, s_w) = class(1);
        let (b, b_w) = class(0);
        scan(
            &CumulativeWeights::new(&s, Some(&s_w)),
            &CumulativeWeights::new(&b, Some(&b_w)),
            settings,
        )
    }
}

/// The trained model's output for the real (role `data`) events of `dataset` that pass `cuts`
/// — the HSF lesson's "apply to data". `None` when the dataset has no data sample. Events with a
/// missing input are left out, as in training.
pub fn apply_to_data(
    dataset: &Dataset,
    trained: &Trained,
    inputs: &[String],
    cuts: &[CutExpr],
) -> Result<Option<Vec<f64>>> {
    let mut scores = Vec::new();
    let mut found = false;
    for sample in dataset.samples.iter().filter(|s| s.spec.role == Role::Data) {
        found = true;
        let keep = sample.passing(cuts)?;
        let columns: Vec<&[f64]> = inputs
            .iter()
            .map(|v| sample.table.numeric(v))
            .collect::<Result<_>>()?;
        let rows: Vec<usize> = (0..keep.len())
            .filter(|&i| {
                keep[i]
                    && columns
                        .iter()
                        .all(|c| c[i].is_finite() && c[i] != MISSING_SENTINEL)
            })
            .collect();
        let features = Features::new(
            inputs.to_vec(),
            columns
                .iter()
                .map(|c| rows.iter().map(|&i| c[i]).collect())
                .collect(),
        )?;
        scores.extend(trained.apply(&features)?);
    }
    Ok(found.then_some(scores))
}

/// Output shapes of training and test events per class, normalised to unit area (unweighted
/// events), with the KS test of training against test for each class.
#[derive(Debug, Clone, PartialEq)]
pub struct Overtraining {
    /// Bin edges over [0, 1] (a score of exactly 1 falls in the last bin, as in numpy).
    pub edges: Vec<f64>,
    /// Training density per bin: `[background, signal]`.
    pub train: [Vec<f64>; 2],
    /// Test density per bin: `[background, signal]`.
    pub test: [Vec<f64>; 2],
    /// Statistical error of the test density, √N / (N_total · width).
    pub test_errors: [Vec<f64>; 2],
    /// KS test of training against test scores: `[background, signal]`.
    pub ks: [KsTest; 2],
}

/// The overtraining check on `bins` equal bins of [0, 1].
pub fn overtraining(train: &Scored, test: &Scored, bins: usize) -> Result<Overtraining> {
    let binning = Binning::uniform(bins, 0.0, 1.0)?;
    let mut result = Overtraining {
        edges: binning.edges().to_vec(),
        train: [Vec::new(), Vec::new()],
        test: [Vec::new(), Vec::new()],
        test_errors: [Vec::new(), Vec::new()],
        ks: [ks_two_sample(&[], &[]); 2],
    };
    for label in [0_u8, 1] {
        let (a, b) = (train.class_scores(label), test.class_scores(label));
        let l = usize::from(label);
        result.train[l] = Histogram::fill(binning.clone(), &a, None).density();
        let h = Histogram::fill(binning.clone(), &b, None);
        let total = h.total_in_range();
        let edges = binning.edges();
        result.test_errors[l] = h
            .entries
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                if total == 0.0 {
                    0.0
                } else {
                    (n as f64).sqrt() / (total * (edges[i + 1] - edges[i]))
                }
            })
            .collect();
        result.test[l] = h.density();
        result.ks[l] = ks_two_sample(&a, &b);
    }
    Ok(result)
}

/// The weighted output histogram of each sample (`n_samples` of them, in sample order), scaled
/// by `scale` (e.g. 1 / test fraction, to estimate the full sample's yield from the test part).
pub fn output_by_sample(
    scored: &Scored,
    n_samples: usize,
    bins: usize,
    scale: f64,
) -> Result<Vec<Histogram>> {
    let binning = Binning::uniform(bins, 0.0, 1.0)?;
    // One pass over the events (this runs on the page's thread while the panel appears).
    let mut values = vec![Vec::new(); n_samples];
    let mut weights = vec![Vec::new(); n_samples];
    for ((&score, &weight), &sample) in scored
        .scores
        .iter()
        .zip(&scored.weights)
        .zip(&scored.sample)
    {
        let s = usize::from(sample);
        if s < n_samples {
            values[s].push(score);
            weights[s].push(weight * scale);
        }
    }
    Ok(values
        .iter()
        .zip(&weights)
        .map(|(v, w)| Histogram::fill(binning.clone(), v, Some(w)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(scores: &[f64], labels: &[u8]) -> Scored {
        Scored {
            scores: scores.to_vec(),
            labels: labels.to_vec(),
            weights: vec![2.0; scores.len()],
            sample: labels.iter().map(|&y| u16::from(y)).collect(),
        }
    }

    #[test]
    fn the_overtraining_check_normalises_each_class_and_compares_train_with_test() {
        let train = scored(&[0.1, 0.2, 0.8, 0.9], &[0, 0, 1, 1]);
        let same = scored(&[0.1, 0.2, 0.8, 0.9], &[0, 0, 1, 1]);
        let check = overtraining(&train, &same, 2).expect("check");
        // Two bins of width ½: background all in the first (density 1 / ½ = 2), signal in the second.
        assert_eq!(check.train[0], [2.0, 0.0]);
        assert_eq!(check.train[1], [0.0, 2.0]);
        assert_eq!(check.test, check.train);
        // √2 / (2 · ½) = √2.
        assert!((check.test_errors[0][0] - 2.0_f64.sqrt()).abs() < 1e-12);
        assert!(
            check
                .ks
                .iter()
                .all(|k| k.statistic == 0.0 && k.p_value > 0.99)
        );
        let moved = scored(&[0.6, 0.7, 0.1, 0.2], &[0, 0, 1, 1]);
        let check = overtraining(&train, &moved, 2).expect("check");
        assert!(check.ks.iter().all(|k| k.statistic == 1.0));
    }

    #[test]
    fn the_output_scan_counts_weighted_events_above_each_threshold() {
        use crate::analysis::{CutDirection, Significance, Thresholds};
        let e = Evaluation {
            train: scored(&[0.9, 0.2], &[1, 0]),
            test: scored(&[0.6, 0.7], &[1, 0]),
            roc: crate::ml::RocCurve {
                false_positive_rate: vec![],
                true_positive_rate: vec![],
                thresholds: vec![],
            },
            test_auc: 0.5,
            train_auc: 1.0,
            held_out: HeldOut::Test,
        };
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(vec![0.5, 0.8]),
            min_background: 0.0,
        };
        // All events, weight 2 each: above 0.5, S = 4 (0.9, 0.6), B = 2 (0.7) → 4/√2.
        let all = e.output_scan(ScanEvents::All, 0.5, &settings);
        assert!((all.points[0].value.expect("defined") - 4.0 / 2.0_f64.sqrt()).abs() < 1e-12);
        // Above 0.8 only the signal at 0.9 is left: B = 0, undefined.
        assert!(all.points[1].value.is_err());
        // Test events × 1/0.5: above 0.5, S = 4, B = 4 → 2.
        let test = e.output_scan(ScanEvents::Test, 0.5, &settings);
        assert!((test.points[0].value.expect("defined") - 2.0).abs() < 1e-12);
        // The output plot counts the same events: 4 events × 2 = 8 in all; with a test fraction
        // of ¼, the 2 test events × 2 × 4 = 16.
        let total = |events| {
            let (scored, scale) = e.counted(events, 0.25);
            output_by_sample(&scored, 2, 10, scale)
                .expect("histograms")
                .iter()
                .map(|h| h.sumw.iter().sum::<f64>())
                .sum::<f64>()
        };
        assert!((total(ScanEvents::All) - 8.0).abs() < 1e-12);
        assert!((total(ScanEvents::Test) - 16.0).abs() < 1e-12);
    }

    #[test]
    fn output_histograms_are_per_sample_weighted_and_scaled() {
        let s = scored(&[0.1, 0.2, 0.8, 0.9], &[0, 0, 1, 1]);
        let h = output_by_sample(&s, 2, 4, 3.0).expect("histograms");
        // Weight 2 × scale 3 = 6 per event.
        assert_eq!(h[0].sumw, [12.0, 0.0, 0.0, 0.0]);
        assert_eq!(h[1].sumw, [0.0, 0.0, 0.0, 12.0]);
    }
}
