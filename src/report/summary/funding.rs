//! Summary's funding block (realised, covered and eligible costs, the basis,
//! the funder's share, own share and overrun, VAT) and its payments block
//! (applied, approved, deducted, paid, the grant remaining).

use super::*;

/// The funding table: the realised costs down to the eligible ones, the
/// approved basis, the revenues, the funder's and the own share, the
/// overrun, and the VAT taken out; returns the next row.
pub(super) fn funding(
    t: &mut Table,
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    mut row: u32,
) -> u32 {
    let lang = report.lang;
    let headers = [
        lang.pick("Rahoitus", "Funding"),
        lang.pick("Kustannusarvio", "Plan"),
        lang.pick("Toteuma", "Realised"),
    ];
    t.header(row, &headers);
    row += 1;
    let refs = FundingRefs::new(layout, row, report.rec.funding.approved_basis.is_some());
    let mut lines = cost_lines(report, ledger, &refs);
    lines.extend(basis_line(report));
    lines.extend(share_lines(report, ledger, &refs));
    lines.extend(vat_line(report));
    funding_lines(t, row, lines)
}

/// A line of the funding table: the label, the plan's formula and value
/// (where the line has a plan), the realised figure's formula (empty where
/// it is a plain number) and value, and the note saying how it is computed.
pub(super) type FundingLine = (
    String,
    Option<(String, Decimal)>,
    (String, Decimal),
    &'static str,
);

/// Where the funding lines' formulas look: Excel rows (1-based) of the
/// lines, in order (the approved basis only when a period has a decision or
/// a pending claim), and the cells of the rate and the maximum grant.
pub(super) struct FundingRefs {
    /// The categories' total.
    total: u32,
    /// Realised costs.
    realised: u32,
    /// Covered by the flat rate.
    covered: u32,
    /// Not eligible.
    not_eligible: u32,
    /// Eligible costs.
    eligible: u32,
    /// Revenues.
    revenues: u32,
    /// The funder's share.
    funder: u32,
    /// The funding rate's cell.
    rate_cell: String,
    /// The maximum grant's row (0-based), when there is one.
    max_grant_row: Option<u32>,
}

impl FundingRefs {
    /// The references of the funding lines written from the 0-based `row`.
    fn new(layout: &Layout, row: u32, has_basis: bool) -> FundingRefs {
        let realised = row + 1;
        let eligible = realised + 3;
        let revenues = eligible + 1 + u32::from(has_basis);
        FundingRefs {
            total: layout.total_row + 1,
            realised,
            covered: realised + 1,
            not_eligible: realised + 2,
            eligible,
            revenues,
            funder: revenues + 1,
            rate_cell: format!("$B${}", layout.rate_row + 1),
            max_grant_row: layout.max_grant_row,
        }
    }

    /// `expr`, at most the maximum grant when there is one.
    fn cap(&self, expr: String) -> String {
        match self.max_grant_row {
            Some(m) => format!("MIN({expr},$B${})", m + 1),
            None => expr,
        }
    }
}

/// The SUMIFS of the Transactions rows of a status.
pub(super) fn status_sum(ledger: &Ledger, lang: Lang, status: Status) -> String {
    ledger.sum_if(&[(column::STATUS, exactly(status_label(status, lang)))])
}

/// The realised costs, less the costs a flat rate covers and the costs not
/// eligible, down to the eligible costs.
pub(super) fn cost_lines(report: &Report, ledger: &Ledger, refs: &FundingRefs) -> Vec<FundingLine> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let FundingRefs {
        total,
        realised,
        covered,
        not_eligible,
        ..
    } = *refs;
    vec![
        (
            lang.pick("Toteutuneet kustannukset", "Realised costs").into(),
            Some((format!("B{total}"), f.plan)),
            (
                format!("C{total}+C{covered}+C{not_eligible}"),
                f.realised,
            ),
            lang.pick(
                "Hankkeen rivien kirjatut kulut kustannusarvion kustannuslajeissa + lasketut flat ratet (kustannuslajien yhteissumma).",
                "The project rows' booked costs in the plan's categories + the computed flat rates (the total of the categories).",
            ),
        ),
        (
            lang.pick("− flat rate kattaa", "− covered by the flat rate").into(),
            None,
            (status_sum(ledger, lang, Status::Covered(0)), f.covered),
            lang.pick(
                "Kulut kustannuslajeissa, jotka prosenttimääräinen korvaus jo kattaa (covers, covers_all_other): ei tukikelpoisia, ei haeta.",
                "Costs in categories the flat rate already covers (covers, covers_all_other): not eligible, never claimed.",
            ),
        ),
        (
            lang.pick("− ei tukikelpoiset", "− not eligible").into(),
            None,
            (status_sum(ledger, lang, Status::NotEligible(0)), f.not_eligible),
            lang.pick(
                "Kulut kustannuslajeissa, joita rahoituspäätös ei hyväksy (velho.toml: eligible = false).",
                "Costs in categories the funding decision excludes (velho.toml: eligible = false).",
            ),
        ),
        (
            lang.pick(
                "Tukikelpoiset kustannukset (kirjanpidon mukaan)",
                "Eligible costs (ledger basis)",
            )
            .into(),
            Some((format!("B{total}"), f.plan)),
            (format!("C{realised}-C{covered}-C{not_eligible}"), f.eligible),
            lang.pick(
                "Toteutuneet − flat raten kattamat − ei tukikelpoiset.",
                "Realised − covered by the flat rate − not eligible.",
            ),
        ),
    ]
}

