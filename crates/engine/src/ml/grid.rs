//! Settings grids by parameter name, as scikit-learn's `param_grid`: vary named settings of a
//! model over lists of values and get every combination. The Lab's grid search builds its
//! candidates here.
//!
//! Depends on the model settings only.

use super::model::ModelSpec;
use super::tree::MaxFeatures;
use crate::{Error, Result};

/// The parameters a grid may vary for a model like `spec`, by scikit-learn / Keras name.
pub fn grid_parameters(spec: &ModelSpec) -> &'static [&'static str] {
    match spec {
        ModelSpec::Tree { .. } => &["max_depth", "min_samples_leaf", "min_samples_split"],
        ModelSpec::Forest(_) => &[
            "n_estimators",
            "max_depth",
            "min_samples_leaf",
            "min_samples_split",
            "max_features",
        ],
        ModelSpec::Boosting(_) => &["n_estimators", "learning_rate", "max_depth", "subsample"],
        ModelSpec::AdaBoost(_) => &["n_estimators", "learning_rate", "max_depth"],
        ModelSpec::Logistic(_) => &["C"],
        ModelSpec::Mlp(_) => &["learning_rate", "alpha", "batch_size", "epochs", "dropout"],
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

impl ModelSpec {
    /// The same settings with `name` set to `value` (0 for max_depth means unlimited).
    pub fn with_parameter(&self, name: &str, value: f64) -> Result<Self> {
        let mut spec = self.clone();
        let unknown = || Error::Model(format!("{name} is not a setting of this model"));
        let depth = |v: f64| -> Result<Option<usize>> {
            if v == 0.0 {
                Ok(None)
            } else {
                count("max_depth", v).map(Some)
            }
        };
        match (&mut spec, name) {
            (ModelSpec::Tree { params, .. }, "max_depth") => params.max_depth = depth(value)?,
            (ModelSpec::Tree { params, .. }, "min_samples_leaf") => {
                params.min_samples_leaf = count(name, value)?
            }
            (ModelSpec::Tree { params, .. }, "min_samples_split") => {
                params.min_samples_split = count(name, value)?
            }
            (ModelSpec::Forest(p), "n_estimators") => p.n_estimators = count(name, value)?,
            (ModelSpec::Forest(p), "max_depth") => p.max_depth = depth(value)?,
            (ModelSpec::Forest(p), "min_samples_leaf") => p.min_samples_leaf = count(name, value)?,
            (ModelSpec::Forest(p), "min_samples_split") => {
                p.min_samples_split = count(name, value)?
            }
            (ModelSpec::Forest(p), "max_features") => {
                p.max_features = MaxFeatures::Count(count(name, value)?)
            }
            (ModelSpec::Boosting(p), "n_estimators") => p.n_estimators = count(name, value)?,
            (ModelSpec::Boosting(p), "learning_rate") => p.learning_rate = value,
            (ModelSpec::Boosting(p), "max_depth") => p.max_depth = count(name, value)?,
            (ModelSpec::Boosting(p), "subsample") => p.subsample = value,
            (ModelSpec::AdaBoost(p), "n_estimators") => p.n_estimators = count(name, value)?,
            (ModelSpec::AdaBoost(p), "learning_rate") => p.learning_rate = value,
            (ModelSpec::AdaBoost(p), "max_depth") => p.max_depth = count(name, value)?,
            (ModelSpec::Logistic(p), "C") => p.c = value,
            (ModelSpec::Mlp(p), "learning_rate") => p.learning_rate = value,
            (ModelSpec::Mlp(p), "alpha") => p.l2 = value,
            (ModelSpec::Mlp(p), "batch_size") => p.batch_size = count(name, value)?,
            (ModelSpec::Mlp(p), "epochs") => p.epochs = count(name, value)?,
            (ModelSpec::Mlp(p), "dropout") => p.dropout = value,
            _ => return Err(unknown()),
        }
        Ok(spec)
    }
}

/// Every combination of `grid`'s values applied to `base`, the first parameter varying slowest
/// (scikit-learn's `ParameterGrid` order for a single dict sorts names; we keep the given order).
pub fn expand_grid(base: &ModelSpec, grid: &[(String, Vec<f64>)]) -> Result<Vec<ModelSpec>> {
    let mut specs = vec![base.clone()];
    for (name, values) in grid {
        if values.is_empty() {
            return Err(Error::Model(format!("give at least one value for {name}")));
        }
        let mut next = Vec::with_capacity(specs.len() * values.len());
        for spec in &specs {
            for &v in values {
                next.push(spec.with_parameter(name, v)?);
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

    #[test]
    fn a_grid_gives_every_combination_in_order() {
        let base = ModelSpec::Forest(ForestParams::default());
        let grid = vec![
            ("max_depth".to_owned(), vec![3.0, 5.0]),
            ("n_estimators".to_owned(), vec![10.0, 20.0, 30.0]),
        ];
        let specs = expand_grid(&base, &grid).expect("grid");
        let got: Vec<(Option<usize>, usize)> = specs
            .iter()
            .map(|s| match s {
                ModelSpec::Forest(p) => (p.max_depth, p.n_estimators),
                _ => (None, 0),
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some(3), 10),
                (Some(3), 20),
                (Some(3), 30),
                (Some(5), 10),
                (Some(5), 20),
                (Some(5), 30)
            ]
        );
        for name in grid_parameters(&base) {
            assert!(base.with_parameter(name, 2.0).is_ok(), "{name}");
        }
    }

    #[test]
    fn bad_values_and_names_are_explained() {
        let base = ModelSpec::Forest(ForestParams::default());
        let e = base
            .with_parameter("n_estimators", 2.5)
            .expect_err("fractional trees");
        assert!(e.to_string().contains("whole number"), "{e}");
        assert!(base.with_parameter("C", 1.0).is_err());
        assert!(expand_grid(&base, &[("max_depth".into(), vec![])]).is_err());
        assert_eq!(
            base.with_parameter("max_depth", 0.0).expect("unlimited"),
            ModelSpec::Forest(ForestParams {
                max_depth: None,
                ..ForestParams::default()
            })
        );
    }
}
