//! The dataset's samples (role, colour, events, Σw) and a table view of any one of them.

use std::sync::Arc;

use fivesigma_engine::data::{Dataset, Role, summarize};
use fivesigma_engine::view::LabView;
use leptos::prelude::*;

use crate::components::PythonCode;
use wasm_bindgen::JsCast;

use crate::components::Analysis;
use crate::components::{ColumnSummaryTable, DataTable};
use crate::format;

/// One sample's line: colour, role, events, Σw, and whether it is in use (a switch in the Lab).
#[component]
fn SampleRow(
    all: Arc<Dataset>,
    name: String,
    in_use: bool,
    switches: bool,
    view: RwSignal<LabView>,
    refused: RwSignal<Option<String>>,
) -> impl IntoView {
    let Ok(s) = all.sample(&name) else {
        return ().into_any();
    };
    let swatch = format!("background: {}", s.spec.color);
    let text = if in_use { "in use" } else { "available" };
    let status = if switches {
        let testid = format!("use-{name}");
        let (all, name) = (all.clone(), name.clone());
        let on_use = move |ev: leptos::ev::Event| {
            let mut changed = view.get_untracked();
            match changed.use_sample(&all, &name, event_target_checked(&ev)) {
                Ok(()) => view.set(changed),
                Err(why) => {
                    refused.set(Some(why));
                    // The box goes back to what is in use.
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.set_checked(in_use);
                    }
                }
            }
        };
        view! {
            <label><input type="checkbox" data-testid=testid prop:checked=in_use on:change=on_use />
                {format!(" {text}")}</label>
        }
        .into_any()
    } else {
        text.into_any()
    };
    view! {
        <tr class:muted=!in_use>
            <td><span class="swatch" style=swatch></span>{s.spec.display_name().to_owned()}</td>
            <td>{s.spec.role.label()}</td>
            <td class="num">{format::thousands(s.table.n_rows())}</td>
            <td class="num">{format::significant(s.sum_of_weights(), 4)}</td>
            <td>{status}</td>
        </tr>
    }
    .into_any()
}

/// Samples overview and the chosen sample's summary and rows.
#[component]
pub fn SamplesPanel(
    /// The dataset, view, cuts and controls shown.
    analysis: Analysis,
) -> impl IntoView {
    let heading_id = analysis.id("samples-heading");
    let labelled_by = heading_id.clone();
    let switches = analysis.switches_samples;
    let has_source = analysis.source.is_some();
    let python = analysis.python(|lab| lab.table_snippet());
    let Analysis {
        all,
        dataset,
        view,
        controls,
        ..
    } = analysis;
    let default_sample = all
        .with_role(Role::Signal)
        .find(|s| s.spec.active)
        .or(all.samples.first())
        .map(|s| s.spec.name.clone())
        .unwrap_or_default();
    let selected = {
        let all = all.clone();
        Memo::new(move |_| {
            view.with(|v| v.sample.clone())
                .filter(|name| all.sample(name).is_ok())
                .unwrap_or_else(|| default_sample.clone())
        })
    };
    // Why a switch was refused (the last signal or background stays in use).
    let refused = RwSignal::new(None::<String>);
    let rows = all
        .samples
        .iter()
        .map(|s| {
            let in_use = dataset.sample(&s.spec.name).is_ok();
            view! { <SampleRow all=all.clone() name=s.spec.name.clone() in_use switches view refused /> }
        })
        .collect_view();
    let options = all
        .samples
        .iter()
        .map(|s| view! { <option value=s.spec.name.clone()>{s.spec.display_name().to_owned()}</option> })
        .collect_view();
    let title = all.catalog.title.clone();
    let provenance = all.catalog.provenance.clone();
    let luminosity = all
        .catalog
        .luminosity_fb
        .map(|l| format!(" Weights give expected events at {l} fb⁻¹."))
        .unwrap_or_default();
    let chosen = move || {
        let name = selected.get();
        all.sample(&name).ok().map(|sample| {
            let summaries: Vec<_> = sample.table.columns().iter().map(summarize).collect();
            let table = sample.table.clone();
            view! {
                <p class="facts" data-testid="sample-facts" data-sample=name.clone() data-rows=sample.table.n_rows()>
                    {format!("{}: {} events", sample.spec.display_name(), format::thousands(sample.table.n_rows()))}
                </p>
                <ColumnSummaryTable summaries />
                <DataTable table />
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            <p class="hint">{provenance} "." {luminosity}</p>
            <div class="table-scroll">
                <table data-testid="samples-table">
                    <thead><tr>
                        <th scope="col">"Sample"</th><th scope="col">"Role"</th>
                        <th scope="col" class="num">"Events"</th><th scope="col" class="num">"Σ weights"</th>
                        <th scope="col">"Status"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {switches.then(|| view! { <p class="hint">"Switch samples in or out of use: another signal, or a background left out, say. Every panel below follows."</p> })}
            {move || refused.get().map(|why| view! { <p class="error-box" role="alert" data-testid="use-refused">{why}</p> })}
            {controls.shows("sample").then(|| view! {
            <div class="controls table-choice">
                <label>
                    "Show the table of "
                    <select
                        data-testid="sample-select"
                        prop:value=move || selected.get()
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            view.update(|v| v.sample = Some(name));
                        }
                    >{options}</select>
                </label>
            </div>
            })}
            {chosen}
            <PythonCode code=python file_name="events.py" available=has_source />
        </section>
    }
}
