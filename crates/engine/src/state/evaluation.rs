//! The evaluate views' decisions: which thresholds the figures of merit are drawn at, which
//! events the output plot counts and how it says so, the totals under it, a model's scores as a
//! CSV file and the file names of its exports.

use crate::analysis::{
    Binning, CutDirection, Histogram, ScanSettings, Significance, Thresholds, central_range,
};
use crate::data::Dataset;
use crate::ml::evaluation::{
    Evaluation, EventWeights, HeldOut, JudgedOn, NOTEBOOK_OUTPUT_THRESHOLDS, ScanEvents,
};
use crate::ml::{
    ClassScores, ClassificationReport, Confusion, MISSING_SENTINEL, Weighting, scan_thresholds,
};
use crate::{Error, Result};

use super::choice::OutputThresholds;
use super::number::significant;
use super::training::TrainedModel;

/// The HSF lesson's AMS regularisation term, for AMS against the output threshold.
pub const HSF_AMS_B_REG: f64 = 0.001;

/// The button that shows a model's sealed test part: the label the page and the lesson's
/// messages use.
pub const REVEAL_TEST_LABEL: &str = "Look at the test part";

/// The AMS regularisation term the evaluate views start with on `dataset`: its catalog's own
/// (the HiggsML challenge's b_r = 10 for its format), else the HSF lesson's.
pub fn default_b_reg(dataset: &Dataset) -> f64 {
    dataset.catalog.ams_b_reg.unwrap_or(HSF_AMS_B_REG)
}

/// What the AMS against a model's output threshold counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmsBasis {
    /// The HSF lesson's: the signal and background efficiencies (TPR, FPR) in place of s and b,
    /// so b_r is a fraction of the background (0.001).
    Rates,
    /// The HiggsML challenge's: the expected signal and background events selected (weights of
    /// the held-out part scaled up to the whole sample), so b_r is a number of events (10).
    Yields,
}

impl AmsBasis {
    /// What b_r means, for the box where the student types it.
    pub fn b_reg_hint(self) -> &'static str {
        match self {
            AmsBasis::Rates => {
                "The AMS's regularisation term, a fraction of the background: it keeps the AMS from exploding where almost no background is left."
            }
            AmsBasis::Yields => {
                "The AMS's regularisation term, in background events (the HiggsML challenge's 10): a selection of a handful of events cannot look significant."
            }
        }
    }
}

/// The AMS `dataset`'s analyses use: on yields where its catalog has the challenge's b_r, else
/// on rates.
pub fn ams_basis(dataset: &Dataset) -> AmsBasis {
    match dataset.catalog.ams_b_reg {
        Some(_) => AmsBasis::Yields,
        None => AmsBasis::Rates,
    }
}

/// How an AMS curve is computed: its basis and b_r.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmsSettings {
    /// Rates or yields.
    pub basis: AmsBasis,
    /// The regularisation term b_r (a rate, or events).
    pub b_reg: f64,
}

impl AmsSettings {
    /// What the AMS plot shows, in its title: "AMS", or "AMS on expected events" on yields.
    pub fn name(&self) -> String {
        match self.basis {
            AmsBasis::Rates => "AMS".to_owned(),
            AmsBasis::Yields => "AMS on expected events".to_owned(),
        }
    }

    /// The AMS plot's y title, short enough for its axis: "AMS (b_r = 10)".
    pub fn axis_title(&self) -> String {
        format!("AMS (b_r = {})", significant(self.b_reg, 3))
    }

    /// `dataset`'s basis with `b_reg`.
    pub fn on(dataset: &Dataset, b_reg: f64) -> Self {
        Self {
            basis: ams_basis(dataset),
            b_reg,
        }
    }
}

/// Whether a model's metrics at a threshold (confusion matrix, classification report, figures of
/// merit) count events by their physical weights unless the student chooses otherwise: as the
/// model was trained. One trained on unweighted events (the HSF lesson's, scikit-learn's `fit`
/// without weights) is judged by event counts, as `classification_report(y_test, y_pred)`
/// does; one trained with weights, by the weights.
pub fn counts_weighted(weighting: Weighting) -> bool {
    weighting != Weighting::Unweighted
}

/// The output threshold a model is judged at until the student moves it: scikit-learn's
/// `predict` calls signal what has a probability above one half.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// The output plot's binning and y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputSettings {
    /// Equal bins over [0, 1].
    pub bins: usize,
    /// A logarithmic y axis.
    pub log_y: bool,
}

impl Default for OutputSettings {
    /// [`OUTPUT_BINS`] bins on a logarithmic axis, where a small signal stays visible.
    fn default() -> Self {
        Self {
            bins: OUTPUT_BINS,
            log_y: true,
        }
    }
}

/// Bins of the output histograms (0.05 wide).
pub const OUTPUT_BINS: usize = 20;

