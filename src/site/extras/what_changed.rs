//! Each edition's "what changed" page (`what-changed/`, `2013/what-changed/`):
//! the pages added, removed and changed since the edition before, rendered
//! with `what-changed.html`.

use super::{Extra, Render, Shape};
use crate::content::address::{self, WHAT_CHANGED};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::output::Sink;
use crate::output::claims::{Claims, Origin};
use crate::render::context::ContextBuilder;

/// Every edition's "what changed" page but the oldest's.
pub struct WhatChanged;

impl Extra for WhatChanged {
    fn claim<'a>(&self, shape: &Shape<'a, '_>, claims: &mut Claims<'a>) {
        for edition in shape.editions.iter().skip(1) {
            if let Some(info) = edition.info {
                let path = format!("{}{}", edition.prefix, address::file_of(WHAT_CHANGED));
                claims.claim(path, Origin::WhatChanged(&info.label), shape.config);
            }
        }
    }

    fn render(&self, cx: &Render<'_>, sink: &dyn Sink) -> Result<(), Error> {
        for builder in cx.builders {
            if builder.editions.has_what_changed(builder.view) {
                render_one(cx, builder, sink)?;
            }
        }
        Ok(())
    }
}

/// One edition's page.
fn render_one(cx: &Render<'_>, builder: &ContextBuilder<'_>, sink: &dyn Sink) -> Result<(), Error> {
    let Some(changes) = builder.what_changed() else {
        return Ok(());
    };
    let site = cx.site;
    if !site.templates.has("what-changed.html") {
        let config = crate::config::Config::file(&site.paths.root);
        let text = crate::fs::read_to_string(&site.paths.root.join(&config))?;
        return Err(Error::Content(vec![
            crate::config::at_edition_id(
                (&config, &text),
                1,
                "this site has earlier editions, but its theme has no `what-changed.html` template".into(),
            )
            .with_hint("copy themes/nhs/templates/what-changed.html from canteen into templates/ (docs/templates.md lists its variables)"),
        ]));
    }
    let info = builder.editions.views[builder.view].info;
    let label = info.map_or("", |i| i.label.as_str());
    // The theme's words, in the page's language; a theme without strings
    // files gets the English ones.
    let title = site
        .templates
        .string("what_changed_title")
        .unwrap_or_else(|| "What changed in the {label}".to_string())
        .replace("{label}", label);
    let description = site
        .templates
        .string("what_changed_description")
        .unwrap_or_else(|| {
            "Pages added, removed and changed in the {label} of {title}.".to_string()
        })
        .replace("{label}", label)
        .replace("{title}", &site.config.title);
    let page = builder.generated(&title, &description, WHAT_CHANGED);
    let editions_list = builder.switcher_generated(true);
    let url = format!("{}{}", builder.base_path, WHAT_CHANGED);
    let html = site
        .templates
        .render_special(
            "what-changed.html",
            &cx.globals[builder.view],
            &url,
            &[
                ("page", tera::Value::from_serializable(&page)),
                ("changes", tera::Value::from_serializable(&changes)),
                ("editions", tera::Value::from_serializable(&editions_list)),
            ],
        )
        .map_err(|d: Diagnostic| Error::Content(vec![d]))?;
    sink.put(
        &format!("{}{}", builder.prefix(), address::file_of(WHAT_CHANGED)),
        html.into_bytes(),
    )?;
    Ok(())
}
