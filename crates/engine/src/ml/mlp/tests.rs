//! Tests of the network and its training loop (the callbacks have their own, in `callbacks`).

use super::callbacks::{EarlyStoppingState, ReduceLrState, Verdict};
use super::network::initial_layers;
use super::*;
use crate::Error;
use crate::ml::Rng;
use crate::ml::scaler::{Scaler, Scaling};
use crate::ml::test_data::{Events, lcg_events};
use crate::ml::{metrics::roc_auc, sigmoid};

fn no_progress() -> impl FnMut(MlpProgress<'_>) -> bool {
    |_| true
}

/// The LCG events, standardised on the training part (as every tutorial does before an MLP).
fn scaled_events() -> (Events, Events) {
    let (mut train, mut test) = lcg_events();
    let scaler = Scaler::fit(Scaling::Standard, &train.features)
        .expect("scaler")
        .expect("a scaler");
    train.features = scaler.transform(&train.features).expect("train");
    test.features = scaler.transform(&test.features).expect("test");
    (train, test)
}

fn small(seed: u64) -> MlpParams {
    MlpParams {
        hidden_layers: vec![8, 4],
        dropout: 0.2,
        epochs: 3,
        batch_size: 64,
        validation_split: 0.2,
        early_stopping: None,
        seed,
        ..MlpParams::default()
    }
}

fn fit(events: &Events, params: &MlpParams) -> Mlp {
    train_blocking(
        &events.features,
        &events.labels,
        Some(&events.weights),
        params,
        &mut no_progress(),
    )
    .expect("training")
}

#[test]
fn same_seed_gives_bit_identical_weights_and_predictions() {
    let (train, test) = scaled_events();
    let a = fit(&train, &small(7));
    let b = fit(&train, &small(7));
    assert_eq!(a, b);
    assert_eq!(
        a.predict_proba(&test.features).expect("a"),
        b.predict_proba(&test.features).expect("b")
    );
    let c = fit(&train, &small(8));
    assert_ne!(a.layers, c.layers);
    assert_eq!(a.n_parameters(), 4 * 8 + 8 + 8 * 4 + 4 + 4 + 1);
}

