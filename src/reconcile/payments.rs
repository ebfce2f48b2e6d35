//! The funder's payment decisions against the ledger: per payment period the
//! realised costs, what was applied for, approved and deducted, the funder's
//! arithmetic recomputed, and each deducted item matched to its ledger rows.
//!
//! Pure: the decisions arrive read, and the figures here are compared with
//! them by [`crate::checks`].

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Status, Transaction};
use crate::config::Project;
use crate::error::Result;
use crate::import::normalise_header;
use crate::model::SourceRef;
use crate::model::{Advance, Category, Netting, Period};
use crate::model::{ClaimRecord, Decision};
use crate::money;

/// What a payment period's funding figures rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The funder's decision (its index) approved the period.
    Approved(usize),
    /// A claim (its index in [`Payments::claims`]) was filed and is not decided yet.
    Pending(usize),
    /// Neither a decision nor a claim yet.
    Open,
}

/// One payment period of the funding ledger: the ledger's figures, the
/// claim's, the decision's, and the funder's share and payments that follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentPeriod {
    /// Index into the project's periods.
    pub period: usize,
    /// Index into the decisions read, when one covers this period.
    pub decision: Option<usize>,
    /// What the figures rest on: the decision, a pending claim, or nothing yet.
    pub basis: Basis,
    /// Eligible costs realised in the ledger in the period, per category (flat rate computed).
    pub realised: Vec<Decimal>,
    /// The project's revenues in the ledger in the period (positive).
    pub ledger_revenue: Decimal,
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
    /// The costs of the approved basis per category: approved where a
    /// decision exists, claimed where a claim is pending, zero when open.
    pub basis_costs: Vec<Decimal>,
    /// The revenues of the basis: the decision's (zero when it states none),
    /// or the pending claim's.
    pub revenue: Decimal,
    /// The rate the decision states, else the project's.
    pub rate_percent: Decimal,
    /// Rate × (approved − revenue), rounded, before the maximum grant caps it.
    pub at_rate: Decimal,
    /// The funder's share of the period: `at_rate` within what is left of the
    /// maximum grant (decided), or the amount a pending claim applied for.
    pub share: Decimal,
    /// The advance netted against this payment: as the decision states it,
    /// else as the project file's netting rule gives.
    pub advance_netted: Decimal,
    /// Advances paid in this period (counted as paid from their date).
    pub advances_paid: Decimal,
    /// Paid by decisions a corrected one replaced (that money was paid).
    pub paid_by_replaced: Decimal,
    /// What the payment should be: the share less the advance netted and
    /// what replaced decisions of the period paid already.
    pub expected_payment: Decimal,
    /// What the decision pays now.
    pub paid_now: Decimal,
    /// Paid by this and all earlier decisions, advances included.
    pub cumulative_paid: Decimal,
    /// Applied for in claims not yet decided, up to this period.
    pub pending: Decimal,
    /// The maximum grant less the cumulative paid and the pending claims.
    pub remaining_grant: Option<Decimal>,
    /// What velho's claim workbook for the period claimed (costs), if one exists.
    pub claimed: Option<Decimal>,
}

impl PaymentPeriod {
    /// Realised in all categories.
    pub fn realised_total(&self) -> Decimal {
        self.realised.iter().sum()
    }

    /// The basis costs in all categories.
    pub fn basis_total(&self) -> Decimal {
        self.basis_costs.iter().sum()
    }

    /// True when the period's funding figures rest on a decision or a claim.
    pub fn has_basis(&self) -> bool {
        self.basis != Basis::Open
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
    /// Claims in the claims folder whose period is none of the project's
    /// payment periods (a claim of a custom period): (file, first day,
    /// last day). Not compared with any decision; a finding names them.
    pub unplaced_claims: Vec<(String, NaiveDate, NaiveDate)>,
    /// Decisions replaced by a later, corrected one: (the old, the new).
    pub superseded: Vec<(usize, usize)>,
    /// Decisions dated after an explicit as-of date: read, not used.
    pub after_as_of: Vec<usize>,
    /// The claims velho wrote earlier and the funder has not decided, as read back.
    pub claims: Vec<ClaimRecord>,
    /// The advances counted (those paid by the as-of date).
    pub advances: Vec<Advance>,
    /// Claims found in more than one file: (the file counted, its copies).
    pub claim_copies: Vec<(String, Vec<String>)>,
    /// Decision lines whose category velho could not map: (decision, line).
    pub unknown_lines: Vec<(usize, usize)>,
    /// Every deducted item and the rows it matched.
    pub deductions: Vec<DeductionMatch>,
    /// Each deducted ledger row: the index of its match in `deductions` and
    /// the part deducted (looked up for every row written, so indexed once).
    deducted_rows: std::collections::HashMap<SourceRef, (usize, Decimal)>,
}

impl Payments {
    /// Paid in all: the decisions placed in periods and the advances.
    pub fn paid(&self) -> Decimal {
        self.periods
            .last()
            .map_or(Decimal::ZERO, |p| p.cumulative_paid)
    }

