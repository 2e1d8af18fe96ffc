//! Training, as the app decides it: the defaults every train panel starts from, the events and
//! job of one training, the judged model it gives, what is remembered of it, and how a remembered
//! model is prepared to be trained again after a reload.

use std::sync::Arc;

use crate::Result;
use crate::analysis::CutExpr;
use crate::data::Dataset;
use crate::ml::evaluation::{Evaluation, HeldOut, apply_to_data};
use crate::ml::{
    Gathering, MissingValues, ModelKind, ModelRecord, Plan, Scaling, Trained, TrainingData,
    TrainingEvents, TrainingSetup, Weighting, preset_spec,
};

use super::cuts::check_cuts;
use super::device::Device;

/// The seed of the split and of every random choice, unless the student or a lesson picks one
/// (scikit-learn tutorials' favourite `random_state=42`).
pub const DEFAULT_SEED: u64 = 42;

/// The fraction of events held out for testing (`train_test_split`'s default test_size).
pub const DEFAULT_TEST_FRACTION: f64 = 0.25;

/// The test fractions a student may type (both parts keep enough events to mean something).
pub const TEST_FRACTION_RANGE: (f64, f64) = (0.05, 0.9);

/// How Monte-Carlo weights enter a training unless chosen: balanced per class, so a rare signal
/// is not ignored.
pub const DEFAULT_WEIGHTING: Weighting = Weighting::Balanced;

/// Inputs are standardised (StandardScaler) unless another scaler is chosen (networks need one,
/// trees do not mind).
pub const DEFAULT_SCALING: Scaling = Scaling::Standard;

/// The classifier the Lab's train panel starts with: the HSF lesson's forest.
pub const LAB_PRESET: &str = "hsf-forest";

/// The inputs a classifier starts with: the catalog's list (the names the data have), else every
/// variable.
pub fn default_inputs(dataset: &Dataset) -> Vec<String> {
    let variables = dataset.variables();
    let listed: Vec<String> = dataset
        .catalog
        .inputs
        .iter()
        .filter(|i| variables.contains(i))
        .cloned()
        .collect();
    if listed.is_empty() { variables } else { listed }
}

/// The default settings with `inputs` and `spec`.
pub fn setup_with(inputs: Vec<String>, spec: crate::ml::ModelSpec) -> TrainingSetup {
    TrainingSetup {
        inputs,
        test_fraction: DEFAULT_TEST_FRACTION,
        validation_fraction: 0.0,
        scaling: DEFAULT_SCALING,
        weighting: DEFAULT_WEIGHTING,
        seed: DEFAULT_SEED,
        spec,
        missing: crate::ml::MissingValues::Drop,
    }
}

/// The Lab's train panel's starting settings on `dataset`: [`LAB_PRESET`] on the default inputs.
pub fn lab_setup(dataset: &Dataset) -> TrainingSetup {
    let inputs = default_inputs(dataset);
    let spec =
        preset_spec(LAB_PRESET, inputs.len()).unwrap_or_else(|| ModelKind::Forest.default_spec());
    setup_with(inputs, spec)
}

/// A typed test fraction, kept within [`TEST_FRACTION_RANGE`] (`None`: not a number).
pub fn test_fraction_of(text: &str) -> Option<f64> {
    let x: f64 = text.trim().parse().ok().filter(|x: &f64| x.is_finite())?;
    Some(x.clamp(TEST_FRACTION_RANGE.0, TEST_FRACTION_RANGE.1))
}

/// The largest validation fraction a student may type.
pub const MAX_VALIDATION_FRACTION: f64 = 0.45;

/// What the train panel says about the split it makes with `setup`: two parts, or three when it
/// keeps a validation part.
pub fn split_words(setup: &TrainingSetup) -> &'static str {
    if setup.validation_fraction > 0.0 {
        "Signal and background events that pass the switched-on cuts are split into a training, a validation and a test part. The classifier learns on the first, is compared and tuned on the second, and the third stays sealed until you choose to look at it."
    } else {
        "Signal and background events that pass the switched-on cuts are split into a training part and a test part. The classifier learns on the first and is judged on the second."
    }
}

/// A typed validation fraction next to test fraction `test`: 0 (no validation part) up to
/// [`MAX_VALIDATION_FRACTION`], leaving at least 10 % of the events to train (`None`: not a
/// number). A third each is the LIP tutorial's 1:1:1.
pub fn validation_fraction_of(text: &str, test: f64) -> Option<f64> {
    let x: f64 = text.trim().parse().ok().filter(|x: &f64| x.is_finite())?;
    Some(x.clamp(0.0, MAX_VALIDATION_FRACTION.min(0.9 - test).max(0.0)))
}

