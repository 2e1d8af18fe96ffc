//! What a student decides before pressing "Train": the inputs, how events are split and weighted,
//! scaling, the seed and the classifier — and the tutorials' own settings as named presets. The
//! Lab's train panel and the lessons both build their jobs here, so the same settings give the
//! same model wherever they are chosen.
//!
//! Depends on the rest of `ml` only.

use super::features::{TrainingData, normalise_per_class};
use super::job::{Job, Plan};
use super::mlp::{
    Activation, EarlyStopping, Initializer, MlpParams, Monitor, Optimizer, Output,
    ReduceLrOnPlateau, StopRule,
};
use super::model::ModelSpec;
use super::scaler::Scaling;
use super::split::{Order, SplitSpec};
use super::{BoostingParams, Criterion, ForestParams, LogisticParams, MaxFeatures, TreeParams};
use crate::Result;

/// How the events' weights enter the training (the evaluation always uses the physical weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Weighting {
    /// Every event counts once (what the dark-matter notebook's `fit` does).
    Unweighted,
    /// The Monte-Carlo weights as they are (cross-section × luminosity / events generated).
    Event,
    /// The Monte-Carlo weights rescaled so signal and background carry the same total, with a
    /// mean of 1 per event (the CMS exercise's per-class normalisation): a rare signal is not
    /// ignored.
    Balanced,
}

/// Everything a training needs besides the events.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainingSetup {
    /// Input variables, in column order.
    pub inputs: Vec<String>,
    /// Fraction of events held out for testing (the rest trains).
    pub test_fraction: f64,
    /// Fraction of events held out for validation — choosing settings and thresholds — so that
    /// the test part can stay untouched until the end (0: no validation part). Files written
    /// before there was a choice have none.
    #[serde(default)]
    pub validation_fraction: f64,
    /// How the inputs are scaled (fitted on the training events). Files written before there
    /// was a choice say `"standardise": true`.
    #[serde(alias = "standardise")]
    pub scaling: Scaling,
    /// How weights enter the training.
    pub weighting: Weighting,
    /// One seed for the split and every random choice of the model.
    pub seed: u64,
    /// The classifier and its settings (its own seed is replaced by [`TrainingSetup::seed`]).
    pub spec: ModelSpec,
    /// Events lacking an input value: left out, or kept for the tree models (see
    /// [`TrainingSetup::missing_values`]). Files written before there was a choice leave them out.
    #[serde(default)]
    pub missing: super::MissingValues,
}

impl TrainingSetup {
    /// What training does with events lacking an input: kept only when asked for and the model
    /// is a tree, a forest or boosted trees (they send a missing value to one side of each
    /// split); a network or logistic regression needs every value, so they are left out.
    pub fn missing_values(&self) -> super::MissingValues {
        if self.can_keep_missing() {
            self.missing
        } else {
            super::MissingValues::Drop
        }
    }

    /// Whether the model can train on events lacking an input (the tree models).
    pub fn can_keep_missing(&self) -> bool {
        matches!(
            self.spec,
            ModelSpec::Tree { .. }
                | ModelSpec::Forest(_)
                | ModelSpec::Boosting(_)
                | ModelSpec::AdaBoost(_)
        )
    }

    /// The weights the classifier trains with, from the physical `weights` of `labels`' events.
    /// Balanced: wᵢ / W_class · n / 2, so each class sums to n / 2 and the mean weight is 1.
    pub fn training_weights(&self, labels: &[u8], weights: &[f64]) -> Result<Vec<f64>> {
        Ok(match self.weighting {
            Weighting::Unweighted => vec![1.0; labels.len()],
            Weighting::Event => weights.to_vec(),
            Weighting::Balanced => {
                let half = labels.len() as f64 / 2.0;
                normalise_per_class(labels, weights)?
                    .into_iter()
                    .map(|w| w * half)
                    .collect()
            }
        })
    }

    /// The split: a seeded, stratified shuffle keeping `validation_fraction` for validation and
    /// `test_fraction` for testing.
    pub fn split(&self) -> SplitSpec {
        SplitSpec {
            validation: self.validation_fraction,
            test: self.test_fraction,
            order: Order::Shuffled { seed: self.seed },
            stratify: true,
        }
    }

    /// The job without its events (which travel separately).
    pub fn plan(&self) -> Plan {
        Plan::Train {
            split: self.split(),
            scaling: self.scaling,
            spec: self.spec.clone().with_seed(self.seed),
        }
    }

