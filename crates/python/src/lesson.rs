//! A lesson as a notebook: its sections in order, each widget's code for the widget as the student
//! left it (the samples, variable, bins, cuts and thresholds it shows now), the models the student
//! trained with their evaluation, and each task's question with the student's answer.
//!
//! Written from the lesson, the student's progress and the data the page holds; pure, like the
//! rest of this crate.

use std::sync::Arc;

use super::{Cell, DataSource, LabCode, ModelViews, Script, evaluation_code, training_code};
use super::{Judged, dice_code, playground_code, sample_names, string_list};
use fivesigma_engine::analysis::Significance;
use fivesigma_engine::analysis::cut::python_string;
use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{
    Block, Lesson, LessonProgress, TaskStatus, WidgetKind, WidgetSpec, widget_key,
};
use fivesigma_engine::ml::evaluation::{JudgedOn, ScanEvents};
use fivesigma_engine::state::evaluation::{
    AmsSettings, DEFAULT_SCAN_EVENTS, DEFAULT_THRESHOLD, OUTPUT_BINS, default_b_reg,
    scores_file_name,
};
use fivesigma_engine::state::training::TrainedModel;
use fivesigma_engine::state::{Counting, OutputThresholds};
use fivesigma_engine::view::{CutEntry, LabView};

/// One dataset the lesson uses, as the page holds it.
#[derive(Debug, Clone, Copy)]
pub struct LessonData<'a> {
    /// Its id, as the lesson's sections name it.
    pub id: &'a str,
    /// Every sample loaded.
    pub dataset: &'a Dataset,
    /// Where the code reads its files.
    pub source: &'a DataSource,
    /// The models trained on it in this lesson, in order.
    pub models: &'a [Arc<TrainedModel>],
}

/// What the lesson's notebook is written from.
#[derive(Debug, Clone, Copy)]
pub struct LessonCode<'a> {
    /// The lesson.
    pub lesson: &'a Lesson,
    /// The student's answers and widgets.
    pub progress: &'a LessonProgress,
    /// The datasets loaded (a section on a dataset not loaded yet says so).
    pub data: &'a [LessonData<'a>],
}

/// What has been written so far: the datasets read and the models shown, per dataset.
#[derive(Default)]
struct Written<'a> {
    read: Vec<&'a str>,
    models_shown: Vec<(&'a str, usize)>,
}

impl<'a> Written<'a> {
    fn shown(&self, id: &str) -> usize {
        self.models_shown
            .iter()
            .find(|(d, _)| *d == id)
            .map_or(0, |(_, n)| *n)
    }

    fn show(&mut self, id: &'a str, n: usize) {
        match self.models_shown.iter_mut().find(|(d, _)| *d == id) {
            Some(entry) => entry.1 = n,
            None => self.models_shown.push((id, n)),
        }
    }
}

