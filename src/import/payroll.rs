//! Payroll reports (palkkakirjanpito, palkkaerittely: person, month, pay
//! type, amount) and working-time records (tuntikirjanpito: person, month
//! or date, project hours, total hours), as CSV or a workbook (issue 13).
//!
//! Read with the ledger's tolerance: a text export's encoding, delimiter
//! and quotes as [`super::csv`] settles them, a workbook in the bounded
//! reader; the header row found by its Finnish, Swedish or English names
//! among the first rows, whatever stands above it; the decimal mark decided
//! from the file's own amounts; totals rows (*Yhteensä*) skipped. A cell
//! that is not what its column says stops the run naming the file, row and
//! column.

use std::collections::BTreeSet;
use std::path::Path;

use rust_decimal::Decimal;

use super::csv::{Source, table};

use super::rows::Cell;
use super::{FileKind, is_total_label, normalise_header, workbook};
use crate::config::RowFilter;
use crate::dates;
use crate::error::{Error, Location, Result};
pub use crate::model::staff::{Month, PayLine, PayType, WorkLine};
use crate::money::{self, DecimalMark};
use crate::text::Message;

mod columns;
use columns::{Col, PAYROLL, WORKING_TIME, columns, has};

/// The rows of a table: (1-based row, cells from the first column).
type Rows = Vec<(u32, Vec<Cell<'static>>)>;

/// What a payroll report or a working-time record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffFileKind {
    /// A payroll report (palkkaerittely).
    Payroll,
    /// A working-time record (tuntikirjanpito).
    WorkingTime,
    /// A ledger export whose person column serves as the payroll (`[staff]
    /// payroll = { ledger = true }`): its rows are the project's rows on
    /// the staff category's accounts.
    Ledger,
}

/// A payroll report or working-time record as it was read, for the Sources
/// sheet: the file, how it was read, and where each of its rows went. Rows
/// read = used + skipped ([`StaffFile::skipped`]): the reader counts the
/// totals rows and the pay types left out, the run the rest
/// ([`StaffFile::sort_lines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFile {
    /// Which of the two it is.
    pub kind: StaffFileKind,
    /// The path as shown to the user (relative to the project folder).
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The file's size in bytes.
    pub size: u64,
    /// How the file was read: format, encoding, delimiter, decimal mark, sheet.
    pub format: String,
    /// The 1-based row (line) of the header.
    pub header_row: u32,
    /// Rows below the header (blank rows not counted).
    pub rows_read: u64,
    /// Lines the staff-cost model used: a known person's month of the
    /// project up to the as-of date.
    pub used: u64,
    /// The export's totals rows (skipped).
    pub totals_rows: u64,
    /// Lines of a pay type `[staff] pay_types` leaves out (skipped).
    pub ignored_rows: u64,
    /// Lines of a month before the project's start or after its end (skipped).
    pub outside_project: u64,
    /// Lines of a month after the as-of date's (skipped).
    pub after_as_of: u64,
    /// Lines of a person `[[person]]` does not know (skipped; a finding).
    pub unknown_person: u64,
    /// A ledger's staff rows that name no person (skipped: no pay line).
    pub no_person: u64,
    /// Lines of another cost centre or project, by the payroll's own
    /// columns (skipped: an organisation-wide payroll's other lines).
    pub other_unit: u64,
    /// A ledger's staff rows an earlier ledger file holds too (skipped:
    /// counted once, as the reconciliation counts them).
    pub repeated: u64,
}

impl StaffFile {
    /// The rows skipped, all reasons.
    pub fn skipped(&self) -> u64 {
        self.totals_rows
            + self.ignored_rows
            + self.outside_project
            + self.after_as_of
            + self.unknown_person
            + self.no_person
            + self.repeated
            + self.other_unit
    }

    /// Counts where the lines read from this file went: `lines` are the
    /// (person, month) of each line read, `months` the project's months up
    /// to the as-of date, `project_end` the project's last month, and
    /// `known` tells a person `[[person]]` knows.
    pub fn sort_lines<'a>(
        &mut self,
        lines: impl IntoIterator<Item = (&'a str, Month)>,
        months: &std::ops::RangeInclusive<Month>,
        project_end: Month,
        known: impl Fn(&str) -> bool,
    ) {
        for (person, month) in lines {
            let slot = if month < *months.start() || month > project_end {
                &mut self.outside_project
            } else if month > *months.end() {
                &mut self.after_as_of
            } else if !known(person) {
                &mut self.unknown_person
            } else {
                &mut self.used
            };
            *slot += 1;
        }
    }
}

