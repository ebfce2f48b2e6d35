//! The Transactions sheet written while the ledger is read (issue 18,
//! `report::early`): whether the early sheet is used or written again, the
//! workbook is byte for byte the one written after the reconciliation.
//!
//! The project is the sample's, cut to one ledger file (2021, its rows put
//! in date order so the early writer keeps up) and without the staff-cost
//! model (whose rows need more than the row): then the early sheet is
//! written. With the funder's decisions, one deduction (voucher
//! 2021-002636, 1 272,40 €, both its rows) changes two rows' cells after
//! the rows were written: the check must see it and write the sheet again.

use std::path::Path;
use std::process::Command;

use velho::config::Project;
use velho::model::Lang;
use velho::reconcile::AsOf;
use velho::report::{self, Report, output};

use crate::harness::{Book, amount, copy_dir, dec, note_at, sample, text};

/// The sample cut to the 2021 ledger in date order (or its reverse), no
/// staff model; with or without the decisions.
fn project(dir: &Path, decisions: bool, reversed: bool) {
    copy_dir(&sample(), dir);
    for name in [
        "kirjanpito_2020.csv",
        "kirjanpito_2021_q4.csv",
        "kirjanpito_2022.xlsx",
        "kirjanpito_2023_tammi.csv",
    ] {
        std::fs::remove_file(dir.join("ledger").join(name)).unwrap();
    }
    if !decisions {
        std::fs::remove_dir_all(dir.join("decisions")).unwrap();
        std::fs::create_dir(dir.join("decisions")).unwrap();
    }
    let toml = std::fs::read_to_string(dir.join("velho.toml")).unwrap();
    let (staff, periods) = (
        toml.find("[staff]").unwrap(),
        toml.find("[[period]]").unwrap(),
    );
    let toml = format!("{}{}", &toml[..staff], &toml[periods..]);
    std::fs::write(dir.join("velho.toml"), toml).unwrap();
    // The export's rows by date (it lists them by voucher within a day),
    // the title lines above and the totals line below left where they are.
    let path = dir.join("ledger/kirjanpito_2021.csv");
    let bytes = std::fs::read(&path).unwrap();
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let date = |line: &[u8]| -> Option<(u32, u32, u32)> {
        let field = line.split(|&b| b == b';').next()?;
        let parts: Vec<u32> = std::str::from_utf8(field)
            .ok()?
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        (parts.len() == 3).then(|| (parts[2], parts[1], parts[0]))
    };
    let first = lines.iter().position(|l| date(l).is_some()).unwrap();
    let end = first
        + lines[first..]
            .iter()
            .take_while(|l| date(l).is_some())
            .count();
    let mut rows = lines[first..end].to_vec();
    rows.sort_by_key(|l| date(l).unwrap());
    if reversed {
        rows.reverse();
    }
    let sorted: Vec<&[u8]> = lines[..first]
        .iter()
        .copied()
        .chain(rows)
        .chain(lines[end..].iter().copied())
        .collect();
    std::fs::write(&path, sorted.join(&b'\n')).unwrap();
}

/// `velho reconcile` of the project in `dir`: the workbook's bytes, and
/// whether the early sheet was used (from `VELHO_TIMINGS`).
fn reconcile(dir: &Path) -> (Vec<u8>, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_velho"))
        .args(["reconcile", ".", "-o", "out.xlsx", "--quiet"])
        .env("VELHO_TIMINGS", "1")
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let early = match stderr.lines().find(|l| l.contains("stage=render")) {
        Some(line) if line.contains(" early=1 ") => true,
        Some(line) if line.contains(" early=0 ") => false,
        other => panic!("no render timing: {other:?}"),
    };
    (std::fs::read(dir.join("out.xlsx")).unwrap(), early)
}

/// The workbook written the ordinary way: reconciled first, then every
/// sheet rendered from the reconciliation.
fn rendered_after(dir: &Path) -> Vec<u8> {
    let project = Project::load(&dir.join("velho.toml")).unwrap();
    let outcome = velho::run::reconcile_project(&project, AsOf::Latest).unwrap();
    let report = Report {
        project: &outcome.project,
        rec: &outcome.reconciliation,
        findings: &outcome.findings,
        lang: Lang::Fi,
        rows_per_sheet: report::EXCEL_ROWS,
    };
    let mut workbook = report::render(&report).unwrap();
    let path = dir.join("after.xlsx");
    output::save(&mut workbook, &path, output::Existing::Replace, Lang::Fi).unwrap();
    std::fs::read(path).unwrap()
}

#[test]
fn the_early_sheet_is_the_sheet_written_after_the_reconciliation() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), false, false);
    let (bytes, early) = reconcile(dir.path());
    assert!(early, "one ledger file in date order: written while read");
    assert!(bytes == rendered_after(dir.path()), "the same bytes");
    // Its rows as the reconciliation has them: the 2021 rows of cost
    // centre 7311, and the cell note of a row not counted (added once the
    // count of such rows was known).
    let path = dir.path().join("out.xlsx");
    let mut book = Book::open(&path);
    let rows = book.sheet("Tapahtumat").rows();
    assert_eq!(text(&rows[0][0]), "Tiedosto");
    let flagged = 1 + rows[1..]
        .iter()
        .position(|r| text(&r[13]) != "Toteuma" && !text(&r[15]).is_empty())
        .expect("a row not counted");
    let cell = format!("N{}", flagged + 1);
    assert_eq!(
        note_at(&path, "Tapahtumat", &cell),
        text(&rows[flagged][15]),
        "its note as a cell note too"
    );
}

#[test]
fn a_deduction_known_only_after_the_rows_were_written_is_not_missed() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), true, false);
    let (bytes, early) = reconcile(dir.path());
    assert!(
        !early,
        "the deducted rows differ from what was written early"
    );
    assert!(bytes == rendered_after(dir.path()), "the same bytes");
    // The decision of period 3 deducts voucher 2021-002636: 860,00 and
    // 412,40, 1 272,40 € in all, both rows in full.
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let deducted: Vec<_> = book
        .sheet("Tapahtumat")
        .rows()
        .into_iter()
        .filter(|r| text(&r[4]) == "2021-002636")
        .map(|r| amount(&r[14]))
        .collect();
    assert_eq!(deducted, [dec("860.00"), dec("412.40")]);
}

#[test]
fn rows_out_of_the_sheets_order_are_written_after_the_reconciliation() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), false, true);
    let (bytes, early) = reconcile(dir.path());
    assert!(
        !early,
        "the sheet lists the rows by date: the writer gives up"
    );
    assert!(bytes == rendered_after(dir.path()), "the same bytes");
}
