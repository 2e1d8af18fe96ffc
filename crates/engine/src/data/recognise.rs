//! Recognises well-known CSV layouts so that students can drop the official files in with no
//! mapping step: today the ATLAS Open Data dark-matter files (`DM_300.csv`, `ZZ.csv`, …).

use super::catalog::Role;
use super::dataset::{RoleSource, UserMapping, looks_like_labels};
use super::table::Table;

/// A layout we know, with the mapping it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// What the files are, for the page to say ("ATLAS Open Data dark-matter files").
    pub description: &'static str,
    /// Weight column and roles, ready for [`super::dataset_from_user_files`].
    pub mapping: UserMapping,
}

/// The columns every file of the ATLAS dark-matter release has: the weight, then the ten
/// observables.
pub const ATLAS_DM_COLUMNS: [&str; 11] = [
    "totalWeight",
    "sum_lep_charge",
    "lead_lep_pt",
    "sublead_lep_pt",
    "mll",
    "ETmiss",
    "dRll",
    "dphi_pTll_ETmiss",
    "fractional_pT_difference",
    "ETmiss_over_HT",
    "N_bjets",
];

/// The mapping for `files` (name, table) if every file has a known layout: for the ATLAS
/// dark-matter files, weights from `totalWeight`, `DM_*` files are signal, a file named `data…`
/// is data, and every other file is background.
pub fn recognise(files: &[(&str, &Table)]) -> Option<Recognised> {
    if files.is_empty() {
        return None;
    }
    let all_dm = files.iter().all(|(_, table)| {
        ATLAS_DM_COLUMNS
            .iter()
            .all(|column| table.column(column).is_ok())
    });
    if !all_dm {
        return None;
    }
    let roles = files
        .iter()
        .map(|(name, _)| {
            let stem = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
            if stem.starts_with("dm_") {
                Role::Signal
            } else if stem.starts_with("data") {
                Role::Data
            } else {
                Role::Background
            }
        })
        .collect();
    Some(Recognised {
        description: "ATLAS Open Data dark-matter files",
        mapping: UserMapping {
            weight_column: Some("totalWeight".to_owned()),
            roles: RoleSource::PerFile(roles),
        },
    })
}

/// Weight column names we look for, in order of preference.
const WEIGHT_NAMES: [&str; 5] = ["totalWeight", "weight", "Weight", "weights", "w"];

/// A first guess at the mapping for files that were not recognised, for the mapping step to
/// show (the student can change every part): a weight column with a usual name if every file
/// has it; with several files, one process per file (named `*sig*`, `DM_*` or `*H125*` → signal,
/// `data*` → data, else background); with one file, its first label-like text column (e.g.
/// HiggsML's `Label`) with `s`/`signal`/`1` as signal, else per file.
pub fn suggest_mapping(files: &[(&str, &Table)]) -> UserMapping {
    let weight_column = WEIGHT_NAMES
        .iter()
        .find(|name| !files.is_empty() && files.iter().all(|(_, t)| t.numeric(name).is_ok()))
        .map(|name| (*name).to_owned());
    let per_file = || {
        RoleSource::PerFile(
            files
                .iter()
                .map(|(name, _)| {
                    let lower = name.to_ascii_lowercase();
                    if lower.contains("sig") || lower.starts_with("dm_") || lower.contains("h125") {
                        Role::Signal
                    } else if lower.starts_with("data") {
                        Role::Data
                    } else {
                        Role::Background
                    }
                })
                .collect(),
        )
    };
    let roles = match files {
        [(_, table)] => table
            .columns()
            .iter()
            .filter(|c| !c.kind.is_numeric() && looks_like_labels(table, &c.name))
            .map(|c| c.name.clone())
            .next()
            .map_or_else(per_file, |column| {
                let values = label_values(&[table], &column)
                    .into_iter()
                    .map(|v| {
                        let signal = matches!(
                            v.to_ascii_lowercase().as_str(),
                            "s" | "sig" | "signal" | "1"
                        );
                        let role = if signal {
                            Role::Signal
                        } else {
                            Role::Background
                        };
                        (v, role)
                    })
                    .collect();
                RoleSource::ByColumn { column, values }
            }),
        _ => per_file(),
    };
    UserMapping {
        weight_column,
        roles,
    }
}

/// The distinct values of `column` over `tables`, as the cells are written, in order of first
/// appearance (at most 50: more is not a label column).
pub fn label_values(tables: &[&Table], column: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for table in tables {
        let Ok(col) = table.column(column) else {
            continue;
        };
        for row in 0..table.n_rows() {
            let text = col.cell_text(row);
            if !values.contains(&text) {
                values.push(text);
                if values.len() >= 50 {
                    return values;
                }
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CsvOptions, read_csv};

    fn table(header: &str) -> Table {
        let zeros = vec!["0"; header.split(',').count()].join(",");
        read_csv(
            format!("{header}\n{zeros}\n").as_bytes(),
            &CsvOptions::default(),
            |_| {},
        )
        .expect("valid CSV")
    }

    #[test]
    fn dark_matter_files_map_by_name() {
        let header = ATLAS_DM_COLUMNS.join(",");
        let (zz, dm, data) = (table(&header), table(&header), table(&header));
        let found = recognise(&[("ZZ.csv", &zz), ("DM_300.csv", &dm), ("data_A.csv", &data)])
            .expect("recognised");
        assert_eq!(found.mapping.weight_column.as_deref(), Some("totalWeight"));
        assert_eq!(
            found.mapping.roles,
            RoleSource::PerFile(vec![Role::Background, Role::Signal, Role::Data])
        );
    }

    #[test]
    fn suggestions_guess_weights_and_roles() {
        let sig = table("x,weight");
        let bkg = table("x,weight");
        let guess = suggest_mapping(&[("my_signal.csv", &sig), ("bkg.csv", &bkg)]);
        assert_eq!(guess.weight_column.as_deref(), Some("weight"));
        assert_eq!(
            guess.roles,
            RoleSource::PerFile(vec![Role::Signal, Role::Background])
        );
        let labelled = read_csv(
            "x,Weight,Label\n1,2,s\n2,3,b\n3,1,s\n".as_bytes(),
            &CsvOptions::default(),
            |_| {},
        )
        .expect("csv");
        let guess = suggest_mapping(&[("training.csv", &labelled)]);
        assert_eq!(guess.weight_column.as_deref(), Some("Weight"));
        assert_eq!(
            guess.roles,
            RoleSource::ByColumn {
                column: "Label".into(),
                values: vec![("s".into(), Role::Signal), ("b".into(), Role::Background)]
            }
        );
        assert_eq!(label_values(&[&labelled], "Label"), ["s", "b"]);
    }

    #[test]
    fn other_layouts_need_the_mapping_step() {
        let dm = table(&ATLAS_DM_COLUMNS.join(","));
        let other = table("x,y,weight");
        assert!(recognise(&[("a.csv", &other)]).is_none());
        // One unknown file is enough to need a mapping for all.
        assert!(recognise(&[("ZZ.csv", &dm), ("a.csv", &other)]).is_none());
        assert!(recognise(&[]).is_none());
    }
}
