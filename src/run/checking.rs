//! `velho check`: the project file and every input read as `velho
//! reconcile` reads them, and what to fix printed in order, nothing
//! written. What stops a run (values still to fill in, a bad key, an input
//! that cannot be read) is an error, exit 2; otherwise the findings follow,
//! most severe first, and the exit status is 0 (1 with `--strict` and
//! error-level findings).

use std::io::Write;

use super::*;
use crate::checks::Finding;
use crate::cli::CheckArgs;

pub(super) fn check_command(args: &CheckArgs) -> Result<i32> {
    let path = args.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let project = load_project_in(&path, args.lang)?;
    let lang = language(args.lang, &project);
    let outcome =
        reconcile_project(&project, as_of_arg(args.as_of)).map_err(|e| e.in_language(lang))?;
    let mut findings = unused_filter_values(&outcome.project, &outcome.reconciliation);
    findings.extend(outcome.findings);
    findings.sort_by_key(|f| std::cmp::Reverse(rank(f.severity)));
    let text = report_text(&project, &findings, lang);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(Path::new("stdout"), e))?;
    let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if args.strict && has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 2,
        Severity::Warning => 1,
        Severity::Info => 0,
    }
}

/// What `check` prints: a line saying reconcile would run, then each
/// finding, numbered, most severe first.
fn report_text(project: &Project, findings: &[Finding], lang: Lang) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut text = lang.fill(
        "cli.check",
        &[
            ("file", &project.file.display()),
            ("errors", &count(Severity::Error)),
            ("warnings", &count(Severity::Warning)),
            ("notes", &count(Severity::Info)),
        ],
    );
    text.push('\n');
    for (i, finding) in findings.iter().enumerate() {
        // The code's label in the run's language, the code itself after it
        // for a search or a support question.
        text.push_str(&format!(
            "{:>3}. {} – {} ({}): {}\n",
            i + 1,
            finding.severity.label(lang),
            checks::codes::label(finding.code, lang),
            finding.code,
            finding.message(lang)
        ));
    }
    text
}

/// A cost centre or project code of `[filter]` that no ledger row carries:
/// a typo, or a code of another project left in the list.
fn unused_filter_values(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let filter = &project.filter;
    let lists = [
        ("filter.cost_centres", &filter.cost_centres, true),
        ("filter.projects", &filter.projects, false),
    ];
    let mut out = Vec::new();
    for (key, values, is_cost_centre) in lists {
        for value in values.iter() {
            let used = rec.transactions.iter().any(|t| {
                let code = if is_cost_centre {
                    &t.row.cost_centre
                } else {
                    &t.row.project
                };
                code == value
            });
            if !used {
                let (fi, en) = checks::in_both(|lang| {
                    lang.fill(
                        "finding.filter_matches_nothing",
                        &[("key", &key), ("value", value)],
                    )
                });
                out.push(Finding {
                    severity: Severity::Warning,
                    code: "FILTER_MATCHES_NOTHING",
                    fi,
                    en,
                    amount: None,
                    rows: Vec::new(),
                });
            }
        }
    }
    out
}
