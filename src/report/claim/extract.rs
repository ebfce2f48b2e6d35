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
            let subtotal = rows[start..end].iter().map(|r| r.amount).sum();
            out.push(ExtractLine::Subtotal(
                format!(
                    "{} {account} {}",
                    lang.pick("Tili", "Account"),
                    lang.pick("yhteensä", "total")
                ),
                subtotal,
                false,
            ));
            start = end;
        }
        let total = rows.iter().map(|r| r.amount).sum();
        out.push(ExtractLine::Subtotal(
            format!("{name} {}", lang.pick("yhteensä", "total")),
            total,
            true,
        ));
    }
    out
}

/// Column widths of the extract sheet, in the order of
/// [`EXTRACT_COLUMNS`](crate::import::own::EXTRACT_COLUMNS).
pub(super) const EXTRACT_WIDTHS: [u16; 11] = [26, 8, 22, 11, 13, 40, 22, 14, 14, 28, 7];

/// The ledger extract sheet as a table: a row per posting, and a subtotal
/// (a SUM of column H) under each account and each category. Held whole: a
/// claim lists one period's claimed lines, which the extract's lines hold in
/// memory already.
pub(super) fn extract_table(project: &Project, lines: &[ExtractLine], lang: Lang) -> Table {
    let headers: Vec<(&str, u16)> = EXTRACT_COLUMNS
        .iter()
        .zip(EXTRACT_WIDTHS)
        .map(|((fi, en), w)| (lang.pick(fi, en), w))
        .collect();
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    if project.funding.vat_recoverable {
        t.note(
            0,
            7,
            lang.pick(
                "Summat ilman palautuskelpoista arvonlisäveroa: tuensaaja saa arvonlisäveron takaisin, joten se ei ole tukikelpoinen. Kirjanpidon summa on tämä summa + viennin ALV-sarakkeen vero.",
                "Amounts without the recoverable VAT: the beneficiary recovers the VAT, so it is not eligible. The booked amount is this amount + the VAT in the export's VAT column.",
            ),
            None,
        );
    }
    // Subtotals add up column H, where only postings stand: an account's
    // from its first posting, a category's from the category's first.
    let (mut account_start, mut category_start) = (2, 2);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        match line {
            ExtractLine::Posting(category, r) => posting_row(&mut t, row, project, category, r),
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
                }
            }
        }
    }
    list_layout(&mut t, lines.len(), EXTRACT_WIDTHS.len());
    t
}

/// A posting's row of the extract: its category, account, date, voucher,
/// texts, amount (column H) and where it was read.
fn posting_row(t: &mut Table, row: u32, project: &Project, category: &str, r: &LedgerRow) {
    t.text(row, 0, category, Role::Plain);
    t.text(row, 1, &*r.account, Role::Plain);
    t.text(row, 2, &*r.account_name, Role::Plain);
    t.put(row, 3, Value::Date(r.date), Role::Date);
    t.text(row, 4, &*r.voucher, Role::Plain);
    t.text(row, 5, &*r.description, Role::Plain);
    t.text(row, 6, &*r.supplier, Role::Plain);
    t.money(row, 7, r.amount, Role::Money);
    t.text(row, 9, source_file(project, r), Role::Plain);
    t.number(row, 10, r.source.row as f64, Role::Plain);
}

/// The ledger file a row was read from, as the user names it.
fn source_file(project: &Project, r: &LedgerRow) -> String {
    project.display_path(&project.ledger_files[r.source.file as usize])
}

/// A list sheet's layout: the header row frozen and repeated on every
/// printed page, an autofilter over `rows` rows (at least one) and
/// `columns` columns, landscape and one page wide.
fn list_layout(t: &mut Table, rows: usize, columns: usize) {
    t.freeze = Some((1, 0));
    t.autofilter = Some((0, 0, rows.max(1) as u32, columns as u16 - 1));
    t.page = Page {
        breaks: Vec::new(),
        landscape: true,
        fit: Some((1, 0)),
        scale: None,
        repeat_rows: Some((0, 0)),
        repeat_columns: None,
    };
}

/// Why a row is not claimed, in a language.
pub fn exclusion_text(project: &Project, reason: &Exclusion, lang: Lang) -> String {
    match reason {
        Exclusion::AlreadyClaimed(file) => format!("{} {file}", lang.pick("Haettu jo aiemmin:", "Already claimed:")),
        Exclusion::LatePosting(period) if period.is_empty() => lang.pick(
            "Päivätty aiemmalle kaudelle, jolta ei ole hakemusta; hae tai korjaa erikseen.",
            "Dated in an earlier period that has no claim; claim or correct it separately.",
        ).into(),
        Exclusion::LatePosting(period) => format!(
            "{} {period} {}",
            lang.pick("Kirjattu kauden", "Posted into period"),
            lang.pick("hakemuksen jälkeen (myöhästynyt kirjaus tai oikaisu); velho hakee sen loppumaksatuksessa, ellei kirjausta korjata.", "after its claim (a late posting or reversal); velho claims it in the final claim unless the posting is corrected.")
        ),
        Exclusion::DeductedEarlier(number) => format!(
            "{} {number}; {}",
            lang.pick("Rahoittaja vähensi päätöksellä", "The funder deducted it in decision"),
            lang.pick("lisää tosite claims.reclaim_vouchers-listaan, jos se haetaan uudelleen tarkoituksella.", "add the voucher to claims.reclaim_vouchers to claim it again on purpose.")
        ),
        Exclusion::CategoryNotAllowed => lang.pick("Kustannuslajilla ei ole hyväksyttyä budjettia.", "The category has no approved budget.").into(),
        Exclusion::NotEligible => lang.pick("Rahoituspäätös ei hyväksy kustannuslajin kuluja.", "The funding decision excludes the category's costs.").into(),
        Exclusion::CoveredByFlatRate(c) => format!("{} {}", lang.pick("Sisältyy prosenttiosuuteen:", "Covered by the flat rate:"), project.categories[*c].name(lang)),
        Exclusion::CoveredByStaffModel => lang.pick("Henkilöstökulut haetaan henkilöstökulumallin mukaan (henkilöittäinen taulukko).", "Staff costs are claimed by the staff-cost model (the per-person table).").into(),
        Exclusion::Unmapped => lang.pick("Tili ei kuulu mihinkään kustannuslajiin.", "The account feeds no cost category.").into(),
        Exclusion::OutsideProject => lang.pick("Päivätty hankeajan ulkopuolelle.", "Dated outside the project period.").into(),
    }
}

