//! The Transactions sheet written while the ledger is still being read
//! (issue 18).
//!
//! Writing a million rows is most of a run, and reading a workbook ledger
//! keeps one core busy while the other waits. So, for a project of one
//! ledger file, the rows go to a writer on the other core as the import
//! reads them ([`crate::import::RowTap`]); it gives each the status the
//! reconciliation will give it ([`Classifier`]) and writes the sheet as
//! [`super::transactions`] would, through the same [`RowCells`].
//!
//! What the writer cannot know while reading — the persons' names a text
//! hides, the funder's deductions, a duplicate's first copy, rows a later
//! pass or a totals line changes, the final order by date — it takes as
//! the common case, and nothing is trusted: once the reconciliation is made,
//! every row of the sheet is worked out again from it and compared, as
//! BLAKE3 digests of each block of rows' cells, with what was written. One
//! difference, and the early sheet is dropped and the sheet written again
//! from the reconciliation (in a fresh workbook, so not even the order of
//! the styles differs). Either way the workbook is the same, byte for byte.
//!
//! The writer gives up as soon as the rows arrive out of the order the
//! sheet shows (by date, then file and row) or pass a sheet's rows.

use std::sync::mpsc;
use std::thread::JoinHandle;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::transactions::{self, MAX_ROW_NOTES, RowCells, RowFacts, RowTexts};
use super::{Report, Styles};
use crate::config::Project;
use crate::import::{RowTap, TappedRows};
use crate::model::{Lang, SourceRef};
use crate::reconcile::{AsOf, Classifier, Transaction};

/// Rows in one digest of the sheet's cells: the check runs on both cores,
/// a block each at a time.
const BLOCK: usize = 65_536;

/// Batches of rows waiting for the writer: the import reads ahead of it by
/// this many at most.
const BATCHES_AHEAD: usize = 2;

/// The Transactions sheet being written beside the import.
pub struct EarlyTransactions {
    workbook: Workbook,
    writer: JoinHandle<Option<Written>>,
}

/// What the writer wrote.
struct Written {
    sheet: Worksheet,
    rows: usize,
    /// BLAKE3 digest of each [`BLOCK`] of rows' cells, the last block short.
    digests: Vec<[u8; 32]>,
    /// The sheet row and note of each flagged row, up to one more than
    /// [`MAX_ROW_NOTES`] (cell notes are added once the count is known).
    notes: Vec<(u32, String)>,
}

impl EarlyTransactions {
    /// Starts the writer for `project` when its rows can be written while
    /// read: one ledger file, no staff-cost model and no persons named (their
    /// statuses and texts need more than the row). The tap goes to the
    /// import.
    pub fn start(
        project: &Project,
        as_of: AsOf,
        lang: Lang,
        rows_per_sheet: u32,
    ) -> Option<(EarlyTransactions, RowTap)> {
        if project.ledger_files.len() != 1 || project.staff.is_some() || !project.persons.is_empty()
        {
            return None;
        }
        let mut workbook = super::new_workbook();
        let sheet = workbook.new_worksheet_with_constant_memory().ok()?;
        let project = project.in_force(as_of.documents_until());
        // The default as-of date is the latest posting within the project's
        // period: then no row in the period is after it.
        let as_of = as_of.date().unwrap_or(project.end);
        let shown = project.display_path(&project.ledger_files[0]);
        let (tap, rows) = mpsc::sync_channel(BATCHES_AHEAD);
        let writer = std::thread::Builder::new()
            .name("velho-early-transactions".into())
            .spawn(move || {
                let facts = Facts {
                    project: &project,
                    lang,
                    file: &shown,
                    sheet: None,
                    vat: None,
                };
                write(sheet, facts, as_of, rows_per_sheet, rows)
            })
            .ok()?;
        Some((EarlyTransactions { workbook, writer }, tap))
    }

