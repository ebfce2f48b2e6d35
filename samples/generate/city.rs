//! The rest of the city: the background vouchers of every other cost centre
//! (payroll, purchase invoices, credit notes and revenues) that velho must
//! filter out.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::calendar::{month_label, workday};
use super::figures::{eur, share};
use super::ledger::{Line, Voucher, invoice};
use super::project::{
    KALUSTE, KIILA, KULKURI, MEDIA, PAINO, SEUTULEHTI, TILAT, TUKKU, payday, side_cost_rates,
};
use super::rng::Rng;

/// A cost centre of the city: number, monthly payroll in euros, project codes.
struct Unit {
    pub cost_centre: u32,
    pub payroll: i64,
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
    pub account: u32,
    pub texts: &'static [&'static str],
    suppliers: &'static [&'static str],
    pub range: (i64, i64),
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
pub fn city_month(month: NaiveDate, invoices: (i64, i64)) -> Vec<Voucher> {
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
