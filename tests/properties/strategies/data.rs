//! Data files (`data/*.toml`): the toolkit's schema-checked records
//! (`leaders.toml`, `professional-bodies.toml`, see `src/content/data.rs`)
//! with record headers carrying comments or spaces, fields missing, empty
//! or of the wrong type; free collections with hostile record ids; files
//! that are not TOML or not UTF-8; two files that map to one name.

use proptest::prelude::*;

use super::config::toml_str;
use super::{mostly, one_of};

/// How a record's `[[table]]` header is written.
fn header(table: &'static str) -> BoxedStrategy<String> {
    prop_oneof![3 => Just("[[T]]".to_string()), 1 => one_of(&["[[T]] # Jo", "[[ T ]]", "[[T]]   ", "  [[T]]", "[[T]]\t# tab", "[T]"])]
        .prop_map(move |h| h.replace('T', table))
        .boxed()
}

/// A field's value: the valid one (most often), missing, empty, a wrong type.
fn field(name: &'static str, valid: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        60 => Just(format!("{name} = {valid}\n")),
        1 => Just(String::new()),
        1 => Just(format!("{name} = \"\"\n")),
        1 => Just(format!("{name} = 1\n")),
        1 => Just(format!("{name} = \"a\\u0000b\"\n")),
    ]
    .boxed()
}

/// Record ids: valid, empty, duplicate, climbing, with capitals or spaces.
fn id() -> BoxedStrategy<String> {
    prop_oneof![
        6 => "[a-z][a-z0-9-]{1,8}",
        1 => one_of(&["", "Jo Bloggs", "../x", "a/b", "jo", "é", ".", "..", "{OUTSIDE}/x", "sitemap.xml"]),
    ]
    .prop_map(|id| format!("id = {}\n", toml_str(&id)))
    .boxed()
}

/// `data/leaders.toml` records.
fn leaders() -> BoxedStrategy<String> {
    let record = (
        header("leader"),
        id(),
        field("name", "\"Dr Jo Bloggs\""),
        field("role", "\"Chief Executive\""),
        field("organisation", "\"Example NHS Trust\""),
        field("as_of", "2013-11-01"),
        field("platform", "\"X (Twitter)\""),
        field("handle", "\"@jo\""),
        (field("account_url", "\"https://x.com/jo\""), mostly(&[""], &["account_url = \"www.x.com/jo\"\n", "account_url = \"https://x.com/a b\"\n"])),
        field("summary", "\"Blogs about her plans.\""),
        field("last_reviewed", "2026-11-21"),
        (field("next_review", "2027-11-21"), mostly(&[""], &["next_review = 2020-01-01\n", "extra_field = 1\n"])),
    )
        .prop_map(|(h, id, name, role, org, as_of, platform, handle, (url, bad_url), summary, last, (next, odd))| {
            format!("{h}\n{id}{name}{role}{org}{as_of}{platform}{handle}{url}{bad_url}{summary}{last}{next}{odd}\n")
        });
    proptest::collection::vec(record, 0..4)
        .prop_map(|records| format!("# Leaders\n\n{}", records.concat()))
        .boxed()
}

/// `data/professional-bodies.toml` records.
fn bodies() -> BoxedStrategy<String> {
    let record = (
        header("body"),
        id(),
        field("name", "\"General Medical Council\""),
        field("abbreviation", "\"GMC\""),
        field("title", "\"Doctors' use of social media\""),
        field("covers", "\"Doctors\""),
        (
            field("url", "\"https://www.gmc-uk.org/guidance\""),
            mostly(&[""], &["url = \"https://x.org/g.pdf\"\n"]),
        ),
        field("pdf", "false"),
        field("verified", "true"),
        field("last_reviewed", "2026-11-21"),
    )
        .prop_map(
            |(h, id, name, abbr, title, covers, (url, pdf_url), pdf, verified, last)| {
                format!("{h}\n{id}{name}{abbr}{title}{covers}{url}{pdf_url}{pdf}{verified}{last}\n")
            },
        );
    proptest::collection::vec(record, 0..3)
        .prop_map(|records| records.concat())
        .boxed()
}

/// A free collection (no schema) of records with hostile ids.
fn people() -> BoxedStrategy<String> {
    let record = (
        header("person"),
        id(),
        proptest::option::of(one_of(&[
            "title = \"A person\"\n",
            "name = \"Jo\"\n",
            "title = 3\n",
        ])),
    );
    proptest::collection::vec(record, 0..4)
        .prop_map(|records| {
            records
                .into_iter()
                .map(|(h, id, extra)| format!("{h}\n{id}{}\n", extra.unwrap_or_default()))
                .collect()
        })
        .boxed()
}

/// Files that are not what a data file should be.
fn odd_file() -> BoxedStrategy<(String, Vec<u8>)> {
    let files: &'static [(&'static str, &'static [u8])] = &[
        ("data/bad.toml", b"x = \n"),
        ("data/nul.toml", b"x = \"a\\u0000b\"\n"),
        ("data/latin1.toml", b"name = \"caf\xe9\"\n"),
        ("data/a-b.toml", b"x = 1\n"),
        ("data/a_b.toml", b"x = 2\n"),
        ("data/sub/nested.toml", b"[[item]]\nid = \"n\"\n"),
        ("data/README.md", b"# Not data\n"),
        ("data/.hidden.toml", b"x = \n"),
        (
            "data/deep.toml",
            b"x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        ),
        ("data/leaders.toml.bak", b"[[leader]]\n"),
    ];
    proptest::sample::select(files)
        .prop_map(|(p, b)| (p.to_string(), b.to_vec()))
        .boxed()
}

/// The data files of a site, and the section `_index.md` files that make
/// pages from them.
pub fn data_files() -> BoxedStrategy<Vec<(String, Vec<u8>)>> {
    (
        proptest::option::weighted(0.7, leaders()),
        proptest::option::weighted(0.5, bodies()),
        proptest::option::weighted(0.5, people()),
        proptest::collection::vec(odd_file(), 0..2),
        proptest::collection::vec(
            one_of(&[
                "leaders",
                "professional-bodies",
                "people",
                "missing",
                "a-b",
                "sub_nested",
            ]),
            0..3,
        ),
    )
        .prop_map(|(leaders, bodies, people, odd, sections)| {
            let mut files: Vec<(String, Vec<u8>)> = Vec::new();
            for (name, text) in [
                ("leaders", leaders),
                ("professional-bodies", bodies),
                ("people", people),
            ] {
                if let Some(text) = text {
                    files.push((format!("data/{name}.toml"), text.into_bytes()));
                }
            }
            files.extend(odd);
            for collection in sections {
                let folder = if collection == "people" {
                    "people"
                } else {
                    "records"
                };
                files.push((
                    format!("content/{folder}/_index.md"),
                    format!(
                        "+++\ntitle = \"Records\"\npages_from = {}\n+++\n",
                        toml_str(&collection)
                    )
                    .into_bytes(),
                ));
            }
            files
        })
        .boxed()
}