    /// The eligible costs on the approved basis: what the decisions approved,
    /// and what pending claims claimed (`None` when no period has either).
    pub fn approved_basis_total(&self) -> Option<Decimal> {
        let mut with_basis = self.periods.iter().filter(|p| p.has_basis()).peekable();
        with_basis.peek()?;
        Some(with_basis.map(PaymentPeriod::basis_total).sum())
    }

    /// Paid by the decisions, advances not included.
    pub fn paid_by_decisions(&self) -> Decimal {
        self.periods.iter().map(|p| p.paid_now).sum()
    }

    /// Paid by decisions that corrected ones replaced, in all.
    pub fn paid_by_replaced(&self) -> Decimal {
        self.periods.iter().map(|p| p.paid_by_replaced).sum()
    }

    /// The advances paid, in all.
    pub fn advances_paid(&self) -> Decimal {
        self.periods.iter().map(|p| p.advances_paid).sum()
    }

    /// Applied for in claims not yet decided, in all.
    pub fn pending(&self) -> Decimal {
        self.periods.last().map_or(Decimal::ZERO, |p| p.pending)
    }

    /// The funder's figures as they stood on a day, as a document of that
    /// day states them: the decisions dated by then (undated ones count),
    /// the advances paid by then, and the claims of periods not yet decided
    /// then as pending. (applied, approved basis, deducted, paid)
    pub fn figures_on(&self, day: NaiveDate) -> (Decimal, Decimal, Decimal, Decimal) {
        let (mut applied, mut basis, mut deducted, mut paid) = Default::default();
        for p in &self.periods {
            let decided = p
                .decision
                .is_some_and(|d| self.decisions[d].date.is_none_or(|date| date <= day));
            if decided {
                applied += p.applied_total;
                basis += p.basis_total();
                deducted += p.deducted_total;
                paid += p.paid_now + p.paid_by_replaced;
            } else if let Basis::Pending(_) = p.basis {
                basis += p.basis_total();
            } else if let Some(claimed) = p.claimed {
                basis += claimed;
            }
        }
        paid += self
            .advances
            .iter()
            .filter(|a| a.date <= day)
            .map(|a| a.amount)
            .sum::<Decimal>();
        (applied, basis, deducted, paid)
    }

