//! The Transactions sheet: every project row read, with its source file and
//! row, category and status. Rows of other projects are counted on Sources,
//! not listed here.

use std::borrow::Cow;

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, Note, Worksheet, XlsxError,
};

use super::table::{self, Page, Table};
use super::{Report, Styles, describe_source};
use crate::model::Lang;
use crate::money::{format_eur, to_cell_number};
use crate::reconcile::{Status, Transaction};
use crate::text::fill_in;

/// The longest text a cell holds, in characters, leaving room for the marker.
const MAX_CELL_CHARS: usize = 32_000;

/// Text for a cell: as it is, or cut at Excel's limit with a visible
/// marker (`cut`: [`Styles::cut`], the catalogue's `workbook.cut`).
pub(crate) fn cell_text<'a>(text: &'a str, cut: &str) -> Cow<'a, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None => Cow::Borrowed(text),
        Some((at, _)) => {
            let characters = text.chars().count();
            let marker = crate::text::fill_in(cut, &[("characters", &characters)]);
            Cow::Owned(format!("{}… {marker}", &text[..at]))
        }
    }
}

/// Each status's label, in the order of [`status_index`].
const STATUS_LABELS: [&str; 10] = [
    "transactions.status.counted",
    "transactions.status.covered",
    "transactions.status.not_eligible",
    "transactions.status.staff_model",
    "transactions.status.unmapped",
    "transactions.status.revenue",
    "transactions.status.before_start",
    "transactions.status.after_end",
    "transactions.status.after_as_of",
    "transactions.status.duplicate",
];

/// Why a row of a status is not counted, in the order of
/// [`status_index`]: a text of its own, or a template filled per row
/// (covered: the flat rate; duplicate: the row read first).
const STATUS_NOTES: [Option<&str>; 10] = [
    None,
    Some("transactions.note.covered"),
    Some("transactions.note.not_eligible"),
    Some("transactions.note.staff_model"),
    Some("transactions.note.unmapped"),
    Some("transactions.note.revenue"),
    Some("transactions.note.outside_period"),
    Some("transactions.note.outside_period"),
    Some("transactions.note.after_as_of"),
    Some("transactions.note.duplicate"),
];

/// A status's place in [`STATUS_LABELS`] and [`STATUS_NOTES`].
fn status_index(status: Status) -> usize {
    match status {
        Status::Eligible(_) => 0,
        Status::Covered(..) => 1,
        Status::NotEligible(_) => 2,
        Status::StaffModel(_) => 3,
        Status::Unmapped => 4,
        Status::Revenue => 5,
        Status::BeforeStart => 6,
        Status::AfterEnd => 7,
        Status::AfterAsOf => 8,
        Status::Duplicate(_) => 9,
    }
}

/// The status of a row in a language.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    lang.text(STATUS_LABELS[status_index(status)])
}

/// The texts of the rows, looked up once per sheet: a sheet holds up to a
/// million rows.
struct RowTexts {
    /// Each status's label.
    labels: [&'static str; 10],
    /// Each status's note (templates for covered and duplicate rows).
    notes: [Option<&'static str>; 10],
    /// A row's VAT taken out.
    vat: &'static str,
    /// A row the funder deducted.
    deducted: &'static str,
}

impl RowTexts {
    fn of(lang: Lang) -> RowTexts {
        RowTexts {
            labels: STATUS_LABELS.map(|key| lang.text(key)),
            notes: STATUS_NOTES.map(|key| key.map(|key| lang.text(key))),
            vat: lang.text("transactions.note.vat"),
            deducted: lang.text("transactions.note.deducted"),
        }
    }
}

fn note_text(report: &Report, texts: &RowTexts, t: &Transaction) -> Option<String> {
    let status = status_note(report, texts, t);
    let vat = report.rec.vat_removed(t.row.source).map(|vat| {
        let fi = report.lang == Lang::Fi;
        fill_in(
            texts.vat,
            &[
                ("booked", &format_eur(t.row.amount() + vat, fi)),
                ("vat", &format_eur(vat, fi)),
                ("amount", &format_eur(t.row.amount(), fi)),
            ],
        )
    });
    match (status, vat) {
        (Some(s), Some(v)) => Some(format!("{s} {v}")),
        (s, v) => s.or(v),
    }
}

/// Why a row is not counted, if it is not.
fn status_note(report: &Report, texts: &RowTexts, t: &Transaction) -> Option<String> {
    let note = texts.notes[status_index(t.status)]?;
    Some(match t.status {
        Status::Covered(c) => {
            let flat_rate = report
                .project
                .flat_rate_covering(c)
                .map_or("", |flat| report.project.categories[flat].name(report.lang));
            fill_in(note, &[("flat_rate", &flat_rate)])
        }
        Status::Duplicate(original) => {
            fill_in(note, &[("source", &describe_source(report, original))])
        }
        _ => note.to_string(),
    })
}

/// The most flagged rows that get a cell note each. A note costs about
/// 12 KiB until the sheet is saved (rust_xlsxwriter keeps notes in memory
/// even in constant-memory mode), so 1 000 of them about 12 MiB; beyond it
/// the Note column alone explains the rows, keeping memory flat on a whole
/// organisation's ledger (issue 18: 10 468 notes took S1 to 160 MiB).
pub const MAX_ROW_NOTES: usize = 1_000;

/// Excel's rows under a header: a sheet holds 1 048 576 rows.
pub const EXCEL_ROWS: u32 = 1_048_575;

/// The names of the Transactions sheets: one, or more when the rows continue
/// past `rows_per_sheet` ("Tapahtumat", "Tapahtumat 2", …).
pub fn sheet_names(lang: Lang, rows: usize, rows_per_sheet: u32) -> Vec<String> {
    let base = super::SheetNames::of(lang).transactions;
    let sheets = rows.div_ceil(rows_per_sheet.max(1) as usize).max(1);
    (1..=sheets)
        .map(|i| {
            if i == 1 {
                base.to_string()
            } else {
                format!("{base} {i}")
            }
        })
        .collect()
}

/// The columns of a Transactions sheet, in order: the headers, the cells
/// and the formulas over them ([`super::formula::column`]) all name them here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The source file.
    File,
    /// The source sheet of a workbook.
    Sheet,
    /// The source row.
    Row,
    /// Posting date.
    Date,
    /// Voucher.
    Voucher,
    /// Account.
    Account,
    /// Account name.
    AccountName,
    /// Cost centre.
    CostCentre,
    /// Project code.
    Project,
    /// Description.
    Description,
    /// Supplier.
    Supplier,
    /// Signed amount.
    Amount,
    /// Cost category (only on counted rows).
    Category,
    /// Status label.
    Status,
    /// What the funder deducted of the row.
    Deducted,
    /// Why the row is not counted, or its VAT.
    Note,
}

impl Column {
    /// Every column, in order.
    pub const ALL: [Column; 16] = [
        Column::File,
        Column::Sheet,
        Column::Row,
        Column::Date,
        Column::Voucher,
        Column::Account,
        Column::AccountName,
        Column::CostCentre,
        Column::Project,
        Column::Description,
        Column::Supplier,
        Column::Amount,
        Column::Category,
        Column::Status,
        Column::Deducted,
        Column::Note,
    ];

