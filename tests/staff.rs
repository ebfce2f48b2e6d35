//! Staff costs in a real run (issue 13): `[staff]` and `[[person]]` in the
//! project file, a payroll report and a working-time record beside the
//! ledger; the staff checks land on Findings.

use std::fs;

use rust_decimal::Decimal;

use crate::harness::{Book, amount, dec, note_at, stderr, text, velho};

const PROJECT: &str = r#"
language = "en"
[project]
name = "Henkilöstö"
code = "H-1"
start = 2024-01-01
end = 2024-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 20000
accounts = ["4000-4999", "5083", "6100-6199"]

[staff]
model = "standard-side-costs"
side_cost_percent = { 2024 = "21,5" }
category = "staff"
payroll = { folder = "payroll" }
working_time = { files = ["tunnit.csv"] }
holiday_bonus_accounts = ["5083"]
side_cost_accounts = ["6100-6199"]
pay_types = { "Puhelinetu" = "ignore" }

[[person]]
id = "pm"
name = "Maija Meikäläinen"
role = "Projektipäällikkö"
share = "full-time"

[[person]]
id = "ps"
name = "Pekka Sihteeri"
role = "Projektisihteeri"
periods = [{ from = 2024-06-01, share = "hours" }]
"#;

const LEDGER: &str = "Pvm;Tosite;Tili;Projekti;Selite;Summa\n\
30.6.2024;1;4000;P1;Palkat kesäkuu;5000,00\n\
31.7.2024;2;4000;P1;Palkat heinäkuu;5000,00\n\
31.7.2024;3;5083;P1;Lomarahat;1500,00\n\
31.7.2024;4;6130;P1;Sotu;120,00\n";

const PAYROLL: &str = "Palkkaerittely\n\nTyöntekijä;Jakso;Palkkalaji;Summa\n\
Meikäläinen Maija;6/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;7/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;7/2024;Lomaraha;1 500,00\n\
Meikäläinen Maija;7/2024;Puhelinetu;20,00\n\
Sihteeri Pekka;6/2024;Kuukausipalkka;2 000,00\n\
Sihteeri Pekka;7/2024;Kuukausipalkka;2 000,00\n\
Vieras Ville;7/2024;Kuukausipalkka;100,00\n";

const HOURS: &str = "Henkilö;Kuukausi;Projektitunnit;Kokonaistunnit\n\
ps;6/2024;80;160\n\
ps;7/2024;170;160\n";

/// A project folder with this project file and the ledger, payroll and hours above.
fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    fs::create_dir_all(at.join("ledger")).unwrap();
    fs::create_dir_all(at.join("payroll")).unwrap();
    fs::write(at.join("velho.toml"), text).unwrap();
    fs::write(at.join("ledger/gl.csv"), LEDGER).unwrap();
    fs::write(at.join("payroll/palkat.csv"), PAYROLL).unwrap();
    fs::write(at.join("tunnit.csv"), HOURS).unwrap();
    dir
}

#[test]
fn staff_checks_land_on_findings() {
    let dir = project(PROJECT);
    let at = dir.path();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    let rows = book.sheet("Findings").rows();
    let line = |code: &str| {
        rows.iter()
            .find(|r| r.iter().any(|c| text(c) == code))
            .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" | "))
    };
    for code in [
        "STAFF_HOURS_OVER_TOTAL",
        "STAFF_UNKNOWN_PERSON",
        "STAFF_MODEL_VS_LEDGER",
    ] {
        assert!(line(code).is_some(), "{code} not on Findings: {rows:?}");
    }
    // The ordinary setup: the staff category's accounts hold the bonus
    // (5083) and the side costs (6130), and the model's figure replaces
    // the category, so those rows are covered, never counted: no error.
    for code in ["STAFF_HOLIDAY_BONUS_CLAIMED", "STAFF_SIDE_COSTS_TWICE"] {
        assert!(line(code).is_none(), "{code} on Findings: {rows:?}");
    }
    // By hand: pm 3 000,00 × 1,215 = 3 645,00 in June and in July (the
    // bonus left out); ps 80/160 × 2 000,00 × 1,215 = 1 215,00 in June and
    // 170/160 × 2 000,00 × 1,215 = 2 581,875 → 2 581,88 in July: 11 086,88
    // against the ledger's 11 620,00.
    let model = line("STAFF_MODEL_VS_LEDGER").unwrap();
    assert!(
        model.contains("11,086.88") && model.contains("11,620.00"),
        "{model}"
    );
    // Persons by id (the default): someone the project does not know has
    // no id, so by the initials of the payroll's name.
    let unknown = line("STAFF_UNKNOWN_PERSON").unwrap();
    assert!(
        unknown.contains("\"VV\"") && !unknown.contains("Vieras"),
        "{unknown}"
    );
    // The same figures on the Staff costs sheet, each person's subtotal and
    // the total as SUM formulas; persons by id, never by name.
    let staff = book.sheet("Staff costs");
    assert_eq!(amount(&staff.row_labelled("Total")[12]), dec("11086.88"));
    let all = staff.rows();
    let subtotals: Vec<_> = all
        .iter()
        .filter(|r| text(&r[1]) == "in total")
        .map(|r| (text(&r[0]), amount(&r[12])))
        .collect();
    assert_eq!(
        subtotals,
        [
            ("pm".to_string(), dec("7290.00")),
            ("ps".to_string(), dec("3796.88"))
        ]
    );
    assert!(
        !all.iter()
            .flatten()
            .any(|c| text(c).contains("Meikäläinen")),
        "no names on the sheet"
    );
}

