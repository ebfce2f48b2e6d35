//! The reconciliation rules on a small hand-made project whose every figure
//! can be checked by hand, and the conventions every run keeps (exit status,
//! safe output, determinism).

use std::fs;
use std::path::Path;

use calamine::Data;

use crate::harness::{Book, amount, dec, stderr, text, velho};

const PROJECT: &str = r#"
language = "en"
[project]
name = "Testi"
code = "T-1"
organisation = "Kunta"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Liitto"
rate_percent = 80
max_grant = 1000
own_share_by = "Kunta"
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 1000
accounts = ["4000-4299"]
[[category]]
id = "flat"
fi = "Flat rate"
en = "Flat rate"
plan = 150
flat_rate = { percent = 15, base = ["staff"] }
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 200
accounts = ["4300-4499"]
"#;

const LEDGER_A: &str = "Kunta\nPääkirja 2021\n\nPvm;Tosite;Tili;Projekti;Selite;Summa\n\
5.1.2021;1;4000;P1;Palkka;500,00\n\
5.1.2021;2;4000;P2;Muu hanke;999,00\n\
10.2.2021;3;4400;P1;=SUM(A1:A9);120,00\n\
10.2.2021;3;4400;P1;=SUM(A1:A9);120,00\n\
15.12.2020;4;4300;P1;Ennen hankeaikaa;50,00\n\
1.3.2021;5;4730;P1;Avustus;30,00\n\
Yhteensä;;;;;1819,00\n";

const LEDGER_B: &str = "Pvm;Tosite;Tili;Projekti;Selite;Summa\n\
5.1.2021;1;4000;P1;Palkka;500,00\n\
2.2.2021;6;4000;P1;Palkka helmikuu;600,00\n\
Yhteensä;;;;;1100,00\n";

fn make_project(dir: &Path, ledger_b: &str) {
    fs::create_dir_all(dir.join("ledger")).unwrap();
    fs::write(dir.join("velho.toml"), PROJECT).unwrap();
    fs::write(dir.join("ledger/a.csv"), LEDGER_A).unwrap();
    fs::write(dir.join("ledger/b.csv"), ledger_b).unwrap();
}

fn reconciled(lang: &str) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            ".",
            "-o",
            "out.xlsx",
            "--lang",
            lang,
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let book = Book::open(&dir.path().join("out.xlsx"));
    (dir, book)
}

#[test]
fn figures_follow_the_rules_to_the_cent() {
    let (_dir, mut book) = reconciled("en");
    assert_eq!(
        book.sheet_names(),
        ["Summary", "By month", "Transactions", "Findings", "Sources"]
    );
    let summary = book.sheet("Summary");
    let line = |label: &str| summary.row_labelled(label);
    assert_eq!(amount(&line("Staff")[2]), dec("1100"));
    assert_eq!(
        amount(&line("Flat rate")[2]),
        dec("165"),
        "15 % of the realised staff costs"
    );
    assert_eq!(
        amount(&line("Services")[2]),
        dec("240"),
        "two identical rows in one file both count"
    );
    assert_eq!(amount(&line("Total")[1]), dec("1350"));
    assert_eq!(amount(&line("Total")[2]), dec("1505"));
    assert_eq!(
        amount(&line("Funder's share (80 %)")[2]),
        dec("1000"),
        "capped at the maximum grant"
    );
    assert_eq!(amount(&line("Funder's share at 80 %")[2]), dec("1204"));
    assert_eq!(amount(&line("Own share")[2]), dec("505"));
    assert_eq!(amount(&line("Own share")[1]), dec("350"));
    assert_eq!(amount(&line("Overrun")[2]), dec("155"));
    // Nothing lost: every project row is counted once, in rows and euros.
    assert_eq!(
        (amount(&line("Read")[1]), amount(&line("Read")[2])),
        (dec("7"), dec("1920"))
    );
    assert_eq!(
        (
            amount(&line("Counted as eligible")[1]),
            amount(&line("Counted as eligible")[2])
        ),
        (dec("4"), dec("1340"))
    );
    assert_eq!(amount(&line("Unmapped account")[2]), dec("30"));
    assert_eq!(amount(&line("Before the project period")[2]), dec("50"));
    assert_eq!(
        (
            amount(&line("Duplicates")[1]),
            amount(&line("Duplicates")[2])
        ),
        (dec("1"), dec("500"))
    );
    assert_eq!(amount(&line("Rows of other cost centres")[1]), dec("1"));
}

