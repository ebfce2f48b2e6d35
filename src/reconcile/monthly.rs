//! Realised costs per category and month against the plan phased over the
//! project's months, and a run-rate forecast to the project end.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::{CategoryLine, Status, Transaction};
use crate::config::Project;
use crate::error::Result;
use crate::money;

/// One month of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// The first day of the month.
    pub first_day: NaiveDate,
    /// Realised per category (same order as the project's categories); a
    /// flat rate is the month's step in the flat rate of the costs to date,
    /// rounded as the project rounds, so the months add up to the
    /// whole-project flat rate to the cent.
    pub realised: Vec<Decimal>,
    /// The plan for this month: each year's plan spread evenly over that
    /// year's project months (the cents left over go to the year's last month).
    pub plan: Decimal,
    /// True when the month ends after the as-of date (costs not yet counted).
    pub after_as_of: bool,
}

impl Month {
    /// Realised in all categories.
    pub fn realised_total(&self) -> Decimal {
        self.realised.iter().sum()
    }
}

/// The months of the project with their figures.
pub fn months(
    project: &Project,
    lines: &[CategoryLine],
    transactions: &[Transaction],
    as_of: NaiveDate,
    staff: Option<&super::StaffFigure>,
) -> Result<Vec<Month>> {
    let firsts = month_starts(project.start, project.end);
    let plan = phase_plan(project, &firsts);
    let mut months: Vec<Month> = firsts
        .iter()
        .zip(plan)
        .map(|(first_day, plan)| Month {
            first_day: *first_day,
            realised: vec![Decimal::ZERO; lines.len()],
            plan,
            after_as_of: *first_day > as_of,
        })
        .collect();
    for t in transactions {
        if let Status::Eligible(c) = t.status {
            let index = month_index(project.start, t.row.date);
            let cell = &mut months[index].realised[c];
            *cell = money::checked_add(*cell, t.row.amount(), "a month's realised costs")?;
        }
    }
    // The staff-cost model's months, where it gives the staff category's figure.
    if let Some(figure) = staff {
        for (first, amount) in &figure.months {
            let index = month_index(project.start, *first);
            if *first > as_of {
                continue;
            }
            if let Some(month) = months.get_mut(index) {
                let cell = &mut month.realised[figure.category];
                *cell = money::checked_add(*cell, *amount, "a month's staff costs")?;
            }
        }
    }
    // A flat rate's month is the step in the flat rate of the costs to
    // date, each rounded by the project's rule: the months are whole cents
    // and add up to the project's flat rate exactly.
    let mut to_date = vec![Decimal::ZERO; lines.len()];
    let mut flat_before = vec![Decimal::ZERO; lines.len()];
    for m in &mut months {
        for (total, month) in to_date.iter_mut().zip(&m.realised) {
            *total += *month;
        }
        let mut flat_now = to_date.clone();
        super::apply_flat_rates(project, &mut flat_now)?;
        for (index, category) in project.categories.iter().enumerate() {
            if category.flat_rate.is_some() {
                m.realised[index] = flat_now[index] - flat_before[index];
                flat_before[index] = flat_now[index];
            }
        }
    }
    Ok(months)
}

/// The run-rate forecast of the whole project's costs: the realised costs to
/// the as-of month, continued at their average monthly pace to the end.
pub fn forecast(months: &[Month]) -> Decimal {
    Pace::of(months)
        .cumulative(months.len())
        .unwrap_or_default()
}

/// The pace of the months up to the as-of date, which the forecast continues.
pub struct Pace {
    /// The months up to the as-of date.
    elapsed: usize,
    /// Their realised costs.
    realised_to_date: Decimal,
}

impl Pace {
    /// The pace of the months not after the as-of date.
    pub fn of(months: &[Month]) -> Pace {
        let to_date = || months.iter().filter(|m| !m.after_as_of);
        Pace {
            elapsed: to_date().count(),
            realised_to_date: to_date().map(Month::realised_total).sum(),
        }
    }

    /// The forecast cumulative costs at the end of the `i`th month (0-based)
    /// of `month`: none up to the as-of date.
    pub fn at(&self, i: usize, month: &Month) -> Option<Decimal> {
        if !month.after_as_of {
            return None;
        }
        self.cumulative(i + 1)
    }

