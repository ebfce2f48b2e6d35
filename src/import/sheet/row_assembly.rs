//! A sheet's rows, collected from the row-major stream of cells that every
//! sheet reader delivers.

use super::SheetCell;
use crate::import::rows::Cell;
use crate::text::Message;

/// Collects a row's cells from a row-major stream of cells.
///
/// The row's slots live from row to row: only the slots a row set are
/// emptied before the next one, so a row costs its cells, not its width.
#[derive(Default)]
pub(super) struct RowAssembler<'a> {
    cells: Vec<Cell<'a>>,
    formula: Vec<bool>,
    /// The slots the last row set.
    set: Vec<usize>,
    /// A cell read ahead that starts the next row.
    pending: Option<SheetCell<'a>>,
    last_row: Option<u32>,
    /// The reader said the sheet ended (asking again would read past it).
    ended: bool,
}

impl<'a> RowAssembler<'a> {
    /// The next row (0-based) with at least one cell, its first `width` cells.
    #[allow(clippy::type_complexity)]
    pub(super) fn next_row(
        &mut self,
        next: &mut impl FnMut() -> Result<Option<SheetCell<'a>>, Message>,
        width: usize,
    ) -> Result<Option<(u32, &[Cell<'a>], &[bool])>, Message> {
        self.reset(width);
        let first = match self.pending.take() {
            Some(cell) => cell,
            None if self.ended => return Ok(None),
            None => match next()? {
                Some(cell) => cell,
                None => {
                    self.ended = true;
                    return Ok(None);
                }
            },
        };
        let row = first.0.0;
        if self.last_row.is_some_and(|last| row <= last) {
            return Err(Message::new("import.sheet.out_of_order")
                .with("row", row + 1)
                .with("last", self.last_row.unwrap_or(0) + 1));
        }
        self.last_row = Some(row);
        let mut cell = Some(first);
        while let Some(((r, c), value, is_formula)) = cell {
            if r != row {
                self.pending = Some(((r, c), value, is_formula));
                break;
            }
            let c = c as usize;
            if c < width {
                self.cells[c] = value;
                self.formula[c] = is_formula;
                self.set.push(c);
            }
            cell = next()?;
            self.ended = cell.is_none();
        }
        Ok(Some((row, &self.cells, &self.formula)))
    }

    /// `width` empty slots.
    pub(super) fn reset(&mut self, width: usize) {
        if self.cells.len() == width {
            for &c in &self.set {
                self.cells[c] = Cell::Empty;
                self.formula[c] = false;
            }
        } else {
            self.cells.clear();
            self.cells.resize(width, Cell::Empty);
            self.formula.clear();
            self.formula.resize(width, false);
        }
        self.set.clear();
    }
}
