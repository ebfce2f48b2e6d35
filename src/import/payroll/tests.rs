//! Payroll and working-time exports as finance offices write them.

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A Windows-1252 export with a report title above the header, decimal
/// comma with a space between thousands, and a totals row at the end.
#[test]
fn reads_a_finnish_payroll_report() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Palkkaerittely 2024;;;\r\n;;;\r\nTyöntekijä;Jakso;Palkkalaji;Summa\r\n\
        Meikäläinen Maija;6/2024;1001 Kuukausipalkka;3 000,00\r\n\
        Meikäläinen Maija;6/2024;TyEL;530,10\r\n\
        Meikäläinen Maija;6/2024;Sotu;100,20\r\n\
        Meikäläinen Maija;31.7.2024;Lomaraha;1 500,00\r\n\
        Meikäläinen Maija;2024-07;Lomapalkka;-12,5\r\n\
        Yhteensä;;;5 118,30\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let path = write(&dir, "palkat.csv", &bytes);
    let lines = read_payroll(&path, "palkat.csv", &[]).unwrap();
    let got: Vec<(String, Month, PayType, Decimal)> = lines
        .iter()
        .map(|l| (l.person.clone(), l.month, l.pay_type, l.amount))
        .collect();
    let (june, july) = (Month::new(2024, 6).unwrap(), Month::new(2024, 7).unwrap());
    let maija = "Meikäläinen Maija".to_string();
    assert_eq!(
        got,
        [
            (maija.clone(), june, PayType::Salary, d("3000.00")),
            (maija.clone(), june, PayType::SideCosts, d("530.10")),
            (maija.clone(), june, PayType::SideCosts, d("100.20")),
            (maija.clone(), july, PayType::HolidayBonus, d("1500.00")),
            (maija, july, PayType::HolidayPay, d("-12.5")),
        ]
    );
    assert_eq!(lines[0].source.row, Some(4));
    assert_eq!(lines[0].source.file, "palkat.csv");
}

/// An organisation-wide payroll with a cost-centre column: only the
/// project's lines (cost centre 7311) are read; the other two lines
/// (9999, and an empty cost centre) are counted as another cost centre's,
/// an odd pay type among them stops nothing, and their persons are kept
/// for the texts. 5 rows read = 2 used + 2 other + 1 totals row.
#[test]
fn an_organisation_wide_payroll_is_read_for_the_project_by_its_cost_centre() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Työntekijä;Kustannuspaikka;Jakso;Palkkalaji;Summa\n\
        Meikäläinen Maija;7311;1/2024;Kuukausipalkka;3 000,00\n\
        Muu Mikko;9999;1/2024;Outo laji;2 000,00\n\
        Meikäläinen Maija;7311;1/2024;TyEL;540,00\n\
        Kolmas Kaisa;;1/2024;Kuukausipalkka;1 000,00\n\
        Yhteensä;;;;6 540,00\n";
    let path = write(&dir, "palkat.csv", text.as_bytes());
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        ..RowFilter::default()
    };
    let read = read_project_payroll(&path, "palkat.csv", &[], &filter).unwrap();
    let amounts: Vec<Decimal> = read.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [d("3000.00"), d("540.00")]);
    assert_eq!(read.file.other_unit, 2);
    assert_eq!(read.file.rows_read, 5);
    assert_eq!(read.file.totals_rows, 1);
    assert!(
        read.file
            .format
            .ends_with(", the project's lines by column \"Kustannuspaikka\""),
        "{}",
        read.file.format
    );
    let others: Vec<&str> = read.others.iter().map(String::as_str).collect();
    assert_eq!(others, ["Kolmas Kaisa", "Muu Mikko"]);
    // A project selected by its project code: the cost centre tells
    // nothing, so every line is read (and the odd pay type stops the run).
    let by_project = RowFilter {
        projects: vec!["P1".into()],
        ..RowFilter::default()
    };
    let message = read_project_payroll(&path, "palkat.csv", &[], &by_project)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("\"Outo laji\" is not a pay type"),
        "{message}"
    );
}

