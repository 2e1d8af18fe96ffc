//! The Lab's view — which dataset, sample, histogram, cuts and scan are on screen — and its
//! serialisation into the URL fragment, so a copied link reopens the same view.
//!
//! `#/lab?ds=atlas-dm&var=lead_lep_pt&bins=20&lo=0&hi=500&cut=ETmiss%20%3E%20100&sv=ETmiss`
//!
//! Only values that differ from the defaults are written. Reading is forgiving: an unknown key
//! or a value that does not parse is skipped (the default is used), never an error, because a
//! link may come from an older or newer version of the app.

use crate::Result;
use crate::analysis::PointColouring;
use crate::analysis::{Binning, CutDirection, ScanSettings, Significance, Thresholds, round_step};
use crate::data::{Dataset, VariableSpec};

use super::query;
use super::train::TrainView;
use crate::state::{Choice, ThresholdMode, parse_significance, significance_key};

/// Everything the Lab shows, as plain data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabView {
    /// Shipped dataset id (`None`: nothing loaded, or the user's own files).
    pub dataset: Option<String>,
    /// Sample shown in the table.
    pub sample: Option<String>,
    /// The samples in use (`None`: the catalog's active ones), e.g. another dark-matter mass.
    pub samples: Option<Vec<String>>,
    /// The histogram panel.
    pub histogram: HistogramView,
    /// Cuts in the order they were added (the cut-flow order).
    pub cuts: Vec<CutEntry>,
    /// The significance panel.
    pub scan: ScanView,
    /// The pair plot.
    pub pairs: PairView,
    /// The train panel's settings, where they differ from its defaults.
    pub train: TrainView,
}

/// The pair plot's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PairView {
    /// Variables on the axes, 2 to [`MAX_PAIR_VARIABLES`] (empty: [`PairView::chosen`]'s default).
    pub variables: Vec<String>,
    /// Colour by class or by sample.
    pub colouring: PointColouring,
}

/// The most variables a pair plot shows (a 5 × 5 grid).
pub const MAX_PAIR_VARIABLES: usize = 5;

impl Default for PairView {
    fn default() -> Self {
        Self {
            variables: Vec::new(),
            colouring: PointColouring::Class,
        }
    }
}

impl PairView {
    /// The variables to draw: the view's that exist in `available` (at most
    /// [`MAX_PAIR_VARIABLES`]); if fewer than two remain, the first three of `preferred` (the
    /// variables the lesson scans) topped up from `available`.
    pub fn chosen(&self, available: &[String], preferred: &[String]) -> Vec<String> {
        let mut chosen: Vec<String> = Vec::new();
        for v in &self.variables {
            if available.contains(v) && !chosen.contains(v) && chosen.len() < MAX_PAIR_VARIABLES {
                chosen.push(v.clone());
            }
        }
        if chosen.len() >= 2 {
            return chosen;
        }
        chosen.clear();
        for v in preferred.iter().chain(available) {
            if available.contains(v) && !chosen.contains(v) && chosen.len() < 3 {
                chosen.push(v.clone());
            }
        }
        chosen
    }
}

/// The histogram panel's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramView {
    /// Variable drawn (`None`: the catalog's first).
    pub variable: Option<String>,
    /// Number of bins (`None`: the catalog's default).
    pub bins: Option<usize>,
    /// Range [lo, hi) (`None`: the catalog's default, or the data's, see `data_range`).
    pub range: Option<(f64, f64)>,
    /// With no `range`, the bins span the data's smallest to largest value (numpy's rule, as a
    /// notebook's `hist` draws) instead of the catalog's range; kept when the variable changes.
    pub data_range: bool,
    /// Weighted (events expected at the dataset's luminosity) or raw counts.
    pub weighted: bool,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Each sample normalised to unit area and overlaid instead of stacked.
    pub normalised: bool,
    /// Colour-blind-safe palette instead of the catalog's colours.
    pub colour_blind: bool,
    /// A second panel under the histogram: S/B of the events above each x (the HSF lesson's plot).
    pub s_over_b_panel: bool,
}

