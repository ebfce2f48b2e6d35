//! Ledger import: accounting exports (CSV and spreadsheets) → the project's
//! typed ledger rows, each with its source, and per-file counts.
//!
//! Only this module reads input files. Rows of other projects are counted
//! (and their amounts added to the file's control total) but not kept, so the
//! memory held is the project's rows, not the organisation's ledger.

mod cell;
pub mod claim;
mod columns;
mod csv;
pub mod decision;
pub mod guard;
mod messages;
pub mod not_ledger;
pub mod own;
pub mod payroll;
mod portable;
mod precheck;
mod rows;
mod sheet;
mod sniff;
pub mod vocabulary;
mod workbook;
mod xlsx;

use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

pub use columns::{Columns, Role, normalise_header};
pub use csv::check_quoting;
pub use precheck::{Limits, check_archive, check_compound};
pub use rows::is_total_label;
pub use rows::{Cell, RowTap, TappedRows};
pub use sniff::SPREADSHEET_EXTENSIONS;
pub use sniff::{FileKind, sniff_kind};

pub use portable::Portable;
#[doc(hidden)]
pub use xlsx::compare::{readers_agree_on_archive, readers_agree_on_parts};

use crate::config::RowFilter;
use crate::error::{Error, Location, Result};
use crate::model::LedgerRow;
use crate::text::{Lang, Message};

/// A totals row an export printed itself ("Yhteensä"), used as a control total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlTotal {
    /// The row it stands on.
    pub row: u32,
    /// The amount the export states (debit − credit).
    pub stated: Decimal,
    /// The sum of the data rows above it, as velho read them.
    pub computed: Decimal,
    /// The account it is the subtotal of, in an account-grouped report.
    pub account: Option<String>,
}

/// An amount that had parts smaller than a cent and was rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundedAmount {
    /// The row.
    pub row: u32,
    /// The amount as the file gave it.
    pub original: Decimal,
}

pub use crate::config::{ImportOptions, TextEncoding};

/// A row the import skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// The 1-based row (line).
    pub row: u32,
    /// Why: the catalogue key of the reason (`import.skip.…`), said with
    /// [`Lang::text`].
    pub reason: &'static str,
}

/// A workbook's sheet that had a header but was passed over for a later
/// sheet (a summary sheet before the ledger), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedSheet {
    /// The sheet's name.
    pub sheet: String,
    /// Why it was not read as the ledger.
    pub reason: Message,
}

/// How a file was read, for `velho inspect`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadDetails {
    /// The text encoding of a CSV file.
    pub encoding: Option<String>,
    /// The delimiter of a CSV file.
    pub delimiter: Option<String>,
    /// The decimal mark of amounts written as text, when the file showed one.
    pub decimal_mark: Option<String>,
    /// The forms of the dates (`d.m.yyyy`, `date cells`…).
    pub date_format: String,
    /// Sheets of a workbook that were not read.
    pub other_sheets: Vec<String>,
    /// Sheets with a header that were passed over as no ledger, and why.
    pub skipped_sheets: Vec<SkippedSheet>,
    /// Totals and repeated header rows (at most 10 000 listed).
    pub skipped: Vec<SkippedRow>,
    /// The shape of an account-grouped report, when the file is one.
    pub grouped: Option<GroupedLayout>,
    /// Rows the filter left out that have no project code, by cost centre:
    /// (rows, sum of amounts). Tallied only when the filter selects by
    /// project code (such rows may be the project's own costs booked
    /// without the code).
    pub uncoded_other_rows: std::collections::BTreeMap<String, (u64, Decimal)>,
    /// The shape of a journal (päiväkirja), when the file is one.
    pub journal: Option<JournalLayout>,
    /// The date opens the text of a combined column (`Tili / Päiväys`).
    pub date_in_text: bool,
}

/// An account-grouped general-ledger report (pääkirja): heading rows give
/// the account to the entries below them, subtotal rows are the accounts'
/// control totals ([`ControlTotal::account`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupedLayout {
    /// Account heading rows read.
    pub accounts: u32,
}

/// A journal (päiväkirja): voucher heading rows give their number and date
/// to the lines below them; every voucher balances.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalLayout {
    /// Voucher heading rows read.
    pub vouchers: u32,
}

impl LedgerFile {
    /// The file's layout in words, in English: `account-grouped report, 9
    /// accounts, subtotals agree`, or `flat (one posting a row)`.
    pub fn layout(&self) -> String {
        self.layout_in(Lang::En)
    }

