//! Regression tests of the funding model (issue 11), one per problem found.
//!
//! Each test builds a small project by hand: a ledger CSV of a few rows and
//! the funder's decisions written with rust_xlsxwriter. Every expected figure
//! is computed by hand from the rules in the comment beside its assertion,
//! never by calling velho's code:
//!
//! - realised = booked costs in the plan's categories + computed flat rates;
//! - eligible (ledger basis) = realised − covered − not eligible;
//! - approved basis = per period approved (decision) or claimed (pending);
//! - funder's share = min(round(rate × (eligible − revenue)), max grant);
//!   own share = eligible − revenue − funder's share;
//! - a decision's payment = min(round(rate × (approved − revenue)), grant
//!   left) − advance netted;
//! - an interim claim applies for min(round(rate × net costs), max − paid −
//!   pending); the final claim for min(round(rate × the whole project's net
//!   costs on the approved basis), max) − paid − pending.
//!
//! Rounding is half away from zero, to the cent.

use std::fs;
use std::path::Path;
use std::process::Output;

use calamine::Data;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::harness::{Book, Payments, amount, dec, stderr, text, velho};

// ---------------------------------------------------------------------------
// Building a project
// ---------------------------------------------------------------------------

/// Two payment periods of 2022, the second the final one.
const TWO_PERIODS: &[(&str, &str, &str)] = &[
    ("1", "2022-01-01", "2022-06-30"),
    ("2", "2022-07-01", "2022-12-31"),
];

/// Three payment periods of 2022.
const THREE_PERIODS: &[(&str, &str, &str)] = &[
    ("1", "2022-01-01", "2022-04-30"),
    ("2", "2022-05-01", "2022-08-31"),
    ("3", "2022-09-01", "2022-12-31"),
];

/// A project of 2022 with staff costs and purchased services at actual
/// cost, funded 80 %.
struct Setup {
    /// The maximum grant.
    max_grant: &'static str,
    /// The plan of staff costs and of services.
    plan: (&'static str, &'static str),
    periods: &'static [(&'static str, &'static str, &'static str)],
    /// Lines of the `[claims]` table besides the revenue accounts.
    claims: &'static str,
    /// Lines of the `[decisions]` table besides the folder.
    decisions: &'static str,
    /// More tables: categories, advances, stated figures.
    extra: &'static str,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            max_grant: "7200",
            plan: ("6000", "3000"),
            periods: TWO_PERIODS,
            claims: "",
            decisions: "",
            extra: "",
        }
    }
}

impl Setup {
    fn toml(&self) -> String {
        let mut t = format!(
            r#"language = "en"
[project]
name = "Rahoitusmalli"
code = "FM"
organisation = "Yhdistys ry"
start = 2022-01-01
end = 2022-12-31
[funding]
funder = "ELY-keskus"
rate_percent = 80
max_grant = {max}
own_share_by = "Yhdistys ry"
[filter]
projects = ["P1"]
[ledger]
folder = "ledger"
[checks]
category_tolerance_percent = 10
[[category]]
id = "staff"
fi = "Henkilöstökustannukset"
en = "Staff costs"
plan = {staff}
accounts = ["5000-5999", "6100-6199"]
[[category]]
id = "services"
fi = "Ostopalvelut"
en = "Purchased services"
plan = {services}
accounts = ["4000-4699"]
[decisions]
folder = "decisions"
{decisions}
[claims]
revenue_accounts = ["3000-3999"]
{claims}
"#,
            max = self.max_grant,
            staff = self.plan.0,
            services = self.plan.1,
            decisions = self.decisions,
            claims = self.claims,
        );
        for (name, start, end) in self.periods {
            t.push_str(&format!(
                "[[period]]\nname = \"{name}\"\nstart = {start}\nend = {end}\n"
            ));
        }
        t.push_str(self.extra);
        t
    }

    /// Writes the project into a new temporary folder.
    fn write(&self, rows: &[Row]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write_project(dir.path(), &self.toml(), rows);
        dir
    }
}

/// A ledger row: date, voucher, account, description, amount (+ = cost).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Writes velho.toml, the ledger and an empty decisions folder.
fn write_project(dir: &Path, toml: &str, rows: &[Row]) {
    fs::create_dir_all(dir.join("ledger")).unwrap();
    fs::create_dir_all(dir.join("decisions")).unwrap();
    fs::write(dir.join("velho.toml"), toml).unwrap();
    let mut csv = String::from("Pvm;Tosite;Tili;Projekti;Selite;Summa\n");
    for (date, voucher, account, description, amount) in rows {
        csv.push_str(&format!(
            "{date};{voucher};{account};P1;{description};{amount}\n"
        ));
    }
    // A row of another project, to show the filter at work.
    csv.push_str("31.1.2022;2022-000099;5000;P2;Muu hanke;999,00\n");
    fs::write(dir.join("ledger/paakirja.csv"), csv).unwrap();
}

// The standard rows. Period 1 (1.1.–30.6.2022, or 1.1.–30.4. of three):
// staff 3 000,00 + services 1 512,34 = 4 512,34.
const P1_STAFF: Row = (
    "31.1.2022",
    "2022-000011",
    "5000",
    "Palkka tammikuu",
    "3000,00",
);
const P1_SERVICES: Row = (
    "15.3.2022",
    "2022-000012",
    "4400",
    "Koulutuspalvelu",
    "1512,34",
);
/// A cost the funder cuts from period 1 (20.4.2022, 400,00).
const P1_CUT: Row = ("20.4.2022", "2022-000013", "4410", "Messuosasto", "400,00");
// Period 2 (1.7.–31.12.2022, or 1.5.–31.8. of three): staff 3 100,00 +
// services 1 000,00 = 4 100,00.
const P2_STAFF: Row = (
    "31.8.2022",
    "2022-000031",
    "5000",
    "Palkka elokuu",
    "3100,00",
);
const P2_SERVICES: Row = (
    "10.8.2022",
    "2022-000032",
    "4400",
    "Konsultointi",
    "1000,00",
);

/// A line of a decision's category table: category, applied, approved,
/// deducted, reason.
type Line<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// A deducted item: voucher, date, amount, reason.
type Item<'a> = (&'a str, (u16, u8, u8), &'a str, &'a str);

/// A cell of a decision's key–value rows.
#[derive(Clone, Copy)]
enum V<'a> {
    /// An amount, written as a number cell.
    N(&'a str),
    /// Text.
    T(&'a str),
}

/// A payment decision as the funder writes it.
struct Decision<'a> {
    number: &'a str,
    date: (u16, u8, u8),
    /// The payment period, e.g. "1.1.2022–30.6.2022".
    period: &'a str,
    /// Key–value rows after the rate (Tulot, Ennakon vähennys, Maksetaan
    /// nyt, Aiemmin maksettu, Maksettu yhteensä, Korvaa päätöksen …).
    keys: &'a [(&'a str, V<'a>)],
    /// Category, applied, approved, deducted, reason.
    lines: &'a [Line<'a>],
    /// Deducted items: voucher, date, amount, reason.
    items: &'a [Item<'a>],
}

fn f(amount: &str) -> f64 {
    amount.parse().unwrap()
}

/// Writes a decision into the project's decisions folder.
fn write_decision(project: &Path, file: &str, d: &Decision) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Maksatuspäätös").unwrap();
    let money = Format::new().set_num_format("#,##0.00");
    let day = Format::new().set_num_format("d.m.yyyy");
    let percent = Format::new().set_num_format("0 %");
    sheet.write_string(0, 0, "Maksatuspäätös").unwrap();
    sheet.write_string(2, 0, "Päätöksen numero").unwrap();
    sheet.write_string(2, 1, d.number).unwrap();
    sheet.write_string(3, 0, "Päätöspäivä").unwrap();
    let (y, m, dd) = d.date;
    sheet
        .write_datetime_with_format(3, 1, ExcelDateTime::from_ymd(y, m, dd).unwrap(), &day)
        .unwrap();
    sheet.write_string(4, 0, "Maksatuskausi").unwrap();
    sheet.write_string(4, 1, d.period).unwrap();
    sheet.write_string(5, 0, "Tukiprosentti").unwrap();
    sheet.write_number_with_format(5, 1, 0.8, &percent).unwrap();
    let mut r = 6u32;
    for (label, value) in d.keys {
        sheet.write_string(r, 0, *label).unwrap();
        match value {
            V::N(a) => {
                sheet.write_number_with_format(r, 1, f(a), &money).unwrap();
            }
            V::T(t) => {
                sheet.write_string(r, 1, *t).unwrap();
            }
        }
        r += 1;
    }
    r += 1;
    for (i, h) in [
        "Kustannuslaji",
        "Haettu",
        "Hyväksytty",
        "Vähennetty",
        "Perustelu",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(r, i as u16, *h).unwrap();
    }
    r += 1;
    let mut sums = [Decimal::ZERO; 3];
    for (name, applied, approved, deducted, reason) in d.lines {
        sheet.write_string(r, 0, *name).unwrap();
        for (k, a) in [applied, approved, deducted].iter().enumerate() {
            sheet
                .write_number_with_format(r, 1 + k as u16, f(a), &money)
                .unwrap();
            sums[k] += dec(a);
        }
        if !reason.is_empty() {
            sheet.write_string(r, 4, *reason).unwrap();
        }
        r += 1;
    }
    sheet.write_string(r, 0, "Yhteensä").unwrap();
    for (k, s) in sums.iter().enumerate() {
        sheet
            .write_number_with_format(r, 1 + k as u16, f(&s.to_string()), &money)
            .unwrap();
    }
    r += 2;
    if !d.items.is_empty() {
        sheet.write_string(r, 0, "Vähennetyt kulut").unwrap();
        r += 1;
        for (i, h) in ["Tosite", "Päivämäärä", "Summa", "Perustelu"]
            .iter()
            .enumerate()
        {
            sheet.write_string(r, i as u16, *h).unwrap();
        }
        r += 1;
        for (voucher, (y, m, dd), a, reason) in d.items {
            sheet.write_string(r, 0, *voucher).unwrap();
            sheet
                .write_datetime_with_format(
                    r,
                    1,
                    ExcelDateTime::from_ymd(*y, *m, *dd).unwrap(),
                    &day,
                )
                .unwrap();
            sheet.write_number_with_format(r, 2, f(a), &money).unwrap();
            sheet.write_string(r, 3, *reason).unwrap();
            r += 1;
        }
    }
    workbook.save(project.join("decisions").join(file)).unwrap();
}

