//! The dark-matter lesson's story must hold on our generated data: with the notebook's own
//! thresholds, no single cut reaches "evidence" (best S/√B between 1.5 and 3), and the best
//! lead_lep_pt cut lies between 75 and 150 GeV.

mod common;

use fivesigma_engine::analysis::{CutDirection, ScanSettings, Significance, Thresholds};
use fivesigma_engine::data::Dataset;

fn generated_dataset() -> Dataset {
    // The lesson's analysis: the four backgrounds and the one active signal, DM_300.
    common::generated_dataset("atlas-dm").active()
}

#[test]
fn single_cuts_do_not_reach_evidence_and_lead_lep_pt_peaks_in_range() {
    let dataset = generated_dataset();
    let signals: Vec<&str> = dataset
        .samples
        .iter()
        .filter(|s| s.spec.role.label() == "signal")
        .map(|s| s.spec.name.as_str())
        .collect();
    assert_eq!(signals, ["DM_300"]);
    let scans: [(&str, &[f64]); 5] = [
        (
            "lead_lep_pt",
            &[25.0, 50.0, 75.0, 100.0, 125.0, 150.0, 175.0, 200.0],
        ),
        (
            "sublead_lep_pt",
            &[
                15.0, 30.0, 45.0, 60.0, 75.0, 90.0, 105.0, 120.0, 135.0, 150.0,
            ],
        ),
        (
            "ETmiss",
            &[
                100.0, 150.0, 200.0, 250.0, 300.0, 350.0, 400.0, 450.0, 500.0,
            ],
        ),
        ("ETmiss_over_HT", &[0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]),
        (
            "dphi_pTll_ETmiss",
            &[2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0],
        ),
    ];
    let mut best_overall = 0.0_f64;
    for (variable, thresholds) in scans {
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(thresholds.to_vec()),
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
        if variable == "lead_lep_pt" {
            assert!(
                (75.0..=150.0).contains(&best.threshold),
                "lead_lep_pt optimum at {}",
                best.threshold
            );
        }
    }
    assert!(
        (1.5..3.0).contains(&best_overall),
        "best single-variable S/√B is {best_overall:.3}"
    );
}
