//! The status-area line saying whether this copy of Five Sigma works offline yet.

use leptos::prelude::*;
use leptos::task::spawn_local;

use fivesigma_engine::state::offline::{OfflineHolding, explanation, keep_all_label, status_label};

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
                Offline::Ready => view! { <OfflineHeld /> }.into_any(),
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

/// What the offline copy holds, with the switch to keep every lesson and dataset.
#[component]
fn OfflineHeld() -> impl IntoView {
    // What is held and whether "keep everything" is on, or why that could not be read.
    let held = RwSignal::new(None::<Result<(OfflineHolding, bool), String>>);
    // `try_set`: the worker's answer (and a slow read) may arrive after this line was replaced
    // (a new version switched to), when its signals are gone.
    let refresh = move || {
        spawn_local(async move {
            held.try_set(Some(offline::holding().await));
        })
    };
    let working = RwSignal::new(false);
    offline::on_kept(move |error| {
        working.try_set(false);
        match error {
            Some(e) => {
                held.try_set(Some(Err(format!("could not keep every file: {e}"))));
            }
            None => refresh(),
        }
    });
    refresh();
    let known = move || held.get().and_then(Result::ok);
    let keep_all = move || known().is_some_and(|(_, on)| on);
    let kept = move || match known() {
        Some((h, true)) if h.all_data_held() => "all",
        Some((_, true)) => "filling",
        Some((_, false)) => "opened",
        None => "unknown",
    };
    let summary = move || match known() {
        Some((h, on)) => status_label(&h, on),
        None => "✓ Ready for offline use".to_owned(),
    };
    let details = move || match held.get() {
        Some(Ok((h, _))) => explanation(&h),
        Some(Err(why)) => why,
        None => String::new(),
    };
    let switch_label = move || known().map(|(h, _)| keep_all_label(&h)).unwrap_or_default();
    let switch = move |on: bool| {
        working.set(true);
        offline::set_keep_all(on);
    };
    view! {
        <details class="offline-details" data-testid="offline-details" data-kept=kept
            on:toggle=move |_| refresh()>
            <summary>{summary}</summary>
            <div class="offline-panel">
                <p>{details}</p>
                <label>
                    <input type="checkbox" data-testid="keep-all" prop:checked=keep_all
                        prop:disabled=move || working.get() || known().is_none()
                        on:change=move |e| switch(event_target_checked(&e)) />
                    " " {switch_label}
                </label>
            </div>
        </details>
    }
}
