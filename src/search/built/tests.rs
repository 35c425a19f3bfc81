//! The kept index files: what a build keeps is what the next reads back,
//! a fingerprint tells apart everything an edition's files are made of,
//! a build that does not keep its file leaves the kept one as it was, and
//! no file, however damaged, makes loading fail or panic.

use std::sync::Arc;

use proptest::prelude::*;

use super::{BuiltIndexes, Keeping, fingerprint};
use crate::search::cache::key;
use crate::search::index::{Entry, PageFields};
use crate::search::text;

fn entry(title: &str) -> Arc<Entry> {
    let html = format!("<p>{title} at work</p>");
    let body = text::parts(&html);
    let page = PageFields {
        url: "page/",
        title,
        section: "",
        description: "",
        body: &body,
    };
    Arc::new(Entry::new(
        &page,
        7,
        key("en-GB", &[title], [html.as_str()].into_iter()),
    ))
}

type Files = Vec<(String, Vec<u8>)>;

/// Keeps `editions` as `file`, as a build does.
fn keep(file: &std::path::Path, editions: &[(u128, Files)]) {
    let mut keeping = Keeping::begin(file).expect("begun");
    for (fingerprint, files) in editions {
        keeping.edition(*fingerprint);
        for (name, bytes) in files {
            keeping.put(name, bytes);
        }
    }
    keeping.finish().expect("written").keep().expect("kept");
}

fn files_of(built: &BuiltIndexes, fingerprint: u128) -> Option<Files> {
    let files = built.files(fingerprint)?;
    Some(files.map(|(n, b)| (n.to_string(), b.to_vec())).collect())
}

fn editions() -> Vec<(u128, Files)> {
    vec![
        (
            1,
            vec![
                ("c/0.json".into(), b"{\"t\":{}}".to_vec()),
                ("index.json".into(), b"{\"v\":1}".to_vec()),
            ],
        ),
        (u128::MAX, vec![("empty.json".into(), Vec::new())]),
        (7, Vec::new()),
    ]
}

#[test]
fn the_files_kept_are_read_back_by_edition() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = BuiltIndexes::file(dir.path(), "en-GB");
    assert!(file.ends_with(".canteen-cache/search/en-GB.index"));
    keep(&file, &editions());
    let built = BuiltIndexes::load(&file);
    assert_eq!(built.len(), 3);
    for (fingerprint, files) in editions() {
        assert_eq!(files_of(&built, fingerprint), Some(files));
    }
    assert_eq!(files_of(&built, 2), None);
    let folder = file.parent().expect("folder");
    let names: Vec<String> = std::fs::read_dir(folder)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["en-GB.index"], "no scratch file is left");
}

#[test]
fn a_file_not_kept_leaves_the_kept_one_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = BuiltIndexes::file(dir.path(), "en-GB");
    keep(&file, &editions());
    let before = std::fs::read(&file).expect("read");
    // A build that failed: its file is written, then dropped, not kept.
    let mut keeping = Keeping::begin(&file).expect("begun");
    keeping.edition(9);
    keeping.put("index.json", b"{}");
    drop(keeping.finish().expect("written"));
    // And one stopped while it wrote.
    let mut keeping = Keeping::begin(&file).expect("begun");
    keeping.edition(9);
    drop(keeping);
    assert_eq!(std::fs::read(&file).expect("read"), before);
    let folder = file.parent().expect("folder");
    assert_eq!(std::fs::read_dir(folder).expect("listed").count(), 1);
}

#[test]
fn the_fingerprint_changes_with_everything_the_files_are_made_of() {
    let (a, b) = (entry("Facebook"), entry("LinkedIn"));
    let both = [Arc::clone(&a), Arc::clone(&b)];
    let synonyms = vec![vec!["x".to_string(), "twitter".to_string()]];
    let base = fingerprint("en-GB", &synonyms, None, &both);
    assert_eq!(base, fingerprint("en-GB", &synonyms, None, &both));
    let others = [
        fingerprint("cy", &synonyms, None, &both),
        fingerprint("en-GB", &[], None, &both),
        fingerprint(
            "en-GB",
            &[vec!["xt".to_string(), "witter".to_string()]],
            None,
            &both,
        ),
        fingerprint("en-GB", &synonyms, Some(&[]), &both),
        fingerprint("en-GB", &synonyms, Some(&[0, -1]), &both),
        fingerprint("en-GB", &synonyms, None, &[Arc::clone(&b), Arc::clone(&a)]),
        fingerprint("en-GB", &synonyms, None, &[a, entry("YouTube")]),
        fingerprint("en-GB", &synonyms, None, &[b]),
    ];
    for (n, other) in others.iter().enumerate() {
        assert_ne!(*other, base, "change {n} kept the fingerprint");
    }
}

#[test]
fn a_scratch_file_replaces_a_link_at_its_name_and_never_writes_through_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = BuiltIndexes::file(dir.path(), "en-GB");
    let folder = file.parent().expect("folder");
    std::fs::create_dir_all(folder).expect("mkdir");
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "not canteen's").expect("written");
    let scratch = folder.join(format!(".en-GB.index.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&outside, &scratch).expect("linked");
    keep(&file, &editions());
    assert_eq!(
        std::fs::read_to_string(&outside).expect("read"),
        "not canteen's"
    );
    assert_eq!(BuiltIndexes::load(&file).len(), 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Cut short or with a byte changed anywhere, a file loads as no
    /// files or as files it holds: never a panic, never bytes from
    /// beyond it.
    #[test]
    fn a_damaged_file_never_panics(cut in 0usize..200, flip in 0usize..200, to in any::<u8>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = BuiltIndexes::file(dir.path(), "en-GB");
        keep(&file, &editions());
        let mut bytes = std::fs::read(&file).expect("read");
        let len = bytes.len();
        bytes[flip % len] = to;
        bytes.truncate(cut % (len + 1));
        std::fs::write(&file, &bytes).expect("written");
        let built = BuiltIndexes::load(&file);
        for fingerprint in [1, 7, u128::MAX] {
            if let Some(files) = files_of(&built, fingerprint) {
                let total: usize = files.iter().map(|(n, b)| n.len() + b.len()).sum();
                prop_assert!(total <= bytes.len());
            }
        }
    }
}