/// The events the output plot and the output scan count unless the student chooses otherwise:
/// test events, weighted up by 1/test_size. Counting the training events too (the notebook's
/// choice) flatters any model that has learned them: an overtrained forest (test AUC 0.645)
/// showed S/√B 5.97 on every event against 3.17 on test events.
pub const DEFAULT_SCAN_EVENTS: ScanEvents = ScanEvents::Test;

/// Train AUC above test AUC by more than this, and the model's numbers come with a warning.
pub const OVERTRAINING_AUC_GAP: f64 = 0.05;

/// What to say next to a model's output numbers when its train AUC is well above its test AUC
/// (by more than [`OVERTRAINING_AUC_GAP`]), for the events they count; `None` otherwise.
pub fn overtraining_warning(model: &TrainedModel, events: ScanEvents) -> Option<String> {
    let e = &model.evaluation;
    // A NaN AUC (one class absent) compares false: no warning.
    let gap_exceeded = e.train_auc - e.test_auc > OVERTRAINING_AUC_GAP;
    if !gap_exceeded {
        return None;
    }
    let aucs = format!(
        "Train AUC {} is well above test AUC {}",
        significant(e.train_auc, 3),
        significant(e.test_auc, 3)
    );
    Some(match events {
        ScanEvents::All => format!(
            "{aucs}: the model has learned its training events, and this number counts them, so it \
             is optimistic. Count test events only for an honest estimate."
        ),
        ScanEvents::Test => format!(
            "{aucs}: the model has learned its training events by heart. This number counts only \
             test events, so it is honest, but a simpler model may do as well."
        ),
    })
}

/// A test AUC at or above this is more than collisions give: some input probably tells the
/// answer (the label itself, an event number sorted by process, a weight that differs by class).
pub const SUSPICIOUS_AUC: f64 = 0.999;

/// What to say under the models table when a model separates its test events (almost)
/// perfectly — test AUC at or above [`SUSPICIOUS_AUC`]; `None` otherwise.
pub fn leak_warning(model: &TrainedModel) -> Option<String> {
    let auc = model.evaluation.test_auc;
    (auc >= SUSPICIOUS_AUC).then(|| {
        format!(
            "{}: test AUC {auc:.4}. Real signal and background overlap; a (nearly) perfect \
             separation usually means an input gives the answer away — an identifier, a label, or \
             a weight that differs by class. Check its inputs: {}.",
            model.name,
            model.setup.inputs.join(", ")
        )
    })
}

/// The most models the comparison plots (ROC, purity × efficiency, AMS) draw at once: with more,
/// the legend covers the curves and the colours repeat.
pub const MAX_COMPARED: usize = 6;

/// Which of `count` models the comparison plots draw, in the table's order: every one when they
/// fit, else the `chosen` one and the most recent others.
pub fn compared(count: usize, chosen: usize) -> Vec<usize> {
    if count <= MAX_COMPARED {
        return (0..count).collect();
    }
    let recent = count - MAX_COMPARED..count;
    if recent.contains(&chosen) {
        return recent.collect();
    }
    let mut shown: Vec<usize> = (count + 1 - MAX_COMPARED..count).collect();
    if chosen < count {
        shown.insert(0, chosen);
    }
    shown
}

/// What the comparison plots say when they leave models out (`None` when all are drawn).
pub fn compared_note(count: usize) -> Option<String> {
    (count > MAX_COMPARED).then(|| {
        format!(
            "The comparison plots draw {MAX_COMPARED} of the {count} models: the one shown in the table and the most recent. Pick a model in the table to draw it; its colour there is its curve's."
        )
    })
}

/// Output thresholds 0, 0.01, …, 0.99 for purity × efficiency and AMS.
pub fn merit_thresholds() -> Vec<f64> {
    (0..100).map(|i| f64::from(i) / 100.0).collect()
}

/// What the output plot counts, as its title says it.
pub fn events_title(events: ScanEvents, held_out: HeldOut) -> String {
    match events {
        ScanEvents::All => "every event".to_owned(),
        ScanEvents::Test => format!("{} events × 1/{}", held_out.noun(), held_out.size_name()),
    }
}

/// The events `on` names, as a caption says them: "test events", "training events", "every
/// event" (the held-out part by its name).
pub fn judged_noun(on: JudgedOn, held_out: HeldOut) -> String {
    match on {
        JudgedOn::HeldOut => format!("{} events", held_out.noun()),
        JudgedOn::Training => "training events".to_owned(),
        JudgedOn::Every => "every event".to_owned(),
    }
}

/// How `counted` events are said in a caption.
pub fn counted_words(counted: EventWeights) -> &'static str {
    match counted {
        EventWeights::Once => "each counted once",
        EventWeights::Physical => "weighted",
        EventWeights::Balanced => "weighted with each class normalised",
    }
}

