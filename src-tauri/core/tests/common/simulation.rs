//! What seeded simulations share: a random sequence that is the same from the same seed
//! everywhere, also serving as the core's entropy, and a clock the simulation moves.
#![allow(dead_code)]

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use koogallery_core::clock::Clock;
use koogallery_core::entropy::Entropy;

/// SplitMix64: small, and the same sequence from the same seed everywhere.
pub struct Random(pub Mutex<u64>);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(Mutex::new(seed))
    }

    /// One that lives as long as the program, as the core's services borrow theirs.
    pub fn leaked(seed: u64) -> &'static Random {
        Box::leak(Box::new(Random::new(seed)))
    }

    pub fn next(&self) -> u64 {
        let mut state = self.0.lock().unwrap();
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&self, n: u64) -> u64 {
        self.next() % n
    }
}

impl Entropy for Random {
    fn fill(&self, bytes: &mut [u8]) {
        for chunk in bytes.chunks_mut(8) {
            let word = self.next().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

impl Entropy for &'static Random {
    fn fill(&self, bytes: &mut [u8]) {
        (**self).fill(bytes)
    }
}

/// A clock the test moves, shared by everything it runs.
pub struct Moving(pub Mutex<DateTime<Utc>>);

impl Moving {
    pub fn leaked(at: DateTime<Utc>) -> &'static Moving {
        Box::leak(Box::new(Moving(Mutex::new(at))))
    }

    pub fn advance(&self, by: chrono::Duration) -> DateTime<Utc> {
        let mut now = self.0.lock().unwrap();
        *now += by;
        *now
    }
}

impl Clock for Moving {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Clock for &'static Moving {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}