/// The preset whose settings `setup` holds, if any.
pub fn matching_preset(setup: &TrainingSetup) -> Option<&'static str> {
    crate::ml::matching_preset(&setup.spec, setup.inputs.len())
}

/// `setup` with input `name` switched on (appended) or off.
pub fn toggle_input(setup: &mut TrainingSetup, name: &str, on: bool) {
    setup.inputs.retain(|i| i != name);
    if on {
        setup.inputs.push(name.to_owned());
    }
}

/// The events and the worker's job for one training.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The events (physical weights) the model's split indexes into.
    pub data: Arc<TrainingData>,
    /// The same events with their training weights, as the worker gets them (shared, not copied).
    events: TrainingEvents,
    /// The job without its events, as it crosses to the worker.
    pub plan: Plan,
}

impl Prepared {
    /// The events the worker trains on (training weights applied).
    pub fn events(&self) -> &TrainingEvents {
        &self.events
    }
}

/// The events of `dataset` passing `cuts`, with `setup`'s inputs, and the job that trains on them
/// (training weights applied). Fails with a message a student can act on.
pub fn prepare(dataset: &Dataset, cuts: &[CutExpr], setup: &TrainingSetup) -> Result<Prepared> {
    Preparing::start(dataset, cuts, setup)?.finish()
}

/// [`prepare`] a piece at a time (see [`Gathering`]): a page preparing 10⁶ events takes one
/// input column per task.
#[derive(Debug)]
pub struct Preparing {
    gathering: Gathering,
    setup: TrainingSetup,
}

impl Preparing {
    /// The events kept, without their inputs yet; fails as [`prepare`] does.
    pub fn start(dataset: &Dataset, cuts: &[CutExpr], setup: &TrainingSetup) -> Result<Self> {
        Ok(Self {
            gathering: Gathering::start(dataset, &setup.inputs, cuts, setup.missing_values())?,
            setup: setup.clone(),
        })
    }

    /// Gathers the next input; `true` once every input is in ([`Self::finish`] is then quick).
    pub fn step(&mut self) -> Result<bool> {
        self.gathering.step()
    }

    /// The events and the job (inputs not gathered yet are gathered now).
    pub fn finish(self) -> Result<Prepared> {
        let data = Arc::new(self.gathering.finish()?);
        let weights = self.setup.training_weights(&data.labels, &data.weights)?;
        // Trained with the physical weights themselves, the events carry one set (a worker is
        // sent one, and judges with it).
        let events = if weights == data.weights {
            TrainingEvents::new(data.clone())
        } else {
            TrainingEvents::reweighted(data.clone(), weights)?
        };
        Ok(Prepared {
            events,
            data,
            plan: self.setup.plan(),
        })
    }
}

/// What the train panel says about the events that lack an input value
/// ([`crate::ml::lacks_value`]): how many of those passing `cuts`, how many lack each input, and
/// whether training leaves them out or keeps them (`missing`: [`TrainingSetup::missing_values`]).
/// `None` when every event has all its inputs (or the inputs or cuts do not apply: the training
/// itself then says why).
pub fn missing_inputs_note(
    dataset: &Dataset,
    cuts: &[CutExpr],
    inputs: &[String],
    missing: MissingValues,
) -> Option<String> {
    let (mut total, mut dropped) = (0_usize, 0_usize);
    let mut per_input = vec![0_usize; inputs.len()];
    let trained_on = dataset.simulated();
    for sample in trained_on {
        let keep = sample.passing(cuts).ok()?;
        total += keep.iter().filter(|k| **k).count();
        // Column by column, without a branch per event (10⁶ events: a few milliseconds).
        let mut lacking = vec![false; keep.len()];
        for (count, input) in per_input.iter_mut().zip(inputs) {
            let column = sample.table.numeric(input).ok()?;
            for ((lacks, &kept), &x) in lacking.iter_mut().zip(&keep).zip(column) {
                let here = kept & crate::ml::lacks_value(x);
                *count += usize::from(here);
                *lacks |= here;
            }
        }
        dropped += lacking.iter().filter(|l| **l).count();
    }
    let which: Vec<String> = inputs
        .iter()
        .zip(&per_input)
        .filter(|(_, n)| **n > 0)
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    let fate = match missing {
        MissingValues::Drop => "are left out of training and testing",
        MissingValues::Keep => "are kept: the trees send a missing value to one side of each split",
    };
    (dropped > 0).then(|| {
        format!(
            "{dropped} of the {total} events that pass the cuts lack a value in an input (empty, −999, NaN or ±inf) and {fate} — missing per input: {}.",
            which.join(", ")
        )
    })
}

