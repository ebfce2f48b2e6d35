//! The ledger extract (kirjanpitoraportti) of a claim: every claimed line
//! grouped by category and account with subtotals, as a sheet and as a CSV
//! file; and the rows not claimed, with the reason.

use rust_decimal::Decimal;

use super::*;
use crate::import::own::EXTRACT_COLUMNS;

/// The extract in order: per category (and revenues), per account, the
/// postings, then the account's subtotal; the category's subtotal last.
pub(super) fn extract_lines<'a>(
    project: &'a Project,
    claim: &'a Claim,
    lang: Lang,
) -> Vec<ExtractLine<'a>> {
    let mut groups: Vec<(&str, Vec<&LedgerRow>)> = project
        .categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            (
                cat.name(lang),
                claim
                    .lines
                    .iter()
                    .filter(|(i, _)| *i == c)
                    .map(|(_, r)| r)
                    .collect(),
            )
        })
        .collect();
    groups.push((revenue_label(lang), claim.revenue_lines.iter().collect()));
    let mut out = Vec::new();
    for (name, rows) in groups.into_iter().filter(|(_, rows)| !rows.is_empty()) {
        let mut start = 0;
        while start < rows.len() {
            let account = &rows[start].account;
            let end = start
                + rows[start..]
                    .iter()
                    .take_while(|r| &r.account == account)
                    .count();
            out.extend(
                rows[start..end]
                    .iter()
                    .map(|r| ExtractLine::Posting(name, r)),
            );
            let subtotal = rows[start..end].iter().map(|r| r.amount()).sum();
            out.push(ExtractLine::Subtotal(
                lang.fill("extract.account_total", &[("account", &account)]),
                subtotal,
                false,
            ));
            start = end;
        }
        let total = rows.iter().map(|r| r.amount()).sum();
        out.push(ExtractLine::Subtotal(
            lang.fill("extract.category_total", &[("category", &name)]),
            total,
            true,
        ));
    }
    out
}

/// The extract's columns, in the order of
/// [`EXTRACT_COLUMNS`](crate::import::own::EXTRACT_COLUMNS): the import
/// layer knows the CSV as velho's own by these names (a test keeps the two
/// the same).
const COLUMNS: [&str; 13] = [
    "extract.column.category",
    "extract.column.account",
    "extract.column.account_name",
    "extract.column.date",
    "extract.column.voucher",
    "extract.column.description",
    "extract.column.supplier",
    "extract.column.amount",
    "extract.column.subtotal",
    "extract.column.source_file",
    "extract.column.row",
    "extract.column.cost_centre",
    "extract.column.project",
];

/// Column widths of the extract sheet, in the order of
/// [`EXTRACT_COLUMNS`](crate::import::own::EXTRACT_COLUMNS).
// (Printed one landscape page wide at 7 pt or more: about 200 characters in
// all, the cost centre's column as wide as its header word.)
pub(super) const EXTRACT_WIDTHS: [u16; 13] = [22, 8, 18, 11, 13, 28, 14, 14, 14, 22, 7, 12, 10];

/// The extract's header row: under the heading block that names the
/// organisation, the project, the period, the date the ledger is read to and
/// the version of velho.
pub(super) const EXTRACT_HEADER_ROW: u32 = 5;