/// The confusion matrix's caption: which events, counted how.
pub fn confusion_caption(on: JudgedOn, held_out: HeldOut, counted: EventWeights) -> String {
    let counted = counted_words(counted);
    capitalised(&format!(
        "{}, {counted} (share of each true class)",
        judged_noun(on, held_out)
    ))
}

/// `text` with its first letter a capital (titles made from a measure's name).
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the totals under the output plot stand for.
pub fn events_meaning(events: ScanEvents, held_out: HeldOut) -> String {
    match events {
        ScanEvents::All => match held_out {
            HeldOut::Test => "every event, the training ones included, as the notebook plots it",
            HeldOut::Validation => {
                "every event but the sealed test part, the training ones included"
            }
        }
        .to_owned(),
        ScanEvents::Test => format!(
            "only {} events, which the model has not seen, weighted up by 1/{} to stand for the whole sample",
            held_out.noun(),
            held_out.size_name()
        ),
    }
}

/// Which events the comparison plots of `models` are drawn for: "test events", "validation
/// events", or both kinds when some models' test parts are sealed and others' are not.
pub fn compared_events(models: &[&TrainedModel]) -> &'static str {
    let sealed = models.iter().filter(|m| m.test_sealed()).count();
    match sealed {
        0 => "test events",
        n if n == models.len() => "validation events",
        _ => "validation events of sealed models, test events of the others",
    }
}

/// A warning once the student has looked at more than one model's test part: choosing among
/// them by it would make the test part a second validation part, and its numbers optimistic.
pub fn test_peeks_note(models: &[&TrainedModel]) -> Option<String> {
    let revealed: Vec<&str> = models
        .iter()
        .filter(|m| m.test_revealed())
        .map(|m| m.name.as_str())
        .collect();
    (revealed.len() > 1).then(|| {
        format!(
            "You have looked at the test part of {} models ({}). Choosing among them by their test results makes those results optimistic: choose on validation, then look at the test part of the one you chose, once.",
            revealed.len(),
            revealed.join(", ")
        )
    })
}

/// One row of the classification report as scikit-learn prints it. The accuracy row has no
/// precision or recall: its one number stands in the F1 column, next to the total support.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportRow {
    /// "background", "signal", "accuracy", "macro avg", "weighted avg".
    pub label: &'static str,
    /// Precision (absent on the accuracy row).
    pub precision: Option<f64>,
    /// Recall (absent on the accuracy row).
    pub recall: Option<f64>,
    /// F1, or the accuracy.
    pub f1: f64,
    /// Events (or summed weights).
    pub support: f64,
}

/// The report's rows in scikit-learn's order.
pub fn report_rows(r: &ClassificationReport) -> [ReportRow; 5] {
    let row = |label, c: &ClassScores| ReportRow {
        label,
        precision: Some(c.precision),
        recall: Some(c.recall),
        f1: c.f1,
        support: c.support,
    };
    [
        row("background", &r.background),
        row("signal", &r.signal),
        ReportRow {
            label: "accuracy",
            precision: None,
            recall: None,
            f1: r.accuracy,
            support: r.macro_avg.support,
        },
        row("macro avg", &r.macro_avg),
        row("weighted avg", &r.weighted_avg),
    ]
}

/// The classification report of `evaluation`'s events `on` at `threshold`, counted as `weighted`.
pub fn report_on(
    evaluation: &Evaluation,
    on: JudgedOn,
    threshold: f64,
    counted: EventWeights,
) -> Result<ClassificationReport> {
    Ok(confusion_on(evaluation, on, threshold, counted)?.report())
}

/// The confusion matrix of `evaluation`'s events `on` at `threshold`, counted as `weighted`.
pub fn confusion_on(
    evaluation: &Evaluation,
    on: JudgedOn,
    threshold: f64,
    counted: EventWeights,
) -> Result<Confusion> {
    let events = evaluation.judged(on);
    let weights = counted.of(&events)?;
    Confusion::at_threshold(
        &events.labels,
        &events.scores,
        weights.as_deref(),
        threshold,
    )
}

/// The AMS of `model`'s held-out events at each of `thresholds`, as `ams` says: on rates counted
/// as `weighted`, or on yields (always weighted: they are expected events); `None` where
/// undefined.
pub fn ams_curve(
    model: &TrainedModel,
    weighted: bool,
    ams: AmsSettings,
    thresholds: &[f64],
) -> Result<Vec<Option<f64>>> {
    ams_curve_of(
        &model.evaluation,
        model.held_out_fraction(),
        weighted,
        ams,
        thresholds,
    )
}