    /// The column's 0-based index.
    pub const fn index(self) -> u16 {
        self as u16
    }

    /// The column's letter, for formulas.
    pub const fn letter(self) -> &'static str {
        const LETTERS: [&str; 16] = [
            "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
        ];
        LETTERS[self as usize]
    }

    /// The header in the workbook's language.
    pub fn header(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Column::File => "transactions.column.file",
            Column::Sheet => "transactions.column.sheet",
            Column::Row => "transactions.column.row",
            Column::Date => "transactions.column.date",
            Column::Voucher => "transactions.column.voucher",
            Column::Account => "transactions.column.account",
            Column::AccountName => "transactions.column.account_name",
            Column::CostCentre => "transactions.column.cost_centre",
            Column::Project => "transactions.column.project",
            Column::Description => "transactions.column.description",
            Column::Supplier => "transactions.column.supplier",
            Column::Amount => "transactions.column.amount",
            Column::Category => "transactions.column.category",
            Column::Status => "transactions.column.status",
            Column::Deducted => "transactions.column.deducted",
            Column::Note => "transactions.column.note",
        })
    }

    /// The column's width (characters).
    fn width(self) -> u16 {
        match self {
            Column::File => 28,
            Column::Sheet => 12,
            Column::Row => 7,
            Column::Date => 11,
            Column::Voucher => 13,
            Column::Account => 8,
            Column::AccountName => 22,
            Column::Supplier => 18,
            Column::CostCentre | Column::Project => 10,
            Column::Description => 34,
            Column::Amount | Column::Deducted => 14,
            Column::Category => 24,
            Column::Status => 20,
            Column::Note => 50,
        }
    }
}

