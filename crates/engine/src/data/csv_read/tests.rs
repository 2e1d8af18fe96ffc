use proptest::prelude::*;

use super::*;
use crate::data::is_missing_value;

fn read(text: &str) -> Result<Table> {
    read_csv(text.as_bytes(), &CsvOptions::default(), |_| {})
}

#[test]
fn reads_numbers_integers_and_text_with_their_kinds() {
    let table = read("weight,n_jets,Label\n0.5,2,s\n1.25,0,b\n-0.75,3,s\n").expect("valid CSV");
    assert_eq!(table.n_rows(), 3);
    let kinds: Vec<_> = table.columns().iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ColumnKind::Float,
            ColumnKind::Integer,
            ColumnKind::Categorical
        ]
    );
    assert_eq!(
        table.numeric("weight").expect("numeric"),
        &[0.5, 1.25, -0.75]
    );
    assert_eq!(table.numeric("n_jets").expect("numeric"), &[2.0, 0.0, 3.0]);
    let label = table.column("Label").expect("exists");
    assert_eq!(
        label.data,
        ColumnData::Categorical {
            codes: vec![0, 1, 0],
            levels: vec!["s".into(), "b".into()]
        }
    );
    assert_eq!(
        table.numeric("Label"),
        Err(Error::NotNumeric("Label".into()))
    );
    assert_eq!(
        table.column("nope").map(|_| ()),
        Err(Error::UnknownColumn("nope".into()))
    );
}

#[test]
fn detects_semicolon_and_tab_delimiters() {
    let semi = read("a;b\n1;2\n3;4\n").expect("semicolon CSV");
    assert_eq!(semi.numeric("b").expect("b"), &[2.0, 4.0]);
    let tab = read("a\tb\n1\t2\n").expect("tab CSV");
    assert_eq!(tab.numeric("a").expect("a"), &[1.0]);
    // A comma inside quotes in the header must not win over the real delimiter.
    let quoted = read("\"x, in GeV\";y\n1;2\n").expect("quoted header");
    assert_eq!(quoted.columns()[0].name, "x, in GeV");
}

#[test]
fn handles_bom_crlf_quotes_and_spaces() {
    let text = "\u{feff}name,value\r\n\"Z+jets, merged\", 1.5 \r\n\"say \"\"hi\"\"\",2\r\n";
    let table = read(text).expect("valid CSV");
    assert_eq!(
        table.columns()[0].name,
        "name",
        "the BOM must not become part of the first name"
    );
    assert_eq!(table.columns()[0].cell_text(0), "Z+jets, merged");
    assert_eq!(table.columns()[0].cell_text(1), "say \"hi\"");
    assert_eq!(table.numeric("value").expect("value"), &[1.5, 2.0]);
}

#[test]
fn sentinel_and_empty_cells_are_missing_and_nan_inf_are_counted() {
    let table = read("x,y\n-999,1\n,2\nnan,3\ninf,4\n-inf,5\n7,6\n").expect("valid CSV");
    let x = table.column("x").expect("x");
    assert_eq!(
        x.issues,
        ValueIssues {
            missing: 2,
            nan: 1,
            infinite: 2
        }
    );
    let values = x.as_numeric().expect("numeric");
    assert!(values[0].is_nan() && values[1].is_nan() && values[2].is_nan());
    assert_eq!(values[3], f64::INFINITY);
    assert_eq!(values[5], 7.0);
    // With the sentinel switched off, −999 is an ordinary value.
    let options = CsvOptions {
        missing_sentinel: None,
        ..CsvOptions::default()
    };
    let raw = read_csv("x\n-999\n".as_bytes(), &options, |_| {}).expect("valid CSV");
    assert_eq!(raw.numeric("x").expect("x"), &[-999.0]);
}

#[test]
fn a_column_that_starts_empty_takes_the_type_of_its_first_value() {
    let table = read("x,y\n,a\n,\n2.5,b\n").expect("valid CSV");
    let x = table.column("x").expect("x");
    assert_eq!(x.kind, ColumnKind::Float);
    assert_eq!(x.issues.missing, 2);
    let y = table.column("y").expect("y");
    assert_eq!(y.kind, ColumnKind::Categorical);
    assert_eq!(y.issues.missing, 1);
    assert_eq!(y.cell_text(1), "");
}

