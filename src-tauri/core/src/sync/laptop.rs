//! The seller's laptop (R-SYNC-1): a store that is a copy of its seller's part of a
//! marketplace. `connect` makes it one with an enrolment code; `act` applies the seller's
//! action to the copy by the same rules as the marketplace and keeps it in the outbox, in one
//! transaction, shown at once as waiting to sync.
//!
//! The marketplace owns time: a copy fires no timer of its own (`is_copy` stops the
//! scheduler); what the clock does to a flow arrives with the next pull.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::served::{CallError, Marketplace, Welcome};
use crate::orders::Services;
use crate::roles::{self, Role, RoleChoice};
use crate::store::secrets::{Sealed, Secret};
use crate::supervision::{self, Action, Actor, Operation};
use crate::timers::text;
use crate::{CoreError, Result, Store};

/// The marketplace a copy belongs to, as its screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Link {
    pub address: String,
    pub fingerprint: Option<String>,
    pub seller_id: String,
    pub device_id: u32,
    /// Where the next pull starts in the marketplace's changes; the screens have no use for it.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub cursor: i64,
    pub connected_at: String,
    pub last_synced_at: Option<String>,
    pub last_error: Option<String>,
}

/// True when this store is a seller's copy of a marketplace.
pub fn is_copy(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM marketplace_link)")?.query_row([], |r| r.get(0))?)
}

/// The link of this copy.
pub fn link(conn: &Connection) -> Result<Link> {
    conn.prepare_cached(
        "SELECT address, fingerprint, seller_id, device_id, cursor, connected_at, last_synced_at, last_error
         FROM marketplace_link",
    )?
    .query_row([], |r| {
        Ok(Link {
            address: r.get(0)?,
            fingerprint: r.get(1)?,
            seller_id: r.get(2)?,
            device_id: r.get(3)?,
            cursor: r.get(4)?,
            connected_at: r.get(5)?,
            last_synced_at: r.get(6)?,
            last_error: r.get(7)?,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::not_found("a marketplace this store is a copy of (connect it first)"))
}

/// The device token, opened from its seal.
pub(crate) fn token(store: &Store) -> Result<Secret> {
    let (nonce, cipher): (Vec<u8>, Vec<u8>) = store
        .conn()
        .query_row("SELECT token_nonce, token_cipher FROM marketplace_link", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::not_found("a marketplace this store is a copy of (connect it first)"))?;
    store.secret_key().open(&Sealed { nonce, cipher })
}

/// Makes this store — new, with nothing in it — a copy of the marketplace at `address` for the
/// seller whose enrolment `code` it is, acting as that seller from now on.
pub fn connect(
    store: &mut Store,
    services: &Services<'_>,
    marketplace: &dyn Marketplace,
    address: &str,
    fingerprint: Option<&str>,
    code: &str,
    device_name: &str,
) -> Result<Link> {
    let empty: bool = store.conn().query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM marketplace_link)",
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Err(CoreError::Conflict(
            "this data file already holds a marketplace or a copy of one: connect a new data file".into(),
        ));
    }
    let now = store.clock(services.clock)?.now;
    let welcome = marketplace.enrol(code, device_name).map_err(refusal)?;
    let Welcome { token, device_id, seller } = welcome;
    let sealed = store.secret_key().seal(&Secret::new(token))?;
    store.write(|tx| {
        tx.prepare_cached(
            "INSERT INTO sellers (id, name, email, phone, support_hours) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
                support_hours = excluded.support_hours",
        )?
        .execute(params![seller.id, seller.name, seller.email, seller.phone, seller.support_hours])?;
        tx.prepare_cached(
            "INSERT INTO marketplace_link (id, address, fingerprint, seller_id, device_id, token_nonce, token_cipher,
                                           connected_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            address,
            fingerprint,
            seller.id,
            device_id,
            sealed.nonce,
            sealed.cipher,
            text(now)
        ])?;
        roles::switch_in(tx, &RoleChoice::Seller { seller_id: seller.id.clone() })?;
        link(tx)
    })
}

/// A call's failure as the core says it: a refusal with its code, or unreachable.
pub(crate) fn refusal(err: CallError) -> CoreError {
    match err {
        CallError::Refused { code, message } => match code.as_str() {
            "unauthenticated" => CoreError::Unauthenticated(message),
            "not_found" => CoreError::not_found(message),
            "invalid_input" => CoreError::invalid(message),
            "forbidden" => CoreError::Forbidden(message),
            "out_of_sequence" => CoreError::OutOfSequence(message),
            _ => CoreError::Conflict(message),
        },
        CallError::Unreachable(why) => {
            CoreError::Io { context: "the marketplace cannot be reached".into(), source: std::io::Error::other(why) }
        }
    }
}

/// What the seller did on its copy, as the outbox and the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Pending {
    pub id: u32,
    pub operation_id: String,
    pub order_id: u32,
    pub action: String,
    pub made_at: String,
    /// `waiting` (not sent yet), `sent` (no answer yet), `applied`, `refused` (a conflict) or
    /// `withdrawn` (it followed a refused action on the same flow).
    pub state: String,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Applies the seller's `action` to the copy's flow of `order_id` and keeps it to sync, at the
