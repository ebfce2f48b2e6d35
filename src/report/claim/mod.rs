//! The claim workbook (maksatushakemus): the Claim sheet, whose every figure
//! is a live formula over the Ledger extract sheet; the extract itself (every
//! claimed line grouped by category and account, with subtotals), also as a
//! CSV; the rows not claimed, with the reason; and a hidden data sheet that
//! later claims and `reconcile` read back.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

mod extract;
mod funding;

use extract::*;
pub use extract::{exclusion_text, extract_csv};
use funding::*;

use super::formula::{self, exactly};
use super::table::{self, Page, Role, Table, Value};
use super::{Styles, excel_date};
use crate::claim::{Claim, EarlierBasis, Exclusion};
use crate::config::Project;
use crate::dates::finnish;
use crate::import::claim::{DATA_SHEET, data_lines};
use crate::model::{Lang, LedgerRow};
use crate::money::format_eur;

/// Sheet names of a claim workbook.
fn names(lang: Lang) -> (&'static str, &'static str, &'static str) {
    (
        lang.text("claim.sheet.claim"),
        lang.text("claim.sheet.extract"),
        lang.text("claim.sheet.not_claimed"),
    )
}

/// One line of the ledger extract: a posting, or a subtotal.
enum ExtractLine<'a> {
    Posting(&'a str, &'a LedgerRow),
    /// Label, amount, and whether it closes a category (else an account).
    Subtotal(String, Decimal, bool),
}

fn revenue_label(lang: Lang) -> &'static str {
    lang.text("claim.revenues")
}

/// Builds the claim workbook: the Claim, Ledger extract and Not claimed
/// sheets each built as a [`Table`] and written by [`table::render`]; the
/// hidden data sheet is a record for later runs to read back, its lines
/// written as they are (no table formats, no quote prefix).
pub fn render(project: &Project, claim: &Claim, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(document_title(project, claim, lang))
            .set_author("velho")
            .set_custom_property(crate::import::own::MARK, "claim")
            .set_creation_datetime(&excel_date(claim.period.end)?),
    );
    let styles = Styles::new(lang);
    let (claim_name, extract_name, excluded_name) = names(lang);
    let lines = extract_lines(project, claim, lang);
    table::render(
        workbook.add_worksheet().set_name(claim_name)?,
        &claim_table(project, claim, lang, extract_name),
        &styles,
    )?;
    // The per-person table of the period, with `[staff]` (under every model).
    if project.staff.is_some() {
        let shown = claim.persons.showing(project.show_persons_in_claims());
        let model = project.staff.as_ref().map(|s| s.settings.model);
        let standard = super::staff::is_standard(model);
        let persons = super::staff::table_of(lang, &project.persons, shown, &claim.staff, standard);
        table::render(
            workbook
                .add_worksheet()
                .set_name(super::staff::sheet_name(lang))?,
            &persons,
            &styles,
        )?;
    }
    table::render(
        workbook.add_worksheet().set_name(extract_name)?,
        &extract_table(project, claim, &lines, lang),
        &styles,
    )?;
    table::render(
        workbook.add_worksheet().set_name(excluded_name)?,
        &excluded_table(project, claim, lang),
        &styles,
    )?;
    let data = workbook.add_worksheet().set_name(DATA_SHEET)?;
    for (r, line) in data_lines(&claim.record(project)).iter().enumerate() {
        for (c, text) in line.iter().enumerate() {
            data.write_string(r as u32, c as u16, text)?;
        }
    }
    data.set_hidden(true);
    super::print_setup(&mut workbook, &document_title(project, claim, lang), lang);
    Ok(workbook)
}

/// The 1-based row of the funding rate; the maximum grant stands below it.
const RATE_ROW: u32 = 8;

