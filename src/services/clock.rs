//! Wall-clock time for measuring how long a step took (`std::time::Instant` panics on wasm32).

/// Milliseconds since the page started, with sub-millisecond resolution where the browser allows.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
