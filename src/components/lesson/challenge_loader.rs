//! The HiggsML challenge's own file in place of our simulation: fetched from CERN's Open Data
//! portal (or another address) or picked from disk, gzip or plain, read as it arrives with a
//! progress bar; the student chooses how many of the training set's events to keep. What is kept
//! and what the page says are the engine's (`state::challenge`); the reading is
//! `services::challenge`.

use std::sync::Arc;

use fivesigma_engine::lesson::OfficialSource;
use fivesigma_engine::state::challenge::{
    DEFAULT_CHALLENGE_EVENTS, MAX_CHALLENGE_EVENTS, challenge_events_of, challenge_rows,
    loaded_text, reading_text,
};
use fivesigma_python::DataSource as CodeSource;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::data_source::DataChoice;
use crate::services::challenge::{ChallengeSource, ReadProgress, read_challenge};
use crate::services::files::take_chosen;
use crate::services::lessons;

/// The loader's form, its progress bar and what it says.
#[component]
pub fn ChallengeLoader(
    /// The lesson's official source (the file's address, the note).
    official: OfficialSource,
    /// The shipped dataset whose catalog describes the file's columns.
    dataset_id: String,
    /// Set to the challenge's events once read.
    choice: RwSignal<Option<DataChoice>>,
    /// What the box says (true: fine; false: an error).
    status: RwSignal<Option<(bool, String)>>,
    /// Closed once loaded.
    open: RwSignal<bool>,
) -> impl IntoView {
    let url = RwSignal::new(official.base_url.clone());
    let training = RwSignal::new(true);
    let events_text = RwSignal::new(DEFAULT_CHALLENGE_EVENTS.to_string());
    let progress = RwSignal::new(None::<ReadProgress>);
    let busy = RwSignal::new(false);
    let title = StoredValue::new(official.title.clone());
    let dataset_id = StoredValue::new(dataset_id);
    let load = move |source: ChallengeSource| {
        let Some(first) = challenge_events_of(&events_text.get_untracked()) else {
            status.set(Some((
                false,
                format!("Keep between 1 and {MAX_CHALLENGE_EVENTS} events."),
            )));
            return;
        };
        let rows = challenge_rows(training.get_untracked(), first);
        // A picked file is read by its name from the folder the code runs in.
        let code_source = Arc::new(CodeSource::Challenge {
            file: source.name(),
            rows,
        });
        busy.set(true);
        status.set(None);
        spawn_local(async move {
            let result = async {
                let (toy, _) = lessons::fetch_catalog(&dataset_id.get_value()).await?;
                read_challenge(source, rows, &toy, |p| {
                    let _ = progress.try_set(Some(p));
                })
                .await
            }
            .await;
            // `try_set` hands the value back when the page has gone (the student left the lesson).
            if busy.try_set(false).is_some() {
                return;
            }
            // The lesson redraws on the new events in a task of its own, after the one that made them.
            crate::services::files::next_frame().await;
            match result {
                Ok(dataset) => {
                    status.set(Some((true, loaded_text(&dataset))));
                    choice.set(Some(DataChoice {
                        dataset: Arc::new(dataset),
                        label: title.get_value(),
                        official: true,
                        source: Some(code_source),
                    }));
                    open.set(false);
                }
                Err(e) => status.set(Some((
                    false,
                    format!("{e}. Check the address, or download the file and choose it below."),
                ))),
            }
        });
    };
    let fetch = move |_| load(ChallengeSource::Url(url.get_untracked()));
    let pick = move |ev: web_sys::Event| {
        if let Some(file) = take_chosen(&ev) {
            load(ChallengeSource::File(file));
        }
    };
    view! {
        <div class="official-loader" data-testid="official-loader">
            <p class="hint">{official.note.clone()}</p>
            <label class="answer-label">"File address "
                <input type="url" class="url-input" data-testid="official-url" prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev)) />
            </label>
            <p>
                <label>"Keep the first "
                    <input type="text" inputmode="numeric" class="short" data-testid="challenge-events" prop:value=move || events_text.get()
                        aria-invalid=move || challenge_events_of(&events_text.get()).is_none().to_string()
                        on:input=move |ev| events_text.set(event_target_value(&ev)) />
                </label>
                " events of "
                <select data-testid="challenge-set" prop:value=move || if training.get() { "training" } else { "all" }
                    on:change=move |ev| training.set(event_target_value(&ev) == "training")>
                    <option value="training">"the challenge's training set (KaggleSet t)"</option>
                    <option value="all">"the whole file"</option>
                </select>
                " "
                <button class="button" data-testid="fetch-official" disabled=move || busy.get() on:click=fetch>"Fetch"</button>
            </p>
            <p class="hint">"Offline, or behind a school filter? Download the file and choose it here (.csv or .csv.gz): "
                <input type="file" accept=".csv,.gz,text/csv,application/gzip" data-testid="official-files" disabled=move || busy.get() on:change=pick />
            </p>
            {move || progress.get().filter(|_| busy.get()).map(|p| view! {
                <p class="hint" data-testid="challenge-reading">
                    <progress data-testid="challenge-progress" max=p.total.unwrap_or(1.0) value=p.total.map(|_| p.bytes)></progress>
                    " " {reading_text(p.bytes, p.total, p.rows)}
                </p>
            })}
        </div>
    }
}
