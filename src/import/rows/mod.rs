//! From the cells of one export row to a typed ledger row: the part of the
//! import that CSV and spreadsheet files share.
//!
//! Some choices need the whole file: the decimal mark of amounts written as
//! text (`1.234` is a thousand or one) and the order of `a/b/yyyy` dates. The
//! builder learns them from the rows as they come; a row that could not be
//! read before the file said which is remembered, and the reader reads the
//! file again with the answer ([`Finished::Again`]). Files that say it early,
//! or never need it, are read once.

use std::borrow::Cow;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

mod amounts;
mod filter;
mod grouped;
mod journal;
mod posting_dates;
mod totals;
mod unplaced;

pub use super::cell::Cell;
pub(crate) use super::cell::Digits;
use super::cell::{PlainAmount, day_month_year};
use super::columns::{Columns, Role, normalise_header};
pub use super::columns::{
    HEADER_SEARCH_ROWS, Header, NearHeader, find_header, has_total_word, header_in,
    header_not_found, is_total_label,
};
use super::{ControlTotal, ImportOptions, LedgerFile, ReadDetails, RoundedAmount, SkippedRow};
use crate::config::RowFilter;
use crate::dates::{self, DateForm, DateForms, SlashOrder};
use crate::error::{Error, Location, Result};
use chrono::NaiveDate;

use crate::model::{Cents, Code, Codes, Description, LedgerRow, SourceRef, Text};
use crate::money::{self, DecimalMark};
use crate::text::Message;

/// What every row of one file shares: where it is, its index, the project
/// filter and the project file's reading options.
pub struct FileContext<'a> {
    /// The file (and sheet) for messages.
    pub location: Location,
    /// The file's index in the run.
    pub index: u32,
    /// Which rows belong to the project.
    pub filter: &'a RowFilter,
    /// `[ledger]` settings: sheet, encoding, column names.
    pub options: &'a ImportOptions,
    /// Told how far the reading has come ([`super::OnProgress`]).
    pub progress: super::OnProgress<'a>,
    /// Where the project's rows go as they are read, besides the file
    /// ([`RowTap`]), if anywhere.
    pub tap: Option<RowTap>,
}

/// The project's rows of a file passed on as the file is read, a batch at a
/// time, in the order read (the Transactions sheet is written from them
/// while the rest of the ledger is still read: `report::early`). A pass
/// read again, or rows the reading changes later, reach the tap as they
/// were: whoever listens checks what it wrote against the rows kept.
pub type RowTap = std::sync::mpsc::SyncSender<TappedRows>;

/// One batch of rows for a [`RowTap`].
pub struct TappedRows {
    /// The sheet they come from (a workbook's).
    pub sheet: Option<String>,
    /// Each row with the VAT taken out of it, if any.
    pub rows: Vec<(LedgerRow, Option<Decimal>)>,
}

/// Rows in a batch.
const TAPPED_BATCH: usize = 1024;

/// The times a file's project rows' dates may turn (from going up to going
/// down, or back) for their descriptions to be compressed: the rows come in
/// runs of dates, each read in order whether it goes up or down (a
/// newest-first export is one run), and an account-grouped report turns
/// twice at each account. The Transactions sheet reads a project's runs side
/// by side, each from its own block (`model::descriptions` keeps 128
/// decompressed, and up to 1 024 when a reader goes round more): 16 turns
/// is at most 9 runs a file.
const DATE_TURNS: u32 = 16;

/// A builder's rows on their way to a [`RowTap`]; the last batch goes when
/// the builder is done (dropped).
struct Tapping {
    to: RowTap,
    batch: TappedRows,
}

impl Tapping {
    fn new(to: RowTap, sheet: Option<String>) -> Tapping {
        let batch = TappedRows {
            sheet,
            rows: Vec::with_capacity(TAPPED_BATCH),
        };
        Tapping { to, batch }
    }

    /// Keeps a row; false when no one listens any more.
    fn keep(&mut self, row: &LedgerRow, vat: Option<Decimal>) -> bool {
        self.batch.rows.push((row.clone(), vat));
        if self.batch.rows.len() < TAPPED_BATCH {
            return true;
        }
        let full = TappedRows {
            sheet: self.batch.sheet.clone(),
            rows: std::mem::replace(&mut self.batch.rows, Vec::with_capacity(TAPPED_BATCH)),
        };
        // The writer reads the rows' descriptions: compressed, they are read
        // without the lock of a block still being filled.
        crate::model::seal_descriptions();
        self.to.send(full).is_ok()
    }
}

