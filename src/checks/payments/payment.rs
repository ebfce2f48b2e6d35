//! One decided period's payment against the rate, the approved costs and
//! the maximum grant, and its paid earlier and paid in total.

use rust_decimal::Decimal;

use super::finding;
use crate::checks::{Finding, Severity, eur_in};
use crate::config::Project;
use crate::model::{Decision, Lang};
use crate::reconcile::Reconciliation;
use crate::reconcile::payments::PaymentPeriod;

/// The grant the decided periods' payments give by the last decision, and
/// what they have paid (advances netted included): an underpayment is made
/// good when a later payment brings the paid up to what is due.
fn made_good_after(project: &Project, rec: &Reconciliation, period: usize) -> bool {
    let decided: Vec<&PaymentPeriod> = rec
        .payments
        .periods
        .iter()
        .filter(|p| p.decision.is_some())
        .collect();
    if !decided.iter().any(|p| p.period > period) {
        return false;
    }
    let due: Decimal = decided.iter().map(|p| p.at_rate).sum();
    let due = project.funding.max_grant.map_or(due, |m| due.min(m));
    let paid: Decimal = decided.iter().map(|p| p.paid_now + p.advance_netted).sum();
    paid >= due
}

/// What the decisions of the periods before `period` paid too little, in
/// all (zero when they paid what they should, or more).
fn shortfall_before(rec: &Reconciliation, period: usize) -> Decimal {
    let balance: Decimal = rec
        .payments
        .periods
        .iter()
        .filter(|p| p.decision.is_some() && p.period < period)
        .map(|p| p.paid_now - p.expected_payment)
        .sum();
    (-balance).max(Decimal::ZERO)
}

/// Paid now = rate × (approved − revenues) within the maximum grant, less
/// the advance netted; earlier and total payments add up.
pub(super) fn payment(project: &Project, rec: &Reconciliation, p: &PaymentPeriod) -> Vec<Finding> {
    let dec = &rec.payments.decisions[p.decision.unwrap_or_default()];
    let mut out = Vec::new();
    if p.rate_percent != project.funding.rate_percent {
        out.push(finding(
            Severity::Warning,
            "DECISION_RATE",
            |lang| {
                lang.fill(
                    "finding.decision_rate",
                    &[
                        ("file", &dec.path),
                        ("rate", &p.rate_percent),
                        ("project_rate", &project.funding.rate_percent),
                    ],
                )
            },
            None,
        ));
    }
    let diff = p.paid_now - p.expected_payment;
    let with_ledger_revenue = payment_with_ledger_revenue(project, dec, p);
    if diff != Decimal::ZERO && with_ledger_revenue == Some(p.paid_now) {
        out.push(finding(
            Severity::Warning,
            "DECISION_REVENUE",
            |lang| {
                lang.fill(
                    "finding.decision_revenue",
                    &[
                        ("file", &dec.path),
                        ("number", &dec.number),
                        ("paid", &eur_in(p.paid_now, lang)),
                        ("revenue", &eur_in(p.ledger_revenue, lang)),
                        ("expected", &eur_in(p.expected_payment, lang)),
                    ],
                )
            },
            Some(p.ledger_revenue),
        ));
    } else if diff < Decimal::ZERO && made_good_after(project, rec, p.period) {
        out.push(finding(
            Severity::Info,
            "PAYMENT_MADE_GOOD",
            |lang| {
                lang.fill(
                    "finding.payment_made_good",
                    &[
                        ("file", &dec.path),
                        ("number", &dec.number),
                        ("short", &eur_in(-diff, lang)),
                        ("basis", &payment_basis(p, lang)),
                    ],
                )
            },
            Some(diff),
        ));
    } else if diff > Decimal::ZERO && diff <= shortfall_before(rec, p.period) {
        let shortfall = shortfall_before(rec, p.period);
        out.push(finding(
            Severity::Info,
            "PAYMENT_MAKES_GOOD",
            |lang| {
                lang.fill(
                    "finding.payment_makes_good",
                    &[
                        ("file", &dec.path),
                        ("number", &dec.number),
                        ("over", &eur_in(diff, lang)),
                        ("basis", &payment_basis(p, lang)),
                        ("shortfall", &eur_in(shortfall, lang)),
                    ],
                )
            },
            Some(diff),
        ));
    } else if diff != Decimal::ZERO {
        out.push(finding(
            Severity::Error,
            "PAYMENT_ARITHMETIC",
            |lang| {
                lang.fill(
                    "finding.payment_arithmetic",
                    &[
                        ("file", &dec.path),
                        ("number", &dec.number),
                        ("paid", &eur_in(p.paid_now, lang)),
                        ("basis", &payment_basis(p, lang)),
                        ("expected", &eur_in(p.expected_payment, lang)),
                        ("difference", &eur_in(diff, lang)),
                    ],
                )
            },
            Some(diff),
        ));
    }
    out.extend(paid_earlier_and_total(dec, p));
    out
}

