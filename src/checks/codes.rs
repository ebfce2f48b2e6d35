//! The finding codes and what each means, in Finnish and in English: the
//! label a sheet shows beside the code (the code stays in a column of its
//! own for filtering), so no English code stands alone on a Finnish sheet.

use crate::model::Lang;

/// Every finding code with its Finnish and English label.
pub const CODES: &[(&str, &str, &str)] = &[
    ("ACCOUNT_MISSING", "Tili puuttuu", "Account missing"),
    (
        "AFTER_AS_OF",
        "Tarkastelupäivän jälkeen",
        "After the as-of date",
    ),
    (
        "CATEGORY_OVER_PLAN",
        "Kustannuslaji yli kustannusarvion",
        "Category over its plan",
    ),
    ("CLAIM_COPY", "Maksatushakemuksen kopio", "Copy of a claim"),
    (
        "CLAIM_LEDGER_DIFFERENCE",
        "Hakemus ja kirjanpito eroavat",
        "Claim and ledger differ",
    ),
    (
        "CONTROL_TOTAL",
        "Tarkistussumma ei täsmää",
        "Control total differs",
    ),
    (
        "DECISION_AFTER_AS_OF",
        "Päätös tarkastelupäivän jälkeen",
        "Decision after the as-of date",
    ),
    (
        "DECISION_ARITHMETIC",
        "Päätöksen laskutoimitus",
        "Decision arithmetic",
    ),
    (
        "DECISION_CATEGORY_UNKNOWN",
        "Päätöksessä tuntematon kustannuslaji",
        "Unknown category in a decision",
    ),
    (
        "DECISION_FLAT_RATE",
        "Päätöksen prosenttimääräinen korvaus",
        "Flat rate in a decision",
    ),
    (
        "DECISION_PERIOD_UNKNOWN",
        "Päätöksessä tuntematon maksatuskausi",
        "Unknown period in a decision",
    ),
    (
        "DECISION_RATE",
        "Päätöksen tukiprosentti",
        "Funding rate in a decision",
    ),
    (
        "DECISION_REPEATED",
        "Sama päätös kahdesti",
        "Decision read twice",
    ),
    (
        "DECISION_REVENUE",
        "Päätöksen tulot",
        "Revenues in a decision",
    ),
    (
        "DECISION_SUPERSEDED",
        "Korvattu päätös",
        "Superseded decision",
    ),
    ("DECISION_TOTAL", "Päätöksen yhteissumma", "Decision total"),
    (
        "DECISION_TOTAL_UNCHECKED",
        "Päätöksen yhteissummaa ei laskettu",
        "Decision total not calculated",
    ),
    ("DEDUCTION", "Vähennys", "Deduction"),
    (
        "DEDUCTION_UNMATCHED",
        "Vähennys ilman riviä",
        "Deduction without a row",
    ),
    ("DUPLICATE_ROWS", "Kaksoiskappaleet", "Duplicate rows"),
    (
        "FILTER_MATCHES_NOTHING",
        "Rajaus ei osu riveihin",
        "Filter matches no rows",
    ),
    ("FINAL_BALANCE", "Loppumaksu", "Final payment"),
    ("FUNDING_CHANGE", "Muutospäätös", "Amended funding decision"),
    (
        "GRANT_CAPPED",
        "Enimmäisavustus rajaa",
        "Maximum grant caps the share",
    ),
    (
        "GRANT_EXCEEDED",
        "Enimmäisavustus ylittyy",
        "Maximum grant exceeded",
    ),
    ("NO_PROJECT_ROWS", "Ei hankkeen rivejä", "No project rows"),
    (
        "NOT_A_LEDGER_SKIPPED",
        "Ei kirjanpitoa, ohitettu",
        "Not a ledger, skipped",
    ),
    (
        "OUTSIDE_PERIOD",
        "Hankeajan ulkopuolella",
        "Outside the project period",
    ),
    (
        "OWN_OUTPUT_SKIPPED",
        "velhon oma tuloste ohitettu",
        "velho's own output skipped",
    ),
    ("PAID_EARLIER", "Aiemmin maksettu", "Paid earlier"),
    ("PAID_TOTAL", "Maksettu yhteensä", "Paid in all"),
    (
        "PAYMENT_ARITHMETIC",
        "Maksun laskutoimitus",
        "Payment arithmetic",
    ),
    (
        "PAYMENT_MADE_GOOD",
        "Vajaa maksu korjattu myöhemmin",
        "Short payment made good later",
    ),
    (
        "PAYMENT_MAKES_GOOD",
        "Maksu korjaa aiemman vajaan",
        "Payment makes good an earlier one",
    ),
    (
        "PERIOD_GAP",
        "Aukko maksatuskausissa",
        "Gap between periods",
    ),
    (
        "PERIOD_OUTSIDE_PROJECT",
        "Maksatuskausi hankeajan ulkopuolella",
        "Period outside the project",
    ),
    (
        "PERIOD_OVERLAP",
        "Päällekkäiset maksatuskaudet",
        "Overlapping periods",
    ),
    (
        "STAFF_HOLIDAY_BONUS_CLAIMED",
        "Lomaraha haettu, vaikka malli ei sitä hyväksy",
        "Holiday bonus claimed where excluded",
    ),
    (
        "STAFF_HOURS_OVER_TOTAL",
        "Hanketunnit yli kokonaistuntien",
        "Project hours over total hours",
    ),
    (
        "STAFF_MODEL_VS_LEDGER",
        "Henkilöstökulumalli ja kirjanpito",
        "Staff-cost model against the ledger",
    ),
    (
        "STAFF_NO_HOURS",
        "Hanketunnit puuttuvat",
        "Project hours missing",
    ),
    (
        "STAFF_NO_TOTAL_HOURS",
        "Kokonaistunnit puuttuvat",
        "Total hours missing",
    ),
    (
        "STAFF_OVER_100_ACROSS_PROJECTS",
        "Työaika yli 100 % hankkeilla yhteensä",
        "Working time over 100 % across projects",
    ),
    (
        "STAFF_PAYROLL_VS_LEDGER",
        "Palkanlaskenta ja kirjanpito eroavat",
        "Payroll and ledger differ",
    ),
    (
        "STAFF_PAY_OUTSIDE_SHARE",
        "Palkka työaikaosuuden ulkopuolella",
        "Pay outside the share periods",
    ),
    (
        "STAFF_SHARE_OVER_100",
        "Työaikaosuus yli 100 %",
        "Share of working time over 100 %",
    ),
    (
        "STAFF_SIDE_COSTS_TWICE",
        "Sivukulut kahteen kertaan",
        "Side costs counted twice",
    ),
    (
        "STAFF_UNKNOWN_PERSON",
        "Tuntematon henkilö",
        "Unknown person",
    ),
    (
        "STAFF_UNKNOWN_PERSONS",
        "Tuntemattomia henkilöitä",
        "Unknown persons",
    ),
    ("STATED_FIGURE", "Ilmoitettu luku", "Stated figure"),
    ("SUB_CENT_AMOUNT", "Sentin osia", "Fractions of a cent"),
    ("TOTAL_OVER_PLAN", "Yli kustannusarvion", "Over the plan"),
    (
        "UNCODED_ROWS_ON_PROJECT_COST_CENTRE",
        "Rivejä ilman projektikoodia hankkeen kustannuspaikalla",
        "Rows without a project code on the project's cost centre",
    ),
    ("UNMAPPED_ACCOUNT", "Kohdistamaton tili", "Unmapped account"),
];

