//! Summary's lower blocks: the stated figures checked, the rows read and
//! where each went, the findings by severity, and the chart.

use super::*;

/// Figures that documents state, against what velho computes.
pub(super) fn stated(t: &mut Table, report: &Report, mut row: u32) -> u32 {
    let lang = report.lang;
    // A figure stated after a past as-of date did not exist then.
    let applying: Vec<&crate::config::Stated> = report
        .project
        .stated
        .iter()
        .filter(|s| s.applies(report.rec.documents_until))
        .collect();
    if applying.is_empty() {
        return row - 1;
    }
    let headers = [
        lang.text("summary.stated_figures"),
        lang.text("summary.stated"),
        lang.text("summary.computed"),
        lang.text("summary.difference"),
    ];
    t.header(row, &headers);
    row += 1;
    for s in applying {
        let computed = report.rec.figure(s);
        t.text(row, 0, &s.what, Role::Plain);
        t.money(row, 1, s.amount, Role::Money);
        t.money(row, 2, computed, Role::Money);
        let r = row + 1;
        t.formula(row, 3, format!("B{r}-C{r}"), s.amount - computed);
        row += 1;
    }
    row
}

/// Where the project's rows went: read, then split by status (each count and
/// sum a formula over Transactions), and the rows not listed; returns the
/// next row.
pub(super) fn rows(t: &mut Table, report: &Report, ledger: &Ledger, mut row: u32) -> u32 {
    let lang = report.lang;
    let a = &report.rec.project_account;
    let headers = [
        lang.text("summary.project_rows"),
        lang.text("summary.rows"),
        lang.text("summary.amount"),
    ];
    t.header(row, &headers);
    row += 1;
    rows_read(t, report, ledger, row);
    row += 1;
    // The staff model's line only where a staff-cost model counts the
    // staff category (elsewhere it would always be empty).
    let staffed = crate::reconcile::model_category(report.project).is_some();
    for (text, status, tally) in status_lines(lang, a) {
        if matches!(status, Status::StaffModel(_)) && !staffed && tally.rows == 0 {
            continue;
        }
        let criterion = [(column::STATUS, exactly(status_label(status, lang)))];
        t.text(row, 0, text, Role::Plain);
        let count = ledger.count_if(&criterion);
        t.formula_with(row, 1, count, Decimal::from(tally.rows), Role::Plain);
        t.formula(row, 2, ledger.sum_if(&criterion), tally.amount);
        row += 1;
    }
    rows_not_listed(t, report, row);
    row + 2
}

/// The project's rows read: all the rows on Transactions, counted and added up.
pub(super) fn rows_read(t: &mut Table, report: &Report, ledger: &Ledger, row: u32) {
    let lang = report.lang;
    let a = &report.rec.project_account;
    t.text(row, 0, lang.text("summary.read"), Role::Plain);
    let rows = Decimal::from(a.read.rows);
    t.formula_with(row, 1, ledger.count_all(), rows, Role::Plain);
    t.formula(row, 2, ledger.sum_all(), a.read.amount);
    note(
        t,
        row,
        2,
        lang.text("summary.every_project_row_transactions"),
    );
}

/// The split of the project's rows by status: label, status and tally.
pub(super) fn status_lines(lang: Lang, a: &RowAccount) -> [(&'static str, Status, Tally); 10] {
    [
        (
            lang.text("summary.counted_eligible"),
            Status::Eligible(0),
            a.eligible,
        ),
        (
            lang.text("summary.covered_flat_rate_not"),
            Status::Covered(0),
            a.covered,
        ),
        (
            lang.text("summary.excluded_decision_not_eligible"),
            Status::NotEligible(0),
            a.not_eligible,
        ),
        (
            lang.text("summary.covered_staff_model_counted"),
            Status::StaffModel(0),
            a.staff_model,
        ),
        (
            lang.text("summary.unmapped_account"),
            Status::Unmapped,
            a.unmapped,
        ),
        (lang.text("summary.revenues"), Status::Revenue, a.revenue),
        (
            lang.text("summary.before_project_period"),
            Status::BeforeStart,
            a.before_start,
        ),
        (
            lang.text("summary.after_project_period"),
            Status::AfterEnd,
            a.after_end,
        ),
        (
            lang.text("summary.after_date"),
            Status::AfterAsOf,
            a.after_as_of,
        ),
        (
            lang.text("summary.duplicates_counted_once"),
            Status::Duplicate(Default::default()),
            a.duplicate,
        ),
    ]
}

/// The files' rows that Transactions does not list, on `row` and the next:
/// other cost centres' and projects', and the totals and header rows.
pub(super) fn rows_not_listed(t: &mut Table, report: &Report, row: u32) {
    let lang = report.lang;
    let files = &report.rec.files;
    let other: u64 = files.iter().map(|f| f.other_rows).sum();
    let totals: u64 = files.iter().map(|f| f.totals_rows + f.header_rows).sum();
    let other_label = lang.text("summary.rows_other_cost_centres");
    t.text(row, 0, other_label, Role::Plain);
    t.number(row, 1, other as f64, Role::Plain);
    let totals_label = lang.text("summary.totals_header_rows_skipped");
    t.text(row + 1, 0, totals_label, Role::Plain);
    t.number(row + 1, 1, totals as f64, Role::Plain);
}

/// The findings counted by severity, each a `COUNTIF` over Findings;
/// returns the next row.
pub(super) fn findings(t: &mut Table, report: &Report, mut row: u32) -> u32 {
    let lang = report.lang;
    let headers = [lang.text("summary.findings"), lang.text("summary.count")];
    t.header(row, &headers);
    row += 1;
    let findings_sheet = SheetNames::of(lang).findings;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let count = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        let label = severity.label(lang);
        t.text(row, 0, label, Role::Plain);
        let f = format!("COUNTIF('{findings_sheet}'!$B:$B,{})", exactly(label));
        t.formula_with(row, 1, f, Decimal::from(count), Role::Plain);
        row += 1;
    }
    row
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
        (1u16, lang.text("summary.plan")),
        (2, lang.text("summary.realised")),
    ] {
        chart
            .add_series()
            .set_name(series)
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col));
    }
    chart
        .title()
        .set_name(lang.text("summary.plan_realised_cost_category"));
    chart.y_axis().set_num_format("#,##0 €");
    chart.set_width(900).set_height(380);
    sheet.insert_chart(row, 0, &chart)?;
    Ok(())
}
