//! `velho template decision`: a payment-decision workbook in the layout
//! velho reads (see README, *Payment decisions velho reads*), with the
//! project's own category names and the period's dates filled in, for the
//! user to type in the funder's figures from the decision letter (a PDF).
//!
//! Every value the letter gives is left blank, so an unfilled template is
//! never taken for a decision: velho refuses it (no *Paid now*), which is
//! why the command never writes it into the decisions folder. No hint is
//! written right of a label: the reader takes the first non-empty cell
//! there as the value, so the guidance is in the instruction rows above
//! and in cell notes.

use rust_xlsxwriter::{DocProperties, Format, Note, Workbook, Worksheet, XlsxError};

use super::excel_date;
use crate::config::Project;
use crate::dates::finnish;
use crate::model::{Eligibility, Lang, Period};

/// How many empty rows the deducted-items table offers.
const ITEM_ROWS: u32 = 10;

/// The row of the category table's header.
const TABLE_ROW: u32 = 15;

/// Formats of the template.
struct Styles {
    bold: Format,
    money: Format,
    bold_money: Format,
    date: Format,
    text: Format,
    input: Format,
}

impl Styles {
    fn new() -> Styles {
        let yellow = rust_xlsxwriter::Color::RGB(0x00FF_F2CC);
        Styles {
            bold: Format::new().set_bold(),
            money: Format::new()
                .set_num_format("#,##0.00")
                .set_background_color(yellow),
            bold_money: Format::new().set_num_format("#,##0.00").set_bold(),
            date: Format::new()
                .set_num_format("d.m.yyyy")
                .set_background_color(yellow),
            text: Format::new()
                .set_num_format("@")
                .set_background_color(yellow),
            input: Format::new().set_background_color(yellow),
        }
    }
}

/// The file name the template gets: `<code>-maksatuspaatos-<period>.xlsx`.
pub fn default_name(code: &str, period: &str, lang: Lang) -> String {
    format!(
        "{code}-{}-{period}.xlsx",
        lang.text("decision_template.file_name")
    )
}

/// The payment-decision template of one period.
pub fn render(project: &Project, period: &Period, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // No wall-clock time: the same project gives the same bytes.
    workbook.set_properties(
        &DocProperties::new()
            .set_title(lang.fill(
                "decision_template.title",
                &[("project", &project.name), ("period", &period.name)],
            ))
            .set_author("velho")
            .set_creation_datetime(&excel_date(period.end)?),
    );
    let styles = Styles::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.text("decision_template.sheet_name"))?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 18)?;
    sheet.set_column_range_width(2, 3, 14)?;
    sheet.set_column_width(4, 44)?;
    heading(sheet, project, period, lang, &styles)?;
    let after = category_table(sheet, project, lang, &styles)?;
    items_table(sheet, after + 2, lang, &styles)?;
    Ok(workbook)
}

/// The title, the instructions and the key–value cells.
fn heading(
    sheet: &mut Worksheet,
    project: &Project,
    period: &Period,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(
        0,
        0,
        lang.text("decision_template.sheet_name"),
        &styles.bold,
    )?;
    let lines = [
        lang.text("decision_template.template_type_figures_funders"),
        lang.text("decision_template.leave_blank_what_decision"),
        lang.text("decision_template.once_filled_move_into"),
    ];
    for (row, line) in (1u32..).zip(lines) {
        sheet.write_string(row, 0, line)?;
    }
    sheet.write_string(5, 0, lang.text("decision_template.project"))?;
    sheet.write_string(5, 1, format!("{} ({})", project.name, project.code))?;
    if !project.organisation.is_empty() {
        sheet.write_string(6, 0, lang.text("decision_template.beneficiary"))?;
        sheet.write_string(6, 1, &project.organisation)?;
    }
    sheet.write_string(7, 0, lang.text("decision_template.payment_period"))?;
    sheet.write_string(
        7,
        1,
        format!("{}–{}", finnish(period.start), finnish(period.end)),
    )?;
    let fields = [
        (
            8,
            lang.text("decision_template.decision_number"),
            &styles.text,
        ),
        (
            9,
            lang.text("decision_template.decision_date"),
            &styles.date,
        ),
        (
            10,
            lang.text("decision_template.funding_rate"),
            &styles.input,
        ),
        (11, lang.text("decision_template.paid_now"), &styles.money),
        (
            12,
            lang.text("decision_template.paid_earlier"),
            &styles.money,
        ),
        (13, lang.text("decision_template.paid_total"), &styles.money),
    ];
    for (row, label, format) in fields {
        sheet.write_string(row, 0, label)?;
        sheet.write_blank(row, 1, format)?;
    }
    let note = lang.text("decision_template.required_amount_decision_pays");
    sheet.insert_note(11, 1, &Note::new(note).set_author("velho"))?;
    Ok(())
}

/// The category table: one row per category of the project (those a flat
/// rate covers left out), then the total row; returns the total row's index.
fn category_table(
    sheet: &mut Worksheet,
    project: &Project,
    lang: Lang,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let header = [
        lang.text("decision_template.cost_category"),
        lang.text("decision_template.applied"),
        lang.text("decision_template.approved"),
        lang.text("decision_template.deducted"),
        lang.text("decision_template.reason"),
    ];
    sheet.write_row_with_format(TABLE_ROW, 0, header, &styles.bold)?;
    let mut row = TABLE_ROW + 1;
    // A category a flat rate covers is never in the funder's letter: the
    // flat rate pays for it (a decision without it reads the same).
    let mut names: Vec<&str> = (0..project.categories.len())
        .filter(|&i| !matches!(project.eligibility(i), Eligibility::Covered(_)))
        .map(|i| project.categories[i].name(lang))
        .collect();
    let lines = names.len() as u32;
    if !project.claims.revenue_accounts.is_empty() {
        names.push(lang.text("decision_template.revenues"));
    }
    for name in names {
        sheet.write_string(row, 0, name)?;
        for col in 1..=3 {
            sheet.write_blank(row, col, &styles.money)?;
        }
        sheet.write_blank(row, 4, &styles.input)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, lang.text("decision_template.total"), &styles.bold)?;
    for (col, letter) in [(1, 'B'), (2, 'C'), (3, 'D')] {
        let formula = format!(
            "=SUM({letter}{}:{letter}{})",
            TABLE_ROW + 2,
            TABLE_ROW + 1 + lines
        );
        sheet.write_formula_with_format(row, col, formula.as_str(), &styles.bold_money)?;
    }
    Ok(row)
}

/// The deducted items' table, empty rows to fill.
fn items_table(
    sheet: &mut Worksheet,
    first: u32,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let title = lang.text("decision_template.deducted_items_if_decision");
    sheet.write_string_with_format(first, 0, title, &styles.bold)?;
    let header = [
        lang.text("decision_template.voucher"),
        lang.text("decision_template.date"),
        lang.text("decision_template.amount"),
        lang.text("decision_template.reason"),
    ];
    sheet.write_row_with_format(first + 1, 0, header, &styles.bold)?;
    for row in first + 2..first + 2 + ITEM_ROWS {
        sheet.write_blank(row, 0, &styles.text)?;
        sheet.write_blank(row, 1, &styles.date)?;
        sheet.write_blank(row, 2, &styles.money)?;
        sheet.write_blank(row, 3, &styles.input)?;
    }
    Ok(())
}
