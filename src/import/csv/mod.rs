//! CSV and text exports: encoding, delimiter, header row, quoting, then rows.
//!
//! The file is never held whole: it is read as a stream, once to settle its
//! encoding (a BOM decides; else a file valid UTF-8 throughout is UTF-8; else
//! Windows-1252), then to find the delimiter and the header in its first
//! rows, then to read the rows. Reading the rows keeps three threads busy
//! on the two cores: one parses records (csv crate) a few batches ahead,
//! one turns them into ledger rows, and one hashes the same bytes and checks
//! their quotes. A file whose decimal mark or date order shows
//! only late is read again from the start ([`Finished::Again`]). Only UTF-16
//! (Excel's "Unicode text", rare) is transcoded whole first.
//!
//! A Windows-1252 file is transcoded to UTF-8 as it streams into the CSV
//! parser (encoding_rs_io), a buffer at a time: the fields arrive as UTF-8
//! and become cells without an allocation each, and the file is never copied
//! whole. (`;`, `,`, tab, `|`, quotes and line ends are ASCII in every
//! encoding velho accepts, so the records are the same either way.)
//!
//! The csv crate never fails on bad quoting (`1,"x"y,3` reads as `xy`; an
//! unterminated quote swallows the rest of the file), so [`check_quoting`]
//! reads the quotes itself and names the line where they go wrong.

use std::borrow::Cow;
use std::io;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use csv::{ByteRecord, StringRecord};
use sha2::{Digest, Sha256};

mod dialect;
mod encoding;
mod lines;
mod quotes;
mod source;
pub(crate) mod table;

use dialect::sniff;
use encoding::{Encoding, Utf8Scan, Utf8Stream, finish_letters, mixed_encodings, settle_encoding};
use lines::{Records, csv_error};
use quotes::QuoteCheck;
pub use quotes::check_quoting;
pub use source::Source;
use source::{Body, CHUNK};

use super::LedgerFile;
use super::rows::{Cell, FileContext, Finished, Header, LedgerBuilder, header_not_found};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};
use crate::text::Message;

const DELIMITERS: [u8; 4] = [b';', b'\t', b',', b'|'];

/// An I/O error while reading the file.
fn io_error(source: Source, context: &FileContext, e: io::Error) -> Error {
    match source {
        Source::File(path, _) => Error::io(path, e),
        Source::Bytes(_) => Error::input(
            context.location.clone(),
            Message::new("import.file.unreadable").with("error", e),
        ),
    }
}

/// Reads a CSV or text export, and hashes its bytes (SHA-256) on the way.
pub fn read(source: Source, context: &FileContext) -> Result<LedgerFile> {
    let (encoding, transcoded, skip, letters) = settle_encoding(source, context)?;
    let body = Body::settled(source, transcoded.as_deref(), skip, encoding);
    let mut near = None;
    let sniffed = sniff(body, context, &mut near).map_err(|e| io_error(source, context, e))?;
    let Some((delimiter, header)) = sniffed else {
        // A mixed file is the error before a missing header, as ever.
        if let Some(stream) = letters
            && let Some(mixed) = finish_letters(source, stream, context)?
        {
            return Err(mixed);
        }
        return Err(header_not_found(
            context.location.clone(),
            context.options,
            near.as_ref(),
        ));
    };
    // The bytes are hashed and their quotes checked on the other core while
    // this one reads the rows; broken quotes are the error even when the
    // rows failed too, as when the check came first.
    std::thread::scope(|scope| {
        let separate = transcoded.as_deref();
        let checking =
            scope.spawn(move || hash_and_check_quotes(source, skip, separate, delimiter, letters));
        let file = read_all_rows(body, delimiter, header, encoding, context);
        match checking.join() {
            Ok((hash, quoting, letters)) => {
                // A mixed file is the error before anything the rows showed.
                if let Some(scan) = letters
                    && let Some(mixed) = mixed_encodings(&scan, context)
                {
                    return Err(mixed);
                }
                if let Err((line, message)) = quoting {
                    return Err(Error::input(context.location.at_row(line.into()), message));
                }
                let mut file = file?;
                file.sha256 = hash.map_err(|e| io_error(source, context, e))?;
                Ok(file)
            }
            Err(_) => Err(Error::input(
                context.location.clone(),
                Message::new("import.csv.quote_check_failed"),
            )),
        }
    })
}

