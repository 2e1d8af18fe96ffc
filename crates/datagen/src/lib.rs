//! Five Sigma's toy Monte-Carlo generator: writes `static_data/datasets/<dataset>/` (CSV files
//! and `catalog.toml`) deterministically from a seed. The CPU worker carries [`cms_vbf4l::challenge`], a teacher's
//! fresh challenge; nothing else here reaches the browser.
//!
//! Regenerate everything with `cargo run -p fivesigma-datagen --release` (from the repository
//! root); `tests/regenerate.rs` proves the committed files equal a fresh generation.

pub mod atlas_dm;
pub mod atlas_hzz4l;
pub mod atlas_ttz;
pub mod catalog;
pub mod cms_vbf4l;
pub mod distributions;
pub mod higgsml_toy;
pub mod kinematics;
pub mod rng;

use std::path::Path;

/// The seed every shipped dataset is generated with.
pub const SEED: u64 = 20_261_123;
/// This generator's version, recorded in every catalog.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file to write: path relative to `static_data/datasets/`, and its text.
pub type GeneratedFile = (String, String);

/// Every shipped dataset's files, generated with `seed`, and `index.toml` listing the datasets.
pub fn generate_all(seed: u64) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut index = Vec::new();
    let datasets = [
        (
            atlas_dm::ID,
            atlas_dm::TITLE,
            atlas_dm::catalog(seed, VERSION),
            atlas_dm::generate(seed)
                .into_iter()
                .map(|s| (s.file, s.csv))
                .collect::<Vec<_>>(),
        ),
        (
            atlas_hzz4l::ID,
            atlas_hzz4l::TITLE,
            atlas_hzz4l::catalog(seed, VERSION),
            atlas_hzz4l::generate(seed)
                .into_iter()
                .map(|s| (s.file, s.csv))
                .collect(),
        ),
        (
            atlas_ttz::ID,
            atlas_ttz::TITLE,
            atlas_ttz::catalog(seed, VERSION),
            atlas_ttz::generate(seed)
                .into_iter()
                .map(|s| (s.file, s.csv))
                .collect(),
        ),
        (
            cms_vbf4l::ID,
            cms_vbf4l::TITLE,
            cms_vbf4l::catalog(seed, VERSION),
            cms_vbf4l::generate(seed)
                .into_iter()
                .map(|s| (s.file, s.csv))
                .collect(),
        ),
        (
            higgsml_toy::ID,
            higgsml_toy::TITLE,
            higgsml_toy::catalog(seed, VERSION),
            higgsml_toy::generate(seed)
                .into_iter()
                .map(|s| (s.file, s.csv))
                .collect(),
        ),
    ];
    for (id, title, catalog, samples) in datasets {
        let csv_bytes = samples.iter().map(|(_, csv)| csv.len()).sum();
        index.push((id, title, csv_bytes));
        files.push((format!("{id}/catalog.toml"), catalog));
        files.extend(
            samples
                .into_iter()
                .map(|(file, csv)| (format!("{id}/{file}"), csv)),
        );
    }
    // The CMS exercise's challenge: its unlabelled events and, for self-study, its answer key.
    let cms = cms_vbf4l::challenge(seed, cms_vbf4l::CHALLENGE_EVENTS);
    files.push((
        format!("{}/challenge/challenge.csv", cms_vbf4l::ID),
        cms.sample_csv,
    ));
    files.push((
        format!("{}/challenge/challenge_key.csv", cms_vbf4l::ID),
        cms.key_csv,
    ));
    files.push(("index.toml".to_owned(), catalog::index_toml(&index)));
    files
}

/// Writes `files` under `root` (creating folders), replacing what is there.
pub fn write_all(root: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    for (relative, text) in files {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
