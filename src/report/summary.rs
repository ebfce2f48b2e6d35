//! The Summary sheet: the project, plan against realised per category, the
//! funding split, where the project's rows went, and the findings by
//! severity. Every total is a live formula over Transactions with its
//! computed value stored, and carries a note saying how it is computed.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatCell, ConditionalFormatCellRule, Format, Note, Worksheet,
    XlsxError,
};

use super::formula::{self, Ledger, column, exactly};
use super::transactions::status_label;
use super::{Report, SheetNames, Styles};
use crate::checks::Severity;
use crate::config::Eligibility;
use crate::dates::finnish;
use crate::model::Lang;
use crate::money::to_cell_number;
use crate::reconcile::{CategoryLine, RowAccount, Status, Tally};

/// Where the figures stand, for formulas that refer to them (0-based rows).
struct Layout {
    rate_row: u32,
    max_grant_row: Option<u32>,
    first_category_row: u32,
    total_row: u32,
}

/// Writes the Summary sheet.
pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    transaction_sheets: &[String],
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let p = report.project;
    sheet.set_column_width(0, 52)?;
    sheet.set_column_range_width(1, 6, 16)?;
    let title = format!(
        "{} – {}",
        p.name,
        lang.pick("hankkeen täsmäytys", "project reconciliation")
    );
    sheet.write_string_with_format(0, 0, title, &styles.title)?;
    let (row, rate_row, max_grant_row) = facts(sheet, report, styles, 2)?;
    let first_category_row = row + 2;
    let total_row = first_category_row + report.rec.categories.len() as u32;
    let layout = Layout {
        rate_row,
        max_grant_row,
        first_category_row,
        total_row,
    };
    categories(sheet, report, styles, ledger, &layout)?;
    let row = funding(sheet, report, styles, ledger, &layout, total_row + 2)?;
    let row = payments(sheet, report, styles, row + 1)?;
    let row = stated(sheet, report, styles, row + 1)?;
    let row = rows(sheet, report, styles, ledger, row + 1)?;
    let mut row = findings(sheet, report, styles, row + 1)?;
    if transaction_sheets.len() > 1 {
        let text = format!(
            "{} {} {}: {}.",
            lang.pick("Hankkeen rivejä on", "The project has"),
            report.rec.transactions.len(),
            lang.pick(
                "ja ne jatkuvat välilehdeltä toiselle (Excelin rivimäärän raja)",
                "rows, continued from sheet to sheet (Excel's row limit)"
            ),
            transaction_sheets.join(", ")
        );
        sheet.write_string_with_format(row + 1, 0, text, &styles.bold)?;
        row += 2;
    }
    chart(sheet, report, &layout, row + 1)?;
    sheet.set_portrait().set_print_fit_to_pages(1, 1);
    Ok(())
}

fn note(text: &str) -> Note {
    Note::new(text)
        .set_author("velho")
        .add_author_prefix(false)
        .set_width(360)
        .set_height(110)
}

fn label(sheet: &mut Worksheet, row: u32, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, text, &styles.bold)?;
    Ok(())
}

