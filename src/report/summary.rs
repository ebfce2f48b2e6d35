//! The Summary sheet: the project, plan against realised per category, the
//! funding split, where the project's rows went, and the findings by severity.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Report, Styles};
use crate::checks::Severity;
use crate::dates::finnish;
use crate::money::to_cell_number;
use crate::reconcile::Tally;

/// Writes the Summary sheet.
pub fn write(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    let lang = report.lang;
    let p = report.project;
    sheet.set_column_width(0, 46)?;
    sheet.set_column_range_width(1, 6, 16)?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} – {}",
            p.name,
            lang.pick("hankkeen täsmäytys", "project reconciliation")
        ),
        &styles.title,
    )?;
    let mut row = 2;
    let facts: [(&str, String); 6] = [
        (
            lang.pick("Hanke", "Project"),
            format!("{} ({})", p.name, p.code),
        ),
        (
            lang.pick("Organisaatio", "Organisation"),
            p.organisation.clone(),
        ),
        (
            lang.pick("Hankeaika", "Project period"),
            format!("{}–{}", finnish(p.start), finnish(p.end)),
        ),
        (lang.pick("Rahoittaja", "Funder"), p.funding.funder.clone()),
        (
            lang.pick("Hankkeen rivit", "Project rows"),
            p.filter.describe(lang),
        ),
        (
            lang.pick(
                "Tarkastelupäivä (kulut tähän asti)",
                "As-of date (costs up to)",
            ),
            finnish(report.rec.as_of),
        ),
    ];
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &styles.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row = categories(sheet, report, styles, row + 1)?;
    row = funding(sheet, report, styles, row + 1)?;
    row = rows(sheet, report, styles, row + 1)?;
    findings(sheet, report, styles, row + 1)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

fn money(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    amount: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, col, to_cell_number(amount), &styles.money)?;
    Ok(())
}

fn categories(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let headers = [
        lang.pick("Kustannuslaji", "Cost category"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick("Toteuma", "Realised"),
        lang.pick("Poikkeama €", "Variance €"),
        lang.pick("Poikkeama %", "Variance %"),
        lang.pick("Käyttöaste", "Utilisation"),
        lang.pick("Rivejä", "Rows"),
    ];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *h, &styles.header)?;
    }
    row += 1;
    for line in &report.rec.categories {
        let category = &report.project.categories[line.index];
        let name = match &category.flat_rate {
            Some(_) => format!(
                "{} ({})",
                category.name(lang),
                lang.pick("laskennallinen", "computed")
            ),
            None => category.name(lang).to_string(),
        };
        sheet.write_string(row, 0, name)?;
        money(sheet, row, 1, line.plan, styles)?;
        money(sheet, row, 2, line.realised, styles)?;
        money(sheet, row, 3, line.variance(), styles)?;
        if let Some(u) = line.utilisation() {
            sheet.write_number_with_format(
                row,
                4,
                to_cell_number(u - Decimal::ONE),
                &styles.percent,
            )?;
            sheet.write_number_with_format(row, 5, to_cell_number(u), &styles.percent)?;
        }
        sheet.write_number(row, 6, line.rows as f64)?;
        row += 1;
    }
    let f = &report.rec.funding;
    sheet.write_string_with_format(row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    sheet.write_number_with_format(row, 1, to_cell_number(f.plan), &styles.money_bold)?;
    sheet.write_number_with_format(row, 2, to_cell_number(f.eligible), &styles.money_bold)?;
    sheet.write_number_with_format(
        row,
        3,
        to_cell_number(f.eligible - f.plan),
        &styles.money_bold,
    )?;
    if !f.plan.is_zero() {
        let u = f.eligible / f.plan;
        sheet.write_number_with_format(
            row,
            4,
            to_cell_number(u - Decimal::ONE),
            &styles.percent,
        )?;
        sheet.write_number_with_format(row, 5, to_cell_number(u), &styles.percent)?;
    }
    Ok(row + 1)
}

