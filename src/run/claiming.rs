//! `velho claim`: the period asked for, the reconciliation as of its end,
//! the claim prepared and written into the claims folder with its ledger
//! extract, never over an existing claim.

use super::*;
use crate::model::ClaimRecord;

pub(super) fn claim_command(args: &ClaimArgs) -> Result<i32> {
    let project = load_project_in(&args.project, args.lang)?;
    let lang = language(args.lang, &project);
    let period = claim_period(&project, &args.period, lang)?;
    // The project period as the change decisions leave it (a claim's
    // reconciliation, as of costs, takes all of them in force).
    let in_force = project.in_force(None);
    refuse_outside_project(&in_force, &period, lang)?;
    // As of the period's end within the project as extended (a reviewer's
    // case: with the original end, a change decision's added months were
    // all after the as-of date and the claim was 0,00).
    let outcome = reconcile_project(&project, AsOf::Costs(period.end.min(in_force.end)))
        .map_err(|e| e.in_language(lang))?;
    // The project as the change decisions in force leave it.
    let project = outcome.project.clone();
    refuse_unsure_decisions(&outcome.reconciliation, lang)?;
    let folder = &project.claims.folder;
    let mut earlier = import::claim::read_claims(folder, |p| project.display_path(p))?;
    let decided = claim::from_decisions(&project, &outcome.reconciliation, &earlier);
    refuse_overlap(&project, &period, (&earlier, &decided), lang)?;
    earlier.extend(decided);
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
            Message::new("cli.decision_period_unplaced")
                .with("period", span(dec.period.0, dec.period.1)),
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

/// A period wholly before the project starts or after it ends has nothing
/// to claim: refused, naming the project period and the payment periods,
/// rather than written as an empty claim no reconciliation would count. A
/// period partly outside is a claim of its part inside: the rows outside
/// are listed as not claimed.
fn refuse_outside_project(project: &Project, period: &Period, lang: Lang) -> Result<()> {
    if period.end >= project.start && period.start <= project.end {
        return Ok(());
    }
    let advice = if project.periods.is_empty() {
        Message::new("cli.period_advice.inside")
    } else {
        let periods: Vec<String> = project
            .periods
            .iter()
            .map(|p| format!("{} ({})", p.name, span(p.start, p.end)))
            .collect();
        Message::new("cli.period_advice.periods").with("periods", periods.join(", "))
    };
    Err(usage(
        lang,
        Message::new("cli.period_outside_project")
            .with("period", span(period.start, period.end))
            .with("project", span(project.start, project.end))
            .with_message("advice", advice),
    ))
}

/// A claim's period is a period of its own: one that overlaps the period
/// of an existing claim (`claims`, as read from the claims folder) or of a
/// decision (`decided`, the decided periods without a claim workbook)
/// without being that same period would claim some of its costs again, or
/// leave the funding ledger unable to place either claim. Refused, naming
/// the claim (or decision) and its period, with the payment period to claim
/// instead. The same period again is another copy of its claim (`-o`), as
/// before.
fn refuse_overlap(
    project: &Project,
    period: &Period,
    (claims, decided): (&[ClaimRecord], &[ClaimRecord]),
    lang: Lang,
) -> Result<()> {
    let overlaps = |c: &ClaimRecord| {
        (c.start, c.end) != (period.start, period.end)
            && c.start <= period.end
            && period.start <= c.end
    };
    let first = claims
        .iter()
        .map(|c| (c, "cli.period_overlaps_claim"))
        .chain(decided.iter().map(|c| (c, "cli.period_overlaps_decision")))
        .filter(|(c, _)| overlaps(c))
        .min_by_key(|(c, _)| (c.start, c.end));
    let Some((other, key)) = first else {
        return Ok(());
    };
    // The first day after it that no claim or decision holds, and the
    // first payment period from that day that none holds either.
    let all = || claims.iter().chain(decided);
    let mut last = other.end;
    let free = loop {
        let Some(day) = last.succ_opt() else {
            break None;
        };
        match all().find(|c| c.start <= day && day <= c.end) {
            Some(c) => last = c.end,
            None => break Some(day).filter(|d| *d <= project.end),
        }
    };
    // The first payment period no claim or decision holds, anywhere in the
    // project (one before the overlapping claim may still be unclaimed: a
    // reviewer's case claimed period 2 before period 1).
    let taken = |p: &Period| all().any(|c| c.start <= p.end && p.start <= c.end);
    let next = project.periods.iter().find(|p| !taken(p));
    let advice = match (next, free) {
        (Some(next), Some(from)) => Message::new("cli.period_advice.next")
            .with("next", &next.name)
            .with("argument", period_argument(&next.name))
            .with("after", crate::dates::finnish(from)),
        (Some(next), None) => Message::new("cli.period_advice.period")
            .with("next", &next.name)
            .with("argument", period_argument(&next.name)),
        (None, Some(from)) => {
            Message::new("cli.period_advice.after").with("after", crate::dates::finnish(from))
        }
        (None, None) => Message::new("cli.period_advice.project_claimed")
            .with("end", crate::dates::finnish(project.end)),
    };
    Err(usage(
        lang,
        Message::new(key)
            .with("period", span(period.start, period.end))
            .with("claimed", span(other.start, other.end))
            .with("file", &other.path)
            .with_message("advice", advice),
    ))
}

/// A period's days as a finance officer writes them: 1.3.2023–31.5.2023.
fn span(start: NaiveDate, end: NaiveDate) -> String {
    format!(
        "{}–{}",
        crate::dates::finnish(start),
        crate::dates::finnish(end)
    )
}

/// A period's name as typed after `--period`: quoted when it holds a space.
fn period_argument(name: &str) -> String {
    if name.contains(char::is_whitespace) {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
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
