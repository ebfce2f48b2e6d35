//! velho reconciles an externally funded project's ledger against its
//! approved cost plan and the funder's decisions, and writes an annotated
//! Excel workbook.
//!
//! The data flows one way:
//!
//! 1. [`config`] reads the project file `velho.toml` into a validated [`config::Project`];
//! 2. [`import`] reads every accounting export (CSV or spreadsheet) into typed
//!    [`model::LedgerRow`]s of the project, each with its source file and row,
//!    counting the rows of other projects;
//! 3. [`reconcile`] drops repeated exports, dates each row into or out of the
//!    project period, maps it to one cost category, and adds up plan against
//!    realised and the funding split (pure functions, no I/O);
//! 4. [`checks`] turns what the reconciliation found into findings;
//! 5. [`report`] lays the result out as sheets and writes the `.xlsx` safely.
//!
//! [`money`] and [`dates`] hold the exact parsing and rounding rules everything shares.

pub mod checks;
pub mod claim;
pub mod cli;
pub mod config;
pub mod dates;
pub mod error;
pub mod import;
pub mod model;
pub mod money;
pub mod portfolio;
pub mod progress;
pub mod reconcile;
pub mod report;
pub mod run;
