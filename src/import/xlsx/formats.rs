//! Which cells hold dates: the number format of each cell style, from the
//! styles part, judged as calamine judges it.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;

use super::{Failure, Result, attributes, decode_attribute};

/// What a cell style's number format makes of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The number format of each cell style (`cellXfs`), in order.
pub(super) fn read<R: BufRead>(xml: &mut XmlReader<R>) -> Result<Vec<CellFormat>> {
    let mut number_formats = HashMap::new();
    let mut formats = Vec::new();
    let mut buf = Vec::with_capacity(1024);
    let mut inner = Vec::with_capacity(1024);
    loop {
        let event = next_checked(xml, &mut buf)?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                let event = next_checked(xml, &mut inner)?;
                match event {
                    Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                        if let [Some(id), Some(code)] = attributes(&e, ["numFmtId", "formatCode"])?
                        {
                            number_formats.insert(id.to_string(), decode_attribute(code)?);
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                    Event::Eof => return Err(Failure::xml_end("numFmts")),
                    _ => (),
                }
            },
            // Fonts, fills and borders are read through as calamine reads
            // them (what they hold is not looked at for formats).
            Event::Start(e) if e.local_name().as_ref() == "fonts" => {
                read_through(xml, "fonts", "font", &[])?;
            }
            Event::Start(e) if e.local_name().as_ref() == "fills" => {
                read_through(xml, "fills", "fill", &[])?;
            }
            Event::Start(e) if e.local_name().as_ref() == "borders" => {
                read_through(xml, "borders", "border", BORDER_SIDES)?;
            }
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                let event = next_checked(xml, &mut inner)?;
                match event {
                    Event::Start(e) if e.local_name().as_ref() == "xf" => {
                        let [id] = attributes(&e, ["numFmtId"])?;
                        formats.push(id.map_or(
                            CellFormat::Other,
                            |id| match number_formats.get(id) {
                                Some(code) => custom_format(code),
                                None => builtin_format(id),
                            },
                        ));
                        skip_to_end(xml, "xf")?;
                    }
                    Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                    Event::Eof => return Err(Failure::xml_end("cellXfs")),
                    _ => (),
                }
            },
            Event::End(e) if e.local_name().as_ref() == "styleSheet" => break,
            Event::Eof => return Err(Failure::xml_end("styleSheet")),
            _ => (),
        }
    }
    Ok(formats)
}

/// The next event of the styles part (into `buf`), its element's
/// attributes checked (see [`well_formed`]).
fn next_checked<'b, R: BufRead>(xml: &mut XmlReader<R>, buf: &'b mut Vec<u8>) -> Result<Event<'b>> {
    buf.clear();
    let event = xml.read_event_into(buf)?;
    if let Event::Start(e) = &event {
        well_formed(e)?;
    }
    Ok(event)
}

/// Fails on an element whose attributes are malformed. calamine reads the
/// styles' attributes (fonts, fills, borders, alignments) and fails the
/// workbook on a malformed one it meets; failing on every one is stricter,
/// and a workbook this reader refuses is read by calamine (`import::guard`).
fn well_formed(element: &quick_xml::events::BytesStart<'_>) -> Result<()> {
    for attribute in super::RawAttributes::of(element) {
        attribute?;
    }
    Ok(())
}

/// The sides of a `<border>`, each read through to its end.
const BORDER_SIDES: &[&str] = &["left", "right", "top", "bottom", "diagonal"];

/// Reads a list element (`<fonts>`) through to its end tag `list`: each
/// `item` (`<font>`) through to its end tag, and within an item each of
/// `parts` through to its end tag.
fn read_through<R: BufRead>(
    xml: &mut XmlReader<R>,
    list: &str,
    item: &str,
    parts: &[&str],
) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == item => loop {
                let event = next_checked(xml, &mut buf)?;
                if let Event::Start(e) = &event
                    && item == "font"
                    && e.local_name().as_ref() == "name"
                    && let [Some(name)] = attributes(e, ["val"])?
                {
                    decode_attribute(name)?;
                }
                match event {
                    Event::Start(e) if parts.contains(&e.local_name().as_ref()) => {
                        let part = e.local_name().as_ref().to_string();
                        skip_to_end(xml, &part)?;
                    }
                    Event::End(e) if e.local_name().as_ref() == item => break,
                    Event::Eof => return Err(Failure::xml_end(item)),
                    _ => (),
                }
            },
            Event::End(e) if e.local_name().as_ref() == list => return Ok(()),
            Event::Eof => return Err(Failure::xml_end(list)),
            _ => (),
        }
    }
}

/// Reads on to the first end tag named `local`.
fn skip_to_end<R: BufRead>(xml: &mut XmlReader<R>, local: &str) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        let event = next_checked(xml, &mut buf)?;
        match event {
            Event::End(e) if e.local_name().as_ref() == local => return Ok(()),
            Event::Eof => return Err(Failure::xml_end(local)),
            _ => (),
        }
    }
}

/// What a custom format code shows a number as: a date or time when its
/// first section has a date or time token outside quotes, escapes and
/// brackets; a duration for `[h]`, `[mm]`, `[ss]` (calamine's rule, after
/// openpyxl's).
pub(super) fn custom_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// What a built-in format (ECMA-376 18.8.30) shows a number as.
pub(super) fn builtin_format(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            CellFormat::DateTime
        }
        // East Asian built-in formats: dates and clock times.
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}
