//! Where a trained model came from, said so that two models on one page can be told apart: its
//! samples, cuts, inputs, scaling, weighting, split and seed, in a compact line (only what differs
//! between the page's models, for legends), in full (a tooltip), and which models were trained
//! with identical settings.
//!
//! Depends on `ml` (the record of a training and its settings) and the menus' labels in
//! `state::choice`; nothing web.

use crate::ml::{ModelRecord, TrainingSetup};

use super::choice::Choice;
use super::training::TrainedModel;

/// One way two trainings can differ, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aspect {
    Samples,
    Cuts,
    Inputs,
    Scaling,
    Weighting,
    Split,
    Seed,
}

const ASPECTS: [Aspect; 7] = [
    Aspect::Samples,
    Aspect::Cuts,
    Aspect::Inputs,
    Aspect::Scaling,
    Aspect::Weighting,
    Aspect::Split,
    Aspect::Seed,
];

impl Aspect {
    /// Whether `a` and `b` differ in this aspect.
    fn differs(self, a: &ModelRecord, b: &ModelRecord) -> bool {
        let (sa, sb) = (&a.setup, &b.setup);
        match self {
            Self::Samples => a.samples != b.samples,
            Self::Cuts => a.cuts != b.cuts,
            Self::Inputs => sa.inputs != sb.inputs,
            Self::Scaling => sa.scaling != sb.scaling,
            Self::Weighting => sa.weighting != sb.weighting,
            Self::Split => {
                (sa.test_fraction, sa.validation_fraction)
                    != (sb.test_fraction, sb.validation_fraction)
            }
            Self::Seed => sa.seed != sb.seed,
        }
    }

    /// The aspect in a few words: `2 cuts`, `7 inputs`, `seed 1`.
    fn short(self, r: &ModelRecord) -> String {
        let s = &r.setup;
        match self {
            Self::Samples => count(r.samples.len(), "sample", "samples"),
            Self::Cuts => match r.cuts.as_slice() {
                [] => "no cuts".to_owned(),
                [one] => one.clone(),
                many => count(many.len(), "cut", "cuts"),
            },
            Self::Inputs => count(s.inputs.len(), "input", "inputs"),
            Self::Scaling => s.scaling.label().to_owned(),
            Self::Weighting => s.weighting.label().to_owned(),
            Self::Split => split_words(s),
            Self::Seed => format!("seed {}", s.seed),
        }
    }

    /// The aspect in full, for the tooltip.
    fn full(self, r: &ModelRecord) -> String {
        let s = &r.setup;
        match self {
            Self::Samples => format!("Samples: {}", r.samples.join(", ")),
            Self::Cuts if r.cuts.is_empty() => "Cuts: none".to_owned(),
            Self::Cuts => format!("Cuts: {}", r.cuts.join(" and ")),
            Self::Inputs => format!("Inputs: {}", s.inputs.join(", ")),
            Self::Scaling => format!(
                "Scaling: {} (fitted on the training events)",
                s.scaling.label()
            ),
            Self::Weighting => format!("Weights: {}", s.weighting.label()),
            Self::Split => format!("Split: {}, stratified shuffle", split_words(s)),
            Self::Seed => format!("Seed: {} (the split and the model)", s.seed),
        }
    }
}

/// "25 % test", or "33.3 % validation · 33.3 % test".
fn split_words(s: &TrainingSetup) -> String {
    let test = format!("{} % test", percent(s.test_fraction));
    if s.validation_fraction > 0.0 {
        format!("{} % validation · {test}", percent(s.validation_fraction))
    } else {
        test
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round())
    } else {
        format!("{p:.1}")
    }
}

/// Every setting of the model itself (`n_estimators=30, max_depth=8, …`), read from its settings
/// as saved, so that no setting is ever left out.
pub fn model_settings(setup: &TrainingSetup) -> String {
    let value = serde_json::to_value(&setup.spec).unwrap_or_default();
    // `{"Forest": {...}}` or `{"Tree": {"params": {...}, "random_state": 0}}`.
    let mut pairs = Vec::new();
    if let Some((_, inner)) = value.as_object().and_then(|o| o.iter().next()) {
        flatten(inner, &mut pairs);
    }
    pairs
        .into_iter()
        // The model's own seed is replaced by the training's (listed apart).
        .filter(|(k, _)| k != "random_state" && k != "seed")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn flatten(value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, v) in object {
        match v {
            serde_json::Value::Object(_) => flatten(v, out),
            // Written as Python would: max_features='sqrt', bootstrap=True, max_depth=None.
            serde_json::Value::String(s) => {
                out.push((key.clone(), format!("'{}'", s.to_lowercase())))
            }
            serde_json::Value::Bool(b) => {
                out.push((key.clone(), if *b { "True" } else { "False" }.to_owned()))
            }
            serde_json::Value::Null => out.push((key.clone(), "None".to_owned())),
            other => out.push((key.clone(), other.to_string())),
        }
    }
}

/// The full provenance of `record`, one aspect per line, for a tooltip.
pub fn full(record: &ModelRecord) -> String {
    let mut lines: Vec<String> = ASPECTS.iter().map(|a| a.full(record)).collect();
    lines.push(format!(
        "Model: {} ({})",
        record.setup.spec.kind().title(),
        model_settings(&record.setup)
    ));
    lines.join("\n")
}

