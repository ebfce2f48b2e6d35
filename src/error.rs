//! Errors that stop a run, each naming where the problem is and what was expected.
//!
//! A finding is not an error: findings are part of the result and go into the
//! workbook. An [`Error`] means velho could not do its job and wrote nothing.

use std::fmt;
use std::path::PathBuf;

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

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        Ok(())
    }
}

/// Why a run could not be done.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The project file is missing, malformed or inconsistent.
    #[error("project file {file}: {message}")]
    Config {
        /// The project file's path.
        file: PathBuf,
        /// What is wrong, naming the key and what was expected.
        message: String,
    },
    /// An input file could not be read as a ledger.
    #[error("{location}: {message}")]
    Input {
        /// Where.
        location: Location,
        /// What was found and what was expected.
        message: String,
    },
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The output could not be written; nothing was left behind.
    #[error("could not write {path}: {message}")]
    Output {
        /// The intended output file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Arithmetic went beyond what a money amount can hold.
    #[error("amount overflow while computing {what}")]
    Overflow {
        /// The figure being computed.
        what: String,
    },
}

impl Error {
    /// An input error at a location.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
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
