//! Staff costs in a run (issue 13): with `[staff]` in the project file, the
//! payroll reports and working-time records are read and the staff-cost
//! model computes each person's months of the project up to the as-of
//! date, before the reconciliation, which takes the model's figure as the
//! staff category's where the model gives it
//! ([`crate::reconcile::model_category`]); the staff checks then add their
//! findings, and the Staff costs sheet shows the model's table.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::checks::staff::across::{ProjectStaff, over_100};
use crate::checks::staff::{StaffCheckInputs, findings, staff_rows};
use crate::model::staff::{Month, PayLine, Person, WorkLine};
use crate::report::Outcome;
use crate::staff::privacy::PersonNames;
use crate::staff::{StaffCosts, StaffInputs, compute};

/// What the staff-cost model read and computed.
pub(super) struct StaffRun {
    /// The payroll reports and working-time records, as read.
    pub(super) files: Vec<import::payroll::StaffFile>,
    /// The payroll lines of the project's months to the as-of date.
    pay: Vec<PayLine>,
    /// The working-time lines of those months.
    work: Vec<WorkLine>,
    /// The staff costs by the model.
    pub(super) costs: StaffCosts,
    /// What tells each person (by index) apart across projects: their
    /// `[[person]]` name, and each file they were read from with the name
    /// it gives them ([`same_person_keys`]).
    pub(super) keys: Vec<BTreeSet<String>>,
}

/// Reads the payroll and the working time of the months from the project's
/// start to `as_of` and computes the staff costs; none without `[staff]`.
pub(super) fn staff_costs(project: &Project, as_of: NaiveDate) -> Result<Option<StaffRun>> {
    let Some(staff) = &project.staff else {
        return Ok(None);
    };
    let months = Month::of(project.start)..=Month::of(as_of.min(project.end));
    let end = Month::of(project.end);
    let known = |person: &str| crate::staff::find_person(&project.persons, person).is_some();
    let mut keys = same_person_keys(&project.persons);
    let mut files = Vec::new();
    let mut pay = Vec::new();
    for path in &staff.payroll_files {
        let shown = project.display_path(path);
        let (lines, mut file) = import::contained(&shown, || {
            import::payroll::read_payroll_file(path, &shown, &staff.pay_types)
        })?;
        let each = lines.iter().map(|l| (l.person.as_str(), l.month));
        file.sort_lines(each, &months, end, known);
        files.push(file);
        add_keys(
            &mut keys,
            project,
            path,
            lines.iter().map(|l| l.person.as_str()),
        );
        pay.extend(lines);
    }
    pay.retain(|line| months.contains(&line.month));
    let mut work = Vec::new();
    for path in &staff.working_time_files {
        let shown = project.display_path(path);
        let (lines, mut file) = import::contained(&shown, || {
            import::payroll::read_working_time_file(path, &shown)
        })?;
        let each = lines.iter().map(|l| (l.person.as_str(), l.month));
        file.sort_lines(each, &months, end, known);
        files.push(file);
        add_keys(
            &mut keys,
            project,
            path,
            lines.iter().map(|l| l.person.as_str()),
        );
        work.extend(lines);
    }
    work.retain(|line| months.contains(&line.month));
    let costs = compute(&StaffInputs {
        persons: &project.persons,
        settings: &staff.settings,
        pay: &pay,
        work: &work,
        rounding: project.funding.rounding,
    })
    .map_err(|message| Error::Config {
        file: project.file.clone(),
        message,
    })?;
    Ok(Some(StaffRun {
        files,
        pay,
        work,
        costs,
        keys,
    }))
}

/// What tells a person apart across the projects of one run: their
/// `[[person]]` name (case, spacing and order of the words aside), and, for
/// each payroll or working-time file naming them, the file (canonical) and
/// the name it gives ([`add_keys`]): the same text in one
/// organisation-wide file is one person, whatever id each project gives
/// them.
fn same_person_keys(persons: &[Person]) -> Vec<BTreeSet<String>> {
    persons
        .iter()
        .map(|p| {
            let name = p.name.as_deref().map(import::normalise_header);
            let name = name.filter(|n| !n.is_empty()).map(|n| {
                let mut words: Vec<&str> = n.split(' ').collect();
                words.sort_unstable();
                format!("name\u{0}{}", words.join(" "))
            });
            name.into_iter().collect()
        })
        .collect()
}

/// Adds the keys of the persons a file names ([`same_person_keys`]).
fn add_keys<'a>(
    keys: &mut [BTreeSet<String>],
    project: &Project,
    path: &Path,
    named: impl Iterator<Item = &'a str>,
) {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let distinct: BTreeSet<&str> = named.collect();
    for text in distinct {
        if let Some(p) = crate::staff::find_person(&project.persons, text) {
            let key = format!(
                "{}\u{0}{}",
                canonical.display(),
                import::normalise_header(text)
            );
            keys[p].insert(key);
        }
    }
}

/// The persons of the project as the privacy settings show them, with the
/// names the payroll and the working-time record give them.
pub(super) fn person_names(project: &Project, run: Option<&StaffRun>) -> PersonNames {
    let named = run.into_iter().flat_map(|r| {
        r.pay
            .iter()
            .map(|l| l.person.as_str())
            .chain(r.work.iter().map(|l| l.person.as_str()))
    });
    PersonNames::new(&project.persons, named)
}

/// The staff checks' findings on a reconciled project.
pub(super) fn staff_findings(
    project: &Project,
    rec: &Reconciliation,
    run: Option<&StaffRun>,
) -> Vec<checks::Finding> {
    let (Some(staff), Some(run)) = (&project.staff, run) else {
        return Vec::new();
    };
    let ledger = staff_rows(project, rec);
    findings(&StaffCheckInputs {
        persons: &project.persons,
        staff,
        pay: &run.pay,
        work: &run.work,
        costs: &run.costs,
        ledger: &ledger,
        shown: rec.persons.showing(project.show_persons()),
    })
}

/// The projects of one run, each with what its staff-cost model read: the
/// findings of a person over 100 % across them are added to each project's
/// ([`crate::checks::staff::across`]).
pub(super) fn across_projects(outcomes: Vec<(Outcome, Option<StaffRun>)>) -> Vec<Outcome> {
    let staffed: Vec<(usize, ProjectStaff)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, (outcome, run))| {
            let run = run.as_ref()?;
            Some((
                i,
                ProjectStaff {
                    project: &outcome.project,
                    costs: &run.costs,
                    names: &outcome.reconciliation.persons,
                    keys: &run.keys,
                },
            ))
        })
        .collect();
    let parts: Vec<ProjectStaff> = staffed.iter().map(|(_, s)| *s).collect();
    let found: Vec<(usize, Vec<checks::Finding>)> = staffed
        .iter()
        .map(|(i, _)| *i)
        .zip(over_100(&parts))
        .collect();
    let mut outcomes: Vec<Outcome> = outcomes.into_iter().map(|(o, _)| o).collect();
    for (i, findings) in found {
        if findings.is_empty() {
            continue;
        }
        let outcome = &mut outcomes[i];
        outcome.findings.extend(findings);
        outcome.findings.sort_by_key(|f| f.severity);
    }
    outcomes
}
