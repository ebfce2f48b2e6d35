//! The layers flow one way (issue 16): every `crate::` path in `src/`'s
//! non-test code, in `use` lines and inline, names a module of a lower
//! layer than its own (or its own module). The order is the one `lib.rs`
//! and README document.

use std::collections::BTreeSet;
use std::path::Path;

/// The top-level modules, lowest first.
const LAYERS: [&str; 18] = [
    "error",
    "money",
    "dates",
    "model",
    "progress",
    "config",
    "cli",
    "import",
    "staff",
    "portfolio",
    "reconcile",
    "claim",
    "checks",
    "report",
    "inspect",
    "init",
    "run",
    // Test support (compiled only in tests): a project worked by hand.
    "fixture",
];

/// Macros exported at the crate's root (`crate::say!`), and the module that defines each.
const MACROS: [(&str, &str); 2] = [("say", "error"), ("say_part", "error")];

/// The code of a file without its test module and comments.
fn code_of(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    text.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`, grouped
/// `crate::{a, b::{c, d}}` paths included.
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first identifier of each comma-separated item at depth 1.
            let (mut depth, mut item_start) = (1, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => {
                        rest = &group[i..];
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let ident: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        named.insert(ident);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            named.insert(ident);
        }
    }
    named
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_grouped_and_inline_paths() {
    let code =
        "use crate::{config::{Project, RowFilter}, error::Error};\nlet x = crate::money::round(y);";
    let named: Vec<String> = modules_named(code).into_iter().collect();
    assert_eq!(named, ["config", "error", "money"]);
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rank = |name: &str| LAYERS.iter().position(|l| *l == name);
    let mut against = Vec::new();
    let mut tops = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.iter().next().unwrap().to_string_lossy();
        let top = first.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        tops.insert(top.clone());
        let own = rank(&top).unwrap_or_else(|| panic!("{top} is not in LAYERS: place it"));
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for named in modules_named(&code) {
            let named = MACROS
                .iter()
                .find(|(mac, _)| *mac == named)
                .map_or(named.clone(), |(_, home)| home.to_string());
            if named == top {
                continue;
            }
            match rank(&named) {
                Some(r) if r < own => {}
                _ => against.push(format!("{} uses crate::{named}", relative.display())),
            }
        }
    }
    assert!(
        against.is_empty(),
        "edges against the layer order {LAYERS:?}:\n{}",
        against.join("\n")
    );
    assert_eq!(
        tops.len(),
        LAYERS.len(),
        "every layer is a module of src/: {tops:?}"
    );
}

#[test]
fn no_file_holds_more_than_800_lines_of_code() {
    // Issue 16: a file that grows past this mixes jobs; split it by job.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text
                .find("#[cfg(test)]")
                .map_or(&text[..], |at| &text[..at]);
            let lines = code.lines().count();
            (lines > 800).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
