//! Five Sigma's toy Monte-Carlo generator: writes `static_data/datasets/<dataset>/` (CSV files
//! and `catalog.toml`) deterministically from a seed. Not part of the web bundle.
//!
//! Regenerate everything with `cargo run -p fivesigma-datagen --release` (from the repository
//! root); `tests/regenerate.rs` proves the committed files equal a fresh generation.

pub mod atlas_dm;
pub mod kinematics;
pub mod rng;

use std::path::Path;

/// The seed every shipped dataset is generated with.
pub const SEED: u64 = 20_261_123;
/// This generator's version, recorded in every catalog.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file to write: path relative to `static_data/datasets/`, and its text.
pub type GeneratedFile = (String, String);

/// Every shipped dataset's files, generated with `seed`.
pub fn generate_all(seed: u64) -> Vec<GeneratedFile> {
    let mut files = vec![(
        "atlas-dm/catalog.toml".to_owned(),
        atlas_dm::catalog(seed, VERSION),
    )];
    files.extend(
        atlas_dm::generate(seed)
            .into_iter()
            .map(|s| (format!("atlas-dm/{}", s.file), s.csv)),
    );
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
