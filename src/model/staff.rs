//! Staff costs per person and month (issue 13): the people of the project
//! (`[[person]]`), the staff-cost model and its settings (`[staff]`), and
//! the payroll and working-time lines as read. Plain data; the models'
//! arithmetic is in [`crate::staff`].

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::error::Location;

/// A calendar month: the unit of payroll and of a payment application's
/// staff table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// A month from its year and number; `None` unless the number is 1–12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Its first day.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// Its last day.
    pub fn last_day(self) -> Option<NaiveDate> {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(year, month, 1).and_then(|d| d.pred_opt())
    }
}

impl fmt::Display for Month {
    /// `1/2024`, as Finnish payroll writes a month.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.month, self.year)
    }
}

/// What a pay line is, as the staff-cost models tell pay apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PayType {
    /// Salary for working time (kuukausi- or tuntipalkka, lisät).
    Salary,
    /// Holiday pay (lomapalkka, lomakorvaus): salary for the holiday.
    HolidayPay,
    /// The holiday bonus (lomaraha, lomaltapaluuraha), excluded from the
    /// base of the standard side-cost model.
    HolidayBonus,
    /// The employer's side costs (sivukulut: TyEL, sotu, unemployment and
    /// accident insurance…), of any kind.
    SideCosts,
}

impl PayType {
    /// The pay type's name in a language (`true` Finnish).
    pub fn name(self, finnish: bool) -> &'static str {
        match (self, finnish) {
            (PayType::Salary, true) => "palkka",
            (PayType::Salary, false) => "salary",
            (PayType::HolidayPay, true) => "lomapalkka",
            (PayType::HolidayPay, false) => "holiday pay",
            (PayType::HolidayBonus, true) => "lomaraha",
            (PayType::HolidayBonus, false) => "holiday bonus",
            (PayType::SideCosts, true) => "sivukulut",
            (PayType::SideCosts, false) => "side costs",
        }
    }
}

/// One line of a payroll report: a person's pay of one type in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayLine {
    /// The person as the payroll names them (an id, a name or initials).
    pub person: String,
    /// The month the pay is for.
    pub month: Month,
    /// What the pay is.
    pub pay_type: PayType,
    /// The amount in euros (a correction may be negative).
    pub amount: Decimal,
    /// Where it was read (file and row).
    pub source: Location,
}

/// One line of a working-time record (tuntikirjanpito): a person's hours in
/// one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkLine {
    /// The person as the record names them.
    pub person: String,
    /// The month.
    pub month: Month,
    /// Hours worked on the project.
    pub project_hours: Decimal,
    /// Hours worked in all (kokonaistyöaika), when the record has them.
    pub total_hours: Option<Decimal>,
    /// Where it was read.
    pub source: Location,
}

/// A person's share of working time on the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// Full time on the project: 100 %.
    FullTime,
    /// Part time: this percentage of the working time.
    PartTime(Decimal),
    /// By the hours of the working-time record: project hours ÷ total hours.
    Hours,
}

/// A share of working time over a period (`to` open: until the project ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharePeriod {
    /// The first day.
    pub from: NaiveDate,
    /// The last day, if the period ends before the project.
    pub to: Option<NaiveDate>,
    /// The share.
    pub share: Share,
}

impl SharePeriod {
    /// True when the period covers the day.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// A person working on the project (`[[person]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// A short id, unique in the project (also how a payroll may name them).
    pub id: String,
    /// The full name, if given.
    pub name: Option<String>,
    /// Initials, if given.
    pub initials: Option<String>,
    /// The role in the project (projektipäällikkö, projektisihteeri).
    pub role: String,
    /// The shares of working time on the project, in date order, not overlapping.
    pub shares: Vec<SharePeriod>,
    /// The documented annual gross employment cost by year, for the
    /// 1 720-hour model (when not given, the year's payroll is the cost).
    pub annual_gross_cost: Vec<(i32, Decimal)>,
}

impl Person {
    /// The share of a month: the period covering its last day, else the
    /// last period covering any of its days; `None` when no period does.
    pub fn share_in(&self, month: Month) -> Option<Share> {
        let (first, last) = (month.first_day()?, month.last_day()?);
        if let Some(p) = self.shares.iter().find(|p| p.covers(last)) {
            return Some(p.share);
        }
        self.shares
            .iter()
            .rev()
            .find(|p| p.from <= last && p.to.is_none_or(|to| to >= first))
            .map(|p| p.share)
    }
}

/// The staff-cost model of the project; it cannot change during the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffModel {
    /// Actual costs: all pay (salary, holiday pay, holiday bonus, side
    /// costs) × the project share.
    ActualCosts,
    /// The standard side-cost model (vakiosivukulumalli): salary and holiday
    /// pay, without side costs and without the holiday bonus, × the project
    /// share × (1 + the year's side-cost percentage).
    StandardSideCosts,
    /// Hourly cost: the annual gross employment cost ÷ the yearly hours
    /// (1 720) × the project hours.
    HourlyCost,
    /// A unit cost per hour set by the funder × the project hours.
    UnitCost,
}

impl StaffModel {
    /// The model's key in `velho.toml`.
    pub fn key(self) -> &'static str {
        match self {
            StaffModel::ActualCosts => "actual-costs",
            StaffModel::StandardSideCosts => "standard-side-costs",
            StaffModel::HourlyCost => "hourly-cost",
            StaffModel::UnitCost => "unit-cost",
        }
    }

    /// True when the model leaves the holiday bonus out (a percentage or
    /// the unit cost covers it).
    pub fn excludes_holiday_bonus(self) -> bool {
        matches!(self, StaffModel::StandardSideCosts | StaffModel::UnitCost)
    }

    /// True when the model adds side costs as a percentage or within a
    /// unit cost (booked side costs would count them twice).
    pub fn adds_side_costs(self) -> bool {
        matches!(self, StaffModel::StandardSideCosts | StaffModel::UnitCost)
    }
}

/// The `[staff]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSettings {
    /// The model.
    pub model: StaffModel,
    /// The standard side-cost percentage by year (standard side-cost model).
    pub side_cost_percent: Vec<(i32, Decimal)>,
    /// The funder's unit cost per hour (unit-cost model).
    pub unit_cost: Option<Decimal>,
    /// The hours of a working year for the hourly model (1 720 unless set).
    pub hours_per_year: Decimal,
    /// The id of the plan's category that holds staff costs, if named.
    pub category: Option<String>,
}

impl StaffSettings {
    /// The side-cost percentage of a year, if the project file gives one.
    pub fn side_cost_percent_in(&self, year: i32) -> Option<Decimal> {
        self.side_cost_percent
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, p)| *p)
    }
}

/// How persons appear in an output (`[staff] show_persons`,
/// `show_persons_in_claims`): salaries of named people are personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShowPersons {
    /// By name (the funder's payment application names each person).
    Name,
    /// By initials.
    Initials,
    /// By the project file's id (`pm`): the name stays in `velho.toml`.
    #[default]
    Id,
}

impl ShowPersons {
    /// The setting's value in `velho.toml`.
    pub fn key(self) -> &'static str {
        match self {
            ShowPersons::Name => "name",
            ShowPersons::Initials => "initials",
            ShowPersons::Id => "id",
        }
    }
}
