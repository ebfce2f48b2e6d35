use std::borrow::Cow;

use super::*;
use crate::import::ImportOptions;

#[test]
fn the_plain_amount_fast_path_reads_exactly_as_the_parser() {
    let mut texts = vec![
        "0",
        "-0",
        "7",
        "-0,00",
        "1234,56",
        "1234.56",
        "-1234,5",
        "00012,30",
        "1,234",
        "1.234",
        "1234,567",
        "12,",
        ",5",
        "-",
        "",
        "1 234,56",
        "+5",
        "5-",
        "12a",
        "1234,5x",
        "9999999999999,99",
        "99999999999999,99",
        "-9999999999999.9",
        "1,2,3",
    ];
    let generated: Vec<String> = (0..2000)
        .map(|i: i64| {
            let sep = [",", ".", ""][(i % 3) as usize];
            let fraction = ["", "5", "05", "50", "123"][(i % 5) as usize];
            let sign = if i % 7 == 0 { "-" } else { "" };
            format!("{sign}{}{sep}{fraction}", i * 7919 % 100_003)
        })
        .collect();
    texts.extend(generated.iter().map(String::as_str));
    for text in texts {
        let Some(plain) = PlainAmount::of(text) else {
            continue;
        };
        assert_eq!(plain.mark, money::decimal_mark_evidence(text), "{text}");
        for mark in [
            plain.mark,
            Some(DecimalMark::Comma),
            Some(DecimalMark::Point),
        ] {
            if plain.mark.is_some() && mark != plain.mark {
                continue;
            }
            let general = money::parse_amount(text, mark).unwrap();
            assert_eq!(plain.value(), general, "{text}");
            assert_eq!(plain.value().to_string(), general.to_string(), "{text}");
        }
    }
}

#[test]
fn the_day_month_year_fast_path_reads_exactly_as_the_parser() {
    let mut texts: Vec<String> = [
        "1.9.2020",
        "01.09.2020",
        "31.2.2021",
        "0.1.2020",
        "29.2.2024",
        "29.2.2023",
        "1.13.2020",
        "1.9.20",
        "1.9.20201",
        "1.9.2020 12:00",
        " 1.9.2020",
        "001.9.2020",
        "1.9.",
        "a.9.2020",
        "9/1/2020",
        "2020-09-01",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    for day in 0..=32 {
        for month in 0..=13 {
            texts.push(format!("{day}.{month}.2024"));
            texts.push(format!("{day:02}.{month:02}.1999"));
        }
    }
    for text in &texts {
        let general = dates::parse_date_in(text, SlashOrder::Unknown);
        match day_month_year(text) {
            Some(date) => assert_eq!(general, Ok((date, DateForm::DayMonthYear)), "{text}"),
            None => assert!(
                general.is_err()
                    || general.unwrap().1 != DateForm::DayMonthYear
                    || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    || text.split('.').any(|p| p.len() > 2 && p.len() != 4),
                "{text}"
            ),
        }
    }
}

/// `Cell::text` as it was before its fast paths.
fn text_before(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => {
            money::from_fifteen_digits(*n).map_or_else(|| n.to_string(), |d| d.to_string())
        }
        other => other.text().into_owned(),
    }
}

fn same_text(n: f64) -> std::result::Result<(), proptest::test_runner::TestCaseError> {
    let cell = Cell::Number(n);
    let before = text_before(&cell);
    proptest::prop_assert_eq!(&cell.text(), &before, "{:?}", n.to_bits());
    let mut digits = Digits::default();
    proptest::prop_assert_eq!(&cell.text_in(&mut digits), &before);
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

    #[test]
    fn number_text_is_unchanged(
        bits in proptest::prelude::any::<u64>(),
        whole in proptest::prelude::any::<i64>(),
        cents in -(10i64.pow(16))..10i64.pow(16),
    ) {
        same_text(f64::from_bits(bits))?;
        same_text(whole as f64)?;
        same_text((whole % 10i64.pow(16)) as f64)?;
        same_text(cents as f64 / 100.0)?;
        same_text(cents as f64 / 1000.0)?;
    }
}

