//! The bundled sample project, reconciled end to end, read back to the cent.

use calamine::Data;
use rust_decimal::Decimal;

use crate::harness::{
    Book, Sheet, amount, column_number_format, dec, number_format, sample, stderr, text, velho,
};

fn reconcile_sample() -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    let project = sample();
    let out = velho(
        dir.path(),
        &["reconcile", project.to_str().unwrap(), "-o", "sample.xlsx"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let book = Book::open(&dir.path().join("sample.xlsx"));
    (dir, book)
}

fn realised(summary: &Sheet, label: &str) -> Decimal {
    amount(&summary.row_labelled(label)[2])
}

#[test]
fn the_sample_reconciles_to_the_cent() {
    let (_dir, mut book) = reconcile_sample();
    assert_eq!(
        book.sheet_names(),
        [
            "Yhteenveto",
            "Kuukausittain",
            "Maksatukset",
            "Henkilöstökulut",
            "Tapahtumat",
            "Havainnot",
            "Lähteet"
        ],
        "the sample's language is Finnish"
    );
    let s = book.sheet("Yhteenveto");
    assert_eq!(realised(&s, "Henkilöstökustannukset"), dec("226050.00"));
    assert_eq!(
        realised(&s, "Välilliset kustannukset"),
        dec("54252.00"),
        "24 % of personnel, computed"
    );
    assert_eq!(
        realised(&s, "Ostopalvelut"),
        dec("142100.00"),
        "the credit note included"
    );
    assert_eq!(realised(&s, "Matkakustannukset"), dec("5200.00"));
    assert_eq!(realised(&s, "Muut kustannukset"), dec("9793.00"));
    let total = s.row_labelled("Yhteensä");
    assert_eq!(amount(&total[1]), dec("434394.00"), "plan");
    assert_eq!(amount(&total[2]), dec("437395.00"), "realised");
    assert_eq!(realised(&s, "Ylitys"), dec("3001.00"), "overrun");
    let funder = s.row_labelled("Rahoittajan osuus (90 %)");
    assert_eq!(
        amount(&funder[2]),
        dec("390954.60"),
        "capped at the maximum grant"
    );
    assert_eq!(amount(&funder[1]), dec("390954.60"));
    let own = s.row_labelled("Omarahoitus");
    assert_eq!(amount(&own[2]), dec("46440.40"));
    assert_eq!(
        amount(&own[2]),
        amount(&own[1]) + dec("3001.00"),
        "own share = planned own share + overrun"
    );
}

#[test]
fn the_sample_anomalies_are_found() {
    let (_dir, mut book) = reconcile_sample();
    let findings = book.sheet("Havainnot").rows();
    let find = |code: &str| -> Vec<Vec<Data>> {
        findings
            .iter()
            .filter(|r| text(&r[7]) == code)
            .cloned()
            .collect()
    };
    let dup = find("DUPLICATE_ROWS");
    assert_eq!(dup.len(), 1, "one repeated export");
    assert_eq!(text(&dup[0][1]), "Varoitus");
    assert!(
        text(&dup[0][3]).starts_with("ledger/kirjanpito_2021_q4.csv toistaa"),
        "{}",
        text(&dup[0][3])
    );
    assert!(text(&dup[0][3]).contains("ledger/kirjanpito_2021.csv"));
    let late = find("OUTSIDE_PERIOD");
    assert_eq!(late.len(), 1);
    assert_eq!(amount(&late[0][4]), dec("2480.00"));
    assert!(
        text(&late[0][3]).contains("13.1.2023"),
        "{}",
        text(&late[0][3])
    );
    let unmapped = find("UNMAPPED_ACCOUNT");
    assert_eq!(unmapped.len(), 1);
    assert!(text(&unmapped[0][3]).starts_with("Tili 4730"));
    assert_eq!(amount(&unmapped[0][4]), dec("1500.00"));
    assert!(
        find("CONTROL_TOTAL").is_empty(),
        "every export's own totals row agrees with its rows"
    );
}

#[test]
fn every_sample_row_is_accounted_for() {
    let (_dir, mut book) = reconcile_sample();
    let s = book.sheet("Yhteenveto");
    let tally = |label: &str| {
        let r = s.row_labelled(label);
        (amount(&r[1]), amount(&r[2]))
    };
    let read = tally("Luettu");
    let parts = [
        "Tukikelpoisina toteumassa",
        "Kohdistamaton tili",
        "Ennen hankeaikaa",
        "Hankeajan jälkeen",
        "Tarkastelupäivän jälkeen",
        "Kaksoiskappaleet",
        "Flat rate kattaa",
        "Päätös ei hyväksy",
    ]
    .map(tally);
    assert_eq!(parts.iter().map(|p| p.0).sum::<Decimal>(), read.0, "rows");
    assert_eq!(parts.iter().map(|p| p.1).sum::<Decimal>(), read.1, "euros");
    assert_eq!(parts[1].1, dec("1500.00"));
    assert_eq!(parts[3].1, dec("2480.00"));
    // Realised costs booked in the ledger: everything but the computed flat rate.
    assert_eq!(parts[0].1, dec("437395.00") - dec("54252.00"));

    let tx = book.sheet("Tapahtumat");
    let rows = tx.rows();
    assert_eq!(
        Decimal::from(rows.len() - 1),
        read.0,
        "Transactions lists every project row read"
    );
    let status = tx.column(0, "Tila");
    let late: Vec<&Vec<Data>> = rows
        .iter()
        .filter(|r| text(&r[status]) == "Hankeajan jälkeen")
        .collect();
    assert_eq!(late.len(), 1);

    let sources = book.sheet("Lähteet");
    let srows = sources.rows();
    let header = srows
        .iter()
        .position(|r| text(&r[0]) == "Tiedosto")
        .unwrap();
    let col = |name: &str| sources.column(header, name);
    let files: Vec<&Vec<Data>> = srows[header + 1..]
        .iter()
        .filter(|r| text(&r[0]).starts_with("ledger/"))
        .collect();
    assert_eq!(files.len(), 5);
    for r in files {
        assert_eq!(
            amount(&r[col("Rivejä luettu")]),
            amount(&r[col("Käytetty")]) + amount(&r[col("Ohitettu yhteensä")]),
            "{}",
            text(&r[0])
        );
        // Which column played which role, in Finnish (a finance officer's
        // trial read `date="Tositepvm"` on a Finnish sheet).
        let columns = text(&r[col("Sarakkeet")]);
        assert!(columns.starts_with("pvm=\""), "{columns}");
        assert!(columns.contains("tili=\""), "{columns}");
        assert!(
            !columns.contains("date=") && !columns.contains("account"),
            "{columns}"
        );
    }
}

/// Issue 13, deliverable 6: the sample's payroll and working-time record
/// reproduce its staff costs under the actual-cost model. The project
/// manager full time from 9/2020 (197 599,20) and the project secretary at
/// 60 % from 1/2022 (28 450,80) add up to the personnel figure 226 050,00,
/// month by month, so the Staff costs sheet's total is Summary's and no
/// staff finding is raised: the payroll agrees with the ledger (no
/// STAFF_PAYROLL_VS_LEDGER), both persons are known, no month falls outside
/// a share period, and no hours exceed the month's total. The intended staff
/// findings are none.
#[test]
fn the_sample_payroll_gives_its_staff_costs_without_a_finding() {
    let (_dir, mut book) = reconcile_sample();
    let staff: Vec<String> = book
        .sheet("Havainnot")
        .rows()
        .iter()
        .map(|r| text(&r[7]))
        .filter(|code| code.starts_with("STAFF_"))
        .collect();
    assert_eq!(staff, Vec::<String>::new(), "no staff finding");

    let sheet = book.sheet("Henkilöstökulut");
    let rows = sheet.rows();
    let eligible = sheet.column(0, "Tukikelpoinen");
    let subtotal = |id: &str| {
        let row = rows
            .iter()
            .find(|r| text(&r[0]) == id && text(&r[1]) == "yhteensä")
            .unwrap_or_else(|| panic!("{id}'s subtotal"));
        amount(&row[eligible])
    };
    assert_eq!(subtotal("pp"), dec("197599.20"), "the project manager");
    assert_eq!(subtotal("ps"), dec("28450.80"), "the project secretary");
    let total = amount(&sheet.row_labelled("Yhteensä")[eligible]);
    assert_eq!(total, dec("226050.00"));
    let summary = book.sheet("Yhteenveto");
    assert_eq!(total, realised(&summary, "Henkilöstökustannukset"));
    // 28 months of the manager, 12 of the secretary, each with a subtotal.
    let months = rows
        .iter()
        .skip(1)
        .filter(|r| matches!(r[2], Data::DateTime(_) | Data::Float(_)))
        .count();
    assert_eq!(months, 28 + 12);
    let share = sheet.column(0, "Työaikaosuus");
    let secretary: Vec<Decimal> = rows
        .iter()
        .filter(|r| text(&r[0]) == "ps" && text(&r[1]) != "yhteensä")
        .map(|r| amount(&r[share]))
        .collect();
    assert!(secretary.iter().all(|s| *s == dec("0.6")), "{secretary:?}");

    // Sources: each payroll and working-time file read, rows read = used +
    // skipped, the totals row skipped.
    let sources = book.sheet("Lähteet");
    let srows = sources.rows();
    let header = srows
        .iter()
        .position(|r| text(&r[0]) == "Palkka- tai tuntiaineisto")
        .expect("the staff files' table");
    let col = |name: &str| sources.column(header, name);
    let files: Vec<&Vec<Data>> = srows[header + 1..]
        .iter()
        .take_while(|r| !text(&r[0]).is_empty())
        .collect();
    let names: Vec<String> = files.iter().map(|r| text(&r[0])).collect();
    assert_eq!(
        names,
        [
            "palkat/palkkaerittely_2020.csv",
            "palkat/palkkaerittely_2021.csv",
            "palkat/palkkaerittely_2022.csv",
            "tunnit/tuntikirjanpito_2020-2022.xlsx"
        ]
    );
    for r in files {
        let name = text(&r[0]);
        assert_eq!(
            amount(&r[col("Rivejä luettu")]),
            amount(&r[col("Käytetty")]) + amount(&r[col("Ohitettu yhteensä")]),
            "{name}"
        );
        assert_eq!(
            amount(&r[col("Ohitettu yhteensä")]),
            dec("1"),
            "{name}: the totals row"
        );
        assert_eq!(amount(&r[col("Yhteissummarivit")]), dec("1"), "{name}");
        let bytes = std::fs::read(sample().join(&name)).unwrap();
        assert_eq!(
            amount(&r[col("Koko (tavua)")]),
            Decimal::from(bytes.len()),
            "{name}"
        );
        assert_eq!(text(&r[col("SHA-256")]).len(), 64, "{name}");
        assert!(
            text(&r[col("Muoto")]).contains("välilehti")
                || text(&r[col("Muoto")]).contains("erotin ';', desimaalipilkku"),
            "{name}"
        );
    }
}

#[allow(dead_code)]
#[path = "../samples/generate/main.rs"]
mod generate;

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    generate::generate(dir.path(), false).unwrap();
    for name in [
        "ledger/kirjanpito_2020.csv",
        "ledger/kirjanpito_2021.csv",
        "ledger/kirjanpito_2021_q4.csv",
        "ledger/kirjanpito_2022.xlsx",
        "ledger/kirjanpito_2023_tammi.csv",
        "decisions/maksatuspaatos_1.xlsx",
        "decisions/maksatuspaatos_2.xlsx",
        "decisions/maksatuspaatos_3.xlsx",
        "decisions/maksatuspaatos_4.xlsx",
        "decisions/maksatuspaatos_5.xlsx",
        "palkat/palkkaerittely_2020.csv",
        "palkat/palkkaerittely_2021.csv",
        "palkat/palkkaerittely_2022.csv",
        "tunnit/tuntikirjanpito_2020-2022.xlsx",
    ] {
        let made = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(sample().join(name)).unwrap();
        assert!(
            made == committed,
            "{name} differs from what samples/generate/ writes; regenerate the sample"
        );
    }
}

