//! Writes the ledger exports and the funder's payment decisions of the
//! synthetic sample project `samples/yritysvelho`.
//!
//! ```text
//! cargo run --example generate-sample -- samples/yritysvelho
//! ```
//!
//! The exports hold the whole ledger of a fictional Jämsän kaupunki from
//! January 2020 to January 2023. Cost centre 7311 is the project Yritysvelho
//! (1.9.2020–31.12.2022); every other cost centre is background that velho
//! must filter out. The project's rows add up to fixed figures, and a few
//! anomalies are planted for velho to find. The five payment decisions are
//! computed from the same rows, with planted deductions, one arithmetic error
//! and a final payment capped at the maximum grant.
//! `samples/yritysvelho/README.md` describes all of it.
//!
//! The output is deterministic: the amounts come from a fixed-seed splitmix64
//! generator, split into independent streams so that changing one part of the
//! ledger leaves the others alone. Money is summed as `Decimal`, never `f64`.

use std::error::Error;
use std::path::Path;
use std::{env, fs};

use chrono::{Datelike, Months, NaiveDate, Weekday};
use encoding_rs::WINDOWS_1252;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

// One file shared by both generators; the test binary includes both of
// them, so it holds the module twice (the same code, on purpose).
#[allow(clippy::duplicate_mod)]
#[path = "csv_text.rs"]
mod csv_text;
use csv_text::{csv_line, grouped};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const SEED: u64 = 0x5956_454c_484f_2020;

// ---------------------------------------------------------------------------
// The project and the figures it must reconcile to
// ---------------------------------------------------------------------------

const PROJECT_CC: u32 = 7311;
const PROJECT_CODE: &str = "YVELHO";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    Personnel,
    Services,
    Travel,
    Other,
}

/// The categories of `velho.toml` that are booked in the ledger, with the
/// realised figure (in cents) that the project's rows must add up to.
const FIGURES: [(Category, i64); 4] = [
    (Category::Personnel, 22_605_000),
    (Category::Services, 14_210_000),
    (Category::Travel, 520_000),
    (Category::Other, 979_300),
];

