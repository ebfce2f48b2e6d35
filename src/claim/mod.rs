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

use crate::config::{Eligibility, Period, Project};
use crate::error::Result;
use crate::model::{LedgerRow, RowKey};
use crate::money;
use crate::reconcile::payments::Basis;
use crate::reconcile::{Reconciliation, Status, Transaction};

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
    /// Its category is not eligible (`eligible = false`).
    NotEligible,
    /// Its account feeds no category.
    Unmapped,
    /// In the staff category whose figure the staff-cost model gives: the
    /// claim's per-person table counts the staff costs.
    CoveredByStaffModel,
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

/// The whole project's figures, for the final claim, on the approved basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalFigures {
    /// The whole project's net costs on the approved basis: the earlier
    /// periods' approved (or pending claimed) costs less their revenues,
    /// and this claim's net costs.
    pub costs: Decimal,
    /// The plan.
    pub plan: Decimal,
    /// Costs (before revenues) over the plan: stay with the organisation.
    pub overrun: Decimal,
    /// Rate × the net costs, rounded, before the maximum grant.
    pub at_rate: Decimal,
    /// The funder's share of the whole project, at most the maximum grant.
    pub funder_share: Decimal,
    /// The final payment still due: the funder's share − paid − pending
    /// (negative: to be returned).
    pub final_payment: Decimal,
}

/// What an earlier period's figures in a claim rest on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EarlierBasis {
    /// The funder's decision (its number and file).
    Approved {
        /// Decision number.
        number: String,
        /// Its file.
        path: String,
    },
    /// A claim filed and not yet decided (its file).
    Pending(String),
    /// Neither: nothing claimed for the period.
    Open,
}

/// One earlier period as a claim counts it: on the approved basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierPeriod {
    /// The period's name.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// What the figures rest on.
    pub basis: EarlierBasis,
    /// Costs per category: approved, or claimed when pending.
    pub costs: Vec<Decimal>,
    /// Revenues deducted.
    pub revenue: Decimal,
    /// The funder's share: paid by the decision, or applied for when pending.
    pub funder_share: Decimal,
}

impl EarlierPeriod {
    /// Costs in all categories.
    pub fn total(&self) -> Decimal {
        self.costs.iter().sum()
    }
}

/// The claim's funding figures: what came before it on the approved basis,
/// the one amount applied for, and what remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFunding {
    /// The earlier periods, oldest first.
    pub earlier: Vec<EarlierPeriod>,
    /// The earlier periods' costs per category.
    pub earlier_by_category: Vec<Decimal>,
    /// Advances paid by the claim period's end and not yet netted against
    /// a payment (the earlier periods' shares hold the netted part).
    pub advances_not_netted: Decimal,
    /// Paid by the funder before this claim: the earlier periods' decisions and the advances.
    pub paid_earlier: Decimal,
    /// Applied for in earlier claims not yet decided.
    pub pending_earlier: Decimal,
    /// Rate × this claim's net costs, rounded (before any cap).
    pub at_rate: Decimal,
    /// The maximum grant less paid and pending, before this claim.
    pub grant_remaining_before: Option<Decimal>,
    /// The one amount applied for: an interim claim's share at the rate
    /// within the grant remaining, or the final claim's payment still due.
    pub applied: Decimal,
    /// The grant remaining after this claim.
    pub grant_remaining_after: Option<Decimal>,
    /// The plan less the costs claimed on the approved basis, this claim included.
    pub plan_remaining: Decimal,
}

impl ClaimFunding {
    /// The earlier periods' costs in all.
    pub fn earlier_costs(&self) -> Decimal {
        self.earlier_by_category.iter().sum()
    }

    /// The funder's share before this claim: paid (advances included) and pending.
    pub fn earlier_share(&self) -> Decimal {
        self.paid_earlier + self.pending_earlier
    }

