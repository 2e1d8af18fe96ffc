//! The analysis workspace for a loaded dataset: its samples and their tables, the stacked
//! histogram (with its S/B panel and cuts drawn by dragging), the cut builder with its cut-flow,
//! the significance scan and the pair plot. Every panel reads
//! the shared view (which is also the URL) and the parsed cuts; the engine does the numbers.

use std::sync::Arc;

use fivesigma_engine::analysis::CutExpr;
use fivesigma_engine::data::Dataset;
use fivesigma_engine::view::LabView;
use leptos::prelude::*;

mod cut_builder;
mod pairs_panel;
mod s_over_b;
mod samples;
mod scan_panel;
mod stack_panel;

pub use cut_builder::CutBuilder;
pub use pairs_panel::PairsPanel;
pub use samples::SamplesPanel;
pub use scan_panel::ScanPanel;
pub use stack_panel::StackPanel;

/// The view's cuts as the engine will apply them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedCuts {
    /// Enabled cuts that parse and name existing columns, in list order.
    pub applied: Vec<CutExpr>,
    /// (position in the view's list, message) for cuts that cannot be applied.
    pub errors: Vec<(usize, String)>,
}

/// Parses the view's enabled cuts and checks them against every sample's columns.
pub fn parse_cuts(view: &LabView, dataset: &Dataset) -> ParsedCuts {
    let mut parsed = ParsedCuts::default();
    for (i, entry) in view.cuts.iter().enumerate() {
        match check_cut(&entry.text, dataset) {
            Ok(cut) if entry.enabled => parsed.applied.push(cut),
            Ok(_) => {}
            Err(message) => parsed.errors.push((i, message)),
        }
    }
    parsed
}

/// A cut that parses and whose columns every sample has, or the engine's message.
pub fn check_cut(text: &str, dataset: &Dataset) -> Result<CutExpr, String> {
    let cut = CutExpr::parse(text).map_err(|e| e.to_string())?;
    for sample in &dataset.samples {
        cut.check(&sample.table)
            .map_err(|e| format!("{e} (in sample {})", sample.spec.name))?;
    }
    Ok(cut)
}

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
    /// The view's cuts, parsed.
    pub cuts: Memo<ParsedCuts>,
    /// Controls shown.
    pub controls: Controls,
    /// Appended to element ids, so that several copies of a panel on one page (a lesson's
    /// widgets) keep their headings' ids unique. Empty in the Lab.
    pub scope: String,
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
            Memo::new(move |_| view.with(|v| parse_cuts(v, &dataset)))
        };
        Self {
            dataset,
            all,
            view,
            cuts,
            controls,
            scope: String::new(),
        }
    }

    /// The id `stem` made unique for this panel (see [`Analysis::scope`]).
    pub fn id(&self, stem: &str) -> String {
        format!("{stem}{}", self.scope)
    }
}

/// All panels for `all` (a loaded dataset).
#[component]
pub fn Workspace(
    /// The loaded dataset (every sample).
    all: Arc<Dataset>,
    /// The view, mirrored in the URL.
    view: RwSignal<LabView>,
) -> impl IntoView {
    let analysis = Analysis::new(Arc::new(all.active()), all, view, Controls::default());
    view! {
        <SamplesPanel analysis=analysis.clone() />
        <StackPanel analysis=analysis.clone() />
        <CutBuilder analysis=analysis.clone() />
        <ScanPanel analysis=analysis.clone() />
        <PairsPanel analysis=analysis.clone() />
        <crate::components::training::TrainSection analysis />
    }
}
