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
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use csv::{ByteRecord, StringRecord};
use encoding_rs::WINDOWS_1252;
use sha2::{Digest, Sha256};

mod dialect;
mod encoding;
mod lines;
mod quotes;
pub(crate) mod table;

use dialect::sniff;
use encoding::{Encoding, Utf8Scan, Utf8Stream, finish_letters, mixed_encodings, settle_encoding};
use lines::{Records, csv_error};
use quotes::QuoteCheck;
pub use quotes::check_quoting;

use super::LedgerFile;
use super::rows::{Cell, FileContext, Finished, Header, LedgerBuilder, header_not_found};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};

/// How many bytes a stream reads at a time.
const CHUNK: usize = 256 * 1024;

/// Where the bytes of a text export come from. A file is opened again for
/// every pass over it, and never read whole.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    /// Bytes already in memory.
    Bytes(&'a [u8]),
    /// A file on disk and its size.
    File(&'a Path, u64),
}

impl<'a> Source<'a> {
    fn len(&self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::File(_, len) => *len,
        }
    }

    /// The bytes from `skip` on.
    fn open(&self, skip: u64) -> io::Result<Box<dyn Read + Send + 'a>> {
        match *self {
            Source::Bytes(b) => Ok(Box::new(&b[(skip as usize).min(b.len())..])),
            Source::File(path, _) => {
                let mut file = std::fs::File::open(path)?;
                if skip > 0 {
                    file.seek(SeekFrom::Start(skip))?;
                }
                Ok(Box::new(file))
            }
        }
    }

    /// The first `n` bytes (fewer when the file is shorter).
    fn head(&self, n: usize) -> io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(n);
        self.open(0)?.take(n as u64).read_to_end(&mut head)?;
        Ok(head)
    }

    /// Every byte (for UTF-16, which is transcoded whole).
    fn all(&self) -> io::Result<Vec<u8>> {
        let mut all = Vec::new();
        self.open(0)?.read_to_end(&mut all)?;
        Ok(all)
    }

    /// Calls `each` with the bytes from `skip` on, a chunk at a time, until it says stop.
    pub(super) fn for_each_chunk(
        &self,
        skip: u64,
        each: impl FnMut(&[u8]) -> bool,
    ) -> io::Result<()> {
        self.for_each_chunk_of(CHUNK, skip, each)
    }

    /// [`Source::for_each_chunk`] with chunks of `size` bytes (tests use small ones).
    fn for_each_chunk_of(
        &self,
        size: usize,
        skip: u64,
        mut each: impl FnMut(&[u8]) -> bool,
    ) -> io::Result<()> {
        if let Source::Bytes(b) = *self {
            let rest = &b[(skip as usize).min(b.len())..];
            for chunk in rest.chunks(size) {
                if !each(chunk) {
                    break;
                }
            }
            return Ok(());
        }
        let mut reader = self.open(skip)?;
        let mut buffer = vec![0u8; size];
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if !each(&buffer[..n]) {
                return Ok(());
            }
        }
    }
}

/// The bytes to parse: the file after its BOM, or its UTF-16 text as UTF-8.
#[derive(Clone, Copy)]
struct Body<'a> {
    source: Source<'a>,
    skip: u64,
    /// The bytes are Windows-1252: opened, they stream as UTF-8.
    windows_1252: bool,
}

impl<'a> Body<'a> {
    /// The body of a file whose encoding is settled: its UTF-16 text
    /// transcoded, else the file after `skip` bytes.
    fn settled(
        source: Source<'a>,
        transcoded: Option<&'a [u8]>,
        skip: u64,
        encoding: Encoding,
    ) -> Body<'a> {
        match transcoded {
            Some(text) => Body {
                source: Source::Bytes(text),
                skip: 0,
                windows_1252: false,
            },
            None => Body {
                source,
                skip,
                windows_1252: encoding.is_windows_1252(),
            },
        }
    }

    /// The bytes to parse (as stored: a Windows-1252 file is shorter than its UTF-8).
    fn len(&self) -> u64 {
        self.source.len().saturating_sub(self.skip)
    }

    /// The body as UTF-8 text (Windows-1252 transcoded as it is read).
    fn open(&self) -> io::Result<Box<dyn Read + Send + 'a>> {
        let raw = self.source.open(self.skip)?;
        if !self.windows_1252 {
            return Ok(raw);
        }
        Ok(Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(WINDOWS_1252))
                .bom_sniffing(false)
                .build_with_buffer(raw, vec![0; CHUNK])?,
        ))
    }
}

