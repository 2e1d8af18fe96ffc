//! Machine learning on labelled, weighted events: training data from a dataset, splits and
//! standardisation, decision trees, random forests, gradient-boosted trees, logistic regression and
//! a neural network (burn), model choice by k-fold grid search, training jobs with progress events, and the metrics the tutorials use (ROC and
//! AUC, precision and recall, confusion matrices, purity × efficiency, AMS versus a score cut).
//!
//! Depends on the data and analysis modules only; no IO, no clock. Every random choice takes a
//! seed, so the same settings give the same model on every platform.

pub mod adaboost;
pub mod boosting;
pub mod dice;
pub mod evaluation;
pub mod features;
pub mod fit;
pub mod forest;
pub mod grid;
pub mod job;
pub mod logistic;
pub mod metrics;
pub mod mlp;
pub mod model;
pub mod record;
pub mod rng;
pub mod scaler;
pub mod search;
pub mod setup;
pub mod split;
pub mod stepwise;
#[cfg(test)]
pub(crate) mod test_data;
pub mod toy;
pub mod tree;

pub use adaboost::{AdaBoost, AdaBoostParams};
pub use boosting::{Boosting, BoostingParams, StageNode};
pub use features::{
    Features, Gathering, MISSING_SENTINEL, MissingValues, TrainingData, TrainingEvents,
    lacks_value, normalise_per_class, sigmoid,
};
pub use forest::{Forest, ForestParams, Progress};
pub use grid::{GridValue, expand_grid, grid_parameters, sorted_axes};
pub use job::{Job, JobEvent, Plan, Trained, run};
pub use logistic::{LogisticParams, LogisticRegression};
pub use metrics::{
    ClassScores, ClassificationReport, Confusion, PrecisionRecall, RocCurve, ThresholdScan,
    area_under, precision_recall_curve, roc_auc, roc_curve, scan_thresholds,
};
pub use mlp::{Mlp, MlpParams};
pub use model::{ImportanceMethod, Importances, Model, ModelSpec};
pub use record::{MAX_RECORDED_MODELS, ModelRecord, RememberedModels};
pub use rng::Rng;
pub use scaler::{Scaler, Scaling};
pub use search::{
    CandidateScore, CrossValidation, GridSearch, Scoring, grid_search, k_folds, score_fold,
};
pub use setup::{
    ModelKind, PRESETS, Preset, TrainingSetup, Weighting, matching_preset, preset_spec,
};
pub use split::{Order, Split, SplitSpec, split};
pub use tree::{Binned, Criterion, MAX_BINS, MaxFeatures, Node, Tree, TreeParams};
