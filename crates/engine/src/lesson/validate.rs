//! Checks a lesson against the data it runs on: every widget, sample, variable, preset, control
//! and view it names exists; every task's check computes a finite answer; a choice's answer is
//! one of its options. The app shows the problems to the teacher; the native test fails on them.

use super::check::{CheckContext, Expected};
use super::document::{Block, Lesson, Section};
use super::progress::WidgetState;
use super::task::{AnswerKind, TaskSpec};
use super::widget::{WidgetKind, WidgetSpec};
use crate::data::Dataset;
use crate::ml::PRESETS;
use crate::state::Choice;
use crate::{Error, Result};

/// Every problem found in the sections that run on `ctx`'s dataset, as sentences naming the
/// section or task (empty: they are sound). A lesson whose sections use several datasets is
/// validated once per dataset (`LessonManifest::datasets`). Checks that need a trained model are
/// computed only when `ctx` has one.
pub fn validate(lesson: &Lesson, ctx: &CheckContext<'_>) -> Vec<String> {
    let dataset = ctx.dataset;
    let mut problems = Vec::new();
    let id = dataset.catalog.id.as_str();
    if !lesson.manifest.datasets().contains(&id) {
        problems.push(format!(
            "the lesson asks for dataset {} but runs on {id}",
            lesson.manifest.datasets().join(" and ")
        ));
    }
    let has_sample = |name: &str| super::check::named(dataset, &[name.to_owned()]).is_ok();
    let has_variable = |name: &str| has_variable(dataset, name);
    let on_this_dataset = lesson
        .sections
        .iter()
        .enumerate()
        .filter(|(i, _)| lesson.manifest.section_dataset(*i) == id)
        .map(|(_, s)| s);
    for section in on_this_dataset {
        problems.extend(section.problems.iter().cloned());
        for block in &section.blocks {
            match block {
                Block::Prose(_) => {}
                Block::Widget(w) => {
                    let at = format!("{}: {:?} widget", section.meta.file, w.kind).to_lowercase();
                    let is_signal = |name: &str| dataset.has_role(name, crate::data::Role::Signal);
                    widget_problems(w, &has_sample, &is_signal, &has_variable, &mut |p| {
                        problems.push(format!("{at}: {p}"));
                    });
                }
                Block::Task(task) => {
                    let at = format!("{}: task {}", section.meta.file, task.id);
                    // A task that reads the widget above it is checked on that widget as the
                    // lesson sets it up.
                    let reading = match widget_for(section, task) {
                        Ok(w) => w.map(|w| w.reading(&WidgetState::default(), dataset)),
                        Err(p) => {
                            problems.push(format!("{at}: {p}"));
                            continue;
                        }
                    };
                    let reading = match reading.transpose() {
                        Ok(r) => r,
                        Err(e) => {
                            problems.push(format!("{at}: the widget above cannot be read: {e}"));
                            continue;
                        }
                    };
                    let ctx = &ctx.with_widget(reading.as_ref());
                    let (samples, vars) = task.check.names();
                    for s in samples.iter().filter(|s| !has_sample(s)) {
                        problems.push(format!("{at}: no sample {s}"));
                    }
                    for v in vars.iter().filter(|v| !has_variable(v)) {
                        problems.push(format!("{at}: no variable {v}"));
                    }
                    // Without a trained model (the app before training), model checks wait.
                    if let Some(selector) = task.check.model_selector() {
                        if let Err(p) = known_model(selector) {
                            problems.push(format!("{at}: {p}"));
                        }
                        if ctx.model(selector).is_err() {
                            continue;
                        }
                    }
                    // A playground model the student has not trained yet: nothing to judge.
                    if task.check.waits_for_student(ctx) {
                        continue;
                    }
                    match task.check.compute(ctx) {
                        Ok(Expected::Number(x)) if !x.is_finite() => {
                            problems.push(format!("{at}: the check gives {x}"));
                        }
                        Ok(expected) => {
                            if let Err(p) = answer_fits(&task.answer, &expected, &has_variable) {
                                problems.push(format!("{at}: {p}"));
                            }
                        }
                        Err(e) => problems.push(format!("{at}: the check fails: {e}")),
                    }
                    for (i, mistake) in task.mistakes.iter().enumerate() {
                        if let Err(e) = mistake.check.compute(ctx) {
                            problems.push(format!("{at}: mistake {} fails: {e}", i + 1));
                        }
                    }
                    for (i, other) in task.accepted.iter().enumerate() {
                        if let Err(e) = other.check.compute(ctx) {
                            problems.push(format!("{at}: accepted answer {} fails: {e}", i + 1));
                        }
                    }
                }
            }
        }
    }
    problems
}