/// The compact provenance of `record`: every aspect in a few words
/// (`no cuts · 7 inputs · StandardScaler · balanced per class · 25 % test · seed 1`).
pub fn compact(record: &ModelRecord) -> String {
    ASPECTS
        .iter()
        .filter(|a| **a != Aspect::Samples)
        .map(|a| a.short(record))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The number a model's name starts with (`#2` of `#2 Random forest (hsf-forest)`).
fn number_of(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// For each model (in the page's order), the earlier model trained with identical settings.
fn twins(records: &[&ModelRecord]) -> Vec<Option<usize>> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| records[..i].iter().position(|earlier| *earlier == *r))
        .collect()
}

/// For each of the page's models (name and record, in order), what sets it apart from the others:
/// the aspects in which the models differ, in a few words each, or `same settings as #k` for a
/// model trained exactly like an earlier one. Empty where nothing differs but the model.
fn distinctions(models: &[(&str, &ModelRecord)]) -> Vec<String> {
    let records: Vec<&ModelRecord> = models.iter().map(|(_, r)| *r).collect();
    let differing: Vec<Aspect> = ASPECTS
        .iter()
        .copied()
        .filter(|a| records.windows(2).any(|w| a.differs(w[0], w[1])))
        .collect();
    records
        .iter()
        .zip(twins(&records))
        .map(|(r, twin)| match twin {
            Some(k) => format!("same settings as {}", number_of(models[k].0)),
            None => differing
                .iter()
                .map(|a| a.short(r))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect()
}

/// The page's models as their legends name them: each name, then what sets it apart
/// (`#2 Random forest (hsf-forest) · lep_pt_2 > 10`), or the bare name where nothing does.
pub fn legend_names(models: &[&TrainedModel]) -> Vec<String> {
    let pairs: Vec<(&str, &ModelRecord)> = models
        .iter()
        .map(|m| (m.name.as_str(), &m.record))
        .collect();
    models
        .iter()
        .zip(distinctions(&pairs))
        .map(|(m, d)| {
            if d.is_empty() {
                m.name.clone()
            } else {
                format!("{} · {d}", m.name)
            }
        })
        .collect()
}

/// The models table's "trained with" cell of each model: its compact provenance, marked where an
/// earlier model was trained with identical settings (`same settings as #1 · no cuts · …`).
pub fn table_notes(models: &[&TrainedModel]) -> Vec<String> {
    let records: Vec<&ModelRecord> = models.iter().map(|m| &m.record).collect();
    models
        .iter()
        .zip(twins(&records))
        .map(|(m, twin)| match twin {
            Some(k) => format!(
                "same settings as {} · {}",
                number_of(&models[k].name),
                compact(&m.record)
            ),
            None => compact(&m.record),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::Weighting;
    use crate::state::training::{lab_setup, record};
    use crate::state::{check_cut, fixture};

    fn records() -> (ModelRecord, ModelRecord, ModelRecord) {
        let dataset = fixture::toy();
        let setup = lab_setup(&dataset);
        let plain = record(&dataset, &[], &setup);
        let cut = check_cut("x > 1", &dataset).expect("cut");
        let cut = record(&dataset, &[cut], &setup);
        let mut event = setup.clone();
        event.weighting = Weighting::Event;
        let weighted = record(&dataset, &[], &event);
        (plain, cut, weighted)
    }

    #[test]
    fn two_forests_differing_by_a_cut_are_told_apart() {
        let (plain, cut, _) = records();
        assert_eq!(
            distinctions(&[("#1 a", &plain), ("#2 a", &cut), ("#3 a", &plain)]),
            vec!["no cuts", "x > 1", "same settings as #1"]
        );
    }

    #[test]
    fn only_what_differs_is_named() {
        let (plain, cut, weighted) = records();
        let d = distinctions(&[("#1", &plain), ("#2", &cut), ("#3", &weighted)]);
        assert_eq!(d[0], format!("no cuts · {}", plain.setup.weighting.label()));
        assert_eq!(d[2], "no cuts · event weights");
        // One model alone, or models differing only in their kind: nothing to add.
        assert_eq!(distinctions(&[("#1", &plain)]), vec![String::new()]);
    }

    #[test]
    fn legends_add_what_differs_to_the_names() {
        use crate::state::device::Device;
        use crate::state::training::{Provenance, judge, prepare};
        let dataset = fixture::toy();
        let setup = lab_setup(&dataset);
        let cut = check_cut("x > 1", &dataset).expect("cut");
        let model = |number, cuts: &[crate::analysis::CutExpr]| {
            let prepared = prepare(&dataset, cuts, &setup).expect("prepared");
            let trained = setup.train(&prepared.data).expect("trained");
            let provenance = Provenance {
                device: Device::Cpu,
                seconds: 1.0,
            };
            judge(
                &dataset, cuts, &prepared, &setup, trained, number, provenance,
            )
            .expect("judged")
        };
        let (a, b) = (model(1, &[]), model(2, std::slice::from_ref(&cut)));
        assert_eq!(
            legend_names(&[&a, &b]),
            vec![
                "#1 Random forest (hsf-forest) · no cuts".to_owned(),
                "#2 Random forest (hsf-forest) · x > 1".to_owned()
            ]
        );
        assert_eq!(
            legend_names(&[&a]),
            vec!["#1 Random forest (hsf-forest)".to_owned()]
        );
    }

    #[test]
    fn the_full_provenance_lists_every_setting() {
        let (_, cut, _) = records();
        let text = full(&cut);
        assert!(text.contains("Cuts: x > 1"), "{text}");
        assert!(
            text.contains(&format!("Seed: {}", cut.setup.seed)),
            "{text}"
        );
        assert!(text.contains("Inputs: "), "{text}");
        assert!(text.contains("criterion='gini'"), "{text}");
        assert!(text.contains("bootstrap=True"), "{text}");
        assert!(compact(&cut).starts_with("x > 1 · "), "{}", compact(&cut));
    }
}
