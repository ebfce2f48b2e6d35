//! Account-grouped general-ledger reports (pääkirja), as Procountor,
//! Netvisor, Fennoa, Visma and most Finnish systems print them: a heading
//! row per account (`4010 Kuukausipalkat` in one cell, the rest empty) gives
//! the account and its name to the entries below it, and a subtotal row
//! (`Tili 4010 yhteensä`) is that account's control total.
//!
//! Flat files never come here: only a row the flat reading cannot take (no
//! date, or no amount) is looked at as a heading, so the layout costs the
//! rows of a flat file nothing.

use rust_decimal::Decimal;

use super::*;
use crate::import::messages::column_found;
use crate::model::Code;

/// The account whose entries are being read: opened by its heading row,
/// closed by its subtotal row (or the next heading).
pub(super) struct Group {
    /// The account number as the heading gives it.
    number: String,
    account: Code,
    name: Code,
    /// The file's running total at the heading.
    start: Decimal,
    /// A subtotal row closed it.
    closed: bool,
}

/// Words a heading's number may follow: `Tili 4010 Kuukausipalkat`.
const HEADING_PREFIXES: [&str; 6] = [
    "tili",
    "account",
    "konto",
    "gl account",
    "pääkirjatili",
    "g l account",
];

/// The most digits an account number has.
const LONGEST_ACCOUNT: usize = 12;

/// The account number and name a heading row gives (`4010 Kuukausipalkat`,
/// `Tili 4010 - Kuukausipalkat`, or `4010` and `Kuukausipalkat` in two
/// cells), if the row is one: its only text, and no amount.
pub(super) fn account_heading(cells: &[Cell]) -> Option<(String, String)> {
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    let first = filled.next()?.text();
    let second = filled.next().map(|c| c.text());
    if filled.next().is_some() {
        return None;
    }
    match second {
        None => split_heading(&first),
        Some(name) => {
            let number = first.trim();
            let name = name.trim();
            let is_number =
                number.len() <= LONGEST_ACCOUNT && number.bytes().all(|b| b.is_ascii_digit());
            (is_number && is_account_name(name)).then(|| (number.to_string(), name.to_string()))
        }
    }
}

