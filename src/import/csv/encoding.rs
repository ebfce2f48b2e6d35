//! The text encoding of a CSV export: a byte-order mark decides; else the
//! project file's setting; else a file valid UTF-8 throughout is UTF-8, and
//! anything else Windows-1252 unless it also holds UTF-8 letters (a mixed
//! file, refused). UTF-16 is transcoded whole; the others are read as
//! streams, scanned a chunk at a time.

use std::io;

use encoding_rs::{UTF_16BE, UTF_16LE};

use super::{CHUNK, Source, io_error};
use crate::config::TextEncoding;
use crate::error::{Error, Result};
use crate::import::rows::FileContext;
use crate::text::Message;

/// The text encoding of a CSV file, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    /// UTF-16 without a byte-order mark, as the user said (`encoding = "utf-16"`).
    Utf16Declared,
    Windows1252,
    Windows1252Declared,
}

impl Encoding {
    pub(super) fn is_windows_1252(self) -> bool {
        matches!(self, Encoding::Windows1252 | Encoding::Windows1252Declared)
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16 => "UTF-16 (Excel Unicode text)",
            Encoding::Utf16Declared => "UTF-16 without byte-order mark (set by the user)",
            Encoding::Windows1252 => "Windows-1252 (not valid UTF-8)",
            Encoding::Windows1252Declared => "Windows-1252 (set in the project file)",
        }
    }
}

/// Decides the encoding, reading the file as a stream: UTF-16 is transcoded
/// to UTF-8 (returned); UTF-8 and Windows-1252 are parsed as they are, after
/// `skip` bytes (a BOM). A BOM decides; else the project file's `encoding`;
/// else valid UTF-8 is UTF-8 and anything else Windows-1252, unless it also
/// holds UTF-8 letters (a mixed file).
pub(super) fn settle_encoding(source: Source, context: &FileContext) -> Result<Settled> {
    let failed = |e| io_error(source, context, e);
    let head = source.head(3).map_err(failed)?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        let scan = scan_utf8(source, 3, false).map_err(failed)?;
        return match scan.invalid_line {
            None => Ok((Encoding::Utf8Bom, None, 3, None)),
            Some(line) => Err(Error::input(
                context.location.at_row(line),
                Message::new("import.csv.bom_not_utf8"),
            )),
        };
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if head.starts_with(bom) {
            let bytes = source.all().map_err(failed)?;
            let (text, _) = encoding.decode_with_bom_removal(&bytes);
            return Ok((
                Encoding::Utf16,
                Some(text.into_owned().into_bytes()),
                0,
                None,
            ));
        }
    }
    match context.options.encoding {
        Some(TextEncoding::Windows1252) => {
            return Ok((Encoding::Windows1252Declared, None, 0, None));
        }
        Some(TextEncoding::Utf16) => {
            let bytes = source.all().map_err(failed)?;
            return Ok((
                Encoding::Utf16Declared,
                Some(utf16_without_bom(&bytes, context)?),
                0,
                None,
            ));
        }
        Some(TextEncoding::Utf8) | None => {}
    }
    let declared_utf8 = context.options.encoding.is_some();
    // Where the file stops being UTF-8 is found here; whether it also holds
    // UTF-8 letters further on (a mixed file) is found on the other core
    // while the rows are read as Windows-1252.
    let mut stream = Utf8Stream::new(Utf8Scan {
        want_letter: !declared_utf8,
        pause_at_invalid: true,
        ..Utf8Scan::default()
    });
    stream_utf8_in(CHUNK, source, 0, &mut stream).map_err(failed)?;
    if stream.scan.invalid_line.is_some() && stream.scan.letter_line.is_none() && !declared_utf8 {
        return Ok((Encoding::Windows1252, None, 0, Some(stream)));
    }
    let scan = stream.finish();
    match (declared_utf8, scan.invalid_line) {
        (_, None) => Ok((Encoding::Utf8, None, 0, None)),
        (true, Some(line)) => Err(Error::input(
            context.location.at_row(line),
            Message::new("import.csv.declared_utf8_invalid"),
        )),
        (false, Some(_)) => match mixed_encodings(&scan, context) {
            Some(error) => Err(error),
            None => Ok((Encoding::Windows1252, None, 0, None)),
        },
    }
}

