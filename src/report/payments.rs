//! The Payments sheet: per payment period the realised costs in the ledger
//! (live formulas over Transactions), what the funder's decision says was
//! applied for, approved, deducted and paid, the payment as velho computes
//! it, the cumulative payments and the grant remaining; then the same per
//! category, and every deducted item with the ledger rows it matched.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::formula::{self, Ledger, column, exactly};
use super::table::{self, Page, Role, Table, Value};
use super::transactions::status_label;
use super::{Report, RowIndex, Styles, describe_source};
use crate::checks::Finding;
use crate::config::Project;
use crate::model::{Decision, Lang};
use crate::money;
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
    // The staff category by the staff-cost model, where it gives the figure.
    let staff = crate::reconcile::model_category(project);
    let staff_sum = || super::staff::months_between(lang, from, to);
    // Counted rows only: covered and excluded costs are never eligible.
    let category_sum = |c: usize| {
        if staff == Some(c) {
            return staff_sum();
        }
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
                .chain(staff.map(|_| staff_sum()))
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
    table::render(sheet, &build(report, ledger, row_index), styles)
}

/// The Payments sheet as a table: the periods, their total, the periods by
/// category and the deducted items.
fn build(report: &Report, ledger: &Ledger, row_index: &RowIndex) -> Table {
    let pay = &report.rec.payments;
    let mut t = Table::default();
    title(&mut t, report);
    t.header_with_widths(FIRST_PERIOD_ROW - 1, &headers(report.lang));
    for (i, p) in pay.periods.iter().enumerate() {
        period_row(&mut t, report, ledger, i, p);
    }
    let total_row = FIRST_PERIOD_ROW + pay.periods.len() as u32;
    totals(&mut t, report, total_row);
    t.freeze = Some((FIRST_PERIOD_ROW, 1));
    let row = by_category(&mut t, report, ledger, total_row + 2);
    deducted_items(&mut t, report, row_index, row + 1);
    // 22 columns: two pages wide, each repeating the period column, print
    // at a readable size where one page wide did not (issue 15).
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((2, 0)),
        scale: None,
        repeat_rows: Some((FIRST_PERIOD_ROW - 1, FIRST_PERIOD_ROW - 1)),
        repeat_columns: Some((0, 0)),
    };
    t
}

/// The title and the maximum grant (in B2, which the formulas refer to).
fn title(t: &mut Table, report: &Report) {
    let lang = report.lang;
    t.text(0, 0, lang.text("payments.title"), Role::Title);
    t.text(1, 0, lang.text("payments.maximum_grant"), Role::Bold);
    if let Some(max) = report.project.funding.max_grant {
        t.money(1, 1, max, Role::Money);
    }
}

