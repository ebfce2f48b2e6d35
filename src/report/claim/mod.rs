//! The claim workbook (maksatushakemus): the Claim sheet, whose every figure
//! is a live formula over the Ledger extract sheet; the extract itself (every
//! claimed line grouped by category and account, with subtotals), also as a
//! CSV; the rows not claimed, with the reason; and a hidden data sheet that
//! later claims and `reconcile` read back.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

mod extract;
mod funding;

use extract::*;
pub use extract::{exclusion_text, extract_csv};
use funding::*;

use super::formula::{self, exactly};
use super::transactions::cell_text;
use super::{Styles, excel_date, write_header, write_header_with_widths};
use crate::claim::{Claim, EarlierBasis, Exclusion};
use crate::config::Project;
use crate::dates::finnish;
use crate::import::claim::{DATA_SHEET, data_lines};
use crate::model::{Lang, LedgerRow};
use crate::money::{format_eur, to_cell_number};

/// Sheet names of a claim workbook.
fn names(lang: Lang) -> (&'static str, &'static str, &'static str) {
    (
        lang.pick("Maksatushakemus", "Claim"),
        lang.pick("Kirjanpitoraportti", "Ledger extract"),
        lang.pick("Ei haeta", "Not claimed"),
    )
}

/// One line of the ledger extract: a posting, or a subtotal.
enum ExtractLine<'a> {
    Posting(&'a str, &'a LedgerRow),
    /// Label, amount, and whether it closes a category (else an account).
    Subtotal(String, Decimal, bool),
}

fn revenue_label(lang: Lang) -> &'static str {
    lang.pick("Tulot", "Revenues")
}

/// Builds the claim workbook.
pub fn render(project: &Project, claim: &Claim, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} – {} {}",
                project.name,
                lang.pick("maksatushakemus", "payment claim"),
                claim.period.name
            ))
            .set_author("velho")
            .set_custom_property(crate::import::own::MARK, "claim")
            .set_creation_datetime(&excel_date(claim.period.end)?),
    );
    let styles = Styles::new();
    let (claim_name, extract_name, excluded_name) = names(lang);
    let lines = extract_lines(project, claim, lang);
    claim_sheet(
        workbook.add_worksheet().set_name(claim_name)?,
        project,
        claim,
        lang,
        &styles,
        extract_name,
    )?;
    extract_sheet(
        workbook.add_worksheet().set_name(extract_name)?,
        project,
        &lines,
        lang,
        &styles,
    )?;
    excluded_sheet(
        workbook.add_worksheet().set_name(excluded_name)?,
        project,
        claim,
        lang,
        &styles,
    )?;
    let data = workbook.add_worksheet().set_name(DATA_SHEET)?;
    for (r, line) in data_lines(&claim.record(project)).iter().enumerate() {
        for (c, text) in line.iter().enumerate() {
            data.write_string(r as u32, c as u16, text)?;
        }
    }
    data.set_hidden(true);
    let title = format!(
        "{} – {} {}",
        project.name,
        lang.pick("maksatushakemus", "payment claim"),
        claim.period.name
    );
    super::print_setup(&mut workbook, &title, lang);
    Ok(workbook)
}

/// The Claim sheet: the project's facts, the costs claimed per category
/// against the plan, the funding lines, a final claim's whole-project
/// figures, and the earlier periods.
fn claim_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    extract: &str,
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 68)?;
    sheet.set_column_range_width(1, 6, 17)?;
    sheet.write_string_with_format(0, 0, title(project, claim, lang), &styles.title)?;
    for (r, (label, value)) in facts(project, claim, lang).iter().enumerate() {
        sheet.write_string_with_format(r as u32 + 2, 0, *label, &styles.bold)?;
        sheet.write_string(r as u32 + 2, 1, value)?;
    }
    let rate_row = 8u32;
    write_rate_and_max_grant(sheet, project, lang, styles, rate_row)?;
    let header_row = rate_row + 2;
    write_header(sheet, header_row, &category_headers(lang), styles)?;
    let first = header_row + 1;
    write_categories(sheet, project, claim, lang, styles, extract, first)?;
    let total_row = first + project.categories.len() as u32;
    write_category_totals(sheet, project, claim, lang, styles, total_row)?;
    // rate_row is the rate's 1-based row; the maximum grant stands below it.
    let (row, paid_row, pending_row) = funding_block(
        sheet,
        project,
        claim,
        lang,
        styles,
        extract,
        total_row + 2,
        rate_row,
    )?;
    let row = final_block(
        sheet,
        project,
        claim,
        lang,
        styles,
        row + 1,
        rate_row,
        (paid_row, pending_row),
    )?;
    earlier_claims(sheet, claim, lang, styles, row + 1)?;
    sheet.set_portrait().set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The Claim sheet's title: the project, and the period claimed.
