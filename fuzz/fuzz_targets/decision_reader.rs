//! The payment-decision reader on any bytes: a hostile or damaged decision
//! must end in an error message, never an abort or memory past libFuzzer's
//! -rss_limit_mb (issue 17: decisions and claims are read as ledgers are).
#![no_main]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use velho::import::decision::read_decision_bytes;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // velho contains a parser's panic per file (catch_unwind in run.rs);
    // only an abort or runaway memory counts here.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = catch_unwind(AssertUnwindSafe(|| read_decision_bytes(data, "fuzz.xlsx")));
});
