//! The spreadsheet pre-check, then the whole spreadsheet import on what it
//! lets through. The pre-check must never panic; calamine's own panics are
//! contained per file by velho (catch_unwind in run.rs), so they are
//! contained here too. What must never happen is an abort or memory beyond
//! libFuzzer's -rss_limit_mb: that is what the pre-check is for.
#![no_main]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use velho::config::RowFilter;
use velho::import::{ImportOptions, Limits, check_archive, check_compound, read_ledger_bytes};

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts on any panic through its hook; velho contains a
    // parser's panic per file, so only a panic that escapes counts here
    // (libfuzzer-sys still aborts on those).
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = check_compound(data);
    if check_archive(data, &Limits::DEFAULT).is_err() && data.starts_with(b"PK") {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        read_ledger_bytes(
            data.to_vec(),
            "fuzz.xlsx",
            "xlsx",
            0,
            &RowFilter::default(),
            &ImportOptions::default(),
        )
    }));
});
