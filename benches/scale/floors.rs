//! The floors: what the underlying crates alone need for the same work.
//! Each runs in its own child process (`scale __floor KIND ...`), so its
//! peak memory is its own; it prints one `floor-timing` line to stderr with
//! the seconds of the measured work and what it counted.

use std::fs::File;
use std::io::{BufReader, Cursor};
use std::path::Path;
use std::time::Instant;

use calamine::{Xlsx, open_workbook};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook};
use sha2::{Digest, Sha256};

use crate::ledger::{CATEGORIES, Ledger, SHEET, Shape, csv_line};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Runs one floor, named by the hidden command line `__floor KIND ARGS...`.
pub fn run(args: &[String]) -> Result<()> {
    match args {
        [kind, path] if kind == "csv" => csv(Path::new(path)),
        [kind, path] if kind == "calamine" => calamine(Path::new(path)),
        [kind, shape, rows, level, out] if kind == "writer" => {
            let level = match level.as_str() {
                "default" => None,
                n => Some(n.parse()?),
            };
            let shape = Shape::parse(shape).ok_or_else(|| format!("unknown shape {shape}"))?;
            writer(shape, rows.parse()?, level, Path::new(out))
        }
        _ => Err(format!("unknown floor {args:?}").into()),
    }
}

/// The csv crate alone: the file's bytes read, then every record parsed as a
/// `ByteRecord` (no decoding, no conversion), as velho's reader is set up
/// (`;`, no headers, flexible). Also times SHA-256 of the bytes, which velho
/// computes for the Sources sheet, as an aside that is not part of the floor.
fn csv(path: &Path) -> Result<()> {
    let start = Instant::now();
    let bytes = std::fs::read(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(Cursor::new(&bytes[..]));
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        fields += record.len() as u64;
    }
    let seconds = start.elapsed().as_secs_f64();
    let hashing = Instant::now();
    let digest = Sha256::digest(&bytes);
    let sha256_seconds = hashing.elapsed().as_secs_f64();
    eprintln!(
        "floor-timing seconds={seconds:.6} rows={records} fields={fields} bytes={} \
         sha256_seconds={sha256_seconds:.6} sha256_first_byte={}",
        bytes.len(),
        digest[0]
    );
    Ok(())
}

