//! xlsx workbooks read with their shared strings kept compressed (issue 18).
//!
//! calamine holds a workbook's whole shared-string table as a `Vec<String>`
//! from the moment it opens it: a million-row ledger whose every
//! description is distinct and 120–300 characters long keeps some 240 MB
//! of them in the process that reads it, more than velho's whole budget.
//! This reader is what the bounded child process (`import::guard`) reads
//! xlsx workbooks with: it keeps the table LZ4-compressed in blocks
//! ([`strings`]) and streams a sheet's cells as calamine's
//! `XlsxCellReader` does, value for value. It is a port of calamine 0.38's
//! xlsx reading (MIT licence, © Johann Tuffe and calamine's contributors):
//! the same parts found the same way, the same XML reader settings, the
//! same rules for types, dates, shared strings, rich text and `_xHHHH_`
//! escapes, the same number and index parsers. What it leaves out is what
//! velho does not read (fonts, fills, borders, pictures, tables, defined
//! names); a workbook calamine refuses for one of those is read here.
//!
//! calamine stays the reader in-process (the library, its tests, the fuzz
//! targets) and the reference: the tests and a fuzz target check that both
//! give every workbook the same cells.

mod ahead;
mod cells;
pub(crate) mod compare;
mod formats;
mod strings;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::io::{BufReader, Read, Seek};
use std::sync::Arc;

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::read::ZipFile;
use zip::result::ZipError;

pub(crate) use cells::{SheetCells, Value};
use formats::CellFormat;
pub(crate) use strings::{Lookup, StringTable};