/// An independent f64 implementation of one full-batch SGD step of a 2 → 2 (tanh) → 1 network
/// with weighted BCE and an L2 term, written out by hand (chain rule), to check burn's autodiff,
/// our loss, its weighting and the pure-Rust prediction.
#[test]
fn one_sgd_step_matches_a_hand_written_backpropagation() {
    let x = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]];
    let y = [1.0, 0.0, 1.0];
    let w = [2.0, 0.5, 1.0];
    let features = Features::new(
        vec!["a".into(), "b".into()],
        vec![
            x.iter().map(|r| r[0]).collect(),
            x.iter().map(|r| r[1]).collect(),
        ],
    )
    .expect("features");
    let params = MlpParams {
        hidden_layers: vec![2],
        activation: Activation::Tanh,
        initializer: Initializer::Torch,
        optimizer: Optimizer::SGD,
        learning_rate: 0.3,
        l2: 0.1,
        batch_size: 3,
        epochs: 1,
        shuffle: false,
        early_stopping: None,
        seed: 11,
        ..MlpParams::default()
    };
    let start = initial_layers(&params, 2, &mut Rng::new(params.seed, 0));
    let (w1, b1) = (&start[0].weights, &start[0].bias);
    let (w2, b2) = (&start[1].weights, &start[1].bias);
    let f = |v: f32| f64::from(v);
    let mut g_w1 = [0.0; 4];
    let mut g_b1 = [0.0; 2];
    let mut g_w2 = [0.0; 2];
    let mut g_b2 = 0.0;
    let mut loss = 0.0;
    let n = 3.0;
    for i in 0..3 {
        // h_j = tanh(Σ_k x_k·W1[k][j] + b1_j); z = Σ_j h_j·W2[j] + b2.
        let h: Vec<f64> = (0..2)
            .map(|j| (x[i][0] * f(w1[j]) + x[i][1] * f(w1[2 + j]) + f(b1[j])).tanh())
            .collect();
        let z = h[0] * f(w2[0]) + h[1] * f(w2[1]) + f(b2[0]);
        let p = sigmoid(z);
        loss += w[i] * -(y[i] * p.ln() + (1.0 - y[i]) * (1.0 - p).ln()) / n;
        // dL/dz = w·(p − y)/n; tanh' = 1 − h².
        let dz = w[i] * (p - y[i]) / n;
        g_b2 += dz;
        for j in 0..2 {
            g_w2[j] += dz * h[j];
            let dh = dz * f(w2[j]) * (1.0 - h[j] * h[j]);
            g_b1[j] += dh;
            g_w1[j] += dh * x[i][0];
            g_w1[2 + j] += dh * x[i][1];
        }
    }
    // L2: α·Σw²/(2n) on the weights only.
    let squares: f64 = w1.iter().chain(w2.iter()).map(|&v| f(v) * f(v)).sum();
    loss += params.l2 * squares / (2.0 * n);
    let model = train_blocking(&features, &[1, 0, 1], Some(&w), &params, &mut no_progress())
        .expect("training");
    assert!(
        (model.history[0].loss - loss).abs() < 1e-6,
        "{} vs {loss}",
        model.history[0].loss
    );
    let lr = params.learning_rate;
    let l2 = params.l2 / n;
    let expect_w1: Vec<f64> = (0..4)
        .map(|k| f(w1[k]) - lr * (g_w1[k] + l2 * f(w1[k])))
        .collect();
    let expect_w2: Vec<f64> = (0..2)
        .map(|k| f(w2[k]) - lr * (g_w2[k] + l2 * f(w2[k])))
        .collect();
    let close =
        |got: &[f32], want: &[f64]| got.iter().zip(want).all(|(g, w)| (f(*g) - w).abs() < 1e-6);
    assert!(
        close(&model.layers[0].weights, &expect_w1),
        "{:?} vs {expect_w1:?}",
        model.layers[0].weights
    );
    assert!(close(
        &model.layers[0].bias,
        &[f(b1[0]) - lr * g_b1[0], f(b1[1]) - lr * g_b1[1]]
    ));
    assert!(close(&model.layers[1].weights, &expect_w2));
    assert!(close(&model.layers[1].bias, &[f(b2[0]) - lr * g_b2]));
    // Three events, score > 0.5 counts as signal: accuracy is a multiple of 1/3.
    let acc = model.history[0].accuracy * 3.0;
    assert!((acc - acc.round()).abs() < 1e-9);
}

#[test]
fn softmax_output_is_the_sigmoid_of_the_logit_difference() {
    let (train, test) = scaled_events();
    let params = MlpParams {
        output: Output::Softmax,
        epochs: 15,
        ..small(3)
    };
    let model = fit(&train, &params);
    assert_eq!(model.layers.last().map(|l| l.n_out), Some(2));
    let scores = model.predict_proba(&test.features).expect("scores");
    // By hand for the first event: hidden layers with ReLU, then σ(z₁ − z₀).
    let mut a: Vec<f64> = test.features.columns.iter().map(|c| c[0]).collect();
    for (i, layer) in model.layers.iter().enumerate() {
        let mut out: Vec<f64> = layer.bias.iter().map(|&b| f64::from(b)).collect();
        for (k, xk) in a.iter().enumerate() {
            for (j, o) in out.iter_mut().enumerate() {
                *o += xk * f64::from(layer.weights[k * layer.n_out + j]);
            }
        }
        if i + 1 < model.layers.len() {
            out.iter_mut().for_each(|v| *v = v.max(0.0));
        }
        a = out;
    }
    assert!((scores[0] - sigmoid(a[1] - a[0])).abs() < 1e-12);
    let auc = roc_auc(&test.labels, &scores, Some(&test.weights)).expect("auc");
    assert!(auc > 0.9, "{auc}");
}