#[test]
fn number_text_of_edges_is_unchanged() {
    let edges = [
        0.0,
        -0.0,
        4000.0,
        -7311.0,
        1234.5600000000001,
        0.1 + 0.2,
        999_999_999_999_999.0,
        1e15,
        -1e15,
        9_007_199_254_740_993.0,
        1e21,
        1e-7,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for n in edges {
        same_text(n).unwrap();
    }
    assert_eq!(Cell::Number(7311.0).text(), "7311");
    assert_eq!(Cell::Number(-0.0).text(), "0");
    assert_eq!(Cell::Number(1e15).text(), "1000000000000000");
    assert_eq!(Cell::Number(12.5).text(), "12.5");
}

fn cells(texts: &[&'static str]) -> Vec<Cell<'static>> {
    texts
        .iter()
        .map(|t| Cell::Text(Cow::Borrowed(*t)))
        .collect()
}

static OPTIONS: std::sync::LazyLock<ImportOptions> =
    std::sync::LazyLock::new(ImportOptions::default);

/// File `a.csv`, number `index` in the run, read with `filter` and the default options.
fn context(filter: &RowFilter, index: u32) -> FileContext<'_> {
    FileContext {
        location: Location::file("a.csv"),
        index,
        filter,
        options: &OPTIONS,
        progress: &crate::import::no_progress,
        tap: None,
    }
}

fn builder<'a>(context: &'a FileContext<'a>, headers: &[&str]) -> LedgerBuilder<'a> {
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let columns = Columns::recognise(&headers);
    let header = Header {
        index: 0,
        row: 1,
        names: headers,
        columns,
    };
    LedgerBuilder::new(context, header)
        .unwrap()
        .with_decimal_mark(Some(DecimalMark::Comma))
}

#[test]
fn keeps_project_rows_counts_the_rest_and_checks_totals() {
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        projects: vec![],
        ..RowFilter::default()
    };
    let context = context(&filter, 3);
    let mut b = builder(
        &context,
        &["Pvm", "Tili", "Kp", "Selite", "Debet", "Kredit"],
    );
    b.push(
        2,
        &cells(&["1.9.2020", "4000", "7311", "Palkka", "100,00", ""]),
    )
    .unwrap();
    b.push(
        3,
        &cells(&["2.9.2020", "4000", "2100", "Muu", "50,005", ""]),
    )
    .unwrap();
    b.push(4, &cells(&["", "", "", "", "", ""])).unwrap();
    b.push(
        5,
        &cells(&["Pvm", "Tili", "Kp", "Selite", "Debet", "Kredit"]),
    )
    .unwrap();
    b.push(
        6,
        &cells(&["3.9.2020", "4340", "7311", "=hyvitys", "", "20,00"]),
    )
    .unwrap();
    b.push(7, &cells(&["Yhteensä", "", "", "", "150,01", "20,00"]))
        .unwrap();
    let Finished::Done(file) = b.finish().unwrap() else {
        panic!("read in one pass")
    };
    assert_eq!(
        (
            file.rows_read,
            file.header_rows,
            file.other_rows,
            file.totals_rows
        ),
        (5, 1, 1, 1)
    );
    assert_eq!(file.rows.len(), 2);
    assert_eq!(file.rows[1].amount(), "-20.00".parse().unwrap());
    assert_eq!(file.rows[1].source, SourceRef { file: 3, row: 6 });
    assert_eq!(file.rows[1].description, "=hyvitys");
    assert_eq!(
        file.rounded,
        vec![RoundedAmount {
            row: 3,
            original: "50.005".parse().unwrap()
        }]
    );
    assert_eq!(file.control_totals[0].stated, "130.01".parse().unwrap());
    assert_eq!(file.control_totals[0].computed, "130.01".parse().unwrap());
}

#[test]
fn errors_name_row_and_column() {
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        projects: vec![],
        ..RowFilter::default()
    };
    let context = context(&filter, 0);
    let mut b = builder(&context, &["Pvm", "Tili", "Kp", "Summa"]);
    let err = b
        .push(9, &cells(&["31.2.2021", "4000", "7311", "5,00"]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "a.csv, row 9, column \"Pvm\": \"31.2.2021\" is not a real date"
    );
    let err = b
        .push(10, &cells(&["1.2.2021", "4000", "7311", "#N/A"]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("a.csv, row 10, column \"Summa\": "),
        "{err}"
    );
    let err = b
        .push(11, &cells(&["", "4000", "7311", "5,00"]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("row 11, column \"Pvm\": the date is empty"),
        "{err}"
    );
    let err = b
        .push(12, &cells(&["1.2.2021", "4000", "7311", ""]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("a missing amount is not zero"), "{err}");
    let err = b
        .push(
            13,
            &cells(&["1.2.2021", "4000", "7311", "12 345 678 901 234,00"]),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("row 13, column \"Summa\": 12345678901234.00 is too large"),
        "{err}"
    );
}

#[test]
fn a_filter_column_must_exist() {
    let filter = RowFilter {
        cost_centres: vec![],
        projects: vec!["P".into()],
        ..RowFilter::default()
    };
    let context = context(&filter, 0);
    let headers: Vec<String> = ["Pvm", "Tili", "Summa"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let columns = Columns::recognise(&headers);
    let header = Header {
        index: 0,
        row: 4,
        names: headers,
        columns,
    };
    let err = LedgerBuilder::new(&context, header)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("a.csv, row 4: no project code column"),
        "{err}"
    );
}

#[test]
fn remembered_pairs_keep_cost_centre_and_project_apart() {
    // (12, 3) is the project's, (1, 23) is not: the same characters in a
    // row. Each pair's answer and codes are remembered after its first row.
    let filter = RowFilter {
        cost_centres: vec!["12".into()],
        projects: vec!["3".into()],
        ..RowFilter::default()
    };
    let context = context(&filter, 0);
    let mut b = builder(
        &context,
        &["Pvm", "Tili", "Kp", "Projekti", "Selite", "Debet", "Kredit"],
    );
    for (row, (cost_centre, project)) in [
        ("12", "3"),
        ("1", "23"),
        ("12", "3"),
        ("1", "23"),
        ("123", ""),
    ]
    .into_iter()
    .enumerate()
    {
        let row = row as u32 + 2;
        let texts = ["1.9.2020", "4000", cost_centre, project, "x", "1,00", ""];
        b.push(row, &cells(&texts)).unwrap();
    }
    let Finished::Done(file) = b.finish().unwrap() else {
        panic!("read in one pass")
    };
    assert_eq!(file.other_rows, 3);
    let kept: Vec<_> = file
        .rows
        .iter()
        .map(|r| {
            (
                r.source.row,
                r.cost_centre.to_string(),
                r.project.to_string(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [(2, "12".into(), "3".into()), (4, "12".into(), "3".into())]
    );
}
