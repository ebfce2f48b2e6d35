//! The ledger's person column as the payroll (issue 13, deliverable 1):
//! with `[staff] payroll = { ledger = true }` the project's rows on the
//! staff category's accounts that name a person are the pay lines. The
//! same project fed by a payroll report gives the same per-person figures.

use std::fs;
use std::path::Path;

use rust_decimal::Decimal;

use crate::harness::{Book, amount, dec, stderr, text, velho};

/// A project of two persons, the model and the payroll's source to be
/// filled in.
const PROJECT: &str = r#"
language = "en"
[project]
name = "Kirjanpitopalkat"
code = "KP-1"
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
accounts = ["5000-6999"]
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 5000
accounts = ["7000-7999"]

[staff]
model = "MODEL"
side_cost_percent = { 2024 = "20" }
category = "staff"
PAYROLL
holiday_bonus_accounts = ["5083"]
side_cost_accounts = ["6100-6199"]

[[person]]
id = "pm"
name = "Maija Meikäläinen"
role = "Projektipäällikkö"
share = "full-time"

[[person]]
id = "ps"
name = "Pekka Sihteeri"
role = "Projektisihteeri"
share = "60 %"
"#;

/// The ledger with its person column (Työntekijä): each person's salary,
/// TyEL and the holiday bonus as booked, a sickness-insurance row that
/// names no one, a person the project does not know, and a service.
const LEDGER: &str = "Pvm;Tosite;Tili;Tilin nimi;Projekti;Työntekijä;Selite;Summa\n\
31.1.2024;1;5010;Kuukausipalkat;P1;Meikäläinen Maija;Palkka 1/2024;3000,00\n\
31.1.2024;1;6130;TyEL-maksut;P1;Meikäläinen Maija;TyEL 1/2024;540,00\n\
31.1.2024;1;5010;Kuukausipalkat;P1;Sihteeri Pekka;Palkka 1/2024;2000,00\n\
31.1.2024;1;6130;TyEL-maksut;P1;Sihteeri Pekka;TyEL 1/2024;360,00\n\
15.2.2024;2;7000;Ostopalvelut;P1;;Konsultti;500,00\n\
29.2.2024;3;5010;Kuukausipalkat;P1;Meikäläinen Maija;Palkka 2/2024;3000,00\n\
29.2.2024;3;5083;Lomarahat;P1;Meikäläinen Maija;Lomaraha 2/2024;1000,00\n\
29.2.2024;3;6130;TyEL-maksut;P1;Meikäläinen Maija;TyEL 2/2024;720,00\n\
29.2.2024;3;5010;Kuukausipalkat;P1;Sihteeri Pekka;Palkka 2/2024;2000,00\n\
29.2.2024;3;6130;TyEL-maksut;P1;Sihteeri Pekka;TyEL 2/2024;360,00\n\
29.2.2024;3;6170;Sairausvakuutusmaksut;P1;;Sava 2/2024;50,00\n\
29.2.2024;3;5010;Kuukausipalkat;P1;Vieras Ville;Palkka 2/2024;100,00\n";

/// The same pay as a payroll report.
const PAYROLL: &str = "Työntekijä;Jakso;Palkkalaji;Summa\n\
Meikäläinen Maija;1/2024;Kuukausipalkka;3000,00\n\
Meikäläinen Maija;1/2024;TyEL;540,00\n\
Sihteeri Pekka;1/2024;Kuukausipalkka;2000,00\n\
Sihteeri Pekka;1/2024;TyEL;360,00\n\
Meikäläinen Maija;2/2024;Kuukausipalkka;3000,00\n\
Meikäläinen Maija;2/2024;Lomaraha;1000,00\n\
Meikäläinen Maija;2/2024;TyEL;720,00\n\
Sihteeri Pekka;2/2024;Kuukausipalkka;2000,00\n\
Sihteeri Pekka;2/2024;TyEL;360,00\n\
Vieras Ville;2/2024;Kuukausipalkka;100,00\n";

/// The ledger without its person column.
fn ledger_without_persons() -> String {
    LEDGER
        .lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split(';').collect();
            cells.remove(5);
            cells.join(";") + "\n"
        })
        .collect()
}

/// Writes the project of `model` with `payroll` (its setting) and `ledger`.
fn write(at: &Path, model: &str, payroll: &str, ledger: &str) {
    fs::create_dir_all(at.join("ledger")).unwrap();
    let project = PROJECT.replace("MODEL", model).replace("PAYROLL", payroll);
    fs::write(at.join("velho.toml"), project).unwrap();
    fs::write(at.join("ledger/gl.csv"), ledger).unwrap();
}

/// Runs a project of `model` fed by the ledger's person column (`true`)
/// or by the payroll report; returns its workbook.
fn run(at: &Path, model: &str, from_ledger: bool) -> Book {
    if from_ledger {
        write(at, model, "payroll = { ledger = true }", LEDGER);
    } else {
        fs::write(at.join("palkat.csv"), PAYROLL).unwrap();
        let payroll = "payroll = { files = [\"palkat.csv\"] }";
        write(at, model, payroll, &ledger_without_persons());
    }
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    Book::open(&at.join("out.xlsx"))
}

/// Each person's subtotal of the eligible cost on Staff costs, and the total.
fn subtotals(book: &mut Book) -> (Vec<(String, Decimal)>, Decimal) {
    let sheet = book.sheet("Staff costs");
    let persons = sheet
        .rows()
        .iter()
        .filter(|r| text(&r[1]) == "in total")
        .map(|r| (text(&r[0]), amount(&r[12])))
        .collect();
    (persons, amount(&sheet.row_labelled("Total")[12]))
}

