//! The domain's plain data: ledger rows with their sources, the approved
//! plan (categories, flat rates, periods, advances, change decisions), the
//! funder's payment decisions and the claims as read, and the language of
//! the output.
//! No I/O and no domain logic beyond small accessors. The one machinery here
//! is where rows keep their texts: the process's table of codes
//! (`interned`) and its compressed description blocks (`descriptions`),
//! both on one lock-free slot table (`slots`); the import decides when a
//! file's descriptions are compressed ([`compress_descriptions`]).

mod descriptions;
mod interned;
mod slots;
pub mod staff;

pub use descriptions::{
    Description, Piece, compress as compress_descriptions, seal as seal_descriptions,
};

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The language of the workbook and of messages: [`crate::text::Lang`],
/// named here too so that the domain's users keep their path.
pub use crate::text::Lang;

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
    pub voucher: Text,
    /// Account number, as text (`4000.0` from a spreadsheet becomes `4000`).
    pub account: Code,
    /// Account name, if the export has one.
    pub account_name: Code,
    /// Cost centre code.
    pub cost_centre: Code,
    /// Project code.
    pub project: Code,
    /// Description (selite), kept compressed: read it with
    /// [`Description::text`].
    pub description: Description,
    /// Supplier, if the export has one.
    pub supplier: Code,
    /// Signed amount: debit − credit, so a cost is positive and a credit
    /// note negative; read it with [`LedgerRow::amount`].
    pub cents: Cents,
}

impl LedgerRow {
    /// The signed amount.
    pub fn amount(&self) -> Decimal {
        self.cents.amount()
    }
}

/// An amount in whole cents, as a ledger row holds it: 8 bytes instead of a
/// `Decimal`'s 16 (the import rounds every row to the cent, and a million
/// rows are held while a workbook's reader runs: issue 18).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(i64);

impl Cents {
    /// `amount` in cents, when it is whole cents and within what 64 bits of
    /// cents hold (± 92 233 720 368 547 758,07).
    pub fn of(amount: Decimal) -> Option<Cents> {
        use rust_decimal::prelude::ToPrimitive;
        // Two decimals or fewer (every amount a row holds): the mantissa
        // scaled up to cents, exactly, without Decimal arithmetic.
        if let Some(up) = 2u32.checked_sub(amount.scale()) {
            let cents = amount.mantissa().checked_mul(10i128.pow(up))?;
            return i64::try_from(cents).ok().map(Cents);
        }
        let cents = amount.checked_mul(Decimal::ONE_HUNDRED)?;
        cents
            .fract()
            .is_zero()
            .then(|| cents.to_i64())
            .flatten()
            .map(Cents)
    }

    /// The amount.
    pub fn amount(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
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

/// The most characters of a description a key holds as it is: a longer
/// one (more than a spreadsheet cell takes) is kept as its start and the
/// SHA-256 of the whole, so a claim's data sheet can store it.
const KEY_TEXT_CHARS: usize = 1000;

impl RowKey {
    /// The key of a ledger row.
    pub fn of(row: &LedgerRow) -> RowKey {
        // (A description of at most KEY_TEXT_CHARS bytes has at most as many
        // characters: the common case skips the walk over its characters.)
        let text = row.description.text();
        let long = text.len() > KEY_TEXT_CHARS;
        let cut = long
            .then(|| text.char_indices().nth(KEY_TEXT_CHARS))
            .flatten();
        let description = match cut {
            None => text.to_string(),
            Some((at, _)) => format!("{}…#sha256:{}", &text[..at], sha256_hex(text.as_bytes())),
        };
        RowKey {
            date: row.date,
            voucher: row.voucher.to_string(),
            account: row.account.to_string(),
            cost_centre: row.cost_centre.to_string(),
            project: row.project.to_string(),
            amount: row.amount(),
            description,
        }
    }
}

/// A short text that many rows share (an account, its name, a cost centre, a
/// project, a supplier): kept once in the process's table of codes and
/// named by its number there, 4 bytes a row. Reads as a `&str`.
#[derive(Clone, Copy, Default)]
pub struct Code(u32);

/// A text of one row (a voucher; a description is a [`Description`]): up to 24 bytes are kept in
/// the row itself (most vouchers and short descriptions: no allocation, and
/// no allocator overhead per row), a longer one in one allocation. Reads as a
/// `&str`.
#[derive(Clone, Default)]
pub struct Text(compact_str::CompactString);

impl Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        interned::text_of(self.0)
    }
}

