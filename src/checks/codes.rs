//! The finding codes and what each means, in Finnish and in English: the
//! label a sheet shows beside the code (the code stays in a column of its
//! own for filtering), so no English code stands alone on a Finnish sheet.
//! The labels are the text catalogue's `code` table (`src/text/fi.toml`,
//! `src/text/en.toml`).

use crate::model::Lang;

/// A finding code's label in a language, from the catalogue's `code`
/// table; the code itself when it has none (a test keeps every code of the
/// crate in the catalogue).
pub fn label(code: &str, lang: Lang) -> &str {
    lang.lookup(&format!("code.{code}")).unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code written as a string in the crate's checks, reconciliation,
    /// import, claim and run code has a label in both languages (so a new
    /// check cannot put a bare English code on a Finnish sheet), and every
    /// label is of a code the crate uses.
    #[test]
    fn every_code_in_the_crate_has_both_labels() {
        let not_codes = ["CARGO_PKG_VERSION", "VELHO_TIMINGS", "VELHO_EARLY_SHEET"];
        let mut files = Vec::new();
        // Where findings are made and read.
        for dir in ["checks", "reconcile", "claim", "import", "run", "report"] {
            let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
            collect(&src.join(dir), &mut files);
        }
        let mut found = std::collections::BTreeSet::new();
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
                    found.insert(literal.to_string());
                    let key = format!("code.{literal}");
                    let known = match (Lang::Fi.lookup(&key), Lang::En.lookup(&key)) {
                        (Some(fi), Some(en)) => fi != literal && en != literal,
                        _ => false,
                    };
                    assert!(
                        known,
                        "{} uses code {literal}, which has no label",
                        file.display()
                    );
                }
            }
        }
        let catalogue: toml::Table = include_str!("../text/en.toml").parse().unwrap();
        let labelled: Vec<&String> = catalogue["code"].as_table().unwrap().keys().collect();
        assert!(
            labelled.len() > 40,
            "the catalogue's [code] table not found"
        );
        for code in labelled {
            assert!(
                found.contains(code.as_str()),
                "{code} has a label but no code uses it"
            );
        }
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
