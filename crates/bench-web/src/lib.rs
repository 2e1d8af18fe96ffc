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

use fivesigma_engine::ml::{Features, Forest, Scaler, Scaling, Tree, roc_auc};
use wasm_bindgen::prelude::*;

thread_local! {
    static DATA: OnceCell<common::BenchData> = const { OnceCell::new() };
    static PARSE_CSV: OnceCell<Vec<u8>> = const { OnceCell::new() };
}

fn with_parse_csv<T>(f: impl FnOnce(&[u8]) -> T) -> T {
    PARSE_CSV.with(|cell| f(cell.get_or_init(|| common::parse_csv(common::PARSE_ROWS))))
}

/// The CSV-parsing workload's bytes (the file `cargo bench --bench throughput` writes for pandas),
/// for a JavaScript parser on this page.
#[wasm_bindgen]
pub fn parse_csv_bytes() -> js_sys::Uint8Array {
    with_parse_csv(|csv| js_sys::Uint8Array::from(csv))
}

/// Parses the CSV-parsing workload with the engine's reader (best of 3): `{"model", "fit_s",
/// "mb", "rows"}` (`fit_s`: seconds to parse).
#[wasm_bindgen]
pub fn bench_parse() -> String {
    with_parse_csv(|csv| {
        let (s, rows) = common::time_parse(csv, 3, &now_s);
        format!(
            r#"{{"model":"CSV parse, {rows} rows × 11 columns","fit_s":{s},"mb":{},"rows":{rows}}}"#,
            csv.len() as f64 / 1e6
        )
    })
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

/// The forest workload's tree count (a pool page shares them out).
#[wasm_bindgen]
pub fn forest_trees() -> usize {
    common::forest_params().n_estimators
}

/// Trees `from..to` of the forest workload, packed (`Tree::pack`): a pool worker's share, grown
/// exactly as the whole forest grows them.
#[wasm_bindgen]
pub fn forest_piece(from: usize, to: usize) -> Result<js_sys::Float64Array, JsValue> {
    with_data(|data| {
        let trees = Forest::grow(
            &data.train,
            &data.y_train,
            Some(&data.w_train),
            &common::forest_params(),
            from..to,
            &mut |_, _| true,
        )
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(js_sys::Float64Array::from(Tree::pack(&trees).as_slice()))
    })
}

/// The forest made of every tree `packed` holds, judged on the test events: `{"predict_s",
/// "test_auc"}` (the AUC equals the single worker's when the pool grew the same trees).
#[wasm_bindgen]
pub fn forest_judge(packed: &[f64]) -> Result<String, JsValue> {
    let trees = Tree::unpack(packed).map_err(|e| JsValue::from_str(&e.to_string()))?;
    with_data(|data| {
        let forest = Forest {
            trees,
            feature_names: data.train.names.clone(),
        };
        let t0 = now_s();
        let proba = forest
            .predict_proba(&data.test)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let predict_s = now_s() - t0;
        let auc = roc_auc(&data.y_test, &proba, Some(&data.w_test))
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(format!(r#"{{"predict_s":{predict_s},"test_auc":{auc}}}"#))
    })
}

/// Parses the workload's events now (a pool worker does it before the clock starts).
#[wasm_bindgen]
pub fn warm() -> usize {
    with_data(|data| data.y_train.len())
}