impl Drop for Tapping {
    fn drop(&mut self) {
        if !self.batch.rows.is_empty() {
            crate::model::seal_descriptions();
            let last = TappedRows {
                sheet: self.batch.sheet.take(),
                rows: std::mem::take(&mut self.batch.rows),
            };
            let _ = self.to.send(last);
        }
    }
}

impl FileContext<'_> {
    /// The same context for one sheet of a workbook.
    pub fn for_sheet(&self, sheet: &str) -> FileContext<'_> {
        let mut location = self.location.clone();
        location.sheet = Some(sheet.to_string());
        FileContext {
            location,
            index: self.index,
            filter: self.filter,
            options: self.options,
            progress: self.progress,
            tap: self.tap.clone(),
        }
    }
}

/// The longest code (voucher, account, cost centre, project) velho reads.
const LONGEST_CODE: usize = 255;

/// The end of one reading of a file.
pub enum Finished {
    /// The file as read.
    Done(Box<LedgerFile>),
    /// Rows could not be read before the file showed its decimal mark or date
    /// order; read it again with these.
    Again(Option<DecimalMark>, SlashOrder),
}

/// A row that waits for the file's decimal mark or date order.
struct Waiting {
    location: Location,
    message: Message,
}

/// Builds a [`LedgerFile`] from the rows below the header, one row at a time.
pub struct LedgerBuilder<'a> {
    context: &'a FileContext<'a>,
    headers: Vec<String>,
    columns: Columns,
    /// The decimal mark known before this reading, and what the rows showed.
    mark: Option<DecimalMark>,
    mark_seen: Option<(DecimalMark, u32)>,
    order: SlashOrder,
    order_seen: Option<(SlashOrder, u32)>,
    waiting_amount: Option<Waiting>,
    waiting_date: Option<Waiting>,
    /// The first row with both a debit and a credit, and how many rows
    /// with a debit/credit pair had both (a misread split amount shows as
    /// rows that have both where the file's others never do).
    both_sides: Option<Waiting>,
    both_sides_rows: u64,
    debit_credit_rows: u64,
    /// The file is comma-delimited: a row whose credit is one or two digits
    /// beside a whole debit is a split decimal-comma amount, whatever the
    /// other rows hold.
    comma_delimited: bool,
    /// Such a row was seen.
    split_amount: bool,
    is_1904: bool,
    forms: DateForms,
    /// The file's running total after each totals row, latest last.
    totals_at: Vec<Decimal>,
    /// The account being read, in an account-grouped report.
    group: Option<grouped::Group>,
    /// The voucher being read, in a journal.
    voucher: Option<journal::Voucher>,
    /// Rows without an account, waiting for a subtotal that explains them.
    unplaced: Option<unplaced::Unplaced>,
    /// One copy of each account, name, cost centre, project and supplier.
    codes: Codes,
    /// Whether a (cost centre, project) pair is the project's, as the filter
    /// said the first time the pair came (a long filter list is slow to
    /// scan), and the pair's codes once a project row has used them.
    belongs: FxHashMap<compact_str::CompactString, filter::Pair>,
    /// The key of the pair being looked up, reused.
    pair: String,
    /// The rows passed on as they are read, if the context has a tap.
    tapping: Option<Tapping>,
    /// The last project row's date, the way the dates were going (up or
    /// down) and the times they turned: past [`DATE_TURNS`], the file's
    /// descriptions are kept uncompressed
    /// ([`crate::model::compress_descriptions`]).
    last_date: Option<NaiveDate>,
    date_way: Option<std::cmp::Ordering>,
    date_turns: u32,
    file: LedgerFile,
}

/// At most this many skipped rows are listed one by one.
const LISTED_SKIPS: usize = 10_000;

/// The skip of an account heading row (an account-grouped report).
const ACCOUNT_HEADING: &str = "import.skip.account_heading";

/// The skip of a voucher heading row (a journal).
const VOUCHER_HEADING: &str = "import.skip.voucher_heading";

