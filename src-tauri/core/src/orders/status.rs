//! An order's status and the changes it may go through:
//!
//! ```text
//! pending_payment ──▶ paid ──▶ completed ──────────────────────┐  (nothing left to supervise)
//!        │             │  └──▶ processing ──▶ completed ───────┤  (service supervision, R-SUP)
//!        └──▶ cancelled ◀┘             │                        │
//!                  ▲───────────────────┘ (appeal settled for the buyer, unsubscription approved)
//!                  ▲────────────────────────────────────────────┘ (an image unsubscribed, R-UNS-2)
//! ```
//!
//! A payment that fails cancels a pending order; a paid order that cannot be delivered is
//! cancelled (with its refund); a supervised order is cancelled by an appeal settled for the
//! buyer or an approved unsubscription, and refunded; a completed yearly/monthly image is
//! cancelled by its standard unsubscription (R-UNS-2), and refunded. Cancelled is final. Every
//! change is written with [`transition`], which refuses any other move and records the change in the order's
//! history.

use std::fmt;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Processing,
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Processing,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Processing => "processing",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The status named `text` (`pending_payment`, `paid`…).
    pub fn parse(text: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether an order may go from this status to `next`.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (PendingPayment, Paid | Cancelled)
                | (Paid, Processing | Completed | Cancelled)
                | (Processing, Completed | Cancelled)
                | (Completed, Cancelled)
        )
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl rusqlite::types::FromSql for OrderStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        OrderStatus::parse(text)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown order status {text:?}").into()))
    }
}

impl rusqlite::types::ToSql for OrderStatus {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

/// Moves order `id` from `from` to `to` and records it in the order's history. Refused when
/// the state machine forbids the move, or when the order is no longer `from` (another
/// process moved it first); nothing is written then.
pub fn transition(
    conn: &Connection,
    id: u32,
    from: OrderStatus,
    to: OrderStatus,
    note: Option<&str>,
    at: &str,
) -> Result<()> {
    if !from.can_become(to) {
        return Err(CoreError::Conflict(format!("order {id}: an order that is {from} cannot become {to}")));
    }
    let changed = conn
        .prepare_cached("UPDATE orders SET status = ?3, updated_at = ?4 WHERE id = ?1 AND status = ?2")?
        .execute(params![id, from, to, at])?;
    if changed == 0 {
        return Err(CoreError::Conflict(format!("order {id} is no longer {from}; reload it")));
    }
    record(conn, id, to, note, at)
}

/// Adds a line to the order's history.
pub(crate) fn record(conn: &Connection, id: u32, status: OrderStatus, note: Option<&str>, at: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO order_events (order_id, status, note, at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, status, note, at])?;
    Ok(())
}
