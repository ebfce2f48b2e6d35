//! The payroll: the project's salaries, side costs and mileage allowances,
//! the village-hall caretaker's pay, and the one-off bonus the funder cuts.

use rust_decimal::Decimal;

use super::calendar::{date, workday};
use super::csv_text::plain;
use super::ledger::{Kind, Line, Voucher, last_day, line, month_text};
use super::project::{KYLATALO, PROJECT, account_name, d, percent_of, round2};

const SARI: &str = "Sari Kettunen";
const MIKKO: &str = "Mikko Rautiainen";
const JENNI: &str = "Jenni Halonen";
const PEKKA: &str = "Pekka Tuominen";

/// Employer's side-cost rates of the year, in percent: TyEL (6130), health
/// insurance (6170), and unemployment, accident and group life insurance
/// together (6190).
fn side_cost_rates(year: i32) -> [(u32, Decimal); 3] {
    match year {
        2023 => [(6130, d("17.34")), (6170, d("1.53")), (6190, d("1.22"))],
        2024 => [(6130, d("17.25")), (6170, d("1.87")), (6190, d("1.16"))],
        _ => panic!("no side-cost rates for {year}"),
    }
}

/// Jenni Halonen (project assistant, part-time, paid by the hour): hours
/// worked per month from 3/2023.
const JENNI_HOURS: [(i32, u32, &str); 22] = [
    (2023, 3, "84"),
    (2023, 4, "78"),
    (2023, 5, "88.5"),
    (2023, 6, "91"),
    (2023, 7, "24"),
    (2023, 8, "86"),
    (2023, 9, "90.5"),
    (2023, 10, "93"),
    (2023, 11, "92"),
    (2023, 12, "71.5"),
    (2024, 1, "88"),
    (2024, 2, "86.5"),
    (2024, 3, "84"),
    (2024, 4, "80"),
    (2024, 5, "90"),
    (2024, 6, "87.5"),
    (2024, 7, "22"),
    (2024, 8, "91"),
    (2024, 9, "89"),
    (2024, 10, "94.5"),
    (2024, 11, "92"),
    (2024, 12, "68"),
];

/// Pekka Tuominen (caretaker of the village hall, project KYLÄTALO, paid by
/// the hour): hours per month, 1/2023–6/2024.
const PEKKA_HOURS: [&str; 18] = [
    "32", "28", "30", "26", "41.5", "44", "18", "39", "35", "31", "27.5", "24", "30", "29", "33.5",
    "36", "40", "38",
];

/// Kilometres driven per month, from 3/2023 (Sari) and 5/2023 (Mikko).
const SARI_KM: [u32; 22] = [
    412, 538, 611, 487, 96, 402, 655, 702, 588, 344, 371, 463, 529, 601, 644, 520, 88, 497, 612,
    686, 574, 301,
];
const MIKKO_KM: [u32; 20] = [
    287, 542, 119, 466, 731, 688, 617, 259, 402, 515, 560, 633, 702, 491, 64, 538, 677, 712, 603,
    288,
];

fn hourly_rate(person: &str, year: i32) -> Decimal {
    match (person, year) {
        (JENNI, 2023) => d("16.92"),
        (JENNI, 2024) => d("17.35"),
        (PEKKA, 2023) => d("15.10"),
        (PEKKA, 2024) => d("15.48"),
        _ => panic!("no hourly rate for {person} in {year}"),
    }
}

fn km_rate(year: i32) -> Decimal {
    match year {
        2023 => d("0.53"),
        2024 => d("0.57"),
        _ => panic!("no kilometre rate for {year}"),
    }
}

/// Months since 3/2023 (0 for March 2023).
pub fn project_month(year: i32, month: u32) -> Option<usize> {
    let index = (year - 2023) * 12 + month as i32 - 3;
    (0..22).contains(&index).then_some(index as usize)
}

