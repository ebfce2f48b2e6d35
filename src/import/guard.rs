//! Workbooks read where a hostile file cannot take velho down (issue 17).
//!
//! calamine allocates what a workbook's XML says it needs (a shared-strings
//! count, a sheet's span, a 2 GB text node), and a failed allocation aborts
//! the process: nothing to catch, no message, no exit status of velho's. The
//! pre-checks (`import::precheck`) catch the known ways, but will always lag
//! the parser's allocation paths. So on Linux and the other Unixes, velho
//! opens every workbook (a ledger, a payment decision, a claim) in a child
//! process of itself whose address space is limited to [`LIMIT_BYTES`]:
//! the child parses the workbook and streams its cells back through a pipe;
//! this process assembles them into rows exactly as it assembles cells read
//! in-process. If the child dies (a failed allocation aborts it), the file
//! gets an error naming it and the bound, and the run ends with exit 2.
//!
//! The child is velho itself, started with a hidden first argument
//! ([`SERVE_ARGUMENT`]); [`enable`] is called by the `velho` binary, so the
//! library (its tests, the fuzz targets) reads in-process with the
//! pre-checks alone. Elsewhere than Unix, the pre-checks are the bound.
//!
//! The protocol (little-endian; `str` is a u32 length and UTF-8 bytes):
//! - the child opens the workbook and sends `O kind:str 1904:u8 n:u32
//!   (name:str visible:u8)×n`, or `F message` and exits (a message is a
//!   catalogue key and its values, [`Portable::write`]);
//! - then, for each sheet name the parent writes (`name:str`), it sends
//!   `C row:u32 column:u32 formula:u8 value` per non-empty cell (and per
//!   formula cell without a saved result), row by row,
//!   and `E` at the sheet's end or `F message` on a reading error. A
//!   value is `N f64`, `T str`, `D days:i32` (from 1 January of year 1),
//!   `X str` (an error value such as `#N/A`) or `_` (empty).
//!
//! The parent reads a sheet to its end or not at all: a reading stopped
//! early (no header in a sheet's first rows, an error) leaves the child
//! mid-sheet, so the next sheet is read from a new child.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use calamine::{Sheets, Xlsx};
use chrono::{Datelike, NaiveDate};

use super::Portable;
use super::rows::Cell;
use super::workbook::Opened;
use super::xlsx::LeanXlsx;
use crate::text::Message;

/// The first argument that makes `velho` serve one workbook's cells.
pub const SERVE_ARGUMENT: &str = "__velho-read-workbook";

/// The address space a workbook's reader may use: 1 GiB. A whole
/// organisation's year as an .xlsx (1 M rows, every description distinct)
/// is read in about 150 MiB.
pub const LIMIT_BYTES: u64 = 1 << 30;

/// See [`peak_with_readers_kib`].
static TOGETHER_PEAK_KIB: AtomicU64 = AtomicU64::new(0);

/// The most memory (KiB) velho and a workbook reader held while the reader
/// ran, counted from above: velho's high-water mark when a reader finished
/// plus the reader's own (Linux; 0 elsewhere or when none ran). The
/// benchmark reports it beside velho's own peak.
pub fn peak_with_readers_kib() -> u64 {
    TOGETHER_PEAK_KIB.load(Ordering::Relaxed)
}

