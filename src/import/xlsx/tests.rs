//! velho's xlsx reader against calamine's, on every xlsx the project ships
//! and on hand-written parts for each rule the reader ports.

use std::path::Path;

use super::compare::{agree, by_velho_overlapped, workbook};

#[test]
fn every_shipped_xlsx_reads_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/corpus/files", "samples"] {
        collect_xlsx(&root.join(folder), &mut files);
    }
    files.sort();
    assert!(files.len() >= 30, "{} xlsx files", files.len());
    let mut read = 0;
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        // The pre-checks refuse the hostile ones before either reader opens them.
        if crate::import::check_archive(&bytes, &crate::import::Limits::DEFAULT).is_err() {
            continue;
        }
        let what = file.display().to_string();
        if let Some(reading) = agree(&bytes, &what) {
            read += 1;
            // As the child reads it: the strings on a thread of their own.
            assert_eq!(by_velho_overlapped(&bytes).as_ref(), Ok(&reading), "{what}");
        }
    }
    assert!(read >= 20, "{read} read");
}

fn collect_xlsx(folder: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_xlsx(&path, files);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            files.push(path);
        }
    }
}

fn sheet(data: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F9"/><sheetData>{data}</sheetData></worksheet>"#
    )
}

const STYLES: &str = r##"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="d\.m\.yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00\ &quot;€&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="166"/><xf/></cellXfs></styleSheet>"##;

const STRINGS: &str = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>Tili</t></si><si><t xml:space="preserve">  Matkakulut, kotimaa  </t></si><si><r><rPr><b/></rPr><t>Rivi</t></r><r><t xml:space="preserve"> kaksi</t></r></si><si><t>Tokio</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t>rivi_x000D_vaihto &amp; &#228;_x0041_</t></si><si/></sst>"#;

