//! The playground as a link and as a form: which toy set (shape, size, noise, balance, seed) and
//! which model with which settings ([`PlaygroundSetup`], defined in the state layer). A link
//! reproduces the view exactly: the points come from the seed, the model's own seed is the set's.

use super::query;
use crate::Error;
use crate::ml::fit::MAX_DEGREE;
use crate::ml::mlp::Activation;
use crate::ml::toy::{MAX_POINTS, ToyKind};
use crate::state::Choice;
use crate::state::fitting::FitMethod;
pub use crate::state::playground::{Family, ModelSettings, PlaygroundSetup};

/// Most hidden layers and units per layer a link may ask for.
pub const MAX_LAYERS: usize = 6;
/// See [`MAX_LAYERS`].
pub const MAX_UNITS: usize = 128;

/// The hidden layers as a link and the form write them: units separated by commas ("8,8"; empty
/// for none).
pub fn layers_text(layers: &[usize]) -> String {
    layers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads "8, 8" into layers: 0 to [`MAX_LAYERS`] layers of 1 to [`MAX_UNITS`] units.
pub fn parse_layers(text: &str) -> crate::Result<Vec<usize>> {
    let bad = || {
        Error::Model(format!(
            "hidden layers are up to {MAX_LAYERS} numbers of units from 1 to {MAX_UNITS}, \
             separated by commas (like 8, 8), not \"{text}\""
        ))
    };
    let layers = text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .ok()
                .filter(|u| (1..=MAX_UNITS).contains(u))
                .ok_or_else(bad)
        })
        .collect::<crate::Result<Vec<usize>>>()?;
    if layers.len() > MAX_LAYERS {
        return Err(bad());
    }
    Ok(layers)
}

impl PlaygroundSetup {
    /// The link's query: only what differs from the default view.
    pub fn to_query(&self) -> String {
        let d = Self::default();
        let (t, m) = (&self.toy, &self.model);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut put = |key, differs: bool, value: String| {
            if differs {
                pairs.push((key, value));
            }
        };
        put("data", t.kind != d.toy.kind, t.kind.key().into());
        put("n", t.n_points != d.toy.n_points, t.n_points.to_string());
        put("noise", t.noise != d.toy.noise, t.noise.to_string());
        put(
            "balance",
            t.class1_fraction != d.toy.class1_fraction,
            t.class1_fraction.to_string(),
        );
        put("seed", t.seed != d.toy.seed, t.seed.to_string());
        let dm = &d.model;
        put("model", m.family != dm.family, m.family.key().into());
        put(
            "depth",
            m.max_depth != dm.max_depth,
            m.max_depth.to_string(),
        );
        put("trees", m.n_trees != dm.n_trees, m.n_trees.to_string());
        put(
            "lr",
            m.learning_rate != dm.learning_rate,
            m.learning_rate.to_string(),
        );
        put("layers", m.layers != dm.layers, layers_text(&m.layers));
        put(
            "act",
            m.activation != dm.activation,
            m.activation.key().into(),
        );
        put(
            "batch",
            m.batch_size != dm.batch_size,
            m.batch_size.to_string(),
        );
        put("l2", m.l2 != dm.l2, m.l2.to_string());
        put("dropout", m.dropout != dm.dropout, m.dropout.to_string());
        put("epochs", m.epochs != dm.epochs, m.epochs.to_string());
        put(
            "patience",
            m.patience != dm.patience,
            m.patience.to_string(),
        );
        let (f, df) = (&self.fit, &d.fit);
        put("fit", f.method != df.method, f.method.key().into());
        put("degree", f.degree != df.degree, f.degree.to_string());
        put("rate", f.rate != df.rate, f.rate.to_string());
        query::build(pairs)
    }

    /// The view a link describes. A value out of range or unreadable keeps the default and is
    /// named in the returned notes (a shared link with a typo still opens).
    pub fn from_query(text: &str) -> (Self, Vec<String>) {
        let mut view = Self::default();
        let mut notes = Vec::new();
        for (key, value) in query::parse(text) {
            if let Err(why) = view.set(&key, &value) {
                notes.push(format!("“{key}={value}” was ignored: {why}"));
            }
        }
        (view, notes)
    }