/// The Not claimed sheet as a table: each row of the period left out of
/// the claim, with the reason; an empty list says so.
pub(super) fn excluded_table(project: &Project, claim: &Claim, lang: Lang) -> Table {
    let headers = [
        (lang.pick("Päivämäärä", "Date"), 11),
        (lang.pick("Tosite", "Voucher"), 13),
        (lang.pick("Tili", "Account"), 8),
        (lang.pick("Selite", "Description"), 40),
        (lang.pick("Summa", "Amount"), 14),
        (lang.pick("Syy", "Reason"), 70),
        (lang.pick("Lähdetiedosto", "Source file"), 28),
        (lang.pick("Rivi", "Row"), 7),
    ];
    let mut t = Table::default();
    t.header_with_widths(0, &headers);
    for (i, e) in claim.excluded.iter().enumerate() {
        let row = i as u32 + 1;
        let r = &e.row;
        t.put(row, 0, Value::Date(r.date), Role::Date);
        t.text(row, 1, &*r.voucher, Role::Plain);
        t.text(row, 2, &*r.account, Role::Plain);
        t.text(row, 3, &*r.description, Role::Plain);
        t.money(row, 4, r.amount, Role::Money);
        t.text(row, 5, exclusion_text(project, &e.reason, lang), Role::Wrap);
        t.text(row, 6, source_file(project, r), Role::Plain);
        t.number(row, 7, r.source.row as f64, Role::Plain);
    }
    if claim.excluded.is_empty() {
        // An empty sheet says so, and prints as one page.
        let all = lang.pick(
            "Kaikki kauden rivit haetaan: yhtään riviä ei jätetty pois.",
            "Every row of the period is claimed: no row was left out.",
        );
        t.text(1, 0, all, Role::Plain);
    }
    list_layout(&mut t, claim.excluded.len(), headers.len());
    t
}

/// The ledger extract as CSV for the funder: `;`, decimal comma, UTF-8 with
/// a BOM (Excel reads it as UTF-8), text that a spreadsheet would take for a
/// formula prefixed with `'` (OWASP); amounts are never altered.
pub fn extract_csv(project: &Project, claim: &Claim, lang: Lang) -> String {
    let field = |text: &str| -> String {
        let guarded = match text.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
            _ => text.to_string(),
        };
        if guarded.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", guarded.replace('"', "\"\""))
        } else {
            guarded
        }
    };
    let amount = |a: Decimal| format!("{:.2}", a).replace('.', ",");
    let mut out = String::from("\u{feff}");
    let header: Vec<&str> = EXTRACT_COLUMNS
        .iter()
        .map(|(fi, en)| lang.pick(fi, en))
        .collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for line in extract_lines(project, claim, lang) {
        let cells: Vec<String> = match line {
            ExtractLine::Posting(category, r) => vec![
                field(category),
                field(&r.account),
                field(&r.account_name),
                finnish(r.date),
                field(&r.voucher),
                field(&r.description),
                field(&r.supplier),
                amount(r.amount),
                String::new(),
                field(&source_file(project, r)),
                r.source.row.to_string(),
            ],
            ExtractLine::Subtotal(label, total, _) => {
                vec![
                    String::new(),
                    String::new(),
                    field(&label),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    amount(total),
                    String::new(),
                    String::new(),
                ]
            }
        };
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
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
        let t = extract_table(&project, &lines, Lang::En);
        assert_eq!(t.text_at(0, 7), "Amount");
        assert_eq!(t.widths[0], (0, 0, 26.0));
        // Staff: two postings of account 4000, then the account's and the
        // category's subtotals; then the revenue.
        assert_eq!(t.text_at(1, 0), "Staff");
        assert_eq!(t.text_at(1, 5), "palkka maaliskuu");
        assert_eq!(t.at(1, 7), Some(&Value::Money(Decimal::new(100, 0))));
        assert_eq!(t.text_at(3, 2), "Account 4000 total");
        assert_eq!(t.text_at(4, 2), "Staff total");
        assert_eq!(t.text_at(5, 0), "Revenues");
        let mut subtotals = 0;
        for cell in t.cells.iter().filter(|c| c.row > 0 && c.col == 8) {
            let Value::Formula { formula, .. } = &cell.value else {
                panic!("{cell:?}");
            };
            let range = formula.trim_start_matches("SUM(H").trim_end_matches(')');
            let (first, last) = range.split_once(":H").unwrap();
            let (first, last) = (first.parse().unwrap(), last.parse().unwrap());
            assert_eq!(last, cell.row, "{formula} ends on the row above");
            assert_eq!(result(&t, cell.row, 8), postings_sum(&t, first, last));
            subtotals += 1;
        }
        assert_eq!(subtotals, 4);
        assert_eq!(result(&t, 4, 8), 130.0);
        assert_eq!(t.autofilter, Some((0, 0, lines.len() as u32, 10)));
        assert!(t.notes.is_empty(), "no VAT note when VAT is not recovered");
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
