//! Front matter in TOML (`+++`) and YAML (`---`): every key canteen
//! knows, with valid values, wrong types and hostile ones (slugs that
//! climb or are absolute, aliases onto generated files, missing
//! templates), unknown and duplicate keys, YAML anchors and aliases,
//! deep nesting.

use proptest::prelude::*;

use super::config::toml_str;
use super::{free_text, mostly, one_of};

/// Where a document sits, which decides the slugs it may safely get
/// (see the safety rule in `mod.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `content/_index.md`.
    Home,
    /// A page directly in `content/`.
    TopPage,
    /// `content/<dir>/_index.md`.
    TopSection,
    /// A page in a folder.
    NestedPage,
    /// `content/<dir>/<dir>/_index.md`.
    NestedSection,
}

impl Place {
    fn section(self) -> bool {
        matches!(self, Place::Home | Place::TopSection | Place::NestedSection)
    }
}

/// A front matter value, written as TOML or YAML.
#[derive(Clone, Debug)]
pub enum Value {
    /// A string (escaped for the syntax).
    Str(String),
    /// Written as it is in both syntaxes (numbers, booleans, dates, lists).
    Bare(String),
    /// Different text per syntax: (TOML, YAML).
    Each(String, String),
    /// A list of strings.
    List(Vec<String>),
}

/// The syntax of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `+++`
    Toml,
    /// `---`
    Yaml,
}

