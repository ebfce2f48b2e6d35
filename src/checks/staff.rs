//! Findings on staff costs (issue 13, deliverable 3): hours over the total,
//! a share over 100 %, the holiday bonus or booked side costs in the staff
//! category where the model excludes or adds them, persons the project
//! file does not know, and the months the model could not compute.
//!
//! A person is shown as the project's `show_persons` says (by id unless it
//! says otherwise), with the role: the payroll's names are personal data.
//! A person the project file does not know has no id: under `name` they
//! are named as the payroll writes them (so that they can be added), else
//! by the initials of that.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Finding, Severity, count_rows, eur_in, finding, in_both};
use crate::config::{Project, Staff};
use crate::dates;
use crate::error::Location;
use crate::model::staff::{Month, PayLine, Person, Share, WorkLine};
use crate::model::{Lang, SourceRef};
use crate::reconcile::{Reconciliation, Status, Transaction};
use crate::staff::privacy::Showing;
use crate::staff::{Gap, StaffCosts, find_person};

/// A ledger row booked in the staff category, as the checks read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow<'a> {
    /// Where it was read.
    pub source: SourceRef,
    /// The posting date.
    pub date: NaiveDate,
    /// The account.
    pub account: &'a str,
    /// The account's name, if the export has one.
    pub account_name: &'a str,
    /// The amount (debit − credit).
    pub amount: Decimal,
}

impl<'a> StaffRow<'a> {
    /// The row of a reconciled transaction.
    fn of(t: &'a Transaction) -> StaffRow<'a> {
        StaffRow {
            source: t.row.source,
            date: t.row.date,
            account: &t.row.account,
            account_name: &t.row.account_name,
            amount: t.row.amount(),
        }
    }
}

/// Everything the staff checks read.
#[derive(Debug, Clone, Copy)]
pub struct StaffCheckInputs<'a> {
    /// The people of the project.
    pub persons: &'a [Person],
    /// The `[staff]` settings.
    pub staff: &'a Staff,
    /// The payroll lines read.
    pub pay: &'a [PayLine],
    /// The working-time lines read.
    pub work: &'a [WorkLine],
    /// What the model computed.
    pub costs: &'a StaffCosts,
    /// The ledger's rows in the staff category (empty when none is named).
    pub ledger: &'a [StaffRow<'a>],
    /// The ledger's rows counted as eligible costs, in any category, up to
    /// the as-of date: where booked side costs or holiday bonuses would be
    /// claimed beside the model's figure. Rows the staff model covers are
    /// not among them.
    pub counted: &'a [StaffRow<'a>],
    /// How the findings show persons (the reconciliation's setting).
    pub shown: Showing<'a>,
    /// The date the reconciliation is made as of.
    pub as_of: NaiveDate,
    /// The project's last day.
    pub project_end: NaiveDate,
}

/// The ledger rows of the project's staff category up to the as-of date.
pub fn staff_rows<'r>(project: &Project, rec: &'r Reconciliation) -> Vec<StaffRow<'r>> {
    let Some(category) = project
        .staff
        .as_ref()
        .and_then(|s| s.settings.category.as_ref())
        .and_then(|id| project.categories.iter().position(|c| c.id == *id))
    else {
        return Vec::new();
    };
    rec.transactions
        .iter()
        .filter(|t| t.status.category() == Some(category) && t.row.date <= rec.as_of)
        .map(StaffRow::of)
        .collect()
}

/// The ledger rows counted as eligible costs (status eligible, in any
/// category) up to the as-of date.
pub fn counted_rows(rec: &Reconciliation) -> Vec<StaffRow<'_>> {
    rec.transactions
        .iter()
        .filter(|t| matches!(t.status, Status::Eligible(_)) && t.row.date <= rec.as_of)
        .map(StaffRow::of)
        .collect()
}

/// Every staff finding, in the order the checks run.
pub fn findings(inputs: &StaffCheckInputs) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(hours_over_total(inputs));
    out.extend(hours_against_share(inputs));
    out.extend(shares_over_100(inputs.persons, inputs.shown));
    out.extend(excluded_in_ledger(inputs));
    out.extend(gaps(inputs));
    out.extend(unknown_persons(inputs));
    out.extend(model_against_ledger(inputs));
    out
}

