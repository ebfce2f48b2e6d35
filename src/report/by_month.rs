//! The By month sheet: realised costs per category and month (live formulas
//! over Transactions), cumulative, against the plan phased over the project's
//! months, with a run-rate forecast to the project end and a chart of the
//! cumulative realised costs against the cumulative plan.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType,
    ChartType, Worksheet, XlsxError,
};

use super::formula::{self, Ledger, column, exactly};
use super::table::{
    self, Highlight, Limit, Page, Role, Table, Tint, Value, column_name as col_name,
};
use super::{Report, SheetNames, Styles};
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

/// What the building of the sheet needs at hand.
struct ByMonth<'a> {
    /// The project and its reconciliation.
    report: &'a Report<'a>,
    /// The Transactions sheets the formulas sum over.
    ledger: &'a Ledger,
    /// The columns after the categories'.
    columns: Columns,
}

/// Writes the By month sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
) -> Result<(), XlsxError> {
    table::render(sheet, &build(report, ledger), styles)?;
    let columns = Columns::after(report.project.categories.len());
    let total_row = FIRST_MONTH_ROW + report.rec.months.len() as u32;
    chart(
        sheet,
        report,
        [
            columns.cumulative,
            columns.plan_cumulative,
            columns.forecast,
            columns.period_end,
        ],
        total_row - 1,
    )?;
    Ok(())
}

/// The By month sheet as a table: a row per month, the totals and the
/// forecast.
fn build(report: &Report, ledger: &Ledger) -> Table {
    let by_month = ByMonth {
        report,
        ledger,
        columns: Columns::after(report.project.categories.len()),
    };
    let mut t = Table::default();
    by_month.heading(&mut t);
    by_month.months(&mut t);
    let total_row = FIRST_MONTH_ROW + report.rec.months.len() as u32;
    by_month.totals(&mut t, total_row);
    by_month.forecast(&mut t, total_row + 2);
    by_month.plan_colours(&mut t, total_row);
    t.freeze = Some((FIRST_MONTH_ROW, 1));
    t.page = Page {
        // The chart starts a page of its own, so it is never cut in two.
        // (A break at row r ends a page after row r.)
        breaks: vec![chart_row(total_row) - 1],
        landscape: true,
        // Scaled to the width rather than fitted, so the chart's page
        // break holds.
        fit: None,
        scale: Some(t.scale_to_width(by_month.columns.period_end)),
        repeat_rows: Some((FIRST_MONTH_ROW - 1, FIRST_MONTH_ROW - 1)),
        repeat_columns: None,
    };
    t
}