/// The Claim sheet as a table: the project's facts, the costs claimed per
/// category against the plan, the funding lines, a final claim's
/// whole-project figures, and the earlier periods. `extract` is the name of
/// the ledger extract sheet the category formulas add up.
fn claim_table(project: &Project, claim: &Claim, lang: Lang, extract: &str) -> Table {
    let mut t = Table::default();
    t.width(0, 68.0);
    t.widths.push((1, 6, 17.0));
    t.text(0, 0, title(project, claim, lang), Role::Title);
    for (r, (label, value)) in facts(project, claim, lang).into_iter().enumerate() {
        t.text(r as u32 + 2, 0, label, Role::Bold);
        t.text(r as u32 + 2, 1, value, Role::Plain);
    }
    rate_and_max_grant(&mut t, project, lang, RATE_ROW);
    let header_row = RATE_ROW + 2;
    t.header(header_row, &category_headers(lang));
    let first = header_row + 1;
    categories(&mut t, project, claim, lang, extract, first);
    let total_row = first + project.categories.len() as u32;
    category_totals(&mut t, project, claim, lang, total_row);
    let (row, paid_row, pending_row) = funding_block(
        &mut t,
        project,
        claim,
        lang,
        extract,
        total_row + 2,
        RATE_ROW,
    );
    let row = final_block(
        &mut t,
        project,
        claim,
        lang,
        row + 1,
        RATE_ROW,
        (paid_row, pending_row),
    );
    earlier_claims(&mut t, claim, lang, row + 1);
    t.page = Page {
        breaks: Vec::new(),
        // As wide as the category names and the funding lines: landscape
        // keeps them at a readable size on one page wide.
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        ..Page::default()
    };
    t
}

/// The Claim sheet's title: the project, and the period claimed.
fn title(project: &Project, claim: &Claim, lang: Lang) -> String {
    lang.fill(
        "claim.title",
        &[("project", &project.name), ("period", &claim.period.name)],
    )
}

/// The workbook's title (its properties and the printed header).
fn document_title(project: &Project, claim: &Claim, lang: Lang) -> String {
    lang.fill(
        "claim.document_title",
        &[("project", &project.name), ("period", &claim.period.name)],
    )
}

