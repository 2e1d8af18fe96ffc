//! The training loop: batches, optimiser steps, per-epoch metrics, validation, callbacks,
//! progress and cancel. It is `async` only because WebGPU reads results back asynchronously; on
//! the CPU every await is ready at once and [`train_blocking`] drives it. On the CPU the batches
//! run on the host path ([`super::host`]); on any other device, on burn. The dropout masks,
//! shuffles and initial weights are drawn here, once, for either.

use std::future::Future;
use std::ops::Range;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig};
use burn::tensor::{Device, Tensor, TensorData};

use super::callbacks::{EarlyStoppingState, ReduceLrState, Verdict};
use super::host::HostNet;
use super::network::{Network, cross_entropy, initial_layers, read_vec};
use super::{Dense, EpochRecord, Mlp, MlpParams, Optimizer};
use crate::ml::Rng;
use crate::ml::features::Features;
use crate::{Error, Result};

/// What the loop reports while it runs.
#[derive(Debug, Clone, Copy)]
pub enum MlpProgress<'a> {
    /// `done` of at most `total` batches (all epochs) are finished.
    Batch {
        /// Batches finished.
        done: usize,
        /// Batches if every epoch runs.
        total: usize,
    },
    /// An epoch ended (its metrics, for live curves).
    Epoch(&'a EpochRecord),
}

/// The CPU device: burn's pure-Rust "flex" backend, which also runs in wasm.
pub fn cpu_device() -> Device {
    Device::flex()
}

/// [`train`] on the CPU, waiting for it.
pub fn train_blocking(
    features: &Features,
    labels: &[u8],
    weights: Option<&[f64]>,
    params: &MlpParams,
    observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
) -> Result<Mlp> {
    block_on(train(
        features,
        labels,
        weights,
        params,
        &cpu_device(),
        observe,
    ))
}

/// Polls `future` until it is ready. The CPU backend never leaves a read pending, so this spins
/// at most a few times; it needs no runtime and works in wasm.
pub(crate) fn block_on<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::hint::spin_loop();
    }
}

/// Host-side copy of the events, row-major, as the network takes them.
struct Rows {
    x: Vec<f32>,
    y: Vec<f32>,
    w: Vec<f32>,
    n_features: usize,
}

impl Rows {
    fn new(features: &Features, labels: &[u8], weights: Option<&[f64]>) -> Result<Self> {
        let n = features.n_rows();
        let d = features.n_features();
        let mut x = Vec::with_capacity(n * d);
        for row in 0..n {
            for col in &features.columns {
                let v = col[row];
                if !v.is_finite() {
                    return Err(Error::Model(
                        "a neural network needs a value for every input: drop the events with \
                         missing values first"
                            .into(),
                    ));
                }
                x.push(v as f32);
            }
        }
        Ok(Self {
            x,
            y: labels.iter().map(|&l| f32::from(l.min(1))).collect(),
            w: weights.map_or_else(|| vec![1.0; n], |w| w.iter().map(|&v| v as f32).collect()),
            n_features: d,
        })
    }

    /// The events at `rows` into `x` (input-major, `[d][n]`, as the host path takes them), `y`
    /// and `w`.
    fn gather(&self, rows: &[usize], x: &mut Vec<f32>, y: &mut Vec<f32>, w: &mut Vec<f32>) {
        let d = self.n_features;
        x.clear();
        for k in 0..d {
            x.extend(rows.iter().map(|&r| self.x[r * d + k]));
        }
        y.clear();
        y.extend(rows.iter().map(|&r| self.y[r]));
        w.clear();
        w.extend(rows.iter().map(|&r| self.w[r]));
    }

    /// Σ right answers (logit > 0 ⇔ signal) and their weight, for the events at `rows`.
    fn tally(&self, rows: &[usize], logits: &[f32]) -> (f64, f64) {
        let (mut right, mut weighted_right) = (0.0, 0.0);
        for (&row, &z) in rows.iter().zip(logits) {
            if (z > 0.0) == (self.y[row] > 0.5) {
                right += 1.0;
                weighted_right += f64::from(self.w[row]);
            }
        }
        (right, weighted_right)
    }

