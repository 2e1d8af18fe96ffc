//! The grid-search form (scikit-learn's `GridSearchCV`): up to two settings of the current model,
//! each with a typed list of values, k folds and a score — and the job it makes, cross-validated
//! on the training part of the student's split only, so the test part still judges the winner.

use crate::analysis::CutExpr;
use crate::data::Dataset;
use crate::ml::{
    CrossValidation, Plan, Scoring, TrainingData, TrainingSetup, expand_grid, grid_parameters,
    split,
};
use crate::{Error, Result};

use super::number::significant;

/// Settings a grid may vary at once (a table, not a cube).
pub const MAX_AXES: usize = 2;

/// The folds a student may ask for.
pub const FOLD_RANGE: (usize, usize) = (2, 10);

/// One varied setting: its name (empty: unused) and the values as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridAxis {
    /// The setting's scikit-learn / Keras name.
    pub name: String,
    /// "3, 5, 8".
    pub values: String,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct GridForm {
    /// The varied settings.
    pub axes: [GridAxis; MAX_AXES],
    /// k of the k-fold cross-validation.
    pub folds: usize,
    /// How each held-out fold is scored.
    pub scoring: Scoring,
}

impl Default for GridForm {
    fn default() -> Self {
        Self {
            axes: Default::default(),
            folds: 3,
            scoring: Scoring::RocAuc,
        }
    }
}

/// A grid search ready for the worker.
#[derive(Debug, Clone)]
pub struct PreparedGrid {
    /// The varied settings and their values, in grid order (the first varies slowest).
    pub axes: Vec<(String, Vec<f64>)>,
    /// The job without its events.
    pub plan: Plan,
    /// The training part of the split, with training weights.
    pub events: TrainingData,
    /// Fits in all (candidates × folds).
    pub fits: usize,
}

/// "3, 5,8" as numbers; an entry that is not a number is named.
pub fn parse_values(text: &str) -> Result<Vec<f64>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<f64>()
                .map_err(|_| Error::Model(format!("\"{t}\" is not a number")))
        })
        .collect()
}

/// The values candidate `index` takes for the varied settings: "max_depth = 5, n_estimators = 30".
pub fn describe(axes: &[(String, Vec<f64>)], index: usize) -> String {
    // Candidates come in grid order: the first axis varies slowest.
    let mut rest = index;
    let mut parts = Vec::new();
    for (k, (name, values)) in axes.iter().enumerate() {
        let below: usize = axes[k + 1..].iter().map(|(_, v)| v.len()).product();
        let i = (rest / below.max(1)) % values.len().max(1);
        rest %= below.max(1);
        if let Some(value) = values.get(i) {
            parts.push(format!("{name} = {}", significant(*value, 4)));
        }
    }
    parts.join(", ")
}

impl GridForm {
    /// Offers `parameters` (the model's) in order on every axis whose setting the model does not
    /// have (a new model family), clearing its values; axes the student set are kept.
    pub fn follow_model(&mut self, parameters: &[&str]) {
        for (k, axis) in self.axes.iter_mut().enumerate() {
            if !parameters.contains(&axis.name.as_str()) {
                axis.name = parameters.get(k).copied().unwrap_or_default().to_owned();
                axis.values.clear();
            }
        }
    }

    /// The folds typed, kept within [`FOLD_RANGE`] (`None`: not a whole number).
    pub fn folds_of(text: &str) -> Option<usize> {
        let k: usize = text.trim().parse().ok()?;
        Some(k.clamp(FOLD_RANGE.0, FOLD_RANGE.1))
    }

