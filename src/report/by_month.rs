//! The By month sheet: realised costs per category and month (live formulas
//! over Transactions), cumulative, against the plan phased over the project's
//! months, with a run-rate forecast to the project end and a chart of the
//! cumulative realised costs against the cumulative plan.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartMarker, ChartMarkerType, ChartType, Note, Worksheet, XlsxError,
};

use super::formula::{self, Ledger, column, exactly};
use super::{Report, SheetNames, Styles, excel_date};
use crate::money::{self, to_cell_number};
use crate::reconcile::{Status, monthly};
use crate::report::transactions::status_label;

const FIRST_MONTH_ROW: u32 = 3;

/// Writes the By month sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let categories = &report.project.categories;
    let months = &report.rec.months;
    let n = categories.len() as u16;
    let (total_col, cumulative_col, plan_col, plan_cumulative_col, forecast_col) =
        (n + 1, n + 2, n + 3, n + 4, n + 5);
    let period_end_col = n + 6;
    sheet.write_string_with_format(
        0,
        0,
        lang.pick("Toteuma kuukausittain", "Realised by month"),
        &styles.title,
    )?;
    let mut headers: Vec<String> = vec![lang.pick("Kuukausi", "Month").into()];
    headers.extend(categories.iter().map(|c| c.name(lang).to_string()));
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
    super::write_header(sheet, FIRST_MONTH_ROW - 1, &headers, styles)?;
    sheet.set_column_width(0, 11)?;
    sheet.set_column_range_width(1, period_end_col, 15)?;
    let month_format = styles.date.clone().set_num_format("mm/yyyy");
    let (mut cumulative, mut plan_cumulative) = (Decimal::ZERO, Decimal::ZERO);
    let elapsed = months.iter().filter(|m| !m.after_as_of).count();
    let realised_to_date: Decimal = months
        .iter()
        .filter(|m| !m.after_as_of)
        .map(|m| m.realised_total())
        .sum();
    for (i, month) in months.iter().enumerate() {
        let row = FIRST_MONTH_ROW + i as u32;
        let r = row + 1;
        sheet.write_datetime_with_format(row, 0, excel_date(month.first_day)?, &month_format)?;
        for (c, category) in categories.iter().enumerate() {
            let f = match &category.flat_rate {
                Some(flat) => {
                    let base: Vec<String> = flat
                        .base
                        .iter()
                        .map(|b| format!("{}{r}", col_name(*b as u16 + 1)))
                        .collect();
                    format!("({})*{}/100", base.join("+"), flat.percent.normalize())
                }
                // Counted rows only: a covered or excluded category's costs
                // are not eligible and run against no plan.
                None => ledger.sum_if(&[
                    (column::CATEGORY, exactly(category.name(lang))),
                    (
                        column::STATUS,
                        exactly(status_label(Status::Eligible(0), lang)),
                    ),
                    (column::DATE, format!("\">=\"&$A{r}")),
                    (column::DATE, format!("\"<=\"&EOMONTH($A{r},0)")),
                ]),
            };
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
        cumulative += total;
        plan_cumulative += month.plan;
        let sum = format!("SUM(B{r}:{}{r})", col_name(n));
        formula::write_money(sheet, row, total_col, &sum, total, &styles.money)?;
        let previous = |col: u16| {
            if i == 0 {
                String::new()
            } else {
                format!("{}{}+", col_name(col), r - 1)
            }
        };
        formula::write_money(
            sheet,
            row,
            cumulative_col,
            &format!("{}{}{r}", previous(cumulative_col), col_name(total_col)),
            cumulative,
            &styles.money,
        )?;
        sheet.write_number_with_format(row, plan_col, to_cell_number(month.plan), &styles.money)?;
        formula::write_money(
            sheet,
            row,
            plan_cumulative_col,
            &format!("{}{}{r}", previous(plan_cumulative_col), col_name(plan_col)),
            plan_cumulative,
            &styles.money,
        )?;
        let period_ends = report.project.periods.iter().any(|p| {
            use chrono::Datelike;
            (p.end.year(), p.end.month()) == (month.first_day.year(), month.first_day.month())
        });
        if period_ends {
            let f = format!("{}{r}", col_name(cumulative_col));
            formula::write_money(sheet, row, period_end_col, &f, cumulative, &styles.money)?;
        }
        if month.after_as_of && elapsed > 0 {
            let ahead = Decimal::from(i + 1 - elapsed);
            let forecast = realised_to_date + realised_to_date / Decimal::from(elapsed) * ahead;
            sheet.write_number_with_format(
                row,
                forecast_col,
                to_cell_number(money::round_cents(forecast)),
                &styles.money,
            )?;
        }
    }
    let total_row = FIRST_MONTH_ROW + months.len() as u32;
    let (first, last) = (FIRST_MONTH_ROW + 1, total_row);
    sheet.write_string_with_format(total_row, 0, lang.pick("Yhteensä", "Total"), &styles.bold)?;
    for (c, _) in categories.iter().enumerate() {
        let col = c as u16 + 1;
        let value: Decimal = months.iter().map(|m| m.realised[c]).sum();
        formula::write_column_total(
            sheet,
            total_row,
            col,
            (first, last),
            value,
            &styles.money_bold,
        )?;
    }
    let realised_total: Decimal = months.iter().map(|m| m.realised_total()).sum();
    let plan_total: Decimal = months.iter().map(|m| m.plan).sum();
    for (col, value) in [(total_col, realised_total), (plan_col, plan_total)] {
        formula::write_column_total(
            sheet,
            total_row,
            col,
            (first, last),
            value,
            &styles.money_bold,
        )?;
    }
    let forecast_row = total_row + 2;
    sheet.write_string_with_format(
        forecast_row,
        0,
        lang.pick("Ennuste hankkeen lopussa", "Forecast at the project end"),
        &styles.bold,
    )?;
    sheet.write_number_with_format(
        forecast_row,
        total_col,
        to_cell_number(monthly::forecast(months)),
        &styles.money_bold,
    )?;
    let how = lang.pick(
        "Tarkastelupäivään mennessä toteutuneet kustannukset jatkettuna samalla keskimääräisellä kuukausitahdilla hankkeen loppuun.",
        "The costs realised to the as-of date, continued at their average monthly pace to the project end.",
    );
    sheet.insert_note(
        forecast_row,
        total_col,
        &Note::new(how).set_author("velho").add_author_prefix(false),
    )?;
    sheet.set_freeze_panes(FIRST_MONTH_ROW, 1)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(FIRST_MONTH_ROW - 1, FIRST_MONTH_ROW - 1)?;
    chart(
        sheet,
        report,
        [cumulative_col, plan_cumulative_col, period_end_col],
        total_row - 1,
    )?;
    Ok(())
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
