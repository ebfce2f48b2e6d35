//! What a file really is, from its first bytes: a text export, a zip-based
//! workbook (xlsx, xlsb, ods), an OLE compound file (xls), or something velho
//! cannot read, with a message that tells the user what to do about it.

use super::Portable;

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Text: CSV, tab-separated, Excel "Unicode text".
    Text,
    /// A zip archive (xlsx, xlsm, xlsb, ods).
    Zip,
    /// An OLE compound file (xls, Excel 97–2003).
    Ole,
    /// An OLE file holding an encrypted (password-protected) workbook.
    Encrypted,
    /// A web page (HTML table), as many systems write under an `.xls` name.
    Html,
    /// Excel 2003 "XML Spreadsheet".
    XmlSpreadsheet,
    /// Excel 2.x–4.0 worksheet (BIFF2–4), from before 1994.
    OldExcel,
    /// Plain text under a spreadsheet's name (`.xls` that is a CSV).
    TextNamedAsSpreadsheet,
    /// UTF-16 text without a byte-order mark (NULs after most characters).
    Utf16WithoutBom,
    /// NUL bytes in what is otherwise not a known format.
    NulBytes,
    /// Binary data that is none of the above.
    Unknown,
}

pub use crate::config::SPREADSHEET_EXTENSIONS;

/// Decides what a file is from its bytes (and, for text, its extension).
pub fn sniff_kind(bytes: &[u8], extension: &str) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") {
        return FileKind::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return if contains_utf16(bytes, "EncryptedPackage") {
            FileKind::Encrypted
        } else {
            FileKind::Ole
        };
    }
    if is_old_excel(bytes) {
        return FileKind::OldExcel;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !utf16 && head.contains(&0) {
        // Text with a NUL after most ASCII characters is UTF-16 saved
        // without its byte-order mark.
        let nuls = head.iter().filter(|&&b| b == 0).count();
        let texty = head
            .iter()
            .filter(|&&b| b != 0)
            .filter(|&&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
            .count();
        let others = head.len() - nuls;
        return if others > 0 && texty * 10 >= others * 9 {
            if nuls * 3 >= head.len() {
                FileKind::Utf16WithoutBom
            } else {
                FileKind::NulBytes
            }
        } else {
            FileKind::Unknown
        };
    }
    let lower: String = head
        .iter()
        .filter(|b| b.is_ascii())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect();
    let start = lower.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return FileKind::XmlSpreadsheet;
    }
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<table")
        || (start.starts_with('<') && lower.contains("<table"))
    {
        return FileKind::Html;
    }
    if SPREADSHEET_EXTENSIONS.contains(&extension) {
        return FileKind::TextNamedAsSpreadsheet;
    }
    FileKind::Text
}

/// BIFF2–4 files start with a BOF record: type 0x0009, 0x0209 or 0x0409 and a short length.
fn is_old_excel(bytes: &[u8]) -> bool {
    let [a, b, len_lo, len_hi, ..] = bytes else {
        return false;
    };
    let length = u16::from_le_bytes([*len_lo, *len_hi]);
    *a == 0x09 && matches!(*b, 0x00 | 0x02 | 0x04) && (4..=16).contains(&length)
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

impl FileKind {
    /// Why a file of this kind is not read, and what to do (empty for the
    /// kinds velho reads). Portable: a workbook's reader says it of an
    /// encrypted workbook.
    pub fn refusal(self, extension: &str) -> Portable {
        let named = |plain: &'static str, named: &'static str| match extension {
            "" => Portable::new(plain),
            _ => Portable::new(named).with("extension", extension),
        };
        match self {
            FileKind::Encrypted => Portable::new("import.kind.encrypted"),
            FileKind::Html => named("import.kind.html", "import.kind.html_named"),
            FileKind::XmlSpreadsheet => named(
                "import.kind.xml_spreadsheet",
                "import.kind.xml_spreadsheet_named",
            ),
            FileKind::OldExcel => Portable::new("import.kind.old_excel"),
            FileKind::TextNamedAsSpreadsheet => {
                Portable::new("import.kind.text_named_as_spreadsheet").with("extension", extension)
            }
            FileKind::Utf16WithoutBom => Portable::new("import.kind.utf16_without_bom"),
            FileKind::NulBytes => Portable::new("import.kind.nul_bytes"),
            FileKind::Unknown => Portable::new("import.kind.unknown"),
            FileKind::Text | FileKind::Zip | FileKind::Ole => Portable::verbatim(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_first_bytes() {
        assert_eq!(sniff_kind(b"PK\x03\x04rest", "xlsx"), FileKind::Zip);
        assert_eq!(sniff_kind(b"Pvm;Tili;Summa\n", "csv"), FileKind::Text);
        assert_eq!(sniff_kind(b"Pvm;Tili;Summa\n", ""), FileKind::Text);
        assert_eq!(
            sniff_kind(b"Pvm;Tili;Summa\n", "xls"),
            FileKind::TextNamedAsSpreadsheet
        );
        assert_eq!(
            sniff_kind(b"\r\n<html><body><table>", "xls"),
            FileKind::Html
        );
        assert_eq!(
            sniff_kind(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", "xls"),
            FileKind::XmlSpreadsheet
        );
        assert_eq!(
            sniff_kind(&[0x09, 0x00, 0x04, 0x00, 0x02, 0x00, 0x10, 0x00], "xls"),
            FileKind::OldExcel
        );
        assert_eq!(
            sniff_kind(&[0x00, 0x01, 0x02, 0x03], "csv"),
            FileKind::Unknown
        );
        assert_eq!(sniff_kind(b"\xFF\xFEP\x00", "txt"), FileKind::Text);
        assert_eq!(
            sniff_kind(b"P\x00v\x00m\x00;\x00S\x00", "csv"),
            FileKind::Utf16WithoutBom
        );
        assert_eq!(
            sniff_kind(b"Pvm;Tili;Summa\n1.1.2021;40\x0000;1,00\n", "csv"),
            FileKind::NulBytes
        );
    }
}
