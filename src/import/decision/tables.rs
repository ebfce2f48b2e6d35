//! A decision's two tables: the category table (its cost lines, total row,
//! revenues and net-costs rows) and the table of deducted items.

use rust_decimal::Decimal;

use super::grid::Grid;
use super::labels::{Col, NET_COSTS_ROW, TOTAL_ROW};
use super::*;

pub(super) fn column(header: &[(Col, usize)], col: Col) -> Option<usize> {
    header.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
}

/// The category table as read.
pub(super) struct CategoryTable {
    /// The cost lines.
    pub(super) lines: Vec<DecisionLine>,
    /// The total row.
    pub(super) total: Option<DecisionLine>,
    /// The total row's sheet row when its formulas were never calculated.
    pub(super) total_not_recalculated: Option<u32>,
    /// The revenue row's amount (positive), if the table has one.
    pub(super) revenue: Option<Found>,
    /// The grid rows of the table after its header.
    pub(super) body: std::ops::Range<usize>,
    /// The column of the categories.
    pub(super) category_column: usize,
}

/// The category table: cost lines until an empty row or the total row; a
/// revenue row (before the total row, or just after it) and a net costs row
/// are no cost lines, nor is a category whose amount cells (and reason) are
/// all blank: it is not in this decision. A row with some amounts and a
/// required one blank stops the run at the blank cell.
pub(super) fn category_table(grid: &Grid, header_row: usize) -> Result<CategoryTable> {
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
                    Some(earlier) => same_revenue(
                        grid,
                        earlier,
                        found,
                        "import.decision.revenues_differ_in_table",
                    )?,
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
            applied: grid.required_money(r, applied, "import.decision.expected.applied")?,
            approved: grid.required_money(r, approved, "import.decision.expected.approved")?,
            deducted: deducted
                .map(|c| grid.money(r, c, "import.decision.expected.deducted"))
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
pub(super) fn not_recalculated(
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
pub(super) fn revenue_row(
    grid: &Grid,
    r: usize,
    applied: usize,
    approved: usize,
) -> Result<Option<Found>> {
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

pub(super) fn item_table(grid: &Grid, header_row: usize) -> Result<Vec<DeductedItem>> {
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
            amount: grid.required_money(r, amount, "import.decision.expected.deducted")?,
            reason: reason
                .map(|c| grid.text(r, c).trim().to_string())
                .unwrap_or_default(),
            row: grid.rows[r].0,
        });
    }
    Ok(items)
}