/// SHA-256 of the file's bytes (hex), and [`check_quoting`] over the body:
/// the file after `skip` bytes, or `separate` (UTF-16 transcoded).
fn hash_and_check_quotes(
    source: Source,
    skip: u64,
    separate: Option<&[u8]>,
    delimiter: u8,
    letters: Option<Utf8Stream>,
) -> CheckedStream {
    let mut letters = letters.map(|mut stream| (stream.resume(), stream));
    let mut hasher = Sha256::new();
    let mut quotes = QuoteCheck::new(delimiter);
    let mut quoting = Ok(());
    let mut at = 0u64;
    let read = source.for_each_chunk(0, |chunk| {
        hasher.update(chunk);
        if separate.is_none() && quoting.is_ok() {
            let start = skip.saturating_sub(at).min(chunk.len() as u64) as usize;
            quoting = quotes.feed(&chunk[start..]);
        }
        if let Some((from, stream)) = &mut letters {
            let start = from.saturating_sub(at).min(chunk.len() as u64) as usize;
            if start < chunk.len() {
                stream.feed(&chunk[start..]);
            }
        }
        at += chunk.len() as u64;
        true
    });
    if let Some(text) = separate {
        quoting = quotes.feed(text);
    }
    let quoting = quoting.and_then(|()| quotes.finish());
    let hash = read.map(|()| crate::model::hex(&hasher.finalize()));
    (hash, quoting, letters.map(|(_, stream)| stream.finish()))
}

/// What [`hash_and_check_quotes`] found: the hash, the quotes, and the UTF-8 letters.
type CheckedStream = (
    io::Result<String>,
    Result<(), (u32, Message)>,
    Option<Utf8Scan>,
);

fn read_all_rows(
    body: Body,
    delimiter: u8,
    header: Header,
    encoding: Encoding,
    context: &FileContext,
) -> Result<LedgerFile> {
    let mut known = (None, SlashOrder::Unknown);
    let mut header = Some(header);
    let mut file = loop {
        let this = match header.take() {
            Some(h) => h,
            None => sniff(body, context, &mut None)
                .map_err(|e| io_error(body.source, context, e))?
                .map(|(_, h)| h)
                .ok_or_else(|| header_not_found(context.location.clone(), context.options, None))?,
        };
        let header_index = this.index;
        let builder = LedgerBuilder::new(context, this)?
            .with_decimal_mark(known.0)
            .with_slash_order(known.1)
            .with_comma_delimiter(delimiter == b',');
        match read_rows(body, delimiter, header_index, builder, context)? {
            Finished::Done(file) => break *file,
            Finished::Again(mark, order) if (mark, order) != known => known = (mark, order),
            Finished::Again(..) => {
                return Err(Error::input(
                    context.location.clone(),
                    Message::new("import.csv.undecided"),
                ));
            }
        }
    };
    let delimiter_name = if delimiter == b'\t' {
        "tab".to_string()
    } else {
        (delimiter as char).to_string()
    };
    file.format = format!(
        "CSV, {}, delimiter '{}', {}",
        encoding.describe(),
        delimiter_name,
        file.details
            .decimal_mark
            .as_deref()
            .unwrap_or("no decimals")
    );
    file.note_layout();
    file.details.encoding = Some(encoding.describe().to_string());
    file.details.delimiter = Some(delimiter_name);
    Ok(file)
}

/// Records parsed ahead, a batch at a time, on another thread.
const BATCH: usize = 1024;

/// Batches on their way from the parsing thread to the rows.
const BATCHES_AHEAD: usize = 4;

/// Records and their lines, parsed on one thread and read on another; the
/// records keep their buffers when the batch comes back to be filled again.
#[derive(Default)]
struct Batch {
    /// Each record and its line; only the first `len` are this batch's.
    records: Vec<(u32, StringRecord)>,
    len: usize,
    /// On the last batch: the end of the file, or the error that ended the reading.
    end: Option<Result<()>>,
}

/// Parses records into batches until the file ends, an error stops it, or
/// the rows' side hangs up (it had an error of its own).
fn parse_ahead(
    mut records: Records,
    location: &crate::error::Location,
    full: SyncSender<Batch>,
    empty: Receiver<Batch>,
) {
    loop {
        let mut batch = empty.try_recv().unwrap_or_default();
        batch.len = 0;
        while batch.len < BATCH {
            if batch.records.len() == batch.len {
                batch.records.push((0, StringRecord::new()));
            }
            let (line, record) = &mut batch.records[batch.len];
            match records.next_into(record) {
                Ok(Some(at)) => {
                    *line = at;
                    batch.len += 1;
                }
                Ok(None) => {
                    batch.end = Some(Ok(()));
                    break;
                }
                Err(e) => {
                    batch.end = Some(Err(csv_error(location, e)));
                    break;
                }
            }
        }
        let last = batch.end.is_some();
        if full.send(batch).is_err() || last {
            return;
        }
    }
}

