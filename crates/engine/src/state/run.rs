//! One run in a training worker — a training, a grid search or a remembered model trained again —
//! as state: the worker's replies go in, what the page shows (phase, progress, curves, rows, the
//! device used, the time taken) comes out, and the run's result is handed back once.
//!
//! The app's `Run` service owns the worker and feeds [`RunState::on_reply`]; every panel that
//! trains reads the same state, so a run's lifecycle is written once.

use crate::ml::mlp::EpochRecord;
use crate::ml::{CandidateScore, GridSearch, JobEvent, Trained};

use super::device::Device;

/// What a training worker says.
// A handful of replies cross per run, each read once: boxing the event would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The worker is listening: a request posted earlier would have been lost while its wasm
    /// was still loading, so the job is sent on this.
    Ready,
    /// The device the job runs on, and why not the one asked for, if so.
    Device {
        /// Where it runs.
        device: Device,
        /// Why the GPU was not used (a WebGPU worker that fell back to the CPU).
        note: Option<String>,
    },
    /// An event of the job.
    Event(JobEvent),
}

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    /// Nothing has run yet.
    #[default]
    Idle,
    /// `done` of `total` steps are finished (`total` 0: still starting).
    Running {
        /// Steps finished.
        done: usize,
        /// Steps in all.
        total: usize,
    },
    /// The run ended with its result.
    Finished,
    /// The run stopped with this message.
    Failed(String),
    /// The student cancelled it.
    Cancelled,
}

/// A run's result, handed back once.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A training's model.
    Trained(Box<Trained>),
    /// A grid search's scores.
    Searched(GridSearch),
    /// Why it stopped.
    Failed(String),
}

/// What the service does after a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Nothing: the run goes on (or has already ended).
    Wait,
    /// The run has ended with this result: stop its worker and hand the result on.
    End(Outcome),
    /// The GPU failed mid-run (device lost, or its worker crashed): stop that worker and send
    /// the same job again to a worker for this device. The state already says why.
    Restart(Device),
}

/// Everything the page shows about one run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunState {
    /// Where it stands.
    pub phase: Phase,
    /// A network's epochs so far (live curves).
    pub epochs: Vec<EpochRecord>,
    /// A grid search's scored candidates so far (its table, as it fills).
    pub candidates: Vec<CandidateScore>,
    /// The best candidate, once the search has finished.
    pub best: Option<usize>,
    /// The device it runs on, once the worker has said (with its note).
    pub device: Option<(Device, Option<String>)>,
    /// When it started (the caller's clock, milliseconds).
    pub started_ms: f64,
    /// Seconds since it started, as of the last reply (or its end).
    pub elapsed_s: f64,
    /// The device the run was sent to.
    pub asked: Device,
    /// Why the run is on the CPU after all: the GPU failed mid-run and the job started again
    /// (once) on the CPU.
    pub fallback: Option<String>,
    /// The workers the run is shared among (1 without a pool; `state::pool`).
    pub workers: usize,
}

/// The device badge's word on a run that fell back to the CPU ("Trained on: CPU (…)").
pub const GPU_STOPPED: &str = "after WebGPU stopped";

/// What a student reads when WebGPU fails mid-run and the CPU takes over; `why` is the
/// failure's first line.
pub fn gpu_fallback_notice(why: &str) -> String {
    let why = why
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    format!(
        "WebGPU stopped during the training ({why}), so it started again on the CPU with the same \
         seed: the result is the CPU's, which agrees with WebGPU's within rounding."
    )
}

impl RunState {
    /// A run starting at `now_ms` on the CPU.
    pub fn started(now_ms: f64) -> Self {
        Self::started_on(now_ms, Device::Cpu)
    }

    /// A run starting at `now_ms`, sent to a worker for `device`.
    pub fn started_on(now_ms: f64, device: Device) -> Self {
        Self {
            phase: Phase::Running { done: 0, total: 0 },
            started_ms: now_ms,
            asked: device,
            workers: 1,
            ..Self::default()
        }
    }

