//! Property-based tests: generated sites of every class of input — site.toml,
//! front matter (TOML and YAML), Markdown, data files, templates, file and
//! folder names — each built by the real `canteen build` in its own
//! temporary folder. Every build must succeed or fail with diagnostics that
//! name existing files; never panic, abort or hang; never write outside the
//! output folder; and, when it succeeds, publish every page at its own
//! address with every link on the site resolving (`properties/harness.rs`
//! and `properties/published.rs` say exactly what is checked).
//!
//! Runs few cases by default (the whole file in well under a minute in a
//! debug build) from a fixed seed, so CI is repeatable. `PROPTEST_CASES`,
//! `PROPTEST_RNG_SEED` and `PROPTEST_MAX_SHRINK_TIME` (ms) override that;
//! `scripts/fuzz --minutes N` runs many cases with a new seed each round.
//! A failure prints the minimal site (`SiteSpec`), which pastes into a
//! named test in `tests/regressions.rs`.

#[path = "properties/harness.rs"]
mod harness;
#[path = "properties/preflight.rs"]
mod preflight;
#[path = "properties/published.rs"]
mod published;
#[path = "properties/spec.rs"]
mod spec;
#[path = "properties/strategies/mod.rs"]
mod strategies;

use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};

use spec::SiteSpec;
use strategies::front_matter::{self, Place};
use strategies::{baseline, config, data, invocation, markdown, names, templates};

/// `cases` unless `PROPTEST_CASES` says otherwise; a fixed seed unless
/// `PROPTEST_RNG_SEED` is set; shrinking bounded so a failing property
/// still ends in seconds.
fn config(cases: u32) -> ProptestConfig {
    let set = |name: &str| std::env::var_os(name).is_some();
    let mut config = ProptestConfig::default();
    if !set("PROPTEST_CASES") {
        config.cases = cases;
    }
    if !set("PROPTEST_RNG_SEED") {
        config.rng_seed = RngSeed::Fixed(0x00ca_4eed);
    }
    if !set("PROPTEST_MAX_SHRINK_TIME") {
        config.max_shrink_time = 15_000;
    }
    if !set("PROPTEST_MAX_SHRINK_ITERS") {
        // proptest's default is four per case: too few to shrink a site.
        config.max_shrink_iters = 2_000;
    }
    if !set("PROPTEST_DISABLE_FAILURE_PERSISTENCE") {
        // tests/properties.regressions: seeds of failures found, replayed first.
        config.failure_persistence =
            Some(Box::new(FileFailurePersistence::WithSource("regressions")));
    }
    config
}

/// Builds `spec` and turns a broken property into a test failure.
///
/// `CANTEEN_FUZZ_KNOWN` (`|`-separated texts) lets a failure whose first
/// line contains one of them pass: while fixes are pending, a fuzzing run
/// can look past the failures already found (`scripts/fuzz --known`).
fn holds(spec: &SiteSpec) -> Result<(), TestCaseError> {
    let Err(why) = harness::check(spec) else {
        return Ok(());
    };
    let known = std::env::var("CANTEEN_FUZZ_KNOWN").unwrap_or_default();
    let first = why.lines().next().unwrap_or("");
    if known.split('|').any(|k| !k.is_empty() && first.contains(k)) {
        return Ok(());
    }
    Err(TestCaseError::fail(format!("{why}\n--- site\n{spec:?}")))
}

/// Documents whose front matter is generated, and where they are.
const DOCUMENTS: &[(&str, Place)] = &[
    ("content/_index.md", Place::Home),
    ("content/a.md", Place::TopPage),
    ("content/b.md", Place::TopPage),
    ("content/sub/_index.md", Place::TopSection),
    ("content/sub/c.md", Place::NestedPage),
    ("content/sub/deep/_index.md", Place::NestedSection),
    ("content/sub/deep/d.md", Place::NestedPage),
    ("content/bundle/index.md", Place::TopPage),
];