impl<'a> LedgerBuilder<'a> {
    /// Starts a file whose header is `headers` at `header_row`.
    pub fn new(context: &'a FileContext<'a>, header: Header) -> Result<Self> {
        // This file's descriptions are compressed while its rows keep to
        // few runs of dates (`note_date_order`).
        crate::model::compress_descriptions(true);
        let Header {
            row: header_row,
            names: headers,
            columns,
            ..
        } = header;
        let filter = context.filter;
        let needs = [
            (
                !filter.cost_centres.is_empty(),
                Role::CostCentre,
                "import.rows.no_cost_centre_column",
            ),
            (
                !filter.projects.is_empty(),
                Role::Project,
                "import.rows.no_project_column",
            ),
        ];
        for (needed, role, missing) in needs {
            if needed && columns.get(role).is_none() {
                return Err(Error::input(
                    context.location.at_row(header_row.into()),
                    Message::new(missing),
                ));
            }
        }
        let file = LedgerFile {
            path: String::new(),
            sha256: String::new(),
            format: String::new(),
            sheet: context.location.sheet.clone(),
            header_row,
            columns: columns.describe(&headers),
            rows_read: 0,
            totals_rows: 0,
            header_rows: 0,
            other_rows: 0,
            all_rows_total: Decimal::ZERO,
            control_totals: Vec::new(),
            rounded: Vec::new(),
            rows: Vec::new(),
            vat_removed: Vec::new(),
            persons: columns.get(Role::Person).map(|_| Vec::new()),
            details: ReadDetails {
                date_in_text: columns.date_in_text(),
                ..ReadDetails::default()
            },
        };
        Ok(LedgerBuilder {
            context,
            headers,
            columns,
            mark: None,
            mark_seen: None,
            order: SlashOrder::Unknown,
            order_seen: None,
            waiting_amount: None,
            both_sides: None,
            both_sides_rows: 0,
            comma_delimited: false,
            split_amount: false,
            debit_credit_rows: 0,
            waiting_date: None,
            is_1904: false,
            forms: DateForms::default(),
            totals_at: Vec::new(),
            group: None,
            unplaced: None,
            voucher: None,
            codes: Codes::default(),
            belongs: FxHashMap::default(),
            pair: String::new(),
            last_date: None,
            date_way: None,
            date_turns: 0,
            tapping: (context.tap.clone())
                .map(|to| Tapping::new(to, context.location.sheet.clone())),
            file,
        })
    }

    /// The file's decimal mark for amounts written as text, when known.
    pub fn with_decimal_mark(mut self, mark: Option<DecimalMark>) -> Self {
        self.mark = mark;
        self
    }

    /// The file is comma-delimited (see `comma_delimited`).
    pub fn with_comma_delimiter(mut self, comma: bool) -> Self {
        self.comma_delimited = comma;
        self
    }

    /// The order of the file's `a/b/yyyy` dates, when known.
    pub fn with_slash_order(mut self, order: SlashOrder) -> Self {
        self.order = order;
        self
    }

    /// Whether spreadsheet serial dates count from 1904.
    pub fn with_1904_dates(mut self, is_1904: bool) -> Self {
        self.is_1904 = is_1904;
        self
    }

    /// The roles of the columns.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The file (and sheet) being read.
    pub fn location(&self) -> &Location {
        &self.context.location
    }

    /// The header's column names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Reads one row below the header.
    pub fn push(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        match self.push_row(row, cells) {
            // Rows without an account were waiting: theirs is the error.
            Err(e) if self.unplaced.is_some() => Err(self.take_unplaced(e)),
            pushed => pushed,
        }
    }