/// The high-water mark of resident memory (`VmHWM`, KiB) in a
/// `/proc/…/status` file, if there is one.
pub fn high_water_kib(status_file: &str) -> Option<u64> {
    std::fs::read_to_string(status_file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The program started to read workbooks, once [`enable`]d.
static READER: OnceLock<PathBuf> = OnceLock::new();

/// Reads every workbook from now on in a child process of `velho`, bounded
/// in memory (Unix only; elsewhere this does nothing). Called by the binary
/// before anything is read.
pub fn enable() {
    if cfg!(unix)
        && let Ok(program) = std::env::current_exe()
    {
        let _ = READER.set(program);
    }
}

/// Whether workbooks are read in a child process.
pub(super) fn enabled() -> bool {
    READER.get().is_some()
}

/// One cell as the reader sends it: 0-based (row, column), the value, and
/// whether it is a formula's cached result.
pub(super) type SheetCell = ((u32, u32), Cell<'static>, bool);

/// A workbook opened in a child process.
pub(super) struct Guarded {
    path: PathBuf,
    child: Option<Running>,
    /// The workbook's kind as the user knows it ("XLSX").
    pub kind: String,
    /// Dates counted from 1904 (old Mac Excel).
    pub is_1904: bool,
    /// The sheets in order, and whether each is visible.
    pub sheets: Vec<(String, bool)>,
}

/// The child process and its pipes.
struct Running {
    process: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
    /// A sheet was asked for and not read to its end.
    mid_sheet: bool,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(reader) = high_water_kib(&format!("/proc/{}/status", self.process.id())) {
            let own = high_water_kib("/proc/self/status").unwrap_or(0);
            TOGETHER_PEAK_KIB.fetch_max(own + reader, Ordering::Relaxed);
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Why a workbook was not opened.
#[derive(Debug)]
pub(super) enum Unopened {
    /// The reader refused it (not a workbook it can read, a pre-check): the message.
    Refused(Message),
    /// The reader died on it or could not be started: the message.
    Failed(Message),
}

impl Unopened {
    /// The message for the user.
    pub fn message(self) -> Message {
        match self {
            Unopened::Refused(message) | Unopened::Failed(message) => message,
        }
    }
}

impl Guarded {
    /// Opens the workbook at `path` in a child process.
    pub fn open(path: &Path) -> Result<Guarded, Unopened> {
        let mut guarded = Guarded {
            path: path.to_path_buf(),
            child: None,
            kind: String::new(),
            is_1904: false,
            sheets: Vec::new(),
        };
        guarded.start()?;
        Ok(guarded)
    }

    /// Starts a child on the workbook and reads what it says of it.
    fn start(&mut self) -> Result<&mut Running, Unopened> {
        self.child = None;
        let failed = Unopened::Failed;
        let program = READER
            .get()
            .ok_or_else(|| failed(Message::new("import.workbook.reader_not_enabled")))?;
        let mut process = Command::new(program)
            .arg(SERVE_ARGUMENT)
            .arg(&self.path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                failed(Message::new("import.workbook.reader_not_started").with("error", e))
            })?;
        let (Some(to), Some(from)) = (process.stdin.take(), process.stdout.take()) else {
            return Err(failed(Message::new("import.workbook.reader_without_pipe")));
        };
        let mut running = Running {
            process,
            to,
            from: BufReader::with_capacity(1 << 16, from),
            mid_sheet: false,
        };
        match running.byte().map_err(failed)? {
            b'O' => {
                let mut described = || -> Result<(), Message> {
                    self.kind = running.text()?;
                    self.is_1904 = running.byte()? == 1;
                    let count = running.u32()?;
                    self.sheets = (0..count)
                        .map(|_| Ok((running.text()?, running.byte()? == 1)))
                        .collect::<Result<_, Message>>()?;
                    Ok(())
                };
                described().map_err(failed)?;
            }
            b'F' => return Err(Unopened::Refused(running.message().map_err(failed)?)),
            _ => return Err(failed(running.died())),
        }
        Ok(self.child.insert(running))
    }

    /// The cells of sheet `name`, row by row.
    pub fn cells(
        &mut self,
        name: &str,
    ) -> Result<impl FnMut() -> Result<Option<SheetCell>, Message> + '_, Message> {
        let running = match self.child.take() {
            Some(running) if !running.mid_sheet => self.child.insert(running),
            _ => self.start().map_err(Unopened::message)?,
        };
        write_text(&mut running.to, name)
            .and_then(|()| running.to.flush())
            .map_err(|_| running.died())?;
        running.mid_sheet = true;
        Ok(move || running.next_cell())
    }
}

impl Running {
    fn next_cell(&mut self) -> Result<Option<SheetCell>, Message> {
        if !self.mid_sheet {
            return Ok(None);
        }
        match self.byte()? {
            b'C' => {
                let position = (self.u32()?, self.u32()?);
                let formula = self.byte()? == 1;
                let value = match self.byte()? {
                    b'N' => Cell::Number(f64::from_le_bytes(self.array()?)),
                    b'T' => Cell::Text(Cow::Owned(self.text()?)),
                    b'D' => NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.array()?))
                        .map(Cell::Date)
                        .ok_or_else(|| self.died())?,
                    b'X' => Cell::Error(self.text()?),
                    b'_' => Cell::Empty,
                    _ => return Err(self.died()),
                };
                Ok(Some((position, value, formula)))
            }
            b'E' => {
                self.mid_sheet = false;
                Ok(None)
            }
            b'F' => {
                let message = self.message()?;
                self.mid_sheet = false;
                Err(message)
            }
            _ => Err(self.died()),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Message> {
        let mut bytes = [0; N];
        match self.from.read_exact(&mut bytes) {
            Ok(()) => Ok(bytes),
            Err(_) => Err(self.died()),
        }
    }

    fn byte(&mut self) -> Result<u8, Message> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, Message> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A message the child sent ([`Portable::write`]).
    fn message(&mut self) -> Result<Message, Message> {
        match Portable::read(&mut self.from) {
            Some(message) => Ok(message.into()),
            None => Err(self.died()),
        }
    }

    fn text(&mut self) -> Result<String, Message> {
        let length = self.u32()? as usize;
        // Most texts are whole in the reader's buffer: copied from it
        // directly (a read_to_end costs a probe read per text).
        let whole = match self.from.fill_buf() {
            Ok(buffered) => buffered
                .get(..length)
                .map(|whole| std::str::from_utf8(whole).map(str::to_owned)),
            Err(_) => return Err(self.died()),
        };
        if let Some(text) = whole {
            self.from.consume(length);
            return text.map_err(|_| self.died());
        }
        let mut bytes = Vec::with_capacity(length.min(1 << 16));
        (&mut self.from)
            .take(length as u64)
            .read_to_end(&mut bytes)
            .map_err(|_| self.died())?;
        if bytes.len() != length {
            return Err(self.died());
        }
        String::from_utf8(bytes).map_err(|_| self.died())
    }

    /// Why the child stopped talking: the message for the user.
    fn died(&mut self) -> Message {
        self.mid_sheet = false;
        let _ = self.process.kill();
        let status = self.process.wait();
        death_message(status.ok())
    }
}

/// The message for a reader that stopped without a word.
fn death_message(status: Option<std::process::ExitStatus>) -> Message {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // A failed allocation aborts (SIGABRT); past the limit, the kernel
        // may also refuse a stack (SIGSEGV).
        if let Some(6 | 11) = status.and_then(|s| s.signal()) {
            return Message::new("import.workbook.reader_out_of_memory")
                .with("mib", LIMIT_BYTES >> 20);
        }
    }
    let _ = status;
    Message::new("import.workbook.reader_died")
}

fn write_text(to: &mut impl Write, text: &str) -> std::io::Result<()> {
    let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
    to.write_all(&length.to_le_bytes())?;
    to.write_all(&text.as_bytes()[..length as usize])
}

/// The child's side: limits its own address space, opens the workbook at
/// `path`, and serves its sheets' cells on stdout as the parent asks for
/// them on stdin. Returns the exit status.
pub fn serve(path: &Path) -> i32 {
    limit_memory();
    // Not locked: the writing thread of an xlsx sheet needs it (Send).
    let mut to = BufWriter::with_capacity(1 << 16, std::io::stdout());
    let served = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| serve_on(path, &mut to)));
    let written = match served {
        Ok(written) => written,
        Err(panic) => failed(&mut to, &super::workbook::panic_message(&*panic)),
    };
    match written.and_then(|()| to.flush()) {
        Ok(()) => 0,
        // The parent stopped listening: it has what it needed.
        Err(_) => 0,
    }
}

