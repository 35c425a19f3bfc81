//! The prose of a page, as the content lint reads it: each block
//! (paragraph, heading, list item, table cell) as plain text, with where
//! each part of it came from in the file. Code, raw HTML, addresses of
//! autolinks and front matter are never part of it; inline code stands as
//! one [`CODE`] character, so words either side of it never join.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// Stands for an inline code span in a block's text.
pub const CODE: char = '\u{FFFC}';

/// A part of a block's text and where it is in the file.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where it starts in the block's text.
    at: usize,
    /// Where it starts in the file.
    source: usize,
    /// True when the text is the file's bytes as they are (no escapes or
    /// entities), so positions inside it are exact.
    verbatim: bool,
    /// True inside a link's text.
    link: bool,
}

/// One block of prose.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Its text; soft and hard line breaks are spaces.
    pub text: String,
    pieces: Vec<Piece>,
    /// True for a heading, list item or table cell: a sentence of its own.
    pub short: bool,
}

impl Block {
    fn piece(&self, at: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.at <= at);
        i.checked_sub(1).map(|i| &self.pieces[i])
    }

    /// Where the byte `at` of the text is in the file.
    pub fn source(&self, at: usize) -> usize {
        match self.piece(at) {
            Some(p) if p.verbatim => p.source + (at - p.at),
            Some(p) => p.source,
            None => 0,
        }
    }

    /// True when the byte `at` of the text is inside a link's text.
    pub fn in_link(&self, at: usize) -> bool {
        self.piece(at).is_some_and(|p| p.link)
    }

    fn push(&mut self, text: &str, source: usize, verbatim: bool, link: bool) {
        self.pieces.push(Piece {
            at: self.text.len(),
            source,
            verbatim,
            link,
        });
        self.text.push_str(text);
    }
}

/// The prose blocks of a page's events; `source` is the whole file and
/// `base` where the Markdown body starts in it.
pub fn blocks(events: &[(Event<'_>, Range<usize>)], source: &str, base: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    let mut code_block = 0usize;
    let mut links: Vec<bool> = Vec::new();
    let finish = |current: &mut Block, blocks: &mut Vec<Block>, short: bool| {
        let mut block = std::mem::take(current);
        if !block.text.trim().is_empty() {
            block.short = short;
            blocks.push(block);
        }
    };
    for (event, range) in events {
        let at = base + range.start;
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_block += 1,
            Event::End(TagEnd::CodeBlock) => code_block = code_block.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Text(text) if code_block == 0 => {
                if links.last() == Some(&true) {
                    continue;
                }
                let verbatim = source.get(at..at + text.len()) == Some(text.as_ref());
                current.push(text, at, verbatim, !links.is_empty());
            }
            Event::Code(_) => current.push(&format!(" {CODE} "), at, false, !links.is_empty()),
            Event::SoftBreak | Event::HardBreak => current.push(" ", at, false, false),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph) => finish(&mut current, &mut blocks, false),
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                finish(&mut current, &mut blocks, true)
            }
            _ => {}
        }
    }
    finish(&mut current, &mut blocks, false);
    blocks
}

/// A word of a block, as the rules read it: whitespace-separated, with
/// quotes, brackets and sentence punctuation trimmed off both ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'a> {
    /// Where it starts in the block's text.
    pub at: usize,
    /// The word.
    pub text: &'a str,
    /// True when sentence punctuation (`.`, `!`, `?`) followed it.
    pub ends_sentence: bool,
}

impl Word<'_> {
    /// True for an address or an email address, which no rule reads.
    pub fn is_address(&self) -> bool {
        self.text.contains("://")
            || self.text.starts_with("www.")
            || (self.text.contains('@') && self.text.contains('.'))
    }
}

/// Quotes, brackets and punctuation trimmed off a word's ends.
fn edge(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | ';'
            | '!'
            | '?'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '*'
            | '_'
            | '.'
            | ':'
            | '…'
            | CODE
    )
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut push = |from: usize, to: usize| {
        let raw = &text[from..to];
        let trimmed = raw.trim_start_matches(edge);
        let lead = raw.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(edge);
        if trimmed.is_empty() {
            return;
        }
        let tail = &raw[lead + trimmed.len()..];
        out.push(Word {
            at: from + lead,
            text: trimmed,
            ends_sentence: tail.bytes().any(|b| matches!(b, b'.' | b'!' | b'?')),
        });
    };
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(s, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, text.len());
    }
    out
}

/// True when `word` is `lower` (an ASCII lower-case word) in any case, as
/// `word.to_lowercase() == lower` says but without allocating for the
/// usual ASCII word.
pub fn is(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.to_lowercase() == lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn page(markdown: &str) -> Vec<Block> {
        let events: Vec<_> = Parser::new_ext(
            markdown,
            crate::markdown::parser_options(&Default::default()),
        )
        .into_offset_iter()
        .collect();
        blocks(&events, markdown, 0)
    }

    #[test]
    fn code_and_addresses_are_not_prose_and_positions_are_the_files() {
        let md = "Open `x` on\n1 Jan, see <https://a.example>.\n\n```\n09:00\n```\n";
        let blocks = page(md);
        assert_eq!(blocks.len(), 1);
        let text = &blocks[0].text;
        assert!(!text.contains("09:00") && !text.contains("https"), "{text}");
        let jan = text.find("Jan").expect("Jan");
        assert_eq!(blocks[0].source(jan), md.find("Jan").expect("in the file"));
    }

    #[test]
    fn words_lose_their_punctuation_but_keep_inner_marks() {
        let w: Vec<&str> = words("(9.00am), “1st” 1–5.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["9.00am", "1st", "1–5"]);
    }
}
