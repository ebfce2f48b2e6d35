//! Writes the ledger exports and the funder's payment decisions of the
//! second sample project, `samples/osaajat`.
//!
//! ```text
//! cargo run --example generate-osaajat -- samples/osaajat
//! ```
//!
//! Kylätoimintayhdistys Osaajat ry, a village association in Juva, runs the
//! ESR+ project Osaajat (1.3.2023–31.12.2024), funded 80 % by Etelä-Savon
//! ELY-keskus under the 2021–27 model: actual staff costs plus a flat rate of
//! 40 % of them that covers every other cost. The association still books its
//! other costs (rent, travel, trainers, materials) on the project, so they
//! are in the ledger but never eligible. Course fees are revenues, deducted
//! before the rate. An advance of 20 % of the maximum grant is netted against
//! the first two payments; the funder cuts a one-off bonus from the staff
//! costs of period 2, which cuts the flat rate too; period 3 (the final one)
//! has no decision yet.
//!
//! The ledger is the association's whole profit-and-loss ledger for 2023 and
//! 2024: the Osaajat project, the village-hall renovation project KYLÄTALO
//! and the association's own rows without a project. 2023 is a Netvisor CSV
//! (UTF-8 with BOM, `;`, decimal comma, Debet/Kredit); in 2024 the books
//! moved to Procountor, whose export is an .xlsx grouped by account with a
//! subtotal under each account.
//!
//! Nothing is random: every row is written out below, the payroll computed
//! from salaries, hours and side-cost rates. The figures of
//! `samples/osaajat/README.md` are written once below (`EXPECTED_…`), and the
//! generator checks that the rows add up to them before it writes a file.
//! Money is `Decimal`, never `f64`, except when written into a number cell.

use std::error::Error;
use std::path::Path;
use std::str::FromStr;
use std::{env, fs};

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

// One file shared by both generators; the test binary includes both of
// them, so it holds the module twice (the same code, on purpose).
#[allow(clippy::duplicate_mod)]
#[path = "csv_text.rs"]
mod csv_text;
use csv_text::{csv_line, grouped};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

// ---------------------------------------------------------------------------
// The project
// ---------------------------------------------------------------------------

const ORGANISATION: &str = "Kylätoimintayhdistys Osaajat ry";
const FUNDER: &str = "Etelä-Savon ELY-keskus";
/// The project's code in the ledger's project column.
const PROJECT: &str = "OSAAJAT";
/// The association's other project in the same ledger.
const KYLATALO: &str = "KYLÄTALO";
/// The project as the funder names it (EURA 2021 code).
const PROJECT_TITLE: &str = "Osaajat – kylien työelämä- ja digitaidot (S30487)";

const RATE_PERCENT: i64 = 80;
const FLAT_RATE_PERCENT: i64 = 40;

const STAFF_NAME: &str = "Henkilöstökustannukset";
const FLAT_RATE_NAME: &str = "Flat rate 40 % (kattaa muut kustannukset)";

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

fn project_start() -> NaiveDate {
    date(2023, 3, 1)
}

fn project_end() -> NaiveDate {
    date(2024, 12, 31)
}

/// An amount written with a decimal point: `d("3412.50")`.
fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal amount")
}

fn round2(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `base × percent %`, rounded to the cent (half away from zero).
fn percent_of(base: Decimal, percent: Decimal) -> Decimal {
    round2(base * percent / Decimal::ONE_HUNDRED)
}

/// What the cost plan's categories are fed by (`velho.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    /// 5000–5999 salaries, 6100–6199 statutory side costs.
    Staff,
    /// 4000–4999 purchases, 6200–6999 other staff-related costs, 7000–8999
    /// other costs: covered by the flat rate, never eligible.
    Other,
    /// 3000–3999: revenues.
    Revenue,
}

fn category(account: u32) -> Category {
    match account {
        3000..=3999 => Category::Revenue,
        5000..=5999 | 6100..=6199 => Category::Staff,
        4000..=4999 | 6200..=6999 | 7000..=8999 => Category::Other,
        _ => panic!("account {account} is outside the profit-and-loss chart"),
    }
}

fn account_name(account: u32) -> &'static str {
    match account {
        3000 => "Kurssimaksutuotot",
        3500 => "Tilavuokratuotot",
        3600 => "Jäsenmaksutuotot",
        4000 => "Aine- ja tarvikeostot",
        4450 => "Ulkopuoliset palvelut",
        5000 => "Palkat",
        5030 => "Tuntipalkat",
        5083 => "Lomarahat",
        5084 => "Lomakorvaukset",
        6130 => "TyEL-maksut",
        6170 => "Sairausvakuutusmaksut",
        6190 => "Muut lakisääteiset henkilösivukulut",
        6300 => "Työterveyshuolto",
        7010 => "Toimitilavuokrat",
        7020 => "Sähkö ja lämmitys",
        7380 => "Kilometrikorvaukset",
        7390 => "Matkaliput ja majoitus",
        7640 => "Ohjelmistot ja lisenssit",
        7650 => "ATK-laitteet",
        7680 => "Puhelinkulut",
        7700 => "Vakuutukset",
        7870 => "Ilmoitus- ja markkinointikulut",
        8050 => "Kokous- ja neuvottelukulut",
        8410 => "Kirjanpitopalkkiot",
        8440 => "Pankkikulut",
        8460 => "Jäsenmaksut",
        _ => panic!("no name for account {account}"),
    }
}

// ---------------------------------------------------------------------------
// Vouchers and rows
// ---------------------------------------------------------------------------

/// The voucher type (Netvisor's *Tositelaji*; Procountor numbers each in its
/// own series).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Purchase,
    Sale,
    Payroll,
    Bank,
}

impl Kind {
    fn netvisor(self) -> &'static str {
        match self {
            Kind::Purchase => "Ostolasku",
            Kind::Sale => "Myyntilasku",
            Kind::Payroll => "Palkka",
            Kind::Bank => "Tiliote",
        }
    }

    /// The first number of the type's series in Procountor.
    fn procountor_series(self) -> u32 {
        match self {
            Kind::Purchase => 10_001,
            Kind::Sale => 20_001,
            Kind::Payroll => 30_001,
            Kind::Bank => 50_001,
        }
    }
}

