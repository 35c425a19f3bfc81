//! The cache of search entries: what is written is what is read back, a
//! key tells apart everything an entry is made of, and no file, however
//! damaged, makes loading fail or panic.

use proptest::prelude::*;

use super::{EntryCache, key};
use crate::search::index::{Entry, PageFields};
use crate::search::text;

fn entry(title: &str, html: &str) -> Entry {
    let body = text::parts(html);
    let page = PageFields {
        url: "page/",
        title,
        section: "Section",
        description: "A page.",
        body: &body,
    };
    Entry::new(&page, 7, key("en-GB", &[title], [html].into_iter()))
}

/// An entry as the index sees it: its fragment and its words, sorted.
fn seen(entry: &Entry) -> (String, Vec<(String, u32)>) {
    let mut words: Vec<(String, u32)> = entry.words().map(|(w, n)| (w.to_string(), n)).collect();
    words.sort_unstable();
    (entry.fragment().to_string(), words)
}

fn saved(entries: &[Entry]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = EntryCache::file(dir.path(), "en-GB");
    EntryCache::save(&file, entries.iter()).expect("the cache is written");
    (dir, file)
}

#[test]
fn an_entry_saved_is_read_back_as_it_was_made() {
    let made = [
        entry("Facebook", "<p>Friend requests from patients</p>"),
        entry(
            "Café policy",
            "<h2 id=\"a\">Ŵyn &amp; naïve</h2><p>\"quoted\" text</p>",
        ),
    ];
    let (_dir, file) = saved(&made);
    let cache = EntryCache::load(&file);
    assert_eq!(cache.len(), 2);
    for entry in &made {
        let read = cache.get(entry.key, entry.made_of).expect("kept");
        assert_eq!(seen(&read), seen(entry));
        assert_eq!((read.key, read.made_of), (entry.key, entry.made_of));
    }
    assert!(!cache.missed());
    assert!(
        cache
            .get(key("en-GB", &["another"], [].into_iter()), 7)
            .is_none()
    );
    assert!(cache.missed(), "a key it does not hold is a miss");
}

#[test]
fn the_cache_is_in_the_sites_cache_folder_one_file_a_language() {
    let root = std::path::Path::new("/site");
    let file = EntryCache::file(root, "cy");
    assert_eq!(file, root.join(".canteen-cache/search/cy.entries"));
    assert_ne!(file, EntryCache::file(root, "en-GB"));
    assert_eq!(
        EntryCache::file(root, "../../etc"),
        root.join(".canteen-cache/search/etc.entries"),
        "nothing in a language's name climbs out of the folder"
    );
}

#[test]
fn a_missing_or_foreign_file_is_an_empty_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("none.entries");
    assert!(EntryCache::load(&file).is_empty());
    std::fs::write(&file, b"not a cache at all").expect("write");
    assert!(EntryCache::load(&file).is_empty());
}

#[test]
fn a_damaged_count_of_entries_asks_for_no_memory() {
    let (_dir, file) = saved(&[entry("A", "<p>one</p>")]);
    let mut bytes = std::fs::read(&file).expect("read");
    // The count, just after the magic: four billion entries.
    bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(&file, &bytes).expect("write");
    assert!(EntryCache::load(&file).is_empty());
}

#[test]
fn a_key_tells_apart_every_field_its_order_and_the_language() {
    let key =
        |language, fields: &[&str], html: &[&str]| key(language, fields, html.iter().copied());
    let base = key("en-GB", &["page/", "Title"], &["<a href=\"", "x/\">x</a>"]);
    assert_eq!(
        base,
        key("en-GB", &["page/", "Title"], &["<a href=\"", "x/\">x</a>"])
    );
    for other in [
        key("cy", &["page/", "Title"], &["<a href=\"", "x/\">x</a>"]),
        key("en-GB", &["page/", "Title"], &["<a href=\"", "y/\">x</a>"]),
        key("en-GB", &["page/", "Titl"], &["e<a href=\"", "x/\">x</a>"]),
        key("en-GB", &["Title", "page/"], &["<a href=\"", "x/\">x</a>"]),
        key(
            "en-GB",
            &["page/", "Title", ""],
            &["<a href=\"", "x/\">x</a>"],
        ),
        // The marker elsewhere, or gone.
        key("en-GB", &["page/", "Title"], &["<a href=\"x", "/\">x</a>"]),
        key("en-GB", &["page/", "Title"], &["<a href=\"x/\">x</a>"]),
    ] {
        assert_ne!(base, other);
    }
}

