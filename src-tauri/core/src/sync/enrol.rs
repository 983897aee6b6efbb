//! Enrolling a seller's laptop (R-SYNC-5): a one-time code, valid for a day, exchanged once for
//! a device token; the token then names the device on every call until it is revoked.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::hashed;
use crate::orders::Services;
use crate::roles::{self, Role};
use crate::timers::text;
use crate::{CoreError, Result, Store};

/// How long an enrolment code can be used.
pub const CODE_VALID_HOURS: i64 = 24;
/// Letters and digits that cannot be mistaken for one another when read out or typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_GROUPS: usize = 3;
const CODE_GROUP_LEN: usize = 4;
/// The longest name a device may give itself.
pub const MAX_DEVICE_NAME_CHARS: usize = 100;
const TOKEN_PREFIX: &str = "kgd_";

/// A code to enrol one laptop of a seller, as the operations manager reads it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EnrolmentCode {
    /// Three groups of four, like `K7QM-2XHP-9TRA`.
    pub code: String,
    pub seller_id: String,
    pub expires_at: String,
    /// Where the laptop finds the marketplace, to give with the code; none until `kg serve`
    /// has run on this store.
    pub served: Option<ServedAt>,
}

/// What a laptop gets for its code: the token it keeps (shown once, never stored in plain by
/// the marketplace) and whom it acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub token: String,
    pub device: Device,
}

/// An enrolled laptop, as the marketplace knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Device {
    pub id: u32,
    pub seller_id: String,
    pub name: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    /// The number of the last operation it pushed.
    pub last_seq: u32,
    pub last_seen_at: Option<String>,
}

const DEVICE_SELECT: &str =
    "SELECT id, seller_id, name, enrolled_at, revoked_at, last_seq, last_seen_at FROM seller_devices";

fn read_device(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        seller_id: r.get(1)?,
        name: r.get(2)?,
        enrolled_at: r.get(3)?,
        revoked_at: r.get(4)?,
        last_seq: r.get(5)?,
        last_seen_at: r.get(6)?,
    })
}

/// A code as typed: case, spaces and dashes do not matter.
fn normalized(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// Issues a one-time enrolment code for `seller_id`; only the operations manager may.
pub fn issue_code(store: &mut Store, services: &Services<'_>, seller_id: &str) -> Result<EnrolmentCode> {
    let now = store.clock(services.clock)?.now;
    let mut raw = [0u8; CODE_GROUPS * CODE_GROUP_LEN];
    services.entropy.fill(&mut raw);
    let letters: String = raw.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    let code = letters
        .as_bytes()
        .chunks(CODE_GROUP_LEN)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-");
    let expires_at = text(now + Duration::hours(CODE_VALID_HOURS));
    store.write(|tx| {
        roles::require(tx, Role::OperationsManager, "enrol a seller's device")?;
        let known: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sellers WHERE id = ?1)")?
            .query_row([seller_id], |r| r.get(0))?;
        if !known {
            return Err(CoreError::not_found(format!("the seller {seller_id:?}")));
        }
        tx.prepare_cached(
            "INSERT INTO enrolment_codes (code_hash, seller_id, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![hashed(&normalized(&code)), seller_id, text(now), expires_at])?;
        Ok(EnrolmentCode { code, seller_id: seller_id.to_string(), expires_at, served: served_at(tx)? })
    })
}

/// Where a seller's laptop finds this marketplace: the address `kg serve` last listened on
/// and, when it serves TLS, its certificate's SHA-256, which the laptop pins at enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServedAt {
    pub address: String,
    pub fingerprint: Option<String>,
}

const SERVED_ADDRESS_KEY: &str = "served_address";
const SERVED_FINGERPRINT_KEY: &str = "served_fingerprint";

/// Remembers where the marketplace is served, so that an enrolment code can be given with
/// what the laptop needs beside it; the server says so each time it starts.
pub fn record_served(store: &mut Store, at: &ServedAt) -> Result<()> {
    store.write(|tx| {
        let mut put = tx.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        put.execute([SERVED_ADDRESS_KEY, &at.address])?;
        match &at.fingerprint {
            Some(fingerprint) => put.execute([SERVED_FINGERPRINT_KEY, fingerprint])?,
            // Served in the clear on loopback: a fingerprint kept from an earlier start would
            // name a certificate this address does not show.
            None => tx.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([SERVED_FINGERPRINT_KEY])?,
        };
        Ok(())
    })
}

