//! A part inflated on another thread while its XML is parsed on this one:
//! a sheet's inflating (zlib) is a sixth of the work of reading it, and
//! the reader's core need not wait for it.

use std::io::{BufRead, Read};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

/// The bytes inflated at a time.
const CHUNK: usize = 128 * 1024;
/// Chunks on their way: the inflating thread waits when this many are unread.
const IN_FLIGHT: usize = 4;

/// Runs `read` with a reader of what `source` gives, `source` read on a
/// second thread (an error there comes out of the reader's next read).
pub(super) fn read_ahead<T>(source: impl Read + Send, read: impl FnOnce(&mut Chunks) -> T) -> T {
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel(IN_FLIGHT);
        let (recycle, recycled) = channel();
        scope.spawn(move || inflate(source, &sender, &recycled));
        let mut chunks = Chunks {
            receiver,
            recycle,
            chunk: Vec::new(),
            at: 0,
            ended: false,
        };
        // Dropped on return: the inflating thread stops at its next send.
        read(&mut chunks)
    })
}

fn inflate(
    mut source: impl Read,
    sender: &SyncSender<std::io::Result<Vec<u8>>>,
    recycled: &Receiver<Vec<u8>>,
) {
    loop {
        let mut chunk = recycled.try_recv().unwrap_or_default();
        chunk.resize(CHUNK, 0);
        let mut filled = 0;
        let read = loop {
            match source.read(&mut chunk[filled..]) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    filled += n;
                    if filled == CHUNK {
                        break Ok(());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        chunk.truncate(filled);
        let last = filled < CHUNK || read.is_err();
        if filled > 0 && sender.send(Ok(chunk)).is_err() {
            return;
        }
        if let Err(e) = read {
            let _ = sender.send(Err(e));
        }
        if last {
            return;
        }
    }
}

/// The reading end of [`read_ahead`].
pub(crate) struct Chunks {
    receiver: Receiver<std::io::Result<Vec<u8>>>,
    recycle: Sender<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunks {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.at == self.chunk.len() && !self.ended {
            if self.chunk.capacity() > 0 {
                let _ = self.recycle.send(std::mem::take(&mut self.chunk));
            }
            self.at = 0;
            match self.receiver.recv() {
                Ok(Ok(chunk)) => self.chunk = chunk,
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                // The inflating thread finished.
                Err(_) => self.ended = true,
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at = (self.at + amount).min(self.chunk.len());
    }
}
