//! The classifier's settings, named as in scikit-learn and Keras, each with a tooltip saying what
//! it does. Edits go straight into the setup signal; the engine checks them when training starts.

use fivesigma_engine::ml::mlp::{
    Activation, EarlyStopping, Monitor, Optimizer, Output, ReduceLrOnPlateau, StopRule,
};
use fivesigma_engine::ml::{
    AdaBoostParams, BoostingParams, Criterion, ForestParams, LogisticParams, MaxFeatures,
    MlpParams, ModelSpec, TrainingSetup, TreeParams,
};
use leptos::prelude::*;

/// A number field bound to one setting.
#[component]
fn NumberField(
    name: &'static str,
    tip: &'static str,
    value: Signal<f64>,
    on_set: Callback<f64>,
    #[prop(default = "any")] step: &'static str,
) -> impl IntoView {
    let testid = format!("param-{name}");
    view! {
        <label title=tip>{name} " "
            <input type="number" class="short" step=step data-testid=testid prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    if let Ok(x) = event_target_value(&ev).trim().parse::<f64>() && x.is_finite() {
                        on_set.run(x);
                    }
                } />
        </label>
    }
}

/// A drop-down bound to one setting, by option key.
#[component]
fn ChoiceField(
    name: &'static str,
    tip: &'static str,
    options: &'static [(&'static str, &'static str)],
    value: Signal<&'static str>,
    on_set: Callback<String>,
) -> impl IntoView {
    let testid = format!("param-{name}");
    view! {
        <label title=tip>{name} " "
            <select data-testid=testid prop:value=move || value.get() on:change=move |ev| on_set.run(event_target_value(&ev))>
                {options.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A check box bound to one setting.
#[component]
fn CheckField(
    name: &'static str,
    tip: &'static str,
    value: Signal<bool>,
    on_set: Callback<bool>,
) -> impl IntoView {
    let testid = format!("param-{name}");
    view! {
        <label title=tip>
            <input type="checkbox" data-testid=testid prop:checked=move || value.get()
                on:change=move |ev| on_set.run(event_target_checked(&ev)) />
            " " {name}
        </label>
    }
}

/// Reads and writes the parameters `P` of one model family inside the setup.
struct Part<P: 'static> {
    setup: RwSignal<TrainingSetup>,
    get: fn(&ModelSpec) -> Option<&P>,
    get_mut: fn(&mut ModelSpec) -> Option<&mut P>,
}

impl<P: 'static> Clone for Part<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: 'static> Copy for Part<P> {}

impl<P: 'static> Part<P> {
    fn read<T>(self, f: fn(&P) -> T) -> Signal<T>
    where
        T: Default + Send + Sync + Clone + 'static,
    {
        Signal::derive(move || {
            self.setup
                .with(|s| (self.get)(&s.spec).map(f).unwrap_or_default())
        })
    }

    fn write<T: 'static + Send + Sync>(self, f: fn(&mut P, T)) -> Callback<T> {
        Callback::new(move |x: T| {
            self.setup.update(|s| {
                if let Some(p) = (self.get_mut)(&mut s.spec) {
                    f(p, x);
                }
            });
        })
    }
}

fn count(x: f64) -> usize {
    x.max(0.0).round() as usize
}

const CRITERIA: &[(&str, &str)] = &[("gini", "gini"), ("entropy", "entropy")];
const CRITERION_TIP: &str = "How a split is judged: gini impurity or entropy (information gain). They usually give very similar trees.";
const DEPTH_TIP: &str = "max_depth: the most consecutive cuts a tree may make (0 = no limit). Deeper trees fit the training events more closely — and may learn their fluctuations.";
const LEAF_TIP: &str = "min_samples_leaf: every leaf keeps at least this many training events, so no decision rests on a handful of events.";
const SPLIT_TIP: &str = "min_samples_split: a node with fewer events is not split further.";

fn criterion_key(c: Criterion) -> &'static str {
    match c {
        Criterion::Gini => "gini",
        Criterion::Entropy => "entropy",
    }
}

fn criterion_of(key: &str) -> Criterion {
    if key == "entropy" {
        Criterion::Entropy
    } else {
        Criterion::Gini
    }
}

fn depth(d: Option<usize>) -> f64 {
    d.map_or(0.0, |d| d as f64)
}

fn depth_of(x: f64) -> Option<usize> {
    (count(x) > 0).then(|| count(x))
}