/// The account ranges of `velho.toml`.
fn category(account: u32) -> Option<Category> {
    match account {
        4000..=4299 => Some(Category::Personnel),
        4300..=4419 | 4430..=4499 => Some(Category::Services),
        4420..=4429 => Some(Category::Travel),
        4500..=4699 | 4800..=4999 => Some(Category::Other),
        _ => None,
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

fn project_start() -> NaiveDate {
    date(2020, 9, 1)
}

fn project_end() -> NaiveDate {
    date(2022, 12, 31)
}

fn eur(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// `base × percent`, rounded to the cent (half away from zero).
fn share(base: Decimal, percent: Decimal) -> Decimal {
    (base * percent / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn account_name(account: u32) -> &'static str {
    match account {
        3000 => "Myyntituotot",
        3200 => "Maksutuotot",
        3300 => "Tuet ja avustukset",
        3400 => "Vuokratuotot",
        4000 => "Maksetut palkat",
        4110 => "Eläkevakuutusmaksut",
        4130 => "Muut henkilösivukulut",
        4310 => "Asiakaspalvelujen ostot",
        4340 => "Asiantuntijapalvelut",
        4350 => "Painatus ja ilmoitukset",
        4360 => "Koulutuspalvelut",
        4370 => "Rakentamispalvelut",
        4380 => "Siivouspalvelut",
        4390 => "Muut palvelut",
        4420 => "Matkustuspalvelut",
        4500 => "Toimistotarvikkeet",
        4520 => "Opetustarvikkeet",
        4530 => "Hoitotarvikkeet",
        4540 => "Elintarvikkeet",
        4580 => "Kalusto",
        4600 => "Lämmitys ja sähkö",
        4710 => "Avustukset kotitalouksille",
        4730 => "Avustukset yhteisöille",
        4830 => "Tilavuokrat",
        4910 => "ICT-kulut",
        _ => panic!("no name for account {account}"),
    }
}

// ---------------------------------------------------------------------------
// Deterministic random numbers
// ---------------------------------------------------------------------------

/// splitmix64; each named stream starts from its own state.
struct Rng(u64);

impl Rng {
    fn new(stream: &str) -> Rng {
        let mut state = SEED;
        for byte in stream.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(state)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1) as u64;
        lo + (self.next() % span) as i64
    }

    fn chance(&mut self, percent: i64) -> bool {
        self.between(1, 100) <= percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.between(0, items.len() as i64 - 1) as usize]
    }

    /// Euros and cents, evenly spread in `lo..=hi` euros.
    fn euros(&mut self, lo: i64, hi: i64) -> Decimal {
        eur(self.between(lo * 100, hi * 100))
    }

    /// Euros and cents in `lo..=hi` euros, small amounts more often than large.
    fn skewed(&mut self, lo: i64, hi: i64) -> Decimal {
        let (a, b) = (self.between(0, 1000), self.between(0, 1000));
        eur(lo * 100 + (hi - lo) * 100 * a / 1000 * b / 1000)
    }
}

/// Day `day` of the month, moved off weekends and fixed-date holidays (back,
/// or forward where going back could leave the month).
fn workday(year: i32, month: u32, day: u32) -> NaiveDate {
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
fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
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

fn month_label(month: NaiveDate) -> String {
    format!("{}/{}", month.month(), month.year())
}

// ---------------------------------------------------------------------------
// Vouchers and rows
// ---------------------------------------------------------------------------

struct Line {
    account: u32,
    cost_centre: u32,
    project: &'static str,
    description: String,
    supplier: &'static str,
    amount: Decimal,
    /// The row that absorbs the remainder so that its category is exact.
    balancing: bool,
}

struct Voucher {
    date: NaiveDate,
    payroll: bool,
    /// Numbered in a gap of the sequence (the number after the voucher
    /// before it) without drawing, so that planting it leaves every other
    /// voucher number as it was.
    squeezed: bool,
    lines: Vec<Line>,
}

/// One ledger row as every export shows it.
#[derive(Clone, PartialEq)]
struct Row {
    date: NaiveDate,
    voucher: String,
    account: u32,
    cost_centre: u32,
    project: &'static str,
    description: String,
    supplier: &'static str,
    amount: Decimal,
}

impl Row {
    fn in_project(&self) -> bool {
        self.cost_centre == PROJECT_CC
    }

    fn in_period(&self) -> bool {
        (project_start()..=project_end()).contains(&self.date)
    }
}

fn project_line(account: u32, description: &str, supplier: &'static str, amount: Decimal) -> Line {
    Line {
        account,
        cost_centre: PROJECT_CC,
        project: PROJECT_CODE,
        description: description.to_string(),
        supplier,
        amount,
        balancing: false,
    }
}

fn invoice(date: NaiveDate, lines: Vec<Line>) -> Voucher {
    Voucher {
        date,
        payroll: false,
        squeezed: false,
        lines,
    }
}

/// A one-line project invoice.
fn project_invoice(
    date: NaiveDate,
    account: u32,
    description: &str,
    supplier: &'static str,
    amount: Decimal,
) -> Voucher {
    invoice(
        date,
        vec![project_line(account, description, supplier, amount)],
    )
}

/// Marks the lines of the voucher as balancing rows.
fn balancing(mut voucher: Voucher) -> Voucher {
    for line in &mut voucher.lines {
        line.balancing = true;
    }
    voucher
}

// ---------------------------------------------------------------------------
// The project (cost centre 7311)
// ---------------------------------------------------------------------------

const KAARI: &str = "Suunnittelutoimisto Kaari Oy";
const KASVU: &str = "Vauhtia Kasvuun Oy";
const AKATEMIA: &str = "Yrittäjäakatemia Virta Oy";
const TUTKIMUS: &str = "Tutkimustoimisto Aalto & Koski Oy";
const PAINO: &str = "Kirjapaino Jämsänkoski Oy";
const MEDIA: &str = "Mediatalo Keski-Suomi Oy";
const SEUTULEHTI: &str = "Seutulehti Oy";
const TILAT: &str = "Jämsän Tilapalvelu Oy";
const KIILA: &str = "IT-Palvelu Kiila Oy";
const KALUSTE: &str = "Toimistokaluste Oy";
const TUKKU: &str = "Toimistotukku Oy";
const KULKURI: &str = "Matkatoimisto Kulkuri Oy";
const LANKA: &str = "Verkkotoimisto Lanka Oy";
const CAFE: &str = "Leipomo-kahvila Aamu Oy";

/// Every voucher of the project, each category balanced to its figure.
fn project_vouchers() -> Vec<Voucher> {
    let mut vouchers = personnel();
    vouchers.extend(master_plan());
    vouchers.extend(growth_path());
    vouchers.extend(coaching());
    vouchers.extend(one_offs());
    vouchers.extend(travel());
    vouchers.extend(office());
    vouchers.extend(fixed(ANOMALIES));
    vouchers.push(identical_pair());
    vouchers.push(early_july_invoice());
    vouchers.extend(fixed(BALANCING).into_iter().map(balancing));
    for (category, cents) in FIGURES {
        balance(&mut vouchers, category, eur(cents));
    }
    vouchers
}

/// The project's staff in a year: title, monthly pay and the holiday bonus
/// (lomaraha) paid with the June pay, in cents.
fn staff(year: i32) -> Vec<(&'static str, i64, i64)> {
    let manager = match year {
        2020 => (531_000, 0),
        2021 => (542_500, 176_000),
        _ => (548_000, 296_000),
    };
    let mut staff = vec![("projektipäällikkö", manager.0, manager.1)];
    if year == 2022 {
        staff.push(("projektisihteeri (60 %)", 186_000, 26_000));
    }
    staff
}

/// Employer's side costs in percent of pay: pension (KuEL) and the rest
/// (social security, unemployment and accident insurance).
fn side_cost_rates() -> (Decimal, Decimal) {
    (Decimal::new(2260, 2), Decimal::new(340, 2))
}

/// The 28th, or the working day before it.
fn payday(month: NaiveDate) -> NaiveDate {
    workday(month.year(), month.month(), 28)
}

/// A payroll voucher for every month of the project.
fn personnel() -> Vec<Voucher> {
    months(project_start(), project_end())
        .into_iter()
        .map(|month| Voucher {
            date: payday(month),
            payroll: true,
            squeezed: false,
            lines: project_payroll(month),
        })
        .collect()
}

fn project_payroll(month: NaiveDate) -> Vec<Line> {
    let label = month_label(month);
    let mut lines = Vec::new();
    for (title, pay, bonus) in staff(month.year()) {
        let text = format!("Palkka {label}, {title}");
        lines.push(project_line(4000, &text, "", eur(pay)));
        if month.month() == 6 && bonus > 0 {
            let text = format!("Lomaraha {label}, {title}");
            lines.push(project_line(4000, &text, "", eur(bonus)));
        }
    }
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    let (pension, social) = side_cost_rates();
    let text = format!("KuEL-maksut {label}");
    lines.push(Line {
        balancing: month == date(2022, 12, 1),
        ..project_line(4110, &text, "", share(total, pension))
    });
    let text = format!("Sotu- ja vakuutusmaksut {label}");
    lines.push(project_line(4130, &text, "", share(total, social)));
    lines
}

/// The industrial master plan: monthly consultant invoices in 2021.
fn master_plan() -> Vec<Voucher> {
    let mut rng = Rng::new("master plan");
    let invoice_numbers = [104, 109, 113, 118, 124, 131, 137, 142, 149];
    (1..)
        .zip(invoice_numbers)
        .map(|(month, number)| {
            let date = workday(2021, month, rng.between(18, 27) as u32);
            let text = format!("Teollisuusalueen yleiskaava, lasku 2021-{number}");
            let fee = eur(rng.between(30, 46) * 11_800);
            project_invoice(date, 4340, &text, KAARI, fee)
        })
        .collect()
}

/// The growth-path programme (Kasvupolku), every month or two.
fn growth_path() -> Vec<Voucher> {
    let mut rng = Rng::new("growth path");
    let texts = [
        "Kasvupolku-ohjelma, yritysvalmennus",
        "Kasvupolku-ohjelma, työpaja",
        "Kasvupolku-ohjelma, yrityskäynnit",
        "Kasvupolku-ohjelma, sijoittumisneuvottelut",
    ];
    let months: [(i32, &[u32]); 2] = [
        (2021, &[3, 5, 6, 8, 10, 11]),
        (2022, &[1, 3, 4, 6, 8, 9, 11]),
    ];
    months
        .iter()
        .flat_map(|&(year, months)| months.iter().map(move |&month| (year, month)))
        .map(|(year, month)| {
            let date = workday(year, month, rng.between(14, 26) as u32);
            let fee = eur(rng.between(5, 8) * 42_500);
            project_invoice(date, 4340, rng.pick(&texts), KASVU, fee)
        })
        .collect()
}

/// The small-business coaching programme, one invoice per session.
fn coaching() -> Vec<Voucher> {
    let mut rng = Rng::new("coaching");
    months(date(2021, 10, 1), date(2022, 10, 31))
        .into_iter()
        .filter(|m| m.month() != 7)
        .enumerate()
        .map(|(i, month)| {
            let date = workday(month.year(), month.month(), rng.between(8, 24) as u32);
            let text = format!("Pienyritysten valmennusohjelma, jakso {}", i + 1);
            let fee = eur(rng.between(8, 14) * 14_500);
            project_invoice(date, 4360, &text, AKATEMIA, fee)
        })
        .collect()
}

/// One-off project invoices: year, month, account, description, supplier,
/// and the range of the amount in euros.
#[rustfmt::skip]
const ONE_OFFS: &[(i32, u32, u32, &str, &str, i64, i64)] = &[
    (2020, 9, 4580, "Työpiste: sähköpöytä ja työtuoli", KALUSTE, 1050, 1300),
    (2020, 9, 4910, "Kannettava tietokone ja näyttö, projektipäällikkö", KIILA, 1250, 1550),
    (2020, 9, 4910, "Matkapuhelin, projektipäällikkö", KIILA, 300, 420),
    (2020, 10, 4390, "Hankkeen verkkosivut", LANKA, 1200, 1700),
    (2020, 11, 4340, "Selvitys: Kaipolan tehdasalueen jatkokäyttö, 1. erä", TUTKIMUS, 4200, 6900),
    (2020, 12, 4340, "Selvitys: Kaipolan tehdasalueen jatkokäyttö, 2. erä", TUTKIMUS, 4200, 6900),
    (2021, 2, 4390, "Esittelyvideo, kuvaus ja editointi", "Filmityö Harmaa Oy", 1100, 1600),
    (2021, 3, 4350, "Tonttimarkkinointi: ilmoitus, Seutulehti", SEUTULEHTI, 380, 690),
    (2021, 4, 4350, "Tonttimarkkinointi: esite \"Yritystontit Jämsässä\"; painatus 2 000 kpl", PAINO, 2100, 2900),
    (2021, 5, 4350, "Tonttimarkkinointi: verkkomainonta", MEDIA, 600, 1200),
    (2021, 6, 4340, "Selvitys: yritystonttien kysyntä Jämsässä", TUTKIMUS, 4200, 6900),
    (2021, 8, 4390, "Käännöspalvelut, englanninkielinen esite", "Käännöstoimisto Sana Oy", 280, 520),
    (2021, 9, 4350, "Tonttimarkkinointi: ilmoitus, Keskisuomalainen", MEDIA, 900, 1450),
    (2021, 11, 4350, "Tonttimarkkinointi: messuilmoitus", MEDIA, 500, 950),
    (2022, 1, 4580, "Työpiste, projektisihteeri", KALUSTE, 550, 750),
    (2022, 1, 4910, "Kannettava tietokone, projektisihteeri", KIILA, 1050, 1300),
    (2022, 2, 4350, "Tonttimarkkinointi: ilmoitus, Seutulehti", SEUTULEHTI, 380, 690),
    (2022, 3, 4340, "Selvitys: logistiikkakeskuksen sijoittuminen, 1. erä", TUTKIMUS, 4200, 6900),
    (2022, 4, 4350, "Tonttimarkkinointi: esitteen päivitys ja painatus", PAINO, 1200, 1800),
    (2022, 5, 4340, "Selvitys: logistiikkakeskuksen sijoittuminen, 2. erä", TUTKIMUS, 4200, 6900),
    (2022, 5, 4350, "Tonttimarkkinointi: verkkomainonta", MEDIA, 600, 1200),
    (2022, 6, 4390, "Tapahtumatekniikka, yritystapahtuma", "Jämsän Tapahtumapalvelu Oy", 400, 750),
    (2022, 10, 4350, "Tonttimarkkinointi: tonttikylttien painatus", PAINO, 400, 900),
    (2022, 11, 4390, "Verkkosivujen ylläpito 2022", LANKA, 300, 600),
];

fn one_offs() -> Vec<Voucher> {
    let mut rng = Rng::new("one-offs");
    ONE_OFFS
        .iter()
        .map(|&(year, month, account, text, supplier, lo, hi)| {
            let date = workday(year, month, rng.between(5, 25) as u32);
            project_invoice(date, account, text, supplier, rng.euros(lo, hi))
        })
        .collect()
}

/// The travel agency's monthly invoice, one line per trip.
fn travel() -> Vec<Voucher> {
    let mut rng = Rng::new("travel");
    let trips = [
        "Junaliput Jämsä–Helsinki, sijoittajatapaaminen",
        "Junaliput Jämsä–Jyväskylä, Keski-Suomen liitto",
        "Junaliput Jämsä–Tampere, sijoittumisneuvottelu",
        "Hotellimajoitus, Helsinki, kiinteistömessut",
        "Hotellimajoitus, Jyväskylä, yrityspalvelupäivät",
        "Taksimatkat, yrityskäynnit",
    ];
    let mut vouchers = Vec::new();
    for month in months(project_start(), date(2022, 11, 30)) {
        let lines: Vec<Line> = (0..rng.between(0, 3))
            .map(|_| project_line(4420, rng.pick(&trips), KULKURI, rng.euros(35, 200)))
            .collect();
        if !lines.is_empty() {
            vouchers.push(invoice(workday(month.year(), month.month(), 20), lines));
        }
    }
    vouchers
}

/// Internal ICT charges, office supplies, meeting rooms and catering.
fn office() -> Vec<Voucher> {
    let mut rng = Rng::new("office");
    let mut vouchers = Vec::new();
    for month in months(project_start(), project_end()) {
        let (year, m) = (month.year(), month.month());
        let mut add = |day, account, text: &str, supplier, amount| {
            let date = workday(year, m, day);
            vouchers.push(project_invoice(date, account, text, supplier, amount));
        };
        let ict = format!("Sisäinen veloitus: ICT-palvelut {}", month_label(month));
        let users = Decimal::from(staff(year).len());
        add(27, 4910, &ict, "", rng.euros(38, 52) * users);
        if rng.chance(30) {
            add(6, 4500, "Toimistotarvikkeet", TUKKU, rng.euros(25, 140));
        }
        if rng.chance(30) {
            let rooms = "Kokoustilan vuokra, yritystapaaminen";
            add(15, 4830, rooms, TILAT, eur(rng.between(1, 3) * 4_500));
        }
        if m % 3 == 2 && month > project_start() {
            // The first one tests formula injection: it begins with "=".
            let text = if year == 2020 {
                "=Kahvitus, ohjausryhmä"
            } else {
                "Kahvitus, ohjausryhmä"
            };
            add(12, 4540, text, CAFE, rng.euros(60, 170));
        }
    }
    vouchers
}

/// A project row at a fixed date: year, month, day, account, description,
/// supplier, amount in cents.
type Fixed = (i32, u32, u32, u32, &'static str, &'static str, i64);

/// The closing rows of services, travel and other costs. Their amounts here
/// are natural values; `balance` replaces them by what makes each category
/// exact. (Personnel is balanced by the pension row of December 2022.)
#[rustfmt::skip]
const BALANCING: &[Fixed] = &[
    (2022, 12, 9, 4830, "Päätösseminaari, tilavuokra", TILAT, 42_000),
    (2022, 12, 16, 4340, "Kasvupolku-ohjelma, loppuerä", KASVU, 340_000),
    (2022, 12, 20, 4420, "Junaliput ja majoitus, loppuraportin esittely, Jyväskylä", KULKURI, 21_000),
];

/// The anomalies of the README: a credit note, an unmapped account and a
/// posting after the project end.
#[rustfmt::skip]
const ANOMALIES: &[Fixed] = &[
    (2021, 5, 19, 4340, "Hyvityslasku: yleiskaava, laskun 2021-118 korjaus", KAARI, -124_000),
    (2021, 4, 14, 4730, "Avustus: Jämsän Yrittäjät ry, yrittäjätapahtuma", "Jämsän Yrittäjät ry", 150_000),
    (2023, 1, 13, 4340, "Kasvupolku-ohjelma, loppuraportti", KASVU, 248_000),
];

fn fixed(rows: &[Fixed]) -> Vec<Voucher> {
    rows.iter()
        .map(|&(year, month, day, account, text, supplier, cents)| {
            project_invoice(date(year, month, day), account, text, supplier, eur(cents))
        })
        .collect()
}

/// Two identical rows on one invoice: both count.
fn identical_pair() -> Voucher {
    let text = "Kokoustilan vuokra 2 h, yritysilta";
    let room = || project_line(4830, text, TILAT, eur(4_500));
    invoice(date(2021, 5, 12), vec![room(), room()])
}

/// The two-row services invoice of 5.7.2021 that the city also claimed in
/// payment period 2 (which ends 30.6.2021); the funder deducts it there.
const EARLY_JULY: (NaiveDate, [(u32, &str, i64); 2]) = (
    NaiveDate::from_ymd_opt(2021, 7, 5).expect("valid date"),
    [
        (
            4340,
            "Hankkeen verkkosivut: saavutettavuusarviointi",
            86_000,
        ),
        (
            4390,
            "Hankkeen verkkosivut: sisällön päivitys, kesä 2021",
            41_240,
        ),
    ],
);

fn early_july_invoice() -> Voucher {
    let (date, lines) = EARLY_JULY;
    let lines = lines
        .iter()
        .map(|&(account, text, cents)| project_line(account, text, LANKA, eur(cents)))
        .collect();
    Voucher {
        squeezed: true,
        ..invoice(date, lines)
    }
}

/// Sets the balancing line of `category` so that the category's rows within
/// the project period add up to `target`.
fn balance(vouchers: &mut [Voucher], category: Category, target: Decimal) {
    let in_category = |v: &Voucher, l: &Line| {
        self::category(l.account) == Some(category)
            && (project_start()..=project_end()).contains(&v.date)
    };
    let total: Decimal = vouchers
        .iter()
        .flat_map(|v| v.lines.iter().filter(move |l| in_category(v, l)))
        .map(|l| l.amount)
        .sum();
    let line = vouchers
        .iter_mut()
        .flat_map(|v| v.lines.iter_mut())
        .find(|l| l.balancing && self::category(l.account) == Some(category))
        .unwrap_or_else(|| panic!("no balancing line for {category:?}"));
    let natural = line.amount;
    line.amount = natural + target - total;
    // Stay plausible: within half and one and a half times the natural value.
    let plausible = natural / Decimal::TWO..natural * Decimal::new(15, 1);
    assert!(
        plausible.contains(&line.amount),
        "{category:?}: the balancing row would be {} (natural {natural}); retune",
        line.amount
    );
}

// ---------------------------------------------------------------------------
// The rest of the city
// ---------------------------------------------------------------------------

/// A cost centre of the city: number, monthly payroll in euros, project codes.
struct Unit {
    cost_centre: u32,
    payroll: i64,
    projects: &'static [&'static str],
}

#[rustfmt::skip]
const UNITS: [Unit; 6] = [
    Unit { cost_centre: 1100, payroll: 86_000, projects: &["", "", "", "DIGI21"] },
    Unit { cost_centre: 2100, payroll: 410_000, projects: &["", "", "", "LIIKKUVA"] },
    Unit { cost_centre: 3100, payroll: 265_000, projects: &[""] },
    Unit { cost_centre: 5200, payroll: 48_000, projects: &["", "", "KATU21"] },
    Unit { cost_centre: 7310, payroll: 27_000, projects: &["", "", "KAIPOLA"] },
    Unit { cost_centre: 7320, payroll: 11_500, projects: &["", "MATKAILU"] },
];

/// A kind of posting: account, descriptions, suppliers, range in euros, and
/// the cost centres that book it.
#[derive(Clone, Copy)]
struct Kind {
    account: u32,
    texts: &'static [&'static str],
    suppliers: &'static [&'static str],
    range: (i64, i64),
    units: &'static [u32],
}

