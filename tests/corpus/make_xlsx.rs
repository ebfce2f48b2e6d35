//! Writes the corpus files made with rust_xlsxwriter (tests/corpus/files/).
//! Run by hand when the corpus changes: `cargo run --example corpus-xlsx`.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};

/// Year, month, day, voucher, account, account name, cost centre, project, description, amount.
type Row = (
    u16,
    u8,
    u8,
    &'static str,
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
);

const LEDGER: [Row; 6] = [
    (
        2021,
        1,
        5,
        "1001",
        4000,
        "Palkat",
        "7311",
        "P1",
        "Palkka tammikuu",
        3500.00,
    ),
    (
        2021,
        1,
        31,
        "1002",
        4300,
        "Ostopalvelut",
        "7311",
        "P1",
        "Konsultti; osa 1",
        1234.56,
    ),
    (
        2021,
        2,
        13,
        "1003",
        4400,
        "Matkat",
        "7311",
        "P1",
        "Matka \"Tampere\"",
        89.90,
    ),
    (
        2021,
        2,
        15,
        "1004",
        4300,
        "Ostopalvelut",
        "7311",
        "P1",
        "Hyvitys",
        -250.00,
    ),
    (
        2021,
        3,
        1,
        "1005",
        4000,
        "Palkat",
        "2100",
        "P2",
        "Muu hanke",
        999.99,
    ),
    (
        2021,
        3,
        2,
        "1006",
        4910,
        "ICT-kulut",
        "7311",
        "P1",
        "Lisenssi ÄÖÅ",
        12345.67,
    ),
];

fn main() -> Result<(), XlsxError> {
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/files/");
    // The common ledger: date cells, debit and credit columns, a title and a totals row.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Pääkirja")?;
    let date = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("# ##0,00");
    sheet.write(0, 0, "Pääkirja 1.1.–31.3.2021")?;
    let head = [
        "Kirjauspäivä",
        "Tosite",
        "Tili",
        "Tilin nimi",
        "Kustannuspaikka",
        "Hanke",
        "Vientiselite",
        "Debet",
        "Kredit",
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write(2, c as u16, *h)?;
    }
    for (i, (y, m, d, voucher, account, name, cc, project, text, amount)) in
        LEDGER.iter().enumerate()
    {
        let r = 3 + i as u32;
        sheet.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
        sheet.write(r, 1, *voucher)?;
        sheet.write(r, 2, *account)?;
        sheet.write(r, 3, *name)?;
        sheet.write(r, 4, *cc)?;
        sheet.write(r, 5, *project)?;
        sheet.write(r, 6, *text)?;
        let column = if *amount >= 0.0 { 7 } else { 8 };
        sheet.write_number_with_format(r, column, amount.abs(), &money)?;
    }
    sheet.write(9, 6, "Yhteensä")?;
    sheet.write_formula(9, 7, Formula::new("=SUM(H4:H9)").set_result("18170.12"))?;
    sheet.write_formula(9, 8, Formula::new("=SUM(I4:I9)").set_result("250"))?;
    book.save(format!("{out}dialect_rust_xlsxwriter.xlsx"))?;

    // Formulas written without results: calamine reads 0.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Pvm", "Tili", "Summa"].iter().enumerate() {
        sheet.write(0, c as u16, *h)?;
    }
    for r in 1..4u32 {
        sheet.write(r, 0, "1.1.2021")?;
        sheet.write(r, 1, 4000)?;
        sheet.write_formula(r, 2, Formula::new(format!("=10*{r}")))?;
    }
    book.save(format!("{out}formula_without_result_rust_xlsxwriter.xlsx"))?;
    grouped(out)?;
    from_text(out, "journal_euro_dash.csv", "journal_rust_xlsxwriter.xlsx")?;
    from_text(
        out,
        "combined_header_ledger.csv",
        "combined_header_rust_xlsxwriter.xlsx",
    )
}

/// Issue 12: a journal or a ledger whose date opens the text
/// (tests/corpus/make_layouts.py's CSV) saved as a workbook: amounts such as
/// `1 234,56€` as numbers, `–` and the texts as they are.
fn from_text(out: &str, csv: &str, xlsx: &str) -> Result<(), XlsxError> {
    let text = std::fs::read_to_string(format!("{out}{csv}"))?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Kirjanpito")?;
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let plain = cell.trim_end_matches('€').replace([' ', '\u{a0}'], "");
            match plain.replace(',', ".").parse::<f64>() {
                Ok(number) if cell.ends_with('€') => sheet.write(r as u32, c as u16, number)?,
                _ if cell.is_empty() => sheet,
                _ => sheet.write(r as u32, c as u16, cell)?,
            };
        }
    }
    book.save(format!("{out}{xlsx}"))
}

/// Issue 12: the common ledger as an account-grouped report. Each account
/// has a heading row (`4000 Palkat`), its entries (the account column
/// repeats the number), a subtotal row with a cached SUBTOTAL formula and an
/// empty spacer row; a grand total ends the sheet.
fn grouped(out: &str) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Pääkirja")?;
    let date = Format::new().set_num_format("d.m.yyyy");
    sheet.write(0, 0, "Pääkirja 1.1.–31.3.2021")?;
    let head = ["Pvm", "Tili", "Tosite", "Kp", "Projekti", "Selite", "Summa"];
    for (c, h) in head.iter().enumerate() {
        sheet.write(2, c as u16, *h)?;
    }
    let mut accounts: Vec<(u32, &str)> = LEDGER.iter().map(|r| (r.4, r.5)).collect();
    accounts.sort_unstable();
    accounts.dedup();
    let mut r = 3u32;
    for (account, name) in accounts {
        sheet.write(r, 0, format!("{account} {name}"))?;
        let first = r + 2;
        let mut sum = 0.0;
        for (y, m, d, voucher, _, _, cc, project, text, amount) in
            LEDGER.iter().filter(|row| row.4 == account)
        {
            r += 1;
            sheet.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
            sheet.write(r, 1, account)?;
            sheet.write(r, 2, *voucher)?;
            sheet.write(r, 3, *cc)?;
            sheet.write(r, 4, *project)?;
            sheet.write(r, 5, *text)?;
            sheet.write(r, 6, *amount)?;
            sum += amount;
        }
        r += 1;
        sheet.write(r, 0, format!("{account} {name} yhteensä"))?;
        let formula = format!("=SUBTOTAL(9,G{first}:G{r})");
        sheet.write_formula(r, 6, Formula::new(formula).set_result(format!("{sum:.2}")))?;
        r += 2;
    }
    sheet.write(r, 0, "Kaikki yhteensä")?;
    sheet.write_formula(
        r,
        6,
        Formula::new(format!("=SUBTOTAL(9,G4:G{r})")).set_result("17920.12"),
    )?;
    book.save(format!("{out}grouped_rust_xlsxwriter.xlsx"))
}
