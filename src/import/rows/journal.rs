//! Journal (päiväkirja) layouts, as bookkeeping programs print them: a
//! voucher heading row (its number and date, no amount) gives its number
//! and date to the lines below it (`1900 Käteisvarat: description`, debit,
//! credit), and each voucher's debits must equal its credits. Also the
//! ledger whose date opens the text of a combined column (`Tili / Päiväys`:
//! `12.03.2022 Deposit …`), and the account read from `number name:` at
//! the start of a line's text when the file has no account column.
//!
//! Flat files never come here: a file without a combined date column reads
//! its rows as before until a voucher heading opens a voucher, which only a
//! row with a date and no amount, account or heading can.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::import::messages::eur;
use crate::model::Code;

/// The voucher whose lines are being read.
pub(super) struct Voucher {
    /// Its number as the heading gives it.
    number: Text,
    date: NaiveDate,
    /// The heading's row.
    row: u32,
    debits: Decimal,
    credits: Decimal,
    lines: u32,
    /// The error the heading row would have been as a flat row (a date and
    /// no amount), told when no line follows it.
    alone: Error,
}

/// What a journal line or a dated text gives a ledger row in place of its cells.
pub(super) struct Entry {
    pub(super) date: NaiveDate,
    pub(super) voucher: Option<Text>,
    pub(super) description: Option<Text>,
}

/// The most digits an account number read from a line's text has, and the fewest.
const ACCOUNT_DIGITS: std::ops::RangeInclusive<usize> = 3..=12;

/// `1900 Käteisvarat: Buy mouse` → (`1900`, `Käteisvarat`, `Buy mouse`): a
/// line's account, its name and the rest of the text, if it opens with them.
pub(super) fn account_in_text(text: &str) -> Option<(&str, &str, &str)> {
    let text = text.trim();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !ACCOUNT_DIGITS.contains(&digits) {
        return None;
    }
    let (number, after) = text.split_at(digits);
    let after = after.strip_prefix([' ', '\u{a0}'])?;
    let colon = after.find(':')?;
    let (name, rest) = after.split_at(colon);
    let rest = &rest[1..];
    let name = name.trim();
    let fits = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (fits && name.chars().any(char::is_alphabetic)).then(|| (number, name, rest.trim()))
}

/// A cell that holds no amount: empty, or a dash printed for an empty side.
pub(super) fn is_blank_amount(cell: &Cell) -> bool {
    match cell {
        Cell::Text(t) => matches!(t.trim(), "" | "–" | "—"),
        other => other.is_empty(),
    }
}

/// The date that opens a text (`12.03.2022 Deposit …`) and the rest.
fn leading_date(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let token = text.split_whitespace().next()?;
    let dated = token.contains(['.', '/', '-'])
        && token.starts_with(|c: char| c.is_ascii_digit())
        && token.bytes().any(|b| b.is_ascii_digit());
    dated.then(|| (token, text[token.len()..].trim()))
}

