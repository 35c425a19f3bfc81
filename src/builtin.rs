//! The NHS theme, compiled into canteen (`build.rs` embeds
//! `themes/nhs/templates/` and `static/`), so a site needs no theme folder.
//! The render stage layers it under the site's own files; the overlay's
//! drift report reads it as "upstream" for a trust that overrides a file.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The name of the theme compiled into canteen.
pub const NAME: &str = "nhs";

/// Every file of the built-in theme: (path in the theme, bytes).
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// A file of the built-in theme (`templates/page.html`, `static/css/canteen.css`).
pub fn file(rel: &str) -> Option<&'static [u8]> {
    files()
        .iter()
        .find(|(name, _)| *name == rel)
        .map(|(_, bytes)| *bytes)
}

/// The theme a site uses: its `theme`, or the built-in one.
pub fn name_or(theme: Option<&str>) -> &str {
    theme.unwrap_or(NAME)
}
