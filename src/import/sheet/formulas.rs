//! Formula cells whose results were never saved: a file written by a
//! program and never opened in a spreadsheet is an error, never a column
//! of zeros.

use crate::error::{Error, Result};
use crate::import::columns::Role;
use crate::import::rows::{Cell, LedgerBuilder};
use crate::text::Message;

/// Formula cells in the columns that matter (date, amounts): a formula
/// without a saved result, or a column of formulas whose saved results are
/// all zero, means the file was written by a program and never recalculated.
pub(super) struct FormulaCheck {
    columns: Vec<(usize, Role)>,
    /// Per column: the first formula row, and whether any formula had a non-zero result.
    seen: Vec<(Option<u32>, bool)>,
}

impl FormulaCheck {
    pub(super) fn new(builder: &LedgerBuilder) -> Self {
        let columns: Vec<(usize, Role)> = [Role::Date, Role::Amount, Role::Debit, Role::Credit]
            .into_iter()
            .filter_map(|r| builder.columns().get(r).map(|c| (c, r)))
            .collect();
        let seen = vec![(None, false); columns.len()];
        FormulaCheck { columns, seen }
    }

    /// The error of a formula cell: `what` (a catalogue key) was found.
    pub(super) fn error(
        builder: &LedgerBuilder,
        row: u32,
        column: usize,
        what: &'static str,
    ) -> Error {
        let name = builder.headers().get(column).cloned().unwrap_or_default();
        Error::input(
            builder_location(builder, row, name),
            Message::new("import.workbook.never_calculated")
                .with_message("what", Message::new(what)),
        )
    }

    pub(super) fn check_row(
        &mut self,
        row: u32,
        cells: &[Cell],
        formula: &[bool],
        builder: &LedgerBuilder,
    ) -> Result<()> {
        for (i, &(column, _)) in self.columns.iter().enumerate() {
            if !formula.get(column).copied().unwrap_or(false) {
                continue;
            }
            let seen = &mut self.seen[i];
            seen.0.get_or_insert(row);
            match &cells[column] {
                Cell::Empty => {
                    return Err(Self::error(
                        builder,
                        row,
                        column,
                        "import.workbook.formula_without_result",
                    ));
                }
                Cell::Number(n) if *n == 0.0 => {}
                _ => seen.1 = true,
            }
        }
        Ok(())
    }

    pub(super) fn finish(&self, builder: &LedgerBuilder) -> Result<()> {
        for (&(column, _), (first, any_value)) in self.columns.iter().zip(&self.seen) {
            if let (Some(row), false) = (first, any_value) {
                return Err(Self::error(
                    builder,
                    *row,
                    column,
                    "import.workbook.formulas_all_zero",
                ));
            }
        }
        Ok(())
    }
}

pub(super) fn builder_location(
    builder: &LedgerBuilder,
    row: u32,
    column: String,
) -> crate::error::Location {
    builder.location().at_row(row.into()).at_column(column)
}