/// Why a workbook or sheet could not be read: words for the message
/// `import.workbook.unreadable` or `import.sheet.named_unreadable` carries.
#[derive(Debug)]
pub(crate) struct Failure(String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Failure {
    fn new(what: impl Into<String>) -> Self {
        Failure(what.into())
    }

    /// The XML ended before `element` was closed.
    fn xml_end(element: &str) -> Self {
        Failure(format!("the XML ended before </{element}>"))
    }
}

impl From<quick_xml::Error> for Failure {
    fn from(e: quick_xml::Error) -> Self {
        Failure(format!("XML error: {e}"))
    }
}

impl From<quick_xml::events::attributes::AttrError> for Failure {
    fn from(e: quick_xml::events::attributes::AttrError) -> Self {
        Failure(format!("XML attribute error: {e}"))
    }
}

impl From<quick_xml::escape::EscapeError> for Failure {
    fn from(e: quick_xml::escape::EscapeError) -> Self {
        Failure(format!("XML escape error: {e}"))
    }
}

impl From<ZipError> for Failure {
    fn from(e: ZipError) -> Self {
        Failure(format!("zip error: {e}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure(format!("I/O error: {e}"))
    }
}

type Result<T> = std::result::Result<T, Failure>;

/// Calls `with` on a cell's value as velho's readers deliver it; a shared
/// string's index beyond the table fails, as in calamine.
pub(crate) fn with_cell<T>(
    value: Value,
    strings: &StringTable,
    lookup: &mut Lookup,
    with: impl FnOnce(super::Cell<'_>) -> T,
) -> Result<T> {
    match value {
        Value::Data(data) => Ok(with(super::workbook::from_data_ref(data))),
        Value::Shared(index) => lookup.with(strings, index as usize, |text| {
            with(super::Cell::Text(std::borrow::Cow::Borrowed(text)))
        }),
    }
}

/// Ends a table whose reading thread stops without telling its end (it panicked).
struct Unfinished<'a>(&'a StringTable);

impl Drop for Unfinished<'_> {
    fn drop(&mut self) {
        self.0
            .finish(Err("reading the shared strings failed".to_string()));
    }
}

/// An XML part of the archive, read as calamine reads it.
type PartReader<'a, RS> = XmlReader<BufReader<ZipFile<'a, RS>>>;

/// A sheet of the workbook: its name, its part, whether it is visible.
struct SheetEntry {
    name: String,
    path: String,
    visible: bool,
}

/// An opened xlsx workbook.
pub(crate) struct LeanXlsx<RS> {
    zip: ZipArchive<RS>,
    /// The archive's entry names by their lower-cased, `/`-separated form.
    paths: HashMap<String, String>,
    strings: Arc<StringTable>,
    formats: Vec<CellFormat>,
    is_1904: bool,
    sheets: Vec<SheetEntry>,
}

impl<RS: Read + Seek> LeanXlsx<RS> {
    /// Opens the workbook in `reader`: its parts in calamine's order
    /// (package relationships, shared strings, styles, the workbook's
    /// relationships, the workbook).
    pub(crate) fn open(reader: RS) -> Result<Self> {
        Self::open_reading_strings(reader, |zip, paths, strings_path| {
            let table = StringTable::default();
            if let Some(mut xml) = part_reader(zip, paths, strings_path)? {
                strings::read(&mut xml, &table)?;
            }
            table.finish(Ok(()));
            Ok(Arc::new(table))
        })
    }

    /// Opens the workbook in `reader` as [`Self::open`] does, but reads its
    /// shared strings on a thread of their own, from `again` (the same
    /// file opened once more), while the caller goes on to the sheets: a
    /// cell waits only for the block of the table its string is in. A
    /// table that cannot be read then fails the cells that need what it
    /// could not read, and every sheet, not the opening.
    pub(crate) fn open_overlapped(reader: RS, again: RS) -> Result<Self>
    where
        RS: Send + 'static,
    {
        Self::open_reading_strings(reader, |_, paths, strings_path| {
            let paths = paths.clone();
            let strings_path = strings_path.to_string();
            let table = Arc::new(StringTable::default());
            let reading = Arc::clone(&table);
            std::thread::spawn(move || {
                // A panic ends the table too: no cell waits for it forever.
                let unfinished = Unfinished(&reading);
                let read = (|| -> Result<()> {
                    let mut zip = ZipArchive::new(again)?;
                    if let Some(mut xml) = part_reader(&mut zip, &paths, &strings_path)? {
                        strings::read(&mut xml, &reading)?;
                    }
                    Ok(())
                })();
                // (Named: every sheet fails with it, the sheet is not at fault.)
                reading.finish(read.map_err(|e| format!("{strings_path}: {}", e.0)));
                drop(unfinished);
            });
            Ok(table)
        })
    }

    fn open_reading_strings(
        reader: RS,
        read_strings: impl FnOnce(
            &mut ZipArchive<RS>,
            &HashMap<String, String>,
            &str,
        ) -> Result<Arc<StringTable>>,
    ) -> Result<Self> {
        let mut zip = ZipArchive::new(reader)?;
        let mut paths = HashMap::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name?;
            paths.insert(
                name.replace('\\', "/").to_ascii_lowercase(),
                name.into_owned(),
            );
        }
        let (xl_path, workbook_name) = package_relationships(&mut zip, &paths)?;
        let mut book = LeanXlsx {
            zip,
            paths,
            strings: Arc::new(StringTable::empty()),
            formats: Vec::new(),
            is_1904: false,
            sheets: Vec::new(),
        };
        let styles_path = format!("{xl_path}styles.xml");
        if let Some(mut xml) = part_reader(&mut book.zip, &book.paths, &styles_path)? {
            book.formats = formats::read(&mut xml)?;
        }
        let relationships = book.relationships(&xl_path, &workbook_name)?;
        book.read_workbook(&xl_path, &workbook_name, &relationships)?;
        // Last (calamine reads them first): a workbook refused for another
        // part never starts a thread reading its strings.
        let strings_path = format!("{xl_path}sharedStrings.xml");
        book.strings = read_strings(&mut book.zip, &book.paths, &strings_path)?;
        Ok(book)
    }

    /// Whether its dates count from 1904.
    pub(crate) fn is_1904(&self) -> bool {
        self.is_1904
    }

    /// Its sheets in order, and whether each is visible.
    pub(crate) fn sheet_list(&self) -> Vec<(String, bool)> {
        self.sheets
            .iter()
            .map(|s| (s.name.clone(), s.visible))
            .collect()
    }

    /// Runs `read` with a reader of sheet `name`'s cells and the shared
    /// strings its [`Value::Shared`] cells index; the sheet's part is
    /// inflated on a second thread meanwhile ([`ahead`]).
    pub(crate) fn with_cells<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut SheetCells<'_, &mut ahead::Chunks>, &StringTable) -> T,
    ) -> Result<T>
    where
        RS: Send,
    {
        let not_found = || Failure::new(format!("the workbook has no sheet named {name:?}"));
        let path = self
            .sheets
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.path.as_str())
            .ok_or_else(not_found)?;
        let entry = self
            .paths
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str);
        let part = match self.zip.by_name(entry) {
            Ok(part) => part,
            Err(ZipError::FileNotFound) => return Err(not_found()),
            Err(e) => return Err(e.into()),
        };
        let (strings, formats, is_1904) = (&self.strings, &self.formats, self.is_1904);
        let read = ahead::read_ahead(part, |chunks| {
            let xml = configured(XmlReader::from_reader(chunks));
            let mut cells = SheetCells::new(xml, formats, is_1904)?;
            Ok::<T, Failure>(read(&mut cells, strings))
        })?;
        // calamine refuses a workbook whose strings it cannot read; read
        // alongside, they fail every sheet, those without shared strings too.
        strings.wait()?;
        Ok(read)
    }

    /// The part at `path` (looked up as calamine does: lower-cased, `\`
    /// read as `/`), or `None` when the archive has none.
    fn part(&mut self, path: &str) -> Result<Option<PartReader<'_, RS>>> {
        part_reader(&mut self.zip, &self.paths, path)
    }

    /// The workbook's relationships: id → (target, type).
    fn relationships(
        &mut self,
        xl_path: &str,
        workbook_name: &str,
    ) -> Result<HashMap<String, (String, String)>> {
        let rels_path = format!("{xl_path}_rels/{workbook_name}.rels");
        let mut xml = self
            .part(&rels_path)?
            .ok_or_else(|| Failure::new(format!("the archive has no {rels_path}")))?;
        let mut relationships = HashMap::new();
        let mut buf = Vec::with_capacity(64);
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let [id, rel_type, target] = attributes(&e, ["Id", "Type", "Target"])?;
                    if let Some(id) = id {
                        let rel_type = rel_type.unwrap_or_default().to_string();
                        let target = target.unwrap_or_default().to_string();
                        relationships.insert(id.to_string(), (target, rel_type));
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err(Failure::xml_end("Relationships")),
                _ => (),
            }
        }
        Ok(relationships)
    }

    /// The sheets and the 1904 flag, from the workbook part.
    fn read_workbook(
        &mut self,
        xl_path: &str,
        workbook_name: &str,
        relationships: &HashMap<String, (String, String)>,
    ) -> Result<()> {
        let Some(mut xml) = part_reader(
            &mut self.zip,
            &self.paths,
            &format!("{xl_path}{workbook_name}"),
        )?
        else {
            return Ok(());
        };
        let mut buf = Vec::with_capacity(1024);
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                    let mut name = String::new();
                    let mut rel_id = "";
                    let mut visible = true;
                    for attribute in RawAttributes::of(&e) {
                        let (key, value) = attribute?;
                        match key {
                            "name" => name = decode_attribute(value)?,
                            "state" => {
                                visible = match value {
                                    "visible" => true,
                                    "hidden" | "veryHidden" => false,
                                    other => {
                                        return Err(Failure::new(format!(
                                            "unknown sheet state {other:?}"
                                        )));
                                    }
                                }
                            }
                            key if local_name_matches(key, "id") => rel_id = value,
                            _ => {}
                        }
                    }
                    let (target, rel_type) = relationships.get(rel_id).ok_or_else(|| {
                        Failure::new(format!("sheet {name:?} has no relationship {rel_id:?}"))
                    })?;
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{xl_path}{target}"),
                    };
                    match rel_type.split('/').next_back() {
                        Some("worksheet" | "chartsheet" | "dialogsheet") => {}
                        _ => {
                            return Err(Failure::new(format!(
                                "sheet part {path:?} is of an unknown type"
                            )));
                        }
                    }
                    self.sheets.push(SheetEntry {
                        name,
                        path,
                        visible,
                    });
                }
                Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                    // `<x15:workbookPr>` in `<extLst>` shares the local name
                    // and never carries the flag.
                    if let [Some(v)] = attributes(&e, ["date1904"])? {
                        self.is_1904 = v == "1" || v == "true";
                    }
                }
                Event::Start(e) if e.local_name().as_ref() == "definedName" => {
                    // Read through as calamine does: an entity it cannot
                    // resolve there fails the workbook.
                    if attributes(&e, ["name"])?[0].is_none() {
                        continue;
                    }
                    let mut value = String::new();
                    let mut inner = Vec::new();
                    loop {
                        inner.clear();
                        match xml.read_event_into(&mut inner)? {
                            Event::GeneralRef(r) => strings::unescape_entity(&r, &mut value)?,
                            Event::End(end) if end.name() == e.name() => break,
                            Event::Eof => return Err(Failure::xml_end("workbook")),
                            _ => (),
                        }
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "workbook" => break,
                Event::Eof => return Err(Failure::xml_end("workbook")),
                _ => (),
            }
        }
        Ok(())
    }
}

