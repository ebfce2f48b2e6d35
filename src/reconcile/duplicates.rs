//! Repeated exports: the same row (voucher, date, account, cost centre,
//! project, amount and description) read again from a later file is a
//! duplicate of the earlier one and counted once. Identical rows within one
//! file are kept: two equal costs on one day exist.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::import::LedgerFile;
use crate::model::{LedgerRow, SourceRef};

type Key<'a> = (
    NaiveDate,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Decimal,
    &'a str,
);

fn key(row: &LedgerRow) -> Key<'_> {
    (
        row.date,
        &row.voucher,
        &row.account,
        &row.cost_centre,
        &row.project,
        row.amount,
        &row.description,
    )
}

#[derive(Default)]
struct Seen {
    /// Rows kept so far with this key, in reading order.
    kept: Vec<SourceRef>,
    /// The file that last had this key, and how many were kept before it.
    file: Option<usize>,
    kept_before_file: usize,
    in_file: usize,
}

/// For each file, for each of its rows: `Some(original)` when the row repeats
/// a row of an earlier file. A file with n copies of a row after earlier files
/// had m keeps max(n − m, 0) of them.
pub fn find(files: &[LedgerFile]) -> Vec<Vec<Option<SourceRef>>> {
    let mut seen: HashMap<Key, Seen> = HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for (f, file) in files.iter().enumerate() {
        let mut repeats = Vec::with_capacity(file.rows.len());
        for row in &file.rows {
            let s = seen.entry(key(row)).or_default();
            if s.file != Some(f) {
                s.file = Some(f);
                s.kept_before_file = s.kept.len();
                s.in_file = 0;
            }
            s.in_file += 1;
            if s.in_file <= s.kept_before_file {
                repeats.push(Some(s.kept[s.in_file - 1]));
            } else {
                s.kept.push(row.source);
                repeats.push(None);
            }
        }
        out.push(repeats);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(index: u32, amounts: &[&str]) -> LedgerFile {
        let rows = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| LedgerRow {
                source: SourceRef {
                    file: index,
                    row: i as u32 + 2,
                },
                date: NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
                voucher: "V1".into(),
                account: "4000".into(),
                account_name: String::new(),
                cost_centre: "7311".into(),
                project: String::new(),
                description: "x".into(),
                supplier: String::new(),
                amount: a.parse().unwrap(),
            })
            .collect();
        LedgerFile {
            path: String::new(),
            sha256: String::new(),
            format: String::new(),
            sheet: None,
            header_row: 1,
            columns: String::new(),
            rows_read: 0,
            totals_rows: 0,
            header_rows: 0,
            other_rows: 0,
            all_rows_total: Decimal::ZERO,
            control_totals: vec![],
            rounded: vec![],
            rows,
            details: Default::default(),
        }
    }

    #[test]
    fn identical_rows_in_one_file_are_kept() {
        let found = find(&[file(0, &["45", "45", "10"])]);
        assert_eq!(found, vec![vec![None, None, None]]);
    }

    #[test]
    fn a_later_file_repeating_rows_keeps_only_what_is_new() {
        let found = find(&[
            file(0, &["45", "45", "10"]),
            file(1, &["45", "45", "45", "99"]),
        ]);
        let a = |row| Some(SourceRef { file: 0, row });
        assert_eq!(found[1], vec![a(2), a(3), None, None]);
    }
}
