//! The playground's decisions: how a view becomes a learning session (the points, their three
//! parts, the probe grid), the messages between the page and the worker that runs the session, how
//! fast the page asks for steps, and where the decision boundary runs.
//!
//! Pure: the worker and the page only carry these messages.

use crate::Result;
use crate::ml::mlp::{Activation, MlpParams};
use crate::ml::stepwise::{Fit, Points, Snapshot, StepUnit, Stepwise};
use crate::ml::toy::ToySpec;
use crate::ml::toy::{Frame, ToySet};
use crate::ml::tree::TreeParams;
use crate::ml::{BoostingParams, ForestParams, LogisticParams, ModelSpec};

/// The models the playground offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Family {
    /// Logistic regression: one straight boundary.
    Logistic,
    /// One decision tree.
    Tree,
    /// A random forest.
    Forest,
    /// Gradient-boosted trees.
    Boosting,
    /// A neural network (a multilayer perceptron).
    Network,
}

impl Family {
    /// Every family, in menu order.
    pub const ALL: [Self; 5] = [
        Self::Logistic,
        Self::Tree,
        Self::Forest,
        Self::Boosting,
        Self::Network,
    ];
}

/// A model's settings, each used by the families it applies to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelSettings {
    /// Which model.
    pub family: Family,
    /// Deepest level of a tree, of a forest's trees and of boosting's trees.
    pub max_depth: usize,
    /// Trees of a forest, stages of boosting.
    pub n_trees: usize,
    /// Step size of boosting and of the network's optimiser (Adam).
    pub learning_rate: f64,
    /// Units of each hidden layer.
    pub layers: Vec<usize>,
    /// The hidden layers' activation.
    pub activation: Activation,
    /// Points per gradient step.
    pub batch_size: usize,
    /// L2 penalty on the weights (scikit-learn's `alpha`).
    pub l2: f64,
    /// Dropout rate after each hidden layer.
    pub dropout: f64,
    /// Passes over the training points.
    pub epochs: usize,
    /// Stop when the validation loss has not improved for this many epochs, and keep the best
    /// epoch's weights (0: never stop early).
    pub patience: usize,
}

impl Default for ModelSettings {
    /// A small network, the playground's first model: two layers of 8 ReLU units, Adam at 0.01.
    fn default() -> Self {
        Self {
            family: Family::Network,
            max_depth: 4,
            n_trees: 50,
            learning_rate: 0.01,
            layers: vec![8, 8],
            activation: Activation::Relu,
            batch_size: 16,
            l2: 0.0,
            dropout: 0.0,
            epochs: 100,
            patience: 0,
        }
    }
}

impl ModelSettings {
    /// The engine's model for these settings, seeded with `seed`.
    pub fn spec(&self, seed: u64) -> ModelSpec {
        match self.family {
            Family::Logistic => ModelSpec::Logistic(LogisticParams::default()),
            Family::Tree => ModelSpec::Tree {
                params: TreeParams {
                    max_depth: Some(self.max_depth),
                    ..TreeParams::default()
                },
                random_state: seed,
            },
            Family::Forest => ModelSpec::Forest(ForestParams {
                n_estimators: self.n_trees,
                max_depth: Some(self.max_depth),
                random_state: seed,
                ..ForestParams::default()
            }),
            Family::Boosting => ModelSpec::Boosting(BoostingParams {
                n_estimators: self.n_trees,
                learning_rate: self.learning_rate,
                max_depth: self.max_depth,
                random_state: seed,
                ..BoostingParams::default()
            }),
            Family::Network => ModelSpec::Mlp(MlpParams {
                hidden_layers: self.layers.clone(),
                activation: self.activation,
                learning_rate: self.learning_rate,
                batch_size: self.batch_size,
                l2: self.l2,
                dropout: self.dropout,
                epochs: self.epochs,
                early_stopping: (self.patience > 0).then_some(crate::ml::mlp::EarlyStopping {
                    monitor: crate::ml::mlp::Monitor::ValLoss,
                    min_delta: 0.0,
                    patience: self.patience,
                    restore_best_weights: true,
                    rule: crate::ml::mlp::StopRule::Keras,
                }),
                seed,
                ..MlpParams::default()
            }),
        }
    }
}

