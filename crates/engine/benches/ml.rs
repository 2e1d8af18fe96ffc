//! Model benchmarks (run with `cargo bench -p fivesigma-engine --bench ml`; not part of the tests).
//!
//! Writes the bench data — 100 000 weighted events, 8 inputs, generated deterministically — to
//! `target/bench-data/ml-100k.csv` (so `scripts/bench-sklearn.py` times scikit-learn on the very
//! same file), reads it back through the engine, splits it 75 / 25 in file order, and times
//! training and prediction of the tutorials' models. Prints a table; nothing is asserted.

#![allow(clippy::print_stdout, missing_docs)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use fivesigma_engine::data::{CsvOptions, read_csv};
use fivesigma_engine::ml::{
    Boosting, BoostingParams, Features, Forest, ForestParams, LogisticParams, LogisticRegression,
    roc_auc,
};

const EVENTS: usize = 100_000;
const TRAIN: usize = 75_000;

/// s ← s·6364136223846793005 + 1442695040888963407 (mod 2⁶⁴); u = (s >> 11) / 2⁵³.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// Eight inputs with linear, quadratic, interaction and oscillating parts in the truth; the
/// signal is a rare, over-generated process (weight 0.01), the background weighted 1 + x5.
fn bench_csv() -> String {
    let mut rng = Lcg(2026);
    let mut out = String::with_capacity(EVENTS * 160);
    out.push_str("x0,x1,x2,x3,x4,x5,x6,x7,label,weight\n");
    for _ in 0..EVENTS {
        let x: Vec<f64> = (0..8).map(|_| rng.next()).collect();
        let noise = rng.next();
        let s = x[0] + 0.5 * x[1] * x[1] - 0.3 * x[2] * x[3]
            + 0.2 * (6.0 * x[4]).sin()
            + 0.4 * (noise - 0.5);
        let signal = s > 0.75;
        let weight = if signal { 0.01 } else { 1.0 + x[5] };
        for v in &x {
            let _ = write!(out, "{v:.9},");
        }
        let _ = writeln!(out, "{},{weight:.9}", u8::from(signal));
    }
    out
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed().as_secs_f64())
}

fn main() {
    let csv = bench_csv();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let path = dir.join("ml-100k.csv");
    if std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, &csv))
        .is_err()
    {
        println!("could not write {}", path.display());
    }
    let table = read_csv(csv.as_bytes(), &CsvOptions::default(), |_| {}).expect("bench CSV");
    let names: Vec<String> = (0..8).map(|i| format!("x{i}")).collect();
    let column = |name: &str| table.numeric(name).expect("column").to_vec();
    let all =
        Features::new(names.clone(), names.iter().map(|n| column(n)).collect()).expect("features");
    let labels: Vec<u8> = column("label").iter().map(|&y| u8::from(y > 0.5)).collect();
    let weights = column("weight");
    let rows: Vec<usize> = (0..TRAIN).collect();
    let test_rows: Vec<usize> = (TRAIN..EVENTS).collect();
    let (train, test) = (all.select(&rows), all.select(&test_rows));
    let (y_train, y_test) = (&labels[..TRAIN], &labels[TRAIN..]);
    let (w_train, w_test) = (&weights[..TRAIN], &weights[TRAIN..]);

    println!(
        "bench data: {} ({EVENTS} events, 8 inputs; train {TRAIN}, test {})",
        path.display(),
        EVENTS - TRAIN
    );
    println!(
        "{:<44} {:>9} {:>9} {:>9}",
        "model", "fit s", "predict s", "test AUC"
    );
    let forest_params = ForestParams {
        n_estimators: 30,
        max_depth: Some(8),
        ..ForestParams::default()
    };
    let (forest, fit) = time(|| {
        Forest::fit(
            &train,
            y_train,
            Some(w_train),
            &forest_params,
            &mut |_, _| true,
        )
        .expect("forest")
    });
    let (p, predict) = time(|| forest.predict_proba(&test).expect("predict"));
    let auc = roc_auc(y_test, &p, Some(w_test)).expect("auc");
    println!(
        "{:<44} {fit:>9.3} {predict:>9.3} {auc:>9.5}",
        "random forest (30 trees, depth 8, sqrt)"
    );

    let boosting_params = BoostingParams {
        n_estimators: 100,
        max_depth: 3,
        ..BoostingParams::default()
    };
    let (boosting, fit) = time(|| {
        Boosting::fit(
            &train,
            y_train,
            Some(w_train),
            &boosting_params,
            &mut |_, _| true,
        )
        .expect("boosting")
    });
    let (p, predict) = time(|| boosting.predict_proba(&test).expect("predict"));
    let auc = roc_auc(y_test, &p, Some(w_test)).expect("auc");
    println!(
        "{:<44} {fit:>9.3} {predict:>9.3} {auc:>9.5}",
        "gradient boosting (100 stages, depth 3)"
    );

    let (logistic, fit) = time(|| {
        LogisticRegression::fit(&train, y_train, Some(w_train), &LogisticParams::default())
            .expect("logistic")
    });
    let (p, predict) = time(|| logistic.predict_proba(&test).expect("predict"));
    let auc = roc_auc(y_test, &p, Some(w_test)).expect("auc");
    println!(
        "{:<44} {fit:>9.3} {predict:>9.3} {auc:>9.5}",
        "logistic regression (C = 1)"
    );
}
