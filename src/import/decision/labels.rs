//! The words a decision is written in: the labels of its key–value cells
//! and the column names of its two tables, Finnish and English, as
//! normalised by [`normalise_header`].

/// The labels of the key–value cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Number,
    Date,
    Period,
    Rate,
    PaidNow,
    PaidEarlier,
    PaidTotal,
    Revenue,
    Replaces,
    AdvanceNetted,
}

pub(super) const KEYS: &[(Key, &[&str])] = &[
    (
        Key::Number,
        &[
            "päätöksen numero",
            "päätösnumero",
            "päätöksen nro",
            "diaarinumero",
            "decision number",
            "decision no",
        ],
    ),
    (
        Key::Date,
        &[
            "päätöspäivä",
            "päätöksen päivämäärä",
            "päätöspvm",
            "decision date",
            "date of decision",
        ],
    ),
    (
        Key::Period,
        &[
            "maksatuskausi",
            "maksukausi",
            "kustannusten toteutumisaika",
            "payment period",
            "reporting period",
            "period",
        ],
    ),
    (
        Key::Rate,
        &[
            "tukiprosentti",
            "tukitaso",
            "rahoitusosuus",
            "tuki",
            "funding rate",
            "aid rate",
            "grant rate",
        ],
    ),
    (
        Key::PaidNow,
        &[
            "maksetaan nyt",
            "maksettava määrä",
            "maksettava tuki",
            "paid now",
            "amount paid now",
            "payment now",
            "amount to be paid",
        ],
    ),
    (
        Key::PaidEarlier,
        &[
            "aiemmin maksettu",
            "aiemmin maksetut",
            "aikaisemmin maksettu",
            "paid earlier",
            "previously paid",
            "paid before",
        ],
    ),
    (
        Key::PaidTotal,
        &[
            "maksettu yhteensä",
            "maksettu kaikkiaan",
            "maksetut yhteensä",
            "paid in total",
            "total paid",
            "cumulative paid",
        ],
    ),
    (
        Key::Revenue,
        &[
            "tulot",
            "hankkeen tulot",
            "tulot yhteensä",
            "vähennettävät tulot",
            "revenues",
            "revenue",
            "project revenues",
            "income",
            "project income",
        ],
    ),
    (
        Key::Replaces,
        &[
            "korvaa päätöksen",
            "korvaa päätöksen nro",
            "korvaa päätöksen numero",
            "oikaisee päätöksen",
            "oikaistava päätös",
            "replaces",
            "replaces decision",
            "corrects decision",
            "supersedes",
        ],
    ),
    (
        Key::AdvanceNetted,
        &[
            "ennakon vähennys",
            "ennakosta vähennetään",
            "vähennetty ennakko",
            "ennakon kuittaus",
            "advance netted",
            "advance deducted",
            "less advance",
            "advance offset",
        ],
    ),
];

/// The labels of a key, as normalised by [`super::normalise_header`].
pub(super) fn labels(key: Key) -> &'static [&'static str] {
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map_or(&[], |(_, labels)| labels)
}

/// The category table's total row.
pub(super) const TOTAL_ROW: &[&str] = &["yhteensä", "total", "totals", "summa", "kaikki yhteensä"];

/// A row of the category table stating costs less revenues: derived from
/// the other rows, so skipped wherever it stands in the table.
pub(super) const NET_COSTS_ROW: &[&str] = &[
    "nettokustannukset",
    "nettokustannukset yhteensä",
    "net costs",
    "net cost",
    "total net costs",
];

/// Column roles of the two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Category,
    Applied,
    Approved,
    Deducted,
    Reason,
    Voucher,
    Date,
    Amount,
}

pub(super) const COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Category,
        &[
            "kustannuslaji",
            "kustannuslajit",
            "cost category",
            "category",
            "budget category",
        ],
    ),
    (
        Col::Applied,
        &[
            "haettu",
            "haettu summa",
            "haetut kustannukset",
            "applied",
            "claimed",
            "applied for",
        ],
    ),
    (
        Col::Approved,
        &[
            "hyväksytty",
            "hyväksytyt kustannukset",
            "hyväksytty summa",
            "approved",
            "accepted",
        ],
    ),
    (
        Col::Deducted,
        &[
            "vähennetty",
            "vähennys",
            "vähennykset",
            "deducted",
            "deduction",
            "not accepted",
        ],
    ),
    (
        Col::Reason,
        &[
            "perustelu",
            "perustelut",
            "syy",
            "peruste",
            "reason",
            "justification",
            "explanation",
        ],
    ),
    (
        Col::Voucher,
        &[
            "tosite",
            "tositenumero",
            "tositenro",
            "voucher",
            "voucher number",
            "document",
        ],
    ),
    (Col::Date, &["päivämäärä", "pvm", "tositepäivä", "date"]),
    (
        Col::Amount,
        &[
            "summa",
            "määrä",
            "vähennetty summa",
            "amount",
            "deducted amount",
        ],
    ),
];
