//! Runs a command: validated settings from the raw arguments, then the
//! pipeline import → reconcile → checks → report, and the exit status.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::checks::{self, Finding, Severity};
use crate::cli::{Cli, Command, ReconcileArgs};
use crate::config::Project;
use crate::error::{Error, Location, Result};
use crate::import::{self, LedgerFile};
use crate::model::Lang;
use crate::money::format_eur;
use crate::reconcile::{self, Reconciliation};
use crate::report::{self, Report};

/// Exit status: done.
pub const EXIT_OK: i32 = 0;
/// Exit status: done, but `--strict` and error-level findings exist.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: could not run; nothing was written.
pub const EXIT_FAILED: i32 = 2;

/// Runs the parsed command line and returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Reconcile(args) => reconcile_command(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("velho: {e}");
            EXIT_FAILED
        }
    }
}

/// What a reconciliation produced.
pub struct Outcome {
    /// The project.
    pub project: Project,
    /// The reconciliation.
    pub reconciliation: Reconciliation,
    /// Its findings.
    pub findings: Vec<Finding>,
}

/// Settings of one `reconcile` run, validated.
struct ReconcileSettings {
    project: Project,
    lang: Lang,
    as_of: Option<NaiveDate>,
    output: PathBuf,
}

fn settings(args: &ReconcileArgs) -> Result<ReconcileSettings> {
    let project = Project::load(&args.project)?;
    let usage = |message: String| Error::input(Location::file("command line"), message);
    let lang = match &args.lang {
        Some(l) => {
            Lang::parse(l).ok_or_else(|| usage(format!("--lang is \"{l}\"; expected fi or en")))?
        }
        None => project.language.unwrap_or(Lang::En),
    };
    let as_of = match &args.as_of {
        Some(d) => Some(crate::dates::parse_date(d).map_err(|e| usage(format!("--as-of: {e}")))?),
        None => None,
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&project));
    let mut inputs = project.ledger_files.clone();
    inputs.push(project.file.clone());
    report::output::check_not_an_input(&output, &inputs)?;
    Ok(ReconcileSettings {
        project,
        lang,
        as_of,
        output,
    })
}

/// `<project code>-reconciliation.xlsx` in the current folder, the code made safe for a file name.
fn default_output(project: &Project) -> PathBuf {
    let code: String = project
        .code
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(format!("{code}-reconciliation.xlsx"))
}

fn reconcile_command(args: &ReconcileArgs) -> Result<i32> {
    let s = settings(args)?;
    let mut timings = Timings::from_env();
    let outcome = reconcile_project_timed(&s.project, s.as_of, &mut timings)?;
    let rows = outcome.reconciliation.transactions.len() as u64;
    let report = Report {
        project: &s.project,
        rec: &outcome.reconciliation,
        findings: &outcome.findings,
        lang: s.lang,
    };
    let mut workbook = report::render(&report).map_err(|e| Error::Output {
        path: s.output.clone(),
        message: e.to_string(),
    })?;
    timings.stage("render", &[("rows", rows)]);
    report::output::save(&mut workbook, &s.output)?;
    timings.stage("save", &[("rows", rows)]);
    if !args.quiet {
        eprint!("{}", summary_text(&report, &s.output));
    }
    let has_errors = outcome
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(if args.strict && has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Reads every ledger file of the project, reconciles, and runs the checks.
pub fn reconcile_project(project: &Project, as_of: Option<NaiveDate>) -> Result<Outcome> {
    reconcile_project_timed(project, as_of, &mut Timings::off())
}

fn reconcile_project_timed(
    project: &Project,
    as_of: Option<NaiveDate>,
    timings: &mut Timings,
) -> Result<Outcome> {
    let files = project
        .ledger_files
        .iter()
        .enumerate()
        .map(|(i, path)| read_contained(path, &project.display_path(path), i as u32, project))
        .collect::<Result<Vec<_>>>()?;
    let read: u64 = files.iter().map(|f| f.rows_read).sum();
    let kept = files.iter().map(|f| f.rows.len() as u64).sum();
    timings.stage("read", &[("rows", read), ("kept", kept)]);
    let reconciliation = reconcile::reconcile(project, files, as_of)?;
    let findings = checks::run(project, &reconciliation);
    let rows = reconciliation.transactions.len() as u64;
    timings.stage("reconcile", &[("rows", rows)]);
    Ok(Outcome {
        project: project.clone(),
        reconciliation,
        findings,
    })
}

/// The opt-in stage timing report for the benchmark (`benches/scale`): with
/// `VELHO_TIMINGS=1` each stage prints one line to stderr, e.g.
/// `velho-timing stage=read seconds=0.412 rows=1000000 kept=50000 peak_rss_kib=81234`.
/// The peak is the process's high-water mark so far (Linux only).
struct Timings {
    since: Option<Instant>,
}

impl Timings {
    fn from_env() -> Timings {
        let on = std::env::var_os("VELHO_TIMINGS").is_some_and(|v| v == "1");
        Timings {
            since: on.then(Instant::now),
        }
    }

    fn off() -> Timings {
        Timings { since: None }
    }

    /// Reports the stage that ends now and starts the next one.
    fn stage(&mut self, name: &str, counts: &[(&str, u64)]) {
        let Some(since) = self.since else { return };
        let mut line = format!(
            "velho-timing stage={name} seconds={:.6}",
            since.elapsed().as_secs_f64()
        );
        for (key, value) in counts {
            line.push_str(&format!(" {key}={value}"));
        }
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(kib) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            line.push_str(&format!(" peak_rss_kib={kib}"));
        }
        eprintln!("{line}");
        self.since = Some(Instant::now());
    }
}

/// Reads one file; a panic inside a parser becomes an error naming the file.
fn read_contained(
    path: &Path,
    shown_as: &str,
    index: u32,
    project: &Project,
) -> Result<LedgerFile> {
    catch_unwind(AssertUnwindSafe(|| {
        import::read_ledger(path, shown_as, index, &project.filter)
    }))
    .unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown error".into());
        Err(Error::input(
            Location::file(shown_as),
            format!("the file could not be read: {reason}"),
        ))
    })
}

/// The one-screen summary printed to stderr after a run.
pub fn summary_text(report: &Report, output: &Path) -> String {
    let lang = report.lang;
    let fi = lang == Lang::Fi;
    let f = &report.rec.funding;
    let mut text = format!(
        "{} {}\n  {} {} / {} {}\n  {} {}, {} {}, {} {}\n",
        lang.pick("Kirjoitettu", "Wrote"),
        output.display(),
        lang.pick("Toteuma", "Realised"),
        format_eur(f.eligible, fi),
        lang.pick("suunnitelma", "plan"),
        format_eur(f.plan, fi),
        lang.pick("rahoittajan osuus", "funder's share"),
        format_eur(f.funder_share, fi),
        lang.pick("omarahoitus", "own share"),
        format_eur(f.own_share, fi),
        lang.pick("ylitys", "overrun"),
        format_eur(f.overrun, fi),
    );
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    text.push_str(&format!(
        "  {}: {} {}, {} {}, {} {}\n",
        lang.pick("Havainnot", "Findings"),
        count(Severity::Error),
        lang.pick("virhettä", "errors"),
        count(Severity::Warning),
        lang.pick("varoitusta", "warnings"),
        count(Severity::Info),
        lang.pick("huomiota", "notes"),
    ));
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .take(20)
    {
        text.push_str(&format!(
            "  - {}: {}\n",
            finding.severity.label(lang),
            finding.message(lang)
        ));
    }
    text
}