    /// True when the maximum grant, not the rate, decided the amount applied for.
    pub fn is_capped(&self) -> bool {
        self.applied < self.at_rate
    }
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
    /// The staff-cost model's person-months of the period with an eligible
    /// cost (a month counts in the period holding its first day; a month of
    /// no eligible cost is left out), with `[staff]`: the claim's
    /// per-person table, as the funder's form asks. Where the model gives
    /// the staff category's figure it is the category's claimed costs;
    /// under the actual-cost model with the ledger as the evidence the
    /// category is claimed from the ledger, and the table, read from the
    /// payroll, adds up to it when the two agree (a difference is the
    /// reconciliation's `STAFF_PAYROLL_VS_LEDGER` warning).
    pub staff: Vec<crate::staff::PersonMonth>,
    /// The persons and their names in ledger texts, shown in the claim as
    /// `[staff] show_persons_in_claims` says.
    pub persons: crate::staff::privacy::PersonNames,
    /// Revenues (positive), deducted before the rate.
    pub revenues: Decimal,
    /// Costs − revenues.
    pub net: Decimal,
    /// The funder's share of this claim: rate × net, rounded.
    pub funder_share: Decimal,
    /// The claim's funding figures on the approved basis.
    pub funding: ClaimFunding,
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
            funder_share: self.funding.applied,
            rows: self.lines.iter().map(|(_, r)| RowKey::of(r)).collect(),
            path: String::new(),
            copies: Vec::new(),
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
                copies: Vec::new(),
            })
        })
        .collect()
}

/// Prepares the claim of `period` from a reconciliation made as of its end.
///
/// `claims` are the claims as read (and the decided periods without one):
/// those of another period, whatever it is, are the claims made already. A
/// row one of them holds is never claimed again, and a row dated in one's
/// period is that claim's, as a row of an earlier period is (`velho claim`
/// refuses a period that overlaps another claim's; this holds without it).
/// A claim of this same period is another copy of this claim.
pub fn prepare(
    project: &Project,
    rec: &Reconciliation,
    period: &Period,
    claims: Vec<ClaimRecord>,
) -> Result<Claim> {
    let mut others: Vec<ClaimRecord> = claims
        .into_iter()
        .filter(|c| (c.start, c.end) != (period.start, period.end))
        .collect();
    others.sort_by_key(|c| c.start);
    let rules = Placing {
        project,
        rec,
        period,
        earlier: &others,
        claimed: others.iter().flat_map(|c| c.rows.iter()).collect(),
        is_first: project
            .periods
            .first()
            .is_none_or(|p| p.start >= period.start),
        is_final: period.end >= project.end,
    };
    let mut claim = Claim::empty(project, period, rules.is_final);
    for t in &rec.transactions {
        let row = &t.row;
        match rules.place(t) {
            Placement::Skipped => {}
            Placement::Claimed(c) => claim.lines.push((c, row.clone())),
            Placement::Revenue => claim.revenue_lines.push(row.clone()),
            Placement::Excluded(reason) => claim.excluded.push(Excluded {
                row: row.clone(),
                reason,
            }),
        }
    }
    drop(rules);
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
    add_up(project, rec, &mut claim)?;
    claim.funding = funding(project, rec, &claim)?;
    if claim.is_final {
        let (figures, applied) = final_figures(project, &claim)?;
        claim.funding.applied = applied;
        claim.funding.grant_remaining_after =
            claim.funding.grant_remaining_before.map(|r| r - applied);
        claim.final_figures = Some(figures);
    }
    Ok(claim)
}

impl Claim {
    /// The claim of `period` with nothing placed in it yet.
    fn empty(project: &Project, period: &Period, is_final: bool) -> Claim {
        let n = project.categories.len();
        Claim {
            period: period.clone(),
            is_final,
            lines: Vec::new(),
            revenue_lines: Vec::new(),
            excluded: Vec::new(),
            by_category: vec![Decimal::ZERO; n],
            staff: Vec::new(),
            persons: Default::default(),
            revenues: Decimal::ZERO,
            net: Decimal::ZERO,
            funder_share: Decimal::ZERO,
            funding: ClaimFunding {
                earlier: Vec::new(),
                earlier_by_category: vec![Decimal::ZERO; n],
                advances_not_netted: Decimal::ZERO,
                paid_earlier: Decimal::ZERO,
                pending_earlier: Decimal::ZERO,
                at_rate: Decimal::ZERO,
                grant_remaining_before: None,
                applied: Decimal::ZERO,
                grant_remaining_after: None,
                plan_remaining: Decimal::ZERO,
            },
            final_figures: None,
        }
    }
}

