//! Live formulas over the Transactions sheet(s), written with their computed
//! value stored, so an auditor can re-add every total in Excel and a reader
//! that does not recalculate still sees the figure.

use rust_decimal::Decimal;

/// Columns of the Transactions sheet that formulas refer to, by letter
/// (from [`Column`](super::transactions::Column), which orders them).
pub mod column {
    use super::super::transactions::Column;

    /// Posting date.
    pub const DATE: &str = Column::Date.letter();
    /// Signed amount.
    pub const AMOUNT: &str = Column::Amount.letter();
    /// Cost category (only on counted rows).
    pub const CATEGORY: &str = Column::Category.letter();
    /// Status label.
    pub const STATUS: &str = Column::Status.letter();
}

/// The Transactions sheets a formula must cover (one, or more when the rows
/// continue past Excel's row limit).
#[derive(Debug, Clone)]
pub struct Ledger {
    sheets: Vec<String>,
}

impl Ledger {
    /// Formulas over these sheets.
    pub fn new(sheets: Vec<String>) -> Ledger {
        Ledger { sheets }
    }

    fn whole_column(sheet: &str, column: &str) -> String {
        format!("'{}'!${column}:${column}", sheet.replace('\'', "''"))
    }

    /// `SUMIFS(amount, column, criterion, …)` added over every sheet.
    pub fn sum_if(&self, criteria: &[(&str, String)]) -> String {
        self.each(|sheet| {
            let args: String = criteria
                .iter()
                .map(|(c, crit)| format!(",{},{crit}", Self::whole_column(sheet, c)))
                .collect();
            format!(
                "SUMIFS({}{args})",
                Self::whole_column(sheet, column::AMOUNT)
            )
        })
    }

    /// `COUNTIFS(column, criterion, …)` added over every sheet.
    pub fn count_if(&self, criteria: &[(&str, String)]) -> String {
        self.each(|sheet| {
            let args: Vec<String> = criteria
                .iter()
                .map(|(c, crit)| format!("{},{crit}", Self::whole_column(sheet, c)))
                .collect();
            format!("COUNTIFS({})", args.join(","))
        })
    }

    /// `SUM(amount)` over every sheet.
    pub fn sum_all(&self) -> String {
        self.each(|sheet| format!("SUM({})", Self::whole_column(sheet, column::AMOUNT)))
    }

    /// `COUNT(amount)` over every sheet: the rows listed.
    pub fn count_all(&self) -> String {
        self.each(|sheet| format!("COUNT({})", Self::whole_column(sheet, column::AMOUNT)))
    }

    fn each(&self, part: impl Fn(&str) -> String) -> String {
        self.sheets
            .iter()
            .map(|s| part(s))
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// A text criterion matched exactly: SUMIFS treats `*`, `?` and `~` as
/// wildcards, and a leading `=`, `<` or `>` as a comparison, so a name such
/// as `<>Muut kulut` is prefixed with `=` ("equal to") and its wildcards
/// escaped.
pub fn exactly(text: &str) -> String {
    let escaped = text
        .replace('~', "~~")
        .replace('*', "~*")
        .replace('?', "~?")
        .replace('"', "\"\"");
    let operator = if text.starts_with(['=', '<', '>']) {
        "="
    } else {
        ""
    };
    format!("\"{operator}{escaped}\"")
}

/// A flat rate: `percent` per cent of its base terms added up, `(a+b)*p/100`;
/// rounded to the cent, `ROUND((a+b)*p/100,2)`, when `rounded` (as a claim
/// rounds it). The percentage is written normalised (`24`, not `24.00`).
pub fn flat_rate(base_terms: &[String], percent: Decimal, rounded: bool) -> String {
    let share = format!("({})*{}/100", base_terms.join("+"), percent.normalize());
    if rounded {
        format!("ROUND({share},2)")
    } else {
        share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_cover_every_sheet() {
        let one = Ledger::new(vec!["Tapahtumat".into()]);
        assert_eq!(
            one.sum_if(&[(column::CATEGORY, exactly("Ostopalvelut"))]),
            "SUMIFS('Tapahtumat'!$L:$L,'Tapahtumat'!$M:$M,\"Ostopalvelut\")"
        );
        let two = Ledger::new(vec!["Tapahtumat".into(), "Tapahtumat 2".into()]);
        assert_eq!(
            two.count_all(),
            "COUNT('Tapahtumat'!$L:$L)+COUNT('Tapahtumat 2'!$L:$L)"
        );
    }

    #[test]
    fn flat_rate_is_its_percentage_of_the_base() {
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let percent = Decimal::new(2400, 2);
        assert_eq!(
            flat_rate(&terms(&["C13"]), percent, true),
            "ROUND((C13)*24/100,2)"
        );
        assert_eq!(flat_rate(&terms(&["B10"]), percent, false), "(B10)*24/100");
        assert_eq!(
            flat_rate(&terms(&["B5", "B6"]), Decimal::new(75, 1), true),
            "ROUND((B5+B6)*7.5/100,2)"
        );
        assert_eq!(
            flat_rate(
                &terms(&["SUMIFS(a)", "SUMIFS(b)"]),
                Decimal::new(15, 0),
                false
            ),
            "(SUMIFS(a)+SUMIFS(b))*15/100"
        );
    }

    #[test]
    fn criteria_match_exactly() {
        assert_eq!(exactly("Flat rate 24 % *"), "\"Flat rate 24 % ~*\"");
        assert_eq!(exactly("a\"b?"), "\"a\"\"b~?\"");
        assert_eq!(exactly("<>Muut kulut"), "\"=<>Muut kulut\"");
        assert_eq!(exactly(">=Investoinnit"), "\"=>=Investoinnit\"");
        assert_eq!(exactly("=A1"), "\"==A1\"");
    }
}
