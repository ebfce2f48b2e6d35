//! CSV and text exports: encoding, delimiter, header row, decimal mark, then rows.
//!
//! The bytes are parsed as they are (`;`, `,`, tab and `|` are ASCII in every
//! encoding velho accepts) and each field is decoded on its own, so a
//! Windows-1252 file is never copied whole into UTF-8.

use std::borrow::Cow;

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::rows::{
    Cell, FileContext, HEADER_SEARCH_ROWS, Header, LedgerBuilder, find_header, header_not_found,
};
use super::{Columns, LedgerFile, Role};
use crate::error::{Error, Result};
use crate::money::{self, DecimalMark};

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
}

impl Encoding {
    /// Decodes one field. UTF-8 input was validated whole, so no byte is lost.
    fn decode(self, field: &[u8]) -> Cow<'_, str> {
        match self {
            Encoding::Windows1252 => WINDOWS_1252.decode_without_bom_handling(field).0,
            _ => String::from_utf8_lossy(field),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16 => "UTF-16 (Excel Unicode text)",
            Encoding::Windows1252 => "Windows-1252 (not valid UTF-8)",
        }
    }
}

const DELIMITERS: [u8; 4] = [b';', b'\t', b',', b'|'];

/// Reads a CSV or text export.
pub fn read(bytes: &[u8], context: &FileContext) -> Result<LedgerFile> {
    let (encoding, body) = decode_container(bytes);
    let decode = encoding;
    let (delimiter, header) =
        sniff(&body, decode).ok_or_else(|| header_not_found(context.location.clone()))?;
    let header_index = header.index;
    let mark = decimal_mark(
        &body,
        delimiter,
        header_index,
        &header.columns,
        decode,
        context,
    )?;
    let builder = LedgerBuilder::new(context, header)?.with_decimal_mark(mark);
    let mut file = read_rows(&body, delimiter, header_index, builder, decode, context)?;
    file.format = format!(
        "CSV, {}, delimiter '{}', {}",
        encoding.describe(),
        if delimiter == b'\t' {
            "tab".to_string()
        } else {
            (delimiter as char).to_string()
        },
        mark.map_or("no decimals", DecimalMark::describe)
    );
    Ok(file)
}

/// Decides the encoding and returns the bytes to parse: UTF-16 is transcoded
/// to UTF-8; UTF-8 and Windows-1252 are parsed as they are.
fn decode_container(bytes: &[u8]) -> (Encoding, Cow<'_, [u8]>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (Encoding::Utf8Bom, Cow::Borrowed(rest));
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (text, _) = encoding.decode_with_bom_removal(bytes);
            return (Encoding::Utf16, Cow::Owned(text.into_owned().into_bytes()));
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        (Encoding::Utf8, Cow::Borrowed(bytes))
    } else {
        (Encoding::Windows1252, Cow::Borrowed(bytes))
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
fn sniff(body: &[u8], decode: Encoding) -> Option<(u8, Header)> {
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
        if let Some(header) = find_header(rows).filter(better) {
            best = Some((delimiter, header));
        }
    }
    best
}

/// The file's decimal mark, decided from all its amounts: `12,50` says comma,
/// `1,234.50` says point; a file that says both is an error naming the rows.
fn decimal_mark(
    body: &[u8],
    delimiter: u8,
    header_index: usize,
    columns: &Columns,
    decode: Encoding,
    context: &FileContext,
) -> Result<Option<DecimalMark>> {
    let amount_columns: Vec<usize> = [Role::Amount, Role::Debit, Role::Credit]
        .into_iter()
        .filter_map(|r| columns.get(r))
        .collect();
    let mut seen: Option<(DecimalMark, u32)> = None;
    let mut records = Records::new(body, delimiter);
    let mut index = 0;
    while let Some((line, record)) = records.next_in(context)? {
        index += 1;
        if index <= header_index + 1 {
            continue;
        }
        for &c in &amount_columns {
            let field = record.get(c).map(|f| decode.decode(f));
            let Some(evidence) = field.and_then(|f| money::decimal_mark_evidence(&f)) else {
                continue;
            };
            match seen {
                None => seen = Some((evidence, line)),
                Some((mark, first)) if mark != evidence => {
                    return Err(Error::input(
                        context.location.at_row(line.into()),
                        format!(
                            "amounts use a {} here but a {} on line {first}; expected one decimal mark in the whole file",
                            evidence.describe(),
                            mark.describe()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(seen.map(|(mark, _)| mark))
}

fn read_rows(
    body: &[u8],
    delimiter: u8,
    header_index: usize,
    mut builder: LedgerBuilder,
    decode: Encoding,
    context: &FileContext,
) -> Result<LedgerFile> {
    let mut records = Records::new(body, delimiter);
    let mut index = 0;
    let mut width = 0;
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
        let cells: Vec<Cell> = record
            .iter()
            .map(|f| Cell::Text(decode.decode(f)))
            .collect();
        builder.push(line, &cells)?;
    }
    Ok(builder.finish())
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

    fn read_text(bytes: &[u8]) -> Result<LedgerFile> {
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            projects: vec![],
        };
        let context = FileContext {
            location: Location::file("t.csv"),
            index: 0,
            filter: &filter,
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
                "t.csv, row 3: amounts use a decimal point here but a decimal comma on line 2"
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
