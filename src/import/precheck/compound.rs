//! OLE compound files (xls): the sector chains of the allocation tables,
//! then the BIFF workbook stream's cells and sheet sizes.

use super::Limits;
use crate::import::Portable;

/// Sector ids at or above this are markers (end of chain, free, FAT, DIFAT).
const RESERVED_SECTOR: u32 = 0xFFFF_FFFA;

/// Checks an OLE compound file (xls) before calamine reads it: a sector
/// chain that loops back on itself makes calamine grow one buffer without
/// end (found by fuzzing: a 6 KB file asked for more than 1 GB). Every chain
/// of the file allocation table and of the mini table must end. Then the
/// workbook stream's cells and sheet sizes are checked.
pub fn check_compound(bytes: &[u8]) -> Result<(), Portable> {
    let compound = Compound::open(bytes).ok_or_else(compound_damaged)?;
    let Some(stream) = compound.workbook_stream()? else {
        return Ok(());
    };
    check_biff_cells(&stream)?;
    check_biff_sheet_sizes(&stream, Limits::DEFAULT.xls_cells)
}

/// The message for a compound file whose structure is broken.
fn compound_damaged() -> Portable {
    Portable::new("import.precheck.sector_chain")
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
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, Portable> {
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
fn check_biff_cells(stream: &[u8]) -> Result<(), Portable> {
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
            return Err(Portable::new("import.precheck.xls_column")
                .with("column", u32::from(last_column.unwrap_or(0)) + 1));
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
fn check_biff_sheet_sizes(stream: &[u8], limit: u64) -> Result<(), Portable> {
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
        return Err(Portable::new("import.precheck.xls_sheets")
            .with("sheets", positions.len())
            .with("limit", MAX_SHEETS));
    }
    let too_big = |cells: u64| {
        Portable::new("import.precheck.xls_cells")
            .with("cells", cells)
            .with("limit", limit)
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
        let err = check_biff_sheet_sizes(&corners, limit)
            .unwrap_err()
            .to_string();
        assert!(err.contains("span 16777216 cells"), "{err}");
        // A DIMENSIONS record claiming four billion rows (calamine would
        // reserve them) is refused before calamine sees it.
        let mut dimensions = 0u32.to_le_bytes().to_vec();
        dimensions.extend(u32::MAX.to_le_bytes());
        dimensions.extend([0, 0, 9, 0, 0, 0]);
        let claim = biff_with_sheet(&[(0x0200, dimensions), number_at(0, 0)]);
        let err = check_biff_sheet_sizes(&claim, limit)
            .unwrap_err()
            .to_string();
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
}
