//! A lesson on disk: `lesson.toml` (title, dataset, sections in order) and one Markdown file per
//! section, in which widgets and tasks are fenced blocks of TOML:
//!
//! ````markdown
//! Prose with maths: significance $Z = S/\sqrt{B}$.
//!
//! ```widget
//! kind = "scan"
//! variable = "lead_lep_pt"
//! ```
//!
//! ```task
//! id = "task-8"
//! …
//! ```
//! ````
//!
//! Parses text handed in by the caller; never fetches anything.

use serde::Deserialize;

use super::markdown;
use super::task::TaskSpec;
use super::widget::WidgetSpec;
use crate::{Error, Result};

/// The id of "no dataset": a lesson that loads none runs on [`crate::data::Dataset::none`].
pub const NO_DATASET: &str = "";

/// The lesson format this engine reads.
pub const LESSON_FORMAT_VERSION: u32 = 1;

/// `lesson.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonManifest {
    /// Must equal [`LESSON_FORMAT_VERSION`].
    pub format_version: u32,
    /// The folder name.
    pub id: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The shipped dataset the lesson runs on: every section's widgets and checks use it unless
    /// the section names another. Absent ([`NO_DATASET`]): the lesson loads no data; its widgets
    /// make their own points from a seed and its checks compute from those.
    #[serde(default)]
    pub dataset: String,
    /// Where the official files can be fetched, if the lesson offers them.
    #[serde(default)]
    pub official: Option<OfficialSource>,
    /// Sections, in reading order.
    #[serde(rename = "section")]
    pub sections: Vec<SectionRef>,
}

/// The real files a lesson can run on instead of our generated ones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialSource {
    /// What they are ("ATLAS Open Data 2020, dark-matter notebook samples").
    pub title: String,
    /// Folder URL; each sample is fetched as `{base_url}{sample file}`. For the HiggsML
    /// challenge's format, the file's own URL.
    pub base_url: String,
    /// Licence and provenance, shown next to the loader.
    pub note: String,
    /// One file per sample (default), or the HiggsML challenge's single file.
    #[serde(default)]
    pub format: OfficialFormat,
}

impl OfficialSource {
    /// Our catalog of the lesson's dataset, describing these files instead of our simulation:
    /// the same samples, variables and inputs (the files are named as its samples'), with this
    /// source's title and note as its title and provenance, and no generator — what the data
    /// table and the Python code say the events are.
    pub fn describe(&self, mut catalog: crate::data::Catalog) -> crate::data::Catalog {
        catalog.title = self.title.clone();
        catalog.provenance = self.note.clone();
        catalog.generator = None;
        catalog
    }
}

/// How a lesson's official data come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficialFormat {
    /// One CSV per sample of the lesson's catalog, named as its `file`.
    #[default]
    Samples,
    /// The 2014 HiggsML challenge's CSV (`Label` s/b, `Weight`, `KaggleSet`, `KaggleWeight`),
    /// gzip-compressed or plain, read as it arrives (`data::ChallengeStream`).
    HiggsmlChallenge,
}

/// A section as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRef {
    /// Unique in the lesson; used in links.
    pub id: String,
    /// Title in the table of contents.
    pub title: String,
    /// Markdown file in the lesson's folder.
    pub file: String,
    /// Another shipped dataset this section's widgets and checks use instead of the lesson's
    /// (e.g. an optional exercise on other data). Always our simulation: the official files the
    /// lesson may offer replace only the lesson's own dataset.
    #[serde(default)]
    pub dataset: Option<String>,
}

/// A piece of a section, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Rendered prose (HTML with MathML).
    Prose(String),
    /// A live widget.
    Widget(Box<WidgetSpec>),
    /// A task card.
    Task(Box<TaskSpec>),
}

/// A section with its content parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// As listed in the manifest.
    pub meta: SectionRef,
    /// Its blocks.
    pub blocks: Vec<Block>,
    /// Maths that did not parse (shown to the teacher; validation fails on them).
    pub problems: Vec<String>,
}

/// A whole lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// `lesson.toml`.
    pub manifest: LessonManifest,
    /// Sections in order.
    pub sections: Vec<Section>,
}

impl LessonManifest {
    /// Whether the lesson loads a dataset (else its widgets make their own points).
    pub fn has_data(&self) -> bool {
        self.dataset != NO_DATASET
    }