/// UTF-16 text without a byte-order mark, as UTF-8. The byte order is
/// where the zero bytes of its ASCII characters (delimiters, digits, line
/// ends) stand: after each character in little-endian (Windows), before it
/// in big-endian. Text that is not UTF-16 in that order is refused.
pub(super) fn utf16_without_bom(bytes: &[u8], context: &FileContext) -> Result<Vec<u8>> {
    let zeros_at = |first: usize| {
        bytes
            .iter()
            .skip(first)
            .step_by(2)
            .take(1 << 16)
            .filter(|&&b| b == 0)
            .count()
    };
    let (encoding, zeros, others) = if zeros_at(0) > zeros_at(1) {
        (UTF_16BE, zeros_at(0), zeros_at(1))
    } else {
        (UTF_16LE, zeros_at(1), zeros_at(0))
    };
    let decoded = encoding.decode_without_bom_handling_and_without_replacement(bytes);
    match decoded {
        Some(text) if bytes.len().is_multiple_of(2) && zeros > others => {
            Ok(text.into_owned().into_bytes())
        }
        _ => Err(Error::input(
            context.location.clone(),
            Message::new("import.csv.not_utf16"),
        )),
    }
}

/// The encoding, the transcoded text of UTF-16, the bytes to skip (a BOM),
/// and the search for UTF-8 letters in a file that is not UTF-8, when it
/// is still to be finished.
pub(super) type Settled = (Encoding, Option<Vec<u8>>, u64, Option<Utf8Stream>);

/// The error of a file that is not UTF-8 but holds UTF-8 letters.
pub(super) fn mixed_encodings(scan: &Utf8Scan, context: &FileContext) -> Option<Error> {
    let (Some(line), Some(utf8_line)) = (scan.invalid_line, scan.letter_line) else {
        return None;
    };
    Some(Error::input(
        context.location.at_row(line),
        Message::new("import.csv.mixed_encodings").with("line", utf8_line),
    ))
}

/// Finishes the search for UTF-8 letters that [`settle_encoding`] left.
pub(super) fn finish_letters(
    source: Source,
    mut stream: Utf8Stream,
    context: &FileContext,
) -> Result<Option<Error>> {
    let from = stream.resume();
    stream_utf8_in(CHUNK, source, from, &mut stream).map_err(|e| io_error(source, context, e))?;
    Ok(mixed_encodings(&stream.finish(), context))
}

/// What [`scan_utf8`] found, as 1-based lines.
#[derive(Default)]
pub(super) struct Utf8Scan {
    /// The line of the first byte that is not valid UTF-8.
    pub(super) invalid_line: Option<u64>,
    /// The line of the first valid multi-byte UTF-8 character: the first
    /// byte above 0x7F that starts a whole, valid UTF-8 character (a byte
    /// inside an invalid sequence is a continuation byte, which starts none,
    /// so this is where a UTF-8 decoder would first find one).
    pub(super) letter_line: Option<u64>,
    /// Line ends before the bytes still to be looked at.
    pub(super) newlines: u64,
    /// Nothing more to learn.
    pub(super) done: bool,
    /// Whether to go on looking for a UTF-8 letter after an invalid byte.
    pub(super) want_letter: bool,
    /// Whether to stop at the first invalid byte even so: the search for a
    /// letter then goes on later, on the other core ([`Utf8Stream`]).
    pub(super) pause_at_invalid: bool,
}

