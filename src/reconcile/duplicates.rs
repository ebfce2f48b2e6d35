//! Repeated exports: the same row (voucher, date, account, cost centre,
//! project, amount and description) read again from a later file is a
//! duplicate of the earlier one and counted once. Identical rows within one
//! file are kept: two equal costs on one day exist.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

use crate::import::LedgerFile;
use crate::model::{BuildFastHasher, LedgerRow, SourceRef};

/// The fields that make two rows the same posting.
fn same(a: &LedgerRow, b: &LedgerRow) -> bool {
    a.date == b.date
        && a.amount() == b.amount()
        && a.voucher == b.voucher
        && a.account == b.account
        && a.cost_centre == b.cost_centre
        && a.project == b.project
        && a.description == b.description
}

/// A hash of those fields: rows with equal fields have equal hashes; rows
/// with equal hashes are compared field by field ([`same`]).
fn hash(build: &BuildFastHasher, row: &LedgerRow) -> u64 {
    let mut h = build.build_hasher();
    row.date.hash(&mut h);
    row.amount().hash(&mut h);
    row.voucher.hash(&mut h);
    row.account.hash(&mut h);
    row.cost_centre.hash(&mut h);
    row.project.hash(&mut h);
    row.description.hash(&mut h);
    h.finish()
}

struct Seen {
    /// The first row with this key: (file, row index), for comparing.
    first: (u32, u32),
    /// The next key with the same hash (an index into the keys), or `u32::MAX`.
    next: u32,
    /// Rows kept so far with this key, in reading order.
    kept: Vec<SourceRef>,
    /// The file that last had this key, and how many were kept before it.
    file: usize,
    kept_before_file: usize,
    in_file: usize,
}

const NONE: u32 = u32::MAX;

/// For each file, for each of its rows: `Some(original)` when the row repeats
/// a row of an earlier file. The first file repeats nothing: its list is
/// empty (a million `None`s would be 12 MB for nothing). A file with n copies of a row after earlier files
/// had m keeps max(n − m, 0) of them.
///
/// Keys are hashes of the fields (FxHash, from rustc-hash: a key of seven
/// strings hashed with SipHash was most of the reconcile stage), compared
/// field by field when hashes meet. One file cannot repeat an earlier one,
/// so a single file costs nothing; the last file's new keys are not stored.
pub fn find(files: &[LedgerFile]) -> Vec<Vec<Option<SourceRef>>> {
    let lists: Vec<&[LedgerRow]> = files.iter().map(|f| f.rows.as_slice()).collect();
    find_in(&lists)
}

/// [`find`] over lists of rows, one a file: a file's rows or some of them
/// (the staff rows that name a person, [`crate::staff::ledger`]).
pub fn find_in<R: Borrow<LedgerRow>>(files: &[&[R]]) -> Vec<Vec<Option<SourceRef>>> {
    let mut out: Vec<Vec<Option<SourceRef>>> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if i == 0 {
                Vec::new()
            } else {
                vec![None; f.len()]
            }
        })
        .collect();
    if files.len() < 2 {
        return out;
    }
    let build = BuildFastHasher::default();
    let mut by_hash: HashMap<u64, u32, BuildFastHasher> = HashMap::default();
    let mut keys: Vec<Seen> = Vec::new();
    let last = files.len() - 1;
    for (f, file) in files.iter().enumerate() {
        let repeats = &mut out[f];
        for (i, row) in file.iter().map(Borrow::borrow).enumerate() {
            let h = hash(&build, row);
            let head = by_hash.get(&h).copied().unwrap_or(NONE);
            let mut at = head;
            while at != NONE {
                let (ff, ri) = keys[at as usize].first;
                if same(files[ff as usize][ri as usize].borrow(), row) {
                    break;
                }
                at = keys[at as usize].next;
            }
            if at == NONE {
                if f == last {
                    continue;
                }
                at = keys.len() as u32;
                keys.push(Seen {
                    first: (f as u32, i as u32),
                    next: head,
                    kept: Vec::new(),
                    file: usize::MAX,
                    kept_before_file: 0,
                    in_file: 0,
                });
                by_hash.insert(h, at);
            }
            let s = &mut keys[at as usize];
            if s.file != f {
                s.file = f;
                s.kept_before_file = s.kept.len();
                s.in_file = 0;
            }
            s.in_file += 1;
            if s.in_file <= s.kept_before_file {
                // (Never in the first file: nothing was kept before it.)
                if let Some(repeat) = repeats.get_mut(i) {
                    *repeat = Some(s.kept[s.in_file - 1]);
                }
            } else {
                s.kept.push(row.source);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

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
                account_name: Default::default(),
                cost_centre: "7311".into(),
                project: Default::default(),
                description: "x".into(),
                supplier: Default::default(),
                cents: crate::model::Cents::of(a.parse().unwrap()).unwrap(),
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
            vat_removed: Vec::new(),
            persons: None,
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
        assert_eq!(found, vec![vec![]], "the first file repeats nothing");
    }

    #[test]
    fn a_later_file_repeating_rows_keeps_only_what_is_new() {
        let found = find(&[
            file(0, &["45", "45", "10"]),
            file(1, &["45", "45", "45", "99"]),
        ]);
        let a = |row| Some(SourceRef { file: 0, row });
        assert_eq!(found[0], vec![]);
        assert_eq!(found[1], vec![a(2), a(3), None, None]);
    }
}
