//! The Lab: pick a shipped dataset or open your own CSV files, then explore and cut — samples
//! and their tables, stacked histograms, a cut builder with its cut-flow, significance scans.
//! The view lives in the URL (`#/lab?ds=…&var=…&cut=…`), so a copied link reopens it.

use std::sync::Arc;

use fivesigma_engine::data::{
    Dataset, DatasetEntry, DatasetIndex, Table, dataset_from_user_files, recognise,
};
use fivesigma_engine::state::trouble::{OpenFailure, Openable, Trouble, trouble};
use fivesigma_engine::view::LabView;
use fivesigma_python::DataSource;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::training::{LabModels, TrainSection};
use crate::components::workspace::{CutBuilder, PairsPanel, SamplesPanel, ScanPanel, StackPanel};
use crate::components::{
    Analysis, ColumnSummaryTable, Controls, CsvLoader, DataTable, HistogramPanel, LabScript,
    MappingStep, TroubleBox, UserFile,
};
use crate::format;
use crate::routes::Route;
use crate::services::datasets::{self, Progress};
use crate::services::user_files::{self, LoadedTable};
use crate::services::{files, location};

/// What the loaders are doing.
#[derive(Debug, Clone, PartialEq)]
enum LoadStatus {
    Idle,
    /// The student's files, read in a worker: bytes of all of them so far, events so far.
    Reading {
        progress: Progress,
        rows: usize,
    },
    Downloading {
        title: String,
        progress: Progress,
    },
    Failed {
        what: String,
        message: String,
    },
    /// A shipped dataset (or one named by a link) that could not be opened.
    Trouble(Trouble),
}

/// The dataset the workspace shows, and where it came from.
#[derive(Clone)]
struct Current {
    dataset: Arc<Dataset>,
    /// Where its files are, for the Python tabs.
    source: Arc<DataSource>,
    /// A counter, so loading the same files again rebuilds the workspace.
    generation: u32,
}

/// The Lab's state: its view (the URL), the dataset on screen, what the loaders are doing, and
/// a student's files waiting for their mapping.
#[derive(Clone, Copy)]
struct Lab {
    view: RwSignal<LabView>,
    current: RwSignal<Option<Current>>,
    generation: RwSignal<u32>,
    status: RwSignal<LoadStatus>,
    user_files: RwSignal<Vec<Arc<LoadedTable>>>,
    /// Bumped by every load: a slower, older one that finishes later is dropped.
    ticket: StoredValue<u32>,
}

impl Lab {
    /// The Lab as the link describes it, mirrored in the URL as the student works
    /// (replaceState: no history entry per click).
    fn from_link() -> Self {
        let view = RwSignal::new(LabView::from_query(&location::fragment_query()));
        Effect::new(move |_| {
            let query = view.with(LabView::to_query);
            location::replace_fragment("lab", &query);
        });
        Self {
            view,
            current: RwSignal::new(None),
            generation: RwSignal::new(0),
            status: RwSignal::new(LoadStatus::Idle),
            user_files: RwSignal::new(Vec::new()),
            ticket: StoredValue::new(0),
        }
    }

    /// A new load begins: the ticket it must still hold when it finishes.
    fn take_ticket(self) -> u32 {
        self.ticket.update_value(|t| *t += 1);
        self.ticket.get_value()
    }

    /// Whether the load holding `ticket` is still the latest, on a page still open.
    fn holds(self, ticket: u32) -> bool {
        !self.status.is_disposed() && self.ticket.try_get_value() == Some(ticket)
    }

    /// Shows `dataset` in a fresh workspace.
    fn show(self, dataset: Dataset, source: DataSource) {
        self.generation.update(|g| *g += 1);
        self.current.set(Some(Current {
            dataset: Arc::new(dataset),
            source: Arc::new(source),
            generation: self.generation.get_untracked(),
        }));
    }