impl<'a> LessonCode<'a> {
    /// The lesson's steps, in order.
    pub fn script(&self) -> Script {
        let manifest = &self.lesson.manifest;
        let mut cells = vec![
            Cell::note(
                manifest.title.clone(),
                format!(
                    "{}\n\nEach step below is a widget of the lesson as you left it, in pandas, numpy, matplotlib and scikit-learn; the models you trained follow the training sections, each with its evaluation, and each task is followed by your answer.",
                    manifest.summary
                ),
            ),
            Cell::new(
                "Imports",
                "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n\nlesson_events = {}  # each dataset's events, by its name in the lesson\n",
            ),
        ];
        let mut written = Written::default();
        for (i, section) in self.lesson.sections.iter().enumerate() {
            let id = manifest.section_dataset(i);
            let has_widgets = section
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Widget(w) if !w.kind.makes_own_points()));
            let data = self.data.iter().find(|d| d.id == id);
            let note = match (has_widgets, data) {
                (true, None) => format!(
                    "This section works on another dataset ({id}): open it in the lesson once, then save the notebook again to include its steps."
                ),
                _ => String::new(),
            };
            cells.push(Cell::note(section.meta.title.clone(), note));
            let mut n = 0;
            for block in &section.blocks {
                match block {
                    Block::Widget(spec) => {
                        n += 1;
                        let key = widget_key(&section.meta.id, n);
                        if spec.kind.makes_own_points() {
                            cells.push(self.toy_cell(spec, &key));
                        } else if let Some(data) = data {
                            cells.extend(self.widget_cells(spec, &key, data, &mut written));
                        }
                    }
                    Block::Task(task) => {
                        let progress = self.progress.task(&task.id);
                        let answer = match (progress.answer.trim(), progress.status) {
                            ("", _) => "not answered yet".to_owned(),
                            (a, TaskStatus::Correct) => format!("{a} (correct)"),
                            (a, TaskStatus::Wrong) => format!("{a} (not right yet)"),
                            (a, TaskStatus::Open) => format!("{a} (not checked)"),
                        };
                        cells.push(Cell::note(
                            task.title.clone(),
                            format!("{}\n\nYour answer: {answer}", task.question.trim()),
                        ));
                    }
                    Block::Prose(_) => {}
                }
            }
        }
        Script { cells }
    }

    /// A widget that makes its own points (the playground, the fit, the dice), as the student
    /// left it.
    fn toy_cell(&self, spec: &WidgetSpec, key: &str) -> Cell {
        let state = self.progress.widgets.get(key).cloned().unwrap_or_default();
        match spec.kind {
            WidgetKind::Dice => dice_code(&spec.dice_setup(&state.view).0),
            _ => playground_code(&spec.playground_setup(&state.view).0),
        }
    }

    /// A widget's steps: its samples, its cuts and its own code.
    fn widget_cells(
        &self,
        spec: &WidgetSpec,
        key: &str,
        data: &LessonData<'a>,
        written: &mut Written<'a>,
    ) -> Vec<Cell> {
        let mut cells = Vec::new();
        if !written.read.contains(&data.id) {
            written.read.push(data.id);
            let view = LabView::default();
            let lab = LabCode {
                dataset: data.dataset,
                source: data.source,
                view: &view,
            };
            let mut reading = lab.reading();
            reading.code.push_str(&format!(
                "lesson_events[{}] = events\n",
                python_string(data.id)
            ));
            cells.push(reading);
        }
        let state = self.progress.widgets.get(key).cloned().unwrap_or_default();
        let Ok(reading) = spec.reading(&state, data.dataset) else {
            return cells;
        };
        let lab = LabCode {
            dataset: &reading.data,
            source: data.source,
            view: &reading.view,
        };
        let choose = select_samples(data.id, &sample_names(&reading.data));
        match spec.kind {
            WidgetKind::Table => cells.extend([choose, lab.first_look()]),
            WidgetKind::Cuts => cells.extend([choose, lab.cuts()]),
            WidgetKind::Histogram => cells.extend([choose, lab.cuts(), lab.histogram()]),
            WidgetKind::Scan => cells.extend([choose, lab.cuts(), lab.scan()]),
            WidgetKind::Pairs => cells.extend([choose, lab.cuts(), lab.pairs()]),
            WidgetKind::Train => cells.extend(self.training_cells(spec, data, &reading, written)),
            WidgetKind::Evaluate => cells.extend(self.evaluation_cells(spec, data, written)),
            WidgetKind::Playground | WidgetKind::Fit | WidgetKind::Dice => {}
        }
        cells
    }

    /// The models trained since the last training widget, each on its samples and cuts, with its
    /// ROC; before any, the widget's own settings.
    fn training_cells(
        &self,
        spec: &WidgetSpec,
        data: &LessonData<'a>,
        reading: &fivesigma_engine::lesson::WidgetReading,
        written: &mut Written<'a>,
    ) -> Vec<Cell> {
        let from = written.shown(data.id);
        let mut cells = Vec::new();
        for model in &data.models[from.min(data.models.len())..] {
            let view = LabView {
                cuts: model.record.cuts.iter().map(|c| CutEntry::on(c)).collect(),
                ..LabView::default()
            };
            let Ok(subset) = data.dataset.subset(&model.record.samples) else {
                continue;
            };
            let lab = LabCode {
                dataset: &subset,
                source: data.source,
                view: &view,
            };
            let mut training = training_code(&model.setup);
            training.title = format!("{}: training", model.name);
            let mut evaluation = evaluation_code(&subset, Some(&scores_file_name(&model.name)));
            evaluation.title = format!("{}: ROC curve and AUC", model.name);
            cells.extend([
                select_samples(data.id, &model.record.samples),
                lab.cuts(),
                training,
                evaluation,
            ]);
        }
        written.show(data.id, data.models.len());
        if cells.is_empty() {
            // Nothing trained yet: the settings the widget starts from.
            if let Ok(setup) = spec.training_setup(&reading.data.catalog.inputs) {
                let lab = LabCode {
                    dataset: &reading.data,
                    source: data.source,
                    view: &reading.view,
                };
                cells.extend([
                    select_samples(data.id, &sample_names(&reading.data)),
                    lab.cuts(),
                    training_code(&setup),
                    evaluation_code(&reading.data, None),
                ]);
            }
        }
        cells
    }

    /// The views the widget shows, of the last model trained so far.
    fn evaluation_cells(
        &self,
        spec: &WidgetSpec,
        data: &LessonData<'a>,
        written: &Written<'a>,
    ) -> Vec<Cell> {
        let shown = written.shown(data.id).clamp(1, data.models.len().max(1));
        let Some(model) = data.models.get(shown - 1) else {
            return vec![Cell::note(
                "Evaluation",
                "Train a model in the lesson, then save the notebook again: its evaluation comes here.",
            )];
        };
        let views = ModelViews {
            dataset: data.dataset,
            model,
        };
        let shows = |name: &str| spec.views.is_empty() || spec.views.iter().any(|v| v == name);
        let judged = Judged {
            threshold: DEFAULT_THRESHOLD,
            on: JudgedOn::HeldOut,
            counted: Counting::default().weights(model.setup.weighting),
            ams: AmsSettings::on(data.dataset, default_b_reg(data.dataset)),
        };
        let output = spec.output_settings();
        let mut cells = vec![views.reading_scores()];
        if shows("roc") {
            cells.push(views.roc(false));
        }
        if shows("output") {
            cells.push(views.output(
                output.bins,
                output.log_y,
                DEFAULT_SCAN_EVENTS,
                DEFAULT_THRESHOLD,
            ));
        }
        if shows("overtraining") {
            cells.push(views.overtraining(OUTPUT_BINS));
        }
        if shows("report") {
            cells.push(views.report(&judged));
        }
        if shows("threshold") {
            cells.push(views.threshold(&judged));
        }
        if shows("scan") {
            cells.push(views.output_scan(
                Significance::SOverSqrtB,
                ScanEvents::Test,
                OutputThresholds::Notebook,
            ));
        }
        cells
    }
}

/// `events`: dataset `id`'s events of `samples` only (what a widget shows).
fn select_samples(id: &str, samples: &[String]) -> Cell {
    Cell::new(
        "The samples shown",
        format!(
            "events = lesson_events[{}]\nevents = events[events[\"sample\"].isin({})]\n",
            python_string(id),
            string_list(samples)
        ),
    )
}
