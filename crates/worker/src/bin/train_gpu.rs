//! The WebGPU training worker (loaded by the app as `train-gpu_loader.js`, only when a WebGPU
//! training starts).

fn main() {
    fivesigma_worker::serve::serve_gpu();
}