    /// Downloads the shipped dataset `entry` with a progress bar; `keep_view`: a link's view
    /// stays (else the view starts afresh on this dataset).
    fn load_shipped(self, entry: DatasetEntry, keep_view: bool) {
        let ticket = self.take_ticket();
        let title = entry.title.clone();
        let downloading = move |progress: Progress| LoadStatus::Downloading {
            title: title.clone(),
            progress,
        };
        self.status.set(downloading(Progress {
            done_bytes: 0,
            total_bytes: usize::try_from(entry.csv_bytes).unwrap_or(0),
            file: String::new(),
        }));
        spawn_local(async move {
            // `try_set` and the check below: the student may leave the Lab while it loads.
            let loaded = datasets::load_shipped(&entry, |p| {
                self.status.try_set(downloading(p));
            })
            .await;
            if !self.holds(ticket) {
                return;
            }
            match loaded {
                Ok(dataset) => {
                    if !keep_view {
                        self.view.set(LabView {
                            dataset: Some(entry.id.clone()),
                            ..LabView::default()
                        });
                    }
                    self.user_files.set(Vec::new());
                    self.show(dataset, datasets::source_of(&entry));
                    self.status.set(LoadStatus::Idle);
                }
                Err(why) => self.status.set(LoadStatus::Trouble(trouble(
                    Openable::Dataset,
                    &entry.id,
                    &why,
                ))),
            }
        });
    }

    /// A link that names a dataset loads it once the index is here, keeping the rest of its view.
    fn load_linked(self, index: LocalResource<Result<DatasetIndex, String>>) {
        Effect::new(move |started: Option<bool>| {
            if started == Some(true) {
                return true;
            }
            let Some(result) = index.get() else {
                return false;
            };
            let wanted = self.view.with_untracked(|v| v.dataset.clone());
            if let (Ok(index), Some(id)) = (result, wanted) {
                match index.get(&id) {
                    Some(entry) => self.load_shipped(entry.clone(), true),
                    None => self.status.set(LoadStatus::Trouble(trouble(
                        Openable::Dataset,
                        &id,
                        &OpenFailure::Unknown,
                    ))),
                }
            }
            true
        });
    }

    /// Reads the student's files in a worker, with a progress bar; files in a known layout become
    /// a dataset at once, others wait for the mapping step. A file that fails leaves what was on
    /// screen.
    fn open_files(self, picked: Vec<web_sys::File>) {
        let ticket = self.take_ticket();
        let total_bytes: usize = picked.iter().map(|f| f.size() as usize).sum();
        let reading = move |file: String, done_bytes: usize, rows: usize| LoadStatus::Reading {
            progress: Progress {
                done_bytes,
                total_bytes,
                file,
            },
            rows,
        };
        let first = picked.first().map(web_sys::File::name).unwrap_or_default();
        self.status.set(reading(first, 0, 0));
        spawn_local(async move {
            let mut loaded: Vec<Arc<LoadedTable>> = Vec::new();
            let (mut bytes_before, mut rows_before) = (0, 0);
            for file in &picked {
                let (name, status) = (file.name(), self.status);
                let on_progress = move |p: fivesigma_engine::data::Progress| {
                    let done = bytes_before + usize::try_from(p.bytes_read).unwrap_or(0);
                    status.try_set(reading(name.clone(), done, rows_before + p.rows_read));
                };
                let read = user_files::read(file, on_progress).await;
                if !self.holds(ticket) {
                    return;
                }
                match read {
                    Ok(table) => {
                        bytes_before += table.size_bytes;
                        rows_before += table.table.n_rows();
                        loaded.push(Arc::new(table));
                    }
                    Err(message) => {
                        let what = format!("{} could not be opened.", file.name());
                        return self.status.set(LoadStatus::Failed { what, message });
                    }
                }
            }
            self.status.set(LoadStatus::Idle);
            let refs: Vec<(&str, &Table)> = loaded
                .iter()
                .map(|l| (l.file_name.as_str(), l.table.as_ref()))
                .collect();
            let recognised = recognise(&refs);
            // The link's settings (the same file opened again after a reload, say) stay where
            // they fit the files' columns.
            let variables: Vec<String> = loaded
                .iter()
                .flat_map(|l| l.table.numeric_names().map(str::to_owned))
                .collect();
            self.view.update(|v| *v = v.carried_to(&variables));
            let Some(found) = recognised else {
                self.current.set(None);
                return self.user_files.set(loaded);
            };
            // Files in a known layout go straight to the workspace, built in a task of its own
            // after the page has drawn this one (and without the preview the mapping step needs).
            files::next_frame().await;
            if !self.holds(ticket) {
                return;
            }
            let pairs = loaded
                .iter()
                .map(|l| (l.file_name.clone(), l.table.clone()))
                .collect();
            match dataset_from_user_files(pairs, &found.mapping) {
                Ok(dataset) => {
                    let names = loaded.iter().map(|l| l.file_name.clone()).collect();
                    self.user_files.set(loaded);
                    let mapping = found.mapping.clone();
                    self.show(dataset, DataSource::Files { names, mapping });
                }
                Err(e) => self.status.set(LoadStatus::Failed {
                    what: found.description.to_owned(),
                    message: e.to_string(),
                }),
            }
        });
    }
}

