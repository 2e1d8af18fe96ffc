//! `fivesigma-datagen [OUTPUT_DIR]`: regenerates the shipped datasets (default
//! `static_data/datasets`, relative to the current directory).

#![allow(clippy::print_stdout)]

use std::path::PathBuf;

fn main() {
    let root = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("static_data/datasets"), PathBuf::from);
    let files = fivesigma_datagen::generate_all(fivesigma_datagen::SEED);
    if let Err(error) = fivesigma_datagen::write_all(&root, &files) {
        eprintln!("could not write {}: {error}", root.display());
        std::process::exit(1);
    }
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    println!(
        "wrote {} files ({:.1} MB) under {}",
        files.len(),
        bytes as f64 / 1e6,
        root.display()
    );
}
