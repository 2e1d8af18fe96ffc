//! Which data the lesson runs on: our generated simulation (shipped, works offline) or the
//! official ATLAS Open Data files, fetched from a URL (CERN's by default) or picked from disk.
//! Every check recomputes from whichever is loaded.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{OfficialFormat, OfficialSource};
use fivesigma_python::DataSource as CodeSource;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::challenge_loader::ChallengeLoader;
use crate::services::lessons;

/// The data in use.
#[derive(Clone)]
pub struct DataChoice {
    /// The dataset.
    pub dataset: Arc<Dataset>,
    /// "Our simulation" or the official files' title.
    pub label: String,
    /// True for the official files.
    pub official: bool,
    /// Where the Python code reads the files (`None`: no files, a lesson without data).
    pub source: Option<Arc<CodeSource>>,
}

/// The box above the lesson that says which data are in use and switches.
#[component]
pub fn DataSource(
    /// The shipped dataset's id.
    dataset_id: String,
    /// The lesson's official source, if it has one.
    official: Option<OfficialSource>,
    /// The data in use (set here when the student switches).
    choice: RwSignal<Option<DataChoice>>,
    /// Reloads our simulation.
    use_ours: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let Some(official) = official else {
        return view! {
            <p class="data-source" data-testid="data-source">
                "Data: " <strong>{move || choice.with(|c| c.as_ref().map(|c| c.label.clone()).unwrap_or_default())}</strong>
            </p>
        }
        .into_any();
    };
    let challenge = official.format == OfficialFormat::HiggsmlChallenge;
    let label = if challenge {
        "Use the challenge's own file…"
    } else {
        "Use the official ATLAS files…"
    };
    view! {
        <div class="data-source" data-testid="data-source">
            <p>
                "Data: " <strong data-testid="data-label">{move || choice.with(|c| c.as_ref().map(|c| c.label.clone()).unwrap_or_else(|| "loading…".into()))}</strong>
                " "
                <OfficialSwitch choice open status use_ours label />
            </p>
            <Show when=move || open.get()>
                {if challenge {
                    view! { <ChallengeLoader official=official.clone() dataset_id=dataset_id.clone() choice status open /> }.into_any()
                } else {
                    view! { <SamplesLoader official=official.clone() dataset_id=dataset_id.clone() choice status open /> }.into_any()
                }}
            </Show>
            <StatusLine status />
        </div>
    }
    .into_any()
}

/// The official files, one per sample: fetched from a folder address or picked from disk.
#[component]
fn SamplesLoader(
    official: OfficialSource,
    dataset_id: String,
    choice: RwSignal<Option<DataChoice>>,
    status: RwSignal<Option<(bool, String)>>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let url = RwSignal::new(official.base_url.clone());
    let title = official.title.clone();
    let dataset_id = StoredValue::new(dataset_id);
    let source = StoredValue::new(official.clone());
    let finish = {
        let title = title.clone();
        move |result: Result<(Dataset, CodeSource), String>| {
            busy.set(false);
            match result {
                Ok((dataset, code_source)) => {
                    let n = dataset.samples.len();
                    choice.set(Some(DataChoice {
                        dataset: Arc::new(dataset),
                        label: title.clone(),
                        official: true,
                        source: Some(Arc::new(code_source)),
                    }));
                    status.set(Some((true, format!("Loaded {n} samples. Every task's answer is now computed from these files."))));
                    open.set(false);
                }
                Err(e) => status.set(Some((false, e))),
            }
        }
    };
    let fetch = {
        let finish = finish.clone();
        move |_| {
            busy.set(true);
            let finish = finish.clone();
            let base = url.get_untracked();
            spawn_local(async move {
                let result = async {
                    let (catalog, _) = lessons::fetch_catalog(&dataset_id.get_value()).await?;
                    let catalog = source.with_value(|s| s.describe(catalog));
                    let dataset = lessons::fetch_official(catalog, &base, |file| {
                        status.set(Some((true, format!("Fetching {file}…"))));
                    })
                    .await?;
                    Ok::<_, String>((
                        dataset,
                        CodeSource::Shipped {
                            folder: lessons::folder_url(&base),
                        },
                    ))
                }
                .await;
                finish(result.map_err(|e| {
                    format!("{e}. Check the address, or download the files and choose them below.")
                }));
            });
        }
    };
    let pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files: Vec<web_sys::File> = input
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        busy.set(true);
        status.set(Some((true, format!("Reading {} files…", files.len()))));
        let finish = finish.clone();
        spawn_local(async move {
            let result = async {
                let (catalog, _) = lessons::fetch_catalog(&dataset_id.get_value()).await?;
                let catalog = source.with_value(|s| s.describe(catalog));
                let dataset = lessons::read_official_files(catalog, files).await?;
                // The code reads the files from the folder it runs in.
                Ok((
                    dataset,
                    CodeSource::Shipped {
                        folder: String::new(),
                    },
                ))
            }
            .await;
            finish(result);
        });
    };
    view! {
        <div class="official-loader" data-testid="official-loader">
            <p class="hint">{official.note.clone()}</p>
            <label class="answer-label">"Folder address "
                <input type="url" class="url-input" data-testid="official-url" prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev)) />
            </label>
            <button class="button" data-testid="fetch-official" disabled=move || busy.get() on:click=fetch.clone()>"Fetch"</button>
            <p class="hint">"Offline, or behind a school filter? Choose the CSV files (DM_300.csv, ZZ.csv, …) from your computer instead: "
                <input type="file" multiple accept=".csv,text/csv" data-testid="official-files" on:change=pick.clone() />
            </p>
        </div>
    }
}

/// "Use the official files…" (opening the loader), or "Back to our simulation" once they are in
/// use.
#[component]
fn OfficialSwitch(
    choice: RwSignal<Option<DataChoice>>,
    open: RwSignal<bool>,
    status: RwSignal<Option<(bool, String)>>,
    use_ours: Callback<()>,
    label: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || choice.with(|c| c.as_ref().is_some_and(|c| c.official))
            fallback=move || view! {
                <button class="button secondary small" data-testid="use-official" on:click=move |_| open.update(|o| *o = !*o)>{label}</button>
            }>
            <button class="button secondary small" data-testid="use-ours" on:click=move |_| { status.set(None); use_ours.run(()) }>"Back to our simulation"</button>
        </Show>
    }
}

/// What the loader last said.
#[component]
fn StatusLine(status: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        status.get().map(|(ok, text)| view! {
            <p class=if ok { "notice" } else { "error-box" } role="status" data-testid="data-status">{text}</p>
        })
    }
}
