//! Gentler project-file rules found in trials (issue 14, deliverable 4):
//! codes written as numbers, a project file saved as ANSI, the overlap
//! message in plain words, and files in the ledger folder that are
//! positively not ledgers skipped with a warning, while any other file that
//! cannot be read still stops the run.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use crate::harness::{Book, amount, copy_dir, dec, sample, stderr, text, velho};

const PROJECT: &str = r#"
language = "en"
[project]
name = "Testi"
code = "T-1"
organisation = "Kunta"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Liitto"
rate_percent = 80
max_grant = 1000
own_share_by = "Kunta"
[filter]
projects = ["P1"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = 1000
accounts = ["4000-4299"]
[[category]]
id = "services"
fi = "Palvelut"
en = "Services"
plan = 200
accounts = ["4300-4499"]
"#;

const LEDGER: &str = "Pvm;Tosite;Tili;Projekti;Kustannuspaikka;Selite;Summa\n\
5.1.2021;1;4000;1204;7311;Palkka;500,00\n\
6.1.2021;2;4000;1205;7311;Muu hanke;999,00\n\
10.2.2021;3;4400;1204;7312;Konsultti;120,00\n";

/// A small project: `velho.toml` as given and one ledger export.
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ledger")).unwrap();
    fs::write(dir.path().join("velho.toml"), toml).unwrap();
    fs::write(dir.path().join("ledger/a.csv"), LEDGER).unwrap();
    dir
}