/// The salary rows of the project in a month: (account, description, amount).
fn project_salaries(year: i32, month: u32) -> Vec<(u32, String, Decimal)> {
    let mut out = Vec::new();
    let Some(index) = project_month(year, month) else {
        return out;
    };
    let when = month_text(year, month);
    let sari = if year == 2023 { "3412.50" } else { "3498.65" };
    out.push((
        5000,
        format!("Palkka {when}, {SARI}, projektipäällikkö"),
        d(sari),
    ));
    // Mikko started on 8.5.2023: 17 of May's 21 working days.
    let mikko = match (year, month) {
        (2023, 3 | 4) => None,
        (2023, 5) => Some(("2418.33", " (8.5.–31.5.)")),
        (2023, _) => Some(("2987.35", "")),
        _ => Some(("3062.04", "")),
    };
    if let Some((amount, note)) = mikko {
        out.push((
            5000,
            format!("Palkka {when}{note}, {MIKKO}, koulutussuunnittelija"),
            d(amount),
        ));
    }
    let (y, m, hours) = JENNI_HOURS[index];
    assert_eq!((y, m), (year, month));
    let hours = d(hours);
    let rate = hourly_rate(JENNI, year);
    out.push((
        5030,
        format!(
            "Tuntipalkka {when}, {JENNI}, {} h à {}",
            finnish(hours),
            plain(rate)
        ),
        round2(hours * rate),
    ));
    if (year, month) == (2024, 6) {
        out.push((5083, format!("Lomaraha 2024, {SARI}"), d("1749.33")));
        out.push((5083, format!("Lomaraha 2024, {MIKKO}"), d("1531.02")));
        out.push((5083, format!("Lomaraha 2024, {JENNI}"), d("612.18")));
    }
    if (year, month) == (2024, 12) {
        let end = "työsuhteen päättyessä 31.12.2024";
        out.push((5084, format!("Lomakorvaus {end}, {SARI}"), d("2214.87")));
        out.push((5084, format!("Lomakorvaus {end}, {MIKKO}"), d("1938.52")));
        out.push((5084, format!("Lomakorvaus {end}, {JENNI}"), d("507.66")));
    }
    out
}

/// The side-cost rows for salaries of `total` in a month.
pub fn side_costs(year: i32, month: u32, total: Decimal, project: &'static str) -> Vec<Line> {
    side_cost_rates(year)
        .into_iter()
        .map(|(account, rate)| {
            line(
                account,
                format!(
                    "{} {}, {} % palkoista",
                    account_name(account),
                    month_text(year, month),
                    finnish(rate)
                ),
                "",
                project,
                percent_of(total, rate),
            )
        })
        .collect()
}

/// The month's payroll: one voucher on the last banking day, with the
/// project's salaries, side costs and mileage allowances (paid with the
/// salary, booked on 7380) and the village-hall caretaker's pay.
pub fn payroll(year: i32, month: u32) -> Voucher {
    let mut lines = Vec::new();
    let salaries = project_salaries(year, month);
    if !salaries.is_empty() {
        let total: Decimal = salaries.iter().map(|s| s.2).sum();
        for (account, description, amount) in salaries {
            lines.push(line(account, description, "", PROJECT, amount));
        }
        lines.extend(side_costs(year, month, total, PROJECT));
        let index = project_month(year, month).expect("in the project");
        let mut km = vec![(SARI, "S. Kettunen", SARI_KM[index])];
        if index >= 2 {
            km.push((MIKKO, "M. Rautiainen", MIKKO_KM[index - 2]));
        }
        for (_, short, km) in km {
            let rate = km_rate(year);
            lines.push(line(
                7380,
                format!(
                    "Kilometrikorvaukset {}, {short}, {km} km à {}",
                    month_text(year, month),
                    plain(rate)
                ),
                "",
                PROJECT,
                round2(Decimal::from(km) * rate),
            ));
        }
    }
    let kylatalo = (year - 2023) * 12 + month as i32 - 1;
    if let Some(hours) = PEKKA_HOURS.get(kylatalo as usize) {
        let hours = d(hours);
        let rate = hourly_rate(PEKKA, year);
        let pay = round2(hours * rate);
        lines.push(line(
            5030,
            format!(
                "Tuntipalkka {}, {PEKKA}, talonmies, {} h à {}",
                month_text(year, month),
                finnish(hours),
                plain(rate)
            ),
            "",
            KYLATALO,
            pay,
        ));
        lines.extend(side_costs(year, month, pay, KYLATALO));
    }
    Voucher {
        date: workday(year, month, last_day(year, month)),
        kind: Kind::Payroll,
        lines,
    }
}

/// The one-off bonus of December 2023, paid in an extra payroll run: the
/// funder rules it ineligible (decision of period 2).
pub fn bonus() -> Voucher {
    let amount = d("650.00");
    let mut lines = vec![line(
        5000,
        format!("Kertapalkkio 12/2023, {SARI} (kurssikauden järjestelyt)"),
        "",
        PROJECT,
        amount,
    )];
    lines.extend(side_costs(2023, 12, amount, PROJECT));
    Voucher {
        date: date(2023, 12, 15),
        kind: Kind::Payroll,
        lines,
    }
}

/// A rate or hours as Finns write them: `16,92`, `88,5`, `84`.
fn finnish(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}
