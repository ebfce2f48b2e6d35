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

use super::rows::Cell;
use super::{normalise_header, sha256_hex, workbook};
use crate::dates;
use crate::error::{Error, Location, Result};
use crate::money;

pub use crate::model::{Decision, DecisionLine, DeductedItem};

/// The labels of the key–value cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Number,
    Date,
    Period,
    Rate,
    PaidNow,
    PaidEarlier,
    PaidTotal,
    Revenue,
    Replaces,
    AdvanceNetted,
}

const KEYS: &[(Key, &[&str])] = &[
    (
        Key::Number,
        &[
            "päätöksen numero",
            "päätösnumero",
            "päätöksen nro",
            "diaarinumero",
            "decision number",
            "decision no",
        ],
    ),
    (
        Key::Date,
        &[
            "päätöspäivä",
            "päätöksen päivämäärä",
            "päätöspvm",
            "decision date",
            "date of decision",
        ],
    ),
    (
        Key::Period,
        &[
            "maksatuskausi",
            "maksukausi",
            "kustannusten toteutumisaika",
            "payment period",
            "reporting period",
            "period",
        ],
    ),
    (
        Key::Rate,
        &[
            "tukiprosentti",
            "tukitaso",
            "rahoitusosuus",
            "tuki",
            "funding rate",
            "aid rate",
            "grant rate",
        ],
    ),
    (
        Key::PaidNow,
        &[
            "maksetaan nyt",
            "maksettava määrä",
            "maksettava tuki",
            "paid now",
            "amount paid now",
            "payment now",
            "amount to be paid",
        ],
    ),
    (
        Key::PaidEarlier,
        &[
            "aiemmin maksettu",
            "aiemmin maksetut",
            "aikaisemmin maksettu",
            "paid earlier",
            "previously paid",
            "paid before",
        ],
    ),
    (
        Key::PaidTotal,
        &[
            "maksettu yhteensä",
            "maksettu kaikkiaan",
            "maksetut yhteensä",
            "paid in total",
            "total paid",
            "cumulative paid",
        ],
    ),
    (
        Key::Revenue,
        &[
            "tulot",
            "hankkeen tulot",
            "tulot yhteensä",
            "vähennettävät tulot",
            "revenues",
            "revenue",
            "project revenues",
            "income",
            "project income",
        ],
    ),
    (
        Key::Replaces,
        &[
            "korvaa päätöksen",
            "korvaa päätöksen nro",
            "korvaa päätöksen numero",
            "oikaisee päätöksen",
            "oikaistava päätös",
            "replaces",
            "replaces decision",
            "corrects decision",
            "supersedes",
        ],
    ),
    (
        Key::AdvanceNetted,
        &[
            "ennakon vähennys",
            "ennakosta vähennetään",
            "vähennetty ennakko",
            "ennakon kuittaus",
            "advance netted",
            "advance deducted",
            "less advance",
            "advance offset",
        ],
    ),
];

/// The labels of a key, as normalised by [`normalise_header`].
fn labels(key: Key) -> &'static [&'static str] {
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map_or(&[], |(_, labels)| labels)
}

/// The category table's total row.
const TOTAL_ROW: &[&str] = &["yhteensä", "total", "totals", "summa", "kaikki yhteensä"];

/// A row of the category table stating costs less revenues: derived from
/// the other rows, so skipped wherever it stands in the table.
const NET_COSTS_ROW: &[&str] = &[
    "nettokustannukset",
    "nettokustannukset yhteensä",
    "net costs",
    "net cost",
    "total net costs",
];

