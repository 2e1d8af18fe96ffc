//! How good a classifier is: confusion matrix and the rates built on it, ROC curve and its area,
//! precision–recall curve, and the physics figures of merit versus a cut on the score
//! (purity × efficiency, AMS). Every function takes labels (1 = signal, 0 = background), scores
//! and optional event weights, and follows scikit-learn's definitions so the numbers can be
//! compared with the tutorials'.
//!
//! Pure: slices in, numbers out.

use crate::analysis::{Significance, evaluate};
use crate::{Error, Result};

/// Weighted counts of a binary classification at one threshold. Rows are the truth, columns the
/// prediction, as scikit-learn's `confusion_matrix` with labels [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Confusion {
    /// Background predicted background.
    pub true_negative: f64,
    /// Background predicted signal.
    pub false_positive: f64,
    /// Signal predicted background.
    pub false_negative: f64,
    /// Signal predicted signal.
    pub true_positive: f64,
}

fn weight_at(weights: Option<&[f64]>, i: usize) -> f64 {
    weights.map_or(1.0, |w| w[i])
}

fn check_lengths(labels: &[u8], other: usize, weights: Option<&[f64]>) -> Result<()> {
    if labels.len() != other || weights.is_some_and(|w| w.len() != labels.len()) {
        return Err(Error::Model(format!(
            "labels, scores and weights have different lengths ({}, {other}, {})",
            labels.len(),
            weights.map_or(labels.len(), <[f64]>::len)
        )));
    }
    Ok(())
}

/// `a / b`, or 0 when `b` is 0 (scikit-learn's `zero_division=0` behaviour without the warning).
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

impl Confusion {
    /// Counts predictions (1 = signal) against labels.
    pub fn from_predictions(
        labels: &[u8],
        predicted: &[u8],
        weights: Option<&[f64]>,
    ) -> Result<Self> {
        check_lengths(labels, predicted.len(), weights)?;
        let mut c = Self::default();
        for (i, (&y, &p)) in labels.iter().zip(predicted).enumerate() {
            let w = weight_at(weights, i);
            match (y != 0, p != 0) {
                (false, false) => c.true_negative += w,
                (false, true) => c.false_positive += w,
                (true, false) => c.false_negative += w,
                (true, true) => c.true_positive += w,
            }
        }
        Ok(c)
    }

    /// Predicts signal where `score > threshold` (Keras's `y_pred > 0.5`), then counts.
    pub fn at_threshold(
        labels: &[u8],
        scores: &[f64],
        weights: Option<&[f64]>,
        threshold: f64,
    ) -> Result<Self> {
        let predicted: Vec<u8> = scores.iter().map(|&s| u8::from(s > threshold)).collect();
        Self::from_predictions(labels, &predicted, weights)
    }

    /// Fraction of all (weighted) events classified correctly.
    pub fn accuracy(&self) -> f64 {
        let total =
            self.true_negative + self.false_positive + self.false_negative + self.true_positive;
        ratio(self.true_negative + self.true_positive, total)
    }

    /// TP / (TP + FP): of the events called signal, how many are. (Physicists' purity.)
    pub fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    /// TP / (TP + FN): of the signal, how much is found. (Physicists' signal efficiency, TPR.)
    pub fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }

    /// FP / (FP + TN): the background efficiency.
    pub fn false_positive_rate(&self) -> f64 {
        ratio(
            self.false_positive,
            self.false_positive + self.true_negative,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        ratio(2.0 * p * r, p + r)
    }

    /// The matrix [[TN, FP], [FN, TP]] with each row divided by its sum (`normalize="true"`).
    pub fn normalised_by_truth(&self) -> [[f64; 2]; 2] {
        let background = self.true_negative + self.false_positive;
        let signal = self.false_negative + self.true_positive;
        [
            [
                ratio(self.true_negative, background),
                ratio(self.false_positive, background),
            ],
            [
                ratio(self.false_negative, signal),
                ratio(self.true_positive, signal),
            ],
        ]
    }
}

/// One class's row of scikit-learn's `classification_report`: how well the events of that class
/// are found (recall) and how clean the events called that class are (precision).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassScores {
    /// Of the events predicted to be this class, the (weighted) fraction that are.
    pub precision: f64,
    /// Of the events of this class, the (weighted) fraction predicted to be.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 2pr / (p + r).
    pub f1: f64,
    /// Events (or their summed weights) of this class.
    pub support: f64,
}

