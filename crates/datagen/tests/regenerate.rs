//! The committed `static_data/datasets/` files are exactly what the generator produces: run
//! `cargo run -p fivesigma-datagen --release` after changing the generator, and commit the result.

use std::path::PathBuf;

#[test]
fn committed_datasets_equal_a_fresh_generation() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static_data/datasets");
    let files = fivesigma_datagen::generate_all(fivesigma_datagen::SEED);
    for (relative, text) in &files {
        let committed = std::fs::read_to_string(root.join(relative)).unwrap_or_else(|e| {
            panic!("{relative}: {e}; run `cargo run -p fivesigma-datagen --release`")
        });
        assert!(
            committed == *text,
            "{relative} differs from a fresh generation; regenerate and commit"
        );
    }
    let again = fivesigma_datagen::generate_all(fivesigma_datagen::SEED);
    assert_eq!(
        files, again,
        "the same seed must give byte-identical output"
    );
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    // A student downloads only the datasets they open (and "keep everything" for offline use
    // says how much it keeps): 34 MB for five datasets and a challenge, none over 12 MB.
    assert!(
        total <= 34_000_000,
        "shipped CSVs are {total} bytes, over the 34 MB budget"
    );
    let mut per_dataset = std::collections::BTreeMap::<&str, usize>::new();
    for (relative, text) in &files {
        let dataset = relative.split('/').next().unwrap_or_default();
        *per_dataset.entry(dataset).or_default() += text.len();
    }
    for (dataset, bytes) in per_dataset {
        assert!(
            bytes <= 12_000_000,
            "{dataset} is {bytes} bytes, over 12 MB"
        );
    }
}
