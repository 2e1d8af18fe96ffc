//! Talking to the page that embeds us in an iframe: our content's height, posted to the parent
//! whenever it changes, so the parent's snippet (`embed.js`, see docs/embedding.md) can size the
//! iframe to fit. The message is `{ type: "fivesigma:height", height: <CSS pixels> }`; it says
//! nothing private, so it goes to any parent, and the parent checks where it came from.

use std::cell::Cell;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "fivesigma:height";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Whether this page runs inside a frame.
pub fn in_frame() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        _ => false,
    }
}

/// Starts posting the height of `element_id` to the parent (once per page; nothing outside a
/// frame).
pub fn report_height(element_id: &str) {
    if !in_frame() || STARTED.with(|s| s.replace(true)) {
        return;
    }
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(element_id))
    else {
        STARTED.with(|s| s.set(false));
        return;
    };
    let measured = element.clone();
    let last = Cell::new(0_i32);
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let height = measured.scroll_height().max(measured.client_height());
        if height != last.get() {
            last.set(height);
            post_height(height);
        }
    });
    match web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        Ok(observer) => {
            observer.observe(&element);
            // Both live as long as the page: one observer per page.
            std::mem::forget(observer);
            on_resize.forget();
        }
        Err(_) => STARTED.with(|s| s.set(false)),
    }
}

fn post_height(height: i32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, "*");
}

/// The page's own address without its fragment (what an iframe's `src` starts with).
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}