const ALL: &[u32] = &[1100, 2100, 3100, 5200, 7310, 7320];

#[rustfmt::skip]
const PURCHASES: &[Kind] = &[
    Kind { account: 4310, texts: &["Erikoissairaanhoito", "Laboratoriopalvelut"],
        suppliers: &["Sairaanhoitopiirin kuntayhtymä"], range: (3000, 42000), units: &[3100] },
    Kind { account: 4340, texts: &["Konsultointi", "Suunnittelupalvelut", "Lakipalvelut"],
        suppliers: &["Konsulttitoimisto Harju Oy", "Insinööritoimisto Pohja Oy"], range: (600, 7800), units: &[1100, 5200, 7310] },
    Kind { account: 4350, texts: &["Ilmoitus", "Painatus"],
        suppliers: &[MEDIA, SEUTULEHTI, PAINO], range: (120, 1400), units: &[1100, 7310, 7320] },
    Kind { account: 4360, texts: &["Henkilöstökoulutus", "Ensiapukoulutus"],
        suppliers: &["Kuntakoulutus Oy"], range: (180, 2400), units: &[1100, 2100, 3100] },
    Kind { account: 4370, texts: &["Katujen kunnossapito", "Auraus ja hiekoitus", "Päällystystyöt"],
        suppliers: &["Maarakennus Jokinen Oy"], range: (1500, 24000), units: &[5200] },
    Kind { account: 4380, texts: &["Siivouspalvelut"],
        suppliers: &["Siivouspalvelu Kirkas Oy"], range: (900, 6500), units: &[1100, 2100, 3100] },
    Kind { account: 4390, texts: &["Muut palvelut", "Tapahtumapalvelut", "Kuljetuspalvelut"],
        suppliers: &["Jämsän Tapahtumapalvelu Oy", "Kuljetus Laine Oy"], range: (80, 1900), units: ALL },
    Kind { account: 4420, texts: &["Matkaliput", "Hotellimajoitus"],
        suppliers: &[KULKURI], range: (40, 650), units: ALL },
    Kind { account: 4500, texts: &["Toimistotarvikkeet", "Kopiopaperi"],
        suppliers: &[TUKKU], range: (20, 480), units: ALL },
    Kind { account: 4520, texts: &["Oppikirjat", "Opetustarvikkeet"],
        suppliers: &["Opetusväline Oy"], range: (80, 2600), units: &[2100] },
    Kind { account: 4530, texts: &["Hoitotarvikkeet", "Lääkkeet"],
        suppliers: &["Hoitotarvike Oy"], range: (120, 3800), units: &[3100] },
    Kind { account: 4540, texts: &["Elintarvikkeet", "Kahvitus"],
        suppliers: &["Tukkukauppa Ruokanen Oy"], range: (60, 9000), units: &[1100, 2100, 3100] },
    Kind { account: 4580, texts: &["Kalusteet", "Toimistotuolit"],
        suppliers: &[KALUSTE], range: (150, 3500), units: &[1100, 2100, 3100] },
    Kind { account: 4600, texts: &["Sähkö", "Kaukolämpö"],
        suppliers: &["Jämsän Energia Oy"], range: (800, 15000), units: &[1100, 2100, 3100, 5200] },
    Kind { account: 4710, texts: &["Omaishoidon tuki", "Toimeentulotuki"],
        suppliers: &[""], range: (200, 2000), units: &[3100] },
    Kind { account: 4730, texts: &["Avustus: kyläyhdistys", "Avustus: tapahtuma"],
        suppliers: &["Kaipolan Kyläyhdistys ry", "Jämsän Matkailuyhdistys ry"], range: (300, 4000), units: &[7310, 7320] },
    Kind { account: 4830, texts: &["Tilavuokra", "Kokoustilan vuokra"],
        suppliers: &[TILAT], range: (45, 3200), units: &[1100, 2100, 3100, 7320] },
    Kind { account: 4910, texts: &["ICT-palvelut", "Ohjelmistolisenssit"],
        suppliers: &[KIILA], range: (60, 5400), units: ALL },
];

