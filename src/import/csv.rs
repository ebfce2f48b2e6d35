//! CSV and text exports: encoding, delimiter, header row, quoting, then rows.
//!
//! The bytes are parsed as they are (`;`, `,`, tab and `|` are ASCII in every
//! encoding velho accepts) and each field is decoded on its own, so a
//! Windows-1252 file is never copied whole into UTF-8. Only UTF-16 (Excel's
//! "Unicode text") is transcoded first.
//!
//! The csv crate never fails on bad quoting (`1,"x"y,3` reads as `xy`; an
//! unterminated quote swallows the rest of the file), so [`check_quoting`]
//! reads the quotes itself and names the line where they go wrong.

use std::borrow::Cow;

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::rows::{
    Cell, FileContext, Finished, HEADER_SEARCH_ROWS, Header, LedgerBuilder, find_header,
    header_not_found,
};
use super::{LedgerFile, TextEncoding};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};

/// The text encoding of a CSV file, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
    Windows1252Declared,
}

impl Encoding {
    /// Decodes one field. UTF-8 input was validated whole, so no byte is lost.
    fn decode(self, field: &[u8]) -> Cow<'_, str> {
        match self {
            Encoding::Windows1252 | Encoding::Windows1252Declared => {
                WINDOWS_1252.decode_without_bom_handling(field).0
            }
            _ => String::from_utf8_lossy(field),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16 => "UTF-16 (Excel Unicode text)",
            Encoding::Windows1252 => "Windows-1252 (not valid UTF-8)",
            Encoding::Windows1252Declared => "Windows-1252 (set in the project file)",
        }
    }
}

const DELIMITERS: [u8; 4] = [b';', b'\t', b',', b'|'];

/// Reads a CSV or text export.
pub fn read(bytes: &[u8], context: &FileContext) -> Result<LedgerFile> {
    let (encoding, body) = decode_container(bytes, context)?;
    let (delimiter, header) = sniff(&body, encoding, context)
        .ok_or_else(|| header_not_found(context.location.clone(), context.options))?;
    // The quotes are checked on the other core while this one reads the rows;
    // broken quotes are the error even when the rows failed too, as when
    // the check came first.
    std::thread::scope(|scope| {
        let quoting = scope.spawn(|| check_quoting(&body, delimiter));
        let file = read_all_rows(&body, delimiter, header, encoding, context);
        match quoting.join() {
            Ok(Ok(())) => file,
            Ok(Err((line, message))) => {
                Err(Error::input(context.location.at_row(line.into()), message))
            }
            Err(_) => Err(Error::input(
                context.location.clone(),
                "the file could not be read: checking its quotes failed",
            )),
        }
    })
}

fn read_all_rows(
    body: &[u8],
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
            None => sniff(body, encoding, context)
                .map(|(_, h)| h)
                .ok_or_else(|| header_not_found(context.location.clone(), context.options))?,
        };
        let header_index = this.index;
        let builder = LedgerBuilder::new(context, this)?
            .with_decimal_mark(known.0)
            .with_slash_order(known.1);
        match read_rows(body, delimiter, header_index, builder, encoding, context)? {
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
    file.details.encoding = Some(encoding.describe().to_string());
    file.details.delimiter = Some(delimiter_name);
    Ok(file)
}

