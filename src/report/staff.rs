//! The Staff costs sheet (Henkilöstökulut, issue 13, deliverable 4 in
//! part): one row per person and month under the project's staff-cost
//! model (pay by type, the share or the hours, the side-cost percentage or
//! the hourly rate, the eligible cost), each person's subtotal and the
//! total as live `SUM` formulas. Persons are shown by their id and role
//! (salaries of named people are personal data).
//!
//! The total is the model's figure; the Summary's staff category still
//! shows the ledger's (a finding compares the two).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{self, Page, Role, Table};
use super::{Report, Styles};
use crate::staff::{PersonMonth, StaffCosts};

/// The sheet's name in a language.
pub fn sheet_name(lang: crate::model::Lang) -> &'static str {
    lang.pick("Henkilöstökulut", "Staff costs")
}

/// One figure of a person's month.
type Figure = fn(&PersonMonth) -> Decimal;

/// The money columns: (column, the figure of a row).
const MONEY: [(u16, Figure); 5] = [
    (3, |r| r.salary),
    (4, |r| r.holiday_pay),
    (5, |r| r.holiday_bonus),
    (6, |r| r.side_costs),
    (12, |r| r.eligible),
];

/// Writes the Staff costs sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    costs: &StaffCosts,
    styles: &Styles,
) -> Result<(), XlsxError> {
    table::render(sheet, &build(report, costs), styles)
}

/// The sheet as a table: a header, the rows of each person followed by
/// their subtotal, and the total.
fn build(report: &Report, costs: &StaffCosts) -> Table {
    let lang = report.lang;
    let headers = [
        (lang.pick("Henkilö", "Person"), 10),
        (lang.pick("Rooli", "Role"), 20),
        (lang.pick("Kuukausi", "Month"), 10),
        (lang.pick("Palkka", "Salary"), 13),
        (lang.pick("Lomapalkka", "Holiday pay"), 13),
        (lang.pick("Lomaraha", "Holiday bonus"), 13),
        (lang.pick("Sivukulut", "Side costs"), 13),
        (lang.pick("Työaikaosuus", "Share"), 10),
        (lang.pick("Hanketunnit", "Project hours"), 10),
        (lang.pick("Tunnit yhteensä", "Total hours"), 10),
        (lang.pick("Sivukulu-%", "Side-cost %"), 10),
        (lang.pick("Tuntihinta", "Hourly rate"), 11),
        (lang.pick("Tukikelpoinen", "Eligible"), 14),
    ];
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    let mut row = 1u32;
    let mut subtotals = Vec::new();
    for (person, info) in report.project.persons.iter().enumerate() {
        let rows: Vec<&PersonMonth> = costs.rows.iter().filter(|r| r.person == person).collect();
        if rows.is_empty() {
            continue;
        }
        let first = row + 1;
        for r in rows {
            person_month(&mut t, row, r, &info.id, &info.role);
            row += 1;
        }
        t.text(row, 0, info.id.as_str(), Role::Bold);
        t.text(row, 1, lang.pick("yhteensä", "in total"), Role::Bold);
        for (col, figure) in MONEY {
            let sum = costs
                .rows
                .iter()
                .filter(|r| r.person == person)
                .map(figure)
                .sum();
            t.column_total(row, col, (first, row), sum);
        }
        subtotals.push(row + 1);
        row += 1;
    }
    t.text(row, 0, lang.pick("Yhteensä", "Total"), Role::Bold);
    for (col, figure) in MONEY {
        let letter = table::column_name(col);
        let cells: Vec<String> = subtotals.iter().map(|r| format!("{letter}{r}")).collect();
        let formula = if cells.is_empty() {
            "0".to_string()
        } else {
            format!("SUM({})", cells.join(","))
        };
        let total = costs.rows.iter().map(figure).sum();
        t.formula_with(row, col, formula, total, Role::MoneyBold);
    }
    t.freeze = Some((1, 1));
    t.page = Page {
        landscape: true,
        fit: Some((1, 0)),
        repeat_rows: Some((0, 0)),
        ..Page::default()
    };
    t
}