/// The eligible costs on the approved basis, when a period has a decision
/// or a pending claim.
pub(super) fn basis_line(report: &Report) -> Option<FundingLine> {
    let lang = report.lang;
    let basis = report.rec.funding.approved_basis?;
    Some((
        lang.pick(
            "Tukikelpoiset hyväksytyn mukaan",
            "Eligible costs on the approved basis",
        )
        .into(),
        None,
        (String::new(), basis),
        lang.pick(
            "Maksatuskausittain: rahoittajan hyväksymä, kun päätös on; haettu, kun hakemus on vireillä. Katso Maksatukset.",
            "Per payment period: what the funder approved where a decision exists, what was claimed where a claim is pending. See Payments.",
        ),
    ))
}

/// The revenues, the funder's share, the own share, the overrun, and the
/// funder's share without the cap.
pub(super) fn share_lines(
    report: &Report,
    ledger: &Ledger,
    refs: &FundingRefs,
) -> Vec<FundingLine> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let rate = f.rate_percent.normalize();
    let rate_cell = &refs.rate_cell;
    let FundingRefs {
        eligible,
        revenues,
        funder,
        ..
    } = *refs;
    let revenue_sum = status_sum(ledger, lang, Status::Revenue);
    vec![
        (
            lang.pick("Hankkeen tulot (vähennetään ennen tukiprosenttia)", "Project revenues (deducted before the rate)").into(),
            None,
            (format!("-({revenue_sum})"), f.revenues),
            lang.pick(
                "Tuloiksi määriteltyjen tilien hyvitykset (velho.toml: claims.revenue_accounts).",
                "Credits on the revenue accounts (velho.toml: claims.revenue_accounts).",
            ),
        ),
        (
            format!("{} ({rate} %)", lang.pick("Rahoittajan osuus", "Funder's share")),
            Some((refs.cap(format!("ROUND(B{eligible}*{rate_cell},2)")), f.planned_funder_share)),
            (refs.cap(format!("ROUND((C{eligible}-C{revenues})*{rate_cell},2)")), f.funder_share),
            lang.pick(
                "Tukiprosentti × (tukikelpoiset kustannukset − tulot), pyöristetty senttiin, enintään enimmäisavustus.",
                "Funding rate × (eligible costs − revenues), rounded to the cent, at most the maximum grant.",
            ),
        ),
        (
            lang.pick("Omarahoitus", "Own share").into(),
            Some((format!("B{eligible}-B{funder}"), f.planned_own_share)),
            (format!("C{eligible}-C{revenues}-C{funder}"), f.own_share),
            lang.pick(
                "Tukikelpoiset kustannukset − tulot − rahoittajan osuus. Toteutunut omarahoitus = suunniteltu omarahoitus + ylitys, kun avustus on enimmäismäärässään.",
                "Eligible costs − revenues − the funder's share. Realised own share = planned own share + overrun when the grant is at its maximum.",
            ),
        ),
        (
            lang.pick("Ylitys (jää organisaation maksettavaksi)", "Overrun (paid by the organisation)").into(),
            None,
            (format!("MAX(0,C{eligible}-B{eligible})"), f.overrun),
            lang.pick("Tukikelpoiset kustannukset − kustannusarvio, jos ne ovat suuremmat.", "Eligible costs − plan, when they are larger."),
        ),
        (
            format!("{} {rate} % {}", lang.pick("Rahoittajan osuus", "Funder's share at"), lang.pick("ilman enimmäismäärää", "without the cap")),
            None,
            (format!("ROUND((C{eligible}-C{revenues})*{rate_cell},2)"), f.at_rate),
            lang.pick("Tukiprosentti × (tukikelpoiset kustannukset − tulot) ennen enimmäisavustusta.", "Funding rate × (eligible costs − revenues) before the maximum grant."),
        ),
    ]
}

