//! How the project file asks ledger exports to be read (`[ledger]`): the
//! sheet, the text encoding, the columns by role, and whether VAT is taken
//! out. The import reads exports with these settings; the recognition of
//! columns by their names stays with the import.

use std::fmt;

/// Extensions of spreadsheet files.
pub const SPREADSHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A text encoding the project file can ask for (`[ledger] encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (a BOM is allowed).
    Utf8,
    /// Windows-1252 (Excel's "CSV (semicolon)" on a Finnish Windows).
    Windows1252,
    /// UTF-16 with a BOM (Excel's "Unicode text").
    Utf16,
}

impl TextEncoding {
    /// Parses `utf-8`, `windows-1252` (or `cp1252`, `latin1`), `utf-16`.
    pub fn parse(text: &str) -> Option<TextEncoding> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(TextEncoding::Utf8),
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "ansi" => {
                Some(TextEncoding::Windows1252)
            }
            "utf-16" | "utf16" | "unicode" => Some(TextEncoding::Utf16),
            _ => None,
        }
    }
}

/// How the project file asks exports to be read (`[ledger]` keys); the
/// default detects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The sheet of a workbook that holds the ledger.
    pub sheet: Option<String>,
    /// The encoding of text exports, instead of detecting it.
    pub encoding: Option<TextEncoding>,
    /// Columns named by the project file: (role, header name).
    pub columns: Vec<(Role, String)>,
    /// The organisation recovers VAT (`[funding] vat_recoverable`): where an
    /// export has a VAT column, each project row's VAT part is taken out of
    /// its amount (not eligible) and recorded in [`LedgerFile::vat_removed`](crate::import::LedgerFile::vat_removed).
    pub vat_recoverable: bool,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Posting (voucher) date.
    Date,
    /// Voucher number.
    Voucher,
    /// Account number.
    Account,
    /// Account name.
    AccountName,
    /// Cost centre.
    CostCentre,
    /// Project code.
    Project,
    /// Description.
    Description,
    /// Supplier.
    Supplier,
    /// Debit amount.
    Debit,
    /// Credit amount.
    Credit,
    /// Signed amount (+ = debit), or an unsigned amount with a [`Role::Marker`].
    Amount,
    /// VAT amount (recognised so that it is never taken for the amount).
    Vat,
    /// Debit/credit marker beside an unsigned amount: `D`/`K`, `Debet`/`Kredit`, `+`/`-`.
    Marker,
    /// The person a posting is for (*Henkilö / Työntekijä / Employee*): a
    /// ledger with it can serve instead of a payroll report (`[staff]
    /// payroll = { ledger = true }`).
    Person,
}

impl Role {
    /// Every role, for the project file's `[ledger.columns]` keys.
    pub const ALL: [Role; 14] = [
        Role::Date,
        Role::Voucher,
        Role::Account,
        Role::AccountName,
        Role::CostCentre,
        Role::Project,
        Role::Description,
        Role::Supplier,
        Role::Debit,
        Role::Credit,
        Role::Amount,
        Role::Vat,
        Role::Marker,
        Role::Person,
    ];

    /// The role's key in `[ledger.columns]`: `date`, `account_name`, `debit_credit`…
    pub fn key(self) -> &'static str {
        match self {
            Role::Date => "date",
            Role::Voucher => "voucher",
            Role::Account => "account",
            Role::AccountName => "account_name",
            Role::CostCentre => "cost_centre",
            Role::Project => "project",
            Role::Description => "description",
            Role::Supplier => "supplier",
            Role::Debit => "debit",
            Role::Credit => "credit",
            Role::Amount => "amount",
            Role::Vat => "vat",
            Role::Marker => "debit_credit",
            Role::Person => "person",
        }
    }

    /// The role named by a `[ledger.columns]` key.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::AccountName => "account name",
            Role::CostCentre => "cost centre",
            Role::Vat => "VAT",
            Role::Marker => "debit/credit marker",
            other => other.key(),
        })
    }
}
