//! Zip-based workbooks (xlsx, xlsb, ods): the archive's directory, the
//! sizes of the parts calamine loads whole (as the directory declares them:
//! the zip reader stops with an error past an entry's declared size), the
//! shared strings' declared count and the cells an ODS sheet expands to.

use std::io::{Cursor, Read, Seek};

use super::{ArchiveKind, Limits};
use crate::import::Portable;

/// Checks the archive; on success says what kind of workbook it holds.
/// The error is a sentence for the user.
pub fn check_archive(bytes: &[u8], limits: &Limits) -> Result<ArchiveKind, Portable> {
    check_archive_in(Cursor::new(bytes), bytes.len() as u64, limits)
}

/// [`check_archive`] on an archive of `size` bytes read from `reader` (a
/// file), which is never held in memory: the zip's directory is read from
/// its end, and each part is judged by the sizes the directory declares
/// ([`is_refused`]). The zip reader calamine reads with (the same crate)
/// stops with an error past an entry's declared inflated size, and reads no
/// more of the archive than its declared compressed size, and the parts'
/// compressed sizes together cannot exceed the archive: so the declared
/// sizes bound what calamine inflates. Only the parts whose contents are
/// checked are inflated: the shared strings' head, for their declared
/// count, and an ODS sheet's content, whole.
pub fn check_archive_in(
    reader: impl Read + Seek,
    size: u64,
    limits: &Limits,
) -> Result<ArchiveKind, Portable> {
    if size > limits.file_bytes {
        return Err(
            Portable::new("import.precheck.too_large").with("mb", limits.file_bytes / 1_000_000)
        );
    }
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| Portable::new("import.precheck.zip_unreadable").with("error", e))?;
    if zip.len() > limits.entries {
        return Err(Portable::new("import.precheck.too_many_parts").with("parts", zip.len()));
    }
    let mut kind = None;
    let mut ods_content = None;
    // An honest archive's entries are disjoint stretches of it; entries
    // that claim more compressed bytes than the archive holds overlap.
    let mut all_compressed = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| damaged(&e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| damaged(&e.to_string()))?
            .to_string();
        let (declared, compressed) = (entry.size(), entry.compressed_size());
        if declared > limits.entry_bytes {
            return Err(too_big(&name));
        }
        all_compressed = all_compressed.saturating_add(compressed);
        if all_compressed > size {
            return Err(damaged(&format!(
                "{name}: its parts claim more compressed bytes than the archive's {size}"
            )));
        }
        match name.as_str() {
            "xl/workbook.xml" => kind = Some(ArchiveKind::Xlsx),
            "xl/workbook.bin" => kind = Some(ArchiveKind::Xlsb),
            "content.xml" => kind = kind.or(Some(ArchiveKind::Ods)),
            _ => {}
        }
        // calamine finds a part whatever the case of its name or the way its
        // slashes lean, and the workbook's folder from its relationships: a
        // part is known by its name's last component, wherever it is.
        let part = name.replace('\\', "/").to_ascii_lowercase();
        if part.ends_with("sharedstrings.xml") {
            let mut head = Vec::new();
            (&mut entry)
                .take(HEAD_BYTES as u64)
                .read_to_end(&mut head)
                .map_err(|e| damaged(&format!("{name}: {e}")))?;
            check_shared_strings(&name, &head, declared)?;
        }
        if is_refused(&part, declared, compressed, limits) {
            return Err(too_big(&name));
        }
        if name == "content.xml" {
            let text = inflate(&mut entry, compressed, limits)
                .map_err(|e| damaged(&format!("{name}: {e}")))?;
            ods_content = Some(text.ok_or_else(|| too_big(&name))?);
        }
    }
    let kind = kind.ok_or_else(|| Portable::new("import.precheck.not_a_workbook"))?;
    if let (ArchiveKind::Ods, Some(content)) = (kind, ods_content) {
        let cells = ods_cells(&content);
        if cells > limits.ods_cells {
            return Err(Portable::new("import.precheck.ods_cells")
                .with("cells", cells)
                .with("limit", limits.ods_cells));
        }
    }
    Ok(kind)
}

