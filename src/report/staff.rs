//! The Staff costs sheet (Henkilöstökulut, issue 13, deliverable 4 in
//! part): one row per person and month under the project's staff-cost
//! model (pay by type, the share or the hours, the side-cost percentage or
//! the hourly rate, the eligible cost), each person's subtotal and the
//! total as live `SUM` formulas. Persons are shown as the project's privacy
//! setting says (by id unless it says otherwise: salaries of named people
//! are personal data, [`crate::staff::privacy`]), with their role.
//!
//! The total is the model's figure. Where the model gives the staff
//! category's figure ([`crate::reconcile::model_category`]), Summary's
//! staff cell is a reference to this sheet's total ([`total_cell`]) and By
//! month's staff cells sum this sheet's months ([`month_sum`]): the months
//! are dates shown as `mm/yyyy`, so a formula can match them.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{self, Page, Role, Table};
use super::{Report, Styles};
use crate::model::staff::{Person, StaffModel};
use crate::staff::privacy::Showing;
use crate::staff::{PersonMonth, StaffCosts};

/// The sheet's name in a language.
pub fn sheet_name(lang: crate::model::Lang) -> &'static str {
    lang.text("workbook.sheet.staff_costs")
}

/// The sheet's name quoted for a reference from another sheet.
pub(crate) fn quoted(lang: crate::model::Lang) -> String {
    format!("'{}'", sheet_name(lang))
}

/// The Excel row (1-based) of the sheet's total: after the header, each
/// person's months and their subtotal.
pub(crate) fn total_row(rows: &[PersonMonth], persons: usize) -> u32 {
    let rows: u32 = (0..persons)
        .map(|p| rows.iter().filter(|r| r.person == p).count() as u32)
        .filter(|&n| n > 0)
        .map(|n| n + 1)
        .sum();
    rows + 2
}

/// The reference to the sheet's total eligible cost (`'Staff costs'!M9`).
pub fn total_cell(report: &Report, costs: &StaffCosts) -> String {
    let row = total_row(&costs.rows, report.project.persons.len());
    format!("{}!M{row}", quoted(report.lang))
}

/// The sum of the sheet's eligible costs of the month whose first day is
/// in `month_cell` (a cell reference of another sheet).
pub fn month_sum(lang: crate::model::Lang, month_cell: &str) -> String {
    let sheet = quoted(lang);
    format!("SUMIFS({sheet}!$M:$M,{sheet}!$C:$C,{month_cell})")
}

/// The sum of the sheet's eligible costs of the months whose first day is
/// between the cells `from` and `to` (references of another sheet).
pub fn months_between(lang: crate::model::Lang, from: &str, to: &str) -> String {
    let sheet = quoted(lang);
    format!("SUMIFS({sheet}!$M:$M,{sheet}!$C:$C,\">=\"&{from},{sheet}!$C:$C,\"<=\"&{to})")
}

/// One figure of a person's month.
type Figure = fn(&PersonMonth) -> Decimal;

/// The money columns: (column, the figure of a row). Column G holds the
/// side costs that count: under the standard side-cost model those the
/// model computes, with the booked ones beside the table in column N (not
/// counted); under the other models the booked ones.
fn money_columns(standard: bool) -> &'static [(u16, Figure)] {
    const BOOKED: [(u16, Figure); 5] = [
        (3, |r| r.salary),
        (4, |r| r.holiday_pay),
        (5, |r| r.holiday_bonus),
        (6, |r| r.side_costs),
        (12, |r| r.eligible),
    ];
    const STANDARD: [(u16, Figure); 6] = [
        (3, |r| r.salary),
        (4, |r| r.holiday_pay),
        (5, |r| r.holiday_bonus),
        (6, |r| r.model_side_costs.unwrap_or_default()),
        (12, |r| r.eligible),
        (13, |r| r.side_costs),
    ];
    if standard { &STANDARD } else { &BOOKED }
}

/// True when the project's model is the standard side-cost model.
pub(crate) fn is_standard(persons_model: Option<StaffModel>) -> bool {
    persons_model == Some(StaffModel::StandardSideCosts)
}

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
    let shown = report.rec.persons.showing(report.project.show_persons());
    let model = report.project.staff.as_ref().map(|s| s.settings.model);
    let persons = &report.project.persons;
    table_of(report.lang, persons, shown, &costs.rows, is_standard(model))
}

