//! The modules both sample generators share, one copy of each: included by
//! `samples/generate/main.rs` and `samples/generate_osaajat/main.rs` with
//! `#[path]`.

pub mod calendar;
pub mod csv_text;
pub mod workbook;
