//! Keras's two training callbacks, as plain state machines fed one number per epoch: early
//! stopping and learning-rate reduction on a plateau. Kept apart from the network so their rules
//! can be tested on scripted loss curves, and so they behave exactly as the CMS exercise's
//! `keras.callbacks.EarlyStopping` and `ReduceLROnPlateau` do.
//!
//! No burn, no tensors: the training loop decides what "restore the best weights" means.

/// The quantity a callback watches, as Keras names it in `logs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Monitor {
    /// Training loss (`"loss"`), lower is better.
    Loss,
    /// Validation loss (`"val_loss"`), lower is better.
    ValLoss,
    /// Training accuracy (`"accuracy"`), higher is better.
    Accuracy,
    /// Validation accuracy (`"val_accuracy"`), higher is better.
    ValAccuracy,
}

impl Monitor {
    /// Keras's key for this quantity.
    pub fn key(self) -> &'static str {
        match self {
            Self::Loss => "loss",
            Self::ValLoss => "val_loss",
            Self::Accuracy => "accuracy",
            Self::ValAccuracy => "val_accuracy",
        }
    }

    /// Whether larger values are better (Keras's `mode="auto"`: accuracies are maximised).
    pub fn maximise(self) -> bool {
        matches!(self, Self::Accuracy | Self::ValAccuracy)
    }

    /// Whether it needs validation events.
    pub fn needs_validation(self) -> bool {
        matches!(self, Self::ValLoss | Self::ValAccuracy)
    }

    /// `current` beats `best` by more than `min_delta` (Keras: `current < best − min_delta` when
    /// minimising, `current > best + min_delta` when maximising).
    fn improves(self, current: f64, best: f64, min_delta: f64) -> bool {
        if self.maximise() {
            current > best + min_delta
        } else {
            current < best - min_delta
        }
    }

    fn worst(self) -> f64 {
        if self.maximise() {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }
    }
}

/// `keras.callbacks.EarlyStopping`: stop when the monitored quantity has not improved for
/// `patience` epochs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EarlyStopping {
    /// What to watch (Keras default `val_loss`).
    pub monitor: Monitor,
    /// Smallest change that counts as an improvement (Keras default 0).
    pub min_delta: f64,
    /// Epochs without improvement before stopping (Keras default 0).
    pub patience: usize,
    /// Put back the weights of the best epoch when training ends (Keras default false).
    pub restore_best_weights: bool,
    /// Whose counting rule to follow.
    #[serde(default)]
    pub rule: StopRule,
}

/// The two libraries count "epochs without improvement" slightly differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StopRule {
    /// Keras: the best value only moves on a gain larger than `min_delta`; stop once
    /// `patience` epochs in a row brought none.
    #[default]
    Keras,
    /// scikit-learn's `MLPClassifier` (`tol` = `min_delta`, `n_iter_no_change` = `patience`):
    /// the best value follows every decrease, an epoch counts as stale when it is not `tol`
    /// below the best so far, and training stops when more than `patience` epochs in a row were
    /// stale.
    Sklearn,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        Self {
            monitor: Monitor::ValLoss,
            min_delta: 0.0,
            patience: 0,
            restore_best_weights: false,
            rule: StopRule::Keras,
        }
    }
}

/// What early stopping says after an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// This epoch is the best so far: remember its weights if they are to be restored.
    Improved,
    /// No improvement; keep going.
    Wait,
    /// Patience is used up: stop after this epoch.
    Stop,
}

/// Early stopping's running state.
#[derive(Debug, Clone)]
pub struct EarlyStoppingState {
    config: EarlyStopping,
    best: f64,
    wait: usize,
    /// Epoch (0-based) of the best value so far.
    pub best_epoch: Option<usize>,
}

impl EarlyStoppingState {
    /// Fresh state for `config`.
    pub fn new(config: EarlyStopping) -> Self {
        Self {
            best: config.monitor.worst(),
            config,
            wait: 0,
            best_epoch: None,
        }
    }

    /// Feeds the monitored value of `epoch` (0-based), following Keras 3's `on_epoch_end`:
    /// `wait` grows every epoch and resets on an improvement; training stops once
    /// `wait ≥ patience`, never after the first epoch.
    pub fn update(&mut self, epoch: usize, current: f64) -> Verdict {
        if self.config.rule == StopRule::Sklearn {
            return self.update_sklearn(epoch, current);
        }
        self.wait += 1;
        if self
            .config
            .monitor
            .improves(current, self.best, self.config.min_delta)
        {
            self.best = current;
            self.best_epoch = Some(epoch);
            self.wait = 0;
            return Verdict::Improved;
        }
        if self.wait >= self.config.patience && epoch > 0 {
            Verdict::Stop
        } else {
            Verdict::Wait
        }
    }
}

