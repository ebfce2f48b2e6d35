//! The common Finnish charts of accounts, as far as `velho init` needs
//! them to suggest cost categories: the municipal chart (JHS 192) and the
//! private-sector one. They clash (account 4000 is salaries in one and
//! purchases in the other), so velho either is told which one
//! (`--chart`) or guesses from the accounts and their names, and says why.

use std::collections::BTreeMap;

use crate::init::survey::Tally;
pub use crate::model::Chart;
use crate::model::Lang;

/// What a group of accounts is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Costs: suggested as a cost category.
    Cost,
    /// Revenues: suggested as `[claims] revenue_accounts`.
    Revenue,
    /// Not a project cost in this chart (financing items, depreciation…).
    Other,
}

/// A range of accounts of a chart and the category it suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// The category id suggested.
    pub id: &'static str,
    /// The category's name: a key of the text catalogue.
    pub name: &'static str,
    /// The accounts, from..=to.
    pub from: u64,
    /// The last account of the range.
    pub to: u64,
    /// What the accounts are.
    pub kind: Kind,
}

const fn group(id: &'static str, name: &'static str, from: u64, to: u64, kind: Kind) -> Group {
    Group {
        id,
        name,
        from,
        to,
        kind,
    }
}

const MUNICIPAL: [Group; 8] = [
    group(
        "revenues",
        "init.category.revenues",
        3000,
        3999,
        Kind::Revenue,
    ),
    group(
        "personnel",
        "init.category.personnel",
        4000,
        4299,
        Kind::Cost,
    ),
    group("services", "init.category.services", 4300, 4499, Kind::Cost),
    group(
        "materials",
        "init.category.materials",
        4500,
        4699,
        Kind::Cost,
    ),
    group("grants", "init.category.grants", 4700, 4799, Kind::Cost),
    group("rents", "init.category.rents", 4800, 4899, Kind::Cost),
    group("other", "init.category.other", 4900, 4999, Kind::Cost),
    group(
        "financing",
        "init.category.financing_municipal",
        5000,
        9999,
        Kind::Other,
    ),
];

const PRIVATE: [Group; 7] = [
    group(
        "revenues",
        "init.category.revenues",
        3000,
        3999,
        Kind::Revenue,
    ),
    group(
        "materials",
        "init.category.materials",
        4000,
        4499,
        Kind::Cost,
    ),
    group("services", "init.category.services", 4500, 4999, Kind::Cost),
    group(
        "personnel",
        "init.category.personnel",
        5000,
        6799,
        Kind::Cost,
    ),
    group(
        "depreciation",
        "init.category.depreciation",
        6800,
        6999,
        Kind::Other,
    ),
    group("other", "init.category.other", 7000, 8999, Kind::Cost),
    group(
        "financing",
        "init.category.financing_private",
        9000,
        9999,
        Kind::Other,
    ),
];

impl Chart {
    /// The chart's name in a language.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Chart::Municipal => lang.text("init.chart.municipal"),
            Chart::Private => lang.text("init.chart.private"),
        }
    }

    /// The chart's groups of accounts.
    pub fn groups(self) -> &'static [Group] {
        match self {
            Chart::Municipal => &MUNICIPAL,
            Chart::Private => &PRIVATE,
        }
    }

    /// The group an account falls in, if it is a number in one.
    pub fn group_of(self, account: &str) -> Option<&'static Group> {
        let n: u64 = account.trim().parse().ok()?;
        self.groups().iter().find(|g| (g.from..=g.to).contains(&n))
    }
}

/// True for an account name that says grants, subsidies or aid received
/// (`Tuet ja avustukset`, `Palkkatuki`, `bidrag`): money a funder pays,
/// which is neither a project cost nor project revenue.
pub fn is_grant_name(name: &str) -> bool {
    let name = name.to_lowercase();
    ["avustu", "tuki", "tuet", "grant", "subsid", "bidrag"]
        .iter()
        .any(|w| name.contains(w))
}

/// True for an account name that says travel (`Matkustus- ja
/// kuljetuspalvelut`, `Matkakulut`, `Resekostnader`, `Travel`).
pub fn is_travel_name(name: &str) -> bool {
    let name = name.to_lowercase();
    ["matk", "travel", "resek", "päiväraha", "kilometrikorv"]
        .iter()
        .any(|w| name.contains(w))
}

impl Chart {
    /// True for an income account that holds grants or aid received: by
    /// its name, or in the municipal chart by its place in 3300–3399
    /// (`Tuet ja avustukset`).
    pub fn is_grant_received(self, account: &str, name: &str) -> bool {
        let Some(group) = self.group_of(account) else {
            return false;
        };
        let in_grant_range = self == Chart::Municipal
            && account
                .trim()
                .parse::<u64>()
                .is_ok_and(|n| (3300..=3399).contains(&n));
        group.kind == Kind::Revenue && (in_grant_range || is_grant_name(name))
    }

