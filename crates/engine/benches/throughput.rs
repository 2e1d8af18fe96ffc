//! Throughput benchmarks (run with `cargo bench -p fivesigma-engine`; not part of the tests):
//! CSV parsing in MB/s on a 10⁶-row file generated here, and a full-resolution significance scan
//! over 10⁶ weighted events. Prints a table; nothing is asserted.

#![allow(clippy::print_stdout, missing_docs)]
// A native benchmark measures wall-clock time; it never runs in the browser.
#![allow(clippy::disallowed_methods)]

#[allow(dead_code)]
mod common;

use std::hint::black_box;
use std::time::Instant;

use fivesigma_engine::analysis::{
    CumulativeWeights, CutDirection, ScanSettings, Significance, Thresholds, scan,
};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let rows = common::PARSE_ROWS;
    let csv = common::parse_csv(rows);
    let mb = csv.len() as f64 / 1e6;
    // The same bytes for pandas (scripts/bench-sklearn.py) and the browser page.
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    if std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("parse-1m.csv"), &csv))
        .is_err()
    {
        println!("could not write {}", dir.display());
    }
    let start = Instant::now();
    let now_s = move || start.elapsed().as_secs_f64();
    let (parse_s, _) = common::time_parse(&csv, 3, &now_s);

    let mut rng = common::Lcg(7);
    let n = 500_000;
    let sig: Vec<f64> = (0..n).map(|_| 100.0 * rng.next() + 50.0).collect();
    let bkg: Vec<f64> = (0..n).map(|_| -60.0 * (1.0 - rng.next()).ln()).collect();
    let sig_w: Vec<f64> = (0..n).map(|_| 0.01 * rng.next()).collect();
    let bkg_w: Vec<f64> = (0..n).map(|_| 0.1 * rng.next() - 0.005).collect();
    let settings = ScanSettings {
        measure: Significance::SOverSqrtB,
        direction: CutDirection::Above,
        thresholds: Thresholds::EveryValue,
        min_background: 0.0,
    };
    let mut points = 0;
    let scan_s = best_of(3, || {
        let s = CumulativeWeights::new(&sig, Some(&sig_w));
        let b = CumulativeWeights::new(&bkg, Some(&bkg_w));
        let result = scan(&s, &b, &settings);
        points = result.points.len();
        result
    });

    println!("{:<52} {:>12} {:>12}", "benchmark", "time", "rate");
    println!(
        "{:<52} {:>10.1}ms {:>9.1}MB/s",
        format!("CSV parse, {rows} rows × 11 columns ({mb:.1} MB)"),
        parse_s * 1e3,
        mb / parse_s
    );
    println!(
        "{:<52} {:>10.1}ms {:>8.1}Mev/s",
        format!("full-resolution S/√B scan, 10⁶ events ({points} cuts)"),
        scan_s * 1e3,
        1.0 / scan_s
    );
}