/// The widget above `task` when its check reads one (of the kind it reads), else `None`.
fn widget_for<'a>(
    section: &'a Section,
    task: &TaskSpec,
) -> std::result::Result<Option<&'a WidgetSpec>, String> {
    let Some(kind) = task.check.needs_widget() else {
        return Ok(None);
    };
    match section.widget_above(&task.id) {
        Some((_, w)) if w.kind == kind => Ok(Some(w)),
        _ => Err(format!(
            "its check reads the {} widget above it, and the nearest widget above is not one",
            kind.key()
        )),
    }
}

fn answer_fits(
    answer: &AnswerKind,
    expected: &Expected,
    has_variable: &dyn Fn(&str) -> bool,
) -> std::result::Result<(), String> {
    match (answer, expected) {
        (
            AnswerKind::Number { .. }
            | AnswerKind::Cut { .. }
            | AnswerKind::Model { .. }
            | AnswerKind::Reach { .. },
            Expected::Number(_),
        )
        | (AnswerKind::Plot, Expected::Text(_)) => Ok(()),
        (AnswerKind::Choice { options }, Expected::Text(t)) => options
            .iter()
            .any(|o| &o.value == t)
            .then_some(())
            .ok_or_else(|| format!("the right answer {t} is not among the options")),
        (AnswerKind::Variable { options }, Expected::Text(t)) => {
            if let Some(v) = options.iter().find(|v| !has_variable(v)) {
                return Err(format!("option {v} is not a variable of the dataset"));
            }
            options
                .contains(t)
                .then_some(())
                .ok_or_else(|| format!("the right answer {t} is not among the options"))
        }
        _ => Err("the answer type and the check do not match (number vs option)".into()),
    }
}

/// Whether every sample has a numeric column `name` (the weight column included: a task may ask
/// about it).
/// A model check's selector must name a preset or a family (`None`: any model).
fn known_model(selector: Option<&str>) -> std::result::Result<(), String> {
    use crate::state::Choice;
    match selector {
        Some(s)
            if !PRESETS.iter().any(|p| p.id == s)
                && crate::ml::ModelKind::from_key(s).is_none() =>
        {
            Err(format!("no preset or model family {s}"))
        }
        _ => Ok(()),
    }
}

fn has_variable(dataset: &Dataset, name: &str) -> bool {
    !dataset.samples.is_empty()
        && dataset
            .samples
            .iter()
            .all(|s| s.table.numeric(name).is_ok())
}