    /// The events at `rows` as tensors on `device`: inputs `[n, d]`, targets and weights `[n]`.
    fn batch(&self, rows: &[usize], device: &Device) -> (Tensor<2>, Tensor<1>, Tensor<1>) {
        let d = self.n_features;
        let mut x = Vec::with_capacity(rows.len() * d);
        for &r in rows {
            x.extend_from_slice(&self.x[r * d..(r + 1) * d]);
        }
        let pick = |v: &[f32]| rows.iter().map(|&r| v[r]).collect::<Vec<f32>>();
        (
            Tensor::from_data(TensorData::new(x, [rows.len(), d]), device),
            Tensor::from_data(TensorData::new(pick(&self.y), [rows.len()]), device),
            Tensor::from_data(TensorData::new(pick(&self.w), [rows.len()]), device),
        )
    }
}

fn check(params: &MlpParams, n_events: usize) -> Result<()> {
    let bad = |msg: &str| Err(Error::Model(msg.into()));
    if params.hidden_layers.contains(&0) {
        return bad("every hidden layer needs at least one unit");
    }
    if !(0.0..1.0).contains(&params.dropout) {
        return bad("the dropout rate must be at least 0 and below 1");
    }
    if !(params.learning_rate.is_finite() && params.learning_rate > 0.0) {
        return bad("the learning rate must be a positive number");
    }
    if !(params.l2.is_finite() && params.l2 >= 0.0) {
        return bad("the L2 penalty must be zero or positive");
    }
    if params.batch_size == 0 || params.epochs == 0 {
        return bad("batch size and epochs must be at least 1");
    }
    if !(0.0..1.0).contains(&params.validation_split) {
        return bad("the validation fraction must be at least 0 and below 1");
    }
    let (training, _) = parts(n_events, params);
    let n_train = training.len();
    if n_train == 0 {
        return bad("no events are left to train on");
    }
    let monitors = [
        params.early_stopping.map(|e| e.monitor),
        params.reduce_lr.map(|r| r.monitor),
    ];
    if n_train == n_events && monitors.iter().flatten().any(|m| m.needs_validation()) {
        return bad(
            "early stopping or the learning-rate schedule watches a validation \
                    quantity: set a validation fraction above 0",
        );
    }
    Ok(())
}

/// The events that train and the events that validate. Keras: the first ⌊n·(1 − split)⌋
/// events train, the rest validate; with `validation_first = k`, the first k validate (at most
/// all of them) and the rest train.
fn parts(n: usize, params: &MlpParams) -> (Range<usize>, Range<usize>) {
    if params.validation_first > 0 {
        let k = params.validation_first.min(n);
        return (k..n, 0..k);
    }
    let n_train = (n as f64 * (1.0 - params.validation_split)).floor() as usize;
    (0..n_train, n_train..n)
}

fn optimizer(params: &MlpParams) -> ModuleOptimizer {
    match params.optimizer {
        Optimizer::Sgd { momentum, nesterov } => SgdConfig::new()
            .with_momentum((momentum > 0.0).then(|| {
                MomentumConfig::new()
                    .with_momentum(momentum)
                    .with_dampening(0.0)
                    .with_nesterov(nesterov)
            }))
            .init(),
        Optimizer::Adam {
            beta_1,
            beta_2,
            epsilon,
        } => AdamConfig::new()
            .with_beta_1(beta_1 as f32)
            .with_beta_2(beta_2 as f32)
            .with_epsilon(epsilon as f32)
            .init(),
        Optimizer::RmsProp {
            rho,
            momentum,
            epsilon,
        } => RmsPropConfig::new()
            .with_alpha(rho as f32)
            .with_momentum(momentum as f32)
            .with_epsilon(epsilon as f32)
            .init(),
    }
}

/// What a pass over some events leaves on the device: each batch's logits and its loss,
/// kept as they are and read back once at the end. Counting right answers on the host keeps the
/// per-batch work to the network itself (on the CPU backend every extra tensor operation costs
/// as much as a small matrix product).
#[derive(Default)]
struct Outputs {
    rows: Vec<usize>,
    logits: Vec<Tensor<1>>,
    losses: Vec<(Tensor<1>, f64)>,
}

impl Outputs {
    /// Records a batch: the events at `rows`, their logits, and a loss tensor that counts
    /// `scale` times in the total.
    fn push(&mut self, rows: &[usize], logits: Tensor<1>, loss: Tensor<1>, scale: f64) {
        self.rows.extend_from_slice(rows);
        self.logits.push(logits);
        self.losses.push((loss, scale));
    }