fn title(project: &Project, claim: &Claim, lang: Lang) -> String {
    format!(
        "{} – {} {}",
        project.name,
        lang.pick("maksatushakemus, kausi", "payment claim, period"),
        claim.period.name
    )
}

/// The claim's facts, label and value: the project, the beneficiary, the
/// funder, the payment period, and whether the claim is interim or final.
fn facts(project: &Project, claim: &Claim, lang: Lang) -> [(&'static str, String); 5] {
    let kind = if claim.is_final {
        lang.pick("Loppumaksatus", "Final payment")
    } else {
        lang.pick("Välimaksatus", "Interim payment")
    };
    [
        (
            lang.pick("Hanke", "Project"),
            format!("{} ({})", project.name, project.code),
        ),
        (
            lang.pick("Tuensaaja", "Beneficiary"),
            project.organisation.clone(),
        ),
        (
            lang.pick("Rahoittaja", "Funder"),
            project.funding.funder.clone(),
        ),
        (
            lang.pick("Maksatuskausi", "Payment period"),
            format!(
                "{}–{}",
                finnish(claim.period.start),
                finnish(claim.period.end)
            ),
        ),
        (lang.pick("Hakemus", "Claim"), kind.to_string()),
    ]
}

/// The funding rate on the 1-based row `rate_row`, and the maximum grant
/// (when there is one) on the row below, where the formulas find them.
fn write_rate_and_max_grant(
    sheet: &mut Worksheet,
    project: &Project,
    lang: Lang,
    styles: &Styles,
    rate_row: u32,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(
        rate_row - 1,
        0,
        lang.pick("Rahoitusosuus", "Funding rate"),
        &styles.bold,
    )?;
    sheet.write_number_with_format(
        rate_row - 1,
        1,
        to_cell_number(project.funding.rate_percent / Decimal::ONE_HUNDRED),
        &styles.percent,
    )?;
    sheet.write_string_with_format(
        rate_row,
        0,
        lang.pick("Enimmäisavustus", "Maximum grant"),
        &styles.bold,
    )?;
    if let Some(max) = project.funding.max_grant {
        sheet.write_number_with_format(rate_row, 1, to_cell_number(max), &styles.money)?;
    }
    Ok(())
}

/// The column names of the table of costs per category.
fn category_headers(lang: Lang) -> [&'static str; 6] {
    [
        lang.pick("Kustannuslaji", "Cost category"),
        lang.pick("Haettavat kustannukset", "Costs claimed"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick(
            "Aiemmin (hyväksytty tai haettu)",
            "Earlier (approved or applied)",
        ),
        lang.pick("Haettu yhteensä", "Claimed in all"),
        lang.pick("Suunnitelmasta jäljellä", "Plan remaining"),
    ]
}

/// The formula of category `c`'s costs claimed, the categories' rows
/// starting on the 0-based row `first`: a flat rate as its percentage of its
/// base categories' cells, rounded to the cent; a booked category by SUMIFS
/// over the ledger extract sheet `extract`.
fn category_formula(project: &Project, lang: Lang, c: usize, first: u32, extract: &str) -> String {
    let category = &project.categories[c];
    match &category.flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat
                .base
                .iter()
                .map(|b| format!("B{}", first + *b as u32 + 1))
                .collect();
            formula::flat_rate(&base, flat.percent, true)
        }
        None => format!(
            "SUMIFS('{extract}'!$H:$H,'{extract}'!$A:$A,{})",
            exactly(category.name(lang))
        ),
    }
}

