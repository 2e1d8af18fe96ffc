//! The same seed gives bit-identical trees and forests natively and in the browser: the same
//! function runs under `cargo test` and under wasm-bindgen-test in headless Chromium, and both
//! must produce the fingerprint written here (recorded from the first native run).

#![allow(missing_docs)]

#[allow(dead_code)]
#[path = "../../engine/benches/common/mod.rs"]
mod common;

use fivesigma_engine::ml::{
    Binned, Criterion, Forest, ForestParams, MAX_BINS, Rng, Tree, TreeParams,
};

/// FNV-1a over the bit patterns of every prediction, so a one-ulp change anywhere shows.
fn fnv(values: &[f64]) -> u64 {
    values.iter().fold(0xcbf2_9ce4_8422_2325, |h, v| {
        v.to_bits()
            .to_le_bytes()
            .iter()
            .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// A depth-8 tree and a 10-tree forest (gini and entropy) on the bench data's first 20 000
/// training events; fingerprints of their predictions on the test events.
fn fingerprints() -> [u64; 3] {
    let data = common::BenchData::parse(&common::bench_csv());
    let rows: Vec<usize> = (0..20_000).collect();
    let train = data.train.select(&rows);
    let (y, w) = (&data.y_train[..20_000], &data.w_train[..20_000]);
    let tree = Tree::fit(
        &Binned::new(&train, MAX_BINS),
        y,
        w,
        &TreeParams {
            max_depth: Some(8),
            ..TreeParams::default()
        },
        &mut Rng::new(1, 0),
    )
    .expect("tree");
    let forest = |criterion| {
        let params = ForestParams {
            n_estimators: 10,
            max_depth: Some(8),
            criterion,
            random_state: 7,
            ..ForestParams::default()
        };
        Forest::fit(&train, y, Some(w), &params, &mut |_, _| true)
            .expect("forest")
            .predict_proba(&data.test)
            .expect("predict")
    };
    [
        fnv(&tree.predict_proba(&data.test)),
        fnv(&forest(Criterion::Gini)),
        fnv(&forest(Criterion::Entropy)),
    ]
}

const EXPECTED: [u64; 3] = [
    0xc37c_44cd_d9ac_b672,
    0xb2a0_8377_85ce_5b06,
    0xa42c_e00c_1332_cc28,
];

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn trees_and_forests_have_the_recorded_fingerprints_natively() {
    let got = fingerprints();
    assert_eq!(got, fingerprints(), "two runs differ");
    assert_eq!(got, EXPECTED, "{got:#x?}");
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn trees_and_forests_have_the_recorded_fingerprints_in_the_browser() {
        assert_eq!(super::fingerprints(), super::EXPECTED);
    }
}
