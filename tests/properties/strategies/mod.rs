//! Strategies for every class of input a site is made of: `site.toml`,
//! front matter (TOML and YAML), Markdown bodies, data files, templates,
//! and file and folder names. Each draws from valid values, near misses
//! and hostile ones; the first value of each list is the plainest, so
//! shrinking moves towards it.
//!
//! Absolute paths in generated values point into `{OUTSIDE}` (the case's
//! folder of files a build must not touch), and climbing paths (`..`) climb
//! at most two levels each, so that if canteen ever wrote through one the
//! snapshot would see it; `preflight.rs` refuses to run a build that would
//! write anywhere else (it once wrote `/index.html`).

pub mod config;
pub mod data;
pub mod front_matter;
pub mod markdown;
pub mod names;
pub mod templates;

use proptest::prelude::*;

use super::spec::{Output, SiteSpec};

/// One of a fixed list of strings.
pub fn one_of(items: &'static [&'static str]) -> BoxedStrategy<String> {
    proptest::sample::select(items)
        .prop_map(str::to_string)
        .boxed()
}

/// Mostly one of `good` (valid input), sometimes one of `odd`: a site
/// with one fault reaches further into the build than one with ten.
pub fn mostly(
    good: &'static [&'static str],
    odd: &'static [&'static str],
) -> BoxedStrategy<String> {
    prop_oneof![4 => one_of(good), 1 => one_of(odd)].boxed()
}

/// Short free text: printable ASCII, or any characters but control ones.
pub fn free_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{0,12}",
        1 => "[ -~]{0,16}",
        1 => "\\PC{0,8}",
    ]
    .boxed()
}

/// The smallest site the NHS theme builds without broken links: a home
/// page and the two pages its footer links to on every page.
pub fn baseline() -> SiteSpec {
    SiteSpec::new()
        .file("site.toml", "title = \"Fuzz\"\n")
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        )
        .file("content/accessibility.md", "# Accessibility statement\n")
        .file("content/contact.md", "# Contact us\n")
}

/// How the site is built: output place, `--base-url`, `--drafts`, and
/// whether paths on the command line are relative.
#[derive(Clone, Debug)]
pub struct Invocation {
    output: Output,
    base_url: Option<String>,
    drafts: bool,
    relative: bool,
}

impl Invocation {
    /// Applies the command line to a site.
    pub fn apply(self, mut spec: SiteSpec) -> SiteSpec {
        spec.output = Some(self.output);
        spec.base_url = self.base_url;
        spec.drafts = self.drafts;
        spec.relative = self.relative;
        spec
    }
}

/// Command lines: mostly plain, sometimes a hostile `--base-url` or an
/// output folder that already exists.
pub fn invocation() -> BoxedStrategy<Invocation> {
    let output = prop_oneof![
        4 => Just(Output::Default),
        1 => Just(Output::InSite),
        2 => Just(Output::Beside),
        1 => Just(Output::BesideExisting),
        1 => Just(Output::BesideForeign),
    ];
    let base_url = prop_oneof![
        6 => Just(None),
        1 => config::base_url_value().prop_map(Some),
    ];
    (
        output,
        base_url,
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(output, base_url, drafts, relative)| Invocation {
            output,
            base_url,
            drafts,
            relative,
        })
        .boxed()
}
