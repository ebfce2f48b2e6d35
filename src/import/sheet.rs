//! Spreadsheet exports (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the
//! sheet that holds the ledger, its header below any titles, then rows.
//!
//! Numbers arrive as `f64` and become exact decimals through Excel's 15
//! significant digits; date cells become dates; serial numbers in the date
//! column are converted in the workbook's own date system (1900 or 1904).

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{
    Data, Ods, Range, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};

use super::LedgerFile;
use super::rows::{Cell, FileContext, LedgerBuilder, find_header, header_not_found};
use crate::error::{Error, Result};

/// True when the bytes are a zip (XLSX, XLSB, ODS) or an OLE compound file (XLS).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

pub(super) type Workbook<'a> = Sheets<Cursor<&'a [u8]>>;

pub(super) fn open(bytes: &[u8]) -> Result<(Workbook<'_>, &'static str), String> {
    let cursor = Cursor::new(bytes);
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(|w| (Sheets::Xls(w), "XLS"))
            .map_err(|e| e.to_string());
    }
    if let Ok(w) = open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
        return Ok((Sheets::Xlsx(w), "XLSX"));
    }
    if let Ok(w) = open_workbook_from_rs::<Xlsb<_>, _>(cursor.clone()) {
        return Ok((Sheets::Xlsb(w), "XLSB"));
    }
    open_workbook_from_rs::<Ods<_>, _>(cursor)
        .map(|w| (Sheets::Ods(w), "ODS"))
        .map_err(|e| e.to_string())
}

fn is_1904(workbook: &Workbook) -> bool {
    match workbook {
        Sheets::Xlsx(w) => w.has_1904_epoch(),
        Sheets::Xlsb(w) => w.has_1904_epoch(),
        Sheets::Xls(w) => w.has_1904_epoch(),
        Sheets::Ods(_) => false,
    }
}

/// Reads a spreadsheet export.
pub fn read(bytes: Vec<u8>, context: &FileContext) -> Result<LedgerFile> {
    let (mut workbook, kind) = open(&bytes).map_err(|e| {
        Error::input(
            context.location.clone(),
            format!("the file cannot be read as a spreadsheet: {e}"),
        )
    })?;
    let visible: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let is_1904 = is_1904(&workbook);
    for name in &visible {
        let range = workbook.worksheet_range(name).map_err(|e| {
            Error::input(
                context.location.clone(),
                format!("sheet \"{name}\" cannot be read: {e}"),
            )
        })?;
        let mut sheet_context = FileContext {
            location: context.location.clone(),
            index: context.index,
            filter: context.filter,
        };
        sheet_context.location.sheet = Some(name.clone());
        if let Some(mut file) = read_sheet(&range, &sheet_context, is_1904)? {
            let others: Vec<&str> = visible
                .iter()
                .filter(|n| *n != name)
                .map(String::as_str)
                .collect();
            file.format = format!("{kind}, sheet \"{name}\"");
            if !others.is_empty() {
                file.format
                    .push_str(&format!(" (not read: {})", others.join(", ")));
            }
            return Ok(file);
        }
    }
    Err(header_not_found(context.location.clone()))
}

/// Reads the ledger on one sheet, or `None` when the sheet has no ledger header.
fn read_sheet(
    range: &Range<Data>,
    context: &FileContext,
    is_1904: bool,
) -> Result<Option<LedgerFile>> {
    let first_row = range.start().map_or(0, |(row, _)| row);
    let numbered = || {
        range
            .rows()
            .enumerate()
            .map(move |(i, r)| (first_row + i as u32 + 1, r))
    };
    let texts = numbered().map(|(row, cells)| {
        (
            row,
            cells
                .iter()
                .map(|c| to_cell(c).text().into_owned())
                .collect(),
        )
    });
    let Some(header) = find_header(texts) else {
        return Ok(None);
    };
    let header_row = header.row;
    let mut builder = LedgerBuilder::new(context, header)?.with_1904_dates(is_1904);
    for (row, data) in numbered().filter(|(row, _)| *row > header_row) {
        let cells: Vec<Cell> = data.iter().map(to_cell).collect();
        builder.push(row, &cells)?;
    }
    Ok(Some(builder.finish()))
}

pub(super) fn to_cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Bool(b) => Cell::Text(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(dt) if dt.is_datetime() => dt
            .as_datetime()
            .map_or(Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => {
            crate::dates::parse_date(s).map_or(Cell::Text(Cow::Borrowed(s)), Cell::Date)
        }
        Data::DurationIso(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}
