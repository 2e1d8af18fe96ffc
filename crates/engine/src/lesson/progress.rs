//! A student's progress through one lesson: per task the last answer, whether it was right, how
//! many hints were opened and whether the solution was revealed; and the models trained in it
//! (their settings, so the app can train them again after a reload). Stored by the app (browser
//! storage), exported and imported as a JSON file; this module only (de)serialises and checks it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::document::Lesson;
use crate::ml::record::{self, ModelRecord};
use crate::{Error, Result};

/// The progress file format this engine writes and reads.
pub const PROGRESS_VERSION: u32 = 1;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Not answered yet.
    #[default]
    Open,
    /// The last answer checked was right.
    Correct,
    /// The last answer checked was wrong.
    Wrong,
}

impl TaskStatus {
    /// The card's `data-status`: "open", "correct" or "wrong".
    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Correct => "correct",
            Self::Wrong => "wrong",
        }
    }

    /// What the card's corner says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "",
            Self::Correct => "✓ correct",
            Self::Wrong => "✗ not yet",
        }
    }
}

impl TaskProgress {
    /// `answer` was checked and found right or wrong.
    pub fn checked(&mut self, answer: &str, correct: bool) {
        self.answer = answer.to_owned();
        self.attempts += 1;
        self.judged(correct);
    }

    /// An imported answer was checked against this student's data (not a new attempt).
    pub fn judged(&mut self, correct: bool) {
        self.pending = false;
        self.status = if correct {
            TaskStatus::Correct
        } else {
            TaskStatus::Wrong
        };
    }

    /// Whether anything was done on the task (an answer checked, a hint or the solution opened).
    fn touched(&self) -> bool {
        self.attempts > 0 || self.hints_shown > 0 || self.solution_shown || self.pending
    }

    /// One more of `total` hints opened (they open in order).
    pub fn open_hint(&mut self, total: usize) {
        self.hints_shown = (self.hints_shown + 1).min(total);
    }

    /// The label of the button that opens the next of `total` hints.
    pub fn hint_button(&self, total: usize) -> String {
        if total == 1 {
            "Show the hint".to_owned()
        } else {
            format!("Show hint {} of {total}", self.hints_shown + 1)
        }
    }
}

/// What the lesson says when the progress saved in the browser cannot be read (`why`: the
/// reader's message): nothing is erased, and the copy can be saved as a file.
pub fn unreadable_note(why: &str) -> String {
    format!(
        "The progress saved in this browser for this lesson could not be read. {why} It is \
         kept aside, not erased: “Save the unreadable copy” downloads it (your teacher may be \
         able to repair it). The lesson starts afresh meanwhile."
    )
}

/// One task's progress.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TaskProgress {
    /// The last answer typed or chosen.
    pub answer: String,
    /// Status after the last check.
    pub status: TaskStatus,
    /// Hints opened (they open in order).
    pub hints_shown: usize,
    /// The solution was revealed.
    pub solution_shown: bool,
    /// Answers checked.
    pub attempts: u32,
    /// An imported answer not yet checked against this student's data (its status is `Open`
    /// until it is: a file cannot mark an answer correct).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

/// A widget as the student left it (a moved slider, typed thresholds, another signal mass).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct WidgetState {
    /// Its view as a link's query (as the Lab writes its URL; `view` reads it back).
    pub view: String,
    /// The signal sample picked, where the widget offers a choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<String>,
    /// Every process stacked (`None`: as the widget starts), where the widget offers the switch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacked: Option<bool>,
    /// A playground's model as it stood after its last step (gone with a reset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trained: Option<TrainedToy>,
}

/// What a lesson keeps of the model a playground trained: enough for a task to judge it after a
/// reload, without training it again.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct TrainedToy {
    /// The playground's settings it was trained with, as a link's query.
    pub setup: String,
    /// Steps taken (epochs, trees, levels…).
    pub steps: usize,
    /// Accuracy on the validation points after the last step, 0 to 1.
    pub validation_accuracy: f64,
}

