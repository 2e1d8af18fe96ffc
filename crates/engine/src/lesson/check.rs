//! Answer checks: every expected answer is computed by the engine from the data the lesson has
//! loaded (our generated samples, or the official ATLAS files the student fetched), never typed
//! into the lesson. Change the data and the expected answers follow.
//!
//! Must not depend on the app: a check sees a [`Dataset`] and, for model tasks, the evaluation of
//! the model the student trained.

use serde::{Deserialize, Serialize};

use super::toy_check;
use super::widget::{WidgetKind, WidgetReading};
use crate::analysis::{
    Binning, CumulativeWeights, CutDirection, CutExpr, Histogram, ScanSettings, Significance,
    Thresholds, ks_two_sample,
};
use crate::data::{Dataset, Role, Sample};
use crate::ml::evaluation::{Evaluation, EventWeights, HeldOut, JudgedOn, ScanEvents};
use crate::ml::metrics::roc_auc;
use crate::ml::{
    ClassificationReport, Importances, ModelKind, PRESETS, TrainingSetup, Weighting,
    matching_preset,
};
use crate::state::evaluation::{
    AmsSettings, REVEAL_TEST_LABEL, above_threshold, ams_curve_of, counts_weighted, default_b_reg,
    merit_thresholds, report_on,
};
use crate::state::{Choice, TrainedModel, parse_significance};
use crate::{Error, Result};

/// What a check computes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// Events (or weighted events) in chosen bins of a histogram: what a student reads off a
    /// bar. Binning: `bins` equal bins over `range`, or numpy's default (min..max of the
    /// `range_from` samples, else of `samples`). The bars are chosen by index (`select`) or,
    /// as a student reads "events below 100 GeV" off a plot, as every bar whose centre lies
    /// above `above` and below `below` (either may be left out).
    BinContent {
        /// Samples counted.
        samples: Vec<String>,
        /// The variable histogrammed.
        variable: String,
        /// Number of bins (numpy's default 10).
        #[serde(default = "ten")]
        bins: usize,
        /// Explicit [lo, hi).
        #[serde(default)]
        range: Option<[f64; 2]>,
        /// Samples whose min..max set the range (a stacked plot's range covers every process).
        #[serde(default)]
        range_from: Vec<String>,
        /// Bin indices summed (0 = the leftmost bar).
        #[serde(default)]
        select: Vec<usize>,
        /// Bars whose centre is above this value (in the variable's unit).
        #[serde(default)]
        above: Option<f64>,
        /// Bars whose centre is below this value.
        #[serde(default)]
        below: Option<f64>,
        /// Sum weights (true) or count events (false).
        #[serde(default)]
        weighted: bool,
    },
    /// The mean of a column over the events of some samples (unweighted).
    Mean {
        /// Samples.
        samples: Vec<String>,
        /// The column.
        variable: String,
    },
    /// Events (or weighted events) of some samples passing cuts.
    Count {
        /// Samples.
        samples: Vec<String>,
        /// Cuts, cut-builder syntax (all must pass).
        #[serde(default)]
        cuts: Vec<String>,
        /// Sum weights (true) or count events (false).
        #[serde(default)]
        weighted: bool,
        /// As a fraction of the same samples before the cuts (what a cut keeps).
        #[serde(default)]
        fraction: bool,
    },
    /// The best figure of merit (S/√B unless `measure` says otherwise; signal = the active
    /// signal samples, background = the active backgrounds, weighted, after `cuts`) over a list
    /// of thresholds on one variable, or the threshold where it is reached.
    MaxSignificance {
        /// The variable cut on.
        variable: String,
        /// Thresholds tried.
        thresholds: Vec<f64>,
        /// Keep events above (default) or below each threshold.
        #[serde(default)]
        keep: Keep,
        /// "value" (the figure of merit) or "threshold" (where it is largest).
        #[serde(default)]
        result: Extract,
        /// The figure of merit as the scan's menu keys it: `s_sqrt_b` (default), `s_b` (the HSF
        /// lesson's S/B), `s_sqrt_s_b`, `asimov`, `ams:<b_r>`.
        #[serde(default)]
        measure: Option<String>,
        /// Cuts applied first (cut-builder syntax), e.g. the HSF lesson's cleaning cuts.
        #[serde(default)]
        cuts: Vec<String>,
    },
    /// Which of several scans reaches the highest S/√B (the answer is a variable name), or that
    /// highest value.
    BestVariable {
        /// The scans compared.
        scans: Vec<VariableScan>,
        /// "variable" (default) or "value".
        #[serde(default = "variable_result")]
        result: Extract,
    },
    /// The sample with the most (weighted) events in chosen bins: "which colour dominates?".
    DominantSample {
        /// Samples compared.
        samples: Vec<String>,
        /// The variable histogrammed.
        variable: String,
        /// Number of bins over `range`, else over the samples' min..max.
        #[serde(default = "ten")]
        bins: usize,
        /// Histogram range (absent: the samples' min..max). A variable with −999 for "not
        /// measured" needs one, as the histogram widget draws its catalog range.
        #[serde(default)]
        range: Option<[f64; 2]>,
        /// Bin indices summed.
        select: Vec<usize>,
        /// Sum weights (true) or count events (false).
        #[serde(default)]
        weighted: bool,
    },
    /// The best S/√B of the output of the model the student trained last, over `thresholds`:
    /// on its test events weighted up by 1/test_size, or, with `every_event`, on every event
    /// (the notebook's task 13, optimistic for a model that has learned its training events).
    ModelSignificance {
        /// Output thresholds tried.
        thresholds: Vec<f64>,
        /// Count every event, training ones included.
        #[serde(default)]
        every_event: bool,
    },
    /// A number about one of the student's trained models, on its test events: accuracy,
    /// precision, recall or F1 of `class` when events with an output above `threshold` are
    /// called signal (scikit-learn's `classification_report` at 0.5), or the test (or training)
    /// AUC of the models table. The model is the latest of `model` (a preset id such as
    /// `hsf-forest`, or a family: `forest`, `mlp`, …; absent: the latest of any).
    ModelMetric {
        /// What is measured.
        metric: Metric,
        /// Which model (see above).
        #[serde(default)]
        model: Option<String>,
        /// Output above it: called signal.
        #[serde(default = "half")]
        threshold: f64,
        /// The class the precision, recall or F1 is of (default signal).
        #[serde(default)]
        class: Class,
        /// Count events by their physical weights (true) or one each (false); absent: as the
        /// model was trained (`state::evaluation::counts_weighted`), as the panel shows.
        #[serde(default)]
        weighted: Option<bool>,
        /// Which events (`held_out`, the default; `training`; `every`): the CMS exercise reads
        /// its metrics on training and test events, and its rates on every event.
        #[serde(default)]
        events: JudgedOn,
        /// Count by the physical weights normalised per class, as the CMS exercise's
        /// `sample_weight` (overrides `weighted`).
        #[serde(default)]
        balanced: bool,
    },
    /// The largest AMS of a model's held-out output over `thresholds` (default 0, 0.01, …, 0.99:
    /// the panel's curve), or the threshold where it is reached. As the dataset's analyses count
    /// it (`state::evaluation::ams_basis`): the HSF lesson's on rates,
    /// √(2((TPR + FPR + b_r)·ln(1 + TPR/(FPR + b_r)) − TPR)), or the HiggsML challenge's on
    /// expected events s and b; b_r by default the dataset's (0.001 or 10).
    ModelAms {
        /// Which model (as in `model_metric`).
        #[serde(default)]
        model: Option<String>,
        /// The regularisation term b_r (absent: the dataset's, `default_b_reg`).
        #[serde(default)]
        b_reg: Option<f64>,
        /// Output thresholds tried (empty: the panel's).
        #[serde(default)]
        thresholds: Vec<f64>,
        /// Rates from weighted events or counts (absent: as the model was trained).
        #[serde(default)]
        weighted: Option<bool>,
        /// "value" (default) or "threshold".
        #[serde(default)]
        result: Extract,
        /// The events read: the part the model is judged on (default), or its test part, which
        /// the student must have chosen to look at (not judged until then).
        #[serde(default)]
        part: Part,
    },
    /// The input a model found most useful: the longest bar of its importance view (impurity
    /// decrease for tree models, the AUC lost when the input is shuffled otherwise).
    TopInput {
        /// Which model (as in `model_metric`).
        #[serde(default)]
        model: Option<String>,
    },
    /// The p-value of the Kolmogorov–Smirnov test of a model's output on its training events
    /// against its test events, for one class: the overtraining check's number.
    Overtraining {
        /// Which model (as in `model_metric`).
        #[serde(default)]
        model: Option<String>,
        /// The class compared (default signal).
        #[serde(default)]
        class: Class,
    },
    /// The real data events a model calls signal (output above `threshold`, after the cuts it
    /// was trained with), or what the simulation expects there: its test events above the
    /// threshold, weighted and scaled up by 1/test fraction — signal, background or both.
    DataSelected {
        /// Which model (as in `model_metric`).
        #[serde(default)]
        model: Option<String>,
        /// Output above it: called signal.
        #[serde(default = "half")]
        threshold: f64,
        /// "data" (default), "expected" (signal + background), "signal" or "background".
        #[serde(default)]
        result: Selected,
    },
    /// The histogram widget above the task, as the student set it up, must show `variable`,
    /// weighted or not, every process stacked or not (the notebook's "fill in the code to make
    /// the graph"). Its value names the plot asked for.
    Plot {
        /// The variable drawn.
        variable: String,
        /// Weighted events (true) or simulated counts.
        weighted: bool,
        /// Every process stacked (true) or the widget's own samples.
        stacked: bool,
    },
    /// The best value of the scan widget above the task, over the thresholds (and direction,
    /// and measure) the student chose: the notebook's "choose your own x-values". The scan must
    /// be of `variable`.
    WidgetScan {
        /// The variable the scan must show.
        variable: String,
        /// "value" (default) or "threshold".
        #[serde(default)]
        result: Extract,
    },
    /// A question about an idea, not the data: the right option is written in the lesson.
    Concept {
        /// The value of the right option.
        answer: String,
    },
    /// The learning rate above which gradient descent on a line diverges (2/λ_max of the MSE's
    /// Hessian on the training points of `setup`, a playground link's query).
    DivergenceRate {
        /// The points: `data=line&…`.
        setup: String,
    },
    /// The polynomial degree with the lowest validation MSE on the points of `setup`.
    BestDegree {
        /// The points: `data=curve&…`.
        setup: String,
    },
    /// The depth (1 to `setup`'s `depth`) at which a decision tree has its best validation
    /// accuracy on the points of `setup` (the shallowest when several tie).
    BestDepth {
        /// The points and the deepest tree: `data=moons&noise=0.3&depth=10`.
        setup: String,
    },
    /// The validation accuracy of the model the playground above trained last, on `data`.
    PlaygroundAccuracy {
        /// The shape its points must have (`spirals`, …).
        data: String,
        /// The kind of model it must be (`network`, `tree`, …; absent: any).
        #[serde(default)]
        model: Option<String>,
    },
    /// The effective number of rolls (Σw)²/Σw² of the dice `setup` (`die=negative&rolls=1000`).
    EffectiveRolls {
        /// The dice.
        setup: String,
    },
}

