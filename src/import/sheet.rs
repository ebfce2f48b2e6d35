//! Spreadsheet exports (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the
//! sheet that holds the ledger, its header below any titles, then rows.
//! When the bounded reader is enabled (the `velho` binary on Unix), the
//! cells come from velho's child process ([`read_guarded`], see `guard`);
//! otherwise as below, in this process ([`read`], [`read_zip`]).
//!
//! Zip-based workbooks are checked first ([`super::precheck`]), then xlsx and
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

use std::io::{Cursor, Read, Seek};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::columns::Role;
use super::guard::Guarded;
use super::precheck::{ArchiveKind, Limits, check_archive, check_archive_in, check_compound};
use super::rows::{
    Cell, FileContext, Finished, HEADER_SEARCH_ROWS, Header, LedgerBuilder, NearHeader, header_in,
    header_not_found,
};
use super::workbook::{from_data_ref, panic_message, sheet_list, to_cell, xls_error};
use super::{LedgerFile, SkippedSheet};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};
use crate::money::DecimalMark;

/// Columns read from a row before its header is known.
const HEADER_WIDTH: usize = 256;

/// Reads a spreadsheet export (zip-based or OLE) from its bytes.
pub fn read(bytes: &[u8], context: &FileContext) -> Result<LedgerFile> {
    let fail = |message: String| Error::input(context.location.clone(), message);
    let cursor = Cursor::new(bytes);
    if !bytes.starts_with(b"PK\x03\x04") {
        check_compound(bytes).map_err(fail)?;
        let workbook =
            open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| fail(xls_error(e)))?;
        let is_1904 = workbook.has_1904_epoch();
        return read_ranges(workbook, "XLS", is_1904, context);
    }
    let kind = check_archive(bytes, &Limits::DEFAULT).map_err(fail)?;
    read_archive(cursor, kind, context)
}

/// Reads a zip-based workbook of `size` bytes from `reader` (its file),
/// never holding the file in memory: the same checks, then the same reading.
pub fn read_zip<RS: Read + Seek + Send>(
    mut reader: RS,
    size: u64,
    context: &FileContext,
) -> Result<LedgerFile> {
    let kind = check_archive_in(&mut reader, size, &Limits::DEFAULT)
        .map_err(|message| Error::input(context.location.clone(), message))?;
    // (The zip reader finds the archive's directory from its end itself.)
    read_archive(reader, kind, context)
}

/// Reads a checked zip-based workbook.
fn read_archive<RS: Read + Seek + Send>(
    reader: RS,
    kind: ArchiveKind,
    context: &FileContext,
) -> Result<LedgerFile> {
    let fail = |message: String| Error::input(context.location.clone(), message);
    match kind {
        ArchiveKind::Xlsx => {
            let mut workbook = open_workbook_from_rs::<Xlsx<_>, _>(reader)
                .map_err(|e| fail(format!("the workbook cannot be read: {e}")))?;
            let is_1904 = workbook.has_1904_epoch();
            let names = sheet_names(&workbook, context)?;
            read_sheets(&names, "XLSX", context, |name, sheet_context| {
                read_xlsx_sheet(&mut workbook, name, sheet_context, is_1904)
            })
        }
        ArchiveKind::Xlsb => {
            let mut workbook = open_workbook_from_rs::<Xlsb<_>, _>(reader)
                .map_err(|e| fail(format!("the workbook cannot be read: {e}")))?;
            let is_1904 = workbook.has_1904_epoch();
            let names = sheet_names(&workbook, context)?;
            read_sheets(&names, "XLSB", context, |name, sheet_context| {
                read_xlsb_sheet(&mut workbook, name, sheet_context, is_1904)
            })
        }
        ArchiveKind::Ods => {
            let workbook = open_workbook_from_rs::<Ods<_>, _>(reader).map_err(|e| {
                fail(match e {
                    calamine::OdsError::Password => super::FileKind::Encrypted.refusal("ods"),
                    e => format!("the workbook cannot be read: {e}"),
                })
            })?;
            read_ranges(workbook, "ODS", false, context)
        }
    }
}

