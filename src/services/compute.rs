//! What this browser offers for training networks. This is the one place where WebGPU is
//! probed (once per page); where a training runs is decided from it in the engine
//! (`fivesigma_engine::state::device_for`).
//!
//! WebGPU counts as available only when `navigator.gpu` exists **and** `requestAdapter()` gives a
//! non-null adapter: Chromium without a usable GPU exposes `navigator.gpu` but returns null.
//! Every step runs inside a JavaScript try/catch (wasm-bindgen turns throws into `Err`).

use std::cell::RefCell;

use fivesigma_engine::state::GpuOffer;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The probe's answer: a page asks the browser once.
    static OFFER: RefCell<Option<GpuOffer>> = const { RefCell::new(None) };
}

/// What this browser offers for training networks, probed once (later calls return the same
/// answer); any failure means [`GpuOffer::None`]. A build without the WebGPU worker (the
/// single-file copy, a development server started without `--gpu`) offers no GPU.
pub async fn probe() -> GpuOffer {
    if let Some(known) = OFFER.with_borrow(Clone::clone) {
        return known;
    }
    let found = if !super::offline::has_gpu_worker() {
        GpuOffer::None
    } else {
        probe_webgpu().await.unwrap_or(GpuOffer::None)
    };
    OFFER.set(Some(found.clone()));
    found
}

/// The probe's answer as a signal (`None` until it has come): the app's shell probes once and
/// shares it; a component mounted on its own (a test) probes for itself.
pub fn offer() -> Signal<Option<GpuOffer>> {
    match use_context::<GpuProbe>() {
        Some(GpuProbe(resource)) => Signal::derive(move || resource.get()),
        None => {
            let resource = LocalResource::new(probe);
            Signal::derive(move || resource.get())
        }
    }
}

/// Context: the shell's one probe.
#[derive(Clone, Copy)]
pub struct GpuProbe(pub LocalResource<GpuOffer>);

impl GpuProbe {
    /// Starts the probe and shares it with every component below.
    pub fn provide() {
        provide_context(Self(LocalResource::new(probe)));
    }
}

async fn probe_webgpu() -> Option<GpuOffer> {
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
    Some(GpuOffer::Adapter {
        name,
        software: fallback,
    })
}