fn damaged(detail: &str) -> Portable {
    Portable::new("import.precheck.damaged").with("detail", detail)
}

fn too_big(name: &str) -> Portable {
    Portable::new("import.precheck.zip_bomb").with("part", name)
}

/// Past this many inflated bytes, a part that grew more than [`BOMB_RATIO`]
/// times its compressed size is a zip bomb (real XML compresses 5–50 times).
const BOMB_FROM: u64 = 16 * 1024 * 1024;
const BOMB_RATIO: u64 = 500;

/// Whether a part of `inflated` bytes, `compressed` in the archive, is
/// more than velho reads: past [`Limits::part_bytes`], or grown like a zip
/// bomb.
fn is_bomb(inflated: u64, compressed: u64, limits: &Limits) -> bool {
    inflated > limits.part_bytes
        || (inflated > BOMB_FROM && inflated > compressed.saturating_mul(BOMB_RATIO))
}

/// Whether part `part` (its name normalised) is refused for its sizes.
/// What calamine parses whole (XML, relationships, an xlsb's binary parts)
/// is judged by [`is_bomb`]. A worksheet (`sheet….xml` or `.bin` in a
/// `worksheets` folder, as every producer names them) is streamed by the
/// import, where velho's bounded child process is its guard (a whole
/// organisation's sheet inflates past [`Limits::part_bytes`]). Pictures and
/// embedded files, which calamine never reads, are judged only by
/// [`Limits::entry_bytes`] (checked for every part).
fn is_refused(part: &str, declared: u64, compressed: u64, limits: &Limits) -> bool {
    let parsed = [".xml", ".rels", ".bin"].iter().any(|e| part.ends_with(e));
    let worksheet = part
        .rsplit_once('/')
        .is_some_and(|(folder, file)| folder.ends_with("worksheets") && file.starts_with("sheet"));
    parsed && !worksheet && is_bomb(declared, compressed, limits)
}

/// The head of a part kept to find its first tag (the shared strings' `<sst>`
/// may follow comments): past it, the bounded reader is the guard.
const HEAD_BYTES: usize = 1 << 20;

/// Inflates an entry whole, counting its size as it grows; `None` when
/// it grows past what velho reads ([`is_bomb`]; its declared size already
/// passed, this holds whatever the zip reader does).
fn inflate(
    entry: &mut impl Read,
    compressed: u64,
    limits: &Limits,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = entry.read(&mut buffer)?;
        if n == 0 {
            return Ok(Some(kept));
        }
        kept.extend_from_slice(&buffer[..n]);
        if is_bomb(kept.len() as u64, compressed, limits) {
            return Ok(None);
        }
    }
}

/// An `<sst>` that declares more strings than its bytes can hold is refused:
/// calamine reserves room for the declared count before reading any. `head`
/// is the part's first [`HEAD_BYTES`] (or all of it), `size` its declared
/// inflated size. A part whose head holds no `<sst>` tag yet does not end
/// there is refused too (its count would go unchecked).
fn check_shared_strings(name: &str, head: &[u8], size: u64) -> Result<(), Portable> {
    let declared = match declared_strings(head) {
        SstTag::Count(Some(declared)) => declared,
        SstTag::Count(None) => return Ok(()),
        SstTag::NotFound if head.len() < HEAD_BYTES => return Ok(()),
        SstTag::NotFound => {
            return Err(damaged(&format!(
                "{name}: no <sst> tag in its first {} MiB",
                HEAD_BYTES >> 20
            )));
        }
    };
    // The smallest string entry, `<si><t/></si>`, takes 13 bytes.
    let possible = size / 13 + 1;
    if declared > possible {
        return Err(Portable::new("import.precheck.shared_strings")
            .with("declared", declared)
            .with("possible", possible));
    }
    Ok(())
}

/// What the head of a shared-strings part says of its count.
#[derive(Debug, PartialEq)]
enum SstTag {
    /// The first `<sst>` tag's `uniqueCount`, if it is a number (calamine
    /// reserves nothing otherwise).
    Count(Option<u64>),
    /// No `<sst>` start tag (the text ended, or is not XML).
    NotFound,
}