/// The file as the Sources sheet shows it: hash, size, read settings,
/// the header's row, and rows read = used + skipped, whatever the reason.
#[test]
fn a_payroll_file_is_accounted_for_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Palkkaerittely 2024;;;\r\n;;;\r\nTyöntekijä;Jakso;Palkkalaji;Summa\r\n\
        Meikäläinen Maija;12/2023;Kuukausipalkka;3 000,00\r\n\
        Meikäläinen Maija;1/2024;Kuukausipalkka;3 000,00\r\n\
        Meikäläinen Maija;1/2024;Puhelinetu;20,00\r\n\
        Virtanen Ville;1/2024;Kuukausipalkka;2 000,00\r\n\
        Meikäläinen Maija;2/2024;Kuukausipalkka;3 000,00\r\n\
        Meikäläinen Maija;7/2024;Kuukausipalkka;3 000,00\r\n\
        Yhteensä;;;14 020,00\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let path = write(&dir, "palkat.csv", &bytes);
    let ignore = [("Puhelinetu".to_string(), None)];
    let (lines, mut file) = read_payroll_file(&path, "palkat.csv", &ignore).unwrap();
    assert_eq!(file.kind, StaffFileKind::Payroll);
    assert_eq!(file.path, "palkat.csv");
    assert_eq!(file.size, bytes.len() as u64);
    assert_eq!(file.sha256, crate::model::sha256_hex(&bytes));
    assert_eq!(
        file.format,
        "CSV, Windows-1252 (not valid UTF-8), delimiter ';', decimal comma"
    );
    assert_eq!(file.header_row, 3);
    assert_eq!(
        (file.rows_read, file.totals_rows, file.ignored_rows),
        (7, 1, 1)
    );
    // The project 1/2024–6/2024, reconciled as of 31.1.2024.
    let month = |m| Month::new(2024, m).unwrap();
    let (end, months) = (month(6), month(1)..=month(1));
    let each = lines.iter().map(|l| (l.person.as_str(), l.month));
    file.sort_lines(each, &months, end, |p| p.starts_with("Meik"));
    assert_eq!(file.used, 1, "1/2024 of the known person");
    assert_eq!(file.outside_project, 2, "12/2023 and 7/2024");
    assert_eq!(file.after_as_of, 1, "2/2024");
    assert_eq!(file.unknown_person, 1, "Virtanen Ville");
    assert_eq!(file.rows_read, file.used + file.skipped());
}

/// A working-time workbook: its sheet in the read settings, no decimal mark.
#[test]
fn a_working_time_workbook_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tunnit.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Tunnit").unwrap();
    let rows = [
        ["Henkilö", "Kuukausi", "Projektitunnit", "Kokonaistunnit"],
        ["MM", "1/2024", "80", "150"],
        ["Yhteensä", "", "80", "150"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(&path).unwrap();
    let (lines, file) = read_working_time_file(&path, "tunnit.xlsx").unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(file.kind, StaffFileKind::WorkingTime);
    assert_eq!(file.format, "XLSX, sheet \"Tunnit\"");
    assert_eq!(
        (file.header_row, file.rows_read, file.totals_rows),
        (1, 2, 1)
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(file.sha256, crate::model::sha256_hex(&bytes));
    assert_eq!(file.size, bytes.len() as u64);
}

#[test]
fn a_bad_cell_is_named_by_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;13/2024;Palkka;10,00\n",
            "row 2, column \"Kuukausi\": \"13/2024\" is not a month",
        ),
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;1/2024;Autoetu;10,00\n",
            "row 2, column \"Palkkalaji\": \"Autoetu\" is not a pay type",
        ),
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;1/2024;Palkka;paljon\n",
            "row 2, column \"Määrä\"",
        ),
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;1/2024;Palkka;\n",
            "row 2, column \"Määrä\": the amount is empty",
        ),
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\n;1/2024;Palkka;1,00\n",
            "row 2, column \"Henkilö\": the person is empty",
        ),
        ("Tili;Summa\n4000;1,00\n", "no payroll header found"),
        (
            "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;1/2024;\"Palkka;1,00\n",
            "palkat.csv",
        ),
    ];
    for (text, wanted) in cases {
        let path = write(&dir, "palkat.csv", text.as_bytes());
        let message = read_payroll(&path, "palkat.csv", &[])
            .unwrap_err()
            .to_string();
        assert!(message.contains(wanted), "{wanted:?} not in {message:?}");
    }
}

