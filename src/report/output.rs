//! Writing the workbook safely: never over an input, always through a
//! temporary file in the target folder that is synced and then renamed into
//! place, so a failed run leaves no half-written file behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::SystemTime;

use rust_xlsxwriter::Workbook;

use crate::error::{Error, Result};
use crate::text::Lang;

/// The absolute, resolved form of a path that may not exist yet.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| parent.to_path_buf());
    parent.join(path.file_name().unwrap_or_default())
}

/// Refuses an output path that is one of the inputs.
pub fn check_not_an_input(output: &Path, inputs: &[PathBuf], lang: Lang) -> Result<()> {
    let target = resolved(output);
    if let Some(input) = inputs.iter().find(|i| resolved(i) == target) {
        return Err(Error::Output {
            path: output.to_path_buf(),
            message: lang.fill("cli.output.is_input", &[("input", &input.display())]),
        }
        .in_language(lang));
    }
    Ok(())
}

/// Whether an existing file at the output path may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (a reconciliation is rewritten every month).
    Replace,
    /// Refuse (a claim is a document sent to the funder).
    Keep,
}

/// Saves the workbook to `path` through a temporary file and a rename.
pub fn save(workbook: &mut Workbook, path: &Path, existing: Existing, lang: Lang) -> Result<()> {
    write_atomically(path, existing, lang, |writer| {
        workbook.save_to_writer(writer).map_err(|e| e.to_string())
    })
}

/// Saves text to `path` through a temporary file and a rename.
pub fn save_text(text: &str, path: &Path, existing: Existing, lang: Lang) -> Result<()> {
    write_atomically(path, existing, lang, |writer| {
        writer.write_all(text.as_bytes()).map_err(|e| e.to_string())
    })
}

/// The temporary files being written now: removed if velho is stopped
/// (Ctrl-C, SIGTERM) before it renames them into place.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// When this run started: a temporary file of velho's older than that, in
/// a folder it writes to, is a leftover of a run that was killed.
static STARTED: Mutex<Option<SystemTime>> = Mutex::new(None);

/// Installs, once, the handler that removes the temporary files in
/// progress when velho is stopped, and notes when the run started.
pub fn install_cleanup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Ok(mut started) = STARTED.lock() {
            started.get_or_insert_with(SystemTime::now);
        }
        let _ = ctrlc::set_handler(|| {
            if let Ok(paths) = IN_PROGRESS.lock() {
                for path in paths.iter() {
                    let _ = std::fs::remove_file(path);
                }
            }
            std::process::exit(130);
        });
    });
}

/// Removes velho's temporary files (`.velho-*.tmp`) left in `dir` by runs
/// that were killed (kill -9 leaves no chance to clean up): those last
/// changed before this run started.
fn remove_stale_temporaries(dir: &Path) {
    let Some(started) = STARTED.lock().ok().and_then(|s| *s) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = name.starts_with(".velho-")
            && name.ends_with(".tmp")
            && entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < started));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_atomically(
    path: &Path,
    existing: Existing,
    lang: Lang,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::result::Result<(), String>,
) -> Result<()> {
    let fail = |message: String| {
        Error::Output {
            path: path.to_path_buf(),
            message,
        }
        .in_language(lang)
    };
    if existing == Existing::Keep && path.exists() {
        return Err(fail(lang.text("cli.output.exists").into()));
    }
    // Only a regular file is replaced: never a device, a pipe or a folder.
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(fail(lang.text("cli.output.not_a_file").into()));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_temporaries(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(".velho-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            fail(lang.fill(
                "cli.output.no_temporary",
                &[("folder", &dir.display()), ("error", &e)],
            ))
        })?;
    let temp_path = temp.path().to_path_buf();
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.push(temp_path.clone());
    }
    let result =
        write_to(path, &mut temp, write).and_then(|()| persist(path, existing, temp, lang));
    // Renamed into place, or removed with the handle: no longer in progress.
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.retain(|p| *p != temp_path);
    }
    result
}

fn write_to(
    path: &Path,
    temp: &mut tempfile::NamedTempFile,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::result::Result<(), String>,
) -> Result<()> {
    let fail = |message: String| Error::Output {
        path: path.to_path_buf(),
        message,
    };
    let mut writer = std::io::BufWriter::new(temp.as_file_mut());
    write(&mut writer).map_err(fail)?;
    writer.flush().map_err(|e| fail(e.to_string()))?;
    drop(writer);
    temp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
    readable_like_any_file(temp.as_file()).map_err(|e| fail(e.to_string()))?;
    Ok(())
}

fn persist(
    path: &Path,
    existing: Existing,
    temp: tempfile::NamedTempFile,
    lang: Lang,
) -> Result<()> {
    let fail = |message: String| {
        Error::Output {
            path: path.to_path_buf(),
            message,
        }
        .in_language(lang)
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let persisted = match existing {
        Existing::Replace => temp.persist(path).map(|_| ()),
        Existing::Keep => temp.persist_noclobber(path).map(|_| ()),
    };
    persisted.map_err(|e| fail(lang.fill("cli.output.close_in_excel", &[("error", &e.error)])))?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename itself durable; not every platform can sync a folder.
        let _ = d.sync_all();
    }
    Ok(())
}

/// A temporary file is private (0600); the workbook is an ordinary document
/// others in the finance team may need to open, so it gets the usual 0644.
#[cfg(unix)]
fn readable_like_any_file(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_like_any_file(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_never_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.csv");
        std::fs::write(&input, "x").unwrap();
        let same = dir.path().join(".").join("a.csv");
        assert!(check_not_an_input(&same, std::slice::from_ref(&input), Lang::En).is_err());
        assert!(check_not_an_input(&dir.path().join("b.xlsx"), &[input], Lang::En).is_ok());
    }

    #[test]
    fn saves_and_replaces_through_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xlsx");
        std::fs::write(&path, "old").unwrap();
        let mut workbook = Workbook::new();
        workbook.add_worksheet().write_string(0, 0, "new").unwrap();
        save(&mut workbook, &path, Existing::Replace, Lang::En).unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let err = save_text("x", &path, Existing::Keep, Lang::En)
            .unwrap_err()
            .to_string();
        assert!(err.contains("never overwrites"), "{err}");
        assert!(
            std::fs::read(&path).unwrap().starts_with(b"PK"),
            "the existing file is untouched"
        );
    }
}
