//! A worksheet's cells in XML order, as calamine's
//! `XlsxCellReader::next_cell_with_formula_metadata` gives them, but a
//! shared string comes as its index in the table, looked up by whoever
//! consumes the cell.

use std::io::BufRead;

use quick_xml::Reader as XmlReader;

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesStart, Event};

use super::formats::CellFormat;
use super::strings::{read_string, unescape_entity, unescape_excel};
use super::{Failure, Result, attributes};

/// A cell's value: calamine's, or a shared string's index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Data(DataRef<'static>),
    Shared(u32),
}

/// A cell: its 0-based (row, column), its value, whether it holds a formula.
pub(crate) type SheetCell = ((u32, u32), Value, bool);

/// The cells of one sheet.
pub(crate) struct SheetCells<'a, R: BufRead> {
    xml: XmlReader<R>,
    formats: &'a [CellFormat],
    is_1904: bool,
    row: u32,
    column: u32,
    buf: Vec<u8>,
    cell_buf: Vec<u8>,
    value_buf: Vec<u8>,
    text_buf: Vec<u8>,
    value: String,
}

impl<'a, R: BufRead> SheetCells<'a, R> {
    /// Reads up to the sheet's data: a part that is no worksheet (a chart
    /// sheet) is an error, as is a `<dimension>` without a valid `ref`.
    pub(super) fn new(
        mut xml: XmlReader<R>,
        formats: &'a [CellFormat],
        is_1904: bool,
    ) -> Result<Self> {
        let mut buf = Vec::with_capacity(1024);
        let mut sheet_type = None;
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "dimension" => match attributes(&e, ["ref"])? {
                        [Some(range)] => {
                            dimension(range)?;
                        }
                        [None] => return Err(Failure::new("a <dimension> without ref")),
                    },
                    "sheetData" => break,
                    other => {
                        if sheet_type.is_none() {
                            sheet_type = Some(other.to_string());
                        }
                    }
                },
                Event::Eof => {
                    return Err(match sheet_type {
                        Some(other) => {
                            Failure::new(format!("the part is a {other}, not a worksheet"))
                        }
                        None => Failure::xml_end("worksheet"),
                    });
                }
                _ => (),
            }
        }
        Ok(SheetCells {
            xml,
            formats,
            is_1904,
            row: 0,
            column: 0,
            buf: Vec::with_capacity(1024),
            cell_buf: Vec::with_capacity(1024),
            value_buf: Vec::with_capacity(1024),
            text_buf: Vec::with_capacity(1024),
            value: String::with_capacity(64),
        })
    }

    /// The next cell, or `None` at the end of the sheet's data.
    pub(crate) fn next_cell(&mut self) -> Result<Option<SheetCell>> {
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf)? {
                Event::Start(e) if e.local_name().as_ref() == "row" => {
                    if let [Some(r)] = attributes(&e, ["r"])? {
                        self.row = row_and_column(r)?.0;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "row" => {
                    self.row = self.row.wrapping_add(1);
                    self.column = 0;
                }
                Event::Start(c) if c.local_name().as_ref() == "c" => {
                    let [place, style, kind] = attributes(&c, ["r", "s", "t"])?;
                    let position = match place {
                        Some(place) => {
                            let (row, column) = row_and_column(place)?;
                            let column = column.ok_or_else(|| {
                                Failure::new(format!("cell reference {place:?} has no column"))
                            })?;
                            self.column = column;
                            (row, column)
                        }
                        None => (self.row, self.column),
                    };
                    let mut value = Value::Data(DataRef::Empty);
                    let mut formula = false;
                    loop {
                        self.cell_buf.clear();
                        match self.xml.read_event_into(&mut self.cell_buf)? {
                            Event::Start(e) if e.local_name().as_ref() == "f" => {
                                read_formula(&mut self.xml, &e, &mut self.value_buf)?;
                                formula = true;
                            }
                            Event::Start(e) => {
                                value = read_value(
                                    &mut self.xml,
                                    &e,
                                    style,
                                    kind,
                                    Context {
                                        formats: self.formats,
                                        is_1904: self.is_1904,
                                    },
                                    &mut self.value_buf,
                                    &mut self.text_buf,
                                    &mut self.value,
                                )?;
                            }
                            Event::End(e) if e.local_name().as_ref() == "c" => break,
                            Event::Eof => return Err(Failure::xml_end("c")),
                            _ => (),
                        }
                    }
                    self.column = self.column.wrapping_add(1);
                    return Ok(Some((position, value, formula)));
                }
                Event::End(e) if e.local_name().as_ref() == "sheetData" => return Ok(None),
                Event::Eof => return Err(Failure::xml_end("sheetData")),
                _ => (),
            }
        }
    }
}

