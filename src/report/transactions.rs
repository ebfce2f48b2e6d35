//! The Transactions sheet: every project row read, with its source file and
//! row, category and status. Rows of other projects are counted on Sources,
//! not listed here.

use std::borrow::Cow;

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, Worksheet, XlsxError,
};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::table::{self, Page, Table};
use super::{Report, Styles, describe_source};
use crate::config::Project;
use crate::model::{Lang, Piece, SourceRef};
use crate::money::{format_eur, to_cell_number};
use crate::reconcile::{Status, Transaction};
use crate::text::fill_in;

/// The longest text a cell holds, in characters, leaving room for the marker.
const MAX_CELL_CHARS: usize = 32_000;

/// Text for a cell: as it is, or cut at Excel's limit with a visible
/// marker (`cut`: [`Styles::cut`], the catalogue's `workbook.cut`).
pub(crate) fn cell_text<'a>(text: &'a str, cut: &str) -> Cow<'a, str> {
    // A text of no more bytes than the limit has no more characters either:
    // most cells are told without walking their characters.
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
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
pub(crate) struct RowTexts {
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
    pub(crate) fn of(lang: Lang) -> RowTexts {
        RowTexts {
            labels: STATUS_LABELS.map(|key| lang.text(key)),
            notes: STATUS_NOTES.map(|key| key.map(|key| lang.text(key))),
            vat: lang.text("transactions.note.vat"),
            deducted: lang.text("transactions.note.deducted"),
        }
    }
}

/// What a Transactions row's cells need besides the row and its status:
/// the reconciliation's files, persons, VAT and deductions (a [`Report`]),
/// or what is known of them while the ledger is still read
/// ([`super::early`]). Both write through [`RowCells`], so a row comes out
/// the same either way.
pub(crate) trait RowFacts {
    /// The workbook's language.
    fn lang(&self) -> Lang;
    /// The project (as the change decisions in force leave it).
    fn project(&self) -> &Project;
    /// The file a row was read from, as shown, and its sheet.
    fn file(&self, index: u32) -> (&str, Option<&str>);
    /// A text as the project's privacy setting shows it.
    fn shown<'t>(&self, text: &'t str) -> Cow<'t, str>;
    /// The recoverable VAT taken out of the row, if any.
    fn vat_removed(&self, source: SourceRef) -> Option<Decimal>;
    /// What the funder deducted of the row, and the note saying why.
    fn deduction(&self, source: SourceRef, texts: &RowTexts) -> Option<(Decimal, String)>;
    /// Where a row was read (the one a duplicate repeats).
    fn describe(&self, source: SourceRef) -> String;
}

impl RowFacts for Report<'_> {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn project(&self) -> &Project {
        self.project
    }

    fn file(&self, index: u32) -> (&str, Option<&str>) {
        let file = &self.rec.files[index as usize];
        (&file.path, file.sheet.as_deref())
    }

    fn shown<'t>(&self, text: &'t str) -> Cow<'t, str> {
        // Persons' names as the project's privacy setting shows them
        // (nothing is looked at when the project has no names).
        self.rec
            .persons
            .showing(self.project.show_persons())
            .mask(text)
    }

    fn vat_removed(&self, source: SourceRef) -> Option<Decimal> {
        self.rec.vat_removed(source)
    }

    fn deduction(&self, source: SourceRef, texts: &RowTexts) -> Option<(Decimal, String)> {
        let (m, part) = self.rec.payments.deduction_of(source)?;
        let decision = &self.rec.payments.decisions[m.decision];
        let item = &decision.items[m.item];
        let text = fill_in(
            texts.deducted,
            &[
                ("decision", &decision.number),
                ("file", &decision.path),
                ("reason", &item.reason),
            ],
        );
        Some((part, text))
    }

    fn describe(&self, source: SourceRef) -> String {
        describe_source(self, source)
    }
}

/// A text cell as shown: the row's own text (or its masked copy), or the
/// description read from where it is kept.
enum Shown<'a> {
    Row(Cow<'a, str>),
    Kept(Piece),
}

impl std::ops::Deref for Shown<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Shown::Row(text) => text,
            Shown::Kept(text) => text,
        }
    }
}