#[rustfmt::skip]
const REVENUES: &[Kind] = &[
    Kind { account: 3000, texts: &["Matkailupalvelujen myynti"],
        suppliers: &[""], range: (200, 3800), units: &[7320] },
    Kind { account: 3200, texts: &["Asiakasmaksut", "Aamu- ja iltapäivätoiminnan maksut"],
        suppliers: &[""], range: (2000, 18000), units: &[2100, 3100] },
    Kind { account: 3300, texts: &["Valtionavustus"],
        suppliers: &[""], range: (5000, 60000), units: &[2100, 7310] },
    Kind { account: 3400, texts: &["Tilavuokrat"],
        suppliers: &[""], range: (500, 9000), units: &[1100] },
];

fn unit(cost_centre: u32) -> &'static Unit {
    UNITS
        .iter()
        .find(|u| u.cost_centre == cost_centre)
        .expect("a known cost centre")
}

/// The city's own vouchers of one month: payroll, `invoices` purchase
/// invoices and a few revenues.
fn city_month(month: NaiveDate, invoices: (i64, i64)) -> Vec<Voucher> {
    let mut rng = Rng::new(&format!("city {}", month_label(month)));
    let mut vouchers = vec![city_payroll(month, &mut rng)];
    for _ in 0..rng.between(invoices.0, invoices.1) {
        vouchers.push(city_posting(month, rng.pick(PURCHASES), &mut rng));
    }
    for _ in 0..rng.between(3, 6) {
        vouchers.push(city_posting(month, rng.pick(REVENUES), &mut rng));
    }
    vouchers
}

fn city_payroll(month: NaiveDate, rng: &mut Rng) -> Voucher {
    let label = month_label(month);
    let (pension, social) = side_cost_rates();
    let mut lines = Vec::new();
    for unit in &UNITS {
        let mut pay = eur(rng.between(unit.payroll * 97, unit.payroll * 103));
        if month.month() == 6 {
            pay += eur(rng.between(unit.payroll * 40, unit.payroll * 48));
        }
        let line = |account, text: &str, amount| Line {
            account,
            cost_centre: unit.cost_centre,
            project: "",
            description: format!("{text} {label}"),
            supplier: "",
            amount,
            balancing: false,
        };
        lines.push(line(4000, "Palkat", pay));
        lines.push(line(4110, "KuEL-maksut", share(pay, pension)));
        lines.push(line(4130, "Sotu- ja vakuutusmaksut", share(pay, social)));
    }
    Voucher {
        date: payday(month),
        payroll: true,
        squeezed: false,
        lines,
    }
}