/// The sheets to try, in order: the one the project file names, else every visible sheet.
fn sheet_names<RS, R>(workbook: &R, context: &FileContext) -> Result<Vec<String>>
where
    RS: Read + Seek,
    R: Reader<RS>,
{
    choose_sheets(sheet_list(workbook), context)
}

fn choose_sheets(sheets: Vec<(String, bool)>, context: &FileContext) -> Result<Vec<String>> {
    if let Some(wanted) = &context.options.sheet {
        let found = sheets
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(wanted.trim()));
        return match found {
            Some((name, _)) => Ok(vec![name.clone()]),
            None => Err(Error::input(
                context.location.clone(),
                format!(
                    "the project file names the sheet \"{wanted}\" ([ledger] sheet), but the workbook's sheets are {}",
                    sheets
                        .iter()
                        .map(|(n, _)| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        };
    }
    Ok(sheets
        .into_iter()
        .filter(|(_, visible)| *visible)
        .map(|(n, _)| n)
        .collect())
}

/// Tries the sheets in order; the first with a ledger header is read. A
/// sheet whose header has a date and an amount but no account column, and
/// whose rows are no ledger rows (a summary sheet before the ledger, a bank
/// statement), is passed over for a later sheet that is a ledger; when no
/// later sheet is, the first such sheet's reading (or its error) stands.
fn read_sheets(
    names: &[String],
    kind: &str,
    context: &FileContext,
    mut read_one: impl FnMut(&str, &FileContext) -> Result<SheetRead>,
) -> Result<LedgerFile> {
    let mut nearest: Option<NearHeader> = None;
    let mut doubtful: Vec<(String, Doubtful)> = Vec::new();
    for name in names {
        let sheet_context = context.for_sheet(name);
        match read_one(name, &sheet_context)? {
            SheetRead::Ledger(file) => return Ok(placed(*file, name, names, kind, &doubtful)),
            SheetRead::Doubtful(reading) => doubtful.push((name.clone(), reading)),
            SheetRead::NoHeader(near) => {
                if let Some(mut near) = near
                    && nearest
                        .as_ref()
                        .is_none_or(|n| near.columns.count() > n.columns.count())
                {
                    near.sheet = Some(name.clone());
                    nearest = Some(near);
                }
            }
        }
    }
    if !doubtful.is_empty() {
        let (name, first) = doubtful.remove(0);
        return match first {
            Ok(file) => Ok(placed(*file, &name, names, kind, &doubtful)),
            Err(error) => Err(error),
        };
    }
    Err(header_not_found(
        context.location.clone(),
        context.options,
        nearest.as_ref(),
    ))
}

/// A sheet read as its workbook's ledger: the format names it and the
/// sheets not read, with the reason of each one passed over.
fn placed(
    mut file: LedgerFile,
    name: &str,
    names: &[String],
    kind: &str,
    passed_over: &[(String, Doubtful)],
) -> LedgerFile {
    let others: Vec<String> = names.iter().filter(|n| *n != name).cloned().collect();
    file.format = format!("{kind}, sheet \"{name}\"");
    file.note_layout();
    if !others.is_empty() {
        let shown: Vec<String> = others
            .iter()
            .map(|other| match passed_over.iter().any(|(n, _)| n == other) {
                true => format!("{other}: {NOT_A_LEDGER}"),
                false => other.clone(),
            })
            .collect();
        file.format
            .push_str(&format!(" (not read: {})", listed(&shown)));
    }
    file.details.other_sheets = others;
    file.details.skipped_sheets = passed_over
        .iter()
        .map(|(sheet, reading)| SkippedSheet {
            sheet: sheet.clone(),
            reason: match reading {
                Ok(_) => format!("{NOT_A_LEDGER}, and no rows below its header"),
                Err(error) => format!("{NOT_A_LEDGER}: {error}"),
            },
        })
        .collect();
    file
}

/// Why a sheet with a date and an amount but no account column is passed over.
const NOT_A_LEDGER: &str = "a date and an amount column but no account column, so no ledger";

/// A sheet read: its ledger; no ledger header (and the row that came
/// closest, if one did); or a header without an account column whose rows
/// are no ledger rows ([`Doubtful`]).
enum SheetRead {
    Ledger(Box<LedgerFile>),
    NoHeader(Option<NearHeader>),
    Doubtful(Doubtful),
}

/// A sheet whose header has a date and an amount but no account column,
/// and under which no row was read as a ledger row or an account heading:
/// the sheet as read (it had no rows), or the error its rows stopped at.
type Doubtful = std::result::Result<Box<LedgerFile>, Error>;

/// The first few of a workbook's other sheets, and how many more there are
/// (a workbook may hold thousands; the list goes into one cell on Sources).
fn listed(sheets: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = sheets
        .iter()
        .take(SHOWN)
        .map(|name| name.chars().take(100).collect::<String>())
        .collect::<Vec<_>>()
        .join(", ");
    if sheets.len() > SHOWN {
        text.push_str(&format!(" and {} more", sheets.len() - SHOWN));
    }
    text
}

/// XLS and ODS: sheets as ranges (bounded by the format and the pre-check).
fn read_ranges<RS, R>(
    mut workbook: R,
    kind: &str,
    is_1904: bool,
    context: &FileContext,
) -> Result<LedgerFile>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = sheet_names(&workbook, context)?;
    read_sheets(&names, kind, context, |name, sheet_context| {
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
        "the decimal mark or the date order could not be decided; name them in the file's amounts and dates",
    ))
}

/// A sheet calamine cannot open.
fn unreadable(context: &FileContext, e: impl std::fmt::Display) -> Error {
    Error::input(
        context.location.clone(),
        format!("the sheet cannot be read: {e}"),
    )
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
    mut next: impl FnMut() -> Result<Option<SheetCell<'a>>, String>,
    context: &FileContext,
    is_1904: bool,
    known: (Option<DecimalMark>, SlashOrder),
) -> Result<Pass> {
    let fail = |message: String| Error::input(context.location.clone(), message);
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

/// Collects a row's cells from a row-major stream of cells.
///
/// The row's slots live from row to row: only the slots a row set are
/// emptied before the next one, so a row costs its cells, not its width.
#[derive(Default)]
struct RowAssembler<'a> {
    cells: Vec<Cell<'a>>,
    formula: Vec<bool>,
    /// The slots the last row set.
    set: Vec<usize>,
    /// A cell read ahead that starts the next row.
    pending: Option<SheetCell<'a>>,
    last_row: Option<u32>,
    /// The reader said the sheet ended (asking again would read past it).
    ended: bool,
}

impl<'a> RowAssembler<'a> {
    /// The next row (0-based) with at least one cell, its first `width` cells.
    #[allow(clippy::type_complexity)]
    fn next_row(
        &mut self,
        next: &mut impl FnMut() -> Result<Option<SheetCell<'a>>, String>,
        width: usize,
    ) -> Result<Option<(u32, &[Cell<'a>], &[bool])>, String> {
        self.reset(width);
        let first = match self.pending.take() {
            Some(cell) => cell,
            None if self.ended => return Ok(None),
            None => match next()? {
                Some(cell) => cell,
                None => {
                    self.ended = true;
                    return Ok(None);
                }
            },
        };
        let row = first.0.0;
        if self.last_row.is_some_and(|last| row <= last) {
            return Err(format!(
                "the sheet's cells are out of order (row {} after row {}); the file is damaged: open it in Excel and save it",
                row + 1,
                self.last_row.unwrap_or(0) + 1
            ));
        }
        self.last_row = Some(row);
        let mut cell = Some(first);
        while let Some(((r, c), value, is_formula)) = cell {
            if r != row {
                self.pending = Some(((r, c), value, is_formula));
                break;
            }
            let c = c as usize;
            if c < width {
                self.cells[c] = value;
                self.formula[c] = is_formula;
                self.set.push(c);
            }
            cell = next()?;
            self.ended = cell.is_none();
        }
        Ok(Some((row, &self.cells, &self.formula)))
    }

    /// `width` empty slots.
    fn reset(&mut self, width: usize) {
        if self.cells.len() == width {
            for &c in &self.set {
                self.cells[c] = Cell::Empty;
                self.formula[c] = false;
            }
        } else {
            self.cells.clear();
            self.cells.resize(width, Cell::Empty);
            self.formula.clear();
            self.formula.resize(width, false);
        }
        self.set.clear();
    }
}

/// Formula cells in the columns that matter (date, amounts): a formula
/// without a saved result, or a column of formulas whose saved results are
/// all zero, means the file was written by a program and never recalculated.
struct FormulaCheck {
    columns: Vec<(usize, Role)>,
    /// Per column: the first formula row, and whether any formula had a non-zero result.
    seen: Vec<(Option<u32>, bool)>,
}

impl FormulaCheck {
    fn new(builder: &LedgerBuilder) -> Self {
        let columns: Vec<(usize, Role)> = [Role::Date, Role::Amount, Role::Debit, Role::Credit]
            .into_iter()
            .filter_map(|r| builder.columns().get(r).map(|c| (c, r)))
            .collect();
        let seen = vec![(None, false); columns.len()];
        FormulaCheck { columns, seen }
    }

    fn error(builder: &LedgerBuilder, row: u32, column: usize, what: &str) -> Error {
        let name = builder.headers().get(column).cloned().unwrap_or_default();
        Error::input(
            builder_location(builder, row, name),
            format!(
                "{what}: the file was written by a program and never opened in a spreadsheet, so \
                 its formulas have no results velho could read; open the file in Excel (or \
                 LibreOffice), let it recalculate, save it, and run velho again"
            ),
        )
    }

    fn check_row(
        &mut self,
        row: u32,
        cells: &[Cell],
        formula: &[bool],
        builder: &LedgerBuilder,
    ) -> Result<()> {
        for (i, &(column, _)) in self.columns.iter().enumerate() {
            if !formula.get(column).copied().unwrap_or(false) {
                continue;
            }
            let seen = &mut self.seen[i];
            seen.0.get_or_insert(row);
            match &cells[column] {
                Cell::Empty => {
                    return Err(Self::error(
                        builder,
                        row,
                        column,
                        "the cell holds a formula whose result was never saved",
                    ));
                }
                Cell::Number(n) if *n == 0.0 => {}
                _ => seen.1 = true,
            }
        }
        Ok(())
    }

    fn finish(&self, builder: &LedgerBuilder) -> Result<()> {
        for (&(column, _), (first, any_value)) in self.columns.iter().zip(&self.seen) {
            if let (Some(row), false) = (first, any_value) {
                return Err(Self::error(
                    builder,
                    *row,
                    column,
                    "every formula in this column has the saved result 0",
                ));
            }
        }
        Ok(())
    }
}

fn builder_location(builder: &LedgerBuilder, row: u32, column: String) -> crate::error::Location {
    builder.location().at_row(row.into()).at_column(column)
}

fn read_xlsx_sheet<RS: Read + Seek + Send>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    context: &FileContext,
    is_1904: bool,
) -> Result<SheetRead> {
    in_passes(context, |known| {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| unreadable(context, e))?;
        let next = move || {
            reader
                .next_cell_with_formula_metadata()
                .map(|cell| cell.map(|c| (c.pos, c.value, c.formula.is_some())))
                .map_err(|e| format!("the sheet cannot be read: {e}"))
        };
        read_streamed(next, context, is_1904, known)
    })
}

fn read_xlsb_sheet<RS: Read + Seek + Send>(
    workbook: &mut Xlsb<RS>,
    name: &str,
    context: &FileContext,
    is_1904: bool,
) -> Result<SheetRead> {
    in_passes(context, |known| {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| unreadable(context, e))?;
        let next = move || {
            reader
                .next_cell()
                .map(|cell| cell.map(|c| (c.get_position(), c.get_value().clone(), false)))
                .map_err(|e| format!("the sheet cannot be read: {e}"))
        };
        read_streamed(next, context, is_1904, known)
    })
}