impl EarlyStoppingState {
    /// scikit-learn 1.5's `_update_no_improvement_count` and the check after it in
    /// `_fit_stochastic` (training loss, minimised).
    fn update_sklearn(&mut self, epoch: usize, current: f64) -> Verdict {
        let c = self.config;
        let stale = !c.monitor.improves(current, self.best, c.min_delta);
        self.wait = if stale { self.wait + 1 } else { 0 };
        let verdict = if c.monitor.improves(current, self.best, 0.0) {
            self.best = current;
            self.best_epoch = Some(epoch);
            Verdict::Improved
        } else {
            Verdict::Wait
        };
        if self.wait > c.patience {
            Verdict::Stop
        } else {
            verdict
        }
    }
}

/// `keras.callbacks.ReduceLROnPlateau`: multiply the learning rate by `factor` when the monitored
/// quantity has not improved for `patience` epochs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReduceLrOnPlateau {
    /// What to watch (Keras default `val_loss`).
    pub monitor: Monitor,
    /// New rate = rate × factor (Keras default 0.1).
    pub factor: f64,
    /// Epochs without improvement before reducing (Keras default 10).
    pub patience: usize,
    /// Smallest change that counts as an improvement (Keras default 1e-4).
    pub min_delta: f64,
    /// Epochs to wait after a reduction before counting again (Keras default 0).
    pub cooldown: usize,
    /// The rate never goes below this (Keras default 0).
    pub min_lr: f64,
}

impl Default for ReduceLrOnPlateau {
    fn default() -> Self {
        Self {
            monitor: Monitor::ValLoss,
            factor: 0.1,
            patience: 10,
            min_delta: 1e-4,
            cooldown: 0,
            min_lr: 0.0,
        }
    }
}

/// Learning-rate reduction's running state.
#[derive(Debug, Clone)]
pub struct ReduceLrState {
    config: ReduceLrOnPlateau,
    best: f64,
    wait: usize,
    cooldown_counter: usize,
}

impl ReduceLrState {
    /// Fresh state for `config`.
    pub fn new(config: ReduceLrOnPlateau) -> Self {
        Self {
            best: config.monitor.worst(),
            config,
            wait: 0,
            cooldown_counter: 0,
        }
    }

