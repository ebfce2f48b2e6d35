//! Summary's funding block (realised, covered and eligible costs, the basis,
//! the funder's share, own share and overrun, VAT) and its payments block
//! (applied, approved, deducted, paid, the grant remaining).

use super::*;

/// The funding table: the realised costs down to the eligible ones, the
/// approved basis, the revenues, the funder's and the own share, the
/// overrun, and the VAT taken out; returns the next row.
pub(super) fn funding(
    t: &mut Table,
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    mut row: u32,
) -> u32 {
    let lang = report.lang;
    let headers = [
        lang.text("summary.funding"),
        lang.text("summary.plan"),
        lang.text("summary.realised"),
    ];
    t.header(row, &headers);
    row += 1;
    let refs = FundingRefs::new(layout, row, report.rec.funding.approved_basis.is_some());
    let mut lines = cost_lines(report, ledger, &refs);
    lines.extend(basis_line(report));
    lines.extend(share_lines(report, ledger, &refs));
    lines.extend(vat_line(report));
    funding_lines(t, row, lines)
}

/// A line of the funding table: the label, the plan's formula and value
/// (where the line has a plan), the realised figure's formula (empty where
/// it is a plain number) and value, and the note saying how it is computed.
pub(super) type FundingLine = (
    String,
    Option<(String, Decimal)>,
    (String, Decimal),
    &'static str,
);

/// Where the funding lines' formulas look: Excel rows (1-based) of the
/// lines, in order (the approved basis only when a period has a decision or
/// a pending claim), and the cells of the rate and the maximum grant.
pub(super) struct FundingRefs {
    /// The categories' total.
    total: u32,
    /// Realised costs.
    realised: u32,
    /// Covered by the flat rate.
    covered: u32,
    /// Not eligible.
    not_eligible: u32,
    /// Eligible costs.
    eligible: u32,
    /// Revenues.
    revenues: u32,
    /// The funder's share.
    funder: u32,
    /// The funding rate's cell.
    rate_cell: String,
    /// The maximum grant's row (0-based), when there is one.
    max_grant_row: Option<u32>,
}

impl FundingRefs {
    /// The references of the funding lines written from the 0-based `row`.
    fn new(layout: &Layout, row: u32, has_basis: bool) -> FundingRefs {
        let realised = row + 1;
        let eligible = realised + 3;
        let revenues = eligible + 1 + u32::from(has_basis);
        FundingRefs {
            total: layout.total_row + 1,
            realised,
            covered: realised + 1,
            not_eligible: realised + 2,
            eligible,
            revenues,
            funder: revenues + 1,
            rate_cell: format!("$B${}", layout.rate_row + 1),
            max_grant_row: layout.max_grant_row,
        }
    }

    /// `expr`, at most the maximum grant when there is one.
    fn cap(&self, expr: String) -> String {
        match self.max_grant_row {
            Some(m) => format!("MIN({expr},$B${})", m + 1),
            None => expr,
        }
    }
}

/// The SUMIFS of the Transactions rows of a status.
pub(super) fn status_sum(ledger: &Ledger, lang: Lang, status: Status) -> String {
    ledger.sum_if(&[(column::STATUS, exactly(status_label(status, lang)))])
}

/// The realised costs, less the costs a flat rate covers and the costs not
/// eligible, down to the eligible costs.
pub(super) fn cost_lines(report: &Report, ledger: &Ledger, refs: &FundingRefs) -> Vec<FundingLine> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let FundingRefs {
        total,
        realised,
        covered,
        not_eligible,
        ..
    } = *refs;
    vec![
        (
            lang.text("summary.realised_costs").into(),
            Some((format!("B{total}"), f.plan)),
            (format!("C{total}+C{covered}+C{not_eligible}"), f.realised),
            lang.text("summary.project_rows_booked_costs"),
        ),
        (
            lang.text("summary.covered_flat_rate").into(),
            None,
            (status_sum(ledger, lang, Status::Covered(0)), f.covered),
            lang.text("summary.costs_categories_flat_rate"),
        ),
        (
            lang.text("summary.not_eligible").into(),
            None,
            (
                status_sum(ledger, lang, Status::NotEligible(0)),
                f.not_eligible,
            ),
            lang.text("summary.costs_categories_funding_decision"),
        ),
        (
            lang.text("summary.eligible_costs_ledger_basis").into(),
            Some((format!("B{total}"), f.plan)),
            (
                format!("C{realised}-C{covered}-C{not_eligible}"),
                f.eligible,
            ),
            lang.text("summary.realised_covered_flat_rate"),
        ),
    ]
}

/// The eligible costs on the approved basis, when a period has a decision
/// or a pending claim.
pub(super) fn basis_line(report: &Report) -> Option<FundingLine> {
    let lang = report.lang;
    let basis = report.rec.funding.approved_basis?;
    Some((
        lang.text("summary.eligible_approved_basis").into(),
        None,
        (String::new(), basis),
        lang.text("summary.per_payment_period_what"),
    ))
}

