//! Ledger import: accounting exports (CSV and spreadsheets) → the project's
//! typed ledger rows, each with its source, and per-file counts.
//!
//! Only this module reads input files. Rows of other projects are counted
//! (and their amounts added to the file's control total) but not kept, so the
//! memory held is the project's rows, not the organisation's ledger.

pub mod claim;
mod columns;
mod csv;
pub mod decision;
mod rows;
mod sheet;

use std::path::Path;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

pub use columns::{Columns, Role, normalise_header};
pub use rows::Cell;

use crate::config::RowFilter;
use crate::error::{Error, Location, Result};
use crate::model::LedgerRow;

/// A totals row an export printed itself ("Yhteensä"), used as a control total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlTotal {
    /// The row it stands on.
    pub row: u32,
    /// The amount the export states (debit − credit).
    pub stated: Decimal,
    /// The sum of the data rows above it, as velho read them.
    pub computed: Decimal,
}

/// An amount that had parts smaller than a cent and was rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundedAmount {
    /// The row.
    pub row: u32,
    /// The amount as the file gave it.
    pub original: Decimal,
}

/// One ledger export as read: how it was read, what it held, and the project's rows.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    /// The path as shown to the user (relative to the project folder).
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// How the file was read: format, encoding, delimiter, decimal mark.
    pub format: String,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// The 1-based row (line) of the header.
    pub header_row: u32,
    /// Which column plays which role.
    pub columns: String,
    /// Rows below the header (blank rows not counted).
    pub rows_read: u64,
    /// Totals and subtotal rows (skipped; used as control totals).
    pub totals_rows: u64,
    /// Repeated header rows (skipped).
    pub header_rows: u64,
    /// Rows of other cost centres or projects (counted, not kept).
    pub other_rows: u64,
    /// The sum of every posting in the file, all projects.
    pub all_rows_total: Decimal,
    /// The export's own totals rows.
    pub control_totals: Vec<ControlTotal>,
    /// Amounts rounded to the cent on import.
    pub rounded: Vec<RoundedAmount>,
    /// The project's rows, in file order.
    pub rows: Vec<LedgerRow>,
}

/// Reads one ledger export. `index` is the file's place in the run's list and
/// goes into every row's [`SourceRef`](crate::model::SourceRef).
pub fn read_ledger(
    path: &Path,
    shown_as: &str,
    index: u32,
    filter: &RowFilter,
) -> Result<LedgerFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let location = Location::file(shown_as);
    if bytes.is_empty() {
        return Err(Error::input(
            location,
            "the file is empty (0 bytes); export the ledger again",
        ));
    }
    let sha256 = sha256_hex(&bytes);
    let context = rows::FileContext {
        location,
        index,
        filter,
    };
    let mut file = if sheet::is_spreadsheet(&bytes) {
        sheet::read(bytes, &context)?
    } else {
        csv::read(&bytes, &context)?
    };
    file.path = shown_as.to_string();
    file.sha256 = sha256;
    Ok(file)
}

/// SHA-256 of bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