/// Where the marketplace was last served, if it ever was.
pub fn served_at(conn: &Connection) -> Result<Option<ServedAt>> {
    let mut get = conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
    let Some(address) = get.query_row([SERVED_ADDRESS_KEY], |r| r.get(0)).optional()? else {
        return Ok(None);
    };
    let fingerprint = get.query_row([SERVED_FINGERPRINT_KEY], |r| r.get(0)).optional()?;
    Ok(Some(ServedAt { address, fingerprint }))
}

/// Exchanges `code` for a device token for a laptop called `device_name`. The code works once,
/// within a day of being issued.
pub fn enrol(store: &mut Store, services: &Services<'_>, code: &str, device_name: &str) -> Result<Enrolled> {
    let name = device_name.trim();
    if name.is_empty() || name.chars().count() > MAX_DEVICE_NAME_CHARS {
        return Err(CoreError::invalid(format!("device name: 1 to {MAX_DEVICE_NAME_CHARS} characters")));
    }
    let now = store.clock(services.clock)?.now;
    let mut raw = [0u8; 32];
    services.entropy.fill(&mut raw);
    let token = format!("{TOKEN_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw));
    store.write(|tx| {
        let found: Option<(String, String, Option<String>)> = tx
            .prepare_cached("SELECT seller_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?1")?
            .query_row([hashed(&normalized(code))], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (seller_id, expires_at, used_at) = found.ok_or_else(|| {
            CoreError::Unauthenticated("this enrolment code is not known: check it, or ask for a new one".into())
        })?;
        if used_at.is_some() {
            return Err(CoreError::Unauthenticated(
                "this enrolment code was already used; each code enrols one laptop, ask for a new one".into(),
            ));
        }
        if instant(&expires_at)? <= now {
            return Err(CoreError::Unauthenticated(format!(
                "this enrolment code expired at {expires_at}; ask for a new one"
            )));
        }
        tx.prepare_cached(
            "INSERT INTO seller_devices (seller_id, name, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![seller_id, name, hashed(&token), text(now)])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("UPDATE enrolment_codes SET used_at = ?2, device_id = ?3 WHERE code_hash = ?1")?
            .execute(params![hashed(&normalized(code)), text(now), id])?;
        let device = tx.prepare_cached(&format!("{DEVICE_SELECT} WHERE id = ?1"))?.query_row([id], read_device)?;
        Ok(Enrolled { token: token.clone(), device })
    })
}

fn instant(value: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::Internal(format!("a stored time {value:?} is unreadable: {e}")))
}

/// The device `token` belongs to, while it is not revoked.
pub fn authenticate(conn: &Connection, token: &str) -> Result<Device> {
    let device = conn
        .prepare_cached(&format!("{DEVICE_SELECT} WHERE token_hash = ?1"))?
        .query_row([hashed(token.trim())], read_device)
        .optional()?
        .ok_or_else(|| CoreError::Unauthenticated("this device is not enrolled with the marketplace".into()))?;
    if let Some(when) = &device.revoked_at {
        return Err(CoreError::Unauthenticated(format!(
            "this device's access was revoked on {when}; enrol it again with a new code"
        )));
    }
    Ok(device)
}

/// Revokes device `id`: its token is refused from now on. Only the operations manager may.
pub fn revoke(store: &mut Store, services: &Services<'_>, id: u32) -> Result<Device> {
    let now = store.clock(services.clock)?.now;
    store.write(|tx| {
        roles::require(tx, Role::OperationsManager, "revoke a seller's device")?;
        let changed = tx
            .prepare_cached("UPDATE seller_devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1")?
            .execute(params![id, text(now)])?;
        if changed == 0 {
            return Err(CoreError::not_found(format!("device {id}")));
        }
        Ok(tx.prepare_cached(&format!("{DEVICE_SELECT} WHERE id = ?1"))?.query_row([id], read_device)?)
    })
}

/// The enrolled devices, of one seller or of all, the newest first.
pub fn devices(conn: &Connection, seller_id: Option<&str>) -> Result<Vec<Device>> {
    Ok(conn
        .prepare_cached(&format!("{DEVICE_SELECT} WHERE ?1 IS NULL OR seller_id = ?1 ORDER BY id DESC"))?
        .query_map([seller_id], read_device)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
