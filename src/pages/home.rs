//! The landing page: what Five Sigma is, the Lab, and the lessons listed in the lesson index.

use fivesigma_engine::lesson::{LessonCard, LessonIndex};
use leptos::prelude::*;

use crate::routes::Route;
use crate::services::fetch::fetch_text;

const LESSON_INDEX_URL: &str = "static_data/lessons/index.toml";

/// Home: pitch, Lab card, lesson cards.
#[component]
pub fn HomePage() -> impl IntoView {
    let lessons = LocalResource::new(|| async {
        let text = fetch_text(LESSON_INDEX_URL).await?;
        LessonIndex::parse(&text).map_err(|e| e.to_string())
    });

    view! {
        <section class="hero">
            <h1>"Five Sigma"</h1>
            <p class="tagline">"Machine learning for particle physics, in your browser."</p>
            <p class="pitch">
                "Load real-looking collision events, draw weighted histograms, choose cuts and watch the "
                "significance change, then train decision trees, forests and neural networks and see "
                "whether they beat your cuts. Students need nothing but this page: no account, no Python, "
                "and it keeps working offline. Teachers get guided lessons whose tasks are checked against "
                "numbers computed from the data each student loaded, and can put the whole thing on their "
                "own site or a classroom USB stick."
            </p>
        </section>
        <section class="cards" aria-label="Start here">
            <a class="card lab-card" href=Route::Lab.href() data-testid="lab-card">
                <h2>"The Lab"</h2>
                <p>
                    "Open a shipped dataset or your own CSV files: tables, stacked weighted histograms, "
                    "cuts and significance scans, then train trees, forests and neural networks and "
                    "compare them."
                </p>
                <span class="card-action">"Open the Lab →"</span>
            </a>
            <a class="card lab-card" href=Route::Playground.href() data-testid="playground-card">
                <h2>"The Playground"</h2>
                <p>
                    "New to machine learning? Watch a line find its way down a loss, then a tree, a "
                    "forest and a neural network learn to separate two kinds of points, redrawn after "
                    "every step."
                </p>
                <span class="card-action">"Open the Playground →"</span>
            </a>
            <a class="card lab-card" href=Route::Board.href() data-testid="board-card">
                <h2>"The challenge board"</h2>
                <p>
                    "For a class challenge: students score the unlabelled events of the CMS VBF "
                    "exercise and send you their file; drop them all here and the board ranks them "
                    "by AUC, ROC curves overlaid, ready to project."
                </p>
                <span class="card-action">"Open the board →"</span>
            </a>
        </section>
        <Suspense fallback=|| ()>
            {move || lessons.get().map(|result| match result {
                Ok(index) if index.lessons.is_empty() => ().into_any(),
                Ok(index) => view! { <LessonList lessons=index.lessons /> }.into_any(),
                Err(message) => view! {
                    <p class="notice" role="status">"The lesson list could not be loaded: " {message}</p>
                }.into_any(),
            })}
        </Suspense>
        <section class="teachers" aria-labelledby="teachers-heading" data-testid="for-teachers">
            <h2 id="teachers-heading">"For teachers"</h2>
            <ul class="teacher-points">
                <li>
                    <strong>"Host it anywhere. "</strong>
                    "Five Sigma is a folder of static files: put it on your school's web space at any path. "
                    "After one visit it works offline — the footer says when it is ready."
                </li>
                <li>
                    <strong>"One file for a USB stick. "</strong>
                    "The single-file copy (" <code>"five-sigma.html"</code> ", about 8 MB, built with "
                    <code>"scripts/build-single-file.sh"</code> ") opens straight from disk, with every lesson "
                    "and dataset inside."
                </li>
                <li>
                    <strong>"Embed it in your course page. "</strong>
                    "Each lesson has an “Embed…” button that writes the code for the lesson, a task or a "
                    "single plot, with the controls you choose hidden."
                </li>
                <li>
                    <strong>"Share a view. "</strong>
                    "The address bar holds what is on screen — dataset, cuts, model settings and seed — so "
                    "a copied link opens the same analysis."
                </li>
            </ul>
        </section>
    }
}

#[component]
fn LessonList(lessons: Vec<LessonCard>) -> impl IntoView {
    view! {
        <section class="lessons" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">"Lessons"</h2>
            <div class="cards">
                {lessons.into_iter().map(|lesson| {
                    let meta = [lesson.level.clone(), lesson.minutes.map(|m| format!("about {m} min"))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! {
                        <a class="card lesson-card" href=format!("#/lesson/{}", lesson.id)>
                            <h3>{lesson.title}</h3>
                            <p>{lesson.summary}</p>
                            <span class="card-meta">{meta}</span>
                        </a>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