/// The last day the payroll and the ledger are compared to: the as-of
/// date, or, when it falls inside a month of the project (not its last
/// day), the last day of the month before. A payroll month counts whole
/// once it has begun, while the ledger holds its postings only to the
/// as-of date: only the months ended by then compare fairly.
fn compared_until(as_of: NaiveDate, project_end: NaiveDate) -> NaiveDate {
    let month = Month::of(as_of);
    let month_end = month.last_day().unwrap_or(as_of);
    if as_of >= project_end || as_of == month_end {
        return as_of;
    }
    month
        .first_day()
        .and_then(|d| d.pred_opt())
        .unwrap_or(as_of)
}

/// The model's staff costs against the ledger's staff category. Under the
/// actual-cost model they should agree (payroll against the ledger's salary
/// accounts) over the months ended by the as-of date ([`compared_until`]):
/// a difference is a warning with both figures. Under the other models the
/// ledger is not the claim's figure: a note says what the model gives.
/// Nothing when the staff category is not named or no pay was read.
fn model_against_ledger(inputs: &StaffCheckInputs) -> Option<Finding> {
    inputs.staff.settings.category.as_ref()?;
    if inputs.costs.rows.is_empty() {
        return None;
    }
    let actual = inputs.staff.settings.model == crate::model::staff::StaffModel::ActualCosts;
    if actual {
        return payroll_against_ledger(inputs);
    }
    let model = inputs.costs.total;
    let ledger: Decimal = inputs.ledger.iter().map(|r| r.amount).sum();
    let key = inputs.staff.settings.model.key();
    Some(finding(
        Severity::Info,
        "STAFF_MODEL_VS_LEDGER",
        |lang| {
            lang.fill(
                "finding.staff.model_vs_ledger",
                &[
                    ("model", &key),
                    ("amount", &eur_in(model, lang)),
                    ("ledger", &eur_in(ledger, lang)),
                    ("difference", &eur_in(model - ledger, lang)),
                ],
            )
        },
        Some(model - ledger),
    ))
}

/// The payroll's staff costs against the ledger's (the actual-cost model),
/// over the months ended by the as-of date; a warning when they differ.
fn payroll_against_ledger(inputs: &StaffCheckInputs) -> Option<Finding> {
    let until = compared_until(inputs.as_of, inputs.project_end);
    let last = Month::of(until);
    let model: Decimal = inputs
        .costs
        .rows
        .iter()
        .filter(|r| r.month <= last)
        .map(|r| r.eligible)
        .sum();
    let ledger: Decimal = inputs
        .ledger
        .iter()
        .filter(|r| r.date <= until)
        .map(|r| r.amount)
        .sum();
    if model == ledger {
        return None;
    }
    Some(finding(
        Severity::Warning,
        "STAFF_PAYROLL_VS_LEDGER",
        |lang| {
            let cut = match until == inputs.as_of {
                true => String::new(),
                false => lang.fill(
                    "finding.staff.payroll_vs_ledger_cut",
                    &[
                        ("as_of", &dates::finnish(inputs.as_of)),
                        ("until", &dates::finnish(until)),
                        ("month", &Month::of(inputs.as_of)),
                    ],
                ),
            };
            lang.fill(
                "finding.staff.payroll_vs_ledger",
                &[
                    ("payroll", &eur_in(model, lang)),
                    ("ledger", &eur_in(ledger, lang)),
                    ("difference", &eur_in(model - ledger, lang)),
                    ("cut", &cut),
                ],
            )
        },
        Some(model - ledger),
    ))
}

/// A person (an index into `persons`) as findings show them: as the
/// setting says, and the role where given.
fn shown(persons: &[Person], person: usize, shown: Showing) -> String {
    let Some(p) = persons.get(person) else {
        return "?".to_string();
    };
    let who = shown.person(person).unwrap_or(&p.id);
    match p.role.as_str() {
        "" => who.to_string(),
        role => format!("{who} ({role})"),
    }
}