/// What a table's file is, as read before its rows are: the hash, the
/// size and the read settings so far.
struct Read {
    rows: Rows,
    location: Location,
    sha256: String,
    size: u64,
    format: String,
}

/// The rows of a CSV or workbook as cells: the first visible sheet whose
/// first rows hold a header with every one of `wanted`; `expected` (a
/// catalogue key) says what was looked for when none does.
fn table_rows(path: &Path, shown_as: &str, wanted: &[Col], expected: &'static str) -> Result<Read> {
    let location = Location::file(shown_as);
    let metadata = super::regular_file(path, &location)?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut head))
        .map_err(|e| Error::io(path, e))?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let is_header = |names: &[String]| has(names, wanted);
    let kind = super::sniff_kind(&head, &extension);
    if matches!(kind, FileKind::Text | FileKind::TextNamedAsSpreadsheet) {
        let source = Source::File(path, metadata.len());
        let read = table::read_table(source, &location, &is_header, Message::new(expected))?;
        return Ok(Read {
            rows: read.rows,
            location,
            sha256: read.sha256,
            size: metadata.len(),
            format: read.format,
        });
    }
    if !matches!(kind, FileKind::Zip | FileKind::Ole) {
        return Err(Error::input(location, kind.refusal(&extension)));
    }
    let mut book = workbook::open_workbook(workbook::WorkbookInput::File(path))
        .map_err(|e| e.into_error(location.clone()))?;
    let format = book.kind().to_string();
    let sha256 = super::sha256_of_file(path, metadata.len()).map_err(|e| Error::io(path, e))?;
    for (name, visible) in book.sheets() {
        if !visible {
            continue;
        }
        let rows = book
            .small_sheet_rows(&name)
            .map_err(|e| Error::input(location.clone(), e))?;
        let texts = |cells: &[Cell]| {
            cells
                .iter()
                .map(|c| c.text().into_owned())
                .collect::<Vec<_>>()
        };
        if rows
            .iter()
            .take(super::columns::HEADER_SEARCH_ROWS)
            .any(|(_, c)| is_header(&texts(c)))
        {
            let mut at = location.clone();
            let format = format!("{format}, sheet \"{name}\"");
            at.sheet = Some(name);
            return Ok(Read {
                rows,
                location: at,
                sha256,
                size: metadata.len(),
                format,
            });
        }
    }
    Err(Error::input(location, Message::new(expected)))
}

/// The header row among the first rows: its index and columns.
fn header(rows: &[(u32, Vec<Cell>)], wanted: &[Col]) -> Option<(usize, Vec<(Col, usize)>)> {
    rows.iter()
        .take(super::columns::HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, (_, cells))| {
            let names: Vec<String> = cells.iter().map(|c| c.text().into_owned()).collect();
            has(&names, wanted).then(|| (i, columns(&names)))
        })
}

/// One data row under the header, with the names of its columns for messages.
struct Row<'r> {
    cells: &'r [Cell<'static>],
    at: Location,
    columns: &'r [(Col, usize)],
    names: &'r [String],
}

impl Row<'_> {
    fn cell(&self, col: Col) -> Option<&Cell<'static>> {
        let (_, index) = self.columns.iter().find(|(c, _)| *c == col)?;
        self.cells.get(*index).filter(|c| !c.is_empty())
    }

    fn location(&self, col: Col) -> Location {
        let index = self
            .columns
            .iter()
            .find(|(c, _)| *c == col)
            .map_or(0, |(_, i)| *i);
        self.at
            .at_column(self.names.get(index).cloned().unwrap_or_default())
    }

    fn error(&self, col: Col, message: Message) -> Error {
        Error::input(self.location(col), message)
    }

    fn person(&self) -> Result<String> {
        self.cell(Col::Person)
            .map(|c| c.text().into_owned())
            .ok_or_else(|| self.error(Col::Person, Message::new("import.payroll.person_empty")))
    }

    fn month(&self) -> Result<Month> {
        let cell = self
            .cell(Col::Month)
            .ok_or_else(|| self.error(Col::Month, Message::new("import.payroll.month_empty")))?;
        let found = match cell {
            Cell::Date(d) => Some(Month::of(*d)),
            other => parse_month(&other.text()),
        };
        found.ok_or_else(|| {
            self.error(
                Col::Month,
                Message::new("import.payroll.not_a_month").with("text", cell.text()),
            )
        })
    }

    /// The number in a column, if the cell has one: `what` says what is
    /// expected (`Amount` or `Hours`).
    fn number(&self, col: Col, mark: Option<DecimalMark>, what: Number) -> Result<Option<Decimal>> {
        let Some(cell) = self.cell(col) else {
            return Ok(None);
        };
        let value = match cell {
            Cell::Number(n) => money::from_spreadsheet_number(*n)
                .ok_or_else(|| Message::new(what.not_it()).with("number", n)),
            other => money::parse_amount(&other.text(), mark).map_err(|e| e.0),
        };
        value.map(Some).map_err(|reason| {
            let message = Message::new("import.payroll.expected")
                .with_message("reason", reason)
                .with_message("what", Message::new(what.expected()));
            self.error(col, message)
        })
    }

    /// True for an export's own totals row.
    fn is_total(&self) -> bool {
        [Col::Person, Col::Month, Col::PayType]
            .into_iter()
            .filter_map(|c| self.cell(c))
            .any(|c| is_total_label(&c.text()))
    }
}

