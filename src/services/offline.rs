//! Offline use after the first visit: registers the service worker (`sw.js`, which the build
//! writes with the list of every file it may keep — see scripts/precache.mjs) and reports how far
//! it got, so the page can say when it is ready for offline use and when a new version waits; reads
//! what the worker's cache holds and passes on the student's "keep everything" choice. What the
//! numbers mean and how they are said is the engine's (`state::offline`).

use std::rc::Rc;

use fivesigma_engine::state::offline::{
    MANIFEST_FILE, OfflineHolding, OfflineManifest, keep_all_by_default,
};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use super::fetch::{fetch_text, js_message};

/// Where offline use stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offline {
    /// Still registering or saving the files.
    Saving,
    /// Every file is saved: the app works without a network.
    Ready,
    /// A new build is saved and waits for the tabs of the old one (or [`apply_update`]).
    UpdateReady,
    /// This copy is one file that holds everything (the single-file build).
    SingleFile,
    /// No offline copy here, and why (a plain-http page, a browser without service workers…).
    Unavailable(String),
}

/// The message a waiting worker takes as "take over now".
const SKIP_WAITING: &str = "fivesigma:skip-waiting";
/// The message that switches "keep everything" on or off (`{ type, on }`).
const KEEP_ALL: &str = "fivesigma:keep-all";
/// The worker's answer once it has kept (or dropped) the files (`{ type, on, error }`).
const KEPT: &str = "fivesigma:kept";

fn container() -> Result<ServiceWorkerContainer, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let navigator = window.navigator();
    let has = Reflect::get(&navigator, &"serviceWorker".into())
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !has {
        return Err(
            "this browser or address does not allow an offline copy (it needs https or localhost)"
                .into(),
        );
    }
    Ok(navigator.service_worker())
}

/// The build's mark on `<html data-build="…">`: `single-file` (the single-file copy's loader),
/// `no-gpu-worker` (`scripts/serve.sh` without `--gpu`), or none (the full build).
fn build_mark() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-build"))
}

/// Whether the page is the single-file build.
pub fn is_single_file() -> bool {
    build_mark().is_some_and(|b| b == "single-file")
}

/// Whether this build carries the WebGPU training worker (the single-file copy and a development
/// server started without `--gpu` do not).
pub fn has_gpu_worker() -> bool {
    build_mark().is_none_or(|b| b != "single-file" && b != "no-gpu-worker")
}

/// Registers the service worker and calls `report` with each change of state.
pub async fn start(report: impl Fn(Offline) + 'static) {
    if is_single_file() {
        report(Offline::SingleFile);
        return;
    }
    let container = match container() {
        Ok(c) => c,
        Err(why) => {
            report(Offline::Unavailable(why));
            return;
        }
    };
    if cfg!(debug_assertions) {
        // `trunk serve` rebuilds on every change: a cached copy would keep showing the old build.
        // Drop any worker a release build left on this address.
        unregister_all(&container).await;
        report(Offline::Unavailable(
            "development build: no offline copy, so every rebuild shows at once".into(),
        ));
        return;
    }
    let report = Rc::new(report);
    report(Offline::Saving);
    let registration = match JsFuture::from(container.register("sw.js")).await {
        Ok(r) => match r.dyn_into::<ServiceWorkerRegistration>() {
            Ok(r) => r,
            // A browser (or a test harness) that blocks service workers may answer with nothing.
            Err(_) => {
                report(Offline::Unavailable(
                    "this browser does not allow an offline copy here".into(),
                ));
                return;
            }
        },
        Err(e) => {
            report(Offline::Unavailable(format!(
                "the offline copy could not be set up: {}",
                js_message(&e)
            )));
            return;
        }
    };
    let has_controller = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    // A build newer than the one on screen, saved and waiting.
    if registration.waiting().is_some() && has_controller() {
        report(Offline::UpdateReady);
    }
    // A new build being saved: say so once it is installed (and waiting).
    let watch = {
        let report = report.clone();
        move |installing: web_sys::ServiceWorker| {
            let worker = installing.clone();
            let report = report.clone();
            let has_controller = has_controller.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    report(Offline::UpdateReady);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        }
    };
    if let Some(installing) = registration.installing() {
        watch(installing);
    }
    let watched = registration.clone();
    let on_update = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = watched.installing() {
            watch(installing.clone());
        }
    });
    registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget();
    // `ready` settles once a worker is active, i.e. every file is in the cache.
    let ready = match container.ready() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    match ready {
        Ok(_) if registration.waiting().is_none() => report(Offline::Ready),
        Ok(_) => {}
        Err(e) => report(Offline::Unavailable(js_message(&e))),
    }
}

