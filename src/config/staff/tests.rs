//! `[[person]]` and `[staff]`: good entries read, bad ones named by key.

use std::path::Path;

use rust_decimal::Decimal;

use super::super::Project;
use super::*;

const BASE: &str = r#"
    [project]
    name = "Testi"
    code = "T1"
    start = 2024-01-01
    end = 2025-12-31
    [funding]
    funder = "Liitto"
    rate_percent = 80
    [filter]
    projects = ["T1"]
    [ledger]
    files = ["a.csv"]
    [[category]]
    id = "personnel"
    fi = "Henkilöstö"
    en = "Personnel"
    plan = 10000
    accounts = ["4000-4999"]
"#;

const STAFF: &str = r#"
    [staff]
    model = "standard-side-costs"
    side_cost_percent = { 2024 = "21,5", 2025 = 20.9 }
    category = "personnel"
    holiday_bonus_accounts = ["5083"]
    side_cost_accounts = ["6100-6199"]
    payroll = { files = ["palkat.csv"] }
    pay_types = { "Puhelinetu" = "ignore", "9001" = "side-costs" }

    [[person]]
    id = "pm"
    name = "Maija Meikäläinen"
    initials = "MM"
    role = "Projektipäällikkö"
    share = "full-time"

    [[person]]
    id = "ps"
    name = "Pekka Sihteeri"
    role = "Projektisihteeri"
    annual_gross_cost = { 2024 = "36 000,00" }
    periods = [
        { from = "1.3.2024", to = 2024-12-31, share = "60 %" },
        { from = 2025-01-01, share = "hours" },
    ]
"#;