/// What the loaders are doing: reading, downloading with a progress bar, or why they failed.
#[component]
fn LoadNotice(status: RwSignal<LoadStatus>) -> impl IntoView {
    move || {
        match status.get() {
        LoadStatus::Idle => ().into_any(),
        LoadStatus::Reading { progress, rows } => {
            let total = progress.total_bytes.max(1);
            view! {
                <div class="notice" role="status" data-testid="reading-progress">
                    "Reading " <strong>{progress.file}</strong>
                    {format!(": {} of {} · {} events", format::bytes(progress.done_bytes), format::bytes(progress.total_bytes), format::thousands(rows))}
                    <progress max=total value=progress.done_bytes.min(total)></progress>
                </div>
            }.into_any()
        }
        LoadStatus::Downloading { title, progress } => {
            let total = progress.total_bytes.max(1);
            view! {
                <div class="notice" role="status" data-testid="dataset-progress">
                    {format!("Loading {title}: {} of {}", format::bytes(progress.done_bytes), format::bytes(progress.total_bytes))}
                    <progress max=total value=progress.done_bytes.min(total)></progress>
                </div>
            }.into_any()
        }
        LoadStatus::Trouble(t) => view! {
            <TroubleBox trouble=t back_href=Route::Lab.href() back_label=Openable::Dataset.way_back() />
        }
        .into_any(),
        LoadStatus::Failed { what, message } => view! {
            <div class="error-box" role="alert" data-testid="csv-error">
                <strong>{what}</strong>
                <p>{message}</p>
            </div>
        }
        .into_any(),
    }
    }
}

/// A student's files before they are a dataset: their tables, a histogram and the rows of the
/// first, and the mapping step.
#[component]
fn UserFilesPreview(lab: Lab) -> impl IntoView {
    move || {
        let loaded = lab.user_files.get();
        (!loaded.is_empty() && lab.current.with(Option::is_none)).then(|| {
            let first = loaded[0].clone();
            let files: Vec<UserFile> = loaded
                .iter()
                .map(|l| UserFile {
                    name: l.file_name.clone(),
                    table: l.table.clone(),
                })
                .collect();
            view! {
                {loaded.iter().map(|l| view! { <TableOverview loaded=l.clone() /> }).collect_view()}
                <section class="panel" aria-labelledby="hist-heading">
                    <h2 id="hist-heading">"Histogram"</h2>
                    <HistogramPanel table=first.table.clone() />
                </section>
                <section class="panel" aria-labelledby="rows-heading">
                    <h2 id="rows-heading">"Rows"</h2>
                    <DataTable table=first.table.clone() />
                </section>
                <MappingStep files on_build=Callback::new(move |(dataset, mapping)| {
                    let names = lab.user_files.with_untracked(|f| f.iter().map(|l| l.file_name.clone()).collect());
                    lab.show(dataset, DataSource::Files { names, mapping });
                }) />
            }
        })
    }
}

/// The Lab page.
#[component]
pub fn LabPage() -> impl IntoView {
    let lab = Lab::from_link();
    let view = lab.view;
    let index = LocalResource::new(datasets::fetch_index);
    lab.load_linked(index);
    let selected = Signal::derive(move || view.with(|v| v.dataset.clone()));
    view! {
        <section class="page">
            <header class="page-header">
                <h1>"Lab"</h1>
                <p class="lede">
                    "Pick one of the datasets that come with Five Sigma, or open your own CSV files — one row "
                    "per event, one column per variable, a header row with the names. Your files stay on your "
                    "computer: this page reads them, nothing is uploaded — and nothing is kept, whatever their "
                    "size: after a reload, open them again (the link keeps your settings)."
                </p>
            </header>
            <section class="panel" aria-labelledby="pick-heading">
                <h2 id="pick-heading">"Datasets"</h2>
                <Suspense fallback=|| view! { <p class="hint">"Looking for datasets…"</p> }>
                    {move || index.get().map(|result| match result {
                        Ok(index) => view! { <DatasetPicker index on_pick=Callback::new(move |e| lab.load_shipped(e, false)) selected /> }.into_any(),
                        Err(message) => view! { <p class="notice" role="status">"The shipped datasets could not be listed: " {message} " You can still open your own files."</p> }.into_any(),
                    })}
                </Suspense>
                <h3 class="subhead">"Your own files"</h3>
                <CsvLoader on_files=move |picked| lab.open_files(picked) />
            </section>
            <LoadNotice status=lab.status />
            <UserFilesPreview lab />
            {move || lab.current.get().map(|c| {
                let _ = c.generation;
                view! { <Workspace all=c.dataset source=c.source view /> }
            })}
        </section>
    }
}

