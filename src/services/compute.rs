//! Which compute backend this browser offers. This is the one place where WebGPU is probed.
//!
//! WebGPU counts as available only when `navigator.gpu` exists **and** `requestAdapter()` gives a
//! non-null adapter: Chromium without a usable GPU exposes `navigator.gpu` but returns null.
//! Every step runs inside a JavaScript try/catch (wasm-bindgen turns throws into `Err`).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The compute backend models will train on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A WebGPU adapter was granted.
    WebGpu {
        /// A human-readable adapter name (vendor, architecture or description).
        adapter: String,
        /// True for a software (CPU-emulated) adapter such as SwiftShader.
        fallback: bool,
    },
    /// No usable WebGPU: burn's CPU backend runs in WebAssembly.
    Cpu,
}

impl Backend {
    /// The text the status area shows, e.g. "WebGPU (google swiftshader)" or "CPU".
    pub fn label(&self) -> String {
        match self {
            Backend::WebGpu {
                adapter,
                fallback: true,
            } => format!("WebGPU ({adapter}, software)"),
            Backend::WebGpu {
                adapter,
                fallback: false,
            } => format!("WebGPU ({adapter})"),
            Backend::Cpu => "CPU".to_owned(),
        }
    }
}

/// Probes once for a WebGPU adapter; any failure means [`Backend::Cpu`]. The single-file copy
/// carries only the CPU worker, so it is always [`Backend::Cpu`] there.
pub async fn probe() -> Backend {
    if super::offline::is_single_file() {
        return Backend::Cpu;
    }
    probe_webgpu().await.unwrap_or(Backend::Cpu)
}

async fn probe_webgpu() -> Option<Backend> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let gpu = Reflect::get(&navigator, &"gpu".into()).ok()?;
    if gpu.is_undefined() || gpu.is_null() {
        return None;
    }
    let request: Function = Reflect::get(&gpu, &"requestAdapter".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = request.call0(&gpu).ok()?.dyn_into().ok()?;
    let adapter = JsFuture::from(promise).await.ok()?;
    if adapter.is_null() || adapter.is_undefined() {
        return None;
    }
    let info = Reflect::get(&adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let text = |object: &JsValue, key: &str| {
        Reflect::get(object, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.trim().is_empty())
    };
    let name = text(&info, "description")
        .or_else(|| {
            let parts: Vec<String> = ["vendor", "architecture"]
                .iter()
                .filter_map(|k| text(&info, k))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .unwrap_or_else(|| "unnamed adapter".to_owned());
    let flag = |object: &JsValue| {
        Reflect::get(object, &"isFallbackAdapter".into())
            .ok()
            .and_then(|v| v.as_bool())
    };
    let fallback = flag(&info).or_else(|| flag(&adapter)).unwrap_or(false);
    Some(Backend::WebGpu {
        adapter: name,
        fallback,
    })
}
