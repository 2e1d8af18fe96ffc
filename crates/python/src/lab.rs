//! The Lab's explore panels as Python: reading the files into one table of events, the cuts and
//! their cut-flow, the stacked histogram, the significance scan and the pair plot.
//!
//! The code keeps the engine's rules so that it prints the Lab's numbers: numpy's bins (the last
//! one closed), a missing value failing every cut, a scan keeping `x > t` (or `x < t`) with the
//! weights summed in the order of the sorted values.

use super::{
    Cell, Script, Snippet, evaluation_code, indented, labels_and_colours, number_list,
    sample_names, string_list, training_code,
};
use fivesigma_engine::analysis::cut::{number_literal, python_string};
use fivesigma_engine::analysis::{Binning, CutDirection, Significance, Thresholds};
use fivesigma_engine::data::challenge::{self, ChallengeRows};
use fivesigma_engine::data::{Dataset, Role, RoleSource, UserMapping};
use fivesigma_engine::ml::TrainingSetup;
use fivesigma_engine::state::evaluation::scores_file_name;
use fivesigma_engine::state::{ParsedCuts, parse_cuts};
use fivesigma_engine::view::LabView;

/// Where the code reads the events from.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// A shipped dataset: each sample's catalog file under `folder` (the address of the
    /// dataset's folder on the site the student uses, ending in `/`).
    Shipped {
        /// Folder or URL, ending in `/`.
        folder: String,
    },
    /// The HiggsML challenge's own file (its address, or its name in the folder the code runs
    /// in), with the events the lesson kept.
    Challenge {
        /// Address or file name.
        file: String,
        /// Which events were kept.
        rows: ChallengeRows,
    },
    /// The student's own files, by name, read from the folder the code runs in, turned into
    /// samples by the Lab's mapping.
    Files {
        /// File names, in the order they were opened.
        names: Vec<String>,
        /// How the Lab made them samples.
        mapping: UserMapping,
    },
}

/// Everything the Lab's code is written from: the samples in use, where they are read from and
/// the view on screen.
#[derive(Debug, Clone, Copy)]
pub struct LabCode<'a> {
    /// The dataset the Lab works on (its samples in use).
    pub dataset: &'a Dataset,
    /// Where the files are.
    pub source: &'a DataSource,
    /// What is on screen.
    pub view: &'a LabView,
}

