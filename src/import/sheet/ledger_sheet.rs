//! Which of a workbook's sheets holds the ledger: the one the project file
//! names, else the first visible sheet with a ledger header; a summary
//! sheet before the ledger is passed over, and the sheets not read are named.

use crate::error::{Error, Result};
use crate::import::messages::error_message;
use crate::import::rows::{FileContext, NearHeader, header_not_found};
use crate::import::{LedgerFile, SkippedSheet};
use crate::text::Message;

/// The sheets to try, in order: the one the project file names, else every
/// visible sheet (`sheets` are the workbook's, in order, and whether each is visible).
pub(super) fn choose_sheets(
    sheets: Vec<(String, bool)>,
    context: &FileContext,
) -> Result<Vec<String>> {
    if let Some(wanted) = &context.options.sheet {
        let found = sheets
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(wanted.trim()));
        return match found {
            Some((name, _)) => Ok(vec![name.clone()]),
            None => Err(Error::input(
                context.location.clone(),
                Message::new("import.sheet.not_found")
                    .with("wanted", wanted)
                    .with(
                        "sheets",
                        sheets
                            .iter()
                            .map(|(n, _)| format!("\"{n}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            )),
        };
    }
    Ok(sheets
        .into_iter()
        .filter(|(_, visible)| *visible)
        .map(|(n, _)| n)
        .collect())
}

/// Tries the sheets in order; the first with a ledger header is read. A
/// sheet whose header has a date and an amount but no account column, and
/// whose rows are no ledger rows (a summary sheet before the ledger, a bank
/// statement), is passed over for a later sheet that is a ledger; when no
/// later sheet is, the first such sheet's reading (or its error) stands.
pub(super) fn read_sheets(
    names: &[String],
    kind: &str,
    context: &FileContext,
    mut read_one: impl FnMut(&str, &FileContext) -> Result<SheetRead>,
) -> Result<LedgerFile> {
    let mut nearest: Option<NearHeader> = None;
    let mut doubtful: Vec<(String, Doubtful)> = Vec::new();
    for name in names {
        let sheet_context = context.for_sheet(name);
        match read_one(name, &sheet_context)? {
            SheetRead::Ledger(file) => return Ok(placed(*file, name, names, kind, &doubtful)),
            SheetRead::Doubtful(reading) => doubtful.push((name.clone(), reading)),
            SheetRead::NoHeader(near) => {
                if let Some(mut near) = near
                    && nearest
                        .as_ref()
                        .is_none_or(|n| near.columns.count() > n.columns.count())
                {
                    near.sheet = Some(name.clone());
                    nearest = Some(near);
                }
            }
        }
    }
    if !doubtful.is_empty() {
        let (name, first) = doubtful.remove(0);
        return match first {
            Ok(file) => Ok(placed(*file, &name, names, kind, &doubtful)),
            Err(error) => Err(error),
        };
    }
    // A workbook of one sheet: the message names it, as a user opening the
    // file sees it (a trial's "header not found" named no sheet).
    let location = match names {
        [only] => context.for_sheet(only).location.clone(),
        _ => context.location.clone(),
    };
    Err(header_not_found(
        location,
        context.options,
        nearest.as_ref(),
    ))
}

/// A sheet read as its workbook's ledger: the format names it and the
/// sheets not read, with the reason of each one passed over.
pub(super) fn placed(
    mut file: LedgerFile,
    name: &str,
    names: &[String],
    kind: &str,
    passed_over: &[(String, Doubtful)],
) -> LedgerFile {
    let others: Vec<String> = names.iter().filter(|n| *n != name).cloned().collect();
    file.format = format!("{kind}, sheet \"{name}\"");
    file.note_layout();
    if !others.is_empty() {
        let shown: Vec<String> = others
            .iter()
            .map(|other| match passed_over.iter().any(|(n, _)| n == other) {
                true => format!("{other}: {NOT_A_LEDGER}"),
                false => other.clone(),
            })
            .collect();
        file.format
            .push_str(&format!(" (not read: {})", listed(&shown)));
    }
    file.details.other_sheets = others;
    file.details.skipped_sheets = passed_over
        .iter()
        .map(|(sheet, reading)| SkippedSheet {
            sheet: sheet.clone(),
            reason: match reading {
                Ok(_) => Message::new("import.sheet.not_a_ledger_no_rows"),
                Err(error) => Message::new("import.sheet.not_a_ledger")
                    .with_message("error", error_message(error)),
            },
        })
        .collect();
    file
}

/// Why a sheet with a date and an amount but no account column is passed
/// over, as [`LedgerFile::format`] says it (in English, as the format's
/// other words: the Sources sheet says them in its language).
pub(super) const NOT_A_LEDGER: &str =
    "a date and an amount column but no account column, so no ledger";

/// A sheet read: its ledger; no ledger header (and the row that came
/// closest, if one did); or a header without an account column whose rows
/// are no ledger rows ([`Doubtful`]).
pub(super) enum SheetRead {
    Ledger(Box<LedgerFile>),
    NoHeader(Option<NearHeader>),
    Doubtful(Doubtful),
}

/// A sheet whose header has a date and an amount but no account column,
/// and under which no row was read as a ledger row or an account heading:
/// the sheet as read (it had no rows), or the error its rows stopped at.
pub(super) type Doubtful = std::result::Result<Box<LedgerFile>, Error>;

/// The first few of a workbook's other sheets, and how many more there are
/// (a workbook may hold thousands; the list goes into one cell on Sources).
pub(super) fn listed(sheets: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = sheets
        .iter()
        .take(SHOWN)
        .map(|name| name.chars().take(100).collect::<String>())
        .collect::<Vec<_>>()
        .join(", ");
    if sheets.len() > SHOWN {
        // No "and": Sources translates these words, and a sheet's own
        // name may hold one.
        text.push_str(&format!(", … {} more", sheets.len() - SHOWN));
    }
    text
}
