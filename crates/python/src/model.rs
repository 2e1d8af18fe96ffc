//! Training and evaluating a classifier as Python: the events after the cuts, the inputs, the
//! split, the scaler, the weights and the model with the Lab's settings (scikit-learn; Keras for
//! a network), then the test events' scores, ROC curve and AUC.
//!
//! What agrees and what does not is said in the code: a forest or a network is a different
//! model in another library (another random stream), so its AUC is close, not equal; metrics
//! computed on the Lab's own exported scores are the Lab's to the last digits.

use super::evaluation::{auc_call, auc_helper};
use super::torch::torch_fit;
use super::{Cell, string_list};
use fivesigma_engine::analysis::cut::{number_literal, python_string};
use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::mlp::{Activation, Initializer, MlpParams, Optimizer, Output};
use fivesigma_engine::ml::{
    AdaBoostParams, BoostingParams, Criterion, ForestParams, MaxFeatures, MissingValues, ModelSpec,
    Scaling, TrainingSetup, TreeParams, Weighting,
};

/// Training with `setup` on the events in `selected` (the cuts' result): leaves the fitted
/// `model` and, on the test events, `X_test`, `y_test`, `w_test` and `test_scores`.
pub fn training_code(setup: &TrainingSetup) -> Cell {
    let mut code = format!("# {}\n", agreement_note(&setup.spec));
    code.push_str(&imports(&setup.spec, setup.scaling));
    code.push_str(&events_code(setup));
    code.push_str(&split_code(setup));
    code.push_str(&weights_code(setup.weighting));
    code.push_str(&scaling_code(
        setup.scaling,
        setup.validation_fraction > 0.0,
    ));
    code.push_str(&fit_code(setup));
    Cell::new(format!("Training: {}", setup.spec.kind().title()), code)
}

/// The evaluation of the model `training_code` leaves: the weighted ROC curve and AUC on the
/// test events, and, given `scores_file` (the file the Lab's "Scores CSV" button saves), the same
/// metrics on the Lab's own scores, which give the Lab's numbers exactly. Where `dataset` has
/// negative weights (real simulations do) the area is the trapezoids' sum under the curve, as
/// the Lab takes it: scikit-learn's `roc_auc_score` refuses a curve that turns back.
pub fn evaluation_code(dataset: &Dataset, scores_file: Option<&str>) -> Cell {
    let negative = dataset
        .simulated()
        .any(|s| s.weights().is_some_and(|w| w.iter().any(|&x| x < 0.0)));
    let area =
        |labels: &str, scores: &str, weights: &str| auc_call(negative, labels, scores, weights);
    let mut code = auc_helper(negative);
    code.push_str(&format!(
        "# Every event counts with its physical weight, as in the Lab.\nauc = {}\nfpr, tpr, _ = roc_curve(y_test, test_scores, sample_weight=w_test)\nprint(f\"test AUC (this model): {{auc:.4f}}\")\nfig, ax = plt.subplots()\nax.plot(fpr, tpr, label=f\"AUC = {{auc:.3f}}\")\nax.plot([0, 1], [0, 1], color=\"grey\", linestyle=\":\")\nax.set_xlabel(\"Background efficiency (false positive rate)\")\nax.set_ylabel(\"Signal efficiency (true positive rate)\")\nax.set_title(\"ROC curve on the test events\")\nax.legend()\nplt.show()\n\n",
        area("y_test", "test_scores", "w_test")
    ));
    if let Some(file) = scores_file {
        code.push_str(&format!(
            "# The Lab's own scores (the evaluate panel's \"Scores CSV\"): scikit-learn gives the Lab's numbers exactly.\n# The model above is another model (another library draws other random numbers): its AUC is close, not equal.\nimport os\nif os.path.exists({file}):\n    lab = pd.read_csv({file})\n    lab_test = lab[lab[\"part\"] == \"test\"]\n    lab_auc = {}\n    print(f\"test AUC (the Lab's model): {{lab_auc:.6f}}\")\n",
            area("lab_test[\"label\"]", "lab_test[\"score\"]", "lab_test[\"weight\"]"),
            file = python_string(file)
        ));
    }
    Cell::new("Evaluation: ROC curve and AUC", code)
}

