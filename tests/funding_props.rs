//! Invariants of the funding model (issue 11) over generated projects.
//!
//! Each case is a project built in memory: a project file (one of the
//! flat-rate models of domain.md §2, a funding rate, sometimes a maximum
//! grant and an advance), a ledger of up to 60 rows in one or two exports
//! (costs, credit notes, revenues, unmapped accounts, rows outside the
//! project, a few repeated rows), and per payment period a decision (cuts of
//! whole rows, the flat rate recomputed from the approved base, a revenue
//! line, a payment that is right or a few euros off), a pending claim or
//! nothing. Every figure velho gives is compared with a reference computed
//! here from the rules alone (domain.md §1–3 and issue 11): none of velho's
//! helpers is called for it, and the one rounding rule (half away from zero,
//! to the cent, once where a figure is computed) is written out below.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::{Decimal, RoundingStrategy};
use velho::checks;
use velho::claim::{self, Claim};
use velho::config::Project;
use velho::import::{LedgerFile, ReadDetails};
use velho::model::{
    ClaimRecord, Decision, DecisionLine, DeductedItem, LedgerRow, RowKey, SourceRef,
};
use velho::reconcile::payments::Basis;
use velho::reconcile::{self, AsOf, Reconciliation, Status};

// ---------------------------------------------------------------------------
// The rules, written out.

