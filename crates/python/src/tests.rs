//! What the code says for each setting; that it runs and gives the engine's numbers is
//! `tests/python_code.rs`' job (it needs Python).

use super::*;
use fivesigma_engine::analysis::{CutDirection, Significance};
use fivesigma_engine::data::{Catalog, CsvOptions, Dataset, read_csv};
use fivesigma_engine::data::{Role, RoleSource, UserMapping};
use fivesigma_engine::ml::{ModelKind, Scaling, TrainingSetup, Weighting};
use fivesigma_engine::view::{CutEntry, LabView, ThresholdChoice};

/// A signal and two backgrounds over `x` and `y` (weights `w`), the second without `eta`.
fn toy() -> Dataset {
    let catalog = Catalog::parse(
        "format_version = 1\nid = \"toy\"\ntitle = \"Toy\"\nprovenance = \"made up\"\nweight_column = \"w\"\n\
         [[sample]]\nname = \"sig\"\nfile = \"sig.csv\"\nrole = \"signal\"\ncolor = \"#d62728\"\n\
         [[sample]]\nname = \"bkg1\"\nfile = \"bkg1.csv\"\nrole = \"background\"\ncolor = \"#1f77b4\"\n\
         [[sample]]\nname = \"bkg2\"\nfile = \"bkg2.csv\"\nrole = \"background\"\ncolor = \"#ff7f0e\"\n",
    )
    .expect("catalog");
    let csv = |shift: f64, eta: bool| {
        let mut text = String::from(if eta { "x,y,eta,w\n" } else { "x,y,w\n" });
        for i in 0..60 {
            let (x, y, w) = (
                i as f64 + shift,
                (7 * i % 11) as f64,
                1.0 + (i % 3) as f64 / 2.0,
            );
            let eta = if eta {
                format!("{},", (i % 5) as f64 / 2.0)
            } else {
                String::new()
            };
            text.push_str(&format!("{x},{y},{eta}{w}\n"));
        }
        read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("table")
    };
    Dataset::from_catalog(
        catalog,
        vec![csv(20.0, true), csv(0.0, true), csv(5.0, false)],
    )
    .expect("dataset")
}

fn shipped() -> DataSource {
    DataSource::Shipped {
        folder: "https://example.org/static_data/datasets/toy/".into(),
    }
}