/// Decides the encoding and returns the bytes to parse: UTF-16 is transcoded
/// to UTF-8; UTF-8 and Windows-1252 are parsed as they are. A BOM decides;
/// else the project file's `encoding`; else valid UTF-8 is UTF-8 and anything
/// else Windows-1252, unless it also holds UTF-8 letters (a mixed file).
fn decode_container<'b>(
    bytes: &'b [u8],
    context: &FileContext,
) -> Result<(Encoding, Cow<'b, [u8]>)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(_) => Ok((Encoding::Utf8Bom, Cow::Borrowed(rest))),
            Err(e) => Err(Error::input(
                context.location.at_row(line_of(rest, e.valid_up_to())),
                "the file starts with a UTF-8 byte-order mark but this line is not valid UTF-8; \
                 save the export again as UTF-8, or set encoding = \"windows-1252\" under [ledger] in velho.toml",
            )),
        };
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (text, _) = encoding.decode_with_bom_removal(bytes);
            return Ok((Encoding::Utf16, Cow::Owned(text.into_owned().into_bytes())));
        }
    }
    let invalid_at = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    match (context.options.encoding, invalid_at) {
        (Some(TextEncoding::Windows1252), _) => {
            Ok((Encoding::Windows1252Declared, Cow::Borrowed(bytes)))
        }
        (Some(TextEncoding::Utf16), _) => Err(Error::input(
            context.location.clone(),
            "the project file says the export is UTF-16, but the file has no UTF-16 byte-order mark; \
             save it again as Excel's \"Unicode text\", or remove encoding from [ledger]",
        )),
        (_, None) => Ok((Encoding::Utf8, Cow::Borrowed(bytes))),
        (Some(TextEncoding::Utf8), Some(at)) => Err(Error::input(
            context.location.at_row(line_of(bytes, at)),
            "the project file says the export is UTF-8, but this line is not valid UTF-8; \
             save the export again as UTF-8, or set encoding = \"windows-1252\" under [ledger]",
        )),
        (None, Some(at)) => match first_utf8_letter(bytes) {
            Some(utf8_at) => Err(Error::input(
                context.location.at_row(line_of(bytes, at)),
                format!(
                    "the file mixes two text encodings: this line has a Windows-1252 character, but line {} \
                     has UTF-8 letters, so no single reading gives the right text; save the export again \
                     in one encoding (UTF-8), or set encoding = \"windows-1252\" under [ledger] in velho.toml \
                     if the file really is Windows-1252",
                    line_of(bytes, utf8_at)
                ),
            )),
            None => Ok((Encoding::Windows1252, Cow::Borrowed(bytes))),
        },
    }
}

/// Where the first valid multi-byte UTF-8 character of a not-UTF-8 file is:
/// the first byte above 0x7F that starts a whole, valid UTF-8 character
/// (a byte inside an invalid sequence is a continuation byte, which starts
/// none, so this is where a UTF-8 decoder would first find one). Skips the
/// ASCII between such bytes without decoding it.
fn first_utf8_letter(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|&b| b >= 0x80) {
        let start = at + i;
        let len = match bytes[start] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        if len > 1
            && let Some(seq) = bytes.get(start..start + len)
            && std::str::from_utf8(seq).is_ok()
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The state of [`check_quoting`] inside a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    ClosingOrDoubled,
}

/// Checks the quotes of a CSV text: a closing quote must end its field, a
/// quote must be closed, and a quoted field that runs over several lines
/// must not hold the delimiter after a line break (a lost quote that
/// swallowed rows). The error is `(line, message)`.
///
/// ```
/// use velho::import::check_quoting;
/// assert!(check_quoting(b"a;\"b;c\";d\n", b';').is_ok());
/// assert_eq!(check_quoting(b"a;b\n1;\"x\"y\n", b';').unwrap_err().0, 2);
/// assert_eq!(check_quoting(b"a;b\n1;\"x\n2;3\n", b';').unwrap_err().0, 2);
/// ```
pub fn check_quoting(body: &[u8], delimiter: u8) -> Result<(), (u32, String)> {
    let mut line = 1u32;
    let mut state = Quote::FieldStart;
    let (mut opened, mut lines_inside, mut swallowed) = (0u32, false, false);
    let swallowed_error = |opened: u32| {
        (
            opened,
            format!(
                "a quoted field that starts on line {opened} runs over several lines and holds the \
                 delimiter after a line break: a closing quote is probably missing, and rows would be \
                 lost; check the quotes on this line"
            ),
        )
    };
    for &b in body {
        state = match (state, b) {
            (Quote::FieldStart, b'"') => {
                (opened, lines_inside, swallowed) = (line, false, false);
                Quote::Quoted
            }
            (Quote::FieldStart | Quote::Unquoted, b'\n') => {
                line += 1;
                Quote::FieldStart
            }
            (Quote::FieldStart | Quote::Unquoted, d) if d == delimiter => Quote::FieldStart,
            (Quote::FieldStart | Quote::Unquoted, _) => Quote::Unquoted,
            (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
            (Quote::Quoted, b'\n') => {
                line += 1;
                lines_inside = true;
                Quote::Quoted
            }
            (Quote::Quoted, d) => {
                swallowed |= lines_inside && d == delimiter;
                Quote::Quoted
            }
            (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
            (Quote::ClosingOrDoubled, b'\r' | b' ') => Quote::ClosingOrDoubled,
            (Quote::ClosingOrDoubled, d) if d == delimiter || d == b'\n' => {
                if swallowed {
                    return Err(swallowed_error(opened));
                }
                if d == b'\n' {
                    line += 1;
                }
                Quote::FieldStart
            }
            (Quote::ClosingOrDoubled, other) => {
                return Err((
                    line,
                    format!(
                        "text follows a closing quote (\"…\"{}…): the quotes on this line are broken, \
                         and the field would be read wrongly; fix the quotes or export the file again",
                        char::from(other).escape_default()
                    ),
                ));
            }
        };
    }
    match state {
        Quote::Quoted => Err((
            opened,
            format!(
                "a quote opened on line {opened} is never closed, so the rest of the file would be \
                 read as one field; fix the quotes on this line or export the file again"
            ),
        )),
        Quote::ClosingOrDoubled if swallowed => Err(swallowed_error(opened)),
        _ => Ok(()),
    }
}

fn reader(body: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body)
}

/// A CSV error and the line it stands on, when known.
type LineError = (Option<u32>, csv::Error);

/// The records of a file with their true 1-based line numbers (the csv
/// crate's own line count is off after CRLF line ends and blank lines).
struct Records<'a> {
    csv: csv::Reader<&'a [u8]>,
    body: &'a [u8],
    record: ByteRecord,
    counted_to: usize,
    newlines: u32,
}

