//! A table numbered by `u32` that grows without moving: buckets of
//! doubling size, each slot written once ([`OnceLock`]). Reading a slot is
//! two atomic loads and no lock, so the codes ([`super::interned`]) and the
//! description blocks ([`super::descriptions`]) are read from any thread
//! while others add to them.

use std::sync::OnceLock;

/// The first bucket's slots; bucket `k` holds `FIRST << k`.
const FIRST: u64 = 64;
/// Enough buckets for every `u32`: `FIRST × (2²⁷ − 1) > 2³²`.
const BUCKETS: usize = 27;

pub(super) struct Slots<T: 'static> {
    buckets: [OnceLock<Box<[OnceLock<T>]>>; BUCKETS],
}

impl<T> Slots<T> {
    pub(super) const fn new() -> Self {
        Slots {
            buckets: [const { OnceLock::new() }; BUCKETS],
        }
    }

    /// The slot numbered `number`, its bucket made if need be.
    pub(super) fn slot(&self, number: u32) -> &OnceLock<T> {
        let (bucket, slot) = place(number);
        let slots = self.buckets[bucket].get_or_init(|| {
            (0..FIRST << bucket)
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        &slots[slot]
    }

    /// What slot `number` holds, if it was written.
    pub(super) fn get(&self, number: u32) -> Option<&T> {
        let (bucket, slot) = place(number);
        self.buckets[bucket]
            .get()
            .and_then(|slots| slots[slot].get())
    }
}

/// The bucket and the slot in it of number `number`.
fn place(number: u32) -> (usize, usize) {
    let n = u64::from(number) + FIRST;
    let bucket = (63 - n.leading_zeros() - FIRST.trailing_zeros()) as usize;
    (bucket, (n - (FIRST << bucket)) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_has_one_place_and_the_buckets_double() {
        assert_eq!(place(0), (0, 0));
        assert_eq!(place(63), (0, 63));
        assert_eq!(place(64), (1, 0));
        assert_eq!(place(64 + 127), (1, 127));
        assert_eq!(place(64 + 128), (2, 0));
        let (bucket, slot) = place(u32::MAX);
        assert!(bucket < BUCKETS && (slot as u64) < FIRST << bucket);
    }
}
