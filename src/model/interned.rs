//! The one table of the run's distinct codes (accounts, their names, cost
//! centres, projects, suppliers): each is kept once, for the life of the
//! process, and a [`super::Code`] is its 4-byte number in the table.
//!
//! A whole organisation's ledger has a million rows but a few thousand
//! distinct codes, so five codes a row as numbers rather than pointers keep a
//! row 24 bytes smaller (issue 18: the rows held while a workbook's reader
//! runs decide the peak). Reading a code is two atomic loads, no lock
//! ([`super::slots`]); only adding a code takes the lock.
//!
//! The texts are never freed: a process reads a bounded set of files, and
//! their distinct codes are few (a code is at most a cell's text).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::BuildFastHasher;
use super::slots::Slots;

/// Number → text, read without a lock.
static TEXTS: Slots<&'static str> = Slots::new();

/// Text → number, for adding: behind the lock.
static NUMBERS: LazyLock<Mutex<HashMap<&'static str, u32, BuildFastHasher>>> =
    LazyLock::new(Mutex::default);

/// The number of `text`, added to the table if it is new. The empty text
/// is 0.
pub(super) fn number_of(text: &str) -> u32 {
    if text.is_empty() {
        return 0;
    }
    let mut numbers = NUMBERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&number) = numbers.get(text) {
        return number;
    }
    // 0 is the empty text. The table never reaches 2³² − 1 codes: each
    // holds its text and a map entry (over 24 bytes), so the memory of the
    // process (and the reader's bound) runs out some 100 GB before the
    // numbers do; the saturation below is never reached.
    let number = u32::try_from(numbers.len() + 1).unwrap_or(u32::MAX);
    let kept: &'static str = Box::leak(text.into());
    let _ = TEXTS.slot(number).set(kept);
    numbers.insert(kept, number);
    number
}

/// The text numbered `number` (a number [`number_of`] gave).
pub(super) fn text_of(number: u32) -> &'static str {
    if number == 0 {
        return "";
    }
    TEXTS.get(number).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_its_number_across_threads() {
        let texts: Vec<String> = (0..500).map(|i| format!("interned-test-{i}")).collect();
        let numbers: Vec<u32> = texts.iter().map(|t| number_of(t)).collect();
        let again: Vec<Vec<u32>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| texts.iter().rev().map(|t| number_of(t)).collect()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for seen in again {
            let forwards: Vec<u32> = seen.into_iter().rev().collect();
            assert_eq!(forwards, numbers);
        }
        for (text, number) in texts.iter().zip(&numbers) {
            assert_eq!(text_of(*number), text);
        }
        assert_eq!(number_of(""), 0);
        assert_eq!(text_of(0), "");
    }
}
