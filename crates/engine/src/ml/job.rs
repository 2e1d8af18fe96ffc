//! Training jobs: one message in (what to train, on what), a stream of events out (progress, then
//! the result, a failure or the cancellation). The browser's worker runs exactly this; natively
//! it is what the tests drive. Both enums are serde types, so they cross the worker boundary as
//! plain data.
//!
//! [`run_on`] takes the burn `Device` a network trains on (the only thing that differs between
//! the CPU and the WebGPU worker); the tree models and logistic regression always run on the CPU.

use super::evaluation::{Evaluation, HeldOut};
use super::features::{Features, TrainingData};
use burn::tensor::Device;

use super::forest::{Forest, ForestParams};
use super::metrics::roc_auc;
use super::mlp::{self, EpochRecord, MlpProgress, block_on, cpu_device};
use super::model::{Importances, Model, ModelSpec};
use super::scaler::{Scaler, Scaling};
use super::search::{CandidateScore, CrossValidation, GridSearch, k_folds, score_fold};
use super::split::{Split, SplitSpec, split};
use super::tree::Tree;
use crate::Error;

/// Work for the worker: what to do, and the events to do it on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Job {
    /// What to do.
    pub plan: Plan,
    /// The events (for a grid search, the training part of the student's split), with the
    /// weights they train with.
    pub data: TrainingData,
    /// The events' physical weights where the training reweights them (`None`: `data`'s own
    /// weights are the physical ones): a trained model is judged with these.
    #[serde(default)]
    pub physical_weights: Option<Vec<f64>>,
}

impl Job {
    /// `trained` with its [`Evaluation`] on these events at their physical weights, judged on
    /// the part [`HeldOut::of`] its split names.
    fn evaluated(&self, mut trained: Trained) -> Trained {
        let weights = self
            .physical_weights
            .as_deref()
            .unwrap_or(&self.data.weights);
        let held_out = HeldOut::of(&trained.split);
        trained.evaluation = Evaluation::weighed(&self.data, weights, &trained, held_out)
            .ok()
            .map(Box::new);
        trained
    }
}

/// A [`Job`] without its events: what the app decides. In the browser the events travel next to
/// it as typed arrays (a JSON copy of a large sample would block the page).
///
/// `Grow`, `Assemble` and `Fit` are a worker pool's pieces of a `Train` or a `GridSearch`
/// (`state::pool` shares them out): each is a pure function of its events and settings, so the
/// pieces put together give what the whole job gives on one worker, bit for bit.
// One plan per training crosses the worker boundary: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Plan {
    /// Split, optionally scale (fitted on the training part only), train, and score.
    Train {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs (fitted on the training events).
        scaling: Scaling,
        /// The classifier and its settings.
        spec: ModelSpec,
    },
    /// Compare settings by k-fold cross-validation on all the events given.
    GridSearch {
        /// The settings to compare.
        candidates: Vec<ModelSpec>,
        /// Folds, seed and score.
        cv: CrossValidation,
    },
    /// Trees `from..to` of a forest's `Train` (same split and scaling), the trees only
    /// ([`JobEvent::Grown`]).
    Grow {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs.
        scaling: Scaling,
        /// The forest's settings.
        forest: ForestParams,
        /// The first tree's index.
        from: usize,
        /// One past the last tree's index.
        to: usize,
    },
    /// A forest's `Train` whose trees are grown already: split, scale, put `trees` together,
    /// then score and judge exactly as `Train` does.
    Assemble {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs.
        scaling: Scaling,
        /// Every tree, in order.
        trees: Vec<Tree>,
    },
    /// A `Train` whose permutation importances a pool measures: split, scale, train and score
    /// as `Train` does, and give the model with its importances still to measure (their method
    /// said, no values).
    Learn {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs (fitted on the training events).
        scaling: Scaling,
        /// The classifier and its settings.
        spec: ModelSpec,
    },
    /// Permutation importances of inputs `from..to` for `model`, which a `Learn` with the same
    /// split and scaling trained: measured on the same events, with the same shuffles, as
    /// `Train` measures them ([`JobEvent::Permuted`]).
    Permute {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs.
        scaling: Scaling,
        /// The trained classifier.
        model: Model,
        /// The first input's index.
        from: usize,
        /// One past the last input's index.
        to: usize,
    },
    /// One cell of a `GridSearch`: `spec` trained on every fold of `cv` but `fold` and scored on
    /// that one ([`JobEvent::Scored`]).
    Fit {
        /// The candidate's place in the search's list.
        candidate: usize,
        /// Its settings.
        spec: ModelSpec,
        /// The held-out fold.
        fold: usize,
        /// Folds, seed and score (the same for every cell).
        cv: CrossValidation,
    },
}

