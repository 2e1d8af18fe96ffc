//! A multilayer perceptron (fully connected network) for signal versus background, with the
//! settings the tutorials use in Keras, PyTorch and scikit-learn: hidden layer sizes, activation,
//! dropout, a sigmoid or two-way softmax output, weighted binary cross-entropy, SGD with
//! momentum, Adam or RMSprop, batches, epochs, a validation split, early stopping and
//! learning-rate reduction on a plateau.
//!
//! Training runs our own loop (burn's `Learner` does not run in browsers) on whatever `Device`
//! the caller gives: on the CPU (tests, the CPU worker) its batches run on a host path of plain
//! vectorised loops (`host`), on WebGPU (the GPU worker) on burn 0.22 — the same arithmetic, to
//! 1e-5. Every random choice (initial weights, shuffles, dropout masks) comes from our seeded
//! [`Rng`](super::Rng) on the host, so a seed means the same network on every device.
//! The trained network is plain numbers ([`Mlp`]) and predicts without burn.
//!
//! Depends on `ml::features` and burn's tensor API only; no IO, no clock, no web APIs.

mod callbacks;
mod host;
mod network;
#[cfg(test)]
mod tests;
mod train;

pub use callbacks::{EarlyStopping, Monitor, ReduceLrOnPlateau, StopRule};
pub(crate) use train::block_on;
pub use train::{MlpProgress, Trainer, cpu_device, train, train_blocking};

use super::features::{Features, sigmoid};
use crate::Result;

/// Activation of the hidden layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Activation {
    /// max(0, x).
    Relu,
    /// Scaled exponential linear unit: λ·x for x > 0, λ·α·(eˣ − 1) otherwise, with
    /// λ = 1.0507009873554805 and α = 1.6732632423543772 (the CMS exercise's choice).
    Selu,
    /// tanh(x).
    Tanh,
    /// 1 / (1 + e⁻ˣ) (scikit-learn calls it "logistic").
    Sigmoid,
}

/// SELU's λ (Klambauer et al. 2017, as in Keras and PyTorch).
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;
/// SELU's α.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;

impl Activation {
    /// The activation of one value.
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Self::Relu => x.max(0.0),
            Self::Selu => SELU_SCALE * if x > 0.0 { x } else { SELU_ALPHA * x.exp_m1() },
            Self::Tanh => x.tanh(),
            Self::Sigmoid => sigmoid(x),
        }
    }
}

/// The output layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Output {
    /// One unit with a sigmoid: P(signal) (Keras `Dense(1, activation="sigmoid")`).
    Sigmoid,
    /// Two units with a softmax, P(background) and P(signal) (the HSF lesson's networks).
    /// Its cross-entropy equals the sigmoid's on the difference of the two logits.
    Softmax,
}

impl Output {
    /// Units in the output layer.
    pub fn units(self) -> usize {
        match self {
            Self::Sigmoid => 1,
            Self::Softmax => 2,
        }
    }
}

/// How the initial weights are drawn (fan_in, fan_out = the layer's inputs and outputs).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Initializer {
    /// Keras's default: weights uniform in ±√(6 / (fan_in + fan_out)), biases 0.
    GlorotUniform,
    /// Keras's `"normal"`: weights Gaussian with mean 0 and this standard deviation (0.05 in
    /// Keras), biases 0.
    Normal {
        /// Standard deviation.
        stddev: f64,
    },
    /// scikit-learn's MLP: weights and biases uniform in ±√(k / (fan_in + fan_out)), k = 2 for a
    /// sigmoid activation, 6 otherwise.
    Sklearn,
    /// PyTorch's `nn.Linear`: weights and biases uniform in ±1/√fan_in.
    Torch,
}