fn serve_on(path: &Path, to: &mut (impl Write + Send)) -> std::io::Result<()> {
    let open = |lean_xlsx: bool| {
        let open_file = || {
            std::fs::File::open(path)
                .map(|file| BufReader::with_capacity(1 << 16, file))
                .map_err(|e| {
                    (
                        Portable::new("import.file.cannot_open").with("error", e),
                        false,
                    )
                })
        };
        let reader = open_file()?;
        let size = reader.get_ref().metadata().map(|m| m.len()).unwrap_or(0);
        // The shared strings are read from the file opened once more, on a
        // thread of their own, while the first sheet is; in turn, if the
        // file was replaced in between.
        let again = match lean_xlsx {
            true => Some(open_file()?),
            false => None,
        };
        let lean = again.map(|again| {
            let same = same_file(reader.get_ref(), again.get_ref());
            move |reader| match same {
                true => LeanXlsx::open_overlapped(reader, again),
                false => LeanXlsx::open(reader),
            }
        });
        super::workbook::open_checked_with(reader, size, lean)
    };
    // An xlsx velho's reader refuses is given to calamine, which may read
    // it (its strings then held whole); its refusal is the one told.
    let opened = match open(true) {
        Err((_, true)) => open(false),
        opened => opened,
    }
    .map_err(|(refusal, _)| refusal);
    let mut workbook = match opened {
        Ok(opened) => opened,
        Err(message) => return failed(to, &message),
    };
    let (kind, is_1904, sheets) = match &workbook {
        Opened::Calamine(book, kind) => (
            *kind,
            super::workbook::is_1904(book),
            super::workbook::sheet_list(book.as_ref()),
        ),
        Opened::Lean(book) => ("XLSX", book.is_1904(), book.sheet_list()),
    };
    to.write_all(b"O")?;
    write_text(to, kind)?;
    to.write_all(&[u8::from(is_1904)])?;
    to.write_all(&(sheets.len() as u32).to_le_bytes())?;
    for (name, visible) in &sheets {
        write_text(to, name)?;
        to.write_all(&[u8::from(*visible)])?;
    }
    to.flush()?;
    let mut from = BufReader::new(std::io::stdin().lock());
    while let Some(name) = read_name(&mut from)? {
        let streamed = match &mut workbook {
            Opened::Lean(book) => stream_lean_sheet(book, &name, to),
            Opened::Calamine(book, _) => match book.as_mut() {
                Sheets::Xlsx(book) => stream_xlsx_sheet(book, &name, to),
                other => super::workbook::each_cell(other, &name, |position, cell, formula| {
                    write_cell(to, position, formula, &cell)
                        .map_err(|e| Portable::verbatim(e.to_string()))
                }),
            },
        };
        match streamed {
            Ok(()) => to.write_all(b"E")?,
            Err(message) => failed(to, &message)?,
        }
        to.flush()?;
    }
    Ok(())
}

