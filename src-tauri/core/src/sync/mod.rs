//! Sellers who work offline (DOMAIN.md section 11, R-SYNC).
//!
//! - `enrol`: the operations manager issues a one-time code for a seller (`issue_code`); the
//!   seller's laptop exchanges it for a device token (`enrol`); every later call names its
//!   device by that token (`authenticate`), until the device is revoked (`revoke`). Where the
//!   marketplace is served, and its certificate's fingerprint, is kept to be given with a code
//!   (`record_served`, `served_at`).
//! - `push`: a device's operations, numbered 1, 2, 3… by the device in the order the seller
//!   made them, applied in that order through the one function every action on a service flow
//!   goes through (`supervision::apply`), each outcome kept to answer a repeat.
//! - `files`: proof files a laptop sends before the operations that name them, by SHA-256,
//!   in parts that go on from what arrived; `wire` is an operation as it travels (files by
//!   hash, a SaaS password beside it) and made whole again where it is applied.
//! - `pull`: the seller's flows changed after the laptop's cursor, each whole, in the
//!   marketplace's order of changes; and a file of them by its hash.
//! - `served`: those calls as the marketplace answers them over its store, behind the
//!   [`Marketplace`] trait a laptop calls (in this process, or over HTTP).
//!
//! And the laptop's side: `laptop` (connecting a new store as a seller's copy; the seller's
//! actions on it, kept in the outbox; what waits and what conflicts), `round` (one sync: push
//! in order, settle the outcomes, pull, put the flows back) and `copy` (replacing a flow's
//! rows with the marketplace's). [`act`] is how the front ends act on a flow wherever the
//! store is: at once on a marketplace, into the outbox on a copy.
//!
//! Codes and tokens come from the store's source of randomness and are kept as SHA-256 only:
//! a copy of the marketplace's file enrols nobody and impersonates no device.

mod copy;
pub mod enrol;
pub mod files;
pub mod laptop;
pub mod pull;
pub mod push;
pub mod round;
pub mod served;
mod wire;

pub use enrol::{
    authenticate, devices, enrol, issue_code, record_served, revoke, served_at, Device, Enrolled, EnrolmentCode,
    ServedAt,
};
pub use files::{received, upload, Received, MAX_FILE_BYTES};
pub use laptop::{
    conflicts, connect, copy_path, is_copy, link, next_sync_in, note_unreachable, status, waiting, Link, Pending,
    Status, ONLINE_EVERY,
};
pub use pull::{file, pull, FlowCopy, Pulled, TableRows, MAX_FLOWS};
pub use push::{push, Outcome, PushRequest, Pushed, PushedOperation, MAX_OPERATIONS};
pub use round::{sync_once, Round};
pub use served::{CallError, Marketplace, SellerCard, Served, Welcome};

use sha2::{Digest, Sha256};

/// A secret as it is kept: its SHA-256, in hex.
fn hashed(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// Acts on the flow of `order_id` as whom the app acts for, wherever this store is: on a
/// marketplace, at once (`supervision::act`); on a seller's copy, on the copy and into the
/// outbox, to reach the marketplace at the next sync (R-SYNC-1).
pub fn act(
    store: &mut crate::Store,
    services: &crate::orders::Services<'_>,
    order_id: u32,
    operation_id: Option<String>,
    action: crate::supervision::Action,
) -> crate::Result<crate::supervision::Applied> {
    if !is_copy(store.conn())? {
        return crate::supervision::act(store, services, order_id, operation_id, action);
    }
    let pending = laptop::act(store, services, order_id, operation_id, action)?;
    let record = crate::supervision::record(store.conn(), &pending.operation_id)?;
    Ok(crate::supervision::Applied { record, repeated: false })
}
