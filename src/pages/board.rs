//! The challenge board (`#/board`, embeddable as `#/embed/board`): a teacher gives the answer
//! key and drops every student's submission at once; the board checks each, ranks them by
//! weighted AUC and overlays their ROC curves, ready to project. Nothing leaves the browser.
//! What is checked and how it ranks is the engine's (`state::board`).

use fivesigma_engine::state::board::{
    Board, CHALLENGE_EVENTS, FreshChallenge, MAX_FRESH_EVENTS, MIN_FRESH_EVENTS, SHIPPED_KEY,
    Standings,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{CsvLoader, PlotCanvas};
use crate::plots::lines::{LinePlot, draw_lines, roc_plot};
use crate::plots::theme;
use crate::services::challenge_maker::{self, MadeChallenge};
use crate::services::datasets::ROOT;
use crate::services::download;
use crate::services::fetch::fetch_text;
use crate::services::files::{read_bytes, take_chosen};

/// The files' names and texts (a file that cannot be read becomes a message).
async fn read_all(files: Vec<web_sys::File>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let text = match read_bytes(&file).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => e,
        };
        out.push((file.name(), text));
    }
    out
}

fn roc_overlay(standings: &Standings, scale: f64) -> LinePlot {
    let curves = standings
        .entries
        .iter()
        .enumerate()
        .map(|(i, (entry, _))| {
            let label = format!("{}. {} (AUC {:.4})", i + 1, entry.name, entry.auc);
            (label, theme::series(i), &entry.roc)
        })
        .collect();
    roc_plot(
        "ROC curves of the submissions (weighted, on the answer key)".into(),
        curves,
        scale,
    )
}

/// The key: the shipped challenge's, or a file.
#[component]
fn KeyChoice(board: RwSignal<Board>, trouble: RwSignal<Option<String>>) -> impl IntoView {
    let shipped = move |_| {
        spawn_local(async move {
            match fetch_text(&format!("{ROOT}{SHIPPED_KEY}")).await {
                Ok(text) => {
                    let result =
                        board.try_update(|b| b.set_key("the shipped CMS challenge", &text));
                    trouble.set(result.and_then(Result::err).map(|e| e.to_string()));
                }
                Err(e) => trouble.set(Some(format!("The shipped key could not be fetched: {e}"))),
            }
        });
    };
    let pick = move |ev: web_sys::Event| {
        let Some(file) = take_chosen(&ev) else {
            return;
        };
        spawn_local(async move {
            let [(name, text)]: [(String, String); 1] = read_all(vec![file])
                .await
                .try_into()
                .unwrap_or_else(|_| [(String::new(), String::new())]);
            let result = board.try_update(|b| b.set_key(&name, &text));
            trouble.set(result.and_then(Result::err).map(|e| e.to_string()));
        });
    };
    view! {
        <div class="controls">
            <button class="button secondary" data-testid="board-shipped-key" on:click=shipped>"Use the shipped challenge's key"</button>
            <label class="button secondary file-button">"Choose a key file…"
                <input type="file" class="visually-hidden" accept=".csv,text/csv" data-testid="board-key-file" on:change=pick />
            </label>
        </div>
    }
}

