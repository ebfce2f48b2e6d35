//! The second bundled sample (samples/osaajat): a 2021–27 association project, to the cent.
//!
//! Every expected figure is one that samples/osaajat/README.md computes by
//! hand ("The figures, computed by hand"); the comments say where it stands.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::Data;
use rust_decimal::Decimal;

use crate::harness::{Book, Payments, Sheet, amount, copy_dir, dec, stderr, text, velho};

/// The second sample's folder.
fn osaajat() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/osaajat")
}

/// `velho reconcile samples/osaajat --lang en ARGS…` into a temporary folder.
fn reconcile(args: &[&str]) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    let project = osaajat();
    let mut all = vec![
        "reconcile",
        project.to_str().unwrap(),
        "-o",
        "o.xlsx",
        "--lang",
        "en",
        "--quiet",
    ];
    all.extend_from_slice(args);
    let out = velho(dir.path(), &all);
    assert!(out.status.success(), "{}", stderr(&out));
    let book = Book::open(&dir.path().join("o.xlsx"));
    (dir, book)
}

/// The findings: (severity, code, message, amount cell).
fn findings(book: &mut Book) -> Vec<(String, String, String, Data)> {
    book.sheet("Findings")
        .rows()
        .into_iter()
        .skip(1)
        .map(|r| (text(&r[1]), text(&r[7]), text(&r[3]), r[4].clone()))
        .collect()
}

fn with_code(book: &mut Book, code: &str) -> Vec<(String, String, String, Data)> {
    findings(book).into_iter().filter(|f| f.1 == code).collect()
}

/// Column C (realised) of the Summary row labelled so.
fn realised(summary: &Sheet, label: &str) -> Decimal {
    amount(&summary.row_labelled(label)[2])
}

