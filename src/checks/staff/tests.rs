//! Each staff check on a small case that trips it, and a clean case that does not.

use chrono::NaiveDate;

use super::*;
use crate::config::{Rounding, StaffModel, StaffSettings};
use crate::error::Location;
use crate::model::AccountRange;
use crate::model::staff::{PayType, SharePeriod, ShowPersons};
use crate::staff::privacy::PersonNames;
use crate::staff::{StaffInputs, compute};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn month(m: u32) -> Month {
    Month::new(2024, m).unwrap()
}

fn date(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, day).unwrap()
}

fn manager(share: Share) -> Person {
    Person {
        id: "pm".into(),
        name: Some("Maija Meikäläinen".into()),
        initials: None,
        role: "Projektipäällikkö".into(),
        shares: vec![SharePeriod {
            from: date(3, 1),
            to: None,
            share,
        }],
        annual_gross_cost: Vec::new(),
    }
}

fn staff(model: StaffModel) -> Staff {
    Staff {
        settings: StaffSettings {
            model,
            side_cost_percent: vec![(2024, d("21.5"))],
            unit_cost: Some(d("38.50")),
            hours_per_year: d("1720"),
            category: Some("personnel".into()),
        },
        payroll_files: Vec::new(),
        payroll_from_ledger: false,
        working_time_files: Vec::new(),
        holiday_pay_accounts: Vec::new(),
        holiday_bonus_accounts: vec![AccountRange::Numeric(5083, 5083)],
        side_cost_accounts: vec![AccountRange::Numeric(6100, 6199)],
        pay_types: Vec::new(),
        payroll_evidence: false,
        show_persons: ShowPersons::Id,
        show_persons_in_claims: ShowPersons::Name,
    }
}

fn pay(person: &str, m: u32, pay_type: PayType, amount: &str) -> PayLine {
    PayLine {
        person: person.into(),
        month: month(m),
        pay_type,
        amount: d(amount),
        source: Location::file("palkat.csv").at_row(u64::from(m) + 1),
    }
}

fn work(person: &str, m: u32, project: &str, total: &str) -> WorkLine {
    WorkLine {
        person: person.into(),
        month: month(m),
        project_hours: d(project),
        total_hours: Some(d(total)),
        source: Location::file("tunnit.csv").at_row(2),
    }
}

fn row<'a>(account: &'a str, name: &'a str, amount: &str) -> StaffRow<'a> {
    StaffRow {
        source: SourceRef { file: 0, row: 7 },
        date: date(6, 30),
        account,
        account_name: name,
        amount: d(amount),
    }
}

/// The findings on these inputs, no ledger row counted outside the model.
fn all(
    persons: &[Person],
    staff: &Staff,
    pay: &[PayLine],
    work: &[WorkLine],
    ledger: &[StaffRow],
) -> Vec<Finding> {
    all_counted(persons, staff, pay, work, ledger, &[])
}

/// The findings on these inputs, with these ledger rows counted as
/// eligible costs.
fn all_counted(
    persons: &[Person],
    staff: &Staff,
    pay: &[PayLine],
    work: &[WorkLine],
    ledger: &[StaffRow],
    counted: &[StaffRow],
) -> Vec<Finding> {
    let costs = compute(&StaffInputs {
        persons,
        settings: &staff.settings,
        pay,
        work,
        rounding: Rounding::HalfAwayFromZero,
    })
    .unwrap();
    let named = pay.iter().map(|l| l.person.as_str());
    let names = PersonNames::new(persons, named.chain(work.iter().map(|l| l.person.as_str())));
    findings(&StaffCheckInputs {
        persons,
        staff,
        pay,
        work,
        costs: &costs,
        ledger,
        counted,
        shown: names.showing(staff.show_persons),
        as_of: date(12, 31),
        project_end: date(12, 31),
    })
}

