//! The dark-matter lesson's story must hold on our generated data as on the official files: with
//! the notebook's own thresholds, no single cut reaches "evidence" (every best S/√B below 3); the
//! best cuts rank ETmiss > lead_lep_pt > sublead_lep_pt, at the thresholds where the official
//! files put them (> 150, > 100, > 60 GeV), each S/√B within 10 % of the official value.

mod common;

use fivesigma_engine::analysis::{CutDirection, ScanSettings, Significance, Thresholds};
use fivesigma_engine::data::Dataset;

fn generated_dataset() -> Dataset {
    // The lesson's analysis: the four backgrounds and the one active signal, DM_300.
    common::generated_dataset("atlas-dm").active()
}

#[test]
fn single_cuts_rank_and_peak_as_on_the_official_files_without_reaching_evidence() {
    let dataset = generated_dataset();
    let signals: Vec<&str> = dataset
        .samples
        .iter()
        .filter(|s| s.spec.role.label() == "signal")
        .map(|s| s.spec.name.as_str())
        .collect();
    assert_eq!(signals, ["DM_300"]);
    // The notebook's threshold lists, as the catalog ships them.
    let scans: Vec<(String, Vec<f64>)> = dataset
        .catalog
        .variables
        .iter()
        .filter_map(|v| Some((v.name.clone(), v.thresholds.clone()?)))
        .collect();
    let names: Vec<&str> = scans.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "lead_lep_pt",
            "sublead_lep_pt",
            "ETmiss",
            "dphi_pTll_ETmiss",
            "ETmiss_over_HT"
        ]
    );
    // What the notebook's pandas code gives on the official files (../shared/data README):
    // the best S/√B and where it is reached.
    let official = [
        ("ETmiss", 2.581, 150.0),
        ("lead_lep_pt", 2.531, 100.0),
        ("sublead_lep_pt", 2.017, 60.0),
    ];
    let mut best_overall = 0.0_f64;
    let mut ours = Vec::new();
    for (variable, thresholds) in &scans {
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(thresholds.clone()),
            min_background: 0.0,
        };
        let scan = dataset.scan(variable, &[], &settings).expect("scan");
        let best = scan.best_point().expect("defined optimum");
        let value = best.value.expect("defined");
        eprintln!(
            "{variable:<18} best S/√B = {value:.3} at > {}",
            best.threshold
        );
        best_overall = best_overall.max(value);
        if let Some(&(_, want, at)) = official.iter().find(|(v, ..)| v == variable) {
            assert_eq!(
                best.threshold, at,
                "{variable}: best cut at {}",
                best.threshold
            );
            assert!(
                (value - want).abs() <= 0.1 * want,
                "{variable}: best S/√B {value:.3}, official {want}"
            );
            ours.push((variable.as_str(), value));
        }
    }
    // Ranked as the official files rank them: ETmiss, then lead_lep_pt, then sublead_lep_pt.
    ours.sort_by(|a, b| b.1.total_cmp(&a.1));
    let ranking: Vec<&str> = ours.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        ranking,
        ["ETmiss", "lead_lep_pt", "sublead_lep_pt"],
        "{ours:?}"
    );
    assert!(
        (1.5..3.0).contains(&best_overall),
        "best single-variable S/√B is {best_overall:.3}"
    );
}

/// Task 13's punchline: an MLP with scikit-learn's default settings on the notebook's seven
/// inputs (trained on a random 75 %, standardised on it, applied to every event) reaches a higher
/// best S/√B over the notebook's output thresholds than any single variable (seeds 0–3 gave
/// 3.51–3.58 against 2.79).
#[test]
fn the_network_output_beats_every_single_variable() {
    use fivesigma_engine::analysis::{CumulativeWeights, scan};
    use fivesigma_engine::ml::{
        MissingValues, MlpParams, Order, Scaler, Scaling, SplitSpec, TrainingData, mlp,
        normalise_per_class, split,
    };
    let dataset = generated_dataset();
    // The catalog's default inputs are the notebook's seven.
    let inputs = dataset.catalog.inputs.clone();
    assert_eq!(inputs.len(), 7);
    let data = TrainingData::from_dataset(&dataset, &inputs, &[], MissingValues::Drop)
        .expect("training data");
    // train_test_split's default: a quarter for testing.
    let parts = split(
        &data.labels,
        &SplitSpec {
            validation: 0.0,
            test: 0.25,
            order: Order::Shuffled { seed: 1 },
            stratify: false,
        },
    )
    .expect("split");
    let train = data.select(&parts.train);
    let scaler = Scaler::fit(Scaling::Standard, &train.features)
        .expect("scaler")
        .expect("a scaler");
    let x_train = scaler.transform(&train.features).expect("x_train");
    // The notebook fits MLPClassifier() without weights.
    // Weighted as the CMS exercise does (each class sums to the same), scaled so the mean weight
    // is 1 and scikit-learn's stopping tolerance keeps its meaning. Unweighted, the rare signal
    // (2 % of events) barely moves the output above 0.1; the real files behave the same way
    // (sklearn: best 2.1–2.7 over three seeds).
    let half = train.labels.len() as f64 / 2.0;
    let weights: Vec<f64> = normalise_per_class(&train.labels, &train.weights)
        .expect("class weights")
        .iter()
        .map(|w| w * half)
        .collect();
    let net = mlp::train_blocking(
        &x_train,
        &train.labels,
        Some(&weights),
        &MlpParams::default(),
        &mut |_| true,
    )
    .expect("training");
    let x_all = scaler.transform(&data.features).expect("x");
    let output = net.predict_proba(&x_all).expect("NN_output");
    let pick = |label: u8| -> (Vec<f64>, Vec<f64>) {
        (0..output.len())
            .filter(|&i| data.labels[i] == label)
            .map(|i| (output[i], data.weights[i]))
            .unzip()
    };
    let (s_out, s_w) = pick(1);
    let (b_out, b_w) = pick(0);
    let settings = ScanSettings {
        measure: Significance::SOverSqrtB,
        direction: CutDirection::Above,
        thresholds: Thresholds::List(vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
        min_background: 0.0,
    };
    let nn = scan(
        &CumulativeWeights::new(&s_out, Some(&s_w)),
        &CumulativeWeights::new(&b_out, Some(&b_w)),
        &settings,
    );
    let nn_best = nn.best_point().and_then(|p| p.value.ok()).expect("defined");
    let single_best = dataset
        .catalog
        .variables
        .iter()
        .filter_map(|v| {
            let settings = ScanSettings {
                thresholds: Thresholds::List(v.thresholds.clone()?),
                ..settings.clone()
            };
            dataset
                .scan(&v.name, &[], &settings)
                .ok()?
                .best_point()?
                .value
                .ok()
        })
        .fold(0.0_f64, f64::max);
    eprintln!(
        "NN_output best S/√B = {nn_best:.3} ({} epochs); best single variable {single_best:.3}",
        net.history.len()
    );
    assert!(nn_best > single_best, "{nn_best} ≤ {single_best}");
}
