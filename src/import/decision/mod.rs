//! The funder's payment decisions (maksatuspäätös), read tolerantly: labels
//! and tables are found by their Finnish or English names wherever they stand
//! on the sheet.
//!
//! A decision has key–value cells (a label, and its value in the next
//! non-empty cell to the right: decision number and date, payment period,
//! funding rate, paid now, paid earlier, paid in total, the project's
//! revenues, the decision it replaces and an advance netted against the
//! payment), a category table (category, applied, approved, deducted,
//! reason, ending in an optional total row) and optionally a table of
//! deducted items (voucher, date, amount, reason).
//!
//! A row of the category table named as revenues (*Tulot / Revenues*) is no
//! cost line: its amount (approved, else applied) is the decision's revenue,
//! and it may stand before or just after the total row. A *Nettokustannukset
//! / Net costs* row there is skipped. Revenues and an advance written
//! negative are read as positive amounts; when both a key–value cell and the
//! table state the revenues, they must agree. Labels match whole cells
//! (after [`normalise_header`]), and a category cell of the table is never
//! read as a label.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::messages::eur;
use super::rows::Cell;
use super::{normalise_header, sha256_hex, workbook};
use crate::dates;
use crate::error::{Error, Location, Result};
use crate::money;
use crate::text::Message;

pub use crate::model::{Decision, DecisionLine, DeductedItem};

mod grid;
mod labels;
mod tables;

use grid::Grid;
use labels::{Col, Key, labels};
use tables::{category_table, item_table};

/// Reads one decision file.
pub fn read_decision(path: &Path, shown_as: &str) -> Result<Decision> {
    let location = Location::file(shown_as);
    let metadata = super::regular_file(path, &location)?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4), &mut head))
        .map_err(|e| Error::io(path, e))?;
    is_a_workbook(&head, &location)?;
    let workbook = workbook::open_workbook(workbook::WorkbookInput::File(path))
        .map_err(|e| e.into_error(location.clone()))?;
    let sha256 = super::sha256_of_file(path, metadata.len()).map_err(|e| Error::io(path, e))?;
    read_decision_in(workbook, &sha256, shown_as)
}

/// [`read_decision`] on a file's bytes (the fuzz target reads this way).
pub fn read_decision_bytes(bytes: &[u8], shown_as: &str) -> Result<Decision> {
    let location = Location::file(shown_as);
    is_a_workbook(bytes, &location)?;
    let workbook = workbook::open_workbook(workbook::WorkbookInput::Bytes(bytes))
        .map_err(|e| e.into_error(location))?;
    read_decision_in(workbook, &sha256_hex(bytes), shown_as)
}

/// A decision is a workbook: a zip-based or an OLE file (`head`, its first bytes).
fn is_a_workbook(head: &[u8], location: &Location) -> Result<()> {
    if !(head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])) {
        return Err(Error::input(
            location.clone(),
            Message::new("import.decision.not_a_workbook"),
        ));
    }
    Ok(())
}

/// Reads a decision from its opened workbook, whose file's hash is `sha256`.
fn read_decision_in(
    mut workbook: workbook::Book,
    sha256: &str,
    shown_as: &str,
) -> Result<Decision> {
    let location = Location::file(shown_as);
    let names: Vec<String> = workbook
        .sheets()
        .into_iter()
        .filter_map(|(name, visible)| visible.then_some(name))
        .collect();
    for name in names {
        // Streamed and bounded: a hostile sheet's claimed span allocates nothing.
        let sheet = workbook
            .small_sheet(&name)
            .map_err(|e| Error::input(location.clone(), e))?;
        let mut sheet_location = location.clone();
        sheet_location.sheet = Some(name.clone());
        let grid = Grid {
            rows: sheet.rows,
            formulas: sheet.formulas,
            location: sheet_location,
        };
        if let Some(decision) = read_grid(&grid, shown_as, sha256, &name)? {
            return Ok(decision);
        }
    }
    Err(Error::input(
        location,
        Message::new("import.decision.no_category_table"),
    ))
}

