//! Runs a command: validated settings from the raw arguments, then the
//! pipeline import → reconcile → checks → report, and the exit status.

use std::path::{Path, PathBuf};
use std::time::Instant;

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

pub use crate::error::{EXIT_FAILED, EXIT_FINDINGS, EXIT_OK};

/// Runs the parsed command line and returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Reconcile(args) => reconcile_command(&args),
        Command::Claim(args) => claim_command(&args),
        Command::Inspect(args) => crate::inspect::inspect_command(&args),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`velho inspect --rows | head`):
        // nothing is wrong with the inputs, so stop quietly.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            crate::say!("velho: {e}");
            EXIT_FAILED
        }
    }
}

pub use crate::report::Outcome;

/// Settings of one `reconcile` run, validated.
struct ReconcileSettings {
    project: Project,
    lang: Lang,
    as_of: AsOf,
    output: PathBuf,
}

fn usage(message: String) -> Error {
    Error::input(Location::file("command line"), message)
}

/// `--lang`, else the project file's language, else English.
fn language(arg: &Option<String>, project: &Project) -> Result<Lang> {
    match arg {
        Some(l) => {
            Lang::parse(l).ok_or_else(|| usage(format!("--lang is \"{l}\"; expected fi or en")))
        }
        None => Ok(project.language.unwrap_or(Lang::En)),
    }
}

/// Reads the project file, and leaves velho's own workbooks (a
/// reconciliation or claim saved into the ledger folder) out of the ledger
/// files: recognised by what velho writes into them, whatever their name.
fn load_project(path: &Path) -> Result<Project> {
    let mut project = Project::load(path)?;
    let (own, ledgers) = std::mem::take(&mut project.ledger_files)
        .into_iter()
        .partition(|p| import::own::is_velho_output(p));
    project.ledger_files = ledgers;
    project.own_outputs = own;
    Ok(project)
}

