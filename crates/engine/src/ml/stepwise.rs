//! A classifier learning in steps the student can watch: a network one epoch at a time, a forest
//! one tree at a time, boosting one stage at a time, a tree one level deeper at a time. After each
//! step it reports the training and validation loss and accuracy and the model's probability on a
//! grid of the plane (the decision boundary the playground draws). The test points are scored only
//! when asked — the third split stays untouched while the student tunes.
//!
//! Trees, forests and boosting are fitted once, at the start, and shown growing: a tree cut at
//! depth k is exactly the tree grown with `max_depth = k` (growth is greedy, each split chosen
//! from its own node's events), the first k trees of a forest are a forest of k trees, and the
//! first k stages of boosting are scikit-learn's `staged_predict_proba`. Only a network changes
//! between steps. CPU only: two inputs and a few thousand points need no GPU.

use super::boosting::Boosting;
use super::features::Features;
use super::mlp::{MlpProgress, Trainer, block_on, cpu_device};
use super::model::{Model, ModelSpec};
use super::rng::Rng;
use super::tree::Tree;
use crate::ml::{Binned, MAX_BINS, TreeParams};
use crate::{Error, Result};

/// Points and their classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// The inputs.
    pub features: Features,
    /// 1 or 0 per point.
    pub labels: Vec<u8>,
}

impl Points {
    /// The points at `rows`.
    pub fn select(features: &Features, labels: &[u8], rows: &[usize]) -> Self {
        Self {
            features: features.select(rows),
            labels: rows.iter().map(|&r| labels[r]).collect(),
        }
    }
}

/// Loss and accuracy of a model on some points.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fit {
    /// Mean binary cross-entropy −[y ln p + (1 − y) ln(1 − p)], p clipped to [ε, 1 − ε] with
    /// ε = 10⁻⁷ as Keras does (a pure leaf's p = 0 would give an infinite loss).
    pub loss: f64,
    /// Share of points on the right side of p = 0.5 (p > 0.5 ⇔ class 1).
    pub accuracy: f64,
}

/// Keras's `epsilon()`: how close to 0 or 1 a probability may come in the loss.
pub const EPSILON: f64 = 1e-7;

impl Fit {
    /// The loss and accuracy of `proba` against `labels` (`None` without points).
    pub fn of(labels: &[u8], proba: &[f64]) -> Option<Self> {
        if labels.is_empty() {
            return None;
        }
        let (mut loss, mut right) = (0.0, 0usize);
        for (&y, &p) in labels.iter().zip(proba) {
            let p = p.clamp(EPSILON, 1.0 - EPSILON);
            loss -= if y == 1 { p.ln() } else { (1.0 - p).ln() };
            right += usize::from((p > 0.5) == (y == 1));
        }
        let n = labels.len() as f64;
        Some(Self {
            loss: loss / n,
            accuracy: right as f64 / n,
        })
    }
}

/// What one step is, for the labels under the curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StepUnit {
    /// A pass of a network over the training points.
    Epoch,
    /// One more tree in a forest.
    Tree,
    /// One more stage of boosting.
    Stage,
    /// One more level of a single tree.
    Depth,
    /// The whole fit at once (logistic regression: Newton's method converges in a few steps).
    Fit,
}

impl StepUnit {
    /// The axis title of the curves.
    pub fn label(self) -> &'static str {
        match self {
            Self::Epoch => "epoch",
            Self::Tree => "trees",
            Self::Stage => "boosting stages",
            Self::Depth => "tree depth",
            Self::Fit => "fit",
        }
    }
}

/// The model after a step.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Steps done (1 after the first).
    pub step: usize,
    /// Steps in all (a network may stop earlier).
    pub steps: usize,
    /// What a step is.
    pub unit: StepUnit,
    /// On the training points.
    pub train: Fit,
    /// On the validation points (`None` without any).
    pub validation: Option<Fit>,
    /// Probability of class 1 at each probe point (row by row, as [`super::toy::Frame::probe`]).
    pub grid: Vec<f32>,
    /// True when no step is left.
    pub done: bool,
}

