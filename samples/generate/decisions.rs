//! The funder's five payment decisions, computed from the project's rows
//! with the planted deductions, the slip and the cap, and checked against
//! the README; and their summary printed with `report`.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::calendar::date;
use super::csv_text::grouped;
use super::figures::{Category, FIGURES, category, eur, share};
use super::ledger::Row;
use super::project::EARLY_JULY;
use super::workbook::period_text;

/// A payment period of `velho.toml` and the funder's decision on it.
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub decided: NaiveDate,
    pub number: &'static str,
}

fn periods() -> [Period; 5] {
    let period = |start, end, decided, number| Period {
        start,
        end,
        decided,
        number,
    };
    [
        period(
            date(2020, 9, 1),
            date(2020, 12, 31),
            date(2021, 3, 12),
            "KSL/2021/0123",
        ),
        period(
            date(2021, 1, 1),
            date(2021, 6, 30),
            date(2021, 9, 14),
            "KSL/2021/0418",
        ),
        period(
            date(2021, 7, 1),
            date(2021, 12, 31),
            date(2022, 3, 10),
            "KSL/2022/0097",
        ),
        period(
            date(2022, 1, 1),
            date(2022, 6, 30),
            date(2022, 9, 13),
            "KSL/2022/0386",
        ),
        period(
            date(2022, 7, 1),
            date(2022, 12, 31),
            date(2023, 3, 21),
            "KSL/2023/0112",
        ),
    ]
}

/// The categories of a decision, in the order of `velho.toml`.
pub const DECISION_CATEGORIES: [&str; 5] = [
    "Henkilöstökustannukset",
    "Välilliset kustannukset (flat rate 24 %)",
    "Ostopalvelut",
    "Matkakustannukset",
    "Muut kustannukset",
];
const PERSONNEL: usize = 0;
const FLAT_RATE: usize = 1;
const SERVICES: usize = 2;

/// Where a booked category stands in `DECISION_CATEGORIES`.
fn column(category: Category) -> usize {
    match category {
        Category::Personnel => PERSONNEL,
        Category::Services => SERVICES,
        Category::Travel => 3,
        Category::Other => 4,
    }
}

pub const FUNDER: &str = "Keski-Suomen liitto";
pub const RATE_PERCENT: i64 = 90;
const FLAT_RATE_PERCENT: i64 = 24;
const MAX_GRANT: i64 = 39_095_460;
const PLAN_TOTAL: i64 = 43_439_400;
const OVERRUN: i64 = 300_100;
/// The funder's slip in the decision of period 3: it pays this much too little.
const SLIP: i64 = 400;
const SLIP_PERIOD: usize = 3;
/// The decision whose tables stand elsewhere on the sheet.
pub const MOVED_PERIOD: usize = 4;

const OUTSIDE_PERIOD: &str = "Kulu on maksatuskauden ulkopuolella (päivätty 7/2021)";
const VAT: &str = "Arvonlisävero ei ole tukikelpoinen kustannus (kunta saa alv-palautuksen)";
/// The services row whose gross amount (24 % VAT included) was claimed in
/// period 4.
const VAT_ROW: (&str, i32) = ("Tonttimarkkinointi: esitteen päivitys ja painatus", 2022);

/// A deducted item: a whole voucher or a part of one row.
#[derive(Clone)]
pub struct Item {
    category: usize,
    pub voucher: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub reason: &'static str,
}

pub struct Decision {
    /// 1-based.
    pub index: usize,
    pub period: Period,
    pub realised: [Decimal; 5],
    pub applied: [Decimal; 5],
    pub deducted: [Decimal; 5],
    pub reasons: [Option<&'static str>; 5],
    pub items: Vec<Item>,
    pub paid_before: Decimal,
    pub paid_now: Decimal,
    /// What the payment would be by the rate and cap alone.
    correct_now: Decimal,
}

impl Decision {
    pub fn approved(&self) -> [Decimal; 5] {
        std::array::from_fn(|i| self.applied[i] - self.deducted[i])
    }

