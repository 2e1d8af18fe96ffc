//! The train panel's settings in a link: inputs, split, scaling, weighting, seed and classifier,
//! written only where they differ from the panel's defaults, so a copied link trains the same
//! model (the same seed gives the same split and the same random choices).
//!
//! `…&in=ETmiss,mll&test=0.3&wt=event&seed=7&model=hsf-forest`
//!
//! The classifier is a preset id when its settings are a preset's, a family (`forest`, `mlp`, …)
//! for the library defaults, and otherwise the settings as JSON. Pure: no web types.

use crate::ml::{
    MissingValues, ModelKind, ModelSpec, PRESETS, Scaling, TrainingSetup, Weighting,
    matching_preset, preset_spec,
};
use crate::state::Choice;

/// The classifier named in a link.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelChoice {
    /// One of the tutorials' presets (its settings depend on the number of inputs).
    Preset(String),
    /// Settings spelled out (a family's defaults, or edited ones).
    Spec(ModelSpec),
}

/// What a link changes in the train panel (`None`: the panel's default).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainView {
    /// Input variables.
    pub inputs: Option<Vec<String>>,
    /// Fraction of events held out for testing.
    pub test_fraction: Option<f64>,
    /// Fraction of events held out for validation (`val=`).
    pub validation_fraction: Option<f64>,
    /// How the inputs are scaled.
    pub scaling: Option<Scaling>,
    /// How weights enter the training.
    pub weighting: Option<Weighting>,
    /// The seed of the split and of the model's random choices.
    pub seed: Option<u64>,
    /// The classifier.
    pub model: Option<ModelChoice>,
    /// Events lacking an input kept for the tree models (`missing=keep`).
    pub missing: Option<MissingValues>,
}

impl TrainView {
    /// Whether the link changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What `setup` changes from `default` (the seed of the classifier's own settings is ignored:
    /// [`TrainingSetup::seed`] replaces it).
    pub fn between(default: &TrainingSetup, setup: &TrainingSetup) -> Self {
        let differs =
            |a: &ModelSpec, b: &ModelSpec| a.clone().with_seed(0) != b.clone().with_seed(0);
        let model = differs(&setup.spec, &default.spec).then(|| {
            match matching_preset(&setup.spec, setup.inputs.len()) {
                Some(id) => ModelChoice::Preset(id.to_owned()),
                None => ModelChoice::Spec(setup.spec.clone().with_seed(0)),
            }
        });
        Self {
            inputs: (setup.inputs != default.inputs).then(|| setup.inputs.clone()),
            test_fraction: (setup.test_fraction != default.test_fraction)
                .then_some(setup.test_fraction),
            validation_fraction: (setup.validation_fraction != default.validation_fraction)
                .then_some(setup.validation_fraction),
            scaling: (setup.scaling != default.scaling).then_some(setup.scaling),
            weighting: (setup.weighting != default.weighting).then_some(setup.weighting),
            seed: (setup.seed != default.seed).then_some(setup.seed),
            model,
            missing: (setup.missing != default.missing).then_some(setup.missing),
        }
    }

    /// `base` with this link's changes. Inputs that `available` does not have are dropped (a
    /// link from another dataset); a preset takes its settings for the final number of inputs.
    pub fn apply(&self, base: &TrainingSetup, available: &[String]) -> TrainingSetup {
        let mut setup = base.clone();
        if let Some(inputs) = &self.inputs {
            let kept: Vec<String> = inputs
                .iter()
                .filter(|i| available.contains(i))
                .cloned()
                .collect();
            if !kept.is_empty() {
                setup.inputs = kept;
            }
        }
        if let Some(f) = self.test_fraction {
            setup.test_fraction = f;
        }
        if let Some(f) = self.validation_fraction {
            setup.validation_fraction = f;
        }
        if let Some(s) = self.scaling {
            setup.scaling = s;
        }
        if let Some(w) = self.weighting {
            setup.weighting = w;
        }
        if let Some(seed) = self.seed {
            setup.seed = seed;
        }
        if let Some(missing) = self.missing {
            setup.missing = missing;
        }
        match &self.model {
            Some(ModelChoice::Preset(id)) => {
                if let Some(spec) = preset_spec(id, setup.inputs.len()) {
                    setup.spec = spec;
                }
            }
            Some(ModelChoice::Spec(spec)) => setup.spec = spec.clone(),
            None => {}
        }
        setup
    }

