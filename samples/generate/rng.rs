//! Deterministic random numbers: a fixed-seed splitmix64 generator, split
//! into named streams so that changing one part of the ledger leaves the
//! others alone.

use rust_decimal::Decimal;

use super::figures::eur;

const SEED: u64 = 0x5956_454c_484f_2020;

/// splitmix64; each named stream starts from its own state.
pub struct Rng(u64);

impl Rng {
    pub fn new(stream: &str) -> Rng {
        let mut state = SEED;
        for byte in stream.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(state)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1) as u64;
        lo + (self.next() % span) as i64
    }

    pub fn chance(&mut self, percent: i64) -> bool {
        self.between(1, 100) <= percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.between(0, items.len() as i64 - 1) as usize]
    }

    /// Euros and cents, evenly spread in `lo..=hi` euros.
    pub fn euros(&mut self, lo: i64, hi: i64) -> Decimal {
        eur(self.between(lo * 100, hi * 100))
    }

    /// Euros and cents in `lo..=hi` euros, small amounts more often than large.
    pub fn skewed(&mut self, lo: i64, hi: i64) -> Decimal {
        let (a, b) = (self.between(0, 1000), self.between(0, 1000));
        eur(lo * 100 + (hi - lo) * 100 * a / 1000 * b / 1000)
    }
}
