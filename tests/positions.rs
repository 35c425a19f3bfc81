//! Every error points at the spot that is wrong, in whole-file lines and
//! columns, names the file relative to the site root, and says it in plain
//! words: front matter (TOML and YAML), `site.toml`, data files, missing
//! templates and themes, and NUL characters. The wording is pinned.

mod support;

use support::TestSite;

fn site_with(rel: &str, text: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write(rel, text);
    site
}

/// Asserts the build output holds `expected` (an error, its location,
/// snippet and hint) exactly, and nothing about another error.
fn assert_one_error(text: &str, expected: &str) {
    assert!(
        text.contains(expected),
        "expected:\n{expected}\n\ngot:\n{text}"
    );
    assert!(
        text.ends_with("build failed: 1 error; nothing was written")
            || !text.contains("build failed"),
        "{text}"
    );
}

/// `find("guide")` found the word in the title, not the key.
#[test]
fn a_front_matter_key_is_found_where_it_is_set_not_where_its_word_first_appears() {
    let text = site_with(
        "content/a.md",
        "+++\ntitle = \"A guide to guides\"\nguide = true\n+++\n",
    )
    .build_err();
    assert_one_error(
        &text,
        "error: `guide` only applies to a section's `_index.md`\n --> content/a.md:3:1\n  |\n3 | guide = true\n  | ^^^^^\n  |\nhelp: move it to the `_index.md` of this folder",
    );
}

/// `find("base_url")` found the words in the title.
#[test]
fn a_config_error_points_at_the_key_not_an_earlier_mention() {
    let site = site_with("content/a.md", "# A\n");
    site.write(
        "site.toml",
        "title = \"Our base_url guide\"\nbase_url = \"ftp://example.org\"\n",
    );
    let text = site.build_err();
    assert!(
        text.contains("error: `base_url` must start with `https://`, `http://` or `/`, not `ftp://example.org`\n --> site.toml:2:1"),
        "{text}"
    );
}

/// The missing theme named no position and an absolute path.
#[test]
fn a_missing_theme_is_blamed_at_theme_in_the_config_file_in_use() {
    let site = site_with("content/a.md", "# A\n");
    site.write(
        "site.toml",
        "title = \"The theme park\"\ntheme = \"nope\"\n",
    );
    let text = site.build_err();
    assert_eq!(
        text,
        "error: there is no theme `nope`: `themes/nope` does not exist\n --> site.toml:2:1\n  |\n2 | theme = \"nope\"\n  | ^^^^^\n  |\nhelp: remove `theme` to use the built-in `nhs` theme, or create the theme's folder"
    );
    site.write(
        "local/site.toml",
        "title = \"Local\"\n# theme = \"nhs\"\ntheme = \"gone\"\n",
    );
    let text = site.build_err();
    assert!(
        text.starts_with("error: there is no theme `gone`: `themes/gone` does not exist\n --> local/site.toml:3:1\n"),
        "{text}"
    );
}

/// `find(alias)` found the alias's text in the title.
#[test]
fn a_bad_alias_is_blamed_at_its_own_entry() {
    let site = site_with("content/a.md", "# A\n");
    site.write(
        "content/b.md",
        "+++\ntitle = \"Moved from /a/\"\naliases = [\"/old-b/\", \"/a/\"]\n+++\n",
    );
    let text = site.build_err();
    assert_one_error(
        &text,
        "error: the alias `/a/` is the address of an existing page\n --> content/b.md:3:23\n  |\n3 | aliases = [\"/old-b/\", \"/a/\"]\n  |                       ^^^^^",
    );
}
