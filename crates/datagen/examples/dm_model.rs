//! `cargo run -p fivesigma-datagen --example dm_model -- DIR [EVENTS | draw:FIRST_STREAM]`:
//! writes `atlas-dm` samples to DIR for tuning the generator against the real files. With
//! EVENTS (default 20 000), every process gets at least that many events from streams
//! independent of the shipped ones: the model's scan values and tails without the
//! few-hundred-event luck of the shipped samples. With `draw:N`, the shipped sizes from streams
//! N, N + 1, … (see `atlas_dm::SHIPPED_FIRST_STREAM`).

#![allow(clippy::print_stdout)]

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: dm_model DIR [EVENTS]");
        std::process::exit(2);
    };
    let seed = fivesigma_datagen::SEED;
    let samples = match args.next() {
        Some(arg) if arg.starts_with("draw:") => {
            let first = arg["draw:".len()..].parse().unwrap_or(0);
            fivesigma_datagen::atlas_dm::generate_draw(seed, first)
        }
        arg => {
            let events = arg.and_then(|n| n.parse().ok()).unwrap_or(20_000);
            fivesigma_datagen::atlas_dm::generate_for_calibration(seed, events)
        }
    };
    let files: Vec<_> = samples.into_iter().map(|s| (s.file, s.csv)).collect();
    if let Err(error) = fivesigma_datagen::write_all(&dir, &files) {
        eprintln!("could not write {}: {error}", dir.display());
        std::process::exit(1);
    }
    println!("wrote {} samples under {}", files.len(), dir.display());
}