fn funding(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let headers = [
        lang.pick("Rahoitus", "Funding"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick("Toteuma", "Realised"),
    ];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *h, &styles.header)?;
    }
    row += 1;
    let rate = f.rate_percent.normalize();
    let lines: [(String, Option<Decimal>, Decimal); 5] = [
        (
            lang.pick("Tukikelpoiset kustannukset", "Eligible costs")
                .into(),
            Some(f.plan),
            f.eligible,
        ),
        (
            format!(
                "{} ({rate} %)",
                lang.pick("Rahoittajan osuus", "Funder's share")
            ),
            Some(f.planned_funder_share),
            f.funder_share,
        ),
        (
            lang.pick("Omarahoitus", "Own share").into(),
            Some(f.planned_own_share),
            f.own_share,
        ),
        (
            lang.pick(
                "Ylitys (jää organisaation maksettavaksi)",
                "Overrun (paid by the organisation)",
            )
            .into(),
            None,
            f.overrun,
        ),
        (
            format!(
                "{} {rate} % {}",
                lang.pick("Rahoittajan osuus", "Funder's share at"),
                lang.pick("ilman enimmäismäärää", "without the cap")
            ),
            None,
            f.at_rate,
        ),
    ];
    for (label, plan, realised) in lines {
        sheet.write_string(row, 0, label)?;
        if let Some(plan) = plan {
            money(sheet, row, 1, plan, styles)?;
        }
        money(sheet, row, 2, realised, styles)?;
        row += 1;
    }
    if let Some(max) = f.max_grant {
        sheet.write_string(row, 0, lang.pick("Enimmäisavustus", "Maximum grant"))?;
        money(sheet, row, 1, max, styles)?;
        row += 1;
    }
    Ok(row)
}

fn rows(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let a = &report.rec.project_account;
    let headers = [
        lang.pick("Hankkeen rivit", "Project rows"),
        lang.pick("Rivejä", "Rows"),
        lang.pick("Summa", "Amount"),
    ];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *h, &styles.header)?;
    }
    row += 1;
    let lines: [(&str, Tally); 7] = [
        (lang.pick("Luettu", "Read"), a.read),
        (lang.pick("Toteumassa", "Counted as realised"), a.eligible),
        (
            lang.pick("Kohdistamaton tili", "Unmapped account"),
            a.unmapped,
        ),
        (
            lang.pick("Ennen hankeaikaa", "Before the project period"),
            a.before_start,
        ),
        (
            lang.pick("Hankeajan jälkeen", "After the project period"),
            a.after_end,
        ),
        (
            lang.pick("Tarkastelupäivän jälkeen", "After the as-of date"),
            a.after_as_of,
        ),
        (
            lang.pick(
                "Kaksoiskappaleet (laskettu kerran)",
                "Duplicates (counted once)",
            ),
            a.duplicate,
        ),
    ];
    for (label, tally) in lines {
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, tally.rows as f64)?;
        money(sheet, row, 2, tally.amount, styles)?;
        row += 1;
    }
    let files = &report.rec.files;
    let other: u64 = files.iter().map(|f| f.other_rows).sum();
    let totals: u64 = files.iter().map(|f| f.totals_rows + f.header_rows).sum();
    sheet.write_string(
        row,
        0,
        lang.pick(
            "Muiden kustannuspaikkojen ja hankkeiden rivit (ei listattu)",
            "Rows of other cost centres and projects (not listed)",
        ),
    )?;
    sheet.write_number(row, 1, other as f64)?;
    sheet.write_string(
        row + 1,
        0,
        lang.pick(
            "Yhteissumma- ja otsikkorivit (ohitettu)",
            "Totals and header rows (skipped)",
        ),
    )?;
    sheet.write_number(row + 1, 1, totals as f64)?;
    Ok(row + 2)
}

fn findings(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    sheet.write_string_with_format(row, 0, lang.pick("Havainnot", "Findings"), &styles.header)?;
    sheet.write_string_with_format(row, 1, lang.pick("Kpl", "Count"), &styles.header)?;
    row += 1;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let count = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        sheet.write_string(row, 0, severity.label(lang))?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    Ok(row)
}
