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
use crate::money::to_cell_number;
use crate::reconcile::{Status, Transaction};

/// The longest text a cell holds, in characters, leaving room for the marker.
const MAX_CELL_CHARS: usize = 32_000;

/// Text for a cell: as it is, or cut at Excel's limit with a visible marker.
pub(crate) fn cell_text(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!(
            "{}… [cut: {} characters in the source]",
            &text[..at],
            text.chars().count()
        )),
    }
}

/// The status of a row in a language.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Eligible(_) => lang.pick("Toteuma", "Counted"),
        Status::Covered(..) => lang.pick("Flat rate kattaa", "Covered by the flat rate"),
        Status::NotEligible(_) => lang.pick("Ei tukikelpoinen", "Not eligible"),
        Status::StaffModel(_) => {
            lang.pick("Henkilöstökulumalli kattaa", "Covered by the staff model")
        }
        Status::Unmapped => lang.pick("Kohdistamaton tili", "Unmapped account"),
        Status::Revenue => lang.pick("Tulo", "Revenue"),
        Status::BeforeStart => lang.pick("Ennen hankeaikaa", "Before project period"),
        Status::AfterEnd => lang.pick("Hankeajan jälkeen", "After project period"),
        Status::AfterAsOf => lang.pick("Tarkastelupäivän jälkeen", "After as-of date"),
        Status::Duplicate(_) => lang.pick("Kaksoiskappale", "Duplicate"),
    }
}

fn note_text(report: &Report, t: &Transaction) -> Option<String> {
    let status = status_note(report, t);
    let vat = report.rec.vat_removed(t.row.source).map(|vat| {
        let lang = report.lang;
        let fi = lang == crate::model::Lang::Fi;
        format!(
            "{} {} {} {}; {} {}.",
            lang.pick("Kirjanpidossa", "Booked"),
            crate::money::format_eur(t.row.amount + vat, fi),
            lang.pick("sisältäen arvonlisäveron", "including VAT of"),
            crate::money::format_eur(vat, fi),
            lang.pick(
                "vero on palautuskelpoinen eikä tukikelpoinen, joten summa on ilman sitä:",
                "the VAT is recoverable and not eligible, so the amount is without it:"
            ),
            crate::money::format_eur(t.row.amount, fi)
        )
    });
    match (status, vat) {
        (Some(s), Some(v)) => Some(format!("{s} {v}")),
        (s, v) => s.or(v),
    }
}

