//! The shared-string table, kept LZ4-compressed in blocks of 16 KiB, and
//! the reading of a string element (`<si>`, `<is>`) as calamine reads it.
//!
//! A ledger's table holds its descriptions once each and its repeated
//! texts (accounts, cost centres, suppliers) once in all, in the order a
//! producer met them, which is nearly the order its sheet refers to them:
//! a reader going down the sheet finds the block it needs among the few it
//! decompressed last.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesRef, Event};
use quick_xml::name::QName;

use super::{Failure, Result, attributes};

/// The bytes of text after which a block is compressed.
const BLOCK_BYTES: usize = 16 * 1024;
/// Decompressed blocks a table keeps (1 MiB).
const CACHED: usize = 64;

/// A workbook's shared strings.
#[derive(Default)]
pub(crate) struct SharedStrings {
    /// Where each string is: its block, its start in the block, its length.
    places: Vec<(u32, u32, u32)>,
    /// The sealed blocks: LZ4 and the text's length.
    blocks: Vec<(Box<[u8]>, usize)>,
    /// The last block's text, not yet sealed.
    open: String,
}

/// The blocks one reader of a [`SharedStrings`] decompressed lately, the
/// oldest replaced first; the one it read last is looked at first (a
/// sheet's new strings come in the table's order).
#[derive(Default)]
pub(crate) struct Lookup {
    blocks: Vec<(u32, String)>,
    last: usize,
    next: usize,
}

impl SharedStrings {
    /// How many strings the table holds.
    pub(crate) fn len(&self) -> usize {
        self.places.len()
    }

    fn push(&mut self, text: &str) -> Result<()> {
        if !self.open.is_empty() && self.open.len() + text.len() > BLOCK_BYTES {
            self.seal();
        }
        let block = self.blocks.len() as u32;
        let too_long = |_| Failure::new("a shared string longer than 4 GiB");
        let length = u32::try_from(text.len()).map_err(too_long)?;
        let start = u32::try_from(self.open.len()).map_err(too_long)?;
        self.places.push((block, start, length));
        self.open.push_str(text);
        Ok(())
    }

    fn seal(&mut self) {
        let text = std::mem::take(&mut self.open);
        self.blocks.push((
            lz4_flex::block::compress(text.as_bytes()).into(),
            text.len(),
        ));
        self.open = String::with_capacity(BLOCK_BYTES);
    }

    /// Calls `with` on string `index` (which must be below [`Self::len`]),
    /// its block decompressed into `lookup` unless already there.
    pub(crate) fn with<T>(
        &self,
        index: usize,
        lookup: &mut Lookup,
        with: impl FnOnce(&str) -> T,
    ) -> T {
        let (block, start, length) = self.places[index];
        let range = start as usize..(start + length) as usize;
        if block as usize == self.blocks.len() {
            return with(&self.open[range]);
        }
        let cached = &lookup.blocks;
        let slot = if cached.get(lookup.last).is_some_and(|(b, _)| *b == block) {
            lookup.last
        } else if let Some(slot) = cached.iter().position(|(b, _)| *b == block) {
            slot
        } else {
            let (compressed, size) = &self.blocks[block as usize];
            let bytes = lz4_flex::block::decompress(compressed, *size)
                .expect("a block this process compressed decompresses");
            let text = String::from_utf8(bytes).expect("a block of strings is UTF-8");
            if lookup.blocks.len() < CACHED {
                lookup.blocks.push((block, text));
                lookup.blocks.len() - 1
            } else {
                let slot = lookup.next;
                lookup.next = (slot + 1) % CACHED;
                lookup.blocks[slot] = (block, text);
                slot
            }
        };
        lookup.last = slot;
        with(&lookup.blocks[slot].1[range])
    }
}

