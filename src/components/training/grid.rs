//! Grid search (scikit-learn's `GridSearchCV`): vary any number of settings of the current model
//! over lists of values (numbers or words), score every combination by k-fold cross-validation on the training part of
//! the split, and watch the table fill row by row. The best row can become the model's settings.
//! The form and the job it makes are the engine's (`state::grid`); the run is a `Run`.

use fivesigma_engine::ml::{GridValue, Scoring, TrainingSetup};
use fivesigma_engine::state::grid::{self, GridForm, describe};
use fivesigma_engine::state::run::GRID_CANCELLED;
use fivesigma_engine::state::{Choice, Device, Phase};
use leptos::prelude::*;

use crate::components::Analysis;
use crate::components::choice::options;
use crate::services::run::Run;

use super::controls::WorkersChoice;

/// The settings to vary and their values, a line each; lines can be added and taken away.
#[component]
fn AxisControls(form: RwSignal<GridForm>, setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let parameters = move || setup.with(grid::parameters);
    let line = move |k: usize| {
        view! {
            <span class="grid-axis" data-testid="grid-axis">
                <label>{format!("setting {} ", k + 1)}
                    <select data-testid=format!("grid-param-{k}") prop:value=move || form.with(|f| f.axes.get(k).map(|a| a.name.clone()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(a) = f.axes.get_mut(k) { a.name = v }) }>
                        <option value="">"—"</option>
                        {move || parameters().iter().map(|p| view! { <option value=*p>{*p}</option> }).collect_view()}
                    </select>
                </label>
                <label>"values "
                    <input type="text" class="short" placeholder="3, 5, 8" data-testid=format!("grid-values-{k}") prop:value=move || form.with(|f| f.axes.get(k).map(|a| a.values.clone()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| if let Some(a) = f.axes.get_mut(k) { a.values = v }) } />
                </label>
                <button class="button secondary small" title="Stop varying this setting" data-testid=format!("grid-remove-{k}")
                    disabled=move || form.with(|f| f.axes.len() <= 1) on:click=move |_| form.update(|f| f.remove_axis(k))>"×"</button>
            </span>
        }
    };
    let add = move |_| {
        let names = setup.with_untracked(grid::parameters);
        form.update(|f| f.add_axis(names));
    };
    view! {
        {move || (0..form.with(|f| f.axes.len())).map(line).collect_view()}
        <button class="button secondary small" data-testid="grid-add" on:click=add>"+ setting"</button>
    }
}

/// The scored rows, the best one with "Use these settings".
#[component]
fn GridTable(
    run: Run,
    axes: RwSignal<Vec<(String, Vec<GridValue>)>>,
    setup: RwSignal<TrainingSetup>,
) -> impl IntoView {
    // The table is redrawn when a row arrives or the winner is known, not at every progress report.
    let scored = Memo::new(move |_| run.state.with(|s| (s.candidates.clone(), s.best)));
    let rows = move || {
        let (candidates, best) = scored.get();
        let axes = axes.get();
        candidates.into_iter().enumerate().map(|(i, row)| {
            let spec = row.spec.clone();
            let is_best = best == Some(i);
            view! {
                <tr data-testid="grid-row" data-mean=row.mean class:best=is_best>
                    <td class="grid-settings">{describe(&axes, i)}</td>
                    <td class="num">{row.fold_scores.iter().map(|s| format!("{s:.4}")).collect::<Vec<_>>().join(" · ")}</td>
                    <td class="num">{format!("{:.4} ± {:.4}", row.mean, row.std)}</td>
                    <td>{is_best.then(|| view! {
                        <button class="button secondary small" data-testid="grid-use" on:click=move |_| setup.update(|s| s.spec = spec.clone())>"Use these settings"</button>
                    })}</td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <Show when=move || scored.with(|(rows, _)| !rows.is_empty())>
            <table class="model-table grid-table" data-testid="grid-table">
                <thead><tr><th scope="col">"settings"</th><th scope="col" class="num">"score per fold"</th><th scope="col" class="num">"mean ± std"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Show>
    }
}

/// The grid search controls and its table.
#[component]
pub fn GridSearchPanel(
    analysis: Analysis,
    setup: RwSignal<TrainingSetup>,
    /// The grid a lesson sets (shown open); default: the model's first two settings, folded.
    initial: Option<GridForm>,
) -> impl IntoView {
    let open = initial.is_some();
    let form = RwSignal::new(initial.unwrap_or_default());
    let axes = RwSignal::new(Vec::<(String, Vec<GridValue>)>::new());
    let run = Run::new();
    // Offer the model's first two settings until the student picks others.
    Effect::new(move |_| {
        let names = setup.with(grid::parameters);
        form.update(|f| f.follow_model(names));
    });
    let dataset = analysis.dataset.clone();
    let cuts = analysis.cuts;
    let start = move |_| {
        let prepared = setup.with_untracked(|s| {
            form.with_untracked(|f| f.prepare(&dataset, &cuts.get_untracked().applied, s))
        });
        match prepared {
            Ok(grid) => {
                axes.set(grid.axes);
                // The table and its winner are the run's; nothing more to do at the end.
                run.start(Device::Cpu, &grid.plan, &grid.events, |_, _| {});
                let total = grid.fits;
                run.state.update(|s| {
                    if s.is_running() {
                        s.phase = Phase::Running { done: 0, total };
                    }
                });
            }
            Err(e) => run.fail(e.to_string()),
        }
    };
    let cancel = move |_| {
        run.cancel();
        run.fail(GRID_CANCELLED.to_owned());
    };
    let is_running = move || run.is_running();
    view! {
        <details class="grid-search" data-testid="grid-search" open=open>
            <summary>"Grid search (GridSearchCV): try combinations of settings"</summary>
            <p class="hint">"Each combination is trained k times, each time holding out a different fold of the training events and scoring on it. The test events are not used, so they still judge the winner fairly. Values may be numbers or words, as in a param_grid: gini, entropy · True, False · sqrt, log2."</p>
            <div class="controls">
                <AxisControls form setup />
                <label>"cv "
                    <input type="number" class="short" min="2" max="10" step="1" data-testid="grid-folds" prop:value=move || form.with(|f| f.folds.to_string())
                        on:change=move |ev| { if let Some(k) = GridForm::folds_of(&event_target_value(&ev)) { form.update(|f| f.folds = k) } } />
                </label>
                <label>"scoring "
                    <select data-testid="grid-scoring" prop:value=move || form.with(|f| f.scoring.key())
                        on:change=move |ev| { if let Some(s) = Scoring::from_key(&event_target_value(&ev)) { form.update(|f| f.scoring = s) } }>
                        {options::<Scoring>()}
                    </select>
                </label>
                <WorkersChoice />
                <button class="button" data-testid="grid-run" disabled=is_running on:click=start>"Run grid search"</button>
                <span class="hint" data-testid="grid-size">{move || form.with(GridForm::size_text)}</span>
                <Show when=is_running>
                    <button class="button secondary" data-testid="grid-cancel" on:click=cancel>"Cancel"</button>
                </Show>
            </div>
            {move || run.state.with(|s| match &s.phase {
                Phase::Running { done, total } => Some(view! {
                    <div class="notice" role="status" data-testid="grid-progress">{format!("Fitting {done} of {total}{}", s.on_workers())}<progress max=(*total).max(1) value=*done></progress></div>
                }.into_any()),
                Phase::Failed(message) => Some(view! { <p class="error-box" role="alert" data-testid="grid-error">{message.clone()}</p> }.into_any()),
                _ => None,
            })}
            <GridTable run axes setup />
        </details>
    }
}
