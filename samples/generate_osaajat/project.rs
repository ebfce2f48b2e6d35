//! The project Osaajat and its funding terms (organisation, funder, rates,
//! the project period), its cost categories and the association's chart of
//! accounts; amounts and their rounding.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::calendar::date;

pub const ORGANISATION: &str = "Kylätoimintayhdistys Osaajat ry";
pub const FUNDER: &str = "Etelä-Savon ELY-keskus";
/// The project's code in the ledger's project column.
pub const PROJECT: &str = "OSAAJAT";
/// The association's other project in the same ledger.
pub const KYLATALO: &str = "KYLÄTALO";
/// The project as the funder names it (EURA 2021 code).
pub const PROJECT_TITLE: &str = "Osaajat – kylien työelämä- ja digitaidot (S30487)";

pub const RATE_PERCENT: i64 = 80;
pub const FLAT_RATE_PERCENT: i64 = 40;

pub const STAFF_NAME: &str = "Henkilöstökustannukset";
pub const FLAT_RATE_NAME: &str = "Flat rate 40 % (kattaa muut kustannukset)";

pub fn project_start() -> NaiveDate {
    date(2023, 3, 1)
}

pub fn project_end() -> NaiveDate {
    date(2024, 12, 31)
}

/// An amount written with a decimal point: `d("3412.50")`.
pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal amount")
}

pub fn round2(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `base × percent %`, rounded to the cent (half away from zero).
pub fn percent_of(base: Decimal, percent: Decimal) -> Decimal {
    round2(base * percent / Decimal::ONE_HUNDRED)
}

/// What the cost plan's categories are fed by (`velho.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// 5000–5999 salaries, 6100–6199 statutory side costs.
    Staff,
    /// 4000–4999 purchases, 6200–6999 other staff-related costs, 7000–8999
    /// other costs: covered by the flat rate, never eligible.
    Other,
    /// 3000–3999: revenues.
    Revenue,
}

pub fn category(account: u32) -> Category {
    match account {
        3000..=3999 => Category::Revenue,
        5000..=5999 | 6100..=6199 => Category::Staff,
        4000..=4999 | 6200..=6999 | 7000..=8999 => Category::Other,
        _ => panic!("account {account} is outside the profit-and-loss chart"),
    }
}

pub fn account_name(account: u32) -> &'static str {
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