#[test]
fn the_rules_calamine_reads_by_are_read_alike() {
    // Shared strings (plain, preserved spaces, rich text, phonetic runs
    // left out, _xHHHH_ and XML escapes, an empty <si/>), inline strings,
    // t="str" with escapes, booleans, errors, ISO dates, numbers under
    // custom and built-in date formats and a duration format, a style
    // beyond the table, formulas with and without results, a shared
    // formula, cells and rows without references, text in an untyped cell.
    let data = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#,
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t> Sisäinen </t></is></c><c r="B2" t="str"><v>kaava &amp; _x0042_</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>false</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="d"><v>2024-03-05T00:00:00</v></c></row>"#,
        r#"<row r="3"><c r="A3" s="1"><v>45356</v></c><c r="B3" s="2"><v>1234.5</v></c><c r="C3" s="3"><v>45356.75</v></c><c r="D3" s="4"><v>1.5</v></c><c r="E3" s="9"><v>45356</v></c><c r="F3" s="5"><v>-0</v></c></row>"#,
        r#"<row r="4"><c r="A4"><f>SUM(B3:B3)</f><v>1234.5</v></c><c r="B4"><f>NOW()</f></c><c r="C4"><f t="shared" ref="C4:C5" si="0">A4*2</f><v>2469</v></c></row>"#,
        r#"<row r="5"><c r="C5"><f t="shared" si="0"/><v>0</v></c></row>"#,
        r#"<row><c><v>7</v></c><c t="n"><v>8e3</v></c><c><v>ei numero</v></c><c t="s"><v></v></c></row>"#,
        r#"<row r="9"><c r="E9"><v>1e-3</v></c></row>"#,
    );
    let bytes = workbook(&[
        ("xl/worksheets/sheet1.xml", &sheet(data)),
        ("xl/sharedStrings.xml", STRINGS),
        ("xl/styles.xml", STYLES),
    ]);
    let reading = agree(&bytes, "rules").expect("both read it");
    let cells = reading.cells[0].as_ref().unwrap();
    // The rules' own results, written out.
    assert!(cells.contains(&r#"(0, 1) Text("  Matkakulut, kotimaa  ") false"#.to_string()));
    assert!(cells.contains(&r#"(0, 2) Text("Rivi kaksi") false"#.to_string()));
    assert!(cells.contains(&r#"(0, 3) Text("Tokio") false"#.to_string()));
    assert!(cells.contains(&"(0, 4) Text(\"rivi\\rvaihto & äA\") false".to_string()));
    assert!(cells.contains(&r#"(1, 0) Text("Sisäinen") false"#.to_string()));
    assert!(cells.contains(&r#"(1, 1) Text("kaava & B") false"#.to_string()));
    assert!(cells.contains(&"(2, 0) Date(2024-03-05) false".to_string()));
    assert!(cells.contains(&"(2, 1) Number(1234.5) false".to_string()));
    assert!(cells.contains(&"(3, 1) Empty true".to_string()));
    assert!(cells.contains(&"(5, 1) Number(8000.0) false".to_string()));
    assert!(cells.contains(&r#"(5, 2) Text("ei numero") false"#.to_string()));
}

#[test]
fn the_1904_flag_sheet_states_and_part_places_are_read_alike() {
    let workbook_part = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="true"/><sheets><sheet name="Kirjanpito &amp; muut" sheetId="1" r:id="rId1"/><sheet name="Piilo" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Syvä" sheetId="3" state="veryHidden" r:id="rId3"/></sheets><extLst><ext><x15:workbookPr xmlns:x15="x" chartTrackingRefBase="1"/></ext></extLst></workbook>"#;
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/SHEET2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>"#;
    let styles = r#"<?xml version="1.0"?><styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;
    let bytes = workbook(&[
        ("xl/workbook.xml", workbook_part),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", styles),
        (
            "xl/worksheets/sheet1.xml",
            &sheet(
                r#"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43529</v></c></row>"#,
            ),
        ),
        // Named in another case than the relationship's target.
        (
            "xl/worksheets/sheet2.xml",
            &sheet(r#"<row r="3"><c r="C3"><v>3</v></c></row>"#),
        ),
        (
            "xl/chartsheets/sheet1.xml",
            r#"<?xml version="1.0"?><chartsheet><sheetPr/><drawing r:id="rId1"/></chartsheet>"#,
        ),
    ]);
    let reading = agree(&bytes, "places").expect("both read it");
    assert!(reading.is_1904);
    assert_eq!(
        reading.sheets,
        [
            ("Kirjanpito & muut".to_string(), true),
            ("Piilo".to_string(), false),
            ("Syvä".to_string(), false)
        ]
    );
    // 1904 dates: day 0 is 1 January 1904.
    assert_eq!(
        reading.cells[0],
        Ok(vec![
            "(0, 0) Date(1904-01-01) false".to_string(),
            "(0, 1) Date(2023-03-06) false".to_string()
        ])
    );
    assert_eq!(
        reading.cells[1],
        Ok(vec!["(2, 2) Number(3.0) false".to_string()])
    );
    // A chart sheet has no cells to read.
    assert_eq!(reading.cells[2], Err(vec![]));
}

#[test]
fn broken_sheets_fail_in_both() {
    let broken = [
        r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="e"><v>#OOPS!</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="b"><v>2</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="n"><v>x</v></c></row>"#,
        r#"<row r="1"><c r="A1" t="q"><v>1</v></c></row>"#,
        r#"<row r="1"><c r="1"><v>1</v></c></row>"#,
        r#"<row r="A"><c><v>1</v></c></row>"#,
        r#"<row r="1"><c r="A1"><x/></c></row>"#,
        r#"<row r="1"><c r="A1"><f t="shared">A1</f></c></row>"#,
        r#"<row r="1"><c r="A1"><f t="shared" si="x">A1</f></c></row>"#,
    ];
    for data in broken {
        let bytes = workbook(&[
            ("xl/worksheets/sheet1.xml", &sheet(data)),
            ("xl/sharedStrings.xml", r#"<sst><si><t>a</t></si></sst>"#),
        ]);
        let reading = agree(&bytes, data).expect("both open it");
        assert_eq!(reading.cells, [Err(vec![])], "{data}");
    }
}

#[test]
fn shared_strings_come_back_from_many_blocks_in_any_order() {
    // 3 000 strings of 40–90 bytes: some 12 blocks of 16 KiB.
    let texts: Vec<String> = (0..3000)
        .map(|i| format!("Kuvaus {i}:{}.", "ä".repeat(i % 40)))
        .collect();
    let mut sst = String::from("<sst>");
    for text in &texts {
        sst.push_str(&format!("<si><t>{text}</t></si>"));
    }
    sst.push_str("</sst>");
    let mut data = String::new();
    // Referred to back to front, then each 7th: every block is visited out
    // of order and again after it left the cache.
    let order: Vec<usize> = (0..3000).rev().chain((0..3000).step_by(7)).collect();
    for (row, index) in order.iter().enumerate() {
        data.push_str(&format!(
            r#"<row r="{}"><c r="A{}" t="s"><v>{index}</v></c></row>"#,
            row + 1,
            row + 1
        ));
    }
    let bytes = workbook(&[
        ("xl/worksheets/sheet1.xml", &sheet(&data)),
        ("xl/sharedStrings.xml", &sst),
    ]);
    let reading = agree(&bytes, "blocks").expect("both read it");
    let cells = reading.cells[0].as_ref().unwrap();
    assert_eq!(cells.len(), order.len());
    for (row, index) in order.iter().enumerate() {
        assert_eq!(
            cells[row],
            format!("({row}, 0) Text({:?}) false", texts[*index])
        );
    }
}

#[test]
fn styles_are_read_through_as_calamine_reads_them() {
    // What calamine never sees in a styles part (a cellXfs inside fonts, a
    // numFmts inside fills, an xf inside an xf, a cellXfs inside a border
    // side) must not change the formats here either.
    let styles = [
        r#"<styleSheet><fonts><font><cellXfs><xf numFmtId="14"/></cellXfs></font></fonts><cellXfs><xf numFmtId="0"/><xf numFmtId="0"/></cellXfs></styleSheet>"#,
        r#"<styleSheet><fills><fill><numFmts><numFmt numFmtId="7" formatCode="d.m.yyyy"/></numFmts></fill></fills><cellXfs><xf numFmtId="7"/><xf numFmtId="7"/></cellXfs></styleSheet>"#,
        r#"<styleSheet><cellXfs><xf numFmtId="0"><xf numFmtId="14"/></xf><xf numFmtId="0"/></cellXfs></styleSheet>"#,
        r#"<styleSheet><borders><border><left><cellXfs><xf numFmtId="14"/></cellXfs></left></border></borders><cellXfs><xf numFmtId="0"/><xf numFmtId="0"/></cellXfs></styleSheet>"#,
    ];
    for style in styles {
        let bytes = workbook(&[
            (
                "xl/worksheets/sheet1.xml",
                &sheet(
                    r#"<row r="1"><c r="A1" s="0"><v>45000</v></c><c r="B1" s="1"><v>45000</v></c></row>"#,
                ),
            ),
            ("xl/styles.xml", style),
        ]);
        let reading = agree(&bytes, style).expect("both read it");
        assert_eq!(
            reading.cells,
            [Ok(vec![
                "(0, 0) Number(45000.0) false".to_string(),
                "(0, 1) Number(45000.0) false".to_string()
            ])],
            "{style}"
        );
    }
}

#[test]
fn a_sheet_damaged_in_its_deflate_stream_fails_in_both() {
    // A sheet of 20 000 rows (inflated on a second thread in chunks) with
    // bytes of its compressed stream changed at several places: both
    // readers read the same cells up to the damage, or fail the sheet.
    let mut data = String::new();
    for row in 1..=20_000 {
        data.push_str(&format!(r#"<row r="{row}"><c r="A{row}"><v>{row}</v></c><c r="B{row}" t="inlineStr"><is><t>rivi {row}</t></is></c></row>"#));
    }
    let bytes = workbook(&[("xl/worksheets/sheet1.xml", &sheet(&data))]);
    let whole = agree(&bytes, "whole").expect("both read it");
    assert_eq!(whole.cells[0].as_ref().map(Vec::len), Ok(40_000));
    let name = b"xl/worksheets/sheet1.xml";
    let header = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the sheet's local header");
    let start = header + name.len() + 64;
    let mut damaged_somewhere = false;
    for at in [start, start + 5_000, start + 20_000, start + 40_000] {
        let mut damaged = bytes.clone();
        if at >= damaged.len() {
            continue;
        }
        damaged[at] ^= 0x5a;
        if let Some(reading) = agree(&damaged, &format!("damaged at {at}")) {
            damaged_somewhere |= reading.cells[0].is_err();
        }
    }
    assert!(damaged_somewhere, "no damage made a sheet fail");
}

#[test]
fn a_broken_string_table_read_alongside_fails_every_sheet() {
    // Read as the child reads it (the table on a thread of its own), a
    // table that ends early fails each sheet, at its first shared string
    // or at its end, not the opening (calamine fails the opening): a sheet
    // of numbers and inline strings fails too, as calamine refuses it.
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    let bytes = workbook(&[
        ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", rels),
        (
            "xl/worksheets/sheet1.xml",
            &sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>"#),
        ),
        (
            "xl/worksheets/sheet2.xml",
            &sheet(
                r#"<row r="1"><c r="A1"><v>2</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>"#,
            ),
        ),
        ("xl/sharedStrings.xml", "<sst><si><t>kesken"),
    ]);
    assert!(
        agree(&bytes, "broken table").is_none(),
        "both refuse it at opening"
    );
    let reading = by_velho_overlapped(&bytes).expect("opened");
    assert_eq!(
        reading.cells,
        [
            Err(vec!["(0, 0) Number(1.0) false".to_string()]),
            Err(vec![
                "(0, 0) Number(2.0) false".to_string(),
                "(0, 1) Text(\"x\") false".to_string()
            ])
        ]
    );
}