/// One variable's scan in a [`Check::BestVariable`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableScan {
    /// The variable.
    pub variable: String,
    /// Its thresholds.
    pub thresholds: Vec<f64>,
    /// Keep above (default) or below.
    #[serde(default)]
    pub keep: Keep,
}

/// Which side of a threshold is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// x > threshold (the notebook's cuts).
    #[default]
    Above,
    /// x < threshold.
    Below,
}

impl From<Keep> for CutDirection {
    fn from(keep: Keep) -> Self {
        match keep {
            Keep::Above => CutDirection::Above,
            Keep::Below => CutDirection::Below,
        }
    }
}

/// Which part of a scan's result a check returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Extract {
    /// The figure of merit.
    #[default]
    Value,
    /// The threshold of the best point.
    Threshold,
    /// The variable of the best scan.
    Variable,
}

fn ten() -> usize {
    10
}

fn half() -> f64 {
    0.5
}

/// Which held-out events of a model a check reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The events the model is judged on: its validation part while its test part is sealed,
    /// else its test part.
    #[default]
    HeldOut,
    /// Its test part, once the student has looked at it.
    Test,
}

/// What a [`Check::ModelMetric`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Events classified right, of all.
    Accuracy,
    /// Of the events called `class`, the fraction that are.
    Precision,
    /// Of the events of `class`, the fraction called so.
    Recall,
    /// 2pr / (p + r) for `class`.
    F1,
    /// Precision × recall of signal: the CMS exercise's purity × efficiency.
    PurityEfficiency,
    /// The share of true background called signal, FP / (FP + TN): one minus the background's
    /// recall.
    FalsePositiveRate,
    /// Area under the ROC curve of the test events (weighted, as the models table).
    Auc,
    /// The same on the training events.
    TrainAuc,
}

/// One of the two classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Label 1.
    #[default]
    Signal,
    /// Label 0.
    Background,
}

impl Class {
    /// Its label.
    pub fn label(self) -> u8 {
        match self {
            Class::Signal => 1,
            Class::Background => 0,
        }
    }
}

/// Which count a [`Check::DataSelected`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Selected {
    /// Real data events.
    #[default]
    Data,
    /// The simulation's signal + background.
    Expected,
    /// The simulation's signal.
    Signal,
    /// The simulation's background.
    Background,
}

fn variable_result() -> Extract {
    Extract::Variable
}

/// A computed expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A number.
    Number(f64),
    /// An option's value (a choice, a variable or a sample name).
    Text(String),
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Number(x) => write!(f, "{x}"),
            Expected::Text(t) => f.write_str(t),
        }
    }
}

/// A model the student trained, as a check sees it.
#[derive(Debug, Clone, Copy)]
pub struct ModelView<'a> {
    /// Its family.
    pub kind: ModelKind,
    /// The preset its settings are, if any.
    pub preset: Option<&'static str>,
    /// How its training weighted the events.
    pub weighting: Weighting,
    /// The fraction of the events it is judged on (to scale held-out yields to the sample): its
    /// test fraction, or its validation fraction while the test part is sealed.
    pub held_out_fraction: f64,
    /// Its scores, judged with physical weights.
    pub evaluation: &'a Evaluation,
    /// Its output on the real data events after the same cuts, if the dataset has data.
    pub data_scores: Option<&'a [f64]>,
    /// Its inputs and how much each mattered (as the importance view shows), if measured.
    pub importances: Option<(&'a [String], &'a Importances)>,
}

impl<'a> ModelView<'a> {
    /// The view of a model trained on the page.
    pub fn of(model: &'a TrainedModel) -> Self {
        Self::new(
            &model.setup,
            &model.evaluation,
            model.data_scores.as_deref(),
        )
        .with_importances(&model.setup.inputs, &model.trained.importances)
    }

    /// The same view with the importances of its `inputs`.
    pub fn with_importances(self, inputs: &'a [String], importances: &'a Importances) -> Self {
        Self {
            importances: Some((inputs, importances)),
            ..self
        }
    }

