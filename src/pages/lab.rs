//! The Lab: open a CSV and explore it (summary per column, a histogram, every row).

use std::sync::Arc;

use fivesigma_engine::data::{ColumnSummary, CsvOptions, Table, read_csv, summarize};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{ColumnSummaryTable, CsvLoader, DataTable, HistogramPanel};
use crate::format;
use crate::services::{clock, files};

/// A table the user loaded, with what the page shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedTable {
    /// File name as picked.
    pub file_name: String,
    /// File size in bytes.
    pub size_bytes: usize,
    /// Time the engine took to parse it.
    pub parse_ms: f64,
    /// The parsed table.
    pub table: Arc<Table>,
    /// One summary per column.
    pub summaries: Vec<ColumnSummary>,
}

/// What the loader is doing.
#[derive(Debug, Clone, PartialEq)]
enum LoadStatus {
    Idle,
    Reading(String),
    Failed { file_name: String, message: String },
}

/// The Lab page.
#[component]
pub fn LabPage() -> impl IntoView {
    let loaded = RwSignal::new(None::<Arc<LoadedTable>>);
    let status = RwSignal::new(LoadStatus::Idle);

    let on_file = move |file: web_sys::File| {
        let file_name = file.name();
        status.set(LoadStatus::Reading(file_name.clone()));
        spawn_local(async move {
            // Let the "Reading…" message paint before the synchronous parse.
            files::next_frame().await;
            match load(&file, file_name.clone()).await {
                Ok(table) => {
                    loaded.set(Some(Arc::new(table)));
                    status.set(LoadStatus::Idle);
                }
                // A failed file leaves the previous table on screen: nothing the student had is lost.
                Err(message) => status.set(LoadStatus::Failed { file_name, message }),
            }
        });
    };

    let table = Signal::derive(move || loaded.get().map(|l| l.table.clone()));

    view! {
        <section class="page">
            <header class="page-header">
                <h1>"Lab"</h1>
                <p class="lede">
                    "Open a CSV file of events — one row per event, one column per variable, a header row "
                    "with the names. Everything stays on your computer: the file is read by this page, "
                    "not uploaded anywhere."
                </p>
            </header>
            <CsvLoader on_file />
            {move || match status.get() {
                LoadStatus::Idle => ().into_any(),
                LoadStatus::Reading(name) => view! {
                    <p class="notice" role="status">"Reading " <strong>{name}</strong> "…"</p>
                }.into_any(),
                LoadStatus::Failed { file_name, message } => view! {
                    <div class="error-box" role="alert" data-testid="csv-error">
                        <strong>{format!("{file_name} could not be opened.")}</strong>
                        <p>{message}</p>
                    </div>
                }.into_any(),
            }}
            {move || loaded.get().map(|l| view! { <TableOverview loaded=l /> })}
            {move || table.get().map(|t| view! {
                <section class="panel" aria-labelledby="hist-heading">
                    <h2 id="hist-heading">"Histogram"</h2>
                    <HistogramPanel table=t.clone() />
                </section>
                <section class="panel" aria-labelledby="rows-heading">
                    <h2 id="rows-heading">"Rows"</h2>
                    <DataTable table=t />
                </section>
            })}
        </section>
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

async fn load(file: &web_sys::File, file_name: String) -> Result<LoadedTable, String> {
    let bytes = files::read_bytes(file).await?;
    let start = clock::now_ms();
    let table =
        read_csv(bytes.as_slice(), &CsvOptions::default(), |_| {}).map_err(|e| e.to_string())?;
    let parse_ms = clock::now_ms() - start;
    let summaries = table.columns().iter().map(summarize).collect();
    Ok(LoadedTable {
        file_name,
        size_bytes: bytes.len(),
        parse_ms,
        table: Arc::new(table),
        summaries,
    })
}
