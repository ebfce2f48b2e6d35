//! Staff costs per person and month under the project's staff-cost model
//! (issue 13, domain.md §2): pure arithmetic over the payroll lines, the
//! working-time record, the `[[person]]` list and the `[staff]` settings.
//!
//! The four models, per person and month:
//!
//! - **actual costs**: (salary + holiday pay + holiday bonus + side costs)
//!   × the project share; the share applies to the side costs too, since
//!   they follow the salary they are paid on;
//! - **standard side-cost model** (vakiosivukulumalli): (salary + holiday
//!   pay) × the project share × (1 + the year's side-cost % / 100); the
//!   holiday bonus and the booked side costs are left out;
//! - **hourly cost**: the annual gross employment cost ÷ the working year's
//!   hours (1 720) × the project hours; the annual cost is the person's
//!   `annual_gross_cost` of the year where given, else every pay line of
//!   the person in that calendar year;
//! - **unit cost**: the funder's unit cost per hour × the project hours.
//!
//! The share is 1 for full time, the percentage ÷ 100 for part time, and
//! project hours ÷ total hours from the working-time record for a share by
//! hours. A month no share period of the person covers counts nothing,
//! under every model (a [`Gap::NoShare`]).
//!
//! **Rounding**: each person's eligible cost of a month is rounded once to
//! the cent, by the project's rule (half away from zero unless
//! `funding.rounding` says otherwise); everything before that (the share,
//! the hourly rate, the percentage) is exact. Totals add those rounded
//! figures, so the per-person table always adds up to the total.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};

use crate::config::Rounding;
pub use crate::model::staff::{
    Month, PayLine, PayType, Person, Share, SharePeriod, StaffModel, StaffSettings, WorkLine,
};
use crate::text::Message;

pub mod ledger;
pub mod privacy;

/// Everything the staff-cost models read.
#[derive(Debug, Clone, Copy)]
pub struct StaffInputs<'a> {
    /// The people of the project.
    pub persons: &'a [Person],
    /// The model and its settings.
    pub settings: &'a StaffSettings,
    /// The payroll lines.
    pub pay: &'a [PayLine],
    /// The working-time record.
    pub work: &'a [WorkLine],
    /// How the eligible cost is rounded to the cent.
    pub rounding: Rounding,
}

/// One person's month: the pay by type, the share or hours, and the eligible cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMonth {
    /// The person (an index into the persons).
    pub person: usize,
    /// The month.
    pub month: Month,
    /// Salary.
    pub salary: Decimal,
    /// Holiday pay.
    pub holiday_pay: Decimal,
    /// Holiday bonus.
    pub holiday_bonus: Decimal,
    /// Side costs (booked, as the payroll gives them).
    pub side_costs: Decimal,
    /// The project share as a fraction (1 = full time), for the actual-cost
    /// and standard side-cost models.
    pub share: Option<Decimal>,
    /// Hours on the project, from the working-time record.
    pub project_hours: Option<Decimal>,
    /// Hours worked in all, from the working-time record.
    pub total_hours: Option<Decimal>,
    /// The side-cost percentage applied (standard side-cost model).
    pub side_cost_percent: Option<Decimal>,
    /// The cost per hour applied (hourly-cost and unit-cost models), exact.
    pub hourly_rate: Option<Decimal>,
    /// The eligible staff cost of the month, rounded to the cent.
    pub eligible: Decimal,
    /// The side costs the standard side-cost model computes, (salary +
    /// holiday pay) × the share × the year's percentage: the eligible cost
    /// less (salary + holiday pay) × the share rounded to the cent, so the
    /// two add up to the eligible cost exactly. `None` under other models.
    pub model_side_costs: Option<Decimal>,
}

/// A person's month the model could not compute, and why (a finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// The model needs the month's project hours and the working-time
    /// record has none.
    NoHours {
        /// The person (index).
        person: usize,
        /// The month.
        month: Month,
    },
    /// A share by hours needs the month's total hours and the record has
    /// none, or zero.
    NoTotalHours {
        /// The person (index).
        person: usize,
        /// The month.
        month: Month,
    },
    /// A month (its pay, its hours) no share period of the person covers:
    /// not counted, under any model.
    NoShare {
        /// The person (index).
        person: usize,
        /// The month.
        month: Month,
        /// The pay of the month, all types.
        amount: Decimal,
    },
}

/// The staff costs of the project: a row per person and month, the total,
/// and the months that could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffCosts {
    /// By person (in `[[person]]` order), then month.
    pub rows: Vec<PersonMonth>,
    /// The sum of the rows' eligible costs.
    pub total: Decimal,
    /// What could not be computed.
    pub gaps: Vec<Gap>,
}

impl StaffCosts {
    /// The eligible cost of one person, all months.
    pub fn person_total(&self, person: usize) -> Decimal {
        self.rows
            .iter()
            .filter(|r| r.person == person)
            .map(|r| r.eligible)
            .sum()
    }
}

/// Folds a name for matching: lower case, single spaces, no punctuation.
fn folded(text: &str) -> String {
    crate::import::normalise_header(text)
}