/// Every input of a project, the one list no output may replace: the
/// project file, the ledger, decision and claim files, and every file in
/// the ledger, decisions and claims folders.
fn inputs_of(project: &Project) -> Vec<PathBuf> {
    let mut inputs = vec![project.file.clone()];
    inputs.extend(project.ledger_files.iter().cloned());
    inputs.extend(project.decision_files.iter().cloned());
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
fn as_of_arg(arg: &Option<String>) -> Result<AsOf> {
    match arg {
        Some(d) => Ok(AsOf::Past(
            crate::dates::parse_date(d).map_err(|e| usage(format!("--as-of: {e}")))?,
        )),
        None => Ok(AsOf::Latest),
    }
}

fn settings(args: &ReconcileArgs, path: &Path) -> Result<ReconcileSettings> {
    let project = load_project(path)?;
    let lang = language(&args.lang, &project)?;
    let as_of = as_of_arg(&args.as_of)?;
    // A folder given as -o gets the default name inside it; a path ending
    // in a separator names a folder, made if missing (as for several projects).
    let output = match &args.output {
        Some(o) if o.is_dir() => o.join(default_output(&project)),
        Some(o) if names_a_folder(o) => {
            std::fs::create_dir_all(o).map_err(|e| Error::io(o, e))?;
            o.join(default_output(&project))
        }
        Some(o) => o.clone(),
        None => default_output(&project),
    };
    report::output::check_not_an_input(&output, &inputs_of(&project))?;
    Ok(ReconcileSettings {
        project,
        lang,
        as_of,
        output,
    })
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

fn reconcile_command(args: &ReconcileArgs) -> Result<i32> {
    let projects = crate::portfolio::expand(&args.project)?;
    if projects.len() > 1 {
        return reconcile_many(args, &projects);
    }
    let s = settings(args, &projects[0])?;
    let mut timings = Timings::from_env();
    let bars = crate::progress::Bars::new(args.quiet);
    let outcome = reconcile_project_timed(&s.project, s.as_of, &mut timings, &bars)?;
    let rows = outcome.reconciliation.transactions.len() as u64;
    // The project as the change decisions in force leave it.
    let report = Report {
        project: &outcome.project,
        rec: &outcome.reconciliation,
        findings: &outcome.findings,
        lang: s.lang,
        rows_per_sheet: args.rows_per_sheet.unwrap_or(report::EXCEL_ROWS),
    };
    let bar = bars.writing(&s.output.display().to_string(), rows);
    let mut workbook =
        report::render_with_progress(&report, &|done| bar.set(done, rows)).map_err(|e| {
            Error::Output {
                path: s.output.clone(),
                message: e.to_string(),
            }
        })?;
    timings.stage("render", &[("rows", rows)]);
    report::output::save(&mut workbook, &s.output, report::output::Existing::Replace)?;
    bar.finish();
    timings.stage("save", &[("rows", rows)]);
    if !args.quiet {
        crate::say_part!("{}", summary_text(&report, &s.output));
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

fn claim_command(args: &ClaimArgs) -> Result<i32> {
    let project = load_project(&args.project)?;
    let lang = language(&args.lang, &project)?;
    let period = claim_period(&project, &args.period)?;
    let outcome = reconcile_project(&project, AsOf::Costs(period.end.min(project.end)))?;
    // The project as the change decisions in force leave it.
    let project = outcome.project.clone();
    refuse_unsure_decisions(&outcome.reconciliation)?;
    let folder = &project.claims.folder;
    let mut earlier = import::claim::read_claims(folder, |p| project.display_path(p))?;
    earlier.extend(claim::from_decisions(
        &project,
        &outcome.reconciliation,
        &earlier,
    ));
    let claim = claim::prepare(&project, &outcome.reconciliation, &period, earlier)?;
    let default_name = format!(
        "{}-{}-{}.xlsx",
        file_name_part(&project.code),
        lang.pick("maksatushakemus", "claim"),
        file_name_part(&period.name)
    );
    let output = match &args.output {
        Some(o) if o.is_dir() => o.join(&default_name),
        Some(o) => o.clone(),
        None => {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            folder.join(format!(
                "{}-{}-{}.xlsx",
                file_name_part(&project.code),
                lang.pick("maksatushakemus", "claim"),
                file_name_part(&period.name)
            ))
        }
    };
    let csv = output.with_file_name(format!(
        "{}-{}.csv",
        output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        lang.pick("kirjanpitoraportti", "ledger-extract")
    ));
    let keep = report::output::Existing::Keep;
    for path in [&output, &csv] {
        if path.exists() {
            return Err(Error::Output { path: path.clone(), message: "the file exists already and velho never overwrites a claim; remove it or name another file with -o".into() });
        }
    }
    for path in [&output, &csv] {
        report::output::check_not_an_input(path, &inputs_of(&project))?;
    }
    let mut workbook =
        report::claim::render(&project, &claim, lang).map_err(|e| Error::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
    report::output::save(&mut workbook, &output, keep)?;
    report::output::save_text(
        &report::claim::extract_csv(&project, &claim, lang),
        &csv,
        keep,
    )?;
    if !args.quiet {
        let written = format!("{} + {}", output.display(), csv.display());
        crate::say_part!(
            "{}",
            report::claim::summary_text(&project, &claim, lang, &written)
        );
    }
    Ok(EXIT_OK)
}

/// A claim counts the funder's earlier decisions: one velho cannot place in
/// a period, or two for one period, would leave money out or count it twice,
/// so the claim is not prepared until they are put right.
fn refuse_unsure_decisions(rec: &Reconciliation) -> Result<()> {
    let pay = &rec.payments;
    if let Some(&d) = pay.unplaced.first() {
        let dec = &pay.decisions[d];
        return Err(Error::input(
            Location::file(&dec.path),
            format!(
                "the decision's payment period {}–{} is none of the [[period]] tables of velho.toml, so a claim cannot count what it paid; correct the period in the decision or in velho.toml first",
                crate::dates::finnish(dec.period.0),
                crate::dates::finnish(dec.period.1)
            ),
        ));
    }
    if let Some(&d) = pay.repeated.first() {
        let dec = &pay.decisions[d];
        return Err(Error::input(
            Location::file(&dec.path),
            "another decision covers the same payment period, so a claim could count its payment twice; remove the old one from the folder, or say which it replaces (Korvaa päätöksen, or [decisions] replaces in velho.toml)",
        ));
    }
    Ok(())
}

/// The period of `--period`: a name from velho.toml, or START..END.
fn claim_period(project: &Project, text: &str) -> Result<Period> {
    if let Some(p) = project.periods.iter().find(|p| p.name == text.trim()) {
        return Ok(p.clone());
    }
    let names: Vec<&str> = project.periods.iter().map(|p| p.name.as_str()).collect();
    let Some((start, end)) = text.split_once("..") else {
        return Err(usage(format!(
            "--period \"{text}\" is not a period of velho.toml ({}) nor START..END such as 1.1.2021..30.6.2021",
            if names.is_empty() {
                "none configured".to_string()
            } else {
                names.join(", ")
            }
        )));
    };
    let start = crate::dates::parse_date(start).map_err(|e| usage(format!("--period: {e}")))?;
    let end = crate::dates::parse_date(end).map_err(|e| usage(format!("--period: {e}")))?;
    if end < start {
        return Err(usage(format!(
            "--period ends ({end}) before it starts ({start})"
        )));
    }
    Ok(project
        .periods
        .iter()
        .find(|p| p.start == start && p.end == end)
        .cloned()
        .unwrap_or(Period {
            name: format!(
                "{}-{}",
                crate::dates::finnish(start),
                crate::dates::finnish(end)
            ),
            start,
            end,
        }))
}

/// Reads every ledger file of the project, reconciles, and runs the checks.
pub fn reconcile_project(project: &Project, as_of: AsOf) -> Result<Outcome> {
    reconcile_project_timed(project, as_of, &mut Timings::off(), &Bars::hidden())
}

fn reconcile_project_timed(
    project: &Project,
    as_of: AsOf,
    timings: &mut Timings,
    bars: &Bars,
) -> Result<Outcome> {
    let files = read_ledgers(project, bars)?;
    reconcile_files(project, files, as_of, timings)
}

/// Reconciles a project whose ledger files are read: its decisions and
/// claims are read, then the reconciliation and the checks run.
fn reconcile_files(
    project: &Project,
    files: Vec<LedgerFile>,
    as_of: AsOf,
    timings: &mut Timings,
) -> Result<Outcome> {
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
    let reconciliation = reconcile::reconcile(project, files, decisions, &claims, as_of)?;
    let findings = checks::run(project, &reconciliation);
    let rows = reconciliation.transactions.len() as u64;
    timings.stage("reconcile", &[("rows", rows)]);
    Ok(Outcome {
        project: project.clone(),
        reconciliation,
        findings,
    })
}

/// `velho reconcile` with several projects: each shared ledger file is read
/// once; one workbook per project goes into the output folder, with a
/// portfolio overview beside them.
fn reconcile_many(args: &ReconcileArgs, paths: &[PathBuf]) -> Result<i32> {
    let projects = paths
        .iter()
        .map(|p| load_project(p))
        .collect::<Result<Vec<_>>>()?;
    // Two projects with one code would write one workbook over the other:
    // refused before anything is written.
    for (i, a) in projects.iter().enumerate() {
        if let Some(b) = projects[..i]
            .iter()
            .find(|b| default_output(b) == default_output(a))
        {
            return Err(usage(format!(
                "{} and {} have the same project code \"{}\", so their workbooks would have one name; give each project its own code",
                b.file.display(),
                a.file.display(),
                a.code
            )));
        }
    }
    let folder = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    if folder.is_file() {
        return Err(usage(format!(
            "-o {}: with several projects -o names a folder for their workbooks",
            folder.display()
        )));
    }
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let as_of = as_of_arg(&args.as_of)?;
    let files = crate::portfolio::read_shared(&projects, |path, shown, filter, project| {
        import::contained(shown, || {
            import::read_ledger(path, shown, 0, filter, &project.ledger_options)
        })
    })?;
    let mut lines = Vec::new();
    let mut code = EXIT_OK;
    for (project, files) in projects.iter().zip(files) {
        let lang = language(&args.lang, project)?;
        let outcome = reconcile_files(project, files, as_of, &mut Timings::off())?;
        let output = folder.join(default_output(project));
        report::output::check_not_an_input(&output, &inputs_of(project))?;
        let report = Report {
            project: &outcome.project,
            rec: &outcome.reconciliation,
            findings: &outcome.findings,
            lang,
            rows_per_sheet: args.rows_per_sheet.unwrap_or(report::EXCEL_ROWS),
        };
        let mut workbook = report::render(&report).map_err(|e| Error::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
        report::output::save(&mut workbook, &output, report::output::Existing::Replace)?;
        if !args.quiet {
            crate::say_part!("{}", summary_text(&report, &output));
        }
        if args.strict
            && outcome
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error)
        {
            code = EXIT_FINDINGS;
        }
        lines.push(report::portfolio::Line::of(&outcome, &output));
    }
    let lang = match &args.lang {
        Some(l) => {
            Lang::parse(l).ok_or_else(|| usage(format!("--lang is \"{l}\"; expected fi or en")))?
        }
        None => projects
            .first()
            .and_then(|p| p.language)
            .unwrap_or(Lang::En),
    };
    let overview = folder.join(lang.pick("hankesalkku.xlsx", "portfolio.xlsx"));
    let mut workbook = report::portfolio::render(&lines, lang).map_err(|e| Error::Output {
        path: overview.clone(),
        message: e.to_string(),
    })?;
    report::output::save(&mut workbook, &overview, report::output::Existing::Replace)?;
    if !args.quiet {
        crate::say!(
            "{} {}",
            lang.pick("Kirjoitettu", "Wrote"),
            overview.display()
        );
    }
    Ok(code)
}

/// The opt-in stage timing report for the benchmark (`benches/scale`): with
/// `VELHO_TIMINGS=1` each stage prints one line to stderr, e.g.
/// `velho-timing stage=read seconds=0.412 rows=1000000 kept=50000 peak_rss_kib=81234`.
/// The peak is the process's high-water mark so far (Linux only), and
/// `with_readers_peak_rss_kib` that of velho and a workbook reader together.
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
fn read_ledgers(project: &Project, bars: &Bars) -> Result<Vec<LedgerFile>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs: Vec<(u32, &PathBuf)> = (0u32..).zip(&project.ledger_files).collect();
    let mut files = Vec::with_capacity(jobs.len());
    for batch in jobs.chunks(cores) {
        let read = |&(i, path): &(u32, &PathBuf)| {
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
                )
            });
            bar.finish();
            file
        };
        if batch.len() == 1 {
            files.push(read(&batch[0])?);
            continue;
        }
        let results: Vec<Result<LedgerFile>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|job| scope.spawn(move || read(job)))
                .collect();
            handles
                .into_iter()
                .zip(batch)
                .map(|(h, (_, path))| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::input(
                            Location::file(project.display_path(path)),
                            "the file could not be read: unknown error",
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
    let fi = lang == Lang::Fi;
    let f = &report.rec.funding;
    let mut text = format!(
        "{} {}\n  {} {}, {} {} / {} {}\n",
        lang.pick("Kirjoitettu", "Wrote"),
        output.display(),
        lang.pick("Toteutuneet kustannukset", "Realised costs"),
        format_eur(f.realised, fi),
        lang.pick("tukikelpoiset", "eligible"),
        format_eur(f.eligible, fi),
        lang.pick("kustannusarvio", "plan"),
        format_eur(f.plan, fi),
    );
    if let Some(basis) = f.approved_basis {
        text.push_str(&format!(
            "  {} {}\n",
            lang.pick("Hyväksytyn mukaan", "On the approved basis"),
            format_eur(basis, fi)
        ));
    }
    text.push_str(&format!(
        "  {} {}, {} {}, {} {}\n",
        lang.pick("Rahoittajan osuus", "Funder's share"),
        format_eur(f.funder_share, fi),
        lang.pick("omarahoitus", "own share"),
        format_eur(f.own_share, fi),
        lang.pick("ylitys", "overrun"),
        format_eur(f.overrun, fi),
    ));
    if let Some(first) = report.findings.iter().find(|f| f.code == "NO_PROJECT_ROWS") {
        text.insert_str(0, &format!("{}\n", first.message(lang)));
    }
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
