//! The plan as the project file states it: a year of a plan by year that
//! lies outside the project period.

use super::{Finding, Severity, eur_in, finding};
use crate::config::Project;

/// A plan by year holding a year outside the project period: money in the
/// plan no cost of the project can use (a typo, or a plan copied from
/// another project). The plan's total counts it; the finding says so.
pub(super) fn plan_years_outside_period(project: &Project) -> Vec<Finding> {
    use chrono::Datelike as _;
    let years = project.start.year()..=project.end.year();
    project
        .categories
        .iter()
        .flat_map(|category| {
            category
                .plan_by_year
                .iter()
                .filter(|(year, _)| !years.contains(year))
                .map(move |(year, amount)| (category, *year, *amount))
        })
        .map(|(category, year, amount)| {
            finding(
                Severity::Warning,
                "PLAN_YEAR_OUTSIDE_PERIOD",
                |lang| {
                    lang.fill(
                        "finding.plan_year_outside_period",
                        &[
                            ("category", &category.name(lang)),
                            ("year", &year),
                            ("amount", &eur_in(amount, lang)),
                            ("start", &crate::dates::finnish(project.start)),
                            ("end", &crate::dates::finnish(project.end)),
                        ],
                    )
                },
                Some(amount),
            )
        })
        .collect()
}
