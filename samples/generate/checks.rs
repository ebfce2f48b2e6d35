//! Checks of the written ledger against the README (the figures, the planted
//! anomalies, the Q4 re-export), and the summary printed with `report`.

use std::fs;
use std::path::Path;

use rust_decimal::Decimal;

use super::Result;
use super::csv_text::grouped;
use super::exports::{Q4, Y2021, sum};
use super::figures::{FIGURES, category, eur};
use super::ledger::Row;

/// An export and its rows.
pub type Export<'a> = (&'static str, &'a [Row]);

/// The project's rows of the exports, each counted once: the Q4 re-export is
/// left out, as velho must leave it out.
pub fn project_once<'a>(exports: &[Export<'a>]) -> Vec<&'a Row> {
    exports
        .iter()
        .filter(|(name, _)| *name != Q4)
        .flat_map(|(_, rows)| rows.iter().filter(|r| r.in_project()))
        .collect()
}

/// Panics unless the project's rows give the figures and the planted
/// anomalies are exactly those of the README.
pub fn check(exports: &[Export]) {
    let project = project_once(exports);
    for (category, cents) in FIGURES {
        let total: Decimal = project
            .iter()
            .filter(|r| r.in_period() && self::category(r.account) == Some(category))
            .map(|r| r.amount)
            .sum();
        assert_eq!(total, eur(cents), "{category:?}: realised");
    }
    let notes: Vec<&str> = project.iter().filter_map(|r| planted(r)).collect();
    let expected = [
        "starts with =",
        "contains ; and quotes",
        "unmapped account",
        "credit note",
        "after the project end",
    ];
    assert_eq!(notes, expected, "the planted rows, in date order");
    let amount = |note| {
        project
            .iter()
            .find(|r| planted(r) == Some(note))
            .map(|r| r.amount)
    };
    assert_eq!(amount("unmapped account"), Some(eur(150_000)));
    assert_eq!(amount("credit note"), Some(eur(-124_000)));
    assert_eq!(amount("after the project end"), Some(eur(248_000)));
    assert_eq!(
        identical_pairs(&project).len(),
        1,
        "one pair of identical rows"
    );
}

/// Panics unless the data lines of the Q4 re-export are, byte for byte, a run
/// of lines of the 2021 export.
pub fn check_reexport(dir: &Path) -> Result<()> {
    let year = fs::read(dir.join(Y2021))?;
    let q4 = fs::read(dir.join(Q4))?;
    let year: Vec<&[u8]> = year.split(|&b| b == b'\n').collect();
    let q4: Vec<&[u8]> = q4.split(|&b| b == b'\n').collect();
    // Four title lines, the header, the data, the totals row, "" after the last CRLF.
    let data = &q4[5..q4.len() - 2];
    let repeated = year.windows(data.len()).any(|w| w == data);
    assert!(repeated, "the Q4 data lines are not in the 2021 export");
    Ok(())
}

/// Rows equal to the row before them (same voucher, date, account, amount,
/// description and all).
fn identical_pairs<'a>(rows: &[&'a Row]) -> Vec<&'a Row> {
    rows.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

/// What is planted in a project row, if anything.
pub fn planted(row: &Row) -> Option<&'static str> {
    if category(row.account).is_none() {
        Some("unmapped account")
    } else if !row.in_period() {
        Some("after the project end")
    } else if row.amount.is_sign_negative() {
        Some("credit note")
    } else if row.description.starts_with('=') {
        Some("starts with =")
    } else if row.description.contains(';') {
        Some("contains ; and quotes")
    } else {
        None
    }
}

pub fn print_summary(exports: &[Export]) {
    println!(
        "{:<26} {:>5} {:>5} {:>14}",
        "file", "rows", "7311", "7311 sum"
    );
    for (name, rows) in exports {
        let project: Vec<Row> = rows.iter().filter(|r| r.in_project()).cloned().collect();
        let (total, count) = (grouped(sum(&project)), project.len());
        println!("{name:<26} {:>5} {count:>5} {total:>14}", rows.len());
    }
    println!("\ncost centre 7311, 1.9.2020-31.12.2022, counted once:");
    let project = project_once(exports);
    for (category, cents) in FIGURES {
        let mapped = |r: &&&Row| r.in_period() && self::category(r.account) == Some(category);
        let count = project.iter().filter(mapped).count();
        println!(
            "{:<10} {count:>4} rows {:>14}",
            format!("{category:?}"),
            grouped(eur(cents))
        );
    }
    println!();
    let pairs = identical_pairs(&project);
    let planted = project.iter().filter_map(|r| Some((planted(r)?, *r)));
    for (note, row) in planted.chain(pairs.iter().map(|r| ("identical pair (× 2)", *r))) {
        let date = row.date.format("%-d.%-m.%Y");
        let amount = grouped(row.amount);
        println!(
            "{note:<22} {} {date:<10} {} {amount:>9}",
            row.voucher, row.account
        );
    }
}
