//! Unit tests of the payment, decision and stated-figure checks (issue 16)
//! on the fixture's project in two periods, the halves of 2022. Its first
//! period (rows 3–6 of the ledger) gives staff 100,00 + 30,00 = 130,00,
//! the flat rate 15 % × 130,00 = 19,50 and revenues 20,00: a decision
//! approving all of it pays 80 % × (149,50 − 20,00) = 103,60.

use super::*;
use crate::checks::tests::{
    assert_one, at, codes, date, dec, reconcile_files, reconciled, with_funding,
};
use crate::fixture::{LEDGER, PERIODS, PROJECT};
use crate::model::Decision;
use crate::model::{DecisionLine, DeductedItem};

/// The funder's decision on the first period: per category (as the
/// decision names it) applied, approved and deducted, on sheet rows 10…,
/// revenues 20,00, and `paid_now`.
fn decision(lines: &[(&str, &str, &str, &str)], paid_now: &str) -> Decision {
    Decision {
        path: "maksatuspaatos_1.xlsx".into(),
        sha256: String::new(),
        sheet: "Päätös".into(),
        number: "ELY/1/2022".into(),
        date: Some(date(2022, 9, 15)),
        period: (date(2022, 1, 1), date(2022, 6, 30)),
        rate_percent: Some(dec("80")),
        paid_now: dec(paid_now),
        paid_earlier: None,
        paid_total: None,
        lines: (10..)
            .zip(lines)
            .map(
                |(row, (category, applied, approved, deducted))| DecisionLine {
                    category: category.to_string(),
                    applied: dec(applied),
                    approved: dec(approved),
                    deducted: dec(deducted),
                    reason: String::new(),
                    row,
                },
            )
            .collect(),
        total: None,
        total_not_recalculated: None,
        items: Vec::new(),
        revenue: Some(dec("20.00")),
        replaces: None,
        advance_netted: None,
    }
}

/// The first period's decision approving what was applied for.
fn as_applied(paid_now: &str) -> Decision {
    decision(
        &[
            ("Henkilöstö", "130.00", "130.00", "0"),
            ("Flat rate", "19.50", "19.50", "0"),
        ],
        paid_now,
    )
}

/// The project of `text` in two periods and its reconciliation of `ledger`
/// with `decisions`.
fn in_periods(text: &str, ledger: &str, decisions: Vec<Decision>) -> (Project, Reconciliation) {
    reconcile_files(&format!("{text}{PERIODS}"), &[ledger], decisions)
}

#[test]
fn a_payment_four_euros_short_of_rate_times_approved_is_an_error() {
    // 80 % × (149,50 − 20,00) = 103,60 is due; the decision pays 99,60:
    // 99,60 − 103,60 = −4,00, and no later payment makes it good.
    let (project, rec) = in_periods(PROJECT, LEDGER, vec![as_applied("99.60")]);
    assert_eq!(rec.payments.periods[0].expected_payment, dec("103.60"));
    assert_one(
        &arithmetic(&project, &rec),
        ("PAYMENT_ARITHMETIC", Severity::Error, Some("-4.00")),
        &[
            "maksatuspaatos_1.xlsx (ELY/1/2022): paid now €99.60, but 80 % × (approved €149.50 − revenues €20.00)",
            "is €103.60; difference -€4.00. Ask the funder to correct it.",
        ],
        &[
            "maksetaan nyt 99,60\u{a0}€",
            "on 103,60\u{a0}€; ero -4,00\u{a0}€",
        ],
    );
    // Paying 103,60 is right.
    let (project, rec) = in_periods(PROJECT, LEDGER, vec![as_applied("103.60")]);
    assert!(arithmetic(&project, &rec).is_empty());
}

#[test]
fn a_line_approving_other_than_applied_less_deducted_is_an_error() {
    // Staff applied 130,00, deducted 10,00: approved should be 120,00, the
    // decision says 125,00: 125,00 − 120,00 = 5,00. The flat rate follows
    // its approved base (15 % × 125,00 = 18,75) and the payment its
    // approved figures (80 % × (143,75 − 20,00) = 99,00): only the line.
    let lines = [
        ("Henkilöstö", "130.00", "125.00", "10.00"),
        ("Flat rate", "19.50", "18.75", "0.75"),
    ];
    let (project, rec) = in_periods(PROJECT, LEDGER, vec![decision(&lines, "99.00")]);
    assert_one(
        &arithmetic(&project, &rec),
        ("DECISION_ARITHMETIC", Severity::Error, Some("5.00")),
        &[
            "maksatuspaatos_1.xlsx, row 10 (Henkilöstö): approved €125.00, but applied − deducted = €120.00; difference €5.00.",
        ],
        &[
            "rivi 10 (Henkilöstö): hyväksytty 125,00\u{a0}€, mutta haettu − vähennetty = 120,00\u{a0}€; ero 5,00\u{a0}€.",
        ],
    );
}