impl LedgerBuilder<'_> {
    /// True when the row is a line of the open voucher: no date of its own
    /// (an empty date cell, or a combined column's text not opening with a
    /// date), and no totals label.
    pub(super) fn is_voucher_line(&self, cells: &[Cell]) -> bool {
        if self.voucher.is_none() || self.is_totals_row(cells) {
            return false;
        }
        let date = self.cell(cells, Role::Date);
        date.is_empty() || (self.columns.date_in_text() && leading_date(&date.text()).is_none())
    }

    /// The date, voucher and text a row of a journal or of a dated-text
    /// column gives, or `None` for a flat row. A row of its own date closes
    /// the open voucher.
    pub(super) fn layout_entry(
        &mut self,
        row: u32,
        cells: &[Cell],
        amount: Decimal,
        line: bool,
    ) -> Result<Option<Entry>> {
        let in_text = self.columns.date_in_text();
        if line && let Some(voucher) = self.voucher.as_mut() {
            voucher.lines += 1;
            match amount.is_sign_negative() {
                true => voucher.credits -= amount,
                false => voucher.debits += amount,
            }
            return Ok(Some(Entry {
                date: voucher.date,
                voucher: Some(voucher.number.clone()),
                description: None,
            }));
        }
        self.close_voucher()?;
        if !in_text {
            return Ok(None);
        }
        let text = self.cell(cells, Role::Date).text().into_owned();
        let Some((token, rest)) = leading_date(&text) else {
            return Err(Error::input(
                self.at(row, Role::Date),
                Message::new("import.journal.no_leading_date").with("text", text.trim()),
            ));
        };
        let date = self.date(row, &Cell::Text(token.into()))?;
        Ok(Some(Entry {
            date,
            voucher: None,
            description: Some(Text::from(rest)),
        }))
    }

    /// Opens the voucher a heading row gives, if the row is one: a date
    /// (the whole date cell), no amount and no account. Closes the one
    /// before. `error` is the row's error as a flat row: kept for a heading
    /// no line follows, and given back (`Some`) when the row is no heading.
    pub(super) fn push_voucher_heading(
        &mut self,
        row: u32,
        cells: &[Cell],
        error: Error,
    ) -> Result<Option<Error>> {
        let date_cell = self.cell(cells, Role::Date);
        let dated = match date_cell {
            Cell::Text(t) => leading_date(t).is_some_and(|(_, rest)| rest.is_empty()),
            Cell::Date(_) | Cell::Number(_) => true,
            _ => false,
        };
        let no_amount = [Role::Amount, Role::Debit, Role::Credit]
            .into_iter()
            .all(|role| is_blank_amount(self.cell(cells, role)));
        if !dated || !no_amount || !self.cell(cells, Role::Account).is_empty() {
            return Ok(Some(error));
        }
        let date = self.date(row, date_cell)?;
        self.close_voucher()?;
        let number = self.text(cells, Role::Voucher);
        self.voucher = Some(Voucher {
            number,
            date,
            row,
            debits: Decimal::ZERO,
            credits: Decimal::ZERO,
            lines: 0,
            alone: error,
        });
        self.file.details.journal.get_or_insert_default().vouchers += 1;
        self.file.header_rows += 1;
        self.skip(row, VOUCHER_HEADING);
        Ok(None)
    }

    /// Closes the open voucher: its debits must equal its credits, and a
    /// heading without lines is the flat row it looked like (an error).
    pub(super) fn close_voucher(&mut self) -> Result<()> {
        let Some(voucher) = self.voucher.take() else {
            return Ok(());
        };
        if voucher.lines == 0 {
            return Err(self.unplaceable(voucher.row, voucher.alone));
        }
        if voucher.debits == voucher.credits {
            return Ok(());
        }
        let message = match voucher.number.is_empty() {
            true => Message::new("import.journal.unbalanced_unnumbered"),
            false => Message::new("import.journal.unbalanced").with("number", &*voucher.number),
        };
        Err(Error::input(
            self.context.location.at_row(voucher.row.into()),
            message
                .with("date", crate::dates::finnish(voucher.date))
                .with_message("debits", eur(voucher.debits))
                .with_message("credits", eur(voucher.credits))
                .with_message("difference", eur(voucher.debits - voucher.credits)),
        ))
    }

    /// The account, its name and the description of a row with no account
    /// column and no account heading above it, read from `number name:` at
    /// the start of its text.
    pub(super) fn account_from_text(
        &mut self,
        description: &mut Cow<'_, str>,
    ) -> Option<(Code, Code)> {
        let (number, name, rest) = account_in_text(description)?;
        let account = (self.codes.get(number), self.codes.get(name));
        *description = Cow::Owned(rest.to_string());
        Some(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lines_text_may_open_with_its_account() {
        assert_eq!(
            account_in_text("1900 Käteisvarat: Buy mouse"),
            Some(("1900", "Käteisvarat", "Buy mouse"))
        );
        assert_eq!(
            account_in_text("7680 Atk-laitehankinnat (< 3v. kalusto): Buy mouse"),
            Some(("7680", "Atk-laitehankinnat (< 3v. kalusto)", "Buy mouse"))
        );
        assert_eq!(
            account_in_text("29392 Alv ostoista:"),
            Some(("29392", "Alv ostoista", ""))
        );
        for text in [
            "Buy mouse",
            "12 kpl: hiiri",
            "1900: Buy mouse",
            "1900 Käteisvarat Buy mouse",
            "1900 Käteisvarat:Buy",
            "12.03.2022 Deposit",
        ] {
            assert_eq!(account_in_text(text), None, "{text}");
        }
    }

    #[test]
    fn a_text_may_open_with_a_date() {
        assert_eq!(
            leading_date("12.03.2021 Deposit of the capital"),
            Some(("12.03.2021", "Deposit of the capital"))
        );
        assert_eq!(leading_date(" 16.03.2021 "), Some(("16.03.2021", "")));
        assert_eq!(leading_date("1900 Käteisvarat: x"), None);
        assert_eq!(leading_date("Käteisvarat"), None);
    }

    #[test]
    fn a_dash_is_an_empty_side() {
        for text in ["–", " — ", "", " "] {
            assert!(is_blank_amount(&Cell::Text(text.into())), "{text}");
        }
        assert!(!is_blank_amount(&Cell::Text("-5".into())));
        assert!(!is_blank_amount(&Cell::Number(0.0)));
    }
}
