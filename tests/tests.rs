//! Integration tests: run the real `velho` binary on projects and read the
//! workbooks it writes back with calamine.

mod broken_quotes;
mod claims;
mod decision_template;
mod decisions;
mod early;
mod funding_model;
mod funding_props;
mod gentle_rules;
mod harness;
mod header_vocabulary;
mod hostile;
mod import_corpus;
mod import_props;
mod init_check;
mod journal_layouts;
mod layout_pairs;
mod ledger_layouts;
mod module_graph;
mod osaajat;
mod print;
mod project_rules;
mod recalc;
mod sample;
mod scale;
mod staff;
mod staff_ledger;
mod staff_organisation;
mod staff_portfolio;
mod staff_privacy;
