//! The ledger's vouchers and rows: the project's and the city's vouchers
//! merged, sorted, numbered and flattened into the rows every export shows.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::calendar::{date, months};
use super::city::city_month;
use super::figures::{PROJECT_CC, PROJECT_CODE, project_end, project_start};
use super::project::project_vouchers;
use super::rng::Rng;

pub struct Line {
    pub account: u32,
    pub cost_centre: u32,
    pub project: &'static str,
    pub description: String,
    pub supplier: &'static str,
    pub amount: Decimal,
    /// The row that absorbs the remainder so that its category is exact.
    pub balancing: bool,
}

pub struct Voucher {
    pub date: NaiveDate,
    pub payroll: bool,
    /// Numbered in a gap of the sequence (the number after the voucher
    /// before it) without drawing, so that planting it leaves every other
    /// voucher number as it was.
    pub squeezed: bool,
    pub lines: Vec<Line>,
}

/// One ledger row as every export shows it.
#[derive(Clone, PartialEq)]
pub struct Row {
    pub date: NaiveDate,
    pub voucher: String,
    pub account: u32,
    pub cost_centre: u32,
    pub project: &'static str,
    pub description: String,
    pub supplier: &'static str,
    pub amount: Decimal,
}

impl Row {
    pub fn in_project(&self) -> bool {
        self.cost_centre == PROJECT_CC
    }

    pub fn in_period(&self) -> bool {
        (project_start()..=project_end()).contains(&self.date)
    }
}

pub fn project_line(
    account: u32,
    description: &str,
    supplier: &'static str,
    amount: Decimal,
) -> Line {
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

pub fn invoice(date: NaiveDate, lines: Vec<Line>) -> Voucher {
    Voucher {
        date,
        payroll: false,
        squeezed: false,
        lines,
    }
}

/// A one-line project invoice.
pub fn project_invoice(
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
pub fn balancing(mut voucher: Voucher) -> Voucher {
    for line in &mut voucher.lines {
        line.balancing = true;
    }
    voucher
}

/// Every row of January 2020 to January 2023, in date and voucher order.
pub fn ledger() -> Vec<Row> {
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
pub fn number(vouchers: Vec<Voucher>) -> Vec<Row> {
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

pub fn between(rows: &[Row], from: NaiveDate, to: NaiveDate) -> Vec<Row> {
    rows.iter()
        .filter(|r| (from..=to).contains(&r.date))
        .cloned()
        .collect()
}