impl<'a> Records<'a> {
    fn new(body: &'a [u8], delimiter: u8) -> Self {
        let csv = reader(body, delimiter);
        Records {
            csv,
            body,
            record: ByteRecord::new(),
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The next record and its line, or `None` at the end. An error names its line.
    fn next(&mut self) -> Result<Option<(u32, &ByteRecord)>, LineError> {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let byte = self.record.position().map_or(0, |p| p.byte() as usize);
                Ok(Some((self.line_at(byte), &self.record)))
            }
            Err(e) => Err((e.position().map(|p| self.line_at(p.byte() as usize)), e)),
        }
    }

    /// Like [`Records::next`], with errors as velho errors at the file's location.
    fn next_in(&mut self, context: &FileContext) -> Result<Option<(u32, &ByteRecord)>> {
        self.next().map_err(|(line, e)| {
            let mut location = context.location.clone();
            location.row = line.map(u64::from);
            Error::input(location, format!("the file cannot be read as CSV: {e}"))
        })
    }

    /// The line of the first byte at or after `byte` that is not a line end.
    fn line_at(&mut self, byte: usize) -> u32 {
        let mut start = byte.min(self.body.len());
        while start < self.body.len() && matches!(self.body[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.counted_to {
            let newlines = self.body[self.counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.newlines += newlines as u32;
            self.counted_to = start;
        }
        self.newlines + 1
    }
}
/// Finds the delimiter and the header row: the delimiter under which a header
/// row with the most recognised columns appears.
fn sniff(body: &[u8], decode: Encoding, context: &FileContext) -> Option<(u8, Header)> {
    let mut best: Option<(u8, Header)> = None;
    for delimiter in DELIMITERS {
        let mut records = Records::new(body, delimiter);
        let mut rows = Vec::new();
        while let Ok(Some((line, record))) = records.next() {
            rows.push((
                line,
                record
                    .iter()
                    .map(|f| decode.decode(f).trim().to_string())
                    .collect(),
            ));
            if rows.len() >= HEADER_SEARCH_ROWS {
                break;
            }
        }
        let better = |h: &Header| {
            best.as_ref()
                .is_none_or(|(_, b)| h.columns.count() > b.columns.count())
        };
        if let Some(header) = find_header(rows, context.options).filter(better) {
            best = Some((delimiter, header));
        }
    }
    best
}

fn read_rows(
    body: &[u8],
    delimiter: u8,
    header_index: usize,
    mut builder: LedgerBuilder,
    decode: Encoding,
    context: &FileContext,
) -> Result<Finished> {
    let mut records = Records::new(body, delimiter);
    let mut index = 0;
    let mut width = 0;
    // One buffer of cells for every row: emptied and handed back each time
    // (`into_iter().map().collect()` reuses the allocation).
    let mut spare: Vec<Cell<'static>> = Vec::new();
    while let Some((line, record)) = records.next_in(context)? {
        index += 1;
        if index <= header_index {
            continue;
        }
        if index == header_index + 1 {
            width = record.len();
            continue;
        }
        check_width(record, width, line, context)?;
        if line.is_multiple_of(super::PROGRESS_EVERY) {
            let byte = record.position().map_or(0, |p| p.byte());
            (context.progress)(byte, body.len() as u64);
        }
        let mut cells: Vec<Cell> = spare.into_iter().map(|_| Cell::Empty).collect();
        cells.extend(record.iter().map(|f| Cell::Text(decode.decode(f))));
        builder.push(line, &cells)?;
        cells.clear();
        spare = cells.into_iter().map(|_| Cell::Empty).collect();
    }
    (context.progress)(body.len() as u64, body.len() as u64);
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
        read(bytes, &context)
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
