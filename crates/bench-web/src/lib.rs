//! The engine's model benchmarks, callable from a web page: the same data and workloads as
//! `cargo bench -p fivesigma-engine --bench ml` (the workload file is shared by path), timed with
//! `performance.now()`. `www/index.html` runs them next to TensorFlow.js on the same network and
//! data; `scripts/bench-web.sh` drives that page in headless Chromium and prints the table.

#![allow(missing_docs, clippy::unwrap_used)]

// The table helpers are for the native bench; this page builds its own table.
#[allow(dead_code)]
#[path = "../../engine/benches/common/mod.rs"]
mod common;

use std::cell::OnceCell;

use fivesigma_engine::ml::{Features, Scaler, Scaling};
use wasm_bindgen::prelude::*;

thread_local! {
    static DATA: OnceCell<common::BenchData> = const { OnceCell::new() };
}

fn with_data<T>(f: impl FnOnce(&common::BenchData) -> T) -> T {
    DATA.with(|cell| f(cell.get_or_init(|| common::BenchData::parse(&common::bench_csv()))))
}

fn now_s() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now() / 1000.0)
}

/// Runs one workload (`forest`, `boosting`, `logistic` or `mlp`) and returns its row as JSON:
/// `{"model", "fit_s", "predict_s", "test_auc"}`.
#[wasm_bindgen]
pub fn bench(which: &str, mlp_epochs: usize) -> Result<String, JsValue> {
    let timing = with_data(|data| match which {
        "forest" => Ok(common::forest(data, &now_s)),
        "boosting" => Ok(common::boosting(data, &now_s)),
        "logistic" => Ok(common::logistic(data, &now_s)),
        "mlp" => Ok(common::cms_mlp(data, mlp_epochs.max(1), &now_s)),
        other => Err(JsValue::from_str(&format!("no workload called {other}"))),
    })?;
    Ok(format!(
        r#"{{"model":"{}","fit_s":{},"predict_s":{},"test_auc":{}}}"#,
        timing.model, timing.fit_s, timing.predict_s, timing.test_auc
    ))
}

/// The MLP's training inputs for TensorFlow.js: the first five inputs of the 75 000 training
/// events, standardised exactly as the Rust workload does, row-major; and their labels.
#[wasm_bindgen]
pub fn cms_inputs() -> js_sys::Float32Array {
    with_data(|data| {
        let five = Features::new(
            data.train.names[..5].to_vec(),
            data.train.columns[..5].to_vec(),
        )
        .unwrap();
        let scaled = Scaler::fit(Scaling::Standard, &five)
            .and_then(|s| s.expect("a standard scaler").transform(&five))
            .unwrap();
        let n = scaled.n_rows();
        let mut rows = Vec::with_capacity(n * 5);
        for r in 0..n {
            rows.extend(scaled.columns.iter().map(|c| c[r] as f32));
        }
        js_sys::Float32Array::from(rows.as_slice())
    })
}

/// Labels (1 = signal) of the training events, in the order of [`cms_inputs`].
#[wasm_bindgen]
pub fn cms_labels() -> js_sys::Float32Array {
    with_data(|data| {
        let y: Vec<f32> = data.y_train.iter().map(|&v| f32::from(v)).collect();
        js_sys::Float32Array::from(y.as_slice())
    })
}
