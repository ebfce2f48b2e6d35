//! Exact money: parsing amounts as finance staff write them, converting
//! spreadsheet numbers, and the one rounding rule.
//!
//! Every amount is a [`Decimal`]. Text is parsed by a locale-aware parser that
//! accepts only what an accounting export really writes (never `1e3`, `1_000`
//! or `0x10`); spreadsheet numbers arrive as `f64` and go through Excel's own
//! 15 significant digits. Rounding is half away from zero, to the cent
//! (Reg. (EC) 1103/97 art. 5), and sums are checked.

use rust_decimal::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};
use crate::text::Message;

/// Amounts must stay below this (10^13): beyond it a spreadsheet's 15
/// significant digits no longer hold the cents, and sums of up to 2^32 rows
/// stay far from `Decimal`'s limit.
pub const LARGEST_AMOUNT: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);

/// Which character separates the cents in a file's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1 234,56` or `1.234,56` (Finnish and most of Europe).
    Comma,
    /// `1,234.56` or `1234.56` (English, ISO, machine exports).
    Point,
}

impl DecimalMark {
    fn char(self) -> char {
        match self {
            DecimalMark::Comma => ',',
            DecimalMark::Point => '.',
        }
    }

    /// The other mark (the thousands separator when this one is the decimal mark).
    pub fn other(self) -> DecimalMark {
        match self {
            DecimalMark::Comma => DecimalMark::Point,
            DecimalMark::Point => DecimalMark::Comma,
        }
    }

    /// The mark's name for messages.
    pub fn describe(self) -> &'static str {
        match self {
            DecimalMark::Comma => "decimal comma",
            DecimalMark::Point => "decimal point",
        }
    }
}

/// What one amount text says about the file's decimal mark.
pub fn decimal_mark_evidence(text: &str) -> Option<DecimalMark> {
    let last_comma = text.rfind(',');
    let last_point = text.rfind('.');
    match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(if c > p {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }),
        (Some(c), None) => single_separator_evidence(text, c, DecimalMark::Comma),
        (None, Some(p)) => single_separator_evidence(text, p, DecimalMark::Point),
        (None, None) => None,
    }
}

/// `12,5` says comma; `1,234` alone says nothing (it could be a thousand);
/// `1.234.567` says comma (a mark that appears twice separates thousands).
fn single_separator_evidence(text: &str, at: usize, mark: DecimalMark) -> Option<DecimalMark> {
    let occurrences = text.matches(mark.char()).count();
    let digits_after = text[at + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if occurrences > 1 {
        let groups_of_three = text[text.find(mark.char()).unwrap_or(at)..]
            .split(mark.char())
            .skip(1)
            .all(|g| g.chars().take_while(|c| c.is_ascii_digit()).count() == 3);
        groups_of_three.then(|| mark.other())
    } else if digits_after != 3 {
        Some(mark)
    } else {
        None
    }
}

/// Why a text is not an amount, said in the run's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError(pub Message);

/// Parses an amount as accounting exports write it.
///
/// Accepted: `1234,56`, `1 234,56` (space, no-break space or narrow no-break
/// space between thousands), `1.234,56`, `1,234.56`, `-1 234,56`, `1.234,56-`,
/// `(1 234,56)`, `−12,50` (U+2212), `+12,50`, a `€` or `EUR` suffix or prefix.
/// With `mark` unknown, an amount with a separator is ambiguous and refused.
///
/// ```
/// use velho::money::{DecimalMark, parse_amount};
/// let comma = Some(DecimalMark::Comma);
/// assert_eq!(parse_amount("1 234,56-", comma).unwrap().to_string(), "-1234.56");
/// assert_eq!(parse_amount("(1.234,56)", comma).unwrap().to_string(), "-1234.56");
/// assert!(parse_amount("1e3", comma).is_err());
/// assert!(parse_amount("1.234", None).is_err()); // 1.234 or 1234?
/// ```
pub fn parse_amount(text: &str, mark: Option<DecimalMark>) -> Result<Decimal, AmountError> {
    let outer = strip_currency(text.trim())?;
    let (negative, body) = split_sign(outer)?;
    let body = strip_currency(body)?;
    let digits = normalise_digits(body, mark)?;
    let value = Decimal::from_str_exact(&digits).map_err(|_| {
        AmountError(Message::new("import.amount.parse.too_many_digits").with("text", text))
    })?;
    Ok(if negative { -value } else { value })
}

fn split_sign(text: &str) -> Result<(bool, &str), AmountError> {
    if text.is_empty() {
        return Err(AmountError(Message::new("import.amount.parse.empty")));
    }
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return Ok((true, inner.trim()));
    }
    if let Some(rest) = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('\u{2212}'))
    {
        return Ok((true, rest.trim_start()));
    }
    if let Some(rest) = text.strip_prefix('+') {
        return Ok((false, rest.trim_start()));
    }
    if let Some(rest) = text
        .strip_suffix('-')
        .or_else(|| text.strip_suffix('\u{2212}'))
    {
        return Ok((true, rest.trim_end()));
    }
    Ok((false, text))
}