/// A front matter block for some of `DOCUMENTS`.
fn documents_with_front_matter() -> BoxedStrategy<Vec<(String, String)>> {
    let one = proptest::sample::select(DOCUMENTS).prop_flat_map(|(path, place)| {
        front_matter::block(place).prop_map(move |block| (path.to_string(), block))
    });
    proptest::collection::vec(one, 1..5).boxed()
}

/// The people collection that `pages_from = "people"` reads: ids that are
/// empty, climbing, duplicated.
const PEOPLE: &str = "[[person]]\nid = \"jo\"\n\n[[person]]\nid = \"\"\n\n[[person]]\nid = \"../x\"\n\n[[person]]\nid = \"Jo Bloggs\"\n";

proptest! {
    #![proptest_config(config(24))]

    /// Any site.toml (and --base-url) builds, or says what is wrong where.
    #[test]
    fn any_site_toml_builds_or_explains((text, files) in config::site_toml(), how in invocation()) {
        let mut spec = baseline();
        spec.put("site.toml", text.into_bytes());
        for (path, text) in files {
            spec.put(&path, text.into_bytes());
        }
        holds(&how.apply(spec))?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Any front matter, TOML or YAML, on pages, sections and bundles.
    #[test]
    fn any_front_matter_builds_or_explains(docs in documents_with_front_matter(), how in invocation()) {
        let mut spec = baseline()
            .file("data/leaders.toml", include_str!("../data/leaders.toml"))
            .file("data/people.toml", PEOPLE)
            .file("content/bundle/pic.png", "png");
        for (path, block) in docs {
            spec.put(&path, format!("{block}Text with a [link](/contact.md).\n").into_bytes());
        }
        holds(&how.apply(spec))?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Any Markdown body on a page, a section, a nested page and a bundle.
    #[test]
    fn any_markdown_builds_or_explains(bodies in proptest::collection::vec(markdown::body(), 4), how in invocation()) {
        let mut spec = baseline()
            .file("content/bundle/pic.png", "png")
            .file("static/static-only.txt", "static\n");
        let paths = ["content/a.md", "content/sub/_index.md", "content/sub/c.md", "content/bundle/index.md"];
        for (path, body) in paths.iter().zip(bodies) {
            spec.put(path, body.into_bytes());
        }
        holds(&how.apply(spec))?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Any data files, with sections that make pages from them.
    #[test]
    fn any_data_files_build_or_explain(files in data::data_files(), how in invocation()) {
        let mut spec = baseline();
        for (path, bytes) in files {
            spec.put(&path, bytes);
        }
        holds(&how.apply(spec))?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Any templates in templates/, over the built-in theme.
    #[test]
    fn any_templates_build_or_explain(files in templates::template_files(), how in invocation()) {
        let mut spec = baseline().file("data/people.toml", "[[person]]\nid = \"jo\"\n");
        for (path, bytes) in files {
            spec.put(&path, bytes);
        }
        holds(&how.apply(spec))?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Any file and folder names in content/ and static/, and symlinks out.
    #[test]
    fn any_file_names_build_or_explain(entries in names::tree(), how in invocation()) {
        holds(&how.apply(names::add(baseline(), entries)))?;
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// All of it at once: the classes meet (a slug and a file name, an
    /// alias and an edition, a template and a data file).
    #[test]
    fn any_whole_site_builds_or_explains(
        (toml, edition_files) in config::site_toml(),
        docs in documents_with_front_matter(),
        body in markdown::body(),
        data_files in data::data_files(),
        template_files in templates::template_files(),
        entries in names::tree(),
        how in invocation(),
    ) {
        let mut spec = baseline().file("data/people.toml", PEOPLE);
        spec.put("site.toml", toml.into_bytes());
        for (path, bytes) in edition_files.into_iter().map(|(p, t)| (p, t.into_bytes())).chain(data_files).chain(template_files) {
            spec.put(&path, bytes);
        }
        for (path, block) in docs {
            spec.put(&path, format!("{block}{body}").into_bytes());
        }
        let spec = names::add(spec, entries);
        holds(&how.apply(spec))?;
    }
}
