//! Staff costs in a run (issue 13): with `[staff]` in the project file, the
//! payroll reports and working-time records are read and the staff-cost
//! model computes each person's months of the project up to the as-of
//! date, before the reconciliation, which takes the model's figure as the
//! staff category's where the model gives it
//! ([`crate::reconcile::model_category`]); the staff checks then add their
//! findings, and the Staff costs sheet shows the model's table.

use chrono::NaiveDate;

use super::*;
use crate::checks::staff::{StaffCheckInputs, findings, staff_rows};
use crate::model::staff::{Month, PayLine, WorkLine};
use crate::staff::privacy::PersonNames;
use crate::staff::{StaffCosts, StaffInputs, compute};

/// What the staff-cost model read and computed.
pub(super) struct StaffRun {
    /// The payroll lines of the project's months to the as-of date.
    pay: Vec<PayLine>,
    /// The working-time lines of those months.
    work: Vec<WorkLine>,
    /// The staff costs by the model.
    pub(super) costs: StaffCosts,
}

/// Reads the payroll and the working time of the months from the project's
/// start to `as_of` and computes the staff costs; none without `[staff]`.
pub(super) fn staff_costs(project: &Project, as_of: NaiveDate) -> Result<Option<StaffRun>> {
    let Some(staff) = &project.staff else {
        return Ok(None);
    };
    let months = Month::of(project.start)..=Month::of(as_of.min(project.end));
    let mut pay = Vec::new();
    for path in &staff.payroll_files {
        let shown = project.display_path(path);
        pay.extend(import::contained(&shown, || {
            import::payroll::read_payroll(path, &shown, &staff.pay_types)
        })?);
    }
    pay.retain(|line| months.contains(&line.month));
    let mut work = Vec::new();
    for path in &staff.working_time_files {
        let shown = project.display_path(path);
        work.extend(import::contained(&shown, || {
            import::payroll::read_working_time(path, &shown)
        })?);
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
    Ok(Some(StaffRun { pay, work, costs }))
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
