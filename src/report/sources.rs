//! The Sources sheet: the run's settings, and each input file with its
//! SHA-256, how it was read, and where every one of its rows went
//! (rows read = rows used + rows skipped, by reason).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{self, Page, Role, Table};
use super::{Report, Styles};
use crate::dates::finnish;
use crate::import::LedgerFile;
use crate::model::Lang;
use crate::reconcile::RowAccount;

/// The widths of the hash and the read settings' columns (characters).
const SHA_WIDTH: u16 = 34;
const FORMAT_WIDTH: u16 = 62;

/// Writes the Sources sheet.
pub fn write(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    table::render(sheet, &build(report), styles)
}

/// The Sources sheet as a table: the settings, then one row per input file
/// and their total, then the decisions read.
fn build(report: &Report) -> Table {
    let mut t = Table::default();
    let settings = settings(report);
    for (row, (label, value)) in settings.iter().enumerate() {
        t.text(row as u32, 0, *label, Role::Bold);
        t.text(row as u32, 1, value.as_str(), Role::Plain);
    }
    let top = settings.len() as u32 + 1;
    t.header_with_widths(top, &headers(report.lang));
    let files = report.rec.files.iter().zip(&report.rec.file_accounts);
    for (i, (file, account)) in files.enumerate() {
        file_row(&mut t, top + 1 + i as u32, file, account, report.lang);
    }
    let total_row = top + 1 + report.rec.files.len() as u32;
    totals(&mut t, report, total_row);
    decisions(&mut t, report, total_row + 2);
    staff_files(&mut t, report, total_row + 2);
    t.freeze = Some((top + 1, 1));
    // 19 columns: three pages wide, each repeating the file column, at a
    // readable size (two pages wide printed at 5,5 pt).
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((3, 0)),
        scale: None,
        repeat_rows: Some((top, top)),
        repeat_columns: Some((0, 0)),
    };
    t
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
        ("SHA-256", SHA_WIDTH),
        (lang.pick("Muoto", "Format"), FORMAT_WIDTH),
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
            lang.pick(
                "Flat rate tai henkilöstökulumalli kattaa",
                "Covered by the flat rate or staff model",
            ),
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
fn file_row(t: &mut Table, row: u32, file: &LedgerFile, account: &RowAccount, lang: Lang) {
    t.text(row, 0, file.path.as_str(), Role::Plain);
    // The whole hash, wrapped over two lines, so it prints and can be
    // compared with `sha256sum`'s.
    t.text(row, 1, file.sha256.as_str(), Role::Wrap);
    let settings = read_settings(&file.format, lang);
    if let Some(height) =
        super::wrapped_row_height(&[(&file.sha256, SHA_WIDTH), (&settings, FORMAT_WIDTH)])
    {
        t.heights.push((row, height));
    }
    t.text(row, 2, settings, Role::Plain);
    t.number(row, 3, file.header_row as f64, Role::Plain);
    for (col, n) in counts(file, account).iter().enumerate() {
        t.number(row, 4 + col as u16, *n as f64, Role::Plain);
    }
    t.money(row, 16, file.all_rows_total, Role::Money);
    if let Some(total) = file.control_totals.last() {
        t.money(row, 17, total.stated, Role::Money);
    }
    t.text(row, 18, file.columns.as_str(), Role::Plain);
}

/// The phrases the import describes its settings in (see
/// `import::csv`'s encodings, delimiters and decimal marks and the
/// workbooks' sheets), and their Finnish; longer phrases first.
const SETTINGS_FI: &[(&str, &str)] = &[
    (
        "UTF-16 without byte-order mark (set by the user)",
        "UTF-16 ilman BOM-merkkiä (asetettu projektitiedostossa)",
    ),
    (
        "UTF-16 (Excel Unicode text)",
        "UTF-16 (Excelin Unicode-teksti)",
    ),
    ("UTF-8 with BOM", "UTF-8 (BOM-merkillä)"),
    ("(not valid UTF-8)", "(ei kelvollista UTF-8:aa)"),
    (
        "(set in the project file)",
        "(asetettu projektitiedostossa)",
    ),
    ("delimiter 'tab'", "erotin sarkain"),
    ("delimiter", "erotin"),
    ("no decimals", "ei desimaaleja"),
    ("decimal comma", "desimaalipilkku"),
    ("decimal point", "desimaalipiste"),
    ("sheet \"", "välilehti \""),
    ("(not read: ", "(ei luettu: "),
    (" more)", " muuta)"),
    (
        "the project's lines by column",
        "hankkeen rivit sarakkeen mukaan:",
    ),
    (" and ", " ja "),
];

/// How a file was read (format, encoding, delimiter, decimal mark, sheet)
/// in the sheet's language.
fn read_settings(format: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format.to_string(),
        Lang::Fi => SETTINGS_FI
            .iter()
            .fold(format.to_string(), |text, (en, fi)| text.replace(en, fi)),
    }
}

/// The total row: the files' row counts added up.
fn totals(t: &mut Table, report: &Report, total_row: u32) {
    t.text(
        total_row,
        0,
        report.lang.pick("Yhteensä", "Total"),
        Role::Bold,
    );
    let mut sums = [0u64; 12];
    for (file, account) in report.rec.files.iter().zip(&report.rec.file_accounts) {
        for (sum, n) in sums.iter_mut().zip(counts(file, account)) {
            *sum += n;
        }
    }
    for (col, n) in sums.iter().enumerate() {
        t.number(total_row, 4 + col as u16, *n as f64, Role::Bold);
    }
}

