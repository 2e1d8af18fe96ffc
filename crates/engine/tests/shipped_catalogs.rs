//! Every dataset shipped in `static_data/datasets/<id>/` has a valid `catalog.toml` whose id is
//! its folder name and whose sample files exist, and `index.toml` lists exactly those datasets.

use std::path::PathBuf;

use fivesigma_engine::data::{Catalog, DatasetIndex};

#[test]
fn every_shipped_catalog_parses_and_names_existing_files() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static_data/datasets");
    let Ok(entries) = std::fs::read_dir(&root) else {
        eprintln!(
            "NOTICE: {} does not exist yet; no catalogs to check",
            root.display()
        );
        return;
    };
    let index_text = std::fs::read_to_string(root.join("index.toml")).expect("index.toml");
    let index = DatasetIndex::parse(&index_text).expect("valid index.toml");
    let mut folders = Vec::new();
    for entry in entries {
        let folder = entry.expect("readable folder").path();
        if !folder.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(folder.join("catalog.toml"))
            .unwrap_or_else(|e| panic!("{}: catalog.toml: {e}", folder.display()));
        let catalog = Catalog::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert_eq!(catalog.id, name, "catalog id must equal its folder name");
        let listed = index
            .get(name)
            .unwrap_or_else(|| panic!("index.toml does not list {name}"));
        assert_eq!(
            listed.title, catalog.title,
            "{name}: index and catalog titles differ"
        );
        assert_eq!(DatasetIndex::folder_of(listed), format!("{name}/"));
        folders.push(name.to_owned());
        for sample in &catalog.samples {
            assert!(
                folder.join(&sample.file).is_file(),
                "{}: missing {}",
                folder.display(),
                sample.file
            );
        }
    }
    assert_eq!(
        folders.len(),
        index.datasets.len(),
        "index.toml lists a dataset with no folder"
    );
}
