//! A task card: the question, an input that suits the answer (number, options, a variable, cuts,
//! or "check my model"), Check with feedback that explains, hints one at a time, and the
//! solution with the answer the engine computed from the loaded data.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::markdown::render;
use fivesigma_engine::lesson::{
    AnswerKind, CheckContext, LessonProgress, ModelView, TaskProgress, TaskSpec, WidgetSpec,
};
use leptos::prelude::*;

use crate::components::training::TrainedModel;

/// Markdown as HTML (lesson text is rendered by the engine: raw HTML is escaped, links checked).
fn html(markdown: &str) -> String {
    render(markdown).0
}

/// The input that suits the task's answer; Enter in a number box checks it.
#[component]
fn AnswerInput(
    task: Arc<TaskSpec>,
    answer: RwSignal<String>,
    check: Callback<()>,
) -> impl IntoView {
    match &task.answer {
        AnswerKind::Number { unit, .. } => view! {
            <label class="answer-label">"Your answer "
                <input type="text" inputmode="decimal" class="answer-input" data-testid="answer"
                    prop:value=move || answer.get()
                    on:input=move |ev| answer.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { check.run(()) } />
                {unit.clone().map(|u| view! { <span class="unit">{u}</span> })}
            </label>
        }
        .into_any(),
        AnswerKind::Choice { options } => {
            let name = format!("choice-{}", task.id);
            let choices = options.iter().map(|o| {
                let value = o.value.clone();
                let chosen = value.clone();
                view! {
                    <label class="choice">
                        <input type="radio" name=name.clone() value=value.clone() data-testid=format!("option-{value}")
                            prop:checked=move || answer.get() == chosen
                            on:change=move |_| answer.set(value.clone()) />
                        " " {o.label.clone()}
                    </label>
                }
            });
            view! {
                <fieldset class="choices" data-testid="answer-choices">
                    <legend class="visually-hidden">"Options"</legend>
                    {choices.collect_view()}
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
        AnswerKind::Reach { .. } => view! {
            <p class="hint">{task.reach_subject()}</p>
        }
        .into_any(),
        AnswerKind::Plot => view! {
            <p class="hint">"Checks the plot above as you have set it up."</p>
        }
        .into_any(),
    }
}

/// Hints one at a time, and the solution with the answer computed from the data loaded now.
#[component]
fn TaskHelp(
    task: Arc<TaskSpec>,
    state: Memo<TaskProgress>,
    update: Callback<fn(&mut TaskProgress, usize)>,
    solution_answer: RwSignal<Option<String>>,
) -> impl IntoView {
    let n_hints = task.hints.len();
    let hints = task.hints.clone();
    let solution = html(&task.solution);
    view! {
        <div class="task-help">
            {move || {
                let shown = state.with(|s| s.hints_shown).min(n_hints);
                hints.iter().take(shown).enumerate().map(|(i, h)| view! {
                    <div class="hint-box" data-testid="hint"><strong>{format!("Hint {}: ", i + 1)}</strong><span inner_html=html(h)></span></div>
                }).collect_view()
            }}
            <div class="task-buttons">
                <Show when=move || state.with(|s| s.hints_shown) < n_hints>
                    <button class="button secondary small" data-testid="hint-button" on:click=move |_| update.run(|t, n| t.open_hint(n))>
                        {move || state.with(|s| s.hint_button(n_hints))}
                    </button>
                </Show>
                <Show when=move || !state.with(|s| s.solution_shown)>
                    <button class="button secondary small" data-testid="solution-button" on:click=move |_| update.run(|t, _| t.solution_shown = true)>"Show the solution"</button>
                </Show>
            </div>
            <Show when=move || state.with(|s| s.solution_shown)>
                <div class="solution-box" data-testid="solution">
                    <strong>"Solution. "</strong>
                    <span inner_html=solution.clone()></span>
                    <p class="facts">"From the data loaded now: " <strong data-testid="computed-answer">{move || solution_answer.get().unwrap_or_default()}</strong></p>
                </div>
            </Show>
        </div>
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
    /// The widget above the task and the key its state is kept under, for checks that read it
    /// ("your plot", "your scan").
    #[prop(default = None)]
    widget: Option<(String, WidgetSpec)>,
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
    let n_hints = task.hints.len();
    let update = Callback::new({
        let id = id.clone();
        move |f: fn(&mut TaskProgress, usize)| {
            progress.update(|p| {
                let mut t = p.task(&id);
                f(&mut t, n_hints);
                p.tasks.insert(id.clone(), t);
            });
        }
    });
    let (task_store, data_store) = (StoredValue::new(task.clone()), StoredValue::new(dataset));
    let widget = StoredValue::new(widget.filter(|_| task.check.needs_widget().is_some()));
    // The task's check on the data, with the student's last model and the widget above as the
    // student left it (read from the progress, where the widget keeps its state).
    let with_context = move |f: &dyn Fn(&TaskSpec, &CheckContext<'_>)| {
        let trained = models.get_untracked();
        let views: Vec<ModelView<'_>> = trained.iter().map(|m| ModelView::of(m)).collect();
        data_store.with_value(|d| {
            let reading = widget.with_value(|w| {
                w.as_ref().map(|(key, spec)| {
                    let state = progress
                        .with_untracked(|p| p.widgets.get(key).cloned())
                        .unwrap_or_default();
                    spec.reading(&state, d)
                })
            });
            let reading = match reading.transpose() {
                Ok(r) => r,
                Err(e) => {
                    feedback.set(Some((false, e.to_string())));
                    return;
                }
            };
            let ctx = CheckContext::with_models(d, &views).with_widget(reading.as_ref());
            task_store.with_value(|t| f(t, &ctx));
        });
    };
    let check = Callback::new({
        let id = id.clone();
        move |()| {
            let given = answer.get_untracked();
            with_context(&|task, ctx| match task.grade(&given, ctx) {
                Ok(verdict) => {
                    progress.update(|p| {
                        let mut t = p.task(&id);
                        t.checked(&given, verdict.correct);
                        p.tasks.insert(id.clone(), t);
                    });
                    feedback.set(Some((verdict.correct, verdict.message)));
                }
                // Not judged (e.g. no model yet): say why; the answer is not marked wrong.
                Err(e) => feedback.set(Some((false, e.to_string()))),
            });
        }
    });
    // An imported answer is checked here once it can be (its model restored, its widget read),
    // without counting an attempt.
    Effect::new({
        let id = id.clone();
        move |_| {
            if !state.with(|s| s.pending) {
                return;
            }
            models.track();
            let given = state.with_untracked(|s| s.answer.clone());
            with_context(&|task, ctx| {
                if let Ok(verdict) = task.grade(&given, ctx) {
                    progress.update(|p| {
                        let mut t = p.task(&id);
                        t.judged(verdict.correct);
                        p.tasks.insert(id.clone(), t);
                    });
                }
            });
        }
    });
    let solution_answer = RwSignal::new(None::<String>);
    // The computed answer, recomputed whenever the solution is shown (the data or model may change).
    Effect::new(move |_| {
        if state.with(|s| s.solution_shown) {
            models.track();
            with_context(&|task, ctx| {
                solution_answer.set(Some(match task.check.compute(ctx) {
                    Ok(expected) => task.expected_text(&expected),
                    Err(e) => e.to_string(),
                }));
            });
        }
    });
    view! {
        <article class="task-card" id=format!("task-{id}") data-testid=format!("task-{id}") data-status=move || state.get().status.key() tabindex="-1">
            <header class="task-head">
                <h3><a href=href class="task-link" title="Link to this task">{task.title.clone()}</a></h3>
                <span class="task-status" data-testid="task-status">{move || state.get().status.label()}</span>
            </header>
            <div class="task-question" inner_html=html(&task.question)></div>
            <div class="task-answer">
                <AnswerInput task=task.clone() answer check />
                <button class="button" data-testid="check" on:click=move |_| check.run(())>{task.check_label()}</button>
            </div>
            <div aria-live="polite">
                {move || feedback.get().map(|(ok, message)| view! {
                    <div class=if ok { "feedback good" } else { "feedback bad" } data-testid="feedback" inner_html=html(&message)></div>
                })}
            </div>
            <TaskHelp task state update solution_answer />
        </article>
    }
}
