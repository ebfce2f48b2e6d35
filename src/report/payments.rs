//! The Payments sheet: per payment period the realised costs in the ledger
//! (live formulas over Transactions), what the funder's decision says was
//! applied for, approved, deducted and paid, the payment as velho computes
//! it, the cumulative payments and the grant remaining; then the same per
//! category, and every deducted item with the ledger rows it matched.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Note, Url, Worksheet, XlsxError};

use super::formula::{self, Ledger, column, exactly};
use super::transactions::status_label;
use super::{Report, RowIndex, Styles, describe_source, excel_date, write_header};
use crate::checks::Finding;
use crate::config::Project;
use crate::model::{Decision, Lang};
use crate::money::{self, to_cell_number};
use crate::reconcile::Status;
use crate::reconcile::payments::PaymentPeriod;

/// The first period's row (0-based); the header stands above it.
pub const FIRST_PERIOD_ROW: u32 = 4;
/// The column of "Paid in total" (cumulative) and of the totals used on Summary.
pub const COL_APPLIED: u16 = 6;
/// Approved.
pub const COL_APPROVED: u16 = 7;
/// Deducted.
pub const COL_DEDUCTED: u16 = 8;
/// Paid now.
pub const COL_PAID: u16 = 11;
/// Grant remaining.
pub const COL_REMAINING: u16 = 14;
/// Column of the revenues the period's basis deducts (R).
pub const COL_REVENUE: u16 = 17;
/// Column of the advance netted against the payment (S).
pub const COL_ADVANCE_NETTED: u16 = 18;
/// Column of the advances paid in the period (T).
pub const COL_ADVANCES_PAID: u16 = 19;
/// Column of the claims applied for and not yet decided, cumulative (U).
pub const COL_PENDING: u16 = 20;
/// Column of what decisions a corrected one replaced paid (V).
pub const COL_REPLACED_PAID: u16 = 21;

/// The realised costs of rows dated between the cells `from` and `to`: booked
/// categories by SUMIFS, each flat rate as its percentage of its base's SUMIFS.
fn realised_formula(
    project: &Project,
    lang: Lang,
    ledger: &Ledger,
    from: &str,
    to: &str,
    only: Option<usize>,
) -> String {
    let dated = |mut criteria: Vec<(&'static str, String)>| {
        criteria.push((column::DATE, format!("\">=\"&{from}")));
        criteria.push((column::DATE, format!("\"<=\"&{to}")));
        criteria
    };
    // Counted rows only: covered and excluded costs are never eligible.
    let category_sum = |c: usize| {
        ledger.sum_if(&dated(vec![
            (column::CATEGORY, exactly(project.categories[c].name(lang))),
            (
                column::STATUS,
                exactly(status_label(Status::Eligible(0), lang)),
            ),
        ]))
    };
    let one = |c: usize| match &project.categories[c].flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat.base.iter().map(|&b| category_sum(b)).collect();
            formula::flat_rate(&base, flat.percent, true)
        }
        None => category_sum(c),
    };
    match only {
        Some(c) => one(c),
        None => {
            let counted = ledger.sum_if(&dated(vec![(
                column::STATUS,
                exactly(status_label(Status::Eligible(0), lang)),
            )]));
            let flats: Vec<String> = (0..project.categories.len())
                .filter(|&c| project.categories[c].flat_rate.is_some())
                .map(one)
                .collect();
            std::iter::once(counted)
                .chain(flats)
                .collect::<Vec<_>>()
                .join("+")
        }
    }
}