    /// The workbook to write the report in, and the early Transactions sheet
    /// when it holds exactly the rows `report` gives it (then finished: its
    /// cell notes, filter and print area); else a fresh workbook. The rows'
    /// digests are worked out while the writer may still be writing (from a
    /// CSV the import and the reconciliation end long before it), then the
    /// writer is waited for (the import has dropped its tap).
    pub(crate) fn verified(
        self,
        report: &Report,
        rows_per_sheet: u32,
    ) -> (Workbook, Option<Worksheet>) {
        let rows = &report.rec.transactions;
        let expected = (rows.len() <= rows_per_sheet as usize).then(|| digests(report, rows));
        let Some(written) = self.writer.join().ok().flatten() else {
            return (super::new_workbook(), None);
        };
        let notes = transactions::has_cell_notes(report);
        let same = written.rows == rows.len()
            && !(notes && written.notes.len() > MAX_ROW_NOTES)
            && expected.is_some_and(|expected| expected == written.digests);
        if !same {
            return (super::new_workbook(), None);
        }
        let mut sheet = written.sheet;
        let finished = (|| -> Result<(), XlsxError> {
            if notes {
                for (row, text) in &written.notes {
                    sheet.insert_note(
                        *row,
                        transactions::Column::Status.index(),
                        &super::table::velho_note(text),
                    )?;
                }
            }
            transactions::end(&mut sheet, report, rows.len())
        })();
        match finished {
            Ok(()) => (self.workbook, Some(sheet)),
            Err(_) => (super::new_workbook(), None),
        }
    }
}

/// BLAKE3 digest of each [`BLOCK`] of rows' cells, the rows added in the
/// sheet's order: the writer's and the reconciliation's are made alike.
#[derive(Default)]
struct Digests {
    hasher: blake3::Hasher,
    /// Rows' cells as [`RowCells::fingerprint`] lays them out, gathered
    /// to at least [`Digests::GATHER`] bytes and hashed in whole 1 KiB
    /// chunks: BLAKE3 hashes whole chunks side by side, and a row's few
    /// hundred bytes, or a chunk begun earlier, one block at a time (on the
    /// 200 000-row long-text ledger, 70 ms a side against 23 ms).
    cells: Vec<u8>,
    rows: usize,
    done: Vec<[u8; 32]>,
}

impl Digests {
    const GATHER: usize = 16 * 1024;
    const CHUNK: usize = 1024;

    fn add(&mut self, row: &RowCells) {
        self.add_with(|cells| row.fingerprint(cells));
    }

    /// Adds the row whose cells `fingerprint` lays out.
    fn add_with(&mut self, fingerprint: impl FnOnce(&mut Vec<u8>)) {
        fingerprint(&mut self.cells);
        self.rows += 1;
        if self.rows.is_multiple_of(BLOCK) {
            self.hasher.update(&self.cells);
            self.cells.clear();
            self.done.push(*self.hasher.finalize().as_bytes());
            self.hasher.reset();
        } else if self.cells.len() >= Self::GATHER {
            let whole = self.cells.len() / Self::CHUNK * Self::CHUNK;
            self.hasher.update(&self.cells[..whole]);
            self.cells.drain(..whole);
        }
    }

    /// The digests, the last block's short.
    fn finish(mut self) -> Vec<[u8; 32]> {
        if !self.rows.is_multiple_of(BLOCK) {
            self.hasher.update(&self.cells);
            self.done.push(*self.hasher.finalize().as_bytes());
        }
        self.done
    }
}

/// The digests of the rows' cells as the reconciliation gives them, the
/// first half of the blocks on this core, the rest on the other.
fn digests(report: &Report, rows: &[Transaction]) -> Vec<[u8; 32]> {
    let texts = RowTexts::of(report.lang);
    let digest_of = |rows: &[Transaction]| {
        let mut digests = Digests::default();
        for t in rows {
            digests.add(&RowCells::of(report, &texts, t));
        }
        digests.finish()
    };
    let half = rows.len().div_ceil(BLOCK).div_ceil(2) * BLOCK;
    let (first, second) = rows.split_at(half.min(rows.len()));
    std::thread::scope(|scope| {
        let other = scope.spawn(|| digest_of(second));
        let mut all = digest_of(first);
        // A panic on the other core leaves the list short: the sheet is
        // then written again, never trusted.
        all.extend(other.join().unwrap_or_default());
        all
    })
}

