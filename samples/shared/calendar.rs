//! Dates both sample generators book on: working days, months and their
//! labels.

use chrono::{Datelike, Months, NaiveDate, Weekday};

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// Day `day` of the month, moved off weekends and fixed-date holidays (back,
/// or forward where going back could leave the month).
pub fn workday(year: i32, month: u32, day: u32) -> NaiveDate {
    let mut d = date(year, month, day);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || matches!(
            (d.month(), d.day()),
            (1, 1 | 6) | (5, 1) | (12, 6 | 24..=26)
        )
    {
        d = if day > 3 { d.pred_opt() } else { d.succ_opt() }.expect("in range");
    }
    d
}

/// First days of the months `from..=to`.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![from.with_day(1).expect("day 1")];
    while let Some(next) = out
        .last()
        .and_then(|m| m.checked_add_months(Months::new(1)))
    {
        if next > to {
            break;
        }
        out.push(next);
    }
    out
}

pub fn month_label(month: NaiveDate) -> String {
    format!("{}/{}", month.month(), month.year())
}
