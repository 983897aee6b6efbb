//! One round of sync from a seller's laptop (R-SYNC-2 to R-SYNC-4): push what waits, in the
//! order it was made, then pull what changed since the cursor.
//!
//! Each action is numbered when it is first sent; a push whose answer is lost is sent again
//! with the same numbers, and the marketplace answers it from the outcomes it kept. A refused
//! action is final: it goes to the conflicts with its reason, the actions after it on the same
//! flow not sent yet are withdrawn with it, and the pull then puts the flow back to the
//! marketplace's truth. Only an unreachable marketplace is tried again; a refusal of the call
//! itself (a revoked device) stops the round.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use super::laptop::{action_time, link, refusal, token};
use super::pull::MAX_FLOWS;
use super::push::{PushRequest, PushedOperation, MAX_OPERATIONS};
use super::served::{CallError, Marketplace};
use super::{copy, wire};
use crate::orders::Services;
use crate::store::secrets::{Sealed, Secret, SecretKey};
use crate::supervision::{self, proof::sha256_hex, Operation};
use crate::timers::text;
use crate::{CoreError, Result, Store};

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Round {
    /// Actions the marketplace applied, refused, and actions withdrawn with a refusal.
    pub applied: u32,
    pub refused: u32,
    pub withdrawn: u32,
    /// Flows pulled.
    pub pulled: u32,
    /// Actions still waiting when the round ended.
    pub waiting: u32,
    /// Why the marketplace could not be reached, when it could not: the round stopped there
    /// and is tried again.
    pub unreachable: Option<String>,
}

/// Pushes and pulls once.
pub fn sync_once(store: &mut Store, services: &Services<'_>, marketplace: &dyn Marketplace) -> Result<Round> {
    let token = token(store)?;
    let mut round = Round::default();
    let now = store.clock(services.clock)?.now;
    let reached = push_all(store, marketplace, token.expose(), now, &mut round)
        .and_then(|()| pull_all(store, services, marketplace, token.expose(), &mut round));
    match reached {
        Ok(()) => store.write(|tx| {
            tx.execute("UPDATE marketplace_link SET last_synced_at = ?1, last_error = NULL", [text(now)])?;
            Ok(())
        })?,
        Err(CallError::Unreachable(why)) => {
            store.write(|tx| {
                tx.execute("UPDATE marketplace_link SET last_error = ?1", [&why])?;
                Ok(())
            })?;
            round.unreachable = Some(why);
        }
        Err(refused @ CallError::Refused { .. }) => {
            let err = refusal(refused);
            store.write(|tx| {
                tx.execute("UPDATE marketplace_link SET last_error = ?1", [err.to_string()])?;
                Ok(())
            })?;
            return Err(err);
        }
    }
    round.waiting =
        store
            .conn()
            .query_row("SELECT count(*) FROM outbox WHERE state = 'waiting' OR state = 'sent'", [], |r| r.get(0))?;
    Ok(round)
}

/// A round's failure to reach the marketplace, or the store's own failure as a refusal.
fn local(err: CoreError) -> CallError {
    CallError::Refused { code: err.code().as_str().to_string(), message: err.to_string() }
}

fn push_all(
    store: &mut Store,
    marketplace: &dyn Marketplace,
    token: &str,
    now: DateTime<Utc>,
    round: &mut Round,
) -> std::result::Result<(), CallError> {
    loop {
        store.write(number_waiting).map_err(local)?;
        let key = store.secret_key().clone();
        let batch = sent(store.conn(), &key).map_err(local)?;
        if batch.is_empty() {
            return Ok(());
        }
        send_files(store.conn(), marketplace, token, &batch)?;
        let pushed = marketplace.push(token, &PushRequest { operations: batch })?;
        store
            .write(|tx| {
                for outcome in &pushed.outcomes {
                    settle(tx, outcome, now, round)?;
                }
                Ok(())
            })
            .map_err(local)?;
    }
}

/// Numbers the actions never sent, after the last number given: the marketplace's order.
fn number_waiting(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let ids = tx
        .prepare_cached("SELECT id FROM outbox WHERE state = 'waiting' ORDER BY id")?
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        tx.prepare_cached(
            "UPDATE outbox SET state = 'sent', seq = (SELECT coalesce(max(seq), 0) + 1 FROM outbox) WHERE id = ?1",
        )?
        .execute([id])?;
    }
    Ok(())
}

