//! Incremental updates: which edits re-render which pages, and that the
//! result always equals a cold build of the same files.

mod support;

use std::collections::BTreeMap;
use std::sync::Mutex;

use canteen::output::Sink;
use canteen::site::{BuildOptions, Site};
use canteen::update::Update;
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
        Update::Documents(ids(
            &site,
            &["new-to-the-nhs/_index.md", "new-to-the-nhs/first-steps.md"]
        ))
    );
}

#[test]
fn a_title_or_order_change_reloads_everything() {
    let fixture = TestSite::new("guide");
    let mut site = load(&fixture);
    fixture.write(
        "content/new-to-the-nhs/first-steps.md",
        "+++\ntitle = \"Your first steps\"\nweight = 2\n+++\nSteps.\n",
    );
    assert_eq!(
        site.update(&["content/new-to-the-nhs/first-steps.md".into()])
            .expect("ok"),
        Update::Reload
    );
    fixture.write(
        "content/new-to-the-nhs/first-steps.md",
        "+++\ntitle = \"First steps\"\nweight = 9\n+++\nSteps.\n",
    );
    assert_eq!(
        site.update(&["content/new-to-the-nhs/first-steps.md".into()])
            .expect("ok"),
        Update::Reload
    );
    assert_eq!(
        site.update(&["content/new-to-the-nhs/brand-new.md".into()])
            .expect("ok"),
        Update::Reload
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
    let fixture = TestSite::new("guide");
    let mut site = load(&fixture);
    let memory = Memory::default();
    site.render(&memory).expect("renders");
    let mut served = memory.0.into_inner().expect("lock");
    for (n, (rel, text)) in [
        ("content/new-to-the-nhs/why.md", "+++\ntitle = \"Why it matters\"\nweight = 1\nlast_reviewed = 2026-12-01\nnext_review = 2027-12-01\n+++\nA new first paragraph.\n\n## A heading\n"),
        ("content/new-to-the-nhs/_index.md", "+++\ntitle = \"New to the NHS?\"\nguide = true\ndescription = \"Changed\"\n+++\nStart here, again.\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome home.\n"),
    ]
    .into_iter()
    .enumerate()
    {
        fixture.write(rel, text);
        let Update::Documents(ids) = site.update(&[rel.to_string()]).expect("updates") else { panic!("edit {n} should be local") };
        let partial = Memory::default();
        site.render_update(&ids, &partial).expect("renders");
        served.extend(partial.0.into_inner().expect("lock"));
        assert_eq!(served, cold(&fixture), "after edit {n} ({rel})");
    }
}
