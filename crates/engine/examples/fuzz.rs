//! The fuzzing campaign: every parser that takes outside text, 10⁶ generated inputs each (or the
//! count given), zero panics expected. A benchmark-style run, not part of the test suite (which
//! runs 10⁴ of each: `tests/fuzz_smoke.rs`).
//!
//! `cargo run --release -p fivesigma-engine --example fuzz [-- inputs-per-parser [seed]]`

#![allow(clippy::print_stdout, clippy::disallowed_methods)] // a native run: it prints, and times itself

#[path = "../fuzz/campaign.rs"]
mod campaign;

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    println!("| parser | inputs | accepted | refused with a message | panics | seconds |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut panics = 0;
    for target in campaign::targets() {
        let start = Instant::now();
        let report = campaign::run(&target, n, seed);
        println!(
            "| {} | {} | {} | {} | {} | {:.1} |",
            target.name,
            report.inputs,
            report.accepted,
            report.refused,
            report.panics.len(),
            start.elapsed().as_secs_f64()
        );
        for input in report.panics.iter().take(3) {
            println!("  panicked on {:?}", String::from_utf8_lossy(input));
        }
        panics += report.panics.len();
    }
    if panics > 0 {
        std::process::exit(1);
    }
}