/// What to expect of this model against the Lab's: the split and the random draws differ.
fn agreement_note(spec: &ModelSpec) -> &'static str {
    match spec {
        ModelSpec::Logistic(_) => {
            "Logistic regression has one best fit: on the Lab's split it gives the Lab's weights to a few digits; this split differs a little."
        }
        ModelSpec::Mlp(p) if p.initializer == Initializer::Torch => {
            "A network starts from random weights: PyTorch draws other ones than the Lab, so expect the same quality, not the same numbers."
        }
        ModelSpec::Mlp(_) => {
            "A network starts from random weights: Keras draws other ones than the Lab, so expect the same quality, not the same numbers."
        }
        _ => {
            "scikit-learn splits the events and draws its random choices with other random numbers than the Lab: expect the same quality, not the same trees."
        }
    }
}

pub(crate) fn imports(spec: &ModelSpec, scaling: Scaling) -> String {
    let mut lines = vec!["from sklearn.model_selection import train_test_split".to_owned()];
    if let Some(scaler) = scaler_class(scaling) {
        lines.push(format!("from sklearn.preprocessing import {scaler}"));
    }
    lines.push(
        match spec {
            ModelSpec::Tree { .. } => "from sklearn.tree import DecisionTreeClassifier",
            ModelSpec::Forest(_) => "from sklearn.ensemble import RandomForestClassifier",
            ModelSpec::Boosting(_) => "from sklearn.ensemble import GradientBoostingClassifier",
            ModelSpec::AdaBoost(_) => {
                "from sklearn.ensemble import AdaBoostClassifier\nfrom sklearn.tree import DecisionTreeClassifier"
            }
            ModelSpec::Logistic(_) => "from sklearn.linear_model import LogisticRegression",
            ModelSpec::Mlp(p) if p.initializer == Initializer::Torch => {
                "import torch\nimport torch.nn.functional as F\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset"
            }
            ModelSpec::Mlp(_) => "import keras",
        }
        .to_owned(),
    );
    format!("{}\n\n", lines.join("\n"))
}

fn scaler_class(scaling: Scaling) -> Option<&'static str> {
    match scaling {
        Scaling::None => None,
        Scaling::Standard => Some("StandardScaler"),
        Scaling::MinMax => Some("MinMaxScaler"),
        Scaling::Robust => Some("RobustScaler"),
    }
}

/// The simulated events after the cuts, as inputs `X`, labels `y` (1 = signal) and weights `w`.
fn events_code(setup: &TrainingSetup) -> String {
    let mut code = format!(
        "INPUTS = {}\nsimulated = selected[selected[\"role\"] != \"data\"]\n",
        string_list(&setup.inputs)
    );
    let sentinel = number_literal(fivesigma_engine::ml::MISSING_SENTINEL);
    match setup.missing_values() {
        MissingValues::Drop => code.push_str(&format!(
            "# Events lacking an input (empty, {sentinel}, NaN or ±inf) are left out, as in the Lab.\nlacking = simulated[INPUTS].isna().any(axis=1) | simulated[INPUTS].isin([{sentinel}, np.inf, -np.inf]).any(axis=1)\nsimulated = simulated[~lacking]\nX = simulated[INPUTS].to_numpy()\n"
        )),
        MissingValues::Keep => code.push_str(&format!(
            "# A missing input ({sentinel}, ±inf or empty) stays missing: the trees send it to one side of each split.\nX = simulated[INPUTS].replace([{sentinel}, np.inf, -np.inf], np.nan).to_numpy()\n"
        )),
    }
    code.push_str(
        "y = (simulated[\"role\"] == \"signal\").to_numpy(dtype=int)  # 1: signal, 0: background\nw = simulated[\"weight\"].to_numpy()\n\n",
    );
    code
}