/// laptop's time (never before the flow's last record: the laptop's clock may be behind),
/// under `operation_id` (a new one when absent). The same id again answers as the first time.
pub fn act(
    store: &mut Store,
    services: &Services<'_>,
    order_id: u32,
    operation_id: Option<String>,
    action: Action,
) -> Result<Pending> {
    let link = link(store.conn())?;
    let now = store.clock(services.clock)?.now;
    let id = operation_id.unwrap_or_else(|| supervision::new_operation_id(services.entropy));
    if let Some(earlier) = store
        .conn()
        .prepare_cached(&format!("{PENDING_SELECT} WHERE operation_id = ?1"))?
        .query_row([&id], read_pending)
        .optional()?
    {
        return Ok(earlier);
    }
    let key = store.secret_key().clone();
    let secret = match &action {
        Action::Deliver(delivery) => delivery.app.as_ref().map(|app| key.seal(&app.initial_password)).transpose()?,
        _ => None,
    };
    store.write(|tx| {
        let at = action_time(tx, order_id, now)?;
        let op = Operation {
            id: id.clone(),
            order_id,
            actor: Actor { role: Role::Seller, id: link.seller_id.clone() },
            action,
        };
        supervision::apply(tx, &key, &op, at)?;
        let json = serde_json::to_string(&op)
            .map_err(|e| CoreError::Internal(format!("an operation could not be written down: {e}")))?;
        tx.prepare_cached(
            "INSERT INTO outbox (operation_id, order_id, operation, secret_nonce, secret_cipher, made_at, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'waiting')",
        )?
        .execute(params![
            id,
            order_id,
            json,
            secret.as_ref().map(|s| s.nonce.clone()),
            secret.as_ref().map(|s| s.cipher.clone()),
            text(at)
        ])?;
        pending_one(tx, &id)
    })
}

/// When an action on the copy's flow of `order_id` happens: now by the laptop's clock, or at
/// the flow's last record if the clock is behind it, since records are kept in time order.
pub(crate) fn action_time(conn: &Connection, order_id: u32, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(at) FROM flow_operations WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))?;
    Ok(match last.as_deref().map(crate::subscriptions::instant).transpose()? {
        Some(last) if last > now => last,
        _ => now,
    })
}

const PENDING_SELECT: &str =
    "SELECT id, operation_id, order_id, json_extract(operation, '$.action.action'), made_at, state, code, message FROM outbox";

fn read_pending(r: &rusqlite::Row<'_>) -> rusqlite::Result<Pending> {
    Ok(Pending {
        id: r.get(0)?,
        operation_id: r.get(1)?,
        order_id: r.get(2)?,
        action: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        made_at: r.get(4)?,
        state: r.get(5)?,
        code: r.get(6)?,
        message: r.get(7)?,
    })
}

fn pending_one(conn: &Connection, operation_id: &str) -> Result<Pending> {
    Ok(conn
        .prepare_cached(&format!("{PENDING_SELECT} WHERE operation_id = ?1"))?
        .query_row([operation_id], read_pending)?)
}

/// The actions not answered yet (waiting or sent), in the order they were made.
pub fn waiting(conn: &Connection) -> Result<Vec<Pending>> {
    Ok(conn
        .prepare_cached(&format!("{PENDING_SELECT} WHERE state = 'waiting' OR state = 'sent' ORDER BY id"))?
        .query_map([], read_pending)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The actions the marketplace refused, and those withdrawn with them: the conflicts to look
/// at, the newest first.
pub fn conflicts(conn: &Connection) -> Result<Vec<Pending>> {
    Ok(conn
        .prepare_cached(&format!("{PENDING_SELECT} WHERE state = 'refused' OR state = 'withdrawn' ORDER BY id DESC"))?
        .query_map([], read_pending)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Where a seller's copy stands, as the top bar and the sync screen show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Status {
    pub link: Link,
    /// True when the last attempt reached the marketplace.
    pub online: bool,
    /// The actions not answered yet, in the order they were made.
    pub waiting: Vec<Pending>,
    /// How many actions the marketplace refused or withdrew with a refusal.
    pub conflicts: u32,
}

/// The copy's status, or `None` when this store is not a seller's copy.
pub fn status(conn: &Connection) -> Result<Option<Status>> {
    if !is_copy(conn)? {
        return Ok(None);
    }
    let link = link(conn)?;
    let conflicts = conn
        .prepare_cached("SELECT count(*) FROM outbox WHERE state = 'refused' OR state = 'withdrawn'")?
        .query_row([], |r| r.get(0))?;
    Ok(Some(Status {
        online: link.last_error.is_none() && link.last_synced_at.is_some(),
        waiting: waiting(conn)?,
        conflicts,
        link,
    }))
}

/// Notes that the marketplace could not be reached, without a round (the app looks first,
/// so as not to hold the store while a far address times out).
pub fn note_unreachable(store: &mut Store, why: &str) -> Result<()> {
    store.write(|tx| {
        tx.execute("UPDATE marketplace_link SET last_error = ?1", [why])?;
        Ok(())
    })
}

/// How long a laptop waits before its next sync: `ONLINE_EVERY` while the marketplace answers,
/// and after `failures` attempts in a row that could not reach it, 5 s doubled each time up to
/// 5 minutes, so that a laptop offline all day does not knock every few seconds.
pub fn next_sync_in(failures: u32) -> std::time::Duration {
    if failures == 0 {
        return ONLINE_EVERY;
    }
    let seconds = 5u64.saturating_mul(1 << failures.saturating_sub(1).min(16));
    std::time::Duration::from_secs(seconds.min(300))
}

/// How often a laptop that is online asks for what changed on the marketplace.
pub const ONLINE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// The file a seller's copy is kept in by the app: beside the data file `data_file`, named
/// after it (`koogallery.db` → `koogallery.seller-copy.db`). While it exists the app opens it
/// instead; the data file itself is left as it was.
pub fn copy_path(data_file: &std::path::Path) -> std::path::PathBuf {
    let stem = data_file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "koogallery".into());
    data_file.with_file_name(format!("{stem}.seller-copy.db"))
}
