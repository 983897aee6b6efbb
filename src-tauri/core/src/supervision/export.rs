//! A case file for the parties: a flow's records, its files and the walk of its chain, written
//! into a new folder, so that the buyer, the seller or the operations manager can keep or send
//! what the decision was made on. Each file's SHA-256 is in the records, so anyone can check
//! that what they hold is what was attached.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{proof, view};
use crate::{CoreError, Result};

fn io(context: String) -> impl FnOnce(std::io::Error) -> CoreError {
    move |source| CoreError::Io { context, source }
}

/// A file name that cannot leave its folder.
fn safe(name: &str) -> String {
    name.chars().map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c }).collect()
}

/// Writes the case file of order `order_id` into a new folder inside `folder`
/// (`case-order-12`, or `case-order-12 (1)` when that exists) and returns its path.
pub fn export(conn: &Connection, order_id: u32, folder: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let detail = view::show(conn, order_id, now)?;
    std::fs::create_dir_all(folder).map_err(io(format!("cannot create the folder {}", folder.display())))?;
    let base = format!("case-order-{order_id}");
    let mut target = folder.join(&base);
    let mut n = 1;
    while target.exists() {
        target = folder.join(format!("{base} ({n})"));
        n += 1;
    }
    let files = target.join("files");
    std::fs::create_dir_all(&files).map_err(io(format!("cannot create the folder {}", files.display())))?;

    let mut timeline = format!(
        "Case file of order {order_id}: {} ({})\nBuyer: {}\nSeller: {}\nNow at: {}\nChain: {} records, {} files, {}\nHead: {}\n\n",
        detail.summary.product_name,
        detail.summary.step,
        detail.summary.buyer_name,
        detail.summary.seller_name,
        detail.summary.state,
        detail.chain.records,
        detail.chain.files,
        if detail.chain.intact { "intact".to_string() } else { format!("BROKEN: {}", detail.chain.problems.join("; ")) },
        detail.chain.head,
    );
    for record in &detail.records {
        timeline.push_str(&format!(
            "{}. {} — {} ({}): {}{}\n   {} → {}; hash {}\n",
            record.position,
            record.at,
            record.actor_name,
            record.actor_role,
            record.title,
            record.remark.as_deref().map(|r| format!(": {r}")).unwrap_or_default(),
            record.state_before,
            record.state_after,
            record.hash
        ));
        for file in &record.attachments {
            let (name, _, bytes) = proof::read(conn, &record.id, file.position)?;
            let saved = format!("{:02}-{}-{}", record.position, file.position, safe(&name));
            std::fs::write(files.join(&saved), bytes).map_err(io(format!("cannot write {saved}")))?;
            timeline.push_str(&format!("   file files/{saved} ({} bytes, SHA-256 {})\n", file.size, file.sha256));
        }
    }
    std::fs::write(target.join("timeline.txt"), timeline).map_err(io("cannot write timeline.txt".into()))?;
    let json = serde_json::to_vec_pretty(&detail)
        .map_err(|e| CoreError::Internal(format!("the case file could not be written: {e}")))?;
    std::fs::write(target.join("case.json"), json).map_err(io("cannot write case.json".into()))?;
    Ok(target)
}

/// Saves the file `position` of operation `operation_id` into `folder` under its own name
/// (never over another file) and returns its path. Only a party to the flow may.
pub fn save_attachment(
    conn: &Connection,
    operation_id: &str,
    position: u32,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let order_id: u32 = conn
        .query_row("SELECT order_id FROM flow_operations WHERE id = ?1", [operation_id], |r| r.get(0))
        .map_err(|_| CoreError::not_found(format!("operation {operation_id}")))?;
    view::show(conn, order_id, now)?;
    let (name, _, bytes) = proof::read(conn, operation_id, position)?;
    std::fs::create_dir_all(folder).map_err(io(format!("cannot create the folder {}", folder.display())))?;
    let name = safe(&name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    let mut target = folder.join(&name);
    let mut n = 1;
    while target.exists() {
        target = folder.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    std::fs::write(&target, bytes).map_err(io(format!("cannot write {}", target.display())))?;
    Ok(target)
}

/// The bytes and type of a file, for showing a screenshot: only to a party to the flow.
pub fn attachment_bytes(
    conn: &Connection,
    operation_id: &str,
    position: u32,
    now: DateTime<Utc>,
) -> Result<(String, Vec<u8>)> {
    let order_id: u32 = conn
        .query_row("SELECT order_id FROM flow_operations WHERE id = ?1", [operation_id], |r| r.get(0))
        .map_err(|_| CoreError::not_found(format!("operation {operation_id}")))?;
    view::show(conn, order_id, now)?;
    let (_, mime, bytes) = proof::read(conn, operation_id, position)?;
    Ok((mime, bytes))
}