/// Whether two opened files are one file, not replaced between the
/// openings (a save renames a new file over the old one): the same device,
/// inode, size and modification time. Elsewhere than Unix, no.
fn same_file(first: &std::fs::File, second: &std::fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let key = |f: &std::fs::File| {
            f.metadata()
                .ok()
                .map(|m| (m.dev(), m.ino(), m.len(), m.mtime(), m.mtime_nsec()))
        };
        matches!((key(first), key(second)), (Some(a), Some(b)) if a == b)
    }
    #[cfg(not(unix))]
    {
        let _ = (first, second);
        false
    }
}

/// Cells sent from the parsing thread to the writing one at a time.
const BATCH: usize = 4096;

/// A batch is sent sooner when its cells hold this much text of their own
/// (inline strings): what is in flight stays within a few MiB.
const BATCH_TEXT_BYTES: usize = 256 * 1024;

/// Batches velho's xlsx reader may parse ahead of the writing thread: its
/// shared strings are read on a third thread meanwhile, and a cell whose
/// string is in a block not yet read waits for that block. 32 batches
/// (some 7 MiB of cells and at most 8 MiB of their own text) keep the
/// parse going while the strings thread waits for a core.
const LEAN_IN_FLIGHT: usize = 32;

/// Streams an xlsx sheet's cells, read by velho's own reader, to `to` (see
/// [`stream_on_two_threads`]); the writing thread looks the shared strings up.
fn stream_lean_sheet<RS: Read + std::io::Seek + Send>(
    book: &mut LeanXlsx<RS>,
    name: &str,
    to: &mut (impl Write + Send),
) -> Result<(), Portable> {
    let failed = |e: &dyn std::fmt::Display| super::workbook::sheet_unreadable(name, e);
    let mut lookup = super::xlsx::Lookup::default();
    book.with_cells(name, |cells, strings| {
        stream_on_two_threads(
            LEAN_IN_FLIGHT,
            |value| match value {
                super::xlsx::Value::Data(data) => text_bytes(data),
                super::xlsx::Value::Shared(_) => 0,
            },
            || cells.next_cell().map_err(|e| failed(&e)),
            move |position, value, formula| {
                super::xlsx::with_cell(value, strings, &mut lookup, |cell| {
                    write_cell(to, position, formula, &cell).map_err(pipe_failed)
                })
                .map_err(|e| failed(&format!("cell {}: {e}", cell_reference(position))))?
            },
        )
    })
    .map_err(|e| failed(&e))?
}