    pub fn paid_total(&self) -> Decimal {
        self.paid_before + self.paid_now
    }
}

pub fn total(amounts: &[Decimal]) -> Decimal {
    amounts.iter().sum()
}

/// The decisions on the project's rows (each counted once), checked against
/// every rule of the README.
pub fn decisions(project: &[&Row]) -> Vec<Decision> {
    let eligible: Vec<&Row> = project
        .iter()
        .copied()
        .filter(|r| r.in_period() && category(r.account).is_some())
        .collect();
    let outside = early_july(&eligible);
    let vat = vat_share(&eligible);
    let (july, gross_date) = (outside.date, vat.date);

    let mut out: Vec<Decision> = Vec::new();
    for (period, index) in periods().into_iter().zip(1..) {
        let realised = realised(&eligible, &period);
        let mut applied = realised;
        let mut items = Vec::new();
        match index {
            2 => {
                assert!(july > period.end, "the invoice is dated after period 2");
                applied[SERVICES] += outside.amount;
                items.push(outside.clone());
            }
            4 => {
                assert!((period.start..=period.end).contains(&gross_date));
                items.push(vat.clone());
            }
            _ => {}
        }
        if index == 3 {
            assert!((period.start..=period.end).contains(&july));
            assert!(july.day() <= 10, "early July");
        }
        let paid_before: Decimal = out.iter().map(|d| d.paid_now).sum();
        out.push(decide(index, period, realised, applied, items, paid_before));
    }
    check_decisions(&out, outside.amount, vat.amount);
    out
}

/// A period's realised costs by decision category, the flat rate computed.
fn realised(eligible: &[&Row], p: &Period) -> [Decimal; 5] {
    let mut amounts = [Decimal::ZERO; 5];
    for row in eligible
        .iter()
        .filter(|r| (p.start..=p.end).contains(&r.date))
    {
        amounts[column(category(row.account).expect("mapped"))] += row.amount;
    }
    amounts[FLAT_RATE] = share(amounts[PERSONNEL], Decimal::from(FLAT_RATE_PERCENT));
    amounts
}

/// The invoice of early July, claimed in period 2 as well: the funder
/// deducts it whole there.
fn early_july(eligible: &[&Row]) -> Item {
    let (july, lines) = EARLY_JULY;
    let invoice: Vec<&Row> = eligible
        .iter()
        .copied()
        .filter(|r| r.date == july)
        .collect();
    assert_eq!(
        invoice.len(),
        2,
        "the early-July invoice has two project rows"
    );
    assert!(invoice.iter().all(|r| r.voucher == invoice[0].voucher));
    assert!(invoice.iter().zip(lines).all(|(r, l)| r.account == l.0));
    assert!(
        invoice
            .iter()
            .all(|r| category(r.account) == Some(Category::Services))
    );
    let invoice_total: Decimal = invoice.iter().map(|r| r.amount).sum();
    Item {
        category: SERVICES,
        voucher: invoice[0].voucher.clone(),
        date: july,
        amount: invoice_total,
        reason: OUTSIDE_PERIOD,
    }
}

/// The gross services row of period 4: its VAT share is deducted.
fn vat_share(eligible: &[&Row]) -> Item {
    let vat_rows: Vec<&Row> = eligible
        .iter()
        .copied()
        .filter(|r| r.description == VAT_ROW.0 && r.date.year() == VAT_ROW.1)
        .collect();
    assert_eq!(vat_rows.len(), 1, "one row claimed with VAT");
    let gross = vat_rows[0];
    assert_eq!(category(gross.account), Some(Category::Services));
    let vat = (gross.amount * Decimal::from(24) / Decimal::from(124))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert!(
        (eur(20_000)..eur(50_000)).contains(&vat),
        "the VAT share should be a few hundred euros, not {vat}"
    );
    Item {
        category: SERVICES,
        voucher: gross.voucher.clone(),
        date: gross.date,
        amount: vat,
        reason: VAT,
    }
}

/// The decision on a period: its deductions, and the payment by the rate
/// and the cap (with the slip of period 3).
fn decide(
    index: usize,
    period: Period,
    realised: [Decimal; 5],
    applied: [Decimal; 5],
    items: Vec<Item>,
    paid_before: Decimal,
) -> Decision {
    let mut deducted = [Decimal::ZERO; 5];
    let mut reasons = [None; 5];
    for item in &items {
        deducted[item.category] += item.amount;
        reasons[item.category] = Some(item.reason);
    }
    assert_eq!(deducted[PERSONNEL], Decimal::ZERO, "personnel is never cut");
    let mut decision = Decision {
        index,
        period,
        realised,
        applied,
        deducted,
        reasons,
        items,
        paid_before,
        paid_now: Decimal::ZERO,
        correct_now: Decimal::ZERO,
    };
    let approved = total(&decision.approved());
    let by_rate = share(approved, Decimal::from(RATE_PERCENT));
    let remaining = eur(MAX_GRANT) - paid_before;
    decision.correct_now = by_rate.min(remaining);
    decision.paid_now = match index {
        SLIP_PERIOD => by_rate - eur(SLIP),
        5 => {
            assert!(by_rate > remaining, "the cap binds in the final decision");
            remaining
        }
        _ => by_rate,
    };
    assert!(decision.paid_now <= remaining);
    decision
}

/// Panics unless the decisions give the figures of the README, given the
/// re-claimed invoice and the VAT share they deduct.
fn check_decisions(out: &[Decision], invoice_total: Decimal, vat: Decimal) {
    assert_eq!(out.len(), 5);
    let last = &out[4];
    assert_eq!(
        last.paid_total(),
        eur(MAX_GRANT),
        "the final payment tops up to the cap"
    );
    let realised_booked: Decimal = out
        .iter()
        .map(|d| total(&d.realised) - d.realised[FLAT_RATE])
        .sum();
    assert_eq!(
        realised_booked,
        FIGURES.iter().map(|f| eur(f.1)).sum::<Decimal>()
    );
    let flat_rate: Decimal = out.iter().map(|d| d.realised[FLAT_RATE]).sum();
    assert_eq!(flat_rate, eur(5_425_200), "the periods' flat rates add up");
    let applied: Decimal = out.iter().map(|d| total(&d.applied)).sum();
    assert_eq!(
        applied - invoice_total,
        eur(43_739_500),
        "all realised, once"
    );
    let deducted: Decimal = out.iter().map(|d| total(&d.deducted)).sum();
    let net = deducted - invoice_total;
    assert_eq!(
        net, vat,
        "net of the re-claimed invoice, only the VAT is cut"
    );
    assert!(net < eur(OVERRUN), "deductions smaller than the overrun");
    let approved: Decimal = out.iter().map(|d| total(&d.approved())).sum();
    assert!(
        approved >= eur(PLAN_TOTAL),
        "approved {approved} below the plan"
    );
    assert!(share(approved, Decimal::from(RATE_PERCENT)) > eur(MAX_GRANT));
    for d in out {
        let approved = d.approved();
        assert_eq!(
            approved[FLAT_RATE], d.applied[FLAT_RATE],
            "the flat rate follows"
        );
        assert_eq!(
            d.applied[FLAT_RATE],
            share(approved[PERSONNEL], Decimal::from(FLAT_RATE_PERCENT))
        );
        if d.index == SLIP_PERIOD {
            assert_eq!(d.correct_now - d.paid_now, eur(SLIP));
        } else {
            assert_eq!(d.correct_now, d.paid_now);
        }
    }
}

pub fn print_decisions(decisions: &[Decision]) {
    println!("\npayment decisions:");
    println!(
        "{:<3} {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}",
        "", "period", "applied", "deducted", "approved", "paid now", "paid total"
    );
    for d in decisions {
        println!(
            "{:<3} {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}",
            d.index,
            period_text(d.period.start, d.period.end),
            grouped(total(&d.applied)),
            grouped(total(&d.deducted)),
            grouped(total(&d.approved())),
            grouped(d.paid_now),
            grouped(d.paid_total()),
        );
    }
    for d in decisions {
        for item in &d.items {
            let date = item.date.format("%-d.%-m.%Y");
            let amount = grouped(item.amount);
            println!(
                "period {}: deducted {} {date} {amount:>9} {}",
                d.index, item.voucher, item.reason
            );
        }
        if d.paid_now != d.correct_now {
            println!(
                "period {}: paid now {} instead of {}",
                d.index,
                grouped(d.paid_now),
                grouped(d.correct_now)
            );
        }
    }
}
