//! Property tests: every amount and date velho can write in a supported
//! form reads back to the same value.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use velho::dates::{self, DateForm, SlashOrder};
use velho::money::{DecimalMark, from_spreadsheet_number, parse_amount};

/// Cents below 10^13 euros, the largest amount velho accepts.
fn cents() -> impl Strategy<Value = i64> {
    prop_oneof![-100_000i64..100_000, -(10i64.pow(15) - 1)..10i64.pow(15)]
}

fn grouped(digits: &str, separator: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// `cents` written with a decimal mark, a thousands separator, a sign style and a currency.
fn written(cents: i64, mark: DecimalMark, group: &str, sign: usize, currency: &str) -> String {
    let magnitude = cents.unsigned_abs();
    let whole = grouped(&(magnitude / 100).to_string(), group);
    let point = if mark == DecimalMark::Comma { ',' } else { '.' };
    let number = format!("{whole}{point}{:02}", magnitude % 100);
    let signed = match (cents < 0, sign) {
        (false, 0) => format!("+{number}"),
        (false, _) => number,
        (true, 0) => format!("-{number}"),
        (true, 1) => format!("{number}-"),
        (true, 2) => format!("({number})"),
        (true, _) => format!("\u{2212}{number}"),
    };
    format!("{signed}{currency}")
}

proptest! {
    #[test]
    fn amounts_round_trip_through_every_written_form(
        cents in cents(),
        comma in any::<bool>(),
        group in 0usize..4,
        sign in 0usize..4,
        currency in prop::sample::select(vec!["", " €", "€", " EUR"]),
    ) {
        let mark = if comma { DecimalMark::Comma } else { DecimalMark::Point };
        let group = match (mark, group) {
            (_, 0) => "",
            (_, 1) => " ",
            (_, 2) => "\u{a0}",
            (DecimalMark::Comma, _) => ".",
            (DecimalMark::Point, _) => ",",
        };
        let text = written(cents, mark, group, sign, currency);
        let expected = Decimal::new(cents, 2);
        prop_assert_eq!(parse_amount(&text, Some(mark)), Ok(expected), "{}", text);
        prop_assert_eq!(parse_amount(&text, None), Ok(expected), "{} (mark from the text)", text);
    }

    #[test]
    fn spreadsheet_numbers_keep_their_cents(cents in cents()) {
        let value = cents as f64 / 100.0;
        prop_assert_eq!(from_spreadsheet_number(value), Some(Decimal::new(cents, 2).normalize()));
    }

    #[test]
    fn dates_round_trip_through_every_written_form(days in 0i64..2_900_000) {
        let date = NaiveDate::from_ymd_opt(1900, 3, 1).unwrap() + chrono::Duration::days(days);
        let (y, m, d) = (date.year(), date.month(), date.day());
        let forms = [
            (format!("{d}.{m}.{y}"), SlashOrder::Unknown, DateForm::DayMonthYear),
            (format!("{d:02}.{m:02}.{y}"), SlashOrder::Unknown, DateForm::DayMonthYear),
            (format!("{y}-{m:02}-{d:02}"), SlashOrder::Unknown, DateForm::Iso),
            (format!("{y}{m:02}{d:02}"), SlashOrder::Unknown, DateForm::Compact),
            (format!("{y}/{m:02}/{d:02}"), SlashOrder::Unknown, DateForm::YearFirstSlash),
            (format!("{d}/{m}/{y}"), SlashOrder::DayFirst, DateForm::DayFirstSlash),
            (format!("{m:02}/{d:02}/{y}"), SlashOrder::MonthFirst, DateForm::MonthFirstSlash),
            (format!("{y}-{m:02}-{d:02}T00:00:00"), SlashOrder::Unknown, DateForm::Iso),
        ];
        for (text, order, form) in forms {
            prop_assert_eq!(dates::parse_date_in(&text, order), Ok((date, form)), "{}", text);
        }
        let serial_1900 = (date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        prop_assert_eq!(dates::from_excel_serial(serial_1900, false), Some(date));
        prop_assert_eq!(dates::from_excel_serial(serial_1900 + 0.5, false), Some(date));
        let serial_1904 = (date - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
        if serial_1904 >= 1.0 {
            prop_assert_eq!(dates::from_excel_serial(serial_1904, true), Some(date));
        }
    }

    #[test]
    fn two_digit_years_are_never_guessed(d in 1u32..29, m in 1u32..13, y in 0u32..100) {
        let text = format!("{d}.{m}.{y:02}");
        prop_assert!(dates::parse_date(&text).is_err(), "{}", text);
    }
}