    /// Whether the run is still going.
    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    /// Where the run trained: the worker's word, else the CPU.
    pub fn device_used(&self) -> Device {
        self.device.as_ref().map_or(Device::Cpu, |d| d.0)
    }

    fn tick(&mut self, now_ms: f64) {
        self.elapsed_s = (now_ms - self.started_ms) / 1000.0;
    }

    /// Takes in one of the worker's replies at `now_ms`: the run's result comes back once, when
    /// it ends, or a restart on the CPU when the GPU failed. Replies after the end (a late
    /// message from a cancelled worker) change nothing.
    pub fn on_reply(&mut self, reply: Reply, now_ms: f64) -> Next {
        if !self.is_running() {
            return Next::Wait;
        }
        match reply {
            Reply::Ready => Next::Wait,
            Reply::Device { device, note } => {
                // After a fallback the CPU worker has nothing to say; the notice tells the rest.
                let fell_back = self.fallback.as_ref().map(|_| GPU_STOPPED.to_owned());
                self.device = Some((device, note.or(fell_back)));
                Next::Wait
            }
            Reply::Event(event) => self.on_event(event, now_ms),
        }
    }

    fn on_event(&mut self, event: JobEvent, now_ms: f64) -> Next {
        self.tick(now_ms);
        match event {
            JobEvent::Progress { done, total } => {
                self.phase = Phase::Running { done, total };
                Next::Wait
            }
            JobEvent::Epoch(record) => {
                self.epochs.push(record);
                Next::Wait
            }
            JobEvent::Candidate(row) => {
                self.candidates.push(row);
                Next::Wait
            }
            // A pool's pieces: `state::pool` puts them together before they reach the run.
            JobEvent::Grown { .. } | JobEvent::Scored { .. } | JobEvent::Permuted { .. } => {
                Next::Wait
            }
            JobEvent::Trained(trained) => {
                self.phase = Phase::Finished;
                Next::End(Outcome::Trained(trained))
            }
            JobEvent::Searched(search) => {
                self.phase = Phase::Finished;
                self.best = Some(search.best);
                Next::End(Outcome::Searched(search))
            }
            JobEvent::Failed(message) if self.gpu_failed() => {
                // Start again from nothing: curves and progress of the lost run would mislead.
                *self = Self {
                    fallback: Some(gpu_fallback_notice(&message)),
                    ..Self::started_on(self.started_ms, Device::Cpu)
                };
                self.tick(now_ms);
                Next::Restart(Device::Cpu)
            }
            JobEvent::Failed(message) => {
                self.phase = Phase::Failed(message.clone());
                Next::End(Outcome::Failed(message))
            }
            JobEvent::Cancelled => {
                self.phase = Phase::Cancelled;
                Next::Wait
            }
        }
    }

    /// Whether a failure now is the GPU's, to be retried once on the CPU: the run was sent to
    /// WebGPU and its worker had not already settled on the CPU (then the CPU itself failed,
    /// and trying it again would fail the same way).
    fn gpu_failed(&self) -> bool {
        self.asked == Device::WebGpu
            && self.fallback.is_none()
            && self.device.as_ref().is_none_or(|d| d.0 == Device::WebGpu)
    }

    /// The student stopped the run at `now_ms`.
    pub fn cancel(&mut self, now_ms: f64) {
        if self.is_running() {
            self.tick(now_ms);
            self.phase = Phase::Cancelled;
        }
    }

    /// The run could not start or its result could not be used.
    pub fn fail(&mut self, message: String) {
        self.phase = Phase::Failed(message);
    }

    /// "3 of 30 steps", or "starting…" before the first progress report.
    pub fn progress_text(&self) -> String {
        match self.phase {
            Phase::Running { done, total } if total > 0 => {
                format!("{done} of {total} steps{}", self.on_workers())
            }
            _ => format!("starting…{}", self.on_workers()),
        }
    }

