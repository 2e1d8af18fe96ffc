//! The CPU training worker (loaded by the app as `train-cpu_loader.js`).

fn main() {
    fivesigma_worker::serve::serve_cpu();
}
