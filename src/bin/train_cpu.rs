//! The CPU training worker (loaded by the app as `train-cpu_loader.js`): the job runner of
//! `fivesigma-worker`, built in this package so it shares the app's compiled dependencies.

fn main() {
    fivesigma_worker::serve::serve_cpu();
}