    /// The whole job on `data` (physical weights), with the training weights put in.
    pub fn job(&self, data: &TrainingData) -> Result<Job> {
        let mut data = data.clone();
        let training = self.training_weights(&data.labels, &data.weights)?;
        let physical = std::mem::replace(&mut data.weights, training);
        let reweighted = physical != data.weights;
        Ok(Job {
            physical_weights: reweighted.then_some(physical),
            ..self.plan().with_data(data)
        })
    }

    /// Trains on `data` here and now, on the CPU, to the end (what the worker does, without the
    /// progress): for native callers such as tests and lesson validation.
    pub fn train(&self, data: &TrainingData) -> Result<super::Trained> {
        let job = self.job(data)?;
        let mut last = None;
        super::run(&job, &mut |e| {
            last = Some(e);
            true
        });
        match last {
            Some(super::JobEvent::Trained(trained)) => Ok(*trained),
            Some(super::JobEvent::Failed(message)) => Err(crate::Error::Model(message)),
            other => Err(crate::Error::Model(format!(
                "training ended without a model ({other:?})"
            ))),
        }
    }
}

impl ModelSpec {
    /// The same settings with every random choice drawn from `seed`.
    pub fn with_seed(mut self, seed: u64) -> Self {
        match &mut self {
            Self::Tree { random_state, .. } => *random_state = seed,
            Self::Forest(p) => p.random_state = seed,
            Self::Boosting(p) => p.random_state = seed,
            Self::AdaBoost(p) => p.random_state = seed,
            Self::Logistic(_) => {}
            Self::Mlp(p) => p.seed = seed,
        }
        self
    }

    /// The classifier's family, as the Lab names it.
    pub fn kind(&self) -> ModelKind {
        match self {
            Self::Tree { .. } => ModelKind::Tree,
            Self::Forest(_) => ModelKind::Forest,
            Self::Boosting(_) => ModelKind::Boosting,
            Self::AdaBoost(_) => ModelKind::AdaBoost,
            Self::Logistic(_) => ModelKind::Logistic,
            Self::Mlp(_) => ModelKind::Mlp,
        }
    }
}

/// The classifier families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ModelKind {
    /// `DecisionTreeClassifier`.
    Tree,
    /// `RandomForestClassifier`.
    Forest,
    /// `GradientBoostingClassifier`.
    Boosting,
    /// `AdaBoostClassifier(algorithm="SAMME")`.
    AdaBoost,
    /// `LogisticRegression`.
    Logistic,
    /// A multilayer perceptron (`MLPClassifier`, a Keras `Sequential`, a PyTorch `nn.Module`).
    Mlp,
}

impl ModelKind {
    /// Every family, in the order the Lab lists them.
    pub const ALL: [Self; 6] = [
        Self::Tree,
        Self::Forest,
        Self::Boosting,
        Self::AdaBoost,
        Self::Logistic,
        Self::Mlp,
    ];

    /// The name students know it by.
    pub fn title(self) -> &'static str {
        match self {
            Self::Tree => "Decision tree",
            Self::Forest => "Random forest",
            Self::Boosting => "Boosted trees",
            Self::AdaBoost => "AdaBoost",
            Self::Logistic => "Logistic regression",
            Self::Mlp => "Neural network (MLP)",
        }
    }

    /// The library's default settings for this family (scikit-learn's).
    pub fn default_spec(self) -> ModelSpec {
        match self {
            Self::Tree => ModelSpec::Tree {
                params: TreeParams::default(),
                random_state: 0,
            },
            Self::Forest => ModelSpec::Forest(ForestParams::default()),
            Self::Boosting => ModelSpec::Boosting(BoostingParams::default()),
            Self::AdaBoost => ModelSpec::AdaBoost(super::adaboost::AdaBoostParams::default()),
            Self::Logistic => ModelSpec::Logistic(LogisticParams::default()),
            Self::Mlp => ModelSpec::Mlp(MlpParams::default()),
        }
    }
}

/// A tutorial's model, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable id (used in links and lessons).
    pub id: &'static str,
    /// Short title for the menu.
    pub title: &'static str,
    /// Where it comes from and what it is, in a sentence.
    pub summary: &'static str,
}

