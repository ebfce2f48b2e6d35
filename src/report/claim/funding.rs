//! The Claim sheet's funding block (the earlier periods on the approved
//! basis, what was paid and is pending, the grant and plan remaining, the
//! amount applied for), the final claim's block, and the earlier claims.

use rust_decimal::Decimal;

use super::*;
use crate::money::to_cell_number;

/// A label–figure line of the Claim sheet: the label, the figure's formula
/// (empty where it is a plain number), its value, and whether it is the
/// amount applied for (in bold).
pub(super) type Line = (String, String, Decimal, bool);

/// Excel rows (1-based) that the funding lines' formulas refer to.
pub(super) struct FundingRows {
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

/// The funding lines from the 0-based `row`: this period's share at the
/// rate, what came before on the approved basis, and (in an interim claim)
/// the one amount applied for. Returns the next row and the (1-based) rows
/// of paid earlier and pending.
pub(super) fn funding_block(
    t: &mut Table,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    extract: &str,
    row: u32,
    rate_row: u32,
) -> (u32, u32, u32) {
    let rows = FundingRows::from(row, rate_row, project.funding.max_grant.is_some());
    let mut lines = period_lines(project, claim, lang, extract, &rows);
    lines.extend(earlier_lines(project, claim, lang, &rows));
    lines.extend(applied_lines(project, claim, lang, &rows));
    let row = put_lines(t, row, lines);
    (row, rows.paid, rows.pending)
}

/// This period's lines: the costs, the revenues, the net costs, and the
/// funder's share of them at the rate.
pub(super) fn period_lines(
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
            lang.text("claim.costs_all").into(),
            format!("B{total}"),
            claim.total(),
            false,
        ),
        (
            lang.text("claim.revenues_deducted_before_rate").into(),
            format!(
                "-SUMIFS('{extract}'!$H:$H,'{extract}'!$A:$A,{})",
                exactly(revenue_label(lang))
            ),
            claim.revenues,
            false,
        ),
        (
            lang.text("claim.net_costs").into(),
            format!("B{costs}-B{revenues}"),
            claim.net,
            false,
        ),
        (
            lang.fill("claim.periods_funders_share", &[("rate", &rate)]),
            format!("ROUND(B{net}*$B${},2)", rows.rate),
            claim.funding.at_rate,
            false,
        ),
    ]
}

/// What came before: the earlier periods' costs, the plan remaining, what
/// the funder paid earlier and what is applied for and not yet decided.
pub(super) fn earlier_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    rows: &FundingRows,
) -> Vec<Line> {
    let f = &claim.funding;
    vec![
        (
            lang.text("claim.earlier_periods_costs_approved").into(),
            String::new(),
            f.earlier_costs(),
            false,
        ),
        (
            lang.text("claim.plan_remaining_after_claim").into(),
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
            lang.text("claim.paid_funder_earlier_decisions").into(),
            String::new(),
            f.paid_earlier,
            false,
        ),
        (
            lang.text("claim.applied_earlier_not_yet").into(),
            String::new(),
            f.pending_earlier,
            false,
        ),
    ]
}

/// The maximum grant remaining before this claim (when known), and in an
/// interim claim the amount applied for and the maximum grant remaining
/// after it.
pub(super) fn applied_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    rows: &FundingRows,
) -> Vec<Line> {
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
            lang.text("claim.maximum_grant_remaining_before").into(),
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
            lang.text("claim.amount_applied_capped_maximum")
        } else {
            lang.text("claim.amount_applied")
        };
        lines.push((label.into(), formula, f.applied, true));
        if let Some(after) = f.grant_remaining_after {
            lines.push((
                lang.text("claim.maximum_grant_remaining_after").into(),
                format!("B{before}-B{applied}"),
                after,
                false,
            ));
        }
    }
    lines
}

