//! velho's own workbooks (a reconciliation, a claim, a portfolio overview)
//! recognised by what velho writes into each, not by their names, so that
//! an output saved into the ledger folder is never read back as a ledger.

use std::io::Read;
use std::path::Path;

/// The custom document property velho writes into every workbook it makes.
pub const MARK: &str = "velho-output";

/// The most of a document-properties part read to look for the mark.
const PART_BYTES: u64 = 64 * 1024;

/// True when the file is a workbook velho wrote: its custom properties
/// carry [`MARK`], or (workbooks of earlier versions) its core properties
/// name velho as the creator. Anything that cannot be read as a zip
/// archive is not velho's.
pub fn is_velho_output(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let mut part = |name: &str| -> Option<String> {
        let entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        entry.take(PART_BYTES).read_to_string(&mut text).ok()?;
        Some(text)
    };
    if part("docProps/custom.xml").is_some_and(|t| t.contains(&format!("name=\"{MARK}\""))) {
        return true;
    }
    part("docProps/core.xml").is_some_and(|t| t.contains("<dc:creator>velho</dc:creator>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(path: &Path, properties: rust_xlsxwriter::DocProperties) {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_properties(&properties);
        book.add_worksheet().write_string(0, 0, "Pvm").unwrap();
        book.save(path).unwrap();
    }

    #[test]
    fn velho_workbooks_are_known_by_their_properties() {
        let dir = tempfile::tempdir().unwrap();
        let marked = dir.path().join("any name.xlsx");
        workbook(
            &marked,
            rust_xlsxwriter::DocProperties::new().set_custom_property(MARK, "reconciliation"),
        );
        assert!(is_velho_output(&marked));
        let old = dir.path().join("old.xlsx");
        workbook(
            &old,
            rust_xlsxwriter::DocProperties::new().set_author("velho"),
        );
        assert!(is_velho_output(&old), "an earlier version's output");
        let ledger = dir.path().join("velho-reconciliation.xlsx");
        workbook(
            &ledger,
            rust_xlsxwriter::DocProperties::new().set_author("Marja"),
        );
        assert!(!is_velho_output(&ledger), "a name is not a mark");
        let csv = dir.path().join("a.csv");
        std::fs::write(&csv, "Pvm;Summa\n").unwrap();
        assert!(!is_velho_output(&csv));
    }
}