impl Plan {
    /// The job on `data`.
    pub fn with_data(self, data: TrainingData) -> Job {
        Job {
            plan: self,
            data,
            physical_weights: None,
        }
    }
}

/// A trained model with everything needed to apply it and judge it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Trained {
    /// The classifier.
    pub model: Model,
    /// The scaling to apply before it, if any.
    pub scaler: Option<Scaler>,
    /// Which events were used for what.
    pub split: Split,
    /// Signal probability of every training event (in `split.train` order).
    pub train_scores: Vec<f64>,
    /// Signal probability of every test event (in `split.test` order).
    pub test_scores: Vec<f64>,
    /// Signal probability of every validation event (in `split.validation` order; empty
    /// without a validation part).
    #[serde(default)]
    pub validation_scores: Vec<f64>,
    /// Weighted ROC AUC on the validation events (`None` without them).
    #[serde(default)]
    pub validation_auc: Option<f64>,
    /// Weighted ROC AUC on the training events.
    pub train_auc: f64,
    /// Weighted ROC AUC on the test events (`None` without test events).
    pub test_auc: Option<f64>,
    /// How much each input matters, measured on the validation events when there are some (the
    /// test events stay untouched), else on the test events; empty without either.
    #[serde(default)]
    pub importances: Importances,
    /// Its judgement on the events at their physical weights, made where it trained (a worker)
    /// so that the page only draws it: `None` where it could not be made (the page judges it
    /// again and says why) or once the page has taken it.
    #[serde(skip)]
    pub evaluation: Option<Box<Evaluation>>,
}

impl Trained {
    /// Signal probability of `features` (raw inputs: the scaler, if any, is applied first).
    pub fn apply(&self, features: &super::features::Features) -> crate::Result<Vec<f64>> {
        match &self.scaler {
            Some(s) => self.model.predict_proba(&s.transform(features)?),
            None => self.model.predict_proba(features),
        }
    }
}

/// What a running job reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum JobEvent {
    /// `done` of `total` steps (trees, stages, folds, batches…) are finished.
    Progress {
        /// Steps finished.
        done: usize,
        /// Steps in all.
        total: usize,
    },
    /// A network finished an epoch (for live loss and accuracy curves).
    Epoch(EpochRecord),
    /// A [`Plan::Train`] (or [`Plan::Assemble`]) finished.
    Trained(Box<Trained>),
    /// One candidate of a [`Plan::GridSearch`] is scored (its row of the table, as it fills).
    Candidate(CandidateScore),
    /// A [`Plan::GridSearch`] finished.
    Searched(GridSearch),
    /// A [`Plan::Grow`] finished: its trees, the first being tree `from`.
    Grown {
        /// The first tree's index in the forest.
        from: usize,
        /// The trees, in order.
        trees: Vec<Tree>,
    },
    /// A [`Plan::Fit`] finished: candidate `candidate`'s score on held-out fold `fold`.
    Scored {
        /// The candidate's place in the search's list.
        candidate: usize,
        /// The held-out fold.
        fold: usize,
        /// Its score.
        score: f64,
    },
    /// A [`Plan::Permute`] finished: the importances of inputs `from..`.
    Permuted {
        /// The first input's index.
        from: usize,
        /// Their importances, in input order.
        values: Vec<f64>,
    },
    /// The job could not be done; the message is for the student.
    Failed(String),
    /// The job stopped because `emit` asked it to.
    Cancelled,
}

