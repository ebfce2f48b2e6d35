//! The claim reader on any bytes: a workbook in the claims folder, hostile
//! or damaged, must end in "not a claim" or an error message, never an
//! abort or memory past libFuzzer's -rss_limit_mb (issue 17).
#![no_main]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use velho::import::claim::read_claim_bytes;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // velho contains a parser's panic per file (catch_unwind in run.rs);
    // only an abort or runaway memory counts here.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = catch_unwind(AssertUnwindSafe(|| read_claim_bytes(data, "fuzz.xlsx")));
});