/// The workbook part's folder and name, from `_rels/.rels`.
fn package_relationships<RS: Read + Seek>(
    zip: &mut ZipArchive<RS>,
    paths: &HashMap<String, String>,
) -> Result<(String, String)> {
    let mut xml = part_reader(zip, paths, "_rels/.rels")?
        .ok_or_else(|| Failure::new("the archive has no _rels/.rels"))?;
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationships" => break,
            Event::Eof => return Err(Failure::xml_end("Relationships")),
            _ => (),
        }
    }
    let mut document_target = None;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let [rel_type, target] = attributes(&e, ["Type", "Target"])?;
                let is_office_document =
                    rel_type.is_some_and(|t| t.ends_with("/relationships/officeDocument"));
                if let (true, Some(target)) = (is_office_document, target) {
                    document_target = Some(decode_attribute(target)?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
            Event::Eof => return Err(Failure::xml_end("Relationships")),
            _ => (),
        }
    }
    let target =
        document_target.ok_or_else(|| Failure::new("the package names no office document"))?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let xl_path = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    Ok((xl_path, name.to_string()))
}

/// The part at `path` of `zip`, found through `paths` (see [`LeanXlsx::part`]),
/// with calamine's XML reader settings.
fn part_reader<'a, RS: Read + Seek>(
    zip: &'a mut ZipArchive<RS>,
    paths: &HashMap<String, String>,
    path: &str,
) -> Result<Option<PartReader<'a, RS>>> {
    let name = paths
        .get(&path.to_ascii_lowercase())
        .map_or(path, String::as_str);
    match zip.by_name(name) {
        Ok(file) => Ok(Some(configured(XmlReader::from_reader(BufReader::new(
            file,
        ))))),
        Err(ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `xml` with calamine's reader settings.
fn configured<R>(mut xml: XmlReader<R>) -> XmlReader<R> {
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// Raw attributes of an element as calamine reads them: `(key, value)`
/// string slices, the value neither unescaped nor normalised; a key
/// without `=` or a value without quotes is an error.
struct RawAttributes<'a> {
    raw: &'a str,
    at: usize,
}

impl<'a> RawAttributes<'a> {
    fn of(element: &'a BytesStart<'_>) -> Self {
        RawAttributes {
            raw: element.attributes_raw(),
            at: 0,
        }
    }
}

impl<'a> Iterator for RawAttributes<'a> {
    type Item = std::result::Result<(&'a str, &'a str), quick_xml::events::attributes::AttrError>;

    fn next(&mut self) -> Option<Self::Item> {
        use quick_xml::events::attributes::AttrError;
        let raw = self.raw;
        let bytes = raw.as_bytes();
        let len = bytes.len();
        let mut at = self.at;
        while at < len && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= len {
            self.at = at;
            return None;
        }
        let key_start = at;
        while at < len && bytes[at] != b'=' {
            at += 1;
        }
        if at >= len {
            self.at = len;
            return Some(Err(AttrError::ExpectedEq(key_start)));
        }
        let key = raw[key_start..at].trim_ascii_end();
        at += 1;
        while at < len && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let quote = match bytes.get(at) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.at = len;
                return Some(Err(AttrError::UnquotedValue(at)));
            }
        };
        at += 1;
        let value_start = at;
        while at < len && bytes[at] != quote {
            at += 1;
        }
        let value = &raw[value_start..at];
        if at < len {
            at += 1;
        }
        self.at = at;
        Some(Ok((key, value)))
    }
}

/// The values of the attributes `keys` of `element`, read in one pass that
/// stops once all are found (a malformed attribute before then is an error).
fn attributes<'a, const N: usize>(
    element: &'a BytesStart<'_>,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N]> {
    let mut values = [None; N];
    let mut found = 0;
    for attribute in RawAttributes::of(element) {
        let (key, value) = attribute?;
        if let Some(i) = keys.iter().position(|k| *k == key) {
            values[i] = Some(value);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(values)
}

/// Whether attribute `key` is `local` with or without a namespace prefix.
fn local_name_matches(key: &str, local: &str) -> bool {
    key == local
        || key
            .strip_suffix(local)
            .is_some_and(|prefix| prefix.as_bytes().last() == Some(&b':'))
}

/// An attribute's value with its XML entities resolved.
fn decode_attribute(value: &str) -> Result<String> {
    Ok(quick_xml::escape::unescape(value)?.into_owned())
}