/// Rounds to the cent, half away from zero.
fn round(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `percent` % of `amount`, rounded once.
fn pct(amount: Decimal, percent: Decimal) -> Decimal {
    round(amount * percent / Decimal::ONE_HUNDRED)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn cap(amount: Decimal, max: Option<Decimal>) -> Decimal {
    max.map_or(amount, |m| amount.min(m))
}

/// An amount as the project file writes it: `"1234,56"`.
fn toml_amount(amount: Decimal) -> String {
    format!("\"{}\"", amount.to_string().replace('.', ","))
}

// ---------------------------------------------------------------------------
// The generated projects.

/// Row kinds: the booked categories 0–3, then the rest.
const STAFF: u8 = 0;
const SERVICES: u8 = 1;
const TRAVEL: u8 = 2;
const OTHER: u8 = 3;
const EXCLUDED: u8 = 4;
const UNMAPPED: u8 = 5;
const REVENUE: u8 = 6;

const BOOKED: [&str; 4] = ["staff", "services", "travel", "other"];

/// A flat-rate model: its percentage, base and what it covers (indices into
/// [`BOOKED`]).
#[derive(Debug)]
struct Model {
    name: &'static str,
    percent: i64,
    base: &'static [usize],
    covers: &'static [usize],
    covers_all_other: bool,
}

const MODELS: [Model; 8] = [
    Model {
        name: "2014–20 EAKR 24 % of staff, other costs at actual cost",
        percent: 24,
        base: &[0],
        covers: &[],
        covers_all_other: false,
    },
    Model {
        name: "2014–20 ESR 17 % of staff, other costs at actual cost",
        percent: 17,
        base: &[0],
        covers: &[],
        covers_all_other: false,
    },
    Model {
        name: "2014–20 15 % of staff, other costs at actual cost",
        percent: 15,
        base: &[0],
        covers: &[],
        covers_all_other: false,
    },
    Model {
        name: "2021–27 40 % of staff covering all other costs (covers_all_other)",
        percent: 40,
        base: &[0],
        covers: &[1, 2, 3],
        covers_all_other: true,
    },
    Model {
        name: "CPR art. 54 7 % of direct costs",
        percent: 7,
        base: &[0, 1, 2, 3],
        covers: &[],
        covers_all_other: false,
    },
    Model {
        name: "CPR art. 54 15 % of direct staff costs",
        percent: 15,
        base: &[0],
        covers: &[],
        covers_all_other: false,
    },
    Model {
        name: "rural 2023–27 19 % of staff and purchased services, covering travel and other",
        percent: 19,
        base: &[0, 1],
        covers: &[2, 3],
        covers_all_other: false,
    },
    Model {
        name: "2021–27 40 % of staff covering all other costs (covers listed)",
        percent: 40,
        base: &[0],
        covers: &[1, 2, 3],
        covers_all_other: false,
    },
];

#[derive(Debug, Clone)]
struct RowSpec {
    /// Where in the project (widened by 20 days each side) it is dated, in 1/1000.
    day: u16,
    kind: u8,
    account: u16,
    cents: i64,
    /// A credit note (a cost row) or a reversal (a revenue row).
    credit: bool,
    /// The funder cuts it, if its period is decided.
    cut: bool,
    /// In the second export.
    second_file: bool,
    /// Read again from the second export.
    repeated: bool,
}

#[derive(Debug, Clone)]
struct PeriodSpec {
    /// 0: a decision, 1: a pending claim, 2: nothing.
    basis: u8,
    /// The decision's payment is off by this many cents.
    error: i64,
    /// The decision states the advance it nets.
    states_netting: bool,
    /// The decision states its revenue even when it is zero.
    states_revenue: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    model: usize,
    rate: u32,
    excluded_category: bool,
    days: i64,
    periods: Vec<PeriodSpec>,
    rows: Vec<RowSpec>,
    /// The maximum grant as a percentage of the funder's share the ledger gives.
    max_grant: Option<u32>,
    /// An advance: its percentage of the grant and its day.
    advance: Option<(u32, u16)>,
    /// Which interim period to claim.
    interim: usize,
    /// Each category's plan as a percentage of what it realises.
    plan: u32,
}

fn row_spec() -> impl Strategy<Value = RowSpec> {
    (
        0u16..=1000,
        prop_oneof![
            35 => Just(STAFF),
            20 => Just(SERVICES),
            10 => Just(TRAVEL),
            10 => Just(OTHER),
            6 => Just(EXCLUDED),
            6 => Just(UNMAPPED),
            13 => Just(REVENUE),
        ],
        0u16..1000,
        100i64..=2_000_000,
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.05),
    )
        .prop_map(
            |(day, kind, account, cents, credit, cut, second_file, repeated)| RowSpec {
                day,
                kind,
                account,
                cents,
                credit,
                cut,
                second_file,
                repeated,
            },
        )
}

fn period_spec() -> impl Strategy<Value = PeriodSpec> {
    (
        prop_oneof![5 => Just(0u8), 3 => Just(1u8), 2 => Just(2u8)],
        prop_oneof![7 => Just(0i64), 3 => -500i64..=500],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(basis, error, states_netting, states_revenue)| PeriodSpec {
                basis,
                error,
                states_netting,
                states_revenue,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0usize..MODELS.len(),
        50u32..=100,
        any::<bool>(),
        300i64..=1000,
        prop::collection::vec(period_spec(), 2..=4),
        prop::collection::vec(row_spec(), 1..=60),
        prop_oneof![1 => Just(None), 4 => (25u32..=130).prop_map(Some)],
        prop::option::of((10u32..=30, 0u16..=400)),
        0usize..3,
        50u32..=150,
    )
        .prop_map(
            |(
                model,
                rate,
                excluded_category,
                days,
                periods,
                rows,
                max_grant,
                advance,
                interim,
                plan,
            )| {
                Spec {
                    model,
                    rate,
                    excluded_category,
                    days,
                    periods,
                    rows,
                    max_grant,
                    advance,
                    interim,
                    plan,
                }
            },
        )
}

/// What a row is by the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Eligible(usize),
    Covered(usize),
    NotEligible(usize),
    StaffModel(usize),
    Unmapped,
    Revenue,
    BeforeStart,
    AfterEnd,
    AfterAsOf,
    Duplicate(SourceRef),
}

fn of_status(status: Status) -> Ref {
    match status {
        Status::Eligible(c) => Ref::Eligible(c),
        Status::Covered(c) => Ref::Covered(c),
        Status::NotEligible(c) => Ref::NotEligible(c),
        Status::StaffModel(c) => Ref::StaffModel(c),
        Status::Unmapped => Ref::Unmapped,
        Status::Revenue => Ref::Revenue,
        Status::BeforeStart => Ref::BeforeStart,
        Status::AfterEnd => Ref::AfterEnd,
        Status::AfterAsOf => Ref::AfterAsOf,
        Status::Duplicate(s) => Ref::Duplicate(s),
    }
}

/// One row as generated.
#[derive(Debug, Clone)]
struct Gen {
    row: LedgerRow,
    kind: u8,
    /// For a repeat in the later export: the row it repeats.
    copy_of: Option<SourceRef>,
    cut: bool,
}

/// One payment period by the rules.
#[derive(Debug, Clone, Default)]
struct RefPeriod {
    start: NaiveDate,
    end: NaiveDate,
    basis: u8,
    /// Realised per category (the flat rate computed from the period's base).
    realised: Vec<Decimal>,
    revenue: Decimal,
    approved: Vec<Decimal>,
    deducted: Vec<Decimal>,
    /// The funder's payment (decided) or the amount applied for (pending).
    paid: Decimal,
    applied: Decimal,
    netted: Decimal,
    /// Advances paid by the period's end.
    advances: Decimal,
    cumulative_paid: Decimal,
    remaining: Option<Decimal>,
    /// The decision's payment is what the rules give.
    correct: bool,
}

impl RefPeriod {
    fn realised_total(&self) -> Decimal {
        self.realised.iter().sum()
    }
    fn approved_total(&self) -> Decimal {
        self.approved.iter().sum()
    }
}

/// A generated project's figures by the rules.
struct Rules {
    spec: Spec,
    start: NaiveDate,
    end: NaiveDate,
    /// Category indices in the project's order.
    n: usize,
    flat: usize,
    excluded: Option<usize>,
    percent: Decimal,
    base: Vec<usize>,
    covered: Vec<usize>,
    rate: Decimal,
    max_grant: Option<Decimal>,
    advances: Vec<(NaiveDate, Decimal)>,
    plan_total: Decimal,
    rows: Vec<Gen>,
    files: Vec<LedgerFile>,
    decisions: Vec<Decision>,
    claims: Vec<ClaimRecord>,
    periods: Vec<RefPeriod>,
}

/// The project velho reads, and the rules' figures of it.
struct World {
    rules: Rules,
    project: Project,
}

impl std::ops::Deref for World {
    type Target = Rules;
    fn deref(&self) -> &Rules {
        &self.rules
    }
}

impl Rules {
    fn category_of(&self, kind: u8) -> Option<usize> {
        match kind {
            k if k < 4 => Some(k as usize),
            EXCLUDED => self.excluded,
            _ => None,
        }
    }

    /// The row's status by the rules, counting costs up to `as_of`.
    fn status(&self, g: &Gen, as_of: NaiveDate) -> Ref {
        if let Some(original) = g.copy_of {
            return Ref::Duplicate(original);
        }
        let date = g.row.date;
        if date < self.start {
            return Ref::BeforeStart;
        }
        if date > self.end {
            return Ref::AfterEnd;
        }
        if date > as_of {
            return Ref::AfterAsOf;
        }
        if g.kind == REVENUE {
            return Ref::Revenue;
        }
        match self.category_of(g.kind) {
            None => Ref::Unmapped,
            Some(c) if Some(c) == self.excluded => Ref::NotEligible(c),
            Some(c) if self.covered.contains(&c) => Ref::Covered(c),
            Some(c) => Ref::Eligible(c),
        }
    }

    /// Eligible costs per category of the rows passing `within`, with the
    /// flat rate computed from their base, and the revenues (positive).
    fn realised(&self, as_of: NaiveDate, within: impl Fn(&Gen) -> bool) -> (Vec<Decimal>, Decimal) {
        let mut out = vec![Decimal::ZERO; self.n];
        let mut revenue = Decimal::ZERO;
        for g in self.rows.iter().filter(|g| within(g)) {
            match self.status(g, as_of) {
                Ref::Eligible(c) => out[c] += g.row.amount(),
                Ref::Revenue => revenue -= g.row.amount(),
                _ => {}
            }
        }
        out[self.flat] = self.flat_rate(&out);
        (out, revenue)
    }

    fn flat_rate(&self, amounts: &[Decimal]) -> Decimal {
        pct(self.base.iter().map(|&b| amounts[b]).sum(), self.percent)
    }

    /// Latest posting date of every row read, within the project.
    fn latest(&self) -> NaiveDate {
        self.rows
            .iter()
            .map(|g| g.row.date)
            .max()
            .map_or(self.end, |d| d.clamp(self.start, self.end))
    }

    fn advances_by(&self, date: NaiveDate) -> Decimal {
        self.advances
            .iter()
            .filter(|(d, _)| *d <= date)
            .map(|(_, a)| *a)
            .sum()
    }

    /// The earlier periods' figures, by the rules, before period `k`'s
    /// claim: (net costs on the approved basis, paid by decisions, pending
    /// claims' applied amounts).
    fn before(&self, k: usize) -> (Decimal, Decimal, Decimal) {
        let mut costs = Decimal::ZERO;
        let mut paid = Decimal::ZERO;
        let mut pending = Decimal::ZERO;
        for p in &self.periods[..k] {
            match p.basis {
                0 => {
                    costs += p.approved_total() - p.revenue;
                    paid += p.paid;
                }
                1 => {
                    costs += p.realised_total() - p.revenue;
                    pending += p.applied;
                }
                _ => {}
            }
        }
        (costs, paid, pending)
    }
}

impl World {
    fn reconcile(&self, as_of: AsOf) -> Reconciliation {
        reconcile::reconcile(
            &self.project,
            self.files.clone(),
            self.decisions.clone(),
            &self.claims,
            as_of,
        )
        .expect("the reconciliation runs")
    }

    /// The claim of period `k`, prepared as `velho claim` does: a
    /// reconciliation as of the period's end, the earlier claims as read
    /// and the decided periods' applications.
    fn claim(&self, k: usize) -> (Reconciliation, Claim) {
        let period = self.project.periods[k].clone();
        let rec = self.reconcile(AsOf::Costs(period.end));
        let mut earlier = self.claims.clone();
        earlier.extend(claim::from_decisions(&self.project, &rec, &self.claims));
        let claim = claim::prepare(&self.project, &rec, &period, earlier).expect("the claim");
        (rec, claim)
    }

    fn describe(&self) -> String {
        let m = &MODELS[self.spec.model];
        format!(
            "model {:?}, rate {} %, max grant {:?}, advances {:?}, periods {:?}",
            m.name,
            self.rate,
            self.max_grant,
            self.advances,
            self.periods
                .iter()
                .map(|p| (
                    p.start,
                    p.end,
                    ["decided", "pending", "open"][p.basis as usize]
                ))
                .collect::<Vec<_>>()
        )
    }
}

fn build(spec: &Spec) -> World {
    let model = &MODELS[spec.model];
    let start = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let end = start + Duration::days(spec.days);
    let n_booked = 4;
    let excluded = spec.excluded_category.then_some(n_booked);
    let flat = n_booked + usize::from(spec.excluded_category);
    let n = flat + 1;
    let percent = Decimal::from(model.percent);
    let rate = Decimal::from(spec.rate);
    let covered: Vec<usize> = model.covers.to_vec();

    // The ledger: rows dated from 20 days before the start to 20 days after the end.
    let span = spec.days + 40;
    let mut files: Vec<Vec<Gen>> = vec![Vec::new(), Vec::new()];
    let mut copies = Vec::new();
    for (i, r) in spec.rows.iter().enumerate() {
        let date = start + Duration::days(-20 + i64::from(r.day) * span / 1000);
        let account = match r.kind {
            STAFF => 4000 + r.account % 300,
            SERVICES => 4300 + r.account % 200,
            TRAVEL => 4500 + r.account % 100,
            OTHER => 4600 + r.account % 300,
            EXCLUDED => 4900 + r.account % 30,
            UNMAPPED => [4950, 5100, 7777][usize::from(r.account % 3)],
            _ => 3000 + r.account % 1000,
        };
        let amount = match (r.kind, r.credit) {
            (REVENUE, false) => -cents(r.cents / 5 + 1),
            (REVENUE, true) => cents(r.cents / 20 + 1),
            (_, false) => cents(r.cents),
            (_, true) => -cents(r.cents / 4 + 1),
        };
        let file = usize::from(r.second_file && !r.repeated);
        let source = SourceRef {
            file: file as u32,
            row: files[file].len() as u32 + 2,
        };
        let row = LedgerRow {
            source,
            date,
            voucher: format!("V{i:03}").into(),
            account: account.to_string().into(),
            account_name: format!("Account {account}").into(),
            cost_centre: "".into(),
            project: "P1".into(),
            description: format!("row {i}").into(),
            supplier: "".into(),
            cents: velho::model::Cents::of(amount).unwrap(),
        };
        if r.repeated {
            copies.push(row.clone());
        }
        files[file].push(Gen {
            row,
            kind: r.kind,
            copy_of: None,
            cut: r.cut,
        });
    }
    for original in copies {
        let mut row = original.clone();
        row.source = SourceRef {
            file: 1,
            row: files[1].len() as u32 + 2,
        };
        let kind = files[0]
            .iter()
            .find(|g| g.row.source == original.source)
            .unwrap()
            .kind;
        files[1].push(Gen {
            row,
            kind,
            copy_of: Some(original.source),
            cut: false,
        });
    }
    let rows: Vec<Gen> = files.concat();
    let ledger_files: Vec<LedgerFile> = files
        .iter()
        .enumerate()
        .filter(|(i, f)| *i == 0 || !f.is_empty())
        .map(|(i, f)| LedgerFile {
            path: format!("ledger/{}.csv", ["a", "b"][i]),
            sha256: String::new(),
            format: "CSV".into(),
            sheet: None,
            header_row: 1,
            columns: String::new(),
            rows_read: f.len() as u64,
            totals_rows: 0,
            vat_removed: Vec::new(),
            persons: None,
            header_rows: 0,
            other_rows: 0,
            all_rows_total: f.iter().map(|g| g.row.amount()).sum(),
            control_totals: Vec::new(),
            rounded: Vec::new(),
            rows: f.iter().map(|g| g.row.clone()).collect(),
            details: ReadDetails::default(),
        })
        .collect();

    let mut world = Rules {
        spec: spec.clone(),
        start,
        end,
        n,
        flat,
        excluded,
        percent,
        base: model.base.to_vec(),
        covered,
        rate,
        max_grant: None,
        advances: Vec::new(),
        plan_total: Decimal::ZERO,
        rows,
        files: ledger_files,
        decisions: Vec::new(),
        claims: Vec::new(),
        periods: Vec::new(),
    };

    // The plan, the maximum grant and the advance, from the ledger by the rules.
    let (whole, whole_revenue) = world.realised(end, |_| true);
    let plans: Vec<Decimal> = (0..n)
        .map(|c| {
            let planned = c == flat || (c < n_booked && !world.covered.contains(&c));
            if planned {
                round(whole[c] * Decimal::from(spec.plan) / Decimal::ONE_HUNDRED)
                    .max(cents(100_000))
            } else {
                Decimal::ZERO
            }
        })
        .collect();
    world.plan_total = plans.iter().sum();
    let share = pct(whole.iter().sum::<Decimal>() - whole_revenue, rate);
    world.max_grant = spec
        .max_grant
        .map(|f| pct(share, Decimal::from(f)).max(cents(100_000)));
    let grant = world.max_grant.unwrap_or(share);
    if let Some((p, day)) = spec.advance {
        let amount = pct(grant, Decimal::from(p));
        if amount > Decimal::ZERO {
            let date = start + Duration::days(i64::from(day).min(spec.days));
            world.advances.push((date, amount));
        }
    }

    // The periods: consecutive, the last ending at the project end.
    let count = spec.periods.len() as i64;
    let bounds: Vec<NaiveDate> = (0..=count)
        .map(|i| start + Duration::days(spec.days * i / count))
        .collect();
    let mut seen_pending = false;
    for (k, ps) in spec.periods.iter().enumerate() {
        let p_start = bounds[k];
        let p_end = if k + 1 == spec.periods.len() {
            end
        } else {
            bounds[k + 1] - Duration::days(1)
        };
        // The funder decides in order: after a pending claim, no decision.
        let mut basis = ps.basis;
        if basis == 1 {
            seen_pending = true;
        } else if basis == 0 && seen_pending {
            basis = 1;
        }
        let (realised, revenue) = world.realised(end, |g| (p_start..=p_end).contains(&g.row.date));
        world.periods.push(RefPeriod {
            start: p_start,
            end: p_end,
            basis,
            realised,
            revenue,
            ..RefPeriod::default()
        });
    }

    // The funder's ledger, period by period, by the rules.
    let mut consumed = Decimal::ZERO;
    let mut paid_sum = Decimal::ZERO;
    let mut pending_sum = Decimal::ZERO;
    let mut netted_sum = Decimal::ZERO;
    let last = world.periods.len() - 1;
    let max = world.max_grant;
    for k in 0..world.periods.len() {
        let (p_start, p_end) = (world.periods[k].start, world.periods[k].end);
        let advances = if k == last {
            world.advances_by(NaiveDate::MAX)
        } else {
            world.advances_by(p_end)
        };
        let ps = &spec.periods[k];
        let mut p = world.periods[k].clone();
        p.advances = advances;
        match p.basis {
            0 => {
                let mut approved = p.realised.clone();
                let mut items = Vec::new();
                for g in world.rows.iter().filter(|g| {
                    g.cut
                        && g.row.amount() > Decimal::ZERO
                        && (p_start..=p_end).contains(&g.row.date)
                        && matches!(world.status(g, end), Ref::Eligible(_))
                }) {
                    let Ref::Eligible(c) = world.status(g, end) else {
                        unreachable!()
                    };
                    approved[c] -= g.row.amount();
                    items.push(DeductedItem {
                        voucher: g.row.voucher.to_string(),
                        date: Some(g.row.date),
                        amount: g.row.amount(),
                        reason: "Kulu ei ole tukikelpoinen".into(),
                        row: 30 + items.len() as u32,
                    });
                }
                approved[flat] = world.flat_rate(&approved);
                p.deducted = p
                    .realised
                    .iter()
                    .zip(&approved)
                    .map(|(a, b)| a - b)
                    .collect();
                p.approved = approved;
                let at_rate = pct(p.approved_total() - p.revenue, rate);
                let room = max.map(|m| (m - consumed).max(Decimal::ZERO));
                let share = cap(at_rate, room);
                let netted = (advances - netted_sum).min(share.max(Decimal::ZERO));
                let mut paid = share - netted;
                if ps.error != 0 && paid + cents(ps.error) >= Decimal::ZERO {
                    paid += cents(ps.error);
                }
                p.correct = paid == share - netted;
                p.paid = paid;
                p.netted = netted;
                consumed += paid + netted;
                netted_sum += netted;
                paid_sum += paid;
                // The decision as the funder writes it.
                let listed: Vec<usize> = (0..n)
                    .filter(|&c| c == flat || (c < n_booked && !world.covered.contains(&c)))
                    .collect();
                let lines: Vec<DecisionLine> = listed
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| DecisionLine {
                        category: if c == flat {
                            "flat".into()
                        } else {
                            BOOKED[c].into()
                        },
                        applied: p.realised[c],
                        approved: p.approved[c],
                        deducted: p.deducted[c],
                        reason: String::new(),
                        row: 15 + i as u32,
                    })
                    .collect();
                let sum = |f: fn(&DecisionLine) -> Decimal| lines.iter().map(f).sum::<Decimal>();
                let total = DecisionLine {
                    category: "Yhteensä".into(),
                    applied: sum(|l| l.applied),
                    approved: sum(|l| l.approved),
                    deducted: sum(|l| l.deducted),
                    reason: String::new(),
                    row: 15 + lines.len() as u32,
                };
                world.decisions.push(Decision {
                    path: format!("decisions/{}.xlsx", k + 1),
                    sha256: String::new(),
                    sheet: "Päätös".into(),
                    number: format!("D-{}", k + 1),
                    date: Some(p_end + Duration::days(45)),
                    period: (p_start, p_end),
                    rate_percent: Some(rate),
                    paid_now: paid,
                    paid_earlier: None,
                    paid_total: None,
                    lines,
                    total: Some(total),
                    total_not_recalculated: None,
                    items,
                    revenue: (ps.states_revenue || !p.revenue.is_zero()).then_some(p.revenue),
                    replaces: None,
                    advance_netted: ps.states_netting.then_some(netted),
                });
            }
            1 => {
                let at_rate = pct(p.realised_total() - p.revenue, rate);
                let before = max.map(|m| m - paid_sum - advances - pending_sum);
                p.applied = before.map_or(at_rate, |b| at_rate.min(b.max(Decimal::ZERO)));
                pending_sum += p.applied;
                let project_ids: Vec<String> = (0..n)
                    .map(|c| match c {
                        c if c == flat => "flat".to_string(),
                        c if Some(c) == excluded => "excluded".to_string(),
                        c => BOOKED[c].to_string(),
                    })
                    .collect();
                world.claims.push(ClaimRecord {
                    period: (k + 1).to_string(),
                    start: p_start,
                    end: p_end,
                    by_category: project_ids.into_iter().zip(p.realised.clone()).collect(),
                    revenues: p.revenue,
                    funder_share: p.applied,
                    rows: world
                        .rows
                        .iter()
                        .filter(|g| {
                            (p_start..=p_end).contains(&g.row.date)
                                && matches!(world.status(g, end), Ref::Eligible(_))
                        })
                        .map(|g| RowKey::of(&g.row))
                        .collect(),
                    path: format!("claims/X-claim-{}.xlsx", k + 1),
                    copies: Vec::new(),
                });
            }
            _ => {}
        }
        p.cumulative_paid = paid_sum + advances;
        p.remaining = max.map(|m| m - paid_sum - advances - pending_sum);
        world.periods[k] = p;
    }

    // The project file.
    let mut toml = format!(
        r#"[project]
name = "Ominaisuus"
code = "PROPS"
start = {start}
end = {end}

[funding]
funder = "Liitto"
rate_percent = {rate}
"#
    );
    if let Some(m) = world.max_grant {
        toml += &format!("max_grant = {}\n", toml_amount(m));
    }
    toml += r#"
[filter]
projects = ["P1"]

[ledger]
files = ["ledger/a.csv", "ledger/b.csv"]

[claims]
revenue_accounts = ["3000-3999"]
"#;
    let ranges = ["4000-4299", "4300-4499", "4500-4599", "4600-4899"];
    for (c, id) in BOOKED.iter().enumerate() {
        toml += &format!(
            r#"
[[category]]
id = "{id}"
fi = "{id} fi"
en = "{id} en"
plan = {}
accounts = ["{}"]
"#,
            toml_amount(plans[c]),
            ranges[c]
        );
    }
    if let Some(x) = excluded {
        toml += &format!(
            r#"
[[category]]
id = "excluded"
fi = "Arvonlisävero"
en = "VAT"
plan = {}
accounts = ["4900-4929"]
eligible = false
"#,
            toml_amount(plans[x])
        );
    }
    let ids = |list: &[usize]| {
        list.iter()
            .map(|&c| format!("\"{}\"", BOOKED[c]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let covers = if model.covers_all_other {
        ", covers_all_other = true".to_string()
    } else if model.covers.is_empty() {
        String::new()
    } else {
        format!(", covers = [{}]", ids(model.covers))
    };
    toml += &format!(
        r#"
[[category]]
id = "flat"
fi = "Flat rate"
en = "Flat rate"
plan = {}
flat_rate = {{ percent = {}, base = [{}]{covers} }}
"#,
        toml_amount(plans[flat]),
        model.percent,
        ids(model.base)
    );
    for (k, p) in world.periods.iter().enumerate() {
        toml += &format!(
            "\n[[period]]\nname = \"{}\"\nstart = {}\nend = {}\n",
            k + 1,
            p.start,
            p.end
        );
    }
    for (date, amount) in &world.advances {
        toml += &format!(
            "\n[[advance]]\ndate = {date}\namount = {}\nnetted = \"next\"\n",
            toml_amount(*amount)
        );
    }
    // A folder that holds no decisions or claims: everything is in memory.
    let folder = std::env::temp_dir().join("velho-funding-props-no-such-folder");
    let project = Project::parse(&toml, &folder.join("velho.toml"), &folder)
        .unwrap_or_else(|e| panic!("{e}\n{toml}"));
    assert_eq!(project.funding.max_grant, world.max_grant, "{toml}");
    assert_eq!(project.plan_total(), world.plan_total, "{toml}");
    World {
        rules: world,
        project,
    }
}

fn config() -> Config {
    Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Covered and non-eligible costs are never eligible: eligible =
    /// the rows of eligible categories + the flat rate of the eligible base
    /// = realised − covered − not eligible; the funder's share is the rate of
    /// the net eligible costs within the maximum grant, the own share the
    /// rest; the overrun is eligible over plan.
    #[test]
    fn eligible_costs_exclude_covered_and_non_eligible(spec in spec()) {
        let w = build(&spec);
        let rec = w.reconcile(AsOf::Latest);
        let as_of = w.latest();
        let mut eligible = Decimal::ZERO;
        let mut covered = Decimal::ZERO;
        let mut not_eligible = Decimal::ZERO;
        let mut revenues = Decimal::ZERO;
        let mut base = Decimal::ZERO;
        for g in &w.rows {
            match w.status(g, as_of) {
                Ref::Eligible(c) => {
                    eligible += g.row.amount();
                    if w.base.contains(&c) {
                        base += g.row.amount();
                    }
                }
                Ref::Covered(_) => covered += g.row.amount(),
                Ref::NotEligible(_) => not_eligible += g.row.amount(),
                Ref::Revenue => revenues -= g.row.amount(),
                _ => {}
            }
        }
        let flat = pct(base, w.percent);
        eligible += flat;
        let realised = eligible + covered + not_eligible;
        let at_rate = pct(eligible - revenues, w.rate);
        let funder = cap(at_rate, w.max_grant);
        let f = &rec.funding;
        let case = w.describe();
        prop_assert_eq!(rec.as_of, as_of, "{}", case);
        prop_assert_eq!(rec.categories[w.flat].realised, flat, "flat rate; {}", case);
        prop_assert_eq!(f.realised, realised, "realised; {}", case);
        prop_assert_eq!(f.covered, covered, "covered; {}", case);
        prop_assert_eq!(f.not_eligible, not_eligible, "not eligible; {}", case);
        prop_assert_eq!(f.eligible, eligible, "eligible; {}", case);
        prop_assert_eq!(f.realised - f.covered - f.not_eligible, f.eligible, "{}", case);
        prop_assert_eq!(f.revenues, revenues, "revenues; {}", case);
        prop_assert_eq!(f.at_rate, at_rate, "at rate; {}", case);
        prop_assert_eq!(f.funder_share, funder, "funder's share; {}", case);
        prop_assert_eq!(f.own_share, eligible - revenues - funder, "own share; {}", case);
        prop_assert_eq!(f.plan, w.plan_total, "plan; {}", case);
        let overrun = (eligible - w.plan_total).max(Decimal::ZERO);
        prop_assert_eq!(f.overrun, overrun, "overrun; {}", case);
        // No covered or excluded category is over plan.
        for finding in checks::run(&w.project, &rec) {
            if finding.code == "CATEGORY_OVER_PLAN" {
                for c in w.covered.iter().copied().chain(w.excluded) {
                    let name = &w.project.categories[c].name_en;
                    let about = finding.en.starts_with(name.as_str());
                    prop_assert!(!about, "{}: {}", finding.en, case);
                }
            }
            if finding.code == "UNMAPPED_ACCOUNT" {
                for r in &finding.rows {
                    let g = w.rows.iter().find(|g| g.row.source == *r).unwrap();
                    prop_assert_eq!(w.status(g, as_of), Ref::Unmapped, "{}; {}", finding.en, case);
                }
            }
        }
    }

    /// Every row read has exactly one status, the one the rules give, and
    /// rows and euros add up, per file and in all (as of the latest posting
    /// and as of an interim period's end).
    #[test]
    fn rows_are_conserved(spec in spec()) {
        let w = build(&spec);
        let k = spec.interim % (w.periods.len() - 1);
        for (as_of, date) in [
            (AsOf::Latest, w.latest()),
            (AsOf::Costs(w.periods[k].end), w.periods[k].end),
        ] {
            let rec = w.reconcile(as_of);
            prop_assert_eq!(rec.transactions.len(), w.rows.len());
            let expected: HashMap<SourceRef, Ref> =
                w.rows.iter().map(|g| (g.row.source, w.status(g, date))).collect();
            let mut seen = std::collections::HashSet::new();
            for t in &rec.transactions {
                prop_assert!(seen.insert(t.row.source), "row {:?} twice", t.row.source);
                let got = of_status(t.status);
                prop_assert_eq!(Some(&got), expected.get(&t.row.source), "row {:?}", t.row);
            }
            let a = &rec.project_account;
            prop_assert!(a.balances(), "{:?}", a);
            prop_assert!(rec.file_accounts.iter().all(|f| f.balances()));
            prop_assert_eq!(a.read.rows, w.rows.len() as u64);
            prop_assert_eq!(a.read.amount, w.rows.iter().map(|g| g.row.amount()).sum::<Decimal>());
            let tally = |want: &dyn Fn(Ref) -> bool| {
                let rows: Vec<&Gen> =
                    w.rows.iter().filter(|g| want(w.status(g, date))).collect();
                (rows.len() as u64, rows.iter().map(|g| g.row.amount()).sum::<Decimal>())
            };
            for (got, want) in [
                (a.eligible, tally(&|s| matches!(s, Ref::Eligible(_)))),
                (a.covered, tally(&|s| matches!(s, Ref::Covered(_)))),
                (a.not_eligible, tally(&|s| matches!(s, Ref::NotEligible(_)))),
                (a.unmapped, tally(&|s| s == Ref::Unmapped)),
                (a.revenue, tally(&|s| s == Ref::Revenue)),
                (a.before_start, tally(&|s| s == Ref::BeforeStart)),
                (a.after_end, tally(&|s| s == Ref::AfterEnd)),
                (a.after_as_of, tally(&|s| s == Ref::AfterAsOf)),
                (a.duplicate, tally(&|s| matches!(s, Ref::Duplicate(_)))),
            ] {
                prop_assert_eq!((got.rows, got.amount), want);
            }
        }
    }

    /// Per period on the approved basis: a decided period's basis is the
    /// decision's approved figures, a pending one's the claimed figures, an
    /// open one's nothing; the periods add up to the approved-basis total,
    /// and (when every period has a basis) to the eligible costs less what
    /// the funder deducted, within the per-period rounding of the flat rate.
    /// The cumulative payments and the grant remaining follow the rules.
    #[test]
    fn periods_on_the_approved_basis_add_up(spec in spec()) {
        let w = build(&spec);
        let rec = w.reconcile(AsOf::Latest);
        let case = w.describe();
        let pay = &rec.payments;
        prop_assert_eq!(pay.periods.len(), w.periods.len());
        let mut total = Decimal::ZERO;
        let mut deducted = Decimal::ZERO;
        for (p, r) in pay.periods.iter().zip(&w.periods) {
            let name = p.period + 1;
            let (basis, revenue) = match r.basis {
                0 => {
                    let decided = matches!(p.basis, Basis::Approved(_));
                    prop_assert!(decided, "period {}: {:?}; {}", name, p.basis, case);
                    deducted += r.deducted.iter().sum::<Decimal>();
                    (r.approved.clone(), r.revenue)
                }
                1 => {
                    let pending = matches!(p.basis, Basis::Pending(_));
                    prop_assert!(pending, "period {}: {:?}; {}", name, p.basis, case);
                    (r.realised.clone(), r.revenue)
                }
                _ => {
                    prop_assert_eq!(p.basis, Basis::Open, "period {}; {}", name, case);
                    (vec![Decimal::ZERO; w.n], Decimal::ZERO)
                }
            };
            prop_assert_eq!(&p.realised, &r.realised, "period {} realised; {}", name, case);
            prop_assert_eq!(&p.basis_costs, &basis, "period {} basis; {}", name, case);
            prop_assert_eq!(p.revenue, revenue, "period {} revenue; {}", name, case);
            if r.basis == 0 {
                prop_assert_eq!(p.approved_total, r.approved_total(), "period {}; {}", name, case);
                prop_assert_eq!(p.paid_now, r.paid, "period {}; {}", name, case);
                prop_assert_eq!(p.advance_netted, r.netted, "period {} netted; {}", name, case);
            }
            if r.basis == 1 {
                prop_assert_eq!(p.share, r.applied, "period {} pending share; {}", name, case);
            }
            prop_assert_eq!(p.cumulative_paid, r.cumulative_paid, "period {} paid; {}", name, case);
            prop_assert_eq!(p.remaining_grant, r.remaining, "period {} remaining; {}", name, case);
            total += p.basis_total();
        }
        let any = w.periods.iter().any(|p| p.basis != 2);
        prop_assert_eq!(rec.funding.approved_basis, any.then_some(total), "{}", case);
        let expected: Decimal = w
            .periods
            .iter()
            .map(|p| match p.basis {
                0 => p.approved_total(),
                1 => p.realised_total(),
                _ => Decimal::ZERO,
            })
            .sum();
        prop_assert_eq!(total, expected, "{}", case);
        if w.periods.iter().all(|p| p.basis != 2) {
            let gap = (total - (rec.funding.eligible - deducted)).abs();
            let tolerance = cents(w.periods.len() as i64);
            prop_assert!(
                gap <= tolerance,
                "approved basis {} against eligible {} − deducted {}: {}; {}",
                total, rec.funding.eligible, deducted, gap, case
            );
        }
    }

    /// The final claim's still due: min(round(rate × (the earlier periods'
    /// net costs on the approved basis + this claim's net costs)), maximum
    /// grant) − paid by decisions − advances paid − pending claims.
    #[test]
    fn final_claim_still_due_follows_the_rules(spec in spec()) {
        let w = build(&spec);
        let last = w.periods.len() - 1;
        let (_, claim) = w.claim(last);
        let case = w.describe();
        let p = &w.periods[last];
        let this = p.realised_total() - p.revenue;
        let (earlier, paid, pending) = w.before(last);
        let advances = w.advances_by(NaiveDate::MAX);
        let costs = earlier + this;
        let at_rate = pct(costs, w.rate);
        let funder = cap(at_rate, w.max_grant);
        let due = funder - paid - advances - pending;
        prop_assert!(claim.is_final);
        prop_assert_eq!(&claim.by_category, &p.realised, "final claim's costs; {}", case);
        prop_assert_eq!(claim.revenues, p.revenue, "final claim's revenues; {}", case);
        let figures = claim.final_figures.as_ref().expect("final figures");
        prop_assert_eq!(figures.costs, costs, "whole project's net costs; {}", case);
        prop_assert_eq!(figures.at_rate, at_rate, "{}", case);
        prop_assert_eq!(figures.funder_share, funder, "{}", case);
        prop_assert_eq!(claim.funding.paid_earlier, paid + advances, "paid earlier; {}", case);
        prop_assert_eq!(claim.funding.pending_earlier, pending, "pending; {}", case);
        prop_assert_eq!(figures.final_payment, due, "final payment; {}", case);
        prop_assert_eq!(claim.funding.applied, due, "amount applied for; {}", case);
        let before = w.max_grant.map(|m| m - paid - advances - pending);
        prop_assert_eq!(claim.funding.grant_remaining_before, before, "{}", case);
        let after = before.map(|b| b - due);
        prop_assert_eq!(claim.funding.grant_remaining_after, after, "{}", case);
    }

    /// An interim claim applies for round(rate × its net costs), at most the
    /// grant remaining (never less than zero of it).
    #[test]
    fn interim_claim_applies_at_most_the_grant_remaining(spec in spec()) {
        let w = build(&spec);
        let k = spec.interim % (w.periods.len() - 1);
        let (_, claim) = w.claim(k);
        let case = w.describe();
        let p = &w.periods[k];
        let net = p.realised_total() - p.revenue;
        let (_, paid, pending) = w.before(k);
        let advances = w.advances_by(p.end);
        let at_rate = pct(net, w.rate);
        let before = w.max_grant.map(|m| m - paid - advances - pending);
        let applied = before.map_or(at_rate, |b| at_rate.min(b.max(Decimal::ZERO)));
        prop_assert!(!claim.is_final);
        prop_assert_eq!(&claim.by_category, &p.realised, "period {} costs; {}", k + 1, case);
        prop_assert_eq!(claim.revenues, p.revenue, "period {} revenues; {}", k + 1, case);
        prop_assert_eq!(claim.net, net, "{}", case);
        prop_assert_eq!(claim.funding.at_rate, at_rate, "{}", case);
        prop_assert_eq!(claim.funding.grant_remaining_before, before, "{}", case);
        prop_assert_eq!(claim.funding.applied, applied, "period {} applied; {}", k + 1, case);
        let after = before.map(|b| b - applied);
        prop_assert_eq!(claim.funding.grant_remaining_after, after, "{}", case);
    }

    /// The grant remaining is never negative without a reason: a claim's
    /// negative remainder means the rules say the funder was over-asked or
    /// over-paid, and a period whose grant remaining is negative in the
    /// reconciliation comes with a GRANT_EXCEEDED error.
    #[test]
    fn grant_remaining_is_not_negative_without_a_finding(spec in spec()) {
        let w = build(&spec);
        let case = w.describe();
        for k in 0..w.periods.len() {
            let (_, claim) = w.claim(k);
            if let (Some(after), Some(max)) = (claim.funding.grant_remaining_after, w.max_grant)
                && after < Decimal::ZERO
            {
                let (_, paid, pending) = w.before(k);
                let by = if k + 1 == w.periods.len() {
                    NaiveDate::MAX
                } else {
                    w.periods[k].end
                };
                let asked = paid + w.advances_by(by) + pending + claim.funding.applied;
                prop_assert!(
                    asked > max,
                    "period {}: remaining after {} but the rules ask {} of {}; {}",
                    k + 1, after, asked, max, case
                );
            }
        }
        let rec = w.reconcile(AsOf::Latest);
        let findings = checks::run(&w.project, &rec);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        let exceeded = findings
            .iter()
            .any(|f| f.code == "GRANT_EXCEEDED" && f.severity == checks::Severity::Error);
        for p in &rec.payments.periods {
            if p.remaining_grant.is_some_and(|r| r < Decimal::ZERO) {
                prop_assert!(
                    exceeded,
                    "period {}: grant remaining {:?} (paid {}, pending {}) and no \
                     GRANT_EXCEEDED; findings {:?}; {}",
                    p.period + 1, p.remaining_grant, p.cumulative_paid, p.pending, codes, case
                );
            }
        }
        // And an over-payment by the rules (decisions and advances paid
        // beyond the maximum grant) is found.
        if let Some(max) = w.max_grant
            && let Some(p) = w.periods.iter().find(|p| p.cumulative_paid > max)
        {
            prop_assert!(
                exceeded,
                "paid {} by {} exceeds the maximum grant {} and no GRANT_EXCEEDED; \
                 findings {:?}; {}",
                p.cumulative_paid, p.end, max, codes, case
            );
        }
    }

    /// A decision that follows the rules (revenues deducted before the rate,
    /// the flat rate recomputed from the approved base, advances netted,
    /// within the maximum grant) raises no error about its arithmetic.
    #[test]
    fn correct_decisions_raise_no_error(spec in spec()) {
        let w = build(&spec);
        let rec = w.reconcile(AsOf::Latest);
        let findings = checks::run(&w.project, &rec);
        let case = w.describe();
        for (p, r) in rec.payments.periods.iter().zip(&w.periods) {
            if r.basis != 0 || !r.correct {
                continue;
            }
            let dec = &rec.payments.decisions[p.decision.unwrap()];
            for f in &findings {
                let about = f.en.contains(&dec.path);
                let arithmetic = matches!(
                    f.code,
                    "PAYMENT_ARITHMETIC"
                        | "DECISION_ARITHMETIC"
                        | "DECISION_FLAT_RATE"
                        | "DECISION_TOTAL"
                        | "DECISION_REVENUE"
                        | "DECISION_CATEGORY_UNKNOWN"
                        | "PAID_EARLIER"
                );
                prop_assert!(
                    !(about && arithmetic),
                    "period {}: {} {}; {}", p.period + 1, f.code, f.en, case
                );
            }
        }
        // Nothing is over the grant unless the rules say so: paid
        // (advances included), or paid and applied for in undecided claims,
        // beyond the maximum grant.
        let over = w.max_grant.is_some_and(|m| {
            w.periods
                .iter()
                .any(|p| p.cumulative_paid > m || p.remaining.is_some_and(|r| r < Decimal::ZERO))
        });
        if !over {
            prop_assert!(!findings.iter().any(|f| f.code == "GRANT_EXCEEDED"), "{}", case);
        }
    }
}
