//! The Summary sheet: the project, plan against realised per category, the
//! funding split, where the project's rows went, and the findings by
//! severity. Every total is a live formula over Transactions with its
//! computed value stored, and carries a note saying how it is computed.

mod funding;
mod rows;

use funding::*;
use rows::*;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::formula::{self, Ledger, column, exactly};
use super::table::{self, Highlight, Limit, Page, Role, Table, Tint, Value};
use super::transactions::status_label;
use super::{Report, SheetNames, Styles};
use crate::checks::Severity;
use crate::config::Eligibility;
use crate::dates::finnish;
use crate::model::Lang;
use crate::reconcile::{CategoryLine, RowAccount, Status, Tally};

/// Where the figures stand, for formulas that refer to them (0-based rows).
struct Layout {
    rate_row: u32,
    max_grant_row: Option<u32>,
    first_category_row: u32,
    total_row: u32,
}

/// The Summary sheet as a table, where its figures stand and the row the
/// chart goes on.
struct Summary {
    table: Table,
    layout: Layout,
    chart_row: u32,
}

/// Writes the Summary sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    transaction_sheets: &[String],
) -> Result<(), XlsxError> {
    let summary = build(report, ledger, transaction_sheets);
    table::render(sheet, &summary.table, styles)?;
    chart(sheet, report, &summary.layout, summary.chart_row)
}

/// Builds the Summary sheet: the facts, the categories, the funding, the
/// payments, the stated figures, the rows and the findings, one block
/// under the other.
fn build(report: &Report, ledger: &Ledger, transaction_sheets: &[String]) -> Summary {
    let lang = report.lang;
    let p = report.project;
    let mut t = Table::default();
    t.width(0, 52.0);
    t.widths.push((1, 7, 16.0));
    let title = lang.fill("summary.title", &[("project", &p.name)]);
    t.text(0, 0, title, Role::Title);
    let (row, rate_row, max_grant_row) = facts(&mut t, report, 2);
    let first_category_row = row + 2;
    let total_row = first_category_row + report.rec.categories.len() as u32;
    let layout = Layout {
        rate_row,
        max_grant_row,
        first_category_row,
        total_row,
    };
    categories(&mut t, report, ledger, &layout);
    let row = funding(&mut t, report, ledger, &layout, total_row + 4);
    let row = payments(&mut t, report, row + 1);
    let row = stated(&mut t, report, row + 1);
    let row = rows(&mut t, report, ledger, row + 1);
    let mut row = findings(&mut t, report, row + 1);
    if transaction_sheets.len() > 1 {
        let text = lang.fill(
            "summary.rows_continue",
            &[
                ("rows", &report.rec.transactions.len()),
                ("sheets", &transaction_sheets.join(", ")),
            ],
        );
        t.text(row + 1, 0, text, Role::Bold);
        row += 2;
    }
    t.page = Page {
        // Eight columns of figures: landscape, one page wide, as many
        // pages tall as the blocks need (fitted to one page it printed at
        // 5 pt).
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        ..Page::default()
    };
    Summary {
        table: t,
        layout,
        chart_row: row + 1,
    }
}

/// A note saying how a figure is computed, in a box big enough for it.
fn note(t: &mut Table, row: u32, col: u16, text: &str) {
    t.note(row, col, text, Some((360, 110)));
}

/// A label in the first column.
fn label(t: &mut Table, row: u32, text: &str) {
    t.text(row, 0, text, Role::Bold);
}

