//! Opening a workbook (xlsx, xlsb, xls, ods): [`open_workbook`] is the one
//! way every reader opens one (a ledger export, a payment decision, a
//! claim, a payroll or working-time report), so the size bound, the
//! pre-checks, velho's bounded child process ([`guard`]) and the messages
//! are the same for all of them. Then its cells as velho's [`Cell`]s:
//! streamed for xlsx and xlsb, as ranges for XLS and ODS (bounded by their
//! pre-checks). Small workbooks (a payment decision, a claim) are read
//! whole into rows through [`Book::small_sheet`].

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use super::xlsx::{Failure, LeanXlsx};
use calamine::{
    Data, DataRef, Ods, Reader, SheetVisible, Sheets, Xls, XlsError, Xlsb, Xlsx,
    open_workbook_from_rs,
};

use super::Portable;
pub(super) use super::guard::Unopened;
use super::guard::{self, Guarded};
use super::precheck::{ArchiveKind, Limits, check_archive_in, check_compound};
use super::rows::Cell;
use crate::error::{Error, Location};
use crate::text::Message;

/// Where a workbook is.
#[derive(Clone, Copy)]
pub(super) enum WorkbookInput<'a> {
    /// A file on disk: read in velho's bounded child process when
    /// [`guard::enabled`], else here, from the file (never held whole).
    File(&'a Path),
    /// Bytes already in memory (a ledger handed over as bytes, the fuzz
    /// targets): read here, after the same bound and pre-checks.
    Bytes(&'a [u8]),
}

/// The bytes of a workbook read in this process.
pub(super) enum WorkbookBytes<'a> {
    /// Bytes in memory.
    Memory(Cursor<&'a [u8]>),
    /// A file, read through a buffer.
    File(BufReader<File>),
}

impl Read for WorkbookBytes<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            WorkbookBytes::Memory(bytes) => bytes.read(buf),
            WorkbookBytes::File(file) => file.read(buf),
        }
    }
}

impl Seek for WorkbookBytes<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match self {
            WorkbookBytes::Memory(bytes) => bytes.seek(to),
            WorkbookBytes::File(file) => file.seek(to),
        }
    }
}

/// A workbook opened in this process.
pub(super) type Workbook<'a> = Sheets<WorkbookBytes<'a>>;

/// The read buffer of a workbook's file.
const FILE_BUFFER: usize = 64 * 1024;