/// scikit-learn 1.5.2, same standardised LCG events (see `test_data`), unweighted:
/// `MLPClassifier(hidden_layer_sizes=(16,), random_state=s).fit(A, y_train)` for s = 0…4 gives
/// test AUC 0.93101, 0.93157, 0.93086, 0.93168, 0.93200 (weighted: 0.9311…0.9322) after 92–120
/// epochs with final training loss 0.2948–0.2968. Logistic regression reaches 0.93264.
#[test]
fn sklearn_defaults_learn_as_well_as_scikit_learn() {
    let (train, test) = scaled_events();
    let params = MlpParams {
        hidden_layers: vec![16],
        ..MlpParams::default()
    };
    let model = train_blocking(
        &train.features,
        &train.labels,
        None,
        &params,
        &mut no_progress(),
    )
    .expect("training");
    let scores = model.predict_proba(&test.features).expect("scores");
    let auc = roc_auc(&test.labels, &scores, None).expect("auc");
    let last = model.history.last().expect("epochs");
    eprintln!(
        "AUC {auc:.5}, {} epochs, final loss {:.4}",
        model.history.len(),
        last.loss
    );
    assert!((0.928..0.935).contains(&auc), "{auc}");
    assert!((0.29..0.30).contains(&last.loss), "{}", last.loss);
    // sklearn's stopping rule ended its runs between 92 and 120 epochs.
    let stopped = model.stopped_epoch.expect("stopped before 200 epochs");
    assert!((60..160).contains(&stopped), "{stopped}");
}

/// The CMS exercise's callbacks, wired into the loop: the run stops where Keras's rule applied
/// to its own validation curve says, the learning rate follows the plateau rule, and restoring
/// the best weights gives exactly the network of a run that ended at the best epoch.
#[test]
fn callbacks_drive_the_loop_as_keras_does() {
    let (train, test) = scaled_events();
    let early = EarlyStopping {
        monitor: Monitor::ValLoss,
        min_delta: 1e-7,
        patience: 3,
        restore_best_weights: true,
        rule: StopRule::Keras,
    };
    let reduce = ReduceLrOnPlateau {
        monitor: Monitor::ValLoss,
        factor: 0.5,
        patience: 2,
        min_delta: 1e-7,
        cooldown: 0,
        min_lr: 1e-5,
    };
    // A large rate and a tiny batch make the validation loss bounce, so both callbacks act.
    let params = MlpParams {
        hidden_layers: vec![32, 16],
        activation: Activation::Selu,
        dropout: 0.1,
        initializer: Initializer::Normal { stddev: 0.05 },
        optimizer: Optimizer::RMS_PROP,
        learning_rate: 0.01,
        l2: 0.0,
        batch_size: 16,
        epochs: 40,
        validation_split: 0.3,
        early_stopping: Some(early),
        reduce_lr: Some(reduce),
        seed: 5,
        ..MlpParams::default()
    };
    let model = fit(&train, &params);
    let stopped = model
        .stopped_epoch
        .expect("early stopping acts on this curve");
    assert_eq!(model.history.len(), stopped);
    // Replay the rules on the recorded curve.
    let mut es = EarlyStoppingState::new(early);
    let mut rl = ReduceLrState::new(reduce);
    let mut lr = params.learning_rate;
    for (i, r) in model.history.iter().enumerate() {
        assert!(
            (r.learning_rate - lr).abs() < 1e-15,
            "epoch {}: {} vs {lr}",
            r.epoch,
            r.learning_rate
        );
        let v = r.val_loss.expect("validation");
        lr = rl.update(v, lr);
        let verdict = es.update(i, v);
        assert_eq!(
            verdict == Verdict::Stop,
            i + 1 == stopped,
            "epoch {}",
            r.epoch
        );
    }
    assert!(
        model
            .history
            .iter()
            .any(|r| r.learning_rate < params.learning_rate)
    );
    let best = es.best_epoch.expect("a best epoch") + 1;
    assert_eq!(model.restored_epoch, Some(best));
    // The same seed for exactly `best` epochs gives the same weights.
    let short = fit(
        &train,
        &MlpParams {
            epochs: best,
            early_stopping: None,
            ..params.clone()
        },
    );
    assert_eq!(short.layers, model.layers);
    assert_eq!(
        short.predict_proba(&test.features).expect("short"),
        model.predict_proba(&test.features).expect("restored")
    );
}

