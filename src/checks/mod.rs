//! Findings: one small function per check, each turning part of the
//! reconciliation into findings with a severity, a code, a message in Finnish
//! and English, the amount at stake and the rows concerned.

pub mod codes;
mod payments;
pub mod staff;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::config::Project;
use crate::dates::finnish;
use crate::model::{Lang, SourceRef};
use crate::money::format_eur;
use crate::reconcile::{Reconciliation, Status};

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
            Severity::Error => lang.pick("Virhe", "Error"),
            Severity::Warning => lang.pick("Varoitus", "Warning"),
            Severity::Info => lang.pick("Huomio", "Note"),
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
        lang.pick(&self.fi, &self.en)
    }
}

/// Runs every check, most severe first, then in the order the checks run.
pub fn run(project: &Project, rec: &Reconciliation) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(no_project_rows(project, rec));
    findings.extend(funding_changes(project));
    findings.extend(project.own_outputs.iter().map(|path| {
        let shown = project.display_path(path);
        Finding {
            severity: Severity::Warning,
            code: "OWN_OUTPUT_SKIPPED",
            fi: format!("{shown} on velhon itse kirjoittama työkirja, ei kirjanpidon vienti; sitä ei lueta. Siirrä se pois kirjanpitokansiosta."),
            en: format!("{shown} is a workbook velho wrote, not a ledger export; it is not read. Move it out of the ledger folder."),
            amount: None,
            rows: Vec::new(),
        }
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
    let filter_fi = project.filter.describe(Lang::Fi);
    let filter_en = project.filter.describe(Lang::En);
    let other: u64 = rec.files.iter().map(|f| f.other_rows).sum();
    vec![Finding {
        severity: Severity::Error,
        code: "NO_PROJECT_ROWS",
        fi: format!(
            "Yksikään kirjanpidon rivi ei kuulu hankkeelle ({filter_fi}): luettu {}, muiden kustannuspaikkojen tai hankkeiden rivejä: {other}. Tarkista velho.toml-tiedoston [filter] (kustannuspaikat ja projektit) ja että oikeat viennit ovat kansiossa.",
            counted(rec.files.len(), ("tiedosto", "tiedostoa")),
        ),
        en: format!(
            "No ledger row belongs to the project ({filter_en}): {} read, {} of other cost centres or projects. Check [filter] in velho.toml (cost centres and projects) and that the right exports are in the folder.",
            counted(rec.files.len(), ("file", "files")),
            count_rows(other as usize, Lang::En)
        ),
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
            let mut fi = Vec::new();
            let mut en = Vec::new();
            if let Some(m) = c.max_grant {
                fi.push(format!("enimmäisavustus {}", eur(m).0));
                en.push(format!("maximum grant {}", eur(m).1));
            }
            if let Some(r) = c.rate_percent {
                fi.push(format!("tukiprosentti {r} %"));
                en.push(format!("funding rate {r} %"));
            }
            if let Some(e) = c.end {
                fi.push(format!("päättymispäivä {}", crate::dates::finnish(e)));
                en.push(format!("end {}", crate::dates::finnish(e)));
            }
            for p in &c.plan {
                let category = &project.categories[p.category];
                fi.push(format!("{} {}", category.name_fi, eur(p.total).0));
                en.push(format!("{} {}", category.name_en, eur(p.total).1));
            }
            let from = crate::dates::finnish(c.from);
            let number = if c.decision.is_empty() {
                String::new()
            } else {
                format!(" {}", c.decision)
            };
            Finding {
                severity: Severity::Info,
                code: "FUNDING_CHANGE",
                fi: format!(
                    "Muutospäätös{number} {from} alkaen on otettu huomioon: {}.",
                    fi.join(", ")
                ),
                en: format!(
                    "Change decision{number} in force from {from} applied: {}.",
                    en.join(", ")
                ),
                amount: None,
                rows: Vec::new(),
            }
        })
        .collect()
}

/// "1 rivi" / "3 riviä", "1 row" / "3 rows".
pub(crate) fn count_rows(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fi, 1) => "1 rivi".into(),
        (Lang::Fi, n) => format!("{n} riviä"),
        (Lang::En, 1) => "1 row".into(),
        (Lang::En, n) => format!("{n} rows"),
    }
}

