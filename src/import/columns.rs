//! Column roles: which column of an export is the date, the account, the
//! amount… recognised from the header names of [`super::vocabulary`].

use super::messages::{and_list, column_found};
use super::vocabulary::VOCABULARY;
use crate::config::ImportOptions;
use crate::error::{Error, Location};
use crate::text::Message;

pub use crate::config::Role;

/// Header names of a debit/credit marker made only of signs: `+/-`, `±`.
const SIGN_MARKERS: [&str; 3] = ["+/-", "±", "+-"];

/// Lower-cases a header and folds punctuation and spaces: `Tositepvm.` → `tositepvm`.
pub fn normalise_header(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The roles the columns of a header row play: `(role, column index)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    assigned: Vec<(Role, usize)>,
    /// The date opens the text of its column (`Tili / Päiväys`:
    /// `12.03.2022 Deposit …`), which is the description column too.
    date_in_text: bool,
}

impl Columns {
    /// Recognises a header row. Each role takes the column whose name ranks best.
    pub fn recognise(headers: &[String]) -> Columns {
        Columns::recognise_with(headers, &[]).unwrap_or_default()
    }

    /// Recognises a header row after the columns the project file names
    /// (`[ledger.columns]`); `None` when a named column is not in the row.
    pub fn recognise_with(headers: &[String], named: &[(Role, String)]) -> Option<Columns> {
        let names: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
        let mut assigned: Vec<(Role, usize)> = Vec::new();
        for (role, name) in named {
            let wanted = normalise_header(name);
            let column = names.iter().position(|n| *n == wanted).or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim() == name.trim() && !name.trim().is_empty())
            })?;
            assigned.push((*role, column));
        }
        let mut candidates: Vec<(u8, Role, usize)> = Vec::new();
        for (column, name) in names.iter().enumerate() {
            // A percentage column (`Alv-%`, `VAT %`) is a rate, never an
            // amount: its number must not be taken for euros.
            let percentage = headers[column].contains('%');
            for entry in VOCABULARY {
                let amount_role = matches!(
                    entry.role,
                    Role::Vat | Role::Amount | Role::Debit | Role::Credit
                );
                if entry.names.contains(&name.as_str()) && !(percentage && amount_role) {
                    candidates.push((entry.rank, entry.role, column));
                }
            }
            if SIGN_MARKERS.contains(&headers[column].trim()) {
                candidates.push((1, Role::Marker, column));
            }
        }
        candidates.sort();
        for (_, role, column) in candidates {
            if !assigned.iter().any(|(r, c)| *r == role || *c == column) {
                assigned.push((role, column));
            }
        }
        let has = |assigned: &[(Role, usize)], role: Role| assigned.iter().any(|(r, _)| *r == role);
        let combined = headers.iter().position(|h| is_combined_date(h));
        let date_in_text = !has(&assigned, Role::Date) && combined.is_some();
        if let (true, Some(column)) = (date_in_text, combined) {
            assigned.retain(|(_, c)| *c != column);
            assigned.push((Role::Date, column));
            if !has(&assigned, Role::Description) {
                assigned.push((Role::Description, column));
            }
        }
        assigned.sort();
        Some(Columns {
            assigned,
            date_in_text,
        })
    }

    /// True when the date opens the text of the date column (a combined
    /// header such as `Tili / Päiväys`), not a column of its own.
    pub fn date_in_text(&self) -> bool {
        self.date_in_text
    }

    /// The column of a role, if the header has one.
    pub fn get(&self, role: Role) -> Option<usize> {
        self.assigned
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }

    /// How many roles were recognised.
    pub fn count(&self) -> usize {
        self.assigned.len()
    }

    /// True when the header has what a ledger needs: a date, an account and an amount.
    pub fn is_ledger_header(&self) -> bool {
        self.has_date_and_amount() && self.get(Role::Account).is_some()
    }

    /// True when the header has a date and an amount (or debit and credit):
    /// a ledger's header, or an account-grouped report's, whose account
    /// comes from heading rows above the entries.
    pub fn has_date_and_amount(&self) -> bool {
        let has_amount = self.get(Role::Amount).is_some()
            || (self.get(Role::Debit).is_some() && self.get(Role::Credit).is_some());
        self.get(Role::Date).is_some() && has_amount
    }

    /// The roles found, for `inspect` and the Sources sheet: `date=A, account=C, …`.
    pub fn describe(&self, headers: &[String]) -> String {
        self.assigned
            .iter()
            .map(|(role, c)| {
                format!(
                    "{role}=\"{}\"",
                    headers.get(*c).map(String::as_str).unwrap_or("?")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A header that names a date together with something else, as a report
/// whose column holds both prints it: `Tili / Päiväys`, `Päiväys ja tilit`,
/// `Account / Date`.
fn is_combined_date(header: &str) -> bool {
    let lower = header.to_lowercase();
    let parts: Vec<String> = lower
        .split(['/', '&', '+'])
        .flat_map(|part| part.split(" ja ").flat_map(|p| p.split(" and ")))
        .map(normalise_header)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() > 1
        && parts.iter().any(|part| {
            VOCABULARY
                .iter()
                .any(|e| e.role == Role::Date && e.names.contains(&part.as_str()))
        })
}

/// Words that mark an export's own totals rows ("Yhteensä", "Tili 4000 yhteensä", "Total").
const TOTAL_WORDS: [&str; 12] = [
    "yhteensä",
    "yhteensa",
    "total",
    "totals",
    "totalt",
    "subtotal",
    "loppusumma",
    "välisumma",
    "kokonaissumma",
    "summa",
    "delsumma",
    "summering",
];

/// True when a cell's text is a totals label: one of its words is a total
/// word, and it does not open with a digit (a description may: `3 kpl yhteensä`).
pub fn is_total_label(text: &str) -> bool {
    !text.trim().starts_with(|c: char| c.is_ascii_digit()) && has_total_word(text)
}

/// True when one of the words of a short text is a total word.
pub fn has_total_word(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 {
        return false;
    }
    normalise_header(t)
        .split(' ')
        .any(|word| TOTAL_WORDS.contains(&word))
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

/// Recognises one row as the ledger's header, with the project file's column names.
pub fn header_in(
    index: usize,
    row: u32,
    names: Vec<String>,
    options: &ImportOptions,
) -> Option<Header> {
    let columns = Columns::recognise_with(&names, &options.columns)?;
    columns.has_date_and_amount().then_some(Header {
        index,
        row,
        names,
        columns,
    })
}

/// Finds the header row among the first rows of a file: the first row whose
/// names give a date and an amount column (and an account column, unless
/// the account comes from heading rows).
pub fn find_header<I>(rows: I, options: &ImportOptions) -> Option<Header>
where
    I: IntoIterator<Item = (u32, Vec<String>)>,
{
    rows.into_iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(index, (row, names))| header_in(index, row, names, options))
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 50;

/// A row among the first rows that names some of a ledger's columns but
/// not a date and an amount: what the message names when no header is found.
#[derive(Debug, Clone, Default)]
pub struct NearHeader {
    /// 1-based row (line) number.
    pub row: u32,
    /// The sheet, in a workbook.
    pub sheet: Option<String>,
    /// The column names as written.
    pub names: Vec<String>,
    /// The roles recognised.
    pub columns: Columns,
}

impl NearHeader {
    /// Keeps in `near` the row that names the most roles (at least two).
    pub fn consider(near: &mut Option<NearHeader>, row: u32, names: &[String]) {
        let columns = Columns::recognise(names);
        let best = near.as_ref().map_or(1, |n| n.columns.count());
        if columns.count() > best {
            *near = Some(NearHeader {
                row,
                sheet: None,
                names: names.to_vec(),
                columns,
            });
        }
    }

    /// `row 3 has an account column "Tili" and an amount column "Summa" but
    /// no date column (such as …)`.
    fn describe(&self) -> Message {
        let found: Vec<Message> = self
            .columns
            .assigned
            .iter()
            .map(|(role, c)| column_found(*role, self.names.get(*c).map_or("?", |n| n.trim())))
            .collect();
        let has_date = self.columns.get(Role::Date).is_some();
        let has_amount = self.columns.get(Role::Amount).is_some()
            || (self.columns.get(Role::Debit).is_some()
                && self.columns.get(Role::Credit).is_some());
        // (A row with both is a header: it never comes here.)
        let missing = match (has_date, has_amount) {
            (false, false) => "import.header.missing_date_and_amount",
            (false, true) => "import.header.missing_date",
            (true, _) => "import.header.missing_amount",
        };
        let message = match &self.sheet {
            Some(sheet) => Message::new("import.header.near_in_sheet").with("sheet", sheet),
            None => Message::new("import.header.near"),
        };
        message
            .with("row", self.row)
            .with_message("found", and_list(found))
            .with_message("missing", Message::new(missing))
    }
}