/// Runs `job`, reporting through `emit`; when `emit` returns false the job stops at the next
/// step and reports [`JobEvent::Cancelled`]. The last event is always a result, a failure or the
/// cancellation.
pub fn run(job: &Job, emit: &mut dyn FnMut(JobEvent) -> bool) {
    block_on(run_on(job, &cpu_device(), emit));
}

/// [`run`], training networks on `device` (e.g. WebGPU in the browser's GPU worker).
pub async fn run_on(job: &Job, device: &Device, emit: &mut dyn FnMut(JobEvent) -> bool) {
    let data = &job.data;
    let outcome = match &job.plan {
        // A `Learn` leaves the importances to the pool.
        Plan::Train {
            split,
            scaling,
            spec,
        }
        | Plan::Learn {
            split,
            scaling,
            spec,
        } => train(data, split, *scaling, spec, device, emit)
            .await
            .and_then(|(parts, model)| parts.judge(model, matches!(job.plan, Plan::Train { .. })))
            .map(|t| JobEvent::Trained(Box::new(job.evaluated(t)))),
        Plan::Permute {
            split,
            scaling,
            model,
            from,
            to,
        } => Parts::of(data, split, *scaling)
            .and_then(|parts| {
                let (x, judged) = parts.judged();
                model.permutation_importances(x, &judged.labels, Some(&judged.weights), *from..*to)
            })
            .map(|values| JobEvent::Permuted {
                from: *from,
                values,
            }),
        Plan::GridSearch { candidates, cv } => {
            search(data, candidates, cv, emit).map(JobEvent::Searched)
        }
        Plan::Grow {
            split,
            scaling,
            forest,
            from,
            to,
        } => grow(data, split, *scaling, forest, *from..*to, emit)
            .map(|trees| JobEvent::Grown { from: *from, trees }),
        Plan::Assemble {
            split,
            scaling,
            trees,
        } => Parts::of(data, split, *scaling)
            .and_then(|parts| {
                let forest = Forest {
                    trees: trees.clone(),
                    feature_names: parts.x_train.names.clone(),
                };
                parts.judge(Model::Forest(forest), true)
            })
            .map(|t| JobEvent::Trained(Box::new(job.evaluated(t)))),
        Plan::Fit {
            candidate,
            spec,
            fold,
            cv,
        } => k_folds(&data.labels, cv.folds, cv.seed)
            .and_then(|folds| {
                let w = Some(data.weights.as_slice());
                score_fold(
                    &data.features,
                    &data.labels,
                    w,
                    spec,
                    &folds,
                    *fold,
                    cv.scoring,
                )
            })
            .map(|score| JobEvent::Scored {
                candidate: *candidate,
                fold: *fold,
                score,
            }),
    };
    emit(match outcome {
        Ok(event) => event,
        Err(Error::Cancelled) => JobEvent::Cancelled,
        Err(e) => JobEvent::Failed(e.to_string()),
    });
}

