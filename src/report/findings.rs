//! The Findings sheet: each finding with its severity, code, message, amount
//! and the rows concerned, linked to their place on Transactions.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{self, Page, Role, Table};
use super::transactions::cell_text;
use super::{Report, RowIndex, Styles, describe_source};
use crate::checks::{Finding, Severity, codes};

/// How many row references a finding lists in its cell before "and N more".
pub(super) const ROWS_LISTED: usize = 50;

/// The widths of the message and rows columns (characters).
const MESSAGE_WIDTH: u16 = 70;
const ROWS_WIDTH: u16 = 34;
const LABEL_WIDTH: u16 = 24;

/// Writes the Findings sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    row_index: &RowIndex,
) -> Result<(), XlsxError> {
    table::render(sheet, &build(report, row_index), styles)
}

/// The Findings sheet as a table: one row per finding.
fn build(report: &Report, row_index: &RowIndex) -> Table {
    let lang = report.lang;
    // The label says what the finding is about in the sheet's language;
    // the code, for filtering, stands last.
    let headers = [
        ("#", 5),
        (lang.text("findings.severity"), 11),
        (lang.text("findings.topic"), LABEL_WIDTH),
        (lang.text("findings.finding"), MESSAGE_WIDTH),
        (lang.text("findings.amount"), 14),
        (lang.text("findings.rows"), ROWS_WIDTH),
        (lang.text("findings.first_row"), 16),
        (lang.text("findings.code"), 28),
    ];
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    for (i, f) in report.findings.iter().enumerate() {
        finding_row(&mut t, i as u32 + 1, f, report, row_index);
    }
    if report.findings.is_empty() {
        // An empty sheet says so, and prints as one page.
        let none = lang.text("findings.no_findings");
        t.text(1, 3, none, Role::Plain);
    }
    t.freeze = Some((1, 0));
    t.align_top = true;
    let last_row = report.findings.len().max(1) as u32;
    t.autofilter = Some((0, 0, last_row, headers.len() as u16 - 1));
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        repeat_rows: Some((0, 0)),
        repeat_columns: None,
    };
    t
}

/// A finding's row: its number, severity, code, message, amount (with the
/// message as a note), the rows concerned and a link to the first of them.
fn finding_row(t: &mut Table, row: u32, f: &Finding, report: &Report, row_index: &RowIndex) {
    let lang = report.lang;
    t.number(row, 0, f64::from(row), Role::Plain);
    let severity = match f.severity {
        Severity::Error => Role::Error,
        Severity::Warning => Role::Warning,
        Severity::Info => Role::Plain,
    };
    t.text(row, 1, f.severity.label(lang), severity);
    let label = codes::label(f.code, lang);
    t.text(row, 2, label, Role::Wrap);
    t.text(row, 7, f.code, Role::Plain);
    let message = f.message(lang);
    t.text(row, 3, message, Role::Wrap);
    if let Some(amount) = f.amount {
        t.money(row, 4, amount, Role::Money);
        t.note(
            row,
            4,
            cell_text(message, lang.text("workbook.cut")),
            Some((400, 120)),
        );
    }
    let mut rows_text = String::new();
    if !f.rows.is_empty() {
        let mut listed: Vec<String> = f
            .rows
            .iter()
            .take(ROWS_LISTED)
            .map(|s| describe_source(report, *s))
            .collect();
        if f.rows.len() > ROWS_LISTED {
            listed.push(format!("… (+{})", f.rows.len() - ROWS_LISTED));
        }
        rows_text = listed.join(", ");
        t.text(row, 5, rows_text.as_str(), Role::Wrap);
    }
    if let Some(height) = super::wrapped_row_height(&[
        (label, LABEL_WIDTH),
        (message, MESSAGE_WIDTH),
        (&rows_text, ROWS_WIDTH),
    ]) {
        t.heights.push((row, height));
    }
    if let Some(target) = f
        .rows
        .iter()
        .take(ROWS_LISTED)
        .find_map(|s| row_index.locate(*s))
    {
        t.put(row, 6, table::link_to(target), Role::Link);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::reconciled;
    use crate::model::Lang;
    use crate::report::table::Value;

    #[test]
    fn a_finding_row_names_its_amount_its_rows_and_links_to_the_first() {
        let (project, rec) = reconciled();
        let findings = crate::checks::run(&project, &rec);
        let report = Report {
            project: &project,
            rec: &rec,
            findings: &findings,
            lang: Lang::En,
            rows_per_sheet: 1000,
        };
        let index = RowIndex::new(&report, vec!["Transactions".into()], 1000);
        let t = build(&report, &index);
        assert_eq!(t.text_at(0, 3), "Finding");
        // Account 9999 maps to no category: 5,00 on the ledger's row 7.
        let row = (1..=findings.len() as u32)
            .find(|&r| t.text_at(r, 7) == "UNMAPPED_ACCOUNT")
            .expect("an unmapped-account finding");
        assert_eq!(t.text_at(row, 2), "Unmapped account");
        assert_eq!(t.text_at(row, 1), "Warning");
        assert_eq!(
            t.at(row, 4),
            Some(&Value::Money(rust_decimal::Decimal::new(500, 2)))
        );
        assert!(t.text_at(row, 3).contains("9999"), "{}", t.text_at(row, 3));
        assert!(t.text_at(row, 5).contains("a.csv"), "{}", t.text_at(row, 5));
        assert!(t.text_at(row, 6).starts_with("Transactions:"));
        // One row per finding under the header, all under the autofilter.
        assert_eq!(t.autofilter, Some((0, 0, findings.len() as u32, 7)));
    }

    #[test]
    fn an_empty_findings_sheet_says_so() {
        let (project, rec) = reconciled();
        let report = Report {
            project: &project,
            rec: &rec,
            findings: &[],
            lang: Lang::Fi,
            rows_per_sheet: 1000,
        };
        let index = RowIndex::new(&report, vec!["Tapahtumat".into()], 1000);
        let t = build(&report, &index);
        assert_eq!(t.text_at(1, 3), "Ei havaintoja.");
        assert_eq!(t.autofilter, Some((0, 0, 1, 7)));
    }
}