/// Side costs mapped to an eligible "other costs" category are counted
/// beside the model's percentage: an error with their sum, the ledger's
/// 6130 row of 120,00. The bonus stays in the staff category: no error.
#[test]
fn side_costs_counted_in_another_category_are_an_error() {
    let text = PROJECT.replace(
        r#"accounts = ["4000-4999", "5083", "6100-6199"]"#,
        "accounts = [\"4000-4999\", \"5083\"]\n\
         [[category]]\nid = \"other\"\nfi = \"Muut\"\nen = \"Other\"\nplan = 1000\n\
         accounts = [\"6100-6199\"]",
    );
    let dir = project(&text);
    let at = dir.path();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    let twice = finding(&mut book, "STAFF_SIDE_COSTS_TWICE").expect("side costs twice");
    assert!(twice.contains("120.00"), "{twice}");
    assert!(finding(&mut book, "STAFF_HOLIDAY_BONUS_CLAIMED").is_none());
}

#[test]
fn a_year_without_its_side_cost_percentage_stops_the_run_naming_the_key() {
    let dir = project(&PROJECT.replace("2024 = \"21,5\"", "2023 = \"21,5\""));
    let at = dir.path();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("`staff.side_cost_percent`") && message.contains("2024"),
        "{message}"
    );
    assert!(!at.join("out.xlsx").exists());
}

/// One person, two months, the standard side-cost model, a 15 % flat rate
/// on staff costs, and purchased services at actual cost (issue 13).
pub const MODEL_PROJECT: &str = r#"
language = "en"
[project]
name = "Malli"
code = "M-1"
start = 2024-01-01
end = 2024-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 20000
accounts = ["4000-4999"]
[[category]]
id = "flat"
fi = "Flat rate 15 %"
en = "Flat rate 15 %"
plan = 3000
flat_rate = { percent = 15, base = ["staff"] }
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 5000
accounts = ["7000-7999"]
[[period]]
name = "1"
start = 2024-01-01
end = 2024-12-31

[staff]
model = "standard-side-costs"
side_cost_percent = { 2024 = "20" }
category = "staff"
payroll = { files = ["palkat.csv"] }

[[person]]
id = "pm"
name = "Maija Meikäläinen"
initials = "MM"
role = "Projektipäällikkö"
share = "full-time"
"#;

/// The ledger: the salaries as booked (with the holiday bonus) and a service.
pub const MODEL_LEDGER: &str = "Pvm;Tosite;Tili;Projekti;Selite;Summa\n\
31.1.2024;1;4000;P1;Palkat tammikuu;3000,00\n\
29.2.2024;2;4000;P1;Palkat helmikuu;3000,00\n\
29.2.2024;3;4500;P1;Lomaraha;1000,00\n\
15.2.2024;4;7000;P1;Konsultti;500,00\n";

/// The payroll of the one person.
pub const MODEL_PAYROLL: &str = "Työntekijä;Jakso;Palkkalaji;Summa\n\
Meikäläinen Maija;1/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;2/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;2/2024;Lomaraha;1 000,00\n";

