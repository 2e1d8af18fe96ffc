//! The playground: two-dimensional points from a seed, a model learning them step by step in a
//! worker, and the decision boundary redrawn after every step; for a line or a curve, the fit
//! widget instead. Used by the playground page (its settings in the link) and by lessons (its
//! settings and last model in the student's progress). What happens between the page and the
//! worker is the engine's `state::playground::Watch`.

mod parts;

use fivesigma_engine::state::playground::{Command, Watch};
use fivesigma_engine::view::playground::PlaygroundSetup;
use fivesigma_python::{Snippet, playground_code};
use leptos::prelude::*;

pub use parts::{BoundaryPlot, DataForm, FitPanels, ModelForm, StepCurves, drawn};

use crate::components::PythonCode;
use crate::components::python_code::SAME_KIND;
use crate::services::playground::PlaygroundWorker;

/// Which of the playground's controls the student sees (a lesson may fix the points or the
/// model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaygroundParts {
    /// The points' form.
    pub data: bool,
    /// The model's form.
    pub model: bool,
    /// The button that scores the test points.
    pub test: bool,
    /// The fit's form (a line or a curve).
    pub fit: bool,
}

impl PlaygroundParts {
    /// Everything, as on the playground page.
    pub const ALL: Self = Self {
        data: true,
        model: true,
        test: true,
        fit: true,
    };

    /// Those a lesson's widget shows (`controls`).
    pub fn of(spec: &fivesigma_engine::lesson::WidgetSpec) -> Self {
        Self {
            data: spec.shows("data"),
            model: spec.shows("model"),
            test: spec.shows("test"),
            fit: spec.shows("fit"),
        }
    }
}

/// Where the model stands after a step: steps taken and validation accuracy (0 to 1).
pub type Stepped = (usize, f64);

/// The points and the model (or the fit) as Python, written only while the tab is open.
fn python_of(setup: RwSignal<PlaygroundSetup>) -> Signal<Option<Snippet>> {
    Signal::derive(move || {
        Some(Snippet {
            setup: Vec::new(),
            own: vec![setup.with(playground_code)],
        })
    })
}

/// The playground on `setup` (changing it starts over).
#[component]
pub fn Playground(
    /// The points and the model.
    setup: RwSignal<PlaygroundSetup>,
    /// The controls shown.
    parts: PlaygroundParts,
    /// Told after every step.
    #[prop(optional)]
    on_step: Option<Callback<Stepped>>,
    /// Told when the model is forgotten (Reset, or new settings).
    #[prop(optional)]
    on_reset: Option<Callback<()>>,
) -> impl IntoView {
    let watch = RwSignal::new(Watch::default());
    let worker = StoredValue::new_local(None::<PlaygroundWorker>);
    // Bumped by every reset: a step scheduled before it is not sent after it.
    let generation = StoredValue::new(0_u64);
    let points = Memo::new(move |_| setup.with(drawn));
    let error = RwSignal::new(None::<String>);

    let send = move |command: Command| {
        if worker.with_value(Option::is_none) {
            let started = PlaygroundWorker::start(move |answer| {
                let next = watch.try_update(|w| w.on_answer(answer)).flatten();
                if let Some(next) = next {
                    let pause = watch.with_untracked(Watch::pause_ms);
                    let round = generation.get_value();
                    set_timeout(
                        move || {
                            // A playground left during the pause is gone (its stored values
                            // disposed): nothing to send, and touching them would panic.
                            if generation.try_get_value() == Some(round) {
                                let _ = worker.try_with_value(|w| w.as_ref().map(|w| w.send(next)));
                            }
                        },
                        std::time::Duration::from_millis(pause as u64),
                    );
                }
            });
            match started {
                Ok(w) => worker.set_value(Some(w)),
                Err(e) => return error.set(Some(e)),
            }
        }
        if let Some(Err(e)) = worker.with_value(|w| w.as_ref().map(|w| w.send(command))) {
            error.set(Some(e));
        }
    };
    let reset = move || {
        generation.update_value(|g| *g += 1);
        worker.set_value(None);
        watch.update(Watch::reset);
        if let Some(f) = on_reset {
            f.run(());
        }
    };
    // New points or a new model: start over.
    Effect::new(move |first: Option<()>| {
        setup.track();
        if first.is_some() {
            reset();
        }
    });
    if let Some(on_step) = on_step {
        Effect::new(move |_| {
            let last = watch.with(|w| w.history.last().copied());
            if let Some(v) = last.and_then(|s| Some((s.step, s.validation?.accuracy))) {
                on_step.run(v);
            }
        });
    }
    let fitting = move || setup.with(|v| v.toy.kind.is_regression());
    let act = move |f: fn(&mut Watch, &PlaygroundSetup) -> Option<Command>| {
        let v = setup.get_untracked();
        if let Some(c) = watch.try_update(|w| f(w, &v)).flatten() {
            send(c);
        }
    };
    let forms = parts.data || parts.model;
    let python = python_of(setup);
    view! {
        <Show when=move || !fitting() fallback=move || view! { <FitPanels view_state=setup error data=parts.data fit=parts.fit /> }>
            <div class="playground-grid" class:no-forms=!forms>
                {forms.then(|| view! {
                    <section class="panel" aria-label="Data and model">
                        {parts.data.then(|| view! { <DataForm view_state=setup error /> })}
                        {parts.model.then(|| view! { <ModelForm view_state=setup error /> })}
                        {move || error.get().map(|m| view! { <p class="error-box" role="alert" data-testid="playground-error">{m}</p> })}
                    </section>
                })}
                <section class="panel" aria-label="The model on the plane">
                    <div class="controls">
                        <button class="button" data-testid="pg-train" on:click=move |_| act(Watch::play)>"Train"</button>
                        <button class="button secondary" data-testid="pg-pause" on:click=move |_| watch.update(Watch::pause)>"Pause"</button>
                        <button class="button secondary" data-testid="pg-step" on:click=move |_| act(Watch::step)>"Step"</button>
                        <button class="button secondary" data-testid="pg-reset" on:click=move |_| reset()>"Reset"</button>
                        {parts.test.then(|| view! {
                            <button class="button secondary" data-testid="pg-test" on:click=move |_| send(Command::Test)
                                disabled=move || watch.with(|w| w.history.is_empty())>"Score the test points"</button>
                        })}
                    </div>
                    <p class="hint" role="status" data-testid="pg-status">{move || watch.with(Watch::status)}</p>
                    {move || watch.with(|w| w.test).map(|t| view! {
                        <p class="notice" data-testid="pg-test-result">
                            {format!("Test points: accuracy {:.1} %, loss {:.3}", 100.0 * t.accuracy, t.loss)}
                        </p>
                    })}
                    {(!forms).then_some(move || error.get().map(|m| view! { <p class="error-box" role="alert" data-testid="playground-error">{m}</p> }))}
                    <BoundaryPlot points watch />
                </section>
            </div>
            <StepCurves watch />
        </Show>
        <section class="panel" aria-label="Python">
            <PythonCode code=python file_name="playground.py" hint=SAME_KIND />
        </section>
    }
}
