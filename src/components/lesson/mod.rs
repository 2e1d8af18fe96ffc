//! The lesson player's parts: the table of contents with each task's status, a section's prose,
//! widgets and task cards, and the choice of data (our simulation or the official files).

mod challenge_loader;
mod data_source;
mod embed_dialog;
mod task_card;
mod toy_widget;
mod widget;

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{Block, Lesson, LessonProgress, TaskStatus, widget_key};
use fivesigma_python::DataSource as CodeSource;
use leptos::prelude::*;

pub use data_source::{DataChoice, DataSource};
pub use embed_dialog::EmbedButton;
pub use task_card::TaskCard;
pub use widget::{LessonWidget, WidgetMemory};

use crate::components::training::TrainedModel;
use crate::routes::{Embed, Route};
use crate::services::screen;

/// Context set by embedded pages: links between sections stay inside the embed.
#[derive(Debug, Clone, Copy)]
pub struct Embedded;

fn section_href(lesson: &str, section: &str, task: Option<&str>) -> String {
    let (id, section, task) = (
        lesson.to_owned(),
        Some(section.to_owned()),
        task.map(str::to_owned),
    );
    if use_context::<Embedded>().is_some() {
        Route::Embed(Embed::Lesson { id, section, task }).href()
    } else {
        Route::Lesson { id, section, task }.href()
    }
}

