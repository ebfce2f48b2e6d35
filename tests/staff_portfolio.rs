//! A person over 100 % across projects (issue 13, deliverable 3): two
//! projects reconciled in one run read one organisation-wide payroll; the
//! person working on both is one person, whatever id each project gives
//! her, and her shares of a month are added up over the projects.

use std::fs;
use std::path::Path;

use crate::harness::{Book, stderr, text, velho};

/// A project on the shared payroll: its code, its person and their share.
fn project(code: &str, person: &str, extra: &str) -> String {
    format!(
        r#"
language = "en"
[project]
name = "Hanke {code}"
code = "{code}"
start = 2024-01-01
end = 2024-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
projects = ["{code}"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 20000
accounts = ["4000-4999"]

[staff]
model = "actual-costs"
category = "staff"
payroll = {{ files = ["../shared/palkat.csv"] }}
{extra}

[[person]]
{person}
"#
    )
}

/// The organisation's payroll: Maija Meikäläinen every month, and someone
/// on neither project.
const PAYROLL: &str = "Työntekijä;Jakso;Palkkalaji;Summa\n\
Meikäläinen Maija;1/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;2/2024;Kuukausipalkka;3 000,00\n\
Meikäläinen Maija;3/2024;Kuukausipalkka;3 000,00\n\
Muu Matti;3/2024;Kuukausipalkka;2 500,00\n";

fn write(at: &Path, folder: &str, velho_toml: &str, code: &str) {
    fs::create_dir_all(at.join(folder).join("ledger")).unwrap();
    fs::write(at.join(folder).join("velho.toml"), velho_toml).unwrap();
    let ledger =
        format!("Pvm;Tosite;Tili;Projekti;Selite;Summa\n31.3.2024;1;4000;{code};Palkat;1000,00\n");
    fs::write(at.join(folder).join("ledger/gl.csv"), ledger).unwrap();
}

/// The findings of a workbook with this code, as text.
fn findings(book: &mut Book, code: &str) -> Vec<String> {
    book.sheet("Findings")
        .rows()
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == code))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" | "))
        .collect()
}

/// By hand: Maija Meikäläinen is on A-1 at 60 % from January (`pm`,
/// persons by id) and on B-2 at 50 % from March (`asiantuntija`, persons
/// by initials). January and February: A-1 only, 60 %: nothing. March:
/// 60 % + 50 % = **110 %**, over 100 %: an error on each project's Findings
/// naming her as that project shows persons, the month (3/2024), each
/// project's share and the sum. Muu Matti, on neither project, is in no
/// such finding.
#[test]
fn a_person_over_100_percent_across_projects_is_an_error_in_each() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    fs::create_dir_all(at.join("shared")).unwrap();
    fs::write(at.join("shared/palkat.csv"), PAYROLL).unwrap();
    let a = project(
        "A-1",
        "id = \"pm\"\nname = \"Maija Meikäläinen\"\nrole = \"Projektipäällikkö\"\nshare = \"60 %\"",
        "",
    );
    let b = project(
        "B-2",
        "id = \"asiantuntija\"\nname = \"Maija Meikäläinen\"\nrole = \"Asiantuntija\"\nperiods = [{ from = 2024-03-01, share = 50 }]",
        "show_persons = \"initials\"",
    );
    write(at, "a", &a, "A-1");
    write(at, "b", &b, "B-2");
    let out = velho(at, &["reconcile", "a", "b", "-o", "out", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = "STAFF_OVER_100_ACROSS_PROJECTS";
    let mut a = Book::open(&at.join("out/A-1-reconciliation.xlsx"));
    let found = findings(&mut a, code);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("pm (Projektipäällikkö): the shares of working time in 3/2024")
            && found[0].contains("A-1 60 % + B-2 50 % = 110 %"),
        "{}",
        found[0]
    );
    assert!(found[0].contains(" | Error | "), "{}", found[0]);
    let mut b = Book::open(&at.join("out/B-2-reconciliation.xlsx"));
    let found = findings(&mut b, code);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("MM (Asiantuntija): the shares of working time in 3/2024")
            && found[0].contains("A-1 60 % + B-2 50 % = 110 %")
            && !found[0].contains("Meikäläinen"),
        "{}",
        found[0]
    );
    // Each project alone is under 100 %: no such finding.
    let out = velho(at, &["reconcile", "a", "-o", "alone.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(findings(&mut Book::open(&at.join("alone.xlsx")), code).is_empty());
}
