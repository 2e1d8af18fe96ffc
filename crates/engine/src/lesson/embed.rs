//! What an embedded page shows, read from and written into its link — a widget on a shipped
//! dataset (`#/embed/widget/histogram?ds=atlas-dm&var=ETmiss&cut=…&hide=bins,range`) or a lesson
//! with some of its parts hidden (`#/embed/lesson/<id>?hide=toc,tools`).
//!
//! A widget's link holds the same settings a lesson's ```` ```widget ```` block does, so every
//! widget of every lesson can be embedded on its own. Reading is forgiving like the Lab's links:
//! a value that does not parse is skipped; only a missing dataset or unknown kind is an error.
//! Pure: no web types.

use super::{Block, Lesson, WidgetKind, WidgetSpec};
use crate::ml::MissingValues;
use crate::state::Choice;
use crate::{Error, Result};

use crate::view::lab::parse_threshold_list;
use crate::view::query;

/// The parts of a lesson page an embedding may hide (`hide=toc,tools`).
pub const LESSON_PARTS: [(&str, &str); 4] = [
    ("toc", "table of contents"),
    ("tools", "progress, export and reset"),
    ("data", "choice of data"),
    ("nav", "previous/next section links"),
];

/// A widget on one of the shipped datasets.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedWidget {
    /// Shipped dataset id.
    pub dataset: String,
    /// The widget, as a lesson would declare it.
    pub spec: WidgetSpec,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn join(values: &[String]) -> String {
    values.join(",")
}

/// The names in `query`'s `hide` list (a lesson's parts, a widget's controls), in order.
pub fn hidden(query_text: &str) -> Vec<String> {
    query::parse(query_text.trim_start_matches('?'))
        .into_iter()
        .filter(|(k, _)| k == "hide")
        .flat_map(|(_, v)| list(&v))
        .collect()
}

/// What a teacher can embed from a lesson's section: the lesson, the section, a task or a widget.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedTarget {
    /// The whole lesson.
    Lesson,
    /// One section (by id).
    Section(String),
    /// One task (by id), with the prose and widgets before it.
    Task(String),
    /// One widget, on its own.
    Widget(Box<WidgetSpec>),
}

impl EmbedTarget {
    /// The menu of what section `section` of `lesson` offers, as (key, label): "lesson",
    /// "section:<id>", "task:<id>", "widget:<n>" counting from 1.
    pub fn choices(lesson: &Lesson, section: usize) -> Vec<(String, String)> {
        let mut list = vec![("lesson".to_owned(), "The whole lesson".to_owned())];
        let Some(section) = lesson.sections.get(section) else {
            return list;
        };
        list.push((
            format!("section:{}", section.meta.id),
            format!("This section: {}", section.meta.title),
        ));
        let mut n = 0;
        for block in &section.blocks {
            match block {
                Block::Task(t) => {
                    list.push((format!("task:{}", t.id), format!("Task: {}", t.title)))
                }
                // The playground is embedded from its own page (its Embed button); the dice come
                // with their section.
                Block::Widget(w) if w.kind.makes_own_points() => n += 1,
                Block::Widget(w) => {
                    n += 1;
                    let about = w.variable.as_deref().unwrap_or("");
                    let label = format!("Widget {n}: {} {about}", w.kind.key());
                    list.push((format!("widget:{n}"), label.trim().to_owned()));
                }
                Block::Prose(_) => {}
            }
        }
        list
    }