/// [`ams_curve`] of an evaluation whose held-out part is `held_out_fraction` of the sample.
pub fn ams_curve_of(
    evaluation: &Evaluation,
    held_out_fraction: f64,
    weighted: bool,
    ams: AmsSettings,
    thresholds: &[f64],
) -> Result<Vec<Option<f64>>> {
    let test = &evaluation.test;
    Ok(match ams.basis {
        AmsBasis::Rates => {
            let weights = weighted.then_some(&test.weights[..]);
            scan_thresholds(&test.labels, &test.scores, weights, thresholds)?
                .ams_of_rates(ams.b_reg)
        }
        AmsBasis::Yields => {
            scan_thresholds(&test.labels, &test.scores, Some(&test.weights), thresholds)?
                .ams_of_yields(ams.b_reg, 1.0 / held_out_fraction)
        }
    })
}

/// Purity × efficiency of `evaluation`'s events `on` at each of `thresholds`, counted as
/// `weighted`: precision × recall, the CMS exercise's figure of merit.
pub fn purity_efficiency_curve(
    evaluation: &Evaluation,
    on: JudgedOn,
    counted: EventWeights,
    thresholds: &[f64],
) -> Result<Vec<f64>> {
    let events = evaluation.judged(on);
    let weights = counted.of(&events)?;
    Ok(scan_thresholds(
        &events.labels,
        &events.scores,
        weights.as_deref(),
        thresholds,
    )?
    .purity_times_efficiency())
}

/// A b_r as a student types it: a number, zero or more.
pub fn b_reg_of(text: &str) -> Option<f64> {
    text.trim()
        .parse()
        .ok()
        .filter(|b: &f64| b.is_finite() && *b >= 0.0)
}

/// The events with an output above a threshold: the real data's, and the simulation's
/// expectation (test events, weighted and scaled up by 1/test fraction, as the output plot).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AboveThreshold {
    /// Data events (`None`: the dataset has no data).
    pub data: Option<f64>,
    /// Expected signal events.
    pub signal: f64,
    /// Expected background events.
    pub background: f64,
}

/// [`AboveThreshold`] of a model judged as `evaluation` (its held-out part a fraction
/// `held_out_fraction` of the events, output on the data `data_scores`) at `threshold` (above:
/// output > threshold).
pub fn above_threshold(
    evaluation: &Evaluation,
    held_out_fraction: f64,
    data_scores: Option<&[f64]>,
    threshold: f64,
) -> AboveThreshold {
    let (signal, background) = expected_above(
        evaluation,
        DEFAULT_SCAN_EVENTS,
        held_out_fraction,
        threshold,
    );
    AboveThreshold {
        data: data_scores.map(|s| s.iter().filter(|&&x| x > threshold).count() as f64),
        signal,
        background,
    }
}

/// Weighted (signal, background) events with an output above `threshold`, counting `events`
/// (held-out events × 1/`held_out_fraction`, or every event).
fn expected_above(
    evaluation: &Evaluation,
    events: ScanEvents,
    held_out_fraction: f64,
    threshold: f64,
) -> (f64, f64) {
    let (scored, scale) = evaluation.counted(events, held_out_fraction);
    let mut totals = (0.0, 0.0);
    for ((&label, &w), &score) in scored
        .labels
        .iter()
        .zip(&scored.weights)
        .zip(&scored.scores)
    {
        if score <= threshold {
            continue;
        }
        if label == 1 {
            totals.0 += w * scale;
        } else {
            totals.1 += w * scale;
        }
    }
    totals
}

/// Weighted (signal, background) events the output plot shows for `events`.
pub fn output_totals(model: &TrainedModel, events: ScanEvents) -> (f64, f64) {
    expected_above(
        &model.evaluation,
        events,
        model.held_out_fraction(),
        f64::NEG_INFINITY,
    )
}

/// The model's settings as the "Settings JSON" file: its setup, with the model's own seed
/// (`random_state`) the one it trained with — the setup's seed, which training hands to the model
/// (the settings alone keep 0 there, and the file said `random_state: 0` beside `seed: 42`).
pub fn settings_json(model: &TrainedModel) -> String {
    let mut setup = model.setup.clone();
    setup.spec = setup.spec.with_seed(setup.seed);
    serde_json::to_string_pretty(&setup).unwrap_or_default()
}

