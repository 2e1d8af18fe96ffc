//! The mapping step for a user's own CSV files: which column holds the weights, and which file
//! or which label value is signal, background or data. Starts from the engine's guess.

use std::sync::Arc;

use fivesigma_engine::data::{
    Dataset, Role, RoleSource, Table, UserMapping, dataset_from_user_files, label_values,
    suggest_mapping,
};
use leptos::prelude::*;

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct UserFile {
    /// File name as picked.
    pub name: String,
    /// Its table.
    pub table: Arc<Table>,
}

fn role_key(role: Role) -> &'static str {
    role.label()
}

fn role_from_key(key: &str) -> Role {
    match key {
        "signal" => Role::Signal,
        "data" => Role::Data,
        _ => Role::Background,
    }
}

fn role_select(
    testid: String,
    value: impl Fn() -> Role + Send + Sync + 'static,
    set: impl Fn(Role) + 'static,
) -> impl IntoView {
    view! {
        <select data-testid=testid prop:value=move || role_key(value())
            on:change=move |ev| set(role_from_key(&event_target_value(&ev)))>
            <option value="signal">"signal"</option>
            <option value="background">"background"</option>
            <option value="data">"data"</option>
        </select>
    }
}

/// The form; `on_build` receives the dataset when the mapping is valid.
#[component]
pub fn MappingStep(files: Vec<UserFile>, on_build: Callback<Dataset>) -> impl IntoView {
    let refs: Vec<(&str, &Table)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.table.as_ref()))
        .collect();
    let mapping = RwSignal::new(suggest_mapping(&refs));
    let error = RwSignal::new(None::<String>);
    let numeric_shared: Vec<String> = files
        .first()
        .map(|f| {
            f.table
                .numeric_names()
                .filter(|n| files.iter().all(|g| g.table.numeric(n).is_ok()))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let label_columns: Vec<String> = files
        .first()
        .map(|f| {
            f.table
                .columns()
                .iter()
                .filter(|c| fivesigma_engine::data::looks_like_labels(&f.table, &c.name))
                .map(|c| c.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let files = StoredValue::new(files);
    let by_column = move || mapping.with(|m| matches!(m.roles, RoleSource::ByColumn { .. }));
    let set_by_column = move |column: String| {
        let values = files.with_value(|f| {
            let tables: Vec<&Table> = f.iter().map(|f| f.table.as_ref()).collect();
            label_values(&tables, &column)
        });
        mapping.update(|m| {
            m.roles = RoleSource::ByColumn {
                values: values.into_iter().map(|v| (v, Role::Background)).collect(),
                column,
            };
        });
    };
    let set_per_file = move || {
        let n = files.with_value(Vec::len);
        mapping.update(|m| m.roles = RoleSource::PerFile(vec![Role::Background; n]));
    };
    let first_label_column = label_columns.first().cloned();
    let build = move |_| {
        let m: UserMapping = mapping.get_untracked();
        let pairs = files.with_value(|f| {
            f.iter()
                .map(|f| (f.name.clone(), f.table.as_ref().clone()))
                .collect::<Vec<_>>()
        });
        match dataset_from_user_files(pairs, &m) {
            Ok(dataset)
                if dataset.with_role(Role::Signal).next().is_none()
                    || dataset.with_role(Role::Background).next().is_none() =>
            {
                error.set(Some(
                    "Mark at least one signal and one background: the plots stack backgrounds and the scans compare signal with background.".into(),
                ));
            }
            Ok(dataset) => {
                error.set(None);
                on_build.run(dataset);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let per_file_rows = move || {
        files.with_value(|f| {
            f.iter()
                .enumerate()
                .map(|(i, file)| {
                    let value = move || mapping.with(|m| match &m.roles {
                        RoleSource::PerFile(roles) => roles.get(i).copied().unwrap_or(Role::Background),
                        RoleSource::ByColumn { .. } => Role::Background,
                    });
                    let set = move |role| mapping.update(|m| {
                        if let RoleSource::PerFile(roles) = &mut m.roles
                            && let Some(r) = roles.get_mut(i)
                        {
                            *r = role;
                        }
                    });
                    view! { <li><code>{file.name.clone()}</code> " is " {role_select(format!("role-file-{i}"), value, set)}</li> }
                })
                .collect_view()
        })
    };
    let value_rows = move || {
        let values = mapping.with(|m| match &m.roles {
            RoleSource::ByColumn { values, .. } => values.iter().map(|(v, _)| v.clone()).collect(),
            RoleSource::PerFile(_) => Vec::new(),
        });
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let value = move || mapping.with(|m| match &m.roles {
                    RoleSource::ByColumn { values, .. } => values.get(i).map_or(Role::Background, |(_, r)| *r),
                    RoleSource::PerFile(_) => Role::Background,
                });
                let set = move |role| mapping.update(|m| {
                    if let RoleSource::ByColumn { values, .. } = &mut m.roles
                        && let Some(entry) = values.get_mut(i)
                    {
                        entry.1 = role;
                    }
                });
                view! { <li>"Events with " <code>{v}</code> " are " {role_select(format!("role-value-{i}"), value, set)}</li> }
            })
            .collect_view()
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