/// Everything one Transactions row shows, worked out before it is written.
pub(crate) struct RowCells<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    row: u32,
    date: NaiveDate,
    /// Voucher to supplier, as shown.
    texts: [(Column, Shown<'a>); 7],
    amount: Decimal,
    category: Option<&'a str>,
    status: &'static str,
    deducted: Option<(Decimal, String)>,
    note: Option<String>,
    /// Not counted, with a note: a cell note too, when the sheet has them.
    flagged: bool,
}

impl<'a> RowCells<'a> {
    /// The cells of `t`.
    pub(crate) fn of(facts: &'a impl RowFacts, texts: &'a RowTexts, t: &'a Transaction) -> Self {
        let r = &t.row;
        let (file, sheet) = facts.file(r.source.file);
        let note = note_text(facts, texts, t);
        let description = r.description.text();
        let masked = match facts.shown(&description) {
            Cow::Owned(masked) => Some(masked),
            Cow::Borrowed(_) => None,
        };
        let description = masked.map_or(description, Piece::Owned);
        RowCells {
            file,
            sheet,
            row: r.source.row,
            date: r.date,
            texts: [
                (Column::Voucher, Shown::Row(Cow::Borrowed(&*r.voucher))),
                (Column::Account, Shown::Row(Cow::Borrowed(&*r.account))),
                (
                    Column::AccountName,
                    Shown::Row(Cow::Borrowed(&*r.account_name)),
                ),
                (
                    Column::CostCentre,
                    Shown::Row(Cow::Borrowed(&*r.cost_centre)),
                ),
                (Column::Project, Shown::Row(Cow::Borrowed(&*r.project))),
                (Column::Description, Shown::Kept(description)),
                (Column::Supplier, Shown::Row(facts.shown(&r.supplier))),
            ],
            amount: r.amount(),
            category: t
                .status
                .category()
                .map(|c| facts.project().categories[c].name(facts.lang())),
            status: texts.labels[status_index(t.status)],
            deducted: facts.deduction(r.source, texts),
            flagged: !t.status.is_used() && note.is_some(),
            note,
        }
    }

    /// Writes the cells on sheet row `row`, the note a cell note too when
    /// `notes` and the row is flagged.
    pub(crate) fn put(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        styles: &Styles,
        notes: bool,
    ) -> Result<(), XlsxError> {
        sheet.write_string(row, Column::File.index(), self.file)?;
        if let Some(s) = self.sheet {
            sheet.write_string(row, Column::Sheet.index(), s)?;
        }
        sheet.write_number(row, Column::Row.index(), self.row as f64)?;
        let date = super::excel_date(self.date)?;
        // The date and money formats are the columns' own (see `begin`).
        sheet.write_datetime(row, Column::Date.index(), &date)?;
        for (column, text) in &self.texts {
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
        sheet.write_number(row, Column::Amount.index(), to_cell_number(self.amount))?;
        if let Some(category) = self.category {
            sheet.write_string(row, Column::Category.index(), category)?;
        }
        sheet.write_string(row, Column::Status.index(), self.status)?;
        if let Some((part, text)) = &self.deducted {
            sheet.write_number(row, Column::Deducted.index(), to_cell_number(*part))?;
            sheet.insert_note(row, Column::Deducted.index(), &table::velho_note(text))?;
        }
        if let Some(text) = &self.note {
            // Cell notes for the rows not counted (the tallies bound them); a
            // counted row's VAT note stands in the Note column only.
            if notes && self.flagged {
                sheet.insert_note(row, Column::Status.index(), &table::velho_note(text))?;
            }
            sheet.write_string(row, Column::Note.index(), text)?;
        }
        Ok(())
    }

    /// The note of a flagged row (for a cell note added later).
    pub(crate) fn flagged_note(&self) -> Option<&str> {
        self.note.as_deref().filter(|_| self.flagged)
    }

    /// Adds the cells, exactly, to `out`: two rows add the same bytes only
    /// when they are written the same.
    pub(crate) fn fingerprint(&self, out: &mut Vec<u8>) {
        fn text(out: &mut Vec<u8>, text: Option<&str>) {
            match text {
                None => out.push(0),
                Some(t) => {
                    out.push(1);
                    out.extend_from_slice(&(t.len() as u64).to_le_bytes());
                    out.extend_from_slice(t.as_bytes());
                }
            }
        }
        text(out, Some(self.file));
        text(out, self.sheet);
        out.extend_from_slice(&self.row.to_le_bytes());
        out.extend_from_slice(&chrono::Datelike::num_days_from_ce(&self.date).to_le_bytes());
        for (_, t) in &self.texts {
            text(out, Some(t));
        }
        out.extend_from_slice(&self.amount.serialize());
        text(out, self.category);
        text(out, Some(self.status));
        match &self.deducted {
            None => out.push(0),
            Some((part, note)) => {
                out.push(1);
                out.extend_from_slice(&part.serialize());
                text(out, Some(note));
            }
        }
        text(out, self.note.as_deref());
        out.push(u8::from(self.flagged));
    }
}

fn note_text(facts: &impl RowFacts, texts: &RowTexts, t: &Transaction) -> Option<String> {
    let status = status_note(facts, texts, t);
    let vat = facts.vat_removed(t.row.source).map(|vat| {
        let fi = facts.lang() == Lang::Fi;
        let amount = t.row.amount();
        fill_in(
            texts.vat,
            &[
                ("booked", &format_eur(amount + vat, fi)),
                ("vat", &format_eur(vat, fi)),
                ("amount", &format_eur(amount, fi)),
            ],
        )
    });
    match (status, vat) {
        (Some(s), Some(v)) => Some(format!("{s} {v}")),
        (s, v) => s.or(v),
    }
}

/// Why a row is not counted, if it is not.
fn status_note(facts: &impl RowFacts, texts: &RowTexts, t: &Transaction) -> Option<String> {
    let note = texts.notes[status_index(t.status)]?;
    Some(match t.status {
        Status::Covered(c) => {
            let project = facts.project();
            let flat_rate = project
                .flat_rate_covering(c)
                .map_or("", |flat| project.categories[flat].name(facts.lang()));
            fill_in(note, &[("flat_rate", &flat_rate)])
        }
        Status::Duplicate(original) => fill_in(note, &[("source", &facts.describe(original))]),
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
    begin(sheet, report.lang, styles)?;
    let notes = has_cell_notes(report);
    let texts = RowTexts::of(report.lang);
    for (i, t) in transactions.iter().enumerate() {
        RowCells::of(report, &texts, t).put(sheet, i as u32 + 1, styles, notes)?;
        if i % 8192 == 8191 {
            progress(i as u64 + 1);
        }
    }
    progress(transactions.len() as u64);
    end(sheet, report, transactions.len())
}

/// A sheet's header and page setup, before its rows.
pub(crate) fn begin(sheet: &mut Worksheet, lang: Lang, styles: &Styles) -> Result<(), XlsxError> {
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
    // The rows' dates and sums take their columns' formats: a format given
    // with each cell costs a hash of the whole format per cell (about a
    // tenth of writing a long-text row), and a row a user adds below the
    // data gets the same formats.
    sheet.set_column_format(Column::Date.index(), &styles.date)?;
    sheet.set_column_format(Column::Amount.index(), &styles.money)?;
    sheet.set_column_format(Column::Deducted.index(), &styles.money)?;
    Ok(())
}

/// Whether the flagged rows get cell notes: a cell note costs about 12 KiB
/// until the sheet is saved, so every flagged row gets one up to
/// MAX_ROW_NOTES; the Note column always says why. Counted from the
/// tallies of the rows not counted as realised (the statuses `note_text`
/// explains) rather than a pass over every row for every sheet.
pub(crate) fn has_cell_notes(report: &Report) -> bool {
    let account = &report.rec.project_account;
    account.read.rows - account.eligible.rows <= MAX_ROW_NOTES as u64
}

/// What follows a sheet's `rows` rows: the highlight of flagged rows, the
/// filter, the frozen header and the print area.
pub(crate) fn end(sheet: &mut Worksheet, report: &Report, rows: usize) -> Result<(), XlsxError> {
    let lang = report.lang;
    if report.rec.transactions.is_empty() {
        // An empty sheet says so (the project's filter matched no rows).
        let none = lang.text("transactions.no_project_rows");
        sheet.write_string(1, Column::Date.index(), none)?;
    }
    let last = (rows as u32).max(1);
    let flagged = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::NotEqualTo(status_label(
            Status::Eligible(0),
            lang,
        )))
        .set_format(Format::new().set_background_color(0xFCE4D6));
    let status = Column::Status.index();
    sheet.add_conditional_format(1, status, last, status, &flagged)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, Column::ALL.len() as u16 - 1)?;
    // On paper, the columns an auditor reads (date to status) at a
    // readable size (issue 15): fitted to the width of all 16 the print was
    // about 3 pt. The source file and row stay on screen.
    sheet.set_print_area(0, Column::Date.index(), last, Column::Status.index())?;
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