fn read_grid(grid: &Grid, path: &str, sha256: &str, sheet: &str) -> Result<Option<Decision>> {
    let has = |h: &[(Col, usize)], c: Col| h.iter().any(|(col, _)| *col == c);
    let Some(table_row) = (0..grid.rows.len()).find(|&r| {
        let h = grid.header(r);
        has(&h, Col::Category) && has(&h, Col::Applied) && has(&h, Col::Approved)
    }) else {
        return Ok(None);
    };
    let table = category_table(grid, table_row)?;
    let items = match (0..grid.rows.len()).find(|&r| {
        let h = grid.header(r);
        has(&h, Col::Voucher) && has(&h, Col::Amount)
    }) {
        Some(r) => item_table(grid, r)?,
        None => Vec::new(),
    };
    // A category cell of the table is no label: a "Tulot" row there is the
    // table's revenue row, not a key–value cell.
    let is_category_cell =
        |r: usize, c: usize| c == table.category_column && table.body.contains(&r);
    let value = |key: Key| find_key(grid, key, &is_category_cell);
    let Some((pr, pc)) = value(Key::Period) else {
        return Err(Error::input(
            grid.location.clone(),
            Message::new("import.decision.no_period"),
        ));
    };
    let period = parse_period(&grid.text(pr, pc)).map_err(|m| Error::input(grid.at(pr, pc), m))?;
    let Some((nr, nc)) = value(Key::PaidNow) else {
        return Err(Error::input(
            grid.location.clone(),
            Message::new("import.decision.no_payment"),
        ));
    };
    let optional_money = |key: Key, what: &'static str| -> Result<Option<Decimal>> {
        value(key)
            .map(|(r, c)| grid.required_money(r, c, what))
            .transpose()
    };
    let rate_percent = match value(Key::Rate) {
        Some((r, c)) => {
            Some(parse_rate(grid.cell(r, c)).map_err(|m| Error::input(grid.at(r, c), m))?)
        }
        None => None,
    };
    let stated_revenue = match value(Key::Revenue) {
        Some((r, c)) => Some(Found {
            amount: grid.required_money(r, c, REVENUES)?.abs(),
            row: r,
            column: c,
        }),
        None => None,
    };
    let revenue = match (stated_revenue, table.revenue) {
        (Some(stated), Some(row)) => Some(same_revenue(
            grid,
            stated,
            row,
            "import.decision.revenues_differ_stated",
        )?),
        (stated, row) => stated.or(row),
    };
    Ok(Some(Decision {
        path: path.to_string(),
        sha256: sha256.to_string(),
        sheet: sheet.to_string(),
        number: value(Key::Number)
            .map(|(r, c)| grid.text(r, c))
            .unwrap_or_default(),
        date: value(Key::Date)
            .map(|(r, c)| grid.date(r, c))
            .transpose()?
            .flatten(),
        period,
        rate_percent,
        paid_now: grid.required_money(nr, nc, "import.decision.expected.paid_now")?,
        paid_earlier: optional_money(Key::PaidEarlier, "import.decision.expected.paid_earlier")?,
        paid_total: optional_money(Key::PaidTotal, "import.decision.expected.paid_total")?,
        lines: table.lines,
        total: table.total,
        total_not_recalculated: table.total_not_recalculated,
        items,
        revenue: revenue.map(|f| f.amount),
        replaces: value(Key::Replaces)
            .map(|(r, c)| grid.text(r, c).trim().to_string())
            .filter(|t| !t.is_empty()),
        advance_netted: optional_money(Key::AdvanceNetted, "import.decision.expected.advance")?
            .map(|a| a.abs()),
    }))
}

/// What a message expects of a revenue cell (a catalogue key).
const REVENUES: &str = "import.decision.expected.revenues";

/// An amount and the cell it was read from (grid row, column).
#[derive(Debug, Clone, Copy)]
struct Found {
    amount: Decimal,
    row: usize,
    column: usize,
}

/// The revenues stated twice must be one figure: `earlier` is kept; a
/// different `later` stops the run at its cell, with the message `differ`
/// (which says where the earlier figure was stated).
fn same_revenue(grid: &Grid, earlier: Found, later: Found, differ: &'static str) -> Result<Found> {
    if earlier.amount == later.amount {
        return Ok(earlier);
    }
    Err(Error::input(
        grid.at(later.row, later.column),
        Message::new(differ)
            .with_message("later", eur(later.amount))
            .with_message("cell", grid.cell_name(earlier.row, earlier.column))
            .with_message("earlier", eur(earlier.amount)),
    ))
}

