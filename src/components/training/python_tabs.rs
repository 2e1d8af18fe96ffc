//! The evaluate views' "Python" tabs: each view's code for the chosen model, written by the
//! engine's side (`fivesigma_python::ModelViews`) from the model's own scores, with a button that
//! saves those scores beside the code (the file the code reads).

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::state::evaluation::{predictions_csv, scores_file_name};
use fivesigma_python::{Cell, ModelViews};
use leptos::prelude::*;

use super::TrainedModel;
use crate::components::{Companion, PythonCode};
use crate::services::download::save_text;

/// A view's tab: `write` picks the view's code (reading the signals it depends on, so the code
/// follows the view's settings); saved as `file_name`.
pub fn view_code(
    dataset: Arc<Dataset>,
    chosen: Signal<Option<Arc<TrainedModel>>>,
    file_name: &'static str,
    write: impl Fn(&ModelViews<'_>) -> Cell + Send + Sync + 'static,
) -> impl IntoView {
    let dataset = StoredValue::new(dataset);
    let code = Signal::derive(move || {
        let model = chosen.get()?;
        dataset.with_value(|dataset| {
            let views = ModelViews {
                dataset,
                model: &model,
            };
            Some(views.snippet(write(&views)))
        })
    });
    let label = Signal::derive(move || {
        chosen.with(|m| {
            m.as_ref().map_or_else(String::new, |m| {
                format!("Save its scores ({})", scores_file_name(&m.name))
            })
        })
    });
    let save = Callback::new(move |()| {
        if let Some(model) = chosen.get_untracked() {
            let text = dataset.with_value(|d| predictions_csv(&model, d));
            let _ = save_text(&text, &scores_file_name(&model.name), "text/csv");
        }
    });
    view! { <PythonCode code file_name companion=Companion { label, save } /> }
}
