//! Five Sigma's web app entry point: installs the panic hook, mounts the app and removes the
//! loading message. Nothing else.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(fivesigma::App);
    remove_boot_message();
}

/// The "Loading Five Sigma…" line in index.html is for the seconds before the wasm runs.
fn remove_boot_message() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