#[test]
fn a_flat_rate_not_following_its_approved_base_is_an_error() {
    // Staff approved 120,00 (10,00 deducted): the flat rate is
    // 15 % × 120,00 = 18,00, the decision approves 19,50: 1,50 too much.
    // Payment 80 % × (139,50 − 20,00) = 95,60.
    let lines = [
        ("Henkilöstö", "130.00", "120.00", "10.00"),
        ("Flat rate", "19.50", "19.50", "0"),
    ];
    let (project, rec) = in_periods(PROJECT, LEDGER, vec![decision(&lines, "95.60")]);
    assert_one(
        &arithmetic(&project, &rec),
        ("DECISION_FLAT_RATE", Severity::Error, Some("1.50")),
        &["Flat rate approved €19.50, but 15 % of the approved base is €18.00; difference €1.50."],
        &["Flat rate hyväksytty 19,50\u{a0}€, mutta 15 % hyväksytystä perustasta on 18,00\u{a0}€"],
    );
}

#[test]
fn payments_beyond_the_maximum_grant_are_an_error_of_the_excess() {
    // Maximum grant 100,00; the decision pays 103,60 (the rate without the
    // cap): 103,60 − 100,00 = 3,60 to be returned, reported at period 1.
    let text = with_funding("max_grant = \"100\"");
    let (project, rec) = in_periods(&text, LEDGER, vec![as_applied("103.60")]);
    assert_one(
        &grant(&project, &rec),
        ("GRANT_EXCEEDED", Severity::Error, Some("3.60")),
        &[
            "By period 1 paid in total €103.60 (advances included) exceeds the maximum grant €100.00; the excess €3.60 must be returned.",
        ],
        &[
            "Kaudella 1 maksettu yhteensä 103,60\u{a0}€",
            "ylimenevä 3,60\u{a0}€ on palautettava",
        ],
    );
    // The payment is checked against the cap too: 100,00 was due.
    let payment = arithmetic(&project, &rec);
    assert_eq!(codes(&payment), ["PAYMENT_ARITHMETIC"]);
    assert_eq!(payment[0].amount, Some(dec("3.60")));
    // Paying the 100,00 the cap leaves exceeds nothing.
    let (project, rec) = in_periods(&text, LEDGER, vec![as_applied("100.00")]);
    assert!(grant(&project, &rec).is_empty());
    assert!(arithmetic(&project, &rec).is_empty());
}

/// The fixture's project with `periods` (name, start, end) in place of
/// its halves of 2022.
fn periods_of(tables: &[(&str, &str, &str)]) -> Vec<Finding> {
    let tables: String = tables
        .iter()
        .map(|(name, start, end)| {
            format!("[[period]]\nname = \"{name}\"\nstart = {start}\nend = {end}\n")
        })
        .collect();
    let (project, _) = reconciled(&format!("{PROJECT}{tables}"), LEDGER);
    periods(&project)
}

#[test]
fn payment_periods_with_a_gap_or_an_overlap_are_warnings() {
    // The halves of 2022 follow each other and cover the project.
    let (project, _) = in_periods(PROJECT, LEDGER, Vec::new());
    assert!(periods(&project).is_empty());
    // 1.1.–30.6. and 1.8.–31.12.: July is claimed in no period.
    assert_one(
        &periods_of(&[
            ("1", "2022-01-01", "2022-06-30"),
            ("2", "2022-08-01", "2022-12-31"),
        ]),
        ("PERIOD_GAP", Severity::Warning, None),
        &["The payment periods leave a gap 1.7.2022–31.7.2022 (between periods 1 and 2)"],
        &["Maksatuskausien välissä on aukko 1.7.2022–31.7.2022 (kausien 1 ja 2 välissä)"],
    );
    // The last period ending 30.11.: December is left after it.
    assert_one(
        &periods_of(&[
            ("1", "2022-01-01", "2022-06-30"),
            ("2", "2022-07-01", "2022-11-30"),
        ]),
        ("PERIOD_GAP", Severity::Warning, None),
        &["a gap 1.12.2022–31.12.2022 (between periods 2 and –)"],
        &[],
    );
    // 1.1.–30.6. and 1.6.–31.12.: June is in both.
    assert_one(
        &periods_of(&[
            ("1", "2022-01-01", "2022-06-30"),
            ("2", "2022-06-01", "2022-12-31"),
        ]),
        ("PERIOD_OVERLAP", Severity::Warning, None),
        &["Payment periods 1 and 2 overlap; a cost could be claimed twice."],
        &["Maksatuskaudet 1 ja 2 menevät päällekkäin"],
    );
    // A first period from 1.12.2021 starts before the project.
    assert_one(
        &periods_of(&[
            ("1", "2021-12-01", "2022-06-30"),
            ("2", "2022-07-01", "2022-12-31"),
        ]),
        ("PERIOD_OUTSIDE_PROJECT", Severity::Warning, None),
        &[
            "Payment period 1 (1.12.2021–30.6.2022) starts before the project starts (project period 1.1.2022–31.12.2022)",
        ],
        &["alkaa ennen hankkeen alkua"],
    );
}

