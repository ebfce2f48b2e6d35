use calamine::DataRef;

use super::streamed::{BATCH, RawCell, read_streamed};
use super::*;
use crate::config::RowFilter;
use crate::error::Location;
use crate::import::ImportOptions;
use crate::import::workbook::from_data_ref;

/// A sheet of `rows` data rows below a header, as calamine would stream
/// it, then `end` (`None`: the sheet ends).
fn sheet(
    rows: u32,
    end: Option<&'static str>,
) -> impl FnMut() -> Result<Option<RawCell<'static>>, Message> + Send {
    let header = ["Pvm", "Tili", "Kp", "Summa"];
    let mut at = 0u32;
    move || {
        let (row, column) = (at / 4, at % 4);
        at += 1;
        if row > rows {
            return match end {
                None => Ok(None),
                Some("panic") => panic!("calamine broke"),
                Some(message) => Err(Message::verbatim(message)),
            };
        }
        let value = match (row, column) {
            (0, c) => DataRef::SharedString(header[c as usize]),
            (_, 0) => DataRef::String(format!("{}.1.2021", row % 28 + 1)),
            (_, 1) => DataRef::Float(4000.0),
            (r, 2) => DataRef::Int(if r % 2 == 0 { 7311 } else { 7312 }),
            (r, _) => DataRef::Float(f64::from(r) / 100.0),
        };
        Ok(Some(((row, column), value, false)))
    }
}

/// Runs `read` with the context of a test file whose project is cost centre 7311.
fn in_context<T>(read: impl FnOnce(&FileContext) -> T) -> T {
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        ..RowFilter::default()
    };
    read(&FileContext {
        location: Location::file("a.xlsx"),
        index: 0,
        filter: &filter,
        options: &ImportOptions::default(),
        progress: &crate::import::no_progress,
        tap: None,
    })
}

fn read(cells: impl FnMut() -> Result<Option<RawCell<'static>>, Message> + Send) -> Result<Pass> {
    in_context(|context| read_streamed(cells, context, false, (None, SlashOrder::Unknown)))
}

#[test]
fn streamed_rows_are_the_rows_read_on_one_thread() {
    let rows = 3 * BATCH as u32 + 17;
    let Pass::Done(file) = read(sheet(rows, None)).unwrap() else {
        panic!("read in one pass")
    };
    assert_eq!(file.rows_read, u64::from(rows));
    assert_eq!(file.other_rows + file.rows.len() as u64, u64::from(rows));
    let mut one = sheet(rows, None);
    let mut next =
        || one().map(|c| c.map(|(pos, value, formula)| (pos, from_data_ref(value), formula)));
    let alone =
        in_context(|context| read_cells(&mut next, context, false, (None, SlashOrder::Unknown)));
    let Pass::Done(alone) = alone.unwrap() else {
        panic!("read in one pass")
    };
    assert_eq!(format!("{alone:?}"), format!("{file:?}"));
}

#[test]
fn a_reading_error_comes_after_the_rows_before_it() {
    let err = read(sheet(10_000, Some("the sheet cannot be read: bad XML")))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("the sheet cannot be read: bad XML"),
        "{err}"
    );
}

#[test]
fn a_panic_while_reading_is_an_error() {
    let err = read(sheet(10_000, Some("panic"))).err().unwrap();
    assert!(
        err.to_string()
            .contains("the file could not be read: calamine broke"),
        "{err}"
    );
}

#[test]
fn the_reading_thread_stops_when_the_rows_do() {
    // No header in an endless sheet: the search gives up, and the
    // reading thread must stop too: the read returns within 10 s, or
    // the test fails (rather than hanging).
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut at = 0u32;
        let endless = move || {
            at += 1;
            Ok(Some(((at, 0), DataRef::SharedString("x"), false)))
        };
        let _ = done.send(matches!(read(endless), Ok(Pass::NoHeader(_))));
    });
    let outcome = finished.recv_timeout(std::time::Duration::from_secs(10));
    assert_eq!(outcome, Ok(true), "the reading thread did not stop");
}
