//! Putting a flow pulled from the marketplace into a laptop's copy: the copy's rows of that
//! order are replaced by the marketplace's, whole, in one transaction; then the seller's
//! actions not answered yet are applied again on top, so the copy shows the marketplace's
//! truth and what still waits to reach it.

use std::collections::HashMap;

use rusqlite::{params_from_iter, Connection};
use serde_json::Value;

use super::pull::FlowCopy;
use crate::{CoreError, Result};

/// The tables a flow's copy may write, in the order their rows are put back (what a row
/// refers to comes first).
const TABLES: [&str; 8] = [
    "accounts",
    "orders",
    "order_events",
    "service_flows",
    "flow_operations",
    "attachments",
    "operation_attachments",
    "unsubscriptions",
];

/// Replaces the copy's rows of `flow.order_id` with `flow`'s. `files` holds the bytes of every
/// file it names, by SHA-256.
pub(crate) fn replace(tx: &Connection, flow: &FlowCopy, files: &HashMap<String, Vec<u8>>) -> Result<()> {
    for rows in &flow.tables {
        if !TABLES.contains(&rows.table.as_str()) {
            return Err(CoreError::Internal(format!(
                "a pulled flow names the table {:?}, which a copy never holds",
                rows.table
            )));
        }
    }
    // The order's rows go, and with them (by their foreign keys) its events, flow, records,
    // files' names, unsubscription requests and whatever the copy made of them.
    tx.prepare_cached("DELETE FROM orders WHERE id = ?1")?.execute([flow.order_id])?;
    for table in TABLES {
        for rows in flow.tables.iter().filter(|t| t.table == table) {
            let known = columns(tx, table)?;
            for row in &rows.rows {
                let mut names = Vec::with_capacity(row.len());
                let mut values = Vec::with_capacity(row.len() + 1);
                for (name, value) in row {
                    if !known.iter().any(|k| k == name) {
                        return Err(CoreError::Internal(format!(
                            "a pulled {table} row has a column {name:?} this version does not know: update the app"
                        )));
                    }
                    names.push(name.as_str());
                    values.push(sql_value(value)?);
                }
                if table == "attachments" {
                    let sha = row.get("sha256").and_then(Value::as_str).unwrap_or_default();
                    let bytes = files.get(sha).ok_or_else(|| {
                        CoreError::Internal(format!("the file {sha} of order {} was not fetched", flow.order_id))
                    })?;
                    names.push("bytes");
                    values.push(rusqlite::types::Value::Blob(bytes.clone()));
                }
                let marks = vec!["?"; names.len()].join(", ");
                let list = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
                let on_conflict = match table {
                    // A buyer and a file are shared by several orders: refreshed, not repeated.
                    "accounts" => format!(
                        " ON CONFLICT (id) DO UPDATE SET {}",
                        names.iter().map(|n| format!("\"{n}\" = excluded.\"{n}\"")).collect::<Vec<_>>().join(", ")
                    ),
                    "attachments" => " ON CONFLICT (sha256) DO NOTHING".to_string(),
                    _ => String::new(),
                };
                tx.prepare_cached(&format!("INSERT INTO {table} ({list}) VALUES ({marks}){on_conflict}"))?
                    .execute(params_from_iter(values))?;
            }
        }
    }
    Ok(())
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?)
}

fn sql_value(value: &Value) -> Result<rusqlite::types::Value> {
    use rusqlite::types::Value as Sql;
    Ok(match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Sql::Integer(i),
            (None, Some(f)) => Sql::Real(f),
            _ => return Err(CoreError::Internal(format!("a pulled number {n} does not fit"))),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => return Err(CoreError::Internal(format!("a pulled value {other} is not a column's"))),
    })
}