/// A cell as calamine's streaming readers give it: 0-based (row, column),
/// the value, and whether it is a formula's cached result.
type RawCell<'a> = ((u32, u32), DataRef<'a>, bool);

/// Cells handed from the reading thread to the assembling one at a time.
const BATCH: usize = 4096;

/// Batches on their way: the reading thread waits when this many are unread.
const IN_FLIGHT: usize = 4;

/// What the reading thread sends.
enum Batch<'a> {
    Cells(Vec<RawCell<'a>>),
    /// The sheet ended.
    End,
    /// calamine failed (the message for the user).
    Failed(String),
}

/// [`read_cells`] with calamine on a second thread: `read_cell` (calamine's
/// XML or binary parsing, about as much work as all of velho's) runs there
/// and sends batches of cells; this thread assembles rows and builds the
/// ledger. Emptied batches go back for reuse. When this side stops early (an
/// error, no header) the channel closes and the reading thread stops at its
/// next batch; a panic there becomes an error, as one on this thread would.
fn read_streamed<'a>(
    mut read_cell: impl FnMut() -> Result<Option<RawCell<'a>>, String> + Send,
    context: &FileContext,
    is_1904: bool,
    known: (Option<DecimalMark>, SlashOrder),
) -> Result<Pass> {
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<Batch<'a>>(IN_FLIGHT);
        let (recycle, recycled) = channel::<Vec<RawCell<'a>>>();
        let reading = scope.spawn(move || {
            loop {
                let mut batch = recycled
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                let mut end = None;
                while batch.len() < BATCH {
                    match read_cell() {
                        Ok(Some(cell)) => batch.push(cell),
                        Ok(None) => {
                            end = Some(Batch::End);
                            break;
                        }
                        Err(message) => {
                            end = Some(Batch::Failed(message));
                            break;
                        }
                    }
                }
                // A send fails only when the assembling side has stopped.
                if !batch.is_empty() && sender.send(Batch::Cells(batch)).is_err() {
                    return;
                }
                if let Some(end) = end {
                    let _ = sender.send(end);
                    return;
                }
            }
        });
        let mut cells = Received {
            receiver,
            recycle,
            batch: Vec::new(),
            at: 0,
            ended: false,
            vanished: false,
        };
        let pass = read_cells(|| cells.next(), context, is_1904, known);
        let vanished = cells.vanished;
        // Closes the channel: a reading thread still at work stops.
        drop(cells);
        match reading.join() {
            Err(panic) if vanished => Err(Error::input(
                context.location.clone(),
                panic_message(&*panic),
            )),
            // A panic while reading ahead of an early stop: those cells were
            // never needed (and a reader on this thread would not have read them).
            _ => pass,
        }
    })
}

