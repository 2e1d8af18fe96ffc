//! The HSF lesson's plot under the histogram: for each bin's lower edge x, the ratio S/B of the
//! weighted signal and background events with values above x. Its x axis lines up with the
//! histogram's, so the best cut can be read straight down from the distributions.

use fivesigma_engine::analysis::{CutDirection, Scan, ScanSettings, Significance, Thresholds};
use fivesigma_engine::data::Dataset;
use leptos::prelude::*;

use fivesigma_engine::state::ParsedCuts;

use crate::components::Analysis;
use crate::components::PlotCanvas;
use crate::format;
use crate::plots::render_svg;
use crate::plots::scan::{ScanLabels, draw_scan};

/// S/B above every lower bin edge of `edges`, after the cuts.
fn s_over_b(
    dataset: &Dataset,
    variable: &str,
    edges: &[f64],
    cuts: &ParsedCuts,
) -> Result<Scan, String> {
    let settings = ScanSettings {
        measure: Significance::SOverB,
        direction: CutDirection::Above,
        thresholds: Thresholds::List(edges[..edges.len().saturating_sub(1)].to_vec()),
        min_background: 0.0,
    };
    dataset
        .scan(variable, &cuts.applied, &settings)
        .map_err(|e| e.to_string())
}

/// The S/B panel for `variable` binned at `edges` (`None` while the histogram has no binning).
#[component]
pub fn SOverBPanel(
    analysis: Analysis,
    variable: Memo<String>,
    edges: Memo<Option<Vec<f64>>>,
    /// The histogram's x-axis title, with "cut at" prepended here.
    x_title: Memo<String>,
) -> impl IntoView {
    let Analysis { dataset, cuts, .. } = analysis;
    let scan = Memo::new(move |_| {
        let edges = edges.get()?;
        let variable = variable.get();
        Some(cuts.with(|c| s_over_b(&dataset, &variable, &edges, c)))
    });
    let labels = move |scale: f64| -> Option<ScanLabels> {
        let edges = edges.get()?;
        Some(ScanLabels {
            title: "S/B of the events above each bin edge".into(),
            x: format!("lower cut on {} (keep above)", x_title.get()),
            y: "S/B above the cut".into(),
            scale,
            x_range: Some((*edges.first()?, *edges.last()?)),
        })
    };
    let draw =
        move |area: &crate::components::CanvasArea, scale: f64| match (scan.get(), labels(scale)) {
            (Some(Ok(scan)), Some(labels)) => draw_scan(area, &scan, &labels),
            (Some(Err(message)), _) => Err(message),
            _ => Ok(()),
        };
    // (threshold, S/B, sentence) of the largest S/B.
    let best = Memo::new(move |_| match scan.get() {
        Some(Ok(scan)) => scan.best_point().and_then(|b| {
            let value = b.value.ok()?;
            let text = format!(
                "Largest S/B: {} for {} > {} (S = {}, B = {}).",
                format::significant(value, 4),
                variable.get(),
                format::significant(b.threshold, 4),
                format::significant(b.signal, 4),
                format::significant(b.background, 4)
            );
            Some((b.threshold, value, text))
        }),
        _ => None,
    });
    view! {
        <div class="s-over-b">
            <PlotCanvas draw label=Signal::derive(move || format!("S/B above each cut on {}", variable.get())) testid="stack-sb-canvas"
                svg=Callback::new(move |()| {
                    let (Some(Ok(scan)), Some(labels)) = (scan.get_untracked(), labels(1.0)) else {
                        return Err("nothing to export yet".to_owned());
                    };
                    render_svg((960, 300), |area| draw_scan(area, &scan, &labels))
                })
                file_stem=Signal::derive(move || format!("s-over-b-{}", variable.get())) />
            <p class="readout" data-testid="stack-sb-best"
                data-threshold=move || best.get().map(|b| b.0)
                data-value=move || best.get().map(|b| b.1)>
                {move || best.get().map(|b| b.2)}
            </p>
        </div>
    }
}
