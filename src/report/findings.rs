//! The Findings sheet: each finding with its severity, code, message, amount
//! and the rows concerned, linked to their place on Transactions.

use rust_xlsxwriter::{Format, Note, Url, Worksheet, XlsxError};

use super::transactions::cell_text;
use super::{Report, RowIndex, Styles, describe_source};
use crate::checks::Severity;
use crate::money::to_cell_number;

/// How many row references a finding lists in its cell before "and N more".
const ROWS_LISTED: usize = 50;

/// The widths of the message and rows columns (characters).
const MESSAGE_WIDTH: u16 = 90;
const ROWS_WIDTH: u16 = 40;

/// Writes the Findings sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    row_index: &RowIndex,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let headers = [
        ("#", 5),
        (lang.pick("Vakavuus", "Severity"), 11),
        (lang.pick("Koodi", "Code"), 20),
        (lang.pick("Havainto", "Finding"), MESSAGE_WIDTH),
        (lang.pick("Summa", "Amount"), 14),
        (lang.pick("Rivit", "Rows"), ROWS_WIDTH),
        (lang.pick("Ensimmäinen rivi", "First row"), 18),
    ];
    super::write_header_with_widths(sheet, 0, &headers, styles)?;
    let error = Format::new().set_bold().set_font_color(0xC00000);
    let warning = Format::new().set_bold().set_font_color(0xC65911);
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        let severity_format = match f.severity {
            Severity::Error => &error,
            Severity::Warning => &warning,
            Severity::Info => &styles.text,
        };
        sheet.write_string_with_format(row, 1, f.severity.label(lang), severity_format)?;
        sheet.write_string(row, 2, f.code)?;
        sheet.write_string_with_format(row, 3, cell_text(f.message(lang)), &styles.wrap)?;
        if let Some(amount) = f.amount {
            sheet.write_number_with_format(row, 4, to_cell_number(amount), &styles.money)?;
            let note = Note::new(cell_text(f.message(lang)))
                .set_author("velho")
                .add_author_prefix(false)
                .set_width(400)
                .set_height(120);
            sheet.insert_note(row, 4, &note)?;
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
            sheet.write_string_with_format(row, 5, cell_text(&rows_text), &styles.wrap)?;
        }
        let message = f.message(lang);
        if let Some(height) =
            super::wrapped_row_height(&[(message, MESSAGE_WIDTH), (&rows_text, ROWS_WIDTH)])
        {
            sheet.set_row_height(row, height)?;
        }
        if let Some(target) = f.rows.iter().find_map(|s| row_index.locate(*s)) {
            let link = Url::new(format!("internal:'{}'!A{}", target.0, target.1 + 1))
                .set_text(format!("{}:{}", target.0, target.1 + 1));
            sheet.write_url_with_format(row, 6, link, &styles.link)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        report.findings.len().max(1) as u32,
        headers.len() as u16 - 1,
    )?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}
