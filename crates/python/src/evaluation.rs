//! The evaluate panel's views of one trained model as Python, computed from the model's own
//! scores — the file its "Scores CSV" button saves — so that every number is the Lab's: the ROC
//! curves and AUCs, the output stacked by process with the expectation above the threshold, the
//! overtraining check with its Kolmogorov–Smirnov p-values, the confusion matrix, the
//! classification report, purity × efficiency and the AMS against the threshold, and the
//! significance scan of a cut on the output.
//!
//! Each view keeps the engine's rules: a score above the threshold (`>`) is called signal, the
//! held-out part's weights × 1/its fraction stand for the whole sample, a point without
//! background is undefined. Pure: writes text from the engine's state, reads nothing.

use super::lab::{bins_code, measure_code};
use super::{Cell, Snippet, labels_and_colours, string_list};
use fivesigma_engine::analysis::cut::{number_literal, python_string};
use fivesigma_engine::analysis::{Binning, Significance};
use fivesigma_engine::data::{Dataset, Role};
use fivesigma_engine::ml::evaluation::{
    EventWeights, HeldOut, JudgedOn, NOTEBOOK_OUTPUT_THRESHOLDS, ScanEvents,
};
use fivesigma_engine::state::OutputThresholds;
use fivesigma_engine::state::evaluation::{AmsBasis, AmsSettings, scores_file_name};
use fivesigma_engine::state::training::TrainedModel;

/// One trained model's evaluate views, written for its exported scores.
#[derive(Debug, Clone, Copy)]
pub struct ModelViews<'a> {
    /// The dataset it was trained on (its samples' labels and colours).
    pub dataset: &'a Dataset,
    /// The model.
    pub model: &'a TrainedModel,
}

/// How the threshold views judge the model: the threshold, the events and how they count, and
/// the AMS's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    /// Output above it: called signal.
    pub threshold: f64,
    /// Which events the confusion matrix, the report and purity × efficiency read.
    pub on: JudgedOn,
    /// How those events count.
    pub counted: EventWeights,
    /// The AMS's basis and b_r.
    pub ams: AmsSettings,
}

