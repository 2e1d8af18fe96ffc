//! The mapping step for a student's own CSV files, as state: which columns may hold weights or
//! labels, each file's or label value's role, and the dataset they make — refused with a reason
//! unless it has both a signal and a background.

use crate::data::{
    Dataset, Role, RoleSource, Table, UserMapping, dataset_from_user_files, label_values,
    looks_like_labels,
};
use crate::{Error, Result};

use super::choice::Choice;

impl Choice for Role {
    const ALL: &'static [Self] = &[Self::Signal, Self::Background, Self::Data];

    fn key(self) -> &'static str {
        self.label()
    }

    fn label(self) -> &'static str {
        Role::label(self)
    }
}

/// Numeric columns every file has: the weight column's candidates.
pub fn weight_candidates(tables: &[&Table]) -> Vec<String> {
    let Some(first) = tables.first() else {
        return Vec::new();
    };
    first
        .numeric_names()
        .filter(|n| tables.iter().all(|t| t.numeric(n).is_ok()))
        .map(str::to_owned)
        .collect()
}

/// Columns of the first file that look like class labels (`Label` with `s`/`b`, say).
pub fn label_candidates(tables: &[&Table]) -> Vec<String> {
    let Some(first) = tables.first() else {
        return Vec::new();
    };
    first
        .columns()
        .iter()
        .filter(|c| looks_like_labels(first, &c.name))
        .map(|c| c.name.clone())
        .collect()
}

/// Roles by the values of `column` (every value a background until the student says otherwise).
pub fn by_label_column(tables: &[&Table], column: &str) -> RoleSource {
    RoleSource::ByColumn {
        values: label_values(tables, column)
            .into_iter()
            .map(|v| (v, Role::Background))
            .collect(),
        column: column.to_owned(),
    }
}

/// One role per file, each a background until the student says otherwise.
pub fn per_file(n_files: usize) -> RoleSource {
    RoleSource::PerFile(vec![Role::Background; n_files])
}

/// The role of entry `i` (a file, or a label value).
pub fn role_at(roles: &RoleSource, i: usize) -> Role {
    match roles {
        RoleSource::PerFile(roles) => roles.get(i).copied(),
        RoleSource::ByColumn { values, .. } => values.get(i).map(|(_, r)| *r),
    }
    .unwrap_or(Role::Background)
}

/// Sets the role of entry `i`.
pub fn set_role_at(roles: &mut RoleSource, i: usize, role: Role) {
    match roles {
        RoleSource::PerFile(roles) => {
            if let Some(r) = roles.get_mut(i) {
                *r = role;
            }
        }
        RoleSource::ByColumn { values, .. } => {
            if let Some(entry) = values.get_mut(i) {
                entry.1 = role;
            }
        }
    }
}

/// The dataset `files` make under `mapping`; it needs a signal and a background, which every
/// plot and scan compares.
pub fn build(files: Vec<(String, Table)>, mapping: &UserMapping) -> Result<Dataset> {
    let dataset = dataset_from_user_files(files, mapping)?;
    if dataset.with_role(Role::Signal).next().is_none()
        || dataset.with_role(Role::Background).next().is_none()
    {
        return Err(Error::Dataset(
            "Mark at least one signal and one background: the plots stack backgrounds and the scans compare signal with background.".into(),
        ));
    }
    Ok(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CsvOptions, read_csv};

    fn table(text: &str) -> Table {
        read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv")
    }

    #[test]
    fn candidates_are_shared_numbers_and_label_like_columns() {
        let a = table("w,Label,x,n\n0.5,s,3.5,1\n0.7,b,4.5,2\n");
        let b = table("w,x\n0.1,5.5\n");
        assert_eq!(weight_candidates(&[&a, &b]), ["w", "x"]);
        // Text with few values, or few whole numbers (a class index).
        assert_eq!(label_candidates(&[&a]), ["Label", "n"]);
        assert!(weight_candidates(&[]).is_empty());
    }

    #[test]
    fn roles_are_read_and_set_per_file_or_per_value() {
        let a = table("Label,x\ns,1\nb,2\ns,3\n");
        let mut roles = by_label_column(&[&a], "Label");
        assert_eq!(role_at(&roles, 0), Role::Background);
        set_role_at(&mut roles, 0, Role::Signal);
        let RoleSource::ByColumn { values, column } = &roles else {
            panic!("by column")
        };
        assert_eq!(column, "Label");
        assert_eq!(values[0].1, Role::Signal);
        let mut files = per_file(2);
        set_role_at(&mut files, 1, Role::Data);
        set_role_at(&mut files, 5, Role::Signal);
        assert_eq!(role_at(&files, 1), Role::Data);
        assert_eq!(role_at(&files, 5), Role::Background);
    }

    #[test]
    fn a_dataset_needs_signal_and_background() {
        let files = || {
            vec![
                ("s.csv".to_owned(), table("x\n1\n")),
                ("b.csv".to_owned(), table("x\n2\n")),
            ]
        };
        let mut mapping = UserMapping {
            weight_column: None,
            roles: per_file(2),
        };
        let refused = build(files(), &mapping).expect_err("no signal");
        assert!(refused.to_string().starts_with("Mark at least one signal"));
        set_role_at(&mut mapping.roles, 0, Role::Signal);
        let dataset = build(files(), &mapping).expect("a dataset");
        assert_eq!(dataset.samples.len(), 2);
        assert_eq!(Role::from_key("data"), Some(Role::Data));
    }
}
