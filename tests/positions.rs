//! Every error points at the spot that is wrong, in whole-file lines and
//! columns, names the file relative to the site root, and says it in plain
//! words: front matter (TOML and YAML), `site.toml`, data files, missing
//! templates and themes, and NUL characters. The wording is pinned.

mod support;

use std::time::{Duration, Instant};

use support::site_with;

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
        text.contains("error: `base_url` must start with `https://`, `http://` or `/`, not `ftp://example.org`\n --> site.toml:2:12\n"),
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
        "error: the alias `/a/` of `content/b.md` would write the output file `a/index.html`, which is already the page `content/a.md`\n --> content/b.md:3:23\n  |\n3 | aliases = [\"/old-b/\", \"/a/\"]\n  |                       ^^^^^",
    );
}

/// `find("template")` found the word in the title.
#[test]
fn a_missing_template_is_blamed_at_the_pages_template_value() {
    let text = site_with(
        "content/a.md",
        "+++\ntitle = \"A template for posts\"\ntemplate = \"nope.html\"\n+++\n",
    )
    .build_err();
    assert_one_error(
        &text,
        "error: there is no template `nope.html`\n --> content/a.md:3:12\n  |\n3 | template = \"nope.html\"\n  |            ^^^^^^^^^^^",
    );
}

/// The section's `page_template` was blamed on its first page.
#[test]
fn a_missing_page_template_is_blamed_on_the_index_that_names_it() {
    let site = site_with(
        "content/posts/_index.md",
        "---\ntitle: Posts\npage_template: nope.html\n---\n",
    );
    site.write("content/posts/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("content/posts/b.md", "+++\ntitle = \"B\"\n+++\n");
    let text = site.build_err();
    let expected = "error: there is no template `nope.html`\n --> content/posts/_index.md:3:16\n  |\n3 | page_template: nope.html\n  |                ^^^^^^^^^\n  |\nhelp: did you mean `base.html`?";
    assert!(text.contains(expected), "{text}");
    assert!(!text.contains("content/posts/a.md"), "{text}");
}

/// A page made from a data record takes its section's `page_template`.
#[test]
fn a_record_pages_missing_template_is_blamed_on_its_section() {
    let site = site_with(
        "content/leaders/_index.md",
        "+++\ntitle = \"Leaders\"\npages_from = \"people\"\npage_template = \"person.html\"\n+++\n",
    );
    site.write(
        "data/people.toml",
        "[[person]]\nid = \"jo\"\nname = \"Jo\"\n",
    );
    let text = site.build_err();
    assert!(
        text.contains(
            "error: there is no template `person.html`\n --> content/leaders/_index.md:4:17"
        ),
        "{text}"
    );
}

/// serde-saphyr's message said "line 2 column 9" (counted in the front
/// matter) while the location said line 3.
#[test]
fn yaml_errors_give_one_whole_file_position() {
    let text = site_with("content/a.md", "---\ntitle: A\nweight: heavy\n---\n").build_err();
    assert_eq!(
        text,
        "error: invalid type: string \"heavy\", expected a whole number without quotes, such as 10\n --> content/a.md:3:9\n  |\n3 | weight: heavy\n  |         ^^^^^\n\nbuild failed: 1 error; nothing was written"
    );
}

#[test]
fn a_repeated_yaml_key_is_named_without_library_internals() {
    let text = site_with(
        "content/a.md",
        "---\ntitle: A\ndescription: B\ntitle: C\n---\n",
    )
    .build_err();
    assert_one_error(
        &text,
        "error: the key `title` appears twice\n --> content/a.md:4:1\n  |\n4 | title: C\n  | ^^^^^\n  |\nhelp: keep one of them: each key can be given once",
    );
    assert!(!text.contains("DuplicateKeyPolicy"), "{text}");
}