    /// The view of a model trained with `setup` and judged as `evaluation` (native callers).
    pub fn new(
        setup: &TrainingSetup,
        evaluation: &'a Evaluation,
        data_scores: Option<&'a [f64]>,
    ) -> Self {
        Self {
            kind: setup.spec.kind(),
            preset: matching_preset(&setup.spec, setup.inputs.len()),
            weighting: setup.weighting,
            held_out_fraction: match evaluation.held_out {
                HeldOut::Test => setup.test_fraction,
                HeldOut::Validation => setup.validation_fraction,
            },
            evaluation,
            data_scores,
            importances: None,
        }
    }

    /// Whether `selector` (a preset id or a family key) names this model.
    fn is(&self, selector: &str) -> bool {
        self.preset == Some(selector) || self.kind.key() == selector
    }

    /// Counting by weights: as `weighted` says, else as the model was trained.
    fn weighted(&self, weighted: Option<bool>) -> bool {
        weighted.unwrap_or_else(|| counts_weighted(self.weighting))
    }

    /// The classification report of the events `at` names.
    fn report(&self, at: Judged) -> Result<ClassificationReport> {
        let counted = match (at.balanced, self.weighted(at.weighted)) {
            (true, _) => EventWeights::Balanced,
            (false, true) => EventWeights::Physical,
            (false, false) => EventWeights::Once,
        };
        report_on(self.evaluation, at.on, at.threshold, counted)
    }
}

/// What a check may look at.
#[derive(Clone, Copy)]
pub struct CheckContext<'a> {
    /// The lesson's data (every sample, active or not).
    pub dataset: &'a Dataset,
    /// The models the student trained in this lesson, oldest first.
    pub models: &'a [ModelView<'a>],
    /// The widget above the task, as the student left it (for checks that read it).
    pub widget: Option<&'a WidgetReading>,
}

impl<'a> CheckContext<'a> {
    /// The context of a task on `dataset` with the student's `models` (oldest first).
    pub fn with_models(dataset: &'a Dataset, models: &'a [ModelView<'a>]) -> Self {
        Self {
            dataset,
            models,
            widget: None,
        }
    }

    /// The same context with the widget above the task.
    pub fn with_widget(self, widget: Option<&'a WidgetReading>) -> Self {
        Self { widget, ..self }
    }

    /// The widget above the task, or why a check cannot read one.
    fn widget(&self) -> Result<&'a WidgetReading> {
        self.widget.ok_or_else(|| {
            Error::Check("this task reads the widget above it, and there is none".into())
        })
    }

    /// The latest model `selector` names (any model without one), or what to train first.
    pub fn model(&self, selector: Option<&str>) -> Result<&'a ModelView<'a>> {
        self.models
            .iter()
            .rev()
            .find(|m| selector.is_none_or(|s| m.is(s)))
            .ok_or_else(|| Error::Check(needs_training(selector)))
    }
}

impl<'a> CheckContext<'a> {
    /// The latest model `selector` names whose test part the student has looked at (or that
    /// has no validation part to choose on), or what to do first.
    pub fn model_with_test(&self, selector: Option<&str>) -> Result<&'a ModelView<'a>> {
        self.model(selector)?;
        self.models
            .iter()
            .rev()
            .find(|m| selector.is_none_or(|s| m.is(s)) && m.evaluation.held_out == HeldOut::Test)
            .ok_or_else(|| Error::Check(test_still_sealed()))
    }
}

/// "Train the random forest first: …" for a model check with no model to read.
fn needs_training(selector: Option<&str>) -> String {
    let what = match selector {
        None => "a model".to_owned(),
        Some(s) => PRESETS
            .iter()
            .find(|p| p.id == s)
            .map(|p| format!("the model {}", p.title))
            .or_else(|| ModelKind::from_key(s).map(|k| format!("a {}", k.title().to_lowercase())))
            .unwrap_or_else(|| format!("the model {s}")),
    };
    format!("Train {what} first: this answer is computed from your own model.")
}

impl Check {
    /// Computes the expected answer.
    pub fn compute(&self, ctx: &CheckContext<'_>) -> Result<Expected> {
        let dataset = ctx.dataset;
        match self {
            Check::BinContent {
                samples,
                variable,
                bins,
                range,
                range_from,
                select,
                above,
                below,
                weighted,
            } => {
                let binning = binning_for(dataset, variable, *bins, *range, range_from, samples)?;
                let bars = bars(&binning, select, *above, *below)?;
                let mut total = 0.0;
                for sample in named(dataset, samples)? {
                    total += selected(&histogram(sample, variable, &binning, *weighted)?, &bars)?;
                }
                Ok(Expected::Number(total))
            }
            Check::Mean { samples, variable } => {
                let (mut sum, mut n) = (0.0, 0_usize);
                for sample in named(dataset, samples)? {
                    let values = sample.table.numeric(variable)?;
                    sum += values.iter().sum::<f64>();
                    n += values.len();
                }
                if n == 0 {
                    return Err(Error::Check(format!("no events in {}", samples.join(", "))));
                }
                Ok(Expected::Number(sum / n as f64))
            }
            Check::Count {
                samples,
                cuts,
                weighted,
                fraction,
            } => {
                let cuts = parse_cuts(cuts)?;
                let (mut passing, mut all) = (0.0, 0.0);
                for sample in named(dataset, samples)? {
                    let keep = sample.passing(&cuts)?;
                    let weights = sample.weights();
                    for (i, kept) in keep.iter().enumerate() {
                        let w = match (weighted, weights) {
                            (true, Some(w)) => w[i],
                            _ => 1.0,
                        };
                        all += w;
                        if *kept {
                            passing += w;
                        }
                    }
                }
                if !*fraction {
                    return Ok(Expected::Number(passing));
                }
                if all == 0.0 {
                    return Err(Error::Check("these samples have no events".into()));
                }
                Ok(Expected::Number(passing / all))
            }
            Check::MaxSignificance {
                variable,
                thresholds,
                keep,
                result,
                measure,
                cuts,
            } => {
                let measure = match measure {
                    None => Significance::SOverSqrtB,
                    Some(key) => parse_significance(key)
                        .ok_or_else(|| Error::Check(format!("unknown measure {key}")))?,
                };
                let cut = Cut {
                    variable,
                    thresholds,
                    keep: *keep,
                    measure,
                };
                let (value, threshold) = best_cut(dataset, &cut, &parse_cuts(cuts)?)?;
                Ok(Expected::Number(match result {
                    Extract::Threshold => threshold,
                    _ => value,
                }))
            }
            Check::BestVariable { scans, result } => {
                let mut best: Option<(f64, &str)> = None;
                for scan in scans {
                    let cut = Cut {
                        variable: &scan.variable,
                        thresholds: &scan.thresholds,
                        keep: scan.keep,
                        measure: Significance::SOverSqrtB,
                    };
                    let (value, _) = best_cut(dataset, &cut, &[])?;
                    if best.is_none_or(|(b, _)| value > b) {
                        best = Some((value, &scan.variable));
                    }
                }
                let (value, variable) =
                    best.ok_or_else(|| Error::Check("the check lists no scans".into()))?;
                Ok(match result {
                    Extract::Value => Expected::Number(value),
                    _ => Expected::Text(variable.to_owned()),
                })
            }
            Check::DominantSample {
                samples,
                variable,
                bins,
                range,
                select,
                weighted,
            } => {
                let binning = binning_for(dataset, variable, *bins, *range, &[], samples)?;
                let mut best: Option<(f64, &str)> = None;
                for name in samples {
                    let h = histogram(dataset.sample(name)?, variable, &binning, *weighted)?;
                    let content = selected(&h, select)?;
                    if best.is_none_or(|(b, _)| content > b) {
                        best = Some((content, name));
                    }
                }
                best.map(|(_, name)| Expected::Text(name.to_owned()))
                    .ok_or_else(|| Error::Check("the check lists no samples".into()))
            }
            Check::ModelSignificance {
                thresholds,
                every_event,
            } => {
                let model = ctx.model(None)?;
                let events = if *every_event {
                    ScanEvents::All
                } else {
                    ScanEvents::Test
                };
                let scan = model.evaluation.output_scan(
                    events,
                    model.held_out_fraction,
                    &scan_settings(thresholds, Keep::Above, Significance::SOverSqrtB),
                );
                scan.best_point()
                    .and_then(|p| p.value.ok())
                    .map(Expected::Number)
                    .ok_or_else(|| {
                        Error::Check(
                            "S/√B is undefined at every threshold (no background left)".into(),
                        )
                    })
            }
            Check::ModelMetric {
                metric,
                model,
                threshold,
                class,
                weighted,
                events,
                balanced,
            } => {
                let model = ctx.model(model.as_deref())?;
                let at = Judged {
                    on: *events,
                    threshold: *threshold,
                    weighted: *weighted,
                    balanced: *balanced,
                };
                model_metric(model, *metric, at, *class).map(Expected::Number)
            }
            Check::ModelAms {
                model,
                b_reg,
                thresholds,
                weighted,
                result,
                part,
            } => {
                let model = match part {
                    Part::HeldOut => ctx.model(model.as_deref())?,
                    Part::Test => ctx.model_with_test(model.as_deref())?,
                };
                let ams = AmsSettings::on(dataset, b_reg.unwrap_or_else(|| default_b_reg(dataset)));
                let (value, threshold) = best_ams(model, ams, thresholds, *weighted)?;
                Ok(Expected::Number(match result {
                    Extract::Threshold => threshold,
                    _ => value,
                }))
            }
            Check::TopInput { model } => {
                let model = ctx.model(model.as_deref())?;
                top_input(model).map(|name| Expected::Text(name.to_owned()))
            }
            Check::Overtraining { model, class } => {
                let e = ctx.model(model.as_deref())?.evaluation;
                let label = class.label();
                let ks = ks_two_sample(&e.train.class_scores(label), &e.test.class_scores(label));
                Ok(Expected::Number(ks.p_value))
            }
            Check::DataSelected {
                model,
                threshold,
                result,
            } => {
                let model = ctx.model(model.as_deref())?;
                data_selected(model, *threshold, *result).map(Expected::Number)
            }
            Check::Plot {
                variable,
                weighted,
                stacked,
            } => Ok(Expected::Text(plot_name(variable, *weighted, *stacked))),
            Check::WidgetScan { variable, result } => {
                let best = widget_scan(ctx, variable)?;
                Ok(Expected::Number(match result {
                    Extract::Threshold => best.threshold,
                    _ => best.value,
                }))
            }
            Check::Concept { answer } => Ok(Expected::Text(answer.clone())),
            Check::DivergenceRate { setup } => {
                toy_check::divergence_rate(setup).map(Expected::Number)
            }
            Check::BestDegree { setup } => toy_check::best_fit_degree(setup).map(Expected::Number),
            Check::BestDepth { setup } => toy_check::best_tree_depth(setup).map(Expected::Number),
            Check::PlaygroundAccuracy { data, model } => {
                toy_check::playground_accuracy(ctx.widget, data, model.as_deref())
                    .map(Expected::Number)
            }
            Check::EffectiveRolls { setup } => {
                toy_check::effective_rolls(setup).map(Expected::Number)
            }
        }
    }

