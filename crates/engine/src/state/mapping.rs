//! The mapping step for a student's own CSV files, as state: which columns may hold weights or
//! labels, each file's or label value's role, the dataset they make — refused with a reason
//! unless it has both a signal and a background — and which of its columns are no physics
//! quantity (identifiers, other weights, labels), left out of the default inputs so that a
//! classifier never starts by reading the answer.

use std::sync::Arc;

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
/// plot and scan compares. Its default inputs are every shared numeric column but those
/// [`not_inputs`] finds.
pub fn build<T: Into<Arc<Table>>>(
    files: Vec<(String, T)>,
    mapping: &UserMapping,
) -> Result<Dataset> {
    let mut dataset = dataset_from_user_files(files, mapping)?;
    if dataset.with_role(Role::Signal).next().is_none()
        || dataset.with_role(Role::Background).next().is_none()
    {
        return Err(Error::Dataset(
            "Mark at least one signal and one background: the plots stack backgrounds and the scans compare signal with background.".into(),
        ));
    }
    refuse_missing_weights(&dataset)?;
    let left_out: Vec<String> = not_inputs(&dataset).into_iter().map(|(n, _)| n).collect();
    if !left_out.is_empty() {
        dataset.catalog.inputs = dataset
            .variables()
            .into_iter()
            .filter(|v| !left_out.contains(v))
            .collect();
    }
    Ok(dataset)
}

/// A weight column with empty, −999, NaN or infinite cells would make every sum of weights NaN
/// (the cut-flow's Σw, every significance): refused, naming the sample, the count and the first
/// data row, so that the student picks another column (or none).
fn refuse_missing_weights(dataset: &Dataset) -> Result<()> {
    for sample in &dataset.samples {
        let (Some(column), Some(weights)) = (sample.weight_column(), sample.weights()) else {
            continue;
        };
        let bad: Vec<usize> = (0..weights.len())
            .filter(|&r| !weights[r].is_finite())
            .collect();
        if let Some(first) = bad.first() {
            return Err(Error::Dataset(format!(
                "The weight column {column} has {} empty or non-numeric values in {} (the first at data row {}): every sum of weights would be undefined. Choose another weight column, or none (every event then counts once).",
                bad.len(),
                sample.spec.name,
                first + 1
            )));
        }
    }
    Ok(())
}

/// Why a numeric column is not offered as an input at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAnInput {
    /// An event or row number: unique per event, it lets a model memorise events.
    Identifier,
    /// A weight column other than the one chosen for the events.
    Weight,
    /// The answer itself: which class the event belongs to.
    Label,
}

impl NotAnInput {
    /// What the column looks like, for the sentence the train panel shows.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Identifier => "an identifier",
            Self::Weight => "another weight column",
            Self::Label => "a label",
        }
    }
}

/// Fewer rows than this: whole numbers that happen to be distinct are no evidence of an id.
const MIN_ROWS_FOR_UNIQUE_ID: usize = 20;

/// The numeric columns of `dataset` that are no physics quantity, by name or by content: names
/// such as `EventId`, `event_id`, `id`, `EventNumber`, `index`, or whole numbers that are all
/// different (identifiers); a name containing "weight" (weights other than the chosen one);
/// names such as `label`, `class`, `target`, `is_signal`, `y` (labels).
pub fn not_inputs(dataset: &Dataset) -> Vec<(String, NotAnInput)> {
    dataset
        .variables()
        .into_iter()
        .filter_map(|name| {
            let why = guess_by_name(&name).or_else(|| unique_integers(dataset, &name))?;
            Some((name, why))
        })
        .collect()
}

fn guess_by_name(name: &str) -> Option<NotAnInput> {
    let lower = name.to_ascii_lowercase();
    // "EventId", "eventID", "event_id", "id" — but not "valid" or "rapidity".
    let camel_id = name.ends_with("Id") || name.ends_with("ID");
    let id_like = lower == "id" || lower.ends_with("_id") || (camel_id && name.len() > 2);
    let numbered = [
        "eventnumber",
        "event_number",
        "runnumber",
        "run_number",
        "index",
        "row",
    ];
    if id_like || numbered.contains(&lower.as_str()) {
        return Some(NotAnInput::Identifier);
    }
    if lower.contains("weight") {
        return Some(NotAnInput::Weight);
    }
    let labels = ["class", "target", "truth", "is_signal", "issignal", "y"];
    if lower.contains("label") || labels.contains(&lower.as_str()) {
        return Some(NotAnInput::Label);
    }
    None
}