#[test]
fn transactions_list_every_project_row_with_its_source() {
    let (_dir, mut book) = reconciled("en");
    let sheet = book.sheet("Transactions");
    let rows = sheet.rows();
    let (file, row, desc, amt, status) = (
        sheet.column(0, "File"),
        sheet.column(0, "Row"),
        sheet.column(0, "Description"),
        sheet.column(0, "Amount"),
        sheet.column(0, "Status"),
    );
    assert_eq!(
        rows.len(),
        1 + 7,
        "the header and the 7 project rows; the other project's row is not listed"
    );
    let listed: Vec<(String, String, String)> = rows[1..]
        .iter()
        .map(|r| (text(&r[file]), text(&r[row]), text(&r[status])))
        .collect();
    assert!(
        listed.contains(&("ledger/b.csv".into(), "2".into(), "Duplicate".into())),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(
            "ledger/a.csv".into(),
            "9".into(),
            "Before project period".into()
        )),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(
            "ledger/a.csv".into(),
            "10".into(),
            "Unmapped account".into()
        )),
        "{listed:?}"
    );
    let formula_like = rows
        .iter()
        .find(|r| text(&r[desc]).starts_with('='))
        .expect("the =SUM description");
    assert_eq!(
        formula_like[desc],
        Data::String("=SUM(A1:A9)".into()),
        "a description stays text"
    );
    let total: rust_decimal::Decimal = rows[1..].iter().map(|r| amount(&r[amt])).sum();
    assert_eq!(total, dec("1920"));
}

#[test]
fn sources_account_for_every_row_of_every_file() {
    let (_dir, mut book) = reconciled("en");
    let sheet = book.sheet("Sources");
    let rows = sheet.rows();
    let header = rows.iter().position(|r| text(&r[0]) == "File").unwrap();
    let col = |name: &str| sheet.column(header, name);
    let a = &rows[header + 1];
    assert_eq!(text(&a[0]), "ledger/a.csv");
    assert_eq!(text(&a[col("SHA-256")]).len(), 64);
    let n = |r: &Vec<Data>, name: &str| amount(&r[col(name)]);
    // a.csv: 7 rows below the header = 4 used + 1 other project + 1 totals row + 1 before start + 1 unmapped.
    assert_eq!(
        (n(a, "Rows read"), n(a, "Used"), n(a, "Skipped in all")),
        (dec("7"), dec("3"), dec("4"))
    );
    assert_eq!(
        (
            n(a, "Other projects"),
            n(a, "Totals rows"),
            n(a, "Outside project period"),
            n(a, "Unmapped account")
        ),
        (dec("1"), dec("1"), dec("1"), dec("1"))
    );
    for r in &rows[header + 1..header + 3] {
        assert_eq!(
            n(r, "Rows read"),
            n(r, "Used") + n(r, "Skipped in all"),
            "read = used + skipped"
        );
    }
    let b = &rows[header + 2];
    assert_eq!(
        (n(b, "Rows read"), n(b, "Used"), n(b, "Duplicates")),
        (dec("3"), dec("1"), dec("1"))
    );
}

#[test]
fn findings_name_what_needs_attention() {
    let (_dir, mut book) = reconciled("en");
    let rows = book.sheet("Findings").rows();
    let codes: Vec<String> = rows[1..].iter().map(|r| text(&r[7])).collect();
    for code in [
        "DUPLICATE_ROWS",
        "OUTSIDE_PERIOD",
        "UNMAPPED_ACCOUNT",
        "CATEGORY_OVER_PLAN",
        "TOTAL_OVER_PLAN",
        "GRANT_CAPPED",
    ] {
        assert!(
            codes.iter().any(|c| c == code),
            "{code} missing from {codes:?}"
        );
    }
    let dup = rows
        .iter()
        .find(|r| text(&r[7]) == "DUPLICATE_ROWS")
        .unwrap();
    assert!(
        text(&dup[3]).contains("ledger/b.csv repeats project rows of ledger/a.csv: 1 row, €500.00"),
        "{}",
        text(&dup[3])
    );
    assert_eq!(amount(&dup[4]), dec("500"));
    let unmapped = rows
        .iter()
        .find(|r| text(&r[7]) == "UNMAPPED_ACCOUNT")
        .unwrap();
    assert!(text(&unmapped[3]).contains("Account 4730"));
    assert_eq!(amount(&unmapped[4]), dec("30"));
}