/// The periods table's column names and widths.
fn headers(lang: Lang) -> [(&'static str, u16); 22] {
    [
        (lang.text("payments.period"), 15),
        (lang.text("payments.start"), 26),
        (lang.text("payments.end"), 11),
        (lang.text("payments.decision"), 16),
        (lang.text("payments.decided"), 11),
        (lang.text("payments.realised_ledger"), 15),
        (lang.text("payments.applied"), 15),
        (lang.text("payments.approved"), 15),
        (lang.text("payments.deducted"), 14),
        (lang.text("payments.rate"), 9),
        (lang.text("payments.payment_computed"), 15),
        (lang.text("payments.paid_now"), 15),
        (lang.text("payments.difference"), 12),
        (lang.text("payments.paid_total"), 15),
        (lang.text("payments.grant_remaining"), 15),
        (lang.text("payments.check"), 50),
        (lang.text("payments.velho_claim_costs"), 15),
        (lang.text("payments.revenues"), 13),
        (lang.text("payments.advance_netted"), 13),
        (lang.text("payments.advances_paid"), 13),
        (lang.text("payments.applied_not_decided_date"), 15),
        (lang.text("payments.paid_replaced_decision"), 15),
    ]
}

/// The `i`th period's row (0-based): its dates, the realised costs in the
/// ledger and the figures known without a decision; then the decision's
/// figures, or "No decision".
fn period_row(t: &mut Table, report: &Report, ledger: &Ledger, i: usize, p: &PaymentPeriod) {
    let (lang, project) = (report.lang, report.project);
    let row = FIRST_PERIOD_ROW + i as u32;
    let r = row + 1;
    let period = &project.periods[p.period];
    t.text(row, 0, period.name.as_str(), Role::Plain);
    t.put(row, 1, Value::Date(period.start), Role::Date);
    t.put(row, 2, Value::Date(period.end), Role::Date);
    let (from, to) = (format!("$B{r}"), format!("$C{r}"));
    let realised = realised_formula(project, lang, ledger, &from, &to, None);
    t.formula(row, 5, realised, p.realised_total());
    if let Some(claimed) = p.claimed {
        t.money(row, 16, claimed, Role::Money);
    }
    for (col, value) in [
        (COL_REVENUE, p.revenue),
        (COL_ADVANCE_NETTED, p.advance_netted),
        (COL_ADVANCES_PAID, p.advances_paid),
        (COL_PENDING, p.pending),
        (COL_REPLACED_PAID, p.paid_by_replaced),
    ] {
        t.money(row, col, value, Role::Money);
    }
    match p.decision {
        Some(d) => decision(t, report, i, p, &report.rec.payments.decisions[d]),
        None => {
            t.formula(
                row,
                13,
                cumulative_paid_formula(i, r, false),
                p.cumulative_paid,
            );
            remaining(t, row, project, p.remaining_grant);
            t.text(row, 15, lang.text("payments.no_decision"), Role::Plain);
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
fn decision(t: &mut Table, report: &Report, i: usize, p: &PaymentPeriod, dec: &Decision) {
    let lang = report.lang;
    let row = FIRST_PERIOD_ROW + i as u32;
    let r = row + 1;
    t.text(row, 3, dec.number.as_str(), Role::Plain);
    if let Some(decided) = dec.date {
        t.put(row, 4, Value::Date(decided), Role::Date);
    }
    for (col, value) in [
        (COL_APPLIED, p.applied_total),
        (COL_APPROVED, p.approved_total),
        (COL_DEDUCTED, p.deducted_total),
        (COL_PAID, p.paid_now),
    ] {
        t.money(row, col, value, Role::Money);
    }
    let rate = Value::Share(p.rate_percent / Decimal::ONE_HUNDRED);
    t.put(row, 9, rate, Role::Percent);
    let computed = computed_payment_formula(report.project, i, r);
    t.formula(row, 10, computed, p.expected_payment);
    t.formula(
        row,
        12,
        format!("L{r}-K{r}"),
        p.paid_now - p.expected_payment,
    );
    t.formula(
        row,
        13,
        cumulative_paid_formula(i, r, true),
        p.cumulative_paid,
    );
    remaining(t, row, report.project, p.remaining_grant);
    let checks = period_checks(report, &dec.path);
    let checked = if checks.is_empty() {
        "OK".to_string()
    } else {
        checks.join("; ")
    };
    t.text(row, 15, checked, Role::Wrap);
    t.note(
        row,
        10,
        lang.text("payments.rate_approved_revenues_rounded"),
        None,
    );
}

/// The total row under the periods, with a note on the realised total when
/// a flat rate is rounded per period.
fn totals(t: &mut Table, report: &Report, total_row: u32) {
    let (lang, pay) = (report.lang, &report.rec.payments);
    let (first, last) = (FIRST_PERIOD_ROW + 1, total_row);
    t.text(total_row, 0, lang.text("payments.total"), Role::Bold);
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
        t.column_total(total_row, col, (first, last), value);
    }
    let categories = &report.project.categories;
    if categories.iter().any(|c| c.flat_rate.is_some()) {
        t.note(
            total_row,
            5,
            lang.text("payments.periods_added_up_flat"),
            None,
        );
    }
}

/// The grant remaining after the period on `row`, when there is a maximum grant.
fn remaining(t: &mut Table, row: u32, project: &Project, remaining: Option<Decimal>) {
    if let Some(remaining) = remaining.filter(|_| project.funding.max_grant.is_some()) {
        t.formula(
            row,
            COL_REMAINING,
            format!("$B$2-N{r}-U{r}", r = row + 1),
            remaining,
        );
    }
}

/// What the findings about one decision file are about (their labels in
/// the sheet's language) and their amounts.
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
        .map(|f| {
            let label = crate::checks::codes::label(f.code, lang);
            match f.amount {
                Some(a) => format!("{label} {}", money::format_eur(a, lang == Lang::Fi)),
                None => label.to_string(),
            }
        })
        .collect()
}

/// Each period's figures by category, from row `row`; returns the row after.
fn by_category(t: &mut Table, report: &Report, ledger: &Ledger, mut row: u32) -> u32 {
    let lang = report.lang;
    let project = report.project;
    let headers = [
        lang.text("payments.period"),
        lang.text("payments.cost_category"),
        lang.text("payments.realised_ledger"),
        lang.text("payments.applied"),
        lang.text("payments.approved"),
        lang.text("payments.deducted"),
        lang.text("payments.applied_realised"),
    ];
    t.header(row, &headers);
    row += 1;
    for p in report.rec.payments.periods.iter() {
        let period = &project.periods[p.period];
        let period_row = FIRST_PERIOD_ROW + p.period as u32 + 1;
        let (from, to) = (format!("$B${period_row}"), format!("$C${period_row}"));
        for (c, category) in project.categories.iter().enumerate() {
            let r = row + 1;
            t.text(row, 0, period.name.as_str(), Role::Plain);
            t.text(row, 1, category.name(lang), Role::Plain);
            let f = realised_formula(project, lang, ledger, &from, &to, Some(c));
            t.formula(row, 2, f, p.realised[c]);
            for (col, value) in [(3u16, p.applied[c]), (4, p.approved[c]), (5, p.deducted[c])] {
                if let Some(v) = value {
                    t.money(row, col, v, Role::Money);
                }
            }
            if let Some(applied) = p.applied[c] {
                t.formula(row, 6, format!("D{r}-C{r}"), applied - p.realised[c]);
            }
            row += 1;
        }
    }
    row
}

/// Every deducted item with the ledger rows it matched, from row `row`.
fn deducted_items(t: &mut Table, report: &Report, row_index: &RowIndex, mut row: u32) {
    let lang = report.lang;
    let pay = &report.rec.payments;
    if pay.deductions.is_empty() {
        return;
    }
    t.text(row, 0, lang.text("payments.deducted_costs"), Role::Bold);
    row += 1;
    let headers = [
        lang.text("payments.decision"),
        lang.text("payments.reason"),
        lang.text("payments.date"),
        lang.text("payments.amount"),
        lang.text("payments.voucher"),
        lang.text("payments.ledger_rows"),
        lang.text("payments.first_row"),
    ];
    t.header(row, &headers);
    row += 1;
    for m in &pay.deductions {
        let dec = &pay.decisions[m.decision];
        let item = &dec.items[m.item];
        t.text(row, 0, dec.number.as_str(), Role::Plain);
        t.text(row, 1, item.reason.as_str(), Role::Wrap);
        if let Some(d) = item.date {
            t.put(row, 2, Value::Date(d), Role::Date);
        }
        t.money(row, 3, item.amount, Role::Money);
        t.text(row, 4, item.voucher.as_str(), Role::Plain);
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
            lang.text("payments.not_found_ledger").to_string()
        } else {
            rows.join(", ")
        };
        // As tall as the reason (column B) or the rows (column F) need.
        let widths = self::headers(lang);
        let height =
            super::wrapped_row_height(&[(&item.reason, widths[1].1), (&listed, widths[5].1)]);
        t.heights.push((row, height.unwrap_or(15.0).max(30.0)));
        t.text(row, 5, listed, Role::Wrap);
        if let Some(target) = m.rows.first().and_then(|(r, _)| row_index.locate(*r)) {
            t.put(row, 6, table::link_to(target), Role::Link);
        }
        row += 1;
    }
}
