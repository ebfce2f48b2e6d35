//! The figures `samples/osaajat/README.md` states, computed by hand, and the
//! check that the rows and decisions add up to them.

use rust_decimal::Decimal;

use super::csv_text::grouped;
use super::decisions::{Decision, Ledger, MAX_GRANT, PLAN_FLAT_RATE, PLAN_STAFF, periods};
use super::ledger::Row;
use super::project::{PROJECT, RATE_PERCENT, d, percent_of, project_end, project_start};

/// A period's figures: the ledger, then the decision (if any).
struct Expected {
    pub salaries: &'static str,
    pub side_costs: &'static str,
    pub staff: &'static str,
    pub flat_rate: &'static str,
    pub other: &'static str,
    pub revenue: &'static str,
    /// staff + flat rate − revenue.
    net: &'static str,
    /// round(80 % × net).
    pub share: &'static str,
}

/// What a decision states.
struct ExpectedDecision {
    staff_deducted: &'static str,
    flat_rate_approved: &'static str,
    flat_rate_deducted: &'static str,
    pub approved: &'static str,
    pub share: &'static str,
    pub advance_netted: &'static str,
    pub paid_now: &'static str,
    pub paid_before: &'static str,
    pub paid_total: &'static str,
    plan_remaining: &'static str,
    grant_remaining: &'static str,
}

const EXPECTED_PERIODS: [Expected; 3] = [
    Expected {
        salaries: "39494.76",
        side_costs: "7934.48",
        staff: "47429.24",
        flat_rate: "18971.70",
        other: "12456.87",
        revenue: "1020.00",
        net: "65380.94",
        share: "52304.75",
    },
    Expected {
        salaries: "48269.60",
        side_costs: "9728.05",
        staff: "57997.65",
        flat_rate: "23199.06",
        other: "10665.04",
        revenue: "1036.50",
        net: "80160.21",
        share: "64128.17",
    },
    Expected {
        salaries: "88005.79",
        side_costs: "17847.57",
        staff: "105853.36",
        flat_rate: "42341.34",
        other: "19571.50",
        revenue: "2378.30",
        net: "145816.40",
        share: "116653.12",
    },
];

const EXPECTED_DECISIONS: [ExpectedDecision; 2] = [
    ExpectedDecision {
        staff_deducted: "0.00",
        flat_rate_approved: "18971.70",
        flat_rate_deducted: "0.00",
        approved: "66400.94",
        share: "52304.75",
        advance_netted: "23760.00",
        paid_now: "28544.75",
        paid_before: "47520.00",
        paid_total: "76064.75",
        plan_remaining: "234599.06",
        grant_remaining: "161535.25",
    },
    ExpectedDecision {
        staff_deducted: "780.59",
        flat_rate_approved: "22886.82",
        flat_rate_deducted: "312.24",
        approved: "80103.88",
        share: "63253.90",
        advance_netted: "23760.00",
        paid_now: "39493.90",
        paid_before: "76064.75",
        paid_total: "115558.65",
        plan_remaining: "154495.18",
        grant_remaining: "122041.35",
    },
];

/// The final claim (period 3).
const EXPECTED_CUMULATIVE_NET: &str = "290264.72";
const EXPECTED_CUMULATIVE_SHARE: &str = "232211.78";
const EXPECTED_PAID_SO_FAR: &str = "115558.65";
const EXPECTED_FINAL_CLAIM: &str = "116653.13";

/// The whole project on the ledger basis.
const EXPECTED_STAFF: &str = "211280.25";
const EXPECTED_FLAT_RATE: &str = "84512.10";
/// Realised: booked costs in the plan's categories (the covered "other"
/// category included) + the computed flat rate.
const EXPECTED_REALISED: &str = "338485.76";
/// Eligible on the ledger basis: realised − covered.
const EXPECTED_ELIGIBLE: &str = "295792.35";
const EXPECTED_COVERED: &str = "42693.41";
const EXPECTED_REVENUE: &str = "4434.80";
const EXPECTED_FUNDER_SHARE: &str = "233086.04";
const EXPECTED_OWN_SHARE: &str = "58271.51";
/// The project's row outside the project period.
const EXPECTED_OUTSIDE: &str = "312.00";

/// Computes the figures from the rows and checks them against `EXPECTED_…`.
pub fn check(project: &[&Row], all: &[Row], decisions: &[Decision], report: bool) {
    let check = Checker { report };
    let ledgers = check_periods(&check, project);
    check_decisions(&check, decisions);
    check_final_claim(&check, decisions, &ledgers[2]);
    check_project(&check, project, all);
}

/// Checks one figure at a time, printing each with `report`.
struct Checker {
    report: bool,
}

impl Checker {
    /// Panics unless `computed` is the figure README.md states.
    fn figure(&self, what: &str, computed: Decimal, expected: &str) {
        if self.report {
            println!("{what:<44} {:>14}", grouped(computed));
        }
        assert_eq!(computed, d(expected), "{what}: README.md states {expected}");
    }
}