/// The header's names: the month, each category, then the columns after them.
fn headers(report: &Report) -> Vec<String> {
    let lang = report.lang;
    let mut headers: Vec<String> = vec![lang.text("by_month.month").into()];
    headers.extend(
        report
            .project
            .categories
            .iter()
            .map(|c| c.name(lang).to_string()),
    );
    headers.extend(
        [
            lang.text("by_month.total"),
            lang.text("by_month.cumulative"),
            lang.text("by_month.plan"),
            lang.text("by_month.cumulative_plan"),
            lang.text("by_month.forecast_cumulative"),
            lang.text("by_month.payment_period_ends_cumulative"),
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
    fn heading(&self, t: &mut Table) {
        let lang = self.report.lang;
        let title = lang.text("by_month.realised_month");
        t.text(0, 0, title, Role::Title);
        t.width(0, 11.0);
        t.widths.push((1, self.columns.period_end, 13.0));
        t.header(FIRST_MONTH_ROW - 1, &headers(self.report));
    }

    /// One row per month, with the running totals carried down.
    fn months(&self, t: &mut Table) {
        let months = &self.report.rec.months;
        let pace = monthly::Pace::of(months);
        let mut running = Running::default();
        for (i, month) in months.iter().enumerate() {
            self.month(t, i, month, &pace, &mut running);
        }
    }

    /// The formula of category `c`'s realised costs in the month on Excel
    /// row `r`: a flat rate as its percentage of its base categories' cells
    /// on the row, not rounded (the model's monthly figure is not); a booked
    /// category by SUMIFS over the month's counted rows.
    fn category_formula(&self, c: usize, r: u32) -> String {
        let lang = self.report.lang;
        let category = &self.report.project.categories[c];
        match &category.flat_rate {
            // The step in the rounded flat rate of the base to date, as the
            // reconciliation computes it (monthly::months), so the months
            // are whole cents adding up to the project's flat rate.
            Some(flat) => {
                let first = FIRST_MONTH_ROW + 1;
                let to_row = |last: u32| -> Vec<String> {
                    flat.base
                        .iter()
                        .map(|b| {
                            let col = col_name(*b as u16 + 1);
                            format!("SUM({col}${first}:{col}{last})")
                        })
                        .collect()
                };
                let now = formula::flat_rate(&to_row(r), flat.percent, true);
                if r == first {
                    now
                } else {
                    let before = formula::flat_rate(&to_row(r - 1), flat.percent, true);
                    format!("{now}-{before}")
                }
            }
            // The staff-cost model's months, where it gives the figure.
            None if self.report.rec.staff.is_some()
                && crate::reconcile::model_category(self.report.project) == Some(c) =>
            {
                super::staff::month_sum(lang, &format!("$A{r}"))
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
    fn month(
        &self,
        t: &mut Table,
        i: usize,
        month: &monthly::Month,
        pace: &monthly::Pace,
        running: &mut Running,
    ) {
        let cols = self.columns;
        let row = FIRST_MONTH_ROW + i as u32;
        let r = row + 1;
        t.put(row, 0, Value::Date(month.first_day), Role::Month);
        running.plan += month.plan;
        t.money(row, cols.plan, month.plan, Role::Money);
        let plan_cumulative = running_formula(i, r, cols.plan_cumulative, cols.plan);
        t.formula(row, cols.plan_cumulative, plan_cumulative, running.plan);
        if let Some(forecast) = pace.at(i, month) {
            t.money(row, cols.forecast, forecast, Role::Money);
        }
        if month.after_as_of {
            // No costs are counted after the as-of date: the month is
            // blank, not zero, so the realised line stops where the
            // knowledge does and the forecast carries on.
            return;
        }
        for c in 0..self.report.project.categories.len() {
            t.formula(
                row,
                c as u16 + 1,
                self.category_formula(c, r),
                month.realised[c],
            );
        }
        let total = month.realised_total();
        running.realised += total;
        let n = self.report.project.categories.len() as u16;
        t.formula(
            row,
            cols.total,
            format!("SUM(B{r}:{}{r})", col_name(n)),
            total,
        );
        let cumulative = running_formula(i, r, cols.cumulative, cols.total);
        t.formula(row, cols.cumulative, cumulative, running.realised);
        if period_ends(self.report, month) {
            let f = format!("{}{r}", col_name(cols.cumulative));
            t.formula(row, cols.period_end, f, running.realised);
        }
    }

    /// The total row: each category's, the realised total's and the plan's
    /// column added up.
    fn totals(&self, t: &mut Table, total_row: u32) {
        let lang = self.report.lang;
        let months = &self.report.rec.months;
        let (first, last) = (FIRST_MONTH_ROW + 1, total_row);
        t.text(total_row, 0, lang.text("by_month.total"), Role::Bold);
        let categories = (0..self.report.project.categories.len())
            .map(|c| (c as u16 + 1, months.iter().map(|m| m.realised[c]).sum()));
        let realised_total: Decimal = months.iter().map(|m| m.realised_total()).sum();
        let plan_total: Decimal = months.iter().map(|m| m.plan).sum();
        let columns = categories.chain([
            (self.columns.total, realised_total),
            (self.columns.plan, plan_total),
        ]);
        for (col, value) in columns {
            t.column_total(total_row, col, (first, last), value);
        }
    }

    /// The cumulative realised costs coloured against the cumulative plan
    /// (the plan to each month's end) as Summary colours the variance to
    /// the as-of date: red over it, yellow under; the line under the total
    /// says so.
    fn plan_colours(&self, t: &mut Table, total_row: u32) {
        let cols = self.columns;
        let last = total_row - 1;
        for (when, tint) in [
            (Limit::OverColumn(cols.plan_cumulative), Tint::Over),
            (Limit::UnderColumn(cols.plan_cumulative), Tint::Under),
        ] {
            t.highlights.push(Highlight {
                first: (FIRST_MONTH_ROW, cols.cumulative),
                last: (last, cols.cumulative),
                when,
                tint,
            });
        }
        let legend = self.report.lang.text("by_month.cumulative_red_when_over");
        t.text(total_row + 1, 0, legend, Role::Plain);
    }

    /// The forecast at the project end, with a note saying how it is made.
    fn forecast(&self, t: &mut Table, row: u32) {
        let lang = self.report.lang;
        let label = lang.text("by_month.forecast_project_end");
        t.text(row, 0, label, Role::Bold);
        let forecast = monthly::forecast(&self.report.rec.months);
        t.money(row, self.columns.total, forecast, Role::MoneyBold);
        let how = lang.text("by_month.costs_realised_date_continued");
        t.note(row, self.columns.total, how, None);
    }
}

/// The row the chart stands on: under the forecast, below the total row.
fn chart_row(total_row: u32) -> u32 {
    total_row + 4
}

/// Cumulative realised against the cumulative plan over the months, the
/// payment periods' ends marked on the realised line.
fn chart(
    sheet: &mut Worksheet,
    report: &Report,
    columns: [u16; 4],
    last_row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let name = SheetNames::of(lang).by_month;
    let mut chart = Chart::new(ChartType::Line);
    let names = [
        lang.text("by_month.cumulative_realised"),
        lang.text("by_month.cumulative_plan"),
        lang.text("by_month.forecast"),
        lang.text("by_month.end_payment_period"),
    ];
    for (i, (col, series)) in columns.into_iter().zip(names).enumerate() {
        let s = chart
            .add_series()
            .set_name(series)
            .set_categories((name, FIRST_MONTH_ROW, 0, last_row, 0))
            .set_values((name, FIRST_MONTH_ROW, col, last_row, col));
        if i == 2 {
            s.set_format(
                ChartFormat::new()
                    .set_line(ChartLine::new().set_dash_type(ChartLineDashType::Dash)),
            );
        }
        if i == 3 {
            s.set_format(ChartFormat::new().set_no_line()).set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Diamond)
                    .set_size(9),
            );
        }
    }
    chart
        .title()
        .set_name(lang.text("by_month.cumulative_costs_against_plan"));
    // Axis labels large enough to stay readable when the sheet is fitted
    // to the page's width.
    let mut labels = ChartFont::new();
    labels.set_size(12);
    chart.y_axis().set_num_format("#,##0 €").set_font(&labels);
    chart.x_axis().set_num_format("mm/yyyy").set_font(&labels);
    chart.legend().set_font(&labels);
    chart.set_width(720).set_height(360);
    sheet.insert_chart(chart_row(last_row + 1), 1, &chart)?;
    Ok(())
}