/// The fields of whichever model the setup holds.
#[component]
pub fn ModelSettings(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    move || match setup.with(|s| s.spec.kind()) {
        fivesigma_engine::ml::ModelKind::Tree => tree_fields(setup).into_any(),
        fivesigma_engine::ml::ModelKind::Forest => forest_fields(setup).into_any(),
        fivesigma_engine::ml::ModelKind::Boosting => boosting_fields(setup).into_any(),
        fivesigma_engine::ml::ModelKind::AdaBoost => adaboost_fields(setup).into_any(),
        fivesigma_engine::ml::ModelKind::Logistic => logistic_fields(setup).into_any(),
        fivesigma_engine::ml::ModelKind::Mlp => mlp_fields(setup).into_any(),
    }
}

fn tree_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<TreeParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::Tree { params, .. } => Some(params),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::Tree { params, .. } => Some(params),
            _ => None,
        },
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <ChoiceField name="criterion" tip=CRITERION_TIP options=CRITERIA value=p.read(|p| criterion_key(p.criterion)) on_set=p.write(|p, k: String| p.criterion = criterion_of(&k)) />
            <NumberField name="max_depth" tip=DEPTH_TIP step="1" value=p.read(|p| depth(p.max_depth)) on_set=p.write(|p, x| p.max_depth = depth_of(x)) />
            <NumberField name="min_samples_split" tip=SPLIT_TIP step="1" value=p.read(|p| p.min_samples_split as f64) on_set=p.write(|p, x| p.min_samples_split = count(x)) />
            <NumberField name="min_samples_leaf" tip=LEAF_TIP step="1" value=p.read(|p| p.min_samples_leaf as f64) on_set=p.write(|p, x| p.min_samples_leaf = count(x)) />
        </div>
    }
}

const MAX_FEATURES: &[(&str, &str)] = &[
    ("sqrt", "sqrt"),
    ("log2", "log2"),
    ("all", "all (None)"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
];

fn max_features_key(m: MaxFeatures) -> &'static str {
    match m {
        MaxFeatures::Sqrt => "sqrt",
        MaxFeatures::Log2 => "log2",
        MaxFeatures::Count(2) => "2",
        MaxFeatures::Count(3) => "3",
        MaxFeatures::Count(4) => "4",
        MaxFeatures::Count(5) => "5",
        _ => "all",
    }
}

fn max_features_of(key: &str) -> MaxFeatures {
    match key {
        "sqrt" => MaxFeatures::Sqrt,
        "log2" => MaxFeatures::Log2,
        "all" => MaxFeatures::All,
        k => k.parse().map_or(MaxFeatures::All, MaxFeatures::Count),
    }
}

fn forest_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<ForestParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::Forest(p) => Some(p),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::Forest(p) => Some(p),
            _ => None,
        },
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <NumberField name="n_estimators" tip="Number of trees. Their votes are averaged: more trees give a smoother, more stable output (and take longer)." step="1" value=p.read(|p| p.n_estimators as f64) on_set=p.write(|p, x| p.n_estimators = count(x)) />
            <ChoiceField name="criterion" tip=CRITERION_TIP options=CRITERIA value=p.read(|p| criterion_key(p.criterion)) on_set=p.write(|p, k: String| p.criterion = criterion_of(&k)) />
            <NumberField name="max_depth" tip=DEPTH_TIP step="1" value=p.read(|p| depth(p.max_depth)) on_set=p.write(|p, x| p.max_depth = depth_of(x)) />
            <NumberField name="min_samples_split" tip=SPLIT_TIP step="1" value=p.read(|p| p.min_samples_split as f64) on_set=p.write(|p, x| p.min_samples_split = count(x)) />
            <NumberField name="min_samples_leaf" tip=LEAF_TIP step="1" value=p.read(|p| p.min_samples_leaf as f64) on_set=p.write(|p, x| p.min_samples_leaf = count(x)) />
            <ChoiceField name="max_features" tip="Variables each split may choose from, drawn at random per node: this makes the trees differ from one another." options=MAX_FEATURES value=p.read(|p| max_features_key(p.max_features)) on_set=p.write(|p, k: String| p.max_features = max_features_of(&k)) />
            <CheckField name="bootstrap" tip="Grow each tree on a resample of the training events drawn with replacement (bagging); off: every tree sees every event." value=p.read(|p| p.bootstrap) on_set=p.write(|p, b| p.bootstrap = b) />
        </div>
    }
}

