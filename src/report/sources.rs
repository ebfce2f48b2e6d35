//! The Sources sheet: the run's settings, and each input file with its
//! SHA-256, how it was read, and where every one of its rows went
//! (rows read = rows used + rows skipped, by reason).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Report, Styles};
use crate::dates::finnish;
use crate::import::LedgerFile;
use crate::model::Lang;
use crate::money::to_cell_number;
use crate::reconcile::RowAccount;

/// Writes the Sources sheet.
pub fn write(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    let lang = report.lang;
    let settings = settings(report);
    for (row, (label, value)) in settings.iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, *label, &styles.bold)?;
        sheet.write_string(row as u32, 1, value)?;
    }
    let top = settings.len() as u32 + 1;
    super::write_header_with_widths(sheet, top, &headers(lang), styles)?;
    let files = report.rec.files.iter().zip(&report.rec.file_accounts);
    for (i, (file, account)) in files.enumerate() {
        write_file(sheet, styles, top + 1 + i as u32, file, account)?;
    }
    let total_row = top + 1 + report.rec.files.len() as u32;
    write_totals(sheet, report, styles, total_row)?;
    decisions(sheet, report, styles, total_row + 2)?;
    sheet.set_freeze_panes(top + 1, 1)?;
    // 19 columns: two pages wide, each repeating the file column (issue 15).
    sheet
        .set_landscape()
        .set_print_fit_to_pages(2, 0)
        .set_repeat_rows(top, top)?
        .set_repeat_columns(0, 0)?;
    Ok(())
}

/// The run's settings, label and value.
fn settings(report: &Report) -> [(&'static str, String); 5] {
    let lang = report.lang;
    let p = report.project;
    [
        ("velho", env!("CARGO_PKG_VERSION").to_string()),
        (
            lang.pick("Projektitiedosto", "Project file"),
            p.file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        (
            lang.pick("Hankkeen rivit", "Project rows"),
            p.filter.describe(lang),
        ),
        (
            lang.pick("Tarkastelupäivä", "As-of date"),
            finnish(report.rec.as_of),
        ),
        (
            lang.pick("Kieli", "Language"),
            lang.pick("suomi", "English").to_string(),
        ),
    ]
}

/// The files table's column names and widths.
fn headers(lang: Lang) -> [(&'static str, u16); 19] {
    [
        (lang.pick("Tiedosto", "File"), 30),
        ("SHA-256", 20),
        (lang.pick("Muoto", "Format"), 40),
        (lang.pick("Otsikkorivi", "Header row"), 9),
        (lang.pick("Rivejä luettu", "Rows read"), 10),
        (lang.pick("Käytetty", "Used"), 10),
        (lang.pick("Ohitettu yhteensä", "Skipped in all"), 10),
        (lang.pick("Muut hankkeet", "Other projects"), 10),
        (lang.pick("Yhteissummarivit", "Totals rows"), 10),
        (lang.pick("Toistetut otsikot", "Repeated headers"), 10),
        (lang.pick("Kaksoiskappaleet", "Duplicates"), 10),
        (
            lang.pick("Hankeajan ulkopuolella", "Outside project period"),
            10,
        ),
        (
            lang.pick("Tarkastelupäivän jälkeen", "After as-of date"),
            10,
        ),
        (lang.pick("Kohdistamaton tili", "Unmapped account"), 10),
        (
            lang.pick("Flat rate kattaa", "Covered by the flat rate"),
            10,
        ),
        (lang.pick("Ei tukikelpoinen", "Not eligible"), 10),
        (lang.pick("Tiedoston summa", "File total"), 16),
        (
            lang.pick("Tiedoston oma yhteissumma", "File's own total"),
            16,
        ),
        (lang.pick("Sarakkeet", "Columns"), 60),
    ]
}

/// One input file's row: how it was read, where its rows went, its totals
/// and its columns.
fn write_file(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    file: &LedgerFile,
    account: &RowAccount,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &file.path)?;
    sheet.write_string(row, 1, &file.sha256)?;
    sheet.write_string(row, 2, &file.format)?;
    sheet.write_number(row, 3, file.header_row as f64)?;
    for (col, n) in counts(file, account).iter().enumerate() {
        sheet.write_number(row, 4 + col as u16, *n as f64)?;
    }
    sheet.write_number_with_format(row, 16, to_cell_number(file.all_rows_total), &styles.money)?;
    if let Some(total) = file.control_totals.last() {
        sheet.write_number_with_format(row, 17, to_cell_number(total.stated), &styles.money)?;
    }
    sheet.write_string(row, 18, &file.columns)?;
    Ok(())
}

/// The total row: the files' row counts added up.
fn write_totals(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    total_row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    sheet.write_string_with_format(total_row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    let mut sums = [0u64; 12];
    for (file, account) in report.rec.files.iter().zip(&report.rec.file_accounts) {
        for (sum, n) in sums.iter_mut().zip(counts(file, account)) {
            *sum += n;
        }
    }
    for (col, n) in sums.iter().enumerate() {
        sheet.write_number_with_format(total_row, 4 + col as u16, *n as f64, &styles.bold)?;
    }
    Ok(())
}

/// The funder's decisions read, with their SHA-256.
fn decisions(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let decisions = &report.rec.payments.decisions;
    if decisions.is_empty() {
        return Ok(());
    }
    let headers = [
        lang.pick("Maksatuspäätös", "Payment decision"),
        "SHA-256",
        lang.pick("Välilehti ja numero", "Sheet and number"),
        lang.pick("Kausi", "Period"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    for d in decisions {
        sheet.write_string(row, 0, &d.path)?;
        sheet.write_string(row, 1, &d.sha256)?;
        sheet.write_string(row, 2, format!("{}: {}", d.sheet, d.number))?;
        sheet.write_string(
            row,
            3,
            format!("{}–{}", finnish(d.period.0), finnish(d.period.1)),
        )?;
        row += 1;
    }
    Ok(())
}

/// Rows read, used, skipped in all, then skipped by reason (in the sheet's column order).
/// Read = used + skipped holds by construction of the import and the reconciliation.
fn counts(file: &LedgerFile, a: &RowAccount) -> [u64; 12] {
    let reasons = [
        file.other_rows,
        file.totals_rows,
        file.header_rows,
        a.duplicate.rows,
        a.before_start.rows + a.after_end.rows,
        a.after_as_of.rows,
        a.unmapped.rows,
        a.covered.rows,
        a.not_eligible.rows,
    ];
    let skipped = reasons.iter().sum();
    [
        file.rows_read,
        a.eligible.rows + a.revenue.rows,
        skipped,
        reasons[0],
        reasons[1],
        reasons[2],
        reasons[3],
        reasons[4],
        reasons[5],
        reasons[6],
        reasons[7],
        reasons[8],
    ]
}