    /// The search for `setup`'s model over this form's values, on `dataset`'s events passing
    /// `cuts`, cross-validated on the training part of `setup`'s split.
    pub fn prepare(
        &self,
        dataset: &Dataset,
        cuts: &[CutExpr],
        setup: &TrainingSetup,
    ) -> Result<PreparedGrid> {
        let axes: Vec<(String, Vec<f64>)> = self
            .axes
            .iter()
            .filter(|a| !a.name.is_empty() && !a.values.trim().is_empty())
            .map(|a| Ok((a.name.clone(), parse_values(&a.values)?)))
            .collect::<Result<_>>()?;
        if axes.is_empty() {
            return Err(Error::Model(
                "Type a few values for at least one setting, e.g. 3, 5, 8.".to_owned(),
            ));
        }
        let candidates = expand_grid(&setup.spec.clone().with_seed(setup.seed), &axes)?;
        let data =
            TrainingData::from_dataset(dataset, &setup.inputs, cuts, setup.missing_values())?;
        // Cross-validate on the training part only: the test part stays unseen.
        let parts = split(&data.labels, &setup.split())?;
        let mut events = data.select(&parts.train);
        events.weights = setup.training_weights(&events.labels, &events.weights)?;
        let fits = candidates.len() * self.folds;
        Ok(PreparedGrid {
            axes,
            plan: Plan::GridSearch {
                candidates,
                cv: CrossValidation {
                    folds: self.folds,
                    seed: setup.seed,
                    scoring: self.scoring,
                },
            },
            events,
            fits,
        })
    }
}

/// The settings a grid may vary for `setup`'s model.
pub fn parameters(setup: &TrainingSetup) -> &'static [&'static str] {
    grid_parameters(&setup.spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::{ModelKind, ModelSpec};
    use crate::state::fixture::toy;
    use crate::state::training::lab_setup;

    #[test]
    fn values_parse_or_name_the_bad_one() {
        assert_eq!(parse_values(" 3, 5,8 ,").expect("ok"), [3.0, 5.0, 8.0]);
        let e = parse_values("3, five").expect_err("bad");
        assert_eq!(e.to_string(), "\"five\" is not a number");
        assert_eq!(GridForm::folds_of("5"), Some(5));
        assert_eq!(GridForm::folds_of("40"), Some(10));
        assert_eq!(GridForm::folds_of("1"), Some(2));
        assert_eq!(GridForm::folds_of("2.5"), None);
    }

    #[test]
    fn rows_are_described_in_grid_order() {
        let axes = vec![
            ("max_depth".to_owned(), vec![3.0, 5.0]),
            ("n_estimators".to_owned(), vec![10.0, 30.0, 100.0]),
        ];
        // The first axis varies slowest: row 4 = (5, 30).
        assert_eq!(describe(&axes, 0), "max_depth = 3, n_estimators = 10");
        assert_eq!(describe(&axes, 4), "max_depth = 5, n_estimators = 30");
        assert_eq!(describe(&axes[..1], 1), "max_depth = 5");
    }

    #[test]
    fn the_form_follows_the_model_but_keeps_the_students_axes() {
        let mut form = GridForm::default();
        form.follow_model(&["n_estimators", "max_depth", "min_samples_leaf"]);
        assert_eq!(form.axes[0].name, "n_estimators");
        assert_eq!(form.axes[1].name, "max_depth");
        form.axes[1] = GridAxis {
            name: "min_samples_leaf".into(),
            values: "1, 5".into(),
        };
        form.follow_model(&["n_estimators", "max_depth", "min_samples_leaf"]);
        assert_eq!(form.axes[1].values, "1, 5", "a chosen axis stays");
        // Logistic regression has one setting: the second axis empties.
        form.follow_model(&["C"]);
        assert_eq!(form.axes[0].name, "C");
        assert_eq!(form.axes[1], GridAxis::default());
    }

    #[test]
    fn a_search_uses_the_training_part_only() {
        let data = toy();
        let setup = lab_setup(&data);
        let mut form = GridForm::default();
        form.follow_model(parameters(&setup));
        let empty = form.prepare(&data, &[], &setup).expect_err("no values");
        assert!(empty.to_string().starts_with("Type a few values"));
        form.axes[0].values = "5, 10".into();
        form.axes[1].values = "2, 3, 4".into();
        let grid = form.prepare(&data, &[], &setup).expect("prepared");
        assert_eq!(grid.fits, 2 * 3 * 3);
        // 180 events, a quarter held out for testing.
        assert_eq!(grid.events.labels.len(), 135);
        let Plan::GridSearch { candidates, cv } = &grid.plan else {
            panic!("a grid search")
        };
        assert_eq!(cv.seed, setup.seed);
        let ModelSpec::Forest(p) = &candidates[5] else {
            panic!("forests")
        };
        assert_eq!((p.n_estimators, p.max_depth), (10, Some(4)));
        assert_eq!(candidates[0].kind(), ModelKind::Forest);
    }
}
