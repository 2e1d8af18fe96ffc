//! "Embed": the iframe code that puts this lesson, one of its sections, tasks or widgets on
//! another site (a teacher's course page), with chosen parts or controls hidden. The code loads
//! `embed.js` from this copy, which sizes the frame to its content (see docs/embedding.md).

use std::sync::Arc;

use fivesigma_engine::lesson::{Block, Lesson, WidgetSpec};
use fivesigma_engine::view::{EmbeddedWidget, LESSON_PARTS, query};
use leptos::prelude::*;

use crate::routes::{Embed, Route};
use crate::services::embed::page_address;

/// One thing that can be embedded.
#[derive(Clone, PartialEq)]
enum Target {
    Lesson,
    Section(String),
    Task(String),
    Widget(Box<WidgetSpec>),
}

/// The `#/embed/…` fragment for `target`, hiding `hide`.
fn fragment(lesson: &Lesson, target: &Target, hide: &[String]) -> String {
    let id = lesson.manifest.id.clone();
    let with_hide = |href: String| {
        if hide.is_empty() {
            href
        } else {
            format!("{href}?{}", query::build([("hide", hide.join(","))]))
        }
    };
    match target {
        Target::Lesson => with_hide(
            Route::Embed(Embed::Lesson {
                id,
                section: None,
                task: None,
            })
            .href(),
        ),
        Target::Section(section) => with_hide(
            Route::Embed(Embed::Lesson {
                id,
                section: Some(section.clone()),
                task: None,
            })
            .href(),
        ),
        Target::Task(task) => Route::Embed(Embed::Task {
            id,
            task: task.clone(),
        })
        .href(),
        Target::Widget(spec) => {
            let mut spec = (**spec).clone();
            let shown: Vec<String> = spec
                .kind
                .controls()
                .iter()
                .filter(|c| spec.shows(c) && !hide.iter().any(|h| h == *c))
                .map(|c| (*c).to_owned())
                .collect();
            spec.controls = Some(shown);
            let widget = EmbeddedWidget {
                dataset: lesson.manifest.dataset.clone(),
                spec,
            };
            format!("#/embed/{}", widget.path())
        }
    }
}

/// The parts or controls that `target` can hide, with labels, and which are hidden at first.
fn hideable(target: &Target) -> Vec<(String, String, bool)> {
    match target {
        Target::Lesson | Target::Section(_) => LESSON_PARTS
            .iter()
            .map(|(k, label)| ((*k).to_owned(), (*label).to_owned(), false))
            .collect(),
        Target::Task(_) => Vec::new(),
        Target::Widget(spec) => spec
            .kind
            .controls()
            .iter()
            .map(|c| ((*c).to_owned(), (*c).to_owned(), !spec.shows(c)))
            .collect(),
    }
}

/// The HTML a teacher pastes into their page.
fn snippet(src: &str, title: &str, height: u32, script: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" data-fivesigma height=\"{height}\" style=\"width:100%;border:0\" loading=\"lazy\"></iframe>\n<script src=\"{}\" async></script>",
        escape(src),
        escape(title),
        escape(script)
    )
}

/// The target a menu key names in section `section` ("lesson", "section:<id>", "task:<id>",
/// "widget:<n>" counting from 1).
fn resolve(lesson: &Lesson, section: usize, key: &str) -> Target {
    if let Some(id) = key.strip_prefix("section:") {
        return Target::Section(id.to_owned());
    }
    if let Some(id) = key.strip_prefix("task:") {
        return Target::Task(id.to_owned());
    }
    let widget = key
        .strip_prefix("widget:")
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| {
            lesson
                .sections
                .get(section)?
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Widget(w) => Some(w),
                    _ => None,
                })
                .nth(n.checked_sub(1)?)
        });
    match widget {
        Some(spec) => Target::Widget(Box::new((**spec).clone())),
        None => Target::Lesson,
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
        Memo::new(move |_| {
            let mut list = vec![("lesson".to_owned(), "The whole lesson".to_owned())];
            if let Some(section) = lesson.sections.get(current.get()) {
                list.push((
                    format!("section:{}", section.meta.id),
                    format!("This section: {}", section.meta.title),
                ));
                let mut n = 0;
                for block in &section.blocks {
                    match block {
                        Block::Task(t) => {
                            list.push((format!("task:{}", t.id), format!("Task: {}", t.title)));
                        }
                        Block::Widget(w) => {
                            n += 1;
                            let about = w.variable.clone().unwrap_or_default();
                            list.push((
                                format!("widget:{n}"),
                                format!("Widget {n}: {} {about}", w.kind.key())
                                    .trim()
                                    .to_owned(),
                            ));
                        }
                        Block::Prose(_) => {}
                    }
                }
            }
            list
        })
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
        Memo::new(move |_| choice.with(|key| resolve(&lesson, current.get(), key)))
    };
    let hidden = RwSignal::new(Vec::<String>::new());
    // A new target starts with what it hides by itself (a lesson widget's own hidden controls).
    Effect::new(move |_| {
        hidden.set(
            hideable(&target.get())
                .into_iter()
                .filter(|(_, _, h)| *h)
                .map(|(k, _, _)| k)
                .collect(),
        );
    });
    let code_lesson = lesson.clone();
    let code = Memo::new(move |_| {
        let t = target.get();
        let height = match t {
            Target::Lesson | Target::Section(_) => 760_u32,
            Target::Task(_) | Target::Widget(_) => 560,
        };
        let src = format!(
            "{}{}",
            page_address(),
            fragment(&code_lesson, &t, &hidden.get())
        );
        let script = web_sys::Url::new_with_base("embed.js", &page_address())
            .map(|u| u.href())
            .unwrap_or_else(|_| "embed.js".into());
        let title = format!("Five Sigma: {}", code_lesson.manifest.title);
        snippet(&src, &title, height, &script)
    });
    let options = move || {
        targets
            .get()
            .into_iter()
            .map(|(key, label)| view! { <option value=key>{label}</option> })
            .collect_view()
    };
    let boxes = move || {
        let list = hideable(&target.get());
        let empty = list.is_empty();
        let boxes = list
            .into_iter()
            .map(|(key, label, _)| {
                let checked_key = key.clone();
                let testid = format!("embed-hide-{key}");
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=testid
                            prop:checked=move || hidden.with(|h| h.contains(&checked_key))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                hidden.update(|h| {
                                    h.retain(|x| *x != key);
                                    if on {
                                        h.push(key.clone());
                                    }
                                });
                            } />
                        {format!(" {label}")}
                    </label>
                }
            })
            .collect_view();
        (!empty).then(
            || view! { <fieldset class="embed-hide"><legend>"Hide"</legend>{boxes}</fieldset> },
        )
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
                {boxes}
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
