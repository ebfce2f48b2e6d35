//! Integration tests: run the real `velho` binary on projects and read the
//! workbooks it writes back with calamine.

mod claims;
mod decisions;
mod funding_model;
mod funding_props;
mod harness;
mod hostile;
mod import_corpus;
mod import_props;
mod module_graph;
mod osaajat;
mod project_rules;
mod recalc;
mod sample;
mod scale;
mod staff;