/// A folder holding [`MODEL_PROJECT`] with its ledger and payroll.
pub fn model_project(at: &std::path::Path) {
    fs::create_dir_all(at.join("ledger")).unwrap();
    fs::write(at.join("velho.toml"), MODEL_PROJECT).unwrap();
    fs::write(at.join("ledger/gl.csv"), MODEL_LEDGER).unwrap();
    fs::write(at.join("palkat.csv"), MODEL_PAYROLL).unwrap();
}

/// By hand, the standard side-cost model at 20 %:
/// - January: salary 3 000,00 × share 1 × (1 + 20 %) = 3 600,00;
/// - February: 3 000,00 × 1 × 1,2 = 3 600,00 (the holiday bonus 1 000,00
///   is left out by the model);
/// - the staff category on Summary: 3 600,00 + 3 600,00 = **7 200,00**, the
///   Staff costs sheet's total (not the ledger's 7 000,00);
/// - the flat rate: 15 % × 7 200,00 = **1 080,00**;
/// - eligible: 7 200,00 + 1 080,00 + services 500,00 = **8 780,00**;
/// - the funder's share: 80 % × 8 780,00 = **7 024,00**; own share 1 756,00.
///
/// The three ledger rows on the staff accounts (7 000,00) are covered by
/// the staff model: 4 rows read = 1 counted + 3 covered by the staff model.
#[test]
fn the_models_figure_is_the_staff_category_and_the_flat_rates_base() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    model_project(at);
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("7200.00"));
    assert_eq!(
        amount(&summary.row_labelled("Flat rate 15 %")[2]),
        dec("1080.00")
    );
    assert_eq!(
        amount(&summary.row_labelled("Funder's share (80 %)")[2]),
        dec("7024.00")
    );
    assert_eq!(
        amount(&summary.row_labelled("Covered by the staff model")[2]),
        dec("7000.00")
    );
    assert_eq!(
        amount(&book.sheet("Staff costs").row_labelled("Total")[12]),
        dec("7200.00")
    );
    // The staff row's count (3: the pay booked in the category) is not the
    // rows behind its figure: a note on that cell says so.
    let staff = summary
        .rows()
        .iter()
        .position(|r| text(&r[0]) == "Staff")
        .expect("the staff row");
    let note = note_at(&at.join("out.xlsx"), "Summary", &format!("H{}", staff + 1));
    assert!(
        note.starts_with("The ledger rows booked in the category"),
        "{note}"
    );
    assert_eq!(amount(&summary.row_labelled("Staff")[7]), dec("3"));
    let covered = book
        .sheet("Transactions")
        .rows()
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "Covered by the staff model"))
        .count();
    assert_eq!(covered, 3);
    // The claim takes the model's figure too.
    let out = velho(at, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut claim = Book::open(&at.join("claims/M-1-claim-1.xlsx"));
    let sheet = claim.sheet("Claim");
    assert_eq!(amount(&sheet.row_labelled("Staff")[1]), dec("7200.00"));
    assert_eq!(
        amount(&sheet.row_labelled("Flat rate 15 %")[1]),
        dec("1080.00")
    );
}