impl ClassScores {
    fn of(hit: f64, called: f64, truth: f64) -> Self {
        let (precision, recall) = (ratio(hit, called), ratio(hit, truth));
        Self {
            precision,
            recall,
            f1: ratio(2.0 * precision * recall, precision + recall),
            support: truth,
        }
    }

    /// Each score averaged over `rows` with weights `w` (summing to 1); support is the total.
    fn averaged(rows: [&Self; 2], w: [f64; 2]) -> Self {
        let mix = |f: fn(&Self) -> f64| w[0] * f(rows[0]) + w[1] * f(rows[1]);
        Self {
            precision: mix(|r| r.precision),
            recall: mix(|r| r.recall),
            f1: mix(|r| r.f1),
            support: rows[0].support + rows[1].support,
        }
    }
}

/// scikit-learn's `classification_report(y, pred, target_names=["background", "signal"])`: a
/// row per class, the accuracy, and the two averages of the rows — plain (macro) and by support
/// (weighted). With event weights every count is a sum of weights, support included.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassificationReport {
    /// Label 0.
    pub background: ClassScores,
    /// Label 1.
    pub signal: ClassScores,
    /// (TP + TN) / all.
    pub accuracy: f64,
    /// The unweighted mean of the two rows.
    pub macro_avg: ClassScores,
    /// The rows' mean weighted by their support.
    pub weighted_avg: ClassScores,
}

impl Confusion {
    /// The classification report of these counts.
    pub fn report(&self) -> ClassificationReport {
        let background = ClassScores::of(
            self.true_negative,
            self.true_negative + self.false_negative,
            self.true_negative + self.false_positive,
        );
        let signal = ClassScores::of(
            self.true_positive,
            self.true_positive + self.false_positive,
            self.true_positive + self.false_negative,
        );
        let total = background.support + signal.support;
        let by_support = [
            ratio(background.support, total),
            ratio(signal.support, total),
        ];
        ClassificationReport {
            background,
            signal,
            accuracy: self.accuracy(),
            macro_avg: ClassScores::averaged([&background, &signal], [0.5, 0.5]),
            weighted_avg: ClassScores::averaged([&background, &signal], by_support),
        }
    }
}

/// Cumulative weighted true and false positives at each distinct score, highest score first
/// (scikit-learn's `_binary_clf_curve`).
struct Cumulative {
    thresholds: Vec<f64>,
    true_positives: Vec<f64>,
    false_positives: Vec<f64>,
}

fn cumulative(labels: &[u8], scores: &[f64], weights: Option<&[f64]>) -> Result<Cumulative> {
    check_lengths(labels, scores.len(), weights)?;
    if scores.iter().any(|s| !s.is_finite()) {
        return Err(Error::Model("a score is not a finite number".into()));
    }
    if u32::try_from(scores.len()).is_err() {
        return Err(Error::Model("too many events for a ROC curve".into()));
    }
    // Stable, highest first: equal scores keep their input order, as numpy's mergesort. The
    // flipped order key sorts as `total_cmp` reversed, by radix (10⁶ held-out scores: a few ms).
    let mut keyed: Vec<(u64, u32)> = (0..scores.len())
        .map(|i| (!crate::data::order::order_key(scores[i]), i as u32))
        .collect();
    crate::data::order::sort_stably_by_key(&mut keyed);
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i as usize).collect();
    let mut out = Cumulative {
        thresholds: Vec::new(),
        true_positives: Vec::new(),
        false_positives: Vec::new(),
    };
    let (mut tp, mut fp) = (0.0_f64, 0.0_f64);
    for (k, &i) in order.iter().enumerate() {
        let w = weight_at(weights, i);
        if labels[i] != 0 {
            tp += w;
        } else {
            fp += w;
        }
        // One point per distinct score: after the last event with this score.
        let last_of_value = order
            .get(k + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_value {
            out.thresholds.push(scores[i]);
            out.true_positives.push(tp);
            out.false_positives.push(fp);
        }
    }
    Ok(out)
}

/// A ROC curve: false and true positive rates as the threshold falls through every distinct score.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve {
    /// Background efficiency at each point, from 0.
    pub false_positive_rate: Vec<f64>,
    /// Signal efficiency at each point, from 0.
    pub true_positive_rate: Vec<f64>,
    /// Events with score ≥ threshold count as signal; the first is +∞ (nothing selected).
    pub thresholds: Vec<f64>,
}

