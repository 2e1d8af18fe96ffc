//! `static_data/datasets/index.toml`: the datasets shipped with the app, in the order the dataset
//! picker lists them. Written by `fivesigma-datagen`; read by the app before any catalog.
//!
//! Format (version 1):
//!
//! ```toml
//! format_version = 1
//!
//! [[dataset]]
//! id = "atlas-dm"                      # folder under static_data/datasets/
//! title = "Dark matter search: …"
//! catalog = "atlas-dm/catalog.toml"    # relative to static_data/datasets/
//! csv_bytes = 2345593                  # total size of its CSV files (shown before download)
//! ```

use serde::Deserialize;

use crate::{Error, Result};

/// The index format this engine reads.
pub const DATASET_INDEX_VERSION: u32 = 1;

/// The parsed dataset index.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetIndex {
    /// Must equal [`DATASET_INDEX_VERSION`].
    pub format_version: u32,
    /// The datasets, in picker order.
    #[serde(default, rename = "dataset")]
    pub datasets: Vec<DatasetEntry>,
}

/// One shipped dataset.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetEntry {
    /// Folder name and catalog id.
    pub id: String,
    /// Title shown in the picker.
    pub title: String,
    /// Path of its catalog, relative to the index.
    pub catalog: String,
    /// Total size of its CSV files in bytes.
    pub csv_bytes: u64,
}

impl DatasetIndex {
    /// Parses the index text, checking its version and that ids are unique and non-empty.
    pub fn parse(text: &str) -> Result<Self> {
        let index: DatasetIndex =
            toml::from_str(text).map_err(|e| Error::Catalog(format!("dataset index: {e}")))?;
        crate::ids::check_version(index.format_version, DATASET_INDEX_VERSION)
            .and_then(|()| {
                crate::ids::check_ids(index.datasets.iter().map(|d| d.id.as_str()), "dataset")
            })
            .map_err(|m| Error::Catalog(format!("dataset index: {m}")))?;
        Ok(index)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&DatasetEntry> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// The folder holding a dataset's files (the catalog's directory, with a trailing `/`),
    /// relative to the index.
    pub fn folder_of(entry: &DatasetEntry) -> &str {
        entry
            .catalog
            .rfind('/')
            .map_or("", |slash| &entry.catalog[..=slash])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "format_version = 1\n\n[[dataset]]\nid = \"a\"\ntitle = \"A\"\ncatalog = \"a/catalog.toml\"\ncsv_bytes = 10\n\n[[dataset]]\nid = \"b\"\ntitle = \"B\"\ncatalog = \"b/catalog.toml\"\ncsv_bytes = 20\n";

    #[test]
    fn parses_in_order_and_finds_folders() {
        let index = DatasetIndex::parse(TWO).expect("valid");
        let ids: Vec<&str> = index.datasets.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let b = index.get("b").expect("b");
        assert_eq!((b.csv_bytes, DatasetIndex::folder_of(b)), (20, "b/"));
    }

    #[test]
    fn rejects_duplicates_wrong_versions_and_unknown_fields() {
        let dup = TWO.replace("id = \"b\"", "id = \"a\"");
        assert!(DatasetIndex::parse(&dup).is_err_and(|e| e.to_string().contains("twice")));
        let v2 = TWO.replace("format_version = 1", "format_version = 2");
        assert!(DatasetIndex::parse(&v2).is_err_and(|e| e.to_string().contains("version 1")));
        let extra = TWO.replace("csv_bytes = 10", "csv_bytes = 10\nsize = 3");
        assert!(DatasetIndex::parse(&extra).is_err());
    }
}
