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

use super::progress::WidgetState;
use crate::data::{Dataset, Role};
use crate::ml::{MissingValues, ModelKind, Scoring, TrainingSetup, Weighting, preset_spec};
use crate::state::evaluation::OutputSettings;
use crate::state::grid::GridForm;
use crate::state::training::{self, DEFAULT_SEED, DEFAULT_TEST_FRACTION, DEFAULT_WEIGHTING};
use crate::state::{Choice, parse_significance};
use crate::view::dice::DiceSetup;
use crate::view::playground::PlaygroundSetup;
use crate::view::{CutEntry, LabView, ThresholdChoice};
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
    /// Two-dimensional points and a model learning them step by step (no dataset: the points
    /// come from `setup`).
    Playground,
    /// A line or a polynomial fitted to points, exactly or by gradient descent.
    Fit,
    /// A die simulated many times, its rolls weighted back to a fair one.
    Dice,
}

impl WidgetKind {
    /// Every kind.
    pub const ALL: [Self; 10] = [
        Self::Table,
        Self::Histogram,
        Self::Scan,
        Self::Cuts,
        Self::Pairs,
        Self::Train,
        Self::Evaluate,
        Self::Playground,
        Self::Fit,
        Self::Dice,
    ];

    /// Whether the widget makes its own points from `setup` (no dataset): the playground, the
    /// fit and the dice. The others are the Lab's panels on the lesson's data.
    pub fn makes_own_points(self) -> bool {
        matches!(self, Self::Playground | Self::Fit | Self::Dice)
    }

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
            Self::Playground => "playground",
            Self::Fit => "fit",
            Self::Dice => "dice",
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
                "stack",
            ],
            WidgetKind::Scan => &["variable", "measure", "direction", "thresholds", "apply"],
            WidgetKind::Cuts => &["edit"],
            WidgetKind::Pairs => &["variables", "colouring"],
            WidgetKind::Train => &["settings", "weighting", "compute", "grid"],
            WidgetKind::Evaluate => &["threshold"],
            WidgetKind::Playground => &["data", "model", "test"],
            WidgetKind::Fit => &["data", "fit"],
            WidgetKind::Dice => &["die", "rolls", "seed"],
        }
    }

    /// The views an `evaluate` widget may list in `views`.
    pub const EVALUATE_VIEWS: &'static [&'static str] = &[
        "models",
        "roc",
        "output",
        "overtraining",
        "threshold",
        "report",
        "metrics",
        "scan",
        "selected",
        "importance",
        "tree",
        "challenge",
    ];

    /// An evaluate panel's heading for the views it shows: "Evaluate" with all of them, else what
    /// it shows ("Evaluate: the output by process"), so two panels in one section read apart.
    pub fn evaluate_title(shown: &[&str]) -> String {
        if shown.len() >= Self::EVALUATE_VIEWS.len() || shown.is_empty() {
            return "Evaluate".to_owned();
        }
        let name = |view: &str| match view {
            "models" => "the models",
            "roc" => "ROC curves",
            "output" => "the output by process",
            "overtraining" => "the overtraining check",
            "threshold" => "a threshold",
            "report" => "the classification report",
            "metrics" => "figures of merit",
            "scan" => "a cut on the output",
            "selected" => "the events selected",
            "importance" => "input importances",
            "tree" => "the tree",
            "challenge" => "the challenge",
            _ => "",
        };
        let names: Vec<&str> = shown
            .iter()
            .map(|v| name(v))
            .filter(|n| !n.is_empty())
            .collect();
        format!("Evaluate: {}", names.join(", "))
    }
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
    /// Histogram: start with the S/B panel under the plot (S/B of everything right of each
    /// bin's lower edge, the HSF lesson's figure).
    #[serde(default)]
    pub s_over_b: bool,
    /// Scan: the figure of merit as the measure menu keys it (`s_sqrt_b`, `s_b`, `ams:0.001`…;
    /// absent: S/√B).
    #[serde(default)]
    pub measure: Option<String>,
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
    /// Train: fraction of events kept for validation (none unless set; a third with a third for
    /// testing is the LIP tutorial's 1:1:1).
    #[serde(default)]
    pub validation_fraction: Option<f64>,
    /// Train: events lacking an input value (−999): `drop` (default) or `keep` (tree models).
    #[serde(default)]
    pub missing: Option<String>,
    /// Evaluate: which views (empty: all).
    #[serde(default)]
    pub views: Vec<String>,
    /// A line under the widget.
    #[serde(default)]
    pub caption: Option<String>,
    /// Playground, fit, dice: the settings it starts from, as their links write them
    /// (`data=spirals&model=mlp&layers=8,8`, `data=line&fit=descent&rate=0.5`,
    /// `die=negative&rolls=1000`).
    #[serde(default)]
    pub setup: Option<String>,
    /// Train: the grid search it offers first, a line per setting as in a `param_grid`
    /// (`"criterion = gini, entropy"`, `"bootstrap = True, False"`).
    #[serde(default)]
    pub grid: Vec<String>,
    /// Train: the grid search's scoring (`roc_auc`, the default, or `accuracy`).
    #[serde(default)]
    pub grid_scoring: Option<String>,
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

    /// An evaluate widget's output plot: its `bins` and `log_y` when it sets bins or a log axis,
    /// else the panel's defaults.
    pub fn output_settings(&self) -> OutputSettings {
        let defaults = OutputSettings::default();
        if self.bins.is_none() && !self.log_y {
            return defaults;
        }
        OutputSettings {
            bins: self.bins.unwrap_or(defaults.bins).max(1),
            log_y: self.log_y,
        }
    }

    /// Whether an evaluate widget shows the view `name`.
    pub fn shows_view(&self, name: &str) -> bool {
        self.views.is_empty() || self.views.iter().any(|v| v == name)
    }
}