// ---------------------------------------------------------------------------
// Running velho and reading its workbooks
// ---------------------------------------------------------------------------

/// `velho reconcile . -o NAME --lang en --quiet ARGS…`; the run and its workbook.
fn reconcile(project: &Path, name: &str, args: &[&str]) -> (Output, Book) {
    let mut all = vec!["reconcile", ".", "-o", name, "--lang", "en", "--quiet"];
    all.extend_from_slice(args);
    let out = velho(project, &all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "velho reconcile: {}",
        stderr(&out)
    );
    let book = Book::open(&project.join(name));
    (out, book)
}

/// `velho claim . --period PERIOD`; the claim workbook.
fn claim(project: &Path, period: &str) -> Book {
    let out = velho(
        project,
        &["claim", ".", "--period", period, "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "velho claim: {}", stderr(&out));
    Book::open(&project.join(format!("claims/FM-claim-{period}.xlsx")))
}

/// The findings with a code: (severity, message, amount cell).
fn findings(book: &mut Book, code: &str) -> Vec<(String, String, Data)> {
    book.sheet("Findings")
        .rows()
        .into_iter()
        .skip(1)
        .filter(|r| text(&r[7]) == code)
        .map(|r| (text(&r[1]), text(&r[3]), r[4].clone()))
        .collect()
}

/// Every finding's code.
fn codes(book: &mut Book) -> Vec<String> {
    book.sheet("Findings")
        .rows()
        .into_iter()
        .skip(1)
        .map(|r| text(&r[7]))
        .collect()
}

/// A Summary figure: the realised column (C) of the row labelled so.
fn summary(book: &mut Book, label: &str) -> Decimal {
    amount(&book.sheet("Summary").row_labelled(label)[2])
}

/// A Summary row's (rows, amount) in the row accounting.
fn tally(book: &mut Book, label: &str) -> (Decimal, Decimal) {
    let row = book.sheet("Summary").row_labelled(label);
    (amount(&row[1]), amount(&row[2]))
}

/// A Claim sheet figure: column B of the row labelled so.
fn figure(book: &mut Book, label: &str) -> Decimal {
    amount(&book.sheet("Claim").row_labelled(label)[1])
}

/// The rows of the Claim sheet whose label starts with "Amount applied for".
fn applied_lines(book: &mut Book) -> usize {
    book.sheet("Claim")
        .rows()
        .iter()
        .filter(
            |r| matches!(r.first(), Some(Data::String(s)) if s.starts_with("Amount applied for")),
        )
        .count()
}

// ---------------------------------------------------------------------------
// Problem 1: the flat-rate models
// ---------------------------------------------------------------------------

/// The 2021–27 model: staff costs + 40 % of them covering all other costs,
/// one payment period (the final one).
const MODEL_2021_27: &str = r#"language = "en"
[project]
name = "Malli 2021-27"
code = "FM"
organisation = "Yhdistys ry"
start = 2022-01-01
end = 2022-12-31
[funding]
funder = "ELY-keskus"
rate_percent = 80
max_grant = 5600
[filter]
projects = ["P1"]
[checks]
category_tolerance_percent = 10
[[category]]
id = "staff"
fi = "Henkilöstökustannukset"
en = "Staff costs"
plan = 5000
accounts = ["5000-5999", "6100-6199"]
[[category]]
id = "flat"
fi = "Flat rate 40 %"
en = "Flat rate 40 %"
plan = 2000
flat_rate = { percent = 40, base = ["staff"], covers_all_other = true }
[[category]]
id = "other"
fi = "Muut kustannukset"
en = "Other costs (covered)"
plan = 0
accounts = ["4000-4999", "7000-8999"]
[[period]]
name = "1"
start = 2022-01-01
end = 2022-12-31
"#;

/// The 2014–20 model: 24 % of staff costs covering travel; services at
/// actual cost.
const MODEL_2014_20: &str = r#"language = "en"
[project]
name = "Malli 2014-20"
code = "FM"
organisation = "Kunta"
start = 2022-01-01
end = 2022-12-31
[funding]
funder = "Liitto"
rate_percent = 80
max_grant = 4752
[filter]
projects = ["P1"]
[checks]
category_tolerance_percent = 10
[[category]]
id = "staff"
fi = "Henkilöstökustannukset"
en = "Staff costs"
plan = 3500
accounts = ["5000-5999"]
[[category]]
id = "flat"
fi = "Flat rate 24 %"
en = "Flat rate 24 %"
plan = 840
flat_rate = { percent = 24, base = ["staff"], covers = ["travel"] }
[[category]]
id = "travel"
fi = "Matkakustannukset"
en = "Travel costs"
plan = 0
accounts = ["7300-7399"]
[[category]]
id = "services"
fi = "Ostopalvelut"
en = "Purchased services"
plan = 1600
accounts = ["4000-4999"]
[[period]]
name = "1"
start = 2022-01-01
end = 2022-12-31
"#;

#[test]
fn problem_1_covered_costs_are_never_eligible() {
    // --- 2021–27: 40 % of staff costs covers all other costs.
    let dir = tempfile::tempdir().unwrap();
    let rows: [Row; 5] = [
        ("15.1.2022", "1", "5000", "Palkka tammikuu", "2000,00"),
        ("15.2.2022", "2", "5000", "Palkka helmikuu", "2000,00"),
        ("15.2.2022", "3", "6130", "TyEL", "345,67"),
        ("20.1.2022", "4", "4450", "Kouluttaja", "1200,00"),
        ("10.3.2022", "5", "7010", "Vuokra", "433,33"),
    ];
    write_project(dir.path(), MODEL_2021_27, &rows);
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    // Staff 2 000 + 2 000 + 345,67 = 4 345,67; flat rate 40 % × 4 345,67 =
    // 1 738,268 → 1 738,27; other costs 1 200,00 + 433,33 = 1 633,33.
    // Realised = 4 345,67 + 1 738,27 + 1 633,33 = 7 717,27.
    assert_eq!(summary(&mut book, "Realised costs"), dec("7717.27"));
    // Covered: the other costs, 1 633,33.
    assert_eq!(
        summary(&mut book, "− covered by the flat rate"),
        dec("1633.33")
    );
    assert_eq!(summary(&mut book, "− not eligible"), dec("0"));
    // Eligible = 7 717,27 − 1 633,33 = 6 083,94 (= staff + flat rate).
    assert_eq!(
        summary(&mut book, "Eligible costs (ledger basis)"),
        dec("6083.94")
    );
    // Funder's share = min(round(80 % × 6 083,94) = round(4 867,152), 5 600)
    // = 4 867,15 (counting the covered costs would give 5 600,00, capped).
    assert_eq!(summary(&mut book, "Funder's share (80 %)"), dec("4867.15"));
    // Own share = 6 083,94 − 0 − 4 867,15 = 1 216,79.
    assert_eq!(summary(&mut book, "Own share"), dec("1216.79"));
    // Overrun = max(6 083,94 − plan 7 000,00, 0) = 0 (7 717,27 would be 717,27 over).
    assert_eq!(
        summary(&mut book, "Overrun (paid by the organisation)"),
        dec("0")
    );
    // Row accounting: 3 staff rows counted (4 345,67), 2 covered (1 633,33).
    assert_eq!(
        tally(&mut book, "Counted as eligible"),
        (dec("3"), dec("4345.67"))
    );
    assert_eq!(
        tally(&mut book, "Covered by the flat rate (not eligible)"),
        (dec("2"), dec("1633.33"))
    );
    assert_eq!(tally(&mut book, "Unmapped account"), (dec("0"), dec("0")));
    let all = codes(&mut book);
    for code in [
        "CATEGORY_OVER_PLAN",
        "TOTAL_OVER_PLAN",
        "UNMAPPED_ACCOUNT",
        "GRANT_CAPPED",
    ] {
        assert!(!all.iter().any(|c| c == code), "{code} in {all:?}");
    }

    // The final claim (the only period ends at the project end).
    let mut last = claim(dir.path(), "1");
    // Costs in all = staff 4 345,67 + flat rate 1 738,27 = 6 083,94.
    assert_eq!(figure(&mut last, "Costs in all"), dec("6083.94"));
    assert_eq!(figure(&mut last, "Net costs"), dec("6083.94"));
    assert_eq!(
        figure(
            &mut last,
            "The project's net costs (earlier periods approved + this claim)"
        ),
        dec("6083.94")
    );
    // min(round(80 % × 6 083,94), 5 600) = 4 867,15; nothing paid or pending.
    assert_eq!(
        figure(
            &mut last,
            "The funder's share of the whole project (at most the maximum grant)"
        ),
        dec("4867.15")
    );
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("4867.15")
    );
    assert_eq!(applied_lines(&mut last), 1, "one amount applied for");
    // 5 600,00 − 4 867,15 = 732,85 of the grant left unused.
    assert_eq!(
        figure(&mut last, "Maximum grant remaining after this claim"),
        dec("732.85")
    );

    // --- 2014–20: 24 % of staff costs covers travel; services at actual cost.
    let dir = tempfile::tempdir().unwrap();
    let rows: [Row; 4] = [
        ("31.1.2022", "1", "5000", "Palkka", "3123,45"),
        ("10.2.2022", "2", "7380", "Kilometrikorvaus", "250,00"),
        ("12.2.2022", "3", "7390", "Matkaliput", "180,40"),
        ("15.3.2022", "4", "4450", "Asiantuntijapalvelu", "1500,00"),
    ];
    write_project(dir.path(), MODEL_2014_20, &rows);
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    // Flat rate 24 % × 3 123,45 = 749,628 → 749,63. Realised = 3 123,45 +
    // 749,63 + travel 430,40 + services 1 500,00 = 5 803,48.
    assert_eq!(summary(&mut book, "Realised costs"), dec("5803.48"));
    // Travel (250,00 + 180,40) is covered.
    assert_eq!(
        summary(&mut book, "− covered by the flat rate"),
        dec("430.40")
    );
    // Eligible = 5 803,48 − 430,40 = 5 373,08: services stay eligible.
    assert_eq!(
        summary(&mut book, "Eligible costs (ledger basis)"),
        dec("5373.08")
    );
    // min(round(80 % × 5 373,08) = round(4 298,464), 4 752) = 4 298,46.
    assert_eq!(summary(&mut book, "Funder's share (80 %)"), dec("4298.46"));
    // Own share = 5 373,08 − 4 298,46 = 1 074,62.
    assert_eq!(summary(&mut book, "Own share"), dec("1074.62"));
    // Booked and eligible: staff 3 123,45 + services 1 500,00 = 4 623,45.
    assert_eq!(
        tally(&mut book, "Counted as eligible"),
        (dec("2"), dec("4623.45"))
    );
    assert_eq!(
        tally(&mut book, "Covered by the flat rate (not eligible)"),
        (dec("2"), dec("430.40"))
    );
    let all = codes(&mut book);
    for code in ["CATEGORY_OVER_PLAN", "TOTAL_OVER_PLAN", "UNMAPPED_ACCOUNT"] {
        assert!(!all.iter().any(|c| c == code), "{code} in {all:?}");
    }
    let mut last = claim(dir.path(), "1");
    // Claimed: staff 3 123,45 + flat 749,63 + services 1 500,00 = 5 373,08.
    assert_eq!(figure(&mut last, "Costs in all"), dec("5373.08"));
    // min(round(80 % × 5 373,08), 4 752) − 0 = 4 298,46.
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("4298.46")
    );
}