/// Column roles of the two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Category,
    Applied,
    Approved,
    Deducted,
    Reason,
    Voucher,
    Date,
    Amount,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Category,
        &[
            "kustannuslaji",
            "kustannuslajit",
            "cost category",
            "category",
            "budget category",
        ],
    ),
    (
        Col::Applied,
        &[
            "haettu",
            "haettu summa",
            "haetut kustannukset",
            "applied",
            "claimed",
            "applied for",
        ],
    ),
    (
        Col::Approved,
        &[
            "hyväksytty",
            "hyväksytyt kustannukset",
            "hyväksytty summa",
            "approved",
            "accepted",
        ],
    ),
    (
        Col::Deducted,
        &[
            "vähennetty",
            "vähennys",
            "vähennykset",
            "deducted",
            "deduction",
            "not accepted",
        ],
    ),
    (
        Col::Reason,
        &[
            "perustelu",
            "perustelut",
            "syy",
            "peruste",
            "reason",
            "justification",
            "explanation",
        ],
    ),
    (
        Col::Voucher,
        &[
            "tosite",
            "tositenumero",
            "tositenro",
            "voucher",
            "voucher number",
            "document",
        ],
    ),
    (Col::Date, &["päivämäärä", "pvm", "tositepäivä", "date"]),
    (
        Col::Amount,
        &[
            "summa",
            "määrä",
            "vähennetty summa",
            "amount",
            "deducted amount",
        ],
    ),
];

/// The sheet as cells, with 1-based row numbers and 0-based columns.
struct Grid<'a> {
    rows: Vec<(u32, Vec<Cell<'a>>)>,
    /// The formula cells: (1-based sheet row, 0-based column).
    formulas: std::collections::BTreeSet<(u32, usize)>,
    location: Location,
}

impl Grid<'_> {
    fn text(&self, r: usize, c: usize) -> String {
        self.rows[r]
            .1
            .get(c)
            .map(|cell| cell.text().into_owned())
            .unwrap_or_default()
    }

    fn cell(&self, r: usize, c: usize) -> &Cell<'_> {
        self.rows[r].1.get(c).unwrap_or(&Cell::Empty)
    }

    fn at(&self, r: usize, c: usize) -> Location {
        let column = rust_xlsxwriter::utility::column_number_to_name(c as u16);
        self.location
            .at_row(self.rows[r].0.into())
            .at_column(column)
    }

    /// `row 12, column "C"`: a cell named in a message about another cell.
    fn cell_name(&self, r: usize, c: usize) -> String {
        let column = rust_xlsxwriter::utility::column_number_to_name(c as u16);
        format!("row {}, column \"{column}\"", self.rows[r].0)
    }

    /// A formula whose saved result (none, or 0) looks never calculated.
    fn stale_formula(&self, r: usize, c: usize) -> bool {
        self.formulas.contains(&(self.rows[r].0, c))
            && workbook::result_maybe_never_calculated(self.cell(r, c))
    }

    fn is_blank_row(&self, r: usize) -> bool {
        self.rows[r].1.iter().all(|c| c.text().trim().is_empty())
    }

    /// The columns of a table header in row r: each role at most once.
    fn header(&self, r: usize) -> Vec<(Col, usize)> {
        let mut found: Vec<(Col, usize)> = Vec::new();
        for c in 0..self.rows[r].1.len() {
            let name = normalise_header(&self.text(r, c));
            if let Some((col, _)) = COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&name.as_str()))
                && !found.iter().any(|(f, _)| f == col)
            {
                found.push((*col, c));
            }
        }
        found
    }

    fn money(&self, r: usize, c: usize, what: &str) -> Result<Option<Decimal>> {
        let fail = |m: String| Error::input(self.at(r, c), m);
        match self.cell(r, c) {
            Cell::Number(n) => money::from_spreadsheet_number(*n)
                .map(Some)
                .ok_or_else(|| fail(format!("{n} is not an amount"))),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => money::parse_amount(t, None)
                .map(Some)
                .map_err(|e| fail(format!("{}; expected {what}", e.0))),
            Cell::Empty => Ok(None),
            other => Err(fail(format!(
                "\"{}\" is not an amount; expected {what}",
                other.text()
            ))),
        }
    }

    fn required_money(&self, r: usize, c: usize, what: &str) -> Result<Decimal> {
        self.money(r, c, what)?.ok_or_else(|| {
            Error::input(self.at(r, c), format!("the cell is empty; expected {what}"))
        })
    }

    fn date(&self, r: usize, c: usize) -> Result<Option<NaiveDate>> {
        match self.cell(r, c) {
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Empty => Ok(None),
            Cell::Number(n) => dates::from_excel_serial(*n, false)
                .map(Some)
                .ok_or_else(|| Error::input(self.at(r, c), format!("{n} is not a date"))),
            other => dates::parse_date(&other.text())
                .map(Some)
                .map_err(|e| Error::input(self.at(r, c), e)),
        }
    }
}

