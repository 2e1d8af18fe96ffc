//! A task card: the question, an input that suits the answer (number, options, a variable, cuts,
//! or "check my model"), Check with feedback that explains, hints one at a time, and the
//! solution with the answer the engine computed from the loaded data.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::markdown::render;
use fivesigma_engine::lesson::{
    AnswerKind, CheckContext, Expected, LessonProgress, TaskSpec, TaskStatus, show,
};
use leptos::prelude::*;

use crate::components::training::TrainedModel;

/// Markdown as HTML (lesson text is rendered by the engine: raw HTML is escaped, links checked).
fn html(markdown: &str) -> String {
    render(markdown).0
}

/// The computed answer as a student reads it.
fn expected_text(expected: &Expected, task: &TaskSpec) -> String {
    match (expected, &task.answer) {
        (Expected::Number(x), AnswerKind::Number { unit, .. }) => {
            format!("{} {}", show(*x), unit.clone().unwrap_or_default())
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

/// One task.
#[component]
pub fn TaskCard(
    /// The task.
    task: Arc<TaskSpec>,
    /// The data its check reads.
    dataset: Arc<Dataset>,
    /// Models trained in this lesson (the last one is "your model").
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// The lesson's progress (this card reads and writes its own entry).
    progress: RwSignal<LessonProgress>,
    /// Link to this task.
    href: String,
) -> impl IntoView {
    let id = task.id.clone();
    let state = {
        let id = id.clone();
        Memo::new(move |_| progress.with(|p| p.task(&id)))
    };
    let answer = RwSignal::new(state.get_untracked().answer);
    let feedback = RwSignal::new(None::<(bool, String)>);
    // Progress replaced from outside (reset, import): show what it holds.
    Effect::new(move |_| {
        let saved = state.get();
        answer.set(saved.answer);
        if saved.attempts == 0 {
            feedback.set(None);
        }
    });
    let task_store = StoredValue::new(task.clone());
    let data_store = StoredValue::new(dataset.clone());
    let update = {
        let id = id.clone();
        move |f: &dyn Fn(&mut fivesigma_engine::lesson::TaskProgress)| {
            progress.update(|p| {
                let mut t = p.task(&id);
                f(&mut t);
                p.tasks.insert(id.clone(), t);
            });
        }
    };
    let compute_with = move |f: &dyn Fn(&TaskSpec, &CheckContext<'_>) -> Option<()>| {
        let latest = models.with_untracked(|m| m.last().cloned());
        data_store.with_value(|dataset| {
            task_store.with_value(|task| {
                let ctx = CheckContext {
                    dataset,
                    model: latest.as_ref().map(|m| &m.evaluation),
                    test_fraction: latest.as_ref().map_or(0.25, |m| m.setup.test_fraction),
                };
                f(task, &ctx)
            })
        });
    };
    let check = {
        let update = update.clone();
        move || {
            let given = answer.get_untracked();
            compute_with(&|task, ctx| {
                match task.grade(&given, ctx) {
                    Ok(verdict) => {
                        update(&|t| {
                            t.answer = given.clone();
                            t.attempts += 1;
                            t.status = if verdict.correct {
                                TaskStatus::Correct
                            } else {
                                TaskStatus::Wrong
                            };
                        });
                        feedback.set(Some((verdict.correct, verdict.message)));
                    }
                    // Not judged (e.g. no model yet): say why; the answer is not marked wrong.
                    Err(e) => feedback.set(Some((false, e.to_string()))),
                }
                Some(())
            });
        }
    };
    let solution_answer = RwSignal::new(None::<String>);
    let reveal = {
        let update = update.clone();
        move || {
            update(&|t| t.solution_shown = true);
        }
    };
    // The computed answer, recomputed whenever the solution is shown (the data or model may change).
    Effect::new(move |_| {
        if !state.with(|s| s.solution_shown) {
            return;
        }
        models.track();
        compute_with(&|task, ctx| {
            solution_answer.set(Some(match task.check.compute(ctx) {
                Ok(expected) => expected_text(&expected, task),
                Err(e) => e.to_string(),
            }));
            Some(())
        });
    });
    let more_hint = {
        let update = update.clone();
        let total = task.hints.len();
        move || update(&|t| t.hints_shown = (t.hints_shown + 1).min(total))
    };

    let input = match &task.answer {
        AnswerKind::Number { unit, .. } => view! {
            <label class="answer-label">"Your answer "
                <input type="text" inputmode="decimal" class="answer-input" data-testid="answer"
                    prop:value=move || answer.get()
                    on:input=move |ev| answer.set(event_target_value(&ev))
                    on:keydown={
                        let check = check.clone();
                        move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { check() }
                    } />
                {unit.clone().map(|u| view! { <span class="unit">{u}</span> })}
            </label>
        }
        .into_any(),
        AnswerKind::Choice { options } => {
            let name = format!("choice-{id}");
            view! {
                <fieldset class="choices" data-testid="answer-choices">
                    <legend class="visually-hidden">"Options"</legend>
                    {options.iter().map(|o| {
                        let value = o.value.clone();
                        let v2 = value.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name=name.clone() value=value.clone() data-testid=format!("option-{value}")
                                    prop:checked=move || answer.get() == v2
                                    on:change=move |_| answer.set(value.clone()) />
                                " " {o.label.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        AnswerKind::Variable { options } => view! {
            <label class="answer-label">"Variable "
                <select data-testid="answer" prop:value=move || answer.get() on:change=move |ev| answer.set(event_target_value(&ev))>
                    <option value="">"— choose —"</option>
                    {options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        AnswerKind::Cut { .. } => view! {
            <label class="answer-label answer-block">"Your cuts, one per line"
                <textarea rows="3" class="answer-cuts" data-testid="answer" placeholder="ETmiss > 150"
                    prop:value=move || answer.get()
                    on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
            </label>
        }
        .into_any(),
        AnswerKind::Model { .. } => view! {
            <p class="hint">"Uses the last model you trained in this lesson."</p>
        }
        .into_any(),
    };
    let check_label = if matches!(task.answer, AnswerKind::Model { .. }) {
        "Check my model"
    } else {
        "Check"
    };
    let hints = task.hints.clone();
    let n_hints = hints.len();
    let status_text = move || match state.get().status {
        TaskStatus::Correct => "✓ correct",
        TaskStatus::Wrong => "✗ not yet",
        TaskStatus::Open => "",
    };
    let status_key = move || match state.get().status {
        TaskStatus::Correct => "correct",
        TaskStatus::Wrong => "wrong",
        TaskStatus::Open => "open",
    };
    view! {
        <article class="task-card" id=format!("task-{id}") data-testid=format!("task-{id}") data-status=status_key tabindex="-1">
            <header class="task-head">
                <h3><a href=href class="task-link" title="Link to this task">{task.title.clone()}</a></h3>
                <span class="task-status" data-testid="task-status">{status_text}</span>
            </header>
            <div class="task-question" inner_html=html(&task.question)></div>
            <div class="task-answer">
                {input}
                <button class="button" data-testid="check" on:click={ let check = check.clone(); move |_| check() }>{check_label}</button>
            </div>
            <div aria-live="polite">
                {move || feedback.get().map(|(ok, message)| view! {
                    <div class=if ok { "feedback good" } else { "feedback bad" } data-testid="feedback" inner_html=html(&message)></div>
                })}
            </div>
            <div class="task-help">
                {move || {
                    let shown = state.with(|s| s.hints_shown).min(n_hints);
                    hints.iter().take(shown).enumerate().map(|(i, h)| view! {
                        <div class="hint-box" data-testid="hint"><strong>{format!("Hint {}: ", i + 1)}</strong><span inner_html=html(h)></span></div>
                    }).collect_view()
                }}
                <div class="task-buttons">
                    <Show when=move || state.with(|s| s.hints_shown) < n_hints>
                        <button class="button secondary small" data-testid="hint-button" on:click={ let more_hint = more_hint.clone(); move |_| more_hint() }>
                            {move || if n_hints == 1 { "Show the hint".to_owned() } else { format!("Show hint {} of {}", state.with(|s| s.hints_shown) + 1, n_hints) }}
                        </button>
                    </Show>
                    <Show when=move || !state.with(|s| s.solution_shown)>
                        <button class="button secondary small" data-testid="solution-button" on:click={ let reveal = reveal.clone(); move |_| reveal() }>"Show the solution"</button>
                    </Show>
                </div>
                <Show when=move || state.with(|s| s.solution_shown)>
                    <div class="solution-box" data-testid="solution">
                        <strong>"Solution. "</strong>
                        <span inner_html=task_store.with_value(|t| html(&t.solution))></span>
                        <p class="facts">"From the data loaded now: " <strong data-testid="computed-answer">{move || solution_answer.get().unwrap_or_default()}</strong></p>
                    </div>
                </Show>
            </div>
        </article>
    }
}