    /// [`LedgerFile::layout`] in a language.
    pub fn layout_in(&self, lang: Lang) -> String {
        let dated = match self.details.date_in_text {
            true => lang.text("import.layout.dated"),
            false => "",
        };
        if let Some(journal) = &self.details.journal {
            let vouchers = lang.count("import.layout.vouchers", journal.vouchers as usize);
            return lang.fill("import.layout.journal", &[("vouchers", &vouchers)]);
        }
        let Some(grouped) = &self.details.grouped else {
            return lang.fill("import.layout.flat", &[("dated", &dated)]);
        };
        let accounts = lang.count("import.layout.accounts", grouped.accounts as usize);
        let subtotals: Vec<&ControlTotal> = self
            .control_totals
            .iter()
            .filter(|t| t.account.is_some())
            .collect();
        let wrong: Vec<&str> = subtotals
            .iter()
            .filter(|t| t.stated != t.computed)
            .filter_map(|t| t.account.as_deref())
            .collect();
        let verdict = match (subtotals.len(), wrong.len()) {
            (0, _) => lang.text("import.layout.no_subtotals").to_string(),
            (_, 0) => lang.text("import.layout.subtotals_agree").to_string(),
            (_, 1) => lang.fill(
                "import.layout.subtotal_disagrees",
                &[("account", &wrong[0])],
            ),
            (_, _) => lang.fill(
                "import.layout.subtotals_disagree",
                &[("accounts", &wrong.join(", "))],
            ),
        };
        lang.fill(
            "import.layout.grouped",
            &[
                ("accounts", &accounts),
                ("verdict", &verdict),
                ("dated", &dated),
            ],
        )
    }

    /// Adds an account-grouped report's layout to [`LedgerFile::format`].
    pub(crate) fn note_layout(&mut self) {
        if self.details.grouped.is_some() {
            self.format.push_str(", account-grouped report");
        }
        if self.details.journal.is_some() {
            self.format.push_str(", journal");
        }
    }
}

/// One ledger export as read: how it was read, what it held, and the project's rows.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    /// The path as shown to the user (relative to the project folder).
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// How the file was read: format, encoding, delimiter, decimal mark.
    pub format: String,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// The 1-based row (line) of the header.
    pub header_row: u32,
    /// Which column plays which role.
    pub columns: String,
    /// Rows below the header (blank rows not counted).
    pub rows_read: u64,
    /// Totals and subtotal rows (skipped; used as control totals).
    pub totals_rows: u64,
    /// Repeated header rows and account heading rows (skipped).
    pub header_rows: u64,
    /// Rows of other cost centres or projects (counted, not kept).
    pub other_rows: u64,
    /// The sum of every posting in the file, all projects.
    pub all_rows_total: Decimal,
    /// The export's own totals rows.
    pub control_totals: Vec<ControlTotal>,
    /// Amounts rounded to the cent on import.
    pub rounded: Vec<RoundedAmount>,
    /// The project's rows, in file order.
    pub rows: Vec<LedgerRow>,
    /// The VAT parts taken out of project rows' amounts (recoverable VAT):
    /// (row, VAT), in row order; empty unless the project recovers VAT and
    /// the export has a VAT column.
    pub vat_removed: Vec<(u32, Decimal)>,
    /// The person of each project row that names one, (row, person) in row
    /// order, when the export has a person column (*Henkilö / Työntekijä /
    /// Employee*); `None` when it has none. A side table, not a field of
    /// [`LedgerRow`]: a million rows without persons cost nothing, and only
    /// the rows that name someone (salary postings) take a place here.
    pub persons: Option<Vec<(u32, crate::model::Code)>>,
    /// How the file was read, for `velho inspect`.
    pub details: ReadDetails,
}

/// Told how far the reading of a file has come, every few thousand rows:
/// `(done, total)`, bytes of a text export (`total` its size), or rows of a
/// spreadsheet (`total` 0: unknown until the end).
pub type OnProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A progress callback that does nothing.
pub fn no_progress(_: u64, _: u64) {}

/// How many rows pass between two progress reports.
pub(crate) const PROGRESS_EVERY: u32 = 8192;

/// Reads one ledger export. `index` is the file's place in the run's list and
/// goes into every row's [`SourceRef`](crate::model::SourceRef).
pub fn read_ledger(
    path: &Path,
    shown_as: &str,
    index: u32,
    filter: &RowFilter,
    options: &ImportOptions,
) -> Result<LedgerFile> {
    read_ledger_with_progress(path, shown_as, index, filter, options, &no_progress, None)
}

