//! Recognises well-known CSV layouts so that students can drop the official files in with no
//! mapping step: today the ATLAS Open Data dark-matter files (`DM_300.csv`, `ZZ.csv`, …).

use super::catalog::Role;
use super::dataset::{RoleSource, UserMapping};
use super::table::Table;

/// A layout we know, with the mapping it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// What the files are, for the page to say ("ATLAS Open Data dark-matter files").
    pub description: &'static str,
    /// Weight column and roles, ready for [`super::dataset_from_user_files`].
    pub mapping: UserMapping,
}

/// The columns every file of the ATLAS dark-matter release has.
const ATLAS_DM_COLUMNS: [&str; 11] = [
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
    fn other_layouts_need_the_mapping_step() {
        let dm = table(&ATLAS_DM_COLUMNS.join(","));
        let other = table("x,y,weight");
        assert!(recognise(&[("a.csv", &other)]).is_none());
        // One unknown file is enough to need a mapping for all.
        assert!(recognise(&[("ZZ.csv", &dm), ("a.csv", &other)]).is_none());
        assert!(recognise(&[]).is_none());
    }
}