/// The claim's facts, label and value: the project, the beneficiary, the
/// funder, the payment period, and whether the claim is interim or final.
fn facts(project: &Project, claim: &Claim, lang: Lang) -> [(&'static str, String); 5] {
    let kind = if claim.is_final {
        lang.text("claim.final_payment")
    } else {
        lang.text("claim.interim_payment")
    };
    [
        (
            lang.text("claim.project"),
            format!("{} ({})", project.name, project.code),
        ),
        (lang.text("claim.beneficiary"), project.organisation.clone()),
        (lang.text("claim.funder"), project.funding.funder.clone()),
        (
            lang.text("claim.payment_period"),
            format!(
                "{}–{}",
                finnish(claim.period.start),
                finnish(claim.period.end)
            ),
        ),
        (lang.text("claim.kind"), kind.to_string()),
    ]
}

/// The funding rate on the 1-based row `rate_row`, and the maximum grant
/// (when there is one) on the row below, where the formulas find them.
fn rate_and_max_grant(t: &mut Table, project: &Project, lang: Lang, rate_row: u32) {
    let rate = project.funding.rate_percent / Decimal::ONE_HUNDRED;
    t.text(rate_row - 1, 0, lang.text("claim.funding_rate"), Role::Bold);
    t.put(rate_row - 1, 1, Value::Share(rate), Role::Percent);
    t.text(rate_row, 0, lang.text("claim.maximum_grant"), Role::Bold);
    if let Some(max) = project.funding.max_grant {
        t.money(rate_row, 1, max, Role::Money);
    }
}

/// The column names of the table of costs per category.
fn category_headers(lang: Lang) -> [&'static str; 6] {
    [
        lang.text("claim.cost_category"),
        lang.text("claim.costs_claimed"),
        lang.text("claim.plan"),
        lang.text("claim.earlier_approved_applied"),
        lang.text("claim.claimed_all"),
        lang.text("claim.plan_remaining"),
    ]
}

/// The formula of category `c`'s costs claimed, the categories' rows
/// starting on the 0-based row `first`: a flat rate as its percentage of its
/// base categories' cells, rounded to the cent; a booked category by SUMIFS
/// over the ledger extract sheet `extract`.
fn category_formula(
    claim: &Claim,
    (project, lang): (&Project, Lang),
    c: usize,
    first: u32,
    extract: &str,
) -> String {
    let category = &project.categories[c];
    if crate::reconcile::model_category(project) == Some(c) {
        // The total of the per-person table of the period.
        let row = super::staff::total_row(&claim.staff, project.persons.len());
        return format!("{}!M{row}", super::staff::quoted(lang));
    }
    match &category.flat_rate {
        Some(flat) => {
            let base: Vec<String> = flat
                .base
                .iter()
                .map(|b| format!("B{}", first + *b as u32 + 1))
                .collect();
            formula::flat_rate(&base, flat.percent, true)
        }
        None => format!(
            "SUMIFS('{extract}'!$H:$H,'{extract}'!$A:$A,{})",
            exactly(category.name(lang))
        ),
    }
}

/// One row per category from the 0-based row `first`: the costs claimed,
/// the plan, what earlier periods claimed, the claimed in all and the plan
/// remaining.
fn categories(
    t: &mut Table,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    extract: &str,
    first: u32,
) {
    for (c, category) in project.categories.iter().enumerate() {
        let row = first + c as u32;
        let r = row + 1;
        let claimed = claim.by_category[c];
        let earlier = claim.funding.earlier_by_category[c];
        t.text(row, 0, category.name(lang), Role::Plain);
        let f = category_formula(claim, (project, lang), c, first, extract);
        t.formula(row, 1, f, claimed);
        t.money(row, 2, category.plan, Role::Money);
        t.money(row, 3, earlier, Role::Money);
        t.formula(row, 4, format!("B{r}+D{r}"), claimed + earlier);
        t.formula(
            row,
            5,
            format!("C{r}-E{r}"),
            category.plan - claimed - earlier,
        );
    }
}

/// The total row under the categories (0-based `total_row`): each column
/// added up.
fn category_totals(t: &mut Table, project: &Project, claim: &Claim, lang: Lang, total_row: u32) {
    let first = total_row - project.categories.len() as u32;
    let rows = (first + 1, total_row);
    t.text(total_row, 0, lang.text("claim.total"), Role::Bold);
    let earlier_total = claim.funding.earlier_costs();
    let totals = [
        (1u16, claim.total()),
        (2, project.plan_total()),
        (3, earlier_total),
        (4, claim.total() + earlier_total),
        (5, project.plan_total() - claim.total() - earlier_total),
    ];
    for (col, value) in totals {
        t.column_total(total_row, col, rows, value);
    }
}

/// A one-screen summary of a claim for stderr.
pub fn summary_text(project: &Project, claim: &Claim, lang: Lang, written: &str) -> String {
    let fi = lang == Lang::Fi;
    let mut text = lang.fill("cli.wrote", &[("file", &written)]);
    text.push('\n');
    for (c, category) in project.categories.iter().enumerate() {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            category.name(lang),
            format_eur(claim.by_category[c], fi)
        ));
    }
    for (label, value) in [
        (lang.text("cli.claim.costs_all"), claim.total()),
        (lang.text("cli.claim.revenues_deducted"), claim.revenues),
        (lang.text("cli.claim.net_costs"), claim.net),
        (lang.text("cli.claim.amount_applied"), claim.funding.applied),
    ] {
        text.push_str(&format!("  {label:<44} {:>16}\n", format_eur(value, fi)));
    }
    if let Some(f) = &claim.final_figures {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            lang.text("cli.claim.overrun"),
            format_eur(f.overrun, fi),
        ));
    }
    if let Some(after) = claim.funding.grant_remaining_after {
        text.push_str(&format!(
            "  {:<44} {:>16}\n",
            lang.text("cli.claim.grant_remaining"),
            format_eur(after, fi),
        ));
    }
    if !claim.excluded.is_empty() {
        let rows = claim.excluded.len();
        text.push_str(&format!(
            "  {}\n",
            lang.fill("cli.claim.not_claimed", &[("rows", &rows)])
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::tests::{project, reconciled};

    /// The claim of `period` (0-based) of the test project, no earlier
    /// claims read.
    pub(super) fn claim_of(period: usize) -> (Project, Claim) {
        let (project, rec) = reconciled(&project(), period, &[]);
        let claim =
            crate::claim::prepare(&project, &rec, &project.periods[period], Vec::new()).unwrap();
        (project, claim)
    }

    /// The result a formula cell is stored with.
    pub(super) fn result(t: &Table, row: u32, col: u16) -> f64 {
        match t.at(row, col) {
            Some(Value::Formula { result, .. }) => *result,
            other => panic!("no formula at {row},{col}: {other:?}"),
        }
    }

    fn formula(t: &Table, row: u32, col: u16) -> &str {
        match t.at(row, col) {
            Some(Value::Formula { formula, .. }) => formula,
            other => panic!("no formula at {row},{col}: {other:?}"),
        }
    }

    /// The first row whose first cell is `label`.
    fn row_of(t: &Table, label: &str) -> u32 {
        t.cells
            .iter()
            .find(|c| c.col == 0 && t.text_at(c.row, 0) == label)
            .map(|c| c.row)
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    #[test]
    fn the_claim_sheet_holds_each_category_and_their_total() {
        let (project, claim) = claim_of(0);
        let t = claim_table(&project, &claim, Lang::En, "Ledger extract");
        assert_eq!(t.text_at(0, 0), "Testi – payment claim, period 1");
        assert_eq!(t.text_at(6, 1), "Interim payment");
        assert_eq!(
            t.at(RATE_ROW - 1, 1),
            Some(&Value::Share(Decimal::new(8, 1)))
        );
        // The categories from row 11 (0-based): staff booked, a flat rate of
        // 15 % on it, the other costs covered by the flat rate.
        let first = RATE_ROW + 3;
        assert_eq!(t.text_at(first, 0), "Staff");
        assert_eq!(
            formula(&t, first, 1),
            "SUMIFS('Ledger extract'!$H:$H,'Ledger extract'!$A:$A,\"Staff\")"
        );
        assert_eq!(result(&t, first, 1), 130.0);
        assert_eq!(t.at(first, 2), Some(&Value::Money(Decimal::new(1000, 0))));
        assert_eq!(formula(&t, first + 1, 1), "ROUND((B12)*15/100,2)");
        assert_eq!(result(&t, first + 1, 1), 19.5);
        assert_eq!(result(&t, first + 2, 1), 0.0);
        // The total adds up the rows above it, and is stored with their sum.
        let total = first + 3;
        assert_eq!(t.text_at(total, 0), "Total");
        assert_eq!(formula(&t, total, 1), "SUM(B12:B14)");
        let sum: f64 = (first..total).map(|r| result(&t, r, 1)).sum();
        assert_eq!(result(&t, total, 1), sum);
        assert_eq!(result(&t, total, 5), 1150.0 - 149.5);
    }

    #[test]
    fn the_funding_lines_come_to_the_amount_applied_for() {
        let (project, claim) = claim_of(0);
        let t = claim_table(&project, &claim, Lang::En, "Ledger extract");
        let costs = row_of(&t, "Costs in all");
        assert_eq!(formula(&t, costs, 1), "B15");
        assert_eq!(result(&t, costs, 1), 149.5);
        assert_eq!(result(&t, costs + 1, 1), 20.0);
        let net = row_of(&t, "Net costs");
        assert_eq!(result(&t, net, 1), 129.5);
        // 80 % of the net costs, no maximum grant to cap it.
        let applied = row_of(&t, "Amount applied for");
        assert_eq!(formula(&t, applied, 1), format!("B{}", net + 2));
        assert_eq!(result(&t, applied, 1), 103.6);
        let bold = t.cells.iter().find(|c| c.row == applied && c.col == 1);
        assert_eq!(bold.map(|c| c.role), Some(Role::MoneyBold));
        // An interim claim has no final block.
        let final_block = |c: &table::Cell| t.text_at(c.row, 0).starts_with("Final claim");
        assert!(!t.cells.iter().any(final_block));
        assert_eq!(t.page.fit, Some((1, 0)), "one page wide, landscape");
        assert!(t.page.landscape);
    }

    #[test]
    fn a_final_claim_adds_the_whole_project_and_the_earlier_periods() {
        let (project, claim) = claim_of(1);
        let t = claim_table(&project, &claim, Lang::En, "Ledger extract");
        assert_eq!(t.text_at(6, 1), "Final payment");
        let block = row_of(&t, "Final claim: the whole project on the approved basis");
        assert!(t.heights.contains(&(block, 45.0)));
        let payment = row_of(
            &t,
            "Amount applied for: the final payment (share − paid − pending)",
        );
        let f = claim.final_figures.as_ref().unwrap();
        assert_eq!(
            result(&t, payment, 1),
            crate::money::to_cell_number(f.final_payment)
        );
        let earlier = row_of(&t, "Earlier periods");
        assert_eq!(t.text_at(earlier + 1, 0), "Period 1 (1.1.2022–30.6.2022)");
        assert_eq!(t.notes.len(), 1);
        assert_eq!(t.notes[0].0, earlier);
    }
}
