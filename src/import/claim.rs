//! Earlier claims, read back from the data sheet velho writes into every
//! claim workbook, so a new claim knows what was claimed before and
//! `reconcile` can show claimed against approved and paid.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::workbook;
use crate::error::{Error, Location, Result};
use crate::model::ClaimRecord;
use crate::model::RowKey;
use crate::text::Message;

/// The name of the hidden sheet holding a claim's data.
pub const DATA_SHEET: &str = "velho-data";

/// The first cell of the data sheet, naming its format.
pub const DATA_MARK: &str = "velho claim 1";

/// Reads every claim workbook in `folder` (none when the folder does not exist).
pub fn read_claims(folder: &Path, shown: impl Fn(&Path) -> String) -> Result<Vec<ClaimRecord>> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        })
        .collect();
    paths.sort();
    let mut claims: Vec<ClaimRecord> = Vec::new();
    for path in paths {
        let Some(claim) = read_claim(&path, &shown(&path))? else {
            continue;
        };
        // One claim per period: a copy of it is counted once; two
        // different claims for one period stop the run, since velho cannot
        // know which was filed.
        match claims
            .iter_mut()
            .find(|c| (c.start, c.end) == (claim.start, claim.end))
        {
            Some(first) if first.same_claim(&claim) => first.copies.push(claim.path),
            Some(first) => {
                return Err(Error::input(
                    Location::file(&claim.path),
                    Message::new("import.claim.conflicting")
                        .with("other", &first.path)
                        .with("start", crate::dates::finnish(claim.start))
                        .with("end", crate::dates::finnish(claim.end)),
                ));
            }
            None => claims.push(claim),
        }
    }
    Ok(claims)
}

/// Reads one claim workbook; `None` when it is not a velho claim.
pub fn read_claim(path: &Path, shown_as: &str) -> Result<Option<ClaimRecord>> {
    let location = Location::file(shown_as);
    super::regular_file(path, &location)?;
    read_claim_in(workbook::WorkbookInput::File(path), shown_as)
}

/// [`read_claim`] on a file's bytes (the fuzz target reads this way).
pub fn read_claim_bytes(bytes: &[u8], shown_as: &str) -> Result<Option<ClaimRecord>> {
    read_claim_in(workbook::WorkbookInput::Bytes(bytes), shown_as)
}

/// Reads a claim from its file or bytes, opened as every workbook is
/// ([`workbook::open_workbook`]).
fn read_claim_in(input: workbook::WorkbookInput, shown_as: &str) -> Result<Option<ClaimRecord>> {
    let location = Location::file(shown_as);
    // A file the reader refuses is not a claim; one it died on is an error.
    let mut workbook = match workbook::open_workbook(input) {
        Ok(workbook) => workbook,
        Err(super::guard::Unopened::Refused(_)) => return Ok(None),
        Err(failed) => return Err(failed.into_error(location)),
    };
    if !workbook.sheets().iter().any(|(n, _)| n == DATA_SHEET) {
        return Ok(None);
    }
    // Streamed and bounded, as a decision is: a hostile workbook in the
    // claims folder allocates nothing for the span it claims.
    let rows: Vec<Vec<String>> = workbook
        .small_sheet_rows(DATA_SHEET)
        .map_err(|e| Error::input(location.clone(), e))?
        .into_iter()
        .map(|(_, cells)| cells.iter().map(|c| c.text().into_owned()).collect())
        .collect();
    if rows.first().and_then(|r| r.first()).map(String::as_str) != Some(DATA_MARK) {
        return Ok(None);
    }
    let mut location = location;
    location.sheet = Some(DATA_SHEET.into());
    parse(&rows, &location).map(|mut c| {
        c.path = shown_as.to_string();
        Some(c)
    })
}

fn parse(rows: &[Vec<String>], location: &Location) -> Result<ClaimRecord> {
    // `what` is the catalogue key of what was expected.
    let bad = |i: usize, what: &'static str| {
        Error::input(
            location.at_row(i as u64 + 1),
            Message::new("import.claim.damaged").with_message("what", Message::new(what)),
        )
    };
    let cell = |i: usize, j: usize| {
        rows.get(i)
            .and_then(|r| r.get(j))
            .map(String::as_str)
            .unwrap_or("")
    };
    let amount = |i: usize, j: usize| {
        cell(i, j)
            .parse::<Decimal>()
            .map_err(|_| bad(i, "import.claim.expected.amount"))
    };
    let date = |i: usize, j: usize| {
        cell(i, j)
            .parse::<NaiveDate>()
            .map_err(|_| bad(i, "import.claim.expected.date"))
    };
    let mut record = ClaimRecord {
        period: cell(1, 1).to_string(),
        start: date(1, 2)?,
        end: date(1, 3)?,
        by_category: Vec::new(),
        revenues: amount(2, 1)?,
        funder_share: amount(3, 1)?,
        rows: Vec::new(),
        path: String::new(),
        copies: Vec::new(),
    };
    let mut i = 4;
    while cell(i, 0) == "category" {
        record
            .by_category
            .push((cell(i, 1).to_string(), amount(i, 2)?));
        i += 1;
    }
    while cell(i, 0) == "row" {
        record.rows.push(RowKey {
            date: date(i, 1)?,
            voucher: cell(i, 2).into(),
            account: cell(i, 3).into(),
            cost_centre: cell(i, 4).into(),
            project: cell(i, 5).into(),
            amount: amount(i, 6)?,
            description: cell(i, 7).into(),
        });
        i += 1;
    }
    if i < rows.len() && !cell(i, 0).is_empty() {
        return Err(bad(i, "import.claim.expected.line"));
    }
    Ok(record)
}

/// The data sheet's lines for a claim (all text, so amounts stay exact).
pub fn data_lines(record: &ClaimRecord) -> Vec<Vec<String>> {
    let mut lines = vec![
        vec![DATA_MARK.to_string(), env!("CARGO_PKG_VERSION").to_string()],
        vec![
            "period".into(),
            record.period.clone(),
            record.start.to_string(),
            record.end.to_string(),
        ],
        vec!["revenues".into(), record.revenues.to_string()],
        vec!["funder_share".into(), record.funder_share.to_string()],
    ];
    lines.extend(
        record
            .by_category
            .iter()
            .map(|(id, a)| vec!["category".into(), id.clone(), a.to_string()]),
    );
    lines.extend(record.rows.iter().map(|k| {
        vec![
            "row".into(),
            k.date.to_string(),
            k.voucher.clone(),
            k.account.clone(),
            k.cost_centre.clone(),
            k.project.clone(),
            k.amount.to_string(),
            k.description.clone(),
        ]
    }));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_lines_read_back() {
        let record = ClaimRecord {
            period: "2".into(),
            start: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
            by_category: vec![("personnel".into(), "100.10".parse().unwrap())],
            revenues: Decimal::ZERO,
            funder_share: "90.09".parse().unwrap(),
            rows: vec![RowKey {
                date: NaiveDate::from_ymd_opt(2021, 2, 1).unwrap(),
                voucher: "V1".into(),
                account: "4000".into(),
                cost_centre: "7311".into(),
                project: String::new(),
                amount: "100.10".parse().unwrap(),
                description: "=palkka".into(),
            }],
            path: String::new(),
            copies: Vec::new(),
        };
        let back = parse(&data_lines(&record), &Location::file("c.xlsx")).unwrap();
        assert_eq!(back, record);
    }
}
