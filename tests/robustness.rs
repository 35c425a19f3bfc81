//! No input makes canteen panic: a few hundred generated sites built from
//! fragments of front matter, Markdown and links that are often malformed.
//! Each build must end in success or in diagnostics, and a failed build must
//! say where.

mod support;

use support::TestSite;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Fragments(u64);

const PIECES: &[&str] = &[
    "+++\n",
    "---\n",
    "title = \"T\"\n",
    "title: T\n",
    "weight = 'x'\n",
    "date = 2014-02-30\n",
    "[extra]\n",
    "# ",
    "## ",
    "Heading",
    " {#id}",
    "\n",
    "\n\n",
    "[link](",
    "a.md",
    "../b.md",
    "/c.md",
    "#anchor",
    ")",
    "![img](",
    "x.png",
    "| a | b |\n|---|\n",
    "```",
    "rust\n",
    "fn x() {}\n",
    "> [!NOTE]\n> ",
    "[^1]",
    "[^1]: note\n",
    "- [ ] task\n",
    "{{ page.title }}",
    "{% if %}",
    "é",
    "\u{feff}",
    "%2e%2e/",
    "..",
    "<div>",
    "</div>",
    "`",
    "***",
    "[ref]: a.md\n",
    "[ref]",
    "\t",
    "\r\n",
    "<!-- more -->",
];

impl Fragments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text(&mut self, pieces: usize) -> String {
        (0..pieces)
            .map(|_| PIECES[usize::try_from(self.next() % PIECES.len() as u64).unwrap_or(0)])
            .collect()
    }
}

#[test]
fn generated_sites_never_panic() {
    let mut fragments = Fragments(0x5eed_cafe);
    for round in 0..120 {
        let site = TestSite::empty();
        site.write("site.toml", "title = \"Fuzz\"\n");
        site.write("content/_index.md", &fragments.text(8));
        site.write("content/a.md", &fragments.text(20));
        site.write("content/sub/b.md", &fragments.text(20));
        site.write("content/sub/_index.md", &fragments.text(6));
        if let Err(error) = site.build() {
            let text = error.to_string();
            assert!(
                text.contains("error"),
                "round {round}: a failure must be explained: {text}"
            );
        }
    }
}

/// A site.toml made of fragments either builds or is reported in
/// site.toml itself, at a line: the content is fixed and valid, so no
/// diagnostic may name another file or no place at all. (The property
/// test `any_site_toml_builds_or_explains` in tests/properties.rs covers
/// the same ground with the real binary and hostile values.)
#[test]
fn generated_config_files_build_or_are_reported_at_a_line_of_site_toml() {
    let mut fragments = Fragments(0xfeed_beef);
    let (mut built, mut refused) = (0, 0);
    for round in 0..60 {
        let site = TestSite::empty();
        let text = format!("title = \"x\"\n{}", fragments.text(6));
        site.write("site.toml", &text);
        site.write("content/a.md", "# A\n");
        match site.build() {
            Ok(_) => built += 1,
            Err(error) => {
                refused += 1;
                let diagnostics = error.diagnostics();
                assert!(
                    !diagnostics.is_empty(),
                    "round {round}: a refused site.toml must be explained:\n{text}"
                );
                for d in diagnostics {
                    assert!(
                        d.file == std::path::Path::new("site.toml") && d.line > 0,
                        "round {round}: expected a line of site.toml, got `{}`:\n{text}\n{error}",
                        d.location()
                    );
                }
            }
        }
    }
    // Both outcomes occur, so the generator is not degenerate.
    assert!(built > 0 && refused > 0, "built {built}, refused {refused}");
}