impl WidgetState {
    /// Nothing changed: the widget as the lesson declares it (not worth storing).
    pub fn is_initial(&self) -> bool {
        self.view.is_empty()
            && self.signal.is_none()
            && self.stacked.is_none()
            && self.trained.is_none()
    }
}

/// The largest progress file an import reads (a progress file is a few kilobytes; its models
/// and widget states keep it far below this).
pub const MAX_PROGRESS_FILE_BYTES: u64 = 5_000_000;

/// Progress through one lesson.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct LessonProgress {
    /// [`PROGRESS_VERSION`].
    pub format_version: u32,
    /// The lesson's id.
    pub lesson: String,
    /// Per task id.
    #[serde(default)]
    pub tasks: BTreeMap<String, TaskProgress>,
    /// The models trained on the lesson's data, oldest first (at most [`record::MAX_RECORDED_MODELS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelRecord>,
    /// Widgets the student changed, by "<section>/<n>" (the section's n-th widget, from 1).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub widgets: BTreeMap<String, WidgetState>,
}

impl LessonProgress {
    /// Fresh progress for `lesson`.
    pub fn new(lesson: &str) -> Self {
        Self {
            format_version: PROGRESS_VERSION,
            lesson: lesson.to_owned(),
            tasks: BTreeMap::new(),
            models: Vec::new(),
            widgets: BTreeMap::new(),
        }
    }

    /// Remembers a trained model, forgetting the oldest beyond [`record::MAX_RECORDED_MODELS`].
    pub fn record_model(&mut self, record: ModelRecord) {
        record::remember(&mut self.models, record);
    }

    /// Remembers that the student looked at the test part of the model `record` describes.
    pub fn model_test_revealed(&mut self, record: &ModelRecord) {
        record::mark_revealed(&mut self.models, record);
    }

    /// The remembered models trained on `dataset`, oldest first (`main` is the lesson's own
    /// dataset, which a record that names none was trained on).
    pub fn models_on(&self, dataset: &str, main: &str) -> Vec<ModelRecord> {
        self.models
            .iter()
            .filter(|r| r.dataset_or(main) == dataset)
            .cloned()
            .collect()
    }

    /// Forgets the models trained on `dataset` (its data were replaced), keeping the others.
    pub fn forget_models_on(&mut self, dataset: &str, main: &str) {
        self.models.retain(|r| r.dataset_or(main) != dataset);
    }

    /// The task's progress (default if untouched).
    pub fn task(&self, id: &str) -> TaskProgress {
        self.tasks.get(id).cloned().unwrap_or_default()
    }

    /// Tasks answered correctly.
    pub fn correct(&self) -> usize {
        self.tasks
            .values()
            .filter(|t| t.status == TaskStatus::Correct)
            .count()
    }

    /// Pretty JSON for a file or storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads progress saved for `lesson`, dropping tasks the lesson no longer has. A file for
    /// another lesson or in an unknown format is refused with a message.
    pub fn from_json(text: &str, lesson: &Lesson) -> Result<Self> {
        let mut progress: LessonProgress = serde_json::from_str(text)
            .map_err(|e| Error::Lesson(format!("This is not a Five Sigma progress file ({e}).")))?;
        if progress.format_version != PROGRESS_VERSION {
            return Err(Error::Lesson(format!(
                "This progress file has format {}, this version of Five Sigma reads {PROGRESS_VERSION}.",
                progress.format_version
            )));
        }
        if progress.lesson != lesson.manifest.id {
            return Err(Error::Lesson(format!(
                "This progress file belongs to the lesson \"{}\", not \"{}\".",
                progress.lesson, lesson.manifest.id
            )));
        }
        progress.tasks.retain(|id, _| lesson.task(id).is_some());
        record::bound(&mut progress.models);
        Ok(progress)
    }