/// One button per shipped dataset, with its size.
#[component]
fn DatasetPicker(
    index: DatasetIndex,
    on_pick: Callback<DatasetEntry>,
    #[prop(into)] selected: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="dataset-choices">
            {index.datasets.into_iter().map(|entry| {
                let id = entry.id.clone();
                let is_selected = move || selected.get().as_deref() == Some(id.as_str());
                let size = format::bytes(usize::try_from(entry.csv_bytes).unwrap_or(0));
                let title = entry.title.clone();
                let testid = format!("dataset-{}", entry.id);
                view! {
                    <button class="dataset-choice" class:selected=is_selected data-testid=testid
                        on:click=move |_| on_pick.run(entry.clone())>
                        <strong>{title}</strong>
                        <span class="card-meta">{format!("toy simulation · {size} of CSV")}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn TableOverview(loaded: Arc<LoadedTable>) -> impl IntoView {
    let rows = loaded.table.n_rows();
    let columns = loaded.table.columns().len();
    view! {
        <section class="panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{loaded.file_name.clone()}</h2>
            <p class="facts">
                <span data-testid="row-count" data-rows=rows>{format!("{} rows", format::thousands(rows))}</span>
                " · " {format!("{columns} columns")}
                " · " {format::bytes(loaded.size_bytes)}
                " · " {format!("read in {:.0} ms", loaded.parse_ms)}
            </p>
            <ColumnSummaryTable summaries=loaded.summaries.clone() />
        </section>
    }
}

/// Every panel for `all` (a loaded dataset), on the samples in use: explore, cut, scan, train
/// and evaluate, all reading one view. Switching a sample in or out draws the panels again on
/// the new samples; the models trained on the page stay.
#[component]
fn Workspace(
    /// The loaded dataset (every sample).
    all: Arc<Dataset>,
    /// Where its files are (for the Python tabs).
    source: Arc<DataSource>,
    /// The view, mirrored in the URL.
    view: RwSignal<LabView>,
) -> impl IntoView {
    let lab = LabModels::new(all.clone(), view.with_untracked(|v| v.dataset.clone()));
    let in_use = {
        let all = all.clone();
        Memo::new(move |_| view.with(|v| v.samples_in_use(&all)))
    };
    move || {
        let data = all.subset(&in_use.get()).unwrap_or_else(|_| all.active());
        let analysis = Analysis {
            switches_samples: true,
            source: Some(source.clone()),
            ..Analysis::new(Arc::new(data), all.clone(), view, Controls::default())
        };
        // Each panel is first drawn in a task of its own: with 10⁶ events, drawing all six at
        // once would block the page for half a second.
        let reached = stages(5);
        let (a1, a2, a3, a4, a5) = (
            analysis.clone(),
            analysis.clone(),
            analysis.clone(),
            analysis.clone(),
            analysis.clone(),
        );
        view! {
            <SamplesPanel analysis=analysis.clone() />
            <Show when=move || { reached.get() > 0 }><StackPanel analysis=a1.clone() /></Show>
            <Show when=move || { reached.get() > 1 }><CutBuilder analysis=a2.clone() /></Show>
            <Show when=move || { reached.get() > 2 }><ScanPanel analysis=a3.clone() /></Show>
            <Show when=move || { reached.get() > 3 }><PairsPanel analysis=a4.clone() /></Show>
            <Show when=move || { reached.get() > 4 }><TrainSection analysis=analysis.clone() lab /></Show>
            <Show when=move || { reached.get() > 4 }><LabScript analysis=a5.clone() models=lab.models /></Show>
        }
    }
}

/// A count that goes from 0 up to `count`, a step per task (the first after the current task
/// ends): `<Show when=move || reached.get() > k>` builds its part once, in a task of its own.
fn stages(count: usize) -> ReadSignal<usize> {
    let reached = RwSignal::new(0_usize);
    spawn_local(async move {
        for stage in 1..=count {
            files::next_frame().await;
            if reached.try_set(stage).is_some() {
                return;
            }
        }
    });
    reached.read_only()
}