/// One row per category from the 0-based row `first`: the costs claimed,
/// the plan, what earlier periods claimed, the claimed in all and the plan
/// remaining.
fn write_categories(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    extract: &str,
    first: u32,
) -> Result<(), XlsxError> {
    for (c, category) in project.categories.iter().enumerate() {
        let row = first + c as u32;
        let r = row + 1;
        sheet.write_string(row, 0, category.name(lang))?;
        let f = category_formula(project, lang, c, first, extract);
        formula::write_money(sheet, row, 1, &f, claim.by_category[c], &styles.money)?;
        sheet.write_number_with_format(row, 2, to_cell_number(category.plan), &styles.money)?;
        let earlier = claim.funding.earlier_by_category[c];
        sheet.write_number_with_format(row, 3, to_cell_number(earlier), &styles.money)?;
        formula::write_money(
            sheet,
            row,
            4,
            &format!("B{r}+D{r}"),
            claim.by_category[c] + earlier,
            &styles.money,
        )?;
        formula::write_money(
            sheet,
            row,
            5,
            &format!("C{r}-E{r}"),
            category.plan - claim.by_category[c] - earlier,
            &styles.money,
        )?;
    }
    Ok(())
}

/// The total row under the categories (0-based `total_row`): each column
/// added up.
fn write_category_totals(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    total_row: u32,
) -> Result<(), XlsxError> {
    let first = total_row - project.categories.len() as u32;
    let (f1, l1) = (first + 1, total_row);
    sheet.write_string_with_format(total_row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    let earlier_total = claim.funding.earlier_costs();
    let totals = [
        (1u16, claim.total()),
        (2, project.plan_total()),
        (3, earlier_total),
        (4, claim.total() + earlier_total),
        (5, project.plan_total() - claim.total() - earlier_total),
    ];
    for (col, value) in totals {
        formula::write_column_total(sheet, total_row, col, (f1, l1), value, &styles.money_bold)?;
    }
    Ok(())
}

/// A one-screen summary of a claim for stderr.
pub fn summary_text(project: &Project, claim: &Claim, lang: Lang, written: &str) -> String {
    let fi = lang == Lang::Fi;
    let mut text = format!("{} {written}\n", lang.pick("Kirjoitettu", "Wrote"));
    for (c, category) in project.categories.iter().enumerate() {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            category.name(lang),
            format_eur(claim.by_category[c], fi)
        ));
    }
    for (label, value) in [
        (
            lang.pick("Kustannukset yhteensä", "Costs in all"),
            claim.total(),
        ),
        (
            lang.pick("Tulot (vähennetään)", "Revenues (deducted)"),
            claim.revenues,
        ),
        (lang.pick("Nettokustannukset", "Net costs"), claim.net),
        (
            lang.pick("Haettava määrä", "Amount applied for"),
            claim.funding.applied,
        ),
    ] {
        text.push_str(&format!("  {label:<44} {:>16}\n", format_eur(value, fi)));
    }
    if let Some(f) = &claim.final_figures {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            lang.pick(
                "Ylitys (jää tuensaajalle)",
                "Overrun (stays with the beneficiary)"
            ),
            format_eur(f.overrun, fi),
        ));
    }
    if let Some(after) = claim.funding.grant_remaining_after {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            lang.pick("Enimmäisavustuksesta jäljellä", "Maximum grant remaining"),
            format_eur(after, fi),
        ));
    }
    if !claim.excluded.is_empty() {
        text.push_str(&format!(
            "  {}: {}\n",
            lang.pick(
                "Ei haeta (ks. välilehti Ei haeta)",
                "Not claimed (see the Not claimed sheet)"
            ),
            claim.excluded.len()
        ));
    }
    text
}