    /// Whether the check judges something the student has not made yet (a playground model):
    /// validation then skips it, as it skips model checks before any training. So does a check on a model's test part while the student has not looked at it.
    pub fn waits_for_student(&self, ctx: &CheckContext<'_>) -> bool {
        match self {
            Check::PlaygroundAccuracy { .. } => {
                ctx.widget.is_none_or(|w| w.state.trained.is_none())
            }
            Check::ModelAms {
                model,
                part: Part::Test,
                ..
            } => {
                ctx.model(model.as_deref()).is_ok()
                    && ctx.model_with_test(model.as_deref()).is_err()
            }
            _ => false,
        }
    }

    /// Whether the check needs a trained model.
    pub fn needs_model(&self) -> bool {
        self.model_selector().is_some()
    }

    /// For a check that reads a model: which (`Some(None)`: the latest of any).
    pub fn model_selector(&self) -> Option<Option<&str>> {
        match self {
            Check::ModelSignificance { .. } => Some(None),
            Check::ModelMetric { model, .. }
            | Check::ModelAms { model, .. }
            | Check::TopInput { model }
            | Check::Overtraining { model, .. }
            | Check::DataSelected { model, .. } => Some(model.as_deref()),
            _ => None,
        }
    }

    /// The kind of widget the check reads (it must stand above the task in its section).
    pub fn needs_widget(&self) -> Option<WidgetKind> {
        match self {
            Check::Plot { .. } => Some(WidgetKind::Histogram),
            Check::WidgetScan { .. } => Some(WidgetKind::Scan),
            Check::PlaygroundAccuracy { .. } => Some(WidgetKind::Playground),
            _ => None,
        }
    }

    /// Every (sample, variable) the check reads, for validation.
    pub fn names(&self) -> (Vec<&str>, Vec<&str>) {
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        match self {
            Check::BinContent {
                samples,
                variable,
                range_from,
                ..
            } => {
                let mut s = strs(samples);
                s.extend(strs(range_from));
                (s, vec![variable.as_str()])
            }
            Check::Mean { samples, variable }
            | Check::DominantSample {
                samples, variable, ..
            } => (strs(samples), vec![variable.as_str()]),
            Check::Count { samples, .. } => (strs(samples), Vec::new()),
            Check::MaxSignificance { variable, .. } => (Vec::new(), vec![variable.as_str()]),
            Check::BestVariable { scans, .. } => (
                Vec::new(),
                scans.iter().map(|s| s.variable.as_str()).collect(),
            ),
            Check::Plot { variable, .. } | Check::WidgetScan { variable, .. } => {
                (Vec::new(), vec![variable.as_str()])
            }
            Check::ModelSignificance { .. }
            | Check::ModelMetric { .. }
            | Check::ModelAms { .. }
            | Check::TopInput { .. }
            | Check::Overtraining { .. }
            | Check::DataSelected { .. }
            | Check::Concept { .. }
            | Check::DivergenceRate { .. }
            | Check::BestDegree { .. }
            | Check::BestDepth { .. }
            | Check::PlaygroundAccuracy { .. }
            | Check::EffectiveRolls { .. } => (Vec::new(), Vec::new()),
        }
    }
}

/// "sublead_lep_pt, weighted, every process stacked": a plot as a task asks for it.
pub fn plot_name(variable: &str, weighted: bool, stacked: bool) -> String {
    format!(
        "{variable}, {}, {}",
        if weighted { "weighted" } else { "unweighted" },
        if stacked {
            "every process stacked"
        } else {
            "the widget's own samples"
        }
    )
}

/// The highest point of a student's scan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanBest {
    /// The figure of merit there.
    pub value: f64,
    /// The threshold.
    pub threshold: f64,
    /// It is the first threshold the student listed: smaller ones might do better.
    pub at_first: bool,
    /// It is the last threshold the student listed: larger ones might do better.
    pub at_last: bool,
}