fn widget_problems(
    w: &WidgetSpec,
    has_sample: &dyn Fn(&str) -> bool,
    is_signal: &dyn Fn(&str) -> bool,
    has_variable: &dyn Fn(&str) -> bool,
    report: &mut dyn FnMut(String),
) {
    for s in w.samples.iter().chain(&w.sample).filter(|s| !has_sample(s)) {
        report(format!("no sample {s}"));
    }
    for v in w
        .variable
        .iter()
        .chain(&w.inputs)
        .filter(|v| !has_variable(v))
    {
        report(format!("no variable {v}"));
    }
    for s in &w.signal_choices {
        if !has_sample(s) {
            report(format!("no sample {s} among the signal choices"));
        } else if !is_signal(s) {
            report(format!("{s} in signal_choices is not a signal sample"));
        }
    }
    for c in w.controls.iter().flatten() {
        if !w.kind.controls().contains(&c.as_str()) {
            report(format!(
                "unknown control {c} (this kind has: {})",
                w.kind.controls().join(", ")
            ));
        }
    }
    for v in &w.views {
        if w.kind != WidgetKind::Evaluate || !WidgetKind::EVALUATE_VIEWS.contains(&v.as_str()) {
            report(format!("unknown view {v}"));
        }
    }
    if let Some(p) = &w.preset
        && !PRESETS.iter().any(|q| q.id == p)
        && crate::ml::ModelKind::from_key(p).is_none()
    {
        report(format!("unknown preset or model family {p}"));
    }
    if let Some(weighting) = &w.weighting
        && crate::ml::Weighting::from_key(weighting).is_none()
    {
        report(format!("unknown weighting {weighting}"));
    }
    if let Some(missing) = &w.missing
        && crate::ml::MissingValues::from_key(missing).is_none()
    {
        report(format!("unknown missing = \"{missing}\" (keep or drop)"));
    }
    for cut in &w.cuts {
        if let Err(e) = crate::analysis::CutExpr::parse(cut) {
            report(format!("cut {cut}: {e}"));
        }
    }
    if let Some(m) = &w.measure
        && crate::state::parse_significance(m).is_none()
    {
        report(format!("unknown measure {m}"));
    }
    if w.bins == Some(0) {
        report("bins must be at least 1".into());
    }
    setup_problems(w, report);
    grid_problems(w, report);
    if w.kind == WidgetKind::Pairs && w.inputs.len() > crate::view::MAX_PAIR_VARIABLES {
        report(format!(
            "a pair plot shows at most {} variables",
            crate::view::MAX_PAIR_VARIABLES
        ));
    }
    if w.kind == WidgetKind::Histogram
        && w.samples.is_empty()
        && w.shows("stack")
        && w.controls.is_some()
    {
        report(
            "the stack control switches from the widget's samples to every process: list samples"
                .into(),
        );
    }
}

/// A playground, fit or dice widget's `setup` must read without a note, and suit its kind (a fit
/// needs a line or a curve, a playground two classes); the other kinds take none.
/// A train widget's grid must name settings of its model, with values it accepts.
fn grid_problems(w: &WidgetSpec, report: &mut dyn FnMut(String)) {
    if w.grid.is_empty() && w.grid_scoring.is_none() {
        return;
    }
    if w.kind != WidgetKind::Train {
        report("only train widgets take a grid".into());
        return;
    }
    if let Ok(setup) = w.training_setup(&w.inputs)
        && let Err(e) = w.grid_form(&setup)
    {
        report(e.to_string());
    }
}

fn setup_problems(w: &WidgetSpec, report: &mut dyn FnMut(String)) {
    let Some(setup) = &w.setup else {
        return;
    };
    let notes = match w.kind {
        WidgetKind::Playground | WidgetKind::Fit => {
            let (s, mut notes) = w.playground_setup("");
            if s.toy.kind.is_regression() != (w.kind == WidgetKind::Fit) {
                notes.push(format!(
                    "a {} widget cannot show {}",
                    w.kind.key(),
                    crate::state::Choice::key(s.toy.kind)
                ));
            }
            notes
        }
        WidgetKind::Dice => w.dice_setup("").1,
        _ => vec!["only playground, fit and dice widgets take a setup".into()],
    };
    for note in notes {
        report(format!("setup “{setup}”: {note}"));
    }
}

/// What is wrong with widget `w` on `dataset` (a widget embedded from a link, say): unknown
/// samples, variables, controls, views, preset, weighting; cuts that do not parse.
pub fn widget_problems_on(w: &WidgetSpec, dataset: &Dataset) -> Vec<String> {
    let has_sample = |name: &str| super::check::named(dataset, &[name.to_owned()]).is_ok();
    let has_variable = |name: &str| has_variable(dataset, name);
    let is_signal = |name: &str| dataset.has_role(name, crate::data::Role::Signal);
    let mut problems = Vec::new();
    widget_problems(w, &has_sample, &is_signal, &has_variable, &mut |p| {
        problems.push(p);
    });
    problems
}

/// `Err` with every problem joined, for callers that want one error.
pub fn ensure_valid(lesson: &Lesson, ctx: &CheckContext<'_>) -> Result<()> {
    let problems = validate(lesson, ctx);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Lesson(problems.join("\n")))
    }
}