    /// The forecast cumulative costs after `months` months, rounded to the
    /// cent; none when no month has elapsed.
    fn cumulative(&self, months: usize) -> Option<Decimal> {
        if self.elapsed == 0 {
            return None;
        }
        let to_date = self.realised_to_date;
        let ahead = Decimal::from(months.saturating_sub(self.elapsed));
        Some(money::round_cents(
            to_date + to_date / Decimal::from(self.elapsed) * ahead,
        ))
    }
}

fn month_starts(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut first = start.with_day(1).unwrap_or(start);
    let mut out = Vec::new();
    while first <= end {
        out.push(first);
        first = first + Months::new(1);
    }
    out
}

fn month_index(start: NaiveDate, date: NaiveDate) -> usize {
    let months = (date.year() - start.year()) * 12 + date.month() as i32 - start.month() as i32;
    months.max(0) as usize
}

/// Each category's plan spread over the months, added up per month.
fn phase_plan(project: &Project, firsts: &[NaiveDate]) -> Vec<Decimal> {
    let mut plan = vec![Decimal::ZERO; firsts.len()];
    for category in &project.categories {
        for (month, amount) in phase_category(category, &project.funding, firsts)
            .into_iter()
            .enumerate()
        {
            plan[month] += amount;
        }
    }
    plan
}

/// Each category's plan to the as-of date: its plan phased over the
/// project's months, the months that start on or before the date added up
/// (the as-of date's month counts whole). The whole plan once the date
/// reaches the project's last month.
pub fn plan_to_date(project: &Project, as_of: NaiveDate) -> Vec<Decimal> {
    let firsts = month_starts(project.start, project.end);
    project
        .categories
        .iter()
        .map(|category| {
            let months = phase_category(category, &project.funding, &firsts);
            firsts
                .iter()
                .zip(months)
                .filter(|(first_day, _)| **first_day <= as_of)
                .map(|(_, amount)| amount)
                .sum()
        })
        .collect()
}

