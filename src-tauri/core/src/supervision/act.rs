//! Acting on a flow as whom the app acts for: the buyer account, the seller or the operations
//! manager the role switcher chose, at the store's time. Front ends call [`act`]; a seller's
//! synced operations will call [`super::apply`] with the device's actor instead.

use rusqlite::Connection;

use super::operation::{apply, Action, Actor, Applied, Operation};
use crate::entropy::Entropy;
use crate::messages::OPERATIONS;
use crate::orders::Services;
use crate::roles::{self, Role};
use crate::{accounts, CoreError, Result, Store};

/// Whom the app acts as, as an actor on flows.
pub fn current_actor(conn: &Connection) -> Result<Actor> {
    let role = roles::current(conn)?;
    let id = match role {
        Role::Buyer => accounts::current(conn)?,
        Role::Seller => roles::current_seller(conn)?.ok_or_else(|| CoreError::not_found("a seller to act for"))?.id,
        Role::OperationsManager => OPERATIONS.to_string(),
    };
    Ok(Actor { role, id })
}

/// A new operation id: `op-` and 128 random bits.
pub fn new_operation_id(entropy: &dyn Entropy) -> String {
    let mut bytes = [0u8; 16];
    entropy.fill(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("op-{hex}")
}

/// Applies `action` to the flow of order `order_id` as whom the app acts for, under
/// `operation_id` (a new one when absent), at the store's time. The same id again changes
/// nothing and answers as the first time.
pub fn act(
    store: &mut Store,
    services: &Services<'_>,
    order_id: u32,
    operation_id: Option<String>,
    action: Action,
) -> Result<Applied> {
    let at = store.clock(services.clock)?.now;
    let id = operation_id.unwrap_or_else(|| new_operation_id(services.entropy));
    let key = store.secret_key().clone();
    store.write(|tx| {
        let op = Operation { id, order_id, actor: current_actor(tx)?, action };
        apply(tx, &key, &op, at)
    })
}
