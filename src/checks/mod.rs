//! Findings: one small function per check, each turning part of the
//! reconciliation into findings with a severity, a code, a message in Finnish
//! and English, the amount at stake and the rows concerned.

pub mod codes;
mod payments;
mod plan;
pub mod staff;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::config::Project;
use crate::dates::finnish;
use crate::model::{Lang, SourceRef};
use crate::money::format_eur;
use crate::reconcile::{Reconciliation, Status};
use plan::plan_years_outside_period;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The figures cannot be trusted until this is fixed.
    Error,
    /// Needs the finance officer's attention.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.text("finding.severity.error"),
            Severity::Warning => lang.text("finding.severity.warning"),
            Severity::Info => lang.text("finding.severity.info"),
        }
    }
}

/// One thing the reconciliation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// A stable code, e.g. `UNMAPPED_ACCOUNT`.
    pub code: &'static str,
    /// The message in Finnish.
    pub fi: String,
    /// The message in English.
    pub en: String,
    /// The amount at stake, if any.
    pub amount: Option<Decimal>,
    /// The ledger rows concerned.
    pub rows: Vec<SourceRef>,
}

impl Finding {
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::En => &self.en,
        }
    }
}

/// A finding with no rows: its message `render` writes in each language.
pub(crate) fn finding(
    severity: Severity,
    code: &'static str,
    render: impl Fn(Lang) -> String,
    amount: Option<Decimal>,
) -> Finding {
    let (fi, en) = in_both(render);
    Finding {
        severity,
        code,
        fi,
        en,
        amount,
        rows: Vec::new(),
    }
}

/// A finding's message in Finnish and in English: `render` writes it in
/// one language from the catalogue (`lang.fill("finding.…", …)`), each
/// value as that language writes it.
pub(crate) fn in_both(render: impl Fn(Lang) -> String) -> (String, String) {
    (render(Lang::Fi), render(Lang::En))
}

/// Runs every check, most severe first, then in the order the checks run.
pub fn run(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(no_project_rows(project, rec));
    findings.extend(funding_changes(project));
    findings.extend(project.own_outputs.iter().map(|path| {
        let shown = project.display_path(path);
        finding(
            Severity::Warning,
            "OWN_OUTPUT_SKIPPED",
            |lang| lang.fill("finding.own_output_skipped", &[("file", &shown)]),
            None,
        )
    }));
    findings.extend(control_totals(rec));
    findings.extend(duplicates(rec));
    findings.extend(outside_period(project, rec));
    findings.extend(empty_accounts(rec));
    findings.extend(unmapped_accounts(rec));
    findings.extend(uncoded_rows_on_project_cost_centres(project, rec));
    findings.extend(rounded_amounts(rec));
    findings.extend(after_as_of(rec));
    findings.extend(categories_over_plan(project, rec));
    findings.extend(plan_years_outside_period(project));
    findings.extend(overrun_and_cap(project, rec));
    findings.extend(payments::periods(project));
    findings.extend(payments::placement(rec));
    findings.extend(payments::arithmetic(project, rec));
    findings.extend(payments::grant(project, rec));
    findings.extend(payments::claim_vs_ledger(project, rec));
    findings.extend(payments::deductions(rec));
    findings.extend(payments::final_balance(project, rec));
    findings.extend(payments::stated(project, rec));
    findings.sort_by_key(|f| f.severity);
    findings
}

/// A filter that matches no ledger row: an empty reconciliation must never
/// look clean.
fn no_project_rows(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    if rec.project_account.read.rows > 0 {
        return Vec::new();
    }
    let other: u64 = rec.files.iter().map(|f| f.other_rows).sum();
    let (fi, en) = in_both(|lang| {
        lang.fill(
            "finding.no_project_rows",
            &[
                ("filter", &project.filter.describe(lang)),
                ("files", &lang.count("count.files", rec.files.len())),
                ("other", &lang.count("count.other_rows", other as usize)),
            ],
        )
    });
    vec![Finding {
        severity: Severity::Error,
        code: "NO_PROJECT_ROWS",
        fi,
        en,
        amount: None,
        rows: Vec::new(),
    }]
}