impl WidgetSpec {
    /// A train widget's grid search as the lesson sets it (`None`: the form's own start), checked
    /// against the settings of the model `setup` trains.
    pub fn grid_form(&self, setup: &TrainingSetup) -> Result<Option<GridForm>> {
        if self.grid.is_empty() && self.grid_scoring.is_none() {
            return Ok(None);
        }
        let scoring = match self.grid_scoring.as_deref() {
            None => Scoring::RocAuc,
            Some(key) => Scoring::from_key(key).ok_or_else(|| {
                Error::Lesson(format!("unknown grid_scoring {key} (roc_auc or accuracy)"))
            })?,
        };
        GridForm::from_lines(&self.grid, scoring, setup).map(Some)
    }

    /// A train widget's starting settings: its preset (else a random forest) on its inputs (else
    /// `default_inputs`), test fraction (default ¼), weighting (default balanced), seed (default
    /// 42), standardised.
    pub fn training_setup(&self, default_inputs: &[String]) -> Result<TrainingSetup> {
        let inputs = if self.inputs.is_empty() {
            default_inputs.to_vec()
        } else {
            self.inputs.clone()
        };
        // A tutorial's preset, or a family at its scikit-learn defaults ("adaboost").
        let spec = match &self.preset {
            Some(id) => preset_spec(id, inputs.len())
                .or_else(|| ModelKind::from_key(id).map(ModelKind::default_spec))
                .ok_or_else(|| Error::Lesson(format!("unknown preset or model family {id}")))?,
            None => ModelKind::Forest.default_spec(),
        };
        let weighting = match self.weighting.as_deref() {
            None => DEFAULT_WEIGHTING,
            Some(key) => Weighting::from_key(key)
                .ok_or_else(|| Error::Lesson(format!("unknown weighting {key}")))?,
        };
        let missing = match self.missing.as_deref() {
            None => MissingValues::default(),
            Some(key) => MissingValues::from_key(key).ok_or_else(|| {
                Error::Lesson(format!("unknown missing = \"{key}\" (keep or drop)"))
            })?,
        };
        Ok(TrainingSetup {
            test_fraction: self.test_fraction.unwrap_or(DEFAULT_TEST_FRACTION),
            validation_fraction: self.validation_fraction.unwrap_or(0.0),
            weighting,
            seed: self.seed.unwrap_or(DEFAULT_SEED),
            missing,
            ..training::setup_with(inputs, spec)
        })
    }
}

/// A widget as the student left it, as a task reads it ("the plot above", "your scan", "your
/// network"): the view it shows, the samples it draws, whether every process is stacked, and its
/// stored state (a playground's last trained model).
#[derive(Debug, Clone)]
pub struct WidgetReading {
    /// The view, with the student's changes.
    pub view: LabView,
    /// The samples drawn (the lesson's data cut down to them; none for a widget that makes its
    /// own points).
    pub data: Dataset,
    /// Every active process is drawn, stacked.
    pub stacked: bool,
    /// As stored in the progress.
    pub state: WidgetState,
}

/// The key a widget's state is kept under in the progress: the `n`-th widget (from 1) of the
/// section `section`.
pub fn widget_key(section: &str, n: usize) -> String {
    format!("{section}/{n}")
}

