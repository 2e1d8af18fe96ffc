//! Tasks: a question, the kind of answer it takes, hints given one at a time, a solution, the
//! check that computes the right answer from the data, and common mistakes with the explanation
//! a student gets when the answer matches one of them.
//!
//! ````markdown
//! ```task
//! id = "task-2"
//! title = "Task 2"
//! question = "How many simulated DM_300 events fall in the leftmost bar?"
//! answer = { type = "number", relative = 0.15 }
//! hints = ["Read across from the top of the leftmost bar to the y axis."]
//! solution = "The bar holds the events with the lowest lead_lep_pt …"
//! check = { kind = "bin_content", samples = ["DM_300"], variable = "lead_lep_pt", select = [0] }
//! [[mistake]]
//! check = { kind = "bin_content", samples = ["DM_300"], variable = "lead_lep_pt", select = [0], weighted = true }
//! message = "That is the weighted count; this task asks for simulated events."
//! ```
//! ````

use serde::{Deserialize, Serialize};

use super::check::{Check, CheckContext, Expected, plot_name, significance_after, widget_scan};
use crate::analysis::CutExpr;
use crate::{Error, Result};

/// One task.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSpec {
    /// Unique in the lesson; used in links (`#/lesson/<lesson>/<section>/<task>`).
    pub id: String,
    /// Short title ("Task 8").
    pub title: String,
    /// The question (Markdown).
    pub question: String,
    /// What kind of answer it takes.
    pub answer: AnswerKind,
    /// Hints, shown one at a time (Markdown).
    #[serde(default)]
    pub hints: Vec<String>,
    /// The worked solution (Markdown). The computed answer is shown with it.
    pub solution: String,
    /// How the right answer is computed.
    pub check: Check,
    /// Other right answers: e.g. the exact count of events below 100 GeV when the check is
    /// what the bars below 100 GeV show (a reading by eye). Same tolerance as the check.
    #[serde(default, rename = "accept")]
    pub accepted: Vec<Accepted>,
    /// Wrong answers worth explaining.
    #[serde(default, rename = "mistake")]
    pub mistakes: Vec<Mistake>,
}

/// Another answer that counts as right, and what to say when it is given.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// Computes the value.
    pub check: Check,
    /// Shown when the answer matches it (Markdown); `{value}` is replaced by the value.
    pub message: String,
}

/// A recognisable wrong answer and what to say about it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    /// Computes the value such a mistake gives.
    pub check: Check,
    /// Shown when the answer matches it (Markdown).
    pub message: String,
}

/// The kinds of answer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerKind {
    /// A number, right within max(`absolute`, `relative` × |expected|).
    Number {
        /// Relative tolerance (0.1 = 10 %).
        #[serde(default)]
        relative: f64,
        /// Absolute tolerance.
        #[serde(default)]
        absolute: f64,
        /// Unit shown next to the input.
        #[serde(default)]
        unit: Option<String>,
    },
    /// One of several options.
    Choice {
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// A variable of the dataset, picked from `options`.
    Variable {
        /// The variables offered.
        options: Vec<String>,
    },
    /// A cut (cut-builder syntax) whose S/√B on the active samples reaches `fraction` × the
    /// check's value.
    Cut {
        /// Share of the check's value to reach (1 = match it).
        #[serde(default = "one")]
        fraction: f64,
    },
    /// The plot above the task, set up as its `plot` check asks (no typed answer).
    Plot,
    /// The validation accuracy (0 to 1) the check reads from the student's own playground model
    /// must reach `at_least`.
    Reach {
        /// The least value that passes.
        at_least: f64,
    },
    /// Train a model whose output reaches a best S/√B (thresholds as in `thresholds`, on test
    /// events weighted up by 1/test_size) above `fraction` × the check's value.
    Model {
        /// Output thresholds scanned.
        thresholds: Vec<f64>,
        /// Share of the check's value to beat.
        #[serde(default = "one")]
        fraction: f64,
    },
}

fn one() -> f64 {
    1.0
}