/// The project's facts; returns the next row and where the rate and the maximum grant stand.
fn facts(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<(u32, u32, Option<u32>), XlsxError> {
    let lang = report.lang;
    let p = report.project;
    let texts: [(&str, String); 6] = [
        (
            lang.pick("Hanke", "Project"),
            format!("{} ({})", p.name, p.code),
        ),
        (
            lang.pick("Organisaatio", "Organisation"),
            p.organisation.clone(),
        ),
        (
            lang.pick("Hankeaika", "Project period"),
            format!("{}–{}", finnish(p.start), finnish(p.end)),
        ),
        (lang.pick("Rahoittaja", "Funder"), p.funding.funder.clone()),
        (
            lang.pick("Hankkeen rivit", "Project rows"),
            p.filter.describe(lang),
        ),
        (
            lang.pick(
                "Tarkastelupäivä (kulut tähän asti)",
                "As-of date (costs up to)",
            ),
            finnish(report.rec.as_of),
        ),
    ];
    for (text, value) in texts {
        label(sheet, row, text, styles)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    label(
        sheet,
        row,
        lang.pick("Rahoitusosuus", "Funding rate"),
        styles,
    )?;
    let rate = p.funding.rate_percent / Decimal::ONE_HUNDRED;
    sheet.write_number_with_format(row, 1, to_cell_number(rate), &styles.percent)?;
    let rate_row = row;
    row += 1;
    let max_grant_row = match p.funding.max_grant {
        Some(max) => {
            label(
                sheet,
                row,
                lang.pick("Enimmäisavustus", "Maximum grant"),
                styles,
            )?;
            sheet.write_number_with_format(row, 1, to_cell_number(max), &styles.money)?;
            row += 1;
            Some(row - 1)
        }
        None => None,
    };
    Ok((row, rate_row, max_grant_row))
}

/// Plan against realised per category, the total of the eligible ones, and
/// the overrun highlighted.
fn categories(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let header_row = layout.first_category_row - 1;
    super::write_header(sheet, header_row, &category_headers(report.lang), styles)?;
    for line in &report.rec.categories {
        category_row(sheet, report, styles, ledger, layout, line)?;
    }
    category_total(sheet, report, styles, layout)?;
    overrun_formats(sheet, layout)
}

/// The column names of the categories table.
fn category_headers(lang: Lang) -> [&'static str; 7] {
    [
        lang.pick("Kustannuslaji", "Cost category"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick("Toteuma", "Realised"),
        lang.pick("Poikkeama €", "Variance €"),
        lang.pick("Poikkeama %", "Variance %"),
        lang.pick("Käyttöaste", "Utilisation"),
        lang.pick("Rivejä", "Rows"),
    ]
}

/// The formula of category `index`'s realised costs, and how it is computed:
/// a flat rate as its percentage of its base categories' cells, rounded to
/// the cent; a booked category by SUMIFS over Transactions.
fn realised_formula(
    report: &Report,
    ledger: &Ledger,
    layout: &Layout,
    index: usize,
) -> (String, String) {
    let lang = report.lang;
    let category = &report.project.categories[index];
    let name = category.name(lang);
    match &category.flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat
                .base
                .iter()
                .map(|b| format!("C{}", layout.first_category_row + *b as u32 + 1))
                .collect();
            let f = formula::flat_rate(&base, flat.percent, true);
            let how = lang.pick(
                "Laskennallinen: prosenttiosuus perustana olevien kustannuslajien toteumasta, pyöristetty senttiin (puolikkaat poispäin nollasta). Ei kirjanpidon rivejä.",
                "Computed: the percentage of the realised costs of its base categories, rounded to the cent (halves away from zero). No ledger rows.",
            );
            (f, how.to_string())
        }
        None => {
            let f = ledger.sum_if(&[(column::CATEGORY, exactly(name))]);
            let how = format!(
                "{} \"{name}\".",
                lang.pick(
                    "SUMIFS Tapahtumat-välilehdeltä: niiden rivien summa, joiden tila on Toteuma ja kustannuslaji",
                    "SUMIFS over Transactions: the amounts of the rows counted (status Counted) in the category"
                )
            );
            (f, how)
        }
    }
}

/// The note on a category's realised costs: how they are computed when the
/// category is eligible (`how`), else why they are not in the total.
fn realised_note(report: &Report, index: usize, how: String) -> String {
    let lang = report.lang;
    match report.project.eligibility(index) {
        Eligibility::Eligible => how,
        Eligibility::Covered(flat) => format!(
            "{} {}. {}",
            lang.pick(
                "Prosenttimääräinen korvaus kattaa nämä kulut:",
                "The flat rate covers these costs:"
            ),
            report.project.categories[flat].name(lang),
            lang.pick(
                "Ne eivät ole tukikelpoisia eivätkä kuulu yhteissummaan.",
                "They are not eligible and not in the total."
            )
        ),
        Eligibility::NotEligible => lang
            .pick(
                "Rahoituspäätös ei hyväksy näitä kuluja (eligible = false): ne eivät kuulu yhteissummaan.",
                "The funding decision excludes these costs (eligible = false): they are not in the total.",
            )
            .to_string(),
    }
}

/// One category's row: the plan, the realised costs with their note, the
/// variance (an eligible category's only: the others are shown, not in the
/// total, with no plan to run over) and the rows counted.
fn category_row(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    layout: &Layout,
    line: &CategoryLine,
) -> Result<(), XlsxError> {
    let row = layout.first_category_row + line.index as u32;
    let name = report.project.categories[line.index].name(report.lang);
    sheet.write_string(row, 0, name)?;
    sheet.write_number_with_format(row, 1, to_cell_number(line.plan), &styles.money)?;
    let (realised, how) = realised_formula(report, ledger, layout, line.index);
    formula::write_money(sheet, row, 2, &realised, line.realised, &styles.money)?;
    sheet.insert_note(row, 2, &note(&realised_note(report, line.index, how)))?;
    if report.project.eligibility(line.index) == Eligibility::Eligible {
        variance_cells(sheet, row, line.plan, line.realised, styles)?;
    }
    let count = ledger.count_if(&[(column::CATEGORY, exactly(name))]);
    formula::write_number(sheet, row, 6, &count, line.rows as f64, &styles.text)?;
    Ok(())
}

/// The categories' total row: the eligible categories' plan and realised
/// costs, and their variance.
fn category_total(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let f = &report.rec.funding;
    let (first, last) = (layout.first_category_row + 1, layout.total_row);
    // The total is the eligible categories'; covered and excluded ones stand
    // in the table without counting.
    let eligible: Vec<u32> = (0..report.project.categories.len())
        .filter(|&c| report.project.eligibility(c) == Eligibility::Eligible)
        .map(|c| first + c as u32)
        .collect();
    let all_eligible = eligible.len() == report.project.categories.len();
    let total_of = |col: char| {
        if all_eligible {
            format!("SUM({col}{first}:{col}{last})")
        } else {
            eligible
                .iter()
                .map(|r| format!("{col}{r}"))
                .collect::<Vec<_>>()
                .join("+")
        }
    };
    sheet.write_string_with_format(
        layout.total_row,
        0,
        if all_eligible {
            lang.pick("Yhteensä", "Total")
        } else {
            lang.pick("Yhteensä (tukikelpoiset)", "Total (eligible)")
        },
        &styles.bold,
    )?;
    formula::write_money(
        sheet,
        layout.total_row,
        1,
        &total_of('B'),
        f.plan,
        &styles.money_bold,
    )?;
    formula::write_money(
        sheet,
        layout.total_row,
        2,
        &total_of('C'),
        f.eligible,
        &styles.money_bold,
    )?;
    variance_cells(sheet, layout.total_row, f.plan, f.eligible, styles)
}

/// Highlights an overrun in Variance € and a utilisation over 100 %.
fn overrun_formats(sheet: &mut Worksheet, layout: &Layout) -> Result<(), XlsxError> {
    let overrun = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(0.004))
        .set_format(
            Format::new()
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
        );
    sheet.add_conditional_format(layout.first_category_row, 3, layout.total_row, 3, &overrun)?;
    let over_full = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(1.0))
        .set_format(Format::new().set_font_color(0x9C0006));
    sheet.add_conditional_format(
        layout.first_category_row,
        5,
        layout.total_row,
        5,
        &over_full,
    )?;
    Ok(())
}

