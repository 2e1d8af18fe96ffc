//! Which page the URL asks for.
//!
//! Pages live in the URL's fragment (`index.html#/lab`), not its path: the app is a folder of
//! static files that teachers put under any sub-path, open from `file://` or embed in an iframe,
//! and none of those can send every path back to `index.html`. The fragment never reaches a
//! server, so every link works everywhere.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The landing page.
    Home,
    /// The free-form analysis lab.
    Lab,
    /// Two-dimensional points and a model learning them (`#/playground?…`, settings in the
    /// query).
    Playground,
    /// The challenge board: a key and the students' submissions, ranked (`#/board`).
    Board,
    /// A lesson, optionally at a section and a task (`#/lesson/<id>/<section>/<task>`).
    Lesson {
        /// The lesson's folder name.
        id: String,
        /// A section id (`None`: the first, or where the student left off).
        section: Option<String>,
        /// A task id in that section, scrolled into view.
        task: Option<String>,
    },
    /// A page made for another site's iframe (`#/embed/…`): no site header or footer, a compact
    /// layout, its height posted to the parent.
    Embed(Embed),
    /// Anything else; keeps the path that was asked for so the page can show it.
    NotFound(String),
}

/// What an embedded page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embed {
    /// A lesson (`#/embed/lesson/<id>/<section>/<task>`), moving between its sections inside the
    /// iframe.
    Lesson {
        /// The lesson's folder name.
        id: String,
        /// A section id.
        section: Option<String>,
        /// A task id in that section.
        task: Option<String>,
    },
    /// One task of a lesson with the widgets it is about (`#/embed/task/<id>/<task>`).
    Task {
        /// The lesson's folder name.
        id: String,
        /// The task's id.
        task: String,
    },
    /// A widget on a shipped dataset (`#/embed/widget/<kind>?ds=…`; settings in the query).
    Widget {
        /// `histogram`, `scan`, …
        kind: String,
    },
    /// The playground (`#/embed/playground?…`, its settings in the query as on its page).
    Playground,
    /// The challenge board, for a course page (`#/embed/board`).
    Board,
}

impl Route {
    /// Parses a `location.hash` value such as `#/lab` or `#/lab?x=1` (query parts are ignored here).
    /// Only fragments starting with `#/` name pages; any other fragment (an in-page anchor, or a
    /// marker added by a host page) shows Home.
    pub fn from_hash(hash: &str) -> Self {
        let Some(path) = hash.trim_start_matches('#').strip_prefix('/') else {
            return Route::Home;
        };
        let path = path.split(['?', '&']).next().unwrap_or_default();
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            [""] => Route::Home,
            ["lab"] => Route::Lab,
            ["playground"] => Route::Playground,
            ["board"] => Route::Board,
            ["embed", "board"] => Route::Embed(Embed::Board),
            ["lesson", id, rest @ ..] if !id.is_empty() && rest.len() <= 2 => Route::Lesson {
                id: (*id).to_owned(),
                section: part(rest, 0),
                task: part(rest, 1),
            },
            ["embed", "lesson", id, rest @ ..] if !id.is_empty() && rest.len() <= 2 => {
                Route::Embed(Embed::Lesson {
                    id: (*id).to_owned(),
                    section: part(rest, 0),
                    task: part(rest, 1),
                })
            }
            ["embed", "task", id, task] if !id.is_empty() && !task.is_empty() => {
                Route::Embed(Embed::Task {
                    id: (*id).to_owned(),
                    task: (*task).to_owned(),
                })
            }
            ["embed", "playground"] => Route::Embed(Embed::Playground),
            ["embed", "widget", kind] if !kind.is_empty() => Route::Embed(Embed::Widget {
                kind: (*kind).to_owned(),
            }),
            _ => Route::NotFound(format!("/{path}")),
        }
    }

    /// The fragment that links to this page.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Lab => "#/lab".to_owned(),
            Route::Playground => "#/playground".to_owned(),
            Route::Board => "#/board".to_owned(),
            Route::Lesson { id, section, task } => {
                let mut href = format!("#/lesson/{id}");
                for part in [section, task].into_iter().flatten() {
                    href.push('/');
                    href.push_str(part);
                }
                href
            }
            Route::Embed(Embed::Lesson { id, section, task }) => {
                let mut href = format!("#/embed/lesson/{id}");
                for part in [section, task].into_iter().flatten() {
                    href.push('/');
                    href.push_str(part);
                }
                href
            }
            Route::Embed(Embed::Task { id, task }) => format!("#/embed/task/{id}/{task}"),
            Route::Embed(Embed::Widget { kind }) => format!("#/embed/widget/{kind}"),
            Route::Embed(Embed::Playground) => "#/embed/playground".to_owned(),
            Route::Embed(Embed::Board) => "#/embed/board".to_owned(),
            Route::NotFound(path) => format!("#{path}"),
        }
    }

    /// Whether the page reads its whole view from the link when it opens (the Lab; an embedded
    /// widget), so following a link to it with another view must rebuild it.
    pub fn reads_link_once(&self) -> bool {
        matches!(
            self,
            Route::Lab | Route::Playground | Route::Embed(Embed::Widget { .. })
        )
    }

    /// Whether this page is made for an iframe.
    pub fn is_embed(&self) -> bool {
        matches!(self, Route::Embed(_))
    }
}

