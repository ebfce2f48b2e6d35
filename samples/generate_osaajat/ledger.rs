//! The ledger's vouchers and rows: voucher types, lines, every voucher of
//! the two years, and the rows numbered as each year's system numbers them.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::calendar::{date, month_label, months};
use super::payroll::{bonus, payroll};
use super::project::{PROJECT, project_end, project_start};
use super::purchases::{OTHER_ROWS, PROJECT_ROWS, fixed, monthly};

/// The voucher type (Netvisor's *Tositelaji*; Procountor numbers each in its
/// own series).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Purchase,
    Sale,
    Payroll,
    Bank,
}

impl Kind {
    pub fn netvisor(self) -> &'static str {
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

pub struct Line {
    pub account: u32,
    pub description: String,
    pub partner: &'static str,
    pub project: &'static str,
    /// + = debit (a cost), − = credit (a revenue).
    pub amount: Decimal,
}

pub struct Voucher {
    pub date: NaiveDate,
    pub kind: Kind,
    pub lines: Vec<Line>,
}

/// One ledger row as both exports show it.
#[derive(Clone, Debug)]
pub struct Row {
    pub date: NaiveDate,
    pub voucher: String,
    pub kind: Kind,
    pub account: u32,
    pub description: String,
    pub partner: &'static str,
    pub project: &'static str,
    pub amount: Decimal,
}

impl Row {
    /// A row velho keeps: the project's code and a date in the project.
    pub fn in_project(&self) -> bool {
        self.project == PROJECT && (project_start()..=project_end()).contains(&self.date)
    }
}

pub fn line(
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
pub fn single(
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

pub fn last_day(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    next.pred_opt().expect("in range").day()
}

/// The 24 months of the ledger, 1/2023–12/2024, as (year, month).
fn ledger_months() -> Vec<(i32, u32)> {
    months(date(2023, 1, 1), date(2024, 12, 31))
        .into_iter()
        .map(|m| (m.year(), m.month()))
        .collect()
}

/// `3/2023`
pub fn month_text(year: i32, month: u32) -> String {
    month_label(date(year, month, 1))
}

/// Every voucher of the two years.
pub fn vouchers() -> Vec<Voucher> {
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
pub fn number(vouchers: &[Voucher], year: i32) -> Vec<Row> {
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
