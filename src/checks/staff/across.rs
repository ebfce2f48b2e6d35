//! A person over 100 % across projects (issue 13, deliverable 3): when one
//! run reconciles several projects (`velho reconcile A B`), a person's
//! shares of working time in a month, or their project hours, are added up
//! over the projects, and more than 100 % of the month (more than the
//! hours worked in all) is an error on each project's Findings, naming the
//! person as that project's `show_persons` says, the month, each project's
//! share and the sum.
//!
//! **One person.** Projects give a person ids of their own (`pm` in one,
//! `asiantuntija` in the other), so a person is told apart by what the run
//! knows of them across projects ([`ProjectStaff::keys`]): the same
//! `[[person]]` name (case, spacing and word order aside), or the same name
//! in the same payroll or working-time file (an organisation-wide record
//! read by both projects names each employee one way).
//!
//! **A project's part of a month** is the share its model counts: the
//! share of the month's `[[person]]` period (full time 100 %, part time the
//! percentage), or project hours ÷ total hours where the share goes by
//! hours (`share = "hours"`, the hourly-cost and unit-cost models). Where
//! every project's part goes by hours and the records give the total hours,
//! the project hours are added and compared with the total (the largest
//! any record gives); otherwise the shares are added and compared with
//! 100 %. A month no share period covers counts nothing in its project, and
//! a part that cannot be told (hours without a total) leaves the month
//! unchecked.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{hours_in, shown};
use crate::checks::{Finding, Severity};
use crate::config::Project;
use crate::model::Lang;
use crate::model::staff::{Month, Share, StaffModel};
use crate::staff::privacy::PersonNames;
use crate::staff::{PersonMonth, StaffCosts};

/// One project of the run, as the check across projects reads it.
#[derive(Debug, Clone, Copy)]
pub struct ProjectStaff<'a> {
    /// The project (its code, persons, model and privacy setting).
    pub project: &'a Project,
    /// Its staff costs by person and month.
    pub costs: &'a StaffCosts,
    /// Its persons as its privacy setting shows them.
    pub names: &'a PersonNames,
    /// Per person (by index): what tells them apart across projects; two
    /// persons of two projects with a key in common are one person.
    pub keys: &'a [BTreeSet<String>],
}

/// One project's part of a person's month.
#[derive(Debug, Clone, Copy)]
struct Part {
    project: usize,
    person: usize,
    /// The share of the month, as a fraction.
    share: Option<Decimal>,
    /// The project hours, where the share goes by hours.
    hours: Option<Decimal>,
    /// The hours worked in all, where the record gives them.
    total: Option<Decimal>,
}

/// How far over a month is.
#[derive(Debug, Clone, Copy)]
enum Over {
    /// The shares add up to this fraction, more than 1.
    Shares(Decimal),
    /// The project hours add up to more than the total hours.
    Hours { sum: Decimal, total: Decimal },
}

/// The findings of each project (in the order given): a person whose
/// projects' parts of a month add up to more than the month.
pub fn over_100(projects: &[ProjectStaff]) -> Vec<Vec<Finding>> {
    let people = People::of(projects);
    let mut months: BTreeMap<(usize, Month), Vec<Part>> = BTreeMap::new();
    for (p, staff) in projects.iter().enumerate() {
        for row in &staff.costs.rows {
            let Some(person) = people.person(p, row.person) else {
                continue;
            };
            if let Some(part) = part(staff.project, p, row) {
                months.entry((person, row.month)).or_default().push(part);
            }
        }
    }
    let mut out = vec![Vec::new(); projects.len()];
    for ((_, month), parts) in months {
        let involved: BTreeSet<usize> = parts.iter().map(|x| x.project).collect();
        if involved.len() < 2 {
            continue;
        }
        let Some(over) = over(&parts) else {
            continue;
        };
        for part in &parts {
            out[part.project].push(finding(projects, part, &parts, month, over));
        }
    }
    out
}

/// The persons of all the projects, those with a key in common joined.
struct People {
    /// The first node of each project (its persons follow).
    first: Vec<usize>,
    /// Each node's representative.
    root: Vec<usize>,
}

