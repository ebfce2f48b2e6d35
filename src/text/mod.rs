//! Every text velho shows, in one catalogue per language (issue 15): the
//! sheets' labels and notes, the findings, the command-line messages.
//! `fi.toml` and `en.toml` beside this file hold them under the same keys,
//! grouped by where they appear, so a reviewer reads each sheet's texts
//! together and both languages side by side.
//!
//! A key is dotted (`payments.title`, `finding.unmapped_account`); a text
//! with parts filled in at run time names them in braces (`{account}`), so
//! a translation may put them in another order. A count's noun agrees with
//! it: `count.rows.one` and `count.rows.many` ([`Lang::count`]). The tests below hold the two
//! files to the same keys and placeholders, and the code to the keys: a key
//! the code asks for is in the catalogue, and every key in it is used.
//!
//! The lowest module: it uses no other, and every other may use it.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::OnceLock;

mod message;
pub use message::Message;

/// The language of the workbook and of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Finnish.
    Fi,
    /// English.
    En,
}

/// The Finnish catalogue as written.
const FI: &str = include_str!("fi.toml");
/// The English catalogue as written.
const EN: &str = include_str!("en.toml");

type Catalogue = HashMap<String, String>;

impl Lang {
    /// Parses `fi` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fi" | "fin" | "finnish" | "suomi" => Some(Lang::Fi),
            "en" | "eng" | "english" | "englanti" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text of `key` in this language. A key not in the catalogue gives
    /// the key itself (the tests make that impossible; a run never panics
    /// for a text).
    pub fn text(self, key: &str) -> &str {
        self.lookup(key).unwrap_or(key)
    }

    /// The text of `key` with each `{name}` replaced by the value given for
    /// `name`. A placeholder with no value given stays as written.
    pub fn fill(self, key: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
        fill_in(self.text(key), args)
    }

    /// A count with its noun in the number it takes: `key.one` when `n` is 1,
    /// else `key.many`, with `{n}` filled ("1 rivi", "3 riviä"; "1 row",
    /// "3 rows").
    pub fn count(self, key: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "many" };
        let key = format!("{key}.{form}");
        fill_in(self.text(&key), &[("n", &n)])
    }

    /// The text of `key`, if the catalogue has it.
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        catalogue(self).get(key).map(String::as_str)
    }
}

/// The catalogue of a language, parsed on first use.
fn catalogue(lang: Lang) -> &'static Catalogue {
    static FI_TEXTS: OnceLock<Catalogue> = OnceLock::new();
    static EN_TEXTS: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::Fi => FI_TEXTS.get_or_init(|| parse(FI)),
        Lang::En => EN_TEXTS.get_or_init(|| parse(EN)),
    }
}

/// A catalogue's texts under their dotted keys. A file that does not parse
/// gives an empty catalogue (every text its key) rather than a panic; the
/// tests parse both files.
fn parse(source: &str) -> Catalogue {
    let mut texts = Catalogue::new();
    if let Ok(table) = source.parse::<toml::Table>() {
        flatten("", &table, &mut texts);
    }
    texts
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalogue) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, out),
            toml::Value::String(text) => {
                out.insert(key, text.clone());
            }
            // Not a text: the tests refuse it.
            _ => {}
        }
    }
}

/// `template` (a text looked up once with [`Lang::text`], for a loop that
/// fills it many times) with each `{name}` replaced by its value in `args`.
pub fn fill_in(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name = after
            .find('}')
            .map(|close| &after[..close])
            .filter(|name| is_placeholder_name(name));
        match name.and_then(|name| args.iter().find(|(n, _)| *n == name)) {
            Some((name, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text`, built in English from the catalogue's phrases under `keys`
/// (each key's English text a phrase the code wrote), with each phrase
/// replaced by its text in `lang`; list longer phrases before the shorter
/// ones they contain. For descriptions assembled before the language is
/// known (how a file was read, which column played which role).
pub fn rephrased(text: &str, keys: &[&str], lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    keys.iter().fold(text.to_string(), |text, key| {
        text.replace(Lang::En.text(key), lang.text(key))
    })
}

/// A placeholder's name: lower-case letters, digits and underscores.
fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests;
