//! Dates as exports and people write them: `d.m.yyyy`, `dd.mm.yyyy`, ISO
//! `yyyy-mm-dd`, `yyyymmdd`, `yyyy/mm/dd`, `d/m/yyyy` or `m/d/yyyy` (the
//! order decided from the whole column), and Excel serial numbers in the
//! 1900 and 1904 date systems. Two-digit years and impossible dates are
//! refused, never guessed.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};

use crate::text::Message;

/// How a date was written; a file's date format is the set of forms it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `1.9.2020`, `01.09.2020`.
    DayMonthYear,
    /// `2020-09-01`.
    Iso,
    /// `20200901`.
    Compact,
    /// `2020/09/01`.
    YearFirstSlash,
    /// `1/9/2020`, day first.
    DayFirstSlash,
    /// `9/1/2020`, month first.
    MonthFirstSlash,
    /// A spreadsheet date cell.
    DateCell,
    /// A spreadsheet serial day number, 1900 date system.
    Serial1900,
    /// A spreadsheet serial day number, 1904 date system.
    Serial1904,
}

impl DateForm {
    /// Every form, in the order [`DateForms::describe`] lists them.
    pub const ALL: [DateForm; 9] = [
        DateForm::DayMonthYear,
        DateForm::Iso,
        DateForm::Compact,
        DateForm::YearFirstSlash,
        DateForm::DayFirstSlash,
        DateForm::MonthFirstSlash,
        DateForm::DateCell,
        DateForm::Serial1900,
        DateForm::Serial1904,
    ];
}

impl fmt::Display for DateForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateForm::DayMonthYear => "d.m.yyyy",
            DateForm::Iso => "yyyy-mm-dd",
            DateForm::Compact => "yyyymmdd",
            DateForm::YearFirstSlash => "yyyy/mm/dd",
            DateForm::DayFirstSlash => "d/m/yyyy",
            DateForm::MonthFirstSlash => "m/d/yyyy",
            DateForm::DateCell => "date cells",
            DateForm::Serial1900 => "serial day numbers (1900 date system)",
            DateForm::Serial1904 => "serial day numbers (1904 date system)",
        })
    }
}

/// The set of date forms a file used (for `inspect` and the Sources sheet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateForms(u16);

impl DateForms {
    /// Adds a form.
    pub fn add(&mut self, form: DateForm) {
        self.0 |= 1 << form as u16;
    }

    /// `d.m.yyyy, yyyy-mm-dd`, or `none` when the file had no dates.
    pub fn describe(self) -> String {
        let forms: Vec<String> = DateForm::ALL
            .iter()
            .filter(|f| self.0 & (1 << **f as u16) != 0)
            .map(ToString::to_string)
            .collect();
        if forms.is_empty() {
            "none".into()
        } else {
            forms.join(", ")
        }
    }
}

/// Which order a file's `a/b/yyyy` dates use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    /// Not known: `01/02/2022` is ambiguous.
    Unknown,
    /// `d/m/yyyy`.
    DayFirst,
    /// `m/d/yyyy`.
    MonthFirst,
}

/// Parses a date written as text; `a/b/yyyy` dates are refused as ambiguous.
/// The error says what was expected.
///
/// ```
/// use velho::dates::parse_date;
/// assert_eq!(parse_date("1.9.2020").unwrap().to_string(), "2020-09-01");
/// assert!(parse_date("1.9.20").is_err()); // two-digit year
/// assert!(parse_date("31.2.2020").is_err()); // no such day
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, Message> {
    parse_date_in(text, SlashOrder::Unknown).map(|(date, _)| date)
}

/// What an `a/b/yyyy` date says about the column's order: a first part above
/// 12 can only be a day, a second part above 12 only a day.
pub fn slash_evidence(text: &str) -> Option<SlashOrder> {
    let t = date_part(text);
    let parts: Vec<&str> = t.split('/').collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
    match (a > 12, b > 12) {
        (true, false) => Some(SlashOrder::DayFirst),
        (false, true) => Some(SlashOrder::MonthFirst),
        _ => None,
    }
}

fn date_part(text: &str) -> &str {
    let t = text.trim();
    t.split_once([' ', 'T']).map_or(t, |(date, _time)| date)
}

fn not_a_date(text: &str) -> Message {
    Message::new("import.date.parse.not_a_date").with("text", text)
}

