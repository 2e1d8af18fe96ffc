//! Settings grids by parameter name, as scikit-learn's `param_grid`: vary named settings of a
//! model over lists of values and get every combination. The Lab's grid search builds its
//! candidates here.
//!
//! Depends on the model settings only.

use super::model::ModelSpec;
use super::tree::{Criterion, MaxFeatures};
use crate::{Error, Result};

/// The parameters a grid may vary for a model like `spec`, by scikit-learn / Keras name.
pub fn grid_parameters(spec: &ModelSpec) -> &'static [&'static str] {
    match spec {
        ModelSpec::Tree { .. } => &[
            "max_depth",
            "min_samples_leaf",
            "min_samples_split",
            "criterion",
            "max_features",
        ],
        ModelSpec::Forest(_) => &[
            "n_estimators",
            "max_depth",
            "min_samples_leaf",
            "min_samples_split",
            "max_features",
            "criterion",
            "bootstrap",
        ],
        ModelSpec::Boosting(_) => &["n_estimators", "learning_rate", "max_depth", "subsample"],
        ModelSpec::AdaBoost(_) => &["n_estimators", "learning_rate", "max_depth"],
        ModelSpec::Logistic(_) => &["C"],
        ModelSpec::Mlp(_) => &["learning_rate", "alpha", "batch_size", "epochs", "dropout"],
    }
}

/// One value a grid tries for a setting: a number (`300`, `0.1`) or a word (`gini`, `sqrt`,
/// `True`), as it would be written in a `param_grid`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum GridValue {
    /// A number.
    Number(f64),
    /// A word: a criterion, a `max_features` rule, a boolean.
    Word(String),
}

impl GridValue {
    /// `text` as a number if it is one, else as a word (quotes, as in Python, are dropped).
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Self::Number(x),
            _ => Self::Word(text.trim_matches(|c| c == '\'' || c == '"').to_owned()),
        }
    }

    /// As a student would type it back (a number in its shortest exact form: 300, 0.1).
    pub fn text(&self) -> String {
        match self {
            Self::Number(x) => x.to_string(),
            Self::Word(w) => w.clone(),
        }
    }
}

fn count(name: &str, value: f64) -> Result<usize> {
    if value >= 1.0 && value.fract() == 0.0 && value < 1e9 {
        Ok(value as usize)
    } else {
        Err(Error::Model(format!(
            "{name} must be a whole number ≥ 1, not {value}"
        )))
    }
}

fn number(name: &str, value: &GridValue) -> Result<f64> {
    match value {
        GridValue::Number(x) => Ok(*x),
        GridValue::Word(w) => Err(Error::Model(format!("{name} takes numbers, not \"{w}\""))),
    }
}

fn criterion(value: &GridValue) -> Result<Criterion> {
    match value {
        GridValue::Word(w) if w.eq_ignore_ascii_case("gini") => Ok(Criterion::Gini),
        GridValue::Word(w) if w.eq_ignore_ascii_case("entropy") => Ok(Criterion::Entropy),
        other => Err(Error::Model(format!(
            "criterion is gini or entropy, not \"{}\"",
            other.text()
        ))),
    }
}

fn boolean(value: &GridValue) -> Result<bool> {
    match value {
        GridValue::Word(w) if w.eq_ignore_ascii_case("true") => Ok(true),
        GridValue::Word(w) if w.eq_ignore_ascii_case("false") => Ok(false),
        GridValue::Number(x) if *x == 1.0 => Ok(true),
        GridValue::Number(x) if *x == 0.0 => Ok(false),
        other => Err(Error::Model(format!(
            "bootstrap is True or False, not \"{}\"",
            other.text()
        ))),
    }
}

/// scikit-learn's `max_features`: a whole number of variables, a fraction of them (0 < x < 1),
/// `sqrt`, `log2`, or `None` (all).
fn max_features(value: &GridValue) -> Result<MaxFeatures> {
    match value {
        GridValue::Number(x) if *x > 0.0 && *x < 1.0 => Ok(MaxFeatures::Fraction(*x)),
        GridValue::Number(x) => count("max_features", *x).map(MaxFeatures::Count),
        GridValue::Word(w) => match w.to_ascii_lowercase().as_str() {
            "sqrt" => Ok(MaxFeatures::Sqrt),
            "log2" => Ok(MaxFeatures::Log2),
            "none" | "all" => Ok(MaxFeatures::All),
            _ => Err(Error::Model(format!(
                "max_features is a number, sqrt, log2 or None, not \"{w}\""
            ))),
        },
    }
}