/// The learner between steps. One per session: boxing the network's variant would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Learner {
    /// Fitted at the start; `shown` of `stages` stages are shown.
    Staged {
        model: Model,
        stages: usize,
        shown: usize,
        running: Running,
    },
    /// A network in training (`None` once finished and its best epoch restored).
    Network {
        trainer: Option<Trainer>,
        finished: Option<Box<Model>>,
    },
}

/// Running sums for ensembles, so a step costs one tree, not the whole ensemble again: for a
/// forest the sum of the trees' probabilities, for boosting the raw score.
#[derive(Default)]
struct Running {
    train: Vec<f64>,
    validation: Vec<f64>,
    probe: Vec<f64>,
}

/// A classifier learning step by step on the training points, judged on the validation points,
/// probed on a grid.
pub struct Stepwise {
    learner: Learner,
    train: Points,
    validation: Points,
    test: Points,
    probe: Features,
}

impl Stepwise {
    /// Starts learning `spec` on `train`. Trees, forests and boosting are fitted here; a network
    /// is only initialised.
    pub fn new(
        spec: &ModelSpec,
        train: Points,
        validation: Points,
        test: Points,
        probe: Features,
    ) -> Result<Self> {
        let learner = match spec {
            ModelSpec::Mlp(params) => {
                let mut params = params.clone();
                // The playground's own validation points are the network's: no fraction is carved
                // out of the training points.
                params.validation_split = 0.0;
                params.validation_first = validation.labels.len();
                let both = concat(&validation, &train)?;
                let trainer =
                    Trainer::new(&both.features, &both.labels, None, &params, &cpu_device())?;
                Learner::Network {
                    trainer: Some(trainer),
                    finished: None,
                }
            }
            _ => {
                let model = spec.fit(&train.features, &train.labels, None, &mut |_, _| true)?;
                let stages = match &model {
                    Model::Tree { tree, .. } => tree.depth().max(1),
                    Model::Forest(f) => f.trees.len(),
                    Model::Boosting(b) => b.stages.len(),
                    _ => 1,
                };
                Learner::Staged {
                    model,
                    stages,
                    shown: 0,
                    running: Running::default(),
                }
            }
        };
        Ok(Self {
            learner,
            train,
            validation,
            test,
            probe,
        })
    }

    /// Steps in all.
    pub fn steps(&self) -> usize {
        match &self.learner {
            Learner::Staged { stages, .. } => *stages,
            Learner::Network { trainer, finished } => match (trainer, finished) {
                (Some(t), _) => t.epochs_planned(),
                (None, Some(m)) => match m.as_ref() {
                    Model::Mlp(net) => net.history.len(),
                    _ => 0,
                },
                (None, None) => 0,
            },
        }
    }

    /// What a step is.
    pub fn unit(&self) -> StepUnit {
        match &self.learner {
            Learner::Network { .. } => StepUnit::Epoch,
            Learner::Staged { model, .. } => match model {
                Model::Tree { .. } => StepUnit::Depth,
                Model::Forest(_) => StepUnit::Tree,
                Model::Boosting(_) => StepUnit::Stage,
                _ => StepUnit::Fit,
            },
        }
    }

