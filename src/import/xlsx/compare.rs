//! velho's xlsx reader against calamine's: what each makes of a workbook,
//! for the tests and the fuzz target `xlsx_readers_agree`.

use std::io::{Cursor, Write};

use super::{LeanXlsx, with_cell};
use crate::import::workbook::{
    LeanOpener, Opened, each_cell, is_1904, open_checked_with, sheet_list,
};

/// What a reader made of a workbook: its 1904 flag, its sheets and each
/// sheet's cells (position, value, formula): all of them, or those read
/// before the sheet failed.
#[derive(Debug, PartialEq)]
pub(crate) struct Reading {
    pub(crate) is_1904: bool,
    pub(crate) sheets: Vec<(String, bool)>,
    pub(crate) cells: Vec<Result<Vec<String>, Vec<String>>>,
}

fn describe(position: (u32, u32), cell: &crate::import::Cell<'_>, formula: bool) -> String {
    // Debug keeps NaN equal to NaN and tells -0 from 0.
    format!("{position:?} {cell:?} {formula}")
}

fn by_calamine(bytes: &[u8]) -> Result<Reading, String> {
    let opened = open_checked_with(
        Cursor::new(bytes),
        bytes.len() as u64,
        None::<LeanOpener<Cursor<&[u8]>>>,
    )
    .map_err(|(e, _)| format!("{e:?}"))?;
    let Opened::Calamine(book, _) = opened else {
        panic!("calamine was asked for")
    };
    let mut book = *book;
    let sheets = sheet_list(&book);
    let cells = sheets
        .iter()
        .map(|(name, _)| {
            let mut cells = Vec::new();
            match each_cell(&mut book, name, |position, cell, formula| {
                cells.push(describe(position, &cell, formula));
                Ok(())
            }) {
                Ok(()) => Ok(cells),
                Err(_) => Err(cells),
            }
        })
        .collect();
    Ok(Reading {
        is_1904: is_1904(&book),
        sheets,
        cells,
    })
}

fn by_velho(bytes: &[u8]) -> Result<Reading, String> {
    let book = LeanXlsx::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    Ok(reading_of(book))
}

/// What velho's reader makes of `bytes` as the child reads them: the
/// shared strings read on a thread of their own, from a second reader.
pub(crate) fn by_velho_overlapped(bytes: &[u8]) -> Result<Reading, String> {
    let (first, again) = (Cursor::new(bytes.to_vec()), Cursor::new(bytes.to_vec()));
    let book = LeanXlsx::open_overlapped(first, again).map_err(|e| e.to_string())?;
    Ok(reading_of(book))
}

fn reading_of<RS: std::io::Read + std::io::Seek + Send>(mut book: LeanXlsx<RS>) -> Reading {
    let sheets = book.sheet_list();
    let cells = sheets
        .iter()
        .map(|(name, _)| {
            let mut cells = Vec::new();
            let read = book.with_cells(name, |reader, strings| {
                let mut lookup = super::Lookup::default();
                while let Some((position, value, formula)) = reader.next_cell().map_err(|_| ())? {
                    let cell = with_cell(value, strings, &mut lookup, |cell| {
                        describe(position, &cell, formula)
                    });
                    cells.push(cell.map_err(|_| ())?);
                }
                Ok::<_, ()>(())
            });
            match read {
                Ok(Ok(())) => Ok(cells),
                _ => Err(cells),
            }
        })
        .collect();
    Reading {
        is_1904: book.is_1904(),
        sheets,
        cells,
    }
}

/// Both readers give `bytes` the same reading, or both refuse it; returns
/// the reading.
#[cfg(test)]
pub(crate) fn agree(bytes: &[u8], what: &str) -> Option<Reading> {
    // calamine panics on some broken sheets where velho's reader fails
    // (an overflow in a debug build): those are no disagreement.
    let calamine = std::panic::catch_unwind(|| by_calamine(bytes)).ok()?;
    let velho = by_velho(bytes);
    match (calamine, velho) {
        (Ok(c), Ok(v)) => {
            assert_eq!(c, v, "{what}: the readers differ");
            Some(v)
        }
        (Err(_), Err(_)) => None,
        (c, v) => panic!("{what}: calamine {c:?}, velho {v:?}"),
    }
}

/// An xlsx archive of `parts`, over the parts a minimal workbook needs
/// (a part given replaces the default of its name).
pub(crate) fn workbook(parts: &[(&str, &str)]) -> Vec<u8> {
    let defaults = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kirjanpito" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in defaults {
        if !parts.iter().any(|(n, _)| *n == name) {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
    }
    for (name, text) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The fuzz target's first check: both readers read the archive `bytes`
/// alike, or both refuse it (panics if not). The pre-check runs first, as
/// before the child reads.
#[doc(hidden)]
pub fn readers_agree_on_archive(bytes: &[u8]) {
    if crate::import::check_archive(bytes, &crate::import::Limits::DEFAULT).is_ok() {
        agree_overlapped(bytes, "archive");
    }
}

/// The fuzz target's second check: both readers read alike a workbook of
/// one sheet whose `<sheetData>` holds `sheet_data`, with `strings` as its
/// shared-strings part and `styles` as its styles part (panics if not).
#[doc(hidden)]
pub fn readers_agree_on_parts(sheet_data: &str, strings: &str, styles: &str) {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let bytes = workbook(&[
        ("xl/worksheets/sheet1.xml", &sheet),
        ("xl/sharedStrings.xml", strings),
        ("xl/styles.xml", styles),
    ]);
    agree_overlapped(&bytes, "parts");
}

/// [`agree`] as the child reads (panics if not). velho's reader with its
/// shared strings read alongside reads what it reads in turn. If it
/// refuses to open a workbook calamine opens (it checks the styles part
/// more strictly), the child reads it with calamine: it must refuse it
/// read alongside too. A workbook both refuse may open read alongside
/// when its string table is what is broken: then every sheet fails.
fn agree_overlapped(bytes: &[u8], what: &str) {
    let calamine = std::panic::catch_unwind(|| by_calamine(bytes));
    let (in_turn, alongside) = (by_velho(bytes), by_velho_overlapped(bytes));
    let Ok(calamine) = calamine else {
        // calamine panicked (a debug-build overflow): velho's readers ran,
        // and must not have panicked or hung.
        return;
    };
    match (calamine, in_turn) {
        (Ok(c), Ok(v)) => {
            assert_eq!(c, v, "{what}: the readers differ");
            assert_eq!(alongside, Ok(v), "{what}: read alongside");
        }
        (Ok(_), Err(e)) => {
            assert!(
                alongside.is_err(),
                "{what}: refused in turn ({e}) but not alongside"
            )
        }
        (Err(_), Err(_)) => {
            if let Ok(v) = alongside {
                assert!(
                    v.cells.iter().all(Result::is_err),
                    "{what}: refused in turn, read alongside: {v:?}"
                );
            }
        }
        (c, v) => panic!("{what}: calamine {c:?}, velho {v:?}"),
    }
}
