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
    let mut best_overall = 0.0_f64;
    for (variable, thresholds) in &scans {
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(thresholds.clone()),
            min_background: 0.0,
        };
        let scan = dataset.scan(variable, &[], &settings).expect("scan");
        let variable = variable.as_str();
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