/// The VAT taken out of the rows (recoverable VAT), when any was.
pub(super) fn vat_line(report: &Report) -> Option<FundingLine> {
    let lang = report.lang;
    let vat = report.rec.vat_removed_total();
    if vat.is_zero() {
        return None;
    }
    Some((
        lang.pick(
            "Arvonlisävero poistettu riveiltä (palautuskelpoinen, ei tukikelpoinen)",
            "VAT taken out of the rows (recoverable, not eligible)",
        )
        .into(),
        None,
        (String::new(), vat),
        lang.pick(
            "velho.toml: vat_recoverable = true. Viennin ALV-sarakkeen osuus on vähennetty jokaisen rivin summasta; rivit näkyvät Tapahtumat-välilehdellä ilman sitä, huomautus kertoo kirjatun summan.",
            "velho.toml: vat_recoverable = true. The export's VAT column's part is taken out of each row's amount; Transactions shows the rows without it, a note gives the booked amount.",
        ),
    ))
}

/// Puts the funding lines from `row`, each figure with its note; returns
/// the next row.
pub(super) fn funding_lines(t: &mut Table, mut row: u32, lines: Vec<FundingLine>) -> u32 {
    for (text, plan, (realised, value), how) in lines {
        t.text(row, 0, text, Role::Plain);
        if let Some((formula, plan)) = plan {
            t.formula(row, 1, formula, plan);
        }
        if realised.is_empty() {
            t.money(row, 2, value, Role::Money);
        } else {
            t.formula(row, 2, realised, value);
        }
        note(t, row, 2, how);
        row += 1;
    }
    row
}

/// Applied, approved, deducted and paid over all decisions, from the Payments sheet.
pub(super) fn payments(t: &mut Table, report: &Report, mut row: u32) -> u32 {
    let lang = report.lang;
    let pay = &report.rec.payments;
    if report.project.periods.is_empty() {
        return row - 1;
    }
    let headers = [
        lang.pick("Maksatukset", "Payments"),
        lang.pick("Päätösten mukaan", "Per the decisions"),
    ];
    t.header(row, &headers);
    row += 1;
    let name = SheetNames::of(lang).payments;
    let total_row = crate::report::payments::FIRST_PERIOD_ROW + pay.periods.len() as u32 + 1;
    let (applied, approved, deducted) = pay.totals();
    let cell = |col: u16| format!("'{name}'!{}{total_row}", table::column_name(col));
    let lines = [
        (
            lang.pick("Haettu", "Applied for"),
            cell(crate::report::payments::COL_APPLIED),
            applied,
        ),
        (
            lang.pick("Hyväksytty", "Approved"),
            cell(crate::report::payments::COL_APPROVED),
            approved,
        ),
        (
            lang.pick("Vähennetty", "Deducted"),
            cell(crate::report::payments::COL_DEDUCTED),
            deducted,
        ),
        (
            lang.pick(
                "Maksettu (ennakot mukaan lukien)",
                "Paid (advances included)",
            ),
            format!(
                "{}+{}+{}",
                cell(crate::report::payments::COL_PAID),
                cell(crate::report::payments::COL_ADVANCES_PAID),
                cell(crate::report::payments::COL_REPLACED_PAID)
            ),
            pay.paid(),
        ),
        (
            lang.pick("Haettu, päätös puuttuu", "Applied for, not yet decided"),
            format!(
                "'{name}'!{}{}",
                table::column_name(crate::report::payments::COL_PENDING),
                total_row - 1
            ),
            pay.pending(),
        ),
    ];
    for (text, formula, value) in lines {
        t.text(row, 0, text, Role::Plain);
        t.formula(row, 1, formula, value);
        row += 1;
    }
    if let Some(max) = report.project.funding.max_grant {
        t.text(
            row,
            0,
            lang.pick("Avustusta jäljellä", "Grant remaining"),
            Role::Plain,
        );
        let remaining = format!("'{name}'!$B$2-B{}-B{row}", row - 1);
        t.formula(row, 1, remaining, max - pay.paid() - pay.pending());
        row += 1;
    }
    row
}