/// The project's facts; returns the next row and where the rate and the maximum grant stand.
fn facts(t: &mut Table, report: &Report, mut row: u32) -> (u32, u32, Option<u32>) {
    let lang = report.lang;
    let p = report.project;
    let texts: [(&str, String); 6] = [
        (
            lang.text("summary.project"),
            format!("{} ({})", p.name, p.code),
        ),
        (lang.text("summary.organisation"), p.organisation.clone()),
        (
            lang.text("summary.project_period"),
            format!("{}–{}", finnish(p.start), finnish(p.end)),
        ),
        (lang.text("summary.funder"), p.funding.funder.clone()),
        (lang.text("summary.project_rows"), p.filter.describe(lang)),
        (lang.text("summary.as_of_date"), finnish(report.rec.as_of)),
    ];
    for (text, value) in texts {
        label(t, row, text);
        t.text(row, 1, value, Role::Plain);
        row += 1;
    }
    label(t, row, lang.text("summary.funding_rate"));
    let rate = p.funding.rate_percent / Decimal::ONE_HUNDRED;
    t.put(row, 1, Value::Share(rate), Role::Percent);
    let rate_row = row;
    row += 1;
    let max_grant_row = match p.funding.max_grant {
        Some(max) => {
            label(t, row, lang.text("summary.maximum_grant"));
            t.money(row, 1, max, Role::Money);
            row += 1;
            Some(row - 1)
        }
        None => None,
    };
    (row, rate_row, max_grant_row)
}

/// Plan against realised per category, the total of the eligible ones, and
/// the overrun highlighted.
fn categories(t: &mut Table, report: &Report, ledger: &Ledger, layout: &Layout) {
    let header_row = layout.first_category_row - 1;
    t.header(header_row, &category_headers(report.lang));
    for line in &report.rec.categories {
        category_row(t, report, ledger, layout, line);
    }
    category_total(t, report, layout);
    overrun_highlights(t, layout);
}

/// The column names of the categories table.
fn category_headers(lang: Lang) -> [&'static str; 8] {
    [
        lang.text("summary.cost_category"),
        lang.text("summary.plan"),
        lang.text("summary.realised"),
        lang.text("summary.plan_date"),
        lang.text("summary.variance_date"),
        lang.text("summary.variance_whole_plan"),
        lang.text("summary.utilisation"),
        lang.text("summary.rows"),
    ]
}

/// The formula of category `index`'s realised costs, and how it is computed:
/// a flat rate as its percentage of its base categories' cells, rounded to
/// the cent; a booked category by SUMIFS over Transactions.
fn realised_formula(
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    index: usize,
) -> (String, String) {
    let lang = report.lang;
    let category = &report.project.categories[index];
    let name = category.name(lang);
    if let Some(costs) = &report.rec.staff
        && crate::reconcile::model_category(report.project) == Some(index)
    {
        let how = lang.text("summary.staff_cost_model_total");
        return (super::staff::total_cell(report, costs), how.to_string());
    }
    match &category.flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat
                .base
                .iter()
                .map(|b| format!("C{}", layout.first_category_row + *b as u32 + 1))
                .collect();
            let f = formula::flat_rate(&base, flat.percent, true);
            let how = lang.text("summary.computed_percentage_realised_costs");
            (f, how.to_string())
        }
        None => {
            let f = ledger.sum_if(&[(column::CATEGORY, exactly(name))]);
            let how = lang.fill("summary.sumifs_over_transactions", &[("category", &name)]);
            (f, how)
        }
    }
}

/// The note on a category's realised costs: how they are computed when the
/// category is eligible (`how`), else why they are not in the total.
fn realised_note(report: &Report, index: usize, how: String) -> String {
    let lang = report.lang;
    match report.project.eligibility(index) {
        Eligibility::Eligible => how,
        Eligibility::Covered(flat) => format!(
            "{} {}. {}",
            lang.text("summary.flat_rate_covers_these"),
            report.project.categories[flat].name(lang),
            lang.text("summary.covered_not_eligible")
        ),
        Eligibility::NotEligible => lang
            .text("summary.funding_decision_excludes_these")
            .to_string(),
    }
}

