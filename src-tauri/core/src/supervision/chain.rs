//! The operation records of a flow are tamper-evident: each keeps the SHA-256 of the one before
//! it (the first, of 64 zeros) and its own SHA-256 over every field and the hash and size of
//! each of its files. [`verify`] walks the chain and re-hashes every file, so a record changed,
//! removed or re-ordered, or a file swapped, is found.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::proof::{self, AttachmentInfo};
use crate::Result;

/// What the first record of a flow names as the one before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields a record's hash covers, in a fixed order.
#[derive(Serialize)]
pub(crate) struct Hashed<'a> {
    pub id: &'a str,
    pub order_id: u32,
    pub position: u32,
    pub actor_role: &'a str,
    pub actor_id: &'a str,
    pub action: &'a str,
    pub remark: Option<&'a str>,
    pub details: &'a str,
    pub state_before: &'a str,
    pub state_after: &'a str,
    pub at: &'a str,
    /// (name, SHA-256, size) of each file, in order.
    pub attachments: Vec<(&'a str, &'a str, u32)>,
    pub prev_hash: &'a str,
}

impl Hashed<'_> {
    pub fn hash(&self) -> String {
        // Serialising a struct of strings and numbers cannot fail.
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        proof::sha256_hex(&canonical)
    }
}

/// What a walk of a flow's chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainReport {
    pub order_id: u32,
    pub records: u32,
    pub files: u32,
    /// True when every link and every file checks.
    pub intact: bool,
    /// What does not check, record by record.
    pub problems: Vec<String>,
    /// The last record's hash: the flow's fingerprint as it stands.
    pub head: String,
}

/// Walks the records of the flow of order `order_id` and re-hashes their files.
pub fn verify(conn: &Connection, order_id: u32) -> Result<ChainReport> {
    type Row = (String, u32, String, String, String, Option<String>, String, String, String, String, String, String);
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT id, position, actor_role, actor_id, action, remark, details, state_before, state_after, at,
                    prev_hash, hash
             FROM flow_operations WHERE order_id = ?1 ORDER BY position",
        )?
        .query_map([order_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut problems = Vec::new();
    let mut previous = GENESIS.to_string();
    let mut files = 0;
    for (expected, row) in (1u32..).zip(&rows) {
        let (id, position, role, actor, action, remark, details, before, after, at, prev_hash, hash) = row;
        if *position != expected {
            problems.push(format!("record {expected} is missing (found {position} in its place)"));
        }
        if *prev_hash != previous {
            problems.push(format!("record {position} ({action}) does not follow the record before it"));
        }
        let attachments: Vec<AttachmentInfo> = proof::of_operation(conn, id)?;
        for file in &attachments {
            files += 1;
            let bytes: Vec<u8> =
                conn.query_row("SELECT bytes FROM attachments WHERE sha256 = ?1", params![file.sha256], |r| r.get(0))?;
            if proof::sha256_hex(&bytes) != file.sha256 || bytes.len() as u32 != file.size {
                problems.push(format!("record {position}: the file {} is not the one attached", file.name));
            }
        }
        let recomputed = Hashed {
            id,
            order_id,
            position: *position,
            actor_role: role,
            actor_id: actor,
            action,
            remark: remark.as_deref(),
            details,
            state_before: before,
            state_after: after,
            at,
            attachments: attachments.iter().map(|f| (f.name.as_str(), f.sha256.as_str(), f.size)).collect(),
            prev_hash,
        }
        .hash();
        if recomputed != *hash {
            problems.push(format!("record {position} ({action}) was changed after it was written"));
        }
        previous = hash.clone();
    }
    Ok(ChainReport {
        order_id,
        records: rows.len() as u32,
        files,
        intact: problems.is_empty(),
        problems,
        head: previous,
    })
}