    /// True when the decision was replaced by a corrected one.
    pub fn is_superseded(&self, decision: usize) -> bool {
        self.superseded.iter().any(|(old, _)| *old == decision)
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

/// Places the decisions in their periods and builds the funding ledger:
/// per period the basis (decision, pending claim, or open), the funder's
/// share recomputed, advances netted, the cumulative payments and what is
/// left of the maximum grant. `explicit_as_of`: a reconciliation as of a
/// past date ignores the decisions dated and the advances paid after it.
pub fn payments(
    project: &Project,
    decisions: Vec<Decision>,
    claims: &[ClaimRecord],
    (transactions, staff): (&[Transaction], Option<&super::StaffFigure>),
    explicit_as_of: Option<NaiveDate>,
) -> Result<Payments> {
    let mut out = Payments {
        decisions,
        claim_copies: claims
            .iter()
            .filter(|c| !c.copies.is_empty())
            .map(|c| (c.path.clone(), c.copies.clone()))
            .collect(),
        ..Payments::default()
    };
    let after = |date: Option<NaiveDate>| {
        explicit_as_of.is_some_and(|as_of| date.is_some_and(|d| d > as_of))
    };
    out.after_as_of = (0..out.decisions.len())
        .filter(|&d| after(out.decisions[d].date))
        .collect();
    out.superseded = superseded(project, &out.decisions, &out.after_as_of);
    out.advances = project
        .advances
        .iter()
        .filter(|a| !after(Some(a.date)))
        .cloned()
        .collect();
    let ignored: Vec<usize> = out
        .after_as_of
        .iter()
        .copied()
        .chain(out.superseded.iter().map(|(old, _)| *old))
        .collect();
    let usable = |d: usize| !ignored.contains(&d);
    let mut running = Running::default();
    for (index, period) in project.periods.iter().enumerate() {
        let covering: Vec<usize> = (0..out.decisions.len())
            .filter(|&d| usable(d) && out.decisions[d].period == (period.start, period.end))
            .collect();
        out.repeated.extend(covering.iter().skip(1));
        let decision = covering.first().copied();
        // A past reconciliation knows no claim of a period that had not
        // ended by its date.
        let claim = claims
            .iter()
            .position(|c| (c.start, c.end) == (period.start, period.end) && !after(Some(c.end)));
        let (realised, ledger_revenue) =
            realised_in(project, (transactions, staff), |date| period.contains(date))?;
        let advances_paid = running.advances_paid_in(project, &out.advances, index)?;
        let mut line = PaymentPeriod::open(project, index, decision, realised, ledger_revenue);
        line.advances_paid = advances_paid;
        line.cumulative_paid = running.cumulative;
        line.pending = running.pending;
        line.claimed = claim.map(|c| claims[c].total());
        if let Some(d) = decision {
            let replaced_paid = replaced_paid(&out, period, d, running.cumulative);
            running.book_replaced(&mut line, replaced_paid)?;
            let last = index + 1 == project.periods.len();
            let dec = &out.decisions[d];
            fill_from_decision(project, dec, d, &mut line, &mut out.unknown_lines)?;
            running.book_decision(project, dec, d, last, &mut line)?;
        } else if let Some(c) = claim {
            running.book_claim(project, &claims[c], out.claims.len(), &mut line)?;
            out.claims.push(claims[c].clone());
        }
        line.remaining_grant = project
            .funding
            .max_grant
            .map(|m| m - running.cumulative - running.pending);
        out.periods.push(line);
    }
    out.unplaced_claims = claims
        .iter()
        .filter(|c| {
            !after(Some(c.end))
                && !project
                    .periods
                    .iter()
                    .any(|p| (c.start, c.end) == (p.start, p.end))
        })
        .map(|c| (c.path.clone(), c.start, c.end))
        .collect();
    out.unplaced = (0..out.decisions.len())
        .filter(|&d| {
            !out.after_as_of.contains(&d)
                && !project
                    .periods
                    .iter()
                    .any(|p| out.decisions[d].period == (p.start, p.end))
        })
        .collect();
    out.deductions = match_deductions(&out.decisions, transactions, &usable);
    out.deducted_rows = out
        .deductions
        .iter()
        .enumerate()
        .flat_map(|(m, d)| d.rows.iter().map(move |(r, part)| (*r, (m, *part))))
        .collect();
    Ok(out)
}

impl PaymentPeriod {
    /// Period `index` with nothing decided or claimed yet: its realised
    /// costs and revenues, the project's rate, every other figure zero.
    fn open(
        project: &Project,
        index: usize,
        decision: Option<usize>,
        realised: Vec<Decimal>,
        ledger_revenue: Decimal,
    ) -> PaymentPeriod {
        let n = project.categories.len();
        PaymentPeriod {
            period: index,
            decision,
            basis: Basis::Open,
            realised,
            ledger_revenue,
            applied: vec![None; n],
            approved: vec![None; n],
            deducted: vec![None; n],
            applied_total: Decimal::ZERO,
            approved_total: Decimal::ZERO,
            deducted_total: Decimal::ZERO,
            basis_costs: vec![Decimal::ZERO; n],
            revenue: Decimal::ZERO,
            rate_percent: project.funding.rate_percent,
            at_rate: Decimal::ZERO,
            share: Decimal::ZERO,
            advance_netted: Decimal::ZERO,
            advances_paid: Decimal::ZERO,
            paid_by_replaced: Decimal::ZERO,
            expected_payment: Decimal::ZERO,
            paid_now: Decimal::ZERO,
            cumulative_paid: Decimal::ZERO,
            pending: Decimal::ZERO,
            remaining_grant: None,
            claimed: None,
        }
    }
}

/// What decisions of `period` paid before the corrected decision `d`
/// replaced them: paid all the same. A corrected decision either pays the
/// difference (the replaced one was paid: its "paid earlier" counts that
/// payment, so nothing more is booked here) or the whole period again (the
/// replaced one was never paid: its "paid earlier" leaves it out).
/// Unstated, the money paid stays paid.
fn replaced_paid(out: &Payments, period: &Period, d: usize, cumulative: Decimal) -> Decimal {
    let replaced_paid: Decimal = out
        .superseded
        .iter()
        .map(|&(old, _)| old)
        .filter(|&old| {
            !out.after_as_of.contains(&old)
                && out.decisions[old].period == (period.start, period.end)
        })
        .map(|old| out.decisions[old].paid_now)
        .sum();
    match out.decisions[d].paid_earlier {
        Some(stated) if stated == cumulative && !replaced_paid.is_zero() => Decimal::ZERO,
        _ => replaced_paid,
    }
}

/// The funding ledger's running totals, period by period.
#[derive(Default)]
struct Running {
    /// Paid so far, advances included.
    cumulative: Decimal,
    /// The grant the decided periods' shares have used (payments and advances netted).
    consumed: Decimal,
    /// The shares of the claims applied for and not yet decided.
    pending: Decimal,
    /// Advances paid and not yet netted: against the next payments, and at the final one.
    outstanding_next: Decimal,
    outstanding_final: Decimal,
}

impl Running {
    /// The advances paid in period `index` (the first period takes the
    /// earlier ones, the last one the later ones), now outstanding and paid.
    fn advances_paid_in(
        &mut self,
        project: &Project,
        advances: &[Advance],
        index: usize,
    ) -> Result<Decimal> {
        let period = &project.periods[index];
        let last = project.periods.len().saturating_sub(1);
        let mut paid = Decimal::ZERO;
        for a in advances.iter().filter(|a| {
            (index == 0 || a.date >= period.start) && (index == last || a.date <= period.end)
        }) {
            match a.netted {
                Netting::Next => self.outstanding_next += a.amount,
                Netting::Final => self.outstanding_final += a.amount,
            }
            paid = money::checked_add(paid, a.amount, "the advances")?;
        }
        self.cumulative = money::checked_add(self.cumulative, paid, "the cumulative payments")?;
        Ok(paid)
    }

    /// Books what replaced decisions of a decided period paid.
    fn book_replaced(&mut self, line: &mut PaymentPeriod, replaced_paid: Decimal) -> Result<()> {
        line.paid_by_replaced = replaced_paid;
        self.cumulative =
            money::checked_add(self.cumulative, replaced_paid, "the cumulative payments")?;
        self.consumed = money::checked_add(self.consumed, replaced_paid, "the grant used")?;
        line.cumulative_paid = self.cumulative;
        Ok(())
    }

    /// A period on the approved basis of decision `d` (its figures already
    /// in `line`): the share recomputed within the grant the earlier
    /// periods left, the advance netted, the payment expected and made.
    fn book_decision(
        &mut self,
        project: &Project,
        dec: &Decision,
        d: usize,
        last: bool,
        line: &mut PaymentPeriod,
    ) -> Result<()> {
        line.basis = Basis::Approved(d);
        line.basis_costs = line
            .approved
            .iter()
            .map(|a| a.unwrap_or_default())
            .collect();
        line.revenue = dec.revenue.unwrap_or_default();
        line.at_rate = project.funding.percent_of(
            line.approved_total - line.revenue,
            line.rate_percent,
            "the payment",
        )?;
        // What the earlier periods left of the grant (this period's
        // replaced payment is part of this period's share).
        let room = project
            .funding
            .max_grant
            .map(|m| (m - (self.consumed - line.paid_by_replaced)).max(Decimal::ZERO));
        line.share = room.map_or(line.at_rate, |r| line.at_rate.min(r));
        line.advance_netted = match dec.advance_netted {
            Some(stated) => stated,
            None => {
                let mut open = self.outstanding_next;
                if last {
                    open += self.outstanding_final;
                }
                open.min(line.share.max(Decimal::ZERO))
            }
        };
        // What the netting leaves outstanding: the next-payment advances first.
        let from_next = line.advance_netted.min(self.outstanding_next);
        self.outstanding_next -= from_next;
        self.outstanding_final =
            (self.outstanding_final - (line.advance_netted - from_next)).max(Decimal::ZERO);
        line.expected_payment = line.share - line.advance_netted - line.paid_by_replaced;
        self.consumed = money::checked_add(
            self.consumed,
            line.paid_now + line.advance_netted,
            "the grant used",
        )?;
        self.cumulative =
            money::checked_add(self.cumulative, line.paid_now, "the cumulative payments")?;
        line.cumulative_paid = self.cumulative;
        Ok(())
    }

    /// A period on the basis of a claim applied for and not yet decided
    /// (the `pending`-th such claim).
    fn book_claim(
        &mut self,
        project: &Project,
        record: &ClaimRecord,
        pending: usize,
        line: &mut PaymentPeriod,
    ) -> Result<()> {
        line.basis = Basis::Pending(pending);
        line.basis_costs = project
            .categories
            .iter()
            .map(|cat| {
                record
                    .by_category
                    .iter()
                    .find(|(id, _)| *id == cat.id)
                    .map_or(Decimal::ZERO, |(_, a)| *a)
            })
            .collect();
        line.revenue = record.revenues;
        line.share = record.funder_share;
        self.pending = money::checked_add(self.pending, record.funder_share, "the pending claims")?;
        line.pending = self.pending;
        Ok(())
    }
}

/// Which decisions a later, corrected one replaces: the new one says so in
/// its *Korvaa päätöksen / Replaces* cell, or the project file's
/// `[decisions] replaces` names the pair. (old, new) by index.
fn superseded(project: &Project, decisions: &[Decision], ignored: &[usize]) -> Vec<(usize, usize)> {
    let by_number = |number: &str| {
        (0..decisions.len())
            .find(|&d| !ignored.contains(&d) && decisions[d].number.trim() == number.trim())
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (new, decision) in decisions.iter().enumerate() {
        if ignored.contains(&new) {
            continue;
        }
        let configured = project
            .decision_replaces
            .iter()
            .filter(|(n, _)| n == decision.number.trim())
            .map(|(_, old)| old.as_str());
        for old in decision.replaces.as_deref().into_iter().chain(configured) {
            if let Some(old) = by_number(old).filter(|&o| o != new)
                && !out.contains(&(old, new))
            {
                out.push((old, new));
            }
        }
    }
    out
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

/// Eligible realised per category, and the revenues (positive), of the
/// rows whose date passes `within`.
fn realised_in(
    project: &Project,
    (transactions, staff): (&[Transaction], Option<&super::StaffFigure>),
    within: impl Fn(NaiveDate) -> bool,
) -> Result<(Vec<Decimal>, Decimal)> {
    let mut realised = vec![Decimal::ZERO; project.categories.len()];
    let mut revenue = Decimal::ZERO;
    for t in transactions.iter().filter(|t| within(t.row.date)) {
        match t.status {
            Status::Eligible(c) => {
                realised[c] =
                    money::checked_add(realised[c], t.row.amount(), "a period's realised costs")?;
            }
            Status::Revenue => {
                revenue = money::checked_add(revenue, -t.row.amount(), "a period's revenues")?;
            }
            _ => {}
        }
    }
    if let Some(figure) = staff {
        realised[figure.category] = figure.within(&within)?;
    }
    super::apply_flat_rates(project, &mut realised)?;
    Ok((realised, revenue))
}

/// Each deducted item to exactly one ledger row (voucher and amount within a
/// cent), or to all rows of its voucher when the whole invoice was deducted,
/// or to one row of the voucher as a partial deduction. No row is used twice.
fn match_deductions(
    decisions: &[Decision],
    transactions: &[Transaction],
    usable: &dyn Fn(usize) -> bool,
) -> Vec<DeductionMatch> {
    let cent = Decimal::new(1, 2);
    let mut used: Vec<SourceRef> = Vec::new();
    let mut out = Vec::new();
    for (d, decision) in decisions.iter().enumerate() {
        if !usable(d) {
            continue;
        }
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
                .find(|t| (t.row.amount() - item.amount).abs() <= cent);
            let voucher_total: Decimal = candidates.iter().map(|t| t.row.amount()).sum();
            let rows: Vec<(SourceRef, Decimal)> = if let Some(t) = exact {
                vec![(t.row.source, t.row.amount())]
            } else if candidates.len() > 1 && (voucher_total - item.amount).abs() <= cent {
                candidates
                    .iter()
                    .map(|t| (t.row.source, t.row.amount()))
                    .collect()
            } else {
                let partial = candidates
                    .iter()
                    .filter(|t| {
                        t.row.amount() > item.amount
                            && item.date.is_none_or(|date| date == t.row.date)
                    })
                    .min_by_key(|t| t.row.amount());
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