    /// Feeds one epoch's monitored value; returns the learning rate for the next epoch.
    /// Follows Keras's `on_epoch_end`, including its comparison of the old rate with `min_lr`
    /// in single precision.
    pub fn update(&mut self, current: f64, learning_rate: f64) -> f64 {
        let in_cooldown = self.cooldown_counter > 0;
        if in_cooldown {
            self.cooldown_counter -= 1;
            self.wait = 0;
        }
        if self
            .config
            .monitor
            .improves(current, self.best, self.config.min_delta)
        {
            self.best = current;
            self.wait = 0;
        } else if !in_cooldown {
            self.wait += 1;
            #[allow(clippy::cast_possible_truncation)]
            let above_floor = learning_rate > f64::from(self.config.min_lr as f32);
            if self.wait >= self.config.patience && above_floor {
                self.cooldown_counter = self.config.cooldown;
                self.wait = 0;
                return (learning_rate * self.config.factor).max(self.config.min_lr);
            }
        }
        learning_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs early stopping over a scripted curve; returns (epochs run, best epoch).
    fn stop_on(curve: &[f64], config: EarlyStopping) -> (usize, Option<usize>) {
        let mut state = EarlyStoppingState::new(config);
        for (epoch, &v) in curve.iter().enumerate() {
            if state.update(epoch, v) == Verdict::Stop {
                return (epoch + 1, state.best_epoch);
            }
        }
        (curve.len(), state.best_epoch)
    }

    // Expected values traced by hand through Keras 3.6's EarlyStopping.on_epoch_end
    // (keras/src/callbacks/early_stopping.py) for the same curves.
    #[test]
    fn early_stopping_counts_patience_like_keras() {
        let curve = [1.0, 0.8, 0.7, 0.71, 0.72, 0.69, 0.70, 0.70, 0.70, 0.5];
        let patience_2 = EarlyStopping {
            patience: 2,
            ..EarlyStopping::default()
        };
        // Best 0.7 at epoch 2; epochs 3 and 4 do not improve → wait 2 → stop after epoch 4.
        assert_eq!(stop_on(&curve, patience_2), (5, Some(2)));
        let patience_3 = EarlyStopping {
            patience: 3,
            ..patience_2
        };
        // 0.69 at epoch 5 resets; 6, 7, 8 do not improve → stop after epoch 8 (index 8).
        assert_eq!(stop_on(&curve, patience_3), (9, Some(5)));
        // patience 0 stops at the first non-improving epoch (Keras's default).
        assert_eq!(stop_on(&curve, EarlyStopping::default()), (4, Some(2)));
    }

    #[test]
    fn early_stopping_min_delta_ignores_small_gains_and_never_stops_at_epoch_zero() {
        let curve = [1.0, 0.99, 0.985, 0.98, 0.97];
        let config = EarlyStopping {
            min_delta: 0.05,
            patience: 2,
            ..EarlyStopping::default()
        };
        // Only epoch 0 improves on +inf; 0.99 is not below 1.0 − 0.05 → stop after epoch 2.
        assert_eq!(stop_on(&curve, config), (3, Some(0)));
        // patience 0 with a single epoch: Keras refuses to stop at epoch 0.
        let mut state = EarlyStoppingState::new(EarlyStopping::default());
        assert_eq!(state.update(0, f64::NAN), Verdict::Wait);
    }

    // Traced by hand through scikit-learn 1.5's MLPClassifier stopping rule.
    #[test]
    fn sklearn_rule_follows_every_decrease_and_stops_after_more_than_patience() {
        let config = EarlyStopping {
            monitor: Monitor::Loss,
            min_delta: 0.01,
            patience: 2,
            rule: StopRule::Sklearn,
            ..EarlyStopping::default()
        };
        // Gains below tol are stale but still lower the best: 0.995 (stale, best 0.995),
        // 0.99 (stale, best 0.99), 0.985 (stale, 3 > 2) → stop after epoch 3. Keras with the
        // same numbers would wait: 0.985 is not 0.01 below 1.0 either, but it stops at
        // wait ≥ 2, one epoch earlier.
        let curve = [1.0, 0.995, 0.99, 0.985, 0.5];
        assert_eq!(stop_on(&curve, config), (4, Some(3)));
        let keras = EarlyStopping {
            rule: StopRule::Keras,
            ..config
        };
        assert_eq!(stop_on(&curve, keras), (3, Some(0)));
        // A real gain resets the count.
        let curve = [1.0, 0.995, 0.9, 0.899, 0.898, 0.897, 0.5];
        assert_eq!(stop_on(&curve, config), (6, Some(5)));
    }

    #[test]
    fn early_stopping_maximises_accuracy() {
        let curve = [0.6, 0.7, 0.69, 0.71, 0.70, 0.70];
        let config = EarlyStopping {
            monitor: Monitor::ValAccuracy,
            patience: 2,
            ..EarlyStopping::default()
        };
        assert_eq!(stop_on(&curve, config), (6, Some(3)));
    }

    /// Learning rates used in each epoch of a scripted curve.
    fn rates(curve: &[f64], config: ReduceLrOnPlateau, start: f64) -> Vec<f64> {
        let mut state = ReduceLrState::new(config);
        let mut lr = start;
        curve
            .iter()
            .map(|&v| {
                let used = lr;
                lr = state.update(v, lr);
                used
            })
            .collect()
    }

    // Traced by hand through Keras 3.6's ReduceLROnPlateau.on_epoch_end.
    #[test]
    fn reduce_lr_waits_patience_epochs_then_multiplies_by_factor() {
        let config = ReduceLrOnPlateau {
            patience: 2,
            factor: 0.5,
            min_delta: 0.0,
            ..ReduceLrOnPlateau::default()
        };
        let curve = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8];
        // Epoch 3 is the second without improvement → rate halves from epoch 4; two more flat
        // epochs (4, 5) halve it again from epoch 6; 0.8 at epoch 6 resets the count.
        assert_eq!(
            rates(&curve, config, 1.0),
            [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25]
        );
    }

    #[test]
    fn reduce_lr_respects_cooldown_and_min_lr() {
        let config = ReduceLrOnPlateau {
            patience: 1,
            factor: 0.1,
            min_delta: 0.0,
            cooldown: 2,
            min_lr: 0.005,
            ..ReduceLrOnPlateau::default()
        };
        let curve = [1.0; 9];
        // Epoch 1 reduces (1 → 0.1); cooldown covers epochs 2 and 3; epoch 4 reduces
        // (0.1 → 0.01); cooldown 5, 6; epoch 7 reduces to max(0.001, 0.005) = 0.005; epoch 8
        // is in cooldown.
        let got = rates(&curve, config, 1.0);
        let want = [1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.005];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?}");
        }
        // At the floor nothing changes any more.
        let mut state = ReduceLrState::new(config);
        assert_eq!(state.update(1.0, 0.005), 0.005);
        assert_eq!(state.update(1.0, 0.005), 0.005);
    }

    #[test]
    fn reduce_lr_cms_settings_from_the_exercise() {
        // CMS: factor 0.1, patience 10, min_delta 1e-7, min_lr 1e-5, starting at 1e-4.
        let config = ReduceLrOnPlateau {
            min_delta: 1e-7,
            min_lr: 1e-5,
            ..ReduceLrOnPlateau::default()
        };
        let mut curve = vec![0.5, 0.4];
        curve.extend([0.4; 30]);
        let got = rates(&curve, config, 1e-4);
        // Ten flat epochs (2..=11) → epoch 12 runs at 1e-5; ten more would give 1e-6, but
        // min_lr holds it at 1e-5.
        assert!(got[..12].iter().all(|&r| (r - 1e-4).abs() < 1e-18));
        assert!(
            got[12..].iter().all(|&r| (r - 1e-5).abs() < 1e-18),
            "{got:?}"
        );
    }
}
