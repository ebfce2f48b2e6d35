//! Findings about the payment periods, the funder's decisions and the
//! figures that documents state.

use rust_decimal::Decimal;

use super::{Finding, Severity, eur_in, finding};
use crate::config::Project;
use crate::dates::finnish;
use crate::model::{Lang, SourceRef};
use crate::reconcile::payments::PaymentPeriod;
use crate::reconcile::{Reconciliation, Status};

mod payment;

use payment::payment;

fn cent() -> Decimal {
    Decimal::new(1, 2)
}

/// Payment periods must follow each other with no gap and no overlap, and
/// cover the project from start to end.
pub fn periods(project: &Project) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &project.periods;
    if p.is_empty() {
        return out;
    }
    let mut edges = vec![(None, project.start.pred_opt(), Some(0))];
    edges.extend((1..p.len()).map(|i| (Some(i - 1), Some(p[i - 1].end), Some(i))));
    edges.push((Some(p.len() - 1), Some(p[p.len() - 1].end), None));
    for (before, end, after) in edges {
        let next_start = after.map_or(project.end.succ_opt(), |i| Some(p[i].start));
        let (Some(end), Some(next)) = (end, next_start) else {
            continue;
        };
        let name = |i: Option<usize>| i.map_or_else(|| "–".to_string(), |i| p[i].name.clone());
        if end.succ_opt() == Some(next) {
            continue;
        }
        let project_period = format!("{}–{}", finnish(project.start), finnish(project.end));
        let (code, message): (&str, Box<dyn Fn(Lang) -> String>) =
            if next <= end && (before.is_none() || after.is_none()) {
                // A period reaching outside the project, not an overlap of two.
                let (i, where_key) = match before {
                    None => (after.unwrap_or_default(), "finding.period_starts_before"),
                    Some(i) => (i, "finding.period_ends_after"),
                };
                let period = &p[i];
                (
                    "PERIOD_OUTSIDE_PROJECT",
                    Box::new(move |lang: Lang| {
                        lang.fill(
                            "finding.period_outside_project",
                            &[
                                ("period", &period.name),
                                ("start", &finnish(period.start)),
                                ("end", &finnish(period.end)),
                                ("where", &lang.text(where_key)),
                                ("project_period", &project_period),
                            ],
                        )
                    }),
                )
            } else if next > end {
                let gap = format!(
                    "{}–{}",
                    finnish(end.succ_opt().unwrap_or(end)),
                    finnish(next.pred_opt().unwrap_or(next))
                );
                let (before, after) = (name(before), name(after));
                (
                    "PERIOD_GAP",
                    Box::new(move |lang: Lang| {
                        lang.fill(
                            "finding.period_gap",
                            &[("gap", &gap), ("before", &before), ("after", &after)],
                        )
                    }),
                )
            } else {
                let (before, after) = (name(before), name(after));
                (
                    "PERIOD_OVERLAP",
                    Box::new(move |lang: Lang| {
                        lang.fill(
                            "finding.period_overlap",
                            &[("before", &before), ("after", &after)],
                        )
                    }),
                )
            };
        out.push(finding(Severity::Warning, code, message, None));
    }
    out
}

/// Decisions velho could not place, or that repeat a period, or name categories the plan lacks.
/// The claims in the claims folder that are copies of another, or of a
/// period that is none of the payment periods.
fn claims_placed(pay: &crate::reconcile::payments::Payments) -> Vec<Finding> {
    let mut out = Vec::new();
    for (file, start, end) in &pay.unplaced_claims {
        let period = format!("{}–{}", finnish(*start), finnish(*end));
        out.push(finding(
            Severity::Warning,
            "CLAIM_PERIOD_UNKNOWN",
            |lang| {
                lang.fill(
                    "finding.claim_period_unknown",
                    &[("file", file), ("period", &period)],
                )
            },
            None,
        ));
    }
    for (kept, copies) in &pay.claim_copies {
        let copies = copies.join(", ");
        out.push(finding(
            Severity::Info,
            "CLAIM_COPY",
            |lang| lang.fill("finding.claim_copy", &[("copies", &copies), ("kept", kept)]),
            None,
        ));
    }
    out
}