/// The change decisions (muutospäätös) the figures use, each a note.
fn funding_changes(project: &Project) -> Vec<Finding> {
    project
        .changes
        .iter()
        .take(project.changes_applied)
        .map(|c| {
            let from = crate::dates::finnish(c.from);
            let (fi, en) = in_both(|lang| {
                let mut changes = Vec::new();
                if let Some(m) = c.max_grant {
                    let amount = eur_in(m, lang);
                    changes.push(
                        lang.fill("finding.funding_change_max_grant", &[("amount", &amount)]),
                    );
                }
                if let Some(r) = c.rate_percent {
                    changes.push(lang.fill("finding.funding_change_rate", &[("rate", &r)]));
                }
                if let Some(e) = c.end {
                    let date = crate::dates::finnish(e);
                    changes.push(lang.fill("finding.funding_change_end", &[("date", &date)]));
                }
                for p in &c.plan {
                    let category = project.categories[p.category].name(lang);
                    changes.push(format!("{category} {}", eur_in(p.total, lang)));
                }
                let changes = changes.join(", ");
                if c.decision.is_empty() {
                    lang.fill(
                        "finding.funding_change",
                        &[("from", &from), ("changes", &changes)],
                    )
                } else {
                    lang.fill(
                        "finding.funding_change_numbered",
                        &[
                            ("number", &c.decision),
                            ("from", &from),
                            ("changes", &changes),
                        ],
                    )
                }
            });
            Finding {
                severity: Severity::Info,
                code: "FUNDING_CHANGE",
                fi,
                en,
                amount: None,
                rows: Vec::new(),
            }
        })
        .collect()
}

/// "1 rivi" / "3 riviä", "1 row" / "3 rows".
pub(crate) fn count_rows(n: usize, lang: Lang) -> String {
    lang.count("count.rows", n)
}

/// An amount as `lang` writes it: "1 234,50 €", "€1,234.50".
pub(crate) fn eur_in(amount: Decimal, lang: Lang) -> String {
    format_eur(amount, lang == Lang::Fi)
}

/// An export's own totals row that disagrees with its rows.
fn control_totals(rec: &Reconciliation) -> Vec<Finding> {
    let mut out = Vec::new();
    for (index, file) in rec.files.iter().enumerate() {
        for total in file
            .control_totals
            .iter()
            .filter(|t| t.stated != t.computed)
        {
            let (fi, en) = in_both(|lang| {
                let (stated, computed) = (eur_in(total.stated, lang), eur_in(total.computed, lang));
                match &total.account {
                    Some(account) => lang.fill(
                        "finding.control_total_account",
                        &[
                            ("file", &file.path),
                            ("row", &total.row),
                            ("account", account),
                            ("stated", &stated),
                            ("computed", &computed),
                        ],
                    ),
                    None => lang.fill(
                        "finding.control_total",
                        &[
                            ("file", &file.path),
                            ("row", &total.row),
                            ("stated", &stated),
                            ("computed", &computed),
                        ],
                    ),
                }
            });
            out.push(Finding {
                severity: Severity::Error,
                code: "CONTROL_TOTAL",
                fi,
                en,
                amount: Some(total.stated - total.computed),
                rows: vec![SourceRef {
                    file: index as u32,
                    row: total.row,
                }],
            });
        }
    }
    out
}

/// Rows read again from a later file, one finding per pair of files.
fn duplicates(rec: &Reconciliation) -> Vec<Finding> {
    let mut pairs: BTreeMap<(u32, u32), (u64, Decimal, Vec<SourceRef>)> = BTreeMap::new();
    for t in &rec.transactions {
        if let Status::Duplicate(original) = t.status {
            let entry = pairs.entry((t.row.source.file, original.file)).or_default();
            entry.0 += 1;
            entry.1 += t.row.amount();
            entry.2.push(t.row.source);
        }
    }
    pairs
        .into_iter()
        .map(|((dup, orig), (count, amount, mut rows))| {
            rows.sort();
            let (d, o) = (&rec.files[dup as usize], &rec.files[orig as usize]);
            let same = d.sha256 == o.sha256;
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    if same {
                        "finding.duplicate_rows_same_file"
                    } else {
                        "finding.duplicate_rows"
                    },
                    &[
                        ("file", &d.path),
                        ("original", &o.path),
                        ("rows", &count_rows(count as usize, lang)),
                        ("amount", &eur_in(amount, lang)),
                    ],
                )
            });
            Finding {
                severity: Severity::Warning,
                code: "DUPLICATE_ROWS",
                fi,
                en,
                amount: Some(amount),
                rows,
            }
        })
        .collect()
}