    /// Σ scale·loss, right answers (score > 0.5 ⇔ signal), and the weight of the right answers.
    async fn read(self, events: &Rows) -> Result<[f64; 3]> {
        if self.logits.is_empty() {
            return Ok([0.0; 3]);
        }
        let scales: Vec<f64> = self.losses.iter().map(|(_, s)| *s).collect();
        let mut parts = self.logits;
        parts.extend(self.losses.into_iter().map(|(l, _)| l));
        let values = read_vec(Tensor::cat(parts, 0)).await?;
        let (logits, losses) = values.split_at(self.rows.len());
        let loss_sum = losses
            .iter()
            .zip(&scales)
            .map(|(&l, s)| f64::from(l) * s)
            .sum();
        let (right, weighted_right) = events.tally(&self.rows, logits);
        Ok([loss_sum, right, weighted_right])
    }
}

/// Trains a network on `features` with `labels` (1 = signal) and optional `weights`, on
/// `device`. The loss of a batch of n events is Σ wᵢ·BCEᵢ / n (+ the L2 term), as Keras computes
/// it with `sample_weight`. `observe` sees every batch and every epoch; returning false cancels.
pub async fn train(
    features: &Features,
    labels: &[u8],
    weights: Option<&[f64]>,
    params: &MlpParams,
    device: &Device,
    observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
) -> Result<Mlp> {
    let mut trainer = Trainer::new(features, labels, weights, params, device)?;
    while let Some(record) = trainer.epoch(observe).await? {
        if !observe(MlpProgress::Epoch(&record)) {
            return Err(Error::Cancelled);
        }
    }
    trainer.finish().await
}

/// Which arithmetic trains the network.
enum Engine {
    /// burn's tensors on `device` (WebGPU). The network is out only during an epoch: the
    /// optimiser takes it by value.
    Burn {
        device: Device,
        net: Option<Network>,
        optim: ModuleOptimizer,
    },
    /// Plain loops on the host (the CPU).
    Host(Box<HostNet>),
}

/// Where the batches of the CPU device run: the host path, or burn's CPU backend (tests compare
/// the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CpuPath {
    Host,
    /// Only the tests that compare the two paths ask for it.
    #[cfg(test)]
    Burn,
}

/// A network learning one epoch at a time, so the playground can pause, step and look at it
/// between epochs; [`train`] is this run to the end.
pub struct Trainer {
    params: MlpParams,
    feature_names: Vec<String>,
    rows: Rows,
    rng: Rng,
    engine: Engine,
    hidden: Vec<usize>,
    early: Option<EarlyStoppingState>,
    reduce: Option<ReduceLrState>,
    /// The best epoch so far and its layers (on the device for burn: read back only if used).
    best: Option<(usize, Kept)>,
    learning_rate: f64,
    history: Vec<EpochRecord>,
    stopped_epoch: Option<usize>,
    order: Vec<usize>,
    val_rows: Vec<usize>,
    train_weight: f64,
    val_weight: f64,
}

/// A network kept for restoring the best epoch.
enum Kept {
    Burn(Network),
    Host(Vec<Dense>),
}

impl Trainer {
    /// Checks the settings and initialises the network (nothing is trained yet).
    pub fn new(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &MlpParams,
        device: &Device,
    ) -> Result<Self> {
        Self::new_on(features, labels, weights, params, device, CpuPath::Host)
    }

    /// [`Trainer::new`], the CPU device's batches on `cpu`.
    pub(super) fn new_on(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &MlpParams,
        device: &Device,
        cpu: CpuPath,
    ) -> Result<Self> {
        features.check_targets(labels, weights)?;
        let n = features.n_rows();
        check(params, n)?;
        let rows = Rows::new(features, labels, weights)?;
        let (training, validation) = parts(n, params);
        let mut rng = Rng::new(params.seed, 0);
        let layers = initial_layers(params, features.n_features(), &mut rng);
        let hidden = layers[..layers.len() - 1].iter().map(|d| d.n_out).collect();
        let engine = if *device == cpu_device() && cpu == CpuPath::Host {
            Engine::Host(Box::new(HostNet::new(&layers, params)))
        } else {
            let device = device.clone().autodiff();
            Engine::Burn {
                net: Some(Network::from_layers(&layers, &device)),
                device,
                optim: optimizer(params),
            }
        };
        let sum = |r: Range<usize>| rows.w[r].iter().map(|&w| f64::from(w)).sum::<f64>();
        Ok(Self {
            hidden,
            engine,
            early: params.early_stopping.map(EarlyStoppingState::new),
            reduce: params.reduce_lr.map(ReduceLrState::new),
            best: None,
            learning_rate: params.learning_rate,
            history: Vec::new(),
            stopped_epoch: None,
            train_weight: sum(training.clone()),
            val_weight: sum(validation.clone()),
            order: training.collect(),
            val_rows: validation.collect(),
            feature_names: features.names.clone(),
            params: params.clone(),
            rows,
            rng,
        })
    }

