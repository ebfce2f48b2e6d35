//! The claim workbook (maksatushakemus): the Claim sheet, whose every figure
//! is a live formula over the Ledger extract sheet; the extract itself (every
//! claimed line grouped by category and account, with subtotals), also as a
//! CSV; the rows not claimed, with the reason; and a hidden data sheet that
//! later claims and `reconcile` read back.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

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

/// The extract in order: per category (and revenues), per account, the
/// postings, then the account's subtotal; the category's subtotal last.
fn extract_lines<'a>(project: &'a Project, claim: &'a Claim, lang: Lang) -> Vec<ExtractLine<'a>> {
    let mut groups: Vec<(&str, Vec<&LedgerRow>)> = project
        .categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            (
                cat.name(lang),
                claim
                    .lines
                    .iter()
                    .filter(|(i, _)| *i == c)
                    .map(|(_, r)| r)
                    .collect(),
            )
        })
        .collect();
    groups.push((revenue_label(lang), claim.revenue_lines.iter().collect()));
    let mut out = Vec::new();
    for (name, rows) in groups.into_iter().filter(|(_, rows)| !rows.is_empty()) {
        let mut start = 0;
        while start < rows.len() {
            let account = &rows[start].account;
            let end = start
                + rows[start..]
                    .iter()
                    .take_while(|r| &r.account == account)
                    .count();
            out.extend(
                rows[start..end]
                    .iter()
                    .map(|r| ExtractLine::Posting(name, r)),
            );
            let subtotal = rows[start..end].iter().map(|r| r.amount).sum();
            out.push(ExtractLine::Subtotal(
                format!(
                    "{} {account} {}",
                    lang.pick("Tili", "Account"),
                    lang.pick("yhteensä", "total")
                ),
                subtotal,
                false,
            ));
            start = end;
        }
        let total = rows.iter().map(|r| r.amount).sum();
        out.push(ExtractLine::Subtotal(
            format!("{name} {}", lang.pick("yhteensä", "total")),
            total,
            true,
        ));
    }
    out
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
    Ok(workbook)
}

const EXTRACT_HEADERS: [(&str, &str, u16); 11] = [
    ("Kustannuslaji", "Cost category", 26),
    ("Tili", "Account", 8),
    ("Tilin nimi", "Account name", 22),
    ("Päivämäärä", "Date", 11),
    ("Tosite", "Voucher", 13),
    ("Selite", "Description", 40),
    ("Toimittaja", "Supplier", 22),
    ("Summa", "Amount", 14),
    ("Välisumma", "Subtotal", 14),
    ("Lähdetiedosto", "Source file", 28),
    ("Rivi", "Row", 7),
];

