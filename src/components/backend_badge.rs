//! The status-area badge saying which compute backend this browser offers.

use leptos::prelude::*;

use crate::services::compute;

/// Shows "Compute: WebGPU (adapter)" or "Compute: CPU" once the probe has answered.
#[component]
pub fn BackendBadge() -> impl IntoView {
    let offer = compute::offer();
    let label = move || {
        offer.with(|o| {
            o.as_ref()
                .map_or_else(|| "checking…".to_owned(), |o| o.badge())
        })
    };
    let title = move || offer.with(|o| o.as_ref().map_or("", |o| o.badge_title()));
    view! {
        <span class="backend-badge" title=title>
            "Compute: " <span data-testid="backend">{label}</span>
        </span>
    }
}
