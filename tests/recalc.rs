//! Opens the sample's workbook in LibreOffice headless, recalculates every
//! formula, and checks that each recalculated value equals the value velho
//! stored, within half a cent. CI installs LibreOffice; on a machine without
//! it this test says plainly that it did not run.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{Formula, Workbook};

use crate::harness::{copy_dir, sample, stderr, velho};

const RECALC_ALWAYS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

fn soffice() -> Option<PathBuf> {
    ["soffice", "libreoffice"].iter().find_map(|name| {
        let found = Command::new("which").arg(name).output().ok()?;
        found
            .status
            .success()
            .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
    })
}

/// LibreOffice, or (on a machine without it) `None` after saying plainly
/// that the recalculation did not run. In CI (`CI` set) a missing
/// LibreOffice fails the test: `.ci/run` installs it, so its absence there
/// is a broken install, never a pass.
fn soffice_or_not_run() -> Option<PathBuf> {
    let found = soffice();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is not installed, but CI is set: .ci/run must install it"
        );
        eprintln!(
            "NOT RUN: LibreOffice (soffice) is not installed, so the workbook's formulas were not recalculated. `.ci/run` installs it."
        );
    }
    found
}

/// Converts `input` to xlsx in `out_dir` with a LibreOffice profile that recalculates on load.
fn recalculated(soffice: &Path, input: &Path, work: &Path) -> PathBuf {
    let profile = work.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        RECALC_ALWAYS,
    )
    .unwrap();
    let out_dir = work.join("recalculated");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(input)
        .output()
        .expect("LibreOffice runs");
    assert!(
        status.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let out = out_dir.join(input.file_name().unwrap());
    assert!(
        out.exists(),
        "LibreOffice wrote nothing: {}",
        String::from_utf8_lossy(&status.stdout)
    );
    out
}

/// Every formula cell of every sheet: (sheet, row, column, stored value).
fn formula_cells(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut cells = Vec::new();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        let values = book.worksheet_range(&name).unwrap();
        for (row, col, formula) in formulas.used_cells() {
            if formula.is_empty() {
                continue;
            }
            let (r, c) = (
                formulas.start().unwrap().0 + row as u32,
                formulas.start().unwrap().1 + col as u32,
            );
            cells.push((
                name.clone(),
                r,
                c,
                values.get_value((r, c)).cloned().unwrap_or(Data::Empty),
            ));
        }
    }
    cells
}

