//! Every kind of user error: its exact message, file, line, column and hint.
//! The wording is pinned so it cannot drift.

mod support;

use support::{TestSite, site_with};

#[test]
fn missing_site_toml_says_how_to_create_one() {
    let site = TestSite::empty();
    site.write("content/a.md", "# A\n");
    let text = site.build_err();
    assert!(
        text.contains("error: there is no `site.toml` here, so this is not a canteen site"),
        "{text}"
    );
    assert!(
        text.contains("help: create `site.toml` with at least a title"),
        "{text}"
    );
}

#[test]
fn unknown_config_key_names_file_line_and_key() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\nbase_ulr = \"https://x.org\"\n");
    let text = site.build_err();
    assert!(text.contains("unknown field `base_ulr`"), "{text}");
    assert!(text.contains("--> site.toml:2:1"), "{text}");
    assert!(text.contains("help: did you mean `base_url`?"), "{text}");
}

#[test]
fn wrong_config_type_names_file_and_line() {
    let site = TestSite::empty();
    site.write("site.toml", "title = 42\n");
    let text = site.build_err();
    assert!(
        text.contains("invalid type: integer `42`, expected a string"),
        "{text}"
    );
    assert!(text.contains("--> site.toml:1:9"), "{text}");
}

#[test]
fn a_blank_synonym_or_a_group_of_one_is_named_at_its_value() {
    let cases = [
        (
            "[[\"Twitter\", \"X\"], [\"HR\", \" \"]]",
            "error: this synonym is blank\n --> site.toml:3:38",
            "help: write the word or phrase, or take out the empty quotes",
        ),
        (
            "[[\"Twitter\", \"X\"], [\"HR\"]]",
            "error: a group of synonyms needs at least two words or phrases\n --> site.toml:3:31",
            "help: add the words that should find each other's pages",
        ),
    ];
    for (synonyms, error, help) in cases {
        let site = TestSite::empty();
        site.write(
            "site.toml",
            &format!("title = \"T\"\n[search]\nsynonyms = {synonyms}\n"),
        );
        site.write("content/_index.md", "# Home\n");
        let text = site.build_err();
        assert!(text.contains(error), "{text}");
        assert!(text.contains(help), "{text}");
    }
}