/// What a value needs to know of the workbook.
#[derive(Clone, Copy)]
struct Context<'a> {
    formats: &'a [CellFormat],
    is_1904: bool,
}

/// Reads a `<f>` element through, checking its shared-formula attributes
/// as calamine does.
fn read_formula<R: BufRead>(
    xml: &mut XmlReader<R>,
    e: &BytesStart<'_>,
    buf: &mut Vec<u8>,
) -> Result<()> {
    let mut text = String::new();
    loop {
        buf.clear();
        match xml.read_event_into(buf)? {
            Event::GeneralRef(r) => unescape_entity(&r, &mut text)?,
            Event::End(end) if end.name() == e.name() => break,
            Event::Eof => return Err(Failure::xml_end("f")),
            _ => (),
        }
    }
    let [kind, index, range] = attributes(e, ["t", "si", "ref"])?;
    if kind == Some("shared") {
        match index {
            Some(i) if atoi_simd::parse::<usize, true, false>(i.as_bytes()).is_ok() => {}
            Some(_) => return Err(Failure::new("a shared formula's si is not a number")),
            None => return Err(Failure::new("a shared formula without si")),
        }
        if let Some(range) = range {
            dimension(range)?;
        }
    }
    Ok(())
}

/// Reads the value element `e` of a cell whose style is `style` and type `kind`.
#[allow(clippy::too_many_arguments)]
fn read_value<R: BufRead>(
    xml: &mut XmlReader<R>,
    e: &BytesStart<'_>,
    style: Option<&str>,
    kind: Option<&str>,
    context: Context<'_>,
    buf: &mut Vec<u8>,
    text_buf: &mut Vec<u8>,
    value: &mut String,
) -> Result<Value> {
    Ok(match e.local_name().as_ref() {
        // An inline string.
        "is" => Value::Data(DataRef::String(read_string(xml, e.name(), buf, text_buf)?)),
        // An inline string's <v> is redundant.
        "v" if matches!(kind, Some("inlineStr" | "is")) => {
            buf.clear();
            xml.read_to_end_into(e.name(), buf)?;
            Value::Data(DataRef::Empty)
        }
        "v" => match kind {
            Some("n" | "s" | "b" | "e") | None => {
                buf.clear();
                let read = match xml.read_event_into(buf)? {
                    Event::Text(t) => read_v(&t, style, kind, context)?,
                    Event::End(end) if end.name() == e.name() => {
                        return Ok(Value::Data(DataRef::Empty));
                    }
                    Event::Eof => return Err(Failure::xml_end("v")),
                    _ => Value::Data(DataRef::Empty),
                };
                buf.clear();
                xml.read_to_end_into(e.name(), buf)?;
                read
            }
            _ => {
                value.clear();
                loop {
                    buf.clear();
                    match xml.read_event_into(buf)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => unescape_entity(&r, value)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(Failure::xml_end("v")),
                        _ => (),
                    }
                }
                read_v(value, style, kind, context)?
            }
        },
        _ => {
            return Err(Failure::new(
                "a cell holds an element other than v, f or is",
            ));
        }
    })
}

