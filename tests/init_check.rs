//! `velho init` and `velho check` (issue 14): a folder holding only the
//! ledger exports of two projects (a flat CSV and an XLSX, a private-sector
//! chart of accounts) becomes a starter project file whose every count and
//! sum is checked here by hand; `check` refuses it until the placeholders
//! are filled, then passes, and `reconcile` runs on it.

use std::fs;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::harness::{Book, amount, dec, stderr, text, velho};

/// A flat CSV export: no title, one header, no totals row.
const CSV: &str = "Pvm;Tosite;Tili;Tilin nimi;Kustannuspaikka;Projekti;Selite;Summa\n\
15.1.2024;1;5000;Palkat;210;HANKE1;Palkka tammikuu;3000,00\n\
15.2.2024;2;5000;Palkat;210;HANKE1;Palkka helmikuu;3000,00\n\
15.2.2024;3;6130;Eläkevakuutusmaksut;210;HANKE1;TyEL;510,30\n\
20.3.2024;4;4000;Ostot;220;HANKE2;Tarvikkeet;1200,50\n\
10.4.2024;5;7680;Matkakulut;210;HANKE1;Matka Helsinkiin;250,25\n\
12.4.2024;6;3000;Myynti;220;HANKE2;Seminaarimaksut;-400,00\n";

/// The XLSX export's rows: date (y, m, d), voucher, account, name, cost
/// centre, project, text, amount.
type XlsxRow = (
    (u16, u8, u8),
    u32,
    u32,
    &'static str,
    u32,
    &'static str,
    &'static str,
    f64,
);

const XLSX_ROWS: [XlsxRow; 4] = [
    (
        (2024, 5, 15),
        7,
        5000,
        "Palkat",
        210,
        "HANKE1",
        "Palkka toukokuu",
        3000.0,
    ),
    (
        (2024, 5, 20),
        8,
        4500,
        "Ulkopuoliset palvelut",
        210,
        "HANKE1",
        "Konsultti",
        1999.99,
    ),
    (
        (2024, 6, 3),
        9,
        4000,
        "Ostot",
        220,
        "HANKE2",
        "Tarvikkeet",
        99.5,
    ),
    (
        (2024, 6, 30),
        10,
        7680,
        "Matkakulut",
        220,
        "HANKE2",
        "Matka",
        45.1,
    ),
];

fn write_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("d.m.yyyy");
    let header = [
        "Pvm",
        "Tosite",
        "Tili",
        "Tilin nimi",
        "Kustannuspaikka",
        "Projekti",
        "Selite",
        "Summa",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string(0, col, name).unwrap();
    }
    for (row, r) in (1u32..).zip(XLSX_ROWS) {
        let ((y, m, d), voucher, account, name, centre, project, description, sum) = r;
        let day = ExcelDateTime::from_ymd(y, m, d).unwrap();
        sheet
            .write_datetime_with_format(row, 0, &day, &date)
            .unwrap();
        sheet.write_number(row, 1, voucher).unwrap();
        sheet.write_number(row, 2, account).unwrap();
        sheet.write_string(row, 3, name).unwrap();
        sheet.write_number(row, 4, centre).unwrap();
        sheet.write_string(row, 5, project).unwrap();
        sheet.write_string(row, 6, description).unwrap();
        sheet.write_number(row, 7, sum).unwrap();
    }
    book.save(path).unwrap();
}

/// A project folder with the two exports in `ledger/`.
fn exports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    fs::create_dir(&ledger).unwrap();
    fs::write(ledger.join("kirjanpito_2024_q1.csv"), CSV).unwrap();
    write_xlsx(&ledger.join("kirjanpito_2024_q2.xlsx"));
    dir
}

fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["init", "."];
    args.extend_from_slice(extra);
    velho(dir, &args)
}

