//! `404.html`: the page a web server shows for an address the site does
//! not have, rendered with the current edition's navigation.

use super::{Extra, Render};
use crate::error::Error;
use crate::output::Sink;

/// The "page not found" page.
pub struct NotFound;

impl Extra for NotFound {
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[("404.html", "the \"page not found\" page")]
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        let html = cx
            .site
            .templates
            .render_special("404.html", &cx.globals[cx.current()], cx.site_base(), &[])
            .map_err(|d| Error::Content(vec![d]))?;
        sink.put("404.html", html.into_bytes())?;
        Ok(())
    }
}
