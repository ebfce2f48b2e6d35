//! Checks a zip-based workbook (xlsx, xlsb, ods) before calamine sees it.
//!
//! A small hostile file can make calamine allocate hundreds of gigabytes and
//! abort the process, which no `catch_unwind` can stop: a shared-strings part
//! that declares `uniqueCount="9000000000"` (calamine reserves that many
//! strings), a zip bomb, or an ODS sheet whose repeated rows and columns
//! expand to billions of cells. This module reads the archive's directory and
//! the parts calamine loads whole, counting the bytes they really inflate to
//! (the sizes a zip declares can lie), and refuses a file that would need
//! more than [`Limits`] allow. Worksheets of xlsx and xlsb are streamed by the
//! import, so their size costs time, not memory.

use std::io::{Cursor, Read, Seek};

/// How much a workbook may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file itself.
    pub file_bytes: u64,
    /// Entries in the archive.
    pub entries: usize,
    /// A part that calamine loads whole (shared strings, styles, ODS content), inflated.
    pub part_bytes: u64,
    /// Any one part, inflated.
    pub entry_bytes: u64,
    /// Cells an ODS sheet may expand to (calamine materialises every one).
    pub ods_cells: u64,
    /// Cells the sheets of an XLS workbook may span, summed (calamine makes
    /// a dense array of each sheet's bounding box, of its formulas' too, and
    /// reserves what a sheet's DIMENSIONS record claims).
    pub xls_cells: u64,
}

impl Limits {
    /// The limits velho uses: far above any real ledger export, far below 1 GiB of memory.
    pub const DEFAULT: Limits = Limits {
        file_bytes: 512 * 1024 * 1024,
        entries: 10_000,
        part_bytes: 256 * 1024 * 1024,
        entry_bytes: 4 * 1024 * 1024 * 1024,
        ods_cells: 10_000_000,
        xls_cells: 10_000_000,
    };
}

/// What kind of workbook a zip archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
}

/// Checks the archive; on success says what kind of workbook it holds.
/// The error is a sentence for the user.
pub fn check_archive(bytes: &[u8], limits: &Limits) -> Result<ArchiveKind, String> {
    check_archive_in(Cursor::new(bytes), bytes.len() as u64, limits)
}

/// [`check_archive`] on an archive of `size` bytes read from `reader` (a
/// file), which is never held in memory: the zip's directory is read from
/// its end, then the parts calamine loads whole are inflated and counted.
pub fn check_archive_in(
    reader: impl Read + Seek,
    size: u64,
    limits: &Limits,
) -> Result<ArchiveKind, String> {
    if size > limits.file_bytes {
        return Err(format!(
            "the workbook is larger than {} MB; export a shorter period",
            limits.file_bytes / 1_000_000
        ));
    }
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        format!(
            "the file is damaged or incomplete (its zip structure cannot be read: {e}); \
             it may have been cut short while copying or downloading: copy or export it again"
        )
    })?;
    if zip.len() > limits.entries {
        return Err(format!(
            "the workbook holds {} parts, more than a spreadsheet has; it is not a ledger export",
            zip.len()
        ));
    }
    let mut kind = None;
    let mut ods_content = None;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| damaged(&e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| damaged(&e.to_string()))?
            .to_string();
        if entry.size() > limits.entry_bytes {
            return Err(too_big(&name));
        }
        match name.as_str() {
            "xl/workbook.xml" => kind = Some(ArchiveKind::Xlsx),
            "xl/workbook.bin" => kind = Some(ArchiveKind::Xlsb),
            "content.xml" => kind = kind.or(Some(ArchiveKind::Ods)),
            _ => {}
        }
        let loaded_whole = name == "content.xml"
            || name == "styles.xml"
            || name.ends_with(".rels")
            || name.starts_with("docProps/")
            || name == "[Content_Types].xml"
            || (name.starts_with("xl/") && !name.starts_with("xl/worksheets/"));
        if !loaded_whole {
            continue;
        }
        // ODS content is scanned whole; of the shared strings only the head
        // (the declared count) is read.
        let keep = name == "content.xml";
        let compressed = entry.compressed_size();
        let (inflated, text) = inflate(&mut entry, limits.part_bytes, compressed, keep)
            .map_err(|e| damaged(&format!("{name}: {e}")))?;
        let Some(inflated) = inflated else {
            return Err(too_big(&name));
        };
        if name == "xl/sharedStrings.xml" {
            check_shared_strings(&text, inflated)?;
        }
        if name == "content.xml" {
            ods_content = Some(text);
        }
    }
    let kind = kind.ok_or_else(|| {
        "the file is a zip archive but not a spreadsheet (it holds no workbook); \
         export the ledger again as xlsx or CSV"
            .to_string()
    })?;
    if let (ArchiveKind::Ods, Some(content)) = (kind, ods_content) {
        let cells = ods_cells(&content);
        if cells > limits.ods_cells {
            return Err(format!(
                "a sheet of the workbook expands to {cells} cells (repeated rows and columns), \
                 more than velho reads from an ODS file ({}); save it as xlsx, or delete the \
                 unused rows and columns",
                limits.ods_cells
            ));
        }
    }
    Ok(kind)
}

