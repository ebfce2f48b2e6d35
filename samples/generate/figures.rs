//! The project Yritysvelho (cost centre 7311, 1.9.2020–31.12.2022): its
//! booked cost categories and the figures their rows must add up to, and the
//! city's chart of accounts.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::calendar::date;

pub const PROJECT_CC: u32 = 7311;
pub const PROJECT_CODE: &str = "YVELHO";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Personnel,
    Services,
    Travel,
    Other,
}

/// The categories of `velho.toml` that are booked in the ledger, with the
/// realised figure (in cents) that the project's rows must add up to.
pub const FIGURES: [(Category, i64); 4] = [
    (Category::Personnel, 22_605_000),
    (Category::Services, 14_210_000),
    (Category::Travel, 520_000),
    (Category::Other, 979_300),
];

/// The account ranges of `velho.toml`.
pub fn category(account: u32) -> Option<Category> {
    match account {
        4000..=4299 => Some(Category::Personnel),
        4300..=4419 | 4430..=4499 => Some(Category::Services),
        4420..=4429 => Some(Category::Travel),
        4500..=4699 | 4800..=4999 => Some(Category::Other),
        _ => None,
    }
}

pub fn project_start() -> NaiveDate {
    date(2020, 9, 1)
}

pub fn project_end() -> NaiveDate {
    date(2022, 12, 31)
}

pub fn eur(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// `base × percent`, rounded to the cent (half away from zero).
pub fn share(base: Decimal, percent: Decimal) -> Decimal {
    (base * percent / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

pub fn account_name(account: u32) -> &'static str {
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