/// A `<v>` value's meaning by the cell's type and style.
fn read_v(v: &str, style: Option<&str>, kind: Option<&str>, context: Context<'_>) -> Result<Value> {
    let format = match style {
        Some(style) => {
            let id = atoi_simd::parse::<usize, true, false>(style.as_bytes()).unwrap_or(0);
            context.formats.get(id)
        }
        None => Some(&CellFormat::Other),
    };
    let data = match kind {
        Some("s") => {
            if v.is_empty() {
                return Ok(Value::Data(DataRef::Empty));
            }
            // Checked against the table where it is looked up (the table
            // may still be being read): an index past u32 is past it too.
            let index = atoi_simd::parse::<usize, true, false>(v.as_bytes()).unwrap_or(0);
            return Ok(Value::Shared(u32::try_from(index).unwrap_or(u32::MAX)));
        }
        Some("b") => read_bool(v)?,
        Some("d") => DataRef::DateTimeIso(v.to_string()),
        Some("e") => DataRef::Error(
            v.parse::<CellErrorType>()
                .map_err(|_| Failure::new(format!("unknown error value {v:?}")))?,
        ),
        Some("str") => DataRef::String(unescape_excel(v).into_owned()),
        Some("n") | None => {
            if v.is_empty() {
                return Ok(Value::Data(DataRef::Empty));
            }
            match fast_float2::parse::<f64, _>(v.as_bytes()) {
                Ok(n) => number(n, format, context.is_1904),
                Err(_) if kind.is_none() => DataRef::String(v.to_string()),
                Err(_) => return Err(Failure::new(format!("{v:?} is not a number"))),
            }
        }
        Some(other) => return Err(Failure::new(format!("unknown cell type {other:?}"))),
    };
    Ok(Value::Data(data))
}

/// A number as its cell's format shows it: a date, a duration or a number.
fn number(value: f64, format: Option<&CellFormat>, is_1904: bool) -> DataRef<'static> {
    let kind = match format {
        Some(CellFormat::DateTime) => ExcelDateTimeType::DateTime,
        Some(CellFormat::TimeDelta) => ExcelDateTimeType::TimeDelta,
        _ => return DataRef::Float(value),
    };
    DataRef::DateTime(ExcelDateTime::new(value, kind, is_1904))
}

/// A boolean cell's value: `0`, `1`, `false`, `true` (any case), or empty.
fn read_bool(v: &str) -> Result<DataRef<'static>> {
    let value = v.trim();
    if value.is_empty() {
        Ok(DataRef::Empty)
    } else if value == "0" || value.eq_ignore_ascii_case("false") {
        Ok(DataRef::Bool(false))
    } else if value == "1" || value.eq_ignore_ascii_case("true") {
        Ok(DataRef::Bool(true))
    } else {
        Err(Failure::new(format!("{v:?} is not a boolean")))
    }
}

/// A cell reference's 0-based row and, if it has one, column (`B2` is
/// (1, Some(1)), `7` is (6, None)). Letters count in base 26, digits in
/// base 10, wrapping as calamine's do.
fn row_and_column(reference: &str) -> Result<(u32, Option<u32>)> {
    let bytes = reference.as_bytes();
    let mut i = 0;
    let mut column: u32 = 0;
    let mut row: u32 = 0;
    let invalid = || Failure::new(format!("{reference:?} is not a cell reference"));
    while i < bytes.len() {
        match bytes[i] {
            c @ b'A'..=b'Z' => {
                column = column
                    .wrapping_mul(26)
                    .wrapping_add(u32::from(c - b'A') + 1);
            }
            c @ b'a'..=b'z' => {
                column = column
                    .wrapping_mul(26)
                    .wrapping_add(u32::from(c - b'a') + 1);
            }
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return Err(invalid()),
        }
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            c @ b'0'..=b'9' => row = row.wrapping_mul(10).wrapping_add(u32::from(c - b'0')),
            _ => return Err(invalid()),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or_else(invalid)?;
    Ok((row, column.checked_sub(1)))
}

/// Checks a range (`A1:C9`, `B2`) as calamine reads one.
fn dimension(range: &str) -> Result<()> {
    if range.split(':').count() > 2 {
        return Err(Failure::new(format!("{range:?} is not a range")));
    }
    for corner in range.split(':') {
        let (_, column) = row_and_column(corner)?;
        column.ok_or_else(|| Failure::new(format!("{range:?} is not a range")))?;
    }
    Ok(())
}
