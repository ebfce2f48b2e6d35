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
/// toml crate words it, its heading and its commonest messages put in
/// Finnish for a Finnish project file (`lang`, the file's language); the
/// quoted line stays as it is. (The catalogue's English for these,
/// `config.toml.*`, is the crate's own wording, which an English project
/// file gets as the crate writes it.)
pub(super) fn toml_error(message: &str, lang: Lang) -> String {
    let message = message.trim_end();
    if lang != Lang::Fi {
        return message.to_string();
    }
    message
        .lines()
        .map(|line| {
            if let Some(at) = line.strip_prefix("TOML parse error at line ")
                && let Some((row, column)) = at.split_once(", column ")
            {
                Lang::Fi.fill("config.toml.at", &[("row", &row), ("column", &column)])
            } else {
                finnish_reason(line).unwrap_or_else(|| line.to_string())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The language a project file asks for, read line by line so that a file
/// with a syntax error elsewhere still tells it: `language = "fi"` before
/// the first `[table]`. English when it says none.
pub(super) fn language_of(text: &str) -> Lang {
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

/// The commonest reasons the toml crate gives, in Finnish.
fn finnish_reason(line: &str) -> Option<String> {
    let fi = Lang::Fi;
    if let Some(rest) = line.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let key = key.trim_end_matches(", there are no fields");
        let allowed = expected.strip_prefix("one of ").unwrap_or(expected);
        return Some(if allowed.is_empty() {
            fi.fill("config.toml.unknown_key_no_keys", &[("key", &key)])
        } else {
            fi.fill(
                "config.toml.unknown_key",
                &[("key", &key), ("allowed", &allowed)],
            )
        });
    }
    if let Some(key) = line.strip_prefix("missing field ") {
        return Some(fi.fill("config.toml.missing_key", &[("key", &key)]));
    }
    let key = match line {
        "duplicate key" => "config.toml.duplicate_key",
        "invalid table header" => "config.toml.invalid_table_header",
        _ if line.starts_with("missing comma between array elements") => {
            "config.toml.missing_comma"
        }
        _ if line.starts_with("invalid string") || line.starts_with("invalid basic string") => {
            "config.toml.invalid_string"
        }
        _ => return None,
    };
    Some(fi.text(key).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finnish_file_gets_finnish_toml_errors() {
        let english = "TOML parse error at line 18, column 1\n   |\n18 | rate_procent = 90\n   | ^^^^^^^^^^^^\nunknown field `rate_procent`, expected one of `funder`, `rate_percent`\n";
        let fi = toml_error(
            english,
            language_of("language = \"fi\"\n[funding]\nrate_procent = 90\n"),
        );
        assert_eq!(
            fi,
            "TOML-virhe rivillä 18, sarakkeessa 1\n   |\n18 | rate_procent = 90\n   | ^^^^^^^^^^^^\ntuntematon avain `rate_procent` (kirjoitusvirhe?); tässä osassa sallitut avaimet: `funder`, `rate_percent`"
        );
        assert_eq!(
            toml_error(english, language_of("[funding]\n")),
            english.trim_end()
        );
        assert_eq!(
            finnish_reason("missing field `code`").unwrap(),
            "avain `code` puuttuu"
        );
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