fn strip_currency(text: &str) -> Result<&str, AmountError> {
    // A spreadsheet's overflow or error written out as text, not a currency.
    if ["INF", "-INF", "NAN", "INFINITY", "-INFINITY"]
        .contains(&text.trim().to_ascii_uppercase().as_str())
    {
        return Err(AmountError(
            Message::new("import.amount.parse.overflowed").with("text", text),
        ));
    }
    if let Some(code) = foreign_currency(text) {
        return Err(AmountError(
            Message::new("import.amount.parse.currency")
                .with("text", text)
                .with("currency", code),
        ));
    }
    let stripped = text
        .strip_suffix('€')
        .or_else(|| text.strip_suffix("EUR"))
        .or_else(|| text.strip_prefix('€'))
        .or_else(|| text.strip_prefix("EUR"))
        .unwrap_or(text)
        .trim();
    if stripped.is_empty() {
        return Err(AmountError(
            Message::new("import.amount.parse.no_digits").with("text", text),
        ));
    }
    Ok(stripped)
}

/// A currency code or sign other than the euro at either end: `SEK`, `$`.
fn foreign_currency(text: &str) -> Option<&str> {
    const SIGNS: [&str; 4] = ["$", "£", "¥", "kr"];
    let code = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) && s != "EUR";
    let first = text
        .split(|c: char| c.is_whitespace() || c.is_ascii_digit())
        .next()?;
    let last = text
        .rsplit(|c: char| c.is_whitespace() || c.is_ascii_digit())
        .next()?;
    [first, last]
        .into_iter()
        .find(|s| code(s) || SIGNS.contains(s))
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Turns `1 234,56` into `1234.56`, checking thousands groups and the mark.
fn normalise_digits(body: &str, mark: Option<DecimalMark>) -> Result<String, AmountError> {
    let bad = || AmountError(Message::new("import.amount.parse.not_an_amount").with("text", body));
    if body
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == ',' || c == '.' || is_group_space(c)))
    {
        return Err(bad());
    }
    let has_separator = body.contains(',') || body.contains('.');
    let mark = match (mark, has_separator) {
        (Some(mark), _) => mark,
        (None, false) => DecimalMark::Comma,
        (None, true) => match decimal_mark_evidence(body) {
            Some(mark) => mark,
            None => {
                return Err(AmountError(
                    Message::new("import.amount.parse.ambiguous")
                        .with("text", body)
                        .with("whole", body.replace([',', '.'], ""))
                        .with("decimal", body.replace(',', ".")),
                ));
            }
        },
    };
    let (integer, fraction) = match body.rfind(mark.char()) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let integer = ungroup(integer, mark).ok_or_else(bad)?;
    match fraction {
        Some(f) if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) => Err(bad()),
        Some(f) => Ok(format!("{integer}.{f}")),
        None => Ok(integer),
    }
}

