//! Nothing is written or read outside the site: every one-line input that
//! once wrote outside the output folder, overwrote another output file or
//! published a file from elsewhere is refused with an error naming the
//! source, and leaves the sandbox around the site exactly as it was.
//!
//! Each test works in a sandbox folder: `site/` is the site, `outside/`
//! holds files a build must never read or change, and the whole sandbox is
//! compared before and after.

mod support;

use std::path::{Path, PathBuf};

use canteen::site::{BuildOptions, build};
use support::{TestSite, canteen, copy_dir, fixtures, snapshot};

/// A site inside a sandbox folder, with a file beside it it must not touch.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A site with a home page, and `outside/secret.txt` beside it.
    fn new() -> Sandbox {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        sandbox.write("site/site.toml", "title = \"T\"\n");
        sandbox.write("site/content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
        sandbox.write("outside/secret.txt", "not for publishing\n");
        sandbox
    }

    /// The three-edition fixture as the site.
    fn editions() -> Sandbox {
        let sandbox = Sandbox::new();
        copy_dir(&fixtures().join("editions"), &sandbox.site());
        copy_dir(
            &fixtures().join("_themes/plain"),
            &sandbox.site().join("themes/plain"),
        );
        sandbox
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.path().join("site")
    }

    fn write(&self, rel: &str, text: &str) -> &Sandbox {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Builds into `site/public` and returns every error as text; the
    /// sandbox outside `site/public` must be unchanged and no staging
    /// folder left.
    fn build_err(&self) -> String {
        self.build_err_with(|_| {})
    }

    fn build_err_with(&self, adjust: impl FnOnce(&mut BuildOptions)) -> String {
        let before = snapshot(self.path());
        let mut options = BuildOptions {
            root: self.site(),
            ..BuildOptions::default()
        };
        adjust(&mut options);
        let result = build(&options);
        assert_eq!(
            snapshot(self.path()),
            before,
            "the build changed the sandbox"
        );
        match result {
            Ok(_) => panic!("the build should have failed"),
            Err(e) => e.to_string(),
        }
    }
}

/// Asserts `text` holds every one of `parts`.
fn says(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn a_slug_that_climbs_is_refused_not_written_two_folders_up() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "site/content/a.md",
        "+++\ntitle = \"A\"\nslug = \"../../x\"\n+++\n",
    );
    let text = sandbox.build_err();
    says(
        &text,
        &[
            "error: the slug `../../x` contains `/`: it replaces only the last part of the address",
            "--> content/a.md:3:8",
        ],
    );
    assert!(!sandbox.path().join("x").exists());
}

#[test]
fn a_slug_that_climbs_in_an_edition_site_writes_no_redirect_either() {
    let sandbox = Sandbox::editions();
    sandbox.write(
        "site/content/about.md",
        "+++\ntitle = \"About\"\nslug = \"../../../x\"\n+++\nAbout.\n",
    );
    says(
        &sandbox.build_err(),
        &["the slug `../../../x` contains `/`"],
    );
}

#[test]
fn an_absolute_slug_is_refused() {
    let sandbox = Sandbox::new();
    let target = sandbox.path().join("outside/abs");
    sandbox.write(
        "site/content/a.md",
        &format!("+++\ntitle = \"A\"\nslug = \"{}\"\n+++\n", target.display()),
    );
    says(
        &sandbox.build_err(),
        &["contains `/`", "--> content/a.md:3:8"],
    );
    assert!(!target.exists());
}

#[test]
fn a_slug_of_dots_or_nothing_is_refused_so_no_page_is_lost() {
    for (slug, problem) in [
        ("..", "is only dots"),
        (".", "is only dots"),
        ("", "is empty"),
        (
            "a/b",
            "contains `/`: it replaces only the last part of the address",
        ),
    ] {
        let sandbox = Sandbox::new();
        sandbox.write(
            "site/content/a.md",
            &format!("+++\ntitle = \"A\"\nslug = \"{slug}\"\n+++\n"),
        );
        sandbox.write("site/content/b.md", "# B\n");
        says(
            &sandbox.build_err(),
            &[
                &format!("the slug `{slug}` {problem}"),
                "--> content/a.md:3:8",
            ],
        );
    }
}

#[test]
fn index_md_beside_index_md_is_one_home_page_twice() {
    let sandbox = Sandbox::new();
    sandbox.write("site/content/index.md", "# Also home\n");
    says(
        &sandbox.build_err(),
        &[
            "error: this file and `content/_index.md` are both the home page",
            "--> content/index.md",
        ],
    );
}

