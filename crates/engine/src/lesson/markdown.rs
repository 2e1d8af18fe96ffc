//! Lesson prose: CommonMark (with tables) and LaTeX maths between `$…$` / `$$…$$`, rendered to
//! HTML with the maths as MathML, which every current browser draws without a script or a font
//! download (lessons must work offline and from `file://`).
//!
//! Raw HTML in a lesson is shown as text, never injected: lessons are files a teacher shares,
//! and a page that runs whatever a shared file contains is a page that can be abused.

use pulldown_cmark::{CowStr, Event, Options, Parser, html};
use pulldown_latex::{RenderConfig, Storage, config::DisplayMode, push_mathml};

/// Markdown → HTML. Returns the HTML and the messages of any maths that did not parse (the
/// formula is then drawn in red with the message, so a teacher sees where).
pub fn render(markdown: &str) -> (String, Vec<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_MATH
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut problems = Vec::new();
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::InlineMath(tex) => Event::InlineHtml(math(&tex, false, &mut problems).into()),
        Event::DisplayMath(tex) => Event::InlineHtml(math(&tex, true, &mut problems).into()),
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    (out, problems)
}

/// Renders one formula; records a parse error in `problems`.
fn math(tex: &str, display: bool, problems: &mut Vec<String>) -> String {
    let storage = Storage::new();
    let errors: Vec<String> = pulldown_latex::Parser::new(tex, &storage)
        .filter_map(|e| e.err().map(|e| e.to_string()))
        .collect();
    if let Some(first) = errors.first() {
        let line = first.lines().next().unwrap_or_default();
        problems.push(format!("the formula `{tex}` does not parse: {line}"));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    let parser = pulldown_latex::Parser::new(tex, &storage);
    if push_mathml(&mut out, parser, config).is_err() {
        // Writing into a String cannot fail; keep the source visible if it ever does.
        return format!("<code>{}</code>", escape(tex));
    }
    out
}

/// Links may point to web pages, mail, or places in the app (`#/…`); `javascript:` and other
/// schemes become inert.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        // `#/lesson/x:y` has a colon after the fragment start: not a scheme.
        Some(_) if lower.starts_with('#') || lower.starts_with('/') => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn prose_tables_and_maths_render() {
        let (html, problems) = render(
            "Some *words*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$$\\frac{S}{\\sqrt{B}}$$\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(html.contains("<em>words</em>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<math display=\"block\">"));
        assert!(html.contains("<mfrac>"));
        assert!(html.contains("<msqrt>"));
    }

    #[test]
    fn subscripts_and_superscripts_attach_to_the_same_base() {
        let (html, _) = render("$E_T^{\\text{miss}}$");
        assert!(html.contains("<msubsup><mi>E</mi><mi>T</mi>"), "{html}");
    }

    #[test]
    fn broken_maths_is_reported_and_raw_html_is_text() {
        let (html, problems) = render("$\\frac{1}$ and <script>alert(1)</script>");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_links_are_made_inert() {
        let (html, _) = render("[x](javascript:alert(1)) [y](https://atlas.cern) [z](#/lab)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://atlas.cern\""));
        assert!(html.contains("href=\"#/lab\""));
    }
}
