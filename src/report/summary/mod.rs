//! The Summary sheet: the project, plan against realised per category, the
//! funding split, where the project's rows went, and the findings by
//! severity. Every total is a live formula over Transactions with its
//! computed value stored, and carries a note saying how it is computed.

mod funding;
mod rows;

use funding::*;
use rows::*;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatCell, ConditionalFormatCellRule, Format, Note, Worksheet,
    XlsxError,
};

use super::formula::{self, Ledger, column, exactly};
use super::transactions::status_label;
use super::{Report, SheetNames, Styles};
use crate::checks::Severity;
use crate::config::Eligibility;
use crate::dates::finnish;
use crate::model::Lang;
use crate::money::to_cell_number;
use crate::reconcile::{CategoryLine, RowAccount, Status, Tally};

/// Where the figures stand, for formulas that refer to them (0-based rows).
struct Layout {
    rate_row: u32,
    max_grant_row: Option<u32>,
    first_category_row: u32,
    total_row: u32,
}

/// Writes the Summary sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    transaction_sheets: &[String],
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let p = report.project;
    sheet.set_column_width(0, 52)?;
    sheet.set_column_range_width(1, 6, 16)?;
    let title = format!(
        "{} – {}",
        p.name,
        lang.pick("hankkeen täsmäytys", "project reconciliation")
    );
    sheet.write_string_with_format(0, 0, title, &styles.title)?;
    let (row, rate_row, max_grant_row) = facts(sheet, report, styles, 2)?;
    let first_category_row = row + 2;
    let total_row = first_category_row + report.rec.categories.len() as u32;
    let layout = Layout {
        rate_row,
        max_grant_row,
        first_category_row,
        total_row,
    };
    categories(sheet, report, styles, ledger, &layout)?;
    let row = funding(sheet, report, styles, ledger, &layout, total_row + 2)?;
    let row = payments(sheet, report, styles, row + 1)?;
    let row = stated(sheet, report, styles, row + 1)?;
    let row = rows(sheet, report, styles, ledger, row + 1)?;
    let mut row = findings(sheet, report, styles, row + 1)?;
    if transaction_sheets.len() > 1 {
        let text = format!(
            "{} {} {}: {}.",
            lang.pick("Hankkeen rivejä on", "The project has"),
            report.rec.transactions.len(),
            lang.pick(
                "ja ne jatkuvat välilehdeltä toiselle (Excelin rivimäärän raja)",
                "rows, continued from sheet to sheet (Excel's row limit)"
            ),
            transaction_sheets.join(", ")
        );
        sheet.write_string_with_format(row + 1, 0, text, &styles.bold)?;
        row += 2;
    }
    chart(sheet, report, &layout, row + 1)?;
    sheet.set_portrait().set_print_fit_to_pages(1, 1);
    Ok(())
}

fn note(text: &str) -> Note {
    Note::new(text)
        .set_author("velho")
        .add_author_prefix(false)
        .set_width(360)
        .set_height(110)
}

fn label(sheet: &mut Worksheet, row: u32, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, text, &styles.bold)?;
    Ok(())
}

