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
            lang.text("sources.project_file"),
            p.file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        (lang.text("sources.project_rows"), p.filter.describe(lang)),
        (lang.text("sources.date"), finnish(report.rec.as_of)),
        (
            lang.text("sources.language"),
            lang.text("sources.english").to_string(),
        ),
    ]
}

/// The files table's column names and widths.
fn headers(lang: Lang) -> [(&'static str, u16); 19] {
    [
        (lang.text("sources.file"), 30),
        ("SHA-256", SHA_WIDTH),
        (lang.text("sources.format"), FORMAT_WIDTH),
        (lang.text("sources.header_row"), 9),
        (lang.text("sources.rows_read"), 10),
        (lang.text("sources.used"), 10),
        (lang.text("sources.skipped_all"), 10),
        (lang.text("sources.other_projects"), 10),
        (lang.text("sources.totals_rows"), 10),
        (lang.text("sources.repeated_headers"), 10),
        (lang.text("sources.duplicates"), 10),
        (lang.text("sources.outside_project_period"), 10),
        (lang.text("sources.after_date"), 10),
        (lang.text("sources.unmapped_account"), 10),
        (lang.text("sources.covered_flat_rate_staff"), 10),
        (lang.text("sources.not_eligible"), 10),
        (lang.text("sources.file_total"), 16),
        (lang.text("sources.files_own_total"), 16),
        (lang.text("sources.columns"), 60),
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
    t.text(row, 18, columns(&file.columns, lang), Role::Plain);
}

/// The roles the import names the columns by (`date="Tositepvm"`), each
/// key's English text the import's `role="`, its Finnish the translation;
/// longer names first (`account name="` before `account="`).
const COLUMN_ROLES: [&str; 14] = [
    "sources.column_role.marker",
    "sources.column_role.account_name",
    "sources.column_role.cost_centre",
    "sources.column_role.description",
    "sources.column_role.supplier",
    "sources.column_role.account",
    "sources.column_role.voucher",
    "sources.column_role.project",
    "sources.column_role.amount",
    "sources.column_role.credit",
    "sources.column_role.person",
    "sources.column_role.debit",
    "sources.column_role.date",
    "sources.column_role.vat",
];

/// Which column played which role, in the sheet's language.
pub(crate) fn columns(described: &str, lang: Lang) -> String {
    crate::text::rephrased(described, &COLUMN_ROLES, lang)
}

/// The phrases the import describes its settings in (see
/// `import::csv`'s encodings, delimiters and decimal marks and the
/// workbooks' sheets): each key's English text is the import's phrase, its
/// Finnish the translation; longer phrases first.
const READ_SETTINGS: [&str; 17] = [
    "sources.read_settings.not_a_ledger",
    "sources.read_settings.project_lines_by_column",
    "sources.read_settings.account_grouped",
    "sources.read_settings.journal",
    "sources.read_settings.utf16_no_bom",
    "sources.read_settings.utf16_excel",
    "sources.read_settings.utf8_bom",
    "sources.read_settings.not_utf8",
    "sources.read_settings.set_in_project_file",
    "sources.read_settings.delimiter_tab",
    "sources.read_settings.delimiter",
    "sources.read_settings.no_decimals",
    "sources.read_settings.decimal_comma",
    "sources.read_settings.decimal_point",
    "sources.read_settings.sheet",
    "sources.read_settings.not_read",
    "sources.read_settings.more",
];

/// How a file was read (format, encoding, delimiter, decimal mark, sheet)
/// in the sheet's language.
pub(crate) fn read_settings(format: &str, lang: Lang) -> String {
    crate::text::rephrased(format, &READ_SETTINGS, lang)
}

/// The total row: the files' row counts added up.
fn totals(t: &mut Table, report: &Report, total_row: u32) {
    t.text(total_row, 0, report.lang.text("sources.total"), Role::Bold);
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
        lang.text("sources.payment_decision"),
        "SHA-256",
        lang.text("sources.sheet_number"),
        lang.text("sources.period"),
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
        lang.text("sources.staff_files.heading"),
        "SHA-256",
        lang.text("sources.staff_files.format"),
        lang.text("sources.staff_files.header_row"),
        lang.text("sources.staff_files.rows_read"),
        lang.text("sources.staff_files.used"),
        lang.text("sources.staff_files.skipped"),
        lang.text("sources.staff_files.totals_rows"),
        lang.text("sources.staff_files.pay_type_left_out"),
        lang.text("sources.staff_files.outside_period"),
        lang.text("sources.staff_files.after_as_of"),
        lang.text("sources.staff_files.unknown_person"),
        lang.text("sources.staff_files.no_person"),
        lang.text("sources.staff_files.repeated_row"),
        lang.text("sources.staff_files.other_cost_centre"),
        lang.text("sources.staff_files.size"),
    ];
    t.header(row, &headers);
    row += 1;
    for file in files {
        t.text(row, 0, file.path.as_str(), Role::Plain);
        t.text(row, 1, file.sha256.as_str(), Role::Wrap);
        let contents = match file.kind {
            crate::import::payroll::StaffFileKind::Payroll => {
                lang.text("sources.staff_files.payroll")
            }
            crate::import::payroll::StaffFileKind::WorkingTime => {
                lang.text("sources.staff_files.working_time")
            }
            crate::import::payroll::StaffFileKind::Ledger => {
                lang.text("sources.staff_files.ledger")
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

    /// A sheet passed over is said in Finnish, and a sheet's own name is
    /// left as it is (a reviewer's "Costs and revenues" came out "Costs ja
    /// revenues").
    #[test]
    fn a_sheet_passed_over_is_said_in_finnish_and_names_stay() {
        let format = "XLSX, sheet \"Ledger and notes\" (not read: Costs and revenues: a date and an amount column but no account column, so no ledger)";
        assert_eq!(
            read_settings(format, Lang::Fi),
            "XLSX, välilehti \"Ledger and notes\" (ei luettu: Costs and revenues: päivämäärä- ja summasarake mutta ei tilisaraketta, joten ei kirjanpito)"
        );
    }

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
        // The layouts the import notes (LedgerFile::note_layout).
        assert_eq!(
            read_settings(
                "CSV, UTF-8, delimiter ';', decimal comma, account-grouped report",
                Lang::Fi
            ),
            "CSV, UTF-8, erotin ';', desimaalipilkku, tileittäin ryhmitelty pääkirja"
        );
        assert_eq!(
            read_settings("XLSX, sheet \"Päiväkirja\", journal", Lang::Fi),
            "XLSX, välilehti \"Päiväkirja\", päiväkirja"
        );
    }
}
