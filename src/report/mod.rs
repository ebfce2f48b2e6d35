//! The reconciliation workbook: the only place that touches rust_xlsxwriter.
//!
//! [`render`] lays the reconciliation out as sheets in the chosen language;
//! [`output::save`] writes the bytes through a temporary file and a rename.

mod by_month;
pub mod claim;
pub mod decision_template;
pub mod early;
mod findings;

mod formula;
pub mod output;
mod payments;
pub mod portfolio;
pub(crate) mod sources;
mod staff;
mod summary;
mod table;
mod transactions;

pub use transactions::EXCEL_ROWS;

use std::collections::HashMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::checks::Finding;
use crate::config::Project;
use crate::model::{Lang, SourceRef};
use crate::reconcile::Reconciliation;

/// Everything a workbook shows.
pub struct Report<'a> {
    /// The project.
    pub project: &'a Project,
    /// The reconciliation.
    pub rec: &'a Reconciliation,
    /// The findings.
    pub findings: &'a [Finding],
    /// The language of labels.
    pub lang: Lang,
    /// How many rows a Transactions sheet holds before the rows continue on
    /// the next one (Excel's limit unless a test sets a smaller one).
    pub rows_per_sheet: u32,
}

/// The sheet names in a language.
pub struct SheetNames {
    /// Summary.
    pub summary: &'static str,
    /// By month.
    pub by_month: &'static str,
    /// Payments.
    pub payments: &'static str,
    /// Transactions.
    pub transactions: &'static str,
    /// Findings.
    pub findings: &'static str,
    /// Sources.
    pub sources: &'static str,
}

impl SheetNames {
    /// The names in a language.
    pub fn of(lang: Lang) -> SheetNames {
        SheetNames {
            summary: lang.text("workbook.sheet.summary"),
            by_month: lang.text("workbook.sheet.by_month"),
            payments: lang.text("workbook.sheet.payments"),
            transactions: lang.text("workbook.sheet.transactions"),
            findings: lang.text("workbook.sheet.findings"),
            sources: lang.text("workbook.sheet.sources"),
        }
    }
}

/// The cell formats every sheet uses.
pub(crate) struct Styles {
    pub title: Format,
    pub bold: Format,
    pub header: Format,
    pub money: Format,
    pub money_bold: Format,
    pub percent: Format,
    pub date: Format,
    pub text: Format,
    pub quoted_text: Format,
    pub wrap: Format,
    pub link: Format,
    /// The marker after a text cut at Excel's limit (`{characters}`: the
    /// text's length in the source), in the workbook's language.
    pub cut: &'static str,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        let money = r#"#,##0.00\ "€";[Red]\-#,##0.00\ "€""#;
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color(0xDDEBF7)
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            money: Format::new().set_num_format(money),
            money_bold: Format::new().set_num_format(money).set_bold(),
            percent: Format::new().set_num_format("0.0 %"),
            date: Format::new()
                .set_num_format("d.m.yyyy")
                .set_align(FormatAlign::Left),
            text: Format::new(),
            quoted_text: Format::new().set_quote_prefix(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            link: Format::new()
                .set_font_color(0x0563C1)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            cut: lang.text("workbook.cut"),
        }
    }
}

/// True for text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR):
/// a sheet writes it with a quote prefix, the extract CSV with a `'`
/// (OWASP's CSV injection rule), so it stays text.
pub(crate) fn starts_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// A date as a spreadsheet date (years 1900–9999; others are refused by the writer).
pub(crate) fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// Where the rows that findings and deductions refer to stand on the
/// Transactions sheets, for links.
pub(crate) struct RowIndex {
    sheets: Vec<String>,
    per_sheet: usize,
    positions: HashMap<SourceRef, usize>,
}

