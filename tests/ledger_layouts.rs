//! Ledgers as accounting systems print them (issue 12): account-grouped
//! general-ledger reports (pääkirja) whose heading rows give the account to
//! the entries below them and whose subtotal rows are per-account control
//! totals. Every export here is written by hand in the test, its sums
//! worked out by hand in the comments.

use std::fs;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use velho::config::RowFilter;
use velho::import::{ImportOptions, LedgerFile, read_ledger_bytes};

use crate::harness::{Book, amount, dec, stderr, velho};

/// An account-grouped report as Procountor or Netvisor print it: a title
/// block, then per account a heading row, its entries, a subtotal row and an
/// empty row, and a grand total at the end. There is no account column.
///
/// Row  4: the header.
/// Rows 5–9, account 4010: 3 000,00 + 3 100,50 + 999,00 (project P2) = 7 099,50; the subtotal agrees.
/// Rows 11–14, account 4300: 1 250,00 − 250,00 = 1 000,00; the subtotal agrees.
/// Rows 16–19, account 4420: 84,20 + 120,00 = 204,20, but the subtotal says 200,00.
/// Row 21, the grand total: 7 099,50 + 1 000,00 + 204,20 = 8 303,70; agrees.
const GROUPED: &str = "\
Pääkirja 1.1.2021–31.12.2021;;;;
Kunta;;;;
;;;;
Päivämäärä;Tosite;Selite;Projekti;Summa
4010 Kuukausipalkat;;;;
15.1.2021;101;Palkka tammikuu;P1;3 000,00
15.2.2021;102;Palkka helmikuu;P1;3 100,50
15.2.2021;103;Muu hanke;P2;999,00
Tili 4010 yhteensä;;;;7 099,50
;;;;
4300 Ostopalvelut;;;;
3.3.2021;110;Konsultti;P1;1 250,00
20.3.2021;111;Hyvitys;P1;-250,00
Tili 4300 yhteensä;;;;1 000,00
;;;;
4420 Matkustuspalvelut;;;;
5.4.2021;120;Juna;P1;84,20
6.4.2021;121;Hotelli;P1;120,00
Tili 4420 yhteensä;;;;200,00
;;;;
Yhteensä;;;;8 303,70
";

/// The same ledger written flat, one posting a row with its account.
const FLAT: &str = "\
Päivämäärä;Tosite;Tili;Tilin nimi;Selite;Projekti;Summa
15.1.2021;101;4010;Kuukausipalkat;Palkka tammikuu;P1;3 000,00
15.2.2021;102;4010;Kuukausipalkat;Palkka helmikuu;P1;3 100,50
15.2.2021;103;4010;Kuukausipalkat;Muu hanke;P2;999,00
3.3.2021;110;4300;Ostopalvelut;Konsultti;P1;1 250,00
20.3.2021;111;4300;Ostopalvelut;Hyvitys;P1;-250,00
5.4.2021;120;4420;Matkustuspalvelut;Juna;P1;84,20
6.4.2021;121;4420;Matkustuspalvelut;Hotelli;P1;120,00
";

