//! The header vocabulary (issue 12): exports of SAP, Dynamics 365 and
//! Swedish and Danish systems load by their own column names. Each export
//! is written here by hand from the headers the systems print; the sums are
//! worked out by hand in the comments.

use velho::config::RowFilter;
use velho::import::{ImportOptions, LedgerFile, read_ledger_bytes};

use crate::harness::{dec, stderr, velho};

/// Reads a CSV export through the public import API, with no project filter.
fn read(text: &str, name: &str) -> LedgerFile {
    read_ledger_bytes(
        text.as_bytes().to_vec(),
        name,
        "csv",
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each row as "date voucher account name cost-centre project description amount".
fn rows(file: &LedgerFile) -> Vec<String> {
    file.rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {} {} {}",
                r.date,
                r.voucher,
                r.account,
                r.account_name,
                r.cost_centre,
                r.project,
                r.description,
                r.amount()
            )
        })
        .collect()
}

/// SAP FBL3N / FAGLL03 line items as saved to a spreadsheet text file:
/// a title line, German-style numbers (`.` thousands, `,` decimals) and a
/// trailing minus on credits. Amount in LC: 1 234,56 + 89,90 − 250,00 = 1 074,46.
const SAP: &str = "\
G/L Account Line Item Display
Posting Date;Document Number;G/L Account;Account Name;Text;Amount in LC;Local Currency;Cost Center;WBS Element;Profit Center
31.01.2021;100000123;4300;Ostopalvelut;Konsultti;1.234,56;EUR;7311;P-000001;PC10
13.02.2021;100000124;4400;Matkat;Matka Tampere;89,90;EUR;7311;P-000001;PC10
15.02.2021;100000125;4300;Ostopalvelut;Hyvitys;250,00-;EUR;7311;P-000001;PC10
";

/// Reads an export and checks the columns recognised, the rows and the total.
fn reads_as(text: &str, name: &str, columns: &str, expected: &[&str], total: &str) {
    let file = read(text, name);
    assert_eq!(file.columns, columns, "{name}");
    assert_eq!(rows(&file), expected, "{name}");
    assert_eq!(file.all_rows_total, dec(total), "{name}");
}

#[test]
fn a_sap_line_item_export_loads_with_its_own_names() {
    reads_as(
        SAP,
        "fbl3n.csv",
        "date=\"Posting Date\", voucher=\"Document Number\", account=\"G/L Account\", \
         account name=\"Account Name\", cost centre=\"Cost Center\", project=\"WBS Element\", \
         description=\"Text\", amount=\"Amount in LC\"",
        &[
            "2021-01-31 100000123 4300 Ostopalvelut 7311 P-000001 Konsultti 1234.56",
            "2021-02-13 100000124 4400 Matkat 7311 P-000001 Matka Tampere 89.90",
            "2021-02-15 100000125 4300 Ostopalvelut 7311 P-000001 Hyvitys -250.00",
        ],
        "1074.46",
    );
    // The other spelling SAP uses, with its profit centre as the only cost object.
    let fagll03 = SAP
        .replace("Amount in LC", "Amount in local currency")
        .replace("Cost Center", "Kostenart");
    let file = read(&fagll03, "fagll03.csv");
    assert!(
        file.columns
            .contains("cost centre=\"Profit Center\", project=\"WBS Element\""),
        "{}",
        file.columns
    );
    assert!(file.columns.contains("amount=\"Amount in local currency\""));
    assert_eq!(file.all_rows_total, dec("1074.46"));
}

/// Dynamics 365 Business Central's General Ledger Entries, exported to
/// Excel and saved as CSV: US dates (1/31 decides the order), a decimal
/// point. Amount: 3 500,00 + 1 234,56 − 250,00 = 4 484,56.
const DYNAMICS: &str = "\
Posting Date,Document Type,Document No.,G/L Account No.,G/L Account Name,Description,Global Dimension 1 Code,Global Dimension 2 Code,Amount,Entry No.
1/5/2021,,G00001,4000,Palkat,Palkka tammikuu,7311,P1,3500.00,101
1/31/2021,Invoice,G00002,4300,Ostopalvelut,Konsultti,7311,P1,1234.56,102
2/15/2021,Credit Memo,G00003,4300,Ostopalvelut,Hyvitys,7311,P1,-250.00,103
";

#[test]
fn a_dynamics_365_export_loads_with_its_dimensions() {
    reads_as(
        DYNAMICS,
        "gl_entries.csv",
        "date=\"Posting Date\", voucher=\"Document No.\", account=\"G/L Account No.\", \
         account name=\"G/L Account Name\", cost centre=\"Global Dimension 1 Code\", \
         project=\"Global Dimension 2 Code\", description=\"Description\", amount=\"Amount\"",
        &[
            "2021-01-05 G00001 4000 Palkat 7311 P1 Palkka tammikuu 3500.00",
            "2021-01-31 G00002 4300 Ostopalvelut 7311 P1 Konsultti 1234.56",
            "2021-02-15 G00003 4300 Ostopalvelut 7311 P1 Hyvitys -250.00",
        ],
        "4484.56",
    );
    // Department Code and Project Code, as a Dynamics company names its dimensions.
    let named = DYNAMICS
        .replace("Global Dimension 1 Code", "Department Code")
        .replace("Global Dimension 2 Code", "Project Code");
    let file = read(&named, "gl_entries_named.csv");
    assert!(
        file.columns
            .contains("cost centre=\"Department Code\", project=\"Project Code\"")
    );
}

