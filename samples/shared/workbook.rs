//! What both sample generators write into workbooks alike: an amount as a
//! number cell, and the funder's payment decision, whose layout is the same
//! in both and whose figures each generator fills in.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The nearest `f64`, for a number cell.
pub fn to_f64(amount: Decimal) -> f64 {
    amount.to_string().parse().expect("a decimal number")
}

/// `1.9.2020–31.12.2020`
pub fn period_text(start: NaiveDate, end: NaiveDate) -> String {
    let day = |d: NaiveDate| d.format("%-d.%-m.%Y").to_string();
    format!("{}–{}", day(start), day(end))
}

/// A payment decision as its sheet shows it.
pub struct DecisionSheet<'a> {
    pub funder: &'a str,
    pub project: &'a str,
    pub organisation: &'a str,
    pub number: &'a str,
    pub decided: NaiveDate,
    /// The workbook's creation time.
    pub created: NaiveDateTime,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub rate_percent: i64,
    /// The payments, one a row from row 10: label and amount.
    pub payments: Vec<(&'a str, Decimal)>,
    /// A note above the tables: row, column and text.
    pub note: Option<(u32, u16, &'a str)>,
    /// The row and column the tables start at.
    pub tables_at: (u32, u16),
    pub categories: Vec<CategoryRow<'a>>,
    pub items: Vec<ItemRow<'a>>,
    /// The column widths from column A.
    pub widths: &'a [f64],
}

/// A cost category of the decision.
pub struct CategoryRow<'a> {
    pub name: &'a str,
    pub applied: Decimal,
    pub approved: Decimal,
    pub deducted: Decimal,
    pub reason: Option<&'a str>,
}

/// A deducted item: a whole voucher or a part of one row.
pub struct ItemRow<'a> {
    pub voucher: &'a str,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub reason: &'a str,
}

/// The cell formats of a decision sheet.
struct Formats {
    bold: Format,
    day: Format,
    money: Format,
    bold_money: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            day: Format::new()
                .set_num_format("d.m.yyyy")
                .set_align(FormatAlign::Left),
            money: Format::new().set_num_format("#,##0.00"),
            bold_money: Format::new().set_num_format("#,##0.00").set_bold(),
            percent: Format::new()
                .set_num_format("0 %")
                .set_align(FormatAlign::Left),
        }
    }
}

/// Writes the decision as the funder's one-sheet workbook.
pub fn write_decision(path: &Path, d: &DecisionSheet) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_author(d.funder)
        .set_title("Maksatuspäätös")
        .set_creation_datetime(&d.created);
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet();
    let f = Formats::new();
    sheet.set_name("Maksatuspäätös")?;
    heading(sheet, &f, d)?;
    if let Some((row, col, note)) = d.note {
        sheet.write_string(row, col, note)?;
    }
    let (r, c) = d.tables_at;
    let r = categories(sheet, &f, r, c, &d.categories)?;
    items(sheet, &f, r + 2, c, &d.items)?;
    for (&width, col) in d.widths.iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    workbook.save(path)
}

/// The title, the decision's particulars and the payments.
fn heading(sheet: &mut Worksheet, f: &Formats, d: &DecisionSheet) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, "Maksatuspäätös", &f.bold)?;
    sheet.write_string(1, 0, d.funder)?;
    let texts = [
        (3, "Hanke", d.project),
        (4, "Tuensaaja", d.organisation),
        (5, "Päätöksen numero", d.number),
    ];
    for (r, label, value) in texts {
        sheet.write_string(r, 0, label)?;
        sheet.write_string(r, 1, value)?;
    }
    sheet.write_string(6, 0, "Päätöspäivä")?;
    sheet.write_datetime_with_format(6, 1, d.decided, &f.day)?;
    sheet.write_string(7, 0, "Maksatuskausi")?;
    sheet.write_string(7, 1, period_text(d.start, d.end))?;
    sheet.write_string(8, 0, "Tukiprosentti")?;
    let rate = d.rate_percent as f64 / 100.0;
    sheet.write_number_with_format(8, 1, rate, &f.percent)?;
    for ((label, amount), r) in d.payments.iter().zip(9..) {
        sheet.write_string(r, 0, *label)?;
        sheet.write_number_with_format(r, 1, to_f64(*amount), &f.money)?;
    }
    Ok(())
}

/// The table of cost categories from `(r, c)`, with its totals row; returns
/// the row of the totals.
fn categories(
    sheet: &mut Worksheet,
    f: &Formats,
    mut r: u32,
    c: u16,
    rows: &[CategoryRow],
) -> Result<u32, XlsxError> {
    let header = [
        "Kustannuslaji",
        "Haettu",
        "Hyväksytty",
        "Vähennetty",
        "Perustelu",
    ];
    sheet.write_row_with_format(r, c, header, &f.bold)?;
    r += 1;
    for row in rows {
        sheet.write_string(r, c, row.name)?;
        let amounts = [row.applied, row.approved, row.deducted];
        for (amount, k) in amounts.into_iter().zip(1..) {
            sheet.write_number_with_format(r, c + k, to_f64(amount), &f.money)?;
        }
        if let Some(reason) = row.reason {
            sheet.write_string(r, c + 4, reason)?;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, c, "Yhteensä", &f.bold)?;
    let sums = [
        rows.iter().map(|row| row.applied).sum::<Decimal>(),
        rows.iter().map(|row| row.approved).sum(),
        rows.iter().map(|row| row.deducted).sum(),
    ];
    for (amount, k) in sums.into_iter().zip(1..) {
        sheet.write_number_with_format(r, c + k, to_f64(amount), &f.bold_money)?;
    }
    Ok(r)
}

/// The deducted items from `(r, c)`, if there are any.
fn items(
    sheet: &mut Worksheet,
    f: &Formats,
    mut r: u32,
    c: u16,
    items: &[ItemRow],
) -> Result<(), XlsxError> {
    if items.is_empty() {
        return Ok(());
    }
    sheet.write_string_with_format(r, c, "Vähennetyt kulut", &f.bold)?;
    r += 1;
    let header = ["Tosite", "Päivämäärä", "Summa", "Perustelu"];
    sheet.write_row_with_format(r, c, header, &f.bold)?;
    r += 1;
    for item in items {
        sheet.write_string(r, c, item.voucher)?;
        sheet.write_datetime_with_format(r, c + 1, item.date, &f.day)?;
        sheet.write_number_with_format(r, c + 2, to_f64(item.amount), &f.money)?;
        sheet.write_string(r, c + 3, item.reason)?;
        r += 1;
    }
    Ok(())
}