    /// Epochs trained so far.
    pub fn epochs_done(&self) -> usize {
        self.history.len()
    }

    /// Epochs if early stopping does not end the training first.
    pub fn epochs_planned(&self) -> usize {
        self.params.epochs
    }

    /// True once every epoch has run or early stopping ended the training.
    pub fn is_done(&self) -> bool {
        self.stopped_epoch.is_some() || self.history.len() >= self.params.epochs
    }

    /// Trains one more epoch and returns its record; `None` when training is over. `observe`
    /// sees every batch (false cancels).
    pub async fn epoch(
        &mut self,
        observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
    ) -> Result<Option<EpochRecord>> {
        if self.is_done() {
            return Ok(None);
        }
        let epoch = self.history.len();
        let n_train = self.order.len();
        if self.params.shuffle {
            self.rng.shuffle(&mut self.order);
        }
        let batches = Batches {
            rows: &self.rows,
            order: &self.order,
            params: &self.params,
            hidden: &self.hidden,
            first: epoch * n_train.div_ceil(self.params.batch_size),
            total: n_train.div_ceil(self.params.batch_size) * self.params.epochs,
            learning_rate: self.learning_rate,
        };
        let [loss_sum, right, weighted_right] = match &mut self.engine {
            Engine::Burn { device, net, optim } => {
                batches
                    .run_burn(device, net, optim, &mut self.rng, observe)
                    .await?
            }
            Engine::Host(net) => batches.run_host(net, &mut self.rng, observe)?,
        };
        let mut record = EpochRecord {
            epoch: epoch + 1,
            loss: loss_sum / n_train as f64,
            accuracy: right / n_train as f64,
            weighted_accuracy: weighted_right / self.train_weight,
            val_loss: None,
            val_accuracy: None,
            val_weighted_accuracy: None,
            learning_rate: self.learning_rate,
        };
        if !self.val_rows.is_empty() {
            let [loss_sum, right, weighted_right] = self.validate().await?;
            let n_val = self.val_rows.len() as f64;
            record.val_loss = Some(loss_sum / n_val);
            record.val_accuracy = Some(right / n_val);
            record.val_weighted_accuracy = Some(weighted_right / self.val_weight);
        }
        if !record.loss.is_finite() {
            return Err(Error::Model(format!(
                "the training loss became {} in epoch {}: lower the learning rate or \
                 standardise the inputs",
                record.loss, record.epoch
            )));
        }
        self.callbacks(epoch, &record);
        self.history.push(record.clone());
        Ok(Some(record))
    }

    /// Validation sums (no dropout): Σ w·BCE, right answers and their weight.
    async fn validate(&mut self) -> Result<[f64; 3]> {
        match &mut self.engine {
            Engine::Burn { device, net, .. } => {
                let net = net.as_ref().ok_or(Error::Cancelled)?;
                evaluate(net, &self.rows, &self.val_rows, &self.params, device).await
            }
            Engine::Host(net) => Ok(evaluate_host(net, &self.rows, &self.val_rows)),
        }
    }

    /// The learning-rate schedule and early stopping after an epoch.
    fn callbacks(&mut self, epoch: usize, record: &EpochRecord) {
        if let (Some(state), Some(config)) = (&mut self.reduce, self.params.reduce_lr)
            && let Some(v) = record.monitored(config.monitor)
        {
            self.learning_rate = state.update(v, self.learning_rate);
        }
        if let (Some(state), Some(config)) = (&mut self.early, self.params.early_stopping)
            && let Some(v) = record.monitored(config.monitor)
        {
            match state.update(epoch, v) {
                Verdict::Improved if config.restore_best_weights => {
                    let kept = match &self.engine {
                        Engine::Burn { net, .. } => net.clone().map(Kept::Burn),
                        Engine::Host(net) => Some(Kept::Host(net.layers())),
                    };
                    self.best = kept.map(|k| (epoch + 1, k));
                }
                Verdict::Stop => self.stopped_epoch = Some(epoch + 1),
                Verdict::Improved | Verdict::Wait => {}
            }
        }
    }

