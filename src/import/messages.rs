//! Parts the import's messages share: an amount in euros, lists, the
//! columns of a header, an error as part of another message, and the
//! reasons `money` and `dates` give for a text that is no amount or date.

use rust_decimal::Decimal;

use super::columns::Role;
use crate::error::{Error, Location};
use crate::money::{self, AmountError};
use crate::text::Message;

/// An amount in euros, written as each language writes it: `1 234,56 €`
/// in Finnish, `€1,234.56` in English (as [`money::format_eur`]).
pub(crate) fn eur(value: Decimal) -> Message {
    let cents = money::round_cents(value);
    let negative = cents.is_sign_negative() && !cents.is_zero();
    let text = format!("{:.2}", cents.abs());
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    // The digits in groups of three, each group joined to those before it.
    let first = match integer.len() % 3 {
        0 => 3.min(integer.len()),
        n => n,
    };
    let mut grouped = Message::verbatim(&integer[..first]);
    for at in (first..integer.len()).step_by(3) {
        grouped = Message::new("import.eur.thousands")
            .with_message("high", grouped)
            .with("low", &integer[at..at + 3]);
    }
    Message::new("import.eur.amount")
        .with("sign", if negative { "-" } else { "" })
        .with_message("integer", grouped)
        .with("cents", fraction)
}

/// `a, b and c` in the language the list is said in.
pub(crate) fn and_list(items: Vec<Message>) -> Message {
    let mut items = items;
    let Some(last) = items.pop() else {
        return Message::verbatim("");
    };
    if items.is_empty() {
        return last;
    }
    Message::new("import.list.and")
        .with_message("items", comma_list(items))
        .with_message("last", last)
}

/// `a, b, c`.
pub(crate) fn comma_list(items: Vec<Message>) -> Message {
    let mut items = items.into_iter();
    let first = items.next().unwrap_or_else(|| Message::verbatim(""));
    items.fold(first, |list, next| {
        Message::new("import.list.comma")
            .with_message("first", list)
            .with_message("next", next)
    })
}

/// `an account column "Tili"`: a column of a header and the role it plays.
pub(crate) fn column_found(role: Role, name: &str) -> Message {
    let key = match role {
        Role::Date => "import.header.column.date",
        Role::Voucher => "import.header.column.voucher",
        Role::Account => "import.header.column.account",
        Role::AccountName => "import.header.column.account_name",
        Role::CostCentre => "import.header.column.cost_centre",
        Role::Project => "import.header.column.project",
        Role::Description => "import.header.column.description",
        Role::Supplier => "import.header.column.supplier",
        Role::Debit => "import.header.column.debit",
        Role::Credit => "import.header.column.credit",
        Role::Amount => "import.header.column.amount",
        Role::Vat => "import.header.column.vat",
        Role::Marker => "import.header.column.marker",
        Role::Person => "import.header.column.person",
    };
    Message::new(key).with("name", name)
}

/// An error as part of another message: where, then what (`a.xlsx, sheet
/// "Yhteenveto", row 3: …`), the frame said in the language of the rest.
pub(crate) fn error_message(error: &Error) -> Message {
    match error.inner() {
        Error::Input { location, message } => Message::new("import.error.at")
            .with_message("location", location_message(location))
            .with_message("message", message.clone()),
        Error::Config { file, message } => Message::new("error.project_file")
            .with("file", file.display())
            .with_message("message", message.clone()),
        Error::Output { path, message } => Message::new("error.could_not_write")
            .with("path", path.display())
            .with("message", message),
        Error::Overflow { what } => Message::new("error.overflow").with("what", what),
        // What the operating system said.
        other => Message::verbatim(other.to_string()),
    }
}

/// A location as [`Location::describe`] says it, as a message.
fn location_message(location: &Location) -> Message {
    let mut parts = vec![Message::verbatim(&location.file)];
    if let Some(sheet) = &location.sheet {
        parts.push(Message::new("error.sheet").with("sheet", sheet));
    }
    if let Some(row) = location.row {
        parts.push(Message::new("error.row").with("row", row));
    }
    if let Some(column) = &location.column {
        parts.push(Message::new("error.column").with("column", column));
    }
    comma_list(parts)
}

// `money::parse_amount` and `dates::parse_date_in` say in English why a
// text is no amount or date (they read the project file too, whose
// messages are not the import's). Until they say it as messages, the
// import knows their sentences and says each in the run's language; a
// sentence it does not know is said as written. The tests below hold the
// two to each other.