    /// The target a menu key names in section `section` (the whole lesson if it names nothing).
    pub fn resolve(lesson: &Lesson, section: usize, key: &str) -> Self {
        if let Some(id) = key.strip_prefix("section:") {
            return Self::Section(id.to_owned());
        }
        if let Some(id) = key.strip_prefix("task:") {
            return Self::Task(id.to_owned());
        }
        let widget = key
            .strip_prefix("widget:")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| {
                lesson
                    .sections
                    .get(section)?
                    .blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Widget(w) => Some(w),
                        _ => None,
                    })
                    .nth(n.checked_sub(1)?)
            });
        match widget {
            Some(spec) => Self::Widget(Box::new((**spec).clone())),
            None => Self::Lesson,
        }
    }

    /// The parts or controls this target can hide, as (key, label, hidden at first: a lesson
    /// widget's own hidden controls).
    pub fn hideable(&self) -> Vec<(String, String, bool)> {
        match self {
            Self::Lesson | Self::Section(_) => LESSON_PARTS
                .iter()
                .map(|(k, label)| ((*k).to_owned(), (*label).to_owned(), false))
                .collect(),
            Self::Task(_) => Vec::new(),
            Self::Widget(spec) => spec
                .kind
                .controls()
                .iter()
                .map(|c| ((*c).to_owned(), (*c).to_owned(), !spec.shows(c)))
                .collect(),
        }
    }

    /// The iframe's starting height in CSS pixels (the frame then follows its content).
    pub fn height_px(&self) -> u32 {
        match self {
            Self::Lesson | Self::Section(_) => 760,
            Self::Task(_) | Self::Widget(_) => 560,
        }
    }

    /// The widget on `dataset` showing the controls neither it nor `hide` hides.
    pub fn widget(spec: &WidgetSpec, dataset: &str, hide: &[String]) -> EmbeddedWidget {
        let mut spec = spec.clone();
        let shown: Vec<String> = spec
            .kind
            .controls()
            .iter()
            .filter(|c| spec.shows(c) && !hide.iter().any(|h| h == *c))
            .map(|c| (*c).to_owned())
            .collect();
        spec.controls = Some(shown);
        EmbeddedWidget {
            dataset: dataset.to_owned(),
            spec,
        }
    }
}

/// The HTML a teacher pastes into their page: the frame (its attributes escaped) and the script
/// that sizes it.
pub fn snippet(src: &str, title: &str, height_px: u32, script: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" data-fivesigma height=\"{height_px}\" style=\"width:100%;border:0\" loading=\"lazy\"></iframe>\n<script src=\"{}\" async></script>",
        escape(src),
        escape(title),
        escape(script)
    )
}

impl EmbeddedWidget {
    /// A widget of `kind` on `dataset` with every setting at the Lab's default.
    pub fn new(kind: WidgetKind, dataset: &str) -> Self {
        Self {
            dataset: dataset.to_owned(),
            spec: WidgetSpec {
                kind,
                samples: Vec::new(),
                variable: None,
                sample: None,
                bins: None,
                range: None,
                weighted: true,
                log_y: false,
                readout: true,
                s_over_b: false,
                measure: None,
                thresholds: Vec::new(),
                signal_choices: Vec::new(),
                cuts: Vec::new(),
                controls: None,
                preset: None,
                inputs: Vec::new(),
                weighting: None,
                seed: None,
                test_fraction: None,
                validation_fraction: None,
                missing: None,
                views: Vec::new(),
                caption: None,
                setup: None,
                grid: Vec::new(),
                grid_scoring: None,
            },
        }
    }

    /// The route and query for this widget: `widget/<kind>?ds=…`.
    pub fn path(&self) -> String {
        format!("widget/{}?{}", self.spec.kind.key(), self.to_query())
    }

