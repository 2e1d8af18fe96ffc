//! Loads a freshly generated dataset through the engine, exactly as the app will.

use fivesigma_engine::data::{Catalog, CsvOptions, Dataset, read_csv};

/// The dataset `id` as generated with the shipped seed (all samples, active or not).
pub fn generated_dataset(id: &str) -> Dataset {
    let files = fivesigma_datagen::generate_all(fivesigma_datagen::SEED);
    let text = |name: &str| {
        files
            .iter()
            .find(|(path, _)| path == &format!("{id}/{name}"))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("{id}/{name} was not generated"))
    };
    let catalog = Catalog::parse(&text("catalog.toml")).expect("catalog");
    let tables = catalog
        .samples
        .iter()
        .map(|s| read_csv(text(&s.file).as_bytes(), &CsvOptions::default(), |_| {}).expect("CSV"))
        .collect();
    Dataset::from_catalog(catalog, tables).expect("dataset")
}