/// The optimiser and its own settings (the learning rate is in [`MlpParams`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Optimizer {
    /// Stochastic gradient descent: v ← μ·v + g, w ← w − η·v (PyTorch's form; the same steps
    /// as Keras's at a constant rate).
    Sgd {
        /// μ (0 = plain gradient descent).
        momentum: f64,
        /// Nesterov's variant.
        nesterov: bool,
    },
    /// Adam (Kingma & Ba).
    Adam {
        /// Decay of the first moment (0.9).
        beta_1: f64,
        /// Decay of the second moment (0.999).
        beta_2: f64,
        /// ε added to √v (Keras 1e-7, scikit-learn 1e-8).
        epsilon: f64,
    },
    /// RMSprop: s ← ρ·s + (1 − ρ)·g², w ← w − η·g / (√s + ε).
    RmsProp {
        /// ρ (Keras 0.9).
        rho: f64,
        /// Momentum (Keras 0).
        momentum: f64,
        /// ε (Keras 1e-7).
        epsilon: f64,
    },
}

impl Optimizer {
    /// Keras's default Adam.
    pub const ADAM: Self = Self::Adam {
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
    };
    /// Keras's default RMSprop.
    pub const RMS_PROP: Self = Self::RmsProp {
        rho: 0.9,
        momentum: 0.0,
        epsilon: 1e-7,
    };
    /// Plain stochastic gradient descent.
    pub const SGD: Self = Self::Sgd {
        momentum: 0.0,
        nesterov: false,
    };
}

/// Everything that defines an MLP training, with Keras's names where Keras has one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MlpParams {
    /// Units of each hidden layer, input side first (the CMS network: `[50, 10, 5]`).
    pub hidden_layers: Vec<usize>,
    /// Activation of every hidden layer.
    pub activation: Activation,
    /// Dropout rate after every hidden layer, in [0, 1) (0 = none).
    pub dropout: f64,
    /// The output layer.
    pub output: Output,
    /// Initial weights.
    pub initializer: Initializer,
    /// The optimiser.
    pub optimizer: Optimizer,
    /// Initial learning rate η.
    pub learning_rate: f64,
    /// L2 penalty α on the weights (not biases), added to each batch's loss as
    /// α·Σw² / (2·batch size), as scikit-learn's `alpha` (0 = none).
    pub l2: f64,
    /// Events per gradient step (the last batch of an epoch may be smaller).
    pub batch_size: usize,
    /// Passes over the training events (fewer if early stopping ends training).
    pub epochs: usize,
    /// Fraction of the events held out to validate, taken from the end as Keras's
    /// `validation_split` does (0 = none).
    pub validation_split: f64,
    /// When above 0, the first this many events validate instead and `validation_split` is
    /// ignored: the HSF tutorial's `X_train[:100]` (its PyTorch loop takes the first 100
    /// training events). Files written before there was a choice have none.
    #[serde(default)]
    pub validation_first: usize,
    /// Reshuffle the training events before every epoch.
    pub shuffle: bool,
    /// Stop when the monitored quantity stops improving.
    pub early_stopping: Option<EarlyStopping>,
    /// Lower the learning rate when the monitored quantity stops improving.
    pub reduce_lr: Option<ReduceLrOnPlateau>,
    /// Seed of initial weights, shuffles and dropout.
    pub seed: u64,
}

impl MlpParams {
    /// Whether some training events are kept aside to validate (a fraction, or the first few).
    pub fn validates(&self) -> bool {
        self.validation_first > 0 || self.validation_split > 0.0
    }
}

impl Default for MlpParams {
    /// scikit-learn's `MLPClassifier()` defaults (one hidden layer of 100 ReLU units, Adam at
    /// 0.001, α = 1e-4, batches of 200, 200 epochs, stop when the training loss has not dropped
    /// by 1e-4 for more than 10 epochs), which the dark-matter notebook uses.
    fn default() -> Self {
        Self {
            hidden_layers: vec![100],
            activation: Activation::Relu,
            dropout: 0.0,
            output: Output::Sigmoid,
            initializer: Initializer::Sklearn,
            optimizer: Optimizer::Adam {
                beta_1: 0.9,
                beta_2: 0.999,
                epsilon: 1e-8,
            },
            learning_rate: 1e-3,
            l2: 1e-4,
            batch_size: 200,
            epochs: 200,
            validation_split: 0.0,
            validation_first: 0,
            shuffle: true,
            early_stopping: Some(EarlyStopping {
                monitor: Monitor::Loss,
                min_delta: 1e-4,
                patience: 10,
                restore_best_weights: false,
                rule: StopRule::Sklearn,
            }),
            reduce_lr: None,
            seed: 0,
        }
    }
}

