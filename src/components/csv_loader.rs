//! File picker and drop zone for CSV files.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every file in a `FileList`, in order.
fn all_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|files| (0..files.length()).filter_map(|i| files.get(i)).collect())
        .unwrap_or_default()
}

/// A drop zone with a "Choose CSV files" button; calls `on_files` with the chosen files (one or
/// several: one file per process is how the ATLAS samples come).
#[component]
pub fn CsvLoader<F>(
    on_files: F,
    /// The line under the button (the Lab's, about separators and missing values, by default).
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView
where
    F: Fn(Vec<web_sys::File>) + Clone + 'static,
{
    let dragging = RwSignal::new(false);
    let on_pick = {
        let on_files = on_files.clone();
        move |ev: web_sys::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let files = all_files(input.files());
            if !files.is_empty() {
                on_files(files);
            }
            // Clear the input so that choosing the same file again (after editing it) reloads it.
            input.set_value("");
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = all_files(ev.data_transfer().and_then(|dt| dt.files()));
        if !files.is_empty() {
            on_files(files);
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
            <p class="drop-title">"Drop CSV files here"</p>
            <p class="drop-or">"or"</p>
            <label class="button file-button">
                "Choose CSV files…"
                <input
                    type="file"
                    multiple
                    class="visually-hidden"
                    accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                    on:change=on_pick
                    data-testid="file-input"
                />
            </label>
            <p class="hint">{hint.unwrap_or("One file, or one file per process. Comma, semicolon or tab separated; a header row first. Cells that are empty or −999 count as missing.")}</p>
        </div>
    }
}