/// The model's score for every event it saw, in the training data's order:
/// `event,sample,label,weight,part,score` (part `train`, `validation` or `test`, the test part
/// only once the student has looked at it); when the data has an id
/// column (an event number such as `EventId`, as `mapping::not_inputs` recognises it), its value
/// follows `event` under its own name, so the scores can be joined back to the student's file.
pub fn predictions_csv(model: &TrainedModel, dataset: &Dataset) -> String {
    let t = &model.trained;
    let mut rows: Vec<Option<(&str, f64)>> = vec![None; model.data.len()];
    for (&i, &s) in t.split.train.iter().zip(&t.train_scores) {
        rows[i] = Some(("train", s));
    }
    for (&i, &s) in t.split.validation.iter().zip(&t.validation_scores) {
        rows[i] = Some(("validation", s));
    }
    // A sealed test part stays out of the file too: exporting it would be looking at it.
    if !model.test_sealed() {
        for (&i, &s) in t.split.test.iter().zip(&t.test_scores) {
            rows[i] = Some(("test", s));
        }
    }
    let id = super::mapping::not_inputs(dataset)
        .into_iter()
        .find(|(_, why)| *why == super::mapping::NotAnInput::Identifier)
        .and_then(|(name, _)| Some((values_of(model, dataset, &name).ok()?, name)));
    let mut text = match &id {
        Some((_, name)) => format!("event,{},sample,label,weight,part,score\n", csv_field(name)),
        None => String::from("event,sample,label,weight,part,score\n"),
    };
    for (i, row) in rows.iter().enumerate() {
        if let Some((part, score)) = row {
            let sample = &model.data.samples[usize::from(model.data.sample[i])];
            let id = id
                .as_ref()
                .map_or(String::new(), |(v, _)| format!("{},", v[i]));
            text.push_str(&format!(
                "{i},{id}{},{},{},{part},{score}\n",
                csv_field(sample),
                model.data.labels[i],
                model.data.weights[i]
            ));
        }
    }
    text
}

/// A CSV field: quoted (with quotes doubled) when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A model's name as a file name: "#1 Random forest (hsf-forest)" → "1-random-forest--hsf-forest".
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_lowercase()
}

/// The file the "Scores CSV" button saves a model's [`predictions_csv`] as:
/// "#1 Random forest" → "1-random-forest-scores.csv".
pub fn scores_file_name(model_name: &str) -> String {
    format!("{}-scores.csv", file_stem(model_name))
}

/// The output's significance scan: keep events above each threshold, `measure` of S and B.
pub fn output_scan_settings(measure: Significance, thresholds: OutputThresholds) -> ScanSettings {
    ScanSettings {
        measure,
        direction: CutDirection::Above,
        thresholds: Thresholds::List(match thresholds {
            OutputThresholds::Notebook => NOTEBOOK_OUTPUT_THRESHOLDS.to_vec(),
            OutputThresholds::Fine => merit_thresholds(),
        }),
        min_background: 0.0,
    }
}

/// The variables the selected-events view offers: the model's inputs first, then the rest.
pub fn variable_choices(model: &TrainedModel, dataset: &Dataset) -> Vec<String> {
    let mut names = model.setup.inputs.clone();
    names.extend(
        dataset
            .variables()
            .into_iter()
            .filter(|v| !model.setup.inputs.contains(v)),
    );
    names
}

/// Bins of the selected-events view.
pub const SELECTED_BINS: usize = 25;

/// A variable's distribution for the test events a model classifies as signal.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedEvents {
    /// The bins: the central 98 % of the test events' values.
    pub binning: Binning,
    /// True background and true signal above the threshold (weighted), with their event counts.
    pub classes: [(Histogram, usize); 2],
    /// The axis title.
    pub x_title: String,
}

/// `variable`'s values for every event of `model`'s data, from its sample's table by row (NaN
/// where missing, the sentinel included, as the training's inputs have them).
fn values_of(model: &TrainedModel, dataset: &Dataset, variable: &str) -> Result<Vec<f64>> {
    let data = &model.data;
    let columns: Vec<&[f64]> = data
        .samples
        .iter()
        .map(|s| dataset.sample(s).and_then(|s| s.table.numeric(variable)))
        .collect::<Result<_>>()?;
    Ok((0..data.len())
        .map(|row| {
            data.rows
                .get(row)
                .and_then(|&r| columns[usize::from(data.sample[row])].get(r as usize))
                .copied()
                .filter(|&x| x != MISSING_SENTINEL)
                .unwrap_or(f64::NAN)
        })
        .collect())
}

