//! The `cms-vbf-4l` story holds on the generated samples: the exercise's counts before and after
//! dropping the events with a missing jet, in proportion; the dijet mass and gap telling VBF from
//! gluon fusion best; the four-lepton mass peaking at 125 GeV for both Higgs samples and not for
//! ZZ; a random forest on the five high-level features separating signal from background as well
//! as the exercise's do (its accuracy at a cut of 0.6 with per-class normalised weights was 0.93
//! for the network and 0.95 for the forest).

#![allow(clippy::print_stdout)]

use fivesigma_datagen::cms_vbf4l::{self, GeneratedSample};
use fivesigma_engine::ml::{
    Confusion, Features, ForestParams, MaxFeatures, MissingValues, ModelSpec, Order, SplitSpec,
    TrainingData, roc_auc, split,
};

mod common;

fn samples() -> Vec<GeneratedSample> {
    cms_vbf4l::generate(fivesigma_datagen::SEED)
}

fn sample<'a>(all: &'a [GeneratedSample], file: &str) -> &'a GeneratedSample {
    all.iter().find(|s| s.file == file).expect("sample")
}

/// The events with two jets (the exercise's cleaning): their five features and weights.
fn cleaned(s: &GeneratedSample) -> (Vec<[f64; 5]>, Vec<f64>) {
    s.events
        .iter()
        .zip(&s.weights)
        .filter(|(e, _)| e.jet_count() >= 2)
        .map(|(e, w)| (e.high_level(), *w))
        .unzip()
}

#[test]
fn the_exercises_counts_in_proportion_before_and_after_the_cleaning() {
    let all = samples();
    let count = |files: &[&str], clean: bool| -> usize {
        files
            .iter()
            .map(|f| {
                let s = sample(&all, f);
                if clean {
                    cleaned(s).0.len()
                } else {
                    s.events.len()
                }
            })
            .sum()
    };
    let signal = ["VBF_HToZZTo4mu.csv"];
    let background = ["GluGluHToZZTo4mu.csv", "ZZTo4mu.csv"];
    let (s0, b0) = (count(&signal, false), count(&background, false));
    let (s1, b1) = (count(&signal, true), count(&background, true));
    println!("before: {s0} signal, {b0} background; after: {s1} signal, {b1} background");
    // The exercise: 24 867 / 952 342 before (÷ 16: 1 554 / 59 521), 14 260 / 100 724 after.
    assert_eq!((s0, b0), (1_554, 59_522));
    let (kept_s, kept_b) = (s1 as f64 / s0 as f64, b1 as f64 / b0 as f64);
    println!("kept: signal {kept_s:.3} (exercise 0.573), background {kept_b:.3} (exercise 0.106)");
    assert!((kept_s - 14_260.0 / 24_867.0).abs() < 0.04);
    assert!((kept_b - 100_724.0 / 952_342.0).abs() < 0.015);
}

fn weighted_auc(signal: &[f64], ws: &[f64], background: &[f64], wb: &[f64]) -> f64 {
    let labels: Vec<u8> = signal
        .iter()
        .map(|_| 1)
        .chain(background.iter().map(|_| 0))
        .collect();
    let scores: Vec<f64> = signal.iter().chain(background).copied().collect();
    let weights: Vec<f64> = ws.iter().chain(wb).copied().collect();
    let auc = roc_auc(&labels, &scores, Some(&weights)).expect("auc");
    // A feature separates whichever side the signal sits on.
    auc.max(1.0 - auc)
}