/// The metadata of an input that is an ordinary file; a pipe, a device or
/// a folder is refused with a message (a FIFO would block for ever, a
/// device such as /dev/zero never end).
pub(crate) fn regular_file(path: &Path, location: &Location) -> Result<std::fs::Metadata> {
    let metadata = std::fs::metadata(path).map_err(|e| match std::fs::read_link(path) {
        // A link whose target is gone: an unmounted network drive, a moved folder.
        Ok(target) => Error::input(
            location.clone(),
            Message::new("import.file.broken_link")
                .with("target", target.display())
                .with("error", e),
        ),
        Err(_) => Error::io(path, e),
    })?;
    if !metadata.is_file() {
        return Err(Error::input(
            location.clone(),
            Message::new("import.file.not_a_file"),
        ));
    }
    Ok(metadata)
}

/// [`read_ledger`], telling `progress` how far it has come and passing the
/// project's rows to `tap` as they are read.
pub fn read_ledger_with_progress(
    path: &Path,
    shown_as: &str,
    index: u32,
    filter: &RowFilter,
    options: &ImportOptions,
    progress: OnProgress,
    tap: Option<RowTap>,
) -> Result<LedgerFile> {
    let location = Location::file(shown_as);
    let metadata = regular_file(path, &location)?;
    let size = metadata.len();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // A text export is read as a stream, never whole: its first bytes say
    // what it is. A zip-based workbook is read from its file; XLS and
    // UTF-16 text (transcoded whole) are read into memory.
    // (Only a regular file can be read more than once: a pipe is read whole.)
    let mut head = Vec::with_capacity(HEAD_BYTES);
    if metadata.is_file() {
        std::fs::File::open(path)
            .and_then(|f| std::io::Read::take(f, HEAD_BYTES as u64).read_to_end(&mut head))
            .map_err(|e| Error::io(path, e))?;
    }
    let whole_needed = head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.is_empty()
        || sniff::sniff_kind(&head, &extension) != FileKind::Text;
    if let Some(refusal) = too_big(size, whole_needed, precheck::Limits::DEFAULT.file_bytes) {
        return Err(Error::input(location, refusal));
    }
    // A workbook is opened from its file (in the bounded child process
    // when it is enabled): see `workbook::open_workbook`.
    let workbook = head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if whole_needed && !workbook {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        return read_bytes(
            bytes, shown_as, &extension, index, filter, options, progress, tap,
        );
    }
    let context = rows::FileContext {
        location,
        index,
        filter,
        options,
        progress,
        tap,
    };
    if whole_needed {
        return read_workbook_file(path, shown_as, &context);
    }
    let mut file = csv::read(csv::Source::File(path, size), &context)?;
    file.path = shown_as.to_string();
    Ok(file)
}

/// Why a file of `size` bytes is refused, if it is: a workbook (or UTF-16
/// text, read whole) is bounded by its size; a CSV streams, so a whole
/// organisation's ledger of any length is read.
fn too_big(size: u64, read_whole: bool, limit: u64) -> Option<Message> {
    (read_whole && size > limit).then(|| {
        Message::new("import.file.too_big")
            .with("size", size / 1_000_000)
            .with("limit", limit / 1_000_000)
    })
}

/// Reads a workbook from its file, never whole: opened as every workbook
/// is ([`workbook::open_workbook`]: calamine reads the parts it needs, in a
/// bounded child process when [`guard::enabled`], else here), while the
/// other core hashes the file.
fn read_workbook_file(
    path: &Path,
    shown_as: &str,
    context: &rows::FileContext,
) -> Result<LedgerFile> {
    let before = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let (sha256, read) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| sha256_of_file(path, before.len()));
        let read = workbook::open_workbook(workbook::WorkbookInput::File(path))
            .map_err(|e| e.into_error(context.location.clone()))
            .and_then(|book| sheet::read(book, context));
        (hashing.join(), read)
    });
    let mut file = read?;
    let sha256 = match sha256 {
        Ok(hashed) => hashed.map_err(|e| Error::io(path, e))?,
        Err(_) => {
            return Err(Error::input(
                context.location.clone(),
                Message::new("import.file.hashing_failed"),
            ));
        }
    };
    // The hash must be of the bytes read: the file is read twice, so a file
    // written meanwhile is refused rather than reported under a wrong hash.
    let after = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if after.len() != before.len() || after.modified().ok() != before.modified().ok() {
        return Err(Error::input(
            context.location.clone(),
            Message::new("import.file.changed"),
        ));
    }
    file.path = shown_as.to_string();
    file.sha256 = sha256;
    Ok(file)
}