/// An expert whose 40 % share starts in February, paid 2 000,00 in
/// January and in February, beside [`MODEL_PROJECT`]'s manager. By hand at
/// 20 %: January is outside every share period, eligible 0,00; February
/// 2 000,00 × 0,4 × 1,2 = 960,00. The reconciliation's Staff costs sheet
/// shows both months (they explain the model); the claim's shows February
/// only (January claims nothing, and its salary is not the funder's), and
/// its total is still 7 200,00 + 960,00 = 8 160,00.
#[test]
fn a_claim_leaves_out_the_months_of_no_eligible_cost() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    model_project(at);
    let project = format!(
        "{MODEL_PROJECT}\n[[person]]\nid = \"ex\"\nname = \"Eero Asiantuntija\"\n\
         role = \"Asiantuntija\"\nperiods = [{{ from = 2024-02-01, share = \"40 %\" }}]\n"
    );
    fs::write(at.join("velho.toml"), project).unwrap();
    let payroll = format!(
        "{MODEL_PAYROLL}Asiantuntija Eero;1/2024;Kuukausipalkka;2 000,00\n\
         Asiantuntija Eero;2/2024;Kuukausipalkka;2 000,00\n"
    );
    fs::write(at.join("palkat.csv"), payroll).unwrap();
    let months = |book: &mut Book, who: &str| -> Vec<Decimal> {
        book.sheet("Staff costs")
            .rows()
            .iter()
            .filter(|r| text(&r[0]) == who && text(&r[1]) != "in total")
            .map(|r| amount(&r[12]))
            .collect()
    };
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    assert_eq!(months(&mut book, "ex"), [dec("0.00"), dec("960.00")]);
    let out = velho(at, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut claim = Book::open(&at.join("claims/M-1-claim-1.xlsx"));
    assert_eq!(months(&mut claim, "Eero Asiantuntija"), [dec("960.00")]);
    let staff = claim.sheet("Staff costs");
    assert_eq!(amount(&staff.row_labelled("Total")[12]), dec("8160.00"));
    assert!(
        !staff
            .rows()
            .iter()
            .any(|r| text(&r[0]) == "Eero Asiantuntija"
                && amount(&r[3]) == dec("2000.00")
                && amount(&r[12]).is_zero()),
        "no month of no eligible cost"
    );
    let sheet = claim.sheet("Claim");
    assert_eq!(amount(&sheet.row_labelled("Staff")[1]), dec("8160.00"));
}

/// Under the standard side-cost model the Staff costs sheet's side-cost
/// column is the model's, the booked side costs beside the table as not
/// counted. By hand, [`MODEL_PROJECT`] at 20 % with a payroll that books
/// 56,10 of social security (sotu) in January:
/// - January: salary 3 000,00 × share 1 × 20 % = side costs by the model
///   **600,00**; eligible 3 000,00 + 600,00 = **3 600,00**; booked side
///   costs **56,10**, not counted;
/// - February: 3 000,00 × 1 × 20 % = 600,00 (the bonus left out);
/// - totals: by the model 1 200,00, booked 56,10, eligible 7 200,00.
///
/// The claim's sheet shows the same.
#[test]
fn the_standard_models_side_costs_are_shown_apart_from_the_booked() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    model_project(at);
    let payroll = format!("{MODEL_PAYROLL}Meikäläinen Maija;1/2024;Sotu;56,10\n");
    fs::write(at.join("palkat.csv"), payroll).unwrap();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(at, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, who) in [
        ("out.xlsx", "pm"),
        ("claims/M-1-claim-1.xlsx", "Maija Meikäläinen"),
    ] {
        let mut book = Book::open(&at.join(path));
        let staff = book.sheet("Staff costs");
        let rows = staff.rows();
        assert_eq!(text(&rows[0][6]), "Side costs by the model", "{path}");
        assert_eq!(text(&rows[0][13]), "Booked side costs (not counted)");
        assert_eq!(text(&rows[1][0]), who);
        let january = (
            amount(&rows[1][6]),
            amount(&rows[1][12]),
            amount(&rows[1][13]),
        );
        assert_eq!(
            january,
            (dec("600.00"), dec("3600.00"), dec("56.10")),
            "{path}"
        );
        assert_eq!(amount(&rows[2][6]), dec("600.00"), "{path}");
        let total = staff.row_labelled("Total");
        let totals = (amount(&total[6]), amount(&total[12]), amount(&total[13]));
        assert_eq!(
            totals,
            (dec("1200.00"), dec("7200.00"), dec("56.10")),
            "{path}"
        );
    }
}

/// The Findings line of a code, its cells joined, if any.
fn finding(book: &mut Book, code: &str) -> Option<String> {
    book.sheet("Findings")
        .rows()
        .iter()
        .find(|r| r.iter().any(|c| text(c) == code))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" | "))
}

