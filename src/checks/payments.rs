//! Findings about the payment periods, the funder's decisions and the
//! figures that documents state.

use rust_decimal::Decimal;

use super::{Finding, Severity, eur};
use crate::config::Project;
use crate::dates::finnish;
use crate::model::{Decision, SourceRef};
use crate::reconcile::payments::PaymentPeriod;
use crate::reconcile::{Reconciliation, Status};

fn cent() -> Decimal {
    Decimal::new(1, 2)
}

fn finding(
    severity: Severity,
    code: &'static str,
    fi: String,
    en: String,
    amount: Option<Decimal>,
) -> Finding {
    Finding {
        severity,
        code,
        fi,
        en,
        amount,
        rows: Vec::new(),
    }
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
        let (code, fi, en) = if next <= end && (before.is_none() || after.is_none()) {
            // A period reaching outside the project, not an overlap of two.
            let (i, fi_where, en_where) = match before {
                None => (
                    after.unwrap_or_default(),
                    "alkaa ennen hankkeen alkua",
                    "starts before the project starts",
                ),
                Some(i) => (
                    i,
                    "päättyy hankkeen päättymisen jälkeen",
                    "ends after the project ends",
                ),
            };
            (
                "PERIOD_OUTSIDE_PROJECT",
                format!(
                    "Maksatuskausi {} ({}–{}) {fi_where} (hankeaika {}–{}); tarkista kausi tai hankeaika velho.toml-tiedostosta.",
                    p[i].name,
                    finnish(p[i].start),
                    finnish(p[i].end),
                    finnish(project.start),
                    finnish(project.end)
                ),
                format!(
                    "Payment period {} ({}–{}) {en_where} (project period {}–{}); check the period or the project period in velho.toml.",
                    p[i].name,
                    finnish(p[i].start),
                    finnish(p[i].end),
                    finnish(project.start),
                    finnish(project.end)
                ),
            )
        } else if next > end {
            let gap = format!(
                "{}–{}",
                finnish(end.succ_opt().unwrap_or(end)),
                finnish(next.pred_opt().unwrap_or(next))
            );
            (
                "PERIOD_GAP",
                format!(
                    "Maksatuskausien välissä on aukko {gap} (kausien {} ja {} välissä); näiden päivien kuluja ei haeta millään kaudella.",
                    name(before),
                    name(after)
                ),
                format!(
                    "The payment periods leave a gap {gap} (between periods {} and {}); costs of those days are claimed in no period.",
                    name(before),
                    name(after)
                ),
            )
        } else {
            (
                "PERIOD_OVERLAP",
                format!(
                    "Maksatuskaudet {} ja {} menevät päällekkäin; sama kulu voisi tulla haetuksi kahdesti.",
                    name(before),
                    name(after)
                ),
                format!(
                    "Payment periods {} and {} overlap; a cost could be claimed twice.",
                    name(before),
                    name(after)
                ),
            )
        };
        out.push(finding(Severity::Warning, code, fi, en, None));
    }
    out
}

