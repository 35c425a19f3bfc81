//! The index of `tests/fixtures/search` (two editions) and of the fork
//! fixture: which pages and fields are in it, opt-out, editions kept
//! apart, an unchanged older page's entry shared, hidden pages absent.

use std::path::Path;
use std::sync::Arc;

use super::indexes;
use crate::search::words::{MAX_WEIGHT, Words};
use crate::search::{EditionIndex, Entry};
use crate::site::{BuildOptions, Site};

fn load(fixture: &str) -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    Site::load(&BuildOptions {
        root,
        ..BuildOptions::default()
    })
    .expect("the fixture loads")
}

/// The entry of the page at `url` in edition `v`.
fn entry<'i>(
    site: &Site,
    made: &'i [(EditionIndex, Vec<usize>)],
    v: usize,
    url: &str,
) -> Option<&'i Arc<Entry>> {
    let tree = site.views()[v].tree;
    let (index, docs) = &made[v];
    let n = docs.iter().position(|&id| tree.docs[id].url == url)?;
    index.entries.get(n)
}

/// The page's weight for `stem`: its words with that stem, added up and
/// capped, as the index's postings give it.
fn weight(entry: &Entry, stem: &str) -> Option<u32> {
    let words = Words::new("en");
    entry
        .words()
        .filter(|(w, _)| words.stem(w) == stem)
        .map(|(_, weight)| weight)
        .reduce(|a, b| (a + b).min(MAX_WEIGHT))
}

fn fragment(entry: &Entry) -> serde_json::Value {
    serde_json::from_str(entry.fragment()).expect("a fragment is JSON")
}

#[test]
fn a_page_gives_its_title_headings_body_description_and_section_but_no_code() {
    let site = load("search");
    let made = indexes(&site, None);
    let page = entry(&site, &made, 1, "guide/posting/").expect("indexed");
    // Title words weigh most, then headings, then the body.
    let title = weight(page, "post").expect("post");
    let heading = weight(page, "friend").expect("friend");
    let body = weight(page, "reach").expect("reach");
    assert!(
        title > heading && heading > body,
        "{title} {heading} {body}"
    );
    assert!(
        weight(page, "twitter").is_some(),
        "the description is indexed"
    );
    assert!(
        weight(page, "guid").is_some(),
        "the section's title is indexed"
    );
    assert_eq!(
        weight(page, "secretcodeword"),
        None,
        "code blocks are not indexed"
    );
    // "posting" and "posts" meet "post" (the chunks' word table gives
    // their stem: `the_files_are_…`).
    assert!(page.words().any(|(w, _)| w == "posting"));
    let f = fragment(page);
    assert_eq!(f["u"], "guide/posting/");
    assert_eq!(f["t"], "Posting safely");
    assert_eq!(f["s"], "Posting guide");
    assert_eq!(
        f["p"][1][0], "friend-requests",
        "a heading's anchor, for a link to it"
    );
    assert_eq!(f["p"][1][1], "Friend requests");
    assert!(!page.fragment().contains("secretcodeword"));
}

#[test]
fn a_page_that_opts_out_is_not_in_the_index() {
    let site = load("search");
    let made = indexes(&site, None);
    assert!(entry(&site, &made, 1, "private/").is_none());
    for (index, _) in &made {
        assert!(
            index
                .entries
                .iter()
                .all(|e| weight(e, "zebracross").is_none())
        );
    }
    assert!(
        made[1]
            .0
            .entries
            .iter()
            .all(|e| !e.fragment().contains("ebracross"))
    );
    let (files, _) = files_of(&made[1].0);
    assert!(
        files
            .iter()
            .all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("ebracross"))
    );
}

#[test]
fn editions_have_their_own_index_and_an_unchanged_page_shares_its_entry() {
    let site = load("search");
    let made = indexes(&site, None);
    let words = |v: usize| -> Vec<String> {
        made[v]
            .0
            .entries
            .iter()
            .flat_map(|e| e.words().map(|(w, _)| w.to_string()))
            .collect()
    };
    assert!(
        words(1).contains(&"newword".to_string()) && !words(1).contains(&"oldword".to_string())
    );
    assert!(
        words(0).contains(&"oldword".to_string()) && !words(0).contains(&"newword".to_string())
    );
    let newer = entry(&site, &made, 1, "guide/posting/").expect("current");
    let older = entry(&site, &made, 0, "guide/posting/").expect("2023");
    assert!(Arc::ptr_eq(newer, older), "the same page is indexed once");
    let newer = entry(&site, &made, 1, "changed/").expect("current");
    let older = entry(&site, &made, 0, "changed/").expect("2023");
    assert!(!Arc::ptr_eq(newer, older));
}

fn files_of(index: &EditionIndex) -> (Vec<(String, Vec<u8>)>, serde_json::Value) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let synonyms = [vec!["twitter".into(), "x".into()]];
    let written: Result<(), ()> = index.write_files("en", &synonyms, None, |path, bytes| {
        files.push((path, bytes));
        Ok(())
    });
    assert!(written.is_ok());
    let manifest = files
        .iter()
        .find(|(p, _)| p == "index.json")
        .map(|(_, b)| serde_json::from_slice(b).expect("JSON"))
        .expect("index.json");
    (files, manifest)
}