#[test]
fn a_record_with_an_empty_id_on_the_home_section_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "site/content/_index.md",
        "+++\ntitle = \"Home\"\npages_from = \"people\"\n+++\n",
    );
    sandbox.write(
        "site/data/people.toml",
        "[[person]]\nid = \"\"\nname = \"Nobody\"\n",
    );
    says(
        &sandbox.build_err(),
        &["record 1 has the `id` ``, which is empty, so it cannot be a page's address"],
    );
}

#[test]
fn an_alias_cannot_overwrite_any_other_output_file() {
    let sandbox = Sandbox::new();
    sandbox.write("site/content/about.md", "# About\n");
    for (alias, clash) in [
        ("/.", "the alias `/.` contains `.` or `..`"),
        (
            "/",
            "would write the output file `index.html`, which is already the page `content/_index.md`",
        ),
        (
            "/about/index.html",
            "would write the output file `about/index.html`, which is already the page `content/about.md`",
        ),
        ("/about/", "which is already the page `content/about.md`"),
        (
            "/404.html",
            "which is already the \"page not found\" page canteen makes",
        ),
        (
            "/sitemap.xml",
            "the sitemap canteen makes would write the output file `sitemap.xml`, but the alias `/sitemap.xml` of `content/a.md` needs `sitemap.xml` as a folder, for `sitemap.xml/index.html`",
        ),
        (
            "/robots.txt/",
            "robots.txt canteen makes would write the output file `robots.txt`, but the alias `/robots.txt/`",
        ),
        (
            "https://example.org/",
            "is a web address; an alias must be a path on this site",
        ),
    ] {
        sandbox.write(
            "site/content/a.md",
            &format!("+++\ntitle = \"A\"\naliases = [\"{alias}\"]\n+++\n"),
        );
        says(&sandbox.build_err(), &[clash, "--> content/a.md:3:12"]);
    }
}

#[test]
fn two_aliases_of_one_address_clash() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "site/content/a.md",
        "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n+++\n",
    );
    sandbox.write(
        "site/content/b.md",
        "+++\ntitle = \"B\"\naliases = [\"/old\"]\n+++\n",
    );
    says(
        &sandbox.build_err(),
        &[
            "the alias `/old` of `content/b.md` would write the output file `old/index.html`, which is already the alias `/old/` of `content/a.md`",
            "--> content/b.md:3:12",
        ],
    );
}

#[test]
fn an_alias_cannot_overwrite_a_frozen_editions_page_or_what_changed() {
    let sandbox = Sandbox::editions();
    for (alias, clash) in [
        (
            "/2013/about/",
            "which is already the page `editions/2013/content/about.md`",
        ),
        (
            "/what-changed/",
            "which is already the \"what changed\" page of the March 2014 edition",
        ),
        (
            "/2014/about/",
            "which is already the stable address of the current edition `2014`",
        ),
    ] {
        sandbox.write(
            "site/content/leaders.md",
            &format!("+++\ntitle = \"Leaders\"\naliases = [\"{alias}\"]\n+++\nLeaders.\n"),
        );
        says(
            &sandbox.build_err(),
            &[clash, "--> content/leaders.md:3:12"],
        );
    }
}

#[test]
fn an_edition_id_cannot_be_the_address_of_the_what_changed_page() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "site/site.toml",
        "title = \"T\"\n\n[edition]\nid = \"what-changed\"\nlabel = \"Now\"\npublished = 2014-03-01\n\n[[edition.earlier]]\nid = \"2013\"\nlabel = \"Then\"\npublished = 2013-11-01\n",
    );
    sandbox.write("site/editions/2013/content/_index.md", "# Home then\n");
    says(
        &sandbox.build_err(),
        &[
            "the stable address of the current edition `what-changed` would write the output file `what-changed/index.html`, which is already the \"what changed\" page of the Now",
            "--> site.toml:4:6",
        ],
    );
}

#[test]
fn a_page_named_like_a_generated_file_names_both() {
    let sandbox = Sandbox::new();
    sandbox.write("site/content/sitemap.xml.md", "# Site map\n");
    says(
        &sandbox.build_err(),
        &[
            "error: the sitemap canteen makes would write the output file `sitemap.xml`, but the page `content/sitemap.xml.md` needs `sitemap.xml` as a folder, for `sitemap.xml/index.html`",
            "--> content/sitemap.xml.md:1:1",
        ],
    );
}