#[test]
fn both_languages_give_the_same_numbers() {
    let (_d1, mut en) = reconciled("en");
    let (_d2, mut fi) = reconciled("fi");
    assert_eq!(
        fi.sheet_names(),
        [
            "Yhteenveto",
            "Kuukausittain",
            "Tapahtumat",
            "Havainnot",
            "Lähteet"
        ]
    );
    let numbers = |sheet: crate::harness::Sheet| -> Vec<String> {
        sheet
            .rows()
            .iter()
            .flatten()
            .filter(|c| matches!(c, Data::Float(_) | Data::Int(_)))
            .map(|c| c.to_string())
            .collect()
    };
    assert_eq!(
        numbers(en.sheet("Summary")),
        numbers(fi.sheet("Yhteenveto"))
    );
    assert_eq!(
        numbers(en.sheet("Transactions")),
        numbers(fi.sheet("Tapahtumat"))
    );
    let fi_summary = fi.sheet("Yhteenveto");
    assert_eq!(
        amount(&fi_summary.row_labelled("Henkilöstö")[2]),
        dec("1100")
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    for name in ["one.xlsx", "two.xlsx"] {
        let out = velho(dir.path(), &["reconcile", ".", "-o", name, "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(
        fs::read(dir.path().join("one.xlsx")).unwrap(),
        fs::read(dir.path().join("two.xlsx")).unwrap()
    );
}

#[test]
fn default_output_name_and_stderr_summary() {
    let dir = tempfile::tempdir().unwrap();
    make_project(&dir.path().join("p"), LEDGER_B);
    let out = velho(dir.path(), &["reconcile", "p"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("T-1-reconciliation.xlsx").exists());
    let err = stderr(&out);
    assert!(err.contains("Wrote T-1-reconciliation.xlsx"), "{err}");
    assert!(
        err.contains("Realised costs €1,505.00, eligible €1,505.00 / plan €1,350.00"),
        "{err}"
    );
    assert!(err.contains("Findings: 0 errors"), "{err}");
}

#[test]
fn a_wrong_control_total_is_an_error_finding_and_fails_strict_runs() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), &LEDGER_B.replace("1100,00", "1150,00"));
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "findings alone do not fail a run"
    );
    let strict = velho(
        dir.path(),
        &["reconcile", ".", "-o", "strict.xlsx", "--strict"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        dir.path().join("strict.xlsx").exists(),
        "--strict still writes the workbook"
    );
    assert!(stderr(&strict).contains("ledger/b.csv, row 4: the file's own total is €1,150.00 but its rows add up to €1,100.00"), "{}", stderr(&strict));
    // Counts agree in number (issue 15): one error, not "1 errors".
    assert!(
        stderr(&strict).contains("Findings: 1 error, "),
        "{}",
        stderr(&strict)
    );
}

/// Issue 15: Finnish a finance officer would write. Counts agree in number,
/// the overrun's payer is named without a genitive built by a suffix, and
/// a category over its plan is the subject of its own sentence.
#[test]
fn the_finnish_texts_read_as_a_finance_officer_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            crate::harness::sample().to_str().unwrap(),
            "-o",
            "fi.xlsx",
            "--lang",
            "fi",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Havainnot: 0 virhettä, 4 varoitusta, 10 huomiota"),
        "{err}"
    );
    let mut book = Book::open(&dir.path().join("fi.xlsx"));
    let texts: Vec<String> = book
        .sheet("Havainnot")
        .rows()
        .iter()
        .flatten()
        .map(text)
        .collect();
    let all = texts.join("\n");
    assert!(
        all.contains("ylitys jää tuensaajan (Jämsän kaupunki) maksettavaksi"),
        "{all}"
    );
    assert!(!all.contains(":n maksettavaksi"), "{all}");
    assert!(all.contains("Kustannuslaji "), "{all}");
    assert!(!all.contains("ylittää suunnitelman"), "{all}");
}

#[test]
fn bad_input_stops_the_run_naming_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), &LEDGER_B.replace("600,00", "6OO,00"));
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "velho: ledger/b.csv, row 3, column \"Summa\": \"6OO,00\" is not an amount"
    );
    assert!(!dir.path().join("out.xlsx").exists(), "nothing is written");
}

#[test]
fn inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let before = fs::read(dir.path().join("ledger/a.csv")).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "ledger/a.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it is one of the inputs"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(dir.path().join("ledger/a.csv")).unwrap(), before);
}

