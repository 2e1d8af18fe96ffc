//! The grid-search form (scikit-learn's `GridSearchCV`): any number of settings of the current
//! model, each with a typed list of values (numbers or words: `gini, entropy`, `True, False`),
//! k folds and a score — and the job it makes, cross-validated on the training part of the
//! student's split only, so the test part still judges the winner.

use crate::analysis::CutExpr;
use crate::data::Dataset;
use crate::ml::{
    CrossValidation, GridValue, Plan, Scoring, TrainingData, TrainingEvents, TrainingSetup,
    expand_grid, grid_parameters, sorted_axes, split,
};
use crate::{Error, Result};

/// Settings a form starts with.
pub const FIRST_AXES: usize = 2;

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
    /// The varied settings (a student may add more, or take some away).
    pub axes: Vec<GridAxis>,
    /// k of the k-fold cross-validation.
    pub folds: usize,
    /// How each held-out fold is scored.
    pub scoring: Scoring,
}

impl Default for GridForm {
    fn default() -> Self {
        Self {
            axes: vec![GridAxis::default(); FIRST_AXES],
            folds: 3,
            scoring: Scoring::RocAuc,
        }
    }
}

/// A grid search ready for the worker.
#[derive(Debug, Clone)]
pub struct PreparedGrid {
    /// The varied settings and their values, in grid order (`ParameterGrid`'s: sorted by name,
    /// the last varying fastest).
    pub axes: Vec<(String, Vec<GridValue>)>,
    /// The job without its events.
    pub plan: Plan,
    /// The training part of the split, with training weights.
    pub events: TrainingEvents,
    /// Fits in all (candidates × folds).
    pub fits: usize,
}

/// "3, 5,8" or "gini, entropy" as values (numbers where they are numbers).
pub fn parse_values(text: &str) -> Vec<GridValue> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(GridValue::parse)
        .collect()
}

/// The values candidate `index` takes for the varied settings: "max_depth = 5, n_estimators = 30".
pub fn describe(axes: &[(String, Vec<GridValue>)], index: usize) -> String {
    // Candidates come in grid order: the first axis varies slowest.
    let mut rest = index;
    let mut parts = Vec::new();
    for (k, (name, values)) in axes.iter().enumerate() {
        let below: usize = axes[k + 1..].iter().map(|(_, v)| v.len()).product();
        let i = (rest / below.max(1)) % values.len().max(1);
        rest %= below.max(1);
        if let Some(value) = values.get(i) {
            parts.push(format!("{name} = {}", value.text()));
        }
    }
    parts.join(", ")
}

impl GridForm {
    /// Offers `parameters` (the model's) in order on every axis whose setting the model does not
    /// have (a new model family), clearing its values; axes the student set are kept.
    pub fn follow_model(&mut self, parameters: &[&str]) {
        if self.axes.is_empty() {
            self.axes = vec![GridAxis::default(); FIRST_AXES];
        }
        for (k, axis) in self.axes.iter_mut().enumerate() {
            if !parameters.contains(&axis.name.as_str()) {
                axis.name = parameters.get(k).copied().unwrap_or_default().to_owned();
                axis.values.clear();
            }
        }
    }