/// Reads the rows below the header into the builder. The csv parser runs on
/// another thread, a few batches ahead (both cores work: this one turns
/// records into rows).
fn read_rows(
    body: Body,
    delimiter: u8,
    header_index: usize,
    builder: LedgerBuilder,
    context: &FileContext,
) -> Result<Finished> {
    let records = Records::new(body, delimiter).map_err(|e| io_error(body.source, context, e))?;
    let location = context.location.clone();
    std::thread::scope(|scope| {
        let (full_sender, full) = sync_channel(BATCHES_AHEAD);
        let (empty, empty_receiver) = channel();
        let location = &location;
        let parsing =
            scope.spawn(move || parse_ahead(records, location, full_sender, empty_receiver));
        let rows = rows_of_batches(body.len(), header_index, builder, context, full, empty);
        // The parser stops by itself once the batches' receiver is gone.
        match (parsing.join(), rows) {
            (Ok(()), rows) => rows,
            (Err(_), Err(e)) => Err(e),
            (Err(_), Ok(_)) => Err(Error::input(
                context.location.clone(),
                Message::new("import.csv.parsing_failed"),
            )),
        }
    })
}

/// The rows' side of [`read_rows`].
fn rows_of_batches(
    total: u64,
    header_index: usize,
    mut builder: LedgerBuilder,
    context: &FileContext,
    full: Receiver<Batch>,
    empty: Sender<Batch>,
) -> Result<Finished> {
    let mut index = 0;
    let mut width = 0;
    // One buffer of cells for every row: emptied and handed back each time
    // (`into_iter().map().collect()` reuses the allocation).
    let mut spare: Vec<Cell<'static>> = Vec::new();
    let early = builder.early_columns();
    let mut last_was_other = true;
    loop {
        let Ok(mut batch) = full.recv() else {
            // The parser ended without saying why (it panicked).
            return Err(Error::input(
                context.location.clone(),
                Message::new("import.csv.parsing_failed"),
            ));
        };
        for (line, record) in &batch.records[..batch.len] {
            let line = *line;
            index += 1;
            if index <= header_index {
                continue;
            }
            if index == header_index + 1 {
                width = record.len();
                continue;
            }
            check_width(record.as_byte_record(), width, line, context)?;
            if line.is_multiple_of(super::PROGRESS_EVERY) {
                // (A Windows-1252 body streams as UTF-8, a little longer than the file.)
                let byte = record.position().map_or(0, |p| p.byte());
                (context.progress)(byte.min(total), total);
            }
            // Another project's row needs only a few of its fields: after such
            // a row, the rest are decoded only when the next row turns out to be
            // the project's (rows of one kind tend to come in runs).
            // (Sized, then filled: no capacity check per field.)
            let mut cells: Vec<Cell> = spare.into_iter().map(|_| Cell::Empty).collect();
            cells.resize(record.len(), Cell::Empty);
            if last_was_other {
                for (i, (cell, field)) in cells.iter_mut().zip(record.iter()).enumerate() {
                    if early.get(i).is_none_or(|&e| e) {
                        *cell = Cell::Text(Cow::Borrowed(field));
                    }
                }
                if !builder.is_other_row(&cells) {
                    for ((cell, f), &e) in cells.iter_mut().zip(record.iter()).zip(&early) {
                        if !e {
                            *cell = Cell::Text(Cow::Borrowed(f));
                        }
                    }
                }
            } else {
                for (cell, field) in cells.iter_mut().zip(record.iter()) {
                    *cell = Cell::Text(Cow::Borrowed(field));
                }
            }
            let others = builder.other_rows();
            builder.push(line, &cells)?;
            last_was_other = builder.other_rows() > others;
            cells.clear();
            spare = cells.into_iter().map(|_| Cell::Empty).collect();
        }
        match batch.end.take() {
            Some(end) => {
                end?;
                break;
            }
            None => {
                // Back to be filled again (the parser may have ended: no matter).
                let _ = empty.send(batch);
            }
        }
    }
    (context.progress)(total, total);
    builder.finish()
}

/// A row with fewer fields than the header, or extra fields holding data, is
/// a broken export (or a quote that swallowed a delimiter).
fn check_width(record: &ByteRecord, width: usize, line: u32, context: &FileContext) -> Result<()> {
    let blank = record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
    let extra_data = record
        .iter()
        .skip(width)
        .any(|f| !f.iter().all(u8::is_ascii_whitespace));
    if blank || (record.len() >= width && !extra_data) {
        return Ok(());
    }
    let key = match record.len() {
        1 => "import.csv.width.one",
        _ => "import.csv.width.many",
    };
    Err(Error::input(
        context.location.at_row(line.into()),
        Message::new(key)
            .with("fields", record.len())
            .with("width", width),
    ))
}

#[cfg(test)]
mod tests;