/// A category's plan spread over the months: each year's plan evenly over
/// that year's project months (the whole plan over all the months when it
/// is not by year). Whole cents: the plan to the k-th of a year's n months
/// is the year's plan × k ÷ n rounded once by the project's rule, and each
/// month the step from the month before, so the plan to any date is the
/// plan's share of the months rounded once, and the months add up to it.
fn phase_category(
    category: &crate::config::Category,
    funding: &crate::config::Funding,
    firsts: &[NaiveDate],
) -> Vec<Decimal> {
    let mut plan = vec![Decimal::ZERO; firsts.len()];
    let years: Vec<(Option<i32>, Decimal)> = if category.plan_by_year.is_empty() {
        vec![(None, category.plan)]
    } else {
        category
            .plan_by_year
            .iter()
            .map(|(y, a)| (Some(*y), *a))
            .collect()
    };
    for (year, amount) in years {
        let in_year: Vec<usize> = (0..firsts.len())
            .filter(|&i| year.is_none_or(|y| firsts[i].year() == y))
            .collect();
        let n = Decimal::from(in_year.len());
        let mut before = Decimal::ZERO;
        for (k, &i) in in_year.iter().enumerate() {
            let to_here = if k + 1 == in_year.len() {
                amount
            } else {
                funding.round(amount * Decimal::from(k + 1) / n)
            };
            plan[i] += to_here - before;
            before = to_here;
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A project of one category with `plan` (velho.toml syntax) from
    /// `start` to `end`: what phasing reads.
    fn one_category(start: &str, end: &str, plan: &str) -> Project {
        let toml = format!(
            r#"
            [project]
            name = "P"
            code = "P"
            start = {start}
            end = {end}
            [funding]
            funder = "F"
            rate_percent = 50
            [filter]
            projects = ["P"]
            [ledger]
            files = ["a.csv"]
            [[category]]
            id = "c"
            fi = "K"
            en = "C"
            plan = {plan}
            accounts = ["4000"]
        "#
        );
        Project::parse(
            &toml,
            std::path::Path::new("velho.toml"),
            std::path::Path::new("."),
        )
        .unwrap()
    }

    #[test]
    fn months_of_a_project() {
        let m = month_starts(ymd(2020, 9, 15), ymd(2022, 12, 31));
        assert_eq!(m.len(), 28);
        assert_eq!(m[0], ymd(2020, 9, 1));
        assert_eq!(month_index(ymd(2020, 9, 15), ymd(2021, 1, 31)), 4);
    }

    #[test]
    fn a_years_plan_is_spread_over_that_years_project_months() {
        let project = one_category(
            "2020-11-01",
            "2021-12-31",
            r#"{ 2020 = 1000, 2021 = "1 200,01" }"#,
        );
        let firsts = month_starts(project.start, project.end);
        let plan = phase_plan(&project, &firsts);
        assert_eq!(plan.len(), 14);
        assert_eq!(
            plan[0],
            "500".parse().unwrap(),
            "2020 has two project months"
        );
        assert_eq!(plan[2], "100".parse().unwrap());
        // 2021: to the k-th month 1 200,01 × k ÷ 12 rounded once: to May
        // 500,0042 → 500,00, to June 600,005 → 600,01, so June is 100,01;
        // to November 1 100,0092 → 1 100,01, December 1 200,01 − 1 100,01.
        assert_eq!(plan[7], "100.01".parse().unwrap(), "June 2021");
        assert_eq!(plan[13], "100".parse().unwrap(), "December 2021");
        assert_eq!(plan.iter().sum::<Decimal>(), "2200.01".parse().unwrap());
        // To 15.3.2021: 2020's 1 000 + January–March 2021 at 100,00 = 1 300,00
        // (March counts whole); to the end, the whole 2 200,01.
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let to_date = |d| plan_to_date(&project, d)[0];
        assert_eq!(to_date(date(2021, 3, 15)), "1300".parse().unwrap());
        assert_eq!(to_date(date(2020, 10, 31)), Decimal::ZERO);
        assert_eq!(to_date(date(2021, 12, 31)), "2200.01".parse().unwrap());
    }

    #[test]
    fn the_plan_to_a_date_is_its_share_of_the_months_rounded_once() {
        // Travel 4 000,00 over 22 months (1.3.2024–31.12.2025): to 30.4.2025,
        // 14 months, 4 000 × 14 ÷ 22 = 2 545,4545… → 2 545,45 (cut month by
        // month at 181,81 it was 2 545,34, 11 cents short); the first month
        // 181,8181… → 181,82; the 22 months add up to 4 000,00.
        let project = one_category("2024-03-01", "2025-12-31", "4000");
        let firsts = month_starts(project.start, project.end);
        let plan = phase_plan(&project, &firsts);
        assert_eq!(plan.len(), 22);
        assert_eq!(plan[0], "181.82".parse().unwrap());
        assert_eq!(plan.iter().sum::<Decimal>(), "4000".parse().unwrap());
        let to_date = plan_to_date(&project, ymd(2025, 4, 30))[0];
        assert_eq!(to_date, "2545.45".parse().unwrap());
    }

    #[test]
    fn a_flat_rates_months_are_cents_that_add_up_to_its_total() {
        // 15 % of 7 312,50 (March) = 1 096,875 → 1 096,88; to the end of
        // April 15 % of 14 844,37 = 2 226,6555 → 2 226,66, so April is
        // 2 226,66 − 1 096,88 = 1 129,78: whole cents, adding up to the
        // project's flat rate of 2 226,66 (not 1 096,875 + 1 129,7805).
        let ledger = "Pvm;Tili;Kp;Selite;Summa
15.3.2022;4000;7311;palkka;7312,50
15.4.2022;4000;7311;palkka;7531,87
";
        let (_, rec) = crate::fixture::reconcile_text(crate::fixture::PROJECT, ledger, |p| {
            crate::reconcile::AsOf::Past(p.end)
        });
        let flat: Vec<Decimal> = rec.months.iter().map(|m| m.realised[1]).collect();
        assert_eq!(flat[2], "1096.88".parse().unwrap());
        assert_eq!(flat[3], "1129.78".parse().unwrap());
        assert_eq!(flat.iter().sum::<Decimal>(), rec.categories[1].realised);
        assert_eq!(rec.categories[1].realised, "2226.66".parse().unwrap());
    }

    #[test]
    fn forecast_continues_the_pace() {
        let month = |total: &str, after| Month {
            first_day: ymd(2021, 1, 1),
            realised: vec![total.parse().unwrap()],
            plan: Decimal::ZERO,
            after_as_of: after,
        };
        let months = [
            month("100", false),
            month("200", false),
            month("0", true),
            month("0", true),
        ];
        assert_eq!(forecast(&months), "600".parse().unwrap());
    }
}