    /// Sets one field from a link's or a form's `key=value` (the message says why not).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let number = |lo: f64, hi: f64| -> Result<f64, String> {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (lo..=hi).contains(v))
                .ok_or_else(|| format!("it must be a number from {lo} to {hi}"))
        };
        let count = |lo: usize, hi: usize| -> Result<usize, String> {
            value
                .parse::<usize>()
                .ok()
                .filter(|v| (lo..=hi).contains(v))
                .ok_or_else(|| format!("it must be a whole number from {lo} to {hi}"))
        };
        let (t, m) = (&mut self.toy, &mut self.model);
        match key {
            "data" => {
                t.kind = ToyKind::from_key(value).ok_or("no such data set")?;
            }
            "n" => t.n_points = count(10, MAX_POINTS)?,
            "noise" => t.noise = number(0.0, 1.0)?,
            "balance" => t.class1_fraction = number(0.05, 0.95)?,
            "seed" => t.seed = value.parse().map_err(|_| "it must be a whole number")?,
            "model" => m.family = Family::from_key(value).ok_or("no such model")?,
            "depth" => m.max_depth = count(1, 20)?,
            "trees" => m.n_trees = count(1, 500)?,
            "lr" => m.learning_rate = number(1e-5, 10.0)?,
            "layers" => m.layers = parse_layers(value).map_err(|e| e.to_string())?,
            "act" => m.activation = Activation::from_key(value).ok_or("no such activation")?,
            "batch" => m.batch_size = count(1, MAX_POINTS)?,
            "l2" => m.l2 = number(0.0, 10.0)?,
            "dropout" => m.dropout = number(0.0, 0.9)?,
            "epochs" => m.epochs = count(1, 2000)?,
            "patience" => m.patience = count(0, 500)?,
            "fit" => self.fit.method = FitMethod::from_key(value).ok_or("no such way to fit")?,
            "degree" => self.fit.degree = count(0, MAX_DEGREE)?,
            "rate" => self.fit.rate = number(1e-4, 10.0)?,
            _ => return Err("the playground has no such setting".into()),
        }
        Ok(())
    }
}

/// A setting on the playground's form: its link key, its label and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key in the link (and in [`PlaygroundSetup::set`]).
    pub key: &'static str,
    /// The label on the form.
    pub label: &'static str,
    /// What it does, in a tooltip.
    pub tip: &'static str,
}

const fn field(key: &'static str, label: &'static str, tip: &'static str) -> Field {
    Field { key, label, tip }
}

/// The data's numbers on the form (the shape is a menu of its own).
pub const DATA_FIELDS: [Field; 4] = [
    field(
        "n",
        "points",
        "How many points, all three parts together (10 to 5000).",
    ),
    field(
        "noise",
        "noise",
        "How far each point is jittered from its shape (0 to 1).",
    ),
    field(
        "balance",
        "share of class 1",
        "The fraction of orange points (0.05 to 0.95).",
    ),
    field(
        "seed",
        "seed",
        "Another seed draws other points of the same shape; the same seed, the same points.",
    ),
];

/// The data's numbers on the form for `kind`: a line or a curve has no classes to balance.
pub fn data_fields(kind: ToyKind) -> &'static [Field] {
    if kind.is_regression() {
        const FITTED: [Field; 3] = [DATA_FIELDS[0], DATA_FIELDS[1], DATA_FIELDS[3]];
        &FITTED
    } else {
        &DATA_FIELDS
    }
}

const DEPTH: Field = field(
    "depth",
    "max depth",
    "The deepest level a tree may grow to.",
);
const TREES: Field = field(
    "trees",
    "trees",
    "How many trees (a forest) or stages (boosting).",
);
const RATE: Field = field("lr", "learning rate", "How big a step each update takes.");

const NETWORK: [Field; 7] = [
    field(
        "layers",
        "hidden layers",
        "Units per hidden layer, separated by commas (8, 8 is two layers of eight); empty for none.",
    ),
    RATE,
    field("batch", "batch size", "Points per gradient step."),
    field("epochs", "epochs", "Passes over the training points."),
    field("l2", "L2", "A penalty on large weights (0: none)."),
    field(
        "dropout",
        "dropout",
        "The share of hidden units switched off at random at each step (0: none).",
    ),
    field(
        "patience",
        "early stopping patience",
        "Stop when the validation loss has not improved for this many epochs, and keep the best epoch (0: never).",
    ),
];

const DEGREE: Field = field(
    "degree",
    "degree",
    "The polynomial's highest power: 1 is a straight line, 2 a parabola…",
);
const DESCENT: [Field; 2] = [
    DEGREE,
    field(
        "rate",
        "learning rate",
        "How far each step goes down the slope of the loss.",
    ),
];

/// The fit's numbers on the form for `method` (the method is a menu of its own).
pub fn fit_fields(method: FitMethod) -> &'static [Field] {
    match method {
        FitMethod::Exact => &[DEGREE],
        FitMethod::Descent => &DESCENT,
    }
}

/// The settings of `family` on the form (the family is a menu of its own).
pub fn model_fields(family: Family) -> &'static [Field] {
    match family {
        Family::Logistic => &[],
        Family::Tree => &[DEPTH],
        Family::Forest => &[TREES, DEPTH],
        Family::Boosting => &[TREES, DEPTH, RATE],
        Family::Network => &NETWORK,
    }
}

