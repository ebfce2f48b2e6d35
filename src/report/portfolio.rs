//! The portfolio overview: one sheet, a line per project reconciled in the
//! run, with its plan, realised costs, funding split and findings.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::Outcome;
use super::{Styles, write_header_with_widths};
use crate::checks::Severity;
use crate::dates::finnish;
use crate::model::Lang;
use crate::money::to_cell_number;

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
    let styles = Styles::new();
    let sheet = workbook
        .add_worksheet()
        .set_name(lang.pick("Hankesalkku", "Portfolio"))?;
    let headers = [
        (lang.pick("Hanke", "Project"), 28),
        (lang.pick("Koodi", "Code"), 14),
        (lang.pick("Hankeaika", "Period"), 22),
        (lang.pick("Suunnitelma", "Plan"), 15),
        (lang.pick("Toteuma", "Realised"), 15),
        (lang.pick("Poikkeama", "Variance"), 14),
        (lang.pick("Rahoittajan osuus", "Funder's share"), 15),
        (lang.pick("Omarahoitus", "Own share"), 15),
        (lang.pick("Ylitys", "Overrun"), 14),
        (lang.pick("Virheet", "Errors"), 8),
        (lang.pick("Varoitukset", "Warnings"), 10),
        (lang.pick("Huomiot", "Notes"), 8),
        (lang.pick("Työkirja", "Workbook"), 34),
    ];
    write_header_with_widths(sheet, 0, &headers, &styles)?;
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in [(0u16, &line.name), (1, &line.code), (2, &line.period)] {
            sheet.write_string(row, col, text)?;
        }
        for (k, value) in line.figures.iter().enumerate() {
            sheet.write_number_with_format(
                row,
                3 + k as u16,
                to_cell_number(*value),
                &styles.money,
            )?;
        }
        for (k, n) in line.findings.iter().enumerate() {
            sheet.write_number(row, 9 + k as u16, *n as f64)?;
        }
        sheet.write_string(row, 12, &line.workbook)?;
    }
    let total_row = lines.len() as u32 + 1;
    sheet.write_string_with_format(total_row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    for (k, col) in (3u16..9).enumerate() {
        let value: Decimal = lines.iter().map(|l| l.figures[k]).sum();
        super::formula::write_column_total(
            sheet,
            total_row,
            col,
            (2, total_row),
            value,
            &styles.money_bold,
        )?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    super::print_setup(&mut workbook, lang.pick("Hankesalkku", "Portfolio"), lang);
    Ok(workbook)
}