/// The grid search one candidate at a time (same folds for each), so every row reaches the
/// table as soon as it is scored.
fn search(
    data: &TrainingData,
    candidates: &[ModelSpec],
    cv: &CrossValidation,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) -> crate::Result<GridSearch> {
    if candidates.is_empty() {
        return Err(crate::Error::Model(
            "give at least one setting to try".into(),
        ));
    }
    let folds = k_folds(&data.labels, cv.folds, cv.seed)?;
    let total = candidates.len() * cv.folds;
    let weights = Some(data.weights.as_slice());
    let mut table = Vec::with_capacity(candidates.len());
    for (c, spec) in candidates.iter().enumerate() {
        let mut fold_scores = Vec::with_capacity(cv.folds);
        for held_out in 0..cv.folds {
            fold_scores.push(score_fold(
                &data.features,
                &data.labels,
                weights,
                spec,
                &folds,
                held_out,
                cv.scoring,
            )?);
            let done = c * cv.folds + held_out + 1;
            if !emit(JobEvent::Progress { done, total }) {
                return Err(crate::Error::Cancelled);
            }
        }
        let row = CandidateScore::of(spec.clone(), fold_scores);
        if !emit(JobEvent::Candidate(row.clone())) {
            return Err(crate::Error::Cancelled);
        }
        table.push(row);
    }
    Ok(GridSearch::of(table))
}

/// A training's events split, and scaled with the scaler fitted on its training part.
struct Parts {
    split: Split,
    train: TrainingData,
    validation: TrainingData,
    test: TrainingData,
    scaler: Option<Scaler>,
    x_train: Features,
    x_validation: Features,
    x_test: Features,
}

impl Parts {
    fn of(data: &TrainingData, spec_split: &SplitSpec, scaling: Scaling) -> crate::Result<Self> {
        let split = split(&data.labels, spec_split)?;
        let (train, test) = (data.select(&split.train), data.select(&split.test));
        let validation = data.select(&split.validation);
        let scaler = Scaler::fit(scaling, &train.features)?;
        let prepare = |d: &TrainingData| match &scaler {
            Some(s) => s.transform(&d.features),
            None => Ok(d.features.clone()),
        };
        let (x_train, x_test) = (prepare(&train)?, prepare(&test)?);
        let x_validation = prepare(&validation)?;
        Ok(Self {
            split,
            train,
            validation,
            test,
            scaler,
            x_train,
            x_validation,
            x_test,
        })
    }

    /// The (scaled) events importances are measured on, and their labels and weights: the
    /// validation part when there is one (the test part stays untouched), else the test part.
    fn judged(&self) -> (&Features, &TrainingData) {
        if self.validation.is_empty() {
            (&self.x_test, &self.test)
        } else {
            (&self.x_validation, &self.validation)
        }
    }

    /// `model`'s scores on every part, its AUCs and — when `measure` — its importances (else
    /// their method only, for a pool to measure).
    fn judge(self, model: Model, measure: bool) -> crate::Result<Trained> {
        let train_scores = model.predict_proba(&self.x_train)?;
        let test_scores = model.predict_proba(&self.x_test)?;
        let validation_scores = model.predict_proba(&self.x_validation)?;
        let train_auc = roc_auc(&self.train.labels, &train_scores, Some(&self.train.weights))?;
        let auc_of = |d: &TrainingData, scores: &[f64]| -> crate::Result<Option<f64>> {
            if d.is_empty() {
                return Ok(None);
            }
            roc_auc(&d.labels, scores, Some(&d.weights)).map(Some)
        };
        let (test_auc, validation_auc) = (
            auc_of(&self.test, &test_scores)?,
            auc_of(&self.validation, &validation_scores)?,
        );
        let (x_judge, judge) = self.judged();
        let importances = if judge.is_empty() {
            Importances::default()
        } else if measure || !model.permutes() {
            model.importances(x_judge, &judge.labels, Some(&judge.weights))?
        } else {
            Importances {
                method: super::model::ImportanceMethod::Permutation,
                values: Vec::new(),
            }
        };
        Ok(Trained {
            model,
            scaler: self.scaler,
            split: self.split,
            train_scores,
            test_scores,
            validation_scores,
            train_auc,
            test_auc,
            validation_auc,
            importances,
            evaluation: None,
        })
    }
}

