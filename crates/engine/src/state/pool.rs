//! A worker pool's share of one run: how many workers, which of them grows which trees of a
//! forest, fits which cells of a grid search or measures which inputs' permutation importances,
//! and how their replies become the one run the page shows (progress summed, the table's rows in
//! order, the forest put together, the importances gathered).
//!
//! Pure: the app's `Run` service starts the workers, posts what a [`Pool`] orders and feeds it
//! their replies; the decisions are here. Every piece is a pure function of the events and its
//! settings (`ml::Plan::{Grow, Assemble, Fit}`), so the result is the one worker's, bit for bit,
//! whatever the number of workers and whichever finishes first.

use std::ops::Range;

use crate::ml::{
    CandidateScore, CrossValidation, GridSearch, ImportanceMethod, JobEvent, ModelSpec, Plan,
    Scaling, SplitSpec, Tree,
};

use super::run::Reply;

/// The most workers a pool starts: past this a laptop's cores are spent and each worker's copy of
/// the events only costs memory.
pub const MAX_WORKERS: usize = 8;

/// The memory every worker's copy of the events may take together, bytes.
pub const POOL_MEMORY_BYTES: usize = 1_500_000_000;

/// The workers offered when the browser does not say how many cores it has.
pub const UNKNOWN_CORES: usize = 2;

/// How many workers train: the student's `chosen` number, else one per core the browser reports
/// (`navigator.hardwareConcurrency`); at most [`MAX_WORKERS`], and no more than fit
/// [`POOL_MEMORY_BYTES`] with a copy of `events_bytes` each. At least one.
pub fn pool_size(cores: Option<usize>, chosen: Option<usize>, events_bytes: usize) -> usize {
    let wanted = chosen.unwrap_or(cores.unwrap_or(UNKNOWN_CORES));
    let memory = POOL_MEMORY_BYTES / events_bytes.max(1);
    wanted.min(MAX_WORKERS).min(memory).max(1)
}

/// Whether a model family's training is shared among a pool: a forest's trees; for a model
/// that learns one step after another (boosting, a network, logistic regression), its
/// permutation importances, input by input. A single tree's importances are its splits'. A grid
/// search always is.
pub fn shares(kind: crate::ml::ModelKind) -> bool {
    kind != crate::ml::ModelKind::Tree
}

/// The Workers menu's hover text.
pub const WORKERS_TITLE: &str = "How many Web Workers share a forest's trees, a grid search's \
    fits or a model's permutation importances, each on its own core. The result is the same \
    whatever the number: each tree, each fit and each input's shuffles have their own seed. \
    Automatic: one per core this computer reports.";

/// The Workers menu's key for `chosen`: `auto`, or the number.
pub fn worker_key(chosen: Option<usize>) -> String {
    chosen.map_or_else(|| "auto".to_owned(), |n| n.to_string())
}

/// The choice a Workers menu `key` stands for (`None` inside: automatic); `None` for a key that
/// is not one.
pub fn worker_choice(key: &str) -> Option<Option<usize>> {
    match key {
        "auto" => Some(None),
        _ => key
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_WORKERS).contains(n))
            .map(Some),
    }
}

/// The Workers menu: automatic (saying how many that is here), then 1 to [`MAX_WORKERS`].
pub fn worker_options(cores: Option<usize>) -> Vec<(String, String)> {
    let auto = match cores {
        Some(n) => format!("automatic ({}, one per core)", n.clamp(1, MAX_WORKERS)),
        None => format!("automatic ({UNKNOWN_CORES})"),
    };
    std::iter::once((worker_key(None), auto))
        .chain((1..=MAX_WORKERS).map(|n| (worker_key(Some(n)), n.to_string())))
        .collect()
}