/// SHA-256 of a file's bytes as lower-case hex, read as a stream.
fn sha256_of_file(path: &Path, size: u64) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    csv::Source::File(path, size).for_each_chunk(0, |chunk| {
        hasher.update(chunk);
        true
    })?;
    Ok(crate::model::hex(&hasher.finalize()))
}

/// How much of a file is read to tell what it is.
const HEAD_BYTES: usize = 64 * 1024;

/// Reads one ledger export from its bytes; `extension` (lower case, no dot)
/// only helps to name what a file is when it is not what its name says.
pub fn read_ledger_bytes(
    bytes: Vec<u8>,
    shown_as: &str,
    extension: &str,
    index: u32,
    filter: &RowFilter,
    options: &ImportOptions,
) -> Result<LedgerFile> {
    read_bytes(
        bytes,
        shown_as,
        extension,
        index,
        filter,
        options,
        &no_progress,
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn read_bytes(
    bytes: Vec<u8>,
    shown_as: &str,
    extension: &str,
    index: u32,
    filter: &RowFilter,
    options: &ImportOptions,
    progress: OnProgress,
    tap: Option<RowTap>,
) -> Result<LedgerFile> {
    let location = Location::file(shown_as);
    if bytes.is_empty() {
        return Err(Error::input(location, Message::new("import.file.empty")));
    }
    let context = rows::FileContext {
        location,
        index,
        filter,
        options,
        progress,
        tap,
    };
    let kind = match sniff::sniff_kind(&bytes, extension) {
        // UTF-16 without a byte-order mark, as the user said it is.
        FileKind::Utf16WithoutBom if options.encoding == Some(TextEncoding::Utf16) => {
            FileKind::Text
        }
        kind => kind,
    };
    if kind == FileKind::Text {
        // Hashed while it is read.
        let mut file = csv::read(csv::Source::Bytes(&bytes), &context)?;
        file.path = shown_as.to_string();
        return Ok(file);
    }
    // The file's hash on the other core, while this one reads the rows.
    let (sha256, file) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| sha256_hex(&bytes));
        let file = match kind {
            FileKind::Text => csv::read(csv::Source::Bytes(&bytes), &context),
            FileKind::Zip | FileKind::Ole => {
                workbook::open_workbook(workbook::WorkbookInput::Bytes(&bytes))
                    .map_err(|e| e.into_error(context.location.clone()))
                    .and_then(|book| sheet::read(book, &context))
            }
            other => Err(Error::input(
                context.location.clone(),
                other.refusal(extension),
            )),
        };
        (hashing.join(), file)
    });
    let mut file = file?;
    let sha256 = sha256.map_err(|_| {
        Error::input(
            context.location.clone(),
            Message::new("import.file.hashing_failed"),
        )
    })?;
    file.path = shown_as.to_string();
    file.sha256 = sha256;
    Ok(file)
}

/// Reads one ledger file; a panic inside a parser becomes an error naming the file.
pub fn read_contained(
    path: &Path,
    shown_as: &str,
    index: u32,
    filter: &RowFilter,
    options: &ImportOptions,
) -> Result<LedgerFile> {
    contained(shown_as, || {
        read_ledger(path, shown_as, index, filter, options)
    })
}

/// Runs one file's import; a panic inside a parser becomes the error "file X
/// could not be read", so the run stops cleanly with nothing written.
pub fn contained<T>(shown_as: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        Err(Error::input(
            Location::file(shown_as),
            workbook::panic_message(&*panic),
        ))
    })
}

pub use crate::model::sha256_hex;

#[cfg(test)]
mod tests {
    use super::*;

    /// The error of reading `text` as the CSV export `name`.
    fn error_of(name: &str, text: &str, options: &ImportOptions) -> Error {
        let read = read_ledger_bytes(
            text.as_bytes().to_vec(),
            name,
            "csv",
            0,
            &RowFilter::default(),
            options,
        );
        read.expect_err("refused")
    }