struct Line {
    account: u32,
    description: String,
    partner: &'static str,
    project: &'static str,
    /// + = debit (a cost), − = credit (a revenue).
    amount: Decimal,
}

struct Voucher {
    date: NaiveDate,
    kind: Kind,
    lines: Vec<Line>,
}

/// One ledger row as both exports show it.
#[derive(Clone, Debug)]
struct Row {
    date: NaiveDate,
    voucher: String,
    kind: Kind,
    account: u32,
    description: String,
    partner: &'static str,
    project: &'static str,
    amount: Decimal,
}

impl Row {
    /// A row velho keeps: the project's code and a date in the project.
    fn in_project(&self) -> bool {
        self.project == PROJECT && (project_start()..=project_end()).contains(&self.date)
    }
}

fn line(
    account: u32,
    description: impl Into<String>,
    partner: &'static str,
    project: &'static str,
    amount: Decimal,
) -> Line {
    Line {
        account,
        description: description.into(),
        partner,
        project,
        amount,
    }
}

/// A one-line voucher.
fn single(
    date: NaiveDate,
    kind: Kind,
    account: u32,
    description: impl Into<String>,
    partner: &'static str,
    project: &'static str,
    amount: Decimal,
) -> Voucher {
    Voucher {
        date,
        kind,
        lines: vec![line(account, description, partner, project, amount)],
    }
}

/// Day `day` of the month, moved back off weekends and the fixed-date
/// holidays (forward when that would leave the month).
fn workday(year: i32, month: u32, day: u32) -> NaiveDate {
    let mut d = date(year, month, day);
    let holiday = |d: NaiveDate| {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            || matches!(
                (d.month(), d.day()),
                (1, 1 | 6) | (5, 1) | (12, 6 | 24..=26)
            )
    };
    while holiday(d) {
        d = if day > 3 { d.pred_opt() } else { d.succ_opt() }.expect("in range");
    }
    d
}

fn last_day(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    next.pred_opt().expect("in range").day()
}

/// The 24 months of the ledger, 1/2023–12/2024, as (year, month).
fn ledger_months() -> Vec<(i32, u32)> {
    (2023..=2024)
        .flat_map(|y| (1..=12).map(move |m| (y, m)))
        .collect()
}

fn month_text(year: i32, month: u32) -> String {
    format!("{month}/{year}")
}