/// The per-person table of `rows` (a claim's take the months of its
/// period): a header, each person's months and subtotal, and the total;
/// persons as `shown` shows them.
pub(crate) fn table_of(
    lang: crate::model::Lang,
    persons: &[Person],
    shown: Showing,
    rows: &[PersonMonth],
    standard: bool,
) -> Table {
    let side_costs = match standard {
        true => lang.text("staff_costs.side_costs_by_model"),
        false => lang.text("staff_costs.side_costs"),
    };
    let mut headers = vec![
        (lang.text("staff_costs.person"), 10),
        (lang.text("staff_costs.role"), 20),
        (lang.text("staff_costs.month"), 10),
        (lang.text("staff_costs.salary"), 13),
        (lang.text("staff_costs.holiday_pay"), 13),
        (lang.text("staff_costs.holiday_bonus"), 13),
        (side_costs, 13),
        (lang.text("staff_costs.share"), 10),
        (lang.text("staff_costs.project_hours"), 10),
        (lang.text("staff_costs.total_hours"), 10),
        (lang.text("staff_costs.side_cost_percent"), 10),
        (lang.text("staff_costs.hourly_rate"), 11),
        (lang.text("staff_costs.eligible"), 14),
    ];
    if standard {
        headers.push((lang.text("staff_costs.booked_side_costs"), 14));
    }
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    if standard {
        side_cost_notes(&mut t, lang);
    }
    let money = money_columns(standard);
    let mut row = 1u32;
    let mut subtotals = Vec::new();
    for (person, info) in persons.iter().enumerate() {
        let own: Vec<&PersonMonth> = rows.iter().filter(|r| r.person == person).collect();
        if own.is_empty() {
            continue;
        }
        let first = row + 1;
        let who = shown.person(person).unwrap_or(&info.id);
        for r in own {
            person_month(&mut t, row, r, (who, &info.role), money);
            row += 1;
        }
        t.text(row, 0, who, Role::Bold);
        t.text(row, 1, lang.text("staff_costs.person_total"), Role::Bold);
        for &(col, figure) in money {
            let sum = rows.iter().filter(|r| r.person == person).map(figure).sum();
            t.column_total(row, col, (first, row), sum);
        }
        subtotals.push(row + 1);
        row += 1;
    }
    t.text(row, 0, lang.text("staff_costs.total"), Role::Bold);
    for &(col, figure) in money {
        let letter = table::column_name(col);
        let cells: Vec<String> = subtotals.iter().map(|r| format!("{letter}{r}")).collect();
        let formula = if cells.is_empty() {
            "0".to_string()
        } else {
            format!("SUM({})", cells.join(","))
        };
        let total = rows.iter().map(figure).sum();
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

/// The notes on the side-cost columns' headers under the standard
/// side-cost model: what counts and what does not.
fn side_cost_notes(t: &mut Table, lang: crate::model::Lang) {
    let computed = lang.text("staff_costs.note.side_costs_by_model");
    let booked = lang.text("staff_costs.note.booked_side_costs");
    t.note(0, 6, computed, Some((240, 110)));
    t.note(0, 13, booked, Some((240, 90)));
}

/// One person's month: the person as shown and their role.
fn person_month(
    t: &mut Table,
    row: u32,
    r: &PersonMonth,
    (id, role): (&str, &str),
    money: &[(u16, Figure)],
) {
    t.text(row, 0, id, Role::Plain);
    t.text(row, 1, role, Role::Plain);
    match r.month.first_day() {
        Some(day) => t.put(row, 2, table::Value::Date(day), Role::Month),
        None => t.text(row, 2, r.month.to_string(), Role::Plain),
    }
    for &(col, figure) in money {
        t.money(row, col, figure(r), Role::Money);
    }
    if let Some(share) = r.share {
        t.put(row, 7, table::Value::Share(share), Role::Percent);
    }
    let hours = |h: Option<Decimal>| h.map(crate::money::to_cell_number);
    if let Some(h) = hours(r.project_hours) {
        t.number(row, 8, h, Role::Hours);
    }
    if let Some(h) = hours(r.total_hours) {
        t.number(row, 9, h, Role::Hours);
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
        // The fixture's project has no `[staff]`: the model's table asked
        // for as the standard model's.
        assert!(!build(&report, &costs).text_at(0, 13).contains("Booked"));
        let shown = rec.persons.showing(project.show_persons());
        let t = table_of(Lang::En, &project.persons, shown, &costs.rows, true);
        assert_eq!(t.text_at(0, 12), "Eligible");
        assert_eq!(t.text_at(1, 0), "pm");
        assert_eq!(
            t.at(1, 2),
            Some(&Value::Date(NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()))
        );
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
        // The standard model's side costs in column G, the booked (none
        // here) in N: pm June 3 000,00 × 0,5 × 20 % = 300,00; ps June
        // (1 000,01 × 0,5 = 500,005 → 500,01) and 600,01 − 500,01 = 100,00,
        // so that share part and side costs add up to the eligible cost.
        assert_eq!(t.text_at(0, 6), "Side costs by the model");
        assert_eq!(t.text_at(0, 13), "Booked side costs (not counted)");
        assert_eq!(t.at(1, 6), Some(&Value::Money(Decimal::new(30_000, 2))));
        assert_eq!(t.at(4, 6), Some(&Value::Money(Decimal::new(10_000, 2))));
        assert_eq!(t.at(4, 13), Some(&Value::Money(Decimal::ZERO)));
        // Summary refers to the total's cell (Excel row 7).
        assert_eq!(total_cell(&report, &costs), "'Staff costs'!M7");
    }
}