/// What a number of a payroll report or working-time record is.
#[derive(Debug, Clone, Copy)]
enum Number {
    /// An amount such as 3 000,00.
    Amount,
    /// Hours such as 7,5.
    Hours,
}

impl Number {
    /// The message for a spreadsheet number that is not one (`{number}`).
    fn not_it(self) -> &'static str {
        match self {
            Number::Amount => "import.payroll.number_not_amount",
            Number::Hours => "import.payroll.number_not_hours",
        }
    }

    /// What is expected, said after "expected".
    fn expected(self) -> &'static str {
        match self {
            Number::Amount => "import.payroll.an_amount",
            Number::Hours => "import.payroll.hours",
        }
    }
}

/// A month as payroll writes it: `1/2024`, `01.2024`, `2024-01`, `2024/1`,
/// or a date (the month it falls in).
pub fn parse_month(text: &str) -> Option<Month> {
    let text = text.trim();
    if let Ok(date) = dates::parse_date(text) {
        return Some(Month::of(date));
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    let [a, b] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (a, b) = (number(a)?, number(b)?);
    match (a, b) {
        (m, y) if (1900..=9999).contains(&y) && m <= 12 => Month::new(y as i32, m),
        (y, m) if (1900..=9999).contains(&y) && m <= 12 => Month::new(y as i32, m),
        _ => None,
    }
}

/// What a pay type's name says it is (the holiday words first: a
/// *lomapalkka* is a *palkka* too).
pub fn classify_pay_type(text: &str) -> Option<PayType> {
    let name = normalise_header(text);
    let any = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if any(&[
        "lomaraha",
        "lomaltapaluuraha",
        "holiday bonus",
        "semesterpenning",
    ]) {
        Some(PayType::HolidayBonus)
    } else if any(&[
        "lomapalkka",
        "lomakorvaus",
        "holiday pay",
        "vacation pay",
        "semesterlön",
        "semesterersättning",
    ]) {
        Some(PayType::HolidayPay)
    } else if any(&[
        "sivukulu",
        "tyel",
        // A municipality's pension contribution (KuEL, paid to Keva).
        "kuel",
        "keva",
        "sotu",
        "sosiaaliturva",
        "työttömyysvakuutus",
        "tapaturmavakuutus",
        "ryhmähenkivakuutus",
        "vakuutusmaksu",
        "eläke",
        "työnantajamaksu",
        "eläkevakuutus",
        "side cost",
        "pension",
        "social security",
        "unemployment insurance",
        "accident insurance",
        "arbetsgivaravgift",
    ]) {
        Some(PayType::SideCosts)
    } else if any(&[
        "palkka", "palkkio", "lisä", "ylityö", "salary", "wage", "pay", "lön",
    ]) {
        Some(PayType::Salary)
    } else {
        None
    }
}

/// The file's decimal mark, from the texts of a column's cells.
fn decimal_mark(rows: &[(u32, Vec<Cell>)], index: Option<usize>) -> Option<DecimalMark> {
    let index = index?;
    rows.iter()
        .filter_map(|(_, cells)| match cells.get(index) {
            Some(Cell::Text(t)) => money::decimal_mark_evidence(t),
            _ => None,
        })
        .next()
}

/// The rows below a table's header: the header's 1-based row, the rows
/// read and the totals rows among them.
struct Counted {
    header_row: u32,
    rows: u64,
    totals: u64,
}

/// Each data row below the header (totals rows skipped), with `each`.
fn each_row(
    rows: &[(u32, Vec<Cell<'static>>)],
    location: &Location,
    wanted: &[Col],
    mut each: impl FnMut(&Row) -> Result<()>,
) -> Result<Counted> {
    let mut counted = Counted {
        header_row: 0,
        rows: 0,
        totals: 0,
    };
    let Some((header_at, columns)) = header(rows, wanted) else {
        return Ok(counted);
    };
    counted.header_row = rows[header_at].0;
    let names: Vec<String> = rows[header_at]
        .1
        .iter()
        .map(|c| c.text().into_owned())
        .collect();
    for (line, cells) in &rows[header_at + 1..] {
        let row = Row {
            cells,
            at: location.at_row((*line).into()),
            columns: &columns,
            names: &names,
        };
        counted.rows += 1;
        if row.is_total() {
            counted.totals += 1;
        } else {
            each(&row)?;
        }
    }
    Ok(counted)
}

/// The file as read, before the run sorts its lines.
fn staff_file(kind: StaffFileKind, shown_as: &str, read: Read, counted: &Counted) -> StaffFile {
    StaffFile {
        kind,
        path: shown_as.to_string(),
        sha256: read.sha256,
        size: read.size,
        format: read.format,
        header_row: counted.header_row,
        rows_read: counted.rows,
        used: 0,
        totals_rows: counted.totals,
        ignored_rows: 0,
        outside_project: 0,
        after_as_of: 0,
        unknown_person: 0,
        no_person: 0,
        repeated: 0,
        other_unit: 0,
    }
}

/// The decimal mark a text export's format adds (a workbook's number cells
/// have none).
fn with_mark(format: &mut String, text: bool, mark: Option<DecimalMark>) {
    if text {
        format.push_str(", ");
        format.push_str(mark.map_or("no decimals", DecimalMark::describe));
    }
}

/// What a pay type is: as the project file names it (`[staff] pay_types`,
/// `None` for a pay type left out, such as a fringe benefit), else by the
/// words of its name ([`classify_pay_type`]); `Err` when neither tells.
fn pay_type_of(
    text: &str,
    named: &[(String, Option<PayType>)],
) -> Result<Option<PayType>, Message> {
    let folded = normalise_header(text);
    if let Some((_, pay_type)) = named
        .iter()
        .find(|(name, _)| normalise_header(name) == folded)
    {
        return Ok(*pay_type);
    }
    classify_pay_type(text)
        .map(Some)
        .ok_or_else(|| Message::new("import.payroll.unknown_pay_type").with("text", text))
}

/// Reads a payroll report: a line per person, month and pay type. `named`
/// are the pay types the project file names (`[staff] pay_types`).
pub fn read_payroll(
    path: &Path,
    shown_as: &str,
    named: &[(String, Option<PayType>)],
) -> Result<Vec<PayLine>> {
    read_payroll_file(path, shown_as, named).map(|(lines, _)| lines)
}

/// [`read_payroll`], with the file as read for the Sources sheet.
pub fn read_payroll_file(
    path: &Path,
    shown_as: &str,
    named: &[(String, Option<PayType>)],
) -> Result<(Vec<PayLine>, StaffFile)> {
    read_project_payroll(path, shown_as, named, &RowFilter::default()).map(|p| (p.lines, p.file))
}

/// A payroll report as read for a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payroll {
    /// The project's lines.
    pub lines: Vec<PayLine>,
    /// The file as read, for the Sources sheet.
    pub file: StaffFile,
    /// The persons named on other cost centres' or projects' lines (an
    /// organisation-wide payroll's), each once: their names are looked
    /// for in the ledger's texts, as the project's are.
    pub others: BTreeSet<String>,
}

/// Which of a payroll's lines are the project's: by the payroll's cost
/// centre and project columns, those of them the project's filter selects
/// by; `None` when the payroll has none of those (every line is then read
/// as the project's).
fn unit_filter(columns: &[(Col, usize)], filter: &RowFilter) -> Option<RowFilter> {
    let has = |col: Col| columns.iter().any(|(c, _)| *c == col);
    let unit = RowFilter {
        cost_centres: match has(Col::CostCentre) {
            true => filter.cost_centres.clone(),
            false => Vec::new(),
        },
        projects: match has(Col::Project) {
            true => filter.projects.clone(),
            false => Vec::new(),
        },
        any_of: Vec::new(),
    };
    (!unit.cost_centres.is_empty() || !unit.projects.is_empty()).then_some(unit)
}

/// [`read_payroll_file`] of one project: with a cost centre or project
/// column that `filter` (the project's `[filter]`) selects by, only the
/// project's lines are read, the others counted (skipped on Sources,
/// [`StaffFile::other_unit`]) and never checked further.
pub fn read_project_payroll(
    path: &Path,
    shown_as: &str,
    named: &[(String, Option<PayType>)],
    filter: &RowFilter,
) -> Result<Payroll> {
    let mut read = table_rows(path, shown_as, &PAYROLL, "import.payroll.no_header")?;
    let (rows, location) = (&read.rows, &read.location);
    let (columns, names): (Vec<(Col, usize)>, Vec<String>) = header(rows, &PAYROLL)
        .map(|(at, c)| {
            (
                c,
                rows[at].1.iter().map(|c| c.text().into_owned()).collect(),
            )
        })
        .unwrap_or_default();
    let amount_column = columns
        .iter()
        .find(|(c, _)| *c == Col::Amount)
        .map(|(_, i)| *i);
    let mark = decimal_mark(rows, amount_column);
    let unit = unit_filter(&columns, filter);
    let (mut lines, mut ignored, mut other, mut others) = (Vec::new(), 0, 0, BTreeSet::new());
    let counted = each_row(rows, location, &PAYROLL, |row| {
        if let Some(unit) = &unit {
            let text = |col| {
                row.cell(col)
                    .map(|c| c.text().into_owned())
                    .unwrap_or_default()
            };
            if !unit.matches(&text(Col::CostCentre), &text(Col::Project)) {
                other += 1;
                others.insert(text(Col::Person));
                return Ok(());
            }
        }
        let Some(amount) = row.number(Col::Amount, mark, Number::Amount)? else {
            return Err(row.error(Col::Amount, Message::new("import.payroll.amount_empty")));
        };
        let kind = row
            .cell(Col::PayType)
            .map(|c| c.text().into_owned())
            .unwrap_or_default();
        let Some(pay_type) = pay_type_of(&kind, named).map_err(|e| row.error(Col::PayType, e))?
        else {
            ignored += 1;
            return Ok(());
        };
        lines.push(PayLine {
            person: row.person()?,
            month: row.month()?,
            pay_type,
            amount,
            source: row.at.clone(),
        });
        Ok(())
    })?;
    let text = read.location.sheet.is_none();
    with_mark(&mut read.format, text, mark);
    if unit.is_some() {
        let by: Vec<String> = columns
            .iter()
            .filter(|(c, _)| matches!(c, Col::CostCentre | Col::Project))
            .map(|(_, i)| format!("\"{}\"", names.get(*i).map_or("", String::as_str)))
            .collect();
        read.format.push_str(&format!(
            ", the project's lines by column {}",
            by.join(" and ")
        ));
    }
    let mut file = staff_file(StaffFileKind::Payroll, shown_as, read, &counted);
    file.ignored_rows = ignored;
    file.other_unit = other;
    others.retain(|p| !p.is_empty() && !lines.iter().any(|l| l.person == *p));
    Ok(Payroll {
        lines,
        file,
        others,
    })
}

/// Reads a working-time record: a line per person and month (or day; the
/// days of a month add up) with the project hours and the total hours.
pub fn read_working_time(path: &Path, shown_as: &str) -> Result<Vec<WorkLine>> {
    read_working_time_file(path, shown_as).map(|(lines, _)| lines)
}

/// [`read_working_time`], with the file as read for the Sources sheet.
pub fn read_working_time_file(path: &Path, shown_as: &str) -> Result<(Vec<WorkLine>, StaffFile)> {
    let mut read = table_rows(
        path,
        shown_as,
        &WORKING_TIME,
        "import.payroll.no_working_time_header",
    )?;
    let (rows, location) = (&read.rows, &read.location);
    let hours_column = header(rows, &WORKING_TIME).and_then(|(_, c)| {
        c.iter()
            .find(|(c, _)| *c == Col::ProjectHours)
            .map(|(_, i)| *i)
    });
    let mark = decimal_mark(rows, hours_column);
    let mut lines = Vec::new();
    let counted = each_row(rows, location, &WORKING_TIME, |row| {
        let Some(project_hours) = row.number(Col::ProjectHours, mark, Number::Hours)? else {
            return Err(row.error(
                Col::ProjectHours,
                Message::new("import.payroll.project_hours_empty"),
            ));
        };
        lines.push(WorkLine {
            person: row.person()?,
            month: row.month()?,
            project_hours,
            total_hours: row.number(Col::TotalHours, mark, Number::Hours)?,
            source: row.at.clone(),
        });
        Ok(())
    })?;
    let text = read.location.sheet.is_none();
    with_mark(&mut read.format, text, mark);
    Ok((
        lines,
        staff_file(StaffFileKind::WorkingTime, shown_as, read, &counted),
    ))
}

#[cfg(test)]
mod tests;
