//! Journals (päiväkirja) and ledgers whose date opens the text (issue 12,
//! deliverable 2), as a Finnish open-source bookkeeping program prints them:
//! voucher heading rows give their number and date to the lines below them,
//! a line's account opens its text (`1910 Pankkitili: …`), `–` is an empty
//! side and amounts carry a euro sign. Every export here is written by hand
//! in the test, its sums worked out by hand in the comments.

use rust_decimal::Decimal;
use velho::import::LedgerFile;

use crate::harness::{dec, stderr, velho};
use crate::header_vocabulary::refused;
use crate::ledger_layouts::{per_account, read, workbook};

/// A journal: three vouchers, each a heading row (number, date) and its
/// lines under a combined `Päiväys ja tilit` header.
///
/// #1, 12.3.2022: debit 1 200,00 = credit 1 200,00.
/// #2, 15.3.2022: debits 403,23 + 96,77 = 500,00 = credit 500,00.
/// #3, 31.3.2022: debit 2 500,00 = credit 2 500,00.
/// Per account: 1910: 1 200,00 − 500,00 − 2 500,00 = −1 800,00;
/// 3000: −1 200,00; 4010: 2 500,00; 4300: 403,23; 29392: 96,77; all: 0.
const JOURNAL: &str = "\
Päiväkirja;;;
Yhdistys ry;;;
Nro;Päiväys ja tilit;Debet;Kredit
#1;12.03.2022;;
;1910 Pankkitili: Jäsenmaksut maaliskuu;1 200,00€;–
;3000 Jäsenmaksutuotot: Jäsenmaksut maaliskuu;–;1 200,00€
#2;15.03.2022;;
;4300 Ostopalvelut: Kirjanpitopalvelu;403,23€;–
;29392 Alv ostoista: Kirjanpitopalvelu ALV 24%;96,77€;–
;1910 Pankkitili: Kirjanpitopalvelu;–;500,00€
#3;31.03.2022;;
;4010 Kuukausipalkat: Palkka maaliskuu;2 500,00€;–
;1910 Pankkitili: Palkka maaliskuu;–;2 500,00€
";

/// The same ledger as the program's general ledger (pääkirja): account
/// headings in two cells, entries whose date opens the `Tili / Päiväys`
/// text, a running balance column and a balance-only row closing each account.
const LEDGER: &str = "\
Pääkirja;;;;
Yhdistys ry;;;;
Nro;Tili / Päiväys;Debet;Kredit;Saldo
1910;Pankkitili;;;
#1;12.03.2022 Jäsenmaksut maaliskuu;1 200,00€;–;1 200,00€
#2;15.03.2022 Kirjanpitopalvelu;–;500,00€;700,00€
#3;31.03.2022 Palkka maaliskuu;–;2 500,00€;-1 800,00€
;;;;-1 800,00€
3000;Jäsenmaksutuotot;;;
#1;12.03.2022 Jäsenmaksut maaliskuu;–;1 200,00€;-1 200,00€
;;;;-1 200,00€
4010;Kuukausipalkat;;;
#3;31.03.2022 Palkka maaliskuu;2 500,00€;–;2 500,00€
;;;;2 500,00€
4300;Ostopalvelut;;;
#2;15.03.2022 Kirjanpitopalvelu;403,23€;–;403,23€
;;;;403,23€
29392;Alv ostoista;;;
#2;15.03.2022 Kirjanpitopalvelu ALV 24%;96,77€;–;96,77€
;;;;96,77€
";

/// The same seven postings written flat.
const FLAT: &str = "\
Päivämäärä;Tosite;Tili;Tilin nimi;Selite;Debet;Kredit
12.3.2022;#1;1910;Pankkitili;Jäsenmaksut maaliskuu;1200,00;
12.3.2022;#1;3000;Jäsenmaksutuotot;Jäsenmaksut maaliskuu;;1200,00
15.3.2022;#2;4300;Ostopalvelut;Kirjanpitopalvelu;403,23;
15.3.2022;#2;29392;Alv ostoista;Kirjanpitopalvelu ALV 24%;96,77;
15.3.2022;#2;1910;Pankkitili;Kirjanpitopalvelu;;500,00
31.3.2022;#3;4010;Kuukausipalkat;Palkka maaliskuu;2500,00;
31.3.2022;#3;1910;Pankkitili;Palkka maaliskuu;;2500,00
";

/// Each row as "date voucher account name | description | amount", sorted.
fn postings(file: &LedgerFile) -> Vec<String> {
    let mut rows: Vec<String> = file
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} | {} | {}",
                r.date,
                r.voucher,
                r.account,
                r.account_name,
                r.description,
                r.amount().normalize()
            )
        })
        .collect();
    rows.sort();
    rows
}

/// The hand-worked sums per account (in the order of their numbers as text).
fn expected_sums() -> Vec<(String, Decimal)> {
    vec![
        ("1910".into(), dec("-1800.00")),
        ("29392".into(), dec("96.77")),
        ("3000".into(), dec("-1200.00")),
        ("4010".into(), dec("2500.00")),
        ("4300".into(), dec("403.23")),
    ]
}