/// The funder's decisions read, with their SHA-256.
fn decisions(t: &mut Table, report: &Report, mut row: u32) {
    let lang = report.lang;
    let decisions = &report.rec.payments.decisions;
    if decisions.is_empty() {
        return;
    }
    let headers = [
        lang.pick("Maksatuspäätös", "Payment decision"),
        "SHA-256",
        lang.pick("Välilehti ja numero", "Sheet and number"),
        lang.pick("Kausi", "Period"),
    ];
    t.header(row, &headers);
    row += 1;
    for d in decisions {
        t.text(row, 0, d.path.as_str(), Role::Plain);
        t.text(row, 1, d.sha256.as_str(), Role::Wrap);
        if let Some(height) = super::wrapped_row_height(&[(&d.sha256, SHA_WIDTH)]) {
            t.heights.push((row, height));
        }
        t.text(row, 2, format!("{}: {}", d.sheet, d.number), Role::Plain);
        let period = format!("{}–{}", finnish(d.period.0), finnish(d.period.1));
        t.text(row, 3, period, Role::Plain);
        row += 1;
    }
}

/// The payroll reports and working-time records read (issue 13), under
/// the decisions (`row` is where the decisions' table starts): each with
/// its SHA-256, how it was read, its size, and where its rows went (rows
/// read = used + skipped, by reason).
fn staff_files(t: &mut Table, report: &Report, row: u32) {
    let lang = report.lang;
    let files = &report.rec.staff_files;
    if files.is_empty() {
        return;
    }
    let decisions = report.rec.payments.decisions.len() as u32;
    let mut row = if decisions == 0 {
        row
    } else {
        row + decisions + 2
    };
    let headers = [
        lang.pick("Palkka- tai tuntiaineisto", "Payroll or working time"),
        "SHA-256",
        lang.pick("Muoto", "Format"),
        lang.pick("Otsikkorivi", "Header row"),
        lang.pick("Rivejä luettu", "Rows read"),
        lang.pick("Käytetty", "Used"),
        lang.pick("Ohitettu yhteensä", "Skipped in all"),
        lang.pick("Yhteissummarivit", "Totals rows"),
        lang.pick("Palkkalaji ei kuulu kuluihin", "Pay type left out"),
        lang.pick("Hankeajan ulkopuolella", "Outside project period"),
        lang.pick("Tarkastelupäivän jälkeen", "After as-of date"),
        lang.pick("Tuntematon henkilö", "Unknown person"),
        lang.pick("Ei henkilöä", "No person"),
        lang.pick("Toistuva rivi", "Repeated row"),
        lang.pick(
            "Muu kustannuspaikka tai projekti",
            "Other cost centre or project",
        ),
        lang.pick("Koko (tavua)", "Size (bytes)"),
    ];
    t.header(row, &headers);
    row += 1;
    for file in files {
        t.text(row, 0, file.path.as_str(), Role::Plain);
        t.text(row, 1, file.sha256.as_str(), Role::Wrap);
        let contents = match file.kind {
            crate::import::payroll::StaffFileKind::Payroll => {
                lang.pick("Palkkaerittely", "Payroll report")
            }
            crate::import::payroll::StaffFileKind::WorkingTime => {
                lang.pick("Tuntikirjanpito", "Working-time record")
            }
            crate::import::payroll::StaffFileKind::Ledger => {
                lang.pick("Kirjanpidon henkilösarake", "The ledger's person column")
            }
        };
        let settings = format!("{contents}: {}", read_settings(&file.format, lang));
        if let Some(height) =
            super::wrapped_row_height(&[(&file.sha256, SHA_WIDTH), (&settings, FORMAT_WIDTH)])
        {
            t.heights.push((row, height));
        }
        // Wrapped: with the file's kind before them, the settings can be
        // longer than the column.
        t.text(row, 2, settings, Role::Wrap);
        let counts = [
            file.header_row.into(),
            file.rows_read,
            file.used,
            file.skipped(),
            file.totals_rows,
            file.ignored_rows,
            file.outside_project,
            file.after_as_of,
            file.unknown_person,
            file.no_person,
            file.repeated,
            file.other_unit,
        ];
        for (col, n) in counts.iter().enumerate() {
            t.number(row, 3 + col as u16, *n as f64, Role::Plain);
        }
        t.number(row, 15, file.size as f64, Role::Plain);
        row += 1;
    }
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
        a.covered.rows + a.staff_model.rows,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_settings_are_in_the_sheets_language() {
        let csv = "CSV, Windows-1252 (not valid UTF-8), delimiter ';', decimal comma";
        assert_eq!(
            read_settings(csv, Lang::Fi),
            "CSV, Windows-1252 (ei kelvollista UTF-8:aa), erotin ';', desimaalipilkku"
        );
        assert_eq!(read_settings(csv, Lang::En), csv);
        assert_eq!(
            read_settings(
                "CSV, UTF-8 with BOM, delimiter 'tab', no decimals",
                Lang::Fi
            ),
            "CSV, UTF-8 (BOM-merkillä), erotin sarkain, ei desimaaleja"
        );
        assert_eq!(
            read_settings("XLSX, sheet \"Pääkirja\" (not read: Tiedot)", Lang::Fi),
            "XLSX, välilehti \"Pääkirja\" (ei luettu: Tiedot)"
        );
    }
}
