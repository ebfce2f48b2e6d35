//! velho's xlsx reader (the bounded child's) against calamine's: on every
//! input both give the same sheets and cells, or both refuse it. The input
//! is read two ways: as a whole archive (the corpus's workbooks are the
//! seeds), and as the text of three parts of a workbook velho builds
//! around them (a sheet's data, its shared strings and its styles, split
//! at NUL bytes), so that mutations reach the XML rather than the deflate
//! stream.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use velho::import::{readers_agree_on_archive, readers_agree_on_parts};

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // calamine's own panics (overflows on absurd references, in this
    // debug-assertion build) are caught in the comparison and count as its
    // refusals; libfuzzer-sys's hook would abort on them. A disagreement
    // still panics out of the comparison and is told here.
    QUIET.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if info.location().is_some_and(|l| l.file().ends_with("compare.rs")) {
                eprintln!("{info}");
            }
        }))
    });
    if data.starts_with(b"PK") {
        readers_agree_on_archive(data);
        return;
    }
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let sheet_data = parts.next().unwrap_or_default();
    let strings = parts.next().unwrap_or("<sst/>");
    let styles = parts.next().unwrap_or("<styleSheet/>");
    readers_agree_on_parts(sheet_data, strings, styles);
});
