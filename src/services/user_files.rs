//! A student's own CSV files, read in a CPU worker (an [`errand`]) so that 10⁶ events never block
//! the page: the worker streams the file through the engine's reader and reports how far it has
//! got; the table comes back as one transferred typed array per column and is rebuilt here a
//! column per task, with its summary (a copy and a pass over 10⁶ values take a few milliseconds;
//! all eleven columns at once would not).

use std::sync::Arc;

use fivesigma_engine::data::{ColumnSummary, Progress, Table, summarize};
use fivesigma_worker::protocol::{self, CsvReply};

use super::{errand, files};

/// A table the student loaded, with what the page shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedTable {
    /// File name as picked.
    pub file_name: String,
    /// File size in bytes.
    pub size_bytes: usize,
    /// Time the worker took to read and parse it.
    pub parse_ms: f64,
    /// The parsed table.
    pub table: Arc<Table>,
    /// One summary per column.
    pub summaries: Vec<ColumnSummary>,
}

/// Reads `file` in a worker, calling `on_progress` as it goes; a file that cannot be read gives
/// the engine's message (which line, which column, what was expected).
pub async fn read(
    file: &web_sys::File,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<LoadedTable, String> {
    let order = protocol::csv_order(file);
    let parts =
        errand::run(
            "worker that reads the file",
            order,
            move |data| match protocol::read_csv_reply(data)? {
                Ok(CsvReply::Reading(progress)) => {
                    on_progress(progress);
                    None
                }
                Ok(CsvReply::Read(parts)) => Some(Ok(parts)),
                Err(e) => Some(Err(e.to_string())),
            },
        )
        .await?;
    let mut columns = Vec::with_capacity(parts.n_columns());
    let mut summaries = Vec::with_capacity(parts.n_columns());
    for index in 0..parts.n_columns() {
        let column = parts.column(index).map_err(|e| e.to_string())?;
        summaries.push(summarize(&column));
        columns.push(column);
        files::next_frame().await;
    }
    let table = Table::new(columns).map_err(|e| e.to_string())?;
    // The worker's value order of each column, checked and kept (a pass each, a task each): a
    // scan then never sorts the file's events on the page. Rows that fail the check are dropped
    // and worked out again at the first scan.
    for index in 0..parts.n_columns() {
        if let Some(rows) = parts.sorted_rows(index) {
            let name = table.columns()[index].name.clone();
            table.keep_sorted_rows(&name, rows);
            files::next_frame().await;
        }
    }
    Ok(LoadedTable {
        file_name: file.name(),
        size_bytes: file.size() as usize,
        parse_ms: parts.parse_ms(),
        table: Arc::new(table),
        summaries,
    })
}