fn code(view: &LabView, pick: impl Fn(&LabCode<'_>) -> Cell) -> String {
    let dataset = toy();
    let source = shipped();
    let lab = LabCode {
        dataset: &dataset,
        source: &source,
        view,
    };
    pick(&lab).code
}

#[test]
fn reading_names_the_folder_every_file_and_role() {
    let text = code(&LabView::default(), |l| l.reading());
    assert!(
        text.contains("DATA = \"https://example.org/static_data/datasets/toy/\""),
        "{text}"
    );
    for sample in &toy().samples {
        assert!(
            text.contains(&format!("\"{}\"", sample.spec.file)),
            "{text}"
        );
    }
    assert!(text.contains("\"signal\""), "{text}");
    assert!(
        text.contains("pd.concat(frames, ignore_index=True)"),
        "{text}"
    );
}

#[test]
fn the_students_files_are_read_by_name_with_their_roles() {
    let dataset = toy();
    let view = LabView::default();
    let per_file = DataSource::Files {
        names: vec!["sig.csv".into(), "bkg.csv".into()],
        mapping: UserMapping {
            weight_column: None,
            roles: RoleSource::PerFile(vec![Role::Signal, Role::Background]),
        },
    };
    let lab = LabCode {
        dataset: &dataset,
        source: &per_file,
        view: &view,
    };
    let text = lab.reading().code;
    assert!(text.contains("\"sig.csv\": \"signal\""), "{text}");
    assert!(text.contains("\"bkg.csv\": \"background\""), "{text}");
    let by_label = DataSource::Files {
        names: vec!["training.csv".into()],
        mapping: UserMapping {
            weight_column: Some("Weight".into()),
            roles: RoleSource::ByColumn {
                column: "Label".into(),
                values: vec![("s".into(), Role::Signal), ("b".into(), Role::Background)],
            },
        },
    };
    let lab = LabCode {
        source: &by_label,
        ..lab
    };
    let text = lab.reading().code;
    assert!(text.contains("FILES = [\"training.csv\"]"), "{text}");
    assert!(text.contains("\"s\": \"signal\""), "{text}");
    assert!(text.contains("events[\"Label\"].astype(str)"), "{text}");
    assert!(
        text.contains("events[\"weight\"] = events[\"Weight\"]"),
        "{text}"
    );
    // A label value marked as recorded data: those events count once, as in the Lab.
    let with_data = DataSource::Files {
        names: vec!["training.csv".into()],
        mapping: UserMapping {
            weight_column: Some("Weight".into()),
            roles: RoleSource::ByColumn {
                column: "Label".into(),
                values: vec![
                    ("s".into(), Role::Signal),
                    ("b".into(), Role::Background),
                    ("d".into(), Role::Data),
                ],
            },
        },
    };
    let lab = LabCode {
        source: &with_data,
        ..lab
    };
    let text = lab.reading().code;
    assert!(
        text.contains(
            "events[\"weight\"] = np.where(events[\"role\"] == \"data\", 1.0, events[\"Weight\"])"
        ),
        "{text}"
    );
}

#[test]
fn cuts_keep_their_order_and_say_which_are_off_or_wrong() {
    let view = LabView {
        cuts: vec![
            CutEntry::on("x > 7"),
            CutEntry {
                text: "x < 100".into(),
                enabled: false,
            },
            CutEntry::on("nope > 1"),
        ],
        ..LabView::default()
    };
    let text = code(&view, |l| l.cuts());
    let first = text.find("(\"x > 7\", lambda df: (df[\"x\"] > 7))");
    let off = text.find("# \"x < 100\": switched off in the Lab");
    let wrong = text.find("# \"nope > 1\": not applied");
    assert!(
        first.is_some() && off.is_some() && wrong.is_some(),
        "{text}"
    );
    assert!(first < off && off < wrong, "{text}");
    let none = code(&LabView::default(), |l| l.cuts());
    assert!(none.starts_with("selected = events"), "{none}");
}

#[test]
fn the_histogram_follows_the_view() {
    let mut view = LabView::default();
    view.histogram.variable = Some("x".into());
    view.histogram.bins = Some(4);
    view.histogram.range = Some((0.0, 20.0));
    let text = code(&view, |l| l.histogram());
    assert!(text.contains("bins = np.linspace(0, 20, 5)"), "{text}");
    assert!(text.contains("stacked=True"), "{text}");
    assert!(
        text.contains("weights=[p[\"weight\"] for p in parts.values()]"),
        "{text}"
    );
    assert!(!text.contains("set_yscale"), "{text}");
    view.histogram.log_y = true;
    view.histogram.weighted = false;
    let text = code(&view, |l| l.histogram());
    assert!(text.contains("ax.set_yscale(\"log\")"), "{text}");
    assert!(text.contains("weights=None"), "{text}");
    view.histogram.normalised = true;
    let text = code(&view, |l| l.histogram());
    assert!(text.contains("ax.stairs(content / total"), "{text}");
}

#[test]
fn the_scan_keeps_the_chosen_side_with_the_chosen_measure() {
    let mut view = LabView::default();
    view.scan.variable = Some("x".into());
    view.scan.thresholds = ThresholdChoice::List(vec![1.0, 2.5]);
    let text = code(&view, |l| l.scan());
    assert!(text.contains("thresholds = np.array([1, 2.5])"), "{text}");
    assert!(text.contains("side=\"right\""), "{text}");
    assert!(text.contains("S / np.sqrt(B)"), "{text}");
    view.scan.direction = CutDirection::Below;
    view.scan.measure = Significance::Ams { b_reg: 10.0 };
    view.scan.thresholds = ThresholdChoice::Every;
    let text = code(&view, |l| l.scan());
    assert!(text.contains("side=\"left\""), "{text}");
    assert!(text.contains("b_reg = 10"), "{text}");
    assert!(text.contains("np.unique("), "{text}");
}

fn setup(kind: ModelKind) -> TrainingSetup {
    let mut setup = fivesigma_engine::state::training::lab_setup(&toy());
    setup.spec = kind.default_spec();
    setup
}

#[test]
fn training_writes_each_model_with_the_setup() {
    let mut forest = setup(ModelKind::Forest);
    forest.seed = 7;
    forest.test_fraction = 0.3;
    forest.weighting = Weighting::Balanced;
    let text = training_code(&forest).code;
    assert!(text.contains("RandomForestClassifier("), "{text}");
    assert!(text.contains("random_state=7"), "{text}");
    assert!(text.contains("test_size=0.3"), "{text}");
    assert!(text.contains("class_total"), "{text}");
    forest.validation_fraction = 0.2;
    forest.scaling = Scaling::MinMax;
    let text = training_code(&forest).code;
    assert!(text.contains("X_val = scaler.transform(X_val)"), "{text}");
    assert!(text.contains("MinMaxScaler().fit(X_train)"), "{text}");
    for (kind, class) in [
        (ModelKind::Tree, "DecisionTreeClassifier("),
        (ModelKind::Boosting, "GradientBoostingClassifier("),
        (ModelKind::AdaBoost, "AdaBoostClassifier("),
        (ModelKind::Logistic, "LogisticRegression("),
        (ModelKind::Mlp, "keras.Sequential(["),
    ] {
        let text = training_code(&setup(kind)).code;
        assert!(text.contains(class), "{kind:?}: {text}");
        assert!(text.contains("test_scores = "), "{kind:?}: {text}");
    }
}

#[test]
fn a_notebook_has_a_heading_and_a_code_cell_per_step() {
    let script = Script {
        cells: vec![
            Cell::new("Imports", "import numpy as np\n"),
            Cell::new("Two lines", "a = 1\nb = 2\n"),
        ],
    };
    let json: serde_json::Value =
        serde_json::from_str(&notebook_json("Toy", &script)).expect("JSON");
    assert_eq!(json["nbformat"], 4);
    let cells = json["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 1 + 2 * 2);
    assert_eq!(cells[4]["cell_type"], "code");
    assert_eq!(cells[4]["source"], serde_json::json!(["a = 1\n", "b = 2"]));
    let py = script.to_python();
    assert!(py.starts_with("# Written by Five Sigma"), "{py}");
    assert!(py.contains("# %% Two lines\na = 1\nb = 2\n"), "{py}");
}

/// The PyTorch network's code in an order Python runs: helpers defined before use, the loop's
/// batch names apart from the script's `y` and `w`, early stopping restoring the best epoch.
#[test]
fn the_pytorch_network_defines_before_use_and_keeps_the_scripts_names() {
    let mut setup = fivesigma_engine::state::training::setup_with(
        vec!["a".into(), "b".into()],
        fivesigma_engine::ml::preset_spec("hsf-mlp", 2).expect("preset"),
    );
    if let fivesigma_engine::ml::ModelSpec::Mlp(p) = &mut setup.spec {
        p.early_stopping = Some(fivesigma_engine::ml::mlp::EarlyStopping {
            monitor: fivesigma_engine::ml::mlp::Monitor::ValLoss,
            min_delta: 0.0,
            patience: 3,
            restore_best_weights: true,
            rule: Default::default(),
        });
    }
    let code = super::training_code(&setup).code;
    let at = |text: &str| code.find(text).unwrap_or_else(|| panic!("{text}:\n{code}"));
    assert!(at("def tensors(") < at("val = tensors("));
    assert!(at("def loss_of(") < at("for epoch in range(10)"));
    assert!(at("best, wait, best_state") < at("def improved():"));
    assert!(code.contains("for xb, yb, wb in loader:") && !code.contains("for x, y, w in"));
    assert!(code.contains("network.load_state_dict(best_state)"));
    assert!(code.contains("if wait >= 3 and epoch > 0:"));
}
