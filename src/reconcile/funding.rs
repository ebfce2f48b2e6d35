//! The funding split of the whole project: what is realised, what of it is
//! eligible, what the funder pays of it (at its rate, never above the maximum
//! grant), what the organisation pays, and the overrun over the plan that
//! stays with the organisation. Each figure is defined here once; Summary,
//! the stated-figure checks, the final claim and the terminal summary read it.

use rust_decimal::Decimal;

use super::CategoryLine;
use super::payments::Payments;
use crate::config::{Eligibility, Project};
use crate::error::Result;
use crate::money;

/// Who pays what, realised and planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingSplit {
    /// The plan's total over the eligible categories.
    pub plan: Decimal,
    /// The eligible categories' plan phased to the as-of date.
    pub plan_to_date: Decimal,
    /// Realised: the project rows' booked costs in the plan's categories
    /// (covered and excluded ones included) + the computed flat rates.
    pub realised: Decimal,
    /// Of the realised, booked in categories a flat rate covers.
    pub covered: Decimal,
    /// Of the realised, booked in categories the decision excludes.
    pub not_eligible: Decimal,
    /// Eligible on the ledger basis: realised − covered − not eligible.
    pub eligible: Decimal,
    /// Eligible on the approved basis: per payment period, what the funder
    /// approved where a decision exists, what was claimed where a claim is
    /// pending (`None` when no period has either).
    pub approved_basis: Option<Decimal>,
    /// The project's revenues (credits on revenue accounts, as a positive
    /// amount), deducted before the funding rate.
    pub revenues: Decimal,
    /// The funder's rate in percent.
    pub rate_percent: Decimal,
    /// (Eligible − revenues) × rate, rounded to the cent.
    pub at_rate: Decimal,
    /// The decision's maximum grant, if any.
    pub max_grant: Option<Decimal>,
    /// What the funder pays: `at_rate`, capped at the maximum grant.
    pub funder_share: Decimal,
    /// What the organisation pays: eligible − revenues − funder's share.
    pub own_share: Decimal,
    /// The funder's share of the plan (capped the same way).
    pub planned_funder_share: Decimal,
    /// The organisation's share of the plan.
    pub planned_own_share: Decimal,
    /// Eligible over plan (zero when under plan): stays with the organisation.
    pub overrun: Decimal,
}

impl FundingSplit {
    /// Computes the split from the category lines and the payment periods.
    pub fn compute(
        project: &Project,
        lines: &[CategoryLine],
        revenues: Decimal,
        payments: &Payments,
    ) -> Result<FundingSplit> {
        let rate = project.funding.rate_percent;
        let max_grant = project.funding.max_grant;
        let sum = |what: &str, pick: &dyn Fn(&CategoryLine) -> Option<Decimal>| {
            lines.iter().try_fold(Decimal::ZERO, |total, l| {
                money::checked_add(total, pick(l).unwrap_or_default(), what)
            })
        };
        let realised = sum("the realised costs", &|l| Some(l.realised))?;
        let covered = sum("the covered costs", &|l| {
            matches!(project.eligibility(l.index), Eligibility::Covered(_)).then_some(l.realised)
        })?;
        let not_eligible = sum("the costs not eligible", &|l| {
            (project.eligibility(l.index) == Eligibility::NotEligible).then_some(l.realised)
        })?;
        // The plan of the eligible categories: covered and excluded costs
        // run against no plan.
        let plan = sum("the plan", &|l| {
            (project.eligibility(l.index) == Eligibility::Eligible).then_some(l.plan)
        })?;
        let plan_to_date = sum("the plan to date", &|l| {
            (project.eligibility(l.index) == Eligibility::Eligible).then_some(l.plan_to_date)
        })?;
        let eligible = realised - covered - not_eligible;
        let cap = |amount: Decimal| max_grant.map_or(amount, |m| amount.min(m));
        let at_rate =
            project
                .funding
                .percent_of(eligible - revenues, rate, "the funder's share")?;
        let funder_share = cap(at_rate);
        let planned_funder_share =
            cap(project
                .funding
                .percent_of(plan, rate, "the planned funder's share")?);
        Ok(FundingSplit {
            plan,
            plan_to_date,
            realised,
            covered,
            not_eligible,
            eligible,
            approved_basis: payments.approved_basis_total(),
            revenues,
            rate_percent: rate,
            at_rate,
            max_grant,
            funder_share,
            own_share: eligible - revenues - funder_share,
            planned_funder_share,
            planned_own_share: plan - planned_funder_share,
            overrun: (eligible - plan).max(Decimal::ZERO),
        })
    }

    /// True when the cap, not the rate, decided the funder's share.
    pub fn is_capped(&self) -> bool {
        self.funder_share < self.at_rate
    }
}