/// The `uniqueCount` of the `<sst>` tag, read as calamine reads it (the
/// first start tag named `sst`, whatever comes before it or how its
/// attributes are quoted and spaced).
fn declared_strings(text: &[u8]) -> SstTag {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(text);
    // As calamine configures its reader: `<sst uniqueCount="9"/>` is a
    // start tag to it too (and it reserves the count).
    reader.config_mut().check_end_names = false;
    reader.config_mut().check_comments = false;
    reader.config_mut().expand_empty_elements = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) if tag.local_name().as_ref() == "sst" => {
                let count = tag
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.as_ref() == "uniqueCount");
                let Some(count) = count else {
                    return SstTag::Count(None);
                };
                let digits = count.value.as_bytes();
                if digits.len() > 19 && digits.iter().all(u8::is_ascii_digit) {
                    return SstTag::Count(Some(u64::MAX));
                }
                let number = std::str::from_utf8(digits)
                    .ok()
                    .and_then(|d| d.parse().ok());
                return SstTag::Count(number);
            }
            Ok(Event::Eof) | Err(_) => return SstTag::NotFound,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets the inflated size `name`'s headers declare (22 bytes into its
    /// local header, 24 into its central one; the name follows them at 30
    /// and 46).
    fn declare_size(archive: &mut [u8], name: &str, declared: u32) {
        let name = name.as_bytes();
        let mut patched = 0;
        for at in 0..archive.len() - name.len() {
            if &archive[at..at + name.len()] != name {
                continue;
            }
            for (signature, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)]
            {
                if let Some(header) = at.checked_sub(name_at)
                    && &archive[header..header + 4] == signature
                {
                    archive[header + size_at..header + size_at + 4]
                        .copy_from_slice(&declared.to_le_bytes());
                    patched += 1;
                }
            }
        }
        assert_eq!(patched, 2, "both headers of the entry found");
    }

    /// A one-entry archive whose entry holds `bytes` but whose headers
    /// declare `declared` bytes inflated.
    fn lying_archive(bytes: &[u8], method: zip::CompressionMethod, declared: u32) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        zip.write_all(bytes).unwrap();
        let mut archive = zip.finish().unwrap().into_inner();
        declare_size(&mut archive, "xl/sharedStrings.xml", declared);
        archive
    }

    /// An archive of `parts` (name, text), written with `method`.
    fn archive_of(parts: &[(&str, &str)], method: zip::CompressionMethod) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, text) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A workbook with shared strings, as Excel-like producers write it.
    fn workbook_with_strings() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for row in 0..2000 {
            sheet.write_string(row, 0, format!("kuvaus {row}")).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn calamine_cannot_read_past_a_declared_size() {
        let honest = workbook_with_strings();
        assert_eq!(
            check_archive(&honest, &Limits::DEFAULT),
            Ok(ArchiveKind::Xlsx)
        );
        let open = |bytes: &[u8]| {
            calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes.to_vec()))
        };
        assert!(open(&honest).is_ok());
        let mut lying = honest.clone();
        declare_size(&mut lying, "xl/sharedStrings.xml", 100);
        // The pre-check's read of the head sees the lie; calamine on its
        // own stops with an error past the 100th byte: never more bytes.
        let err = check_archive(&lying, &Limits::DEFAULT)
            .unwrap_err()
            .to_string();
        assert!(err.contains("larger than its declared"), "{err}");
        let error = open(&lying).err().expect("an error").to_string();
        assert!(error.contains("declared"), "{error}");
    }

    #[test]
    fn shared_strings_are_checked_whatever_their_case_and_folder() {
        // calamine finds `xl/SharedStrings.xml`, and a workbook in another
        // folder (a `worksheets` one too): their count is checked wherever.
        for place in ["other\\SharedStrings.xml", "a/worksheets/sharedStrings.xml"] {
            let archive = archive_of(
                &[
                    ("xl/workbook.xml", "<workbook/>"),
                    (place, r#"<sst uniqueCount="9000000000">"#),
                ],
                zip::CompressionMethod::Deflated,
            );
            let err = check_archive(&archive, &Limits::DEFAULT)
                .unwrap_err()
                .to_string();
            assert!(err.contains("declare 9000000000 entries"), "{place}: {err}");
        }
    }

    #[test]
    fn parts_claiming_more_than_the_archive_are_damaged() {
        // Overlapping entries (each may point at the same compressed bytes).
        let spaces = " ".repeat(600);
        let parts = [("xl/workbook.xml", &*spaces), ("xl/styles.xml", &*spaces)];
        let mut archive = archive_of(&parts, zip::CompressionMethod::Stored);
        assert_eq!(
            check_archive(&archive, &Limits::DEFAULT),
            Ok(ArchiveKind::Xlsx)
        );
        // Each alone fits; together they claim more than the archive.
        let claimed = (archive.len() as u32 * 2 / 3).to_le_bytes();
        let mut at = 0;
        while let Some(found) = archive[at..].windows(4).position(|w| w == b"PK\x01\x02") {
            let header = at + found;
            archive[header + 20..header + 24].copy_from_slice(&claimed);
            at = header + 4;
        }
        let err = check_archive(&archive, &Limits::DEFAULT)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("more compressed bytes than the archive"),
            "{err}"
        );
    }

    #[test]
    fn an_empty_sst_tag_is_read_as_calamine_reads_it() {
        // calamine expands `<sst …/>` and reserves its count.
        let head = br#"<?xml version="1.0"?><sst uniqueCount="4000000000"/>"#;
        let err = check_shared_strings("xl/sharedStrings.xml", head, head.len() as u64)
            .unwrap_err()
            .to_string();
        assert!(err.contains("declare 4000000000 entries"), "{err}");
    }

    #[test]
    fn each_kind_of_part_is_judged_by_its_own_rule() {
        let limits = Limits::DEFAULT;
        let big = limits.part_bytes + 1;
        // Parsed by calamine: the whole bomb rule.
        for part in [
            "xl/styles.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/workbook.bin",
        ] {
            assert!(is_refused(part, big, big / 10, &limits), "{part}");
            assert!(is_refused(part, 20 << 20, 1 << 10, &limits), "{part}");
            assert!(!is_refused(part, 20 << 20, 1 << 20, &limits), "{part}");
        }
        // A worksheet is streamed (the child process bounds it); a part
        // in a worksheets folder that is no sheet is judged as parsed whole.
        let sheet = "xl/worksheets/sheet1.xml";
        assert!(!is_refused(sheet, big, big / 10, &limits));
        assert!(!is_refused(sheet, big, 1 << 10, &limits));
        assert!(is_refused(
            "a/worksheets/styles.xml",
            big,
            big / 10,
            &limits
        ));
        // A flat picture compresses like a bomb but is never read.
        assert!(!is_refused(
            "xl/media/image1.bmp",
            20 << 20,
            1 << 10,
            &limits
        ));
    }

    #[test]
    fn the_zip_reader_stops_at_an_entrys_declared_size() {
        // What the pre-check relies on to judge parts by their declared
        // size: a part cannot inflate past it through the zip reader
        // calamine uses (a lying header is an error, never more bytes).
        let text = vec![b'a'; 100_000];
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let archive = lying_archive(&text, method, 1000);
            let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
            let entry = zip.by_index(0).unwrap();
            assert_eq!(entry.size(), 1000);
            // As calamine reads a part: through a buffer, a read at a time.
            let mut buffered = std::io::BufReader::new(entry);
            let mut read = 0;
            let mut chunk = [0u8; 300];
            let error = loop {
                match buffered.read(&mut chunk) {
                    Ok(0) => panic!("{method:?}: the lie went unseen"),
                    Ok(n) => read += n,
                    Err(e) => break e,
                }
            };
            assert!(read <= 1000, "{method:?}: {read} bytes read");
            assert!(
                error.to_string().contains("declared"),
                "{method:?}: {error}"
            );
            let mut read = Vec::new();
            // Told the truth, the same archive reads whole.
            let honest = lying_archive(&text, method, 100_000);
            let mut zip = zip::ZipArchive::new(Cursor::new(honest)).unwrap();
            read.clear();
            zip.by_index(0).unwrap().read_to_end(&mut read).unwrap();
            assert_eq!(read, text);
        }
    }

    #[test]
    fn parts_are_judged_by_their_declared_size() {
        let limits = Limits::DEFAULT;
        // 25 MB declared from 25 KB: a bomb, refused before inflating.
        assert!(is_bomb(25_000_000, 25_000, &limits));
        assert!(!is_bomb(25_000_000, 1_000_000, &limits));
        assert!(
            !is_bomb(BOMB_FROM, 1, &limits),
            "small parts compress as they will"
        );
        assert!(is_bomb(limits.part_bytes + 1, limits.part_bytes, &limits));
        // The shared strings' room is counted from the declared size.
        let head = br#"<sst count="9" uniqueCount="9"><si><t>a</t></si>"#;
        assert!(check_shared_strings("xl/sharedStrings.xml", head, 117).is_ok());
        assert!(check_shared_strings("xl/sharedStrings.xml", head, 103).is_err());
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
        let count = |xml: &str| match declared_strings(xml.as_bytes()) {
            SstTag::Count(count) => count,
            SstTag::NotFound => panic!("no <sst> in {xml}"),
        };
        assert_eq!(count(r#"<sst count="2" uniqueCount="2">"#), Some(2));
        assert_eq!(count("<sst uniqueCount='2000000000'>"), Some(2_000_000_000));
        assert_eq!(count(r#"<sst uniqueCount = "7" >"#), Some(7));
        let commented = format!(
            "<?xml version=\"1.0\"?><!--{}--><x:sst uniqueCount=\"9\"/>",
            "c".repeat(5000)
        );
        // calamine expands an empty <sst/> to a start tag, and reserves its count.
        assert_eq!(count(&commented), Some(9));
        let commented = commented.replace("/>", ">");
        assert_eq!(count(&commented), Some(9));
        assert_eq!(
            count(r#"<sst uniqueCount="99999999999999999999999">"#),
            Some(u64::MAX)
        );
        assert_eq!(count(r#"<sst uniqueCount="many">"#), None);
        assert_eq!(count(r#"<sst count="2">"#), None);
        assert_eq!(
            declared_strings(b"<?xml version=\"1.0\"?><!-- cut"),
            SstTag::NotFound
        );
    }

    #[test]
    fn a_shared_strings_tag_past_the_head_is_refused() {
        // Its count would go unchecked: calamine reads it wherever it is.
        let mut head = b"<?xml version=\"1.0\"?><!--".to_vec();
        head.resize(HEAD_BYTES, b'c');
        let err = check_shared_strings("other/SharedStrings.xml", &head, 4 << 20)
            .unwrap_err()
            .to_string();
        // The part is named where it is.
        assert!(
            err.contains("other/SharedStrings.xml: no <sst> tag in its first 1 MiB"),
            "{err}"
        );
        // A short part without one is calamine's to refuse (it reserves nothing).
        assert!(
            check_shared_strings("xl/sharedStrings.xml", b"<?xml version=\"1.0\"?>", 30).is_ok()
        );
    }

    #[test]
    fn shared_strings_must_fit_their_bytes() {
        assert!(
            check_shared_strings(
                "xl/sharedStrings.xml",
                br#"<sst count="2" uniqueCount="2"><si><t>a</t></si>"#,
                60
            )
            .is_ok()
        );
        let err = check_shared_strings(
            "xl/sharedStrings.xml",
            br#"<sst count="2" uniqueCount="9000000000">"#,
            60,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("declare 9000000000 entries"), "{err}");
    }

    #[test]
    fn not_a_zip_is_damaged() {
        let err = check_archive(b"PK\x03\x04 cut short", &Limits::DEFAULT)
            .unwrap_err()
            .to_string();
        assert!(err.contains("damaged or incomplete"), "{err}");
    }
}