/// Where a transaction goes in a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Placement {
    /// Not the claim's concern (another period's, a duplicate, after the as-of date).
    Skipped,
    /// Claimed in category `c`.
    Claimed(usize),
    /// A revenue, deducted before the funding rate.
    Revenue,
    /// Listed as not claimed, with the reason.
    Excluded(Exclusion),
}

/// The claim placement rules of one period's claim.
struct Placing<'a> {
    project: &'a Project,
    rec: &'a Reconciliation,
    period: &'a Period,
    /// The claims of the other periods (earlier ones, and any other read
    /// or decided), by start.
    earlier: &'a [ClaimRecord],
    /// The rows they claimed: never claimed again.
    claimed: HashSet<&'a RowKey>,
    /// The claim of the first period (takes the costs before the project starts, to exclude them).
    is_first: bool,
    /// The final claim (the last chance for late postings).
    is_final: bool,
}

impl Placing<'_> {
    /// Where transaction `t` goes.
    fn place(&self, t: &Transaction) -> Placement {
        let (project, period) = (self.project, self.period);
        let row = &t.row;
        let in_period = period.contains(row.date);
        // A row dated in another claim's period is that claim's: placed as
        // a row of an earlier period (listed if it holds the row).
        let own = in_period && self.covering(row.date).is_none();
        let key = RowKey::of(row);
        let excluded = Placement::Excluded;
        match t.status {
            Status::Duplicate(_) | Status::AfterAsOf => Placement::Skipped,
            Status::BeforeStart if self.is_first => excluded(Exclusion::OutsideProject),
            Status::AfterEnd if self.is_final => excluded(Exclusion::OutsideProject),
            Status::BeforeStart | Status::AfterEnd => Placement::Skipped,
            _ if row.date > period.end => Placement::Skipped,
            _ if self.claimed.contains(&key) && !in_period => Placement::Skipped,
            _ if self.claimed.contains(&key) => {
                excluded(Exclusion::AlreadyClaimed(claimed_in(self.earlier, &key)))
            }
            Status::Eligible(c) if !own => self.earlier_period_cost(t, c),
            _ if !own => Placement::Skipped,
            Status::Covered(c) => match project.eligibility(c) {
                Eligibility::Covered(flat) => excluded(Exclusion::CoveredByFlatRate(flat)),
                _ => excluded(Exclusion::NotEligible),
            },
            Status::NotEligible(_) => excluded(Exclusion::NotEligible),
            Status::StaffModel(_) => excluded(Exclusion::CoveredByStaffModel),
            Status::Unmapped => excluded(Exclusion::Unmapped),
            Status::Revenue => Placement::Revenue,
            Status::Eligible(c) => self.eligible(row, c),
        }
    }

    /// An eligible cost of the period: claimed, unless a rule excludes it.
    fn eligible(&self, row: &LedgerRow, c: usize) -> Placement {
        match eligible_exclusion(self.project, self.rec, self.period, row, c) {
            Some(reason) => Placement::Excluded(reason),
            None => Placement::Claimed(c),
        }
    }

    /// The claim of another period whose period holds `date`.
    fn covering(&self, date: NaiveDate) -> Option<&ClaimRecord> {
        self.earlier
            .iter()
            .find(|claim| (claim.start..=claim.end).contains(&date))
    }

    /// An eligible cost dated in an earlier period (or another claim's) and
    /// not in its claim.
    fn earlier_period_cost(&self, t: &Transaction, c: usize) -> Placement {
        let row = &t.row;
        match (
            eligible_exclusion(self.project, self.rec, self.period, row, c),
            self.covering(row.date),
        ) {
            // Reported in its own period's claim already.
            (Some(_), _) => Placement::Skipped,
            // Known only from the funder's decision: no row detail, so taken as claimed.
            (None, Some(earlier)) if earlier.rows.is_empty() => Placement::Skipped,
            // The final claim is the last chance: a cost of an earlier
            // period posted after that period's claim is claimed here, once.
            (None, Some(_)) if self.is_final => Placement::Claimed(c),
            (None, earlier) => Placement::Excluded(Exclusion::LatePosting(
                earlier.map(|c| c.period.clone()).unwrap_or_default(),
            )),
        }
    }
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
) -> Option<Exclusion> {
    if project.categories[c].plan.is_zero() {
        return Some(Exclusion::CategoryNotAllowed);
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

fn add_up(project: &Project, rec: &Reconciliation, claim: &mut Claim) -> Result<()> {
    for (c, row) in &claim.lines {
        claim.by_category[*c] =
            money::checked_add(claim.by_category[*c], row.amount(), "a claimed category")?;
    }
    claim.persons = rec.persons.clone();
    // The staff-cost model's months of the period: the per-person table, and
    // the staff category's figure where the model gives it.
    if let Some(costs) = &rec.staff {
        let period = &claim.period;
        // A month of no eligible cost (a share of 0, pay before a person's
        // share starts) is left out: it claims nothing, and its salary is
        // no business of the funder's. The reconciliation keeps it.
        let within = |r: &&crate::staff::PersonMonth| {
            !r.eligible.is_zero() && r.month.first_day().is_some_and(|day| period.contains(day))
        };
        claim.staff = costs.rows.iter().filter(within).cloned().collect();
        if let Some(figure) = crate::reconcile::StaffFigure::of(project, costs)? {
            claim.by_category[figure.category] =
                claim.staff.iter().try_fold(Decimal::ZERO, |sum, r| {
                    money::checked_add(sum, r.eligible, "the period's staff costs")
                })?;
        }
    }
    crate::reconcile::apply_flat_rates(project, &mut claim.by_category)?;
    claim.revenues = -claim
        .revenue_lines
        .iter()
        .map(|r| r.amount())
        .sum::<Decimal>();
    claim.net = claim.total() - claim.revenues;
    claim.funder_share = project.funding.percent_of(
        claim.net,
        project.funding.rate_percent,
        "the funder's share",
    )?;
    Ok(())
}

/// The claim's funding figures from the funding ledger: the periods
/// before the claim's on the approved basis (approved where decided,
/// claimed where pending), what the funder has paid (advances included),
/// and the one amount an interim claim applies for.
fn funding(project: &Project, rec: &Reconciliation, claim: &Claim) -> Result<ClaimFunding> {
    let pay = &rec.payments;
    let mut earlier = Vec::new();
    let mut by_category = vec![Decimal::ZERO; project.categories.len()];
    let mut paid = Decimal::ZERO;
    let mut pending = Decimal::ZERO;
    let mut netted = Decimal::ZERO;
    for p in &pay.periods {
        let period = &project.periods[p.period];
        if period.end >= claim.period.start {
            continue;
        }
        let (basis, share) = match p.basis {
            Basis::Approved(d) => {
                let dec = &pay.decisions[d];
                paid = money::checked_add(paid, p.paid_now, "the payments")?;
                netted = money::checked_add(netted, p.advance_netted, "the advances netted")?;
                // The period's share: paid now and the advance netted against it.
                (
                    EarlierBasis::Approved {
                        number: dec.number.clone(),
                        path: dec.path.clone(),
                    },
                    p.paid_now + p.advance_netted,
                )
            }
            Basis::Pending(c) => {
                pending = money::checked_add(pending, p.share, "the pending claims")?;
                (EarlierBasis::Pending(pay.claims[c].path.clone()), p.share)
            }
            Basis::Open => (EarlierBasis::Open, Decimal::ZERO),
        };
        for (sum, cost) in by_category.iter_mut().zip(&p.basis_costs) {
            *sum = money::checked_add(*sum, *cost, "the costs claimed earlier")?;
        }
        earlier.push(EarlierPeriod {
            name: period.name.clone(),
            start: period.start,
            end: period.end,
            basis,
            costs: p.basis_costs.clone(),
            revenue: p.revenue,
            funder_share: share,
        });
    }
    let advances: Decimal = pay
        .advances
        .iter()
        .filter(|a| a.date <= claim.period.end)
        .map(|a| a.amount)
        .sum();
    let paid = paid + advances;
    let advances_not_netted = advances - netted;
    let before = project.funding.max_grant.map(|m| m - paid - pending);
    let at_rate = claim.funder_share;
    let applied = before.map_or(at_rate, |r| at_rate.min(r.max(Decimal::ZERO)));
    let claimed: Decimal = by_category.iter().sum::<Decimal>() + claim.total();
    Ok(ClaimFunding {
        earlier,
        earlier_by_category: by_category,
        advances_not_netted,
        paid_earlier: paid,
        pending_earlier: pending,
        at_rate,
        grant_remaining_before: before,
        applied,
        grant_remaining_after: before.map(|r| r - applied),
        plan_remaining: project.plan_total() - claimed,
    })
}

/// The final claim: the whole project's net costs on the approved basis,
/// the funder's share of them within the maximum grant, and what is still
/// due after the payments (advances included) and the pending claims. A cut
/// the funder made earlier stays cut: only `reclaim_vouchers` come back,
/// as rows of this claim.
fn final_figures(project: &Project, claim: &Claim) -> Result<(FinalFigures, Decimal)> {
    let f = &claim.funding;
    let earlier_revenue: Decimal = f.earlier.iter().map(|e| e.revenue).sum();
    let gross = f.earlier_costs() + claim.total();
    let costs = gross - earlier_revenue - claim.revenues;
    let plan = project.plan_total();
    let at_rate = project.funding.percent_of(
        costs,
        project.funding.rate_percent,
        "the funder's share of the whole project",
    )?;
    let funder_share = project
        .funding
        .max_grant
        .map_or(at_rate, |m| at_rate.min(m));
    let final_payment = funder_share - f.paid_earlier - f.pending_earlier;
    Ok((
        FinalFigures {
            costs,
            plan,
            overrun: (gross - plan).max(Decimal::ZERO),
            at_rate,
            funder_share,
            final_payment,
        },
        final_payment,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::RowFilter;
    use crate::fixture;
    use crate::import::read_ledger_bytes;
    use crate::reconcile::AsOf;

    /// [`fixture::PROJECT`] in two periods, the halves of 2022.
    pub(crate) fn project() -> String {
        format!("{}{}", fixture::PROJECT, fixture::PERIODS)
    }

    /// The project of `text` and its reconciliation of [`fixture::LEDGER`]
    /// (less the rows whose description holds one of `late`), as of the end
    /// of period `period`.
    pub(crate) fn reconciled(
        text: &str,
        period: usize,
        late: &[&str],
    ) -> (Project, Reconciliation) {
        let ledger: String = fixture::LEDGER
            .lines()
            .filter(|l| !late.iter().any(|d| l.contains(d)))
            .map(|l| format!("{l}\n"))
            .collect();
        fixture::reconcile_text(text, &ledger, |p| AsOf::Past(p.periods[period].end))
    }

    /// The placing rules of `period`'s claim after the `earlier` claims.
    fn rules<'a>(
        project: &'a Project,
        rec: &'a Reconciliation,
        period: usize,
        earlier: &'a [ClaimRecord],
    ) -> Placing<'a> {
        Placing {
            project,
            rec,
            period: &project.periods[period],
            earlier,
            claimed: earlier.iter().flat_map(|c| c.rows.iter()).collect(),
            is_first: period == 0,
            is_final: period + 1 == project.periods.len(),
        }
    }

    /// The placement of each ledger row (by description) in `period`'s
    /// claim, `late` rows left out of the ledger the earlier claim saw.
    fn placements(
        period: usize,
        earlier: Vec<ClaimRecord>,
        late: &[&str],
    ) -> Vec<(String, Placement)> {
        let (project, rec) = reconciled(&project(), period, late);
        let rules = rules(&project, &rec, period, &earlier);
        let mut out: Vec<(String, Placement)> = rec
            .transactions
            .iter()
            .map(|t| (t.row.description.to_string(), rules.place(t)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn by(placed: &[(String, Placement)], description: &str) -> Placement {
        placed
            .iter()
            .find(|(d, _)| d == description)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| panic!("{description} not in {placed:?}"))
    }

    #[test]
    fn the_first_claim_places_each_row_by_its_rule() {
        let placed = placements(0, Vec::new(), &[]);
        // Before the project starts: listed as outside it in the first claim.
        assert_eq!(
            by(&placed, "ennen alkua"),
            Placement::Excluded(Exclusion::OutsideProject)
        );
        assert_eq!(by(&placed, "palkka maaliskuu"), Placement::Claimed(0));
        // A cost the flat rate covers is never claimed itself.
        assert_eq!(
            by(&placed, "ostopalvelu"),
            Placement::Excluded(Exclusion::CoveredByFlatRate(1))
        );
        assert_eq!(by(&placed, "tulo"), Placement::Revenue);
        assert_eq!(by(&placed, "kirjattu myöhässä"), Placement::Claimed(0));
        // Rows after the period (and after the as-of date) are not this claim's.
        assert_eq!(by(&placed, "tuntematon tili"), Placement::Skipped);
        assert_eq!(by(&placed, "päättymisen jälkeen"), Placement::Skipped);
    }

    #[test]
    fn the_final_claim_takes_a_late_posting_once_and_excludes_what_is_claimed() {
        // The first claim was made before "kirjattu myöhässä" was posted.
        let first = placements(0, Vec::new(), &["kirjattu myöhässä"]);
        assert_eq!(by(&first, "palkka maaliskuu"), Placement::Claimed(0));
        let project = Project::parse(&project(), Path::new("velho.toml"), Path::new(".")).unwrap();
        let march = |amount: &str| RowKey::of(&sample_row("15.3.2022", amount));
        let earlier = ClaimRecord {
            period: "1".into(),
            start: project.periods[0].start,
            end: project.periods[0].end,
            by_category: vec![("staff".into(), Decimal::new(100, 0))],
            revenues: Decimal::new(20, 0),
            funder_share: Decimal::new(64, 0),
            rows: vec![march("100,00")],
            path: "claims/1.xlsx".into(),
            copies: Vec::new(),
        };
        let placed = placements(1, vec![earlier], &[]);
        // Claimed in period 1: not claimed again, not listed.
        assert_eq!(by(&placed, "palkka maaliskuu"), Placement::Skipped);
        // Posted into period 1 after its claim: the final claim takes it.
        assert_eq!(by(&placed, "kirjattu myöhässä"), Placement::Claimed(0));
        assert_eq!(
            by(&placed, "tuntematon tili"),
            Placement::Excluded(Exclusion::Unmapped)
        );
        // After the project: listed as outside it in the final claim.
        assert_eq!(
            by(&placed, "päättymisen jälkeen"),
            Placement::Excluded(Exclusion::OutsideProject)
        );
        // Before the project: the first claim listed it; not again.
        assert_eq!(by(&placed, "ennen alkua"), Placement::Skipped);
    }

    #[test]
    fn an_interim_claim_lists_a_late_posting_for_the_final_one() {
        // Three periods: the late row of period 1 is listed by period 2's
        // claim (not final) as posted after period 1's claim.
        let text = project().replace(
            "[[period]]\nname = \"2\"\nstart = 2022-07-01\nend = 2022-12-31",
            "[[period]]\nname = \"2\"\nstart = 2022-07-01\nend = 2022-09-30\n[[period]]\nname = \"3\"\nstart = 2022-10-01\nend = 2022-12-31",
        );
        assert_ne!(text, project());
        let (project, rec) = reconciled(&text, 1, &[]);
        let earlier = vec![claim_one_holding_march(&project)];
        // Period 2 of 3: not the final claim.
        let rules = rules(&project, &rec, 1, &earlier);
        assert!(!rules.is_final);
        let late = rec
            .transactions
            .iter()
            .find(|t| t.row.description == "kirjattu myöhässä")
            .unwrap();
        assert_eq!(
            rules.place(late),
            Placement::Excluded(Exclusion::LatePosting("1".into()))
        );
    }

    /// Claim 1 of the project's first period, holding the March salary.
    fn claim_one_holding_march(project: &Project) -> ClaimRecord {
        ClaimRecord {
            period: "1".into(),
            start: project.periods[0].start,
            end: project.periods[0].end,
            by_category: Vec::new(),
            revenues: Decimal::ZERO,
            funder_share: Decimal::ZERO,
            rows: vec![RowKey::of(&sample_row("15.3.2022", "100,00"))],
            path: "claims/1.xlsx".into(),
            copies: Vec::new(),
        }
    }

    #[test]
    fn a_row_of_another_claim_is_never_claimed_again_whatever_its_period() {
        // Claim 1 (1.1.–30.6.2022) holds the March salary; the row posted
        // in May came after it.
        let (project, rec) = reconciled(&project(), 0, &[]);
        let first = claim_one_holding_march(&project);
        // A period inside claim 1's (`velho claim` refuses it; the claim
        // itself still claims nothing twice): the March salary is listed
        // as claimed in claim 1, the May row as posted after claim 1, and
        // the rest of claim 1's period is not this claim's.
        let day = |m, d| NaiveDate::from_ymd_opt(2022, m, d).unwrap();
        let inside = Period {
            name: "1.3.2022-31.5.2022".into(),
            start: day(3, 1),
            end: day(5, 31),
        };
        let claim = prepare(&project, &rec, &inside, vec![first.clone()]).unwrap();
        assert!(claim.lines.is_empty(), "{:?}", claim.lines);
        assert!(claim.revenue_lines.is_empty());
        assert_eq!(claim.total(), Decimal::ZERO);
        let reasons: Vec<(String, Exclusion)> = claim
            .excluded
            .iter()
            .map(|e| (e.row.description.to_string(), e.reason.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "palkka maaliskuu".to_string(),
                    Exclusion::AlreadyClaimed("claims/1.xlsx".into())
                ),
                (
                    "kirjattu myöhässä".to_string(),
                    Exclusion::LatePosting("1".into())
                ),
            ]
        );
        // Claim 1's own period again is claim 1 written again (a copy, or
        // in another language): its rows are its own.
        let again = prepare(&project, &rec, &project.periods[0], vec![first]).unwrap();
        let claimed: Vec<String> = again
            .lines
            .iter()
            .map(|(_, r)| r.description.to_string())
            .collect();
        assert_eq!(claimed, ["palkka maaliskuu", "kirjattu myöhässä"]);
    }

    /// The row of [`fixture::LEDGER`] dated `date` with `amount`, as the import reads it.
    fn sample_row(date: &str, amount: &str) -> LedgerRow {
        let line = fixture::LEDGER
            .lines()
            .find(|l| {
                l.starts_with(&format!("{date};")) && l.ends_with(amount) && l.contains(";4000;")
            })
            .unwrap();
        let file = read_ledger_bytes(
            format!("Pvm;Tili;Kp;Selite;Summa\n{line}\n").into_bytes(),
            "a.csv",
            "csv",
            0,
            &RowFilter::default(),
            &crate::import::ImportOptions::default(),
        )
        .unwrap();
        file.rows.into_iter().next().unwrap()
    }
}