fn value_at(path: &Path, sheet: &str, row: u32, col: u32) -> Data {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(sheet)
        .unwrap()
        .get_value((row, col))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn same(stored: &Data, recalculated: &Data) -> bool {
    match (stored, recalculated) {
        (Data::Float(a), Data::Float(b)) => (a - b).abs() < 0.005,
        (Data::Float(a), Data::Int(b)) | (Data::Int(b), Data::Float(a)) => {
            (a - *b as f64).abs() < 0.005
        }
        (a, b) => a == b,
    }
}

/// Recalculates a workbook in LibreOffice and asserts that every formula's
/// value equals the stored one within half a cent; returns how many formulas
/// were checked, or `None` (after saying so) when LibreOffice is missing.
pub fn assert_formulas_recalculate(workbook: &Path) -> Option<usize> {
    let soffice = soffice_or_not_run()?;
    let work = tempfile::tempdir().unwrap();
    let stored = formula_cells(workbook);
    let converted = recalculated(&soffice, workbook, work.path());
    let mut book: Xlsx<_> = open_workbook(&converted).unwrap();
    let mut mismatches = Vec::new();
    for (sheet, row, col, value) in &stored {
        let again = book
            .worksheet_range(sheet)
            .unwrap()
            .get_value((*row, *col))
            .cloned()
            .unwrap_or(Data::Empty);
        if !same(value, &again) {
            mismatches.push(format!(
                "{sheet}!{}: stored {value:?}, LibreOffice {again:?}",
                rust_xlsxwriter::utility::row_col_to_cell(*row, *col as u16)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} formulas differ:\n{}",
        mismatches.len(),
        stored.len(),
        mismatches.join("\n")
    );
    Some(stored.len())
}

#[test]
fn libreoffice_recalculates_every_formula_to_the_stored_value() {
    let Some(soffice) = soffice_or_not_run() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();

    // First prove the profile really recalculates: a formula stored with a wrong result.
    let probe = work.path().join("probe.xlsx");
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .write_formula(0, 0, Formula::new("=1+1").set_result("5"))
        .unwrap();
    workbook.save(&probe).unwrap();
    let probe_out = recalculated(&soffice, &probe, work.path());
    assert_eq!(
        value_at(&probe_out, "Sheet1", 0, 0),
        Data::Float(2.0),
        "LibreOffice did not recalculate on load"
    );

    let out = velho(
        work.path(),
        &[
            "reconcile",
            sample().to_str().unwrap(),
            "-o",
            "sample.xlsx",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let checked = assert_formulas_recalculate(&work.path().join("sample.xlsx")).unwrap();
    assert!(
        checked > 50,
        "the workbook's totals are formulas ({checked} found)"
    );
}

/// The second sample (revenues, an advance netted, a cut, covered costs):
/// its reconciliation's and its final claim's formulas recalculate to the
/// funding model's stored figures.
#[test]
fn the_second_sample_recalculates_to_the_funding_model() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("osaajat");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/osaajat"),
        &project,
    );
    let out = velho(
        work.path(),
        &["reconcile", "osaajat", "-o", "osaajat.xlsx", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(
        &project,
        &["claim", ".", "--period", "3", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for book in [
        work.path().join("osaajat.xlsx"),
        project.join("claims/OSAAJAT-claim-3.xlsx"),
    ] {
        if let Some(n) = assert_formulas_recalculate(&book) {
            assert!(n > 20, "{}: {n} formulas", book.display());
        }
    }
}

/// Issue 17, case 4: category names that SUMIFS would read as comparisons
/// or wildcards (`<>`, `>=`, `=`, `*`, `?`, `~`) are matched exactly, so
/// every formula of the reconciliation and of a claim recalculates to the
/// stored figure.
#[test]
fn formula_criteria_are_escaped_for_hostile_names() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("p");
    std::fs::create_dir_all(project.join("ledger")).unwrap();
    std::fs::write(
        project.join("velho.toml"),
        r#"
language = "en"
[project]
name = "Nimet"
code = "NIMET"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Liitto"
rate_percent = 80
max_grant = 5000
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "=Palkat*"
en = "=Staff*"
plan = 2000
accounts = ["4000-4299"]
[[category]]
id = "flat"
fi = "~Flat? 15 %"
en = "~Flat? 15 %"
plan = 300
flat_rate = { percent = 15, base = ["staff"] }
[[category]]
id = "other"
fi = "<>Muut kulut"
en = "<>Other costs"
plan = 1000
accounts = ["4300-4499"]
[[category]]
id = "invest"
fi = ">=Investoinnit"
en = ">=Investments"
plan = 1500
accounts = ["4500-4599"]
[[period]]
name = "1"
start = 2021-01-01
end = 2021-12-31
"#,
    )
    .unwrap();
    std::fs::write(
        project.join("ledger/a.csv"),
        "Pvm;Tosite;Tili;Projekti;Selite;Summa\n\
         5.1.2021;1;4000;P1;Palkka;1000,00\n\
         6.2.2021;2;4300;P1;Palvelu;500,00\n\
         7.3.2021;3;4500;P1;Laite;1500,00\n\
         8.4.2021;4;4300;P2;Muu hanke;999,00\n",
    )
    .unwrap();
    let out = velho(work.path(), &["reconcile", "p", "-o", "p.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for book in [
        work.path().join("p.xlsx"),
        project.join("claims/NIMET-claim-1.xlsx"),
    ] {
        if let Some(n) = assert_formulas_recalculate(&book) {
            assert!(n > 10, "{}: {n} formulas", book.display());
        }
    }
}

/// Issue 13: a project whose staff figure is the staff-cost model's. Its
/// Summary's staff cell refers to the Staff costs sheet's total, By month's
/// staff cells sum that sheet's months, and the claim's staff cell adds up
/// its per-person table: every formula recalculates to the stored figure.
#[test]
fn a_staff_cost_model_project_recalculates() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("malli");
    crate::staff::model_project(&project);
    let out = velho(
        work.path(),
        &["reconcile", "malli", "-o", "m.xlsx", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for book in [
        work.path().join("m.xlsx"),
        project.join("claims/M-1-claim-1.xlsx"),
    ] {
        if let Some(n) = assert_formulas_recalculate(&book) {
            assert!(n > 10, "{}: {n} formulas", book.display());
        }
    }
}
