//! Test data shared by the model tests, reproducible in numpy: an LCG both sides implement.

use super::features::{Features, TrainingData};

/// s ← s·6364136223846793005 + 1442695040888963407 (mod 2⁶⁴); u = (s >> 11) / 2⁵³.
pub fn lcg(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1_u64 << 53) as f64
        })
        .collect()
}

/// Labelled, weighted events.
pub struct Events {
    pub features: Features,
    pub labels: Vec<u8>,
    pub weights: Vec<f64>,
}

/// 4000 events, split 3000 / 1000, as numpy builds them:
///
/// ```python
/// u = lcg(4000 * 5, 12345).reshape(4000, 5); X = u[:, :4]; X[:, 2] *= 10
/// y = (X[:,0] + 0.5·X[:,1] − 0.05·X[:,2] + 0.6·(u[:,4] − 0.5) > 0.6)
/// w = 0.5 for signal, 1 + X[:,3] for background
/// ```
pub fn lcg_events() -> (Events, Events) {
    let n = 4000;
    let u = lcg(n * 5, 12_345);
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); 4];
    let (mut labels, mut weights) = (Vec::new(), Vec::new());
    for r in u.chunks_exact(5) {
        let x = [r[0], r[1], r[2] * 10.0, r[3]];
        for (c, v) in columns.iter_mut().zip(x) {
            c.push(v);
        }
        let signal = x[0] + 0.5 * x[1] - 0.05 * x[2] + 0.6 * (r[4] - 0.5) > 0.6;
        labels.push(u8::from(signal));
        weights.push(if signal { 0.5 } else { 1.0 + x[3] });
    }
    let names: Vec<String> = (0..4).map(|i| format!("x{i}")).collect();
    let part = |range: std::ops::Range<usize>| Events {
        features: Features::new(
            names.clone(),
            columns.iter().map(|c| c[range.clone()].to_vec()).collect(),
        )
        .expect("features"),
        labels: labels[range.clone()].to_vec(),
        weights: weights[range].to_vec(),
    };
    (part(0..3000), part(3000..4000))
}

/// The 3000 training events of [`lcg_events`] as one sample's training data.
pub fn lcg_training_data() -> TrainingData {
    let (events, _) = lcg_events();
    let n = events.labels.len();
    TrainingData {
        features: events.features,
        labels: events.labels,
        weights: events.weights,
        sample: vec![0; n],
        samples: vec!["toy".into()],
        rows: Vec::new(),
    }
}