impl ModelViews<'_> {
    /// The file the evaluate panel's "Scores CSV" button saves this model's scores as.
    pub fn scores_file(&self) -> String {
        scores_file_name(&self.model.name)
    }

    /// Reading the model's scores, and its training and held-out events.
    pub fn reading_scores(&self) -> Cell {
        let model = self.model;
        let (held_out, fraction_name) = (
            model.evaluation.held_out.noun(),
            model.evaluation.held_out.size_name(),
        );
        let sealed = if model.evaluation.held_out == HeldOut::Validation {
            "\n# The test part stays sealed until the end: the model is judged on its validation events."
        } else {
            ""
        };
        let code = format!(
            "# The scores of {name} on every event it saw, as the evaluate panel's \"Scores CSV\" button\n# saves them: sample, label (1: signal), physical weight, part (train, validation, test) and score.\nscores = pd.read_csv({file}, dtype={{\"sample\": str}}){sealed}\ntraining = scores[scores[\"part\"] == \"train\"]\nheld_out = scores[scores[\"part\"] == {held_out_py}]\nevery = pd.concat([training, held_out])  # a sealed test part stays out\n# The {held_out} part's weights × 1/{fraction_name} stand for the whole sample.\nHELD_OUT_FRACTION = {fraction}\n",
            name = python_string(&model.name),
            file = python_string(&self.scores_file()),
            held_out_py = python_string(held_out),
            fraction = number_literal(model.held_out_fraction()),
        );
        Cell::new(format!("The scores of {}", model.name), code)
    }

    /// A view's tab: imports and the scores first, then the view.
    pub fn snippet(&self, own: Cell) -> Snippet {
        Snippet {
            setup: vec![
                Cell::new(
                    "Imports",
                    "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n",
                ),
                self.reading_scores(),
            ],
            own: vec![own],
        }
    }

    fn negative_weights(&self) -> bool {
        self.model.data.weights.iter().any(|&w| w < 0.0)
    }

    /// The ROC curve of the held-out events (and of the training events, dashed) with its AUC.
    pub fn roc(&self, with_training: bool) -> Cell {
        let held_out = self.model.evaluation.held_out.noun();
        let mut code = auc_helper(self.negative_weights());
        let parts = if with_training {
            format!(
                "[({held}, held_out, \"-\"), (\"training\", training, \"--\")]",
                held = python_string(held_out)
            )
        } else {
            format!("[({}, held_out, \"-\")]", python_string(held_out))
        };
        code.push_str(&format!(
            "fig, ax = plt.subplots()\nfor name, part, style in {parts}:\n    fpr, tpr, _ = roc_curve(part[\"label\"], part[\"score\"], sample_weight=part[\"weight\"])\n    auc = {area}\n    print(f\"{{name}} AUC: {{auc:.4f}}\")\n    ax.plot(fpr, tpr, linestyle=style, label=f\"{{name}} events (AUC {{auc:.4f}})\")\nax.plot([0, 1], [0, 1], color=\"grey\", linestyle=\":\")\nax.set_xlabel(\"Background efficiency (false positive rate)\")\nax.set_ylabel(\"Signal efficiency (true positive rate)\")\nax.set_title({title})\nax.legend()\nplt.show()\n",
            area = auc_call(
                self.negative_weights(),
                "part[\"label\"]",
                "part[\"score\"]",
                "part[\"weight\"]"
            ),
            title = python_string(&format!("ROC curve of {}", self.model.name)),
        ));
        Cell::new("ROC curve and AUC", code)
    }

    /// The output stacked by process (`bins` equal bins over [0, 1], counting `events`), and the
    /// expected events above `threshold` (held-out events, scaled up).
    pub fn output(&self, bins: usize, log_y: bool, events: ScanEvents, threshold: f64) -> Cell {
        let mut code = format!("bins = {}\n", output_bins(bins));
        code.push_str(counted_code(events, self.model.evaluation.held_out));
        let stack = self.stack();
        let (labels, colours) = labels_and_colours(self.dataset, &stack);
        code.push_str(&format!(
            "stack = {}  # backgrounds, then the signal on top\nlabels = {labels}\ncolours = {colours}\nparts = [counted[counted[\"sample\"] == name] for name in stack]\nfig, ax = plt.subplots()\nax.hist([p[\"score\"] for p in parts], bins=bins, weights=[p[\"weight\"] * scale for p in parts],\n        stacked=True, label=labels, color=colours)\n",
            string_list(&stack),
        ));
        if log_y {
            code.push_str("ax.set_yscale(\"log\")\n");
        }
        code.push_str(&format!(
            "ax.set_xlabel(\"classifier output (signal probability)\")\nax.set_ylabel(\"Expected events per bin\")\nax.set_title({})\nax.legend()\nplt.show()\n",
            python_string(&format!("Output of {} by process", self.model.name))
        ));
        code.push_str(&format!(
            "signal_total = (counted[\"weight\"] * scale)[counted[\"label\"] == 1].sum()\nbackground_total = (counted[\"weight\"] * scale)[counted[\"label\"] == 0].sum()\nprint(f\"expected events: signal {{signal_total:.4g}}, background {{background_total:.4g}}\")\n\n# What a selection on the output would keep: held-out events above the threshold, scaled up.\nthreshold = {t}\nabove = held_out[held_out[\"score\"] > threshold]\nsignal_above = above.loc[above[\"label\"] == 1, \"weight\"].sum() / HELD_OUT_FRACTION\nbackground_above = above.loc[above[\"label\"] == 0, \"weight\"].sum() / HELD_OUT_FRACTION\nprint(f\"output above {{threshold}}: signal {{signal_above:.4g}}, background {{background_above:.4g}}\")\n",
            t = number_literal(threshold)
        ));
        if self.model.data_scores.is_some() {
            code.push_str("# The real data's outputs are not in the scores file: apply the model trained in the train\n# panel's Python to the data events to add them.\n");
        }
        Cell::new("Output by process", code)
    }

    /// The samples from the bottom of the stack up: backgrounds, then signals.
    fn stack(&self) -> Vec<String> {
        let role = |name: &String| self.dataset.sample(name).ok().map(|s| s.spec.role);
        let names = &self.model.data.samples;
        names
            .iter()
            .filter(|n| role(n) == Some(Role::Background))
            .chain(names.iter().filter(|n| role(n) == Some(Role::Signal)))
            .cloned()
            .collect()
    }

    /// Training against held-out output shapes per class, with the KS test of each.
    pub fn overtraining(&self, bins: usize) -> Cell {
        let code = format!(
            "from scipy.stats import ks_2samp\n\n\ndef ks_p_value(d, n1, n2):\n    \"\"\"The Lab's p-value of a KS distance d: Kolmogorov's limit with Stephens' correction.\n    (scipy's own pvalue comes from the exact distribution: a little different on small samples.)\"\"\"\n    ne = n1 * n2 / (n1 + n2)\n    lam = (np.sqrt(ne) + 0.12 + 0.11 / np.sqrt(ne)) * d\n    if lam < 1e-3:\n        return 1.0\n    k = np.arange(1, 101)\n    return float(np.clip(2 * np.sum((-1.0) ** (k - 1) * np.exp(-2 * k**2 * lam**2)), 0, 1))\n\n\nbins = {bins}\ncentres, widths = (bins[1:] + bins[:-1]) / 2, np.diff(bins)\nks = {{}}\nfig, ax = plt.subplots()\nfor label, name, colour in [(0, \"background\", \"#1f77b4\"), (1, \"signal\", \"#d62728\")]:\n    # Shapes of events each counted once, each at unit area.\n    train_scores = training.loc[training[\"label\"] == label, \"score\"]\n    test_scores = held_out.loc[held_out[\"label\"] == label, \"score\"]\n    ax.hist(train_scores, bins=bins, density=True, alpha=0.4, color=colour, label=f\"{{name}} (training)\")\n    n, _ = np.histogram(test_scores, bins=bins)\n    ax.errorbar(centres, n / (n.sum() * widths), yerr=np.sqrt(n) / (n.sum() * widths), fmt=\"o\",\n                color=colour, label=f\"{{name}} ({held})\")\n    d = ks_2samp(train_scores, test_scores).statistic\n    ks[name] = ks_p_value(d, len(train_scores), len(test_scores))\n    print(f\"{{name}}: KS distance {{d:.4f}}, p-value {{ks[name]:.3g}}\")\nax.set_xlabel(\"classifier output\")\nax.set_ylabel(\"density\")\nax.set_title(\"Overtraining check: training against {held} events\")\nax.legend()\nplt.show()\n# A p-value below about 0.05: the output differs on unseen events (the model learned its training events).\n",
            bins = output_bins(bins),
            held = self.model.evaluation.held_out.noun(),
        );
        Cell::new("Overtraining check", code)
    }

    /// `judged` and `weights`: the events `on` names and how they count.
    fn judged_events(&self, judged: &Judged) -> String {
        let events = match judged.on {
            JudgedOn::HeldOut => "judged = held_out\n",
            JudgedOn::Training => "judged = training\n",
            JudgedOn::Every => "judged = every\n",
        };
        let weights = match judged.counted {
            EventWeights::Once => "weights = None  # every event counted once\n",
            EventWeights::Physical => {
                "weights = judged[\"weight\"]  # the events expected in the data\n"
            }
            EventWeights::Balanced => {
                "# Each class's weights scaled to the same total, half the events each.\nweights = judged[\"weight\"] / judged.groupby(\"label\")[\"weight\"].transform(\"sum\") * len(judged) / 2\n"
            }
        };
        format!(
            "threshold = {}  # output above it: called signal\n{events}{weights}",
            number_literal(judged.threshold)
        )
    }

    /// scikit-learn's classification report at the threshold.
    pub fn report(&self, judged: &Judged) -> Cell {
        let mut code = String::from("from sklearn.metrics import classification_report\n\n");
        code.push_str(&self.judged_events(judged));
        code.push_str("predicted = (judged[\"score\"] > threshold).astype(int)\nprint(classification_report(judged[\"label\"], predicted, sample_weight=weights,\n                            target_names=[\"background\", \"signal\"], digits=4, zero_division=0))\n");
        Cell::new("Classification report", code)
    }

    /// The confusion matrix at the threshold, then purity × efficiency and the AMS against it.
    pub fn threshold(&self, judged: &Judged) -> Cell {
        let mut code = String::from(
            "from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score\n\n",
        );
        code.push_str(&self.judged_events(judged));
        code.push_str("truth, predicted = judged[\"label\"], (judged[\"score\"] > threshold).astype(int)\nmatrix = confusion_matrix(truth, predicted, labels=[0, 1], sample_weight=weights)\n(tn, fp), (fn, tp) = matrix\nprint(f\"true signal: {tp:.4g} classified signal, {fn:.4g} background\")\nprint(f\"true background: {fp:.4g} classified signal, {tn:.4g} background\")\nprint(confusion_matrix(truth, predicted, labels=[0, 1], sample_weight=weights, normalize=\"true\"))  # share of each true class\nscores_at = dict(\n    accuracy=accuracy_score(truth, predicted, sample_weight=weights),\n    precision=precision_score(truth, predicted, sample_weight=weights, zero_division=0),\n    recall=recall_score(truth, predicted, sample_weight=weights, zero_division=0),\n    f1=f1_score(truth, predicted, sample_weight=weights, zero_division=0))\nprint(\" · \".join(f\"{k} {v:.4f}\" for k, v in scores_at.items()))\n\n");
        code.push_str("thresholds = np.arange(100) / 100\n\n\ndef selected(part, w):\n    \"\"\"Signal and background (Σ w, or events when w is None) with an output above each threshold.\"\"\"\n    w = np.ones(len(part)) if w is None else np.asarray(w)\n    signal, score = part[\"label\"].to_numpy() == 1, part[\"score\"].to_numpy()\n    S = np.array([w[signal & (score > t)].sum() for t in thresholds])\n    B = np.array([w[~signal & (score > t)].sum() for t in thresholds])\n    return S, B, w[signal].sum(), w[~signal].sum()\n\n\n");
        code.push_str("S, B, S_total, B_total = selected(judged, weights)\nwith np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n    purity = np.where(S + B != 0, S / (S + B), 0.0)\nefficiency = S / S_total if S_total else np.zeros_like(S)\npurity_efficiency = purity * efficiency\n\n");
        code.push_str(&self.ams_code(judged));
        code.push_str(&format!(
            "fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))\nleft.plot(thresholds, purity_efficiency)\nleft.set_title(\"Purity × efficiency\")\nright.plot(thresholds, Z)\nright.set_title({})\nfor ax in (left, right):\n    ax.axvline(threshold, color=\"grey\", linestyle=\"--\")\n    ax.set_xlabel(\"threshold on the classifier output\")\nplt.show()\n",
            python_string(&judged.ams.axis_title())
        ));
        Cell::new(
            "At the threshold: confusion matrix, purity × efficiency, AMS",
            code,
        )
    }

    /// `Z`, the AMS at each threshold on the held-out events: on rates (TPR and FPR in place of
    /// s and b, the HSF lesson's) or on expected events (the challenge's).
    fn ams_code(&self, judged: &Judged) -> String {
        let measure = measure_code(Significance::Ams {
            b_reg: judged.ams.b_reg,
        });
        match judged.ams.basis {
            AmsBasis::Rates => {
                let weights = if judged.counted.weighted() {
                    "held_out[\"weight\"]"
                } else {
                    "None"
                };
                format!(
                    "# The AMS on the held-out events, with the efficiencies (TPR, FPR) in place of s and b.\nS_kept, B_kept, S_all, B_all = selected(held_out, {weights})\nS, B = S_kept / S_all, B_kept / B_all\n{measure}"
                )
            }
            AmsBasis::Yields => format!(
                "# The AMS on expected events: the held-out part's weights scaled up to the whole sample.\nS_kept, B_kept, _, _ = selected(held_out, held_out[\"weight\"])\nS, B = S_kept / HELD_OUT_FRACTION, B_kept / HELD_OUT_FRACTION\n{measure}"
            ),
        }
    }

    /// The significance of keeping the events whose output is above each threshold.
    pub fn output_scan(
        &self,
        measure: Significance,
        events: ScanEvents,
        thresholds: OutputThresholds,
    ) -> Cell {
        let list = match thresholds {
            OutputThresholds::Notebook => format!(
                "np.array({})  # the notebook's",
                super::number_list(&NOTEBOOK_OUTPUT_THRESHOLDS)
            ),
            OutputThresholds::Fine => "np.arange(100) / 100".to_owned(),
        };
        let mut code = format!("thresholds = {list}\n");
        code.push_str(counted_code(events, self.model.evaluation.held_out));
        code.push_str("\n\ndef kept(label):\n    \"\"\"Σ weights (scaled) of the events of `label` with an output above each threshold.\"\"\"\n    part = counted[counted[\"label\"] == label]\n    order = np.argsort(part[\"score\"].to_numpy(), kind=\"stable\")\n    values = part[\"score\"].to_numpy()[order]\n    sums = np.concatenate([[0.0], np.cumsum(part[\"weight\"].to_numpy()[order] * scale)])\n    return sums[-1] - sums[np.searchsorted(values, thresholds, side=\"right\")]\n\n\nS, B = kept(1), kept(0)\n");
        code.push_str(&measure_code(measure));
        code.push_str(&format!(
            "best = np.nanargmax(Z)  # the first of equal maxima\nprint(f\"best: output > {{thresholds[best]:g}} keeps S = {{S[best]:.4g}}, B = {{B[best]:.4g}}: {label} = {{Z[best]:.4g}}\")\nfig, ax = plt.subplots()\nax.plot(thresholds, Z, marker=\".\")\nax.set_xlabel(\"threshold on the classifier output (keep >)\")\nax.set_ylabel({label_py})\nax.set_title({title})\nplt.show()\n",
            label = measure.label(),
            label_py = python_string(&measure.label()),
            title = python_string(&format!("{} of a cut on the output", measure.label()))
        ));
        Cell::new("Significance of a cut on the output", code)
    }
}