const DELIMITERS: [u8; 4] = [b';', b'\t', b',', b'|'];

/// An I/O error while reading the file.
fn io_error(source: Source, context: &FileContext, e: io::Error) -> Error {
    match source {
        Source::File(path, _) => Error::io(path, e),
        Source::Bytes(_) => Error::input(
            context.location.clone(),
            format!("the file could not be read: {e}"),
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
                "the file could not be read: checking its quotes failed",
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
    Result<(), (u32, String)>,
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
                    "the decimal mark or the date order could not be decided",
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
                "the file could not be read: parsing it failed",
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
                "the file could not be read: parsing it failed",
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
            let mut cells: Vec<Cell> = spare.into_iter().map(|_| Cell::Empty).collect();
            if last_was_other {
                cells.extend(record.iter().enumerate().map(|(i, f)| {
                    if early.get(i).is_none_or(|&e| e) {
                        Cell::Text(Cow::Borrowed(f))
                    } else {
                        Cell::Empty
                    }
                }));
                if !builder.is_other_row(&cells) {
                    for ((cell, f), &e) in cells.iter_mut().zip(record.iter()).zip(&early) {
                        if !e {
                            *cell = Cell::Text(Cow::Borrowed(f));
                        }
                    }
                }
            } else {
                cells.extend(record.iter().map(|f| Cell::Text(Cow::Borrowed(f))));
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
    Err(Error::input(
        context.location.at_row(line.into()),
        format!(
            "the row has {} fields but the header has {width}; check the delimiter and the quotes on this line",
            record.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::encoding::{continuation_bytes, count_newlines, stream_utf8_in};
    use super::*;
    use crate::config::RowFilter;
    use crate::error::Location;
    use crate::import::ImportOptions;

    fn read_text(bytes: &[u8]) -> Result<LedgerFile> {
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            projects: vec![],
            ..RowFilter::default()
        };
        let context = FileContext {
            location: Location::file("t.csv"),
            index: 0,
            filter: &filter,
            options: &ImportOptions::default(),
            progress: &crate::import::no_progress,
        };
        read(Source::Bytes(bytes), &context)
    }

    /// The whole-file rules the streaming scan must match: the line of the
    /// first invalid byte, and of the first valid multi-byte character.
    fn reference(bytes: &[u8]) -> (Option<u64>, Option<u64>) {
        let line_of = |at: usize| count_newlines(&bytes[..at]) + 1;
        let invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
        let letter = (0..bytes.len()).find(|&start| {
            let len = match bytes[start] {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 1,
            };
            len > 1
                && bytes
                    .get(start..start + len)
                    .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
        });
        (invalid.map(line_of), letter.map(line_of))
    }

    #[test]
    fn the_streamed_encoding_scan_matches_the_whole_file_rules_at_every_chunk_size() {
        let texts: [&[u8]; 9] = [
            b"a;b\n1;2\n",
            "Pvm;Selite\n1.1.2021;Jämsä\n2.1.2021;€uro\n".as_bytes(),
            b"Pvm;Selite\n1.1.2021;J\xE4ms\xE4\n",
            b"Pvm;Selite\n1.1.2021;J\xE4ms\xE4\n2.1.2021;J\xC3\xA4ms\xC3\xA4\n",
            b"Pvm;Selite\n1.1.2021;J\xC3\xA4\n2.1.2021;J\xE4ms\xE4\n",
            b"x\n\xE2\x82\n\xE2\x82\xAC\n",
            b"x\n\xF0\x9F\x98",
            b"\xE2\x82\xAC",
            b"\n\n\x80\x80\n\xF0\x9F\x98\x80\n",
        ];
        for text in texts {
            for chunk in 1..=9 {
                for (want_letter, pause) in [(false, false), (true, false), (true, true)] {
                    let mut stream = Utf8Stream::new(Utf8Scan {
                        want_letter,
                        pause_at_invalid: pause,
                        ..Utf8Scan::default()
                    });
                    stream_utf8_in(chunk, Source::Bytes(text), 0, &mut stream).unwrap();
                    if stream.scan.done && stream.scan.letter_line.is_none() && pause {
                        let from = stream.resume();
                        stream_utf8_in(chunk, Source::Bytes(text), from, &mut stream).unwrap();
                    }
                    let scan = stream.finish();
                    let (invalid, letter) = reference(text);
                    assert_eq!(scan.invalid_line, invalid, "{text:?} in chunks of {chunk}");
                    if want_letter || invalid.is_none() {
                        assert_eq!(scan.letter_line, letter, "{text:?} in chunks of {chunk}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Continuation bytes found a word at a time are those a byte at a time finds.
        #[test]
        fn continuation_bytes_are_found_a_word_at_a_time(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
        ) {
            let expected: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| (0x80..=0xBF).contains(*b))
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(continuation_bytes(&bytes).collect::<Vec<_>>(), expected);
        }
    }

    proptest::proptest! {
        /// The streamed scan finds the whole-file rules' lines on any mix of
        /// Windows-1252 letters, UTF-8 letters (whole and cut) and line ends.
        #[test]
        fn the_streamed_encoding_scan_matches_the_rules_on_any_bytes(
            text in proptest::collection::vec(proptest::sample::select(
                vec![b'a', b'\n', 0xE4, 0xC3, 0xA4, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xC0]),
                0..60),
            chunk in 1usize..12,
        ) {
            let mut stream = Utf8Stream::new(Utf8Scan {
                want_letter: true,
                pause_at_invalid: false,
                ..Utf8Scan::default()
            });
            stream_utf8_in(chunk, Source::Bytes(&text), 0, &mut stream).unwrap();
            let scan = stream.finish();
            proptest::prop_assert_eq!((scan.invalid_line, scan.letter_line), reference(&text));
        }
    }

    #[test]
    fn quotes_checked_in_chunks_match_the_whole_text() {
        let texts: [&[u8]; 5] = [
            b"a;\"b;c\";d\n",
            b"a;b\n1;\"x\"y\n",
            b"a;b\n1;\"x\n2;3\n",
            b"a;b\n1;\"x\ny\"\n2;\"\"\"q\"\"\"\r\n",
            b"a;b\n1;\"open\n",
        ];
        for text in texts {
            let whole = check_quoting(text, b';');
            for chunk in 1..=5 {
                let mut check = QuoteCheck::new(b';');
                let streamed = text
                    .chunks(chunk)
                    .try_for_each(|c| check.feed(c))
                    .and_then(|()| check.finish());
                assert_eq!(streamed, whole, "{text:?} in chunks of {chunk}");
            }
        }
    }

    proptest::proptest! {
        /// Skipping the bytes between quotes, line ends and delimiters gives
        /// what stepping through every byte gives, on any text.
        #[test]
        fn skipping_plain_bytes_checks_quotes_as_byte_by_byte(
            text in proptest::collection::vec(
                proptest::sample::select(b"ab ;\"\n\r,".to_vec()), 0..200),
            chunk in 1usize..40,
        ) {
            let mut bytewise = QuoteCheck::new(b';');
            let expected = text
                .iter()
                .try_for_each(|&b| bytewise.step(b))
                .and_then(|()| bytewise.finish());
            let mut skipping = QuoteCheck::new(b';');
            let got = text
                .chunks(chunk)
                .try_for_each(|c| skipping.feed(c))
                .and_then(|()| skipping.finish());
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn line_numbers_stay_true_far_into_a_long_file() {
        // CRLF line ends, blank lines and a quoted line break, over many
        // refills of the reader's buffer.
        let mut text = String::from("Pvm;Tili;Kp;Selite;Summa\r\n");
        let mut line = 1;
        for i in 0..20_000 {
            if i % 7 == 0 {
                text.push_str("\r\n");
                line += 1;
            }
            if i % 1000 == 5 {
                text.push_str("1.1.2021;4000;7311;\"kaksi\r\nriviä\";1,00\r\n");
                line += 2;
                continue;
            }
            text.push_str("1.1.2021;4000;7311;rivi;1,00\r\n");
            line += 1;
        }
        let good = read_text(text.as_bytes()).unwrap();
        let last = good.rows.last().unwrap().source.row;
        assert_eq!(u64::from(last), line as u64);
        text.push_str("2.1.2021;4000;7311;rivi;yksi\r\n");
        let error = read_text(text.as_bytes()).unwrap_err().to_string();
        assert!(error.contains(&format!("row {}", line + 1)), "{error}");
    }

    #[test]
    fn utf8_letters_after_windows_1252_make_a_mixed_file_found_while_the_rows_are_read() {
        let mixed = read_text(
            b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;J\xE4ms\xE4;1,00\n2.1.2021;4000;7311;J\xC3\xA4ms\xC3\xA4;2,00\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            mixed.starts_with("t.csv, row 2: the file mixes two text encodings")
                && mixed.contains("but line 3 has UTF-8 letters"),
            "{mixed}"
        );
        let mixed_without_header = read_text(b"a;b\n\xE4;1\n\xC3\xA4;2\n")
            .unwrap_err()
            .to_string();
        assert!(
            mixed_without_header.contains("row 2: the file mixes")
                && mixed_without_header.contains("line 3"),
            "{mixed_without_header}"
        );
        let windows_1252 =
            read_text(b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;J\xE4ms\xE4;1,00\n").unwrap();
        assert_eq!(windows_1252.rows[0].description.to_string(), "Jämsä");
    }

    #[test]
    fn windows_1252_with_title_lines_and_totals() {
        let text = "Jämsän kaupunki\r\nPääkirjaote\r\n\r\nTositepvm;Tositenro;Tili;Kustannuspaikka;Selite;Debet;Kredit\r\n\
                    1.9.2020;1;4000;7311;Palkka syyskuu;3 500,00;\r\n\
                    2.9.2020;2;4000;2100;Muu;1,50;\r\n\
                    Yhteensä;;;;;3 501,50;\r\n";
        let bytes = WINDOWS_1252.encode(text).0;
        let file = read_text(&bytes).unwrap();
        assert!(file.format.contains("Windows-1252"), "{}", file.format);
        assert!(file.format.contains("delimiter ';'"));
        assert_eq!(file.header_row, 4);
        assert_eq!(
            (file.rows_read, file.other_rows, file.totals_rows),
            (3, 1, 1)
        );
        assert_eq!(file.rows[0].amount, "3500".parse().unwrap());
        assert_eq!(file.rows[0].source.row, 5);
        assert_eq!(
            file.control_totals[0].stated,
            file.control_totals[0].computed
        );
    }

    #[test]
    fn utf16_tab_separated_with_point_decimals() {
        let text = "Date\tAccount\tCost centre\tAmount\r\n2021-01-05\t4000\t7311\t1,234.50\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let file = read_text(&bytes).unwrap();
        assert!(
            file.format.contains("UTF-16")
                && file.format.contains("tab")
                && file.format.contains("decimal point")
        );
        assert_eq!(file.rows[0].amount, "1234.50".parse().unwrap());
    }

    #[test]
    fn quoted_delimiters_stay_in_the_field() {
        let file =
            read_text(b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4340;7311;\"Konsultti; osa 1\";10,00\n")
                .unwrap();
        assert_eq!(file.rows[0].description, "Konsultti; osa 1");
    }

    #[test]
    fn broken_files_are_errors_with_their_line() {
        let ragged =
            read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;5,00\n2.1.2021;4000\n").unwrap_err();
        assert_eq!(
            ragged.to_string(),
            "t.csv, row 3: the row has 2 fields but the header has 4; check the delimiter and the quotes on this line"
        );
        let mixed =
            read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;5,50\n2.1.2021;4000;7311;1,234.00\n")
                .unwrap_err();
        assert!(
            mixed.to_string().contains(
                "t.csv, row 3, column \"Summa\": \"1,234.00\" uses a decimal point but the amounts on row 2 use a decimal comma"
            ),
            "{mixed}"
        );
        let no_header = read_text(b"a;b;c\n1;2;3\n").unwrap_err();
        assert!(no_header.to_string().contains("no header row found"));
        let swallowed =
            read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;\"5,00\n2.1.2021;4000;7311;6,00\n")
                .unwrap_err();
        assert!(swallowed.to_string().contains("row 2"), "{swallowed}");
    }
}
