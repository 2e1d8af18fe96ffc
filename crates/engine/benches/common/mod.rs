//! The model benchmarks' data and workloads, shared by the native bench (`benches/ml.rs`) and
//! the browser bench (`crates/bench-web`, which includes this file by path), so both time exactly
//! the same work. `now_s` is the caller's clock in seconds (`Instant` natively, `performance.now()`
//! in the browser).

use std::fmt::Write as _;

use fivesigma_engine::data::{CsvOptions, read_csv};
use fivesigma_engine::ml::mlp::{self, MlpParams};
use fivesigma_engine::ml::{
    Boosting, BoostingParams, Features, Forest, ForestParams, LogisticParams, LogisticRegression,
    Scaler, Scaling, roc_auc,
};
use fivesigma_engine::ml::{ModelSpec, preset_spec};

/// Events in the bench file.
pub const EVENTS: usize = 100_000;
/// The first this many (in file order) train; the rest test.
pub const TRAIN: usize = 75_000;

/// s ← s·6364136223846793005 + 1442695040888963407 (mod 2⁶⁴); u = (s >> 11) / 2⁵³.
pub struct Lcg(pub u64);
impl Lcg {
    /// The next uniform number in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// Eight inputs with linear, quadratic, interaction and oscillating parts in the truth; the
/// signal is a rare, over-generated process (weight 0.01), the background weighted 1 + x5.
pub fn bench_csv() -> String {
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

/// Rows of the CSV-parsing workload.
pub const PARSE_ROWS: usize = 1_000_000;

/// The CSV-parsing workload: `rows` events shaped like the dark-matter lesson's files (a weight,
/// an integer charge sum, eight real kinematic columns and a jet count; ≈ 120 bytes a row), the
/// same bytes natively, in the browser and for pandas.
pub fn parse_csv(rows: usize) -> Vec<u8> {
    let mut rng = Lcg(42);
    let mut out = String::with_capacity(rows * 130);
    out.push_str("totalWeight,sum_lep_charge,lead_lep_pt,sublead_lep_pt,mll,ETmiss,dRll,dphi_pTll_ETmiss,fractional_pT_difference,ETmiss_over_HT,N_bjets\n");
    for _ in 0..rows {
        let pt1 = 25.0 - 60.0 * (1.0 - rng.next()).ln();
        let pt2 = 20.0 + (pt1 - 20.0) * rng.next();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
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
        );
    }
    out.into_bytes()
}

/// Seconds the engine's reader takes over `csv` (best of `runs`), and the rows it read.
pub fn time_parse(csv: &[u8], runs: usize, now_s: &dyn Fn() -> f64) -> (f64, usize) {
    let mut rows = 0;
    let best = (0..runs)
        .map(|_| {
            let t0 = now_s();
            let table = read_csv(csv, &CsvOptions::default(), |_| {}).expect("parses");
            let s = now_s() - t0;
            rows = table.n_rows();
            s
        })
        .fold(f64::INFINITY, f64::min);
    (best, rows)
}

/// The bench data, split 75 / 25 in file order.
pub struct BenchData {
    pub train: Features,
    pub test: Features,
    pub y_train: Vec<u8>,
    pub y_test: Vec<u8>,
    pub w_train: Vec<f64>,
    pub w_test: Vec<f64>,
}

impl BenchData {
    /// Reads `csv` (from [`bench_csv`]) through the engine's CSV reader.
    pub fn parse(csv: &str) -> Self {
        let table = read_csv(csv.as_bytes(), &CsvOptions::default(), |_| {}).expect("bench CSV");
        let names: Vec<String> = (0..8).map(|i| format!("x{i}")).collect();
        let column = |name: &str| table.numeric(name).expect("column").to_vec();
        let all = Features::new(names.clone(), names.iter().map(|n| column(n)).collect())
            .expect("features");
        let labels: Vec<u8> = column("label").iter().map(|&y| u8::from(y > 0.5)).collect();
        let weights = column("weight");
        let rows: Vec<usize> = (0..TRAIN).collect();
        let test_rows: Vec<usize> = (TRAIN..EVENTS).collect();
        Self {
            train: all.select(&rows),
            test: all.select(&test_rows),
            y_train: labels[..TRAIN].to_vec(),
            y_test: labels[TRAIN..].to_vec(),
            w_train: weights[..TRAIN].to_vec(),
            w_test: weights[TRAIN..].to_vec(),
        }
    }
}

/// One benchmark's outcome.
pub struct Timing {
    pub model: &'static str,
    pub fit_s: f64,
    pub predict_s: f64,
    pub test_auc: f64,
}

/// Times `fit` and then `predict` on the test events, and scores the predictions.
fn measure<M>(
    data: &BenchData,
    model: &'static str,
    now_s: &dyn Fn() -> f64,
    fit: impl FnOnce() -> M,
    predict: impl FnOnce(&M) -> Vec<f64>,
) -> Timing {
    let t0 = now_s();
    let fitted = fit();
    let t1 = now_s();
    let p = predict(&fitted);
    let t2 = now_s();
    Timing {
        model,
        fit_s: t1 - t0,
        predict_s: t2 - t1,
        test_auc: roc_auc(&data.y_test, &p, Some(&data.w_test)).expect("auc"),
    }
}

/// The HSF lesson's forest: 30 trees of depth 8.
pub fn forest(data: &BenchData, now_s: &dyn Fn() -> f64) -> Timing {
    let params = forest_params();
    measure(
        data,
        "random forest (30 trees, depth 8, sqrt)",
        now_s,
        || {
            Forest::fit(
                &data.train,
                &data.y_train,
                Some(&data.w_train),
                &params,
                &mut |_, _| true,
            )
            .expect("forest")
        },
        |m| m.predict_proba(&data.test).expect("predict"),
    )
}

/// The forest workload's settings (the HSF lesson's: 30 trees of depth 8).
pub fn forest_params() -> ForestParams {
    ForestParams {
        n_estimators: 30,
        max_depth: Some(8),
        ..ForestParams::default()
    }
}

/// 100 boosting stages of depth 3.
pub fn boosting(data: &BenchData, now_s: &dyn Fn() -> f64) -> Timing {
    let params = BoostingParams {
        n_estimators: 100,
        max_depth: 3,
        ..BoostingParams::default()
    };
    measure(
        data,
        "gradient boosting (100 stages, depth 3)",
        now_s,
        || {
            Boosting::fit(
                &data.train,
                &data.y_train,
                Some(&data.w_train),
                &params,
                &mut |_, _| true,
            )
            .expect("boosting")
        },
        |m| m.predict_proba(&data.test).expect("predict"),
    )
}

/// Logistic regression with C = 1.
pub fn logistic(data: &BenchData, now_s: &dyn Fn() -> f64) -> Timing {
    measure(
        data,
        "logistic regression (C = 1)",
        now_s,
        || {
            LogisticRegression::fit(
                &data.train,
                &data.y_train,
                Some(&data.w_train),
                &LogisticParams::default(),
            )
            .expect("logistic")
        },
        |m| m.predict_proba(&data.test).expect("predict"),
    )
}

/// The CMS exercise's network: 5 inputs → 50 → 10 → 5 (SELU, dropout 0.1, "normal" init) → 1
/// sigmoid, RMSprop at 1e-4, batches of 250, weighted; `epochs` epochs on the first five
/// standardised inputs. `fit_s` is the time per epoch.
pub fn cms_mlp(data: &BenchData, epochs: usize, now_s: &dyn Fn() -> f64) -> Timing {
    let first_five = |f: &Features| {
        Features::new(f.names[..5].to_vec(), f.columns[..5].to_vec()).expect("five inputs")
    };
    let (train, test) = (first_five(&data.train), first_five(&data.test));
    let scaler = Scaler::fit(Scaling::Standard, &train)
        .expect("scaler")
        .expect("a scaler");
    let (train, test) = (
        scaler.transform(&train).expect("train"),
        scaler.transform(&test).expect("test"),
    );
    // The Lab's CMS preset for five inputs, without its validation split and callbacks, so every
    // epoch does the same work.
    let Some(ModelSpec::Mlp(cms)) = preset_spec("cms-ann", 5) else {
        panic!("the cms-ann preset is a network")
    };
    let params = MlpParams {
        epochs,
        validation_split: 0.0,
        early_stopping: None,
        reduce_lr: None,
        ..cms
    };
    let mut timing = measure(
        data,
        "MLP 5→50→10→5→1, one epoch (batch 250)",
        now_s,
        || {
            mlp::train_blocking(
                &train,
                &data.y_train,
                Some(&data.w_train),
                &params,
                &mut |_| true,
            )
            .expect("network")
        },
        |m| m.predict_proba(&test).expect("predict"),
    );
    timing.fit_s /= epochs as f64;
    timing
}

/// The table's header and one row.
pub fn header() -> String {
    format!(
        "{:<44} {:>9} {:>9} {:>9}",
        "model", "fit s", "predict s", "test AUC"
    )
}

/// One row of the table.
pub fn row(t: &Timing) -> String {
    format!(
        "{:<44} {:>9.3} {:>9.3} {:>9.5}",
        t.model, t.fit_s, t.predict_s, t.test_auc
    )
}