/// The distribution of `variable` for the test events whose output is above `threshold`, true
/// signal against true background (the CMS exercise's look at what a selection keeps).
pub fn selected_events(
    model: &TrainedModel,
    dataset: &Dataset,
    variable: &str,
    threshold: f64,
) -> Result<SelectedEvents> {
    let values = values_of(model, dataset, variable)?;
    let test = &model.evaluation.test;
    let rows = &model.trained.split.test;
    let mut picked: [(Vec<f64>, Vec<f64>); 2] = Default::default();
    for (k, &row) in rows.iter().enumerate() {
        if test.scores[k] > threshold {
            let part = &mut picked[usize::from(test.labels[k])];
            part.0.push(values[row]);
            part.1.push(test.weights[k]);
        }
    }
    let all: Vec<f64> = rows.iter().map(|&r| values[r]).collect();
    // The central 98 % of the test events: a few extreme values would squash the rest.
    let (lo, hi) = central_range(&all, 0.01)
        .ok_or_else(|| Error::Model("this variable has no finite value".into()))?;
    let binning = Binning::uniform(SELECTED_BINS, lo, hi)?;
    let class = |i: usize| {
        let h = Histogram::fill(binning.clone(), &picked[i].0, Some(&picked[i].1));
        (h, picked[i].0.len())
    };
    let x_title = dataset
        .catalog
        .variable(variable)
        .map_or_else(|| variable.to_owned(), |v| v.axis_title());
    Ok(SelectedEvents {
        classes: [class(0), class(1)],
        binning,
        x_title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ams_regularisation_starts_from_the_datasets_own() {
        let mut data = crate::state::fixture::toy();
        assert_eq!(default_b_reg(&data), 0.001);
        assert_eq!(ams_basis(&data), AmsBasis::Rates);
        data.catalog.ams_b_reg = Some(10.0);
        assert_eq!(default_b_reg(&data), 10.0);
        assert_eq!(ams_basis(&data), AmsBasis::Yields);
        let yields = AmsSettings::on(&data, 10.0);
        assert_eq!(
            (yields.name().as_str(), yields.axis_title().as_str()),
            ("AMS on expected events", "AMS (b_r = 10)")
        );
        // The confusion matrix says which events it counts, and how.
        assert_eq!(
            confusion_caption(
                JudgedOn::HeldOut,
                HeldOut::Validation,
                EventWeights::Physical
            ),
            "Validation events, weighted (share of each true class)"
        );
        assert_eq!(
            confusion_caption(JudgedOn::HeldOut, HeldOut::Test, EventWeights::Once),
            "Test events, each counted once (share of each true class)"
        );
    }

    #[test]
    fn comparison_plots_draw_at_most_six_models_keeping_the_chosen_one() {
        assert_eq!(compared(0, 0), Vec::<usize>::new());
        assert_eq!(compared(4, 1), [0, 1, 2, 3]);
        assert_eq!(compared(6, 0), [0, 1, 2, 3, 4, 5]);
        assert_eq!(compared_note(6), None);
        // 15 models: the six most recent, or the chosen one and the five most recent.
        assert_eq!(compared(15, 14), [9, 10, 11, 12, 13, 14]);
        assert_eq!(compared(15, 9), [9, 10, 11, 12, 13, 14]);
        assert_eq!(compared(15, 2), [2, 10, 11, 12, 13, 14]);
        assert_eq!(compared(15, 99), [10, 11, 12, 13, 14]);
        assert!(
            compared_note(15)
                .expect("a note")
                .starts_with("The comparison plots draw 6 of the 15 models")
        );
    }
    use crate::ml::{MissingValues, TrainingData};
    use crate::state::device::Device;
    use crate::state::fixture::toy;
    use crate::state::training::{Provenance, judge, lab_setup, prepare};

    fn model() -> TrainedModel {
        model_on(&toy())
    }

    /// The Lab's first model, trained and judged on `data`.
    fn model_on(data: &Dataset) -> TrainedModel {
        let setup = lab_setup(data);
        let prepared = prepare(data, &[], &setup).expect("prepared");
        let events =
            TrainingData::from_dataset(data, &setup.inputs, &[], MissingValues::Drop).expect("ok");
        let trained = setup.train(&events).expect("trained");
        let provenance = Provenance {
            device: Device::Cpu,
            seconds: 1.0,
        };
        judge(data, &[], &prepared, &setup, trained, 1, provenance).expect("judged")
    }

    #[test]
    fn a_model_that_knows_its_training_events_gets_a_warning_for_the_events_counted() {
        let mut m = model();
        m.evaluation.train_auc = 0.90;
        m.evaluation.test_auc = 0.86;
        // A gap of 0.04 is within what a fair split gives.
        assert_eq!(overtraining_warning(&m, ScanEvents::All), None);
        m.evaluation.test_auc = 0.645;
        let all = overtraining_warning(&m, ScanEvents::All).expect("warned");
        assert!(
            all.contains("0.9") && all.contains("0.645") && all.contains("optimistic"),
            "{all}"
        );
        let test = overtraining_warning(&m, ScanEvents::Test).expect("warned");
        assert!(
            test.contains("honest") && !test.contains("optimistic"),
            "{test}"
        );
        // The honest count is the default, and the menu lists it first.
        assert_eq!(DEFAULT_SCAN_EVENTS, ScanEvents::Test);
        assert_eq!(
            <ScanEvents as crate::state::Choice>::ALL[0],
            DEFAULT_SCAN_EVENTS
        );
    }

    #[test]
    fn the_settings_file_gives_the_model_the_seed_it_trained_with() {
        let mut m = model();
        m.setup.seed = 42;
        m.setup.spec = crate::ml::preset_spec("hsf-forest", 2).expect("preset");
        let json = settings_json(&m);
        assert!(
            json.contains("\"random_state\": 42") && json.contains("\"seed\": 42"),
            "{json}"
        );
        let back: crate::ml::TrainingSetup = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.spec, m.setup.spec.clone().with_seed(42));
    }

    #[test]
    fn a_perfect_separation_asks_to_check_the_inputs() {
        let mut m = model();
        m.evaluation.test_auc = 0.9989;
        assert_eq!(leak_warning(&m), None, "a very good model is not suspect");
        m.evaluation.test_auc = 1.0;
        let warning = leak_warning(&m).expect("warned");
        assert!(warning.contains("test AUC 1.0000") && warning.contains("identifier"));
        assert!(warning.ends_with(&format!("Check its inputs: {}.", m.setup.inputs.join(", "))));
    }

    #[test]
    fn totals_count_every_event_or_the_test_part_scaled_up() {
        let m = model();
        let (s_all, b_all) = output_totals(&m, ScanEvents::All);
        // The toy's weights: 1, 1.5, 2 repeating, 60 events per sample → 90 per sample.
        assert!((s_all - 90.0).abs() < 1e-9, "{s_all}");
        assert!((b_all - 180.0).abs() < 1e-9, "{b_all}");
        let (s_test, b_test) = output_totals(&m, ScanEvents::Test);
        // A quarter of the events × 4: near the full totals, not equal to them.
        assert!((s_test / s_all - 1.0).abs() < 0.2, "{s_test}");
        assert!((b_test / b_all - 1.0).abs() < 0.2, "{b_test}");
    }

    #[test]
    fn the_scores_file_has_every_event_once() {
        let m = model();
        let csv = predictions_csv(&m, &toy());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "event,sample,label,weight,part,score");
        assert_eq!(lines.len(), 1 + 180);
        let tests = lines.iter().filter(|l| l.contains(",test,")).count();
        assert_eq!(tests, m.trained.split.test.len());
        assert!(lines[1].starts_with("0,sig,1,1,"), "{}", lines[1]);
    }

    #[test]
    fn the_scores_file_carries_the_files_own_event_ids() {
        let data = crate::state::fixture::toy_with_ids();
        assert!(!lab_setup(&data).inputs.iter().any(|i| i == "EventId"));
        let m = model_on(&data);
        let csv = predictions_csv(&m, &data);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "event,EventId,sample,label,weight,part,score");
        // Event 0 is the signal's first row (id 100000); event 60 the first of bkg1 (101000).
        assert!(lines[1].starts_with("0,100000,sig,1,1,"), "{}", lines[1]);
        assert!(
            lines[61].starts_with("60,101000,bkg1,0,1,"),
            "{}",
            lines[61]
        );
        let ids: std::collections::HashSet<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').nth(1).expect("id"))
            .collect();
        assert_eq!(ids.len(), 180);
    }

    #[test]
    fn selected_events_are_the_test_events_above_the_threshold() {
        let m = model();
        let data = toy();
        assert_eq!(variable_choices(&m, &data)[..2], ["x", "y"]);
        // Threshold 0: every test event with a positive output; −1: every test event.
        let every = selected_events(&m, &data, "x", -1.0).expect("selected");
        let n: usize = every.classes.iter().map(|c| c.1).sum();
        assert_eq!(n, m.trained.split.test.len());
        let high = selected_events(&m, &data, "x", 0.9).expect("selected");
        assert!(high.classes[0].1 + high.classes[1].1 <= n);
        assert_eq!(high.binning.n_bins(), SELECTED_BINS);
        // A variable that is not an input comes from the samples' tables (bkg2 has no eta).
        assert!(selected_events(&m, &data, "eta", 0.5).is_err());
        // A model keeps no copy of its inputs: they are looked up in the tables by row, the
        // values it trained on, bit for bit.
        assert!(m.data.features.columns.is_empty());
        let events = TrainingData::from_dataset(&data, &m.setup.inputs, &[], MissingValues::Drop)
            .expect("events");
        for (name, column) in m.setup.inputs.iter().zip(&events.features.columns) {
            let looked_up = values_of(&m, &data, name).expect("values");
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&looked_up), bits(column), "{name}");
        }
        let settings = output_scan_settings(Significance::AsimovZ, OutputThresholds::Notebook);
        assert_eq!(
            settings.thresholds,
            Thresholds::List(NOTEBOOK_OUTPUT_THRESHOLDS.to_vec())
        );
    }

    #[test]
    fn names_become_file_stems_and_thresholds_cover_the_output() {
        assert_eq!(
            file_stem("#1 Random forest (hsf-forest)"),
            "1-random-forest--hsf-forest"
        );
        let ts = merit_thresholds();
        assert_eq!((ts.len(), ts[0], ts[99]), (100, 0.0, 0.99));
        assert_eq!(
            events_title(ScanEvents::Test, HeldOut::Test),
            "test events × 1/test_size"
        );
        assert_eq!(
            events_title(ScanEvents::Test, HeldOut::Validation),
            "validation events × 1/validation_size"
        );
    }

    #[test]
    fn metrics_count_as_the_model_trained_and_b_r_is_a_number_at_least_zero() {
        assert!(!counts_weighted(Weighting::Unweighted));
        assert!(counts_weighted(Weighting::Event) && counts_weighted(Weighting::Balanced));
        assert_eq!(b_reg_of(" 0.001 "), Some(0.001));
        assert_eq!(b_reg_of("0"), Some(0.0));
        for bad in ["-1", "", "abc", "inf", "NaN"] {
            assert_eq!(b_reg_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_report_reads_as_scikit_learn_prints_it() {
        // TN 5, FP 1, FN 2, TP 4 (the metrics tests' events at 0.5, counted).
        let confusion = Confusion {
            true_negative: 5.0,
            false_positive: 1.0,
            false_negative: 2.0,
            true_positive: 4.0,
        };
        let rows = report_rows(&confusion.report());
        let labels: Vec<&str> = rows.iter().map(|r| r.label).collect();
        assert_eq!(
            labels,
            [
                "background",
                "signal",
                "accuracy",
                "macro avg",
                "weighted avg"
            ]
        );
        assert_eq!(rows[1].precision, Some(0.8));
        assert_eq!((rows[0].support, rows[1].support), (6.0, 6.0));
        // The accuracy row: one number, in the F1 column, with the total support.
        assert_eq!((rows[2].precision, rows[2].recall), (None, None));
        assert_eq!((rows[2].f1, rows[2].support), (0.75, 12.0));
    }

    #[test]
    fn the_threshold_curves_count_events_or_weights_as_asked() {
        use crate::ml::evaluation::Scored;
        // The metrics tests' events (scikit-learn 1.5.2 references in `ml::metrics::tests`).
        let y = vec![0_u8, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
        let s = vec![
            0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.4, 0.2, 0.65, 0.7, 0.65, 0.05,
        ];
        let w = vec![1.0, 2.0, 0.5, 1.5, 1.0, 1.0, 2.0, 0.5, 1.0, 3.0, 0.25, 1.0];
        let test = Scored {
            sample: y.iter().map(|&l| u16::from(l)).collect(),
            scores: s,
            labels: y,
            weights: w,
        };
        let e = Evaluation {
            train: test.clone(),
            roc: crate::ml::roc_curve(&test.labels, &test.scores, None).expect("roc"),
            test,
            test_auc: 0.5,
            train_auc: 0.5,
            held_out: HeldOut::Test,
        };
        // At 0.5: precision 0.8 × recall 4/6 counted; 5/9 × 0.6 weighted (classification_report).
        let counted = purity_efficiency_curve(&e, JudgedOn::HeldOut, EventWeights::Once, &[0.5])
            .expect("curve");
        assert!((counted[0] - 0.8 * 4.0 / 6.0).abs() < 1e-12);
        let weighted =
            purity_efficiency_curve(&e, JudgedOn::HeldOut, EventWeights::Physical, &[0.5])
                .expect("curve");
        assert!((weighted[0] - 5.0 / 9.0 * 0.6).abs() < 1e-12);
        // AMS on rates at 0.7 (numpy): 1.794356879180153 counted, 2.0017884665218424 weighted.
        let rates = AmsSettings {
            basis: AmsBasis::Rates,
            b_reg: 0.001,
        };
        let ams = |weighted| ams_curve_of(&e, 0.25, weighted, rates, &[0.7]).expect("ams")[0];
        assert!((ams(false).expect("defined") - 1.794356879180153).abs() < 1e-12);
        assert!((ams(true).expect("defined") - 2.0017884665218424).abs() < 1e-12);
        // On yields (the challenge's), a held-out quarter scaled ×4: above 0.7 are signal weights
        // 1.5 + 1 (0.7 itself is not above), no background: s = 10, b = 0, b_r = 10,
        // √(2(20·ln 2 − 10)) with Python's math. Yields are weights whatever the counting.
        let yields = AmsSettings {
            basis: AmsBasis::Yields,
            b_reg: 10.0,
        };
        for weighted in [false, true] {
            let v = ams_curve_of(&e, 0.25, weighted, yields, &[0.7]).expect("ams")[0];
            assert!((v.expect("defined") - 2.7795480248410556).abs() < 1e-12);
        }
    }
}
