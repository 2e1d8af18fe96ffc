use super::*;
use crate::Error;
use crate::data::{CsvOptions, read_csv};

/// Four events with HSF-style lepton columns and a text label.
fn events() -> Table {
    let text = "lep_type_0,lep_type_1,lep_type_2,lep_type_3,lep_charge_0,lep_charge_1,lep_charge_2,lep_charge_3,lead_lep_pt,Label\n\
                11,11,11,11,1,-1,1,-1,120.5,s\n\
                11,11,13,13,1,-1,1,1,80,b\n\
                13,13,13,13,-1,1,-1,1,,s\n\
                11,13,13,13,1,-1,1,-1,45,b\n";
    read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("fixture")
}

fn mask(cut: &str) -> Vec<bool> {
    CutExpr::parse(cut)
        .expect("parses")
        .mask(&events())
        .expect("evaluates")
}

#[test]
fn hsf_cleaning_cuts_written_three_ways() {
    // Flavour sums: 44, 48, 52, 50 → the first three pass.
    let expected = vec![true, true, true, false];
    assert_eq!(
        mask("lep_type_0+lep_type_1+lep_type_2+lep_type_3 in {44,48,52}"),
        expected
    );
    assert_eq!(mask("lep_type_0+…+lep_type_3 in {44, 48, 52}"), expected);
    assert_eq!(mask("sum(lep_type_*) in {44,48,52}"), expected);
    // Charge sums: 0, 2, 0, 0.
    assert_eq!(
        mask("lep_charge_0+...+lep_charge_3 == 0"),
        vec![true, false, true, true]
    );
    assert_eq!(
        mask("sum(lep_charge_*) == 0 and sum(lep_type_*) in {44,48,52}"),
        vec![true, false, true, false]
    );
}

#[test]
fn comparisons_logic_arithmetic_and_missing_values() {
    // lead_lep_pt is missing in row 3: every comparison with it is false, even !=.
    assert_eq!(mask("lead_lep_pt > 50"), vec![true, true, false, false]);
    assert_eq!(mask("lead_lep_pt != 80"), vec![true, false, false, true]);
    assert_eq!(mask("not lead_lep_pt > 50"), vec![false, false, true, true]);
    assert_eq!(
        mask("lead_lep_pt >= 80 && lead_lep_pt <= 80"),
        vec![false, true, false, false]
    );
    assert_eq!(
        mask("lead_lep_pt / 2 - 10 > 30 || Label == \"s\""),
        vec![true, false, true, false]
    );
    assert_eq!(
        mask("abs(-lead_lep_pt) ≥ 120.5"),
        vec![true, false, false, false]
    );
    assert_eq!(
        mask("max(lep_type_0, lep_type_3) = 13"),
        vec![false, true, true, true]
    );
    assert_eq!(
        mask("sqrt(lead_lep_pt * lead_lep_pt) < 1e2"),
        vec![false, true, false, true]
    );
    // Precedence: and binds tighter than or.
    assert_eq!(
        mask("Label == 's' or lead_lep_pt > 100 and lead_lep_pt < 50"),
        vec![true, false, true, false]
    );
}

#[test]
fn text_columns_compare_with_quoted_values() {
    assert_eq!(mask("Label == \"s\""), vec![true, false, true, false]);
    assert_eq!(mask("Label != 's'"), vec![false, true, false, true]);
    assert_eq!(
        mask("Label in {\"b\", \"x\"}"),
        vec![false, true, false, true]
    );
    // A value that never occurs selects nothing rather than failing.
    assert_eq!(mask("Label == \"data\""), vec![false; 4]);
}

fn syntax_position(cut: &str) -> (usize, String) {
    match CutExpr::parse(cut) {
        Err(Error::CutSyntax { position, message }) => (position, message),
        other => panic!("expected a syntax error for {cut:?}, got {other:?}"),
    }
}

fn meaning_position(cut: &str) -> (usize, String) {
    match CutExpr::parse(cut).expect("parses").mask(&events()) {
        Err(Error::CutMeaning { position, message }) => (position, message),
        other => panic!("expected a meaning error for {cut:?}, got {other:?}"),
    }
}

