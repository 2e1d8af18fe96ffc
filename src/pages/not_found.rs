//! The page for a link that leads nowhere.

use leptos::prelude::*;

use crate::routes::Route;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFoundPage(
    /// The fragment path that was asked for.
    path: String,
) -> impl IntoView {
    view! {
        <section class="page narrow not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{path}</code> ". The link may be old or mistyped."</p>
            <p>
                <a class="button" href=Route::Home.href()>"Go to the home page"</a>
                " "
                <a class="button secondary" href=Route::Lab.href()>"Open the Lab"</a>
            </p>
        </section>
    }
}
