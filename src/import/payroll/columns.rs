//! The columns of payroll reports and working-time records, by their
//! Finnish, Swedish and English names.

use super::super::normalise_header;
use super::super::vocabulary::VOCABULARY;
use crate::config::Role;

/// The columns of the two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Person,
    Month,
    PayType,
    Amount,
    ProjectHours,
    TotalHours,
    /// The cost centre of a line (an organisation-wide payroll's).
    CostCentre,
    /// The project of a line.
    Project,
}

/// Header names of each column, normalised ([`normalise_header`]).
const NAMES: &[(Col, &[&str])] = &[
    (
        Col::Person,
        &[
            "henkilö",
            "työntekijä",
            "nimi",
            "henkilön nimi",
            "työntekijän nimi",
            "henkilönumero",
            "henkilö nro",
            "työntekijänumero",
            "anställd",
            "namn",
            "employee",
            "person",
            "name",
            "employee name",
            "employee id",
            "employee number",
        ],
    ),
    (
        Col::Month,
        &[
            "kuukausi",
            "jakso",
            "palkkajakso",
            "palkkakausi",
            "ansiojakso",
            "kk",
            "maksupäivä",
            "maksupvm",
            "päivämäärä",
            "pvm",
            "månad",
            "period",
            "month",
            "pay period",
            "payment date",
            "date",
        ],
    ),
    (
        Col::PayType,
        &[
            "palkkalaji",
            "palkkalajin nimi",
            "palkkalajin selite",
            "laji",
            "lönart",
            "pay type",
            "wage type",
            "pay item",
            "pay code",
        ],
    ),
    (
        Col::Amount,
        &[
            "summa",
            "määrä",
            "euroa",
            "eur",
            "rahamäärä",
            "belopp",
            "amount",
            "sum",
        ],
    ),
    (
        Col::ProjectHours,
        &[
            "projektitunnit",
            "hanketunnit",
            "tunnit hankkeelle",
            "hankkeen tunnit",
            "projektin tunnit",
            "tunnit",
            "project hours",
            "hours on project",
            "hours",
        ],
    ),
    (
        Col::TotalHours,
        &[
            "kokonaistunnit",
            "kokonaistyöaika",
            "tunnit yhteensä",
            "työaika yhteensä",
            "kaikki tunnit",
            "total hours",
            "hours in total",
            "all hours",
        ],
    ),
];

/// The columns a header row names: (column, index), each column once.
pub(super) fn columns(names: &[String]) -> Vec<(Col, usize)> {
    let mut found: Vec<(Col, usize)> = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let name = normalise_header(name);
        let free = |col: &Col| !found.iter().any(|(c, _)| c == col);
        let own = NAMES
            .iter()
            .find(|(col, synonyms)| synonyms.contains(&name.as_str()) && free(col))
            .map(|(col, _)| *col);
        if let Some(col) = own.or_else(|| unit_column(&name).filter(free)) {
            found.push((col, index));
        }
    }
    found
}

/// A cost-centre or project column, by the ledger's names for them
/// ([`VOCABULARY`]): an organisation-wide payroll's lines are the
/// project's by them, as the ledger's rows are.
fn unit_column(name: &str) -> Option<Col> {
    VOCABULARY
        .iter()
        .filter(|e| e.names.contains(&name))
        .find_map(|e| match e.role {
            Role::CostCentre => Some(Col::CostCentre),
            Role::Project => Some(Col::Project),
            _ => None,
        })
}

pub(super) fn has(names: &[String], wanted: &[Col]) -> bool {
    let found = columns(names);
    wanted.iter().all(|w| found.iter().any(|(c, _)| c == w))
}

pub(super) const PAYROLL: [Col; 4] = [Col::Person, Col::Month, Col::PayType, Col::Amount];
pub(super) const WORKING_TIME: [Col; 3] = [Col::Person, Col::Month, Col::ProjectHours];
