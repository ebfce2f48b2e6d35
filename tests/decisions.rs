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
        .filter(|r| text(&r[7]) == code)
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
    // Problem 7: the −4,00 € underpayment of period 3 was made good when the
    // final payment paid the whole maximum grant: a note, not an error.
    assert!(text(&periods[2][col("Check")]).contains("Short payment made good later"));
    assert_eq!(text(&periods[0][col("Check")]), "OK");
    assert!(
        findings(&mut book, "PAYMENT_ARITHMETIC").is_empty(),
        "no decision is wrong once the underpayment is made good"
    );
    let made_good = findings(&mut book, "PAYMENT_MADE_GOOD");
    assert_eq!(made_good.len(), 1, "only decision 3 paid too little");
    assert_eq!(amount(&made_good[0][4]), dec("-4.00"));
    assert!(text(&made_good[0][3]).starts_with("decisions/maksatuspaatos_3.xlsx (KSL/2022/0097): paid €4.00 less than 90 % × (approved €82,002.15)"), "{}", text(&made_good[0][3]));
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

/// A cell of a small decision.
#[derive(Clone, Copy)]
enum V<'a> {
    N(f64),
    T(&'a str),
    E,
}

/// Writes a small decision on sheet "Päätös": the period, paid now and
/// `keys` from A1 (label in A, value in B), then after an empty row the
/// category table (Kustannuslaji, Haettu, Hyväksytty) with `rows`. Returns
/// the 1-based sheet row of the table's first row.
fn small_decision(path: &Path, keys: &[(&str, V<'_>)], rows: &[(&str, V<'_>, V<'_>)]) -> u32 {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Päätös").unwrap();
    let money = Format::new().set_num_format("#,##0.00");
    let mut put = |r: u32, c: u16, v: V| match v {
        V::N(n) => {
            sheet.write_number_with_format(r, c, n, &money).unwrap();
        }
        V::T(t) => {
            sheet.write_string(r, c, t).unwrap();
        }
        V::E => {}
    };
    let all = [
        ("Maksatuskausi", V::T("1.1.2021–30.6.2021")),
        ("Maksetaan nyt", V::N(79_944.07)),
    ];
    let keys: Vec<(&str, V)> = all.iter().copied().chain(keys.iter().copied()).collect();
    for (i, (label, value)) in keys.iter().enumerate() {
        put(i as u32, 0, V::T(label));
        put(i as u32, 1, *value);
    }
    let header = keys.len() as u32 + 1;
    for (i, h) in ["Kustannuslaji", "Haettu", "Hyväksytty"].iter().enumerate() {
        put(header, i as u16, V::T(h));
    }
    for (i, (name, applied, approved)) in rows.iter().enumerate() {
        let r = header + 1 + i as u32;
        put(r, 0, V::T(name));
        put(r, 1, *applied);
        put(r, 2, *approved);
    }
    workbook.save(path).unwrap();
    header + 2
}

/// Two cost lines and their total.
const COSTS: [(&str, V<'static>, V<'static>); 3] = [
    ("Henkilöstökustannukset", V::N(43_230.60), V::N(43_230.60)),
    ("Ostopalvelut", V::N(46_868.54), V::N(45_596.14)),
    ("Yhteensä", V::N(90_099.14), V::N(88_826.74)),
];

fn read(
    dir: &tempfile::TempDir,
    name: &str,
    keys: &[(&str, V<'_>)],
    rows: &[(&str, V<'_>, V<'_>)],
) -> velho::import::decision::Decision {
    let path = dir.path().join(name);
    small_decision(&path, keys, rows);
    read_decision(&path, &format!("decisions/{name}")).unwrap()
}

fn read_err(
    dir: &tempfile::TempDir,
    name: &str,
    keys: &[(&str, V<'_>)],
    rows: &[(&str, V<'_>, V<'_>)],
) -> String {
    let path = dir.path().join(name);
    small_decision(&path, keys, rows);
    read_decision(&path, &format!("decisions/{name}"))
        .unwrap_err()
        .to_string()
}

/// The cost lines as (category, applied, approved).
fn cost_lines(d: &velho::import::decision::Decision) -> Vec<(String, Decimal, Decimal)> {
    d.lines
        .iter()
        .map(|l| (l.category.clone(), l.applied, l.approved))
        .collect()
}

/// The table's total row is the sum of the cost lines.
fn assert_total_is_the_lines(d: &velho::import::decision::Decision) {
    let total = d.total.as_ref().expect("the table's total row");
    let applied: Decimal = d.lines.iter().map(|l| l.applied).sum();
    let approved: Decimal = d.lines.iter().map(|l| l.approved).sum();
    assert_eq!((total.applied, total.approved), (applied, approved));
}

#[test]
fn the_new_fields_are_none_when_the_decision_does_not_state_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fi.xlsx");
    write_decision(&path, false);
    let d = read_decision(&path, "fi.xlsx").unwrap();
    assert_eq!(
        (d.revenue, d.replaces, d.advance_netted),
        (None, None, None)
    );
    let blank = read(
        &dir,
        "blank.xlsx",
        &[("Korvaa päätöksen", V::T("   ")), ("Tulot", V::E)],
        &COSTS,
    );
    assert_eq!((blank.revenue, blank.replaces), (None, None));
}

#[test]
fn a_stated_revenue_is_read_and_leaves_the_lines_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plain = read(&dir, "plain.xlsx", &[], &COSTS);
    let with = read(&dir, "tulot.xlsx", &[("Tulot", V::N(2_000.00))], &COSTS);
    assert_eq!(plain.revenue, None);
    assert_eq!(with.revenue, Some(dec("2000.00")));
    assert_eq!(cost_lines(&with), cost_lines(&plain));
    let figures = |d: &velho::import::decision::Decision| {
        d.total
            .as_ref()
            .map(|t| (t.applied, t.approved, t.deducted))
    };
    assert_eq!(figures(&with), figures(&plain));
    assert_eq!(
        figures(&with),
        Some((dec("90099.14"), dec("88826.74"), dec("0")))
    );
    assert_eq!(with.paid_now, dec("79944.07"));
    assert_total_is_the_lines(&with);
    let text = read(
        &dir,
        "text.xlsx",
        &[("Hankkeen tulot:", V::T("2 000,00"))],
        &COSTS,
    );
    assert_eq!(text.revenue, Some(dec("2000.00")));
}

#[test]
fn a_revenue_row_of_the_table_is_no_cost_line() {
    let dir = tempfile::tempdir().unwrap();
    let want = vec![
        (
            "Henkilöstökustannukset".to_string(),
            dec("43230.60"),
            dec("43230.60"),
        ),
        ("Ostopalvelut".to_string(), dec("46868.54"), dec("45596.14")),
    ];
    // After the total row, then net costs: a funder's layout.
    let mut rows = COSTS.to_vec();
    rows.push(("Tulot", V::N(2_000.00), V::N(2_000.00)));
    rows.push(("Nettokustannukset", V::N(88_099.14), V::N(86_826.74)));
    let after = read(&dir, "after.xlsx", &[], &rows);
    assert_eq!(after.revenue, Some(dec("2000.00")));
    assert_eq!(cost_lines(&after), want);
    assert_eq!(after.total.as_ref().unwrap().approved, dec("88826.74"));
    assert_total_is_the_lines(&after);

    // Before the total row; approved differs from applied, and wins.
    let before = read(
        &dir,
        "before.xlsx",
        &[],
        &[
            COSTS[0],
            COSTS[1],
            ("Hankkeen tulot", V::N(2_500.00), V::N(2_000.00)),
            COSTS[2],
        ],
    );
    assert_eq!(before.revenue, Some(dec("2000.00")));
    assert_eq!(cost_lines(&before), want);
    assert_total_is_the_lines(&before);

    // English, approved empty: the applied figure; net costs before revenues.
    let english = read(
        &dir,
        "en.xlsx",
        &[],
        &[
            COSTS[0],
            COSTS[1],
            ("Total", V::N(90_099.14), V::N(88_826.74)),
            ("Net costs", V::N(88_099.14), V::N(86_826.74)),
            ("Revenues", V::N(2_000.00), V::E),
        ],
    );
    assert_eq!(english.revenue, Some(dec("2000.00")));
    assert_eq!(cost_lines(&english), want);
    assert_total_is_the_lines(&english);

    // The same figure stated beside the table too is fine.
    let both = read(&dir, "both.xlsx", &[("Revenues", V::T("2,000.00"))], &rows);
    assert_eq!(both.revenue, Some(dec("2000.00")));
    assert_eq!(cost_lines(&both), want);
}

#[test]
fn the_table_still_ends_at_its_total_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = COSTS.to_vec();
    rows.push(("Tulot", V::N(2_000.00), V::N(2_000.00)));
    rows.push(("Muistiinpano", V::T("ei summa"), V::E));
    let d = read(&dir, "end.xlsx", &[], &rows);
    assert_eq!(d.lines.len(), 2);
    assert_eq!(d.revenue, Some(dec("2000.00")));
    assert_total_is_the_lines(&d);
}

#[test]
fn a_negative_revenue_or_advance_is_the_same_amount() {
    let dir = tempfile::tempdir().unwrap();
    let stated = read(
        &dir,
        "neg.xlsx",
        &[
            ("Tulot", V::T("\u{2212}2 000,00")),
            ("Ennakon vähennys", V::T("-30 000,00")),
        ],
        &COSTS,
    );
    assert_eq!(stated.revenue, Some(dec("2000.00")));
    assert_eq!(stated.advance_netted, Some(dec("30000.00")));
    let mut rows = COSTS.to_vec();
    rows.push(("Tulot", V::N(-2_000.00), V::N(-2_000.00)));
    let table = read(&dir, "negrow.xlsx", &[("Tulot", V::N(2_000.00))], &rows);
    assert_eq!(table.revenue, Some(dec("2000.00")));
    assert_eq!(table.lines.len(), 2);
}

#[test]
fn revenues_stated_twice_must_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = COSTS.to_vec();
    rows.push(("Tulot", V::N(2_500.00), V::N(2_500.00)));
    let first = small_decision(
        &dir.path().join("conflict.xlsx"),
        &[("Tulot", V::N(2_000.00))],
        &rows,
    );
    let err = read_err(&dir, "conflict.xlsx", &[("Tulot", V::N(2_000.00))], &rows);
    let tulot_row = first + 3;
    assert!(
        err.starts_with(&format!(
            "decisions/conflict.xlsx, sheet \"Päätös\", row {tulot_row}, column \"C\": "
        )),
        "{err}"
    );
    assert!(err.contains("€2,500.00"), "{err}");
    assert!(err.contains("row 3, column \"B\", €2,000.00"), "{err}");
}

#[test]
fn a_replaced_decision_and_a_netted_advance_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fi = read(
        &dir,
        "oikaisu.xlsx",
        &[
            ("Päätöksen numero", V::T("KSL/2022/0100")),
            ("Korvaa päätöksen", V::T("  KSL/2022/0012 ")),
            ("Ennakon vähennys", V::T("30 000,00")),
        ],
        &COSTS,
    );
    assert_eq!(fi.number, "KSL/2022/0100");
    assert_eq!(fi.replaces.as_deref(), Some("KSL/2022/0012"));
    assert_eq!(fi.advance_netted, Some(dec("30000.00")));
    assert_eq!(fi.revenue, None);
    assert_eq!(cost_lines(&fi).len(), 2);

    let en = read(
        &dir,
        "correction.xlsx",
        &[
            ("Decision number", V::T("KSL/2022/0100")),
            ("Replaces decision:", V::T("KSL/2022/0012")),
            ("Advance netted", V::N(30_000.00)),
            ("Project revenues", V::N(2_000.00)),
        ],
        &COSTS,
    );
    assert_eq!(en.number, "KSL/2022/0100");
    assert_eq!(en.replaces.as_deref(), Some("KSL/2022/0012"));
    assert_eq!(en.advance_netted, Some(dec("30000.00")));
    assert_eq!(en.revenue, Some(dec("2000.00")));

    for (label, value) in [
        ("Korvaa päätöksen nro", "KSL/2022/0012"),
        ("Oikaistava päätös", "KSL/2022/0012"),
        ("Supersedes", "KSL/2022/0012"),
    ] {
        let d = read(&dir, "alt.xlsx", &[(label, V::T(value))], &COSTS);
        assert_eq!(d.replaces.as_deref(), Some(value), "{label}");
        assert_eq!(d.number, "", "{label} is not the decision's own number");
    }
    for label in ["Ennakosta vähennetään", "Less advance", "Advance offset"] {
        let d = read(&dir, "adv.xlsx", &[(label, V::N(30_000.00))], &COSTS);
        assert_eq!(d.advance_netted, Some(dec("30000.00")), "{label}");
    }
    for label in ["Tulot yhteensä", "Vähennettävät tulot", "Income", "Revenue"] {
        let d = read(&dir, "rev.xlsx", &[(label, V::N(2_000.00))], &COSTS);
        assert_eq!(d.revenue, Some(dec("2000.00")), "{label}");
    }
}

#[test]
fn the_new_labels_leave_the_old_ones_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = read(
        &dir,
        "labels.xlsx",
        &[
            ("Tulot yhteensä", V::N(2_000.00)),
            ("Maksettu yhteensä", V::N(137_753.38)),
            ("Vähennetty ennakko", V::N(30_000.00)),
            ("Tuki", V::T("90 %")),
        ],
        &COSTS,
    );
    assert_eq!(d.revenue, Some(dec("2000.00")));
    assert_eq!(d.paid_total, Some(dec("137753.38")));
    assert_eq!(d.advance_netted, Some(dec("30000.00")));
    assert_eq!(d.rate_percent, Some(dec("90")));
    assert_eq!(d.lines.len(), 2);
    assert_total_is_the_lines(&d);
    // A label is the whole cell: "Tulot ja menot" is no revenue label.
    let other = read(
        &dir,
        "other.xlsx",
        &[("Tulot ja menot", V::N(5.00))],
        &COSTS,
    );
    assert_eq!(other.revenue, None);
}

