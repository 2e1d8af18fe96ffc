//! Where a network trains. In the browser: WebGPU (burn's wgpu backend) when the browser offers
//! an adapter, otherwise the CPU (burn's flex backend, also used by native tests). This is the
//! only place that makes a burn `Device`; everything else takes the `Device` it is handed. Which
//! of the two a training asks for is decided once, in the engine (`state::device`).
//!
//! wgpu is compiled in for wasm32 only, and only crates that need a GPU depend on this one, so
//! the main page's bundle never carries it.

use burn::tensor::Device;
/// Where a training runs, as the app names it: the engine's one enum for it.
pub use fivesigma_engine::state::Device as Backend;

/// The CPU device.
pub fn cpu() -> (Backend, Device) {
    (Backend::Cpu, fivesigma_engine::ml::mlp::cpu_device())
}

/// A WebGPU device, or why there is none (no `navigator.gpu`, no adapter, a failed request).
#[cfg(target_arch = "wasm32")]
pub async fn webgpu() -> Result<(Backend, Device), String> {
    Device::wgpu_options()
        .init_async()
        .await
        .map(|d| (Backend::WebGpu, d))
        .map_err(|e| format!("WebGPU is not available here ({e})"))
}

/// WebGPU exists only in the browser.
#[cfg(not(target_arch = "wasm32"))]
pub async fn webgpu() -> Result<(Backend, Device), String> {
    Err("WebGPU is only used in the browser".into())
}

/// WebGPU when `prefer_gpu` and it is available, otherwise the CPU; the message says why the
/// GPU was not used, for the indicator's tooltip.
pub async fn choose(prefer_gpu: bool) -> ((Backend, Device), Option<String>) {
    if !prefer_gpu {
        return (cpu(), None);
    }
    match webgpu().await {
        Ok(gpu) => (gpu, None),
        Err(why) => (cpu(), Some(why)),
    }
}