#[test]
fn a_static_file_cannot_replace_a_generated_one() {
    let sandbox = Sandbox::new();
    sandbox.write("site/static/404.html", "<p>mine</p>\n");
    says(
        &sandbox.build_err(),
        &[
            "the static file `static/404.html` would write the output file `404.html`, which is already the \"page not found\" page canteen makes",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_site_is_not_published() {
    for place in [
        "content/secret.md",
        "content/secret.txt",
        "static/secret.txt",
        "templates/page.html",
        "data/secret.toml",
    ] {
        let sandbox = Sandbox::new();
        let link = sandbox.site().join(place);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(sandbox.path().join("outside/secret.txt"), &link)
            .expect("symlink");
        let text = sandbox.build_err();
        says(
            &text,
            &[
                "which is outside the site folder; canteen only reads files inside the site",
                &format!("--> {place}"),
            ],
        );
        assert!(!text.contains("not for publishing"), "{text}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_inside_the_site_is_followed() {
    let sandbox = Sandbox::new();
    sandbox.write("site/notes/shared.md", "# Shared\n");
    std::os::unix::fs::symlink(
        sandbox.site().join("notes/shared.md"),
        sandbox.site().join("content/shared.md"),
    )
    .expect("symlink");
    let report = build(&BuildOptions {
        root: sandbox.site(),
        ..BuildOptions::default()
    })
    .expect("builds");
    assert!(report.output.join("shared/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn site_toml_that_links_outside_is_not_read() {
    let sandbox = Sandbox::new();
    std::fs::remove_file(sandbox.site().join("site.toml")).expect("remove");
    sandbox.write("outside/site.toml", "title = \"Borrowed\"\n");
    std::os::unix::fs::symlink(
        sandbox.path().join("outside/site.toml"),
        sandbox.site().join("site.toml"),
    )
    .expect("symlink");
    says(
        &sandbox.build_err(),
        &["--> site.toml", "outside the site folder"],
    );
}

#[cfg(unix)]
#[test]
fn an_output_reached_through_a_link_into_content_is_refused() {
    let sandbox = Sandbox::new();
    std::os::unix::fs::symlink(
        sandbox.site().join("content"),
        sandbox.path().join("linked"),
    )
    .expect("symlink");
    let output = sandbox.path().join("linked/out");
    let text = sandbox.build_err_with(|o| o.output = Some(output));
    says(&text, &["is inside `content/`, which canteen reads"]);
}

#[test]
fn an_output_inside_any_folder_canteen_reads_is_refused() {
    for folder in [
        "static",
        "templates",
        "data",
        "local",
        "editions/2013/content",
        "themes/plain",
    ] {
        let sandbox = Sandbox::new();
        let first = folder.split('/').next().unwrap_or(folder);
        let output = sandbox.site().join(folder).join("out");
        let text = sandbox.build_err_with(|o| o.output = Some(output));
        says(
            &text,
            &[&format!("is inside `{first}/`, which canteen reads")],
        );
    }
}

#[cfg(unix)]
#[test]
fn canteen_new_through_a_linked_folder_writes_nothing_outside() {
    let sandbox = Sandbox::new();
    std::os::unix::fs::symlink(
        sandbox.path().join("outside"),
        sandbox.site().join("content/away"),
    )
    .expect("symlink");
    let before = snapshot(sandbox.path());
    let root = sandbox.site().display().to_string();
    let out = canteen(&["new", "away/page", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    says(
        &String::from_utf8_lossy(&out.stderr),
        &["outside the site folder, because a folder on the way is a link"],
    );
    assert_eq!(snapshot(sandbox.path()), before);
}

#[test]
fn canteen_new_refuses_names_the_build_would_ignore() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n");
    let root = site.root().display().to_string();
    for name in [".", ".notes", "drafts/.hidden"] {
        let out = canteen(&["new", name, "--root", &root]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("would make a page the build leaves out")
                || stderr.contains("is not a page path"),
            "{name}: {stderr}"
        );
    }
    assert!(!site.root().join("content").exists());
}

#[test]
fn a_base_url_that_breaks_every_link_is_refused() {
    for (url, says_what) in [
        (
            "https://example.org/?utm_source=x",
            "has a query or fragment",
        ),
        ("https://example.org/#top", "has a query or fragment"),
        ("/#top", "has a query or fragment"),
        (
            "www.example.org",
            "must start with `https://`, `http://` or `/`",
        ),
        ("https:///path", "has no host name"),
        ("https://example.org/a b/", "contains ' '"),
    ] {
        let sandbox = Sandbox::new();
        sandbox.write(
            "site/site.toml",
            &format!("title = \"T\"\nbase_url = \"{url}\"\n"),
        );
        says(&sandbox.build_err(), &[says_what, "--> site.toml:2:12"]);
    }
}

#[test]
fn a_base_url_flag_without_a_scheme_is_a_usage_error() {
    let site = TestSite::empty();
    site.write("site.toml", "title = \"T\"\n")
        .write("content/_index.md", "# Home\n");
    let root = site.root().display().to_string();
    let out = canteen(&["build", "--root", &root, "--base-url", "www.example.org"]);
    assert_eq!(out.status.code(), Some(2));
    says(
        &String::from_utf8_lossy(&out.stderr),
        &[
            "--base-url `www.example.org` must start with",
            "`https://www.example.org`",
        ],
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn content_that_is_a_file_says_so() {
    let sandbox = Sandbox::new();
    std::fs::remove_dir_all(sandbox.site().join("content")).expect("remove");
    sandbox.write("site/content", "not a folder\n");
    says(
        &sandbox.build_err(),
        &["this should be a folder, but it is a file", "--> content"],
    );
}

/// A link left in the cache folder at the name of a file a build writes
/// there before renaming it into place (the search entries it makes, the
/// cache it rewrites after an edit, the index files it keeps) is replaced,
/// never written through, whether the build makes every entry or keeps
/// some.
#[cfg(unix)]
#[test]
fn a_link_at_the_name_of_a_file_the_cache_is_written_to_is_never_written_through() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "site/content/page.md",
        "+++\ntitle = \"Page\"\n+++\nWords to find.\n",
    );
    let folder = sandbox.site().join(".canteen-cache/search");
    let pid = std::process::id();
    for edit in ["", "More words.\n"] {
        sandbox.write(
            "site/content/other.md",
            &format!("+++\ntitle = \"Other\"\n+++\n{edit}"),
        );
        std::fs::create_dir_all(&folder).expect("mkdir");
        for name in [
            format!(".en-GB.entries.{pid}.spill"),
            format!(".en-GB.entries.{pid}.tmp"),
            format!(".en-GB.index.{pid}.tmp"),
        ] {
            let link = folder.join(name);
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(sandbox.path().join("outside/secret.txt"), &link)
                .expect("symlink");
        }
        let before = snapshot(&sandbox.path().join("outside"));
        build(&BuildOptions {
            root: sandbox.site(),
            ..BuildOptions::default()
        })
        .expect("builds");
        assert!(
            snapshot(&sandbox.path().join("outside")) == before,
            "written through"
        );
        // The cache is a file of its own; a link the build had no use for
        // is left as it was, as is anything canteen did not make.
        for file in std::fs::read_dir(&folder).expect("listed") {
            let file = file.expect("entry");
            let name = file.file_name().to_string_lossy().into_owned();
            let link = file.file_type().expect("type").is_symlink();
            assert_eq!(
                link,
                name != "en-GB.entries" && name != "en-GB.index",
                "{name}, after the build {edit:?}"
            );
        }
        assert!(folder.join("en-GB.entries").is_file());
        assert!(folder.join("en-GB.index").is_file());
    }
}

/// The site's cache (`.canteen-cache`: drawn cards, kept search entries)
/// behind a link that leads out of the site is neither read nor written:
/// the build draws and indexes everything afresh and leaves the link's
/// target as it was.
#[cfg(unix)]
#[test]
fn a_cache_folder_that_links_outside_the_site_is_never_used() {
    for link in [
        ".canteen-cache",
        ".canteen-cache/search",
        ".canteen-cache/cards",
    ] {
        let sandbox = Sandbox::new();
        sandbox.write(
            "site/content/page.md",
            "+++\ntitle = \"Page\"\n+++\nWords to find.\n",
        );
        sandbox.write("outside/cache/note.txt", "someone else's folder\n");
        let link = sandbox.site().join(link);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(sandbox.path().join("outside/cache"), &link).expect("symlink");
        let before = snapshot(&sandbox.path().join("outside"));
        for _ in 0..2 {
            let report = build(&BuildOptions {
                root: sandbox.site(),
                ..BuildOptions::default()
            })
            .expect("builds");
            assert!(report.output.join("search/index.json").is_file());
            assert!(report.output.join("social-cards").is_dir());
        }
        let after = snapshot(&sandbox.path().join("outside"));
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(name, _)| name.clone()).collect()
        };
        assert_eq!(
            names(&after),
            names(&before),
            "{} was written through",
            link.display()
        );
        assert!(after == before, "{} was written through", link.display());
    }
}
