//! The rows' descriptions, kept compressed for the life of the process
//! (issue 18): a whole organisation's ledger with long descriptions held
//! some 200 MB of them until the workbook was written, more than the rows
//! themselves. Each thread appends the descriptions it reads to a block of
//! its own; a full block (16 KiB) is sealed, and compressed with LZ4 (on
//! a thread of the process's own, off the thread reading the rows) while
//! the file's rows come in date order ([`compress`]), which took the
//! benchmark ledgers' descriptions to a fifth or a sixth of their size
//! (real ones, less repetitive, to perhaps a third) at half a gigabyte a
//! second, and gives them back at several. A [`super::Description`] is the
//! block, the place in it and the length: 12 bytes in the row.
//!
//! Reading a sealed block is lock-free (each slot is written once:
//! [`super::slots`]); its text is decompressed once per thread into a small
//! cache, since rows are read in runs (file order, or date order within a
//! file). A block still open (its thread is still reading, or it waits to
//! be compressed) is read under its lock. The blocks are never freed: a process reads a bounded set of
//! files.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::slots::Slots;

/// The bytes of text after which a block is sealed.
const BLOCK_BYTES: usize = 16 * 1024;
/// Decompressed blocks each thread keeps at first: the Transactions sheet
/// reads a project's files merged by date, each file's runs of dates side
/// by side, and a file compresses at most 9 runs (`import::rows`): 14 such
/// files before this is short (2 MiB a thread when full).
const CACHED: usize = 128;
/// ... and at most, once a thread's reading goes round more blocks than it
/// keeps (a miss on a block it dropped lately doubles its room): 16 MiB a
/// thread, some 110 files of 9 runs read side by side.
const CACHED_AT_MOST: usize = 1024;

#[derive(Default)]
struct Block {
    /// The text while the block is open; `None` once sealed.
    open: Mutex<Option<String>>,
    /// The text once sealed.
    sealed: OnceLock<Sealed>,
}

enum Sealed {
    /// As it was: rows read out of order read their own bytes.
    Raw(Arc<str>),
    /// An LZ4 block and the text's length.
    Lz4(Box<[u8]>, usize),
}

static BLOCKS: Slots<Block> = Slots::new();

/// The next block's number (0 is no block: the empty text).
static NEXT: AtomicU32 = AtomicU32::new(1);

thread_local! {
    /// This thread's open block and the bytes in it.
    static WRITING: RefCell<Option<(u32, usize)>> = const { RefCell::new(None) };
    /// Whether this thread's blocks are compressed when sealed.
    static COMPRESSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Decompressed blocks, the oldest replaced first.
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// Decompressed blocks, the oldest replaced first; the last one read is
/// looked at first (rows come in runs).
struct Cache {
    blocks: Vec<(u32, Arc<str>)>,
    last: usize,
    next: usize,
    /// How many blocks it keeps.
    room: usize,
    /// The blocks it dropped last (up to [`CACHED_AT_MOST`] since it last
    /// grew): reading one of them again means the reader goes round more
    /// blocks than it keeps.
    dropped: std::collections::VecDeque<u32>,
    /// Blocks decompressed, for the tests.
    #[cfg(test)]
    misses: u64,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            blocks: Vec::new(),
            last: 0,
            next: 0,
            room: CACHED,
            dropped: std::collections::VecDeque::new(),
            #[cfg(test)]
            misses: 0,
        }
    }
}

impl Cache {
    /// Keeps a block just decompressed, dropping the oldest when full; grows
    /// (up to [`CACHED_AT_MOST`]) when the block was dropped lately.
    fn keep(&mut self, number: u32, whole: &Arc<str>) {
        #[cfg(test)]
        {
            self.misses += 1;
        }
        if self.room < CACHED_AT_MOST && self.dropped.contains(&number) {
            self.room = (self.room * 2).min(CACHED_AT_MOST);
            self.dropped.clear();
        }
        if self.blocks.len() < self.room {
            self.blocks.push((number, Arc::clone(whole)));
            self.last = self.blocks.len() - 1;
            return;
        }
        self.last = self.next % self.room;
        let (dropped, _) =
            std::mem::replace(&mut self.blocks[self.last], (number, Arc::clone(whole)));
        self.next = self.last + 1;
        if self.dropped.len() == CACHED_AT_MOST {
            self.dropped.pop_front();
        }
        self.dropped.push_back(dropped);
    }
}

fn block(number: u32) -> &'static Block {
    BLOCKS.slot(number).get_or_init(Block::default)
}