/// What the service does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    /// Post `plan` to worker `worker`, with the run's events when `events` (a worker keeps the
    /// events of its first piece for the next ones).
    Post {
        /// Which worker.
        worker: usize,
        /// Its next piece.
        plan: Plan,
        /// Whether the events go with it.
        events: bool,
    },
    /// Send the run's events to worker `worker` now: its piece follows later (posted without
    /// them).
    Load {
        /// Which worker.
        worker: usize,
    },
    /// Hand this reply to the run's state, as if one worker had sent it.
    Tell(Reply),
}

/// A forest's training shared out: one range of trees per worker, then one worker puts them
/// together and judges the forest.
#[derive(Debug, Clone, PartialEq)]
struct Forest {
    split: SplitSpec,
    scaling: Scaling,
    forest: crate::ml::ForestParams,
    ranges: Vec<Range<usize>>,
    grown: Vec<Option<Vec<Tree>>>,
    /// Trees finished by each worker in its current range.
    done: Vec<usize>,
}

/// A grid search shared out: the candidates × folds cells handed out one at a time, in order,
/// to whichever worker is free (cells differ in cost: 10 trees or 500).
#[derive(Debug, Clone, PartialEq)]
struct Grid {
    candidates: Vec<ModelSpec>,
    cv: CrossValidation,
    /// The next cell to hand out (cell i is candidate i / folds, fold i % folds).
    next: usize,
    scores: Vec<Vec<Option<f64>>>,
    scored: usize,
    /// Rows told to the run so far (in the candidates' order).
    told: Vec<CandidateScore>,
}

/// A model that learns in sequence, shared out after it has learnt: worker 0 trains it
/// (`Plan::Learn`) while the others take the events; then each measures the permutation
/// importances of a range of inputs (`Plan::Permute`).
#[derive(Debug, Clone, PartialEq)]
struct Permuting {
    split: SplitSpec,
    scaling: Scaling,
    spec: ModelSpec,
    /// Near-equal ranges of inputs, one per worker.
    ranges: Vec<Range<usize>>,
    /// Workers that have said they are ready.
    ready: Vec<bool>,
    /// The model from worker 0, its importances still to measure.
    trained: Option<Box<crate::ml::Trained>>,
    /// Each range's importances as they come.
    values: Vec<Option<Vec<f64>>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Work {
    Forest(Forest),
    Grid(Grid),
    Permute(Permuting),
}

/// One pooled run's bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    work: Work,
    workers: usize,
    device_told: bool,
}

impl Pool {
    /// The pool for `plan` on `inputs` input variables with up to `workers` workers; `None`
    /// when it is not worth sharing (one worker, a single tree, or a single piece).
    pub fn of(plan: &Plan, workers: usize, inputs: usize) -> Option<Self> {
        let work = match plan {
            Plan::Train {
                split,
                scaling,
                spec: ModelSpec::Forest(forest),
            } => {
                let n = forest.n_estimators;
                let k = workers.min(n);
                // Near-equal ranges: the first n % k workers grow one tree more.
                let ranges: Vec<Range<usize>> =
                    (0..k).map(|w| (w * n / k)..((w + 1) * n / k)).collect();
                Work::Forest(Forest {
                    split: *split,
                    scaling: *scaling,
                    forest: *forest,
                    grown: vec![None; ranges.len()],
                    done: vec![0; ranges.len()],
                    ranges,
                })
            }
            Plan::GridSearch { candidates, cv } => Work::Grid(Grid {
                candidates: candidates.clone(),
                cv: *cv,
                next: 0,
                scores: vec![vec![None; cv.folds]; candidates.len()],
                scored: 0,
                told: Vec::new(),
            }),
            Plan::Train {
                split,
                scaling,
                spec,
            } if shares(spec.kind()) => {
                let k = workers.min(inputs).max(1);
                Work::Permute(Permuting {
                    split: *split,
                    scaling: *scaling,
                    spec: spec.clone(),
                    ranges: (0..k)
                        .map(|w| (w * inputs / k)..((w + 1) * inputs / k))
                        .collect(),
                    ready: vec![false; k],
                    trained: None,
                    values: vec![None; k],
                })
            }
            _ => return None,
        };
        let pieces = match &work {
            Work::Forest(f) => f.ranges.len(),
            Work::Grid(g) => g.candidates.len() * g.cv.folds,
            Work::Permute(p) => p.ranges.len(),
        };
        let workers = workers.min(pieces);
        (workers >= 2).then_some(Self {
            work,
            workers,
            device_told: false,
        })
    }

