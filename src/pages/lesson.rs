//! The lesson player: loads a lesson and its data, shows the table of contents and one section at
//! a time (`#/lesson/<id>/<section>/<task>` links to any section or task), and keeps the
//! student's progress in the browser — restored on reload, reset on request, exported to and
//! imported from a file.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{
    CheckContext, Lesson, LessonProgress, NO_DATASET, unreadable_note, validate,
};
use fivesigma_engine::ml::ModelRecord;
use fivesigma_python::{DataSource as CodeSource, LessonCode, LessonData, notebook_json};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::TroubleBox;
use crate::components::lesson::{DataChoice, DataSource, EmbedButton, LessonToc, SectionView};
use crate::components::training::restore::{RestoreNotice, RestoringModels, restore_models};
use crate::components::training::{ModelRecorder, TrainedModel};
use crate::routes::Route;
use crate::services::run::Run;
use crate::services::{datasets, download, files, lessons, location};
use fivesigma_engine::state::training::Restoring;
use fivesigma_engine::state::trouble::{Openable, Trouble, trouble};

/// Where in the lesson the URL points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LessonPlace {
    /// Section id.
    pub section: Option<String>,
    /// Task id.
    pub task: Option<String>,
}

/// How an embedding shows a lesson (`#/embed/lesson/…`, `#/embed/task/…`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LessonEmbed {
    /// Parts hidden (`toc`, `tools`, `data`, `nav`: see `lesson::LESSON_PARTS`).
    pub hide: Vec<String>,
    /// Only this task, with the prose and widgets between the previous task and it.
    pub only_task: Option<String>,
}

impl LessonEmbed {
    /// Whether the part is shown. A single task shows none of the lesson's furniture.
    fn shows(&self, part: &str) -> bool {
        self.only_task.is_none() && !self.hide.iter().any(|h| h == part)
    }
}

