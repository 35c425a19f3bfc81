//! `site.toml`: valid and near-valid keys and values, hostile `base_url`s,
//! `[markdown]`, `[edition]` with `[[edition.earlier]]` (and their
//! folders), `[brand]` colours, unknown keys, wrong types, NUL escapes.

use proptest::prelude::*;

use super::{free_text, mostly, one_of};

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Values for `base_url` and `--base-url`, plain first.
pub fn base_url_value() -> BoxedStrategy<String> {
    one_of(&[
        "/",
        "https://example.org/",
        "https://example.org/toolkit",
        "/toolkit/",
        "http://localhost:1111/",
        "?utm=x",
        "#top",
        "www.example.org",
        "/a b/",
        "https://x.org/p?q#f",
        "https://x.org/p?utm=x",
        "https://x.org/#top",
        "https://x.org/é/",
        "/%2e%2e/",
        "/../",
        "//x.org/",
        "https://",
        "",
        "https://x.org/a\"b/",
        "/<b>/",
    ])
}

/// A title: plain, then quotes, NUL, template syntax, very long, empty.
pub fn title_value() -> BoxedStrategy<String> {
    prop_oneof![
        6 => Just("Fuzz".to_string()),
        1 => one_of(&[
            "Quote \" and ' and \\ too",
            "a\u{0}b",
            "{{ site.title }}",
            "{% if %}",
            "<script>alert(1)</script>",
            "",
            "   ",
            "é 中文 العربية e\u{301}",
            "\u{202e}reversed",
            "line\nbreak",
        ]),
        1 => "[a-z ]{300,1200}",
        1 => free_text(),
    ]
    .boxed()
}

/// The text of a `site.toml`, and the files its editions need.
pub fn site_toml() -> BoxedStrategy<(String, Vec<(String, String)>)> {
    let title = prop_oneof![
        10 => title_value().prop_map(|t| format!("title = {}", toml_str(&t))),
        1 => one_of(&["title = 42", "title = [\"a\"]", "title = { x = 1 }", "title = \"\"\"\nmulti\n\"\"\"", "title = 'it''s'", ""]),
    ];
    let top = proptest::collection::vec(top_level_line(), 0..4);
    let tables = proptest::collection::vec(table(), 0..3);
    let edition = proptest::option::weighted(0.3, edition());
    (title, top, tables, edition)
        .prop_map(|(title, top, tables, edition)| {
            let mut text = format!("{title}\n");
            for line in top {
                text.push_str(&line);
                text.push('\n');
            }
            let mut files = Vec::new();
            if let Some((block, folders)) = edition {
                text.push_str(&block);
                files = folders;
            }
            for block in tables {
                text.push_str(&block);
            }
            (text, files)
        })
        .boxed()
}

/// A top-level `key = value`, valid or not.
fn top_level_line() -> BoxedStrategy<String> {
    prop_oneof![
        3 => base_url_value().prop_map(|u| format!("base_url = {}", toml_str(&u))),
        1 => mostly(&["en-GB", "cy"], &["", "\"><script>", "en GB", "a\u{0}"])
            .prop_map(|l| format!("language = {}", toml_str(&l))),
        1 => free_text().prop_map(|d| format!("description = {}", toml_str(&d))),
        1 => mostly(&["nhs"], &["missing", "../../outside", "{OUTSIDE}", "", "."])
            .prop_map(|t| format!("theme = {}", toml_str(&t))),
        1 => one_of(&[
            "base_ulr = \"/\"",
            "colour = \"red\"",
            "base_url = 1",
            "language = []",
            "markdown = \"yes\"",
            "description = 2014-03-01",
            "title = \"again\"",
            "= 1",
            "\"unterminated",
            "[",
            "key = \"\\u0000\"",
            "edition = 3",
        ]),
    ]
    .boxed()
}

/// `[markdown]`, `[brand]`, `[brand.colours]`, `[extra]` and made-up tables.
fn table() -> BoxedStrategy<String> {
    prop_oneof![
        one_of(&[
            "[markdown]\nsmart_punctuation = false\n",
            "[markdown]\nhighlight_code = false\nsmart_punctuation = true\n",
            "[markdown]\nhighlight_code = \"yes\"\n",
            "[markdown]\nfootnotes = true\n",
        ]),
        brand(),
        one_of(&[
            "[extra]\norganisation = \"NHS Example\"\n",
            "[extra]\nlist = [1, \"a\", 2014-03-01]\nnested = { a = { b = \"\\u0000\" } }\n",
            "[extraa]\nx = 1\n",
            "[[extra]]\nx = 1\n",
        ]),
    ]
    .boxed()
}