fn split_code(setup: &TrainingSetup) -> String {
    let seed = setup.seed;
    let test = number_literal(setup.test_fraction);
    if setup.validation_fraction > 0.0 {
        let validation = number_literal(setup.validation_fraction);
        format!(
            "# Three parts, each with the classes in the same proportions (seed {seed}): {validation} of the events\n# validate (choosing settings and thresholds), {test} test (looked at once, at the end), the rest train.\nX_rest, X_test, y_rest, y_test, w_rest, w_test = train_test_split(\n    X, y, w, test_size={test}, stratify=y, random_state={seed})\nX_train, X_val, y_train, y_val, w_train, w_val = train_test_split(\n    X_rest, y_rest, w_rest, test_size={validation} / (1 - {test}), stratify=y_rest, random_state={seed})\n\n"
        )
    } else {
        format!(
            "# A split keeping the classes in the same proportions (seed {seed}): {test} of the events test, the rest train.\nX_train, X_test, y_train, y_test, w_train, w_test = train_test_split(\n    X, y, w, test_size={test}, stratify=y, random_state={seed})\n\n"
        )
    }
}

fn weights_code(weighting: Weighting) -> String {
    match weighting {
        Weighting::Unweighted => {
            "fit_weights = None  # every training event counts once\n\n".to_owned()
        }
        Weighting::Event => {
            "fit_weights = w_train  # the Monte-Carlo weights as they are\n\n".to_owned()
        }
        Weighting::Balanced => "# Each class's weights scaled to the same total (half the events each; mean weight 1).\nclass_total = np.where(y_train == 1, w_train[y_train == 1].sum(), w_train[y_train == 0].sum())\nfit_weights = w_train / class_total * len(y_train) / 2\n\n".to_owned(),
    }
}

fn scaling_code(scaling: Scaling, validation: bool) -> String {
    let Some(scaler) = scaler_class(scaling) else {
        return "# The inputs are used as they are (no scaling).\n\n".to_owned();
    };
    let mut code = format!(
        "# The scaler learns from the training events only, then transforms every part.\nscaler = {scaler}().fit(X_train)\nX_train, X_test = scaler.transform(X_train), scaler.transform(X_test)\n"
    );
    if validation {
        code.push_str("X_val = scaler.transform(X_val)\n");
    }
    code.push('\n');
    code
}

pub(crate) fn fit_code(setup: &TrainingSetup) -> String {
    let seed = setup.seed;
    match &setup.spec {
        ModelSpec::Tree { params, .. } => sklearn_fit(&tree(params, seed)),
        ModelSpec::Forest(p) if p.bootstrap && setup.weighting != Weighting::Unweighted => {
            // Newer scikit-learn draws each tree's bootstrap with probabilities ∝ the weights.
            format!(
                "# scikit-learn draws each tree's events with probabilities proportional to their weights,\n# which cannot be negative: events weighing less than nothing train with weight 0 here.\nfit_weights = np.clip(fit_weights, 0, None)\n{}",
                sklearn_fit(&forest(p, seed))
            )
        }
        ModelSpec::Forest(p) => sklearn_fit(&forest(p, seed)),
        ModelSpec::Boosting(p) => sklearn_fit(&boosting(p, seed)),
        ModelSpec::AdaBoost(p) => sklearn_fit(&adaboost(p, seed)),
        ModelSpec::Logistic(p) => sklearn_fit(&format!(
            "LogisticRegression(C={}, max_iter={})",
            number_literal(p.c),
            p.max_iter
        )),
        ModelSpec::Mlp(p) if p.initializer == Initializer::Torch => torch_fit(p, seed),
        ModelSpec::Mlp(p) => keras_fit(p, seed),
    }
}

fn sklearn_fit(constructor: &str) -> String {
    format!(
        "model = {constructor}\nmodel.fit(X_train, y_train, sample_weight=fit_weights)\ntest_scores = model.predict_proba(X_test)[:, 1]  # the probability of being signal\n"
    )
}

fn criterion(c: Criterion) -> &'static str {
    match c {
        Criterion::Gini => "\"gini\"",
        Criterion::Entropy => "\"entropy\"",
    }
}

