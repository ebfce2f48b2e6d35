//! The project's own vouchers (cost centre 7311): payroll, consultants,
//! programmes, one-off purchases, travel and office costs, the planted
//! anomalies, and the balancing rows that make each category exact.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::calendar::{date, month_label, months, workday};
use super::figures::{Category, FIGURES, category, eur, project_end, project_start, share};
use super::ledger::{Line, Voucher, balancing, invoice, project_invoice, project_line};
use super::rng::Rng;

const KAARI: &str = "Suunnittelutoimisto Kaari Oy";
const KASVU: &str = "Vauhtia Kasvuun Oy";
const AKATEMIA: &str = "Yrittäjäakatemia Virta Oy";
const TUTKIMUS: &str = "Tutkimustoimisto Aalto & Koski Oy";
pub const PAINO: &str = "Kirjapaino Jämsänkoski Oy";
pub const MEDIA: &str = "Mediatalo Keski-Suomi Oy";
pub const SEUTULEHTI: &str = "Seutulehti Oy";
pub const TILAT: &str = "Jämsän Tilapalvelu Oy";
pub const KIILA: &str = "IT-Palvelu Kiila Oy";
pub const KALUSTE: &str = "Toimistokaluste Oy";
pub const TUKKU: &str = "Toimistotukku Oy";
pub const KULKURI: &str = "Matkatoimisto Kulkuri Oy";
const LANKA: &str = "Verkkotoimisto Lanka Oy";
const CAFE: &str = "Leipomo-kahvila Aamu Oy";

/// Every voucher of the project, each category balanced to its figure.
pub fn project_vouchers() -> Vec<Voucher> {
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
/// (lomaraha) paid with the June pay, in cents, as the ledger books them on
/// the project (the secretary's 60 % of her pay; staff.rs has the payroll's).
pub fn staff(year: i32) -> Vec<(&'static str, i64, i64)> {
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
pub fn side_cost_rates() -> (Decimal, Decimal) {
    (Decimal::new(2260, 2), Decimal::new(340, 2))
}

/// The 28th, or the working day before it.
pub fn payday(month: NaiveDate) -> NaiveDate {
    workday(month.year(), month.month(), 28)
}

/// A payroll voucher for every month of the project.
pub fn personnel() -> Vec<Voucher> {
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

pub fn fixed(rows: &[Fixed]) -> Vec<Voucher> {
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
pub const EARLY_JULY: (NaiveDate, [(u32, &str, i64); 2]) = (
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
