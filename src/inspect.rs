//! `velho inspect`: how velho reads each ledger export, in words a finance
//! officer can check against the file, or (`--rows`) every row it read as
//! plain CSV for other programs.

use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;

use crate::cli::InspectArgs;
use crate::config::ImportOptions;
use crate::config::RowFilter;
use crate::error::{EXIT_FAILED, EXIT_OK};
use crate::error::{Error, Result};
use crate::import::LedgerFile;
use crate::import::read_contained;
use crate::import::vocabulary::VOCABULARY;
use crate::money::format_eur;

/// `velho inspect --columns`: the header vocabulary, one header a line,
/// under the `[ledger.columns]` key of its role.
pub fn vocabulary_table() -> String {
    let mut table = format!(
        "{:<14}{:<6}{:<10}{:<19}header (as matched: lower case, punctuation as spaces)\n",
        "role", "rank", "language", "system"
    );
    for entry in VOCABULARY {
        for name in entry.names {
            table.push_str(&format!(
                "{:<14}{:<6}{:<10}{:<19}{name}\n",
                entry.role.key(),
                entry.rank,
                entry.language,
                entry.system
            ));
        }
    }
    table
}

/// The columns of `velho inspect --rows`.
pub const ROW_COLUMNS: [&str; 11] = [
    "file",
    "sheet",
    "row",
    "date",
    "voucher",
    "account",
    "account_name",
    "cost_centre",
    "project",
    "description",
    "amount",
];

/// Runs `velho inspect`: each file in turn; a file that cannot be read is
/// reported on stderr and the next one is read. Exit 2 if any failed.
pub fn inspect_command(args: &InspectArgs) -> Result<i32> {
    if args.columns {
        std::io::stdout()
            .lock()
            .write_all(vocabulary_table().as_bytes())
            .map_err(|e| Error::io(Path::new("stdout"), e))?;
        return Ok(EXIT_OK);
    }
    let options = ImportOptions {
        sheet: args.sheet.clone(),
        encoding: args.encoding,
        columns: Vec::new(),
        vat_recoverable: false,
    };
    let filter = RowFilter::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut csv = args.rows.then(csv_writer);
    if let Some(w) = csv.as_mut() {
        w.write_record(ROW_COLUMNS).map_err(write_error)?;
    }
    let mut failed = false;
    for (index, path) in args.files.iter().enumerate() {
        let shown = path.to_string_lossy().replace('\\', "/");
        match read_contained(path, &shown, index as u32, &filter, &options) {
            Ok(file) => match csv.as_mut() {
                Some(w) => write_rows(w, &file).map_err(write_error)?,
                None => out
                    .write_all(describe(&file).as_bytes())
                    .map_err(|e| Error::io(Path::new("stdout"), e))?,
            },
            Err(e) => {
                failed = true;
                if args.rows {
                    crate::say!("velho: {e}");
                } else {
                    out.flush().map_err(|e| Error::io(Path::new("stdout"), e))?;
                    crate::say!("velho: {e}");
                    writeln!(
                        out,
                        "{shown}\n  could not be read (see the message above)\n"
                    )
                    .map_err(|e| Error::io(Path::new("stdout"), e))?;
                }
            }
        }
    }
    if let Some(mut w) = csv {
        w.flush().map_err(|e| Error::io(Path::new("stdout"), e))?;
    }
    out.flush().map_err(|e| Error::io(Path::new("stdout"), e))?;
    Ok(if failed { EXIT_FAILED } else { EXIT_OK })
}

fn csv_writer() -> csv::Writer<std::io::Stdout> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(std::io::stdout())
}

fn write_error(e: csv::Error) -> Error {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => io.kind(),
        _ => std::io::ErrorKind::Other,
    };
    Error::io(
        Path::new("stdout"),
        std::io::Error::new(kind, e.to_string()),
    )
}

/// Every row as normalised CSV: ISO dates, `.` decimals, debit − credit.
fn write_rows(w: &mut csv::Writer<std::io::Stdout>, file: &LedgerFile) -> csv::Result<()> {
    let sheet = file.sheet.as_deref().unwrap_or("");
    for r in &file.rows {
        w.write_record([
            file.path.as_str(),
            sheet,
            &r.source.row.to_string(),
            &r.date.to_string(),
            &r.voucher,
            &r.account,
            &r.account_name,
            &r.cost_centre,
            &r.project,
            &r.description,
            &normalised_amount(r.amount),
        ])?;
    }
    Ok(())
}

/// `1234.5` → `1234.50`; always two decimals or more, never an exponent.
pub fn normalised_amount(amount: Decimal) -> String {
    if amount.scale() < 2 {
        format!("{amount:.2}")
    } else {
        amount.to_string()
    }
}

/// The description of one file, as `velho inspect` prints it.
pub fn describe(file: &LedgerFile) -> String {
    let d = &file.details;
    let mut lines = vec![file.path.clone()];
    let mut line = |label: &str, value: String| lines.push(format!("  {label:<15} {value}"));
    line("read as:", file.format.clone());
    if let Some(e) = &d.encoding {
        line("encoding:", e.clone());
    }
    if let Some(delimiter) = &d.delimiter {
        line("delimiter:", delimiter.clone());
    }
    if let Some(sheet) = &file.sheet {
        line("sheet:", sheet.clone());
    }
    if !d.other_sheets.is_empty() {
        line("not read:", d.other_sheets.join(", "));
    }
    for skipped in &d.skipped_sheets {
        line(
            "passed over:",
            format!("sheet \"{}\": {}", skipped.sheet, skipped.reason),
        );
    }
    line("header row:", file.header_row.to_string());
    line("layout:", file.layout());
    line("columns:", file.columns.clone());
    line(
        "decimal mark:",
        d.decimal_mark
            .clone()
            .unwrap_or_else(|| "not needed (no amounts written as text with decimals)".into()),
    );
    line("date format:", d.date_format.clone());
    let used = file.rows.len() as u64;
    let headers = match file.details.grouped {
        Some(_) => "account headings and repeated headers",
        None => "repeated headers",
    };
    line(
        "rows:",
        format!(
            "{} read below the header: {used} ledger rows, {} totals rows, {} {headers}",
            file.rows_read, file.totals_rows, file.header_rows
        ),
    );
    for skip in d.skipped.iter().take(50) {
        line("skipped:", format!("row {}: {}", skip.row, skip.reason));
    }
    if d.skipped.len() > 50 {
        line("skipped:", format!("… and {} more", d.skipped.len() - 50));
    }
    for total in &file.control_totals {
        let verdict = if total.stated == total.computed {
            "agrees".to_string()
        } else {
            format!(
                "DISAGREES by {}",
                format_eur(total.stated - total.computed, false)
            )
        };
        let whose = match &total.account {
            Some(account) => format!(" (account {account})"),
            None => String::new(),
        };
        line(
            "control total:",
            format!(
                "row {}{whose}: the file says {}, its rows add up to {}: {verdict}",
                total.row,
                format_eur(total.stated, false),
                format_eur(total.computed, false)
            ),
        );
    }
    for r in &file.rounded {
        line(
            "rounded:",
            format!(
                "row {}: {} has parts of a cent; rounded to the cent",
                r.row, r.original
            ),
        );
    }
    line("total:", format_eur(file.all_rows_total, false));
    line("SHA-256:", file.sha256.clone());
    lines.push(String::new());
    lines.join("\n") + "\n"
}