/// An option of a choice.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// What the check compares with.
    pub value: String,
    /// What the student reads.
    pub label: String,
}

/// The outcome of checking an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Right or wrong.
    pub correct: bool,
    /// Feedback for the student (Markdown).
    pub message: String,
    /// The right answer as computed (shown with the solution).
    pub expected: Expected,
}

impl TaskSpec {
    /// The computed answer as a student reads it: a number with the task's unit, or an
    /// option's label.
    pub fn expected_text(&self, expected: &Expected) -> String {
        match (expected, &self.answer) {
            (Expected::Number(x), AnswerKind::Number { unit, .. }) => {
                format!("{} {}", show(*x), unit.as_deref().unwrap_or(""))
                    .trim()
                    .to_owned()
            }
            (Expected::Number(x), _) => show(*x),
            (Expected::Text(t), AnswerKind::Choice { options }) => options
                .iter()
                .find(|o| &o.value == t)
                .map_or_else(|| t.clone(), |o| o.label.clone()),
            (Expected::Text(t), _) => t.clone(),
        }
    }

    /// The check button's label.
    pub fn check_label(&self) -> &'static str {
        match self.answer {
            AnswerKind::Model { .. } | AnswerKind::Reach { .. } => "Check my model",
            AnswerKind::Plot => "Check my plot",
            _ => "Check",
        }
    }

    /// Checks `answer` (the text typed or the option chosen; ignored for model tasks).
    /// `Err` when the answer cannot be judged yet (e.g. no model trained): not a wrong answer.
    pub fn grade(&self, answer: &str, ctx: &CheckContext<'_>) -> Result<Verdict> {
        let expected = self.check.compute(ctx)?;
        match &self.answer {
            AnswerKind::Number {
                relative, absolute, ..
            } => {
                let Expected::Number(want) = expected else {
                    return Err(Error::Lesson(format!(
                        "task {}: a number task needs a check that computes a number",
                        self.id
                    )));
                };
                let Some(given) = parse_number(answer) else {
                    return Ok(Verdict {
                        correct: false,
                        message: "Type a number, e.g. `190` or `0.064`.".into(),
                        expected,
                    });
                };
                // Right within max(absolute, relative × |value|) of a value: the check's, an
                // accepted answer's, or (for feedback) a known mistake's.
                let near =
                    |value: f64| (given - value).abs() <= absolute.max(relative * value.abs());
                if near(want) {
                    return Ok(Verdict {
                        correct: true,
                        message: self.right_number(want, ctx),
                        expected,
                    });
                }
                for other in &self.accepted {
                    if let Ok(Expected::Number(m)) = other.check.compute(ctx)
                        && near(m)
                    {
                        return Ok(Verdict {
                            correct: true,
                            message: other.message.replace("{value}", &show(m)),
                            expected,
                        });
                    }
                }
                for mistake in &self.mistakes {
                    if let Ok(Expected::Number(m)) = mistake.check.compute(ctx)
                        && near(m)
                    {
                        return Ok(Verdict {
                            correct: false,
                            message: mistake.message.clone(),
                            expected,
                        });
                    }
                }
                let direction = if given > want { "high" } else { "low" };
                Ok(Verdict {
                    correct: false,
                    message: format!(
                        "Not yet: {} is too {direction}. Look again, or open a hint.",
                        show(given)
                    ),
                    expected,
                })
            }
            AnswerKind::Choice { .. } | AnswerKind::Variable { .. } => {
                let Expected::Text(want) = &expected else {
                    return Err(Error::Lesson(format!(
                        "task {}: a choice needs a check that names an option",
                        self.id
                    )));
                };
                if answer.trim().is_empty() {
                    return Ok(Verdict {
                        correct: false,
                        message: "Pick one of the options first.".into(),
                        expected,
                    });
                }
                let correct = answer.trim() == want;
                let message = if correct {
                    "Right.".to_owned()
                } else {
                    self.mistakes
                        .iter()
                        .find(|m| matches!(m.check.compute(ctx), Ok(Expected::Text(t)) if t == answer.trim()))
                        .map_or_else(
                            || "Not this one. Look again, or open a hint.".to_owned(),
                            |m| m.message.clone(),
                        )
                };
                Ok(Verdict {
                    correct,
                    message,
                    expected,
                })
            }
            AnswerKind::Cut { fraction } => {
                let Expected::Number(target) = expected else {
                    return Err(Error::Lesson(format!(
                        "task {}: a cut task needs a numeric check",
                        self.id
                    )));
                };
                let cuts = answer
                    .split(['\n', ';'])
                    .filter(|c| !c.trim().is_empty())
                    .map(CutExpr::parse)
                    .collect::<Result<Vec<_>>>();
                let cuts = match cuts {
                    Ok(c) if !c.is_empty() => c,
                    Ok(_) => {
                        return Ok(Verdict {
                            correct: false,
                            message: "Type a cut such as `ETmiss > 150`.".into(),
                            expected,
                        });
                    }
                    Err(e) => {
                        return Ok(Verdict {
                            correct: false,
                            message: format!("That cut does not parse: {e}"),
                            expected,
                        });
                    }
                };
                let reached = significance_after(ctx.dataset, &cuts);
                let (correct, message) = match reached {
                    Ok(z) if z >= fraction * target => {
                        (true, format!("Right: your cuts give S/√B = {}.", show(z)))
                    }
                    Ok(z) => (
                        false,
                        format!(
                            "Your cuts give S/√B = {}; aim for at least {}.",
                            show(z),
                            show(fraction * target)
                        ),
                    ),
                    Err(e) => (false, e.to_string()),
                };
                Ok(Verdict {
                    correct,
                    message,
                    expected: Expected::Number(target),
                })
            }
            AnswerKind::Plot => self.grade_plot(ctx, expected),
            AnswerKind::Reach { at_least } => {
                let Expected::Number(reached) = expected else {
                    return Err(Error::Lesson(format!(
                        "task {}: a task to reach a value needs a numeric check",
                        self.id
                    )));
                };
                let (mine, goal) = (self.reached(reached), self.reach_number(*at_least));
                let (correct, message) = if reached >= *at_least {
                    (true, format!("Yes: {mine}, at least {goal}."))
                } else {
                    (
                        false,
                        format!(
                            "{}{}; it needs {goal}. Change a setting and train again.",
                            mine[..1].to_uppercase(),
                            &mine[1..]
                        ),
                    )
                };
                Ok(Verdict {
                    correct,
                    message,
                    expected,
                })
            }
            AnswerKind::Model {
                thresholds,
                fraction,
            } => {
                let Expected::Number(target) = expected else {
                    return Err(Error::Lesson(format!(
                        "task {}: a model task needs a numeric check",
                        self.id
                    )));
                };
                let mine = Check::ModelSignificance {
                    thresholds: thresholds.clone(),
                    every_event: false,
                }
                .compute(ctx)?;
                let Expected::Number(z) = mine else {
                    return Err(Error::Check("the model's check gave no number".into()));
                };
                let goal = fraction * target;
                let (correct, message) = if z > goal {
                    (
                        true,
                        format!(
                            "Yes: your model reaches S/√B = {}, above {}.",
                            show(z),
                            show(goal)
                        ),
                    )
                } else {
                    (
                        false,
                        format!(
                            "Your model reaches S/√B = {}; it has to beat {}. Change a setting and train again.",
                            show(z),
                            show(goal)
                        ),
                    )
                };
                Ok(Verdict {
                    correct,
                    message,
                    expected: Expected::Number(target),
                })
            }
        }
    }
}

