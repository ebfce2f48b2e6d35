//! An organisation-wide payroll (issue 13): with a cost-centre or project
//! column only the project's lines are read, the others skipped with their
//! reason on Sources; without one, the persons the project does not know
//! are one warning with their count and pay, not one each.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use calamine::Data;
use rust_decimal::Decimal;

use crate::harness::{Book, amount, dec, stderr, text, velho};

const PROJECT: &str = r#"
language = "en"
[project]
name = "Organisaatio"
code = "O-1"
start = 2024-01-01
end = 2024-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
cost_centres = ["7311"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 20000
accounts = ["4000-4999"]
[staff]
model = "actual-costs"
category = "staff"
payroll = { files = ["palkat.csv"] }
[[person]]
id = "pm"
name = "Maija Meikäläinen"
role = "Projektipäällikkö"
share = "full-time"
"#;

/// The project's salary; its description names a stand-in from another
/// cost centre.
const LEDGER: &str = "Pvm;Tosite;Tili;Kustannuspaikka;Selite;Summa\n\
31.1.2024;1;4000;7311;Palkka 1/2024, sijaisena Berg Bo;3000,00\n";

/// The whole organisation's January: the project's manager on 7311, five
/// others on 9999 and 8888.
const PAYROLL: &str = "Työntekijä;Kustannuspaikka;Jakso;Palkkalaji;Summa\n\
Meikäläinen Maija;7311;1/2024;Kuukausipalkka;3000,00\n\
Aalto Anna;9999;1/2024;Kuukausipalkka;2500,00\n\
Berg Bo;9999;1/2024;Kuukausipalkka;2800,00\n\
Cedergren Carl;8888;1/2024;Kuukausipalkka;3100,00\n\
Dahl Dora;8888;1/2024;Kuukausipalkka;2600,00\n\
Eklund Eero;9999;1/2024;Kuukausipalkka;2400,00\n";

/// Runs the project with `payroll`; returns its workbook.
fn run(at: &Path, payroll: &str) -> Book {
    fs::create_dir_all(at.join("ledger")).unwrap();
    fs::write(at.join("velho.toml"), PROJECT).unwrap();
    fs::write(at.join("ledger/gl.csv"), LEDGER).unwrap();
    fs::write(at.join("palkat.csv"), payroll).unwrap();
    let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    Book::open(&at.join("out.xlsx"))
}

/// The codes on Findings and the line of each, cells joined.
fn findings(book: &mut Book) -> Vec<(String, String)> {
    book.sheet("Findings")
        .rows()
        .iter()
        .filter_map(|r| {
            let code = r.iter().map(text).find(|c| c.starts_with("STAFF_"))?;
            Some((code, r.iter().map(text).collect::<Vec<_>>().join(" | ")))
        })
        .collect()
}

/// The payroll's counts on Sources, by column.
fn payroll_counts(book: &mut Book) -> BTreeMap<String, Decimal> {
    let rows = book.sheet("Sources").rows();
    let header = rows
        .iter()
        .position(|r| text(&r[0]) == "Payroll or working time")
        .expect("the staff files' table");
    let row = &rows[header + 1];
    assert_eq!(text(&row[0]), "palkat.csv");
    rows[header]
        .iter()
        .zip(row)
        .filter(|(_, cell)| matches!(cell, Data::Float(_) | Data::Int(_)))
        .map(|(name, cell)| (text(name), amount(cell)))
        .collect()
}

/// With the cost-centre column: 6 lines read = 1 used (Maija's 3 000,00,
/// the ledger's 3 000,00: no difference) + 5 of another cost centre; no
/// one unknown. The stand-in's name in the ledger's text is still
/// replaced (by the initials of the payroll's name, persons by id).
#[test]
fn a_cost_centre_column_keeps_only_the_projects_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = run(dir.path(), PAYROLL);
    assert_eq!(findings(&mut book), Vec::<(String, String)>::new());
    let count = payroll_counts(&mut book);
    assert_eq!(count["Rows read"], dec("6"));
    assert_eq!(count["Used"], dec("1"));
    assert_eq!(count["Other cost centre or project"], dec("5"));
    assert_eq!(count["Skipped in all"], dec("5"));
    let staff = book.sheet("Staff costs");
    assert_eq!(amount(&staff.row_labelled("Total")[12]), dec("3000.00"));
    let texts: Vec<String> = book
        .sheet("Transactions")
        .rows()
        .iter()
        .flatten()
        .map(text)
        .collect();
    assert!(
        texts.iter().any(|t| t == "Palkka 1/2024, sijaisena BB"),
        "{texts:?}"
    );
}

/// Without it: five persons the project does not know, one warning. By
/// hand: 2 500,00 + 2 800,00 + 3 100,00 + 2 600,00 + 2 400,00 =
/// 13 400,00 in 5 lines; the most pay Cedergren 3 100,00, Berg 2 800,00,
/// Dahl 2 600,00, by the initials of their names (persons by id).
#[test]
fn without_one_the_unknown_persons_are_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let payroll: String = PAYROLL
        .lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split(';').collect();
            cells.remove(1);
            cells.join(";") + "\n"
        })
        .collect();
    let mut book = run(dir.path(), &payroll);
    let found = findings(&mut book);
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["STAFF_UNKNOWN_PERSONS"]);
    let line = &found[0].1;
    for part in [
        "name 5 persons who are not in [[person]] in velho.toml: 5 lines, pay of €13,400.00 in all",
        "(the most pay: \"CC\", \"BB\", \"DD\")",
    ] {
        assert!(line.contains(part), "{part:?} not in {line}");
    }
    assert!(!line.contains("Cedergren"), "{line}");
    let count = payroll_counts(&mut book);
    assert_eq!(count["Used"], dec("1"));
    assert_eq!(count["Unknown person"], dec("5"));
    assert_eq!(count["Other cost centre or project"], dec("0"));
}