fn damaged(detail: &str) -> String {
    format!(
        "the file is damaged or incomplete ({detail}); copy or export it again, or open it in Excel and save it"
    )
}

fn too_big(name: &str) -> String {
    format!(
        "the workbook's part {name} inflates far beyond what a spreadsheet holds; the file is \
         either damaged or built to exhaust memory (a \"zip bomb\"), and velho does not read it"
    )
}

/// Past this many inflated bytes, a part that grew more than [`BOMB_RATIO`]
/// times its compressed size is a zip bomb (real XML compresses 5–50 times).
const BOMB_FROM: u64 = 16 * 1024 * 1024;
const BOMB_RATIO: u64 = 500;

/// The head of a part kept to find its first tag (the shared strings' `<sst>`
/// may follow comments): past it, the bounded reader is the guard.
const HEAD_BYTES: usize = 1 << 20;

/// Inflates an entry, counting its real size; `None` past `limit` or when it
/// inflates like a zip bomb. Keeps the bytes when asked (else the first
/// [`HEAD_BYTES`]).
fn inflate(
    entry: &mut impl Read,
    limit: u64,
    compressed: u64,
    keep: bool,
) -> std::io::Result<(Option<u64>, Vec<u8>)> {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = entry.read(&mut buffer)?;
        if n == 0 {
            return Ok((Some(total), kept));
        }
        total += n as u64;
        if total > limit || (total > BOMB_FROM && total > compressed.saturating_mul(BOMB_RATIO)) {
            return Ok((None, kept));
        }
        if keep || kept.len() < HEAD_BYTES {
            let room = if keep {
                n
            } else {
                n.min(HEAD_BYTES - kept.len())
            };
            kept.extend_from_slice(&buffer[..room]);
        }
    }
}

/// An `<sst>` that declares more strings than its bytes can hold is refused:
/// calamine reserves room for the declared count before reading any.
fn check_shared_strings(text: &[u8], inflated: u64) -> Result<(), String> {
    let Some(declared) = declared_strings(text) else {
        return Ok(());
    };
    // The smallest string entry, `<si><t/></si>`, takes 13 bytes.
    let possible = inflated / 13 + 1;
    if declared > possible {
        return Err(format!(
            "the workbook's shared strings declare {declared} entries but hold room for at most \
             {possible}; the file is damaged or built to exhaust memory, and velho does not read it; \
             open it in Excel and save it again"
        ));
    }
    Ok(())
}

