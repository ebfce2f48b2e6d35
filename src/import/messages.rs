//! Parts the import's messages share: an amount in euros, lists, the
//! columns of a header, an error as part of another message, and the
//! reasons `money` and `dates` give for a text that is no amount or date.

use rust_decimal::Decimal;

use super::columns::Role;
use crate::error::{Error, Location};
use crate::money;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::format_eur;
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
}