// ---------------------------------------------------------------------------
// Problem 2: revenues
// ---------------------------------------------------------------------------

const P1_REVENUE: Row = (
    "20.4.2022",
    "2022-000014",
    "3000",
    "Kurssimaksut",
    "-250,00",
);
const P2_REVENUE: Row = (
    "5.11.2022",
    "2022-000034",
    "3000",
    "Kurssimaksut",
    "-120,00",
);

const LINES_P1: &[Line] = &[
    ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
    ("Ostopalvelut", "1512.34", "1512.34", "0", ""),
];
const LINES_P2: &[Line] = &[
    ("Henkilöstökustannukset", "3100.00", "3100.00", "0", ""),
    ("Ostopalvelut", "1000.00", "1000.00", "0", ""),
];

#[test]
fn problem_2_revenues_in_the_decision_check() {
    let rows = [
        P1_STAFF,
        P1_SERVICES,
        P1_REVENUE,
        P2_STAFF,
        P2_SERVICES,
        P2_REVENUE,
    ];
    let dir = Setup::default().write(&rows);
    // Decision 1: approved 4 512,34, revenues 250,00:
    // round(80 % × (4 512,34 − 250,00)) = round(3 409,872) = 3 409,87.
    write_decision(
        dir.path(),
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Tulot", V::N("250.00")),
                ("Maksetaan nyt", V::N("3409.87")),
                ("Aiemmin maksettu", V::N("0")),
                ("Maksettu yhteensä", V::N("3409.87")),
            ],
            lines: LINES_P1,
            items: &[],
        },
    );
    // Decision 2 (final): approved 4 100,00, revenues 120,00:
    // round(80 % × 3 980,00) = 3 184,00; in total 3 409,87 + 3 184,00 = 6 593,87.
    write_decision(
        dir.path(),
        "maksatuspaatos_2.xlsx",
        &Decision {
            number: "ELY/2/2023",
            date: (2023, 3, 15),
            period: "1.7.2022–31.12.2022",
            keys: &[
                ("Tulot", V::N("120.00")),
                ("Maksetaan nyt", V::N("3184.00")),
                ("Aiemmin maksettu", V::N("3409.87")),
                ("Maksettu yhteensä", V::N("6593.87")),
            ],
            lines: LINES_P2,
            items: &[],
        },
    );
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let payments = Payments::of(&mut book);
    assert_eq!(payments.amount("1", "Revenues"), dec("250.00"));
    assert_eq!(payments.amount("1", "Payment as computed"), dec("3409.87"));
    assert_eq!(payments.amount("1", "Difference"), dec("0"));
    assert_eq!(payments.amount("2", "Revenues"), dec("120.00"));
    assert_eq!(payments.amount("2", "Payment as computed"), dec("3184.00"));
    assert_eq!(payments.amount("2", "Paid in total"), dec("6593.87"));
    assert!(findings(&mut book, "PAYMENT_ARITHMETIC").is_empty());
    assert!(findings(&mut book, "DECISION_REVENUE").is_empty());
    // After the final decision: min(round(80 % × (8 612,34 − 370,00)) =
    // round(6 593,872), 7 200) = 6 593,87 due, 6 593,87 paid: nothing owed.
    let balance = findings(&mut book, "FINAL_BALANCE");
    assert_eq!(balance.len(), 1);
    assert!(!balance[0].1.contains("still owes"), "{}", balance[0].1);
    assert_eq!(balance[0].0, "Note", "{}", balance[0].1);
    assert_eq!(amount(&balance[0].2), dec("0"));
    // Summary: revenues 250 + 120 = 370,00; funder's share 6 593,87 (as
    // above); own share 8 612,34 − 370,00 − 6 593,87 = 1 648,47.
    assert_eq!(
        summary(&mut book, "Project revenues (deducted before the rate)"),
        dec("370.00")
    );
    assert_eq!(summary(&mut book, "Funder's share (80 %)"), dec("6593.87"));
    assert_eq!(summary(&mut book, "Own share"), dec("1648.47"));

    // A decision that states no revenues, whose payment deducts the ledger's
    // 250,00 of the period: 3 409,87 paid against round(80 % × 4 512,34) =
    // 3 609,87 with revenue 0; the ledger's revenue explains the difference.
    let dir = Setup::default().write(&rows);
    write_decision(
        dir.path(),
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Maksetaan nyt", V::N("3409.87")),
                ("Aiemmin maksettu", V::N("0")),
                ("Maksettu yhteensä", V::N("3409.87")),
            ],
            lines: LINES_P1,
            items: &[],
        },
    );
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let revenue = findings(&mut book, "DECISION_REVENUE");
    assert_eq!(revenue.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(revenue[0].0, "Warning");
    assert!(revenue[0].1.contains("€250.00"), "{}", revenue[0].1);
    assert!(revenue[0].1.contains("€3,409.87"), "{}", revenue[0].1);
    assert!(
        findings(&mut book, "PAYMENT_ARITHMETIC").is_empty(),
        "a warning, not an error"
    );
}

