//! Placeholders: the values `velho init` leaves for the user to fill in
//! (`"TÄYTÄ"` / `"FILL IN"`). A project file that still holds one is
//! refused, every placeholder named by its key, before anything else is
//! checked: a placeholder is never taken for a value.

use crate::text::Message;

/// The placeholder `velho init` writes in a Finnish project file.
pub const PLACEHOLDER_FI: &str = "TÄYTÄ";

/// The placeholder `velho init` writes in an English project file.
pub const PLACEHOLDER_EN: &str = "FILL IN";

/// True for a value that is a placeholder: a text that starts with
/// `TÄYTÄ` or `FILL IN` (any case), so `"FILL IN: the plan"` is one too.
pub fn is_placeholder(value: &toml::Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    let text = text.trim().to_uppercase();
    text.starts_with(PLACEHOLDER_FI) || text.starts_with(PLACEHOLDER_EN)
}

/// The keys of a project file's text that still hold a placeholder, in the
/// file's order (`funding.rate_percent`, `category[2] (id "services").plan`).
/// A text that is not TOML has none (its syntax error is reported elsewhere).
pub fn placeholders(text: &str) -> Vec<String> {
    let Ok(document) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&toml::Value::Table(document), String::new(), &mut found);
    // toml::Table is sorted by key; the user reads the file top to bottom.
    found.sort_by_cached_key(|key| line_of(text, key));
    found
}

fn walk(value: &toml::Value, key: String, found: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (name, inner) in table {
                let path = if key.is_empty() {
                    name.clone()
                } else {
                    format!("{key}.{name}")
                };
                walk(inner, path, found);
            }
        }
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let id = item
                    .get("id")
                    .and_then(toml::Value::as_str)
                    .map(|id| format!(" (id \"{id}\")"))
                    .unwrap_or_default();
                walk(item, format!("{key}[{}]{id}", i + 1), found);
            }
        }
        other if is_placeholder(other) => found.push(key),
        _ => {}
    }
}

/// The line where a key stands: its table header (`[funding]`,
/// `[[category]]`, counted) and its own name, found by reading the text
/// line by line (for ordering only; `usize::MAX` when not found).
fn line_of(text: &str, key: &str) -> usize {
    // `category[3] (id "x").plan` → `category[3].plan`.
    let mut plain = String::new();
    let mut rest = key;
    while let Some((before, after)) = rest.split_once(" (id \"") {
        plain.push_str(before);
        rest = after.split_once("\")").map_or("", |(_, a)| a);
    }
    plain.push_str(rest);
    let mut table = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split_once("]]")) {
            let name = name.0.trim().to_string();
            let n = match counts.iter_mut().find(|(c, _)| *c == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name.clone(), 1));
                    1
                }
            };
            table = format!("{name}[{n}]");
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split_once(']')) {
            table = name.0.trim().to_string();
        } else if let Some((name, _)) = line.split_once('=')
            && !line.starts_with('#')
        {
            let name = name.trim().trim_matches('"');
            let path = if table.is_empty() {
                name.to_string()
            } else {
                format!("{table}.{name}")
            };
            if plain == path || plain.starts_with(&format!("{path}.")) {
                return i;
            }
        }
    }
    usize::MAX
}

/// The message that refuses a project file with placeholders left, each
/// named on a line of its own.
pub fn placeholders_message(keys: &[String]) -> Message {
    let values = Message::new(if keys.len() == 1 {
        "count.values_to_fill.one"
    } else {
        "count.values_to_fill.many"
    })
    .with("n", keys.len());
    let list: String = keys
        .iter()
        .enumerate()
        .map(|(i, key)| format!("\n  {}. `{key}`", i + 1))
        .collect();
    Message::new("config.placeholders")
        .with_message("values", values)
        .with("fill_fi", PLACEHOLDER_FI)
        .with("fill_en", PLACEHOLDER_EN)
        .with("list", list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_named_by_key_in_the_file_order() {
        let text = "[project]\nname = \"x\"\n[funding]\nrate_percent = \"FILL IN\"\nmax_grant = \"täytä: enimmäismäärä\"\n\
            [[category]]\nid = \"staff\"\nplan = \"FILL IN\"\n[[category]]\nid = \"services\"\nplan = 100\n\
            [[category]]\nid = \"travel\"\nplan = \"FILL IN\"\n";
        assert_eq!(
            placeholders(text),
            [
                "funding.rate_percent",
                "funding.max_grant",
                "category[1] (id \"staff\").plan",
                "category[3] (id \"travel\").plan",
            ]
        );
        assert!(placeholders("[funding]\nrate_percent = 80\n").is_empty());
        assert!(placeholders("not toml [").is_empty());
    }
}