    /// The query string (without `?`). Hidden controls are written as `hide=`, the complement of
    /// the shown ones among the kind's controls.
    pub fn to_query(&self) -> String {
        let s = &self.spec;
        let mut pairs: Vec<(&str, String)> = vec![("ds", self.dataset.clone())];
        if !s.samples.is_empty() {
            pairs.push(("samples", join(&s.samples)));
        }
        if let Some(v) = &s.variable {
            pairs.push(("var", v.clone()));
        }
        if let Some(v) = &s.sample {
            pairs.push(("sample", v.clone()));
        }
        if let Some(b) = s.bins {
            pairs.push(("bins", b.to_string()));
        }
        if let Some([lo, hi]) = s.range {
            pairs.push(("lo", format!("{lo}")));
            pairs.push(("hi", format!("{hi}")));
        }
        if !s.weighted {
            pairs.push(("w", "0".into()));
        }
        if s.log_y {
            pairs.push(("log", "1".into()));
        }
        if !s.thresholds.is_empty() {
            let t: Vec<String> = s.thresholds.iter().map(|x| format!("{x}")).collect();
            pairs.push(("st", t.join(",")));
        }
        if !s.signal_choices.is_empty() {
            pairs.push(("signals", join(&s.signal_choices)));
        }
        for cut in &s.cuts {
            pairs.push(("cut", cut.clone()));
        }
        if let Some(shown) = &s.controls {
            let hidden: Vec<String> = s
                .kind
                .controls()
                .iter()
                .filter(|c| !shown.iter().any(|x| x == *c))
                .map(|c| (*c).to_owned())
                .collect();
            if !hidden.is_empty() {
                pairs.push(("hide", join(&hidden)));
            }
        }
        if let Some(p) = &s.preset {
            pairs.push(("model", p.clone()));
        }
        if !s.inputs.is_empty() {
            pairs.push(("in", join(&s.inputs)));
        }
        if let Some(w) = &s.weighting {
            pairs.push(("wt", w.clone()));
        }
        if let Some(seed) = s.seed {
            pairs.push(("seed", seed.to_string()));
        }
        if let Some(f) = s.test_fraction {
            pairs.push(("test", format!("{f}")));
        }
        if let Some(f) = s.validation_fraction {
            pairs.push(("val", format!("{f}")));
        }
        if let Some(m) = &s.missing {
            pairs.push(("missing", m.clone()));
        }
        if !s.views.is_empty() {
            pairs.push(("views", join(&s.views)));
        }
        if let Some(c) = &s.caption {
            pairs.push(("caption", c.clone()));
        }
        query::build(pairs)
    }

