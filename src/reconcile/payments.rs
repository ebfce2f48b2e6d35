//! The funder's payment decisions against the ledger: per payment period the
//! realised costs, what was applied for, approved and deducted, the funder's
//! arithmetic recomputed, and each deducted item matched to its ledger rows.
//!
//! Pure: the decisions arrive read, and the figures here are compared with
//! them by [`crate::checks`].

use rust_decimal::Decimal;

use super::{Status, Transaction};
use crate::config::{Category, Project};
use crate::error::Result;
use crate::model::Decision;
use crate::import::normalise_header;
use crate::model::SourceRef;
use crate::money;

/// One payment period with its decision, if one was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentPeriod {
    /// Index into the project's periods.
    pub period: usize,
    /// Index into the decisions read, when one covers this period.
    pub decision: Option<usize>,
    /// Realised in the ledger in the period, per category (flat rate computed).
    pub realised: Vec<Decimal>,
    /// Applied, approved and deducted per category, from the decision's table
    /// (`None` for a category the decision does not list).
    pub applied: Vec<Option<Decimal>>,
    /// Approved per category.
    pub approved: Vec<Option<Decimal>>,
    /// Deducted per category.
    pub deducted: Vec<Option<Decimal>>,
    /// The decision's whole table, added up (lines velho could not map included).
    pub applied_total: Decimal,
    /// Approved in all.
    pub approved_total: Decimal,
    /// Deducted in all.
    pub deducted_total: Decimal,
    /// The rate the decision states, else the project's.
    pub rate_percent: Decimal,
    /// What the payment should be: rate × approved, within the maximum grant.
    pub expected_payment: Decimal,
    /// What the decision pays now.
    pub paid_now: Decimal,
    /// Paid by this and all earlier decisions, as velho adds them up.
    pub cumulative_paid: Decimal,
    /// The maximum grant less the cumulative paid.
    pub remaining_grant: Option<Decimal>,
    /// What velho's claim workbook for the period claimed (costs), if one exists.
    pub claimed: Option<Decimal>,
}

impl PaymentPeriod {
    /// Realised in all categories.
    pub fn realised_total(&self) -> Decimal {
        self.realised.iter().sum()
    }
}

/// A deducted item matched to ledger rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductionMatch {
    /// The decision.
    pub decision: usize,
    /// The item in its table.
    pub item: usize,
    /// The ledger rows and the part of each deducted; empty when unmatched.
    pub rows: Vec<(SourceRef, Decimal)>,
}

/// All the payments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payments {
    /// The decisions read, in file order.
    pub decisions: Vec<Decision>,
    /// One per configured period, in order.
    pub periods: Vec<PaymentPeriod>,
    /// Decisions whose period is not one of the project's (indices).
    pub unplaced: Vec<usize>,
    /// Decisions that cover a period another decision already covers (indices).
    pub repeated: Vec<usize>,
    /// Decision lines whose category velho could not map: (decision, line).
    pub unknown_lines: Vec<(usize, usize)>,
    /// Every deducted item and the rows it matched.
    pub deductions: Vec<DeductionMatch>,
    /// Each deducted ledger row: the index of its match in `deductions` and
    /// the part deducted (looked up for every row written, so indexed once).
    deducted_rows: std::collections::HashMap<SourceRef, (usize, Decimal)>,
}

impl Payments {
    /// Paid in all, by the decisions placed in periods.
    pub fn paid(&self) -> Decimal {
        self.periods
            .last()
            .map_or(Decimal::ZERO, |p| p.cumulative_paid)
    }

    /// Applied, approved and deducted over all periods.
    pub fn totals(&self) -> (Decimal, Decimal, Decimal) {
        let with_decision = self.periods.iter().filter(|p| p.decision.is_some());
        with_decision.fold(
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
            |(a, b, c), p| {
                (
                    a + p.applied_total,
                    b + p.approved_total,
                    c + p.deducted_total,
                )
            },
        )
    }

    /// The part of a ledger row the funder deducted, and by which item.
    pub fn deduction_of(&self, row: SourceRef) -> Option<(&DeductionMatch, Decimal)> {
        self.deducted_rows
            .get(&row)
            .map(|&(m, part)| (&self.deductions[m], part))
    }
}

/// Matches a decision's category name to the project's categories (by Finnish
/// or English name or id, ignoring case and punctuation).
pub fn category_of(categories: &[Category], name: &str) -> Option<usize> {
    let wanted = normalise_header(name);
    categories.iter().position(|c| {
        [&c.name_fi, &c.name_en, &c.id]
            .iter()
            .any(|n| normalise_header(n) == wanted)
    })
}

