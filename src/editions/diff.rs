//! What changed between two editions of a page, word by word, as HTML that
//! says "Added" and "Removed" in words for screen readers and marks the
//! change with more than colour for everyone else (`<ins>`/`<del>`, which
//! the theme underlines and strikes through).
//!
//! Pure: text in, pieces or HTML out. Never decides which pages to compare.

use similar::{ChangeTag, TextDiff};

use crate::markdown::highlight::escape;

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
/// of the same kind joined into one piece.
pub fn words<'a>(old: &'a str, new: &'a str) -> Vec<Piece<'a>> {
    let diff = TextDiff::from_words(old, new);
    let mut pieces: Vec<(ChangeTag, usize, usize, bool)> = Vec::new();
    // Join runs by their byte ranges in the side they come from.
    let (mut old_at, mut new_at) = (0usize, 0usize);
    for change in diff.iter_all_changes() {
        let len = change.value().len();
        let (from_new, start) = match change.tag() {
            ChangeTag::Insert => (true, new_at),
            ChangeTag::Delete | ChangeTag::Equal => (false, old_at),
        };
        match change.tag() {
            ChangeTag::Equal => {
                old_at += len;
                new_at += len;
            }
            ChangeTag::Delete => old_at += len,
            ChangeTag::Insert => new_at += len,
        }
        match pieces.last_mut() {
            Some((tag, _, end, _)) if *tag == change.tag() => *end += len,
            _ => pieces.push((change.tag(), start, start + len, from_new)),
        }
    }
    pieces
        .into_iter()
        .map(|(tag, start, end, from_new)| {
            let text = if from_new {
                &new[start..end]
            } else {
                &old[start..end]
            };
            match tag {
                ChangeTag::Equal => Piece::Same(text),
                ChangeTag::Insert => Piece::Added(text),
                ChangeTag::Delete => Piece::Removed(text),
            }
        })
        .collect()
}

/// True when two texts differ at most in spacing and line breaks: an older
/// edition's page whose text is effectively the current one's.
pub fn effectively_same(old: &str, new: &str) -> bool {
    old.split_whitespace().eq(new.split_whitespace())
}

/// The changes as HTML: unchanged words as they are, removed words in
/// `<del>` and added words in `<ins>`, each announced in words.
pub fn to_html(pieces: &[Piece<'_>]) -> String {
    let mut html = String::from("<div class=\"what-changed__text\">");
    for piece in pieces {
        let (open, close, text) = match piece {
            Piece::Same(text) => ("", "", *text),
            Piece::Added(text) => (
                "<ins><span class=\"visually-hidden\">Added: </span>",
                "</ins>",
                *text,
            ),
            Piece::Removed(text) => (
                "<del><span class=\"visually-hidden\">Removed: </span>",
                "</del>",
                *text,
            ),
        };
        html.push_str(open);
        html.push_str(&escape(text).replace('\n', "<br>\n"));
        html.push_str(close);
    }
    html.push_str("</div>");
    html
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
        let html = to_html(&words("Tweet <now>", "Post <now>"));
        assert_eq!(
            html,
            "<div class=\"what-changed__text\"><del><span class=\"visually-hidden\">Removed: </span>Tweet</del>\
             <ins><span class=\"visually-hidden\">Added: </span>Post</ins> &lt;now&gt;</div>"
        );
    }

    #[test]
    fn spacing_alone_is_effectively_the_same() {
        assert!(effectively_same("One  two\nthree", "One two three\n"));
        assert!(!effectively_same("One two", "One too"));
    }
}
