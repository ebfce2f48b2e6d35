//! The funder's payment decisions on periods 1 and 2: the period's ledger
//! figures, the cut bonus, the flat rate on the approved staff costs, and
//! the advance netted.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calendar::date;
use super::ledger::{Kind, Row};
use super::project::{Category, FLAT_RATE_PERCENT, RATE_PERCENT, category, d, percent_of};

/// The maximum grant of the funding decision, and the advance paid on it.
pub const MAX_GRANT: &str = "237600.00";
const ADVANCE: &str = "47520.00";
fn advance_date() -> NaiveDate {
    date(2023, 4, 14)
}

/// The plan: staff costs, and the flat rate (40 % of them).
pub const PLAN_STAFF: &str = "215000.00";
pub const PLAN_FLAT_RATE: &str = "86000.00";

pub struct Period {
    pub name: &'static str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The decision's number, date and the advance it nets.
    pub decision: Option<(&'static str, NaiveDate, &'static str)>,
}

pub fn periods() -> [Period; 3] {
    [
        Period {
            name: "1",
            start: date(2023, 3, 1),
            end: date(2023, 8, 31),
            decision: Some(("ESAELY/1847/2023", date(2023, 11, 14), "23760.00")),
        },
        Period {
            name: "2",
            start: date(2023, 9, 1),
            end: date(2024, 2, 29),
            decision: Some(("ESAELY/0952/2024", date(2024, 6, 6), "23760.00")),
        },
        Period {
            name: "3",
            start: date(2024, 3, 1),
            end: date(2024, 12, 31),
            decision: None,
        },
    ]
}

/// The voucher the funder deducts from period 2, and why.
const CUT_VOUCHER_DATE: (i32, u32, u32) = (2023, 12, 15);
pub const CUT_REASON: &str = "Kertapalkkio ei ole tukikelpoinen: se ei perustu työsopimukseen \
                          eikä yhdistyksen palkkausperusteisiin (sivukuluineen)";
pub const FLAT_RATE_REASON: &str = "Flat rate lasketaan hyväksytyistä henkilöstökustannuksista";

/// A period's figures in the ledger.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ledger {
    pub salaries: Decimal,
    pub side_costs: Decimal,
    pub other: Decimal,
    pub revenue: Decimal,
}

impl Ledger {
    pub fn of(rows: &[&Row], from: NaiveDate, to: NaiveDate) -> Ledger {
        let mut out = Ledger::default();
        for r in rows.iter().filter(|r| (from..=to).contains(&r.date)) {
            match category(r.account) {
                Category::Staff if r.account < 6000 => out.salaries += r.amount,
                Category::Staff => out.side_costs += r.amount,
                Category::Other => out.other += r.amount,
                Category::Revenue => out.revenue -= r.amount,
            }
        }
        out
    }

    pub fn staff(&self) -> Decimal {
        self.salaries + self.side_costs
    }

    pub fn flat_rate(&self) -> Decimal {
        percent_of(self.staff(), FLAT_RATE_PERCENT.into())
    }
}

pub struct Item {
    pub voucher: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub reason: &'static str,
}

pub struct Decision {
    pub period: &'static str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub number: &'static str,
    pub decided: NaiveDate,
    /// Staff, flat rate.
    pub applied: [Decimal; 2],
    pub deducted: [Decimal; 2],
    pub revenue: Decimal,
    /// round(80 % × (approved − revenue)), at most what remains of the grant.
    pub share: Decimal,
    pub advance_netted: Decimal,
    pub paid_before: Decimal,
    pub items: Vec<Item>,
}

impl Decision {
    pub fn approved(&self) -> [Decimal; 2] {
        [
            self.applied[0] - self.deducted[0],
            self.applied[1] - self.deducted[1],
        ]
    }

    pub fn paid_now(&self) -> Decimal {
        self.share - self.advance_netted
    }

    pub fn paid_total(&self) -> Decimal {
        self.paid_before + self.paid_now()
    }
}

pub fn decisions(project: &[&Row]) -> Vec<Decision> {
    let max_grant = d(MAX_GRANT);
    let mut out: Vec<Decision> = Vec::new();
    let mut shares = Decimal::ZERO;
    // The advance is paid before the first decision: it counts as paid earlier.
    let mut paid = d(ADVANCE);
    for p in periods() {
        let Some((number, decided, netted)) = p.decision else {
            continue;
        };
        assert!(advance_date() < decided);
        let ledger = Ledger::of(project, p.start, p.end);
        let cut_date = date(CUT_VOUCHER_DATE.0, CUT_VOUCHER_DATE.1, CUT_VOUCHER_DATE.2);
        let mut items = Vec::new();
        if (p.start..=p.end).contains(&cut_date) {
            let rows: Vec<&&Row> = project
                .iter()
                .filter(|r| r.date == cut_date && r.kind == Kind::Payroll)
                .collect();
            items.push(Item {
                voucher: rows[0].voucher.clone(),
                date: cut_date,
                amount: rows.iter().map(|r| r.amount).sum(),
                reason: CUT_REASON,
            });
        }
        let staff_cut: Decimal = items.iter().map(|i| i.amount).sum();
        let applied = [ledger.staff(), ledger.flat_rate()];
        let approved_staff = applied[0] - staff_cut;
        let approved_flat = percent_of(approved_staff, FLAT_RATE_PERCENT.into());
        let deducted = [staff_cut, applied[1] - approved_flat];
        let approved = approved_staff + approved_flat;
        let share =
            percent_of(approved - ledger.revenue, RATE_PERCENT.into()).min(max_grant - shares);
        let decision = Decision {
            period: p.name,
            start: p.start,
            end: p.end,
            number,
            decided,
            applied,
            deducted,
            revenue: ledger.revenue,
            share,
            advance_netted: d(netted),
            paid_before: paid,
            items,
        };
        shares += share;
        paid = decision.paid_total();
        out.push(decision);
    }
    out
}
