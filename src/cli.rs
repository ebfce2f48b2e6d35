//! The command line as the user types it (clap), each value already of its
//! type (`--lang` a language, `--as-of` a date, `--encoding` an encoding:
//! a bad value is clap's usage error, exit 2). Nothing here reads files;
//! [`crate::run`] turns these arguments and the project file into settings.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::config::TextEncoding;
use crate::model::{Chart, Lang};

/// `--chart`: municipal or private.
fn parse_chart(text: &str) -> Result<Chart, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "municipal" => Ok(Chart::Municipal),
        "private" => Ok(Chart::Private),
        _ => Err("expected municipal or private".to_string()),
    }
}

/// `--lang`: fi or en.
fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| "expected fi or en".to_string())
}

/// `--as-of`: a date as d.m.yyyy or yyyy-mm-dd.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    // Before any project file is read: English, as the other argument errors.
    crate::dates::parse_date(text).map_err(|e| e.to_string())
}

/// `--encoding`: utf-8, windows-1252 or utf-16.
fn parse_encoding(text: &str) -> Result<TextEncoding, String> {
    TextEncoding::parse(text).ok_or_else(|| "expected utf-8, windows-1252 or utf-16".to_string())
}

/// velho reconciles a funded project's accounting against its approved cost
/// plan and writes an annotated Excel workbook for the finance officer.
#[derive(Debug, Parser)]
#[command(
    name = "velho",
    version,
    about = "Reconcile a funded project's ledger against its cost plan and write an Excel workbook",
    long_about = "velho reads a project's accounting exports (CSV or Excel files from Visma, Basware, \
Raindance, Netvisor, Procountor, SAP…), keeps the rows of the project, maps each account to a cost \
category of the approved plan, and writes a workbook that shows plan against realised costs, the \
funder's share, the organisation's own share and overrun, and every problem it found.\n\n\
A project is a folder holding a project file, velho.toml, and a folder of ledger exports. \
velho init writes a commented starter velho.toml from the exports; see the README for every key.",
    after_help = "Exit status: 0 = done (findings are part of the result); 1 = done, but with --strict \
and error-level findings; 2 = could not run, nothing was written.\n\n\
Examples:\n  velho reconcile samples/yritysvelho -o yritysvelho.xlsx\n\n\
A new project:\n  velho init projects/hanke      (then fill in the FILL IN / TÄYTÄ values)\n  velho check projects/hanke\n  velho reconcile projects/hanke"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reconcile a project and write the reconciliation workbook.
    #[command(
        long_about = "Reads the project file and every ledger export it names, keeps the project's rows, \
and writes the reconciliation workbook: Summary (plan against realised per category, funder's share, \
own share, overrun, what was applied for, approved and paid), By month (realised against the plan \
phased over the months, with a forecast), Payments (each payment period against the funder's \
decision, its arithmetic checked), Transactions (every project row with its source file and row, \
category and status), Findings (what needs your attention) and Sources (each input file, its \
SHA-256 and where its rows went).\n\nThe input files are only read, never changed. The workbook is written to a \
temporary file first and then renamed into place, so a failed run leaves nothing half-written.",
        after_help = "Examples:\n  velho reconcile samples/yritysvelho\n  velho reconcile projects/yritysvelho/velho.toml -o ~/raportit/yritysvelho-2022.xlsx --lang en\n  velho reconcile projects/yritysvelho --as-of 30.6.2022 --strict"
    )]
    Reconcile(ReconcileArgs),

    /// Prepare a payment application (maksatushakemus) for one payment period.
    #[command(
        long_about = "Prepares the payment application of one payment period as a workbook: the costs of \
the period by cost category with the ledger lines behind each figure, the flat rate, revenues deducted \
before the funding rate, the funder's share, what was claimed in earlier periods and the cumulative \
totals against the plan and the maximum grant. For the final period it adds the whole project's \
costs, the overrun that stays with the organisation and the final payment still due.\n\n\
The ledger extract (kirjanpitoraportti) the funder asks for is a sheet of the workbook and a CSV \
file beside it. Rows already claimed, posted into an already claimed period after its claim, \
deducted earlier by the funder, in a category without budget or covered by the flat rate are not \
claimed; they are listed with the reason. Earlier claims are read from the claims folder, and \
from the funder's decisions for periods without one. A claim file is never overwritten.",
        after_help = "Examples:\n  velho claim samples/yritysvelho --period 3\n  velho claim projects/yritysvelho --period 1.7.2022..31.12.2022 -o loppumaksatus.xlsx"
    )]
    Claim(ClaimArgs),

    /// Show how velho reads ledger exports (encoding, columns, formats, skipped rows, totals).
    #[command(
        long_about = "Reads one or more ledger exports the way `velho reconcile` would and tells, for \
each file: what kind of file it is, its text encoding and delimiter (CSV) or the sheet it read \
(spreadsheets), the row that holds the column names, which column velho takes for the date, \
account, amount and so on, the decimal mark and date format it found, the rows it skips and why, \
and the file's own totals rows compared with the rows above them. Every row of the file is read: \
there is no project filter here.\n\nWith --rows, velho prints every ledger row it read as plain \
CSV instead (dates as yyyy-mm-dd, amounts with a decimal point, debit minus credit), for use in \
other programs.\n\nA file that cannot be read is reported and the next one is read; the exit \
status is 2 when any file could not be read.",
        after_help = "Examples:\n  velho inspect ledger/kirjanpito_2021.csv\n  velho inspect ledger/*.csv ledger/*.xlsx\n  velho inspect kirjanpito.xlsx --sheet Pääkirja --rows > rivit.csv"
    )]
    Inspect(InspectArgs),

    /// Write a starter velho.toml from the ledger exports in a folder.
    #[command(
        long_about = "Reads every ledger export in the folder and its subfolders and writes a commented \
velho.toml beside them for you to complete: the project codes and cost centres found (each with its \
rows, first and last posting date and sum: delete the lines that are not your project's), the \
accounts found with their names, rows and sums, grouped into suggested cost categories by the \
chart of accounts, the project period from the dates, and placeholders (FILL IN / TÄYTÄ) for the \
plan, the funding rate and the maximum grant that velho check refuses until you fill them. \
Commented examples show payment periods, decisions, stated figures, claims and the flat-rate models.\n\n\
The municipal chart (JHS 192) and the private-sector one clash: account 4000 is salaries in one and \
purchases in the other. Without --chart, velho guesses from the accounts and their names and says \
why. An existing velho.toml is never replaced (exit 2).",
        after_help = "Examples:\n  velho init projects/hanke\n  velho init . --chart private --lang fi\n\nThen: edit velho.toml, velho check, velho reconcile."
    )]
    Init(InitArgs),

    /// Check a project file and every input without writing anything.
    #[command(
        long_about = "Reads the project file and every input the way velho reconcile would, and prints \
what to fix, in order: values still to fill in, unknown or missing keys, overlapping account \
ranges, inputs that cannot be read, accounts no category maps, a filter that matches no rows, \
gaps between payment periods, and every other finding. Nothing is written.",
        after_help = "Exit status: 0 = velho reconcile would write the workbook (warnings and findings \
are printed); 1 = with --strict, error-level findings; 2 = it could not run (values to fill in, a bad \
key, an unreadable input).\n\nExamples:\n  velho check\n  velho check projects/hanke --strict"
    )]
    Check(CheckArgs),

    /// Write a template to fill in by hand: `velho template decision`.
    #[command(subcommand)]
    Template(TemplateKind),
}

