use encoding_rs::WINDOWS_1252;

use super::encoding::{continuation_bytes, count_newlines, stream_utf8_in};
use super::*;
use crate::config::RowFilter;
use crate::error::Location;
use crate::import::ImportOptions;

fn read_text(bytes: &[u8]) -> Result<LedgerFile> {
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        projects: vec![],
        ..RowFilter::default()
    };
    let context = FileContext {
        location: Location::file("t.csv"),
        index: 0,
        filter: &filter,
        options: &ImportOptions::default(),
        progress: &crate::import::no_progress,
        tap: None,
    };
    read(Source::Bytes(bytes), &context)
}

/// The whole-file rules the streaming scan must match: the line of the
/// first invalid byte, and of the first valid multi-byte character.
fn reference(bytes: &[u8]) -> (Option<u64>, Option<u64>) {
    let line_of = |at: usize| count_newlines(&bytes[..at]) + 1;
    let invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    let letter = (0..bytes.len()).find(|&start| {
        let len = match bytes[start] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        len > 1
            && bytes
                .get(start..start + len)
                .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
    });
    (invalid.map(line_of), letter.map(line_of))
}

#[test]
fn the_streamed_encoding_scan_matches_the_whole_file_rules_at_every_chunk_size() {
    let texts: [&[u8]; 9] = [
        b"a;b\n1;2\n",
        "Pvm;Selite\n1.1.2021;Jämsä\n2.1.2021;€uro\n".as_bytes(),
        b"Pvm;Selite\n1.1.2021;J\xE4ms\xE4\n",
        b"Pvm;Selite\n1.1.2021;J\xE4ms\xE4\n2.1.2021;J\xC3\xA4ms\xC3\xA4\n",
        b"Pvm;Selite\n1.1.2021;J\xC3\xA4\n2.1.2021;J\xE4ms\xE4\n",
        b"x\n\xE2\x82\n\xE2\x82\xAC\n",
        b"x\n\xF0\x9F\x98",
        b"\xE2\x82\xAC",
        b"\n\n\x80\x80\n\xF0\x9F\x98\x80\n",
    ];
    for text in texts {
        for chunk in 1..=9 {
            for (want_letter, pause) in [(false, false), (true, false), (true, true)] {
                let mut stream = Utf8Stream::new(Utf8Scan {
                    want_letter,
                    pause_at_invalid: pause,
                    ..Utf8Scan::default()
                });
                stream_utf8_in(chunk, Source::Bytes(text), 0, &mut stream).unwrap();
                if stream.scan.done && stream.scan.letter_line.is_none() && pause {
                    let from = stream.resume();
                    stream_utf8_in(chunk, Source::Bytes(text), from, &mut stream).unwrap();
                }
                let scan = stream.finish();
                let (invalid, letter) = reference(text);
                assert_eq!(scan.invalid_line, invalid, "{text:?} in chunks of {chunk}");
                if want_letter || invalid.is_none() {
                    assert_eq!(scan.letter_line, letter, "{text:?} in chunks of {chunk}");
                }
            }
        }
    }
}

proptest::proptest! {
    /// Continuation bytes found a word at a time are those a byte at a time finds.
    #[test]
    fn continuation_bytes_are_found_a_word_at_a_time(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
    ) {
        let expected: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| (0x80..=0xBF).contains(*b))
            .map(|(i, _)| i)
            .collect();
        proptest::prop_assert_eq!(continuation_bytes(&bytes).collect::<Vec<_>>(), expected);
    }
}

proptest::proptest! {
    /// The streamed scan finds the whole-file rules' lines on any mix of
    /// Windows-1252 letters, UTF-8 letters (whole and cut) and line ends.
    #[test]
    fn the_streamed_encoding_scan_matches_the_rules_on_any_bytes(
        text in proptest::collection::vec(proptest::sample::select(
            vec![b'a', b'\n', 0xE4, 0xC3, 0xA4, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xC0]),
            0..60),
        chunk in 1usize..12,
    ) {
        let mut stream = Utf8Stream::new(Utf8Scan {
            want_letter: true,
            pause_at_invalid: false,
            ..Utf8Scan::default()
        });
        stream_utf8_in(chunk, Source::Bytes(&text), 0, &mut stream).unwrap();
        let scan = stream.finish();
        proptest::prop_assert_eq!((scan.invalid_line, scan.letter_line), reference(&text));
    }
}

#[test]
fn quotes_checked_in_chunks_match_the_whole_text() {
    let texts: [&[u8]; 7] = [
        b"a;\"b;c\";d\n",
        b"a;b\n1;\"x\"y\n",
        b"a;b\n1;\"x\n2;3\n",
        b"a;b\n1;\"x\ny\"\n2;\"\"\"q\"\"\"\r\n",
        b"a;b\n1;\"open\n",
        b"a;b\r1;\"x\ry\"z\r",
        b"a;b\r\n1;\"x\r\ny\"\r\n2;3\r\n",
    ];
    for text in texts {
        let whole = check_quoting(text, b';');
        for chunk in 1..=5 {
            let mut check = QuoteCheck::new(b';');
            let streamed = text
                .chunks(chunk)
                .try_for_each(|c| check.feed(c))
                .and_then(|()| check.finish());
            assert_eq!(streamed, whole, "{text:?} in chunks of {chunk}");
        }
    }
}

