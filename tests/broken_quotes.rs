//! A broken quote names the line where the quote opened, not where the
//! parser noticed (issue 12, deliverable 5). Each export is written by hand:
//! a header, eight good rows (lines 2–9), and on line 10 a description whose
//! quote runs on over lines 10–13.

use std::path::Path;

use crate::harness::{stderr, velho};

/// The header and lines 2–9: eight rows of 10,00.
fn good_rows() -> String {
    let mut text = String::from("Pvm;Tili;Kp;Selite;Summa\n");
    for day in 1..=8 {
        text.push_str(&format!("{day}.1.2021;4000;7311;Rivi {day};10,00\n"));
    }
    text
}

/// What `velho inspect` says of a file: its exit code and its error line.
fn inspect(dir: &Path, name: &str, text: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join(name), text).unwrap();
    let out = velho(dir, &["inspect", name]);
    (out.status.code(), stderr(&out).trim().to_string())
}

#[test]
fn text_after_a_closing_quote_names_the_line_the_quote_opened_on() {
    // Line 10 opens "Konsultti, lines 11 and 12 carry on the text, and line 13
    // closes the quote with text after it: noticed on 13, opened on 10.
    let text = good_rows()
        + "9.1.2021;4000;7311;\"Konsultti\nosa 1\nosa 2\nosa 3\" lasku;10,00\n"
        + "10.1.2021;4000;7311;Rivi 10;10,00\n";
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        inspect(dir.path(), "q.csv", &text),
        (
            Some(2),
            "velho: q.csv, row 10: a quote opened on line 10 runs over lines 10–13, and text follows its closing quote on line 13 (\"…\"l…): a quote is probably missing or doubled on line 10, and the rows between would be read as one field; fix the quotes on line 10 or export the file again".to_string()
        )
    );
    // On one line, the message is the one it always was.
    let one_line = good_rows() + "9.1.2021;4000;7311;\"Konsultti\"x;10,00\n";
    assert_eq!(
        inspect(dir.path(), "one.csv", &one_line).1,
        "velho: one.csv, row 10: text follows a closing quote (\"…\"x…): the quotes on this line are broken, and the field would be read wrongly; fix the quotes or export the file again"
    );
}

#[test]
fn a_quote_that_swallows_rows_names_the_line_it_opened_on() {
    // The quote opened on line 10 is closed on line 13, swallowing lines
    // 11–13, which hold delimiters: rows would be lost.
    let text = good_rows()
        + "9.1.2021;4000;7311;\"Konsultti;10,00\n"
        + "10.1.2021;4000;7311;Rivi 10;10,00\n"
        + "11.1.2021;4000;7311;Rivi 11;10,00\n"
        + "12.1.2021;4000;7311;Rivi 12\";10,00\n"
        + "13.1.2021;4000;7311;Rivi 13;10,00\n";
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        inspect(dir.path(), "s.csv", &text),
        (
            Some(2),
            "velho: s.csv, row 10: a quoted field that starts on line 10 runs over several lines and holds the delimiter after a line break: a closing quote is probably missing, and rows would be lost; check the quotes on this line".to_string()
        )
    );
    // Never closed: the same line, from the end of the file.
    let open = good_rows()
        + "9.1.2021;4000;7311;\"Konsultti;10,00\n"
        + "10.1.2021;4000;7311;Rivi 10;10,00\n";
    assert_eq!(
        inspect(dir.path(), "o.csv", &open).1,
        "velho: o.csv, row 10: a quote opened on line 10 is never closed, so the rest of the file would be read as one field; fix the quotes on this line or export the file again"
    );
}

#[test]
fn a_windows_export_with_crlf_names_the_same_line() {
    let text = (good_rows()
        + "9.1.2021;4000;7311;\"Konsultti\nosa 1\nosa 2\nosa 3\" lasku;10,00\n")
        .replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = inspect(dir.path(), "crlf.csv", &text);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(
            "velho: crlf.csv, row 10: a quote opened on line 10 runs over lines 10–13,"
        ),
        "{err}"
    );
}

#[test]
fn an_old_mac_export_with_cr_only_line_ends_names_the_same_line() {
    // Line ends of a lone \r: the line the quote opened on is counted as
    // the rows' lines are (issue 17 gave such files their row numbers).
    let dir = tempfile::tempdir().unwrap();
    let text = (good_rows()
        + "9.1.2021;4000;7311;\"Konsultti\nosa 1\nosa 2\nosa 3\" lasku;10,00\n")
        .replace('\n', "\r");
    assert_eq!(
        inspect(dir.path(), "cr.csv", &text),
        (
            Some(2),
            "velho: cr.csv, row 10: a quote opened on line 10 runs over lines 10–13, and text follows its closing quote on line 13 (\"…\"l…): a quote is probably missing or doubled on line 10, and the rows between would be read as one field; fix the quotes on line 10 or export the file again".to_string()
        )
    );
    let swallowing = (good_rows()
        + "9.1.2021;4000;7311;\"Konsultti;10,00\n"
        + "10.1.2021;4000;7311;Rivi 10;10,00\n"
        + "11.1.2021;4000;7311;Rivi 11\";10,00\n"
        + "12.1.2021;4000;7311;Rivi 12;10,00\n")
        .replace('\n', "\r");
    assert_eq!(
        inspect(dir.path(), "s.csv", &swallowing).1,
        "velho: s.csv, row 10: a quoted field that starts on line 10 runs over several lines and holds the delimiter after a line break: a closing quote is probably missing, and rows would be lost; check the quotes on this line"
    );
    let open = (good_rows()
        + "9.1.2021;4000;7311;\"Konsultti;10,00\n"
        + "10.1.2021;4000;7311;Rivi 10;10,00\n")
        .replace('\n', "\r");
    assert_eq!(
        inspect(dir.path(), "o.csv", &open).1,
        "velho: o.csv, row 10: a quote opened on line 10 is never closed, so the rest of the file would be read as one field; fix the quotes on this line or export the file again"
    );
    // Good quotes in a CR-only file are read, rows on their own lines.
    let good =
        (good_rows() + "9.1.2021;4000;7311;\"Konsultti; lasku\";10,00\n").replace('\n', "\r");
    let (code, err) = inspect(dir.path(), "g.csv", &good);
    assert_eq!(code, Some(0), "{err}");
}