/// Removes thousands separators, insisting on groups of three digits.
fn ungroup(integer: &str, mark: DecimalMark) -> Option<String> {
    let other = match mark {
        DecimalMark::Comma => '.',
        DecimalMark::Point => ',',
    };
    let groups: Vec<&str> = integer
        .split(|c: char| is_group_space(c) || c == other)
        .collect();
    let first = groups.first()?;
    let first_ok =
        !first.is_empty() && first.len() <= if groups.len() > 1 { 3 } else { usize::MAX };
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

/// Converts a spreadsheet number (an `f64`) to the decimal Excel shows,
/// through Excel's 15 significant digits: `1234.5600000000001` is `1234.56`.
///
/// Whole numbers and whole cents (almost every amount and code of a ledger)
/// take a fast path with the same result as formatting the 15 digits.
pub fn from_spreadsheet_number(value: f64) -> Option<Decimal> {
    if let Some(whole) = whole_number(value) {
        return Some(Decimal::from(whole));
    }
    if let Some(cents) = whole_cents(value) {
        return Some(Decimal::new(cents, 2).normalize());
    }
    from_fifteen_digits(value)
}

/// Below 10^15 a whole `f64` has at most 15 digits: Excel's 15 significant
/// digits are the number itself. (From 10^15 on they round it: 2^53 − 1 is
/// 9007199254740990 in Excel.)
const WHOLE_BELOW: f64 = 1e15;

/// The number as an integer when it is a whole number of at most 15 digits.
pub(crate) fn whole_number(value: f64) -> Option<i64> {
    (value.abs() < WHOLE_BELOW && value.fract() == 0.0).then_some(value as i64)
}

/// The number in cents when it is the `f64` nearest to a whole number of
/// cents of at most 15 digits. Such a decimal survives the trip to the
/// nearest `f64` and back to 15 significant digits (an `f64` holds any
/// decimal of 15 significant digits), so the slow path gives it too.
fn whole_cents(value: f64) -> Option<i64> {
    let cents = (value * 100.0).round();
    (cents.abs() < WHOLE_BELOW && cents / 100.0 == value).then_some(cents as i64)
}

/// Excel's 15 significant digits, by formatting the number and parsing the
/// digits (the slow path, and the reference the fast ones are tested against).
pub(crate) fn from_fifteen_digits(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{value:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

/// Rounds to the cent, half away from zero.
///
/// ```
/// use velho::money::round_cents;
/// let r = |s: &str| round_cents(s.parse().unwrap()).to_string();
/// assert_eq!(r("2.665"), "2.67"); // banker's rounding would give 2.66
/// assert_eq!(r("-0.125"), "-0.13");
/// ```
pub fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// True when the amount has no part smaller than a cent.
///
/// ```
/// use velho::money::is_whole_cents;
/// let w = |s: &str| is_whole_cents(s.parse().unwrap());
/// assert!(w("12.34") && w("-12") && w("12.340") && w("0.000"));
/// assert!(!w("12.345") && !w("-0.001"));
/// ```
pub fn is_whole_cents(value: Decimal) -> bool {
    // (Two decimals or fewer need no rounding to tell: the common case, cheaply.)
    value.scale() <= 2 || round_cents(value) == value
}

/// `a + b`, or an overflow error naming the figure.
pub fn checked_add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::Overflow { what: what.into() })
}

/// `a × percent / 100`, rounded to the cent.
pub fn percent_of(a: Decimal, percent: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(percent)
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
        .map(round_cents)
        .ok_or_else(|| Error::Overflow { what: what.into() })
}

/// Formats an amount for a message: `1 234,56 €` in Finnish, `€1,234.56` in English.
pub fn format_eur(value: Decimal, finnish: bool) -> String {
    let cents = round_cents(value);
    let negative = cents.is_sign_negative() && !cents.is_zero();
    let text = format!("{:.2}", cents.abs());
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let separator = if finnish { '\u{a0}' } else { ',' };
    let mut grouped = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if finnish {
        format!("{sign}{grouped},{fraction}\u{a0}€")
    } else {
        format!("{sign}€{grouped}.{fraction}")
    }
}

/// The value as an `f64` for a spreadsheet cell (exact for cent amounts below 2^53 cents).
pub fn to_cell_number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parses_what_exports_write() {
        let comma = Some(DecimalMark::Comma);
        let point = Some(DecimalMark::Point);
        let cases = [
            ("1234,56", comma, "1234.56"),
            ("1 234,56", comma, "1234.56"),
            ("1\u{a0}234,56", comma, "1234.56"),
            ("1\u{202f}234,56", comma, "1234.56"),
            ("1.234,56", comma, "1234.56"),
            ("1,234.56", point, "1234.56"),
            ("-1 234,56", comma, "-1234.56"),
            ("1.234,56-", comma, "-1234.56"),
            ("(1 234,56)", comma, "-1234.56"),
            ("\u{2212}12,50", comma, "-12.50"),
            ("12,50 €", comma, "12.50"),
            ("12,50 EUR", comma, "12.50"),
            ("(250,00) €", comma, "-250.00"),
            ("-1 234,56 EUR", comma, "-1234.56"),
            ("€ -5,00", comma, "-5.00"),
            ("+7", None, "7"),
            ("12,5", None, "12.5"),
            ("1 000 000", None, "1000000"),
        ];
        for (text, mark, want) in cases {
            assert_eq!(parse_amount(text, mark), Ok(dec(want)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        let comma = Some(DecimalMark::Comma);
        for text in [
            "", "1e3", "1_000", "0x10", "#N/A", "abc", "12,34,56", "1 23,00", "12,", "--5",
        ] {
            assert!(parse_amount(text, comma).is_err(), "{text} should fail");
        }
        let err = parse_amount("1.234", None).unwrap_err();
        assert_eq!(err.0.key(), "import.amount.parse.ambiguous");
        assert_eq!(
            err.0.say(crate::text::Lang::En),
            "\"1.234\" is ambiguous: the file's decimal mark is not known, so it could be 1234 or 1.234"
        );
        for text in ["12,50 SEK", "SEK 12,50", "$12.50", "12,50 kr"] {
            let err = parse_amount(text, comma).unwrap_err();
            assert_eq!(err.0.key(), "import.amount.parse.currency", "{text}");
        }
        // Said in the run's language.
        let err = parse_amount("sata euroa", comma).unwrap_err();
        assert_eq!(
            err.0.say(crate::text::Lang::Fi),
            "\"sata euroa\" ei ole rahamäärä"
        );
        assert_eq!(
            err.0.say(crate::text::Lang::En),
            "\"sata euroa\" is not an amount"
        );
    }

    #[test]
    fn evidence_for_the_decimal_mark() {
        assert_eq!(decimal_mark_evidence("1234,56"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_evidence("1.234,56"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_evidence("1,234.56"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_evidence("1.234"), None);
        assert_eq!(decimal_mark_evidence("1.234.567"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_evidence("1,234,567"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_evidence("12,34,56"), None);
        assert_eq!(decimal_mark_evidence("1234"), None);
    }

    #[test]
    fn spreadsheet_numbers_become_exact_cents() {
        assert_eq!(
            from_spreadsheet_number(1234.5600000000001),
            Some(dec("1234.56"))
        );
        assert_eq!(from_spreadsheet_number(4.35 * 100.0), Some(dec("435")));
        assert_eq!(
            from_spreadsheet_number(4498379243403.48),
            Some(dec("4498379243403.48"))
        );
        assert_eq!(from_spreadsheet_number(0.1), Some(dec("0.1")));
        assert_eq!(from_spreadsheet_number(f64::NAN), None);
    }

    /// The fast paths give exactly what the 15 digits give: the same value,
    /// scale and sign (compared as `Decimal`'s bytes).
    fn same_as_fifteen_digits(value: f64) -> std::result::Result<(), TestCaseError> {
        let fast = from_spreadsheet_number(value).map(|d| d.serialize());
        let slow = from_fifteen_digits(value).map(|d| d.serialize());
        prop_assert_eq!(fast, slow, "{:e} ({:?})", value, value.to_bits());
        Ok(())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn fast_paths_match_cents(cents in prop_oneof![
            -100_000i64..100_000,
            -(10i64.pow(15) - 1)..10i64.pow(15),
            (10i64.pow(15) - 1000)..(10i64.pow(15) + 1000),
            -(10i64.pow(17))..10i64.pow(17),
        ]) {
            same_as_fifteen_digits(cents as f64 / 100.0)?;
            same_as_fifteen_digits(-(cents as f64) / 100.0)?;
            // Sums of amounts carry the binary error of each.
            same_as_fifteen_digits(cents as f64 / 100.0 + 0.1 + 0.2 - 0.3)?;
            same_as_fifteen_digits((cents as f64 / 100.0) * 1.1)?;
        }

        #[test]
        fn fast_paths_match_integers(n in prop_oneof![
            -1000i64..1000,
            -(1i64 << 53)..(1i64 << 53),
            (10i64.pow(15) - 1000)..(10i64.pow(15) + 1000),
            any::<i64>(),
        ]) {
            same_as_fifteen_digits(n as f64)?;
            same_as_fifteen_digits(-(n as f64))?;
        }

        #[test]
        fn fast_paths_match_any_number(bits in any::<u64>()) {
            same_as_fifteen_digits(f64::from_bits(bits))?;
        }

        #[test]
        fn fast_paths_match_scaled_numbers(mantissa in -1e6f64..1e6, exponent in -30i32..30) {
            same_as_fifteen_digits(mantissa * 10f64.powi(exponent))?;
            same_as_fifteen_digits(mantissa.trunc() * 10f64.powi(exponent))?;
        }
    }

    #[test]
    fn fast_paths_match_edges() {
        let edges = [
            0.0,
            -0.0,
            0.01,
            -0.01,
            0.005,
            0.015,
            0.1 + 0.2,
            1234.5600000000001,
            4.35 * 100.0,
            4498379243403.48,
            9_999_999_999_999.99,
            99_999_999_999_999.9,
            999_999_999_999_999.0,
            1e15,
            1e15 - 1.0,
            1e15 + 1.0,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            -5e-324,
            1e-15,
            0.000_000_01,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for value in edges {
            same_as_fifteen_digits(value).unwrap();
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_cents(dec("2.665")), dec("2.67"));
        assert_eq!(round_cents(dec("0.125")), dec("0.13"));
        assert_eq!(round_cents(dec("-0.125")), dec("-0.13"));
        assert_eq!(
            percent_of(dec("226050"), dec("24"), "x").unwrap(),
            dec("54252.00")
        );
    }

    #[test]
    fn formats_for_messages() {
        assert_eq!(
            format_eur(dec("-1234567.5"), true),
            "-1\u{a0}234\u{a0}567,50\u{a0}€"
        );
        assert_eq!(format_eur(dec("1234.5"), false), "€1,234.50");
        assert_eq!(format_eur(dec("12"), false), "€12.00");
    }

    #[test]
    fn the_largest_amount_is_ten_to_the_thirteenth() {
        assert_eq!(LARGEST_AMOUNT, dec("10000000000000"));
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert!(checked_add(Decimal::MAX, Decimal::ONE, "total").is_err());
    }
}
