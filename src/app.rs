//! The app shell: header with navigation, the current page, and a footer with the compute backend.

use leptos::prelude::*;

use crate::components::{BackendBadge, OfflineBadge};
use crate::pages::{
    BoardPage, EmbedPage, HomePage, LabPage, LessonPage, LessonPlace, NotFoundPage, PlaygroundPage,
};
use crate::routes::{Embed, Route};
use crate::services::compute::GpuProbe;
use crate::services::location;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    // Asked once for the whole page: the badge and every train panel read the answer.
    GpuProbe::provide();
    crate::services::pool::WorkerChoice::provide();
    let route = RwSignal::new(Route::from_hash(&location::hash()));
    // Pages that read their whole state from the link once (the Lab, an embedded widget) are
    // rebuilt when a link to the same page with another view is followed: the app itself changes
    // the fragment only with replaceState, so every `hashchange` is a navigation.
    let reread = RwSignal::new(0_u32);
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = Route::from_hash(&location::hash());
        // A bare `#/lab` (the menu) keeps the view on screen; a link with a view replaces it.
        let carries_view = !location::fragment_query().is_empty();
        if next == route.get_untracked() && next.reads_link_once() && carries_view {
            reread.update(|n| *n += 1);
        }
        route.set(next);
        location::scroll_to_top();
    });
    // The page to mount: moving between a lesson's sections keeps the lesson (its data, models
    // and widgets) mounted; only the place changes.
    let page = Memo::new(move |_| match route.get() {
        Route::Lesson { id, .. } => Route::Lesson {
            id,
            section: None,
            task: None,
        },
        Route::Embed(Embed::Lesson { id, .. }) => Route::Embed(Embed::Lesson {
            id,
            section: None,
            task: None,
        }),
        other => other,
    });
    let place: Signal<LessonPlace> = Signal::derive(move || match route.get() {
        Route::Lesson { section, task, .. } | Route::Embed(Embed::Lesson { section, task, .. }) => {
            LessonPlace { section, task }
        }
        Route::Embed(Embed::Task { task, .. }) => LessonPlace {
            section: None,
            task: Some(task),
        },
        _ => LessonPlace::default(),
    });
    // The compact layout of embedded pages hangs off a class on <html>.
    Effect::new(move |_| location::set_root_class("embed", page.with(Route::is_embed)));

    let nav_class = move |target: Route| {
        move || {
            if route.get() == target {
                "nav-link active"
            } else {
                "nav-link"
            }
        }
    };

    let site = move || {
        view! {
        <a class="skip-link" href="#main" on:click=move |ev| {
            // The fragment holds the page, so focus the content instead of following the link.
            ev.prevent_default();
            location::focus_main();
        }>"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href=Route::Home.href()>
                <span class="brand-mark" aria-hidden="true">"5σ"</span>
                <span class="brand-name">"Five Sigma"</span>
            </a>
            <nav aria-label="Main">
                <a class=nav_class(Route::Home) href=Route::Home.href()>"Home"</a>
                <a class=nav_class(Route::Lab) href=Route::Lab.href()>"Lab"</a>
                <a class=nav_class(Route::Playground) href=Route::Playground.href() data-testid="nav-playground">"Playground"</a>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {move || { reread.track(); match page.get() {
                Route::Home => view! { <HomePage /> }.into_any(),
                Route::Lab => view! { <LabPage /> }.into_any(),
                Route::Playground => view! { <PlaygroundPage /> }.into_any(),
                Route::Board => view! { <BoardPage /> }.into_any(),
                Route::Lesson { id, .. } => view! { <LessonPage id place /> }.into_any(),
                Route::NotFound(path) => view! { <NotFoundPage path /> }.into_any(),
                Route::Embed(_) => ().into_any(),
            }}}
        </main>
        <footer class="site-footer">
            <span>"Five Sigma — machine learning for particle physics, in your browser. No account, no install."</span>
            <OfflineBadge />
            <BackendBadge />
        </footer>
        }
    };
    // Only a switch between the site and an embed rebuilds the shell (and its footer badges).
    let embedded = Memo::new(move |_| page.with(Route::is_embed));
    let embed = move || {
        move || {
            reread.track();
            match page.get() {
                Route::Embed(target) => view! { <EmbedPage target place /> }.into_any(),
                _ => ().into_any(),
            }
        }
    };
    view! {
        {move || if embedded.get() { embed().into_any() } else { site().into_any() }}
    }
}
