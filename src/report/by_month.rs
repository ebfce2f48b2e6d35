//! The By month sheet: realised costs per category and month (live formulas
//! over Transactions), cumulative, against the plan phased over the project's
//! months, with a run-rate forecast to the project end and a chart of the
//! cumulative realised costs against the cumulative plan.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartMarker, ChartMarkerType, ChartType, Format, Note, Worksheet, XlsxError,
};

use super::formula::{self, Ledger, column, exactly};
use super::{Report, SheetNames, Styles, excel_date};
use crate::money::to_cell_number;
use crate::reconcile::{Status, monthly};
use crate::report::transactions::status_label;

const FIRST_MONTH_ROW: u32 = 3;

/// The columns after the categories' (one per category from B on).
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// The month's realised total.
    total: u16,
    /// The realised total, cumulative.
    cumulative: u16,
    /// The plan phased to the month.
    plan: u16,
    /// The plan, cumulative.
    plan_cumulative: u16,
    /// The run-rate forecast (cumulative), on the months after the as-of date.
    forecast: u16,
    /// The cumulative realised total, on the months a payment period ends.
    period_end: u16,
}

impl Columns {
    /// The columns after `categories` category columns.
    fn after(categories: usize) -> Columns {
        let n = categories as u16;
        Columns {
            total: n + 1,
            cumulative: n + 2,
            plan: n + 3,
            plan_cumulative: n + 4,
            forecast: n + 5,
            period_end: n + 6,
        }
    }
}

/// The cumulative totals carried from month to month.
#[derive(Default)]
struct Running {
    /// Realised costs so far.
    realised: Decimal,
    /// Plan so far.
    plan: Decimal,
}

/// What the writing of the sheet needs at hand.
struct ByMonth<'a> {
    /// The project and its reconciliation.
    report: &'a Report<'a>,
    /// The workbook's formats.
    styles: &'a Styles,
    /// The Transactions sheets the formulas sum over.
    ledger: &'a Ledger,
    /// The columns after the categories'.
    columns: Columns,
    /// A month's date: month and year.
    month_format: Format,
}

/// Writes the By month sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
) -> Result<(), XlsxError> {
    let by_month = ByMonth {
        report,
        styles,
        ledger,
        columns: Columns::after(report.project.categories.len()),
        month_format: styles.date.clone().set_num_format("mm/yyyy"),
    };
    let columns = by_month.columns;
    by_month.write_heading(sheet)?;
    by_month.write_months(sheet)?;
    let total_row = FIRST_MONTH_ROW + report.rec.months.len() as u32;
    by_month.write_totals(sheet, total_row)?;
    by_month.write_forecast(sheet, total_row + 2)?;
    sheet.set_freeze_panes(FIRST_MONTH_ROW, 1)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(FIRST_MONTH_ROW - 1, FIRST_MONTH_ROW - 1)?;
    chart(
        sheet,
        report,
        [
            columns.cumulative,
            columns.plan_cumulative,
            columns.period_end,
        ],
        total_row - 1,
    )?;
    Ok(())
}

/// The header's names: the month, each category, then the columns after them.
fn headers(report: &Report) -> Vec<String> {
    let lang = report.lang;
    let mut headers: Vec<String> = vec![lang.pick("Kuukausi", "Month").into()];
    headers.extend(
        report
            .project
            .categories
            .iter()
            .map(|c| c.name(lang).to_string()),
    );
    headers.extend(
        [
            lang.pick("Yhteensä", "Total"),
            lang.pick("Kertymä", "Cumulative"),
            lang.pick("Suunnitelma", "Plan"),
            lang.pick("Suunnitelman kertymä", "Cumulative plan"),
            lang.pick("Ennuste (kertymä)", "Forecast (cumulative)"),
            lang.pick(
                "Maksatuskausi päättyy (kertymä)",
                "Payment period ends (cumulative)",
            ),
        ]
        .map(String::from),
    );
    headers
}

/// A running total on Excel row `r` of the `i`th month (0-based): the
/// column `running`'s cell above (none on the first month) plus the month's
/// figure in column `month`.
fn running_formula(i: usize, r: u32, running: u16, month: u16) -> String {
    let previous = if i == 0 {
        String::new()
    } else {
        format!("{}{}+", col_name(running), r - 1)
    };
    format!("{previous}{}{r}", col_name(month))
}