/// Reads an export through the public import API, with no project filter.
pub fn read(bytes: &[u8], name: &str, extension: &str) -> LedgerFile {
    read_ledger_bytes(
        bytes.to_vec(),
        name,
        extension,
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each row as (date, voucher, account, account name, description, project, amount).
fn postings(file: &LedgerFile) -> Vec<[String; 7]> {
    file.rows
        .iter()
        .map(|r| {
            [
                r.date.to_string(),
                r.voucher.to_string(),
                r.account.to_string(),
                r.account_name.to_string(),
                r.description.to_string(),
                r.project.to_string(),
                r.amount().normalize().to_string(),
            ]
        })
        .collect()
}

/// The sum of each account's rows, in account order.
pub fn per_account(file: &LedgerFile) -> Vec<(String, Decimal)> {
    let mut sums = std::collections::BTreeMap::new();
    for r in &file.rows {
        *sums.entry(r.account.to_string()).or_insert(Decimal::ZERO) += r.amount();
    }
    sums.into_iter().collect()
}

/// The hand-worked sums of [`GROUPED`] and [`FLAT`], per account.
fn expected_sums() -> Vec<(String, Decimal)> {
    vec![
        ("4010".into(), dec("7099.50")),
        ("4300".into(), dec("1000.00")),
        ("4420".into(), dec("204.20")),
    ]
}

#[test]
fn an_account_grouped_report_reads_as_the_same_ledger_written_flat() {
    let grouped = read(GROUPED.as_bytes(), "grouped.csv", "csv");
    let flat = read(FLAT.as_bytes(), "flat.csv", "csv");
    assert_eq!(postings(&grouped), postings(&flat));
    assert_eq!(per_account(&grouped), expected_sums());
    assert_eq!(grouped.all_rows_total, dec("8303.70"));
    // 14 rows below the header that are not empty: 7 entries, 3 headings,
    // 3 subtotals and the grand total; the 3 empty spacer rows are not rows.
    assert_eq!(grouped.rows_read, 14);
    assert_eq!(grouped.rows.len(), 7);
    assert_eq!(grouped.header_rows, 3);
    assert_eq!(grouped.totals_rows, 4);
    assert_eq!(
        grouped.rows_read,
        grouped.rows.len() as u64 + grouped.header_rows + grouped.totals_rows + grouped.other_rows
    );
    let skipped: Vec<(u32, &str)> = grouped
        .details
        .skipped
        .iter()
        .map(|s| (s.row, velho::text::Lang::En.text(s.reason)))
        .collect();
    let heading = "an account heading (gives the account to the rows below)";
    let subtotal = "an account's subtotal (used as its control total)";
    assert_eq!(
        skipped,
        [
            (5, heading),
            (9, subtotal),
            (11, heading),
            (14, subtotal),
            (16, heading),
            (19, subtotal),
            (21, "a totals row (used as a control total)"),
        ]
    );
    let totals: Vec<(u32, Option<&str>, Decimal, Decimal)> = grouped
        .control_totals
        .iter()
        .map(|t| (t.row, t.account.as_deref(), t.stated, t.computed))
        .collect();
    assert_eq!(
        totals,
        [
            (9, Some("4010"), dec("7099.50"), dec("7099.50")),
            (14, Some("4300"), dec("1000.00"), dec("1000.00")),
            (19, Some("4420"), dec("200.00"), dec("204.20")),
            (21, None, dec("8303.70"), dec("8303.70")),
        ]
    );
    assert_eq!(
        grouped.layout(),
        "account-grouped report, 3 accounts, the subtotal of account 4420 disagrees"
    );
    assert_eq!(flat.layout(), "flat (one posting a row)");
}

#[test]
fn inspect_names_the_layout_and_each_subtotal() {
    let dir = tempfile::tempdir().unwrap();
    let agreeing = GROUPED.replace(";200,00", ";204,20");
    fs::write(dir.path().join("grouped.csv"), GROUPED).unwrap();
    fs::write(dir.path().join("agreeing.csv"), agreeing).unwrap();
    let out = velho(dir.path(), &["inspect", "grouped.csv", "agreeing.csv"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    for line in [
        "layout:         account-grouped report, 3 accounts, the subtotal of account 4420 disagrees",
        "layout:         account-grouped report, 3 accounts, subtotals agree",
        "control total:  row 19 (account 4420): the file says €200.00, its rows add up to €204.20: DISAGREES by -€4.20",
        "control total:  row 21: the file says €8,303.70, its rows add up to €8,303.70: agrees",
        "rows:           14 read below the header: 7 ledger rows, 4 totals rows, 3 account headings and repeated headers",
    ] {
        assert!(said.contains(line), "no {line:?} in\n{said}");
    }
}

/// A project whose two categories take accounts 4000–4299 and 4300–4499,
/// and whose rows are project P1's.
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
max_grant = 100000
own_share_by = "Kunta"
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 7000
accounts = ["4000-4299"]
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 2000
accounts = ["4300-4499"]
"#;

#[test]
fn a_subtotal_that_disagrees_is_an_error_finding_naming_the_account() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    fs::write(dir.path().join("ledger/grouped.csv"), GROUPED).unwrap();
    let out = velho(
        dir.path(),
        &["reconcile", ".", "-o", "out.xlsx", "--strict"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("ledger/grouped.csv, row 19: the file's subtotal of account 4420 is €200.00 but the account's rows add up to €204.20"),
        "{said}"
    );
    assert!(said.contains("Findings: 1 error, "), "{said}");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    // Staff, project P1 only: 3 000,00 + 3 100,50 = 6 100,50 (the P2 row is another project's).
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("6100.50"));
    // Services: 1 250,00 − 250,00 + 84,20 + 120,00 = 1 204,20.
    assert_eq!(amount(&summary.row_labelled("Services")[2]), dec("1204.20"));
}

/// Writes [`GROUPED`] as a spreadsheet saves it: dates as date cells,
/// amounts as numbers, the heading in the first column. `account_column`
/// adds a Tili column that repeats each entry's account number (as
/// Visma and Fennoa print it), and the subtotal labels open with the number.
fn grouped_xlsx(path: &Path, account_column: bool) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("d.m.yyyy");
    let shift = u16::from(account_column);
    let header = ["Päivämäärä", "Tosite", "Selite", "Projekti", "Summa"];
    sheet.write_string(0, 0, "Pääkirja 2021").unwrap();
    for (c, name) in header.iter().enumerate() {
        let c = if c == 0 { 0 } else { c as u16 + shift };
        sheet.write_string(2, c, *name).unwrap();
    }
    if account_column {
        sheet.write_string(2, 1, "Tili").unwrap();
    }
    type Entry = (u8, u8, &'static str, &'static str, &'static str, f64);
    let accounts: [(u32, &str, &[Entry], f64); 3] = [
        (
            4010,
            "Kuukausipalkat",
            &[
                (1, 15, "101", "Palkka tammikuu", "P1", 3000.00),
                (2, 15, "102", "Palkka helmikuu", "P1", 3100.50),
                (2, 15, "103", "Muu hanke", "P2", 999.00),
            ],
            7099.50,
        ),
        (
            4300,
            "Ostopalvelut",
            &[
                (3, 3, "110", "Konsultti", "P1", 1250.00),
                (3, 20, "111", "Hyvitys", "P1", -250.00),
            ],
            1000.00,
        ),
        (
            4420,
            "Matkustuspalvelut",
            &[
                (4, 5, "120", "Juna", "P1", 84.20),
                (4, 6, "121", "Hotelli", "P1", 120.00),
            ],
            200.00,
        ),
    ];
    let amount_column = 4 + shift;
    let mut row = 3;
    for (number, name, entries, subtotal) in accounts {
        sheet
            .write_string(row, 0, format!("{number} {name}"))
            .unwrap();
        row += 1;
        for &(month, day, voucher, text, project, sum) in entries {
            let when = ExcelDateTime::from_ymd(2021, month, day).unwrap();
            sheet
                .write_datetime_with_format(row, 0, when, &date)
                .unwrap();
            if account_column {
                sheet.write_number(row, 1, number).unwrap();
            }
            sheet.write_string(row, 1 + shift, voucher).unwrap();
            sheet.write_string(row, 2 + shift, text).unwrap();
            sheet.write_string(row, 3 + shift, project).unwrap();
            sheet.write_number(row, amount_column, sum).unwrap();
            row += 1;
        }
        let label = if account_column {
            format!("{number} {name} yhteensä")
        } else {
            format!("Tili {number} yhteensä")
        };
        sheet.write_string(row, 0, label).unwrap();
        sheet.write_number(row, amount_column, subtotal).unwrap();
        row += 2;
    }
    sheet.write_string(row, 0, "Kaikki yhteensä").unwrap();
    sheet.write_number(row, amount_column, 8303.70).unwrap();
    book.save(path).unwrap();
}

#[test]
fn an_account_grouped_workbook_reads_as_the_same_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let flat = read(FLAT.as_bytes(), "flat.csv", "csv");
    for account_column in [false, true] {
        let path = dir.path().join("grouped.xlsx");
        grouped_xlsx(&path, account_column);
        let file = read(&fs::read(&path).unwrap(), "grouped.xlsx", "xlsx");
        assert_eq!(postings(&file), postings(&flat), "{account_column}");
        assert_eq!(per_account(&file), expected_sums());
        // 7 entries, 3 headings, 3 subtotals, 1 grand total.
        assert_eq!(
            (file.rows_read, file.header_rows, file.totals_rows),
            (14, 3, 4)
        );
        assert_eq!(
            file.layout(),
            "account-grouped report, 3 accounts, the subtotal of account 4420 disagrees"
        );
        let last = file.control_totals.last().unwrap();
        assert_eq!(
            (last.account.as_deref(), last.stated),
            (None, dec("8303.70"))
        );
        assert_eq!(last.computed, dec("8303.70"));
    }
}

/// Writes a workbook of `sheets` (name, rows) as a spreadsheet saves it:
/// `d.m.yyyy` texts become date cells, `1234,56` texts numbers, the rest text.
pub fn workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("d.m.yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let parts: Vec<&str> = text.split('.').collect();
                if let [d, m, y] = parts[..]
                    && let (Ok(d), Ok(m), Ok(y)) = (d.parse(), m.parse(), y.parse())
                {
                    let when = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet.write_datetime_with_format(r, c, when, &date).unwrap();
                } else if let Ok(n) = text.replace(',', ".").parse::<f64>() {
                    sheet.write_number(r, c, n).unwrap();
                } else if !text.is_empty() {
                    sheet.write_string(r, c, *text).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// A summary sheet as people put before the ledger: a date and a sum, no
/// account. (It states the [`FLAT`] ledger's total, 8 303,70.)
const SUMMARY: &[&[&str]] = &[
    &["Yhteenveto 2021", ""],
    &["Päivämäärä", "Summa"],
    &["31.12.2021", "8303,70"],
];

/// [`FLAT`] as a sheet.
fn flat_sheet() -> Vec<Vec<&'static str>> {
    FLAT.lines().map(|l| l.split(';').collect()).collect()
}

#[test]
fn a_summary_sheet_before_the_ledger_is_passed_over_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let flat_rows = flat_sheet();
    let ledger: Vec<&[&str]> = flat_rows.iter().map(Vec::as_slice).collect();
    let path = dir.path().join("kirjanpito.xlsx");
    workbook(&path, &[("Yhteenveto", SUMMARY), ("Pääkirja", &ledger)]);
    let file = read(&fs::read(&path).unwrap(), "kirjanpito.xlsx", "xlsx");
    let flat = read(FLAT.as_bytes(), "flat.csv", "csv");
    assert_eq!(file.sheet.as_deref(), Some("Pääkirja"));
    assert_eq!(postings(&file), postings(&flat));
    // 3 000,00 + 3 100,50 + 999,00 + 1 250,00 − 250,00 + 84,20 + 120,00 = 8 303,70.
    assert_eq!(file.all_rows_total, dec("8303.70"));
    assert_eq!(
        file.format,
        "XLSX, sheet \"Pääkirja\" (not read: Yhteenveto: a date and an amount column but no account column, so no ledger)"
    );
    assert_eq!(file.details.skipped_sheets.len(), 1);
    let reason = file.details.skipped_sheets[0].reason.to_string();
    assert!(
        reason.starts_with("a date and an amount column but no account column, so no ledger: kirjanpito.xlsx, sheet \"Yhteenveto\", row 3: a date column \"Päivämäärä\" and an amount column \"Summa\" were found, but no account column"),
        "{reason}"
    );

    // The same through the binary: inspect names the sheet passed over, and
    // a reconciliation selecting project P1 (the summary has no project
    // column at all) reads the ledger sheet.
    let out = velho(dir.path(), &["inspect", "kirjanpito.xlsx"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(said.contains("  sheet:          Pääkirja\n"), "{said}");
    assert!(
        said.contains("  passed over:    sheet \"Yhteenveto\": a date and an amount column but no account column, so no ledger: kirjanpito.xlsx, sheet \"Yhteenveto\", row 3: "),
        "{said}"
    );
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    fs::rename(&path, dir.path().join("ledger/kirjanpito.xlsx")).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    // Staff, project P1: 3 000,00 + 3 100,50 = 6 100,50.
    assert_eq!(amount(&summary.row_labelled("Staff")[2]), dec("6100.50"));
    // Services: 1 250,00 − 250,00 + 84,20 + 120,00 = 1 204,20.
    assert_eq!(amount(&summary.row_labelled("Services")[2]), dec("1204.20"));
}

#[test]
fn a_workbook_with_only_a_summary_sheet_still_gets_the_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yhteenveto.xlsx");
    workbook(&path, &[("Yhteenveto", SUMMARY)]);
    let err = read_ledger_bytes(
        fs::read(&path).unwrap(),
        "yhteenveto.xlsx",
        "xlsx",
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    )
    .err()
    .unwrap()
    .to_string();
    assert_eq!(
        err,
        "yhteenveto.xlsx, sheet \"Yhteenveto\", row 3: a date column \"Päivämäärä\" and an amount column \"Summa\" were found, but no account column (such as Tili, Tilinumero or Account) and no account heading row (such as \"4010 Kuukausipalkat\") above this row, so the row's account is not known: this looks like a bank statement or a cost list, not a ledger export; export the general ledger (pääkirja) or the project's cost-centre report instead"
    );
    // Two such sheets and no ledger: the first one's error.
    workbook(&path, &[("Yhteenveto", SUMMARY), ("Tiliote", SUMMARY)]);
    let out = velho(dir.path(), &["inspect", "yhteenveto.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("yhteenveto.xlsx, sheet \"Yhteenveto\", row 3: a date column"),
        "{}",
        stderr(&out)
    );
}

/// A workbook of one sheet with no ledger header: the error names the
/// sheet, as the user opening the file sees it; with two sheets it names
/// the file (both were tried).
#[test]
fn no_header_in_a_one_sheet_workbook_names_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |name: &str, sheets: &[(&str, &[&[&str]])]| {
        let path = dir.path().join(name);
        workbook(&path, sheets);
        read_ledger_bytes(
            std::fs::read(&path).unwrap(),
            name,
            "xlsx",
            0,
            &RowFilter::default(),
            &ImportOptions::default(),
        )
        .unwrap_err()
    };
    let rows: &[&[&str]] = &[&["Nimi", "Osoite"], &["Matti", "Katu 1"]];
    let one = refused("muistio.xlsx", &[("Muistio", rows)]).describe(velho::text::Lang::Fi);
    assert!(
        one.starts_with("muistio.xlsx, välilehti \"Muistio\": otsikkoriviä ei löytynyt"),
        "{one}"
    );
    let two = refused("kaksi.xlsx", &[("A", rows), ("B", rows)]).to_string();
    assert!(two.starts_with("kaksi.xlsx: "), "{two}");
}
