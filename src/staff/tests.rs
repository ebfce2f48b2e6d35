//! The staff-cost models on one person and two months, each figure worked
//! out by hand in the test's comment.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::error::Location;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn month(year: i32, month: u32) -> Month {
    Month::new(year, month).unwrap()
}

fn pay(person: &str, m: Month, pay_type: PayType, amount: &str) -> PayLine {
    PayLine {
        person: person.into(),
        month: m,
        pay_type,
        amount: d(amount),
        source: Location::file("palkat.csv"),
    }
}

fn work(person: &str, m: Month, project: &str, total: Option<&str>) -> WorkLine {
    WorkLine {
        person: person.into(),
        month: m,
        project_hours: d(project),
        total_hours: total.map(d),
        source: Location::file("tunnit.csv"),
    }
}

fn person(share: Share) -> Person {
    Person {
        id: "pm".into(),
        name: Some("Maija Meikäläinen".into()),
        initials: Some("MM".into()),
        role: "Projektipäällikkö".into(),
        shares: vec![SharePeriod {
            from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            to: None,
            share,
        }],
        annual_gross_cost: Vec::new(),
    }
}

fn settings(model: StaffModel) -> StaffSettings {
    StaffSettings {
        model,
        side_cost_percent: vec![(2024, d("21.5")), (2025, d("20.9"))],
        unit_cost: Some(d("38.50")),
        hours_per_year: Decimal::from(1720),
        category: None,
    }
}

fn costs(persons: &[Person], model: StaffModel, pay: &[PayLine], work: &[WorkLine]) -> StaffCosts {
    compute(&StaffInputs {
        persons,
        settings: &settings(model),
        pay,
        work,
        rounding: Rounding::HalfAwayFromZero,
    })
    .unwrap()
}

fn eligible(c: &StaffCosts) -> Vec<Decimal> {
    c.rows.iter().map(|r| r.eligible).collect()
}

/// June and July 2024 of a project manager at 60 % (the payroll names her
/// by name, last name first):
/// - June: salary 3 000,00 + side costs 630,30 = 3 630,30 × 0,6 = 2 178,18;
/// - July: salary 3 000,00 + holiday bonus 1 500,00 + side costs 945,15
///   = 5 445,15 × 0,6 = 3 267,09;
/// - total 2 178,18 + 3 267,09 = 5 445,27.
#[test]
fn actual_costs_are_all_pay_times_the_share() {
    let persons = [person(Share::PartTime(d("60")))];
    let (june, july) = (month(2024, 6), month(2024, 7));
    let who = "Meikäläinen Maija";
    let lines = [
        pay(who, june, PayType::Salary, "3000.00"),
        pay(who, june, PayType::SideCosts, "630.30"),
        pay(who, july, PayType::Salary, "3000.00"),
        pay(who, july, PayType::HolidayBonus, "1500.00"),
        pay(who, july, PayType::SideCosts, "945.15"),
    ];
    let c = costs(&persons, StaffModel::ActualCosts, &lines, &[]);
    assert_eq!(eligible(&c), [d("2178.18"), d("3267.09")]);
    assert_eq!(c.total, d("5445.27"));
    assert_eq!(c.rows[0].share, Some(d("0.6")));
    assert!(c.gaps.is_empty());
}

/// The same person full time under the standard side-cost model, 2024's
/// percentage 21,5:
/// - June: salary 2 345,67 × 1,215 = 2 849,989 05 → 2 849,99 (booked side
///   costs 630,30 left out);
/// - July: salary 3 000,00 (holiday bonus 1 500,00 and side costs 945,15
///   left out) × 1,215 = 3 645,00;
/// - total 2 849,99 + 3 645,00 = 6 494,99.
#[test]
fn the_standard_side_cost_model_leaves_out_the_holiday_bonus_and_booked_side_costs() {
    let persons = [person(Share::FullTime)];
    let (june, july) = (month(2024, 6), month(2024, 7));
    let lines = [
        pay("pm", june, PayType::Salary, "2345.67"),
        pay("pm", june, PayType::SideCosts, "630.30"),
        pay("pm", july, PayType::Salary, "3000.00"),
        pay("pm", july, PayType::HolidayBonus, "1500.00"),
        pay("pm", july, PayType::SideCosts, "945.15"),
    ];
    let c = costs(&persons, StaffModel::StandardSideCosts, &lines, &[]);
    assert_eq!(eligible(&c), [d("2849.99"), d("3645.00")]);
    assert_eq!(c.total, d("6494.99"));
    assert_eq!(c.rows[1].side_cost_percent, Some(d("21.5")));
}

