//! Staff costs in a run (issue 13): with `[staff]` in the project file, the
//! payroll reports and working-time records are read and the staff-cost
//! model computes each person's months of the project up to the as-of
//! date, before the reconciliation, which takes the model's figure as the
//! staff category's where the model gives it
//! ([`crate::reconcile::model_category`]); the staff checks then add their
//! findings, and the Staff costs sheet shows the model's table.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::*;
use crate::checks::staff::across::{ProjectStaff, over_100};
use crate::checks::staff::{StaffCheckInputs, counted_rows, findings, staff_rows};
use crate::model::staff::{Month, PayLine, Person, WorkLine};
use crate::report::Outcome;
use crate::staff::privacy::PersonNames;
use crate::staff::{StaffCosts, StaffInputs, compute};
use crate::text::Message;

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
    /// The persons an organisation-wide payroll names only on other cost
    /// centres' or projects' lines (their names are looked for in texts).
    others: BTreeSet<String>,
}

/// Reads the payroll and the working time of the months from the project's
/// start to `as_of` and computes the staff costs; none without `[staff]`.
/// With `payroll = { ledger = true }` the ledger files' person column
/// gives the pay lines ([`ledger_pay`]).
pub(super) fn staff_costs(
    project: &Project,
    ledger: &[LedgerFile],
    as_of: NaiveDate,
) -> Result<Option<StaffRun>> {
    let Some(staff) = &project.staff else {
        return Ok(None);
    };
    let mut sorting = Sorting {
        project,
        months: Month::of(project.start)..=Month::of(as_of.min(project.end)),
        end: Month::of(project.end),
        keys: same_person_keys(&project.persons),
        files: Vec::new(),
    };
    let (mut pay, mut others) = (Vec::new(), BTreeSet::new());
    for path in &staff.payroll_files {
        let shown = project.display_path(path);
        let read = import::contained(&shown, || {
            let named = &staff.pay_types;
            import::payroll::read_project_payroll(path, &shown, named, &project.filter)
        })?;
        sorting.file(path, read.file, &read.lines);
        pay.extend(read.lines);
        others.extend(read.others);
    }
    if staff.payroll_from_ledger {
        let paths = project.ledger_files.iter();
        for (path, (lines, mut file)) in paths.zip(ledger_pay(project, ledger)?) {
            file.size = std::fs::metadata(path).map_or(0, |m| m.len());
            sorting.file(path, file, &lines);
            pay.extend(lines);
        }
    }
    pay.retain(|line| sorting.months.contains(&line.month));
    let mut work = Vec::new();
    for path in &staff.working_time_files {
        let shown = project.display_path(path);
        let (lines, file) = import::contained(&shown, || {
            import::payroll::read_working_time_file(path, &shown)
        })?;
        sorting.file(path, file, &lines);
        work.extend(lines);
    }
    work.retain(|line| sorting.months.contains(&line.month));
    let costs = compute(&StaffInputs {
        persons: &project.persons,
        settings: &staff.settings,
        pay: &pay,
        work: &work,
        rounding: project.funding.rounding,
    })
    .map_err(|message| {
        Error::Config {
            file: project.file.clone(),
            message,
        }
        .in_language(project.language.unwrap_or(Lang::En))
    })?;
    Ok(Some(StaffRun {
        files: sorting.files,
        pay,
        work,
        costs,
        keys: sorting.keys,
        others,
    }))
}

/// Where the lines of each staff file read went (the Sources sheet's
/// counts) and whom each names (the keys of persons across projects).
struct Sorting<'p> {
    project: &'p Project,
    /// The project's months up to the as-of date.
    months: RangeInclusive<Month>,
    /// The project's last month.
    end: Month,
    keys: Vec<BTreeSet<String>>,
    files: Vec<import::payroll::StaffFile>,
}

impl Sorting<'_> {
    /// Sorts the lines of one file read from `path` by their person and month.
    fn file<L: Line>(&mut self, path: &Path, mut file: import::payroll::StaffFile, lines: &[L]) {
        let persons = &self.project.persons;
        let known = |person: &str| crate::staff::find_person(persons, person).is_some();
        let each = lines.iter().map(Line::person_month);
        file.sort_lines(each.clone(), &self.months, self.end, known);
        add_keys(&mut self.keys, self.project, path, each.map(|(p, _)| p));
        self.files.push(file);
    }
}

/// A payroll or working-time line: whom and which month it is for.
trait Line {
    fn person_month(&self) -> (&str, Month);
}

impl Line for PayLine {
    fn person_month(&self) -> (&str, Month) {
        (&self.person, self.month)
    }
}

impl Line for WorkLine {
    fn person_month(&self) -> (&str, Month) {
        (&self.person, self.month)
    }
}

/// The pay lines of each ledger file (`payroll = { ledger = true }`): the
/// project's rows on the staff category's accounts that name a person, a
/// row repeated from an earlier file counted once
/// ([`crate::staff::ledger`]). An error when no file has a person column.
fn ledger_pay(
    project: &Project,
    ledger: &[LedgerFile],
) -> Result<Vec<(Vec<PayLine>, import::payroll::StaffFile)>> {
    use crate::staff::ledger::{StaffRows, named_rows, pay_lines};
    let Some(staff) = &project.staff else {
        return Ok(Vec::new());
    };
    let category = staff.settings.category.as_deref();
    let Some(category) = project.categories.iter().find(|c| Some(&*c.id) == category) else {
        return Ok(Vec::new());
    };
    if !ledger.is_empty() && ledger.iter().all(|f| f.persons.is_none()) {
        return Err(Error::Config {
            file: project.file.clone(),
            message: Message::new("config.staff_costs.no_person_column")
                .with("key", "staff.payroll"),
        }
        .in_language(project.language.unwrap_or(Lang::En)));
    }
    let rows: Vec<StaffRows> = ledger
        .iter()
        .map(|f| named_rows(f, &category.accounts))
        .collect();
    let lists: Vec<Vec<&crate::model::LedgerRow>> = rows.iter().map(StaffRows::rows).collect();
    let slices: Vec<&[&crate::model::LedgerRow]> = lists.iter().map(Vec::as_slice).collect();
    let repeats = reconcile::repeated_rows(&slices);
    Ok(ledger
        .iter()
        .zip(&rows)
        .zip(&repeats)
        .map(|((file, rows), repeats)| pay_lines(file, rows, repeats, staff))
        .collect())
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
            .chain(r.others.iter().map(String::as_str))
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
    let counted = counted_rows(rec);
    findings(&StaffCheckInputs {
        persons: &project.persons,
        staff,
        pay: &run.pay,
        work: &run.work,
        costs: &run.costs,
        ledger: &ledger,
        counted: &counted,
        shown: rec.persons.showing(project.show_persons()),
        as_of: rec.as_of,
        project_end: project.end,
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
