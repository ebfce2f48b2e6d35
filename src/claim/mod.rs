//! Payment applications (maksatushakemus): the costs of one payment period,
//! by category, with the ledger lines behind each figure; the flat rate;
//! revenues deducted before the funding rate; the funder's share; what was
//! claimed earlier and the cumulative totals; and for the final claim the
//! whole project's figures and the final payment still due.
//!
//! Pure: built from the reconciliation and the earlier claims as read.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::{Period, Project};
use crate::error::Result;
use crate::model::{LedgerRow, RowKey};
use crate::money;
use crate::reconcile::{Reconciliation, Status};

pub use crate::model::ClaimRecord;

/// Why a row of the period is not claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// Already in an earlier claim (its file).
    AlreadyClaimed(String),
    /// Dated in an earlier period but not in that period's claim: posted after it.
    LatePosting(String),
    /// The funder deducted it in an earlier decision (its number).
    DeductedEarlier(String),
    /// Its category has no plan: the decision does not allow it.
    CategoryNotAllowed,
    /// The flat rate (this category) already covers it.
    CoveredByFlatRate(usize),
    /// Its account feeds no category.
    Unmapped,
    /// Dated outside the project period.
    OutsideProject,
}

/// A row that is not claimed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// The row.
    pub row: LedgerRow,
    /// Why.
    pub reason: Exclusion,
}

/// The whole project's figures, for the final claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalFigures {
    /// All claims' costs, this one included.
    pub costs: Decimal,
    /// The plan.
    pub plan: Decimal,
    /// Costs over the plan: stay with the organisation.
    pub overrun: Decimal,
    /// The funder's share of the whole project, at most the maximum grant.
    pub funder_share: Decimal,
    /// Paid by the funder before this claim (its decisions).
    pub paid_earlier: Decimal,
    /// The final payment still due (negative: to be returned).
    pub final_payment: Decimal,
}

/// A payment application for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The period claimed.
    pub period: Period,
    /// True for the final claim (the period ends at the project end).
    pub is_final: bool,
    /// The claimed rows with their category, in extract order (category, account, date, voucher).
    pub lines: Vec<(usize, LedgerRow)>,
    /// Revenue rows deducted.
    pub revenue_lines: Vec<LedgerRow>,
    /// Rows not claimed, with the reason.
    pub excluded: Vec<Excluded>,
    /// Claimed per category (a flat rate computed from its claimed base).
    pub by_category: Vec<Decimal>,
    /// Revenues (positive), deducted before the rate.
    pub revenues: Decimal,
    /// Costs − revenues.
    pub net: Decimal,
    /// The funder's share of this claim: rate × net, rounded.
    pub funder_share: Decimal,
    /// Earlier claims, oldest first.
    pub earlier: Vec<ClaimRecord>,
    /// For the final claim.
    pub final_figures: Option<FinalFigures>,
}

impl Claim {
    /// Costs claimed in all categories.
    pub fn total(&self) -> Decimal {
        self.by_category.iter().sum()
    }

    /// What this claim will be stored as, for later claims to read.
    pub fn record(&self, project: &Project) -> ClaimRecord {
        ClaimRecord {
            period: self.period.name.clone(),
            start: self.period.start,
            end: self.period.end,
            by_category: project
                .categories
                .iter()
                .zip(&self.by_category)
                .map(|(c, a)| (c.id.clone(), *a))
                .collect(),
            revenues: self.revenues,
            funder_share: self.funder_share,
            rows: self.lines.iter().map(|(_, r)| RowKey::of(r)).collect(),
            path: String::new(),
        }
    }
}

/// What the funder's decisions say was applied for, as claims, for the
/// periods that have a decision but no claim workbook.
pub fn from_decisions(
    project: &Project,
    rec: &Reconciliation,
    claims: &[ClaimRecord],
) -> Vec<ClaimRecord> {
    rec.payments
        .periods
        .iter()
        .filter_map(|p| {
            let d = p.decision?;
            let period = &project.periods[p.period];
            if claims
                .iter()
                .any(|c| c.start <= period.end && period.start <= c.end)
            {
                return None;
            }
            let decision = &rec.payments.decisions[d];
            Some(ClaimRecord {
                period: period.name.clone(),
                start: period.start,
                end: period.end,
                by_category: project
                    .categories
                    .iter()
                    .zip(&p.applied)
                    .map(|(c, a)| (c.id.clone(), a.unwrap_or_default()))
                    .collect(),
                revenues: Decimal::ZERO,
                funder_share: project
                    .funding
                    .percent_of(p.applied_total, p.rate_percent, "the funder's share")
                    .unwrap_or_default(),
                rows: Vec::new(),
                path: format!("{} ({})", decision.path, decision.number),
            })
        })
        .collect()
}