/// Streams an xlsx sheet's cells, read by calamine, to `to` (see
/// [`stream_on_two_threads`]). The lean reader serves xlsx files; this
/// stays for a workbook it could not open.
fn stream_xlsx_sheet<RS: Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    to: &mut (impl Write + Send),
) -> Result<(), Portable> {
    let failed = |e: &dyn std::fmt::Display| super::workbook::sheet_unreadable(name, e);
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
    stream_on_two_threads(
        4,
        text_bytes,
        || {
            reader
                .next_cell_with_formula_metadata()
                .map(|cell| cell.map(|c| (c.pos, c.value, c.formula.is_some())))
                .map_err(|e| failed(&e))
        },
        |position, value, formula| {
            let cell = super::workbook::from_data_ref(value);
            write_cell(to, position, formula, &cell).map_err(pipe_failed)
        },
    )
}

/// Streams a sheet's cells on two cores, as the in-process reader does:
/// `next` parses on this thread and hands batches of cells to a second
/// thread that converts and writes them (`write`), so the pipe costs the
/// parse no time.
fn stream_on_two_threads<V: Send>(
    in_flight: usize,
    text_bytes: impl Fn(&V) -> usize,
    mut next: impl FnMut() -> Result<Option<((u32, u32), V, bool)>, Portable>,
    mut write: impl FnMut((u32, u32), V, bool) -> Result<(), Portable> + Send,
) -> Result<(), Portable> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<_>>(in_flight);
        // Emptied batches come back to be filled again: no allocation (of a
        // size the allocator maps and unmaps) per batch.
        let (give_back, returned) = std::sync::mpsc::channel::<Vec<_>>();
        let writing = scope.spawn(move || -> Result<(), Portable> {
            for mut batch in receiver {
                for (position, value, formula) in batch.drain(..) {
                    write(position, value, formula)?;
                }
                let _ = give_back.send(batch);
            }
            Ok(())
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut bytes = 0;
        let read = loop {
            match next() {
                Ok(Some(cell)) => {
                    bytes += text_bytes(&cell.1);
                    batch.push(cell);
                    if batch.len() == BATCH || bytes >= BATCH_TEXT_BYTES {
                        bytes = 0;
                        let empty = returned
                            .try_recv()
                            .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                        let full = std::mem::replace(&mut batch, empty);
                        // A send fails only when the writer stopped (the parent
                        // left, or a cell could not be written).
                        if sender.send(full).is_err() {
                            break Ok(());
                        }
                    }
                }
                Ok(None) => break Ok(()),
                Err(message) => break Err(message),
            }
        };
        if !batch.is_empty() {
            let _ = sender.send(batch);
        }
        drop(sender);
        let written = match writing.join() {
            Ok(written) => written,
            Err(panic) => Err(super::workbook::panic_message(&*panic)),
        };
        written.and(read)
    })
}