/// Writes the Payments sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    row_index: &RowIndex,
) -> Result<(), XlsxError> {
    let pay = &report.rec.payments;
    write_title(sheet, report, styles)?;
    super::write_header_with_widths(sheet, FIRST_PERIOD_ROW - 1, &headers(report.lang), styles)?;
    for (i, p) in pay.periods.iter().enumerate() {
        write_period(sheet, report, styles, ledger, i, p)?;
    }
    let total_row = FIRST_PERIOD_ROW + pay.periods.len() as u32;
    write_totals(sheet, report, styles, total_row)?;
    sheet.set_freeze_panes(FIRST_PERIOD_ROW, 1)?;
    let row = by_category(sheet, report, styles, ledger, total_row + 2)?;
    deducted_items(sheet, report, styles, row_index, row + 1)?;
    // 22 columns: two pages wide, each repeating the period column, print
    // at a readable size where one page wide did not (issue 15).
    sheet
        .set_landscape()
        .set_print_fit_to_pages(2, 0)
        .set_repeat_rows(FIRST_PERIOD_ROW - 1, FIRST_PERIOD_ROW - 1)?
        .set_repeat_columns(0, 0)?;
    Ok(())
}

/// The title and the maximum grant (in B2, which the formulas refer to).
fn write_title(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    let lang = report.lang;
    sheet.write_string_with_format(0, 0, lang.pick("Maksatukset", "Payments"), &styles.title)?;
    sheet.write_string_with_format(
        1,
        0,
        lang.pick("Enimmäisavustus", "Maximum grant"),
        &styles.bold,
    )?;
    if let Some(max) = report.project.funding.max_grant {
        sheet.write_number_with_format(1, 1, to_cell_number(max), &styles.money)?;
    }
    Ok(())
}

