//! The catalogue against itself and against the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;

/// A catalogue file parsed as written: every value a text.
fn strict(source: &str, name: &str) -> BTreeMap<String, String> {
    let table: toml::Table = source
        .parse()
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let mut texts = BTreeMap::new();
    walk("", &table, name, &mut texts);
    texts
}

fn walk(prefix: &str, table: &toml::Table, name: &str, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => walk(&key, inner, name, out),
            toml::Value::String(text) => {
                assert!(!text.is_empty(), "{name}: {key} is empty");
                out.insert(key, text.clone());
            }
            other => panic!("{name}: {key} is not a text but {other}"),
        }
    }
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}')
            && is_placeholder_name(&rest[..close])
        {
            names.insert(&rest[..close]);
        }
    }
    names
}

#[test]
fn both_languages_have_the_same_keys() {
    let fi = strict(FI, "fi.toml");
    let en = strict(EN, "en.toml");
    let only_fi: Vec<&String> = fi.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<&String> = en.keys().filter(|k| !fi.contains_key(*k)).collect();
    assert!(
        only_fi.is_empty() && only_en.is_empty(),
        "only in fi.toml: {only_fi:?}; only in en.toml: {only_en:?}"
    );
    // The catalogue as the code reads it holds the same texts.
    assert_eq!(catalogue(Lang::Fi).len(), fi.len());
    assert_eq!(catalogue(Lang::En).len(), en.len());
}

#[test]
fn each_key_has_the_same_placeholders_in_both_languages() {
    let fi = strict(FI, "fi.toml");
    let en = strict(EN, "en.toml");
    for (key, text) in &fi {
        let Some(english) = en.get(key) else { continue };
        assert_eq!(
            placeholders(text),
            placeholders(english),
            "{key}: the placeholders differ between fi.toml and en.toml"
        );
    }
}

/// The crate's `.rs` files, as paths relative to the package
/// (`src/report/payments.rs`), with their text.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust code, unescaped as far as a key needs (keys
/// hold no escapes), with the text that comes before each; comments are
/// skipped.
fn literals(code: &str) -> Vec<(usize, String)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            // A character literal ('"', '\'', '\\'); a lifetime is left alone.
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let start = i + 1 + hashes + 1;
                let end_mark = format!("\"{}", "#".repeat(hashes));
                let end = code[start..]
                    .find(&end_mark)
                    .map_or(code.len(), |at| start + at);
                out.push((i, code[start..end].to_string()));
                i = end + end_mark.len();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                out.push((i, code[start..j.min(code.len())].to_string()));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The code of a file without its test module: the first `#[cfg(test)]`
/// and all after it (a test may name a key that is not there on purpose).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// True for a literal shaped like a catalogue key under one of the
/// catalogue's top-level groups (`payments.title`), not a file's name
/// (`portfolio.xlsx`).
fn looks_like_key(literal: &str, groups: &BTreeSet<&str>) -> bool {
    let first = literal.split('.').next().unwrap_or_default();
    let last = literal.rsplit('.').next().unwrap_or_default();
    groups.contains(first)
        && !["xlsx", "xls", "ods", "csv", "txt", "toml"].contains(&last)
        && literal.contains('.')
        && literal.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// Every key the code names exists: the literal in each `.text("…")`,
/// `.fill("…", …)` and `Message::new("…")`, a `.count("…", n)`'s `.one` and `.many`, and any
/// literal shaped like a key of the catalogue's groups (a key chosen in a
/// `match` and looked up after).
#[test]
fn every_key_the_code_uses_is_in_the_catalogue() {
    let fi = strict(FI, "fi.toml");
    let groups: BTreeSet<&str> = fi.keys().map(|k| k.split('.').next().unwrap()).collect();
    let mut missing = Vec::new();
    let mut calls = 0;
    for (path, text) in sources() {
        if path.starts_with("src/text/") {
            continue;
        }
        let code = without_tests(&text);
        for (at, literal) in literals(code) {
            let before = code[..at].trim_end();
            let called = before.ends_with(".text(")
                || before.ends_with(".fill(")
                || before.ends_with("Message::new(");
            let counted = before.ends_with(".count(");
            calls += usize::from(called || counted);
            let is_count = ["one", "many"]
                .iter()
                .all(|form| fi.contains_key(&format!("{literal}.{form}")));
            let known = fi.contains_key(&literal) || is_count;
            if (called && !fi.contains_key(&literal))
                || (counted && !is_count)
                || (looks_like_key(&literal, &groups) && !known)
            {
                missing.push(format!("{path}: {literal}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys not in the catalogue:\n{}",
        missing.join("\n")
    );
    assert!(
        calls > 100,
        "only {calls} texts looked up: is the scan broken?"
    );
}

/// Every key in the catalogue is named somewhere in the code (a count's
/// `.one` and `.many` by their stem), so the catalogue holds no text that
/// nothing shows. The finding codes' labels
/// (`code.…`) are looked up by the code's name: `checks::codes` tests
/// that every code the crate uses has one.
#[test]
fn every_key_in_the_catalogue_is_used() {
    let fi = strict(FI, "fi.toml");
    let mut named = BTreeSet::new();
    for (path, text) in sources() {
        if path.starts_with("src/text/") {
            continue;
        }
        for (_, literal) in literals(without_tests(&text)) {
            named.insert(literal);
        }
    }
    let stem = |key: &str| {
        key.strip_suffix(".one")
            .or_else(|| key.strip_suffix(".many"))
            .map(str::to_string)
    };
    let unused: Vec<&String> = fi
        .keys()
        .filter(|k| !k.starts_with("code.") && !named.contains(*k))
        .filter(|k| stem(k).is_none_or(|stem| !named.contains(&stem)))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

/// No text is written inline as `lang.pick("…", "…")`: every file's texts
/// are in the catalogue.
#[test]
fn no_text_is_picked_inline() {
    let mut inline = Vec::new();
    for (path, text) in sources() {
        if path.starts_with("src/text/") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if line.contains(".pick(") || line.contains("fn pick(") || line.contains("fn pick<") {
                inline.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        inline.is_empty(),
        "texts picked inline:\n{}",
        inline.join("\n")
    );
}

#[test]
fn a_text_is_in_the_language_asked_and_a_missing_key_is_itself() {
    assert_eq!(Lang::Fi.text("workbook.sheet.summary"), "Yhteenveto");
    assert_eq!(Lang::En.text("workbook.sheet.summary"), "Summary");
    assert_eq!(Lang::Fi.text("no.such.key"), "no.such.key");
    assert_eq!(Lang::En.lookup("no.such.key"), None);
}

#[test]
fn placeholders_are_filled_by_name_in_any_order() {
    let args: [(&str, &dyn fmt::Display); 2] = [("b", &2), ("a", &"one")];
    assert_eq!(fill_in("{a} then {b}", &args), "one then 2");
    assert_eq!(fill_in("{b}, {a}, {b}", &args), "2, one, 2");
    // Braces that are no placeholder, and a placeholder with no value, stay.
    assert_eq!(fill_in("{x} {not one} {", &args), "{x} {not one} {");
    assert_eq!(fill_in("{a}{b}", &args), "one2");
    assert_eq!(fill_in("ää {a} öö", &args), "ää one öö");
}

#[test]
fn a_language_is_parsed_from_its_names() {
    assert_eq!(Lang::parse(" Suomi "), Some(Lang::Fi));
    assert_eq!(Lang::parse("en"), Some(Lang::En));
    assert_eq!(Lang::parse("sv"), None);
}
