//! Reference values from scikit-learn 1.5.2 (numpy 2), produced once with:
//!
//! ```python
//! y = np.array([0,0,1,1,0,1,1,0,1,0,1,0])
//! s = np.array([0.1,0.4,0.35,0.8,0.4,0.9,0.4,0.2,0.65,0.7,0.65,0.05])
//! w = np.array([1.0,2.0,0.5,1.5,1.0,1.0,2.0,0.5,1.0,3.0,0.25,1.0])
//! roc_curve(y, s, sample_weight=w, drop_intermediate=False)
//! roc_auc_score(y, s, sample_weight=w); roc_auc_score(y, s)
//! precision_recall_curve(y, s, sample_weight=w)
//! pred = (s > 0.5).astype(int)
//! confusion_matrix(y, pred, sample_weight=w), confusion_matrix(..., normalize="true")
//! classification_report(y, pred, target_names=["background", "signal"], output_dict=True)
//! classification_report(..., sample_weight=w, output_dict=True)
//! accuracy_score / precision_score / recall_score / f1_score(y, pred, sample_weight=w)
//! ```
//!
//! The scores include ties (0.4 three times, 0.65 twice), one of them across the classes.

use super::*;

const Y: [u8; 12] = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
const S: [f64; 12] = [
    0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.4, 0.2, 0.65, 0.7, 0.65, 0.05,
];
const W: [f64; 12] = [1.0, 2.0, 0.5, 1.5, 1.0, 1.0, 2.0, 0.5, 1.0, 3.0, 0.25, 1.0];

fn assert_close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() < 1e-12 || (x.is_infinite() && x == y),
            "{a:?} vs {b:?}"
        );
    }
}

#[test]
fn weighted_roc_curve_and_auc_match_scikit_learn() {
    let roc = roc_curve(&Y, &S, Some(&W)).expect("roc");
    assert_close(
        &roc.false_positive_rate,
        &[
            0.0,
            0.0,
            0.0,
            0.35294117647058826,
            0.35294117647058826,
            0.7058823529411765,
            0.7058823529411765,
            0.7647058823529411,
            0.8823529411764706,
            1.0,
        ],
    );
    assert_close(
        &roc.true_positive_rate,
        &[0.0, 0.16, 0.4, 0.4, 0.6, 0.92, 1.0, 1.0, 1.0, 1.0],
    );
    assert_close(
        &roc.thresholds,
        &[
            f64::INFINITY,
            0.9,
            0.8,
            0.7,
            0.65,
            0.4,
            0.35,
            0.2,
            0.1,
            0.05,
        ],
    );
    let auc = roc_auc(&Y, &S, Some(&W)).expect("auc");
    assert!((auc - 0.7035294117647058).abs() < 1e-12, "{auc}");
    let unweighted = roc_auc(&Y, &S, None).expect("auc");
    assert!(
        (unweighted - 0.8055555555555556).abs() < 1e-12,
        "{unweighted}"
    );
}

#[test]
fn precision_recall_curve_matches_scikit_learn() {
    let pr = precision_recall_curve(&Y, &S, Some(&W)).expect("pr");
    assert_close(
        &pr.precision,
        &[
            0.423728813559322,
            0.45454545454545453,
            0.49019607843137253,
            0.5102040816326531,
            0.48936170212765956,
            0.5555555555555556,
            0.45454545454545453,
            1.0,
            1.0,
            1.0,
        ],
    );
    assert_close(
        &pr.recall,
        &[1.0, 1.0, 1.0, 1.0, 0.92, 0.6, 0.4, 0.4, 0.16, 0.0],
    );
    assert_close(
        &pr.thresholds,
        &[0.05, 0.1, 0.2, 0.35, 0.4, 0.65, 0.7, 0.8, 0.9],
    );
}