    /// [`push`](Self::push) itself.
    fn push_row(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        if cells.iter().all(Cell::is_empty) {
            return Ok(());
        }
        self.file.rows_read += 1;
        if self.is_repeated_header(cells) {
            self.file.header_rows += 1;
            self.skip(row, "import.skip.repeated_header");
            return Ok(());
        }
        let date_cell = self.cell(cells, Role::Date);
        let line = self.voucher.is_some() && self.is_voucher_line(cells);
        if !line && (date_cell.is_empty() || matches!(date_cell, Cell::Text(t) if self.is_label(t)))
        {
            return self.push_total_or_fail(row, cells);
        }
        let amount = match self.amount(row, cells) {
            Ok(amount) => amount,
            // An account heading in the date column has no amount.
            Err(e) => return self.push_heading_or(row, cells, e),
        };
        self.note_both_sides(row, cells);
        self.file.all_rows_total =
            money::checked_add(self.file.all_rows_total, amount, "the file's total")?;
        let entry = match line || self.voucher.is_some() || self.columns.date_in_text() {
            true => self.layout_entry(row, cells, amount, line)?,
            false => None,
        };
        let (mut cost_centre_digits, mut project_digits) = Default::default();
        let cost_centre = self
            .cell(cells, Role::CostCentre)
            .text_in(&mut cost_centre_digits);
        let project = self.cell(cells, Role::Project).text_in(&mut project_digits);
        let Some((cost_centre_code, project_code)) = self.codes_if_belongs(&cost_centre, &project)
        else {
            self.file.other_rows += 1;
            if project.trim().is_empty() && !self.context.filter.projects.is_empty() {
                self.tally_uncoded(&cost_centre, amount)?;
            }
            if entry.is_none() {
                self.note_slash_order(row, date_cell)?;
            }
            return Ok(());
        };
        let (date, voucher, entry_description) = match entry {
            Some(e) => (e.date, e.voucher, e.description),
            None => (self.date(row, date_cell)?, None, None),
        };
        self.note_date_order(date);
        let amount = self.without_recoverable_vat(row, cells, amount)?;
        let cents = self.cents(row, amount)?;
        self.check_code_lengths(row, cells)?;
        // Borrowed from the cell (or the journal entry) until something
        // edits it: the store copies it once.
        let mut digits = Digits::default();
        let mut description = match &entry_description {
            Some(text) => Cow::Borrowed(&**text),
            None => self.cell(cells, Role::Description).text_in(&mut digits),
        };
        let (account, account_name) = match self.entry_account(row, cells, &mut description) {
            Ok(account) => account,
            Err(e) => return self.wait_unplaced(row, e),
        };
        let ledger_row = LedgerRow {
            source: SourceRef {
                file: self.context.index,
                row,
            },
            date,
            voucher: voucher.unwrap_or_else(|| self.text(cells, Role::Voucher)),
            account,
            account_name,
            cost_centre: cost_centre_code,
            project: project_code,
            description: Description::new(&description),
            supplier: self.code(cells, Role::Supplier),
            cents,
        };
        if let Some(tapping) = &mut self.tapping {
            let vat = self.file.vat_removed.last().filter(|(r, _)| *r == row);
            if !tapping.keep(&ledger_row, vat.map(|(_, vat)| *vat)) {
                self.tapping = None;
            }
        }
        self.file.rows.push(ledger_row);
        self.note_person(row, cells);
        Ok(())
    }

    /// Counts the turns of the project rows' dates: the Transactions sheet
    /// reads the rows by date, a run of compressed descriptions at a time
    /// (`model::descriptions`); past [`DATE_TURNS`] (a file sorted by
    /// supplier, say) the rest are kept as they are.
    fn note_date_order(&mut self, date: NaiveDate) {
        let way = self.last_date.map(|last| date.cmp(&last));
        if let Some(way @ (std::cmp::Ordering::Less | std::cmp::Ordering::Greater)) = way {
            if self.date_way.is_some_and(|before| before != way) {
                self.date_turns += 1;
                if self.date_turns == DATE_TURNS {
                    crate::model::seal_descriptions();
                    crate::model::compress_descriptions(false);
                }
            }
            self.date_way = Some(way);
        }
        self.last_date = Some(date);
    }

    /// Keeps the person a project row names, when the export has a person
    /// column ([`LedgerFile::persons`]).
    fn note_person(&mut self, row: u32, cells: &[Cell]) {
        if self.file.persons.is_none() {
            return;
        }
        let person = self.code(cells, Role::Person);
        if let (false, Some(persons)) = (person.trim().is_empty(), self.file.persons.as_mut()) {
            persons.push((row, person));
        }
    }

