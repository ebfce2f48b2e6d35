//! Dates as exports and people write them: `d.m.yyyy`, `dd.mm.yyyy`, ISO
//! `yyyy-mm-dd`, `yyyymmdd`, and Excel serial numbers. Two-digit years and
//! impossible dates are refused, never guessed.

use chrono::{Datelike, Duration, NaiveDate};

/// Parses a date written as text. The error says what was expected.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let t = t.split_once([' ', 'T']).map_or(t, |(date, _time)| date);
    let parts: Vec<&str> = t.split(['.', '-', '/']).collect();
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !parts.iter().all(|p| all_digits(p)) {
        return Err(format!(
            "\"{text}\" is not a date (expected d.m.yyyy or yyyy-mm-dd)"
        ));
    }
    let (year, month, day) = match (parts.as_slice(), t.contains('/')) {
        ([ymd], _) if ymd.len() == 8 => (&ymd[..4], &ymd[4..6], &ymd[6..]),
        ([y, m, d], false) if t.contains('-') && y.len() == 4 => (*y, *m, *d),
        ([d, m, y], false) if t.contains('.') => (*y, *m, *d),
        ([_, _, _], true) => {
            return Err(format!(
                "\"{text}\" is ambiguous: day/month or month/day? Write it as d.m.yyyy or yyyy-mm-dd"
            ));
        }
        _ => {
            return Err(format!(
                "\"{text}\" is not a date (expected d.m.yyyy or yyyy-mm-dd)"
            ));
        }
    };
    if year.len() != 4 {
        return Err(format!(
            "\"{text}\" has a {}-digit year; write the year in full (e.g. 2021)",
            year.len()
        ));
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(number(year) as i32, number(month), number(day))
        .ok_or_else(|| format!("\"{text}\" is not a real date"))
}

/// Converts an Excel serial day number to a date (1900 or 1904 system).
/// Fractions (times of day) are dropped. Only dates from 1900 to 9999 are accepted.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        // Excel counts 1900-02-29, which did not exist; serials from 61 on are one day ahead.
        NaiveDate::from_ymd_opt(1899, 12, if days >= 61 { 30 } else { 31 })?
    };
    base.checked_add_signed(Duration::days(days))
}

/// Formats a date the Finnish way, `1.9.2020`.
pub fn finnish(date: NaiveDate) -> String {
    format!("{}.{}.{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepts_the_usual_forms() {
        for text in [
            "1.9.2020",
            "01.09.2020",
            "2020-09-01",
            "20200901",
            "1.9.2020 00:00",
            "2020-09-01T00:00:00",
        ] {
            assert_eq!(parse_date(text), Ok(ymd(2020, 9, 1)), "{text}");
        }
    }

    #[test]
    fn refuses_impossible_short_and_ambiguous_dates() {
        assert!(
            parse_date("31.02.2022")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            parse_date("29.02.2023")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(parse_date("1.2.22").unwrap_err().contains("2-digit year"));
        assert!(parse_date("01/02/2022").unwrap_err().contains("ambiguous"));
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn excel_serials_in_both_systems() {
        assert_eq!(from_excel_serial(44075.0, false), Some(ymd(2020, 9, 1)));
        assert_eq!(from_excel_serial(44075.75, false), Some(ymd(2020, 9, 1)));
        assert_eq!(
            from_excel_serial(44075.0 - 1462.0, true),
            Some(ymd(2020, 9, 1))
        );
        assert_eq!(from_excel_serial(1.0, false), Some(ymd(1900, 1, 1)));
        assert_eq!(from_excel_serial(-3.0, false), None);
    }

    #[test]
    fn finnish_form() {
        assert_eq!(finnish(ymd(2022, 12, 31)), "31.12.2022");
    }
}
