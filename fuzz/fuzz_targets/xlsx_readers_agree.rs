//! velho's xlsx reader (the bounded child's) against calamine's: on every
//! input both give the same sheets and cells, or both refuse it. The input
//! is read two ways: as a whole archive (the corpus's workbooks are the
//! seeds), and as the text of three parts of a workbook velho builds
//! around them (a sheet's data, its shared strings and its styles, split
//! at NUL bytes), so that mutations reach the XML rather than the deflate
//! stream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velho::import::{readers_agree_on_archive, readers_agree_on_parts};

fuzz_target!(|data: &[u8]| {
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
