//! `velho claim`: the period asked for, the reconciliation as of its end,
//! the claim prepared and written into the claims folder with its ledger
//! extract, never over an existing claim.

use super::*;

pub(super) fn claim_command(args: &ClaimArgs) -> Result<i32> {
    let project = load_project(&args.project)?;
    let lang = language(args.lang, &project);
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
    let extract =
        report::claim::extract_csv(&project, &claim, lang).map_err(|e| Error::Output {
            path: csv.clone(),
            message: e.to_string(),
        })?;
    report::output::save_text(&extract, &csv, keep)?;
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
pub(super) fn refuse_unsure_decisions(rec: &Reconciliation) -> Result<()> {
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
pub(super) fn claim_period(project: &Project, text: &str) -> Result<Period> {
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
