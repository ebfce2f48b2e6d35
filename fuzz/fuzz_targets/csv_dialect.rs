//! CSV dialect detection and reading: encoding, delimiter, header, quoting,
//! decimal mark and dates. Any input must give a ledger or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velho::config::RowFilter;
use velho::import::{FileKind, ImportOptions, check_quoting, read_ledger_bytes, sniff_kind};

fuzz_target!(|data: &[u8]| {
    for delimiter in [b';', b',', b'\t'] {
        let _ = check_quoting(data, delimiter);
    }
    // Spreadsheets are the other target's; here only what velho reads as text.
    if sniff_kind(data, "csv") != FileKind::Text {
        return;
    }
    let _ = read_ledger_bytes(
        data.to_vec(),
        "fuzz.csv",
        "csv",
        0,
        &RowFilter::default(),
        &ImportOptions::default(),
    );
});