    /// The file as read, or a request to read it again with what the whole
    /// file showed (path, hash and format are filled in by the caller).
    pub fn finish(mut self) -> Result<Finished> {
        // The file's descriptions are read on other threads from here on.
        crate::model::seal_descriptions();
        crate::model::compress_descriptions(false);
        if let Some(waiting) = self.unplaced.take() {
            return Err(waiting.into_error());
        }
        self.close_voucher()?;
        if let Some(w) = &self.both_sides
            && (self.both_sides_rows < self.debit_credit_rows || self.split_amount)
        {
            return Err(Error::input(w.location.clone(), w.message.clone()));
        }
        let mark_known = self.mark.is_some() || self.mark_seen.is_some();
        let order_known = self.order != SlashOrder::Unknown || self.order_seen.is_some();
        for (waiting, known) in [
            (&self.waiting_amount, mark_known),
            (&self.waiting_date, order_known),
        ] {
            if let (Some(w), false) = (waiting, known) {
                return Err(Error::input(w.location.clone(), w.message.clone()));
            }
        }
        if self.waiting_amount.is_some() || self.waiting_date.is_some() {
            let mark = self.mark.or(self.mark_seen.map(|(m, _)| m));
            let order = match self.order {
                SlashOrder::Unknown => self.order_seen.map_or(SlashOrder::Unknown, |(o, _)| o),
                known => known,
            };
            return Ok(Finished::Again(mark, order));
        }
        self.file.details.decimal_mark = self
            .mark
            .or(self.mark_seen.map(|(m, _)| m))
            .map(|m| m.describe().to_string());
        self.file.details.date_format = self.forms.describe();
        Ok(Finished::Done(Box::new(self.file)))
    }

    /// True when a row has been placed as a ledger row (the project's or
    /// another's) or as an account heading: the sheet reads as a ledger.
    pub fn has_entries(&self) -> bool {
        !self.file.rows.is_empty() || self.file.other_rows > 0 || self.group.is_some()
    }

    /// Rows of other cost centres or projects so far.
    pub fn other_rows(&self) -> u64 {
        self.file.other_rows
    }

    /// Lists a skipped row; `reason` is the catalogue key of why.
    fn skip(&mut self, row: u32, reason: &'static str) {
        if self.file.details.skipped.len() < LISTED_SKIPS {
            self.file.details.skipped.push(SkippedRow { row, reason });
        }
    }

    fn cell<'c>(&self, cells: &'c [Cell<'c>], role: Role) -> &'c Cell<'c> {
        self.columns
            .get(role)
            .and_then(|c| cells.get(c))
            .unwrap_or(&Cell::Empty)
    }

    /// A voucher, account, cost centre or project code of more than
    /// [`LONGEST_CODE`] characters is a column read wrongly (or a broken
    /// export), never a code: an error naming the row and column.
    fn check_code_lengths(&self, row: u32, cells: &[Cell]) -> Result<()> {
        for (role, what) in [
            (Role::Voucher, "import.rows.code.voucher"),
            (Role::Account, "import.rows.code.account"),
            (Role::CostCentre, "import.rows.code.cost_centre"),
            (Role::Project, "import.rows.code.project"),
            (Role::Person, "import.rows.code.person"),
        ] {
            if let Cell::Text(t) = self.cell(cells, role)
                && t.len() > LONGEST_CODE
                && t.trim().chars().count() > LONGEST_CODE
            {
                return Err(Error::input(
                    self.at(row, role),
                    Message::new("import.rows.code_too_long")
                        .with_message("what", Message::new(what))
                        .with("length", t.trim().chars().count())
                        .with("longest", LONGEST_CODE),
                ));
            }
        }
        Ok(())
    }

    fn text(&self, cells: &[Cell], role: Role) -> Text {
        Text::from(&*self.cell(cells, role).text_in(&mut Digits::default()))
    }

    fn code(&mut self, cells: &[Cell], role: Role) -> Code {
        let mut digits = Digits::default();
        let text = self.cell(cells, role).text_in(&mut digits);
        self.codes.get(&text)
    }

    fn at(&self, row: u32, role: Role) -> Location {
        let column = self
            .columns
            .get(role)
            .and_then(|c| self.headers.get(c))
            .cloned()
            .unwrap_or_else(|| role.to_string());
        self.context.location.at_row(row.into()).at_column(column)
    }
}

#[cfg(test)]
mod tests;
