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
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesRef, Event};
use quick_xml::name::QName;

use super::{Failure, Result, attributes};

/// The bytes of text after which a block is compressed.
const BLOCK_BYTES: usize = 16 * 1024;
/// The most strings a block holds.
const BLOCK_STRINGS: usize = 4096;
/// Decompressed blocks a [`Lookup`] keeps (1 MiB).
const CACHED: usize = 64;

/// A block of a workbook's shared strings: some 16 KiB of their text,
/// LZ4-compressed, and where each of its strings ends in it.
pub(crate) struct Block {
    /// The index of its first string in the table.
    first: usize,
    /// Each string's end in the text (it starts where the one before ends).
    ends: Box<[u32]>,
    compressed: Box<[u8]>,
    size: usize,
}

impl Block {
    fn holds(&self, index: usize) -> bool {
        index >= self.first && index - self.first < self.ends.len()
    }

    /// String `index`'s place in the block's text (the block must hold it).
    fn range(&self, index: usize) -> std::ops::Range<usize> {
        let i = index - self.first;
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        start as usize..self.ends[i] as usize
    }
}

/// A workbook's shared strings, published a block at a time as they are
/// read (on a thread of their own, while the sheet is: a cell waits only
/// for the block of its string, not for the whole table), then their end:
/// the table read whole, or why it could not be.
#[derive(Default)]
pub(crate) struct StringTable {
    published: Mutex<Published>,
    grown: Condvar,
}

#[derive(Default)]
struct Published {
    blocks: Vec<Arc<Block>>,
    strings: usize,
    end: Option<std::result::Result<(), String>>,
}

impl StringTable {
    fn published(&self) -> MutexGuard<'_, Published> {
        self.published
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn publish(&self, block: Block) {
        let mut published = self.published();
        let strings = block.ends.len();
        published.blocks.push(Arc::new(block));
        published.strings += strings;
        self.grown.notify_all();
    }

    /// A table read whole that holds no strings.
    pub(crate) fn empty() -> Self {
        let table = StringTable::default();
        table.finish(Ok(()));
        table
    }

    /// Tells the table's end: read whole, or the failure that stopped the
    /// reading (the first end told is the one kept).
    pub(crate) fn finish(&self, end: std::result::Result<(), String>) {
        let mut published = self.published();
        if published.end.is_none() {
            published.end = Some(end);
        }
        self.grown.notify_all();
    }