#[test]
fn project_file_errors_name_the_key() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    fs::write(
        dir.path().join("velho.toml"),
        PROJECT.replace("rate_percent = 80", "rate_percent = \"paljon\""),
    )
    .unwrap();
    let out = velho(dir.path(), &["reconcile", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`funding.rate_percent`"),
        "{}",
        stderr(&out)
    );
    let missing = velho(dir.path(), &["reconcile", "no-such-project"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing).trim(),
        "velho: project file no-such-project: not found; expected a project folder holding velho.toml, or the project file itself"
    );
}

#[test]
fn help_explains_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = velho(dir.path(), &["reconcile", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--output", "--as-of", "--lang", "--strict", "--quiet", "PROJECT",
    ] {
        assert!(help.contains(option), "{option} missing from help");
    }
    assert!(help.contains("never changed"), "{help}");
}

#[test]
fn as_of_leaves_later_costs_for_later() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            ".",
            "-o",
            "out.xlsx",
            "--as-of",
            "31.1.2021",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = Book::open(&dir.path().join("out.xlsx")).sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("500"));
    // 120 + 120 + 600 of February and the unmapped 30 of March: the date decides first.
    assert_eq!(
        amount(&summary.row_labelled("After the as-of date")[2]),
        dec("870")
    );
}

#[test]
fn stated_figures_are_checked_and_periods_must_follow_each_other() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let extra = r#"
[[period]]
name = "K1"
start = 2021-01-01
end = 2021-05-31
[[period]]
name = "K2"
start = 2021-07-01
end = 2021-12-31
[[stated]]
what = "Final report: realised"
figure = "realised"
amount = "1 505,00"
[[stated]]
what = "Final report: staff"
figure = "category:staff"
amount = 1150
"#;
    fs::write(dir.path().join("velho.toml"), format!("{PROJECT}{extra}")).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let rows = book.sheet("Findings").rows();
    let stated: Vec<&Vec<Data>> = rows
        .iter()
        .filter(|r| text(&r[7]) == "STATED_FIGURE")
        .collect();
    assert_eq!(stated.len(), 1, "the agreeing figure gives no finding");
    assert_eq!(
        text(&stated[0][3]),
        "Final report: staff: stated €1,150.00, velho computes €1,100.00; difference €50.00."
    );
    assert_eq!(amount(&stated[0][4]), dec("50"));
    let gap = rows
        .iter()
        .find(|r| text(&r[7]) == "PERIOD_GAP")
        .expect("a gap in June");
    assert!(
        text(&gap[3]).contains("gap 1.6.2021–30.6.2021 (between periods K1 and K2)"),
        "{}",
        text(&gap[3])
    );
    let summary = book.sheet("Summary");
    let line = summary.row_labelled("Final report: staff");
    assert_eq!(
        (amount(&line[1]), amount(&line[2]), amount(&line[3])),
        (dec("1150"), dec("1100"), dec("50"))
    );
}

/// A ledger sheet whose account cells are merged down over the rows of one
/// account, as some reports print them: only the first row holds the value.
fn merged_accounts_workbook(path: &Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["Pvm", "Tili", "Projekti", "Selite", "Summa"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let format = rust_xlsxwriter::Format::new();
    sheet.merge_range(1, 1, 3, 1, "4000", &format).unwrap();
    for (r, amount) in [(1u32, 100.0), (2, 200.0), (3, 300.0)] {
        sheet.write_string(r, 0, format!("{}.2.2021", r)).unwrap();
        sheet.write_string(r, 2, "P1").unwrap();
        sheet.write_string(r, 3, "Palkka").unwrap();
        sheet.write_number(r, 4, amount).unwrap();
    }
    workbook.save(path).unwrap();
}

#[test]
fn merged_account_cells_are_an_error_finding_not_lost_costs() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(
        dir.path().join("velho.toml"),
        PROJECT.replace("[ledger]\nfiles = [\"a.csv\"]", ""),
    )
    .unwrap();
    merged_accounts_workbook(&dir.path().join("ledger/merged.xlsx"));
    let out = velho(
        dir.path(),
        &["reconcile", ".", "-o", "out.xlsx", "--strict"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("2 rows without an account (€500.00), the first at ledger/merged.xlsx row 3"),
        "{}",
        stderr(&out)
    );
    let summary = Book::open(&dir.path().join("out.xlsx")).sheet("Summary");
    assert_eq!(
        amount(&summary.row_labelled("Staff")[2]),
        dec("100"),
        "only the row that holds the account counts"
    );
    assert_eq!(
        amount(&summary.row_labelled("Unmapped account")[2]),
        dec("500"),
        "the others are kept and shown, never dropped"
    );
}

#[test]
fn a_merged_two_row_header_reads_from_its_named_row() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let format = rust_xlsxwriter::Format::new();
    sheet.merge_range(0, 0, 0, 1, "Tosite", &format).unwrap();
    sheet.merge_range(0, 2, 0, 4, "Kirjaus", &format).unwrap();
    for (c, h) in ["Pvm", "Nro", "Tili", "Projekti", "Summa"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.write_string(2, 0, "3.2.2021").unwrap();
    sheet.write_string(2, 1, "V9").unwrap();
    sheet.write_string(2, 2, "4000").unwrap();
    sheet.write_string(2, 3, "P1").unwrap();
    sheet.write_number(2, 4, 250.0).unwrap();
    workbook
        .save(dir.path().join("ledger/two_row_header.xlsx"))
        .unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = Book::open(&dir.path().join("out.xlsx")).sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("250"));
}