    /// " on N workers" for a run shared among a pool; nothing for one worker.
    pub fn on_workers(&self) -> String {
        if self.workers > 1 {
            format!(" on {} workers", self.workers)
        } else {
            String::new()
        }
    }

    /// One line about a finished or stopped training (`None` while idle or running).
    pub fn training_summary(&self) -> Option<String> {
        match &self.phase {
            Phase::Finished => Some(format!(
                "Trained in {:.1} s{}.",
                self.elapsed_s,
                self.on_workers()
            )),
            Phase::Cancelled => Some(format!(
                "Cancelled after {:.1} s. Nothing was kept from this run.",
                self.elapsed_s
            )),
            _ => None,
        }
    }
}

/// What the grid search says when the student cancels it.
pub const GRID_CANCELLED: &str = "Grid search cancelled; the rows scored so far are kept.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::ModelKind;

    fn event(e: JobEvent) -> Reply {
        Reply::Event(e)
    }

    fn trained() -> Trained {
        let data = crate::state::fixture::toy();
        let setup = crate::state::training::lab_setup(&data);
        let events = crate::ml::TrainingData::from_dataset(
            &data,
            &setup.inputs,
            &[],
            crate::ml::MissingValues::Drop,
        )
        .expect("events");
        setup.train(&events).expect("trained")
    }

    #[test]
    fn a_training_runs_from_start_to_its_model_once() {
        let mut run = RunState::started(1000.0);
        assert!(run.is_running());
        assert_eq!(run.progress_text(), "starting…");
        assert_eq!(run.on_reply(Reply::Ready, 1100.0), Next::Wait);
        let note = Some("no adapter".to_owned());
        let device = Reply::Device {
            device: Device::Cpu,
            note: note.clone(),
        };
        assert_eq!(run.on_reply(device, 1200.0), Next::Wait);
        assert_eq!(run.device, Some((Device::Cpu, note)));
        run.on_reply(event(JobEvent::Progress { done: 3, total: 30 }), 1500.0);
        assert_eq!(run.phase, Phase::Running { done: 3, total: 30 });
        assert_eq!(run.progress_text(), "3 of 30 steps");
        assert_eq!(run.elapsed_s, 0.5);
        let model = trained();
        let outcome = run.on_reply(event(JobEvent::Trained(Box::new(model.clone()))), 3500.0);
        assert_eq!(
            outcome,
            Next::End(Outcome::Trained(Box::new(model.clone())))
        );
        assert_eq!(run.phase, Phase::Finished);
        assert_eq!(run.training_summary().as_deref(), Some("Trained in 2.5 s."));
        // A second result (or anything else) after the end is ignored.
        let again = run.on_reply(event(JobEvent::Trained(Box::new(model))), 4000.0);
        assert_eq!(again, Next::Wait);
        assert_eq!(run.elapsed_s, 2.5);
    }

    #[test]
    fn a_grid_search_fills_its_rows_and_marks_the_best() {
        let mut run = RunState::started(0.0);
        let row = |mean: f64| CandidateScore {
            spec: ModelKind::Forest.default_spec(),
            fold_scores: vec![mean; 3],
            mean,
            std: 0.0,
        };
        run.on_reply(event(JobEvent::Candidate(row(0.7))), 10.0);
        run.on_reply(event(JobEvent::Candidate(row(0.8))), 20.0);
        assert_eq!(run.candidates.len(), 2);
        assert_eq!(run.best, None);
        let search = GridSearch {
            candidates: vec![row(0.7), row(0.8)],
            best: 1,
        };
        let outcome = run.on_reply(event(JobEvent::Searched(search.clone())), 30.0);
        assert_eq!(outcome, Next::End(Outcome::Searched(search)));
        assert_eq!(run.best, Some(1));
    }

    #[test]
    fn a_gpu_lost_mid_run_restarts_once_on_the_cpu_with_a_notice() {
        let gpu = Reply::Device {
            device: Device::WebGpu,
            note: None,
        };
        let lost =
            "reading from the device failed: The device is poisoned\n\nCaused by:\n  Destroyed";
        let mut run = RunState::started_on(1000.0, Device::WebGpu);
        run.on_reply(gpu, 1100.0);
        run.on_reply(event(JobEvent::Progress { done: 4, total: 10 }), 1500.0);
        let next = run.on_reply(event(JobEvent::Failed(lost.into())), 2000.0);
        assert_eq!(next, Next::Restart(Device::Cpu));
        // A fresh run on the CPU, its clock still counting from the first start.
        assert_eq!(run.phase, Phase::Running { done: 0, total: 0 });
        assert_eq!(
            (run.asked, run.device.clone(), run.elapsed_s),
            (Device::Cpu, None, 1.0)
        );
        let notice = run.fallback.clone().expect("a notice");
        assert_eq!(
            notice,
            "WebGPU stopped during the training (reading from the device failed: The device is \
             poisoned), so it started again on the CPU with the same seed: the result is the \
             CPU's, which agrees with WebGPU's within rounding."
        );
        // The CPU worker says only "CPU"; the badge keeps the reason.
        run.on_reply(
            Reply::Device {
                device: Device::Cpu,
                note: None,
            },
            2100.0,
        );
        assert_eq!(run.device, Some((Device::Cpu, Some(GPU_STOPPED.into()))));
        assert_eq!(run.fallback, Some(notice));
        // A second failure is the CPU's: it ends the run.
        let next = run.on_reply(event(JobEvent::Failed("out of memory".into())), 2500.0);
        assert_eq!(next, Next::End(Outcome::Failed("out of memory".into())));

        // A GPU worker that crashes before naming its device is retried too.
        let mut run = RunState::started_on(0.0, Device::WebGpu);
        let next = run.on_reply(
            event(JobEvent::Failed(
                "The training worker stopped: unreachable.".into(),
            )),
            10.0,
        );
        assert_eq!(next, Next::Restart(Device::Cpu));

        // A GPU worker that settled on the CPU (no adapter) and then failed is not retried, and
        // neither is a run sent to the CPU.
        let mut run = RunState::started_on(0.0, Device::WebGpu);
        run.on_reply(
            Reply::Device {
                device: Device::Cpu,
                note: Some("no adapter".into()),
            },
            10.0,
        );
        assert!(matches!(
            run.on_reply(event(JobEvent::Failed("x".into())), 20.0),
            Next::End(_)
        ));
        let mut run = RunState::started(0.0);
        assert!(matches!(
            run.on_reply(event(JobEvent::Failed("x".into())), 20.0),
            Next::End(_)
        ));
    }

    #[test]
    fn failures_and_cancellations_end_the_run() {
        let mut run = RunState::started(0.0);
        let outcome = run.on_reply(event(JobEvent::Failed("no events".into())), 100.0);
        assert_eq!(outcome, Next::End(Outcome::Failed("no events".into())));
        assert_eq!(run.phase, Phase::Failed("no events".into()));
        assert!(!run.is_running());

        let mut run = RunState::started(0.0);
        let record = EpochRecord {
            epoch: 1,
            loss: 0.6,
            accuracy: 0.7,
            weighted_accuracy: 0.7,
            val_loss: None,
            val_accuracy: None,
            val_weighted_accuracy: None,
            learning_rate: 0.001,
        };
        run.on_reply(event(JobEvent::Epoch(record)), 100.0);
        assert_eq!(run.epochs.len(), 1);
        run.cancel(1250.0);
        assert_eq!(run.phase, Phase::Cancelled);
        assert_eq!(
            run.training_summary().as_deref(),
            Some("Cancelled after 1.2 s. Nothing was kept from this run.")
        );
        // The cancelled worker's last words change nothing.
        run.on_reply(event(JobEvent::Progress { done: 9, total: 9 }), 2000.0);
        assert_eq!(run.phase, Phase::Cancelled);
        assert_eq!(run.device_used(), Device::Cpu);
    }
}