/// The person a payroll or working-time record names: by id, initials or
/// name (first name first or last name first), case and spacing aside.
pub fn find_person(persons: &[Person], named: &str) -> Option<usize> {
    let wanted = folded(named);
    if wanted.is_empty() {
        return None;
    }
    let by = |text: &Option<String>| text.as_deref().map(folded).is_some_and(|t| t == wanted);
    persons
        .iter()
        .position(|p| folded(&p.id) == wanted)
        .or_else(|| persons.iter().position(|p| by(&p.name)))
        .or_else(|| persons.iter().position(|p| by(&p.initials)))
        .or_else(|| {
            persons.iter().position(|p| {
                p.name.as_deref().is_some_and(|name| {
                    let mut words: Vec<String> =
                        folded(name).split(' ').map(str::to_string).collect();
                    words.rotate_right(1);
                    words.join(" ") == wanted
                })
            })
        })
}

/// Rounds an exact figure to the cent by the project's rule.
pub fn round(value: Decimal, rounding: Rounding) -> Decimal {
    let strategy = match rounding {
        Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
        Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
    };
    value.round_dp_with_strategy(2, strategy)
}

/// The pay of a person's month, by type.
#[derive(Debug, Clone, Copy, Default)]
struct Pay {
    salary: Decimal,
    holiday_pay: Decimal,
    holiday_bonus: Decimal,
    side_costs: Decimal,
}

impl Pay {
    fn add(&mut self, line: &PayLine) -> Option<()> {
        let slot = match line.pay_type {
            PayType::Salary => &mut self.salary,
            PayType::HolidayPay => &mut self.holiday_pay,
            PayType::HolidayBonus => &mut self.holiday_bonus,
            PayType::SideCosts => &mut self.side_costs,
        };
        *slot = slot.checked_add(line.amount)?;
        Some(())
    }

    fn all(&self) -> Option<Decimal> {
        self.salary
            .checked_add(self.holiday_pay)?
            .checked_add(self.holiday_bonus)?
            .checked_add(self.side_costs)
    }
}

/// The hours of a person's month: project hours and total hours.
type Hours = (Decimal, Option<Decimal>);

/// The inputs grouped by the person they name and month; lines naming no
/// known person are left out (the checks report them).
struct Grouped {
    pay: BTreeMap<(usize, Month), Pay>,
    hours: BTreeMap<(usize, Month), Hours>,
    /// Each known person's pay, all types, by year (the hourly model's annual cost).
    by_year: BTreeMap<(usize, i32), Decimal>,
}

fn group(inputs: &StaffInputs) -> Result<Grouped, Message> {
    let overflow = || Message::new("config.staff_costs.overflow");
    let mut grouped = Grouped {
        pay: BTreeMap::new(),
        hours: BTreeMap::new(),
        by_year: BTreeMap::new(),
    };
    for line in inputs.pay {
        let Some(person) = find_person(inputs.persons, &line.person) else {
            continue;
        };
        let month = line.month;
        grouped
            .pay
            .entry((person, month))
            .or_default()
            .add(line)
            .ok_or_else(overflow)?;
        let year = grouped.by_year.entry((person, month.year)).or_default();
        *year = year.checked_add(line.amount).ok_or_else(overflow)?;
    }
    for line in inputs.work {
        let Some(person) = find_person(inputs.persons, &line.person) else {
            continue;
        };
        let entry = grouped
            .hours
            .entry((person, line.month))
            .or_insert((Decimal::ZERO, None));
        entry.0 = entry
            .0
            .checked_add(line.project_hours)
            .ok_or_else(overflow)?;
        if let Some(total) = line.total_hours {
            let sum = entry.1.unwrap_or_default().checked_add(total);
            entry.1 = Some(sum.ok_or_else(overflow)?);
        }
    }
    Ok(grouped)
}

/// Computes the staff costs of every person and month under the project's
/// model. An error (naming the `[staff]` key) when a setting the model
/// needs is missing, such as the side-cost percentage of a year that has pay.
pub fn compute(inputs: &StaffInputs) -> Result<StaffCosts, Message> {
    let grouped = group(inputs)?;
    let keys: BTreeSet<(usize, Month)> = grouped
        .pay
        .keys()
        .chain(grouped.hours.keys())
        .copied()
        .collect();
    let mut costs = StaffCosts::default();
    for (person, month) in keys {
        let pay = grouped
            .pay
            .get(&(person, month))
            .copied()
            .unwrap_or_default();
        let hours = grouped.hours.get(&(person, month)).copied();
        let mut row = PersonMonth {
            person,
            month,
            salary: pay.salary,
            holiday_pay: pay.holiday_pay,
            holiday_bonus: pay.holiday_bonus,
            side_costs: pay.side_costs,
            share: None,
            project_hours: hours.map(|h| h.0),
            total_hours: hours.and_then(|h| h.1),
            side_cost_percent: None,
            hourly_rate: None,
            eligible: Decimal::ZERO,
            model_side_costs: None,
        };
        let Some(share) = inputs.persons[person].share_in(month) else {
            let amount = pay
                .all()
                .ok_or_else(|| Message::new("config.staff_costs.overflow"))?;
            costs.gaps.push(Gap::NoShare {
                person,
                month,
                amount,
            });
            costs.rows.push(row);
            continue;
        };
        let exact = match inputs.settings.model {
            StaffModel::ActualCosts | StaffModel::StandardSideCosts => {
                by_share(inputs, share, &pay, &mut row, &mut costs.gaps)?
            }
            StaffModel::HourlyCost | StaffModel::UnitCost => {
                by_hours(inputs, &grouped, &mut row, &mut costs.gaps)?
            }
        };
        row.eligible = round(exact, inputs.rounding);
        row.model_side_costs = model_side_costs(inputs, &row);
        costs.total = costs
            .total
            .checked_add(row.eligible)
            .ok_or_else(|| Message::new("config.staff_costs.total_overflow"))?;
        costs.rows.push(row);
    }
    Ok(costs)
}

