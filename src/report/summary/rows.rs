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
        lang.pick("Ilmoitetut luvut", "Stated figures"),
        lang.pick("Ilmoitettu", "Stated"),
        lang.pick("Laskettu", "Computed"),
        lang.pick("Ero", "Difference"),
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
        lang.pick("Hankkeen rivit", "Project rows"),
        lang.pick("Rivejä", "Rows"),
        lang.pick("Summa", "Amount"),
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
    t.text(row, 0, lang.pick("Luettu", "Read"), Role::Plain);
    let rows = Decimal::from(a.read.rows);
    t.formula_with(row, 1, ledger.count_all(), rows, Role::Plain);
    t.formula(row, 2, ledger.sum_all(), a.read.amount);
    note(t, row, 2, lang.pick(
        "Kaikki hankkeen rivit Tapahtumat-välilehdellä. Alla olevat rivit jakavat ne tilan mukaan: niiden summa on tämä.",
        "Every project row on Transactions. The lines below split them by status and add up to this.",
    ));
}

/// The split of the project's rows by status: label, status and tally.
pub(super) fn status_lines(lang: Lang, a: &RowAccount) -> [(&'static str, Status, Tally); 10] {
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
            lang.pick(
                "Henkilöstökulumalli kattaa (lasketaan Henkilöstökulut-välilehdellä)",
                "Covered by the staff model (counted on Staff costs)",
            ),
            Status::StaffModel(0),
            a.staff_model,
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
pub(super) fn rows_not_listed(t: &mut Table, report: &Report, row: u32) {
    let lang = report.lang;
    let files = &report.rec.files;
    let other: u64 = files.iter().map(|f| f.other_rows).sum();
    let totals: u64 = files.iter().map(|f| f.totals_rows + f.header_rows).sum();
    let other_label = lang.pick(
        "Muiden kustannuspaikkojen ja hankkeiden rivit (ei listattu)",
        "Rows of other cost centres and projects (not listed)",
    );
    t.text(row, 0, other_label, Role::Plain);
    t.number(row, 1, other as f64, Role::Plain);
    let totals_label = lang.pick(
        "Yhteissumma- ja otsikkorivit (ohitettu)",
        "Totals and header rows (skipped)",
    );
    t.text(row + 1, 0, totals_label, Role::Plain);
    t.number(row + 1, 1, totals as f64, Role::Plain);
}

/// The findings counted by severity, each a `COUNTIF` over Findings;
/// returns the next row.
pub(super) fn findings(t: &mut Table, report: &Report, mut row: u32) -> u32 {
    let lang = report.lang;
    let headers = [
        lang.pick("Havainnot", "Findings"),
        lang.pick("Kpl", "Count"),
    ];
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
        (1u16, lang.pick("Kustannusarvio", "Plan")),
        (2, lang.pick("Toteuma", "Realised")),
    ] {
        chart
            .add_series()
            .set_name(series)
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col));
    }
    chart.title().set_name(lang.pick(
        "Kustannusarvio ja toteuma kustannuslajeittain",
        "Plan and realised by cost category",
    ));
    chart.y_axis().set_num_format("#,##0 €");
    chart.set_width(900).set_height(380);
    sheet.insert_chart(row, 0, &chart)?;
    Ok(())
}
