//! Markdown bodies: headings with ids and raw HTML anchors, links of every
//! shape (relative, climbing out, root-relative, `.md`, `.html`, anchors
//! with capitals, percent-encoded, with a query, without a scheme), images,
//! code, tables, footnotes, callouts, and NUL, BOM and CRLF.

use proptest::prelude::*;

use super::mostly;

/// Targets that exist wherever the link is (the generated site has these).
const GOOD_TARGETS: &[&str] = &[
    "/contact.md",
    "/accessibility.md",
    "/a.md",
    "/sub/c.md",
    "/sub/_index.md",
    "/bundle/index.md",
    "/bundle/pic.png",
    "https://elsewhere.example/x",
    "mailto:x@example.org",
    "/_index.md",
];

/// Link and image targets, written from a page in `content/` or one level
/// down; some exist in the generated site, some do not.
const TARGETS: &[&str] = &[
    "a.md",
    "./a.md",
    "../a.md",
    "contact.md",
    "/contact.md",
    "/sub/c.md",
    "sub/c.md",
    "c.md",
    "../../../a.md",
    "../../../../outside/secret.md",
    "{OUTSIDE}/secret.md",
    "a.md#intro",
    "a.md#Anchor-With-Caps",
    "a.md#anchor-with-caps",
    "#intro",
    "#missing",
    "#raw",
    "a.html",
    "a/",
    "/a/",
    "a%2Emd",
    "a.md?x=1",
    "www.example.org",
    "https://elsewhere.example/x",
    "mailto:x@example.org",
    "sub/",
    "sub/_index.md",
    "bundle/",
    "bundle/index.md",
    "bundle/pic.png",
    "pic.png",
    "/images/og-default.png",
    "../static-only.txt",
    "%2e%2e/a.md",
    "<a.md>",
    "a b.md",
    "a%20b.md",
    "",
    "?q",
    "#",
    "//elsewhere.example/x",
    "javascript:alert(1)",
    "/2013/",
    "/what-changed/",
    "/sitemap.xml",
    "/css/brand.css",
    "index.md",
    "_index.md",
    "../_index.md",
    "A.md",
    "é.md",
    "a.md#",
    "file:///etc/passwd",
    "data:text/html,x",
];

/// A link or image to one of `TARGETS`.
fn link() -> BoxedStrategy<String> {
    (
        mostly(
            &["[link]("],
            &["![image](", "[ref]: ", "<", "[text with `code`]("],
        ),
        mostly(GOOD_TARGETS, TARGETS),
    )
        .prop_map(|(open, target)| match open.as_str() {
            "[ref]: " => format!("[ref]: {target}\n\n[ref]\n"),
            "<" => format!("<{target}>"),
            _ => format!("{open}{target})"),
        })
        .boxed()
}

/// Plain pieces of a body.
const PLAIN: &[&str] = &[
    "Text.",
    "# Title",
    "## Intro {#intro}",
    "Some *emphasis* and `code`.",
    "- one\n- two",
];

/// Block and inline pieces a body is made of.
const PIECES: &[&str] = &[
    "## Anchor With Caps {#Anchor-With-Caps}",
    "## Intro",
    "## {#}",
    "## Empty id {#}",
    "### <a id=\"raw\"></a>Raw anchor",
    "<span name=\"named\"></span>",
    "<div id=\"intro\">",
    "</div>",
    "```rust\nfn main() {}\n```",
    "```\n{{ page.title }} {% include \"x.html\" %}\n```",
    "```unknown-language\nx\n```",
    "~~~\nnever closed",
    "`{{ site.title }}`",
    "{{ page.title }}",
    "{% if %}",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| a |\n|---|---|\n| 1 | 2 | 3 |",
    "Note[^1].\n\n[^1]: The note.",
    "Missing[^nope].",
    "[^orphan]: Never used.",
    "> [!NOTE]\n> Check your settings.",
    "> [!WARNING]",
    "> [!BOGUS]\n> Unknown kind.",
    "- [ ] task\n- [x] done",
    "<!-- more -->",
    "<script>alert(1)</script>",
    "&#0; &amp; &#xD800;",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "\r",
    "\t",
    "e\u{301} \u{202e} مرحبا 中文",
    "***",
    "<",
    "[unclosed](",
    "![](",
];

/// A Markdown body: pieces and links joined by newlines, CRLF or nothing.
pub fn body() -> BoxedStrategy<String> {
    let piece = prop_oneof![3 => mostly(PLAIN, PIECES), 2 => link(), 1 => "[ -~]{0,12}"];
    let joiner = prop_oneof![6 => Just("\n\n"), 1 => Just("\r\n"), 1 => Just(""), 1 => Just("\n")];
    proptest::collection::vec((piece, joiner), 0..10)
        .prop_map(|parts| {
            let mut text = String::new();
            for (piece, joiner) in parts {
                text.push_str(&piece);
                text.push_str(joiner);
            }
            text
        })
        .boxed()
}