/// One fully connected layer: `out = in · weights + bias`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dense {
    /// Inputs.
    pub n_in: usize,
    /// Outputs.
    pub n_out: usize,
    /// Row-major `[n_in][n_out]`.
    pub weights: Vec<f32>,
    /// One per output.
    pub bias: Vec<f32>,
}

impl Dense {
    fn forward(&self, input: &[f64], out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.bias.iter().map(|&b| f64::from(b)));
        for (x, row) in input.iter().zip(self.weights.chunks_exact(self.n_out)) {
            for (o, &w) in out.iter_mut().zip(row) {
                *o += x * f64::from(w);
            }
        }
    }
}

/// What happened in one epoch, as Keras's `History` records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EpochRecord {
    /// Epoch number, from 1.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches (with dropout active), weighted by batch
    /// size.
    pub loss: f64,
    /// Fraction of training events classified right (score > 0.5) during the epoch.
    pub accuracy: f64,
    /// The same, each event counted with its weight.
    pub weighted_accuracy: f64,
    /// Validation loss after the epoch (no dropout).
    pub val_loss: Option<f64>,
    /// Validation accuracy after the epoch.
    pub val_accuracy: Option<f64>,
    /// Weighted validation accuracy after the epoch.
    pub val_weighted_accuracy: Option<f64>,
    /// Learning rate used in this epoch.
    pub learning_rate: f64,
}

impl EpochRecord {
    /// The value a callback monitors (`None` if it needs validation events and there are none).
    pub fn monitored(&self, monitor: Monitor) -> Option<f64> {
        match monitor {
            Monitor::Loss => Some(self.loss),
            Monitor::ValLoss => self.val_loss,
            Monitor::Accuracy => Some(self.accuracy),
            Monitor::ValAccuracy => self.val_accuracy,
        }
    }
}

/// A trained network.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mlp {
    /// Input variable names, in column order.
    pub feature_names: Vec<String>,
    /// Hidden layers then the output layer.
    pub layers: Vec<Dense>,
    /// Hidden activation.
    pub activation: Activation,
    /// Output layer kind.
    pub output: Output,
    /// One record per epoch run.
    pub history: Vec<EpochRecord>,
    /// Epoch (from 1) whose weights these are when early stopping restored the best ones.
    pub restored_epoch: Option<usize>,
    /// Epoch (from 1) after which early stopping ended training.
    pub stopped_epoch: Option<usize>,
}

impl Mlp {
    /// Signal probability of each event.
    pub fn predict_proba(&self, features: &Features) -> Result<Vec<f64>> {
        features.check_names(&self.feature_names)?;
        let n = features.n_rows();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut scores = Vec::with_capacity(n);
        for row in 0..n {
            a.clear();
            a.extend(features.columns.iter().map(|c| c[row]));
            let last = self.layers.len().saturating_sub(1);
            for (i, layer) in self.layers.iter().enumerate() {
                layer.forward(&a, &mut b);
                if i < last {
                    b.iter_mut().for_each(|v| *v = self.activation.apply(*v));
                }
                std::mem::swap(&mut a, &mut b);
            }
            let logit = match self.output {
                Output::Sigmoid => a[0],
                Output::Softmax => a[1] - a[0],
            };
            scores.push(sigmoid(logit));
        }
        Ok(scores)
    }

    /// Trainable numbers (weights and biases).
    pub fn n_parameters(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + l.bias.len())
            .sum()
    }
}
