//! Saving something the page made (a plot as PNG or SVG, later predictions as CSV) as a file,
//! through a temporary link with a `download` attribute. Nothing leaves the computer.

use wasm_bindgen::JsCast;

use super::fetch::js_message;

/// Offers `href` (a data: or blob: URL) for download as `file_name`.
pub fn save_url(href: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_message(&e))?
        .dyn_into()
        .map_err(|_| "could not create a link")?;
    link.set_href(href);
    link.set_download(file_name);
    link.click();
    Ok(())
}

/// Offers `text` for download as `file_name` with MIME type `mime`.
pub fn save_text(text: &str, file_name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_message(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_message(&e))?;
    let result = save_url(&url, file_name);
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}
