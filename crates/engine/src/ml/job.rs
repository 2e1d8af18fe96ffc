//! Training jobs: one message in (what to train, on what), a stream of events out (progress, then
//! the result, a failure or the cancellation). The browser's worker runs exactly this; natively
//! it is what the tests drive. Both enums are serde types, so they cross the worker boundary as
//! plain data.
//!
//! [`run_on`] takes the burn `Device` a network trains on (the only thing that differs between
//! the CPU and the WebGPU worker); the tree models and logistic regression always run on the CPU.

use super::features::{Features, TrainingData};
use burn::tensor::Device;

use super::metrics::roc_auc;
use super::mlp::{self, EpochRecord, MlpProgress, block_on, cpu_device};
use super::model::{Importances, Model, ModelSpec};
use super::scaler::{Scaler, Scaling};
use super::search::{CandidateScore, CrossValidation, GridSearch, grid_search};
use super::split::{Split, SplitSpec, split};
use crate::Error;

/// Work for the worker.
// One job crosses the worker boundary per training: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Job {
    /// Split, optionally scale (fitted on the training part only), train, and score.
    Train {
        /// The events.
        data: TrainingData,
        /// How to split them.
        split: SplitSpec,
        /// How to scale the inputs (fitted on the training events).
        scaling: Scaling,
        /// The classifier and its settings.
        spec: ModelSpec,
    },
    /// Compare settings by k-fold cross-validation on all the events given.
    GridSearch {
        /// The events (the training part of the student's split).
        data: TrainingData,
        /// The settings to compare.
        candidates: Vec<ModelSpec>,
        /// Folds, seed and score.
        cv: CrossValidation,
    },
}

/// A [`Job`] without its events: what the app decides. In the browser the events travel next to
/// it as typed arrays (a JSON copy of a large sample would block the page).
// One plan per training crosses the worker boundary: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Plan {
    /// [`Job::Train`]'s settings.
    Train {
        /// How to split the events.
        split: SplitSpec,
        /// How to scale the inputs.
        scaling: Scaling,
        /// The classifier and its settings.
        spec: ModelSpec,
    },
    /// [`Job::GridSearch`]'s settings.
    GridSearch {
        /// The settings to compare.
        candidates: Vec<ModelSpec>,
        /// Folds, seed and score.
        cv: CrossValidation,
    },
}

