//! Taking part in the CMS exercise's challenge from the Lab: the chosen model scores the
//! challenge's unlabelled events (the shipped ones, or a teacher's file) and the page saves the
//! submission file the challenge board reads. What a submission holds and when a model cannot
//! take part is the engine's (`state::board::submission_for`).

use std::sync::Arc;

use fivesigma_engine::state::TrainedModel;
use fivesigma_engine::state::board::{SHIPPED_CHALLENGE, submission_for};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::services::datasets::ROOT;
use crate::services::download;
use crate::services::fetch::fetch_text;
use crate::services::files::{read_bytes, take_chosen};

/// A file name from the student's name: letters, digits and dashes.
fn file_name(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}-challenge-submission.csv", stem.trim_matches('-'))
}

/// Which challenge is scored: the shipped one, or the teacher's `file`.
fn described(file: Option<&str>) -> String {
    file.map_or_else(
        || "the shipped challenge".to_owned(),
        |f| format!("your teacher's challenge ({f})"),
    )
}

/// The chosen model's submission to the challenge.
#[component]
pub fn ChallengeSubmit(chosen: Signal<Option<Arc<TrainedModel>>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    // The challenge's events: the shipped file until a teacher's is chosen.
    let challenge = RwSignal::new(None::<(String, String)>);
    let message = RwSignal::new(None::<Result<String, String>>);
    let submit = move |_| {
        let Some(model) = chosen.get_untracked() else {
            return;
        };
        let who = name.get_untracked();
        spawn_local(async move {
            let given = challenge.get_untracked();
            let source = described(given.as_ref().map(|(file, _)| file.as_str()));
            let text = match given {
                Some((_, text)) => text,
                None => match fetch_text(&format!("{ROOT}{SHIPPED_CHALLENGE}")).await {
                    Ok(text) => text,
                    Err(e) => {
                        return message.set(Some(Err(format!(
                            "The challenge could not be fetched: {e}"
                        ))));
                    }
                },
            };
            let made = submission_for(&text, &model.setup.inputs, &who, |f| model.trained.apply(f));
            let outcome = made.map_err(|e| e.to_string()).and_then(|csv| {
                let file = file_name(&who);
                download::save_text(&csv, &file, "text/csv")?;
                Ok(format!(
                    "Saved {file}: {} scored by {} — hand it to your teacher.",
                    source, model.name
                ))
            });
            let _ = message.try_set(Some(outcome));
        });
    };
    let pick = move |ev: web_sys::Event| {
        let Some(file) = take_chosen(&ev) else {
            return;
        };
        spawn_local(async move {
            match read_bytes(&file).await {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let _ = challenge.try_set(Some((file.name(), text)));
                }
                Err(e) => message.set(Some(Err(e))),
            }
        });
    };
    let source = move || challenge.with(|c| described(c.as_ref().map(|(f, _)| f.as_str())));
    view! {
        <div class="challenge-submit" data-testid="challenge-submit">
            <h3 class="subhead">"The challenge"</h3>
            <p class="hint">"Score the challenge's unlabelled events with the chosen model and save the file your teacher's challenge board ranks. Events: " {source} "."</p>
            <div class="controls">
                <label>"Your name " <input type="text" data-testid="challenge-name" placeholder="Ada & Grace" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                <button class="button" data-testid="challenge-save" disabled=move || chosen.with(Option::is_none) on:click=submit>"Score the challenge and save"</button>
                <label class="button secondary small file-button">"Your teacher's challenge file…"
                    <input type="file" class="visually-hidden" accept=".csv,text/csv" data-testid="challenge-file" on:change=pick />
                </label>
            </div>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="hint" role="status" data-testid="challenge-saved">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error-box" role="alert" data-testid="challenge-error">{text}</p> }.into_any(),
            })}
        </div>
    }
}
