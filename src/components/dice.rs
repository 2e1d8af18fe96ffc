//! The dice widget: a die simulated many times and weighted back to a fair one — the idea behind
//! Monte-Carlo weights. Every number is the engine's (`state::dice`); this draws them.

use fivesigma_engine::ml::dice::Generator;
use fivesigma_engine::state::dice::{DiceSetup, DiceSummary};
use fivesigma_engine::state::significant;
use fivesigma_python::{Snippet, dice_code};
use leptos::prelude::*;

use crate::components::choice::options;
use crate::components::python_code::SAME_DICE;
use crate::components::{PlotCanvas, PythonCode};
use crate::plots::dice::draw_dice;

/// Which of the widget's controls the student sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiceControls {
    /// The die.
    pub die: bool,
    /// How many rolls.
    pub rolls: bool,
    /// The seed.
    pub seed: bool,
}

/// The widget on `setup` (rolled again whenever it changes).
#[component]
pub fn DiceWidget(
    /// The die, the rolls and the seed.
    setup: RwSignal<DiceSetup>,
    /// The controls shown.
    controls: DiceControls,
) -> impl IntoView {
    let summary = Memo::new(move |_| setup.with(|s| s.summary().map_err(|e| e.to_string())));
    let error = RwSignal::new(None::<String>);
    let set = move |key: &'static str, value: String| {
        let mut next = setup.get_untracked();
        match next.set(key, value.trim()) {
            Ok(()) => {
                error.set(None);
                setup.set(next);
            }
            Err(why) => error.set(Some(format!("{key}: “{value}” was not used — {why}."))),
        }
    };
    let draw = move |area: &crate::components::CanvasArea, scale: f64| {
        summary.with(|s| match s {
            Ok(s) => draw_dice(area, s, scale),
            Err(e) => Err(e.clone()),
        })
    };
    let python = Signal::derive(move || {
        Some(Snippet {
            setup: Vec::new(),
            own: vec![setup.with(dice_code)],
        })
    });
    view! {
      <section class="panel dice-widget" data-testid="dice">
        <div class="controls">
            {controls.die.then(|| view! {
                <label>"die "
                    <select data-testid="dice-die" prop:value=move || setup.with(|s| fivesigma_engine::state::Choice::key(s.generator))
                        on:change=move |ev| set("die", event_target_value(&ev))>
                        {options::<Generator>()}
                    </select>
                </label>
            })}
            {controls.rolls.then(|| view! {
                <label>"rolls "
                    <input type="text" inputmode="numeric" class="short" data-testid="dice-rolls"
                        prop:value=move || setup.with(|s| s.rolls.to_string())
                        on:change=move |ev| set("rolls", event_target_value(&ev)) />
                </label>
            })}
            {controls.seed.then(|| view! {
                <label>"seed "
                    <input type="text" inputmode="numeric" class="short" data-testid="dice-seed"
                        prop:value=move || setup.with(|s| s.seed.to_string())
                        on:change=move |ev| set("seed", event_target_value(&ev)) />
                </label>
                <button class="button secondary small" data-testid="dice-again"
                    on:click=move |_| setup.update(|s| s.seed += 1)>"Roll again"</button>
            })}
        </div>
        {move || error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        <PlotCanvas testid="dice-plot" label="Rolls per face, raw and weighted, against a fair die" draw />
        {move || summary.with(|s| s.as_ref().ok().map(|s| view! { <DiceTable summary=s.clone() /> }))}
        <PythonCode code=python file_name="dice.py" hint=SAME_DICE />
      </section>
    }
}

/// Each face's numbers and the totals under the plot.
#[component]
fn DiceTable(summary: DiceSummary) -> impl IntoView {
    let n: usize = summary.faces.iter().map(|f| f.rolls).sum();
    let rows = summary
        .faces
        .iter()
        .enumerate()
        .map(|(i, f)| {
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <td class="num">{f.rolls}</td>
                    <td class="num">{format!("{} ± {}", significant(f.weighted, 4), significant(f.uncertainty, 2))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table compact" data-testid="dice-table">
                <thead><tr><th>"face"</th><th>"rolls"</th><th>"Σ w ± √Σ w²"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="facts" data-testid="dice-facts" data-effective=summary.effective_events.to_string()>
            {format!(
                "{n} rolls; Σ w = {}; a fair die gives {} per face. Effective rolls (Σ w)² / Σ w² = {}. Negative weights: {}.",
                significant(summary.weighted_total, 5),
                significant(summary.fair, 4),
                significant(summary.effective_events, 4),
                summary.negative
            )}
        </p>
    }
}
