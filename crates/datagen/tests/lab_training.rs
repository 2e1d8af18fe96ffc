//! The Lab's training on the shipped atlas-dm data, natively: the numbers the browser test
//! (tests/e2e/lab-train.test.mjs) must show for the same settings. Trees and forests give
//! bit-identical predictions natively and in wasm (crates/bench-web/tests/reproducible.rs), so
//! the forest's AUC and confusion matrix must match to the printed digits.

mod common;

use fivesigma_engine::analysis::{CutDirection, ScanSettings, Significance, Thresholds};
use fivesigma_engine::ml::evaluation::{Evaluation, NOTEBOOK_OUTPUT_THRESHOLDS, ScanEvents};
use fivesigma_engine::ml::{
    Confusion, MissingValues, Scaling, TrainingData, TrainingSetup, Weighting, preset_spec,
};

/// The Lab's defaults: the catalog's inputs, a quarter for testing, StandardScaler, balanced
/// weights, seed 42, and the preset's model.
fn evaluate(preset: &str) -> Evaluation {
    let dataset = common::generated_dataset("atlas-dm").active();
    let inputs = dataset.catalog.inputs.clone();
    let setup = TrainingSetup {
        spec: preset_spec(preset, inputs.len()).expect("preset"),
        inputs,
        test_fraction: 0.25,
        validation_fraction: 0.0,
        scaling: Scaling::Standard,
        weighting: Weighting::Balanced,
        seed: 42,
        missing: fivesigma_engine::ml::MissingValues::Drop,
    };
    let data = TrainingData::from_dataset(&dataset, &setup.inputs, &[], MissingValues::Drop)
        .expect("training data");
    let trained = setup.train(&data).expect("trained");
    Evaluation::new(&data, &trained).expect("evaluation")
}

#[test]
fn the_hsf_forest_preset_gives_the_numbers_the_browser_shows() {
    let e = evaluate("hsf-forest");
    let c = |t: f64| {
        Confusion::at_threshold(&e.test.labels, &e.test.scores, Some(&e.test.weights), t)
            .expect("confusion")
    };
    let (half, high) = (c(0.5), c(0.7));
    eprintln!(
        "forest: test AUC {:.6}, train AUC {:.6}; at 0.5 TP {:.6} FP {:.6}; at 0.7 TP {:.6} FP {:.6}",
        e.test_auc,
        e.train_auc,
        half.true_positive,
        half.false_positive,
        high.true_positive,
        high.false_positive
    );
    // Recorded from this test; tests/e2e/lab-train.test.mjs checks the page shows the same.
    assert!(
        (e.test_auc - FOREST_TEST_AUC).abs() < 5e-5,
        "{}",
        e.test_auc
    );
    assert!((half.true_positive - FOREST_TP_05).abs() < 1e-4 * FOREST_TP_05);
    assert!((high.false_positive - FOREST_FP_07).abs() < 1e-4 * FOREST_FP_07.max(1e-9));
    // Task 13's scan on the forest's output: every event, the notebook's thresholds, S/√B.
    let settings = ScanSettings {
        measure: Significance::SOverSqrtB,
        direction: CutDirection::Above,
        thresholds: Thresholds::List(NOTEBOOK_OUTPUT_THRESHOLDS.to_vec()),
        min_background: 0.0,
    };
    let scan = e.output_scan(ScanEvents::All, 0.25, &settings);
    let best = scan.best_point().expect("a defined point");
    eprintln!(
        "forest output scan: best {:?} at {}",
        best.value, best.threshold
    );
    assert!((best.value.expect("defined") - FOREST_SCAN_BEST).abs() < 1e-5);
    assert!((best.threshold - FOREST_SCAN_AT).abs() < 1e-12);
    // A real separation, and a forest of depth 8 knows its training events better.
    assert!(e.test_auc > 0.75 && e.train_auc > e.test_auc);
}

#[test]
fn the_hsf_network_preset_learns_something() {
    let e = evaluate("hsf-mlp");
    eprintln!("network: test AUC {:.6}", e.test_auc);
    assert!((e.test_auc - MLP_TEST_AUC).abs() < 5e-4, "{}", e.test_auc);
    assert!(e.test_auc > 0.7);
}

const FOREST_TEST_AUC: f64 = 0.838795;
const FOREST_TP_05: f64 = 4.856870;
const FOREST_FP_07: f64 = 3.963487;
const MLP_TEST_AUC: f64 = 0.829364;
const FOREST_SCAN_BEST: f64 = 4.397983;
const FOREST_SCAN_AT: f64 = 0.5;

/// The HSF lesson's last step: the forest trained on simulation, applied to the pseudo-data. Every
/// data event gets a score, and since the data are mostly background their mean score sits near
/// the background's, far below the signal's.
#[test]
fn a_model_applies_to_the_data_sample() {
    use fivesigma_engine::ml::evaluation::apply_to_data;
    let dataset = common::generated_dataset("atlas-hzz4l");
    let inputs = dataset.catalog.inputs.clone();
    assert_eq!(inputs, ["lep_pt_1", "lep_pt_2"]);
    let setup = TrainingSetup {
        spec: preset_spec("hsf-forest", inputs.len()).expect("preset"),
        inputs,
        test_fraction: 0.25,
        validation_fraction: 0.0,
        scaling: Scaling::None,
        weighting: Weighting::Balanced,
        seed: 42,
        missing: MissingValues::Drop,
    };
    let data = TrainingData::from_dataset(&dataset, &setup.inputs, &[], MissingValues::Drop)
        .expect("training data");
    let trained = setup.train(&data).expect("trained");
    let scores = apply_to_data(&dataset, &trained, &setup.inputs, &[])
        .expect("applied")
        .expect("the dataset has data");
    let n_data = dataset.sample("data").expect("data").table.n_rows();
    assert_eq!(scores.len(), n_data);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let e = Evaluation::new(&data, &trained).expect("evaluation");
    let (signal, background) = (e.all().class_scores(1), e.all().class_scores(0));
    eprintln!(
        "mean score: data {:.3}, background {:.3}, signal {:.3}",
        mean(&scores),
        mean(&background),
        mean(&signal)
    );
    assert!((mean(&scores) - mean(&background)).abs() < 0.5 * (mean(&signal) - mean(&background)));
    // A dataset without data says so.
    let dm = common::generated_dataset("atlas-dm");
    assert_eq!(
        apply_to_data(&dm, &trained, &["lead_lep_pt".into()], &[]).expect("ok"),
        None
    );
}