/// Whole numbers, all different over every sample: row or event numbers.
fn unique_integers(dataset: &Dataset, name: &str) -> Option<NotAnInput> {
    let columns = dataset
        .samples
        .iter()
        .map(|sample| sample.table.numeric(name).ok())
        .collect::<Option<Vec<&[f64]>>>()?;
    let rows: usize = columns.iter().map(|c| c.len()).sum();
    if rows < MIN_ROWS_FOR_UNIQUE_ID {
        return None;
    }
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    for &value in columns.iter().copied().flatten() {
        // NaN (missing) and ±inf have no whole fractional part either.
        if value.fract() != 0.0 {
            return None;
        }
        // Comparisons, not `f64::min`: in wasm that is a call per value (its NaN rule), and no
        // NaN gets here.
        if value < lowest {
            lowest = value;
        }
        if value > highest {
            highest = value;
        }
    }
    // n different whole numbers span at least n − 1: in a narrower range some value repeats (a jet
    // count, a charge), which settles it without sorting 10⁶ values.
    if highest - lowest + 1.0 < rows as f64 {
        return None;
    }
    let mut values = columns.concat();
    values.sort_unstable_by(f64::total_cmp);
    values
        .windows(2)
        .all(|w| w[0] != w[1])
        .then_some(NotAnInput::Identifier)
}

/// The train panel's sentence on the columns left out of the default inputs (`None`: none were).
pub fn left_out_note(dataset: &Dataset) -> Option<String> {
    let left: Vec<String> = not_inputs(dataset)
        .into_iter()
        .map(|(name, why)| format!("{name} ({})", why.reason()))
        .collect();
    (!left.is_empty()).then(|| {
        format!(
            "Not ticked at first: {}. A classifier that reads an identifier or a label learns the answer, not the physics; tick them only if you mean to.",
            left.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CsvOptions, read_csv};

    fn table(text: &str) -> Table {
        read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv")
    }

    #[test]
    fn identifiers_other_weights_and_labels_are_not_default_inputs() {
        // Shaped like the HiggsML file: an id, two weights, a 0/1 truth column, two features (one
        // of them whole numbers that repeat: a jet count), and a row number under a plain name.
        let rows = |from: usize, label: u8| -> String {
            (from..from + 15)
                .map(|i| {
                    format!(
                        "{},{}.5,{}.25,{label},{},{}.75,{}\n",
                        100_000 + i,
                        i % 3,
                        i,
                        i % 4,
                        i * 2,
                        7 * i + 3
                    )
                })
                .collect()
        };
        let header = "EventId,Weight,KaggleWeight,is_signal,PRI_jet_num,mass,serial\n";
        let signal = table(&format!("{header}{}", rows(0, 1)));
        let background = table(&format!("{header}{}", rows(15, 0)));
        let mapping = UserMapping {
            weight_column: Some("Weight".into()),
            roles: per_file(2),
        };
        let mut mapping = mapping;
        set_role_at(&mut mapping.roles, 0, Role::Signal);
        let dataset = build(
            vec![("s.csv".into(), signal), ("b.csv".into(), background)],
            &mapping,
        )
        .expect("dataset");
        assert_eq!(
            not_inputs(&dataset),
            [
                ("EventId".to_owned(), NotAnInput::Identifier),
                ("KaggleWeight".to_owned(), NotAnInput::Weight),
                ("is_signal".to_owned(), NotAnInput::Label),
                ("serial".to_owned(), NotAnInput::Identifier),
            ]
        );
        assert_eq!(
            crate::state::training::default_inputs(&dataset),
            ["PRI_jet_num", "mass"]
        );
        let note = left_out_note(&dataset).expect("a note");
        assert!(note.starts_with("Not ticked at first: EventId (an identifier), KaggleWeight (another weight column), is_signal (a label), serial (an identifier)."), "{note}");
        // Names that only look alike stay inputs.
        for name in ["valid", "rapidity", "Lambda", "yield"] {
            assert_eq!(guess_by_name(name), None, "{name}");
        }
    }

    #[test]
    fn a_weight_column_with_holes_is_refused_with_where() {
        let files = || {
            vec![
                ("s.csv".to_owned(), table("w,x\n0.5,1\n0.5,2\n")),
                ("b.csv".to_owned(), table("w,x\n1,1\n,2\n-999,3\ninf,4\n")),
            ]
        };
        let mut mapping = UserMapping {
            weight_column: Some("w".into()),
            roles: per_file(2),
        };
        set_role_at(&mut mapping.roles, 0, Role::Signal);
        let refused = build(files(), &mapping).expect_err("refused").to_string();
        assert!(
            refused.contains("The weight column w has 3 empty or non-numeric values in b (the first at data row 2)"),
            "{refused}"
        );
        mapping.weight_column = None;
        assert!(
            build(files(), &mapping).is_ok(),
            "without weights every event counts once"
        );
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