impl PartialEq for Code {
    /// One number per distinct text: the numbers say it.
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

macro_rules! text_like {
    ($name:ident) => {
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self
            }
        }
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&**self, f)
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                (**self).cmp(&**other)
            }
        }
        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                (**self).hash(state)
            }
        }
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &**self == other
            }
        }
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &**self == *other
            }
        }
        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                **self == **other
            }
        }
        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                **self == **other
            }
        }
        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                **self == **other
            }
        }
    };
}

text_like!(Code);
text_like!(Text);

impl From<&str> for Code {
    fn from(text: &str) -> Self {
        Code(interned::number_of(text))
    }
}

impl From<String> for Code {
    fn from(text: String) -> Self {
        Code::from(text.as_str())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(compact_str::CompactString::new(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(compact_str::CompactString::from(text))
    }
}

/// The codes a file has used so far: most rows find theirs here, without
/// the lock of the process's table of codes. Each text is kept here too
/// (inline up to 24 bytes), so a look-up compares bytes in the table
/// rather than following the code to the process's table.
#[derive(Default)]
pub struct Codes {
    known: std::collections::HashMap<compact_str::CompactString, Code, BuildFastHasher>,
}

/// The hasher of the interner: FxHash (rustc-hash), several times faster than
/// SipHash on short codes; the texts hashed are the export's own codes and
/// only decide buckets, so hash flooding is no concern for a local file.
pub type BuildFastHasher = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;

impl Codes {
    /// The code of `text`.
    pub fn get(&mut self, text: &str) -> Code {
        if text.is_empty() {
            return Code::default();
        }
        if let Some(code) = self.known.get(text) {
            return *code;
        }
        let code = Code::from(text);
        self.known
            .insert(compact_str::CompactString::new(text), code);
        code
    }
}

impl From<&Code> for String {
    fn from(code: &Code) -> Self {
        code.to_string()
    }
}

impl From<&Text> for String {
    fn from(text: &Text) -> Self {
        text.to_string()
    }
}

/// One line of a decision's category table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionLine {
    /// The category as the decision names it.
    pub category: String,
    /// Applied for (haettu).
    pub applied: Decimal,
    /// Approved (hyväksytty).
    pub approved: Decimal,
    /// Deducted (vähennetty); zero when the cell is empty.
    pub deducted: Decimal,
    /// The reason for a deduction.
    pub reason: String,
    /// The 1-based sheet row.
    pub row: u32,
}

/// One deducted item: a cost the funder cut, by voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductedItem {
    /// Voucher number.
    pub voucher: String,
    /// The cost's date, if given.
    pub date: Option<NaiveDate>,
    /// The amount deducted.
    pub amount: Decimal,
    /// Why.
    pub reason: String,
    /// The 1-based sheet row.
    pub row: u32,
}

/// A payment decision as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The file, relative to the project folder.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The sheet read.
    pub sheet: String,
    /// Decision number.
    pub number: String,
    /// Decision date.
    pub date: Option<NaiveDate>,
    /// The payment period the decision covers.
    pub period: (NaiveDate, NaiveDate),
    /// The funding rate in percent, if stated.
    pub rate_percent: Option<Decimal>,
    /// Paid now (maksetaan nyt).
    pub paid_now: Decimal,
    /// Paid in earlier decisions, as this one states it.
    pub paid_earlier: Option<Decimal>,
    /// Paid in all, as this one states it.
    pub paid_total: Option<Decimal>,
    /// The category table.
    pub lines: Vec<DecisionLine>,
    /// The table's own total row, if any (and checked).
    pub total: Option<DecisionLine>,
    /// The total row's sheet row when its cells are formulas that were never
    /// calculated (saved result 0, or none, while the lines do not add up to
    /// 0): the file was filled by a program that does not recalculate, so
    /// the total is not read and not checked (`total` is `None`).
    pub total_not_recalculated: Option<u32>,
    /// The deducted items.
    pub items: Vec<DeductedItem>,
    /// The project's revenues the decision deducts before the rate (*Tulot /
    /// Revenues*), if it states them.
    pub revenue: Option<Decimal>,
    /// The number of the decision this one corrects and replaces (*Korvaa
    /// päätöksen / Replaces*), if it says so.
    pub replaces: Option<String>,
    /// An advance the decision nets against this payment (*Ennakon
    /// vähennys / Advance netted*), if it states one.
    pub advance_netted: Option<Decimal>,
}

/// A claim as written to, and read back from, a claim workbook's data sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRecord {
    /// The period's name.
    pub period: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Claimed per category id (flat rate included).
    pub by_category: Vec<(String, Decimal)>,
    /// Revenues deducted.
    pub revenues: Decimal,
    /// The funder's share claimed.
    pub funder_share: Decimal,
    /// The ledger rows claimed.
    pub rows: Vec<RowKey>,
    /// Where it was read from (empty for a claim being made).
    pub path: String,
    /// Other files holding the same claim (a copy, or the claim written
    /// again in another language): counted once.
    pub copies: Vec<String>,
}

