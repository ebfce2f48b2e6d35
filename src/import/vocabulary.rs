//! The header vocabulary: the column names velho knows, as one table of
//! (role, rank, language, system, header texts). `velho inspect --columns`
//! prints it; [`super::columns::Columns`] recognises a header row with it.
//!
//! Texts are written as [`super::columns::normalise_header`] leaves them:
//! lower case, punctuation and runs of spaces folded to one space
//! (`G/L Account No.` → `g l account no`). A lower rank wins when two
//! headers could play the same role (`Tili` is the account number unless a
//! `Tilinumero` column exists, when it is the account name).

use super::columns::Role;

/// One row of the vocabulary: header texts that play `role` in exports of
/// `system` written in `language`.
#[derive(Debug, Clone, Copy)]
pub struct HeaderNames {
    /// The role the column plays.
    pub role: Role,
    /// 1 is the best; a higher rank gives way to a lower one.
    pub rank: u8,
    /// `fi`, `sv`, `da` or `en`.
    pub language: &'static str,
    /// The accounting system that prints these names, or `common`.
    pub system: &'static str,
    /// The header texts, normalised.
    pub names: &'static [&'static str],
}

/// Shorthand for one row of [`VOCABULARY`].
const fn row(
    role: Role,
    rank: u8,
    language: &'static str,
    system: &'static str,
    names: &'static [&'static str],
) -> HeaderNames {
    HeaderNames {
        role,
        rank,
        language,
        system,
        names,
    }
}

use Role::{
    Account, AccountName, Amount, CostCentre, Credit, Date, Debit, Description, Marker, Person,
    Project, Supplier, Vat, Voucher,
};