// ---------------------------------------------------------------------------
// Problem 3: claims on the approved basis
// ---------------------------------------------------------------------------

/// Decision 1 of a project whose period 1 holds the cut row: applied
/// 4 912,34, the funder cuts 400,00, approved 4 512,34; paid
/// round(80 % × 4 512,34) = round(3 609,872) = 3 609,87.
fn cut_decision(project: &Path, period: &str) {
    write_decision(
        project,
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 15),
            period,
            keys: &[
                ("Maksetaan nyt", V::N("3609.87")),
                ("Aiemmin maksettu", V::N("0")),
                ("Maksettu yhteensä", V::N("3609.87")),
            ],
            lines: &[
                ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
                (
                    "Ostopalvelut",
                    "1912.34",
                    "1512.34",
                    "400.00",
                    "Ei hankesuunnitelmassa",
                ),
            ],
            items: &[(
                "2022-000013",
                (2022, 4, 20),
                "400.00",
                "Ei hankesuunnitelmassa",
            )],
        },
    );
}

#[test]
fn problem_3_claims_count_earlier_periods_on_the_approved_basis() {
    let setup = Setup {
        periods: THREE_PERIODS,
        ..Setup::default()
    };
    let dir = setup.write(&[P1_STAFF, P1_SERVICES, P1_CUT, P2_STAFF, P2_SERVICES]);
    // Claim 1 with velho: 4 912,34 claimed, round(80 %) = 3 929,87 applied for.
    let mut first = claim(dir.path(), "1");
    assert_eq!(figure(&mut first, "Costs in all"), dec("4912.34"));
    assert_eq!(figure(&mut first, "Amount applied for"), dec("3929.87"));
    // Then the funder decides: approved 4 512,34, paid 3 609,87.
    cut_decision(dir.path(), "1.1.2022–30.4.2022");
    let mut second = claim(dir.path(), "2");
    // This period: staff 3 100,00 + services 1 000,00 = 4 100,00; 80 % = 3 280,00.
    assert_eq!(figure(&mut second, "Costs in all"), dec("4100.00"));
    assert_eq!(figure(&mut second, "Net costs"), dec("4100.00"));
    assert_eq!(
        figure(&mut second, "This period's funder's share at 80 %"),
        dec("3280.00")
    );
    // Earlier: the approved 4 512,34, not the 4 912,34 claimed.
    assert_eq!(
        figure(&mut second, "Earlier periods' costs (approved basis)"),
        dec("4512.34")
    );
    // Plan remaining = 9 000,00 − 4 512,34 − 4 100,00 = 387,66.
    assert_eq!(
        figure(&mut second, "Plan remaining after this claim"),
        dec("387.66")
    );
    // Paid earlier: what decision 1 paid, 3 609,87 (not 3 929,87 applied for).
    assert_eq!(
        figure(&mut second, "Paid by the funder earlier"),
        dec("3609.87")
    );
    assert_eq!(
        figure(&mut second, "Applied for earlier, not yet decided"),
        dec("0")
    );
    // Grant remaining before = 7 200,00 − 3 609,87 − 0 = 3 590,13.
    assert_eq!(
        figure(&mut second, "Maximum grant remaining before this claim"),
        dec("3590.13")
    );
    // Applied for = min(3 280,00, 3 590,13) = 3 280,00.
    assert_eq!(figure(&mut second, "Amount applied for"), dec("3280.00"));
    assert_eq!(applied_lines(&mut second), 1, "one amount applied for");
    // After = 3 590,13 − 3 280,00 = 310,13.
    assert_eq!(
        figure(&mut second, "Maximum grant remaining after this claim"),
        dec("310.13")
    );
    // Per category: services claimed earlier = approved 1 512,34; in all
    // 1 512,34 + 1 000,00 = 2 512,34; plan remaining 3 000 − 2 512,34 = 487,66.
    let sheet = second.sheet("Claim");
    let header = sheet
        .rows()
        .iter()
        .position(|r| text(&r[0]) == "Cost category")
        .expect("the category table");
    let services = sheet.row_labelled("Purchased services");
    assert_eq!(
        amount(&services[sheet.column(header, "Earlier (approved or applied)")]),
        dec("1512.34")
    );
    assert_eq!(
        amount(&services[sheet.column(header, "Claimed in all")]),
        dec("2512.34")
    );
    assert_eq!(
        amount(&services[sheet.column(header, "Plan remaining")]),
        dec("487.66")
    );
}

// ---------------------------------------------------------------------------
// Problem 4: a pending claim
// ---------------------------------------------------------------------------

#[test]
fn problem_4_a_pending_claim_is_subtracted() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    // Claim 1 (interim): min(round(80 % × 4 512,34) = 3 609,87, 7 200) = 3 609,87.
    let mut first = claim(dir.path(), "1");
    assert_eq!(figure(&mut first, "Amount applied for"), dec("3609.87"));
    // No decision yet. The final claim for period 2:
    let mut last = claim(dir.path(), "2");
    assert_eq!(figure(&mut last, "Costs in all"), dec("4100.00"));
    // Earlier periods on the approved basis: claim 1 pending, as claimed: 4 512,34.
    assert_eq!(
        figure(&mut last, "Earlier periods' costs (approved basis)"),
        dec("4512.34")
    );
    assert_eq!(figure(&mut last, "Paid by the funder earlier"), dec("0"));
    assert_eq!(
        figure(&mut last, "Applied for earlier, not yet decided"),
        dec("3609.87")
    );
    // Grant remaining before = 7 200,00 − 0 − 3 609,87 = 3 590,13.
    assert_eq!(
        figure(&mut last, "Maximum grant remaining before this claim"),
        dec("3590.13")
    );
    // Whole project: 4 512,34 + 4 100,00 = 8 612,34.
    assert_eq!(
        figure(
            &mut last,
            "The project's net costs (earlier periods approved + this claim)"
        ),
        dec("8612.34")
    );
    // min(round(80 % × 8 612,34) = round(6 889,872), 7 200) = 6 889,87.
    assert_eq!(
        figure(
            &mut last,
            "The funder's share of the whole project (at most the maximum grant)"
        ),
        dec("6889.87")
    );
    // 6 889,87 − paid 0 − pending 3 609,87 = 3 280,00 (not 6 889,87 again).
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("3280.00")
    );
    assert_eq!(applied_lines(&mut last), 1, "one amount applied for");
    // 7 200,00 − 6 889,87 = 310,13.
    assert_eq!(
        figure(&mut last, "Maximum grant remaining after this claim"),
        dec("310.13")
    );
    // Reconcile shows claim 1 as applied for, not decided, and the grant
    // remaining without it: 7 200,00 − 0 − 3 609,87 = 3 590,13.
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let payments = Payments::of(&mut book);
    assert_eq!(
        payments.amount("1", "Applied for, not decided (to date)"),
        dec("3609.87")
    );
    assert_eq!(payments.amount("1", "Grant remaining"), dec("3590.13"));
}

// ---------------------------------------------------------------------------
// Problem 5: an earlier cut
// ---------------------------------------------------------------------------

/// An invoice of 5.7.2022 (period 2) that the city applied for in period 1;
/// the funder deducts it there as outside the period.
const JULY_INVOICE: Row = (
    "5.7.2022",
    "2022-000777",
    "4400",
    "Koulutuspalvelu kesäkuu",
    "860,00",
);