    /// Waits for the table's end: `Ok` once read whole, else its failure.
    pub(crate) fn wait(&self) -> Result<()> {
        let published = self.published();
        let published = self
            .grown
            .wait_while(published, |p| p.end.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        match &published.end {
            Some(Err(e)) => Err(Failure::new(e.clone())),
            _ => Ok(()),
        }
    }

    /// The block holding string `index`, once it is read; an index beyond
    /// the table fails, as in calamine, as does one the reading's failure
    /// left unread.
    fn block_of(&self, index: usize) -> Result<Arc<Block>> {
        let published = self.published();
        let published = self
            .grown
            .wait_while(published, |p| p.strings <= index && p.end.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        if index < published.strings {
            let after = published.blocks.partition_point(|b| b.first <= index);
            return Ok(Arc::clone(&published.blocks[after - 1]));
        }
        Err(match &published.end {
            Some(Err(e)) => Failure::new(e.clone()),
            _ => Failure::new(format!(
                "shared string {index} is not in the table of {}",
                published.strings
            )),
        })
    }
}

/// Strings gathered into blocks as they are read, each block handed on
/// once sealed.
struct Blocks<F: FnMut(Block)> {
    open: String,
    ends: Vec<u32>,
    first: usize,
    sealed: F,
}

impl<F: FnMut(Block)> Blocks<F> {
    fn push(&mut self, text: &str) -> Result<()> {
        let full = !self.open.is_empty() && self.open.len() + text.len() > BLOCK_BYTES;
        // (Empty strings fill no bytes: a block holds at most so many.)
        if full || self.ends.len() == BLOCK_STRINGS {
            self.seal();
        }
        let end = u32::try_from(self.open.len() + text.len())
            .map_err(|_| Failure::new("a shared string longer than 4 GiB"))?;
        self.open.push_str(text);
        self.ends.push(end);
        Ok(())
    }

    fn seal(&mut self) {
        if self.ends.is_empty() {
            return;
        }
        let ends: Box<[u32]> = std::mem::take(&mut self.ends).into();
        let block = Block {
            first: self.first,
            compressed: lz4_flex::block::compress(self.open.as_bytes()).into(),
            size: self.open.len(),
            ends,
        };
        self.first += block.ends.len();
        self.open.clear();
        // A string longer than a block leaves its room to the next block.
        self.open.shrink_to(BLOCK_BYTES);
        (self.sealed)(block);
    }
}

/// The blocks one reader of a [`StringTable`] decompressed lately. The
/// one it read last is looked at first (a sheet's new strings come in the
/// table's order); a block is replaced when it went unused while the clock
/// hand went round once, so the few blocks a sheet keeps coming back to
/// (its accounts', cost centres' and suppliers' names) stay.
#[derive(Default)]
pub(crate) struct Lookup {
    blocks: Vec<Cached>,
    last: usize,
    hand: usize,
}

struct Cached {
    block: Arc<Block>,
    text: String,
    used: bool,
}

impl Lookup {
    /// Calls `with` on string `index` of `table`, its block decompressed
    /// unless already here (waiting for the block while the table is read).
    pub(crate) fn with<T>(
        &mut self,
        table: &StringTable,
        index: usize,
        with: impl FnOnce(&str) -> T,
    ) -> Result<T> {
        let cached = |slot: &usize| self.blocks.get(*slot).is_some_and(|c| c.block.holds(index));
        // A block counts as used when it is come back to after another,
        // not when it is first read nor while a run of rows reads on in it:
        // a block read in one run goes before one come back to again and again.
        let slot = match Some(self.last).filter(cached) {
            Some(slot) => slot,
            None => match (0..self.blocks.len()).find(cached) {
                Some(slot) => {
                    self.blocks[slot].used = true;
                    slot
                }
                None => self.decompress(table.block_of(index)?),
            },
        };
        self.last = slot;
        let cached = &self.blocks[slot];
        Ok(with(&cached.text[cached.block.range(index)]))
    }

    /// Decompresses `block` into the cache, in place of a block unused since
    /// the hand last passed it (its buffer reused); gives its slot.
    fn decompress(&mut self, block: Arc<Block>) -> usize {
        let slot = if self.blocks.len() < CACHED {
            self.blocks.len()
        } else {
            while std::mem::take(&mut self.blocks[self.hand].used) {
                self.hand = (self.hand + 1) % CACHED;
            }
            let slot = self.hand;
            self.hand = (slot + 1) % CACHED;
            slot
        };
        // (The buffer of a block far longer than most is not kept.)
        let mut bytes = match self.blocks.get_mut(slot) {
            Some(evicted) if evicted.text.capacity() <= 2 * BLOCK_BYTES => {
                std::mem::take(&mut evicted.text).into_bytes()
            }
            _ => Vec::new(),
        };
        bytes.clear();
        bytes.resize(block.size, 0);
        let size = lz4_flex::block::decompress_into(&block.compressed, &mut bytes)
            .expect("a block this process compressed decompresses");
        debug_assert_eq!(size, block.size);
        bytes.truncate(size);
        let text = String::from_utf8(bytes).expect("a block of strings is UTF-8");
        let cached = Cached {
            block,
            text,
            used: false,
        };
        match self.blocks.get_mut(slot) {
            Some(evicted) => *evicted = cached,
            None => self.blocks.push(cached),
        }
        slot
    }
}

/// Reads the shared-strings part, every `<si>` of `<sst>`, into `table`
/// a block at a time; the caller tells the table's end.
pub(super) fn read<R: BufRead>(xml: &mut XmlReader<R>, table: &StringTable) -> Result<()> {
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
    let mut blocks = Blocks {
        open: String::with_capacity(BLOCK_BYTES),
        ends: Vec::new(),
        first: 0,
        sealed: |block| table.publish(block),
    };
    let mut xml_buf = Vec::with_capacity(1024);
    let mut text_buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let text = read_string(xml, e.name(), &mut xml_buf, &mut text_buf)?;
                blocks.push(&text)?;
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => break,
            Event::Eof => return Err(Failure::xml_end("sst")),
            _ => (),
        }
    }
    blocks.seal();
    Ok(())
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
            Event::Eof => return Err(Failure::xml_end(closing.as_ref())),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings gathered for `table` as its reading thread gathers them.
    fn blocks_of(table: &StringTable) -> Blocks<impl FnMut(Block) + '_> {
        Blocks {
            open: String::new(),
            ends: Vec::new(),
            first: 0,
            sealed: |block| table.publish(block),
        }
    }

    /// A table of `texts`, read whole.
    fn read_whole<'t>(texts: impl IntoIterator<Item = &'t str>) -> StringTable {
        let table = StringTable::default();
        {
            let mut blocks = blocks_of(&table);
            for t in texts {
                blocks.push(t).unwrap();
            }
            blocks.seal();
        }
        table.finish(Ok(()));
        table
    }

    fn text(table: &StringTable, lookup: &mut Lookup, index: usize) -> Result<String> {
        lookup.with(table, index, str::to_string)
    }

    #[test]
    fn a_string_is_served_once_its_block_is_read_not_once_the_table_is() {
        // 400 strings of 50 bytes: 16 384 / 50 = 327 of them fill the first
        // block; the other 73 wait in the open one until it is sealed.
        let texts: Vec<String> = (0..400).map(|i| format!("{i:>48}ä")).collect();
        let table = StringTable::default();
        let mut blocks = blocks_of(&table);
        for t in &texts {
            blocks.push(t).unwrap();
        }
        let mut lookup = Lookup::default();
        assert_eq!(text(&table, &mut lookup, 0).unwrap(), texts[0]);
        assert_eq!(text(&table, &mut lookup, 326).unwrap(), texts[326]);
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| text(&table, &mut Lookup::default(), 399));
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(!waiting.is_finished(), "string 399 is not sealed yet");
            blocks.seal();
            assert_eq!(waiting.join().unwrap().unwrap(), texts[399]);
        });
        // Beyond the table: known only once the table has ended.
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| text(&table, &mut Lookup::default(), 400));
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(!waiting.is_finished(), "the table may still grow");
            table.finish(Ok(()));
            assert_eq!(
                waiting.join().unwrap().unwrap_err().to_string(),
                "shared string 400 is not in the table of 400"
            );
        });
        assert!(table.wait().is_ok());
    }

    #[test]
    fn a_table_whose_reading_failed_serves_what_was_read_and_fails_the_rest() {
        let table = StringTable::default();
        let mut blocks = blocks_of(&table);
        for t in ["Tili", "Selite"] {
            blocks.push(t).unwrap();
        }
        blocks.seal();
        blocks.push("kesken").unwrap();
        table.finish(Err("the sst part ends early".to_string()));
        // A second end told (as by the reading thread's guard) changes nothing.
        table.finish(Err("reading the shared strings failed".to_string()));
        let mut lookup = Lookup::default();
        assert_eq!(text(&table, &mut lookup, 1).unwrap(), "Selite");
        for index in [2, 3] {
            let failure = text(&table, &mut lookup, index).unwrap_err();
            assert_eq!(failure.to_string(), "the sst part ends early");
        }
        assert_eq!(
            table.wait().unwrap_err().to_string(),
            "the sst part ends early"
        );
    }

    #[test]
    fn empty_strings_and_a_string_longer_than_a_block_keep_their_places() {
        let long = "Pitkä selite ".repeat(2000); // 28 000 bytes
        let texts = ["", "", long.as_str(), "", "x", ""];
        let table = read_whole(texts);
        let published = table.published();
        // The long string shares the block of the empty ones before it; the
        // next string opens a block of its own.
        let sizes: Vec<(usize, usize)> = published
            .blocks
            .iter()
            .map(|b| (b.first, b.ends.len()))
            .collect();
        assert_eq!(sizes, [(0, 3), (3, 3)]);
        drop(published);
        let mut lookup = Lookup::default();
        for index in [5, 2, 0, 4, 1, 3] {
            assert_eq!(text(&table, &mut lookup, index).unwrap(), texts[index]);
        }
    }

    #[test]
    fn a_table_of_empty_strings_is_served_a_block_of_them_at_a_time() {
        // Empty strings fill no bytes: a block seals at 4 096 of them, so a
        // cell does not wait for text that may never come.
        let table = StringTable::default();
        let mut blocks = blocks_of(&table);
        for _ in 0..10_000 {
            blocks.push("").unwrap();
        }
        let counts = |table: &StringTable| -> Vec<usize> {
            let published = table.published();
            published.blocks.iter().map(|b| b.ends.len()).collect()
        };
        assert_eq!(counts(&table), [4096, 4096]);
        let mut lookup = Lookup::default();
        assert_eq!(text(&table, &mut lookup, 8191).unwrap(), "");
        blocks.seal();
        table.finish(Ok(()));
        assert_eq!(counts(&table), [4096, 4096, 1808]);
        assert_eq!(text(&table, &mut lookup, 9999).unwrap(), "");
        assert!(text(&table, &mut lookup, 10_000).is_err());
    }

    #[test]
    fn a_block_the_sheet_keeps_coming_back_to_stays_decompressed() {
        // 200 blocks of sixteen 999-byte strings. The sheet alternates
        // between string 0 (an account's name, say) and a run of three of
        // a new block's strings, row after row: 199 new blocks pass
        // through a cache of 64.
        let texts: Vec<String> = (0..3200).map(|i| format!("{i:>999}")).collect();
        let table = read_whole(texts.iter().map(String::as_str));
        assert_eq!(table.published().blocks.len(), 200);
        let mut lookup = Lookup::default();
        for block in 1..200 {
            assert_eq!(text(&table, &mut lookup, 0).unwrap(), texts[0]);
            // Found where it was first decompressed: never replaced.
            assert_eq!(lookup.last, 0, "block 0 was dropped before block {block}");
            for (index, expected) in texts.iter().enumerate().skip(block * 16).take(3) {
                assert_eq!(&text(&table, &mut lookup, index).unwrap(), expected);
            }
        }
        assert_eq!(lookup.blocks.len(), CACHED);
    }

    #[test]
    fn a_reading_thread_that_stops_without_an_end_fails_the_table() {
        let table = StringTable::default();
        std::thread::scope(|scope| {
            let thread = scope.spawn(|| {
                let _unfinished = super::super::Unfinished(&table);
                panic!("the reading panicked");
            });
            assert!(thread.join().is_err());
        });
        assert_eq!(
            table.wait().unwrap_err().to_string(),
            "reading the shared strings failed"
        );
    }
}
