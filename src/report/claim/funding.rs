//! The Claim sheet's funding block (the earlier periods on the approved
//! basis, what was paid and is pending, the grant and plan remaining, the
//! amount applied for), the final claim's block, and the earlier claims.

use rust_decimal::Decimal;

use super::*;
use crate::money::to_cell_number;

/// A label–figure line of the Claim sheet: the label, the figure's formula
/// (empty where it is a plain number), its value, and whether it is the
/// amount applied for (in bold).
pub(super) type Line = (String, String, Decimal, bool);

/// Excel rows (1-based) that the funding lines' formulas refer to.
pub(super) struct FundingRows {
    /// The categories' total.
    total: u32,
    /// The funding rate; the maximum grant stands on the row below.
    rate: u32,
    /// Costs in all.
    costs: u32,
    /// Revenues.
    revenues: u32,
    /// Net costs.
    net: u32,
    /// This period's funder's share at the rate.
    share: u32,
    /// Earlier periods' costs.
    earlier: u32,
    /// Paid by the funder earlier.
    paid: u32,
    /// Applied for earlier, not yet decided.
    pending: u32,
    /// The maximum grant remaining before this claim.
    before: u32,
    /// The amount applied for.
    applied: u32,
}

impl FundingRows {
    /// The rows of the funding lines written from the 0-based `row`, under
    /// the categories' total; `rate_row` is the rate's 1-based row.
    fn from(row: u32, rate_row: u32, has_max: bool) -> FundingRows {
        let costs = row + 1;
        let before = costs + 8;
        FundingRows {
            total: row - 1,
            rate: rate_row,
            costs,
            revenues: costs + 1,
            net: costs + 2,
            share: costs + 3,
            earlier: costs + 4,
            paid: costs + 6,
            pending: costs + 7,
            before,
            applied: before + u32::from(has_max),
        }
    }
}

/// The funding lines from the 0-based `row`: this period's share at the
/// rate, what came before on the approved basis, and (in an interim claim)
/// the one amount applied for. Returns the next row and the (1-based) rows
/// of paid earlier and pending.
pub(super) fn funding_block(
    t: &mut Table,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    extract: &str,
    row: u32,
    rate_row: u32,
) -> (u32, u32, u32) {
    let rows = FundingRows::from(row, rate_row, project.funding.max_grant.is_some());
    let mut lines = period_lines(project, claim, lang, extract, &rows);
    lines.extend(earlier_lines(project, claim, lang, &rows));
    lines.extend(applied_lines(project, claim, lang, &rows));
    let row = put_lines(t, row, lines);
    (row, rows.paid, rows.pending)
}

/// This period's lines: the costs, the revenues, the net costs, and the
/// funder's share of them at the rate.
pub(super) fn period_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    extract: &str,
    rows: &FundingRows,
) -> Vec<Line> {
    let FundingRows {
        total,
        costs,
        revenues,
        net,
        ..
    } = *rows;
    let rate = project.funding.rate_percent.normalize();
    vec![
        (
            lang.pick("Kustannukset yhteensä", "Costs in all").into(),
            format!("B{total}"),
            claim.total(),
            false,
        ),
        (
            lang.pick(
                "Tulot (vähennetään ennen tukiprosenttia)",
                "Revenues (deducted before the rate)",
            )
            .into(),
            format!(
                "-SUMIFS('{extract}'!$H:$H,'{extract}'!$A:$A,{})",
                exactly(revenue_label(lang))
            ),
            claim.revenues,
            false,
        ),
        (
            lang.pick("Nettokustannukset", "Net costs").into(),
            format!("B{costs}-B{revenues}"),
            claim.net,
            false,
        ),
        (
            format!(
                "{} {rate} %",
                lang.pick(
                    "Kauden rahoittajan osuus tukiprosentilla",
                    "This period's funder's share at"
                )
            ),
            format!("ROUND(B{net}*$B${},2)", rows.rate),
            claim.funding.at_rate,
            false,
        ),
    ]
}