#[test]
fn the_sample_gives_the_same_bytes_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample();
    for name in ["a.xlsx", "b.xlsx"] {
        let out = velho(
            dir.path(),
            &[
                "reconcile",
                project.to_str().unwrap(),
                "-o",
                name,
                "--quiet",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(
        read("a.xlsx") == read("b.xlsx"),
        "two runs on the same inputs wrote different bytes"
    );
}

/// The dates and sums of Transactions show as dates and euros because their
/// columns carry the formats (a row a user adds below gets them too), and
/// each cell shows its column's format.
#[test]
fn the_transaction_columns_carry_the_date_and_money_formats() {
    let (dir, mut book) = reconcile_sample();
    let path = dir.path().join("sample.xlsx");
    let header = book.sheet("Tapahtumat").rows()[0].clone();
    let column = |name: &str| {
        let at = header.iter().position(|c| text(c) == name);
        at.unwrap_or_else(|| panic!("no column {name} in {header:?}")) as u16
    };
    let (date, amount, deducted) = (
        column("Päivämäärä"),
        column("Summa"),
        column("Rahoittajan vähennys"),
    );
    let date_format = column_number_format(&path, "Tapahtumat", date + 1);
    let money_format = column_number_format(&path, "Tapahtumat", amount + 1);
    assert!(date_format.contains("yyyy"), "{date_format}");
    assert!(money_format.contains("0.00"), "{money_format}");
    assert_eq!(
        column_number_format(&path, "Tapahtumat", deducted + 1),
        money_format
    );
    let cell = |column: u16, row: usize| format!("{}{row}", (b'A' + column as u8) as char);
    assert_eq!(
        number_format(&path, "Tapahtumat", &cell(date, 2)),
        date_format
    );
    assert_eq!(
        number_format(&path, "Tapahtumat", &cell(amount, 2)),
        money_format
    );
    // A row the funder deducted from (the sample has them).
    let rows = book.sheet("Tapahtumat").rows();
    let at = rows
        .iter()
        .position(|r| matches!(r.get(deducted as usize), Some(Data::Float(_))));
    let row = at.expect("a deducted row in the sample") + 1;
    assert_eq!(
        number_format(&path, "Tapahtumat", &cell(deducted, row)),
        money_format
    );
}

#[test]
fn by_month_adds_up_to_the_summary() {
    let (_dir, mut book) = reconcile_sample();
    let sheet = book.sheet("Kuukausittain");
    let rows = sheet.rows();
    let header = 2;
    let months: Vec<&Vec<Data>> = rows[header + 1..]
        .iter()
        .take_while(|r| matches!(r[0], Data::DateTime(_) | Data::Float(_)))
        .collect();
    assert_eq!(months.len(), 28, "9/2020–12/2022");
    let col = |name: &str| sheet.column(header, name);
    let total: Decimal = months.iter().map(|r| amount(&r[col("Yhteensä")])).sum();
    assert_eq!(total, dec("437395.00"));
    let last = months.last().unwrap();
    assert_eq!(amount(&last[col("Kertymä")]), dec("437395.00"));
    assert_eq!(
        amount(&last[col("Kustannusarvion kertymä")]),
        dec("434394.00")
    );
    let personnel: Decimal = months
        .iter()
        .map(|r| amount(&r[col("Henkilöstökustannukset")]))
        .sum();
    assert_eq!(personnel, dec("226050.00"));
    let flat: Decimal = months
        .iter()
        .map(|r| amount(&r[col("Välilliset kustannukset (flat rate 24 %)")]))
        .sum();
    assert_eq!(flat, dec("54252.00"));
    assert!(
        months
            .iter()
            .all(|r| amount(&r[col("Yhteensä")]) > Decimal::ZERO),
        "salaries are paid every month"
    );
    let forecast = rows
        .iter()
        .find(|r| text(&r[0]) == "Ennuste hankkeen lopussa")
        .unwrap();
    assert_eq!(
        amount(&forecast[col("Yhteensä")]),
        dec("437395.00"),
        "as of the project end the forecast is the realised total"
    );
}

/// A Finnish run speaks Finnish: every finding code on any sheet stands in
/// Havainnot's Koodi column beside its Finnish topic, and the texts a
/// finance officer flagged read as the funding decision's vocabulary does.
#[test]
fn no_english_code_stands_alone_on_a_finnish_sheet() {
    let (_dir, mut book) = reconcile_sample();
    let is_code = |s: &str| {
        s.len() >= 6 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_') && s.contains('_')
    };
    for name in book.sheet_names() {
        let rows = book.sheet(&name).rows();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let t = text(cell);
                let codes_here = t.split_whitespace().filter(|w| is_code(w)).count();
                if codes_here == 0 {
                    continue;
                }
                assert!(
                    name == "Havainnot" && c == 7 && r > 0,
                    "{name} row {} column {}: an English code in {t:?}",
                    r + 1,
                    c + 1
                );
                let topic = text(&row[2]);
                assert!(
                    !topic.is_empty() && !is_code(&topic),
                    "no Finnish topic beside {t}"
                );
            }
        }
    }
    let findings = book.sheet("Havainnot").rows();
    assert_eq!(text(&findings[0][2]), "Aihe");
    let unmapped = findings
        .iter()
        .find(|r| text(&r[7]) == "UNMAPPED_ACCOUNT")
        .expect("the sample's unmapped account");
    assert_eq!(text(&unmapped[2]), "Kohdistamaton tili");
    // The decision's own words on Summary; Sources' read settings in Finnish.
    let summary = book.sheet("Yhteenveto").rows();
    let header = summary
        .iter()
        .find(|r| text(&r[0]) == "Kustannuslaji")
        .expect("the categories' header");
    assert_eq!(text(&header[1]), "Kustannusarvio");
    assert_eq!(text(&header[3]), "Kustannusarvio tarkastelupäivään");
    let sources = book.sheet("Lähteet").rows();
    let settings: Vec<String> = sources.iter().skip(1).map(|r| text(&r[2])).collect();
    assert!(
        settings
            .iter()
            .any(|s| s.contains("erotin ';'") && s.contains("desimaalipilkku")),
        "{settings:?}"
    );
    assert!(
        !settings
            .iter()
            .any(|s| s.contains("delimiter") || s.contains("decimal")),
        "{settings:?}"
    );
}

