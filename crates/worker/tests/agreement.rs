//! A few training steps on the WebGPU adapter agree with the same steps on the CPU. Runs in
//! headless Chromium with `--enable-unsafe-webgpu` (webdriver.json), where the adapter is
//! SwiftShader's software one: slow, but the same WGSL kernels a real GPU runs.

#![cfg(target_arch = "wasm32")]
#![allow(missing_docs)]

use fivesigma_engine::ml::Features;
use fivesigma_engine::ml::mlp::{Mlp, MlpParams, Optimizer, train};
use fivesigma_webgpu::{Backend, choose, cpu, webgpu};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// 128 events, 4 inputs in [−1, 1), label from a linear rule, weights 0.5 / 1.5.
fn events() -> (Features, Vec<u8>, Vec<f64>) {
    let mut s: u64 = 99;
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (s >> 11) as f64 / (1_u64 << 53) as f64 * 2.0 - 1.0
    };
    let n = 128;
    let columns: Vec<Vec<f64>> = (0..4).map(|_| (0..n).map(|_| next()).collect()).collect();
    let labels: Vec<u8> = (0..n)
        .map(|i| u8::from(columns[0][i] + 0.5 * columns[1][i] - 0.3 * columns[3][i] > 0.1))
        .collect();
    let weights = labels
        .iter()
        .map(|&y| if y == 1 { 0.5 } else { 1.5 })
        .collect();
    let names = (0..4).map(|i| format!("x{i}")).collect();
    (
        Features::new(names, columns).expect("features"),
        labels,
        weights,
    )
}

fn max_difference(a: &Mlp, b: &Mlp) -> f64 {
    a.layers
        .iter()
        .zip(&b.layers)
        .flat_map(|(x, y)| {
            x.weights
                .iter()
                .chain(&x.bias)
                .zip(y.weights.iter().chain(&y.bias))
        })
        .map(|(p, q)| f64::from((p - q).abs()))
        .fold(0.0, f64::max)
}

#[wasm_bindgen_test]
async fn a_few_steps_on_webgpu_agree_with_the_cpu() {
    let (backend, gpu) = webgpu()
        .await
        .expect("Chromium with --enable-unsafe-webgpu offers a (software) adapter");
    assert_eq!(backend, Backend::WebGpu);
    let (features, labels, weights) = events();
    for optimizer in [
        Optimizer::Sgd {
            momentum: 0.9,
            nesterov: false,
        },
        Optimizer::ADAM,
    ] {
        // 96 training events in batches of 32 → 3 steps, then 32 validation events.
        let params = MlpParams {
            hidden_layers: vec![16, 8],
            dropout: 0.1,
            optimizer,
            learning_rate: 0.01,
            l2: 0.0,
            batch_size: 32,
            epochs: 1,
            validation_split: 0.25,
            early_stopping: None,
            seed: 3,
            ..MlpParams::default()
        };
        let on_cpu = train(
            &features,
            &labels,
            Some(&weights),
            &params,
            &cpu().1,
            &mut |_| true,
        )
        .await
        .expect("CPU training");
        let on_gpu = train(
            &features,
            &labels,
            Some(&weights),
            &params,
            &gpu,
            &mut |_| true,
        )
        .await
        .expect("WebGPU training");
        // Single precision on both sides, summed in different orders: agreement to 1e-5 of
        // weights of order 0.1–1 after three steps of size ~0.01.
        let diff = max_difference(&on_cpu, &on_gpu);
        assert!(diff < 1e-5, "{optimizer:?}: weights differ by up to {diff}");
        let (a, b) = (&on_cpu.history[0], &on_gpu.history[0]);
        assert!((a.loss - b.loss).abs() < 1e-5, "{} vs {}", a.loss, b.loss);
        let (va, vb) = (a.val_loss.expect("val"), b.val_loss.expect("val"));
        assert!((va - vb).abs() < 1e-5, "{va} vs {vb}");
        // Not trivially equal: the steps moved the weights.
        let (initial, _) = (
            train(
                &features,
                &labels,
                Some(&weights),
                &MlpParams {
                    learning_rate: 1e-12,
                    ..params.clone()
                },
                &cpu().1,
                &mut |_| true,
            )
            .await
            .expect("almost no step"),
            (),
        );
        assert!(max_difference(&initial, &on_cpu) > 1e-3);
    }
}

#[wasm_bindgen_test]
async fn the_cpu_is_chosen_when_asked_for() {
    let ((backend, _), why) = choose(false).await;
    assert_eq!((backend, why), (Backend::Cpu, None));
    assert_eq!(
        fivesigma_engine::state::Choice::label(Backend::WebGpu),
        "WebGPU"
    );
}