#[test]
fn rows_taken_apart_count_their_own_missing_nan_and_infinite_cells() {
    // A label column splits one file into two samples: each counts only its own problems
    // (the whole file's counts were shown for both before).
    let table = read("Label,x,t\ns,1,a\nb,,\nb,-999,c\ns,nan,d\nb,inf,e\n").expect("valid CSV");
    let x = table.column("x").expect("x");
    assert_eq!(
        (x.issues.missing, x.issues.nan, x.issues.infinite),
        (2, 1, 1)
    );
    let (s, b) = (table.take(&[0, 3]), table.take(&[1, 2, 4]));
    let issues = |t: &Table, c: &str| {
        let i = t.column(c).expect("column").issues;
        (i.missing, i.nan, i.infinite)
    };
    assert_eq!(issues(&s, "x"), (0, 1, 0));
    assert_eq!(issues(&b, "x"), (2, 0, 1));
    assert_eq!((issues(&s, "t"), issues(&b, "t")), ((0, 0, 0), (1, 0, 0)));
    // Each sample's summary: its own counts, and the texts it holds (one label, not the file's two).
    let label = crate::data::summarize(s.column("Label").expect("Label"));
    assert_eq!((label.count, label.levels), (2, Some(1)));
    let x = crate::data::summarize(b.column("x").expect("x"));
    assert_eq!((x.count, x.missing, x.infinite), (0, 2, 1));
    // A missing cell is a NaN to arithmetic, told apart from the file's own NaN.
    let values = b.numeric("x").expect("x");
    assert!(values[0].is_nan() && is_missing_value(values[0]) && is_missing_value(values[1]));
    assert!(!is_missing_value(s.numeric("x").expect("x")[1]));
}