/// The playground's points and model: what a link holds and the worker starts from.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PlaygroundSetup {
    /// The points.
    pub toy: ToySpec,
    /// The model.
    pub model: ModelSettings,
    /// The fit, for a line or a curve.
    #[serde(default)]
    pub fit: super::fitting::FitSettings,
}

/// Cells per side of the probe grid (64 × 64 = 4096 probabilities per step: a few milliseconds
/// to compute and to draw, fine enough that the boundary line is smooth).
pub const PROBE_CELLS: usize = 64;

/// Least time between two steps the page asks for, in milliseconds: a tree's levels, a forest's
/// trees and boosting's stages are quick to show, and would flash past unseen; a network's epochs
/// take their own time.
pub fn step_pause_ms(unit: StepUnit) -> f64 {
    match unit {
        StepUnit::Depth => 400.0,
        StepUnit::Tree | StepUnit::Stage => 40.0,
        StepUnit::Epoch | StepUnit::Fit => 0.0,
    }
}

/// What the page asks the playground's worker.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Command {
    /// Make the view's points and start its model (replacing any session).
    Start(PlaygroundSetup),
    /// Take up to this many steps and report the last.
    Step(usize),
    /// Score the model as it stands on the test points.
    Test,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Answer {
    /// The session is ready: this many steps of this kind.
    Started {
        /// Steps in all.
        steps: usize,
        /// What a step is.
        unit: StepUnit,
    },
    /// The model after the steps asked for.
    Stepped(Snapshot),
    /// No step was left.
    Finished,
    /// The test points' loss and accuracy.
    Tested(Fit),
    /// The message for the student.
    Failed(String),
}

/// The points of a view, split in three, with the frame they are drawn and probed in.
pub struct Layout {
    /// The points.
    pub set: ToySet,
    /// Which points train, validate and test.
    pub split: crate::ml::Split,
    /// The plane's rectangle on screen.
    pub frame: Frame,
}

/// Makes `view`'s points.
pub fn layout(view: &PlaygroundSetup) -> Result<Layout> {
    let set = view.toy.make()?;
    let split = set.split()?;
    let frame = set.frame();
    Ok(Layout { set, split, frame })
}

/// A session in the worker: at most one model learning at a time.
#[derive(Default)]
pub struct Session {
    learning: Option<Stepwise>,
}

impl Session {
    /// Answers `command`.
    pub fn answer(&mut self, command: Command) -> Answer {
        match self.try_answer(command) {
            Ok(a) => a,
            Err(e) => Answer::Failed(e.to_string()),
        }
    }

    fn try_answer(&mut self, command: Command) -> Result<Answer> {
        let not_started = || crate::Error::Model("press Train to start a model first".into());
        match command {
            Command::Start(view) => {
                self.learning = None;
                if view.toy.kind.is_regression() {
                    return Err(crate::Error::Model(
                        "a line or a curve is fitted, not classified: pick a set with two \
                         classes"
                            .into(),
                    ));
                }
                let Layout { set, split, frame } = layout(&view)?;
                let pick = |rows: &[usize]| Points::select(&set.features, &set.labels, rows);
                let learning = Stepwise::new(
                    &view.model.spec(view.toy.seed),
                    pick(&split.train),
                    pick(&split.validation),
                    pick(&split.test),
                    frame.probe(PROBE_CELLS),
                )?;
                let answer = Answer::Started {
                    steps: learning.steps(),
                    unit: learning.unit(),
                };
                self.learning = Some(learning);
                Ok(answer)
            }
            Command::Step(n) => {
                let learning = self.learning.as_mut().ok_or_else(not_started)?;
                let mut last = None;
                for _ in 0..n.max(1) {
                    match learning.step()? {
                        Some(s) => last = Some(s),
                        None => break,
                    }
                }
                Ok(last.map_or(Answer::Finished, Answer::Stepped))
            }
            Command::Test => {
                let learning = self.learning.as_ref().ok_or_else(not_started)?;
                Ok(learning.test()?.map_or(
                    Answer::Failed("there are no test points".into()),
                    Answer::Tested,
                ))
            }
        }
    }
}

/// Where the page's model stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    /// Nothing trained yet (or reset).
    #[default]
    Idle,
    /// The worker is making the points and the model.
    Starting,
    /// Steps follow each other.
    Running,
    /// Stopped between steps; Train goes on, Step takes one.
    Paused,
    /// Every step is taken.
    Done,
    /// The message for the student.
    Failed(String),
}