/// The lesson `id`, at `place`.
#[component]
pub fn LessonPage(
    /// The lesson's folder name.
    id: String,
    /// Section and task from the URL.
    place: Signal<LessonPlace>,
    /// Set when the lesson is embedded in another site's page.
    #[prop(optional)]
    embed: Option<LessonEmbed>,
) -> impl IntoView {
    let lesson_id = id.clone();
    let lesson = LocalResource::new(move || {
        let id = lesson_id.clone();
        async move { lessons::fetch_lesson(&id).await.map(Arc::new) }
    });
    view! {
        <Suspense fallback=|| view! { <p class="notice" role="status">"Loading the lesson…"</p> }>
            {move || lesson.get().map(|result| match result {
                Ok(lesson) => view! { <LessonPlayer lesson place embed=embed.clone() /> }.into_any(),
                Err(why) => view! {
                    <section class="page narrow">
                        <TroubleBox trouble=trouble(Openable::Lesson, &id, &why)
                            back_href=Route::Home.href() back_label=Openable::Lesson.way_back() />
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// Another dataset a section uses, and where its Python code reads the files.
type OtherData = (Arc<Dataset>, Arc<CodeSource>);

/// The models trained in a lesson, one list per dataset its sections use.
type ModelLists = BTreeMap<String, RwSignal<Vec<Arc<TrainedModel>>>>;

/// Everything a lesson page keeps while it is open: the student's progress, the models trained
/// in it, the data in use, and a counter that rebuilds the section (fresh widgets) after a reset
/// or a change of data.
#[derive(Clone, Copy)]
struct Session {
    progress: RwSignal<LessonProgress>,
    /// Per dataset the lesson uses.
    models: StoredValue<ModelLists>,
    /// The lesson's own dataset: our simulation or the official files.
    choice: RwSignal<Option<DataChoice>>,
    /// Other datasets some sections use (always our simulation), once loaded.
    others: RwSignal<BTreeMap<String, OtherData>>,
    /// Those being fetched now.
    loading: StoredValue<BTreeSet<String>>,
    /// The lesson's own dataset's id.
    main: StoredValue<String>,
    generation: RwSignal<u32>,
    /// The generation whose remembered models were handed to the restoring.
    restored_in: StoredValue<Option<u32>>,
    restoring: RwSignal<Option<Restoring>>,
    load_error: RwSignal<Option<Trouble>>,
    storage_note: RwSignal<Option<String>>,
    /// Why the progress saved in the browser could not be read (the copy is kept aside).
    unreadable: StoredValue<Option<String>>,
}

impl Session {
    /// The session of `lesson`: progress from the browser, saved on every change; the contexts
    /// its widgets read (the model recorder, whether models are being trained again).
    fn open(lesson: &Lesson) -> Self {
        let main = lesson.manifest.dataset.clone();
        let (saved, unreadable) = lessons::load_progress(lesson);
        let session = Self {
            progress: RwSignal::new(saved),
            unreadable: StoredValue::new(unreadable.as_deref().map(unreadable_note)),
            models: StoredValue::new(
                lesson
                    .manifest
                    .datasets()
                    .into_iter()
                    .map(|id| (id.to_owned(), RwSignal::new(Vec::new())))
                    .collect(),
            ),
            choice: RwSignal::new(None),
            others: RwSignal::new(BTreeMap::new()),
            loading: StoredValue::new(BTreeSet::new()),
            main: StoredValue::new(main),
            generation: RwSignal::new(0),
            restored_in: StoredValue::new(None),
            restoring: RwSignal::new(None),
            load_error: RwSignal::new(None),
            storage_note: RwSignal::new(None),
        };
        let Self {
            progress,
            choice,
            storage_note,
            restoring,
            ..
        } = session;
        Effect::new(move |first: Option<()>| {
            let p = progress.get();
            if first.is_some() {
                match lessons::save_progress(&p) {
                    // Another tab's work came in: show it (saved as it is now, so this settles).
                    Ok(Some(saved)) => progress.set(saved),
                    Ok(None) => storage_note.set(None),
                    Err(why) => storage_note.set(Some(format!("Your progress cannot be saved ({why}): it lasts until you close this tab. Use “Export progress” to keep it."))),
                }
            }
        });
        // Another tab on the same lesson saved: take its work in (and save both).
        let watched = lessons::progress_key(&lesson.manifest.id);
        let handle =
            window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
                if ev.key().as_deref() != Some(watched.as_str()) {
                    return;
                }
                let Some(text) = ev.new_value() else {
                    return;
                };
                if let Some(next) = progress.with_untracked(|p| lessons::from_other_tab(p, &text)) {
                    progress.set(next);
                }
            });
        on_cleanup(move || handle.remove());
        // Every model trained on our simulation is remembered with the progress (the official
        // files are not kept over a reload, so models trained on them are not either).
        let on_official = move |record: &ModelRecord| {
            record.dataset_or(&session.main.get_value()) == session.main.get_value()
                && choice.with_untracked(|c| c.as_ref().is_none_or(|c| c.official))
        };
        provide_context(ModelRecorder {
            trained: Callback::new(move |record: ModelRecord| {
                if !on_official(&record) {
                    progress.update(|p| p.record_model(record));
                }
            }),
            test_revealed: Callback::new(move |record: ModelRecord| {
                if !on_official(&record) {
                    progress.update(|p| p.model_test_revealed(&record));
                }
            }),
        });
        provide_context(RestoringModels(Signal::derive(move || {
            matches!(restoring.get(), Some(Restoring::Training { .. }))
        })));
        session.forget_models_on_new_data();
        session.restore_models_on_fresh_widgets();
        session
    }

    /// The models trained on dataset `id` (the lesson's own list for an id it does not use).
    fn models_of(self, id: &str) -> RwSignal<Vec<Arc<TrainedModel>>> {
        let main = self.main.get_value();
        self.models.with_value(|m| {
            m.get(id)
                .or_else(|| m.get(&main))
                .copied()
                .unwrap_or_else(|| RwSignal::new(Vec::new()))
        })
    }

    /// Dataset `id` if it is loaded (tracked: a section waits for it).
    fn dataset(self, id: &str) -> Option<Arc<Dataset>> {
        if id == self.main.get_value() {
            self.choice.with(|c| c.as_ref().map(|c| c.dataset.clone()))
        } else {
            self.others.with(|o| o.get(id).map(|(d, _)| d.clone()))
        }
    }

    /// Where the Python code reads dataset `id`'s files from (untracked: it comes with the data).
    fn source(self, id: &str) -> Option<Arc<CodeSource>> {
        if id == self.main.get_value() {
            self.choice
                .with_untracked(|c| c.as_ref().and_then(|c| c.source.clone()))
        } else {
            self.others
                .with_untracked(|o| o.get(id).map(|(_, s)| s.clone()))
        }
    }

    /// The lesson's steps as a Jupyter notebook: every widget as the student left it, the models
    /// trained and the answers given, on the data loaded.
    fn notebook(self, lesson: &Lesson) -> String {
        let main = self.main.get_value();
        let mut loaded: Vec<(String, OtherData, Vec<Arc<TrainedModel>>)> = Vec::new();
        let chosen = self.choice.with_untracked(|c| {
            c.as_ref()
                .and_then(|c| Some((c.dataset.clone(), c.source.clone()?)))
        });
        if let Some(data) = chosen {
            loaded.push((main.clone(), data, self.models_of(&main).get_untracked()));
        }
        for (id, data) in self.others.get_untracked() {
            let models = self.models_of(&id).get_untracked();
            loaded.push((id, data, models));
        }
        let data: Vec<LessonData<'_>> = loaded
            .iter()
            .map(|(id, (dataset, source), models)| LessonData {
                id,
                dataset,
                source,
                models,
            })
            .collect();
        let script = self.progress.with_untracked(|progress| {
            LessonCode {
                lesson,
                progress,
                data: &data,
            }
            .script()
        });
        notebook_json(&lesson.manifest.title, &script)
    }

    /// Everything trained so far is gone (a reset, an import, other data): fresh widgets.
    fn start_over(self) {
        self.models
            .with_value(|m| m.values().for_each(|list| list.set(Vec::new())));
        self.generation.update(|g| *g += 1);
    }

    /// Loads our simulation of the lesson's dataset.
    fn load_ours(self) {
        self.load_error.set(None);
        let dataset_id = self.main.get_value();
        // A lesson whose widgets make their own points: nothing to fetch.
        if dataset_id == NO_DATASET {
            self.choice.set(Some(DataChoice {
                dataset: Arc::new(Dataset::none()),
                label: String::new(),
                official: false,
                source: None,
            }));
            return;
        }
        spawn_local(async move {
            let loaded = datasets::load_by_id(&dataset_id, |_| {}).await;
            // The student may have left the lesson while it loaded.
            if self.choice.is_disposed() {
                return;
            }
            match loaded {
                Ok((dataset, source)) => {
                    // Where the events come from, as the dataset's catalog words it.
                    let label = dataset.catalog.provenance.clone();
                    self.choice.set(Some(DataChoice {
                        dataset: Arc::new(dataset),
                        label,
                        official: false,
                        source: Some(Arc::new(source)),
                    }));
                    self.start_over();
                }
                Err(e) => self
                    .load_error
                    .set(Some(trouble(Openable::Dataset, &dataset_id, &e))),
            }
        });
    }

    /// Loads our simulation of dataset `id`, which some sections use instead of the lesson's,
    /// unless it is loaded or on its way.
    fn load_other(self, id: String) {
        let known = self.others.with_untracked(|o| o.contains_key(&id))
            || self.loading.with_value(|l| l.contains(&id));
        if known || id == self.main.get_value() {
            return;
        }
        self.loading.update_value(|l| {
            l.insert(id.clone());
        });
        spawn_local(async move {
            let loaded = datasets::load_by_id(&id, |_| {}).await;
            if self.others.is_disposed() {
                return;
            }
            self.loading.update_value(|l| {
                l.remove(&id);
            });
            match loaded {
                Ok((dataset, source)) => self.others.update(|o| {
                    o.insert(id, (Arc::new(dataset), Arc::new(source)));
                }),
                Err(e) => self
                    .load_error
                    .set(Some(trouble(Openable::Dataset, &id, &e))),
            }
        });
    }

    /// New data for the lesson's own dataset: models trained on the old data no longer apply.
    fn forget_models_on_new_data(self) {
        Effect::new(move |previous: Option<bool>| {
            let Some(official) = self.choice.with(|c| c.as_ref().map(|c| c.official)) else {
                return previous.unwrap_or(false);
            };
            if previous.is_some_and(|p| p != official) {
                let main = self.main.get_value();
                self.progress.update(|p| p.forget_models_on(&main, &main));
                self.start_over();
            }
            official
        });
    }

    /// Fresh widgets (the page's first load, a reset, an import): train the remembered models
    /// again, one after the other, once every dataset they were trained on is loaded.
    fn restore_models_on_fresh_widgets(self) {
        let run = Run::new();
        Effect::new(move |_| {
            let generation = self.generation.get();
            if self.restored_in.get_value() == Some(generation) {
                return;
            }
            let main = self.main.get_value();
            let records = self.progress.with_untracked(|p| p.models.clone());
            let mut targets = Vec::new();
            for record in records {
                let id = record.dataset_or(&main).to_owned();
                let known = self.models.with_value(|m| m.contains_key(&id));
                match self.dataset(&id) {
                    Some(dataset) if known => targets.push((record, dataset, self.models_of(&id))),
                    // A dataset this lesson no longer uses: nothing to put it back into.
                    _ if !known => {}
                    // Waits for the data (this effect runs again when they arrive).
                    _ => return self.load_other(id),
                }
            }
            self.restored_in.set_value(Some(generation));
            restore_models(run, targets, self.restoring, self.generation);
        });
    }

    /// Puts an exported file's progress (already read) in place of this progress, or merges it
    /// in: its verdicts are not trusted, every answer the data alone can judge is checked again
    /// now, the others when their model or plot is back. Says what came of it.
    fn import(self, imported: LessonProgress, lesson: &Lesson, merge: bool) -> String {
        let mut next = imported;
        next.distrust();
        if merge {
            let mut mine = self.progress.get_untracked();
            mine.merge(next);
            next = mine;
        }
        let loaded: Vec<(String, Arc<Dataset>)> = lesson
            .manifest
            .datasets()
            .into_iter()
            .filter_map(|id| Some((id.to_owned(), self.dataset(id)?)))
            .collect();
        let (checked, correct) = next.recheck(lesson, |section| {
            let index = lesson.sections.iter().position(|s| s.meta.id == section)?;
            let id = lesson.manifest.section_dataset(index);
            loaded
                .iter()
                .find(|(d, _)| d == id)
                .map(|(_, d)| d.as_ref())
        });
        let waiting = next.tasks.values().filter(|t| t.pending).count();
        self.progress.set(next);
        self.start_over();
        let verb = if merge { "merged" } else { "imported" };
        let later = if waiting > 0 {
            format!(" {waiting} more are checked when their model or plot is back.")
        } else {
            String::new()
        };
        format!(
            "Progress {verb}: {checked} answers checked again against your data, {correct} correct.{later}"
        )
    }
}

/// The notice that the saved progress could not be read, with its copy to download.
#[component]
fn UnreadableProgress(lesson_id: String, note: Option<String>) -> impl IntoView {
    note.map(|note| {
        let save = move |_| {
            if let Some(text) = lessons::unreadable_copy(&lesson_id) {
                let _ = download::save_text(&text, &format!("{lesson_id}-unreadable-progress.json"), "application/json");
            }
        };
        view! {
            <p class="notice warning" role="alert" data-testid="unreadable-progress">
                {note} " "
                <button class="button secondary small" data-testid="save-unreadable" on:click=save>"Save the unreadable copy"</button>
            </p>
        }
    })
}

/// The lesson's tools: tasks done, export and import of the progress, reset, embed.
#[component]
fn LessonTools(
    lesson: Arc<Lesson>,
    session: Session,
    current: Memo<usize>,
    embedded: bool,
    io_message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let Session { progress, .. } = session;
    let lesson_id = lesson.manifest.id.clone();
    let total = lesson.tasks().count();
    let done = move || progress.with(LessonProgress::correct);
    let confirm_reset = RwSignal::new(false);
    let reset = {
        let lesson_id = lesson_id.clone();
        move |_| {
            lessons::clear_progress(&lesson_id);
            // The link's training settings are part of the work being reset.
            location::replace_query("");
            progress.set(LessonProgress::new(&lesson_id));
            session.start_over();
            confirm_reset.set(false);
        }
    };
    let notebook_lesson = lesson.clone();
    let notebook = {
        let file = format!("{lesson_id}.ipynb");
        move |_| {
            let text = session.notebook(&notebook_lesson);
            io_message.set(
                download::save_text(&text, &file, "application/x-ipynb+json")
                    .err()
                    .map(|e| (false, e)),
            );
        }
    };
    let export = move |_| {
        let text = progress.with_untracked(LessonProgress::to_json);
        let file = format!("{lesson_id}-progress.json");
        io_message.set(
            download::save_text(&text, &file, "application/json")
                .err()
                .map(|e| (false, e)),
        );
    };
    // A file read and waiting for the student's choice: replace or merge.
    let incoming = RwSignal::new(None::<LessonProgress>);
    let import_lesson = lesson.clone();
    let import = move |ev: web_sys::Event| {
        let Some(file) = files::take_chosen(&ev) else {
            return;
        };
        let lesson = import_lesson.clone();
        spawn_local(async move {
            let size =
                LessonProgress::check_file_size(file.size() as u64).map_err(|e| e.to_string());
            let result = match size {
                Ok(()) => files::read_bytes(&file).await,
                Err(e) => Err(e),
            }
            .and_then(|bytes| {
                let text =
                    String::from_utf8(bytes).map_err(|_| "the file is not text".to_owned())?;
                LessonProgress::from_json(&text, &lesson).map_err(|e| e.to_string())
            });
            match result {
                Ok(p) => {
                    io_message.set(None);
                    incoming.set(Some(p));
                }
                Err(e) => io_message.set(Some((false, e))),
            }
        });
    };
    let apply_lesson = lesson.clone();
    let apply = Callback::new(move |merge: bool| {
        if let Some(p) = incoming.get_untracked() {
            incoming.set(None);
            io_message.set(Some((true, session.import(p, &apply_lesson, merge))));
        }
    });
    view! {
        <div class="lesson-tools">
            <span class="lesson-progress" data-testid="lesson-progress" data-done=done data-total=total>
                {move || format!("{} of {total} tasks correct", done())}
            </span>
            <progress max=total value=done></progress>
            <button class="button secondary small" data-testid="export-progress" on:click=export>"Export progress"</button>
            <button class="button secondary small" data-testid="lesson-notebook" on:click=notebook
                title="Every step of the lesson as you left it — the widgets, the models you trained and your answers — as a Jupyter notebook in pandas, numpy, matplotlib and scikit-learn.">"Python notebook"</button>
            <label class="button secondary small file-button">"Import progress…"
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-progress" on:change=import />
            </label>
            {move || incoming.with(|p| p.as_ref().map(|p| p.tasks.len())).map(|n| view! {
                <span class="confirm" role="group" aria-label="Import progress" data-testid="import-choice">
                    {format!("The file has work on {n} task{}. ", if n == 1 { "" } else { "s" })}
                    <button class="button small" data-testid="import-merge" on:click=move |_| apply.run(true)>"Merge with mine"</button>
                    <button class="button secondary small" data-testid="import-replace" on:click=move |_| apply.run(false)>"Replace mine"</button>
                    <button class="button secondary small" on:click=move |_| incoming.set(None)>"Cancel"</button>
                </span>
            })}
            <Show when=move || !confirm_reset.get()
                fallback=move || view! {
                    <span class="confirm" role="group" aria-label="Confirm reset">
                        "Clear every answer, hint and model of this lesson? "
                        <button class="button danger small" data-testid="confirm-reset" on:click=reset.clone()>"Yes, reset"</button>
                        <button class="button secondary small" on:click=move |_| confirm_reset.set(false)>"Keep my work"</button>
                    </span>
                }>
                <button class="button secondary small" data-testid="reset-lesson" on:click=move |_| confirm_reset.set(true)>"Reset lesson"</button>
            </Show>
            {(!embedded).then(|| view! { <EmbedButton lesson=lesson.clone() current /> })}
        </div>
    }
}

/// Problems a teacher should see (a misspelt variable, a check that cannot compute), found by the
/// same validation the test suite runs, on the data loaded now (each dataset's sections on it).
#[component]
fn LessonProblems(lesson: Arc<Lesson>, session: Session) -> impl IntoView {
    let problems = Memo::new(move |_| {
        lesson
            .manifest
            .datasets()
            .into_iter()
            .filter_map(|id| session.dataset(id))
            .flat_map(|d| validate(&lesson, &CheckContext::with_models(&d, &[])))
            .collect::<Vec<_>>()
    });
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| view! {
            <details class="error-box" data-testid="lesson-problems">
                <summary>{format!("This lesson has {} problems (for its author)", list.len())}</summary>
                <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </details>
        })
    }
}

/// A section on another dataset than the lesson's says which, so that a student who loaded the
/// official files knows these tasks run on our simulation of other data.
#[component]
fn SectionData(
    lesson: Arc<Lesson>,
    index: usize,
    dataset: Arc<Dataset>,
    choice: RwSignal<Option<DataChoice>>,
) -> impl IntoView {
    let own = lesson.manifest.section_dataset(index) == lesson.manifest.dataset;
    let official = choice.with_untracked(|c| c.as_ref().is_some_and(|c| c.official));
    (!own).then(|| {
        let also = if official {
            " (the official files you loaded are for the other sections)"
        } else {
            ""
        };
        view! {
            <p class="notice" data-testid="section-dataset" data-dataset=dataset.catalog.id.clone()>
                {format!("This section works on another dataset: {}, our own simulation{also}.", dataset.catalog.title)}
            </p>
        }
    })
}

/// A link to a task: bring its card into view once the section is drawn.
fn scroll_to_linked_task(place: Signal<LessonPlace>, session: Session, embedded: bool) {
    Effect::new(move |_| {
        let task = place.with(|p| p.task.clone());
        session.generation.track();
        let ready = session.choice.with(|c| c.is_some());
        // Inside an iframe the page is as tall as its content: scrolling would move the host page.
        if let (Some(task), true, false) = (task, ready, embedded) {
            spawn_local(async move {
                // Wait for the section's widgets to mount (they come one per task), so the card
                // does not move after it was scrolled to.
                for _ in 0..120 {
                    files::next_frame().await;
                    if !pending_widgets() {
                        break;
                    }
                }
                scroll_to(&format!("task-{task}"));
            });
        }
    });
}

#[component]
fn LessonPlayer(
    lesson: Arc<Lesson>,
    place: Signal<LessonPlace>,
    embed: Option<LessonEmbed>,
) -> impl IntoView {
    let embedded = embed.is_some();
    let embed = embed.unwrap_or_default();
    let shows = |part: &str| embed.shows(part);
    let only_task = embed.only_task.clone();
    let session = Session::open(&lesson);
    let Session {
        progress,
        choice,
        generation,
        restoring,
        load_error,
        storage_note,
        ..
    } = session;
    session.load_ours();
    let current_index = {
        let lesson = lesson.clone();
        Memo::new(move |_| {
            place.with(|p| lesson.section_at(p.section.as_deref(), p.task.as_deref()))
        })
    };
    let current = {
        let sections: Vec<String> = lesson.sections.iter().map(|s| s.meta.id.clone()).collect();
        Signal::derive(move || {
            sections
                .get(current_index.get())
                .cloned()
                .unwrap_or_default()
        })
    };
    // The section's own dataset, when it is not the lesson's.
    let section_dataset = {
        let lesson = lesson.clone();
        Memo::new(move |_| {
            lesson
                .manifest
                .section_dataset(current_index.get())
                .to_owned()
        })
    };
    Effect::new(move |_| session.load_other(section_dataset.get()));
    scroll_to_linked_task(place, session, embedded);
    let io_message = RwSignal::new(None::<(bool, String)>);
    let use_ours = Callback::new(move |()| session.load_ours());
    let tools = shows("tools").then(|| view! { <LessonTools lesson=lesson.clone() session current=current_index embedded io_message /> });
    let data_source = (shows("data") && lesson.manifest.has_data()).then(|| view! {
        <DataSource dataset_id=lesson.manifest.dataset.clone() official=lesson.manifest.official.clone() choice use_ours />
    });
    let toc = shows("toc").then(|| view! { <LessonToc lesson=lesson.clone() current progress /> });
    let nav = shows("nav");
    let body_class = if shows("toc") {
        "lesson-body"
    } else {
        "lesson-body no-toc"
    };
    let title = if only_task.is_none() {
        view! {
            <h1>{lesson.manifest.title.clone()}</h1>
            <p class="tagline">{lesson.manifest.summary.clone()}</p>
        }
        .into_any()
    } else {
        view! { <p class="embed-lesson-title">{lesson.manifest.title.clone()}</p> }.into_any()
    };
    let section_lesson = lesson.clone();
    view! {
        <div class="lesson-page" class:embedded=embedded data-testid="lesson-page" data-lesson=lesson.manifest.id.clone()>
            <header class="lesson-header">
                {title}
                {tools}
                {move || io_message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error-box" } role="status" data-testid="io-message">{m}</p> })}
                {move || storage_note.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
                <UnreadableProgress lesson_id=lesson.manifest.id.clone() note=session.unreadable.get_value() />
                <RestoreNotice status=restoring />
                {data_source}
                <LessonProblems lesson=lesson.clone() session />
                {move || load_error.get().map(|t| view! {
                    <TroubleBox trouble=t back_href=Route::Home.href() back_label=Openable::Lesson.way_back() retry=use_ours />
                })}
            </header>
            <div class=body_class>
                {toc}
                <div class="lesson-content">
                    {move || {
                        generation.track();
                        let index = current_index.get();
                        let id = section_dataset.get();
                        match session.dataset(&id) {
                            Some(dataset) => view! {
                                <SectionData lesson=section_lesson.clone() index dataset=dataset.clone() choice />
                                <SectionView lesson=section_lesson.clone() index dataset models=session.models_of(&id) progress source=session.source(&id)
                                    only_task=only_task.clone() nav />
                            }.into_any(),
                            None if load_error.with(Option::is_some) => ().into_any(),
                            None => view! { <p class="notice" role="status">"Loading the lesson's data…"</p> }.into_any(),
                        }
                    }}
                </div>
            </div>
        </div>
    }
}

/// Whether some widget of the section is still waiting to mount.
fn pending_widgets() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-pending-widget]").ok().flatten())
        .is_some()
}

/// Scrolls the element `id` into view and focuses it (for links to a task).
fn scroll_to(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    element.scroll_into_view();
    if let Ok(el) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
