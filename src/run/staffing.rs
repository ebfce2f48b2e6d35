//! Staff costs in a run (issue 13): with `[staff]` in the project file, the
//! payroll reports and working-time records are read, the staff-cost model
//! computes each person's months of the project up to the as-of date, and
//! the staff checks add their findings; the Staff costs sheet shows the
//! model's table. (The model's figure does not yet replace the staff
//! category's ledger figure: a finding compares them.)

use super::*;
use crate::checks::staff::{StaffCheckInputs, findings, staff_rows};
use crate::model::staff::Month;
use crate::staff::{StaffCosts, StaffInputs, compute};

/// The staff costs and findings of a reconciled project; none without `[staff]`.
pub(super) fn staff_costs(
    project: &Project,
    rec: &Reconciliation,
) -> Result<(Option<StaffCosts>, Vec<checks::Finding>)> {
    let Some(staff) = &project.staff else {
        return Ok((None, Vec::new()));
    };
    let months = Month::of(project.start)..=Month::of(rec.as_of.min(project.end));
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
    let ledger = staff_rows(project, rec);
    let found = findings(&StaffCheckInputs {
        persons: &project.persons,
        staff,
        pay: &pay,
        work: &work,
        costs: &costs,
        ledger: &ledger,
    });
    Ok((Some(costs), found))
}