#[test]
fn problem_5_an_earlier_cut_is_not_claimed_again() {
    let rows = [
        P1_STAFF,
        P1_SERVICES,
        P1_CUT,
        JULY_INVOICE,
        P2_STAFF,
        P2_SERVICES,
    ];
    let project = |claims: &'static str| {
        let dir = Setup {
            max_grant: "8000",
            plan: ("6000", "4000"),
            claims,
            ..Setup::default()
        }
        .write(&rows);
        // Decision 1: applied 3 000,00 + 1 912,34 + 860,00 = 5 772,34; the
        // funder cuts 400,00 (voucher 13) and 860,00 (the July invoice):
        // approved 4 512,34; paid round(80 % × 4 512,34) = 3 609,87.
        write_decision(
            dir.path(),
            "maksatuspaatos_1.xlsx",
            &Decision {
                number: "ELY/1/2022",
                date: (2022, 9, 15),
                period: "1.1.2022–30.6.2022",
                keys: &[
                    ("Maksetaan nyt", V::N("3609.87")),
                    ("Aiemmin maksettu", V::N("0")),
                    ("Maksettu yhteensä", V::N("3609.87")),
                ],
                lines: &[
                    ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
                    (
                        "Ostopalvelut",
                        "2772.34",
                        "1512.34",
                        "1260.00",
                        "Ks. vähennetyt kulut",
                    ),
                ],
                items: &[
                    (
                        "2022-000013",
                        (2022, 4, 20),
                        "400.00",
                        "Ei hankesuunnitelmassa",
                    ),
                    (
                        "2022-000777",
                        (2022, 7, 5),
                        "860.00",
                        "Kulu on maksatuskauden ulkopuolella",
                    ),
                ],
            },
        );
        dir
    };

    // Without reclaim_vouchers: the July invoice is not claimed again.
    let dir = project("");
    let mut last = claim(dir.path(), "2");
    // Period 2: 3 100,00 + 1 000,00 = 4 100,00 (the 860,00 deducted earlier left out).
    assert_eq!(figure(&mut last, "Costs in all"), dec("4100.00"));
    assert_eq!(
        figure(&mut last, "Earlier periods' costs (approved basis)"),
        dec("4512.34")
    );
    // Whole project on the approved basis: 4 512,34 + 4 100,00 = 8 612,34.
    assert_eq!(
        figure(
            &mut last,
            "The project's net costs (earlier periods approved + this claim)"
        ),
        dec("8612.34")
    );
    // min(round(80 % × 8 612,34), 8 000) = 6 889,87; − paid 3 609,87 = 3 280,00.
    // (The ledger's whole project, 9 872,34, would give 7 897,87 − 3 609,87 =
    // 4 288,00: both cuts claimed again.)
    assert_eq!(
        figure(
            &mut last,
            "The funder's share of the whole project (at most the maximum grant)"
        ),
        dec("6889.87")
    );
    assert_eq!(
        figure(&mut last, "Paid by the funder earlier"),
        dec("3609.87")
    );
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("3280.00")
    );
    // Plan remaining = 10 000,00 − 8 612,34 = 1 387,66.
    assert_eq!(
        figure(&mut last, "Plan remaining after this claim"),
        dec("1387.66")
    );
    let not_claimed = last.sheet("Not claimed").rows();
    let july = not_claimed
        .iter()
        .find(|r| r.iter().any(|c| text(c) == "2022-000777"))
        .expect("the July invoice on Not claimed");
    assert!(
        july.iter()
            .any(|c| text(c).starts_with("The funder deducted it in decision ELY/1/2022")),
        "{july:?}"
    );

    // With the invoice in reclaim_vouchers: claimed again in period 2, where
    // it belongs, and counted once.
    let dir = project("reclaim_vouchers = [\"2022-000777\"]");
    let mut last = claim(dir.path(), "2");
    // 860,00 + 3 100,00 + 1 000,00 = 4 960,00.
    assert_eq!(figure(&mut last, "Costs in all"), dec("4960.00"));
    assert_eq!(
        figure(&mut last, "Earlier periods' costs (approved basis)"),
        dec("4512.34")
    );
    // 4 512,34 + 4 960,00 = 9 472,34.
    assert_eq!(
        figure(
            &mut last,
            "The project's net costs (earlier periods approved + this claim)"
        ),
        dec("9472.34")
    );
    // min(round(80 % × 9 472,34) = round(7 577,872), 8 000) = 7 577,87;
    // − 3 609,87 = 3 968,00. The cut voucher 13 stays out.
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("3968.00")
    );
    // Plan remaining = 10 000,00 − 9 472,34 = 527,66.
    assert_eq!(
        figure(&mut last, "Plan remaining after this claim"),
        dec("527.66")
    );
    // 8 000,00 − 7 577,87 = 422,13.
    assert_eq!(
        figure(&mut last, "Maximum grant remaining after this claim"),
        dec("422.13")
    );
}

// ---------------------------------------------------------------------------
// Problem 6: a corrected decision
// ---------------------------------------------------------------------------

/// The old decision of period 1 names a wrong voucher (not in the ledger)
/// and pays 9,00 too little; the corrected one names voucher 13 and pays
/// round(80 % × 4 512,34) = 3 609,87.
fn old_and_corrected(project: &Path, replaces_cell: bool) {
    let lines: &[Line] = &[
        ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
        (
            "Ostopalvelut",
            "1912.34",
            "1512.34",
            "400.00",
            "Ei hankesuunnitelmassa",
        ),
    ];
    write_decision(
        project,
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/100/2022",
            date: (2022, 9, 1),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Maksetaan nyt", V::N("3600.87")),
                ("Aiemmin maksettu", V::N("0")),
                ("Maksettu yhteensä", V::N("3600.87")),
            ],
            lines,
            items: &[(
                "2022-000913",
                (2022, 4, 20),
                "400.00",
                "Ei hankesuunnitelmassa",
            )],
        },
    );
    let with: &[(&str, V)] = &[
        ("Korvaa päätöksen", V::T("ELY/100/2022")),
        ("Maksetaan nyt", V::N("3609.87")),
        ("Aiemmin maksettu", V::N("0")),
        ("Maksettu yhteensä", V::N("3609.87")),
    ];
    write_decision(
        project,
        // Sorts before the old one.
        "a_oikaisu_1.xlsx",
        &Decision {
            number: "ELY/120/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: if replaces_cell { with } else { &with[1..] },
            lines,
            items: &[(
                "2022-000013",
                (2022, 4, 20),
                "400.00",
                "Ei hankesuunnitelmassa",
            )],
        },
    );
}

fn assert_the_corrected_decision_is_used(book: &mut Book) {
    let payments = Payments::of(book);
    assert_eq!(payments.text("1", "Decision"), "ELY/120/2022");
    // round(80 % × 4 512,34) = 3 609,87, as the corrected decision pays.
    assert_eq!(payments.amount("1", "Paid now"), dec("3609.87"));
    assert_eq!(payments.amount("1", "Payment as computed"), dec("3609.87"));
    assert_eq!(payments.text("1", "Check"), "OK");
    let superseded = findings(book, "DECISION_SUPERSEDED");
    assert_eq!(superseded.len(), 1, "{:?}", codes(book));
    assert_eq!(superseded[0].0, "Note");
    assert!(
        superseded[0].1.contains("ELY/100/2022"),
        "{}",
        superseded[0].1
    );
    for code in [
        "DECISION_REPEATED",
        "DEDUCTION_UNMATCHED",
        "PAYMENT_ARITHMETIC",
    ] {
        assert!(findings(book, code).is_empty(), "{code}: {:?}", codes(book));
    }
    let deduction = findings(book, "DEDUCTION");
    assert_eq!(deduction.len(), 1);
    assert!(deduction[0].1.contains("2022-000013"), "{}", deduction[0].1);
    assert!(
        deduction[0].1.contains("ELY/120/2022"),
        "{}",
        deduction[0].1
    );
}

#[test]
fn problem_6_a_corrected_decision_replaces_the_old_one() {
    let rows = [P1_STAFF, P1_SERVICES, P1_CUT, P2_STAFF, P2_SERVICES];
    // The corrected decision says which one it replaces.
    let dir = Setup::default().write(&rows);
    old_and_corrected(dir.path(), true);
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    assert_the_corrected_decision_is_used(&mut book);
    let tx = book.sheet("Transactions");
    let (voucher, deducted) = (
        tx.column(0, "Voucher"),
        tx.column(0, "Deducted by the funder"),
    );
    let marked: Vec<(String, Decimal)> = tx
        .rows()
        .iter()
        .skip(1)
        .filter(|r| !matches!(r[deducted], Data::Empty))
        .map(|r| (text(&r[voucher]), amount(&r[deducted])))
        .collect();
    assert_eq!(marked, vec![("2022-000013".to_string(), dec("400.00"))]);

    // The same through velho.toml.
    let dir = Setup {
        decisions: "replaces = { \"ELY/120/2022\" = \"ELY/100/2022\" }",
        ..Setup::default()
    }
    .write(&rows);
    old_and_corrected(dir.path(), false);
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    assert_the_corrected_decision_is_used(&mut book);
}

// ---------------------------------------------------------------------------
// Problem 7: an underpayment made good
// ---------------------------------------------------------------------------