impl LabCode<'_> {
    /// The imports every piece starts from.
    pub fn imports(&self) -> Cell {
        Cell::new(
            "Imports",
            "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n",
        )
    }

    /// Reading every sample into one table, `events`, with its sample, role and weight.
    pub fn reading(&self) -> Cell {
        let code = match self.source {
            DataSource::Shipped { folder } => self.read_shipped(folder),
            DataSource::Files { names, mapping } => self.read_files(names, mapping),
            DataSource::Challenge { file, rows } => self.read_challenge(file, *rows),
        };
        Cell::new("Reading the events", code)
    }

    fn read_shipped(&self, folder: &str) -> String {
        let catalog = &self.dataset.catalog;
        let hint = if folder.is_empty() {
            "  # the folder holding the files, ending in /"
        } else {
            ""
        };
        let mut code = format!(
            "# {}\n# {}.\nDATA = {}{hint}\n",
            catalog.title,
            catalog.provenance.trim_end_matches('.'),
            python_string(folder)
        );
        let width = self
            .dataset
            .samples
            .iter()
            .map(|s| python_string(&s.spec.name).len())
            .max()
            .unwrap_or(0);
        code.push_str("SAMPLES = {  # name: (file, role)\n");
        for s in &self.dataset.samples {
            let name = python_string(&s.spec.name);
            code.push_str(&format!(
                "    {name}:{:pad$} ({}, {}),\n",
                "",
                python_string(&s.spec.file),
                python_string(role_word(s.spec.role)),
                pad = width - name.len() + 1
            ));
        }
        code.push_str("}\n");
        // An address: a '+' in a name (Z+jets.csv) encoded, as some servers read it as a space.
        let (import, file) = if folder.contains("://") {
            ("from urllib.parse import quote\n\n", "quote(file)")
        } else {
            ("", "file")
        };
        code.push_str(&format!(
            "{import}frames = []\nfor name, (file, role) in SAMPLES.items():\n    frame = pd.read_csv(DATA + {file})\n    frame[\"sample\"], frame[\"role\"] = name, role\n",
        ));
        code.push_str(&self.weight_lines(4, "frame", "name"));
        code.push_str("    frames.append(frame)\nevents = pd.concat(frames, ignore_index=True)\n");
        code.push_str(&self.luminosity_note());
        code
    }

    /// The challenge's file as the lesson reads it: the chosen set's first events, each class's
    /// weights scaled so that it still sums to its total over the set (the yields, and so the
    /// AMS, stay the full challenge's).
    fn read_challenge(&self, file: &str, rows: ChallengeRows) -> String {
        let catalog = &self.dataset.catalog;
        let mut code = format!(
            "# {}\n# {}.\nraw = pd.read_csv({})\n",
            catalog.title,
            catalog.provenance.trim_end_matches('.'),
            python_string(file)
        );
        let weight = match rows.set {
            Some(set) => {
                code.push_str(&format!(
                    "raw = raw[raw[{}] == {}]  # the challenge's set\n",
                    python_string(challenge::KAGGLE_SET),
                    python_string(set.letter())
                ));
                challenge::KAGGLE_WEIGHT
            }
            None => challenge::WEIGHT,
        };
        let weight_py = python_string(weight);
        let label = python_string(challenge::LABEL);
        code.push_str(&match rows.first {
            Some(n) => format!("events = raw.head({n}).copy()  # its first {n} events\n"),
            None => "events = raw.copy()\n".to_owned(),
        });
        let name = |role: Role| {
            self.names_with(role)
                .into_iter()
                .next()
                .unwrap_or_else(|| role_word(role).to_owned())
        };
        code.push_str(&format!(
            "signal = events[{label}] == \"s\"\nevents[\"sample\"] = np.where(signal, {}, {})\nevents[\"role\"] = np.where(signal, \"signal\", \"background\")\n# Each class's {weight} scaled to its total over the whole set, however few events are kept.\nscale = raw.groupby({label})[{weight_py}].sum() / events.groupby({label})[{weight_py}].sum()\nevents[\"weight\"] = events[{weight_py}] * events[{label}].map(scale)\n",
            python_string(&name(Role::Signal)),
            python_string(&name(Role::Background)),
        ));
        code
    }

    fn read_files(&self, names: &[String], mapping: &UserMapping) -> String {
        let mut code = String::from("DATA = \"\"  # the folder holding your files, ending in /\n");
        match &mapping.roles {
            RoleSource::PerFile(roles) => {
                code.push_str("FILES = {  # file: role\n");
                for (name, role) in names.iter().zip(roles) {
                    code.push_str(&format!(
                        "    {}: {},\n",
                        python_string(name),
                        python_string(role_word(*role))
                    ));
                }
                code.push_str("}\nframes = []\nfor file, role in FILES.items():\n    frame = pd.read_csv(DATA + file)\n    frame[\"sample\"] = file.rsplit(\".\", 1)[0]\n    frame[\"role\"] = role\n");
                code.push_str(&self.weight_lines(4, "frame", "frame[\"sample\"].iloc[0]"));
                code.push_str(
                    "    frames.append(frame)\nevents = pd.concat(frames, ignore_index=True)\n",
                );
            }
            RoleSource::ByColumn { column, values } => {
                let column_py = python_string(column);
                code.push_str(&format!(
                    "FILES = {}\nevents = pd.concat([pd.read_csv(DATA + f) for f in FILES], ignore_index=True)\n",
                    string_list(names)
                ));
                code.push_str(&format!("ROLES = {{  # {column} value: role\n"));
                for (value, role) in values {
                    code.push_str(&format!(
                        "    {}: {},\n",
                        python_string(value),
                        python_string(role_word(*role))
                    ));
                }
                code.push_str(&format!(
                    "}}\nlabel = events[{column_py}].astype(str)\nevents[\"role\"] = label.map(ROLES)\nevents[\"sample\"] = {} + label\n",
                    python_string(&format!("{column} = "))
                ));
                // As the Lab weighs them: the mapping's weight column, recorded data counted once.
                let data = values.iter().any(|(_, role)| *role == Role::Data);
                code.push_str(&match &mapping.weight_column {
                    Some(c) if data => format!(
                        "events[\"weight\"] = np.where(events[\"role\"] == \"data\", 1.0, events[{}])\n",
                        python_string(c)
                    ),
                    Some(c) => format!("events[\"weight\"] = events[{}]\n", python_string(c)),
                    None => "events[\"weight\"] = 1.0  # every event counts once\n".to_owned(),
                });
            }
        }
        code
    }

    /// `frame["weight"] = …`: the samples' weight column (1 where a sample has none, such as
    /// recorded data), exactly as the engine weighs them.
    fn weight_lines(&self, indent: usize, frame: &str, name: &str) -> String {
        let columns: Vec<Option<&str>> = self
            .dataset
            .samples
            .iter()
            .map(|s| s.weight_column())
            .collect();
        let first = columns.first().copied().flatten();
        let line = if columns.iter().all(|c| *c == first) {
            match first {
                Some(c) => format!("{frame}[\"weight\"] = {frame}[{}]", python_string(c)),
                None => format!("{frame}[\"weight\"] = 1.0  # every event counts once"),
            }
        } else {
            let pairs: Vec<String> = self
                .dataset
                .samples
                .iter()
                .filter_map(|s| {
                    let c = s.weight_column()?;
                    Some(format!(
                        "{}: {}",
                        python_string(&s.spec.name),
                        python_string(c)
                    ))
                })
                .collect();
            format!(
                "weight_column = {{{}}}.get({name})\n{frame}[\"weight\"] = {frame}[weight_column] if weight_column else 1.0",
                pairs.join(", ")
            )
        };
        let lines: Vec<String> = line.lines().map(str::to_owned).collect();
        indented(&lines, indent)
    }

    fn luminosity_note(&self) -> String {
        match (
            self.dataset.catalog.luminosity_fb,
            self.dataset.samples.iter().find_map(|s| s.weight_column()),
        ) {
            (Some(l), Some(c)) => format!(
                "# A simulated event's weight ({c}) is the number of real events it stands for at {} fb⁻¹.\n",
                number_literal(l)
            ),
            _ => String::new(),
        }
    }

    /// The view's cuts as the engine applies them.
    fn parsed_cuts(&self) -> ParsedCuts {
        parse_cuts(
            self.view.cuts.iter().map(|c| (c.text.as_str(), c.enabled)),
            self.dataset,
        )
    }

    /// The cuts, in order, and the cut-flow: Σ weights and events of each sample after each.
    /// Leaves the events passing every cut in `selected`.
    pub fn cuts(&self) -> Cell {
        let parsed = self.parsed_cuts();
        let Some(table) = self.dataset.samples.first().map(|s| &s.table) else {
            return Cell::new("Cuts", "selected = events\n");
        };
        if self.view.cuts.is_empty() {
            return Cell::new(
                "Cuts",
                "selected = events  # no cut yet: every event is kept\n",
            );
        }
        let mut code = String::from(
            "# Each cut is a condition on the events' columns; a missing value fails it.\nCUTS = [\n",
        );
        let mut applied = parsed.applied.iter();
        for (i, entry) in self.view.cuts.iter().enumerate() {
            let text = python_string(&entry.text);
            if let Some((_, error)) = parsed.errors.iter().find(|(at, _)| *at == i) {
                let error = error.lines().next().unwrap_or_default();
                code.push_str(&format!("    # {text}: not applied ({error})\n"));
            } else if !entry.enabled {
                code.push_str(&format!("    # {text}: switched off in the Lab\n"));
            } else if let Some(cut) = applied.next() {
                code.push_str(&format!(
                    "    ({text}, lambda df: {}),\n",
                    cut.to_pandas("df", table)
                ));
            }
        }
        code.push_str(
            "]\nselected = events\nsteps = {\"All events\": selected}\nfor text, cut in CUTS:\n    selected = selected[cut(selected)]\n    steps[text] = selected\n",
        );
        code.push_str(
            "# The cut-flow: what each sample keeps after each cut (Σ weights and events).\n",
        );
        code.push_str(&format!(
            "order = {}\ncutflow = pd.DataFrame({{step: df.groupby(\"sample\")[\"weight\"].sum().reindex(order, fill_value=0.0)\n                        for step, df in steps.items()}}).T\nevents_left = pd.DataFrame({{step: df.groupby(\"sample\").size().reindex(order, fill_value=0)\n                            for step, df in steps.items()}}).T\nprint(cutflow.round(3).to_string())\nprint(events_left.to_string())\n",
            string_list(&sample_names(self.dataset))
        ));
        Cell::new("Cuts and cut-flow", code)
    }

    fn names_with(&self, role: Role) -> Vec<String> {
        self.dataset
            .with_role(role)
            .map(|s| s.spec.name.clone())
            .collect()
    }

    /// The histogram panel: the bins, each sample's content (`counts`) and the plot as the Lab
    /// draws it (stacked, or each shape at unit area; linear or log).
    pub fn histogram(&self) -> Cell {
        let h = &self.view.histogram;
        let variable = h.variable_in(self.dataset);
        let spec = self.dataset.catalog.variable(&variable);
        let binning = h.binning_in(self.dataset);
        let mut code = format!("variable = {}\n", python_string(&variable));
        code.push_str(&match &binning {
            Ok(b) => format!("bins = {}\n", bins_code(b)),
            Err(e) => format!("bins = 10  # the Lab could not bin it: {e}\n"),
        });
        let stack: Vec<String> = self
            .names_with(Role::Background)
            .into_iter()
            .chain(self.names_with(Role::Signal))
            .collect();
        let weights = if h.weighted {
            "part[\"weight\"]"
        } else {
            "None"
        };
        code.push_str(&format!(
            "# The samples from the bottom of the stack up: backgrounds, then the signal on top.\nstack = {}\nparts = {{name: selected[selected[\"sample\"] == name] for name in stack}}\ncounts = {{name: np.histogram(part[variable], bins=bins, weights={weights})[0]\n          for name, part in parts.items()}}\n",
            string_list(&stack)
        ));
        let (labels, colours) = labels_and_colours(self.dataset, &stack);
        code.push_str(&format!(
            "labels = {labels}\ncolours = {colours}\nfig, ax = plt.subplots()\n"
        ));
        if h.normalised {
            code.push_str("# Each process's shape: its histogram divided by its own total (unit area).\nfor (name, content), label, colour in zip(counts.items(), labels, colours):\n    total = content.sum()\n    ax.stairs(content / total if total else content, bins, label=label, color=colour)\n");
        } else {
            let w = if h.weighted {
                "\n        weights=[p[\"weight\"] for p in parts.values()],"
            } else {
                ""
            };
            code.push_str(&format!(
                "ax.hist([p[variable] for p in parts.values()], bins=bins,{w}\n        stacked=True, label=labels, color=colours)\n"
            ));
            let data = self.names_with(Role::Data);
            if !data.is_empty() {
                code.push_str(&format!(
                    "data = selected[selected[\"sample\"].isin({})]\nn_data = np.histogram(data[variable], bins=bins)[0]\ncentres = (bins[1:] + bins[:-1]) / 2\nax.errorbar(centres, n_data, yerr=np.sqrt(n_data), fmt=\"ko\", label=\"Data\")\n",
                    string_list(&data)
                ));
            }
        }
        let x_title = spec.map_or(variable.clone(), |s| s.axis_title());
        let y_title = binning
            .as_ref()
            .map(|b| {
                fivesigma_engine::state::histogram::y_title(
                    b,
                    spec.and_then(|s| s.unit.as_deref()),
                    h.weighted,
                    h.normalised,
                )
            })
            .unwrap_or_default();
        code.push_str(&format!(
            "ax.set_xlabel({})\nax.set_ylabel({})\n",
            python_string(&x_title),
            python_string(&y_title)
        ));
        let title = if h.normalised {
            format!("{variable}: each process's shape (unit area)")
        } else {
            format!("{variable} by process")
        };
        code.push_str(&format!("ax.set_title({})\n", python_string(&title)));
        if h.log_y {
            code.push_str("ax.set_yscale(\"log\")\n");
        }
        code.push_str("ax.legend()\nplt.show()\n");
        Cell::new(format!("Histogram of {variable}"), code)
    }

    /// The significance panel: S and B kept at each threshold, the measure, and its optimum.
    pub fn scan(&self) -> Cell {
        let variable = self.view.scan_variable(self.dataset);
        let settings = self.view.scan_settings(self.dataset, &variable);
        let keep = match settings.direction {
            CutDirection::Above => ">",
            CutDirection::Below => "<",
        };
        let mut code = format!("variable = {}\n", python_string(&variable));
        code.push_str(&match &settings.thresholds {
            Thresholds::List(list) => format!("thresholds = np.array({})\n", number_list(list)),
            Thresholds::EveryValue => "# Every distinct value of the signal and background events is a threshold.\nsimulated = selected[selected[\"role\"] != \"data\"][variable]\nthresholds = np.unique(simulated[np.isfinite(simulated)])\n".to_owned(),
        });
        let index = match settings.direction {
            CutDirection::Above => {
                "sums[-1] - sums[np.searchsorted(values, thresholds, side=\"right\")]"
            }
            CutDirection::Below => "sums[np.searchsorted(values, thresholds, side=\"left\")]",
        };
        code.push_str(&format!(
            "\ndef kept(role):\n    \"\"\"Σ weights of the events of `role` with {variable} {keep} t, for every threshold t.\"\"\"\n    part = selected[(selected[\"role\"] == role) & selected[variable].notna()]\n    order = np.argsort(part[variable].to_numpy(), kind=\"stable\")\n    values = part[variable].to_numpy()[order]\n    sums = np.concatenate([[0.0], np.cumsum(part[\"weight\"].to_numpy()[order])])\n    return {index}\n\n\nS, B = kept(\"signal\"), kept(\"background\")\n"
        ));
        code.push_str(&measure_code(settings.measure));
        code.push_str(&format!(
            "best = np.nanargmax(Z)  # the first of equal maxima\nprint(f\"best cut: {{variable}} {keep} {{thresholds[best]:g}} keeps S = {{S[best]:.6g}}, B = {{B[best]:.6g}}: {} = {{Z[best]:.6g}}\")\n",
            settings.measure.label()
        ));
        code.push_str(&format!(
            "fig, ax = plt.subplots()\nax.plot(thresholds, Z, marker=\".\" if len(thresholds) < 50 else None)\nax.axvline(thresholds[best], color=\"grey\", linestyle=\"--\", label=\"best cut\")\nax.set_title({})\nax.set_xlabel({})\nax.set_ylabel({})\nax.legend()\nplt.show()\n",
            python_string(&format!("{} of a cut on {variable}", settings.measure.label())),
            python_string(&format!("cut: {variable} {keep} threshold")),
            python_string(&settings.measure.label())
        ));
        Cell::new(format!("Significance scan of {variable}"), code)
    }

    /// The pair plot: every pair of the chosen variables, signal and background (or each sample)
    /// in its colour.
    pub fn pairs(&self) -> Cell {
        let available = self.dataset.variables();
        let variables = self
            .view
            .pairs
            .chosen(&available, &self.dataset.catalog.inputs);
        let by_class =
            self.view.pairs.colouring == fivesigma_engine::analysis::PointColouring::Class;
        let groups = if by_class {
            "groups = {\"Background\": selected[selected[\"role\"] == \"background\"], \"Signal\": selected[selected[\"role\"] == \"signal\"]}\n".to_owned()
        } else {
            "groups = dict(tuple(selected.groupby(\"sample\", sort=False)))\n".to_owned()
        };
        let code = format!(
            "variables = {}\n{groups}n = len(variables)\nfig, axes = plt.subplots(n, n, figsize=(2.5 * n, 2.5 * n))\nfor i, y in enumerate(variables):\n    for j, x in enumerate(variables):\n        ax = axes[i, j]\n        for name, group in groups.items():\n            if i == j:\n                ax.hist(group[x], bins=30, histtype=\"step\", density=True, label=name)\n            else:\n                ax.scatter(group[x], group[y], s=2, alpha=0.4, label=name)\n        ax.set_xlabel(x if i == n - 1 else \"\")\n        ax.set_ylabel(y if j == 0 else \"\")\naxes[0, 0].legend()\nplt.show()\n",
            string_list(&variables)
        );
        Cell::new("Pair plot", code)
    }

    /// The histogram panel's tab.
    pub fn histogram_snippet(&self) -> Snippet {
        self.explore_snippet(self.histogram())
    }

    /// The significance panel's tab.
    pub fn scan_snippet(&self) -> Snippet {
        self.explore_snippet(self.scan())
    }

    /// The pair plot's tab.
    pub fn pairs_snippet(&self) -> Snippet {
        self.explore_snippet(self.pairs())
    }

    /// The cut builder's tab.
    pub fn cuts_snippet(&self) -> Snippet {
        Snippet {
            setup: vec![self.imports(), self.reading()],
            own: vec![self.cuts()],
        }
    }

    /// The data table's tab: reading the files and a first look.
    pub fn table_snippet(&self) -> Snippet {
        Snippet {
            setup: vec![self.imports()],
            own: vec![self.reading(), self.first_look()],
        }
    }

    /// Each sample's events and Σ weights, and the table's sample described column by column.
    pub fn first_look(&self) -> Cell {
        let sample = self
            .view
            .sample
            .clone()
            .filter(|n| self.dataset.sample(n).is_ok())
            .or_else(|| self.dataset.samples.first().map(|s| s.spec.name.clone()))
            .unwrap_or_default();
        Cell::new(
            "A first look",
            format!(
                "print(events.groupby(\"sample\")[\"weight\"].agg([\"size\", \"sum\"]))\nprint(events[events[\"sample\"] == {}].describe().T)\n",
                python_string(&sample)
            ),
        )
    }

    /// The train panel's tab: training with `setup` and the ROC of the result; with a trained
    /// model's name, the same metrics on that model's exported scores.
    pub fn training_snippet(&self, setup: &TrainingSetup, model: Option<&str>) -> Snippet {
        Snippet {
            setup: vec![self.imports(), self.reading(), self.cuts()],
            own: vec![
                training_code(setup),
                evaluation_code(self.dataset, model.map(scores_file_name).as_deref()),
            ],
        }
    }

    /// The whole Lab, in the order a notebook goes: reading, cuts, histogram, scan, pair plot,
    /// then each trained model (`models`: its settings and its name) and its ROC.
    pub fn script(&self, models: &[(TrainingSetup, String)]) -> Script {
        let mut cells = vec![
            self.imports(),
            self.reading(),
            self.cuts(),
            self.histogram(),
            self.scan(),
            self.pairs(),
        ];
        for (setup, name) in models {
            let mut training = training_code(setup);
            training.title = format!("{name}: training");
            let mut evaluation = evaluation_code(self.dataset, Some(&scores_file_name(name)));
            evaluation.title = format!("{name}: ROC curve and AUC");
            cells.extend([training, evaluation]);
        }
        Script { cells }
    }

    fn explore_snippet(&self, own: Cell) -> Snippet {
        Snippet {
            setup: vec![self.imports(), self.reading(), self.cuts()],
            own: vec![own],
        }
    }
}