/// Writes the rows as they come; `None` when they cannot make the sheet
/// (out of the sheet's order, too many, or the sheet failed to write).
fn write(
    mut sheet: Worksheet,
    mut facts: Facts,
    as_of: chrono::NaiveDate,
    rows_per_sheet: u32,
    batches: mpsc::Receiver<TappedRows>,
) -> Option<Written> {
    let lang = facts.lang;
    let styles = Styles::new(lang);
    let texts = RowTexts::of(lang);
    let classifier = Classifier::new(facts.project, as_of, None);
    transactions::begin(&mut sheet, lang, &styles).ok()?;
    let (mut rows, mut notes, mut digests) = (0usize, Vec::new(), Digests::default());
    let mut last: Option<(chrono::NaiveDate, SourceRef)> = None;
    for batch in batches {
        facts.sheet = batch.sheet;
        for (row, vat) in batch.rows {
            let key = (row.date, row.source);
            if last.is_some_and(|last| key <= last) || rows >= rows_per_sheet as usize {
                return None;
            }
            last = Some(key);
            facts.vat = vat.map(|vat| (row.source, vat));
            let t = Transaction {
                status: classifier.status(&row),
                row,
            };
            let at = rows as u32 + 1;
            let row_cells = RowCells::of(&facts, &texts, &t);
            row_cells.put(&mut sheet, at, &styles, false).ok()?;
            if let Some(note) = row_cells.flagged_note()
                && notes.len() <= MAX_ROW_NOTES
            {
                notes.push((at, note.to_string()));
            }
            digests.add(&row_cells);
            rows += 1;
        }
    }
    Some(Written {
        sheet,
        rows,
        digests: digests.finish(),
        notes,
    })
}

/// What is known of a row while the ledger is read: its file, the project,
/// the VAT the import took out; no person hidden, no deduction.
struct Facts<'a> {
    project: &'a Project,
    lang: Lang,
    file: &'a str,
    sheet: Option<String>,
    /// The VAT taken out of the row being written.
    vat: Option<(SourceRef, Decimal)>,
}

impl RowFacts for Facts<'_> {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn project(&self) -> &Project {
        self.project
    }

    fn file(&self, _index: u32) -> (&str, Option<&str>) {
        (self.file, self.sheet.as_deref())
    }

    fn shown<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        std::borrow::Cow::Borrowed(text)
    }

    fn vat_removed(&self, source: SourceRef) -> Option<Decimal> {
        self.vat.filter(|(at, _)| *at == source).map(|(_, vat)| vat)
    }

    fn deduction(&self, _source: SourceRef, _texts: &RowTexts) -> Option<(Decimal, String)> {
        None
    }

    fn describe(&self, _source: SourceRef) -> String {
        // No row of one file repeats an earlier file's: never asked.
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block's digest is BLAKE3 of its rows' bytes one after another,
    /// however the gathering cuts them; the last block is short, and
    /// nothing follows a whole last block or no rows.
    #[test]
    fn a_block_digest_is_the_hash_of_its_rows_in_order() {
        let row = |i: usize| -> Vec<u8> {
            let len = 1 + (i * 7919) % 1500;
            (0..len).map(|j| (i * 31 + j) as u8).collect()
        };
        let digests_of = |rows: usize| {
            let mut digests = Digests::default();
            for i in 0..rows {
                digests.add_with(|out| out.extend_from_slice(&row(i)));
            }
            digests.finish()
        };
        let whole = |range: std::ops::Range<usize>| {
            let mut hasher = blake3::Hasher::new();
            for i in range {
                hasher.update(&row(i));
            }
            *hasher.finalize().as_bytes()
        };
        let rows = BLOCK + 1234;
        assert_eq!(digests_of(rows), vec![whole(0..BLOCK), whole(BLOCK..rows)]);
        assert_eq!(digests_of(BLOCK), vec![whole(0..BLOCK)]);
        assert_eq!(digests_of(0), Vec::<[u8; 32]>::new());
    }
}
