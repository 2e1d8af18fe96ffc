//! Something that could not be opened (a lesson, a dataset): what happened, what to do, the way
//! back, and the technical detail folded away for the teacher. The words are the engine's
//! (`state::trouble`).

use fivesigma_engine::state::trouble::Trouble;
use leptos::prelude::*;

/// The box shown instead of what could not be opened.
#[component]
pub fn TroubleBox(
    /// What to say.
    trouble: Trouble,
    /// Where the way back leads.
    back_href: String,
    /// The way back's label.
    back_label: &'static str,
    /// A "Try again" button's action, where trying again may help.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let retry = retry.map(|again| {
        view! {
            <button class="button" data-testid="trouble-retry" on:click=move |_| again.run(())>"Try again"</button>
            " "
        }
    });
    view! {
        <section class="trouble error-box" role="alert" data-testid="trouble">
            <h2>{trouble.title}</h2>
            <p>{trouble.what}</p>
            <p>{trouble.todo}</p>
            <p>{retry}<a class="button secondary" href=back_href data-testid="trouble-back">{back_label}</a></p>
            <details>
                <summary>"Details for whoever runs this site"</summary>
                <code>{trouble.detail}</code>
            </details>
        </section>
    }
}