/// What the train panel says when the model cannot learn from negative Monte-Carlo weights
/// (AdaBoost, unless unweighted): how many of the events passing `cuts` have one. They train with
/// weight 0 and are still tested. `None` when none has one (or the cuts do not apply).
pub fn negative_weights_note(
    dataset: &Dataset,
    cuts: &[CutExpr],
    setup: &TrainingSetup,
) -> Option<String> {
    if setup.spec.kind() != ModelKind::AdaBoost || setup.weighting == Weighting::Unweighted {
        return None;
    }
    let (mut total, mut negative) = (0_usize, 0_usize);
    let trained_on = dataset.simulated();
    for sample in trained_on {
        let keep = sample.passing(cuts).ok()?;
        total += keep.iter().filter(|k| **k).count();
        if let Some(weights) = sample.weights() {
            negative += (0..keep.len())
                .filter(|&r| keep[r] && weights[r] < 0.0)
                .count();
        }
    }
    (negative > 0).then(|| {
        format!(
            "{negative} of the {total} events that pass the cuts have a negative weight. AdaBoost cannot learn from one (its re-weighting would make it grow without bound), so they train with weight 0, as TMVA's IgnoreNegWeightsInTraining does; they are still tested."
        )
    })
}

/// A model the student trained, with what it was trained on and how it did.
#[derive(Debug, Clone)]
pub struct TrainedModel {
    /// "#1 Random forest (hsf-forest)", unique on the page.
    pub name: String,
    /// The settings it was trained with.
    pub setup: TrainingSetup,
    /// The events (physical weights) its split indexes into, without their inputs
    /// ([`TrainingData::without_inputs`]: the tables have them).
    pub data: Arc<TrainingData>,
    /// The worker's result.
    pub trained: Trained,
    /// Its scores judged with physical weights.
    pub evaluation: Evaluation,
    /// Its output for the dataset's real data events (after the same cuts), if it has any.
    pub data_scores: Option<Vec<f64>>,
    /// Where it trained.
    pub device: Device,
    /// Wall-clock training time, seconds.
    pub seconds: f64,
    /// Its samples, cuts and settings (what tells it apart: `state::provenance`).
    pub record: ModelRecord,
}

impl TrainedModel {
    /// The fraction of the events its held-out part is (to scale its counts to the full
    /// sample): the test fraction, or the validation fraction while the test part is sealed.
    pub fn held_out_fraction(&self) -> f64 {
        match self.evaluation.held_out {
            HeldOut::Test => self.setup.test_fraction,
            HeldOut::Validation => self.setup.validation_fraction,
        }
    }

    /// Whether its test part is still unseen: it is judged on validation.
    pub fn test_sealed(&self) -> bool {
        self.evaluation.held_out == HeldOut::Validation
    }

    /// Whether the student has looked at its test part after validating on another part.
    pub fn test_revealed(&self) -> bool {
        self.evaluation.held_out == HeldOut::Test && !self.trained.split.validation.is_empty()
    }

    /// The same model judged on its test part: the student looks at it, once, at the end.
    pub fn with_test_revealed(&self) -> Result<Self> {
        Ok(Self {
            evaluation: Evaluation::judged_on(&self.data, &self.trained, HeldOut::Test)?,
            record: ModelRecord {
                test_revealed: true,
                ..self.record.clone()
            },
            ..self.clone()
        })
    }

    /// The model trained again from `remembered`, as the student had left it: judged on its test
    /// part if they had looked at it.
    pub fn as_remembered(self, remembered: &ModelRecord) -> Result<Self> {
        if remembered.test_revealed && self.test_sealed() {
            self.with_test_revealed()
        } else {
            Ok(self)
        }
    }
}

/// "#`number` <family> (<preset>)": the name of the page's `number`th model.
pub fn model_name(number: usize, setup: &TrainingSetup) -> String {
    let preset = matching_preset(setup)
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    format!("#{number} {}{preset}", setup.spec.kind().title())
}

