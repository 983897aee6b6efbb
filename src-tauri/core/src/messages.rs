//! What each role is told (R-AFT-4): one message per event it must know, kept in the store so
//! that the app, `kg` and a notification all read the same list.
//!
//! Messages are written in the transaction of the event they tell of, so that an event and its
//! message land together. A message never carries a secret. The shell turns new messages into
//! desktop notifications when its window is in the background.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::roles::{self, Role};
use crate::{accounts, CoreError, Result, Store};

/// Who a message is for: a buyer account, a seller, or the operations manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub role: Role,
    pub id: String,
}

/// The one recipient the operations manager is.
pub const OPERATIONS: &str = "operations";

impl Recipient {
    pub fn buyer(account: &str) -> Recipient {
        Recipient { role: Role::Buyer, id: account.to_string() }
    }

    pub fn seller(seller: &str) -> Recipient {
        Recipient { role: Role::Seller, id: seller.to_string() }
    }

    pub fn operations() -> Recipient {
        Recipient { role: Role::OperationsManager, id: OPERATIONS.to_string() }
    }

    /// Whom the app acts as now.
    pub fn current(conn: &Connection) -> Result<Recipient> {
        Ok(match roles::current(conn)? {
            Role::Buyer => Recipient::buyer(&accounts::current(conn)?),
            Role::Seller => Recipient::seller(
                &roles::current_seller(conn)?.ok_or_else(|| CoreError::not_found("a seller to act for"))?.id,
            ),
            Role::OperationsManager => Recipient::operations(),
        })
    }
}

/// One message as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Message {
    pub id: u32,
    /// What happened: `delivered`, `request_rejected`, `appeal_opened`, `completed`…
    pub kind: String,
    pub order_id: Option<u32>,
    pub title: String,
    pub body: String,
    pub created_at: String,
    pub read: bool,
}

/// The current role's messages with how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Inbox {
    pub unread: u32,
    pub messages: Vec<Message>,
}

/// Writes a message for `to`, inside the caller's transaction.
pub(crate) fn send(
    tx: &Connection,
    to: &Recipient,
    kind: &str,
    order_id: Option<u32>,
    title: &str,
    body: &str,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO messages (recipient_role, recipient_id, kind, order_id, title, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![role_text(to.role), to.id, kind, order_id, title, body, at])?;
    Ok(())
}

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Buyer => "buyer",
        Role::Seller => "seller",
        Role::OperationsManager => "operations_manager",
    }
}

/// The most messages one listing returns: the newest.
pub const LIST_LIMIT: u32 = 200;

/// The messages of whom the app acts as, the newest first (by when they happened).
pub fn list(conn: &Connection) -> Result<Inbox> {
    let me = Recipient::current(conn)?;
    let messages = conn
        .prepare_cached(
            "SELECT id, kind, order_id, title, body, created_at, read_at IS NOT NULL FROM messages
             WHERE recipient_role = ?1 AND recipient_id = ?2 ORDER BY created_at DESC, id DESC LIMIT ?3",
        )?
        .query_map(params![role_text(me.role), me.id, LIST_LIMIT], |r| {
            Ok(Message {
                id: r.get(0)?,
                kind: r.get(1)?,
                order_id: r.get(2)?,
                title: r.get(3)?,
                body: r.get(4)?,
                created_at: r.get(5)?,
                read: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Inbox { unread: unread(conn)?, messages })
}

/// How many messages of whom the app acts as are unread.
pub fn unread(conn: &Connection) -> Result<u32> {
    let me = Recipient::current(conn)?;
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM messages WHERE recipient_role = ?1 AND recipient_id = ?2 AND read_at IS NULL",
        )?
        .query_row(params![role_text(me.role), me.id], |r| r.get(0))?)
}

/// The newest message id in the store: the shell notifies of messages newer than the last it
/// saw.
pub fn latest_id(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| r.get(0))?)
}

/// The current role's unread messages newer than `after`, oldest first: what to notify of.
pub fn unread_since(conn: &Connection, after: u32) -> Result<Vec<Message>> {
    let inbox = list(conn)?;
    let mut fresh: Vec<Message> = inbox.messages.into_iter().filter(|m| m.id > after && !m.read).collect();
    fresh.reverse();
    Ok(fresh)
}

/// Marks messages read: the ones named, or all of the current role's when `ids` is empty. A
/// message of someone else is not found, and nothing is marked.
pub fn mark_read(store: &mut Store, ids: &[u32], at: &str) -> Result<Inbox> {
    store.write(|tx| {
        let me = Recipient::current(tx)?;
        if ids.is_empty() {
            tx.prepare_cached(
                "UPDATE messages SET read_at = ?3 WHERE recipient_role = ?1 AND recipient_id = ?2 AND read_at IS NULL",
            )?
            .execute(params![role_text(me.role), me.id, at])?;
        }
        for id in ids {
            let changed = tx
                .prepare_cached(
                    "UPDATE messages SET read_at = coalesce(read_at, ?4)
                     WHERE id = ?1 AND recipient_role = ?2 AND recipient_id = ?3",
                )?
                .execute(params![id, role_text(me.role), me.id, at])?;
            if changed == 0 {
                return Err(CoreError::not_found(format!("message {id}")));
            }
        }
        list(tx)
    })
}
