//! Errors that stop a run, each naming where the problem is and what was expected.
//!
//! A finding is not an error: findings are part of the result and go into the
//! workbook. An [`Error`] means velho could not do its job and wrote nothing.

use std::fmt;
use std::path::PathBuf;

use crate::text::{Lang, Message};

/// `eprintln!` that ignores a failed write: a closed or full stderr (`2>&1 |
/// head`, `2>/dev/full`) must not panic a run whose work is done or still to do.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that ignores a failed write (see [`say!`]).
#[macro_export]
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// Exit status: done.
pub const EXIT_OK: i32 = 0;
/// Exit status: done, but `--strict` and error-level findings exist.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: could not run; nothing was written.
pub const EXIT_FAILED: i32 = 2;

/// Where in an input a problem was found: file, and where known sheet, row and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, as the user named it (relative to the project folder where possible).
    pub file: String,
    /// The sheet of a spreadsheet file.
    pub sheet: Option<String>,
    /// The 1-based row (line of a CSV file, row of a sheet).
    pub row: Option<u64>,
    /// The column, by its header name or letter.
    pub column: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    /// The same location at another row.
    pub fn at_row(&self, row: u64) -> Self {
        Location {
            row: Some(row),
            ..self.clone()
        }
    }

    /// The same location at another column.
    pub fn at_column(&self, column: impl Into<String>) -> Self {
        Location {
            column: Some(column.into()),
            ..self.clone()
        }
    }
}

impl Location {
    /// The location as the user reads it, in a language: the file, then
    /// the sheet, row and column where known.
    pub fn describe(&self, lang: Lang) -> String {
        let mut text = self.file.clone();
        if let Some(sheet) = &self.sheet {
            text.push_str(", ");
            text.push_str(&lang.fill("error.sheet", &[("sheet", sheet)]));
        }
        if let Some(row) = self.row {
            text.push_str(", ");
            text.push_str(&lang.fill("error.row", &[("row", &row)]));
        }
        if let Some(column) = &self.column {
            text.push_str(", ");
            text.push_str(&lang.fill("error.column", &[("column", column)]));
        }
        text
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

/// Why a run could not be done. Shown in English ([`fmt::Display`]), or
/// in a language by [`Error::describe`]; a command that has read the
/// project file says its errors in the run's language
/// ([`Error::in_language`]).
#[derive(Debug)]
pub enum Error {
    /// The project file is missing, malformed or inconsistent.
    Config {
        /// The project file's path.
        file: PathBuf,
        /// What is wrong, naming the key and what was expected.
        message: Message,
    },
    /// An input file could not be read as a ledger.
    Input {
        /// Where.
        location: Location,
        /// What was found and what was expected.
        message: Message,
    },
    /// A file could not be opened, read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The output could not be written; nothing was left behind.
    Output {
        /// The intended output file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Arithmetic went beyond what a money amount can hold.
    Overflow {
        /// The figure being computed.
        what: String,
    },
    /// An error to be said in a language: the run's, once the project file
    /// has been read.
    InLanguage {
        /// The language.
        lang: Lang,
        /// The error.
        error: Box<Error>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InLanguage { lang, error } => f.write_str(&error.describe(*lang)),
            other => f.write_str(&other.describe(Lang::En)),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::InLanguage { error, .. } => error.source(),
            _ => None,
        }
    }
}

impl Error {
    /// The error as the user reads it, in a language. The messages of the
    /// errors found before the project file is read (in the project file,
    /// the inputs) are English; the frame around them follows `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Error::Config { file, message } => lang.fill(
                "error.project_file",
                &[("file", &file.display()), ("message", &message.say(lang))],
            ),
            Error::Input { location, message } => {
                format!("{}: {}", location.describe(lang), message.say(lang))
            }
            Error::Io { path, source } => format!("{}: {source}", path.display()),
            Error::Output { path, message } => lang.fill(
                "error.could_not_write",
                &[("path", &path.display()), ("message", message)],
            ),
            Error::Overflow { what } => lang.fill("error.overflow", &[("what", what)]),
            Error::InLanguage { error, .. } => error.describe(lang),
        }
    }

    /// The error, to be said in `lang` (the run's language).
    pub fn in_language(self, lang: Lang) -> Error {
        match self {
            Error::InLanguage { error, .. } => Error::InLanguage { lang, error },
            error => Error::InLanguage {
                lang,
                error: Box::new(error),
            },
        }
    }

    /// The error itself, whatever language it is to be said in.
    pub fn inner(&self) -> &Error {
        match self {
            Error::InLanguage { error, .. } => error.inner(),
            error => error,
        }
    }

    /// An input error at a location.
    pub fn input(location: Location, message: impl Into<Message>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// An I/O error on a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The result type of velho's fallible operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_said_in_the_runs_language() {
        let error = Error::Output {
            path: "c.xlsx".into(),
            message: "m".into(),
        };
        assert_eq!(error.to_string(), "could not write c.xlsx: m");
        let finnish = error.in_language(Lang::Fi);
        assert_eq!(
            finnish.to_string(),
            "tiedostoa c.xlsx ei voitu kirjoittaa: m"
        );
        assert!(matches!(finnish.inner(), Error::Output { .. }));
        let at = Location::file("a.xlsx").at_row(3).at_column("Summa");
        assert_eq!(at.describe(Lang::Fi), "a.xlsx, rivi 3, sarake \"Summa\"");
        assert_eq!(at.to_string(), "a.xlsx, row 3, column \"Summa\"");
    }
}