proptest! {
    /// Cut short anywhere, the file is an empty cache.
    #[test]
    fn a_file_cut_short_is_an_empty_cache(cut in 0.0f64..1.0) {
        let (_dir, file) = saved(&[entry("A", "<p>one two</p>"), entry("B", "<p>three</p>")]);
        let bytes = std::fs::read(&file).expect("read");
        let at = (bytes.len() as f64 * cut) as usize;
        std::fs::write(&file, &bytes[..at]).expect("write");
        prop_assert!(EntryCache::load(&file).is_empty());
    }

    /// Any byte changed: loading and every lookup still return, and an
    /// entry read back splits its words on characters.
    #[test]
    fn a_damaged_file_never_panics(at in 0.0f64..1.0, byte in any::<u8>()) {
        let made = [entry("Ŵyn", "<p>naïve café</p>"), entry("B", "<p>three</p>")];
        let (_dir, file) = saved(&made);
        let mut bytes = std::fs::read(&file).expect("read");
        let n = ((bytes.len() - 1) as f64 * at) as usize;
        bytes[n] = byte;
        std::fs::write(&file, &bytes).expect("write");
        let cache = EntryCache::load(&file);
        for entry in &made {
            if let Some(read) = cache.get(entry.key, 0) {
                prop_assert!(read.words().all(|(w, _)| !w.is_empty()));
            }
        }
    }
}

/// A site folder whose build spills the entries it makes: the folder, its
/// cache file (none yet) and the cache.
fn spilling() -> (tempfile::TempDir, std::path::PathBuf, EntryCache) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = EntryCache::file(dir.path(), "en-GB");
    let cache = EntryCache::open(&file, true);
    (dir, file, cache)
}

/// Entries made while a build spills them, as `kept_or_made` makes them.
fn spilled(cache: &EntryCache, made: &[(&str, &str)]) -> Vec<Entry> {
    made.iter()
        .map(|(title, html)| cache.spilled(entry(title, html)))
        .collect()
}

const PAGES: [(&str, &str); 3] = [
    ("Facebook", "<p>Friend requests from patients</p>"),
    ("Café", "<h2 id=\"a\">Ŵyn &amp; naïve</h2><p>\"quoted\"</p>"),
    ("X (Twitter)", "<p>Posting as yourself</p>"),
];

#[test]
fn entries_spilled_as_made_read_as_made_and_become_the_next_cache() {
    let (_dir, file, cache) = spilling();
    let made = spilled(&cache, &PAGES);
    let spill = cache.spill().expect("a build spills");
    for (made_now, (title, html)) in made.iter().zip(PAGES) {
        assert!(made_now.spilled_in(&spill), "{title}");
        assert_eq!(seen(made_now), seen(&entry(title, html)));
    }
    let entries: Vec<&Entry> = made.iter().collect();
    EntryCache::keep(&file, &entries, true, Some(&spill)).expect("kept");
    // The file of entries made is the cache now, nothing left beside it.
    assert_only_the_cache_holds(&file, &entries);
}

/// The cache `file` is alone in its folder and holds `entries`, as made.
fn assert_only_the_cache_holds(file: &std::path::Path, entries: &[&Entry]) {
    let names: Vec<String> = std::fs::read_dir(file.parent().expect("folder"))
        .expect("listed")
        .map(|f| f.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["en-GB.entries"]);
    let next = EntryCache::load(file);
    assert_eq!(next.len(), entries.len());
    for entry in entries {
        let read = next.get(entry.key, entry.made_of).expect("kept");
        assert_eq!(seen(&read), seen(entry));
    }
}