/// A change decision (muutospäätös) from 1.2.2021 raises the maximum grant
/// from 1 000 to 1 300 and the staff plan from 1 000 to 1 200: a
/// reconciliation uses the version in force, so one as of January still
/// sees the old decision.
#[test]
fn a_change_decision_applies_from_its_date() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let change = r#"
[[change]]
from = 2021-02-01
decision = "LIITTO/12/2021"
max_grant = 1300
plan = { staff = 1200 }
"#;
    let toml = dir.path().join("velho.toml");
    fs::write(&toml, format!("{PROJECT}{change}")).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["reconcile", ".", "-o", "out.xlsx", "--quiet"];
        args.extend_from_slice(extra);
        let out = velho(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        Book::open(&dir.path().join("out.xlsx"))
    };
    let mut book = run(&[]);
    let summary = book.sheet("Summary");
    let line = |label: &str| summary.row_labelled(label);
    // Staff 1 100, flat rate 15 % = 165, services 240: eligible 1 505.
    // 80 % × 1 505 = 1 204,00, under the new maximum grant 1 300.
    assert_eq!(amount(&line("Staff")[1]), dec("1200"));
    assert_eq!(amount(&line("Total")[1]), dec("1550"));
    assert_eq!(amount(&line("Funder's share (80 %)")[2]), dec("1204"));
    assert_eq!(amount(&line("Own share")[2]), dec("301"));
    assert_eq!(amount(&line("Overrun")[2]), dec("0"));
    let findings = book.sheet("Findings").rows();
    let change_notes = findings
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "FUNDING_CHANGE"))
        .count();
    assert_eq!(change_notes, 1, "the change is named on Findings");

    // As of 31.1.2021 the change is not yet in force: plan 1 350, maximum
    // grant 1 000; staff 500, flat rate 75 (services of 10.2. come later):
    // 80 % × 575 = 460,00.
    let mut book = run(&["--as-of", "31.1.2021"]);
    let summary = book.sheet("Summary");
    let line = |label: &str| summary.row_labelled(label);
    assert_eq!(amount(&line("Staff")[1]), dec("1000"));
    assert_eq!(amount(&line("Total")[1]), dec("1350"));
    assert_eq!(amount(&line("Funder's share (80 %)")[2]), dec("460"));
    let findings = book.sheet("Findings").rows();
    assert!(
        !findings
            .iter()
            .any(|r| r.iter().any(|c| text(c) == "FUNDING_CHANGE")),
        "a change decided later is not in force"
    );
}

/// Issue 17, case 2: a workbook velho wrote into the ledger folder (here
/// under a name any export could have) is never read back as a ledger: the
/// figures stay as they were, and a note says it was left out.
#[test]
fn velho_own_workbook_in_the_ledger_folder_is_not_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    for output in ["ledger/kirjanpito 2021.xlsx", "out.xlsx"] {
        let out = velho(dir.path(), &["reconcile", ".", "-o", output, "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Total")[2]), dec("1505"));
    assert_eq!(amount(&summary.row_labelled("Read")[1]), dec("7"));
    let findings = book.sheet("Findings").rows();
    let skipped: Vec<String> = findings
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "OWN_OUTPUT_SKIPPED"))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0].contains("ledger/kirjanpito 2021.xlsx"),
        "{}",
        skipped[0]
    );
}