#[test]
fn a_revenue_or_advance_that_is_not_an_amount_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_err(&dir, "bad.xlsx", &[("Tulot", V::T("paljon"))], &COSTS);
    assert!(
        err.starts_with("decisions/bad.xlsx, sheet \"Päätös\", row 3, column \"B\": "),
        "{err}"
    );
    assert!(err.contains("expected the revenues"), "{err}");

    let err = read_err(
        &dir,
        "bad.xlsx",
        &[("Advance netted", V::T("#N/A"))],
        &COSTS,
    );
    assert!(
        err.starts_with("decisions/bad.xlsx, sheet \"Päätös\", row 3, column \"B\": "),
        "{err}"
    );
    assert!(err.contains("expected the advance netted"), "{err}");

    let mut rows = COSTS.to_vec();
    rows.push(("Tulot", V::N(2_000.00), V::T("n/a")));
    let first = small_decision(&dir.path().join("badrow.xlsx"), &[], &rows);
    let err = read_err(&dir, "badrow.xlsx", &[], &rows);
    assert!(
        err.starts_with(&format!(
            "decisions/badrow.xlsx, sheet \"Päätös\", row {}, column \"C\": ",
            first + 3
        )),
        "{err}"
    );
    assert!(err.contains("expected the revenues"), "{err}");
}