/// Each month takes its own year's percentage, and holiday pay is salary:
/// - December 2024: salary 1 000,00 + holiday pay 2 000,00 = 3 000,00 ×
///   1,215 = 3 645,00;
/// - January 2025 (20,9 %): salary 3 000,00 × 1,209 = 3 627,00;
/// - total 7 272,00.
///
/// A year the project file gives no percentage for is an error naming the key.
#[test]
fn the_side_cost_percentage_is_the_years_setting() {
    let persons = [person(Share::FullTime)];
    let (december, january) = (month(2024, 12), month(2025, 1));
    let lines = [
        pay("pm", december, PayType::Salary, "1000.00"),
        pay("pm", december, PayType::HolidayPay, "2000.00"),
        pay("pm", january, PayType::Salary, "3000.00"),
    ];
    let c = costs(&persons, StaffModel::StandardSideCosts, &lines, &[]);
    assert_eq!(eligible(&c), [d("3645.00"), d("3627.00")]);
    assert_eq!(c.total, d("7272.00"));
    let later = [pay("pm", month(2026, 1), PayType::Salary, "3000.00")];
    let error = compute(&StaffInputs {
        persons: &persons,
        settings: &settings(StaffModel::StandardSideCosts),
        pay: &later,
        work: &[],
        rounding: Rounding::HalfAwayFromZero,
    })
    .unwrap_err()
    .to_string();
    assert!(error.contains("`staff.side_cost_percent`") && error.contains("2026"));
}

/// The 1 720-hour model with the annual gross cost from the payroll: twelve
/// months of 2024 at salary 3 500,00 + side costs 800,00 = 4 300,00 × 12 =
/// 51 600,00 a year ÷ 1 720 h = 30,00 €/h;
/// - March: 120 h × 30,00 = 3 600,00;
/// - April: 100,5 h × 30,00 = 3 015,00;
/// - total 6 615,00 (months without hours are gaps, costing nothing).
#[test]
fn hourly_cost_is_the_annual_gross_cost_over_1720_hours_times_the_hours() {
    let persons = [person(Share::FullTime)];
    let mut lines = Vec::new();
    for m in 1..=12 {
        lines.push(pay("pm", month(2024, m), PayType::Salary, "3500.00"));
        lines.push(pay("pm", month(2024, m), PayType::SideCosts, "800.00"));
    }
    let hours = [
        work("MM", month(2024, 3), "120", Some("150")),
        work("MM", month(2024, 4), "100.5", None),
    ];
    let c = costs(&persons, StaffModel::HourlyCost, &lines, &hours);
    let counted: Vec<&PersonMonth> = c.rows.iter().filter(|r| !r.eligible.is_zero()).collect();
    assert_eq!(counted.len(), 2);
    assert_eq!(counted[0].hourly_rate, Some(d("30")));
    assert_eq!(counted[0].eligible, d("3600.00"));
    assert_eq!(counted[1].eligible, d("3015.00"));
    assert_eq!(c.total, d("6615.00"));
    assert_eq!(c.gaps.len(), 10, "ten months of pay have no hours");
}