impl Plan {
    /// The job on `data`.
    pub fn with_data(self, data: TrainingData) -> Job {
        match self {
            Self::Train {
                split,
                scaling,
                spec,
            } => Job::Train {
                data,
                split,
                scaling,
                spec,
            },
            Self::GridSearch { candidates, cv } => Job::GridSearch {
                data,
                candidates,
                cv,
            },
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
    /// A [`Job::Train`] finished.
    Trained(Box<Trained>),
    /// One candidate of a [`Job::GridSearch`] is scored (its row of the table, as it fills).
    Candidate(CandidateScore),
    /// A [`Job::GridSearch`] finished.
    Searched(GridSearch),
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
    let outcome = match job {
        Job::Train {
            data,
            split,
            scaling,
            spec,
        } => train(data, split, *scaling, spec, device, emit)
            .await
            .map(|t| JobEvent::Trained(Box::new(t))),
        Job::GridSearch {
            data,
            candidates,
            cv,
        } => search(data, candidates, cv, emit).map(JobEvent::Searched),
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
    let total = candidates.len() * cv.folds;
    let mut table = Vec::with_capacity(candidates.len());
    for (c, spec) in candidates.iter().enumerate() {
        let one = grid_search(
            &data.features,
            &data.labels,
            Some(&data.weights),
            std::slice::from_ref(spec),
            cv,
            &mut |done, _| {
                emit(JobEvent::Progress {
                    done: c * cv.folds + done,
                    total,
                })
            },
        )?;
        let row = one
            .candidates
            .into_iter()
            .next()
            .ok_or(crate::Error::Cancelled)?;
        if !emit(JobEvent::Candidate(row.clone())) {
            return Err(crate::Error::Cancelled);
        }
        table.push(row);
    }
    let best = table.iter().enumerate().fold(
        0,
        |best, (i, c)| {
            if c.mean > table[best].mean { i } else { best }
        },
    );
    Ok(GridSearch {
        candidates: table,
        best,
    })
}

async fn train(
    data: &TrainingData,
    spec_split: &SplitSpec,
    scaling: Scaling,
    spec: &ModelSpec,
    device: &Device,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) -> crate::Result<Trained> {
    let parts = split(&data.labels, spec_split)?;
    let (train_data, test_data) = (data.select(&parts.train), data.select(&parts.test));
    let validation_data = data.select(&parts.validation);
    let scaler = Scaler::fit(scaling, &train_data.features)?;
    let prepare = |d: &TrainingData| match &scaler {
        Some(s) => s.transform(&d.features),
        None => Ok(d.features.clone()),
    };
    let (x_train, x_test) = (prepare(&train_data)?, prepare(&test_data)?);
    let x_validation = prepare(&validation_data)?;
    let model = match spec {
        ModelSpec::Mlp(params) => Model::Mlp({
            let net = NetworkEvents::of(
                params,
                &x_train,
                &train_data,
                &x_validation,
                &validation_data,
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
            &x_train,
            &train_data.labels,
            Some(&train_data.weights),
            &mut |done, total| emit(JobEvent::Progress { done, total }),
        )?,
    };
    let train_scores = model.predict_proba(&x_train)?;
    let test_scores = model.predict_proba(&x_test)?;
    let validation_scores = model.predict_proba(&x_validation)?;
    let train_auc = roc_auc(&train_data.labels, &train_scores, Some(&train_data.weights))?;
    let auc_of = |d: &TrainingData, scores: &[f64]| -> crate::Result<Option<f64>> {
        if d.is_empty() {
            return Ok(None);
        }
        roc_auc(&d.labels, scores, Some(&d.weights)).map(Some)
    };
    let (test_auc, validation_auc) = (
        auc_of(&test_data, &test_scores)?,
        auc_of(&validation_data, &validation_scores)?,
    );
    // Measured where the student may look: validation when there is one (test stays untouched).
    let (x_judge, judge) = if validation_data.is_empty() {
        (&x_test, &test_data)
    } else {
        (&x_validation, &validation_data)
    };
    let importances = if judge.is_empty() {
        Importances::default()
    } else {
        model.importances(x_judge, &judge.labels, Some(&judge.weights))?
    };
    Ok(Trained {
        model,
        scaler,
        split: parts,
        train_scores,
        test_scores,
        validation_scores,
        train_auc,
        test_auc,
        validation_auc,
        importances,
    })
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
    use crate::ml::split::Order;
    use crate::ml::test_data::lcg_events;

    fn job(n_estimators: usize) -> Job {
        let (events, _) = lcg_events();
        let n = events.labels.len();
        Job::Train {
            data: TrainingData {
                features: events.features,
                labels: events.labels,
                weights: events.weights,
                sample: vec![0; n],
                samples: vec!["toy".into()],
                rows: Vec::new(),
            },
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
    }

    #[test]
    fn the_chosen_scaler_is_fitted_on_the_training_part_and_kept_with_the_model() {
        let Job::Train {
            data, split, spec, ..
        } = job(3)
        else {
            unreachable!()
        };
        for kind in [Scaling::MinMax, Scaling::Robust, Scaling::None] {
            let scaled = Job::Train {
                data: data.clone(),
                split,
                scaling: kind,
                spec: spec.clone(),
            };
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
        let Job::Train { data, .. } = job(5) else {
            panic!("a training job")
        };
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
        let Job::Train { data, split, .. } = job(1) else {
            unreachable!()
        };
        let params = crate::ml::MlpParams {
            hidden_layers: vec![8],
            learning_rate: 0.01,
            epochs: 4,
            validation_split: 0.25,
            early_stopping: None,
            ..crate::ml::MlpParams::default()
        };
        let net_job = Job::Train {
            data: data.clone(),
            split,
            scaling: Scaling::Standard,
            spec: ModelSpec::Mlp(params.clone()),
        };
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
        let Job::Train { data, .. } = job(1) else {
            unreachable!()
        };
        let params = crate::ml::MlpParams {
            hidden_layers: vec![8],
            learning_rate: 0.01,
            epochs: 3,
            validation_split: 0.3,
            early_stopping: None,
            ..crate::ml::MlpParams::default()
        };
        let three_way = Job::Train {
            data,
            split: SplitSpec {
                validation: 0.25,
                test: 0.25,
                order: Order::Shuffled { seed: 7 },
                stratify: true,
            },
            scaling: Scaling::Standard,
            spec: ModelSpec::Mlp(params),
        };
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
        match job {
            Job::Train { data, .. } => data.labels[row],
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_grid_search_job_reports_each_row_and_equals_the_search_in_one_go() {
        let Job::Train { data, .. } = job(1) else {
            unreachable!()
        };
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
            &Job::GridSearch {
                data: data.clone(),
                candidates: candidates.clone(),
                cv,
            },
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

        let Job::Train { data, split, .. } = job(1) else {
            unreachable!()
        };
        let bad = Job::Train {
            data,
            split,
            scaling: Scaling::None,
            spec: ModelSpec::Forest(ForestParams {
                n_estimators: 0,
                ..ForestParams::default()
            }),
        };
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