/// The message when no header row is found; `near` is the row that came
/// closest, if one named at least two roles.
pub fn header_not_found(
    location: Location,
    options: &ImportOptions,
    near: Option<&NearHeader>,
) -> Error {
    if !options.columns.is_empty() {
        let named: Vec<String> = options
            .columns
            .iter()
            .map(|(role, name)| format!("{} = \"{name}\"", role.key()))
            .collect();
        return Error::input(
            location,
            Message::new("import.header.named_not_found")
                .with("rows", HEADER_SEARCH_ROWS)
                .with("named", named.join(", ")),
        );
    }
    if let Some(near) = near {
        return Error::input(
            location,
            Message::new("import.header.no_ledger_header")
                .with("rows", HEADER_SEARCH_ROWS)
                .with_message("near", near.describe()),
        );
    }
    Error::input(
        location,
        Message::new("import.header.not_found").with("rows", HEADER_SEARCH_ROWS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(headers: &[&str]) -> Columns {
        Columns::recognise(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn finnish_export_headers() {
        let c = columns(&[
            "Tositepvm",
            "Tositenro",
            "Tili",
            "Tilin nimi",
            "Kustannuspaikka",
            "Projekti",
            "Selite",
            "Toimittaja",
            "Debet",
            "Kredit",
        ]);
        assert_eq!(c.get(Role::Date), Some(0));
        assert_eq!(c.get(Role::Account), Some(2));
        assert_eq!(c.get(Role::AccountName), Some(3));
        assert_eq!(c.get(Role::Debit), Some(8));
        assert_eq!(c.get(Role::Credit), Some(9));
        assert!(c.is_ledger_header());
    }

    #[test]
    fn a_vat_rate_column_is_never_the_vat_amount() {
        let c = columns(&["Pvm", "Tili", "Summa", "Alv-%", "Alv määrä"]);
        assert_eq!(c.get(Role::Vat), Some(4), "the amount, not the rate");
        let c = columns(&["Pvm", "Tili", "Summa", "VAT %"]);
        assert_eq!(c.get(Role::Vat), None, "a rate alone is no VAT amount");
    }

    #[test]
    fn tili_is_the_name_when_a_number_column_exists() {
        let c = columns(&["Tositepäivämäärä", "Tilinumero", "Tili", "Summa"]);
        assert_eq!(c.get(Role::Account), Some(1));
        assert_eq!(c.get(Role::AccountName), Some(2));
    }

    #[test]
    fn english_and_swedish_headers() {
        let c = columns(&[
            "Posting date",
            "Voucher",
            "Account",
            "Account name",
            "Cost centre",
            "Amount",
        ]);
        assert!(c.is_ledger_header());
        assert_eq!(c.get(Role::CostCentre), Some(4));
        let s = columns(&[
            "Bokföringsdatum",
            "Verifikation",
            "Konto",
            "Kostnadsställe",
            "Belopp",
        ]);
        assert!(s.is_ledger_header());
    }

    #[test]
    fn a_combined_header_gives_a_date_that_opens_the_text() {
        let c = columns(&["Nro", "Tili / Päiväys", "Debet", "Kredit", "Saldo"]);
        assert!(c.date_in_text());
        assert_eq!(c.get(Role::Date), Some(1));
        assert_eq!(c.get(Role::Description), Some(1));
        assert!(c.has_date_and_amount());
        let c = columns(&["Nro", "Päiväys ja tilit", "Debet", "Kredit"]);
        assert_eq!((c.date_in_text(), c.get(Role::Date)), (true, Some(1)));
        // A date column of its own wins; a header naming no date is no date.
        let c = columns(&["Pvm", "Tili / Päiväys", "Summa"]);
        assert_eq!((c.date_in_text(), c.get(Role::Date)), (false, Some(0)));
        assert!(!columns(&["Tili / Selite", "Summa"]).date_in_text());
        assert!(!columns(&["Päiväys", "Summa"]).date_in_text());
    }

    #[test]
    fn a_title_line_is_not_a_header() {
        assert!(!columns(&["Jämsän kaupunki"]).is_ledger_header());
        assert_eq!(normalise_header("  Tositepvm. "), "tositepvm");
        assert_eq!(normalise_header("Kp:n"), "kp n");
    }
}