/// The actions sent and not answered, in their numbers' order, as the marketplace takes them.
fn sent(conn: &Connection, key: &SecretKey) -> Result<Vec<PushedOperation>> {
    outboxed(conn, key, "state = 'sent' ORDER BY seq LIMIT ?1", MAX_OPERATIONS as i64)?
        .into_iter()
        .map(|row| {
            let seq = row.seq.ok_or_else(|| CoreError::Internal("a sent action has no number".into()))?;
            Ok(PushedOperation { seq, operation: row.operation, secret: row.secret, made_at: Some(row.made_at) })
        })
        .collect()
}

/// An outbox row: its operation as it travels, and its password opened.
struct Outboxed {
    id: i64,
    seq: Option<u32>,
    state: String,
    made_at: String,
    operation: Value,
    secret: Option<Secret>,
}

impl Outboxed {
    /// The operation made whole from the copy's own files, to apply on the copy.
    fn whole(&self, conn: &Connection) -> Result<Operation> {
        wire::whole(&self.operation, self.secret.as_ref(), &mut |sha| {
            Ok(conn
                .prepare_cached("SELECT bytes FROM attachments WHERE sha256 = ?1")?
                .query_row([sha], |r| r.get(0))
                .optional()?)
        })
    }
}

/// The outbox rows `filter` (an SQL condition and order, with one parameter) selects.
fn outboxed(conn: &Connection, key: &SecretKey, filter: &str, parameter: i64) -> Result<Vec<Outboxed>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT id, seq, state, made_at, operation, secret_nonce, secret_cipher FROM outbox WHERE {filter}"
        ))?
        .query_map([parameter], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<u32>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<Vec<u8>>>(5)?,
                r.get::<_, Option<Vec<u8>>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, seq, state, made_at, json, nonce, cipher)| {
            let secret = match (nonce, cipher) {
                (Some(nonce), Some(cipher)) => Some(key.open(&Sealed { nonce, cipher })?),
                _ => None,
            };
            let operation = serde_json::from_str(&json)
                .map_err(|e| CoreError::Internal(format!("an outbox operation is unreadable: {e}")))?;
            Ok(Outboxed { id, seq, state, made_at, operation, secret })
        })
        .collect()
}

/// The size of one part of a file sent to the marketplace: a part cut off is sent again.
const PART_BYTES: usize = 1024 * 1024;

/// Sends the marketplace every file `batch` names that it does not have whole, from where it
/// stopped.
fn send_files(
    conn: &Connection,
    marketplace: &dyn Marketplace,
    token: &str,
    batch: &[PushedOperation],
) -> std::result::Result<(), CallError> {
    let mut hashes: Vec<String> = batch.iter().flat_map(|p| wire::files(&p.operation)).collect();
    hashes.sort();
    hashes.dedup();
    for sha in hashes {
        let mut at = marketplace.received(token, &sha)?;
        if at.complete {
            continue;
        }
        let bytes: Vec<u8> = conn
            .query_row("SELECT bytes FROM attachments WHERE sha256 = ?1", [&sha], |r| r.get(0))
            .map_err(|e| local(e.into()))?;
        while !at.complete {
            let from = at.received as usize;
            let to = (from + PART_BYTES).min(bytes.len());
            at = marketplace.upload(token, &sha, bytes.len() as u64, from as u64, &bytes[from..to])?;
        }
    }
    Ok(())
}