/// Issue 17, case 10: a decision (or a workbook in the claims folder) whose
/// sheet holds cells A1 and XFD1048576 would make calamine allocate the
/// whole span; velho streams it and refuses it with a message, in little
/// memory, instead of aborting.
#[test]
fn a_hostile_decision_is_refused_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    crate::harness::copy_dir(&sample(), &project);
    std::fs::copy(
        crate::import_corpus::corpus().join("hostile_a1_xfd1048576.xlsx"),
        project.join("decisions/zz.xlsx"),
    )
    .unwrap();
    let out = velho(dir.path(), &["reconcile", "p", "-o", "r.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "decisions/zz.xlsx: välilehdellä \"Sheet\" on solu rivillä 1048576, sarakkeessa 16384: enemmän kuin maksatuspäätöksessä tai maksatushakemuksessa on"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("r.xlsx").exists());
}

/// Issue 14 (trial): the template says to leave blank what the decision
/// does not have, so a category row with every amount cell blank is not in
/// the decision; a row with an amount typed and a required one blank is
/// still an error at the blank cell.
#[test]
fn a_blank_category_row_is_not_in_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        ("Henkilöstökustannukset", V::N(43_230.60), V::N(43_230.60)),
        ("Vuokrat", V::E, V::E),
        ("Ostopalvelut", V::N(46_868.54), V::N(45_596.14)),
        ("Matkakustannukset", V::E, V::E),
        // 43 230,60 + 46 868,54 = 90 099,14; 43 230,60 + 45 596,14 = 88 826,74.
        ("Yhteensä", V::N(90_099.14), V::N(88_826.74)),
    ];
    let d = read(&dir, "blank.xlsx", &[], &rows);
    assert_eq!(
        cost_lines(&d),
        [
            (
                "Henkilöstökustannukset".into(),
                dec("43230.60"),
                dec("43230.60")
            ),
            ("Ostopalvelut".into(), dec("46868.54"), dec("45596.14")),
        ]
    );
    // Keys in rows 1–2, the header in row 4: Ostopalvelut is in row 7.
    assert_eq!(d.lines[1].row, 7, "the line keeps its own sheet row");
    assert_total_is_the_lines(&d);

    // Applied typed, approved left blank: the blank cell is named.
    let half = [
        ("Henkilöstökustannukset", V::N(43_230.60), V::N(43_230.60)),
        ("Vuokrat", V::N(1_000.00), V::E),
    ];
    let path = dir.path().join("half.xlsx");
    let first = small_decision(&path, &[], &half);
    let err = read_decision(&path, "decisions/half.xlsx")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "decisions/half.xlsx, sheet \"Päätös\", row {}, column \"C\": the cell is empty; expected the amount approved",
            first + 1
        )),
        "{err}"
    );
}

