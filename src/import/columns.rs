//! Column roles: which column of an export is the date, the account, the
//! amount… recognised from Finnish, Swedish and English header names.

use std::fmt;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Posting (voucher) date.
    Date,
    /// Voucher number.
    Voucher,
    /// Account number.
    Account,
    /// Account name.
    AccountName,
    /// Cost centre.
    CostCentre,
    /// Project code.
    Project,
    /// Description.
    Description,
    /// Supplier.
    Supplier,
    /// Debit amount.
    Debit,
    /// Credit amount.
    Credit,
    /// Signed amount (+ = debit).
    Amount,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Date => "date",
            Role::Voucher => "voucher",
            Role::Account => "account",
            Role::AccountName => "account name",
            Role::CostCentre => "cost centre",
            Role::Project => "project",
            Role::Description => "description",
            Role::Supplier => "supplier",
            Role::Debit => "debit",
            Role::Credit => "credit",
            Role::Amount => "amount",
        })
    }
}

/// Header names per role, best first: (role, rank, names). A lower rank wins
/// when two headers could play the same role ("Tili" is the account number
/// unless a "Tilinumero" column exists, when it is the account name).
const SYNONYMS: &[(Role, u8, &[&str])] = &[
    (
        Role::Date,
        1,
        &[
            "tositepvm",
            "tositepäivämäärä",
            "tositepäivä",
            "kirjauspäivä",
            "kirjauspvm",
            "kirjauspäivämäärä",
            "posting date",
            "voucher date",
            "booking date",
            "bokföringsdatum",
            "verifikationsdatum",
        ],
    ),
    (
        Role::Date,
        2,
        &[
            "pvm",
            "päivämäärä",
            "päiväys",
            "tapahtumapäivä",
            "date",
            "transaction date",
            "datum",
            "laskun päivämäärä",
        ],
    ),
    (
        Role::Voucher,
        1,
        &[
            "tositenumero",
            "tositenro",
            "tosite",
            "tositteen numero",
            "tosite nro",
            "voucher",
            "voucher no",
            "voucher number",
            "document no",
            "document number",
            "verifikation",
            "verifikationsnummer",
            "ver nr",
        ],
    ),
    (
        Role::Voucher,
        2,
        &["tapahtumanumero", "document", "entry no", "entry number"],
    ),
    (
        Role::Account,
        1,
        &[
            "tilinumero",
            "tilinro",
            "tili nro",
            "pääkirjatili",
            "kirjanpidon tilinumero",
            "account",
            "account no",
            "account number",
            "gl account",
            "konto",
            "kontonummer",
            "kontonr",
        ],
    ),
    (Role::Account, 2, &["tili"]),
    (
        Role::AccountName,
        1,
        &[
            "tilin nimi",
            "tilinnimi",
            "pääkirjatilin nimi",
            "account name",
            "account description",
            "kontonamn",
            "kontobenämning",
        ],
    ),
    (Role::AccountName, 3, &["tili"]),
    (
        Role::CostCentre,
        1,
        &[
            "kustannuspaikka",
            "kp",
            "kustannuspaikan numero",
            "kustannuspaikka nro",
            "cost centre",
            "cost center",
            "kostnadsställe",
            "kst",
        ],
    ),
    (
        Role::Project,
        1,
        &[
            "projekti",
            "hanke",
            "projektinumero",
            "hankenumero",
            "projektikoodi",
            "hankekoodi",
            "project",
            "project code",
            "project no",
            "projekt",
            "projektnummer",
        ],
    ),
    (
        Role::Description,
        1,
        &[
            "selite",
            "vientiselite",
            "kuvaus",
            "selitys",
            "description",
            "memo",
            "narrative",
            "beskrivning",
            "selite 1",
        ],
    ),
    (Role::Description, 2, &["teksti", "text"]),
    (
        Role::Supplier,
        1,
        &[
            "toimittaja",
            "toimittajan nimi",
            "supplier",
            "supplier name",
            "vendor",
            "leverantör",
        ],
    ),
    (
        Role::Debit,
        1,
        &["debet", "debit", "veloitus", "debet eur", "debit eur"],
    ),
    (
        Role::Credit,
        1,
        &["kredit", "credit", "hyvitys", "kredit eur", "credit eur"],
    ),
    (
        Role::Amount,
        1,
        &[
            "summa",
            "euroa",
            "määrä",
            "rahamäärä",
            "toteutuneet eurot",
            "tiliöity summa",
            "amount",
            "sum",
            "belopp",
            "summa eur",
            "amount eur",
            "toteuma",
            "euro",
        ],
    ),
];

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
}

impl Columns {
    /// Recognises a header row. Each role takes the column whose name ranks best.
    pub fn recognise(headers: &[String]) -> Columns {
        let names: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
        let mut candidates: Vec<(u8, Role, usize)> = Vec::new();
        for (column, name) in names.iter().enumerate() {
            for (role, rank, synonyms) in SYNONYMS {
                if synonyms.contains(&name.as_str()) {
                    candidates.push((*rank, *role, column));
                }
            }
        }
        candidates.sort();
        let mut assigned: Vec<(Role, usize)> = Vec::new();
        for (_, role, column) in candidates {
            if !assigned.iter().any(|(r, c)| *r == role || *c == column) {
                assigned.push((role, column));
            }
        }
        assigned.sort();
        Columns { assigned }
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
        let has_amount = self.get(Role::Amount).is_some()
            || (self.get(Role::Debit).is_some() && self.get(Role::Credit).is_some());
        self.get(Role::Date).is_some() && self.get(Role::Account).is_some() && has_amount
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
    fn a_title_line_is_not_a_header() {
        assert!(!columns(&["Jämsän kaupunki"]).is_ledger_header());
        assert_eq!(normalise_header("  Tositepvm. "), "tositepvm");
        assert_eq!(normalise_header("Kp:n"), "kp n");
    }
}
