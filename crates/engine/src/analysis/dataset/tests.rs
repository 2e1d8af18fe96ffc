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