/// Issue 14 (trial): a total row of formulas is read by its saved results;
/// results of 0 under lines that do not add up to 0 were never calculated
/// (no total read, the row noted), while 0 under zero lines is a total.
#[test]
fn a_total_row_of_formulas_is_read_by_its_saved_results() {
    let dir = tempfile::tempdir().unwrap();
    // Keys in rows 1–2, the header in row 4, the lines in rows 5–6, the
    // total row (formulas) in row 7.
    let decision = |name: &str, lines: [f64; 2], results: [&str; 2]| {
        let path = dir.path().join(name);
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Päätös").unwrap();
        sheet.write_string(0, 0, "Maksatuskausi").unwrap();
        sheet.write_string(0, 1, "1.1.2021–30.6.2021").unwrap();
        sheet.write_string(1, 0, "Maksetaan nyt").unwrap();
        sheet.write_number(1, 1, 79_944.07).unwrap();
        let header = 3;
        for (i, h) in ["Kustannuslaji", "Haettu", "Hyväksytty"].iter().enumerate() {
            sheet.write_string(header, i as u16, *h).unwrap();
        }
        for (i, name) in ["Henkilöstökustannukset", "Ostopalvelut"]
            .iter()
            .enumerate()
        {
            let r = header + 1 + i as u32;
            sheet.write_string(r, 0, *name).unwrap();
            sheet.write_number(r, 1, lines[i]).unwrap();
            sheet.write_number(r, 2, lines[i]).unwrap();
        }
        let total = header + 3;
        sheet.write_string(total, 0, "Yhteensä").unwrap();
        for (col, letter) in [(1u16, 'B'), (2, 'C')] {
            let sum = format!("=SUM({letter}5:{letter}6)");
            let formula = rust_xlsxwriter::Formula::new(sum).set_result(results[col as usize - 1]);
            sheet.write_formula(total, col, formula).unwrap();
        }
        workbook.save(&path).unwrap();
        (read_decision(&path, name).unwrap(), total + 1)
    };
    // 43 230,60 + 46 868,54 = 90 099,14, saved by a spreadsheet.
    let (saved, _) = decision(
        "saved.xlsx",
        [43_230.60, 46_868.54],
        ["90099.14", "90099.14"],
    );
    assert_total_is_the_lines(&saved);
    assert_eq!(saved.total_not_recalculated, None);
    // The same lines, the results never calculated (0).
    let (stale, row) = decision("stale.xlsx", [43_230.60, 46_868.54], ["0", "0"]);
    assert_eq!(stale.total, None);
    assert_eq!(stale.total_not_recalculated, Some(row));
    assert_eq!(stale.lines.len(), 2);
    // Zero lines: 0 is their sum, a total like any other.
    let (zero, _) = decision("zero.xlsx", [0.0, 0.0], ["0", "0"]);
    assert_total_is_the_lines(&zero);
    assert_eq!(zero.total_not_recalculated, None);
}