/// Each period's figures in the ledger; returns the periods' ledgers.
fn check_periods(check: &Checker, project: &[&Row]) -> Vec<Ledger> {
    let rate = Decimal::from(RATE_PERCENT);
    let mut ledgers = Vec::new();
    for (p, e) in periods().iter().zip(&EXPECTED_PERIODS) {
        let l = Ledger::of(project, p.start, p.end);
        let name = |what: &str| format!("period {} {what}", p.name);
        check.figure(&name("salaries"), l.salaries, e.salaries);
        check.figure(&name("side costs"), l.side_costs, e.side_costs);
        check.figure(&name("staff"), l.staff(), e.staff);
        check.figure(&name("flat rate"), l.flat_rate(), e.flat_rate);
        check.figure(&name("other (covered)"), l.other, e.other);
        check.figure(&name("revenue"), l.revenue, e.revenue);
        let net = l.staff() + l.flat_rate() - l.revenue;
        check.figure(&name("net"), net, e.net);
        check.figure(&name("80 % of net"), percent_of(net, rate), e.share);
        ledgers.push(l);
    }
    ledgers
}

/// What each decision states.
fn check_decisions(check: &Checker, decisions: &[Decision]) {
    let max_grant = d(MAX_GRANT);
    let plan = d(PLAN_STAFF) + d(PLAN_FLAT_RATE);
    let mut approved_so_far = Decimal::ZERO;
    for (dec, e) in decisions.iter().zip(&EXPECTED_DECISIONS) {
        let name = |what: &str| format!("decision {} {what}", dec.period);
        let approved = dec.approved();
        check.figure(&name("staff deducted"), dec.deducted[0], e.staff_deducted);
        check.figure(
            &name("flat rate approved"),
            approved[1],
            e.flat_rate_approved,
        );
        check.figure(
            &name("flat rate deducted"),
            dec.deducted[1],
            e.flat_rate_deducted,
        );
        check.figure(&name("approved"), approved[0] + approved[1], e.approved);
        check.figure(&name("share"), dec.share, e.share);
        check.figure(
            &name("advance netted"),
            dec.advance_netted,
            e.advance_netted,
        );
        check.figure(&name("paid now"), dec.paid_now(), e.paid_now);
        check.figure(&name("paid before"), dec.paid_before, e.paid_before);
        check.figure(&name("paid total"), dec.paid_total(), e.paid_total);
        approved_so_far += approved[0] + approved[1];
        check.figure(
            &name("plan remaining"),
            plan - approved_so_far,
            e.plan_remaining,
        );
        check.figure(
            &name("grant remaining"),
            max_grant - dec.paid_total(),
            e.grant_remaining,
        );
    }
}

/// The final claim: the whole project on the approved basis, `last` being
/// the ledger of the period without a decision.
fn check_final_claim(check: &Checker, decisions: &[Decision], last: &Ledger) {
    let rate = Decimal::from(RATE_PERCENT);
    let cumulative_net = decisions
        .iter()
        .map(|d| d.approved()[0] + d.approved()[1] - d.revenue)
        .sum::<Decimal>()
        + last.staff()
        + last.flat_rate()
        - last.revenue;
    check.figure(
        "final: cumulative net",
        cumulative_net,
        EXPECTED_CUMULATIVE_NET,
    );
    let cumulative_share = percent_of(cumulative_net, rate).min(d(MAX_GRANT));
    check.figure(
        "final: 80 % of it, capped",
        cumulative_share,
        EXPECTED_CUMULATIVE_SHARE,
    );
    let paid = decisions.last().expect("decisions").paid_total();
    check.figure("final: paid so far", paid, EXPECTED_PAID_SO_FAR);
    check.figure(
        "final: applied for",
        cumulative_share - paid,
        EXPECTED_FINAL_CLAIM,
    );
}

/// The whole project on the ledger basis, and its rows outside the period.
fn check_project(check: &Checker, project: &[&Row], all: &[Row]) {
    let rate = Decimal::from(RATE_PERCENT);
    let whole = Ledger::of(project, project_start(), project_end());
    check.figure("project: staff", whole.staff(), EXPECTED_STAFF);
    check.figure("project: flat rate", whole.flat_rate(), EXPECTED_FLAT_RATE);
    let eligible = whole.staff() + whole.flat_rate();
    check.figure("project: eligible", eligible, EXPECTED_ELIGIBLE);
    check.figure("project: covered", whole.other, EXPECTED_COVERED);
    check.figure(
        "project: realised = eligible + covered",
        eligible + whole.other,
        EXPECTED_REALISED,
    );
    check.figure("project: revenue", whole.revenue, EXPECTED_REVENUE);
    let share = percent_of(eligible - whole.revenue, rate).min(d(MAX_GRANT));
    check.figure("project: funder's share", share, EXPECTED_FUNDER_SHARE);
    check.figure(
        "project: own share",
        eligible - whole.revenue - share,
        EXPECTED_OWN_SHARE,
    );
    let outside: Decimal = all
        .iter()
        .filter(|r| r.project == PROJECT && !r.in_project())
        .map(|r| r.amount)
        .sum();
    check.figure("project rows outside the period", outside, EXPECTED_OUTSIDE);
}
