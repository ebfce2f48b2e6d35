//! A small text export read whole as a table of text cells (a payroll
//! report, a working-time record: issue 13), with the ledger's own
//! machinery: the encoding settled the same way (BOM, UTF-8, Windows-1252,
//! UTF-16), the delimiter chosen by where a header row appears, true line
//! numbers, and the quotes checked.

use std::borrow::Cow;

use super::encoding::{mixed_encodings, settle_encoding};
use super::{Body, DELIMITERS, Records, Source, hash_and_check_quotes, io_error};
use crate::config::{ImportOptions, RowFilter};
use crate::error::{Error, Location, Result};
use crate::import::rows::{Cell, FileContext, HEADER_SEARCH_ROWS};
use crate::text::Message;

/// The rows of a text export as cells (1-based line, cells), blank lines
/// left out, with the file's hash and how it was read.
pub(crate) struct TextTable {
    /// Every non-blank record with its line.
    pub rows: Vec<(u32, Vec<Cell<'static>>)>,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// How it was read: `CSV, <encoding>, delimiter '<d>'`, as a ledger
    /// export's format says it.
    pub format: String,
}

/// The first records of the body under a delimiter, trimmed.
fn first_rows(body: Body, delimiter: u8) -> std::io::Result<Vec<Vec<String>>> {
    let mut records = Records::new(body, delimiter)?;
    let mut rows = Vec::new();
    while let Ok(Some((_, record))) = records.next() {
        rows.push(record.iter().map(|f| f.trim().to_string()).collect());
        if rows.len() >= HEADER_SEARCH_ROWS {
            break;
        }
    }
    Ok(rows)
}

/// Reads a text export whole. `is_header` tells the table's header row: the
/// delimiter is the one under which a header row with the most columns
/// stands in the first rows; `expected` says, when none does, what was looked for.
pub(crate) fn read_table(
    source: Source,
    location: &Location,
    is_header: &dyn Fn(&[String]) -> bool,
    expected: Message,
) -> Result<TextTable> {
    let (filter, options) = (RowFilter::default(), ImportOptions::default());
    let context = FileContext {
        location: location.clone(),
        index: 0,
        filter: &filter,
        options: &options,
        progress: &crate::import::no_progress,
        tap: None,
    };
    let (encoding, transcoded, skip, letters) = settle_encoding(source, &context)?;
    let body = Body::settled(source, transcoded.as_deref(), skip, encoding);
    let failed = |e| io_error(source, &context, e);
    let mut best: Option<(u8, usize)> = None;
    for delimiter in DELIMITERS {
        let rows = first_rows(body, delimiter).map_err(failed)?;
        if let Some(width) = rows.iter().find(|r| is_header(r)).map(Vec::len)
            && best.is_none_or(|(_, w)| width > w)
        {
            best = Some((delimiter, width));
        }
    }
    let (hash, quoting, letters) = hash_and_check_quotes(
        source,
        skip,
        transcoded.as_deref(),
        best.map_or(b';', |(d, _)| d),
        letters,
    );
    if let Some(scan) = letters
        && let Some(mixed) = mixed_encodings(&scan, &context)
    {
        return Err(mixed);
    }
    let Some((delimiter, _)) = best else {
        return Err(Error::input(location.clone(), expected));
    };
    if let Err((line, message)) = quoting {
        return Err(Error::input(location.at_row(line.into()), message));
    }
    let mut records = Records::new(body, delimiter).map_err(failed)?;
    let mut rows = Vec::new();
    loop {
        match records.next() {
            Ok(Some((line, record))) => {
                if record.iter().any(|f| !f.trim().is_empty()) {
                    let cells = record
                        .iter()
                        .map(|f| Cell::Text(Cow::Owned(f.trim().to_string())))
                        .collect();
                    rows.push((line, cells));
                }
            }
            Ok(None) => break,
            Err(e) => return Err(super::csv_error(location, e)),
        }
    }
    let sha256 = hash.map_err(failed)?;
    let delimiter = match delimiter {
        b'\t' => "tab".to_string(),
        other => (other as char).to_string(),
    };
    let format = format!("CSV, {}, delimiter '{delimiter}'", encoding.describe());
    Ok(TextTable {
        rows,
        sha256,
        format,
    })
}