    /// How many workers to start (numbered from 0).
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// What to do after `worker`'s `reply`.
    pub fn on_reply(&mut self, worker: usize, reply: Reply) -> Vec<Order> {
        match reply {
            Reply::Ready => self.first_piece(worker).into_iter().collect(),
            Reply::Device { .. } if self.device_told => Vec::new(),
            Reply::Device { .. } => {
                self.device_told = true;
                vec![Order::Tell(reply)]
            }
            Reply::Event(event) => match &mut self.work {
                Work::Forest(f) => f.on_event(worker, event),
                Work::Grid(g) => g.on_event(worker, event),
                Work::Permute(p) => p.on_event(worker, event),
            },
        }
    }

    fn first_piece(&mut self, worker: usize) -> Option<Order> {
        let plan = match &mut self.work {
            Work::Permute(p) => return p.on_ready(worker),
            Work::Forest(f) => {
                let range = f.ranges.get(worker)?.clone();
                Plan::Grow {
                    split: f.split,
                    scaling: f.scaling,
                    forest: f.forest,
                    from: range.start,
                    to: range.end,
                }
            }
            Work::Grid(g) => g.next_cell()?,
        };
        Some(Order::Post {
            worker,
            plan,
            events: true,
        })
    }
}

impl Forest {
    fn progress(&self) -> Order {
        let done = self.done.iter().sum();
        Order::Tell(Reply::Event(JobEvent::Progress {
            done,
            total: self.forest.n_estimators,
        }))
    }

    fn on_event(&mut self, worker: usize, event: JobEvent) -> Vec<Order> {
        match event {
            JobEvent::Progress { done, .. } => {
                if let Some(d) = self.done.get_mut(worker) {
                    *d = done;
                }
                vec![self.progress()]
            }
            JobEvent::Grown { from, trees } => {
                let Some(w) = self.ranges.iter().position(|r| r.start == from) else {
                    return Vec::new();
                };
                self.done[w] = trees.len();
                self.grown[w] = Some(trees);
                if self.grown.iter().any(Option::is_none) {
                    return vec![self.progress()];
                }
                // Every range is in: the worker that finished last, which holds the events,
                // puts the forest together and judges it.
                let trees = self.grown.iter_mut().flat_map(|g| g.take()).flatten();
                let plan = Plan::Assemble {
                    split: self.split,
                    scaling: self.scaling,
                    trees: trees.collect(),
                };
                vec![
                    self.progress(),
                    Order::Post {
                        worker,
                        plan,
                        events: false,
                    },
                ]
            }
            other => vec![Order::Tell(Reply::Event(other))],
        }
    }
}

impl Permuting {
    /// Worker 0 learns the model; the others take the events, or their range straight away
    /// when the model is in already.
    fn on_ready(&mut self, worker: usize) -> Option<Order> {
        *self.ready.get_mut(worker)? = true;
        if worker == 0 {
            return Some(Order::Post {
                worker,
                plan: Plan::Learn {
                    split: self.split,
                    scaling: self.scaling,
                    spec: self.spec.clone(),
                },
                events: true,
            });
        }
        match self.permute(worker) {
            Some(plan) => Some(Order::Post {
                worker,
                plan,
                events: true,
            }),
            None => Some(Order::Load { worker }),
        }
    }

    /// Worker `worker`'s piece, once the model is in.
    fn permute(&self, worker: usize) -> Option<Plan> {
        let range = self.ranges.get(worker)?;
        Some(Plan::Permute {
            split: self.split,
            scaling: self.scaling,
            model: self.trained.as_ref()?.model.clone(),
            from: range.start,
            to: range.end,
        })
    }