    /// Reads a widget of kind `kind` (`histogram`, …) from its query string.
    pub fn from_query(kind: &str, text: &str) -> Result<Self> {
        let kind = WidgetKind::from_key(kind).ok_or_else(|| {
            let known: Vec<&str> = WidgetKind::ALL.iter().map(|k| k.key()).collect();
            Error::Lesson(format!(
                "there is no widget \"{kind}\" (there are: {})",
                known.join(", ")
            ))
        })?;
        if kind.makes_own_points() {
            return Err(Error::Lesson(format!(
                "the {} is embedded as a page of its own: #/embed/playground?… (copy the link \
                 from the playground's Embed button)",
                kind.key()
            )));
        }
        let pairs = query::parse(text.trim_start_matches('?'));
        let dataset = pairs
            .iter()
            .find(|(k, _)| k == "ds")
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Error::Lesson("the link does not say which dataset (ds=…) to show".into())
            })?;
        let mut widget = Self::new(kind, &dataset);
        let s = &mut widget.spec;
        let (mut lo, mut hi) = (None, None);
        let number = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite());
        let mut shown: Option<Vec<String>> = None;
        let mut hide: Vec<String> = Vec::new();
        for (key, value) in &pairs {
            let value = value.trim();
            let text = (!value.is_empty()).then(|| value.to_owned());
            match key.as_str() {
                "samples" => s.samples = list(value),
                "var" => s.variable = text,
                "sample" => s.sample = text,
                "bins" => s.bins = value.parse().ok().filter(|b| (1..=10_000).contains(b)),
                "lo" => lo = number(value),
                "hi" => hi = number(value),
                "w" => s.weighted = value != "0" && value != "false",
                "log" => s.log_y = value == "1" || value == "true",
                "st" => s.thresholds = parse_threshold_list(value).unwrap_or_default(),
                "signals" => s.signal_choices = list(value),
                "cut" => s.cuts.extend(text),
                "show" => shown = Some(list(value)),
                "hide" => hide.extend(list(value)),
                "model" => s.preset = text,
                "in" => s.inputs = list(value),
                "wt" => s.weighting = text,
                "seed" => s.seed = value.parse().ok(),
                "test" => s.test_fraction = number(value).filter(|f| *f > 0.0 && *f < 1.0),
                "val" => s.validation_fraction = number(value).filter(|f| (0.0..1.0).contains(f)),
                "missing" => {
                    s.missing = MissingValues::from_key(value).map(|m| m.key().to_owned());
                }
                "views" => s.views = list(value),
                "caption" => s.caption = text,
                _ => {}
            }
        }
        if let (Some(lo), Some(hi)) = (lo, hi)
            && lo < hi
        {
            s.range = Some([lo, hi]);
        }
        if shown.is_some() || !hide.is_empty() {
            let base =
                shown.unwrap_or_else(|| kind.controls().iter().map(|c| (*c).to_owned()).collect());
            s.controls = Some(base.into_iter().filter(|c| !hide.contains(c)).collect());
        }
        Ok(widget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_widget_survives_its_link() {
        let mut w = EmbeddedWidget::new(WidgetKind::Histogram, "atlas-dm");
        w.spec.samples = vec!["DM_300".into(), "ZZ".into()];
        w.spec.variable = Some("lead_lep_pt".into());
        w.spec.bins = Some(20);
        w.spec.range = Some([0.0, 500.0]);
        w.spec.weighted = false;
        w.spec.log_y = true;
        w.spec.cuts = vec![
            "ETmiss > 100 && mll < 120".into(),
            "sublead_lep_pt > 20".into(),
        ];
        w.spec.controls = Some(vec!["variable".into(), "drag".into()]);
        w.spec.caption = Some("Drag the line: what survives?".into());
        let path = w.path();
        let (kind, query) = path
            .strip_prefix("widget/")
            .and_then(|p| p.split_once('?'))
            .expect("widget/<kind>?query");
        assert_eq!(kind, "histogram");
        // The hidden controls are the kind's others, in the kind's order.
        assert!(
            query.contains("hide=bins%2Crange%2Cweighted%2Clog%2Cnormalised%2Ccolours%2Csb"),
            "{query}"
        );
        let back = EmbeddedWidget::from_query(kind, query).expect("parses");
        assert_eq!(back, w);

        let mut t = EmbeddedWidget::new(WidgetKind::Train, "atlas-dm");
        t.spec.preset = Some("atlas-mlp".into());
        t.spec.inputs = vec!["ETmiss".into(), "mll".into()];
        t.spec.weighting = Some("balanced".into());
        t.spec.seed = Some(7);
        t.spec.test_fraction = Some(0.3);
        t.spec.validation_fraction = Some(0.3);
        t.spec.missing = Some("keep".into());
        t.spec.thresholds = vec![0.5, 0.9];
        t.spec.signal_choices = vec!["DM_300".into(), "DM_800".into()];
        t.spec.views = vec!["roc".into(), "output".into()];
        let back = EmbeddedWidget::from_query("train", &t.to_query()).expect("parses");
        assert_eq!(back, t);
    }

    #[test]
    fn show_and_hide_combine_and_bad_values_are_skipped() {
        let w = EmbeddedWidget::from_query(
            "scan",
            "ds=atlas-dm&show=variable,thresholds,apply&hide=apply&bins=0&lo=x&seed=-1&test=2&st=3,1&missing=maybe",
        )
        .expect("parses");
        assert_eq!(
            w.spec.controls,
            Some(vec!["variable".to_owned(), "thresholds".to_owned()])
        );
        assert_eq!(w.spec.bins, None);
        assert_eq!(w.spec.missing, None);
        assert_eq!(w.spec.range, None);
        assert_eq!(w.spec.seed, None);
        assert_eq!(w.spec.test_fraction, None);
        assert!(w.spec.thresholds.is_empty(), "3,1 is not increasing");
        // Only hiding: every other control of the kind stays.
        let h = EmbeddedWidget::from_query("cuts", "ds=x&hide=edit").expect("parses");
        assert_eq!(h.spec.controls, Some(vec![]));
    }

    #[test]
    fn a_link_without_dataset_or_kind_says_what_is_missing() {
        let e = EmbeddedWidget::from_query("histogram", "var=ETmiss").expect_err("no ds");
        assert!(e.to_string().contains("ds="), "{e}");
        let e = EmbeddedWidget::from_query("piechart", "ds=atlas-dm").expect_err("no such kind");
        assert!(e.to_string().contains("histogram"), "{e}");
    }

    #[test]
    fn hidden_parts_are_read_from_every_hide() {
        assert_eq!(
            hidden("?hide=toc,tools&x=1&hide=nav"),
            vec!["toc".to_owned(), "tools".to_owned(), "nav".to_owned()]
        );
        assert!(hidden("").is_empty());
    }

    #[test]
    fn the_embed_menu_offers_the_sections_tasks_and_widgets() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../static_data/lessons/seeking-the-invisible/lesson.toml"
        ))
        .expect("the shipped lesson");
        let manifest = crate::lesson::LessonManifest::parse(&text).expect("manifest");
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../static_data/lessons/seeking-the-invisible/"
        );
        let texts: Vec<String> = manifest
            .sections
            .iter()
            .map(|s| std::fs::read_to_string(format!("{dir}{}", s.file)).expect("section"))
            .collect();
        let lesson = Lesson::assemble(manifest, &texts).expect("lesson");
        let index = lesson
            .sections
            .iter()
            .position(|s| s.blocks.iter().any(|b| matches!(b, Block::Widget(_))))
            .expect("a section with a widget");
        let choices = EmbedTarget::choices(&lesson, index);
        assert_eq!(choices[0].0, "lesson");
        assert!(choices[1].0.starts_with("section:"));
        let (key, label) = choices
            .iter()
            .find(|(k, _)| k == "widget:1")
            .expect("the first widget");
        assert!(label.starts_with("Widget 1: "), "{label}");
        let EmbedTarget::Widget(spec) = EmbedTarget::resolve(&lesson, index, key) else {
            panic!("a widget")
        };
        let hideable = EmbedTarget::Widget(spec.clone()).hideable();
        assert_eq!(hideable.len(), spec.kind.controls().len());
        let all: Vec<String> = spec
            .kind
            .controls()
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        let embedded = EmbedTarget::widget(&spec, "atlas-dm", &all);
        assert_eq!(
            embedded.spec.controls,
            Some(Vec::new()),
            "every control hidden"
        );
        assert_eq!(
            EmbedTarget::resolve(&lesson, index, "widget:99"),
            EmbedTarget::Lesson
        );
        assert_eq!(
            EmbedTarget::resolve(&lesson, index, "task:t"),
            EmbedTarget::Task("t".into())
        );
        assert_eq!(EmbedTarget::Lesson.hideable().len(), LESSON_PARTS.len());
        assert_eq!(EmbedTarget::Task("t".into()).height_px(), 560);
    }

    #[test]
    fn snippets_escape_what_they_quote() {
        let code = snippet(
            "https://x.org/?a=1&b=\"2\"",
            "Five <Sigma>",
            560,
            "embed.js",
        );
        assert!(
            code.contains("src=\"https://x.org/?a=1&amp;b=&quot;2&quot;\""),
            "{code}"
        );
        assert!(code.contains("title=\"Five &lt;Sigma>\""), "{code}");
        assert!(code.contains("height=\"560\""));
        assert!(code.ends_with("<script src=\"embed.js\" async></script>"));
    }
}