/// The `uniqueCount` of the `<sst>` tag, read as calamine reads it (the
/// first start tag named `sst`, whatever comes before it or how its
/// attributes are quoted and spaced), if it is a number.
fn declared_strings(text: &[u8]) -> Option<u64> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) if tag.local_name().as_ref() == "sst" => {
                let count = tag
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.as_ref() == "uniqueCount")?;
                let digits = count.value.as_bytes();
                if !digits.is_empty() && digits.len() > 19 && digits.iter().all(u8::is_ascii_digit)
                {
                    return Some(u64::MAX);
                }
                return std::str::from_utf8(digits).ok()?.parse().ok();
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// The number after `key` (which ends with the opening quote), if any.
fn attribute_number(text: &[u8], key: &[u8]) -> Option<u64> {
    let at = text.windows(key.len()).position(|w| w == key)? + key.len();
    let digits: Vec<u8> = text[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    if digits.len() > 19 {
        return Some(u64::MAX);
    }
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// An upper bound of the cells calamine makes of an ODS sheet: the rows from
/// the first to the last row with a value, times the widest such row (up to
/// its last cell with a value), repeats included, summed over sheets.
pub fn ods_cells(content: &[u8]) -> u64 {
    let mut total = 0u64;
    let mut at = 0;
    let (mut row, mut first_valued, mut last_valued, mut widest) = (0u64, None, 0u64, 0u64);
    while let Some(offset) = find(&content[at..], b"<table:") {
        let start = at + offset;
        let end = find(&content[start..], b">").map_or(content.len(), |e| start + e + 1);
        let tag = &content[start..end];
        at = end;
        if tag.starts_with(b"<table:table ") || tag.starts_with(b"<table:table>") {
            total = total.saturating_add(sheet_cells(first_valued, last_valued, widest));
            (row, first_valued, last_valued, widest) = (0, None, 0, 0);
        } else if is_row_start(tag) {
            if tag.ends_with(b"/>") {
                row = row.saturating_add(
                    attribute_number(tag, b"table:number-rows-repeated=\"").unwrap_or(1),
                );
                continue;
            }
            let repeat = attribute_number(tag, b"table:number-rows-repeated=\"").unwrap_or(1);
            let (width, closed_at) = row_width(&content[at..]);
            at += closed_at;
            if width > 0 {
                first_valued.get_or_insert(row);
                last_valued = row.saturating_add(repeat);
                widest = widest.max(width);
            }
            row = row.saturating_add(repeat);
        }
    }
    total.saturating_add(sheet_cells(first_valued, last_valued, widest))
}

/// `<table:table-row …>`, not `<table:table-rows>` or `<table:table-row-group>`.
fn is_row_start(tag: &[u8]) -> bool {
    let name = b"<table:table-row";
    tag.starts_with(name)
        && matches!(
            tag.get(name.len()),
            Some(b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')
        )
}

fn sheet_cells(first: Option<u64>, last: u64, widest: u64) -> u64 {
    first.map_or(0, |first| (last - first).saturating_mul(widest))
}

/// The width of one row up to its last cell with a value, and where the row ends.
fn row_width(rest: &[u8]) -> (u64, usize) {
    let row_end = find(rest, b"</table:table-row>").unwrap_or(rest.len());
    let row = &rest[..row_end];
    let (mut column, mut width, mut at) = (0u64, 0u64, 0);
    while let Some(offset) = find(&row[at..], b"<table:") {
        let start = at + offset;
        let end = find(&row[start..], b">").map_or(row.len(), |e| start + e + 1);
        let tag = &row[start..end];
        at = end;
        if tag.starts_with(b"<table:table-cell") || tag.starts_with(b"<table:covered-table-cell") {
            let repeat = attribute_number(tag, b"table:number-columns-repeated=\"").unwrap_or(1);
            column = column.saturating_add(repeat);
            // Typed or not: calamine makes a cell of `office:value="1"`
            // without a type too (and of a date, time, boolean or string value).
            let has_value = find(tag, b"value-type").is_some()
                || find(tag, b"value=").is_some()
                || find(tag, b"table:formula").is_some();
            if has_value {
                width = column;
            }
        }
    }
    (width, row_end)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sector ids at or above this are markers (end of chain, free, FAT, DIFAT).
const RESERVED_SECTOR: u32 = 0xFFFF_FFFA;

/// Checks an OLE compound file (xls) before calamine reads it: a sector
/// chain that loops back on itself makes calamine grow one buffer without
/// end (found by fuzzing: a 6 KB file asked for more than 1 GB). Every chain
/// of the file allocation table and of the mini table must end. Then the
/// workbook stream's cells and sheet sizes are checked.
pub fn check_compound(bytes: &[u8]) -> Result<(), String> {
    let compound = Compound::open(bytes).ok_or_else(compound_damaged)?;
    let Some(stream) = compound.workbook_stream()? else {
        return Ok(());
    };
    check_biff_cells(&stream)?;
    check_biff_sheet_sizes(&stream, Limits::DEFAULT.xls_cells)
}

/// The message for a compound file whose structure is broken.
fn compound_damaged() -> String {
    "the file is damaged (its internal chain of sectors loops or points outside the file); \
     open it in Excel and save it again as .xlsx, or export it again"
        .to_string()
}

/// An OLE compound file whose allocation tables were found to end.
struct Compound<'a> {
    bytes: &'a [u8],
    /// The sector size.
    size: usize,
    /// The file allocation table: each sector's next.
    fat: Vec<u32>,
    /// The mini table: each 64-byte mini sector's next.
    mini: Vec<u32>,
}

impl<'a> Compound<'a> {
    /// Reads the header, the DIFAT, the FAT and the mini FAT; `None` when
    /// the structure is broken or a chain loops.
    fn open(bytes: &'a [u8]) -> Option<Compound<'a>> {
        let shift = u16_at(bytes, 30)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let mut compound = Compound {
            bytes,
            size: 1usize << shift,
            fat: Vec::new(),
            mini: Vec::new(),
        };
        let sectors = bytes.len() / compound.size;
        // The DIFAT: 109 ids in the header, then a chain of DIFAT sectors.
        let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut next = u32_at(bytes, 68)?;
        let mut steps = 0;
        while next < RESERVED_SECTOR {
            steps += 1;
            let mut ids = compound.sector(next).filter(|_| steps <= sectors + 1)?;
            next = ids.pop()?;
            difat.extend(ids);
        }
        for id in difat
            .into_iter()
            .filter(|id| *id < RESERVED_SECTOR)
            .take(sectors + 1)
        {
            let ids = compound.sector(id)?;
            compound.fat.extend(ids);
        }
        if has_loop(&compound.fat) {
            return None;
        }
        // The mini FAT is stored in a chain of the FAT (which ends: checked above).
        let mut id = u32_at(bytes, 60)?;
        while id < RESERVED_SECTOR && (id as usize) < compound.fat.len() {
            let ids = compound.sector(id)?;
            compound.mini.extend(ids);
            id = compound.fat[id as usize];
        }
        (!has_loop(&compound.mini)).then_some(compound)
    }

    /// Sector `id` as ids (a table's sector).
    fn sector(&self, id: u32) -> Option<Vec<u32>> {
        let start = (id as usize + 1).checked_mul(self.size)?;
        let data = self.bytes.get(start..start + self.size)?;
        Some(
            data.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// The ids of the chain from `id` in `table`, at most its length.
    fn chain(mut id: u32, table: &[u32]) -> Vec<u32> {
        let mut ids = Vec::new();
        while id < RESERVED_SECTOR && (id as usize) < table.len() && ids.len() <= table.len() {
            ids.push(id);
            id = table[id as usize];
        }
        ids
    }

    /// The bytes of the FAT chain from `start`.
    fn read_chain(&self, start: u32) -> Vec<u8> {
        let mut out = Vec::new();
        for id in Self::chain(start, &self.fat) {
            let from = (id as usize + 1) * self.size;
            if let Some(data) = self.bytes.get(from..from + self.size) {
                out.extend_from_slice(data);
            }
        }
        out
    }

    /// The workbook stream calamine will read, found as calamine finds it:
    /// the name is the entry's 64 bytes up to the first NUL (the length
    /// field is not trusted), compared without case, "Workbook" before
    /// "Book"; the length is 4 bytes in a file of 512-byte sectors, else 8;
    /// under 4096 bytes a stream lives in the mini stream. `None` when
    /// there is none.
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, String> {
        let directory = self.read_chain(u32_at(self.bytes, 48).ok_or_else(compound_damaged)?);
        let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
        let entry_u32 =
            |e: &[u8], at: usize| u32::from_le_bytes([e[at], e[at + 1], e[at + 2], e[at + 3]]);
        let name_of = |e: &[u8]| {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        };
        let named = |wanted: &str| {
            entries
                .iter()
                .find(|e| name_of(e).eq_ignore_ascii_case(wanted))
        };
        let Some(book) = named("Workbook").or_else(|| named("Book")) else {
            return Ok(None);
        };
        let start = entry_u32(book, 116);
        let length = if self.size == 512 {
            entry_u32(book, 120) as usize
        } else {
            usize::try_from(u64::from_le_bytes(
                book[120..128].try_into().unwrap_or([0xFF; 8]),
            ))
            .unwrap_or(usize::MAX)
        };
        let mut stream = if length >= 4096 {
            self.read_chain(start)
        } else {
            let Some(root) = entries.first() else {
                return Err(compound_damaged());
            };
            let container = self.read_chain(entry_u32(root, 116));
            let mut out = Vec::new();
            for id in Self::chain(start, &self.mini) {
                let from = id as usize * 64;
                if let Some(data) = container.get(from..from + 64) {
                    out.extend_from_slice(data);
                }
            }
            out
        };
        stream.truncate(length);
        Ok(Some(stream))
    }
}

/// The little-endian u16 at `at`, if the bytes reach it.
fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

/// The little-endian u32 at `at`, if the bytes reach it.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Cell records of a BIFF8 workbook stream must stand inside Excel's 256
/// columns: calamine sizes each sheet by its cells' bounding box, and a
/// column id of 65,535 (possible in the record, never written by Excel)
/// would ask for a 137 GB sheet.
fn check_biff_cells(stream: &[u8]) -> Result<(), String> {
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        let column = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        // NUMBER, LABELSST, RK, BLANK, LABEL, BOOLERR, RSTRING, FORMULA; MULRK and MULBLANK.
        let last_column = match kind {
            0x0203 | 0x00FD | 0x027E | 0x0201 | 0x0204 | 0x0205 | 0x00D6 | 0x0006 => column(2),
            0x00BD | 0x00BE => data.len().checked_sub(2).and_then(&column).max(column(2)),
            _ => None,
        };
        if last_column.is_some_and(|c| c >= 256) {
            return Err(format!(
                "the file is damaged: a cell stands in column {} but an .xls sheet has 256 columns; \
                 open it in Excel and save it again as .xlsx, or export it again",
                u32::from(last_column.unwrap_or(0)) + 1
            ));
        }
        at += 4 + len;
    }
    Ok(())
}

/// The BIFF records of a stream from its start: (type, data), as calamine
/// reads them (a record cut short by the stream's end ends them).
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let head = rest.get(..4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((kind, data))
    })
}

/// What calamine will allocate for the sheets of a BIFF workbook stream,
/// read as calamine reads them: each sheet from the position its BoundSheet
/// record gives to its EOF (records of embedded substreams skipped). Each
/// sheet's cells and formulas become dense arrays of their bounding boxes,
/// and a DIMENSIONS record's claim is reserved: all must stay within `limit`
/// cells together (a damaged file can claim 4 billion rows).
fn check_biff_sheet_sizes(stream: &[u8], limit: u64) -> Result<(), String> {
    const MAX_SHEETS: usize = 4096;
    let mut positions = Vec::new();
    for (kind, data) in biff_records(stream) {
        match kind {
            0x0085 if data.len() >= 4 => {
                positions.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize)
            }
            0x000A => break,
            _ => {}
        }
    }
    if positions.len() > MAX_SHEETS {
        return Err(format!(
            "the workbook lists {} sheets, more than velho reads from an .xls file ({MAX_SHEETS}); \
             open it in Excel and save it again as .xlsx, or export it again",
            positions.len()
        ));
    }
    let too_big = |cells: u64| {
        format!(
            "the workbook's sheets span {cells} cells (from their first to their last used row and \
             column, or as their size records claim), more than velho reads from an .xls file \
             ({limit}); save it as .xlsx, or export it again"
        )
    };
    let mut total = 0u64;
    for position in positions {
        let Some(sheet) = stream.get(position..) else {
            continue;
        };
        let (mut cells, mut formulas) = (BoundingBox::default(), BoundingBox::default());
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (kind, data) in biff_records(sheet) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
            let at = |i: usize| u16_at(i).map(u32::from);
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    let claimed = dimensions_cells(data);
                    if claimed > limit {
                        return Err(too_big(claimed));
                    }
                }
                // NUMBER, LABEL, RSTRING, BOOLERR, STRING's formula cell, RK, LABELSST.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let (Some(row), Some(column)) = (at(0), at(2)) {
                        cells.add(row, column);
                    }
                }
                // MULRK: one row, columns from the first to the last.
                0x00BD => {
                    if let (Some(row), Some(first)) = (at(0), at(2)) {
                        cells.add(row, first);
                        if let Some(last) = data.len().checked_sub(2).and_then(at) {
                            cells.add(row, last);
                        }
                    }
                }
                0x0006 => {
                    if let (Some(row), Some(column)) = (at(0), at(2)) {
                        cells.add(row, column);
                        formulas.add(row, column);
                    }
                }
                _ => {}
            }
        }
        total = total
            .saturating_add(cells.area())
            .saturating_add(formulas.area());
        if total > limit {
            return Err(too_big(total));
        }
    }
    Ok(())
}

