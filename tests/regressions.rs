//! Failures the property tests (tests/properties.rs, scripts/fuzz) found,
//! each pinned as the minimal site that showed it, named after the bug,
//! with one line of why. Each is checked by the same harness as the
//! properties: the real `canteen build` must succeed or explain itself,
//! never panic or hang, never write outside the output folder, and publish
//! every page at its own address with working links.

#[path = "properties/harness.rs"]
mod harness;
#[path = "properties/preflight.rs"]
mod preflight;
#[path = "properties/published.rs"]
mod published;
#[path = "properties/spec.rs"]
mod spec;

use spec::{OUTSIDE, Output, SiteSpec};

/// The plainest site the NHS theme builds: home, and the two pages its
/// footer links to.
fn site() -> SiteSpec {
    SiteSpec::new()
        .file("site.toml", "title = \"Fuzz\"\n")
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        )
        .file("content/accessibility.md", "# Accessibility statement\n")
        .file("content/contact.md", "# Contact us\n")
}

/// Every property holds for `spec`.
fn holds(spec: SiteSpec) {
    if let Err(why) = harness::check(&spec) {
        panic!("{why}\n--- site\n{spec:?}");
    }
}

const LEADER: &str = "id = \"\"\nname = \"Dr Jo Bloggs\"\nrole = \"Chief Executive\"\norganisation = \"Example NHS Trust\"\nas_of = 2013-11-01\nplatform = \"X (Twitter)\"\nhandle = \"@jo\"\naccount_url = \"https://x.com/jo\"\nsummary = \"Blogs.\"\nlast_reviewed = 2026-11-21\nnext_review = 2027-11-21\n";

/// The record locator only knew `[[leader]]` alone on its line, and indexed
/// past its list for a header with a comment: a panic, not the empty id.
#[test]
fn record_header_with_a_comment_reports_the_record_instead_of_panicking() {
    holds(site().file("data/leaders.toml", &format!("[[leader]] # Jo\n{LEADER}")));
}

/// Same locator, header written with spaces inside the brackets (valid TOML).
#[test]
fn record_header_with_spaces_reports_the_record_instead_of_panicking() {
    holds(site().file("data/leaders.toml", &format!("[[ leader ]]\n{LEADER}")));
}

/// A page whose name slugifies to nothing got the address `a-b//`, the
/// file of its section `a-b/`: the section page was silently replaced.
#[test]
fn page_named_only_with_symbols_does_not_overwrite_its_section() {
    holds(site().file("content/a b/!.md", "# Bang\n"));
}

/// The same at the top: address `/`, written to `/index.html` at the root
/// of the file system (the harness refuses to run it; see preflight.rs).
#[test]
fn top_level_page_named_only_with_symbols_is_not_written_to_the_file_system_root() {
    holds(site().file("content/!.md", "# Bang\n"));
}

/// `content/index.md` gets the empty address too: `/index.html` again.
#[test]
fn top_level_index_md_is_not_written_to_the_file_system_root() {
    holds(site().file("content/index.md", "# Index\n"));
}

/// `slug` was joined to the output path as it is: `../../x` climbs out.
#[test]
fn slug_climbing_out_of_the_output_is_refused() {
    holds(site().file("content/a.md", "+++\nslug = \"../../x\"\n+++\nText.\n"));
}

/// An absolute `slug` replaced the whole output path.
#[test]
fn absolute_slug_is_not_written_outside_the_output() {
    holds(site().file(
        "content/a.md",
        &format!("+++\nslug = \"{OUTSIDE}/slugged\"\n+++\nText.\n"),
    ));
}

/// An empty `slug` below a folder gave `sub//`: the section's own file.
#[test]
fn empty_slug_does_not_overwrite_the_section_page() {
    holds(
        site()
            .file("content/sub/_index.md", "# Sub\n")
            .file("content/sub/c.md", "+++\nslug = \"\"\n+++\nText.\n"),
    );
}

