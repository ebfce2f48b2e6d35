//! velho's own outputs (a reconciliation, a claim, a portfolio overview,
//! a claim's ledger extract as CSV) recognised by what velho writes into
//! each, not by their names, so that an output saved into the ledger folder
//! is never read back as a ledger.

use std::io::Read;
use std::path::Path;

/// The custom document property velho writes into every workbook it makes.
pub const MARK: &str = "velho-output";

/// The columns of a claim's ledger extract (Finnish, English). Its CSV
/// begins with a byte-order mark and these names joined by `;`, which is
/// how velho knows the CSV as its own.
pub const EXTRACT_COLUMNS: [(&str, &str); 13] = [
    ("Kustannuslaji", "Cost category"),
    ("Tili", "Account"),
    ("Tilin nimi", "Account name"),
    ("Päivämäärä", "Date"),
    ("Tosite", "Voucher"),
    ("Selite", "Description"),
    ("Toimittaja", "Supplier"),
    ("Summa", "Amount"),
    ("Välisumma", "Subtotal"),
    ("Lähdetiedosto", "Source file"),
    ("Rivi", "Row"),
    ("Kustannuspaikka", "Cost centre"),
    ("Projekti", "Project"),
];

/// How many of [`EXTRACT_COLUMNS`] an extract written before the cost
/// centre and project columns has: such a file is velho's output too.
const EXTRACT_COLUMNS_BEFORE: usize = 11;

/// The most of a document-properties part read to look for the mark.
const PART_BYTES: u64 = 64 * 1024;

/// True when the file is a workbook velho wrote: its custom properties
/// carry [`MARK`], or (workbooks of earlier versions) its core properties
/// name velho as the creator. Anything that cannot be read as a zip
/// archive is not velho's.
pub fn is_velho_output(path: &Path) -> bool {
    output_kind(path).is_some()
}

/// True for a reconciliation or portfolio workbook velho wrote (marked as
/// such): a later run may replace it. A claim is a document sent to the
/// funder and is never replaced; nor is an unmarked workbook.
pub fn is_replaceable_output(path: &Path) -> bool {
    output_kind(path).is_some_and(|kind| kind == "reconciliation" || kind == "portfolio")
}

/// What velho wrote the file as ("reconciliation", "claim", "portfolio",
/// or "" for an earlier version's workbook), if velho wrote it.
fn output_kind(path: &Path) -> Option<String> {
    // Never open a pipe or a device: opening a FIFO blocks.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    if is_extract_csv(&mut file) {
        return Some("extract".into());
    }
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut part = |name: &str| -> Option<String> {
        let entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        entry.take(PART_BYTES).read_to_string(&mut text).ok()?;
        Some(text)
    };
    if let Some(custom) = part("docProps/custom.xml")
        && let Some(at) = custom.find(&format!("name=\"{MARK}\""))
    {
        let after = &custom[at..];
        let value = after
            .find("<vt:lpwstr>")
            .and_then(|s| after[s + 11..].split('<').next())
            .unwrap_or_default();
        return Some(value.to_string());
    }
    part("docProps/core.xml")
        .is_some_and(|t| t.contains("<dc:creator>velho</dc:creator>"))
        .then(String::new)
}

/// True when the file begins as velho writes a claim's ledger extract CSV.
fn is_extract_csv(file: &mut std::fs::File) -> bool {
    let mut head = Vec::new();
    if (&mut *file).take(1024).read_to_end(&mut head).is_err()
        || std::io::Seek::rewind(file).is_err()
    {
        return false;
    }
    let Some(text) = head.strip_prefix("\u{feff}".as_bytes()) else {
        return false;
    };
    let line = text
        .split(|&b| b == b'\r' || b == b'\n')
        .next()
        .unwrap_or_default();
    [EXTRACT_COLUMNS.len(), EXTRACT_COLUMNS_BEFORE]
        .into_iter()
        .any(|n| {
            let finnish: Vec<&str> = EXTRACT_COLUMNS[..n].iter().map(|c| c.0).collect();
            let english: Vec<&str> = EXTRACT_COLUMNS[..n].iter().map(|c| c.1).collect();
            line == finnish.join(";").as_bytes() || line == english.join(";").as_bytes()
        })
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
        assert!(is_replaceable_output(&marked));
        let claim = dir.path().join("claim.xlsx");
        workbook(
            &claim,
            rust_xlsxwriter::DocProperties::new().set_custom_property(MARK, "claim"),
        );
        assert!(is_velho_output(&claim));
        assert!(!is_replaceable_output(&claim), "a claim is never replaced");
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

    #[test]
    fn a_ledger_extract_is_known_by_its_header_now_and_as_written_before() {
        let dir = tempfile::tempdir().unwrap();
        let header = |n: usize, finnish: bool| -> String {
            let names: Vec<&str> = EXTRACT_COLUMNS[..n]
                .iter()
                .map(|c| if finnish { c.0 } else { c.1 })
                .collect();
            format!(
                "\u{feff}{}\r\n;;Henkilöstö yhteensä;;;;;;130,00\r\n",
                names.join(";")
            )
        };
        for (n, finnish) in [(13, true), (13, false), (11, true), (11, false)] {
            let path = dir.path().join(format!("extract-{n}-{finnish}.csv"));
            std::fs::write(&path, header(n, finnish)).unwrap();
            assert!(is_velho_output(&path), "{}", header(n, finnish));
        }
        // Ten of the columns are some export's header, not velho's.
        let path = dir.path().join("ten.csv");
        std::fs::write(&path, header(10, true)).unwrap();
        assert!(!is_velho_output(&path));
    }
}