/// What decision `dec`'s payment would be had it deducted the ledger's
/// revenues of the period without stating them (`None` when it states its
/// revenues or the ledger has none).
fn payment_with_ledger_revenue(
    project: &Project,
    dec: &Decision,
    p: &PaymentPeriod,
) -> Option<Decimal> {
    (dec.revenue.is_none() && !p.ledger_revenue.is_zero())
        .then(|| {
            project
                .funding
                .percent_of(
                    p.approved_total - p.ledger_revenue,
                    p.rate_percent,
                    "the payment",
                )
                .ok()
        })
        .flatten()
        .map(|at_rate| {
            let room = project.funding.max_grant.map(|m| {
                (m - (p.cumulative_paid - p.paid_now - p.advances_paid)).max(Decimal::ZERO)
            });
            room.map_or(at_rate, |r| at_rate.min(r)) - p.advance_netted
        })
}

/// How a period's payment is computed, in words:
/// "90 % × (approved €10,000.00 − revenues €500.00) − advance netted …".
fn payment_basis(p: &PaymentPeriod, lang: Lang) -> String {
    let approved = eur_in(p.approved_total, lang);
    let basis = if p.revenue.is_zero() {
        lang.fill(
            "finding.payment_basis",
            &[("rate", &p.rate_percent), ("approved", &approved)],
        )
    } else {
        lang.fill(
            "finding.payment_basis_revenue",
            &[
                ("rate", &p.rate_percent),
                ("approved", &approved),
                ("revenue", &eur_in(p.revenue, lang)),
            ],
        )
    };
    if p.advance_netted.is_zero() {
        basis
    } else {
        lang.fill(
            "finding.payment_basis_advance",
            &[
                ("basis", &basis),
                ("advance", &eur_in(p.advance_netted, lang)),
            ],
        )
    }
}

/// A decision's "paid earlier" against the earlier decisions' payments,
/// and its "paid in total" against paid earlier + paid now.
fn paid_earlier_and_total(dec: &Decision, p: &PaymentPeriod) -> Vec<Finding> {
    let mut out = Vec::new();
    let earlier = p.cumulative_paid - p.paid_now;
    if let Some(stated) = dec.paid_earlier.filter(|s| *s != earlier) {
        out.push(finding(
            Severity::Warning,
            "PAID_EARLIER",
            |lang| {
                lang.fill(
                    "finding.paid_earlier",
                    &[
                        ("file", &dec.path),
                        ("stated", &eur_in(stated, lang)),
                        ("earlier", &eur_in(earlier, lang)),
                        ("difference", &eur_in(stated - earlier, lang)),
                    ],
                )
            },
            Some(stated - earlier),
        ));
    }
    if let (Some(total), Some(stated_earlier)) = (dec.paid_total, dec.paid_earlier)
        && total != stated_earlier + p.paid_now
    {
        out.push(finding(
            Severity::Error,
            "PAID_TOTAL",
            |lang| {
                lang.fill(
                    "finding.paid_total",
                    &[
                        ("file", &dec.path),
                        ("total", &eur_in(total, lang)),
                        ("sum", &eur_in(stated_earlier + p.paid_now, lang)),
                    ],
                )
            },
            Some(total - stated_earlier - p.paid_now),
        ));
    }
    out
}