#[test]
fn unclosed_front_matter_asks_about_the_closing_fence() {
    let text = site_with("content/a.md", "+++\ntitle = \"A\"\n\nBody text\n").build_err();
    assert!(
        text.contains(
            "error: the front matter that starts here is never closed\n --> content/a.md:1:1"
        ),
        "{text}"
    );
    assert!(
        text.contains("help: Did you forget the closing `+++`?"),
        "{text}"
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let text = site_with(
        "content/a.md",
        "+++\ntitle = \"A\"\nlast_reviwed = 2026-01-01\n+++\n",
    )
    .build_err();
    assert!(text.contains("unknown field `last_reviwed`"), "{text}");
    assert!(text.contains("--> content/a.md:3:1"), "{text}");
    assert!(
        text.contains("help: did you mean `last_reviewed`?"),
        "{text}"
    );
}

#[test]
fn yaml_front_matter_errors_have_positions_too() {
    let text = site_with("content/a.md", "---\ntitle: A\nweight: heavy\n---\n").build_err();
    assert!(text.contains("--> content/a.md:3:"), "{text}");
}

#[test]
fn a_date_in_the_wrong_form_is_an_error() {
    let text = site_with(
        "content/a.md",
        "+++\ntitle = \"A\"\nnext_review = \"21/11/2027\"\n+++\n",
    )
    .build_err();
    assert!(
        text.contains("`21/11/2027` is not a date written as YYYY-MM-DD, for example 2014-03-01"),
        "{text}"
    );
    assert!(text.contains("--> content/a.md:3:15"), "{text}");
}

#[test]
fn section_keys_on_a_page_are_rejected() {
    let text = site_with("content/a.md", "+++\ntitle = \"A\"\nguide = true\n+++\n").build_err();
    assert!(
        text.contains("error: `guide` only applies to a section's `_index.md`"),
        "{text}"
    );
}

#[test]
fn two_pages_at_one_address_are_an_error() {
    let site = site_with("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("content/b.md", "+++\ntitle = \"B\"\nslug = \"a\"\n+++\n");
    let text = site.build_err();
    assert!(text.contains("has the same address `/a/` as"), "{text}");
}

#[test]
fn missing_template_is_named() {
    let text = site_with(
        "content/a.md",
        "+++\ntitle = \"A\"\ntemplate = \"pgae.html\"\n+++\n",
    )
    .build_err();
    assert!(
        text.contains("error: there is no template `pgae.html`"),
        "{text}"
    );
    assert!(text.contains("help: did you mean `page.html`?"), "{text}");
}

#[test]
fn template_syntax_errors_point_into_the_template() {
    let site = site_with("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("templates/page.html", "<p>{{ page.title </p>\n");
    let text = site.build_err();
    assert!(text.contains("templates/page.html:1:"), "{text}");
}

#[test]
fn every_error_of_a_build_is_reported_together() {
    let site = site_with("content/a.md", "+++\ntitle = \"A\"\n");
    site.write("content/b.md", "+++\ntitle = 1\n+++\n");
    let text = site.build_err();
    assert!(
        text.contains("content/a.md") && text.contains("content/b.md"),
        "{text}"
    );
    assert!(
        text.contains("build failed: 2 errors; nothing was written"),
        "{text}"
    );
}

#[test]
fn non_utf8_and_odd_input_never_panics() {
    let site = site_with("content/a.md", "");
    std::fs::write(
        site.root().join("content/binary.md"),
        [0xff, 0xfe, 0x00, 0x80],
    )
    .expect("write");
    let text = site.build_err();
    assert!(
        text.contains("error: this file is not UTF-8 text"),
        "{text}"
    );
    for odd in [
        "+++",
        "+++\n+++",
        "---\n---\n",
        "\u{feff}# BOM",
        "[x]: <>\n[x]",
        "| a |\n|---|\n| b | c | d |",
        "# \n##\n###### ",
    ] {
        let site = site_with("content/odd.md", odd);
        let _ = site.build();
    }
}

#[test]
fn record_with_missing_field_names_record_and_file() {
    let site = site_with(
        "content/leaders/_index.md",
        "+++\ntitle = \"Leaders\"\npages_from = \"leaders\"\n+++\n",
    );
    site.write(
        "data/leaders.toml",
        "[[leader]]\nid = \"jo\"\nname = \"Jo\"\n",
    );
    let text = site.build_err();
    assert!(
        text.contains("record `jo` (the 1st `[[leader]]`): missing field `role`"),
        "{text}"
    );
    assert!(text.contains("--> data/leaders.toml:1:1"), "{text}");
}

#[test]
fn record_with_malformed_link_or_date_is_an_error() {
    let site = site_with(
        "data/professional-bodies.toml",
        "[[body]]\nid = \"gmc\"\nname = \"General Medical Council\"\nabbreviation = \"GMC\"\ntitle = \"Doctors' use of social media\"\ncovers = \"What doctors should do.\"\nurl = \"#\"\npdf = false\nverified = false\nlast_reviewed = 2026-11-21\n\n[[body]]\nid = \"nmc\"\nname = \"NMC\"\nabbreviation = \"NMC\"\ntitle = \"Guidance\"\ncovers = \"Nurses.\"\nurl = \"https://www.nmc.org.uk/\"\npdf = false\nverified = true\nlast_reviewed = \"21 November 2026\"\n",
    );
    let text = site.build_err();
    assert!(text.contains("record `nmc` (the 2nd `[[body]]`): `21 November 2026` is not a date written as YYYY-MM-DD"), "{text}");
    let site = site_with(
        "data/professional-bodies.toml",
        "[[body]]\nid = \"gmc\"\nname = \"General Medical Council\"\nabbreviation = \"GMC\"\ntitle = \"Doctors' use of social media\"\ncovers = \"What doctors should do.\"\nurl = \"#\"\npdf = false\nverified = false\nlast_reviewed = 2026-11-21\n",
    );
    let text = site.build_err();
    assert!(text.contains("error: record `gmc` (the 1st `[[body]]`): `url` is not a full web address starting with https:// (found `#`)\n --> data/professional-bodies.toml:7:1"), "{text}");
}
