//! Projects larger than one sheet: the Transactions rows continue on further
//! sheets, nothing is truncated, and the totals cover every sheet.

use std::fmt::Write as _;
use std::fs;

use calamine::Data;
use rust_decimal::Decimal;

use crate::harness::{Book, amount, dec, stderr, text, velho};
use crate::recalc::assert_formulas_recalculate;

const PROJECT: &str = r#"
[project]
name = "Iso"
code = "ISO"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Liitto"
rate_percent = 75
[filter]
cost_centres = ["100"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 500000
accounts = ["4000-4299"]
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 500000
accounts = ["4300-4499"]
"#;

/// 2 500 project rows (and 500 of another cost centre) with known totals.
fn ledger() -> (String, Decimal, Decimal) {
    let mut csv = String::from("Pvm;Tosite;Tili;Kp;Selite;Summa\n");
    let (mut staff, mut services) = (Decimal::ZERO, Decimal::ZERO);
    for i in 0..3000u32 {
        let cents = Decimal::new(10_000 + i64::from(i * 37 % 9_000), 2);
        let (account, cc) = (
            if i % 2 == 0 { 4000 } else { 4300 },
            if i % 6 == 5 { 200 } else { 100 },
        );
        if cc == 100 {
            if account == 4000 {
                staff += cents
            } else {
                services += cents
            }
        }
        let day = 1 + i % 28;
        let month = 1 + i % 12;
        writeln!(
            csv,
            "{day}.{month}.2021;V{i};{account};{cc};Rivi {i};{}",
            cents.to_string().replace('.', ",")
        )
        .unwrap();
    }
    (csv, staff, services)
}

#[test]
fn rows_continue_on_further_sheets_and_the_totals_cover_them_all() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    let (csv, staff, services) = ledger();
    fs::write(dir.path().join("ledger/ledger.csv"), csv).unwrap();
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            ".",
            "-o",
            "out.xlsx",
            "--rows-per-sheet",
            "1000",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("out.xlsx");
    let mut book = Book::open(&path);
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "By month",
            "Transactions",
            "Transactions 2",
            "Transactions 3",
            "Findings",
            "Sources"
        ]
    );
    let mut listed = 0;
    let mut total = Decimal::ZERO;
    for name in ["Transactions", "Transactions 2", "Transactions 3"] {
        let rows = book.sheet(name).rows();
        assert_eq!(text(&rows[0][0]), "File", "{name} has the header");
        listed += rows.len() - 1;
        total += rows[1..].iter().map(|r| amount(&r[11])).sum::<Decimal>();
    }
    assert_eq!(listed, 2500, "every project row, none truncated");
    assert_eq!(total, staff + services);
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), staff);
    assert_eq!(amount(&summary.row_labelled("Services")[2]), services);
    assert_eq!(amount(&summary.row_labelled("Read")[1]), dec("2500"));
    let note = summary.rows().into_iter().flatten().find_map(|c| match c {
        Data::String(s) if s.starts_with("The project has 2500 rows, continued") => Some(s),
        _ => None,
    });
    assert!(note.is_some(), "the Summary says the rows continue");
    assert_formulas_recalculate(&path);
}

const SECOND_PROJECT: &str = r#"
language = "en"
[project]
name = "Elinkeinopalvelut"
code = "ELINKEINO"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Kaupunki"
rate_percent = 50
[filter]
cost_centres = ["7310"]
[ledger]
files = ["../yritysvelho/ledger/kirjanpito_2021.csv", "../yritysvelho/ledger/kirjanpito_2020.csv"]
[[category]]
id = "all"
fi = "Kaikki kulut"
en = "All costs"
plan = 100000
accounts = ["4000-4999"]
"#;