/// The tutorials' models.
pub const PRESETS: [Preset; 9] = [
    Preset {
        id: "hsf-forest",
        title: "HSF: random forest (30 trees, depth 8)",
        summary: "The HSF lesson's RandomForestClassifier(criterion=\"gini\", max_depth=8, n_estimators=30).",
    },
    Preset {
        id: "hsf-mlp",
        title: "HSF: small network (one hidden layer of 5)",
        summary: "The HSF lesson's PyTorch MLP: one hidden layer of 5 ReLU units, a two-way softmax, plain SGD at 0.001, batches of 32, 10 epochs, the first 100 training events kept to validate.",
    },
    Preset {
        id: "hsf-bdt",
        title: "HSF: boosted trees (GradientBoostingClassifier)",
        summary: "The HSF lesson's suggestion for going further: scikit-learn's GradientBoostingClassifier() with its defaults, 100 trees of depth 3 added one after the other with a learning rate of 0.1.",
    },
    Preset {
        id: "atlas-mlp",
        title: "ATLAS notebook: MLPClassifier() defaults",
        summary: "scikit-learn's MLPClassifier with its defaults, as the dark-matter notebook trains it: 100 ReLU units, Adam at 0.001, batches of 200, stop when the loss stalls.",
    },
    Preset {
        id: "cms-ann",
        title: "CMS: network with dropout and callbacks",
        summary: "The CMS exercise's Keras network: hidden layers of 10n, 2n and n SELU units (n inputs) with 10 % dropout, RMSprop at 1e-4, batches of 250, 30 % validation, EarlyStopping (patience 50, best weights restored) and ReduceLROnPlateau (×0.1 after 10 epochs).",
    },
    Preset {
        id: "cms-forest",
        title: "CMS: grid-search winner forest",
        summary: "The forest the CMS exercise's grid search chose: 300 trees of depth 5, gini, max_features 4, min_samples_split 200, min_samples_leaf 500, no bootstrap.",
    },
    Preset {
        id: "lip-logistic",
        title: "LIP: logistic regression",
        summary: "The LIP tutorial's first classifier: LogisticRegression() with L2 penalty, C = 1.",
    },
    Preset {
        id: "lip-tree",
        title: "LIP: decision tree (depth 5)",
        summary: "A single DecisionTreeClassifier(max_depth=5), small enough to draw and read.",
    },
    Preset {
        id: "lip-mlp",
        title: "LIP: network with early stopping (32, 32)",
        summary: "A Keras Sequential network as in the LIP tutorial: two hidden layers of 32 ReLU units, a sigmoid output, Adam at 0.001, batches of 64, up to 100 epochs, stopped when the validation loss has not improved for 10 epochs and the best weights restored. It validates on the validation part when there is one (else on the last 20 % of its training events).",
    },
];

/// The settings of preset `id` for `n_inputs` input variables (`None`: no such preset).
pub fn preset_spec(id: &str, n_inputs: usize) -> Option<ModelSpec> {
    let n = n_inputs.max(1);
    Some(match id {
        "hsf-forest" => ModelSpec::Forest(ForestParams {
            n_estimators: 30,
            max_depth: Some(8),
            ..ForestParams::default()
        }),
        "hsf-mlp" => ModelSpec::Mlp(MlpParams {
            hidden_layers: vec![5],
            output: Output::Softmax,
            initializer: Initializer::Torch,
            optimizer: Optimizer::SGD,
            learning_rate: 1e-3,
            l2: 0.0,
            batch_size: 32,
            epochs: 10,
            // The tutorial validates on the first 100 training events, not on a fraction.
            validation_first: 100,
            early_stopping: None,
            ..MlpParams::default()
        }),
        "hsf-bdt" => ModelSpec::Boosting(BoostingParams::default()),
        "atlas-mlp" => ModelSpec::Mlp(MlpParams::default()),
        "cms-ann" => ModelSpec::Mlp(MlpParams {
            hidden_layers: vec![10 * n, 2 * n, n],
            activation: Activation::Selu,
            dropout: 0.1,
            output: Output::Sigmoid,
            initializer: Initializer::Normal { stddev: 0.05 },
            optimizer: Optimizer::RMS_PROP,
            learning_rate: 1e-4,
            l2: 0.0,
            batch_size: 250,
            epochs: 200,
            validation_split: 0.3,
            validation_first: 0,
            shuffle: true,
            early_stopping: Some(EarlyStopping {
                monitor: Monitor::ValLoss,
                min_delta: 1e-7,
                patience: 50,
                restore_best_weights: true,
                rule: StopRule::Keras,
            }),
            reduce_lr: Some(ReduceLrOnPlateau {
                monitor: Monitor::ValLoss,
                factor: 0.1,
                patience: 10,
                min_delta: 1e-7,
                cooldown: 0,
                min_lr: 1e-5,
            }),
            seed: 0,
        }),
        "cms-forest" => ModelSpec::Forest(ForestParams {
            n_estimators: 300,
            criterion: Criterion::Gini,
            max_depth: Some(5),
            min_samples_split: 200,
            min_samples_leaf: 500,
            max_features: MaxFeatures::Count(4.min(n)),
            bootstrap: false,
            random_state: 7,
        }),
        "lip-logistic" => ModelSpec::Logistic(LogisticParams::default()),
        "lip-mlp" => ModelSpec::Mlp(MlpParams {
            hidden_layers: vec![32, 32],
            initializer: Initializer::GlorotUniform,
            l2: 0.0,
            batch_size: 64,
            epochs: 100,
            validation_split: 0.2,
            early_stopping: Some(EarlyStopping {
                monitor: Monitor::ValLoss,
                min_delta: 0.0,
                patience: 10,
                restore_best_weights: true,
                rule: StopRule::Keras,
            }),
            ..MlpParams::default()
        }),
        "lip-tree" => ModelSpec::Tree {
            params: TreeParams {
                max_depth: Some(5),
                ..TreeParams::default()
            },
            random_state: 0,
        },
        _ => return None,
    })
}