/// The receiving end of [`read_streamed`]: cells one by one.
struct Received<'a> {
    receiver: Receiver<Batch<'a>>,
    recycle: Sender<Vec<RawCell<'a>>>,
    batch: Vec<RawCell<'a>>,
    at: usize,
    ended: bool,
    /// The reading thread went away without a word (it panicked).
    vanished: bool,
}

impl<'a> Received<'a> {
    fn next(&mut self) -> Result<Option<SheetCell<'a>>, String> {
        while self.at == self.batch.len() {
            if self.ended {
                return Ok(None);
            }
            if self.batch.capacity() > 0 {
                self.batch.clear();
                let _ = self.recycle.send(std::mem::take(&mut self.batch));
            }
            self.at = 0;
            match self.receiver.recv() {
                Ok(Batch::Cells(batch)) => self.batch = batch,
                Ok(Batch::End) => self.ended = true,
                Ok(Batch::Failed(message)) => {
                    self.ended = true;
                    return Err(message);
                }
                Err(_) => {
                    self.ended = true;
                    self.vanished = true;
                    return Err("the sheet's reader stopped".into());
                }
            }
        }
        let (pos, value, is_formula) =
            std::mem::replace(&mut self.batch[self.at], ((0, 0), DataRef::Empty, false));
        self.at += 1;
        Ok(Some((pos, from_data_ref(value), is_formula)))
    }
}