/// One cut in the cut builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutEntry {
    /// The expression as typed.
    pub text: String,
    /// Switched on (applied) or off (kept in the list only).
    pub enabled: bool,
}

impl CutEntry {
    /// A cut that is switched on.
    pub fn on(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            enabled: true,
        }
    }
}

/// Which thresholds the scan uses.
#[derive(Debug, Clone, PartialEq)]
pub enum ThresholdChoice {
    /// The lesson's list for the variable (the catalog's `thresholds`), else every value.
    Lesson,
    /// Every distinct value (full resolution).
    Every,
    /// A list typed by the user.
    List(Vec<f64>),
}

/// The significance panel's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanView {
    /// Variable scanned (`None`: the histogram's).
    pub variable: Option<String>,
    /// Figure of merit.
    pub measure: Significance,
    /// Keep events above or below each threshold.
    pub direction: CutDirection,
    /// Which thresholds.
    pub thresholds: ThresholdChoice,
}

impl Default for HistogramView {
    fn default() -> Self {
        Self {
            variable: None,
            bins: None,
            range: None,
            data_range: false,
            weighted: true,
            log_y: false,
            normalised: false,
            colour_blind: false,
            s_over_b_panel: false,
        }
    }
}

impl Default for ScanView {
    fn default() -> Self {
        Self {
            variable: None,
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: ThresholdChoice::Lesson,
        }
    }
}