/// Prepares the claim of `period` from a reconciliation made as of its end.
pub fn prepare(
    project: &Project,
    rec: &Reconciliation,
    period: &Period,
    mut earlier: Vec<ClaimRecord>,
) -> Result<Claim> {
    earlier.retain(|c| c.end < period.start);
    earlier.sort_by_key(|c| c.start);
    let claimed: HashSet<&RowKey> = earlier.iter().flat_map(|c| c.rows.iter()).collect();
    let covering_claim =
        |date: NaiveDate| earlier.iter().find(|c| (c.start..=c.end).contains(&date));
    let is_first = project
        .periods
        .first()
        .is_none_or(|p| p.start >= period.start);
    let is_final = period.end >= project.end;
    let covered_by = |c: usize| {
        project
            .categories
            .iter()
            .position(|f| f.flat_rate.as_ref().is_some_and(|r| r.covers.contains(&c)))
    };
    let mut claim = Claim {
        period: period.clone(),
        is_final,
        lines: Vec::new(),
        revenue_lines: Vec::new(),
        excluded: Vec::new(),
        by_category: vec![Decimal::ZERO; project.categories.len()],
        revenues: Decimal::ZERO,
        net: Decimal::ZERO,
        funder_share: Decimal::ZERO,
        earlier: Vec::new(),
        final_figures: None,
    };
    for t in &rec.transactions {
        let row = &t.row;
        let in_period = period.contains(row.date);
        let key = RowKey::of(row);
        let exclusion = match t.status {
            Status::Duplicate(_) | Status::AfterAsOf => continue,
            Status::BeforeStart if is_first => Some(Exclusion::OutsideProject),
            Status::AfterEnd if is_final => Some(Exclusion::OutsideProject),
            Status::BeforeStart | Status::AfterEnd => continue,
            _ if row.date > period.end => continue,
            _ if claimed.contains(&key) && !in_period => continue,
            _ if claimed.contains(&key) => {
                Some(Exclusion::AlreadyClaimed(claimed_in(&earlier, &key)))
            }
            Status::Eligible(c) if !in_period => match (
                eligible_exclusion(project, rec, period, row, c, covered_by(c)),
                covering_claim(row.date),
            ) {
                // Reported in its own period's claim already.
                (Some(_), _) => continue,
                // Known only from the funder's decision: no row detail, so taken as claimed.
                (None, Some(earlier)) if earlier.rows.is_empty() => continue,
                (None, earlier) => Some(Exclusion::LatePosting(
                    earlier.map(|c| c.period.clone()).unwrap_or_default(),
                )),
            },
            _ if !in_period => continue,
            Status::Unmapped => Some(Exclusion::Unmapped),
            Status::Revenue => {
                claim.revenue_lines.push(row.clone());
                None
            }
            Status::Eligible(c) => eligible_exclusion(project, rec, period, row, c, covered_by(c)),
        };
        match (exclusion, t.status) {
            (Some(reason), _) => claim.excluded.push(Excluded {
                row: row.clone(),
                reason,
            }),
            (None, Status::Eligible(c)) => claim.lines.push((c, row.clone())),
            _ => {}
        }
    }
    claim.lines.sort_by(|(a, x), (b, y)| {
        (
            a,
            account_order(&x.account),
            &x.account,
            x.date,
            &x.voucher,
            x.source,
        )
            .cmp(&(
                b,
                account_order(&y.account),
                &y.account,
                y.date,
                &y.voucher,
                y.source,
            ))
    });
    add_up(project, &mut claim)?;
    claim.earlier = earlier;
    if is_final {
        claim.final_figures = Some(final_figures(project, rec, &claim)?);
    }
    Ok(claim)
}

/// The file of the earlier claim that holds a row.
fn claimed_in(earlier: &[ClaimRecord], key: &RowKey) -> String {
    earlier
        .iter()
        .find(|c| c.rows.contains(key))
        .map(|c| c.path.clone())
        .unwrap_or_default()
}

/// Numeric accounts in number order, others after them.
fn account_order(account: &str) -> u64 {
    account.parse().unwrap_or(u64::MAX)
}

fn eligible_exclusion(
    project: &Project,
    rec: &Reconciliation,
    period: &Period,
    row: &LedgerRow,
    c: usize,
    covered_by: Option<usize>,
) -> Option<Exclusion> {
    if project.categories[c].plan.is_zero() {
        return Some(Exclusion::CategoryNotAllowed);
    }
    if let Some(flat) = covered_by {
        return Some(Exclusion::CoveredByFlatRate(flat));
    }
    let (m, _) = rec.payments.deduction_of(row.source)?;
    let decision = &rec.payments.decisions[m.decision];
    let earlier = decision.period.1 < period.start;
    let reclaimed = project
        .claims
        .reclaim_vouchers
        .iter()
        .any(|v| *v == row.voucher);
    (earlier && !reclaimed).then(|| Exclusion::DeductedEarlier(decision.number.clone()))
}

fn add_up(project: &Project, claim: &mut Claim) -> Result<()> {
    for (c, row) in &claim.lines {
        claim.by_category[*c] =
            money::checked_add(claim.by_category[*c], row.amount, "a claimed category")?;
    }
    crate::reconcile::apply_flat_rates(project, &mut claim.by_category)?;
    claim.revenues = -claim
        .revenue_lines
        .iter()
        .map(|r| r.amount)
        .sum::<Decimal>();
    claim.net = claim.total() - claim.revenues;
    claim.funder_share = project.funding.percent_of(
        claim.net,
        project.funding.rate_percent,
        "the funder's share",
    )?;
    Ok(())
}

fn final_figures(project: &Project, rec: &Reconciliation, claim: &Claim) -> Result<FinalFigures> {
    // The whole project's costs come from the ledger as of the project end,
    // not from adding up claims: a cost claimed twice by mistake (and
    // deducted) must not count twice.
    let costs = rec.funding.eligible - rec.funding.revenues;
    let plan = project.plan_total();
    let paid_earlier: Decimal = rec
        .payments
        .periods
        .iter()
        .filter(|p| p.decision.is_some() && project.periods[p.period].end < claim.period.start)
        .map(|p| p.paid_now)
        .sum();
    Ok(FinalFigures {
        costs,
        plan,
        overrun: (costs - plan).max(Decimal::ZERO),
        funder_share: rec.funding.funder_share,
        paid_earlier,
        final_payment: rec.funding.funder_share - paid_earlier,
    })
}
