//! The fuzzing campaign's smoke run: 10⁴ generated inputs through every parser that takes
//! outside text, on every test run. None may panic; every refusal is a typed error. The full
//! campaign (10⁶ each) is `cargo run --release -p fivesigma-engine --example fuzz`.

#[path = "../fuzz/campaign.rs"]
mod campaign;

#[test]
fn every_parser_survives_ten_thousand_generated_inputs() {
    for target in campaign::targets() {
        // The mutations start from inputs the parser accepts (some seeds are bad on purpose).
        assert!(
            target.seeds.iter().any(|seed| (target.parse)(seed)),
            "{}: no seed is accepted",
            target.name
        );
        let report = campaign::run(&target, 10_000, 1);
        eprintln!(
            "{}: {} inputs, {} accepted, {} refused",
            target.name, report.inputs, report.accepted, report.refused
        );
        let first = report
            .panics
            .first()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        assert!(
            report.panics.is_empty(),
            "{}: {} inputs panicked, the first: {first:?}",
            target.name,
            report.panics.len()
        );
        assert_eq!(report.inputs, 10_000);
    }
}

/// A link a chat or a script blew up to megabytes (a seed repeated thousands of times, or nothing
/// but percent escapes): each link parser reads what it can and returns, without a panic.
#[test]
fn enormous_links_are_read_without_a_panic() {
    for target in campaign::targets()
        .into_iter()
        .filter(|t| t.name.contains("link"))
    {
        let mut repeated = Vec::new();
        while repeated.len() < 4 << 20 {
            repeated.extend_from_slice(&target.seeds[0]);
            repeated.push(b'&');
        }
        let escapes = "%E2%88%92".repeat(200_000).into_bytes();
        let one_value = [b"cuts=".as_slice(), &vec![b'x'; 2 << 20]].concat();
        for input in [repeated, escapes, one_value] {
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (target.parse)(&input)));
            assert!(
                outcome.is_ok(),
                "{}: an enormous link panicked",
                target.name
            );
        }
    }
}