#[test]
fn the_second_sample_reconciles_to_the_cent() {
    let (_dir, mut book) = reconcile(&[]);
    let s = book.sheet("Summary");
    // README "The whole project".
    assert_eq!(realised(&s, "Staff costs"), dec("211280.25"));
    assert_eq!(realised(&s, "Flat rate 40 %"), dec("84512.10"));
    assert_eq!(realised(&s, "Other costs"), dec("42693.41"));
    assert_eq!(realised(&s, "Realised costs"), dec("338485.76"));
    assert_eq!(realised(&s, "− covered by the flat rate"), dec("42693.41"));
    assert_eq!(realised(&s, "− not eligible"), dec("0"));
    assert_eq!(
        realised(&s, "Eligible costs (ledger basis)"),
        dec("295792.35")
    );
    assert_eq!(
        amount(&s.row_labelled("Eligible costs (ledger basis)")[1]),
        dec("301000.00"),
        "the plan"
    );
    // Periods 1 and 2 approved: 66 400,94 + 80 103,88.
    assert_eq!(
        realised(
            &s,
            "Eligible costs on the approved basis (periods decided or applied for)"
        ),
        dec("146504.82")
    );
    assert_eq!(
        realised(&s, "Project revenues (deducted before the rate)"),
        dec("4434.80")
    );
    assert_eq!(realised(&s, "Funder's share (80 %)"), dec("233086.04"));
    assert_eq!(realised(&s, "Own share"), dec("58271.51"));
    assert_eq!(realised(&s, "Overrun (paid by the organisation)"), dec("0"));
    // Where the rows went: 140 staff rows (211 280,25), 139 covered rows
    // (42 693,41), 11 revenue rows, the advertisement before the start.
    let tally = |label: &str| {
        let r = s.row_labelled(label);
        (amount(&r[1]), amount(&r[2]))
    };
    assert_eq!(tally("Counted as eligible"), (dec("140"), dec("211280.25")));
    assert_eq!(
        tally("Covered by the flat rate (not eligible)"),
        (dec("139"), dec("42693.41"))
    );
    assert_eq!(tally("Unmapped account"), (dec("0"), dec("0")));
    assert_eq!(
        tally("Before the project period"),
        (dec("1"), dec("312.00"))
    );
    // 132 + 158 rows in the period and 1 before it: 104 203,97 + 145 334,89 + 312,00.
    assert_eq!(tally("Read"), (dec("291"), dec("249850.86")));

    let all = findings(&mut book);
    let errors: Vec<_> = all.iter().filter(|f| f.0 == "Error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    let stated: Vec<_> = all.iter().filter(|f| f.1 == "STATED_FIGURE").collect();
    assert!(
        stated.is_empty(),
        "the README's stated figures agree: {stated:?}"
    );
    for code in [
        "CATEGORY_OVER_PLAN",
        "UNMAPPED_ACCOUNT",
        "CONTROL_TOTAL",
        "DUPLICATE_ROWS",
    ] {
        assert!(all.iter().all(|f| f.1 != code), "{code}: {all:?}");
    }
    let outside: Vec<_> = all.iter().filter(|f| f.1 == "OUTSIDE_PERIOD").collect();
    assert_eq!(outside.len(), 1);
    assert_eq!(amount(&outside[0].3), dec("312.00"));
}

#[test]
fn the_second_sample_payments_are_checked_to_the_cent() {
    let (_dir, mut book) = reconcile(&[]);
    let p = Payments::of(&mut book);
    // Period 1 (README "Period 1"): nothing cut; share 52 304,75, the advance
    // netted 23 760,00, paid now 28 544,75, in total 76 064,75 with the
    // advance; grant remaining 237 600,00 − 76 064,75 = 161 535,25.
    assert_eq!(p.text("1", "Decision"), "ESAELY/1847/2023");
    assert_eq!(p.amount("1", "Realised in the ledger"), dec("66400.94"));
    assert_eq!(p.amount("1", "Applied"), dec("66400.94"));
    assert_eq!(p.amount("1", "Approved"), dec("66400.94"));
    assert_eq!(p.amount("1", "Deducted"), dec("0"));
    assert_eq!(p.amount("1", "Revenues"), dec("1020.00"));
    assert_eq!(p.amount("1", "Advance netted"), dec("23760.00"));
    assert_eq!(p.amount("1", "Advances paid"), dec("47520.00"));
    assert_eq!(p.amount("1", "Payment as computed"), dec("28544.75"));
    assert_eq!(p.amount("1", "Paid now"), dec("28544.75"));
    assert_eq!(p.amount("1", "Difference"), dec("0"));
    assert_eq!(p.amount("1", "Paid in total"), dec("76064.75"));
    assert_eq!(p.amount("1", "Grant remaining"), dec("161535.25"));
    assert_eq!(p.text("1", "Check"), "OK");
    // Period 2: 81 196,71 applied, 1 092,83 cut, 80 103,88 approved; share
    // 63 253,90 − 23 760,00 = 39 493,90; in total 115 558,65; grant
    // remaining 237 600,00 − 115 558,65 = 122 041,35.
    assert_eq!(p.text("2", "Decision"), "ESAELY/0952/2024");
    assert_eq!(p.amount("2", "Realised in the ledger"), dec("81196.71"));
    assert_eq!(p.amount("2", "Applied"), dec("81196.71"));
    assert_eq!(p.amount("2", "Approved"), dec("80103.88"));
    assert_eq!(p.amount("2", "Deducted"), dec("1092.83"));
    assert_eq!(p.amount("2", "Revenues"), dec("1036.50"));
    assert_eq!(p.amount("2", "Advance netted"), dec("23760.00"));
    assert_eq!(p.amount("2", "Payment as computed"), dec("39493.90"));
    assert_eq!(p.amount("2", "Paid now"), dec("39493.90"));
    assert_eq!(p.amount("2", "Difference"), dec("0"));
    assert_eq!(p.amount("2", "Paid in total"), dec("115558.65"));
    assert_eq!(p.amount("2", "Grant remaining"), dec("122041.35"));
    assert_eq!(p.text("2", "Check"), "OK");
    // Period 3: no decision yet; staff 105 853,36 + flat rate 42 341,34.
    assert_eq!(p.text("3", "Decision"), "");
    assert_eq!(p.amount("3", "Realised in the ledger"), dec("148194.70"));

    // The bonus voucher 102 matched to its four rows: 650,00 + 112,71 +
    // 9,95 + 7,93 = 780,59 (CSV lines 204–207).
    let tx = book.sheet("Transactions");
    let (voucher, deducted, amt) = (
        tx.column(0, "Voucher"),
        tx.column(0, "Deducted by the funder"),
        tx.column(0, "Amount"),
    );
    let marked: Vec<(String, Decimal, Decimal)> = tx
        .rows()
        .iter()
        .skip(1)
        .filter(|r| !matches!(r[deducted], Data::Empty))
        .map(|r| (text(&r[voucher]), amount(&r[amt]), amount(&r[deducted])))
        .collect();
    let mut amounts: Vec<Decimal> = marked.iter().map(|m| m.2).collect();
    amounts.sort();
    assert!(
        marked.iter().all(|m| m.0 == "102" && m.1 == m.2),
        "{marked:?}"
    );
    assert_eq!(
        amounts,
        ["7.93", "9.95", "112.71", "650.00"].map(dec).to_vec()
    );

    for code in [
        "PAYMENT_ARITHMETIC",
        "PAYMENT_MADE_GOOD",
        "DECISION_ARITHMETIC",
        "DECISION_TOTAL",
        "DECISION_FLAT_RATE",
        "DECISION_REVENUE",
        "DEDUCTION_UNMATCHED",
        "PAID_EARLIER",
        "PAID_TOTAL",
        "CLAIM_LEDGER_DIFFERENCE",
        "PERIOD_GAP",
        "PERIOD_OVERLAP",
        "FINAL_BALANCE",
    ] {
        assert!(
            with_code(&mut book, code).is_empty(),
            "{code}: {:?}",
            with_code(&mut book, code)
        );
    }
}

#[test]
fn the_second_sample_final_claim_is_right_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("osaajat");
    copy_dir(&osaajat(), &project);
    let out = velho(
        &project,
        &["claim", ".", "--period", "3", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&project.join("claims/OSAAJAT-claim-3.xlsx"));
    let sheet = book.sheet("Claim");
    let figure = |label: &str| amount(&sheet.row_labelled(label)[1]);
    // README "Period 3" and "The final claim's amount applied for".
    assert_eq!(figure("Staff costs"), dec("105853.36"));
    assert_eq!(figure("Flat rate 40 %"), dec("42341.34"));
    assert_eq!(figure("Other costs"), dec("0"), "covered: never claimed");
    assert_eq!(figure("Costs in all"), dec("148194.70"));
    assert_eq!(
        figure("Revenues (deducted before the rate)"),
        dec("2378.30")
    );
    assert_eq!(figure("Net costs"), dec("145816.40"));
    assert_eq!(
        figure("This period's funder's share at 80 %"),
        dec("116653.12")
    );
    assert_eq!(
        figure("Earlier periods' costs (approved basis)"),
        dec("146504.82")
    );
    // 301 000,00 − (146 504,82 + 148 194,70) = 6 300,48.
    assert_eq!(figure("Plan remaining after this claim"), dec("6300.48"));
    assert_eq!(figure("Paid by the funder earlier"), dec("115558.65"));
    assert_eq!(figure("Applied for earlier, not yet decided"), dec("0"));
    assert_eq!(
        figure("Maximum grant remaining before this claim"),
        dec("122041.35")
    );
    assert_eq!(
        figure("The project's net costs (earlier periods approved + this claim)"),
        dec("290264.72")
    );
    assert_eq!(
        figure("The funder's share of the whole project (at most the maximum grant)"),
        dec("232211.78")
    );
    assert_eq!(
        figure("Amount applied for: the final payment (share − paid − pending)"),
        dec("116653.13")
    );
    assert_eq!(
        figure("Maximum grant remaining after this claim"),
        dec("5388.22")
    );
    let applied = sheet
        .rows()
        .iter()
        .filter(
            |r| matches!(r.first(), Some(Data::String(s)) if s.starts_with("Amount applied for")),
        )
        .count();
    assert_eq!(applied, 1, "one amount applied for");
    // Per category, claimed earlier on the approved basis: staff 47 429,24 +
    // 57 217,06 = 104 646,30; flat rate 18 971,70 + 22 886,82 = 41 858,52.
    let header = sheet
        .rows()
        .iter()
        .position(|r| text(&r[0]) == "Cost category")
        .expect("the category table");
    let earlier = sheet.column(header, "Earlier (approved or applied)");
    assert_eq!(
        amount(&sheet.row_labelled("Staff costs")[earlier]),
        dec("104646.30")
    );
    assert_eq!(
        amount(&sheet.row_labelled("Flat rate 40 %")[earlier]),
        dec("41858.52")
    );
    // The covered other costs of period 3, 19 571,50, are listed as not claimed.
    let not_claimed = book.sheet("Not claimed");
    let rows = not_claimed.rows();
    let (amount_col, reason_col) = (
        not_claimed.column(0, "Amount"),
        not_claimed.column(0, "Reason"),
    );
    let covered: Decimal = rows
        .iter()
        .skip(1)
        .filter(|r| text(&r[reason_col]).starts_with("Covered by the flat rate"))
        .map(|r| amount(&r[amount_col]))
        .sum();
    assert_eq!(covered, dec("19571.50"));
}

#[test]
fn as_of_before_decision_2_the_sample_stands_as_it_was() {
    let (_dir, mut book) = reconcile(&["--as-of", "2023-11-30"]);
    // Decision 2 is dated 6.6.2024: not taken into account.
    let after = with_code(&mut book, "DECISION_AFTER_AS_OF");
    assert_eq!(after.len(), 1, "{:?}", findings(&mut book));
    assert_eq!(after[0].0, "Note");
    assert!(after[0].2.contains("ESAELY/0952/2024"), "{}", after[0].2);
    let p = Payments::of(&mut book);
    assert_eq!(p.text("1", "Decision"), "ESAELY/1847/2023");
    assert_eq!(p.text("2", "Decision"), "");
    // As after decision 1: paid 76 064,75 with the advance, 161 535,25 left.
    assert_eq!(p.amount("1", "Paid in total"), dec("76064.75"));
    assert_eq!(p.amount("2", "Paid in total"), dec("76064.75"));
    assert_eq!(p.amount("2", "Grant remaining"), dec("161535.25"));
    let s = book.sheet("Summary");
    assert_eq!(
        realised(
            &s,
            "Eligible costs on the approved basis (periods decided or applied for)"
        ),
        dec("66400.94"),
        "decision 1 only"
    );
    assert!(with_code(&mut book, "DEDUCTION").is_empty());
    // The two figures stated on 6.6.2024 (paid 115 558,65, approved
    // 146 504,82) did not exist on 30.11.2023: not checked. The five
    // undated ones (the final report's) are, and differ as of 30.11.2023.
    let dated = [
        "Maksatuspäätös ESAELY/0952/2024: maksettu yhteensä",
        "EURA 2021, hankkeen talous 6.6.2024: hyväksytyt kustannukset yhteensä",
    ];
    let stated = with_code(&mut book, "STATED_FIGURE");
    for what in dated {
        assert!(
            stated.iter().all(|f| !f.2.starts_with(what)),
            "{what}: {stated:?}"
        );
    }
    assert_eq!(stated.len(), 5, "{stated:?}");
    // Nor does Summary show them as differences.
    for what in dated {
        if let Some(row) = s.rows().into_iter().find(|r| text(&r[0]) == what) {
            assert!(
                !matches!(row[3], Data::Float(f) if f != 0.0),
                "Summary shows a figure stated after the as-of date as a difference: {row:?}"
            );
        }
    }
}

#[allow(dead_code)]
#[path = "../samples/generate_osaajat/main.rs"]
mod generate_osaajat;

#[test]
fn the_committed_second_sample_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    generate_osaajat::generate(dir.path(), false).unwrap();
    let mut written = Vec::new();
    for folder in ["ledger", "decisions"] {
        for entry in fs::read_dir(dir.path().join(folder)).unwrap() {
            written.push(format!(
                "{folder}/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    written.sort();
    assert_eq!(
        written,
        [
            "decisions/maksatuspaatos_1.xlsx",
            "decisions/maksatuspaatos_2.xlsx",
            "ledger/paakirja_2023_netvisor.csv",
            "ledger/paakirja_2024_procountor.xlsx",
        ]
    );
    for name in &written {
        let made = fs::read(dir.path().join(name)).unwrap();
        let committed = fs::read(osaajat().join(name)).unwrap();
        assert!(
            made == committed,
            "{name} differs from what samples/generate_osaajat/ writes; regenerate the sample"
        );
    }
}

/// Sources accounts for every row of the second sample's files: read =
/// used + skipped, the rows the flat rate covers included (they were in no
/// column).
#[test]
fn the_second_sample_sources_account_for_every_row() {
    let (_dir, mut book) = reconcile(&[]);
    let sources = book.sheet("Sources");
    let rows = sources.rows();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "Rows read"))
        .expect("the files' header row");
    let col = |name: &str| sources.column(header, name);
    let files: Vec<&Vec<Data>> = rows[header + 1..]
        .iter()
        .take_while(|r| text(&r[0]).starts_with("ledger/"))
        .collect();
    assert_eq!(files.len(), 2);
    for r in &files {
        let skipped: Decimal = [
            "Other projects",
            "Totals rows",
            "Heading rows",
            "Duplicates",
            "Outside project period",
            "After as-of date",
            "Unmapped account",
            "Covered by the flat rate or staff model",
            "Not eligible",
        ]
        .iter()
        .map(|name| amount(&r[col(name)]))
        .sum();
        assert_eq!(
            amount(&r[col("Skipped in all")]),
            skipped,
            "{}",
            text(&r[0])
        );
        assert_eq!(
            amount(&r[col("Rows read")]),
            amount(&r[col("Used")]) + skipped,
            "read = used + skipped in {}",
            text(&r[0])
        );
    }
    let covered: Decimal = files
        .iter()
        .map(|r| amount(&r[col("Covered by the flat rate or staff model")]))
        .sum();
    assert!(covered > Decimal::ZERO);
}