fn max_features(m: MaxFeatures) -> String {
    match m {
        MaxFeatures::All => "None".into(),
        MaxFeatures::Sqrt => "\"sqrt\"".into(),
        MaxFeatures::Log2 => "\"log2\"".into(),
        MaxFeatures::Count(n) => n.to_string(),
        MaxFeatures::Fraction(f) => number_literal(f),
    }
}

fn depth(d: Option<usize>) -> String {
    d.map_or("None".into(), |d| d.to_string())
}

fn tree(p: &TreeParams, seed: u64) -> String {
    format!(
        "DecisionTreeClassifier(\n    criterion={}, max_depth={}, min_samples_split={}, min_samples_leaf={},\n    max_features={}, random_state={seed})",
        criterion(p.criterion),
        depth(p.max_depth),
        p.min_samples_split,
        p.min_samples_leaf,
        max_features(p.max_features)
    )
}

fn forest(p: &ForestParams, seed: u64) -> String {
    format!(
        "RandomForestClassifier(\n    n_estimators={}, criterion={}, max_depth={}, min_samples_split={},\n    min_samples_leaf={}, max_features={}, bootstrap={}, random_state={seed})",
        p.n_estimators,
        criterion(p.criterion),
        depth(p.max_depth),
        p.min_samples_split,
        p.min_samples_leaf,
        max_features(p.max_features),
        if p.bootstrap { "True" } else { "False" }
    )
}

fn boosting(p: &BoostingParams, seed: u64) -> String {
    format!(
        "GradientBoostingClassifier(  # the Lab bins each input first, as HistGradientBoostingClassifier does\n    n_estimators={}, learning_rate={}, max_depth={}, subsample={},\n    min_samples_leaf={}, random_state={seed})",
        p.n_estimators,
        number_literal(p.learning_rate),
        p.max_depth,
        number_literal(p.subsample),
        p.min_samples_leaf
    )
}

fn adaboost(p: &AdaBoostParams, seed: u64) -> String {
    format!(
        "AdaBoostClassifier(  # discrete SAMME, scikit-learn's only algorithm from 1.6\n    DecisionTreeClassifier(max_depth={}), n_estimators={}, learning_rate={},\n    random_state={seed})",
        p.max_depth,
        p.n_estimators,
        number_literal(p.learning_rate)
    )
}