    /// The query string (without `?`) of these settings alone (a lesson's link).
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        self.write(&mut pairs);
        super::query::build(pairs)
    }

    /// Appends this view's `key=value` pairs.
    pub(crate) fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(inputs) = &self.inputs {
            pairs.push(("in", inputs.join(",")));
        }
        if let Some(f) = self.test_fraction {
            pairs.push(("test", format!("{f}")));
        }
        if let Some(f) = self.validation_fraction {
            pairs.push(("val", format!("{f}")));
        }
        if let Some(s) = self.scaling {
            pairs.push(("scale", s.key().to_owned()));
        }
        if let Some(w) = self.weighting {
            pairs.push(("wt", w.key().to_owned()));
        }
        if let Some(seed) = self.seed {
            pairs.push(("seed", seed.to_string()));
        }
        if let Some(missing) = self.missing {
            pairs.push(("missing", missing.key().to_owned()));
        }
        match &self.model {
            Some(ModelChoice::Preset(id)) => pairs.push(("model", id.clone())),
            Some(ModelChoice::Spec(spec)) => {
                let default = ModelKind::default_spec(spec.kind());
                let text = if default.with_seed(0) == spec.clone().with_seed(0) {
                    spec.kind().key().to_owned()
                } else {
                    serde_json::to_string(spec).unwrap_or_else(|_| spec.kind().key().into())
                };
                pairs.push(("model", text));
            }
            None => {}
        }
    }

    /// Reads one `key=value` pair; false if the key is not the train panel's. A value that does
    /// not parse is skipped (the default stays).
    pub(crate) fn read(&mut self, key: &str, value: &str) -> bool {
        match key {
            "in" => {
                let inputs: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect();
                if !inputs.is_empty() {
                    self.inputs = Some(inputs);
                }
            }
            "test" => {
                self.test_fraction = value
                    .parse::<f64>()
                    .ok()
                    .filter(|f| *f > 0.0 && *f < 1.0)
                    .or(self.test_fraction);
            }
            "val" => {
                self.validation_fraction = value
                    .parse::<f64>()
                    .ok()
                    .filter(|f| (0.0..1.0).contains(f))
                    .or(self.validation_fraction);
            }
            "scale" => self.scaling = Scaling::from_key(value).or(self.scaling),
            // Links from before there was a choice of scaler.
            "std" => {
                self.scaling = match value {
                    "1" | "true" => Some(Scaling::Standard),
                    "0" | "false" => Some(Scaling::None),
                    _ => self.scaling,
                };
            }
            "wt" => self.weighting = Choice::from_key(value).or(self.weighting),
            "seed" => self.seed = value.parse().ok().or(self.seed),
            "missing" => self.missing = Choice::from_key(value).or(self.missing),
            "model" => {
                let choice = if value.trim_start().starts_with('{') {
                    serde_json::from_str::<ModelSpec>(value)
                        .ok()
                        .map(ModelChoice::Spec)
                } else if PRESETS.iter().any(|p| p.id == value) {
                    Some(ModelChoice::Preset(value.to_owned()))
                } else {
                    ModelKind::from_key(value).map(|k| ModelChoice::Spec(k.default_spec()))
                };
                self.model = choice.or(self.model.take());
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::{ForestParams, MlpParams};
    use crate::view::LabView;

    fn default_setup() -> TrainingSetup {
        TrainingSetup {
            inputs: vec!["a".into(), "b".into(), "c".into()],
            test_fraction: 0.25,
            validation_fraction: 0.0,
            scaling: Scaling::Standard,
            weighting: Weighting::Balanced,
            seed: 42,
            spec: preset_spec("hsf-forest", 3).expect("a preset"),
            missing: crate::ml::MissingValues::Drop,
        }
    }

    fn available() -> Vec<String> {
        ["a", "b", "c", "d"].map(String::from).to_vec()
    }

    fn round_trip(setup: &TrainingSetup) -> TrainingSetup {
        let default = default_setup();
        let view = LabView {
            train: TrainView::between(&default, setup),
            ..LabView::default()
        };
        let back = LabView::from_query(&view.to_query());
        assert_eq!(back.train, view.train, "query: {}", view.to_query());
        back.train.apply(&default, &available())
    }

    #[test]
    fn the_default_setup_writes_nothing() {
        let d = default_setup();
        assert!(TrainView::between(&d, &d).is_empty());
        // The classifier's own seed is not a difference: the setup's seed replaces it.
        let mut reseeded = d.clone();
        reseeded.spec = reseeded.spec.with_seed(99);
        assert!(TrainView::between(&d, &reseeded).is_empty());
    }

    #[test]
    fn every_setting_survives_a_link() {
        let mut setup = default_setup();
        setup.inputs = vec!["d".into(), "a".into()];
        setup.test_fraction = 0.3;
        setup.validation_fraction = 0.3;
        setup.scaling = Scaling::Robust;
        setup.weighting = Weighting::Event;
        setup.seed = 7;
        // A preset for the new number of inputs travels as its id…
        setup.spec = preset_spec("cms-ann", 2).expect("a preset");
        let query = LabView {
            train: TrainView::between(&default_setup(), &setup),
            ..LabView::default()
        }
        .to_query();
        assert_eq!(
            query,
            "in=d%2Ca&test=0.3&val=0.3&scale=robust&wt=event&seed=7&model=cms-ann"
        );
        assert_eq!(
            TrainView::between(&default_setup(), &setup).to_query(),
            query
        );
        assert_eq!(round_trip(&setup).spec, setup.spec);
        assert_eq!(round_trip(&setup), setup);
        // …edited settings as JSON, exactly (floats included).
        setup.spec = ModelSpec::Mlp(MlpParams {
            hidden_layers: vec![17, 3],
            learning_rate: 0.000_123_4,
            ..MlpParams::default()
        });
        assert_eq!(round_trip(&setup), setup);
        // …and a family's defaults by its name.
        setup.spec = ModelSpec::Forest(ForestParams::default());
        let view = TrainView::between(&default_setup(), &setup);
        let mut pairs = Vec::new();
        view.write(&mut pairs);
        assert!(pairs.contains(&("model", "forest".to_owned())), "{pairs:?}");
        assert_eq!(round_trip(&setup), setup);
        // Keeping events with a missing input travels too.
        setup.missing = MissingValues::Keep;
        let keep = TrainView::between(&default_setup(), &setup).to_query();
        assert!(keep.contains("missing=keep"), "{keep}");
        assert_eq!(round_trip(&setup), setup);
    }

    #[test]
    fn bad_values_keep_the_defaults() {
        let view = LabView::from_query(
            "seed=x&test=1.5&wt=heavy&model=nonsense&in=&std=maybe&scale=zscore",
        );
        assert!(view.train.is_empty(), "{:?}", view.train);
        // A link from before the choice of scaler: std=0 meant no scaler.
        let old = LabView::from_query("std=0").train;
        assert_eq!(old.scaling, Some(Scaling::None));
        // Inputs the dataset lacks are dropped; none left keeps the default inputs.
        let view = LabView::from_query("in=zz,b");
        let setup = view.train.apply(&default_setup(), &available());
        assert_eq!(setup.inputs, vec!["b".to_owned()]);
        let view = LabView::from_query("in=zz");
        assert_eq!(
            view.train.apply(&default_setup(), &available()).inputs,
            default_setup().inputs
        );
    }
}