/// The ledger extract sheet as a table: the heading block, then a row per
/// posting, a subtotal (a SUM of column H) under each account and each
/// category, and the booked costs in all. Held whole: a claim lists one
/// period's claimed lines, which the extract's lines hold in memory already.
pub(super) fn extract_table(
    project: &Project,
    claim: &Claim,
    lines: &[ExtractLine],
    lang: Lang,
) -> Table {
    let headers: Vec<(&str, u16)> = COLUMNS
        .iter()
        .zip(EXTRACT_WIDTHS)
        .map(|(key, w)| (lang.text(key), w))
        .collect();
    let mut t = Table::default();
    heading(&mut t, project, claim, lang);
    let head = EXTRACT_HEADER_ROW;
    t.header_with_widths(head, &headers);
    if project.funding.vat_recoverable {
        t.note(
            head,
            7,
            lang.text("extract.amounts_without_recoverable_vat"),
            None,
        );
    }
    // Subtotals add up column H, where only postings stand: an account's
    // from its first posting, a category's from the category's first
    // (1-based rows).
    let first = head + 2;
    let (mut account_start, mut category_start) = (first, first);
    let mut cost_subtotals = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let row = head + 1 + i as u32;
        match line {
            ExtractLine::Posting(category, r) => {
                posting_row(&mut t, row, project, claim, category, r)
            }
            ExtractLine::Subtotal(label, amount, is_category) => {
                t.text(row, 2, label.as_str(), Role::Bold);
                let from = if *is_category {
                    category_start
                } else {
                    account_start
                };
                let sum = format!("SUM(H{from}:H{row})");
                t.formula_with(row, 8, sum, *amount, Role::MoneyBold);
                account_start = row + 2;
                if *is_category {
                    category_start = row + 2;
                    if !label.starts_with(revenue_label(lang)) {
                        cost_subtotals.push(format!("I{}", row + 1));
                    }
                }
            }
        }
    }
    booked_total(
        &mut t,
        claim,
        lang,
        head + 2 + lines.len() as u32,
        &cost_subtotals,
    );
    list_layout(&mut t, head, lines.len(), EXTRACT_WIDTHS.len());
    t
}

/// The heading block above the extract: who, which project and period, to
/// which date the ledger is read (the period's end: no wall-clock time, so
/// the same inputs give the same extract) and by which velho.
fn heading(t: &mut Table, project: &Project, claim: &Claim, lang: Lang) {
    let title = format!(
        "{} – {} ({})",
        lang.text("extract.ledger_extract"),
        project.name,
        project.code
    );
    t.text(0, 0, title, Role::Title);
    let p = &claim.period;
    let lines = [
        (
            lang.text("extract.beneficiary"),
            project.organisation.clone(),
        ),
        (
            lang.text("extract.payment_period"),
            format!("{}: {}–{}", p.name, finnish(p.start), finnish(p.end)),
        ),
        (
            lang.text("extract.postings"),
            format!("{} {}", lang.text("extract.periods_end"), finnish(p.end)),
        ),
        ("velho", env!("CARGO_PKG_VERSION").to_string()),
    ];
    for (i, (label, value)) in lines.into_iter().enumerate() {
        let row = i as u32 + 1;
        t.text(row, 0, label, Role::Bold);
        t.text(row, 1, value, Role::Plain);
    }
}

/// The claim's booked costs in all: the categories' subtotals added up (the
/// revenues and a flat rate, which has no postings, stand on the Claim
/// sheet).
fn booked_total(t: &mut Table, claim: &Claim, lang: Lang, row: u32, subtotals: &[String]) {
    let label = lang.text("extract.booked_costs_all");
    t.text(row, 2, label, Role::Bold);
    let total: Decimal = claim.lines.iter().map(|(_, r)| r.amount()).sum();
    let formula = if subtotals.is_empty() {
        "0".to_string()
    } else {
        subtotals.join("+")
    };
    t.formula_with(row, 8, formula, total, Role::MoneyBold);
}

/// A posting's row of the extract: its category, account, date, voucher,
/// texts (persons' names in them as the claim's privacy setting shows
/// them), amount (column H) and where it was read.
fn posting_row(
    t: &mut Table,
    row: u32,
    project: &Project,
    claim: &Claim,
    category: &str,
    r: &LedgerRow,
) {
    let shown = claim.persons.showing(project.show_persons_in_claims());
    let text = r.description.text();
    let (description, supplier) = (shown.mask(&text), shown.mask(&r.supplier));
    t.text(row, 0, category, Role::Wrap);
    t.text(row, 1, &*r.account, Role::Plain);
    t.text(row, 2, &*r.account_name, Role::Wrap);
    t.put(row, 3, Value::Date(r.date), Role::Date);
    t.text(row, 4, &*r.voucher, Role::Plain);
    // The texts wrap in their columns, the row as tall as the longest, so
    // nothing is cut or printed over the next column.
    t.text(row, 5, &*description, Role::Wrap);
    t.text(row, 6, &*supplier, Role::Wrap);
    let w = |col: usize| EXTRACT_WIDTHS[col];
    let texts = [
        (category, w(0)),
        (&*r.account_name, w(2)),
        (&*description, w(5)),
        (&*supplier, w(6)),
    ];
    if let Some(height) = super::super::wrapped_row_height(&texts) {
        t.heights.push((row, height));
    }
    t.money(row, 7, r.amount(), Role::Money);
    t.text(row, 9, source_file(project, r), Role::Plain);
    t.number(row, 10, r.source.row as f64, Role::Plain);
    t.text(row, 11, &*r.cost_centre, Role::Plain);
    t.text(row, 12, &*r.project, Role::Plain);
}