    /// Refuses, before reading it, a file far larger than any progress file (a dataset picked by
    /// mistake, say): progress is a few kilobytes, [`MAX_PROGRESS_FILE_BYTES`] at most.
    pub fn check_file_size(size_bytes: u64) -> Result<()> {
        if size_bytes > MAX_PROGRESS_FILE_BYTES {
            return Err(Error::Lesson(format!(
                "This file is {:.1} MB: far too large to be a Five Sigma progress file (they are a \
                 few kilobytes). Pick the file that “Export progress” saved.",
                size_bytes as f64 / 1e6
            )));
        }
        Ok(())
    }

    /// Reads a copy of `lesson`'s progress this browser stored (another tab's, say): `None` when it
    /// is unreadable or belongs elsewhere.
    pub fn read_stored(text: &str, lesson: &str) -> Option<Self> {
        serde_json::from_str::<Self>(text)
            .ok()
            .filter(|p| p.format_version == PROGRESS_VERSION && p.lesson == lesson)
    }

    /// Brings back together two copies of one student's progress that went apart from `base` —
    /// two tabs on one lesson: this tab's (`self`) and the other's (`theirs`), both grown from
    /// `base`, the copy this tab last read or wrote. What only one side changed is kept; a task
    /// both changed keeps the further one (correct over wrong over open, then the more attempts;
    /// hints and solution opened on either side stay open); a widget both moved keeps this tab's
    /// state. Models: this tab's, then the other's new ones (bounded).
    pub fn reconcile(&mut self, base: &Self, theirs: Self) {
        for (id, other) in theirs.tasks {
            let before = base.tasks.get(&id);
            let mine = self.tasks.get(&id);
            if before == Some(&other) || mine == Some(&other) {
                continue;
            }
            let merged = match mine {
                // Only they changed it.
                m if m == before => other,
                Some(m) => {
                    let rank = |t: &TaskProgress| {
                        let status = match t.status {
                            TaskStatus::Correct => 2,
                            TaskStatus::Wrong => 1,
                            TaskStatus::Open => 0,
                        };
                        (status, t.attempts)
                    };
                    let mut best = if rank(&other) > rank(m) {
                        other
                    } else {
                        m.clone()
                    };
                    best.hints_shown = m.hints_shown.max(best.hints_shown);
                    best.solution_shown |= m.solution_shown;
                    best
                }
                None => other,
            };
            self.tasks.insert(id, merged);
        }
        let their_widgets: Vec<String> = theirs.widgets.keys().cloned().collect();
        for (key, other) in theirs.widgets {
            if self.widgets.get(&key) == base.widgets.get(&key) {
                self.widgets.insert(key, other);
            }
        }
        // A widget they put back as it starts (gone from their copy) and this tab left alone.
        let put_back: Vec<String> = base
            .widgets
            .keys()
            .filter(|k| !their_widgets.contains(k) && self.widgets.get(*k) == base.widgets.get(*k))
            .cloned()
            .collect();
        for key in put_back {
            self.widgets.remove(&key);
        }
        for m in theirs.models {
            if !self.models.contains(&m) && !base.models.contains(&m) {
                self.models.push(m);
            }
        }
        record::bound(&mut self.models);
    }

    /// An imported file's verdicts are not trusted: every checked task goes back to open, its
    /// answer kept and marked pending until [`LessonProgress::recheck`] or its card checks it; a
    /// playground model it claims is dropped.
    pub fn distrust(&mut self) {
        for t in self.tasks.values_mut() {
            if t.status != TaskStatus::Open || t.pending {
                t.status = TaskStatus::Open;
                t.pending = true;
            }
        }
        // Nor is a playground model's accuracy: the student trains it again here.
        for w in self.widgets.values_mut() {
            w.trained = None;
        }
        self.widgets.retain(|_, w| !w.is_initial());
    }