/// True when a payment period ends in the month.
fn period_ends(report: &Report, month: &monthly::Month) -> bool {
    use chrono::Datelike;
    report
        .project
        .periods
        .iter()
        .any(|p| (p.end.year(), p.end.month()) == (month.first_day.year(), month.first_day.month()))
}

impl ByMonth<'_> {
    /// The title, the header and the column widths.
    fn write_heading(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let lang = self.report.lang;
        sheet.write_string_with_format(
            0,
            0,
            lang.pick("Toteuma kuukausittain", "Realised by month"),
            &self.styles.title,
        )?;
        super::write_header(
            sheet,
            FIRST_MONTH_ROW - 1,
            &headers(self.report),
            self.styles,
        )?;
        sheet.set_column_width(0, 11)?;
        sheet.set_column_range_width(1, self.columns.period_end, 15)?;
        Ok(())
    }

    /// One row per month, with the running totals carried down.
    fn write_months(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let months = &self.report.rec.months;
        let pace = monthly::Pace::of(months);
        let mut running = Running::default();
        for (i, month) in months.iter().enumerate() {
            self.write_month(sheet, i, month, &pace, &mut running)?;
        }
        Ok(())
    }

    /// The formula of category `c`'s realised costs in the month on Excel
    /// row `r`: a flat rate as its percentage of its base categories' cells
    /// on the row, not rounded (the model's monthly figure is not); a booked
    /// category by SUMIFS over the month's counted rows.
    fn category_formula(&self, c: usize, r: u32) -> String {
        let lang = self.report.lang;
        let category = &self.report.project.categories[c];
        match &category.flat_rate {
            Some(flat) => {
                let base: Vec<String> = flat
                    .base
                    .iter()
                    .map(|b| format!("{}{r}", col_name(*b as u16 + 1)))
                    .collect();
                formula::flat_rate(&base, flat.percent, false)
            }
            // Counted rows only: a covered or excluded category's costs
            // are not eligible and run against no plan.
            None => self.ledger.sum_if(&[
                (column::CATEGORY, exactly(category.name(lang))),
                (
                    column::STATUS,
                    exactly(status_label(Status::Eligible(0), lang)),
                ),
                (column::DATE, format!("\">=\"&$A{r}")),
                (column::DATE, format!("\"<=\"&EOMONTH($A{r},0)")),
            ]),
        }
    }

    /// The `i`th month's row (0-based): the month, each category's realised
    /// costs, the total, the running totals against the plan, and the
    /// cumulative at a period's end and the forecast where they apply.
    fn write_month(
        &self,
        sheet: &mut Worksheet,
        i: usize,
        month: &monthly::Month,
        pace: &monthly::Pace,
        running: &mut Running,
    ) -> Result<(), XlsxError> {
        let (styles, cols) = (self.styles, self.columns);
        let row = FIRST_MONTH_ROW + i as u32;
        let r = row + 1;
        sheet.write_datetime_with_format(
            row,
            0,
            excel_date(month.first_day)?,
            &self.month_format,
        )?;
        for c in 0..self.report.project.categories.len() {
            let f = self.category_formula(c, r);
            formula::write_money(
                sheet,
                row,
                c as u16 + 1,
                &f,
                month.realised[c],
                &styles.money,
            )?;
        }
        let total = month.realised_total();
        running.realised += total;
        running.plan += month.plan;
        let n = self.report.project.categories.len() as u16;
        let sum = format!("SUM(B{r}:{}{r})", col_name(n));
        formula::write_money(sheet, row, cols.total, &sum, total, &styles.money)?;
        let cumulative = running_formula(i, r, cols.cumulative, cols.total);
        formula::write_money(
            sheet,
            row,
            cols.cumulative,
            &cumulative,
            running.realised,
            &styles.money,
        )?;
        sheet.write_number_with_format(
            row,
            cols.plan,
            to_cell_number(month.plan),
            &styles.money,
        )?;
        let plan_cumulative = running_formula(i, r, cols.plan_cumulative, cols.plan);
        formula::write_money(
            sheet,
            row,
            cols.plan_cumulative,
            &plan_cumulative,
            running.plan,
            &styles.money,
        )?;
        if period_ends(self.report, month) {
            let f = format!("{}{r}", col_name(cols.cumulative));
            formula::write_money(
                sheet,
                row,
                cols.period_end,
                &f,
                running.realised,
                &styles.money,
            )?;
        }
        if let Some(forecast) = pace.at(i, month) {
            sheet.write_number_with_format(
                row,
                cols.forecast,
                to_cell_number(forecast),
                &styles.money,
            )?;
        }
        Ok(())
    }

    /// The total row: each category's, the realised total's and the plan's
    /// column added up.
    fn write_totals(&self, sheet: &mut Worksheet, total_row: u32) -> Result<(), XlsxError> {
        let (lang, styles) = (self.report.lang, self.styles);
        let months = &self.report.rec.months;
        let (first, last) = (FIRST_MONTH_ROW + 1, total_row);
        sheet.write_string_with_format(
            total_row,
            0,
            lang.pick("Yhteensä", "Total"),
            &styles.bold,
        )?;
        let categories = (0..self.report.project.categories.len())
            .map(|c| (c as u16 + 1, months.iter().map(|m| m.realised[c]).sum()));
        let realised_total: Decimal = months.iter().map(|m| m.realised_total()).sum();
        let plan_total: Decimal = months.iter().map(|m| m.plan).sum();
        let columns = categories.chain([
            (self.columns.total, realised_total),
            (self.columns.plan, plan_total),
        ]);
        for (col, value) in columns {
            formula::write_column_total(
                sheet,
                total_row,
                col,
                (first, last),
                value,
                &styles.money_bold,
            )?;
        }
        Ok(())
    }

    /// The forecast at the project end, with a note saying how it is made.
    fn write_forecast(&self, sheet: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        let (lang, styles) = (self.report.lang, self.styles);
        sheet.write_string_with_format(
            row,
            0,
            lang.pick("Ennuste hankkeen lopussa", "Forecast at the project end"),
            &styles.bold,
        )?;
        sheet.write_number_with_format(
            row,
            self.columns.total,
            to_cell_number(monthly::forecast(&self.report.rec.months)),
            &styles.money_bold,
        )?;
        let how = lang.pick(
            "Tarkastelupäivään mennessä toteutuneet kustannukset jatkettuna samalla keskimääräisellä kuukausitahdilla hankkeen loppuun.",
            "The costs realised to the as-of date, continued at their average monthly pace to the project end.",
        );
        sheet.insert_note(
            row,
            self.columns.total,
            &Note::new(how).set_author("velho").add_author_prefix(false),
        )?;
        Ok(())
    }
}