#[test]
fn confusion_matrix_and_rates_match_scikit_learn() {
    let c = Confusion::at_threshold(&Y, &S, Some(&W), 0.5).expect("confusion");
    assert_eq!(
        [
            c.true_negative,
            c.false_positive,
            c.false_negative,
            c.true_positive
        ],
        [5.5, 3.0, 2.5, 3.75]
    );
    let n = c.normalised_by_truth();
    assert_close(&n[0], &[0.6470588235294118, 0.35294117647058826]);
    assert_close(&n[1], &[0.4, 0.6]);
    assert!((c.accuracy() - 0.6271186440677966).abs() < 1e-12);
    assert!((c.precision() - 0.5555555555555556).abs() < 1e-12);
    assert!((c.recall() - 0.6).abs() < 1e-12);
    assert!((c.f1() - 0.5769230769230769).abs() < 1e-12);
}

#[test]
fn threshold_scans_give_purity_efficiency_and_ams() {
    let scan = scan_thresholds(&Y, &S, Some(&W), &[0.5, 1.0]).expect("scan");
    // > 0.5: S = 1.5 + 1 + 1 + 0.25 = 3.75 of 6.25, B = 3 of 8.5.
    assert_close(&scan.purity, &[3.75 / 6.75, 0.0]);
    assert_close(&scan.efficiency, &[0.6, 0.0]);
    assert_close(&scan.background_efficiency, &[3.0 / 8.5, 0.0]);
    assert_close(&scan.purity_times_efficiency(), &[3.75 / 6.75 * 0.6, 0.0]);
    // √(2((0.6 + 0.352941… + 0.001)·ln(1 + 0.6/0.353941…) − 0.6)), evaluated with Python's math.
    let ams = scan.ams_of_rates(0.001);
    assert!((ams[0].expect("defined") - 0.8316312618560653).abs() < 1e-12);
    // The challenge's AMS on yields, a held-out third scaled up ×3: s = 11.25, b = 9, b_r = 10:
    // √(2((11.25 + 9 + 10)·ln(1 + 11.25/19) − 11.25)), evaluated with Python's math.
    assert_close(&scan.selected_signal, &[3.75, 0.0]);
    assert_close(&scan.selected_background, &[3.0, 0.0]);
    let ams = scan.ams_of_yields(10.0, 3.0);
    assert!((ams[0].expect("defined") - 2.374017885627614).abs() < 1e-12);
    assert_eq!(ams[1], Some(0.0), "nothing selected: no significance");
}

#[test]
fn unusable_inputs_are_errors_not_panics() {
    assert!(
        roc_curve(&[1, 1], &[0.2, 0.3], None).is_err(),
        "no background"
    );
    assert!(roc_curve(&[1, 0], &[0.2], None).is_err(), "lengths differ");
    assert!(
        roc_curve(&[1, 0], &[0.2, f64::NAN], None).is_err(),
        "NaN score"
    );
    assert!(precision_recall_curve(&[0, 0], &[0.2, 0.3], None).is_err());
    let empty = Confusion::from_predictions(&[], &[], None).expect("empty is fine");
    assert_eq!((empty.accuracy(), empty.f1()), (0.0, 0.0));
}

/// One row of a report against scikit-learn's (precision, recall, F1, support).
fn assert_row(row: &ClassScores, expected: [f64; 4]) {
    assert_close(&[row.precision, row.recall, row.f1, row.support], &expected);
}

#[test]
fn classification_report_matches_scikit_learn_with_and_without_weights() {
    let predicted: Vec<u8> = S.iter().map(|&s| u8::from(s > 0.5)).collect();
    let counted = Confusion::from_predictions(&Y, &predicted, None)
        .expect("counts")
        .report();
    assert_row(
        &counted.background,
        [5.0 / 7.0, 5.0 / 6.0, 10.0 / 13.0, 6.0],
    );
    assert_row(&counted.signal, [0.8, 4.0 / 6.0, 8.0 / 11.0, 6.0]);
    assert_close(&[counted.accuracy], &[0.75]);
    let macro_f1 = (10.0 / 13.0 + 8.0 / 11.0) / 2.0;
    assert_row(
        &counted.macro_avg,
        [0.757142857142857, 0.75, macro_f1, 12.0],
    );
    // Equal supports: the weighted average is the macro one.
    assert_row(
        &counted.weighted_avg,
        [0.757142857142857, 0.75, macro_f1, 12.0],
    );

    let weighted = Confusion::from_predictions(&Y, &predicted, Some(&W))
        .expect("weighted counts")
        .report();
    assert_row(
        &weighted.background,
        [0.6875, 0.6470588235294118, 0.6666666666666666, 8.5],
    );
    assert_row(
        &weighted.signal,
        [0.5555555555555556, 0.6, 0.5769230769230769, 6.25],
    );
    assert_close(&[weighted.accuracy], &[0.6271186440677966]);
    assert_row(
        &weighted.macro_avg,
        [
            0.6215277777777778,
            0.6235294117647059,
            0.6217948717948718,
            14.75,
        ],
    );
    assert_row(
        &weighted.weighted_avg,
        [
            0.6315913370998116,
            0.6271186440677966,
            0.6286397218600608,
            14.75,
        ],
    );
}

