//! The staff category's figure by the staff-cost model (issue 13): when
//! the project's model is other than actual costs from the ledger, or the
//! project says the payroll is the evidence (`[staff] evidence =
//! "payroll"`), the model's per-person months are the staff category's
//! eligible costs: its realised figure, each month's and each payment
//! period's, and so the flat rate's base and the funding split.
//!
//! The ledger rows on the staff category's accounts are then **covered by
//! the staff model** ([`super::Status::StaffModel`]): shown on Transactions
//! and in a claim's extract with that status, never counted, so the staff
//! costs are not counted twice and read = used + skipped still holds (they
//! are skipped rows, in a line of their own). A person's month counts on
//! the month's first day, so a period or an as-of date takes a month
//! whole once it has begun (the payroll is read up to the as-of month).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::Project;
use crate::error::Result;
use crate::model::staff::StaffModel;
use crate::money;
use crate::staff::StaffCosts;

/// The staff category's eligible costs by the model, by month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFigure {
    /// The staff category (an index into the project's categories).
    pub category: usize,
    /// Each month's first day and the month's eligible cost, all persons,
    /// in date order.
    pub months: Vec<(NaiveDate, Decimal)>,
}

/// The category whose figure the staff-cost model gives, if any: the
/// `[staff]` category, when the model is not actual costs or the payroll
/// is the evidence.
pub fn model_category(project: &Project) -> Option<usize> {
    let staff = project.staff.as_ref()?;
    let id = staff.settings.category.as_deref()?;
    let by_model = staff.settings.model != StaffModel::ActualCosts || staff.payroll_evidence;
    by_model
        .then(|| project.categories.iter().position(|c| c.id == id))
        .flatten()
}

impl StaffFigure {
    /// The model's figure of the project, if the model gives the staff
    /// category's figure ([`model_category`]).
    pub fn of(project: &Project, costs: &StaffCosts) -> Result<Option<StaffFigure>> {
        let Some(category) = model_category(project) else {
            return Ok(None);
        };
        let mut months: Vec<(NaiveDate, Decimal)> = Vec::new();
        for row in &costs.rows {
            let Some(day) = row.month.first_day() else {
                continue;
            };
            match months.iter_mut().find(|(d, _)| *d == day) {
                Some((_, sum)) => {
                    *sum = money::checked_add(*sum, row.eligible, "a month's staff costs")?;
                }
                None => months.push((day, row.eligible)),
            }
        }
        months.sort_by_key(|(d, _)| *d);
        Ok(Some(StaffFigure { category, months }))
    }

    /// The eligible cost of the months whose first day passes `within`.
    pub fn within(&self, within: impl Fn(NaiveDate) -> bool) -> Result<Decimal> {
        self.months
            .iter()
            .filter(|(d, _)| within(*d))
            .try_fold(Decimal::ZERO, |sum, (_, amount)| {
                money::checked_add(sum, *amount, "the staff costs")
            })
    }
}

#[cfg(test)]
mod tests {
    // The property of issue 13: whatever the payroll, the staff category's
    // realised figure is the per-person table's total, month by month and
    // in all, and the flat rate follows it.

    use std::path::Path;

    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use crate::config::{Project, RowFilter, Staff};
    use crate::error::Location;
    use crate::fixture::{LEDGER, PROJECT};
    use crate::import::read_ledger_bytes;
    use crate::model::staff::{
        Month, PayLine, PayType, Person, Share, SharePeriod, ShowPersons, StaffModel, StaffSettings,
    };
    use crate::reconcile::{AsOf, Status, reconcile_with_staff};
    use crate::staff::{StaffInputs, compute};

    fn staffed_project(percent: Decimal) -> Project {
        let mut project = Project::parse(PROJECT, Path::new("velho.toml"), Path::new(".")).unwrap();
        let from = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        project.persons = ["pm", "ps"]
            .iter()
            .zip([Share::FullTime, Share::PartTime(Decimal::new(60, 0))])
            .map(|(id, share)| Person {
                id: id.to_string(),
                name: None,
                initials: None,
                role: "Rooli".into(),
                shares: vec![SharePeriod {
                    from,
                    to: None,
                    share,
                }],
                annual_gross_cost: Vec::new(),
            })
            .collect();
        project.staff = Some(Staff {
            settings: StaffSettings {
                model: StaffModel::StandardSideCosts,
                side_cost_percent: vec![(2022, percent)],
                unit_cost: None,
                hours_per_year: Decimal::new(1720, 0),
                category: Some("staff".into()),
            },
            payroll_files: Vec::new(),
            payroll_from_ledger: false,
            working_time_files: Vec::new(),
            holiday_pay_accounts: Vec::new(),
            holiday_bonus_accounts: Vec::new(),
            side_cost_accounts: Vec::new(),
            pay_types: Vec::new(),
            payroll_evidence: false,
            show_persons: ShowPersons::Id,
            show_persons_in_claims: ShowPersons::Name,
        });
        project
    }

    proptest! {
        #[test]
        fn the_staff_category_is_the_tables_total_and_the_flat_rate_follows(
            pay in proptest::collection::vec((0usize..2, 1u32..=12, 0i64..1_000_000), 0..20),
            tenths in 0i64..400,
        ) {
            let percent = Decimal::new(tenths, 1);
            let project = staffed_project(percent);
            let lines: Vec<PayLine> = pay
                .iter()
                .map(|&(p, month, cents)| PayLine {
                    person: project.persons[p].id.clone(),
                    month: Month::new(2022, month).unwrap(),
                    pay_type: PayType::Salary,
                    amount: Decimal::new(cents, 2),
                    source: Location::file("palkat.csv"),
                })
                .collect();
            let staff = project.staff.as_ref().unwrap();
            let costs = compute(&StaffInputs {
                persons: &project.persons,
                settings: &staff.settings,
                pay: &lines,
                work: &[],
                rounding: project.funding.rounding,
            })
            .unwrap();
            let filter = RowFilter { cost_centres: vec!["7311".into()], ..RowFilter::default() };
            let bytes = LEDGER.as_bytes().to_vec();
            let file = read_ledger_bytes(bytes, "a.csv", "csv", 0, &filter, &project.ledger_options).unwrap();
            let total = costs.total;
            let rec = reconcile_with_staff(
                &project, vec![file], Vec::new(), &[], AsOf::Past(project.end), Some(costs),
            ).unwrap();
            prop_assert_eq!(rec.categories[0].realised, total);
            let flat = project.funding.percent_of(total, Decimal::new(15, 0), "t").unwrap();
            prop_assert_eq!(rec.categories[1].realised, flat);
            let by_month: Decimal = rec.months.iter().map(|m| m.realised[0]).sum();
            prop_assert_eq!(by_month, total);
            let flat_months: Decimal = rec.months.iter().map(|m| m.realised[1]).sum();
            prop_assert_eq!(flat_months, flat);
            // The ledger's staff rows in the project period are covered by
            // the model, and every row is still accounted for.
            prop_assert!(rec.transactions.iter().all(|t| !matches!(t.status, Status::Eligible(0))));
            prop_assert_eq!(rec.project_account.staff_model.rows, 2);
            prop_assert!(rec.project_account.balances());
        }
    }
}