impl People {
    fn of(projects: &[ProjectStaff]) -> People {
        let mut first = Vec::with_capacity(projects.len());
        let mut nodes = 0;
        for staff in projects {
            first.push(nodes);
            nodes += staff.project.persons.len();
        }
        let mut parent: Vec<usize> = (0..nodes).collect();
        let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
        for (p, staff) in projects.iter().enumerate() {
            for (i, keys) in staff.keys.iter().enumerate() {
                if i >= staff.project.persons.len() {
                    break;
                }
                let node = first[p] + i;
                for key in keys {
                    match by_key.get(key.as_str()) {
                        Some(&other) => {
                            let (a, b) = (find(&mut parent, node), find(&mut parent, other));
                            parent[a.max(b)] = a.min(b);
                        }
                        None => {
                            by_key.insert(key, node);
                        }
                    }
                }
            }
        }
        let root = (0..nodes).map(|n| find(&mut parent, n)).collect();
        People { first, root }
    }

    /// The one person a project's person is.
    fn person(&self, project: usize, person: usize) -> Option<usize> {
        self.root.get(self.first.get(project)? + person).copied()
    }
}

fn find(parent: &mut [usize], node: usize) -> usize {
    let mut at = node;
    while parent[at] != at {
        parent[at] = parent[parent[at]];
        at = parent[at];
    }
    at
}

/// A project's part of a person's month; `None` when the month counts
/// nothing in the project (no share period covers it).
fn part(project: &Project, p: usize, row: &PersonMonth) -> Option<Part> {
    let share_kind = project.persons.get(row.person)?.share_in(row.month)?;
    let by_hours_model = project.staff.as_ref().is_some_and(|s| {
        matches!(
            s.settings.model,
            StaffModel::HourlyCost | StaffModel::UnitCost
        )
    });
    let by_hours = by_hours_model || share_kind == Share::Hours;
    let share = match (by_hours, row.share) {
        (false, Some(share)) => Some(share),
        _ => match (row.project_hours, row.total_hours) {
            (Some(hours), Some(total)) if total > Decimal::ZERO => hours.checked_div(total),
            _ => None,
        },
    };
    Some(Part {
        project: p,
        person: row.person,
        share,
        hours: row.project_hours.filter(|_| by_hours),
        total: row.total_hours,
    })
}

/// How far the parts of a month go over it, if they do.
fn over(parts: &[Part]) -> Option<Over> {
    if parts.iter().all(|x| x.hours.is_some())
        && let Some(total) = parts.iter().filter_map(|x| x.total).max()
    {
        let sum = parts
            .iter()
            .filter_map(|x| x.hours)
            .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))?;
        return (sum > total).then_some(Over::Hours { sum, total });
    }
    if parts.iter().all(|x| x.share.is_some()) {
        let sum = parts
            .iter()
            .filter_map(|x| x.share)
            .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))?;
        return (sum > Decimal::ONE).then_some(Over::Shares(sum));
    }
    None
}

/// A fraction as a percentage as `lang` writes it: `112,5` or `112.5`.
fn percent(fraction: Decimal, lang: Lang) -> String {
    hours_in((fraction * Decimal::ONE_HUNDRED).round_dp(2), lang)
}

/// The finding on `part`'s project.
fn finding(
    projects: &[ProjectStaff],
    part: &Part,
    parts: &[Part],
    month: Month,
    over: Over,
) -> Finding {
    let staff = &projects[part.project];
    let showing = staff.names.showing(staff.project.show_persons());
    let who = shown(&staff.project.persons, part.person, showing);
    let code = |x: &Part| projects[x.project].project.code.as_str();
    // Each project's part ("A 60 %", "A 80 h"), added up: "A 60 % + B 50 %".
    let parts_in = |lang: Lang, key: &str, value: &dyn Fn(&Part) -> String| {
        parts
            .iter()
            .map(|x| lang.fill(key, &[("project", &code(x)), ("value", &value(x))]))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    crate::checks::finding(
        Severity::Error,
        "STAFF_OVER_100_ACROSS_PROJECTS",
        |lang| match over {
            Over::Shares(sum) => lang.fill(
                "finding.staff.over_100_shares",
                &[
                    ("person", &who),
                    ("month", &month),
                    (
                        "parts",
                        &parts_in(lang, "finding.staff.over_100_share_part", &|x| {
                            percent(x.share.unwrap_or_default(), lang)
                        }),
                    ),
                    ("sum", &percent(sum, lang)),
                ],
            ),
            Over::Hours { sum, total } => lang.fill(
                "finding.staff.over_100_hours",
                &[
                    ("person", &who),
                    ("month", &month),
                    ("total", &hours_in(total, lang)),
                    (
                        "parts",
                        &parts_in(lang, "finding.staff.over_100_hours_part", &|x| {
                            hours_in(x.hours.unwrap_or_default(), lang)
                        }),
                    ),
                    ("sum", &hours_in(sum, lang)),
                ],
            ),
        },
        None,
    )
}

#[cfg(test)]
mod tests;
