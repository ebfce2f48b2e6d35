//! The domain's plain data: ledger rows with their sources, and the language
//! of the output. No I/O and no logic beyond small accessors.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The language of the workbook and of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Finnish.
    Fi,
    /// English.
    En,
}

impl Lang {
    /// Parses `fi` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fi" | "fin" | "finnish" | "suomi" => Some(Lang::Fi),
            "en" | "eng" | "english" | "englanti" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the Finnish or the English text.
    pub fn pick<'a>(self, fi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fi => fi,
            Lang::En => en,
        }
    }
}

/// Where a ledger row came from: the input file (an index into the run's
/// list of sources) and the 1-based row (CSV line or sheet row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRef {
    /// Index of the file in the run's sorted list of ledger files.
    pub file: u32,
    /// 1-based line (CSV) or row (spreadsheet) as the user sees it.
    pub row: u32,
}

/// One posting of the project read from an accounting export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    /// Where it came from.
    pub source: SourceRef,
    /// Posting (voucher) date: decides the month and the payment period.
    pub date: NaiveDate,
    /// Voucher number, as text.
    pub voucher: String,
    /// Account number, as text (`4000.0` from a spreadsheet becomes `4000`).
    pub account: String,
    /// Account name, if the export has one.
    pub account_name: String,
    /// Cost centre code.
    pub cost_centre: String,
    /// Project code.
    pub project: String,
    /// Description (selite).
    pub description: String,
    /// Supplier, if the export has one.
    pub supplier: String,
    /// Signed amount: debit − credit, so a cost is positive and a credit note negative.
    pub amount: Decimal,
}

/// What identifies a posting across exports and claims: the same voucher,
/// date, account, cost centre, project, amount and description.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    /// Posting date.
    pub date: NaiveDate,
    /// Voucher.
    pub voucher: String,
    /// Account.
    pub account: String,
    /// Cost centre.
    pub cost_centre: String,
    /// Project code.
    pub project: String,
    /// Signed amount.
    pub amount: Decimal,
    /// Description.
    pub description: String,
}

impl RowKey {
    /// The key of a ledger row.
    pub fn of(row: &LedgerRow) -> RowKey {
        RowKey {
            date: row.date,
            voucher: row.voucher.clone(),
            account: row.account.clone(),
            cost_centre: row.cost_centre.clone(),
            project: row.project.clone(),
            amount: row.amount,
            description: row.description.clone(),
        }
    }
}