#[test]
fn syntax_errors_point_at_the_character() {
    assert_eq!(syntax_position("lead_lep_pt >").0, 13);
    assert_eq!(syntax_position("lead_lep_pt > 30 lead").0, 17);
    assert_eq!(syntax_position("(lead_lep_pt > 30").0, 17);
    assert_eq!(syntax_position("lead_lep_pt > 30)").0, 16);
    assert_eq!(syntax_position("lead_lep_pt # 3").0, 12);
    assert_eq!(syntax_position("a < b < c").0, 6);
    assert_eq!(syntax_position("x in {1, 2").0, 10);
    assert_eq!(syntax_position("Label == \"s").0, 9);
    assert_eq!(syntax_position("   ").0, 0);
    let (pos, message) = syntax_position("lead_lep_pt & 3");
    assert_eq!(pos, 12);
    assert!(message.contains("&&"), "{message}");
    // An ellipsis needs matching indexed columns on both sides.
    assert_eq!(syntax_position("lep_type_0+…+lead_lep_pt > 1").0, 13);
    assert_eq!(syntax_position("lep_type_3+…+lep_type_1 > 1").0, 13);
    let error = CutExpr::parse("ETmiss >> 3").expect_err("bad");
    assert_eq!(
        error.to_string(),
        "Character 9: expected a column name, a number or ( here."
    );
    assert_eq!(point_at("ETmiss >> 3", 8), "ETmiss >> 3\n        ^");
}

#[test]
fn meaning_errors_point_at_the_character() {
    let (pos, message) = meaning_position("lead_lep_Pt > 30");
    assert_eq!(pos, 0);
    assert!(
        message.contains("no column named lead_lep_Pt") && message.contains("lead_lep_pt"),
        "{message}"
    );
    assert_eq!(meaning_position("lead_lep_pt + 3").0, 12);
    assert!(meaning_position("Label > 3").1.contains("quoted text"));
    assert!(meaning_position("Label + 1 > 3").1.contains("holds text"));
    assert_eq!(meaning_position("x_pt_0 > 1 or foo(3) > 1").0, 0);
    assert_eq!(meaning_position("lead_lep_pt > 1 or foo(3) > 1").0, 19);
    assert!(
        meaning_position("sum(nothing_*) > 1")
            .1
            .contains("nothing_")
    );
    assert!(meaning_position("abs(1, 2) > 0").1.contains("takes 1"));
}

#[test]
fn and_into_narrows_an_existing_mask() {
    let table = events();
    let mut keep = vec![true, true, false, true];
    CutExpr::parse("lead_lep_pt < 100")
        .expect("parses")
        .and_into(&table, &mut keep)
        .expect("ok");
    assert_eq!(keep, vec![false, true, false, true]);
}

#[test]
fn arbitrary_text_never_panics() {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 5_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let table = events();
    runner
        .run(&"[a-z_0-3 ()<>=!&|+*/.…{},\"'-]{0,24}", |text| {
            if let Ok(cut) = CutExpr::parse(&text) {
                let _ = cut.mask(&table);
            }
            Ok(())
        })
        .expect("no panic");
}