    /// `other` (an imported file, distrusted) merged into this progress: a task keeps this
    /// progress's entry when it was answered correctly here or the file has nothing for it, else
    /// takes the file's (with the hints and solution either opened); widgets this progress has
    /// not moved take the file's state; the file's models are added after these (bounded).
    pub fn merge(&mut self, other: LessonProgress) {
        for (id, theirs) in other.tasks {
            let mine = self.tasks.entry(id).or_default();
            let (hints, solution) = (
                mine.hints_shown.max(theirs.hints_shown),
                mine.solution_shown || theirs.solution_shown,
            );
            if mine.status != TaskStatus::Correct && theirs.touched() {
                *mine = theirs;
            }
            mine.hints_shown = hints;
            mine.solution_shown = solution;
        }
        for (key, state) in other.widgets {
            self.widgets.entry(key).or_insert(state);
        }
        for m in other.models {
            if !self.models.contains(&m) {
                self.models.push(m);
            }
        }
        record::bound(&mut self.models);
    }

    /// Checks every pending answer that the data alone can judge (not those that need the
    /// student's model or a widget's state: their cards check them), on the dataset of the task's
    /// section (`dataset_of(section id)`), without counting an attempt. Returns (checked,
    /// correct).
    pub fn recheck<'d>(
        &mut self,
        lesson: &Lesson,
        dataset_of: impl Fn(&str) -> Option<&'d crate::data::Dataset>,
    ) -> (usize, usize) {
        let (mut checked, mut correct) = (0, 0);
        for (section, task) in lesson.tasks() {
            let Some(t) = self.tasks.get_mut(&task.id).filter(|t| t.pending) else {
                continue;
            };
            if task.check.needs_model() || task.check.needs_widget().is_some() {
                continue;
            }
            let Some(dataset) = dataset_of(section) else {
                continue;
            };
            let ctx = super::check::CheckContext::with_models(dataset, &[]);
            if let Ok(verdict) = task.grade(&t.answer, &ctx) {
                t.judged(verdict.correct);
                checked += 1;
                correct += usize::from(verdict.correct);
            }
        }
        (checked, correct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_kept_and_forgotten_per_dataset() {
        let record = |dataset: Option<&str>, seed: u64| ModelRecord {
            samples: vec!["llll".into(), "ggH125_ZZ4lep".into()],
            cuts: Vec::new(),
            setup: crate::ml::TrainingSetup {
                seed,
                ..crate::state::training::setup_with(
                    vec!["lep_pt_1".into()],
                    crate::ml::ModelKind::Forest.default_spec(),
                )
            },
            dataset: dataset.map(str::to_owned),
            test_revealed: false,
        };
        let mut p = LessonProgress::new("higgs-to-four-leptons");
        p.record_model(record(None, 1));
        p.record_model(record(Some("atlas-ttz"), 2));
        p.record_model(record(Some("atlas-hzz4l"), 3));
        let seeds = |list: Vec<ModelRecord>| list.iter().map(|r| r.setup.seed).collect::<Vec<_>>();
        // A record without a dataset is the lesson's own dataset's.
        assert_eq!(seeds(p.models_on("atlas-hzz4l", "atlas-hzz4l")), [1, 3]);
        assert_eq!(seeds(p.models_on("atlas-ttz", "atlas-hzz4l")), [2]);
        p.forget_models_on("atlas-hzz4l", "atlas-hzz4l");
        assert_eq!(seeds(p.models.clone()), [2]);
    }

    #[test]
    fn two_tabs_keep_each_others_newer_work() {
        let answered = |answer: &str, correct: bool| {
            let mut t = TaskProgress::default();
            t.checked(answer, correct);
            t
        };
        let mut base = LessonProgress::new("l");
        base.tasks.insert("a".into(), answered("1", false));
        base.widgets.insert(
            "s/1".into(),
            WidgetState {
                view: "var=x".into(),
                ..WidgetState::default()
            },
        );
        base.widgets.insert(
            "s/2".into(),
            WidgetState {
                view: "var=y".into(),
                ..WidgetState::default()
            },
        );
        // This tab answers b and moves widget 1; the other answers c, gets a right, and puts
        // widget 2 back as it starts.
        let mut mine = base.clone();
        mine.tasks.insert("b".into(), answered("2", true));
        mine.widgets.get_mut("s/1").expect("widget").view = "var=z".into();
        let mut theirs = base.clone();
        theirs.tasks.insert("c".into(), answered("3", true));
        theirs.tasks.insert("a".into(), answered("4", true));
        theirs.widgets.remove("s/2");
        mine.reconcile(&base, theirs.clone());
        assert_eq!(mine.task("a"), answered("4", true), "only they changed a");
        assert_eq!(
            mine.task("b"),
            answered("2", true),
            "only this tab answered b"
        );
        assert_eq!(mine.task("c"), answered("3", true), "only they answered c");
        assert_eq!(mine.widgets["s/1"].view, "var=z");
        assert!(!mine.widgets.contains_key("s/2"), "put back by them");
        // Both answered the same task: the further one wins, opened hints stay open.
        let mut here = base.clone();
        let mut wrong_twice = answered("5", false);
        wrong_twice.checked("6", false);
        wrong_twice.hints_shown = 2;
        here.tasks.insert("a".into(), wrong_twice);
        here.reconcile(&base, theirs);
        let a = here.task("a");
        assert_eq!(
            (a.status, a.answer.as_str(), a.hints_shown),
            (TaskStatus::Correct, "4", 2)
        );
        // Reconciling with what is already there changes nothing.
        let before = here.clone();
        here.reconcile(&base, before.clone());
        assert_eq!(here, before);
        assert_eq!(
            LessonProgress::read_stored(&here.to_json(), "l").as_ref(),
            Some(&here)
        );
        assert!(LessonProgress::read_stored(&here.to_json(), "other").is_none());
        assert!(LessonProgress::read_stored("{", "l").is_none());
    }

    #[test]
    fn a_huge_file_is_not_read_as_progress() {
        assert!(LessonProgress::check_file_size(40_000).is_ok());
        let why = LessonProgress::check_file_size(120_000_000).expect_err("a dataset");
        assert!(
            why.to_string()
                .starts_with("This file is 120.0 MB: far too large"),
            "{why}"
        );
    }

    #[test]
    fn an_imported_playground_model_is_not_trusted() {
        let mut p = LessonProgress::new("l");
        p.widgets.insert(
            "networks/1".into(),
            WidgetState {
                view: "layers=32,32".into(),
                trained: Some(TrainedToy {
                    setup: "data=spirals".into(),
                    steps: 100,
                    validation_accuracy: 0.99,
                }),
                ..WidgetState::default()
            },
        );
        p.widgets.insert(
            "networks/2".into(),
            WidgetState {
                trained: Some(TrainedToy::default()),
                ..WidgetState::default()
            },
        );
        p.distrust();
        assert_eq!(
            p.widgets["networks/1"].view, "layers=32,32",
            "the settings stay"
        );
        assert!(p.widgets["networks/1"].trained.is_none(), "the model goes");
        assert!(!p.widgets.contains_key("networks/2"), "nothing left of it");
    }

    #[test]
    fn a_task_records_checks_and_hints() {
        let mut t = TaskProgress::default();
        assert_eq!((t.status.key(), t.status.label()), ("open", ""));
        t.checked("2.5", false);
        assert_eq!(
            (t.status, t.attempts, t.answer.as_str()),
            (TaskStatus::Wrong, 1, "2.5")
        );
        t.checked("2.8", true);
        assert_eq!(
            (t.status.key(), t.status.label(), t.attempts),
            ("correct", "✓ correct", 2)
        );
        assert_eq!(t.hint_button(3), "Show hint 1 of 3");
        for _ in 0..4 {
            t.open_hint(3);
        }
        assert_eq!(t.hints_shown, 3, "never more than there are");
        assert_eq!(TaskProgress::default().hint_button(1), "Show the hint");
    }
}