/// What came before: the earlier periods' costs, the plan remaining, what
/// the funder paid earlier and what is applied for and not yet decided.
pub(super) fn earlier_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    rows: &FundingRows,
) -> Vec<Line> {
    let f = &claim.funding;
    vec![
        (
            lang.pick(
                "Aiempien kausien kustannukset (hyväksytyn mukaan)",
                "Earlier periods' costs (approved basis)",
            )
            .into(),
            String::new(),
            f.earlier_costs(),
            false,
        ),
        (
            lang.pick(
                "Kustannusarviota jäljellä tämän hakemuksen jälkeen",
                "Plan remaining after this claim",
            )
            .into(),
            format!(
                "{}-B{}-B{}",
                to_cell_number(project.plan_total()),
                rows.costs,
                rows.earlier
            ),
            f.plan_remaining,
            false,
        ),
        (
            lang.pick(
                "Rahoittaja on maksanut aiemmin (päätökset ja ennakot)",
                "Paid by the funder earlier (decisions and advances)",
            )
            .into(),
            String::new(),
            f.paid_earlier,
            false,
        ),
        (
            lang.pick(
                "Haettu aiemmin, päätös puuttuu",
                "Applied for earlier, not yet decided",
            )
            .into(),
            String::new(),
            f.pending_earlier,
            false,
        ),
    ]
}

/// The maximum grant remaining before this claim (when known), and in an
/// interim claim the amount applied for and the maximum grant remaining
/// after it.
pub(super) fn applied_lines(
    project: &Project,
    claim: &Claim,
    lang: Lang,
    rows: &FundingRows,
) -> Vec<Line> {
    let f = &claim.funding;
    let FundingRows {
        share,
        paid,
        pending,
        before,
        applied,
        ..
    } = *rows;
    let max_cell = format!("$B${}", rows.rate + 1);
    let mut lines = Vec::new();
    if let Some(before_value) = f.grant_remaining_before {
        lines.push((
            lang.pick(
                "Enimmäisavustuksesta jäljellä ennen tätä hakemusta",
                "Maximum grant remaining before this claim",
            )
            .into(),
            format!("{max_cell}-B{paid}-B{pending}"),
            before_value,
            false,
        ));
    }
    if claim.final_figures.is_none() {
        let formula = if project.funding.max_grant.is_some() {
            format!("MIN(B{share},MAX(0,B{before}))")
        } else {
            format!("B{share}")
        };
        let label = if f.is_capped() {
            lang.pick(
                "Haettava määrä (enimmäisavustus rajaa: jäljellä oleva osa)",
                "Amount applied for (capped by the maximum grant: what remains of it)",
            )
        } else {
            lang.pick("Haettava määrä", "Amount applied for")
        };
        lines.push((label.into(), formula, f.applied, true));
        if let Some(after) = f.grant_remaining_after {
            lines.push((
                lang.pick(
                    "Enimmäisavustuksesta jäljellä tämän hakemuksen jälkeen",
                    "Maximum grant remaining after this claim",
                )
                .into(),
                format!("B{before}-B{applied}"),
                after,
                false,
            ));
        }
    }
    lines
}

/// Puts label–figure lines from `row` (a figure with its formula, or a
/// plain number where it has none; the amount applied for in bold);
/// returns the next row.
pub(super) fn put_lines(t: &mut Table, mut row: u32, lines: Vec<Line>) -> u32 {
    for (label, formula_text, value, bold) in lines {
        let (text, money) = match bold {
            true => (Role::Bold, Role::MoneyBold),
            false => (Role::Plain, Role::Money),
        };
        t.text(row, 0, label, text);
        if formula_text.is_empty() {
            t.money(row, 1, value, money);
        } else {
            t.formula_with(row, 1, formula_text, value, money);
        }
        row += 1;
    }
    row
}