#[test]
fn any_column_name_can_be_cut_on_in_backticks() {
    // Names a student's CSV may have: spaces, units, a keyword, a digit first, a backtick.
    let text = "p_T (GeV),and,2nd jet,odd`name,η\n40,1,3,5,0.5\n20,2,1,6,-1.5\n";
    let table = read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("table");
    let mask = |cut: &str| {
        CutExpr::parse(cut)
            .unwrap_or_else(|e| panic!("{cut}: {e}"))
            .mask(&table)
            .expect("evaluates")
    };
    assert_eq!(mask("`p_T (GeV)` > 30"), vec![true, false]);
    assert_eq!(mask("`and` < 2 and `2nd jet` >= 3"), vec![true, false]);
    assert_eq!(mask("`odd``name` == 6"), vec![false, true]);
    assert_eq!(mask("abs(`η`) > 1"), vec![false, true]);
    // Quoting is what the app writes for such names, and leaves plain names alone.
    for (name, quoted) in [
        ("lead_lep_pt", "lead_lep_pt"),
        ("p_T (GeV)", "`p_T (GeV)`"),
        ("and", "`and`"),
        ("2nd jet", "`2nd jet`"),
        ("odd`name", "`odd``name`"),
        ("η", "`η`"),
    ] {
        assert_eq!(quote_column(name), quoted);
    }
    let cut = crate::analysis::threshold_cut_text(
        "p_T (GeV)",
        crate::analysis::CutDirection::Above,
        30.0,
    );
    assert_eq!(cut, "`p_T (GeV)` > 30");
    assert_eq!(mask(&cut), vec![true, false]);
    // Unclosed or empty quotes point at the backtick.
    for (bad, why, at) in [
        ("`p_T (GeV) > 30", "no closing `", 0),
        ("x > 1 and `` < 2", "cannot be empty", 10),
    ] {
        match CutExpr::parse(bad) {
            Err(Error::CutSyntax { position, message }) => {
                assert!(
                    message.contains(why) && position == at,
                    "{bad}: {position} {message}"
                );
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn min_and_max_skip_a_missing_value_but_are_missing_when_all_are() {
    // Row 3 lacks lead_lep_pt: min/max of it alone is missing, so both sides of a cut fail.
    assert_eq!(mask("min(lead_lep_pt) > 0"), vec![true, true, false, true]);
    assert_eq!(
        mask("max(lead_lep_pt) < 1000"),
        vec![true, true, false, true]
    );
    // With a value beside it, the missing one is skipped (numpy's fmin/fmax).
    assert_eq!(
        mask("min(lead_lep_pt, lep_type_0) < 12"),
        vec![true, true, false, true]
    );
    assert_eq!(
        mask("max(lead_lep_pt, lep_type_0) == 13"),
        vec![false, false, true, false]
    );
}

#[test]
fn cuts_written_as_pandas() {
    let table = events();
    let pandas = |text: &str| {
        CutExpr::parse(text)
            .expect("parses")
            .to_pandas("df", &table)
    };
    assert_eq!(
        pandas("lead_lep_pt > 100 and lep_type_0 >= 11"),
        r#"(df["lead_lep_pt"] > 100) & (df["lep_type_0"] >= 11)"#
    );
    assert_eq!(
        pandas("not (abs(lead_lep_pt - 91.2) < 10) or Label == \"s\""),
        r#"~(np.abs(df["lead_lep_pt"] - 91.2) < 10) | (df["Label"] == "s")"#
    );
    assert_eq!(
        pandas("(lep_type_0 > 1 or lep_type_1 > 1) and lead_lep_pt > 2"),
        r#"((df["lep_type_0"] > 1) | (df["lep_type_1"] > 1)) & (df["lead_lep_pt"] > 2)"#
    );
    assert_eq!(
        pandas("sum(lep_charge_*) != 0"),
        r#"((df["lep_charge_0"] + df["lep_charge_1"] + df["lep_charge_2"] + df["lep_charge_3"] != 0) & (df["lep_charge_0"] + df["lep_charge_1"] + df["lep_charge_2"] + df["lep_charge_3"]).notna())"#
    );
    assert_eq!(
        pandas("lead_lep_pt - (lep_type_0 + lep_type_1) / 2 > -(lep_type_2 * 3)"),
        r#"(df["lead_lep_pt"] - (df["lep_type_0"] + df["lep_type_1"]) / 2 > -(df["lep_type_2"] * 3))"#
    );
    assert_eq!(
        pandas("min(lep_type_0, lep_type_1, lead_lep_pt) in {11, 13.5}"),
        r#"np.fmin(np.fmin(df["lep_type_0"], df["lep_type_1"]), df["lead_lep_pt"]).isin([11, 13.5])"#
    );
}