    /// The dataset section `index` runs on (the lesson's, unless the section names another).
    pub fn section_dataset(&self, index: usize) -> &str {
        self.sections
            .get(index)
            .and_then(|s| s.dataset.as_deref())
            .unwrap_or(&self.dataset)
    }

    /// Every dataset the lesson uses, its own first, then the others in reading order.
    pub fn datasets(&self) -> Vec<&str> {
        let mut all = vec![self.dataset.as_str()];
        for s in &self.sections {
            if let Some(d) = s.dataset.as_deref().filter(|d| !all.contains(d)) {
                all.push(d);
            }
        }
        all
    }

    /// Parses `lesson.toml`, checking the version and that section ids are unique.
    pub fn parse(text: &str) -> Result<Self> {
        let manifest: LessonManifest =
            toml::from_str(text).map_err(|e| Error::Lesson(format!("lesson.toml: {e}")))?;
        crate::ids::check_version(manifest.format_version, LESSON_FORMAT_VERSION)
            .and_then(|()| {
                crate::ids::check_ids(manifest.sections.iter().map(|s| s.id.as_str()), "section")
            })
            .map_err(|e| Error::Lesson(format!("lesson.toml: {e}")))?;
        if manifest.sections.is_empty() {
            return Err(Error::Lesson("lesson.toml lists no [[section]]".into()));
        }
        Ok(manifest)
    }
}

impl Lesson {
    /// Assembles a lesson from its manifest and the text of each section file (same order).
    pub fn assemble(manifest: LessonManifest, texts: &[String]) -> Result<Self> {
        if texts.len() != manifest.sections.len() {
            return Err(Error::Lesson(format!(
                "lesson.toml lists {} sections but {} files were read",
                manifest.sections.len(),
                texts.len()
            )));
        }
        let sections = manifest
            .sections
            .iter()
            .zip(texts)
            .map(|(meta, text)| parse_section(meta.clone(), text))
            .collect::<Result<Vec<_>>>()?;
        Self::from_sections(manifest, sections)
    }

    /// Assembles a lesson from sections parsed one by one (with [`parse_section`], e.g. as their
    /// files arrive), checking that they are the manifest's and that task ids are unique.
    pub fn from_sections(manifest: LessonManifest, sections: Vec<Section>) -> Result<Self> {
        let listed: Vec<&str> = manifest.sections.iter().map(|s| s.id.as_str()).collect();
        let given: Vec<&str> = sections.iter().map(|s| s.meta.id.as_str()).collect();
        if listed != given {
            return Err(Error::Lesson(format!(
                "lesson.toml lists the sections {listed:?} but {given:?} were parsed"
            )));
        }
        let lesson = Lesson { manifest, sections };
        crate::ids::check_ids(lesson.tasks().map(|(_, t)| t.id.as_str()), "task")
            .map_err(|e| Error::Lesson(format!("tasks: {e}")))?;
        Ok(lesson)
    }

    /// Every task with the id of its section, in reading order.
    pub fn tasks(&self) -> impl Iterator<Item = (&str, &TaskSpec)> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(move |b| match b {
                Block::Task(t) => Some((s.meta.id.as_str(), t.as_ref())),
                _ => None,
            })
        })
    }

    /// The section a link points at: the one named, else the one holding the task named, else
    /// the first.
    pub fn section_at(&self, section: Option<&str>, task: Option<&str>) -> usize {
        let named = section.and_then(|id| self.sections.iter().position(|s| s.meta.id == id));
        let holding = || {
            let task = task?;
            self.sections.iter().position(|s| {
                s.blocks
                    .iter()
                    .any(|b| matches!(b, Block::Task(t) if t.id == task))
            })
        };
        named.or_else(holding).unwrap_or(0)
    }

    /// Every widget, in reading order.
    pub fn widgets(&self) -> impl Iterator<Item = &WidgetSpec> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Widget(w) => Some(w.as_ref()),
                _ => None,
            })
        })
    }

    /// The widget nearest above the task `task` in its section, with the key its state is kept
    /// under ([`super::widget_key`]).
    pub fn widget_above(&self, task: &str) -> Option<(String, &WidgetSpec)> {
        self.sections.iter().find_map(|s| {
            s.widget_above(task)
                .map(|(n, w)| (super::widget_key(&s.meta.id, n), w))
        })
    }

    /// The task called `id`.
    pub fn task(&self, id: &str) -> Option<&TaskSpec> {
        self.tasks().map(|(_, t)| t).find(|t| t.id == id)
    }
}

