//! The cut builder: type a cut in the engine's language, switch cuts on and off, remove them,
//! and read the cut-flow (raw and weighted, per sample) that every plot follows.

use fivesigma_engine::view::CutEntry;
use leptos::prelude::*;

use crate::components::PythonCode;

use fivesigma_engine::state::check_cut;

use crate::components::analysis::{Analysis, Panel};
use crate::format;

/// Input, list of cuts and the cut-flow table.
#[component]
pub fn CutBuilder(
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
    } = analysis.panel("cuts-heading");
    let has_source = analysis.source.is_some();
    let python = analysis.python(|lab| lab.cuts_snippet());
    let draft = RwSignal::new(String::new());
    let draft_error = RwSignal::new(None::<String>);
    let add = {
        let dataset = dataset.clone();
        move || {
            let text = draft.get_untracked().trim().to_owned();
            if text.is_empty() {
                return;
            }
            match check_cut(&text, &dataset) {
                Ok(_) => {
                    view.update(|v| {
                        v.cuts.push(CutEntry {
                            text,
                            enabled: true,
                        })
                    });
                    draft.set(String::new());
                    draft_error.set(None);
                }
                // The typed text stays in the box so the student can fix it.
                Err(e) => draft_error.set(Some(e.to_string())),
            }
        }
    };
    let add_on_enter = add.clone();
    let list = move || {
        let errors = cuts.with(|c| c.errors.clone());
        view.with(|v| v.cuts.clone())
            .into_iter()
            .enumerate()
            .map(|(i, cut)| {
                let error = errors.iter().find(|(j, _)| *j == i).map(|(_, m)| m.clone());
                view! {
                    <li class="cut-item" data-testid="cut-item">
                        <label>
                            <input type="checkbox" prop:checked=cut.enabled
                                aria-label=format!("Apply {}", cut.text)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    view.update(|v| if let Some(c) = v.cuts.get_mut(i) { c.enabled = on; });
                                } />
                            <code>{cut.text.clone()}</code>
                        </label>
                        <button class="button secondary small" aria-label=format!("Remove {}", cut.text)
                            on:click=move |_| view.update(|v| { if i < v.cuts.len() { v.cuts.remove(i); } })>"Remove"</button>
                        {error.map(|m| view! { <p class="cut-error" role="alert">{m}</p> })}
                    </li>
                }
            })
            .collect_view()
    };
    let flow = move || {
        cuts.with(|c| dataset.cut_flow(&c.applied))
            .map_err(|e| e.to_string())
    };
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>"Cuts"</h2>
            <p class="hint">
                "Write a condition on the columns, e.g. " <code>"ETmiss > 100"</code> ", "
                <code>"lead_lep_pt > 50 and N_bjets == 0"</code> " or "
                <code>"sum(lep_charge_*) == 0"</code> ". Events that fail any switched-on cut leave every plot."
            </p>
            <form class="controls cut-form" on:submit=move |ev| { ev.prevent_default(); add_on_enter(); }>
                <label class="grow">"New cut "
                    <input type="text" data-testid="cut-input" spellcheck="false" autocomplete="off"
                        placeholder="ETmiss > 100"
                        prop:value=move || draft.get()
                        on:input=move |ev| { draft.set(event_target_value(&ev)); draft_error.set(None); } />
                </label>
                <button type="submit" class="button" data-testid="cut-add">"Add cut"</button>
            </form>
            {move || draft_error.get().map(|m| view! { <p class="error-box" role="alert" data-testid="cut-error">{m}</p> })}
            <ul class="cut-list">{list}</ul>
            {move || match flow() {
                Ok(flow) => {
                    let names: Vec<String> = flow.samples.clone();
                    view! {
                        <div class="table-scroll">
                        <table class="cutflow" data-testid="cutflow">
                            <caption>"Cut-flow: events left after each cut (raw count, and Σ weights below)"</caption>
                            <thead><tr>
                                <th scope="col">"Step"</th>
                                {names.iter().map(|n| view! { <th scope="col" class="num">{n.clone()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {flow.steps.iter().map(|step| view! {
                                    <tr data-testid="cutflow-row">
                                        <th scope="row"><code>{step.label.clone()}</code></th>
                                        {step.yields.iter().map(|y| view! {
                                            <td class="num" data-raw=y.raw data-weighted=y.weighted>
                                                {format::thousands(y.raw)}
                                                <br /><span class="weighted">{format::significant(y.weighted, 4)}</span>
                                            </td>
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any()
                }
                Err(message) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
            }}
            <PythonCode code=python file_name="cuts.py" available=has_source />
        </section>
    }
}