/// Runs the model both ways: the per-person figures are `expected` (by
/// hand) and the two Staff costs sheets are the same cell for cell.
fn both_ways(model: &str, expected: &[(&str, &str)], total: &str) -> Book {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut by_ledger = run(a.path(), model, true);
    let mut by_payroll = run(b.path(), model, false);
    let expected: Vec<(String, Decimal)> = expected
        .iter()
        .map(|(p, e)| (p.to_string(), dec(e)))
        .collect();
    assert_eq!(
        subtotals(&mut by_ledger),
        (expected.clone(), dec(total)),
        "{model}"
    );
    assert_eq!(
        subtotals(&mut by_payroll),
        (expected, dec(total)),
        "{model}"
    );
    let sheet = |book: &mut Book| book.sheet("Staff costs").rows();
    assert_eq!(sheet(&mut by_ledger), sheet(&mut by_payroll), "{model}");
    by_ledger
}

/// By hand, actual costs: (salary + holiday bonus + side costs) × share.
/// - pm (full time): January 3 000,00 + 540,00 = 3 540,00; February
///   3 000,00 + 1 000,00 + 720,00 = 4 720,00; in all **8 260,00**;
/// - ps (60 %): each month (2 000,00 + 360,00) × 0,6 = 1 416,00; in all
///   **2 832,00**;
/// - the total **11 092,00** (Vieras Ville is no one's: not counted).
#[test]
fn the_ledgers_person_column_gives_the_payrolls_figures_under_actual_costs() {
    let mut book = both_ways(
        "actual-costs",
        &[("pm", "8260.00"), ("ps", "2832.00")],
        "11092.00",
    );
    // Sources: the ledger's staff rows (5000–6999 of P1: 11) as a staff
    // source: 10 name someone, 1 no one; of the 10, 9 are used and Vieras
    // Ville's is an unknown person: 11 read = 9 used + 2 skipped.
    let sources = book.sheet("Sources");
    let rows = sources.rows();
    let header = rows
        .iter()
        .position(|r| text(&r[0]) == "Payroll or working time")
        .expect("the staff files' table");
    let row = &rows[header + 1];
    let col = |name: &str| sources.column(header, name);
    assert_eq!(text(&row[0]), "ledger/gl.csv");
    assert!(
        text(&row[col("Format")]).starts_with("The ledger's person column: \"Työntekijä\""),
        "{:?}",
        row[col("Format")]
    );
    let count = |name: &str| amount(&row[col(name)]);
    assert_eq!(count("Rows read"), dec("11"));
    assert_eq!(count("Used"), dec("9"));
    assert_eq!(count("Skipped in all"), dec("2"));
    assert_eq!(count("No person"), dec("1"));
    assert_eq!(count("Unknown person"), dec("1"));
    assert_eq!(
        count("Size (bytes)"),
        Decimal::from(LEDGER.len()),
        "the ledger file's size"
    );
}

/// By hand, the standard side-cost model at 20 %: salary × share × 1,2,
/// the holiday bonus and the booked side costs left out.
/// - pm: 3 000,00 × 1,2 = 3 600,00 in January and in February; **7 200,00**;
/// - ps: 2 000,00 × 0,6 × 1,2 = 1 440,00 a month; **2 880,00**;
/// - the total **10 080,00**, the staff category's figure on Summary.
#[test]
fn the_ledgers_person_column_gives_the_payrolls_figures_under_standard_side_costs() {
    let mut book = both_ways(
        "standard-side-costs",
        &[("pm", "7200.00"), ("ps", "2880.00")],
        "10080.00",
    );
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("10080.00"));
}

/// Without a person column in the ledger the setting cannot work: the run
/// stops naming it.
#[test]
fn the_ledger_as_the_payroll_needs_a_person_column() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    let ledger = ledger_without_persons();
    write(at, "actual-costs", "payroll = { ledger = true }", &ledger);
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("`staff.payroll = { ledger = true }`")
            && message.contains("no ledger file has a person column"),
        "{message}"
    );
}

/// Two projects reconciled in one run read one organisation-wide ledger
/// with a person column: each project's pay lines are its own rows'. By
/// hand (actual costs): A-1 has Maija's 3 000,00 (full time) and Pekka's
/// 1 500,00 × 0,6 = 900,00: **3 900,00**; B-2 Maija's **2 000,00**.
#[test]
fn projects_sharing_a_ledger_each_take_their_own_rows_persons() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    fs::create_dir_all(at.join("shared")).unwrap();
    fs::write(
        at.join("shared/gl.csv"),
        "Pvm;Tosite;Tili;Projekti;Työntekijä;Summa\n\
         31.1.2024;1;5010;A-1;Meikäläinen Maija;3000,00\n\
         31.1.2024;1;5010;B-2;Meikäläinen Maija;2000,00\n\
         29.2.2024;2;5010;A-1;Sihteeri Pekka;1500,00\n",
    )
    .unwrap();
    for code in ["A-1", "B-2"] {
        let project = PROJECT
            .replace("MODEL", "actual-costs")
            .replace("PAYROLL", "payroll = { ledger = true }")
            .replace("KP-1", code)
            .replace("\"P1\"", &format!("\"{code}\""))
            .replace(
                "[project]",
                "[ledger]\nfiles = [\"../shared/gl.csv\"]\n[project]",
            );
        fs::create_dir_all(at.join(code)).unwrap();
        fs::write(at.join(code).join("velho.toml"), project).unwrap();
    }
    let out = velho(at, &["reconcile", "A-1", "B-2", "-o", "out", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (code, expected) in [("A-1", "3900.00"), ("B-2", "2000.00")] {
        let mut book = Book::open(&at.join(format!("out/{code}-reconciliation.xlsx")));
        assert_eq!(subtotals(&mut book).1, dec(expected), "{code}");
    }
}