/// One category's row: the plan, the realised costs with their note, the
/// variance (an eligible category's only: the others are shown, not in the
/// total, with no plan to run over) and the rows counted.
fn category_row(
    t: &mut Table,
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    line: &CategoryLine,
) {
    let row = layout.first_category_row + line.index as u32;
    let name = report.project.categories[line.index].name(report.lang);
    // A category outside the total says so in its name: its realised costs
    // show beside the others but do not add up to the total below them.
    let outside = match report.project.eligibility(line.index) {
        Eligibility::Eligible => None,
        Eligibility::Covered(_) => Some("summary.outside_total_covered"),
        Eligibility::NotEligible => Some("summary.outside_total_not_eligible"),
    };
    match outside {
        Some(key) => t.text(
            row,
            0,
            report.lang.fill(key, &[("name", &name)]),
            Role::Plain,
        ),
        None => t.text(row, 0, name, Role::Plain),
    }
    t.money(row, 1, line.plan, Role::Money);
    let (realised, how) = realised_formula(report, ledger, layout, line.index);
    t.formula(row, 2, realised, line.realised);
    note(t, row, 2, &realised_note(report, line.index, how));
    if report.project.eligibility(line.index) == Eligibility::Eligible {
        let figures = Variance {
            plan: line.plan,
            plan_to_date: line.plan_to_date,
            realised: line.realised,
        };
        variance_cells(t, row, &figures, Role::Money);
    }
    let count = ledger.count_if(&[(column::CATEGORY, exactly(name))]);
    t.formula_with(row, 7, count, Decimal::from(line.rows), Role::Plain);
    // The staff model's category: its figure is the model's, its rows the
    // pay booked in it, shown and not counted (a finance officer's trial
    // read the count as the rows behind the figure).
    if report.rec.staff.is_some()
        && crate::reconcile::model_category(report.project) == Some(line.index)
    {
        note(t, row, 7, report.lang.text("summary.staff_rows_booked"));
    }
}

/// The categories' total row: the eligible categories' plan and realised
/// costs, and their variance.
fn category_total(t: &mut Table, report: &Report, layout: &Layout) {
    let lang = report.lang;
    let f = &report.rec.funding;
    let (first, last) = (layout.first_category_row + 1, layout.total_row);
    // The total is the eligible categories'; covered and excluded ones stand
    // in the table without counting.
    let eligible: Vec<u32> = (0..report.project.categories.len())
        .filter(|&c| report.project.eligibility(c) == Eligibility::Eligible)
        .map(|c| first + c as u32)
        .collect();
    let all_eligible = eligible.len() == report.project.categories.len();
    let total_of = |col: char| {
        if all_eligible {
            format!("SUM({col}{first}:{col}{last})")
        } else {
            eligible
                .iter()
                .map(|r| format!("{col}{r}"))
                .collect::<Vec<_>>()
                .join("+")
        }
    };
    let label = if all_eligible {
        lang.text("summary.total")
    } else {
        lang.text("summary.total_eligible")
    };
    t.text(layout.total_row, 0, label, Role::Bold);
    t.formula_with(layout.total_row, 1, total_of('B'), f.plan, Role::MoneyBold);
    t.formula_with(
        layout.total_row,
        2,
        total_of('C'),
        f.eligible,
        Role::MoneyBold,
    );
    let figures = Variance {
        plan: f.plan,
        plan_to_date: f.plan_to_date,
        realised: f.eligible,
    };
    variance_cells(t, layout.total_row, &figures, Role::MoneyBold);
    let plan_to_date = total_of('D');
    t.formula_with(
        layout.total_row,
        3,
        plan_to_date,
        f.plan_to_date,
        Role::MoneyBold,
    );
    legend(t, report.lang, layout.total_row + 1);
}

/// The two lines under the categories saying what the colours mean and
/// how the plan to date is phased.
fn legend(t: &mut Table, lang: Lang, row: u32) {
    let colours = lang.text("summary.colours_red_realised_over");
    let phasing = lang.text("summary.plan_date_plan_spread");
    t.text(row, 0, colours, Role::Plain);
    t.text(row + 1, 0, phasing, Role::Plain);
}

/// Colours the variance to the as-of date (over the plan red, under it
/// yellow) and a utilisation over 100 % (the whole plan exceeded).
fn overrun_highlights(t: &mut Table, layout: &Layout) {
    let (first, last) = (layout.first_category_row, layout.total_row);
    let on = |col: u16, when: Limit, tint: Tint| Highlight {
        first: (first, col),
        last: (last, col),
        when,
        tint,
    };
    t.highlights.push(on(4, Limit::Above(0.004), Tint::Over));
    t.highlights.push(on(4, Limit::Below(-0.004), Tint::Under));
    t.highlights.push(on(6, Limit::Above(1.0), Tint::OverText));
}

/// The figures of a row's variances.
struct Variance {
    plan: Decimal,
    plan_to_date: Decimal,
    realised: Decimal,
}