impl ModelSpec {
    /// The same settings with `name` set to `value` (0 for max_depth means unlimited).
    pub fn with_parameter(&self, name: &str, value: &GridValue) -> Result<Self> {
        let mut spec = self.clone();
        let unknown = || Error::Model(format!("{name} is not a setting of this model"));
        let whole = || count(name, number(name, value)?);
        let real = || number(name, value);
        let depth = || -> Result<Option<usize>> {
            match number(name, value)? {
                0.0 => Ok(None),
                v => count("max_depth", v).map(Some),
            }
        };
        match (&mut spec, name) {
            (ModelSpec::Tree { params, .. }, "max_depth") => params.max_depth = depth()?,
            (ModelSpec::Tree { params, .. }, "min_samples_leaf") => {
                params.min_samples_leaf = whole()?
            }
            (ModelSpec::Tree { params, .. }, "min_samples_split") => {
                params.min_samples_split = whole()?
            }
            (ModelSpec::Tree { params, .. }, "criterion") => params.criterion = criterion(value)?,
            (ModelSpec::Tree { params, .. }, "max_features") => {
                params.max_features = max_features(value)?
            }
            (ModelSpec::Forest(p), "n_estimators") => p.n_estimators = whole()?,
            (ModelSpec::Forest(p), "max_depth") => p.max_depth = depth()?,
            (ModelSpec::Forest(p), "min_samples_leaf") => p.min_samples_leaf = whole()?,
            (ModelSpec::Forest(p), "min_samples_split") => p.min_samples_split = whole()?,
            (ModelSpec::Forest(p), "max_features") => p.max_features = max_features(value)?,
            (ModelSpec::Forest(p), "criterion") => p.criterion = criterion(value)?,
            (ModelSpec::Forest(p), "bootstrap") => p.bootstrap = boolean(value)?,
            (ModelSpec::Boosting(p), "n_estimators") => p.n_estimators = whole()?,
            (ModelSpec::Boosting(p), "learning_rate") => p.learning_rate = real()?,
            (ModelSpec::Boosting(p), "max_depth") => p.max_depth = whole()?,
            (ModelSpec::Boosting(p), "subsample") => p.subsample = real()?,
            (ModelSpec::AdaBoost(p), "n_estimators") => p.n_estimators = whole()?,
            (ModelSpec::AdaBoost(p), "learning_rate") => p.learning_rate = real()?,
            (ModelSpec::AdaBoost(p), "max_depth") => p.max_depth = whole()?,
            (ModelSpec::Logistic(p), "C") => p.c = real()?,
            (ModelSpec::Mlp(p), "learning_rate") => p.learning_rate = real()?,
            (ModelSpec::Mlp(p), "alpha") => p.l2 = real()?,
            (ModelSpec::Mlp(p), "batch_size") => p.batch_size = whole()?,
            (ModelSpec::Mlp(p), "epochs") => p.epochs = whole()?,
            (ModelSpec::Mlp(p), "dropout") => p.dropout = real()?,
            _ => return Err(unknown()),
        }
        Ok(spec)
    }
}

/// A grid's settings in scikit-learn's `ParameterGrid` order: by name. An error if a name comes
/// twice or has no values.
pub fn sorted_axes(grid: &[(String, Vec<GridValue>)]) -> Result<Vec<(String, Vec<GridValue>)>> {
    let mut axes = grid.to_vec();
    axes.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = axes.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::Model(format!("{} is given twice", w[0].0)));
    }
    if let Some((name, _)) = axes.iter().find(|(_, v)| v.is_empty()) {
        return Err(Error::Model(format!("give at least one value for {name}")));
    }
    Ok(axes)
}

