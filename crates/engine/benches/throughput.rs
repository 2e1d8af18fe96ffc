//! Throughput benchmarks (run with `cargo bench -p fivesigma-engine`; not part of the tests):
//! CSV parsing in MB/s on a 10⁶-row file generated here, and a full-resolution significance scan
//! over 10⁶ weighted events. Prints a table; nothing is asserted.

#![allow(clippy::print_stdout, missing_docs)]
// A native benchmark measures wall-clock time; it never runs in the browser.
#![allow(clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::Instant;

use fivesigma_engine::analysis::{
    CumulativeWeights, CutDirection, ScanSettings, Significance, Thresholds, scan,
};
use fivesigma_engine::data::{CsvOptions, read_csv};

/// A tiny deterministic generator (64-bit LCG), so every run parses the same bytes.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dm_like_csv(rows: usize) -> Vec<u8> {
    let mut rng = Lcg(42);
    let mut out = String::with_capacity(rows * 120);
    out.push_str("totalWeight,sum_lep_charge,lead_lep_pt,sublead_lep_pt,mll,ETmiss,dRll,dphi_pTll_ETmiss,fractional_pT_difference,ETmiss_over_HT,N_bjets\n");
    for _ in 0..rows {
        let pt1 = 25.0 - 60.0 * (1.0 - rng.next()).ln();
        let pt2 = 20.0 + (pt1 - 20.0) * rng.next();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            0.1 * rng.next() - 0.01,
            0,
            pt1,
            pt2,
            91.19 + 3.0 * (rng.next() - 0.5),
            80.0 - 70.0 * (1.0 - rng.next()).ln(),
            3.0 * rng.next(),
            std::f64::consts::PI * rng.next(),
            (pt1 - pt2) / pt1,
            rng.next() * 1.5,
            (rng.next() * 3.0) as u32
        ));
    }
    out.into_bytes()
}

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
    let rows = 1_000_000;
    let csv = dm_like_csv(rows);
    let mb = csv.len() as f64 / 1e6;
    let parse_s = best_of(3, || {
        read_csv(csv.as_slice(), &CsvOptions::default(), |_| {}).expect("parses")
    });

    let mut rng = Lcg(7);
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
