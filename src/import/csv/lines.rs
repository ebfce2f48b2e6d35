//! Line tracking: the records of a CSV stream with their true 1-based line
//! numbers (CRLF, LF and CR-only line ends alike), without the file in memory.

use std::collections::VecDeque;
use std::io::{self, Read};

use csv::{ReaderBuilder, StringRecord};

use super::Body;
use crate::error::Error;
use crate::text::Message;

/// A reader that notes where each `\r` and `\n` passes, so that records get
/// their true line numbers without the file in memory.
pub(super) struct LineEnds<'a> {
    inner: Box<dyn Read + Send + 'a>,
    offset: u64,
    /// `(offset, ends a line)` of the line-end bytes read but not yet
    /// counted: a `\r`, and a `\n` that does not follow a `\r`, each end a
    /// line, so CRLF, LF and CR-only files (old Mac exports) count alike.
    ends: VecDeque<(u64, bool)>,
    /// The last byte read was a `\r` (a CRLF may span two reads).
    after_cr: bool,
    /// Where the record the parser is in starts, and its line.
    record_start: (u64, u32),
}

/// The most bytes one record may span (a lost quote would otherwise make
/// the rest of the file one field, held in memory with every line end).
pub(super) const RECORD_BYTES: u64 = 16 << 20;

/// A record that runs on past [`RECORD_BYTES`]: the reading's error, told
/// to the user by [`csv_error`].
#[derive(Debug)]
struct RunawayRecord {
    /// The line the record starts on.
    line: u32,
}

impl RunawayRecord {
    fn message(&self) -> Message {
        Message::new("import.csv.runaway_record")
            .with("line", self.line)
            .with("mib", RECORD_BYTES >> 20)
    }
}

impl std::fmt::Display for RunawayRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for RunawayRecord {}

impl Read for LineEnds<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let (start, line) = self.record_start;
        if self.offset - start > RECORD_BYTES + buf.len() as u64 {
            return Err(io::Error::other(RunawayRecord { line }));
        }
        let n = self.inner.read(buf)?;
        let mut previous = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            let after_cr = match (i, previous) {
                (0, _) => self.after_cr,
                (_, Some(p)) if p + 1 == i => buf[p] == b'\r',
                _ => false,
            };
            let ends_line = buf[i] == b'\r' || !after_cr;
            self.ends.push_back((self.offset + i as u64, ends_line));
            previous = Some(i);
        }
        if n > 0 {
            self.after_cr = buf[n - 1] == b'\r';
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A CSV error and the line it stands on, when known.
pub(super) type LineError = (Option<u32>, csv::Error);

/// A CSV error as velho's, at its line of the file.
pub(super) fn csv_error(location: &crate::error::Location, (line, e): LineError) -> Error {
    let mut location = location.clone();
    location.row = line.map(u64::from);
    let runaway = match e.kind() {
        csv::ErrorKind::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<RunawayRecord>()),
        _ => None,
    };
    let message = Message::new("import.csv.unreadable");
    Error::input(
        location,
        match runaway {
            Some(runaway) => message.with_message("error", runaway.message()),
            None => message.with("error", e),
        },
    )
}

/// The records of a file with their true 1-based line numbers (the csv
/// crate's own line count is off after CRLF line ends and blank lines).
pub(super) struct Records<'a> {
    csv: csv::Reader<LineEnds<'a>>,
    record: StringRecord,
    newlines: u32,
}

impl<'a> Records<'a> {
    pub(super) fn new(body: Body<'a>, delimiter: u8) -> io::Result<Self> {
        let ends = LineEnds {
            inner: body.open()?,
            offset: 0,
            ends: VecDeque::new(),
            after_cr: false,
            record_start: (0, 1),
        };
        let csv = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_reader(ends);
        Ok(Records {
            csv,
            record: StringRecord::new(),
            newlines: 0,
        })
    }

    /// The next record and its line, or `None` at the end. An error names its line.
    pub(super) fn next(&mut self) -> Result<Option<(u32, &StringRecord)>, LineError> {
        let mut record = std::mem::take(&mut self.record);
        let line = self.next_into(&mut record);
        self.record = record;
        Ok(line?.map(|line| (line, &self.record)))
    }

    /// Reads the next record into `record` (its buffers reused) and gives its
    /// line, or `None` at the end. An error names its line. The record's
    /// UTF-8 is checked once, whole, here (the body is UTF-8: validated, or
    /// transcoded as it is read).
    pub(super) fn next_into(
        &mut self,
        record: &mut StringRecord,
    ) -> Result<Option<u32>, LineError> {
        match self.csv.read_record(record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let byte = record.position().map_or(0, |p| p.byte());
                Ok(Some(self.line_at(byte)))
            }
            Err(e) => {
                let line = e.position().map(|p| p.byte());
                Err((line.map(|b| self.line_at(b)), e))
            }
        }
    }

    /// The line of the first byte at or after `byte` that is not a line end.
    pub(super) fn line_at(&mut self, byte: u64) -> u32 {
        let line = self.count_line_ends(byte);
        // The next record starts where the parser now stands.
        let next = self.csv.position().byte().max(byte);
        let next_line = self.count_line_ends(next);
        self.csv.get_mut().record_start = (next, next_line);
        line
    }

    /// Counts the line ends before `byte` (and those right at it).
    fn count_line_ends(&mut self, byte: u64) -> u32 {
        let ends = &mut self.csv.get_mut().ends;
        while let Some(&(at, newline)) = ends.front() {
            if at >= byte {
                break;
            }
            ends.pop_front();
            self.newlines += u32::from(newline);
        }
        let mut next = byte;
        while let Some(&(at, newline)) = ends.front() {
            if at != next {
                break;
            }
            ends.pop_front();
            self.newlines += u32::from(newline);
            next += 1;
        }
        self.newlines + 1
    }
}
