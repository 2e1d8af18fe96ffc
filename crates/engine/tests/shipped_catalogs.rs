//! Every dataset shipped in `static_data/datasets/<id>/` has a valid `catalog.toml` whose id is
//! its folder name and whose sample files exist. (Vacuously true until datasets are generated.)

use std::path::PathBuf;

use fivesigma_engine::data::Catalog;

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
        for sample in &catalog.samples {
            assert!(
                folder.join(&sample.file).is_file(),
                "{}: missing {}",
                folder.display(),
                sample.file
            );
        }
    }
}