#[test]
fn problem_7_an_underpayment_made_good_later_is_a_note() {
    let rows = [P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES];
    let project = |max_grant: &'static str| {
        let dir = Setup {
            max_grant,
            plan: ("6000", "2500"),
            ..Setup::default()
        }
        .write(&rows);
        // Decision 1: round(80 % × 4 512,34) = 3 609,87 due; 3 605,87 paid
        // (4,00 too little).
        write_decision(
            dir.path(),
            "maksatuspaatos_1.xlsx",
            &Decision {
                number: "ELY/1/2022",
                date: (2022, 9, 15),
                period: "1.1.2022–30.6.2022",
                keys: &[
                    ("Maksetaan nyt", V::N("3605.87")),
                    ("Aiemmin maksettu", V::N("0")),
                    ("Maksettu yhteensä", V::N("3605.87")),
                ],
                lines: LINES_P1,
                items: &[],
            },
        );
        dir
    };
    let final_decision = |dir: &Path, paid_now: &'static str, total: &'static str| {
        write_decision(
            dir,
            "maksatuspaatos_2.xlsx",
            &Decision {
                number: "ELY/2/2023",
                date: (2023, 3, 15),
                period: "1.7.2022–31.12.2022",
                keys: &[
                    ("Maksetaan nyt", V::N(paid_now)),
                    ("Aiemmin maksettu", V::N("3605.87")),
                    ("Maksettu yhteensä", V::N(total)),
                ],
                lines: LINES_P2,
                items: &[],
            },
        );
    };

    // Maximum grant 6 800,00: the final payment is min(round(80 % × 4 100,00)
    // = 3 280,00, 6 800,00 − 3 605,87 = 3 194,13) = 3 194,13, and in total
    // 6 800,00 = min(3 609,87 + 3 280,00, 6 800,00): the 4,00 is made good.
    let dir = project("6800");
    final_decision(dir.path(), "3194.13", "6800.00");
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let payments = Payments::of(&mut book);
    assert_eq!(payments.amount("1", "Difference"), dec("-4.00"));
    assert!(
        payments
            .text("1", "Check")
            .contains("Short payment made good later"),
        "{}",
        payments.text("1", "Check")
    );
    assert_eq!(payments.amount("2", "Payment as computed"), dec("3194.13"));
    assert_eq!(payments.amount("2", "Paid in total"), dec("6800.00"));
    assert_eq!(payments.amount("2", "Grant remaining"), dec("0"));
    let made_good = findings(&mut book, "PAYMENT_MADE_GOOD");
    assert_eq!(made_good.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(made_good[0].0, "Note");
    assert_eq!(amount(&made_good[0].2), dec("-4.00"));
    assert!(findings(&mut book, "PAYMENT_ARITHMETIC").is_empty());
    let balance = findings(&mut book, "FINAL_BALANCE");
    assert_eq!(balance.len(), 1);
    assert_eq!(amount(&balance[0].2), dec("0"), "{}", balance[0].1);
    let strict = velho(
        dir.path(),
        &["reconcile", ".", "-o", "s.xlsx", "--strict", "--quiet"],
    );
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));

    // Maximum grant 7 200,00: the final payment is round(80 % × 4 100,00) =
    // 3 280,00, in total 6 885,87 against min(6 889,87, 7 200,00) due: the
    // 4,00 is never made good.
    let dir = project("7200");
    final_decision(dir.path(), "3280.00", "6885.87");
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let wrong = findings(&mut book, "PAYMENT_ARITHMETIC");
    assert_eq!(wrong.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(wrong[0].0, "Error");
    assert_eq!(amount(&wrong[0].2), dec("-4.00"));
    assert!(wrong[0].1.contains("ELY/1/2022"), "{}", wrong[0].1);
    assert!(findings(&mut book, "PAYMENT_MADE_GOOD").is_empty());
    // 6 889,87 due − 6 885,87 paid = 4,00 still owed.
    let balance = findings(&mut book, "FINAL_BALANCE");
    assert_eq!(balance.len(), 1);
    assert_eq!(amount(&balance[0].2), dec("4.00"), "{}", balance[0].1);
    let strict = velho(
        dir.path(),
        &["reconcile", ".", "-o", "s.xlsx", "--strict", "--quiet"],
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));

    // And with no later decision at all, it stays an error.
    let dir = project("6800");
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    assert_eq!(findings(&mut book, "PAYMENT_ARITHMETIC").len(), 1);
    assert!(findings(&mut book, "PAYMENT_MADE_GOOD").is_empty());
    let strict = velho(
        dir.path(),
        &["reconcile", ".", "-o", "s.xlsx", "--strict", "--quiet"],
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

// ---------------------------------------------------------------------------
// Problem 8: realised, eligible and approved
// ---------------------------------------------------------------------------

/// A category the decision excludes, and the figures documents state.
const PROBLEM_8_EXTRA: &str = r#"
[[category]]
id = "excluded"
fi = "Edustus"
en = "Entertainment"
plan = 0
accounts = ["4700-4799"]
eligible = false

[[stated]]
what = "Kirjanpito: toteutuneet"
figure = "realised"
amount = "8 762,34"

[[stated]]
what = "Loppuraportti: tukikelpoiset kirjanpidon mukaan"
figure = "eligible"
amount = "8 612,34"

[[stated]]
what = "Maksatuspäätös ELY/1/2022: hyväksytyt"
figure = "approved"
amount = "4 219,67"
date = 2022-09-15
"#;

#[test]
fn problem_8_realised_eligible_and_approved_are_labelled_apart() {
    let rows = [
        P1_STAFF,
        P1_SERVICES,
        (
            "20.4.2022",
            "2022-000015",
            "4710",
            "Edustuslounas",
            "150,00",
        ),
        P2_STAFF,
        P2_SERVICES,
    ];
    let dir = Setup {
        extra: PROBLEM_8_EXTRA,
        ..Setup::default()
    }
    .write(&rows);
    // Decision 1: the funder rules the VAT of voucher 12, 292,67, ineligible:
    // approved 4 512,34 − 292,67 = 4 219,67; paid round(80 % × 4 219,67) =
    // round(3 375,736) = 3 375,74.
    write_decision(
        dir.path(),
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Maksetaan nyt", V::N("3375.74")),
                ("Aiemmin maksettu", V::N("0")),
                ("Maksettu yhteensä", V::N("3375.74")),
            ],
            lines: &[
                ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
                (
                    "Ostopalvelut",
                    "1512.34",
                    "1219.67",
                    "292.67",
                    "Arvonlisävero ei ole tukikelpoinen",
                ),
            ],
            items: &[(
                "2022-000012",
                (2022, 3, 15),
                "292.67",
                "Arvonlisävero ei ole tukikelpoinen",
            )],
        },
    );
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    // Realised = 3 000,00 + 1 512,34 + 150,00 + 3 100,00 + 1 000,00 = 8 762,34.
    assert_eq!(summary(&mut book, "Realised costs"), dec("8762.34"));
    assert_eq!(summary(&mut book, "− covered by the flat rate"), dec("0"));
    // Not eligible: the excluded category, 150,00.
    assert_eq!(summary(&mut book, "− not eligible"), dec("150.00"));
    // Eligible (ledger basis) = 8 762,34 − 150,00 = 8 612,34.
    assert_eq!(
        summary(&mut book, "Eligible costs (ledger basis)"),
        dec("8612.34")
    );
    // Approved basis: period 1 approved 4 219,67; period 2 has neither a
    // decision nor a claim.
    assert_eq!(
        summary(
            &mut book,
            "Eligible costs on the approved basis (periods decided or applied for)"
        ),
        dec("4219.67")
    );
    // Funder's share = min(round(80 % × 8 612,34) = 6 889,87, 7 200) = 6 889,87;
    // own share = 8 612,34 − 6 889,87 = 1 722,47.
    assert_eq!(summary(&mut book, "Funder's share (80 %)"), dec("6889.87"));
    assert_eq!(summary(&mut book, "Own share"), dec("1722.47"));
    assert_eq!(
        tally(&mut book, "Excluded by the decision (not eligible)"),
        (dec("1"), dec("150.00"))
    );
    // The three stated figures (realised, eligible, approved) all agree.
    assert!(
        findings(&mut book, "STATED_FIGURE").is_empty(),
        "{:?}",
        findings(&mut book, "STATED_FIGURE")
    );
    assert!(findings(&mut book, "DECISION_AFTER_AS_OF").is_empty());
    assert!(findings(&mut book, "UNMAPPED_ACCOUNT").is_empty());
    // Staff costs 6 100,00 over their plan 6 000,00 is a note; the excluded
    // category (plan 0, 150,00 booked) is never "over plan".
    let over = findings(&mut book, "CATEGORY_OVER_PLAN");
    assert!(
        over.iter().all(|f| !f.1.contains("Entertainment")),
        "{over:?}"
    );

    // A stated figure that disagrees is found: eligible stated as realised.
    let wrong = Setup {
        extra: PROBLEM_8_EXTRA,
        ..Setup::default()
    }
    .toml()
    .replace("amount = \"8 612,34\"", "amount = \"8 762,34\"");
    fs::write(dir.path().join("velho.toml"), wrong).unwrap();
    let (_, mut book) = reconcile(dir.path(), "w.xlsx", &[]);
    let stated = findings(&mut book, "STATED_FIGURE");
    assert_eq!(stated.len(), 1, "{stated:?}");
    // Stated 8 762,34 − computed 8 612,34 = 150,00.
    assert_eq!(amount(&stated[0].2), dec("150.00"));
    // A document's figure velho does not reach is an error (--strict fails).
    assert_eq!(stated[0].0, "Error", "{stated:?}");
    fs::write(
        dir.path().join("velho.toml"),
        Setup {
            extra: PROBLEM_8_EXTRA,
            ..Setup::default()
        }
        .toml(),
    )
    .unwrap();

    // As of 31.8.2022: decision 1 (15.9.2022) did not exist yet, nor the
    // approved figure stated on 15.9.2022. Every ledger row is dated by 31.8.
    let (_, mut book) = reconcile(dir.path(), "asof.xlsx", &["--as-of", "2022-08-31"]);
    let after = findings(&mut book, "DECISION_AFTER_AS_OF");
    assert_eq!(after.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(after[0].0, "Note");
    assert!(after[0].1.contains("ELY/1/2022"), "{}", after[0].1);
    let payments = Payments::of(&mut book);
    assert_eq!(payments.text("1", "Decision"), "", "decision 1 ignored");
    // The realised and eligible figures are the same; the dated approved
    // figure (4 219,67, which no decision as of 31.8. gives) is not checked.
    assert_eq!(summary(&mut book, "Realised costs"), dec("8762.34"));
    assert!(
        findings(&mut book, "STATED_FIGURE").is_empty(),
        "{:?}",
        findings(&mut book, "STATED_FIGURE")
    );
    assert!(findings(&mut book, "DEDUCTION").is_empty());
    // Nothing approved or claimed as of 31.8.: the approved basis is absent,
    // empty or zero.
    let approved_basis = book.sheet("Summary").rows().into_iter().find(
        |r| matches!(r.first(), Some(Data::String(s)) if s.starts_with("Eligible costs on the approved basis (periods decided or applied for)")),
    );
    if let Some(row) = approved_basis {
        assert!(
            matches!(row[2], Data::Empty) || amount(&row[2]).is_zero(),
            "{row:?}"
        );
    }
    // Nor does Summary's table of stated figures show the figure stated on
    // 15.9.2022 as a difference (stated 4 219,67 against nothing approved).
    if let Some(row) = book
        .sheet("Summary")
        .rows()
        .into_iter()
        .find(|r| text(&r[0]) == "Maksatuspäätös ELY/1/2022: hyväksytyt")
    {
        assert!(
            !matches!(row[3], Data::Float(f) if f != 0.0),
            "Summary shows a figure stated after the as-of date as a difference: {row:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Advances, and an empty filter
// ---------------------------------------------------------------------------

#[test]
fn advances_are_paid_from_their_date_and_netted() {
    let dir = Setup {
        extra: "[[advance]]\ndate = 2022-02-15\namount = \"1 600,00\"\nnetted = \"next\"\n",
        ..Setup::default()
    }
    .write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    // Decision 1: share round(80 % × 4 512,34) = 3 609,87; the advance
    // 1 600,00 netted: paid now 2 009,87; earlier 1 600,00 (the advance);
    // in total 3 609,87.
    write_decision(
        dir.path(),
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Tuki maksatuskaudelta", V::N("3609.87")),
                ("Ennakon vähennys", V::N("1600.00")),
                ("Maksetaan nyt", V::N("2009.87")),
                ("Aiemmin maksettu", V::N("1600.00")),
                ("Maksettu yhteensä", V::N("3609.87")),
            ],
            lines: LINES_P1,
            items: &[],
        },
    );
    // Decision 2 (final): round(80 % × 4 100,00) = 3 280,00, nothing left to
    // net; in total 3 609,87 + 3 280,00 = 6 889,87.
    write_decision(
        dir.path(),
        "maksatuspaatos_2.xlsx",
        &Decision {
            number: "ELY/2/2023",
            date: (2023, 3, 15),
            period: "1.7.2022–31.12.2022",
            keys: &[
                ("Maksetaan nyt", V::N("3280.00")),
                ("Aiemmin maksettu", V::N("3609.87")),
                ("Maksettu yhteensä", V::N("6889.87")),
            ],
            lines: LINES_P2,
            items: &[],
        },
    );
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    for code in [
        "PAYMENT_ARITHMETIC",
        "PAID_EARLIER",
        "PAID_TOTAL",
        "GRANT_EXCEEDED",
    ] {
        assert!(
            findings(&mut book, code).is_empty(),
            "{code}: {:?}",
            findings(&mut book, code)
        );
    }
    let payments = Payments::of(&mut book);
    // Period 1: 3 609,87 − 1 600,00 = 2 009,87 as computed and paid.
    assert_eq!(payments.amount("1", "Payment as computed"), dec("2009.87"));
    assert_eq!(payments.amount("1", "Paid now"), dec("2009.87"));
    assert_eq!(payments.amount("1", "Advance netted"), dec("1600.00"));
    assert_eq!(payments.amount("1", "Advances paid"), dec("1600.00"));
    // Paid in total: the advance 1 600,00 + 2 009,87 = 3 609,87.
    assert_eq!(payments.amount("1", "Paid in total"), dec("3609.87"));
    // 7 200,00 − 3 609,87 = 3 590,13.
    assert_eq!(payments.amount("1", "Grant remaining"), dec("3590.13"));
    assert_eq!(payments.text("1", "Check"), "OK");
    assert_eq!(payments.amount("2", "Payment as computed"), dec("3280.00"));
    assert_eq!(payments.amount("2", "Advance netted"), dec("0"));
    assert_eq!(payments.amount("2", "Paid in total"), dec("6889.87"));
    // 7 200,00 − 6 889,87 = 310,13.
    assert_eq!(payments.amount("2", "Grant remaining"), dec("310.13"));
    // Due min(round(80 % × 8 612,34), 7 200) = 6 889,87 = paid: in full.
    let balance = findings(&mut book, "FINAL_BALANCE");
    assert_eq!(balance.len(), 1);
    assert_eq!(amount(&balance[0].2), dec("0"), "{}", balance[0].1);

    // The advance counts as paid from its date (15.2.2022): as of 31.3.2022
    // (no decision yet) 1 600,00 is paid and 7 200,00 − 1 600,00 = 5 600,00
    // of the grant remains; as of 31.1.2022 nothing is paid.
    let (_, mut book) = reconcile(dir.path(), "march.xlsx", &["--as-of", "2022-03-31"]);
    let payments = Payments::of(&mut book);
    assert_eq!(payments.amount("1", "Advances paid"), dec("1600.00"));
    assert_eq!(payments.amount("1", "Paid in total"), dec("1600.00"));
    assert_eq!(payments.amount("1", "Grant remaining"), dec("5600.00"));
    let (_, mut book) = reconcile(dir.path(), "january.xlsx", &["--as-of", "2022-01-31"]);
    let payments = Payments::of(&mut book);
    assert_eq!(payments.amount("1", "Advances paid"), dec("0"));
    assert_eq!(payments.amount("1", "Paid in total"), dec("0"));
    assert_eq!(payments.amount("1", "Grant remaining"), dec("7200.00"));
}

#[test]
fn empty_filter_is_an_error() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES]);
    let toml = Setup::default()
        .toml()
        .replace("projects = [\"P1\"]", "projects = [\"NOPE\"]");
    fs::write(dir.path().join("velho.toml"), toml).unwrap();
    let out = velho(
        dir.path(),
        &["reconcile", ".", "-o", "r.xlsx", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(
        first.starts_with("No ledger row belongs to the project"),
        "the summary says so first:\n{err}"
    );
    let mut book = Book::open(&dir.path().join("r.xlsx"));
    let empty = findings(&mut book, "NO_PROJECT_ROWS");
    assert_eq!(empty.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(empty[0].0, "Error");
    assert!(empty[0].1.contains("NOPE"), "{}", empty[0].1);
    // The empty Transactions sheet says why it is empty.
    let transactions = book.sheet("Transactions").rows();
    assert_eq!(transactions.len(), 2, "the header and one line");
    assert!(
        transactions[1]
            .iter()
            .any(|c| text(c) == "No project rows: the filter matched no ledger row."),
        "{:?}",
        transactions[1]
    );
    let strict = velho(
        dir.path(),
        &["reconcile", ".", "-o", "s.xlsx", "--strict", "--quiet"],
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

// ---------------------------------------------------------------------------
// Found by trying velho as a finance officer (after problems 1–8)
// ---------------------------------------------------------------------------

/// A corrected decision that pays only the difference: the replaced
/// decision's 3 600,87 was paid, the correction says so ("Aiemmin
/// maksettu") and pays 9,00 more. The money paid by the replaced decision
/// stays paid.
#[test]
fn a_corrected_decision_that_pays_the_difference_keeps_the_first_payment() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P1_CUT, P2_STAFF, P2_SERVICES]);
    old_and_corrected(dir.path(), true);
    // Rewrite the correction as a top-up of the first payment.
    let lines: &[Line] = &[
        ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
        (
            "Ostopalvelut",
            "1912.34",
            "1512.34",
            "400.00",
            "Ei hankesuunnitelmassa",
        ),
    ];
    write_decision(
        dir.path(),
        "a_oikaisu_1.xlsx",
        &Decision {
            number: "ELY/120/2022",
            date: (2022, 9, 15),
            period: "1.1.2022–30.6.2022",
            keys: &[
                ("Korvaa päätöksen", V::T("ELY/100/2022")),
                ("Maksetaan nyt", V::N("9.00")),
                ("Aiemmin maksettu", V::N("3600.87")),
                ("Maksettu yhteensä", V::N("3609.87")),
            ],
            lines,
            items: &[(
                "2022-000013",
                (2022, 4, 20),
                "400.00",
                "Ei hankesuunnitelmassa",
            )],
        },
    );
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &[]);
    let payments = Payments::of(&mut book);
    // round(80 % × 4 512,34) = 3 609,87 for the period; 3 600,87 paid by
    // the replaced decision: 9,00 now.
    assert_eq!(payments.amount("1", "Paid now"), dec("9.00"));
    assert_eq!(payments.amount("1", "Payment as computed"), dec("9.00"));
    assert_eq!(
        payments.amount("1", "Paid by the replaced decision"),
        dec("3600.87")
    );
    assert_eq!(payments.amount("1", "Paid in total"), dec("3609.87"));
    assert_eq!(payments.text("1", "Check"), "OK");
    for code in ["PAYMENT_ARITHMETIC", "PAID_EARLIER", "PAID_TOTAL"] {
        assert!(
            findings(&mut book, code).is_empty(),
            "{code}: {:?}",
            codes(&mut book)
        );
    }
    // The Summary's payments block stands in column B.
    let paid = amount(
        &book
            .sheet("Summary")
            .row_labelled("Paid (advances included)")[1],
    );
    assert_eq!(paid, dec("3609.87"));
}

