//! Several projects from one ledger: the projects of a run, each shared
//! export read once (keeping the rows of any of the projects), then split
//! into each project's own view of the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{Project, RowFilter};
use crate::error::{Error, Result};
use crate::import::LedgerFile;
use crate::model::LedgerRow;
use crate::text::Message;

/// The project files named on the command line: each path is a project file,
/// a folder holding `velho.toml`, or a folder of such folders (read in name order).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_file() || path.join("velho.toml").is_file() {
            out.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(Error::Config {
                file: path.clone(),
                message: Message::new("config.projects.not_found"),
            });
        }
        let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("velho.toml").is_file())
            .collect();
        if found.is_empty() {
            return Err(Error::Config {
                file: path.clone(),
                message: Message::new("config.projects.none_found"),
            });
        }
        found.sort();
        out.extend(found);
    }
    // The same project named twice (`a a`, or `a` and `a/velho.toml`) is
    // one project.
    let file_of = |p: &PathBuf| {
        let file = if p.is_dir() {
            p.join("velho.toml")
        } else {
            p.clone()
        };
        file.canonicalize().unwrap_or(file)
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(file_of(p)));
    Ok(out)
}

fn key(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Reads every distinct ledger file of the projects once, with `read`
/// (path, shown as, filter), and gives each project its files in its own order.
pub fn read_shared(
    projects: &[Project],
    read: impl Fn(&Path, &str, &RowFilter, &Project) -> Result<LedgerFile>,
) -> Result<Vec<Vec<LedgerFile>>> {
    let mut users: BTreeMap<PathBuf, (PathBuf, Vec<usize>)> = BTreeMap::new();
    for (p, project) in projects.iter().enumerate() {
        for file in &project.ledger_files {
            users
                .entry(key(file))
                .or_insert_with(|| (file.clone(), Vec::new()))
                .1
                .push(p);
        }
    }
    // Each file once: its description without rows, and the rows of all its projects.
    let mut read_once: BTreeMap<PathBuf, (LedgerFile, Vec<LedgerRow>)> = BTreeMap::new();
    for (canonical, (path, owners)) in &users {
        let first = &projects[owners[0]];
        let filter =
            RowFilter::any_of(owners.iter().map(|&o| projects[o].filter.clone()).collect());
        let mut file = read(path, &first.display_path(path), &filter, first)?;
        let rows = std::mem::take(&mut file.rows);
        read_once.insert(canonical.clone(), (file, rows));
    }
    Ok(projects
        .iter()
        .map(|project| {
            project
                .ledger_files
                .iter()
                .enumerate()
                .map(|(index, file)| {
                    let (shell, rows) = &read_once[&key(file)];
                    split(shell, rows, project, index as u32)
                })
                .collect()
        })
        .collect())
}

/// One project's view of a file read for several: its rows (renumbered to
/// the project's file index), the other projects' rows counted as other rows.
pub fn split(shell: &LedgerFile, rows: &[LedgerRow], project: &Project, index: u32) -> LedgerFile {
    let mut own = shell.clone();
    own.path = project.display_path(&project.ledger_files[index as usize]);
    for row in rows {
        if project.filter.matches(&row.cost_centre, &row.project) {
            let mut row = row.clone();
            row.source.file = index;
            own.rows.push(row);
        } else {
            own.other_rows += 1;
        }
    }
    // The VAT taken out of this project's rows only.
    let kept: std::collections::HashSet<u32> = own.rows.iter().map(|r| r.source.row).collect();
    own.vat_removed.retain(|(row, _)| kept.contains(row));
    if let Some(persons) = &mut own.persons {
        persons.retain(|(row, _)| kept.contains(row));
    }
    own
}
