//! HTML escaping for text canteen writes into pages itself (headings' ids,
//! highlighted code, redirects, the sitemap, word diffs): the same five
//! characters Tera's autoescaping escapes, so a page filled in without
//! Tera reads exactly as one Tera rendered.

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

#[cfg(test)]
mod tests {
    use super::*;

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
