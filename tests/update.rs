//! Incremental updates: which edits re-render which pages, and that the
//! result always equals a cold build of the same files.

mod support;

use std::collections::BTreeMap;
use std::sync::Mutex;

use canteen::output::Sink;
use canteen::site::update::Update;
use canteen::site::{BuildOptions, Site};
use support::TestSite;

#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> canteen::fs::FsResult<()> {
        self.0.lock().expect("lock").insert(path.to_string(), bytes);
        Ok(())
    }
}

fn load(site: &TestSite) -> Site {
    Site::load(&BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("loads")
}

fn cold(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let memory = Memory::default();
    load(site).render(&memory).expect("renders");
    memory.0.into_inner().expect("lock")
}

/// Applies each edit in turn as the dev server does (an in-place update and
/// a partial render) and checks the result equals a cold build every time.
fn assert_updates_equal_cold_builds(fixture: &TestSite, edits: &[(&str, &str)]) {
    let mut site = load(fixture);
    let memory = Memory::default();
    site.render(&memory).expect("renders");
    let mut served = memory.0.into_inner().expect("lock");
    for (rel, text) in edits {
        fixture.write(rel, text);
        let Update::Render { documents, statics } =
            site.update(&[rel.to_string()]).expect("updates")
        else {
            panic!("{rel} should update in place")
        };
        let partial = Memory::default();
        site.render_update(&documents, &statics, &partial)
            .expect("renders");
        served.extend(partial.0.into_inner().expect("lock"));
        assert_eq!(served, cold(fixture), "after editing {rel}");
    }
}

fn ids(site: &Site, rels: &[&str]) -> Vec<usize> {
    let mut ids: Vec<usize> = rels
        .iter()
        .map(|r| site.tree.by_rel(r).expect("doc"))
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn a_body_edit_re_renders_the_page_and_its_section_only() {
    let fixture = TestSite::new("guide");
    let mut site = load(&fixture);
    fixture.write(
        "content/new-to-the-nhs/first-steps.md",
        "+++\ntitle = \"First steps\"\nweight = 2\ndescription = \"New words\"\n+++\nNew steps.\n",
    );
    let update = site
        .update(&["content/new-to-the-nhs/first-steps.md".into()])
        .expect("updates");
    assert_eq!(
        update,
        Update::Render {
            documents: ids(
                &site,
                &["new-to-the-nhs/_index.md", "new-to-the-nhs/first-steps.md"]
            ),
            statics: vec![]
        }
    );
}

#[test]
fn a_title_or_order_change_reassembles_the_content() {
    let fixture = TestSite::new("guide");
    let mut site = load(&fixture);
    let path = "content/new-to-the-nhs/first-steps.md";
    let reassemble = Update::Reassemble(vec![path.into()]);
    fixture.write(
        path,
        "+++\ntitle = \"Your first steps\"\nweight = 2\n+++\nSteps.\n",
    );
    assert_eq!(site.update(&[path.into()]).expect("ok"), reassemble);
    fixture.write(
        path,
        "+++\ntitle = \"First steps\"\nweight = 9\n+++\nSteps.\n",
    );
    assert_eq!(site.update(&[path.into()]).expect("ok"), reassemble);
    assert_eq!(
        site.update(&["content/new-to-the-nhs/brand-new.md".into()])
            .expect("ok"),
        Update::Reassemble(vec!["content/new-to-the-nhs/brand-new.md".into()])
    );
}

/// Applies each change in turn as the dev server does when pages come, go
/// or move (`Site::reassemble`), and checks the result renders exactly as
/// a cold build of the same files every time.
fn assert_reassembly_equals_cold_builds(fixture: &TestSite, steps: &[(&str, Option<&str>)]) {
    let mut site = load(fixture);
    for (rel, text) in steps {
        match text {
            Some(text) => {
                fixture.write(rel, text);
            }
            None => std::fs::remove_file(fixture.root().join(rel)).expect("remove"),
        }
        site = site.reassemble(&[rel.to_string()]).expect("reassembles");
        let memory = Memory::default();
        site.render(&memory).expect("renders");
        assert_eq!(
            memory.0.into_inner().expect("lock"),
            cold(fixture),
            "after {} {rel}",
            if text.is_some() {
                "writing"
            } else {
                "removing"
            }
        );
    }
}

#[test]
fn pages_that_come_go_or_move_equal_a_cold_build() {
    let fixture = TestSite::new("guide");
    assert_reassembly_equals_cold_builds(
        &fixture,
        &[
            // A new page: in its section's listing and the navigation.
            (
                "content/new-to-the-nhs/brand-new.md",
                Some(
                    "+++\ntitle = \"Brand new\"\nweight = 1\n+++\nSee [first steps](first-steps.md).\n",
                ),
            ),
            // A new title and order: every page's navigation.
            (
                "content/new-to-the-nhs/first-steps.md",
                Some(
                    "+++\ntitle = \"Your first steps\"\nweight = 9\n+++\nSteps, and [the new page](brand-new.md#top).\n",
                ),
            ),
            // A new section with its own page.
            (
                "content/extra/_index.md",
                Some("+++\ntitle = \"Extra\"\n+++\nMore.\n"),
            ),
            (
                "content/extra/more.md",
                Some("# More\n\nThe [new page](../new-to-the-nhs/brand-new.md).\n"),
            ),
            // Gone again.
            ("content/extra/more.md", None),
            ("content/extra/_index.md", None),
        ],
    );
}

#[test]
fn a_page_that_moves_on_a_site_with_editions_equals_a_cold_build() {
    // Earlier editions link to pages of the current one by their source:
    // a current page that moves changes those links too.
    let fixture = TestSite::new("editions");
    fixture.write(
        "editions/2012/content/about.md",
        "+++\ntitle = \"About\"\n+++\nSee [the toolkit today](/2014/about.md).\n",
    );
    assert_reassembly_equals_cold_builds(
        &fixture,
        &[
            (
                "content/about.md",
                Some("+++\ntitle = \"About us\"\nslug = \"about-us\"\n+++\nWho we are.\n"),
            ),
            (
                "content/hr/policy.md",
                Some(
                    "+++\ntitle = \"Your policy\"\nweight = 1\naliases = [\"/hr/social-media-policy/\"]\n+++\nWrite one.\n",
                ),
            ),
            // A page that earlier editions had comes back, then goes: the
            // earlier copies' "now in the current edition" and "what
            // changed" follow.
            (
                "content/hr/recruitment.md",
                Some("+++\ntitle = \"Recruitment\"\n+++\nHire well.\n"),
            ),
            ("content/hr/recruitment.md", None),
            ("content/leaders.md", None),
        ],
    );
}

#[test]
fn a_page_removed_while_another_links_to_it_is_an_error_and_changes_nothing() {
    let fixture = TestSite::new("guide");
    fixture.write(
        "content/new-to-the-nhs/brand-new.md",
        "+++\ntitle = \"Brand new\"\n+++\nSee [first steps](first-steps.md).\n",
    );
    let site = load(&fixture);
    std::fs::remove_file(fixture.root().join("content/new-to-the-nhs/first-steps.md"))
        .expect("remove");
    let error = site
        .reassemble(&["content/new-to-the-nhs/first-steps.md".into()])
        .expect_err("a link to the removed page breaks");
    let text = error.to_string();
    assert!(
        text.contains("brand-new.md") && text.contains("first-steps.md"),
        "{text}"
    );
}

#[test]
fn a_file_not_named_as_changed_is_not_read_again() {
    let fixture = TestSite::new("guide");
    let site = load(&fixture);
    // Changed on disk, but not named: the loaded text stands.
    fixture.write(
        "content/new-to-the-nhs/first-steps.md",
        "+++\ntitle = \"Changed behind our back\"\n+++\nOther.\n",
    );
    fixture.write("content/added.md", "# Added\n");
    let again = site
        .reassemble(&["content/added.md".into()])
        .expect("reassembles");
    let id = again
        .tree
        .by_rel("new-to-the-nhs/first-steps.md")
        .expect("doc");
    assert_ne!(again.tree.docs[id].title, "Changed behind our back");
    assert!(again.tree.by_rel("added.md").is_some());
    let old = site
        .tree
        .by_rel("new-to-the-nhs/first-steps.md")
        .expect("doc");
    assert!(
        std::sync::Arc::ptr_eq(&again.tree.docs[id].source, &site.tree.docs[old].source),
        "the source is shared, not read again"
    );
}

#[test]
fn a_failed_update_leaves_the_site_unchanged() {
    let fixture = TestSite::new("guide");
    let mut site = load(&fixture);
    let before = site
        .rendered
        .iter()
        .map(|r| r.html.clone())
        .collect::<Vec<_>>();
    fixture.write(
        "content/new-to-the-nhs/why.md",
        "+++\ntitle = \"Why it matters\"\nweight = 1\n+++\nSee [nowhere](nowhere.md).\n",
    );
    let error = site
        .update(&["content/new-to-the-nhs/why.md".into()])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("there is no such page"), "{error}");
    assert_eq!(
        site.rendered
            .iter()
            .map(|r| r.html.clone())
            .collect::<Vec<_>>(),
        before
    );
    assert!(
        site.tree.docs[site.tree.by_rel("new-to-the-nhs/why.md").expect("doc")]
            .body()
            .contains("Why.")
    );
}

#[test]
fn removing_a_heading_others_link_to_is_caught_by_the_update() {
    let fixture = TestSite::new("links");
    let mut site = load(&fixture);
    fixture.write(
        "content/platforms/facebook.md",
        "+++\ntitle = \"Facebook\"\n+++\n## Pages and profiles\n",
    );
    let error = site
        .update(&["content/platforms/facebook.md".into()])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("has no heading with the id `#pages-versus-profiles`"),
        "{error}"
    );
}

