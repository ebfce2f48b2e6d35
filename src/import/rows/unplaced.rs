//! Layouts velho recognises but cannot place (issue 12, deliverable 4): a
//! report whose account or voucher headings were found but whose entries
//! cannot be read under them, or one whose subtotal rows name accounts
//! that no heading row gave. The error says that the layout was recognised
//! but not understood, names the rows, and says what to export instead.

use super::*;

/// What to export instead of a layout velho could not place.
fn export_instead() -> Message {
    Message::new("import.layout.export_instead")
}

/// At most this many rows without an account wait for a subtotal that
/// explains them before their error stands.
const WAITING_ROWS: u32 = 1_000;

/// Rows without an account, read while waiting for a subtotal row.
pub(super) struct Unplaced {
    /// The first such row's error.
    error: Error,
    /// Its row and the last one's.
    rows: (u32, u32),
    count: u32,
}

impl Unplaced {
    /// The first waiting row's error.
    pub(super) fn into_error(self) -> Error {
        self.error
    }
}

/// A number of 2–12 digits standing as a word of `text` (`Tili 4010 yhteensä`).
fn account_number_in(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| (2..=12).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
}

impl LedgerBuilder<'_> {
    /// The heading rows of a kind (`reason` is their listed skip's) read
    /// so far, and the first three of them as "4, 9, 14".
    fn heading_rows(&self, reason: &str) -> (usize, String) {
        let rows: Vec<u32> = self
            .file
            .details
            .skipped
            .iter()
            .filter(|s| s.reason == reason)
            .map(|s| s.row)
            .collect();
        let shown: Vec<String> = rows.iter().take(3).map(u32::to_string).collect();
        let more = if rows.len() > 3 { ", …" } else { "" };
        (rows.len(), format!("{}{more}", shown.join(", ")))
    }

    /// `error` for a row that is neither a heading nor an entry. In a
    /// grouped report or journal where no entry has been placed yet, the
    /// layout was recognised but not understood: the error says so.
    pub(super) fn unplaceable(&self, row: u32, error: Error) -> Error {
        let placed = !self.file.rows.is_empty() || self.file.other_rows > 0;
        if placed || (self.group.is_none() && self.voucher.is_none()) {
            return error;
        }
        let (kind, skip, [one, many]) = match self.voucher.is_some() {
            true => (
                "import.layout.journal_not_understood",
                VOUCHER_HEADING,
                [
                    "import.layout.voucher_headings.one",
                    "import.layout.voucher_headings.many",
                ],
            ),
            false => (
                "import.layout.grouped_not_understood",
                ACCOUNT_HEADING,
                [
                    "import.layout.account_headings.one",
                    "import.layout.account_headings.many",
                ],
            ),
        };
        let (count, rows) = self.heading_rows(skip);
        let (location, why) = match error {
            Error::Input { location, message } => (location, message),
            other => return other,
        };
        let headings = Message::new(if count == 1 { one } else { many }).with("rows", rows);
        Error::input(
            location,
            Message::new(kind)
                .with_message("headings", headings)
                .with("row", row)
                .with_message("why", why)
                .with_message("export", export_instead()),
        )
    }

    /// A row without an account (no account column, no heading above it):
    /// waits for a subtotal row that would show a grouped report whose
    /// headings were not recognised. Passed on when the wait is over.
    pub(super) fn wait_unplaced(&mut self, row: u32, error: Error) -> Result<()> {
        match &mut self.unplaced {
            None => {
                self.unplaced = Some(Unplaced {
                    error,
                    rows: (row, row),
                    count: 1,
                })
            }
            Some(u) if u.count < WAITING_ROWS => {
                u.rows.1 = row;
                u.count += 1;
            }
            Some(_) => return Err(self.take_unplaced(error)),
        }
        Ok(())
    }

    /// The waiting rows' error (or `error` when none wait).
    pub(super) fn take_unplaced(&mut self, error: Error) -> Error {
        self.unplaced.take().map_or(error, |u| u.error)
    }

    /// A totals row while rows without an account wait: when its label
    /// names an account (`Tili 4010 yhteensä`), the file is a grouped
    /// report whose headings velho did not recognise.
    pub(super) fn subtotal_without_heading(&mut self, row: u32, cells: &[Cell]) -> Option<Error> {
        let waiting = self.unplaced.as_ref()?;
        let label = cells.iter().find_map(|c| match c {
            Cell::Text(t) if has_total_word(t) => account_number_in(t).map(|n| (t, n)),
            _ => None,
        })?;
        let (label, number) = label;
        let (first, last) = waiting.rows;
        Some(Error::input(
            self.context.location.at_row(row.into()),
            Message::new("import.layout.subtotal_without_heading")
                .with("label", label.trim())
                .with("account", number)
                .with("first", first)
                .with("last", last)
                .with_message("export", export_instead()),
        ))
    }
}