/// Recoverable VAT (`[funding] vat_recoverable = true`): where the export
/// has a VAT column, each row's VAT part is not eligible. A row booked at
/// 124,00 with VAT 24,00 counts 100,00; a credit note's VAT is a credit;
/// the flat rate is on the net staff costs; without the setting the booked
/// amounts count.
#[test]
fn recoverable_vat_is_not_eligible() {
    let ledger = "Pvm;Tosite;Tili;Projekti;Selite;Summa;Alv\n\
                  5.1.2021;1;4000;P1;Palkka;500,00;\n\
                  10.2.2021;3;4400;P1;Koulutus;124,00;24,00\n\
                  11.2.2021;4;4400;P1;Hyvitys;-62,00;12,00\n\
                  12.2.2021;5;4400;P1;Kirja;110,00;10,00\n";
    let run = |recoverable: bool| {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("ledger")).unwrap();
        let toml = if recoverable {
            PROJECT.replace(
                "own_share_by = \"Kunta\"",
                "own_share_by = \"Kunta\"\nvat_recoverable = true",
            )
        } else {
            PROJECT.to_string()
        };
        fs::write(dir.path().join("velho.toml"), toml).unwrap();
        fs::write(dir.path().join("ledger/a.csv"), ledger).unwrap();
        let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let book = Book::open(&dir.path().join("out.xlsx"));
        (dir, book)
    };
    let (_dir, mut book) = run(true);
    let summary = book.sheet("Summary");
    let line = |label: &str| amount(&summary.row_labelled(label)[2]);
    // Services: (124 − 24) + (−62 + 12) + (110 − 10) = 100 − 50 + 100 = 150.
    assert_eq!(line("Services"), dec("150"));
    // Staff 500, flat rate 15 % = 75; eligible 500 + 75 + 150 = 725.
    assert_eq!(line("Flat rate"), dec("75"));
    assert_eq!(line("Eligible costs (ledger basis)"), dec("725"));
    // VAT taken out: 24 − 12 + 10 = 22.
    assert_eq!(line("VAT taken out of the rows"), dec("22"));
    let tx = book.sheet("Transactions");
    let note = tx.column(0, "Note");
    let noted: Vec<String> = tx
        .rows()
        .iter()
        .map(|r| text(&r[note]))
        .filter(|t| t.contains("VAT"))
        .collect();
    assert_eq!(noted.len(), 3, "{noted:?}");
    assert!(
        noted[0].contains("Booked €124.00 including VAT of €24.00"),
        "{}",
        noted[0]
    );

    // A VAT a formula worked out to parts of a cent is rounded to the
    // cent, halves away from zero, and reported: 100,00 with VAT 19,355
    // counts 100,00 − 19,36 = 80,64.
    let one_row = |row: &str| {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("ledger")).unwrap();
        fs::write(
            dir.path().join("velho.toml"),
            PROJECT.replace(
                "own_share_by = \"Kunta\"",
                "own_share_by = \"Kunta\"\nvat_recoverable = true",
            ),
        )
        .unwrap();
        let csv = format!("Pvm;Tosite;Tili;Projekti;Selite;Summa;Alv\n{row}\n");
        fs::write(dir.path().join("ledger/a.csv"), csv).unwrap();
        let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
        (dir, out)
    };
    let (dir, out) = one_row("12.2.2021;5;4400;P1;Kirja;100,00;19,355");
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Services")[2]), dec("80.64"));
    assert_eq!(
        amount(&summary.row_labelled("VAT taken out of the rows")[2]),
        dec("19.36")
    );
    let findings = book.sheet("Findings").rows();
    assert!(
        findings
            .iter()
            .any(|r| r.iter().any(|c| text(c).contains("row 2: 19.355"))),
        "the rounding is reported"
    );
    // The row itself on Transactions: the amount counted and the VAT note.
    let tx = book.sheet("Transactions");
    let (amount_col, note) = (tx.column(0, "Amount"), tx.column(0, "Note"));
    let row = &tx.rows()[1];
    assert_eq!(amount(&row[amount_col]), dec("80.64"));
    assert!(
        text(&row[note]).contains("Booked €100.00 including VAT of €19.36"),
        "{}",
        text(&row[note])
    );

    // Without the setting the booked amounts count: 124 − 62 + 110 = 172.
    let (_dir, mut book) = run(false);
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Services")[2]), dec("172"));

    // A VAT larger than its amount stops the run naming the cell.
    let (_dir, out) = one_row("10.2.2021;3;4400;P1;Koulutus;24,00;124,00");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("row 2") && err.contains("Alv") && err.contains("more than the row's amount"),
        "{err}"
    );
}