pub(super) fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// The length of the UTF-8 character a byte would start (1 for ASCII and
/// for bytes that start none).
pub(super) fn utf8_len(first: u8) -> usize {
    match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

/// The positions of the bytes 0x80..=0xBF (UTF-8 continuation bytes), in
/// order: a word of eight bytes at a time, where a byte has its top bit set
/// and the next one clear.
pub(super) fn continuation_bytes(buf: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const TOP: u64 = 0x8080_8080_8080_8080;
    let words = buf.chunks_exact(8);
    let tail_start = buf.len() - words.remainder().len();
    let in_words = words.enumerate().flat_map(|(w, word)| {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let mut marks = word & !(word << 1) & TOP;
        std::iter::from_fn(move || {
            (marks != 0).then(|| {
                let byte = marks.trailing_zeros() as usize / 8;
                marks &= marks - 1;
                w * 8 + byte
            })
        })
    });
    let in_tail = buf[tail_start..]
        .iter()
        .enumerate()
        .filter(|(_, b)| (0x80..=0xBF).contains(*b))
        .map(move |(i, _)| tail_start + i);
    in_words.chain(in_tail)
}

impl Utf8Scan {
    /// Looks at `buf` (the file goes on after it unless `end`) and returns how
    /// many of its bytes were settled; the rest (an unfinished character,
    /// at most 3 bytes) is looked at again with the next bytes.
    pub(super) fn step(&mut self, buf: &[u8], end: bool) -> usize {
        let mut from = 0;
        if self.invalid_line.is_none() {
            let (valid, invalid_here) = match std::str::from_utf8(buf) {
                Ok(_) => (buf.len(), false),
                Err(e) if e.error_len().is_none() && !end => (e.valid_up_to(), false),
                Err(e) => (e.valid_up_to(), true),
            };
            if self.letter_line.is_none()
                && let Some(p) = buf[..valid].iter().position(|&b| b >= 0x80)
            {
                self.letter_line = Some(self.newlines + count_newlines(&buf[..p]) + 1);
            }
            self.newlines += count_newlines(&buf[..valid]);
            if !invalid_here {
                return valid;
            }
            self.invalid_line = Some(self.newlines + 1);
            if self.letter_line.is_some() || !self.want_letter {
                self.done = true;
                return buf.len();
            }
            if self.pause_at_invalid {
                self.done = true;
                return valid;
            }
            from = valid;
        }
        // After the first invalid byte: every UTF-8 character of two or more
        // bytes has a continuation byte (0x80..=0xBF) right after its first
        // byte, and Windows-1252 letters (ä = 0xE4) are not continuation
        // bytes, so only the rare continuation bytes are looked at, found
        // eight bytes at a time.
        for p in continuation_bytes(&buf[from..]).map(|p| from + p) {
            let Some(start) = p.checked_sub(1).filter(|&s| s >= from) else {
                continue;
            };
            let len = utf8_len(buf[start]);
            if len > 1
                && buf
                    .get(start..start + len)
                    .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
            {
                self.letter_line = Some(self.newlines + count_newlines(&buf[from..start]) + 1);
                self.done = true;
                return buf.len();
            }
        }
        // A character cut at the end of the chunk is looked at again with
        // the next bytes: a first byte in the last three, followed only by
        // continuation bytes.
        if !end {
            let tail = buf.len().saturating_sub(3).max(from);
            for start in tail..buf.len() {
                let len = utf8_len(buf[start]);
                if len > buf.len() - start
                    && buf[start + 1..].iter().all(|b| (0x80..=0xBF).contains(b))
                {
                    self.newlines += count_newlines(&buf[from..start]);
                    return start;
                }
            }
        }
        self.newlines += count_newlines(&buf[from..]);
        buf.len()
    }
}

/// A [`Utf8Scan`] fed a chunk at a time, holding back an unfinished character.
pub(super) struct Utf8Stream {
    pub(super) scan: Utf8Scan,
    pub(super) carry: Vec<u8>,
    pub(super) joined: Vec<u8>,
    /// Bytes settled: fed and not held back.
    pub(super) settled: u64,
}

impl Utf8Stream {
    pub(super) fn new(scan: Utf8Scan) -> Self {
        Utf8Stream {
            scan,
            carry: Vec::new(),
            joined: Vec::new(),
            settled: 0,
        }
    }

    /// Looks at the next bytes; false when nothing more is to be learnt.
    pub(super) fn feed(&mut self, chunk: &[u8]) -> bool {
        if self.scan.done {
            return false;
        }
        let buf: &[u8] = if self.carry.is_empty() {
            chunk
        } else {
            self.joined.clear();
            self.joined.extend_from_slice(&self.carry);
            self.joined.extend_from_slice(chunk);
            &self.joined
        };
        let used = self.scan.step(buf, false);
        let rest = buf[used..].to_vec();
        self.settled += used as u64;
        self.carry = rest;
        !self.scan.done
    }

    /// The end of the bytes.
    pub(super) fn finish(mut self) -> Utf8Scan {
        if !self.scan.done && !self.carry.is_empty() {
            let carry = std::mem::take(&mut self.carry);
            self.scan.step(&carry, true);
        }
        self.scan
    }

    /// Goes on after a pause at the first invalid byte: where to read from.
    pub(super) fn resume(&mut self) -> u64 {
        self.scan.done = false;
        self.scan.pause_at_invalid = false;
        self.carry.clear();
        self.settled
    }
}

/// Reads the bytes after `skip` as a stream and finds where they stop being
/// UTF-8 and, when `want_letter`, where their first UTF-8 letter is.
pub(super) fn scan_utf8(source: Source, skip: u64, want_letter: bool) -> io::Result<Utf8Scan> {
    let mut stream = Utf8Stream::new(Utf8Scan {
        want_letter,
        ..Utf8Scan::default()
    });
    stream_utf8_in(CHUNK, source, skip, &mut stream)?;
    Ok(stream.finish())
}

/// Feeds `stream` the bytes after `skip`, `chunk` bytes at a time, until it has learnt enough.
pub(super) fn stream_utf8_in(
    chunk: usize,
    source: Source,
    skip: u64,
    stream: &mut Utf8Stream,
) -> io::Result<()> {
    source.for_each_chunk_of(chunk, skip, |chunk| stream.feed(chunk))
}