/// The ROC curve of `scores` (higher = more signal-like), weighted; equal scores form one point,
/// so ties give a straight diagonal segment (scikit-learn's `roc_curve`, `drop_intermediate=False`).
pub fn roc_curve(labels: &[u8], scores: &[f64], weights: Option<&[f64]>) -> Result<RocCurve> {
    let c = cumulative(labels, scores, weights)?;
    let (tp_total, fp_total) = (
        c.true_positives.last().copied().unwrap_or(0.0),
        c.false_positives.last().copied().unwrap_or(0.0),
    );
    if tp_total <= 0.0 || fp_total <= 0.0 {
        return Err(Error::Model(
            "a ROC curve needs signal and background events with positive total weight".into(),
        ));
    }
    let mut roc = RocCurve {
        false_positive_rate: vec![0.0],
        true_positive_rate: vec![0.0],
        thresholds: vec![f64::INFINITY],
    };
    roc.false_positive_rate
        .extend(c.false_positives.iter().map(|f| f / fp_total));
    roc.true_positive_rate
        .extend(c.true_positives.iter().map(|t| t / tp_total));
    roc.thresholds.extend(c.thresholds);
    Ok(roc)
}

/// Area under a curve by the trapezoidal rule (x must be monotonic).
pub fn area_under(x: &[f64], y: &[f64]) -> f64 {
    x.windows(2)
        .zip(y.windows(2))
        .map(|(x, y)| (x[1] - x[0]) * (y[0] + y[1]) / 2.0)
        .sum::<f64>()
        .abs()
}

/// The area under the weighted ROC curve (scikit-learn's `roc_auc_score`).
pub fn roc_auc(labels: &[u8], scores: &[f64], weights: Option<&[f64]>) -> Result<f64> {
    let roc = roc_curve(labels, scores, weights)?;
    Ok(area_under(
        &roc.false_positive_rate,
        &roc.true_positive_rate,
    ))
}

/// Precision and recall for every threshold, lowest threshold first, ending with the point
/// (recall 0, precision 1) that has no threshold (scikit-learn's `precision_recall_curve`).
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionRecall {
    /// Precision (purity) at each threshold, then 1.
    pub precision: Vec<f64>,
    /// Recall (signal efficiency) at each threshold, then 0.
    pub recall: Vec<f64>,
    /// Events with score ≥ threshold count as signal; one fewer than the points.
    pub thresholds: Vec<f64>,
}

/// The weighted precision–recall curve of `scores`.
pub fn precision_recall_curve(
    labels: &[u8],
    scores: &[f64],
    weights: Option<&[f64]>,
) -> Result<PrecisionRecall> {
    let c = cumulative(labels, scores, weights)?;
    let tp_total = c.true_positives.last().copied().unwrap_or(0.0);
    if tp_total <= 0.0 {
        return Err(Error::Model(
            "a precision–recall curve needs signal events with positive total weight".into(),
        ));
    }
    let n = c.thresholds.len();
    let mut curve = PrecisionRecall {
        precision: Vec::with_capacity(n + 1),
        recall: Vec::with_capacity(n + 1),
        thresholds: Vec::with_capacity(n),
    };
    for k in (0..n).rev() {
        let (tp, fp) = (c.true_positives[k], c.false_positives[k]);
        curve.precision.push(ratio(tp, tp + fp));
        curve.recall.push(tp / tp_total);
        curve.thresholds.push(c.thresholds[k]);
    }
    curve.precision.push(1.0);
    curve.recall.push(0.0);
    Ok(curve)
}

/// Figures of merit for keeping events with `score > threshold`, one entry per threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdScan {
    /// The thresholds, as given.
    pub thresholds: Vec<f64>,
    /// Weighted signal fraction of the selected events, S / (S + B) (0 when nothing is selected).
    pub purity: Vec<f64>,
    /// Weighted fraction of all signal that is selected, S / S_total.
    pub efficiency: Vec<f64>,
    /// Fraction of all background that is selected, B / B_total.
    pub background_efficiency: Vec<f64>,
    /// Weighted signal selected, S (true positives).
    pub selected_signal: Vec<f64>,
    /// Weighted background selected, B (false positives).
    pub selected_background: Vec<f64>,
}