/// Parses a date written as text, with the column's order for `a/b/yyyy`
/// dates, and says which form it was written in.
pub fn parse_date_in(text: &str, order: SlashOrder) -> Result<(NaiveDate, DateForm), Message> {
    let t = date_part(text);
    let parts: Vec<&str> = t.split(['.', '-', '/']).collect();
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !parts.iter().all(|p| all_digits(p)) {
        return Err(not_a_date(text));
    }
    let separators = (t.contains('.'), t.contains('-'), t.contains('/'));
    let (year, month, day, form) = match (parts.as_slice(), separators) {
        ([ymd], _) if ymd.len() == 8 => (&ymd[..4], &ymd[4..6], &ymd[6..], DateForm::Compact),
        ([n], _) if (3..=7).contains(&n.len()) => {
            return Err(Message::new("import.date.parse.serial").with("text", text));
        }
        ([y, m, d], (false, true, false)) if y.len() == 4 => (*y, *m, *d, DateForm::Iso),
        ([d, m, y], (true, false, false)) => (*y, *m, *d, DateForm::DayMonthYear),
        ([y, m, d], (false, false, true)) if y.len() == 4 => (*y, *m, *d, DateForm::YearFirstSlash),
        ([a, b, y], (false, false, true)) => match order {
            SlashOrder::DayFirst => (*y, *b, *a, DateForm::DayFirstSlash),
            SlashOrder::MonthFirst => (*y, *a, *b, DateForm::MonthFirstSlash),
            SlashOrder::Unknown => match slash_evidence(t) {
                Some(SlashOrder::DayFirst) => (*y, *b, *a, DateForm::DayFirstSlash),
                Some(SlashOrder::MonthFirst) => (*y, *a, *b, DateForm::MonthFirstSlash),
                _ if y.len() != 4 => (*y, *a, *b, DateForm::DayFirstSlash),
                _ => {
                    return Err(Message::new("import.date.parse.ambiguous").with("text", text));
                }
            },
        },
        _ => return Err(not_a_date(text)),
    };
    if year.len() != 4 {
        let key = match year.len() {
            1 => "import.date.parse.short_year.one",
            _ => "import.date.parse.short_year.many",
        };
        // The example is the date itself with a two-digit year in the
        // 2000s, when that is a real date; else a year.
        let example = (year.len() == 2)
            .then(|| format!("20{year}").parse::<i32>().ok())
            .flatten()
            .and_then(|y| {
                let number = |s: &str| s.parse::<u32>().unwrap_or(0);
                NaiveDate::from_ymd_opt(y, number(month), number(day))
            })
            .map_or_else(|| "2021".to_string(), finnish);
        return Err(Message::new(key)
            .with("text", text)
            .with("digits", year.len())
            .with("example", example));
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(number(year) as i32, number(month), number(day))
        .map(|date| (date, form))
        .ok_or_else(|| Message::new("import.date.parse.not_real").with("text", text))
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
            "2020/09/01",
            "1.9.2020 00:00",
            "2020-09-01T00:00:00",
        ] {
            assert_eq!(parse_date(text), Ok(ymd(2020, 9, 1)), "{text}");
        }
    }

    #[test]
    fn refuses_impossible_short_and_ambiguous_dates() {
        let why = |text: &str| parse_date(text).unwrap_err().key();
        assert_eq!(why("31.02.2022"), "import.date.parse.not_real");
        assert_eq!(why("29.02.2023"), "import.date.parse.not_real");
        assert_eq!(why("1.2.22"), "import.date.parse.short_year.many");
        assert_eq!(why("1/2/22"), "import.date.parse.short_year.many");
        assert_eq!(why("1.2.5"), "import.date.parse.short_year.one");
        assert_eq!(why("01/02/2022"), "import.date.parse.ambiguous");
        assert_eq!(why("44620"), "import.date.parse.serial");
        // Said in the run's language, the count agreeing with its noun.
        let lang = crate::text::Lang::Fi;
        assert_eq!(
            parse_date("1.3.23").unwrap_err().say(lang),
            "päivämäärän \"1.3.23\" vuosiluvussa on 2 numeroa; kirjoita vuosi kokonaan (esim. 1.3.2023)"
        );
        assert_eq!(
            parse_date("31.2.2021").unwrap_err().to_string(),
            "\"31.2.2021\" is not a real date"
        );
        assert!(parse_date("2022.01.02").is_err());
        assert!(parse_date("1-2-2022").is_err());
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn slash_dates_follow_the_column() {
        assert_eq!(slash_evidence("13/02/2022"), Some(SlashOrder::DayFirst));
        assert_eq!(slash_evidence("02/13/2022"), Some(SlashOrder::MonthFirst));
        assert_eq!(slash_evidence("01/02/2022"), None);
        assert_eq!(
            parse_date_in("01/02/2022", SlashOrder::DayFirst),
            Ok((ymd(2022, 2, 1), DateForm::DayFirstSlash))
        );
        assert_eq!(
            parse_date_in("01/02/2022", SlashOrder::MonthFirst),
            Ok((ymd(2022, 1, 2), DateForm::MonthFirstSlash))
        );
        assert_eq!(parse_date("13/02/2022"), Ok(ymd(2022, 2, 13)));
        assert!(parse_date_in("13/02/2022", SlashOrder::MonthFirst).is_err());
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
    fn forms_are_described() {
        let mut forms = DateForms::default();
        assert_eq!(forms.describe(), "none");
        forms.add(DateForm::Iso);
        forms.add(DateForm::DayMonthYear);
        assert_eq!(forms.describe(), "d.m.yyyy, yyyy-mm-dd");
    }

    #[test]
    fn finnish_form() {
        assert_eq!(finnish(ymd(2022, 12, 31)), "31.12.2022");
    }
}
