//! Summary's lower blocks: the stated figures checked, the rows read and
//! where each went, the findings by severity, and the chart.

use super::*;

/// Figures that documents state, against what velho computes.
pub(super) fn stated(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    // A figure stated after a past as-of date did not exist then.
    let applying: Vec<&crate::config::Stated> = report
        .project
        .stated
        .iter()
        .filter(|s| s.applies(report.rec.documents_until))
        .collect();
    if applying.is_empty() {
        return Ok(row - 1);
    }
    let headers = [
        lang.pick("Ilmoitetut luvut", "Stated figures"),
        lang.pick("Ilmoitettu", "Stated"),
        lang.pick("Laskettu", "Computed"),
        lang.pick("Ero", "Difference"),
    ];
    crate::report::write_header(sheet, row, &headers, styles)?;
    row += 1;
    for s in applying {
        let computed = report.rec.figure(s);
        sheet.write_string(row, 0, &s.what)?;
        sheet.write_number_with_format(row, 1, to_cell_number(s.amount), &styles.money)?;
        sheet.write_number_with_format(row, 2, to_cell_number(computed), &styles.money)?;
        formula::write_money(
            sheet,
            row,
            3,
            &format!("B{}-C{}", row + 1, row + 1),
            s.amount - computed,
            &styles.money,
        )?;
        row += 1;
    }
    Ok(row)
}

/// Where the project's rows went: read, then split by status (each count and
/// sum a formula over Transactions), and the rows not listed; returns the
/// next row.
pub(super) fn rows(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let a = &report.rec.project_account;
    let headers = [
        lang.pick("Hankkeen rivit", "Project rows"),
        lang.pick("Rivejä", "Rows"),
        lang.pick("Summa", "Amount"),
    ];
    crate::report::write_header(sheet, row, &headers, styles)?;
    row += 1;
    rows_read(sheet, report, styles, ledger, row)?;
    row += 1;
    for (text, status, tally) in status_lines(lang, a) {
        let criterion = [(column::STATUS, exactly(status_label(status, lang)))];
        sheet.write_string(row, 0, text)?;
        formula::write_number(
            sheet,
            row,
            1,
            &ledger.count_if(&criterion),
            tally.rows as f64,
            &styles.text,
        )?;
        formula::write_money(
            sheet,
            row,
            2,
            &ledger.sum_if(&criterion),
            tally.amount,
            &styles.money,
        )?;
        row += 1;
    }
    rows_not_listed(sheet, report, row)?;
    Ok(row + 2)
}

/// The project's rows read: all the rows on Transactions, counted and added up.
pub(super) fn rows_read(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let a = &report.rec.project_account;
    sheet.write_string(row, 0, lang.pick("Luettu", "Read"))?;
    formula::write_number(
        sheet,
        row,
        1,
        &ledger.count_all(),
        a.read.rows as f64,
        &styles.text,
    )?;
    formula::write_money(
        sheet,
        row,
        2,
        &ledger.sum_all(),
        a.read.amount,
        &styles.money,
    )?;
    sheet.insert_note(row, 2, &note(lang.pick(
        "Kaikki hankkeen rivit Tapahtumat-välilehdellä. Alla olevat rivit jakavat ne tilan mukaan: niiden summa on tämä.",
        "Every project row on Transactions. The lines below split them by status and add up to this.",
    )))?;
    Ok(())
}

/// The split of the project's rows by status: label, status and tally.
pub(super) fn status_lines(lang: Lang, a: &RowAccount) -> [(&'static str, Status, Tally); 9] {
    [
        (
            lang.pick("Tukikelpoisina toteumassa", "Counted as eligible"),
            Status::Eligible(0),
            a.eligible,
        ),
        (
            lang.pick(
                "Flat rate kattaa (ei tukikelpoinen)",
                "Covered by the flat rate (not eligible)",
            ),
            Status::Covered(0),
            a.covered,
        ),
        (
            lang.pick(
                "Päätös ei hyväksy (ei tukikelpoinen)",
                "Excluded by the decision (not eligible)",
            ),
            Status::NotEligible(0),
            a.not_eligible,
        ),
        (
            lang.pick("Kohdistamaton tili", "Unmapped account"),
            Status::Unmapped,
            a.unmapped,
        ),
        (lang.pick("Tulot", "Revenues"), Status::Revenue, a.revenue),
        (
            lang.pick("Ennen hankeaikaa", "Before the project period"),
            Status::BeforeStart,
            a.before_start,
        ),
        (
            lang.pick("Hankeajan jälkeen", "After the project period"),
            Status::AfterEnd,
            a.after_end,
        ),
        (
            lang.pick("Tarkastelupäivän jälkeen", "After the as-of date"),
            Status::AfterAsOf,
            a.after_as_of,
        ),
        (
            lang.pick(
                "Kaksoiskappaleet (laskettu kerran)",
                "Duplicates (counted once)",
            ),
            Status::Duplicate(Default::default()),
            a.duplicate,
        ),
    ]
}

/// The files' rows that Transactions does not list, on `row` and the next:
/// other cost centres' and projects', and the totals and header rows.
pub(super) fn rows_not_listed(
    sheet: &mut Worksheet,
    report: &Report,
    row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
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
    Ok(())
}

pub(super) fn findings(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let headers = [
        lang.pick("Havainnot", "Findings"),
        lang.pick("Kpl", "Count"),
    ];
    crate::report::write_header(sheet, row, &headers, styles)?;
    row += 1;
    let findings_sheet = SheetNames::of(lang).findings;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let count = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        let label = severity.label(lang);
        sheet.write_string(row, 0, label)?;
        let f = format!("COUNTIF('{findings_sheet}'!$B:$B,{})", exactly(label));
        formula::write_number(sheet, row, 1, &f, count as f64, &styles.text)?;
        row += 1;
    }
    Ok(row)
}

/// Plan against realised per category, beside the table.
pub(super) fn chart(
    sheet: &mut Worksheet,
    report: &Report,
    layout: &Layout,
    row: u32,
) -> Result<(), XlsxError> {
    let lang: Lang = report.lang;
    let name = SheetNames::of(lang).summary;
    let (first, last) = (layout.first_category_row, layout.total_row - 1);
    let mut chart = Chart::new(ChartType::Column);
    for (col, series) in [
        (1u16, lang.pick("Suunnitelma", "Plan")),
        (2, lang.pick("Toteuma", "Realised")),
    ] {
        chart
            .add_series()
            .set_name(series)
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col));
    }
    chart.title().set_name(lang.pick(
        "Suunnitelma ja toteuma kustannuslajeittain",
        "Plan and realised by cost category",
    ));
    chart.y_axis().set_num_format("#,##0 €");
    chart.set_width(900).set_height(380);
    sheet.insert_chart(row, 0, &chart)?;
    Ok(())
}
