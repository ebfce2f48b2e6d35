//! The pipeline every command runs: read the ledgers (as many at a time as
//! there are cores, each parser's panic contained), the decisions and the
//! earlier claims; reconcile; check; and the timings and the one-screen
//! summary printed after a run.

use std::borrow::Cow;

use super::*;
use crate::checks::Finding;
use crate::import::not_ledger::NotLedger;

/// Reads every ledger file of the project, reconciles, and runs the checks.
pub fn reconcile_project(project: &Project, as_of: AsOf) -> Result<Outcome> {
    reconcile_project_timed(project, as_of, &mut Timings::off(), &Bars::hidden(), None)
}

/// [`reconcile_project`], timed, with progress bars, and the rows of a
/// project of one ledger file passed to `tap` as they are read.
pub(super) fn reconcile_project_timed(
    project: &Project,
    as_of: AsOf,
    timings: &mut Timings,
    bars: &Bars,
    tap: Option<import::RowTap>,
) -> Result<Outcome> {
    let read = read_ledgers(project, bars, tap)?;
    let (project, files, skipped) = set_aside(project, read);
    let mut outcome = reconcile_files(&project, files, as_of, timings)?;
    if !skipped.is_empty() {
        let mut findings: Vec<Finding> = skipped
            .iter()
            .map(|(path, what)| not_a_ledger(&project, path, *what))
            .collect();
        findings.append(&mut outcome.findings);
        findings.sort_by_key(|f| f.severity);
        outcome.findings = findings;
    }
    Ok(outcome)
}

/// A ledger file read, or what a file that could not be read positively is instead.
pub(super) type LedgerRead = std::result::Result<LedgerFile, NotLedger>;

/// The project without the files that are not ledgers, the files read
/// (numbered again in the project's list) and the files set aside.
fn set_aside(
    project: &Project,
    read: Vec<LedgerRead>,
) -> (Cow<'_, Project>, Vec<LedgerFile>, Vec<(PathBuf, NotLedger)>) {
    if read.iter().all(std::result::Result::is_ok) {
        let files = read.into_iter().flatten().collect();
        return (Cow::Borrowed(project), files, Vec::new());
    }
    let mut kept = project.clone();
    kept.ledger_files.clear();
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for (path, file) in project.ledger_files.iter().zip(read) {
        match file {
            Ok(mut file) => {
                let index = files.len() as u32;
                for row in &mut file.rows {
                    row.source.file = index;
                }
                kept.ledger_files.push(path.clone());
                files.push(file);
            }
            Err(what) => skipped.push((path.clone(), what)),
        }
    }
    (Cow::Owned(kept), files, skipped)
}

/// The warning that a file in the ledger folder was skipped as not a ledger.
fn not_a_ledger(project: &Project, path: &Path, what: NotLedger) -> Finding {
    let shown = project.display_path(path);
    let (fi, en) = checks::in_both(|lang| {
        lang.fill(
            "finding.not_a_ledger_skipped",
            &[("file", &shown), ("what", &what.describe(lang))],
        )
    });
    Finding {
        severity: Severity::Warning,
        code: "NOT_A_LEDGER_SKIPPED",
        fi,
        en,
        amount: None,
        rows: Vec::new(),
    }
}

/// Reconciles a project whose ledger files are read: its decisions and
/// claims are read, then the reconciliation and the checks run.
pub(super) fn reconcile_files(
    project: &Project,
    files: Vec<LedgerFile>,
    as_of: AsOf,
    timings: &mut Timings,
) -> Result<Outcome> {
    reconcile_files_staffed(project, files, as_of, timings).map(|(outcome, _)| outcome)
}

