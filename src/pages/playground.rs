//! The playground (`#/playground?…`): two-dimensional points from a seed, a model learning them
//! step by step in a worker, and the decision boundary redrawn after every step. The link holds
//! the data and the model (`view::playground`); what happens between the page and the worker is
//! the engine's `state::playground::Watch`.

use fivesigma_engine::view::playground::PlaygroundSetup;
use leptos::prelude::*;

use fivesigma_engine::lesson::embed::snippet;

use crate::components::playground::{Playground, PlaygroundParts};
use crate::routes::{Embed, Route};
use crate::services::embed::page_address;
use crate::services::location;

/// The page.
#[component]
pub fn PlaygroundPage() -> impl IntoView {
    let (initial, notes) = PlaygroundSetup::from_query(&location::fragment_query());
    let view_state = RwSignal::new(initial);
    // The link follows every change of the points or the model.
    Effect::new(move |_| {
        let query = view_state.with(PlaygroundSetup::to_query);
        location::replace_query(&query);
    });
    let fitting = move || view_state.with(|v| v.toy.kind.is_regression());
    view! {
        <div class="page playground">
            <header class="page-header">
                <h1>"Playground"</h1>
                <p class="lede">{move || if fitting() {
                    "Fit a curve to points: exactly, or step by step down the slope of the loss. Filled dots \
                     are fitted, rings judge the fit. Pick two classes of points to train a classifier instead."
                } else {
                    "Pick points and a model, press Train, and watch the model learn: the colour is its \
                     probability for orange, the dark line where it decides. Filled dots train it, rings \
                     judge it while you tune, crosses are the test points you look at once, at the end."
                }}</p>
            </header>
            {(!notes.is_empty()).then(|| view! {
                <p class="notice" role="status" data-testid="playground-notes">{notes.join(" ")}</p>
            })}
            <Playground setup=view_state parts=PlaygroundParts::ALL />
            <EmbedPlayground view_state />
        </div>
    }
}

/// "Embed…": the iframe code that shows this playground, as set up now, on a teacher's page.
#[component]
fn EmbedPlayground(view_state: RwSignal<PlaygroundSetup>) -> impl IntoView {
    let open = RwSignal::new(false);
    let code = Memo::new(move |_| {
        let query = view_state.with(PlaygroundSetup::to_query);
        let route = Route::Embed(Embed::Playground).href();
        let src = if query.is_empty() {
            format!("{}{route}", page_address())
        } else {
            format!("{}{route}?{query}", page_address())
        };
        let script = web_sys::Url::new_with_base("embed.js", &page_address())
            .map(|u| u.href())
            .unwrap_or_else(|_| "embed.js".into());
        snippet(&src, "Five Sigma playground", 900, &script)
    });
    view! {
        <section class="panel embed-playground">
            <button class="button secondary small" data-testid="pg-embed" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Embed…"</button>
            <div hidden=move || !open.get()>
                <p class="hint">"Put this playground, with these points and this model, on your own course page: copy the code into the page's HTML."</p>
                <textarea class="embed-code" data-testid="pg-embed-code" readonly rows="4" prop:value=move || code.get()></textarea>
            </div>
        </section>
    }
}