/// Parses "25, 50,75" into increasing finite numbers (`None` if any is not).
pub fn parse_threshold_list(text: &str) -> Option<Vec<f64>> {
    let values: Vec<f64> = text
        .split([',', ';', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect::<Option<_>>()?;
    let increasing = values.windows(2).all(|w| w[0] < w[1]);
    (!values.is_empty() && increasing).then_some(values)
}

/// The catalog's active samples of `all`, in catalog order (what the Lab uses unless told).
fn active_names(all: &Dataset) -> Vec<String> {
    all.samples
        .iter()
        .filter(|s| s.spec.active)
        .map(|s| s.spec.name.clone())
        .collect()
}

fn number(value: f64) -> String {
    format!("{value}")
}

impl HistogramView {
    /// The variable shown: the chosen one where `dataset` has it, else the first with a lesson's
    /// thresholds, else the first variable (what [`LabView::histogram_variable`] says).
    pub fn variable_in(&self, dataset: &Dataset) -> String {
        let variables = dataset.variables();
        self.variable
            .clone()
            .filter(|v| variables.contains(v))
            .or_else(|| {
                dataset
                    .catalog
                    .variables
                    .iter()
                    .find(|v| v.thresholds.is_some())
                    .map(|v| v.name.clone())
            })
            .or_else(|| variables.first().cloned())
            .unwrap_or_default()
    }

    /// The bins [`HistogramView::binning`] chooses on `dataset` (its catalog entry for the
    /// variable shown, the data's full and typical ranges).
    pub fn binning_in(&self, dataset: &Dataset) -> Result<Binning> {
        let variable = self.variable_in(dataset);
        self.binning(
            dataset.catalog.variable(&variable),
            dataset.range_of(&variable),
            || dataset.typical_range_of(&variable),
        )
    }

    /// The bins to draw: the catalog's default for the variable unless the view overrides the
    /// number of bins or the range; with `data_range` (numpy's rule, as the notebooks draw),
    /// `bins` (10 if unset) over the data's range [min, max] (`full`); without a catalog default,
    /// over the data's `typical` range (a few extreme events left out: the plot says so).
    pub fn binning(
        &self,
        spec: Option<&VariableSpec>,
        full: Option<(f64, f64)>,
        typical: impl FnOnce() -> Option<(f64, f64)>,
    ) -> Result<Binning> {
        let default = spec
            .map(VariableSpec::default_binning)
            .transpose()?
            .flatten();
        if let (None, None, false, Some(default)) =
            (self.bins, self.range, self.data_range, &default)
        {
            return Ok(default.clone());
        }
        let n = self
            .bins
            .or(default.as_ref().map(Binning::n_bins))
            .unwrap_or(10);
        let catalog_range = default
            .as_ref()
            .map(|b| (b.lo(), b.hi()))
            .filter(|_| !self.data_range);
        // Lazily: the typical range sorts every value, needed only when nothing else says.
        let data_range = || {
            if self.data_range {
                full
            } else {
                typical().map(|t| round_out(t, full)).or(full)
            }
        };
        let range = self.range.or(catalog_range).or_else(data_range);
        match range {
            Some((lo, hi)) if lo < hi => Binning::uniform(n, lo, hi),
            // One distinct value: numpy's rule widens it to ±0.5.
            Some((lo, hi)) => Binning::auto(&[lo, hi], n),
            None => Binning::auto(&[], n),
        }
    }
}

/// The `typical` range rounded out to a round step (a tenth of its width's 1-2-5 step), within
/// the data's `full` range; a side that lost no value keeps its exact extreme.
fn round_out((lo, hi): (f64, f64), full: Option<(f64, f64)>) -> (f64, f64) {
    let (min, max) = full.unwrap_or((lo, hi));
    let step = round_step((hi - lo) / 10.0);
    let lo = if lo > min {
        ((lo / step).floor() * step).max(min)
    } else {
        min
    };
    let hi = if hi < max {
        ((hi / step).ceil() * step).min(max)
    } else {
        max
    };
    (lo, hi)
}

impl ThresholdChoice {
    /// The scan menu's entry for this choice.
    pub fn mode(&self) -> ThresholdMode {
        match self {
            Self::Lesson => ThresholdMode::Lesson,
            Self::Every => ThresholdMode::Every,
            Self::List(_) => ThresholdMode::Custom,
        }
    }

    /// The engine's thresholds, given the lesson's list for the variable (if the catalog has one).
    pub fn resolve(&self, lesson: Option<&[f64]>) -> Thresholds {
        match (self, lesson) {
            (ThresholdChoice::Lesson, Some(list)) => Thresholds::List(list.to_vec()),
            (ThresholdChoice::Lesson | ThresholdChoice::Every, _) => Thresholds::EveryValue,
            (ThresholdChoice::List(list), _) => Thresholds::List(list.clone()),
        }
    }
}

impl LabView {
    /// What of this view (a link's, or the one on screen before a reload) still applies to the
    /// student's own files, whose numeric columns are `variables`: the training settings (inputs
    /// the files lack dropped), the histogram and the scan where their variable is there, the
    /// pair plot's variables they have, and every cut (the cut builder explains one that does not
    /// fit). The dataset and sample choices are the files' own.
    pub fn carried_to(&self, variables: &[String]) -> LabView {
        let has = |v: &Option<String>| v.as_ref().is_some_and(|v| variables.contains(v));
        let mut train = self.train.clone();
        if let Some(inputs) = &mut train.inputs {
            inputs.retain(|v| variables.contains(v));
            if inputs.is_empty() {
                train.inputs = None;
            }
        }
        LabView {
            histogram: if has(&self.histogram.variable) {
                self.histogram.clone()
            } else {
                HistogramView::default()
            },
            scan: if has(&self.scan.variable) || self.scan.variable.is_none() {
                self.scan.clone()
            } else {
                ScanView::default()
            },
            pairs: PairView {
                variables: self
                    .pairs
                    .variables
                    .iter()
                    .filter(|v| variables.contains(v))
                    .cloned()
                    .collect(),
                ..self.pairs.clone()
            },
            cuts: self.cuts.clone(),
            train,
            ..LabView::default()
        }
    }

    /// The query string (without `?`) for this view; empty for the default view.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        let h = &self.histogram;
        let defaults = HistogramView::default();
        if let Some(ds) = &self.dataset {
            pairs.push(("ds", ds.clone()));
        }
        if let Some(sample) = &self.sample {
            pairs.push(("sample", sample.clone()));
        }
        if let Some(samples) = &self.samples {
            pairs.push(("use", samples.join(",")));
        }
        if let Some(v) = &h.variable {
            pairs.push(("var", v.clone()));
        }
        if let Some(bins) = h.bins {
            pairs.push(("bins", bins.to_string()));
        }
        if let Some((lo, hi)) = h.range {
            pairs.push(("lo", number(lo)));
            pairs.push(("hi", number(hi)));
        }
        for (key, value, default) in [
            ("dr", h.data_range, defaults.data_range),
            ("w", h.weighted, defaults.weighted),
            ("log", h.log_y, defaults.log_y),
            ("norm", h.normalised, defaults.normalised),
            ("cb", h.colour_blind, defaults.colour_blind),
            ("sb", h.s_over_b_panel, defaults.s_over_b_panel),
        ] {
            if value != default {
                pairs.push((key, u8::from(value).to_string()));
            }
        }
        for cut in &self.cuts {
            // A switched-off cut keeps its place in the list: "~" marks it.
            let prefix = if cut.enabled { "" } else { "~" };
            pairs.push(("cut", format!("{prefix}{}", cut.text)));
        }
        let s = &self.scan;
        let scan_defaults = ScanView::default();
        if let Some(v) = &s.variable {
            pairs.push(("sv", v.clone()));
        }
        if s.measure != scan_defaults.measure {
            pairs.push(("sm", significance_key(&s.measure)));
        }
        if s.direction != scan_defaults.direction {
            pairs.push(("sd", s.direction.key().into()));
        }
        match &s.thresholds {
            ThresholdChoice::Lesson => {}
            ThresholdChoice::Every => pairs.push(("st", "every".into())),
            ThresholdChoice::List(list) => pairs.push((
                "st",
                list.iter()
                    .map(|x| number(*x))
                    .collect::<Vec<_>>()
                    .join(","),
            )),
        }
        if !self.pairs.variables.is_empty() {
            pairs.push(("pv", self.pairs.variables.join(",")));
        }
        if self.pairs.colouring == PointColouring::Sample {
            pairs.push(("pc", "sample".into()));
        }
        self.train.write(&mut pairs);
        query::build(pairs)
    }

    /// Reads a query string (with or without its leading `?`), skipping what does not parse.
    pub fn from_query(text: &str) -> Self {
        let mut view = LabView::default();
        let (mut lo, mut hi) = (None, None);
        let flag = |v: &str| match v {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        };
        let non_empty = |v: String| (!v.trim().is_empty()).then_some(v);
        for (key, value) in query::parse(text.trim_start_matches('?')) {
            if view.train.read(&key, &value) {
                continue;
            }
            let h = &mut view.histogram;
            match key.as_str() {
                "ds" => view.dataset = non_empty(value),
                "sample" => view.sample = non_empty(value),
                "use" => {
                    let names: Vec<String> = value
                        .split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned)
                        .collect();
                    view.samples = (!names.is_empty()).then_some(names);
                }
                "var" => h.variable = non_empty(value),
                "bins" => {
                    h.bins = value
                        .parse()
                        .ok()
                        .filter(|b| (1..=10_000).contains(b))
                        .or(h.bins);
                }
                "lo" => lo = value.parse::<f64>().ok().filter(|x| x.is_finite()),
                "hi" => hi = value.parse::<f64>().ok().filter(|x| x.is_finite()),
                "dr" => h.data_range = flag(&value).unwrap_or(h.data_range),
                "w" => h.weighted = flag(&value).unwrap_or(h.weighted),
                "log" => h.log_y = flag(&value).unwrap_or(h.log_y),
                "norm" => h.normalised = flag(&value).unwrap_or(h.normalised),
                "cb" => h.colour_blind = flag(&value).unwrap_or(h.colour_blind),
                "sb" => h.s_over_b_panel = flag(&value).unwrap_or(h.s_over_b_panel),
                "pv" => {
                    view.pairs.variables = value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .take(MAX_PAIR_VARIABLES)
                        .map(str::to_owned)
                        .collect();
                }
                "pc" => {
                    view.pairs.colouring = match value.as_str() {
                        "sample" => PointColouring::Sample,
                        _ => PointColouring::Class,
                    };
                }
                "cut" => {
                    let (enabled, text) = match value.strip_prefix('~') {
                        Some(rest) => (false, rest),
                        None => (true, value.as_str()),
                    };
                    if !text.trim().is_empty() {
                        view.cuts.push(CutEntry {
                            text: text.trim().to_owned(),
                            enabled,
                        });
                    }
                }
                "sv" => view.scan.variable = non_empty(value),
                "sm" => {
                    if let Some(m) = parse_significance(&value) {
                        view.scan.measure = m;
                    }
                }
                "sd" => {
                    view.scan.direction =
                        CutDirection::from_key(&value).unwrap_or(CutDirection::Above)
                }
                "st" => {
                    view.scan.thresholds = match value.as_str() {
                        "every" => ThresholdChoice::Every,
                        "lesson" => ThresholdChoice::Lesson,
                        list => parse_threshold_list(list)
                            .map_or(ThresholdChoice::Lesson, ThresholdChoice::List),
                    };
                }
                _ => {}
            }
        }
        if let (Some(lo), Some(hi)) = (lo, hi)
            && lo < hi
        {
            view.histogram.range = Some((lo, hi));
        }
        view
    }

    /// The samples in use on `all`: the view's that exist, in catalog order, if they still hold
    /// a signal and a background; otherwise the catalog's active ones.
    pub fn samples_in_use(&self, all: &Dataset) -> Vec<String> {
        let Some(chosen) = &self.samples else {
            return active_names(all);
        };
        let kept: Vec<String> = all
            .samples
            .iter()
            .map(|s| s.spec.name.clone())
            .filter(|n| chosen.contains(n))
            .collect();
        let has = |role| kept.iter().any(|n| all.has_role(n, role));
        if has(crate::data::Role::Signal) && has(crate::data::Role::Background) {
            kept
        } else {
            active_names(all)
        }
    }

    /// Switches sample `name` in or out of use on `all`, or says why not: the plots stack
    /// backgrounds under a signal and the scans compare them, so one of each must stay.
    pub fn use_sample(
        &mut self,
        all: &Dataset,
        name: &str,
        on: bool,
    ) -> std::result::Result<(), String> {
        let mut names = self.samples_in_use(all);
        if on {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        } else {
            names.retain(|n| n != name);
        }
        let role = all.sample(name).map_err(|e| e.to_string())?.spec.role;
        if role != crate::data::Role::Data && !names.iter().any(|n| all.has_role(n, role)) {
            return Err(format!(
                "Keep at least one {} sample in use: the plots stack backgrounds under the signal and the scans compare the two. Switch another one on first.",
                role.label().to_lowercase()
            ));
        }
        names.sort_by_key(|n| all.samples.iter().position(|s| &s.spec.name == n));
        self.samples = (names != active_names(all)).then_some(names);
        Ok(())
    }

    /// The variable the histogram shows: the view's, else the first one its lesson scans (the
    /// catalog lists thresholds for it), else the dataset's first.
    pub fn histogram_variable(&self, dataset: &Dataset) -> String {
        self.histogram.variable_in(dataset)
    }

    /// The variable the scan shows: its own, else the histogram's.
    pub fn scan_variable(&self, dataset: &Dataset) -> String {
        self.scan
            .variable
            .clone()
            .filter(|v| dataset.variables().contains(v))
            .unwrap_or_else(|| self.histogram_variable(dataset))
    }

    /// The scan of `variable` as the engine runs it: the view's measure and direction, its
    /// thresholds (the lesson's list for the variable where the catalog has one).
    pub fn scan_settings(&self, dataset: &Dataset, variable: &str) -> ScanSettings {
        let lesson = dataset
            .catalog
            .variable(variable)
            .and_then(|v| v.thresholds.as_deref());
        ScanSettings {
            measure: self.scan.measure,
            direction: self.scan.direction,
            thresholds: self.scan.thresholds.resolve(lesson),
            min_background: 0.0,
        }
    }

    /// The cut texts that are switched on, in order.
    pub fn enabled_cuts(&self) -> impl Iterator<Item = &str> {
        self.cuts
            .iter()
            .filter(|c| c.enabled)
            .map(|c| c.text.as_str())
    }
}