/// Opens a workbook, whatever it is for: refuses one larger than
/// [`Limits::file_bytes`], then opens it in velho's bounded child process
/// when it is a file and the bound is [`guard::enabled`], else here after
/// the pre-checks ([`open_checked`]). Every reader of workbooks opens them
/// here.
pub(super) fn open_workbook(input: WorkbookInput<'_>) -> Result<Book<'_>, Unopened> {
    let unopened = |e: std::io::Error| {
        Unopened::Refused(Message::new("import.file.cannot_open").with("error", e))
    };
    let size = match input {
        WorkbookInput::File(path) => std::fs::metadata(path).map_err(unopened)?.len(),
        WorkbookInput::Bytes(bytes) => bytes.len() as u64,
    };
    if let Some(refusal) = super::too_big(size, true, Limits::DEFAULT.file_bytes) {
        return Err(Unopened::Refused(refusal));
    }
    let (workbook, kind) = match input {
        WorkbookInput::File(path) if guard::enabled() => {
            return Guarded::open(path).map(Book::Child);
        }
        WorkbookInput::File(path) => {
            let file = File::open(path).map_err(unopened)?;
            let reader = WorkbookBytes::File(BufReader::with_capacity(FILE_BUFFER, file));
            open_checked(reader, size)
        }
        WorkbookInput::Bytes(bytes) => {
            open_checked(WorkbookBytes::Memory(Cursor::new(bytes)), size)
        }
    }
    .map_err(|refusal| Unopened::Refused(refusal.into()))?;
    Ok(Book::Here {
        workbook: Box::new(workbook),
        kind,
    })
}

impl Unopened {
    /// The error for the file at `location`: the same words whatever the
    /// workbook is for.
    pub(super) fn into_error(self, location: Location) -> Error {
        Error::input(location, self.message())
    }
}

/// Opens a workbook of `size` bytes from `reader` after its pre-checks (an
/// OLE file, XLS, is checked whole; a zip archive from its directory).
pub(super) fn open_checked<RS: Read + Seek>(
    reader: RS,
    size: u64,
) -> std::result::Result<(Sheets<RS>, &'static str), Portable> {
    match open_checked_with(reader, size, None::<LeanOpener<RS>>) {
        Ok(Opened::Calamine(sheets, kind)) => Ok((*sheets, kind)),
        Ok(Opened::Lean(_)) => unreachable!("asked for calamine"),
        Err((refusal, _)) => Err(refusal),
    }
}

/// A workbook [`open_checked_with`] opened.
pub(super) enum Opened<RS> {
    /// Read by calamine; its kind as the user knows it ("XLSX").
    Calamine(Box<Sheets<RS>>, &'static str),
    /// An xlsx read by velho's own reader, its shared strings compressed.
    Lean(Box<LeanXlsx<RS>>),
}

/// How velho's own xlsx reader opens a workbook (see [`open_checked_with`]).
pub(super) type LeanOpener<RS> = fn(RS) -> std::result::Result<LeanXlsx<RS>, Failure>;

/// [`open_checked`], reading an xlsx with velho's own reader
/// (`import::xlsx`), opened by `lean_xlsx`, when there is one: the bounded
/// child process does. A refusal says whether that reader refused the
/// workbook (calamine might read it) or something before it did.
pub(super) fn open_checked_with<RS: Read + Seek>(
    reader: RS,
    size: u64,
    lean_xlsx: Option<impl FnOnce(RS) -> std::result::Result<LeanXlsx<RS>, Failure>>,
) -> std::result::Result<Opened<RS>, (Portable, bool)> {
    let mut lean_refused = false;
    open_checked_noting(reader, size, lean_xlsx, &mut lean_refused)
        .map_err(|refusal| (refusal, lean_refused))
}

fn open_checked_noting<RS: Read + Seek>(
    mut reader: RS,
    size: u64,
    lean_xlsx: Option<impl FnOnce(RS) -> std::result::Result<LeanXlsx<RS>, Failure>>,
    lean_refused: &mut bool,
) -> std::result::Result<Opened<RS>, Portable> {
    let damaged = |e: std::io::Error| unreadable(&e);
    let mut magic = [0; 4];
    reader.read_exact(&mut magic).map_err(damaged)?;
    reader.rewind().map_err(damaged)?;
    if &magic != b"PK\x03\x04" {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(damaged)?;
        // An encrypted xlsx is an OLE file too.
        if super::sniff::sniff_kind(&bytes, "xlsx") == super::FileKind::Encrypted {
            return Err(super::FileKind::Encrypted.refusal("xlsx"));
        }
        check_compound(&bytes)?;
        drop(bytes);
        reader.rewind().map_err(damaged)?;
        return open_workbook_from_rs::<Xls<_>, _>(reader)
            .map(|w| Opened::Calamine(Box::new(Sheets::Xls(w)), "XLS"))
            .map_err(xls_error);
    }
    let kind = check_archive_in(&mut reader, size, &Limits::DEFAULT)?;
    reader.rewind().map_err(damaged)?;
    match kind {
        ArchiveKind::Xlsx if lean_xlsx.is_some() => (lean_xlsx.expect("there is one"))(reader)
            .map(|w| Opened::Lean(Box::new(w)))
            .map_err(|e| {
                *lean_refused = true;
                unreadable(&e)
            }),
        ArchiveKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(reader)
            .map(|w| Opened::Calamine(Box::new(Sheets::Xlsx(w)), "XLSX"))
            .map_err(|e| unreadable(&e)),
        ArchiveKind::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(reader)
            .map(|w| Opened::Calamine(Box::new(Sheets::Xlsb(w)), "XLSB"))
            .map_err(|e| unreadable(&e)),
        ArchiveKind::Ods => open_workbook_from_rs::<Ods<_>, _>(reader)
            .map(|w| Opened::Calamine(Box::new(Sheets::Ods(w)), "ODS"))
            .map_err(|e| match e {
                calamine::OdsError::Password => super::FileKind::Encrypted.refusal("ods"),
                e => unreadable(&e),
            }),
    }
}

/// The message for a workbook calamine (or its zip reader) cannot read.
fn unreadable(e: &dyn std::fmt::Display) -> Portable {
    Portable::new("import.workbook.unreadable").with("error", e)
}

/// Whether a workbook counts its dates from 1904 (old Mac Excel).
pub(super) fn is_1904<RS: Read + Seek>(workbook: &Sheets<RS>) -> bool {
    match workbook {
        Sheets::Xlsx(w) => w.has_1904_epoch(),
        Sheets::Xlsb(w) => w.has_1904_epoch(),
        Sheets::Xls(w) => w.has_1904_epoch(),
        Sheets::Ods(_) => false,
    }
}

/// A workbook's sheets in order, and whether each is visible.
pub(super) fn sheet_list<RS: Read + Seek, R: Reader<RS>>(workbook: &R) -> Vec<(String, bool)> {
    workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

/// Calls `each` with every non-empty cell of sheet `name`, row by row:
/// (0-based row, column), the value, and whether it is a formula's cached
/// result. xlsx and xlsb sheets are streamed (what a sheet claims to span
/// allocates nothing); XLS and ODS sheets, bounded by their pre-checks,
/// are read as ranges.
pub(super) fn each_cell<RS: Read + Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    mut each: impl FnMut((u32, u32), Cell<'_>, bool) -> std::result::Result<(), Portable>,
) -> std::result::Result<(), Portable> {
    let failed = |e: &dyn std::fmt::Display| sheet_unreadable(name, e);
    match workbook {
        Sheets::Xlsx(w) => {
            let mut reader = w.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            while let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| failed(&e))?
            {
                each(cell.pos, from_data_ref(cell.value), cell.formula.is_some())?;
            }
        }
        Sheets::Xlsb(w) => {
            let mut reader = w.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| failed(&e))? {
                each(
                    cell.get_position(),
                    from_data_ref(cell.get_value().clone()),
                    false,
                )?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| failed(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                each((top + r as u32, left + c as u32), to_cell(data), false)?;
            }
        }
    }
    Ok(())
}

/// The message for a sheet calamine cannot read.
pub(super) fn sheet_unreadable(name: &str, e: &dyn std::fmt::Display) -> Portable {
    Portable::new("import.sheet.named_unreadable")
        .with("sheet", name)
        .with("error", e)
}

/// An opened workbook ([`open_workbook`]): in a bounded child process
/// when [`guard::enabled`], else here.
pub(super) enum Book<'a> {
    /// Read in this process; `kind` as the user knows it ("XLSX").
    Here {
        workbook: Box<Workbook<'a>>,
        kind: &'static str,
    },
    /// Read in a bounded child process.
    Child(Guarded),
}

impl<'a> Book<'a> {
    /// The sheets in order, and whether each is visible.
    pub(super) fn sheets(&self) -> Vec<(String, bool)> {
        match self {
            Book::Here { workbook, .. } => sheet_list(workbook.as_ref()),
            Book::Child(guarded) => guarded.sheets.clone(),
        }
    }

    /// The workbook's kind as the user knows it ("XLSX").
    pub(super) fn kind(&self) -> &str {
        match self {
            Book::Here { kind, .. } => kind,
            Book::Child(guarded) => &guarded.kind,
        }
    }

    /// Whether the workbook counts its dates from 1904 (old Mac Excel).
    pub(super) fn is_1904(&self) -> bool {
        match self {
            Book::Here { workbook, .. } => is_1904(workbook),
            Book::Child(guarded) => guarded.is_1904,
        }
    }

    /// The rows of a small sheet: see [`SmallSheet`].
    pub(super) fn small_sheet_rows(
        &mut self,
        name: &str,
    ) -> std::result::Result<Vec<(u32, Vec<Cell<'static>>)>, Message> {
        self.small_sheet(name).map(|sheet| sheet.rows)
    }

    /// The rows of a small sheet (see [`SmallSheet`]) and which of its
    /// cells hold formulas.
    pub(super) fn small_sheet(&mut self, name: &str) -> std::result::Result<SmallCells, Message> {
        let mut sheet = SmallSheet::new(name);
        match self {
            Book::Here { workbook, .. } => {
                each_cell(workbook, name, |position, cell, formula| {
                    sheet.put(position, owned(cell), formula)
                })?;
            }
            Book::Child(guarded) => {
                let mut next = guarded.cells(name)?;
                while let Some((position, cell, formula)) = next()? {
                    sheet.put(position, cell, formula)?;
                }
            }
        }
        let formulas = std::mem::take(&mut sheet.formulas);
        Ok(SmallCells {
            rows: sheet.rows(),
            formulas,
        })
    }
}

/// A small sheet as read: its rows (1-based row number, cells from column
/// A) and the cells that hold formulas, as (1-based row, 0-based column).
/// A formula's cell holds its saved result; a file written by a program
/// and never opened in a spreadsheet saved none, or 0 (the ledger reader
/// refuses such amount columns, see `sheet`).
pub(super) struct SmallCells {
    /// Every row from the first to the last, blank ones included.
    pub rows: Vec<(u32, Vec<Cell<'static>>)>,
    /// The formula cells.
    pub formulas: std::collections::BTreeSet<(u32, usize)>,
}

/// Whether a formula's saved result is what a program that never
/// recalculates leaves: none, or 0.
pub(super) fn result_maybe_never_calculated(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Number(n) => *n == 0.0,
        _ => false,
    }
}

/// The message for an XLS file calamine cannot open.
pub(super) fn xls_error(e: XlsError) -> Portable {
    match e {
        XlsError::Password => super::FileKind::Encrypted.refusal("xls"),
        e => Portable::new("import.workbook.xls_unreadable").with("error", e),
    }
}

/// The message for a file whose reader panicked.
pub(super) fn panic_message(panic: &(dyn std::any::Any + Send)) -> Portable {
    Portable::new("import.file.unreadable").with_message("error", panic_reason(panic))
}

/// What a panic said (the words of the code that panicked, as written).
fn panic_reason(panic: &(dyn std::any::Any + Send)) -> Portable {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .map_or_else(
            || Portable::new("import.file.unknown_error"),
            Portable::verbatim,
        )
}

/// A calamine value as a cell, borrowing shared strings.
pub(super) fn from_data_ref(data: DataRef<'_>) -> Cell<'_> {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(Cow::Owned(s)),
        DataRef::SharedString(s) => Cell::Text(Cow::Borrowed(s)),
        DataRef::Bool(b) => Cell::Text(Cow::Borrowed(if b { "TRUE" } else { "FALSE" })),
        DataRef::DateTime(dt) if dt.is_datetime() => dt
            .as_datetime()
            .map_or(Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
        DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) => {
            crate::dates::parse_date(&s).map_or(Cell::Text(Cow::Owned(s)), Cell::Date)
        }
        DataRef::DurationIso(s) => Cell::Text(Cow::Owned(s)),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
    }
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

/// The most rows and columns of a small sheet (a payment decision, a
/// claim's data sheet) that velho reads.
const SMALL_ROWS: u32 = 100_000;
const SMALL_COLUMNS: u32 = 1_000;

/// A cell of a small sheet, owning its text.
fn owned(cell: Cell<'_>) -> Cell<'static> {
    match cell {
        Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
        Cell::Empty => Cell::Empty,
        Cell::Number(n) => Cell::Number(n),
        Cell::Date(d) => Cell::Date(d),
        Cell::Error(e) => Cell::Error(e),
    }
}

/// The rows of a small sheet (1-based row number, cells from column A),
/// collected so that what a hostile sheet claims to span allocates nothing:
/// a cell past 100 000 rows or 1 000 columns is refused with a message.
struct SmallSheet<'n> {
    name: &'n str,
    rows: std::collections::BTreeMap<u32, Vec<Cell<'static>>>,
    formulas: std::collections::BTreeSet<(u32, usize)>,
}

impl<'n> SmallSheet<'n> {
    fn new(name: &'n str) -> Self {
        SmallSheet {
            name,
            rows: Default::default(),
            formulas: Default::default(),
        }
    }

    fn put(
        &mut self,
        (row, column): (u32, u32),
        cell: Cell<'static>,
        formula: bool,
    ) -> std::result::Result<(), Portable> {
        if matches!(cell, Cell::Empty) && !formula {
            return Ok(());
        }
        if row >= SMALL_ROWS || column >= SMALL_COLUMNS {
            return Err(Portable::new("import.workbook.small_sheet_too_big")
                .with("sheet", self.name)
                .with("row", row + 1)
                .with("column", column + 1)
                .with("rows", SMALL_ROWS)
                .with("columns", SMALL_COLUMNS));
        }
        if formula {
            self.formulas.insert((row + 1, column as usize));
        }
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        let cells = self.rows.entry(row + 1).or_default();
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, Cell::Empty);
        }
        cells[column as usize] = cell;
        Ok(())
    }

    /// Every row from the first to the last, blank ones included: a blank
    /// row ends a decision's table.
    fn rows(mut self) -> Vec<(u32, Vec<Cell<'static>>)> {
        let (Some(&first), Some(&last)) = (self.rows.keys().next(), self.rows.keys().next_back())
        else {
            return Vec::new();
        };
        (first..=last)
            .map(|r| (r, self.rows.remove(&r).unwrap_or_default()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::config::RowFilter;
    use crate::import::{ImportOptions, claim, decision, payroll, read_ledger, read_ledger_bytes};

    fn corpus_file(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/files")
            .join(name)
    }

    /// What each reader of workbooks says of one file: the ledger, a
    /// decision, a payroll report and a working-time record (a claim's
    /// reader passes over a workbook it cannot open).
    fn messages(path: &std::path::Path) -> Vec<String> {
        let filter = RowFilter::default();
        let options = ImportOptions::default();
        let message = |e: crate::error::Error| e.to_string();
        assert_eq!(claim::read_claim(path, "x").map_err(message), Ok(None));
        vec![
            read_ledger(path, "x", 0, &filter, &options)
                .map(|_| ())
                .map_err(message),
            decision::read_decision(path, "x")
                .map(|_| ())
                .map_err(message),
            payroll::read_payroll(path, "x", &[])
                .map(|_| ())
                .map_err(message),
            payroll::read_working_time(path, "x")
                .map(|_| ())
                .map_err(message),
        ]
        .into_iter()
        .map(|read| read.expect_err("refused"))
        .collect()
    }

    #[test]
    fn every_reader_refuses_a_workbook_with_the_same_words() {
        for hostile in [
            "hostile_sst_unique_count.xlsx",
            "hostile_zip_bomb.xlsx",
            "hostile_ods_repeats.ods",
            "hostile_xls_sector_loop.xls",
            "hostile_xls_dimensions_claim.xls",
        ] {
            let path = corpus_file(hostile);
            let said = messages(&path);
            assert!(said.iter().all(|m| m == &said[0]), "{hostile}: {said:#?}");
            // From bytes, the same pre-checks and words.
            let bytes = std::fs::read(&path).unwrap();
            let from_bytes = read_ledger_bytes(
                bytes.clone(),
                "x",
                "xlsx",
                0,
                &RowFilter::default(),
                &ImportOptions::default(),
            )
            .unwrap_err()
            .to_string();
            assert_eq!(from_bytes, said[0], "{hostile}");
            let decision = decision::read_decision_bytes(&bytes, "x").unwrap_err();
            assert_eq!(decision.to_string(), said[0], "{hostile}");
            assert_eq!(claim::read_claim_bytes(&bytes, "x").unwrap(), None);
        }
    }

    #[test]
    fn every_reader_refuses_a_workbook_larger_than_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xlsx");
        // A sparse file that starts like a zip: its size alone refuses it.
        std::fs::write(&path, b"PK\x03\x04").unwrap();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(super::Limits::DEFAULT.file_bytes + 1).unwrap();
        let said = messages(&path);
        assert!(said.iter().all(|m| m == &said[0]), "{said:#?}");
        assert!(
            said[0].contains("velho reads spreadsheet exports of at most"),
            "{}",
            said[0]
        );
    }
}