    /// True for a cost account that holds travel, told by its name.
    pub fn is_travel(self, account: &str, name: &str) -> bool {
        self.group_of(account).is_some_and(|g| g.kind == Kind::Cost) && is_travel_name(name)
    }
}

/// True for an account name that says salaries or their side costs.
fn is_salary_name(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "palk", "salar", "wage", "lön", "eläke", "sivukulu", "lomara", "pension",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// The chart the accounts look like, and why, in words.
pub fn guess(accounts: &BTreeMap<String, Tally>, lang: Lang) -> (Chart, String) {
    let numbered = |from: u64, to: u64| -> Vec<(&String, &Tally)> {
        accounts
            .iter()
            .filter(|(a, _)| a.parse::<u64>().is_ok_and(|n| (from..=to).contains(&n)))
            .collect()
    };
    let salaries = |from, to| {
        numbered(from, to)
            .into_iter()
            .find(|(_, t)| is_salary_name(&t.name))
    };
    let named = |(account, tally): (&String, &Tally)| format!("{account} \"{}\"", tally.name);
    match (salaries(4000, 4299), salaries(5000, 6999)) {
        (Some(m), None) => (
            Chart::Municipal,
            lang.fill("init.chart.salary_municipal", &[("account", &named(m))]),
        ),
        (None, Some(p)) => (
            Chart::Private,
            lang.fill("init.chart.salary_private", &[("account", &named(p))]),
        ),
        _ => {
            let private = numbered(5000, 8999);
            if private.is_empty() {
                let why = lang.text("init.chart.no_private_accounts");
                (Chart::Municipal, why.into())
            } else {
                let list: Vec<&str> = private.iter().take(5).map(|(a, _)| a.as_str()).collect();
                let why = lang.fill(
                    "init.chart.private_accounts",
                    &[("accounts", &list.join(", "))],
                );
                (Chart::Private, why)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn accounts(list: &[(&str, &str)]) -> BTreeMap<String, Tally> {
        let day = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        list.iter()
            .map(|(a, n)| {
                let tally = Tally {
                    rows: 1,
                    first: day,
                    last: day,
                    sum: Decimal::ONE,
                    name: n.to_string(),
                };
                (a.to_string(), tally)
            })
            .collect()
    }

    #[test]
    fn the_chart_is_guessed_from_salary_names_then_from_the_ranges() {
        let municipal = accounts(&[
            ("4000", "Maksetut palkat"),
            ("4300", "Asiantuntijapalvelut"),
        ]);
        assert_eq!(guess(&municipal, Lang::En).0, Chart::Municipal);
        let private = accounts(&[("4000", "Ostot"), ("5000", "Palkat")]);
        let (chart, why) = guess(&private, Lang::En);
        assert_eq!(chart, Chart::Private);
        assert_eq!(why, "a salary account is in 5000–6999: 5000 \"Palkat\"");
        let unnamed = accounts(&[("4000", ""), ("7600", "")]);
        assert_eq!(guess(&unnamed, Lang::En).0, Chart::Private);
        assert_eq!(
            guess(&accounts(&[("4000", "")]), Lang::En).0,
            Chart::Municipal
        );
    }

    #[test]
    fn grants_received_and_travel_are_told_by_name_or_by_the_municipal_grant_range() {
        let m = Chart::Municipal;
        assert!(m.is_grant_received("3300", "Tuet ja avustukset muilta"));
        assert!(m.is_grant_received("3310", ""));
        assert!(m.is_grant_received("3390", "Palkkatuki"));
        assert!(!m.is_grant_received("3000", "Myyntituotot"));
        assert!(!m.is_grant_received("3100", "Maksutuotot"));
        assert!(!m.is_grant_received("4700", "Avustukset yhteisöille"));
        let p = Chart::Private;
        assert!(p.is_grant_received("3900", "Saadut avustukset"));
        assert!(p.is_grant_received("3950", "Government grants"));
        assert!(!p.is_grant_received("3300", "Myynti"));
        assert!(m.is_travel("4420", "Matkustus- ja kuljetuspalvelut"));
        assert!(p.is_travel("7680", "Matkakulut"));
        assert!(!p.is_travel("3000", "Matkamyynti"));
        assert!(!m.is_travel("4310", "Asiantuntijapalvelut"));
    }

    #[test]
    fn account_4000_is_salaries_in_one_chart_and_purchases_in_the_other() {
        assert_eq!(Chart::Municipal.group_of("4000").unwrap().id, "personnel");
        assert_eq!(Chart::Private.group_of("4000").unwrap().id, "materials");
        assert_eq!(Chart::Private.group_of("X1"), None);
        for chart in [Chart::Municipal, Chart::Private] {
            let groups = chart.groups();
            assert!(
                groups.windows(2).all(|w| w[0].to < w[1].from),
                "no overlaps"
            );
        }
    }
}