/// One step's numbers, for the curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepFit {
    /// Steps done.
    pub step: usize,
    /// On the training points.
    pub train: Fit,
    /// On the validation points.
    pub validation: Option<Fit>,
}

/// The page's view of a session: what it shows, and which command comes next.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Watch {
    /// Where it stands.
    pub phase: Phase,
    /// Steps in all and what a step is, once started.
    pub plan: Option<(usize, StepUnit)>,
    /// Every step's numbers so far.
    pub history: Vec<StepFit>,
    /// The latest probe grid (empty before the first step).
    pub grid: Vec<f32>,
    /// The test points' numbers, once asked for (cleared by any further step).
    pub test: Option<Fit>,
}

impl Watch {
    /// Train: start (or restart after the end) with `view`, or go on after a pause.
    pub fn play(&mut self, view: &PlaygroundSetup) -> Option<Command> {
        match self.phase {
            Phase::Paused => {
                self.phase = Phase::Running;
                Some(Command::Step(1))
            }
            Phase::Starting | Phase::Running => None,
            Phase::Idle | Phase::Done | Phase::Failed(_) => {
                *self = Self {
                    phase: Phase::Starting,
                    ..Self::default()
                };
                Some(Command::Start(view.clone()))
            }
        }
    }

    /// Pause: the next answer is not followed by another step.
    pub fn pause(&mut self) {
        if matches!(self.phase, Phase::Running | Phase::Starting) {
            self.phase = Phase::Paused;
        }
    }

    /// Step: one step from a pause (starting paused if nothing runs yet).
    pub fn step(&mut self, view: &PlaygroundSetup) -> Option<Command> {
        match self.phase {
            Phase::Paused => Some(Command::Step(1)),
            Phase::Idle | Phase::Done | Phase::Failed(_) => {
                let start = self.play(view);
                self.phase = Phase::Paused;
                start
            }
            Phase::Starting | Phase::Running => None,
        }
    }

    /// Reset: forget the model (the page drops its worker's answers from now on).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Takes in the worker's answer; returns the command to send next (another step while
    /// running).
    pub fn on_answer(&mut self, answer: Answer) -> Option<Command> {
        match answer {
            Answer::Started { steps, unit } => {
                self.plan = Some((steps, unit));
                if self.phase == Phase::Starting {
                    self.phase = Phase::Running;
                }
                // Step (from idle) starts paused and takes exactly one step.
                Some(Command::Step(1))
            }
            Answer::Stepped(snapshot) => {
                if let Some(plan) = &mut self.plan {
                    plan.0 = snapshot.steps;
                }
                self.history.push(StepFit {
                    step: snapshot.step,
                    train: snapshot.train,
                    validation: snapshot.validation,
                });
                self.grid = snapshot.grid;
                self.test = None;
                if snapshot.done {
                    self.phase = Phase::Done;
                    return None;
                }
                (self.phase == Phase::Running).then_some(Command::Step(1))
            }
            Answer::Finished => {
                self.phase = Phase::Done;
                None
            }
            Answer::Tested(fit) => {
                self.test = Some(fit);
                None
            }
            Answer::Failed(message) => {
                self.phase = Phase::Failed(message);
                None
            }
        }
    }

    /// The pause before the next step is asked for, in milliseconds.
    pub fn pause_ms(&self) -> f64 {
        self.plan.map_or(0.0, |(_, unit)| step_pause_ms(unit))
    }

    /// A line under the plot: where the model stands.
    pub fn status(&self) -> String {
        let last = self.history.last();
        let of = |unit: StepUnit| match (self.plan, last) {
            (Some((steps, _)), Some(s)) => format!("{} {} of {steps}", unit.label(), s.step),
            _ => String::new(),
        };
        match (&self.phase, self.plan) {
            (Phase::Idle, _) => "Press Train to start, or Step to go one step at a time.".into(),
            (Phase::Starting, _) => "Making the points and the model…".into(),
            (Phase::Failed(m), _) => m.clone(),
            (phase, Some((_, unit))) => {
                let state = match phase {
                    Phase::Running => "training",
                    Phase::Paused => "paused",
                    _ => "done",
                };
                let shown = of(unit);
                match last.and_then(|s| s.validation) {
                    Some(v) => format!(
                        "{state} — {shown}: validation accuracy {:.1} %",
                        100.0 * v.accuracy
                    ),
                    None => format!("{state} — {shown}"),
                }
            }
            (_, None) => String::new(),
        }
    }
}