/// The best point of the scan widget above the task, which must show `variable`.
pub fn widget_scan(ctx: &CheckContext<'_>, variable: &str) -> Result<ScanBest> {
    let reading = ctx.widget()?;
    let data = &reading.data;
    let shown = reading.view.scan_variable(data);
    if shown != variable {
        return Err(Error::Check(format!(
            "The scan above shows {shown}; this task is about {variable}."
        )));
    }
    // As the panel draws it: after the widget's cuts that apply.
    let cuts = crate::state::parse_cuts(
        reading
            .view
            .cuts
            .iter()
            .map(|c| (c.text.as_str(), c.enabled)),
        data,
    );
    let settings = reading.view.scan_settings(data, variable);
    let scan = data.scan(variable, &cuts.applied, &settings)?;
    let best = scan
        .best_point()
        .and_then(|p| p.value.as_ref().ok().map(|v| (*v, p.threshold)))
        .ok_or_else(|| {
            Error::Check(format!(
                "Your scan of {variable} has no threshold with both signal and background left: choose thresholds inside the range of the data."
            ))
        })?;
    let several = scan.points.len() > 1;
    let at =
        |p: Option<&crate::analysis::ScanPoint>| several && p.map(|p| p.threshold) == Some(best.1);
    Ok(ScanBest {
        value: best.0,
        threshold: best.1,
        at_first: at(scan.points.first()),
        at_last: at(scan.points.last()),
    })
}

/// The S/√B of the active samples after `cuts` (the student's own selection), weighted.
pub fn significance_after(dataset: &Dataset, cuts: &[CutExpr]) -> Result<f64> {
    let active = dataset.active();
    let sum = |role: Role| -> Result<f64> {
        let mut total = 0.0;
        for sample in active.with_role(role) {
            let keep = sample.passing(cuts)?;
            let w = sample.weights();
            total += keep
                .iter()
                .enumerate()
                .filter(|(_, k)| **k)
                .map(|(i, _)| w.map_or(1.0, |w| w[i]))
                .sum::<f64>();
        }
        Ok(total)
    };
    let (s, b) = (sum(Role::Signal)?, sum(Role::Background)?);
    crate::analysis::evaluate(Significance::SOverSqrtB, s, b, 0.0)
        .map_err(|u| Error::Check(format!("S/√B is undefined after these cuts: {u}")))
}

fn parse_cuts(cuts: &[String]) -> Result<Vec<CutExpr>> {
    cuts.iter().map(|c| CutExpr::parse(c)).collect()
}

fn scan_settings(thresholds: &[f64], keep: Keep, measure: Significance) -> ScanSettings {
    ScanSettings {
        measure,
        direction: keep.into(),
        thresholds: Thresholds::List(thresholds.to_vec()),
        min_background: 0.0,
    }
}

/// A threshold scan of one variable, as a check asks for it.
struct Cut<'c> {
    variable: &'c str,
    thresholds: &'c [f64],
    keep: Keep,
    measure: Significance,
}

/// (best figure of merit, its threshold) of the active samples after `cuts`.
fn best_cut(dataset: &Dataset, cut: &Cut<'_>, cuts: &[CutExpr]) -> Result<(f64, f64)> {
    let (signal, background) = (
        cumulative(dataset, Role::Signal, cut.variable, cuts)?,
        cumulative(dataset, Role::Background, cut.variable, cuts)?,
    );
    let settings = scan_settings(cut.thresholds, cut.keep, cut.measure);
    let scan = crate::analysis::scan(&signal, &background, &settings);
    scan.best_point()
        .and_then(|p| p.value.as_ref().ok().copied().map(|v| (v, p.threshold)))
        .ok_or_else(|| {
            Error::Check(format!(
                "{} of {} is undefined at every threshold",
                cut.measure.label(),
                cut.variable
            ))
        })
}

/// Values and weights of `variable` over the active samples with `role` that pass `cuts`.
fn cumulative(
    dataset: &Dataset,
    role: Role,
    variable: &str,
    cuts: &[CutExpr],
) -> Result<CumulativeWeights> {
    let (mut values, mut weights) = (Vec::new(), Vec::new());
    for sample in dataset
        .samples
        .iter()
        .filter(|s| s.spec.active && s.spec.role == role)
    {
        let column = sample.table.numeric(variable)?;
        let keep = sample.passing(cuts)?;
        let w = sample.weights();
        for (i, &x) in column.iter().enumerate().filter(|(i, _)| keep[*i]) {
            values.push(x);
            weights.push(w.map_or(1.0, |w| w[i]));
        }
    }
    if values.is_empty() {
        return Err(Error::Check(format!(
            "there is no active {} event",
            role.label()
        )));
    }
    Ok(CumulativeWeights::new(&values, Some(&weights)))
}

/// Where a [`Check::ModelMetric`] reads a model: which events, the threshold, how counted.
#[derive(Clone, Copy)]
struct Judged {
    on: JudgedOn,
    threshold: f64,
    weighted: Option<bool>,
    balanced: bool,
}

/// A [`Check::ModelMetric`] of `model`.
fn model_metric(model: &ModelView<'_>, metric: Metric, at: Judged, class: Class) -> Result<f64> {
    let row = |r: &ClassificationReport| match class {
        Class::Signal => r.signal,
        Class::Background => r.background,
    };
    let report = || model.report(at);
    Ok(match metric {
        Metric::Auc => match at.on {
            JudgedOn::Training => model.evaluation.train_auc,
            JudgedOn::HeldOut => model.evaluation.test_auc,
            JudgedOn::Every => {
                let all = model.evaluation.all();
                roc_auc(&all.labels, &all.scores, Some(&all.weights))?
            }
        },
        Metric::TrainAuc => model.evaluation.train_auc,
        Metric::Accuracy => report()?.accuracy,
        Metric::Precision => row(&report()?).precision,
        Metric::Recall => row(&report()?).recall,
        Metric::F1 => row(&report()?).f1,
        Metric::FalsePositiveRate => 1.0 - report()?.background.recall,
        Metric::PurityEfficiency => {
            let signal = report()?.signal;
            signal.precision * signal.recall
        }
    })
}

/// What a check on a model's test part says while every such part is sealed.
fn test_still_sealed() -> String {
    format!(
        "The test part of your models is still sealed. Choose your model on the validation events, then press “{REVEAL_TEST_LABEL}” in its row of the models table — once — and check again."
    )
}

/// (largest AMS, its threshold) of `model`'s held-out output.
fn best_ams(
    model: &ModelView<'_>,
    ams: AmsSettings,
    thresholds: &[f64],
    weighted: Option<bool>,
) -> Result<(f64, f64)> {
    let thresholds = if thresholds.is_empty() {
        merit_thresholds()
    } else {
        thresholds.to_vec()
    };
    let curve = ams_curve_of(
        model.evaluation,
        model.held_out_fraction,
        model.weighted(weighted),
        ams,
        &thresholds,
    )?;
    thresholds
        .iter()
        .zip(curve)
        .filter_map(|(&t, ams)| ams.filter(|a| a.is_finite()).map(|a| (a, t)))
        .fold(None, |best: Option<(f64, f64)>, (a, t)| {
            Some(best.filter(|b| b.0 >= a).unwrap_or((a, t)))
        })
        .ok_or_else(|| Error::Check("the AMS is undefined at every threshold".into()))
}

/// The input with the largest importance of `model` (the first of equals).
fn top_input<'a>(model: &ModelView<'a>) -> Result<&'a str> {
    let (inputs, importances) = model
        .importances
        .ok_or_else(|| Error::Check("this model's input importances were not measured".into()))?;
    inputs
        .iter()
        .zip(&importances.values)
        .filter(|(_, v)| v.is_finite())
        .fold(None, |best: Option<(&String, f64)>, (name, &v)| {
            Some(best.filter(|b| b.1 >= v).unwrap_or((name, v)))
        })
        .map(|(name, _)| name.as_str())
        .ok_or_else(|| Error::Check("this model has no input importances".into()))
}