/// A row's plan to date (D), its variance (E), the variance from the whole
/// plan (F) and the utilisation (G), the plan in B and realised in C.
fn variance_cells(t: &mut Table, row: u32, v: &Variance, money: Role) {
    let r = row + 1;
    t.money(row, 3, v.plan_to_date, money);
    // The variances have no red of their own: the highlights colour them.
    let variance = Role::Variance;
    let to_date = v.realised - v.plan_to_date;
    t.formula_with(row, 4, format!("C{r}-D{r}"), to_date, variance);
    t.formula_with(row, 5, format!("C{r}-B{r}"), v.realised - v.plan, variance);
    if !v.plan.is_zero() {
        let u = v.realised / v.plan;
        t.formula_with(row, 6, format!("C{r}/B{r}"), u, Role::Percent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::reconciled;

    /// The row whose first column reads `label`.
    fn row_of(t: &Table, label: &str) -> u32 {
        t.cells
            .iter()
            .find(|c| c.col == 0 && t.text_at(c.row, 0) == label)
            .map(|c| c.row)
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    /// The formula and stored result at a cell.
    fn formula_at(t: &Table, row: u32, col: u16) -> (&str, f64) {
        match t.at(row, col) {
            Some(Value::Formula { formula, result }) => (formula, *result),
            other => panic!("no formula at {row},{col}: {other:?}"),
        }
    }

    #[test]
    fn the_figures_are_the_rules_worked_by_hand() {
        let (project, rec) = reconciled();
        let report = Report {
            project: &project,
            rec: &rec,
            findings: &[],
            lang: Lang::En,
            rows_per_sheet: 1000,
        };
        let ledger = Ledger::new(vec!["Transactions".into()]);
        let Summary {
            table: t, layout, ..
        } = build(&report, &ledger, &[]);
        // Staff: 100,00 + 30,00 in the period (10,00 before it, 7,00 after).
        let staff = row_of(&t, "Staff");
        assert_eq!(formula_at(&t, staff, 2).1, 130.0);
        // At the project's end the plan to date is the whole plan.
        assert_eq!(t.at(staff, 3), Some(&Value::Money(Decimal::new(1000, 0))));
        assert_eq!(formula_at(&t, staff, 4), ("C12-D12", -870.0));
        assert_eq!(formula_at(&t, staff, 5), ("C12-B12", -870.0));
        // The flat rate: 15 % × 130,00 = 19,50, as a formula over the staff cell.
        let flat = row_of(&t, "Flat rate");
        assert_eq!(formula_at(&t, flat, 2), ("ROUND((C12)*15/100,2)", 19.5));
        // The total counts the eligible categories only: 1 000 + 150 plans,
        // 130,00 + 19,50 realised; the covered purchases stand outside it.
        let total = row_of(&t, "Total (eligible)");
        assert_eq!(total, layout.total_row);
        assert_eq!(formula_at(&t, total, 1), ("B12+B13", 1150.0));
        assert_eq!(formula_at(&t, total, 2), ("C12+C13", 149.5));
        // Its 50,00 show on the row above the total, which says it is not in it.
        let other = row_of(&t, "Other (covered by the flat rate, not in the total)");
        assert_eq!(formula_at(&t, other, 2).1, 50.0);
        // Funder's share: 80 % × (149,50 − 20,00 revenues) = 103,60; own 25,90.
        let funder = row_of(&t, "Funder's share (80 %)");
        assert_eq!(formula_at(&t, funder, 2).1, 103.6);
        assert_eq!(formula_at(&t, row_of(&t, "Own share"), 2).1, 25.9);
        // Rows read: the seven rows of cost centre 7311, 182,00 in all.
        let read = row_of(&t, "Read");
        assert_eq!(formula_at(&t, read, 1).1, 7.0);
        assert_eq!(formula_at(&t, read, 2).1, 182.0);
        // The variance to date is coloured, over the categories and the total.
        assert_eq!(t.highlights[0].first, (layout.first_category_row, 4));
        assert_eq!(t.highlights[0].last, (total, 4));
        assert_eq!(t.highlights[0].when, Limit::Above(0.004));
    }
}