fn parse(text: &str) -> Result<Project, String> {
    Project::parse(text, Path::new("velho.toml"), Path::new("p")).map_err(|e| e.to_string())
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn reads_persons_and_the_staff_model() {
    let p = parse(&format!("{BASE}{STAFF}")).unwrap();
    let staff = p.staff.unwrap();
    assert_eq!(staff.settings.model, StaffModel::StandardSideCosts);
    assert_eq!(
        staff.settings.side_cost_percent,
        [(2024, d("21.5")), (2025, d("20.9"))]
    );
    assert_eq!(staff.settings.hours_per_year, d("1720"));
    assert_eq!(staff.settings.category.as_deref(), Some("personnel"));
    assert_eq!(staff.payroll_files, [Path::new("p/palkat.csv")]);
    assert!(staff.holiday_bonus_accounts[0].contains("5083"));
    assert!(staff.side_cost_accounts[0].contains("6150"));
    assert_eq!(
        staff.pay_types,
        [
            ("9001".to_string(), Some(PayType::SideCosts)),
            ("Puhelinetu".to_string(), None)
        ]
    );
    assert_eq!(p.persons.len(), 2);
    let pm = &p.persons[0];
    assert_eq!(pm.shares.len(), 1);
    assert_eq!(pm.shares[0].share, Share::FullTime);
    assert_eq!(
        pm.shares[0].from, p.start,
        "a share without dates starts with the project"
    );
    let ps = &p.persons[1];
    assert_eq!(ps.initials, None);
    assert_eq!(ps.shares[0].share, Share::PartTime(d("60")));
    assert_eq!(ps.shares[1].share, Share::Hours);
    assert_eq!(ps.annual_gross_cost, [(2024, d("36000.00"))]);
}

/// `payroll = { ledger = true }`: the ledger's person column serves
/// instead of a payroll report; holiday pay has accounts of its own.
#[test]
fn the_ledger_can_serve_as_the_payroll() {
    let text = format!("{BASE}{STAFF}").replace(
        "payroll = { files = [\"palkat.csv\"] }",
        "payroll = { ledger = true }\nholiday_pay_accounts = [\"5080-5082\"]",
    );
    let staff = parse(&text).unwrap().staff.unwrap();
    assert!(staff.payroll_from_ledger);
    assert!(staff.payroll_files.is_empty());
    assert!(staff.holiday_pay_accounts[0].contains("5081"));
    let files = parse(&format!("{BASE}{STAFF}")).unwrap().staff.unwrap();
    assert!(!files.payroll_from_ledger);
}

#[test]
fn a_project_without_staff_settings_still_reads() {
    let p = parse(BASE).unwrap();
    assert!(p.staff.is_none() && p.persons.is_empty());
}

#[test]
fn the_other_models_read_their_settings() {
    let unit = parse(&format!(
        "{BASE}\n[staff]\nmodel = \"unit-cost\"\nunit_cost = \"38,50\"\n"
    ))
    .unwrap();
    assert_eq!(unit.staff.unwrap().settings.unit_cost, Some(d("38.50")));
    let hourly = parse(&format!(
        "{BASE}\n[staff]\nmodel = \"hourly-cost\"\nhours_per_year = 1720\n"
    ))
    .unwrap();
    assert_eq!(hourly.staff.unwrap().settings.model, StaffModel::HourlyCost);
    let actual = parse(&format!("{BASE}\n[staff]\nmodel = \"actual-costs\"\n")).unwrap();
    assert_eq!(
        actual.staff.unwrap().settings.model,
        StaffModel::ActualCosts
    );
}

/// Each bad entry is refused with a message holding the words given.
fn assert_refused(cases: Vec<(String, Vec<&str>)>) {
    for (text, words) in cases {
        let message = parse(&text).map(|_| ()).unwrap_err();
        for word in words {
            assert!(message.contains(word), "{word:?} not in {message:?}");
        }
    }
}

#[test]
fn bad_staff_settings_are_named_by_key() {
    let staff = |s: &str| format!("{BASE}\n[staff]\n{s}\n");
    assert_refused(vec![
        (
            staff("model = \"flat\""),
            vec!["`staff.model` is \"flat\"", "standard-side-costs"],
        ),
        (
            staff("side_cost_percent = { 2024 = 21 }"),
            vec!["`staff.model` is missing"],
        ),
        (
            staff("model = \"standard-side-costs\""),
            vec!["`staff.side_cost_percent` is missing"],
        ),
        (
            staff("model = \"standard-side-costs\"\nside_cost_percent = { 2024 = \"lots\" }"),
            vec!["`staff.side_cost_percent.2024`", "percentage"],
        ),
        (
            staff("model = \"standard-side-costs\"\nside_cost_percent = { 24 = 21 }"),
            vec!["`staff.side_cost_percent`", "\"24\" is not a year"],
        ),
        (
            staff("model = \"standard-side-costs\"\nside_cost_percent = { 2024 = 121 }"),
            vec!["`staff.side_cost_percent.2024` is 121"],
        ),
        (
            staff("model = \"unit-cost\""),
            vec!["`staff.unit_cost` is missing"],
        ),
        (
            staff("model = \"actual-costs\"\ncategory = \"staff\""),
            vec!["`staff.category`", "\"staff\"", "personnel"],
        ),
        (
            staff("model = \"actual-costs\"\nside_cost_accounts = [\"\"]"),
            vec!["`staff.side_cost_accounts`"],
        ),
        (
            staff("model = \"actual-costs\"\npayroll = {}"),
            vec!["`staff.payroll` names no files", "{ ledger = true }"],
        ),
        (
            staff("model = \"actual-costs\"\npayroll = { ledger = false }"),
            vec!["`staff.payroll` names no files"],
        ),
        (
            staff(
                "model = \"actual-costs\"\ncategory = \"personnel\"\npayroll = { ledger = true, folder = \"palkat\" }",
            ),
            vec!["`staff.payroll`", "ledger = true", "twice"],
        ),
        (
            staff("model = \"actual-costs\"\npayroll = { ledger = true }"),
            vec!["`staff.payroll = { ledger = true }` needs `staff.category`"],
        ),
        (
            staff("model = \"actual-costs\"\nholiday_pay_accounts = [\"x-y\"]"),
            vec!["`staff.holiday_pay_accounts`"],
        ),
        (staff("model = \"actual-costs\"\nmodle = 1"), vec!["modle"]),
        (
            staff("model = \"actual-costs\"\npay_types = { \"Autoetu\" = \"benefit\" }"),
            vec!["`staff.pay_types.\"Autoetu\"` is \"benefit\"", "\"ignore\""],
        ),
        (
            staff("model = \"actual-costs\"\nshow_persons = \"names\""),
            vec![
                "`staff.show_persons` is \"names\"",
                "\"initials\"",
                "personal data",
            ],
        ),
        (
            staff("model = \"actual-costs\"\nshow_persons_in_claims = \"nimi\""),
            vec!["`staff.show_persons_in_claims` is \"nimi\""],
        ),
    ]);
}

/// The reconciliation shows persons by id and a claim by name unless the
/// project says otherwise; without `[staff]` the same.
#[test]
fn persons_are_shown_by_id_and_in_claims_by_name_by_default() {
    let plain = parse(&format!("{BASE}\n[staff]\nmodel = \"actual-costs\"\n")).unwrap();
    assert_eq!(plain.show_persons(), ShowPersons::Id);
    assert_eq!(plain.show_persons_in_claims(), ShowPersons::Name);
    let none = parse(BASE).unwrap();
    assert_eq!(
        (none.show_persons(), none.show_persons_in_claims()),
        (ShowPersons::Id, ShowPersons::Name)
    );
    let set = parse(&format!(
        "{BASE}\n[staff]\nmodel = \"actual-costs\"\nshow_persons = \"initials\"\nshow_persons_in_claims = \"id\"\n"
    ))
    .unwrap();
    assert_eq!(
        (set.show_persons(), set.show_persons_in_claims()),
        (ShowPersons::Initials, ShowPersons::Id)
    );
}

#[test]
fn bad_person_entries_are_named_by_key() {
    let person = |s: &str| format!("{BASE}\n[[person]]\n{s}\n");
    assert_refused(vec![
        (
            person("name = \"X\"\nshare = 50"),
            vec!["`person[1].id` is missing"],
        ),
        (
            person("id = \"pm\"\nshare = \"half\""),
            vec!["`person[1] (id \"pm\").share` is \"half\"", "full-time"],
        ),
        (
            person("id = \"pm\"\nshare = 0"),
            vec!["`person[1] (id \"pm\").share` is 0 %"],
        ),
        (
            person("id = \"pm\"\nshare = -5"),
            vec!["`person[1] (id \"pm\").share`"],
        ),
        (
            person("id = \"pm\""),
            vec!["`person[1] (id \"pm\")` has no `share`"],
        ),
        (
            person("id = \"pm\"\nshare = 50\nperiods = [{ from = 2024-01-01, share = 50 }]"),
            vec!["has both `share` and `periods`"],
        ),
        (
            person("id = \"pm\"\nperiods = [{ from = 2024-05-01, to = 2024-04-01, share = 50 }]"),
            vec!["`person[1] (id \"pm\").periods[1].to` is before"],
        ),
        (
            person(
                "id = \"pm\"\nperiods = [{ from = 2024-01-01, share = 50 }, { from = 2024-06-01, share = 40 }]",
            ),
            vec!["`person[1] (id \"pm\").periods`", "overlaps"],
        ),
        (
            person("id = \"pm\"\nperiods = [{ from = \"31.2.2024\", share = 50 }]"),
            vec!["`person[1] (id \"pm\").periods[1].from`"],
        ),
        (
            person("id = \"pm\"\nshare = 50\nannual_gross_cost = { 2024 = \"x\" }"),
            vec!["`person[1] (id \"pm\").annual_gross_cost.2024`"],
        ),
        (
            person("id = \"pm\"\nshare = 50\nsalary = 1"),
            vec!["salary"],
        ),
        (
            format!(
                "{BASE}\n[[person]]\nid = \"pm\"\nshare = 50\n[[person]]\nid = \"pm\"\nshare = 50\n"
            ),
            vec![
                "`person[2] (id \"pm\")`",
                "\"pm\" also names the person with id \"pm\"",
            ],
        ),
        (
            format!(
                "{BASE}\n[[person]]\nid = \"pm\"\ninitials = \"MM\"\nshare = 50\n[[person]]\nid = \"ps\"\nname = \"mm\"\nshare = 50\n"
            ),
            vec!["`person[2] (id \"ps\")`: \"mm\" also names the person with id \"pm\""],
        ),
    ]);
}

#[test]
fn a_share_over_100_percent_reads_and_is_left_to_the_checks() {
    let p = parse(&format!(
        "{BASE}\n[[person]]\nid = \"pm\"\nshare = \"120 %\"\n"
    ))
    .unwrap();
    assert_eq!(p.persons[0].shares[0].share, Share::PartTime(d("120")));
}