/// Up to this many postings on one side of the project period (before its
/// start, after its end) are a finding each, naming the voucher; more are
/// one finding for the side with their count, sum and dates, so that a whole
/// organisation's ledger spanning years gives two findings, not thousands
/// (every row still has its status and note on Transactions).
pub const OUTSIDE_PERIOD_NAMED: usize = 20;

/// Postings dated before the start or after the end of the project.
fn outside_period(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let period = format!("{}–{}", finnish(project.start), finnish(project.end));
    let mut findings = Vec::new();
    for side in [Status::BeforeStart, Status::AfterEnd] {
        let rows: Vec<&crate::reconcile::Transaction> = rec
            .transactions
            .iter()
            .filter(|t| t.status == side)
            .collect();
        if rows.len() <= OUTSIDE_PERIOD_NAMED {
            findings.extend(
                rows.iter()
                    .map(|t| outside_period_row(project, rec, t, &period)),
            );
        } else {
            findings.push(outside_period_rows(project, rec, &rows, &period));
        }
    }
    findings
}

/// The catalogue's words for where a posting lies against the project period.
fn side_key(status: Status) -> &'static str {
    if status == Status::AfterEnd {
        "finding.outside_period_after_end"
    } else {
        "finding.outside_period_before_start"
    }
}

/// One posting outside the project period, named (its description with
/// persons' names as the reconciliation shows them).
fn outside_period_row(
    project: &Project,
    rec: &Reconciliation,
    t: &crate::reconcile::Transaction,
    period: &str,
) -> Finding {
    let r = &t.row;
    let file = &rec.files[r.source.file as usize].path;
    let text = r.description.text();
    let description = rec.persons.showing(project.show_persons()).mask(&text);
    let (fi, en) = in_both(|lang| {
        lang.fill(
            "finding.outside_period",
            &[
                ("voucher", &r.voucher),
                ("description", &description),
                ("file", file),
                ("row", &r.source.row),
                ("date", &finnish(r.date)),
                ("when", &lang.text(side_key(t.status))),
                ("period", &period),
                ("amount", &eur_in(r.amount(), lang)),
            ],
        )
    });
    Finding {
        severity: Severity::Warning,
        code: "OUTSIDE_PERIOD",
        fi,
        en,
        amount: Some(r.amount()),
        rows: vec![r.source],
    }
}

/// Many postings on one side of the project period, as one finding: their
/// count, sum and first and last dates, and the first of them named.
fn outside_period_rows(
    project: &Project,
    rec: &Reconciliation,
    rows: &[&crate::reconcile::Transaction],
    period: &str,
) -> Finding {
    let amount: Decimal = rows.iter().map(|t| t.row.amount()).sum();
    let first = rows.iter().map(|t| t.row.date).min().unwrap_or_default();
    let last = rows.iter().map(|t| t.row.date).max().unwrap_or_default();
    let mut sources: Vec<SourceRef> = rows.iter().map(|t| t.row.source).collect();
    sources.sort_unstable();
    let named = rows
        .iter()
        .find(|t| t.row.source == sources[0])
        .map(|t| &t.row);
    let (fi, en) = in_both(|lang| {
        let named = named.map_or_else(String::new, |r| {
            let text = r.description.text();
            let description = rec.persons.showing(project.show_persons()).mask(&text);
            lang.fill(
                "finding.outside_period_first",
                &[
                    ("voucher", &r.voucher),
                    ("description", &description),
                    ("file", &rec.files[r.source.file as usize].path),
                    ("row", &r.source.row),
                ],
            )
        });
        lang.fill(
            "finding.outside_period_rows",
            &[
                ("rows", &count_rows(rows.len(), lang)),
                ("when", &lang.text(side_key(rows[0].status))),
                ("period", &period),
                ("first", &finnish(first)),
                ("last", &finnish(last)),
                ("amount", &eur_in(amount, lang)),
                ("named", &named),
            ],
        )
    });
    Finding {
        severity: Severity::Warning,
        code: "OUTSIDE_PERIOD",
        fi,
        en,
        amount: Some(amount),
        rows: sources,
    }
}

