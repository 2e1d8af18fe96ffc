//! Pages made for another site's iframe (`#/embed/…`): a lesson, one task, or one widget on a
//! shipped dataset, in a compact layout without the site's header and footer. The page posts its
//! height to the parent (services::embed) and links to the full app in a new tab.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::lesson::{EmbeddedWidget, hidden};
use fivesigma_engine::lesson::{WidgetKind, widget_problems_on};
use fivesigma_engine::state::trouble::{Openable, trouble};
use fivesigma_engine::view::{CutEntry, LabView};
use fivesigma_python::DataSource;
use leptos::prelude::*;

use crate::components::lesson::{Embedded, LessonWidget};
use crate::components::playground::{Playground, PlaygroundParts};
use crate::components::training::TrainedModel;
use crate::pages::{LessonEmbed, LessonPage, LessonPlace};
use crate::routes::{Embed, Route};
use crate::services::{datasets, embed, location};
use fivesigma_engine::view::playground::PlaygroundSetup;

/// The id of the element whose height the parent hears about.
const ROOT_ID: &str = "embed-root";

/// An embedded page.
#[component]
pub fn EmbedPage(
    /// What to show.
    target: Embed,
    /// Section and task (a lesson moves between its sections inside the iframe).
    place: Signal<LessonPlace>,
) -> impl IntoView {
    provide_context(Embedded);
    let query = location::fragment_query();
    let hide = hidden(&query);
    // The same thing in the full app, for "Open in Five Sigma".
    let full = match &target {
        Embed::Lesson { id, .. } => {
            let id = id.clone();
            Signal::derive(move || {
                place
                    .with(|p| Route::Lesson {
                        id: id.clone(),
                        section: p.section.clone(),
                        task: p.task.clone(),
                    })
                    .href()
            })
        }
        Embed::Task { id, task } => {
            let href = Route::Lesson {
                id: id.clone(),
                section: None,
                task: Some(task.clone()),
            }
            .href();
            Signal::derive(move || href.clone())
        }
        Embed::Playground => {
            let href = format!(
                "{}?{}",
                Route::Playground.href(),
                query.trim_start_matches('?')
            );
            Signal::derive(move || href.clone())
        }
        Embed::Board => {
            let href = Route::Board.href();
            Signal::derive(move || href.clone())
        }
        Embed::Widget { kind } => {
            let href = EmbeddedWidget::from_query(kind, &query)
                .map(|w| lab_href(&w))
                .unwrap_or_else(|_| Route::Lab.href());
            Signal::derive(move || href.clone())
        }
    };
    let body = match target {
        Embed::Lesson { id, .. } => {
            let embed = LessonEmbed {
                hide,
                only_task: None,
            };
            view! { <LessonPage id place embed /> }.into_any()
        }
        Embed::Task { id, task } => {
            let embed = LessonEmbed {
                hide,
                only_task: Some(task),
            };
            view! { <LessonPage id place embed /> }.into_any()
        }
        Embed::Widget { kind } => view! { <WidgetEmbed kind query /> }.into_any(),
        Embed::Board => view! { <super::BoardPage /> }.into_any(),
        Embed::Playground => {
            let (setup, notes) = PlaygroundSetup::from_query(&query);
            let setup = RwSignal::new(setup);
            view! {
                {(!notes.is_empty()).then(|| view! { <p class="notice" role="status" data-testid="playground-notes">{notes.join(" ")}</p> })}
                <Playground setup parts=PlaygroundParts::ALL />
            }
            .into_any()
        }
    };
    Effect::new(move |_| embed::report_height(ROOT_ID));
    let address = embed::page_address();
    view! {
        <div id=ROOT_ID class="embed-shell" data-testid="embed">
            {body}
            <p class="embed-credit">
                <a href=move || format!("{address}{}", full.get()) target="_blank" rel="noopener">"Open in Five Sigma ↗"</a>
            </p>
        </div>
    }
}

/// The Lab view that shows the same dataset, variable and cuts.
fn lab_href(widget: &EmbeddedWidget) -> String {
    let mut view = LabView {
        dataset: Some(widget.dataset.clone()),
        ..LabView::default()
    };
    view.histogram.variable = widget.spec.variable.clone();
    view.cuts = widget.spec.cuts.iter().map(|t| CutEntry::on(t)).collect();
    format!("{}?{}", Route::Lab.href(), view.to_query())
}

/// A widget from its link: loads the dataset, checks the settings, shows the panel (a train
/// widget brings its evaluation along).
#[component]
fn WidgetEmbed(kind: String, query: String) -> impl IntoView {
    let widget = match EmbeddedWidget::from_query(&kind, &query) {
        Ok(w) => w,
        Err(e) => {
            return view! { <p class="error-box" role="alert" data-testid="embed-error">{format!("This embedded widget cannot be shown: {e}.")}</p> }
                .into_any();
        }
    };
    let id = widget.dataset.clone();
    let data = LocalResource::new(move || {
        let id = id.clone();
        async move {
            datasets::load_by_id(&id, |_| {})
                .await
                .map(|(dataset, source)| (Arc::new(dataset), Arc::new(source)))
        }
    });
    let models = RwSignal::new(Vec::<Arc<TrainedModel>>::new());
    view! {
        <Suspense fallback=|| view! { <p class="notice" role="status">"Loading the data…"</p> }>
            {move || data.get().map(|result| match result {
                Ok((dataset, source)) => widget_view(&widget, dataset, source, models),
                Err(e) => {
                    let t = trouble(Openable::Dataset, &widget.dataset, &e);
                    view! { <p class="error-box" role="alert" data-testid="embed-error" title=t.detail>{format!("{}. {}", t.title, t.what)}</p> }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn widget_view(
    widget: &EmbeddedWidget,
    dataset: Arc<Dataset>,
    source: Arc<DataSource>,
    models: RwSignal<Vec<Arc<TrainedModel>>>,
) -> AnyView {
    // A train widget's `views` are its evaluation's.
    let mut spec = widget.spec.clone();
    let views = if spec.kind == WidgetKind::Train {
        std::mem::take(&mut spec.views)
    } else {
        Vec::new()
    };
    let problems = widget_problems_on(&spec, &dataset);
    if !problems.is_empty() {
        return view! {
            <div class="error-box" role="alert" data-testid="embed-error">
                <strong>"This embedded widget's link does not fit its data:"</strong>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any();
    }
    let evaluation = (spec.kind == WidgetKind::Train).then(|| {
        let mut evaluate = spec.clone();
        evaluate.kind = WidgetKind::Evaluate;
        evaluate.controls = None;
        evaluate.caption = None;
        evaluate.views = views;
        view! { <LessonWidget spec=evaluate dataset=dataset.clone() models source=Some(source.clone()) /> }
    });
    view! {
        <LessonWidget spec dataset=dataset.clone() models source=Some(source) />
        {evaluation}
    }
    .into_any()
}