/// A count with its noun in the number it takes: `("tiedosto",
/// "tiedostoa")` gives "1 tiedosto" and "3 tiedostoa".
pub(crate) fn counted(n: usize, (one, many): (&str, &str)) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub(crate) fn eur(amount: Decimal) -> (String, String) {
    (format_eur(amount, true), format_eur(amount, false))
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
            let (stated_fi, stated_en) = eur(total.stated);
            let (computed_fi, computed_en) = eur(total.computed);
            let (fi, en) = match &total.account {
                Some(account) => (
                    format!(
                        "{}, rivi {}: tilin {account} välisumma on tiedostossa {stated_fi}, mutta tilin rivit antavat {computed_fi}. Vienti voi olla vajaa; ota se uudelleen.",
                        file.path, total.row
                    ),
                    format!(
                        "{}, row {}: the file's subtotal of account {account} is {stated_en} but the account's rows add up to {computed_en}. The export may be incomplete; export it again.",
                        file.path, total.row
                    ),
                ),
                None => (
                    format!(
                        "{}, rivi {}: tiedoston oma yhteissumma on {stated_fi}, mutta sen rivit antavat {computed_fi}. Vienti voi olla vajaa; ota se uudelleen.",
                        file.path, total.row
                    ),
                    format!(
                        "{}, row {}: the file's own total is {stated_en} but its rows add up to {computed_en}. The export may be incomplete; export it again.",
                        file.path, total.row
                    ),
                ),
            };
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
            entry.1 += t.row.amount;
            entry.2.push(t.row.source);
        }
    }
    pairs
        .into_iter()
        .map(|((dup, orig), (count, amount, mut rows))| {
            rows.sort();
            let (d, o) = (&rec.files[dup as usize], &rec.files[orig as usize]);
            let same = d.sha256 == o.sha256;
            let (amount_fi, amount_en) = eur(amount);
            Finding {
                severity: Severity::Warning,
                code: "DUPLICATE_ROWS",
                fi: format!(
                    "{} toistaa tiedoston {} hankkeen rivejä{}: {}, {amount_fi}. Ne on laskettu vain kerran; poista päällekkäinen vienti.",
                    d.path,
                    o.path,
                    if same { " (sama tiedosto, sama SHA-256)" } else { "" },
                    count_rows(count as usize, Lang::Fi)
                ),
                en: format!(
                    "{} repeats project rows of {}{}: {}, {amount_en}. They are counted once; remove the overlapping export.",
                    d.path,
                    o.path,
                    if same { " (the same file, same SHA-256)" } else { "" },
                    count_rows(count as usize, Lang::En)
                ),
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

/// Where a posting lies against the project period, in both languages.
fn side_words(status: Status) -> (&'static str, &'static str) {
    if status == Status::AfterEnd {
        ("hankkeen päättymisen jälkeen", "after the project ended")
    } else {
        ("ennen hankkeen alkua", "before the project started")
    }
}

/// One posting outside the project period, named.
fn outside_period_row(
    project: &Project,
    rec: &Reconciliation,
    t: &crate::reconcile::Transaction,
    period: &str,
) -> Finding {
    let r = &t.row;
    let (amount_fi, amount_en) = eur(r.amount);
    let file = &rec.files[r.source.file as usize].path;
    let (when_fi, when_en) = side_words(t.status);
    let description = rec
        .persons
        .showing(project.show_persons())
        .mask(&r.description);
    Finding {
        severity: Severity::Warning,
        code: "OUTSIDE_PERIOD",
        fi: format!(
            "Tosite {} ({}, {file} rivi {}) on kirjattu {} {when_fi} (hankeaika {period}): {amount_fi} jätetty pois. Tarkista, kuuluuko kulu hankkeelle ja oikealle kaudelle.",
            r.voucher,
            description,
            r.source.row,
            finnish(r.date)
        ),
        en: format!(
            "Voucher {} ({}, {file} row {}) is dated {}, {when_en} (project period {period}): {amount_en} left out. Check whether the cost belongs to the project and its period.",
            r.voucher,
            description,
            r.source.row,
            finnish(r.date)
        ),
        amount: Some(r.amount),
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
    let amount: Decimal = rows.iter().map(|t| t.row.amount).sum();
    let (amount_fi, amount_en) = eur(amount);
    let first = rows.iter().map(|t| t.row.date).min().unwrap_or_default();
    let last = rows.iter().map(|t| t.row.date).max().unwrap_or_default();
    let (when_fi, when_en) = side_words(rows[0].status);
    let mut sources: Vec<SourceRef> = rows.iter().map(|t| t.row.source).collect();
    sources.sort_unstable();
    let named = rows
        .iter()
        .find(|t| t.row.source == sources[0])
        .map(|t| &t.row);
    let (named_fi, named_en) = named.map_or_else(Default::default, |r| {
        let file = &rec.files[r.source.file as usize].path;
        let description = rec
            .persons
            .showing(project.show_persons())
            .mask(&r.description);
        (
            format!(
                " Ensimmäinen: tosite {} ({}, {file} rivi {}).",
                r.voucher, description, r.source.row
            ),
            format!(
                " The first: voucher {} ({}, {file} row {}).",
                r.voucher, description, r.source.row
            ),
        )
    });
    Finding {
        severity: Severity::Warning,
        code: "OUTSIDE_PERIOD",
        fi: format!(
            "{} on kirjattu {when_fi} (hankeaika {period}), {}–{}: {amount_fi} jätetty pois.{named_fi} Rivit on merkitty Tapahtumat-välilehdelle. Tarkista, kuuluvatko kulut hankkeelle ja oikealle kaudelle.",
            count_rows(rows.len(), Lang::Fi),
            finnish(first),
            finnish(last)
        ),
        en: format!(
            "{} are dated {when_en} (project period {period}), {}–{}: {amount_en} left out.{named_en} The rows are marked on Transactions. Check whether the costs belong to the project and its period.",
            count_rows(rows.len(), Lang::En),
            finnish(first),
            finnish(last)
        ),
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
    let amount: Decimal = rows.iter().map(|t| t.row.amount).sum();
    let first = rows[0].row.source;
    let file = &rec.files[first.file as usize].path;
    let (amount_fi, amount_en) = eur(amount);
    vec![Finding {
        severity: Severity::Error,
        code: "ACCOUNT_MISSING",
        fi: format!(
            "{} ilman tiliä ({amount_fi}), ensimmäinen {file} rivi {}. Jos viennissä on yhdistettyjä (merged) tilisoluja, pura yhdistäminen ja täytä tili jokaiselle riville; muuten ota vienti uudelleen.",
            count_rows(rows.len(), Lang::Fi),
            first.row
        ),
        en: format!(
            "{} without an account ({amount_en}), the first at {file} row {}. If the export has account cells merged over several rows, unmerge them and fill the account on every row; otherwise export the ledger again.",
            count_rows(rows.len(), Lang::En),
            first.row
        ),
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
        entry.1 += t.row.amount;
        entry.2.push(t.row.source);
    }
    accounts
        .into_iter()
        .map(|(account, (name, amount, rows))| {
            let (amount_fi, amount_en) = eur(amount);
            let n = rows.len();
            let (rows_fi, rows_en) = (count_rows(n, Lang::Fi), count_rows(n, Lang::En));
            Finding {
                severity: Severity::Warning,
                code: "UNMAPPED_ACCOUNT",
                fi: format!(
                    "Tili {account} {name} ei kuulu mihinkään kustannuslajiin: {rows_fi}, {amount_fi} ei ole mukana toteumassa. {}",
                    unmapped_advice(account, Lang::Fi)
                ),
                en: format!(
                    "Account {account} {name} feeds no cost category: {rows_en}, {amount_en} not counted as realised. {}",
                    unmapped_advice(account, Lang::En)
                ),
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
fn unmapped_advice(account: &str, lang: Lang) -> &'static str {
    let income = account
        .trim()
        .parse::<u64>()
        .is_ok_and(|n| (3000..=3999).contains(&n));
    match (income, lang) {
        (false, Lang::Fi) => {
            "Lisää tili kustannuslajin accounts-listaan velho.toml-tiedostossa tai siirrä kirjaus."
        }
        (false, Lang::En) => {
            "Add the account to a category's accounts in velho.toml, or correct the posting."
        }
        (true, Lang::Fi) => {
            "Tili on tulotili: jos se on hankkeen tuloa, lisää se [claims]-osion revenue_accounts-listaan. Rahoittajan maksama tuki ei ole hankkeen tuloa eikä kustannus: jätä se pois."
        }
        (true, Lang::En) => {
            "It is an income account: if it is project revenue, add it to revenue_accounts under [claims]. A grant paid by the funder is neither project revenue nor a cost: leave it out."
        }
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
    let (projects_fi, projects_en) = (
        project.filter.describe(Lang::Fi),
        project.filter.describe(Lang::En),
    );
    left_out
        .into_iter()
        .map(|(centre, (n, amount))| {
            let (amount_fi, amount_en) = eur(amount);
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            let (rows_fi, rows_en) = (count_rows(n, Lang::Fi), count_rows(n, Lang::En));
            Finding {
                severity: Severity::Warning,
                code: "UNCODED_ROWS_ON_PROJECT_COST_CENTRE",
                fi: format!(
                    "Kustannuspaikalla {centre}, jolla hankkeen rivit ovat, on {rows_fi} ilman projektikoodia, yhteensä {amount_fi}; ne eivät ole mukana, koska [filter] valitsee rivit projektikoodin mukaan ({projects_fi}). Jos kulut (esim. henkilösivukulut) kuuluvat hankkeelle, valitse rivit kustannuspaikan mukaan: [filter] cost_centres = [\"{centre}\"] ilman projects-riviä (tarkista, ettei kustannuspaikalla ole muiden hankkeiden kuluja), tai pyydä kirjanpitoa lisäämään riveille projektikoodi."
                ),
                en: format!(
                    "Cost centre {centre}, where the project's rows are, has {rows_en} without a project code, {amount_en} in all; they are left out because [filter] selects rows by project code ({projects_en}). If these costs (e.g. payroll side costs) belong to the project, select the rows by cost centre: [filter] cost_centres = [\"{centre}\"] without the projects line (check that no other project books costs there), or have the project code added to the rows in the ledger."
                ),
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
            let rows: Vec<SourceRef> = f.rounded.iter().map(|r| SourceRef { file: index as u32, row: r.row }).collect();
            let first = &f.rounded[0];
            Finding {
                severity: Severity::Warning,
                code: "SUB_CENT_AMOUNT",
                fi: format!(
                    "{}: {} sentin osia (esim. rivi {}: {}); pyöristetty senttiin (puolikkaat poispäin nollasta).",
                    f.path, counted(rows.len(), ("summassa oli", "summassa oli")), first.row, first.original
                ),
                en: format!(
                    "{}: {} fractions of a cent (e.g. row {}: {}); rounded to the cent (halves away from zero).",
                    f.path, counted(rows.len(), ("amount had", "amounts had")), first.row, first.original
                ),
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
    let (amount_fi, amount_en) = eur(tally.amount);
    let rows = rec
        .transactions
        .iter()
        .filter(|t| t.status == Status::AfterAsOf)
        .map(|t| t.row.source)
        .collect();
    vec![Finding {
        severity: Severity::Info,
        code: "AFTER_AS_OF",
        fi: format!(
            "{} ({amount_fi}) päivätty tarkastelupäivän {} jälkeen; ei laskettu toteumaan.",
            count_rows(tally.rows as usize, Lang::Fi),
            finnish(rec.as_of)
        ),
        en: format!(
            "{} ({amount_en}) dated after the as-of date {}; not counted as realised.",
            count_rows(tally.rows as usize, Lang::En),
            finnish(rec.as_of)
        ),
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
            let (over_fi, over_en) = eur(l.variance());
            let pct = |finnish: bool| match percent {
                Some(p) if finnish => format!("{} %", p.to_string().replace('.', ",")),
                Some(p) => format!("{p} %"),
                None => "–".into(),
            };
            let (note_fi, note_en) = if beyond {
                (
                    format!("yli sallitun {tolerance} %:n joustovaran"),
                    format!("beyond the {tolerance} % tolerance"),
                )
            } else {
                (
                    format!("sallitun {tolerance} %:n joustovaran sisällä"),
                    format!("within the {tolerance} % tolerance"),
                )
            };
            Finding {
                severity: if beyond {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                code: "CATEGORY_OVER_PLAN",
                fi: format!(
                    "Kustannuslaji {} ylittää kustannusarvion {over_fi} ({}), {note_fi}.",
                    category.name_fi,
                    pct(true)
                ),
                en: format!(
                    "Category {} is over plan by {over_en} ({}), {note_en}.",
                    category.name_en,
                    pct(false)
                ),
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
        let (over_fi, over_en) = eur(f.overrun);
        let who = &project.funding.own_share_by;
        out.push(Finding {
            severity: Severity::Info,
            code: "TOTAL_OVER_PLAN",
            // No genitive built by a suffix: "kaupunki:n" is wrong for
            // almost every organisation's name.
            fi: format!("Toteutuneet kustannukset ylittävät hyväksytyn kustannusarvion {over_fi}; ylitys jää tuensaajan{} maksettavaksi.", if who.is_empty() { String::new() } else { format!(" ({who})") }),
            en: format!("Realised costs exceed the approved plan by {over_en}; the overrun is paid by {}.", if who.is_empty() { "the organisation" } else { who }),
            amount: Some(f.overrun),
            rows: Vec::new(),
        });
    }
    if let (true, Some(max)) = (f.is_capped(), f.max_grant) {
        let (max_fi, max_en) = eur(max);
        let (rate_fi, rate_en) = eur(f.at_rate);
        out.push(Finding {
            severity: Severity::Info,
            code: "GRANT_CAPPED",
            fi: format!("Rahoittajan osuus {} % olisi {rate_fi}, mutta enimmäisavustus on {max_fi}; erotus jää omarahoitukseksi.", f.rate_percent),
            en: format!("The funder's {} % share would be {rate_en}, but the maximum grant is {max_en}; the difference is own funding.", f.rate_percent),
            amount: Some(f.at_rate - max),
            rows: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