#[test]
fn several_projects_share_one_ledger_and_get_one_workbook_each() {
    let dir = tempfile::tempdir().unwrap();
    let sample = crate::harness::sample();
    let projects = dir.path().join("projects");
    fs::create_dir_all(projects.join("elinkeino")).unwrap();
    // The ledger and the staff's payroll and working time.
    for folder in ["ledger", "palkat", "tunnit"] {
        fs::create_dir_all(projects.join("yritysvelho").join(folder)).unwrap();
        for entry in fs::read_dir(sample.join(folder)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(
                entry.path(),
                projects
                    .join("yritysvelho")
                    .join(folder)
                    .join(entry.file_name()),
            )
            .unwrap();
        }
    }
    let toml = fs::read_to_string(sample.join("velho.toml")).unwrap();
    fs::write(
        projects.join("yritysvelho/velho.toml"),
        toml.replace("[decisions]\nfolder = \"decisions\"", ""),
    )
    .unwrap();
    fs::write(projects.join("elinkeino/velho.toml"), SECOND_PROJECT).unwrap();
    let out = velho(
        dir.path(),
        &["reconcile", "projects", "-o", "out", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut yv = Book::open(&dir.path().join("out/YRITYSVELHO-reconciliation.xlsx"));
    let total = yv.sheet("Yhteenveto").row_labelled("Yhteensä");
    assert_eq!(
        amount(&total[2]),
        dec("437395.00"),
        "the same figures as a run of its own"
    );
    let mut el = Book::open(&dir.path().join("out/ELINKEINO-reconciliation.xlsx"));
    let sources = el.sheet("Sources");
    let rows = sources.rows();
    let header = rows.iter().position(|r| text(&r[0]) == "File").unwrap();
    let col = |name: &str| sources.column(header, name);
    for r in &rows[header + 1..header + 3] {
        assert_eq!(
            amount(&r[col("Rows read")]),
            amount(&r[col("Used")]) + amount(&r[col("Skipped in all")]),
            "read = used + skipped in {}",
            text(&r[0])
        );
        assert!(amount(&r[col("Other projects")]) > dec("0"));
    }
    assert_eq!(
        text(&rows[header + 1][0]),
        "../yritysvelho/ledger/kirjanpito_2021.csv",
        "in the project's own order"
    );
    let mut overview = Book::open(&dir.path().join("out/portfolio.xlsx"));
    let lines = overview.sheet("Portfolio").rows();
    let names: Vec<String> = lines[1..3].iter().map(|r| text(&r[1])).collect();
    assert_eq!(
        names,
        ["ELINKEINO", "YRITYSVELHO"],
        "one line per project, in folder order"
    );
    assert_eq!(amount(&lines[2][4]), dec("437395.00"));

    // Issue 17, case 5: the same project named twice is one project.
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            "projects/elinkeino",
            "projects/elinkeino/velho.toml",
            "projects/yritysvelho",
            "-o",
            "twice",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut overview = Book::open(&dir.path().join("twice/portfolio.xlsx"));
    let lines = overview.sheet("Portfolio").rows();
    let codes: Vec<String> = lines[1..]
        .iter()
        .map(|r| text(&r[1]))
        .filter(|c| c == "ELINKEINO" || c == "YRITYSVELHO")
        .collect();
    assert_eq!(codes, ["ELINKEINO", "YRITYSVELHO"], "each project once");
    // Two projects with one code: refused before anything is written.
    fs::write(
        projects.join("elinkeino/velho.toml"),
        SECOND_PROJECT.replace("code = \"ELINKEINO\"", "code = \"YRITYSVELHO\""),
    )
    .unwrap();
    let out = velho(
        dir.path(),
        &["reconcile", "projects", "-o", "same", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the same project code"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("same").exists(), "nothing written");
}

/// Issue 17, case 9: a run stopped with SIGTERM (or Ctrl-C) while it saves
/// leaves no temporary file beside the output, and a temporary file left by
/// a run killed outright (kill -9) is removed by the next run there.
#[cfg(unix)]
#[test]
fn a_stopped_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::create_dir_all(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    let mut csv = String::from("Pvm;Tosite;Tili;Kp;Selite;Summa\n");
    for i in 0..300_000u32 {
        writeln!(
            csv,
            "{}.{}.2021;V{i};{};100;Rivi {i} pitkä selite;{},{:02}",
            1 + i % 28,
            1 + i % 12,
            4000 + (i % 2) * 300,
            100 + i % 900,
            i % 100
        )
        .unwrap();
    }
    fs::write(dir.path().join("ledger/a.csv"), csv).unwrap();
    let temporaries = || -> Vec<String> {
        fs::read_dir(dir.path().join("out"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".velho-"))
            .collect()
    };
    // A leftover of a killed run, last changed before the next run starts.
    let stale = dir.path().join("out/.velho-killed.tmp");
    fs::write(&stale, "half a workbook").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_velho"))
        .args(["reconcile", ".", "-o", "out/r.xlsx", "--quiet"])
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    // Wait for the save to begin (its temporary file appears), then stop it.
    let started = std::time::Instant::now();
    let mut caught = false;
    while started.elapsed() < std::time::Duration::from_secs(120) {
        if temporaries().iter().any(|n| n != ".velho-killed.tmp") {
            caught = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(caught, "the save's temporary file never appeared");
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(!status.success(), "velho was stopped: {status:?}");
    assert!(!stale.exists(), "the killed run's leftover is removed");
    assert_eq!(
        temporaries(),
        Vec::<String>::new(),
        "no temporary file left"
    );
    assert!(!dir.path().join("out/r.xlsx").exists(), "no output either");
}

/// A whole organisation's ledger reaches years before a project starts: 12 000
/// of the project cost centre's rows dated 2020, 600 in the project's year.
/// They are one warning with their count and sum (not 12 000 findings), and
/// Transactions explains them in its Note column without a cell note each (a
/// cell note costs ~12 KiB in memory: 10 468 of them took velho to 160 MiB,
/// issue 18), so the run stays small.
#[test]
fn thousands_of_rows_outside_the_period_stay_one_finding_and_small() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    let mut csv = String::from("Pvm;Tosite;Tili;Kp;Selite;Summa\n");
    for i in 0..12_600u32 {
        let year = if i < 12_000 { 2020 } else { 2021 };
        writeln!(
            csv,
            "{}.{}.{year};V{i};4000;100;Palkka {i};1,00",
            1 + i % 28,
            1 + i % 12
        )
        .unwrap();
    }
    fs::write(dir.path().join("ledger/a.csv"), csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_velho"))
        .args(["reconcile", ".", "-o", "r.xlsx", "--quiet", "--lang", "en"])
        .env("VELHO_TIMINGS", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let peak_kib: u64 = err
        .lines()
        .filter(|l| l.starts_with("velho-timing stage=save"))
        .find_map(|l| l.split("peak_rss_kib=").nth(1))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no save timing in {err}"));
    // Measured 20 MiB (debug build); with a cell note and a finding per row
    // (the code before this test) 267 MiB.
    assert!(peak_kib < 80 * 1024, "peak {peak_kib} KiB");
    let mut book = Book::open(&dir.path().join("r.xlsx"));
    let findings = book.sheet("Findings");
    let outside: Vec<_> = findings
        .rows()
        .into_iter()
        .filter(|r| r.iter().any(|c| text(c) == "OUTSIDE_PERIOD"))
        .collect();
    assert_eq!(outside.len(), 1, "{outside:?}");
    let message: String = outside[0].iter().map(text).collect::<Vec<_>>().join(" | ");
    // 12 000 rows of 1,00 € dated 1.1.2020–28.12.2020.
    assert!(
        message.contains("12000 rows are dated before the project started")
            && message.contains("1.1.2020–28.12.2020: €12,000.00 left out"),
        "{message}"
    );
}