impl TaskSpec {
    /// A `reach` task's number in words: "your model gets 91.0 % of the validation points right"
    /// for a playground's accuracy, "your model reaches an AMS of 2.31 on its test part" for a
    /// model's AMS.
    fn reached(&self, value: f64) -> String {
        let number = self.reach_number(value);
        match &self.check {
            Check::ModelAms { part, .. } => {
                let on = match part {
                    super::check::Part::Test => "on its test part",
                    super::check::Part::HeldOut => "on the events it is judged on",
                };
                format!("your model reaches an AMS of {number} {on}")
            }
            _ => format!("your model gets {number} of the validation points right"),
        }
    }

    /// What a `reach` task judges, said above its button.
    pub fn reach_subject(&self) -> &'static str {
        match &self.check {
            Check::ModelAms {
                part: super::check::Part::Test,
                ..
            } => "Judges the latest model whose test part you have opened.",
            Check::ModelAms { .. } => "Judges the last model you trained in this lesson.",
            _ => "Judges the model you trained last in the playground above.",
        }
    }

    /// A `reach` task's number as its check reads: an AMS, or an accuracy in percent.
    fn reach_number(&self, value: f64) -> String {
        match &self.check {
            Check::ModelAms { .. } => show(value),
            _ => format!("{:.1} %", 100.0 * value),
        }
    }

    /// What a right number earns: where it comes from (the data, the model, the student's scan).
    fn right_number(&self, want: f64, ctx: &CheckContext<'_>) -> String {
        match &self.check {
            Check::ModelSignificance { .. }
            | Check::ModelMetric { .. }
            | Check::ModelAms { .. }
            | Check::Overtraining { .. }
            | Check::DataSelected { .. } => {
                format!("Right: your model gives {}.", show(want))
            }
            Check::WidgetScan { variable, .. } => match widget_scan(ctx, variable) {
                Ok(best) if best.at_last => format!(
                    "Right: your scan peaks at {} at your last threshold, {}. It may still rise beyond it: try larger thresholds too.",
                    show(best.value),
                    show(best.threshold)
                ),
                Ok(best) if best.at_first => format!(
                    "Right: your scan peaks at {} at your first threshold, {}. It may be higher still below it: try smaller thresholds too.",
                    show(best.value),
                    show(best.threshold)
                ),
                Ok(best) => format!(
                    "Right: your thresholds give at most {}, at {}.",
                    show(best.value),
                    show(best.threshold)
                ),
                Err(_) => format!("Right: your scan gives {}.", show(want)),
            },
            Check::DivergenceRate { .. }
            | Check::BestDegree { .. }
            | Check::BestDepth { .. }
            | Check::EffectiveRolls { .. } => format!("Right: {}.", show(want)),
            _ => format!("Right: the data give {}.", show(want)),
        }
    }

    /// A plot task: the widget above must show the variable, weighting and stacking asked for;
    /// the feedback names each thing still to change.
    fn grade_plot(&self, ctx: &CheckContext<'_>, expected: Expected) -> Result<Verdict> {
        let Check::Plot {
            variable,
            weighted,
            stacked,
        } = &self.check
        else {
            return Err(Error::Lesson(format!(
                "task {}: a plot task needs a plot check",
                self.id
            )));
        };
        let reading = ctx.widget.ok_or_else(|| {
            Error::Check("this task reads the plot above it, and there is none".into())
        })?;
        let h = &reading.view.histogram;
        let shown = reading.view.histogram_variable(&reading.data);
        let mut todo = Vec::new();
        if &shown != variable {
            todo.push(format!("it shows `{shown}`: choose `{variable}`"));
        }
        if h.weighted != *weighted {
            todo.push(if *weighted {
                "it counts simulated events: switch **weighted** on, so each event counts as many real ones as it stands for".to_owned()
            } else {
                "it is weighted: switch **weighted** off to count simulated events".to_owned()
            });
        }
        if reading.stacked != *stacked {
            todo.push(if *stacked {
                "it shows one process: switch on **stack every process**".to_owned()
            } else {
                "it stacks every process: switch **stack every process** off".to_owned()
            });
        }
        if h.normalised {
            todo.push(
                "its shapes are normalised: switch that off to stack event counts".to_owned(),
            );
        }
        let correct = todo.is_empty();
        let message = if correct {
            format!(
                "Right: that is the plot ({}).",
                plot_name(variable, *weighted, *stacked)
            )
        } else {
            format!("Not yet: {}.", todo.join("; "))
        };
        Ok(Verdict {
            correct,
            message,
            expected,
        })
    }
}