// ---------------------------------------------------------------------------
// Payroll
// ---------------------------------------------------------------------------

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
fn project_month(year: i32, month: u32) -> Option<usize> {
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
fn side_costs(year: i32, month: u32, total: Decimal, project: &'static str) -> Vec<Line> {
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
fn payroll(year: i32, month: u32) -> Voucher {
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
fn bonus() -> Voucher {
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

// ---------------------------------------------------------------------------
// Purchases, fees and the association's own rows
// ---------------------------------------------------------------------------

const KYLAKESKUS: &str = "Kiinteistö Oy Juvan Kyläkeskus";
const MICROSOFT: &str = "Microsoft Ireland Operations Ltd";
const ELISA: &str = "Elisa Oyj";
const VERKKOKAUPPA: &str = "Verkkokauppa.com Oyj";
const TERVEYSTALO: &str = "Terveystalo Oyj";
const LANSI_SAVO: &str = "Keskisuomalainen Oyj / Länsi-Savo";
const KOULUTUS: &str = "Savon Koulutuspalvelut Oy";
const ENSIAPU: &str = "Ensiapukouluttajat Aalto Oy";
const SOMETIIMI: &str = "Sometiimi Harju Tmi";
const KAHVILA: &str = "Kahvila-leipomo Juvan Helmi";
const PAPERI: &str = "Paperi-Juva Oy";
const VR: &str = "VR-Yhtymä Oyj";
const HOTELLI: &str = "Hotelli Kalevala, Helsinki";
const RAKENNUS: &str = "Juvan Rakennuspalvelu Oy";
const RAUTA: &str = "Juvan Rauta ja Maali Oy";
const TILITOIMISTO_2023: &str = "Tilitoimisto Savon Tase Oy";
const TILITOIMISTO_2024: &str = "Tilipalvelu Kuusela Oy";
const PANKKI: &str = "Etelä-Savon Osuuspankki";
const SAHKO: &str = "Etelä-Savon Energia Oy";
const VAKUUTUS: &str = "LähiTapiola Etelä-Savo";
const KYLAT: &str = "Suomen Kylät ry";

/// One-off rows: (date, kind, account, description, partner, project, amount
/// as debit − credit).
type Fixed = (
    (i32, u32, u32),
    Kind,
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The project's one-off purchases (covered by the flat rate) and course
/// fees (revenues, credits).
#[rustfmt::skip]
const PROJECT_ROWS: &[Fixed] = &[
    // Booked on the project before it began: outside the project period.
    ((2023, 2, 20), Kind::Purchase, 7870, "Rekrytointi-ilmoitus: projektipäällikkö ja koulutussuunnittelija", LANSI_SAVO, PROJECT, "312.00"),
    ((2023, 3, 6), Kind::Purchase, 7650, "Kannettavat tietokoneet 3 kpl, hankkeen työntekijät", VERKKOKAUPPA, PROJECT, "2697.00"),
    ((2023, 3, 22), Kind::Purchase, 4000, "Esitteet ja julisteet, kurssikausi kevät 2023", PAPERI, PROJECT, "186.47"),
    ((2023, 3, 29), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 1/2023", KAHVILA, PROJECT, "64.80"),
    ((2023, 4, 11), Kind::Purchase, 7870, "Kurssi-ilmoitus: Digitaidot arkeen, kevät 2023", LANSI_SAVO, PROJECT, "248.00"),
    ((2023, 4, 26), Kind::Purchase, 6300, "Työterveyshuolto, alkutarkastukset 2 hlö", TERVEYSTALO, PROJECT, "312.40"),
    ((2023, 5, 24), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, kevät 2023", KOULUTUS, PROJECT, "1240.00"),
    ((2023, 5, 31), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, kevät 2023, 12 × 25,00", "", PROJECT, "-300.00"),
    ((2023, 6, 7), Kind::Purchase, 6300, "Työterveyshuolto, alkutarkastus, M. Rautiainen", TERVEYSTALO, PROJECT, "156.20"),
    ((2023, 6, 14), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1560.00"),
    ((2023, 6, 16), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 16 × 45,00", "", PROJECT, "-720.00"),
    ((2023, 6, 16), Kind::Purchase, 8050, "Kurssin tarjoilut, EA1 2 päivää", KAHVILA, PROJECT, "211.20"),
    ((2023, 8, 23), Kind::Purchase, 7390, "Junaliput Mikkeli–Helsinki, ESR+-hanketapaaminen, 2 hlö", VR, PROJECT, "192.80"),
    ((2023, 8, 24), Kind::Purchase, 7390, "Majoitus, ESR+-hanketapaaminen, 2 hlö", HOTELLI, PROJECT, "278.00"),
    ((2023, 9, 13), Kind::Purchase, 4450, "Hygieniapassikoulutus ja testi, kouluttaja", KOULUTUS, PROJECT, "1140.00"),
    ((2023, 9, 20), Kind::Sale, 3000, "Kurssimaksut: Hygieniapassi, 11 × 38,50", "", PROJECT, "-423.50"),
    ((2023, 9, 27), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 2/2023", KAHVILA, PROJECT, "71.40"),
    ((2023, 10, 4), Kind::Purchase, 7870, "Kurssi-ilmoitus: Digitaidot arkeen, syksy 2023", LANSI_SAVO, PROJECT, "248.00"),
    ((2023, 10, 25), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, syksy 2023", KOULUTUS, PROJECT, "1240.00"),
    ((2023, 10, 31), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, syksy 2023, 14 × 25,00", "", PROJECT, "-350.00"),
    ((2023, 11, 8), Kind::Bank, 3000, "Kurssimaksun palautus, peruutus sairauden vuoksi (Digitaidot arkeen)", "", PROJECT, "25.00"),
    ((2023, 11, 15), Kind::Purchase, 4000, "Kurssimateriaalit ja tulosteet, syksy 2023", PAPERI, PROJECT, "94.35"),
    ((2023, 12, 13), Kind::Purchase, 6300, "Työterveyshuolto 7–12/2023", TERVEYSTALO, PROJECT, "148.60"),
    ((2024, 1, 17), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 1/2024", KAHVILA, PROJECT, "68.40"),
    ((2024, 2, 7), Kind::Purchase, 4450, "Työnhakijan some-valmennus, 3 iltaa", SOMETIIMI, PROJECT, "980.00"),
    ((2024, 2, 21), Kind::Sale, 3000, "Kurssimaksut: Työnhakijan some-valmennus, 9 × 32,00", "", PROJECT, "-288.00"),
    ((2024, 3, 6), Kind::Purchase, 4000, "Esitteet ja julisteet, kurssikausi kevät 2024", PAPERI, PROJECT, "203.90"),
    ((2024, 3, 13), Kind::Purchase, 7870, "Kurssi-ilmoitukset kevät 2024 (3 kurssia)", LANSI_SAVO, PROJECT, "396.00"),
    ((2024, 4, 10), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1620.00"),
    ((2024, 4, 12), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 15 × 47,00", "", PROJECT, "-705.00"),
    ((2024, 4, 12), Kind::Purchase, 8050, "Kurssin tarjoilut, EA1 2 päivää", KAHVILA, PROJECT, "224.40"),
    ((2024, 5, 15), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, kevät 2024", KOULUTUS, PROJECT, "1290.00"),
    ((2024, 5, 22), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, kevät 2024, 13 × 27,50", "", PROJECT, "-357.50"),
    ((2024, 6, 12), Kind::Purchase, 6300, "Työterveyshuolto 1–6/2024", TERVEYSTALO, PROJECT, "173.80"),
    ((2024, 8, 28), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 2/2024", KAHVILA, PROJECT, "72.60"),
    ((2024, 9, 11), Kind::Purchase, 4450, "Hygieniapassikoulutus ja testi, kouluttaja", KOULUTUS, PROJECT, "1180.00"),
    ((2024, 9, 18), Kind::Sale, 3000, "Kurssimaksut: Hygieniapassi, 12 × 39,90", "", PROJECT, "-478.80"),
    ((2024, 10, 9), Kind::Purchase, 4450, "Kyläosaajien some-kurssi, 2 iltaa", SOMETIIMI, PROJECT, "760.00"),
    ((2024, 10, 16), Kind::Sale, 3000, "Kurssimaksut: Kyläosaajien some-kurssi, 10 × 32,00", "", PROJECT, "-320.00"),
    ((2024, 11, 6), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1620.00"),
    ((2024, 11, 8), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 11 × 47,00", "", PROJECT, "-517.00"),
    ((2024, 11, 27), Kind::Purchase, 8050, "Hankkeen päätösseminaari, tarjoilut 38 hlö", KAHVILA, PROJECT, "486.40"),
    ((2024, 12, 11), Kind::Purchase, 6300, "Työterveyshuolto 7–12/2024", TERVEYSTALO, PROJECT, "132.50"),
];

/// The village-hall project and the association's own rows (no project).
#[rustfmt::skip]
const OTHER_ROWS: &[Fixed] = &[
    ((2023, 3, 15), Kind::Bank, 3600, "Jäsenmaksut 2023, 78 jäsentä × 20,00", "", "", "-1560.00"),
    ((2023, 3, 24), Kind::Purchase, 8460, "Jäsenmaksu 2023", KYLAT, "", "120.00"),
    ((2023, 4, 19), Kind::Purchase, 7700, "Kylätalon kiinteistövakuutus 2023", VAKUUTUS, "", "846.00"),
    ((2023, 5, 17), Kind::Purchase, 4000, "Maalit ja tarvikkeet, kylätalon ikkunat", RAUTA, KYLATALO, "642.18"),
    ((2023, 6, 21), Kind::Purchase, 4450, "Kylätalon ikkunoiden kunnostus, 1. erä", RAKENNUS, KYLATALO, "8450.00"),
    ((2023, 6, 26), Kind::Sale, 3500, "Kylätalon vuokra: juhannustanssit", "", "", "-380.00"),
    ((2023, 8, 14), Kind::Sale, 3500, "Kylätalon vuokra: rippijuhla", "", "", "-180.00"),
    ((2023, 9, 20), Kind::Purchase, 4450, "Kylätalon ikkunoiden kunnostus, 2. erä", RAKENNUS, KYLATALO, "6920.00"),
    ((2023, 12, 4), Kind::Sale, 3500, "Kylätalon vuokra: pikkujoulut", "", KYLATALO, "-240.00"),
    ((2024, 3, 14), Kind::Bank, 3600, "Jäsenmaksut 2024, 81 jäsentä × 20,00", "", "", "-1620.00"),
    ((2024, 3, 22), Kind::Purchase, 8460, "Jäsenmaksu 2024", KYLAT, "", "120.00"),
    ((2024, 4, 17), Kind::Purchase, 4450, "Kylätalon esteetön sisäänkäynti, urakka", RAKENNUS, KYLATALO, "11380.00"),
    ((2024, 4, 18), Kind::Purchase, 7700, "Kylätalon kiinteistövakuutus 2024", VAKUUTUS, "", "879.00"),
    ((2024, 5, 8), Kind::Purchase, 4000, "Luiska- ja kaidetarvikkeet", RAUTA, KYLATALO, "318.77"),
    ((2024, 6, 20), Kind::Sale, 3500, "Kylätalon vuokra: juhannustanssit", "", "", "-400.00"),
    ((2024, 8, 9), Kind::Sale, 3500, "Kylätalon vuokra: hääjuhla", "", "", "-260.00"),
    ((2024, 12, 2), Kind::Sale, 3500, "Kylätalon vuokra: pikkujoulut", "", "", "-240.00"),
];

fn fixed(rows: &[Fixed]) -> Vec<Voucher> {
    rows.iter()
        .map(
            |&((y, m, day), kind, account, text, partner, project, amount)| {
                single(
                    date(y, m, day),
                    kind,
                    account,
                    text,
                    partner,
                    project,
                    d(amount),
                )
            },
        )
        .collect()
}

/// Monthly invoices: the project's office rent, software and phones; the
/// association's bookkeeping, bank charges and the village hall's electricity.
fn monthly(year: i32, month: u32) -> Vec<Voucher> {
    let when = month_text(year, month);
    let mut out = Vec::new();
    let y24 = year == 2024;
    if project_month(year, month).is_some() {
        out.push(single(
            workday(year, month, 2),
            Kind::Purchase,
            7010,
            format!("Toimistotilan vuokra {when}, Kyläkeskus, huone 4"),
            KYLAKESKUS,
            PROJECT,
            d(if y24 { "449.90" } else { "436.80" }),
        ));
        out.push(single(
            workday(year, month, 5),
            Kind::Purchase,
            7640,
            format!("Microsoft 365 Business Standard, 3 lisenssiä, {when}"),
            MICROSOFT,
            PROJECT,
            d(if y24 { "40.35" } else { "38.70" }),
        ));
        out.push(single(
            workday(year, month, 16),
            Kind::Purchase,
            7680,
            format!("Puhelinliittymät 3 kpl, {when}"),
            ELISA,
            PROJECT,
            d(if y24 { "62.70" } else { "59.70" }),
        ));
    }
    out.push(single(
        workday(year, month, 12),
        Kind::Purchase,
        8410,
        format!("Kirjanpito ja palkanlaskenta {when}"),
        if y24 {
            TILITOIMISTO_2024
        } else {
            TILITOIMISTO_2023
        },
        "",
        d(if y24 { "152.00" } else { "145.00" }),
    ));
    out.push(single(
        workday(year, month, last_day(year, month)),
        Kind::Bank,
        8440,
        format!("Palvelumaksut {when}"),
        PANKKI,
        "",
        d(if y24 { "9.40" } else { "8.90" }),
    ));
    if month.is_multiple_of(2) {
        // Electricity every other month: the village hall's, winter higher.
        let kwh: [&str; 6] = ["412.36", "276.18", "98.44", "121.07", "233.92", "389.55"];
        out.push(single(
            workday(year, month, 20),
            Kind::Purchase,
            7020,
            format!("Kylätalon sähkö {}–{when}", month - 1),
            SAHKO,
            if y24 && month <= 6 { KYLATALO } else { "" },
            d(kwh[(month / 2 - 1) as usize]),
        ));
    }
    out
}

/// Every voucher of the two years.
fn vouchers() -> Vec<Voucher> {
    let mut out = Vec::new();
    for (year, month) in ledger_months() {
        out.push(payroll(year, month));
        out.extend(monthly(year, month));
    }
    out.push(bonus());
    out.extend(fixed(PROJECT_ROWS));
    out.extend(fixed(OTHER_ROWS));
    out
}

/// The rows of one year's export, numbered as its system numbers them:
/// Netvisor (2023) in one sequence from 1, Procountor (2024) in a series per
/// voucher type.
fn number(vouchers: &[Voucher], year: i32) -> Vec<Row> {
    let mut ordered: Vec<&Voucher> = vouchers.iter().filter(|v| v.date.year() == year).collect();
    ordered.sort_by_key(|v| v.date);
    let mut next_2023 = 1;
    let mut series: Vec<(Kind, u32)> = Vec::new();
    let mut rows = Vec::new();
    for v in ordered {
        let number = if year == 2023 {
            next_2023 += 1;
            next_2023 - 1
        } else {
            match series.iter_mut().find(|(k, _)| *k == v.kind) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    series.push((v.kind, v.kind.procountor_series()));
                    v.kind.procountor_series()
                }
            }
        };
        for l in &v.lines {
            rows.push(Row {
                date: v.date,
                voucher: number.to_string(),
                kind: v.kind,
                account: l.account,
                description: l.description.clone(),
                partner: l.partner,
                project: l.project,
                amount: l.amount,
            });
        }
    }
    rows
}

// ---------------------------------------------------------------------------
// Periods, decisions and the final claim
// ---------------------------------------------------------------------------

/// The maximum grant of the funding decision, and the advance paid on it.
const MAX_GRANT: &str = "237600.00";
const ADVANCE: &str = "47520.00";
fn advance_date() -> NaiveDate {
    date(2023, 4, 14)
}

/// The plan: staff costs, and the flat rate (40 % of them).
const PLAN_STAFF: &str = "215000.00";
const PLAN_FLAT_RATE: &str = "86000.00";

struct Period {
    name: &'static str,
    start: NaiveDate,
    end: NaiveDate,
    /// The decision's number, date and the advance it nets.
    decision: Option<(&'static str, NaiveDate, &'static str)>,
}

fn periods() -> [Period; 3] {
    [
        Period {
            name: "1",
            start: date(2023, 3, 1),
            end: date(2023, 8, 31),
            decision: Some(("ESAELY/1847/2023", date(2023, 11, 14), "23760.00")),
        },
        Period {
            name: "2",
            start: date(2023, 9, 1),
            end: date(2024, 2, 29),
            decision: Some(("ESAELY/0952/2024", date(2024, 6, 6), "23760.00")),
        },
        Period {
            name: "3",
            start: date(2024, 3, 1),
            end: date(2024, 12, 31),
            decision: None,
        },
    ]
}

/// The voucher the funder deducts from period 2, and why.
const CUT_VOUCHER_DATE: (i32, u32, u32) = (2023, 12, 15);
const CUT_REASON: &str = "Kertapalkkio ei ole tukikelpoinen: se ei perustu työsopimukseen \
                          eikä yhdistyksen palkkausperusteisiin (sivukuluineen)";
const FLAT_RATE_REASON: &str = "Flat rate lasketaan hyväksytyistä henkilöstökustannuksista";

/// A period's figures in the ledger.
#[derive(Clone, Copy, Debug, Default)]
struct Ledger {
    salaries: Decimal,
    side_costs: Decimal,
    other: Decimal,
    revenue: Decimal,
}

impl Ledger {
    fn of(rows: &[&Row], from: NaiveDate, to: NaiveDate) -> Ledger {
        let mut out = Ledger::default();
        for r in rows.iter().filter(|r| (from..=to).contains(&r.date)) {
            match category(r.account) {
                Category::Staff if r.account < 6000 => out.salaries += r.amount,
                Category::Staff => out.side_costs += r.amount,
                Category::Other => out.other += r.amount,
                Category::Revenue => out.revenue -= r.amount,
            }
        }
        out
    }

    fn staff(&self) -> Decimal {
        self.salaries + self.side_costs
    }

    fn flat_rate(&self) -> Decimal {
        percent_of(self.staff(), FLAT_RATE_PERCENT.into())
    }
}

struct Item {
    voucher: String,
    date: NaiveDate,
    amount: Decimal,
    reason: &'static str,
}

struct Decision {
    period: &'static str,
    start: NaiveDate,
    end: NaiveDate,
    number: &'static str,
    decided: NaiveDate,
    /// Staff, flat rate.
    applied: [Decimal; 2],
    deducted: [Decimal; 2],
    revenue: Decimal,
    /// round(80 % × (approved − revenue)), at most what remains of the grant.
    share: Decimal,
    advance_netted: Decimal,
    paid_before: Decimal,
    items: Vec<Item>,
}

impl Decision {
    fn approved(&self) -> [Decimal; 2] {
        [
            self.applied[0] - self.deducted[0],
            self.applied[1] - self.deducted[1],
        ]
    }

    fn paid_now(&self) -> Decimal {
        self.share - self.advance_netted
    }

    fn paid_total(&self) -> Decimal {
        self.paid_before + self.paid_now()
    }
}

fn decisions(project: &[&Row]) -> Vec<Decision> {
    let max_grant = d(MAX_GRANT);
    let mut out: Vec<Decision> = Vec::new();
    let mut shares = Decimal::ZERO;
    // The advance is paid before the first decision: it counts as paid earlier.
    let mut paid = d(ADVANCE);
    for p in periods() {
        let Some((number, decided, netted)) = p.decision else {
            continue;
        };
        assert!(advance_date() < decided);
        let ledger = Ledger::of(project, p.start, p.end);
        let cut_date = date(CUT_VOUCHER_DATE.0, CUT_VOUCHER_DATE.1, CUT_VOUCHER_DATE.2);
        let mut items = Vec::new();
        if (p.start..=p.end).contains(&cut_date) {
            let rows: Vec<&&Row> = project
                .iter()
                .filter(|r| r.date == cut_date && r.kind == Kind::Payroll)
                .collect();
            items.push(Item {
                voucher: rows[0].voucher.clone(),
                date: cut_date,
                amount: rows.iter().map(|r| r.amount).sum(),
                reason: CUT_REASON,
            });
        }
        let staff_cut: Decimal = items.iter().map(|i| i.amount).sum();
        let applied = [ledger.staff(), ledger.flat_rate()];
        let approved_staff = applied[0] - staff_cut;
        let approved_flat = percent_of(approved_staff, FLAT_RATE_PERCENT.into());
        let deducted = [staff_cut, applied[1] - approved_flat];
        let approved = approved_staff + approved_flat;
        let share =
            percent_of(approved - ledger.revenue, RATE_PERCENT.into()).min(max_grant - shares);
        let decision = Decision {
            period: p.name,
            start: p.start,
            end: p.end,
            number,
            decided,
            applied,
            deducted,
            revenue: ledger.revenue,
            share,
            advance_netted: d(netted),
            paid_before: paid,
            items,
        };
        shares += share;
        paid = decision.paid_total();
        out.push(decision);
    }
    out
}

// ---------------------------------------------------------------------------
// The figures README.md states, computed by hand
// ---------------------------------------------------------------------------

/// A period's figures: the ledger, then the decision (if any).
struct Expected {
    salaries: &'static str,
    side_costs: &'static str,
    staff: &'static str,
    flat_rate: &'static str,
    other: &'static str,
    revenue: &'static str,
    /// staff + flat rate − revenue.
    net: &'static str,
    /// round(80 % × net).
    share: &'static str,
}

/// What a decision states.
struct ExpectedDecision {
    staff_deducted: &'static str,
    flat_rate_approved: &'static str,
    flat_rate_deducted: &'static str,
    approved: &'static str,
    share: &'static str,
    advance_netted: &'static str,
    paid_now: &'static str,
    paid_before: &'static str,
    paid_total: &'static str,
    plan_remaining: &'static str,
    grant_remaining: &'static str,
}

const EXPECTED_PERIODS: [Expected; 3] = [
    Expected {
        salaries: "39494.76",
        side_costs: "7934.48",
        staff: "47429.24",
        flat_rate: "18971.70",
        other: "12456.87",
        revenue: "1020.00",
        net: "65380.94",
        share: "52304.75",
    },
    Expected {
        salaries: "48269.60",
        side_costs: "9728.05",
        staff: "57997.65",
        flat_rate: "23199.06",
        other: "10665.04",
        revenue: "1036.50",
        net: "80160.21",
        share: "64128.17",
    },
    Expected {
        salaries: "88005.79",
        side_costs: "17847.57",
        staff: "105853.36",
        flat_rate: "42341.34",
        other: "19571.50",
        revenue: "2378.30",
        net: "145816.40",
        share: "116653.12",
    },
];

const EXPECTED_DECISIONS: [ExpectedDecision; 2] = [
    ExpectedDecision {
        staff_deducted: "0.00",
        flat_rate_approved: "18971.70",
        flat_rate_deducted: "0.00",
        approved: "66400.94",
        share: "52304.75",
        advance_netted: "23760.00",
        paid_now: "28544.75",
        paid_before: "47520.00",
        paid_total: "76064.75",
        plan_remaining: "234599.06",
        grant_remaining: "161535.25",
    },
    ExpectedDecision {
        staff_deducted: "780.59",
        flat_rate_approved: "22886.82",
        flat_rate_deducted: "312.24",
        approved: "80103.88",
        share: "63253.90",
        advance_netted: "23760.00",
        paid_now: "39493.90",
        paid_before: "76064.75",
        paid_total: "115558.65",
        plan_remaining: "154495.18",
        grant_remaining: "122041.35",
    },
];

/// The final claim (period 3).
const EXPECTED_CUMULATIVE_NET: &str = "290264.72";
const EXPECTED_CUMULATIVE_SHARE: &str = "232211.78";
const EXPECTED_PAID_SO_FAR: &str = "115558.65";
const EXPECTED_FINAL_CLAIM: &str = "116653.13";

/// The whole project on the ledger basis.
const EXPECTED_STAFF: &str = "211280.25";
const EXPECTED_FLAT_RATE: &str = "84512.10";
/// Realised: booked costs in the plan's categories (the covered "other"
/// category included) + the computed flat rate.
const EXPECTED_REALISED: &str = "338485.76";
/// Eligible on the ledger basis: realised − covered.
const EXPECTED_ELIGIBLE: &str = "295792.35";
const EXPECTED_COVERED: &str = "42693.41";
const EXPECTED_REVENUE: &str = "4434.80";
const EXPECTED_FUNDER_SHARE: &str = "233086.04";
const EXPECTED_OWN_SHARE: &str = "58271.51";
/// The project's row outside the project period.
const EXPECTED_OUTSIDE: &str = "312.00";

/// Computes the figures from the rows and checks them against `EXPECTED_…`.
fn check(project: &[&Row], all: &[Row], decisions: &[Decision], report: bool) {
    let check = |what: &str, computed: Decimal, expected: &str| {
        if report {
            println!("{what:<44} {:>14}", grouped(computed));
        }
        assert_eq!(computed, d(expected), "{what}: README.md states {expected}");
    };
    let rate = Decimal::from(RATE_PERCENT);
    let max_grant = d(MAX_GRANT);
    let periods = periods();
    let mut ledgers = Vec::new();
    for (p, e) in periods.iter().zip(&EXPECTED_PERIODS) {
        let l = Ledger::of(project, p.start, p.end);
        let name = |what: &str| format!("period {} {what}", p.name);
        check(&name("salaries"), l.salaries, e.salaries);
        check(&name("side costs"), l.side_costs, e.side_costs);
        check(&name("staff"), l.staff(), e.staff);
        check(&name("flat rate"), l.flat_rate(), e.flat_rate);
        check(&name("other (covered)"), l.other, e.other);
        check(&name("revenue"), l.revenue, e.revenue);
        let net = l.staff() + l.flat_rate() - l.revenue;
        check(&name("net"), net, e.net);
        check(&name("80 % of net"), percent_of(net, rate), e.share);
        ledgers.push(l);
    }
    let plan = d(PLAN_STAFF) + d(PLAN_FLAT_RATE);
    let mut approved_so_far = Decimal::ZERO;
    for (dec, e) in decisions.iter().zip(&EXPECTED_DECISIONS) {
        let name = |what: &str| format!("decision {} {what}", dec.period);
        let approved = dec.approved();
        check(&name("staff deducted"), dec.deducted[0], e.staff_deducted);
        check(
            &name("flat rate approved"),
            approved[1],
            e.flat_rate_approved,
        );
        check(
            &name("flat rate deducted"),
            dec.deducted[1],
            e.flat_rate_deducted,
        );
        check(&name("approved"), approved[0] + approved[1], e.approved);
        check(&name("share"), dec.share, e.share);
        check(
            &name("advance netted"),
            dec.advance_netted,
            e.advance_netted,
        );
        check(&name("paid now"), dec.paid_now(), e.paid_now);
        check(&name("paid before"), dec.paid_before, e.paid_before);
        check(&name("paid total"), dec.paid_total(), e.paid_total);
        approved_so_far += approved[0] + approved[1];
        check(
            &name("plan remaining"),
            plan - approved_so_far,
            e.plan_remaining,
        );
        check(
            &name("grant remaining"),
            max_grant - dec.paid_total(),
            e.grant_remaining,
        );
    }
    // The final claim: the whole project on the approved basis.
    let last = &ledgers[2];
    let cumulative_net = decisions
        .iter()
        .map(|d| d.approved()[0] + d.approved()[1] - d.revenue)
        .sum::<Decimal>()
        + last.staff()
        + last.flat_rate()
        - last.revenue;
    check(
        "final: cumulative net",
        cumulative_net,
        EXPECTED_CUMULATIVE_NET,
    );
    let cumulative_share = percent_of(cumulative_net, rate).min(max_grant);
    check(
        "final: 80 % of it, capped",
        cumulative_share,
        EXPECTED_CUMULATIVE_SHARE,
    );
    let paid = decisions.last().expect("decisions").paid_total();
    check("final: paid so far", paid, EXPECTED_PAID_SO_FAR);
    check(
        "final: applied for",
        cumulative_share - paid,
        EXPECTED_FINAL_CLAIM,
    );
    // The whole project on the ledger basis.
    let whole = Ledger::of(project, project_start(), project_end());
    check("project: staff", whole.staff(), EXPECTED_STAFF);
    check("project: flat rate", whole.flat_rate(), EXPECTED_FLAT_RATE);
    let eligible = whole.staff() + whole.flat_rate();
    check("project: eligible", eligible, EXPECTED_ELIGIBLE);
    check("project: covered", whole.other, EXPECTED_COVERED);
    check(
        "project: realised = eligible + covered",
        eligible + whole.other,
        EXPECTED_REALISED,
    );
    check("project: revenue", whole.revenue, EXPECTED_REVENUE);
    let share = percent_of(eligible - whole.revenue, rate).min(max_grant);
    check("project: funder's share", share, EXPECTED_FUNDER_SHARE);
    check(
        "project: own share",
        eligible - whole.revenue - share,
        EXPECTED_OWN_SHARE,
    );
    let outside: Decimal = all
        .iter()
        .filter(|r| r.project == PROJECT && !r.in_project())
        .map(|r| r.amount)
        .sum();
    check("project rows outside the period", outside, EXPECTED_OUTSIDE);
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// `1234,56` (no thousands separator), as Netvisor writes it.
fn plain(amount: Decimal) -> String {
    format!("{amount:.2}").replace('.', ",")
}

/// A rate or hours as Finns write them: `16,92`, `88,5`, `84`.
fn finnish(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// 2023 from Netvisor: UTF-8 with BOM, CRLF, the header on the first line,
/// `d.m.yyyy`, Debet and Kredit, a totals row.
fn write_netvisor(path: &Path, rows: &[Row]) -> Result<()> {
    let mut text = String::from("\u{feff}");
    let header = "Tositepvm;Tositenro;Tositelaji;Tilinumero;Tilin nimi;Selite;Kumppani;Projekti;Debet;Kredit";
    text += header;
    text += "\r\n";
    let (mut debits, mut credits) = (Decimal::ZERO, Decimal::ZERO);
    for row in rows {
        let (debit, credit) = if row.amount.is_sign_negative() {
            credits -= row.amount;
            (String::new(), plain(-row.amount))
        } else {
            debits += row.amount;
            (plain(row.amount), String::new())
        };
        let fields = [
            row.date.format("%-d.%-m.%Y").to_string(),
            row.voucher.clone(),
            row.kind.netvisor().into(),
            row.account.to_string(),
            account_name(row.account).into(),
            row.description.clone(),
            row.partner.into(),
            row.project.into(),
            debit,
            credit,
        ];
        text += &csv_line(&fields);
        text += "\r\n";
    }
    text += &format!("Yhteensä;;;;;;;;{};{}\r\n", plain(debits), plain(credits));
    fs::write(path, text)?;
    Ok(())
}

/// 2024 from Procountor: a workbook, titles above the header, rows grouped
/// by account with a subtotal under each, date and number cells, a grand
/// total.
fn write_procountor(path: &Path, rows: &[Row]) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = date(2025, 1, 16)
        .and_hms_opt(10, 12, 0)
        .expect("valid time");
    let properties = DocProperties::new()
        .set_author(TILITOIMISTO_2024)
        .set_title("Pääkirja 1.1.2024–31.12.2024")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    procountor_sheet(workbook.add_worksheet(), rows)?;
    workbook.save(path)?;
    Ok(())
}

fn procountor_sheet(sheet: &mut Worksheet, rows: &[Row]) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let bold_money = Format::new().set_num_format("#,##0.00").set_bold();
    sheet.set_name("Pääkirja")?;
    sheet.write_string_with_format(0, 0, "Pääkirja", &bold)?;
    sheet.write_string(1, 0, ORGANISATION)?;
    sheet.write_string(2, 0, "Tilikausi 1.1.2024–31.12.2024, kaikki dimensiot")?;
    sheet.write_string(3, 0, "Tulostettu 16.1.2025")?;
    let header = [
        "Päivämäärä",
        "Tositenumero",
        "Tilinumero",
        "Tilin nimi",
        "Selite",
        "Asiakas/Toimittaja",
        "Hanke",
        "Summa",
    ];
    sheet.write_row_with_format(5, 0, header, &bold)?;
    for (width, col) in [12, 13, 11, 34, 70, 34, 12, 14].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.account, r.date, r.voucher.clone()));
    let mut r = 6;
    let mut i = 0;
    while i < sorted.len() {
        let account = sorted[i].account;
        let group: Vec<&Row> = sorted[i..]
            .iter()
            .take_while(|row| row.account == account)
            .copied()
            .collect();
        for row in &group {
            sheet.write_datetime_with_format(r, 0, row.date, &day)?;
            sheet.write_string(r, 1, &row.voucher)?;
            sheet.write_number(r, 2, row.account)?;
            sheet.write_string(r, 3, account_name(row.account))?;
            sheet.write_string(r, 4, &row.description)?;
            if !row.partner.is_empty() {
                sheet.write_string(r, 5, row.partner)?;
            }
            if !row.project.is_empty() {
                sheet.write_string(r, 6, row.project)?;
            }
            sheet.write_number_with_format(r, 7, to_f64(row.amount), &money)?;
            r += 1;
        }
        let subtotal: Decimal = group.iter().map(|row| row.amount).sum();
        let label = format!("Tili {account} {} yhteensä", account_name(account));
        sheet.write_string_with_format(r, 0, label, &bold)?;
        sheet.write_number_with_format(r, 7, to_f64(subtotal), &bold_money)?;
        r += 2;
        i += group.len();
    }
    let total: Decimal = rows.iter().map(|row| row.amount).sum();
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    sheet.write_number_with_format(r, 7, to_f64(total), &bold_money)?;
    Ok(())
}

/// The nearest `f64`, for a number cell.
fn to_f64(amount: Decimal) -> f64 {
    amount.to_string().parse().expect("a decimal number")
}

fn period_text(start: NaiveDate, end: NaiveDate) -> String {
    let day = |d: NaiveDate| d.format("%-d.%-m.%Y").to_string();
    format!("{}–{}", day(start), day(end))
}

fn decision_file(period: &str) -> String {
    format!("maksatuspaatos_{period}.xlsx")
}

fn write_decision(path: &Path, decision: &Decision) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = decision.decided.and_hms_opt(13, 5, 0).expect("valid time");
    let properties = DocProperties::new()
        .set_author(FUNDER)
        .set_title("Maksatuspäätös")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    decision_sheet(workbook.add_worksheet(), decision)?;
    workbook.save(path)?;
    Ok(())
}

fn decision_sheet(sheet: &mut Worksheet, d: &Decision) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let day = Format::new()
        .set_num_format("d.m.yyyy")
        .set_align(FormatAlign::Left);
    let money = Format::new().set_num_format("#,##0.00");
    let bold_money = Format::new().set_num_format("#,##0.00").set_bold();
    let percent = Format::new()
        .set_num_format("0 %")
        .set_align(FormatAlign::Left);
    sheet.set_name("Maksatuspäätös")?;
    sheet.write_string_with_format(0, 0, "Maksatuspäätös", &bold)?;
    sheet.write_string(1, 0, FUNDER)?;
    let texts = [
        (3, "Hanke", PROJECT_TITLE.to_string()),
        (4, "Tuensaaja", ORGANISATION.into()),
        (5, "Päätöksen numero", d.number.into()),
    ];
    for (r, label, value) in texts {
        sheet.write_string(r, 0, label)?;
        sheet.write_string(r, 1, value)?;
    }
    sheet.write_string(6, 0, "Päätöspäivä")?;
    sheet.write_datetime_with_format(6, 1, d.decided, &day)?;
    sheet.write_string(7, 0, "Maksatuskausi")?;
    sheet.write_string(7, 1, period_text(d.start, d.end))?;
    sheet.write_string(8, 0, "Tukiprosentti")?;
    sheet.write_number_with_format(8, 1, RATE_PERCENT as f64 / 100.0, &percent)?;
    let amounts = [
        (9, "Tulot", d.revenue),
        (10, "Tuki maksatuskaudelta", d.share),
        (11, "Ennakon vähennys", d.advance_netted),
        (12, "Maksetaan nyt", d.paid_now()),
        (13, "Aiemmin maksettu", d.paid_before),
        (14, "Maksettu yhteensä", d.paid_total()),
    ];
    for (r, label, amount) in amounts {
        sheet.write_string(r, 0, label)?;
        sheet.write_number_with_format(r, 1, to_f64(amount), &money)?;
    }
    let mut r = 16;
    let header = [
        "Kustannuslaji",
        "Haettu",
        "Hyväksytty",
        "Vähennetty",
        "Perustelu",
    ];
    sheet.write_row_with_format(r, 0, header, &bold)?;
    r += 1;
    let approved = d.approved();
    let reasons = [CUT_REASON, FLAT_RATE_REASON];
    for (i, name) in [STAFF_NAME, FLAT_RATE_NAME].into_iter().enumerate() {
        sheet.write_string(r, 0, name)?;
        let amounts = [d.applied[i], approved[i], d.deducted[i]];
        for (amount, k) in amounts.into_iter().zip(1..) {
            sheet.write_number_with_format(r, k, to_f64(amount), &money)?;
        }
        if !d.deducted[i].is_zero() {
            sheet.write_string(r, 4, reasons[i])?;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    let sum = |a: [Decimal; 2]| a[0] + a[1];
    let sums = [sum(d.applied), sum(approved), sum(d.deducted)];
    for (amount, k) in sums.into_iter().zip(1..) {
        sheet.write_number_with_format(r, k, to_f64(amount), &bold_money)?;
    }
    r += 2;
    if !d.items.is_empty() {
        sheet.write_string_with_format(r, 0, "Vähennetyt kulut", &bold)?;
        r += 1;
        let header = ["Tosite", "Päivämäärä", "Summa", "Perustelu"];
        sheet.write_row_with_format(r, 0, header, &bold)?;
        r += 1;
        for item in &d.items {
            sheet.write_string(r, 0, &item.voucher)?;
            sheet.write_datetime_with_format(r, 1, item.date, &day)?;
            sheet.write_number_with_format(r, 2, to_f64(item.amount), &money)?;
            sheet.write_string(r, 3, item.reason)?;
            r += 1;
        }
    }
    for (width, col) in [44.0, 22.0, 14.0, 14.0, 60.0].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

const Y2023: &str = "paakirja_2023_netvisor.csv";
const Y2024: &str = "paakirja_2024_procountor.xlsx";

fn main() -> Result<()> {
    let usage = "usage: generate-osaajat OUTPUT_FOLDER (e.g. samples/osaajat)";
    let out = env::args().nth(1).ok_or(usage)?;
    generate(Path::new(&out), true)
}

/// Checks the figures, then writes the two exports into `out/ledger/` and the
/// two payment decisions into `out/decisions/`. With `report`, prints the
/// figures and what was written.
pub fn generate(out: &Path, report: bool) -> Result<()> {
    let vouchers = vouchers();
    let (y2023, y2024) = (number(&vouchers, 2023), number(&vouchers, 2024));
    let rows: Vec<Row> = y2023.iter().chain(&y2024).cloned().collect();
    assert_eq!(
        rows.len(),
        vouchers.iter().map(|v| v.lines.len()).sum::<usize>()
    );
    let project: Vec<&Row> = rows.iter().filter(|r| r.in_project()).collect();
    let decisions = decisions(&project);
    check(&project, &rows, &decisions, report);

    let dir = out.join("ledger");
    fs::create_dir_all(&dir)?;
    write_netvisor(&dir.join(Y2023), &y2023)?;
    write_procountor(&dir.join(Y2024), &y2024)?;
    let folder = out.join("decisions");
    fs::create_dir_all(&folder)?;
    for decision in &decisions {
        write_decision(&folder.join(decision_file(decision.period)), decision)?;
    }
    if report {
        for (name, rows) in [(Y2023, &y2023), (Y2024, &y2024)] {
            let own = rows.iter().filter(|r| r.in_project()).count();
            println!(
                "ledger/{name}: {} rows, {own} of the project in its period",
                rows.len()
            );
        }
        for dec in &decisions {
            for item in &dec.items {
                println!(
                    "decision {}: deducted voucher {} {} {}",
                    dec.period,
                    item.voucher,
                    item.date.format("%-d.%-m.%Y"),
                    grouped(item.amount)
                );
            }
        }
    }
    Ok(())
}
