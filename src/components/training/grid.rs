//! Grid search (scikit-learn's `GridSearchCV`): vary up to two settings of the current model over
//! lists of values, score every combination by k-fold cross-validation on the training part of
//! the split, and watch the table fill row by row. The best row can become the model's settings.

use fivesigma_engine::ml::{
    CandidateScore, CrossValidation, JobEvent, MissingValues, Plan, Scoring, TrainingData,
    TrainingSetup, expand_grid, grid_parameters, split,
};
use fivesigma_worker::protocol::Reply;
use leptos::prelude::*;

use crate::components::workspace::Analysis;
use crate::format;
use crate::services::training::{self, Running, WorkerKind};

/// What the search is doing.
#[derive(Debug, Clone, PartialEq)]
enum SearchState {
    Idle,
    Running { done: usize, total: usize },
    Done { best: usize },
    Failed(String),
}

/// One varied setting: its name and the values typed.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    name: String,
    values: String,
}

fn parse_values(text: &str) -> Result<Vec<f64>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<f64>()
                .map_err(|_| format!("\"{t}\" is not a number"))
        })
        .collect()
}

/// A short description of the values a candidate takes for the varied settings.
fn describe(axes: &[(String, Vec<f64>)], index: usize) -> String {
    // Candidates come in grid order: the first axis varies slowest.
    let mut rest = index;
    let mut parts = Vec::new();
    for (k, (name, values)) in axes.iter().enumerate() {
        let below: usize = axes[k + 1..].iter().map(|(_, v)| v.len()).product();
        let i = (rest / below.max(1)) % values.len().max(1);
        rest %= below.max(1);
        parts.push(format!("{name} = {}", format::significant(values[i], 4)));
    }
    parts.join(", ")
}

