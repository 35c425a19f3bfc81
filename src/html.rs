//! HTML escaping for text canteen writes into pages itself (headings' ids,
//! highlighted code, redirects, the sitemap, word diffs): the same five
//! characters Tera's autoescaping escapes, so a page filled in without
//! Tera reads exactly as one Tera rendered. And the other way: the text of
//! HTML someone wrote, its character references decoded (`unescape`).

/// HTML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` as written in HTML, with its character references decoded:
/// every named one (`&amp;`, `&nbsp;`, `&eacute;`) and numeric ones
/// (`&#47;`, `&#x2F;`). A reference without its closing `;`, or one HTML
/// does not define, is left as written, as in an address's query
/// (`?a=1&copy=2`).
pub fn unescape(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_are_decoded_and_anything_else_is_left_as_written() {
        assert_eq!(unescape("Terms &amp; conditions"), "Terms & conditions");
        assert_eq!(unescape("Read&nbsp;more"), "Read\u{a0}more");
        assert_eq!(unescape("&#47;a&#x2F;b&#X2f;"), "/a/b/");
        assert_eq!(unescape("caf&eacute;"), "café");
        assert_eq!(unescape("?a=1&copy=2&b"), "?a=1&copy=2&b");
        assert_eq!(unescape("&nosuch; & &;"), "&nosuch; & &;");
        assert_eq!(unescape("no references"), "no references");
    }

    /// Redirect pages filled in without Tera escape their target with
    /// `escape`, which must be what Tera's autoescaping writes.
    #[test]
    fn redirect_targets_are_escaped_as_tera_escapes_them() {
        let mut tera = tera::Tera::new();
        tera.add_raw_template("redirect.html", "{{ redirect_to }}")
            .expect("template");
        let target = "/a'b&c\"d<e>/";
        let mut context = tera::Context::new();
        context.insert("redirect_to", target);
        let rendered = tera.render("redirect.html", &context).expect("render");
        assert_eq!(escape(target), rendered);
        assert_ne!(rendered, target);
    }
}