/// `slug = "."` gave `./`, the home page's file.
#[test]
fn dot_slug_does_not_overwrite_the_home_page() {
    holds(site().file("content/a.md", "+++\nslug = \".\"\n+++\nText.\n"));
}

/// A record id of a free collection is not checked: `""` gives a page at
/// `people//`, the section's own file.
#[test]
fn record_with_an_empty_id_does_not_overwrite_its_section() {
    holds(
        site()
            .file("data/people.toml", "[[person]]\nid = \"\"\n")
            .file(
                "content/people/_index.md",
                "+++\npages_from = \"people\"\n+++\n",
            ),
    );
}

/// The alias `/.` is written to `./index.html`: the home page is replaced
/// by a redirect to another page.
#[test]
fn alias_of_the_site_root_does_not_replace_the_home_page() {
    holds(site().file("content/a.md", "+++\naliases = [\"/.\"]\n+++\nText.\n"));
}

/// An alias naming a page's own file (`/a/index.html`) replaced the page
/// with a redirect (the alias check compares addresses, not files).
#[test]
fn alias_naming_a_page_file_does_not_replace_the_page() {
    holds(site().file("content/a.md", "# A\n").file(
        "content/b.md",
        "+++\naliases = [\"/a/index.html\"]\n+++\nText.\n",
    ));
}

/// The alias `/404.html` replaced the site's 404 page with a redirect.
#[test]
fn alias_does_not_replace_a_generated_file() {
    holds(site().file(
        "content/a.md",
        "+++\naliases = [\"/404.html\"]\n+++\nText.\n",
    ));
}

/// The alias `/sitemap.xml` made a folder where sitemap.xml goes; the build
/// then failed naming a file in its staging folder.
#[test]
fn alias_on_the_sitemap_is_refused_in_the_page() {
    holds(site().file(
        "content/a.md",
        "+++\naliases = [\"/sitemap.xml\"]\n+++\nText.\n",
    ));
}

/// A NUL escaped in front matter reached the HTML as a NUL byte.
#[test]
fn nul_in_a_title_does_not_reach_the_html() {
    holds(site().file("content/a.md", "+++\ntitle = \"a\\u0000b\"\n+++\nText.\n"));
}

/// A symlink in `content/` to a file outside the site root published that
/// file (walk.rs follows symlinked files on purpose; outside the root it
/// publishes whatever the link points at).
#[test]
fn symlink_to_a_file_outside_the_site_is_not_published() {
    holds(site().symlink("content/a.md", &format!("{OUTSIDE}/secret.md")));
}

/// The same for `static/`.
#[test]
fn static_symlink_to_a_file_outside_the_site_is_not_published() {
    holds(site().symlink("static/leak.css", &format!("{OUTSIDE}/secret.css")));
}

/// `theme` is joined to `themes/` as it is: `../../outside` loads (and
/// publishes) a theme from outside the site.
#[test]
fn theme_outside_the_themes_folder_is_refused() {
    holds(
        site()
            .file("site.toml", "title = \"Fuzz\"\ntheme = \"../../outside\"\n")
            .file("themes/README.md", "Themes live here.\n"),
    );
}

/// A missing theme is reported at the absolute path of site.toml, not
/// `site.toml` at a line.
#[test]
fn missing_theme_is_reported_in_site_toml_relative_to_the_root() {
    holds(site().file("site.toml", "title = \"Fuzz\"\ntheme = \"missing\"\n"));
}

/// A site `page.html` without blocks breaks theme templates that extend
/// it; the error named Tera's `theme/…` name and the folder `templates`,
/// not files.
#[test]
fn template_error_in_a_theme_template_names_a_file() {
    holds(site().file(
        "templates/page.html",
        "<!doctype html><html><head><title>{{ page.title }}</title></head><body><main>{{ page.content | safe }}</main></body></html>",
    ));
}

/// A template extending a template that does not exist: `--> templates`.
#[test]
fn template_extending_a_missing_template_names_the_template_file() {
    holds(site().file("templates/index.html", "{% extends \"custom.html\" %}"));
}

