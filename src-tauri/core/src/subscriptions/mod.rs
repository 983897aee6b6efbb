//! Subscriptions (R-UP, R-REN, R-UNS-2, R-MT): every yearly/monthly purchase over its whole
//! life, from its term to its release.
//!
//! - `upgrade`: Upgrade Specification, a higher edition or more users, with a fee that explains
//!   itself line by line (R-UP-1 to R-UP-4).

pub mod upgrade;