/// The revenues, the funder's share, the own share, the overrun, and the
/// funder's share without the cap.
pub(super) fn share_lines(
    report: &Report,
    ledger: &Ledger,
    refs: &FundingRefs,
) -> Vec<FundingLine> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let rate = f.rate_percent.normalize();
    let rate_cell = &refs.rate_cell;
    let FundingRefs {
        eligible,
        revenues,
        funder,
        ..
    } = *refs;
    let revenue_sum = status_sum(ledger, lang, Status::Revenue);
    vec![
        (
            lang.text("summary.project_revenues_deducted_before").into(),
            None,
            (format!("-({revenue_sum})"), f.revenues),
            lang.text("summary.credits_revenue_accounts_velho"),
        ),
        (
            lang.fill("summary.funders_share_at_rate", &[("rate", &rate)]),
            Some((
                refs.cap(format!("ROUND(B{eligible}*{rate_cell},2)")),
                f.planned_funder_share,
            )),
            (
                refs.cap(format!("ROUND((C{eligible}-C{revenues})*{rate_cell},2)")),
                f.funder_share,
            ),
            lang.text("summary.funders_share_note"),
        ),
        (
            lang.text("summary.own_share").into(),
            Some((format!("B{eligible}-B{funder}"), f.planned_own_share)),
            (format!("C{eligible}-C{revenues}-C{funder}"), f.own_share),
            lang.text("summary.eligible_costs_revenues_funders"),
        ),
        (
            lang.text("summary.overrun_paid_organisation").into(),
            None,
            (format!("MAX(0,C{eligible}-B{eligible})"), f.overrun),
            lang.text("summary.eligible_costs_plan_when"),
        ),
        (
            lang.fill("summary.funders_share_without_cap", &[("rate", &rate)]),
            None,
            (
                format!("ROUND((C{eligible}-C{revenues})*{rate_cell},2)"),
                f.at_rate,
            ),
            lang.text("summary.without_cap_note"),
        ),
    ]
}

/// The VAT taken out of the rows (recoverable VAT), when any was.
pub(super) fn vat_line(report: &Report) -> Option<FundingLine> {
    let lang = report.lang;
    let vat = report.rec.vat_removed_total();
    if vat.is_zero() {
        return None;
    }
    Some((
        lang.text("summary.vat_taken_out_rows").into(),
        None,
        (String::new(), vat),
        lang.text("summary.velho_toml_vat_recoverable"),
    ))
}

/// Puts the funding lines from `row`, each figure with its note; returns
/// the next row.
pub(super) fn funding_lines(t: &mut Table, mut row: u32, lines: Vec<FundingLine>) -> u32 {
    for (text, plan, (realised, value), how) in lines {
        t.text(row, 0, text, Role::Plain);
        if let Some((formula, plan)) = plan {
            t.formula(row, 1, formula, plan);
        }
        if realised.is_empty() {
            t.money(row, 2, value, Role::Money);
        } else {
            t.formula(row, 2, realised, value);
        }
        note(t, row, 2, how);
        row += 1;
    }
    row
}

/// Applied, approved, deducted and paid over all decisions, from the Payments sheet.
pub(super) fn payments(t: &mut Table, report: &Report, mut row: u32) -> u32 {
    let lang = report.lang;
    let pay = &report.rec.payments;
    if report.project.periods.is_empty() {
        return row - 1;
    }
    let headers = [
        lang.text("summary.payments"),
        lang.text("summary.per_decisions"),
    ];
    t.header(row, &headers);
    row += 1;
    let name = SheetNames::of(lang).payments;
    let total_row = crate::report::payments::FIRST_PERIOD_ROW + pay.periods.len() as u32 + 1;
    let (applied, approved, deducted) = pay.totals();
    let cell = |col: u16| format!("'{name}'!{}{total_row}", table::column_name(col));
    let lines = [
        (
            lang.text("summary.applied"),
            cell(crate::report::payments::COL_APPLIED),
            applied,
        ),
        (
            lang.text("summary.approved"),
            cell(crate::report::payments::COL_APPROVED),
            approved,
        ),
        (
            lang.text("summary.deducted"),
            cell(crate::report::payments::COL_DEDUCTED),
            deducted,
        ),
        (
            lang.text("summary.paid_advances_included"),
            format!(
                "{}+{}+{}",
                cell(crate::report::payments::COL_PAID),
                cell(crate::report::payments::COL_ADVANCES_PAID),
                cell(crate::report::payments::COL_REPLACED_PAID)
            ),
            pay.paid(),
        ),
        (
            lang.text("summary.applied_not_yet_decided"),
            format!(
                "'{name}'!{}{}",
                table::column_name(crate::report::payments::COL_PENDING),
                total_row - 1
            ),
            pay.pending(),
        ),
    ];
    for (text, formula, value) in lines {
        t.text(row, 0, text, Role::Plain);
        t.formula(row, 1, formula, value);
        row += 1;
    }
    if let Some(max) = report.project.funding.max_grant {
        t.text(row, 0, lang.text("summary.grant_remaining"), Role::Plain);
        let remaining = format!("'{name}'!$B$2-B{}-B{row}", row - 1);
        t.formula(row, 1, remaining, max - pay.paid() - pay.pending());
        row += 1;
    }
    row
}