    /// Takes the next step and reports the model; `None` when every step is taken.
    pub fn step(&mut self) -> Result<Option<Snapshot>> {
        let unit = self.unit();
        let (step, done, [train, validation, grid]) = match &mut self.learner {
            Learner::Staged {
                model,
                stages,
                shown,
                running,
            } => {
                if *shown >= *stages {
                    return Ok(None);
                }
                *shown += 1;
                let sets = [&self.train.features, &self.validation.features, &self.probe];
                let proba = staged(model, *shown, running, sets)?;
                (*shown, *shown == *stages, proba)
            }
            Learner::Network { trainer, finished } => {
                let Some(t) = trainer else {
                    return Ok(None);
                };
                if block_on(t.epoch(&mut |_: MlpProgress<'_>| true))?.is_none() {
                    return Ok(None);
                }
                let step = t.epochs_done();
                let done = t.is_done();
                let model = if done {
                    let t = trainer.take().ok_or(Error::Cancelled)?;
                    let m = Model::Mlp(block_on(t.finish())?);
                    *finished = Some(Box::new(m.clone()));
                    m
                } else {
                    Model::Mlp(block_on(t.current())?)
                };
                let proba = [&self.train.features, &self.validation.features, &self.probe]
                    .map(|f| model.predict_proba(f));
                let [a, b, c] = proba;
                (step, done, [a?, b?, c?])
            }
        };
        let steps = self.steps();
        Ok(Some(Snapshot {
            step,
            steps: steps.max(step),
            unit,
            train: Fit::of(&self.train.labels, &train).ok_or(Error::Cancelled)?,
            validation: Fit::of(&self.validation.labels, &validation),
            grid: grid.iter().map(|&p| p as f32).collect(),
            done,
        }))
    }

    /// Every remaining step at once; the last snapshot (`None` if none was left).
    pub fn run_to_end(&mut self) -> Result<Option<Snapshot>> {
        let mut last = None;
        while let Some(s) = self.step()? {
            last = Some(s);
        }
        Ok(last)
    }

    /// The model as shown now, on the test points: the one look at them, once the student has
    /// settled on a model.
    pub fn test(&self) -> Result<Option<Fit>> {
        let proba = match &self.learner {
            Learner::Staged {
                model,
                shown,
                stages,
                ..
            } => {
                let mut running = Running::default();
                let shown = (*shown).clamp(1, *stages);
                let probe = Features {
                    names: self.test.features.names.clone(),
                    columns: vec![Vec::new(); self.test.features.columns.len()],
                };
                let sets = [&self.test.features, &probe, &probe];
                let mut last = Vec::new();
                for k in 1..=shown {
                    last = staged(model, k, &mut running, sets)?[0].clone();
                }
                last
            }
            Learner::Network { trainer, finished } => match (trainer, finished) {
                (Some(t), _) => {
                    Model::Mlp(block_on(t.current())?).predict_proba(&self.test.features)?
                }
                (None, Some(m)) => m.predict_proba(&self.test.features)?,
                (None, None) => return Ok(None),
            },
        };
        Ok(Fit::of(&self.test.labels, &proba))
    }
}

/// The validation points, then the training points (the network's `validation_first` layout).
fn concat(first: &Points, then: &Points) -> Result<Points> {
    let columns = first
        .features
        .columns
        .iter()
        .zip(&then.features.columns)
        .map(|(a, b)| a.iter().chain(b).copied().collect())
        .collect();
    Ok(Points {
        features: Features::new(first.features.names.clone(), columns)?,
        labels: first.labels.iter().chain(&then.labels).copied().collect(),
    })
}

/// The probabilities on each of `sets` of the model shown at stage `k` (called with k = 1, 2, …
/// in order, `running` carrying the ensembles' sums from one stage to the next).
fn staged(
    model: &Model,
    k: usize,
    running: &mut Running,
    sets: [&Features; 3],
) -> Result<[Vec<f64>; 3]> {
    let sums = [
        &mut running.train,
        &mut running.validation,
        &mut running.probe,
    ];
    let mut out: [Vec<f64>; 3] = Default::default();
    for ((features, sum), slot) in sets.into_iter().zip(sums).zip(&mut out) {
        let n = features.n_rows();
        if sum.len() != n {
            *sum = vec![0.0; n];
        }
        *slot = match model {
            Model::Tree { tree, .. } => at_depth(tree, k, features),
            Model::Forest(forest) => {
                let tree = &forest.trees[k - 1];
                for (row, s) in sum.iter_mut().enumerate() {
                    *s += tree.leaf_of(|f| features.columns[f][row]).signal_fraction();
                }
                sum.iter().map(|s| s / k as f64).collect()
            }
            Model::Boosting(b) => {
                if k == 1 {
                    sum.fill(b.init);
                }
                add_stage(b, k - 1, features, sum);
                sum.iter().map(|&z| super::features::sigmoid(z)).collect()
            }
            other => other.predict_proba(features)?,
        };
    }
    Ok(out)
}

/// A decision tree's accuracy on `validation` when cut at each depth from 1 to its own, as the
/// playground's steps show it — grown here from the tree learner alone, so that a caller on the
/// page's thread (a lesson's check) does not bring the other learners' code along.
pub fn tree_accuracy_by_depth(
    params: &TreeParams,
    random_state: u64,
    train: &Points,
    validation: &Points,
) -> Result<Vec<f64>> {
    train.features.check_targets(&train.labels, None)?;
    let weights = vec![1.0; train.labels.len()];
    let binned = Binned::new(&train.features, MAX_BINS);
    let tree = Tree::fit(
        &binned,
        &train.labels,
        &weights,
        params,
        &mut Rng::new(random_state, 0),
    )?;
    (1..=tree.depth().max(1))
        .map(|k| {
            Fit::of(
                &validation.labels,
                &at_depth(&tree, k, &validation.features),
            )
            .map(|f| f.accuracy)
            .ok_or_else(|| crate::Error::Model("there are no validation points".into()))
        })
        .collect()
}

/// A tree cut at `depth` (the root alone is depth 0, one split is depth 1): each point gets the signal fraction of the
/// deepest node it reaches at or above that depth.
fn at_depth(tree: &Tree, depth: usize, features: &Features) -> Vec<f64> {
    (0..features.n_rows())
        .map(|row| {
            let mut i = 0;
            while let Some((f, t, l, r)) = tree.nodes[i].split {
                if tree.nodes[i].depth >= depth {
                    break;
                }
                i = if features.columns[f][row] <= t { l } else { r };
            }
            tree.nodes[i].signal_fraction()
        })
        .collect()
}

/// Adds stage `s`'s contribution (learning rate × leaf value) to each raw score.
fn add_stage(b: &Boosting, s: usize, features: &Features, raw: &mut [f64]) {
    for (row, z) in raw.iter_mut().enumerate() {
        *z += b.learning_rate * b.stage_value(s, |f| features.columns[f][row]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::boosting::BoostingParams;
    use crate::ml::logistic::LogisticParams;
    use crate::ml::mlp::MlpParams;
    use crate::ml::toy::{ToyKind, ToySpec};
    use crate::ml::tree::TreeParams;

    /// The default toy set of `kind` (300 points, noise 0.15 or 0.05 for spirals, seed 1) split 180/60/60, probed on
    /// 64 × 64 cells.
    fn session(kind: ToyKind, spec: &ModelSpec) -> Stepwise {
        let set = ToySpec {
            kind,
            noise: if kind == ToyKind::Spirals { 0.05 } else { 0.15 },
            ..ToySpec::default()
        }
        .make()
        .expect("set");
        let parts = set.split().expect("split");
        let pick = |rows: &[usize]| Points::select(&set.features, &set.labels, rows);
        Stepwise::new(
            spec,
            pick(&parts.train),
            pick(&parts.validation),
            pick(&parts.test),
            set.frame().probe(64),
        )
        .expect("session")
    }

    fn grid_sum(s: &Snapshot) -> f64 {
        s.grid.iter().map(|&p| f64::from(p)).sum()
    }

    // The references below: scikit-learn 1.5.2 on the same points (our generator's moons and
    // circles, written to CSV with their split and the 64 × 64 probe), e.g.
    // `DecisionTreeClassifier(max_depth=k, random_state=0).fit(X_train, y_train)`, then
    // `accuracy_score(y_val, p_val > 0.5)` and `predict_proba(grid)[:, 1].sum()`.

    #[test]
    fn the_accuracy_by_depth_is_what_the_tree_shows_level_by_level() {
        let set = ToySpec::default().make().expect("set");
        let parts = set.split().expect("split");
        let pick = |rows: &[usize]| Points::select(&set.features, &set.labels, rows);
        let params = TreeParams::default();
        let spec = ModelSpec::Tree {
            params,
            random_state: 1,
        };
        let mut s = session(ToyKind::Moons, &spec);
        let shown: Vec<f64> = std::iter::from_fn(|| s.step().expect("step"))
            .map(|shot| shot.validation.expect("validation").accuracy)
            .collect();
        let direct =
            tree_accuracy_by_depth(&params, 1, &pick(&parts.train), &pick(&parts.validation))
                .expect("tree");
        assert_eq!(direct, shown);
    }

    #[test]
    fn a_tree_shown_level_by_level_is_scikit_learns_tree_of_each_depth() {
        let spec = ModelSpec::Tree {
            params: TreeParams::default(),
            random_state: 0,
        };
        for (kind, want) in [
            (
                ToyKind::Moons,
                [
                    (0.883333, 2119.369022),
                    (0.916667, 2113.161193),
                    (0.916667, 2086.986842),
                    (0.900000, 2053.057143),
                    (0.966667, 2056.0),
                ],
            ),
            (
                ToyKind::Circles,
                [
                    (0.583333, 1774.929436),
                    (0.733333, 1313.763085),
                    (0.783333, 1128.916667),
                    (0.850000, 866.588235),
                    (0.816667, 856.0),
                ],
            ),
        ] {
            let mut s = session(kind, &spec);
            // Both full trees are 6 levels deep.
            assert_eq!((s.steps(), s.unit()), (6, StepUnit::Depth), "{kind:?}");
            let shots: Vec<Snapshot> = std::iter::from_fn(|| s.step().expect("step")).collect();
            assert_eq!(shots.len(), 6);
            assert!(shots[5].done && !shots[4].done);
            for (depth, (acc, sum)) in [1, 2, 3, 4, 6].into_iter().zip(want) {
                let shot = &shots[depth - 1];
                let val = shot.validation.expect("validation");
                assert!(
                    (val.accuracy - acc).abs() < 1e-6,
                    "{kind:?} {depth}: {val:?}"
                );
                // The grid is stored as f32: 4096 cells, each within 6e-8 of the f64 value.
                let got = grid_sum(shot);
                // Circles, 6 levels: two splits of one node tie in gain, and which one wins is
                // scikit-learn's random_state (0 and 1 give 856, 2 gives 902, 3 to 5 give 930):
                // ours is one of them, with the same validation accuracy.
                let tie = kind == ToyKind::Circles && depth == 6;
                let ok = if tie {
                    [856.0, 902.0, 930.0].iter().any(|v| (got - v).abs() < 1e-3)
                } else {
                    (got - sum).abs() < 1e-3
                };
                assert!(ok, "{kind:?} {depth} {got}");
            }
            // A full tree fits its training points exactly; the loss is ε-clipped, not infinite.
            assert_eq!(shots[5].train.accuracy, 1.0);
            assert!(shots[5].train.loss < 1e-6);
        }
    }

    #[test]
    fn logistic_regression_is_one_step_and_fails_on_circles_as_scikit_learns_does() {
        let spec = ModelSpec::Logistic(LogisticParams::default());
        // LogisticRegression(C=1.0, tol=1e-12, max_iter=10000) (the default tolerance stops
        // L-BFGS about 2e-5 short of the minimum; Newton's method reaches it):
        // log_loss(y_train, p) and the grid's summed probability.
        for (kind, loss, acc, val_acc, sum) in [
            (
                ToyKind::Moons,
                0.2710735242,
                0.877778,
                0.883333,
                2037.00678116,
            ),
            (
                ToyKind::Circles,
                0.6918969072,
                0.555556,
                0.45,
                2050.13373469,
            ),
        ] {
            let mut s = session(kind, &spec);
            let shot = s.step().expect("step").expect("one step");
            assert!(shot.done && shot.unit == StepUnit::Fit);
            assert!(
                (shot.train.loss - loss).abs() < 1e-9,
                "{kind:?} {:?}",
                shot.train
            );
            assert!((shot.train.accuracy - acc).abs() < 1e-6);
            assert!((shot.validation.expect("val").accuracy - val_acc).abs() < 1e-6);
            assert!(
                (grid_sum(&shot) - sum).abs() < 1e-3,
                "{kind:?} {}",
                grid_sum(&shot)
            );
            assert!(s.step().expect("no more").is_none());
        }
    }

    #[test]
    fn boosting_stage_by_stage_is_scikit_learns_staged_predict_proba() {
        let spec = ModelSpec::Boosting(BoostingParams {
            n_estimators: 30,
            ..BoostingParams::default()
        });
        // GradientBoostingClassifier(n_estimators=30, random_state=0): staged_predict_proba on
        // the validation points at stages 1, 5 and 30 (log_loss, accuracy), then the grid.
        for (kind, stages, sum) in [
            (
                ToyKind::Moons,
                [
                    (0.6222188944, 0.916667),
                    (0.4493586672, 0.916667),
                    (0.1782705434, 0.916667),
                ],
                2059.76006017,
            ),
            (
                ToyKind::Circles,
                [
                    (0.6518743726, 0.783333),
                    (0.5165811237, 0.883333),
                    (0.3071161161, 0.883333),
                ],
                996.31930845,
            ),
        ] {
            let mut s = session(kind, &spec);
            let shots: Vec<Snapshot> = std::iter::from_fn(|| s.step().expect("step")).collect();
            assert_eq!(shots.len(), 30);
            for (k, (loss, acc)) in [1, 5, 30].into_iter().zip(stages) {
                let val = shots[k - 1].validation.expect("val");
                assert!(
                    (val.loss - loss).abs() < 1e-6,
                    "{kind:?} stage {k}: {val:?}"
                );
                assert!((val.accuracy - acc).abs() < 1e-6);
            }
            // Far from the points a threshold may sit elsewhere in the same gap between two
            // training values: the 4096 cells' sum agrees to 0.02 (5e-6 per cell on average).
            assert!(
                (grid_sum(&shots[29]) - sum).abs() < 2e-2,
                "{}",
                grid_sum(&shots[29])
            );
        }
    }

    #[test]
    fn a_forest_grows_tree_by_tree_into_the_forest_it_fitted() {
        let spec = ModelSpec::Forest(crate::ml::ForestParams {
            n_estimators: 12,
            ..crate::ml::ForestParams::default()
        });
        let mut s = session(ToyKind::Moons, &spec);
        assert_eq!((s.steps(), s.unit()), (12, StepUnit::Tree));
        let first = s.step().expect("step").expect("first tree");
        let last = s.run_to_end().expect("run").expect("last");
        assert!(last.done && last.step == 12);
        // The running sums give the whole forest's own predictions.
        let Learner::Staged { model, .. } = &s.learner else {
            panic!("staged")
        };
        let direct = model.predict_proba(&s.probe).expect("proba");
        for (a, b) in last.grid.iter().zip(&direct) {
            assert!((f64::from(*a) - b).abs() < 1e-6);
        }
        // One bootstrapped tree's boundary is rougher than the average of twelve.
        assert_ne!(first.grid, last.grid);
        assert!(last.validation.expect("val").accuracy >= 0.9);
    }

    #[test]
    fn a_network_learns_the_spirals_epoch_by_epoch_and_the_test_points_wait() {
        let spec = ModelSpec::Mlp(MlpParams {
            hidden_layers: vec![32, 32],
            learning_rate: 0.01,
            batch_size: 16,
            epochs: 120,
            early_stopping: None,
            ..MlpParams::default()
        });
        let mut s = session(ToyKind::Spirals, &spec);
        assert_eq!((s.steps(), s.unit()), (120, StepUnit::Epoch));
        let first = s.step().expect("step").expect("epoch 1");
        assert_eq!((first.step, first.done), (1, false));
        let last = s.run_to_end().expect("run").expect("last");
        assert!(last.done && last.step == 120);
        let val = last.validation.expect("val");
        assert!(val.accuracy >= 0.9, "{val:?}");
        assert!(last.train.loss < first.train.loss / 3.0);
        // The boundary moved as it learned.
        let changed = first
            .grid
            .iter()
            .zip(&last.grid)
            .filter(|(a, b)| (**a > 0.5) != (**b > 0.5))
            .count();
        assert!(changed > 200, "{changed}");
        let test = s.test().expect("test").expect("test points");
        assert!(test.accuracy >= 0.85, "{test:?}");
        assert!(s.step().expect("over").is_none());
    }
}