/// Where and how long a model trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Provenance {
    /// The device.
    pub device: Device,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The worker's `trained` model judged on its events, with its output on the dataset's data
/// events (after the same cuts): the page's `number`th model.
pub fn judge(
    dataset: &Dataset,
    cuts: &[CutExpr],
    prepared: &Prepared,
    setup: &TrainingSetup,
    mut trained: Trained,
    number: usize,
    provenance: Provenance,
) -> Result<TrainedModel> {
    // The worker that trained it has judged it (on the part `HeldOut::of` names), so the page
    // does not gather, sort and integrate 10⁶ scores again; a model without one is judged here.
    let evaluation = match trained.evaluation.take() {
        Some(evaluation) => *evaluation,
        None => Evaluation::judged_on(&prepared.data, &trained, HeldOut::of(&trained.split))?,
    };
    let data_scores = apply_to_data(dataset, &trained, &setup.inputs, cuts)?;
    Ok(TrainedModel {
        name: model_name(number, setup),
        setup: setup.clone(),
        data: Arc::new(prepared.data.without_inputs()),
        trained,
        evaluation,
        data_scores,
        device: provenance.device,
        seconds: provenance.seconds,
        record: record(dataset, cuts, setup),
    })
}

/// What is remembered of a model trained on `dataset`'s samples after `cuts`.
pub fn record(dataset: &Dataset, cuts: &[CutExpr], setup: &TrainingSetup) -> ModelRecord {
    ModelRecord {
        samples: dataset
            .samples
            .iter()
            .map(|s| s.spec.name.clone())
            .collect(),
        cuts: cuts.iter().map(|c| c.text().to_owned()).collect(),
        setup: setup.clone(),
        dataset: Some(dataset.catalog.id.clone()),
        test_revealed: false,
    }
}

/// A remembered model, ready to be trained again.
#[derive(Debug, Clone)]
pub struct Restorable {
    /// Its samples.
    pub dataset: Arc<Dataset>,
    /// Its cuts, checked against them.
    pub cuts: Vec<CutExpr>,
    /// Its events and job.
    pub prepared: Prepared,
}

/// The samples of `all` that `record` names, its cuts checked against them, and its job.
pub fn restorable(all: &Dataset, record: &ModelRecord) -> Result<Restorable> {
    let dataset = all.subset(&record.samples)?;
    let cuts = check_cuts(&record.cuts, &dataset)?;
    let prepared = prepare(&dataset, &cuts, &record.setup)?;
    Ok(Restorable {
        dataset: Arc::new(dataset),
        cuts,
        prepared,
    })
}

/// Where training remembered models again stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Restoring {
    /// Training model `done + 1` of `total`.
    Training {
        /// Models restored so far.
        done: usize,
        /// Models to restore.
        total: usize,
    },
    /// A model could not be trained again (why); the ones before it are back.
    Failed(String),
}

impl Restoring {
    /// Model `index` (from 0) of `total` could not be trained again because of `why`.
    pub fn failed(index: usize, total: usize, why: &str) -> Self {
        Self::Failed(format!(
            "Model {} of {total} from before the reload could not be trained again: {why}. Train it again with the train panel.",
            index + 1
        ))
    }

