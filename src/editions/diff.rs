//! What changed between two editions of a page, word by word, as HTML that
//! says "Added" and "Removed" in words for screen readers and marks the
//! change with more than colour for everyone else (`<ins>`/`<del>`, which
//! the theme underlines and strikes through).
//!
//! Pure: text in, pieces or HTML out. Never decides which pages to compare.

use similar::{ChangeTag, TextDiff};

use crate::html::escape;

/// A run of words that is the same in both editions, or only in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// In both editions.
    Same(&'a str),
    /// Only in the newer edition.
    Added(&'a str),
    /// Only in the older edition.
    Removed(&'a str),
}

/// The word-level differences from `old` to `new`, with neighbouring words
/// of the same kind joined into one piece. Paragraphs (lines) are compared
/// first and words only within paragraphs that changed, so a long page
/// with a few edits costs little more than reading it.
pub fn words<'a>(old: &'a str, new: &'a str) -> Vec<Piece<'a>> {
    let mut runs = Runs::default();
    let lines = TextDiff::from_lines(old, new);
    // Where line `at` starts in `all` (its end for one past the last line).
    let offset = |all: &str, line: Option<&str>| {
        line.map_or(all.len(), |l| l.as_ptr() as usize - all.as_ptr() as usize)
    };
    for op in lines.ops() {
        let (o, n) = (op.old_range(), op.new_range());
        let old_bytes = offset(old, lines.old_slice(o.start))..offset(old, lines.old_slice(o.end));
        let new_bytes = offset(new, lines.new_slice(n.start))..offset(new, lines.new_slice(n.end));
        match op.tag() {
            similar::DiffTag::Equal => runs.push(ChangeTag::Equal, false, old_bytes),
            similar::DiffTag::Delete => runs.push(ChangeTag::Delete, false, old_bytes),
            similar::DiffTag::Insert => runs.push(ChangeTag::Insert, true, new_bytes),
            similar::DiffTag::Replace => word_runs(
                &old[old_bytes.clone()],
                &new[new_bytes.clone()],
                old_bytes.start,
                new_bytes.start,
                &mut runs,
            ),
        }
    }
    runs.0
        .into_iter()
        .map(|(tag, from_new, range)| {
            let text = if from_new { &new[range] } else { &old[range] };
            match tag {
                ChangeTag::Equal => Piece::Same(text),
                ChangeTag::Insert => Piece::Added(text),
                ChangeTag::Delete => Piece::Removed(text),
            }
        })
        .collect()
}

/// Byte ranges of `old` (or of `new`, when the flag is set), joined while
/// they follow on from each other with the same tag.
#[derive(Default)]
struct Runs(Vec<(ChangeTag, bool, std::ops::Range<usize>)>);

impl Runs {
    fn push(&mut self, tag: ChangeTag, from_new: bool, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some((t, f, r)) if *t == tag && *f == from_new && r.end == range.start => {
                r.end = range.end
            }
            _ => self.0.push((tag, from_new, range)),
        }
    }
}

/// Word by word within one changed stretch; `old_at`/`new_at` are where
/// the stretch starts in the whole texts.
fn word_runs(old: &str, new: &str, mut old_at: usize, mut new_at: usize, runs: &mut Runs) {
    let diff = TextDiff::from_words(old, new);
    for change in diff.iter_all_changes() {
        let len = change.value().len();
        match change.tag() {
            ChangeTag::Equal => {
                runs.push(ChangeTag::Equal, false, old_at..old_at + len);
                old_at += len;
                new_at += len;
            }
            ChangeTag::Delete => {
                runs.push(ChangeTag::Delete, false, old_at..old_at + len);
                old_at += len;
            }
            ChangeTag::Insert => {
                runs.push(ChangeTag::Insert, true, new_at..new_at + len);
                new_at += len;
            }
        }
    }
}

/// True when two texts differ at most in spacing and line breaks: an older
/// edition's page whose text is effectively the current one's.
pub fn effectively_same(old: &str, new: &str) -> bool {
    old.split_whitespace().eq(new.split_whitespace())
}

/// The words a screen reader hears around the changes, in the language of
/// the page (the strings `changes_hidden_*`; English by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Before added words: "Added: ".
    pub added: String,
    /// Before removed words: "Removed: ".
    pub removed: String,
    /// After the "[…]" of unchanged paragraphs left out.
    pub gap: String,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels {
            added: "Added: ".into(),
            removed: "Removed: ".into(),
            gap: " Unchanged text left out.".into(),
        }
    }
}

