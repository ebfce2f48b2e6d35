//! Spreadsheet exports (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the
//! sheet that holds the ledger, its header below any titles, then rows.
//! The workbook is opened as every workbook is ([`super::workbook::open_workbook`]).
//! When the bounded reader is enabled (the `velho` binary on Unix), the
//! cells come from velho's child process (see `guard`); otherwise as below,
//! in this process.
//!
//! Workbooks are checked first ([`super::precheck`]), then xlsx and
//! xlsb sheets are *streamed* cell by cell and assembled into rows, so a
//! sheet's size never becomes one allocation (calamine's `worksheet_range`
//! makes a dense array of the bounding box: cells at A1 and XFD1048576 would
//! need 549 GB). calamine parses the sheet on a second thread while this
//! one assembles rows and builds the ledger ([`read_streamed`]). XLS (at
//! most 65,536 × 256 cells) and ODS (checked before) are read as ranges.
//!
//! Numbers arrive as `f64` and become exact decimals through Excel's 15
//! significant digits; date cells become dates; serial numbers in the date
//! column are converted in the workbook's own date system (1900 or 1904).
//! Formula cells give their cached values; a formula column whose values were
//! never saved (a file written by a program and never opened in Excel) is an
//! error, never a column of zeros.

use std::io::{Read, Seek};

use calamine::{Data, Range, Reader, Sheets};

use super::LedgerFile;
use super::columns::Role;
use super::rows::{
    Cell, FileContext, Finished, HEADER_SEARCH_ROWS, Header, LedgerBuilder, NearHeader, header_in,
};
use super::workbook::{Book, to_cell};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};
use crate::money::DecimalMark;
use crate::text::Message;

mod formulas;
mod ledger_sheet;
mod row_assembly;
mod streamed;

use formulas::FormulaCheck;
use ledger_sheet::{Doubtful, SheetRead, choose_sheets, read_sheets};
use row_assembly::RowAssembler;
use streamed::{read_xlsb_sheet, read_xlsx_sheet};

/// Columns read from a row before its header is known.
const HEADER_WIDTH: usize = 256;

/// Reads a ledger export's workbook, opened by
/// [`open_workbook`](super::workbook::open_workbook) as every
/// workbook is: the sheet that holds the ledger, then its rows. The cells
/// come from velho's bounded child process, or from calamine here: xlsx
/// and xlsb sheets streamed, XLS and ODS sheets as ranges.
pub fn read(book: Book, context: &FileContext) -> Result<LedgerFile> {
    let names = choose_sheets(book.sheets(), context)?;
    let (kind, is_1904) = (book.kind().to_string(), book.is_1904());
    match book {
        Book::Child(mut guarded) => read_sheets(&names, &kind, context, |name, sheet_context| {
            in_passes(sheet_context, |known| {
                let next = guarded
                    .cells(name)
                    .map_err(|e| Error::input(sheet_context.location.clone(), e))?;
                read_cells(next, sheet_context, is_1904, known)
            })
        }),
        Book::Here { workbook, .. } => match *workbook {
            Sheets::Xlsx(mut workbook) => {
                read_sheets(&names, &kind, context, |name, sheet_context| {
                    read_xlsx_sheet(&mut workbook, name, sheet_context, is_1904)
                })
            }
            Sheets::Xlsb(mut workbook) => {
                read_sheets(&names, &kind, context, |name, sheet_context| {
                    read_xlsb_sheet(&mut workbook, name, sheet_context, is_1904)
                })
            }
            Sheets::Xls(workbook) => read_ranges(workbook, &names, &kind, is_1904, context),
            Sheets::Ods(workbook) => read_ranges(workbook, &names, &kind, is_1904, context),
        },
    }
}

/// XLS and ODS: sheets as ranges (bounded by the format and the pre-check).
fn read_ranges<RS, R>(
    mut workbook: R,
    names: &[String],
    kind: &str,
    is_1904: bool,
    context: &FileContext,
) -> Result<LedgerFile>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    read_sheets(names, kind, context, |name, sheet_context| {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| unreadable(sheet_context, e))?;
        in_passes(sheet_context, |known| {
            read_cells(range_cells(&range), sheet_context, is_1904, known)
        })
    })
}

/// Readings of one sheet: the second knows the decimal mark and date order
/// the first one learned; a third is never needed.
const PASSES: usize = 3;

