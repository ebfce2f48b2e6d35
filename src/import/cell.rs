//! One cell as a reader delivers it (CSV field or spreadsheet value), its
//! text as the import reads codes from it, and the fast paths for the
//! commonest date (`d.m.yyyy`) and amount (`-1234,56`) texts, which give
//! exactly what the general parsers give.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::{self, DecimalMark};

/// One cell as a reader delivers it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Empty,
    /// Text (all CSV fields are text).
    Text(Cow<'a, str>),
    /// A spreadsheet number.
    Number(f64),
    /// A spreadsheet date.
    Date(NaiveDate),
    /// A spreadsheet error value such as `#N/A`.
    Error(String),
}

impl Cell<'_> {
    /// The cell as text: `4000.0` becomes `4000`, a date becomes ISO.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            Cell::Number(n) => Cow::Owned(match money::whole_number(*n) {
                Some(whole) => whole.to_string(),
                None => money::from_spreadsheet_number(*n)
                    .map_or_else(|| n.to_string(), |d| d.to_string()),
            }),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Error(e) => Cow::Borrowed(e),
        }
    }

    /// [`text`](Self::text), without allocating for a whole number (a code
    /// such as an account or cost centre): its digits are written into `digits`.
    pub(crate) fn text_in<'s>(&'s self, digits: &'s mut Digits) -> Cow<'s, str> {
        if let Cell::Number(n) = self
            && let Some(whole) = money::whole_number(*n)
        {
            return Cow::Borrowed(digits.of(whole));
        }
        self.text()
    }

    /// True for an empty cell or blank text.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// Room for the digits of a whole number of a cell (at most 15 and a sign).
#[derive(Default)]
pub(crate) struct Digits([u8; 20]);

impl Digits {
    /// `whole` in decimal, as `i64`'s `Display` writes it.
    fn of(&mut self, whole: i64) -> &str {
        use std::io::Write;
        let mut free = &mut self.0[..];
        // An i64 has at most 20 characters; the buffer always has room.
        let written = match write!(free, "{whole}") {
            Ok(()) => 20 - free.len(),
            Err(_) => 0,
        };
        std::str::from_utf8(&self.0[..written]).unwrap_or("")
    }
}

/// A date written `d.m.yyyy` and nothing else (`1.9.2020`, `01.09.2020`),
/// read without the general parser; `None` sends it there (other forms,
/// spaces, a time, a date that does not exist: the parser names the fault).
pub(super) fn day_month_year(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let (day, rest) = one_or_two_digits(b)?;
    let rest = rest.strip_prefix(b".")?;
    let (month, rest) = one_or_two_digits(rest)?;
    let year = rest.strip_prefix(b".")?;
    if year.len() != 4 || !year.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = year.iter().fold(0, |y, &d| y * 10 + i32::from(d - b'0'));
    NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
}

/// One or two leading ASCII digits as a number, and the bytes after them.
fn one_or_two_digits(b: &[u8]) -> Option<(u8, &[u8])> {
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|c| c - b'0');
    let first = digit(0)?;
    match digit(1) {
        Some(second) => Some((first * 10 + second, &b[2..])),
        None => Some((first, &b[1..])),
    }
}

/// An amount written plainly: an optional `-`, 1 to 13 digits, and a
/// decimal mark followed by one or two digits (`1234,56`, `-12.5`, `300`).
/// It is read exactly as [`money::parse_amount`] reads it, without the
/// general parser; anything else (spaces, groups, signs after, currency)
/// goes there.
pub(super) struct PlainAmount {
    pub(super) negative: bool,
    /// The digits without the mark, as a whole number.
    pub(super) digits: i64,
    /// Digits after the mark.
    pub(super) scale: u32,
    /// The decimal mark the text shows (`None` without one).
    pub(super) mark: Option<DecimalMark>,
}

impl PlainAmount {
    pub(super) fn of(text: &str) -> Option<PlainAmount> {
        let b = text.as_bytes();
        let (negative, b) = match b.strip_prefix(b"-") {
            Some(rest) => (true, rest),
            None => (false, b),
        };
        let integer_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=13).contains(&integer_len) {
            return None;
        }
        let (mark, fraction) = match b.get(integer_len) {
            None => (None, &b[..0]),
            Some(b',') => (Some(DecimalMark::Comma), &b[integer_len + 1..]),
            Some(b'.') => (Some(DecimalMark::Point), &b[integer_len + 1..]),
            Some(_) => return None,
        };
        if mark.is_some()
            && (!(1..=2).contains(&fraction.len()) || !fraction.iter().all(u8::is_ascii_digit))
        {
            return None;
        }
        let digits = b[..integer_len]
            .iter()
            .chain(fraction)
            .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
        Some(PlainAmount {
            negative,
            digits,
            scale: fraction.len() as u32,
            mark,
        })
    }

    pub(super) fn value(&self) -> Decimal {
        let value = Decimal::new(self.digits, self.scale);
        if self.negative { -value } else { value }
    }
}