/// Keeps `text`: its block, its start in the block and its length.
pub(super) fn add(text: &str) -> (u32, u32, u32) {
    if text.is_empty() {
        return (0, 0, 0);
    }
    WRITING.with_borrow_mut(|writing| {
        let (number, used) = *writing.get_or_insert_with(|| {
            // The numbers would wrap after 2³² blocks of 16 KiB, 64 TiB of
            // text: the process's memory (a fifth of that, compressed) runs
            // out long before.
            (NEXT.fetch_add(1, Ordering::Relaxed), 0)
        });
        {
            let mut open = block(number)
                .open
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            open.get_or_insert_with(|| String::with_capacity(BLOCK_BYTES + 256))
                .push_str(text);
        }
        let after = used + text.len();
        *writing = Some((number, after));
        if after >= BLOCK_BYTES {
            seal_block(number, Sealing::Away);
            *writing = None;
        }
        // A cell's text is at most a few hundred KiB, a block 16 KiB before
        // its last text: both fit a u32.
        (
            number,
            u32::try_from(used).unwrap_or(u32::MAX),
            u32::try_from(text.len()).unwrap_or(u32::MAX),
        )
    })
}

/// Compresses this thread's open block, here and now (a reader of the
/// rows on another thread is about to need them: sealed, they are read
/// without the block's lock).
pub fn seal() {
    if let Some((number, _)) = WRITING.with_borrow_mut(Option::take) {
        seal_block(number, Sealing::Here);
    }
}

/// Where a sealed block is compressed.
#[derive(PartialEq)]
enum Sealing {
    /// By the thread that sealed it.
    Here,
    /// By the sealing thread, when it keeps up (else here).
    Away,
}

/// Whether the blocks this thread seals from now on are compressed. A
/// reader of rows in date order reads a compressed block once for its run
/// of rows; rows read out of order would each decompress a whole block for
/// one text (a shuffled ledger took three times as long), so a file's
/// reader compresses only while its rows keep to few runs of dates (see
/// `import::rows`). Off by default.
pub fn compress(on: bool) {
    COMPRESSING.set(on);
}

fn seal_block(number: u32, sealing: Sealing) {
    if !COMPRESSING.get() {
        let block = block(number);
        let mut open = block.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = open.take() {
            let _ = block.sealed.set(Sealed::Raw(Arc::from(text)));
        }
        return;
    }
    if sealing == Sealing::Here {
        return compress_block(number);
    }
    // A full block is compressed on a thread of the process's own:
    // compressing took a tenth of the time of the thread that reads a
    // file's rows, and that thread bounds the import. A reader of the
    // block meanwhile reads it open, or waits on its lock while it is
    // compressed. When the sealing thread is behind (several files read
    // side by side), the block is compressed here, as is every block when
    // the system refused the thread: the text waiting stays bounded.
    let sealer = SEALER.get_or_init(|| {
        let (sender, receiver) = sync_channel::<u32>(SEALING_AHEAD);
        let spawned = std::thread::Builder::new()
            .name("velho-descriptions".to_string())
            .spawn(move || {
                for number in receiver {
                    compress_block(number);
                    note_pending(-1);
                }
            });
        drop(spawned);
        sender
    });
    note_pending(1);
    if let Err(TrySendError::Full(number) | TrySendError::Disconnected(number)) =
        sealer.try_send(number)
    {
        compress_block(number);
        note_pending(-1);
    }
}

/// Compresses block `number`, holding its lock until it is sealed.
fn compress_block(number: u32) {
    let block = block(number);
    {
        let mut open = block.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = open.as_ref() {
            let compressed = lz4_flex::block::compress(text.as_bytes()).into_boxed_slice();
            let _ = block.sealed.set(Sealed::Lz4(compressed, text.len()));
            *open = None;
        }
    }
}

/// Full blocks that may wait for the sealing thread (128 KiB of text).
const SEALING_AHEAD: usize = 8;

/// The sealing thread's queue.
static SEALER: OnceLock<SyncSender<u32>> = OnceLock::new();