/// A change decision raising the maximum grant applies to a claim as it
/// does to the reconciliation.
#[test]
fn a_claim_uses_the_change_decisions_in_force() {
    let dir = Setup {
        max_grant: "6000",
        extra: "[[change]]\nfrom = 2022-07-01\ndecision = \"ELY/200/2022\"\nmax_grant = 7000\n",
        ..Setup::default()
    }
    .write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    // Claim 1: round(80 % × 4 512,34) = 3 609,87, pending.
    claim(dir.path(), "1");
    let mut last = claim(dir.path(), "2");
    // min(round(80 % × 8 612,34) = 6 889,87, 7 000 (changed; 6 000 before)).
    assert_eq!(
        figure(
            &mut last,
            "The funder's share of the whole project (at most the maximum grant)"
        ),
        dec("6889.87")
    );
    // 6 889,87 − 3 609,87 pending = 3 280,00 (2 390,13 under the old cap).
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("3280.00")
    );
    // 7 000,00 − 6 889,87 = 110,13.
    assert_eq!(
        figure(&mut last, "Maximum grant remaining after this claim"),
        dec("110.13")
    );
    assert_eq!(figure(&mut last, "Maximum grant"), dec("7000"));
}

/// A decision velho cannot place in a period would leave its payment out of
/// a claim: the claim is refused, naming the decision.
#[test]
fn a_claim_is_refused_while_a_decision_cannot_be_placed() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    write_decision(
        dir.path(),
        "maksatuspaatos_1.xlsx",
        &Decision {
            number: "ELY/1/2022",
            date: (2022, 9, 1),
            period: "1.1.2022–31.12.2022",
            keys: &[("Maksetaan nyt", V::N("3609.87"))],
            lines: &[
                ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
                ("Ostopalvelut", "1512.34", "1512.34", "0", ""),
            ],
            items: &[],
        },
    );
    let out = velho(dir.path(), &["claim", ".", "--period", "2", "--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("maksatuspaatos_1.xlsx") && err.contains("none of the [[period]]"),
        "{err}"
    );
    assert!(!dir.path().join("claims/FM-claim-2.xlsx").exists());
}

