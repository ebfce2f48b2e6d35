//! `velho reconcile`: the settings of one run (the project, the language,
//! the as-of date, the output, checked against the inputs), one project's
//! workbook, or several projects' workbooks and their portfolio overview.

use super::*;

/// Settings of one `reconcile` run, validated.
pub(super) struct ReconcileSettings {
    project: Project,
    lang: Lang,
    as_of: AsOf,
    output: PathBuf,
}

pub(super) fn settings(args: &ReconcileArgs, path: &Path) -> Result<ReconcileSettings> {
    let project = load_project_in(path, args.lang)?;
    let lang = language(args.lang, &project);
    let as_of = as_of_arg(args.as_of);
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
    report::output::check_not_an_input(&output, &inputs_of(&project), lang)?;
    Ok(ReconcileSettings {
        project,
        lang,
        as_of,
        output,
    })
}

pub(super) fn reconcile_command(args: &ReconcileArgs) -> Result<i32> {
    // Before any project file is read: English, or `--lang`.
    let projects = crate::portfolio::expand(&args.project).map_err(|e| match args.lang {
        Some(lang) => e.in_language(lang),
        None => e,
    })?;
    if projects.len() > 1 {
        return reconcile_many(args, &projects);
    }
    let s = settings(args, &projects[0])?;
    let mut timings = Timings::from_env();
    let bars = crate::progress::Bars::new(args.quiet, s.lang);
    let rows_per_sheet = args.rows_per_sheet.unwrap_or(report::EXCEL_ROWS);
    // The Transactions sheet is written on the other core while the ledger
    // is read, when the project allows (checked against the reconciliation
    // before it is used: `report::early`).
    // (`VELHO_EARLY_SHEET=0` keeps the stages apart: the benchmark times
    // the import and the writing on their own with it.)
    let early_allowed = std::env::var_os("VELHO_EARLY_SHEET").is_none_or(|v| v != "0");
    let early = early_allowed
        .then(|| {
            report::early::EarlyTransactions::start(&s.project, s.as_of, s.lang, rows_per_sheet)
        })
        .flatten();
    let (early, tap) = match early {
        Some((early, tap)) => (Some(early), Some(tap)),
        None => (None, None),
    };
    // An input that cannot be read is said in the run's language.
    let outcome = reconcile_project_timed(&s.project, s.as_of, &mut timings, &bars, tap)
        .map_err(|e| e.in_language(s.lang))?;
    let rows = outcome.reconciliation.transactions.len() as u64;
    // The project as the change decisions in force leave it.
    let report = Report {
        project: &outcome.project,
        rec: &outcome.reconciliation,
        findings: &outcome.findings,
        lang: s.lang,
        rows_per_sheet,
    };
    let bar = bars.writing(&s.output.display().to_string(), rows);
    let (mut workbook, early) = report::render_early(&report, early, &|done| bar.set(done, rows))
        .map_err(|e| Error::Output {
        path: s.output.clone(),
        message: e.to_string(),
    })?;
    timings.stage("render", &[("rows", rows), ("early", u64::from(early))]);
    report::output::save(
        &mut workbook,
        &s.output,
        report::output::Existing::Replace,
        s.lang,
    )?;
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

/// Two projects with one code would write one workbook over the other:
/// refused before anything is written.
fn refuse_one_code_twice(projects: &[crate::config::Project], lang: Lang) -> Result<()> {
    for (i, a) in projects.iter().enumerate() {
        if let Some(b) = projects[..i]
            .iter()
            .find(|b| default_output(b) == default_output(a))
        {
            return Err(usage(
                lang,
                Message::new("cli.same_code")
                    .with("first", b.file.display())
                    .with("second", a.file.display())
                    .with("code", &a.code),
            ));
        }
    }
    Ok(())
}

/// `velho reconcile` with several projects: each shared ledger file is read
/// once; one workbook per project goes into the output folder, with a
/// portfolio overview beside them.
pub(super) fn reconcile_many(args: &ReconcileArgs, paths: &[PathBuf]) -> Result<i32> {
    let projects = paths
        .iter()
        .map(|p| load_project_in(p, args.lang))
        .collect::<Result<Vec<_>>>()?;
    // The portfolio's language: `--lang`, else the first project's.
    let lang = args
        .lang
        .or_else(|| projects.first().and_then(|p| p.language))
        .unwrap_or(Lang::En);
    refuse_one_code_twice(&projects, lang)?;
    let folder = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    if folder.is_file() {
        return Err(usage(
            lang,
            Message::new("cli.output_not_folder").with("path", folder.display()),
        ));
    }
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let as_of = as_of_arg(args.as_of);
    let files = crate::portfolio::read_shared(&projects, |path, shown, filter, project| {
        import::contained(shown, || {
            import::read_ledger(path, shown, 0, filter, &project.ledger_options)
        })
    })
    .map_err(|e| e.in_language(lang))?;
    let mut lines = Vec::new();
    let mut code = EXIT_OK;
    // Every project reconciled first: a person's working time is checked
    // across them all before any workbook is written.
    let mut outcomes = Vec::with_capacity(projects.len());
    for (project, files) in projects.iter().zip(files) {
        outcomes.push(
            reconcile_files_staffed(project, files, as_of, &mut Timings::off())
                .map_err(|e| e.in_language(lang))?,
        );
    }
    let outcomes = staffing::across_projects(outcomes);
    for (project, outcome) in projects.iter().zip(outcomes) {
        let project_lang = language(args.lang, project);
        let output = folder.join(default_output(project));
        report::output::check_not_an_input(&output, &inputs_of(project), lang)?;
        let report = Report {
            project: &outcome.project,
            rec: &outcome.reconciliation,
            findings: &outcome.findings,
            lang: project_lang,
            rows_per_sheet: args.rows_per_sheet.unwrap_or(report::EXCEL_ROWS),
        };
        let mut workbook = report::render(&report).map_err(|e| Error::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
        report::output::save(
            &mut workbook,
            &output,
            report::output::Existing::Replace,
            lang,
        )?;
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
    let overview = folder.join(lang.text("portfolio.file_name"));
    let mut workbook = report::portfolio::render(&lines, lang).map_err(|e| Error::Output {
        path: overview.clone(),
        message: e.to_string(),
    })?;
    report::output::save(
        &mut workbook,
        &overview,
        report::output::Existing::Replace,
        lang,
    )?;
    if !args.quiet {
        crate::say!(
            "{}",
            lang.fill("cli.wrote", &[("file", &overview.display())])
        );
    }
    Ok(code)
}