/// Blocks sent to be compressed and not yet compressed, for the tests
/// (which look at how a block is kept once it is).
#[cfg(test)]
static PENDING: (Mutex<isize>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

fn note_pending(change: isize) {
    #[cfg(test)]
    {
        let (pending, done) = &PENDING;
        *pending.lock().unwrap_or_else(PoisonError::into_inner) += change;
        done.notify_all();
    }
    let _ = change;
}

/// Waits until every block sent to be compressed is.
#[cfg(test)]
fn wait_for_sealing() {
    let (pending, done) = &PENDING;
    let pending = pending.lock().unwrap_or_else(PoisonError::into_inner);
    let _unused = done
        .wait_while(pending, |p| *p > 0)
        .unwrap_or_else(PoisonError::into_inner);
}

/// The text `add` gave `(number, start, length)` for.
pub(super) fn text(number: u32, start: u32, length: u32) -> Piece {
    if length == 0 {
        return Piece::Owned(String::new());
    }
    let (start, end) = (start as usize, start as usize + length as usize);
    let block = block(number);
    if block.sealed.get().is_none() {
        let open = block.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = open.as_ref() {
            return Piece::Owned(text.get(start..end).unwrap_or_default().to_string());
        }
    }
    let whole = match block.sealed.get() {
        Some(Sealed::Raw(whole)) => Arc::clone(whole),
        Some(Sealed::Lz4(compressed, length)) => CACHE.with_borrow_mut(|cache| {
            if let Some((n, whole)) = cache.blocks.get(cache.last)
                && *n == number
            {
                return Arc::clone(whole);
            }
            if let Some(at) = cache.blocks.iter().position(|(n, _)| *n == number) {
                cache.last = at;
                return Arc::clone(&cache.blocks[at].1);
            }
            // A sealed block holds what `add` put in it: anything else is a
            // fault of this module (the tests would see it); a release build
            // then shows an empty text, never a wrong one.
            let text = lz4_flex::block::decompress(compressed, *length)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            debug_assert!(text.is_some(), "description block {number} unreadable");
            let whole: Arc<str> = text.unwrap_or_default().into();
            cache.keep(number, &whole);
            whole
        }),
        None => {
            debug_assert!(false, "description block {number} neither open nor sealed");
            Arc::from("")
        }
    };
    match whole.get(start..end) {
        Some(_) => Piece::Shared(whole, start, end),
        _ => {
            debug_assert!(false, "description {number}:{start}..{end} unreadable");
            Piece::Owned(String::new())
        }
    }
}

/// A row's description, kept in the process's compressed blocks: its
/// block, its start in the block and its length (12 bytes; empty is all
/// zeros). Read it with [`Description::text`]. Rows compare, hash and sort
/// by the text, never by where it is kept (which depends on the threads).
#[derive(Clone, Copy, Default)]
pub struct Description {
    block: u32,
    start: u32,
    length: u32,
}

impl Description {
    /// Keeps `text`.
    pub fn new(text: &str) -> Description {
        let (block, start, length) = add(text);
        Description {
            block,
            start,
            length,
        }
    }

    /// The text (`&*` or `.as_ref()` gives the `&str`).
    pub fn text(&self) -> Piece {
        text(self.block, self.start, self.length)
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// Whether the text is kept compressed (`None` while its block is
    /// open): for the tests of when the import compresses.
    #[cfg(test)]
    pub fn kept_compressed(&self) -> Option<bool> {
        wait_for_sealing();
        match block(self.block).sealed.get()? {
            Sealed::Lz4(..) => Some(true),
            Sealed::Raw(_) => Some(false),
        }
    }
}

impl From<&str> for Description {
    fn from(text: &str) -> Self {
        Description::new(text)
    }
}

impl From<String> for Description {
    fn from(text: String) -> Self {
        Description::new(&text)
    }
}

impl PartialEq for Description {
    fn eq(&self, other: &Self) -> bool {
        (self.block, self.start, self.length) == (other.block, other.start, other.length)
            || (self.length == other.length && *self.text() == *other.text())
    }
}

impl Eq for Description {}

impl std::hash::Hash for Description {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (*self.text()).hash(state)
    }
}

impl PartialEq<str> for Description {
    fn eq(&self, other: &str) -> bool {
        *self.text() == *other
    }
}

impl PartialEq<&str> for Description {
    fn eq(&self, other: &&str) -> bool {
        *self.text() == **other
    }
}

impl std::fmt::Debug for Description {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.text(), f)
    }
}

impl std::fmt::Display for Description {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.text(), f)
    }
}

/// A description's text, read from its block.
pub enum Piece {
    /// In a sealed block, decompressed if it was compressed.
    Shared(Arc<str>, usize, usize),
    /// Copied out of a block still open, or empty.
    Owned(String),
}

