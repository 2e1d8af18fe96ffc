//! What every explore and train panel is handed: the samples in use, the view (the Lab's URL, or
//! a lesson widget's own), the view's cuts as the engine applies them, and which controls show.
//! The Lab page and each lesson widget build one; the panels only read it.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::state::{ParsedCuts, parse_cuts};
use fivesigma_engine::view::LabView;
use fivesigma_python::{DataSource, LabCode, Snippet};
use leptos::prelude::*;

/// Which controls a panel shows: all of them in the Lab, the ones a lesson lists in its widgets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Controls(Option<Arc<Vec<String>>>);

impl Controls {
    /// Only the controls named (empty: none).
    pub fn only(names: Vec<String>) -> Self {
        Self(Some(Arc::new(names)))
    }

    /// Whether the control `name` is shown.
    pub fn shows(&self, name: &str) -> bool {
        self.0
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == name))
    }
}

/// What every panel needs.
#[derive(Clone)]
pub struct Analysis {
    /// The samples in use (the catalog's active ones).
    pub dataset: Arc<Dataset>,
    /// Every sample, for the table view.
    pub all: Arc<Dataset>,
    /// The view, mirrored in the URL.
    pub view: RwSignal<LabView>,
    /// The view's cuts, checked against the samples in use.
    pub cuts: Memo<ParsedCuts>,
    /// Controls shown.
    pub controls: Controls,
    /// Appended to element ids, so that several copies of a panel on one page (a lesson's
    /// widgets) keep their headings' ids unique. Empty in the Lab.
    pub scope: String,
    /// Whether plots read out the bar under the pointer and offer their numbers as a table
    /// (a lesson turns this off where the student should read the axes).
    pub readout: bool,
    /// Whether the samples table lets the student switch samples in and out of use (the Lab,
    /// whose panels follow the view's samples; a lesson widget's samples are the lesson's).
    pub switches_samples: bool,
    /// Where the files are, for the panels' Python tabs (`None`: no tab).
    pub source: Option<Arc<DataSource>>,
}

impl Analysis {
    /// The analysis of `dataset` (its samples all in use), with its own view.
    pub fn new(
        dataset: Arc<Dataset>,
        all: Arc<Dataset>,
        view: RwSignal<LabView>,
        controls: Controls,
    ) -> Self {
        let cuts = {
            let dataset = dataset.clone();
            Memo::new(move |_| {
                view.with(|v| {
                    let cuts = v.cuts.iter().map(|c| (c.text.as_str(), c.enabled));
                    parse_cuts(cuts, &dataset)
                })
            })
        };
        Self {
            dataset,
            all,
            view,
            cuts,
            controls,
            scope: String::new(),
            readout: true,
            switches_samples: false,
            source: None,
        }
    }

    /// A panel's Python code for the view as it is (`write` picks the panel's part), or `None`
    /// without a data source. Read only while the panel's tab is open.
    pub fn python(
        &self,
        write: impl Fn(&LabCode<'_>) -> Snippet + Send + Sync + 'static,
    ) -> Signal<Option<Snippet>> {
        let (dataset, view, source) = (self.dataset.clone(), self.view, self.source.clone());
        Signal::derive(move || {
            let source = source.as_deref()?;
            view.with(|view| {
                Some(write(&LabCode {
                    dataset: &dataset,
                    source,
                    view,
                }))
            })
        })
    }

    /// The id `stem` made unique for this panel (see [`Analysis::scope`]).
    pub fn id(&self, stem: &str) -> String {
        format!("{stem}{}", self.scope)
    }

    /// What every panel starts from: its heading's id (twice: the heading and the section's
    /// `aria-labelledby`), whether a control shows, and the dataset, view and cuts.
    pub fn panel(&self, heading: &str) -> Panel<impl Fn(&str) -> bool + Clone + use<>> {
        let controls = self.controls.clone();
        let heading_id = self.id(heading);
        Panel {
            labelled_by: heading_id.clone(),
            heading_id,
            shows: move |name: &str| controls.shows(name),
            dataset: self.dataset.clone(),
            view: self.view,
            cuts: self.cuts,
        }
    }
}

/// A panel's preamble (see [`Analysis::panel`]).
pub struct Panel<S> {
    /// The heading's id.
    pub heading_id: String,
    /// The same, for the section's `aria-labelledby`.
    pub labelled_by: String,
    /// Whether the control named is shown.
    pub shows: S,
    /// The samples in use.
    pub dataset: Arc<Dataset>,
    /// The view.
    pub view: RwSignal<LabView>,
    /// The view's cuts, checked.
    pub cuts: Memo<ParsedCuts>,
}
