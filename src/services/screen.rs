//! The screen the page is on: whether it is wide enough for side-by-side layouts. The widths are
//! the style sheet's breakpoints (public/style.css), named once here for the code.

/// The lesson's contents sit beside the text from this width (CSS pixels) up; below it they are
/// a drawer above the text (`@media (max-width: 900px)` in the style sheet).
pub const LESSON_SIDEBAR_MIN_PX: u32 = 901;

/// Whether the viewport is at least `px` CSS pixels wide (true where the browser cannot say).
pub fn at_least(px: u32) -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media(&format!("(min-width: {px}px)"))
                .ok()
                .flatten()
        })
        .is_none_or(|m| m.matches())
}