/// Hours as Finnish writes them: `7,5`.
fn hours_fi(hours: Decimal) -> String {
    hours.normalize().to_string().replace('.', ",")
}

/// Hours (or a percentage) as `lang` writes them: `7,5` or `7.5`.
fn hours_in(hours: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Fi => hours_fi(hours),
        Lang::En => hours.normalize().to_string(),
    }
}

/// Project hours over the total hours of a person's month (the days of a
/// month added up).
fn hours_over_total(inputs: &StaffCheckInputs) -> Vec<Finding> {
    let mut months: BTreeMap<(String, Month), (Decimal, Decimal, Location)> = BTreeMap::new();
    for line in inputs.work {
        let Some(total) = line.total_hours else {
            continue;
        };
        let who = find_person(inputs.persons, &line.person).map_or_else(
            || inputs.shown.unknown(&line.person),
            |p| shown(inputs.persons, p, inputs.shown),
        );
        let entry = months
            .entry((who, line.month))
            .or_insert_with(|| (Decimal::ZERO, Decimal::ZERO, line.source.clone()));
        entry.0 += line.project_hours;
        entry.1 += total;
    }
    months
        .into_iter()
        .filter(|(_, (project, total, _))| project > total)
        .map(|((who, month), (project, total, at))| {
            finding(
                Severity::Error,
                "STAFF_HOURS_OVER_TOTAL",
                |lang| {
                    lang.fill(
                        "finding.staff.hours_over_total",
                        &[
                            ("person", &who),
                            ("project", &hours_in(project, lang)),
                            ("month", &month),
                            ("total", &hours_in(total, lang)),
                            ("at", &at.describe(lang)),
                        ],
                    )
                },
                None,
            )
        })
        .collect()
}

/// How far, in percentage points, the hours of a month (project hours ÷
/// total hours) may be from a person's fixed share before a warning: more
/// than 5 points apart (40 % against 46 % is a warning, against 45 % not).
/// A month's hours vary a little with holidays and sick leave; a wider
/// gap says the share claimed is not the work done.
pub const HOURS_AGAINST_SHARE_POINTS: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// A person's fixed share (full time or a percentage) against the hours
/// of a month in the working-time record, under the models that go by the
/// share (actual costs, standard side costs): a warning when project
/// hours ÷ total hours is more than [`HOURS_AGAINST_SHARE_POINTS`] from it.
fn hours_against_share(inputs: &StaffCheckInputs) -> Vec<Finding> {
    use crate::model::staff::StaffModel;
    let by_share = matches!(
        inputs.staff.settings.model,
        StaffModel::ActualCosts | StaffModel::StandardSideCosts
    );
    if !by_share {
        return Vec::new();
    }
    let mut months: BTreeMap<(usize, Month), (Decimal, Decimal)> = BTreeMap::new();
    for line in inputs.work {
        let (Some(total), Some(p)) = (line.total_hours, find_person(inputs.persons, &line.person))
        else {
            continue;
        };
        let entry = months.entry((p, line.month)).or_default();
        entry.0 += line.project_hours;
        entry.1 += total;
    }
    let mut out = Vec::new();
    for ((p, month), (project, total)) in months {
        let share = match inputs.persons[p].share_in(month) {
            Some(Share::FullTime) => Decimal::ONE_HUNDRED,
            Some(Share::PartTime(percent)) => percent,
            _ => continue,
        };
        if total <= Decimal::ZERO {
            continue;
        }
        let hours = project.checked_mul(Decimal::ONE_HUNDRED);
        let Some(hours) = hours.and_then(|h| h.checked_div(total)) else {
            continue;
        };
        if (hours - share).abs() <= HOURS_AGAINST_SHARE_POINTS {
            continue;
        }
        let who = shown(inputs.persons, p, inputs.shown);
        out.push(finding(
            Severity::Warning,
            "STAFF_HOURS_AGAINST_SHARE",
            |lang| {
                let number = |n: Decimal| hours_in(n.round_dp(1), lang);
                lang.fill(
                    "finding.staff_hours_against_share",
                    &[
                        ("person", &who),
                        ("month", &month),
                        ("share", &number(share)),
                        ("project", &number(project)),
                        ("total", &number(total)),
                        ("hours", &number(hours)),
                        ("tolerance", &number(HOURS_AGAINST_SHARE_POINTS)),
                    ],
                )
            },
            None,
        ));
    }
    out
}

