//! Checks on points a lesson makes from a seed (the foundations lesson has no dataset): the
//! learning rate where a line's gradient descent diverges, the polynomial degree that fits the
//! validation points best, the tree depth with the best validation accuracy, the accuracy the
//! student's own playground model reached, and a weighted die's effective number of rolls.
//! Every answer is computed here, by the same engine code the widgets run.

use super::widget::WidgetReading;
use crate::ml::TreeParams;
use crate::ml::fit::best_degree;
use crate::ml::stepwise::{Points, tree_accuracy_by_depth};
use crate::state::Choice;
use crate::state::fitting::{FitMethod, Fitting};
use crate::state::playground::{Family, layout};
use crate::view::dice::DiceSetup;
use crate::view::playground::PlaygroundSetup;
use crate::{Error, Result};

/// The playground settings a check names, or why they are not right.
fn setup(query: &str) -> Result<PlaygroundSetup> {
    let (setup, notes) = PlaygroundSetup::from_query(query);
    if notes.is_empty() {
        Ok(setup)
    } else {
        Err(Error::Check(format!(
            "the check's setup “{query}”: {}",
            notes.join(" ")
        )))
    }
}

/// The learning rate above which gradient descent on the line of `query` diverges:
/// η_c = 2/λ_max of the training MSE's Hessian.
pub fn divergence_rate(query: &str) -> Result<f64> {
    let mut s = setup(query)?;
    s.fit.degree = 1;
    s.fit.method = FitMethod::Exact;
    Fitting::new(&s.toy, s.fit)?
        .divergence_rate()
        .ok_or_else(|| Error::Check("the divergence rate is the line's".into()))
}

/// The polynomial degree with the lowest validation MSE on the points of `query`.
pub fn best_fit_degree(query: &str) -> Result<f64> {
    let s = setup(query)?;
    let fitting = Fitting::new(&s.toy, s.fit)?;
    best_degree(&fitting.scan)
        .map(|d| d as f64)
        .ok_or_else(|| Error::Check("no degree could be fitted".into()))
}

/// The depth, from 1 to the setup's `depth`, at which a decision tree on the points of `query`
/// has its best validation accuracy (the shallowest when several tie).
pub fn best_tree_depth(query: &str) -> Result<f64> {
    let s = setup(query)?;
    let l = layout(&s)?;
    let pick = |rows: &[usize]| Points::select(&l.set.features, &l.set.labels, rows);
    let params = TreeParams {
        max_depth: Some(s.model.max_depth),
        ..TreeParams::default()
    };
    let by_depth = tree_accuracy_by_depth(
        &params,
        s.toy.seed,
        &pick(&l.split.train),
        &pick(&l.split.validation),
    )?;
    let mut best: Option<(f64, usize)> = None;
    for (i, &accuracy) in by_depth.iter().enumerate() {
        if best.is_none_or(|(b, _)| accuracy > b + 1e-12) {
            best = Some((accuracy, i + 1));
        }
    }
    best.map(|(_, depth)| depth as f64)
        .ok_or_else(|| Error::Check("the tree took no step".into()))
}

/// The validation accuracy (0 to 1) of the model the playground above trained last, which must
/// have learned the points `data` (a shape's key: `spirals`, …) and, if `family` is given, be of
/// that kind (`network`, …).
pub fn playground_accuracy(
    widget: Option<&WidgetReading>,
    data: &str,
    family: Option<&str>,
) -> Result<f64> {
    let widget = widget.ok_or_else(|| {
        Error::Check("this task reads the playground above it, and there is none".into())
    })?;
    let trained = widget.state.trained.as_ref().ok_or_else(|| {
        Error::Check("Train a model in the playground above first: this task judges it.".into())
    })?;
    let (used, _) = PlaygroundSetup::from_query(&trained.setup);
    if used.toy.kind.key() != data {
        return Err(Error::Check(format!(
            "Your last model learned the {}; this task asks for the {data}: pick them and train again.",
            used.toy.kind.label().to_lowercase()
        )));
    }
    if let Some(family) = family.filter(|f| used.model.family.key() != *f) {
        let wanted =
            Family::from_key(family).map_or_else(|| family.to_owned(), |f| f.label().to_owned());
        return Err(Error::Check(format!(
            "Your last model was a {}; this task asks for a {}: pick it and train again.",
            used.model.family.label().to_lowercase(),
            wanted.to_lowercase()
        )));
    }
    Ok(trained.validation_accuracy)
}