    /// The notice shown while training again.
    pub fn text(&self) -> String {
        match self {
            Self::Training { done, total } => {
                let what = if *total == 1 {
                    "the model".to_owned()
                } else {
                    format!("the {total} models")
                };
                format!(
                    "Training again {what} you trained before (same settings and seed): {} of {total}…",
                    done + 1
                )
            }
            Self::Failed(why) => why.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::cuts::check_cut;
    use crate::state::fixture::toy;

    #[test]
    fn the_lab_starts_from_the_hsf_forest_on_the_catalogs_inputs() {
        let data = toy();
        let setup = lab_setup(&data);
        assert_eq!(setup.inputs, ["x", "y"]);
        assert_eq!(setup.seed, 42);
        assert_eq!(setup.test_fraction, 0.25);
        assert_eq!(setup.weighting, Weighting::Balanced);
        assert_eq!(setup.scaling, Scaling::Standard);
        assert_eq!(matching_preset(&setup), Some("hsf-forest"));
        // Names the data lack are left out; with none left, every variable (those every
        // sample has: bkg2 has no eta).
        let mut other = toy();
        other.catalog.inputs = vec!["y".into(), "missing".into()];
        assert_eq!(default_inputs(&other), ["y"]);
        other.catalog.inputs = vec!["missing".into()];
        assert_eq!(default_inputs(&other), ["x", "y"]);
    }

    /// A user's two files (signal, background) through the mapping step, weighted by `weight`.
    fn two_files(signal: &str, background: &str, weight: Option<&str>) -> Dataset {
        use crate::data::{CsvOptions, read_csv};
        let table = |text: &str| read_csv(text.as_bytes(), &CsvOptions::default(), |_| {});
        let files = vec![
            ("sig.csv".to_owned(), table(signal).expect("csv")),
            ("bkg.csv".to_owned(), table(background).expect("csv")),
        ];
        let mut mapping = crate::data::UserMapping {
            weight_column: weight.map(str::to_owned),
            roles: crate::state::mapping::per_file(2),
        };
        crate::state::mapping::set_role_at(&mut mapping.roles, 0, crate::data::Role::Signal);
        crate::state::mapping::build(files, &mapping).expect("dataset")
    }

    #[test]
    fn events_left_out_for_a_missing_input_are_counted_as_training_leaves_them_out() {
        let dataset = two_files("x,y\n1,2\n-999,3\n5,6\n", "x,y\n1,\n2,inf\n3,4\n", None);
        let inputs = ["x".to_owned(), "y".to_owned()];
        // x = −999 in the signal; y empty and +inf in the background: 3 of 6 left out.
        assert_eq!(
            missing_inputs_note(&dataset, &[], &inputs, MissingValues::Drop).as_deref(),
            Some(
                "3 of the 6 events that pass the cuts lack a value in an input (empty, −999, NaN or ±inf) and are left out of training and testing — missing per input: x 1, y 2."
            )
        );
        let kept =
            TrainingData::from_dataset(&dataset, &inputs, &[], MissingValues::Drop).expect("data");
        assert_eq!(kept.labels.len(), 3, "the note and the training agree");
        // After x > 1.5 only the background's (2, inf) lacks a value; y alone lacks nothing.
        let cut = [check_cut("x > 1.5", &dataset).expect("cut")];
        let note =
            missing_inputs_note(&dataset, &cut, &inputs, MissingValues::Drop).expect("a note");
        assert!(
            note.starts_with("1 of the 3 events") && note.ends_with("y 1."),
            "{note}"
        );
        assert_eq!(
            missing_inputs_note(&dataset, &cut, &inputs[..1], MissingValues::Drop),
            None
        );
        // Kept for a forest: every event trains, and the note says so.
        let mut setup = setup_with(inputs.to_vec(), crate::ml::ModelKind::Forest.default_spec());
        setup.missing = MissingValues::Keep;
        assert_eq!(setup.missing_values(), MissingValues::Keep);
        let all = prepare(&dataset, &[], &setup).expect("prepared");
        assert_eq!(all.events().data().labels.len(), 6);
        assert!(
            all.events().data().features.columns[0]
                .iter()
                .any(|x| x.is_nan())
        );
        let note =
            missing_inputs_note(&dataset, &[], &inputs, setup.missing_values()).expect("note");
        assert!(
            note.contains("3 of the 6 events") && note.contains("are kept"),
            "{note}"
        );
        // A network cannot take them: they are left out whatever the box says.
        setup.spec = crate::ml::ModelKind::Mlp.default_spec();
        assert_eq!(setup.missing_values(), MissingValues::Drop);
        assert_eq!(
            prepare(&dataset, &[], &setup)
                .expect("prepared")
                .events()
                .data()
                .labels
                .len(),
            3
        );
    }

    #[test]
    fn negative_weights_are_announced_for_adaboost_and_train_with_weight_zero() {
        let dataset = two_files(
            "x,w\n1,0.5\n2,-0.25\n3,0.5\n4,0.5\n",
            "x,w\n-1,1\n-2,1\n-3,-1\n-4,1\n",
            Some("w"),
        );
        let mut setup = setup_with(vec!["x".into()], ModelKind::AdaBoost.default_spec());
        let note = negative_weights_note(&dataset, &[], &setup).expect("a note");
        assert!(
            note.starts_with("2 of the 8 events that pass the cuts have a negative weight."),
            "{note}"
        );
        // x > 1.5 keeps the signal's 2, 3, 4: one negative among them.
        let cut = [check_cut("x > 1.5", &dataset).expect("cut")];
        let note = negative_weights_note(&dataset, &cut, &setup).expect("a note");
        assert!(note.starts_with("1 of the 3 events"), "{note}");
        // Other models use the weights as they are; unweighted AdaBoost has none.
        setup.weighting = Weighting::Unweighted;
        assert_eq!(negative_weights_note(&dataset, &[], &setup), None);
        let forest = setup_with(vec!["x".into()], ModelKind::Forest.default_spec());
        assert_eq!(negative_weights_note(&dataset, &[], &forest), None);
        // And it trains: the negative weights count as zero.
        let events = TrainingData::from_dataset(&dataset, &setup.inputs, &[], MissingValues::Drop)
            .expect("data");
        let spec = ModelKind::AdaBoost.default_spec();
        let weights = events.weights.clone();
        let zeroed: Vec<f64> = weights.iter().map(|w| w.max(0.0)).collect();
        let with = spec
            .fit(
                &events.features,
                &events.labels,
                Some(&weights),
                &mut |_, _| true,
            )
            .expect("trains");
        let direct = spec
            .fit(
                &events.features,
                &events.labels,
                Some(&zeroed),
                &mut |_, _| true,
            )
            .expect("trains");
        assert_eq!(
            with.predict_proba(&events.features),
            direct.predict_proba(&events.features)
        );
    }

    #[test]
    fn typed_settings_are_read_and_bounded() {
        assert_eq!(test_fraction_of(" 0.3 "), Some(0.3));
        assert_eq!(test_fraction_of("2"), Some(0.9));
        assert_eq!(test_fraction_of("0"), Some(0.05));
        assert_eq!(test_fraction_of("NaN"), None);
        assert_eq!(test_fraction_of("a third"), None);
        let mut setup = lab_setup(&toy());
        toggle_input(&mut setup, "x", false);
        toggle_input(&mut setup, "eta", true);
        toggle_input(&mut setup, "eta", true);
        assert_eq!(setup.inputs, ["y", "eta"]);
    }

    #[test]
    fn a_training_is_prepared_judged_and_remembered() {
        let data = toy();
        let cuts = vec![check_cut("x > 2", &data).expect("cut")];
        let setup = lab_setup(&data);
        let prepared = prepare(&data, &cuts, &setup).expect("prepared");
        // x > 2 keeps every sig (x from 20) and bkg2 (from 5) event, and 57 of bkg1 (from 0).
        assert_eq!(prepared.data.labels.len(), 60 + 57 + 60);
        // The worker gets balanced training weights; the judge keeps the physical ones.
        assert_ne!(prepared.events().weights(), prepared.data.weights);
        // Shared, not copied: the worker's events are the judge's, reweighted.
        assert!(std::ptr::eq(prepared.events().data(), &*prepared.data));
        let trained = setup.train(&prepared.data).expect("trained");
        let provenance = Provenance {
            device: Device::Cpu,
            seconds: 0.5,
        };
        let model = judge(&data, &cuts, &prepared, &setup, trained, 3, provenance).expect("judged");
        assert_eq!(model.name, "#3 Random forest (hsf-forest)");
        assert_eq!(model.device, Device::Cpu);
        assert!(model.data_scores.is_none(), "the toy has no real data");
        let remembered = record(&data, &cuts, &setup);
        assert_eq!(remembered.samples, ["sig", "bkg1", "bkg2"]);
        assert_eq!(remembered.cuts, ["x > 2"]);
        // Trained again from what was remembered: the same events and job.
        let again = restorable(&data, &remembered).expect("restorable");
        assert_eq!(again.prepared.data, prepared.data);
        assert_eq!(again.prepared.plan, prepared.plan);
    }

    /// Prepared a column per step, the events and job are `prepare`'s; what cannot be trained
    /// on fails at the start, before any column is gathered.
    #[test]
    fn preparing_a_column_per_step_gives_what_prepare_gives() {
        let data = toy();
        let setup = lab_setup(&data);
        let cuts = check_cuts(&["x > 2".to_owned()], &data).expect("cuts");
        let mut preparing = Preparing::start(&data, &cuts, &setup).expect("started");
        assert_eq!(preparing.gathering.steps_left(), setup.inputs.len());
        let mut steps = 1;
        while !preparing.step().expect("a step") {
            steps += 1;
        }
        assert_eq!(steps, setup.inputs.len());
        assert!(preparing.step().expect("nothing left"), "done stays done");
        let stepped = preparing.finish().expect("prepared");
        let whole = prepare(&data, &cuts, &setup).expect("prepared");
        assert_eq!(stepped.data, whole.data);
        assert_eq!(stepped.events(), whole.events());
        assert_eq!(stepped.plan, whole.plan);
        // Finishing early gathers what is left.
        let early = Preparing::start(&data, &cuts, &setup).expect("started");
        assert_eq!(early.finish().expect("prepared").data, whole.data);
        let none = TrainingSetup {
            inputs: Vec::new(),
            ..setup.clone()
        };
        assert!(Preparing::start(&data, &cuts, &none).is_err());
        let nothing_passes = check_cuts(&["x > 1e9".to_owned()], &data).expect("cuts");
        let failed = Preparing::start(&data, &nothing_passes, &setup).expect_err("no events");
        assert!(
            failed.to_string().contains("signal and background"),
            "{failed}"
        );
    }

    /// The worker judges the model it trained (so the page does not sort 10⁶ scores again):
    /// exactly as the page would, with the physical weights though it trained with others, on
    /// the part `HeldOut::of` names; the page takes that judgement instead of making its own.
    #[test]
    fn a_model_comes_judged_as_the_page_would_judge_it() {
        let data = toy();
        let mut setup = lab_setup(&data);
        setup.weighting = crate::ml::Weighting::Balanced;
        let provenance = Provenance {
            device: Device::Cpu,
            seconds: 0.1,
        };
        for (validation_fraction, held_out) in [(0.0, HeldOut::Test), (0.25, HeldOut::Validation)] {
            setup.validation_fraction = validation_fraction;
            let prepared = prepare(&data, &[], &setup).expect("prepared");
            let trained = setup.train(&prepared.data).expect("trained");
            let unjudged = Trained {
                evaluation: None,
                ..trained.clone()
            };
            let on_page =
                Evaluation::judged_on(&prepared.data, &unjudged, held_out).expect("judged");
            assert_eq!(trained.evaluation.as_deref(), Some(&on_page));
            // Physical weights, not the balanced ones it trained with.
            let at = |weights: &[f64]| -> Vec<f64> {
                trained.split.train.iter().map(|&i| weights[i]).collect()
            };
            assert_eq!(on_page.train.weights, at(&prepared.data.weights));
            assert_ne!(
                on_page.train.weights,
                at(prepared.events.weights()),
                "the training weights differ here"
            );
            let model =
                judge(&data, &[], &prepared, &setup, trained, 1, provenance).expect("judged");
            assert_eq!(model.evaluation, on_page);
            assert!(model.trained.evaluation.is_none(), "taken, not kept twice");
            // A model that comes without one is judged on the page, the same.
            let model =
                judge(&data, &[], &prepared, &setup, unjudged, 2, provenance).expect("judged");
            assert_eq!(model.evaluation, on_page);
        }
    }

    #[test]
    fn with_a_validation_part_the_test_part_stays_sealed_until_looked_at() {
        use crate::state::evaluation::{compared_events, output_totals, test_peeks_note};
        let data = toy();
        let mut setup = lab_setup(&data);
        (setup.validation_fraction, setup.test_fraction) = (1.0 / 3.0, 1.0 / 3.0);
        let prepared = prepare(&data, &[], &setup).expect("prepared");
        let provenance = Provenance {
            device: Device::Cpu,
            seconds: 0.1,
        };
        let judged = |n| {
            let trained = setup.train(&prepared.data).expect("trained");
            judge(&data, &[], &prepared, &setup, trained, n, provenance).expect("judged")
        };
        let model = judged(1);
        // 180 events: 60 each for validation and test (stratified), 60 to train.
        let split = &model.trained.split;
        assert_eq!(
            (split.train.len(), split.validation.len(), split.test.len()),
            (60, 60, 60)
        );
        assert!(model.test_sealed() && !model.test_revealed());
        assert_eq!(model.evaluation.held_out, HeldOut::Validation);
        assert_eq!(
            model.evaluation.test.scores,
            model.trained.validation_scores
        );
        assert_eq!(
            Some(model.evaluation.test_auc),
            model.trained.validation_auc
        );
        assert_eq!(model.held_out_fraction(), 1.0 / 3.0);
        // Every event the student may see: training and validation, never the sealed test part.
        let (all, _) = model
            .evaluation
            .counted(crate::ml::evaluation::ScanEvents::All, 1.0);
        assert_eq!(all.scores.len(), 120);
        // The held-out weights, × 3, stand for the whole sample.
        let (s, b) = output_totals(&model, crate::ml::evaluation::ScanEvents::Test);
        let validation = prepared.data.select(&split.validation);
        let expected: f64 = validation.weights.iter().sum::<f64>() * 3.0;
        assert!((s + b - expected).abs() < 1e-9 * expected);
        // Looked at: judged on the test part from then on.
        // The scores file holds training and validation events; the test part only once looked at.
        let parts = |m: &TrainedModel| {
            let csv = crate::state::evaluation::predictions_csv(m, &data);
            let mut seen: Vec<String> = csv
                .lines()
                .skip(1)
                .map(|l| l.split(',').nth(4).unwrap_or_default().to_owned())
                .collect();
            seen.sort();
            seen.dedup();
            seen
        };
        assert_eq!(parts(&model), ["train", "validation"]);
        let revealed = model.with_test_revealed().expect("revealed");
        assert_eq!(parts(&revealed), ["test", "train", "validation"]);
        assert!(revealed.test_revealed() && !revealed.test_sealed());
        // Remembered so: trained again after a reload, it comes back looked at.
        assert!(revealed.record.test_revealed && !model.record.test_revealed);
        let again = model
            .clone()
            .as_remembered(&revealed.record)
            .expect("again");
        assert!(again.test_revealed());
        let sealed = model.clone().as_remembered(&model.record).expect("again");
        assert!(sealed.test_sealed());
        assert_eq!(revealed.evaluation.test.scores, model.trained.test_scores);
        assert_eq!(Some(revealed.evaluation.test_auc), model.trained.test_auc);
        assert_eq!(compared_events(&[&model]), "validation events");
        assert_eq!(compared_events(&[&revealed]), "test events");
        assert!(
            compared_events(&[&model, &revealed]).contains("validation events of sealed models")
        );
        // Looking at a second model's test part is choosing by it: the page says so.
        assert_eq!(test_peeks_note(&[&revealed, &model]), None);
        let second = judged(2).with_test_revealed().expect("revealed");
        let note = test_peeks_note(&[&revealed, &second]).expect("a warning");
        assert!(
            note.starts_with("You have looked at the test part of 2 models"),
            "{note}"
        );
        // Without a validation part nothing is sealed.
        let plain = lab_setup(&data);
        let prepared = prepare(&data, &[], &plain).expect("prepared");
        let trained = plain.train(&prepared.data).expect("trained");
        let model = judge(&data, &[], &prepared, &plain, trained, 3, provenance).expect("judged");
        assert!(!model.test_sealed() && !model.test_revealed());
        assert_eq!(model.held_out_fraction(), 0.25);
        // Typed fractions: a third each is fine; too much leaves nothing to train.
        assert_eq!(validation_fraction_of("0.3333", 1.0 / 3.0), Some(0.3333));
        // The panel says which split it makes.
        assert!(split_words(&setup).contains("a validation and a test part"));
        assert!(split_words(&plain).contains("a training part and a test part"));
        assert_eq!(validation_fraction_of("0.8", 0.25), Some(0.45));
        assert_eq!(
            validation_fraction_of("0.5", 0.6),
            Some(0.30000000000000004)
        );
        assert_eq!(validation_fraction_of("-1", 0.25), Some(0.0));
        assert_eq!(validation_fraction_of("half", 0.25), None);
    }

    #[test]
    fn a_record_that_no_longer_fits_says_why() {
        let data = toy();
        let mut remembered = record(&data, &[], &lab_setup(&data));
        remembered.cuts = vec!["eta > 1".into()];
        let why = restorable(&data, &remembered).expect_err("bkg2 has no eta");
        let notice = Restoring::failed(1, 3, &why.to_string());
        assert!(
            notice
                .text()
                .starts_with("Model 2 of 3 from before the reload")
        );
        assert!(
            notice.text().contains("(in sample bkg2)"),
            "{}",
            notice.text()
        );
        remembered.samples = vec!["nope".into()];
        assert!(restorable(&data, &remembered).is_err());
        assert_eq!(
            Restoring::Training { done: 0, total: 1 }.text(),
            "Training again the model you trained before (same settings and seed): 1 of 1…"
        );
        assert_eq!(
            Restoring::Training { done: 1, total: 2 }.text(),
            "Training again the 2 models you trained before (same settings and seed): 2 of 2…"
        );
    }
}