/// Writes one Transactions sheet holding `transactions` (rows in order, so
/// the sheet can be written in constant memory).
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    transactions: &[Transaction],
    progress: &dyn Fn(u64),
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let headers: Vec<(&str, u16)> = Column::ALL
        .iter()
        .map(|c| (c.header(lang), c.width()))
        .collect();
    // The header (and the page setup) as a table; the rows stream after it.
    let mut head = Table::default();
    head.header_with_widths(0, &headers);
    head.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        repeat_rows: Some((0, 0)),
        repeat_columns: None,
    };
    table::render(sheet, &head, styles)?;
    // A cell note costs about 12 KiB until the sheet is saved: every flagged
    // row gets one up to MAX_ROW_NOTES; the Note column always says why.
    // Rows not counted as realised (the same statuses `note_text` explains),
    // from the tallies rather than a pass over every row for every sheet.
    let account = &report.rec.project_account;
    let notes = account.read.rows - account.eligible.rows <= MAX_ROW_NOTES as u64;
    let texts = RowTexts::of(lang);
    for (i, t) in transactions.iter().enumerate() {
        write_row(sheet, i as u32 + 1, report, styles, &texts, t, notes)?;
        if i % 8192 == 8191 {
            progress(i as u64 + 1);
        }
    }
    progress(transactions.len() as u64);
    if report.rec.transactions.is_empty() {
        // An empty sheet says so (the project's filter matched no rows).
        let none = lang.text("transactions.no_project_rows");
        sheet.write_string(1, Column::Date.index(), none)?;
    }
    let last = (transactions.len() as u32).max(1);
    let flagged = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::NotEqualTo(status_label(
            Status::Eligible(0),
            lang,
        )))
        .set_format(Format::new().set_background_color(0xFCE4D6));
    let status = Column::Status.index();
    sheet.add_conditional_format(1, status, last, status, &flagged)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, headers.len() as u16 - 1)?;
    // On paper, the columns an auditor reads (date to status) at a
    // readable size (issue 15): fitted to the width of all 16 the print was
    // about 3 pt. The source file and row stay on screen.
    sheet.set_print_area(0, Column::Date.index(), last, Column::Status.index())?;
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    report: &Report,
    styles: &Styles,
    texts: &RowTexts,
    t: &Transaction,
    notes: bool,
) -> Result<(), XlsxError> {
    let r = &t.row;
    let file = &report.rec.files[r.source.file as usize];
    sheet.write_string(row, Column::File.index(), &file.path)?;
    if let Some(s) = &file.sheet {
        sheet.write_string(row, Column::Sheet.index(), s)?;
    }
    sheet.write_number(row, Column::Row.index(), r.source.row as f64)?;
    let date = super::excel_date(r.date)?;
    sheet.write_datetime_with_format(row, Column::Date.index(), &date, &styles.date)?;
    // Persons' names in the texts as the project's privacy setting shows
    // them (nothing is looked at when the project has no names).
    let shown = report.rec.persons.showing(report.project.show_persons());
    let (description, supplier) = (shown.mask(&r.description), shown.mask(&r.supplier));
    let cells: [(Column, &str); 7] = [
        (Column::Voucher, &r.voucher),
        (Column::Account, &r.account),
        (Column::AccountName, &r.account_name),
        (Column::CostCentre, &r.cost_centre),
        (Column::Project, &r.project),
        (Column::Description, &description),
        (Column::Supplier, &supplier),
    ];
    for (column, text) in cells {
        let col = column.index();
        if text.is_empty() {
            continue;
        }
        // A format costs a hash per cell: only text a spreadsheet would take
        // for a formula gets one (the quote prefix).
        match super::starts_like_formula(text) {
            true => sheet.write_string_with_format(
                row,
                col,
                cell_text(text, styles.cut),
                &styles.quoted_text,
            )?,
            false => sheet.write_string(row, col, cell_text(text, styles.cut))?,
        };
    }
    sheet.write_number_with_format(
        row,
        Column::Amount.index(),
        to_cell_number(r.amount()),
        &styles.money,
    )?;
    if let Some(c) = t.status.category() {
        sheet.write_string(
            row,
            Column::Category.index(),
            report.project.categories[c].name(report.lang),
        )?;
    }
    sheet.write_string(
        row,
        Column::Status.index(),
        texts.labels[status_index(t.status)],
    )?;
    if let Some((m, part)) = report.rec.payments.deduction_of(r.source) {
        let decision = &report.rec.payments.decisions[m.decision];
        let item = &decision.items[m.item];
        sheet.write_number_with_format(
            row,
            Column::Deducted.index(),
            to_cell_number(part),
            &styles.money,
        )?;
        let text = fill_in(
            texts.deducted,
            &[
                ("decision", &decision.number),
                ("file", &decision.path),
                ("reason", &item.reason),
            ],
        );
        sheet.insert_note(
            row,
            Column::Deducted.index(),
            &Note::new(text).set_author("velho").add_author_prefix(false),
        )?;
    }
    if let Some(text) = note_text(report, texts, t) {
        // Cell notes for the rows not counted (the tallies bound them); a
        // counted row's VAT note stands in the Note column only.
        if notes && !t.status.is_used() {
            sheet.insert_note(
                row,
                Column::Status.index(),
                &Note::new(&text)
                    .set_author("velho")
                    .add_author_prefix(false),
            )?;
        }
        sheet.write_string(row, Column::Note.index(), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_has_its_own_index_letter_and_header() {
        for (i, column) in Column::ALL.iter().enumerate() {
            assert_eq!(column.index() as usize, i);
            assert_eq!(column.letter(), ((b'A' + i as u8) as char).to_string());
            assert!(!column.header(Lang::Fi).is_empty() && !column.header(Lang::En).is_empty());
        }
        assert_eq!(super::super::formula::column::STATUS, "N");
    }

    #[test]
    fn a_text_past_the_cells_limit_is_cut_with_a_marker_in_the_sheets_language() {
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        let cut = cell_text(&long, Lang::Fi.text("workbook.cut"));
        assert!(
            cut.ends_with("x… [katkaistu: lähteessä 32001 merkkiä]"),
            "{}",
            &cut[cut.len() - 60..]
        );
        assert_eq!(cell_text("lyhyt", Lang::Fi.text("workbook.cut")), "lyhyt");
    }
}