#[test]
fn the_dijet_mass_and_gap_tell_vbf_from_gluon_fusion_best_and_both_higgs_peak_at_125() {
    let all = samples();
    let (vbf, wv) = cleaned(sample(&all, "VBF_HToZZTo4mu.csv"));
    let (ggh, wg) = cleaned(sample(&all, "GluGluHToZZTo4mu.csv"));
    let names = ["f_massjj", "f_deltajj", "f_mass4l", "f_Z1mass", "f_Z2mass"];
    let aucs: Vec<f64> = (0..5)
        .map(|k| {
            let a: Vec<f64> = vbf.iter().map(|f| f[k]).collect();
            let b: Vec<f64> = ggh.iter().map(|f| f[k]).collect();
            weighted_auc(&a, &wv, &b, &wg)
        })
        .collect();
    for (n, a) in names.iter().zip(&aucs) {
        println!("VBF vs ggH, {n}: AUC {a:.3}");
    }
    assert!(aucs[0] > 0.7 && aucs[1] > 0.7, "{aucs:?}");
    assert!(
        aucs[2..].iter().all(|&a| a < aucs[0].min(aucs[1]) - 0.1),
        "{aucs:?}"
    );

    let peak = |s: &GeneratedSample| {
        let masses: Vec<f64> = s.events.iter().map(|e| e.high_level()[2]).collect();
        // The 1 GeV bin with the most events between 70 and 300 GeV.
        let mut bins = [0_usize; 230];
        for m in masses.iter().filter(|m| (70.0..300.0).contains(*m)) {
            bins[(m - 70.0) as usize] += 1;
        }
        let best = (0..230).max_by_key(|&i| bins[i]).expect("bins");
        70.0 + best as f64 + 0.5
    };
    for file in [
        "VBF_HToZZTo4mu.csv",
        "GluGluHToZZTo4mu.csv",
        "ttH_HToZZ_4L.csv",
    ] {
        let m = peak(sample(&all, file));
        println!("{file}: m4l peaks at {m} GeV");
        assert!((m - 125.0).abs() < 2.0, "{file}: {m}");
    }
    let zz = peak(sample(&all, "ZZTo4mu.csv"));
    println!("ZZTo4mu: m4l peaks at {zz} GeV");
    assert!((zz - 125.0).abs() > 20.0);
}

#[test]
fn a_forest_on_the_five_high_level_features_separates_as_the_exercises_models_do() {
    let all = samples();
    let mut rows = Vec::new();
    for (file, label) in [
        ("VBF_HToZZTo4mu.csv", 1_u8),
        ("GluGluHToZZTo4mu.csv", 0),
        ("ZZTo4mu.csv", 0),
    ] {
        let (x, w) = cleaned(sample(&all, file));
        rows.extend(x.into_iter().zip(w).map(|(x, w)| (x, w, label)));
    }
    // Per-class normalised weights (the exercise's f_weight / Σ f_weight).
    let sums = [0_u8, 1].map(|c| rows.iter().filter(|r| r.2 == c).map(|r| r.1).sum::<f64>());
    let labels: Vec<u8> = rows.iter().map(|r| r.2).collect();
    let weights: Vec<f64> = rows.iter().map(|r| r.1 / sums[usize::from(r.2)]).collect();
    let columns: Vec<Vec<f64>> = (0..5)
        .map(|k| rows.iter().map(|r| r.0[k]).collect())
        .collect();
    let names = ["f_massjj", "f_deltajj", "f_mass4l", "f_Z1mass", "f_Z2mass"].map(String::from);
    let features = Features::new(names.to_vec(), columns).expect("features");
    let parts = split(
        &labels,
        &SplitSpec {
            validation: 0.0,
            test: 0.2,
            order: Order::Shuffled { seed: 7 },
            stratify: true,
        },
    )
    .expect("split");
    let pick = |rows: &[usize]| {
        (
            features.select(rows),
            rows.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
            rows.iter().map(|&i| weights[i]).collect::<Vec<_>>(),
        )
    };
    let (x_train, y_train, w_train) = pick(&parts.train);
    let (x_test, y_test, w_test) = pick(&parts.test);
    // The exercise's grid-search winner, with fewer trees.
    let spec = ModelSpec::Forest(ForestParams {
        n_estimators: 40,
        max_depth: Some(5),
        min_samples_leaf: 30,
        min_samples_split: 20,
        max_features: MaxFeatures::Count(4),
        bootstrap: false,
        random_state: 7,
        ..ForestParams::default()
    });
    let model = spec
        .fit(&x_train, &y_train, Some(&w_train), &mut |_, _| true)
        .expect("forest");
    let scores = model.predict_proba(&x_test).expect("scores");
    let auc = roc_auc(&y_test, &scores, Some(&w_test)).expect("auc");
    let at = Confusion::at_threshold(&y_test, &scores, Some(&w_test), 0.6).expect("confusion");
    println!(
        "forest: test AUC {auc:.3}; at 0.6 accuracy {:.3}, precision {:.3}, recall {:.3}",
        at.accuracy(),
        at.precision(),
        at.recall()
    );
    assert!(auc > 0.93, "{auc}");
    assert!(at.accuracy() > 0.85, "{}", at.accuracy());
}

