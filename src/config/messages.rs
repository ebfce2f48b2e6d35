//! Messages about a project file that cannot be read at all (its encoding,
//! its TOML syntax), in the language the file asks for (`language = "fi"`)
//! where velho can tell it.

use crate::model::Lang;
use crate::text::Message;

/// Why a project file that is not UTF-8 cannot be read, and what to do;
/// and the language the file asks for, as far as it can be read.
pub(super) fn project_file_encoding(bytes: &[u8]) -> (Message, Lang) {
    let lang = language_of(&String::from_utf8_lossy(bytes));
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let message = Message::new(if utf16 {
        "config.encoding.utf16"
    } else {
        "config.encoding.other"
    });
    (message, lang)
}

/// A TOML syntax error (or an unknown, duplicate or missing key) as the
/// toml crate words it, as a message: its heading and the reasons velho
/// knows (the commonest mistakes of a project file, each with what to
/// write instead) said in the run's language, the quoted line as it is.
/// A reason velho does not know stays in the crate's English.
pub(super) fn toml_error(message: &str) -> Message {
    let lines: Vec<Message> = message
        .trim_end()
        .lines()
        .map(|line| {
            if let Some(at) = line.strip_prefix("TOML parse error at line ")
                && let Some((row, column)) = at.split_once(", column ")
            {
                Message::new("config.toml.at")
                    .with("row", row)
                    .with("column", column)
            } else {
                reason(line).unwrap_or_else(|| Message::verbatim(line))
            }
        })
        .collect();
    Message::lines(lines)
}

/// The language a project file asks for, read line by line so that a file
/// with a syntax error elsewhere still tells it: `language = "fi"` before
/// the first `[table]`. English when it says none.
pub fn language_of(text: &str) -> Lang {
    text.lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .find(|(key, _)| key.trim() == "language")
        .and_then(|(_, value)| {
            Lang::parse(value.split('#').next()?.trim().trim_matches(['"', '\'']))
        })
        .unwrap_or(Lang::En)
}

/// The reasons the toml crate gives that velho says in its own words.
fn reason(line: &str) -> Option<Message> {
    if let Some(rest) = line.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let key = key.trim_end_matches(", there are no fields");
        let allowed = expected.strip_prefix("one of ").unwrap_or(expected);
        return Some(if allowed.is_empty() {
            Message::new("config.toml.unknown_key_no_keys").with("key", key)
        } else {
            Message::new("config.toml.unknown_key")
                .with("key", key)
                .with("allowed", allowed)
        });
    }
    if let Some(key) = line.strip_prefix("missing field ") {
        return Some(Message::new("config.toml.missing_key").with("key", key));
    }
    let key = match line {
        "duplicate key" => "config.toml.duplicate_key",
        "invalid table header" => "config.toml.invalid_table_header",
        // `max_grant = 40 000,00`, `rate_percent = 80,5`: a value with a
        // space or a decimal comma, unquoted.
        _ if line.starts_with("unexpected key or value") => "config.toml.unquoted_value",
        // `start = 1.1.2023`: a Finnish date, unquoted, read as a number.
        _ if line.starts_with("invalid float") => "config.toml.unquoted_date",
        // `name = Kylävoimaa`.
        _ if line.starts_with("string values must be quoted") => "config.toml.unquoted_text",
        // `[funding`.
        _ if line.starts_with("unclosed table") => "config.toml.unclosed_table",
        // `accounts = [4000-4299]`, `start = 2023-1-1`: read as a date.
        _ if line.starts_with("invalid date") => "config.toml.invalid_date",
        _ if line.starts_with("missing comma between array elements") => {
            "config.toml.missing_comma"
        }
        _ if line.starts_with("invalid string") || line.starts_with("invalid basic string") => {
            "config.toml.invalid_string"
        }
        _ => return None,
    };
    Some(Message::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_error_is_said_in_the_runs_language() {
        let english = "TOML parse error at line 18, column 1\n   |\n18 | rate_procent = 90\n   | ^^^^^^^^^^^^\nunknown field `rate_procent`, expected one of `funder`, `rate_percent`\n";
        let said = toml_error(english);
        assert_eq!(
            said.say(Lang::Fi),
            "rivi 18, sarake 1\n   |\n18 | rate_procent = 90\n   | ^^^^^^^^^^^^\ntuntematon avain `rate_procent` (kirjoitusvirhe?); tässä osassa sallitut avaimet: `funder`, `rate_percent`"
        );
        assert_eq!(said.say(Lang::En), english.trim_end());
        assert_eq!(
            reason("missing field `code`").unwrap().say(Lang::Fi),
            "avain `code` puuttuu"
        );
    }

    /// The mistakes a Finnish finance officer makes in a project file,
    /// each read by the toml crate and told what to write instead.
    #[test]
    fn the_commonest_mistakes_are_told_what_to_write() {
        let said = |text: &str| {
            let error = toml::from_str::<toml::Table>(text).unwrap_err().to_string();
            toml_error(&error).say(Lang::Fi)
        };
        assert!(
            said("max_grant = 40 000,00\n")
                .contains("lainausmerkkeihin: max_grant = \"40 000,00\""),
            "{}",
            said("max_grant = 40 000,00\n")
        );
        assert!(said("rate_percent = 80,5\n").contains("80.5"));
        assert!(
            said("start = 1.1.2023\n").contains("\"1.1.2023\""),
            "{}",
            said("start = 1.1.2023\n")
        );
        assert!(
            said("name = Kylävoimaa\n").contains("lainausmerkkeihin"),
            "{}",
            said("name = Kylävoimaa\n")
        );
        assert!(said("[funding\n").contains("]"), "{}", said("[funding\n"));
        assert!(
            said("accounts = [4000-4299]\n").contains("accounts = [\"4000-4299\"]"),
            "{}",
            said("accounts = [4000-4299]\n")
        );
        for text in [
            "max_grant = 40 000,00\n",
            "start = 1.1.2023\n",
            "name = Kylävoimaa\n",
            "[funding\n",
        ] {
            let fi = said(text);
            assert!(!fi.contains("expected"), "English left: {fi}");
        }
    }

    #[test]
    fn an_ansi_file_is_told_to_be_saved_as_utf8_in_its_language() {
        let (message, lang) =
            project_file_encoding(b"language = \"fi\"\nname = \"Kest\xE4v\xE4\"\n");
        let fi = message.say(lang);
        assert!(
            fi.starts_with("projektitiedosto on tallennettu muulla merkist"),
            "{fi}"
        );
        assert!(fi.contains("Koodaus: UTF-8"), "{fi}");
        let (message, lang) = project_file_encoding(b"name = \"Kest\xE4v\xE4\"\n");
        let en = message.say(lang);
        assert!(en.contains("ANSI / Windows-1252"), "{en}");
        assert!(en.contains("Encoding: UTF-8"), "{en}");
    }
}