#[test]
fn a_build_that_took_some_entries_from_the_cache_writes_it_whole_and_removes_its_spill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = EntryCache::file(dir.path(), "en-GB");
    let old = [entry(PAGES[0].0, PAGES[0].1)];
    EntryCache::save(&file, old.iter()).expect("saved");
    let cache = EntryCache::open(&file, true);
    let kept = cache.get(old[0].key, old[0].made_of).expect("kept");
    let made = spilled(&cache, &PAGES[1..]);
    let spill = cache.spill().expect("a build spills");
    let entries: Vec<&Entry> = std::iter::once(&kept).chain(&made).collect();
    EntryCache::keep(&file, &entries, true, Some(&spill)).expect("kept");
    assert_eq!(entries.len(), 3);
    assert_only_the_cache_holds(&file, &entries);
}

#[test]
fn a_file_a_stopped_build_left_beside_the_cache_is_removed_and_a_running_ones_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = EntryCache::file(dir.path(), "en-GB");
    let folder = file.parent().expect("folder").to_path_buf();
    std::fs::create_dir_all(&folder).expect("folder made");
    // Above Linux's largest process id: no process has it.
    let stopped = folder.join(".en-GB.entries.4294967.spill");
    let saving = folder.join(".en-GB.entries.4294967.tmp");
    let running = folder.join(format!(".en-GB.entries.{}.tmp", std::process::id()));
    let other = folder.join("notes.txt");
    for f in [&stopped, &saving, &running, &other] {
        std::fs::write(f, b"x").expect("written");
    }
    let cache = EntryCache::open(&file, true);
    // The file of entries made is made with the first entry.
    assert!(cache.spill().is_none());
    let _made = spilled(&cache, &PAGES[..1]);
    assert!(!stopped.exists() && !saving.exists());
    assert!(running.exists() && other.exists());
}

#[test]
fn a_build_dropped_before_it_kept_its_entries_leaves_no_file_or_folder_behind() {
    let (dir, _file, cache) = spilling();
    let made = spilled(&cache, &PAGES);
    let spill = cache.spill().expect("a build spills");
    assert!(made.iter().all(|e| e.spilled_in(&spill)));
    assert!(dir.path().join(".canteen-cache/search").is_dir());
    // A build that fails drops its site, and with it every entry.
    drop((made, spill, cache));
    assert_eq!(std::fs::read_dir(dir.path()).expect("listed").count(), 0);
}

#[test]
fn a_load_that_keeps_nothing_writes_nothing_beside_the_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = EntryCache::file(dir.path(), "en-GB");
    let cache = EntryCache::open(&file, false);
    assert!(cache.spill().is_none());
    let made = spilled(&cache, &PAGES);
    assert!(made.iter().all(|e| e.problem().is_none()));
    assert!(!file.parent().expect("folder").exists());
}

/// A full disk (Linux's `/dev/full`) while entries are written, or only
/// when the file is closed: every entry already in the file reports it
/// (which stops the build, in `Search::render`), an entry made after a
/// write failed is held in memory as it was made, and the file never
/// becomes the next cache.
#[cfg(target_os = "linux")]
#[test]
fn entries_spilled_to_a_full_disk_say_so_and_never_become_the_cache() {
    for (capacity, fails) in [
        (1, "as entries are written"),
        (1 << 20, "when the file is closed"),
    ] {
        let (_dir, file, cache) = spilling();
        let first = spilled(&cache, &PAGES[..1]);
        let spill = cache.spill().expect("a build spills");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        spill.write_to(full, capacity);
        let rest = spilled(&cache, &PAGES[1..]);
        let problem = first[0].problem().expect(fails);
        assert!(
            problem.starts_with("could not write") && problem.contains("No space left"),
            "{fails}: {problem}"
        );
        if capacity == 1 {
            for (made, (title, html)) in rest.iter().zip(&PAGES[1..]) {
                assert!(!made.spilled_in(&spill), "{title} is held in memory");
                assert!(made.problem().is_none());
                assert_eq!(seen(made), seen(&entry(title, html)));
            }
        } else {
            assert!(rest.iter().all(|e| e.problem().is_some()), "{fails}");
        }
        let entries: Vec<&Entry> = first.iter().chain(&rest).collect();
        assert!(!spill.finish(&file, &entries), "{fails}");
        assert!(!file.exists(), "{fails}");
    }
}