impl ClaimRecord {
    /// True when two records claim the same: the same period, costs,
    /// revenues, amount applied for and rows, wherever they were read from.
    pub fn same_claim(&self, other: &ClaimRecord) -> bool {
        (
            &self.period,
            self.start,
            self.end,
            &self.by_category,
            self.revenues,
            self.funder_share,
            &self.rows,
        ) == (
            &other.period,
            other.start,
            other.end,
            &other.by_category,
            other.revenues,
            other.funder_share,
            &other.rows,
        )
    }

    /// Costs claimed in all categories.
    pub fn total(&self) -> Decimal {
        self.by_category.iter().map(|(_, a)| *a).sum()
    }
}

/// An inclusive range of account numbers, or one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountRange {
    /// Numeric accounts from..=to.
    Numeric(u64, u64),
    /// One account written as text (for non-numeric account codes).
    Exact(String),
}

impl AccountRange {
    pub(crate) fn parse(text: &str) -> Option<AccountRange> {
        let t = text.trim();
        if let Some((from, to)) = t.split_once('-') {
            let (from, to) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
            return (from <= to).then_some(AccountRange::Numeric(from, to));
        }
        match t.parse::<u64>() {
            Ok(n) => Some(AccountRange::Numeric(n, n)),
            Err(_) if !t.is_empty() => Some(AccountRange::Exact(t.to_string())),
            Err(_) => None,
        }
    }

    /// True when the account falls in the range.
    pub fn contains(&self, account: &str) -> bool {
        match self {
            AccountRange::Numeric(from, to) => account
                .parse::<u64>()
                .is_ok_and(|n| (*from..=*to).contains(&n)),
            AccountRange::Exact(a) => a == account,
        }
    }

    /// True for a range of several accounts (`4000-4299`).
    pub fn is_range(&self) -> bool {
        matches!(self, AccountRange::Numeric(from, to) if from != to)
    }

    pub(crate) fn overlaps(&self, other: &AccountRange) -> bool {
        match (self, other) {
            (AccountRange::Numeric(a, b), AccountRange::Numeric(c, d)) => a <= d && c <= b,
            (AccountRange::Exact(a), AccountRange::Exact(b)) => a == b,
            _ => false,
        }
    }
}

/// A Finnish chart of accounts (`velho init --chart`). The two common ones
/// clash: account 4000 is salaries in one and purchases in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// The municipal chart (JHS 192): 4000–4299 personnel costs.
    Municipal,
    /// The private-sector and association chart: 4000–4999 purchases,
    /// 5000–6799 personnel costs.
    Private,
}

/// As the project file writes it: `4000-4299`, `5083`, `X1`.
impl std::fmt::Display for AccountRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccountRange::Numeric(from, to) if from == to => write!(f, "{from}"),
            AccountRange::Numeric(from, to) => write!(f, "{from}-{to}"),
            AccountRange::Exact(a) => f.write_str(a),
        }
    }
}

/// A flat rate computed from the realised costs of other categories.
#[derive(Debug, Clone)]
pub struct FlatRate {
    /// The percentage.
    pub percent: Decimal,
    /// Indices of the base categories.
    pub base: Vec<usize>,
    /// Indices of the categories whose costs the flat rate already covers
    /// (claiming them too would be double financing).
    pub covers: Vec<usize>,
}

/// A cost category of the approved plan.
#[derive(Debug, Clone)]
pub struct Category {
    /// Short identifier used in the project file.
    pub id: String,
    /// Finnish name.
    pub name_fi: String,
    /// English name.
    pub name_en: String,
    /// Planned amount over the whole project.
    pub plan: Decimal,
    /// The plan by year, when the project file gives it.
    pub plan_by_year: Vec<(i32, Decimal)>,
    /// Accounts that feed the category (empty for a flat rate).
    pub accounts: Vec<AccountRange>,
    /// Set when the category is a flat rate computed by velho.
    pub flat_rate: Option<FlatRate>,
    /// False for costs the funding decision excludes (`eligible = false`):
    /// shown, never counted into eligible costs.
    pub eligible: bool,
}

/// How a category's costs count towards the funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    /// Eligible: counted, claimed, and compared with the plan.
    Eligible,
    /// Covered by this flat-rate category (its index): shown, never claimed
    /// (claiming it too would be double financing).
    Covered(usize),
    /// Excluded by the funding decision (`eligible = false`).
    NotEligible,
}