impl Section {
    /// The widget nearest above the task `task` in this section, with its place among the
    /// section's widgets (from 1, as [`super::widget_key`] numbers them): the plot or scan a task
    /// asks about.
    pub fn widget_above(&self, task: &str) -> Option<(usize, &WidgetSpec)> {
        let mut above = None;
        let mut n = 0;
        for block in &self.blocks {
            match block {
                Block::Widget(w) => {
                    n += 1;
                    above = Some((n, w.as_ref()));
                }
                Block::Task(t) if t.id == task => return above,
                _ => {}
            }
        }
        None
    }
}

/// Splits a section's Markdown into prose, widgets and tasks.
pub fn parse_section(meta: SectionRef, text: &str) -> Result<Section> {
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    let mut prose = String::new();
    let mut fenced: Option<(&str, String, usize)> = None;
    let flush = |prose: &mut String, blocks: &mut Vec<Block>, problems: &mut Vec<String>| {
        if !prose.trim().is_empty() {
            let (html, mut found) = markdown::render(prose);
            problems.append(&mut found);
            blocks.push(Block::Prose(html));
        }
        prose.clear();
    };
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        match &mut fenced {
            Some((kind, body, start)) => {
                if trimmed == "```" || trimmed == "~~~" {
                    let at = format!("{}, line {}", meta.file, *start);
                    blocks.push(match *kind {
                        "widget" => Block::Widget(Box::new(
                            toml::from_str(body)
                                .map_err(|e| Error::Lesson(format!("{at}: widget: {e}")))?,
                        )),
                        _ => Block::Task(Box::new(
                            toml::from_str(body)
                                .map_err(|e| Error::Lesson(format!("{at}: task: {e}")))?,
                        )),
                    });
                    fenced = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
            None => {
                let kind = match trimmed {
                    "```widget" | "~~~widget" => Some("widget"),
                    "```task" | "~~~task" => Some("task"),
                    _ => None,
                };
                if let Some(kind) = kind {
                    flush(&mut prose, &mut blocks, &mut problems);
                    fenced = Some((kind, String::new(), number + 1));
                } else {
                    prose.push_str(line);
                    prose.push('\n');
                }
            }
        }
    }
    if let Some((kind, _, start)) = fenced {
        return Err(Error::Lesson(format!(
            "{}, line {start}: the {kind} block is never closed with ```",
            meta.file
        )));
    }
    flush(&mut prose, &mut blocks, &mut problems);
    let problems = problems
        .into_iter()
        .map(|p| format!("{}: {p}", meta.file))
        .collect();
    Ok(Section {
        meta,
        blocks,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> SectionRef {
        SectionRef {
            id: "s".into(),
            title: "S".into(),
            file: "s.md".into(),
            dataset: None,
        }
    }

    #[test]
    fn official_files_are_described_as_theirs_not_ours() {
        let ours = crate::data::Catalog::parse(
            "format_version = 1\nid = \"d\"\ntitle = \"Our toy\"\nprovenance = \"Generated by Five Sigma\"\n\
             [generator]\nname = \"toy\"\nversion = \"1\"\nseed = 1\n\
             [[sample]]\nname = \"s\"\nfile = \"s.csv\"\nrole = \"signal\"\ncolor = \"#d62728\"\n",
        )
        .expect("catalog");
        assert!(ours.generator.is_some());
        let official = OfficialSource {
            title: "ATLAS Open Data 2020".into(),
            base_url: "https://example.org/".into(),
            note: "CC-BY 4.0, ATLAS".into(),
            format: OfficialFormat::Samples,
        };
        let theirs = official.describe(ours.clone());
        assert_eq!(theirs.title, "ATLAS Open Data 2020");
        assert_eq!(theirs.provenance, "CC-BY 4.0, ATLAS");
        assert!(theirs.generator.is_none());
        assert_eq!(theirs.samples, ours.samples, "the same samples and files");
    }

    #[test]
    fn a_section_may_run_on_another_dataset() {
        let manifest = LessonManifest::parse(
            "format_version = 1\nid = \"l\"\ntitle = \"L\"\nsummary = \"s\"\ndataset = \"d\"\n\
             [[section]]\nid = \"s\"\ntitle = \"S\"\nfile = \"s.md\"\n\
             [[section]]\nid = \"t\"\ntitle = \"T\"\nfile = \"t.md\"\ndataset = \"e\"\n\
             [[section]]\nid = \"u\"\ntitle = \"U\"\nfile = \"u.md\"\ndataset = \"e\"\n",
        )
        .expect("manifest");
        assert_eq!(
            (0..4)
                .map(|i| manifest.section_dataset(i))
                .collect::<Vec<_>>(),
            ["d", "e", "e", "d"],
            "past the end: the lesson's own"
        );
        assert_eq!(manifest.datasets(), ["d", "e"]);
    }

    #[test]
    fn prose_widgets_and_tasks_come_out_in_order() {
        let text = "Intro $x$.\n\n```widget\nkind = \"histogram\"\nvariable = \"a\"\n```\n\nMiddle.\n\n\
                    ```task\nid = \"t\"\ntitle = \"T\"\nquestion = \"Q?\"\nanswer = { type = \"number\", relative = 0.1 }\n\
                    solution = \"S\"\ncheck = { kind = \"mean\", samples = [\"x\"], variable = \"a\" }\n```\n";
        let section = parse_section(meta(), text).expect("parses");
        let kinds: Vec<&str> = section
            .blocks
            .iter()
            .map(|b| match b {
                Block::Prose(_) => "prose",
                Block::Widget(_) => "widget",
                Block::Task(_) => "task",
            })
            .collect();
        assert_eq!(kinds, ["prose", "widget", "prose", "task"]);
        assert!(section.problems.is_empty());
    }

    #[test]
    fn sections_parsed_one_by_one_must_be_the_manifests() {
        let manifest = LessonManifest::parse(
            "format_version = 1\nid = \"l\"\ntitle = \"L\"\nsummary = \"s\"\ndataset = \"d\"\n\
             [[section]]\nid = \"s\"\ntitle = \"S\"\nfile = \"s.md\"\n",
        )
        .expect("manifest");
        let section = parse_section(meta(), "Text.\n").expect("section");
        let lesson =
            Lesson::from_sections(manifest.clone(), vec![section.clone()]).expect("lesson");
        assert_eq!(lesson.sections.len(), 1);
        let other = Section {
            meta: SectionRef {
                id: "t".into(),
                ..meta()
            },
            ..section
        };
        assert!(Lesson::from_sections(manifest, vec![other]).is_err());
    }

    #[test]
    fn mistakes_say_where() {
        let unclosed =
            parse_section(meta(), "a\n```task\nid = \"t\"\n").expect_err("must be refused");
        assert!(unclosed.to_string().contains("s.md, line 2"), "{unclosed}");
        let typo = parse_section(
            meta(),
            "```widget\nkind = \"histogram\"\nvariabel = \"a\"\n```\n",
        )
        .expect_err("must be refused");
        assert!(typo.to_string().contains("variabel"), "{typo}");
        let bad_kind = parse_section(meta(), "```widget\nkind = \"piechart\"\n```\n")
            .expect_err("must be refused");
        assert!(bad_kind.to_string().contains("piechart"), "{bad_kind}");
    }

    #[test]
    fn links_open_the_section_named_or_the_one_holding_the_task() {
        let manifest = LessonManifest::parse(
            "format_version = 1\nid = \"l\"\ntitle = \"L\"\nsummary = \"s\"\ndataset = \"d\"\n\
             [[section]]\nid = \"s\"\ntitle = \"S\"\nfile = \"s.md\"\n\
             [[section]]\nid = \"t\"\ntitle = \"T\"\nfile = \"t.md\"\n",
        )
        .expect("manifest");
        let task = "```task\nid = \"q\"\ntitle = \"T\"\nquestion = \"Q?\"\n\
                    answer = { type = \"number\", relative = 0.1 }\nsolution = \"S\"\n\
                    check = { kind = \"mean\", samples = [\"x\"], variable = \"a\" }\n```\n";
        let first = parse_section(meta(), "Text.\n").expect("section");
        let second = parse_section(
            SectionRef {
                id: "t".into(),
                file: "t.md".into(),
                ..meta()
            },
            task,
        )
        .expect("section");
        let lesson = Lesson::from_sections(manifest, vec![first, second]).expect("lesson");
        assert_eq!(lesson.section_at(Some("t"), None), 1);
        assert_eq!(lesson.section_at(None, Some("q")), 1);
        assert_eq!(
            lesson.section_at(Some("s"), Some("q")),
            0,
            "the section wins"
        );
        assert_eq!(lesson.section_at(Some("nope"), Some("nope")), 0);
        assert_eq!(lesson.section_at(None, None), 0);
    }
}
