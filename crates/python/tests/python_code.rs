//! "Show me the Python", run: the code the Lab writes for a scripted journey (the shipped
//! dark-matter dataset, a histogram, two cuts and one switched off, a scan over every value, a
//! forest and its ROC) runs with Python's pandas, numpy, matplotlib and scikit-learn on the
//! shipped CSV files and prints the engine's numbers: the histogram's contents, the cut-flow and
//! the scan's optimum exactly (to 1e-9 relative), the forest's test AUC within 0.02 (another
//! forest from another library), and scikit-learn's AUC of the Lab's own exported scores equal to
//! the engine's to 1e-9.
//!
//! Python comes from `python3` on PATH with those four packages; `scripts/test.sh` installs them
//! and sets `FIVESIGMA_REQUIRE_PYTHON=1`, under which a missing one fails instead of skipping.

use std::path::{Path, PathBuf};
use std::process::Command;

use fivesigma_engine::analysis::{CutExpr, Significance};
use fivesigma_engine::data::{Catalog, CsvOptions, Dataset, Role, read_csv};
use fivesigma_engine::ml::{MissingValues, TrainingData};
use fivesigma_engine::state::device::Device;
use fivesigma_engine::state::evaluation::predictions_csv;
use fivesigma_engine::state::training::{Provenance, judge, lab_setup, prepare};
use fivesigma_engine::view::{CutEntry, LabView, ThresholdChoice};
use fivesigma_python::{DataSource, LabCode, Script, evaluation_code, training_code};

const PACKAGES: &str = "import numpy, pandas, matplotlib, sklearn";

/// `python3` if it has the packages; otherwise a notice (or a failure under
/// `FIVESIGMA_REQUIRE_PYTHON`).
fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", PACKAGES])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("python3");
    }
    assert!(
        std::env::var_os("FIVESIGMA_REQUIRE_PYTHON").is_none(),
        "python3 with numpy, pandas, matplotlib and scikit-learn is required here (scripts/test.sh installs them)"
    );
    eprintln!(
        "NOTICE: python3 with numpy, pandas, matplotlib and scikit-learn is missing; skipping the generated code's run"
    );
    None
}

fn shipped_folder(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../static_data/datasets")
        .join(id)
}

/// A shipped dataset's samples in use by default (the catalog's active ones).
fn shipped(id: &str) -> Dataset {
    shipped_all(id).active()
}

/// Every sample of a shipped dataset, as the lesson page loads it (the other masses too).
fn shipped_all(id: &str) -> Dataset {
    let folder = shipped_folder(id);
    let text = std::fs::read_to_string(folder.join("catalog.toml")).expect("catalog");
    let catalog = Catalog::parse(&text).expect("catalog parses");
    let tables = catalog
        .samples
        .iter()
        .map(|s| {
            let file = std::fs::File::open(folder.join(&s.file)).expect("shipped file");
            read_csv(file, &CsvOptions::default(), |_| {}).expect("shipped CSV parses")
        })
        .collect();
    Dataset::from_catalog(catalog, tables).expect("dataset")
}

/// A shipped lesson, every section parsed.
fn shipped_lesson(id: &str) -> fivesigma_engine::lesson::Lesson {
    use fivesigma_engine::lesson::{Lesson, LessonManifest};
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../static_data/lessons")
        .join(id);
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).expect("lesson file");
    let manifest = LessonManifest::parse(&read("lesson.toml")).expect("manifest");
    let texts: Vec<String> = manifest.sections.iter().map(|s| read(&s.file)).collect();
    Lesson::assemble(manifest, &texts).expect("lesson")
}

/// Runs `code` with Python in `dir` and returns the JSON it prints after `FIVESIGMA-JSON `.
fn run(python: &str, dir: &Path, code: &str) -> serde_json::Value {
    let script = dir.join("lab.py");
    std::fs::write(&script, code).expect("script written");
    let out = Command::new(python)
        .arg(&script)
        .current_dir(dir)
        .env("MPLBACKEND", "Agg")
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the generated code failed:\n{}\n--- code ---\n{code}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("FIVESIGMA-JSON "))
        .unwrap_or_else(|| panic!("no numbers printed:\n{stdout}"));
    serde_json::from_str(line).expect("JSON")
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * a.abs().max(b.abs()).max(1e-300)
}

fn numbers(value: &serde_json::Value) -> Vec<f64> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