    /// The layers as they are now (only a cancelled epoch leaves none).
    async fn layers(&self) -> Result<Vec<Dense>> {
        match &self.engine {
            Engine::Burn { net, .. } => net.as_ref().ok_or(Error::Cancelled)?.read().await,
            Engine::Host(net) => Ok(net.layers()),
        }
    }

    /// The network as it is now (without restoring the best epoch), to look at mid-training.
    pub async fn current(&self) -> Result<Mlp> {
        Ok(self.model(self.layers().await?, None))
    }

    fn model(&self, layers: Vec<Dense>, restored_epoch: Option<usize>) -> Mlp {
        Mlp {
            feature_names: self.feature_names.clone(),
            layers,
            activation: self.params.activation,
            output: self.params.output,
            history: self.history.clone(),
            restored_epoch,
            stopped_epoch: self.stopped_epoch,
        }
    }

    /// The trained network: Keras 3 restores the best weights when training ends, whether or
    /// not it stopped early.
    pub async fn finish(self) -> Result<Mlp> {
        let restored_epoch = self.best.as_ref().map(|(e, _)| *e);
        let layers = match &self.best {
            Some((_, Kept::Burn(net))) => net.read().await?,
            Some((_, Kept::Host(layers))) => layers.clone(),
            None => self.layers().await?,
        };
        Ok(self.model(layers, restored_epoch))
    }
}

/// One epoch's batches: the events in their order, the settings, and where the progress count
/// stands.
struct Batches<'a> {
    rows: &'a Rows,
    order: &'a [usize],
    params: &'a MlpParams,
    hidden: &'a [usize],
    /// Batches finished before this epoch.
    first: usize,
    /// Batches if every epoch runs.
    total: usize,
    learning_rate: f64,
}