    /// A lesson's grid: `"name = v1, v2"` lines, each a setting of the model `setup` trains
    /// whose values the model accepts (every combination is tried once here, so a misspelt word
    /// is found before the student runs it), cross-validated 3-fold as the CMS exercise.
    pub fn from_lines(lines: &[String], scoring: Scoring, setup: &TrainingSetup) -> Result<Self> {
        let names = parameters(setup);
        let axes = lines
            .iter()
            .map(|line| {
                let (name, values) = line.split_once('=').ok_or_else(|| {
                    Error::Lesson(format!("grid line “{line}”: write name = values"))
                })?;
                let name = name.trim();
                if !names.contains(&name) {
                    return Err(Error::Lesson(format!(
                        "grid line “{line}”: this model has no setting {name} (it has: {})",
                        names.join(", ")
                    )));
                }
                Ok(GridAxis {
                    name: name.to_owned(),
                    values: values.trim().to_owned(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let form = Self {
            axes,
            scoring,
            ..Self::default()
        };
        if !form.axes.is_empty() {
            expand_grid(&setup.spec, &form.chosen_axes()?)
                .map_err(|e| Error::Lesson(format!("grid: {e}")))?;
        }
        Ok(form)
    }

    /// Another setting to vary: the first of `parameters` not varied yet (empty when all are).
    pub fn add_axis(&mut self, parameters: &[&str]) {
        let name = parameters
            .iter()
            .find(|p| !self.axes.iter().any(|a| a.name == **p))
            .copied()
            .unwrap_or_default();
        self.axes.push(GridAxis {
            name: name.to_owned(),
            values: String::new(),
        });
    }

    /// Stops varying setting `k` (the form keeps at least one line).
    pub fn remove_axis(&mut self, k: usize) {
        if self.axes.len() > 1 && k < self.axes.len() {
            self.axes.remove(k);
        }
    }

    /// The settings and values typed, in `ParameterGrid` order.
    pub fn chosen_axes(&self) -> Result<Vec<(String, Vec<GridValue>)>> {
        let axes: Vec<(String, Vec<GridValue>)> = self
            .axes
            .iter()
            .filter(|a| !a.name.is_empty() && !a.values.trim().is_empty())
            .map(|a| (a.name.clone(), parse_values(&a.values)))
            .collect();
        if axes.is_empty() {
            return Err(Error::Model(
                "Type a few values for at least one setting, e.g. 3, 5, 8.".to_owned(),
            ));
        }
        sorted_axes(&axes)
    }

    /// What the search will do, before it runs: "8 combinations × 3 folds = 24 fits" (`None`
    /// while nothing is typed).
    pub fn size_text(&self) -> Option<String> {
        let axes = self.chosen_axes().ok()?;
        let combinations: usize = axes.iter().map(|(_, v)| v.len()).product();
        let fits = combinations * self.folds;
        let plural = if combinations == 1 { "" } else { "s" };
        Some(format!(
            "{combinations} combination{plural} × {} folds = {fits} fits",
            self.folds
        ))
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
        let axes = self.chosen_axes()?;
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
            events: TrainingEvents::new(std::sync::Arc::new(events)),
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
    fn a_lessons_grid_names_the_models_settings_and_values() {
        let mut setup = lab_setup(&toy());
        setup.spec = crate::ml::preset_spec("cms-forest", 5).expect("a preset");
        // The CMS exercise's grid, 2 × 2 × 2 × 2 × 2 × 2 × 3 = 192 combinations.
        let lines: Vec<String> = [
            "criterion = gini, entropy",
            "n_estimators = 300, 500",
            "bootstrap = True, False",
            "max_depth = 3, 5",
            "min_samples_leaf = 300, 500",
            "min_samples_split = 200, 400",
            "max_features = 3, 4, 5",
        ]
        .map(String::from)
        .to_vec();
        let form = GridForm::from_lines(&lines, Scoring::Accuracy, &setup).expect("a grid");
        assert_eq!(form.axes.len(), 7);
        assert_eq!(form.folds, 3);
        assert_eq!(form.scoring, Scoring::Accuracy);
        assert_eq!(
            form.size_text().as_deref(),
            Some("192 combinations × 3 folds = 576 fits")
        );
        let problem = |line: &str| {
            GridForm::from_lines(&[line.to_owned()], Scoring::RocAuc, &setup)
                .expect_err(line)
                .to_string()
        };
        assert!(
            problem("depth = 3").contains("no setting depth"),
            "{}",
            problem("depth = 3")
        );
        assert!(problem("criterion = gini, gnii").contains("gnii"));
        assert!(problem("criterion").contains("name = values"));
    }

    #[test]
    fn values_parse_as_numbers_or_words() {
        use GridValue::{Number, Word};
        assert_eq!(
            parse_values(" 3, 5,8 ,"),
            [Number(3.0), Number(5.0), Number(8.0)]
        );
        assert_eq!(
            parse_values("gini, 'entropy'"),
            [Word("gini".into()), Word("entropy".into())]
        );
        assert_eq!(GridForm::folds_of("5"), Some(5));
        assert_eq!(GridForm::folds_of("40"), Some(10));
        assert_eq!(GridForm::folds_of("1"), Some(2));
        assert_eq!(GridForm::folds_of("2.5"), None);
    }

    #[test]
    fn rows_are_described_in_grid_order() {
        let axes = vec![
            ("max_depth".to_owned(), parse_values("3, 5")),
            ("n_estimators".to_owned(), parse_values("10, 30, 100")),
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
    fn settings_can_be_added_and_removed_and_the_size_is_said_before_running() {
        let parameters = ["n_estimators", "max_depth", "criterion", "bootstrap"];
        let mut form = GridForm::default();
        form.follow_model(&parameters);
        form.add_axis(&parameters);
        form.add_axis(&parameters);
        let names: Vec<&str> = form.axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, parameters);
        assert_eq!(form.size_text(), None);
        form.axes[0].values = "300, 500".into();
        form.axes[2].values = "gini, entropy".into();
        form.axes[3].values = "True, False".into();
        assert_eq!(
            form.size_text().as_deref(),
            Some("8 combinations × 3 folds = 24 fits")
        );
        // In ParameterGrid's order: bootstrap, criterion, n_estimators.
        let axes = form.chosen_axes().expect("axes");
        assert_eq!(
            describe(&axes, 1),
            "bootstrap = True, criterion = gini, n_estimators = 500"
        );
        form.remove_axis(3);
        assert_eq!(form.axes.len(), 3);
        form.axes[1].name = "n_estimators".into();
        form.axes[1].values = "10".into();
        assert_eq!(
            form.chosen_axes().expect_err("twice").to_string(),
            "n_estimators is given twice"
        );
        for _ in 0..5 {
            form.remove_axis(0);
        }
        assert_eq!(form.axes.len(), 1, "one line stays");
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
        assert_eq!(grid.events.data().labels.len(), 135);
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