#[test]
fn the_labs_python_gives_the_labs_numbers() {
    let Some(python) = python() else { return };
    let dataset = shipped("atlas-dm");
    let mut view = LabView::default();
    view.histogram.variable = Some("ETmiss".into());
    view.cuts = vec![
        CutEntry::on("abs(mll - 91.2) < 15"),
        CutEntry::on("lead_lep_pt > 40 and not (N_bjets > 0)"),
        CutEntry {
            text: "ETmiss > 10000".into(),
            enabled: false,
        },
    ];
    view.scan.variable = Some("ETmiss".into());
    view.scan.thresholds = ThresholdChoice::Every;
    let cuts: Vec<CutExpr> = view
        .enabled_cuts()
        .map(|t| CutExpr::parse(t).expect("cut"))
        .collect();

    // The Lab's forest, trained and judged as the train panel does; its scores exported.
    let setup = lab_setup(&dataset);
    let prepared = prepare(&dataset, &cuts, &setup).expect("prepared");
    let events = TrainingData::from_dataset(&dataset, &setup.inputs, &cuts, MissingValues::Drop)
        .expect("events");
    let trained = setup.train(&events).expect("trained");
    let provenance = Provenance {
        device: Device::Cpu,
        seconds: 1.0,
    };
    let model = judge(&dataset, &cuts, &prepared, &setup, trained, 1, provenance).expect("judged");
    let dir = tempdir();
    std::fs::write(
        dir.join("lab-scores.csv"),
        predictions_csv(&model, &dataset),
    )
    .expect("scores written");

    let source = DataSource::Shipped {
        folder: format!("{}/", shipped_folder("atlas-dm").display()),
    };
    let lab = LabCode {
        dataset: &dataset,
        source: &source,
        view: &view,
    };
    let script = Script {
        cells: vec![
            lab.imports(),
            lab.reading(),
            lab.cuts(),
            lab.histogram(),
            lab.scan(),
            training_code(&setup),
            evaluation_code(&dataset, Some("lab-scores.csv")),
        ],
    };
    let mut code = script.to_python();
    code.push_str(
        "\nimport json\nprint(\"FIVESIGMA-JSON \" + json.dumps({\n    \"counts\": {k: v.tolist() for k, v in counts.items()},\n    \"cutflow\": {s: cutflow[s].tolist() for s in cutflow.columns},\n    \"events_left\": {s: events_left[s].tolist() for s in events_left.columns},\n    \"steps\": list(cutflow.index),\n    \"best_threshold\": float(thresholds[best]), \"best_z\": float(Z[best]), \"n_thresholds\": len(thresholds),\n    \"auc\": float(auc), \"lab_auc\": float(lab_auc)}))\n",
    );
    let printed = run(python, &dir, &code);

    // The histogram: each sample's Σw per bin.
    let binning = view.histogram.binning_in(&dataset).expect("bins");
    for role in [Role::Background, Role::Signal] {
        let stack = dataset
            .stacked("ETmiss", role, Some(binning.clone()), true, &cuts)
            .expect("stack");
        for (name, hist) in &stack.layers {
            let python = numbers(&printed["counts"][name]);
            assert_eq!(python.len(), hist.sumw.len(), "{name}");
            for (p, e) in python.iter().zip(&hist.sumw) {
                assert!(close(*p, *e, 1e-9), "{name}: python {p}, engine {e}");
            }
        }
    }

    // The cut-flow: Σw and events of each sample after each step (the switched-off cut is not
    // a step).
    let flow = dataset.cut_flow(&cuts).expect("cut-flow");
    let steps: Vec<&str> = printed["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s.as_str().expect("text"))
        .collect();
    assert_eq!(
        steps,
        [
            "All events",
            "abs(mll - 91.2) < 15",
            "lead_lep_pt > 40 and not (N_bjets > 0)"
        ]
    );
    for (k, name) in flow.samples.iter().enumerate() {
        let weighted = numbers(&printed["cutflow"][name]);
        let raw = numbers(&printed["events_left"][name]);
        for (step, row) in flow.steps.iter().enumerate() {
            let y = &row.yields[k];
            assert!(
                close(weighted[step], y.weighted, 1e-9),
                "{name} after {}: python {}, engine {}",
                row.label,
                weighted[step],
                y.weighted
            );
            assert_eq!(raw[step], y.raw as f64, "{name} after {}", row.label);
        }
    }
    assert!(
        flow.steps.last().expect("a step").yields[0].raw < flow.steps[0].yields[0].raw,
        "the cuts remove events"
    );

    // The scan over every value: the same optimum, to the last digits.
    let settings = view.scan_settings(&dataset, "ETmiss");
    assert_eq!(settings.measure, Significance::SOverSqrtB);
    let scan = dataset.scan("ETmiss", &cuts, &settings).expect("scan");
    let best = scan.best_point().expect("an optimum");
    assert_eq!(
        printed["n_thresholds"].as_u64(),
        Some(scan.points.len() as u64)
    );
    assert_eq!(printed["best_threshold"].as_f64(), Some(best.threshold));
    let z = best.value.expect("defined");
    let python_z = printed["best_z"].as_f64().expect("z");
    assert!(close(python_z, z, 1e-9), "python {python_z}, engine {z}");

    // The forest: scikit-learn's own forest is close; the Lab's scores give the Lab's AUC.
    let ours = model.evaluation.test_auc;
    let theirs = printed["auc"].as_f64().expect("auc");
    assert!(
        (theirs - ours).abs() <= 0.02,
        "scikit-learn's forest {theirs}, ours {ours}"
    );
    let on_our_scores = printed["lab_auc"].as_f64().expect("lab auc");
    assert!(
        (on_our_scores - ours).abs() <= 1e-9,
        "scikit-learn on our scores {on_our_scores}, ours {ours}"
    );
}

/// A fresh folder under the target directory for one test's files.
fn tempdir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("python-code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

/// Every construct of the cut language, as pandas code, keeps the same events as the engine on a
/// table with missing cells (numbers and text).
#[test]
fn cuts_keep_the_same_events_in_pandas() {
    let Some(python) = python() else { return };
    let mut csv = String::from("a,b,c,lep_charge_0,lep_charge_1,lep_charge_2,Label,p_T (GeV)\n");
    let mut state = 12345_u64;
    let mut next = || {
        // A small linear congruential generator: the table only needs to be varied, not random.
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    for row in 0..300 {
        let cell = |x: f64, missing: bool| {
            if missing {
                String::new()
            } else {
                format!("{x}")
            }
        };
        let (a, b) = (next(), next());
        let c = (next() * 3.0).floor() - 1.0;
        let charges: Vec<String> = (0..3)
            .map(|_| {
                if next() < 0.5 {
                    "-1".to_owned()
                } else {
                    "1".to_owned()
                }
            })
            .collect();
        let label = match row % 7 {
            0 => "",
            r if r % 2 == 0 => "s",
            _ => "b",
        };
        csv.push_str(&format!(
            "{},{},{},{},{label},{}\n",
            cell(a, row % 11 == 0),
            cell(b, row % 13 == 0),
            cell(c, row % 5 == 0),
            charges.join(","),
            cell(next() * 60.0, row % 17 == 0)
        ));
    }
    let table = read_csv(csv.as_bytes(), &CsvOptions::default(), |_| {}).expect("table");
    let cuts = [
        "a > 0.5 and b >= 0.2",
        "not (abs(a - 0.5) < 0.2) or Label == \"s\"",
        "a - (b + c) > -0.5",
        "a / (b * c) < 3",
        "-(a + b) < -0.7",
        "sum(lep_charge_*) == 1",
        "lep_charge_0 + ... + lep_charge_2 == -1",
        "c != 1",
        "Label != \"s\"",
        "c in {0, 1}",
        "Label in {\"s\"}",
        "min(a, b, c) > 0.2",
        "max(a, b) < 0.8",
        "(a > 0.8 or b > 0.8) and c >= 0",
        "sqrt(a) + log(b) > -1 and exp(a) > 1.5",
        "`p_T (GeV)` > 30 or not c == 0",
    ];
    let mut code = String::from(
        "import json\nimport numpy as np\nimport pandas as pd\ndf = pd.read_csv(\"cuts.csv\")\nmasks = []\n",
    );
    for text in cuts {
        let cut = CutExpr::parse(text).expect("cut parses");
        cut.check(&table).expect("cut fits the table");
        code.push_str(&format!(
            "masks.append(({}).tolist())\n",
            cut.to_pandas("df", &table)
        ));
    }
    code.push_str("print(\"FIVESIGMA-JSON \" + json.dumps(masks))\n");
    let dir = tempdir().join("cuts");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("cuts.csv"), &csv).expect("csv written");
    let printed = run(python, &dir, &code);
    for (k, text) in cuts.iter().enumerate() {
        let engine = CutExpr::parse(text)
            .expect("cut")
            .mask(&table)
            .expect("mask");
        let pandas: Vec<bool> = printed[k]
            .as_array()
            .expect("a mask")
            .iter()
            .map(|v| v.as_bool().expect("bool"))
            .collect();
        let differ = engine.iter().zip(&pandas).filter(|(e, p)| e != p).count();
        assert_eq!(differ, 0, "{text}: {differ} events differ");
        let kept = engine.iter().filter(|k| **k).count();
        assert!(
            kept > 0 && kept < engine.len(),
            "{text} keeps {kept}: a weak test"
        );
    }
}

/// `values` (a JSON list, `null` for an undefined point) as numbers, NaN for `null`.
fn numbers_or_nan(value: &serde_json::Value) -> Vec<f64> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn assert_all_close(what: &str, python: &[f64], engine: &[f64], relative: f64) {
    assert_eq!(python.len(), engine.len(), "{what}: lengths");
    for (k, (p, e)) in python.iter().zip(engine).enumerate() {
        let same = (p.is_nan() && e.is_nan()) || close(*p, *e, relative);
        assert!(same, "{what}[{k}]: python {p}, engine {e}");
    }
}

/// The evaluate panel's views, written for a model's exported scores, print the engine's numbers:
/// the ROC's AUCs, the output by process and above the threshold, the KS p-values, the confusion
/// matrix and its rates, the classification report, purity × efficiency and the AMS (on rates and
/// on yields), and the output scan — for a model judged on its validation part (the test part
/// sealed), counted once, by weight and class-balanced.
#[test]
fn the_evaluate_views_python_gives_the_labs_numbers() {
    use fivesigma_engine::ml::evaluation::overtraining;
    use fivesigma_engine::ml::evaluation::{EventWeights, HeldOut, JudgedOn, ScanEvents};
    use fivesigma_engine::state::OutputThresholds;
    use fivesigma_engine::state::evaluation::{
        AmsBasis, AmsSettings, above_threshold, ams_curve, confusion_on, merit_thresholds,
        output_scan_settings, output_totals, purity_efficiency_curve, report_on,
    };
    use fivesigma_python::{Judged, ModelViews};

    let Some(python) = python() else { return };
    let dataset = shipped("atlas-dm");
    let cuts = [CutExpr::parse("lead_lep_pt > 30").expect("cut")];
    let mut setup = lab_setup(&dataset);
    setup.validation_fraction = 0.2;
    let prepared = prepare(&dataset, &cuts, &setup).expect("prepared");
    let trained = setup.train(&prepared.data).expect("trained");
    let provenance = Provenance {
        device: Device::Cpu,
        seconds: 1.0,
    };
    let model = judge(&dataset, &cuts, &prepared, &setup, trained, 2, provenance).expect("judged");
    assert_eq!(model.evaluation.held_out, HeldOut::Validation);
    let views = ModelViews {
        dataset: &dataset,
        model: &model,
    };
    let dir = tempdir().join("evaluate");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(
        dir.join(views.scores_file()),
        predictions_csv(&model, &dataset),
    )
    .expect("scores written");

    let balanced = Judged {
        threshold: 0.4,
        on: JudgedOn::HeldOut,
        counted: EventWeights::Balanced,
        ams: AmsSettings {
            basis: AmsBasis::Rates,
            b_reg: 0.001,
        },
    };
    let once = Judged {
        threshold: 0.3,
        on: JudgedOn::Every,
        counted: EventWeights::Once,
        ams: AmsSettings {
            basis: AmsBasis::Yields,
            b_reg: 10.0,
        },
    };
    let weighted = Judged {
        threshold: 0.55,
        on: JudgedOn::Training,
        counted: EventWeights::Physical,
        ams: AmsSettings {
            basis: AmsBasis::Rates,
            b_reg: 0.001,
        },
    };
    let capture_threshold = |name: &str| {
        format!(
            "captured[{name:?}] = dict(matrix=[float(tn), float(fp), float(fn), float(tp)], rates=[float(v) for v in scores_at.values()],\n    pe=purity_efficiency.tolist(), ams=[None if np.isnan(v) else float(v) for v in Z])\n"
        )
    };
    let mut code = String::from("import json\ncaptured = {}\n");
    let cells = [
        (views.snippet(views.roc(false)).program(), "captured[\"auc\"] = float(auc)\n".to_owned()),
        (views.roc(true).code, "captured[\"train_auc\"] = float(auc)\n".to_owned()),
        (
            views.output(20, true, ScanEvents::Test, 0.4).code,
            "captured[\"output\"] = dict(totals=[float(signal_total), float(background_total)], above=[float(signal_above), float(background_above)],\n    stack=stack, contents=[np.histogram(p[\"score\"], bins=bins, weights=p[\"weight\"] * scale)[0].tolist() for p in parts])\n".to_owned(),
        ),
        (views.overtraining(20).code, "captured[\"ks\"] = [ks[\"background\"], ks[\"signal\"]]\n".to_owned()),
        (views.threshold(&balanced).code, capture_threshold("balanced")),
        (
            views.report(&balanced).code,
            "r = classification_report(judged[\"label\"], predicted, sample_weight=weights, output_dict=True, zero_division=0)\ncaptured[\"report\"] = [[r[k][m] for m in (\"precision\", \"recall\", \"f1-score\", \"support\")] for k in (\"0\", \"1\")]\n".to_owned(),
        ),
        (views.threshold(&once).code, capture_threshold("once")),
        (views.threshold(&weighted).code, capture_threshold("weighted")),
        (
            views
                .output_scan(Significance::SOverSqrtB, ScanEvents::Test, OutputThresholds::Fine)
                .code,
            "captured[\"scan\"] = dict(z=[None if np.isnan(v) else float(v) for v in Z], best=float(thresholds[best]))\n".to_owned(),
        ),
    ];
    for (cell, capture) in cells {
        code.push_str(&cell);
        code.push_str(&capture);
    }
    code.push_str("print(\"FIVESIGMA-JSON \" + json.dumps(captured))\n");
    let printed = run(python, &dir, &code);
    let e = &model.evaluation;

    let auc = printed["auc"].as_f64().expect("auc");
    assert!(close(auc, e.test_auc, 1e-9), "AUC {auc} vs {}", e.test_auc);
    let train_auc = printed["train_auc"].as_f64().expect("train auc");
    assert!(
        close(train_auc, e.train_auc, 1e-9),
        "train AUC {train_auc} vs {}",
        e.train_auc
    );

    let output = &printed["output"];
    let (signal, background) = output_totals(&model, ScanEvents::Test);
    assert_all_close(
        "totals",
        &numbers(&output["totals"]),
        &[signal, background],
        1e-9,
    );
    let above = above_threshold(e, model.held_out_fraction(), None, 0.4);
    assert_all_close(
        "above",
        &numbers(&output["above"]),
        &[above.signal, above.background],
        1e-9,
    );
    let (scored, scale) = e.counted(ScanEvents::Test, model.held_out_fraction());
    let by_sample = fivesigma_engine::ml::evaluation::output_by_sample(
        &scored,
        model.data.samples.len(),
        20,
        scale,
    )
    .expect("output histograms");
    let stack = output["stack"].as_array().expect("stack");
    assert_eq!(
        stack.len(),
        model.data.samples.len(),
        "every sample stacked"
    );
    for (k, name) in stack.iter().enumerate() {
        let name = name.as_str().expect("name");
        let i = model
            .data
            .samples
            .iter()
            .position(|s| s == name)
            .expect("a sample");
        assert_all_close(
            name,
            &numbers(&output["contents"][k]),
            &by_sample[i].sumw,
            1e-9,
        );
    }

    let check = overtraining(&e.train, &e.test, 20).expect("check");
    let ks = numbers(&printed["ks"]);
    for (l, p) in ks.iter().enumerate() {
        assert!(
            (p - check.ks[l].p_value).abs() < 1e-9,
            "KS p {p} vs {}",
            check.ks[l].p_value
        );
    }

    let ts = merit_thresholds();
    for (name, judged) in [
        ("balanced", balanced),
        ("once", once),
        ("weighted", weighted),
    ] {
        let got = &printed[name];
        let c = confusion_on(e, judged.on, judged.threshold, judged.counted).expect("confusion");
        let engine = [
            c.true_negative,
            c.false_positive,
            c.false_negative,
            c.true_positive,
        ];
        assert_all_close(
            &format!("{name} matrix"),
            &numbers(&got["matrix"]),
            &engine,
            1e-9,
        );
        let rates = [c.accuracy(), c.precision(), c.recall(), c.f1()];
        assert_all_close(
            &format!("{name} rates"),
            &numbers(&got["rates"]),
            &rates,
            1e-9,
        );
        let pe = purity_efficiency_curve(e, judged.on, judged.counted, &ts).expect("curve");
        assert_all_close(
            &format!("{name} purity × efficiency"),
            &numbers(&got["pe"]),
            &pe,
            1e-9,
        );
        let ams: Vec<f64> = ams_curve(&model, judged.counted.weighted(), judged.ams, &ts)
            .expect("ams")
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect();
        assert_all_close(
            &format!("{name} AMS"),
            &numbers_or_nan(&got["ams"]),
            &ams,
            1e-9,
        );
        assert!(ams.iter().any(|v| v.is_finite()), "{name}: a defined AMS");
    }
    let report = report_on(e, balanced.on, balanced.threshold, balanced.counted).expect("report");
    for (row, class) in [&report.background, &report.signal].iter().enumerate() {
        let engine = [class.precision, class.recall, class.f1, class.support];
        assert_all_close("report", &numbers(&printed["report"][row]), &engine, 1e-9);
    }

    let settings = output_scan_settings(Significance::SOverSqrtB, OutputThresholds::Fine);
    let scan = e.output_scan(ScanEvents::Test, model.held_out_fraction(), &settings);
    let z: Vec<f64> = scan
        .points
        .iter()
        .map(|p| p.value.unwrap_or(f64::NAN))
        .collect();
    assert_all_close(
        "output scan",
        &numbers_or_nan(&printed["scan"]["z"]),
        &z,
        1e-9,
    );
    let best = scan.best_point().expect("an optimum");
    assert_eq!(printed["scan"]["best"].as_f64(), Some(best.threshold));
}

/// The HiggsML challenge's file as a lesson reads it (the training set's first events, each
/// class's weights scaled to its total over the set) gives the same events and weights in pandas:
/// on a file in the challenge's format written by the test.
#[test]
fn the_challenges_file_reads_the_same_in_pandas() {
    use fivesigma_engine::data::{ChallengeRows, KaggleSet, challenge_dataset};
    let Some(python) = python() else { return };
    let folder = shipped_folder("higgsml-toy");
    let toy = Catalog::parse(&std::fs::read_to_string(folder.join("catalog.toml")).expect("toml"))
        .expect("catalog");
    let mut csv =
        String::from("EventId,DER_mass_MMC,PRI_tau_pt,Weight,Label,KaggleSet,KaggleWeight\n");
    let sets = ["t", "t", "b", "t", "v", "u", "t"];
    for i in 0..400_u32 {
        let label = if i % 3 == 0 { "s" } else { "b" };
        let mass = if i % 10 == 0 {
            -999.0
        } else {
            60.0 + f64::from(i % 97) * 1.25
        };
        let weight = if label == "s" {
            0.001 + f64::from(i % 7) * 1e-4
        } else {
            0.5 + f64::from(i % 11) * 0.25
        };
        csv.push_str(&format!(
            "{},{mass},{},{weight},{label},{},{}\n",
            100_000 + i,
            20.0 + f64::from(i % 13),
            sets[i as usize % sets.len()],
            weight * 1.7
        ));
    }
    let table = read_csv(csv.as_bytes(), &CsvOptions::default(), |_| {}).expect("table");
    let rows = ChallengeRows {
        set: Some(KaggleSet::Training),
        first: Some(150),
    };
    let dataset = challenge_dataset(&toy, &table, &rows).expect("dataset");
    let dir = tempdir().join("challenge");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("challenge.csv"), &csv).expect("file");
    let source = DataSource::Challenge {
        file: "challenge.csv".into(),
        rows,
    };
    let view = LabView::default();
    let lab = LabCode {
        dataset: &dataset,
        source: &source,
        view: &view,
    };
    let mut code = Script {
        cells: vec![lab.imports(), lab.reading()],
    }
    .to_python();
    code.push_str("import json\ng = events.groupby(\"sample\")\nprint(\"FIVESIGMA-JSON \" + json.dumps({\"sumw\": g[\"weight\"].sum().to_dict(), \"n\": g.size().to_dict(), \"ids\": g[\"EventId\"].sum().to_dict()}))\n");
    let printed = run(python, &dir, &code);
    for sample in &dataset.samples {
        let name = &sample.spec.name;
        let weights = sample.weights().expect("weighted");
        let sumw: f64 = weights.iter().sum();
        let python_sumw = printed["sumw"][name].as_f64().expect("Σw");
        assert!(
            close(python_sumw, sumw, 1e-9),
            "{name}: python {python_sumw}, engine {sumw}"
        );
        assert_eq!(
            printed["n"][name].as_u64(),
            Some(sample.table.n_rows() as u64),
            "{name}"
        );
        let ids: f64 = sample.table.numeric("EventId").expect("ids").iter().sum();
        assert_eq!(
            printed["ids"][name].as_f64(),
            Some(ids),
            "{name}: the same events"
        );
    }
}

/// A lesson as a notebook: the dark-matter lesson with one answer given, one widget moved and
/// one model trained runs from top to bottom with Python on the shipped files, and says the
/// student's answer, the moved widget's setting and the model's settings.
#[test]
fn a_lesson_as_a_notebook_runs_and_keeps_the_students_choices() {
    use fivesigma_engine::lesson::{LessonProgress, TaskStatus};
    use fivesigma_python::{LessonCode, LessonData, notebook_json};
    use std::sync::Arc;

    let Some(python) = python() else { return };
    let lesson = shipped_lesson("seeking-the-invisible");
    let dataset = shipped_all("atlas-dm");

    let mut progress = LessonProgress::new(&lesson.manifest.id);
    let (_, task) = lesson.tasks().next().expect("a task");
    let task_id = task.id.as_str();
    let mut answer = progress.task(task_id);
    answer.answer = "4217".into();
    answer.status = TaskStatus::Wrong;
    progress.tasks.insert(task_id.to_owned(), answer);
    let task_title = task.title.clone();
    // The first histogram widget, moved to another variable with 17 bins.
    let (key, spec) = lesson
        .sections
        .iter()
        .flat_map(|s| {
            s.blocks
                .iter()
                .filter_map(|b| match b {
                    fivesigma_engine::lesson::Block::Widget(w) => Some((s.meta.id.clone(), w)),
                    _ => None,
                })
                .enumerate()
                .map(|(n, (sid, w))| (fivesigma_engine::lesson::widget_key(&sid, n + 1), w))
                .collect::<Vec<_>>()
        })
        .find(|(_, w)| w.kind == fivesigma_engine::lesson::WidgetKind::Histogram)
        .expect("a histogram widget");
    let reading = spec
        .reading(&Default::default(), &dataset)
        .expect("the widget's view");
    let mut moved = reading.view.clone();
    moved.histogram.variable = Some("mll".into());
    moved.histogram.bins = Some(17);
    moved.histogram.range = None;
    moved.histogram.data_range = false;
    progress.widgets.entry(key).or_default().view = moved.to_query();

    // A forest trained on the lesson's default samples, as a train widget would.
    let active = dataset.active();
    let mut setup = lab_setup(&active);
    setup.seed = 7;
    let cuts: [CutExpr; 0] = [];
    let prepared = prepare(&active, &cuts, &setup).expect("prepared");
    let trained = setup.train(&prepared.data).expect("trained");
    let provenance = Provenance {
        device: Device::Cpu,
        seconds: 1.0,
    };
    let model =
        Arc::new(judge(&active, &cuts, &prepared, &setup, trained, 1, provenance).expect("judged"));
    let dir = tempdir().join("lesson");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(
        dir.join(fivesigma_engine::state::evaluation::scores_file_name(
            &model.name,
        )),
        predictions_csv(&model, &active),
    )
    .expect("scores written");

    let source = DataSource::Shipped {
        folder: format!("{}/", shipped_folder("atlas-dm").display()),
    };
    let models = [model.clone()];
    let data = [LessonData {
        id: "atlas-dm",
        dataset: &dataset,
        source: &source,
        models: &models,
    }];
    let script = LessonCode {
        lesson: &lesson,
        progress: &progress,
        data: &data,
    }
    .script();
    let text = script.to_python();
    std::fs::write(dir.join("lesson.py"), &text).expect("written");
    for section in &lesson.sections {
        assert!(text.contains(&section.meta.title), "{}", section.meta.title);
    }
    assert!(text.contains(&format!("# %% {task_title}")), "the task");
    assert!(
        text.contains("# Your answer: 4217 (not right yet)"),
        "the answer"
    );
    assert!(
        text.contains("variable = \"mll\"") && text.contains("np.linspace("),
        "the moved histogram"
    );
    assert!(text.contains("random_state=7"), "the model's seed");
    // A training widget after the model shows the network it starts from (in Keras).
    assert!(
        text.contains("keras.Sequential"),
        "the later network widget's settings"
    );
    let notebook: serde_json::Value =
        serde_json::from_str(&notebook_json("Seeking the invisible", &script)).expect("valid JSON");
    assert!(notebook["cells"].as_array().expect("cells").len() > 40);

    // Keras is not among the packages the tests install (it brings TensorFlow): the notebook runs
    // up to the first network.
    let keras = Command::new(python)
        .args(["-c", "import keras"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut code = match text.find("import keras") {
        Some(at) if !keras => {
            let cell = text[..at].rfind("\n# %% ").expect("the network's cell");
            text[..cell].to_owned()
        }
        _ => text,
    };
    code.push_str(
        "\nimport json\nprint(\"FIVESIGMA-JSON \" + json.dumps({\"lab_auc\": float(lab_auc)}))\n",
    );
    let printed = run(python, &dir, &code);
    let lab_auc = printed["lab_auc"].as_f64().expect("the Lab's AUC");
    assert!(
        close(lab_auc, model.evaluation.test_auc, 1e-9),
        "the model's own scores: {lab_auc} vs {}",
        model.evaluation.test_auc
    );
}

/// The HSF network is written in PyTorch, as the lesson trains it: the code names its layer of 5,
/// the softmax pair, SGD at 0.001, batches of 32, 10 epochs and the first 100 events validating,
/// and it is valid Python (run in full where PyTorch is installed: the tests do not install it).
#[test]
fn the_hsf_network_is_written_in_pytorch() {
    let Some(python) = python() else { return };
    let dataset = shipped("atlas-hzz4l");
    let mut setup = lab_setup(&dataset);
    setup.spec = fivesigma_engine::ml::preset_spec("hsf-mlp", setup.inputs.len()).expect("preset");
    let cell = training_code(&setup);
    let code = &cell.code;
    for expected in [
        "import torch",
        "HIDDEN = [5]",
        "nn.Linear(sizes[-1], 2)",
        "torch.optim.SGD(network.parameters(), lr=0.001",
        "batch_size=32",
        "for epoch in range(10)",
        "X_train[100:]",
        "F.cross_entropy",
    ] {
        assert!(code.contains(expected), "{expected}:\n{code}");
    }
    assert!(!code.contains("keras"), "PyTorch, not Keras");
    let dir = tempdir().join("torch");
    std::fs::create_dir_all(&dir).expect("folder");
    let torch = Command::new(python)
        .args(["-c", "import torch"])
        .output()
        .is_ok_and(|o| o.status.success());
    let program = if torch {
        let source = DataSource::Shipped {
            folder: format!("{}/", shipped_folder("atlas-hzz4l").display()),
        };
        let view = LabView::default();
        let lab = LabCode {
            dataset: &dataset,
            source: &source,
            view: &view,
        };
        let mut text = Script {
            cells: vec![
                lab.imports(),
                lab.reading(),
                lab.cuts(),
                cell.clone(),
                evaluation_code(&dataset, None),
            ],
        }
        .to_python();
        text.push_str(
            "import json\nprint(\"FIVESIGMA-JSON \" + json.dumps({\"auc\": float(auc)}))\n",
        );
        text
    } else {
        eprintln!("NOTICE: PyTorch is not installed; the HSF network's code is only compiled");
        format!(
            "import json\ncompile({}, \"network.py\", \"exec\")\nprint(\"FIVESIGMA-JSON \" + json.dumps({{\"auc\": 1.0}}))\n",
            serde_json::to_string(code).expect("as a Python string")
        )
    };
    let printed = run(python, &dir, &program);
    assert!(printed["auc"].as_f64().expect("auc") > 0.6);
}

/// The dice widget's code rolls each die with numpy's random numbers: other rolls than the
/// engine's, the same expectations — every face's weighted count a fair die's n/6 within 5σ, and
/// Kish's effective number of rolls within 2 % of the engine's for the same die.
#[test]
fn the_dice_code_simulates_a_fair_die_as_the_engine_does() {
    use fivesigma_engine::ml::dice::Generator;
    use fivesigma_engine::state::dice::DiceSetup;
    let Some(python) = python() else { return };
    let dir = tempdir().join("dice");
    std::fs::create_dir_all(&dir).expect("folder");
    for generator in [Generator::Fair, Generator::Loaded, Generator::WithNegative] {
        let setup = DiceSetup {
            generator,
            rolls: 120_000,
            seed: 3,
        };
        let mut code = fivesigma_python::dice_code(&setup).code;
        code.push_str("import json\nprint(\"FIVESIGMA-JSON \" + json.dumps({\"weighted\": weighted.tolist(), \"uncertainty\": uncertainty.tolist(), \"effective\": float(effective)}))\n");
        let printed = run(python, &dir, &code);
        let n = setup.rolls as f64;
        let weighted = numbers(&printed["weighted"]);
        let uncertainty = numbers(&printed["uncertainty"]);
        for (face, (w, u)) in weighted.iter().zip(&uncertainty).enumerate() {
            assert!(
                (w - n / 6.0).abs() < 5.0 * u,
                "{generator:?} face {}: {w} ± {u}",
                face + 1
            );
        }
        let engine = generator
            .roll(setup.rolls, setup.seed)
            .expect("rolls")
            .effective_events();
        let effective = printed["effective"].as_f64().expect("effective");
        assert!(
            close(effective, engine, 0.02),
            "{generator:?}: python {effective}, engine {engine}"
        );
    }
}

/// The playground's and the fit widget's code: the same shapes drawn with numpy (other points
/// than the page's), the widget's model learning them as the engine's does on its own points —
/// a depth-4 tree on the moons and a forest on the circles both above 85 % on validation points,
/// within 0.05 of the engine's own model on the page's points; a cubic through the curve by least
/// squares and a line by gradient descent landing near the truth.
#[test]
fn the_toy_widgets_code_learns_what_the_page_learns() {
    use fivesigma_engine::state::playground::PlaygroundSetup;
    let Some(python) = python() else { return };
    let dir = tempdir().join("toys");
    std::fs::create_dir_all(&dir).expect("folder");
    for query in [
        "data=moons&n=1000&noise=0.1&model=tree&depth=4",
        "data=circles&n=1000&noise=0.1&model=forest&trees=30&depth=6",
    ] {
        let (setup, notes) = PlaygroundSetup::from_query(query);
        assert!(notes.is_empty(), "{notes:?}");
        // The engine's own model on the page's points, judged on its validation part.
        let set = setup.toy.make().expect("points");
        let split = set.split().expect("split");
        let take = |rows: &[usize]| -> (fivesigma_engine::ml::Features, Vec<u8>) {
            let columns = set
                .features
                .columns
                .iter()
                .map(|c| rows.iter().map(|&i| c[i]).collect())
                .collect();
            (
                fivesigma_engine::ml::Features::new(set.features.names.clone(), columns)
                    .expect("features"),
                rows.iter().map(|&i| set.labels[i]).collect(),
            )
        };
        let (train, train_labels) = take(&split.train);
        let (validation, validation_labels) = take(&split.validation);
        let model = setup
            .model
            .spec(setup.toy.seed)
            .fit(&train, &train_labels, None, &mut |_, _| true)
            .expect("model");
        let scores = model.predict_proba(&validation).expect("scores");
        let right = scores
            .iter()
            .zip(&validation_labels)
            .filter(|(s, y)| (**s > 0.5) == (**y == 1))
            .count();
        let engine = right as f64 / validation_labels.len() as f64;

        let mut code = fivesigma_python::playground_code(&setup).code;
        code.push_str("import json\nprint(\"FIVESIGMA-JSON \" + json.dumps({\"validation\": float(np.mean((model.predict_proba(X_val)[:, 1] > 0.5) == y_val))}))\n");
        let printed = run(python, &dir, &code);
        let theirs = printed["validation"].as_f64().expect("accuracy");
        assert!(
            theirs > 0.85 && engine > 0.85,
            "{query}: python {theirs}, engine {engine}"
        );
        assert!(
            (theirs - engine).abs() < 0.05,
            "{query}: python {theirs}, engine {engine}"
        );
    }
    for (query, check) in [
        (
            "data=curve&noise=0.1&fit=exact&degree=3",
            "float(mse(theta, x_val, y_val))",
        ),
        (
            "data=line&noise=0.1&fit=descent&degree=1&rate=0.1",
            "float(abs(theta[0] - 0.3) + abs(theta[1] - 0.8))",
        ),
    ] {
        let (setup, notes) = PlaygroundSetup::from_query(query);
        assert!(notes.is_empty(), "{notes:?}");
        let mut code = fivesigma_python::playground_code(&setup).code;
        code.push_str(&format!(
            "import json\nprint(\"FIVESIGMA-JSON \" + json.dumps({{\"off\": {check}}}))\n"
        ));
        let printed = run(python, &dir, &code);
        let off = printed["off"].as_f64().expect("number");
        assert!(off < 0.1, "{query}: {off}");
    }
}

/// The foundations lesson (no dataset: its widgets make their own points) as a notebook: each
/// playground, fit and dice widget's code as the student left it — a moved fit degree and a
/// changed die among them.
#[test]
fn a_lesson_of_toy_widgets_as_a_notebook_keeps_each_widgets_settings() {
    use fivesigma_engine::lesson::{Block, LessonProgress, WidgetKind, widget_key};
    use fivesigma_python::LessonCode;
    let lesson = shipped_lesson("learning-from-examples");
    let mut progress = LessonProgress::new(&lesson.manifest.id);
    let mut kinds = Vec::new();
    for section in &lesson.sections {
        let widgets = section.blocks.iter().filter_map(|b| match b {
            Block::Widget(w) => Some(w),
            _ => None,
        });
        for (n, widget) in widgets.enumerate() {
            let key = widget_key(&section.meta.id, n + 1);
            kinds.push(widget.kind);
            match widget.kind {
                WidgetKind::Fit if !progress.widgets.contains_key(&key) => {
                    let (mut setup, _) = widget.playground_setup("");
                    setup.fit.degree = 7;
                    progress.widgets.entry(key).or_default().view = setup.to_query();
                }
                WidgetKind::Dice => {
                    let (mut setup, _) = widget.dice_setup("");
                    setup.generator = fivesigma_engine::ml::dice::Generator::WithNegative;
                    progress.widgets.entry(key).or_default().view = setup.to_query();
                }
                _ => {}
            }
        }
    }
    assert!(
        kinds.contains(&WidgetKind::Playground)
            && kinds.contains(&WidgetKind::Fit)
            && kinds.contains(&WidgetKind::Dice)
    );
    let text = LessonCode {
        lesson: &lesson,
        progress: &progress,
        data: &[],
    }
    .script()
    .to_python();
    let count = |needle: &str| text.matches(needle).count();
    let playgrounds = kinds
        .iter()
        .filter(|k| **k == WidgetKind::Playground)
        .count();
    assert_eq!(
        count("# %% The playground"),
        playgrounds,
        "every playground"
    );
    assert_eq!(
        count("# %% The fit"),
        kinds.iter().filter(|k| **k == WidgetKind::Fit).count(),
        "every fit"
    );
    assert!(text.contains("DEGREE = 7"), "the moved degree");
    assert!(
        text.contains("counter = rng.random(ROLLS) < s"),
        "the changed die"
    );
    assert!(
        !text.contains("open it in the lesson once"),
        "no dataset asked for"
    );
}