/// [`reconcile_files`], with what the staff-cost model read (`None`
/// without `[staff]`): the checks across the projects of a run read it.
pub(super) fn reconcile_files_staffed(
    project: &Project,
    mut files: Vec<LedgerFile>,
    as_of: AsOf,
    timings: &mut Timings,
) -> Result<(Outcome, Option<staffing::StaffRun>)> {
    // The funding decision as changed by the change decisions in force.
    let project = &project.in_force(as_of.documents_until());
    let read: u64 = files.iter().map(|f| f.rows_read).sum();
    let kept = files.iter().map(|f| f.rows.len() as u64).sum();
    timings.stage("read", &[("rows", read), ("kept", kept)]);
    let decisions = project
        .decision_files
        .iter()
        .map(|path| {
            import::contained(&project.display_path(path), || {
                import::decision::read_decision(path, &project.display_path(path))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let claims = import::claim::read_claims(&project.claims.folder, |p| project.display_path(p))?;
    let as_of_date = reconcile::as_of_date(project, &files, as_of);
    let staff = staffing::staff_costs(project, &files, as_of_date)?;
    // The persons of the ledger's rows served the staff-cost model: the
    // rows go on without them.
    for file in &mut files {
        file.persons = None;
    }
    let costs = staff.as_ref().map(|s| s.costs.clone());
    let mut reconciliation =
        reconcile::reconcile_with_staff(project, files, decisions, &claims, as_of, costs)?;
    if let Some(run) = &staff {
        reconciliation.staff_files = run.files.clone();
    }
    reconciliation.persons = staffing::person_names(project, staff.as_ref());
    let mut findings = checks::run(project, &reconciliation);
    findings.extend(staffing::staff_findings(
        project,
        &reconciliation,
        staff.as_ref(),
    ));
    findings.sort_by_key(|f| f.severity);
    let rows = reconciliation.transactions.len() as u64;
    timings.stage("reconcile", &[("rows", rows)]);
    let outcome = Outcome {
        project: project.clone(),
        reconciliation,
        findings,
    };
    Ok((outcome, staff))
}

/// The opt-in stage timing report for the benchmark (`benches/scale`): with
/// `VELHO_TIMINGS=1` each stage prints one line to stderr, e.g.
/// `velho-timing stage=read seconds=0.412 rows=1000000 kept=50000 peak_rss_kib=81234`.
/// The peak is the process's high-water mark so far (Linux only), and
/// `with_readers_peak_rss_kib` that of velho and a workbook reader together.
pub(super) struct Timings {
    since: Option<Instant>,
}

impl Timings {
    pub(super) fn from_env() -> Timings {
        let on = std::env::var_os("VELHO_TIMINGS").is_some_and(|v| v == "1");
        Timings {
            since: on.then(Instant::now),
        }
    }

    pub(super) fn off() -> Timings {
        Timings { since: None }
    }

    /// Reports the stage that ends now and starts the next one.
    pub(super) fn stage(&mut self, name: &str, counts: &[(&str, u64)]) {
        let Some(since) = self.since else { return };
        let mut line = format!(
            "velho-timing stage={name} seconds={:.6}",
            since.elapsed().as_secs_f64()
        );
        for (key, value) in counts {
            line.push_str(&format!(" {key}={value}"));
        }
        if let Some(kib) = crate::import::guard::high_water_kib("/proc/self/status") {
            line.push_str(&format!(" peak_rss_kib={kib}"));
        }
        // The workbook readers (child processes) ran beside velho.
        let together = crate::import::guard::peak_with_readers_kib();
        line.push_str(&format!(" with_readers_peak_rss_kib={together}"));
        crate::say!("{line}");
        self.since = Some(Instant::now());
    }
}

/// Reads the project's ledger files, as many at a time as there are cores
/// (each on its own thread), the results in the files' order.
/// A file that cannot be read is set aside when it is positively not a
/// ledger ([`import::not_ledger`]); any other stops the run.
/// A project of one ledger file passes its rows to `tap` as they are read.
pub(super) fn read_ledgers(
    project: &Project,
    bars: &Bars,
    tap: Option<import::RowTap>,
) -> Result<Vec<LedgerRead>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs: Vec<(u32, &PathBuf)> = (0u32..).zip(&project.ledger_files).collect();
    let mut files = Vec::with_capacity(jobs.len());
    let mut tap = tap.filter(|_| jobs.len() == 1);
    for batch in jobs.chunks(cores) {
        let read = |&(i, path): &(u32, &PathBuf), tap: Option<import::RowTap>| {
            let shown = project.display_path(path);
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let bar = bars.reading(&shown, size);
            let file = import::contained(&shown, || {
                import::read_ledger_with_progress(
                    path,
                    &shown,
                    i,
                    &project.filter,
                    &project.ledger_options,
                    &|done, total| bar.set(done, total),
                    tap,
                )
            });
            bar.finish();
            match file {
                Ok(file) => Ok(Ok(file)),
                Err(e) => match import::not_ledger::recognise(path, &shown) {
                    Some(what) => Ok(Err(what)),
                    None => Err(e),
                },
            }
        };
        if batch.len() == 1 {
            files.push(read(&batch[0], tap.take())?);
            continue;
        }
        let results: Vec<Result<LedgerRead>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|job| scope.spawn(move || read(job, None)))
                .collect();
            handles
                .into_iter()
                .zip(batch)
                .map(|(h, (_, path))| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::input(
                            Location::file(project.display_path(path)),
                            Message::new("cli.file_unreadable_unknown"),
                        ))
                    })
                })
                .collect()
        });
        for file in results {
            files.push(file?);
        }
    }
    Ok(files)
}

/// The one-screen summary printed to stderr after a run.
pub fn summary_text(report: &Report, output: &Path) -> String {
    let lang = report.lang;
    let eur = |amount| format_eur(amount, lang == Lang::Fi);
    let f = &report.rec.funding;
    let mut lines = vec![
        lang.fill("cli.wrote", &[("file", &output.display())]),
        format!(
            "  {}",
            lang.fill(
                "cli.realised",
                &[
                    ("realised", &eur(f.realised)),
                    ("eligible", &eur(f.eligible)),
                    ("plan", &eur(f.plan)),
                ],
            )
        ),
    ];
    if let Some(basis) = f.approved_basis {
        let basis = lang.fill("cli.approved_basis", &[("amount", &eur(basis))]);
        lines.push(format!("  {basis}"));
    }
    lines.push(format!(
        "  {}",
        lang.fill(
            "cli.shares",
            &[
                ("funder", &eur(f.funder_share)),
                ("own", &eur(f.own_share)),
                ("overrun", &eur(f.overrun)),
            ],
        )
    ));
    if let Some(first) = report.findings.iter().find(|f| f.code == "NO_PROJECT_ROWS") {
        lines.insert(0, first.message(lang).to_string());
    }
    // Counts agree in number: 1 virhe, 2 virhettä; 1 error, 2 errors.
    let count = |s: Severity, key: &str| {
        lang.count(
            key,
            report.findings.iter().filter(|f| f.severity == s).count(),
        )
    };
    lines.push(format!(
        "  {}",
        lang.fill(
            "cli.findings",
            &[
                ("errors", &count(Severity::Error, "count.errors")),
                ("warnings", &count(Severity::Warning, "count.warnings")),
                ("notes", &count(Severity::Info, "count.notes")),
            ],
        )
    ));
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .take(20)
    {
        lines.push(format!(
            "  - {}: {}",
            finding.severity.label(lang),
            finding.message(lang)
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