#[test]
fn init_lists_both_projects_and_the_accounts_with_their_counts_and_sums() {
    let dir = exports();
    let out = init(dir.path(), &["--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = fs::read_to_string(dir.path().join("velho.toml")).unwrap();

    // HANKE1: 3000 + 3000 + 510.30 + 250.25 (CSV) + 3000 + 1999.99 (XLSX).
    assert!(
        file.contains("\"HANKE1\",   # 6 rows, 15.1.2024–20.5.2024, €11,760.54"),
        "{file}"
    );
    // HANKE2: 1200.50 − 400 (CSV) + 99.50 + 45.10 (XLSX).
    assert!(
        file.contains("\"HANKE2\",   # 4 rows, 20.3.2024–30.6.2024, €945.10"),
        "{file}"
    );
    // Project codes are the filter; cost centres are offered commented out.
    assert!(file.contains("\nprojects = [\n"), "{file}");
    assert!(
        file.contains("#   \"210\",   # 6 rows, 15.1.2024–20.5.2024, €11,760.54"),
        "{file}"
    );
    assert!(
        file.contains("#   \"220\",   # 4 rows, 20.3.2024–30.6.2024, €945.10"),
        "{file}"
    );
    // The period from the dates; the exports' folder.
    assert!(file.contains("start = 2024-01-15"), "{file}");
    assert!(file.contains("end = 2024-06-30"), "{file}");
    assert!(file.contains("folder = \"ledger\""), "{file}");

    // The private chart, guessed from the salary account in the 5000s.
    assert!(file.contains("private-sector chart of accounts"), "{file}");
    assert!(
        file.contains("a salary account is in 5000–6999: 5000 \"Palkat\""),
        "{file}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("guessed: a salary account is in 5000–6999"),
        "{err}"
    );

    // Accounts with name, rows and sum, under the suggested category.
    let personnel = section(&file, "id = \"personnel\"");
    assert!(
        personnel.contains("accounts = [\"5000-6799\"]   # suggested"),
        "{personnel}"
    );
    assert!(line_with(&personnel, "5000").contains("Palkat"));
    assert!(line_with(&personnel, "5000").contains("3 rows  €9,000.00"));
    assert!(line_with(&personnel, "6130").contains("1 row  €510.30"));
    let materials = section(&file, "id = \"materials\"");
    assert!(materials.contains("accounts = [\"4000-4499\"]   # suggested"));
    assert!(line_with(&materials, "4000").contains("2 rows  €1,300.00"));
    let services = section(&file, "id = \"services\"");
    assert!(line_with(&services, "4500").contains("Ulkopuoliset palvelut"));
    let other = section(&file, "id = \"other\"");
    assert!(line_with(&other, "7680").contains("2 rows  €295.35"));
    // Revenues are offered as revenue accounts, not as a cost category.
    assert!(
        file.contains("revenue_accounts = [\"3000-3999\"]"),
        "{file}"
    );
    assert!(line_with(&file, "#   3000").contains("-€400.00"));
    // Placeholders for what only the funding decision knows.
    for key in [
        "funder = \"FILL IN\"",
        "rate_percent = \"FILL IN\"",
        "max_grant = \"FILL IN\"",
    ] {
        assert!(file.contains(key), "{key} in {file}");
    }
    assert_eq!(file.matches("plan = \"FILL IN\"").count(), 4, "{file}");
    // Commented examples of the rest.
    for example in [
        "# [[period]]",
        "# [decisions]",
        "# [[stated]]",
        "flat_rate = {",
        "covers_all_other",
    ] {
        assert!(file.contains(example), "{example} in {file}");
    }
}

/// The part of the file from a line holding `start` to the next table.
fn section(file: &str, start: &str) -> String {
    let from = file
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {file}"));
    let rest = &file[from..];
    let to = rest.find("\n[").unwrap_or(rest.len());
    rest[..to].to_string()
}

/// The comment line that lists an account.
fn line_with(text: &str, account: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("#   ") && l.contains(account) && !l.contains('"'))
        .unwrap_or_else(|| panic!("no line for {account} in {text}"))
        .to_string()
}

#[test]
fn the_chart_option_changes_the_suggestions_and_the_comments_follow_the_language() {
    let dir = exports();
    let out = init(dir.path(), &["--chart", "municipal", "--lang", "fi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = fs::read_to_string(dir.path().join("velho.toml")).unwrap();
    assert!(file.contains("language = \"fi\""));
    assert!(file.contains("kuntien tilikartta (JHS 192)"), "{file}");
    assert!(file.contains("valittu: --chart"), "{file}");
    // In the municipal chart 4000 is salaries.
    let personnel = section(&file, "id = \"personnel\"");
    assert!(
        personnel.contains("accounts = [\"4000-4299\"]   # ehdotus"),
        "{personnel}"
    );
    assert!(line_with(&personnel, "4000").contains("Ostot"));
    assert_eq!(file.matches("plan = \"TÄYTÄ\"").count(), 2, "{file}");
    // 5000–9999 is no operating cost there: listed, not suggested.
    assert!(!file.contains("\"5000-"), "{file}");
    assert!(line_with(&file, "#   5000").contains("Palkat"));
}

#[test]
fn init_never_replaces_a_project_file() {
    let dir = exports();
    let path = dir.path().join("velho.toml");
    fs::write(&path, "# my own project file\n").unwrap();
    let out = init(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("velho.toml"), "{err}");
    assert!(err.contains("never replaces"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# my own project file\n"
    );

    let empty = tempfile::tempdir().unwrap();
    let out = init(empty.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no ledger export"),
        "{}",
        stderr(&out)
    );
    assert!(!empty.path().join("velho.toml").exists());
}

/// The starter file with the placeholders filled in and HANKE2 deleted,
/// as the user would.
fn fill_in(file: &str) -> String {
    file.lines()
        .filter(|l| !l.contains("\"HANKE2\""))
        .map(|line| {
            if line.starts_with("funder = ") {
                "funder = \"Liitto\"".to_string()
            } else if line.starts_with("rate_percent = ") {
                "rate_percent = 70".to_string()
            } else if line.starts_with("max_grant = ") {
                "max_grant = \"10 000,00\"".to_string()
            } else if line.starts_with("plan = ") {
                "plan = \"4 000,00\"".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_refuses_the_placeholders_then_passes_and_reconcile_runs() {
    let dir = exports();
    let out = init(dir.path(), &["--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("velho.toml");

    let out = velho(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for key in [
        "funding.funder",
        "funding.rate_percent",
        "funding.max_grant",
        "category[1] (id \"materials\").plan",
        "category[4] (id \"other\").plan",
    ] {
        assert!(err.contains(key), "{key} in {err}");
    }
    assert!(err.contains("7 values are still to fill in"), "{err}");

    let filled = fill_in(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &filled).unwrap();
    let before = fs::read_dir(dir.path()).unwrap().count();
    let out = velho(dir.path(), &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}{stdout}", stderr(&out));
    assert!(
        stdout.contains("velho.toml: velho reconcile would write the workbook; errors: 0,"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        before,
        "check writes nothing"
    );

    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    // HANKE1's costs only, every account mapped by the suggestions.
    let realised = summary.row_labelled("Realised costs");
    assert_eq!(
        amount(&realised[2]),
        dec("11760.54"),
        "{}",
        text(&realised[0])
    );
}

/// A copy of the bundled sample with its project file edited.
fn sample_with(from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&crate::harness::sample(), dir.path());
    let path = dir.path().join("velho.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

#[test]
fn check_lists_the_findings_most_severe_first_and_strict_stops_on_errors() {
    let dir = sample_with(
        "cost_centres = [\"7311\"]",
        "cost_centres = [\"7311\", \"7399\"]",
    );
    let path = dir.path().join("velho.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("amount = \"437 395,00\"", "amount = \"437 000,00\""),
    )
    .unwrap();

    let out = velho(dir.path(), &["check", ".", "--lang", "en"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout.contains("; errors: 1, warnings: 5, notes:"),
        "{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1].starts_with("  1. Error STATED_FIGURE:"),
        "{stdout}"
    );
    let unused = lines
        .iter()
        .find(|l| l.contains("FILTER_MATCHES_NOTHING"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(unused.contains("`filter.cost_centres`: \"7399\" matches no ledger row"));
    assert!(!stdout.contains("\"7311\" matches"), "{stdout}");
    let first_note = lines.iter().position(|l| l.contains(". Note ")).unwrap();
    let last_warning = lines
        .iter()
        .rposition(|l| l.contains(". Warning "))
        .unwrap();
    assert!(last_warning < first_note, "{stdout}");

    let out = velho(dir.path(), &["check", ".", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let fi = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        fi.contains("velho reconcile kirjoittaisi työkirjan"),
        "{fi}"
    );
    let written: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        written.len(),
        4,
        "velho.toml, README.md, ledger, decisions: nothing written"
    );
}

#[test]
fn check_stops_on_a_bad_key_or_an_unreadable_input() {
    let dir = sample_with("max_grant = ", "max_grnt = 1\nmax_grant = ");
    let out = velho(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        // The sample's project file is Finnish: so is the message.
        stderr(&out).contains("tuntematon avain `max_grnt` (kirjoitusvirhe?)"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    let dir = sample_with("[ledger]", "[ledger]");
    let broken = dir.path().join("ledger/kirjanpito_2022.xlsx");
    fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let out = velho(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kirjanpito_2022.xlsx"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_folder_without_a_project_file_points_to_init() {
    let dir = exports();
    let out = velho(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("velho.toml: no project file here; velho init writes"),
        "{err}"
    );
}

#[test]
fn decisions_found_give_the_payment_periods_and_the_decisions_folder() {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&crate::harness::sample(), dir.path());
    fs::remove_file(dir.path().join("velho.toml")).unwrap();
    let out = init(dir.path(), &["--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Payment decisions: 5 (5 payment periods written)"),
        "{err}"
    );
    assert!(!err.contains("Not read"), "{err}");
    let file = fs::read_to_string(dir.path().join("velho.toml")).unwrap();
    let periods = [
        ("1", "2020-09-01", "2020-12-31"),
        ("2", "2021-01-01", "2021-06-30"),
        ("3", "2021-07-01", "2021-12-31"),
        ("4", "2022-01-01", "2022-06-30"),
        ("5", "2022-07-01", "2022-12-31"),
    ];
    for (name, start, end) in periods {
        let table = format!("[[period]]\nname = \"{name}\"\nstart = {start}\nend = {end}\n");
        assert!(file.contains(&table), "{table} in {file}");
    }
    assert!(
        file.contains("\n[decisions]\nfolder = \"decisions\"\n"),
        "{file}"
    );
    assert!(file.contains("\nfolder = \"ledger\"\n"), "{file}");
}

/// Issue 14 (trial): a `[decisions]` folder that does not exist is said
/// plainly, with what to do, in the project file's language; a missing
/// ledger folder too.
#[test]
fn a_missing_input_folder_says_to_create_it_in_the_project_language() {
    let dir = sample_with("[ledger]", "[ledger]");
    fs::remove_dir_all(dir.path().join("decisions")).unwrap();
    let out = velho(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`decisions.folder`: kansiota ./decisions ei ole olemassa. Luo kansio ja tallenna rahoittajan maksatuspäätökset"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("tai poista [decisions]-osio"));
    assert!(!stderr(&out).contains("os error"), "{}", stderr(&out));

    let dir = sample_with("language = \"fi\"", "language = \"en\"");
    fs::remove_dir_all(dir.path().join("decisions")).unwrap();
    let out = velho(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`decisions.folder`: the folder ./decisions does not exist. Create it and put the funder's payment decisions"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("or remove the [decisions] section"));

    fs::rename(dir.path().join("ledger"), dir.path().join("moved")).unwrap();
    let out = velho(dir.path(), &["check", "."]);
    assert!(
        stderr(&out).contains("`ledger.folder`: the folder ./ledger does not exist. Create it and put the ledger exports"),
        "{}",
        stderr(&out)
    );
}
