//! Rows that are no entries: a repeated header, a totals row (a control
//! total: what it states against the rows above it), a report's running
//! balance or note.

use rust_decimal::Decimal;

use super::*;

impl LedgerBuilder<'_> {
    /// A row that repeats the header: cheap test on the date column first.
    pub(super) fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        let Some(date_column) = self.columns.get(Role::Date) else {
            return false;
        };
        let same = |h: &str, c: &Cell| match c {
            Cell::Text(t) => normalise_header(h) == normalise_header(t),
            _ => false,
        };
        match (self.headers.get(date_column), cells.get(date_column)) {
            (Some(h), Some(Cell::Text(t))) if t.trim().eq_ignore_ascii_case(h.trim()) => {
                cells.len() >= self.headers.len()
                    && self
                        .headers
                        .iter()
                        .zip(cells)
                        .all(|(h, c)| h.trim().is_empty() && c.is_empty() || same(h, c))
            }
            _ => false,
        }
    }

    /// True when a date cell's text is a totals label rather than a date:
    /// `Yhteensä`, or in an account-grouped report `4010 Palkat yhteensä`
    /// (a date has no letters, so a flat file's dates are never normalised).
    pub(super) fn is_label(&self, text: &str) -> bool {
        is_total_label(text)
            || (self.group.is_some()
                && text.bytes().any(|b| b.is_ascii_alphabetic())
                && has_total_word(text))
    }

    /// A row without a date: a totals row, an account heading, or an error.
    pub(super) fn push_total_or_fail(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        let in_layout = self.group.is_some() || self.voucher.is_some();
        if in_layout && !self.is_totals_row(cells) && self.reads_nothing(cells) {
            self.file.header_rows += 1;
            self.skip(row, "import.skip.running_balance");
            return Ok(());
        }
        if !self.is_totals_row(cells) {
            let error = Error::input(
                self.at(row, Role::Date),
                Message::new("import.date.missing"),
            );
            return self.push_heading_or(row, cells, error);
        }
        if let Some(error) = self.subtotal_without_heading(row, cells) {
            self.unplaced = None;
            return Err(error);
        }
        let stated = self.amount(row, cells)?;
        let (computed, account) = self.total_of(cells, stated)?;
        let reason = match account {
            Some(_) => "import.skip.account_subtotal",
            None => "import.skip.totals_row",
        };
        self.file.control_totals.push(ControlTotal {
            row,
            stated,
            computed,
            account,
        });
        self.file.totals_rows += 1;
        self.totals_at.push(self.file.all_rows_total);
        self.skip(row, reason);
        Ok(())
    }

    /// True when none of the columns velho reads holds anything (a report's
    /// running-balance row, under a heading).
    pub(super) fn reads_nothing(&self, cells: &[Cell]) -> bool {
        Role::ALL
            .iter()
            .all(|&role| journal::is_blank_amount(self.cell(cells, role)))
    }

    /// What a totals row should state: the rows since an earlier totals row
    /// (the latest one whose segment matches; subtotals may nest), else the
    /// rows since the last totals row, or the whole file when none came since.
    pub(super) fn segment_total(&self, stated: Decimal) -> Result<Decimal> {
        let total = self.file.all_rows_total;
        let since = |at: Decimal| money::checked_add(total, -at, "a control total");
        let starts = self
            .totals_at
            .iter()
            .rev()
            .take(64)
            .chain(std::iter::once(&Decimal::ZERO));
        for start in starts {
            let segment = since(*start)?;
            if segment == stated {
                return Ok(segment);
            }
        }
        match self.totals_at.last() {
            Some(last) if *last != total => since(*last),
            _ => Ok(total),
        }
    }
}