/// Every header name velho recognises.
#[rustfmt::skip]
pub const VOCABULARY: &[HeaderNames] = &[
    // ---- Dates ----
    row(Date, 1, "fi", "common", &[
        "tositepvm", "tositepäivämäärä", "tositepäivä", "tositteen päivämäärä", "kirjauspäivä",
        "kirjauspvm", "kirjauspäivämäärä", "kirjanpitopäivä", "kirjanpitopvm", "vientipäivä",
        "vientipvm",
    ]),
    row(Date, 1, "en", "common", &[
        "posting date", "voucher date", "booking date", "entry date", "gl date",
    ]),
    row(Date, 1, "en", "Oracle, Workday", &["accounting date"]),
    row(Date, 1, "sv", "common", &["bokföringsdatum", "verifikationsdatum", "bokföringsdag"]),
    row(Date, 1, "da", "common", &["bogføringsdato", "bilagsdato", "posteringsdato"]),
    row(Date, 2, "fi", "common", &[
        "pvm", "päivämäärä", "päiväys", "tapahtumapäivä", "laskun päivämäärä",
        "tapahtumapvm", "tapahtumapäivämäärä",
    ]),
    row(Date, 2, "en", "common", &["date", "transaction date"]),
    row(Date, 2, "en", "SAP", &["document date"]),
    row(Date, 2, "sv", "common", &["datum"]),
    row(Date, 2, "da", "common", &["dato"]),
    // ---- Vouchers ----
    row(Voucher, 1, "fi", "common", &[
        "tositenumero", "tositenro", "tosite", "tositteen numero", "tosite nro",
        "tositelaji ja numero",
    ]),
    row(Voucher, 1, "en", "common", &["voucher", "voucher no", "voucher number"]),
    row(Voucher, 1, "en", "SAP, Dynamics 365", &[
        "document no", "document number", "journal number",
    ]),
    row(Voucher, 1, "sv", "common", &[
        "verifikation", "verifikationsnummer", "ver nr", "vernr", "verifikationsnr",
    ]),
    row(Voucher, 1, "da", "common", &["bilagsnummer", "bilagsnr", "bilag", "bilag nr"]),
    row(Voucher, 2, "fi", "common", &["tapahtumanumero"]),
    // A journal's or ledger report's first column: the voucher (`#12`).
    row(Voucher, 3, "fi", "common", &["nro"]),
    row(Voucher, 2, "en", "common", &["document", "entry no", "entry number"]),
    // ---- Accounts ----
    row(Account, 1, "fi", "common", &[
        "tilinumero", "tilinro", "tili nro", "pääkirjatili", "kirjanpidon tilinumero",
        "kirjanpitotili", "tili numero",
    ]),
    row(Account, 1, "en", "common", &[
        "account", "account no", "account number", "gl account", "ledger account",
    ]),
    row(Account, 1, "en", "SAP", &["g l account", "g l acct", "g l account number"]),
    row(Account, 1, "en", "Dynamics 365", &["g l account no"]),
    row(Account, 1, "en", "Oracle", &["natural account"]),
    row(Account, 1, "sv", "common", &["konto", "kontonummer", "kontonr", "artskonto"]),
    row(Account, 1, "da", "common", &["kontonummer", "kontonr", "artskonto"]),
    row(Account, 2, "fi", "common", &["tili"]),
    // ---- Account names ----
    row(AccountName, 1, "fi", "common", &[
        "tilin nimi", "tilinnimi", "pääkirjatilin nimi", "tilin kuvaus", "tilin selite",
    ]),
    row(AccountName, 1, "en", "common", &["account name", "account description"]),
    row(AccountName, 1, "en", "SAP", &["g l account name", "g l acct long text"]),
    row(AccountName, 1, "en", "Dynamics 365", &["g l account name"]),
    row(AccountName, 1, "sv", "common", &["kontonamn", "kontobenämning"]),
    row(AccountName, 1, "da", "common", &["kontonavn"]),
    row(AccountName, 3, "fi", "common", &["tili"]),
    // ---- Cost centres ----
    row(CostCentre, 1, "fi", "common", &[
        "kustannuspaikka", "kp", "kustannuspaikan numero", "kustannuspaikka nro", "kustp",
        "kustannuspaikkanumero", "kustannuspaikan koodi",
    ]),
    row(CostCentre, 1, "en", "common", &[
        "cost centre", "cost center", "cost center code", "cost centre code",
    ]),
    row(CostCentre, 1, "en", "Dynamics 365", &[
        "department code", "global dimension 1 code", "shortcut dimension 1 code",
    ]),
    row(CostCentre, 1, "sv", "common", &["kostnadsställe", "kst", "kostnadsställenummer"]),
    row(CostCentre, 1, "da", "common", &["omkostningssted", "afdeling", "afdelingskode"]),
    row(CostCentre, 2, "en", "SAP", &["profit center", "profit centre"]),
    // ---- Projects ----
    row(Project, 1, "fi", "common", &[
        "projekti", "hanke", "projektinumero", "hankenumero", "projektikoodi", "hankekoodi",
        "hankenro", "projektinro",
    ]),
    row(Project, 1, "en", "common", &[
        "project", "project code", "project no", "project number",
    ]),
    // The tracking object (seurantakohde) municipal systems carry projects in,
    // beside a Projekti column when there is one.
    row(Project, 2, "fi", "common", &["seurantakohde", "seurantakohteen koodi"]),
    row(Project, 1, "en", "SAP", &["wbs element", "wbs"]),
    row(Project, 1, "en", "Dynamics 365", &[
        "global dimension 2 code", "shortcut dimension 2 code", "job no",
    ]),
    row(Project, 1, "sv", "common", &["projekt", "projektnummer", "projektkod"]),
    row(Project, 1, "sv", "SAP", &["psp element"]),
    row(Project, 1, "da", "SAP", &["psp element"]),
    row(Project, 1, "da", "common", &["projektnr", "sagsnummer", "sagsnr"]),
    // ---- Descriptions ----
    row(Description, 1, "fi", "common", &[
        "selite", "vientiselite", "kuvaus", "selitys", "selite 1", "vientiteksti",
        "tapahtuman selite",
    ]),
    row(Description, 1, "en", "common", &[
        "description", "memo", "narrative", "line description", "text description",
        "line memo",
    ]),
    row(Description, 1, "sv", "common", &["beskrivning", "verifikationstext"]),
    row(Description, 1, "da", "common", &["tekst", "beskrivelse", "posteringstekst"]),
    row(Description, 2, "fi", "common", &["teksti"]),
    row(Description, 2, "en", "SAP", &["text"]),
    // ---- Suppliers ----
    row(Supplier, 1, "fi", "common", &[
        "toimittaja", "toimittajan nimi", "asiakas toimittaja",
    ]),
    row(Supplier, 1, "en", "common", &[
        "supplier", "supplier name", "vendor", "vendor name", "counterparty",
    ]),
    row(Supplier, 1, "sv", "common", &["leverantör", "leverantörsnamn"]),
    row(Supplier, 1, "da", "common", &["leverandør", "leverandørnavn"]),
    // ---- Debit and credit ----
    row(Debit, 1, "fi", "common", &["debet", "veloitus", "debet eur", "debet euroa"]),
    row(Debit, 1, "en", "common", &["debit", "debit eur", "debit amount"]),
    row(Debit, 1, "en", "Oracle, Workday", &[
        "accounted dr", "entered dr", "ledger debit amount",
    ]),
    row(Credit, 1, "fi", "common", &["kredit", "hyvitys", "kredit eur", "kredit euroa"]),
    row(Credit, 1, "en", "common", &["credit", "credit eur", "credit amount"]),
    row(Credit, 1, "en", "Oracle, Workday", &[
        "accounted cr", "entered cr", "ledger credit amount",
    ]),
    // ---- Signed amounts ----
    row(Amount, 1, "fi", "common", &[
        "summa", "euroa", "määrä", "rahamäärä", "toteutuneet eurot", "tiliöity summa",
        "summa eur", "toteuma", "euro", "euromäärä", "määrä eur", "määrä euroa", "summa euroa",
    ]),
    row(Amount, 1, "en", "common", &[
        "amount", "sum", "amount eur", "net amount", "amount in eur",
    ]),
    row(Amount, 1, "en", "SAP", &[
        "amount in lc", "amount in local currency", "amount in local cur", "amount lc",
    ]),
    row(Amount, 1, "en", "Dynamics 365", &["amount lcy"]),
    row(Amount, 1, "sv", "common", &["belopp", "belopp eur", "belopp sek"]),
    row(Amount, 1, "da", "common", &["beløb", "beløb eur", "beløb dkk"]),
    // ---- VAT ----
    row(Vat, 1, "fi", "common", &[
        "alv", "alv eur", "alv euroa", "alv määrä", "alv n määrä", "arvonlisävero",
    ]),
    row(Vat, 1, "en", "common", &["vat", "vat amount"]),
    row(Vat, 1, "en", "Dynamics 365", &["vat amount lcy"]),
    row(Vat, 1, "sv", "common", &["moms", "momsbelopp"]),
    row(Vat, 1, "da", "common", &["moms", "momsbeløb"]),
    // ---- Debit/credit markers ----
    row(Marker, 1, "fi", "common", &[
        "d k", "dk", "debet kredit", "etumerkki", "debet kredit merkki",
    ]),
    row(Marker, 1, "en", "common", &[
        "d c", "dc", "debit credit", "dr cr", "drcr", "sign",
    ]),
    row(Marker, 1, "en", "SAP", &["debit credit ind", "d c indicator"]),
    // ---- Persons ----
    // The person a posting is for, as payroll-fed ledgers carry it: such a
    // ledger can serve instead of a payroll report ([staff] payroll = { ledger = true }).
    row(Person, 1, "fi", "common", &[
        "henkilö", "työntekijä", "henkilön nimi", "työntekijän nimi", "henkilönumero",
        "henkilö nro", "työntekijänumero", "palkansaaja",
    ]),
    row(Person, 1, "sv", "common", &[
        "anställd", "person", "medarbetare", "anställningsnummer", "den anställdes namn",
    ]),
    row(Person, 1, "en", "common", &[
        "employee", "employee name", "employee id", "employee number", "person",
    ]),
];

#[cfg(test)]
mod tests {
    use super::super::columns::normalise_header;
    use super::*;

    #[test]
    fn every_name_is_written_as_it_is_matched() {
        for entry in VOCABULARY {
            for name in entry.names {
                assert_eq!(normalise_header(name), *name, "{name}");
            }
        }
    }

    #[test]
    fn no_name_plays_one_role_at_two_ranks_or_two_roles_at_one_rank() {
        let mut seen: Vec<(&str, Role, u8)> = Vec::new();
        for entry in VOCABULARY {
            for name in entry.names {
                for (other, role, rank) in &seen {
                    if other == name {
                        // Danish and Swedish share words (konto, moms).
                        let same = *role == entry.role && *rank == entry.rank;
                        assert!(
                            same || (*role != entry.role && *rank != entry.rank),
                            "{name}: {role} at {rank} and {} at {}",
                            entry.role,
                            entry.rank
                        );
                    }
                }
                seen.push((name, entry.role, entry.rank));
            }
        }
    }
}