/// A Swedish municipal export (Raindance-style names). Belopp:
/// 3 500,00 + 89,90 = 3 589,90.
const SWEDISH: &str = "\
Verifikationsnummer;Bokföringsdatum;Artskonto;Kontonamn;Kostnadsställe;Projekt;Verifikationstext;Belopp
V1001;2021-01-05;4000;Löner;7311;P1;Lön januari;3 500,00
V1003;2021-02-13;4400;Resor;7311;P1;Resa Tammerfors;89,90
";

/// A Danish export (SAP with PSP elements). Beløb: 1 234,56 − 250,00 = 984,56.
const DANISH: &str = "\
Bilagsnummer;Bogføringsdato;Artskonto;Kontonavn;Omkostningssted;PSP-element;Tekst;Beløb
1002;31.01.2021;4300;Køb af tjenester;7311;P1;Konsulent;1.234,56
1004;15.02.2021;4300;Køb af tjenester;7311;P1;Kreditnota;-250,00
";

#[test]
fn swedish_and_danish_exports_load() {
    let file = read(SWEDISH, "huvudbok.csv");
    assert_eq!(
        rows(&file),
        [
            "2021-01-05 V1001 4000 Löner 7311 P1 Lön januari 3500.00",
            "2021-02-13 V1003 4400 Resor 7311 P1 Resa Tammerfors 89.90",
        ]
    );
    assert_eq!(file.all_rows_total, dec("3589.90"));
    let file = read(DANISH, "hovedbog.csv");
    assert_eq!(
        rows(&file),
        [
            "2021-01-31 1002 4300 Køb af tjenester 7311 P1 Konsulent 1234.56",
            "2021-02-15 1004 4300 Køb af tjenester 7311 P1 Kreditnota -250.00",
        ]
    );
    assert_eq!(file.all_rows_total, dec("984.56"));
}

/// The person column (issue 13), in Finnish, Swedish and English: the
/// person of each project row that names one is kept beside the rows, in
/// row order; a row without a person and another cost centre's row are not.
#[test]
fn a_person_column_is_kept_beside_the_project_rows() {
    for (header, name) in [
        ("Pvm;Tili;Kustannuspaikka;Työntekijä;Summa", "fi.csv"),
        (
            "Bokföringsdatum;Konto;Kostnadsställe;Anställd;Belopp",
            "sv.csv",
        ),
        ("Posting date;Account;Cost centre;Employee;Amount", "en.csv"),
    ] {
        let text = format!(
            "{header}\n31.1.2024;4000;7311;Meikäläinen Maija;3000,00\n\
             31.1.2024;4000;9999;Muu Mikko;2000,00\n\
             31.1.2024;4130;7311;;500,00\n\
             29.2.2024;4000;7311;1002;2500,00\n"
        );
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            ..RowFilter::default()
        };
        let file = read_ledger_bytes(
            text.into_bytes(),
            name,
            "csv",
            0,
            &filter,
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(file.columns.contains("person="), "{name}: {}", file.columns);
        assert_eq!(file.rows.len(), 3, "{name}");
        let persons: Vec<(u32, String)> = file
            .persons
            .iter()
            .flatten()
            .map(|(row, person)| (*row, person.to_string()))
            .collect();
        assert_eq!(
            persons,
            [
                (2, "Meikäläinen Maija".to_string()),
                (5, "1002".to_string())
            ],
            "{name}"
        );
    }
    // Without the column: no table at all.
    assert_eq!(read(SWEDISH, "huvudbok.csv").persons, None);
}