/// Records an outcome; a refusal withdraws the actions after it on the same flow that were
/// never sent: they were made on what the refused one showed.
fn settle(tx: &Connection, outcome: &super::push::Outcome, now: DateTime<Utc>, round: &mut Round) -> Result<()> {
    let (id, order_id, state): (i64, u32, String) = tx
        .prepare_cached("SELECT id, order_id, state FROM outbox WHERE seq = ?1")?
        .query_row([outcome.seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if state != "sent" {
        return Ok(());
    }
    if outcome.applied {
        tx.prepare_cached("UPDATE outbox SET state = 'applied', settled_at = ?2 WHERE id = ?1")?
            .execute(params![id, text(now)])?;
        round.applied += 1;
        return Ok(());
    }
    tx.prepare_cached("UPDATE outbox SET state = 'refused', code = ?2, message = ?3, settled_at = ?4 WHERE id = ?1")?
        .execute(params![id, outcome.code, outcome.message, text(now)])?;
    round.refused += 1;
    let message = format!(
        "not sent: it followed {} on the same order, which the marketplace refused ({})",
        outcome.operation_id,
        outcome.message.as_deref().unwrap_or_default()
    );
    round.withdrawn += tx
        .prepare_cached(
            "UPDATE outbox SET state = 'withdrawn', code = ?3, message = ?4, settled_at = ?5
             WHERE order_id = ?1 AND id > ?2 AND state = 'waiting'",
        )?
        .execute(params![order_id, id, outcome.code, message, text(now)])? as u32;
    Ok(())
}

fn pull_all(
    store: &mut Store,
    services: &Services<'_>,
    marketplace: &dyn Marketplace,
    token: &str,
    round: &mut Round,
) -> std::result::Result<(), CallError> {
    let mut cursor = link(store.conn()).map_err(local)?.cursor;
    loop {
        let pulled = marketplace.pull(token, cursor, MAX_FLOWS)?;
        for flow in &pulled.flows {
            let mut files = HashMap::new();
            for rows in flow.tables.iter().filter(|t| t.table == "attachments") {
                for row in &rows.rows {
                    let sha = row.get("sha256").and_then(Value::as_str).unwrap_or_default().to_string();
                    let have: bool = store
                        .conn()
                        .query_row("SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)", [&sha], |r| r.get(0))
                        .map_err(|e| local(e.into()))?;
                    let bytes = if have {
                        store
                            .conn()
                            .query_row("SELECT bytes FROM attachments WHERE sha256 = ?1", [&sha], |r| r.get(0))
                            .map_err(|e| local(e.into()))?
                    } else {
                        let bytes = marketplace.file(token, &sha)?;
                        if sha256_hex(&bytes) != sha {
                            return Err(CallError::Unreachable(format!("the file {sha} arrived damaged")));
                        }
                        bytes
                    };
                    files.insert(sha, bytes);
                }
            }
            let now = store.clock(services.clock).map_err(local)?.now;
            let key = store.secret_key().clone();
            store
                .write(|tx| {
                    copy::replace(tx, flow, &files)?;
                    rebase(tx, &key, flow.order_id, now)
                })
                .map_err(local)?;
            round.pulled += 1;
        }
        cursor = pulled.cursor;
        store
            .write(|tx| {
                tx.execute("UPDATE marketplace_link SET cursor = ?1", [cursor])?;
                Ok(())
            })
            .map_err(local)?;
        if !pulled.more {
            return Ok(());
        }
    }
}

/// Applies again, on the marketplace's truth of `order_id`, the seller's actions on it not
/// answered yet. One the rules now refuse, never sent, is refused here already: the
/// marketplace would refuse it the same way.
fn rebase(tx: &Connection, key: &SecretKey, order_id: u32, now: DateTime<Utc>) -> Result<()> {
    let filter = "order_id = ?1 AND (state = 'waiting' OR state = 'sent') ORDER BY id";
    for row in outboxed(tx, key, filter, i64::from(order_id))? {
        let at = action_time(tx, order_id, now)?;
        tx.execute_batch("SAVEPOINT rebase")?;
        let operation = row.whole(tx)?;
        match supervision::apply(tx, key, &operation, at) {
            Ok(_) => tx.execute_batch("RELEASE rebase")?,
            Err(err) => {
                tx.execute_batch("ROLLBACK TO rebase; RELEASE rebase")?;
                if matches!(err.code(), crate::ErrorCode::Storage | crate::ErrorCode::Internal) {
                    return Err(err);
                }
                if row.state == "waiting" {
                    tx.prepare_cached(
                        "UPDATE outbox SET state = 'refused', code = ?2, message = ?3, settled_at = ?4 WHERE id = ?1",
                    )?
                    .execute(params![row.id, err.code().as_str(), err.to_string(), text(now)])?;
                }
            }
        }
    }
    Ok(())
}