/// Removes every service worker registered for this page's origin.
async fn unregister_all(container: &ServiceWorkerContainer) {
    let Ok(list) = JsFuture::from(container.get_registrations()).await else {
        return;
    };
    for registration in js_sys::Array::from(&list).iter() {
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Ok(done) = registration.unregister() {
            let _ = JsFuture::from(done).await;
        }
    }
}

/// Lets a waiting new build take over, then reloads the page with it.
pub fn apply_update() {
    let Ok(container) = container() else {
        return;
    };
    let reload = Closure::<dyn FnMut()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(waiting) = registration.waiting() {
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &SKIP_WAITING.into());
            let _ = waiting.post_message(&message);
        }
    });
}

/// What the offline copy holds now and whether "keep everything" is on. Only meaningful once
/// [`start`] has reported [`Offline::Ready`].
pub async fn holding() -> Result<(OfflineHolding, bool), String> {
    let manifest =
        OfflineManifest::from_json(&fetch_text(MANIFEST_FILE).await?).map_err(|e| e.to_string())?;
    let registration = JsFuture::from(container()?.ready().map_err(|e| js_message(&e))?)
        .await
        .map_err(|e| js_message(&e))?
        .unchecked_into::<ServiceWorkerRegistration>();
    // The cache names are the worker's (public/sw.js): `fivesigma:<scope>:<version>` and
    // `fivesigma:<scope>:settings`.
    let scope = registration.scope();
    let prefix = format!("fivesigma:{scope}:");
    let held = cached_urls(&format!("{prefix}{}", manifest.version)).await?;
    let paths: Vec<&str> = held.iter().filter_map(|u| u.strip_prefix(&scope)).collect();
    let keep_all =
        match cached_text(&format!("{prefix}settings"), &format!("{scope}keep-all")).await {
            Some(text) => text == "true",
            None => {
                // Nothing chosen yet: the default, told to the worker so it keeps accordingly.
                let on = keep_all_by_default(is_installed_app());
                if on {
                    set_keep_all(true);
                }
                on
            }
        };
    Ok((manifest.holding(&paths), keep_all))
}

async fn open_cache(name: &str) -> Result<Cache, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let caches = window.caches().map_err(|e| js_message(&e))?;
    Ok(JsFuture::from(caches.open(name))
        .await
        .map_err(|e| js_message(&e))?
        .unchecked_into())
}

async fn cached_urls(name: &str) -> Result<Vec<String>, String> {
    let keys = JsFuture::from(open_cache(name).await?.keys())
        .await
        .map_err(|e| js_message(&e))?;
    Ok(js_sys::Array::from(&keys)
        .iter()
        .map(|r| r.unchecked_into::<web_sys::Request>().url())
        .collect())
}

async fn cached_text(cache: &str, url: &str) -> Option<String> {
    let hit = JsFuture::from(open_cache(cache).await.ok()?.match_with_str(url))
        .await
        .ok()?;
    let response = hit.dyn_into::<web_sys::Response>().ok()?;
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// Whether the page runs as an installed app (its own window, not a browser tab).
fn is_installed_app() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(display-mode: standalone)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Asks the worker to keep every lesson and dataset (`on`), or to drop the dataset files again.
pub fn set_keep_all(on: bool) {
    let Ok(container) = container() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(active) = registration.active() {
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &KEEP_ALL.into());
            let _ = Reflect::set(&message, &"on".into(), &on.into());
            let _ = active.post_message(&message);
        }
    });
}

/// Calls `done` each time the worker has finished keeping or dropping files, with its error if
/// one stopped it (a full disk, the network gone).
pub fn on_kept(done: impl Fn(Option<String>) + 'static) {
    let Ok(container) = container() else {
        return;
    };
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let kind = Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            if kind.as_deref() == Some(KEPT) {
                let error = Reflect::get(&data, &"error".into())
                    .ok()
                    .and_then(|t| t.as_string());
                done(error);
            }
        });
    let _ =
        container.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    listener.forget();
}