pub fn placement(rec: &Reconciliation) -> Vec<Finding> {
    let pay = &rec.payments;
    let mut out = Vec::new();
    for &d in &pay.unplaced {
        let dec = &pay.decisions[d];
        let period = format!("{}–{}", finnish(dec.period.0), finnish(dec.period.1));
        out.push(finding(
            Severity::Error,
            "DECISION_PERIOD_UNKNOWN",
            |lang| {
                lang.fill(
                    "finding.decision_period_unknown",
                    &[("file", &dec.path), ("period", &period)],
                )
            },
            Some(dec.paid_now),
        ));
    }
    for &d in &pay.repeated {
        let dec = &pay.decisions[d];
        out.push(finding(
            Severity::Error,
            "DECISION_REPEATED",
            |lang| lang.fill("finding.decision_repeated", &[("file", &dec.path)]),
            Some(dec.paid_now),
        ));
    }
    out.extend(claims_placed(pay));
    for &(old, new) in &pay.superseded {
        let (o, n) = (&pay.decisions[old], &pay.decisions[new]);
        out.push(finding(
            Severity::Info,
            "DECISION_SUPERSEDED",
            |lang| {
                lang.fill(
                    "finding.decision_superseded",
                    &[
                        ("file", &n.path),
                        ("number", &n.number),
                        ("old_number", &o.number),
                        ("old_file", &o.path),
                    ],
                )
            },
            None,
        ));
    }
    for &d in &pay.after_as_of {
        let dec = &pay.decisions[d];
        let date = dec.date.map(finnish).unwrap_or_default();
        out.push(finding(
            Severity::Info,
            "DECISION_AFTER_AS_OF",
            |lang| {
                lang.fill(
                    "finding.decision_after_as_of",
                    &[
                        ("file", &dec.path),
                        ("number", &dec.number),
                        ("date", &date),
                    ],
                )
            },
            None,
        ));
    }
    for &(d, l) in &pay.unknown_lines {
        let dec = &pay.decisions[d];
        let line = &dec.lines[l];
        out.push(finding(
            Severity::Error,
            "DECISION_CATEGORY_UNKNOWN",
            |lang| {
                lang.fill(
                    "finding.decision_category_unknown",
                    &[
                        ("file", &dec.path),
                        ("row", &line.row),
                        ("category", &line.category),
                    ],
                )
            },
            Some(line.approved),
        ));
    }
    out
}

/// The funder's own arithmetic, line by line and in the payment.
pub fn arithmetic(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in rec.payments.periods.iter() {
        let Some(d) = p.decision else { continue };
        let dec = &rec.payments.decisions[d];
        for l in &dec.lines {
            let expected = l.applied - l.deducted;
            if expected != l.approved {
                out.push(finding(
                    Severity::Error,
                    "DECISION_ARITHMETIC",
                    |lang| {
                        lang.fill(
                            "finding.decision_arithmetic",
                            &[
                                ("file", &dec.path),
                                ("row", &l.row),
                                ("category", &l.category),
                                ("approved", &eur_in(l.approved, lang)),
                                ("expected", &eur_in(expected, lang)),
                                ("difference", &eur_in(l.approved - expected, lang)),
                            ],
                        )
                    },
                    Some(l.approved - expected),
                ));
            }
        }
        if let Some(total) = &dec.total {
            let sums = (p.applied_total, p.approved_total, p.deducted_total);
            if (total.applied, total.approved, total.deducted) != sums {
                out.push(finding(
                    Severity::Error,
                    "DECISION_TOTAL",
                    |lang| {
                        lang.fill(
                            "finding.decision_total",
                            &[
                                ("file", &dec.path),
                                ("row", &total.row),
                                ("applied", &eur_in(total.applied, lang)),
                                ("approved", &eur_in(total.approved, lang)),
                                ("deducted", &eur_in(total.deducted, lang)),
                                ("sum_applied", &eur_in(sums.0, lang)),
                                ("sum_approved", &eur_in(sums.1, lang)),
                                ("sum_deducted", &eur_in(sums.2, lang)),
                            ],
                        )
                    },
                    Some(total.approved - sums.1),
                ));
            }
        }
        if let Some(row) = dec.total_not_recalculated {
            out.push(finding(
                Severity::Info,
                "DECISION_TOTAL_UNCHECKED",
                |lang| {
                    lang.fill(
                        "finding.decision_total_unchecked",
                        &[("file", &dec.path), ("row", &row)],
                    )
                },
                None,
            ));
        }
        out.extend(flat_rate_follows_base(project, rec, p));
        out.extend(payment(project, rec, p));
    }
    out
}

