use crate::analysis::{
    Binning, CutDirection, CutExpr, PointColouring, ScanSettings, Significance, Thresholds,
};
use crate::data::Role;
use crate::data::fixture::toy;

#[test]
fn scans_sum_every_signal_and_background_sample() {
    let settings = ScanSettings {
        measure: Significance::SOverSqrtB,
        direction: CutDirection::Above,
        thresholds: Thresholds::List(vec![0.0, 12.0, 22.0, 32.0]),
        min_background: 0.0,
    };
    let result = toy().scan("x", &[], &settings).expect("scan");
    let sb: Vec<(f64, f64)> = result
        .points
        .iter()
        .map(|p| (p.signal, p.background))
        .collect();
    // x > 0: S = 1+1+2 = 4, B = 4+1+1−0.5 = 5.5; x > 12: S = 3, B = 1+1−0.5 = 1.5
    // x > 22: S = 2, B = 1−0.5 = 0.5; x > 32: S = 0, B = −0.5 (undefined)
    assert_eq!(sb, vec![(4.0, 5.5), (3.0, 1.5), (2.0, 0.5), (0.0, -0.5)]);
    assert_eq!(result.best, Some(2)); // 2/√0.5 = 2.83 beats 3/√1.5 = 2.45
    assert!(result.points[3].value.is_err());
    // With a prior cut x < 28 the point at 22 loses the sig event at 30 and bkg2's 35.
    let cut = CutExpr::parse("x < 28").expect("cut");
    let after = toy().scan("x", &[cut], &settings).expect("scan");
    assert_eq!(
        (after.points[2].signal, after.points[2].background),
        (0.0, 1.0)
    );
}

#[test]
fn stacks_and_sums_of_weights() {
    let dataset = toy();
    assert_eq!(dataset.sample("bkg2").expect("bkg2").sum_of_weights(), 0.5);
    let stack = dataset
        .stacked(
            "x",
            Role::Background,
            Some(Binning::uniform(2, 0.0, 40.0).expect("bins")),
            true,
            &[],
        )
        .expect("stack");
    // bins [0,20): bkg1 5 (w 4), 15 (w 1) → 5; [20,40]: bkg2 25 (1) + 35 (−0.5) → 0.5
    assert_eq!(stack.total(), vec![5.0, 0.5]);
    let unweighted = dataset
        .stacked("x", Role::Background, None, false, &[])
        .expect("stack");
    assert_eq!(unweighted.total().iter().sum::<f64>(), 4.0);
    assert_eq!(unweighted.binning.lo(), 5.0);
    assert!(dataset.sample("nope").is_err());
}

#[test]
fn point_clouds_group_by_class_or_sample_after_the_cuts() {
    let data = toy();
    let x = vec!["x".to_owned()];
    let cut = [CutExpr::parse("x > 12").expect("cut")];
    let by_class = data
        .point_cloud(&x, &cut, PointColouring::Class, 100)
        .expect("cloud");
    // Backgrounds first: bkg1 keeps 15, bkg2 keeps 25 and 35; the signal keeps 20 and 30.
    let labels: Vec<(&str, &str, usize)> = by_class
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.color.as_str(), g.passing))
        .collect();
    assert_eq!(
        labels,
        vec![("Background", "#1f77b4", 3), ("Signal", "#d62728", 2)]
    );
    assert_eq!(by_class.groups[0].columns[0], vec![15.0, 25.0, 35.0]);
    assert_eq!(by_class.groups[1].columns[0], vec![20.0, 30.0]);
    // The axis covers the points shown: 15 … 35.
    assert_eq!(by_class.ranges, vec![(15.0, 35.0)]);

    let by_sample = data
        .point_cloud(&x, &[], PointColouring::Sample, 100)
        .expect("cloud");
    let names: Vec<&str> = by_sample.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(names, vec!["bkg1", "bkg2", "sig"]);
    assert_eq!(by_sample.groups[1].color, "#ff7f0e");

    // At most 2 background points: one from each sample (each holds half of the 4 passing).
    let capped = data
        .point_cloud(&x, &[], PointColouring::Class, 2)
        .expect("cloud");
    let shown = &capped.groups[0].columns[0];
    assert_eq!((shown.len(), capped.groups[0].passing), (2, 4));
    assert!(shown.iter().filter(|v| [5.0, 15.0].contains(v)).count() == 1);
    assert!(shown.iter().filter(|v| [25.0, 35.0].contains(v)).count() == 1);

    assert!(
        data.point_cloud(&[], &[], PointColouring::Class, 10)
            .is_err()
    );
    assert!(
        data.point_cloud(&["nope".to_owned()], &[], PointColouring::Class, 10)
            .is_err()
    );
}