#[test]
fn progress_counts_batches_and_epochs_and_cancel_stops() {
    let (train, _) = scaled_events();
    let params = small(1);
    // 3000 events, 20 % validation → 2400 training events in batches of 64 → 38 per epoch.
    let (mut batches, mut epochs) = (Vec::new(), 0);
    fit_observed(&train, &params, &mut |p| {
        match p {
            MlpProgress::Batch { done, total } => batches.push((done, total)),
            MlpProgress::Epoch(r) => {
                epochs += 1;
                assert_eq!(r.epoch, epochs);
                assert!(r.val_loss.is_some() && r.val_accuracy.is_some());
            }
        }
        true
    })
    .expect("training");
    assert_eq!(epochs, 3);
    assert_eq!(batches.len(), 3 * 38);
    assert_eq!(batches.last(), Some(&(114, 114)));
    let mut seen = 0;
    let cancelled = fit_observed(&train, &params, &mut |_| {
        seen += 1;
        seen < 5
    });
    assert!(matches!(cancelled, Err(Error::Cancelled)));
    assert_eq!(seen, 5);
}

fn fit_observed(
    events: &Events,
    params: &MlpParams,
    observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
) -> crate::Result<Mlp> {
    train_blocking(
        &events.features,
        &events.labels,
        Some(&events.weights),
        params,
        observe,
    )
}