impl RowIndex {
    /// Indexes only the rows a link can point to: a finding's listed rows
    /// (the link goes to the first of them on Transactions) and a deducted
    /// item's first row. A finding can concern a third of a million-row
    /// ledger (an unmapped account): indexing all its rows took 20 MiB.
    fn new(report: &Report, sheets: Vec<String>, per_sheet: u32) -> RowIndex {
        let finding_rows = report
            .findings
            .iter()
            .flat_map(|f| f.rows.iter().take(findings::ROWS_LISTED).copied());
        let deducted = report
            .rec
            .payments
            .deductions
            .iter()
            .filter_map(|m| m.rows.first().map(|(r, _)| *r));
        let wanted: std::collections::HashSet<SourceRef> = finding_rows.chain(deducted).collect();
        let positions = report
            .rec
            .transactions
            .iter()
            .enumerate()
            .filter(|(_, t)| wanted.contains(&t.row.source))
            .map(|(i, t)| (t.row.source, i))
            .collect();
        RowIndex {
            sheets,
            per_sheet: per_sheet as usize,
            positions,
        }
    }

    /// The sheet and 0-based row of a ledger row.
    pub fn locate(&self, row: SourceRef) -> Option<(&str, u32)> {
        let i = *self.positions.get(&row)?;
        Some((
            &self.sheets[i / self.per_sheet],
            (i % self.per_sheet) as u32 + 1,
        ))
    }
}

/// What a reconciliation produced.
pub struct Outcome {
    /// The project.
    pub project: crate::config::Project,
    /// The reconciliation.
    pub reconciliation: crate::reconcile::Reconciliation,
    /// Its findings.
    pub findings: Vec<crate::checks::Finding>,
}

/// The zip (deflate) level of the reconciliation workbook. Saving is
/// deflating the Transactions sheet: at 1 000 000 rows (benches/scale,
/// organisation shape) level 3 took 1.71 s for 80.2 MB, level 2 1.25 s for
/// 86.4 MB (+8 %), level 1 0.92 s for 113 MB (+41 %); the default (6)
/// about 1.5× level 3's time. Level 2 buys a quarter of the save for a file
/// a twelfth bigger. The bench's writer floor writes at the same level.
pub const ZIP_LEVEL: u8 = 2;

/// Builds the workbook in memory.
pub fn render(report: &Report) -> Result<Workbook, XlsxError> {
    render_with_progress(report, &|_| {})
}

/// [`render`], telling `progress` how many Transactions rows are written,
/// every few thousand rows.
pub fn render_with_progress(
    report: &Report,
    progress: &dyn Fn(u64),
) -> Result<Workbook, XlsxError> {
    render_early(report, None, progress).map(|(workbook, _)| workbook)
}

/// A workbook as every report starts.
pub(crate) fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook
}

/// [`render_with_progress`], with the Transactions sheet written while the
/// ledger was read ([`early`]) when it holds exactly the rows of `report`;
/// true when it did (and was used).
pub fn render_early(
    report: &Report,
    early: Option<early::EarlyTransactions>,
    progress: &dyn Fn(u64),
) -> Result<(Workbook, bool), XlsxError> {
    let per_sheet = report.rows_per_sheet.clamp(1, transactions::EXCEL_ROWS);
    let (mut workbook, mut early_sheet) = match early {
        Some(early) => early.verified(report, per_sheet),
        None => (new_workbook(), None),
    };
    let used_early = early_sheet.is_some();
    let as_of = excel_date(report.rec.as_of)?;
    // No wall-clock time: the file's creation time is the as-of date, so the
    // same inputs give the same bytes.
    workbook.set_properties(
        &DocProperties::new()
            .set_title(
                report
                    .lang
                    .fill("workbook.title", &[("project", &report.project.name)]),
            )
            .set_author("velho")
            .set_custom_property(crate::import::own::MARK, "reconciliation")
            .set_creation_datetime(&as_of),
    );
    let styles = Styles::new(report.lang);
    let names = SheetNames::of(report.lang);
    let sheets = transactions::sheet_names(report.lang, report.rec.transactions.len(), per_sheet);
    let row_index = RowIndex::new(report, sheets.clone(), per_sheet);
    let ledger = formula::Ledger::new(sheets.clone());
    summary::write(
        workbook.add_worksheet().set_name(names.summary)?,
        report,
        &styles,
        &ledger,
        &sheets,
    )?;
    by_month::write(
        workbook.add_worksheet().set_name(names.by_month)?,
        report,
        &styles,
        &ledger,
    )?;
    if !report.project.periods.is_empty() {
        payments::write(
            workbook.add_worksheet().set_name(names.payments)?,
            report,
            &styles,
            &ledger,
            &row_index,
        )?;
    }
    if let Some(costs) = &report.rec.staff {
        staff::write(
            workbook
                .add_worksheet()
                .set_name(staff::sheet_name(report.lang))?,
            report,
            costs,
            &styles,
        )?;
    }
    let mut chunks = report.rec.transactions.chunks(per_sheet as usize);
    let mut written = 0u64;
    for name in &sheets {
        let rows = chunks.next().unwrap_or(&[]);
        if let Some(mut sheet) = early_sheet.take() {
            sheet.set_name(name)?;
            workbook.push_worksheet(sheet);
            written += rows.len() as u64;
            progress(written);
            continue;
        }
        let sheet = workbook
            .add_worksheet_with_constant_memory()?
            .set_name(name)?;
        transactions::write(sheet, report, &styles, rows, &|i| progress(written + i))?;
        written += rows.len() as u64;
    }
    findings::write(
        workbook.add_worksheet().set_name(names.findings)?,
        report,
        &styles,
        &row_index,
    )?;
    sources::write(
        workbook.add_worksheet().set_name(names.sources)?,
        report,
        &styles,
    )?;
    let title = report
        .lang
        .fill("workbook.title", &[("project", &report.project.name)]);
    print_setup(&mut workbook, &title, report.lang);
    Ok((workbook, used_early))
}