#[test]
fn a_threshold_scan_sums_what_a_confusion_matrix_per_threshold_sums() {
    // 20 000 events with scores on a coarse grid (many equal to a threshold, which they do not
    // pass), NaN scores, weights of both signs; thresholds unordered, repeated, NaN and outside
    // [0, 1]: every count within 1e-9 of the confusion matrix at that threshold.
    let mut next = crate::data::fixture::uniform(3);
    let n = 20_000;
    let labels: Vec<u8> = (0..n).map(|_| u8::from(next() < 0.4)).collect();
    let scores: Vec<f64> = (0..n)
        .map(|i| {
            if i % 997 == 0 {
                f64::NAN
            } else {
                (next() * 50.0).round() / 50.0
            }
        })
        .collect();
    let weights: Vec<f64> = (0..n).map(|_| next() * 2.0 - 0.3).collect();
    let thresholds = [
        0.5,
        0.1,
        0.9,
        0.5,
        f64::NAN,
        -1.0,
        2.0,
        0.0,
        1.0,
        -f64::NAN,
        0.34,
        0.7,
    ];
    for weights in [None, Some(&weights[..])] {
        let scan = scan_thresholds(&labels, &scores, weights, &thresholds).expect("scan");
        for (j, &t) in thresholds.iter().enumerate() {
            let c = Confusion::at_threshold(&labels, &scores, weights, t).expect("confusion");
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
            assert!(close(scan.selected_signal[j], c.true_positive), "t = {t}");
            assert!(
                close(scan.selected_background[j], c.false_positive),
                "t = {t}"
            );
            assert!(close(scan.purity[j], c.precision()), "t = {t}");
        }
    }
}

/// The radix order the curves take is `total_cmp` reversed with ties in input order: the same
/// cumulative points, bit for bit, as the stable comparison sort it replaced, on 20 000 scores
/// with heavy ties (a hundred values), ±0 and both classes on equal scores.
#[test]
fn the_radix_order_gives_the_comparison_sorts_points() {
    let mut next = crate::data::fixture::uniform(11);
    let n = 20_000;
    let scores: Vec<f64> = (0..n)
        .map(|i| match i % 50 {
            0 => 0.0,
            1 => -0.0,
            _ => (next() * 100.0).floor() / 100.0,
        })
        .collect();
    let labels: Vec<u8> = (0..n).map(|_| u8::from(next() < 0.4)).collect();
    let weights: Vec<f64> = (0..n).map(|_| next() * 2.0 - 0.2).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tp, mut fp, mut expected) = (0.0, 0.0, (Vec::new(), Vec::new(), Vec::new()));
    for (k, &i) in order.iter().enumerate() {
        if labels[i] != 0 {
            tp += weights[i];
        } else {
            fp += weights[i];
        }
        if order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]) {
            expected.0.push(scores[i].to_bits());
            expected.1.push(tp);
            expected.2.push(fp);
        }
    }
    let c = cumulative(&labels, &scores, Some(&weights)).expect("cumulative");
    let thresholds: Vec<u64> = c.thresholds.iter().map(|t| t.to_bits()).collect();
    assert_eq!(thresholds, expected.0);
    assert_eq!(c.true_positives, expected.1);
    assert_eq!(c.false_positives, expected.2);
    assert!(thresholds.len() < 110, "ties form one point each");
}
