//! The fuzzing campaign over every parser that takes outside text: the CSV reader (and its type
//! inference), the cut language, a lesson's manifest, sections (Markdown, maths, widget and task
//! blocks) and index, dataset catalogs, imported progress, and every kind of link state (the Lab,
//! the playground, the dice, embedded widgets, threshold lists, typed numbers).
//!
//! Inputs are generated from a seed: valid examples of each format, mutated byte by byte and
//! token by token (flips, deletions, duplications, splices with another example, and tokens known
//! to upset parsers: quotes, separators, BOMs, NaN, −999, `$$`, fences, percent escapes). Each
//! input runs under `catch_unwind`; a panic is a bug, an `Err` is a typed message (counted).
//!
//! Shared by `examples/fuzz.rs` (the campaign: 10⁶ inputs per parser) and `tests/fuzz_smoke.rs`
//! (10⁴ per parser on every test run).

use std::panic::{AssertUnwindSafe, catch_unwind};

use fivesigma_engine::analysis::CutExpr;
use fivesigma_engine::data::{Catalog, CsvOptions, read_csv};
use fivesigma_engine::lesson::embed::EmbeddedWidget;
use fivesigma_engine::lesson::markdown::render;
use fivesigma_engine::lesson::{
    Lesson, LessonIndex, LessonManifest, LessonProgress, SectionRef, parse_number, parse_section,
};
use fivesigma_engine::view::LabView;
use fivesigma_engine::view::dice::DiceSetup;
use fivesigma_engine::view::lab::parse_threshold_list;
use fivesigma_engine::view::playground::PlaygroundSetup;

/// SplitMix64: small, fast, and the same stream on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 ≤ k < n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that have broken parsers before, or could.
const TOKENS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\0",
    "\u{fffd}",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "-999",
    "1e309",
    "-0",
    "0x1F",
    "",
    " ",
    "=",
    "&",
    "?",
    "%",
    "%ZZ",
    "%E2%82",
    "$",
    "$$",
    "\\",
    "\\frac{",
    "}",
    "{",
    "^",
    "_",
    "```",
    "```widget\n",
    "```task\n",
    "[[section]]",
    "[",
    "]",
    "#",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "'",
    "`",
    "(",
    ")",
    "&&",
    "||",
    "==",
    "!=",
    ">=",
    "<",
    "not ",
    "in",
    "lead_lep_pt",
    "ETmiss",
    "x",
    "é",
    "𝛼",
    "\u{202e}",
    "9999999999999999999999",
    "0.",
    ".5",
    "+",
    "-",
    "e",
    "E",
];

/// `seed` changed by one to eight mutations (`others` to splice from).
pub fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(64)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            3 => out.truncate(at),
            4 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let start = rng.below(other.len() + 1);
                out.splice(at..at, other[start..].iter().copied().take(200));
            }
            5 => out.insert(at, rng.below(256) as u8),
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
        }
        out.truncate(16 * 1024);
    }
    out
}

/// A parser run on one input: `true` when it accepted it, `false` for a typed error.
pub type Parse = Box<dyn Fn(&[u8]) -> bool>;

/// One parser under test.
pub struct Target {
    /// Its name in the report.
    pub name: &'static str,
    /// Valid examples of its input.
    pub seeds: Vec<Vec<u8>>,
    /// Parses one input.
    pub parse: Parse,
}

/// What a campaign found for one target.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs tried.
    pub inputs: u64,
    /// Accepted.
    pub accepted: u64,
    /// Refused with a typed error.
    pub refused: u64,
    /// Inputs that panicked (kept to be turned into regression tests).
    pub panics: Vec<Vec<u8>>,
}

/// Runs `n` generated inputs through `target`.
pub fn run(target: &Target, n: u64, seed: u64) -> Report {
    let mut rng = Rng::new(seed);
    let mut report = Report::default();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..n {
        let base = &target.seeds[(i as usize) % target.seeds.len()];
        let input = mutate(&mut rng, base, &target.seeds);
        report.inputs += 1;
        match catch_unwind(AssertUnwindSafe(|| (target.parse)(&input))) {
            Ok(true) => report.accepted += 1,
            Ok(false) => report.refused += 1,
            Err(_) => report.panics.push(input),
        }
    }
    std::panic::set_hook(previous);
    report
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn seeds(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|s| s.as_bytes().to_vec()).collect()
}

const MANIFEST: &str = "format_version = 1\nid = \"l\"\ntitle = \"L\"\nsummary = \"s\"\ndataset = \"d\"\n\n[[section]]\nid = \"a\"\ntitle = \"A\"\nfile = \"a.md\"\n";

const SECTION: &str = "## Title\n\nProse with $Z = S/\\sqrt{B}$ and\n\n$$\\frac{a}{b} = \\sum_i x_i^2$$\n\n```widget\nkind = \"scan\"\nvariable = \"x\"\nthresholds = [1, 2]\n```\n\n```task\nid = \"t\"\ntitle = \"T\"\nquestion = \"How many?\"\nanswer = { type = \"number\", relative = 0.1 }\nsolution = \"So.\"\ncheck = { kind = \"count\", samples = [\"s\"] }\n```\n\n- a [link](https://example.org) and `code`\n";

fn lesson() -> Lesson {
    let manifest = LessonManifest::parse(MANIFEST).expect("manifest");
    Lesson::assemble(manifest, &[SECTION.to_owned()]).expect("lesson")
}