#[test]
fn updated_output_equals_a_cold_build() {
    assert_updates_equal_cold_builds(
        &TestSite::new("guide"),
        &[
            (
                "content/new-to-the-nhs/why.md",
                "+++\ntitle = \"Why it matters\"\nweight = 1\nlast_reviewed = 2026-12-01\nnext_review = 2027-12-01\n+++\nA new first paragraph.\n\n## A heading\n",
            ),
            (
                "content/new-to-the-nhs/_index.md",
                "+++\ntitle = \"New to the NHS?\"\nguide = true\ndescription = \"Changed\"\n+++\nStart here, again.\n",
            ),
            (
                "content/_index.md",
                "+++\ntitle = \"Home\"\n+++\nWelcome home.\n",
            ),
        ],
    );
}

fn documents(update: Update) -> Vec<String> {
    match update {
        Update::Render { documents, .. } => documents.into_iter().map(|d| d.to_string()).collect(),
        Update::Reload => vec!["reload".into()],
        Update::Reassemble(paths) => paths,
    }
}

#[test]
fn a_template_edit_re_renders_the_pages_that_use_it() {
    let fixture = TestSite::new("template-override");
    let mut site = load(&fixture);
    let special = site.tree.by_rel("special.md").expect("doc").to_string();
    fixture.write(
        "templates/special.html",
        "<!doctype html><title>x</title><p class=\"special\">Changed {{ page.title }}</p>\n",
    );
    assert_eq!(
        documents(
            site.update(&["templates/special.html".into()])
                .expect("updates")
        ),
        std::slice::from_ref(&special)
    );
    // The theme's page.html is extended by the site's: pages using page.html only.
    fixture.write(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}!</h1>{% endblock main %}",
    );
    let page = site.tree.by_rel("page.md").expect("doc").to_string();
    assert_eq!(
        documents(
            site.update(&["themes/plain/templates/page.html".into()])
                .expect("updates")
        ),
        [page]
    );
    // base.html reaches every document built on it, not the standalone special page.
    fixture.write("themes/plain/templates/base.html", "<!doctype html><html lang=\"en\"><title>t</title><main>{% block main %}{% endblock main %}</main>{% block after_main %}{% endblock after_main %}</html>");
    let mut all_but_special: Vec<String> = (0..site.tree.docs.len())
        .map(|d| d.to_string())
        .filter(|d| *d != special)
        .collect();
    all_but_special.sort();
    let mut got = documents(
        site.update(&["themes/plain/templates/base.html".into()])
            .expect("updates"),
    );
    got.sort();
    assert_eq!(got, all_but_special);
}

