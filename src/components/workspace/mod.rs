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

use cut_builder::CutBuilder;
use pairs_panel::PairsPanel;
use samples::SamplesPanel;
use scan_panel::ScanPanel;
use stack_panel::StackPanel;

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
}

/// All panels for `all` (a loaded dataset).
#[component]
pub fn Workspace(all: Arc<Dataset>, view: RwSignal<LabView>) -> impl IntoView {
    let dataset = Arc::new(all.active());
    let cuts = {
        let dataset = dataset.clone();
        Memo::new(move |_| view.with(|v| parse_cuts(v, &dataset)))
    };
    let analysis = Analysis {
        dataset,
        all,
        view,
        cuts,
    };
    view! {
        <SamplesPanel analysis=analysis.clone() />
        <StackPanel analysis=analysis.clone() />
        <CutBuilder analysis=analysis.clone() />
        <ScanPanel analysis=analysis.clone() />
        <PairsPanel analysis=analysis.clone() />
        <crate::components::training::TrainSection analysis />
    }
}