/// Trees `range` of the forest a `Train` with `forest` would grow, on the same training part.
fn grow(
    data: &TrainingData,
    spec_split: &SplitSpec,
    scaling: Scaling,
    forest: &ForestParams,
    range: std::ops::Range<usize>,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) -> crate::Result<Vec<Tree>> {
    let parts = Parts::of(data, spec_split, scaling)?;
    Forest::grow(
        &parts.x_train,
        &parts.train.labels,
        Some(&parts.train.weights),
        forest,
        range,
        &mut |done, total| emit(JobEvent::Progress { done, total }),
    )
}

/// Splits, scales and trains as a `Train` or `Learn` asks: the parts and the model, to be judged.
async fn train(
    data: &TrainingData,
    spec_split: &SplitSpec,
    scaling: Scaling,
    spec: &ModelSpec,
    device: &Device,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) -> crate::Result<(Parts, Model)> {
    let parts = Parts::of(data, spec_split, scaling)?;
    let model = match spec {
        ModelSpec::Mlp(params) => Model::Mlp({
            let net = NetworkEvents::of(
                params,
                &parts.x_train,
                &parts.train,
                &parts.x_validation,
                &parts.validation,
            );
            mlp::train(
                &net.features,
                &net.labels,
                Some(&net.weights),
                &net.params,
                device,
                &mut |event| match event {
                    MlpProgress::Batch { done, total } => emit(JobEvent::Progress { done, total }),
                    MlpProgress::Epoch(record) => emit(JobEvent::Epoch(record.clone())),
                },
            )
            .await?
        }),
        _ => spec.fit(
            &parts.x_train,
            &parts.train.labels,
            Some(&parts.train.weights),
            &mut |done, total| emit(JobEvent::Progress { done, total }),
        )?,
    };
    Ok((parts, model))
}

/// The events a network trains on. A network that validates (early stopping, its curves) does
/// so on the job's validation part when there is one — the LIP tutorial's "use the validation
/// set to stop early" — instead of setting aside some of its training events: the validation
/// events go first and `validation_first` says how many. Otherwise its training part as it is.
struct NetworkEvents {
    features: Features,
    labels: Vec<u8>,
    weights: Vec<f64>,
    params: mlp::MlpParams,
}