/// Reads one decision file.
pub fn read_decision(path: &Path, shown_as: &str) -> Result<Decision> {
    let location = Location::file(shown_as);
    super::regular_file(path, &location)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_decision_in(&bytes, shown_as, Some(path))
}

/// [`read_decision`] on a file's bytes (the fuzz target reads this way).
pub fn read_decision_bytes(bytes: &[u8], shown_as: &str) -> Result<Decision> {
    read_decision_in(bytes, shown_as, None)
}

/// Reads a decision from `bytes`, the contents of the file at `path` if it
/// is one (then opened in a bounded reader, see [`super::guard`]).
fn read_decision_in(bytes: &[u8], shown_as: &str, path: Option<&Path>) -> Result<Decision> {
    let location = Location::file(shown_as);
    if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])) {
        return Err(Error::input(
            location,
            "a payment decision must be a spreadsheet (.xlsx, .xls or .ods)",
        ));
    }
    let sha256 = sha256_hex(bytes);
    let mut workbook = workbook::Book::open(bytes, path).map_err(|e| {
        Error::input(
            location.clone(),
            match e {
                workbook::Unopened::Refused(e) => {
                    format!("the file cannot be read as a spreadsheet: {e}")
                }
                workbook::Unopened::Failed(e) => e,
            },
        )
    })?;
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
        if let Some(decision) = read_grid(&grid, shown_as, &sha256, &name)? {
            return Ok(decision);
        }
    }
    Err(Error::input(
        location,
        "no category table found: expected a header row with Kustannuslaji (Cost category), Haettu (Applied) and Hyväksytty (Approved)",
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
            "no payment period found: expected a label Maksatuskausi (Payment period) with a value like 1.1.2021–30.6.2021 beside it",
        ));
    };
    let period = parse_period(&grid.text(pr, pc)).map_err(|m| Error::input(grid.at(pr, pc), m))?;
    let Some((nr, nc)) = value(Key::PaidNow) else {
        return Err(Error::input(
            grid.location.clone(),
            "no payment found: expected a label Maksetaan nyt (Paid now) with the amount beside it",
        ));
    };
    let optional_money = |key: Key, what: &str| -> Result<Option<Decimal>> {
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
        (Some(stated), Some(row)) => Some(same_revenue(grid, stated, row, "stated")?),
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
        paid_now: grid.required_money(nr, nc, "the amount paid now")?,
        paid_earlier: optional_money(Key::PaidEarlier, "the amount paid earlier")?,
        paid_total: optional_money(Key::PaidTotal, "the amount paid in total")?,
        lines: table.lines,
        total: table.total,
        total_not_recalculated: table.total_not_recalculated,
        items,
        revenue: revenue.map(|f| f.amount),
        replaces: value(Key::Replaces)
            .map(|(r, c)| grid.text(r, c).trim().to_string())
            .filter(|t| !t.is_empty()),
        advance_netted: optional_money(Key::AdvanceNetted, "the advance netted")?.map(|a| a.abs()),
    }))
}

/// What a message expects of a revenue cell.
const REVENUES: &str = "the revenues";

/// An amount and the cell it was read from (grid row, column).
#[derive(Debug, Clone, Copy)]
struct Found {
    amount: Decimal,
    row: usize,
    column: usize,
}