/// Decisions velho could not place, or that repeat a period, or name categories the plan lacks.
pub fn placement(rec: &Reconciliation) -> Vec<Finding> {
    let pay = &rec.payments;
    let mut out = Vec::new();
    for &d in &pay.unplaced {
        let dec = &pay.decisions[d];
        let period = format!("{}–{}", finnish(dec.period.0), finnish(dec.period.1));
        out.push(finding(Severity::Error, "DECISION_PERIOD_UNKNOWN",
            format!("{}: päätöksen maksatuskausi {period} ei ole mikään velho.toml-tiedoston [[period]]-kausista; päätöstä ei ole tarkistettu.", dec.path),
            format!("{}: the decision's payment period {period} is none of the [[period]] tables of velho.toml; the decision was not checked.", dec.path), Some(dec.paid_now)));
    }
    for &d in &pay.repeated {
        let dec = &pay.decisions[d];
        out.push(finding(Severity::Error, "DECISION_REPEATED",
            format!("{}: samalle maksatuskaudelle on jo päätös; vain ensimmäinen on otettu huomioon. Poista vanha tai korjattu päätös kansiosta.", dec.path),
            format!("{}: another decision already covers this payment period; only the first was used. Remove the old or corrected decision from the folder.", dec.path), Some(dec.paid_now)));
    }
    for (kept, copies) in &pay.claim_copies {
        let copies = copies.join(", ");
        out.push(finding(
            Severity::Info,
            "CLAIM_COPY",
            format!("{copies}: sama hakemus kuin {kept}; laskettu kerran."),
            format!("{copies}: the same claim as {kept}; counted once."),
            None,
        ));
    }
    for &(old, new) in &pay.superseded {
        let (o, n) = (&pay.decisions[old], &pay.decisions[new]);
        out.push(finding(Severity::Info, "DECISION_SUPERSEDED",
            format!("{} ({}) korvaa päätöksen {} ({}); vain korvaava päätös on tarkistettu ja sen vähennykset kohdistettu.", n.path, n.number, o.number, o.path),
            format!("{} ({}) replaces decision {} ({}); only the replacing decision is checked and its deductions matched.", n.path, n.number, o.number, o.path), None));
    }
    for &d in &pay.after_as_of {
        let dec = &pay.decisions[d];
        let date = dec.date.map(finnish).unwrap_or_default();
        out.push(finding(Severity::Info, "DECISION_AFTER_AS_OF",
            format!("{} ({}) on päivätty {date}, tarkastelupäivän jälkeen; sitä ei ole otettu huomioon.", dec.path, dec.number),
            format!("{} ({}) is dated {date}, after the as-of date; it is not taken into account.", dec.path, dec.number), None));
    }
    for &(d, l) in &pay.unknown_lines {
        let dec = &pay.decisions[d];
        let line = &dec.lines[l];
        out.push(finding(Severity::Error, "DECISION_CATEGORY_UNKNOWN",
            format!("{}, rivi {}: kustannuslaji \"{}\" ei ole hankkeen kustannuslajeissa; tarkista nimi velho.toml-tiedostosta (fi, en tai id).", dec.path, line.row, line.category),
            format!("{}, row {}: the category \"{}\" is not one of the project's; check the names in velho.toml (fi, en or id).", dec.path, line.row, line.category), Some(line.approved)));
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
                let ((a, b), (x, y)) = (eur(l.approved), eur(expected));
                out.push(finding(Severity::Error, "DECISION_ARITHMETIC",
                    format!("{}, rivi {} ({}): hyväksytty {a}, mutta haettu − vähennetty = {x}; ero {}.", dec.path, l.row, l.category, eur(l.approved - expected).0),
                    format!("{}, row {} ({}): approved {b}, but applied − deducted = {y}; difference {}.", dec.path, l.row, l.category, eur(l.approved - expected).1), Some(l.approved - expected)));
            }
        }
        if let Some(total) = &dec.total {
            let sums = (p.applied_total, p.approved_total, p.deducted_total);
            if (total.applied, total.approved, total.deducted) != sums {
                out.push(finding(Severity::Error, "DECISION_TOTAL",
                    format!("{}, rivi {}: taulukon yhteensä-rivi ({} / {} / {}) ei ole rivien summa ({} / {} / {}).", dec.path, total.row, eur(total.applied).0, eur(total.approved).0, eur(total.deducted).0, eur(sums.0).0, eur(sums.1).0, eur(sums.2).0),
                    format!("{}, row {}: the table's total row ({} / {} / {}) is not the sum of its lines ({} / {} / {}).", dec.path, total.row, eur(total.applied).1, eur(total.approved).1, eur(total.deducted).1, eur(sums.0).1, eur(sums.1).1, eur(sums.2).1), Some(total.approved - sums.1)));
            }
        }
        if let Some(row) = dec.total_not_recalculated {
            out.push(finding(Severity::Info, "DECISION_TOTAL_UNCHECKED",
                format!("{}, rivi {row}: taulukon yhteensä-rivin kaavoja ei ole koskaan laskettu (tiedosto on täytetty ohjelmalla, joka ei laske kaavoja, eikä sitä ole sen jälkeen tallennettu taulukkolaskentaohjelmassa), joten yhteissummaa ei tarkistettu; rivit on tarkistettu yksitellen. Avaa tiedosto Excelissä tai LibreOfficessa ja tallenna se, niin yhteissumma tarkistetaan.", dec.path),
                format!("{}, row {row}: the formulas of the table's total row were never calculated (the file was filled by a program that does not recalculate formulas and not saved in a spreadsheet since), so the total was not checked; the lines were checked one by one. Open the file in Excel or LibreOffice and save it to have the total checked.", dec.path), None));
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
                format!(
                    "{}: {} hyväksytty {}, mutta {} % hyväksytystä perustasta on {}; ero {}.",
                    dec.path,
                    category.name_fi,
                    eur(approved).0,
                    flat.percent,
                    eur(expected).0,
                    eur(approved - expected).0
                ),
                format!(
                    "{}: {} approved {}, but {} % of the approved base is {}; difference {}.",
                    dec.path,
                    category.name_en,
                    eur(approved).1,
                    flat.percent,
                    eur(expected).1,
                    eur(approved - expected).1
                ),
                Some(approved - expected),
            ));
        }
    }
    out
}

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
fn payment(project: &Project, rec: &Reconciliation, p: &PaymentPeriod) -> Vec<Finding> {
    let dec = &rec.payments.decisions[p.decision.unwrap_or_default()];
    let mut out = Vec::new();
    if p.rate_percent != project.funding.rate_percent {
        out.push(finding(
            Severity::Warning,
            "DECISION_RATE",
            format!(
                "{}: päätöksen tukiprosentti {} % poikkeaa hankkeen {} %:sta.",
                dec.path, p.rate_percent, project.funding.rate_percent
            ),
            format!(
                "{}: the decision's funding rate {} % differs from the project's {} %.",
                dec.path, p.rate_percent, project.funding.rate_percent
            ),
            None,
        ));
    }
    let diff = p.paid_now - p.expected_payment;
    let with_ledger_revenue = payment_with_ledger_revenue(project, dec, p);
    let (basis_fi, basis_en) = payment_basis(p);
    if diff != Decimal::ZERO && with_ledger_revenue == Some(p.paid_now) {
        out.push(finding(Severity::Warning, "DECISION_REVENUE",
            format!("{} ({}): päätöksessä ei ole tuloja, mutta maksetaan nyt {} vastaa kirjanpidon kauden tuloja {} (ilman tuloja laskettuna {}). Tarkista, että päätös vähentää samat tulot, ja lisää päätöksen taulukkoon Tulot-rivi.", dec.path, dec.number, eur(p.paid_now).0, eur(p.ledger_revenue).0, eur(p.expected_payment).0),
            format!("{} ({}): the decision states no revenues, but paid now {} matches the ledger's revenues of the period {} (without them it would be {}). Check that the decision deducts the same revenues, and add a Revenues line to its table.", dec.path, dec.number, eur(p.paid_now).1, eur(p.ledger_revenue).1, eur(p.expected_payment).1), Some(p.ledger_revenue)));
    } else if diff < Decimal::ZERO && made_good_after(project, rec, p.period) {
        out.push(finding(Severity::Info, "PAYMENT_MADE_GOOD",
            format!("{} ({}): maksettiin {} vähemmän kuin {basis_fi} (enimmäisavustuksen rajoissa); korjattu myöhemmällä maksulla: maksetut kattavat hyväksytyistä kustannuksista kuuluvan osuuden.", dec.path, dec.number, eur(-diff).0),
            format!("{} ({}): paid {} less than {basis_en} (within the maximum grant); made good by a later payment: the payments cover the share the approved costs give.", dec.path, dec.number, eur(-diff).1), Some(diff)));
    } else if diff > Decimal::ZERO && diff <= shortfall_before(rec, p.period) {
        let shortfall = shortfall_before(rec, p.period);
        out.push(finding(Severity::Info, "PAYMENT_MAKES_GOOD",
            format!("{} ({}): maksetaan {} enemmän kuin {basis_fi}; se korjaa aiempien päätösten vajaat maksut ({}).", dec.path, dec.number, eur(diff).0, eur(shortfall).0),
            format!("{} ({}): pays {} more than {basis_en}; it makes good what earlier decisions paid too little ({}).", dec.path, dec.number, eur(diff).1, eur(shortfall).1), Some(diff)));
    } else if diff != Decimal::ZERO {
        let (paid, expected) = (eur(p.paid_now), eur(p.expected_payment));
        out.push(finding(Severity::Error, "PAYMENT_ARITHMETIC",
            format!("{} ({}): maksetaan nyt {}, mutta {basis_fi} (enimmäisavustuksen rajoissa) on {}; ero {}. Pyydä rahoittajalta korjaus.", dec.path, dec.number, paid.0, expected.0, eur(diff).0),
            format!("{} ({}): paid now {}, but {basis_en} (within the maximum grant) is {}; difference {}. Ask the funder to correct it.", dec.path, dec.number, paid.1, expected.1, eur(diff).1), Some(diff)));
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

/// How a period's payment is computed, in words (Finnish, English):
/// "90 % × (approved 10 000,00 € − revenues 500,00 €) − advance netted …".
fn payment_basis(p: &PaymentPeriod) -> (String, String) {
    let mut fi = format!(
        "{} % × (hyväksytty {}",
        p.rate_percent,
        eur(p.approved_total).0
    );
    let mut en = format!(
        "{} % × (approved {}",
        p.rate_percent,
        eur(p.approved_total).1
    );
    if !p.revenue.is_zero() {
        fi.push_str(&format!(" − tulot {}", eur(p.revenue).0));
        en.push_str(&format!(" − revenues {}", eur(p.revenue).1));
    }
    fi.push(')');
    en.push(')');
    if !p.advance_netted.is_zero() {
        fi.push_str(&format!(" − ennakon vähennys {}", eur(p.advance_netted).0));
        en.push_str(&format!(" − advance netted {}", eur(p.advance_netted).1));
    }
    (fi, en)
}

/// A decision's "paid earlier" against the earlier decisions' payments,
/// and its "paid in total" against paid earlier + paid now.
fn paid_earlier_and_total(dec: &Decision, p: &PaymentPeriod) -> Vec<Finding> {
    let mut out = Vec::new();
    let earlier = p.cumulative_paid - p.paid_now;
    if let Some(stated) = dec.paid_earlier.filter(|s| *s != earlier) {
        out.push(finding(Severity::Warning, "PAID_EARLIER",
            format!("{}: aiemmin maksettu {}, mutta aiempien päätösten maksut ovat yhteensä {}; ero {}.", dec.path, eur(stated).0, eur(earlier).0, eur(stated - earlier).0),
            format!("{}: paid earlier {}, but the earlier decisions paid {}; difference {}.", dec.path, eur(stated).1, eur(earlier).1, eur(stated - earlier).1), Some(stated - earlier)));
    }
    if let (Some(total), Some(stated_earlier)) = (dec.paid_total, dec.paid_earlier)
        && total != stated_earlier + p.paid_now
    {
        out.push(finding(
            Severity::Error,
            "PAID_TOTAL",
            format!(
                "{}: maksettu yhteensä {} ei ole aiemmin maksettu + maksetaan nyt ({}).",
                dec.path,
                eur(total).0,
                eur(stated_earlier + p.paid_now).0
            ),
            format!(
                "{}: paid in total {} is not paid earlier + paid now ({}).",
                dec.path,
                eur(total).1,
                eur(stated_earlier + p.paid_now).1
            ),
            Some(total - stated_earlier - p.paid_now),
        ));
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
    let (fi, en, excess) = if p.cumulative_paid > max {
        let excess = p.cumulative_paid - max;
        (
            format!(
                "Kaudella {name} maksettu yhteensä {} (ennakot mukaan lukien) ylittää enimmäisavustuksen {}; ylimenevä {} on palautettava.",
                eur(p.cumulative_paid).0,
                eur(max).0,
                eur(excess).0
            ),
            format!(
                "By period {name} paid in total {} (advances included) exceeds the maximum grant {}; the excess {} must be returned.",
                eur(p.cumulative_paid).1,
                eur(max).1,
                eur(excess).1
            ),
            excess,
        )
    } else {
        let excess = p.cumulative_paid + p.pending - max;
        (
            format!(
                "Kaudella {name} maksettu {} ja haettu päätöstä odottavilla hakemuksilla {} ylittävät enimmäisavustuksen {} {}:lla; korjaa hakemus ennen päätöstä.",
                eur(p.cumulative_paid).0,
                eur(p.pending).0,
                eur(max).0,
                eur(excess).0
            ),
            format!(
                "By period {name} paid {} and applied for in undecided claims {} exceed the maximum grant {} by {}; correct the claim before the decision.",
                eur(p.cumulative_paid).1,
                eur(p.pending).1,
                eur(max).1,
                eur(excess).1
            ),
            excess,
        )
    };
    vec![finding(
        Severity::Error,
        "GRANT_EXCEEDED",
        fi,
        en,
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
                out.push(finding(Severity::Warning, "CLAIM_LEDGER_DIFFERENCE",
                    format!("Kausi {}: {} haettu {}, kirjanpidossa kaudella {}; ero {}. Tarkista, onko hakemuksessa kausien ulkopuolisia tai puuttuvia kuluja.", period.name, category.name_fi, eur(applied).0, eur(p.realised[c]).0, eur(diff).0),
                    format!("Period {}: {} applied {}, the ledger has {} in the period; difference {}. Check the application for costs outside the period or missing costs.", period.name, category.name_en, eur(applied).1, eur(p.realised[c]).1, eur(diff).1), Some(diff)));
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
            out.push(finding(Severity::Warning, "DEDUCTION_UNMATCHED",
                format!("{}, rivi {}: vähennettyä tositetta {} ({}) ei löydy hankkeen kirjanpidosta; tarkista tositenumero.", dec.path, item.row, item.voucher, eur(item.amount).0),
                format!("{}, row {}: the deducted voucher {} ({}) is not in the project's ledger; check the voucher number.", dec.path, item.row, item.voucher, eur(item.amount).1), Some(item.amount)));
        } else {
            let whole: Decimal = m.rows.iter().map(|(_, part)| *part).sum();
            let partial = m.rows.len() == 1
                && rec
                    .transactions
                    .iter()
                    .any(|t| t.row.source == m.rows[0].0 && t.row.amount != m.rows[0].1);
            // The voucher's rows the deduction left: "in full" only when
            // it took the whole voucher.
            let voucher_rows = rec
                .transactions
                .iter()
                .filter(|t| {
                    t.row.voucher == item.voucher && !matches!(t.status, Status::Duplicate(_))
                })
                .count();
            let (kind_fi, kind_en) = if partial {
                ("osittain", "in part")
            } else if m.rows.len() < voucher_rows {
                (
                    "osittain (osa tositteen riveistä)",
                    "in part (some of the voucher's rows)",
                )
            } else {
                ("kokonaan", "in full")
            };
            let mut f = finding(
                Severity::Info,
                "DEDUCTION",
                format!(
                    "{} ({}): rahoittaja vähensi tositteen {} {kind_fi}, {}: {}.",
                    dec.path,
                    dec.number,
                    item.voucher,
                    eur(whole).0,
                    item.reason
                ),
                format!(
                    "{} ({}): the funder deducted voucher {} {kind_en}, {}: {}.",
                    dec.path,
                    dec.number,
                    item.voucher,
                    eur(whole).1,
                    item.reason
                ),
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
    let (fi, en) = if balance > Decimal::ZERO {
        (
            format!(
                "Loppumaksatuksen jälkeen rahoittajalta on vielä saamatta {} (hyväksytyistä kustannuksista kuuluu {}, maksettu {}).",
                eur(balance).0,
                eur(due).0,
                eur(last.cumulative_paid).0
            ),
            format!(
                "After the final payment the funder still owes {} (the approved costs give {}, paid {}).",
                eur(balance).1,
                eur(due).1,
                eur(last.cumulative_paid).1
            ),
        )
    } else if balance < Decimal::ZERO {
        (
            format!(
                "Rahoittaja on maksanut {} liikaa (hyväksytyistä kustannuksista kuuluu {}, maksettu {}); summa on palautettava.",
                eur(-balance).0,
                eur(due).0,
                eur(last.cumulative_paid).0
            ),
            format!(
                "The funder has paid {} too much (the approved costs give {}, paid {}); it is to be returned.",
                eur(-balance).1,
                eur(due).1,
                eur(last.cumulative_paid).1
            ),
        )
    } else {
        (
            format!(
                "Avustus on maksettu kokonaan: {} (hyväksytyistä kustannuksista kuuluva osuus).",
                eur(due).0
            ),
            format!(
                "The grant is paid in full: {} (the share the approved costs give).",
                eur(due).1
            ),
        )
    };
    vec![finding(
        if balance == Decimal::ZERO {
            Severity::Info
        } else {
            Severity::Warning
        },
        "FINAL_BALANCE",
        fi,
        en,
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
                    format!(
                        "{}: ilmoitettu {}, velho laskee {}; ero {}.",
                        s.what,
                        eur(s.amount).0,
                        eur(computed).0,
                        eur(s.amount - computed).0
                    ),
                    format!(
                        "{}: stated {}, velho computes {}; difference {}.",
                        s.what,
                        eur(s.amount).1,
                        eur(computed).1,
                        eur(s.amount - computed).1
                    ),
                    Some(s.amount - computed),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
