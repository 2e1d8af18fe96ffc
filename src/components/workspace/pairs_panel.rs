//! The pair plot: 2–5 variables against each other, points coloured by class or by sample,
//! after the active cuts. Large samples are shown through a fixed random subset, so the plot
//! stays quick and a cut only removes points, never reshuffles them.

use fivesigma_engine::analysis::PointColouring;
use fivesigma_engine::data::{Dataset, Role};
use fivesigma_engine::view::{MAX_PAIR_VARIABLES, PairView};
use leptos::prelude::*;

use crate::components::PythonCode;

use fivesigma_engine::state::ParsedCuts;

use crate::components::PlotCanvas;
use crate::components::analysis::{Analysis, Panel};
use crate::plots::pairs::{PairPlot, draw_pairs};
use crate::plots::render_svg;

/// Points drawn in all off-diagonal panels together, at most: the redraw after a cut must stay
/// well inside a frame budget on a classroom laptop.
const POINT_BUDGET: usize = 24_000;
/// Points per group never fall below this (a 5 × 5 grid of five samples still shows shapes).
const MIN_PER_GROUP: usize = 150;
/// … nor rise above this.
const MAX_PER_GROUP: usize = 2_000;

/// The variables the lesson scans (catalog variables with thresholds), preferred by default.
fn lesson_variables(dataset: &Dataset) -> Vec<String> {
    dataset
        .catalog
        .variables
        .iter()
        .filter(|v| v.thresholds.is_some())
        .map(|v| v.name.clone())
        .collect()
}

/// Points per group for `k` variables and `groups` groups.
fn per_group(k: usize, groups: usize) -> usize {
    let panels = (k * k.saturating_sub(1)).max(1);
    (POINT_BUDGET / panels / groups.max(1)).clamp(MIN_PER_GROUP, MAX_PER_GROUP)
}

fn build(
    pairs: &PairView,
    cuts: &ParsedCuts,
    dataset: &Dataset,
    scale: f64,
) -> Result<PairPlot, String> {
    let variables = pairs.chosen(&dataset.variables(), &lesson_variables(dataset));
    if variables.len() < 2 {
        return Err("A pair plot needs at least two numeric variables.".into());
    }
    let groups = match pairs.colouring {
        PointColouring::Class => 2,
        PointColouring::Sample => {
            dataset.with_role(Role::Signal).count() + dataset.with_role(Role::Background).count()
        }
    };
    let cloud = dataset
        .point_cloud(
            &variables,
            &cuts.applied,
            pairs.colouring,
            per_group(variables.len(), groups),
        )
        .map_err(|e| e.to_string())?;
    let titles = variables
        .iter()
        .map(|v| {
            dataset
                .catalog
                .variable(v)
                .map_or(v.clone(), |s| s.axis_title())
        })
        .collect();
    Ok(PairPlot {
        title: format!(
            "Pair plot of {} (coloured by {})",
            variables.join(", "),
            match pairs.colouring {
                PointColouring::Class => "class",
                PointColouring::Sample => "sample",
            }
        ),
        cloud,
        titles,
        scale,
    })
}

