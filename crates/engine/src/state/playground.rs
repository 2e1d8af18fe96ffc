//! The playground's decisions: how a view becomes a learning session (the points, their three
//! parts, the probe grid), the messages between the page and the worker that runs the session, how
//! fast the page asks for steps, and where the decision boundary runs.
//!
//! Pure: the worker and the page only carry these messages.

use crate::Result;
use crate::ml::stepwise::{Fit, Points, Snapshot, StepUnit, Stepwise};
use crate::ml::toy::{Frame, ToySet};
use crate::view::playground::PlaygroundView;

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
    Start(PlaygroundView),
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
pub fn layout(view: &PlaygroundView) -> Result<Layout> {
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
    use crate::view::playground::{Family, ModelSettings};

    fn view(kind: ToyKind, family: Family) -> PlaygroundView {
        PlaygroundView {
            toy: crate::ml::toy::ToySpec {
                kind,
                ..Default::default()
            },
            model: ModelSettings {
                family,
                ..ModelSettings::default()
            },
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