#[test]
fn pay_types_and_months_as_payroll_writes_them() {
    for (text, wanted) in [
        ("Kuukausipalkka", PayType::Salary),
        ("Tuntipalkka", PayType::Salary),
        ("Ylityölisä 50 %", PayType::Salary),
        ("2300 Lomaraha", PayType::HolidayBonus),
        ("Lomakorvaus", PayType::HolidayPay),
        ("Lomapalkka", PayType::HolidayPay),
        ("TyEL-maksu", PayType::SideCosts),
        ("KuEL-maksu", PayType::SideCosts),
        ("KuEL-maksu, vuositasaus", PayType::SideCosts),
        ("Keva-maksu", PayType::SideCosts),
        ("Sosiaaliturvamaksu", PayType::SideCosts),
        ("Tapaturmavakuutusmaksu", PayType::SideCosts),
        ("Ryhmähenkivakuutusmaksu", PayType::SideCosts),
        ("Työttömyysvakuutusmaksu", PayType::SideCosts),
        ("Holiday bonus", PayType::HolidayBonus),
        ("Salary", PayType::Salary),
    ] {
        assert_eq!(classify_pay_type(text), Some(wanted), "{text}");
    }
    let m = |y, m| Month::new(y, m);
    for (text, wanted) in [
        ("1/2024", m(2024, 1)),
        ("01.2024", m(2024, 1)),
        ("2024-12", m(2024, 12)),
        ("2024/3", m(2024, 3)),
        ("15.3.2024", m(2024, 3)),
        ("2024-03-15", m(2024, 3)),
        ("0/2024", None),
        ("3/24", None),
        ("maaliskuu", None),
    ] {
        assert_eq!(parse_month(text), wanted, "{text}");
    }
}

/// A working-time record by day, comma-separated with decimal points: the
/// days are lines of their month (the staff models add them up).
#[test]
fn reads_a_working_time_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Employee,Date,Project hours,Total hours\nMM,3.6.2024,7.5,7.5\nMM,4.6.2024,4.25,7.5\nMM,1.7.2024,2,\n";
    let path = write(&dir, "tunnit.csv", text.as_bytes());
    let lines = read_working_time(&path, "tunnit.csv").unwrap();
    let got: Vec<(Month, Decimal, Option<Decimal>)> = lines
        .iter()
        .map(|l| (l.month, l.project_hours, l.total_hours))
        .collect();
    let (june, july) = (Month::new(2024, 6).unwrap(), Month::new(2024, 7).unwrap());
    assert_eq!(
        got,
        [
            (june, d("7.5"), Some(d("7.5"))),
            (june, d("4.25"), Some(d("7.5"))),
            (july, d("2"), None),
        ]
    );
}

/// A payroll report saved as a workbook: numbers and dates as cells.
#[test]
fn reads_a_payroll_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("palkat.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Palkkaraportti").unwrap();
    for (c, h) in ["Henkilö", "Kuukausi", "Palkkalaji", "Summa"]
        .iter()
        .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 6, 30).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("d.m.yyyy");
    sheet.write(3, 0, "pm").unwrap();
    sheet
        .write_datetime_with_format(3, 1, &date, &format)
        .unwrap();
    sheet.write(3, 2, "Kuukausipalkka").unwrap();
    sheet.write(3, 3, 3000.1).unwrap();
    book.save(&path).unwrap();
    let lines = read_payroll(&path, "palkat.xlsx", &[]).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].month, Month::new(2024, 6).unwrap());
    assert_eq!(lines[0].amount, d("3000.1"));
    assert_eq!(lines[0].source.row, Some(4));
    assert!(lines[0].source.sheet.is_some());
}

/// A file that is no CSV and no workbook is refused with what to do, as a
/// ledger export is.
#[test]
fn a_web_page_named_xls_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "palkat.xls",
        b"<html><table><tr><td>Henkil\xc3\xb6</td></tr></table></html>",
    );
    let message = read_payroll(&path, "palkat.xls", &[])
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("palkat.xls") && message.contains("web page"),
        "{message}"
    );
}