/// Issue 17, cases 6, 7 and 18: no output replaces an input (a decision,
/// a claim) or lands on anything but an ordinary file; a folder given as
/// -o gets the default name inside it; a pipe or a device named as an
/// input is refused at once instead of blocking or growing for ever.
#[cfg(unix)]
#[test]
fn outputs_and_inputs_are_ordinary_files_and_never_each_other() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let with_decisions =
        format!("{PROJECT}[decisions]\nfolder = \"decisions\"\n[claims]\nfolder = \"claims\"\n");
    fs::write(dir.path().join("velho.toml"), with_decisions).unwrap();
    fs::create_dir_all(dir.path().join("decisions")).unwrap();
    fs::create_dir_all(dir.path().join("claims")).unwrap();
    // Not a decision velho can read, but a file in the decisions folder.
    fs::write(dir.path().join("decisions/notes.txt"), "funder's letter").unwrap();
    fs::write(dir.path().join("claims/sent.xlsx"), "the claim sent").unwrap();
    for target in [
        "decisions/notes.txt",
        "claims/sent.xlsx",
        "ledger/a.csv",
        "velho.toml",
    ] {
        let before = fs::read(dir.path().join(target)).unwrap();
        let out = velho(dir.path(), &["reconcile", ".", "-o", target, "--quiet"]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("one of the inputs"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            fs::read(dir.path().join(target)).unwrap(),
            before,
            "{target} untouched"
        );
    }
    // A FIFO as the output: refused, still a FIFO.
    let fifo = dir.path().join("out.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.fifo", "--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not an ordinary file"),
        "{}",
        stderr(&out)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // A folder as -o: the default name inside it.
    fs::create_dir_all(dir.path().join("out")).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("out/T-1-reconciliation.xlsx").is_file());
    // A pipe or a device as a ledger file: refused at once.
    for input in ["out.fifo", "/dev/zero"] {
        let toml = PROJECT.to_string() + &format!("[ledger]\nfiles = [\"{input}\"]\n");
        fs::write(dir.path().join("velho.toml"), toml).unwrap();
        let out = velho(dir.path(), &["reconcile", ".", "-o", "x.xlsx", "--quiet"]);
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not an ordinary file"),
            "{}",
            stderr(&out)
        );
    }
}

/// Issue 17, case 16: a description longer than a spreadsheet cell takes
/// (32 767 characters) is cut with a note, in the reconciliation and in a
/// claim, never failing the run at writing (the claim's data sheet keeps
/// the description's start and its SHA-256 as the row's key).
#[test]
fn a_description_longer_than_a_cell_is_cut_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    let toml = format!("{PROJECT}[[period]]\nname = \"1\"\nstart = 2021-01-01\nend = 2021-12-31\n");
    fs::write(dir.path().join("velho.toml"), toml).unwrap();
    let long = "x".repeat(40_000);
    fs::write(
        dir.path().join("ledger/a.csv"),
        format!("Pvm;Tosite;Tili;Projekti;Selite;Summa\n5.1.2021;1;4000;P1;{long};500,00\n"),
    )
    .unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(dir.path(), &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut claim = Book::open(&dir.path().join("claims/T-1-claim-1.xlsx"));
    let extract = claim.sheet("Ledger extract").rows();
    let cut = extract
        .iter()
        .flatten()
        .find_map(|c| match c {
            Data::String(s) if s.starts_with("xxx") => Some(s.clone()),
            _ => None,
        })
        .expect("the description on the extract");
    assert!(
        cut.contains("[cut: 40000 characters in the source]"),
        "{}",
        &cut[cut.len() - 60..]
    );
}