impl WidgetSpec {
    /// Whether the student may switch between the widget's own samples and every process
    /// stacked: a histogram that names `samples` and shows the `stack` control.
    pub fn offers_stack(&self) -> bool {
        self.kind == WidgetKind::Histogram && !self.samples.is_empty() && self.shows("stack")
    }

    /// Whether every active process is drawn: always for a widget that names no samples; for one
    /// that offers the switch, as the student left it (off at first).
    pub fn stacked(&self, state: &WidgetState) -> bool {
        if self.offers_stack() {
            state.stacked.unwrap_or(false)
        } else {
            self.samples.is_empty()
        }
    }

    /// The signal samples the student may pick from on `dataset` (those it has).
    pub fn signal_options(&self, dataset: &Dataset) -> Vec<String> {
        self.signal_choices
            .iter()
            .filter(|n| dataset.sample(n).is_ok())
            .cloned()
            .collect()
    }

    /// The signal picked: the student's, if still offered, else the first option (`None`: the
    /// widget offers no choice).
    pub fn signal(&self, state: &WidgetState, dataset: &Dataset) -> Option<String> {
        let options = self.signal_options(dataset);
        state
            .signal
            .clone()
            .filter(|s| options.contains(s))
            .or_else(|| options.first().cloned())
    }

    /// The samples drawn: the widget's own (empty: the dataset's active ones), or every active
    /// one when `stacked`; with the signal replaced by `signal` when the student picked one.
    pub fn shown_samples(
        &self,
        dataset: &Dataset,
        signal: Option<&str>,
        stacked: bool,
    ) -> Vec<String> {
        let own = if stacked && self.offers_stack() {
            &[][..]
        } else {
            &self.samples[..]
        };
        let Some(signal) = signal else {
            return own.to_vec();
        };
        let base: Vec<String> = if own.is_empty() {
            dataset
                .samples
                .iter()
                .filter(|s| s.spec.active)
                .map(|s| s.spec.name.clone())
                .collect()
        } else {
            own.to_vec()
        };
        let mut samples: Vec<String> = base
            .into_iter()
            .filter(|n| !dataset.has_role(n, Role::Signal))
            .collect();
        samples.push(signal.to_owned());
        samples
    }

    /// The view the widget starts from on `data` (the samples it draws).
    pub fn initial_view(&self, data: &Dataset) -> LabView {
        let mut view = LabView {
            dataset: Some(data.catalog.id.clone()),
            sample: self.sample.clone(),
            ..LabView::default()
        };
        view.histogram.variable = self.variable.clone();
        view.histogram.bins = self.bins;
        view.histogram.range = self.range.map(|[lo, hi]| (lo, hi));
        // A bin count without a range: numpy's rule, from the smallest to the largest value,
        // whichever variable the student picks.
        view.histogram.data_range = self.bins.is_some() && self.range.is_none();
        view.histogram.weighted = self.weighted;
        view.histogram.log_y = self.log_y;
        view.histogram.s_over_b_panel = self.s_over_b;
        view.scan.variable = self.variable.clone();
        if let Some(measure) = self.measure.as_deref().and_then(parse_significance) {
            view.scan.measure = measure;
        }
        if !self.thresholds.is_empty() {
            view.scan.thresholds = ThresholdChoice::List(self.thresholds.clone());
        }
        view.cuts = self.cuts.iter().map(|t| CutEntry::on(t)).collect();
        if self.kind == WidgetKind::Pairs {
            // A pair plot's axes: the widget's `inputs` (the CMS lesson's low-level ones).
            view.pairs.variables = self.inputs.clone();
        }
        view
    }

    /// The view on `data` as the student left it (`remembered`, a link's query), unless it no
    /// longer fits the data (another dataset, or a variable it lacks), then the initial view.
    pub fn view_on(&self, remembered: &str, data: &Dataset) -> LabView {
        let fits = |view: &LabView| {
            let variables = data.variables();
            view.dataset.as_deref() == Some(data.catalog.id.as_str())
                && [&view.histogram.variable, &view.scan.variable]
                    .into_iter()
                    .flatten()
                    .all(|v| variables.contains(v))
        };
        Some(remembered)
            .filter(|q| !q.is_empty())
            .map(LabView::from_query)
            .filter(fits)
            .unwrap_or_else(|| self.initial_view(data))
    }

