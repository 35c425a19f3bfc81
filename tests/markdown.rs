//! Markdown features, heading ids and the table of contents, highlighting,
//! and links rewritten to page URLs.

mod support;

use support::TestSite;

fn features() -> (support::Built, String) {
    let built = TestSite::new("markdown").build().expect("builds");
    let content = built.part("features/", "content");
    (built, content)
}

#[test]
fn tables_scroll_and_are_labelled_by_their_heading() {
    let (_, html) = features();
    assert!(html.contains("<div class=\"table-wrapper\" tabindex=\"0\" role=\"region\" aria-label=\"Table: Tables\">\n<table>"), "{html}");
}

#[test]
fn footnotes_strikethrough_task_lists_and_smart_punctuation() {
    let (_, html) = features();
    assert!(html.contains("class=\"footnote-reference\""), "{html}");
    assert!(html.contains("<del>Old</del>"));
    assert!(
        html.contains(
            "<li><input type=\"checkbox\" disabled checked aria-label=\"Done\"> done</li>"
        ) && html.contains("<input type=\"checkbox\" disabled aria-label=\"To do\">"),
        "{html}"
    );
    assert!(html.contains("“quoted” – dashed…"), "{html}");
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let (_, html) = features();
    assert!(
        html.contains(
            "<h2 id=\"tables\"><a class=\"heading-anchor\" href=\"#tables\">Tables</a></h2>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"tables-1\">"),
        "the second `Tables` heading gets a unique id"
    );
    assert!(
        html.contains("<h2 id=\"my-id\">"),
        "heading attributes set the id"
    );
}

#[test]
fn toc_and_summary_reach_templates() {
    let (built, _) = features();
    assert_eq!(
        built.part("features/", "toc"),
        "[2:tables:Tables][2:footnotes-and-more:Footnotes and more][2:my-id:Custom id(nested)][2:tables-1:Tables]"
    );
    assert_eq!(
        built.part("features/", "summary"),
        "<p>First paragraph is the summary.</p>\n"
    );
}

#[test]
fn callouts_render_with_a_label_not_colour_alone() {
    let (_, html) = features();
    assert!(html.contains("<div class=\"callout callout--note\" role=\"note\"><p class=\"callout__label\">Note</p>\n<p>Check your privacy settings.</p>\n</div>"), "{html}");
    assert!(html.contains("callout--warning"));
}

#[test]
fn code_is_highlighted_into_classes_and_never_interpreted() {
    let (built, html) = features();
    assert!(
        html.contains(
            "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"
        ),
        "{html}"
    );
    assert!(html.contains("<pre class=\"code\" data-lang=\"nosuchlanguage\"><code>&lt;b&gt;{{placeholder}}&lt;/b&gt;\n</code></pre>"), "unknown language is plain: {html}");
    assert!(html.contains("<code>{{placeholder}}</code> stays"));
    assert!(built.file("css/syntax.css").contains(".hl-comment"));
}

#[test]
fn links_to_markdown_files_become_page_urls() {
    let built = TestSite::new("links").build().expect("builds");
    let html = built.part("guide/start/", "content");
    for expected in [
        "<a href=\"/platforms/facebook/\">relative</a>",
        "<a href=\"/platforms/facebook/\">root-relative</a>",
        "<a href=\"/platforms/facebook/#pages-versus-profiles\">with anchor</a>",
        "<a href=\"/platforms/facebook/#pages-versus-profiles\">reference style</a>",
        "<a href=\"/platforms/\">section</a>",
        "<a href=\"/platforms/facebook/\">by url</a>",
        "<a href=\"#here\">same page</a>",
        "<a href=\"/images/chart.png\">image file</a>",
        "<a href=\"https://www.nhs.uk/\">external</a>",
        "<a href=\"mailto:someone@example.org\">mail</a>",
    ] {
        assert!(html.contains(expected), "{expected}\nin\n{html}");
    }
}

#[test]
fn links_follow_the_base_path() {
    let built = TestSite::new("links")
        .build_with(|o| o.base_url = Some("https://example.org/toolkit/".into()))
        .expect("builds");
    assert!(
        built
            .part("guide/start/", "content")
            .contains("<a href=\"/toolkit/platforms/facebook/\">relative</a>")
    );
}

#[test]
fn broken_links_anchors_and_files_are_errors_at_file_line_column() {
    let text = TestSite::new("broken-links").build_err();
    assert!(text.contains("error: the link `platforms/facebok.md` points to `platforms/facebok.md`, but there is no such page\n --> content/guide.md:4:16"), "{text}");
    assert!(
        text.contains(
            "help: No page `platforms/facebok.md`; did you mean `platforms/facebook.md`?"
        ),
        "{text}"
    );
    assert!(text.contains("error: `platforms/facebook.md` has no heading with the id `#pages-vs-profiles`\n --> content/guide.md:6:19"), "{text}");
    assert!(
        text.contains("help: did you mean `#pages-versus-profiles`?"),
        "{text}"
    );
    assert!(text.contains("error: the link `/images/missing.png` points to `images/missing.png`, but there is no page or file there\n --> content/guide.md:8:16"), "{text}");
    assert!(
        text.contains("build failed: 3 errors; nothing was written"),
        "{text}"
    );
}
