//! Proof files a laptop sends before the operations that name them (R-SYNC-2): by SHA-256, in
//! parts that go on from what arrived, a no-op for a file the marketplace has. The last part
//! completes the file only if the bytes' SHA-256 is the name they were sent under; otherwise
//! what arrived is dropped and the file is sent again from the start.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::enrol::Device;
use crate::orders::Services;
use crate::supervision::proof::{sha256_hex, MAX_PDF_BYTES};
use crate::timers::text;
use crate::{CoreError, Result, Store};

/// The largest file a laptop may send: the largest proof there is.
pub const MAX_FILE_BYTES: u64 = MAX_PDF_BYTES as u64;

/// How much of a file the marketplace has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Received {
    pub sha256: String,
    /// Bytes received so far: where the next part starts.
    pub received: u64,
    pub complete: bool,
}

fn check_hash(sha256: &str) -> Result<()> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(CoreError::invalid(format!("{sha256:?} is not a SHA-256 in lowercase hex")));
    }
    Ok(())
}

/// Whether the marketplace already has `sha256` for `device`'s seller: in its flows, or sent
/// whole by one of its laptops.
pub(crate) fn known(conn: &Connection, device: &Device, sha256: &str) -> Result<Option<Vec<u8>>> {
    let kept: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT a.bytes FROM attachments a WHERE a.sha256 = ?1 AND EXISTS (
                 SELECT 1 FROM operation_attachments oa JOIN flow_operations f ON f.id = oa.operation_id
                 JOIN orders o ON o.id = f.order_id WHERE oa.sha256 = a.sha256 AND o.seller_id = ?2)",
        )?
        .query_row(params![sha256, device.seller_id], |r| r.get(0))
        .optional()?;
    if kept.is_some() {
        return Ok(kept);
    }
    Ok(conn
        .prepare_cached(
            "SELECT u.bytes FROM device_uploads u JOIN seller_devices d ON d.id = u.device_id
             WHERE u.sha256 = ?1 AND u.complete = 1 AND d.seller_id = ?2",
        )?
        .query_row(params![sha256, device.seller_id], |r| r.get(0))
        .optional()?)
}

/// How much of `sha256` the marketplace has from `device`'s seller.
pub fn received(conn: &Connection, device: &Device, sha256: &str) -> Result<Received> {
    check_hash(sha256)?;
    if let Some(bytes) = known(conn, device, sha256)? {
        return Ok(Received { sha256: sha256.to_string(), received: bytes.len() as u64, complete: true });
    }
    let partial: Option<i64> = conn
        .prepare_cached("SELECT length(bytes) FROM device_uploads WHERE sha256 = ?1 AND device_id = ?2")?
        .query_row(params![sha256, device.id], |r| r.get(0))
        .optional()?;
    Ok(Received { sha256: sha256.to_string(), received: partial.unwrap_or(0) as u64, complete: false })
}

/// Takes `part` of the file `sha256` of `size` bytes, starting at `offset`, which must be where
/// what arrived ends.
pub fn upload(
    store: &mut Store,
    services: &Services<'_>,
    device: &Device,
    sha256: &str,
    size: u64,
    offset: u64,
    part: &[u8],
) -> Result<Received> {
    check_hash(sha256)?;
    if !(1..=MAX_FILE_BYTES).contains(&size) {
        return Err(CoreError::invalid(format!("a file is 1 byte to {} MiB, not {size} bytes", MAX_FILE_BYTES >> 20)));
    }
    if part.is_empty() || offset + part.len() as u64 > size {
        return Err(CoreError::invalid(format!(
            "a part of {} bytes from {offset} does not fit a file of {size} bytes",
            part.len()
        )));
    }
    let now = store.clock(services.clock)?.now;
    store.write(|tx| {
        let so_far = received(tx, device, sha256)?;
        if so_far.complete {
            return Ok(Ok(so_far));
        }
        if offset != so_far.received {
            return Err(CoreError::OutOfSequence(format!(
                "the marketplace has {} bytes of {sha256}: send from there",
                so_far.received
            )));
        }
        let (announced, mut bytes): (i64, Vec<u8>) = tx
            .prepare_cached("SELECT size, bytes FROM device_uploads WHERE sha256 = ?1 AND device_id = ?2")?
            .query_row(params![sha256, device.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((size as i64, Vec::new()));
        if announced as u64 != size {
            return Err(CoreError::invalid(format!(
                "the file {sha256} was announced as {announced} bytes, not {size}"
            )));
        }
        bytes.extend_from_slice(part);
        let complete = bytes.len() as u64 == size;
        if complete && sha256_hex(&bytes) != sha256 {
            // Dropped for good, though the part is refused: what arrived is worth nothing.
            tx.prepare_cached("DELETE FROM device_uploads WHERE sha256 = ?1 AND device_id = ?2")?
                .execute(params![sha256, device.id])?;
            return Ok(Err(CoreError::invalid(format!(
                "the file {sha256} arrived damaged (its bytes hash to {}): send it again from the start",
                sha256_hex(&bytes)
            ))));
        }
        tx.prepare_cached(
            "INSERT INTO device_uploads (sha256, device_id, size, bytes, complete, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (sha256, device_id) DO UPDATE SET bytes = excluded.bytes, complete = excluded.complete,
                updated_at = excluded.updated_at",
        )?
        .execute(params![sha256, device.id, size as i64, bytes, complete, text(now)])?;
        Ok(Ok(Received { sha256: sha256.to_string(), received: bytes.len() as u64, complete }))
    })?
}
