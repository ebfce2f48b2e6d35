//! Integration tests: run the real `velho` binary on projects and read the
//! workbooks it writes back with calamine.

mod claims;
mod decisions;
mod harness;
mod import_corpus;
mod import_props;
mod project_rules;
mod recalc;
mod sample;
mod scale;
