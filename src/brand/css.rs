//! `css/brand.css`: the brand palette as CSS custom properties, light and
//! dark, which `canteen.css` uses. Generated, so no inline style is ever
//! needed and a strict Content-Security-Policy keeps working.
//!
//! It writes only custom properties (no selectors of the theme's), so the
//! theme's stylesheet stays the one place where layout lives.

use std::fmt::Write;

use super::{Mode, Palette, Role};
use crate::colour::Colour;

/// The custom properties of one scheme, in `canteen.css`'s names.
fn properties(palette: &Palette, mode: Mode) -> Vec<(&'static str, Colour)> {
    let c = |role| palette.get(role, mode).colour;
    let mut props = vec![
        ("--header-bg", c(Role::Brand)),
        ("--header-nav-bg", c(Role::BrandDark)),
        ("--header-text", c(Role::HeaderText)),
        ("--text", c(Role::Text)),
        ("--text-secondary", c(Role::TextSecondary)),
        ("--link", c(Role::Link)),
        ("--link-visited", c(Role::LinkVisited)),
        ("--link-hover", c(Role::LinkHover)),
        ("--page-bg", c(Role::Background)),
        ("--surface", c(Role::Surface)),
        ("--footer-bg", c(Role::Surface)),
    ];
    match mode {
        Mode::Light => props.extend([
            ("--brand", c(Role::Brand)),
            // Pressed links: the link colour, half-way to black (#002f5c for NHS Blue).
            ("--link-active", c(Role::Link).mix(Colour::BLACK, 0.5)),
            ("--focus", c(Role::Focus)),
            ("--focus-text", c(Role::FocusText)),
            ("--focus-bar", c(Role::FocusText)),
            ("--footer-border", c(Role::Brand)),
            ("--card-accent", c(Role::Brand)),
            ("--callout-note-border", c(Role::Brand)),
        ]),
        // In the dark the accents follow the (light) link colour, as NHS
        // dark mode does; pressed links turn white.
        Mode::Dark => props.extend([
            ("--link-active", Colour::WHITE),
            ("--footer-border", c(Role::Link)),
            ("--card-accent", c(Role::Link)),
            ("--callout-note-border", c(Role::Link)),
        ]),
    }
    props
}

/// The stylesheet's text.
pub fn stylesheet(palette: &Palette) -> String {
    let mut css = String::from(
        "/* Brand colours from site.toml [brand.colours], written by canteen. Do not edit:\n   change site.toml instead. Every pair the theme uses was checked for WCAG 2.2 contrast. */\n:root {\n",
    );
    for (name, colour) in properties(palette, Mode::Light) {
        let _ = writeln!(css, "  {name}: {colour};");
    }
    css.push_str("}\n\n@media screen and (prefers-color-scheme: dark) {\n  :root {\n");
    for (name, colour) in properties(palette, Mode::Dark) {
        let _ = writeln!(css, "    {name}: {colour};");
    }
    css.push_str("  }\n}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::ColourSettings;

    #[test]
    fn defaults_give_the_nhs_theme_colours() {
        let css = stylesheet(&ColourSettings::default().palette());
        for line in [
            "  --header-bg: #005eb8;",
            "  --link-active: #002f5c;",
            "  --focus: #ffeb3b;",
            "    --link: #8cc8ff;",
            "    --header-nav-bg: #002060;",
        ] {
            assert!(css.contains(line), "{line}\n{css}");
        }
    }
}
