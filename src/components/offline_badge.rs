//! The status-area line saying whether this copy of Five Sigma works offline yet.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::services::offline::{self, Offline};

/// "Saving for offline use…", "Ready for offline use", or a button to switch to a new version.
#[component]
pub fn OfflineBadge() -> impl IntoView {
    let state = RwSignal::new(Offline::Saving);
    spawn_local(offline::start(move |s| state.set(s)));
    let key = move || match state.get() {
        Offline::Saving => "saving",
        Offline::Ready => "ready",
        Offline::UpdateReady => "update",
        Offline::SingleFile => "single-file",
        Offline::Unavailable(_) => "unavailable",
    };
    view! {
        <span class="offline-badge" data-testid="offline" data-state=key role="status">
            {move || match state.get() {
                Offline::Saving => view! { <span>"Saving for offline use…"</span> }.into_any(),
                Offline::Ready => view! {
                    <span title="Every page, lesson and dataset is saved in this browser: it works without a network from now on.">
                        "✓ Ready for offline use"
                    </span>
                }.into_any(),
                Offline::UpdateReady => view! {
                    <span>"A new version is saved. "
                        <button class="link-button" data-testid="apply-update" on:click=|_| offline::apply_update()>"Switch to it"</button>
                    </span>
                }.into_any(),
                Offline::SingleFile => view! {
                    <span title="This copy is a single file with every lesson and dataset inside.">"✓ Single-file copy: works offline"</span>
                }.into_any(),
                Offline::Unavailable(why) => view! {
                    <span title=why>"Online only"</span>
                }.into_any(),
            }}
        </span>
    }
}