#[test]
fn a_scan_walking_each_tables_order_is_sorting_every_event_bit_for_bit() {
    // Three samples of 70 000 events (the radix path), values on a coarse grid so that many tie
    // within and across samples, with NaNs, both zeros and weights of every sign; a cut on
    // another column. The runs merged must give what sorting the events one sample after
    // another gives: the same sorted values and the same running sums, to the last bit.
    use crate::analysis::CumulativeWeights;
    use crate::data::{Column, ColumnData, ColumnKind, Table, ValueIssues};
    let numeric = |name: &str, values: Vec<f64>| Column {
        name: name.into(),
        kind: ColumnKind::Float,
        data: ColumnData::Numeric(values),
        issues: ValueIssues::default(),
    };
    let mut random = crate::data::fixture::uniform(7);
    let mut columns = Vec::new();
    for _ in 0..3 {
        let (mut x, mut y, mut w) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..70_000 {
            x.push(match i % 997 {
                0 => f64::NAN,
                1 => -0.0,
                2 => 0.0,
                _ => (random() * 400.0).round() / 4.0 - 20.0,
            });
            y.push(random());
            w.push(random() * 2.0 - 0.4);
        }
        columns.push((x, y, w));
    }
    // The toy dataset's signal and two backgrounds (weight column `w`), with these tables.
    let mut dataset = toy();
    for (sample, (x, y, w)) in dataset.samples.iter_mut().zip(&columns) {
        sample.table = Table::new(vec![
            numeric("x", x.clone()),
            numeric("y", y.clone()),
            numeric("w", w.clone()),
        ])
        .expect("table")
        .into();
    }
    let cut = CutExpr::parse("y < 0.7").expect("cut");
    // The reference: the backgrounds' passing events one sample after the other, sorted.
    let (mut values, mut weights) = (Vec::new(), Vec::new());
    for (x, y, w) in &columns[1..] {
        for i in 0..x.len() {
            if y[i] < 0.7 {
                values.push(x[i]);
                weights.push(w[i]);
            }
        }
    }
    let reference = CumulativeWeights::new(&values, Some(&weights));
    let ours = dataset
        .cumulative(Role::Background, "x", &[cut])
        .expect("cumulative");
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(ours.sorted_values()), bits(reference.sorted_values()));
    for t in [-20.0, -0.0, 0.0, 12.25, 55.0, 80.0] {
        assert_eq!(
            ours.above(t).to_bits(),
            reference.above(t).to_bits(),
            "above {t}"
        );
        assert_eq!(
            ours.below(t).to_bits(),
            reference.below(t).to_bits(),
            "below {t}"
        );
    }
    // The scans over every value agree point for point, and the order was kept with the table.
    let settings = ScanSettings {
        measure: Significance::SOverSqrtB,
        direction: CutDirection::Below,
        thresholds: Thresholds::EveryValue,
        min_background: 0.0,
    };
    let scan = dataset.scan("x", &[], &settings).expect("scan");
    // k/4 − 20 for k = 0…400: 401 values, 0 among them (−0 and +0 are one threshold).
    assert_eq!(scan.points.len(), 401);
    assert!(dataset.samples[0].table.bytes() > 70_000 * 3 * 8);
}
