//! Loading the shipped datasets: the index, a catalog, and its CSV files, with progress.
//! Files are fetched relative to the page, so the built folder works from any sub-path.

use fivesigma_engine::data::{Catalog, CsvOptions, Dataset, DatasetEntry, DatasetIndex, read_csv};
use fivesigma_engine::state::trouble::OpenFailure;
use fivesigma_python::DataSource;

use super::{fetch, files};

/// Where `index.toml` and the dataset folders are, relative to the page.
pub const ROOT: &str = "static_data/datasets/";

/// How far a download has got.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Bytes of CSV fetched and parsed so far.
    pub done_bytes: usize,
    /// Bytes in all (from the index).
    pub total_bytes: usize,
    /// The file being fetched now.
    pub file: String,
}

/// The list of shipped datasets.
pub async fn fetch_index() -> Result<DatasetIndex, String> {
    let text = fetch::fetch_text(&format!("{ROOT}index.toml")).await?;
    DatasetIndex::parse(&text).map_err(|e| e.to_string())
}

/// Fetches and parses every sample of `entry`, reporting progress after each file.
pub async fn load_shipped(
    entry: &DatasetEntry,
    on_progress: impl Fn(Progress),
) -> Result<Dataset, OpenFailure> {
    let folder = format!("{ROOT}{}", DatasetIndex::folder_of(entry));
    let catalog_text = fetch::fetch_file(&format!("{ROOT}{}", entry.catalog)).await?;
    let catalog = Catalog::parse(&catalog_text)
        .map_err(|e| OpenFailure::Invalid(format!("{}: {e}", entry.catalog)))?;
    let total_bytes = usize::try_from(entry.csv_bytes).unwrap_or(usize::MAX);
    let mut done_bytes = 0;
    let mut tables = Vec::with_capacity(catalog.samples.len());
    for sample in &catalog.samples {
        on_progress(Progress {
            done_bytes,
            total_bytes,
            file: sample.file.clone(),
        });
        // Let the progress bar paint before the fetch and the synchronous parse.
        files::next_frame().await;
        let text = fetch::fetch_file(&format!("{folder}{}", sample.file)).await?;
        let table = read_csv(text.as_bytes(), &CsvOptions::default(), |_| {})
            .map_err(|e| OpenFailure::Invalid(format!("{}: {e}", sample.file)))?;
        done_bytes += text.len();
        tables.push(table);
    }
    on_progress(Progress {
        done_bytes: total_bytes.max(done_bytes),
        total_bytes,
        file: String::new(),
    });
    Dataset::from_catalog(catalog, tables).map_err(|e| OpenFailure::Invalid(e.to_string()))
}

/// Fetches the index, then every sample of the shipped dataset `id` (the lesson players and
/// embedded widgets name their dataset by id), with where its Python code reads the files.
pub async fn load_by_id(
    id: &str,
    on_progress: impl Fn(Progress),
) -> Result<(Dataset, DataSource), OpenFailure> {
    let text = fetch::fetch_file(&format!("{ROOT}index.toml")).await?;
    let index = DatasetIndex::parse(&text).map_err(|e| OpenFailure::Invalid(e.to_string()))?;
    let entry = index.get(id).cloned().ok_or(OpenFailure::Unknown)?;
    let dataset = load_shipped(&entry, on_progress).await?;
    Ok((dataset, source_of(&entry)))
}

/// Where the Python code reads `entry`'s files: its folder on the site the page comes from (an
/// absolute address, so the code runs anywhere).
pub fn source_of(entry: &DatasetEntry) -> DataSource {
    let folder = format!("{ROOT}{}", DatasetIndex::folder_of(entry));
    DataSource::Shipped {
        folder: super::location::absolute(&folder),
    }
}
