//! What each role is told (R-AFT-4): one message per event it must know, kept in the store so
//! that the app, `kg` and a notification all read the same list.
//!
//! Messages are written in the transaction of the event they tell of, so that an event and its
//! message land together. A message never carries a secret. The shell turns new messages into
//! desktop notifications when its window is in the background.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::paging::PageRequest;
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
    /// Where the message leads: what it tells of, to act on it.
    pub link: Option<MessageLink>,
}

/// The page a message leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum MessageLink {
    /// The service flow of a supervised order.
    Flow { order_id: u32 },
    /// A subscription in Billing Center > Renewals, with its timeline.
    Subscription { id: u32 },
    /// Billing Center > Invoices.
    Invoices,
    /// The service tickets.
    Tickets,
}

/// The kinds of message a subscription's life, renewals, upgrades and unsubscription send: they
/// lead to the subscription, even when its order also has a service flow.
const SUBSCRIPTION_KINDS: [&str; 9] = [
    "expiring",
    "grace",
    "retention",
    "release_tomorrow",
    "released",
    "renewed",
    "auto_renewal_failed",
    "upgraded",
    "unsubscribed",
];

/// Where a message of `kind` about `order_id` leads, from what exists of that order.
fn link(kind: &str, order_id: Option<u32>, subscription: Option<u32>, flow: bool) -> Option<MessageLink> {
    match kind {
        "invoice_issued" => Some(MessageLink::Invoices),
        "ticket_answered" => Some(MessageLink::Tickets),
        _ if SUBSCRIPTION_KINDS.contains(&kind) => subscription.map(|id| MessageLink::Subscription { id }),
        _ => order_id.filter(|_| flow).map(|order_id| MessageLink::Flow { order_id }),
    }
}

/// Which messages the list asks for: every one or the unread only, a page (the newest first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MessagesQuery {
    #[serde(default)]
    pub unread_only: bool,
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of the current role's messages, with how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Inbox {
    /// How many of the role's messages are unread, whatever the page.
    pub unread: u32,
    /// How many messages the list asked for holds (every one, or the unread), over all pages.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
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

/// A page of the messages of whom the app acts as, the newest first (by when they happened):
/// a buyer whose subscriptions renew for a year is told tens of thousands of things.
pub fn list(conn: &Connection, query: &MessagesQuery) -> Result<Inbox> {
    let window = PageRequest { offset: query.offset, limit: query.limit }.window()?;
    let me = Recipient::current(conn)?;
    let role = role_text(me.role);
    let unread = unread(conn)?;
    let (total, only_unread) = if query.unread_only {
        (unread, "AND read_at IS NULL")
    } else {
        let all = conn
            .prepare_cached("SELECT count(*) FROM messages WHERE recipient_role = ?1 AND recipient_id = ?2")?
            .query_row(params![role, me.id], |r| r.get(0))?;
        (all, "")
    };
    let messages = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM messages WHERE recipient_role = ?1 AND recipient_id = ?2 {only_unread}
             ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
        ))?
        .query_map(params![role, me.id, window.limit, window.offset], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Inbox { unread, total, offset: window.offset, limit: window.limit, messages })
}

const COLUMNS: &str = "id, kind, order_id, title, body, created_at, read_at IS NOT NULL,
    (SELECT s.id FROM subscriptions s WHERE s.order_id = messages.order_id),
    EXISTS (SELECT 1 FROM service_flows f WHERE f.order_id = messages.order_id)";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    let kind: String = r.get(1)?;
    let order_id = r.get(2)?;
    let link = link(&kind, order_id, r.get(7)?, r.get(8)?);
    Ok(Message {
        id: r.get(0)?,
        kind,
        order_id,
        title: r.get(3)?,
        body: r.get(4)?,
        created_at: r.get(5)?,
        read: r.get(6)?,
        link,
    })
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

/// The most notifications one look at the store shows: a year of the clock moved at once tells
/// thousands of things, and the Messages screen lists them all.
pub const NOTIFY_LIMIT: u32 = 20;

/// The current role's unread messages newer than `after`, at most the newest [`NOTIFY_LIMIT`],
/// oldest first: what to notify of.
pub fn unread_since(conn: &Connection, after: u32) -> Result<Vec<Message>> {
    let me = Recipient::current(conn)?;
    let mut fresh = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM messages WHERE recipient_role = ?1 AND recipient_id = ?2 AND read_at IS NULL
             AND id > ?3 ORDER BY id DESC LIMIT ?4"
        ))?
        .query_map(params![role_text(me.role), me.id, after, NOTIFY_LIMIT], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    fresh.reverse();
    Ok(fresh)
}

/// Marks messages read: the ones named, or all of the current role's when `ids` is empty; answers
/// the page `query` asks for as it is then. A message of someone else is not found, and nothing
/// is marked.
pub fn mark_read(store: &mut Store, ids: &[u32], at: &str, query: &MessagesQuery) -> Result<Inbox> {
    PageRequest { offset: query.offset, limit: query.limit }.window()?;
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
        list(tx, query)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_aft_4_each_kind_of_message_leads_to_what_it_tells_of() {
        let (flow, subscription) = (Some(MessageLink::Flow { order_id: 7 }), Some(MessageLink::Subscription { id: 3 }));
        for kind in SUBSCRIPTION_KINDS {
            assert_eq!(link(kind, Some(7), Some(3), true), subscription, "{kind}, even with a flow");
            assert_eq!(link(kind, Some(7), None, true), None, "{kind} of a subscription gone");
        }
        for kind in ["delivered", "request_rejected", "appeal_opened", "completed", "refund_paid"] {
            assert_eq!(link(kind, Some(7), Some(3), true), flow, "{kind}");
            assert_eq!(link(kind, Some(7), None, false), None, "{kind} of an order without a flow");
        }
        assert_eq!(link("invoice_issued", Some(7), Some(3), true), Some(MessageLink::Invoices));
        assert_eq!(link("ticket_answered", Some(7), None, false), Some(MessageLink::Tickets));
        assert_eq!(link("welcome", None, None, false), None);
    }
}