#[cfg(test)]
mod carried_tests {
    use super::*;

    #[test]
    fn a_links_settings_carry_over_to_the_students_files_where_they_fit() {
        let link = LabView::from_query(
            "ds=atlas-dm&var=mll&cut=mll%20%3E%2050&in=mll,ETmiss,gone&model=hsf-forest&seed=7&pv=mll,gone",
        );
        let columns: Vec<String> = ["mll", "ETmiss", "EventId"].map(String::from).to_vec();
        let carried = link.carried_to(&columns);
        assert_eq!(carried.dataset, None);
        assert_eq!(carried.histogram.variable.as_deref(), Some("mll"));
        assert_eq!(carried.cuts, link.cuts);
        assert_eq!(
            carried.train.inputs.as_deref(),
            Some(&["mll".to_owned(), "ETmiss".to_owned()][..])
        );
        assert_eq!(carried.train.seed, Some(7));
        assert!(carried.train.model.is_some());
        assert_eq!(carried.train.model, link.train.model);
        assert_eq!(carried.pairs.variables, ["mll"]);
        // Files without the link's variable: the histogram starts afresh.
        let other = link.carried_to(&["pt".to_owned()]);
        assert_eq!(other.histogram, HistogramView::default());
        assert_eq!(other.train.inputs, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_view() -> LabView {
        LabView {
            dataset: Some("atlas-dm".into()),
            sample: Some("DM_300".into()),
            samples: Some(vec!["Z+jets".into(), "DM_800".into()]),
            histogram: HistogramView {
                variable: Some("lead_lep_pt".into()),
                bins: Some(25),
                range: Some((0.0, 500.0)),
                data_range: true,
                weighted: false,
                log_y: true,
                normalised: true,
                colour_blind: true,
                s_over_b_panel: true,
            },
            cuts: vec![
                CutEntry {
                    text: "lead_lep_pt > 100".into(),
                    enabled: true,
                },
                CutEntry {
                    text: "sum(lep_type_*) in {44, 48, 52} & x".into(),
                    enabled: false,
                },
            ],
            scan: ScanView {
                variable: Some("ETmiss".into()),
                measure: Significance::Ams { b_reg: 0.001 },
                direction: CutDirection::Below,
                thresholds: ThresholdChoice::List(vec![100.0, 150.5, 200.0]),
            },
            pairs: PairView {
                variables: vec!["ETmiss".into(), "mll".into(), "dRll".into()],
                colouring: PointColouring::Sample,
            },
            train: TrainView {
                seed: Some(7),
                ..TrainView::default()
            },
        }
    }

    #[test]
    fn pair_plots_use_the_views_variables_or_the_lessons_first_three() {
        let available: Vec<String> = ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec();
        let preferred: Vec<String> = ["d", "b"].map(String::from).to_vec();
        let view = |vars: &[&str]| PairView {
            variables: vars.iter().map(|v| (*v).to_owned()).collect(),
            ..PairView::default()
        };
        // Unknown and repeated names are dropped; at most five are kept.
        assert_eq!(
            view(&["c", "x", "a", "c"]).chosen(&available, &preferred),
            ["c", "a"]
        );
        assert_eq!(
            view(&["a", "b", "c", "d", "e", "f"]).chosen(&available, &preferred),
            ["a", "b", "c", "d", "e"]
        );
        // Fewer than two usable: the lesson's variables first, topped up to three.
        assert_eq!(view(&["x"]).chosen(&available, &preferred), ["d", "b", "a"]);
        assert_eq!(view(&[]).chosen(&available[..2], &[]), ["a", "b"]);
    }

    #[test]
    fn every_setting_survives_a_round_trip() {
        let view = full_view();
        let text = view.to_query();
        assert_eq!(LabView::from_query(&text), view);
        assert_eq!(LabView::from_query(&format!("?{text}")), view);
        let every = LabView {
            scan: ScanView {
                thresholds: ThresholdChoice::Every,
                measure: Significance::AsimovZ,
                ..ScanView::default()
            },
            ..LabView::default()
        };
        assert_eq!(LabView::from_query(&every.to_query()), every);
    }

    #[test]
    fn the_default_view_writes_nothing_and_defaults_are_omitted() {
        assert_eq!(LabView::default().to_query(), "");
        let only_dataset = LabView {
            dataset: Some("atlas-hzz4l".into()),
            ..LabView::default()
        };
        assert_eq!(only_dataset.to_query(), "ds=atlas-hzz4l");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let view = LabView::from_query(
            "bins=0&lo=5&hi=1&w=maybe&sm=ams:-3&st=3,2,1&cut=%20&unknown=1&var=mll",
        );
        let expected = LabView {
            histogram: HistogramView {
                variable: Some("mll".into()),
                ..HistogramView::default()
            },
            ..LabView::default()
        };
        assert_eq!(view, expected);
    }

    #[test]
    fn lesson_thresholds_resolve_to_the_catalog_list_or_every_value() {
        let lesson = [25.0, 50.0];
        assert_eq!(
            ThresholdChoice::Lesson.resolve(Some(&lesson)),
            Thresholds::List(vec![25.0, 50.0])
        );
        assert_eq!(
            ThresholdChoice::Lesson.resolve(None),
            Thresholds::EveryValue
        );
        assert_eq!(
            ThresholdChoice::List(vec![1.0]).resolve(Some(&lesson)),
            Thresholds::List(vec![1.0])
        );
        assert_eq!(
            parse_threshold_list("25, 50;75 100"),
            Some(vec![25.0, 50.0, 75.0, 100.0])
        );
        assert_eq!(parse_threshold_list("1,x"), None);
    }

    #[test]
    fn binning_prefers_overrides_then_catalog_then_data() {
        let spec = VariableSpec {
            name: "pt".into(),
            unit: Some("GeV".into()),
            description: None,
            bins: Some(4),
            range: Some([0.0, 100.0]),
            edges: None,
            thresholds: None,
        };
        let view = HistogramView::default();
        assert_eq!(
            view.binning(Some(&spec), None, || None)
                .expect("ok")
                .edges(),
            [0.0, 25.0, 50.0, 75.0, 100.0]
        );
        let more_bins = HistogramView {
            bins: Some(2),
            ..HistogramView::default()
        };
        assert_eq!(
            more_bins
                .binning(Some(&spec), None, || None)
                .expect("ok")
                .edges(),
            [0.0, 50.0, 100.0]
        );
        let ranged = HistogramView {
            range: Some((50.0, 100.0)),
            ..HistogramView::default()
        };
        assert_eq!(
            ranged
                .binning(Some(&spec), None, || None)
                .expect("ok")
                .n_bins(),
            4
        );
        // No catalog entry: 10 bins over the data's range, like numpy…
        let auto = view.binning(None, Some((0.0, 5.0)), || None).expect("ok");
        assert_eq!((auto.n_bins(), auto.lo(), auto.hi()), (10, 0.0, 5.0));
        // A catalog range never asks for the typical one.
        let unasked = view
            .binning(Some(&spec), None, || panic!("the catalog's range applies"))
            .expect("ok");
        assert_eq!(unasked.n_bins(), 4);
        // … or over its typical range where a few extreme events stretch it, rounded out: the
        // 0.25 % tails leave 2 … 998 of 0 … 100 000; a tenth of 996 is 99.6 → step 100 → [0, 1000].
        let typical = view
            .binning(None, Some((0.0, 100_000.0)), || Some((2.0, 998.0)))
            .expect("ok");
        assert_eq!(
            (typical.n_bins(), typical.lo(), typical.hi()),
            (10, 0.0, 1000.0)
        );
        // numpy's rule asked for: the data's range even where the catalog has one, with the
        // catalog's bin count unless the view sets its own.
        let numpy = HistogramView {
            data_range: true,
            ..HistogramView::default()
        };
        let drawn = numpy
            .binning(Some(&spec), Some((10.0, 30.0)), || Some((12.0, 20.0)))
            .expect("ok");
        assert_eq!(drawn.edges(), [10.0, 15.0, 20.0, 25.0, 30.0]);
        let typed = HistogramView {
            range: Some((0.0, 8.0)),
            ..numpy.clone()
        };
        assert_eq!(
            typed
                .binning(Some(&spec), Some((10.0, 30.0)), || Some((12.0, 20.0)))
                .expect("ok")
                .hi(),
            8.0
        );
        // No values at all: numpy's [0, 1].
        let empty = view.binning(None, None, || None).expect("ok");
        assert_eq!((empty.lo(), empty.hi()), (0.0, 1.0));
    }

    #[test]
    fn samples_switch_in_and_out_keeping_a_signal_and_a_background() {
        let all = crate::state::fixture::toy();
        let mut view = LabView::default();
        assert_eq!(view.samples_in_use(&all), ["sig", "bkg1", "bkg2"]);
        view.use_sample(&all, "bkg1", false)
            .expect("one background is left");
        assert_eq!(view.samples_in_use(&all), ["sig", "bkg2"]);
        assert_eq!(view.to_query(), "use=sig%2Cbkg2");
        assert_eq!(LabView::from_query(&view.to_query()), view);
        let e = view
            .use_sample(&all, "sig", false)
            .expect_err("the only signal");
        assert!(e.contains("signal"), "{e}");
        let e = view
            .use_sample(&all, "bkg2", false)
            .expect_err("the last background");
        assert!(e.contains("background"), "{e}");
        // Back to the catalog's choice: nothing to write.
        view.use_sample(&all, "bkg1", true).expect("switched on");
        assert_eq!(view.samples, None);
        // A link naming unknown samples, or no signal, falls back to the catalog's.
        let odd = LabView::from_query("use=bkg1,nope");
        assert_eq!(odd.samples_in_use(&all), ["sig", "bkg1", "bkg2"]);
    }

    #[test]
    fn panels_show_the_views_variable_else_the_lessons_else_the_first() {
        let data = crate::state::fixture::toy();
        let mut view = LabView::default();
        assert_eq!(view.histogram_variable(&data), "x");
        assert_eq!(view.scan_variable(&data), "x");
        view.histogram.variable = Some("y".into());
        assert_eq!(view.histogram_variable(&data), "y");
        // The scan follows the histogram until it has a variable of its own.
        assert_eq!(view.scan_variable(&data), "y");
        view.scan.variable = Some("x".into());
        assert_eq!(view.scan_variable(&data), "x");
        // A variable one sample lacks (bkg2 has no eta) cannot be scanned.
        view.scan.variable = Some("eta".into());
        assert_eq!(view.scan_variable(&data), "y");
        view.scan.variable = Some("not a column".into());
        assert_eq!(view.scan_variable(&data), "y");
        view.histogram.variable = Some("gone".into());
        assert_eq!(view.histogram_variable(&data), "x");
        view.scan.thresholds = ThresholdChoice::List(vec![1.0, 2.0]);
        view.scan.direction = CutDirection::Below;
        let settings = view.scan_settings(&data, "x");
        assert_eq!(settings.thresholds, Thresholds::List(vec![1.0, 2.0]));
        assert_eq!(settings.direction, CutDirection::Below);
        assert_eq!(settings.min_background, 0.0);
    }

    #[test]
    fn enabled_cuts_skip_switched_off_ones() {
        let view = full_view();
        assert_eq!(
            view.enabled_cuts().collect::<Vec<_>>(),
            ["lead_lep_pt > 100"]
        );
    }
}
