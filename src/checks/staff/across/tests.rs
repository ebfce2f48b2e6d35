use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::config::{Rounding, Staff};
use crate::error::Location;
use crate::fixture::PROJECT;
use crate::model::staff::{
    PayLine, PayType, Person, SharePeriod, ShowPersons, StaffSettings, WorkLine,
};
use crate::staff::{StaffInputs, compute};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn march() -> Month {
    Month::new(2022, 3).unwrap()
}

/// A project coded `code` under `model` with one person, `id`, on `share`.
fn project(code: &str, model: StaffModel, id: &str, share: Share) -> Project {
    let mut project = Project::parse(PROJECT, Path::new("velho.toml"), Path::new(".")).unwrap();
    project.code = code.into();
    project.persons = vec![Person {
        id: id.into(),
        name: None,
        initials: None,
        role: String::new(),
        shares: vec![SharePeriod {
            from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
            to: None,
            share,
        }],
        annual_gross_cost: Vec::new(),
    }];
    project.staff = Some(Staff {
        settings: StaffSettings {
            model,
            side_cost_percent: Vec::new(),
            unit_cost: Some(d("40")),
            hours_per_year: d("1720"),
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

/// March's staff costs of the project's person: a salary, and hours when given.
fn costs(project: &Project, hours: Option<(&str, &str)>) -> StaffCosts {
    let person = project.persons[0].id.clone();
    let pay = [PayLine {
        person: person.clone(),
        month: march(),
        pay_type: PayType::Salary,
        amount: d("3000"),
        source: Location::file("palkat.csv"),
    }];
    let work: Vec<WorkLine> = hours
        .into_iter()
        .map(|(project_hours, total)| WorkLine {
            person: person.clone(),
            month: march(),
            project_hours: d(project_hours),
            total_hours: Some(d(total)),
            source: Location::file("tunnit.csv"),
        })
        .collect();
    let staff = project.staff.as_ref().unwrap();
    compute(&StaffInputs {
        persons: &project.persons,
        settings: &staff.settings,
        pay: &pay,
        work: &work,
        rounding: Rounding::HalfAwayFromZero,
    })
    .unwrap()
}

fn keys(key: &str) -> Vec<BTreeSet<String>> {
    vec![BTreeSet::from([key.to_string()])]
}

/// By hand, the unit-cost model (hours): the person is `pm` on A and `x`
/// on B, one person because the organisation's working-time file names
/// her the same in both. March: A 100 h + B 80 h = 180 h, more than the
/// 160 h she worked in all: an error in each, in hours.
#[test]
fn project_hours_over_the_total_across_projects_are_an_error() {
    let a = project("A", StaffModel::UnitCost, "pm", Share::Hours);
    let b = project("B", StaffModel::UnitCost, "x", Share::Hours);
    let (costs_a, costs_b) = (
        costs(&a, Some(("100", "160"))),
        costs(&b, Some(("80", "160"))),
    );
    let names = PersonNames::default();
    let same = keys("/org/tunnit.csv\u{0}meikäläinen maija");
    let found = over_100(&[
        ProjectStaff {
            project: &a,
            costs: &costs_a,
            names: &names,
            keys: &same,
        },
        ProjectStaff {
            project: &b,
            costs: &costs_b,
            names: &names,
            keys: &same,
        },
    ]);
    assert_eq!(found.len(), 2);
    let (on_a, on_b) = (&found[0], &found[1]);
    assert_eq!((on_a.len(), on_b.len()), (1, 1));
    assert_eq!(on_a[0].severity, Severity::Error);
    assert_eq!(
        on_a[0].en,
        "pm: the project hours of 3/2022 add up to more than the hours worked in all (160 h) across projects: A 100 h + B 80 h = 180 h. The same working time cannot be claimed from two projects; correct the working-time records."
    );
    assert!(
        on_b[0].fi.starts_with("x: hanketunteja kuussa 3/2022"),
        "{}",
        on_b[0].fi
    );
    assert!(
        on_b[0].fi.contains("A 100 h + B 80 h = 180 h"),
        "{}",
        on_b[0].fi
    );
}

/// Shares by percentage: 60 % + 40 % = 100 % is not over; 60 % + 50 % =
/// 110 % is, but only when the two are one person (a key in common).
#[test]
fn shares_are_added_only_for_one_person_and_only_over_100_is_an_error() {
    let a = project("A", StaffModel::ActualCosts, "pm", Share::PartTime(d("60")));
    let b40 = project("B", StaffModel::ActualCosts, "x", Share::PartTime(d("40")));
    let b50 = project("B", StaffModel::ActualCosts, "x", Share::PartTime(d("50")));
    let (ca, c40, c50) = (costs(&a, None), costs(&b40, None), costs(&b50, None));
    let names = PersonNames::default();
    let (same, other) = (
        keys("name\u{0}maija meikäläinen"),
        keys("name\u{0}matti muu"),
    );
    let run = |b: &Project, cb: &StaffCosts, kb: &[BTreeSet<String>]| {
        over_100(&[
            ProjectStaff {
                project: &a,
                costs: &ca,
                names: &names,
                keys: &same,
            },
            ProjectStaff {
                project: b,
                costs: cb,
                names: &names,
                keys: kb,
            },
        ])
    };
    assert!(run(&b40, &c40, &same).iter().all(Vec::is_empty));
    assert!(run(&b50, &c50, &other).iter().all(Vec::is_empty));
    let found = run(&b50, &c50, &same);
    assert!(
        found[1][0].fi.contains("A 60 % + B 50 % = 110 %"),
        "{}",
        found[1][0].fi
    );
}