/// A final claim's block from the 0-based `row`: the whole project's net
/// costs on the approved basis, the plan, the overrun, the funder's share
/// and the final payment applied for (`paid` and `pending` are the 1-based
/// rows of paid earlier and pending). Returns the next row.
pub(super) fn final_block(
    t: &mut Table,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    mut row: u32,
    rate_row: u32,
    (paid, pending): (u32, u32),
) -> u32 {
    let Some(f) = &claim.final_figures else {
        return row;
    };
    t.header(
        row,
        &[
            lang.pick(
                "Loppumaksatus: koko hanke hyväksytyn mukaan",
                "Final claim: the whole project on the approved basis",
            ),
            "",
        ],
    );
    row += 1;
    let start = row + 1;
    let (costs, share) = (start, start + 3);
    let applied = start + 4;
    let max_cell = format!("$B${}", rate_row + 1);
    let cap = match project.funding.max_grant {
        Some(_) => format!("MIN(ROUND(B{costs}*$B${rate_row},2),{max_cell})"),
        None => format!("ROUND(B{costs}*$B${rate_row},2)"),
    };
    let mut lines: Vec<Line> = vec![
        (
            lang.pick(
                "Hankkeen nettokustannukset (aiemmat kaudet hyväksytyn mukaan + tämä hakemus)",
                "The project's net costs (earlier periods approved + this claim)",
            )
            .into(),
            String::new(),
            f.costs,
            false,
        ),
        (
            lang.pick("Hyväksytty kustannusarvio", "Approved plan")
                .into(),
            String::new(),
            f.plan,
            false,
        ),
        (
            format!(
                "{} ({})",
                lang.pick(
                    "Ylitys, jää tuensaajan maksettavaksi",
                    "Overrun, paid by the beneficiary"
                ),
                project.funding.own_share_by
            ),
            String::new(),
            f.overrun,
            false,
        ),
        (
            lang.pick(
                "Rahoittajan osuus koko hankkeesta (enintään enimmäisavustus)",
                "The funder's share of the whole project (at most the maximum grant)",
            )
            .into(),
            cap,
            f.funder_share,
            false,
        ),
        (
            lang.pick(
                "Haettava määrä: loppumaksatus (osuus − maksettu − vireillä)",
                "Amount applied for: the final payment (share − paid − pending)",
            )
            .into(),
            format!("B{share}-B{paid}-B{pending}"),
            f.final_payment,
            true,
        ),
    ];
    if project.funding.max_grant.is_some() {
        lines.push((
            lang.pick(
                "Enimmäisavustuksesta jäljellä tämän hakemuksen jälkeen",
                "Maximum grant remaining after this claim",
            )
            .into(),
            format!("{max_cell}-B{paid}-B{pending}-B{applied}"),
            claim.funding.grant_remaining_after.unwrap_or_default(),
            false,
        ));
    }
    put_lines(t, row, lines)
}

/// The earlier periods from the 0-based `row`, each with its costs, the
/// funder's share and what they rest on; then the advances not yet netted.
/// Returns the next row.
pub(super) fn earlier_claims(t: &mut Table, claim: &Claim, lang: Lang, mut row: u32) -> u32 {
    if claim.funding.earlier.is_empty() {
        return row;
    }
    let headers = [
        lang.pick("Aiemmat kaudet", "Earlier periods"),
        lang.pick("Kustannukset", "Costs"),
        lang.pick("Rahoittajan osuus", "Funder's share"),
        lang.pick("Peruste", "Basis"),
        lang.pick("Hakemustiedosto", "Claim file"),
    ];
    t.header(row, &headers);
    t.note(
        row,
        2,
        lang.pick(
            "Päätöksen saaneelta kaudelta maksettu + ennakosta vähennetty; vireillä olevalta haettu määrä.",
            "For a decided period: paid + the advance netted; for a pending one: the amount applied for.",
        ),
        None,
    );
    row += 1;
    for e in &claim.funding.earlier {
        let basis = match &e.basis {
            EarlierBasis::Approved { number, .. } => format!(
                "{} {number}",
                lang.pick(
                    "hyväksytty, maksettu päätöksellä",
                    "approved, paid by decision"
                )
            ),
            EarlierBasis::Pending(_) => lang
                .pick("haettu, päätös puuttuu", "applied for, not yet decided")
                .to_string(),
            EarlierBasis::Open => lang.pick("ei haettu", "not claimed").to_string(),
        };
        let period = format!(
            "{} {} ({}–{})",
            lang.pick("Kausi", "Period"),
            e.name,
            finnish(e.start),
            finnish(e.end)
        );
        t.text(row, 0, period, Role::Plain);
        t.money(row, 1, e.total(), Role::Money);
        t.money(row, 2, e.funder_share, Role::Money);
        t.text(row, 3, basis, Role::Plain);
        // The claim's file in a column of its own, the period and the
        // decision number naming it in the others.
        if let EarlierBasis::Pending(path) = &e.basis {
            t.text(row, 4, path.as_str(), Role::Plain);
        }
        row += 1;
    }
    if !claim.funding.advances_not_netted.is_zero() {
        t.text(
            row,
            0,
            lang.pick(
                "Ennakot, joita ei ole vielä vähennetty maksuista",
                "Advances not yet netted against a payment",
            ),
            Role::Plain,
        );
        t.money(row, 2, claim.funding.advances_not_netted, Role::Money);
        row += 1;
    }
    row
}