/// Reads a sheet pass by pass (`pass` is given what earlier passes learned)
/// until it is read, or has no ledger header.
fn in_passes(
    context: &FileContext,
    mut pass: impl FnMut((Option<DecimalMark>, SlashOrder)) -> Result<Pass>,
) -> Result<SheetRead> {
    let mut known = (None, SlashOrder::Unknown);
    for _ in 0..PASSES {
        match pass(known)? {
            Pass::NoHeader(near) => return Ok(SheetRead::NoHeader(near)),
            Pass::Doubtful(reading) => return Ok(SheetRead::Doubtful(reading)),
            Pass::Done(file) => return Ok(SheetRead::Ledger(file)),
            Pass::Again(mark, order) => known = (mark, order),
        }
    }
    Err(Error::input(
        context.location.clone(),
        Message::new("import.sheet.undecided"),
    ))
}

/// A sheet calamine cannot open.
fn unreadable(context: &FileContext, e: impl std::fmt::Display) -> Error {
    Error::input(context.location.clone(), unreadable_message(e))
}

/// Why a sheet cannot be read: what calamine said.
fn unreadable_message(e: impl std::fmt::Display) -> Message {
    Message::new("import.sheet.unreadable").with("error", e)
}

/// One cell as a sheet reader delivers it: 0-based (row, column), the value,
/// and whether it is a formula's cached result.
type SheetCell<'a> = ((u32, u32), Cell<'a>, bool);

/// The end of one pass over a sheet.
enum Pass {
    NoHeader(Option<NearHeader>),
    Doubtful(Doubtful),
    Done(Box<LedgerFile>),
    Again(Option<DecimalMark>, SlashOrder),
}

/// Reads a sheet's cells (row-major) into rows: first the header among the
/// top rows, then each data row through the builder.
fn read_cells<'a>(
    mut next: impl FnMut() -> Result<Option<SheetCell<'a>>, Message>,
    context: &FileContext,
    is_1904: bool,
    known: (Option<DecimalMark>, SlashOrder),
) -> Result<Pass> {
    let fail = |message: Message| Error::input(context.location.clone(), message);
    let mut rows = RowAssembler::default();
    let mut header: Option<Header> = None;
    let mut seen_rows = 0;
    let mut near = None;
    // Find the header.
    while header.is_none() {
        let Some((row, cells, _)) = rows.next_row(&mut next, HEADER_WIDTH).map_err(fail)? else {
            return Ok(Pass::NoHeader(near));
        };
        let names: Vec<String> = cells.iter().map(|c| c.text().into_owned()).collect();
        NearHeader::consider(&mut near, row + 1, &names);
        header = header_in(seen_rows, row + 1, names, context.options);
        seen_rows += 1;
        if header.is_none() && seen_rows >= HEADER_SEARCH_ROWS {
            return Ok(Pass::NoHeader(near));
        }
    }
    let header = header.expect("found above");
    let width = header.names.len();
    // A header without an account column may be a summary sheet's.
    let accountless = header.columns.get(Role::Account).is_none();
    let builder = match LedgerBuilder::new(context, header) {
        Ok(builder) => builder,
        Err(error) if accountless => return Ok(Pass::Doubtful(Err(error))),
        Err(error) => return Err(error),
    };
    let mut builder = builder
        .with_1904_dates(is_1904)
        .with_decimal_mark(known.0)
        .with_slash_order(known.1);
    let mut formulas = FormulaCheck::new(&builder);
    let mut read = 0u32;
    while let Some((row, cells, formula)) = rows.next_row(&mut next, width).map_err(fail)? {
        formulas.check_row(row + 1, cells, formula, &builder)?;
        if let Err(error) = builder.push(row + 1, cells) {
            if accountless && !builder.has_entries() {
                return Ok(Pass::Doubtful(Err(error)));
            }
            return Err(error);
        }
        read += 1;
        if read.is_multiple_of(super::PROGRESS_EVERY) {
            (context.progress)(read.into(), 0);
        }
    }
    formulas.finish(&builder)?;
    let empty = accountless && !builder.has_entries();
    Ok(match builder.finish() {
        // Rows that waited for their account: an error, as when they came.
        Err(error) if empty => Pass::Doubtful(Err(error)),
        Err(error) => return Err(error),
        Ok(Finished::Done(file)) if empty => Pass::Doubtful(Ok(file)),
        Ok(Finished::Done(file)) => Pass::Done(file),
        Ok(Finished::Again(mark, order)) => Pass::Again(mark, order),
    })
}

/// The used cells of a range, at their absolute positions.
fn range_cells<'a>(
    range: &'a Range<Data>,
) -> impl FnMut() -> Result<Option<SheetCell<'a>>, Message> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut cells = range.used_cells();
    move || {
        Ok(cells
            .next()
            .map(|(r, c, d)| ((top + r as u32, left + c as u32), to_cell(d), false)))
    }
}

#[cfg(test)]
mod tests;
