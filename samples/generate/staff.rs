//! The project's staff as the city's payroll and working-time systems
//! export them (issue 13): a payroll report (palkkaerittely) per year and a
//! working-time record (tuntikirjanpito) of the whole project, for the two
//! people whose pay the ledger books on cost centre 7311.
//!
//! - The project manager (projektipäällikkö) works full time on the
//!   project from 1.9.2020: the ledger books her whole pay.
//! - The project secretary (projektisihteeri) is a city employee who works
//!   60 % of her time on the project from 1.1.2022: the payroll shows her
//!   whole pay (3 100,00 € a month), the ledger books 60 % of it on 7311.
//!
//! The payroll itemises each month: the salary (*Kuukausipalkka*; in July
//! part of it is *Lomapalkka*, the holiday pay of the holiday days), the
//! holiday bonus (*Lomaraha*) in June, and the side costs by type on the
//! month's pay: KuEL pension 22,60 % and the other side costs 3,40 %
//! (social security 1,34, unemployment insurance 1,40, group life
//! insurance 0,06 and accident insurance the rest).
//!
//! Under the actual-cost model each person's month is (salary + holiday
//! pay + holiday bonus + side costs) × the project share, rounded to the
//! cent; [`check`] asserts that those add up, month by month, to the
//! ledger's personnel rows, so the sample's personnel figure 226 050,00
//! holds under the model too and velho's payroll-against-ledger check is
//! quiet. The ledger's December 2022 pension row absorbs the personnel
//! category's remainder (6,00 € above its natural value); the payroll
//! shows it as the manager's year-end KuEL adjustment.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use encoding_rs::WINDOWS_1252;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::Result;
use super::calendar::{date, months};
use super::csv_text::{csv_line, plain};
use super::figures::{Category, category, eur, project_end, share};
use super::ledger::Row;
use super::project::staff;
use super::workbook::to_f64;

/// The payroll reports, one a year, in `palkat/`.
pub const PAYROLL: [(i32, &str, &str); 3] = [
    (2020, "palkkaerittely_2020.csv", "Tulostettu 8.1.2021"),
    (2021, "palkkaerittely_2021.csv", "Tulostettu 10.1.2022"),
    (2022, "palkkaerittely_2022.csv", "Tulostettu 9.1.2023"),
];

/// The working-time record of the whole project, in `tunnit/`.
pub const WORKING_TIME: &str = "tuntikirjanpito_2020-2022.xlsx";

/// A person of the project.
pub struct Person {
    /// As `velho.toml` names them (`[[person]] name`).
    pub name: &'static str,
    /// As the payroll writes them: last name first.
    pub payroll_name: &'static str,
    /// The ledger's title of their pay rows (`staff` in project.rs).
    pub title: &'static str,
    /// The first month on the project.
    pub from: NaiveDate,
    /// The share of working time on the project, percent.
    pub share: i64,
    /// Weekdays on holiday in July of each year.
    pub holiday_days: &'static [(i32, u32)],
}

pub static MANAGER: Person = Person {
    name: "Marja Heikkinen",
    payroll_name: "Heikkinen Marja",
    title: "projektipäällikkö",
    from: NaiveDate::from_ymd_opt(2020, 9, 1).expect("valid date"),
    share: 100,
    holiday_days: &[(2021, 20), (2022, 20)],
};

pub static SECRETARY: Person = Person {
    name: "Tiina Laine",
    payroll_name: "Laine Tiina",
    title: "projektisihteeri (60 %)",
    from: NaiveDate::from_ymd_opt(2022, 1, 1).expect("valid date"),
    share: 60,
    holiday_days: &[(2022, 10)],
};

pub static PERSONS: [&Person; 2] = [&MANAGER, &SECRETARY];

/// The secretary's whole monthly salary and the holiday bonus of June 2022,
/// in cents; the ledger books 60 % of each on the project (1 860,00 and
/// 260,00, the latter rounded).
const SECRETARY_SALARY: i64 = 310_000;
const SECRETARY_BONUS: i64 = 43_334;

