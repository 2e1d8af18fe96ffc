use super::*;
use crate::data::fixture::{table, toy};

#[test]
fn a_missing_weight_column_is_reported() {
    let catalog = toy().catalog;
    let tables = vec![table("x\n1\n"), table("x,w\n1,1\n"), table("x,w\n1,1\n")];
    let error = Dataset::from_catalog(catalog, tables).expect_err("must fail");
    assert!(error.to_string().contains("weight column w"), "{error}");
}

#[test]
fn user_files_by_label_column_become_samples() {
    let file = table("pt,Weight,Label\n10,0.5,s\n20,2,b\n30,1,b\n40,3,s\n");
    let mapping = UserMapping {
        weight_column: Some("Weight".into()),
        roles: RoleSource::ByColumn {
            column: "Label".into(),
            values: vec![("s".into(), Role::Signal), ("b".into(), Role::Background)],
        },
    };
    let dataset = dataset_from_user_files(vec![("higgs.csv".into(), file.clone())], &mapping)
        .expect("dataset");
    let names: Vec<_> = dataset
        .samples
        .iter()
        .map(|s| (s.spec.name.as_str(), s.spec.role, s.table.n_rows()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Label = s", Role::Signal, 2),
            ("Label = b", Role::Background, 2)
        ]
    );
    assert_eq!(
        dataset.sample("Label = s").expect("s").sum_of_weights(),
        3.5
    );

    let incomplete = UserMapping {
        weight_column: None,
        roles: RoleSource::ByColumn {
            column: "Label".into(),
            values: vec![("s".into(), Role::Signal)],
        },
    };
    let error = dataset_from_user_files(vec![("higgs.csv".into(), file)], &incomplete)
        .expect_err("b unmapped");
    assert!(error.to_string().contains("\"b\" has no role"), "{error}");
}

#[test]
fn user_files_one_per_process() {
    let files = vec![
        ("ZZ.csv".to_owned(), table("m,w\n91,0.1\n")),
        ("signal.csv".to_owned(), table("m,w\n125,0.01\n")),
        ("data.csv".to_owned(), table("m,w\n90,1\n124,1\n")),
    ];
    let mapping = UserMapping {
        weight_column: Some("w".into()),
        roles: RoleSource::PerFile(vec![Role::Background, Role::Signal, Role::Data]),
    };
    let dataset = dataset_from_user_files(files, &mapping).expect("dataset");
    assert_eq!(dataset.samples[0].spec.name, "ZZ");
    assert_eq!(dataset.samples[2].spec.role, Role::Data);
    // Data carry no simulation weight.
    assert_eq!(dataset.samples[2].weights(), None);
    assert_eq!(dataset.samples[2].sum_of_weights(), 2.0);
    assert!(looks_like_labels(&table("y\n0\n1\n1\n"), "y"));
    assert!(!looks_like_labels(&table("y\n0.5\n1\n"), "y"));
}

#[test]
fn variables_and_ranges_skip_weights() {
    let d = toy();
    // No catalog variables: the shared numeric columns, without the weight column.
    assert_eq!(d.variables(), ["x"]);
    assert_eq!(d.range_of("x"), Some((5.0, 35.0)));
    assert_eq!(d.range_of("nope"), None);
}

#[test]
fn the_typical_range_leaves_out_a_few_extreme_values() {
    // Few values: nothing trimmed (0.25 % of 7 is none), the exact range.
    assert_eq!(toy().typical_range_of("x"), Some((5.0, 35.0)));
    // x = 0 … 999 in the signal with one event at 100 000, and 500 and 600 in the backgrounds:
    // 1003 values, 2 trimmed per side (1003 / 400), leaving 2 … 998 — not 0 … 100 000.
    let mut d = toy();
    let mut text = String::from("x,w\n");
    for i in 0..1000 {
        text.push_str(&format!("{i},1\n"));
    }
    text.push_str("100000,1\n");
    d.samples[0].table = table(&text).into();
    d.samples[1].table = table("x,w\n500,1\n").into();
    d.samples[2].table = table("x,w\n600,1\n").into();
    assert_eq!(d.typical_range_of("x"), Some((2.0, 998.0)));
    assert_eq!(d.range_of("x"), Some((0.0, 100_000.0)));
}

#[test]
fn the_typical_range_is_what_sorting_every_finite_value_gives() {
    // Three samples of random sizes with infinities, NaNs, both zeros and heavy ties; the
    // reference sorts every finite value together and reads positions n/400 and n − 1 − n/400
    // (the extremes when those two are equal).
    let mut random = crate::data::fixture::uniform(99);
    for round in 0..40 {
        let mut d = toy();
        let mut all = Vec::new();
        for sample in 0..3 {
            let rows = (random() * 3000.0) as usize + usize::from(sample == 0);
            let mut text = String::from("x,w\n");
            for _ in 0..rows {
                let u = random();
                let x = match (u * 100.0) as u32 {
                    0 => f64::INFINITY,
                    1 => f64::NEG_INFINITY,
                    2 => -0.0,
                    3 => 0.0,
                    _ if round % 4 == 0 => 7.0,
                    _ => ((random() - 0.3) * 1e3).round() / 8.0,
                };
                text.push_str(&format!("{x},1\n"));
                if x.is_finite() {
                    all.push(x);
                }
            }
            text.push_str("nan,1\n");
            d.samples[sample].table = table(&text).into();
        }
        all.sort_by(f64::total_cmp);
        let n = all.len();
        let (lo, hi) = (all[n / 400], all[n - 1 - n / 400]);
        let expected = if hi > lo {
            (lo, hi)
        } else {
            (all[0], all[n - 1])
        };
        let got = d.typical_range_of("x").expect("a range");
        assert_eq!(
            (got.0.to_bits(), got.1.to_bits()),
            (expected.0.to_bits(), expected.1.to_bits()),
            "round {round}: {got:?} vs {expected:?}"
        );
    }
}