/// numpy's edges for `binning`: `np.linspace(lo, hi, n + 1)` when equal (the engine makes them
/// that way), else the edges listed.
pub(crate) fn bins_code(binning: &Binning) -> String {
    let edges = binning.edges();
    let n = binning.n_bins();
    let uniform = Binning::uniform(n, binning.lo(), binning.hi()).is_ok_and(|u| u.edges() == edges);
    if uniform {
        format!(
            "np.linspace({}, {}, {})",
            number_literal(binning.lo()),
            number_literal(binning.hi()),
            n + 1
        )
    } else {
        format!("np.array({})", number_list(edges))
    }
}

/// `Z = …` from arrays `S` and `B`, undefined (NaN) where the engine's measure is.
pub(crate) fn measure_code(measure: Significance) -> String {
    let guarded = |formula: &str| {
        format!(
            "with np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n    Z = np.where(B > 0, {formula}, np.nan)  # no value where B ≤ 0\n"
        )
    };
    match measure {
        Significance::SOverSqrtB => guarded("S / np.sqrt(B)"),
        Significance::SOverB => guarded("S / B"),
        Significance::SOverSqrtSPlusB => guarded("np.where(S + B > 0, S / np.sqrt(S + B), np.nan)"),
        Significance::AsimovZ => format!(
            "{}{}",
            "def asimov(S, B):\n    \"\"\"√(2((S+B)·ln(1+S/B) − S)), signed like S.\"\"\"\n    return np.sign(S) * np.sqrt(2 * np.maximum((S + B) * np.log1p(S / B) - S, 0))\n",
            guarded("np.where(S > -B, asimov(S, B), np.nan)")
        ),
        Significance::Ams { b_reg } => format!(
            "b_reg = {}  # the AMS's regulariser\nD = B + b_reg\nwith np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n    bracket = (S + D) * np.log1p(S / D) - S\n    Z = np.where((D > 0) & (S > -D), np.sign(S) * np.sqrt(2 * np.maximum(bracket, 0)), np.nan)\n",
            number_literal(b_reg)
        ),
    }
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Signal => "signal",
        Role::Background => "background",
        Role::Data => "data",
    }
}