/// The `i`-th non-empty path part of `rest`.
fn part(rest: &[&str], i: usize) -> Option<String> {
    rest.get(i)
        .filter(|p| !p.is_empty())
        .map(|p| (*p).to_owned())
}

#[cfg(test)]
mod tests {
    use super::{Embed, Route};

    #[test]
    fn fragments_map_to_pages() {
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#"), Route::Home);
        assert_eq!(Route::from_hash("#/"), Route::Home);
        assert_eq!(Route::from_hash("#/lab"), Route::Lab);
        assert_eq!(Route::from_hash("#/lab/"), Route::Lab);
        assert_eq!(Route::from_hash("#/lab?dataset=atlas-dm"), Route::Lab);
        assert_eq!(
            Route::from_hash("#/nowhere"),
            Route::NotFound("/nowhere".into())
        );
        assert_eq!(
            Route::from_hash("#/embed/widget/scan?ds=atlas-dm&var=ETmiss"),
            Route::Embed(Embed::Widget {
                kind: "scan".into()
            })
        );
        assert_eq!(
            Route::from_hash("#/embed/playground?data=spirals&layers=32,32"),
            Route::Embed(Embed::Playground)
        );
        assert_eq!(
            Route::from_hash(&Route::Embed(Embed::Playground).href()),
            Route::Embed(Embed::Playground)
        );
        for board in [Route::Board, Route::Embed(Embed::Board)] {
            assert_eq!(Route::from_hash(&board.href()), board);
        }
        // A task embed needs both the lesson and the task.
        assert_eq!(
            Route::from_hash("#/embed/task/l"),
            Route::NotFound("/embed/task/l".into())
        );
    }

    #[test]
    fn hrefs_round_trip() {
        assert_eq!(
            Route::from_hash(&Route::Playground.href()),
            Route::Playground
        );
        assert_eq!(Route::from_hash("#/playground?data=xor"), Route::Playground);
        let lesson = |s: Option<&str>, t: Option<&str>| Route::Lesson {
            id: "seeking-the-invisible".into(),
            section: s.map(str::to_owned),
            task: t.map(str::to_owned),
        };
        assert_eq!(
            Route::from_hash("#/lesson/seeking-the-invisible/significance/task-8"),
            lesson(Some("significance"), Some("task-8"))
        );
        assert_eq!(
            Route::from_hash("#/lesson/seeking-the-invisible"),
            lesson(None, None)
        );
        for route in [
            Route::Home,
            Route::Lab,
            lesson(None, None),
            lesson(Some("output"), None),
            lesson(Some("output"), Some("task-13")),
            Route::Embed(Embed::Lesson {
                id: "l".into(),
                section: Some("s".into()),
                task: None,
            }),
            Route::Embed(Embed::Task {
                id: "l".into(),
                task: "task-8".into(),
            }),
            Route::Embed(Embed::Widget {
                kind: "histogram".into(),
            }),
        ] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }
}
