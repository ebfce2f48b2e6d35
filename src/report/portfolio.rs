//! The portfolio overview: one sheet, a line per project reconciled in the
//! run, with its plan, realised costs, funding split and findings.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::table::{self, Page, Role, Table};

use super::Outcome;
use super::Styles;
use crate::checks::Severity;
use crate::dates::finnish;
use crate::model::Lang;

/// One project's figures for the overview.
pub struct Line {
    name: String,
    code: String,
    period: String,
    figures: [Decimal; 6],
    findings: [usize; 3],
    workbook: String,
}

impl Line {
    /// The line of a reconciled project and the workbook written for it.
    pub fn of(outcome: &Outcome, workbook: &std::path::Path) -> Line {
        let f = &outcome.reconciliation.funding;
        let p = &outcome.project;
        let count = |s: Severity| outcome.findings.iter().filter(|x| x.severity == s).count();
        Line {
            name: p.name.clone(),
            code: p.code.clone(),
            period: format!("{}–{}", finnish(p.start), finnish(p.end)),
            figures: [
                f.plan,
                f.eligible,
                f.eligible - f.plan,
                f.funder_share,
                f.own_share,
                f.overrun,
            ],
            findings: [
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ],
            workbook: workbook
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// Builds the overview workbook (deterministic: no wall-clock time).
pub fn render(lines: &[Line], lang: Lang) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_author("velho")
            .set_custom_property(crate::import::own::MARK, "portfolio")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let styles = Styles::new(lang);
    let sheet = workbook
        .add_worksheet()
        .set_name(lang.text("portfolio.sheet_name"))?;
    table::render(sheet, &build(lines, lang), &styles)?;
    super::print_setup(&mut workbook, lang.text("portfolio.sheet_name"), lang);
    Ok(workbook)
}

/// The overview as a table: a line per project and the total of each figure.
fn build(lines: &[Line], lang: Lang) -> Table {
    let mut t = Table::default();
    let headers = [
        (lang.text("portfolio.project"), 28),
        (lang.text("portfolio.code"), 14),
        (lang.text("portfolio.period"), 22),
        (lang.text("portfolio.plan"), 15),
        (lang.text("portfolio.realised"), 15),
        (lang.text("portfolio.variance"), 14),
        (lang.text("portfolio.funders_share"), 15),
        (lang.text("portfolio.own_share"), 15),
        (lang.text("portfolio.overrun"), 14),
        (lang.text("portfolio.errors"), 8),
        (lang.text("portfolio.warnings"), 10),
        (lang.text("portfolio.notes"), 8),
        (lang.text("portfolio.workbook"), 34),
    ];
    t.header_with_widths(0, &headers);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in [(0u16, &line.name), (1, &line.code), (2, &line.period)] {
            t.text(row, col, text, Role::Plain);
        }
        for (k, value) in line.figures.iter().enumerate() {
            t.money(row, 3 + k as u16, *value, Role::Money);
        }
        for (k, n) in line.findings.iter().enumerate() {
            t.number(row, 9 + k as u16, *n as f64, Role::Plain);
        }
        t.text(row, 12, &line.workbook, Role::Plain);
    }
    let total_row = lines.len() as u32 + 1;
    t.text(total_row, 0, lang.text("portfolio.total"), Role::Bold);
    for (k, col) in (3u16..9).enumerate() {
        let value: Decimal = lines.iter().map(|l| l.figures[k]).sum();
        t.column_total(total_row, col, (2, total_row), value);
    }
    t.freeze = Some((1, 1));
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        repeat_rows: Some((0, 0)),
        repeat_columns: None,
    };
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::{Value, column_name};

    fn line(name: &str, plan: i64, eligible: i64, errors: usize) -> Line {
        let (plan, eligible) = (Decimal::new(plan, 2), Decimal::new(eligible, 2));
        Line {
            name: name.into(),
            code: format!("{name}-1"),
            period: "1.1.2024–31.12.2025".into(),
            figures: [
                plan,
                eligible,
                eligible - plan,
                eligible * Decimal::new(8, 1),
                eligible * Decimal::new(2, 1),
                Decimal::ZERO,
            ],
            findings: [errors, 0, 1],
            workbook: format!("{name}.xlsx"),
        }
    }

    #[test]
    fn each_project_is_a_line_and_the_totals_add_them_up() {
        // Plans 100 000,00 and 50 000,50; realised 80 000,00 and 50 000,25.
        let lines = [
            line("Alpha", 10_000_000, 8_000_000, 2),
            line("Beta", 5_000_050, 5_000_025, 0),
        ];
        let t = build(&lines, Lang::En);
        assert_eq!(t.text_at(1, 0), "Alpha");
        assert_eq!(t.text_at(2, 12), "Beta.xlsx");
        assert_eq!(t.at(1, 9), Some(&Value::Number(2.0)));
        assert_eq!(t.text_at(3, 0), "Total");
        // Plan total 150 000,50; realised 130 000,25; variance −20 000,25.
        for (col, total) in [(3, 150_000.50), (4, 130_000.25), (5, -20_000.25)] {
            let Some(Value::Formula { formula, result }) = t.at(3, col) else {
                panic!("no total in column {col}");
            };
            let letter = column_name(col);
            assert_eq!(formula, &format!("SUM({letter}2:{letter}3)"));
            assert_eq!(*result, total);
        }
    }
}