fn boosting_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<BoostingParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::Boosting(p) => Some(p),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::Boosting(p) => Some(p),
            _ => None,
        },
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <NumberField name="n_estimators" tip="Number of boosting stages: each new small tree corrects what the previous ones still get wrong." step="1" value=p.read(|p| p.n_estimators as f64) on_set=p.write(|p, x| p.n_estimators = count(x)) />
            <NumberField name="learning_rate" tip="How much of each new tree's correction is added. Smaller steps need more stages but overfit less." value=p.read(|p| p.learning_rate) on_set=p.write(|p, x| p.learning_rate = x) />
            <NumberField name="max_depth" tip="Depth of each stage's tree (boosting uses shallow trees, 3 by default)." step="1" value=p.read(|p| p.max_depth as f64) on_set=p.write(|p, x| p.max_depth = count(x)) />
            <NumberField name="subsample" tip="Fraction of training events each stage sees (below 1: stochastic gradient boosting)." value=p.read(|p| p.subsample) on_set=p.write(|p, x| p.subsample = x) />
            <NumberField name="min_samples_leaf" tip=LEAF_TIP step="1" value=p.read(|p| p.min_samples_leaf as f64) on_set=p.write(|p, x| p.min_samples_leaf = count(x)) />
        </div>
    }
}

fn adaboost_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<AdaBoostParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::AdaBoost(p) => Some(p),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::AdaBoost(p) => Some(p),
            _ => None,
        },
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <NumberField name="n_estimators" tip="Most rounds: each new tree trains on the events weighted by how often the trees before it got them wrong." step="1" value=p.read(|p| p.n_estimators as f64) on_set=p.write(|p, x| p.n_estimators = count(x)) />
            <NumberField name="learning_rate" tip="Shrinks each tree's say in the vote. Smaller values need more rounds." value=p.read(|p| p.learning_rate) on_set=p.write(|p, x| p.learning_rate = x) />
            <NumberField name="max_depth" tip="Depth of each round's tree (1: a stump, one question)." step="1" value=p.read(|p| p.max_depth as f64) on_set=p.write(|p, x| p.max_depth = count(x)) />
        </div>
    }
}

fn logistic_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<LogisticParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::Logistic(p) => Some(p),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::Logistic(p) => Some(p),
            _ => None,
        },
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <NumberField name="C" tip="Inverse strength of the L2 penalty on the coefficients: smaller C keeps them smaller (a simpler boundary)." value=p.read(|p| p.c) on_set=p.write(|p, x| p.c = x) />
            <NumberField name="max_iter" tip="Most optimiser iterations before giving up on convergence." step="1" value=p.read(|p| p.max_iter as f64) on_set=p.write(|p, x| p.max_iter = count(x)) />
        </div>
    }
}

const ACTIVATIONS: &[(&str, &str)] = &[
    ("relu", "relu"),
    ("selu", "selu"),
    ("tanh", "tanh"),
    ("sigmoid", "sigmoid (logistic)"),
];
const OPTIMIZERS: &[(&str, &str)] = &[("adam", "Adam"), ("sgd", "SGD"), ("rmsprop", "RMSprop")];
const OUTPUTS: &[(&str, &str)] = &[("sigmoid", "1 sigmoid unit"), ("softmax", "2-way softmax")];