/// Variable choice, colouring and the plot.
#[component]
pub fn PairsPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let Panel {
        heading_id,
        labelled_by,
        dataset,
        view,
        cuts,
        ..
    } = analysis.panel("pairs-heading");
    let has_source = analysis.source.is_some();
    let python = analysis.python(|lab| lab.pairs_snippet());
    let variables = dataset.variables();
    let chosen = {
        let dataset = dataset.clone();
        let available = variables.clone();
        Memo::new(move |_| view.with(|v| v.pairs.chosen(&available, &lesson_variables(&dataset))))
    };
    // Only the pair plot's own settings redraw it.
    let settings = Memo::new(move |_| view.with(|v| v.pairs.clone()));
    let plot = Memo::new(move |_| settings.with(|p| cuts.with(|c| build(p, c, &dataset, 1.0))));
    let draw = move |area: &crate::components::CanvasArea, scale: f64| {
        let plot = plot.get()?;
        draw_pairs(area, &PairPlot { scale, ..plot })
    };
    let toggle = move |name: String, on: bool| {
        let mut list = chosen.get_untracked();
        if on && !list.contains(&name) && list.len() < MAX_PAIR_VARIABLES {
            list.push(name);
        } else if !on && list.len() > 2 {
            list.retain(|v| *v != name);
        }
        view.update(|v| v.pairs.variables = list);
    };
    let boxes = variables
        .iter()
        .map(|name| {
            let name = name.clone();
            let checked = {
                let name = name.clone();
                move || chosen.with(|c| c.contains(&name))
            };
            // The last two cannot be unticked and a sixth cannot be ticked.
            let disabled = {
                let name = name.clone();
                move || {
                    chosen.with(|c| {
                        let on = c.contains(&name);
                        (on && c.len() <= 2) || (!on && c.len() >= MAX_PAIR_VARIABLES)
                    })
                }
            };
            let testid = format!("pair-var-{name}");
            let label = name.clone();
            view! {
                <label class="pair-choice">
                    <input type="checkbox" data-testid=testid prop:checked=checked disabled=disabled
                        on:change=move |ev| toggle(name.clone(), event_target_checked(&ev)) />
                    " " {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Pair plot"</h2>
            <p class="hint">"Each variable against each other one, after the cuts; on the diagonal, each group's distribution with unit area. Choose 2 to 5 variables."</p>
            <fieldset class="pair-choices">
                <legend>"Variables"</legend>
                {boxes}
            </fieldset>
            <div class="controls">
                <label>"Colour by "
                    <select data-testid="pair-colouring"
                        prop:value=move || view.with(|v| if v.pairs.colouring == PointColouring::Sample { "sample" } else { "class" })
                        on:change=move |ev| {
                            let colouring = if event_target_value(&ev) == "sample" { PointColouring::Sample } else { PointColouring::Class };
                            view.update(|v| v.pairs.colouring = colouring);
                        }>
                        <option value="class">"class (signal or background)"</option>
                        <option value="sample">"sample"</option>
                    </select>
                </label>
            </div>
            <div class="pair-plot">
                <PlotCanvas draw label=Signal::derive(move || format!("Pair plot of {}", chosen.get().join(", "))) testid="pair-canvas"
                    svg=Callback::new(move |()| {
                        let plot = plot.get_untracked()?;
                        render_svg((900, 900), |area| draw_pairs(area, &plot))
                    })
                    file_stem=Signal::derive(move || format!("pairs-{}", chosen.get().join("-"))) />
            </div>
            <p class="readout" data-testid="pair-caption">{move || match plot.get() {
                Ok(p) => {
                    let shown: usize = p.cloud.groups.iter().map(|g| g.len()).sum();
                    let passing: usize = p.cloud.groups.iter().map(|g| g.passing).sum();
                    if shown < passing {
                        format!("{shown} of {passing} simulated events shown: the same random subset at every redraw. Axes cover the central 99% of the points.")
                    } else {
                        format!("All {passing} simulated events shown. Axes cover the central 99% of the points.")
                    }
                }
                Err(message) => message,
            }}</p>
            <PythonCode code=python file_name="pair_plot.py" available=has_source />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_budget_shrinks_with_panels_and_groups() {
        // 3 variables → 6 scatter panels; 2 classes: 24000 / 6 / 2 = 2000.
        assert_eq!(per_group(3, 2), 2_000);
        // 5 variables → 20 panels; 5 samples: 24000 / 20 / 5 = 240.
        assert_eq!(per_group(5, 5), 240);
        // Never below 150 per group, never above 2000.
        assert_eq!(per_group(5, 20), 150);
        assert_eq!(per_group(2, 1), 2_000);
    }
}