/// A YAML double-quoted string.
pub fn yaml_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Value {
    fn write(&self, syntax: Syntax) -> String {
        let string = |s: &str| match syntax {
            Syntax::Toml => toml_str(s),
            Syntax::Yaml => yaml_str(s),
        };
        match self {
            Value::Str(s) => string(s),
            Value::Bare(b) => b.clone(),
            Value::Each(toml, yaml) => match syntax {
                Syntax::Toml => toml.clone(),
                Syntax::Yaml => yaml.clone(),
            },
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| string(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A whole front matter block (fences included) for a document at `place`.
pub fn block(place: Place) -> BoxedStrategy<String> {
    let syntax = prop_oneof![Just(Syntax::Toml), Just(Syntax::Yaml)];
    let entries = proptest::collection::vec(entry(place), 0..4);
    let special = proptest::option::weighted(0.15, any::<proptest::sample::Index>());
    (syntax, entries, special)
        .prop_map(move |(syntax, entries, special)| {
            let (fence, sep) = match syntax {
                Syntax::Toml => ("+++", " = "),
                Syntax::Yaml => ("---", ": "),
            };
            let mut text = format!("{fence}\n");
            for (key, value) in entries {
                text.push_str(&format!("{key}{sep}{}\n", value.write(syntax)));
            }
            if let Some(index) = special {
                let list = match syntax {
                    Syntax::Toml => TOML_SPECIALS,
                    Syntax::Yaml => YAML_SPECIALS,
                };
                text.push_str(list[index.index(list.len())]);
            }
            text.push_str(fence);
            text.push('\n');
            text
        })
        .boxed()
}

/// Whole-block oddities of TOML front matter, appended last (tables).
const TOML_SPECIALS: &[&str] = &[
    "[extra]\nnote = \"x\"\n",
    "[extra.deep.deeper]\nx = 2014-03-01T10:00:00Z\n",
    "[[extra]]\nx = 1\n",
    "extra = 1\n",
    "title = \"first\"\ntitle = \"second\"\n",
    "\u{feff}title = \"bom inside\"\n",
];

/// Whole-block oddities of YAML front matter: anchors, merges, tags,
/// YAML 1.1 booleans, block scalars, duplicate keys, an alias bomb.
const YAML_SPECIALS: &[&str] = &[
    "extra:\n  base: &b {a: 1}\n  copy: *b\n",
    "extra:\n  <<: {a: 1}\n",
    "title: !!int 3\n",
    "title: yes\n",
    "draft: yes\n",
    "weight: 0x10\n",
    "title: |\n  block\n  scalar\n",
    "title: ~\n",
    "? [complex]\n: key\n",
    "title: first\ntitle: second\n",
    "title: *undefined\n",
    "\ttitle: tab\n",
    "extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
];

/// Slugs fine anywhere: relative, climbing two levels at most, odd.
const SLUGS: &[&str] = &[
    "x",
    "../../x",
    "..",
    ".",
    "a/b",
    "é",
    "%2e%2e",
    "UPPER",
    "a b",
    "a?b",
    "a#b",
    "index.html",
    "sitemap.xml",
    "404.html",
    "what-changed",
    "css",
    "contact",
    "a\u{0}b",
    "{OUTSIDE}/slugged",
    "2013",
];

/// Slugs that once made an absolute path or an empty address.
const EMPTY_OR_ROOTED_SLUGS: &[&str] = &["", "/", "/abs/path"];

fn slug() -> BoxedStrategy<Value> {
    let plain = one_of(&["renamed", "other-name", "x"]);
    prop_oneof![2 => plain, 3 => one_of(SLUGS), 1 => one_of(EMPTY_OR_ROOTED_SLUGS)]
        .prop_map(Value::Str)
        .boxed()
}

/// A list of aliases: usually fresh old addresses, sometimes hostile ones.
fn aliases() -> BoxedStrategy<Value> {
    let alias = prop_oneof![
        3 => "/old-[a-z]{1,6}/",
        2 => one_of(ALIASES),
    ];
    proptest::collection::vec(alias, 0..3)
        .prop_map(Value::List)
        .boxed()
}

const ALIASES: &[&str] = &[
    "/old/",
    "/.",
    "/about/index.html",
    "/2013/about/",
    "/404.html",
    "/sitemap.xml",
    "/what-changed/",
    "../x",
    "/old/",
    "",
    "/",
    "/a/../b",
    "//x",
    "/x?y",
    "/x#y",
    "/é/",
    "/robots.txt",
    "/css/",
    "/css/brand.css",
    "/index.html",
    "/contact/",
    "{OUTSIDE}/alias",
    "/a/index.html",
    "/sub/",
];

const TEMPLATES: &[&str] = &[
    "page.html",
    "section.html",
    "missing.html",
    "theme/page.html",
    "index.html",
    "redirect.html",
    "404.html",
    "partials/header.html",
    "base.html",
    "../../outside/secret.md",
    "{OUTSIDE}/secret.md",
    "",
];

const DATES: &[(&str, &str)] = &[
    ("2014-03-01", "2014-03-01"),
    ("\"2014-03-01\"", "\"2014-03-01\""),
    ("2014-02-30", "2014-02-30"),
    ("\"yesterday\"", "yesterday"),
    ("2014-03-01T10:00:00Z", "2014-03-01T10:00:00Z"),
    ("1", "1"),
];

fn date() -> BoxedStrategy<Value> {
    proptest::sample::select(DATES)
        .prop_map(|(t, y)| Value::Each(t.to_string(), y.to_string()))
        .boxed()
}

/// One `key = value` for a document at `place`.
fn entry(place: Place) -> BoxedStrategy<(String, Value)> {
    let key = |k: &'static str| Just(k.to_string());
    let mut options: Vec<(u32, BoxedStrategy<(String, Value)>)> = vec![
        (
            4,
            (
                key("title"),
                super::config::title_value().prop_map(Value::Str),
            )
                .boxed(),
        ),
        (
            1,
            (key("description"), free_text().prop_map(Value::Str)).boxed(),
        ),
        (
            2,
            (
                key("weight"),
                mostly(
                    &["1", "2", "-5", "0"],
                    &["9223372036854775807", "\"3\"", "1.5", "1e3"],
                )
                .prop_map(Value::Bare),
            )
                .boxed(),
        ),
        (
            2,
            (
                key("draft"),
                mostly(&["true", "false"], &["\"yes\"", "1"]).prop_map(Value::Bare),
            )
                .boxed(),
        ),
        (4, (key("slug"), slug()).boxed()),
        (4, (key("aliases"), aliases()).boxed()),
        (
            1,
            (
                key("template"),
                mostly(&["page.html"], TEMPLATES).prop_map(Value::Str),
            )
                .boxed(),
        ),
        (
            1,
            (
                one_of(&["date", "updated", "last_reviewed", "next_review"]),
                date(),
            )
                .boxed(),
        ),
        (
            1,
            (
                key("extra"),
                one_of(&[
                    "{ a = 1 }|{a: 1}",
                    "\"text\"|text",
                    "[1, 2]|[1, 2]",
                    "{ d = 2014-03-01 }|{d: 2014-03-01}",
                ])
                .prop_map(|v| {
                    let (t, y) = v.split_once('|').unwrap_or((&v, &v));
                    Value::Each(t.to_string(), y.to_string())
                }),
            )
                .boxed(),
        ),
        (
            1,
            (
                one_of(&["date", "titel", "colour", "Title", "weight "]),
                Just(Value::Bare("1".into())),
            )
                .boxed(),
        ),
        (
            1,
            (
                key("sort_by"),
                one_of(&["\"weight\"", "\"title\"", "\"date\"", "\"Date\"", "1"])
                    .prop_map(Value::Bare),
            )
                .boxed(),
        ),
        (
            1,
            (
                key("guide"),
                one_of(&["true", "\"yes\""]).prop_map(Value::Bare),
            )
                .boxed(),
        ),
        (
            1,
            (key("page_template"), one_of(TEMPLATES).prop_map(Value::Str)).boxed(),
        ),
    ];
    let collections: &'static [&'static str] = &[
        "leaders",
        "professional-bodies",
        "missing",
        "people",
        "",
        "Leaders",
        "leaders.toml",
    ];
    options.push((
        if place.section() { 2 } else { 1 },
        (key("pages_from"), one_of(collections).prop_map(Value::Str)).boxed(),
    ));
    proptest::strategy::Union::new_weighted(options).boxed()
}