/// The ledger file a row was read from, as the user names it.
fn source_file(project: &Project, r: &LedgerRow) -> String {
    project.display_path(&project.ledger_files[r.source.file as usize])
}

/// A list sheet's layout: the header row (`head`) frozen and repeated on
/// every printed page, an autofilter over the `rows` rows under it (at
/// least one) and `columns` columns, landscape and one page wide.
fn list_layout(t: &mut Table, head: u32, rows: usize, columns: usize) {
    t.freeze = Some((head + 1, 0));
    let last = head + rows.max(1) as u32;
    t.autofilter = Some((head, 0, last, columns as u16 - 1));
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        repeat_rows: Some((head, head)),
        repeat_columns: None,
    };
}

/// Why a row is not claimed, in a language.
pub fn exclusion_text(project: &Project, reason: &Exclusion, lang: Lang) -> String {
    match reason {
        Exclusion::AlreadyClaimed(file) => {
            lang.fill("not_claimed.reason.already_claimed", &[("file", file)])
        }
        Exclusion::LatePosting(period) if period.is_empty() => {
            lang.text("not_claimed.reason.late_posting_no_claim").into()
        }
        Exclusion::LatePosting(period) => {
            lang.fill("not_claimed.reason.late_posting", &[("period", period)])
        }
        Exclusion::DeductedEarlier(number) => lang.fill(
            "not_claimed.reason.deducted_earlier",
            &[("decision", number)],
        ),
        Exclusion::CategoryNotAllowed => {
            lang.text("not_claimed.reason.category_not_allowed").into()
        }
        Exclusion::NotEligible => lang.text("not_claimed.reason.not_eligible").into(),
        Exclusion::CoveredByFlatRate(c) => lang.fill(
            "not_claimed.reason.covered_flat_rate",
            &[("flat_rate", &project.categories[*c].name(lang))],
        ),
        Exclusion::CoveredByStaffModel => lang.text("not_claimed.reason.staff_model").into(),
        Exclusion::Unmapped => lang.text("not_claimed.reason.unmapped").into(),
        Exclusion::OutsideProject => lang.text("not_claimed.reason.outside_period").into(),
    }
}

/// The Not claimed sheet as a table: each row of the period left out of
/// the claim, with the reason; an empty list says so.
pub(super) fn excluded_table(project: &Project, claim: &Claim, lang: Lang) -> Table {
    let headers = [
        (lang.text("not_claimed.column.date"), 11),
        (lang.text("not_claimed.column.voucher"), 13),
        (lang.text("not_claimed.column.account"), 8),
        (lang.text("not_claimed.column.description"), 40),
        (lang.text("not_claimed.column.amount"), 14),
        (lang.text("not_claimed.column.reason"), 70),
        (lang.text("not_claimed.column.source_file"), 28),
        (lang.text("not_claimed.column.row"), 7),
    ];
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    let shown = claim.persons.showing(project.show_persons_in_claims());
    for (i, e) in claim.excluded.iter().enumerate() {
        let row = i as u32 + 1;
        let r = &e.row;
        t.put(row, 0, Value::Date(r.date), Role::Date);
        t.text(row, 1, &*r.voucher, Role::Plain);
        t.text(row, 2, &*r.account, Role::Plain);
        t.text(row, 3, shown.mask(&r.description.text()), Role::Plain);
        t.money(row, 4, r.amount(), Role::Money);
        t.text(row, 5, exclusion_text(project, &e.reason, lang), Role::Wrap);
        t.text(row, 6, source_file(project, r), Role::Plain);
        t.number(row, 7, r.source.row as f64, Role::Plain);
    }
    if claim.excluded.is_empty() {
        // An empty sheet says so, and prints as one page.
        let all = lang.text("not_claimed.none");
        t.text(1, 0, all, Role::Plain);
    }
    list_layout(&mut t, 0, claim.excluded.len(), headers.len());
    t
}