/// A change decision (muutospäätös): the funding decision's plan, maximum
/// grant, rate or end date as changed from a date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingChange {
    /// In force from this day.
    pub from: NaiveDate,
    /// The change decision's number, if given.
    pub decision: String,
    /// The new maximum grant.
    pub max_grant: Option<Decimal>,
    /// The new funding rate, in percent.
    pub rate_percent: Option<Decimal>,
    /// The new end of the project.
    pub end: Option<NaiveDate>,
    /// New plans of categories.
    pub plan: Vec<PlanChange>,
}

/// A category's plan as a change decision sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    /// The category's index.
    pub category: usize,
    /// The new plan in all.
    pub total: Decimal,
    /// By year, when given.
    pub by_year: Vec<(i32, Decimal)>,
}

/// An advance (ennakko) the funder paid before the costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advance {
    /// The day it was paid: counted as paid from it.
    pub date: NaiveDate,
    /// The amount.
    pub amount: Decimal,
    /// How it is netted.
    pub netted: Netting,
}

/// How an advance is netted against the funder's payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Netting {
    /// Against the next payments, as each decision states (or, where a
    /// decision states nothing, as much as its payment allows).
    Next,
    /// Against the final payment.
    Final,
}

impl Category {
    /// The category's name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.name_fi,
            Lang::En => &self.name_en,
        }
    }
}

/// A payment period of the funding decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its name ("1", "2021/1", …).
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Period {
    /// True when the date falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }
}

/// SHA-256 of bytes as lower-case hex.
///
/// ```
/// assert_eq!(
///     velho::import::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes))
}

/// Bytes (a digest) as lower-case hex, as the Sources sheet shows hashes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million rows are held while a workbook's reader runs (issue 18):
    /// five codes as 4-byte numbers keep a row at 96 bytes.
    #[test]
    fn a_row_stays_small() {
        assert_eq!(std::mem::size_of::<Code>(), 4);
        assert_eq!(std::mem::size_of::<Description>(), 12);
        assert!(
            std::mem::size_of::<LedgerRow>() <= 80,
            "{}",
            std::mem::size_of::<LedgerRow>()
        );
    }

    #[test]
    fn an_amount_is_held_in_whole_cents() {
        let cents = |s: &str| Cents::of(s.parse().unwrap()).map(Cents::amount);
        assert_eq!(cents("-1234.5"), Some("-1234.50".parse().unwrap()));
        assert_eq!(cents("0.01").map(|a| a.to_string()), Some("0.01".into()));
        assert_eq!(cents("12.340"), Some("12.34".parse().unwrap()));
        assert_eq!(cents("12.345"), None, "a part of a cent is not dropped");
        // The largest amount an import reads (under 10¹³ €, twice for
        // debit − credit) fits with room; 64 bits of cents end past 9.2 × 10¹⁶ €.
        assert!(cents("-19999999999999.99").is_some());
        assert_eq!(cents("92233720368547758.08"), None);
        // Up to two decimals, scaled without Decimal arithmetic: as the
        // arithmetic gives, at the ends of 64 bits too.
        assert_eq!(cents("7"), Some("7.00".parse().unwrap()));
        assert_eq!(cents("-0.5"), Some("-0.50".parse().unwrap()));
        assert_eq!(cents("-0"), Some(Decimal::ZERO));
        assert_eq!(
            cents("92233720368547758.07").map(|a| a.to_string()),
            Some("92233720368547758.07".into())
        );
        assert_eq!(
            cents("-92233720368547758.08").map(|a| a.to_string()),
            Some("-92233720368547758.08".into())
        );
        assert_eq!(cents("-92233720368547758.09"), None);
        assert_eq!(cents("922337203685477581"), None);
        for mantissa in [
            0i64,
            1,
            -1,
            99,
            -101,
            123_456_789,
            i64::MAX / 100,
            i64::MIN / 100,
        ] {
            for scale in 0..=2 {
                let amount = Decimal::new(mantissa, scale);
                let by_arithmetic = amount * Decimal::ONE_HUNDRED;
                assert_eq!(
                    Cents::of(amount).map(|c| Decimal::from(c.0)),
                    Some(by_arithmetic),
                    "{amount}"
                );
            }
        }
    }

    #[test]
    fn codes_read_compare_and_sort_as_their_texts() {
        let (a, b) = (Code::from("4000"), Code::from(String::from("4000")));
        assert_eq!(a, b);
        assert_eq!(&*a, "4000");
        assert_ne!(a, Code::from("4010"));
        assert!(Code::from("4010") < Code::from("5"));
        assert_eq!(&*Code::default(), "");
        assert_eq!(Codes::default().get("4000"), a);
        let set: std::collections::HashSet<Code> = [a].into_iter().collect();
        assert!(set.contains("4000"));
    }
}