/// A finding code's label in a language; the code itself when it has none
/// (a test keeps every code of the crate in [`CODES`]).
pub fn label(code: &str, lang: Lang) -> &str {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, fi, en)| lang.pick(fi, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code written as a string in the crate's checks, reconciliation,
    /// import, claim and run code has a label in both languages (so a new
    /// check cannot put a bare English code on a Finnish sheet).
    #[test]
    fn every_code_in_the_crate_has_both_labels() {
        let not_codes = ["CARGO_PKG_VERSION", "VELHO_TIMINGS"];
        let mut files = Vec::new();
        // Where findings are made and read.
        for dir in ["checks", "reconcile", "claim", "import", "run", "report"] {
            let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
            collect(&src.join(dir), &mut files);
        }
        let mut found = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text
                .find("#[cfg(test)]")
                .map_or(text.as_str(), |at| &text[..at]);
            for literal in code.split('"').skip(1).step_by(2) {
                let looks_like_code = literal.len() >= 6
                    && literal.starts_with(|c: char| c.is_ascii_uppercase())
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    && !not_codes.contains(&literal);
                if looks_like_code {
                    found += 1;
                    let known = CODES.iter().any(|(c, fi, en)| {
                        *c == literal && !fi.is_empty() && !en.is_empty() && fi != c
                    });
                    assert!(
                        known,
                        "{} uses code {literal}, which has no label",
                        file.display()
                    );
                }
            }
        }
        assert!(found >= CODES.len(), "only {found} codes found in src/");
    }

    fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("checks/codes.rs")
                && !path.ends_with("tests.rs")
            {
                out.push(path);
            }
        }
    }

    #[test]
    fn a_label_is_in_the_language_asked() {
        assert_eq!(label("UNMAPPED_ACCOUNT", Lang::Fi), "Kohdistamaton tili");
        assert_eq!(label("UNMAPPED_ACCOUNT", Lang::En), "Unmapped account");
        assert_eq!(label("NOT_A_CODE", Lang::Fi), "NOT_A_CODE");
    }
}
