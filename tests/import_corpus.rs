//! The import corpus (tests/corpus/files, written by tests/corpus/make_corpus.py
//! and `cargo run --example corpus-xlsx`): every file has an asserted outcome,
//! read by the real binary (`velho inspect --rows`), so that a file that
//! aborted or exhausted memory would fail its row instead of the test run.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;

use crate::harness::{Book, dec, stderr, text, velho};

/// What a file must import to.
enum Expect {
    /// Exit 0: this many rows, adding up to this total.
    Rows(usize, &'static str),
    /// Exit 2 and exactly this message (after `velho: `).
    Error(&'static str),
}
use Expect::{Error, Rows};

const LEDGER_TOTAL: &str = "17920.12";

/// One row per corpus file. The dialects hold the same six-row ledger.
/// What a workbook gets whose reading would pass the reader's memory bound.
macro_rules! beyond_bound {
    () => {
        "the file could not be read safely: reading it would need more than 1024 MiB of memory, which no ledger, decision or claim needs (a damaged file, or one made to exhaust memory); open it in Excel and save it again, or export it again (as CSV for a ledger)"
    };
}

const CORPUS: &[(&str, Expect)] = &[
    // The same ledger in many dialects and from several programs.
    (
        "dialect_utf8_semicolon_debit_credit.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    (
        "dialect_cp1252_titles_trailing_minus.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    ("dialect_utf16le_tab_iso.txt", Rows(6, LEDGER_TOTAL)),
    ("dialect_utf8bom_comma_dmy_slash.csv", Rows(6, LEDGER_TOTAL)),
    (
        "dialect_pipe_dk_marker_compact_dates.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    (
        "dialect_swedish_nbsp_parentheses_euro.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    ("dialect_mdy_slash_unicode_minus.csv", Rows(6, LEDGER_TOTAL)),
    (
        "dialect_dot_thousands_multiline_text.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    ("dialect_rust_xlsxwriter.xlsx", Rows(6, LEDGER_TOTAL)),
    ("dialect_openpyxl_titles_total.xlsx", Rows(6, LEDGER_TOTAL)),
    ("dialect_xlwt.xls", Rows(6, LEDGER_TOTAL)),
    ("dialect_libreoffice.xlsx", Rows(6, LEDGER_TOTAL)),
    ("dialect_libreoffice.ods", Rows(6, LEDGER_TOTAL)),
    ("dialect_libreoffice.xls", Rows(6, LEDGER_TOTAL)),
    ("date_1904_openpyxl.xlsx", Rows(6, LEDGER_TOTAL)),
    ("date_1904_x15_extension.xlsx", Rows(6, LEDGER_TOTAL)),
    // Issue 12: under SAP, Dynamics 365, Swedish and Danish headers.
    (
        "dialect_sap_fbl3n_trailing_minus.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    ("dialect_dynamics365_us_dates.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_swedish_artskonto.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_danish_psp.csv", Rows(6, LEDGER_TOTAL)),
    // Issue 12: the styles of Finnish municipal and state systems.
    ("dialect_fi_raindance_style.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_fi_basware_style.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_fi_tikon_style.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_fi_populus_style.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_fi_proeconomica_style.csv", Rows(6, LEDGER_TOTAL)),
    ("dialect_fi_heeros_style.csv", Rows(6, LEDGER_TOTAL)),
    // Issue 12: the same ledger as account-grouped reports (see GROUPED).
    ("grouped_procountor.csv", Rows(6, LEDGER_TOTAL)),
    ("grouped_subtotal_disagrees.csv", Rows(6, LEDGER_TOTAL)),
    (
        "grouped_netvisor_cp1252_debit_credit.csv",
        Rows(6, LEDGER_TOTAL),
    ),
    ("grouped_two_cell_headings.tsv", Rows(6, LEDGER_TOTAL)),
    ("grouped_no_subtotals.csv", Rows(6, LEDGER_TOTAL)),
    ("grouped_rust_xlsxwriter.xlsx", Rows(6, LEDGER_TOTAL)),
    ("grouped_xlwt.xls", Rows(6, LEDGER_TOTAL)),
    ("grouped_hand.ods", Rows(6, LEDGER_TOTAL)),
    // Issue 12: the ledger as a journal (päiväkirja) and under a combined
    // `Tili / Päiväys` header (tests/corpus/make_layouts.py): each posting a
    // voucher balanced by the bank account, so 12 rows adding up to zero
    // (each row asserted by hand: JOURNAL_ROWS, COMBINED_HEADER_ROWS).
    ("journal_euro_dash.csv", Rows(12, "0")),
    ("journal_cp1252_crlf.csv", Rows(12, "0")),
    ("journal_rust_xlsxwriter.xlsx", Rows(12, "0")),
    ("journal_libreoffice.ods", Rows(12, "0")),
    ("journal_libreoffice.xls", Rows(12, "0")),
    ("combined_header_ledger.csv", Rows(12, "0")),
    ("combined_header_rust_xlsxwriter.xlsx", Rows(12, "0")),
    ("combined_header_libreoffice.ods", Rows(12, "0")),
    ("combined_header_libreoffice.xls", Rows(12, "0")),
    (
        "grouped_entries_without_amounts.csv",
        Error(
            "grouped_entries_without_amounts.csv, row 5, column \"Summa\": the layout of an account-grouped report (pääkirja) was recognised (account heading on row 4) but not understood: the first entry below them, on row 5, cannot be read (the amount is empty; a missing amount is not zero), so no entry could be placed under its heading; export the general ledger (pääkirja) or the project's cost-centre report as a plain list of postings instead (one row per posting with its date, account and amount; in most systems a \"transaction list\" or \"export to Excel/CSV\" rather than the printed report), or name the columns under [ledger.columns] in velho.toml",
        ),
    ),
    (
        "grouped_subtotals_without_headings.csv",
        Error(
            "grouped_subtotals_without_headings.csv, row 4: the layout of an account-grouped report (pääkirja) was recognised but not understood: this row \"Tili 4000 yhteensä\" is the subtotal of account 4000, but no account heading row (such as \"4000 Kuukausipalkat\" alone on its row) was found above its entries (rows 2–3), and the file has no account column, so their account is not known; export the general ledger (pääkirja) or the project's cost-centre report as a plain list of postings instead (one row per posting with its date, account and amount; in most systems a \"transaction list\" or \"export to Excel/CSV\" rather than the printed report), or name the columns under [ledger.columns] in velho.toml",
        ),
    ),
    (
        "journal_unbalanced_voucher.csv",
        Error(
            "journal_unbalanced_voucher.csv, row 10: voucher #1003 of 13.2.2021 does not balance: its debits add up to €89.90 and its credits to €79.90 (a difference of €10.00); a journal's vouchers balance, so the export is incomplete or was changed by hand: export the journal again",
        ),
    ),
    // reliability.md §7, as text.
    (
        "empty.csv",
        Error("empty.csv: the file is empty (0 bytes); export the ledger again"),
    ),
    ("header_only.csv", Rows(0, "0")),
    (
        "mixed_utf8_cp1252.csv",
        Error(
            "mixed_utf8_cp1252.csv, row 3: the file mixes two text encodings: this line has a Windows-1252 character, but line 2 has UTF-8 letters, so no single reading gives the right text; save the export again in one encoding (UTF-8), or set encoding = \"windows-1252\" under [ledger] in velho.toml if the file really is Windows-1252",
        ),
    ),
    ("comma_decimals_semicolon_file.csv", Rows(2, "3.75")),
    (
        "amount_inf.csv",
        Error(
            "amount_inf.csv, row 2, column \"Summa\": \"INF\" is not an amount but a number that overflowed in the program that exported it; correct the cell at the source and export again",
        ),
    ),
    (
        "utf16_without_bom.csv",
        Error(
            "utf16_without_bom.csv: the file looks like UTF-16 text saved without its byte-order mark, which velho cannot tell apart from binary data by itself; if it is, say so (velho inspect --encoding utf-16, or encoding = \"utf-16\" under [ledger] in velho.toml), or open it in Excel or a text editor and save it as UTF-8 (Excel: Save As > CSV UTF-8)",
        ),
    ),
    (
        "nul_in_field.csv",
        Error(
            "nul_in_field.csv: the file holds NUL bytes, so it is not a text export (CSV) although it is not a spreadsheet either; export the ledger again as CSV or xlsx, or remove the NUL characters with a text editor",
        ),
    ),
    ("cr_only_line_ends.csv", Rows(3, "6.00")),
    (
        "year_typo.csv",
        Error(
            "year_typo.csv, row 3, column \"Pvm\": the year 202 is outside 1900–9999; expected a date such as 15.1.2022 (is the year mistyped?)",
        ),
    ),
    (
        "comma_file_split_debit_credit.csv",
        Error(
            "comma_file_split_debit_credit.csv, row 2, column \"Kredit\": the row has both a debit (1234) and a credit (56), as an amount with a decimal comma does when a comma-delimited file splits it into two columns (1234,56 read as 1234 and 56); quote the amounts, or export the file with ; as the delimiter",
        ),
    ),
    (
        "comma_split_trailing_delimiter.csv",
        Error(
            "comma_split_trailing_delimiter.csv, row 2, column \"Kredit\": the row has both a debit (1234) and a credit (56), as an amount with a decimal comma does when a comma-delimited file splits it into two columns (1234,56 read as 1234 and 56); quote the amounts, or export the file with ; as the delimiter",
        ),
    ),
    (
        "comma_split_every_row.csv",
        Error(
            "comma_split_every_row.csv, row 2, column \"Kredit\": the row has both a debit (1234) and a credit (56), as an amount with a decimal comma does when a comma-delimited file splits it into two columns (1234,56 read as 1234 and 56); quote the amounts, or export the file with ; as the delimiter",
        ),
    ),
    (
        "long_voucher.csv",
        Error(
            "long_voucher.csv, row 2, column \"Tosite\": the voucher is 300 characters long; a code is at most 255: check that the column is the right one, or export the file again",
        ),
    ),
    (
        "ragged_row.csv",
        Error(
            "ragged_row.csv, row 3: the row has 3 fields but the header has 6; check the delimiter and the quotes on this line",
        ),
    ),
    (
        "unterminated_quote.csv",
        Error(
            "unterminated_quote.csv, row 2: a quote opened on line 2 is never closed, so the rest of the file would be read as one field; fix the quotes on this line or export the file again",
        ),
    ),
    (
        "text_after_quote.csv",
        Error(
            "text_after_quote.csv, row 2: text follows a closing quote (\"…\"5…): the quotes on this line are broken, and the field would be read wrongly; fix the quotes or export the file again",
        ),
    ),
    (
        "quote_swallows_rows.csv",
        Error(
            "quote_swallows_rows.csv, row 2: a quoted field that starts on line 2 runs over several lines and holds the delimiter after a line break: a closing quote is probably missing, and rows would be lost; check the quotes on this line",
        ),
    ),
    (
        "no_header.csv",
        Error(
            "no_header.csv: no header row found in the first 50 rows; expected column names such as Tositepvm/Päivämäärä/Date, Tili/Tilinumero/Account and Summa/Amount (or Debet and Kredit); if the file has other names, name the columns in velho.toml under [ledger.columns]",
        ),
    ),
    ("repeated_header.csv", Rows(2, "3.50")),
    ("subtotals_and_grand_total.csv", Rows(3, "175.50")),
    ("totals_disagree.csv", Rows(1, "100.00")),
    (
        "mixed_decimal_marks.csv",
        Error(
            "mixed_decimal_marks.csv, row 3, column \"Summa\": \"1,234.00\" uses a decimal point but the amounts on row 2 use a decimal comma; expected one decimal mark in the whole file",
        ),
    ),
    (
        "ambiguous_thousands.csv",
        Error(
            "ambiguous_thousands.csv, row 2, column \"Summa\": \"1.234\" is ambiguous: the file's decimal mark is not known, so it could be 1234 or 1.234",
        ),
    ),
    ("decimal_mark_learnt_late.csv", Rows(2, "1239.50")),
    (
        "exponent_amount.csv",
        Error("exponent_amount.csv, row 2, column \"Summa\": \"1e3\" is not an amount"),
    ),
    (
        "underscore_amount.csv",
        Error("underscore_amount.csv, row 2, column \"Summa\": \"1_000\" is not an amount"),
    ),
    (
        "hex_amount.csv",
        Error("hex_amount.csv, row 2, column \"Summa\": \"0x10\" is not an amount"),
    ),
    (
        "three_groups_comma.csv",
        Error("three_groups_comma.csv, row 3, column \"Summa\": \"12,34,56\" is not an amount"),
    ),
    (
        "sek_amount.csv",
        Error(
            "sek_amount.csv, row 2, column \"Summa\": \"12,50 SEK\" is in SEK; velho handles one currency, the euro: convert the amounts to euros before importing",
        ),
    ),
    (
        "na_amount.csv",
        Error("na_amount.csv, row 2, column \"Summa\": \"#N/A\" is not an amount"),
    ),
    (
        "text_amount.csv",
        Error("text_amount.csv, row 2, column \"Summa\": \"sata euroa\" is not an amount"),
    ),
    (
        "empty_amount.csv",
        Error(
            "empty_amount.csv, row 2, column \"Summa\": the amount is empty; a missing amount is not zero",
        ),
    ),
    ("sub_cent_amount.csv", Rows(2, "22.85")),
    (
        "too_large_amount.csv",
        Error(
            "too_large_amount.csv, row 2, column \"Summa\": 12345678901234.00 is too large for an amount (a spreadsheet holds 15 digits exactly; expected less than 10 000 000 000 000)",
        ),
    ),
    (
        "impossible_date.csv",
        Error("impossible_date.csv, row 2, column \"Pvm\": \"31.02.2022\" is not a real date"),
    ),
    (
        "not_leap_year.csv",
        Error("not_leap_year.csv, row 2, column \"Pvm\": \"29.02.2023\" is not a real date"),
    ),
    (
        "two_digit_year.csv",
        Error(
            "two_digit_year.csv, row 2, column \"Pvm\": \"1.2.22\" has a 2-digit year; write the year in full (e.g. 1.2.2022)",
        ),
    ),
    (
        "ambiguous_slash_dates.csv",
        Error(
            "ambiguous_slash_dates.csv, row 2, column \"Pvm\": \"01/02/2022\" is ambiguous: day/month or month/day? No date in the column has a day above 12 to tell; write dates as d.m.yyyy or yyyy-mm-dd",
        ),
    ),
    (
        "conflicting_slash_dates.csv",
        Error(
            "conflicting_slash_dates.csv, row 3, column \"Pvm\": \"02/13/2022\" can only be month/day/year but the date on row 2 can only be day/month/year; expected one date order in the whole column",
        ),
    ),
    (
        "serial_date_in_csv.csv",
        Error(
            "serial_date_in_csv.csv, row 2, column \"Pvm\": \"44620\" looks like a spreadsheet serial day number, not a date; in a text file write dates as d.m.yyyy or yyyy-mm-dd (format the column as a date before exporting)",
        ),
    ),
    (
        "empty_date.csv",
        Error(
            "empty_date.csv, row 2, column \"Pvm\": the date is empty; expected the posting date (d.m.yyyy) on every ledger row",
        ),
    ),
    (
        "dc_marker_unknown.csv",
        Error(
            "dc_marker_unknown.csv, row 2, column \"D/K\": \"X\" is not a debit/credit marker; expected D or K (Debet/Kredit, C, +/-)",
        ),
    ),
    ("plus_minus_marker.csv", Rows(2, "3.75")),
    ("long_description.csv", Rows(1, "1.00")),
    ("formula_like_text.csv", Rows(4, "10.00")),
    (
        "binary_garbage.csv",
        Error(
            "binary_garbage.csv: the file is neither a text export (CSV) nor a spreadsheet velho reads (xlsx, xlsm, xlsb, xls, ods); export the ledger again as CSV or xlsx",
        ),
    ),
    // Files that are not what their names say.
    (
        "html_named_xls.xls",
        Error(
            "html_named_xls.xls: the file is a web page (an HTML table), not a spreadsheet, although it is named .xls; open it in Excel and save it as an Excel workbook (.xlsx), or export the ledger as CSV",
        ),
    ),
    (
        "csv_named_xls.xls",
        Error(
            "csv_named_xls.xls: the file is named .xls but holds plain text (a CSV or tab-separated export), not a spreadsheet; rename it to .csv so that velho reads it as a text export",
        ),
    ),
    (
        "xml_spreadsheet_2003.xls",
        Error(
            "xml_spreadsheet_2003.xls: the file is an Excel 2003 XML spreadsheet, although it is named .xls, which velho cannot read; open it in Excel and save it as an Excel workbook (.xlsx)",
        ),
    ),
    (
        "excel2_worksheet.xls",
        Error(
            "excel2_worksheet.xls: the file is an Excel 2.x–4.0 worksheet (from before 1994), which velho cannot read; open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)",
        ),
    ),
    (
        "zip_not_a_workbook.xlsx",
        Error(
            "zip_not_a_workbook.xlsx: the file is a zip archive but not a spreadsheet (it holds no workbook); export the ledger again as xlsx or CSV",
        ),
    ),
    (
        "truncated.xlsx",
        Error(
            "truncated.xlsx: the file is damaged or incomplete (its zip structure cannot be read: invalid Zip archive: Could not find EOCD); it may have been cut short while copying or downloading: copy or export it again",
        ),
    ),
    (
        "password_protected.xlsx",
        Error(
            "password_protected.xlsx: the workbook is protected with a password, so velho cannot read it; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear the field), save it, and run velho again",
        ),
    ),
    // Spreadsheet cells.
    ("serial_dates_float_noise_openpyxl.xlsx", Rows(2, "1234.86")),
    ("hidden_and_extra_sheets_openpyxl.xlsx", Rows(1, "12.50")),
    (
        "text_amounts_decimal_comma_openpyxl.xlsx",
        Rows(2, "1239.50"),
    ),
    (
        "error_cell_openpyxl.xlsx",
        Error(
            "error_cell_openpyxl.xlsx, sheet \"Sheet\", row 2, column \"Summa\": the cell holds the error #N/A; expected an amount",
        ),
    ),
    (
        "formula_no_cached_value_openpyxl.xlsx",
        Error(
            "formula_no_cached_value_openpyxl.xlsx, sheet \"Sheet\", row 2, column \"Summa\": the cell holds a formula whose result was never saved: the file was written by a program and never opened in a spreadsheet, so its formulas have no results velho could read; open the file in Excel (or LibreOffice), let it recalculate, save it, and run velho again",
        ),
    ),
    (
        "formula_without_result_rust_xlsxwriter.xlsx",
        Error(
            "formula_without_result_rust_xlsxwriter.xlsx, sheet \"Sheet1\", row 2, column \"Summa\": every formula in this column has the saved result 0: the file was written by a program and never opened in a spreadsheet, so its formulas have no results velho could read; open the file in Excel (or LibreOffice), let it recalculate, save it, and run velho again",
        ),
    ),
    // Hostile files: must end with a message, never an abort.
    ("hostile_a1_xfd1048576.xlsx", Rows(1, "10.00")),
    (
        "hostile_sst_unique_count.xlsx",
        Error(
            "hostile_sst_unique_count.xlsx: the workbook's shared strings declare 9000000000 entries but hold room for at most 89; the file is damaged or built to exhaust memory, and velho does not read it; open it in Excel and save it again",
        ),
    ),
    // Issue 17, case 11: the shared strings' count as XML allows it (single
    // quotes, spaces around "=", after a 5 KB comment): the pre-check reads
    // the tag as calamine does.
    (
        "hostile_sst_single_quotes.xlsx",
        Error(
            "hostile_sst_single_quotes.xlsx: the workbook's shared strings declare 2000000000 entries but hold room for at most 89; the file is damaged or built to exhaust memory, and velho does not read it; open it in Excel and save it again",
        ),
    ),
    (
        "hostile_sst_spaces.xlsx",
        Error(
            "hostile_sst_spaces.xlsx: the workbook's shared strings declare 2000000000 entries but hold room for at most 89; the file is damaged or built to exhaust memory, and velho does not read it; open it in Excel and save it again",
        ),
    ),
    (
        "hostile_sst_after_comment.xlsx",
        Error(
            "hostile_sst_after_comment.xlsx: the workbook's shared strings declare 2000000000 entries but hold room for at most 475; the file is damaged or built to exhaust memory, and velho does not read it; open it in Excel and save it again",
        ),
    ),
    // Case 12: a 640 MB text node no pre-check looks for. The child process
    // that reads it dies at its 1 GiB bound and the file gets a message
    // (exit 2), never an abort.
    (
        "hostile_text_node_640mb.xlsx",
        Error(concat!(
            "hostile_text_node_640mb.xlsx, sheet \"libreoffice\": ",
            beyond_bound!()
        )),
    ),
    // Relocated out of xl/: the pre-check checks shared strings wherever
    // they are (calamine finds the workbook's folder from its relationships)
    // and refuses the file before calamine sees it.
    (
        "hostile_sst_relocated.xlsx",
        Error(
            "hostile_sst_relocated.xlsx: the workbook's shared strings declare 2000000000 entries but hold room for at most 89; the file is damaged or built to exhaust memory, and velho does not read it; open it in Excel and save it again",
        ),
    ),
    // Case 13: repeated ODS cells with a value but no type count as cells.
    (
        "hostile_ods_untyped_repeats.ods",
        Error(
            "hostile_ods_untyped_repeats.ods: a sheet of the workbook expands to 268435456 cells (repeated rows and columns), more than velho reads from an ODS file (10000000); save it as xlsx, or delete the unused rows and columns",
        ),
    ),
    (
        "hostile_zip_bomb.xlsx",
        Error(
            "hostile_zip_bomb.xlsx: the workbook's part xl/styles.xml would inflate far beyond what a spreadsheet holds; the file is either damaged or built to exhaust memory (a \"zip bomb\"), and velho does not read it",
        ),
    ),
    // Found by the sheet_precheck fuzz target: a 6 KB xls whose sector chain
    // loops (calamine grew one buffer past 1 GB), and a cell record in column
    // 65,531 (calamine sized the sheet at 134 GB).
    (
        "hostile_xls_sector_loop.xls",
        Error(
            "hostile_xls_sector_loop.xls: the file is damaged (its internal chain of sectors loops or points outside the file); open it in Excel and save it again as .xlsx, or export it again",
        ),
    ),
    (
        "hostile_xls_column_65535.xls",
        Error(
            "hostile_xls_column_65535.xls: the file is damaged: a cell stands in column 65531 but an .xls sheet has 256 columns; open it in Excel and save it again as .xlsx, or export it again",
        ),
    ),
    // Found by the fuzz target in CI: a cell in column 65,536 (overflowed the message's count).
    (
        "hostile_xls_column_65535_mulrk.xls",
        Error(
            "hostile_xls_column_65535_mulrk.xls: the file is damaged: a cell stands in column 65536 but an .xls sheet has 256 columns; open it in Excel and save it again as .xlsx, or export it again",
        ),
    ),
    // Found by the fuzz target in CI: the Workbook stream's directory entry
    // has a garbage name length (4 608), so the pre-check did not find the
    // stream calamine reads (it takes the name up to its NUL) and let a cell
    // in column 65,531 through to a 134 GB allocation.
    (
        "hostile_xls_directory_name_length.xls",
        Error(
            "hostile_xls_directory_name_length.xls: the file is damaged: a cell stands in column 65531 but an .xls sheet has 256 columns; open it in Excel and save it again as .xlsx, or export it again",
        ),
    ),
    // dialect_xlwt.xls with its DIMENSIONS record claiming 4 294 967 295
    // rows: calamine reserves what the record claims (1.4 TB: an abort).
    (
        "hostile_xls_dimensions_claim.xls",
        Error(
            "hostile_xls_dimensions_claim.xls: the workbook's sheets span 34359738360 cells (from their first to their last used row and column, or as their size records claim), more than velho reads from an .xls file (10000000); save it as .xlsx, or export it again",
        ),
    ),
    (
        "hostile_ods_repeats.ods",
        Error(
            "hostile_ods_repeats.ods: a sheet of the workbook expands to 1000000000 cells (repeated rows and columns), more than velho reads from an ODS file (10000000); save it as xlsx, or delete the unused rows and columns",
        ),
    ),
];

/// The corpus folder.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/files")
}

/// What `velho inspect --rows FILE` did: exit code, stdout, stderr, peak memory in KiB if measured.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    peak_kib: Option<u64>,
}

fn inspect_rows(file: &str) -> Run {
    let time = Path::new("/usr/bin/time");
    let velho = env!("CARGO_BIN_EXE_velho");
    // GNU time (`-f`): Linux only; elsewhere velho runs unmeasured.
    let mut command = if cfg!(target_os = "linux") && time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "peak-kib=%M", velho]);
        c
    } else {
        Command::new(velho)
    };
    let out = command
        .args(["inspect", "--rows", file])
        .current_dir(corpus())
        .output()
        .expect("velho runs");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut peak_kib = None;
    if let Some(at) = stderr.rfind("peak-kib=") {
        peak_kib = stderr[at + 9..].trim().parse().ok();
        stderr.truncate(at);
        if let Some(at) = stderr.find("Command exited with non-zero status") {
            stderr.truncate(at);
        }
    }
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        peak_kib,
    }
}