/// The used cells of a range, at their absolute positions.
fn range_cells<'a>(
    range: &'a Range<Data>,
) -> impl FnMut() -> Result<Option<SheetCell<'a>>, String> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut cells = range.used_cells();
    move || {
        Ok(cells
            .next()
            .map(|(r, c, d)| ((top + r as u32, left + c as u32), to_cell(d), false)))
    }
}

/// A zip-based or OLE workbook's ledger, read in a bounded child process
/// ([`guard`]) whose cells are assembled into rows here, as [`read`] does.
pub(super) fn read_guarded(path: &Path, context: &FileContext) -> Result<LedgerFile> {
    let fail = |message: String| Error::input(context.location.clone(), message);
    let mut book = Guarded::open(path).map_err(|e| fail(e.message()))?;
    let names = choose_sheets(book.sheets.clone(), context)?;
    let (kind, is_1904) = (book.kind.clone(), book.is_1904);
    read_sheets(&names, &kind, context, |name, sheet_context| {
        in_passes(sheet_context, |known| {
            let next = book
                .cells(name)
                .map_err(|e| Error::input(sheet_context.location.clone(), e))?;
            read_cells(next, sheet_context, is_1904, known)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RowFilter;
    use crate::error::Location;
    use crate::import::ImportOptions;

    /// A sheet of `rows` data rows below a header, as calamine would stream
    /// it, then `end` (`None`: the sheet ends).
    fn sheet(
        rows: u32,
        end: Option<&'static str>,
    ) -> impl FnMut() -> Result<Option<RawCell<'static>>, String> + Send {
        let header = ["Pvm", "Tili", "Kp", "Summa"];
        let mut at = 0u32;
        move || {
            let (row, column) = (at / 4, at % 4);
            at += 1;
            if row > rows {
                return match end {
                    None => Ok(None),
                    Some("panic") => panic!("calamine broke"),
                    Some(message) => Err(message.to_string()),
                };
            }
            let value = match (row, column) {
                (0, c) => DataRef::SharedString(header[c as usize]),
                (_, 0) => DataRef::String(format!("{}.1.2021", row % 28 + 1)),
                (_, 1) => DataRef::Float(4000.0),
                (r, 2) => DataRef::Int(if r % 2 == 0 { 7311 } else { 7312 }),
                (r, _) => DataRef::Float(f64::from(r) / 100.0),
            };
            Ok(Some(((row, column), value, false)))
        }
    }

    /// Runs `read` with the context of a test file whose project is cost centre 7311.
    fn in_context<T>(read: impl FnOnce(&FileContext) -> T) -> T {
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            ..RowFilter::default()
        };
        read(&FileContext {
            location: Location::file("a.xlsx"),
            index: 0,
            filter: &filter,
            options: &ImportOptions::default(),
            progress: &crate::import::no_progress,
        })
    }

    fn read(
        cells: impl FnMut() -> Result<Option<RawCell<'static>>, String> + Send,
    ) -> Result<Pass> {
        in_context(|context| read_streamed(cells, context, false, (None, SlashOrder::Unknown)))
    }

    #[test]
    fn streamed_rows_are_the_rows_read_on_one_thread() {
        let rows = 3 * BATCH as u32 + 17;
        let Pass::Done(file) = read(sheet(rows, None)).unwrap() else {
            panic!("read in one pass")
        };
        assert_eq!(file.rows_read, u64::from(rows));
        assert_eq!(file.other_rows + file.rows.len() as u64, u64::from(rows));
        let mut one = sheet(rows, None);
        let mut next =
            || one().map(|c| c.map(|(pos, value, formula)| (pos, from_data_ref(value), formula)));
        let alone = in_context(|context| {
            read_cells(&mut next, context, false, (None, SlashOrder::Unknown))
        });
        let Pass::Done(alone) = alone.unwrap() else {
            panic!("read in one pass")
        };
        assert_eq!(format!("{alone:?}"), format!("{file:?}"));
    }

    #[test]
    fn a_reading_error_comes_after_the_rows_before_it() {
        let err = read(sheet(10_000, Some("the sheet cannot be read: bad XML")))
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .contains("the sheet cannot be read: bad XML"),
            "{err}"
        );
    }

    #[test]
    fn a_panic_while_reading_is_an_error() {
        let err = read(sheet(10_000, Some("panic"))).err().unwrap();
        assert!(
            err.to_string()
                .contains("the file could not be read: calamine broke"),
            "{err}"
        );
    }

    #[test]
    fn the_reading_thread_stops_when_the_rows_do() {
        // No header in an endless sheet: the search gives up, and the
        // reading thread must stop too: the read returns within 10 s, or
        // the test fails (rather than hanging).
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut at = 0u32;
            let endless = move || {
                at += 1;
                Ok(Some(((at, 0), DataRef::SharedString("x"), false)))
            };
            let _ = done.send(matches!(read(endless), Ok(Pass::NoHeader(_))));
        });
        let outcome = finished.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(outcome, Ok(true), "the reading thread did not stop");
    }
}