/// Why a row is not counted, if it is not.
fn status_note(report: &Report, t: &Transaction) -> Option<String> {
    let lang = report.lang;
    let text = match t.status {
        Status::Eligible(_) => return None,
        Status::Covered(c) => format!(
            "{} {}. {}",
            lang.pick(
                "Kustannuslajin kulut sisältyvät prosenttimääräiseen korvaukseen:",
                "The category's costs are covered by the flat rate:"
            ),
            report
                .project
                .flat_rate_covering(c)
                .map_or("", |flat| report.project.categories[flat].name(lang)),
            lang.pick(
                "Kulu näkyy toteumassa, mutta sitä ei lasketa tukikelpoisiin kustannuksiin eikä haeta (se olisi kaksinkertaista rahoitusta).",
                "The cost shows in the realised costs but is not eligible and is never claimed (that would be double financing)."
            )
        ),
        Status::NotEligible(_) => lang
            .pick(
                "Rahoituspäätös ei hyväksy tämän kustannuslajin kuluja (velho.toml: eligible = false): kulu näkyy toteumassa, mutta ei tukikelpoisissa kustannuksissa.",
                "The funding decision excludes this category's costs (velho.toml: eligible = false): the cost shows in the realised costs, not in the eligible ones.",
            )
            .to_string(),
        Status::StaffModel(_) => lang
            .pick(
                "Henkilöstökulut lasketaan henkilöstökulumallin mukaan palkkakirjanpidosta (Henkilöstökulut-välilehti): kirjaus näkyy, mutta sitä ei lasketa toiseen kertaan.",
                "The staff costs are counted by the staff-cost model from the payroll (the Staff costs sheet): the posting shows but is not counted a second time.",
            )
            .to_string(),
        Status::Unmapped => lang.pick(
            "Tili ei kuulu mihinkään kustannuslajiin, joten summa ei ole toteumassa. Lisää tili kustannuslajille velho.toml-tiedostossa tai korjaa kirjaus.",
            "The account feeds no cost category, so the amount is not counted. Add the account to a category in velho.toml, or correct the posting.",
        )
        .to_string(),
        Status::Revenue => lang.pick(
            "Hankkeen tulo: vähennetään kustannuksista ennen tukiprosenttia.",
            "A project revenue: deducted from the costs before the funding rate.",
        )
        .to_string(),
        Status::BeforeStart | Status::AfterEnd => lang.pick(
            "Kirjauspäivä on hankeajan ulkopuolella, joten summa ei ole toteumassa. Tarkista, kuuluuko kulu hankkeelle.",
            "The posting date is outside the project period, so the amount is not counted. Check whether the cost belongs to the project.",
        )
        .to_string(),
        Status::AfterAsOf => lang.pick(
            "Kirjauspäivä on tarkastelupäivän jälkeen; rivi lasketaan mukaan myöhemmässä täsmäytyksessä.",
            "The posting date is after the as-of date; the row counts in a later reconciliation.",
        )
        .to_string(),
        Status::Duplicate(original) => format!(
            "{} {}. {}",
            lang.pick("Sama rivi on jo luettu:", "The same row was already read from"),
            describe_source(report, original),
            lang.pick("Laskettu vain kerran.", "Counted once.")
        ),
    };
    Some(text)
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
        let (fi, en) = match self {
            Column::File => ("Tiedosto", "File"),
            Column::Sheet => ("Välilehti", "Sheet"),
            Column::Row => ("Rivi", "Row"),
            Column::Date => ("Päivämäärä", "Date"),
            Column::Voucher => ("Tosite", "Voucher"),
            Column::Account => ("Tili", "Account"),
            Column::AccountName => ("Tilin nimi", "Account name"),
            Column::CostCentre => ("Kustannuspaikka", "Cost centre"),
            Column::Project => ("Projekti", "Project"),
            Column::Description => ("Selite", "Description"),
            Column::Supplier => ("Toimittaja", "Supplier"),
            Column::Amount => ("Summa", "Amount"),
            Column::Category => ("Kustannuslaji", "Cost category"),
            Column::Status => ("Tila", "Status"),
            Column::Deducted => ("Rahoittajan vähennys", "Deducted by the funder"),
            Column::Note => ("Huomautus", "Note"),
        };
        lang.pick(fi, en)
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
    for (i, t) in transactions.iter().enumerate() {
        write_row(sheet, i as u32 + 1, report, styles, t, notes)?;
        if i % 8192 == 8191 {
            progress(i as u64 + 1);
        }
    }
    progress(transactions.len() as u64);
    if report.rec.transactions.is_empty() {
        // An empty sheet says so (the project's filter matched no rows).
        let none = lang.pick(
            "Ei hankkeen rivejä: rajaus ei osunut yhteenkään kirjanpidon riviin.",
            "No project rows: the filter matched no ledger row.",
        );
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
    let texts: [(Column, &str); 7] = [
        (Column::Voucher, &r.voucher),
        (Column::Account, &r.account),
        (Column::AccountName, &r.account_name),
        (Column::CostCentre, &r.cost_centre),
        (Column::Project, &r.project),
        (Column::Description, &description),
        (Column::Supplier, &supplier),
    ];
    for (column, text) in texts {
        let col = column.index();
        if text.is_empty() {
            continue;
        }
        // A format costs a hash per cell: only text a spreadsheet would take
        // for a formula gets one (the quote prefix).
        match super::starts_like_formula(text) {
            true => {
                sheet.write_string_with_format(row, col, cell_text(text), &styles.quoted_text)?
            }
            false => sheet.write_string(row, col, cell_text(text))?,
        };
    }
    sheet.write_number_with_format(
        row,
        Column::Amount.index(),
        to_cell_number(r.amount),
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
        status_label(t.status, report.lang),
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
        let text = format!(
            "{} {} ({}): {}",
            report.lang.pick(
                "Rahoittaja vähensi päätöksellä",
                "Deducted by the funder's decision"
            ),
            decision.number,
            decision.path,
            item.reason
        );
        sheet.insert_note(
            row,
            Column::Deducted.index(),
            &Note::new(text).set_author("velho").add_author_prefix(false),
        )?;
    }
    if let Some(text) = note_text(report, t) {
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
}