/// Print setup every sheet of every workbook velho writes shares (issue
/// 15): A4 paper, a header with `title` (the project and the document) on
/// the left and the sheet's name on the right, and a footer with the page
/// number and count. Each writer sets its own orientation, fitting and
/// repeated header rows.
pub(crate) fn print_setup(workbook: &mut Workbook, title: &str, lang: Lang) {
    // In a header `&` starts a code: a literal one is doubled. A header holds
    // at most 255 characters.
    let title: String = title.replace('&', "&&").chars().take(120).collect();
    for sheet in workbook.worksheets_mut() {
        // Half-inch sides: the wide sheets print at a readable size.
        sheet
            .set_paper_size(PAPER_A4)
            .set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3)
            .set_header(format!("&L{title}&R&A"))
            .set_footer(format!("&C{} &P / &N", lang.text("workbook.page")));
    }
}

/// The height (points) a row needs to show wrapped texts in columns of the
/// given widths (characters), or `None` when one line suffices. Neither
/// Excel nor LibreOffice grows a row for wrapped text written by a program
/// (issue 15: lines printed over each other), so velho sets it: 15 points a
/// line, Excel's default row at 11 pt, a line taken as one character less
/// than the column is wide (text averages narrower than the digit the
/// width counts, so this errs on the roomy side).
pub(crate) fn wrapped_row_height(cells: &[(&str, u16)]) -> Option<f64> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = usize::from(*width).saturating_sub(1).max(1);
            text.split('\n')
                .map(|part| part.chars().count().div_ceil(per_line).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    (lines > 1).then_some(15.0 * lines as f64)
}

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

/// A source reference as the user reads it: `ledger/a.csv:12`.
pub(crate) fn describe_source(report: &Report, source: SourceRef) -> String {
    let file = &report.rec.files[source.file as usize];
    match &file.sheet {
        Some(sheet) => format!("{} [{sheet}]:{}", file.path, source.row),
        None => format!("{}:{}", file.path, source.row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_heights_count_the_lines_of_the_longest_cell() {
        assert_eq!(wrapped_row_height(&[("short", 90)]), None);
        // 100 characters in a column of 11: 10 a line, 10 lines.
        assert_eq!(wrapped_row_height(&[(&"x".repeat(100), 11)]), Some(150.0));
        // Line breaks count, and the taller cell decides.
        assert_eq!(wrapped_row_height(&[("a\nb\nc", 90), ("d", 5)]), Some(45.0));
    }
}