#[test]
fn text_in_a_numeric_column_names_line_and_column() {
    let error = read("lead_lep_pt,mll\n40.5,91\n55.0,abc\n").expect_err("must fail");
    assert_eq!(
        error,
        Error::BadValue {
            line: 3,
            column: 2,
            name: "mll".into(),
            expected: "a number, as on the earlier lines of this column".into(),
            found: "abc".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "Line 3, column 2 (\"mll\"): expected a number, as on the earlier lines of this column, found \"abc\"."
    );
}

#[test]
fn ragged_rows_name_the_line() {
    let error = read("a,b,c\n1,2,3\n4,5\n").expect_err("must fail");
    assert_eq!(
        error,
        Error::FieldCount {
            line: 3,
            expected: 3,
            found: 2
        }
    );
}

#[test]
fn empty_header_only_duplicate_and_non_utf8_inputs_are_explained() {
    assert_eq!(read(""), Err(Error::EmptyFile));
    assert_eq!(read("\u{feff}"), Err(Error::EmptyFile));
    assert_eq!(read("a,b\n"), Err(Error::NoRows));
    assert_eq!(
        read("a,b,a\n1,2,3\n"),
        Err(Error::DuplicateColumn {
            name: "a".into(),
            first: 1,
            second: 3
        })
    );
    let bytes = b"a,b\n1,\xff\xfe\n";
    assert_eq!(
        read_csv(&bytes[..], &CsvOptions::default(), |_| {}),
        Err(Error::NotUtf8 { line: 2, column: 2 })
    );
}

#[test]
fn archives_and_binary_files_are_named_not_parsed() {
    let refused = |bytes: &[u8]| match read_csv(bytes, &CsvOptions::default(), |_| {}) {
        Err(Error::NotText { what, .. }) => what,
        other => panic!("{other:?}"),
    };
    // The first bytes of `gzip events.csv`, of an .xlsx, a PDF and a ROOT file.
    assert!(refused(b"\x1f\x8b\x08\x00\x00\x00").contains("gzip"));
    assert!(refused(b"PK\x03\x04\x14\x00").contains("Excel"));
    assert!(refused(b"%PDF-1.7\n").contains("PDF"));
    assert!(refused(b"root\x00\x00\xf4\x3c").contains("ROOT"));
    assert!(refused(b"a,b\n1,\x002\n").contains("binary"));
    let message = read_csv(&b"\x1f\x8b\x08"[..], &CsvOptions::default(), |_| {})
        .expect_err("gzip")
        .to_string();
    assert!(
        message.starts_with(
            "This is a gzip-compressed file (.gz), not a CSV text file. Unpack it first"
        ),
        "{message}"
    );
}

#[test]
fn a_file_too_large_for_the_browser_is_refused_before_reading() {
    assert_eq!(check_csv_size(60_000_000), Ok(()));
    assert_eq!(check_csv_size(MAX_CSV_BYTES), Ok(()));
    let message = check_csv_size(1_200_000_000)
        .expect_err("1.2 GB")
        .to_string();
    assert!(
        message.starts_with("This file is 1200 MB; Five Sigma reads files of up to 600 MB"),
        "{message}"
    );
}

#[test]
fn unnamed_columns_get_a_name() {
    let table = read(",x\n0,1\n").expect("valid CSV");
    assert_eq!(table.columns()[0].name, "unnamed_1");
}

#[test]
fn long_offending_values_are_shortened() {
    let long = "y".repeat(100);
    let error = read(&format!("x\n1\n{long}\n")).expect_err("must fail");
    match error {
        Error::BadValue { found, .. } => assert_eq!(found.chars().count(), 41),
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn progress_is_reported_while_streaming_and_at_the_end() {
    let mut text = String::from("x\n");
    for i in 0..1000 {
        text.push_str(&format!("{i}\n"));
    }
    let options = CsvOptions {
        progress_every_rows: 300,
        ..CsvOptions::default()
    };
    let mut seen = Vec::new();
    let table = read_csv(text.as_bytes(), &options, |p| seen.push(p)).expect("valid CSV");
    assert_eq!(table.n_rows(), 1000);
    let rows: Vec<_> = seen.iter().map(|p| p.rows_read).collect();
    assert_eq!(rows, [300, 600, 900, 1000]);
    assert_eq!(seen.last().map(|p| p.bytes_read), Some(text.len() as u64));
}

proptest! {
    // Issue 3: at least 10⁵ random inputs per normal test run must not panic the reader.
    #![proptest_config(ProptestConfig { cases: 100_000, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
        let _ = read_csv(&bytes[..], &CsvOptions::default(), |_| {});
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn csv_shaped_text_never_panics_and_keeps_row_counts(
        rows in proptest::collection::vec(proptest::collection::vec("[-0-9a-z.,;\"\t ]{0,6}", 1..5), 1..20)
    ) {
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        if let Ok(table) = read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}) {
            for column in table.columns() {
                prop_assert_eq!(column.len(), table.n_rows());
            }
        }
    }
}

/// `error` with its line number set to 0: the `csv` crate counts a CRLF file's lines one short
/// and leaves blank lines out, where the plain path counts as an editor does
/// (`blank_lines_and_crlf_are_counted_as_an_editor_counts`).
fn without_line(error: Error) -> Error {
    match error {
        Error::FieldCount {
            expected, found, ..
        } => Error::FieldCount {
            line: 0,
            expected,
            found,
        },
        Error::BadValue {
            column,
            name,
            expected,
            found,
            ..
        } => Error::BadValue {
            line: 0,
            column,
            name,
            expected,
            found,
        },
        Error::NotUtf8 { column, .. } => Error::NotUtf8 { line: 0, column },
        Error::Csv { message, .. } => Error::Csv { line: 0, message },
        other => other,
    }
}

/// A column as comparable parts: name, kind, issues, values as bits (or codes), levels.
type ColumnBits = (String, ColumnKind, ValueIssues, Vec<u64>, Vec<String>);

/// A table as comparable bits (NaN payloads included), or the error.
fn bits(result: Result<Table>) -> std::result::Result<Vec<ColumnBits>, Error> {
    result.map(|table| {
        table
            .columns()
            .iter()
            .map(|c| match &c.data {
                ColumnData::Numeric(values) => (
                    c.name.clone(),
                    c.kind,
                    c.issues,
                    values.iter().map(|v| v.to_bits()).collect(),
                    Vec::new(),
                ),
                ColumnData::Categorical { codes, levels } => (
                    c.name.clone(),
                    c.kind,
                    c.issues,
                    codes.iter().map(|&code| u64::from(code)).collect(),
                    levels.clone(),
                ),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() })]
    /// The plain path gives what the `csv` crate's path gives, table or error, on files of
    /// plain and awkward cells: numbers in every notation, −999, nan, inf, text, empty and
    /// padded cells, CRLF, rows of the wrong length, invalid UTF-8, and now and then a quote or
    /// a lone `\r` (the rest of the file then goes to the `csv` crate). Line numbers: see
    /// `blank_lines_and_crlf_are_counted_as_an_editor_counts`.
    #[test]
    fn the_plain_path_reads_what_the_csv_crate_reads(
        header in proptest::collection::vec("[a-z]{1,3}", 1..5),
        rows in proptest::collection::vec(proptest::collection::vec(prop_oneof![
            6 => "-?[0-9]{1,4}(\\.[0-9]{0,5})?",
            1 => "-?\\.[0-9]{1,3}",
            1 => "[0-9]{15,21}(\\.[0-9]{1,4})?",
            1 => Just("-999".to_owned()),
            1 => prop_oneof![Just("nan"), Just("inf"), Just("-inf"), Just("1e3"), Just("+2"), Just("-"), Just(".")].prop_map(str::to_owned),
            1 => "[a-z]{1,3}",
            1 => Just(String::new()),
            1 => " ?-?[0-9]{1,3} ?",
            1 => prop_oneof![Just("\"q\""), Just("a\rb"), Just("\u{e9}"), Just("x\u{0}")].prop_map(str::to_owned),
        ], 1..6), 1..25),
        crlf in any::<bool>(),
        semicolon in any::<bool>(),
        invalid_utf8_at in proptest::option::of(0_usize..400),
    ) {
        let (delimiter, end) = (if semicolon { ";" } else { "," }, if crlf { "\r\n" } else { "\n" });
        let mut text = header.join(delimiter) + end;
        for row in &rows {
            text.push_str(&row.join(delimiter));
            text.push_str(end);
        }
        let mut bytes = text.into_bytes();
        if let Some(at) = invalid_utf8_at.filter(|&at| at < bytes.len()) {
            bytes[at] = 0xff;
        }
        let options = CsvOptions::default();
        let plain = bits(read_csv(&bytes[..], &options, |_| {})).map_err(without_line);
        let general = bits(read_csv_general(&bytes, &options)).map_err(without_line);
        prop_assert_eq!(plain, general);
    }
}

#[test]
fn a_quote_after_the_first_blocks_hands_the_rest_to_the_csv_crate() {
    // 3 MB of plain rows (several blocks), then a quoted cell with a delimiter and a line end
    // inside, then plain rows again; the line numbers of a later error count every line.
    let mut text = String::from("x,label\n");
    for i in 0..300_000 {
        text.push_str(&format!("{}.{},b{}\n", i % 977, i % 10, i % 3));
    }
    text.push_str("1.5,\"a, \nb\"\n2.5,c\n");
    let plain = bits(read(&text));
    let general = bits(read_csv_general(text.as_bytes(), &CsvOptions::default()));
    assert_eq!(plain, general);
    let table = read(&text).expect("valid CSV");
    assert_eq!(table.n_rows(), 300_002);
    assert_eq!(table.columns()[1].cell_text(300_000), "a, \nb");
    let bad = text.clone() + "zz,d\n";
    assert_eq!(
        read(&bad).expect_err("text in x").to_string(),
        read_csv_general(bad.as_bytes(), &CsvOptions::default())
            .expect_err("text in x")
            .to_string()
    );
    assert!(
        read(&bad)
            .expect_err("text")
            .to_string()
            .starts_with("Line 300005,")
    );
}

#[test]
fn blank_lines_and_crlf_are_counted_as_an_editor_counts() {
    // Both paths skip blank lines; the plain path counts them in an error's line number (the
    // line a student finds in an editor), where the `csv` crate's count leaves them out (and
    // counts a CRLF file's lines one short: "a,b\r\n0\r\n" is its line 1).
    let text = "a,b\n1,2\n\n\r\n3,4\n\n";
    assert_eq!(
        bits(read(text)),
        bits(read_csv_general(text.as_bytes(), &CsvOptions::default()))
    );
    assert_eq!(read(text).expect("valid").n_rows(), 2);
    assert_eq!(
        read("a,b\n1,2\n\n5\n").expect_err("short row"),
        Error::FieldCount {
            line: 4,
            expected: 2,
            found: 1
        }
    );
    assert_eq!(
        read("a,b\r\n1,2\r\n0\r\n").expect_err("short row"),
        Error::FieldCount {
            line: 3,
            expected: 2,
            found: 1
        }
    );
}