fn keras_fit(p: &MlpParams, seed: u64) -> String {
    let mut code = format!(
        "keras.utils.set_random_seed({seed})  # the Lab's seed; Keras draws other numbers, so the network differs a little\nmodel = keras.Sequential([\n    keras.Input(shape=(len(INPUTS),)),\n"
    );
    let init = initializer(p.initializer);
    let regulariser = if p.l2 > 0.0 {
        // scikit-learn's alpha adds α·Σw² / (2·batch) to each batch's loss; Keras's L2(l) adds l·Σw².
        format!(
            ", kernel_regularizer=keras.regularizers.L2({} / (2 * {}))",
            number_literal(p.l2),
            p.batch_size
        )
    } else {
        String::new()
    };
    for units in &p.hidden_layers {
        code.push_str(&format!(
            "    keras.layers.Dense({units}, activation={}, kernel_initializer={init}{regulariser}),\n",
            activation(p.activation)
        ));
        if p.dropout > 0.0 {
            code.push_str(&format!(
                "    keras.layers.Dropout({}),\n",
                number_literal(p.dropout)
            ));
        }
    }
    let (last, loss, score) = match p.output {
        Output::Sigmoid => (
            "keras.layers.Dense(1, activation=\"sigmoid\")",
            "\"binary_crossentropy\"",
            "model.predict(X_test, verbose=0)[:, 0]",
        ),
        Output::Softmax => (
            "keras.layers.Dense(2, activation=\"softmax\")",
            "\"sparse_categorical_crossentropy\"",
            "model.predict(X_test, verbose=0)[:, 1]",
        ),
    };
    code.push_str(&format!("    {last},\n])\n"));
    code.push_str(&format!(
        "model.compile(optimizer={}, loss={loss}, metrics=[\"accuracy\"])\n",
        optimizer(p.optimizer, p.learning_rate)
    ));
    let mut callbacks = Vec::new();
    if let Some(e) = &p.early_stopping {
        callbacks.push(format!(
            "keras.callbacks.EarlyStopping(monitor={}, min_delta={}, patience={}, restore_best_weights={})",
            python_string(e.monitor.key()),
            number_literal(e.min_delta),
            e.patience,
            if e.restore_best_weights {
                "True"
            } else {
                "False"
            }
        ));
    }
    if let Some(r) = &p.reduce_lr {
        callbacks.push(format!(
            "keras.callbacks.ReduceLROnPlateau(monitor={}, factor={}, patience={}, min_delta={}, cooldown={}, min_lr={})",
            python_string(r.monitor.key()),
            number_literal(r.factor),
            r.patience,
            number_literal(r.min_delta),
            r.cooldown,
            number_literal(r.min_lr)
        ));
    }
    let validation = if p.validation_first > 0 {
        format!(
            ",\n    validation_data=(X_train[:{n}], y_train[:{n}])",
            n = p.validation_first
        )
    } else if p.validation_split > 0.0 {
        format!(", validation_split={}", number_literal(p.validation_split))
    } else {
        String::new()
    };
    let (x, y, w) = if p.validation_first > 0 {
        let n = p.validation_first;
        (
            format!("X_train[{n}:]"),
            format!("y_train[{n}:]"),
            format!("None if fit_weights is None else fit_weights[{n}:]"),
        )
    } else {
        ("X_train".into(), "y_train".into(), "fit_weights".into())
    };
    code.push_str(&format!(
        "history = model.fit(\n    {x}, {y}, sample_weight={w}, batch_size={}, epochs={}, shuffle={}{validation},\n    callbacks=[{}], verbose=0)\ntest_scores = {score}  # the probability of being signal\n",
        p.batch_size,
        p.epochs,
        if p.shuffle { "True" } else { "False" },
        callbacks.join(", ")
    ));
    code
}

fn activation(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "\"relu\"",
        Activation::Selu => "\"selu\"",
        Activation::Tanh => "\"tanh\"",
        Activation::Sigmoid => "\"sigmoid\"",
    }
}

fn initializer(i: Initializer) -> String {
    match i {
        Initializer::GlorotUniform => "\"glorot_uniform\"".into(),
        Initializer::Normal { stddev } => format!(
            "keras.initializers.RandomNormal(stddev={})",
            number_literal(stddev)
        ),
        // scikit-learn's MLPClassifier: uniform in ±√(6 / (fan_in + fan_out)), Glorot's rule.
        Initializer::Sklearn => "\"glorot_uniform\"".into(),
        // PyTorch's nn.Linear: uniform in ±1/√fan_in.
        Initializer::Torch => "keras.initializers.VarianceScaling(scale=1 / 3, mode=\"fan_in\", distribution=\"uniform\")".into(),
    }
}

fn optimizer(o: Optimizer, learning_rate: f64) -> String {
    let lr = number_literal(learning_rate);
    match o {
        Optimizer::Sgd { momentum, nesterov } => format!(
            "keras.optimizers.SGD(learning_rate={lr}, momentum={}, nesterov={})",
            number_literal(momentum),
            if nesterov { "True" } else { "False" }
        ),
        Optimizer::Adam {
            beta_1,
            beta_2,
            epsilon,
        } => format!(
            "keras.optimizers.Adam(learning_rate={lr}, beta_1={}, beta_2={}, epsilon={})",
            number_literal(beta_1),
            number_literal(beta_2),
            number_literal(epsilon)
        ),
        Optimizer::RmsProp {
            rho,
            momentum,
            epsilon,
        } => format!(
            "keras.optimizers.RMSprop(learning_rate={lr}, rho={}, momentum={}, epsilon={})",
            number_literal(rho),
            number_literal(momentum),
            number_literal(epsilon)
        ),
    }
}