#[test]
fn a_journal_reads_as_the_same_ledger_written_flat() {
    let journal = read(JOURNAL.as_bytes(), "paivakirja.csv", "csv");
    let flat = read(FLAT.as_bytes(), "flat.csv", "csv");
    assert_eq!(postings(&journal), postings(&flat));
    assert_eq!(per_account(&journal), expected_sums());
    assert_eq!(journal.all_rows_total, Decimal::ZERO);
    // 3 voucher headings and 7 lines below the header.
    assert_eq!(
        (journal.rows_read, journal.rows.len(), journal.header_rows),
        (10, 7, 3)
    );
    assert_eq!(journal.layout(), "journal, 3 vouchers, each balances");
    assert!(journal.format.ends_with(", journal"), "{}", journal.format);
    let first = &journal.rows[0];
    assert_eq!(
        (
            first.source.row,
            &*first.voucher,
            &*first.description.text()
        ),
        (5, "#1", "Jäsenmaksut maaliskuu")
    );
}

#[test]
fn a_ledger_whose_date_opens_the_text_reads_as_the_same_ledger() {
    let ledger = read(LEDGER.as_bytes(), "paakirja.csv", "csv");
    let flat = read(FLAT.as_bytes(), "flat.csv", "csv");
    assert_eq!(postings(&ledger), postings(&flat));
    assert_eq!(per_account(&ledger), expected_sums());
    // 5 headings, 7 entries and 5 balance-only rows below the header.
    assert_eq!(
        (ledger.rows_read, ledger.rows.len(), ledger.header_rows),
        (17, 7, 10)
    );
    assert_eq!(
        ledger.layout(),
        "account-grouped report, 5 accounts, no subtotals, the date opening each entry's text"
    );
    assert!(
        ledger
            .columns
            .contains("date=\"Tili / Päiväys\", voucher=\"Nro\""),
        "{}",
        ledger.columns
    );
}

/// A journal with separate columns: the heading row fills Tosite and Pvm,
/// its lines Tili, Selite and one side (an empty date). #7: 150,00 = 100,00 + 50,00.
const COLUMNS_JOURNAL: &str = "\
Tosite;Pvm;Tili;Selite;Debet;Kredit
7;2.5.2022;;;;
;;4400;Matka;150,00;
;;1910;Matka, pankki;;100,00
;;2990;Matka, velka;;50,00
";

#[test]
fn a_journal_with_columns_of_its_own_gives_voucher_and_date_to_its_lines() {
    let file = read(COLUMNS_JOURNAL.as_bytes(), "journal.csv", "csv");
    assert_eq!(
        postings(&file),
        [
            "2022-05-02 7 1910  | Matka, pankki | -100",
            "2022-05-02 7 2990  | Matka, velka | -50",
            "2022-05-02 7 4400  | Matka | 150",
        ]
    );
}

#[test]
fn an_unbalanced_voucher_is_an_error_naming_it() {
    // #2's credit typed as 490,00: debits 403,23 + 96,77 = 500,00, credits 490,00.
    let broken = JOURNAL.replace("–;500,00€", "–;490,00€");
    assert_eq!(
        refused(&broken, "paivakirja.csv"),
        "paivakirja.csv, row 7: voucher #2 of 15.3.2022 does not balance: its debits add up to €500.00 and its credits to €490.00 (a difference of €10.00); a journal's vouchers balance, so the export is incomplete or was changed by hand: export the journal again"
    );
    // The last voucher is checked at the end of the file: #3 lost its credit line.
    let cut = JOURNAL.replace(";1910 Pankkitili: Palkka maaliskuu;–;2 500,00€\n", "");
    assert!(
        refused(&cut, "cut.csv").starts_with("cut.csv, row 11: voucher #3 of 31.3.2022 does not balance: its debits add up to €2,500.00 and its credits to €0.00"),
        "{}",
        refused(&cut, "cut.csv")
    );
    // A flat row with a date and no amount is still that error, not a voucher.
    let flat = "Pvm;Selite;Summa\n1.1.2021;A;\n2.1.2021;B;5,00\n";
    assert_eq!(
        refused(flat, "flat.csv"),
        "flat.csv, row 2, column \"Summa\": the amount is empty; a missing amount is not zero"
    );
}

#[test]
fn a_journal_workbook_reads_through_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<Vec<&str>> = JOURNAL.lines().map(|l| l.split(';').collect()).collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    workbook(
        &dir.path().join("paivakirja.xlsx"),
        &[("Päiväkirja", &rows)],
    );
    let out = velho(dir.path(), &["inspect", "--rows", "paivakirja.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 8, "{said}");
    assert_eq!(
        lines[6],
        "paivakirja.xlsx,Päiväkirja,12,2022-03-31,#3,4010,Kuukausipalkat,,,Palkka maaliskuu,2500.00"
    );
    let out = velho(dir.path(), &["inspect", "paivakirja.xlsx"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("layout:         journal, 3 vouchers, each balances"),
        "{said}"
    );
    assert!(
        said.contains("skipped:        row 4: a voucher heading (gives its number and date to the lines below)"),
        "{said}"
    );
}