/// A part-time share over 100 % of working time.
fn shares_over_100(persons: &[Person], showing: Showing) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in persons.iter().enumerate() {
        for period in &person.shares {
            let Share::PartTime(percent) = period.share else {
                continue;
            };
            if percent <= Decimal::ONE_HUNDRED {
                continue;
            }
            let (who, from) = (shown(persons, p, showing), dates::finnish(period.from));
            out.push(finding(
                Severity::Error,
                "STAFF_SHARE_OVER_100",
                |lang| {
                    lang.fill(
                        "finding.staff.share_over_100",
                        &[
                            ("person", &who),
                            ("share", &hours_in(percent, lang)),
                            ("from", &from),
                        ],
                    )
                },
                None,
            ));
        }
    }
    out
}

/// The holiday bonus where the model excludes it, and booked side costs
/// where the model adds its own, in the ledger's rows that are COUNTED
/// (eligible in any category: side costs mapped to an "other costs"
/// category would count beside the model's percentage). The staff
/// category's own rows are covered by the model's figure, never counted,
/// so they are no finding. Nothing when no staff category is named (the
/// model's figure then replaces nothing).
fn excluded_in_ledger(inputs: &StaffCheckInputs) -> Vec<Finding> {
    let model = inputs.staff.settings.model;
    let mut out = Vec::new();
    if inputs.staff.settings.category.is_none() {
        return out;
    }
    let sum_of = |accounts: &[crate::model::AccountRange], words: &[&str]| {
        let rows: Vec<&StaffRow> = inputs
            .counted
            .iter()
            .filter(|r| {
                let name = r.account_name.to_lowercase();
                accounts.iter().any(|a| a.contains(r.account))
                    || words.iter().any(|w| name.contains(w))
            })
            .collect();
        let amount: Decimal = rows.iter().map(|r| r.amount).sum();
        (rows.iter().map(|r| r.source).collect::<Vec<_>>(), amount)
    };
    let key = model.key();
    if model.excludes_holiday_bonus() {
        let (rows, amount) = sum_of(&inputs.staff.holiday_bonus_accounts, &["lomaraha"]);
        if !rows.is_empty() {
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.staff.holiday_bonus_claimed",
                    &[
                        ("amount", &eur_in(amount, lang)),
                        ("rows", &count_rows(rows.len(), lang)),
                        ("model", &key),
                    ],
                )
            });
            out.push(Finding {
                severity: Severity::Error,
                code: "STAFF_HOLIDAY_BONUS_CLAIMED",
                fi,
                en,
                amount: Some(amount),
                rows,
            });
        }
    }
    if model.adds_side_costs() {
        let words = ["sivukulu", "eläkevakuutus", "sosiaaliturvamaksu", "tyel"];
        let (rows, amount) = sum_of(&inputs.staff.side_cost_accounts, &words);
        if !rows.is_empty() {
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.staff.side_costs_twice",
                    &[
                        ("amount", &eur_in(amount, lang)),
                        ("rows", &count_rows(rows.len(), lang)),
                        ("model", &key),
                    ],
                )
            });
            out.push(Finding {
                severity: Severity::Error,
                code: "STAFF_SIDE_COSTS_TWICE",
                fi,
                en,
                amount: Some(amount),
                rows,
            });
        }
    }
    out
}