impl ThresholdScan {
    /// purity × efficiency at each threshold (the CMS exercise's figure of merit).
    pub fn purity_times_efficiency(&self) -> Vec<f64> {
        self.purity
            .iter()
            .zip(&self.efficiency)
            .map(|(p, e)| p * e)
            .collect()
    }

    /// The HSF lesson's AMS at each threshold, computed on efficiencies rather than event counts:
    /// AMS(TPR, FPR) = √(2((TPR + FPR + b_r)·ln(1 + TPR/(FPR + b_r)) − TPR)). `None` where undefined.
    pub fn ams_of_rates(&self, b_reg: f64) -> Vec<Option<f64>> {
        self.efficiency
            .iter()
            .zip(&self.background_efficiency)
            .map(|(&tpr, &fpr)| evaluate(Significance::Ams { b_reg }, tpr, fpr, 0.0).ok())
            .collect()
    }

    /// The HiggsML challenge's AMS at each threshold, on expected events: s and b are the
    /// weighted signal and background selected, × `scale` (1/the held-out fraction, so that they
    /// are the whole sample's yields), AMS = √(2((s + b + b_r)·ln(1 + s/(b + b_r)) − s)).
    /// `None` where undefined.
    pub fn ams_of_yields(&self, b_reg: f64, scale: f64) -> Vec<Option<f64>> {
        self.selected_signal
            .iter()
            .zip(&self.selected_background)
            .map(|(&s, &b)| evaluate(Significance::Ams { b_reg }, s * scale, b * scale, 0.0).ok())
            .collect()
    }
}

/// Purity and efficiencies of `score > t` for every `t` in `thresholds`.
pub fn scan_thresholds(
    labels: &[u8],
    scores: &[f64],
    weights: Option<&[f64]>,
    thresholds: &[f64],
) -> Result<ThresholdScan> {
    check_lengths(labels, scores.len(), weights)?;
    let (mut s_total, mut b_total) = (0.0, 0.0);
    for (i, &y) in labels.iter().enumerate() {
        if y != 0 {
            s_total += weight_at(weights, i);
        } else {
            b_total += weight_at(weights, i);
        }
    }
    // Each event's weight goes to the bucket of the thresholds it passes: with the thresholds
    // in increasing order, an event passes the first k, those below its score (s > t). A
    // threshold's selection is then the sum of the buckets past it: one pass over the events
    // (a binary search each), not one per threshold (10⁶ events × 100 thresholds froze the page).
    // A NaN threshold is passed by no score, as +∞.
    let at = |i: usize| {
        if thresholds[i].is_nan() {
            f64::INFINITY
        } else {
            thresholds[i]
        }
    };
    let mut order: Vec<usize> = (0..thresholds.len()).collect();
    order.sort_by(|&a, &b| at(a).total_cmp(&at(b)));
    let sorted: Vec<f64> = order.iter().map(|&i| at(i)).collect();
    let mut signal = vec![0.0; sorted.len() + 1];
    let mut background = vec![0.0; sorted.len() + 1];
    for (i, (&y, &score)) in labels.iter().zip(scores).enumerate() {
        // A NaN score passes none.
        let passed = sorted.partition_point(|&t| t < score);
        let bucket = if y != 0 { &mut signal } else { &mut background };
        bucket[passed] += weight_at(weights, i);
    }
    let (mut selected_s, mut selected_b) = (vec![0.0; sorted.len()], vec![0.0; sorted.len()]);
    let (mut s, mut b) = (0.0, 0.0);
    for j in (0..sorted.len()).rev() {
        s += signal[j + 1];
        b += background[j + 1];
        selected_s[order[j]] = s;
        selected_b[order[j]] = b;
    }
    Ok(ThresholdScan {
        thresholds: thresholds.to_vec(),
        purity: selected_s
            .iter()
            .zip(&selected_b)
            .map(|(&s, &b)| ratio(s, s + b))
            .collect(),
        efficiency: selected_s.iter().map(|&s| ratio(s, s_total)).collect(),
        background_efficiency: selected_b.iter().map(|&b| ratio(b, b_total)).collect(),
        selected_signal: selected_s,
        selected_background: selected_b,
    })
}

#[cfg(test)]
mod tests;