/// The line where the model's probability crosses `level` (0.5: the decision boundary), as
/// segments in the plane, by marching squares over the probe grid's cell centres (`grid` row by
/// row from the top, `n` × `n`, as [`Frame::probe`] lays it out). Crossings are placed by linear
/// interpolation along each edge; a square with two opposite corners above the level is split the
/// way its centre value (the mean of the four) says.
pub fn boundary(grid: &[f32], n: usize, frame: &Frame, level: f32) -> Vec<[(f64, f64); 2]> {
    let mut out = Vec::new();
    if n < 2 || grid.len() != n * n {
        return out;
    }
    let at = |r: usize, c: usize| {
        (
            frame.x.0 + (frame.x.1 - frame.x.0) * (c as f64 + 0.5) / n as f64,
            frame.y.1 - (frame.y.1 - frame.y.0) * (r as f64 + 0.5) / n as f64,
        )
    };
    let cross = |p: (f64, f64), q: (f64, f64), vp: f32, vq: f32| {
        let t = f64::from((level - vp) / (vq - vp));
        (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
    };
    for r in 0..n - 1 {
        for c in 0..n - 1 {
            // Corners clockwise from the top left.
            let corners = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)];
            let v = corners.map(|(r, c)| grid[r * n + c]);
            let p = corners.map(|(r, c)| at(r, c));
            let above = v.map(|x| x >= level);
            // Edge k joins corner k and corner k + 1: top, right, bottom, left.
            let edge = |k: usize| {
                let j = (k + 1) % 4;
                (above[k] != above[j]).then(|| cross(p[k], p[j], v[k], v[j]))
            };
            let e = [edge(0), edge(1), edge(2), edge(3)];
            match e {
                [Some(a), Some(b), Some(c2), Some(d)] => {
                    let centre_above = v.iter().sum::<f32>() / 4.0 >= level;
                    // With the centre on the side of corners 0 and 2, corners 1 and 3 are cut
                    // off on their own (edges 0–1 and 2–3), else corners 0 and 2 are (3–0, 1–2).
                    if centre_above == above[0] {
                        out.push([a, b]);
                        out.push([c2, d]);
                    } else {
                        out.push([d, a]);
                        out.push([b, c2]);
                    }
                }
                _ => {
                    let found: Vec<(f64, f64)> = e.into_iter().flatten().collect();
                    if let [a, b] = found.as_slice() {
                        out.push([*a, *b]);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::toy::ToyKind;

    fn view(kind: ToyKind, family: Family) -> PlaygroundSetup {
        PlaygroundSetup {
            toy: crate::ml::toy::ToySpec {
                kind,
                ..Default::default()
            },
            model: ModelSettings {
                family,
                ..ModelSettings::default()
            },
            fit: crate::state::fitting::FitSettings::default(),
        }
    }

    #[test]
    fn a_session_starts_steps_finishes_and_tests_as_the_page_asks() {
        let mut s = Session::default();
        assert!(matches!(s.answer(Command::Step(1)), Answer::Failed(m) if m.contains("Train")));
        let started = s.answer(Command::Start(view(ToyKind::Moons, Family::Tree)));
        assert_eq!(
            started,
            Answer::Started {
                steps: 4,
                unit: StepUnit::Depth
            }
        );
        let Answer::Stepped(first) = s.answer(Command::Step(1)) else {
            panic!("a step")
        };
        assert_eq!(
            (first.step, first.grid.len()),
            (1, PROBE_CELLS * PROBE_CELLS)
        );
        let Answer::Stepped(last) = s.answer(Command::Step(10)) else {
            panic!("the rest")
        };
        assert!(last.done && last.step == 4);
        assert_eq!(s.answer(Command::Step(1)), Answer::Finished);
        let Answer::Tested(fit) = s.answer(Command::Test) else {
            panic!("tested")
        };
        assert!(fit.accuracy > 0.8, "{fit:?}");
        // A regression set is refused with a reason, and the old session is gone.
        let refused = s.answer(Command::Start(view(ToyKind::Line, Family::Tree)));
        assert!(matches!(refused, Answer::Failed(m) if m.contains("two classes")));
        assert!(matches!(s.answer(Command::Test), Answer::Failed(_)));
        // Messages cross the worker boundary as JSON.
        let text = serde_json::to_string(&Command::Start(view(ToyKind::Xor, Family::Network)))
            .expect("json");
        assert!(serde_json::from_str::<Command>(&text).is_ok());
    }

    #[test]
    fn the_page_plays_pauses_steps_and_resets_through_the_watch() {
        let v = view(ToyKind::Moons, Family::Forest);
        let mut session = Session::default();
        let mut watch = Watch::default();
        // Train: start, then a step after every answer until done.
        let mut next = watch.play(&v);
        assert_eq!(next, Some(Command::Start(v.clone())));
        let mut answers = 0;
        while let Some(c) = next {
            next = watch.on_answer(session.answer(c));
            answers += 1;
            if answers == 4 {
                watch.pause();
                assert!(
                    watch.status().starts_with("paused — trees 3 of 50"),
                    "{}",
                    watch.status()
                );
            }
        }
        // Paused after the 4th answer (the start and 3 trees): the step already asked for still
        // arrives, and no other is asked for.
        assert_eq!((answers, watch.history.len()), (5, 4));
        assert_eq!(watch.phase, Phase::Paused);
        // Step takes exactly one, and stays paused.
        let c = watch.step(&v).expect("one step");
        assert_eq!(watch.on_answer(session.answer(c)), None);
        assert_eq!((watch.history.len(), &watch.phase), (5, &Phase::Paused));
        // Train goes on to the end.
        let mut next = watch.play(&v);
        while let Some(c) = next {
            next = watch.on_answer(session.answer(c));
        }
        assert_eq!((watch.history.len(), &watch.phase), (50, &Phase::Done));
        assert_eq!(watch.grid.len(), PROBE_CELLS * PROBE_CELLS);
        assert_eq!(watch.pause_ms(), 40.0);
        watch.on_answer(session.answer(Command::Test));
        assert!(watch.test.expect("tested").accuracy > 0.8);
        watch.reset();
        assert_eq!(watch, Watch::default());
        // Step from idle starts the model and shows its first step, paused.
        let mut next = watch.step(&v);
        while let Some(c) = next {
            next = watch.on_answer(session.answer(c));
        }
        assert_eq!((watch.history.len(), &watch.phase), (1, &Phase::Paused));
    }

    #[test]
    fn menu_keys_round_trip() {
        use crate::state::Choice;
        for k in ToyKind::ALL {
            assert_eq!(ToyKind::from_key(k.key()), Some(k));
        }
        for f in Family::ALL {
            assert_eq!(Family::from_key(f.key()), Some(f));
        }
        for a in <Activation as Choice>::ALL {
            assert_eq!(Activation::from_key(a.key()), Some(*a));
        }
    }

    #[test]
    fn the_boundary_of_a_plane_is_a_straight_line_where_it_crosses_one_half() {
        // p = x/4 + 0.5 on [−2, 2]²: the 0.5 line is x = 0, straight up the frame.
        let frame = Frame {
            x: (-2.0, 2.0),
            y: (-2.0, 2.0),
        };
        let n = 8;
        let probe = frame.probe(n);
        let grid: Vec<f32> = probe.columns[0]
            .iter()
            .map(|&x| (x / 4.0 + 0.5) as f32)
            .collect();
        let segments = boundary(&grid, n, &frame, 0.5);
        // One segment per row of squares (7), each on x = 0 from one centre row to the next.
        assert_eq!(segments.len(), 7);
        for [a, b] in &segments {
            assert!(a.0.abs() < 1e-6 && b.0.abs() < 1e-6, "{a:?} {b:?}");
            assert!(((a.1 - b.1).abs() - 0.5).abs() < 1e-9);
        }
        // A saddle (high corners top-left and bottom-right) gives two segments.
        let saddle = [0.9, 0.1, 0.1, 0.9];
        let two = boundary(&saddle, 2, &frame, 0.5);
        assert_eq!(two.len(), 2);
        assert!(boundary(&[0.9; 4], 2, &frame, 0.5).is_empty());
    }
}
