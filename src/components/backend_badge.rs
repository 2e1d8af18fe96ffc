//! The status-area badge saying which compute backend this browser offers.

use leptos::prelude::*;

use crate::services::compute;

/// Shows "Compute: WebGPU (adapter)" or "Compute: CPU" once the probe has answered.
#[component]
pub fn BackendBadge() -> impl IntoView {
    let backend = LocalResource::new(compute::probe);
    let label = move || match backend.get() {
        Some(b) => b.label(),
        None => "checking…".to_owned(),
    };
    let title = move || match backend.get() {
        Some(compute::Backend::Cpu) => {
            "No WebGPU adapter here: models train on the CPU in WebAssembly.".to_owned()
        }
        Some(compute::Backend::WebGpu { .. }) => {
            "A WebGPU adapter is available for training neural networks.".to_owned()
        }
        None => String::new(),
    };
    view! {
        <span class="backend-badge" title=title>
            "Compute: " <span data-testid="backend">{label}</span>
        </span>
    }
}