/// Why a text is no amount ([`money::parse_amount`]'s reason), as a message.
pub(crate) fn amount_reason(error: &AmountError) -> Message {
    let said = error.0.as_str();
    let quoted = |suffix: &str| said.strip_prefix('"').and_then(|s| s.strip_suffix(suffix));
    if said == "the amount is empty" {
        return Message::new("import.amount.parse.empty");
    }
    if let Some(text) = quoted(
        "\" is not an amount but a number that overflowed in the program that exported it; \
         correct the cell at the source and export again",
    ) {
        return Message::new("import.amount.parse.overflowed").with("text", text);
    }
    if let Some(rest) = quoted(
        "; velho handles one currency, the euro: convert the amounts to euros before importing",
    ) && let Some((text, currency)) = rest.rsplit_once("\" is in ")
    {
        return Message::new("import.amount.parse.currency")
            .with("text", text)
            .with("currency", currency);
    }
    for (suffix, key) in [
        ("\" has no digits", "import.amount.parse.no_digits"),
        ("\" is not an amount", "import.amount.parse.not_an_amount"),
        (
            "\" has too many digits for an amount",
            "import.amount.parse.too_many_digits",
        ),
    ] {
        if let Some(text) = quoted(suffix) {
            return Message::new(key).with("text", text);
        }
    }
    if let Some((text, rest)) = said.strip_prefix('"').and_then(|s| {
        s.split_once("\" is ambiguous: the file's decimal mark is not known, so it could be ")
    }) && let Some((whole, decimal)) = rest.split_once(" or ")
    {
        return Message::new("import.amount.parse.ambiguous")
            .with("text", text)
            .with("whole", whole)
            .with("decimal", decimal);
    }
    Message::verbatim(said)
}

/// Why a text is no date ([`crate::dates::parse_date_in`]'s reason), as a message.
pub(crate) fn date_reason(said: &str) -> Message {
    let quoted = |suffix: &str| said.strip_prefix('"').and_then(|s| s.strip_suffix(suffix));
    for (suffix, key) in [
        (
            "\" is not a date (expected d.m.yyyy or yyyy-mm-dd)",
            "import.date.parse.not_a_date",
        ),
        (
            "\" looks like a spreadsheet serial day number, not a date; in a text file write \
             dates as d.m.yyyy or yyyy-mm-dd (format the column as a date before exporting)",
            "import.date.parse.serial",
        ),
        (
            "\" is ambiguous: day/month or month/day? No date in the column has a day above 12 \
             to tell; write dates as d.m.yyyy or yyyy-mm-dd",
            "import.date.parse.ambiguous",
        ),
        ("\" is not a real date", "import.date.parse.not_real"),
    ] {
        if let Some(text) = quoted(suffix) {
            return Message::new(key).with("text", text);
        }
    }
    if let Some(rest) = quoted("-digit year; write the year in full (e.g. 2021)")
        && let Some((text, digits)) = rest.rsplit_once("\" has a ")
        && let Ok(digits) = digits.parse::<usize>()
    {
        let key = match digits {
            1 => "import.date.parse.short_year.one",
            _ => "import.date.parse.short_year.many",
        };
        return Message::new(key).with("text", text).with("digits", digits);
    }
    Message::verbatim(said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{SlashOrder, parse_date_in};
    use crate::money::{DecimalMark, format_eur, parse_amount};
    use crate::text::Lang;

    #[test]
    fn an_amount_is_written_as_each_language_writes_it() {
        for text in [
            "0",
            "0.5",
            "-0.004",
            "12.3",
            "999",
            "1000",
            "-1234.56",
            "123456",
            "1234567.891",
        ] {
            let value: Decimal = text.parse().unwrap();
            assert_eq!(eur(value).say(Lang::En), format_eur(value, false), "{text}");
            assert_eq!(eur(value).say(Lang::Fi), format_eur(value, true), "{text}");
        }
    }

    #[test]
    fn lists_are_joined_in_the_language() {
        let items = |n: usize| (1..=n).map(|i| Message::verbatim(i.to_string())).collect();
        assert_eq!(and_list(items(3)).say(Lang::Fi), "1, 2 ja 3");
        assert_eq!(and_list(items(2)).say(Lang::En), "1 and 2");
        assert_eq!(and_list(items(1)).say(Lang::En), "1");
        assert_eq!(comma_list(items(3)).say(Lang::En), "1, 2, 3");
    }

    #[test]
    fn every_reason_of_money_and_dates_is_known() {
        let comma = Some(DecimalMark::Comma);
        for (text, mark) in [
            ("", comma),
            ("INF", comma),
            ("12,50 SEK", comma),
            ("€", comma),
            ("1e3", comma),
            ("1.234", None),
            ("123456789012345678901234567890,5", comma),
        ] {
            let error = parse_amount(text, mark).unwrap_err();
            let message = amount_reason(&error);
            assert!(!message.key().is_empty(), "{}", error.0);
            assert_eq!(message.say(Lang::En), error.0);
        }
        for text in ["x", "44620", "01/02/2022", "1.2.22", "1.2.5", "31.2.2021"] {
            let error = parse_date_in(text, SlashOrder::Unknown).unwrap_err();
            let message = date_reason(&error);
            assert!(!message.key().is_empty(), "{error}");
            assert_eq!(message.say(Lang::En), error);
        }
        assert_eq!(
            amount_reason(&AmountError("something new".into())).say(Lang::Fi),
            "something new"
        );
    }
}