/// The value cell of a key: the first non-empty cell right of its label.
/// Cells for which `not_a_label` holds are passed over.
fn find_key(
    grid: &Grid,
    key: Key,
    not_a_label: &dyn Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let labels = labels(key);
    for r in 0..grid.rows.len() {
        for c in 0..grid.rows[r].1.len() {
            if not_a_label(r, c) {
                continue;
            }
            let text = normalise_header(&grid.text(r, c));
            if !text.is_empty()
                && labels.contains(&text.as_str())
                && let Some(v) =
                    (c + 1..grid.rows[r].1.len()).find(|&v| !grid.text(r, v).trim().is_empty())
            {
                return Some((r, v));
            }
        }
    }
    None
}

/// `1.9.2020–31.12.2020`, `1.9.2020 - 31.12.2020` or `2020-09-01 – 2020-12-31`.
pub fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), Message> {
    let t = text.trim();
    for separator in ["–", "—", " - ", "-"] {
        let mut parts = t.split(separator);
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(start), Ok(end)) = (dates::parse_date(a), dates::parse_date(b)) {
            return if start <= end {
                Ok((start, end))
            } else {
                Err(Message::new("import.decision.period_backwards").with("text", text))
            };
        }
    }
    Err(Message::new("import.decision.not_a_period").with("text", text))
}

/// `0,9` or `90` or `90 %` → 90.
fn parse_rate(cell: &Cell) -> Result<Decimal, Message> {
    let value = match cell {
        Cell::Number(n) => money::from_spreadsheet_number(*n)
            .ok_or_else(|| Message::new("import.decision.number_not_rate").with("number", n))?,
        other => {
            let text = other.text();
            money::parse_amount(text.trim().trim_end_matches('%').trim(), None)
                .map_err(|_| Message::new("import.decision.not_a_rate").with("text", &text))?
        }
    };
    let percent = if value <= Decimal::ONE {
        value * Decimal::ONE_HUNDRED
    } else {
        value
    };
    if percent > Decimal::ONE_HUNDRED || percent.is_sign_negative() {
        return Err(Message::new("import.decision.rate_out_of_range").with("percent", percent));
    }
    Ok(percent.normalize())
}

#[cfg(test)]
mod tests {
    use super::labels::{COLUMNS, KEYS, NET_COSTS_ROW, TOTAL_ROW};
    use super::*;

    #[test]
    fn periods_in_the_usual_forms() {
        let want = (
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
        );
        for text in [
            "1.1.2021–30.6.2021",
            "1.1.2021 - 30.6.2021",
            "2021-01-01 – 2021-06-30",
            "2021-01-01 - 2021-06-30",
        ] {
            assert_eq!(parse_period(text), Ok(want), "{text}");
        }
        assert!(parse_period("kevät 2021").is_err());
        assert!(
            parse_period("30.6.2021–1.1.2021")
                .unwrap_err()
                .to_string()
                .contains("ends before")
        );
    }

    /// Each label normalised, and one meaning where it is matched: key
    /// labels and the table's row names (total, net costs) are compared to
    /// the same cells, column names to header cells (where *Summa* is the
    /// amount column, not the total row).
    #[test]
    fn labels_are_normalised_and_each_means_one_thing() {
        let keys: Vec<&str> = KEYS.iter().flat_map(|(_, l)| l.iter().copied()).collect();
        let columns: Vec<&str> = COLUMNS
            .iter()
            .flat_map(|(_, l)| l.iter().copied())
            .collect();
        let mut cells = keys.clone();
        cells.extend(TOTAL_ROW);
        cells.extend(NET_COSTS_ROW);
        for label in cells.iter().chain(&columns) {
            assert_eq!(normalise_header(label), *label, "{label} is not normalised");
        }
        for set in [&cells, &columns] {
            for label in set {
                let n = set.iter().filter(|l| *l == label).count();
                assert_eq!(n, 1, "{label} has two meanings");
            }
        }
        for label in &keys {
            assert!(!columns.contains(label), "{label} is a column name too");
        }
    }

    #[test]
    fn rates_as_fraction_number_or_text() {
        assert_eq!(parse_rate(&Cell::Number(0.9)), Ok(Decimal::from(90)));
        assert_eq!(parse_rate(&Cell::Number(90.0)), Ok(Decimal::from(90)));
        assert_eq!(
            parse_rate(&Cell::Text("90 %".into())),
            Ok(Decimal::from(90))
        );
        assert!(parse_rate(&Cell::Number(120.0)).is_err());
    }
}
