//! The funder's payment decisions: read tolerantly, checked against the
//! ledger and the funder's own arithmetic.

use std::path::Path;

use calamine::Data;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::harness::{Book, Sheet, amount, dec, sample, stderr, text, velho};
use velho::import::decision::read_decision;

fn reconcile_sample(lang: &str) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    let out = velho(
        dir.path(),
        &[
            "reconcile",
            sample().to_str().unwrap(),
            "-o",
            "s.xlsx",
            "--lang",
            lang,
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let book = Book::open(&dir.path().join("s.xlsx"));
    (dir, book)
}

fn findings(book: &mut Book, code: &str) -> Vec<Vec<Data>> {
    book.sheet("Findings")
        .rows()
        .into_iter()
        .filter(|r| text(&r[2]) == code)
        .collect()
}

fn period_rows(sheet: &Sheet) -> Vec<Vec<Data>> {
    sheet.rows().into_iter().skip(4).take(5).collect()
}

#[test]
fn the_sample_payments_are_checked_to_the_cent() {
    let (_dir, mut book) = reconcile_sample("en");
    let payments = book.sheet("Payments");
    let col = |name: &str| payments.column(3, name);
    let periods = period_rows(&payments);
    let paid: Vec<Decimal> = periods
        .iter()
        .map(|r| amount(&r[col("Paid now")]))
        .collect();
    assert_eq!(
        paid,
        ["46549.85", "91203.53", "73797.94", "102680.40", "76722.88"].map(dec)
    );
    let cumulative: Vec<Decimal> = periods
        .iter()
        .map(|r| amount(&r[col("Paid in total")]))
        .collect();
    assert_eq!(
        cumulative[4],
        dec("390954.60"),
        "the final payment fills the maximum grant"
    );
    assert_eq!(amount(&periods[4][col("Grant remaining")]), dec("0"));
    assert_eq!(
        amount(&periods[2][col("Payment as computed")]),
        dec("73801.94")
    );
    assert_eq!(amount(&periods[2][col("Difference")]), dec("-4.00"));
    assert_eq!(
        amount(&periods[4][col("Payment as computed")]),
        dec("76722.88"),
        "capped at what is left of the grant"
    );
    let approved: Decimal = periods.iter().map(|r| amount(&r[col("Approved")])).sum();
    assert_eq!(approved, dec("437076.76"));
    let realised: Decimal = periods
        .iter()
        .map(|r| amount(&r[col("Realised in the ledger")]))
        .sum();
    assert_eq!(realised, dec("437395.00"), "the periods cover the project");
    assert!(text(&periods[2][col("Check")]).contains("PAYMENT_ARITHMETIC"));
    assert_eq!(text(&periods[0][col("Check")]), "OK");

    let wrong = findings(&mut book, "PAYMENT_ARITHMETIC");
    assert_eq!(wrong.len(), 1, "only decision 3 is wrong");
    assert_eq!(amount(&wrong[0][4]), dec("-4.00"));
    assert!(text(&wrong[0][3]).starts_with("decisions/maksatuspaatos_3.xlsx (KSL/2022/0097): paid now €73,797.94, but 90 % × approved €82,002.15"), "{}", text(&wrong[0][3]));
    let balance = findings(&mut book, "FINAL_BALANCE");
    assert!(
        text(&balance[0][3]).contains("paid in full: €390,954.60"),
        "{}",
        text(&balance[0][3])
    );
    let claim = findings(&mut book, "CLAIM_LEDGER_DIFFERENCE");
    assert_eq!(
        claim.len(),
        1,
        "only period 2 applied for more than its ledger"
    );
    assert_eq!(amount(&claim[0][4]), dec("1272.40"));
    assert!(
        findings(&mut book, "STATED_FIGURE").is_empty(),
        "the sample's stated figures agree"
    );
    for code in [
        "DECISION_ARITHMETIC",
        "DECISION_TOTAL",
        "DECISION_FLAT_RATE",
        "PAID_EARLIER",
        "PAID_TOTAL",
        "DEDUCTION_UNMATCHED",
        "PERIOD_GAP",
        "PERIOD_OVERLAP",
    ] {
        assert!(findings(&mut book, code).is_empty(), "{code}");
    }
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Paid")[1]), dec("390954.60"));
    assert_eq!(
        amount(&summary.row_labelled("Approved")[1]),
        dec("437076.76")
    );
    assert_eq!(amount(&summary.row_labelled("Deducted")[1]), dec("1590.64"));
}

#[test]
fn every_planted_deduction_is_matched_to_its_ledger_rows() {
    let (_dir, mut book) = reconcile_sample("en");
    let tx = book.sheet("Transactions");
    let (voucher, deducted, amount_col) = (
        tx.column(0, "Voucher"),
        tx.column(0, "Deducted by the funder"),
        tx.column(0, "Amount"),
    );
    let marked: Vec<(String, Decimal, Decimal)> = tx
        .rows()
        .iter()
        .skip(1)
        .filter(|r| !matches!(r[deducted], Data::Empty))
        .map(|r| {
            (
                text(&r[voucher]),
                amount(&r[amount_col]),
                amount(&r[deducted]),
            )
        })
        .collect();
    assert_eq!(
        marked,
        vec![
            ("2021-002636".to_string(), dec("860.00"), dec("860.00")),
            ("2021-002636".to_string(), dec("412.40"), dec("412.40")),
            ("2022-001456".to_string(), dec("1644.25"), dec("318.24")),
        ],
        "the whole July invoice (two rows) and the VAT part of one row"
    );
    let info = findings(&mut book, "DEDUCTION");
    assert_eq!(info.len(), 2);
    assert!(
        text(&info[1][3]).contains("deducted voucher 2022-001456 in part, €318.24"),
        "{}",
        text(&info[1][3])
    );
}

/// Writes a decision: Finnish labels from A1, or English labels with the tables moved.
fn write_decision(path: &Path, english: bool) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("d.m.yyyy");
    let l = |fi: &'static str, en: &'static str| if english { en } else { fi };
    let (top, left) = if english { (6u32, 3u16) } else { (0, 0) };
    sheet
        .write_string(top, left, l("Maksatuspäätös", "Payment decision"))
        .unwrap();
    sheet
        .write_string(top + 2, left, l("Päätöksen numero", "Decision number"))
        .unwrap();
    sheet
        .write_string(top + 2, left + 2, "KSL/2021/0418")
        .unwrap();
    sheet
        .write_string(top + 3, left, l("Päätöspäivä", "Decision date"))
        .unwrap();
    sheet
        .write_datetime_with_format(
            top + 3,
            left + 1,
            ExcelDateTime::from_ymd(2021, 9, 14).unwrap(),
            &date,
        )
        .unwrap();
    sheet
        .write_string(top + 4, left, l("Maksatuskausi", "Payment period"))
        .unwrap();
    sheet
        .write_string(top + 4, left + 1, "1.1.2021–30.6.2021")
        .unwrap();
    sheet
        .write_string(top + 5, left, l("Tukiprosentti", "Funding rate"))
        .unwrap();
    sheet.write_number(top + 5, left + 1, 0.9).unwrap();
    for (i, (fi, en, value)) in [
        ("Maksetaan nyt", "Paid now", 91203.53),
        ("Aiemmin maksettu", "Paid earlier", 46549.85),
        ("Maksettu yhteensä", "Paid in total", 137753.38),
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(top + 6 + i as u32, left, l(fi, en))
            .unwrap();
        sheet
            .write_number_with_format(top + 6 + i as u32, left + 1, *value, &money)
            .unwrap();
    }
    let (t, c) = if english {
        (top + 14, 1u16)
    } else {
        (top + 11, 0)
    };
    for (i, h) in [
        l("Kustannuslaji", "Cost category"),
        l("Haettu", "Applied"),
        l("Hyväksytty", "Approved"),
        l("Vähennetty", "Deducted"),
        l("Perustelu", "Reason"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(t, c + i as u16, *h).unwrap();
    }
    let lines = [
        (
            l("Henkilöstökustannukset", "Personnel costs"),
            43230.60,
            43230.60,
            0.0,
        ),
        (
            l("Ostopalvelut", "Purchased services"),
            46868.54,
            45596.14,
            1272.40,
        ),
    ];
    for (i, (name, applied, approved, deducted)) in lines.iter().enumerate() {
        let r = t + 1 + i as u32;
        sheet.write_string(r, c, *name).unwrap();
        for (j, v) in [applied, approved, deducted].iter().enumerate() {
            sheet
                .write_number_with_format(r, c + 1 + j as u16, **v, &money)
                .unwrap();
        }
    }
    let items = if english { t + 6 } else { t + 5 };
    for (i, h) in [
        l("Tosite", "Voucher"),
        l("Päivämäärä", "Date"),
        l("Summa", "Amount"),
        l("Perustelu", "Reason"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(items, c + i as u16, *h).unwrap();
    }
    sheet.write_string(items + 1, c, "2021-002636").unwrap();
    sheet
        .write_datetime_with_format(
            items + 1,
            c + 1,
            ExcelDateTime::from_ymd(2021, 7, 5).unwrap(),
            &date,
        )
        .unwrap();
    sheet
        .write_number_with_format(items + 1, c + 2, 1272.40, &money)
        .unwrap();
    sheet
        .write_string(items + 1, c + 3, "outside the period")
        .unwrap();
    workbook.save(path).unwrap();
}

#[test]
fn a_decision_reads_the_same_with_english_labels_and_moved_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (fi, en) = (dir.path().join("fi.xlsx"), dir.path().join("en.xlsx"));
    write_decision(&fi, false);
    write_decision(&en, true);
    let a = read_decision(&fi, "fi.xlsx").unwrap();
    let b = read_decision(&en, "en.xlsx").unwrap();
    assert_eq!(
        (a.number.as_str(), a.period, a.rate_percent, a.paid_now),
        ("KSL/2021/0418", b.period, Some(dec("90")), dec("91203.53"))
    );
    assert_eq!(
        (
            a.number.clone(),
            a.date,
            a.paid_now,
            a.paid_earlier,
            a.paid_total
        ),
        (
            b.number.clone(),
            b.date,
            b.paid_now,
            b.paid_earlier,
            b.paid_total
        )
    );
    let amounts = |d: &velho::import::decision::Decision| {
        d.lines
            .iter()
            .map(|l| (l.applied, l.approved, l.deducted))
            .collect::<Vec<_>>()
    };
    assert_eq!(amounts(&a), amounts(&b));
    assert_eq!(a.items.len(), 1);
    assert_eq!(
        (
            a.items[0].voucher.clone(),
            a.items[0].amount,
            a.items[0].date
        ),
        (
            b.items[0].voucher.clone(),
            b.items[0].amount,
            b.items[0].date
        )
    );
    assert_eq!(a.lines[1].row, 14);
    assert_eq!(b.lines[1].row, 23, "rows are the sheet's own");
}

#[test]
fn an_unreadable_decision_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Päätös").unwrap();
    sheet.write_string(0, 0, "Maksatuskausi").unwrap();
    sheet.write_string(0, 1, "1.1.2021–30.6.2021").unwrap();
    sheet.write_string(1, 0, "Maksetaan nyt").unwrap();
    sheet.write_string(1, 1, "paljon").unwrap();
    for (i, h) in ["Kustannuslaji", "Haettu", "Hyväksytty"].iter().enumerate() {
        sheet.write_string(3, i as u16, *h).unwrap();
    }
    sheet.write_string(4, 0, "Ostopalvelut").unwrap();
    sheet.write_number(4, 1, 10.0).unwrap();
    sheet.write_string(4, 2, "#N/A").unwrap();
    workbook.save(&path).unwrap();
    let err = read_decision(&path, "decisions/bad.xlsx")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("decisions/bad.xlsx, sheet \"Päätös\", row 5, column \"C\": "),
        "{err}"
    );
    assert!(err.contains("expected the amount approved"), "{err}");
}