/// numpy's edges of `bins` equal bins over [0, 1].
fn output_bins(bins: usize) -> String {
    Binning::uniform(bins, 0.0, 1.0).map_or_else(
        |_| format!("np.linspace(0, 1, {})", bins + 1),
        |b| bins_code(&b),
    )
}

/// `counted` and `scale`: the events an output plot or scan counts, and their weights' factor.
fn counted_code(events: ScanEvents, held_out: HeldOut) -> &'static str {
    match (events, held_out) {
        (ScanEvents::Test, HeldOut::Test) => {
            "counted, scale = held_out, 1 / HELD_OUT_FRACTION  # test events, standing for the whole sample\n"
        }
        (ScanEvents::Test, HeldOut::Validation) => {
            "counted, scale = held_out, 1 / HELD_OUT_FRACTION  # validation events, standing for the whole sample\n"
        }
        (ScanEvents::All, _) => {
            "counted, scale = every, 1.0  # every event, the training ones included (optimistic for an overtrained model)\n"
        }
    }
}

/// The definition the AUC needs, if any: with negative weights the area under the curve as
/// trapezoids (scikit-learn's `roc_auc_score` refuses a curve that steps back).
pub(crate) fn auc_helper(negative: bool) -> String {
    let mut code = String::from("from sklearn.metrics import roc_auc_score, roc_curve\n\n");
    if negative {
        code.push_str("\ndef area_under_roc(labels, scores, weights):\n    \"\"\"The area under the weighted ROC curve. Some simulated events weigh less than nothing,\n    so the curve can step back a little; roc_auc_score refuses that, the trapezoids do not.\"\"\"\n    fpr, tpr, _ = roc_curve(labels, scores, sample_weight=weights, drop_intermediate=False)\n    return abs(np.trapezoid(tpr, fpr))\n\n\n");
    }
    code
}

/// The AUC of `labels`, `scores` and `weights` (Python expressions).
pub(crate) fn auc_call(negative: bool, labels: &str, scores: &str, weights: &str) -> String {
    if negative {
        format!("area_under_roc({labels}, {scores}, {weights})")
    } else {
        format!("roc_auc_score({labels}, {scores}, sample_weight={weights})")
    }
}
