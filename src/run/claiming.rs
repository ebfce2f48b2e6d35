//! `velho claim`: the period asked for, the reconciliation as of its end,
//! the claim prepared and written into the claims folder with its ledger
//! extract, never over an existing claim.

use super::*;

pub(super) fn claim_command(args: &ClaimArgs) -> Result<i32> {
    let project = load_project_in(&args.project, args.lang)?;
    let lang = language(args.lang, &project);
    let period = claim_period(&project, &args.period, lang)?;
    let outcome = reconcile_project(&project, AsOf::Costs(period.end.min(project.end)))
        .map_err(|e| e.in_language(lang))?;
    // The project as the change decisions in force leave it.
    let project = outcome.project.clone();
    refuse_unsure_decisions(&outcome.reconciliation, lang)?;
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
        lang.text("claim.file_name"),
        file_name_part(&period.name)
    );
    let output = match &args.output {
        Some(o) if o.is_dir() => o.join(&default_name),
        Some(o) => o.clone(),
        None => {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            folder.join(&default_name)
        }
    };
    let csv = output.with_file_name(format!(
        "{}-{}.csv",
        output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        lang.text("extract.file_name")
    ));
    let keep = report::output::Existing::Keep;
    for path in [&output, &csv] {
        if path.exists() {
            return Err(Error::Output {
                path: path.clone(),
                message: lang.text("cli.claim_exists").into(),
            }
            .in_language(lang));
        }
    }
    for path in [&output, &csv] {
        report::output::check_not_an_input(path, &inputs_of(&project), lang)?;
    }
    let mut workbook =
        report::claim::render(&project, &claim, lang).map_err(|e| Error::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
    report::output::save(&mut workbook, &output, keep, lang)?;
    let extract =
        report::claim::extract_csv(&project, &claim, lang).map_err(|e| Error::Output {
            path: csv.clone(),
            message: e.to_string(),
        })?;
    report::output::save_text(&extract, &csv, keep, lang)?;
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
pub(super) fn refuse_unsure_decisions(rec: &Reconciliation, lang: Lang) -> Result<()> {
    let pay = &rec.payments;
    if let Some(&d) = pay.unplaced.first() {
        let dec = &pay.decisions[d];
        return Err(Error::input(
            Location::file(&dec.path),
            Message::new("cli.decision_period_unplaced").with(
                "period",
                format!(
                    "{}–{}",
                    crate::dates::finnish(dec.period.0),
                    crate::dates::finnish(dec.period.1)
                ),
            ),
        )
        .in_language(lang));
    }
    if let Some(&d) = pay.repeated.first() {
        let dec = &pay.decisions[d];
        return Err(Error::input(
            Location::file(&dec.path),
            Message::new("cli.decision_repeated"),
        )
        .in_language(lang));
    }
    Ok(())
}

/// The period of `--period`: a name from velho.toml, or START..END.
pub(super) fn claim_period(project: &Project, text: &str, lang: Lang) -> Result<Period> {
    if let Some(p) = project.periods.iter().find(|p| p.name == text.trim()) {
        return Ok(p.clone());
    }
    let names: Vec<&str> = project.periods.iter().map(|p| p.name.as_str()).collect();
    let Some((start, end)) = text.split_once("..") else {
        let periods = if names.is_empty() {
            Message::new("cli.no_periods")
        } else {
            Message::verbatim(names.join(", "))
        };
        return Err(usage(
            lang,
            Message::new("cli.period_unknown")
                .with("period", text)
                .with_message("periods", periods),
        ));
    };
    let bad_date = |reason| {
        usage(
            lang,
            Message::new("cli.period_date").with_message("reason", reason),
        )
    };
    let start = crate::dates::parse_date(start).map_err(bad_date)?;
    let end = crate::dates::parse_date(end).map_err(bad_date)?;
    if end < start {
        return Err(usage(
            lang,
            Message::new("cli.period_backwards")
                .with("end", crate::dates::finnish(end))
                .with("start", crate::dates::finnish(start)),
        ));
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
