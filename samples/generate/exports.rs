//! The five ledger exports, each in its own dialect: three Windows-1252 CSV
//! files, a UTF-8 CSV from the new system and an .xlsx workbook.

use std::fs;
use std::path::Path;

use encoding_rs::WINDOWS_1252;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::Result;
use super::calendar::date;
use super::csv_text::{csv_line, grouped, plain};
use super::figures::account_name;
use super::ledger::Row;
use super::workbook::to_f64;

pub const Y2020: &str = "kirjanpito_2020.csv";
pub const Y2021: &str = "kirjanpito_2021.csv";
pub const Q4: &str = "kirjanpito_2021_q4.csv";
pub const Y2022: &str = "kirjanpito_2022.xlsx";
pub const Y2023: &str = "kirjanpito_2023_tammi.csv";

pub fn sum(rows: &[Row]) -> Decimal {
    rows.iter().map(|r| r.amount).sum()
}

fn write_1252(path: &Path, lines: &[String]) -> Result<()> {
    let text = lines.join("\r\n") + "\r\n";
    let (bytes, _, unmappable) = WINDOWS_1252.encode(&text);
    assert!(
        !unmappable,
        "{} has characters outside Windows-1252",
        path.display()
    );
    fs::write(path, bytes)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The five exports
// ---------------------------------------------------------------------------

/// 2020: Debet/Kredit columns, `dd.mm.yyyy`, plain amounts.
pub fn write_2020(path: &Path, rows: &[Row]) -> Result<()> {
    let mut lines = titles("Pääkirjaote 1.1.2020 - 31.12.2020", "Tulostettu 8.1.2021");
    lines.push("Tositepvm;Tositenro;Tili;Tilin nimi;Kustannuspaikka;Projekti;Selite;Toimittaja;Debet;Kredit".into());
    for row in rows {
        let (debit, credit) = if row.amount.is_sign_negative() {
            (String::new(), plain(-row.amount))
        } else {
            (plain(row.amount), String::new())
        };
        let mut fields = common_fields(row, row.date.format("%d.%m.%Y").to_string());
        fields.extend([debit, credit]);
        lines.push(csv_line(&fields));
    }
    let debits: Decimal = rows.iter().map(|r| r.amount.max(Decimal::ZERO)).sum();
    let credits: Decimal = rows.iter().map(|r| (-r.amount).max(Decimal::ZERO)).sum();
    lines.push(format!(
        "Yhteensä;;;;;;;;{};{}",
        plain(debits),
        plain(credits)
    ));
    write_1252(path, &lines)
}

/// 2021 and its Q4 re-export: signed `Summa`, `d.m.yyyy`, grouped amounts.
pub fn write_signed(path: &Path, period: &str, printed: &str, rows: &[Row]) -> Result<()> {
    let mut lines = titles(period, printed);
    lines.push("Tositepäivämäärä;Tositenumero;Tilinumero;Tilin nimi;Kp;Projekti;Selite;Toimittajan nimi;Summa".into());
    lines.extend(rows.iter().map(signed_line));
    lines.push(format!("Yhteensä;;;;;;;;{}", grouped(sum(rows))));
    write_1252(path, &lines)
}

fn signed_line(row: &Row) -> String {
    let mut fields = common_fields(row, row.date.format("%-d.%-m.%Y").to_string());
    fields.push(grouped(row.amount));
    csv_line(&fields)
}

fn titles(period: &str, printed: &str) -> Vec<String> {
    vec![
        "Jämsän kaupunki".into(),
        period.into(),
        printed.into(),
        String::new(),
    ]
}

/// Date, voucher, account, account name, cost centre, project, description,
/// supplier.
fn common_fields(row: &Row, date: String) -> Vec<String> {
    vec![
        date,
        row.voucher.clone(),
        row.account.to_string(),
        account_name(row.account).into(),
        row.cost_centre.to_string(),
        row.project.into(),
        row.description.clone(),
        row.supplier.into(),
    ]
}

/// January 2023 from the new system: UTF-8 with BOM, LF, English headers,
/// ISO dates, no titles and no totals.
pub fn write_2023(path: &Path, rows: &[Row]) -> Result<()> {
    let mut text = String::from(
        "\u{feff}Posting date;Voucher;Account;Account name;Cost centre;Project;Description;Supplier;Amount\n",
    );
    for row in rows {
        let mut fields = common_fields(row, row.date.format("%Y-%m-%d").to_string());
        fields.push(plain(row.amount));
        text += &csv_line(&fields);
        text.push('\n');
    }
    fs::write(path, text)?;
    Ok(())
}

/// 2022 as a workbook: titles, a header on row 4, date and number cells, a
/// totals row, and an info sheet.
pub fn write_2022(path: &Path, rows: &[Row]) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = date(2023, 1, 9).and_hms_opt(7, 45, 0).expect("valid time");
    let properties = DocProperties::new()
        .set_author("Jämsän kaupunki, taloushallinto")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    ledger_sheet(workbook.add_worksheet(), rows)?;
    info_sheet(workbook.add_worksheet(), rows.len())?;
    workbook.save(path)?;
    Ok(())
}

fn ledger_sheet(sheet: &mut Worksheet, rows: &[Row]) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    sheet.set_name("Pääkirja")?;
    sheet.write_string_with_format(0, 0, "Jämsän kaupunki – pääkirjaote 2022", &bold)?;
    sheet.write_string(1, 0, "Tulostettu 9.1.2023")?;
    let header = [
        "Kirjauspäivä",
        "Tosite",
        "Tili",
        "Tilin nimi",
        "Kustannuspaikka",
        "Hanke",
        "Vientiselite",
        "Toimittaja",
        "Euroa",
    ];
    sheet.write_row_with_format(3, 0, header, &bold)?;
    for (width, col) in [12, 14, 8, 24, 16, 10, 50, 32, 14].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    let mut r = 4;
    for row in rows {
        sheet.write_datetime_with_format(r, 0, row.date, &day)?;
        sheet.write_string(r, 1, &row.voucher)?;
        sheet.write_number(r, 2, row.account)?;
        sheet.write_string(r, 3, account_name(row.account))?;
        sheet.write_number(r, 4, row.cost_centre)?;
        if !row.project.is_empty() {
            sheet.write_string(r, 5, row.project)?;
        }
        sheet.write_string(r, 6, &row.description)?;
        if !row.supplier.is_empty() {
            sheet.write_string(r, 7, row.supplier)?;
        }
        sheet.write_number_with_format(r, 8, to_f64(row.amount), &money)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    sheet.write_number_with_format(r, 8, to_f64(sum(rows)), &money)?;
    Ok(())
}

fn info_sheet(sheet: &mut Worksheet, rows: usize) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Tiedot")?;
    let info = [
        "Raportti: Pääkirjaote".to_string(),
        "Poimintaehdot: kirjauspäivä 1.1.2022–31.12.2022, kaikki kustannuspaikat".into(),
        format!("Vientirivejä: {rows}"),
        "Tulostettu 9.1.2023, käyttäjä: taloushallinto".into(),
    ];
    for (text, r) in info.iter().zip(0..) {
        sheet.write_string(r, 0, text)?;
    }
    Ok(())
}