/// A purchase invoice of 1–3 lines, or a revenue (negative amounts); now and
/// then a purchase is a credit note.
fn city_posting(month: NaiveDate, kind: Kind, rng: &mut Rng) -> Voucher {
    let date = workday(month.year(), month.month(), rng.between(1, 28) as u32);
    let supplier = rng.pick(kind.suppliers);
    let sign = if kind.account < 4000 || rng.chance(2) {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    let count = if kind.account < 4000 {
        1
    } else {
        rng.pick(&[1, 1, 1, 2, 2, 3])
    };
    let lines = (0..count)
        .map(|_| {
            let unit = unit(rng.pick(kind.units));
            let mut description = rng.pick(kind.texts).to_string();
            if sign.is_sign_negative() && kind.account >= 4000 {
                description = format!("Hyvitys: {description}");
            }
            Line {
                account: kind.account,
                cost_centre: unit.cost_centre,
                project: rng.pick(unit.projects),
                description,
                supplier,
                amount: sign * rng.skewed(kind.range.0, kind.range.1),
                balancing: false,
            }
        })
        .collect();
    invoice(date, lines)
}

// ---------------------------------------------------------------------------
// The whole ledger
// ---------------------------------------------------------------------------

/// Every row of January 2020 to January 2023, in date and voucher order.
fn ledger() -> Vec<Row> {
    let mut vouchers = Vec::new();
    for month in months(date(2020, 1, 1), date(2023, 1, 31)) {
        // The January 2023 export should hold about 40 rows.
        let invoices = if month.year() == 2023 {
            (8, 10)
        } else {
            (12, 28)
        };
        vouchers.extend(city_month(month, invoices));
    }
    for voucher in project_vouchers() {
        match vouchers
            .iter_mut()
            .find(|v| v.payroll && voucher.payroll && v.date == voucher.date)
        {
            Some(payroll) => payroll.lines.extend(voucher.lines),
            None => vouchers.push(voucher),
        }
    }
    vouchers.sort_by_key(|v| v.date);
    number(vouchers)
}

/// Gives each voucher a number `YYYY-NNNNNN`, rising through the year with
/// gaps for the vouchers of other accounts, and flattens them into rows.
fn number(vouchers: Vec<Voucher>) -> Vec<Row> {
    let mut rng = Rng::new("voucher numbers");
    let (mut year, mut next) = (0, 0);
    let mut rows = Vec::new();
    let mut last = String::new();
    for voucher in vouchers {
        let id = if voucher.squeezed {
            assert_eq!(
                voucher.date.year(),
                year,
                "a squeezed voucher opens no year"
            );
            format!("{year}-{:06}", next + 1)
        } else {
            if voucher.date.year() != year {
                year = voucher.date.year();
                next = rng.between(1, 40);
            } else {
                next += rng.between(1, 25);
            }
            format!("{year}-{next:06}")
        };
        assert!(id > last, "voucher numbers must rise: {id} after {last}");
        last = id.clone();
        rows.extend(voucher.lines.into_iter().map(|line| Row {
            date: voucher.date,
            voucher: id.clone(),
            account: line.account,
            cost_centre: line.cost_centre,
            project: line.project,
            description: line.description,
            supplier: line.supplier,
            amount: line.amount,
        }));
    }
    rows
}

fn between(rows: &[Row], from: NaiveDate, to: NaiveDate) -> Vec<Row> {
    rows.iter()
        .filter(|r| (from..=to).contains(&r.date))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------
// Number and CSV formatting
// ---------------------------------------------------------------------------

/// `-1234,56`
fn plain(amount: Decimal) -> String {
    format!("{:.2}", amount).replace('.', ",")
}

fn sum(rows: &[Row]) -> Decimal {
    rows.iter().map(|r| r.amount).sum()
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

// ---------------------------------------------------------------------------
// The five exports
// ---------------------------------------------------------------------------

/// 2020: Debet/Kredit columns, `dd.mm.yyyy`, plain amounts.
fn write_2020(path: &Path, rows: &[Row]) -> Result<()> {
    let mut lines = titles("Pääkirjaote 1.1.2020 - 31.12.2020", "Tulostettu 8.1.2021");
    lines.push("Tositepvm;Tositenro;Tili;Tilin nimi;Kustannuspaikka;Projekti;Selite;Toimittaja;Debet;Kredit".into());
    for row in rows {
        let (debit, credit) = if row.amount.is_sign_negative() {
            (String::new(), plain(-row.amount))
        } else {
            (plain(row.amount), String::new())
        };
        let mut fields = common_fields(row, row.date.format("%d.%m.%Y").to_string());
        fields.extend([debit, credit]);
        lines.push(csv_line(&fields));
    }
    let debits: Decimal = rows.iter().map(|r| r.amount.max(Decimal::ZERO)).sum();
    let credits: Decimal = rows.iter().map(|r| (-r.amount).max(Decimal::ZERO)).sum();
    lines.push(format!(
        "Yhteensä;;;;;;;;{};{}",
        plain(debits),
        plain(credits)
    ));
    write_1252(path, &lines)
}

/// 2021 and its Q4 re-export: signed `Summa`, `d.m.yyyy`, grouped amounts.
fn write_signed(path: &Path, period: &str, printed: &str, rows: &[Row]) -> Result<()> {
    let mut lines = titles(period, printed);
    lines.push("Tositepäivämäärä;Tositenumero;Tilinumero;Tilin nimi;Kp;Projekti;Selite;Toimittajan nimi;Summa".into());
    lines.extend(rows.iter().map(signed_line));
    lines.push(format!("Yhteensä;;;;;;;;{}", grouped(sum(rows))));
    write_1252(path, &lines)
}

fn signed_line(row: &Row) -> String {
    let mut fields = common_fields(row, row.date.format("%-d.%-m.%Y").to_string());
    fields.push(grouped(row.amount));
    csv_line(&fields)
}

fn titles(period: &str, printed: &str) -> Vec<String> {
    vec![
        "Jämsän kaupunki".into(),
        period.into(),
        printed.into(),
        String::new(),
    ]
}

/// Date, voucher, account, account name, cost centre, project, description,
/// supplier.
fn common_fields(row: &Row, date: String) -> Vec<String> {
    vec![
        date,
        row.voucher.clone(),
        row.account.to_string(),
        account_name(row.account).into(),
        row.cost_centre.to_string(),
        row.project.into(),
        row.description.clone(),
        row.supplier.into(),
    ]
}

/// January 2023 from the new system: UTF-8 with BOM, LF, English headers,
/// ISO dates, no titles and no totals.
fn write_2023(path: &Path, rows: &[Row]) -> Result<()> {
    let mut text = String::from(
        "\u{feff}Posting date;Voucher;Account;Account name;Cost centre;Project;Description;Supplier;Amount\n",
    );
    for row in rows {
        let mut fields = common_fields(row, row.date.format("%Y-%m-%d").to_string());
        fields.push(plain(row.amount));
        text += &csv_line(&fields);
        text.push('\n');
    }
    fs::write(path, text)?;
    Ok(())
}

/// 2022 as a workbook: titles, a header on row 4, date and number cells, a
/// totals row, and an info sheet.
fn write_2022(path: &Path, rows: &[Row]) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = date(2023, 1, 9).and_hms_opt(7, 45, 0).expect("valid time");
    let properties = DocProperties::new()
        .set_author("Jämsän kaupunki, taloushallinto")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    ledger_sheet(workbook.add_worksheet(), rows)?;
    info_sheet(workbook.add_worksheet(), rows.len())?;
    workbook.save(path)?;
    Ok(())
}

fn ledger_sheet(sheet: &mut Worksheet, rows: &[Row]) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    sheet.set_name("Pääkirja")?;
    sheet.write_string_with_format(0, 0, "Jämsän kaupunki – pääkirjaote 2022", &bold)?;
    sheet.write_string(1, 0, "Tulostettu 9.1.2023")?;
    let header = [
        "Kirjauspäivä",
        "Tosite",
        "Tili",
        "Tilin nimi",
        "Kustannuspaikka",
        "Hanke",
        "Vientiselite",
        "Toimittaja",
        "Euroa",
    ];
    sheet.write_row_with_format(3, 0, header, &bold)?;
    for (width, col) in [12, 14, 8, 24, 16, 10, 50, 32, 14].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    let mut r = 4;
    for row in rows {
        sheet.write_datetime_with_format(r, 0, row.date, &day)?;
        sheet.write_string(r, 1, &row.voucher)?;
        sheet.write_number(r, 2, row.account)?;
        sheet.write_string(r, 3, account_name(row.account))?;
        sheet.write_number(r, 4, row.cost_centre)?;
        if !row.project.is_empty() {
            sheet.write_string(r, 5, row.project)?;
        }
        sheet.write_string(r, 6, &row.description)?;
        if !row.supplier.is_empty() {
            sheet.write_string(r, 7, row.supplier)?;
        }
        sheet.write_number_with_format(r, 8, to_f64(row.amount), &money)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    sheet.write_number_with_format(r, 8, to_f64(sum(rows)), &money)?;
    Ok(())
}

fn info_sheet(sheet: &mut Worksheet, rows: usize) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Tiedot")?;
    let info = [
        "Raportti: Pääkirjaote".to_string(),
        "Poimintaehdot: kirjauspäivä 1.1.2022–31.12.2022, kaikki kustannuspaikat".into(),
        format!("Vientirivejä: {rows}"),
        "Tulostettu 9.1.2023, käyttäjä: taloushallinto".into(),
    ];
    for (text, r) in info.iter().zip(0..) {
        sheet.write_string(r, 0, text)?;
    }
    Ok(())
}

/// The nearest `f64`, for a number cell.
fn to_f64(amount: Decimal) -> f64 {
    amount.to_string().parse().expect("a decimal number")
}

// ---------------------------------------------------------------------------
// Checks and summary
// ---------------------------------------------------------------------------

/// An export and its rows.
type Export<'a> = (&'static str, &'a [Row]);

/// The project's rows of the exports, each counted once: the Q4 re-export is
/// left out, as velho must leave it out.
fn project_once<'a>(exports: &[Export<'a>]) -> Vec<&'a Row> {
    exports
        .iter()
        .filter(|(name, _)| *name != Q4)
        .flat_map(|(_, rows)| rows.iter().filter(|r| r.in_project()))
        .collect()
}

