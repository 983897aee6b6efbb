//! Reading tickets back: Billing Center > Tickets for a buyer, Operations > Tickets for the
//! operations manager, and saving a ticket's file.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use super::{forbidden_to_sellers, load, visible, Ticket};
use crate::roles::{self, Role};
use crate::supervision::proof::write_new_file;
use crate::{accounts, CoreError, Result};

/// The current account's tickets, the newest first; for the operations manager every ticket,
/// the open ones (waiting for an answer) first, oldest first among them.
pub fn list(conn: &Connection) -> Result<Vec<Ticket>> {
    let ids: Vec<u32> = match roles::current(conn)? {
        Role::Buyer => conn
            .prepare_cached("SELECT id FROM tickets WHERE account_id = ?1 ORDER BY id DESC")?
            .query_map([accounts::current(conn)?], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        Role::OperationsManager => conn
            .prepare_cached(
                "SELECT id FROM tickets ORDER BY status = 'open' DESC, CASE WHEN status = 'open' THEN id ELSE -id END",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        Role::Seller => return Err(forbidden_to_sellers()),
    };
    ids.into_iter().map(|id| load(conn, id)).collect()
}

/// Ticket `id`: a buyer's own, or any for the operations manager.
pub fn show(conn: &Connection, id: u32) -> Result<Ticket> {
    visible(conn, id)
}

/// Saves file `position` of ticket `id` into `folder` under its own name (never over another
/// file) and returns its path.
pub fn save_attachment(conn: &Connection, id: u32, position: u32, folder: &Path) -> Result<PathBuf> {
    visible(conn, id)?;
    let (name, bytes): (String, Vec<u8>) = conn
        .prepare_cached(
            "SELECT ta.name, a.bytes FROM ticket_attachments ta JOIN attachments a ON a.sha256 = ta.sha256
             WHERE ta.ticket_id = ?1 AND ta.position = ?2",
        )?
        .query_row(params![id, position], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|_| CoreError::not_found(format!("file {position} of ticket {id}")))?;
    write_new_file(folder, &name, &bytes)
}

/// The start of `text` on one line, cut at `width` characters.
pub(crate) fn excerpt(text: &str, width: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= width {
        return line;
    }
    let mut cut: String = line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
