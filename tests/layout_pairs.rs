//! Issue 12's done-when, a test per pair: each layout velho reads imports
//! to the same rows and the same per-account totals as the same ledger
//! written flat. The flat ledger is the corpus's
//! `dialect_utf8_semicolon_debit_credit.csv` (six postings); each corpus
//! file below writes those postings in another layout or system's style.
//! The journal layouts, whose vouchers add a balancing posting, are paired
//! with a flat ledger of their own in `journal_layouts.rs`
//! (`a_journal_reads_as_the_same_ledger_written_flat`,
//! `a_ledger_whose_date_opens_the_text_reads_as_the_same_ledger`); the
//! grouped report built in `ledger_layouts.rs` has its CSV and XLSX pairs there too.

use rust_decimal::Decimal;
use velho::config::RowFilter;
use velho::import::{ImportOptions, LedgerFile, read_ledger};

use crate::harness::dec;
use crate::import_corpus::corpus;
use crate::ledger_layouts::per_account;

/// The flat ledger all the layouts below are compared with.
const FLAT: &str = "dialect_utf8_semicolon_debit_credit.csv";

/// Reads a corpus file through the public import API, with no project filter.
fn read(file: &str) -> LedgerFile {
    read_ledger(
        &corpus().join(file),
        file,
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Each row as (date, voucher, account, account name, cost centre,
/// project, description, amount), sorted: a grouped report lists them by
/// account, the flat file by date.
fn postings(file: &LedgerFile) -> Vec<[String; 8]> {
    let mut rows: Vec<[String; 8]> = file
        .rows
        .iter()
        .map(|r| {
            [
                r.date.to_string(),
                r.voucher.to_string(),
                r.account.to_string(),
                r.account_name.to_string(),
                r.cost_centre.to_string(),
                r.project.to_string(),
                r.description.to_string(),
                r.amount().normalize().to_string(),
            ]
        })
        .collect();
    rows.sort();
    rows
}

/// The flat ledger's sums per account, worked out by hand from its rows:
/// 4000: 3 500,00 + 999,99 = 4 499,99; 4300: 1 234,56 − 250,00 = 984,56;
/// 4400: 89,90; 4910: 12 345,67 (all: 17 920,12).
fn hand_sums() -> Vec<(String, Decimal)> {
    vec![
        ("4000".into(), dec("4499.99")),
        ("4300".into(), dec("984.56")),
        ("4400".into(), dec("89.90")),
        ("4910".into(), dec("12345.67")),
    ]
}

/// `file` imports to the flat ledger's rows and per-account totals, and
/// reads as `layout`.
fn same_as_flat(file: &str, layout: &str) {
    let flat = read(FLAT);
    assert_eq!(per_account(&flat), hand_sums(), "{FLAT}");
    assert_eq!(flat.layout(), "flat (one posting a row)");
    let other = read(file);
    assert_eq!(postings(&other), postings(&flat), "{file}");
    assert_eq!(per_account(&other), hand_sums(), "{file}");
    assert_eq!(other.layout(), layout, "{file}");
}

/// The grouped reports' subtotals, each its account's control total.
fn subtotals(file: &str) -> Vec<(Option<String>, Decimal, Decimal)> {
    read(file)
        .control_totals
        .iter()
        .map(|t| (t.account.clone(), t.stated, t.computed))
        .collect()
}

/// What the grouped reports state: a subtotal per account (each the hand
/// sum) and the grand total 17 920,12.
fn stated_subtotals() -> Vec<(Option<String>, Decimal, Decimal)> {
    let mut totals: Vec<_> = hand_sums()
        .into_iter()
        .map(|(account, sum)| (Some(account), sum, sum))
        .collect();
    totals.push((None, dec("17920.12"), dec("17920.12")));
    totals
}

const GROUPED: &str = "account-grouped report, 4 accounts, subtotals agree";

#[test]
fn a_grouped_csv_report_is_the_flat_ledger() {
    same_as_flat("grouped_procountor.csv", GROUPED);
    assert_eq!(subtotals("grouped_procountor.csv"), stated_subtotals());
}

#[test]
fn a_grouped_xlsx_report_is_the_flat_ledger() {
    same_as_flat("grouped_rust_xlsxwriter.xlsx", GROUPED);
    assert_eq!(
        subtotals("grouped_rust_xlsxwriter.xlsx"),
        stated_subtotals()
    );
}

#[test]
fn a_grouped_xls_report_is_the_flat_ledger() {
    same_as_flat("grouped_xlwt.xls", GROUPED);
    assert_eq!(subtotals("grouped_xlwt.xls"), stated_subtotals());
}

#[test]
fn a_grouped_ods_report_is_the_flat_ledger() {
    same_as_flat("grouped_hand.ods", GROUPED);
    assert_eq!(subtotals("grouped_hand.ods"), stated_subtotals());
}

#[test]
fn a_sap_line_item_export_is_the_flat_ledger() {
    // FBL3N: `.` thousands, `,` decimals, a trailing minus on the credit.
    same_as_flat(
        "dialect_sap_fbl3n_trailing_minus.csv",
        "flat (one posting a row)",
    );
}

#[test]
fn a_dynamics_365_export_is_the_flat_ledger() {
    // General Ledger Entries saved as CSV: US dates, `,` thousands.
    same_as_flat(
        "dialect_dynamics365_us_dates.csv",
        "flat (one posting a row)",
    );
}
