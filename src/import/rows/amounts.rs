//! The amount of a ledger row: a signed amount, debit and credit, or an
//! amount with a debit/credit marker; the file's decimal mark learned from
//! its amounts; recoverable VAT taken out; and the split decimal-comma
//! amounts of comma-delimited files caught.

use rust_decimal::Decimal;

use super::*;
use crate::import::messages::eur;

impl LedgerBuilder<'_> {
    /// The row's signed amount: the amount column (signed by a debit/credit
    /// marker when the file has one), or debit − credit.
    pub(super) fn amount(&mut self, row: u32, cells: &[Cell]) -> Result<Decimal> {
        let value = if self.columns.get(Role::Amount).is_some() {
            let value = self.parse_amount(row, cells, Role::Amount, false)?;
            if self.columns.get(Role::Marker).is_some() {
                value * self.marker_sign(row, cells)?
            } else {
                value
            }
        } else {
            let debit = self.parse_amount(row, cells, Role::Debit, true)?;
            let credit = self.parse_amount(row, cells, Role::Credit, true)?;
            if journal::is_blank_amount(self.cell(cells, Role::Debit))
                && journal::is_blank_amount(self.cell(cells, Role::Credit))
            {
                return Err(Error::input(
                    self.at(row, Role::Debit),
                    Message::new("import.amount.both_empty"),
                ));
            }
            money::checked_add(debit, -credit, "debit − credit")?
        };
        if money::is_whole_cents(value) {
            return Ok(value);
        }
        self.file.rounded.push(RoundedAmount {
            row,
            original: value,
        });
        Ok(money::round_cents(value))
    }

    /// The row's amount as a row holds it, in whole cents (the amount and
    /// its VAT are rounded to the cent). Every amount cell is under 10¹³ €
    /// (see `money::LARGEST_AMOUNT`), so 64 bits of cents always hold it;
    /// were one not to fit, the row is an error naming its cell, not a panic.
    pub(super) fn cents(&self, row: u32, amount: Decimal) -> Result<Cents> {
        Cents::of(amount).ok_or_else(|| {
            let role = match self.columns.get(Role::Amount) {
                Some(_) => Role::Amount,
                None => Role::Debit,
            };
            Error::input(
                self.at(row, role),
                Message::new("import.amount.beyond_a_row").with_message("amount", eur(amount)),
            )
        })
    }

    /// The amount less its VAT part when the project recovers VAT and the
    /// export has a VAT column: the VAT is not eligible. The VAT cell's size
    /// counts, its sign follows the amount's (a credit note's VAT is a
    /// credit); a VAT larger than the amount is an error naming the cell.
    pub(super) fn without_recoverable_vat(
        &mut self,
        row: u32,
        cells: &[Cell],
        amount: Decimal,
    ) -> Result<Decimal> {
        if !self.context.options.vat_recoverable || self.columns.get(Role::Vat).is_none() {
            return Ok(amount);
        }
        let cell = self.parse_amount(row, cells, Role::Vat, true)?.abs();
        // A VAT worked out by a formula may carry parts of a cent: rounded
        // to the cent as the row's amount is, and reported with it.
        let vat = money::round_cents(cell);
        if vat != cell {
            self.file.rounded.push(RoundedAmount {
                row,
                original: cell,
            });
        }
        if vat.is_zero() {
            return Ok(amount);
        }
        if vat > amount.abs() {
            return Err(Error::input(
                self.at(row, Role::Vat),
                Message::new("import.amount.vat_exceeds")
                    .with_message("vat", eur(vat))
                    .with_message("amount", eur(amount)),
            ));
        }
        let vat = if amount.is_sign_negative() { -vat } else { vat };
        self.file.vat_removed.push((row, vat));
        Ok(amount - vat)
    }

    /// Counts a data row with debit and credit columns, and remembers the
    /// first that has both (see `both_sides`).
    pub(super) fn note_both_sides(&mut self, row: u32, cells: &[Cell]) {
        if self.columns.get(Role::Amount).is_some() {
            return;
        }
        let filled = |role: Role| {
            let text = self.cell(cells, role).text();
            let t = text.trim();
            !t.is_empty() && t.chars().any(|c| c.is_ascii_digit() && c != '0')
        };
        let both = filled(Role::Debit) && filled(Role::Credit);
        self.debit_credit_rows += 1;
        if both {
            self.both_sides_rows += 1;
            let debit = self.cell(cells, Role::Debit).text();
            let credit = self.cell(cells, Role::Credit).text();
            let whole = |t: &str| {
                let t = t.trim().trim_start_matches('-');
                !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
            };
            let cents = credit.trim().len() <= 2 && whole(&credit);
            self.split_amount |= self.comma_delimited && whole(&debit) && cents;
            if self.both_sides.is_none() {
                self.both_sides = Some(Waiting {
                    location: self.at(row, Role::Credit),
                    message: Message::new("import.amount.both_sides")
                        .with("debit", self.cell(cells, Role::Debit).text().trim())
                        .with("credit", self.cell(cells, Role::Credit).text().trim()),
                });
            }
        }
    }

    /// +1 for a debit marker (`D`, `Debet`, `+`), −1 for a credit marker (`K`, `C`, `Kredit`, `-`).
    fn marker_sign(&self, row: u32, cells: &[Cell]) -> Result<Decimal> {
        let marker = self.cell(cells, Role::Marker).text();
        let m = marker.trim().to_lowercase();
        match m.as_str() {
            "d" | "db" | "dr" | "debet" | "debit" | "+" | "s" | "veloitus" => Ok(Decimal::ONE),
            "k" | "c" | "cr" | "kr" | "kredit" | "credit" | "-" | "\u{2212}" | "h" | "hyvitys" => {
                Ok(Decimal::NEGATIVE_ONE)
            }
            _ => Err(Error::input(
                self.at(row, Role::Marker),
                Message::new("import.amount.not_a_marker").with("marker", marker),
            )),
        }
    }

    /// The decimal mark to read `text` with, after checking it against the rest of the file.
    fn mark_for(&mut self, row: u32, role: Role, text: &str) -> Result<Option<DecimalMark>> {
        self.mark_with(row, role, text, money::decimal_mark_evidence(text))
    }

    /// [`LedgerBuilder::mark_for`] with the mark `text` shows already found.
    fn mark_with(
        &mut self,
        row: u32,
        role: Role,
        text: &str,
        evidence: Option<DecimalMark>,
    ) -> Result<Option<DecimalMark>> {
        if self.mark.is_some() && self.mark_seen.is_none() {
            self.mark_seen = self.mark.map(|m| (m, row));
        }
        if let Some(evidence) = evidence {
            match self.mark_seen {
                None => self.mark_seen = Some((evidence, row)),
                Some((mark, first)) if mark != evidence => {
                    return Err(Error::input(
                        self.at(row, role),
                        Message::new("import.amount.mixed_marks")
                            .with("text", text.trim())
                            .with_message("mark", mark_name(evidence))
                            .with("first", first)
                            .with_message("first_mark", mark_name(mark)),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(self.mark_seen.map(|(m, _)| m))
    }

    fn parse_amount(
        &mut self,
        row: u32,
        cells: &[Cell],
        role: Role,
        empty_is_zero: bool,
    ) -> Result<Decimal> {
        let fail = |this: &Self, message: Message| Error::input(this.at(row, role), message);
        let value = match self.cell(cells, role) {
            // Empty, or a dash printed for an empty side (`–`, `—`).
            c if journal::is_blank_amount(c) => {
                return if empty_is_zero {
                    Ok(Decimal::ZERO)
                } else {
                    Err(fail(self, Message::new("import.amount.empty")))
                };
            }
            Cell::Number(n) => money::from_spreadsheet_number(*n).ok_or_else(|| {
                fail(
                    self,
                    Message::new("import.amount.number_not_amount").with("number", n),
                )
            })?,
            Cell::Text(t) if let Some(plain) = PlainAmount::of(t) => {
                self.mark_with(row, role, t, plain.mark)?;
                // At most 13 digits before the mark: below LARGEST_AMOUNT (10¹³).
                let value = plain.value();
                debug_assert!(value.abs() < money::LARGEST_AMOUNT);
                return Ok(value);
            }
            Cell::Text(t) => {
                let mark = self.mark_for(row, role, t)?;
                match money::parse_amount(t, mark).map_err(|e| e.0) {
                    Ok(value) => value,
                    Err(reason) if mark.is_none() && reason.key() == AMBIGUOUS_AMOUNT => {
                        if self.waiting_amount.is_none() {
                            self.waiting_amount = Some(Waiting {
                                location: self.at(row, role),
                                message: reason,
                            });
                        }
                        Decimal::ZERO
                    }
                    Err(reason) => return Err(fail(self, reason)),
                }
            }
            Cell::Error(e) => {
                return Err(fail(
                    self,
                    Message::new("import.amount.error_cell").with("error", e),
                ));
            }
            Cell::Date(d) => {
                return Err(fail(
                    self,
                    Message::new("import.amount.date_cell").with("date", d),
                ));
            }
            Cell::Empty => Decimal::ZERO,
        };
        if value.abs() >= money::LARGEST_AMOUNT {
            return Err(fail(
                self,
                Message::new("import.amount.too_large").with("value", value),
            ));
        }
        Ok(value)
    }
}

/// The message [`money::parse_amount`] gives an amount that reads two ways
/// until the file's decimal mark is known.
const AMBIGUOUS_AMOUNT: &str = "import.amount.parse.ambiguous";

/// A decimal mark's name: `decimal comma`.
fn mark_name(mark: DecimalMark) -> Message {
    Message::new(match mark {
        DecimalMark::Comma => "import.amount.mark.comma",
        DecimalMark::Point => "import.amount.mark.point",
    })
}
