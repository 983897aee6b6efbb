//! A seller's laptop pushing the operations it made offline (R-SYNC-2, R-SYNC-3).
//!
//! The device numbers its operations 1, 2, 3… in the order the seller made them. A push
//! carries a run of consecutive numbers; the marketplace applies them in that order, each in
//! its own transaction with its outcome and the device's new last number, so a push cut short
//! by a crash or a lost answer is simply sent again: what was applied is answered from the
//! kept outcome and nothing is applied twice. A number skipped, or reused for another
//! operation, refuses the whole push; so does an operation that is not the device's seller's
//! to make. Either way nothing is written.
//!
//! An operation the rules refuse (the buyer appealed meanwhile and the flow is frozen) is
//! final: its refusal is kept as its outcome, for the seller's list of conflicts. The ones
//! after it in the same push on the same flow depended on it and are refused with it; the
//! others go on.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::enrol::Device;
use super::{files, wire};
use crate::orders::Services;
use crate::roles::Role;
use crate::store::secrets::Secret;
use crate::supervision::{self, Operation};
use crate::timers::text;
use crate::{scheduler, CoreError, ErrorCode, Result, Store};

/// The most operations one push may carry; a device with more sends them in several.
pub const MAX_OPERATIONS: usize = 200;

/// What a device sends.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub operations: Vec<PushedOperation>,
}

/// One operation as the device numbered it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedOperation {
    pub seq: u32,
    /// As its fingerprint shows it (`super::wire`): files by name and SHA-256, each sent
    /// before (`super::files`), a SaaS application without its password.
    pub operation: serde_json::Value,
    /// A SaaS delivery's initial password: the one secret an operation carries, beside it.
    #[serde(default)]
    pub secret: Option<Secret>,
    /// When the seller made it, by the laptop's clock: kept for the record. The marketplace
    /// applies it at its own time, when it arrives.
    #[serde(default)]
    pub made_at: Option<String>,
}

/// What became of one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Outcome {
    pub seq: u32,
    pub operation_id: String,
    pub applied: bool,
    /// The refusal's code and message when it was refused.
    pub code: Option<String>,
    pub message: Option<String>,
    /// True when this push only repeated it: the outcome is the one kept the first time.
    pub repeated: bool,
}

/// The answer to a push: an outcome for each operation, in order, and the device's last
/// number as the marketplace now has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Pushed {
    pub outcomes: Vec<Outcome>,
    pub last_seq: u32,
}

/// Applies `request` from `device` at the store's time.
pub fn push(store: &mut Store, services: &Services<'_>, device: &Device, request: &PushRequest) -> Result<Pushed> {
    let operations = check(store.conn(), device, request)?;
    // What the clock owed the flows (a completion, an appeal becoming possible) comes first.
    scheduler::catch_up(store, services)?;
    let now = store.clock(services.clock)?.now;
    let key = store.secret_key().clone();
    let mut outcomes = Vec::with_capacity(request.operations.len());
    // Within this push, the first refusal on each flow: what the later operations on it
    // depended on.
    let mut refused: HashMap<u32, Outcome> = HashMap::new();
    for (pushed, op) in request.operations.iter().zip(&operations) {
        let outcome = store.write(|tx| {
            let last_seq: u32 = tx
                .prepare_cached("SELECT last_seq FROM seller_devices WHERE id = ?1")?
                .query_row([device.id], |r| r.get(0))?;
            if pushed.seq <= last_seq {
                return kept(tx, device.id, pushed.seq);
            }
            let outcome = match refused.get(&op.order_id) {
                Some(first) => Outcome {
                    seq: pushed.seq,
                    operation_id: op.id.clone(),
                    applied: false,
                    code: first.code.clone(),
                    message: Some(format!(
                        "not applied: it followed operation {} on the same order, which was refused ({})",
                        first.operation_id,
                        first.message.as_deref().unwrap_or_default()
                    )),
                    repeated: false,
                },
                None => apply_one(tx, &key, pushed.seq, op, now)?,
            };
            tx.prepare_cached(
                "INSERT INTO device_operations (device_id, seq, operation_id, order_id, outcome, code, message, made_at,
                                                received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                device.id,
                pushed.seq,
                op.id,
                op.order_id,
                if outcome.applied { "applied" } else { "refused" },
                outcome.code,
                outcome.message,
                pushed.made_at,
                text(now)
            ])?;
            tx.prepare_cached("UPDATE seller_devices SET last_seq = ?2, last_seen_at = ?3 WHERE id = ?1")?
                .execute(params![device.id, pushed.seq, text(now)])?;
            if !outcome.applied {
                // The laptop showed the refused action as done: its next pull brings the flow
                // back as it is, though nothing in it changed.
                tx.prepare_cached("INSERT INTO seller_changes (seller_id, order_id) VALUES (?1, ?2)")?
                    .execute(params![device.seller_id, op.order_id])?;
            }
            Ok(outcome)
        })?;
        // A refusal answered again from a repeated push counts too: the operations after it
        // are treated as they were, or would have been, the first time.
        if !outcome.applied {
            refused.entry(op.order_id).or_insert_with(|| outcome.clone());
        }
        outcomes.push(outcome);
    }
    let last_seq = store
        .conn()
        .prepare_cached("SELECT last_seq FROM seller_devices WHERE id = ?1")?
        .query_row([device.id], |r| r.get(0))?;
    if request.operations.is_empty() {
        store.write(|tx| {
            tx.prepare_cached("UPDATE seller_devices SET last_seen_at = ?2 WHERE id = ?1")?
                .execute(params![device.id, text(now)])?;
            Ok(())
        })?;
    }
    Ok(Pushed { outcomes, last_seq })
}

