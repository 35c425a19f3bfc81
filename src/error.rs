//! The one error type a build can end with, and how it is shown.

use std::fmt;

use crate::diagnostics::Diagnostic;
use crate::fs::FsError;

/// Why a command failed. Every variant names the file involved.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io(FsError),
    /// `site.toml` is missing or wrong.
    Config(Diagnostic),
    /// One or more content, data or template files are wrong; all are listed.
    Content(Vec<Diagnostic>),
    /// The output directory cannot be used (it would destroy something).
    Output(String),
    /// The dev server could not start (port taken, watcher unavailable).
    Serve(String),
    /// A command-line value cannot be used (exit code 2).
    Usage(String),
}

impl Error {
    /// The diagnostics carried, for the terminal or the dev server's overlay.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Config(d) => vec![d.clone()],
            Error::Content(ds) => ds.clone(),
            Error::Io(e) => vec![Diagnostic::file(e.path.clone(), e.to_string())],
            // About the site as a whole: paths in diagnostics are relative
            // to the site root, so `.` is the site itself (never an empty path).
            Error::Output(message) | Error::Serve(message) | Error::Usage(message) => {
                vec![Diagnostic::file(".", message.clone())]
            }
        }
    }

    /// Renders every diagnostic as rustc-style text, and a count line.
    pub fn render(&self, renderer: &annotate_snippets::Renderer) -> String {
        match self {
            Error::Config(d) => d.render(renderer),
            Error::Content(ds) => {
                let mut text: Vec<String> = ds.iter().map(|d| d.render(renderer)).collect();
                let noun = if ds.len() == 1 { "error" } else { "errors" };
                text.push(format!(
                    "build failed: {} {noun}; nothing was written",
                    ds.len()
                ));
                text.join("\n\n")
            }
            Error::Io(e) => prefixed(&e.to_string()),
            Error::Output(message) | Error::Serve(message) | Error::Usage(message) => {
                prefixed(message)
            }
        }
    }
}

/// `error: ` and the message, once: some messages (Tera's) carry their own.
fn prefixed(message: &str) -> String {
    format!(
        "error: {}",
        message.strip_prefix("error: ").unwrap_or(message)
    )
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&annotate_snippets::Renderer::plain()))
    }
}

impl std::error::Error for Error {}

impl From<FsError> for Error {
    fn from(e: FsError) -> Self {
        Error::Io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_with_its_own_prefix_is_not_prefixed_twice() {
        let e = Error::Serve("error: Template 'x' not found".into());
        assert_eq!(e.to_string(), "error: Template 'x' not found");
        let e = Error::Output("the output path is a file".into());
        assert_eq!(e.to_string(), "error: the output path is a file");
    }
}