/// A number as a student writes it: `190`, `0.064`, `6.4e-2`, `1,234`, `about 190`, `2.5 GeV`.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().replace(',', "");
    let start = cleaned.find(|c: char| c.is_ascii_digit() || c == '-' || c == '.')?;
    let rest = &cleaned[start..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || (c == '-' && (i == 0 || rest[..i].ends_with(['e', 'E'])))
                || ((c == 'e' || c == 'E') && i > 0))
        })
        .map_or(rest.len(), |(i, _)| i);
    rest[..end].parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A number with four significant digits, for feedback.
pub fn show(x: f64) -> String {
    crate::state::significant(x, 4)
}

#[cfg(test)]
mod tests {
    use super::{parse_number, show};

    #[test]
    fn numbers_are_read_as_students_write_them() {
        assert_eq!(parse_number("190"), Some(190.0));
        assert_eq!(parse_number(" about 190 events"), Some(190.0));
        assert_eq!(parse_number("0.064"), Some(0.064));
        assert_eq!(parse_number("6.4e-2"), Some(0.064));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("-2.5 GeV"), Some(-2.5));
        assert_eq!(parse_number("lots"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn computed_answers_read_with_their_unit_or_label() {
        let task: super::TaskSpec = toml::from_str(
            "id = \"t\"\ntitle = \"T\"\nquestion = \"Q?\"\nsolution = \"S\"\n\
             answer = { type = \"number\", relative = 0.1, unit = \"GeV\" }\n\
             check = { kind = \"mean\", samples = [\"x\"], variable = \"a\" }\n",
        )
        .expect("task");
        assert_eq!(
            task.expected_text(&super::Expected::Number(150.0)),
            "150 GeV"
        );
        assert_eq!(task.check_label(), "Check");
    }

    #[test]
    fn feedback_numbers_keep_four_significant_digits() {
        assert_eq!(show(2.53123), "2.531");
        assert_eq!(show(196.0), "196");
        assert_eq!(show(0.0), "0");
        assert_eq!(show(0.0642), "0.0642");
        assert_eq!(show(12345.6), "12346");
    }

    #[test]
    fn a_plot_task_names_what_is_still_to_change() {
        use crate::lesson::{CheckContext, WidgetSpec, WidgetState};
        let data = crate::state::fixture::toy();
        let widget: WidgetSpec = toml::from_str(
            "kind = \"histogram\"\nsamples = [\"sig\"]\nvariable = \"x\"\nweighted = false\ncontrols = [\"variable\", \"weighted\", \"stack\"]\n",
        )
        .expect("widget");
        let task: super::TaskSpec = toml::from_str(
            "id = \"t\"\ntitle = \"T\"\nquestion = \"Q\"\nsolution = \"S\"\n\
             answer = { type = \"plot\" }\n\
             check = { kind = \"plot\", variable = \"y\", weighted = true, stacked = true }\n",
        )
        .expect("task");
        assert_eq!(task.check_label(), "Check my plot");
        let grade = |state: &WidgetState| {
            let reading = widget.reading(state, &data).expect("reading");
            let ctx = CheckContext::with_models(&data, &[]);
            task.grade("", &ctx.with_widget(Some(&reading)))
                .expect("graded")
        };
        let first = grade(&WidgetState::default());
        assert!(!first.correct);
        for needed in ["choose `y`", "**weighted** on", "**stack every process**"] {
            assert!(first.message.contains(needed), "{}", first.message);
        }
        let mut view = widget.initial_view(&data);
        view.histogram.variable = Some("y".into());
        view.histogram.weighted = true;
        let built = WidgetState {
            view: view.to_query(),
            stacked: Some(true),
            ..WidgetState::default()
        };
        let done = grade(&built);
        assert!(done.correct, "{}", done.message);
        assert_eq!(
            task.expected_text(&done.expected),
            "y, weighted, every process stacked"
        );
    }
}