/// KuEL pension, and the other side costs by type (the last takes what
/// rounding leaves of the 3,40 %), in hundredths of a percent.
const PENSION: (&str, i64) = ("KuEL-maksu", 2260);
const OTHER_SIDE_COSTS: i64 = 340;
const SIDE_COSTS: [(&str, i64); 3] = [
    ("Sosiaaliturvamaksu", 134),
    ("Työttömyysvakuutusmaksu", 140),
    ("Ryhmähenkivakuutusmaksu", 6),
];
const ACCIDENT_INSURANCE: &str = "Tapaturmavakuutusmaksu";

/// The year-end pension adjustment of December 2022 (the ledger's
/// balancing row).
const ADJUSTMENT: &str = "KuEL-maksu, vuositasaus";

/// Working hours a day (KVTES general working time, 38 h 15 min a week).
const HOURS_A_DAY: i64 = 765;

/// One line of the payroll: person, month, pay type, amount.
pub struct PayLine {
    pub person: &'static Person,
    pub month: NaiveDate,
    pub pay_type: String,
    pub amount: Decimal,
}

fn percent(base: Decimal, hundredths: i64) -> Decimal {
    share(base, Decimal::new(hundredths, 2))
}

/// Weekdays of a month less the fixed-date holidays the calendar knows.
fn working_days(month: NaiveDate) -> i64 {
    month
        .iter_days()
        .take_while(|d| d.month() == month.month())
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|d| {
            !matches!(
                (d.month(), d.day()),
                (1, 1 | 6) | (5, 1) | (12, 6 | 24..=26)
            )
        })
        .count() as i64
}

fn holiday_days(person: &Person, month: NaiveDate) -> i64 {
    if month.month() != 7 {
        return 0;
    }
    person
        .holiday_days
        .iter()
        .find(|(year, _)| *year == month.year())
        .map_or(0, |(_, days)| i64::from(*days))
}

/// The person's whole monthly salary and holiday bonus of a month, from
/// the ledger's amounts (project.rs).
fn pay_of(person: &Person, month: NaiveDate) -> (Decimal, Decimal) {
    let (_, salary, bonus) = staff(month.year())
        .into_iter()
        .find(|(title, _, _)| *title == person.title)
        .expect("the person is on the ledger's payroll that year");
    let bonus = if month.month() == 6 { bonus } else { 0 };
    if person.share == 100 {
        return (eur(salary), eur(bonus));
    }
    let whole = (
        eur(SECRETARY_SALARY),
        eur(SECRETARY_BONUS) * Decimal::from(bonus.signum()),
    );
    let project = |amount| percent(amount, person.share * 100);
    assert_eq!(
        project(whole.0),
        eur(salary),
        "the ledger books 60 % of the salary"
    );
    assert_eq!(
        project(whole.1),
        eur(bonus),
        "the ledger books 60 % of the bonus"
    );
    whole
}

/// The payroll lines of every person and month of the project.
pub fn payroll(ledger: &[Row]) -> Vec<PayLine> {
    let mut lines = Vec::new();
    for month in months(MANAGER.from, project_end()) {
        for &person in &PERSONS {
            if month >= person.from {
                lines.extend(person_month(person, month));
            }
        }
    }
    adjust_to_ledger(&mut lines, ledger);
    lines
}

fn person_month(person: &'static Person, month: NaiveDate) -> Vec<PayLine> {
    let (salary, bonus) = pay_of(person, month);
    let holiday = (salary * Decimal::from(holiday_days(person, month))
        / Decimal::from(working_days(month)))
    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let line = |pay_type: &str, amount: Decimal| PayLine {
        person,
        month,
        pay_type: pay_type.to_string(),
        amount,
    };
    let mut out = vec![line("Kuukausipalkka", salary - holiday)];
    if !holiday.is_zero() {
        out.push(line("Lomapalkka", holiday));
    }
    if !bonus.is_zero() {
        out.push(line("Lomaraha", bonus));
    }
    let pay = salary + bonus;
    out.push(line(PENSION.0, percent(pay, PENSION.1)));
    let other = percent(pay, OTHER_SIDE_COSTS);
    let mut rest = other;
    for (name, rate) in SIDE_COSTS {
        let amount = percent(pay, rate);
        rest -= amount;
        out.push(line(name, amount));
    }
    out.insert(out.len() - 1, line(ACCIDENT_INSURANCE, rest));
    out
}