fn col_name(col: u16) -> String {
    rust_xlsxwriter::utility::column_number_to_name(col)
}

/// Cumulative realised against the cumulative plan over the months, the
/// payment periods' ends marked on the realised line.
fn chart(
    sheet: &mut Worksheet,
    report: &Report,
    columns: [u16; 3],
    last_row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let name = SheetNames::of(lang).by_month;
    let mut chart = Chart::new(ChartType::Line);
    let names = [
        lang.pick("Toteuman kertymä", "Cumulative realised"),
        lang.pick("Suunnitelman kertymä", "Cumulative plan"),
        lang.pick("Maksatuskauden loppu", "End of a payment period"),
    ];
    for (i, (col, series)) in columns.into_iter().zip(names).enumerate() {
        let s = chart
            .add_series()
            .set_name(series)
            .set_categories((name, FIRST_MONTH_ROW, 0, last_row, 0))
            .set_values((name, FIRST_MONTH_ROW, col, last_row, col));
        if i == 2 {
            s.set_format(ChartFormat::new().set_no_line()).set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Diamond)
                    .set_size(9),
            );
        }
    }
    chart.title().set_name(lang.pick(
        "Kustannusten kertymä ja suunnitelma",
        "Cumulative costs against the plan",
    ));
    chart.y_axis().set_num_format("#,##0 €");
    chart.x_axis().set_num_format("mm/yyyy");
    chart.set_width(720).set_height(360);
    sheet.insert_chart(last_row + 5, 1, &chart)?;
    Ok(())
}