fn extract_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    lines: &[ExtractLine],
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers: Vec<(&str, u16)> = EXTRACT_HEADERS
        .iter()
        .map(|(fi, en, w)| (lang.pick(fi, en), *w))
        .collect();
    write_header_with_widths(sheet, 0, &headers, styles)?;
    if project.funding.vat_recoverable {
        sheet.insert_note(
            0,
            7,
            &rust_xlsxwriter::Note::new(lang.pick(
                "Summat ilman palautuskelpoista arvonlisäveroa: tuensaaja saa arvonlisäveron takaisin, joten se ei ole tukikelpoinen. Kirjanpidon summa on tämä summa + viennin ALV-sarakkeen vero.",
                "Amounts without the recoverable VAT: the beneficiary recovers the VAT, so it is not eligible. The booked amount is this amount + the VAT in the export's VAT column.",
            ))
            .set_author("velho")
            .add_author_prefix(false),
        )?;
    }
    // Subtotals add up column H, where only postings stand: an account's
    // from its first posting, a category's from the category's first.
    let (mut account_start, mut category_start) = (2, 2);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        match line {
            ExtractLine::Posting(category, r) => {
                sheet.write_string(row, 0, *category)?;
                sheet.write_string(row, 1, &r.account)?;
                sheet.write_string(row, 2, cell_text(&r.account_name))?;
                sheet.write_datetime_with_format(row, 3, excel_date(r.date)?, &styles.date)?;
                sheet.write_string(row, 4, cell_text(&r.voucher))?;
                sheet.write_string_with_format(
                    row,
                    5,
                    cell_text(&r.description),
                    styles.text_for(&r.description),
                )?;
                sheet.write_string_with_format(
                    row,
                    6,
                    cell_text(&r.supplier),
                    styles.text_for(&r.supplier),
                )?;
                sheet.write_number_with_format(row, 7, to_cell_number(r.amount), &styles.money)?;
                let file = &project.display_path(&project.ledger_files[r.source.file as usize]);
                sheet.write_string(row, 9, file)?;
                sheet.write_number(row, 10, r.source.row as f64)?;
            }
            ExtractLine::Subtotal(label, amount, is_category) => {
                sheet.write_string_with_format(row, 2, label, &styles.bold)?;
                let from = if *is_category {
                    category_start
                } else {
                    account_start
                };
                formula::write_money(
                    sheet,
                    row,
                    8,
                    &format!("SUM(H{from}:H{row})"),
                    *amount,
                    &styles.money_bold,
                )?;
                account_start = row + 2;
                if *is_category {
                    category_start = row + 2;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, lines.len().max(1) as u32, 10)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
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

/// A label–figure line of the Claim sheet: the label, the figure's formula
/// (empty where it is a plain number), its value, and whether it is the
/// amount applied for (in bold).
type Line = (String, String, Decimal, bool);

/// Excel rows (1-based) that the funding lines' formulas refer to.
struct FundingRows {
    /// The categories' total.
    total: u32,
    /// The funding rate; the maximum grant stands on the row below.
    rate: u32,
    /// Costs in all.
    costs: u32,
    /// Revenues.
    revenues: u32,
    /// Net costs.
    net: u32,
    /// This period's funder's share at the rate.
    share: u32,
    /// Earlier periods' costs.
    earlier: u32,
    /// Paid by the funder earlier.
    paid: u32,
    /// Applied for earlier, not yet decided.
    pending: u32,
    /// The maximum grant remaining before this claim.
    before: u32,
    /// The amount applied for.
    applied: u32,
}

impl FundingRows {
    /// The rows of the funding lines written from the 0-based `row`, under
    /// the categories' total; `rate_row` is the rate's 1-based row.
    fn from(row: u32, rate_row: u32, has_max: bool) -> FundingRows {
        let costs = row + 1;
        let before = costs + 8;
        FundingRows {
            total: row - 1,
            rate: rate_row,
            costs,
            revenues: costs + 1,
            net: costs + 2,
            share: costs + 3,
            earlier: costs + 4,
            paid: costs + 6,
            pending: costs + 7,
            before,
            applied: before + u32::from(has_max),
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// The funding lines: this period's share at the rate, what came before on
/// the approved basis, and (in an interim claim) the one amount applied
/// for. Returns the next row and the rows of paid earlier and pending.
fn funding_block(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    extract: &str,
    row: u32,
    rate_row: u32,
) -> Result<(u32, u32, u32), XlsxError> {
    let rows = FundingRows::from(row, rate_row, project.funding.max_grant.is_some());
    let mut lines = period_lines(project, claim, lang, extract, &rows);
    lines.extend(earlier_lines(project, claim, lang, &rows));
    lines.extend(applied_lines(project, claim, lang, &rows));
    let row = write_lines(sheet, styles, row, lines)?;
    Ok((row, rows.paid, rows.pending))
}

/// This period's lines: the costs, the revenues, the net costs, and the
/// funder's share of them at the rate.
fn period_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    extract: &str,
    rows: &FundingRows,
) -> Vec<Line> {
    let FundingRows {
        total,
        costs,
        revenues,
        net,
        ..
    } = *rows;
    let rate = project.funding.rate_percent.normalize();
    vec![
        (
            lang.pick("Kustannukset yhteensä", "Costs in all").into(),
            format!("B{total}"),
            claim.total(),
            false,
        ),
        (
            lang.pick(
                "Tulot (vähennetään ennen tukiprosenttia)",
                "Revenues (deducted before the rate)",
            )
            .into(),
            format!(
                "-SUMIFS('{extract}'!$H:$H,'{extract}'!$A:$A,{})",
                exactly(revenue_label(lang))
            ),
            claim.revenues,
            false,
        ),
        (
            lang.pick("Nettokustannukset", "Net costs").into(),
            format!("B{costs}-B{revenues}"),
            claim.net,
            false,
        ),
        (
            format!(
                "{} {rate} %",
                lang.pick(
                    "Kauden rahoittajan osuus tukiprosentilla",
                    "This period's funder's share at"
                )
            ),
            format!("ROUND(B{net}*$B${},2)", rows.rate),
            claim.funding.at_rate,
            false,
        ),
    ]
}

/// What came before: the earlier periods' costs, the plan remaining, what
/// the funder paid earlier and what is applied for and not yet decided.
fn earlier_lines(project: &Project, claim: &Claim, lang: Lang, rows: &FundingRows) -> Vec<Line> {
    let f = &claim.funding;
    vec![
        (
            lang.pick(
                "Aiempien kausien kustannukset (hyväksytyn mukaan)",
                "Earlier periods' costs (approved basis)",
            )
            .into(),
            String::new(),
            f.earlier_costs(),
            false,
        ),
        (
            lang.pick(
                "Kustannusarviota jäljellä tämän hakemuksen jälkeen",
                "Plan remaining after this claim",
            )
            .into(),
            format!(
                "{}-B{}-B{}",
                to_cell_number(project.plan_total()),
                rows.costs,
                rows.earlier
            ),
            f.plan_remaining,
            false,
        ),
        (
            lang.pick(
                "Rahoittaja on maksanut aiemmin (päätökset ja ennakot)",
                "Paid by the funder earlier (decisions and advances)",
            )
            .into(),
            String::new(),
            f.paid_earlier,
            false,
        ),
        (
            lang.pick(
                "Haettu aiemmin, päätös puuttuu",
                "Applied for earlier, not yet decided",
            )
            .into(),
            String::new(),
            f.pending_earlier,
            false,
        ),
    ]
}

/// The maximum grant remaining before this claim (when known), and in an
/// interim claim the amount applied for and the maximum grant remaining
/// after it.
fn applied_lines(project: &Project, claim: &Claim, lang: Lang, rows: &FundingRows) -> Vec<Line> {
    let f = &claim.funding;
    let FundingRows {
        share,
        paid,
        pending,
        before,
        applied,
        ..
    } = *rows;
    let max_cell = format!("$B${}", rows.rate + 1);
    let mut lines = Vec::new();
    if let Some(before_value) = f.grant_remaining_before {
        lines.push((
            lang.pick(
                "Enimmäisavustuksesta jäljellä ennen tätä hakemusta",
                "Maximum grant remaining before this claim",
            )
            .into(),
            format!("{max_cell}-B{paid}-B{pending}"),
            before_value,
            false,
        ));
    }
    if claim.final_figures.is_none() {
        let formula = if project.funding.max_grant.is_some() {
            format!("MIN(B{share},MAX(0,B{before}))")
        } else {
            format!("B{share}")
        };
        let label = if f.is_capped() {
            lang.pick(
                "Haettava määrä (enimmäisavustus rajaa: jäljellä oleva osa)",
                "Amount applied for (capped by the maximum grant: what remains of it)",
            )
        } else {
            lang.pick("Haettava määrä", "Amount applied for")
        };
        lines.push((label.into(), formula, f.applied, true));
        if let Some(after) = f.grant_remaining_after {
            lines.push((
                lang.pick(
                    "Enimmäisavustuksesta jäljellä tämän hakemuksen jälkeen",
                    "Maximum grant remaining after this claim",
                )
                .into(),
                format!("B{before}-B{applied}"),
                after,
                false,
            ));
        }
    }
    lines
}

/// Writes label–figure lines from `row` (a figure with its formula, or a
/// plain number where it has none; the amount applied for in bold);
/// returns the next row.
fn write_lines(
    sheet: &mut Worksheet,
    styles: &Styles,
    mut row: u32,
    lines: Vec<Line>,
) -> Result<u32, XlsxError> {
    for (label, formula_text, value, bold) in lines {
        let (text_style, money) = match bold {
            true => (&styles.bold, &styles.money_bold),
            false => (&styles.text, &styles.money),
        };
        sheet.write_string_with_format(row, 0, &label, text_style)?;
        if formula_text.is_empty() {
            sheet.write_number_with_format(row, 1, to_cell_number(value), money)?;
        } else {
            formula::write_money(sheet, row, 1, &formula_text, value, money)?;
        }
        row += 1;
    }
    Ok(row)
}

#[allow(clippy::too_many_arguments)]
fn final_block(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    mut row: u32,
    rate_row: u32,
    (paid, pending): (u32, u32),
) -> Result<u32, XlsxError> {
    let Some(f) = &claim.final_figures else {
        return Ok(row);
    };
    write_header(
        sheet,
        row,
        &[
            lang.pick(
                "Loppumaksatus: koko hanke hyväksytyn mukaan",
                "Final claim: the whole project on the approved basis",
            ),
            "",
        ],
        styles,
    )?;
    row += 1;
    let start = row + 1;
    let (costs, share) = (start, start + 3);
    let applied = start + 4;
    let max_cell = format!("$B${}", rate_row + 1);
    let cap = match project.funding.max_grant {
        Some(_) => format!("MIN(ROUND(B{costs}*$B${rate_row},2),{max_cell})"),
        None => format!("ROUND(B{costs}*$B${rate_row},2)"),
    };
    let mut lines: Vec<Line> = vec![
        (
            lang.pick(
                "Hankkeen nettokustannukset (aiemmat kaudet hyväksytyn mukaan + tämä hakemus)",
                "The project's net costs (earlier periods approved + this claim)",
            )
            .into(),
            String::new(),
            f.costs,
            false,
        ),
        (
            lang.pick("Hyväksytty kustannusarvio", "Approved plan")
                .into(),
            String::new(),
            f.plan,
            false,
        ),
        (
            format!(
                "{} ({})",
                lang.pick(
                    "Ylitys, jää tuensaajan maksettavaksi",
                    "Overrun, paid by the beneficiary"
                ),
                project.funding.own_share_by
            ),
            String::new(),
            f.overrun,
            false,
        ),
        (
            lang.pick(
                "Rahoittajan osuus koko hankkeesta (enintään enimmäisavustus)",
                "The funder's share of the whole project (at most the maximum grant)",
            )
            .into(),
            cap,
            f.funder_share,
            false,
        ),
        (
            lang.pick(
                "Haettava määrä: loppumaksatus (osuus − maksettu − vireillä)",
                "Amount applied for: the final payment (share − paid − pending)",
            )
            .into(),
            format!("B{share}-B{paid}-B{pending}"),
            f.final_payment,
            true,
        ),
    ];
    if project.funding.max_grant.is_some() {
        lines.push((
            lang.pick(
                "Enimmäisavustuksesta jäljellä tämän hakemuksen jälkeen",
                "Maximum grant remaining after this claim",
            )
            .into(),
            format!("{max_cell}-B{paid}-B{pending}-B{applied}"),
            claim.funding.grant_remaining_after.unwrap_or_default(),
            false,
        ));
    }
    write_lines(sheet, styles, row, lines)
}

fn earlier_claims(
    sheet: &mut Worksheet,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    if claim.funding.earlier.is_empty() {
        return Ok(row);
    }
    let headers = [
        lang.pick("Aiemmat kaudet", "Earlier periods"),
        lang.pick("Kustannukset", "Costs"),
        lang.pick("Rahoittajan osuus", "Funder's share"),
        lang.pick("Peruste", "Basis"),
    ];
    write_header(sheet, row, &headers, styles)?;
    sheet.insert_note(
        row,
        2,
        &rust_xlsxwriter::Note::new(lang.pick(
            "Päätöksen saaneelta kaudelta maksettu + ennakosta vähennetty; vireillä olevalta haettu määrä.",
            "For a decided period: paid + the advance netted; for a pending one: the amount applied for.",
        ))
        .set_author("velho")
        .add_author_prefix(false),
    )?;
    row += 1;
    for e in &claim.funding.earlier {
        let basis = match &e.basis {
            EarlierBasis::Approved { number, .. } => format!(
                "{} {number}",
                lang.pick(
                    "hyväksytty, maksettu päätöksellä",
                    "approved, paid by decision"
                )
            ),
            EarlierBasis::Pending(path) => format!(
                "{} ({path})",
                lang.pick("haettu, päätös puuttuu", "applied for, not yet decided")
            ),
            EarlierBasis::Open => lang.pick("ei haettu", "not claimed").to_string(),
        };
        sheet.write_string(
            row,
            0,
            format!(
                "{} {} ({}–{})",
                lang.pick("Kausi", "Period"),
                e.name,
                finnish(e.start),
                finnish(e.end)
            ),
        )?;
        sheet.write_number_with_format(row, 1, to_cell_number(e.total()), &styles.money)?;
        sheet.write_number_with_format(row, 2, to_cell_number(e.funder_share), &styles.money)?;
        sheet.write_string(row, 3, basis)?;
        row += 1;
    }
    if !claim.funding.advances_not_netted.is_zero() {
        sheet.write_string(
            row,
            0,
            lang.pick(
                "Ennakot, joita ei ole vielä vähennetty maksuista",
                "Advances not yet netted against a payment",
            ),
        )?;
        sheet.write_number_with_format(
            row,
            2,
            to_cell_number(claim.funding.advances_not_netted),
            &styles.money,
        )?;
        row += 1;
    }
    Ok(row)
}

/// Why a row is not claimed, in a language.
pub fn exclusion_text(project: &Project, reason: &Exclusion, lang: Lang) -> String {
    match reason {
        Exclusion::AlreadyClaimed(file) => format!("{} {file}", lang.pick("Haettu jo aiemmin:", "Already claimed:")),
        Exclusion::LatePosting(period) if period.is_empty() => lang.pick(
            "Päivätty aiemmalle kaudelle, jolta ei ole hakemusta; hae tai korjaa erikseen.",
            "Dated in an earlier period that has no claim; claim or correct it separately.",
        ).into(),
        Exclusion::LatePosting(period) => format!(
            "{} {period} {}",
            lang.pick("Kirjattu kauden", "Posted into period"),
            lang.pick("hakemuksen jälkeen (myöhästynyt kirjaus tai oikaisu); velho hakee sen loppumaksatuksessa, ellei kirjausta korjata.", "after its claim (a late posting or reversal); velho claims it in the final claim unless the posting is corrected.")
        ),
        Exclusion::DeductedEarlier(number) => format!(
            "{} {number}; {}",
            lang.pick("Rahoittaja vähensi päätöksellä", "The funder deducted it in decision"),
            lang.pick("lisää tosite claims.reclaim_vouchers-listaan, jos se haetaan uudelleen tarkoituksella.", "add the voucher to claims.reclaim_vouchers to claim it again on purpose.")
        ),
        Exclusion::CategoryNotAllowed => lang.pick("Kustannuslajilla ei ole hyväksyttyä budjettia.", "The category has no approved budget.").into(),
        Exclusion::NotEligible => lang.pick("Rahoituspäätös ei hyväksy kustannuslajin kuluja.", "The funding decision excludes the category's costs.").into(),
        Exclusion::CoveredByFlatRate(c) => format!("{} {}", lang.pick("Sisältyy prosenttiosuuteen:", "Covered by the flat rate:"), project.categories[*c].name(lang)),
        Exclusion::Unmapped => lang.pick("Tili ei kuulu mihinkään kustannuslajiin.", "The account feeds no cost category.").into(),
        Exclusion::OutsideProject => lang.pick("Päivätty hankeajan ulkopuolelle.", "Dated outside the project period.").into(),
    }
}

fn excluded_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers = [
        (lang.pick("Päivämäärä", "Date"), 11),
        (lang.pick("Tosite", "Voucher"), 13),
        (lang.pick("Tili", "Account"), 8),
        (lang.pick("Selite", "Description"), 40),
        (lang.pick("Summa", "Amount"), 14),
        (lang.pick("Syy", "Reason"), 70),
        (lang.pick("Lähdetiedosto", "Source file"), 28),
        (lang.pick("Rivi", "Row"), 7),
    ];
    write_header_with_widths(sheet, 0, &headers, styles)?;
    for (i, e) in claim.excluded.iter().enumerate() {
        let row = i as u32 + 1;
        let r = &e.row;
        sheet.write_datetime_with_format(row, 0, excel_date(r.date)?, &styles.date)?;
        sheet.write_string(row, 1, cell_text(&r.voucher))?;
        sheet.write_string(row, 2, &r.account)?;
        sheet.write_string_with_format(
            row,
            3,
            cell_text(&r.description),
            styles.text_for(&r.description),
        )?;
        sheet.write_number_with_format(row, 4, to_cell_number(r.amount), &styles.money)?;
        sheet.write_string_with_format(
            row,
            5,
            exclusion_text(project, &e.reason, lang),
            &styles.wrap,
        )?;
        sheet.write_string(
            row,
            6,
            project.display_path(&project.ledger_files[r.source.file as usize]),
        )?;
        sheet.write_number(row, 7, r.source.row as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, claim.excluded.len().max(1) as u32, 7)?;
    Ok(())
}

/// The ledger extract as CSV for the funder: `;`, decimal comma, UTF-8 with
/// a BOM (Excel reads it as UTF-8), text that a spreadsheet would take for a
/// formula prefixed with `'` (OWASP); amounts are never altered.
pub fn extract_csv(project: &Project, claim: &Claim, lang: Lang) -> String {
    let field = |text: &str| -> String {
        let guarded = match text.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
            _ => text.to_string(),
        };
        if guarded.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", guarded.replace('"', "\"\""))
        } else {
            guarded
        }
    };
    let amount = |a: Decimal| format!("{:.2}", a).replace('.', ",");
    let mut out = String::from("\u{feff}");
    let header: Vec<&str> = EXTRACT_HEADERS
        .iter()
        .map(|(fi, en, _)| lang.pick(fi, en))
        .collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for line in extract_lines(project, claim, lang) {
        let cells: Vec<String> = match line {
            ExtractLine::Posting(category, r) => vec![
                field(category),
                field(&r.account),
                field(&r.account_name),
                finnish(r.date),
                field(&r.voucher),
                field(&r.description),
                field(&r.supplier),
                amount(r.amount),
                String::new(),
                field(&project.display_path(&project.ledger_files[r.source.file as usize])),
                r.source.row.to_string(),
            ],
            ExtractLine::Subtotal(label, total, _) => {
                vec![
                    String::new(),
                    String::new(),
                    field(&label),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    amount(total),
                    String::new(),
                    String::new(),
                ]
            }
        };
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
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
