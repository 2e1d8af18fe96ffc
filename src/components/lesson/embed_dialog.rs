//! "Embed": the iframe code that puts this lesson, one of its sections, tasks or widgets on
//! another site (a teacher's course page), with chosen parts or controls hidden. The code loads
//! `embed.js` from this copy, which sizes the frame to its content (see docs/embedding.md).

use std::sync::Arc;

use fivesigma_engine::lesson::Lesson;
use fivesigma_engine::lesson::embed::{EmbedTarget, snippet};
use fivesigma_engine::view::query;
use leptos::prelude::*;

use crate::routes::{Embed, Route};
use crate::services::embed::page_address;

/// The `#/embed/…` fragment for `target` (in section `section`), hiding `hide`.
fn fragment(lesson: &Lesson, section: usize, target: &EmbedTarget, hide: &[String]) -> String {
    let id = lesson.manifest.id.clone();
    let with_hide = |href: String| {
        if hide.is_empty() {
            href
        } else {
            format!("{href}?{}", query::build([("hide", hide.join(","))]))
        }
    };
    let in_lesson = |section: Option<String>| {
        Route::Embed(Embed::Lesson {
            id: id.clone(),
            section,
            task: None,
        })
        .href()
    };
    match target {
        EmbedTarget::Lesson => with_hide(in_lesson(None)),
        EmbedTarget::Section(section) => with_hide(in_lesson(Some(section.clone()))),
        EmbedTarget::Task(task) => Route::Embed(Embed::Task {
            id: id.clone(),
            task: task.clone(),
        })
        .href(),
        EmbedTarget::Widget(spec) => {
            let dataset = lesson.manifest.section_dataset(section);
            let widget = EmbedTarget::widget(spec, dataset, hide);
            format!("#/embed/{}", widget.path())
        }
    }
}

/// A check box per part or control the target can hide.
#[component]
fn HideChoices(target: Memo<EmbedTarget>, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    move || {
        let list = target.with(EmbedTarget::hideable);
        let empty = list.is_empty();
        let boxes = list
            .into_iter()
            .map(|(key, label, _)| {
                let checked_key = key.clone();
                let testid = format!("embed-hide-{key}");
                let on_change = move |ev| {
                    let on = event_target_checked(&ev);
                    hidden.update(|h| {
                        h.retain(|x| *x != key);
                        if on {
                            h.push(key.clone());
                        }
                    });
                };
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=testid
                            prop:checked=move || hidden.with(|h| h.contains(&checked_key)) on:change=on_change />
                        {format!(" {label}")}
                    </label>
                }
            })
            .collect_view();
        (!empty).then(
            || view! { <fieldset class="embed-hide"><legend>"Hide"</legend>{boxes}</fieldset> },
        )
    }
}

/// The "Embed…" button and its panel.
#[component]
pub fn EmbedButton(
    /// The lesson.
    lesson: Arc<Lesson>,
    /// Index of the section shown.
    current: Memo<usize>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // Everything in the section shown: the section itself, its tasks and widgets.
    let targets = {
        let lesson = lesson.clone();
        Memo::new(move |_| EmbedTarget::choices(&lesson, current.get()))
    };
    let choice = RwSignal::new("lesson".to_owned());
    // Another section has other tasks and widgets: start again from the whole lesson.
    Effect::new(move |previous: Option<usize>| {
        let now = current.get();
        if previous.is_some_and(|p| p != now) {
            choice.set("lesson".to_owned());
        }
        now
    });
    let target = {
        let lesson = lesson.clone();
        Memo::new(move |_| choice.with(|key| EmbedTarget::resolve(&lesson, current.get(), key)))
    };
    let hidden = RwSignal::new(Vec::<String>::new());
    // A new target starts with what it hides by itself (a lesson widget's own hidden controls).
    Effect::new(move |_| {
        let at_first = target
            .with(EmbedTarget::hideable)
            .into_iter()
            .filter(|(_, _, h)| *h);
        hidden.set(at_first.map(|(k, _, _)| k).collect());
    });
    let code = Memo::new(move |_| {
        let t = target.get();
        let src = format!(
            "{}{}",
            page_address(),
            fragment(&lesson, current.get(), &t, &hidden.get())
        );
        let script = web_sys::Url::new_with_base("embed.js", &page_address())
            .map(|u| u.href())
            .unwrap_or_else(|_| "embed.js".into());
        snippet(
            &src,
            &format!("Five Sigma: {}", lesson.manifest.title),
            t.height_px(),
            &script,
        )
    });
    let options = move || {
        targets
            .get()
            .into_iter()
            .map(|(key, label)| view! { <option value=key>{label}</option> })
            .collect_view()
    };
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let text = code.get_untracked();
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    view! {
        <button class="button secondary small" data-testid="embed-button" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>"Embed…"</button>
        <section class="embed-panel" data-testid="embed-panel" aria-label="Embed this lesson" hidden=move || !open.get()>
                <p class="hint">"Put this lesson, or a part of it, on your own course page: copy the code below into the page's HTML. The frame grows with its content."</p>
                <label>"What to embed "
                    <select data-testid="embed-target" prop:value=move || choice.get()
                        on:change=move |ev| { choice.set(event_target_value(&ev)); copied.set(false); }>
                        {options}
                    </select>
                </label>
                <HideChoices target hidden />
                <textarea class="embed-code" data-testid="embed-code" readonly rows="5" prop:value=move || code.get()
                    on:focus=|ev| {
                        let area: web_sys::HtmlTextAreaElement = event_target(&ev);
                        area.select();
                    }></textarea>
                <button class="button small" data-testid="embed-copy" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy code" }}
                </button>
        </section>
    }
}