/// The data rows of `inspect --rows` output, as fields.
fn rows_of(stdout: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    reader
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_corpus_file_has_its_outcome() {
    let mut failures = Vec::new();
    for (file, expect) in CORPUS {
        let run = inspect_rows(file);
        if run.stderr.contains("panicked") || run.code.is_none() {
            failures.push(format!("{file}: crashed ({:?}): {}", run.code, run.stderr));
            continue;
        }
        if let Some(kib) = run.peak_kib
            && kib > 1024 * 1024
        {
            failures.push(format!("{file}: used {kib} KiB of memory"));
        }
        match expect {
            Rows(count, total) => {
                let rows = rows_of(&run.stdout);
                let sum: Decimal = rows.iter().map(|r| dec(&r[10])).sum();
                if run.code != Some(0) || rows.len() != *count || sum != dec(total) {
                    failures.push(format!(
                        "{file}: expected {count} rows totalling {total}, got exit {:?}, {} rows totalling {sum}: {}",
                        run.code,
                        rows.len(),
                        run.stderr
                    ));
                }
            }
            Error(message) => {
                let got = run
                    .stderr
                    .trim_end()
                    .strip_prefix("velho: ")
                    .unwrap_or(&run.stderr);
                if run.code != Some(2) || got != *message {
                    failures.push(format!(
                        "{file}: expected exit 2 and\n    {message}\n  got exit {:?} and\n    {got}",
                        run.code
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A workbook is read from its file (never whole in memory) or, through
/// `read_ledger_bytes`, from its bytes: both readings, checks and messages
/// must agree on every corpus file, and the file's hash is of its bytes.
#[test]
fn a_workbook_reads_the_same_from_its_file_and_from_its_bytes() {
    use velho::config::RowFilter;
    use velho::import::{ImportOptions, read_ledger, read_ledger_bytes, sha256_hex};
    let (filter, options) = (RowFilter::default(), ImportOptions::default());
    let mut workbooks = 0;
    for (file, expect) in CORPUS {
        // The library reads in this process, bounded by the pre-check alone;
        // these files need the binary's bounded child process.
        if matches!(expect, Error(m) if m.ends_with(beyond_bound!())) {
            continue;
        }
        let path = corpus().join(file);
        let bytes = std::fs::read(&path).unwrap();
        let extension = path.extension().unwrap().to_string_lossy().to_lowercase();
        let from_file = read_ledger(&path, file, 0, &filter, &options);
        let from_bytes = read_ledger_bytes(bytes.clone(), file, &extension, 0, &filter, &options);
        let shown = |r: &velho::error::Result<velho::import::LedgerFile>| match r {
            Ok(f) => format!("{f:?}"),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(shown(&from_file), shown(&from_bytes), "{file}");
        if let Ok(f) = &from_file {
            assert_eq!(f.sha256, sha256_hex(&bytes), "{file}");
        }
        workbooks += usize::from(bytes.starts_with(b"PK\x03\x04"));
    }
    assert!(workbooks >= 10, "{workbooks} zip-based workbooks");
}

#[test]
fn the_corpus_has_every_file_listed_and_at_least_fifty() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every corpus file needs an expected outcome"
    );
    assert!(listed.len() >= 50, "{} files", listed.len());
}

#[test]
fn the_same_ledger_in_every_dialect_gives_identical_transactions() {
    let dialects: Vec<&str> = CORPUS
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| f.starts_with("dialect_") || f.starts_with("date_1904"))
        .collect();
    assert!(dialects.len() >= 6);
    let transactions = |file: &str| -> Vec<Vec<String>> {
        let run = inspect_rows(file);
        assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
        // Everything but file, sheet and row; one dialect breaks a
        // description over two lines, so white space is compared as one space.
        rows_of(&run.stdout)
            .into_iter()
            .map(|mut r| {
                r[9] = r[9].split_whitespace().collect::<Vec<_>>().join(" ");
                r[3..].to_vec()
            })
            .collect()
    };
    let first = transactions(dialects[0]);
    assert_eq!(first.len(), 6);
    assert_eq!(
        first[2],
        [
            "2021-02-13",
            "1003",
            "4400",
            "Matkat",
            "7311",
            "P1",
            "Matka \"Tampere\"",
            "89.90"
        ]
    );
    for file in &dialects[1..] {
        assert_eq!(
            transactions(file),
            first,
            "{file} differs from {}",
            dialects[0]
        );
    }
}

/// Issue 12: the account-grouped reports of the corpus and the layout
/// `velho inspect` names for each.
const GROUPED: &[(&str, &str)] = &[
    (
        "grouped_procountor.csv",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
    (
        "grouped_subtotal_disagrees.csv",
        "account-grouped report, 4 accounts, the subtotal of account 4400 disagrees",
    ),
    (
        "grouped_netvisor_cp1252_debit_credit.csv",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
    (
        "grouped_two_cell_headings.tsv",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
    (
        "grouped_no_subtotals.csv",
        "account-grouped report, 4 accounts, no subtotals",
    ),
    (
        "grouped_rust_xlsxwriter.xlsx",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
    (
        "grouped_xlwt.xls",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
    (
        "grouped_hand.ods",
        "account-grouped report, 4 accounts, subtotals agree",
    ),
];

/// An account-grouped report lists the flat ledger's rows by account: the
/// same transactions (account names from the headings), in account order.
#[test]
fn grouped_reports_give_the_flat_ledgers_transactions() {
    let sorted = |file: &str| {
        let run = inspect_rows(file);
        assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
        let mut rows: Vec<Vec<String>> = rows_of(&run.stdout)
            .into_iter()
            .map(|r| r[3..].to_vec())
            .collect();
        rows.sort();
        rows
    };
    let flat = sorted("dialect_utf8_semicolon_debit_credit.csv");
    assert_eq!(flat.len(), 6);
    for (file, layout) in GROUPED {
        assert_eq!(sorted(file), flat, "{file}");
        let out = Command::new(env!("CARGO_BIN_EXE_velho"))
            .args(["inspect", file])
            .current_dir(corpus())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains(&format!("layout:         {layout}\n")),
            "{file}: {said}"
        );
    }
}

/// A row worked out by hand: (line, date, voucher, account, account name,
/// description, amount).
type HandRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Issue 12: the journals (päiväkirja) of the corpus, each row worked out
/// by hand from `journal_euro_dash.csv`: a voucher heading (`#1001;05.01.2021`)
/// gives its number and date to the lines below it, a line's text opens
/// with its account and name (`4000 Palkat: Palkka tammikuu`), and its
/// amount is debit − credit (`–` an empty side). As (line, date, voucher,
/// account, account name, description, amount).
const JOURNAL_ROWS: [HandRow; 12] = [
    (
        "5",
        "2021-01-05",
        "#1001",
        "4000",
        "Palkat",
        "Palkka tammikuu",
        "3500.00",
    ),
    (
        "6",
        "2021-01-05",
        "#1001",
        "1910",
        "Pankkitili",
        "Palkka tammikuu",
        "-3500.00",
    ),
    (
        "8",
        "2021-01-31",
        "#1002",
        "4300",
        "Ostopalvelut",
        "Konsultti, osa 1",
        "1234.56",
    ),
    (
        "9",
        "2021-01-31",
        "#1002",
        "1910",
        "Pankkitili",
        "Konsultti, osa 1",
        "-1234.56",
    ),
    (
        "11",
        "2021-02-13",
        "#1003",
        "4400",
        "Matkat",
        "Matka Tampere",
        "89.90",
    ),
    (
        "12",
        "2021-02-13",
        "#1003",
        "1910",
        "Pankkitili",
        "Matka Tampere",
        "-89.90",
    ),
    (
        "14",
        "2021-02-15",
        "#1004",
        "4300",
        "Ostopalvelut",
        "Hyvitys",
        "-250.00",
    ),
    (
        "15",
        "2021-02-15",
        "#1004",
        "1910",
        "Pankkitili",
        "Hyvitys",
        "250.00",
    ),
    (
        "17",
        "2021-03-01",
        "#1005",
        "4000",
        "Palkat",
        "Muu hanke",
        "999.99",
    ),
    (
        "18",
        "2021-03-01",
        "#1005",
        "1910",
        "Pankkitili",
        "Muu hanke",
        "-999.99",
    ),
    (
        "20",
        "2021-03-02",
        "#1006",
        "4910",
        "ICT-kulut",
        "Lisenssi ÄÖÅ",
        "12345.67",
    ),
    (
        "21",
        "2021-03-02",
        "#1006",
        "1910",
        "Pankkitili",
        "Lisenssi ÄÖÅ",
        "-12345.67",
    ),
];

/// The same twelve postings as the combined-header ledger (`Tili / Päiväys`)
/// prints them, worked out by hand from `combined_header_ledger.csv`: an
/// account heading (`1910;Pankkitili`) gives its account and name to the
/// entries below it, the date opens each entry's text, and a balance-only
/// row closes each account (lines 11, 15, 19, 22 and 25, no postings).
const COMBINED_HEADER_ROWS: [HandRow; 12] = [
    (
        "5",
        "2021-01-05",
        "#1001",
        "1910",
        "Pankkitili",
        "Palkka tammikuu",
        "-3500.00",
    ),
    (
        "6",
        "2021-01-31",
        "#1002",
        "1910",
        "Pankkitili",
        "Konsultti, osa 1",
        "-1234.56",
    ),
    (
        "7",
        "2021-02-13",
        "#1003",
        "1910",
        "Pankkitili",
        "Matka Tampere",
        "-89.90",
    ),
    (
        "8",
        "2021-02-15",
        "#1004",
        "1910",
        "Pankkitili",
        "Hyvitys",
        "250.00",
    ),
    (
        "9",
        "2021-03-01",
        "#1005",
        "1910",
        "Pankkitili",
        "Muu hanke",
        "-999.99",
    ),
    (
        "10",
        "2021-03-02",
        "#1006",
        "1910",
        "Pankkitili",
        "Lisenssi ÄÖÅ",
        "-12345.67",
    ),
    (
        "13",
        "2021-01-05",
        "#1001",
        "4000",
        "Palkat",
        "Palkka tammikuu",
        "3500.00",
    ),
    (
        "14",
        "2021-03-01",
        "#1005",
        "4000",
        "Palkat",
        "Muu hanke",
        "999.99",
    ),
    (
        "17",
        "2021-01-31",
        "#1002",
        "4300",
        "Ostopalvelut",
        "Konsultti, osa 1",
        "1234.56",
    ),
    (
        "18",
        "2021-02-15",
        "#1004",
        "4300",
        "Ostopalvelut",
        "Hyvitys",
        "-250.00",
    ),
    (
        "21",
        "2021-02-13",
        "#1003",
        "4400",
        "Matkat",
        "Matka Tampere",
        "89.90",
    ),
    (
        "24",
        "2021-03-02",
        "#1006",
        "4910",
        "ICT-kulut",
        "Lisenssi ÄÖÅ",
        "12345.67",
    ),
];

/// Every journal and combined-header file of the corpus, in each format it
/// is saved in, gives exactly the rows worked out by hand: line by line,
/// voucher, date, account and amount (the workbooks keep the CSV's rows,
/// on sheet "Kirjanpito").
#[test]
fn journal_and_combined_header_files_give_their_rows_exactly() {
    let cases: [(&[&str], &[HandRow]); 2] = [
        (
            &[
                "journal_euro_dash.csv",
                "journal_cp1252_crlf.csv",
                "journal_rust_xlsxwriter.xlsx",
                "journal_libreoffice.ods",
                "journal_libreoffice.xls",
            ],
            &JOURNAL_ROWS,
        ),
        (
            &[
                "combined_header_ledger.csv",
                "combined_header_rust_xlsxwriter.xlsx",
                "combined_header_libreoffice.ods",
                "combined_header_libreoffice.xls",
            ],
            &COMBINED_HEADER_ROWS,
        ),
    ];
    for (files, expected) in cases {
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(
                |&(line, date, voucher, account, name, description, amount)| {
                    [
                        line,
                        date,
                        voucher,
                        account,
                        name,
                        "",
                        "",
                        description,
                        amount,
                    ]
                    .map(str::to_string)
                    .to_vec()
                },
            )
            .collect();
        for file in files {
            let run = inspect_rows(file);
            assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
            let rows = rows_of(&run.stdout);
            let sheet = if file.ends_with(".csv") {
                ""
            } else {
                "Kirjanpito"
            };
            for row in &rows {
                assert_eq!((&*row[0], &*row[1]), (*file, sheet), "{file}");
            }
            let got: Vec<Vec<String>> = rows.into_iter().map(|r| r[2..].to_vec()).collect();
            assert_eq!(got, expected, "{file}");
        }
    }
}

#[test]
fn inspect_describes_a_file_and_goes_on_after_a_bad_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_velho"))
        .args([
            "inspect",
            "dialect_cp1252_titles_trailing_minus.csv",
            "empty.csv",
            "subtotals_and_grand_total.csv",
        ])
        .current_dir(corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "  encoding:       Windows-1252 (not valid UTF-8)",
        "  delimiter:      ;",
        "  header row:     4",
        "  decimal mark:   decimal comma",
        "  date format:    d.m.yyyy",
        "  skipped:        row 11: a totals row (used as a control total)",
        "  control total:  row 11: the file says €17,920.12, its rows add up to €17,920.12: agrees",
        "empty.csv\n  could not be read",
        "  control total:  row 4: the file says €150.00, its rows add up to €150.00: agrees",
        "  control total:  row 6: the file says €25.50, its rows add up to €25.50: agrees",
        "  control total:  row 7: the file says €175.50, its rows add up to €175.50: agrees",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(stderr(&out).contains("empty.csv: the file is empty"));
}

const PROJECT: &str = r#"
language = "en"
[project]
name = "Testi"
code = "T-1"
start = 2021-01-01
end = 2021-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
projects = ["P1"]
[[category]]
id = "all"
fi = "Kaikki"
en = "All"
plan = 100000
accounts = ["4000-4999"]
"#;

#[test]
fn the_same_file_twice_is_counted_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ledger")).unwrap();
    std::fs::write(dir.path().join("velho.toml"), PROJECT).unwrap();
    let source = corpus().join("dialect_utf8_semicolon_debit_credit.csv");
    std::fs::copy(&source, dir.path().join("ledger/a.csv")).unwrap();
    std::fs::copy(&source, dir.path().join("ledger/b.csv")).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let findings: Vec<String> = book
        .sheet("Findings")
        .rows()
        .iter()
        .flat_map(|r| r.iter().map(text).collect::<Vec<_>>())
        .collect();
    assert!(
        findings.iter().any(|f| f.contains(
            "ledger/b.csv repeats project rows of ledger/a.csv (the same file, same SHA-256): 5 rows"
        )),
        "{findings:?}"
    );
    let summary = book.sheet("Summary");
    let all = summary.row_labelled("All");
    assert_eq!(
        crate::harness::amount(&all[2]),
        dec("16920.13"),
        "P1 rows once"
    );
}

#[test]
fn utf16_without_bom_is_read_when_the_user_says_so() {
    // Issue 17, case 17: `--encoding utf-16` reads a BOM-less UTF-16 file,
    // little-endian (the corpus file) or big-endian, and refuses one that is not.
    let dir = tempfile::tempdir().unwrap();
    let text = "Pvm;Tili;Kp;Selite;Summa\n15.1.2022;4000;7311;Työmatka Åbo;1 234,56\n";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(dir.path().join("be.csv"), be).unwrap();
    std::fs::copy(
        corpus().join("utf16_without_bom.csv"),
        dir.path().join("le.csv"),
    )
    .unwrap();
    std::fs::write(dir.path().join("utf8.csv"), text).unwrap();
    let run = |file: &str| {
        velho(
            dir.path(),
            &["inspect", "--rows", "--encoding", "utf-16", file],
        )
    };
    let out = run("be.csv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        rows_of(&String::from_utf8_lossy(&out.stdout)),
        vec![vec![
            "be.csv",
            "",
            "2",
            "2022-01-15",
            "",
            "4000",
            "",
            "7311",
            "",
            "Työmatka Åbo",
            "1234.56"
        ]]
    );
    let out = run("le.csv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = rows_of(&String::from_utf8_lossy(&out.stdout));
    assert_eq!((rows.len(), rows[0][10].as_str()), (1, "1.00"));
    let out = run("utf8.csv");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        "velho: utf8.csv: the file is not UTF-16 text although the encoding is set to utf-16 (--encoding or [ledger] encoding); remove the setting, or save the export again as UTF-8"
    );
}

#[test]
fn columns_and_sheet_named_in_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ledger")).unwrap();
    let project = format!(
        "{PROJECT}\n[ledger]\nsheet = \"Pääkirja\"\n[ledger.columns]\ndate = \"Kirjauspäivä\"\namount = \"Debet\"\n"
    );
    // Naming Debet as the (signed) amount overrides the detected debit/credit
    // pair, so the credit note's empty Debet cell is an error naming it.
    std::fs::write(dir.path().join("velho.toml"), &project).unwrap();
    std::fs::copy(
        corpus().join("dialect_rust_xlsxwriter.xlsx"),
        dir.path().join("ledger/a.xlsx"),
    )
    .unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "velho: ledger/a.xlsx, sheet \"Pääkirja\", row 7, column \"Debet\": the amount is empty; a missing amount is not zero"
    );
    let project = format!("{PROJECT}\n[ledger]\nsheet = \"Muu\"\n");
    std::fs::write(dir.path().join("velho.toml"), &project).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert_eq!(
        stderr(&out).trim_end(),
        "velho: ledger/a.xlsx: the project file names the sheet \"Muu\" ([ledger] sheet), but the workbook's sheets are \"Pääkirja\""
    );
    let project = format!("{PROJECT}\n[ledger.columns]\ndate = \"Päiväys\"\n");
    std::fs::write(dir.path().join("velho.toml"), &project).unwrap();
    let out = velho(dir.path(), &["reconcile", ".", "-o", "out.xlsx", "--quiet"]);
    assert!(
        stderr(&out).contains("no row in the first 50 rows has the columns the project file names in [ledger.columns] (date = \"Päiväys\")"),
        "{}",
        stderr(&out)
    );
}

/// A workbook velho's bounded reader refuses (in its child process) is
/// refused with a message that can be said in either language: it crosses
/// the pipe as a catalogue key and its values.
#[test]
fn the_workbook_readers_refusal_crosses_the_pipe_in_either_language() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_velho"))
        .arg(velho::import::guard::SERVE_ARGUMENT)
        .arg(corpus().join("hostile_sst_unique_count.xlsx"))
        .output()
        .expect("the reader runs");
    let (tag, mut rest) = out.stdout.split_first().expect("the reader says something");
    assert_eq!(*tag, b'F', "refused");
    let message = velho::text::Message::from(
        velho::import::Portable::read(&mut rest).expect("a message of the catalogue"),
    );
    assert_eq!(
        message.say(velho::text::Lang::Fi),
        "työkirjan jaettujen merkkijonojen luettelo ilmoittaa 9000000000 merkintää, mutta \
         siihen mahtuu enintään 89; tiedosto on vioittunut tai tehty kuluttamaan muisti loppuun, \
         eikä velho lue sitä; avaa se Excelissä ja tallenna uudelleen"
    );
    assert_eq!(
        message.say(velho::text::Lang::En),
        "the workbook's shared strings declare 9000000000 entries but hold room for at most 89; \
         the file is damaged or built to exhaust memory, and velho does not read it; open it in \
         Excel and save it again"
    );
}

/// Issue 17, case 15: a file with CR-only line ends gives each row its own
/// line (every row was reported as row 1).
#[test]
fn cr_only_line_ends_keep_their_row_numbers() {
    let run = inspect_rows("cr_only_line_ends.csv");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows: Vec<String> = rows_of(&run.stdout).iter().map(|r| r[2].clone()).collect();
    assert_eq!(rows, ["2", "3", "4"]);
}