/// A [`Check::DataSelected`] count of `model`.
fn data_selected(model: &ModelView<'_>, threshold: f64, result: Selected) -> Result<f64> {
    let above = above_threshold(
        model.evaluation,
        model.held_out_fraction,
        model.data_scores,
        threshold,
    );
    Ok(match result {
        Selected::Data => above.data.ok_or_else(|| {
            Error::Check("this dataset has no real data to apply the model to".into())
        })?,
        Selected::Signal => above.signal,
        Selected::Background => above.background,
        Selected::Expected => above.signal + above.background,
    })
}

fn binning_for(
    dataset: &Dataset,
    variable: &str,
    bins: usize,
    range: Option<[f64; 2]>,
    range_from: &[String],
    samples: &[String],
) -> Result<Binning> {
    if let Some([lo, hi]) = range {
        return Binning::uniform(bins, lo, hi);
    }
    let from = if range_from.is_empty() {
        samples
    } else {
        range_from
    };
    let mut values = Vec::new();
    for sample in named(dataset, from)? {
        values.extend_from_slice(sample.table.numeric(variable)?);
    }
    Binning::auto(&values, bins)
}

/// The samples `names` names. `signal` and `background`, where no sample is called so, stand for
/// every sample of that role: a check written so holds on our simulation (one sample per
/// process) and on a file that only says signal or background (the HiggsML challenge's).
pub fn named<'d>(dataset: &'d Dataset, names: &[String]) -> Result<Vec<&'d Sample>> {
    let mut found = Vec::new();
    for name in names {
        let role = match name.as_str() {
            "signal" => Some(Role::Signal),
            "background" => Some(Role::Background),
            _ => None,
        };
        match (dataset.sample(name), role) {
            (Ok(sample), _) => found.push(sample),
            (Err(_), Some(role)) => {
                found.extend(dataset.samples.iter().filter(|s| s.spec.role == role))
            }
            (Err(e), None) => return Err(e),
        }
    }
    Ok(found)
}

fn histogram(
    sample: &Sample,
    variable: &str,
    binning: &Binning,
    weighted: bool,
) -> Result<Histogram> {
    let values = sample.table.numeric(variable)?;
    let weights = if weighted { sample.weights() } else { None };
    Ok(Histogram::fill(binning.clone(), values, weights))
}

/// The bars a [`Check::BinContent`] sums: `select` as given, or those whose centre lies in
/// (`above`, `below`). Exactly one of the two ways must be used, and a range must hold a bar.
fn bars(
    binning: &Binning,
    select: &[usize],
    above: Option<f64>,
    below: Option<f64>,
) -> Result<Vec<usize>> {
    let by_range = above.is_some() || below.is_some();
    match (select.is_empty(), by_range) {
        (false, false) => return Ok(select.to_vec()),
        (true, false) => {
            return Err(Error::Check(
                "a bin_content check needs `select` or `above`/`below`".into(),
            ));
        }
        (false, true) => {
            return Err(Error::Check(
                "a bin_content check takes `select` or `above`/`below`, not both".into(),
            ));
        }
        (true, true) => {}
    }
    let (lo, hi) = (
        above.unwrap_or(f64::NEG_INFINITY),
        below.unwrap_or(f64::INFINITY),
    );
    let chosen: Vec<usize> = binning
        .edges()
        .windows(2)
        .enumerate()
        .filter(|(_, e)| (lo..hi).contains(&(0.5 * (e[0] + e[1]))))
        .map(|(i, _)| i)
        .collect();
    if chosen.is_empty() {
        return Err(Error::Check(format!(
            "no bar has its centre between {lo} and {hi}"
        )));
    }
    Ok(chosen)
}