/// The eligible cost of a person's month under the actual-cost model, as
/// velho computes it: every cost line × the share, rounded once.
fn eligible(lines: &[PayLine], person: &Person, month: NaiveDate) -> Decimal {
    let pay: Decimal = lines
        .iter()
        .filter(|l| l.person.name == person.name && l.month == month)
        .map(|l| l.amount)
        .sum();
    percent(pay, person.share * 100)
}

/// The ledger's personnel rows of the project by month.
fn ledger_months(ledger: &[Row]) -> BTreeMap<NaiveDate, Decimal> {
    let mut by_month = BTreeMap::new();
    for row in ledger {
        if row.in_project() && row.in_period() && category(row.account) == Some(Category::Personnel)
        {
            *by_month
                .entry(row.date.with_day(1).expect("day 1"))
                .or_insert(Decimal::ZERO) += row.amount;
        }
    }
    by_month
}

/// The manager's year-end pension adjustment: what the ledger's balancing
/// row of December 2022 holds above its natural value. Every other month
/// must already agree.
fn adjust_to_ledger(lines: &mut Vec<PayLine>, ledger: &[Row]) {
    let by_model = |lines: &[PayLine], month| {
        PERSONS
            .iter()
            .map(|p| eligible(lines, p, month))
            .sum::<Decimal>()
    };
    let last = date(2022, 12, 1);
    let booked = ledger_months(ledger);
    let difference = booked[&last] - by_model(lines, last);
    assert!(
        difference > Decimal::ZERO && difference < eur(1_000),
        "the December 2022 pension adjustment would be {difference}; retune"
    );
    let at = lines
        .iter()
        .rposition(|l| l.person.name == MANAGER.name && l.month == last)
        .expect("the manager's December 2022");
    lines.insert(
        at + 1,
        PayLine {
            person: &MANAGER,
            month: last,
            pay_type: ADJUSTMENT.into(),
            amount: difference,
        },
    );
    check(lines, ledger);
}

/// Panics unless the payroll under the actual-cost model gives the
/// ledger's personnel costs month by month (and so 226 050,00 in all).
pub fn check(lines: &[PayLine], ledger: &[Row]) {
    let booked = ledger_months(ledger);
    let months: Vec<NaiveDate> = booked.keys().copied().collect();
    assert_eq!(months.len(), 28, "a payroll every month 9/2020–12/2022");
    for (month, amount) in &booked {
        let model: Decimal = PERSONS.iter().map(|p| eligible(lines, p, *month)).sum();
        assert_eq!(
            model, *amount,
            "{month}: the payroll by the model against the ledger"
        );
    }
    let total: Decimal = booked.values().sum();
    assert_eq!(total, eur(22_605_000), "personnel");
}

fn write_1252(path: &Path, lines: &[String]) -> Result<()> {
    let text = lines.join("\r\n") + "\r\n";
    let (bytes, _, unmappable) = WINDOWS_1252.encode(&text);
    assert!(
        !unmappable,
        "{} has characters outside Windows-1252",
        path.display()
    );
    fs::write(path, bytes)?;
    Ok(())
}

/// The payroll report of a year: Windows-1252, CRLF, `;`, decimal comma,
/// the report's titles above the header, and a totals row.
pub fn write_payroll(path: &Path, year: i32, printed: &str, lines: &[PayLine]) -> Result<()> {
    let mut out = vec![
        "Jämsän kaupunki".to_string(),
        format!("Palkkaerittely palkkalajeittain 1.1.{year} - 31.12.{year}"),
        "Valinta: Yritysvelho-hankkeen henkilöstö".into(),
        printed.into(),
        String::new(),
        "Henkilö;Palkkakausi;Palkkalaji;Määrä".into(),
    ];
    let of_year: Vec<&PayLine> = lines.iter().filter(|l| l.month.year() == year).collect();
    // Person by person, month by month, as the report sorts them.
    for &person in &PERSONS {
        for line in of_year.iter().filter(|l| l.person.name == person.name) {
            out.push(csv_line(&[
                person.payroll_name.to_string(),
                format!("{:02}/{}", line.month.month(), line.month.year()),
                line.pay_type.clone(),
                plain(line.amount),
            ]));
        }
    }
    let total: Decimal = of_year.iter().map(|l| l.amount).sum();
    out.push(format!("Yhteensä;;;{}", plain(total)));
    write_1252(path, &out)
}

