//! Files among the ledger exports that are positively something else: a
//! payment decision or a claim workbook (recognised by the layout velho
//! reads them in), or a note (text with no delimited columns). Asked only
//! about a file that could not be read as a ledger, so an export velho can
//! read is always read, and a file that is neither a ledger nor one of
//! these still stops the run.

use std::io::Read;
use std::path::Path;

use super::sniff::{FileKind, sniff_kind};
use crate::model::Lang;

/// What a file that is not a ledger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotLedger {
    /// A payment decision, as velho reads decisions.
    Decision,
    /// A claim workbook velho wrote (its data sheet).
    Claim,
    /// A text file without delimited columns: a note, a letter.
    Note,
}

impl NotLedger {
    /// What the file is, in words: "a payment decision".
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            NotLedger::Decision => lang.text("finding.not_ledger.decision"),
            NotLedger::Claim => lang.text("finding.not_ledger.claim"),
            NotLedger::Note => lang.text("finding.not_ledger.note"),
        }
    }
}

/// How much of a text file is looked at.
const HEAD_BYTES: u64 = 64 * 1024;

/// The lines of a text file looked at.
const LINES: usize = 200;

/// What the file is, when it is positively not a ledger; `None` when it
/// may be one (its error then stands).
pub fn recognise(path: &Path, shown_as: &str) -> Option<NotLedger> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .ok()?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match sniff_kind(&head, &extension) {
        FileKind::Text => is_note(&head).then_some(NotLedger::Note),
        FileKind::Zip | FileKind::Ole => {
            if super::claim::read_claim(path, shown_as).is_ok_and(|c| c.is_some()) {
                Some(NotLedger::Claim)
            } else if super::decision::read_decision(path, shown_as).is_ok() {
                Some(NotLedger::Decision)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// True for text without delimited columns: no line has two or more
/// semicolons, tabs or bars, and no two lines have the same number (two or
/// more) of commas. A ledger has at least a date, an account and an amount,
/// so every line of an export has two delimiters or more.
fn is_note(bytes: &[u8]) -> bool {
    if bytes.contains(&0) || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return false;
    }
    let lines: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .take(LINES)
        .collect();
    let count = |line: &[u8], d: u8| line.iter().filter(|&&b| b == d).count();
    let columns = lines
        .iter()
        .any(|l| [b';', b'\t', b'|'].iter().any(|&d| count(l, d) >= 2));
    let mut commas: Vec<usize> = lines
        .iter()
        .map(|l| count(l, b','))
        .filter(|&n| n >= 2)
        .collect();
    let before = commas.len();
    commas.sort_unstable();
    commas.dedup();
    !lines.is_empty() && !columns && commas.len() == before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_has_no_columns_an_export_has() {
        assert!(is_note(
            "Muistiinpanot\nKysy Marjalta, onko tili 4000 palkat.\n\nHakemus lähtee kesäkuussa, ehkä, jos ehditään.\n".as_bytes()
        ));
        assert!(is_note(b"Notes\r\n- ask about account 4000; salaries?\r\n"));
        assert!(!is_note(b"Pvm;Tili;Summa\n1.1.2021;4000;10,00\n"));
        assert!(!is_note(b"Date,Account,Amount\n2021-01-01,4000,10.00\n"));
        assert!(!is_note(b"Date\tAccount\tAmount\n"));
        assert!(!is_note(b"| Date | Account | Amount |\n"));
        assert!(!is_note(b"  \n\n"), "an empty file is no note");
        assert!(!is_note(b"Pvm\0Tili"), "binary is no note");
    }
}
