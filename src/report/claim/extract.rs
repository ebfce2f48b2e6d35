//! The ledger extract (kirjanpitoraportti) of a claim: every claimed line
//! grouped by category and account with subtotals, as a sheet and as a CSV
//! file; and the rows not claimed, with the reason.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

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
pub(super) fn extract_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    lines: &[ExtractLine],
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers: Vec<(&str, u16)> = EXTRACT_COLUMNS
        .iter()
        .zip(EXTRACT_WIDTHS)
        .map(|((fi, en), w)| (lang.pick(fi, en), w))
        .collect();
    write_header_with_widths(sheet, 0, &headers, styles)?;
    if project.funding.vat_recoverable {
        sheet.insert_note(
            0,
            7,
            &rust_xlsxwriter::Note::new(lang.pick(
                "Summat ilman palautuskelpoista arvonlisäveroa: tuensaaja saa arvonlisäveron takaisin, joten se ei ole tukikelpoinen. Kirjanpidon summa on tämä summa + viennin ALV-sarakkeen vero.",
                "Amounts without the recoverable VAT: the beneficiary recovers the VAT, so it is not eligible. The booked amount is this amount + the VAT in the export's VAT column.",
            ))
            .set_author("velho")
            .add_author_prefix(false),
        )?;
    }
    // Subtotals add up column H, where only postings stand: an account's
    // from its first posting, a category's from the category's first.
    let (mut account_start, mut category_start) = (2, 2);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        match line {
            ExtractLine::Posting(category, r) => {
                sheet.write_string(row, 0, *category)?;
                sheet.write_string(row, 1, &r.account)?;
                sheet.write_string(row, 2, cell_text(&r.account_name))?;
                sheet.write_datetime_with_format(row, 3, excel_date(r.date)?, &styles.date)?;
                sheet.write_string(row, 4, cell_text(&r.voucher))?;
                sheet.write_string_with_format(
                    row,
                    5,
                    cell_text(&r.description),
                    styles.text_for(&r.description),
                )?;
                sheet.write_string_with_format(
                    row,
                    6,
                    cell_text(&r.supplier),
                    styles.text_for(&r.supplier),
                )?;
                sheet.write_number_with_format(row, 7, to_cell_number(r.amount), &styles.money)?;
                let file = &project.display_path(&project.ledger_files[r.source.file as usize]);
                sheet.write_string(row, 9, file)?;
                sheet.write_number(row, 10, r.source.row as f64)?;
            }
            ExtractLine::Subtotal(label, amount, is_category) => {
                sheet.write_string_with_format(row, 2, label, &styles.bold)?;
                let from = if *is_category {
                    category_start
                } else {
                    account_start
                };
                formula::write_money(
                    sheet,
                    row,
                    8,
                    &format!("SUM(H{from}:H{row})"),
                    *amount,
                    &styles.money_bold,
                )?;
                account_start = row + 2;
                if *is_category {
                    category_start = row + 2;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, lines.len().max(1) as u32, 10)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
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
        Exclusion::Unmapped => lang.pick("Tili ei kuulu mihinkään kustannuslajiin.", "The account feeds no cost category.").into(),
        Exclusion::OutsideProject => lang.pick("Päivätty hankeajan ulkopuolelle.", "Dated outside the project period.").into(),
    }
}

pub(super) fn excluded_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    claim: &Claim,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
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
    write_header_with_widths(sheet, 0, &headers, styles)?;
    for (i, e) in claim.excluded.iter().enumerate() {
        let row = i as u32 + 1;
        let r = &e.row;
        sheet.write_datetime_with_format(row, 0, excel_date(r.date)?, &styles.date)?;
        sheet.write_string(row, 1, cell_text(&r.voucher))?;
        sheet.write_string(row, 2, &r.account)?;
        sheet.write_string_with_format(
            row,
            3,
            cell_text(&r.description),
            styles.text_for(&r.description),
        )?;
        sheet.write_number_with_format(row, 4, to_cell_number(r.amount), &styles.money)?;
        sheet.write_string_with_format(
            row,
            5,
            exclusion_text(project, &e.reason, lang),
            &styles.wrap,
        )?;
        sheet.write_string(
            row,
            6,
            project.display_path(&project.ledger_files[r.source.file as usize]),
        )?;
        sheet.write_number(row, 7, r.source.row as f64)?;
    }
    if claim.excluded.is_empty() {
        // An empty sheet says so, and prints as one page.
        sheet.write_string(
            1,
            0,
            lang.pick(
                "Kaikki kauden rivit haetaan: yhtään riviä ei jätetty pois.",
                "Every row of the period is claimed: no row was left out.",
            ),
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, claim.excluded.len().max(1) as u32, 7)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
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
                field(&project.display_path(&project.ledger_files[r.source.file as usize])),
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