/// The changes as HTML: unchanged words as they are, removed words in
/// `<del>` and added words in `<ins>`, each announced in words.
pub fn to_html(pieces: &[Piece<'_>], labels: &Labels) -> String {
    let mut html = String::from("<div class=\"what-changed__text\">");
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        let (tag, label, text) = match piece {
            Piece::Same(text) => {
                push_unchanged(&mut html, text, (i == 0, i == last), &labels.gap);
                continue;
            }
            Piece::Added(text) => ("ins", &labels.added, *text),
            Piece::Removed(text) => ("del", &labels.removed, *text),
        };
        html.push_str(&format!(
            "<{tag}><span class=\"visually-hidden\">{}</span>",
            escape(label)
        ));
        html.push_str(&escape(text).replace('\n', "<br>\n"));
        html.push_str(&format!("</{tag}>"));
    }
    html.push_str("</div>");
    html
}

/// Unchanged text: only the paragraphs a change is in. Whole paragraphs
/// between changes, and before the first and after the last, are left out
/// (the page itself is right above), and the gap is said in words.
fn push_unchanged(html: &mut String, text: &str, (first, last): (bool, bool), gap: &str) {
    let head_end = if first {
        0
    } else {
        text.find("\n\n").map_or(text.len(), |i| i + 2)
    };
    let tail_start = if last {
        text.len()
    } else {
        text.rfind("\n\n").map_or(0, |i| i + 2)
    };
    let push = |html: &mut String, part: &str| html.push_str(&escape(part).replace('\n', "<br>\n"));
    if head_end >= tail_start {
        push(html, text);
        return;
    }
    push(html, &text[..head_end]);
    html.push_str(&format!(
        "<span class=\"what-changed__gap\">[…]<span class=\"visually-hidden\">{}</span></span><br>\n<br>\n",
        escape(gap)
    ));
    push(html, &text[tail_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_grouped_by_kind() {
        let pieces = words(
            "Use a Facebook page for your trust.",
            "Use a Facebook page for the whole trust.",
        );
        assert_eq!(
            pieces,
            [
                Piece::Same("Use a Facebook page for "),
                Piece::Removed("your"),
                Piece::Added("the whole"),
                Piece::Same(" trust."),
            ]
        );
    }

    #[test]
    fn html_says_added_and_removed_in_words_and_escapes_text() {
        let html = to_html(&words("Tweet <now>", "Post <now>"), &Labels::default());
        assert_eq!(
            html,
            "<div class=\"what-changed__text\"><del><span class=\"visually-hidden\">Removed: </span>Tweet</del>\
             <ins><span class=\"visually-hidden\">Added: </span>Post</ins> &lt;now&gt;</div>"
        );
    }

    #[test]
    fn paragraphs_are_matched_before_words() {
        let old = "Keep this.\n\nPost on Twitter.\n\nGone now.\n";
        let new = "Keep this.\n\nPost on X.\n\nA new paragraph.\n";
        let pieces = words(old, new);
        let (mut before, mut after) = (String::new(), String::new());
        for piece in &pieces {
            match piece {
                Piece::Removed(t) => before.push_str(t),
                Piece::Added(t) => after.push_str(t),
                Piece::Same(t) => {
                    before.push_str(t);
                    after.push_str(t);
                }
            }
        }
        // Nothing is lost or invented, and the unchanged paragraph and the
        // unchanged words of the changed one stay unmarked.
        assert_eq!((before.as_str(), after.as_str()), (old, new));
        assert_eq!(pieces[0], Piece::Same("Keep this.\n\nPost on "));
        assert_eq!(pieces[1], Piece::Removed("Twitter."));
        assert_eq!(pieces[2], Piece::Added("X."));
    }

    #[test]
    fn unchanged_paragraphs_away_from_changes_are_left_out() {
        let old = "One.\n\nTwo.\n\nThree old.\n\nFour.\n\nFive.";
        let new = "One.\n\nTwo.\n\nThree new.\n\nFour.\n\nFive.";
        let html = to_html(&words(old, new), &Labels::default());
        assert!(html.contains("Three <del>"), "{html}");
        for gone in ["One.", "Two.", "Four.", "Five."] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert_eq!(
            html.matches("Unchanged text left out.").count(),
            2,
            "{html}"
        );
    }

    #[test]
    fn spacing_alone_is_effectively_the_same() {
        assert!(effectively_same("One  two\nthree", "One two three\n"));
        assert!(!effectively_same("One two", "One too"));
    }
}