/// A reconciliation as of a past date knows no claim of a period that had
/// not ended by then.
#[test]
fn as_of_a_past_date_leaves_out_later_claims() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    claim(dir.path(), "1");
    claim(dir.path(), "2");
    let (_, mut book) = reconcile(dir.path(), "r.xlsx", &["--as-of", "2022-06-30"]);
    // Only claim 1 (3 609,87) is pending on 30.6.2022.
    let pending = |book: &mut Book| {
        amount(
            &book
                .sheet("Summary")
                .row_labelled("Applied for, not yet decided")[1],
        )
    };
    assert_eq!(pending(&mut book), dec("3609.87"));
    assert_eq!(
        summary(
            &mut book,
            "Eligible costs on the approved basis (periods decided or applied for)"
        ),
        dec("4512.34")
    );
    let (_, mut book) = reconcile(dir.path(), "r2.xlsx", &[]);
    // Both: 3 609,87 + 3 280,00.
    assert_eq!(pending(&mut book), dec("6889.87"));
}

/// A decision that pays more than its period's share to make good what an
/// earlier decision paid too little is a note, not an error: the payments
/// in all are right, and `--strict` passes.
#[test]
fn an_overpayment_that_makes_good_an_earlier_shortfall_is_a_note() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    let decision = |file: &str, number: &str, period: &str, paid: &str, lines: &[Line]| {
        write_decision(
            dir.path(),
            file,
            &Decision {
                number,
                date: (2022, 9, 1),
                period,
                keys: &[("Maksetaan nyt", V::N(paid))],
                lines,
                items: &[],
            },
        )
    };
    // Period 1: round(80 % × 4 512,34) = 3 609,87; the funder pays 3 605,87.
    decision(
        "maksatuspaatos_1.xlsx",
        "ELY/1/2022",
        "1.1.2022–30.6.2022",
        "3605.87",
        &[
            ("Henkilöstökustannukset", "3000.00", "3000.00", "0", ""),
            ("Ostopalvelut", "1512.34", "1512.34", "0", ""),
        ],
    );
    // Period 2: round(80 % × 4 100,00) = 3 280,00; the funder pays 3 284,00,
    // the 4,00 period 1 lacked.
    decision(
        "maksatuspaatos_2.xlsx",
        "ELY/2/2022",
        "1.7.2022–31.12.2022",
        "3284.00",
        &[
            ("Henkilöstökustannukset", "3100.00", "3100.00", "0", ""),
            ("Ostopalvelut", "1000.00", "1000.00", "0", ""),
        ],
    );
    let (out, mut book) = reconcile(dir.path(), "r.xlsx", &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        findings(&mut book, "PAYMENT_ARITHMETIC").is_empty(),
        "{:?}",
        codes(&mut book)
    );
    assert_eq!(findings(&mut book, "PAYMENT_MADE_GOOD").len(), 1);
    let makes_good = findings(&mut book, "PAYMENT_MAKES_GOOD");
    assert_eq!(makes_good.len(), 1, "{:?}", codes(&mut book));
    assert_eq!(amount(&makes_good[0].2), dec("4.00"));
    // 3 605,87 + 3 284,00 = 6 889,87 = round(80 % × 8 612,34).
    assert_eq!(
        Payments::of(&mut book).amount("2", "Paid in total"),
        dec("6889.87")
    );
}

/// A cost of period 1 posted after period 1's claim was made is claimed in
/// the final claim (there is no later one), once.
#[test]
fn a_late_posting_is_claimed_in_the_final_claim() {
    let dir = Setup::default().write(&[P1_STAFF, P1_SERVICES, P2_STAFF, P2_SERVICES]);
    claim(dir.path(), "1");
    // The late invoice, dated in period 1, booked after claim 1.
    let ledger = dir.path().join("ledger/paakirja.csv");
    let mut csv = fs::read_to_string(&ledger).unwrap();
    csv.push_str("20.6.2022;2022-000019;4400;P1;Myöhässä kirjattu lasku;500,00\n");
    fs::write(&ledger, csv).unwrap();
    let mut last = claim(dir.path(), "2");
    // 4 100,00 of period 2 + the late 500,00.
    assert_eq!(figure(&mut last, "Costs in all"), dec("4600.00"));
    // Claim 1 pending: 4 512,34; whole project 4 512,34 + 4 600,00 = 9 112,34;
    // min(round(80 % × 9 112,34) = 7 289,87, maximum grant 7 200,00)
    // = 7 200,00; − 3 609,87 pending = 3 590,13.
    assert_eq!(
        figure(
            &mut last,
            "Amount applied for: the final payment (share − paid − pending)"
        ),
        dec("3590.13")
    );
    let not_claimed = last.sheet("Not claimed").rows();
    assert!(
        !not_claimed
            .iter()
            .any(|r| r.iter().any(|c| text(c) == "2022-000019")),
        "the late invoice is claimed, not left out"
    );
}