#[test]
fn a_static_edit_copies_the_file_and_renders_no_page() {
    let fixture = TestSite::new("output");
    let mut site = load(&fixture);
    fixture.write("static/css/extra.css", "body { color: black; }\n");
    let update = site
        .update(&["static/css/extra.css".into()])
        .expect("updates");
    assert_eq!(
        update,
        Update::Render {
            documents: vec![],
            statics: vec![(
                "css/extra.css".into(),
                fixture.root().join("static/css/extra.css")
            )]
        }
    );
    assert_eq!(
        site.update(&["data/x.toml".into()]).expect("ok"),
        Update::Reload
    );
    assert_eq!(
        site.update(&["site.toml".into()]).expect("ok"),
        Update::Reload
    );
}

#[test]
fn template_and_static_updates_equal_a_cold_build() {
    let fixture = TestSite::new("template-override");
    fixture.write("static/css/site.css", "a {}\n");
    assert_updates_equal_cold_builds(
        &fixture,
        &[
            (
                "templates/page.html",
                "{% extends \"theme/page.html\" %}\n{% block after_main %}<p class=\"local\">Changed for {{ page.title }}</p>{% endblock after_main %}\n",
            ),
            (
                "themes/plain/templates/section.html",
                "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }} (section)</h1>{% endblock main %}",
            ),
            ("static/css/site.css", "a { color: blue; }\n"),
            (
                "themes/plain/templates/404.html",
                "{% extends \"base.html\" %}{% block main %}<h1>Not here</h1>{% endblock main %}",
            ),
        ],
    );
}

#[test]
fn with_editions_an_edit_to_the_current_content_updates_older_pages_too() {
    // about.md says the same in every edition, so older editions point their
    // canonical link at the current page; after this edit they must not,
    // and the what-changed page must list it.
    assert_updates_equal_cold_builds(
        &TestSite::new("editions"),
        &[
            (
                "content/about.md",
                "+++\ntitle = \"About the toolkit\"\n+++\nThis toolkit helps NHS staff use social media well.\n",
            ),
            (
                "content/hr/policy.md",
                "+++\ntitle = \"Social media policy\"\naliases = [\"/hr/social-media-policy/\"]\n+++\nEvery trust needs a social media policy.\n",
            ),
        ],
    );
}

#[test]
fn with_editions_an_edit_to_a_frozen_edition_or_a_template_reloads_everything() {
    let fixture = TestSite::new("editions");
    let mut site = load(&fixture);
    for rel in [
        "editions/2013/content/about.md",
        "themes/plain/templates/page.html",
    ] {
        assert_eq!(
            site.update(&[rel.to_string()]).expect("updates"),
            Update::Reload,
            "{rel}"
        );
    }
}