/// Project rows without an account: an export whose account cells were
/// merged down over several rows (only the first holds the value), or a
/// broken export. The rows stay in the Unmapped bucket, but the figures
/// cannot be trusted until the export is fixed.
fn empty_accounts(rec: &Reconciliation) -> Vec<Finding> {
    let rows: Vec<&crate::reconcile::Transaction> = rec
        .transactions
        .iter()
        .filter(|t| t.row.account.trim().is_empty() && !matches!(t.status, Status::Duplicate(_)))
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let amount: Decimal = rows.iter().map(|t| t.row.amount()).sum();
    let first = rows[0].row.source;
    let file = &rec.files[first.file as usize].path;
    let (fi, en) = in_both(|lang| {
        lang.fill(
            "finding.account_missing",
            &[
                ("rows", &count_rows(rows.len(), lang)),
                ("amount", &eur_in(amount, lang)),
                ("file", file),
                ("row", &first.row),
            ],
        )
    });
    vec![Finding {
        severity: Severity::Error,
        code: "ACCOUNT_MISSING",
        fi,
        en,
        amount: Some(amount),
        rows: rows.iter().map(|t| t.row.source).collect(),
    }]
}

/// Project rows on accounts that no category maps, one finding per account.
fn unmapped_accounts(rec: &Reconciliation) -> Vec<Finding> {
    let mut accounts: BTreeMap<&str, (&str, Decimal, Vec<SourceRef>)> = BTreeMap::new();
    for t in rec
        .transactions
        .iter()
        .filter(|t| t.status == Status::Unmapped)
    {
        let entry = accounts.entry(&t.row.account).or_insert((
            &t.row.account_name,
            Decimal::ZERO,
            Vec::new(),
        ));
        entry.1 += t.row.amount();
        entry.2.push(t.row.source);
    }
    accounts
        .into_iter()
        .map(|(account, (name, amount, rows))| {
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.unmapped_account",
                    &[
                        ("account", &account),
                        ("name", &name),
                        ("rows", &count_rows(rows.len(), lang)),
                        ("amount", &eur_in(amount, lang)),
                        ("advice", &lang.text(unmapped_advice(account))),
                    ],
                )
            });
            Finding {
                severity: Severity::Warning,
                code: "UNMAPPED_ACCOUNT",
                fi,
                en,
                amount: Some(amount),
                rows,
            }
        })
        .collect()
}

/// What to do about an unmapped account: a cost account goes into a
/// category; an account of the income range (3000–3999 in both common
/// charts) is project revenue or, like the funder's own grant payment,
/// neither revenue nor cost.
fn unmapped_advice(account: &str) -> &'static str {
    let income = account
        .trim()
        .parse::<u64>()
        .is_ok_and(|n| (3000..=3999).contains(&n));
    if income {
        "finding.unmapped_account_income"
    } else {
        "finding.unmapped_account_cost"
    }
}

/// Rows the filter left out for want of a project code on a cost centre
/// where the project's rows are (payroll side costs are often booked so):
/// one warning per cost centre, with the rows and their sum.
fn uncoded_rows_on_project_cost_centres(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    if project.filter.projects.is_empty() {
        return Vec::new();
    }
    let own: std::collections::BTreeSet<&str> = rec
        .transactions
        .iter()
        .map(|t| &*t.row.cost_centre)
        .filter(|c| !c.trim().is_empty())
        .collect();
    let mut left_out: BTreeMap<&str, (u64, Decimal)> = BTreeMap::new();
    for file in &rec.files {
        for (centre, (n, sum)) in &file.details.uncoded_other_rows {
            if own.contains(centre.as_str()) {
                let entry = left_out.entry(centre).or_default();
                *entry = (entry.0 + n, entry.1.saturating_add(*sum));
            }
        }
    }
    left_out
        .into_iter()
        .map(|(centre, (n, amount))| {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.uncoded_rows_on_project_cost_centre",
                    &[
                        ("centre", &centre),
                        ("rows", &count_rows(n, lang)),
                        ("amount", &eur_in(amount, lang)),
                        ("projects", &project.filter.describe(lang)),
                    ],
                )
            });
            Finding {
                severity: Severity::Warning,
                code: "UNCODED_ROWS_ON_PROJECT_COST_CENTRE",
                fi,
                en,
                amount: Some(amount),
                rows: Vec::new(),
            }
        })
        .collect()
}