/// The side costs of a month the standard side-cost model computes: the
/// eligible cost less the month's (salary + holiday pay) × share rounded
/// to the cent. `None` under other models or without a share.
fn model_side_costs(inputs: &StaffInputs, row: &PersonMonth) -> Option<Decimal> {
    if inputs.settings.model != StaffModel::StandardSideCosts {
        return None;
    }
    let share = row.share?;
    let base = row
        .salary
        .checked_add(row.holiday_pay)?
        .checked_mul(share)?;
    row.eligible.checked_sub(round(base, inputs.rounding))
}

/// The exact eligible cost under a model of shares (actual costs, the
/// standard side-cost model); zero with a gap when a share by hours has no
/// hours to go by.
fn by_share(
    inputs: &StaffInputs,
    share: Share,
    pay: &Pay,
    row: &mut PersonMonth,
    gaps: &mut Vec<Gap>,
) -> Result<Decimal, Message> {
    let (person, month) = (row.person, row.month);
    let overflow = || overflow_in(month);
    let share = match share {
        Share::FullTime => Decimal::ONE,
        Share::PartTime(percent) => percent / Decimal::ONE_HUNDRED,
        Share::Hours => match (row.project_hours, row.total_hours) {
            (None, _) => {
                gaps.push(Gap::NoHours { person, month });
                return Ok(Decimal::ZERO);
            }
            (Some(_), None) => {
                gaps.push(Gap::NoTotalHours { person, month });
                return Ok(Decimal::ZERO);
            }
            (Some(_), Some(total)) if total.is_zero() => {
                gaps.push(Gap::NoTotalHours { person, month });
                return Ok(Decimal::ZERO);
            }
            (Some(project), Some(total)) => project.checked_div(total).ok_or_else(overflow)?,
        },
    };
    row.share = Some(share);
    if inputs.settings.model == StaffModel::ActualCosts {
        return pay
            .all()
            .and_then(|a| a.checked_mul(share))
            .ok_or_else(overflow);
    }
    let percent = inputs
        .settings
        .side_cost_percent_in(month.year)
        .ok_or_else(|| {
            Message::new("config.staff_costs.no_side_cost_percent")
                .with("key", "staff.side_cost_percent")
                .with("year", month.year)
        })?;
    row.side_cost_percent = Some(percent);
    let factor = Decimal::ONE + percent / Decimal::ONE_HUNDRED;
    pay.salary
        .checked_add(pay.holiday_pay)
        .and_then(|base| base.checked_mul(share))
        .and_then(|base| base.checked_mul(factor))
        .ok_or_else(overflow)
}

/// The exact eligible cost under a model of hours (hourly cost, unit
/// cost); zero with a gap when the month has no project hours.
fn by_hours(
    inputs: &StaffInputs,
    grouped: &Grouped,
    row: &mut PersonMonth,
    gaps: &mut Vec<Gap>,
) -> Result<Decimal, Message> {
    let (person, month) = (row.person, row.month);
    let Some(hours) = row.project_hours else {
        gaps.push(Gap::NoHours { person, month });
        return Ok(Decimal::ZERO);
    };
    let rate = if inputs.settings.model == StaffModel::UnitCost {
        inputs.settings.unit_cost.ok_or_else(|| {
            Message::new("config.staff_costs.no_unit_cost").with("key", "staff.unit_cost")
        })?
    } else {
        let annual = inputs.persons[person]
            .annual_gross_cost
            .iter()
            .find(|(y, _)| *y == month.year)
            .map(|(_, a)| *a)
            .or_else(|| grouped.by_year.get(&(person, month.year)).copied())
            .unwrap_or_default();
        let yearly = inputs.settings.hours_per_year;
        if yearly <= Decimal::ZERO {
            return Err(Message::new("config.staff_costs.no_hours_per_year")
                .with("key", "staff.hours_per_year"));
        }
        annual / yearly
    };
    row.hourly_rate = Some(rate);
    rate.checked_mul(hours).ok_or_else(|| overflow_in(month))
}

/// An amount of a month's staff costs that overflowed.
fn overflow_in(month: Month) -> Message {
    Message::new("config.staff_costs.overflow_in").with("month", month)
}

#[cfg(test)]
mod tests;