#[test]
fn the_engine_reads_the_dataset_and_drops_the_events_with_a_missing_jet_as_the_exercise_does() {
    let dataset = common::generated_dataset(cms_vbf4l::ID);
    let inputs: Vec<String> = ["f_massjj", "f_deltajj", "f_mass4l", "f_Z1mass", "f_Z2mass"]
        .map(String::from)
        .to_vec();
    let kept = TrainingData::from_dataset(&dataset, &inputs, &[], MissingValues::Drop)
        .expect("training data");
    let all = samples();
    // Every sample here (the Lab switches the 4e channel and tt̄H off at first); −999 is a
    // missing value, and the engine drops those events.
    let expected: usize = all.iter().map(|s| cleaned(s).0.len()).sum();
    assert_eq!(kept.len(), expected);
    assert!(
        kept.features
            .columns
            .iter()
            .flatten()
            .all(|&x| x != cms_vbf4l::MISSING)
    );
    let signal = kept.labels.iter().filter(|&&y| y == 1).count();
    let expected_signal: usize = all
        .iter()
        .filter(|s| s.signal)
        .map(|s| cleaned(s).0.len())
        .sum();
    assert_eq!(signal, expected_signal);
}

#[test]
fn each_seed_makes_a_fresh_challenge_whose_key_ranks_submissions() {
    use fivesigma_engine::state::board::{AnswerKey, Submission, rank, submission_csv};
    let challenge = cms_vbf4l::challenge(11, 800);
    let key = AnswerKey::parse("key.csv", &challenge.key_csv).expect("key");
    assert_eq!(key.len(), 800);
    let rows: Vec<Vec<f64>> = challenge
        .sample_csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|x| x.parse().expect("number")).collect())
        .collect();
    assert_eq!(rows.len(), 800);
    assert!(
        rows.iter()
            .all(|r| r.len() == 6 && r[1] != cms_vbf4l::MISSING)
    );
    let truth: Vec<u8> = challenge
        .key_csv
        .lines()
        .skip(1)
        .map(|l| u8::from(l.split(',').nth(1) == Some("1")))
        .collect();
    // The exercise's share of signal after the cleaning: 14 260 of 114 984.
    let signal = truth.iter().filter(|&&y| y == 1).count();
    assert_eq!(signal, 99, "800 × 0.124");
    // Another seed: other events (no row of features in common).
    let other = cms_vbf4l::challenge(12, 800);
    let firsts: std::collections::HashSet<&str> = other
        .sample_csv
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').expect("row").1)
        .collect();
    assert!(
        challenge
            .sample_csv
            .lines()
            .skip(1)
            .all(|l| !firsts.contains(l.split_once(',').expect("row").1))
    );
    // Scoring by the dijet mass alone beats a coin and loses to the truth.
    let ids: Vec<u64> = rows.iter().map(|r| r[0] as u64).collect();
    let by_mass: Vec<f64> = rows.iter().map(|r| r[1]).collect();
    let perfect: Vec<f64> = truth.iter().map(|&y| f64::from(y)).collect();
    let subs = [
        Submission::check("mjj.csv", &submission_csv("m_jj", &ids, &by_mass), &key).expect("mjj"),
        Submission::check("truth.csv", &submission_csv("truth", &ids, &perfect), &key)
            .expect("truth"),
    ];
    let board = rank(&key, &subs).expect("board");
    println!(
        "challenge board: {:?}",
        board.iter().map(|e| (&e.name, e.auc)).collect::<Vec<_>>()
    );
    assert_eq!(board[0].name, "truth");
    assert!((board[0].auc - 1.0).abs() < 1e-12);
    assert!(
        board[1].auc > 0.6 && board[1].auc < 0.95,
        "{}",
        board[1].auc
    );
}