/// One person's month of the working-time record: project and total hours,
/// hours on holiday, in hundredths.
fn hours(person: &Person, month: NaiveDate) -> (i64, i64, i64) {
    let days = working_days(month);
    let holiday = holiday_days(person, month);
    let total = (days - holiday) * HOURS_A_DAY;
    // Full time: every hour; a part: its share, to the quarter hour.
    let project = if person.share == 100 {
        total
    } else {
        (total * person.share + 1_250) / 2_500 * 25
    };
    assert!(
        project <= total,
        "{}: project hours over the total",
        person.name
    );
    (project, total, holiday * HOURS_A_DAY)
}

/// The working-time record: a workbook from the time-tracking system,
/// titles above the header, a row per person and month (the month a date
/// cell shown `m/yyyy`), hours as numbers, and a totals row.
pub fn write_working_time(path: &Path) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = date(2023, 1, 5).and_hms_opt(8, 20, 0).expect("valid time");
    workbook.set_properties(
        &DocProperties::new()
            .set_author("Jämsän kaupunki, työajanseuranta")
            .set_creation_datetime(&created),
    );
    hours_sheet(workbook.add_worksheet())?;
    workbook.save(path)?;
    Ok(())
}

fn hours_sheet(sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let month_format = Format::new().set_num_format("m/yyyy");
    let number = Format::new().set_num_format("0.00");
    let bold_number = Format::new().set_bold().set_num_format("0.00");
    sheet.set_name("Tuntiraportti")?;
    sheet.write_string_with_format(0, 0, "Työajanseuranta – kuukausiyhteenveto", &bold)?;
    sheet.write_string(1, 0, "Projekti: 7311 Yritysvelho, 1.9.2020–31.12.2022")?;
    sheet.write_string(2, 0, "Ajettu 5.1.2023")?;
    let header = [
        "Henkilö",
        "Kuukausi",
        "Projektitunnit",
        "Kokonaistunnit",
        "Lomatunnit",
    ];
    sheet.write_row_with_format(4, 0, header, &bold)?;
    for (width, col) in [20, 10, 14, 14, 12].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    let mut r = 5;
    let mut sums = [0i64; 3];
    for &person in &PERSONS {
        for month in months(person.from, project_end()) {
            let figures = hours(person, month);
            sheet.write_string(r, 0, person.name)?;
            let day = month.and_hms_opt(0, 0, 0).expect("midnight");
            sheet.write_datetime_with_format(r, 1, day, &month_format)?;
            for (col, (value, sum)) in [figures.0, figures.1, figures.2]
                .into_iter()
                .zip(&mut sums)
                .enumerate()
            {
                sheet.write_number_with_format(r, 2 + col as u16, to_f64(eur(value)), &number)?;
                *sum += value;
            }
            r += 1;
        }
    }
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    for (col, sum) in sums.into_iter().enumerate() {
        sheet.write_number_with_format(r, 2 + col as u16, to_f64(eur(sum)), &bold_number)?;
    }
    Ok(())
}

/// Prints what was written: each person's pay by the model, by year.
pub fn print_staff(lines: &[PayLine]) {
    println!("\nstaff costs by the payroll (actual costs × share):");
    for &person in &PERSONS {
        for year in 2020..=2022 {
            let total: Decimal = months(date(year, 1, 1), date(year, 12, 31))
                .into_iter()
                .map(|m| eligible(lines, person, m))
                .sum();
            if !total.is_zero() {
                println!("{:<18} {year} {:>12}", person.name, plain(total));
            }
        }
    }
}