/// `4010 Kuukausipalkat` → (`4010`, `Kuukausipalkat`); a bare `4010` has no name.
fn split_heading(text: &str) -> Option<(String, String)> {
    let mut rest = text.trim();
    let lower = rest.to_lowercase();
    for prefix in HEADING_PREFIXES {
        if let Some(after) = lower.strip_prefix(prefix)
            && after.starts_with([' ', ':'])
        {
            rest = rest[rest.len() - after.len()..].trim_start_matches([' ', ':']);
            break;
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > LONGEST_ACCOUNT {
        return None;
    }
    let (number, after) = rest.split_at(digits);
    if !after.is_empty() && !after.starts_with([' ', '\u{a0}', '-', '–', ':', '\t']) {
        return None;
    }
    let name = after
        .trim_start_matches([' ', '\u{a0}', '-', '–', ':', '\t'])
        .trim();
    (name.is_empty() || is_account_name(name)).then(|| (number.to_string(), name.to_string()))
}

/// An account's name has letters and is no totals label.
fn is_account_name(name: &str) -> bool {
    name.chars().any(char::is_alphabetic) && !has_total_word(name)
}

/// True when `text` names the account `number` as a word of its own
/// (`Tili 4010 yhteensä`, `Total 4010`, `4010 Kuukausipalkat yhteensä`).
fn names_account(text: &str, number: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| word == number)
}

/// A subtotal label that opens with the account's number
/// (`4010 Kuukausipalkat yhteensä`), which [`is_total_label`] leaves alone
/// (a description may open with a number).
fn is_numbered_subtotal(text: &str, number: &str) -> bool {
    text.trim_start().starts_with(number) && names_account(text, number) && has_total_word(text)
}

impl LedgerBuilder<'_> {
    /// True when a row without a date is a totals row: a totals label, or
    /// the open account's subtotal label.
    pub(super) fn is_totals_row(&self, cells: &[Cell]) -> bool {
        let open = self.group.as_ref().filter(|g| !g.closed);
        cells.iter().any(|c| match c {
            Cell::Text(t) => {
                is_total_label(t) || open.is_some_and(|g| is_numbered_subtotal(t, &g.number))
            }
            _ => false,
        })
    }

    /// Opens the account a heading row gives, if the row is one; else the
    /// error the flat reading found.
    pub(super) fn push_heading_or(&mut self, row: u32, cells: &[Cell], error: Error) -> Result<()> {
        let Some(error) = self.push_voucher_heading(row, cells, error)? else {
            return Ok(());
        };
        let Some((number, name)) = account_heading(cells) else {
            return Err(self.unplaceable(row, error));
        };
        self.group = Some(Group {
            account: self.codes.get(&number),
            name: self.codes.get(&name),
            number,
            start: self.file.all_rows_total,
            closed: false,
        });
        let grouped = self.file.details.grouped.get_or_insert_default();
        grouped.accounts += 1;
        self.file.header_rows += 1;
        self.skip(row, ACCOUNT_HEADING);
        Ok(())
    }

    /// The account and its name of an entry: its own cells, else the
    /// heading above it, else `number name:` opening its description (which
    /// then loses them). A file with none is no ledger: the error says what
    /// was found and what to export instead.
    pub(super) fn entry_account(
        &mut self,
        row: u32,
        cells: &[Cell],
        description: &mut Cow<'_, str>,
    ) -> Result<(Code, Code)> {
        let account = self.code(cells, Role::Account);
        let name = self.code(cells, Role::AccountName);
        match &self.group {
            Some(g) if account.is_empty() => {
                let name = if name.is_empty() { g.name } else { name };
                Ok((g.account, name))
            }
            Some(g) if name.is_empty() && account == g.account => Ok((account, g.name)),
            None if self.columns.get(Role::Account).is_none() => self
                .account_from_text(description)
                .ok_or_else(|| self.no_account(row)),
            _ => Ok((account, name)),
        }
    }

    /// A row with no account: the file has no account column and no
    /// account heading above the row.
    fn no_account(&self, row: u32) -> Error {
        let header = |role: Role| {
            self.columns
                .get(role)
                .and_then(|c| self.headers.get(c))
                .map(String::as_str)
        };
        let found = |role: Role| column_found(role, header(role).unwrap_or_default());
        let amount = match header(Role::Amount) {
            Some(_) => found(Role::Amount),
            None => Message::new("import.rows.debit_and_credit_columns")
                .with("debit", header(Role::Debit).unwrap_or_default())
                .with("credit", header(Role::Credit).unwrap_or_default()),
        };
        Error::input(
            self.context.location.at_row(row.into()),
            Message::new("import.rows.no_account")
                .with_message("date", found(Role::Date))
                .with_message("amount", amount),
        )
    }

    /// What a totals row should state, and the account it is the subtotal
    /// of: the open account's entries when the row names the account or
    /// states their sum (or states nothing else the file adds up to), else
    /// the flat reading's segment ([`LedgerBuilder::segment_total`]).
    pub(super) fn total_of(
        &mut self,
        cells: &[Cell],
        stated: Decimal,
    ) -> Result<(Decimal, Option<String>)> {
        let segment = self.segment_total(stated)?;
        let Some(group) = self.group.as_mut().filter(|g| !g.closed) else {
            return Ok((segment, None));
        };
        group.closed = true;
        let sum = money::checked_add(self.file.all_rows_total, -group.start, "a subtotal")?;
        let named = cells
            .iter()
            .any(|c| matches!(c, Cell::Text(t) if names_account(t, &group.number)));
        if named || stated == sum || segment != stated {
            return Ok((sum, Some(group.number.clone())));
        }
        Ok((segment, None))
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn row(texts: &[&'static str]) -> Vec<Cell<'static>> {
        texts
            .iter()
            .map(|t| {
                if t.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(Cow::Borrowed(*t))
                }
            })
            .collect()
    }

    fn heading(texts: &[&'static str]) -> Option<(String, String)> {
        account_heading(&row(texts))
    }

    fn pair(number: &str, name: &str) -> Option<(String, String)> {
        Some((number.to_string(), name.to_string()))
    }

    #[test]
    fn heading_rows_give_the_account_and_its_name() {
        assert_eq!(
            heading(&["4010 Kuukausipalkat", "", ""]),
            pair("4010", "Kuukausipalkat")
        );
        assert_eq!(
            heading(&["", "Tili 4300 - Ostopalvelut", ""]),
            pair("4300", "Ostopalvelut")
        );
        assert_eq!(heading(&["Account: 6100 Travel"]), pair("6100", "Travel"));
        assert_eq!(
            heading(&["4010", "Kuukausipalkat", ""]),
            pair("4010", "Kuukausipalkat")
        );
        assert_eq!(heading(&["4010", "", ""]), pair("4010", ""));
        assert_eq!(
            heading(&[" 4010\u{a0}Kuukausipalkat "]),
            pair("4010", "Kuukausipalkat")
        );
        let number = Cell::Number(4010.0);
        assert_eq!(account_heading(&[number]), pair("4010", ""));
    }

    #[test]
    fn other_rows_are_no_headings() {
        for texts in [
            &["", "", ""][..],
            &["1.2.2022"],
            &["4010 Kuukausipalkat", "", "100,00"],
            &["Tili 4010 yhteensä"],
            &["4010 yhteensä"],
            &["Kuukausipalkat"],
            &["12 345,00"],
            &["4010", "100,00"],
            &["2022-01-05"],
            &["1234567890123 Liian pitkä"],
            &["4010/Palkat"],
        ] {
            assert_eq!(heading(texts), None, "{texts:?}");
        }
    }

    #[test]
    fn a_subtotal_label_may_name_its_account_first() {
        assert!(is_numbered_subtotal("4010 Kuukausipalkat yhteensä", "4010"));
        assert!(!is_numbered_subtotal("4010 Kuukausipalkat", "4010"));
        assert!(!is_numbered_subtotal("40100 yhteensä", "4010"));
        assert!(names_account("Tili 4010 yhteensä", "4010"));
        assert!(names_account("Total 4010", "4010"));
        assert!(!names_account("Yhteensä 40101", "4010"));
    }
}