/// Panics unless the project's rows give the figures and the planted
/// anomalies are exactly those of the README.
fn check(exports: &[Export]) {
    let project = project_once(exports);
    for (category, cents) in FIGURES {
        let total: Decimal = project
            .iter()
            .filter(|r| r.in_period() && self::category(r.account) == Some(category))
            .map(|r| r.amount)
            .sum();
        assert_eq!(total, eur(cents), "{category:?}: realised");
    }
    let notes: Vec<&str> = project.iter().filter_map(|r| planted(r)).collect();
    let expected = [
        "starts with =",
        "contains ; and quotes",
        "unmapped account",
        "credit note",
        "after the project end",
    ];
    assert_eq!(notes, expected, "the planted rows, in date order");
    let amount = |note| {
        project
            .iter()
            .find(|r| planted(r) == Some(note))
            .map(|r| r.amount)
    };
    assert_eq!(amount("unmapped account"), Some(eur(150_000)));
    assert_eq!(amount("credit note"), Some(eur(-124_000)));
    assert_eq!(amount("after the project end"), Some(eur(248_000)));
    assert_eq!(
        identical_pairs(&project).len(),
        1,
        "one pair of identical rows"
    );
}

/// Panics unless the data lines of the Q4 re-export are, byte for byte, a run
/// of lines of the 2021 export.
fn check_reexport(dir: &Path) -> Result<()> {
    let year = fs::read(dir.join(Y2021))?;
    let q4 = fs::read(dir.join(Q4))?;
    let year: Vec<&[u8]> = year.split(|&b| b == b'\n').collect();
    let q4: Vec<&[u8]> = q4.split(|&b| b == b'\n').collect();
    // Four title lines, the header, the data, the totals row, "" after the last CRLF.
    let data = &q4[5..q4.len() - 2];
    let repeated = year.windows(data.len()).any(|w| w == data);
    assert!(repeated, "the Q4 data lines are not in the 2021 export");
    Ok(())
}

/// Rows equal to the row before them (same voucher, date, account, amount,
/// description and all).
fn identical_pairs<'a>(rows: &[&'a Row]) -> Vec<&'a Row> {
    rows.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

/// What is planted in a project row, if anything.
fn planted(row: &Row) -> Option<&'static str> {
    if category(row.account).is_none() {
        Some("unmapped account")
    } else if !row.in_period() {
        Some("after the project end")
    } else if row.amount.is_sign_negative() {
        Some("credit note")
    } else if row.description.starts_with('=') {
        Some("starts with =")
    } else if row.description.contains(';') {
        Some("contains ; and quotes")
    } else {
        None
    }
}

fn print_summary(exports: &[Export]) {
    println!(
        "{:<26} {:>5} {:>5} {:>14}",
        "file", "rows", "7311", "7311 sum"
    );
    for (name, rows) in exports {
        let project: Vec<Row> = rows.iter().filter(|r| r.in_project()).cloned().collect();
        let (total, count) = (grouped(sum(&project)), project.len());
        println!("{name:<26} {:>5} {count:>5} {total:>14}", rows.len());
    }
    println!("\ncost centre 7311, 1.9.2020-31.12.2022, counted once:");
    let project = project_once(exports);
    for (category, cents) in FIGURES {
        let mapped = |r: &&&Row| r.in_period() && self::category(r.account) == Some(category);
        let count = project.iter().filter(mapped).count();
        println!(
            "{:<10} {count:>4} rows {:>14}",
            format!("{category:?}"),
            grouped(eur(cents))
        );
    }
    println!();
    let pairs = identical_pairs(&project);
    let planted = project.iter().filter_map(|r| Some((planted(r)?, *r)));
    for (note, row) in planted.chain(pairs.iter().map(|r| ("identical pair (× 2)", *r))) {
        let date = row.date.format("%-d.%-m.%Y");
        let amount = grouped(row.amount);
        println!(
            "{note:<22} {} {date:<10} {} {amount:>9}",
            row.voucher, row.account
        );
    }
}

// ---------------------------------------------------------------------------
// The funder's payment decisions
// ---------------------------------------------------------------------------

/// A payment period of `velho.toml` and the funder's decision on it.
struct Period {
    start: NaiveDate,
    end: NaiveDate,
    decided: NaiveDate,
    number: &'static str,
}

fn periods() -> [Period; 5] {
    let period = |start, end, decided, number| Period {
        start,
        end,
        decided,
        number,
    };
    [
        period(
            date(2020, 9, 1),
            date(2020, 12, 31),
            date(2021, 3, 12),
            "KSL/2021/0123",
        ),
        period(
            date(2021, 1, 1),
            date(2021, 6, 30),
            date(2021, 9, 14),
            "KSL/2021/0418",
        ),
        period(
            date(2021, 7, 1),
            date(2021, 12, 31),
            date(2022, 3, 10),
            "KSL/2022/0097",
        ),
        period(
            date(2022, 1, 1),
            date(2022, 6, 30),
            date(2022, 9, 13),
            "KSL/2022/0386",
        ),
        period(
            date(2022, 7, 1),
            date(2022, 12, 31),
            date(2023, 3, 21),
            "KSL/2023/0112",
        ),
    ]
}

/// The categories of a decision, in the order of `velho.toml`.
const DECISION_CATEGORIES: [&str; 5] = [
    "Henkilöstökustannukset",
    "Välilliset kustannukset (flat rate 24 %)",
    "Ostopalvelut",
    "Matkakustannukset",
    "Muut kustannukset",
];
const PERSONNEL: usize = 0;
const FLAT_RATE: usize = 1;
const SERVICES: usize = 2;

/// Where a booked category stands in `DECISION_CATEGORIES`.
fn column(category: Category) -> usize {
    match category {
        Category::Personnel => PERSONNEL,
        Category::Services => SERVICES,
        Category::Travel => 3,
        Category::Other => 4,
    }
}