/// `[brand]` settings: names, links, logo and colours.
fn brand() -> BoxedStrategy<String> {
    let name = prop_oneof![
        2 => Just(String::new()),
        1 => title_value().prop_map(|n| format!("name = {}\n", toml_str(&n))),
    ];
    let policy = prop_oneof![
        2 => Just(String::new()),
        1 => one_of(&["/contact/", "/missing/", "https://example.org/policy", "javascript:alert(1)", "contact.md", "../../outside/secret.md", ""])
            .prop_map(|p| format!("social_media_policy = {}\n", toml_str(&p))),
    ];
    let image = prop_oneof![
        2 => Just(String::new()),
        1 => one_of(&["images/og-default.png", "missing.png", "../../outside/secret.css", "{OUTSIDE}/secret.css"])
            .prop_map(|p| format!("social_image = {}\n", toml_str(&p))),
    ];
    let logo = prop_oneof![
        3 => Just(String::new()),
        1 => (one_of(&["images/og-default.png", "missing.svg", "{OUTSIDE}/secret.css"]), one_of(&["Logo", "", "  "]))
            .prop_map(|(f, a)| format!("[brand.logo]\nfile = {}\nalt = {}\n", toml_str(&f), toml_str(&a))),
    ];
    let colours = proptest::collection::vec(
        (
            mostly(
                &["brand", "link", "text"],
                &["surface", "background", "focus", "header_text", "colour"],
            ),
            mostly(
                &["#005EB8", "#003087", "#212B32"],
                &[
                    "#ED8B00",
                    "#FFFFFF",
                    "#000",
                    "red",
                    "#GGGGGG",
                    "",
                    "#005EB8FF",
                ],
            ),
        ),
        0..3,
    );
    let dark = proptest::bool::weighted(0.2);
    (name, policy, image, logo, colours, dark)
        .prop_map(|(name, policy, image, logo, colours, dark)| {
            let mut text = format!("[brand]\n{name}{policy}{image}{logo}");
            if !colours.is_empty() {
                text.push_str(if dark {
                    "[brand.colours.dark]\n"
                } else {
                    "[brand.colours]\n"
                });
                for (key, value) in colours {
                    text.push_str(&format!("{key} = {}\n", toml_str(&value)));
                }
            }
            text
        })
        .boxed()
}

/// `[edition]` and `[[edition.earlier]]`, with the folders of the earlier
/// editions whose ids can be folder names (sometimes left out).
fn edition() -> BoxedStrategy<(String, Vec<(String, String)>)> {
    const IDS: &[&str] = &[
        "what-changed",
        "..",
        "a/b",
        "",
        "A",
        ".hidden",
        "2013-nov",
        "css",
        "sitemap.xml",
        "contact",
        "2014",
    ];
    const DATES: &[&str] = &["2014-02-30", "\"2014-03-01\"", "2015-01-01", "2014-03-01"];
    let current = (mostly(&["2014"], IDS), mostly(&["2014-03-01"], DATES));
    let earlier = proptest::collection::vec(
        (
            mostly(&["2013", "2012"], IDS),
            mostly(&["2013-11-01", "2012-01-01"], DATES),
            proptest::bool::weighted(0.9),
        ),
        0..3,
    );
    (current, earlier)
        .prop_map(|((id, date), earlier)| (id, date, earlier))
        .prop_map(|(id, published, earlier)| {
            let mut text = format!(
                "[edition]\nid = {}\nlabel = \"Current edition\"\npublished = {published}\n",
                toml_str(&id)
            );
            let mut files = Vec::new();
            for (n, (id, published, with_folder)) in earlier.into_iter().enumerate() {
                text.push_str(&format!(
                    "\n[[edition.earlier]]\nid = {}\nlabel = \"Edition {n}\"\npublished = {published}\n",
                    toml_str(&id)
                ));
                let folder_name = !id.is_empty() && !id.contains("..") && !id.contains('/');
                if with_folder && folder_name {
                    files.push((format!("editions/{id}/content/_index.md"), "# Then\n".to_string()));
                    files.push((
                        format!("editions/{id}/content/contact.md"),
                        "# Contact us\n\n[Home](_index.md)\n".to_string(),
                    ));
                    files.push((format!("editions/{id}/content/accessibility.md"), "# Accessibility\n".to_string()));
                }
            }
            (text, files)
        })
        .boxed()
}