/// Pay types the project file names win over the words: a fringe benefit
/// left out, a bare code given its kind; an unknown one names the setting.
#[test]
fn pay_types_named_in_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Henkilö;Kuukausi;Palkkalaji;Määrä\nMM;1/2024;Puhelinetu;20,00\nMM;1/2024;9001;530,10\nMM;1/2024;Palkka;3 000,00\n";
    let path = write(&dir, "palkat.csv", text.as_bytes());
    let named = [
        ("puhelinetu".to_string(), None),
        ("9001".to_string(), Some(PayType::SideCosts)),
    ];
    let lines = read_payroll(&path, "palkat.csv", &named).unwrap();
    let got: Vec<(PayType, Decimal)> = lines.iter().map(|l| (l.pay_type, l.amount)).collect();
    assert_eq!(
        got,
        [
            (PayType::SideCosts, d("530.10")),
            (PayType::Salary, d("3000.00"))
        ]
    );
    let message = read_payroll(&path, "palkat.csv", &[])
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("row 2, column \"Palkkalaji\"")
            && message.contains("pay_types = { \"Puhelinetu\" = \"ignore\" }"),
        "{message}"
    );
}

mod props {
    use proptest::prelude::*;

    use super::*;

    const PERSONS: [&str; 3] = ["Meikäläinen Maija", "Sihteeri Pekka", "ÅÄÖ Öhman"];
    const KINDS: [(&str, PayType); 4] = [
        ("Kuukausipalkka", PayType::Salary),
        ("Lomapalkka", PayType::HolidayPay),
        ("Lomaraha", PayType::HolidayBonus),
        ("TyEL-maksu", PayType::SideCosts),
    ];

    /// An amount as a Finnish export writes it (`-1 234,56`) or an English one (`-1234.56`).
    fn written(amount: Decimal, finnish: bool) -> String {
        if !finnish {
            return format!("{amount:.2}");
        }
        let text = format!("{:.2}", amount.abs()).replace('.', ",");
        let (whole, cents) = text.split_once(',').unwrap();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        let sign = if amount.is_sign_negative() { "-" } else { "" };
        format!("{sign}{grouped},{cents}")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever the dialect (delimiter, decimal mark, encoding, title
        /// lines, a totals row), the lines come back as written.
        #[test]
        fn payroll_lines_come_back_as_written(
            lines in prop::collection::vec((0usize..3, 2020i32..2026, 1u32..=12, 0usize..4, -10_000_000_i64..100_000_000), 1..20),
            dialect in 0usize..3,
            windows_1252: bool,
            titles in 0usize..3,
        ) {
            let (delimiter, finnish) = [(";", true), ("\t", true), (",", false)][dialect];
            let mut text = "Palkkaraportti\n".repeat(titles);
            text += &["Työntekijä", "Jakso", "Palkkalaji", "Summa"].join(delimiter);
            text.push('\n');
            for &(p, year, month, kind, cents) in &lines {
                let amount = written(Decimal::new(cents, 2), finnish);
                let row = [PERSONS[p].to_string(), format!("{month}/{year}"), KINDS[kind].0.to_string(), amount];
                text += &row.join(delimiter);
                text.push('\n');
            }
            text += &["Yhteensä", "", "", "0"].join(delimiter);
            let bytes = if windows_1252 {
                encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            let dir = tempfile::tempdir().unwrap();
            let path = write(&dir, "palkat.csv", &bytes);
            let read = read_payroll(&path, "palkat.csv", &[]).unwrap();
            let got: Vec<(String, Month, PayType, Decimal)> = read.iter().map(|l| (l.person.clone(), l.month, l.pay_type, l.amount)).collect();
            let wanted: Vec<(String, Month, PayType, Decimal)> = lines.iter().map(|&(p, year, month, kind, cents)| {
                (PERSONS[p].to_string(), Month::new(year, month).unwrap(), KINDS[kind].1, Decimal::new(cents, 2))
            }).collect();
            prop_assert_eq!(got, wanted);
        }
    }
}