/// The preset whose settings `spec` holds for `n_inputs` inputs (seeds aside), if any.
pub fn matching_preset(spec: &ModelSpec, n_inputs: usize) -> Option<&'static str> {
    let mine = spec.clone().with_seed(0);
    PRESETS
        .iter()
        .find(|p| preset_spec(p.id, n_inputs).map(|s| s.with_seed(0)).as_ref() == Some(&mine))
        .map(|p| p.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::features::Features;

    fn data() -> TrainingData {
        TrainingData {
            features: Features {
                names: vec!["x".into()],
                columns: vec![vec![1.0, 2.0, 3.0, 4.0]],
            },
            labels: vec![1, 0, 0, 0],
            weights: vec![0.5, 2.0, 1.0, 1.0],
            sample: vec![0, 1, 1, 1],
            samples: vec!["s".into(), "b".into()],
            rows: Vec::new(),
        }
    }

    fn setup(weighting: Weighting) -> TrainingSetup {
        TrainingSetup {
            inputs: vec!["x".into()],
            test_fraction: 0.25,
            validation_fraction: 0.0,
            scaling: Scaling::Standard,
            weighting,
            seed: 9,
            spec: ModelKind::Forest.default_spec(),
            missing: crate::ml::MissingValues::Drop,
        }
    }

    #[test]
    fn balanced_weights_give_each_class_half_the_events_weight() {
        let d = data();
        // Signal 0.5 → 1 of class sum → × n/2 = 2; background 2/4, 1/4, 1/4 → × 2 = 1, ½, ½.
        let w = setup(Weighting::Balanced)
            .training_weights(&d.labels, &d.weights)
            .expect("weights");
        assert_eq!(w, [2.0, 1.0, 0.5, 0.5]);
        let u = setup(Weighting::Unweighted)
            .training_weights(&d.labels, &d.weights)
            .expect("weights");
        assert_eq!(u, [1.0; 4]);
        let job = setup(Weighting::Event).job(&d).expect("job");
        let Plan::Train { spec, .. } = job.plan else {
            panic!("not a training job")
        };
        let data = job.data;
        assert_eq!(data.weights, d.weights);
        // The setup's seed reaches the model.
        assert!(matches!(spec, ModelSpec::Forest(p) if p.random_state == 9));
    }

    #[test]
    fn every_preset_has_settings_and_the_cms_network_scales_with_its_inputs() {
        for p in PRESETS {
            assert!(preset_spec(p.id, 5).is_some(), "{}", p.id);
        }
        assert!(preset_spec("nope", 5).is_none());
        let Some(ModelSpec::Mlp(cms)) = preset_spec("cms-ann", 5) else {
            panic!("cms-ann is a network")
        };
        // The exercise's summary table: 5 inputs → 50 → 10 → 5.
        assert_eq!(cms.hidden_layers, [50, 10, 5]);
        let Some(ModelSpec::Forest(f)) = preset_spec("cms-forest", 3) else {
            panic!("cms-forest is a forest")
        };
        assert_eq!(f.max_features, MaxFeatures::Count(3));
        assert_eq!(
            preset_spec("hsf-forest", 7).map(|s| s.kind()),
            Some(ModelKind::Forest)
        );
    }
}
