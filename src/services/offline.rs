//! Offline use after the first visit: registers the service worker (`sw.js`, which the build
//! writes with the list of every file to keep — see scripts/precache.mjs) and reports how far it
//! got, so the page can say when it is ready for offline use and when a new version waits.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use super::fetch::js_message;

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

/// Whether the page is the single-file build (its loader marks `<html data-build="single-file">`).
pub fn is_single_file() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-build"))
        .is_some_and(|b| b == "single-file")
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
        Ok(r) => r.unchecked_into::<ServiceWorkerRegistration>(),
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