/// A cut in a flat rate's base must cut the flat rate too.
fn flat_rate_follows_base(
    project: &Project,
    rec: &Reconciliation,
    p: &PaymentPeriod,
) -> Vec<Finding> {
    let dec = &rec.payments.decisions[p.decision.unwrap_or_default()];
    let mut out = Vec::new();
    for (index, category) in project.categories.iter().enumerate() {
        let (Some(flat), Some(approved)) = (&category.flat_rate, p.approved[index]) else {
            continue;
        };
        let Some(base) = flat
            .base
            .iter()
            .map(|&b| p.approved[b])
            .sum::<Option<Decimal>>()
        else {
            continue;
        };
        let Ok(expected) = project
            .funding
            .percent_of(base, flat.percent, "the flat rate")
        else {
            continue;
        };
        if (approved - expected).abs() > cent() {
            out.push(finding(
                Severity::Error,
                "DECISION_FLAT_RATE",
                |lang| {
                    lang.fill(
                        "finding.decision_flat_rate",
                        &[
                            ("file", &dec.path),
                            ("category", &category.name(lang)),
                            ("approved", &eur_in(approved, lang)),
                            ("percent", &flat.percent),
                            ("expected", &eur_in(expected, lang)),
                            ("difference", &eur_in(approved - expected, lang)),
                        ],
                    )
                },
                Some(approved - expected),
            ));
        }
    }
    out
}

/// The maximum grant never overdrawn: by the payments and advances, or by
/// them and the claims not yet decided. Reported once, at the first period
/// where it happens, whether the period has a decision or not.
pub fn grant(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let Some(max) = project.funding.max_grant else {
        return Vec::new();
    };
    let Some(p) = rec
        .payments
        .periods
        .iter()
        .find(|p| p.cumulative_paid > max || p.cumulative_paid + p.pending > max)
    else {
        return Vec::new();
    };
    let name = &project.periods[p.period].name;
    let pending = p.cumulative_paid <= max;
    let excess = if pending {
        p.cumulative_paid + p.pending - max
    } else {
        p.cumulative_paid - max
    };
    vec![finding(
        Severity::Error,
        "GRANT_EXCEEDED",
        |lang| {
            let (paid, max, excess) = (
                eur_in(p.cumulative_paid, lang),
                eur_in(max, lang),
                eur_in(excess, lang),
            );
            if pending {
                lang.fill(
                    "finding.grant_exceeded_pending",
                    &[
                        ("period", name),
                        ("paid", &paid),
                        ("pending", &eur_in(p.pending, lang)),
                        ("max", &max),
                        ("excess", &excess),
                    ],
                )
            } else {
                lang.fill(
                    "finding.grant_exceeded",
                    &[
                        ("period", name),
                        ("paid", &paid),
                        ("max", &max),
                        ("excess", &excess),
                    ],
                )
            }
        },
        Some(excess),
    )]
}

/// What the city applied for against what its ledger shows for the period.
pub fn claim_vs_ledger(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in rec.payments.periods.iter().filter(|p| p.decision.is_some()) {
        let period = &project.periods[p.period];
        for (c, category) in project.categories.iter().enumerate() {
            let Some(applied) = p.applied[c] else {
                continue;
            };
            let diff = applied - p.realised[c];
            if diff.abs() > cent() {
                out.push(finding(
                    Severity::Warning,
                    "CLAIM_LEDGER_DIFFERENCE",
                    |lang| {
                        lang.fill(
                            "finding.claim_ledger_difference",
                            &[
                                ("period", &period.name),
                                ("category", &category.name(lang)),
                                ("applied", &eur_in(applied, lang)),
                                ("realised", &eur_in(p.realised[c], lang)),
                                ("difference", &eur_in(diff, lang)),
                            ],
                        )
                    },
                    Some(diff),
                ));
            }
        }
    }
    out
}