/// Everything about a push that refuses it whole, checked before anything is written: its
/// operations, made whole.
fn check(conn: &Connection, device: &Device, request: &PushRequest) -> Result<Vec<Operation>> {
    let operations = &request.operations;
    if operations.len() > MAX_OPERATIONS {
        return Err(CoreError::invalid(format!(
            "a push carries at most {MAX_OPERATIONS} operations, not {}; send them in several",
            operations.len()
        )));
    }
    let last_seq: u32 = conn
        .prepare_cached("SELECT last_seq FROM seller_devices WHERE id = ?1")?
        .query_row([device.id], |r| r.get(0))?;
    if let Some(first) = operations.first() {
        if first.seq == 0 || first.seq > last_seq + 1 {
            return Err(CoreError::OutOfSequence(format!(
                "operation {} cannot come next: the marketplace has this device's operations up to {last_seq}, so the \
                 next is {}",
                first.seq,
                last_seq + 1
            )));
        }
    }
    for pair in operations.windows(2) {
        if pair[1].seq != pair[0].seq + 1 {
            return Err(CoreError::OutOfSequence(format!(
                "operation {} follows {}: the numbers of a push must follow one another",
                pair[1].seq, pair[0].seq
            )));
        }
    }
    let mut whole = Vec::with_capacity(operations.len());
    for pushed in operations {
        let op = wire::whole(&pushed.operation, pushed.secret.as_ref(), &mut |sha| files::known(conn, device, sha))
            .map_err(|e| CoreError::invalid(format!("operation {}: {e}", pushed.seq)))?;
        supervision::operation::check_id(&op.id)?;
        if op.actor.role != Role::Seller || op.actor.id != device.seller_id {
            return Err(CoreError::Forbidden(format!(
                "operation {} is made as {} ({:?}); this device acts for the seller {:?} only",
                pushed.seq,
                op.actor.role.with_article(),
                op.actor.id,
                device.seller_id
            )));
        }
        let seller: Option<String> = conn
            .prepare_cached("SELECT seller_id FROM orders WHERE id = ?1")?
            .query_row([op.order_id], |r| r.get(0))
            .optional()?;
        if seller.as_deref() != Some(device.seller_id.as_str()) {
            return Err(CoreError::Forbidden(format!(
                "operation {}: order {} is not one of the seller {:?}'s orders",
                pushed.seq, op.order_id, device.seller_id
            )));
        }
        if pushed.seq <= last_seq {
            let earlier: Option<String> = conn
                .prepare_cached("SELECT operation_id FROM device_operations WHERE device_id = ?1 AND seq = ?2")?
                .query_row(params![device.id, pushed.seq], |r| r.get(0))
                .optional()?;
            if earlier.as_deref() != Some(op.id.as_str()) {
                return Err(CoreError::OutOfSequence(format!(
                    "operation {} was already received as another operation ({}); a new operation needs the next \
                     number, {}",
                    pushed.seq,
                    earlier.unwrap_or_default(),
                    last_seq + 1
                )));
            }
        }
        if let Some(made_at) = &pushed.made_at {
            DateTime::parse_from_rfc3339(made_at).map_err(|_| {
                CoreError::invalid(format!("operation {}: made_at {made_at:?} is not an RFC 3339 time", pushed.seq))
            })?;
        }
        whole.push(op);
    }
    Ok(whole)
}

/// Applies one operation, its refusal by the rules becoming its outcome; a failure of the
/// store itself fails the push, to be sent again.
fn apply_one(
    tx: &Connection,
    key: &crate::store::secrets::SecretKey,
    seq: u32,
    op: &Operation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    // The refusal must leave nothing of the operation behind, yet its outcome is written in
    // this same transaction: the operation runs inside a savepoint.
    tx.execute_batch("SAVEPOINT pushed_operation")?;
    let applied = supervision::apply(tx, key, op, now);
    let refusal = match applied {
        Ok(_) => {
            tx.execute_batch("RELEASE pushed_operation")?;
            None
        }
        Err(err) => {
            tx.execute_batch("ROLLBACK TO pushed_operation; RELEASE pushed_operation")?;
            if matches!(err.code(), ErrorCode::Storage | ErrorCode::Internal) {
                return Err(err);
            }
            Some(err)
        }
    };
    Ok(Outcome {
        seq,
        operation_id: op.id.clone(),
        applied: refusal.is_none(),
        code: refusal.as_ref().map(|e| e.code().as_str().to_string()),
        message: refusal.map(|e| e.to_string()),
        repeated: false,
    })
}

/// The outcome kept for an operation received before.
fn kept(tx: &Connection, device_id: u32, seq: u32) -> Result<Outcome> {
    let (operation_id, outcome, code, message): (String, String, Option<String>, Option<String>) = tx
        .prepare_cached(
            "SELECT operation_id, outcome, code, message FROM device_operations WHERE device_id = ?1 AND seq = ?2",
        )?
        .query_row(params![device_id, seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(Outcome { seq, operation_id, applied: outcome == "applied", code, message, repeated: true })
}