/// Puts label–figure lines from `row` (a figure with its formula, or a
/// plain number where it has none; the amount applied for in bold);
/// returns the next row.
pub(super) fn put_lines(t: &mut Table, mut row: u32, lines: Vec<Line>) -> u32 {
    for (label, formula_text, value, bold) in lines {
        let (text, money) = match bold {
            true => (Role::Bold, Role::MoneyBold),
            false => (Role::Plain, Role::Money),
        };
        t.text(row, 0, label, text);
        if formula_text.is_empty() {
            t.money(row, 1, value, money);
        } else {
            t.formula_with(row, 1, formula_text, value, money);
        }
        row += 1;
    }
    row
}

/// A final claim's block from the 0-based `row`: the whole project's net
/// costs on the approved basis, the plan, the overrun, the funder's share
/// and the final payment applied for (`paid` and `pending` are the 1-based
/// rows of paid earlier and pending). Returns the next row.
pub(super) fn final_block(
    t: &mut Table,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    mut row: u32,
    rate_row: u32,
    (paid, pending): (u32, u32),
) -> u32 {
    let Some(f) = &claim.final_figures else {
        return row;
    };
    t.header(row, &[lang.text("claim.final_claim_whole_project"), ""]);
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
            lang.text("claim.projects_net_costs_earlier").into(),
            String::new(),
            f.costs,
            false,
        ),
        (
            lang.text("claim.approved_plan").into(),
            String::new(),
            f.plan,
            false,
        ),
        (
            format!(
                "{} ({})",
                lang.text("claim.overrun_paid_beneficiary"),
                project.funding.own_share_by
            ),
            String::new(),
            f.overrun,
            false,
        ),
        (
            lang.text("claim.funders_share_whole_project").into(),
            cap,
            f.funder_share,
            false,
        ),
        (
            lang.text("claim.amount_applied_final_payment").into(),
            format!("B{share}-B{paid}-B{pending}"),
            f.final_payment,
            true,
        ),
    ];
    if project.funding.max_grant.is_some() {
        lines.push((
            lang.text("claim.maximum_grant_remaining_after").into(),
            format!("{max_cell}-B{paid}-B{pending}-B{applied}"),
            claim.funding.grant_remaining_after.unwrap_or_default(),
            false,
        ));
    }
    put_lines(t, row, lines)
}

/// The earlier periods from the 0-based `row`, each with its costs, the
/// funder's share and what they rest on; then the advances not yet netted.
/// Returns the next row.
pub(super) fn earlier_claims(t: &mut Table, claim: &Claim, lang: Lang, mut row: u32) -> u32 {
    if claim.funding.earlier.is_empty() {
        return row;
    }
    let headers = [
        lang.text("claim.earlier_periods"),
        lang.text("claim.costs"),
        lang.text("claim.funders_share"),
        lang.text("claim.basis"),
        lang.text("claim.claim_file"),
    ];
    t.header(row, &headers);
    t.note(row, 2, lang.text("claim.decided_period_paid_advance"), None);
    row += 1;
    for e in &claim.funding.earlier {
        let basis = match &e.basis {
            EarlierBasis::Approved { number, .. } => {
                lang.fill("claim.earlier.approved", &[("decision", number)])
            }
            EarlierBasis::Pending(_) => lang.text("claim.earlier.pending").to_string(),
            EarlierBasis::Open => lang.text("claim.earlier.open").to_string(),
        };
        let period = format!(
            "{} {} ({}–{})",
            lang.text("claim.period"),
            e.name,
            finnish(e.start),
            finnish(e.end)
        );
        t.text(row, 0, period, Role::Plain);
        t.money(row, 1, e.total(), Role::Money);
        t.money(row, 2, e.funder_share, Role::Money);
        t.text(row, 3, basis, Role::Plain);
        // The claim's file in a column of its own, the period and the
        // decision number naming it in the others.
        if let EarlierBasis::Pending(path) = &e.basis {
            t.text(row, 4, path.as_str(), Role::Plain);
        }
        row += 1;
    }
    if !claim.funding.advances_not_netted.is_zero() {
        t.text(
            row,
            0,
            lang.text("claim.advances_not_yet_netted"),
            Role::Plain,
        );
        t.money(row, 2, claim.funding.advances_not_netted, Role::Money);
        row += 1;
    }
    row
}