#[test]
fn inspect_prints_the_vocabulary_as_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = velho(dir.path(), &["inspect", "--columns"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(lines[0][..4], ["role", "rank", "language", "system"]);
    for wanted in [
        ["amount", "1", "en", "SAP", "amount in lc"],
        ["account", "1", "en", "Dynamics 365", "g l account no"],
        ["project", "1", "da", "SAP", "psp element"],
        ["voucher", "1", "sv", "common", "verifikationsnummer"],
        ["amount", "1", "da", "common", "beløb"],
        ["account", "2", "fi", "common", "tili"],
        ["person", "1", "fi", "common", "työntekijä"],
        ["person", "1", "en", "common", "employee"],
    ] {
        assert!(
            lines.iter().any(|l| *l == wanted),
            "no {wanted:?} in\n{table}"
        );
    }
}

/// Reads an export that must fail; returns the message.
pub fn refused(text: &str, name: &str) -> String {
    match read_ledger_bytes(
        text.as_bytes().to_vec(),
        name,
        "csv",
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    ) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_file_that_is_no_ledger_is_told_in_a_finance_officers_words() {
    // A bank statement: a date and an amount, no account.
    let bank =
        "Kirjauspäivä;Määrä EUROA;Saaja/Maksaja;Viesti\n1.2.2021;-120,00;Kauppa Oy;Lasku 12\n";
    assert_eq!(
        refused(bank, "tiliote.csv"),
        "tiliote.csv, row 2: a date column \"Kirjauspäivä\" and an amount column \"Määrä EUROA\" were found, but no account column (such as Tili, Tilinumero or Account) and no account heading row (such as \"4010 Kuukausipalkat\") above this row, so the row's account is not known: this looks like a bank statement or a cost list, not a ledger export; export the general ledger (pääkirja) or the project's cost-centre report instead"
    );
    // A balance list: accounts and amounts, no dates.
    let balances = "Saldoluettelo 2021\nTili;Tilin nimi;Summa\n4000;Palkat;100,00\n";
    assert_eq!(
        refused(balances, "saldot.csv"),
        "saldot.csv: no ledger header found in the first 50 rows: row 2 has an account column \"Tili\", an account name column \"Tilin nimi\" and an amount column \"Summa\" but no date column (such as Tositepvm, Kirjauspäivä, Päivämäärä or Posting Date); velho needs a posting date and an amount (or debit and credit) on every ledger row: export the general ledger (pääkirja) or the project's cost-centre report with them, or name the columns in velho.toml under [ledger.columns]"
    );
}

#[test]
fn finnish_municipal_system_styles_load_with_their_names() {
    // Each corpus file of a Finnish municipal or state system's style, and
    // the roles its header gives (the corpus test checks its six rows).
    let corpus = crate::import_corpus::corpus();
    for (file, columns) in [
        (
            "dialect_fi_raindance_style.csv",
            "date=\"Kirjauspvm\", voucher=\"Tositenro\", account=\"Tili\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Seurantakohde\", description=\"Selite\", amount=\"Summa\"",
        ),
        (
            "dialect_fi_basware_style.csv",
            "date=\"Tapahtumapvm\", voucher=\"Tosite\", account=\"Tili\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Projekti\", description=\"Selite\", debit=\"Debet\", credit=\"Kredit\"",
        ),
        (
            "dialect_fi_tikon_style.csv",
            "date=\"Kirjauspäivä\", voucher=\"Tositenumero\", account=\"Tilinumero\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Projekti\", description=\"Selite\", amount=\"Summa\"",
        ),
        (
            "dialect_fi_populus_style.csv",
            "date=\"Tositepvm\", voucher=\"Tosite\", account=\"Tili\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Seurantakohde\", description=\"Selite\", amount=\"Euroa\"",
        ),
        (
            "dialect_fi_proeconomica_style.csv",
            "date=\"Tositepäivä\", voucher=\"Tositenro\", account=\"Tili\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Projekti\", description=\"Selite\", debit=\"Debet\", credit=\"Kredit\"",
        ),
        (
            "dialect_fi_heeros_style.csv",
            "date=\"Kirjauspvm\", voucher=\"Tosite\", account=\"Tili\", account name=\"Tilin nimi\", cost centre=\"Kustannuspaikka\", project=\"Projekti\", description=\"Selite\", amount=\"Summa\"",
        ),
    ] {
        let bytes = std::fs::read(corpus.join(file)).unwrap();
        let file_read = read_ledger_bytes(
            bytes,
            file,
            "csv",
            0,
            &RowFilter::default(),
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(file_read.columns, columns, "{file}");
        // The corpus ledger: 3 500,00 + 1 234,56 + 89,90 − 250,00 + 999,99 + 12 345,67 = 17 920,12.
        assert_eq!(file_read.all_rows_total, dec("17920.12"), "{file}");
    }
}

/// `velho inspect --lang fi` describes a file in Finnish: the read
/// settings, the columns' roles, the counts agreeing with their nouns
/// (a finance officer read English settings and "1 yhteissummariviä").
#[test]
fn inspect_describes_a_file_in_finnish_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Pvm;Tili;Selite;Summa\n1.1.2024;4000;Palkka;100,00\n2.1.2024;4000;Palkka;50,00\nYhteensä;;;150,00\n";
    std::fs::write(dir.path().join("pk.csv"), csv).unwrap();
    let out = velho(dir.path(), &["inspect", "pk.csv", "--lang", "fi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("erotin ';', desimaalipilkku"), "{text}");
    assert!(
        text.contains("pvm=\"Pvm\", tili=\"Tili\", selite=\"Selite\", summa=\"Summa\""),
        "{text}"
    );
    assert!(
        text.contains("3 luettu otsikon alta: 2 kirjanpitoriviä, 1 yhteissummarivi"),
        "{text}"
    );
    assert!(text.contains("p.k.vvvv"), "{text}");
    // English unless asked: no project file is read.
    let out = velho(dir.path(), &["inspect", "pk.csv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("date=\"Pvm\", account=\"Tili\""), "{text}");
    assert!(text.contains("2 ledger rows, 1 totals row"), "{text}");
}