    /// The widget as the student left it (`state`) on the lesson's `dataset`.
    pub fn reading(&self, state: &WidgetState, dataset: &Dataset) -> Result<WidgetReading> {
        if self.kind.makes_own_points() {
            return Ok(WidgetReading {
                view: LabView::default(),
                data: Dataset::none(),
                stacked: false,
                state: state.clone(),
            });
        }
        let stacked = self.stacked(state);
        let signal = self.signal(state, dataset);
        let data = dataset.subset(&self.shown_samples(dataset, signal.as_deref(), stacked))?;
        Ok(WidgetReading {
            view: self.view_on(&state.view, &data),
            data,
            stacked,
            state: state.clone(),
        })
    }
}

impl WidgetSpec {
    /// A playground or fit widget's settings: the student's (`remembered`, a link's query) if any
    /// were stored, else the lesson's `setup`; with a note for each part that was not used.
    pub fn playground_setup(&self, remembered: &str) -> (PlaygroundSetup, Vec<String>) {
        if remembered.is_empty() {
            PlaygroundSetup::from_query(self.setup.as_deref().unwrap_or(""))
        } else {
            PlaygroundSetup::from_query(remembered)
        }
    }

    /// A dice widget's settings, as [`Self::playground_setup`].
    pub fn dice_setup(&self, remembered: &str) -> (DiceSetup, Vec<String>) {
        if remembered.is_empty() {
            DiceSetup::from_query(self.setup.as_deref().unwrap_or(""))
        } else {
            DiceSetup::from_query(remembered)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluate_panels_are_titled_by_what_they_show() {
        assert_eq!(
            WidgetKind::evaluate_title(WidgetKind::EVALUATE_VIEWS),
            "Evaluate"
        );
        assert_eq!(
            WidgetKind::evaluate_title(&["output"]),
            "Evaluate: the output by process"
        );
        assert_eq!(
            WidgetKind::evaluate_title(&["models", "scan"]),
            "Evaluate: the models, a cut on the output"
        );
    }
    use crate::state::fixture::toy;

    fn spec(text: &str) -> WidgetSpec {
        toml::from_str(text).expect("widget")
    }

    #[test]
    fn the_stack_switch_goes_from_the_widgets_samples_to_every_process() {
        let data = toy();
        let w = spec(
            "kind = \"histogram\"\nsamples = [\"sig\"]\nvariable = \"x\"\nbins = 10\ncontrols = [\"stack\"]\n",
        );
        assert!(w.offers_stack());
        let mut state = WidgetState::default();
        assert!(!w.stacked(&state), "off at first");
        assert_eq!(w.shown_samples(&data, None, false), ["sig"]);
        state.stacked = Some(true);
        let reading = w.reading(&state, &data).expect("reading");
        assert!(reading.stacked);
        assert_eq!(reading.data.samples.len(), 3);
        // numpy's rule follows what is drawn: x from 20 (signal alone) or from 0 (every process)
        // up to 79.
        let lone = w.reading(&WidgetState::default(), &data).expect("reading");
        let edges = |r: &WidgetReading| {
            let b = r
                .view
                .histogram
                .binning(None, r.data.range_of("x"), || r.data.typical_range_of("x"))
                .expect("binning");
            (b.lo(), b.hi(), b.n_bins())
        };
        assert_eq!(edges(&lone), (20.0, 79.0, 10));
        assert_eq!(edges(&reading), (0.0, 79.0, 10));
        // A widget that names no samples draws every process, with nothing to switch.
        let all = spec("kind = \"histogram\"\nvariable = \"x\"\n");
        assert!(!all.offers_stack() && all.stacked(&WidgetState::default()));
    }

    #[test]
    fn a_remembered_view_is_kept_only_while_it_fits_the_data() {
        let data = toy();
        let w = spec("kind = \"histogram\"\nvariable = \"x\"\nweighted = false\n");
        let mut view = w.initial_view(&data);
        assert!(!view.histogram.weighted);
        view.histogram.variable = Some("y".into());
        assert_eq!(w.view_on(&view.to_query(), &data), view);
        view.histogram.variable = Some("no_such_column".into());
        assert_eq!(w.view_on(&view.to_query(), &data), w.initial_view(&data));
        assert_eq!(w.view_on("", &data), w.initial_view(&data));
    }

    #[test]
    fn a_picked_signal_replaces_the_widgets_signal() {
        let data = toy();
        let w = spec("kind = \"scan\"\nsignal_choices = [\"sig\", \"nope\"]\n");
        assert_eq!(w.signal_options(&data), ["sig"]);
        let state = WidgetState {
            signal: Some("nope".into()),
            ..WidgetState::default()
        };
        assert_eq!(w.signal(&state, &data).as_deref(), Some("sig"));
        assert_eq!(
            w.shown_samples(&data, Some("sig"), true),
            ["bkg1", "bkg2", "sig"]
        );
    }
}