/// A documented annual cost in the project file wins over the payroll, and
/// the hourly rate stays exact until the month is rounded: 50 000,00 ÷
/// 1 720 = 29,069 767 44… €/h;
/// - May: 100 h → 2 906,976 744… → 2 906,98 (a rate rounded first,
///   29,07 × 100, would give 2 907,00);
/// - June: 10 h → 290,697 674… → 290,70;
/// - total 3 197,68.
#[test]
fn hourly_cost_rounds_once_per_month_from_the_exact_rate() {
    let mut manager = person(Share::FullTime);
    manager.annual_gross_cost = vec![(2024, d("50000.00"))];
    let lines = [pay("pm", month(2024, 5), PayType::Salary, "99999.00")];
    let hours = [
        work("pm", month(2024, 5), "100", None),
        work("pm", month(2024, 6), "10", None),
    ];
    let c = costs(&[manager], StaffModel::HourlyCost, &lines, &hours);
    assert_eq!(eligible(&c), [d("2906.98"), d("290.70")]);
    assert_eq!(c.total, d("3197.68"));
}

/// A unit cost of 38,50 €/h set by the funder:
/// - March: 120 h × 38,50 = 4 620,00;
/// - April: 97,25 h × 38,50 = 3 744,125 → 3 744,13 (half away from zero;
///   half-even would give 3 744,12);
/// - total 8 364,13. The payroll plays no part.
#[test]
fn unit_cost_is_the_hours_times_the_funders_rate() {
    let persons = [person(Share::FullTime)];
    let lines = [pay("pm", month(2024, 3), PayType::Salary, "5000.00")];
    let hours = [
        work("pm", month(2024, 3), "120", None),
        work("pm", month(2024, 4), "97.25", None),
    ];
    let c = costs(&persons, StaffModel::UnitCost, &lines, &hours);
    assert_eq!(eligible(&c), [d("4620.00"), d("3744.13")]);
    assert_eq!(c.total, d("8364.13"));
    let even = compute(&StaffInputs {
        persons: &persons,
        settings: &settings(StaffModel::UnitCost),
        pay: &lines,
        work: &hours,
        rounding: Rounding::HalfEven,
    })
    .unwrap();
    assert_eq!(even.total, d("8364.12"));
}

/// A share by hours: project hours ÷ total hours of the record.
/// - June: 80 h of 160 h = 0,5 × (salary 3 000,00 + side costs 630,30) =
///   1 815,15;
/// - July: 30 h of 120 h = 0,25 × salary 3 000,00 = 750,00;
/// - total 2 565,15. A month without total hours is a gap.
#[test]
fn a_share_by_hours_comes_from_the_working_time_record() {
    let persons = [person(Share::Hours)];
    let (june, july, august) = (month(2024, 6), month(2024, 7), month(2024, 8));
    let lines = [
        pay("pm", june, PayType::Salary, "3000.00"),
        pay("pm", june, PayType::SideCosts, "630.30"),
        pay("pm", july, PayType::Salary, "3000.00"),
        pay("pm", august, PayType::Salary, "3000.00"),
    ];
    let hours = [
        work("pm", june, "80", Some("160")),
        work("pm", july, "30", Some("120")),
        work("pm", august, "30", None),
    ];
    let c = costs(&persons, StaffModel::ActualCosts, &lines, &hours);
    assert_eq!(eligible(&c), [d("1815.15"), d("750.00"), d("0")]);
    assert_eq!(c.total, d("2565.15"));
    assert_eq!(
        c.gaps,
        [Gap::NoTotalHours {
            person: 0,
            month: august
        }]
    );
}

/// Pay of a month no share period covers is not counted and is a gap; pay
/// of a person not in `[[person]]` is left out (the checks name them).
#[test]
fn pay_outside_the_share_periods_or_of_unknown_persons_is_not_counted() {
    let mut secretary = person(Share::PartTime(d("50")));
    secretary.id = "ps".into();
    secretary.name = Some("Pekka Sihteeri".into());
    secretary.initials = None;
    secretary.shares[0].from = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
    let lines = [
        pay("ps", month(2024, 2), PayType::Salary, "1000.00"),
        pay("ps", month(2024, 3), PayType::Salary, "1000.00"),
        pay("Outo Henkilö", month(2024, 3), PayType::Salary, "9999.00"),
    ];
    let c = costs(&[secretary], StaffModel::ActualCosts, &lines, &[]);
    assert_eq!(eligible(&c), [d("0"), d("500.00")]);
    assert_eq!(
        c.gaps,
        [Gap::NoShare {
            person: 0,
            month: month(2024, 2),
            amount: d("1000.00")
        }]
    );
}

