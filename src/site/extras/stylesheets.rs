//! The stylesheets canteen generates: code highlighting (`css/syntax.css`)
//! and the brand's colours (`css/brand.css`, from `[brand.colours]`); on a
//! site with `[languages]`, the language link's (`css/languages.css`).

use super::{Extra, Render};
use crate::error::Error;
use crate::output::Sink;

/// `css/syntax.css` and `css/brand.css`.
pub struct Stylesheets;

impl Extra for Stylesheets {
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("css/syntax.css", "the code highlighting stylesheet"),
            ("css/brand.css", "the brand stylesheet"),
            ("css/languages.css", "the language link's stylesheet"),
        ]
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        // Every language's pages use the default language's stylesheets.
        if crate::site::languages::is_translation(&cx.site.config) {
            return Ok(());
        }
        sink.put(
            "css/syntax.css",
            crate::markdown::highlight::stylesheet().into_bytes(),
        )?;
        let palette = cx.site.config.brand.colours.palette();
        sink.put(
            "css/brand.css",
            crate::brand::css::stylesheet(&palette).into_bytes(),
        )?;
        if cx.site.languages.is_some()
            && let Some(css) = crate::builtin::file("languages.css")
        {
            sink.put("css/languages.css", css.to_vec())?;
        }
        Ok(())
    }
}
