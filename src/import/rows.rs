//! From the cells of one export row to a typed ledger row: the part of the
//! import that CSV and spreadsheet files share.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::columns::{Columns, Role, normalise_header};
use super::{ControlTotal, LedgerFile, RoundedAmount};
use crate::config::RowFilter;
use crate::dates;
use crate::error::{Error, Location, Result};
use crate::model::{LedgerRow, SourceRef};
use crate::money::{self, DecimalMark};

/// One cell as a reader delivers it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Empty,
    /// Text (all CSV fields are text).
    Text(Cow<'a, str>),
    /// A spreadsheet number.
    Number(f64),
    /// A spreadsheet date.
    Date(NaiveDate),
    /// A spreadsheet error value such as `#N/A`.
    Error(String),
}

impl Cell<'_> {
    /// The cell as text: `4000.0` becomes `4000`, a date becomes ISO.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            Cell::Number(n) => Cow::Owned(
                money::from_spreadsheet_number(*n).map_or_else(|| n.to_string(), |d| d.to_string()),
            ),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Error(e) => Cow::Borrowed(e),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// Labels that mark an export's own totals rows.
const TOTAL_LABELS: [&str; 9] = [
    "yhteensä",
    "yhteensa",
    "total",
    "totalt",
    "grand total",
    "summa yhteensä",
    "kaikki yhteensä",
    "loppusumma",
    "summa",
];

fn is_total_label(text: &str) -> bool {
    let t = normalise_header(text);
    TOTAL_LABELS
        .iter()
        .any(|l| t == *l || t.starts_with(&format!("{l} ")))
}

/// What every row of one file shares: where it is, its index, the project filter.
pub struct FileContext<'a> {
    /// The file (and sheet) for messages.
    pub location: Location,
    /// The file's index in the run.
    pub index: u32,
    /// Which rows belong to the project.
    pub filter: &'a RowFilter,
}

/// A header row found: its place among the rows read (0-based), its 1-based
/// row number, its names and the roles they play.
pub struct Header {
    /// 0-based position among the rows searched.
    pub index: usize,
    /// 1-based row (line) number.
    pub row: u32,
    /// The column names as written.
    pub names: Vec<String>,
    /// The roles recognised.
    pub columns: Columns,
}

/// Finds the header row among the first rows of a file: the first row whose
/// names give a date, an account and an amount column.
pub fn find_header<I>(rows: I) -> Option<Header>
where
    I: IntoIterator<Item = (u32, Vec<String>)>,
{
    rows.into_iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(index, (row, names))| {
            let columns = Columns::recognise(&names);
            columns.is_ledger_header().then_some(Header {
                index,
                row,
                names,
                columns,
            })
        })
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 50;

/// The message when no header row is found.
pub fn header_not_found(location: Location) -> Error {
    Error::input(
        location,
        format!(
            "no header row found in the first {HEADER_SEARCH_ROWS} rows; expected column names such as \
             Tositepvm/Päivämäärä/Date, Tili/Tilinumero/Account and Summa/Amount (or Debet and Kredit)"
        ),
    )
}