/// The project's facts; returns the next row and where the rate and the maximum grant stand.
fn facts(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<(u32, u32, Option<u32>), XlsxError> {
    let lang = report.lang;
    let p = report.project;
    let texts: [(&str, String); 6] = [
        (
            lang.pick("Hanke", "Project"),
            format!("{} ({})", p.name, p.code),
        ),
        (
            lang.pick("Organisaatio", "Organisation"),
            p.organisation.clone(),
        ),
        (
            lang.pick("Hankeaika", "Project period"),
            format!("{}–{}", finnish(p.start), finnish(p.end)),
        ),
        (lang.pick("Rahoittaja", "Funder"), p.funding.funder.clone()),
        (
            lang.pick("Hankkeen rivit", "Project rows"),
            p.filter.describe(lang),
        ),
        (
            lang.pick(
                "Tarkastelupäivä (kulut tähän asti)",
                "As-of date (costs up to)",
            ),
            finnish(report.rec.as_of),
        ),
    ];
    for (text, value) in texts {
        label(sheet, row, text, styles)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    label(
        sheet,
        row,
        lang.pick("Rahoitusosuus", "Funding rate"),
        styles,
    )?;
    let rate = p.funding.rate_percent / Decimal::ONE_HUNDRED;
    sheet.write_number_with_format(row, 1, to_cell_number(rate), &styles.percent)?;
    let rate_row = row;
    row += 1;
    let max_grant_row = match p.funding.max_grant {
        Some(max) => {
            label(
                sheet,
                row,
                lang.pick("Enimmäisavustus", "Maximum grant"),
                styles,
            )?;
            sheet.write_number_with_format(row, 1, to_cell_number(max), &styles.money)?;
            row += 1;
            Some(row - 1)
        }
        None => None,
    };
    Ok((row, rate_row, max_grant_row))
}

/// Plan against realised per category, the total of the eligible ones, and
/// the overrun highlighted.
fn categories(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let header_row = layout.first_category_row - 1;
    crate::report::write_header(sheet, header_row, &category_headers(report.lang), styles)?;
    for line in &report.rec.categories {
        category_row(sheet, report, styles, ledger, layout, line)?;
    }
    category_total(sheet, report, styles, layout)?;
    overrun_formats(sheet, layout)
}

/// The column names of the categories table.
fn category_headers(lang: Lang) -> [&'static str; 7] {
    [
        lang.pick("Kustannuslaji", "Cost category"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick("Toteuma", "Realised"),
        lang.pick("Poikkeama €", "Variance €"),
        lang.pick("Poikkeama %", "Variance %"),
        lang.pick("Käyttöaste", "Utilisation"),
        lang.pick("Rivejä", "Rows"),
    ]
}

/// The formula of category `index`'s realised costs, and how it is computed:
/// a flat rate as its percentage of its base categories' cells, rounded to
/// the cent; a booked category by SUMIFS over Transactions.
fn realised_formula(
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    index: usize,
) -> (String, String) {
    let lang = report.lang;
    let category = &report.project.categories[index];
    let name = category.name(lang);
    match &category.flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat
                .base
                .iter()
                .map(|b| format!("C{}", layout.first_category_row + *b as u32 + 1))
                .collect();
            let f = formula::flat_rate(&base, flat.percent, true);
            let how = lang.pick(
                "Laskennallinen: prosenttiosuus perustana olevien kustannuslajien toteumasta, pyöristetty senttiin (puolikkaat poispäin nollasta). Ei kirjanpidon rivejä.",
                "Computed: the percentage of the realised costs of its base categories, rounded to the cent (halves away from zero). No ledger rows.",
            );
            (f, how.to_string())
        }
        None => {
            let f = ledger.sum_if(&[(column::CATEGORY, exactly(name))]);
            let how = format!(
                "{} \"{name}\".",
                lang.pick(
                    "SUMIFS Tapahtumat-välilehdeltä: niiden rivien summa, joiden tila on Toteuma ja kustannuslaji",
                    "SUMIFS over Transactions: the amounts of the rows counted (status Counted) in the category"
                )
            );
            (f, how)
        }
    }
}

/// The note on a category's realised costs: how they are computed when the
/// category is eligible (`how`), else why they are not in the total.
fn realised_note(report: &Report, index: usize, how: String) -> String {
    let lang = report.lang;
    match report.project.eligibility(index) {
        Eligibility::Eligible => how,
        Eligibility::Covered(flat) => format!(
            "{} {}. {}",
            lang.pick(
                "Prosenttimääräinen korvaus kattaa nämä kulut:",
                "The flat rate covers these costs:"
            ),
            report.project.categories[flat].name(lang),
            lang.pick(
                "Ne eivät ole tukikelpoisia eivätkä kuulu yhteissummaan.",
                "They are not eligible and not in the total."
            )
        ),
        Eligibility::NotEligible => lang
            .pick(
                "Rahoituspäätös ei hyväksy näitä kuluja (eligible = false): ne eivät kuulu yhteissummaan.",
                "The funding decision excludes these costs (eligible = false): they are not in the total.",
            )
            .to_string(),
    }
}

/// One category's row: the plan, the realised costs with their note, the
/// variance (an eligible category's only: the others are shown, not in the
/// total, with no plan to run over) and the rows counted.
fn category_row(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    layout: &Layout,
    line: &CategoryLine,
) -> Result<(), XlsxError> {
    let row = layout.first_category_row + line.index as u32;
    let name = report.project.categories[line.index].name(report.lang);
    sheet.write_string(row, 0, name)?;
    sheet.write_number_with_format(row, 1, to_cell_number(line.plan), &styles.money)?;
    let (realised, how) = realised_formula(report, ledger, layout, line.index);
    formula::write_money(sheet, row, 2, &realised, line.realised, &styles.money)?;
    sheet.insert_note(row, 2, &note(&realised_note(report, line.index, how)))?;
    if report.project.eligibility(line.index) == Eligibility::Eligible {
        variance_cells(sheet, row, line.plan, line.realised, styles)?;
    }
    let count = ledger.count_if(&[(column::CATEGORY, exactly(name))]);
    formula::write_number(sheet, row, 6, &count, line.rows as f64, &styles.text)?;
    Ok(())
}

/// The categories' total row: the eligible categories' plan and realised
/// costs, and their variance.
fn category_total(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let (first, last) = (layout.first_category_row + 1, layout.total_row);
    // The total is the eligible categories'; covered and excluded ones stand
    // in the table without counting.
    let eligible: Vec<u32> = (0..report.project.categories.len())
        .filter(|&c| report.project.eligibility(c) == Eligibility::Eligible)
        .map(|c| first + c as u32)
        .collect();
    let all_eligible = eligible.len() == report.project.categories.len();
    let total_of = |col: char| {
        if all_eligible {
            format!("SUM({col}{first}:{col}{last})")
        } else {
            eligible
                .iter()
                .map(|r| format!("{col}{r}"))
                .collect::<Vec<_>>()
                .join("+")
        }
    };
    sheet.write_string_with_format(
        layout.total_row,
        0,
        if all_eligible {
            lang.pick("Yhteensä", "Total")
        } else {
            lang.pick("Yhteensä (tukikelpoiset)", "Total (eligible)")
        },
        &styles.bold,
    )?;
    formula::write_money(
        sheet,
        layout.total_row,
        1,
        &total_of('B'),
        f.plan,
        &styles.money_bold,
    )?;
    formula::write_money(
        sheet,
        layout.total_row,
        2,
        &total_of('C'),
        f.eligible,
        &styles.money_bold,
    )?;
    variance_cells(sheet, layout.total_row, f.plan, f.eligible, styles)
}

/// Highlights an overrun in Variance € and a utilisation over 100 %.
fn overrun_formats(sheet: &mut Worksheet, layout: &Layout) -> Result<(), XlsxError> {
    let overrun = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(0.004))
        .set_format(
            Format::new()
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
        );
    sheet.add_conditional_format(layout.first_category_row, 3, layout.total_row, 3, &overrun)?;
    let over_full = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(1.0))
        .set_format(Format::new().set_font_color(0x9C0006));
    sheet.add_conditional_format(
        layout.first_category_row,
        5,
        layout.total_row,
        5,
        &over_full,
    )?;
    Ok(())
}

/// Variance €, variance % and utilisation of a row whose plan is in B and realised in C.
fn variance_cells(
    sheet: &mut Worksheet,
    row: u32,
    plan: Decimal,
    realised: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let r = row + 1;
    formula::write_money(
        sheet,
        row,
        3,
        &format!("C{r}-B{r}"),
        realised - plan,
        &styles.money,
    )?;
    if !plan.is_zero() {
        let u = realised / plan;
        formula::write_number(
            sheet,
            row,
            4,
            &format!("C{r}/B{r}-1"),
            to_cell_number(u - Decimal::ONE),
            &styles.percent,
        )?;
        formula::write_number(
            sheet,
            row,
            5,
            &format!("C{r}/B{r}"),
            to_cell_number(u),
            &styles.percent,
        )?;
    }
    Ok(())
}
