//! Reading the URL fragment and moving focus/scroll when the page changes.

use wasm_bindgen::JsCast;

/// The current `location.hash` (empty when there is none or no window).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Scrolls the window to the top (after navigating to another page).
pub fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Moves keyboard focus to the main content (the skip link's target).
pub fn focus_main() {
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

/// The query part of the fragment (`#/lab?ds=x` → `ds=x`), empty if there is none.
pub fn fragment_query() -> String {
    let hash = hash();
    hash.split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_default()
}

/// Replaces the fragment with `#/{page}?{query}` without adding a history entry or firing
/// `hashchange` (the view updates as the student works; Back should leave the page, not undo
/// every slider move).
pub fn replace_fragment(page: &str, query: &str) {
    let fragment = if query.is_empty() {
        format!("#/{page}")
    } else {
        format!("#/{page}?{query}")
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
    }
}

/// Adds or removes `class` on the document's root element (`<html>`).
pub fn set_root_class(class: &str, on: bool) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let list = root.class_list();
        let _ = if on {
            list.add_1(class)
        } else {
            list.remove_1(class)
        };
    }
}

/// Replaces the fragment's query (`#/lesson/x/y?seed=7`), keeping its page, without a history
/// entry or a `hashchange`.
pub fn replace_query(query: &str) {
    let current = hash();
    let page = current
        .trim_start_matches('#')
        .trim_start_matches('/')
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    replace_fragment(&page, query);
}

/// `relative` resolved against the page's address: where a program run elsewhere (the Python
/// tabs' code) finds the same file, e.g. `https://example.org/fs/static_data/datasets/atlas-dm/`.
pub fn absolute(relative: &str) -> String {
    let base = super::embed::page_address();
    web_sys::Url::new_with_base(relative, &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| relative.to_owned())
}