/// Amounts with parts of a cent, rounded on import.
fn rounded_amounts(rec: &Reconciliation) -> Vec<Finding> {
    rec.files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.rounded.is_empty())
        .map(|(index, f)| {
            let rows: Vec<SourceRef> = f
                .rounded
                .iter()
                .map(|r| SourceRef {
                    file: index as u32,
                    row: r.row,
                })
                .collect();
            let first = &f.rounded[0];
            let (fi, en) = in_both(|lang| {
                lang.fill(
                    "finding.sub_cent_amount",
                    &[
                        ("file", &f.path),
                        ("amounts", &lang.count("count.amounts_had", rows.len())),
                        ("row", &first.row),
                        ("original", &first.original),
                    ],
                )
            });
            Finding {
                severity: Severity::Warning,
                code: "SUB_CENT_AMOUNT",
                fi,
                en,
                amount: None,
                rows,
            }
        })
        .collect()
}

/// Rows after the as-of date: in the period but not yet counted.
fn after_as_of(rec: &Reconciliation) -> Vec<Finding> {
    let tally = rec.project_account.after_as_of;
    if tally.rows == 0 {
        return Vec::new();
    }
    let rows = rec
        .transactions
        .iter()
        .filter(|t| t.status == Status::AfterAsOf)
        .map(|t| t.row.source)
        .collect();
    let (fi, en) = in_both(|lang| {
        lang.fill(
            "finding.after_as_of",
            &[
                ("rows", &count_rows(tally.rows as usize, lang)),
                ("amount", &eur_in(tally.amount, lang)),
                ("date", &finnish(rec.as_of)),
            ],
        )
    });
    vec![Finding {
        severity: Severity::Info,
        code: "AFTER_AS_OF",
        fi,
        en,
        amount: Some(tally.amount),
        rows,
    }]
}

/// Categories whose realised costs exceed the plan.
fn categories_over_plan(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let tolerance = project.category_tolerance_percent;
    rec.categories
        .iter()
        .filter(|l| {
            // Covered and excluded costs are not eligible: no plan to run over.
            l.variance() > Decimal::ZERO
                && project.eligibility(l.index) == crate::config::Eligibility::Eligible
        })
        .map(|l| {
            let category = &project.categories[l.index];
            let percent = if l.plan.is_zero() {
                None
            } else {
                Some((l.variance() / l.plan * Decimal::ONE_HUNDRED).round_dp(1))
            };
            let beyond = percent.is_none_or(|p| p > tolerance);
            let tolerance_key = if beyond {
                "finding.category_over_plan_beyond"
            } else {
                "finding.category_over_plan_within"
            };
            let (fi, en) = in_both(|lang| {
                let percent = match percent {
                    Some(p) if lang == Lang::Fi => format!("{} %", p.to_string().replace('.', ",")),
                    Some(p) => format!("{p} %"),
                    None => "–".into(),
                };
                lang.fill(
                    "finding.category_over_plan",
                    &[
                        ("category", &category.name(lang)),
                        ("over", &eur_in(l.variance(), lang)),
                        ("percent", &percent),
                        (
                            "tolerance",
                            &lang.fill(tolerance_key, &[("percent", &tolerance)]),
                        ),
                    ],
                )
            });
            Finding {
                severity: if beyond {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                code: "CATEGORY_OVER_PLAN",
                fi,
                en,
                amount: Some(l.variance()),
                rows: Vec::new(),
            }
        })
        .collect()
}

/// The overrun that stays with the organisation, and the grant cap.
fn overrun_and_cap(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let f = &rec.funding;
    let mut out = Vec::new();
    if f.overrun > Decimal::ZERO {
        let who = &project.funding.own_share_by;
        // No genitive built by a suffix: "kaupunki:n" is wrong for
        // almost every organisation's name.
        let (fi, en) = in_both(|lang| {
            let over = eur_in(f.overrun, lang);
            if who.is_empty() {
                lang.fill("finding.total_over_plan", &[("over", &over)])
            } else {
                lang.fill(
                    "finding.total_over_plan_named",
                    &[("over", &over), ("who", who)],
                )
            }
        });
        out.push(Finding {
            severity: Severity::Info,
            code: "TOTAL_OVER_PLAN",
            fi,
            en,
            amount: Some(f.overrun),
            rows: Vec::new(),
        });
    }
    if let (true, Some(max)) = (f.is_capped(), f.max_grant) {
        let (fi, en) = in_both(|lang| {
            lang.fill(
                "finding.grant_capped",
                &[
                    ("rate", &f.rate_percent),
                    ("at_rate", &eur_in(f.at_rate, lang)),
                    ("max", &eur_in(max, lang)),
                ],
            )
        });
        out.push(Finding {
            severity: Severity::Info,
            code: "GRANT_CAPPED",
            fi,
            en,
            amount: Some(f.at_rate - max),
            rows: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
