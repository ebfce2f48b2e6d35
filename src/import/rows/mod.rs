//! From the cells of one export row to a typed ledger row: the part of the
//! import that CSV and spreadsheet files share.
//!
//! Some choices need the whole file: the decimal mark of amounts written as
//! text (`1.234` is a thousand or one) and the order of `a/b/yyyy` dates. The
//! builder learns them from the rows as they come; a row that could not be
//! read before the file said which is remembered, and the reader reads the
//! file again with the answer ([`Finished::Again`]). Files that say it early,
//! or never need it, are read once.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

mod amounts;
mod grouped;
mod journal;
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
use crate::model::{Code, Codes, LedgerRow, SourceRef, Text};
use crate::money::{self, DecimalMark};

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
    message: String,
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
    /// said the first time the pair came (a long filter list is slow to scan).
    belongs: FxHashMap<Box<[u8]>, bool>,
    /// The key of the pair being looked up, reused.
    pair: Vec<u8>,
    file: LedgerFile,
}

/// At most this many (cost centre, project) pairs have the filter's answer remembered.
const REMEMBERED_PAIRS: usize = 1 << 16;

/// At most this many skipped rows are listed one by one.
const LISTED_SKIPS: usize = 10_000;

impl<'a> LedgerBuilder<'a> {
    /// Starts a file whose header is `headers` at `header_row`.
    pub fn new(context: &'a FileContext<'a>, header: Header) -> Result<Self> {
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
                "Kustannuspaikka, Kp or Cost centre",
                "cost centre",
            ),
            (
                !filter.projects.is_empty(),
                Role::Project,
                "Projekti, Hanke or Project",
                "project code",
            ),
        ];
        for (needed, role, names, what) in needs {
            if needed && columns.get(role).is_none() {
                return Err(Error::input(
                    context.location.at_row(header_row.into()),
                    format!(
                        "no {what} column (expected a header such as {names}); the project file selects the project's rows by {what}"
                    ),
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
            pair: Vec::new(),
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
            self.skip(row, "the header repeated");
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
        if !self.belongs(&cost_centre, &project) {
            self.file.other_rows += 1;
            if project.trim().is_empty() && !self.context.filter.projects.is_empty() {
                self.tally_uncoded(&cost_centre, amount)?;
            }
            if entry.is_none() {
                self.note_slash_order(row, date_cell)?;
            }
            return Ok(());
        }
        let (date, voucher, description) = match entry {
            Some(e) => (e.date, e.voucher, e.description),
            None => (self.date(row, date_cell)?, None, None),
        };
        let amount = self.without_recoverable_vat(row, cells, amount)?;
        self.check_code_lengths(row, cells)?;
        let mut description = description.unwrap_or_else(|| self.text(cells, Role::Description));
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
            cost_centre: self.codes.get(&cost_centre),
            project: self.codes.get(&project),
            description,
            supplier: self.code(cells, Role::Supplier),
            amount,
        };
        self.file.rows.push(ledger_row);
        Ok(())
    }

    /// The file as read, or a request to read it again with what the whole
    /// file showed (path, hash and format are filled in by the caller).
    pub fn finish(mut self) -> Result<Finished> {
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

    /// Which columns a row of another project is read from (by column
    /// index): the date, the amount columns, the cost centre and the project.
    /// The other fields of such a row are never looked at.
    pub fn early_columns(&self) -> Vec<bool> {
        let roles = [
            Role::Date,
            Role::Amount,
            Role::Debit,
            Role::Credit,
            Role::Marker,
            Role::CostCentre,
            Role::Project,
        ];
        let mut early = vec![false; self.headers.len()];
        for column in roles.iter().filter_map(|&r| self.columns.get(r)) {
            if let Some(e) = early.get_mut(column) {
                *e = true;
            }
        }
        early
    }

    /// True when `push` would read this row as another project's row from
    /// its [`early_columns`](Self::early_columns) alone: a date that is not
    /// empty, a totals label or the header's, and a cost centre and project
    /// the filter does not take. Such a row may be pushed with its other
    /// cells empty.
    pub fn is_other_row(&mut self, cells: &[Cell]) -> bool {
        let date = self.cell(cells, Role::Date);
        let header_date = self
            .columns
            .get(Role::Date)
            .and_then(|c| self.headers.get(c))
            .map_or("", |h| h.trim());
        match date {
            Cell::Text(t)
                if !t.trim().is_empty()
                    && !is_total_label(t)
                    && !t.trim().eq_ignore_ascii_case(header_date) => {}
            _ => return false,
        }
        let cost_centre = self.cell(cells, Role::CostCentre).text();
        let project = self.cell(cells, Role::Project).text();
        !self.belongs(&cost_centre, &project)
    }

    /// A row left out for its missing project code, counted by cost centre
    /// (allocating only for a cost centre not seen before).
    fn tally_uncoded(&mut self, cost_centre: &str, amount: Decimal) -> Result<()> {
        let tally = &mut self.file.details.uncoded_other_rows;
        let entry = match tally.get_mut(cost_centre) {
            Some(entry) => entry,
            None => tally.entry(cost_centre.to_string()).or_default(),
        };
        entry.0 += 1;
        entry.1 = money::checked_add(entry.1, amount, "the rows without a project code")?;
        Ok(())
    }

    /// The filter's answer for a cost centre and project, remembered.
    fn belongs(&mut self, cost_centre: &str, project: &str) -> bool {
        self.pair.clear();
        self.pair
            .extend_from_slice(&(cost_centre.len() as u64).to_le_bytes());
        self.pair.extend_from_slice(cost_centre.as_bytes());
        self.pair.extend_from_slice(project.as_bytes());
        if let Some(&belongs) = self.belongs.get(self.pair.as_slice()) {
            return belongs;
        }
        let belongs = self.context.filter.matches(cost_centre, project);
        if self.belongs.len() < REMEMBERED_PAIRS {
            self.belongs
                .insert(self.pair.clone().into_boxed_slice(), belongs);
        }
        belongs
    }

    fn skip(&mut self, row: u32, reason: &'static str) {
        if self.file.details.skipped.len() < LISTED_SKIPS {
            self.file.details.skipped.push(SkippedRow { row, reason });
        }
    }

    /// A row that repeats the header: cheap test on the date column first.
    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        let Some(date_column) = self.columns.get(Role::Date) else {
            return false;
        };
        let same = |h: &str, c: &Cell| match c {
            Cell::Text(t) => normalise_header(h) == normalise_header(t),
            _ => false,
        };
        match (self.headers.get(date_column), cells.get(date_column)) {
            (Some(h), Some(Cell::Text(t))) if t.trim().eq_ignore_ascii_case(h.trim()) => {
                cells.len() >= self.headers.len()
                    && self
                        .headers
                        .iter()
                        .zip(cells)
                        .all(|(h, c)| h.trim().is_empty() && c.is_empty() || same(h, c))
            }
            _ => false,
        }
    }

    /// True when a date cell's text is a totals label rather than a date:
    /// `Yhteensä`, or in an account-grouped report `4010 Palkat yhteensä`
    /// (a date has no letters, so a flat file's dates are never normalised).
    fn is_label(&self, text: &str) -> bool {
        is_total_label(text)
            || (self.group.is_some()
                && text.bytes().any(|b| b.is_ascii_alphabetic())
                && has_total_word(text))
    }

    /// A row without a date: a totals row, an account heading, or an error.
    fn push_total_or_fail(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        let in_layout = self.group.is_some() || self.voucher.is_some();
        if in_layout && !self.is_totals_row(cells) && self.reads_nothing(cells) {
            self.file.header_rows += 1;
            self.skip(row, "a running balance or a note (no posting)");
            return Ok(());
        }
        if !self.is_totals_row(cells) {
            let error = Error::input(
                self.at(row, Role::Date),
                "the date is empty; expected the posting date (d.m.yyyy) on every ledger row",
            );
            return self.push_heading_or(row, cells, error);
        }
        if let Some(error) = self.subtotal_without_heading(row, cells) {
            self.unplaced = None;
            return Err(error);
        }
        let stated = self.amount(row, cells)?;
        let (computed, account) = self.total_of(cells, stated)?;
        let reason = match account {
            Some(_) => "an account's subtotal (used as its control total)",
            None => "a totals row (used as a control total)",
        };
        self.file.control_totals.push(ControlTotal {
            row,
            stated,
            computed,
            account,
        });
        self.file.totals_rows += 1;
        self.totals_at.push(self.file.all_rows_total);
        self.skip(row, reason);
        Ok(())
    }

    /// True when none of the columns velho reads holds anything (a report's
    /// running-balance row, under a heading).
    fn reads_nothing(&self, cells: &[Cell]) -> bool {
        Role::ALL
            .iter()
            .all(|&role| journal::is_blank_amount(self.cell(cells, role)))
    }

    /// What a totals row should state: the rows since an earlier totals row
    /// (the latest one whose segment matches; subtotals may nest), else the
    /// rows since the last totals row, or the whole file when none came since.
    fn segment_total(&self, stated: Decimal) -> Result<Decimal> {
        let total = self.file.all_rows_total;
        let since = |at: Decimal| money::checked_add(total, -at, "a control total");
        let starts = self
            .totals_at
            .iter()
            .rev()
            .take(64)
            .chain(std::iter::once(&Decimal::ZERO));
        for start in starts {
            let segment = since(*start)?;
            if segment == stated {
                return Ok(segment);
            }
        }
        match self.totals_at.last() {
            Some(last) if *last != total => since(*last),
            _ => Ok(total),
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
        for role in [
            Role::Voucher,
            Role::Account,
            Role::CostCentre,
            Role::Project,
        ] {
            if let Cell::Text(t) = self.cell(cells, role)
                && t.len() > LONGEST_CODE
                && t.trim().chars().count() > LONGEST_CODE
            {
                return Err(Error::input(
                    self.at(row, role),
                    format!(
                        "the {role} is {} characters long; a code is at most {LONGEST_CODE}: check that the column is the right one, or export the file again",
                        t.trim().chars().count()
                    ),
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

    /// Learns the date order from a row that is not the project's.
    fn note_slash_order(&mut self, row: u32, cell: &Cell) -> Result<()> {
        if let Cell::Text(t) = cell
            && self.order == SlashOrder::Unknown
            && t.contains('/')
        {
            self.slash_order_for(row, t)?;
        }
        Ok(())
    }

    /// The date order to read `text` with, after checking it against the rest of the column.
    fn slash_order_for(&mut self, row: u32, text: &str) -> Result<SlashOrder> {
        if self.order != SlashOrder::Unknown {
            return Ok(self.order);
        }
        if let Some(evidence) = dates::slash_evidence(text) {
            match self.order_seen {
                None => self.order_seen = Some((evidence, row)),
                Some((order, first)) if order != evidence => {
                    let name = |o: SlashOrder| match o {
                        SlashOrder::DayFirst => "day/month/year",
                        _ => "month/day/year",
                    };
                    return Err(Error::input(
                        self.at(row, Role::Date),
                        format!(
                            "\"{text}\" can only be {} but the date on row {first} can only be {}; expected one date order in the whole column",
                            name(evidence),
                            name(order)
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(self.order_seen.map_or(SlashOrder::Unknown, |(o, _)| o))
    }

    fn date(&mut self, row: u32, cell: &Cell) -> Result<NaiveDate> {
        let parsed = match cell {
            Cell::Date(d) => {
                self.forms.add(DateForm::DateCell);
                Ok(*d)
            }
            Cell::Number(n) => {
                self.forms.add(if self.is_1904 {
                    DateForm::Serial1904
                } else {
                    DateForm::Serial1900
                });
                dates::from_excel_serial(*n, self.is_1904)
                    .ok_or_else(|| format!("{n} is not a date (expected a date cell or d.m.yyyy)"))
            }
            Cell::Text(t) if let Some(date) = day_month_year(t) => {
                self.forms.add(DateForm::DayMonthYear);
                Ok(date)
            }
            Cell::Text(t) => {
                let order = if t.contains('/') {
                    self.slash_order_for(row, t)?
                } else {
                    SlashOrder::Unknown
                };
                match dates::parse_date_in(t, order) {
                    Ok((date, form)) => {
                        self.forms.add(form);
                        Ok(date)
                    }
                    Err(message) if message.contains("is ambiguous") => {
                        if self.waiting_date.is_none() {
                            self.waiting_date = Some(Waiting {
                                location: self.at(row, Role::Date),
                                message,
                            });
                        }
                        return Ok(NaiveDate::MIN);
                    }
                    Err(message) => Err(message),
                }
            }
            Cell::Error(e) => Err(format!("the cell holds the error {e}; expected a date")),
            Cell::Empty => Err("the date is empty".into()),
        };
        // A spreadsheet holds the years 1900–9999: a typo such as
        // 15.01.0202 stops the run here, naming the cell, not at writing.
        let parsed = parsed.and_then(|date| {
            use chrono::Datelike;
            if date == NaiveDate::MIN || (1900..=9999).contains(&date.year()) {
                Ok(date)
            } else {
                Err(format!(
                    "the year {} is outside 1900–9999; expected a date such as 15.1.2022 (is the year mistyped?)",
                    date.year()
                ))
            }
        });
        parsed.map_err(|message| Error::input(self.at(row, Role::Date), message))
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::import::ImportOptions;

    #[test]
    fn the_plain_amount_fast_path_reads_exactly_as_the_parser() {
        let mut texts = vec![
            "0",
            "-0",
            "7",
            "-0,00",
            "1234,56",
            "1234.56",
            "-1234,5",
            "00012,30",
            "1,234",
            "1.234",
            "1234,567",
            "12,",
            ",5",
            "-",
            "",
            "1 234,56",
            "+5",
            "5-",
            "12a",
            "1234,5x",
            "9999999999999,99",
            "99999999999999,99",
            "-9999999999999.9",
            "1,2,3",
        ];
        let generated: Vec<String> = (0..2000)
            .map(|i: i64| {
                let sep = [",", ".", ""][(i % 3) as usize];
                let fraction = ["", "5", "05", "50", "123"][(i % 5) as usize];
                let sign = if i % 7 == 0 { "-" } else { "" };
                format!("{sign}{}{sep}{fraction}", i * 7919 % 100_003)
            })
            .collect();
        texts.extend(generated.iter().map(String::as_str));
        for text in texts {
            let Some(plain) = PlainAmount::of(text) else {
                continue;
            };
            assert_eq!(plain.mark, money::decimal_mark_evidence(text), "{text}");
            for mark in [
                plain.mark,
                Some(DecimalMark::Comma),
                Some(DecimalMark::Point),
            ] {
                if plain.mark.is_some() && mark != plain.mark {
                    continue;
                }
                let general = money::parse_amount(text, mark).unwrap();
                assert_eq!(plain.value(), general, "{text}");
                assert_eq!(plain.value().to_string(), general.to_string(), "{text}");
            }
        }
    }

    #[test]
    fn the_day_month_year_fast_path_reads_exactly_as_the_parser() {
        let mut texts: Vec<String> = [
            "1.9.2020",
            "01.09.2020",
            "31.2.2021",
            "0.1.2020",
            "29.2.2024",
            "29.2.2023",
            "1.13.2020",
            "1.9.20",
            "1.9.20201",
            "1.9.2020 12:00",
            " 1.9.2020",
            "001.9.2020",
            "1.9.",
            "a.9.2020",
            "9/1/2020",
            "2020-09-01",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for day in 0..=32 {
            for month in 0..=13 {
                texts.push(format!("{day}.{month}.2024"));
                texts.push(format!("{day:02}.{month:02}.1999"));
            }
        }
        for text in &texts {
            let general = dates::parse_date_in(text, SlashOrder::Unknown);
            match day_month_year(text) {
                Some(date) => assert_eq!(general, Ok((date, DateForm::DayMonthYear)), "{text}"),
                None => assert!(
                    general.is_err()
                        || general.unwrap().1 != DateForm::DayMonthYear
                        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        || text.split('.').any(|p| p.len() > 2 && p.len() != 4),
                    "{text}"
                ),
            }
        }
    }

    /// `Cell::text` as it was before its fast paths.
    fn text_before(cell: &Cell) -> String {
        match cell {
            Cell::Number(n) => {
                money::from_fifteen_digits(*n).map_or_else(|| n.to_string(), |d| d.to_string())
            }
            other => other.text().into_owned(),
        }
    }

    fn same_text(n: f64) -> std::result::Result<(), proptest::test_runner::TestCaseError> {
        let cell = Cell::Number(n);
        let before = text_before(&cell);
        proptest::prop_assert_eq!(&cell.text(), &before, "{:?}", n.to_bits());
        let mut digits = Digits::default();
        proptest::prop_assert_eq!(&cell.text_in(&mut digits), &before);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        #[test]
        fn number_text_is_unchanged(
            bits in proptest::prelude::any::<u64>(),
            whole in proptest::prelude::any::<i64>(),
            cents in -(10i64.pow(16))..10i64.pow(16),
        ) {
            same_text(f64::from_bits(bits))?;
            same_text(whole as f64)?;
            same_text((whole % 10i64.pow(16)) as f64)?;
            same_text(cents as f64 / 100.0)?;
            same_text(cents as f64 / 1000.0)?;
        }
    }

    #[test]
    fn number_text_of_edges_is_unchanged() {
        let edges = [
            0.0,
            -0.0,
            4000.0,
            -7311.0,
            1234.5600000000001,
            0.1 + 0.2,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            9_007_199_254_740_993.0,
            1e21,
            1e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for n in edges {
            same_text(n).unwrap();
        }
        assert_eq!(Cell::Number(7311.0).text(), "7311");
        assert_eq!(Cell::Number(-0.0).text(), "0");
        assert_eq!(Cell::Number(1e15).text(), "1000000000000000");
        assert_eq!(Cell::Number(12.5).text(), "12.5");
    }

    fn cells(texts: &[&'static str]) -> Vec<Cell<'static>> {
        texts
            .iter()
            .map(|t| Cell::Text(Cow::Borrowed(*t)))
            .collect()
    }

    fn builder<'a>(context: &'a FileContext<'a>, headers: &[&str]) -> LedgerBuilder<'a> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let columns = Columns::recognise(&headers);
        let header = Header {
            index: 0,
            row: 1,
            names: headers,
            columns,
        };
        LedgerBuilder::new(context, header)
            .unwrap()
            .with_decimal_mark(Some(DecimalMark::Comma))
    }

    #[test]
    fn keeps_project_rows_counts_the_rest_and_checks_totals() {
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            projects: vec![],
            ..RowFilter::default()
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 3,
            filter: &filter,
            options: &ImportOptions::default(),
            progress: &crate::import::no_progress,
        };
        let mut b = builder(
            &context,
            &["Pvm", "Tili", "Kp", "Selite", "Debet", "Kredit"],
        );
        b.push(
            2,
            &cells(&["1.9.2020", "4000", "7311", "Palkka", "100,00", ""]),
        )
        .unwrap();
        b.push(
            3,
            &cells(&["2.9.2020", "4000", "2100", "Muu", "50,005", ""]),
        )
        .unwrap();
        b.push(4, &cells(&["", "", "", "", "", ""])).unwrap();
        b.push(
            5,
            &cells(&["Pvm", "Tili", "Kp", "Selite", "Debet", "Kredit"]),
        )
        .unwrap();
        b.push(
            6,
            &cells(&["3.9.2020", "4340", "7311", "=hyvitys", "", "20,00"]),
        )
        .unwrap();
        b.push(7, &cells(&["Yhteensä", "", "", "", "150,01", "20,00"]))
            .unwrap();
        let Finished::Done(file) = b.finish().unwrap() else {
            panic!("read in one pass")
        };
        assert_eq!(
            (
                file.rows_read,
                file.header_rows,
                file.other_rows,
                file.totals_rows
            ),
            (5, 1, 1, 1)
        );
        assert_eq!(file.rows.len(), 2);
        assert_eq!(file.rows[1].amount, "-20.00".parse().unwrap());
        assert_eq!(file.rows[1].source, SourceRef { file: 3, row: 6 });
        assert_eq!(file.rows[1].description, "=hyvitys");
        assert_eq!(
            file.rounded,
            vec![RoundedAmount {
                row: 3,
                original: "50.005".parse().unwrap()
            }]
        );
        assert_eq!(file.control_totals[0].stated, "130.01".parse().unwrap());
        assert_eq!(file.control_totals[0].computed, "130.01".parse().unwrap());
    }

    #[test]
    fn errors_name_row_and_column() {
        let filter = RowFilter {
            cost_centres: vec!["7311".into()],
            projects: vec![],
            ..RowFilter::default()
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 0,
            filter: &filter,
            options: &ImportOptions::default(),
            progress: &crate::import::no_progress,
        };
        let mut b = builder(&context, &["Pvm", "Tili", "Kp", "Summa"]);
        let err = b
            .push(9, &cells(&["31.2.2021", "4000", "7311", "5,00"]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "a.csv, row 9, column \"Pvm\": \"31.2.2021\" is not a real date"
        );
        let err = b
            .push(10, &cells(&["1.2.2021", "4000", "7311", "#N/A"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.csv, row 10, column \"Summa\": "),
            "{err}"
        );
        let err = b
            .push(11, &cells(&["", "4000", "7311", "5,00"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("row 11, column \"Pvm\": the date is empty"),
            "{err}"
        );
        let err = b
            .push(12, &cells(&["1.2.2021", "4000", "7311", ""]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a missing amount is not zero"), "{err}");
        let err = b
            .push(
                13,
                &cells(&["1.2.2021", "4000", "7311", "12 345 678 901 234,00"]),
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("row 13, column \"Summa\": 12345678901234.00 is too large"),
            "{err}"
        );
    }

    #[test]
    fn a_filter_column_must_exist() {
        let filter = RowFilter {
            cost_centres: vec![],
            projects: vec!["P".into()],
            ..RowFilter::default()
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 0,
            filter: &filter,
            options: &ImportOptions::default(),
            progress: &crate::import::no_progress,
        };
        let headers: Vec<String> = ["Pvm", "Tili", "Summa"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let columns = Columns::recognise(&headers);
        let header = Header {
            index: 0,
            row: 4,
            names: headers,
            columns,
        };
        let err = LedgerBuilder::new(&context, header)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("a.csv, row 4: no project code column"),
            "{err}"
        );
    }
}