const FUNDER: &str = "Keski-Suomen liitto";
const RATE_PERCENT: i64 = 90;
const FLAT_RATE_PERCENT: i64 = 24;
const MAX_GRANT: i64 = 39_095_460;
const PLAN_TOTAL: i64 = 43_439_400;
const OVERRUN: i64 = 300_100;
/// The funder's slip in the decision of period 3: it pays this much too little.
const SLIP: i64 = 400;
const SLIP_PERIOD: usize = 3;
/// The decision whose tables stand elsewhere on the sheet.
const MOVED_PERIOD: usize = 4;

const OUTSIDE_PERIOD: &str = "Kulu on maksatuskauden ulkopuolella (päivätty 7/2021)";
const VAT: &str = "Arvonlisävero ei ole tukikelpoinen kustannus (kunta saa alv-palautuksen)";
/// The services row whose gross amount (24 % VAT included) was claimed in
/// period 4.
const VAT_ROW: (&str, i32) = ("Tonttimarkkinointi: esitteen päivitys ja painatus", 2022);

/// A deducted item: a whole voucher or a part of one row.
#[derive(Clone)]
struct Item {
    category: usize,
    voucher: String,
    date: NaiveDate,
    amount: Decimal,
    reason: &'static str,
}

struct Decision {
    /// 1-based.
    index: usize,
    period: Period,
    realised: [Decimal; 5],
    applied: [Decimal; 5],
    deducted: [Decimal; 5],
    reasons: [Option<&'static str>; 5],
    items: Vec<Item>,
    paid_before: Decimal,
    paid_now: Decimal,
    /// What the payment would be by the rate and cap alone.
    correct_now: Decimal,
}

impl Decision {
    fn approved(&self) -> [Decimal; 5] {
        std::array::from_fn(|i| self.applied[i] - self.deducted[i])
    }