/// The revenues stated twice must be one figure: `earlier` (stated as
/// `earlier_as`) is kept; a different `later` stops the run at its cell.
fn same_revenue(grid: &Grid, earlier: Found, later: Found, earlier_as: &str) -> Result<Found> {
    if earlier.amount == later.amount {
        return Ok(earlier);
    }
    Err(Error::input(
        grid.at(later.row, later.column),
        format!(
            "the revenues in the category table, {}, differ from the revenues {earlier_as} at {}, {}; expected one figure for the revenues",
            money::format_eur(later.amount, false),
            grid.cell_name(earlier.row, earlier.column),
            money::format_eur(earlier.amount, false),
        ),
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

fn column(header: &[(Col, usize)], col: Col) -> Option<usize> {
    header.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
}

/// The category table as read.
struct CategoryTable {
    /// The cost lines.
    lines: Vec<DecisionLine>,
    /// The total row.
    total: Option<DecisionLine>,
    /// The total row's sheet row when its formulas were never calculated.
    total_not_recalculated: Option<u32>,
    /// The revenue row's amount (positive), if the table has one.
    revenue: Option<Found>,
    /// The grid rows of the table after its header.
    body: std::ops::Range<usize>,
    /// The column of the categories.
    category_column: usize,
}

/// The category table: cost lines until an empty row or the total row; a
/// revenue row (before the total row, or just after it) and a net costs row
/// are no cost lines, nor is a category whose amount cells (and reason) are
/// all blank: it is not in this decision. A row with some amounts and a
/// required one blank stops the run at the blank cell.
fn category_table(grid: &Grid, header_row: usize) -> Result<CategoryTable> {
    let h = grid.header(header_row);
    let (cat, applied, approved) = (
        column(&h, Col::Category).unwrap_or(0),
        column(&h, Col::Applied).unwrap_or(0),
        column(&h, Col::Approved).unwrap_or(0),
    );
    let (deducted, reason) = (column(&h, Col::Deducted), column(&h, Col::Reason));
    let mut table = CategoryTable {
        lines: Vec::new(),
        total: None,
        total_not_recalculated: None,
        revenue: None,
        body: header_row + 1..grid.rows.len(),
        category_column: cat,
    };
    for r in header_row + 1..grid.rows.len() {
        if grid.is_blank_row(r) {
            table.body.end = r;
            break;
        }
        let category = grid.text(r, cat).trim().to_string();
        let name = normalise_header(&category);
        if labels(Key::Revenue).contains(&name.as_str()) {
            if let Some(found) = revenue_row(grid, r, applied, approved)? {
                table.revenue = Some(match table.revenue {
                    Some(earlier) => same_revenue(grid, earlier, found, "in the table")?,
                    None => found,
                });
            }
            continue;
        }
        if NET_COSTS_ROW.contains(&name.as_str()) {
            continue;
        }
        if table.total.is_some() || table.total_not_recalculated.is_some() {
            table.body.end = r;
            break;
        }
        let is_total = TOTAL_ROW.contains(&name.as_str());
        if is_total && not_recalculated(grid, r, [applied, approved], deducted, &table.lines) {
            table.total_not_recalculated = Some(grid.rows[r].0);
            continue;
        }
        let reason = reason
            .map(|c| grid.text(r, c).trim().to_string())
            .unwrap_or_default();
        if reason.is_empty()
            && [Some(applied), Some(approved), deducted]
                .into_iter()
                .flatten()
                .all(|c| grid.text(r, c).trim().is_empty())
        {
            // Left blank (as the template says of what the decision does
            // not have): the category is not in this decision.
            continue;
        }
        let line = DecisionLine {
            category,
            applied: grid.required_money(r, applied, "the amount applied for")?,
            approved: grid.required_money(r, approved, "the amount approved")?,
            deducted: deducted
                .map(|c| grid.money(r, c, "the amount deducted"))
                .transpose()?
                .flatten()
                .unwrap_or(Decimal::ZERO),
            reason,
            row: grid.rows[r].0,
        };
        if is_total {
            table.total = Some(line);
        } else {
            table.lines.push(line);
        }
    }
    Ok(table)
}

/// Whether the total row `r` holds formulas that were never calculated (a
/// template filled by a program that does not recalculate): an amount cell
/// is a formula whose saved result is none or 0 while the lines above do
/// not add up to 0 in its column. Its figures are then not the table's.
fn not_recalculated(
    grid: &Grid,
    r: usize,
    [applied, approved]: [usize; 2],
    deducted: Option<usize>,
    lines: &[DecisionLine],
) -> bool {
    let sum = |f: fn(&DecisionLine) -> Decimal| lines.iter().map(f).sum::<Decimal>();
    [
        (Some(applied), sum(|l| l.applied)),
        (Some(approved), sum(|l| l.approved)),
        (deducted, sum(|l| l.deducted)),
    ]
    .into_iter()
    .any(|(c, lines)| c.is_some_and(|c| grid.stale_formula(r, c)) && !lines.is_zero())
}

/// The amount of a revenue row: approved if the cell has an amount, else
/// applied; positive. `None` when both cells are empty.
fn revenue_row(grid: &Grid, r: usize, applied: usize, approved: usize) -> Result<Option<Found>> {
    let from_applied = grid.money(r, applied, REVENUES)?;
    let found = match grid.money(r, approved, REVENUES)? {
        Some(amount) => Some((amount, approved)),
        None => from_applied.map(|amount| (amount, applied)),
    };
    Ok(found.map(|(amount, column)| Found {
        amount: amount.abs(),
        row: r,
        column,
    }))
}

fn item_table(grid: &Grid, header_row: usize) -> Result<Vec<DeductedItem>> {
    let h = grid.header(header_row);
    let (voucher, amount) = (
        column(&h, Col::Voucher).unwrap_or(0),
        column(&h, Col::Amount).unwrap_or(0),
    );
    let (date, reason) = (column(&h, Col::Date), column(&h, Col::Reason));
    let mut items = Vec::new();
    for r in header_row + 1..grid.rows.len() {
        if grid.is_blank_row(r) {
            break;
        }
        items.push(DeductedItem {
            voucher: grid.text(r, voucher).trim().to_string(),
            date: date.map(|c| grid.date(r, c)).transpose()?.flatten(),
            amount: grid.required_money(r, amount, "the amount deducted")?,
            reason: reason
                .map(|c| grid.text(r, c).trim().to_string())
                .unwrap_or_default(),
            row: grid.rows[r].0,
        });
    }
    Ok(items)
}

/// `1.9.2020–31.12.2020`, `1.9.2020 - 31.12.2020` or `2020-09-01 – 2020-12-31`.
pub fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
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
                Err(format!("\"{text}\" ends before it starts"))
            };
        }
    }
    Err(format!(
        "\"{text}\" is not a period; expected e.g. 1.1.2021–30.6.2021"
    ))
}

/// `0,9` or `90` or `90 %` → 90.
fn parse_rate(cell: &Cell) -> Result<Decimal, String> {
    let value = match cell {
        Cell::Number(n) => {
            money::from_spreadsheet_number(*n).ok_or_else(|| format!("{n} is not a rate"))?
        }
        other => {
            let text = other.text();
            money::parse_amount(text.trim().trim_end_matches('%').trim(), None)
                .map_err(|_| format!("\"{text}\" is not a rate; expected e.g. 90 %"))?
        }
    };
    let percent = if value <= Decimal::ONE {
        value * Decimal::ONE_HUNDRED
    } else {
        value
    };
    if percent > Decimal::ONE_HUNDRED || percent.is_sign_negative() {
        return Err(format!(
            "{percent} % is not a funding rate; expected 0–100 %"
        ));
    }
    Ok(percent.normalize())
}

#[cfg(test)]
mod tests {
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
