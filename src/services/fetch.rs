//! Fetching files shipped with the app (lesson index, datasets) by URL relative to the page,
//! so the built folder works from any sub-path.

use fivesigma_engine::state::trouble::FetchFailure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches `url` (relative to the page) and returns its text, or a message saying what failed.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    fetch_file(url).await.map_err(|e| e.to_string())
}

/// Fetches `url` (relative to the page) and returns its text, or why it did not arrive (the
/// engine words that for the student: `state::trouble`).
pub async fn fetch_file(url: &str) -> Result<String, FetchFailure> {
    let network = |e: &wasm_bindgen::JsValue| FetchFailure::Network {
        path: url.to_owned(),
        detail: js_message(e),
    };
    let unreadable = |detail: String| FetchFailure::Unreadable {
        path: url.to_owned(),
        detail,
    };
    let window = web_sys::window().ok_or_else(|| unreadable("no browser window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| network(&e))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| unreadable("unexpected response".into()))?;
    if !response.ok() {
        return Err(FetchFailure::from_status(url, response.status()));
    }
    let text = response.text().map_err(|e| unreadable(js_message(&e)))?;
    let text = JsFuture::from(text).await.map_err(|e| network(&e))?;
    text.as_string()
        .ok_or_else(|| unreadable("not text".into()))
}

/// A readable message from a thrown JavaScript value.
pub fn js_message(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