/// The sample reconciled as of the middle of June 2021: its payroll counts
/// June whole, its ledger only to the 15th. The months ended by the as-of
/// date (to 31.5.2021) agree, so no payroll-against-ledger warning (it was
/// a false one of 9 053,10 € when June was compared half).
#[test]
fn a_mid_month_as_of_date_compares_the_months_ended_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("yritysvelho");
    crate::harness::copy_dir(&crate::harness::sample(), &at);
    let args = ["reconcile", ".", "--as-of", "15.6.2021", "--lang", "en"];
    let out = velho(&at, &[&args[..], &["-o", "out.xlsx", "--quiet"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    assert_eq!(finding(&mut book, "STAFF_PAYROLL_VS_LEDGER"), None);
}

/// [`MODEL_PROJECT`] under actual costs: one person full time; the payroll pays 3 000,00 in
/// each of January, February and March 2024, the ledger books 3 000,00,
/// 2 900,00 (100,00 missing) and 3 000,00 (on 31.3.). As of 15.3.2024 the
/// months ended are January and February: payroll 6 000,00 against ledger
/// 3 000,00 + 2 900,00 = 5 900,00, a difference of **100,00** inside an
/// ended month, still found (comparing March too would have said 9 000,00
/// against 5 900,00). As of 31.3.2024 all three: 9 000,00 against
/// 8 900,00, the same 100,00, without the note on the months compared.
#[test]
fn a_difference_inside_an_ended_month_is_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    model_project(at);
    let actual = MODEL_PROJECT.replace("standard-side-costs", "actual-costs");
    fs::write(at.join("velho.toml"), actual).unwrap();
    fs::write(
        at.join("ledger/gl.csv"),
        "Pvm;Tosite;Tili;Projekti;Selite;Summa\n\
         31.1.2024;1;4000;P1;Palkat 1;3000,00\n\
         29.2.2024;2;4000;P1;Palkat 2;2900,00\n\
         31.3.2024;3;4000;P1;Palkat 3;3000,00\n",
    )
    .unwrap();
    fs::write(
        at.join("palkat.csv"),
        "Työntekijä;Jakso;Palkkalaji;Summa\n\
         Meikäläinen Maija;1/2024;Kuukausipalkka;3000,00\n\
         Meikäläinen Maija;2/2024;Kuukausipalkka;3000,00\n\
         Meikäläinen Maija;3/2024;Kuukausipalkka;3000,00\n",
    )
    .unwrap();
    let warning = |as_of: &str| {
        let args = [
            "reconcile",
            ".",
            "--as-of",
            as_of,
            "-o",
            "out.xlsx",
            "--quiet",
        ];
        let out = velho(at, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        finding(
            &mut Book::open(&at.join("out.xlsx")),
            "STAFF_PAYROLL_VS_LEDGER",
        )
        .unwrap_or_else(|| panic!("no payroll-against-ledger warning as of {as_of}"))
    };
    let mid = warning("15.3.2024");
    for part in [
        "(€6,000.00)",
        "(€5,900.00)",
        "by €100.00",
        "the months ended by the as-of date 15.3.2024 (to 29.2.2024)",
        "the payroll covers 3/2024 whole",
    ] {
        assert!(mid.contains(part), "{part:?} not in {mid}");
    }
    let end = warning("31.3.2024");
    for part in ["(€9,000.00)", "(€8,900.00)", "by €100.00"] {
        assert!(end.contains(part), "{part:?} not in {end}");
    }
    assert!(!end.contains("months ended"), "{end}");
}

/// Hours on Staff costs have two decimals always (issue 13): 80,5 and
/// 168,3 show as 80,50 and 168,30 beside 160,65, the values as read.
#[test]
fn hours_have_two_decimals_on_the_staff_costs_sheet() {
    let dir = project(PROJECT);
    let at = dir.path();
    let hours = "Henkilö;Kuukausi;Projektitunnit;Kokonaistunnit\nps;6/2024;80,5;168,3\nps;7/2024;150;160,65\n";
    fs::write(at.join("tunnit.csv"), hours).unwrap();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&at.join("out.xlsx"));
    let rows = book.sheet("Staff costs").rows();
    // Row 5 (Excel) is ps's June, row 6 July; I and J the hours.
    assert_eq!(text(&rows[4][0]), "ps");
    assert_eq!(
        [4, 5].map(|r| [amount(&rows[r][8]), amount(&rows[r][9])]),
        [[dec("80.5"), dec("168.3")], [dec("150"), dec("160.65")]]
    );
    let path = at.join("out.xlsx");
    for cell in ["I5", "J5", "I6", "J6"] {
        let format = crate::harness::number_format(&path, "Staff costs", cell);
        assert_eq!(format, "#,##0.00", "{cell}");
    }
    // The month's cell keeps its own format.
    let month = crate::harness::number_format(&path, "Staff costs", "C5");
    assert_eq!(month, "mm/yyyy");
}