/// Places the decisions in their periods and recomputes the funder's arithmetic.
pub fn payments(
    project: &Project,
    decisions: Vec<Decision>,
    claims: &[crate::model::ClaimRecord],
    transactions: &[Transaction],
) -> Result<Payments> {
    let mut out = Payments {
        decisions,
        ..Payments::default()
    };
    let mut cumulative = Decimal::ZERO;
    for (index, period) in project.periods.iter().enumerate() {
        let covering: Vec<usize> = (0..out.decisions.len())
            .filter(|&d| out.decisions[d].period == (period.start, period.end))
            .collect();
        out.repeated.extend(covering.iter().skip(1));
        let decision = covering.first().copied();
        let realised = realised_in(project, transactions, |date| period.contains(date))?;
        let mut line = PaymentPeriod {
            period: index,
            decision,
            realised,
            applied: vec![None; project.categories.len()],
            approved: vec![None; project.categories.len()],
            deducted: vec![None; project.categories.len()],
            applied_total: Decimal::ZERO,
            approved_total: Decimal::ZERO,
            deducted_total: Decimal::ZERO,
            rate_percent: project.funding.rate_percent,
            expected_payment: Decimal::ZERO,
            paid_now: Decimal::ZERO,
            cumulative_paid: cumulative,
            remaining_grant: project.funding.max_grant.map(|m| m - cumulative),
            claimed: claims
                .iter()
                .find(|c| (c.start, c.end) == (period.start, period.end))
                .map(|c| c.total()),
        };
        if let Some(d) = decision {
            fill_from_decision(
                project,
                &out.decisions[d],
                d,
                &mut line,
                &mut out.unknown_lines,
            )?;
            let at_rate = project.funding.percent_of(
                line.approved_total,
                line.rate_percent,
                "the payment",
            )?;
            let room = project
                .funding
                .max_grant
                .map(|m| (m - cumulative).max(Decimal::ZERO));
            line.expected_payment = room.map_or(at_rate, |r| at_rate.min(r));
            cumulative = money::checked_add(cumulative, line.paid_now, "the cumulative payments")?;
            line.cumulative_paid = cumulative;
            line.remaining_grant = project.funding.max_grant.map(|m| m - cumulative);
        }
        out.periods.push(line);
    }
    out.unplaced = (0..out.decisions.len())
        .filter(|&d| {
            !project
                .periods
                .iter()
                .any(|p| out.decisions[d].period == (p.start, p.end))
        })
        .collect();
    out.deductions = match_deductions(&out.decisions, transactions);
    out.deducted_rows = out
        .deductions
        .iter()
        .enumerate()
        .flat_map(|(m, d)| d.rows.iter().map(move |(r, part)| (*r, (m, *part))))
        .collect();
    Ok(out)
}

fn fill_from_decision(
    project: &Project,
    decision: &Decision,
    d: usize,
    line: &mut PaymentPeriod,
    unknown: &mut Vec<(usize, usize)>,
) -> Result<()> {
    for (i, l) in decision.lines.iter().enumerate() {
        line.applied_total =
            money::checked_add(line.applied_total, l.applied, "a decision's total")?;
        line.approved_total =
            money::checked_add(line.approved_total, l.approved, "a decision's total")?;
        line.deducted_total =
            money::checked_add(line.deducted_total, l.deducted, "a decision's total")?;
        match category_of(&project.categories, &l.category) {
            Some(c) => {
                line.applied[c] = Some(line.applied[c].unwrap_or_default() + l.applied);
                line.approved[c] = Some(line.approved[c].unwrap_or_default() + l.approved);
                line.deducted[c] = Some(line.deducted[c].unwrap_or_default() + l.deducted);
            }
            None => unknown.push((d, i)),
        }
    }
    line.rate_percent = decision
        .rate_percent
        .unwrap_or(project.funding.rate_percent);
    line.paid_now = decision.paid_now;
    Ok(())
}

/// Realised per category of the rows counted whose date passes `within`.
fn realised_in(
    project: &Project,
    transactions: &[Transaction],
    within: impl Fn(chrono::NaiveDate) -> bool,
) -> Result<Vec<Decimal>> {
    let mut realised = vec![Decimal::ZERO; project.categories.len()];
    for t in transactions.iter().filter(|t| within(t.row.date)) {
        if let Status::Eligible(c) = t.status {
            realised[c] =
                money::checked_add(realised[c], t.row.amount, "a period's realised costs")?;
        }
    }
    super::apply_flat_rates(project, &mut realised)?;
    Ok(realised)
}

/// Each deducted item to exactly one ledger row (voucher and amount within a
/// cent), or to all rows of its voucher when the whole invoice was deducted,
/// or to one row of the voucher as a partial deduction. No row is used twice.
fn match_deductions(decisions: &[Decision], transactions: &[Transaction]) -> Vec<DeductionMatch> {
    let cent = Decimal::new(1, 2);
    let mut used: Vec<SourceRef> = Vec::new();
    let mut out = Vec::new();
    for (d, decision) in decisions.iter().enumerate() {
        for (i, item) in decision.items.iter().enumerate() {
            let candidates: Vec<&Transaction> = transactions
                .iter()
                .filter(|t| {
                    !matches!(t.status, Status::Duplicate(_))
                        && t.row.voucher == item.voucher
                        && !used.contains(&t.row.source)
                })
                .collect();
            let exact = candidates
                .iter()
                .find(|t| (t.row.amount - item.amount).abs() <= cent);
            let voucher_total: Decimal = candidates.iter().map(|t| t.row.amount).sum();
            let rows: Vec<(SourceRef, Decimal)> = if let Some(t) = exact {
                vec![(t.row.source, t.row.amount)]
            } else if candidates.len() > 1 && (voucher_total - item.amount).abs() <= cent {
                candidates
                    .iter()
                    .map(|t| (t.row.source, t.row.amount))
                    .collect()
            } else {
                let partial = candidates
                    .iter()
                    .filter(|t| {
                        t.row.amount > item.amount
                            && item.date.is_none_or(|date| date == t.row.date)
                    })
                    .min_by_key(|t| t.row.amount);
                partial
                    .map(|t| vec![(t.row.source, item.amount)])
                    .unwrap_or_default()
            };
            used.extend(rows.iter().map(|(r, _)| *r));
            out.push(DeductionMatch {
                decision: d,
                item: i,
                rows,
            });
        }
    }
    out
}