#[test]
fn a_quote_names_its_line_whatever_the_line_ends() {
    // Opened on line 2, closed on line 4 with text after it.
    for end in ["\n", "\r\n", "\r"] {
        let text = ["a;b", "1;\"x", "y", "z\"w", "2;3", ""].join(end);
        let (line, message) = check_quoting(text.as_bytes(), b';').unwrap_err();
        assert_eq!(line, 2, "{end:?}");
        assert!(
            message.to_string().contains("runs over lines 2–4"),
            "{end:?}: {message}"
        );
        // A quote that swallows a delimiter after a line break, and one never closed.
        let swallowing = ["a;b", "1;\"x", "2;3\"", "4;5", ""].join(end);
        assert_eq!(check_quoting(swallowing.as_bytes(), b';').unwrap_err().0, 2);
        let open = ["a;b", "1;2", "3;\"x", "4;5", ""].join(end);
        assert_eq!(check_quoting(open.as_bytes(), b';').unwrap_err().0, 3);
        // Quotes closed before the line end are no error.
        let good = ["a;b", "1;\"x\"", "2;\"y\" ", ""].join(end);
        assert_eq!(check_quoting(good.as_bytes(), b';'), Ok(()), "{end:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    /// Reading the bytes between quotes and line ends as runs gives what
    /// stepping through every byte gives, on any text cut anywhere, with
    /// any of the delimiters velho reads.
    #[test]
    fn skipping_plain_bytes_checks_quotes_as_byte_by_byte(
        text in proptest::collection::vec(
            proptest::sample::select(b"ab ;\"\n\r,\t|".to_vec()), 0..200),
        chunk in 1usize..40,
        delimiter in proptest::sample::select(super::DELIMITERS.to_vec()),
    ) {
        let mut bytewise = QuoteCheck::new(delimiter);
        let expected = text
            .iter()
            .try_for_each(|&b| bytewise.step(b))
            .and_then(|()| bytewise.finish());
        let mut skipping = QuoteCheck::new(delimiter);
        let got = text
            .chunks(chunk)
            .try_for_each(|c| skipping.feed(c))
            .and_then(|()| skipping.finish());
        proptest::prop_assert_eq!(got, expected);
    }
}

#[test]
fn line_numbers_stay_true_far_into_a_long_file() {
    // CRLF line ends, blank lines and a quoted line break, over many
    // refills of the reader's buffer.
    let mut text = String::from("Pvm;Tili;Kp;Selite;Summa\r\n");
    let mut line = 1;
    for i in 0..20_000 {
        if i % 7 == 0 {
            text.push_str("\r\n");
            line += 1;
        }
        if i % 1000 == 5 {
            text.push_str("1.1.2021;4000;7311;\"kaksi\r\nriviä\";1,00\r\n");
            line += 2;
            continue;
        }
        text.push_str("1.1.2021;4000;7311;rivi;1,00\r\n");
        line += 1;
    }
    let good = read_text(text.as_bytes()).unwrap();
    let last = good.rows.last().unwrap().source.row;
    assert_eq!(u64::from(last), line as u64);
    text.push_str("2.1.2021;4000;7311;rivi;yksi\r\n");
    let error = read_text(text.as_bytes()).unwrap_err().to_string();
    assert!(error.contains(&format!("row {}", line + 1)), "{error}");
}

#[test]
fn utf8_letters_after_windows_1252_make_a_mixed_file_found_while_the_rows_are_read() {
    let mixed = read_text(
        b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;J\xE4ms\xE4;1,00\n2.1.2021;4000;7311;J\xC3\xA4ms\xC3\xA4;2,00\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        mixed.starts_with("t.csv, row 2: the file mixes two text encodings")
            && mixed.contains("but line 3 has UTF-8 letters"),
        "{mixed}"
    );
    let mixed_without_header = read_text(b"a;b\n\xE4;1\n\xC3\xA4;2\n")
        .unwrap_err()
        .to_string();
    assert!(
        mixed_without_header.contains("row 2: the file mixes")
            && mixed_without_header.contains("line 3"),
        "{mixed_without_header}"
    );
    let windows_1252 =
        read_text(b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;J\xE4ms\xE4;1,00\n").unwrap();
    assert_eq!(windows_1252.rows[0].description.to_string(), "Jämsä");
}

#[test]
fn windows_1252_with_title_lines_and_totals() {
    let text = "Jämsän kaupunki\r\nPääkirjaote\r\n\r\nTositepvm;Tositenro;Tili;Kustannuspaikka;Selite;Debet;Kredit\r\n\
                1.9.2020;1;4000;7311;Palkka syyskuu;3 500,00;\r\n\
                2.9.2020;2;4000;2100;Muu;1,50;\r\n\
                Yhteensä;;;;;3 501,50;\r\n";
    let bytes = WINDOWS_1252.encode(text).0;
    let file = read_text(&bytes).unwrap();
    assert!(file.format.contains("Windows-1252"), "{}", file.format);
    assert!(file.format.contains("delimiter ';'"));
    assert_eq!(file.header_row, 4);
    assert_eq!(
        (file.rows_read, file.other_rows, file.totals_rows),
        (3, 1, 1)
    );
    assert_eq!(file.rows[0].amount(), "3500".parse().unwrap());
    assert_eq!(file.rows[0].source.row, 5);
    assert_eq!(
        file.control_totals[0].stated,
        file.control_totals[0].computed
    );
}

#[test]
fn utf16_tab_separated_with_point_decimals() {
    let text = "Date\tAccount\tCost centre\tAmount\r\n2021-01-05\t4000\t7311\t1,234.50\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let file = read_text(&bytes).unwrap();
    assert!(
        file.format.contains("UTF-16")
            && file.format.contains("tab")
            && file.format.contains("decimal point")
    );
    assert_eq!(file.rows[0].amount(), "1234.50".parse().unwrap());
}

/// A file whose rows come in date order, newest or oldest first, keeps its
/// descriptions compressed; one whose dates keep turning (sorted by
/// something else) compresses only up to its 16th turn and keeps the rest
/// as they are, since the Transactions sheet reads them by date. The texts
/// read the same.
#[test]
fn descriptions_are_compressed_while_the_dates_keep_in_order() {
    let file_of = |dates: &mut dyn Iterator<Item = u32>| {
        let mut text = b"Pvm;Tili;Kp;Selite;Summa\n".to_vec();
        for (i, day) in dates.enumerate() {
            let description = format!("Kokous ja tarjoilu {i} ").repeat(20);
            text.extend(format!("{}.1.2021;4340;7311;{description};10,00\n", day).as_bytes());
        }
        read_text(&text).unwrap()
    };
    let compressed = |file: &LedgerFile| -> Vec<Option<bool>> {
        file.rows
            .iter()
            .map(|r| r.description.kept_compressed())
            .collect()
    };
    let oldest_first = file_of(&mut (1..=62u32).map(|d| d.div_ceil(2)));
    assert!(compressed(&oldest_first).iter().all(|&c| c == Some(true)));
    let newest_first = file_of(&mut (1..=62u32).rev().map(|d| d.div_ceil(2)));
    assert!(compressed(&newest_first).iter().all(|&c| c == Some(true)));
    // The dates go 20, 10, 20, 10…: row 2 turns first, row 17 the 16th time;
    // rows 0-16 are kept before it, row 17 on after it.
    let zigzag = file_of(&mut (0..62).map(|i| if i % 2 == 0 { 20 } else { 10 }));
    let zigzag_kept = compressed(&zigzag);
    assert_eq!(zigzag_kept[16], Some(true));
    assert_eq!(zigzag_kept[17], Some(false));
    assert_eq!(zigzag_kept[61], Some(false));
    for (file, i) in [(&oldest_first, 40), (&zigzag, 3), (&zigzag, 40)] {
        let expected = format!("Kokous ja tarjoilu {i} ").repeat(20);
        assert_eq!(&*file.rows[i].description.text(), expected.trim_end());
    }
}

#[test]
fn quoted_delimiters_stay_in_the_field() {
    let file =
        read_text(b"Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4340;7311;\"Konsultti; osa 1\";10,00\n")
            .unwrap();
    assert_eq!(file.rows[0].description, "Konsultti; osa 1");
}

#[test]
fn broken_files_are_errors_with_their_line() {
    let ragged =
        read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;5,00\n2.1.2021;4000\n").unwrap_err();
    assert_eq!(
        ragged.to_string(),
        "t.csv, row 3: the row has 2 fields but the header has 4; check the delimiter and the quotes on this line"
    );
    let mixed =
        read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;5,50\n2.1.2021;4000;7311;1,234.00\n")
            .unwrap_err();
    assert!(
        mixed.to_string().contains(
            "t.csv, row 3, column \"Summa\": \"1,234.00\" uses a decimal point but the amounts on row 2 use a decimal comma"
        ),
        "{mixed}"
    );
    let no_header = read_text(b"a;b;c\n1;2;3\n").unwrap_err();
    assert!(no_header.to_string().contains("no header row found"));
    let swallowed =
        read_text(b"Pvm;Tili;Kp;Summa\n1.1.2021;4000;7311;\"5,00\n2.1.2021;4000;7311;6,00\n")
            .unwrap_err();
    assert!(swallowed.to_string().contains("row 2"), "{swallowed}");
}