/// The periods table's column names and widths.
fn headers(lang: Lang) -> [(&'static str, u16); 22] {
    [
        (lang.pick("Kausi", "Period"), 15),
        (lang.pick("Alku", "Start"), 26),
        (lang.pick("Loppu", "End"), 11),
        (lang.pick("Päätös", "Decision"), 16),
        (lang.pick("Päätöspäivä", "Decided"), 11),
        (
            lang.pick("Toteuma kirjanpidossa", "Realised in the ledger"),
            15,
        ),
        (lang.pick("Haettu", "Applied"), 15),
        (lang.pick("Hyväksytty", "Approved"), 15),
        (lang.pick("Vähennetty", "Deducted"), 14),
        (lang.pick("Tukiprosentti", "Rate"), 9),
        (
            lang.pick("Maksettava laskettuna", "Payment as computed"),
            15,
        ),
        (lang.pick("Maksettu nyt", "Paid now"), 15),
        (lang.pick("Ero", "Difference"), 12),
        (lang.pick("Maksettu yhteensä", "Paid in total"), 15),
        (lang.pick("Avustusta jäljellä", "Grant remaining"), 15),
        (lang.pick("Tarkistus", "Check"), 50),
        (
            lang.pick("Velhon hakemus: kustannukset", "velho claim: costs"),
            15,
        ),
        (lang.pick("Tulot", "Revenues"), 13),
        (lang.pick("Ennakon vähennys", "Advance netted"), 13),
        (lang.pick("Ennakot maksettu", "Advances paid"), 13),
        (
            lang.pick(
                "Haettu, päätös puuttuu (kertymä)",
                "Applied for, not decided (to date)",
            ),
            15,
        ),
        (
            lang.pick("Korvatun päätöksen maksu", "Paid by the replaced decision"),
            15,
        ),
    ]
}

/// The `i`th period's row (0-based): its dates, the realised costs in the
/// ledger and the figures known without a decision; then the decision's
/// figures, or "No decision".
fn write_period(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    i: usize,
    p: &PaymentPeriod,
) -> Result<(), XlsxError> {
    let (lang, project) = (report.lang, report.project);
    let row = FIRST_PERIOD_ROW + i as u32;
    let r = row + 1;
    let period = &project.periods[p.period];
    sheet.write_string(row, 0, &period.name)?;
    sheet.write_datetime_with_format(row, 1, excel_date(period.start)?, &styles.date)?;
    sheet.write_datetime_with_format(row, 2, excel_date(period.end)?, &styles.date)?;
    let realised = realised_formula(
        project,
        lang,
        ledger,
        &format!("$B{r}"),
        &format!("$C{r}"),
        None,
    );
    formula::write_money(sheet, row, 5, &realised, p.realised_total(), &styles.money)?;
    if let Some(claimed) = p.claimed {
        sheet.write_number_with_format(row, 16, to_cell_number(claimed), &styles.money)?;
    }
    for (col, value) in [
        (COL_REVENUE, p.revenue),
        (COL_ADVANCE_NETTED, p.advance_netted),
        (COL_ADVANCES_PAID, p.advances_paid),
        (COL_PENDING, p.pending),
        (COL_REPLACED_PAID, p.paid_by_replaced),
    ] {
        sheet.write_number_with_format(row, col, to_cell_number(value), &styles.money)?;
    }
    match p.decision {
        Some(d) => write_decision(
            sheet,
            report,
            styles,
            i,
            p,
            &report.rec.payments.decisions[d],
        ),
        None => {
            let paid = cumulative_paid_formula(i, r, false);
            formula::write_money(sheet, row, 13, &paid, p.cumulative_paid, &styles.money)?;
            write_remaining(sheet, row, project, p.remaining_grant, styles)?;
            sheet.write_string(row, 15, lang.pick("Ei päätöstä", "No decision"))?;
            Ok(())
        }
    }
}

/// "Paid in total" on Excel row `r` of the `i`th period (0-based): the row
/// above's plus the advances paid, and, with a `decided` period, what its
/// decision and the decision it replaced paid.
fn cumulative_paid_formula(i: usize, r: u32, decided: bool) -> String {
    let previous = if i == 0 {
        String::new()
    } else {
        format!("N{}+", r - 1)
    };
    if decided {
        format!("{previous}L{r}+T{r}+V{r}")
    } else {
        format!("{previous}T{r}")
    }
}

/// "Payment as computed" on Excel row `r` of the `i`th period (0-based): the
/// share, rate × (approved − revenues), within what the earlier decisions'
/// payments and netted advances left of the grant; then less the advance
/// netted now.
fn computed_payment_formula(project: &Project, i: usize, r: u32) -> String {
    let first = FIRST_PERIOD_ROW + 1;
    match project.funding.max_grant {
        Some(_) if i == 0 => format!("MIN(ROUND((H{r}-R{r})*J{r},2),$B$2)-S{r}-V{r}"),
        Some(_) => format!(
            "MIN(ROUND((H{r}-R{r})*J{r},2),MAX(0,$B$2-SUM(L${first}:L{prev})-SUM(S${first}:S{prev})-SUM(V${first}:V{prev})))-S{r}-V{r}",
            prev = r - 1
        ),
        None => format!("ROUND((H{r}-R{r})*J{r},2)-S{r}-V{r}"),
    }
}

/// The figures of the `i`th period's (0-based) decision `dec`: its number
/// and date, applied, approved, deducted and paid, the rate, the payment as
/// computed and the difference, the cumulative paid, the grant remaining,
/// and the findings about it.
fn write_decision(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    i: usize,
    p: &PaymentPeriod,
    dec: &Decision,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let row = FIRST_PERIOD_ROW + i as u32;
    let r = row + 1;
    sheet.write_string(row, 3, &dec.number)?;
    if let Some(decided) = dec.date {
        sheet.write_datetime_with_format(row, 4, excel_date(decided)?, &styles.date)?;
    }
    for (col, value) in [
        (COL_APPLIED, p.applied_total),
        (COL_APPROVED, p.approved_total),
        (COL_DEDUCTED, p.deducted_total),
        (COL_PAID, p.paid_now),
    ] {
        sheet.write_number_with_format(row, col, to_cell_number(value), &styles.money)?;
    }
    sheet.write_number_with_format(
        row,
        9,
        to_cell_number(p.rate_percent / Decimal::ONE_HUNDRED),
        &styles.percent,
    )?;
    let computed = computed_payment_formula(report.project, i, r);
    formula::write_money(sheet, row, 10, &computed, p.expected_payment, &styles.money)?;
    formula::write_money(
        sheet,
        row,
        12,
        &format!("L{r}-K{r}"),
        p.paid_now - p.expected_payment,
        &styles.money,
    )?;
    let paid = cumulative_paid_formula(i, r, true);
    formula::write_money(sheet, row, 13, &paid, p.cumulative_paid, &styles.money)?;
    write_remaining(sheet, row, report.project, p.remaining_grant, styles)?;
    let checks = period_checks(report, &dec.path);
    sheet.write_string_with_format(
        row,
        15,
        if checks.is_empty() {
            "OK".to_string()
        } else {
            checks.join("; ")
        },
        &styles.wrap,
    )?;
    sheet.insert_note(row, 10, &Note::new(lang.pick(
        "Tukiprosentti × (hyväksytty − tulot), pyöristetty senttiin, enintään enimmäisavustuksesta vielä käyttämätön osa, vähennettynä ennakon vähennyksellä.",
        "Rate × (approved − revenues), rounded to the cent, at most what is left of the maximum grant, less the advance netted.",
    )).set_author("velho").add_author_prefix(false))?;
    Ok(())
}

/// The total row under the periods, with a note on the realised total when
/// a flat rate is rounded per period.
fn write_totals(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    total_row: u32,
) -> Result<(), XlsxError> {
    let (lang, pay) = (report.lang, &report.rec.payments);
    let (first, last) = (FIRST_PERIOD_ROW + 1, total_row);
    sheet.write_string_with_format(total_row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    let (applied, approved, deducted) = pay.totals();
    let realised: Decimal = pay.periods.iter().map(|p| p.realised_total()).sum();
    for (col, value) in [
        (5u16, realised),
        (COL_APPLIED, applied),
        (COL_APPROVED, approved),
        (COL_DEDUCTED, deducted),
        (COL_PAID, pay.paid_by_decisions()),
        (COL_ADVANCES_PAID, pay.advances_paid()),
        (COL_REPLACED_PAID, pay.paid_by_replaced()),
    ] {
        formula::write_column_total(
            sheet,
            total_row,
            col,
            (first, last),
            value,
            &styles.money_bold,
        )?;
    }
    if report
        .project
        .categories
        .iter()
        .any(|c| c.flat_rate.is_some())
    {
        sheet.insert_note(
            total_row,
            5,
            &Note::new(lang.pick(
                "Kausien summa. Flat rate lasketaan ja pyöristetään kausittain, kuten hakemuksissa, joten summa voi poiketa sentillä tai parilla Yhteenvedon koko hankkeen luvusta, jossa flat rate pyöristetään kerran.",
                "The periods added up. The flat rate is computed and rounded per period, as claims do, so this may differ by a cent or two from Summary's whole-project figure, where the flat rate is rounded once.",
            ))
            .set_author("velho")
            .add_author_prefix(false),
        )?;
    }
    Ok(())
}

fn write_remaining(
    sheet: &mut Worksheet,
    row: u32,
    project: &Project,
    remaining: Option<Decimal>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if let Some(remaining) = remaining.filter(|_| project.funding.max_grant.is_some()) {
        formula::write_money(
            sheet,
            row,
            COL_REMAINING,
            &format!("$B$2-N{r}-U{r}", r = row + 1),
            remaining,
            &styles.money,
        )?;
    }
    Ok(())
}

/// The codes and amounts of the findings about one decision file.
fn period_checks(report: &Report, path: &str) -> Vec<String> {
    let lang = report.lang;
    let about = |f: &&Finding| {
        f.en.starts_with(path)
            && (f.severity != crate::checks::Severity::Info
                || f.code == "PAYMENT_MADE_GOOD"
                || f.code == "PAYMENT_MAKES_GOOD")
    };
    report
        .findings
        .iter()
        .filter(about)
        .map(|f| match f.amount {
            Some(a) => format!("{} {}", f.code, money::format_eur(a, lang == Lang::Fi)),
            None => f.code.to_string(),
        })
        .collect()
}

fn by_category(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let project = report.project;
    let headers = [
        lang.pick("Kausi", "Period"),
        lang.pick("Kustannuslaji", "Cost category"),
        lang.pick("Toteuma kirjanpidossa", "Realised in the ledger"),
        lang.pick("Haettu", "Applied"),
        lang.pick("Hyväksytty", "Approved"),
        lang.pick("Vähennetty", "Deducted"),
        lang.pick("Haettu − toteuma", "Applied − realised"),
    ];
    write_header(sheet, row, &headers, styles)?;
    row += 1;
    for p in report.rec.payments.periods.iter() {
        let period = &project.periods[p.period];
        let period_row = FIRST_PERIOD_ROW + p.period as u32 + 1;
        for (c, category) in project.categories.iter().enumerate() {
            let r = row + 1;
            sheet.write_string(row, 0, &period.name)?;
            sheet.write_string(row, 1, category.name(lang))?;
            let f = realised_formula(
                project,
                lang,
                ledger,
                &format!("$B${period_row}"),
                &format!("$C${period_row}"),
                Some(c),
            );
            formula::write_money(sheet, row, 2, &f, p.realised[c], &styles.money)?;
            for (col, value) in [(3u16, p.applied[c]), (4, p.approved[c]), (5, p.deducted[c])] {
                if let Some(v) = value {
                    sheet.write_number_with_format(row, col, to_cell_number(v), &styles.money)?;
                }
            }
            if let Some(applied) = p.applied[c] {
                formula::write_money(
                    sheet,
                    row,
                    6,
                    &format!("D{r}-C{r}"),
                    applied - p.realised[c],
                    &styles.money,
                )?;
            }
            row += 1;
        }
    }
    Ok(row)
}

fn deducted_items(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    row_index: &RowIndex,
    mut row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let pay = &report.rec.payments;
    if pay.deductions.is_empty() {
        return Ok(());
    }
    sheet.write_string_with_format(
        row,
        0,
        lang.pick("Vähennetyt kulut", "Deducted costs"),
        &styles.bold,
    )?;
    row += 1;
    let headers = [
        lang.pick("Päätös", "Decision"),
        lang.pick("Perustelu", "Reason"),
        lang.pick("Päivämäärä", "Date"),
        lang.pick("Summa", "Amount"),
        lang.pick("Tosite", "Voucher"),
        lang.pick("Kirjanpidon rivit", "Ledger rows"),
        lang.pick("Ensimmäinen rivi", "First row"),
    ];
    write_header(sheet, row, &headers, styles)?;
    row += 1;
    for m in &pay.deductions {
        let dec = &pay.decisions[m.decision];
        let item = &dec.items[m.item];
        sheet.write_string(row, 0, &dec.number)?;
        sheet.write_string_with_format(row, 1, &item.reason, &styles.wrap)?;
        if let Some(d) = item.date {
            sheet.write_datetime_with_format(row, 2, excel_date(d)?, &styles.date)?;
        }
        sheet.write_number_with_format(row, 3, to_cell_number(item.amount), &styles.money)?;
        sheet.write_string(row, 4, &item.voucher)?;
        let rows: Vec<String> = m
            .rows
            .iter()
            .map(|(r, part)| {
                format!(
                    "{} ({})",
                    describe_source(report, *r),
                    money::format_eur(*part, lang == Lang::Fi)
                )
            })
            .collect();
        let listed = if rows.is_empty() {
            lang.pick("ei löydy kirjanpidosta", "not found in the ledger")
                .to_string()
        } else {
            rows.join(", ")
        };
        // As tall as the reason (column B) or the rows (column F) need.
        let widths = self::headers(lang);
        let height =
            super::wrapped_row_height(&[(&item.reason, widths[1].1), (&listed, widths[5].1)]);
        sheet.set_row_height(row, height.unwrap_or(15.0).max(30.0))?;
        sheet.write_string_with_format(row, 5, listed, &styles.wrap)?;
        if let Some(target) = m.rows.first().and_then(|(r, _)| row_index.locate(*r)) {
            let link = Url::new(format!("internal:'{}'!A{}", target.0, target.1 + 1))
                .set_text(format!("{}:{}", target.0, target.1 + 1));
            sheet.write_url_with_format(row, 6, link, &styles.link)?;
        }
        row += 1;
    }
    Ok(())
}
