//! Live widgets a lesson declares in its prose: which Lab panel, on which samples and variable,
//! with which settings, and which of its controls the student sees.
//!
//! ````markdown
//! ```widget
//! kind = "histogram"
//! samples = ["DM_300"]
//! variable = "lead_lep_pt"
//! bins = 10          # numpy's default: 10 bins from the smallest to the largest value
//! weighted = false
//! controls = ["weighted"]
//! ```
//! ````

use serde::{Deserialize, Serialize};

use crate::ml::{ModelKind, TrainingSetup, Weighting, preset_spec};
use crate::state::Choice;
use crate::state::training::{self, DEFAULT_SEED, DEFAULT_TEST_FRACTION, DEFAULT_WEIGHTING};
use crate::{Error, Result};

/// Which panel a widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetKind {
    /// A sample's events as a table.
    Table,
    /// The stacked (or single-sample) histogram.
    Histogram,
    /// The significance-versus-threshold scan.
    Scan,
    /// The cut builder and its cut-flow.
    Cuts,
    /// The pair plot.
    Pairs,
    /// The training panel.
    Train,
    /// The evaluation of the models trained in this lesson.
    Evaluate,
}

impl WidgetKind {
    /// Every kind, in the order the embed dialog lists them.
    pub const ALL: [Self; 7] = [
        Self::Table,
        Self::Histogram,
        Self::Scan,
        Self::Cuts,
        Self::Pairs,
        Self::Train,
        Self::Evaluate,
    ];

    /// The kind's name in lessons and links (`histogram`, `scan`, …).
    pub fn key(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Histogram => "histogram",
            Self::Scan => "scan",
            Self::Cuts => "cuts",
            Self::Pairs => "pairs",
            Self::Train => "train",
            Self::Evaluate => "evaluate",
        }
    }

    /// The kind named `key`, if any.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The controls a lesson may list in `controls` for this kind (any other name is a mistake).
    pub fn controls(self) -> &'static [&'static str] {
        match self {
            WidgetKind::Table => &["sample"],
            WidgetKind::Histogram => &[
                "variable",
                "bins",
                "range",
                "weighted",
                "log",
                "normalised",
                "colours",
                "sb",
                "drag",
            ],
            WidgetKind::Scan => &["variable", "measure", "direction", "thresholds", "apply"],
            WidgetKind::Cuts => &["edit"],
            WidgetKind::Pairs => &["variables", "colouring"],
            WidgetKind::Train => &["settings", "compute", "grid"],
            WidgetKind::Evaluate => &["threshold"],
        }
    }

    /// The views an `evaluate` widget may list in `views`.
    pub const EVALUATE_VIEWS: &'static [&'static str] = &[
        "models",
        "roc",
        "output",
        "overtraining",
        "threshold",
        "metrics",
        "scan",
        "selected",
        "importance",
        "tree",
    ];
}

/// One widget as the lesson declares it. Unset fields take the Lab's defaults.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetSpec {
    /// The panel.
    pub kind: WidgetKind,
    /// Only these samples (empty: the dataset's active samples).
    #[serde(default)]
    pub samples: Vec<String>,
    /// Variable shown (histogram, scan) or sample shown first (table: see `sample`).
    #[serde(default)]
    pub variable: Option<String>,
    /// Table: the sample shown.
    #[serde(default)]
    pub sample: Option<String>,
    /// Histogram: number of bins (with no `range`: over the data's min..max, numpy's rule).
    #[serde(default)]
    pub bins: Option<usize>,
    /// Histogram: [lo, hi).
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// Histogram: weighted (expected events) or raw simulated counts.
    #[serde(default = "yes")]
    pub weighted: bool,
    /// Histogram: logarithmic y axis.
    #[serde(default)]
    pub log_y: bool,
    /// Histogram: the bar under the pointer is read out and the bin contents are offered as a
    /// table (false: the student reads the bars against the axes, as on a printed figure).
    #[serde(default = "yes")]
    pub readout: bool,
    /// Scan: thresholds (empty: the catalog's list for the variable).
    #[serde(default)]
    pub thresholds: Vec<f64>,
    /// Signal samples the student may swap in (the first is shown first), e.g. other
    /// dark-matter masses; each replaces the widget's signal sample.
    #[serde(default)]
    pub signal_choices: Vec<String>,
    /// Cuts applied before the panel (cut-builder syntax).
    #[serde(default)]
    pub cuts: Vec<String>,
    /// Controls shown (absent: all of them; `[]`: none).
    #[serde(default)]
    pub controls: Option<Vec<String>>,
    /// Train: the preset the panel starts with.
    #[serde(default)]
    pub preset: Option<String>,
    /// Train: input variables (empty: the catalog's `inputs`).
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Train: "unweighted", "event" or "balanced".
    #[serde(default)]
    pub weighting: Option<String>,
    /// Train: the seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Train: fraction of events kept for testing.
    #[serde(default)]
    pub test_fraction: Option<f64>,
    /// Evaluate: which views (empty: all).
    #[serde(default)]
    pub views: Vec<String>,
    /// A line under the widget.
    #[serde(default)]
    pub caption: Option<String>,
}

fn yes() -> bool {
    true
}

impl WidgetSpec {
    /// Whether the student sees the control `name`.
    pub fn shows(&self, name: &str) -> bool {
        self.controls
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == name))
    }

    /// Whether an evaluate widget shows the view `name`.
    pub fn shows_view(&self, name: &str) -> bool {
        self.views.is_empty() || self.views.iter().any(|v| v == name)
    }
}

impl WidgetSpec {
    /// A train widget's starting settings: its preset (else a random forest) on its inputs (else
    /// `default_inputs`), test fraction (default ¼), weighting (default balanced), seed (default
    /// 42), standardised.
    pub fn training_setup(&self, default_inputs: &[String]) -> Result<TrainingSetup> {
        let inputs = if self.inputs.is_empty() {
            default_inputs.to_vec()
        } else {
            self.inputs.clone()
        };
        let spec = match &self.preset {
            Some(id) => preset_spec(id, inputs.len())
                .ok_or_else(|| Error::Lesson(format!("unknown preset {id}")))?,
            None => ModelKind::Forest.default_spec(),
        };
        let weighting = match self.weighting.as_deref() {
            None => DEFAULT_WEIGHTING,
            Some(key) => Weighting::from_key(key)
                .ok_or_else(|| Error::Lesson(format!("unknown weighting {key}")))?,
        };
        Ok(TrainingSetup {
            test_fraction: self.test_fraction.unwrap_or(DEFAULT_TEST_FRACTION),
            weighting,
            seed: self.seed.unwrap_or(DEFAULT_SEED),
            ..training::setup_with(inputs, spec)
        })
    }
}