/// Every parser that takes outside text, with valid examples to start from.
pub fn targets() -> Vec<Target> {
    let lesson = lesson();
    let meta = SectionRef {
        id: "a".into(),
        title: "A".into(),
        file: "a.md".into(),
        dataset: None,
    };
    vec![
        Target {
            name: "CSV reader and type inference",
            seeds: seeds(&[
                "a,b,c\n1,2,3\n4,5,6\n",
                "\u{feff}x;y\r\n1,5;2\r\n-999;NaN\r\n",
                "id,name,w\n1,\"a,b\",0.5\n2,\"say \"\"hi\"\"\",inf\n",
                "p\tq\n1e3\t-0\n\t2\n",
                "h\n",
                "a,a\n1,2\n",
            ]),
            parse: Box::new(|b| read_csv(b, &CsvOptions::default(), |_| {}).is_ok()),
        },
        Target {
            name: "cut language",
            seeds: seeds(&[
                "ETmiss > 150",
                "lead_lep_pt >= 20 && sublead_lep_pt < 100",
                "`my col` != -999",
                "abs(eta) < 2.5 || n == 2",
                "x in [1, 3]",
            ]),
            parse: Box::new(|b| CutExpr::parse(&text(b)).is_ok()),
        },
        Target {
            name: "lesson manifest (TOML)",
            seeds: seeds(&[MANIFEST]),
            parse: Box::new(|b| LessonManifest::parse(&text(b)).is_ok()),
        },
        Target {
            name: "lesson section (Markdown, maths, widgets, tasks)",
            seeds: seeds(&[SECTION]),
            parse: Box::new(move |b| parse_section(meta.clone(), &text(b)).is_ok()),
        },
        Target {
            name: "Markdown and maths renderer",
            seeds: seeds(&[
                SECTION,
                "*a* **b** $x^{2}_{i}$ \\(y\\) [l](javascript:alert(1))",
            ]),
            parse: Box::new(|b| render(&text(b)).1.is_empty()),
        },
        Target {
            name: "lesson index",
            seeds: seeds(&[
                "format_version = 1\n[[lesson]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 5\n",
            ]),
            parse: Box::new(|b| LessonIndex::parse(&text(b)).is_ok()),
        },
        Target {
            name: "dataset catalog",
            seeds: seeds(&[
                "format_version = 1\nid = \"d\"\ntitle = \"D\"\nprovenance = \"p\"\nweight_column = \"w\"\ninputs = [\"x\"]\n[[sample]]\nname = \"s\"\nfile = \"s.csv\"\nrole = \"signal\"\nlabel = \"S\"\ncolor = \"#1f77b4\"\n[[sample]]\nname = \"b\"\nfile = \"b.csv\"\nrole = \"background\"\ncolor = \"#ff7f0e\"\n[[variable]]\nname = \"x\"\nunit = \"GeV\"\nbins = 10\nrange = [0, 100]\n",
            ]),
            parse: Box::new(|b| Catalog::parse(&text(b)).is_ok()),
        },
        Target {
            name: "imported progress (JSON)",
            seeds: seeds(&[
                "{\"format_version\":1,\"lesson\":\"l\",\"tasks\":{\"t\":{\"answer\":\"3\",\"attempts\":1,\"status\":\"correct\",\"hints_shown\":0,\"solution_shown\":false}},\"widgets\":{\"a/1\":{\"view\":\"var=x\",\"trained\":{\"setup\":\"data=spirals\",\"steps\":3,\"validation_accuracy\":0.5}}}}",
            ]),
            parse: Box::new(move |b| LessonProgress::from_json(&text(b), &lesson).is_ok()),
        },
        Target {
            name: "Lab link state",
            seeds: seeds(&[
                "dataset=atlas-dm&var=ETmiss&bins=20&lo=0&hi=500&w=1&cut=ETmiss%20%3E%20100&thr=25,50&model=hsf-forest&seed=7",
                "ds=atlas-dm&pairs=a,b,c&sample=WZ",
            ]),
            parse: Box::new(|b| {
                let view = LabView::from_query(&text(b));
                // What is read must write and read back.
                LabView::from_query(&view.to_query()) == view
            }),
        },
        Target {
            name: "playground link state",
            seeds: seeds(&[
                "data=spirals&n=300&noise=0.05&model=network&layers=32,32&act=tanh&lr=0.01",
                "data=line&fit=descent&rate=0.5&degree=3",
            ]),
            parse: Box::new(|b| {
                let (setup, notes) = PlaygroundSetup::from_query(&text(b));
                PlaygroundSetup::from_query(&setup.to_query()).0 == setup && notes.is_empty()
            }),
        },
        Target {
            name: "dice link state",
            seeds: seeds(&["die=negative&rolls=1000&seed=3"]),
            parse: Box::new(|b| DiceSetup::from_query(&text(b)).1.is_empty()),
        },
        Target {
            name: "embedded widget link",
            seeds: seeds(&[
                "ds=atlas-dm&var=ETmiss&bins=10&lo=0&hi=400&show=variable,log&cut=ETmiss%3E100",
                "ds=atlas-dm&st=25,50,75&signals=DM_300,DM_800&hide=measure",
            ]),
            parse: Box::new(|b| EmbeddedWidget::from_query("histogram", &text(b)).is_ok()),
        },
        Target {
            name: "typed numbers and threshold lists",
            seeds: seeds(&["1,2,3", "0:100:5", "1e3", "-0.5", "12 345,6"]),
            parse: Box::new(|b| {
                let t = text(b);
                parse_threshold_list(&t).is_some() | parse_number(&t).is_some()
            }),
        },
    ]
}