/// The cells a DIMENSIONS record makes calamine reserve, computed as it does.
fn dimensions_cells(data: &[u8]) -> u64 {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
        (last_row - 1, last_col - 1)
    } else {
        (first_row, first_col)
    };
    let rows = u64::from(end_row.wrapping_sub(first_row).wrapping_add(1));
    let cols = u64::from(end_col.wrapping_sub(first_col).wrapping_add(1));
    rows.saturating_mul(cols)
}

/// The smallest box holding some cells.
#[derive(Default)]
struct BoundingBox(Option<(u32, u32, u32, u32)>);

impl BoundingBox {
    fn add(&mut self, row: u32, column: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(column), c1.max(column)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// True when following `next[i]` from some `i` comes back to a sector already
/// on the path (ids outside the table end a chain).
fn has_loop(next: &[u32]) -> bool {
    // 0 = not seen, 1 = on the current path, 2 = known to end.
    let mut state = vec![0u8; next.len()];
    for start in 0..next.len() {
        let mut i = start;
        while i < next.len() && state[i] == 0 {
            state[i] = 1;
            i = next[i] as usize;
        }
        if i < next.len() && state[i] == 1 {
            return true;
        }
        let mut j = start;
        while j < next.len() && state[j] == 1 {
            state[j] = 2;
            j = next[j] as usize;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BIFF8 stream: globals naming one sheet, then the sheet's records.
    fn biff_with_sheet(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let record = |kind: u16, data: &[u8]| {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let bof = record(0x0809, &[0; 16]);
        let globals_len = bof.len() + (4 + 12) + 4;
        let mut sheet_entry = (globals_len as u32).to_le_bytes().to_vec();
        sheet_entry.extend([0, 0, 4, 0, b'S', b'1', b'x', b'y']);
        let mut stream = bof.clone();
        stream.extend(record(0x0085, &sheet_entry));
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(bof);
        for (kind, data) in records {
            stream.extend(record(*kind, data));
        }
        stream.extend(record(0x000A, &[]));
        stream
    }

    fn number_at(row: u16, column: u16) -> (u16, Vec<u8>) {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0; 10]);
        (0x0203, data)
    }

    #[test]
    fn xls_sheet_sizes_are_bounded_as_calamine_allocates_them() {
        let limit = Limits::DEFAULT.xls_cells;
        // A real ledger: 2 000 rows × 9 columns.
        let ledger = biff_with_sheet(&[number_at(0, 0), number_at(1999, 8)]);
        assert_eq!(check_biff_sheet_sizes(&ledger, limit), Ok(()));
        // Cells in the corners of a whole sheet: 65 536 × 256.
        let corners = biff_with_sheet(&[number_at(0, 0), number_at(65535, 255)]);
        let err = check_biff_sheet_sizes(&corners, limit).unwrap_err();
        assert!(err.contains("span 16777216 cells"), "{err}");
        // A DIMENSIONS record claiming four billion rows (calamine would
        // reserve them) is refused before calamine sees it.
        let mut dimensions = 0u32.to_le_bytes().to_vec();
        dimensions.extend(u32::MAX.to_le_bytes());
        dimensions.extend([0, 0, 9, 0, 0, 0]);
        let claim = biff_with_sheet(&[(0x0200, dimensions), number_at(0, 0)]);
        let err = check_biff_sheet_sizes(&claim, limit).unwrap_err();
        assert!(err.contains("span 38654705655 cells"), "{err}");
        // An embedded chart's cells are not the sheet's.
        let nested = biff_with_sheet(&[
            number_at(0, 0),
            (0x0809, vec![0; 16]),
            number_at(65535, 255),
            (0x000A, vec![]),
            number_at(9, 9),
        ]);
        assert_eq!(check_biff_sheet_sizes(&nested, limit), Ok(()));
    }

    #[test]
    fn ods_cells_count_repeats_of_valued_rows_only() {
        let sheet = br#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"/><table:table-cell office:value-type="float" table:number-columns-repeated="3"/><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(ods_cells(sheet), 4);
        let bomb = br#"<table:table table:name="A"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" table:number-columns-repeated="1000"/></table:table-row></table:table>"#;
        assert_eq!(ods_cells(bomb), 1_000_000_000);
    }

    #[test]
    fn the_declared_count_is_read_as_xml() {
        let count = |xml: &str| declared_strings(xml.as_bytes());
        assert_eq!(count(r#"<sst count="2" uniqueCount="2">"#), Some(2));
        assert_eq!(count("<sst uniqueCount='2000000000'>"), Some(2_000_000_000));
        assert_eq!(count(r#"<sst uniqueCount = "7" >"#), Some(7));
        let commented = format!(
            "<?xml version=\"1.0\"?><!--{}--><x:sst uniqueCount=\"9\"/>",
            "c".repeat(5000)
        );
        // An empty <sst/> holds no strings: calamine reads its count only on a start tag.
        assert_eq!(count(&commented), None);
        let commented = commented.replace("/>", ">");
        assert_eq!(count(&commented), Some(9));
        assert_eq!(
            count(r#"<sst uniqueCount="99999999999999999999999">"#),
            Some(u64::MAX)
        );
        assert_eq!(count(r#"<sst uniqueCount="many">"#), None);
    }

    #[test]
    fn shared_strings_must_fit_their_bytes() {
        assert!(
            check_shared_strings(br#"<sst count="2" uniqueCount="2"><si><t>a</t></si>"#, 60)
                .is_ok()
        );
        let err =
            check_shared_strings(br#"<sst count="2" uniqueCount="9000000000">"#, 60).unwrap_err();
        assert!(err.contains("declare 9000000000 entries"), "{err}");
    }

    #[test]
    fn not_a_zip_is_damaged() {
        let err = check_archive(b"PK\x03\x04 cut short", &Limits::DEFAULT).unwrap_err();
        assert!(err.contains("damaged or incomplete"), "{err}");
    }
}