/// `--base-url` skips the checks site.toml's `base_url` gets: `#top`
/// became the base path of every link.
#[test]
fn base_url_option_is_checked_like_the_setting() {
    let mut spec = site().output(Output::Beside);
    spec.base_url = Some("#top".into());
    holds(spec);
}

/// A query or fragment in `base_url` ends up in the middle of every
/// address (`https://x.org/p?q#f/a/`), so no link resolves.
#[test]
fn base_url_with_a_query_and_fragment_is_refused_or_dropped() {
    holds(site().file(
        "site.toml",
        "title = \"Fuzz\"\nbase_url = \"https://x.org/p?q#f\"\n",
    ));
}

/// `//x.org/` passes as a path (it starts with `/`) and becomes the base
/// path `/x.org/`, while the permalinks point at the host x.org.
#[test]
fn protocol_relative_base_url_is_refused() {
    holds(site().file("site.toml", "title = \"Fuzz\"\nbase_url = \"//x.org/\"\n"));
}

/// `https://` passes the `base_url` check (it starts with `https://`) but
/// has no host: robots.txt names the sitemap `https:/sitemap.xml`.
#[test]
fn base_url_without_a_host_is_refused() {
    holds(site().file("site.toml", "title = \"Fuzz\"\nbase_url = \"https://\"\n"));
}

/// A `"` in `base_url` is written into `href` attributes unescaped, so
/// the attribute ends early (and could carry markup).
#[test]
fn base_url_is_escaped_in_links() {
    holds(
        site()
            .file(
                "site.toml",
                "title = \"Fuzz\"\nbase_url = \"https://x.org/a\\\"b/\"\n",
            )
            .file("content/a.md", "[Contact](/contact.md)\n"),
    );
}

/// A `?` in a slug is written into the address as it is: `/a?b/` asks
/// for `/a` with a query, so the page cannot be reached.
#[test]
fn slug_with_a_question_mark_gives_a_reachable_address() {
    holds(site().file("content/a.md", "+++\nslug = \"a?b\"\n+++\nText.\n"));
}

/// `slug = "index.html"` on a section makes a folder where the home page's
/// file goes: an I/O error naming a file in the staging folder.
#[test]
fn slug_naming_the_home_page_file_is_refused_in_the_page() {
    holds(
        site()
            .file("content/sub/_index.md", "+++\nslug = \"index.html\"\n+++\n")
            .file("content/sub/c.md", "# C\n"),
    );
}

/// A file in `static/` named like one canteen generates replaced it
/// silently: `static/sitemap.xml` took the place of the site's sitemap.
#[test]
fn static_file_does_not_silently_replace_a_generated_file() {
    holds(site().file("static/sitemap.xml", "static file\n"));
}

/// `static/contact/index.html` replaced the page `contact/` silently.
#[test]
fn static_file_does_not_silently_replace_a_page() {
    holds(site().file("static/contact/index.html", "static file\n"));
}

/// Found by scripts/fuzz: a raw NUL byte in a template reached the HTML;
/// content, front matter and data files were checked for it, templates not.
#[test]
fn nul_in_a_template_does_not_reach_the_html() {
    holds(site().file("templates/index.html", "\0"));
}

/// Found by scripts/fuzz: a link that climbs above a site published under
/// a path (`/toolkit/`) leads to another site on the host; the build
/// leaves it to the browser instead of failing or rewriting it into this
/// site.
#[test]
fn link_above_a_site_under_a_path_is_left_outside_it() {
    let mut spec = site().file("content/a.md", "[link](../static-only.txt)\n");
    spec.base_url = Some("https://example.org/toolkit".into());
    holds(spec);
}

/// Found by scripts/fuzz: a slug written percent-encoded (`%2e%2e`) is a
/// folder of that name, `%2e%2e`, never `..`; the page's own links work.
#[test]
fn percent_encoded_dots_in_a_slug_are_a_name_not_a_climb() {
    holds(site().file(
        "content/bundle/index.md",
        "+++\nslug = \"%2e%2e\"\n+++\nText.\n",
    ));
}