    #[test]
    fn an_input_error_is_said_in_finnish_and_in_english() {
        let options = ImportOptions::default();
        let amount = error_of(
            "kirjanpito.csv",
            "Pvm;Tili;Summa\n1.1.2021;4000;10,00\n2.1.2021;4000;sata euroa\n",
            &options,
        );
        assert_eq!(
            amount.describe(Lang::Fi),
            "kirjanpito.csv, rivi 3, sarake \"Summa\": \"sata euroa\" ei ole rahamäärä"
        );
        assert_eq!(
            amount.describe(Lang::En),
            "kirjanpito.csv, row 3, column \"Summa\": \"sata euroa\" is not an amount"
        );

        let no_header = error_of("muistio.csv", "Nimi;Osoite\nMatti;Katu 1\n", &options);
        assert_eq!(
            no_header.describe(Lang::Fi),
            "muistio.csv: otsikkoriviä ei löytynyt ensimmäisiltä 50 riviltä; odotettiin \
             sarakkeiden nimiä kuten Tositepvm/Päivämäärä/Date, Tili/Tilinumero/Account ja \
             Summa/Amount (tai Debet ja Kredit); jos tiedoston sarakkeilla on muut nimet, nimeä \
             sarakkeet velho.toml-tiedoston kohdassa [ledger.columns]"
        );
        assert_eq!(
            no_header.describe(Lang::En),
            "muistio.csv: no header row found in the first 50 rows; expected column names such \
             as Tositepvm/Päivämäärä/Date, Tili/Tilinumero/Account and Summa/Amount (or Debet and \
             Kredit); if the file has other names, name the columns in velho.toml under \
             [ledger.columns]"
        );

        // A row that comes close to a header: its columns listed.
        let near = error_of(
            "saldot.csv",
            "Tili;Selite;Summa\n4000;Palkat;10,00\n",
            &options,
        );
        assert_eq!(
            near.describe(Lang::Fi),
            "saldot.csv: kirjanpidon otsikkoriviä ei löytynyt ensimmäisiltä 50 riviltä: rivillä 1 \
             on tilisarake \"Tili\", selitesarake \"Selite\" ja summasarake \"Summa\", mutta ei \
             päivämääräsaraketta (kuten Tositepvm, Kirjauspäivä, Päivämäärä tai Posting Date); \
             velho tarvitsee jokaiselle kirjanpidon riville kirjauspäivän ja summan (tai debetin \
             ja kreditin): ota vienti pääkirjasta tai hankkeen kustannuspaikkaraportista niin, \
             että ne ovat mukana, tai nimeä sarakkeet velho.toml-tiedoston kohdassa \
             [ledger.columns]"
        );
        assert!(
            near.describe(Lang::En).starts_with(
                "saldot.csv: no ledger header found in the first 50 rows: row 1 has an account \
                 column \"Tili\", a description column \"Selite\" and an amount column \"Summa\" \
                 but no date column (such as Tositepvm, Kirjauspäivä, Päivämäärä or Posting Date); "
            ),
            "{near}"
        );

        // Amounts in a message are written as each language writes them.
        let vat = error_of(
            "alv.csv",
            "Pvm;Tili;Summa;Alv\n1.1.2021;4000;1 000,00;1 240,00\n",
            &ImportOptions {
                vat_recoverable: true,
                ..ImportOptions::default()
            },
        );
        assert_eq!(
            vat.describe(Lang::Fi),
            "alv.csv, rivi 2, sarake \"Alv\": arvonlisävero 1\u{a0}240,00\u{a0}€ on suurempi \
             kuin rivin summa 1\u{a0}000,00\u{a0}€; odotettiin summaan sisältyvää \
             arvonlisäveroa (tarkista, että sarakkeessa on arvonlisävero, tai nimeä oikea \
             sarake kohdassa [ledger.columns] vat)"
        );
        assert_eq!(
            vat.describe(Lang::En),
            "alv.csv, row 2, column \"Alv\": the VAT €1,240.00 is more than the row's amount \
             €1,000.00; expected the VAT part of the amount (check that the column holds VAT, \
             or name the right one in [ledger.columns] vat)"
        );
    }

    #[test]
    fn only_a_file_read_whole_is_refused_for_its_size() {
        let limit = precheck::Limits::DEFAULT.file_bytes;
        let big = limit + 1;
        // A CSV streams: 5 GB of ledger is read.
        assert_eq!(too_big(5_000_000_000, false, limit), None);
        assert_eq!(too_big(limit, true, limit), None);
        assert_eq!(
            too_big(big, true, limit).map(|m| m.to_string()).as_deref(),
            Some(
                "the file is 536 MB; velho reads spreadsheet exports of at most 536 MB (a CSV export of any size): export the ledger as CSV, or a shorter period or only the project's rows"
            )
        );
    }
}