/// What `velho template` writes.
#[derive(Debug, Subcommand)]
pub enum TemplateKind {
    /// A payment-decision workbook to type the funder's decision into.
    #[command(
        long_about = "Writes a payment-decision workbook (maksatuspäätös) in the layout velho reads, \
with the project's own cost categories and the period's dates filled in. Funders send decisions \
as PDF letters: type the letter's figures into the yellow cells (the decision number and date, \
the funding rate, paid now, paid earlier, and per category applied, approved, deducted and why), \
then move the file into the project's decisions folder, where velho reads it.\n\n\
The template is written to the current folder (or -o), never into the decisions folder, so an \
unfilled template never breaks a run; an existing file is never replaced.",
        after_help = "Examples:\n  velho template decision --period 2\n  velho template decision projects/hanke --period 3 -o ~/Desktop/\n\n\
Then: fill in the yellow cells, move the file into decisions/, run velho check."
    )]
    Decision(DecisionTemplateArgs),
}

/// Options of `velho template decision`.
#[derive(Debug, Args)]
pub struct DecisionTemplateArgs {
    /// The project: a folder holding velho.toml, or the project file itself.
    /// Default: the current folder.
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,

    /// The payment period: its name in velho.toml (e.g. 2), or START..END
    /// (d.m.yyyy or yyyy-mm-dd).
    #[arg(long, value_name = "PERIOD")]
    pub period: String,