/// Builds a [`LedgerFile`] from the rows below the header, one row at a time.
pub struct LedgerBuilder<'a> {
    context: &'a FileContext<'a>,
    headers: Vec<String>,
    columns: Columns,
    mark: Option<DecimalMark>,
    is_1904: bool,
    since_last_total: Decimal,
    file: LedgerFile,
}

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
        };
        Ok(LedgerBuilder {
            context,
            headers,
            columns,
            mark: None,
            is_1904: false,
            since_last_total: Decimal::ZERO,
            file,
        })
    }

    /// The file's decimal mark for amounts written as text.
    pub fn with_decimal_mark(mut self, mark: Option<DecimalMark>) -> Self {
        self.mark = mark;
        self
    }

    /// Whether spreadsheet serial dates count from 1904.
    pub fn with_1904_dates(mut self, is_1904: bool) -> Self {
        self.is_1904 = is_1904;
        self
    }

    /// Reads one row below the header.
    pub fn push(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        if cells.iter().all(Cell::is_empty) {
            return Ok(());
        }
        self.file.rows_read += 1;
        if self.is_repeated_header(cells) {
            self.file.header_rows += 1;
            return Ok(());
        }
        let date_cell = self.cell(cells, Role::Date);
        if date_cell.is_empty() || matches!(date_cell, Cell::Text(t) if is_total_label(t)) {
            return self.push_total_or_fail(row, cells);
        }
        let amount = self.amount(row, cells)?;
        self.file.all_rows_total =
            money::checked_add(self.file.all_rows_total, amount, "the file's total")?;
        self.since_last_total =
            money::checked_add(self.since_last_total, amount, "the file's total")?;
        let cost_centre = self.text(cells, Role::CostCentre);
        let project = self.text(cells, Role::Project);
        if !self.context.filter.matches(&cost_centre, &project) {
            self.file.other_rows += 1;
            return Ok(());
        }
        let date = self.date(row, date_cell)?;
        let ledger_row = LedgerRow {
            source: SourceRef {
                file: self.context.index,
                row,
            },
            date,
            voucher: self.text(cells, Role::Voucher),
            account: self.text(cells, Role::Account),
            account_name: self.text(cells, Role::AccountName),
            cost_centre,
            project,
            description: self.text(cells, Role::Description),
            supplier: self.text(cells, Role::Supplier),
            amount,
        };
        self.file.rows.push(ledger_row);
        Ok(())
    }

    /// The finished file (path, hash and format are filled in by the caller).
    pub fn finish(self) -> LedgerFile {
        self.file
    }

    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        cells.len() >= self.headers.len()
            && self
                .headers
                .iter()
                .zip(cells)
                .all(|(h, c)| normalise_header(h) == normalise_header(&c.text()))
    }

    fn push_total_or_fail(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        if !cells
            .iter()
            .any(|c| matches!(c, Cell::Text(t) if is_total_label(t)))
        {
            return Err(Error::input(
                self.at(row, Role::Date),
                "the date is empty; expected the posting date (d.m.yyyy) on every ledger row",
            ));
        }
        let stated = self.amount(row, cells)?;
        let computed = if stated == self.since_last_total {
            self.since_last_total
        } else {
            self.file.all_rows_total
        };
        self.file.control_totals.push(ControlTotal {
            row,
            stated,
            computed,
        });
        self.file.totals_rows += 1;
        self.since_last_total = Decimal::ZERO;
        Ok(())
    }

    fn cell<'c>(&self, cells: &'c [Cell<'c>], role: Role) -> &'c Cell<'c> {
        self.columns
            .get(role)
            .and_then(|c| cells.get(c))
            .unwrap_or(&Cell::Empty)
    }

    fn text(&self, cells: &[Cell], role: Role) -> String {
        self.cell(cells, role).text().into_owned()
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

    fn date(&self, row: u32, cell: &Cell) -> Result<NaiveDate> {
        let parsed = match cell {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) => dates::from_excel_serial(*n, self.is_1904)
                .ok_or_else(|| format!("{n} is not a date")),
            other => dates::parse_date(&other.text()),
        };
        parsed.map_err(|message| Error::input(self.at(row, Role::Date), message))
    }

    /// The row's signed amount: the amount column, or debit − credit.
    fn amount(&mut self, row: u32, cells: &[Cell]) -> Result<Decimal> {
        let value = if self.columns.get(Role::Amount).is_some() {
            self.parse_amount(row, cells, Role::Amount, false)?
        } else {
            let debit = self.parse_amount(row, cells, Role::Debit, true)?;
            let credit = self.parse_amount(row, cells, Role::Credit, true)?;
            if self.cell(cells, Role::Debit).is_empty() && self.cell(cells, Role::Credit).is_empty()
            {
                return Err(Error::input(
                    self.at(row, Role::Debit),
                    "both debit and credit are empty; expected an amount in one of them",
                ));
            }
            debit - credit
        };
        if money::is_whole_cents(value) {
            return Ok(value);
        }
        self.file.rounded.push(RoundedAmount {
            row,
            original: value,
        });
        Ok(money::round_cents(value))
    }

    fn parse_amount(
        &self,
        row: u32,
        cells: &[Cell],
        role: Role,
        empty_is_zero: bool,
    ) -> Result<Decimal> {
        let fail = |message: String| Error::input(self.at(row, role), message);
        let value = match self.cell(cells, role) {
            c if c.is_empty() => {
                return if empty_is_zero {
                    Ok(Decimal::ZERO)
                } else {
                    Err(fail(
                        "the amount is empty; a missing amount is not zero".into(),
                    ))
                };
            }
            Cell::Number(n) => money::from_spreadsheet_number(*n)
                .ok_or_else(|| fail(format!("{n} is not an amount")))?,
            Cell::Text(t) => money::parse_amount(t, self.mark).map_err(|e| fail(e.0))?,
            Cell::Error(e) => {
                return Err(fail(format!(
                    "the cell holds the error {e}; expected an amount"
                )));
            }
            Cell::Date(d) => {
                return Err(fail(format!(
                    "the cell holds the date {d}; expected an amount"
                )));
            }
            Cell::Empty => Decimal::ZERO,
        };
        if value.abs() >= money::LARGEST_AMOUNT {
            return Err(fail(format!(
                "{value} is too large for an amount (a spreadsheet holds 15 digits exactly; expected less than 10 000 000 000 000)"
            )));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 3,
            filter: &filter,
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
        let file = b.finish();
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
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 0,
            filter: &filter,
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
        };
        let context = FileContext {
            location: Location::file("a.csv"),
            index: 0,
            filter: &filter,
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