#[test]
fn codes_and_cost_centres_written_as_numbers_select_their_rows() {
    let toml = PROJECT.replace(
        "projects = [\"P1\"]",
        "projects = [1204]\ncost_centres = [7311, 7312]",
    );
    let dir = project(&toml);
    let check = velho(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let summary = book.sheet("Summary");
    assert_eq!(amount(&summary.row_labelled("Total")[2]), dec("620"));
}

#[test]
fn a_project_file_saved_as_ansi_is_told_to_be_saved_as_utf8() {
    for (language, expected) in [
        (
            "en",
            "save it with the encoding UTF-8 (Notepad: Save as > Encoding: UTF-8)",
        ),
        (
            "fi",
            "tallenna merkistöllä UTF-8 (Muistio: Tallenna nimellä > Koodaus: UTF-8)",
        ),
    ] {
        let dir = project(PROJECT);
        // Notepad's "ANSI" on a Finnish Windows: ä is the one byte 0xE4.
        let utf8 = PROJECT
            .replace("language = \"en\"", &format!("language = \"{language}\""))
            .replace("name = \"Testi\"", "name = \"Kestävä\"");
        let ansi: Vec<u8> = utf8
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        assert!(ansi.windows(2).any(|w| w == b"\xE4v"));
        fs::write(dir.path().join("velho.toml"), ansi).unwrap();
        for command in ["check", "reconcile"] {
            let out = velho(dir.path(), &[command, "."]);
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            let message = stderr(&out);
            assert!(message.contains("velho.toml"), "{message}");
            assert!(message.contains(expected), "{message}");
        }
    }
}

#[test]
fn overlapping_accounts_are_named_with_both_categories_in_plain_words() {
    for (accounts, clash) in [
        (
            "[\"4200-4350\"]",
            "`category[3] (id \"rent\").accounts`: the range 4200-4350 overlaps the range 4000-4299 of category \"staff\"",
        ),
        (
            "[\"4400\"]",
            "`category[3] (id \"rent\").accounts`: account 4400 is also in the range 4300-4499 of category \"services\"",
        ),
    ] {
        let toml = format!(
            "{PROJECT}[[category]]\nid = \"rent\"\nfi = \"Vuokrat\"\nen = \"Rent\"\nplan = 10\naccounts = {accounts}\n"
        );
        let dir = project(&toml);
        let out = velho(dir.path(), &["check", "."]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = stderr(&out).replace('`', "");
        assert!(message.contains(&clash.replace('`', "")), "{message}");
        assert!(
            message
                .ends_with("an account may feed only one category: take it out of one of them\n"),
            "{message}"
        );
        assert!(!message.contains("Numeric"), "{message}");
    }
}

#[test]
fn a_finnish_project_file_gets_its_syntax_errors_in_finnish() {
    let toml = PROJECT
        .replace("language = \"en\"", "language = \"fi\"")
        .replace("rate_percent = 80", "rate_procent = 80");
    let dir = project(&toml);
    let out = velho(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("rivi 11, sarake 1\n"), "{message}");
    assert!(
        message.contains("tuntematon avain `rate_procent` (kirjoitusvirhe?); tässä osassa sallitut avaimet: `funder`, `rate_percent`"),
        "{message}"
    );
}

/// A payment decision as the funder's letter is typed in: period, paid
/// now and the category table.
fn decision(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Päätös").unwrap();
    for (row, label, value) in [
        (0, "Maksatuspäätös", ""),
        (1, "Päätöksen numero", "KSL/2021/1"),
        (2, "Maksatuskausi", "1.1.2021–30.6.2021"),
        (3, "Maksetaan nyt", "496,00"),
    ] {
        sheet.write_string(row, 0, label).unwrap();
        sheet.write_string(row, 1, value).unwrap();
    }
    for (col, head) in ["Kustannuslaji", "Haettu", "Hyväksytty"].iter().enumerate() {
        sheet.write_string(5, col as u16, *head).unwrap();
    }
    sheet.write_string(6, 0, "Henkilöstö").unwrap();
    sheet.write_number(6, 1, 620.0).unwrap();
    sheet.write_number(6, 2, 620.0).unwrap();
    book.save(path).unwrap();
}

/// A claim velho wrote, with what marks it as velho's taken out (as if
/// re-saved by a program that drops custom properties): only its data
/// sheet says what it is.
fn unmarked_claim(to: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&sample(), &project);
    let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let claims: Vec<_> = fs::read_dir(project.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let mut archive = zip::ZipArchive::new(fs::File::open(&claims[0]).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "docProps/custom.xml" {
            continue;
        }
        let bytes = String::from_utf8(bytes.clone())
            .map(|t| t.replace(">velho<", ">Marja<").into_bytes())
            .unwrap_or(bytes);
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    assert!(!velho::import::own::is_velho_output(to));
}

/// The sample's Summary total and every Transactions row's source file and row.
fn figures(dir: &Path) -> (String, Vec<String>) {
    let mut book = Book::open(&dir.join("out.xlsx"));
    let total = text(&book.sheet("Yhteenveto").row_labelled("Yhteensä")[2]);
    let rows = book.sheet("Tapahtumat").rows();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "Tiedosto"))
        .unwrap();
    let column = |name: &str| rows[header].iter().position(|c| text(c) == name).unwrap();
    let (file, row) = (column("Tiedosto"), column("Rivi"));
    let sources = rows[header + 1..]
        .iter()
        .map(|r| format!("{} {}", text(&r[file]), text(&r[row])))
        .collect();
    (total, sources)
}

#[test]
fn a_decision_a_claim_and_a_note_in_the_ledger_folder_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    copy_dir(&sample(), &before);
    let out = velho(&before, &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = dir.path().join("after");
    copy_dir(&sample(), &after);
    // Named to sort between the sample's exports, so the files read after
    // them keep their own names on every row.
    let ledger = after.join("ledger");
    decision(&ledger.join("kirjanpito_2021_paatos.xlsx"));
    unmarked_claim(&ledger.join("kirjanpito_2021_hakemus.xlsx"));
    fs::write(
        ledger.join("kirjanpito_2021_muistio.txt"),
        "Muistiinpanot\r\nKysy Marjalta, onko tili 4000 palkat.\r\nHakemus lähtee kesäkuussa.\r\n",
    )
    .unwrap();
    let out = velho(&after, &["reconcile", ".", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let terminal = stderr(&out);
    let expected = [
        "ledger/kirjanpito_2021_hakemus.xlsx ei ole kirjanpidon vienti vaan maksatushakemus",
        "ledger/kirjanpito_2021_muistio.txt ei ole kirjanpidon vienti vaan tekstitiedosto ilman sarakkeita (muistiinpano)",
        "ledger/kirjanpito_2021_paatos.xlsx ei ole kirjanpidon vienti vaan maksatuspäätös",
    ];
    for warning in expected {
        assert!(
            terminal.contains(&format!("- Varoitus: {warning}")),
            "{terminal}"
        );
    }
    assert!(figures(&before).1.len() > 100);
    assert_eq!(
        figures(&before),
        figures(&after),
        "the figures are unchanged"
    );
    let mut book = Book::open(&after.join("out.xlsx"));
    let skipped: Vec<String> = book
        .sheet("Havainnot")
        .rows()
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "NOT_A_LEDGER_SKIPPED"))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    for (finding, warning) in skipped.iter().zip(expected) {
        assert!(finding.contains(warning), "{finding}");
    }
    let check = velho(&after, &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let listed = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        listed.matches("NOT_A_LEDGER_SKIPPED").count(),
        3,
        "{listed}"
    );
}

#[test]
fn any_other_file_that_cannot_be_read_still_stops_the_run() {
    for (name, bytes) in [
        // Delimited text, but no ledger in it: an address list.
        ("b.csv", &b"Nimi;Puhelin;Osoite\nMarja;040 123;Katu 1\n"[..]),
        // A damaged workbook.
        ("b.xlsx", &b"PK\x03\x04 not really a workbook"[..]),
        // An export with a bad amount.
        (
            "b.txt",
            &b"Pvm;Tosite;Tili;Projekti;Selite;Summa\n5.1.2021;1;4000;P1;Palkka;5OO,00\n"[..],
        ),
    ] {
        let dir = project(PROJECT);
        fs::write(dir.path().join("ledger").join(name), bytes).unwrap();
        for args in [&["check", "."][..], &["reconcile", ".", "--quiet"]] {
            let out = velho(dir.path(), args);
            assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
            assert!(
                stderr(&out).starts_with(&format!("velho: ledger/{name}")),
                "{}",
                stderr(&out)
            );
        }
        assert!(!dir.path().join("T-1-reconciliation.xlsx").exists());
    }
}