#[test]
fn a_deduction_is_matched_to_its_voucher_or_reported_unmatched() {
    // The ledger with vouchers: row n is voucher Tn. The funder deducts
    // T3 (100,00) in full, 10,00 of T6 (30,00) in part, and X99 (12,00),
    // which is in no row.
    let mut lines = LEDGER.lines();
    let header = lines.next().unwrap().replacen(';', ";Tosite;", 1);
    let ledger: String = std::iter::once(header)
        .chain(
            (2..)
                .zip(lines)
                .map(|(n, l)| l.replacen(';', &format!(";T{n};"), 1)),
        )
        .map(|l| format!("{l}\n"))
        .collect();
    let mut d = as_applied("103.60");
    d.items = [
        ("T3", "100.00", 20),
        ("T6", "10.00", 21),
        ("X99", "12.00", 22),
    ]
    .iter()
    .map(|(voucher, amount, row)| DeductedItem {
        voucher: voucher.to_string(),
        date: None,
        amount: dec(amount),
        reason: "ei tukikelpoinen".into(),
        row: *row,
    })
    .collect();
    let (_, rec) = in_periods(PROJECT, &ledger, vec![d]);
    let findings = deductions(&rec);
    assert_eq!(
        codes(&findings),
        ["DEDUCTION", "DEDUCTION", "DEDUCTION_UNMATCHED"]
    );
    let full = assert_one(
        &findings[..1],
        ("DEDUCTION", Severity::Info, Some("100.00")),
        &[
            "maksatuspaatos_1.xlsx (ELY/1/2022): the funder deducted voucher T3 in full, €100.00: ei tukikelpoinen.",
        ],
        &["rahoittaja vähensi tositteen T3 kokonaan, 100,00\u{a0}€"],
    );
    assert_eq!(full.rows, [at(0, 3)]);
    let part = assert_one(
        &findings[1..2],
        ("DEDUCTION", Severity::Info, Some("10.00")),
        &["deducted voucher T6 in part, €10.00"],
        &["tositteen T6 osittain, 10,00\u{a0}€"],
    );
    assert_eq!(part.rows, [at(0, 6)]);
    assert_one(
        &findings[2..],
        ("DEDUCTION_UNMATCHED", Severity::Warning, Some("12.00")),
        &[
            "maksatuspaatos_1.xlsx, row 22: the deducted voucher X99 (€12.00) is not in the project's ledger",
        ],
        &["vähennettyä tositetta X99 (12,00\u{a0}€) ei löydy"],
    );
}

#[test]
fn a_stated_figure_velho_does_not_reach_is_an_error() {
    // A final report states eligible costs of 150,00; velho computes
    // 130,00 + 19,50 = 149,50: 0,50 to explain. The funder's share stated
    // as 103,60 (80 % × 129,50) agrees: no finding.
    let text = format!(
        "{PROJECT}
[[stated]]
what = \"Loppuraportti\"
figure = \"eligible\"
amount = \"150,00\"
[[stated]]
what = \"Loppuraportti, rahoittajan osuus\"
figure = \"funder_share\"
amount = \"103,60\"
"
    );
    let (project, rec) = reconciled(&text, LEDGER);
    assert_one(
        &stated(&project, &rec),
        ("STATED_FIGURE", Severity::Error, Some("0.50")),
        &["Loppuraportti: stated €150.00, velho computes €149.50; difference €0.50."],
        &["Loppuraportti: ilmoitettu 150,00\u{a0}€, velho laskee 149,50\u{a0}€; ero 0,50\u{a0}€."],
    );
}