/// Issue 15's Finnish slips, none of them on any sheet of the sample's
/// Finnish reconciliation, its claim 3 or the portfolio of both samples: a
/// count with the wrong number ("1 virhettä"), a genitive built by suffixing
/// (":n maksettavaksi"), "Suunnitelma" where the decision says
/// kustannusarvio, "Maksettava laskettuna", "Haettu velholla".
#[test]
fn the_finnish_sheets_keep_clear_of_the_slips_a_finance_officer_found() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample();
    let osaajat = project.parent().unwrap().join("osaajat");
    let (y, o) = (project.to_str().unwrap(), osaajat.to_str().unwrap());
    for args in [
        vec!["reconcile", y, "-o", "r.xlsx", "--quiet"],
        vec!["claim", y, "--period", "3", "-o", "c.xlsx", "--quiet"],
        vec!["reconcile", y, o, "-o", "port", "--quiet"],
    ] {
        let out = velho(dir.path(), &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let slips = [
        "1 virhettä",
        "1 varoitusta",
        "1 huomiota",
        "1 riviä",
        ":n maksettavaksi",
        "Suunnitelma",
        "suunnitelma",
        "Maksettava laskettuna",
        "Haettu velholla",
    ];
    let mut books = vec![dir.path().join("r.xlsx"), dir.path().join("c.xlsx")];
    books.extend(
        std::fs::read_dir(dir.path().join("port"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "xlsx")),
    );
    assert_eq!(books.len(), 5, "{books:?}");
    for path in books {
        let mut book = Book::open(&path);
        for name in book.sheet_names() {
            for (r, row) in book.sheet(&name).rows().iter().enumerate() {
                for cell in row {
                    let t = text(cell);
                    for slip in slips {
                        assert!(
                            !contains_standalone(&t, slip),
                            "{} {name} row {}: {slip:?} in {t:?}",
                            path.display(),
                            r + 1
                        );
                    }
                }
            }
        }
    }
}

/// `text` holds `slip` not as the end of a longer number ("21 riviä" and
/// "1 001 riviä" do not hold "1 riviä").
fn contains_standalone(text: &str, slip: &str) -> bool {
    text.match_indices(slip).any(|(at, _)| {
        let before: Vec<char> = text[..at].chars().rev().take(2).collect();
        let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit());
        let grouped = matches!(before.first(), Some(' ' | '\u{a0}')) && digit(before.get(1));
        !(digit(before.first()) || grouped)
    })
}
