//! Where randomness comes from (generated passwords), so that it comes in from outside like
//! time does: the machine's generator in the app, anything repeatable in a test.

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;

pub trait Entropy: Send + Sync {
    fn fill(&self, bytes: &mut [u8]);
}

/// The operating system's cryptographic generator.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, bytes: &mut [u8]) {
        OsRng.fill_bytes(bytes);
    }
}