/// A cell's place as a spreadsheet names it (`B12`), from its 0-based
/// (row, column).
fn cell_reference((row, column): (u32, u32)) -> String {
    let column = u16::try_from(column).unwrap_or(u16::MAX);
    format!(
        "{}{}",
        rust_xlsxwriter::utility::column_number_to_name(column),
        u64::from(row) + 1
    )
}

/// The text a cell value holds of its own.
fn text_bytes(value: &calamine::DataRef<'_>) -> usize {
    match value {
        calamine::DataRef::String(s)
        | calamine::DataRef::DateTimeIso(s)
        | calamine::DataRef::DurationIso(s) => s.len(),
        _ => 0,
    }
}

/// A failed write to the pipe (the parent went away).
fn pipe_failed(e: std::io::Error) -> Portable {
    Portable::verbatim(e.to_string())
}

/// The next sheet name the parent asks for; `None` when it is done.
fn read_name(from: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut length = [0; 4];
    if from.fill_buf()?.is_empty() {
        return Ok(None);
    }
    from.read_exact(&mut length)?;
    let mut name = Vec::new();
    from.take(u64::from(u32::from_le_bytes(length)))
        .read_to_end(&mut name)?;
    Ok(Some(String::from_utf8_lossy(&name).into_owned()))
}

fn failed(to: &mut impl Write, message: &Portable) -> std::io::Result<()> {
    to.write_all(b"F")?;
    message.write(to)
}

fn write_cell(
    to: &mut impl Write,
    (row, column): (u32, u32),
    formula: bool,
    cell: &Cell,
) -> std::io::Result<()> {
    let (tag, text) = match cell {
        Cell::Empty if !formula => return Ok(()),
        // A formula whose result was never saved.
        Cell::Empty => (b'_', None),
        Cell::Number(_) => (b'N', None),
        Cell::Date(_) => (b'D', None),
        Cell::Text(t) => (b'T', Some(t.as_ref())),
        Cell::Error(e) => (b'X', Some(e.as_str())),
    };
    // One write for the cell's fixed part (the cells are millions).
    let mut head = [0u8; 19];
    head[0] = b'C';
    head[1..5].copy_from_slice(&row.to_le_bytes());
    head[5..9].copy_from_slice(&column.to_le_bytes());
    head[9] = u8::from(formula);
    head[10] = tag;
    let end = match cell {
        Cell::Number(n) => {
            head[11..19].copy_from_slice(&n.to_le_bytes());
            19
        }
        Cell::Date(d) => {
            head[11..15].copy_from_slice(&d.num_days_from_ce().to_le_bytes());
            15
        }
        _ => match text {
            Some(text) => {
                let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
                head[11..15].copy_from_slice(&length.to_le_bytes());
                to.write_all(&head[..15])?;
                return to.write_all(&text.as_bytes()[..length as usize]);
            }
            None => 11,
        },
    };
    to.write_all(&head[..end])
}

/// Limits this process's address space to [`LIMIT_BYTES`].
fn limit_memory() {
    #[cfg(unix)]
    let _ = rlimit::setrlimit(rlimit::Resource::AS, LIMIT_BYTES, LIMIT_BYTES);
}

#[cfg(test)]
mod tests {
    use super::same_file;

    #[test]
    #[cfg(unix)]
    fn a_file_opened_twice_is_one_file_until_it_is_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("kirjanpito.xlsx");
        std::fs::write(&path, b"PK first").unwrap();
        let first = std::fs::File::open(&path).unwrap();
        let again = std::fs::File::open(&path).unwrap();
        assert!(same_file(&first, &again));
        // Replaced as a save does it: a new file renamed over the old one.
        let new = folder.path().join("uusi.xlsx");
        std::fs::write(&new, b"PK second, longer").unwrap();
        std::fs::rename(&new, &path).unwrap();
        let replaced = std::fs::File::open(&path).unwrap();
        assert!(!same_file(&first, &replaced));
    }
}