/// The months the model could not compute.
fn gaps(inputs: &StaffCheckInputs) -> Vec<Finding> {
    inputs
        .costs
        .gaps
        .iter()
        .map(|gap| {
            let (key, severity, code, person, month, amount) = match *gap {
                Gap::NoHours { person, month } => (
                    "finding.staff.no_hours",
                    Severity::Error,
                    "STAFF_NO_HOURS",
                    person,
                    month,
                    None,
                ),
                Gap::NoTotalHours { person, month } => (
                    "finding.staff.no_total_hours",
                    Severity::Error,
                    "STAFF_NO_TOTAL_HOURS",
                    person,
                    month,
                    None,
                ),
                Gap::NoShare {
                    person,
                    month,
                    amount,
                } => (
                    "finding.staff.pay_outside_share",
                    Severity::Warning,
                    "STAFF_PAY_OUTSIDE_SHARE",
                    person,
                    month,
                    Some(amount),
                ),
            };
            let who = shown(inputs.persons, person, inputs.shown);
            // A month with no hours is counted as nothing; one outside
            // the share periods names its pay.
            let said = |lang: Lang| {
                lang.fill(
                    key,
                    &[
                        ("person", &who),
                        ("month", &month),
                        ("amount", &eur_in(amount.unwrap_or_default(), lang)),
                    ],
                )
            };
            finding(severity, code, said, amount)
        })
        .collect()
}

/// At most this many persons `[[person]]` does not know get a finding
/// each; more (an organisation-wide payroll read whole) get one together.
const UNKNOWN_ONE_BY_ONE: usize = 3;

/// Persons in the payroll or the working-time record whom `[[person]]`
/// does not know: one finding each, with their pay and where first seen;
/// or, when they are more than [`UNKNOWN_ONE_BY_ONE`], one finding with
/// their count and pay, naming those with the most pay.
fn unknown_persons(inputs: &StaffCheckInputs) -> Vec<Finding> {
    let mut unknown: BTreeMap<&str, (Decimal, usize, &Location)> = BTreeMap::new();
    let lines = inputs
        .pay
        .iter()
        .map(|l| (l.person.as_str(), l.amount, &l.source))
        .chain(
            inputs
                .work
                .iter()
                .map(|l| (l.person.as_str(), Decimal::ZERO, &l.source)),
        );
    for (person, amount, source) in lines {
        if find_person(inputs.persons, person).is_none() {
            let entry = unknown
                .entry(person)
                .or_insert_with(|| (Decimal::ZERO, 0, source));
            entry.0 += amount;
            entry.1 += 1;
        }
    }
    if unknown.len() > UNKNOWN_ONE_BY_ONE {
        return vec![unknown_together(inputs, &unknown)];
    }
    unknown
        .into_iter()
        .map(|(person, (amount, lines, at))| {
            let person = inputs.shown.unknown(person);
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.staff.unknown_person",
                    &[
                        ("person", &person),
                        ("lines", &lang.count("finding.staff.lines", lines)),
                        ("amount", &eur_in(amount, lang)),
                        ("at", &at.describe(lang)),
                    ],
                )
            });
            Finding {
                severity: Severity::Warning,
                code: "STAFF_UNKNOWN_PERSON",
                fi,
                en,
                amount: Some(amount),
                rows: Vec::new(),
            }
        })
        .collect()
}

/// The one finding on many persons `[[person]]` does not know: their
/// count, lines and pay, and those with the most pay, as the project's
/// `show_persons` shows them.
fn unknown_together(
    inputs: &StaffCheckInputs,
    unknown: &BTreeMap<&str, (Decimal, usize, &Location)>,
) -> Finding {
    let count = unknown.len();
    let lines: usize = unknown.values().map(|(_, n, _)| n).sum();
    let amount: Decimal = unknown.values().map(|(a, _, _)| *a).sum();
    let mut by_pay: Vec<(&str, Decimal)> = unknown.iter().map(|(p, (a, _, _))| (*p, *a)).collect();
    by_pay.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let named: Vec<String> = by_pay
        .iter()
        .take(UNKNOWN_ONE_BY_ONE)
        .map(|(p, _)| format!("\"{}\"", inputs.shown.unknown(p)))
        .collect();
    let named = named.join(", ");
    // More than UNKNOWN_ONE_BY_ONE persons, so the count is always plural.
    finding(
        Severity::Warning,
        "STAFF_UNKNOWN_PERSONS",
        |lang| {
            lang.fill(
                "finding.staff.unknown_persons",
                &[
                    ("count", &count),
                    ("lines", &lang.count("finding.staff.lines", lines)),
                    ("amount", &eur_in(amount, lang)),
                    ("named", &named),
                ],
            )
        },
        Some(amount),
    )
}

pub mod across;
#[cfg(test)]
mod tests;