fn layers_text(layers: &[usize]) -> String {
    layers
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn mlp_fields(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let p: Part<MlpParams> = Part {
        setup,
        get: |s| match s {
            ModelSpec::Mlp(p) => Some(p),
            _ => None,
        },
        get_mut: |s| match s {
            ModelSpec::Mlp(p) => Some(p),
            _ => None,
        },
    };
    let layers = p.read(|p| layers_text(&p.hidden_layers));
    let layers_error = RwSignal::new(None::<String>);
    let set_layers = move |text: String| {
        let parsed: Result<Vec<usize>, _> = text
            .split(',')
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::parse::<usize>)
            .collect();
        match parsed {
            Ok(list) if !list.is_empty() && list.iter().all(|&n| n > 0) => {
                layers_error.set(None);
                setup.update(|s| {
                    if let ModelSpec::Mlp(m) = &mut s.spec {
                        m.hidden_layers = list;
                    }
                });
            }
            _ => layers_error.set(Some(
                "Type the size of each hidden layer as whole numbers separated by commas, e.g. 50, 10, 5.".into(),
            )),
        }
    };
    view! {
        <div class="controls" data-testid="model-settings">
            <label title="hidden_layer_sizes: the number of neurons in each hidden layer, first to last.">"hidden_layer_sizes "
                <input type="text" class="short" data-testid="param-hidden_layer_sizes" prop:value=move || layers.get()
                    on:change=move |ev| set_layers(event_target_value(&ev)) />
            </label>
            <ChoiceField name="activation" tip="The non-linearity after each hidden neuron: without one the network could only draw straight boundaries." options=ACTIVATIONS
                value=p.read(|p| match p.activation { Activation::Relu => "relu", Activation::Selu => "selu", Activation::Tanh => "tanh", Activation::Sigmoid => "sigmoid" })
                on_set=p.write(|p, k: String| p.activation = match k.as_str() { "selu" => Activation::Selu, "tanh" => Activation::Tanh, "sigmoid" => Activation::Sigmoid, _ => Activation::Relu }) />
            <ChoiceField name="output" tip="One sigmoid output (Keras's binary_crossentropy) or two softmax outputs (PyTorch's cross_entropy, the HSF network)." options=OUTPUTS
                value=p.read(|p| if p.output == Output::Softmax { "softmax" } else { "sigmoid" })
                on_set=p.write(|p, k: String| p.output = if k == "softmax" { Output::Softmax } else { Output::Sigmoid }) />
            <NumberField name="dropout" tip="Dropout rate: during training each hidden neuron is switched off with this probability at every step, so the network cannot rely on any one of them (less overtraining)." value=p.read(|p| p.dropout) on_set=p.write(|p, x| p.dropout = x) />
            <ChoiceField name="optimizer" tip="How the weights follow the gradient: plain stochastic gradient descent, or Adam / RMSprop, which adapt the step for each weight." options=OPTIMIZERS
                value=p.read(|p| match p.optimizer { Optimizer::Adam { .. } => "adam", Optimizer::Sgd { .. } => "sgd", Optimizer::RmsProp { .. } => "rmsprop" })
                on_set=p.write(|p, k: String| p.optimizer = match k.as_str() { "sgd" => Optimizer::SGD, "rmsprop" => Optimizer::RMS_PROP, _ => Optimizer::ADAM }) />
            <NumberField name="learning_rate" tip="Size of each step down the loss's slope. Too large: the loss jumps about or explodes; too small: training crawls." value=p.read(|p| p.learning_rate) on_set=p.write(|p, x| p.learning_rate = x) />
            <NumberField name="alpha" tip="L2 penalty on the weights (scikit-learn's alpha): keeps them small, a guard against overtraining." value=p.read(|p| p.l2) on_set=p.write(|p, x| p.l2 = x) />
            <NumberField name="batch_size" tip="Events per gradient step. One pass over all training events is an epoch." step="1" value=p.read(|p| p.batch_size as f64) on_set=p.write(|p, x| p.batch_size = count(x)) />
            <NumberField name="epochs" tip="Most passes over the training events (scikit-learn's max_iter). Early stopping may end sooner." step="1" value=p.read(|p| p.epochs as f64) on_set=p.write(|p, x| p.epochs = count(x)) />
            <NumberField name="validation_split" tip="Fraction of the training events (the last ones, as in Keras) kept aside to watch the validation loss; they are not trained on." value=p.read(|p| p.validation_split) on_set=p.write(|p, x| p.validation_split = x) />
            <NumberField name="validation_first" tip="Or: this many of the first training events kept aside to validate, as the HSF lesson's X_train[:100] (0: use validation_split). When above 0, validation_split is not used." step="1" value=p.read(|p| p.validation_first as f64) on_set=p.write(|p, x| p.validation_first = count(x)) />
            <CheckField name="early_stopping" tip="Stop when the monitored loss (validation loss if there is a validation split, else the training loss) has not improved for `patience` epochs, and keep the best weights." value=p.read(|p| p.early_stopping.is_some())
                on_set=p.write(|p, on: bool| p.early_stopping = on.then(|| early_stopping(p.validates(), 10))) />
            {move || p.read(|p| p.early_stopping.map(|e| e.patience)).get().map(|_| view! {
                <NumberField name="patience" tip="Epochs without improvement before early stopping ends the training." step="1"
                    value=p.read(|p| p.early_stopping.map_or(0.0, |e| e.patience as f64))
                    on_set=p.write(|p, x| if let Some(e) = &mut p.early_stopping { e.patience = count(x) }) />
            })}
            <CheckField name="reduce_lr_on_plateau" tip="Divide the learning rate by 10 when the monitored loss has not improved for 10 epochs (Keras's ReduceLROnPlateau)." value=p.read(|p| p.reduce_lr.is_some())
                on_set=p.write(|p, on: bool| p.reduce_lr = on.then_some(ReduceLrOnPlateau {
                    monitor: if p.validates() { Monitor::ValLoss } else { Monitor::Loss },
                    factor: 0.1, patience: 10, min_delta: 1e-7, cooldown: 0, min_lr: 1e-5,
                })) />
        </div>
        {move || layers_error.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
    }
}

/// Early stopping as Keras does it on the validation loss, or scikit-learn's rule on the training
/// loss when there is no validation split.
fn early_stopping(validation: bool, patience: usize) -> EarlyStopping {
    if validation {
        EarlyStopping {
            monitor: Monitor::ValLoss,
            min_delta: 1e-7,
            patience,
            restore_best_weights: true,
            rule: StopRule::Keras,
        }
    } else {
        EarlyStopping {
            monitor: Monitor::Loss,
            min_delta: 1e-4,
            patience,
            restore_best_weights: false,
            rule: StopRule::Sklearn,
        }
    }
}
