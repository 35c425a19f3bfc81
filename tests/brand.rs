//! Brand colours: the contrast check of every pair the NHS theme uses, each
//! kind of failure pinned to its exact message, and the strict keys.

use std::path::Path;

use canteen::brand::contrast::{self, Need, On, Pair};
use canteen::brand::{Mode, Role};
use canteen::config::Config;

/// Every contrast message for a `[brand.colours]` table, plain text.
fn contrast_errors(colours: &str) -> Vec<String> {
    let text = format!("title = \"T\"\n[brand.colours]\n{colours}\n");
    match Config::from_str(&text, Path::new("site.toml")) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics()
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect(),
    }
}

#[test]
fn the_failing_nhs_palette_colours_are_rejected_as_links_and_nhs_blue_is_not() {
    for (colour, ratio) in [
        ("#00A499", "3.1"),
        ("#ED8B00", "2.5"),
        ("#FFB81C", "1.7"),
        ("#768692", "3.8"),
    ] {
        let errors = contrast_errors(&format!("link = \"{colour}\""));
        assert_eq!(errors.len(), 1, "{errors:?}");
        let expected = format!(
            "brand colour `colours.link` ({colour}) on `colours.surface` (#FFFFFF) has contrast {ratio}:1; text needs at least 4.5:1."
        );
        assert!(
            errors[0].starts_with(&format!("site.toml:3:8: {expected}")),
            "{errors:?}"
        );
    }
    assert_eq!(contrast_errors("link = \"#005EB8\""), Vec::<String>::new());
}

#[test]
fn each_contrast_failure_has_its_message() {
    let cases = [
        (
            "link = \"#ED8B00\"",
            "site.toml:3:8: brand colour `colours.link` (#ED8B00) on `colours.surface` (#FFFFFF) has contrast 2.5:1; text needs at least 4.5:1. Nearest passing shade: #9C5C00",
        ),
        (
            "link_visited = \"#768692\"",
            "site.toml:3:16: brand colour `colours.link_visited` (#768692) on `colours.surface` (#FFFFFF) has contrast 3.8:1; text needs at least 4.5:1. Nearest passing shade: #606D76",
        ),
        (
            "link_hover = \"#00A499\"",
            "site.toml:3:14: brand colour `colours.link_hover` (#00A499) on `colours.surface` (#FFFFFF) has contrast 3.1:1; text needs at least 4.5:1. Nearest passing shade: #007870",
        ),
        (
            "text = \"#768692\"",
            "site.toml:3:8: brand colour `colours.text` (#768692) on `colours.surface` (#FFFFFF) has contrast 3.8:1; text needs at least 4.5:1. Nearest passing shade: #606D76",
        ),
        (
            "focus = \"#768692\"",
            "site.toml:3:9: brand colour `colours.focus_text` (#212B32) on `colours.focus` (#768692) has contrast 3.8:1; text needs at least 4.5:1. Nearest passing shade of `colours.focus`: #AAB4BB",
        ),
        (
            "header_text = \"#FFB81C\"",
            "site.toml:3:15: brand colour `colours.header_text` (#FFB81C) on `colours.brand` (#005EB8) has contrast 3.7:1; text needs at least 4.5:1. Nearest passing shade: #FFD475",
        ),
        (
            "brand = \"#00A499\"",
            "site.toml:3:9: brand colour `colours.header_text` (#FFFFFF) on `colours.brand` (#00A499) has contrast 3.1:1; text needs at least 4.5:1. Nearest passing shade of `colours.brand`: #00857C",
        ),
        (
            "link = \"#00703C\"\n[brand.colours.dark]\nlink = \"#005EB8\"",
            "site.toml:5:8: brand colour `colours.dark.link` (#005EB8) on `colours.dark.surface` (#17242D) has contrast 2.5:1 in dark mode; text needs at least 4.5:1. Nearest passing shade: #639DD4",
        ),
    ];
    for (colours, expected) in cases {
        assert_eq!(
            contrast_errors(colours),
            [expected.to_string()],
            "{colours}"
        );
    }
}

/// No pair of the NHS theme fails only the 3:1 rules before a 4.5:1 one
/// (each colour's first failure is reported), so these kinds are pinned
/// with a table of their own.
#[test]
fn interface_and_large_text_rules_have_their_messages() {
    #[derive(serde::Deserialize)]
    struct T {
        brand: B,
    }
    #[derive(serde::Deserialize)]
    struct B {
        colours: canteen::brand::ColourSettings,
    }
    let text =
        "[brand.colours]\nheader_text = \"#949494\"\n[brand.colours.dark]\nfocus = \"#3A4B57\"\n";
    let t: T = toml::from_str(text).expect("valid");
    let table = [
        Pair {
            fg: Role::HeaderText,
            on: &[On::Brand(Role::Brand)],
            need: Need::LargeText,
            modes: &[Mode::Light],
        },
        Pair {
            fg: Role::Focus,
            on: &[On::Brand(Role::Surface)],
            need: Need::Interface,
            modes: &[Mode::Dark],
        },
    ];
    let messages: Vec<String> = contrast::check_pairs(
        &table,
        &t.brand.colours.palette(),
        Path::new("site.toml"),
        text,
    )
    .iter()
    .map(|d| format!("{}: {}", d.location(), d.message))
    .collect();
    assert_eq!(
        messages,
        [
            "site.toml:2:15: brand colour `colours.header_text` (#949494) on `colours.brand` (#005EB8) has contrast 2.1:1; large text needs at least 3:1. Nearest passing shade: #B2B2B2",
            "site.toml:4:9: brand colour `colours.dark.focus` (#3A4B57) on `colours.dark.surface` (#17242D) has contrast 1.8:1 in dark mode; interface parts need at least 3:1. Nearest passing shade: #616F79",
        ]
    );
}

#[test]
fn an_unknown_colour_key_suggests_the_right_one() {
    let text = "title = \"T\"\n[brand.colours]\nlnk = \"#005EB8\"\n";
    let err = Config::from_str(text, Path::new("site.toml")).expect_err("unknown key");
    let rendered = err.to_string();
    assert!(rendered.contains("site.toml:3:1"), "{rendered}");
    assert!(rendered.contains("did you mean `link`?"), "{rendered}");
    let bad = Config::from_str(
        "title = \"T\"\n[brand.colours]\nlink = \"blue\"\n",
        Path::new("site.toml"),
    )
    .expect_err("bad colour");
    assert!(
        bad.to_string()
            .contains("`blue` is not a colour: write it as #RRGGBB, for example #005EB8"),
        "{bad}"
    );
}