/// Kish's effective number of rolls (Σw)²/Σw² of the dice `query`.
pub fn effective_rolls(query: &str) -> Result<f64> {
    let (dice, notes) = DiceSetup::from_query(query);
    if !notes.is_empty() {
        return Err(Error::Check(format!(
            "the check's dice “{query}”: {}",
            notes.join(" ")
        )));
    }
    Ok(dice.summary()?.effective_events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::TrainedToy;
    use crate::lesson::progress::WidgetState;

    #[test]
    fn the_fit_checks_give_numpys_answers() {
        // numpy, same 24 training points (see ml::fit's tests): 2 / eigvalsh(2/n · XᵀX).max()
        // = 0.9958935835275857; polyfit on the 36/12 split of the curve: validation MSE lowest at
        // degree 5.
        let rate = divergence_rate("data=line&n=40&noise=0.1").expect("rate");
        assert!((rate - 0.995_893_583_527_585_7).abs() < 1e-9, "{rate}");
        assert_eq!(
            best_fit_degree("data=curve&n=60&noise=0.2").expect("degree"),
            5.0
        );
        assert!(divergence_rate("data=moons").is_err(), "a line's number");
        assert!(
            best_fit_degree("data=curve&n=lots").is_err(),
            "a bad setup is named"
        );
    }

    #[test]
    fn the_best_depth_is_scikit_learns() {
        // scikit-learn 1.5.2, DecisionTreeClassifier(max_depth=k, random_state=0…4) on the same
        // 240 training / 80 validation points (written out by this engine): validation accuracy
        // 0.8125, 0.85, 0.85, 0.85, 0.875, 0.85, then 0.8375–0.8625 — best at depth 5 alone,
        // whatever the random state.
        let depth = best_tree_depth("data=moons&noise=0.35&n=400&depth=12").expect("depth");
        assert_eq!(depth, 5.0);
    }

    #[test]
    fn a_playground_model_is_judged_only_on_the_points_and_model_asked_for() {
        let reading = |setup: &str| WidgetReading {
            view: Default::default(),
            data: crate::data::Dataset::none(),
            stacked: false,
            state: WidgetState {
                trained: Some(TrainedToy {
                    setup: setup.into(),
                    steps: 120,
                    validation_accuracy: 0.95,
                }),
                ..WidgetState::default()
            },
        };
        let spirals = reading("data=spirals&layers=32,32");
        assert_eq!(
            playground_accuracy(Some(&spirals), "spirals", Some("network")).expect("judged"),
            0.95
        );
        let moons = reading("");
        let why = playground_accuracy(Some(&moons), "spirals", None).expect_err("other points");
        assert!(why.to_string().contains("learned the moons"), "{why}");
        let forest = reading("data=spirals&model=forest");
        let why =
            playground_accuracy(Some(&forest), "spirals", Some("network")).expect_err("a forest");
        assert!(why.to_string().contains("was a random forest"), "{why}");
        let untrained = WidgetReading {
            state: WidgetState::default(),
            ..spirals
        };
        assert!(playground_accuracy(Some(&untrained), "spirals", None).is_err());
    }

    #[test]
    fn negative_weights_cost_about_two_thirds_of_the_rolls() {
        // With a share s = 0.2 of weight −w and the rest +w, (Σw)²/Σw² ≈ n(1 − 2s)² = 0.36 n.
        let n_eff = effective_rolls("die=negative&rolls=1000").expect("rolls");
        assert!((n_eff - 360.0).abs() < 25.0, "{n_eff}");
        assert_eq!(
            effective_rolls("die=fair&rolls=1000").expect("rolls"),
            1000.0
        );
    }
}
