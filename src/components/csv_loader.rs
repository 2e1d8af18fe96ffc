//! File picker and drop zone for CSV files.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A drop zone with a "Choose a CSV file" button; calls `on_file` with the chosen file.
#[component]
pub fn CsvLoader<F>(on_file: F) -> impl IntoView
where
    F: Fn(web_sys::File) + Clone + 'static,
{
    let dragging = RwSignal::new(false);
    let on_pick = {
        let on_file = on_file.clone();
        move |ev: web_sys::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_file(file);
            }
            // Clear the input so that choosing the same file again (after editing it) reloads it.
            input.set_value("");
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            on_file(file);
        }
    };
    let on_dragover = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let on_dragleave = move |ev: web_sys::DragEvent| {
        // Leaving a child element also fires dragleave; only reset when leaving the zone itself.
        let left_zone = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                ev.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_none_or(|(to, zone)| !zone.contains(Some(&to)));
        if left_zone {
            dragging.set(false);
        }
    };
    view! {
        <div
            class="drop-zone"
            class:dragging=move || dragging.get()
            on:drop=on_drop
            on:dragover=on_dragover
            on:dragleave=on_dragleave
            data-testid="drop-zone"
        >
            <p class="drop-title">"Drop a CSV file here"</p>
            <p class="drop-or">"or"</p>
            <label class="button file-button">
                "Choose a CSV file…"
                <input
                    type="file"
                    class="visually-hidden"
                    accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                    on:change=on_pick
                    data-testid="file-input"
                />
            </label>
            <p class="hint">"Comma, semicolon or tab separated; a header row first. Cells that are empty or −999 count as missing."</p>
        </div>
    }
}
