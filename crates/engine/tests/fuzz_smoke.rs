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