/// The codes of the findings on these inputs.
fn codes(
    persons: &[Person],
    staff: &Staff,
    pay: &[PayLine],
    work: &[WorkLine],
    ledger: &[StaffRow],
) -> Vec<&'static str> {
    all(persons, staff, pay, work, ledger)
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn a_clean_month_has_no_findings() {
    let persons = [manager(Share::Hours)];
    let lines = [pay("Meikäläinen Maija", 6, PayType::Salary, "3000.00")];
    let hours = [work("pm", 6, "80", "160")];
    let ledger = [row("4000", "Palkat", "1500.00")];
    let found = codes(
        &persons,
        &staff(StaffModel::ActualCosts),
        &lines,
        &hours,
        &ledger,
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The payroll under actual costs against the ledger: 0,5 × 3 000,00 =
/// 1 500,00 by the payroll, 1 600,00 in the ledger: a warning of −100,00.
/// Under the standard model (1 500,00 × 1,215 = 1 822,50) a note of 222,50.
#[test]
fn the_model_is_compared_with_the_ledgers_staff_category() {
    let persons = [manager(Share::Hours)];
    let lines = [pay("pm", 6, PayType::Salary, "3000.00")];
    let hours = [work("pm", 6, "80", "160")];
    let ledger = [row("4000", "Palkat", "1600.00")];
    let actual = all(
        &persons,
        &staff(StaffModel::ActualCosts),
        &lines,
        &hours,
        &ledger,
    );
    assert_eq!(actual.len(), 1);
    assert_eq!(actual[0].code, "STAFF_PAYROLL_VS_LEDGER");
    assert_eq!(actual[0].amount, Some(d("-100.00")));
    assert!(
        actual[0].en.contains("1,500.00") && actual[0].en.contains("1,600.00"),
        "{}",
        actual[0].en
    );
    let standard = all(
        &persons,
        &staff(StaffModel::StandardSideCosts),
        &lines,
        &hours,
        &ledger,
    );
    assert_eq!(standard.len(), 1);
    assert_eq!(standard[0].code, "STAFF_MODEL_VS_LEDGER");
    assert_eq!(standard[0].amount, Some(d("222.50")));
}

#[test]
fn project_hours_over_the_total_are_an_error() {
    let persons = [manager(Share::Hours)];
    // Two days of June: 7,5 + 4 project hours against 7,5 + 3 in all.
    let hours = [work("pm", 6, "7.5", "7.5"), work("pm", 6, "4", "3")];
    let found = codes(&persons, &staff(StaffModel::ActualCosts), &[], &hours, &[]);
    assert_eq!(found, ["STAFF_HOURS_OVER_TOTAL"]);
}

/// A fixed share of 40 % against the hours: June 75 h of 150 h on the
/// project = 50 %, 10 points off: a warning naming the person, the month
/// and both percentages. July 45 h of 100 h = 45 %, 5 points off: within
/// the tolerance (more than 5 points), no warning. Under the hours-going
/// models the share is not what counts: no warning.
#[test]
fn hours_clearly_off_a_fixed_share_are_a_warning() {
    let persons = [manager(Share::PartTime(d("40")))];
    let hours = [work("pm", 6, "75", "150"), work("pm", 7, "45", "100")];
    let lines = [
        pay("pm", 6, PayType::Salary, "3000.00"),
        pay("pm", 7, PayType::Salary, "3000.00"),
    ];
    let model = staff(StaffModel::StandardSideCosts);
    let found = all(&persons, &model, &lines, &hours, &[]);
    let warned: Vec<&Finding> = found
        .iter()
        .filter(|f| f.code == "STAFF_HOURS_AGAINST_SHARE")
        .collect();
    assert_eq!(warned.len(), 1, "{found:?}");
    let one = warned[0];
    assert_eq!(one.severity, Severity::Warning);
    assert!(
        one.en
            .starts_with("pm (Projektipäällikkö): the share of working time in 6/2024 is 40 %")
            && one.en.contains("75 h of 150 h on the project = 50 %")
            && one.en.contains("more than 5 percentage points"),
        "{}",
        one.en
    );
    assert!(
        one.fi.contains("40 %") && one.fi.contains("75 h / 150 h = 50 %"),
        "{}",
        one.fi
    );
    // By name where the project shows names.
    let named = Staff {
        show_persons: ShowPersons::Name,
        ..model
    };
    let by_name = all(&persons, &named, &lines, &hours, &[]);
    let one = by_name
        .iter()
        .find(|f| f.code == "STAFF_HOURS_AGAINST_SHARE")
        .unwrap();
    assert!(one.en.starts_with("Maija Meikäläinen"), "{}", one.en);
    let unit = codes(&persons, &staff(StaffModel::UnitCost), &lines, &hours, &[]);
    assert!(!unit.contains(&"STAFF_HOURS_AGAINST_SHARE"), "{unit:?}");
}

#[test]
fn a_share_over_100_percent_is_an_error() {
    let persons = [manager(Share::PartTime(d("120")))];
    let found = codes(&persons, &staff(StaffModel::ActualCosts), &[], &[], &[]);
    assert_eq!(found, ["STAFF_SHARE_OVER_100"]);
}

/// The standard model leaves the bonus out and adds side costs as a
/// percentage, and its figure replaces the staff category: the staff
/// category's own rows on the bonus and side-cost accounts are covered by
/// the model, never counted, so they are no finding (the ordinary setup,
/// `accounts = ["4000-4299"]` holding them all).
#[test]
fn the_staff_categorys_covered_rows_are_no_finding() {
    let persons = [manager(Share::FullTime)];
    let ledger = [
        row("4000", "Palkat", "3000.00"),
        row("5083", "Lomarahat", "1500.00"),
        row("6130", "Sotu", "56.10"),
    ];
    let model = staff(StaffModel::StandardSideCosts);
    let lines = [pay("pm", 6, PayType::Salary, "3000.00")];
    let found = codes(&persons, &model, &lines, &[], &ledger);
    assert_eq!(found, ["STAFF_MODEL_VS_LEDGER"]);
}

/// Rows that ARE counted beside the model's figure (eligible in another
/// category, say "other costs"): a bonus account and a side-cost account
/// (or a row whose account name says so) are errors with their sums. By
/// hand: the bonus 1 500,00; side costs 6130 56,10 + "Muut sivukulut"
/// 10,00 = 66,10, two rows.
#[test]
fn the_holiday_bonus_and_side_costs_counted_elsewhere_are_errors() {
    let persons = [manager(Share::FullTime)];
    let ledger = [row("4000", "Palkat", "3000.00")];
    let counted = [
        row("7000", "Konsultti", "500.00"),
        row("5083", "Lomarahat", "1500.00"),
        row("6130", "Sotu", "56.10"),
        row("7190", "Muut sivukulut", "10.00"),
    ];
    let model = staff(StaffModel::StandardSideCosts);
    let lines = [pay("pm", 6, PayType::Salary, "3000.00")];
    let all = all_counted(&persons, &model, &lines, &[], &ledger, &counted);
    let found: Vec<&str> = all.iter().map(|f| f.code).collect();
    assert_eq!(
        found,
        [
            "STAFF_HOLIDAY_BONUS_CLAIMED",
            "STAFF_SIDE_COSTS_TWICE",
            "STAFF_MODEL_VS_LEDGER"
        ]
    );
    assert_eq!(all[0].amount, Some(d("1500.00")));
    assert_eq!(
        all[1].amount,
        Some(d("66.10")),
        "6130 and the row named side costs"
    );
    assert_eq!(all[1].rows.len(), 2);
    assert!(all[1].en.contains("66.10"), "{}", all[1].en);
    // The count agrees with its noun: one row, two rows.
    assert_eq!(
        all[0].fi,
        "Henkilöstökustannuksissa on lomarahoja 1\u{a0}500,00\u{a0}€ (1 rivi), vaikka palkkakustannusmalli (standard-side-costs) jättää lomarahan pois; ne eivät ole tukikelpoisia."
    );
    assert_eq!(
        all[0].en,
        "The staff costs hold holiday bonuses of €1,500.00 (1 row), though the staff-cost model (standard-side-costs) leaves the holiday bonus out; they are not eligible."
    );
    assert_eq!(
        all[1].fi,
        "Henkilöstökustannuksissa on kirjattuja sivukuluja 66,10\u{a0}€ (2 riviä), vaikka palkkakustannusmalli (standard-side-costs) lisää sivukulut prosenttina: ne tulisivat lasketuiksi kahdesti."
    );
    // Under actual costs both belong to the staff costs: no such error.
    let actual = all_counted(
        &persons,
        &staff(StaffModel::ActualCosts),
        &lines,
        &[],
        &ledger,
        &counted,
    );
    assert!(
        actual
            .iter()
            .all(|f| !f.code.starts_with("STAFF_HOLIDAY") && f.code != "STAFF_SIDE_COSTS_TWICE"),
        "{actual:?}"
    );
}

#[test]
fn unknown_persons_and_uncomputable_months_are_named() {
    let persons = [manager(Share::Hours)];
    let lines = [
        pay("Outo Henkilö", 6, PayType::Salary, "100.00"),
        pay("Outo Henkilö", 7, PayType::Salary, "200.00"),
        pay("pm", 2, PayType::Salary, "3000.00"),
        pay("pm", 6, PayType::Salary, "3000.00"),
    ];
    let model = staff(StaffModel::ActualCosts);
    let found = codes(&persons, &model, &lines, &[], &[]);
    assert_eq!(
        found,
        [
            "STAFF_PAY_OUTSIDE_SHARE",
            "STAFF_NO_HOURS",
            "STAFF_UNKNOWN_PERSON"
        ]
    );
    // By id (the default), a person the project does not know has no id:
    // the initials of the payroll's name, and where they were first seen.
    let by_id = all(&persons, &model, &lines, &[], &[]);
    let unknown = &by_id[2];
    assert_eq!(unknown.amount, Some(d("300.00")));
    assert!(
        unknown.en.starts_with("\"OH\" is not in [[person]]"),
        "{}",
        unknown.en
    );
    assert!(unknown.en.contains("palkat.csv, row 7"), "{}", unknown.en);
    assert!(!unknown.fi.contains("Outo"), "{}", unknown.fi);
    // The place in Finnish too, and the lines counted.
    assert_eq!(
        unknown.fi,
        "\"OH\" ei ole velho.toml-tiedoston [[person]]-luettelossa: 2 riviä, palkkaa 300,00\u{a0}€, ei laskettu (ensimmäinen: palkat.csv, rivi 7). Lisää hänet tai korjaa nimi."
    );
    assert_eq!(
        unknown.en,
        "\"OH\" is not in [[person]] in velho.toml: 2 lines, pay of €300.00, not counted (first: palkat.csv, row 7). Add them or correct the name."
    );
    assert!(
        by_id[1].en.starts_with("pm (Projektipäällikkö)"),
        "{}",
        by_id[1].en
    );
    // By name, as the payroll writes them, and the known person by name.
    let named = Staff {
        show_persons: ShowPersons::Name,
        ..model
    };
    let by_name = all(&persons, &named, &lines, &[], &[]);
    assert!(
        by_name[2].en.contains("\"Outo Henkilö\""),
        "{}",
        by_name[2].en
    );
    assert!(
        by_name[1]
            .en
            .starts_with("Maija Meikäläinen (Projektipäällikkö)"),
        "{}",
        by_name[1].en
    );
}

/// The payroll and the ledger are compared over the months ended by the
/// as-of date: 15.6. → to 31.5.; a month's last day, or the project's end
/// or after it, as it is.
#[test]
fn the_comparison_runs_to_the_last_month_ended() {
    let end = date(12, 31);
    assert_eq!(compared_until(date(6, 15), end), date(5, 31));
    assert_eq!(compared_until(date(3, 1), end), date(2, 29));
    assert_eq!(compared_until(date(6, 30), end), date(6, 30));
    assert_eq!(compared_until(date(6, 15), date(6, 15)), date(6, 15));
    assert_eq!(compared_until(date(12, 31), date(6, 15)), date(12, 31));
}

/// More than three persons `[[person]]` does not know (an
/// organisation-wide payroll read whole): one warning. By hand: Aalto
/// 100,00 + 50,00, Berg 400,00, Cedergren 300,00, Dahl 200,00 and a
/// working-time line of Eklund (no pay): 5 persons, 4 + 1 + 1 = 6
/// lines, pay 150,00 + 400,00 + 300,00 + 200,00 = 1 050,00; the three with the most pay are Berg, Cedergren and Dahl,
/// shown by the initials of their names (by id, the default) or by name.
#[test]
fn many_unknown_persons_are_one_warning_with_their_count_and_pay() {
    let persons = [manager(Share::FullTime)];
    let lines = [
        pay("Aalto Anna", 3, PayType::Salary, "100.00"),
        pay("Aalto Anna", 4, PayType::Salary, "50.00"),
        pay("Berg Bo", 3, PayType::Salary, "400.00"),
        pay("Cedergren Carl", 3, PayType::Salary, "300.00"),
        pay("Dahl Dora", 3, PayType::Salary, "200.00"),
    ];
    let hours = [work("Eklund Eero", 3, "10", "150")];
    let model = staff(StaffModel::ActualCosts);
    let found = all(&persons, &model, &lines, &hours, &[]);
    let unknown: Vec<&Finding> = found
        .iter()
        .filter(|f| f.code.starts_with("STAFF_UNKNOWN"))
        .collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    let one = unknown[0];
    assert_eq!(one.code, "STAFF_UNKNOWN_PERSONS");
    assert_eq!(one.amount, Some(d("1050.00")));
    assert!(
        one.en
            .contains("name 5 persons who are not in [[person]] in velho.toml: 6 lines, pay of €1,050.00 in all"),
        "{}",
        one.en
    );
    assert!(
        one.en.contains("(the most pay: \"BB\", \"CC\", \"DD\")"),
        "{}",
        one.en
    );
    let total_fi = eur_in(d("1050.00"), Lang::Fi);
    assert!(
        one.fi.contains("5 henkilöä") && one.fi.contains(&total_fi),
        "{}",
        one.fi
    );
    let named = Staff {
        show_persons: ShowPersons::Name,
        ..model.clone()
    };
    let by_name = all(&persons, &named, &lines, &hours, &[]);
    let one = by_name
        .iter()
        .find(|f| f.code == "STAFF_UNKNOWN_PERSONS")
        .unwrap();
    assert!(
        one.en
            .contains("(the most pay: \"Berg Bo\", \"Cedergren Carl\", \"Dahl Dora\")"),
        "{}",
        one.en
    );
    // Three are still named one by one.
    let few = &lines[..4];
    let codes = codes(&persons, &model, few, &[], &[]);
    let one_by_one = codes
        .iter()
        .filter(|c| **c == "STAFF_UNKNOWN_PERSON")
        .count();
    assert_eq!(one_by_one, 3, "{codes:?}");
}