/// Every combination of `grid`'s values applied to `base`, in scikit-learn's `ParameterGrid`
/// order: settings sorted by name ([`sorted_axes`]), the last varying fastest, each setting's
/// values in the order given.
pub fn expand_grid(base: &ModelSpec, grid: &[(String, Vec<GridValue>)]) -> Result<Vec<ModelSpec>> {
    let mut specs = vec![base.clone()];
    for (name, values) in sorted_axes(grid)? {
        let mut next = Vec::with_capacity(specs.len() * values.len());
        for spec in &specs {
            for v in &values {
                next.push(spec.with_parameter(&name, v)?);
            }
        }
        specs = next;
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::ForestParams;

    fn numbers(values: &[f64]) -> Vec<GridValue> {
        values.iter().map(|&x| GridValue::Number(x)).collect()
    }

    fn words(values: &[&str]) -> Vec<GridValue> {
        values.iter().map(|w| GridValue::parse(w)).collect()
    }

    fn forest(spec: &ModelSpec) -> &ForestParams {
        match spec {
            ModelSpec::Forest(p) => p,
            other => panic!("not a forest: {other:?}"),
        }
    }

    /// scikit-learn 1.5.2, computed once:
    /// `list(ParameterGrid({'n_estimators': [300, 500], 'criterion': ['gini', 'entropy'],
    /// 'bootstrap': [True, False], 'max_features': [3, 'sqrt']}))` has 16 entries; the first
    /// six and the last are
    /// `(True, gini, 3, 300) (True, gini, 3, 500) (True, gini, sqrt, 300) (True, gini, sqrt, 500)
    /// (True, entropy, 3, 300) (True, entropy, 3, 500) … (False, entropy, sqrt, 500)` as
    /// (bootstrap, criterion, max_features, n_estimators). The CMS exercise's full grid gives
    /// 192 entries, entry 100 being bootstrap False, gini, depth 3, max_features 3, leaf 500,
    /// split 200, 300 trees.
    #[test]
    fn a_grid_follows_scikit_learns_parameter_grid_with_words_and_booleans() {
        let base = ModelSpec::Forest(ForestParams::default());
        let grid = vec![
            ("n_estimators".to_owned(), numbers(&[300.0, 500.0])),
            ("criterion".to_owned(), words(&["gini", "'entropy'"])),
            ("bootstrap".to_owned(), words(&["True", "False"])),
            ("max_features".to_owned(), words(&["3", "sqrt"])),
        ];
        let specs = expand_grid(&base, &grid).expect("grid");
        assert_eq!(specs.len(), 16);
        let row = |s: &ModelSpec| {
            let p = forest(s);
            (p.bootstrap, p.criterion, p.max_features, p.n_estimators)
        };
        use Criterion::{Entropy, Gini};
        use MaxFeatures::{Count, Sqrt};
        let got: Vec<_> = specs.iter().map(row).collect();
        assert_eq!(
            got[..6],
            [
                (true, Gini, Count(3), 300),
                (true, Gini, Count(3), 500),
                (true, Gini, Sqrt, 300),
                (true, Gini, Sqrt, 500),
                (true, Entropy, Count(3), 300),
                (true, Entropy, Count(3), 500),
            ]
        );
        assert_eq!(got[15], (false, Entropy, Sqrt, 500));

        let full = vec![
            ("criterion".to_owned(), words(&["gini", "entropy"])),
            ("n_estimators".to_owned(), numbers(&[300.0, 500.0])),
            ("bootstrap".to_owned(), words(&["True", "False"])),
            ("max_depth".to_owned(), numbers(&[3.0, 5.0])),
            ("min_samples_leaf".to_owned(), numbers(&[300.0, 500.0])),
            ("min_samples_split".to_owned(), numbers(&[200.0, 400.0])),
            ("max_features".to_owned(), numbers(&[3.0, 4.0, 5.0])),
        ];
        let specs = expand_grid(&base, &full).expect("the exercise's grid");
        assert_eq!(specs.len(), 192);
        let p = forest(&specs[100]);
        assert_eq!(
            (
                p.bootstrap,
                p.criterion,
                p.max_depth,
                p.max_features,
                p.min_samples_leaf,
                p.min_samples_split,
                p.n_estimators
            ),
            (false, Gini, Some(3), Count(3), 500, 200, 300)
        );
        for name in grid_parameters(&base) {
            let value = match *name {
                "criterion" => GridValue::parse("entropy"),
                "bootstrap" => GridValue::parse("False"),
                _ => GridValue::Number(2.0),
            };
            assert!(base.with_parameter(name, &value).is_ok(), "{name}");
        }
    }

    #[test]
    fn bad_values_and_names_are_explained() {
        let base = ModelSpec::Forest(ForestParams::default());
        let e = base
            .with_parameter("n_estimators", &GridValue::Number(2.5))
            .expect_err("fractional trees");
        assert!(e.to_string().contains("whole number"), "{e}");
        let e = base
            .with_parameter("criterion", &GridValue::parse("purity"))
            .expect_err("no such criterion");
        assert_eq!(
            e.to_string(),
            "criterion is gini or entropy, not \"purity\""
        );
        let e = base
            .with_parameter("max_depth", &GridValue::parse("deep"))
            .expect_err("a word for a number");
        assert_eq!(e.to_string(), "max_depth takes numbers, not \"deep\"");
        assert!(
            base.with_parameter("bootstrap", &GridValue::parse("maybe"))
                .is_err()
        );
        assert!(base.with_parameter("C", &GridValue::Number(1.0)).is_err());
        assert!(expand_grid(&base, &[("max_depth".into(), vec![])]).is_err());
        let twice = [
            ("max_depth".to_owned(), numbers(&[2.0])),
            ("max_depth".to_owned(), numbers(&[3.0])),
        ];
        assert_eq!(
            expand_grid(&base, &twice).expect_err("twice").to_string(),
            "max_depth is given twice"
        );
        assert_eq!(
            forest(
                &base
                    .with_parameter("max_depth", &GridValue::Number(0.0))
                    .expect("unlimited")
            )
            .max_depth,
            None
        );
        assert_eq!(
            forest(
                &base
                    .with_parameter("max_features", &GridValue::Number(0.5))
                    .expect("half")
            )
            .max_features,
            MaxFeatures::Fraction(0.5)
        );
    }
}
