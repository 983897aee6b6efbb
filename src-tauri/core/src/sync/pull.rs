//! What a seller's laptop pulls (R-SYNC-4): the service flows of its seller that changed after
//! its cursor, each whole, as the marketplace has it now.
//!
//! The marketplace numbers every change of a flow (`seller_changes`, written by triggers, so
//! a buyer's acceptance, the clock's completion and a settlement count alike); a pull answers
//! with the flows changed after the cursor, in the order of their latest change, and the
//! cursor to ask from next. A flow comes whole (its order, its state, every record, the names
//! and hashes of its files, its unsubscription requests), so the laptop replaces its copy of
//! it rather than merging; the files' bytes are fetched by their hash.
//!
//! The buyer appears by name; its email and mobile only where it shared them with the seller
//! in an unsubscription request.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::enrol::Device;
use crate::{CoreError, Result};

/// The most flows one pull answers with; `more` says when there are others.
pub const MAX_FLOWS: u32 = 100;

/// The rows of one table that belong to a flow, each as column → value. Files' bytes never
/// travel here: only their names, hashes and sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    pub table: String,
    pub rows: Vec<Map<String, Value>>,
}

/// One flow as the marketplace has it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowCopy {
    pub order_id: u32,
    pub tables: Vec<TableRows>,
}

/// The answer to a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub flows: Vec<FlowCopy>,
    /// Where to pull from next.
    pub cursor: i64,
    /// True when more flows changed than this answer carries.
    pub more: bool,
}

/// The flows of `device`'s seller changed after `cursor`, at most `limit` of them.
pub fn pull(conn: &Connection, device: &Device, cursor: i64, limit: u32) -> Result<Pulled> {
    if !(1..=MAX_FLOWS).contains(&limit) {
        return Err(CoreError::invalid(format!("limit: 1 to {MAX_FLOWS} flows")));
    }
    let latest: i64 = conn.query_row("SELECT coalesce(max(cursor), 0) FROM seller_changes", [], |r| r.get(0))?;
    if cursor < 0 || cursor > latest {
        return Err(CoreError::OutOfSequence(format!(
            "cursor {cursor} is not one this marketplace gave: it has changes up to {latest}; pull from 0 to start over"
        )));
    }
    let changed = conn
        .prepare_cached(
            "SELECT order_id, max(cursor) AS last FROM seller_changes WHERE seller_id = ?1 AND cursor > ?2
             GROUP BY order_id ORDER BY last LIMIT ?3",
        )?
        .query_map(params![device.seller_id, cursor, i64::from(limit) + 1], |r| Ok((r.get::<_, u32>(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(u32, i64)>>>()?;
    let more = changed.len() > limit as usize;
    let taken = &changed[..changed.len().min(limit as usize)];
    let next = match (taken.last(), more) {
        (Some((_, last)), true) => *last,
        // Everything of this seller's is in: the cursor moves to the marketplace's latest, past
        // the other sellers' changes too.
        _ => latest,
    };
    let flows = taken.iter().map(|(order_id, _)| copy(conn, *order_id)).collect::<Result<Vec<_>>>()?;
    Ok(Pulled { flows, cursor: next, more })
}

/// Order `order_id`'s flow, whole.
fn copy(conn: &Connection, order_id: u32) -> Result<FlowCopy> {
    let of_flow = "operation_id IN (SELECT id FROM flow_operations WHERE order_id = ?1)";
    let tables = [
        ("orders", "SELECT *, NULL AS card_id FROM orders WHERE id = ?1".to_string()),
        ("order_events", "SELECT * FROM order_events WHERE order_id = ?1 ORDER BY id".to_string()),
        ("service_flows", "SELECT * FROM service_flows WHERE order_id = ?1".to_string()),
        ("flow_operations", "SELECT * FROM flow_operations WHERE order_id = ?1 ORDER BY position".to_string()),
        (
            "operation_attachments",
            format!("SELECT * FROM operation_attachments WHERE {of_flow} ORDER BY operation_id, position"),
        ),
        (
            "attachments",
            format!(
                "SELECT sha256, mime, size FROM attachments
                 WHERE sha256 IN (SELECT sha256 FROM operation_attachments WHERE {of_flow}) ORDER BY sha256"
            ),
        ),
        ("unsubscriptions", "SELECT * FROM unsubscriptions WHERE order_id = ?1 ORDER BY id".to_string()),
    ];
    let mut copied = vec![buyer(conn, order_id)?];
    for (table, sql) in tables {
        let mut found = rows(conn, &sql, order_id)?;
        // The marketplace's own row numbers of events and records mean nothing on a copy, and
        // would collide with its own: a copy numbers them itself.
        let local = match table {
            "order_events" => Some("id"),
            "flow_operations" => Some("seq"),
            _ => None,
        };
        if let Some(column) = local {
            found.iter_mut().for_each(|row| {
                row.remove(column);
            });
        }
        copied.push(TableRows { table: table.to_string(), rows: found });
    }
    Ok(FlowCopy { order_id, tables: copied })
}

/// The order's buyer as its seller may see it: the contact only where the buyer shared it.
fn buyer(conn: &Connection, order_id: u32) -> Result<TableRows> {
    let sql = "SELECT a.id, a.name, a.kind, a.time_zone,
                      CASE WHEN shared THEN a.email ELSE '' END AS email,
                      CASE WHEN shared THEN a.mobile ELSE '' END AS mobile,
                      '' AS iam_user
               FROM (SELECT o.account_id,
                            EXISTS (SELECT 1 FROM unsubscriptions u WHERE u.order_id = o.id AND u.share_contact = 1) AS shared
                     FROM orders o WHERE o.id = ?1) b
               JOIN accounts a ON a.id = b.account_id";
    Ok(TableRows { table: "accounts".to_string(), rows: rows(conn, sql, order_id)? })
}

fn rows(conn: &Connection, sql: &str, order_id: u32) -> Result<Vec<Map<String, Value>>> {
    let mut statement = conn.prepare_cached(sql)?;
    let names: Vec<String> = statement.column_names().into_iter().map(String::from).collect();
    let mut rows = statement.query([order_id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            // `SELECT *, NULL AS card_id` names card_id twice: the later one wins.
            map.insert(name.clone(), value(row.get_ref(i)?)?);
        }
        out.push(map);
    }
    Ok(out)
}

fn value(raw: ValueRef<'_>) -> Result<Value> {
    Ok(match raw {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::from(n),
        ValueRef::Real(x) => Value::from(x),
        ValueRef::Text(bytes) => Value::from(
            std::str::from_utf8(bytes).map_err(|_| CoreError::Internal("a stored text is not UTF-8".into()))?,
        ),
        ValueRef::Blob(_) => return Err(CoreError::Internal("a flow's copy never carries file bytes".into())),
    })
}

/// The bytes of the file `sha256`, for a laptop of a seller whose flows name it.
pub fn file(conn: &Connection, device: &Device, sha256: &str) -> Result<Vec<u8>> {
    conn.prepare_cached(
        "SELECT a.bytes FROM attachments a WHERE a.sha256 = ?1 AND EXISTS (
             SELECT 1 FROM operation_attachments oa JOIN flow_operations f ON f.id = oa.operation_id
             JOIN orders o ON o.id = f.order_id WHERE oa.sha256 = a.sha256 AND o.seller_id = ?2)",
    )?
    .query_row(params![sha256, device.seller_id], |r| r.get(0))
    .optional()?
    .ok_or_else(|| CoreError::not_found(format!("the file {sha256} in this seller's flows")))
}
