//! velho reconciles an externally funded project's ledger against its
//! approved cost plan and the funder's decisions, and writes an annotated
//! Excel workbook.
//!
//! The data flows one way:
//!
//! 1. [`config`] reads the project file `velho.toml` into a validated [`config::Project`];
//! 2. [`import`] reads every accounting export (CSV or spreadsheet) into typed
//!    [`model::LedgerRow`]s of the project, each with its source file and row,
//!    counting the rows of other projects; and the funder's decisions and
//!    earlier claims; [`staff`] computes the staff costs per person and
//!    month under the project's staff-cost model;
//! 3. [`reconcile`] drops repeated exports, dates each row into or out of the
//!    project period, maps it to one cost category, and adds up plan against
//!    realised and the funding ledger (pure functions, no I/O); [`claim`]
//!    builds one period's payment application from it;
//! 4. [`checks`] turns what the reconciliation found into findings;
//! 5. [`report`] lays the result out as sheets and writes the `.xlsx` safely.
//!
//! [`inspect`], [`init`] and [`run`] are the commands. Below them all, [`text`]
//! (every text in both languages), [`error`], [`money`], [`dates`] and
//! [`model`] hold what everything shares. A module uses only the modules
//! before it in this order: text, error, money, dates,
//! model, progress, config, cli, import, staff, portfolio, reconcile, claim,
//! checks, report, inspect, init, run (`tests/module_graph.rs` holds it so).

#![warn(missing_docs, clippy::too_many_lines)]

pub mod checks;
pub mod claim;
pub mod cli;
pub mod config;
pub mod dates;
pub mod error;
#[cfg(test)]
pub(crate) mod fixture;
pub mod import;
pub mod init;
pub mod inspect;
pub mod model;
pub mod money;
pub mod portfolio;
pub mod progress;
pub mod reconcile;
pub mod report;
pub mod run;
pub mod staff;
pub mod text;