/// The table of contents: every section with its tasks and their status.
#[component]
pub fn LessonToc(
    /// The lesson.
    lesson: Arc<Lesson>,
    /// The section shown.
    current: Signal<String>,
    /// Progress, for the task marks.
    progress: RwSignal<LessonProgress>,
) -> impl IntoView {
    let id = lesson.manifest.id.clone();
    // Beside the text on a wide screen (always open); a drawer above it on a narrow one, closed
    // until asked for and closed again once a place is picked, so it never covers the lesson.
    let wide = screen::at_least(screen::LESSON_SIDEBAR_MIN_PX);
    let open = RwSignal::new(wide);
    let picked = move |_| {
        if !screen::at_least(screen::LESSON_SIDEBAR_MIN_PX) {
            open.set(false);
        }
    };
    let total = lesson.tasks().count();
    let done = move || {
        format!(
            "Contents · {} of {total} tasks correct",
            progress.with(LessonProgress::correct)
        )
    };
    view! {
        <nav class="lesson-toc" aria-label="Lesson contents" data-testid="toc">
          <details class="toc-drawer" prop:open=move || open.get()
              on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary data-testid="toc-toggle">{done}</summary>
            <ol on:click=picked>
                {lesson.sections.iter().map(|section| {
                    let sid = section.meta.id.clone();
                    let sid_current = sid.clone();
                    let is_current = Memo::new(move |_| current.get() == sid_current);
                    let tasks: Vec<(String, String)> = section.blocks.iter().filter_map(|b| match b {
                        Block::Task(t) => Some((t.id.clone(), t.title.clone())),
                        _ => None,
                    }).collect();
                    let task_links = (!tasks.is_empty()).then(|| view! {
                        <ul class="toc-tasks">
                            {tasks.into_iter().map(|(tid, title)| {
                                let mark_id = tid.clone();
                                let status = Memo::new(move |_| progress.with(|p| p.task(&mark_id).status));
                                let mark = move || match status.get() {
                                    TaskStatus::Correct => ("✓", "correct"),
                                    TaskStatus::Wrong => ("✗", "wrong"),
                                    TaskStatus::Open => ("○", "open"),
                                };
                                view! {
                                    <li data-testid=format!("toc-{tid}") data-status=move || mark().1>
                                        <span class="toc-mark" aria-hidden="true">{move || mark().0}</span>
                                        <a href=section_href(&id, &sid, Some(&tid))>{title}</a>
                                        <span class="visually-hidden">{move || format!(" ({})", mark().1)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    });
                    view! {
                        <li class:current=move || is_current.get()>
                            <a href=section_href(&id, &section.meta.id, None) aria-current=move || is_current.get().then_some("page")>
                                {section.meta.title.clone()}
                            </a>
                            {task_links}
                        </li>
                    }
                }).collect_view()}
            </ol>
          </details>
        </nav>
    }
}

/// One section: prose, widgets and task cards in the lesson's order.
#[component]
pub fn SectionView(
    /// The lesson.
    lesson: Arc<Lesson>,
    /// Index of the section.
    index: usize,
    /// The data in use.
    dataset: Arc<Dataset>,
    /// Models trained in this lesson.
    models: RwSignal<Vec<Arc<TrainedModel>>>,
    /// Progress.
    progress: RwSignal<LessonProgress>,
    /// Only this task, with the prose and widgets between the previous task and it (an embed).
    #[prop(default = None)]
    only_task: Option<String>,
    /// Show the previous/next links.
    #[prop(default = true)]
    nav: bool,
    /// Where the widgets' Python code reads the data's files.
    #[prop(default = None)]
    source: Option<Arc<CodeSource>>,
) -> impl IntoView {
    let Some(section) = lesson.sections.get(index) else {
        return ().into_any();
    };
    let blocks: &[Block] = match &only_task {
        Some(task) => {
            let is_task = |b: &Block, id: Option<&str>| matches!(b, Block::Task(t) if id.is_none_or(|id| t.id == id));
            match section.blocks.iter().position(|b| is_task(b, Some(task))) {
                Some(end) => {
                    let start = section.blocks[..end]
                        .iter()
                        .rposition(|b| is_task(b, None))
                        .map_or(0, |p| p + 1);
                    &section.blocks[start..=end]
                }
                None => {
                    return view! { <p class="error-box" role="alert">{format!("This lesson has no task {task}.")}</p> }.into_any();
                }
            }
        }
        None => &section.blocks,
    };
    let title = only_task
        .is_none()
        .then(|| view! { <h2 class="section-title">{section.meta.title.clone()}</h2> });
    let id = lesson.manifest.id.clone();
    let sid = section.meta.id.clone();
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| lesson.sections.get(i))
            .map(|s| (section_href(&id, &s.meta.id, None), s.meta.title.clone()))
    };
    let previous = neighbour(index.checked_sub(1));
    let next = neighbour(Some(index + 1));
    // Widgets mount one per task after the prose, so opening a section with four plots never
    // blocks the page for long; a placeholder keeps each one's place.
    let widgets = blocks
        .iter()
        .filter(|b| matches!(b, Block::Widget(_)))
        .count();
    let mounted = RwSignal::new(0_usize);
    leptos::task::spawn_local(async move {
        for k in 1..=widgets {
            crate::services::files::next_frame().await;
            if mounted.try_update(|m| *m = k).is_none() {
                break;
            }
        }
    });
    let mut widget_index = 0_usize;
    view! {
        <article class="lesson-section" data-testid="lesson-section" data-section=sid.clone()>
            {title}
            {blocks.iter().map(|block| match block {
                Block::Prose(html) => view! { <div class="prose" inner_html=html.clone()></div> }.into_any(),
                Block::Widget(spec) => {
                    widget_index += 1;
                    let k = widget_index;
                    // Its place among all the section's widgets (an embedded task shows only some).
                    let n = section.blocks.iter().filter(|b| matches!(b, Block::Widget(_)))
                        .position(|b| std::ptr::eq(b, block)).map_or(k, |p| p + 1);
                    let memory = WidgetMemory { progress, key: widget_key(&sid, n) };
                    let spec = (**spec).clone();
                    let (dataset, source) = (dataset.clone(), source.clone());
                    let ready = move || mounted.get() >= k;
                    view! {
                        <Show when=ready
                            fallback=|| view! { <div class="widget-pending" data-pending-widget="" aria-busy="true"></div> }>
                            <LessonWidget spec=spec.clone() dataset=dataset.clone() models memory=Some(memory.clone()) source=source.clone() />
                        </Show>
                    }.into_any()
                }
                Block::Task(task) => {
                    let widget = section.widget_above(&task.id)
                        .map(|(n, w)| (widget_key(&sid, n), w.clone()));
                    view! {
                        <TaskCard task=Arc::new((**task).clone()) dataset=dataset.clone() models progress
                            href=section_href(&id, &sid, Some(&task.id)) widget />
                    }.into_any()
                }
            }).collect_view()}
            {(nav && only_task.is_none()).then(|| view! {
                <nav class="section-nav" aria-label="Sections">
                    {previous.map(|(href, title)| view! { <a class="button secondary" href=href data-testid="previous-section">{format!("← {title}")}</a> })}
                    <span></span>
                    {next.map(|(href, title)| view! { <a class="button" href=href data-testid="next-section">{format!("{title} →")}</a> })}
                </nav>
            })}
        </article>
    }
    .into_any()
}
