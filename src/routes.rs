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
    /// Anything else; keeps the path that was asked for so the page can show it.
    NotFound(String),
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
        match path.trim_matches('/') {
            "" => Route::Home,
            "lab" => Route::Lab,
            _ => Route::NotFound(format!("/{path}")),
        }
    }

    /// The fragment that links to this page.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Lab => "#/lab".to_owned(),
            Route::NotFound(path) => format!("#{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

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
    }

    #[test]
    fn hrefs_round_trip() {
        for route in [Route::Home, Route::Lab] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }
}