#[test]
fn bad_settings_and_missing_values_get_clear_messages() {
    let (train, _) = scaled_events();
    let message = |params: MlpParams, events: &Events| match fit_observed(
        events,
        &params,
        &mut no_progress(),
    ) {
        Err(Error::Model(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let base = small(1);
    assert!(
        message(
            MlpParams {
                dropout: 1.0,
                ..base.clone()
            },
            &train
        )
        .contains("dropout")
    );
    assert!(
        message(
            MlpParams {
                hidden_layers: vec![4, 0],
                ..base.clone()
            },
            &train
        )
        .contains("unit")
    );
    assert!(
        message(
            MlpParams {
                learning_rate: -1.0,
                ..base.clone()
            },
            &train
        )
        .contains("learning rate")
    );
    assert!(
        message(
            MlpParams {
                batch_size: 0,
                ..base.clone()
            },
            &train
        )
        .contains("batch")
    );
    let no_validation = MlpParams {
        validation_split: 0.0,
        early_stopping: Some(EarlyStopping::default()),
        ..base.clone()
    };
    assert!(message(no_validation, &train).contains("validation fraction"));
    let mut holes = lcg_events().0;
    holes.features.columns[1][10] = f64::NAN;
    assert!(message(base.clone(), &holes).contains("missing values"));
    // Unscaled inputs with a huge rate diverge: the student is told, not given NaN scores.
    let (raw, _) = lcg_events();
    let wild = MlpParams {
        optimizer: Optimizer::SGD,
        learning_rate: 1e6,
        dropout: 0.0,
        ..base
    };
    match fit_observed(&raw, &wild, &mut no_progress()) {
        Err(Error::Model(m)) => assert!(m.contains("learning rate"), "{m}"),
        Ok(m) => {
            let s = m.predict_proba(&raw.features).expect("scores");
            assert!(s.iter().all(|v| v.is_finite()));
        }
        Err(e) => panic!("{e}"),
    }
}

/// Trains `params` on `events` with the CPU's batches on `path`.
fn fit_on(events: &Events, params: &MlpParams, path: train::CpuPath) -> Mlp {
    let mut trainer = train::Trainer::new_on(
        &events.features,
        &events.labels,
        Some(&events.weights),
        params,
        &cpu_device(),
        path,
    )
    .expect("trainer");
    block_on(async {
        while trainer
            .epoch(&mut no_progress())
            .await
            .expect("epoch")
            .is_some()
        {}
        trainer.finish().await.expect("finish")
    })
}

/// The host path and burn's tensors train the same network: every weight within 1e-5 after
/// two or three epochs (tens of optimiser steps), the epochs' losses and accuracies alike, for
/// each activation, optimiser, output, dropout, L2 and a restored best epoch.
#[test]
fn the_host_path_trains_as_burn_does() {
    let (train, _) = scaled_events();
    let cms = MlpParams {
        hidden_layers: vec![12, 6, 4],
        activation: Activation::Selu,
        dropout: 0.1,
        optimizer: Optimizer::RmsProp {
            rho: 0.9,
            momentum: 0.0,
            epsilon: 1e-7,
        },
        learning_rate: 1e-3,
        l2: 0.0,
        batch_size: 250,
        epochs: 3,
        early_stopping: None,
        seed: 3,
        ..MlpParams::default()
    };
    let hsf = MlpParams {
        hidden_layers: vec![10, 10],
        output: Output::Softmax,
        l2: 1e-3,
        batch_size: 100,
        epochs: 2,
        early_stopping: None,
        seed: 4,
        ..MlpParams::default()
    };
    let sgd = MlpParams {
        hidden_layers: vec![8],
        activation: Activation::Tanh,
        optimizer: Optimizer::Sgd {
            momentum: 0.9,
            nesterov: true,
        },
        learning_rate: 0.05,
        batch_size: 128,
        epochs: 3,
        validation_split: 0.25,
        early_stopping: Some(EarlyStopping {
            monitor: Monitor::ValLoss,
            min_delta: 0.0,
            patience: 5,
            restore_best_weights: true,
            rule: StopRule::Keras,
        }),
        seed: 5,
        ..MlpParams::default()
    };
    let plain = MlpParams {
        hidden_layers: vec![6, 3],
        activation: Activation::Sigmoid,
        optimizer: Optimizer::Sgd {
            momentum: 0.0,
            nesterov: false,
        },
        learning_rate: 0.5,
        batch_size: 300,
        epochs: 2,
        early_stopping: None,
        seed: 6,
        ..MlpParams::default()
    };
    let rms_momentum = MlpParams {
        hidden_layers: vec![5],
        optimizer: Optimizer::RmsProp {
            rho: 0.9,
            momentum: 0.5,
            epsilon: 1e-7,
        },
        batch_size: 200,
        epochs: 2,
        early_stopping: None,
        seed: 7,
        ..MlpParams::default()
    };
    let cases = [
        ("cms", cms),
        ("hsf", hsf),
        ("sgd", sgd),
        ("plain", plain),
        ("rms-momentum", rms_momentum),
    ];
    for (name, params) in cases {
        let host = fit_on(&train, &params, train::CpuPath::Host);
        let burn = fit_on(&train, &params, train::CpuPath::Burn);
        assert_eq!(host.restored_epoch, burn.restored_epoch, "{name}");
        for (h, b) in host.layers.iter().zip(&burn.layers) {
            for (x, y) in h
                .weights
                .iter()
                .chain(&h.bias)
                .zip(b.weights.iter().chain(&b.bias))
            {
                assert!((x - y).abs() < 1e-5, "{name}: {x} vs {y}");
            }
        }
        for (h, b) in host.history.iter().zip(&burn.history) {
            assert!((h.loss - b.loss).abs() < 1e-5, "{name}: {h:?} vs {b:?}");
            assert_eq!(h.accuracy, b.accuracy, "{name}");
            let val = |r: &EpochRecord| r.val_loss.unwrap_or(0.0);
            assert!((val(h) - val(b)).abs() < 1e-5, "{name}: {h:?} vs {b:?}");
        }
        assert_eq!(host.history.len(), burn.history.len());
    }
}
