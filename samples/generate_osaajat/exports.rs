//! The two ledger exports: 2023 from Netvisor as CSV, 2024 from Procountor
//! as a workbook grouped by account.

use std::fs;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::Result;
use super::calendar::date;
use super::csv_text::{csv_line, plain};
use super::ledger::Row;
use super::project::{ORGANISATION, account_name};
use super::purchases::TILITOIMISTO_2024;
use super::workbook::to_f64;

pub const Y2023: &str = "paakirja_2023_netvisor.csv";
pub const Y2024: &str = "paakirja_2024_procountor.xlsx";

/// 2023 from Netvisor: UTF-8 with BOM, CRLF, the header on the first line,
/// `d.m.yyyy`, Debet and Kredit, a totals row.
pub fn write_netvisor(path: &Path, rows: &[Row]) -> Result<()> {
    let mut text = String::from("\u{feff}");
    let header = "Tositepvm;Tositenro;Tositelaji;Tilinumero;Tilin nimi;Selite;Kumppani;Projekti;Debet;Kredit";
    text += header;
    text += "\r\n";
    let (mut debits, mut credits) = (Decimal::ZERO, Decimal::ZERO);
    for row in rows {
        let (debit, credit) = if row.amount.is_sign_negative() {
            credits -= row.amount;
            (String::new(), plain(-row.amount))
        } else {
            debits += row.amount;
            (plain(row.amount), String::new())
        };
        let fields = [
            row.date.format("%-d.%-m.%Y").to_string(),
            row.voucher.clone(),
            row.kind.netvisor().into(),
            row.account.to_string(),
            account_name(row.account).into(),
            row.description.clone(),
            row.partner.into(),
            row.project.into(),
            debit,
            credit,
        ];
        text += &csv_line(&fields);
        text += "\r\n";
    }
    text += &format!("Yhteensä;;;;;;;;{};{}\r\n", plain(debits), plain(credits));
    fs::write(path, text)?;
    Ok(())
}

/// 2024 from Procountor: a workbook, titles above the header, rows grouped
/// by account with a subtotal under each, date and number cells, a grand
/// total.
pub fn write_procountor(path: &Path, rows: &[Row]) -> Result<()> {
    let mut workbook = Workbook::new();
    let created = date(2025, 1, 16)
        .and_hms_opt(10, 12, 0)
        .expect("valid time");
    let properties = DocProperties::new()
        .set_author(TILITOIMISTO_2024)
        .set_title("Pääkirja 1.1.2024–31.12.2024")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    procountor_sheet(workbook.add_worksheet(), rows)?;
    workbook.save(path)?;
    Ok(())
}

fn procountor_sheet(sheet: &mut Worksheet, rows: &[Row]) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let bold_money = Format::new().set_num_format("#,##0.00").set_bold();
    sheet.set_name("Pääkirja")?;
    sheet.write_string_with_format(0, 0, "Pääkirja", &bold)?;
    sheet.write_string(1, 0, ORGANISATION)?;
    sheet.write_string(2, 0, "Tilikausi 1.1.2024–31.12.2024, kaikki dimensiot")?;
    sheet.write_string(3, 0, "Tulostettu 16.1.2025")?;
    let header = [
        "Päivämäärä",
        "Tositenumero",
        "Tilinumero",
        "Tilin nimi",
        "Selite",
        "Asiakas/Toimittaja",
        "Hanke",
        "Summa",
    ];
    sheet.write_row_with_format(5, 0, header, &bold)?;
    for (width, col) in [12, 13, 11, 34, 70, 34, 12, 14].into_iter().zip(0..) {
        sheet.set_column_width(col, width)?;
    }
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.account, r.date, r.voucher.clone()));
    let mut r = 6;
    let mut i = 0;
    while i < sorted.len() {
        let account = sorted[i].account;
        let group: Vec<&Row> = sorted[i..]
            .iter()
            .take_while(|row| row.account == account)
            .copied()
            .collect();
        for row in &group {
            sheet.write_datetime_with_format(r, 0, row.date, &day)?;
            sheet.write_string(r, 1, &row.voucher)?;
            sheet.write_number(r, 2, row.account)?;
            sheet.write_string(r, 3, account_name(row.account))?;
            sheet.write_string(r, 4, &row.description)?;
            if !row.partner.is_empty() {
                sheet.write_string(r, 5, row.partner)?;
            }
            if !row.project.is_empty() {
                sheet.write_string(r, 6, row.project)?;
            }
            sheet.write_number_with_format(r, 7, to_f64(row.amount), &money)?;
            r += 1;
        }
        let subtotal: Decimal = group.iter().map(|row| row.amount).sum();
        let label = format!("Tili {account} {} yhteensä", account_name(account));
        sheet.write_string_with_format(r, 0, label, &bold)?;
        sheet.write_number_with_format(r, 7, to_f64(subtotal), &bold_money)?;
        r += 2;
        i += group.len();
    }
    let total: Decimal = rows.iter().map(|row| row.amount).sum();
    sheet.write_string_with_format(r, 0, "Yhteensä", &bold)?;
    sheet.write_number_with_format(r, 7, to_f64(total), &bold_money)?;
    Ok(())
}