#[test]
fn persons_are_found_by_id_name_or_initials() {
    let persons = [person(Share::FullTime)];
    for named in ["pm", "PM", "Maija Meikäläinen", "meikäläinen  maija", "mm"] {
        assert_eq!(find_person(&persons, named), Some(0), "{named}");
    }
    assert_eq!(find_person(&persons, "Matti"), None);
    assert_eq!(find_person(&persons, ""), None);
}

fn amount() -> impl Strategy<Value = Decimal> {
    (-50_000i64..1_000_000).prop_map(|cents| Decimal::new(cents, 2))
}

fn any_pay() -> impl Strategy<Value = (usize, u32, u8, Decimal)> {
    (0usize..3, 1u32..=12, 0u8..4, amount())
}

proptest! {
    /// Whatever the pay, shares and model, each person's month is whole
    /// cents and the per-person figures add up to the total.
    #[test]
    fn per_person_costs_add_up_to_the_total(
        lines in prop::collection::vec(any_pay(), 0..40),
        hours in prop::collection::vec((0usize..3, 1u32..=12, 0i64..20_000, 1i64..20_000), 0..20),
        percents in prop::collection::vec(1i64..10_000, 3),
        model in 0usize..4,
    ) {
        let model = [StaffModel::ActualCosts, StaffModel::StandardSideCosts, StaffModel::HourlyCost, StaffModel::UnitCost][model];
        let persons: Vec<Person> = percents.iter().enumerate().map(|(i, p)| {
            let mut one = person(if i == 2 { Share::Hours } else { Share::PartTime(Decimal::new(*p, 2)) });
            one.id = format!("p{i}");
            one.name = None;
            one.initials = None;
            one
        }).collect();
        let types = [PayType::Salary, PayType::HolidayPay, PayType::HolidayBonus, PayType::SideCosts];
        let pay: Vec<PayLine> = lines.iter().map(|(p, m, t, a)| PayLine {
            person: format!("p{p}"), month: month(2024, *m), pay_type: types[*t as usize], amount: *a,
            source: Location::default(),
        }).collect();
        let work: Vec<WorkLine> = hours.iter().map(|(p, m, h, t)| WorkLine {
            person: format!("p{p}"), month: month(2024, *m), project_hours: Decimal::new(*h, 2),
            total_hours: Some(Decimal::new(*t, 2)), source: Location::default(),
        }).collect();
        let c = costs(&persons, model, &pay, &work);
        let by_person: Decimal = (0..persons.len()).map(|p| c.person_total(p)).sum();
        prop_assert_eq!(by_person, c.total);
        prop_assert_eq!(c.rows.iter().map(|r| r.eligible).sum::<Decimal>(), c.total);
        for row in &c.rows {
            prop_assert!(crate::money::is_whole_cents(row.eligible));
        }
    }
}

/// The share periods bound every model: hours recorded in a month before
/// the person's period count nothing under the unit-cost model either.
/// March (before 1.4.) 10 h → 0,00 and a gap; April 10 h × 38,50 = 385,00.
#[test]
fn months_outside_the_share_periods_count_nothing_under_any_model() {
    let mut secretary = person(Share::FullTime);
    secretary.shares[0].from = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
    let hours = [
        work("pm", month(2024, 3), "10", None),
        work("pm", month(2024, 4), "10", None),
    ];
    let c = costs(&[secretary], StaffModel::UnitCost, &[], &hours);
    assert_eq!(eligible(&c), [d("0"), d("385.00")]);
    assert_eq!(
        c.gaps,
        [Gap::NoShare {
            person: 0,
            month: month(2024, 3),
            amount: Decimal::ZERO
        }]
    );
}
