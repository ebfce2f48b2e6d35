//! A decision's sheet as cells, and its cells read as text, money and dates.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::labels::{COLUMNS, Col};
use super::normalise_header;
use super::workbook;
use crate::dates;
use crate::error::{Error, Location, Result};

use crate::import::rows::Cell;
use crate::money;
use crate::text::Message;

/// The sheet as cells, with 1-based row numbers and 0-based columns.
pub(super) struct Grid<'a> {
    pub(super) rows: Vec<(u32, Vec<Cell<'a>>)>,
    /// The formula cells: (1-based sheet row, 0-based column).
    pub(super) formulas: std::collections::BTreeSet<(u32, usize)>,
    pub(super) location: Location,
}

impl Grid<'_> {
    pub(super) fn text(&self, r: usize, c: usize) -> String {
        self.rows[r]
            .1
            .get(c)
            .map(|cell| cell.text().into_owned())
            .unwrap_or_default()
    }

    pub(super) fn cell(&self, r: usize, c: usize) -> &Cell<'_> {
        self.rows[r].1.get(c).unwrap_or(&Cell::Empty)
    }

    pub(super) fn at(&self, r: usize, c: usize) -> Location {
        let column = rust_xlsxwriter::utility::column_number_to_name(c as u16);
        self.location
            .at_row(self.rows[r].0.into())
            .at_column(column)
    }

    /// `row 12, column "C"`: a cell named in a message about another cell.
    pub(super) fn cell_name(&self, r: usize, c: usize) -> Message {
        let column = rust_xlsxwriter::utility::column_number_to_name(c as u16);
        Message::new("import.decision.cell")
            .with("row", self.rows[r].0)
            .with("column", column)
    }

    /// A formula whose saved result (none, or 0) looks never calculated.
    pub(super) fn stale_formula(&self, r: usize, c: usize) -> bool {
        self.formulas.contains(&(self.rows[r].0, c))
            && workbook::result_maybe_never_calculated(self.cell(r, c))
    }

    pub(super) fn is_blank_row(&self, r: usize) -> bool {
        self.rows[r].1.iter().all(|c| c.text().trim().is_empty())
    }

    /// The columns of a table header in row r: each role at most once.
    pub(super) fn header(&self, r: usize) -> Vec<(Col, usize)> {
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

    /// The amount in a cell, if it has one; `what` is the catalogue key
    /// of what the cell should hold (said after "expected").
    pub(super) fn money(&self, r: usize, c: usize, what: &'static str) -> Result<Option<Decimal>> {
        let fail = |m: Message| Error::input(self.at(r, c), m);
        let what = || Message::new(what);
        match self.cell(r, c) {
            Cell::Number(n) => money::from_spreadsheet_number(*n).map(Some).ok_or_else(|| {
                fail(Message::new("import.amount.number_not_amount").with("number", n))
            }),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => money::parse_amount(t, None).map(Some).map_err(|e| {
                fail(
                    Message::new("import.decision.reason_expected")
                        .with_message("reason", e.0)
                        .with_message("what", what()),
                )
            }),
            Cell::Empty => Ok(None),
            other => Err(fail(
                Message::new("import.decision.not_an_amount")
                    .with("text", other.text())
                    .with_message("what", what()),
            )),
        }
    }

    /// [`Grid::money`] of a cell that must have one.
    pub(super) fn required_money(&self, r: usize, c: usize, what: &'static str) -> Result<Decimal> {
        self.money(r, c, what)?.ok_or_else(|| {
            Error::input(
                self.at(r, c),
                Message::new("import.decision.empty_cell").with_message("what", Message::new(what)),
            )
        })
    }

    pub(super) fn date(&self, r: usize, c: usize) -> Result<Option<NaiveDate>> {
        match self.cell(r, c) {
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Empty => Ok(None),
            Cell::Number(n) => dates::from_excel_serial(*n, false)
                .map(Some)
                .ok_or_else(|| {
                    Error::input(
                        self.at(r, c),
                        Message::new("import.decision.number_not_date").with("number", n),
                    )
                }),
            other => dates::parse_date(&other.text())
                .map(Some)
                .map_err(|e| Error::input(self.at(r, c), e)),
        }
    }
}