impl Batches<'_> {
    /// A dropout mask per hidden layer for a batch of `size` events (0, or 1/(1 − rate) for a
    /// kept unit), drawn row by row from `rng` and stored row-major (`[size][units]`, burn's
    /// layout) or unit-major (`[units][size]`, the host path's); none without dropout.
    fn masks(&self, size: usize, rng: &mut Rng, unit_major: bool) -> Option<Vec<Vec<f32>>> {
        let rate = self.params.dropout;
        let kept = (1.0 / (1.0 - rate)) as f32;
        // rng.uniform() < rate, compared on the 53 bits it is made of: u·2⁻⁵³ < rate ⇔
        // u < ⌈rate·2⁵³⌉ for an integer u (exact: the scaling is by a power of two).
        let below = (rate * (1_u64 << 53) as f64).ceil() as u64;
        (rate > 0.0).then(|| {
            self.hidden
                .iter()
                .map(|&units| {
                    let mut mask = vec![0.0_f32; size * units];
                    for r in 0..size {
                        for j in 0..units {
                            let at = if unit_major {
                                j * size + r
                            } else {
                                r * units + j
                            };
                            let keep = (rng.next_u64() >> 11) >= below;
                            mask[at] = if keep { kept } else { 0.0 };
                        }
                    }
                    mask
                })
                .collect()
        })
    }

    fn progress(&self, b: usize, observe: &mut dyn FnMut(MlpProgress<'_>) -> bool) -> Result<()> {
        let going = observe(MlpProgress::Batch {
            done: self.first + b + 1,
            total: self.total,
        });
        if going { Ok(()) } else { Err(Error::Cancelled) }
    }

    /// The epoch on the host: Σ batch loss × size, right answers and their weight.
    fn run_host(
        &self,
        net: &mut HostNet,
        rng: &mut Rng,
        observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
    ) -> Result<[f64; 3]> {
        let (mut x, mut y, mut w, mut logits) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut sums = [0.0; 3];
        for (b, chunk) in self.order.chunks(self.params.batch_size).enumerate() {
            self.rows.gather(chunk, &mut x, &mut y, &mut w);
            let masks = self.masks(chunk.len(), rng, true);
            logits.clear();
            let loss = net.step(
                (&x, &y, &w),
                masks,
                self.params.l2,
                self.learning_rate,
                &mut logits,
            );
            let (right, weighted_right) = self.rows.tally(chunk, &logits);
            sums[0] += loss * chunk.len() as f64;
            sums[1] += right;
            sums[2] += weighted_right;
            self.progress(b, observe)?;
        }
        Ok(sums)
    }

    /// The epoch on burn's `device`.
    async fn run_burn(
        &self,
        device: &Device,
        slot: &mut Option<Network>,
        optim: &mut ModuleOptimizer,
        rng: &mut Rng,
        observe: &mut dyn FnMut(MlpProgress<'_>) -> bool,
    ) -> Result<[f64; 3]> {
        let params = self.params;
        let mut net = slot.take().ok_or(Error::Cancelled)?;
        let mut outputs = Outputs::default();
        for (b, chunk) in self.order.chunks(params.batch_size).enumerate() {
            let (x, y, w) = self.rows.batch(chunk, device);
            let size = chunk.len();
            let masks = self.masks(size, rng, false).map(|masks| {
                masks
                    .into_iter()
                    .zip(self.hidden)
                    .map(|(m, &units)| {
                        Tensor::<2>::from_data(TensorData::new(m, [size, units]), device)
                    })
                    .collect::<Vec<_>>()
            });
            let logits = net.forward(x, params.activation, masks.as_deref());
            let weighted = (cross_entropy(logits.clone(), y) * w).sum();
            let mut loss = weighted / size as f64;
            if params.l2 > 0.0 {
                loss = loss + net.squared_weights() * (params.l2 / (2.0 * size as f64));
            }
            let grads = GradientsParams::from_grads(loss.backward(), &net);
            outputs.push(chunk, logits.detach(), loss.detach(), size as f64);
            net = optim.step(self.learning_rate, net, grads);
            self.progress(b, observe)?;
        }
        *slot = Some(net);
        outputs.read(self.rows).await
    }
}

/// Validation sums on the host, in chunks.
fn evaluate_host(net: &mut HostNet, rows: &Rows, val_rows: &[usize]) -> [f64; 3] {
    const CHUNK: usize = 8192;
    let (mut x, mut y, mut w, mut logits) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut sums = [0.0; 3];
    for chunk in val_rows.chunks(CHUNK) {
        rows.gather(chunk, &mut x, &mut y, &mut w);
        logits.clear();
        net.logits(&x, chunk.len(), &mut logits);
        for ((&z, &y), &w) in logits.iter().zip(&y).zip(&w) {
            let bce = z.max(0.0) - z * y + (-z.abs()).exp().ln_1p();
            sums[0] += f64::from(w * bce);
        }
        let (right, weighted_right) = rows.tally(chunk, &logits);
        sums[1] += right;
        sums[2] += weighted_right;
    }
    sums
}

/// Validation sums (no dropout), in chunks so a large validation set never needs one huge
/// tensor.
async fn evaluate(
    net: &Network,
    rows: &Rows,
    val_rows: &[usize],
    params: &MlpParams,
    device: &Device,
) -> Result<[f64; 3]> {
    const CHUNK: usize = 8192;
    let mut outputs = Outputs::default();
    for chunk in val_rows.chunks(CHUNK) {
        let (x, y, w) = rows.batch(chunk, device);
        let logits = net.forward(x, params.activation, None).detach();
        let loss_sum = (cross_entropy(logits.clone(), y) * w).sum();
        outputs.push(chunk, logits, loss_sum, 1.0);
    }
    outputs.read(rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_is_the_last_fraction_or_the_first_events() {
        let params = |split: f64, first: usize| MlpParams {
            validation_split: split,
            validation_first: first,
            ..MlpParams::default()
        };
        // Keras: ⌊10 · 0.8⌋ = 8 train, the last 2 validate.
        assert_eq!(parts(10, &params(0.2, 0)), (0..8, 8..10));
        // The HSF tutorial's X_train[:100]: the first k validate, whatever the fraction says.
        assert_eq!(parts(10, &params(0.2, 3)), (3..10, 0..3));
        assert_eq!(parts(10, &params(0.0, 0)), (0..10, 10..10));
        // More validation events than events: nothing is left to train on, and training says so.
        assert_eq!(parts(10, &params(0.0, 12)), (10..10, 0..10));
        let e = check(&params(0.0, 12), 10).expect_err("no training events");
        assert!(e.to_string().contains("no events are left"), "{e}");
    }
}