/// One person's month.
fn person_month(t: &mut Table, row: u32, r: &PersonMonth, id: &str, role: &str) {
    t.text(row, 0, id, Role::Plain);
    t.text(row, 1, role, Role::Plain);
    t.text(row, 2, r.month.to_string(), Role::Plain);
    for (col, figure) in MONEY {
        t.money(row, col, figure(r), Role::Money);
    }
    if let Some(share) = r.share {
        t.put(row, 7, table::Value::Share(share), Role::Percent);
    }
    let hours = |h: Option<Decimal>| h.map(crate::money::to_cell_number);
    if let Some(h) = hours(r.project_hours) {
        t.number(row, 8, h, Role::Plain);
    }
    if let Some(h) = hours(r.total_hours) {
        t.number(row, 9, h, Role::Plain);
    }
    if let Some(percent) = r.side_cost_percent {
        t.put(
            row,
            10,
            table::Value::Share(percent / Decimal::ONE_HUNDRED),
            Role::Percent,
        );
    }
    if let Some(rate) = r.hourly_rate {
        t.money(row, 11, rate, Role::Money);
    }
}

#[cfg(test)]
mod tests {
    // The Staff costs sheet's figures, without a workbook (here, not in a
    // file of its own: the layer test reads test files as code).

    use chrono::NaiveDate;

    use super::*;
    use crate::config::Rounding;
    use crate::fixture::reconciled;
    use crate::model::Lang;
    use crate::model::staff::{
        Month, PayLine, PayType, Person, Share, SharePeriod, StaffModel, StaffSettings,
    };
    use crate::report::table::Value;
    use crate::staff::{StaffInputs, compute};

    fn person(id: &str, role: &str) -> Person {
        Person {
            id: id.into(),
            name: None,
            initials: None,
            role: role.into(),
            shares: vec![SharePeriod {
                from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                to: None,
                share: Share::PartTime(Decimal::new(50, 0)),
            }],
            annual_gross_cost: Vec::new(),
        }
    }

    fn pay(id: &str, month: u32, amount: i64) -> PayLine {
        PayLine {
            person: id.into(),
            month: Month::new(2021, month).unwrap(),
            pay_type: PayType::Salary,
            amount: Decimal::new(amount, 2),
            source: crate::error::Location::default(),
        }
    }

    /// Two persons at 50 %, standard side-cost model at 20 %:
    /// - pm: June 3 000,00 × 0,5 × 1,2 = 1 800,00; July 2 000,00 → 1 200,00;
    ///   subtotal 3 000,00;
    /// - ps: June 1 000,01 × 0,5 × 1,2 = 600,006 → 600,01; subtotal 600,01;
    /// - total 3 600,01, the SUM of the two subtotals.
    #[test]
    fn rows_subtotals_and_the_total_are_sums() {
        let (mut project, rec) = reconciled();
        project.persons = vec![person("pm", "Projektipäällikkö"), person("ps", "Sihteeri")];
        let settings = StaffSettings {
            model: StaffModel::StandardSideCosts,
            side_cost_percent: vec![(2021, Decimal::new(20, 0))],
            unit_cost: None,
            hours_per_year: Decimal::new(1720, 0),
            category: None,
        };
        let lines = [
            pay("pm", 6, 300_000),
            pay("pm", 7, 200_000),
            pay("ps", 6, 100_001),
        ];
        let costs = compute(&StaffInputs {
            persons: &project.persons,
            settings: &settings,
            pay: &lines,
            work: &[],
            rounding: Rounding::HalfAwayFromZero,
        })
        .unwrap();
        let report = Report {
            project: &project,
            rec: &rec,
            findings: &[],
            lang: Lang::En,
            rows_per_sheet: 1000,
        };
        let t = build(&report, &costs);
        assert_eq!(t.text_at(0, 12), "Eligible");
        assert_eq!(t.text_at(1, 0), "pm");
        assert_eq!(t.text_at(1, 2), "6/2021");
        assert_eq!(t.at(1, 12), Some(&Value::Money(Decimal::new(180_000, 2))));
        assert_eq!(t.at(1, 7), Some(&Value::Share(Decimal::new(5, 1))));
        assert_eq!(t.text_at(3, 1), "in total");
        let formula = |row, col| match t.at(row, col) {
            Some(Value::Formula { formula, result }) => (formula.clone(), *result),
            other => panic!("no formula: {other:?}"),
        };
        assert_eq!(formula(3, 12), ("SUM(M2:M3)".to_string(), 3000.0));
        assert_eq!(formula(5, 12), ("SUM(M5:M5)".to_string(), 600.01));
        assert_eq!(t.text_at(6, 0), "Total");
        assert_eq!(formula(6, 12), ("SUM(M4,M6)".to_string(), 3600.01));
        assert_eq!(formula(6, 3), ("SUM(D4,D6)".to_string(), 6000.01));
    }
}