fn selected(h: &Histogram, select: &[usize]) -> Result<f64> {
    select
        .iter()
        .map(|&i| {
            h.sumw.get(i).copied().ok_or_else(|| {
                Error::Check(format!(
                    "bin {i} does not exist (the histogram has {} bins)",
                    h.sumw.len()
                ))
            })
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten bars of 53.2 GeV from 47 GeV (DM_300's official range, 47–579 GeV): centres 73.6,
    /// 126.8, 180.0, … 525.8.
    fn official_like() -> Binning {
        Binning::uniform(10, 47.0, 579.0).expect("binning")
    }

    #[test]
    fn bars_by_range_take_every_bar_whose_centre_is_inside() {
        let b = official_like();
        assert_eq!(bars(&b, &[], None, Some(100.0)).expect("below"), [0]);
        assert_eq!(
            bars(&b, &[], Some(100.0), Some(150.0)).expect("between"),
            [1]
        );
        assert_eq!(bars(&b, &[], Some(500.0), None).expect("above"), [9]);
        assert_eq!(bars(&b, &[], None, Some(150.0)).expect("below"), [0, 1]);
        assert_eq!(bars(&b, &[2, 4], None, None).expect("select"), [2, 4]);
    }

    #[test]
    fn bars_need_exactly_one_way_of_choosing_and_a_bar_in_range() {
        let b = official_like();
        assert!(bars(&b, &[], None, None).is_err());
        assert!(bars(&b, &[0], None, Some(100.0)).is_err());
        // No centre lies in [100, 120): the message says so rather than answering 0.
        let e = bars(&b, &[], Some(100.0), Some(120.0)).expect_err("empty");
        assert!(e.to_string().contains("no bar"), "{e}");
    }

    /// A scan widget on the toy data (signal x = 20…79, backgrounds x = 0…59 and 5…64; weights
    /// 1, 1.5, 2 in turn) as the student left it, with `thresholds` typed.
    fn scan_reading(thresholds: &[f64]) -> WidgetReading {
        let data = crate::state::fixture::toy();
        let spec: super::super::WidgetSpec =
            toml::from_str("kind = \"scan\"\nvariable = \"x\"\nthresholds = [1, 2]\n")
                .expect("widget");
        let mut view = spec.initial_view(&data);
        view.scan.thresholds = crate::view::ThresholdChoice::List(thresholds.to_vec());
        let state = super::super::WidgetState {
            view: view.to_query(),
            ..Default::default()
        };
        spec.reading(&state, &data).expect("reading")
    }

    #[test]
    fn signal_and_background_stand_for_every_sample_of_their_role() {
        let data = crate::state::fixture::toy();
        let ctx = CheckContext::with_models(&data, &[]);
        let count = |samples: &str| match toml::from_str::<Check>(&format!(
            "kind = \"count\"\nsamples = {samples}\nweighted = true"
        ))
        .expect("check")
        .compute(&ctx)
        {
            Ok(Expected::Number(x)) => x,
            other => panic!("{samples}: {other:?}"),
        };
        assert_eq!(count("[\"signal\"]"), count("[\"sig\"]"));
        assert_eq!(count("[\"background\"]"), count("[\"bkg1\", \"bkg2\"]"));
        // What a cut keeps: 89 weighted signal events above x = 20 (the scan test's exact sum).
        let kept = count("[\"sig\"]\ncuts = [\"x > 20\"]\nfraction = true");
        assert!((kept - 89.0 / count("[\"sig\"]")).abs() < 1e-12, "{kept}");
        assert!(named(&data, &["nothing".to_owned()]).is_err());
    }

    #[test]
    fn a_students_scan_is_scored_on_the_thresholds_they_typed() {
        let data = crate::state::fixture::toy();
        let ctx = CheckContext::with_models(&data, &[]);
        // Exact sums: above 20 GeV, S = 89 and B = 125; above 10, S = 90, B = 155 (7.229); above
        // 25, S = 81, B = 110 (7.723). The best is 89/√125 = 7.96040 at 20, not the last.
        let reading = scan_reading(&[10.0, 20.0, 25.0]);
        let best = widget_scan(&ctx.with_widget(Some(&reading)), "x").expect("scan");
        assert!((best.value - 89.0 / 125.0_f64.sqrt()).abs() < 1e-12);
        assert_eq!(
            (best.threshold, best.at_first, best.at_last),
            (20.0, false, false)
        );
        // Above 50: 44/√35 = 7.437; above 55: 36/√20 = 8.0498, the last threshold typed.
        let reading = scan_reading(&[50.0, 55.0]);
        let best = widget_scan(&ctx.with_widget(Some(&reading)), "x").expect("scan");
        assert!((best.value - 36.0 / 20.0_f64.sqrt()).abs() < 1e-12);
        assert!(best.at_last && !best.at_first);
        // Above 20: 7.960 beats above 30 (7.572), at the first threshold typed.
        let reading = scan_reading(&[20.0, 30.0]);
        let best = widget_scan(&ctx.with_widget(Some(&reading)), "x").expect("scan");
        assert!(best.at_first && !best.at_last);
        // The wrong variable, or no widget at all: said, not scored.
        let e = widget_scan(&ctx.with_widget(Some(&reading)), "y").expect_err("wrong variable");
        assert!(e.to_string().contains("shows x"), "{e}");
        assert!(widget_scan(&ctx, "x").is_err());
    }

    /// The metrics tests' events (`ml::metrics::tests`, where scikit-learn 1.5.2 gave the
    /// reports) as a model's test part, with a small training part of its own.
    mod model_checks {
        use super::*;
        use crate::ml::evaluation::Scored;
        use crate::ml::{roc_auc, roc_curve};

        const Y: [u8; 12] = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
        const S: [f64; 12] = [
            0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.4, 0.2, 0.65, 0.7, 0.65, 0.05,
        ];
        const W: [f64; 12] = [1.0, 2.0, 0.5, 1.5, 1.0, 1.0, 2.0, 0.5, 1.0, 3.0, 0.25, 1.0];
        const TRAIN_Y: [u8; 8] = [0, 0, 0, 1, 1, 1, 1, 0];
        const TRAIN_S: [f64; 8] = [0.05, 0.15, 0.3, 0.6, 0.7, 0.95, 0.85, 0.2];
        /// Data outputs: three above 0.5 (0.6, 0.51, 0.9); exactly 0.5 is not above.
        const DATA: [f64; 5] = [0.2, 0.6, 0.51, 0.5, 0.9];

        fn scored(labels: &[u8], scores: &[f64], weights: &[f64]) -> Scored {
            Scored {
                scores: scores.to_vec(),
                labels: labels.to_vec(),
                weights: weights.to_vec(),
                sample: labels.iter().map(|&l| u16::from(l)).collect(),
            }
        }

        fn evaluation() -> Evaluation {
            Evaluation {
                train: scored(&TRAIN_Y, &TRAIN_S, &[1.0; 8]),
                test: scored(&Y, &S, &W),
                roc: roc_curve(&Y, &S, Some(&W)).expect("roc"),
                test_auc: roc_auc(&Y, &S, Some(&W)).expect("auc"),
                train_auc: 0.9,
                held_out: crate::ml::evaluation::HeldOut::Test,
            }
        }

        fn view(
            e: &Evaluation,
            kind: ModelKind,
            weighting: Weighting,
            test_fraction: f64,
        ) -> ModelView<'_> {
            ModelView {
                kind,
                preset: (kind == ModelKind::Forest).then_some("hsf-forest"),
                weighting,
                held_out_fraction: test_fraction,
                evaluation: e,
                data_scores: Some(&DATA),
                importances: None,
            }
        }

        fn number(check: &str, ctx: &CheckContext<'_>) -> f64 {
            let check: Check = toml::from_str(check).expect("check");
            match check.compute(ctx) {
                Ok(Expected::Number(x)) => x,
                other => panic!("{other:?}"),
            }
        }

        fn close(a: f64, b: f64) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }

        #[test]
        fn report_metrics_count_as_the_model_trained_unless_told() {
            let data = crate::state::fixture::toy();
            let e = evaluation();
            let models = [view(&e, ModelKind::Forest, Weighting::Unweighted, 0.25)];
            let ctx = CheckContext::with_models(&data, &models);
            // classification_report(y, s > 0.5): accuracy 0.75, signal precision 0.8 and recall
            // 4/6, background precision 5/7.
            close(
                number("kind = \"model_metric\"\nmetric = \"accuracy\"", &ctx),
                0.75,
            );
            close(
                number("kind = \"model_metric\"\nmetric = \"precision\"", &ctx),
                0.8,
            );
            close(
                number("kind = \"model_metric\"\nmetric = \"recall\"", &ctx),
                4.0 / 6.0,
            );
            close(
                number(
                    "kind = \"model_metric\"\nmetric = \"precision\"\nclass = \"background\"",
                    &ctx,
                ),
                5.0 / 7.0,
            );
            // With sample_weight=w: accuracy 0.6271186440677966, signal precision 5/9.
            let weighted = "kind = \"model_metric\"\nmetric = \"accuracy\"\nweighted = true";
            close(number(weighted, &ctx), 0.6271186440677966);
            let e2 = evaluation();
            let trained_weighted = [view(&e2, ModelKind::Forest, Weighting::Balanced, 0.25)];
            let ctx = CheckContext::with_models(&data, &trained_weighted);
            close(
                number("kind = \"model_metric\"\nmetric = \"precision\"", &ctx),
                0.5555555555555556,
            );
            // Nothing above 1: every event called background, accuracy = the background share.
            close(
                number(
                    "kind = \"model_metric\"\nmetric = \"accuracy\"\nthreshold = 1.0\nweighted = false",
                    &ctx,
                ),
                0.5,
            );
            close(
                number("kind = \"model_metric\"\nmetric = \"auc\"", &ctx),
                e2.test_auc,
            );
            close(
                number("kind = \"model_metric\"\nmetric = \"train_auc\"", &ctx),
                0.9,
            );
        }

        #[test]
        fn metrics_read_training_or_every_event_when_told() {
            let data = crate::state::fixture::toy();
            let e = evaluation();
            let models = [view(&e, ModelKind::Forest, Weighting::Unweighted, 0.25)];
            let ctx = CheckContext::with_models(&data, &models);
            let on = |events: &str, metric: &str| {
                number(
                    &format!(
                        "kind = \"model_metric\"\nmetric = \"{metric}\"\nevents = \"{events}\""
                    ),
                    &ctx,
                )
            };
            // Training part: every signal above 0.5, every background below.
            close(on("training", "accuracy"), 1.0);
            close(on("training", "recall"), 1.0);
            // Every event: 9 of the 12 test events right and 8 of 8 training ones; signal called
            // signal 4 of 6 + 4 of 4; of the 5 + 4 events called signal, 4 + 4 are.
            close(on("every", "accuracy"), 17.0 / 20.0);
            close(on("every", "recall"), 8.0 / 10.0);
            close(on("every", "precision"), 8.0 / 9.0);
            // Background above 0.5: 1 of the 6 test ones (0.7), none of the 4 training ones.
            close(on("every", "false_positive_rate"), 1.0 / 10.0);
            close(on("held_out", "accuracy"), 0.75);
            // Purity × efficiency of the test events: 0.8 × 4/6.
            close(on("held_out", "purity_efficiency"), 0.8 * 4.0 / 6.0);
            close(on("training", "auc"), 0.9);
            // roc_auc_score(Y + TRAIN_Y, S + TRAIN_S, sample_weight=W + [1] * 8), scikit-learn 1.5.2.
            close(on("every", "auc"), 0.8419512195121951);
            // Each class normalised (the CMS exercise's sample_weight): signal weighs 6.25 in all,
            // 3.75 of it above 0.5 (TPR 0.6); background 8.5, 3 of it above (the 0.7 event).
            let balanced = |metric: &str| {
                number(
                    &format!("kind = \"model_metric\"\nmetric = \"{metric}\"\nbalanced = true"),
                    &ctx,
                )
            };
            close(balanced("accuracy"), (0.6 + 5.5 / 8.5) / 2.0);
            close(balanced("precision"), 0.6 / (0.6 + 3.0 / 8.5));
            close(balanced("recall"), 0.6);
        }

        #[test]
        fn ams_ks_and_data_counts_match_independent_sums() {
            let data = crate::state::fixture::toy();
            let e = evaluation();
            let models = [view(&e, ModelKind::Mlp, Weighting::Unweighted, 0.25)];
            let ctx = CheckContext::with_models(&data, &models);
            // numpy: AMS(TPR, FPR, 0.001) over thresholds 0, 0.01, …, 0.99 with output > t
            // peaks at 0.7: 1.794356879180153 counting events, 2.0017884665218424 weighted.
            let ams = "kind = \"model_ams\"\nb_reg = 0.001";
            close(number(ams, &ctx), 1.794356879180153);
            close(number(&format!("{ams}\nresult = \"threshold\""), &ctx), 0.7);
            close(
                number(&format!("{ams}\nweighted = true"), &ctx),
                2.0017884665218424,
            );
            // scipy.stats.ks_2samp D (5/12 for signal, 1/2 for background), p from the
            // Numerical Recipes series summed in Python: 0.6691761108298844, 0.43531018975534286.
            close(number("kind = \"overtraining\"", &ctx), 0.6691761108298844);
            close(
                number("kind = \"overtraining\"\nclass = \"background\"", &ctx),
                0.43531018975534286,
            );
            // Above 0.5: signal weights 1.5 + 1 + 1 + 0.25 = 3.75, background 3, × 1/0.25.
            let selected = "kind = \"data_selected\"";
            close(number(selected, &ctx), 3.0);
            close(
                number(&format!("{selected}\nresult = \"signal\""), &ctx),
                15.0,
            );
            close(
                number(&format!("{selected}\nresult = \"background\""), &ctx),
                12.0,
            );
            close(
                number(&format!("{selected}\nresult = \"expected\""), &ctx),
                27.0,
            );
        }

        #[test]
        fn the_challenges_ams_counts_expected_events_and_a_test_part_once_looked_at() {
            let mut data = crate::state::fixture::toy();
            data.catalog.ams_b_reg = Some(10.0);
            let e = evaluation();
            let mut sealed = evaluation();
            sealed.held_out = HeldOut::Validation;
            // numpy: s and b = weights above t × 4 (a held-out quarter), b_r = 10, over
            // t = 0, 0.01, …, 0.99: the largest AMS is 3.877999029933847, at t = 0.2.
            let models = [view(&e, ModelKind::Mlp, Weighting::Unweighted, 0.25)];
            let ctx = CheckContext::with_models(&data, &models);
            close(number("kind = \"model_ams\"", &ctx), 3.877999029933847);
            close(
                number("kind = \"model_ams\"\nresult = \"threshold\"", &ctx),
                0.2,
            );
            // On the test part: the latest model whose test part was looked at, not a newer
            // sealed one; none looked at: said, and waited for.
            let test = "kind = \"model_ams\"\npart = \"test\"";
            let both = [
                models[0],
                view(&sealed, ModelKind::Mlp, Weighting::Unweighted, 0.25),
            ];
            let ctx = CheckContext::with_models(&data, &both);
            close(number(test, &ctx), 3.877999029933847);
            let only_sealed = [both[1]];
            let ctx = CheckContext::with_models(&data, &only_sealed);
            let check: Check = toml::from_str(test).expect("check");
            let why = check.compute(&ctx).expect_err("sealed").to_string();
            assert!(why.contains(REVEAL_TEST_LABEL), "{why}");
            assert!(check.waits_for_student(&ctx));
        }

        #[test]
        fn the_top_input_is_the_longest_importance_bar_the_first_of_equals() {
            let data = crate::state::fixture::toy();
            let e = evaluation();
            let inputs = ["x".to_owned(), "y".to_owned(), "z".to_owned()];
            let importances = Importances {
                method: crate::ml::ImportanceMethod::Permutation,
                values: vec![0.1, 0.5, 0.5],
            };
            let plain = view(&e, ModelKind::Mlp, Weighting::Unweighted, 0.25);
            let check: Check = toml::from_str("kind = \"top_input\"").expect("check");
            let without = [plain];
            let ctx = CheckContext::with_models(&data, &without);
            assert!(check.compute(&ctx).is_err(), "not measured: no answer");
            let with = [plain.with_importances(&inputs, &importances)];
            let ctx = CheckContext::with_models(&data, &with);
            assert_eq!(
                check.compute(&ctx).expect("computes"),
                Expected::Text("y".into())
            );
        }

        #[test]
        fn a_model_check_reads_the_latest_model_it_names_or_says_what_to_train() {
            let data = crate::state::fixture::toy();
            let e = evaluation();
            // Told apart by their test fractions: expected signal above 0.5 is 3.75 / fraction.
            let models = [
                view(&e, ModelKind::Forest, Weighting::Unweighted, 0.25),
                view(&e, ModelKind::Mlp, Weighting::Unweighted, 0.5),
                view(&e, ModelKind::Forest, Weighting::Unweighted, 0.75),
            ];
            let ctx = CheckContext::with_models(&data, &models);
            let signal = |model: &str| {
                number(
                    &format!("kind = \"data_selected\"\nresult = \"signal\"{model}"),
                    &ctx,
                )
            };
            close(signal(""), 5.0);
            close(signal("\nmodel = \"forest\""), 5.0);
            close(signal("\nmodel = \"hsf-forest\""), 5.0);
            close(signal("\nmodel = \"mlp\""), 7.5);
            let check: Check =
                toml::from_str("kind = \"model_metric\"\nmetric = \"auc\"\nmodel = \"boosting\"")
                    .expect("check");
            let e = check.compute(&ctx).expect_err("no boosted trees");
            assert!(e.to_string().contains("Train a boosted trees first"), "{e}");
            let none = CheckContext::with_models(&data, &[]);
            assert!(check.compute(&none).is_err());
            assert_eq!(check.model_selector(), Some(Some("boosting")));
        }

        #[test]
        fn a_max_significance_check_takes_a_measure_and_cuts() {
            let data = crate::state::fixture::toy();
            let ctx = CheckContext::with_models(&data, &[]);
            // The toy data (see `a_students_scan…`): above 20, S = 89 and B = 125.
            let sb = "kind = \"max_significance\"\nvariable = \"x\"\nthresholds = [20]\nmeasure = \"s_b\"";
            close(number(sb, &ctx), 89.0 / 125.0);
            let sqrt = "kind = \"max_significance\"\nvariable = \"x\"\nthresholds = [20]";
            close(number(sqrt, &ctx), 89.0 / 125.0_f64.sqrt());
            // A cut x < 30 first leaves 20 < x < 30: S = 13.5 and B = 27 (x = i + shift with
            // weights 1, 1.5, 2 in turn, summed by hand), S/B = 0.5.
            close(number(&format!("{sb}\ncuts = [\"x < 30\"]"), &ctx), 0.5);
            let bad: Check = toml::from_str(
                &format!("{sb}\nmeasure = \"nope\"").replace("measure = \"s_b\"\n", ""),
            )
            .expect("check");
            assert!(bad.compute(&ctx).is_err());
        }
    }
}
