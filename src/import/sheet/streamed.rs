//! xlsx and xlsb sheets streamed cell by cell, calamine parsing on a
//! second thread while this one assembles rows and builds the ledger.

use std::io::{Read, Seek};
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};

use calamine::{DataRef, Xlsb, Xlsx};

use super::{Pass, SheetCell, SheetRead, in_passes, read_cells, unreadable, unreadable_message};
use crate::dates::SlashOrder;
use crate::error::{Error, Result};
use crate::import::rows::FileContext;
use crate::import::workbook::{from_data_ref, panic_message};
use crate::money::DecimalMark;
use crate::text::Message;

pub(super) fn read_xlsx_sheet<RS: Read + Seek + Send>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    context: &FileContext,
    is_1904: bool,
) -> Result<SheetRead> {
    in_passes(context, |known| {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| unreadable(context, e))?;
        let next = move || {
            reader
                .next_cell_with_formula_metadata()
                .map(|cell| cell.map(|c| (c.pos, c.value, c.formula.is_some())))
                .map_err(unreadable_message)
        };
        read_streamed(next, context, is_1904, known)
    })
}

pub(super) fn read_xlsb_sheet<RS: Read + Seek + Send>(
    workbook: &mut Xlsb<RS>,
    name: &str,
    context: &FileContext,
    is_1904: bool,
) -> Result<SheetRead> {
    in_passes(context, |known| {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| unreadable(context, e))?;
        let next = move || {
            reader
                .next_cell()
                .map(|cell| cell.map(|c| (c.get_position(), c.get_value().clone(), false)))
                .map_err(unreadable_message)
        };
        read_streamed(next, context, is_1904, known)
    })
}

/// A cell as calamine's streaming readers give it: 0-based (row, column),
/// the value, and whether it is a formula's cached result.
pub(super) type RawCell<'a> = ((u32, u32), DataRef<'a>, bool);

/// Cells handed from the reading thread to the assembling one at a time.
pub(super) const BATCH: usize = 4096;

/// Batches on their way: the reading thread waits when this many are unread.
pub(super) const IN_FLIGHT: usize = 4;

/// What the reading thread sends.
pub(super) enum Batch<'a> {
    Cells(Vec<RawCell<'a>>),
    /// The sheet ended.
    End,
    /// calamine failed (the message for the user).
    Failed(Message),
}

/// [`read_cells`] with calamine on a second thread: `read_cell` (calamine's
/// XML or binary parsing, about as much work as all of velho's) runs there
/// and sends batches of cells; this thread assembles rows and builds the
/// ledger. Emptied batches go back for reuse. When this side stops early (an
/// error, no header) the channel closes and the reading thread stops at its
/// next batch; a panic there becomes an error, as one on this thread would.
pub(super) fn read_streamed<'a>(
    mut read_cell: impl FnMut() -> Result<Option<RawCell<'a>>, Message> + Send,
    context: &FileContext,
    is_1904: bool,
    known: (Option<DecimalMark>, SlashOrder),
) -> Result<Pass> {
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<Batch<'a>>(IN_FLIGHT);
        let (recycle, recycled) = channel::<Vec<RawCell<'a>>>();
        let reading = scope.spawn(move || {
            loop {
                let mut batch = recycled
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                let mut end = None;
                while batch.len() < BATCH {
                    match read_cell() {
                        Ok(Some(cell)) => batch.push(cell),
                        Ok(None) => {
                            end = Some(Batch::End);
                            break;
                        }
                        Err(message) => {
                            end = Some(Batch::Failed(message));
                            break;
                        }
                    }
                }
                // A send fails only when the assembling side has stopped.
                if !batch.is_empty() && sender.send(Batch::Cells(batch)).is_err() {
                    return;
                }
                if let Some(end) = end {
                    let _ = sender.send(end);
                    return;
                }
            }
        });
        let mut cells = Received {
            receiver,
            recycle,
            batch: Vec::new(),
            at: 0,
            ended: false,
            vanished: false,
        };
        let pass = read_cells(|| cells.next(), context, is_1904, known);
        let vanished = cells.vanished;
        // Closes the channel: a reading thread still at work stops.
        drop(cells);
        match reading.join() {
            Err(panic) if vanished => Err(Error::input(
                context.location.clone(),
                panic_message(&*panic),
            )),
            // A panic while reading ahead of an early stop: those cells were
            // never needed (and a reader on this thread would not have read them).
            _ => pass,
        }
    })
}

/// The receiving end of [`read_streamed`]: cells one by one.
pub(super) struct Received<'a> {
    receiver: Receiver<Batch<'a>>,
    recycle: Sender<Vec<RawCell<'a>>>,
    batch: Vec<RawCell<'a>>,
    at: usize,
    ended: bool,
    /// The reading thread went away without a word (it panicked).
    vanished: bool,
}

impl<'a> Received<'a> {
    pub(super) fn next(&mut self) -> Result<Option<SheetCell<'a>>, Message> {
        while self.at == self.batch.len() {
            if self.ended {
                return Ok(None);
            }
            if self.batch.capacity() > 0 {
                self.batch.clear();
                let _ = self.recycle.send(std::mem::take(&mut self.batch));
            }
            self.at = 0;
            match self.receiver.recv() {
                Ok(Batch::Cells(batch)) => self.batch = batch,
                Ok(Batch::End) => self.ended = true,
                Ok(Batch::Failed(message)) => {
                    self.ended = true;
                    return Err(message);
                }
                Err(_) => {
                    self.ended = true;
                    self.vanished = true;
                    return Err(Message::new("import.sheet.reader_stopped"));
                }
            }
        }
        let (pos, value, is_formula) =
            std::mem::replace(&mut self.batch[self.at], ((0, 0), DataRef::Empty, false));
        self.at += 1;
        Ok(Some((pos, from_data_ref(value), is_formula)))
    }
}