#[test]
fn the_files_are_a_manifest_chunks_of_postings_and_a_fragment_per_page() {
    let site = load("search");
    let made = indexes(&site, None);
    let (index, docs) = &made[1];
    let (files, manifest) = files_of(index);
    assert_eq!(manifest["pages"], docs.len());
    assert_eq!(manifest["syn"][0][1], "x");
    let chunks = manifest["chunks"].as_array().expect("chunks");
    assert_eq!(
        files.iter().filter(|(p, _)| p.starts_with("c/")).count(),
        chunks.len()
    );
    assert_eq!(index.entries.len(), docs.len());
    // "post" is in the guide's section page and the posting page: their
    // page numbers, written as gaps.
    let chunk: serde_json::Value = serde_json::from_slice(
        &files
            .iter()
            .find(|(p, _)| p == "c/0.json")
            .expect("chunk")
            .1,
    )
    .expect("JSON");
    let postings: Vec<u64> = chunk["t"]["post"]
        .as_array()
        .expect("post")
        .iter()
        .filter_map(serde_json::Value::as_u64)
        .collect();
    let mut page = 0;
    let mut pages = Vec::new();
    for pair in postings.chunks(2) {
        page += pair[0];
        pages.push(
            site.tree.docs[docs[usize::try_from(page).expect("small")]]
                .url
                .clone(),
        );
    }
    assert_eq!(pages, ["guide/", "guide/posting/"]);
    assert_eq!(chunk["w"]["posting"], "post");
}

#[test]
fn a_trusts_own_pages_are_found_and_its_hidden_pages_are_not() {
    let site = load("fork");
    let made = indexes(&site, None);
    let (index, docs) = made.last().expect("current");
    let urls: Vec<&str> = docs
        .iter()
        .map(|&id| site.tree.docs[id].url.as_str())
        .collect();
    assert!(urls.contains(&"communications-team/"), "{urls:?}");
    assert!(!urls.iter().any(|u| u.contains("myspace")), "{urls:?}");
    assert!(
        index
            .entries
            .iter()
            .all(|e| weight(e, "myspac").is_none() && weight(e, "myspace").is_none())
    );
}

/// One page of Markdown loaded as a site: the page's entry made as its
/// Markdown was rendered, and the entry made of its rendered HTML.
fn both_ways(markdown: &str) -> (Arc<Entry>, Entry) {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("site.toml", "title = \"T\"\n");
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write(
        "content/page.md",
        &format!("+++\ntitle = \"Page\"\n+++\n{markdown}"),
    );
    let site = Site::load(&BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("the page loads");
    let view = &site.views()[0];
    let id = view.tree.by_url("page/").expect("the page");
    let rendered = &view.rendered[id];
    let from_events = rendered
        .entry
        .clone()
        .expect("search made the page's entry");
    let body = crate::search::text::parts(&rendered.html);
    let from_html = super::entry(view.tree, &body, id, from_events.made_of, from_events.key);
    (from_events, from_html)
}

/// An entry as a reader meets it: its fragment (every part's anchor,
/// heading and text, white space squeezed) and its words and weights.
fn seen(entry: &Entry) -> (serde_json::Value, Vec<(&str, u32)>) {
    let mut words: Vec<(&str, u32)> = entry.words().collect();
    words.sort_unstable();
    (fragment(entry), words)
}

/// The text of a fragment's parts.
fn part_texts(entry: &Entry) -> Vec<String> {
    fragment(entry)["p"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|part| part[2].as_str().expect("text").to_string())
        .collect()
}

/// A block of Markdown: the kinds of text, markup and raw HTML a page
/// holds, words run up against markup on both sides.
fn block() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let word = prop::sample::select(vec![
        "post",
        "friend",
        "a",
        "X",
        "AT&amp;T",
        "it’s",
        "&#8217;s",
        "&lt;b&gt;",
        "café",
        "1",
    ]);
    // `{w}` stands for a word.
    let markup = prop::sample::select(vec![
        "{w}",
        "*{w}*",
        "**{w}**",
        "~~{w}~~",
        "`{w}<i>`",
        "[{w}](https://example.org/)",
        "![{w}](https://example.org/i.png)",
        "<span>{w}</span>",
        "<kbd>{w}</kbd>",
        "<br>",
        "  \n",
        "\n",
        " ",
    ]);
    let inline = (markup, word).prop_map(|(m, w)| m.replace("{w}", w));
    let line = prop::collection::vec(inline, 1..8).prop_map(|p| p.concat());
    // `{l}` stands for a line.
    let blocks = prop::sample::select(vec![
        "{l}",
        "## {l}",
        "### {l} {#own-id}",
        "- {l}\n- {l}",
        "1. {l}",
        "> {l}",
        "> [!NOTE]\n> {l}",
        "| {l} | b |\n| --- | --- |\n| c{l} | d |",
        "```\ncode {l}\n```",
        "    indented {l}",
        "<div class=\"x\">\n{l}\n</div>",
        "<nav>\n\n{l}\n\n</nav>",
        "<pre>\n{l}\n</pre>",
        "<script>\nlet {l}\n</script>",
        "<details><summary>{l}</summary>\n\n{l}\n\n</details>",
        "---",
        "- [x] done",
    ]);
    (blocks, line).prop_map(|(b, l)| b.replace("{l}", &l))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// The entry made of the text read from a page's events as its
    /// Markdown is rendered is the entry made of the HTML it renders: the
    /// same parts, anchors and text, the same words with the same weights.
    #[test]
    fn the_entry_made_while_rendering_is_the_entry_of_the_rendered_html(
        blocks in proptest::collection::vec(block(), 1..8),
    ) {
        let (from_events, from_html) = both_ways(&blocks.join("\n\n"));
        proptest::prop_assert_eq!(seen(&from_events), seen(&from_html));
    }
}

