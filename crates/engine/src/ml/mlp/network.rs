//! The network as a burn module: fully connected layers whose initial values come from our own
//! seeded generator, a forward pass with host-drawn dropout masks, and the weighted
//! cross-entropy. Everything here runs on the device the tensors live on.

use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::{Device, Tensor, TensorData, activation};

use super::{Activation, Dense, Initializer, MlpParams, SELU_ALPHA, SELU_SCALE};
use crate::ml::Rng;

/// Hidden layers then the output layer.
#[derive(Module, Debug)]
pub struct Network {
    layers: Vec<Linear>,
}

/// Initial weights and biases of a `n_in → n_out` layer, drawn from `rng`.
fn initial_layer(
    init: Initializer,
    activation: Activation,
    n_in: usize,
    n_out: usize,
    rng: &mut Rng,
) -> Dense {
    let fans = (n_in + n_out) as f64;
    let mut uniform = |limit: f64, count: usize| -> Vec<f32> {
        (0..count)
            .map(|_| ((2.0 * rng.uniform() - 1.0) * limit) as f32)
            .collect()
    };
    let (weights, bias) = match init {
        Initializer::GlorotUniform => {
            (uniform((6.0 / fans).sqrt(), n_in * n_out), vec![0.0; n_out])
        }
        Initializer::Normal { stddev } => (
            (0..n_in * n_out)
                .map(|_| (rng.normal() * stddev) as f32)
                .collect(),
            vec![0.0; n_out],
        ),
        Initializer::Sklearn => {
            let k = if activation == Activation::Sigmoid {
                2.0
            } else {
                6.0
            };
            let limit = (k / fans).sqrt();
            (uniform(limit, n_in * n_out), uniform(limit, n_out))
        }
        Initializer::Torch => {
            let limit = 1.0 / (n_in as f64).sqrt();
            (uniform(limit, n_in * n_out), uniform(limit, n_out))
        }
    };
    Dense {
        n_in,
        n_out,
        weights,
        bias,
    }
}

/// The seeded initial layers for `n_inputs` inputs.
pub fn initial_layers(params: &MlpParams, n_inputs: usize, rng: &mut Rng) -> Vec<Dense> {
    let mut sizes = vec![n_inputs];
    sizes.extend(&params.hidden_layers);
    sizes.push(params.output.units());
    sizes
        .windows(2)
        .map(|w| initial_layer(params.initializer, params.activation, w[0], w[1], rng))
        .collect()
}

impl Network {
    /// The network holding `layers`, on `device`.
    pub fn from_layers(layers: &[Dense], device: &Device) -> Self {
        let layers = layers
            .iter()
            .map(|d| Linear {
                weight: Param::from_tensor(Tensor::from_data(
                    TensorData::new(d.weights.clone(), [d.n_in, d.n_out]),
                    device,
                )),
                bias: Some(Param::from_tensor(Tensor::from_data(
                    TensorData::new(d.bias.clone(), [d.n_out]),
                    device,
                ))),
            })
            .collect();
        Self { layers }
    }

    /// Logit of P(signal) for each row of `x` (`[rows, inputs]` → `[rows]`). `masks` holds one
    /// dropout mask per hidden layer (0 or 1/(1 − rate) per unit) while training.
    pub fn forward(
        &self,
        x: Tensor<2>,
        activation: Activation,
        masks: Option<&[Tensor<2>]>,
    ) -> Tensor<1> {
        let last = self.layers.len() - 1;
        let mut a = x;
        for (i, layer) in self.layers.iter().enumerate() {
            a = layer.forward(a);
            if i < last {
                a = activate(a, activation);
                if let Some(mask) = masks.and_then(|m| m.get(i)) {
                    a = a * mask.clone();
                }
            }
        }
        let [rows, units] = a.dims();
        if units == 2 {
            // Two-way softmax: P(signal) = sigmoid(z₁ − z₀).
            (a.clone().narrow(1, 1, 1) - a.narrow(1, 0, 1)).reshape([rows])
        } else {
            a.reshape([rows])
        }
    }

    /// Σ of the squared weights (not biases), for the L2 penalty.
    pub fn squared_weights(&self) -> Tensor<1> {
        self.layers
            .iter()
            .map(|l| l.weight.val().square().sum())
            .reduce(|a, b| a + b)
            .expect("a network has at least its output layer")
    }

    /// Weights and biases, read back from the device.
    pub async fn read(&self) -> crate::Result<Vec<Dense>> {
        let mut out = Vec::with_capacity(self.layers.len());
        for l in &self.layers {
            let [n_in, n_out] = l.weight.dims();
            let weights = read_vec(l.weight.val()).await?;
            let bias = match &l.bias {
                Some(b) => read_vec(b.val()).await?,
                None => vec![0.0; n_out],
            };
            out.push(Dense {
                n_in,
                n_out,
                weights,
                bias,
            });
        }
        Ok(out)
    }
}

/// The values of a tensor, read back without blocking (WebGPU cannot read synchronously).
pub async fn read_vec<const D: usize>(t: Tensor<D>) -> crate::Result<Vec<f32>> {
    let data = t
        .into_data_async()
        .await
        .map_err(|e| crate::Error::Model(format!("reading from the device failed: {e:?}")))?;
    data.try_to_vec::<f32>()
        .map_err(|e| crate::Error::Model(format!("reading from the device failed: {e:?}")))
}

fn activate(x: Tensor<2>, activation: Activation) -> Tensor<2> {
    match activation {
        Activation::Relu => activation::relu(x),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        // Written out rather than burn's `selu` so its constants are visibly Keras's.
        Activation::Selu => {
            let negative = (x.clone().clamp_max(0.0).exp() - 1.0) * SELU_ALPHA;
            (x.clamp_min(0.0) + negative) * SELU_SCALE
        }
    }
}

/// Per-event binary cross-entropy from logits, −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))], in the
/// overflow-free form max(z, 0) − z·y + ln(1 + e^−|z|).
pub fn cross_entropy(logits: Tensor<1>, targets: Tensor<1>) -> Tensor<1> {
    let soft = (logits.clone().abs().neg().exp()).log1p();
    activation::relu(logits.clone()) - logits * targets + soft
}