/// The ledger extract as CSV for the funder: `;`, decimal comma, UTF-8 with
/// a BOM (Excel reads it as UTF-8), text that a spreadsheet would take for a
/// formula prefixed with `'` (OWASP); amounts are never altered. Its header
/// is velho's own ([`EXTRACT_COLUMNS`]), so velho never reads it as a ledger.
pub fn extract_csv(project: &Project, claim: &Claim, lang: Lang) -> Result<String, csv::Error> {
    let guard = |text: &str| -> String {
        if crate::report::starts_like_formula(text) {
            format!("'{text}")
        } else {
            text.to_string()
        }
    };
    let amount = |a: Decimal| format!("{:.2}", a).replace('.', ",");
    let shown = claim.persons.showing(project.show_persons_in_claims());
    let mut csv = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<&str> = COLUMNS.iter().map(|key| lang.text(key)).collect();
    csv.write_record(&header)?;
    let subtotal = |label: &str, total: Decimal| {
        let mut cells = vec![String::new(); EXTRACT_COLUMNS.len()];
        cells[2] = guard(label);
        cells[8] = amount(total);
        cells
    };
    for line in extract_lines(project, claim, lang) {
        csv.write_record(&match line {
            ExtractLine::Posting(category, r) => vec![
                guard(category),
                guard(&r.account),
                guard(&r.account_name),
                finnish(r.date),
                guard(&r.voucher),
                guard(&shown.mask(&r.description.text())),
                guard(&shown.mask(&r.supplier)),
                amount(r.amount()),
                String::new(),
                guard(&source_file(project, r)),
                r.source.row.to_string(),
                guard(&r.cost_centre),
                guard(&r.project),
            ],
            ExtractLine::Subtotal(label, total, _) => subtotal(&label, total),
        })?;
    }
    let booked: Decimal = claim.lines.iter().map(|(_, r)| r.amount()).sum();
    let label = lang.text("extract.booked_costs_all");
    csv.write_record(subtotal(label, booked))?;
    let bytes = csv.into_inner().map_err(|e| e.into_error())?;
    // Every field is valid UTF-8, so the whole is.
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{claim_of, result};
    use super::*;

    /// The amounts of column H on the 1-based rows `first..=last`.
    fn postings_sum(t: &Table, first: u32, last: u32) -> f64 {
        (first - 1..last)
            .filter_map(|r| match t.at(r, 7) {
                Some(Value::Money(a)) => Some(crate::money::to_cell_number(*a)),
                _ => None,
            })
            .sum()
    }

    #[test]
    fn each_subtotal_adds_up_the_postings_above_it() {
        let (project, claim) = claim_of(0);
        let lines = extract_lines(&project, &claim, Lang::En);
        let t = extract_table(&project, &claim, &lines, Lang::En);
        // The heading: project, beneficiary, period, the date read to, velho.
        assert_eq!(t.text_at(0, 0), "Ledger extract – Testi (T)");
        assert_eq!(t.text_at(1, 1), "Kunta");
        assert_eq!(t.text_at(2, 1), "1: 1.1.2022–30.6.2022");
        assert_eq!(t.text_at(3, 1), "to the period's end, 30.6.2022");
        let h = EXTRACT_HEADER_ROW;
        assert_eq!(t.text_at(h, 7), "Amount");
        assert_eq!(t.text_at(h, 11), "Cost centre");
        assert_eq!(t.widths[0], (0, 0, 22.0));
        // Staff: two postings of account 4000, then the account's and the
        // category's subtotals; then the revenue.
        assert_eq!(t.text_at(h + 1, 0), "Staff");
        assert_eq!(t.text_at(h + 1, 5), "palkka maaliskuu");
        assert_eq!(t.text_at(h + 1, 11), "7311");
        assert_eq!(t.at(h + 1, 7), Some(&Value::Money(Decimal::new(100, 0))));
        assert_eq!(t.text_at(h + 3, 2), "Account 4000 total");
        assert_eq!(t.text_at(h + 4, 2), "Staff total");
        assert_eq!(t.text_at(h + 5, 0), "Revenues");
        let mut subtotals = 0;
        for cell in t.cells.iter().filter(|c| c.row > h && c.col == 8) {
            let Value::Formula { formula, .. } = &cell.value else {
                panic!("{cell:?}");
            };
            let Some(range) = formula.strip_prefix("SUM(H") else {
                continue;
            };
            let range = range.trim_end_matches(')');
            let (first, last) = range.split_once(":H").unwrap();
            let (first, last) = (first.parse().unwrap(), last.parse().unwrap());
            assert_eq!(last, cell.row, "{formula} ends on the row above");
            assert_eq!(result(&t, cell.row, 8), postings_sum(&t, first, last));
            subtotals += 1;
        }
        assert_eq!(subtotals, 4);
        assert_eq!(result(&t, h + 4, 8), 130.0);
        // The booked costs in all: the staff subtotal (the revenue is not a
        // cost) = 100,00 + 30,00, the claim's booked lines.
        let total = h + 2 + lines.len() as u32;
        assert_eq!(t.text_at(total, 2), "Booked costs in all");
        assert_eq!(result(&t, total, 8), 130.0);
        let booked: Decimal = claim.lines.iter().map(|(_, r)| r.amount()).sum();
        assert_eq!(booked, Decimal::new(130, 0));
        let last = h + lines.len() as u32;
        assert_eq!(t.autofilter, Some((h, 0, last, 12)));
        assert!(t.notes.is_empty(), "no VAT note when VAT is not recovered");
    }

    /// The import layer knows the extract by its header: the catalogue's
    /// column names are the ones it looks for.
    #[test]
    fn the_columns_are_the_ones_the_import_layer_recognises() {
        for (key, (fi, en)) in COLUMNS.iter().zip(EXTRACT_COLUMNS) {
            assert_eq!((Lang::Fi.text(key), Lang::En.text(key)), (fi, en));
        }
    }

    #[test]
    fn the_csv_is_the_extract_with_velhos_own_header_and_the_total() {
        let (project, claim) = claim_of(0);
        let csv = extract_csv(&project, &claim, Lang::Fi).unwrap();
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("\u{feff}Kustannuslaji;Tili;"));
        assert!(header.ends_with(";Rivi;Kustannuspaikka;Projekti"));
        let rows: Vec<&str> = lines.collect();
        assert!(rows[0].starts_with("Henkilöstö;4000;"), "{}", rows[0]);
        assert!(rows[0].contains(";100,00;;a.csv;3;7311;"), "{}", rows[0]);
        assert_eq!(
            rows.last().unwrap(),
            &";;Kirjatut kustannukset yhteensä;;;;;;130,00;;;;"
        );
    }

    #[test]
    fn the_rows_not_claimed_give_their_reason() {
        let (project, mut claim) = claim_of(0);
        let t = excluded_table(&project, &claim, Lang::En);
        let row = (1..=claim.excluded.len() as u32)
            .find(|r| t.text_at(*r, 3) == "ostopalvelu")
            .unwrap();
        assert_eq!(t.at(row, 4), Some(&Value::Money(Decimal::new(50, 0))));
        assert_eq!(t.text_at(row, 5), "Covered by the flat rate: Flat rate");
        assert_eq!(t.text_at(row, 6), "a.csv");
        assert_eq!(t.at(row, 7), Some(&Value::Number(4.0)));
        claim.excluded.clear();
        let empty = excluded_table(&project, &claim, Lang::Fi);
        assert_eq!(
            empty.text_at(1, 0),
            "Kaikki kauden rivit haetaan: yhtään riviä ei jätetty pois."
        );
        assert_eq!(empty.autofilter, Some((0, 0, 1, 7)));
    }
}