#[test]
fn an_entry_is_used_only_for_the_page_fields_it_was_made_of() {
    let fresh = load("search");
    let mut swapped = load("search");
    // Every page given another page's entry, as a rendering kept for a
    // page whose title or section has since changed would hold one.
    let rendered = &mut swapped.rendered;
    let held: Vec<usize> = (0..rendered.len())
        .filter(|&id| rendered[id].entry.is_some())
        .collect();
    assert!(held.len() >= 3, "the pages' entries were made: {held:?}");
    let first = rendered[held[0]].entry.clone();
    for pair in held.windows(2) {
        rendered[pair[0]].entry = rendered[pair[1]].entry.clone();
    }
    rendered[held[held.len() - 1]].entry = first;
    let (a, b) = (indexes(&fresh, None), indexes(&swapped, None));
    for ((a, _), (b, _)) in a.iter().zip(&b) {
        assert_eq!(a.entries.len(), b.entries.len());
        for (a, b) in a.entries.iter().zip(&b.entries) {
            assert_eq!(seen(a), seen(b));
        }
    }
}

#[test]
fn a_footnotes_number_is_not_run_into_the_word_before_it() {
    let (entry, _) = both_ways("The algorithm[^1] ends.\n\n[^1]: A note on it.\n");
    let text = part_texts(&entry);
    assert!(
        text.iter().any(|t| t.contains("The algorithm ends.")),
        "{text:?}"
    );
    assert!(text.iter().all(|t| !t.contains("algorithm1")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("A note on it.")), "{text:?}");
    assert!(entry.words().all(|(w, _)| w != "algorithm1"));
}

/// Every file under an output's `search/`, by path.
fn search_files(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).expect("inside");
            (
                rel.display().to_string(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn a_build_keeps_its_entries_and_the_next_takes_those_of_unchanged_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("site.toml", "title = \"T\"\n");
    write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    );
    write(
        "content/a.md",
        "+++\ntitle = \"Friends\"\n+++\nA patient's friend request.\n",
    );
    write(
        "content/b.md",
        "+++\ntitle = \"Posting\"\n+++\nPosting at work.\n",
    );
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let build = |name: &str| {
        let out = dir.path().join(name);
        crate::site::build(&BuildOptions {
            output: Some(out.clone()),
            ..options.clone()
        })
        .expect("the site builds");
        search_files(&out)
    };
    let kept = || {
        Site::load(&options)
            .expect("loads")
            .entries_kept
            .expect("search is on")
    };

    // Nothing kept yet: every entry is made, then kept.
    assert!(kept().missed);
    let first = build("first");
    let file = crate::search::cache::EntryCache::file(&root, "en-GB");
    assert!(file.is_file(), "{}", file.display());
    let after_first = kept();
    assert!(
        !after_first.missed,
        "every page's entry is taken from the cache"
    );
    assert_eq!(after_first.loaded, 3);
    // Taken from the cache, the index is the one made from the text.
    assert_eq!(build("second"), first);

    // A page that changed is read again; its new words are found.
    write(
        "content/a.md",
        "+++\ntitle = \"Friends\"\n+++\nSay it aloud in the canteen.\n",
    );
    assert!(kept().missed);
    let third = build("third");
    let fragments = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        files
            .iter()
            .filter(|(path, _)| path.contains("/p/"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(fragments(&third).contains("canteen"));
    assert!(!fragments(&third).contains("friend request"));
    assert!(
        !kept().missed,
        "the build kept the changed page's new entry"
    );

    // A damaged cache is no cache: the same index, and kept anew.
    let mut bytes = std::fs::read(&file).expect("read");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&file, bytes).expect("write");
    assert_eq!(build("fourth"), third);
    assert!(!kept().missed);

    // A page gone: the cache no longer holds its entry.
    std::fs::remove_file(root.join("content/b.md")).expect("remove");
    build("fifth");
    assert_eq!(kept().loaded, 2);
}