/// Reads the shared-strings part: every `<si>` of `<sst>`.
pub(super) fn read<R: BufRead>(xml: &mut XmlReader<R>) -> Result<SharedStrings> {
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            // calamine reads the count here (to reserve room); a malformed
            // attribute before it fails the workbook there too.
            Event::Start(e) if e.local_name().as_ref() == "sst" => {
                attributes(&e, ["uniqueCount"])?;
                break;
            }
            Event::Eof => return Err(Failure::xml_end("sst")),
            _ => (),
        }
    }
    let mut strings = SharedStrings::default();
    let mut xml_buf = Vec::with_capacity(1024);
    let mut text_buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let text = read_string(xml, e.name(), &mut xml_buf, &mut text_buf)?;
                strings.push(&text)?;
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => break,
            Event::Eof => return Err(Failure::xml_end("sst")),
            _ => (),
        }
    }
    if !strings.open.is_empty() {
        strings.seal();
    }
    strings.open = String::new();
    Ok(strings)
}

/// Reads a string element up to its end tag `closing`: its `<t>` text, or
/// its rich-text runs' `<t>` texts joined, leaving out phonetic runs
/// (`<rPh>`); each `<t>` trimmed of ASCII white space unless
/// `xml:space="preserve"`, and its `_xHHHH_` escapes resolved.
pub(super) fn read_string<R: BufRead>(
    xml: &mut XmlReader<R>,
    closing: QName<'_>,
    xml_buf: &mut Vec<u8>,
    text_buf: &mut Vec<u8>,
) -> Result<String> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        xml_buf.clear();
        match xml.read_event_into(xml_buf)? {
            Event::Start(e) if e.local_name().as_ref() == "r" && rich.is_none() => {
                rich = Some(String::new());
            }
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name() == closing => return Ok(rich.unwrap_or_default()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let [space] = attributes(&e, ["xml:space"])?;
                let preserve = space == Some("preserve");
                let mut value = String::new();
                loop {
                    text_buf.clear();
                    match xml.read_event_into(text_buf)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => unescape_entity(&r, &mut value)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(Failure::xml_end("t")),
                        _ => (),
                    }
                }
                let value = if preserve {
                    unescape_excel(&value).into_owned()
                } else {
                    unescape_excel(value.trim_matches([' ', '\t', '\r', '\n'])).into_owned()
                };
                match &mut rich {
                    Some(s) => s.push_str(&value),
                    None => rich = Some(value),
                }
            }
            Event::Eof => return Err(Failure::xml_end("")),
            _ => (),
        }
    }
}

/// Appends the text of an entity or character reference to `buffer`.
pub(super) fn unescape_entity(entity: &BytesRef<'_>, buffer: &mut String) -> Result<()> {
    let name = entity.as_ref();
    if let Some(text) = quick_xml::escape::resolve_xml_entity(name) {
        buffer.push_str(text);
        return Ok(());
    }
    if let Some(c) = entity.resolve_char_ref()? {
        buffer.push(c);
        return Ok(());
    }
    Err(Failure::new(format!("unknown XML entity &{name};")))
}

/// The length of an `_xHHHH_` escape.
const ESCAPE_LENGTH: usize = 7;

/// Resolves Excel's `_xHHHH_` escapes (a UTF-16 code unit each: a
/// character outside the BMP is a surrogate pair of them; a lone surrogate
/// becomes U+FFFD).
pub(super) fn unescape_excel(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_escape(original, 0) else {
        return Cow::Borrowed(original);
    };
    let mut unescaped = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        unescaped.push_str(&original[copied..index]);
        index += ESCAPE_LENGTH;
        match unit {
            0xD800..=0xDBFF => match parse_escape(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    unescaped.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LENGTH;
                }
                _ => unescaped.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => unescaped.push(char::REPLACEMENT_CHARACTER),
            _ => unescaped
                .push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(original, index) {
            Some((next, next_unit)) => {
                index = next;
                unit = next_unit;
            }
            None => break,
        }
    }
    unescaped.push_str(&original[copied..]);
    Cow::Owned(unescaped)
}

fn find_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = original[start..].find('_') {
        let index = start + offset;
        if let Some(unit) = parse_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original.as_bytes().get(index..index + ESCAPE_LENGTH)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = &bytes[2..6];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}