impl PlaygroundSetup {
    /// The current value of the setting `key`, as the form shows it.
    pub fn value(&self, key: &str) -> String {
        let (t, m) = (&self.toy, &self.model);
        match key {
            "data" => t.kind.key().into(),
            "n" => t.n_points.to_string(),
            "noise" => t.noise.to_string(),
            "balance" => t.class1_fraction.to_string(),
            "seed" => t.seed.to_string(),
            "model" => m.family.key().into(),
            "depth" => m.max_depth.to_string(),
            "trees" => m.n_trees.to_string(),
            "lr" => m.learning_rate.to_string(),
            "layers" => layers_text(&m.layers),
            "act" => m.activation.key().into(),
            "batch" => m.batch_size.to_string(),
            "l2" => m.l2.to_string(),
            "dropout" => m.dropout.to_string(),
            "epochs" => m.epochs.to_string(),
            "patience" => m.patience.to_string(),
            "fit" => self.fit.method.key().into(),
            "degree" => self.fit.degree.to_string(),
            "rate" => self.fit.rate.to_string(),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::ModelSpec;
    use crate::ml::toy::ToySpec;

    #[test]
    fn a_link_reproduces_the_view_and_the_default_view_has_an_empty_link() {
        assert_eq!(PlaygroundSetup::default().to_query(), "");
        let view = PlaygroundSetup {
            toy: ToySpec {
                kind: ToyKind::Spirals,
                n_points: 600,
                noise: 0.05,
                class1_fraction: 0.3,
                seed: 7,
            },
            model: ModelSettings {
                family: Family::Network,
                layers: vec![32, 16, 4],
                activation: Activation::Tanh,
                learning_rate: 0.003,
                batch_size: 32,
                l2: 1e-4,
                dropout: 0.1,
                epochs: 300,
                patience: 20,
                ..ModelSettings::default()
            },
            fit: crate::state::fitting::FitSettings {
                method: FitMethod::Exact,
                degree: 4,
                rate: 0.5,
            },
        };
        let link = view.to_query();
        assert_eq!(
            link,
            "data=spirals&n=600&noise=0.05&balance=0.3&seed=7&lr=0.003&layers=32%2C16%2C4&\
             act=tanh&batch=32&l2=0.0001&dropout=0.1&epochs=300&patience=20&fit=exact&degree=4&\
             rate=0.5"
        );
        assert_eq!(PlaygroundSetup::from_query(&link), (view, Vec::new()));
    }

    #[test]
    fn a_bent_link_opens_with_defaults_and_says_what_it_ignored() {
        let (view, notes) = PlaygroundSetup::from_query(
            "data=spirals&n=3&layers=8,x&model=tree&depth=2&colour=red",
        );
        assert_eq!(view.toy.kind, ToyKind::Spirals);
        assert_eq!(view.toy.n_points, 300);
        assert_eq!(view.model.layers, vec![8, 8]);
        assert_eq!((view.model.family, view.model.max_depth), (Family::Tree, 2));
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].contains("“n=3” was ignored") && notes[0].contains("10 to 5000"));
        assert!(notes[1].contains("like 8, 8"));
        assert!(notes[2].contains("no such setting"));
    }

    #[test]
    fn every_field_on_the_form_reads_and_writes_its_own_link_key() {
        let mut view = PlaygroundSetup::default();
        let fields = DATA_FIELDS
            .iter()
            .chain(Family::ALL.iter().flat_map(|&f| model_fields(f)))
            .chain(fit_fields(FitMethod::Descent));
        for f in fields {
            let before = view.value(f.key);
            assert!(!before.is_empty() || f.key == "layers", "{}", f.key);
            view.set(f.key, &before).expect("its own value is accepted");
            assert_eq!(view.value(f.key), before, "{}", f.key);
        }
        assert!(
            !data_fields(ToyKind::Line)
                .iter()
                .any(|f| f.key == "balance")
        );
        assert_eq!(data_fields(ToyKind::Moons).len(), 4);
        view.set("noise", "0.3").expect("noise");
        assert_eq!(
            (view.value("noise"), view.to_query()),
            ("0.3".into(), "noise=0.3".into())
        );
        assert!(view.set("depth", "0").is_err());
    }

    #[test]
    fn settings_become_the_engines_models_seeded_with_the_set() {
        let m = ModelSettings {
            family: Family::Boosting,
            n_trees: 30,
            max_depth: 2,
            learning_rate: 0.5,
            ..ModelSettings::default()
        };
        let ModelSpec::Boosting(b) = m.spec(9) else {
            panic!("boosting")
        };
        assert_eq!(
            (b.n_estimators, b.max_depth, b.learning_rate, b.random_state),
            (30, 2, 0.5, 9)
        );
        let net = ModelSettings {
            patience: 5,
            ..ModelSettings::default()
        };
        let ModelSpec::Mlp(p) = net.spec(3) else {
            panic!("network")
        };
        let stop = p.early_stopping.expect("early stopping");
        assert!(stop.restore_best_weights && stop.patience == 5);
        assert_eq!(
            (p.hidden_layers, p.seed, p.validation_split),
            (vec![8, 8], 3, 0.0)
        );
        assert_eq!(parse_layers(" 4 , 2 ").expect("layers"), vec![4, 2]);
        assert_eq!(parse_layers("").expect("none"), Vec::<usize>::new());
        assert!(parse_layers("1,2,3,4,5,6,7").is_err() && parse_layers("200").is_err());
    }
}