impl AsRef<str> for Piece {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::ops::Deref for Piece {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Piece::Shared(whole, start, end) => whole.get(*start..*end).unwrap_or_default(),
            Piece::Owned(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts come back as they went in, across blocks, threads, sealed or
    /// open, and read from another thread.
    #[test]
    fn texts_come_back_from_open_and_sealed_blocks() {
        for compressing in [true, false] {
            compress(compressing);
            texts_come_back(compressing);
        }
        compress(false);
    }

    fn texts_come_back(compressing: bool) {
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("Kokous ä{i} ").repeat(1 + i % 40))
            .collect();
        let kept: Vec<_> = texts.iter().map(|t| add(t)).collect();
        // Some blocks sealed (full), the last one open.
        assert!(kept.first().unwrap().0 != kept.last().unwrap().0);
        let read = |kept: &[(u32, u32, u32)]| -> Vec<String> {
            kept.iter()
                .map(|&(n, s, l)| text(n, s, l).to_string())
                .collect()
        };
        // Read at once: some blocks are still being compressed (on the
        // sealing thread), some waiting for it.
        assert_eq!(read(&kept), texts);
        wait_for_sealing();
        let first = block(kept[0].0).sealed.get();
        assert!(match compressing {
            true => matches!(first, Some(Sealed::Lz4(..))),
            false => matches!(first, Some(Sealed::Raw(_))),
        });
        // Another thread reads this thread's open block too.
        let other = std::thread::scope(|s| s.spawn(|| read(&kept)).join().unwrap());
        assert_eq!(other, texts);
        seal();
        assert_eq!(read(&kept), texts);
        // Out of order, past the cache's blocks.
        let strided: Vec<usize> = (0..texts.len()).map(|i| i * 7919 % texts.len()).collect();
        for &i in &strided {
            let (n, s, l) = kept[i];
            assert_eq!(&*text(n, s, l), texts[i]);
        }
        assert_eq!(add(""), (0, 0, 0));
        assert_eq!(&*text(0, 0, 0), "");
    }

    /// Equal texts kept apart (on two threads, sealed or not) are equal
    /// and hash alike, as the check for duplicated rows needs; the empty
    /// description is the default.
    #[test]
    fn equal_texts_kept_apart_are_equal() {
        use std::hash::BuildHasher;
        let text = "Konsultti; osa 1";
        let here = Description::new(text);
        let there = std::thread::scope(|s| s.spawn(|| Description::new(text)).join().unwrap());
        assert_ne!((here.block, here.start), (there.block, there.start));
        assert_eq!(here, there);
        let state = std::hash::RandomState::new();
        assert_eq!(state.hash_one(here), state.hash_one(there));
        assert_ne!(here, Description::new("Konsultti; osa 2"));
        assert_eq!(Description::default(), Description::new(""));
        assert!(Description::default().is_empty());
        assert_eq!(&*Description::default().text(), "");
        assert_eq!(here, "Konsultti; osa 1");
    }

    /// A reader going round more blocks than the cache keeps (many files'
    /// runs read side by side) makes it grow, a doubling a round, until the
    /// round fits: then nothing is decompressed again. The cache's room at
    /// first would miss every block of every round.
    #[test]
    fn the_cache_grows_for_a_reader_going_round_many_blocks() {
        let blocks = 3 * CACHED;
        let texts: Vec<(u32, u32, u32)> = std::thread::scope(|s| {
            s.spawn(|| {
                compress(true);
                let text = "Kokous; tarjoilu ja tilat ".repeat(40);
                // (A block is sealed at the text that fills it: 16 a block.)
                let kept: Vec<_> = (0..blocks * 17).map(|_| add(&text)).collect();
                seal();
                kept
            })
            .join()
            .unwrap()
        });
        // (Every block compressed: none is read open.)
        wait_for_sealing();
        // One text of each block, round and round.
        let mut firsts: Vec<(u32, u32, u32)> = Vec::new();
        for &kept in &texts {
            if firsts.last().is_none_or(|f| f.0 != kept.0) {
                firsts.push(kept);
            }
        }
        assert!(firsts.len() >= blocks);
        let misses = || CACHE.with_borrow(|c| c.misses);
        let mut per_round = Vec::new();
        for _ in 0..4 {
            let before = misses();
            for &(n, s, l) in &firsts {
                assert!(text(n, s, l).starts_with("Kokous"));
            }
            per_round.push(misses() - before);
        }
        assert_eq!(per_round[0], firsts.len() as u64, "{per_round:?}");
        assert!(per_round[1] < per_round[0], "{per_round:?}");
        assert_eq!(per_round[3], 0, "{per_round:?}");
        assert_eq!(CACHE.with_borrow(|c| c.room), 4 * CACHED);
    }

    #[test]
    fn a_text_longer_than_a_block_is_kept_whole() {
        let long = "é".repeat(3 * BLOCK_BYTES);
        let (n, s, l) = add(&long);
        assert_eq!(&*text(n, s, l), long);
        let next = add("seuraava");
        assert_ne!(next.0, n);
        assert_eq!(&*text(next.0, next.1, next.2), "seuraava");
    }
}