    fn paid_total(&self) -> Decimal {
        self.paid_before + self.paid_now
    }
}

fn total(amounts: &[Decimal]) -> Decimal {
    amounts.iter().sum()
}

/// The decisions on the project's rows (each counted once), checked against
/// every rule of the README.
fn decisions(project: &[&Row]) -> Vec<Decision> {
    let eligible: Vec<&Row> = project
        .iter()
        .copied()
        .filter(|r| r.in_period() && category(r.account).is_some())
        .collect();
    let realised = |p: &Period| {
        let mut amounts = [Decimal::ZERO; 5];
        for row in eligible
            .iter()
            .filter(|r| (p.start..=p.end).contains(&r.date))
        {
            amounts[column(category(row.account).expect("mapped"))] += row.amount;
        }
        amounts[FLAT_RATE] = share(amounts[PERSONNEL], Decimal::from(FLAT_RATE_PERCENT));
        amounts
    };

    // The invoice of early July, claimed in period 2 as well: the funder
    // deducts it whole there.
    let (july, lines) = EARLY_JULY;
    let invoice: Vec<&Row> = eligible
        .iter()
        .copied()
        .filter(|r| r.date == july)
        .collect();
    assert_eq!(
        invoice.len(),
        2,
        "the early-July invoice has two project rows"
    );
    assert!(invoice.iter().all(|r| r.voucher == invoice[0].voucher));
    assert!(invoice.iter().zip(lines).all(|(r, l)| r.account == l.0));
    assert!(
        invoice
            .iter()
            .all(|r| category(r.account) == Some(Category::Services))
    );
    let invoice_total: Decimal = invoice.iter().map(|r| r.amount).sum();
    let outside = Item {
        category: SERVICES,
        voucher: invoice[0].voucher.clone(),
        date: july,
        amount: invoice_total,
        reason: OUTSIDE_PERIOD,
    };

    // The gross services row of period 4: its VAT share is deducted.
    let vat_rows: Vec<&Row> = eligible
        .iter()
        .copied()
        .filter(|r| r.description == VAT_ROW.0 && r.date.year() == VAT_ROW.1)
        .collect();
    assert_eq!(vat_rows.len(), 1, "one row claimed with VAT");
    let gross = vat_rows[0];
    assert_eq!(category(gross.account), Some(Category::Services));
    let vat = (gross.amount * Decimal::from(24) / Decimal::from(124))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert!(
        (eur(20_000)..eur(50_000)).contains(&vat),
        "the VAT share should be a few hundred euros, not {vat}"
    );
    let vat_item = Item {
        category: SERVICES,
        voucher: gross.voucher.clone(),
        date: gross.date,
        amount: vat,
        reason: VAT,
    };

    let mut out: Vec<Decision> = Vec::new();
    for (period, index) in periods().into_iter().zip(1..) {
        let realised = realised(&period);
        let mut applied = realised;
        let mut items = Vec::new();
        match index {
            2 => {
                assert!(july > period.end, "the invoice is dated after period 2");
                applied[SERVICES] += invoice_total;
                items.push(outside.clone());
            }
            4 => {
                assert!((period.start..=period.end).contains(&gross.date));
                items.push(vat_item.clone());
            }
            _ => {}
        }
        if index == 3 {
            assert!((period.start..=period.end).contains(&july));
            assert!(july.day() <= 10, "early July");
        }
        let mut deducted = [Decimal::ZERO; 5];
        let mut reasons = [None; 5];
        for item in &items {
            deducted[item.category] += item.amount;
            reasons[item.category] = Some(item.reason);
        }
        assert_eq!(deducted[PERSONNEL], Decimal::ZERO, "personnel is never cut");
        let paid_before: Decimal = out.iter().map(|d| d.paid_now).sum();
        let mut decision = Decision {
            index,
            period,
            realised,
            applied,
            deducted,
            reasons,
            items,
            paid_before,
            paid_now: Decimal::ZERO,
            correct_now: Decimal::ZERO,
        };
        let approved = total(&decision.approved());
        let by_rate = share(approved, Decimal::from(RATE_PERCENT));
        let remaining = eur(MAX_GRANT) - paid_before;
        decision.correct_now = by_rate.min(remaining);
        decision.paid_now = match index {
            SLIP_PERIOD => by_rate - eur(SLIP),
            5 => {
                assert!(by_rate > remaining, "the cap binds in the final decision");
                remaining
            }
            _ => by_rate,
        };
        assert!(decision.paid_now <= remaining);
        out.push(decision);
    }

    // The figures of the README.
    assert_eq!(out.len(), 5);
    let last = &out[4];
    assert_eq!(
        last.paid_total(),
        eur(MAX_GRANT),
        "the final payment tops up to the cap"
    );
    let realised_booked: Decimal = out
        .iter()
        .map(|d| total(&d.realised) - d.realised[FLAT_RATE])
        .sum();
    assert_eq!(
        realised_booked,
        FIGURES.iter().map(|f| eur(f.1)).sum::<Decimal>()
    );
    let flat_rate: Decimal = out.iter().map(|d| d.realised[FLAT_RATE]).sum();
    assert_eq!(flat_rate, eur(5_425_200), "the periods' flat rates add up");
    let applied: Decimal = out.iter().map(|d| total(&d.applied)).sum();
    assert_eq!(
        applied - invoice_total,
        eur(43_739_500),
        "all realised, once"
    );
    let deducted: Decimal = out.iter().map(|d| total(&d.deducted)).sum();
    let net = deducted - invoice_total;
    assert_eq!(
        net, vat,
        "net of the re-claimed invoice, only the VAT is cut"
    );
    assert!(net < eur(OVERRUN), "deductions smaller than the overrun");
    let approved: Decimal = out.iter().map(|d| total(&d.approved())).sum();
    assert!(
        approved >= eur(PLAN_TOTAL),
        "approved {approved} below the plan"
    );
    assert!(share(approved, Decimal::from(RATE_PERCENT)) > eur(MAX_GRANT));
    for d in &out {
        let approved = d.approved();
        assert_eq!(
            approved[FLAT_RATE], d.applied[FLAT_RATE],
            "the flat rate follows"
        );
        assert_eq!(
            d.applied[FLAT_RATE],
            share(approved[PERSONNEL], Decimal::from(FLAT_RATE_PERCENT))
        );
        if d.index == SLIP_PERIOD {
            assert_eq!(d.correct_now - d.paid_now, eur(SLIP));
        } else {
            assert_eq!(d.correct_now, d.paid_now);
        }
    }
    out
}

/// `1.9.2020–31.12.2020`
fn period_text(period: &Period) -> String {
    let day = |d: NaiveDate| d.format("%-d.%-m.%Y").to_string();
    format!("{}–{}", day(period.start), day(period.end))
}

fn decision_file(index: usize) -> String {
    format!("maksatuspaatos_{index}.xlsx")
}

fn write_decision(path: &Path, decision: &Decision) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = decision
        .period
        .decided
        .and_hms_opt(9, 30, 0)
        .expect("valid time");
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
        (3, "Hanke", "Yritysvelho (A12345)".to_string()),
        (4, "Tuensaaja", "Jämsän kaupunki".into()),
        (5, "Päätöksen numero", d.period.number.into()),
    ];
    for (r, label, value) in texts {
        sheet.write_string(r, 0, label)?;
        sheet.write_string(r, 1, value)?;
    }
    sheet.write_string(6, 0, "Päätöspäivä")?;
    sheet.write_datetime_with_format(6, 1, d.period.decided, &day)?;
    sheet.write_string(7, 0, "Maksatuskausi")?;
    sheet.write_string(7, 1, period_text(&d.period))?;
    sheet.write_string(8, 0, "Tukiprosentti")?;
    sheet.write_number_with_format(8, 1, RATE_PERCENT as f64 / 100.0, &percent)?;
    let payments = [
        (9, "Maksetaan nyt", d.paid_now),
        (10, "Aiemmin maksettu", d.paid_before),
        (11, "Maksettu yhteensä", d.paid_total()),
    ];
    for (r, label, amount) in payments {
        sheet.write_string(r, 0, label)?;
        sheet.write_number_with_format(r, 1, to_f64(amount), &money)?;
    }

    // The tables: from A14, or in the moved decision from C18 under a note.
    let (mut r, c) = if d.index == MOVED_PERIOD {
        let note = "Huom. Hyväksytyt kustannukset on tarkastettu kirjanpitoraportin ja \
                    tositteiden perusteella. Vähennykset on eritelty alla.";
        sheet.write_string(15, 2, note)?;
        (17, 2)
    } else {
        (13, 0)
    };
    let header = [
        "Kustannuslaji",
        "Haettu",
        "Hyväksytty",
        "Vähennetty",
        "Perustelu",
    ];
    sheet.write_row_with_format(r, c, header, &bold)?;
    r += 1;
    let approved = d.approved();
    for (i, name) in DECISION_CATEGORIES.iter().enumerate() {
        sheet.write_string(r, c, *name)?;
        let amounts = [d.applied[i], approved[i], d.deducted[i]];
        for (amount, k) in amounts.into_iter().zip(1..) {
            sheet.write_number_with_format(r, c + k, to_f64(amount), &money)?;
        }
        if let Some(reason) = d.reasons[i] {
            sheet.write_string(r, c + 4, reason)?;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, c, "Yhteensä", &bold)?;
    let sums = [total(&d.applied), total(&approved), total(&d.deducted)];
    for (amount, k) in sums.into_iter().zip(1..) {
        sheet.write_number_with_format(r, c + k, to_f64(amount), &bold_money)?;
    }
    r += 2;
    if !d.items.is_empty() {
        sheet.write_string_with_format(r, c, "Vähennetyt kulut", &bold)?;
        r += 1;
        let header = ["Tosite", "Päivämäärä", "Summa", "Perustelu"];
        sheet.write_row_with_format(r, c, header, &bold)?;
        r += 1;
        for item in &d.items {
            sheet.write_string(r, c, &item.voucher)?;
            sheet.write_datetime_with_format(r, c + 1, item.date, &day)?;
            sheet.write_number_with_format(r, c + 2, to_f64(item.amount), &money)?;
            sheet.write_string(r, c + 3, item.reason)?;
            r += 1;
        }
    }
    let widths: &[f64] = if d.index == MOVED_PERIOD {
        &[20.0, 22.0, 40.0, 14.0, 14.0, 14.0, 60.0]
    } else {
        &[40.0, 22.0, 14.0, 14.0, 60.0]
    };
    for (&width, col) in widths.iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

fn print_decisions(decisions: &[Decision]) {
    println!("\npayment decisions:");
    println!(
        "{:<3} {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}",
        "", "period", "applied", "deducted", "approved", "paid now", "paid total"
    );
    for d in decisions {
        println!(
            "{:<3} {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}",
            d.index,
            period_text(&d.period),
            grouped(total(&d.applied)),
            grouped(total(&d.deducted)),
            grouped(total(&d.approved())),
            grouped(d.paid_now),
            grouped(d.paid_total()),
        );
    }
    for d in decisions {
        for item in &d.items {
            let date = item.date.format("%-d.%-m.%Y");
            let amount = grouped(item.amount);
            println!(
                "period {}: deducted {} {date} {amount:>9} {}",
                d.index, item.voucher, item.reason
            );
        }
        if d.paid_now != d.correct_now {
            println!(
                "period {}: paid now {} instead of {}",
                d.index,
                grouped(d.paid_now),
                grouped(d.correct_now)
            );
        }
    }
}

const Y2020: &str = "kirjanpito_2020.csv";
const Y2021: &str = "kirjanpito_2021.csv";
const Q4: &str = "kirjanpito_2021_q4.csv";
const Y2022: &str = "kirjanpito_2022.xlsx";
const Y2023: &str = "kirjanpito_2023_tammi.csv";

fn main() -> Result<()> {
    let usage = "usage: generate-sample OUTPUT_FOLDER (e.g. samples/yritysvelho)";
    let out = env::args().nth(1).ok_or(usage)?;
    generate(Path::new(&out), true)
}

/// Writes the five exports into `out/ledger/` and the five payment decisions
/// into `out/decisions/`, and checks them; the tests call this to prove the
/// committed sample is exactly what the generator makes.
/// With `report`, prints what was written.
pub fn generate(out: &Path, report: bool) -> Result<()> {
    let dir = out.join("ledger");
    fs::create_dir_all(&dir)?;

    let rows = ledger();
    let part = |from, to| between(&rows, from, to);
    let year = |y| part(date(y, 1, 1), date(y, 12, 31));
    let (y2020, y2021, y2022, y2023) = (year(2020), year(2021), year(2022), year(2023));
    let q4 = part(date(2021, 10, 1), date(2021, 12, 31));
    let exports: [Export; 5] = [
        (Y2020, &y2020),
        (Y2021, &y2021),
        (Q4, &q4),
        (Y2022, &y2022),
        (Y2023, &y2023),
    ];
    assert_eq!(
        rows.len(),
        exports
            .iter()
            .filter(|e| e.0 != Q4)
            .map(|e| e.1.len())
            .sum()
    );
    check(&exports);
    let decisions = decisions(&project_once(&exports));

    write_2020(&dir.join(Y2020), &y2020)?;
    let (period, printed) = ("Pääkirjaote 1.1.2021 - 31.12.2021", "Tulostettu 10.1.2022");
    write_signed(&dir.join(Y2021), period, printed, &y2021)?;
    let (period, printed) = ("Pääkirjaote 1.10.2021 - 31.12.2021", "Tulostettu 12.1.2022");
    write_signed(&dir.join(Q4), period, printed, &q4)?;
    write_2022(&dir.join(Y2022), &y2022)?;
    write_2023(&dir.join(Y2023), &y2023)?;
    check_reexport(&dir)?;

    let folder = out.join("decisions");
    fs::create_dir_all(&folder)?;
    for decision in &decisions {
        write_decision(&folder.join(decision_file(decision.index)), decision)?;
    }
    if report {
        print_summary(&exports);
        print_decisions(&decisions);
    }
    Ok(())
}