/// Each deducted item found in the ledger, or reported.
pub fn deductions(rec: &Reconciliation) -> Vec<Finding> {
    let pay = &rec.payments;
    let mut out = Vec::new();
    for m in &pay.deductions {
        let dec = &pay.decisions[m.decision];
        let item = &dec.items[m.item];
        if m.rows.is_empty() {
            out.push(finding(
                Severity::Warning,
                "DEDUCTION_UNMATCHED",
                |lang| {
                    lang.fill(
                        "finding.deduction_unmatched",
                        &[
                            ("file", &dec.path),
                            ("row", &item.row),
                            ("voucher", &item.voucher),
                            ("amount", &eur_in(item.amount, lang)),
                        ],
                    )
                },
                Some(item.amount),
            ));
        } else {
            let whole: Decimal = m.rows.iter().map(|(_, part)| *part).sum();
            let partial = m.rows.len() == 1
                && rec
                    .transactions
                    .iter()
                    .any(|t| t.row.source == m.rows[0].0 && t.row.amount() != m.rows[0].1);
            // The voucher's rows the deduction left: "in full" only when
            // it took the whole voucher.
            let voucher_rows = rec
                .transactions
                .iter()
                .filter(|t| {
                    t.row.voucher == item.voucher && !matches!(t.status, Status::Duplicate(_))
                })
                .count();
            let how = if partial {
                "finding.deduction_in_part"
            } else if m.rows.len() < voucher_rows {
                "finding.deduction_some_rows"
            } else {
                "finding.deduction_in_full"
            };
            let mut f = finding(
                Severity::Info,
                "DEDUCTION",
                |lang| {
                    lang.fill(
                        "finding.deduction",
                        &[
                            ("file", &dec.path),
                            ("number", &dec.number),
                            ("voucher", &item.voucher),
                            ("how", &lang.text(how)),
                            ("amount", &eur_in(whole, lang)),
                            ("reason", &item.reason),
                        ],
                    )
                },
                Some(item.amount),
            );
            f.rows = m.rows.iter().map(|(r, _)| *r).collect::<Vec<SourceRef>>();
            out.push(f);
        }
    }
    out
}

/// After the final decision: what is still to be paid, or to be returned.
pub fn final_balance(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let Some(last) = rec.payments.periods.last().filter(|p| p.decision.is_some()) else {
        return Vec::new();
    };
    let (_, approved, _) = rec.payments.totals();
    let revenue: Decimal = rec
        .payments
        .periods
        .iter()
        .filter(|p| p.decision.is_some())
        .map(|p| p.revenue)
        .sum();
    let Ok(at_rate) = project.funding.percent_of(
        approved - revenue,
        project.funding.rate_percent,
        "the funder's share",
    ) else {
        return Vec::new();
    };
    let due = project
        .funding
        .max_grant
        .map_or(at_rate, |m| at_rate.min(m));
    let balance = due - last.cumulative_paid;
    let key = if balance > Decimal::ZERO {
        "finding.final_balance_owed"
    } else if balance < Decimal::ZERO {
        "finding.final_balance_overpaid"
    } else {
        "finding.final_balance_paid"
    };
    vec![finding(
        if balance == Decimal::ZERO {
            Severity::Info
        } else {
            Severity::Warning
        },
        "FINAL_BALANCE",
        |lang| {
            lang.fill(
                key,
                &[
                    ("balance", &eur_in(balance.abs(), lang)),
                    ("due", &eur_in(due, lang)),
                    ("paid", &eur_in(last.cumulative_paid, lang)),
                ],
            )
        },
        Some(balance),
    )]
}

/// Each stated figure against the computed one.
pub fn stated(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    project
        .stated
        .iter()
        .filter(|s| s.applies(rec.documents_until))
        .filter_map(|s| {
            let computed = rec.figure(s);
            (computed != s.amount).then(|| {
                // A figure an official document states that velho does not
                // reach is someone's error to find before anything is signed.
                finding(
                    Severity::Error,
                    "STATED_FIGURE",
                    |lang| {
                        lang.fill(
                            "finding.stated_figure",
                            &[
                                ("what", &s.what),
                                ("stated", &eur_in(s.amount, lang)),
                                ("computed", &eur_in(computed, lang)),
                                ("difference", &eur_in(s.amount - computed, lang)),
                            ],
                        )
                    },
                    Some(s.amount - computed),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