    fn on_event(&mut self, worker: usize, event: JobEvent) -> Vec<Order> {
        match event {
            JobEvent::Trained(trained) if worker == 0 && self.trained.is_none() => {
                // Nothing to measure (no held-out events): the model is the run's result.
                let importances = &trained.importances;
                if importances.method != ImportanceMethod::Permutation
                    || !importances.values.is_empty()
                {
                    return vec![Order::Tell(Reply::Event(JobEvent::Trained(trained)))];
                }
                self.trained = Some(trained);
                // Workers ready by now have the events; the rest get theirs with the piece.
                (0..self.ranges.len())
                    .filter(|&w| self.ready[w])
                    .filter_map(|w| {
                        Some(Order::Post {
                            worker: w,
                            plan: self.permute(w)?,
                            events: false,
                        })
                    })
                    .collect()
            }
            JobEvent::Permuted { from, values } => {
                let Some(w) = self.ranges.iter().position(|r| r.start == from) else {
                    return Vec::new();
                };
                self.values[w] = Some(values);
                if self.values.iter().any(Option::is_none) {
                    return Vec::new();
                }
                let Some(mut trained) = self.trained.take() else {
                    return Vec::new();
                };
                trained.importances.values = self
                    .values
                    .iter_mut()
                    .flat_map(|v| v.take())
                    .flatten()
                    .collect();
                vec![Order::Tell(Reply::Event(JobEvent::Trained(trained)))]
            }
            // Training's progress and curves are the run's; measuring has none of its own.
            JobEvent::Progress { .. } | JobEvent::Epoch(_) if worker != 0 => Vec::new(),
            other => vec![Order::Tell(Reply::Event(other))],
        }
    }
}

impl Grid {
    fn cells(&self) -> usize {
        self.candidates.len() * self.cv.folds
    }

    fn next_cell(&mut self) -> Option<Plan> {
        if self.next >= self.cells() {
            return None;
        }
        let (candidate, fold) = (self.next / self.cv.folds, self.next % self.cv.folds);
        self.next += 1;
        Some(Plan::Fit {
            candidate,
            spec: self.candidates[candidate].clone(),
            fold,
            cv: self.cv,
        })
    }

    fn on_event(&mut self, worker: usize, event: JobEvent) -> Vec<Order> {
        let JobEvent::Scored {
            candidate,
            fold,
            score,
        } = event
        else {
            // A fit's own progress is not the search's: the search counts cells.
            if matches!(event, JobEvent::Progress { .. }) {
                return Vec::new();
            }
            return vec![Order::Tell(Reply::Event(event))];
        };
        let Some(cell) = self.scores.get_mut(candidate).and_then(|c| c.get_mut(fold)) else {
            return Vec::new();
        };
        if cell.replace(score).is_none() {
            self.scored += 1;
        }
        let mut orders = vec![Order::Tell(Reply::Event(JobEvent::Progress {
            done: self.scored,
            total: self.cells(),
        }))];
        // Rows reach the table in the candidates' order, each once all its folds are in.
        while let Some(row) = self.complete_row(self.told.len()) {
            self.told.push(row.clone());
            orders.push(Order::Tell(Reply::Event(JobEvent::Candidate(row))));
        }
        if self.told.len() == self.candidates.len() {
            let search = GridSearch::of(std::mem::take(&mut self.told));
            orders.push(Order::Tell(Reply::Event(JobEvent::Searched(search))));
        } else if let Some(plan) = self.next_cell() {
            orders.push(Order::Post {
                worker,
                plan,
                events: false,
            });
        }
        orders
    }

    fn complete_row(&self, candidate: usize) -> Option<CandidateScore> {
        let scores: Option<Vec<f64>> = self.scores.get(candidate)?.iter().copied().collect();
        Some(CandidateScore::of(
            self.candidates[candidate].clone(),
            scores?,
        ))
    }
}

#[cfg(test)]
mod tests;
