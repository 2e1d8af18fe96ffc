//! The mapping step for a user's own CSV files: which column holds the weights, and which file
//! or which label value is signal, background or data. Starts from the engine's guess.

use std::sync::Arc;

use fivesigma_engine::data::{Dataset, Role, RoleSource, Table, UserMapping, suggest_mapping};
use fivesigma_engine::state::Choice;
use fivesigma_engine::state::mapping::{
    self, by_label_column, label_candidates, per_file, role_at, set_role_at, weight_candidates,
};
use leptos::prelude::*;

use crate::components::choice::options;

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct UserFile {
    /// File name as picked.
    pub name: String,
    /// Its table.
    pub table: Arc<Table>,
}

fn role_select(
    testid: String,
    value: impl Fn() -> Role + Send + Sync + 'static,
    set: impl Fn(Role) + 'static,
) -> impl IntoView {
    view! {
        <select data-testid=testid prop:value=move || value().key()
            on:change=move |ev| if let Some(role) = Role::from_key(&event_target_value(&ev)) { set(role) }>
            {options::<Role>()}
        </select>
    }
}

/// One role menu per entry (`n` files, or the label column's values) with `line` around it.
fn role_rows(
    mapping: RwSignal<UserMapping>,
    names: Vec<String>,
    testid: &'static str,
    line: fn(String, AnyView) -> AnyView,
) -> impl IntoView {
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let value = move || mapping.with(|m| role_at(&m.roles, i));
            let set = move |role| mapping.update(|m| set_role_at(&mut m.roles, i, role));
            line(
                name,
                role_select(format!("{testid}-{i}"), value, set).into_any(),
            )
        })
        .collect_view()
}

/// The form; `on_build` receives the dataset, and the mapping that made it, when the mapping is
/// valid.
#[component]
pub fn MappingStep(
    files: Vec<UserFile>,
    on_build: Callback<(Dataset, UserMapping)>,
) -> impl IntoView {
    let refs: Vec<(&str, &Table)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.table.as_ref()))
        .collect();
    let mapping = RwSignal::new(suggest_mapping(&refs));
    let error = RwSignal::new(None::<String>);
    let tables: Vec<&Table> = refs.iter().map(|(_, t)| *t).collect();
    let numeric_shared = weight_candidates(&tables);
    let label_columns = label_candidates(&tables);
    let file_names = StoredValue::new(files.iter().map(|f| f.name.clone()).collect::<Vec<_>>());
    let files = StoredValue::new(files);
    let by_column = move || mapping.with(|m| matches!(m.roles, RoleSource::ByColumn { .. }));
    let set_by_column = move |column: String| {
        let roles = files.with_value(|f| {
            let tables: Vec<&Table> = f.iter().map(|f| f.table.as_ref()).collect();
            by_label_column(&tables, &column)
        });
        mapping.update(|m| m.roles = roles);
    };
    let set_per_file = move || mapping.update(|m| m.roles = per_file(files.with_value(Vec::len)));
    let first_label_column = label_columns.first().cloned();
    let build = move |_| {
        let pairs = files.with_value(|f| {
            f.iter()
                .map(|f| (f.name.clone(), f.table.clone()))
                .collect::<Vec<_>>()
        });
        match mapping.with_untracked(|m| mapping::build(pairs, m)) {
            Ok(dataset) => {
                error.set(None);
                on_build.run((dataset, mapping.get_untracked()));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let per_file_rows = move || {
        role_rows(
            mapping,
            file_names.get_value(),
            "role-file",
            |name, menu| view! { <li><code>{name}</code> " is " {menu}</li> }.into_any(),
        )
    };
    let value_rows = move || {
        let values = mapping.with(|m| match &m.roles {
            RoleSource::ByColumn { values, .. } => values.iter().map(|(v, _)| v.clone()).collect(),
            RoleSource::PerFile(_) => Vec::new(),
        });
        role_rows(mapping, values, "role-value", |value, menu| {
            view! { <li>"Events with " <code>{value}</code> " are " {menu}</li> }.into_any()
        })
    };
    let has_label_columns = !label_columns.is_empty();
    view! {
        <section class="panel" aria-labelledby="mapping-heading" data-testid="mapping-step">
            <h2 id="mapping-heading">"Make it a dataset"</h2>
            <p class="hint">"Tell Five Sigma which events are signal, background or data, and where their weights are. Then the stacked histograms, cuts and scans below work on your files."</p>
            <div class="controls">
                <label>"Weights "
                    <select data-testid="mapping-weight"
                        prop:value=move || mapping.with(|m| m.weight_column.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            mapping.update(|m| m.weight_column = (!v.is_empty()).then_some(v));
                        }>
                        <option value="">"none — every event counts 1"</option>
                        {numeric_shared.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <fieldset class="roles">
                <legend>"Signal and background come from"</legend>
                <label><input type="radio" name="role-source" data-testid="mapping-per-file" prop:checked=move || !by_column()
                    on:change=move |_| set_per_file() />" one process per file"</label>
                {has_label_columns.then(|| view! {
                    <label><input type="radio" name="role-source" data-testid="mapping-by-column" prop:checked=by_column
                        on:change=move |_| if let Some(c) = first_label_column.clone() { set_by_column(c) } />" a label column"</label>
                })}
            </fieldset>
            <Show when=by_column fallback=move || view! { <ul class="role-list">{per_file_rows}</ul> }>
                <label>"Label column "
                    <select data-testid="mapping-label-column"
                        prop:value=move || mapping.with(|m| match &m.roles { RoleSource::ByColumn { column, .. } => column.clone(), RoleSource::PerFile(_) => String::new() })
                        on:change=move |ev| set_by_column(event_target_value(&ev))>
                        {label_columns.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <ul class="role-list">{value_rows}</ul>
            </Show>
            <button class="button" data-testid="mapping-build" on:click=build>"Use these files"</button>
            {move || error.get().map(|m| view! { <p class="error-box" role="alert" data-testid="mapping-error">{m}</p> })}
        </section>
    }
}