/// calamine alone: the workbook opened from its file (shared strings and
/// styles loaded) and the ledger sheet read with the streaming
/// `worksheet_cells_reader`, every cell visited.
fn calamine(path: &Path) -> Result<()> {
    let start = Instant::now();
    let mut workbook: Xlsx<BufReader<File>> = open_workbook(path)?;
    let mut cells = workbook.worksheet_cells_reader(SHEET)?;
    let (mut count, mut rows, mut last_row) = (0u64, 0u64, u32::MAX);
    while let Some(cell) = cells.next_cell()? {
        count += 1;
        let row = cell.get_position().0;
        if row != last_row {
            rows += 1;
            last_row = row;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    eprintln!("floor-timing seconds={seconds:.6} rows={rows} cells={count}");
    Ok(())
}

/// The Transactions sheet velho writes for scenario S2 from the CSV of a
/// ledger shape (a debit/credit export's two columns are one amount there), 16
/// columns: file, sheet (empty for a CSV), row, date, voucher, account,
/// account name, cost centre, project, description, supplier, amount,
/// category, status, deduction (empty here), note (the text on each unmapped
/// row); a cell note on each unmapped row when there are at most 1 000 of
/// them, as velho does; the header formatted,
/// column widths, frozen top row and an autofilter. Written by
/// rust_xlsxwriter alone in constant-memory mode at the given zip level.
///
/// Producing the rows' values is not writing: it is timed in a dry pass
/// first and subtracted, so the floor is the writer's own time.
fn writer(shape: Shape, rows: u64, level: Option<u8>, out: &Path) -> Result<()> {
    let ledger = Ledger::new(rows, shape);
    let dry = Instant::now();
    let (mut checksum, mut flagged) = (0i64, 0u64);
    for i in 0..rows {
        let r = ledger.row(i);
        checksum = checksum.wrapping_add(r.cents);
        flagged += u64::from(r.category.is_none());
    }
    // velho gives flagged rows a cell note only up to this many of them
    // (src/report/transactions.rs MAX_ROW_NOTES); its Note column always.
    let with_notes = flagged <= 1_000;
    let generating = dry.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut workbook = Workbook::new();
    if let Some(level) = level {
        workbook.set_zip_compression_level(level);
    }
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("d.m.yyyy")
        .set_align(FormatAlign::Left);
    let money = Format::new().set_num_format(r#"#,##0.00\ "€";[Red]\-#,##0.00\ "€""#);
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Tapahtumat")?;
    let columns = [
        ("Tiedosto", 28),
        ("Välilehti", 12),
        ("Rivi", 7),
        ("Päivämäärä", 11),
        ("Tosite", 13),
        ("Tili", 8),
        ("Tilin nimi", 22),
        ("Kustannuspaikka", 10),
        ("Projekti", 10),
        ("Selite", 40),
        ("Toimittaja", 22),
        ("Summa", 14),
        ("Kustannuslaji", 24),
        ("Tila", 20),
        ("Rahoittajan vähennys", 14),
        ("Huomautus", 50),
    ];
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    // velho's note on an unmapped row (src/report/transactions.rs), in Finnish.
    let unmapped_note = "Tili ei kuulu mihinkään kustannuslajiin, joten summa ei ole toteumassa. \
                         Lisää tili kustannuslajille velho.toml-tiedostossa tai korjaa kirjaus.";
    let mut notes = 0u64;
    for i in 0..rows {
        let r = ledger.row(i);
        let row = i as u32 + 1;
        sheet.write_string(row, 0, "../ledger.csv")?;
        sheet.write_number(row, 2, csv_line(i) as f64)?;
        let d = ExcelDateTime::from_ymd(
            r.date.year() as u16,
            r.date.month() as u8,
            r.date.day() as u8,
        )?;
        sheet.write_datetime_with_format(row, 3, &d, &date)?;
        let account = r.account.to_string();
        let cost_centre = r.cost_centre.to_string();
        let texts = [
            (4, r.voucher.as_str()),
            (5, &account),
            (6, r.account_name),
            (7, &cost_centre),
            (8, r.project),
            (9, &r.description),
            (10, r.supplier),
        ];
        // velho passes a default `Format` with each text; writing without one
        // gives the same cell and spares rust_xlsxwriter hashing the format.
        for (col, value) in texts {
            if !value.is_empty() {
                sheet.write_string(row, col, value)?;
            }
        }
        sheet.write_number_with_format(row, 11, r.cents as f64 / 100.0, &money)?;
        match r.category {
            Some(c) => {
                sheet.write_string(row, 12, CATEGORIES[c].fi)?;
                sheet.write_string(row, 13, "Toteuma")?;
            }
            None => {
                sheet.write_string(row, 13, "Kohdistamaton tili")?;
                if with_notes {
                    let note = Note::new(unmapped_note)
                        .set_author("velho")
                        .add_author_prefix(false);
                    sheet.insert_note(row, 13, &note)?;
                    notes += 1;
                }
                sheet.write_string(row, 15, unmapped_note)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.max(1) as u32, columns.len() as u16 - 1)?;
    workbook.save(out)?;
    let gross = start.elapsed().as_secs_f64();
    let size = std::fs::metadata(out)?.len();
    eprintln!(
        "floor-timing seconds={:.6} rows={rows} notes={notes} bytes={size} \
         gross_seconds={gross:.6} generating_seconds={generating:.6} checksum={checksum}",
        (gross - generating).max(0.0)
    );
    Ok(())
}