/// Variance €, variance % and utilisation of a row whose plan is in B and realised in C.
fn variance_cells(
    sheet: &mut Worksheet,
    row: u32,
    plan: Decimal,
    realised: Decimal,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let r = row + 1;
    formula::write_money(
        sheet,
        row,
        3,
        &format!("C{r}-B{r}"),
        realised - plan,
        &styles.money,
    )?;
    if !plan.is_zero() {
        let u = realised / plan;
        formula::write_number(
            sheet,
            row,
            4,
            &format!("C{r}/B{r}-1"),
            to_cell_number(u - Decimal::ONE),
            &styles.percent,
        )?;
        formula::write_number(
            sheet,
            row,
            5,
            &format!("C{r}/B{r}"),
            to_cell_number(u),
            &styles.percent,
        )?;
    }
    Ok(())
}

/// The funding table: the realised costs down to the eligible ones, the
/// approved basis, the revenues, the funder's and the own share, the
/// overrun, and the VAT taken out; returns the next row.
fn funding(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    layout: &Layout,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let headers = [
        lang.pick("Rahoitus", "Funding"),
        lang.pick("Suunnitelma", "Plan"),
        lang.pick("Toteuma", "Realised"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    let refs = FundingRefs::new(layout, row, report.rec.funding.approved_basis.is_some());
    let mut lines = cost_lines(report, ledger, &refs);
    lines.extend(basis_line(report));
    lines.extend(share_lines(report, ledger, &refs));
    lines.extend(vat_line(report));
    write_funding_lines(sheet, styles, row, lines)
}

/// A line of the funding table: the label, the plan's formula and value
/// (where the line has a plan), the realised figure's formula (empty where
/// it is a plain number) and value, and the note saying how it is computed.
type FundingLine = (
    String,
    Option<(String, Decimal)>,
    (String, Decimal),
    &'static str,
);

/// Where the funding lines' formulas look: Excel rows (1-based) of the
/// lines, in order (the approved basis only when a period has a decision or
/// a pending claim), and the cells of the rate and the maximum grant.
struct FundingRefs {
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
fn status_sum(ledger: &Ledger, lang: Lang, status: Status) -> String {
    ledger.sum_if(&[(column::STATUS, exactly(status_label(status, lang)))])
}

/// The realised costs, less the costs a flat rate covers and the costs not
/// eligible, down to the eligible costs.
fn cost_lines(report: &Report, ledger: &Ledger, refs: &FundingRefs) -> Vec<FundingLine> {
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
fn basis_line(report: &Report) -> Option<FundingLine> {
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
fn share_lines(report: &Report, ledger: &Ledger, refs: &FundingRefs) -> Vec<FundingLine> {
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
fn vat_line(report: &Report) -> Option<FundingLine> {
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

/// Writes the funding lines from `row`, each figure with its note; returns
/// the next row.
fn write_funding_lines(
    sheet: &mut Worksheet,
    styles: &Styles,
    mut row: u32,
    lines: Vec<FundingLine>,
) -> Result<u32, XlsxError> {
    for (text, plan, (realised, value), how) in lines {
        sheet.write_string(row, 0, &text)?;
        if let Some((formula, plan)) = plan {
            formula::write_money(sheet, row, 1, &formula, plan, &styles.money)?;
        }
        if realised.is_empty() {
            sheet.write_number_with_format(row, 2, to_cell_number(value), &styles.money)?;
        } else {
            formula::write_money(sheet, row, 2, &realised, value, &styles.money)?;
        }
        sheet.insert_note(row, 2, &note(how))?;
        row += 1;
    }
    Ok(row)
}

/// Applied, approved, deducted and paid over all decisions, from the Payments sheet.
fn payments(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let pay = &report.rec.payments;
    if report.project.periods.is_empty() {
        return Ok(row - 1);
    }
    let headers = [
        lang.pick("Maksatukset", "Payments"),
        lang.pick("Päätösten mukaan", "Per the decisions"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    let name = SheetNames::of(lang).payments;
    let total_row = super::payments::FIRST_PERIOD_ROW + pay.periods.len() as u32 + 1;
    let (applied, approved, deducted) = pay.totals();
    let cell = |col: u16| {
        format!(
            "'{name}'!{}{total_row}",
            rust_xlsxwriter::utility::column_number_to_name(col)
        )
    };
    let lines = [
        (
            lang.pick("Haettu", "Applied for"),
            cell(super::payments::COL_APPLIED),
            applied,
        ),
        (
            lang.pick("Hyväksytty", "Approved"),
            cell(super::payments::COL_APPROVED),
            approved,
        ),
        (
            lang.pick("Vähennetty", "Deducted"),
            cell(super::payments::COL_DEDUCTED),
            deducted,
        ),
        (
            lang.pick(
                "Maksettu (ennakot mukaan lukien)",
                "Paid (advances included)",
            ),
            format!(
                "{}+{}+{}",
                cell(super::payments::COL_PAID),
                cell(super::payments::COL_ADVANCES_PAID),
                cell(super::payments::COL_REPLACED_PAID)
            ),
            pay.paid(),
        ),
        (
            lang.pick("Haettu, päätös puuttuu", "Applied for, not yet decided"),
            format!(
                "'{name}'!{}{}",
                rust_xlsxwriter::utility::column_number_to_name(super::payments::COL_PENDING),
                total_row - 1
            ),
            pay.pending(),
        ),
    ];
    for (text, formula, value) in lines {
        sheet.write_string(row, 0, text)?;
        formula::write_money(sheet, row, 1, &formula, value, &styles.money)?;
        row += 1;
    }
    if let Some(max) = report.project.funding.max_grant {
        sheet.write_string(row, 0, lang.pick("Avustusta jäljellä", "Grant remaining"))?;
        formula::write_money(
            sheet,
            row,
            1,
            &format!("'{name}'!$B$2-B{}-B{row}", row - 1),
            max - pay.paid() - pay.pending(),
            &styles.money,
        )?;
        row += 1;
    }
    Ok(row)
}

/// Figures that documents state, against what velho computes.
fn stated(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    // A figure stated after a past as-of date did not exist then.
    let applying: Vec<&crate::config::Stated> = report
        .project
        .stated
        .iter()
        .filter(|s| s.applies(report.rec.documents_until))
        .collect();
    if applying.is_empty() {
        return Ok(row - 1);
    }
    let headers = [
        lang.pick("Ilmoitetut luvut", "Stated figures"),
        lang.pick("Ilmoitettu", "Stated"),
        lang.pick("Laskettu", "Computed"),
        lang.pick("Ero", "Difference"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    for s in applying {
        let computed = crate::checks::computed_figure(report.rec, s);
        sheet.write_string(row, 0, &s.what)?;
        sheet.write_number_with_format(row, 1, to_cell_number(s.amount), &styles.money)?;
        sheet.write_number_with_format(row, 2, to_cell_number(computed), &styles.money)?;
        formula::write_money(
            sheet,
            row,
            3,
            &format!("B{}-C{}", row + 1, row + 1),
            s.amount - computed,
            &styles.money,
        )?;
        row += 1;
    }
    Ok(row)
}

/// Where the project's rows went: read, then split by status (each count and
/// sum a formula over Transactions), and the rows not listed; returns the
/// next row.
fn rows(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let a = &report.rec.project_account;
    let headers = [
        lang.pick("Hankkeen rivit", "Project rows"),
        lang.pick("Rivejä", "Rows"),
        lang.pick("Summa", "Amount"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    rows_read(sheet, report, styles, ledger, row)?;
    row += 1;
    for (text, status, tally) in status_lines(lang, a) {
        let criterion = [(column::STATUS, exactly(status_label(status, lang)))];
        sheet.write_string(row, 0, text)?;
        formula::write_number(
            sheet,
            row,
            1,
            &ledger.count_if(&criterion),
            tally.rows as f64,
            &styles.text,
        )?;
        formula::write_money(
            sheet,
            row,
            2,
            &ledger.sum_if(&criterion),
            tally.amount,
            &styles.money,
        )?;
        row += 1;
    }
    rows_not_listed(sheet, report, row)?;
    Ok(row + 2)
}

/// The project's rows read: all the rows on Transactions, counted and added up.
fn rows_read(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    ledger: &Ledger,
    row: u32,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let a = &report.rec.project_account;
    sheet.write_string(row, 0, lang.pick("Luettu", "Read"))?;
    formula::write_number(
        sheet,
        row,
        1,
        &ledger.count_all(),
        a.read.rows as f64,
        &styles.text,
    )?;
    formula::write_money(
        sheet,
        row,
        2,
        &ledger.sum_all(),
        a.read.amount,
        &styles.money,
    )?;
    sheet.insert_note(row, 2, &note(lang.pick(
        "Kaikki hankkeen rivit Tapahtumat-välilehdellä. Alla olevat rivit jakavat ne tilan mukaan: niiden summa on tämä.",
        "Every project row on Transactions. The lines below split them by status and add up to this.",
    )))?;
    Ok(())
}

/// The split of the project's rows by status: label, status and tally.
fn status_lines(lang: Lang, a: &RowAccount) -> [(&'static str, Status, Tally); 9] {
    [
        (
            lang.pick("Tukikelpoisina toteumassa", "Counted as eligible"),
            Status::Eligible(0),
            a.eligible,
        ),
        (
            lang.pick(
                "Flat rate kattaa (ei tukikelpoinen)",
                "Covered by the flat rate (not eligible)",
            ),
            Status::Covered(0),
            a.covered,
        ),
        (
            lang.pick(
                "Päätös ei hyväksy (ei tukikelpoinen)",
                "Excluded by the decision (not eligible)",
            ),
            Status::NotEligible(0),
            a.not_eligible,
        ),
        (
            lang.pick("Kohdistamaton tili", "Unmapped account"),
            Status::Unmapped,
            a.unmapped,
        ),
        (lang.pick("Tulot", "Revenues"), Status::Revenue, a.revenue),
        (
            lang.pick("Ennen hankeaikaa", "Before the project period"),
            Status::BeforeStart,
            a.before_start,
        ),
        (
            lang.pick("Hankeajan jälkeen", "After the project period"),
            Status::AfterEnd,
            a.after_end,
        ),
        (
            lang.pick("Tarkastelupäivän jälkeen", "After the as-of date"),
            Status::AfterAsOf,
            a.after_as_of,
        ),
        (
            lang.pick(
                "Kaksoiskappaleet (laskettu kerran)",
                "Duplicates (counted once)",
            ),
            Status::Duplicate(Default::default()),
            a.duplicate,
        ),
    ]
}

/// The files' rows that Transactions does not list, on `row` and the next:
/// other cost centres' and projects', and the totals and header rows.
fn rows_not_listed(sheet: &mut Worksheet, report: &Report, row: u32) -> Result<(), XlsxError> {
    let lang = report.lang;
    let files = &report.rec.files;
    let other: u64 = files.iter().map(|f| f.other_rows).sum();
    let totals: u64 = files.iter().map(|f| f.totals_rows + f.header_rows).sum();
    sheet.write_string(
        row,
        0,
        lang.pick(
            "Muiden kustannuspaikkojen ja hankkeiden rivit (ei listattu)",
            "Rows of other cost centres and projects (not listed)",
        ),
    )?;
    sheet.write_number(row, 1, other as f64)?;
    sheet.write_string(
        row + 1,
        0,
        lang.pick(
            "Yhteissumma- ja otsikkorivit (ohitettu)",
            "Totals and header rows (skipped)",
        ),
    )?;
    sheet.write_number(row + 1, 1, totals as f64)?;
    Ok(())
}

fn findings(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let lang = report.lang;
    let headers = [
        lang.pick("Havainnot", "Findings"),
        lang.pick("Kpl", "Count"),
    ];
    super::write_header(sheet, row, &headers, styles)?;
    row += 1;
    let findings_sheet = SheetNames::of(lang).findings;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let count = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        let label = severity.label(lang);
        sheet.write_string(row, 0, label)?;
        let f = format!("COUNTIF('{findings_sheet}'!$B:$B,{})", exactly(label));
        formula::write_number(sheet, row, 1, &f, count as f64, &styles.text)?;
        row += 1;
    }
    Ok(row)
}

/// Plan against realised per category, beside the table.
fn chart(
    sheet: &mut Worksheet,
    report: &Report,
    layout: &Layout,
    row: u32,
) -> Result<(), XlsxError> {
    let lang: Lang = report.lang;
    let name = SheetNames::of(lang).summary;
    let (first, last) = (layout.first_category_row, layout.total_row - 1);
    let mut chart = Chart::new(ChartType::Column);
    for (col, series) in [
        (1u16, lang.pick("Suunnitelma", "Plan")),
        (2, lang.pick("Toteuma", "Realised")),
    ] {
        chart
            .add_series()
            .set_name(series)
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, last, col));
    }
    chart.title().set_name(lang.pick(
        "Suunnitelma ja toteuma kustannuslajeittain",
        "Plan and realised by cost category",
    ));
    chart.y_axis().set_num_format("#,##0 €");
    chart.set_width(900).set_height(380);
    sheet.insert_chart(row, 0, &chart)?;
    Ok(())
}
