//! Runs a command and gives its exit status. [`run`] dispatches:
//!
//! - `velho reconcile`: `reconciling` (its settings, one project or many);
//! - `velho claim`: `claiming`;
//! - `velho inspect`: [`crate::inspect`];
//! - `velho init`: [`crate::init`];
//! - `velho check`: `checking`;
//! - `velho template decision`: `templating`.
//!
//! Each builds its settings from the typed arguments ([`crate::cli`]) and the
//! project file, then runs the one pipeline (`pipeline`: import →
//! reconcile → checks) before its report. What every command shares lives
//! here: the project loaded with velho's own outputs set aside, the one
//! list of inputs no output may replace, the language, and output names.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::checks::{self, Severity};
use crate::claim;
use crate::cli::{ClaimArgs, Cli, Command, ReconcileArgs};
use crate::config::{Period, Project};
use crate::error::{Error, Location, Result};
use crate::import::{self, LedgerFile};
use crate::model::Lang;
use crate::money::format_eur;
use crate::progress::Bars;
use crate::reconcile::{self, AsOf, Reconciliation};
use crate::report::{self, Report};
use crate::text::Message;

mod checking;
mod claiming;
mod pipeline;
mod reconciling;
mod staffing;
mod templating;

pub use crate::error::{EXIT_FAILED, EXIT_FINDINGS, EXIT_OK};
use claiming::claim_command;
use pipeline::*;
pub use pipeline::{reconcile_project, summary_text};
use reconciling::reconcile_command;

/// Runs the parsed command line and returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Reconcile(args) => reconcile_command(&args),
        Command::Claim(args) => claim_command(&args),
        Command::Inspect(args) => crate::inspect::inspect_command(&args),
        Command::Init(args) => crate::init::init_command(&args),
        Command::Check(args) => checking::check_command(&args),
        Command::Template(kind) => templating::template_command(&kind),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`velho inspect --rows | head`):
        // nothing is wrong with the inputs, so stop quietly.
        Err(e)
            if matches!(e.inner(), Error::Io { source, .. }
                if source.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            EXIT_OK
        }
        Err(e) => {
            crate::say!("velho: {e}");
            EXIT_FAILED
        }
    }
}

pub use crate::report::Outcome;

/// A mistake on the command line, said in `lang`.
fn usage(lang: Lang, message: Message) -> Error {
    Error::input(Location::file(lang.text("cli.command_line")), message).in_language(lang)
}

/// `--lang`, else the project file's language, else English: the language
/// of the output and, once the project file is read, of the command's
/// messages. An error velho words in it is said in it whole
/// ([`Error::in_language`]); the project file's errors are said in the
/// file's own language, or in `--lang` by `check` and `template`; the
/// import layer's stay English until their messages are in the catalogue.
fn language(arg: Option<Lang>, project: &Project) -> Lang {
    arg.or(project.language).unwrap_or(Lang::En)
}

/// Reads the project file, and leaves velho's own workbooks (a
/// reconciliation or claim saved into the ledger folder) out of the ledger
/// files: recognised by what velho writes into them, whatever their name.
fn load_project(path: &Path) -> Result<Project> {
    let file = path.join("velho.toml");
    if path.is_dir() && std::fs::symlink_metadata(&file).is_err() {
        return Err(Error::input(
            Location::file(file.display().to_string()),
            Message::new("cli.no_project_file"),
        ));
    }
    let mut project = Project::load(path)?;
    let (own, ledgers) = std::mem::take(&mut project.ledger_files)
        .into_iter()
        .partition(|p| import::own::is_velho_output(p));
    project.ledger_files = ledgers;
    project.own_outputs = own;
    Ok(project)
}

/// Reads the project file for a command, whose messages follow `--lang`
/// (else the project file's language, else English): a
/// missing file, values still to fill in or a value the file gets wrong
/// are said in that language.
fn load_project_in(path: &Path, lang: Option<Lang>) -> Result<Project> {
    match (load_project(path), lang) {
        (Err(error), Some(lang)) => Err(error.in_language(lang)),
        (loaded, _) => loaded,
    }
}

/// Every input of a project, the one list no output may replace: the
/// project file, the ledger, decision and claim files, and every file in
/// the ledger, decisions and claims folders.
fn inputs_of(project: &Project) -> Vec<PathBuf> {
    let mut inputs = vec![project.file.clone()];
    inputs.extend(project.ledger_files.iter().cloned());
    inputs.extend(project.decision_files.iter().cloned());
    if let Some(staff) = &project.staff {
        inputs.extend(
            staff
                .payroll_files
                .iter()
                .chain(&staff.working_time_files)
                .cloned(),
        );
    }
    let folders = project
        .ledger_files
        .iter()
        .chain(&project.decision_files)
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .chain(project.input_folders.iter().cloned())
        .chain([project.claims.folder.clone()]);
    for folder in folders {
        if let Ok(entries) = std::fs::read_dir(&folder) {
            // An earlier reconciliation velho wrote there may be replaced.
            inputs.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| !import::own::is_replaceable_output(p)),
            );
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs
}

/// `--as-of DATE`: a past date's reconciliation; else the latest posting.
fn as_of_arg(arg: Option<NaiveDate>) -> AsOf {
    arg.map_or(AsOf::Latest, AsOf::Past)
}

/// True when a path given as `-o` ends with a path separator (`out/`).
fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// `<project code>-reconciliation.xlsx` in the current folder, the code made safe for a file name.
fn default_output(project: &Project) -> PathBuf {
    PathBuf::from(format!(
        "{}-reconciliation.xlsx",
        file_name_part(&project.code)
    ))
}

/// A text (a project code, a period's name) made safe as part of a file
/// name: letters, digits, `-` and `_` kept, anything else (`/`, `..`) `_`,
/// so an output never lands outside its folder.
fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT: &str = "[project]\nname = \"Testi\"\ncode = \"T1\"\nstart = 2021-01-01\nend = 2021-12-31\n[funding]\nfunder = \"Liitto\"\nrate_percent = 150\n[filter]\nprojects = [\"T1\"]\n[ledger]\nfiles = [\"a.csv\"]\n[[category]]\nid = \"staff\"\nfi = \"Henkilöstö\"\nen = \"Staff\"\nplan = 1000\naccounts = [\"4000\"]\n";

    /// `check` and `template` say a wrong value in `--lang`, else in the
    /// project file's language.
    #[test]
    fn a_wrong_value_is_said_in_lang_else_in_the_files_language() {
        let dir = tempfile::tempdir().unwrap();
        let said = |text: &str, lang: Option<Lang>| {
            std::fs::write(dir.path().join("velho.toml"), text).unwrap();
            let error = load_project_in(dir.path(), lang).unwrap_err().to_string();
            let file = dir.path().join("velho.toml");
            error.replace(&file.display().to_string(), "velho.toml")
        };
        let english = "project file velho.toml: `funding.rate_percent` is 150; expected a percentage from 0 to 100";
        let finnish = "projektitiedosto velho.toml: `funding.rate_percent` on 150; sen pitää olla prosenttiluku 0–100";
        let in_finnish = format!("language = \"fi\"\n{PROJECT}");
        assert_eq!(said(PROJECT, None), english);
        assert_eq!(said(PROJECT, Some(Lang::Fi)), finnish);
        assert_eq!(said(&in_finnish, None), finnish);
        assert_eq!(said(&in_finnish, Some(Lang::En)), english);
    }
}
