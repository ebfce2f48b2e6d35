//! The layers flow one way (issue 16): every `crate::` path in `src/`'s
//! non-test code, in `use` lines and inline, names a module of a lower
//! layer than its own (or its own module). The order is the one `lib.rs`
//! and README document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first.
const LAYERS: [&str; 19] = [
    // The texts in both languages (issue 15): below everything, so that
    // any module may show one.
    "text",
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

/// The module a `#[cfg(test)]` at the start of `after` declares in a file
/// of its own (`#[cfg(test)] mod tests;`, other attributes and a `pub`
/// allowed between), and the length of the declaration; `None` for an
/// inline module or any other item.
fn test_module_declared(after: &str) -> Option<(String, usize)> {
    let mut rest = after.strip_prefix("#[cfg(test)]")?.trim_start();
    while rest.starts_with("#[") {
        rest = rest[rest.find(']')? + 1..].trim_start();
    }
    if let Some(visible) = rest.strip_prefix("pub") {
        rest = visible.trim_start();
        if rest.starts_with('(') {
            rest = rest[rest.find(')')? + 1..].trim_start();
        }
    }
    rest = rest.strip_prefix("mod ")?.trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let end = rest[name.len()..].strip_prefix(';')?;
    (!name.is_empty()).then(|| (name, after.len() - end.len()))
}

/// The code of a file without its test module and comments: everything
/// from the first `#[cfg(test)]` on is left out, except that a
/// `#[cfg(test)] mod tests;` declaring a file of its own leaves out only
/// itself (the file is left out whole: [`test_only_files`]).
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        code.push_str(&rest[..at]);
        match test_module_declared(&rest[at..]) {
            Some((_, length)) => rest = &rest[at + length..],
            None => {
                rest = "";
                break;
            }
        }
    }
    code.push_str(rest);
    code.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files compiled only in tests: every `tests.rs`, and each module
/// declared in a file of its own under `#[cfg(test)]` with the files of its
/// submodules. Test code may use any module (the fixture above all).
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut test_modules = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        // A module's submodules live in its folder: `a/mod.rs`' in `a/`,
        // `a.rs`' in `a/` too, the crate root's in `src/`.
        let stem = file.file_stem().unwrap();
        let folder = match stem.to_str() {
            Some("mod" | "lib" | "main") => file.parent().unwrap().to_path_buf(),
            _ => file.with_extension(""),
        };
        for (at, _) in text.match_indices("#[cfg(test)]") {
            if let Some((name, _)) = test_module_declared(&text[at..]) {
                test_modules.push(folder.join(name));
            }
        }
    }
    files
        .iter()
        .filter(|file| {
            file.file_name().is_some_and(|n| n == "tests.rs")
                || test_modules
                    .iter()
                    .any(|m| **file == m.with_extension("rs") || file.starts_with(m))
        })
        .cloned()
        .collect()
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
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
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
fn files_declared_under_cfg_test_are_test_code() {
    // A test module in a file of its own is left out whole; the code after
    // its declaration stays.
    let code = code_of(
        "use crate::money;\n#[cfg(test)]\nmod tests;\nuse crate::dates;\n#[cfg(test)]\nmod inline {\n    use crate::fixture;\n}",
    );
    let named: Vec<String> = modules_named(&code).into_iter().collect();
    assert_eq!(named, ["dates", "money"]);
    assert_eq!(
        test_module_declared("#[cfg(test)]\n#[allow(dead_code)]\npub(crate) mod fixture;"),
        Some(("fixture".to_string(), 56))
    );
    assert_eq!(test_module_declared("#[cfg(test)]\nmod tests {"), None);
    // In this crate: the fixture (declared in lib.rs) and the test files
    // of modules are test code; the modules declaring them are not.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let test_only = test_only_files(&files);
    for test_code in ["fixture.rs", "staff/tests.rs", "checks/tests.rs"] {
        assert!(test_only.contains(&src.join(test_code)), "{test_code}");
    }
    for code in [
        "lib.rs",
        "staff/mod.rs",
        "checks/mod.rs",
        "checks/payments.rs",
    ] {
        assert!(!test_only.contains(&src.join(code)), "{code}");
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let test_only = test_only_files(&files);
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
        if test_only.contains(file) {
            continue;
        }
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
    let test_only = test_only_files(&files);
    let long: Vec<String> = files
        .iter()
        .filter(|file| !test_only.contains(*file))
        .filter_map(|file| {
            let lines = code_of(&std::fs::read_to_string(file).unwrap())
                .lines()
                .count();
            (lines > 800).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