/// A fresh challenge made here from a seed (drawn, or the teacher's own): its key goes on the
/// board, and both files can be saved — the sample for the students, the key for later.
#[component]
fn MakeChallenge(board: RwSignal<Board>, trouble: RwSignal<Option<String>>) -> impl IntoView {
    let seed = RwSignal::new(FreshChallenge::drawn_seed(js_sys::Math::random()).to_string());
    let events = RwSignal::new(CHALLENGE_EVENTS.to_string());
    let made = RwSignal::new(None::<(FreshChallenge, MadeChallenge)>);
    let busy = RwSignal::new(false);
    let make = move |_| {
        let fresh = match FreshChallenge::parse(&seed.get_untracked(), &events.get_untracked()) {
            Ok(fresh) => fresh,
            Err(e) => return trouble.set(Some(e.to_string())),
        };
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            let outcome = challenge_maker::make(fresh).await.and_then(|files| {
                board
                    .try_update(|b| b.set_key(&fresh.source(), &files.key_csv))
                    .transpose()
                    .map_err(|e| e.to_string())?;
                Ok(files)
            });
            let _ = busy.try_set(false);
            match outcome {
                Ok(files) => made.set(Some((fresh, files))),
                Err(e) => trouble.set(Some(e)),
            }
        });
    };
    let save = move |key: bool| {
        made.with_untracked(|m| {
            let Some((fresh, files)) = m else { return };
            let (text, name) = if key {
                (&files.key_csv, fresh.key_file())
            } else {
                (&files.sample_csv, fresh.sample_file())
            };
            if let Err(e) = download::save_text(text, &name, "text/csv") {
                trouble.set(Some(format!("{name} could not be saved: {e}")));
            }
        });
    };
    let saves = move || {
        made.get().map(|(fresh, _)| view! {
            <p class="hint" role="status" data-testid="fresh-made">"Made: its key is on the board. Save both files now — the sample for your students (they choose it in the Lab's challenge box), the key for you."</p>
            <div class="controls">
                <button class="button" data-testid="fresh-save-sample" on:click=move |_| save(false)>{format!("Save the sample ({})", fresh.sample_file())}</button>
                <button class="button secondary" data-testid="fresh-save-key" on:click=move |_| save(true)>{format!("Save the key ({})", fresh.key_file())}</button>
            </div>
        })
    };
    view! {
        <details class="grid-search" data-testid="board-fresh">
            <summary>"Make a fresh challenge for your class"</summary>
            <p class="hint">"The CMS generator makes new events from your seed, so the key is in none of the shipped files. Keep the seed to yourself: the same seed and size make the same challenge again, key included."</p>
            <div class="controls">
                <label>"Seed " <input type="text" inputmode="numeric" data-testid="fresh-seed" prop:value=move || seed.get() on:input=move |ev| seed.set(event_target_value(&ev)) /></label>
                <label>"Events " <input type="number" min=MIN_FRESH_EVENTS max=MAX_FRESH_EVENTS step="1" data-testid="fresh-events" prop:value=move || events.get() on:input=move |ev| events.set(event_target_value(&ev)) /></label>
                <button class="button" data-testid="fresh-make" disabled=move || busy.get() on:click=make>{move || if busy.get() { "Making…" } else { "Make the challenge" }}</button>
            </div>
            {saves}
        </details>
    }
}

/// The ranking and the overlay.
#[component]
fn Standing(standings: Memo<Standings>, board: RwSignal<Board>) -> impl IntoView {
    let rows = move || {
        standings.with(|s| {
            s.entries
                .iter()
                .enumerate()
                .map(|(i, (entry, file))| {
                    let file_name = file.clone();
                    view! {
                        <tr data-testid="board-row" data-auc=entry.auc data-name=entry.name.clone()>
                            <td class="num">{i + 1}</td>
                            <td>{entry.name.clone()}</td>
                            <td class="num">{format!("{:.4}", entry.auc)}</td>
                            <td class="hint">{file.clone()}</td>
                            <td><button class="button secondary small" title="Take this file off the board"
                                on:click=move |_| board.update(|b| b.remove(&file_name))>"×"</button></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let has_entries = move || standings.with(|s| !s.entries.is_empty());
    view! {
        <Show when=has_entries>
            <table class="model-table" data-testid="board-table">
                <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Name"</th><th scope="col" class="num">"Weighted AUC"</th><th scope="col">"File"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <PlotCanvas testid="board-roc" label="The submissions' ROC curves, overlaid"
                draw=move |area, scale| standings.with(|s| draw_lines(area, &roc_overlay(s, scale))) />
        </Show>
    }
}

/// The challenge board page.
#[component]
pub fn BoardPage() -> impl IntoView {
    let board = RwSignal::new(Board::default());
    let trouble = RwSignal::new(None::<String>);
    let standings = Memo::new(move |_| board.with(Board::standings));
    let on_files = move |files: Vec<web_sys::File>| {
        spawn_local(async move {
            let read = read_all(files).await;
            let _ = board.try_update(|b| b.add(read));
        });
    };
    view! {
        <section class="panel" data-testid="board">
            <h1>"Challenge board"</h1>
            <p class="hint">"Students train on the labelled events, score the challenge's unlabelled ones and send you their submission file. Give the answer key, then drop every submission at once: each is checked, and the board ranks them by their weighted ROC AUC. Nothing is uploaded: this page reads the files on your computer."</p>
            <h2 class="subhead">"1. The answer key"</h2>
            <KeyChoice board trouble />
            <MakeChallenge board trouble />
            <p class="hint" data-testid="board-key">{move || standings.with(|s| s.key_line.clone())}</p>
            {move || trouble.get().map(|t| view! { <p class="error-box" role="alert" data-testid="board-key-error">{t}</p> })}
            <h2 class="subhead">"2. The submissions"</h2>
            <CsvLoader on_files hint="Submission files (f_event,score; a “# name:” line says who sent it). Drop them all at once; a file sent again under the same name replaces the first." />
            {move || standings.with(|s| s.problems.iter().map(|p| view! { <p class="error-box" role="alert" data-testid="board-problem">{p.clone()}</p> }).collect_view())}
            <h2 class="subhead">"3. The ranking"</h2>
            <Standing standings board />
        </section>
    }
}
