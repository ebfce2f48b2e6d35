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
use crate::text::Lang;

/// `velho inspect --columns`: the header vocabulary, one header a line,
/// under the `[ledger.columns]` key of its role.
pub fn vocabulary_table(lang: Lang) -> String {
    let mut table = format!(
        "{:<14}{:<6}{:<10}{:<19}{}\n",
        lang.text("inspect.columns_heading"),
        lang.text("inspect.columns_rank"),
        lang.text("inspect.columns_language"),
        lang.text("inspect.columns_system"),
        lang.text("inspect.columns_header"),
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
    // No project file is read: English unless `--lang` says otherwise.
    let lang = args.lang.unwrap_or(Lang::En);
    if args.columns {
        std::io::stdout()
            .lock()
            .write_all(vocabulary_table(lang).as_bytes())
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
                    .write_all(describe(&file, lang).as_bytes())
                    .map_err(|e| Error::io(Path::new("stdout"), e))?,
            },
            Err(e) => {
                failed = true;
                let e = e.in_language(lang);
                if args.rows {
                    crate::say!("velho: {e}");
                } else {
                    out.flush().map_err(|e| Error::io(Path::new("stdout"), e))?;
                    crate::say!("velho: {e}");
                    let text = lang.fill("inspect.not_read", &[("file", &shown)]);
                    writeln!(out, "{text}\n").map_err(|e| Error::io(Path::new("stdout"), e))?;
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
            &r.description.text(),
            &normalised_amount(r.amount()),
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

/// A control total against the rows it adds up: "row 12: the file says
/// €10.00, its rows add up to €10.00: agrees".
fn control_total(total: &crate::import::ControlTotal, lang: Lang) -> String {
    let eur = |amount| format_eur(amount, lang == Lang::Fi);
    let verdict = if total.stated == total.computed {
        lang.text("inspect.agrees").to_string()
    } else {
        let difference = eur(total.stated - total.computed);
        lang.fill("inspect.disagrees", &[("difference", &difference)])
    };
    let (stated, computed) = (eur(total.stated), eur(total.computed));
    let mut args: Vec<(&str, &dyn std::fmt::Display)> = vec![
        ("row", &total.row),
        ("stated", &stated),
        ("computed", &computed),
        ("verdict", &verdict),
    ];
    let key = match &total.account {
        Some(account) => {
            args.push(("account", account));
            "inspect.control_total_row_account"
        }
        None => "inspect.control_total_row",
    };
    lang.fill(key, &args)
}

/// The description of one file, as `velho inspect` prints it.
pub fn describe(file: &LedgerFile, lang: Lang) -> String {
    let d = &file.details;
    let eur = |amount| format_eur(amount, lang == Lang::Fi);
    let mut lines = vec![file.path.clone()];
    let mut line = |label: &str, value: String| {
        lines.push(format!("  {:<15} {value}", lang.text(label)));
    };
    // The import's settings said in the language, as Sources says them.
    let said = |text: &str| crate::report::sources::read_settings(text, lang);
    line("inspect.read_as", said(&file.format));
    if let Some(e) = &d.encoding {
        line("inspect.encoding", said(e));
    }
    if let Some(delimiter) = &d.delimiter {
        line("inspect.delimiter", delimiter.clone());
    }
    if let Some(sheet) = &file.sheet {
        line("inspect.sheet", sheet.clone());
    }
    if !d.other_sheets.is_empty() {
        line("inspect.sheets_not_read", d.other_sheets.join(", "));
    }
    for skipped in &d.skipped_sheets {
        line(
            "inspect.passed_over",
            lang.fill(
                "inspect.passed_over_sheet",
                &[
                    ("sheet", &skipped.sheet),
                    ("reason", &skipped.reason.say(lang)),
                ],
            ),
        );
    }
    line("inspect.header_row", file.header_row.to_string());
    line("inspect.layout", file.layout_in(lang));
    line(
        "inspect.columns",
        crate::report::sources::columns(&file.columns, lang),
    );
    line(
        "inspect.decimal_mark",
        d.decimal_mark
            .as_deref()
            .map_or_else(|| lang.text("inspect.no_decimal_mark").into(), said),
    );
    line("inspect.date_format", date_forms(&d.date_format, lang));
    let headers = match file.details.grouped {
        Some(_) => "inspect.account_headings",
        None => "inspect.repeated_headers",
    };
    line(
        "inspect.rows",
        lang.fill(
            "inspect.rows_read",
            &[
                ("read", &file.rows_read),
                (
                    "used",
                    &lang.count("inspect.count.ledger_rows", file.rows.len()),
                ),
                (
                    "totals",
                    &lang.count("inspect.count.totals_rows", file.totals_rows as usize),
                ),
                ("headers", &file.header_rows),
                ("what", &lang.text(headers)),
            ],
        ),
    );
    for skip in d.skipped.iter().take(50) {
        line(
            "inspect.skipped",
            lang.fill(
                "inspect.skipped_row",
                &[("row", &skip.row), ("reason", &lang.text(skip.reason))],
            ),
        );
    }
    if d.skipped.len() > 50 {
        let more = d.skipped.len() - 50;
        line(
            "inspect.skipped",
            lang.fill("inspect.skipped_more", &[("n", &more)]),
        );
    }
    for total in &file.control_totals {
        line("inspect.control_total", control_total(total, lang));
    }
    for r in &file.rounded {
        line(
            "inspect.rounded",
            lang.fill(
                "inspect.rounded_row",
                &[("row", &r.row), ("original", &r.original)],
            ),
        );
    }
    line("inspect.total", eur(file.all_rows_total));
    line("inspect.sha256", file.sha256.clone());
    lines.push(String::new());
    lines.join("\n") + "\n"
}

/// The date forms a file used (`dates::DateForms::describe`: English names
/// and patterns joined by commas) in `lang`; each key's English text is the
/// import's phrase, longer ones first.
fn date_forms(described: &str, lang: Lang) -> String {
    if described == "none" {
        return lang.text("inspect.date_form.none").to_string();
    }
    const FORMS: [&str; 9] = [
        "inspect.date_form.serial_1900",
        "inspect.date_form.serial_1904",
        "inspect.date_form.cells",
        "inspect.date_form.day_month_year",
        "inspect.date_form.iso",
        "inspect.date_form.compact",
        "inspect.date_form.year_first_slash",
        "inspect.date_form.day_first_slash",
        "inspect.date_form.month_first_slash",
    ];
    crate::text::rephrased(described, &FORMS, lang)
}