/// The grid search controls and its table.
#[component]
pub fn GridSearchPanel(analysis: Analysis, setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let axes = RwSignal::new(vec![
        Axis {
            name: String::new(),
            values: String::new(),
        },
        Axis {
            name: String::new(),
            values: String::new(),
        },
    ]);
    let folds = RwSignal::new(3_usize);
    let scoring = RwSignal::new(Scoring::RocAuc);
    let rows = RwSignal::new(Vec::<CandidateScore>::new());
    let used_axes = RwSignal::new(Vec::<(String, Vec<f64>)>::new());
    let state = RwSignal::new(SearchState::Idle);
    let running = StoredValue::new_local(None::<Running>);
    let parameters = move || setup.with(|s| grid_parameters(&s.spec));
    // Offer the model's first two settings until the student picks others.
    Effect::new(move |_| {
        let names = parameters();
        axes.update(|a| {
            for (k, axis) in a.iter_mut().enumerate() {
                if !names.contains(&axis.name.as_str()) {
                    axis.name = names.get(k).copied().unwrap_or_default().to_owned();
                    axis.values.clear();
                }
            }
        });
    });
    let dataset = analysis.dataset.clone();
    let cuts = analysis.cuts;
    let start = move |_| {
        let current = setup.get_untracked();
        let grid: Result<Vec<(String, Vec<f64>)>, String> = axes
            .get_untracked()
            .into_iter()
            .filter(|a| !a.name.is_empty() && !a.values.trim().is_empty())
            .map(|a| Ok((a.name.clone(), parse_values(&a.values)?)))
            .collect();
        let prepared = grid.and_then(|grid| {
            if grid.is_empty() {
                return Err("Type a few values for at least one setting, e.g. 3, 5, 8.".to_owned());
            }
            let candidates = expand_grid(&current.spec.clone().with_seed(current.seed), &grid)
                .map_err(|e| e.to_string())?;
            let data = TrainingData::from_dataset(
                &dataset,
                &current.inputs,
                &cuts.get_untracked().applied,
                MissingValues::Drop,
            )
            .map_err(|e| e.to_string())?;
            // Cross-validate on the training part only: the test part stays unseen.
            let parts = split(&data.labels, &current.split()).map_err(|e| e.to_string())?;
            let mut train = data.select(&parts.train);
            train.weights = current
                .training_weights(&train.labels, &train.weights)
                .map_err(|e| e.to_string())?;
            Ok((grid, candidates, train))
        });
        let (grid, candidates, train) = match prepared {
            Ok(p) => p,
            Err(message) => {
                state.set(SearchState::Failed(message));
                return;
            }
        };
        rows.set(Vec::new());
        used_axes.set(grid);
        state.set(SearchState::Running {
            done: 0,
            total: candidates.len() * folds.get_untracked(),
        });
        let plan = Plan::GridSearch {
            candidates,
            cv: CrossValidation {
                folds: folds.get_untracked(),
                seed: current.seed,
                scoring: scoring.get_untracked(),
            },
        };
        let on_reply = move |reply: Reply| match reply {
            Reply::Event(JobEvent::Progress { done, total }) => {
                state.set(SearchState::Running { done, total })
            }
            Reply::Event(JobEvent::Candidate(row)) => rows.update(|r| r.push(row)),
            Reply::Event(JobEvent::Searched(found)) => {
                running.set_value(None);
                state.set(SearchState::Done { best: found.best });
            }
            Reply::Event(JobEvent::Failed(message)) => {
                running.set_value(None);
                state.set(SearchState::Failed(message));
            }
            _ => {}
        };
        match training::start(WorkerKind::Cpu, &plan, &train, on_reply) {
            Ok(run) => running.set_value(Some(run)),
            Err(message) => state.set(SearchState::Failed(message)),
        }
    };
    let cancel = move |_| {
        running.set_value(None);
        state.set(SearchState::Failed(
            "Grid search cancelled; the rows scored so far are kept.".into(),
        ));
    };
    let is_running = move || matches!(state.get(), SearchState::Running { .. });
    let best = move || match state.get() {
        SearchState::Done { best } => Some(best),
        _ => None,
    };
    let axis_controls = move || {
        (0..2).map(|k| {
            view! {
                <label>{format!("setting {} ", k + 1)}
                    <select data-testid=format!("grid-param-{k}") prop:value=move || axes.with(|a| a[k].name.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); axes.update(|a| a[k].name = v) }>
                        <option value="">"—"</option>
                        {move || parameters().iter().map(|p| view! { <option value=*p>{*p}</option> }).collect_view()}
                    </select>
                </label>
                <label>"values "
                    <input type="text" class="short" placeholder="3, 5, 8" data-testid=format!("grid-values-{k}") prop:value=move || axes.with(|a| a[k].values.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); axes.update(|a| a[k].values = v) } />
                </label>
            }
        }).collect_view()
    };
    let table = move || {
        let grid = used_axes.get();
        let best = best();
        rows.get().into_iter().enumerate().map(|(i, row)| {
            let spec = row.spec.clone();
            let is_best = best == Some(i);
            view! {
                <tr data-testid="grid-row" data-mean=row.mean class:best=is_best>
                    <td>{describe(&grid, i)}</td>
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
        <details class="grid-search" data-testid="grid-search">
            <summary>"Grid search (GridSearchCV): try combinations of settings"</summary>
            <p class="hint">"Each combination is trained k times, each time holding out a different fold of the training events and scoring on it. The test events are not used, so they still judge the winner fairly."</p>
            <div class="controls">
                {axis_controls}
                <label>"cv "
                    <input type="number" class="short" min="2" max="10" step="1" data-testid="grid-folds" prop:value=move || folds.get().to_string()
                        on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse::<usize>() { folds.set(k.clamp(2, 10)) } } />
                </label>
                <label>"scoring "
                    <select data-testid="grid-scoring" prop:value=move || if scoring.get() == Scoring::Accuracy { "accuracy" } else { "roc_auc" }
                        on:change=move |ev| scoring.set(if event_target_value(&ev) == "accuracy" { Scoring::Accuracy } else { Scoring::RocAuc })>
                        <option value="roc_auc">"roc_auc"</option>
                        <option value="accuracy">"accuracy"</option>
                    </select>
                </label>
                <button class="button" data-testid="grid-run" disabled=is_running on:click=start>"Run grid search"</button>
                <Show when=is_running>
                    <button class="button secondary" data-testid="grid-cancel" on:click=cancel>"Cancel"</button>
                </Show>
            </div>
            {move || match state.get() {
                SearchState::Running { done, total } => Some(view! {
                    <div class="notice" role="status" data-testid="grid-progress">{format!("Fitting {done} of {total}")}<progress max=total.max(1) value=done></progress></div>
                }.into_any()),
                SearchState::Failed(message) => Some(view! { <p class="error-box" role="alert" data-testid="grid-error">{message}</p> }.into_any()),
                _ => None,
            }}
            <Show when=move || rows.with(|r| !r.is_empty())>
                <table class="model-table" data-testid="grid-table">
                    <thead><tr><th scope="col">"settings"</th><th scope="col" class="num">"score per fold"</th><th scope="col" class="num">"mean ± std"</th><th></th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </Show>
        </details>
    }
}