/// Billion laughs: nine aliases per level, nine levels.
#[test]
fn a_yaml_alias_bomb_fails_fast_in_plain_words() {
    let mut yaml = String::from(
        "---\ntitle: A\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (from, to) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{from}"); 9].join(", ");
        yaml.push_str(&format!("  {to}: &{to} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    let site = site_with("content/a.md", &yaml);
    let started = Instant::now();
    let text = site.build_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(
        text.contains(
            "error: this front matter is too large or nests aliases too deeply\n --> content/a.md:"
        ),
        "{text}"
    );
    assert!(
        text.contains("help: front matter holds a page's settings: write the values out instead of repeating aliases (`*name`), and keep long lists in a data file under `data/`"),
        "{text}"
    );
    assert!(!text.contains("Nodes {"), "{text}");
}

#[test]
fn a_quoted_yaml_weight_is_an_error_at_the_value() {
    let text = site_with("content/a.md", "---\ntitle: A\nweight: \"10\"\n---\n").build_err();
    assert_one_error(
        &text,
        "error: invalid type: string \"10\", expected a whole number without quotes, such as 10\n --> content/a.md:3:9\n  |\n3 | weight: \"10\"\n  |         ^^^^",
    );
}

/// `draft: "yes"` read as true and the page silently disappeared.
#[test]
fn a_yaml_draft_that_is_not_true_or_false_is_an_error_not_a_hidden_page() {
    for (value, shown) in [
        ("\"yes\"", "\"yes\""),
        ("yes", "\"yes\""),
        ("'false'", "\"false\""),
    ] {
        let text = site_with(
            "content/a.md",
            &format!("---\ntitle: A\ndraft: {value}\n---\n"),
        )
        .build_err();
        assert_one_error(
            &text,
            &format!(
                "error: invalid type: string {shown}, expected `true` or `false` without quotes\n --> content/a.md:3:8\n  |\n3 | draft: {value}\n"
            ),
        );
    }
    let built = site_with(
        "content/a.md",
        "---\ntitle: A\ndraft: false\nweight: 2\ndate: 2014-03-01\n---\n",
    )
    .build()
    .expect("true YAML types build");
    assert!(built.has("a/index.html"));
}

/// A whole `[[leader]]` record, with `header` and `name` lines as given.
fn leader(header: &str, id: &str, name_line: &str) -> String {
    format!(
        "{header}\nid = \"{id}\"\n{name_line}\nrole = \"Chief executive\"\norganisation = \"NHS Example\"\nas_of = 2014-03-01\nplatform = \"Twitter\"\nhandle = \"@{id}\"\naccount_url = \"https://twitter.com/{id}\"\nsummary = \"Tweets.\"\nlast_reviewed = 2014-03-01\nnext_review = 2015-03-01\n"
    )
}

/// Record headers were found by exact line match, so a commented or
/// spaced header was not a record: the problem was blamed on the wrong
/// record, or indexing past the headers panicked.
#[test]
fn a_record_header_with_a_comment_or_spaces_still_names_the_right_record() {
    let leaders = [
        leader("[[leader]] # Jo", "jo", "name = \"Jo\""),
        leader("[[ leader ]]", "al", "# no name yet"),
    ]
    .join("\n");
    let site = site_with("data/leaders.toml", &leaders);
    let text = site.build_err();
    assert_one_error(
        &text,
        "error: record `al` (the 2nd `[[leader]]`): missing field `name`\n  --> data/leaders.toml:14:1\n   |\n14 | [[ leader ]]\n   | ^^^^^^^^^^^^",
    );
    let leaders = [
        leader("[[leader]] # Jo", "jo", "name = \"\""),
        leader("[[leader]]", "al", "name = \"Al\""),
    ]
    .join("\n");
    let text = site_with("data/leaders.toml", &leaders).build_err();
    assert_one_error(
        &text,
        "error: record `jo` (the 1st `[[leader]]`): `name` is empty\n --> data/leaders.toml:3:1\n  |\n3 | name = \"\"\n  | ^^^^",
    );
    let leaders = [
        leader("[[leader]]", "jo", "name = \"Jo\""),
        leader("[[leader]]   # Al", "al", "name = \"  \""),
    ]
    .join("\n");
    let text = site_with("data/leaders.toml", &leaders).build_err();
    assert_one_error(
        &text,
        "error: record `al` (the 2nd `[[leader]]`): `name` is empty\n  --> data/leaders.toml:16:1",
    );
}

/// A data error dropped every data file, so each `pages_from` added "there
/// is no data collection" for collections that were fine or merely broken.
#[test]
fn a_broken_data_file_is_reported_once_and_the_others_still_load() {
    let site = site_with(
        "content/leaders/_index.md",
        "+++\ntitle = \"Leaders\"\npages_from = \"leaders\"\n+++\n",
    );
    site.write(
        "content/people/_index.md",
        "+++\ntitle = \"People\"\npages_from = \"people\"\n+++\n",
    );
    site.write(
        "data/people.toml",
        "[[person]]\nid = \"jo\"\nname = \"Jo\"\n",
    );
    site.write("data/leaders.toml", &leader("[[leader]]", "al", ""));
    let text = site.build_err();
    assert_one_error(
        &text,
        "error: record `al` (the 1st `[[leader]]`): missing field `name`\n --> data/leaders.toml:1:1",
    );
    assert!(!text.contains("there is no data collection"), "{text}");
    site.write(
        "content/people/_index.md",
        "+++\ntitle = \"People\"\npages_from = \"peeple\"\n+++\n",
    );
    let text = site.build_err();
    assert!(
        text.contains(
            "error: there is no data collection `peeple`\n --> content/people/_index.md:3:1"
        ),
        "{text}"
    );
    assert!(text.contains("help: did you mean `people`?"), "{text}");
    assert!(
        text.ends_with("build failed: 2 errors; nothing was written"),
        "{text}"
    );
}

const RAW_NUL: &str = "help: delete it: a NUL character cannot be shown on a web page (it usually comes from pasting out of another program)";
const ESCAPED_NUL: &str = "help: remove the escape that writes it (`\\u0000`, `\\0` or `\\x00`): a NUL character cannot be shown on a web page";

/// NUL characters were written into the HTML.
#[test]
fn a_raw_nul_byte_is_an_error_at_its_position() {
    let text = site_with("content/a.md", "+++\ntitle = \"A\"\n+++\nBody\u{0} text\n").build_err();
    assert!(
        text.contains("error: this file contains a NUL character (byte 0)\n --> content/a.md:4:5"),
        "{text}"
    );
    assert!(text.contains(RAW_NUL), "{text}");
    let site = site_with("content/a.md", "# A\n");
    site.write("site.toml", "title = \"T\"\ndescription = \"x\u{0}\"\n");
    let text = site.build_err();
    assert!(
        text.starts_with("error: this file contains a NUL character (byte 0)\n --> site.toml:2:17"),
        "{text}"
    );
    let text = site_with("data/people.toml", "[[person]]\n\u{0}\n").build_err();
    assert!(
        text.contains(
            "error: this file contains a NUL character (byte 0)\n --> data/people.toml:2:1"
        ),
        "{text}"
    );
}

#[test]
fn a_nul_written_as_an_escape_is_an_error_at_its_value() {
    for (rel, source, location) in [
        (
            "content/a.md",
            "+++\ntitle = \"A\\u0000\"\n+++\n",
            "content/a.md:2:9",
        ),
        (
            "content/a.md",
            "---\ntitle: \"A\\0\"\n---\n",
            "content/a.md:2:8",
        ),
        (
            "content/a.md",
            "---\ntitle: A\nextra:\n  note: \"\\x00\"\n---\n",
            "content/a.md:4:9",
        ),
        (
            "data/people.toml",
            "[[person]]\nid = \"jo\"\nname = \"J\\u0000o\"\n",
            "data/people.toml:3:8",
        ),
    ] {
        let text = site_with(rel, source).build_err();
        assert!(
            text.contains(&format!(
                "error: this value contains a NUL character (byte 0)\n --> {location}"
            )),
            "{source}: {text}"
        );
        assert!(text.contains(ESCAPED_NUL), "{text}");
    }
    let site = site_with("content/a.md", "# A\n");
    site.write(
        "site.toml",
        "title = \"T\"\n[extra]\nfooter = \"\\U00000000\"\n",
    );
    let text = site.build_err();
    assert!(
        text.starts_with(
            "error: this value contains a NUL character (byte 0)\n --> site.toml:3:10"
        ),
        "{text}"
    );
}
