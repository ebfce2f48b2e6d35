//! Persons as the project's privacy settings show them (issue 13,
//! deliverable 5): the reconciliation (`[staff] show_persons`, by id unless
//! set) on the Staff costs sheet, on Findings and in the ledger's
//! descriptions on Transactions; a claim and its ledger extract, sheet and
//! CSV (`show_persons_in_claims`, by name unless set).

use std::fs;
use std::path::Path;

use crate::harness::{Book, stderr, text, velho};
use crate::staff::{MODEL_PAYROLL, MODEL_PROJECT};

/// The ledger of [`MODEL_PROJECT`] with the person's name in the texts: the
/// salaries (covered by the staff model), a travel claim on services
/// (claimed from the ledger), and a supplier whose name holds her first
/// name as part of a word.
const LEDGER: &str = "Pvm;Tosite;Tili;Projekti;Selite;Toimittaja;Summa\n\
31.1.2024;1;4000;P1;Palkka 1/2024 Maija Meikäläinen;;3000,00\n\
29.2.2024;2;4000;P1;Palkka 2/2024 MEIKÄLÄINEN MAIJA;;3000,00\n\
15.2.2024;4;7000;P1;Matkalasku Meikäläinen, Maija Tampere;Maija Meikäläinen;300,00\n\
20.2.2024;5;7000;P1;Konsultti Maijala Oy (maija meikäläinen);Maijala Oy;200,00\n";

/// A folder holding [`MODEL_PROJECT`] with `settings` added to `[staff]`,
/// this ledger and the model's payroll.
fn project(at: &Path, settings: &str) {
    fs::create_dir_all(at.join("ledger")).unwrap();
    let text = MODEL_PROJECT.replace(
        "payroll = { files = [\"palkat.csv\"] }",
        &format!("payroll = {{ files = [\"palkat.csv\"] }}\n{settings}"),
    );
    assert!(text.contains(settings));
    fs::write(at.join("velho.toml"), text).unwrap();
    fs::write(at.join("ledger/gl.csv"), LEDGER).unwrap();
    fs::write(at.join("palkat.csv"), MODEL_PAYROLL).unwrap();
}

/// The texts of the rows of a sheet.
fn texts(book: &mut Book, sheet: &str) -> Vec<Vec<String>> {
    book.sheet(sheet)
        .rows()
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

/// The row whose column `col` reads `value`.
fn row_with(rows: &[Vec<String>], col: usize, value: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c == value))
        .unwrap_or_else(|| panic!("no row with {value:?} in column {col}: {rows:?}"))
        .clone()
}

/// Each setting by hand: Maija Meikäläinen (`id = "pm"`, `initials =
/// "MM"`) is shown as "Maija Meikäläinen", "MM" or "pm" in the Person
/// column of Staff costs (her two months and her subtotal) and in place of
/// her name in the descriptions on Transactions, whichever way round or
/// in capitals the ledger writes it; the supplier "Maija Meikäläinen" too.
/// "Maijala Oy" and "maija meikäläinen" in lower case are no name and stay.
#[test]
fn each_setting_shows_the_person_on_staff_costs_and_in_descriptions() {
    for (setting, shown) in [
        ("name", "Maija Meikäläinen"),
        ("initials", "MM"),
        ("id", "pm"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path();
        project(at, &format!("show_persons = \"{setting}\""));
        let out = velho(at, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut book = Book::open(&at.join("out.xlsx"));
        let staff = texts(&mut book, "Staff costs");
        let persons: Vec<&str> = staff[1..4].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(persons, [shown, shown, shown], "{setting}");
        assert_eq!(staff[3][1], "in total");
        let rows = texts(&mut book, "Transactions");
        let head = &rows[0];
        let col = |name: &str| head.iter().position(|h| h == name).unwrap();
        let (voucher, description, supplier) =
            (col("Voucher"), col("Description"), col("Supplier"));
        let by_voucher = |v: &str| row_with(&rows, voucher, v);
        // Under `name` the texts stand as the ledger writes them.
        let (capitals, reversed) = match setting {
            "name" => ("MEIKÄLÄINEN MAIJA", "Meikäläinen, Maija"),
            _ => (shown, shown),
        };
        let expected = [
            ("1", format!("Palkka 1/2024 {shown}")),
            ("2", format!("Palkka 2/2024 {capitals}")),
            ("4", format!("Matkalasku {reversed} Tampere")),
            ("5", "Konsultti Maijala Oy (maija meikäläinen)".to_string()),
        ];
        for (v, text) in expected {
            assert_eq!(by_voucher(v)[description], text, "{setting}, voucher {v}");
        }
        assert_eq!(by_voucher("4")[supplier], shown, "{setting}");
        assert_eq!(by_voucher("5")[supplier], "Maijala Oy", "{setting}");
        if setting != "name" {
            let everywhere = ["Staff costs", "Transactions", "Findings", "Summary"]
                .iter()
                .flat_map(|s| texts(&mut book, s))
                .flatten()
                .filter(|c| c.contains("Meikäläinen") || c.contains("MEIKÄLÄINEN"))
                .collect::<Vec<_>>();
            assert!(everywhere.is_empty(), "{setting}: {everywhere:?}");
        }
    }
}

/// The claim shows what `show_persons_in_claims` says, whatever the
/// reconciliation shows: by default the name (the funder's form asks for
/// it), here the initials; on its Staff costs sheet, its ledger extract
/// (the travel claim on services is claimed), its Not claimed sheet (the
/// salaries, covered by the staff model) and the extract's CSV.
#[test]
fn the_claim_and_its_extract_follow_the_claim_setting() {
    for (settings, shown, reversed, capitals) in [
        (
            "show_persons = \"id\"",
            "Maija Meikäläinen",
            "Meikäläinen, Maija",
            "MEIKÄLÄINEN MAIJA",
        ),
        (
            "show_persons = \"name\"\nshow_persons_in_claims = \"initials\"",
            "MM",
            "MM",
            "MM",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path();
        project(at, settings);
        let out = velho(at, &["claim", ".", "--period", "1", "--quiet"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut claim = Book::open(&at.join("claims/M-1-claim-1.xlsx"));
        let staff = texts(&mut claim, "Staff costs");
        assert_eq!((staff[1][0].as_str(), staff[3][0].as_str()), (shown, shown));
        let extract = texts(&mut claim, "Ledger extract");
        let travel = row_with(&extract, 4, "4");
        assert_eq!(
            travel[5],
            format!("Matkalasku {reversed} Tampere"),
            "{settings}"
        );
        assert_eq!(travel[6], shown, "{settings}");
        let not_claimed = texts(&mut claim, "Not claimed");
        assert_eq!(
            row_with(&not_claimed, 1, "2")[3],
            format!("Palkka 2/2024 {capitals}")
        );
        let csv = fs::read_to_string(at.join("claims/M-1-claim-1-ledger-extract.csv")).unwrap();
        let line = csv.lines().find(|l| l.contains(";4;")).unwrap();
        assert!(
            line.contains(&format!(";Matkalasku {reversed} Tampere;{shown};300,00;")),
            "{settings}: {line}"
        );
        if shown == "MM" {
            assert!(!csv.contains("Meikäläinen"), "{csv}");
        }
    }
}