/// Issue 17, case 8: a project code holding a path (`../../x`, `/elsewhere/x`)
/// never takes a claim out of the claims folder, nor a reconciliation out
/// of the current one.
#[test]
fn a_code_with_a_path_stays_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("a/b");
    make_project(&project, LEDGER_B);
    for code in ["../../x", "/elsewhere/x"] {
        let toml =
            format!("{PROJECT}[[period]]\nname = \"1\"\nstart = 2021-01-01\nend = 2021-12-31\n")
                .replace("code = \"T-1\"", &format!("code = \"{code}\""));
        fs::write(project.join("velho.toml"), toml).unwrap();
        let _ = fs::remove_dir_all(project.join("claims"));
        let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let written: Vec<String> = fs::read_dir(project.join("claims"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(written.len(), 2, "{written:?}");
        assert!(
            written
                .iter()
                .all(|n| n.ends_with("-claim-1.xlsx") || n.ends_with("-ledger-extract.csv")),
            "{written:?}"
        );
        let out = velho(&project, &["reconcile", ".", "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(!dir.path().join("x-claim-1.xlsx").exists());
    assert!(!Path::new("/elsewhere").exists());
    let here: Vec<String> = fs::read_dir(&project)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-reconciliation.xlsx"))
        .collect();
    assert_eq!(
        here.len(),
        2,
        "both reconciliations in the current folder: {here:?}"
    );
}

/// Issue 17, case 17: a payment period running past the project is said to
/// be so (it read "Payment periods – and 1 overlap").
#[test]
fn a_period_past_the_project_end_is_named() {
    let dir = tempfile::tempdir().unwrap();
    make_project(dir.path(), LEDGER_B);
    let toml = format!("{PROJECT}[[period]]\nname = \"1\"\nstart = 2021-01-01\nend = 2022-03-31\n");
    fs::write(dir.path().join("velho.toml"), toml).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let findings = Book::open(&dir.path().join("out.xlsx"))
        .sheet("Findings")
        .rows();
    let outside: Vec<String> = findings
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "PERIOD_OUTSIDE_PROJECT"))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(outside.len(), 1, "{findings:?}");
    assert!(
        outside[0].contains("Payment period 1 (1.1.2021–31.3.2022) ends after the project ends (project period 1.1.2021–31.12.2021)"),
        "{}",
        outside[0]
    );
    assert!(
        !findings
            .iter()
            .any(|r| r.iter().any(|c| text(c) == "PERIOD_OVERLAP")),
        "not an overlap"
    );
}

/// Issue 14 (trial): rows on the project's own cost centre with no project
/// code are left out when the filter selects by project code; a warning
/// names the cost centre, the rows and their sum.
#[test]
fn uncoded_rows_on_the_projects_cost_centre_are_a_warning() {
    let header = "Pvm;Tosite;Tili;Kustannuspaikka;Projekti;Selite;Summa\n";
    let a = format!(
        "{header}\
         5.1.2021;1;4000;2150;P1;Palkka;500,00\n\
         5.1.2021;2;4110;2150;;KuEL;120,50\n\
         5.1.2021;3;4190;2150;;Sivukulu;10,25\n\
         5.1.2021;4;4000;3100;;Muu yksikkö;999,00\n\
         5.1.2021;5;4000;2150;P2;Muu hanke;77,00\n"
    );
    let b = format!(
        "{header}\
         2.2.2021;6;4110;2150;;KuEL oikaisu;-30,00\n\
         2.2.2021;7;4000;2150;P1;Palkka;600,00\n"
    );
    let project = |filter: &str| {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("ledger")).unwrap();
        let toml = PROJECT.replace("[filter]\nprojects = [\"P1\"]", filter);
        assert!(toml.contains(filter), "{toml}");
        fs::write(dir.path().join("velho.toml"), toml).unwrap();
        fs::write(dir.path().join("ledger/a.csv"), &a).unwrap();
        fs::write(dir.path().join("ledger/b.csv"), &b).unwrap();
        let out = velho(dir.path(), &["check", ".", "--lang", "en"]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let by_project = project("[filter]\nprojects = [\"P1\"]");
    // Cost centre 2150 (the project's rows 1 and 7): rows 2, 3 and 6 have
    // no project code, 120,50 + 10,25 − 30,00 = 100,75. Row 4 is on 3100,
    // where the project has no rows; row 5 is another project's.
    assert!(
        by_project.contains("Warning – Rows without a project code on the project's cost centre (UNCODED_ROWS_ON_PROJECT_COST_CENTRE): Cost centre 2150, where the project's rows are, has 3 rows without a project code, €100.75 in all"),
        "{by_project}"
    );
    assert!(
        by_project.contains("cost_centres = [\"2150\"]"),
        "{by_project}"
    );
    assert_eq!(
        by_project.matches("UNCODED_ROWS").count(),
        1,
        "{by_project}"
    );
    // Selected by cost centre, the uncoded rows are the project's own.
    let by_centre = project("[filter]\ncost_centres = [\"2150\"]");
    assert!(!by_centre.contains("UNCODED_ROWS"), "{by_centre}");
}
