//! Model benchmarks (run with `cargo bench -p fivesigma-engine --bench ml`; not part of the tests).
//!
//! Writes the bench data — 100 000 weighted events, 8 inputs, generated deterministically — to
//! `target/bench-data/ml-100k.csv` (so `scripts/bench-sklearn.py` times scikit-learn on the very
//! same file), reads it back through the engine, splits it 75 / 25 in file order, and times
//! training and prediction of the tutorials' models. Prints a table; nothing is asserted. The
//! browser runs the same workloads (`scripts/bench-web.sh`).

#![allow(clippy::print_stdout, missing_docs)]
// A native benchmark measures wall-clock time; it never runs in the browser.
#![allow(clippy::disallowed_methods)]

#[allow(dead_code)]
mod common;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let csv = common::bench_csv();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let path = dir.join("ml-100k.csv");
    if std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, &csv))
        .is_err()
    {
        println!("could not write {}", path.display());
    }
    let data = common::BenchData::parse(&csv);
    println!(
        "bench data: {} ({} events, 8 inputs; train {}, test {})",
        path.display(),
        common::EVENTS,
        common::TRAIN,
        common::EVENTS - common::TRAIN
    );
    let start = Instant::now();
    let now_s = move || start.elapsed().as_secs_f64();
    println!("{}", common::header());
    for timing in [
        common::forest(&data, &now_s),
        common::boosting(&data, &now_s),
        common::logistic(&data, &now_s),
        common::cms_mlp(&data, 3, &now_s),
    ] {
        println!("{}", common::row(&timing));
    }
}
