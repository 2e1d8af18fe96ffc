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
    Dataset::from_catalog(catalog, tables)
        .expect("dataset")
        .active()
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
