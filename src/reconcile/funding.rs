//! The funding split: what the funder pays of the eligible costs (at its rate,
//! never above the maximum grant), what the organisation pays, and the overrun
//! over the plan that stays with the organisation.

use rust_decimal::Decimal;

use super::CategoryLine;
use crate::config::Project;
use crate::error::Result;
use crate::money;

/// Who pays what, realised and planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingSplit {
    /// The plan's total.
    pub plan: Decimal,
    /// Realised eligible costs, flat rate included.
    pub eligible: Decimal,
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
    /// What the organisation pays: eligible − funder's share.
    pub own_share: Decimal,
    /// The funder's share of the plan (capped the same way).
    pub planned_funder_share: Decimal,
    /// The organisation's share of the plan.
    pub planned_own_share: Decimal,
    /// Realised over plan (zero when under plan): stays with the organisation.
    pub overrun: Decimal,
}

impl FundingSplit {
    /// Computes the split from the category lines.
    pub fn compute(
        project: &Project,
        lines: &[CategoryLine],
        revenues: Decimal,
    ) -> Result<FundingSplit> {
        let rate = project.funding.rate_percent;
        let max_grant = project.funding.max_grant;
        let eligible = lines.iter().try_fold(Decimal::ZERO, |sum, l| {
            money::checked_add(sum, l.realised, "the eligible costs")
        })?;
        let plan = lines.iter().try_fold(Decimal::ZERO, |sum, l| {
            money::checked_add(sum, l.plan, "the plan")
        })?;
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
            eligible,
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