    /// Where to write the template: a file or a folder. Default:
    /// `<code>-maksatuspaatos-<period>.xlsx` (English: `-decision-`) in the
    /// current folder. Never the decisions folder; never over a file.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of the labels: fi or en. Default: the project file's
    /// `language`, else English. velho reads both.
    #[arg(long, value_name = "fi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `velho init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder holding the ledger exports (and their subfolders); the
    /// project file is written there. Default: the current folder.
    #[arg(value_name = "FOLDER")]
    pub folder: Option<PathBuf>,

    /// Language of the comments and of the project file: fi or en. Default: en.
    #[arg(long, value_name = "fi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// The chart of accounts the category suggestions assume: municipal
    /// (JHS 192) or private. Default: guessed from the accounts, and said why.
    #[arg(long, value_name = "municipal|private", value_parser = parse_chart)]
    pub chart: Option<Chart>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `velho check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project: a folder holding velho.toml, or the project file itself.
    /// Default: the current folder.
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,

    /// Check as of this date (d.m.yyyy or yyyy-mm-dd), as velho reconcile --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Language of the messages: fi or en. Default: the project file's
    /// `language`, else English.
    #[arg(long, value_name = "fi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Exit with status 1 when error-level findings exist.
    #[arg(long)]
    pub strict: bool,
}

/// Options of `velho claim`.
#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// The project: a folder holding velho.toml, or the project file itself.
    #[arg(value_name = "PROJECT")]
    pub project: PathBuf,

    /// The payment period: its name in velho.toml (e.g. 3), or START..END
    /// (d.m.yyyy or yyyy-mm-dd).
    #[arg(long, value_name = "PERIOD")]
    pub period: String,

    /// Where to write the claim workbook. Default: a new file in the
    /// project's claims folder. An existing file is never overwritten.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of the claim: fi (Finnish) or en (English).
    /// Default: the project file's `language`, else English.
    #[arg(long, value_name = "fi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `velho inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The ledger exports to read (CSV, text, xlsx, xlsm, xlsb, xls or ods).
    #[arg(value_name = "FILE", required_unless_present = "columns")]
    pub files: Vec<PathBuf>,

    /// Print the column names velho recognises (role, rank, language,
    /// system, header) instead of reading files; a role's rank 1 name wins
    /// over its rank 2 name when a file has both.
    #[arg(long)]
    pub columns: bool,

    /// Print every row read as CSV (file,sheet,row,date,voucher,account,account_name,
    /// cost_centre,project,description,amount) instead of the description.
    #[arg(long)]
    pub rows: bool,

    /// Read this sheet of a workbook (as `sheet` under [ledger] in velho.toml).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Read text files in this encoding: utf-8, windows-1252 or utf-16
    /// (as `encoding` under [ledger] in velho.toml). Default: detected.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<TextEncoding>,

    /// The language of the description and the messages: fi or en
    /// (default: en; no project file is read).
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// Options of `velho reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The project: a folder holding velho.toml, or the project file itself.
    /// Several projects (or a folder of project folders) are reconciled in one
    /// run: a ledger they share is read once, and -o names the folder for
    /// their workbooks and a portfolio overview.
    #[arg(value_name = "PROJECT", required = true, num_args = 1..)]
    pub project: Vec<PathBuf>,

    /// Where to write the workbook. Default: <project code>-reconciliation.xlsx
    /// in the current folder. An existing file is replaced, but never one of the inputs.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Count costs up to and including this date (d.m.yyyy or yyyy-mm-dd).
    /// Default: the latest posting date of the project's rows, at most the project end.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Language of the workbook and messages: fi (Finnish) or en (English).
    /// Default: the project file's `language`, else English.
    #[arg(long, value_name = "fi|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Exit with status 1 when error-level findings exist (the workbook is still written).
    /// For scripts that must stop on them.
    #[arg(long)]
    pub strict: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// Rows a Transactions sheet holds before continuing on the next
    /// (default: Excel's limit, 1 048 575). For tests.
    #[arg(long, hide = true, value_name = "N")]
    pub rows_per_sheet: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
