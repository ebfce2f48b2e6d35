//! The ledger's person column as the payroll (issue 13, `[staff] payroll
//! = { ledger = true }`): where the ledger has a person dimension (a column
//! *Henkilö / Työntekijä / Employee*), the project's rows on the staff
//! category's accounts that name a person are the staff-cost model's pay
//! lines, each of the month of its posting date and of the pay type its
//! account tells ([`pay_type_of_account`]).
//!
//! The persons are read from the file's side table
//! ([`LedgerFile::persons`]), never from the rows, which carry none. A row
//! an earlier ledger file holds too (an export read twice) is one pay line,
//! as the reconciliation counts it once: the caller finds the repeats among
//! the rows [`named_rows`] gives (`crate::reconcile::repeated_rows`). Each
//! file's staff rows are accounted for on Sources: rows read = used +
//! skipped (no person, repeated, outside the project, after the as-of date,
//! an unknown person).

use rustc_hash::FxHashMap;

use crate::config::Staff;
use crate::error::Location;
use crate::import::LedgerFile;
use crate::import::payroll::{StaffFile, StaffFileKind, classify_pay_type};
use crate::model::staff::{Month, PayLine, PayType};
use crate::model::{AccountRange, Code, LedgerRow, SourceRef};

/// The project's rows of one ledger file on the staff category's accounts.
#[derive(Debug, Default)]
pub struct StaffRows<'a> {
    /// The rows that name a person, with the person, in file order.
    pub named: Vec<(&'a LedgerRow, &'a Code)>,
    /// How many name no one (or the file has no person column).
    pub unnamed: u64,
}

impl<'a> StaffRows<'a> {
    /// The rows that name a person, for finding the repeats among them.
    pub fn rows(&self) -> Vec<&'a LedgerRow> {
        self.named.iter().map(|(row, _)| *row).collect()
    }
}

/// The rows of `file` on `accounts` (the staff category's), split into
/// those that name a person and those that do not.
pub fn named_rows<'a>(file: &'a LedgerFile, accounts: &[AccountRange]) -> StaffRows<'a> {
    let persons: FxHashMap<u32, &Code> = file
        .persons
        .iter()
        .flatten()
        .map(|(row, person)| (*row, person))
        .collect();
    let mut out = StaffRows::default();
    for row in &file.rows {
        if !accounts.iter().any(|a| a.contains(&row.account)) {
            continue;
        }
        match persons.get(&row.source.row) {
            Some(person) => out.named.push((row, person)),
            None => out.unnamed += 1,
        }
    }
    out
}

/// What a ledger row on a staff account is as pay: by the project file's
/// account lists (`holiday_bonus_accounts`, `holiday_pay_accounts`,
/// `side_cost_accounts`), else by the account's name read as a pay type's
/// name (*Lomarahat*, *TyEL-maksut*: [`classify_pay_type`]), else salary.
pub fn pay_type_of_account(account: &str, account_name: &str, staff: &Staff) -> PayType {
    let on = |list: &[AccountRange]| list.iter().any(|a| a.contains(account));
    if on(&staff.holiday_bonus_accounts) {
        PayType::HolidayBonus
    } else if on(&staff.holiday_pay_accounts) {
        PayType::HolidayPay
    } else if on(&staff.side_cost_accounts) {
        PayType::SideCosts
    } else {
        classify_pay_type(account_name).unwrap_or(PayType::Salary)
    }
}

/// The pay lines of one ledger file's staff rows, and the file as a staff
/// source for Sources (its rows read are the staff rows; the run sorts the
/// lines, [`StaffFile::sort_lines`]). `repeats` holds, for each named row,
/// the earlier file's row it repeats (empty: none repeats).
pub fn pay_lines(
    file: &LedgerFile,
    rows: &StaffRows,
    repeats: &[Option<SourceRef>],
    staff: &Staff,
) -> (Vec<PayLine>, StaffFile) {
    let mut location = Location::file(file.path.as_str());
    location.sheet = file.sheet.clone();
    let mut lines = Vec::with_capacity(rows.named.len());
    let mut repeated = 0;
    for (i, (row, person)) in rows.named.iter().enumerate() {
        if repeats.get(i).is_some_and(Option::is_some) {
            repeated += 1;
            continue;
        }
        lines.push(PayLine {
            person: person.to_string(),
            month: Month::of(row.date),
            pay_type: pay_type_of_account(&row.account, &row.account_name, staff),
            amount: row.amount(),
            source: location.at_row(row.source.row.into()),
        });
    }
    let source = StaffFile {
        kind: StaffFileKind::Ledger,
        path: file.path.clone(),
        sha256: file.sha256.clone(),
        size: 0,
        format: person_column(&file.columns),
        header_row: file.header_row,
        rows_read: rows.named.len() as u64 + rows.unnamed,
        used: 0,
        totals_rows: 0,
        ignored_rows: 0,
        outside_project: 0,
        after_as_of: 0,
        unknown_person: 0,
        no_person: rows.unnamed,
        repeated,
        other_unit: 0,
    };
    (lines, source)
}

/// The person column's header as the file's columns describe it
/// (`person="Työntekijä"` → `"Työntekijä"`), or nothing.
fn person_column(columns: &str) -> String {
    columns
        .split_once("person=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or_else(String::new, |(name, _)| format!("\"{name}\""))
}

#[cfg(test)]
mod tests;