impl NetworkEvents {
    fn of(
        params: &mlp::MlpParams,
        x_train: &Features,
        train: &TrainingData,
        x_validation: &Features,
        validation: &TrainingData,
    ) -> Self {
        if validation.is_empty() || !params.validates() {
            return Self {
                features: x_train.clone(),
                labels: train.labels.clone(),
                weights: train.weights.clone(),
                params: params.clone(),
            };
        }
        let columns = x_validation
            .columns
            .iter()
            .zip(&x_train.columns)
            .map(|(v, t)| [v.as_slice(), t.as_slice()].concat())
            .collect();
        Self {
            features: Features {
                names: x_train.names.clone(),
                columns,
            },
            labels: [validation.labels.as_slice(), &train.labels].concat(),
            weights: [validation.weights.as_slice(), &train.weights].concat(),
            params: mlp::MlpParams {
                validation_first: validation.len(),
                ..params.clone()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::forest::ForestParams;
    use crate::ml::search::grid_search;
    use crate::ml::split::Order;
    use crate::ml::test_data::lcg_training_data;

    fn job(n_estimators: usize) -> Job {
        let data = lcg_training_data();
        Plan::Train {
            split: SplitSpec {
                validation: 0.0,
                test: 0.33,
                order: Order::Shuffled { seed: 42 },
                stratify: false,
            },
            scaling: Scaling::Standard,
            spec: ModelSpec::Forest(ForestParams {
                n_estimators,
                max_depth: Some(6),
                ..ForestParams::default()
            }),
        }
        .with_data(data)
    }

    /// A training job's events, split and model.
    fn parts(job: Job) -> (TrainingData, SplitSpec, ModelSpec) {
        match job.plan {
            Plan::Train { split, spec, .. } => (job.data, split, spec),
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn the_chosen_scaler_is_fitted_on_the_training_part_and_kept_with_the_model() {
        let (data, split, spec) = parts(job(3));
        for kind in [Scaling::MinMax, Scaling::Robust, Scaling::None] {
            let scaled = Plan::Train {
                split,
                scaling: kind,
                spec: spec.clone(),
            }
            .with_data(data.clone());
            let mut last = None;
            run(&scaled, &mut |e| {
                last = Some(e);
                true
            });
            let Some(JobEvent::Trained(t)) = last else {
                panic!("{kind:?}: {last:?}");
            };
            assert_eq!(
                t.scaler.as_ref().map(|s| s.kind),
                (kind != Scaling::None).then_some(kind)
            );
            if kind == Scaling::MinMax {
                // The training part spans exactly [0, 1] in every input once scaled.
                let train = data.select(&t.split.train);
                let x = t
                    .scaler
                    .as_ref()
                    .expect("scaler")
                    .transform(&train.features)
                    .expect("x");
                for column in &x.columns {
                    let lo = column.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    assert!(lo.abs() < 1e-12 && (hi - 1.0).abs() < 1e-12, "{lo} {hi}");
                }
            }
            assert!(t.test_auc.expect("auc") > 0.9, "{kind:?}");
        }
    }

    #[test]
    fn a_three_way_split_scores_validation_and_measures_importances_there() {
        let (data, _, _) = parts(job(5));
        let split = SplitSpec {
            validation: 1.0 / 3.0,
            test: 1.0 / 3.0,
            order: Order::Shuffled { seed: 42 },
            stratify: true,
        };
        let spec = crate::ml::ModelKind::Logistic.default_spec();
        let t = block_on(train(
            &data,
            &split,
            Scaling::Standard,
            &spec,
            &cpu_device(),
            &mut |_| true,
        ))
        .and_then(|(parts, model)| parts.judge(model, true))
        .expect("trained");
        // 3000 events: ⌈3000/3⌉ = 1000 for validation and for test, 1000 left to train.
        let sizes = (
            t.split.train.len(),
            t.split.validation.len(),
            t.split.test.len(),
        );
        assert_eq!(sizes, (1000, 1000, 1000));
        let validation = data.select(&t.split.validation);
        assert_eq!(
            t.validation_scores,
            t.apply(&validation.features).expect("scores")
        );
        let auc = crate::ml::roc_auc(
            &validation.labels,
            &t.validation_scores,
            Some(&validation.weights),
        )
        .expect("auc");
        assert_eq!(t.validation_auc, Some(auc));
        // Permutation importances on the validation part, not the test part.
        let scaled = t
            .scaler
            .as_ref()
            .expect("scaler")
            .transform(&validation.features)
            .expect("x");
        let expected = t
            .model
            .importances(&scaled, &validation.labels, Some(&validation.weights))
            .expect("importances");
        assert_eq!(t.importances, expected);
        assert_eq!(
            t.importances.method,
            crate::ml::ImportanceMethod::Permutation
        );
    }

    #[test]
    fn a_training_job_reports_progress_then_its_model_and_scores() {
        let mut events = Vec::new();
        run(&job(5), &mut |e| {
            events.push(e);
            true
        });
        let progress: Vec<(usize, usize)> = events
            .iter()
            .filter_map(|e| match e {
                JobEvent::Progress { done, total } => Some((*done, *total)),
                _ => None,
            })
            .collect();
        assert_eq!(progress, (1..=5).map(|d| (d, 5)).collect::<Vec<_>>());
        let Some(JobEvent::Trained(t)) = events.last() else {
            panic!("last event: {:?}", events.last());
        };
        // 3000 events, ⌈0.33·3000⌉ = 990 for test.
        assert_eq!((t.split.train.len(), t.split.test.len()), (2010, 990));
        assert_eq!((t.train_scores.len(), t.test_scores.len()), (2010, 990));
        let test_auc = t.test_auc.expect("test AUC");
        assert!(
            test_auc > 0.9 && t.train_auc >= test_auc - 0.01,
            "{} {test_auc}",
            t.train_auc
        );
        // Forest importances are impurity decreases summing to 1, one per input.
        assert_eq!(t.importances.method, crate::ml::ImportanceMethod::Impurity);
        assert_eq!(
            t.importances.values.len(),
            t.scaler.as_ref().map_or(0, |s| s.shift.len())
        );
        assert!((t.importances.values.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // The scaler was fitted on the training part only: its means are not the full sample's.
        let scaler = t.scaler.as_ref().expect("scaler");
        assert!(
            scaler.shift.iter().all(|m| m.is_finite())
                && scaler.shift[2] > 4.0
                && scaler.shift[2] < 6.0
        );
    }

    #[test]
    fn a_network_job_reports_epochs_and_scores_with_its_own_model() {
        let (data, split, _) = parts(job(1));
        let params = crate::ml::MlpParams {
            hidden_layers: vec![8],
            learning_rate: 0.01,
            epochs: 4,
            validation_split: 0.25,
            early_stopping: None,
            ..crate::ml::MlpParams::default()
        };
        let net_job = Plan::Train {
            split,
            scaling: Scaling::Standard,
            spec: ModelSpec::Mlp(params.clone()),
        }
        .with_data(data.clone());
        let text = serde_json::to_string(&net_job).expect("to JSON");
        assert!(serde_json::from_str::<Job>(&text).expect("from JSON") == net_job);
        let mut events = Vec::new();
        run(&net_job, &mut |e| {
            events.push(e);
            true
        });
        let epochs: Vec<usize> = events
            .iter()
            .filter_map(|e| match e {
                JobEvent::Epoch(r) => Some(r.epoch),
                _ => None,
            })
            .collect();
        assert_eq!(epochs, [1, 2, 3, 4]);
        let Some(JobEvent::Trained(t)) = events.last() else {
            panic!("last event: {:?}", events.last());
        };
        let Model::Mlp(net) = &t.model else {
            panic!("not a network: {:?}", t.model);
        };
        assert_eq!(net.history.len(), 4);
        // The job's test scores are the network's on the standardised test events.
        let test = data.select(&t.split.test);
        let scaled = t
            .scaler
            .as_ref()
            .expect("scaler")
            .transform(&test.features)
            .expect("x");
        assert_eq!(t.test_scores, net.predict_proba(&scaled).expect("scores"));
        let auc = t.test_auc.expect("auc");
        assert!(auc > 0.9, "{auc}");
        // A network's importances are AUC drops when an input is shuffled: some input matters.
        assert_eq!(
            t.importances.method,
            crate::ml::ImportanceMethod::Permutation
        );
        assert!(
            t.importances.values.iter().any(|&d| d > 0.01),
            "{:?}",
            t.importances
        );
    }

    #[test]
    fn with_a_validation_part_a_network_validates_on_it_and_trains_on_all_its_training_part() {
        let (data, _, _) = parts(job(1));
        let params = crate::ml::MlpParams {
            hidden_layers: vec![8],
            learning_rate: 0.01,
            epochs: 3,
            validation_split: 0.3,
            early_stopping: None,
            ..crate::ml::MlpParams::default()
        };
        let three_way = Plan::Train {
            split: SplitSpec {
                validation: 0.25,
                test: 0.25,
                order: Order::Shuffled { seed: 7 },
                stratify: true,
            },
            scaling: Scaling::Standard,
            spec: ModelSpec::Mlp(params),
        }
        .with_data(data);
        let mut last = None;
        run(&three_way, &mut |e| {
            last = Some(e);
            true
        });
        let Some(JobEvent::Trained(t)) = last else {
            panic!("no model: {last:?}");
        };
        let Model::Mlp(net) = &t.model else {
            panic!("not a network");
        };
        // Its validation curve is measured on the job's validation part (the last epoch's
        // network is the one kept): the share of those events on the right side of 0.5.
        let rows = &t.split.validation;
        let labels: Vec<u8> = rows
            .iter()
            .map(|&r| three_way_label(&three_way, r))
            .collect();
        let right = labels
            .iter()
            .zip(&t.validation_scores)
            .filter(|(y, s)| (**s > 0.5) == (**y == 1))
            .count();
        let record = net.history.last().expect("epochs");
        assert_eq!(record.val_accuracy, Some(right as f64 / rows.len() as f64));
        // Every training event trained: its accuracy counts all of them (none set aside).
        let right_in_training = record.accuracy * t.split.train.len() as f64;
        assert!(
            (right_in_training - right_in_training.round()).abs() < 1e-6,
            "{right_in_training}"
        );
    }

    fn three_way_label(job: &Job, row: usize) -> u8 {
        job.data.labels[row]
    }

    #[test]
    fn a_grid_search_job_reports_each_row_and_equals_the_search_in_one_go() {
        let (data, _, _) = parts(job(1));
        let candidates: Vec<ModelSpec> = [2, 4]
            .map(|d| {
                ModelSpec::Forest(ForestParams {
                    n_estimators: 3,
                    max_depth: Some(d),
                    ..ForestParams::default()
                })
            })
            .to_vec();
        let cv = CrossValidation {
            folds: 3,
            seed: 1,
            scoring: crate::ml::Scoring::RocAuc,
        };
        let mut events = Vec::new();
        run(
            &Plan::GridSearch {
                candidates: candidates.clone(),
                cv,
            }
            .with_data(data.clone()),
            &mut |e| {
                events.push(e);
                true
            },
        );
        let rows: Vec<&CandidateScore> = events
            .iter()
            .filter_map(|e| match e {
                JobEvent::Candidate(c) => Some(c),
                _ => None,
            })
            .collect();
        let Some(JobEvent::Searched(found)) = events.last() else {
            panic!("{:?}", events.last());
        };
        let direct = grid_search(
            &data.features,
            &data.labels,
            Some(&data.weights),
            &candidates,
            &cv,
            &mut |_, _| true,
        )
        .expect("search");
        assert_eq!(found, &direct);
        assert_eq!(rows.len(), 2);
        assert_eq!(*rows[1], direct.candidates[1]);
        let last_progress = events.iter().rev().find_map(|e| match e {
            JobEvent::Progress { done, total } => Some((*done, *total)),
            _ => None,
        });
        assert_eq!(last_progress, Some((6, 6)));
    }

    #[test]
    fn jobs_cross_the_worker_boundary_as_json_and_can_be_cancelled_or_fail() {
        let original = job(2);
        let text = serde_json::to_string(&original).expect("to JSON");
        // Exact only with serde_json's `float_roundtrip` (its default float parser may be off by
        // one unit in the last place): the worker must use it too.
        let back: Job = serde_json::from_str(&text).expect("from JSON");
        assert!(back == original, "the job changed on its way through JSON");

        let mut last = None;
        run(&job(5), &mut |e| {
            let go_on = !matches!(e, JobEvent::Progress { done: 2, .. });
            last = Some(e);
            go_on
        });
        assert_eq!(last, Some(JobEvent::Cancelled));

        let (data, split, _) = parts(job(1));
        let bad = Plan::Train {
            split,
            scaling: Scaling::None,
            spec: ModelSpec::Forest(ForestParams {
                n_estimators: 0,
                ..ForestParams::default()
            }),
        }
        .with_data(data);
        let mut events = Vec::new();
        run(&bad, &mut |e| {
            events.push(e);
            true
        });
        assert!(
            matches!(events.as_slice(), [JobEvent::Failed(m)] if m.contains("at least one tree")),
            "{events:?}"
        );
    }
}
