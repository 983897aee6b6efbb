//! Who the app acts as: a buyer (one of the buyer accounts), a seller, or the marketplace's
//! operations manager. Until there is signing in, a demo switches between them, and the store
//! keeps the choice in the settings `current_role`, `current_account` and `current_seller`.
//!
//! Buying and paying are a buyer's: [`require_buyer`] refuses them to the other roles, so that
//! a demo acting as a seller cannot spend a buyer's money by accident.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, AccountChoice};
use crate::{CoreError, Result, Store};

/// The setting that names the role the app acts as.
pub const CURRENT_ROLE_KEY: &str = "current_role";
/// The setting that names the seller the app acts for in the seller role.
pub const CURRENT_SELLER_KEY: &str = "current_seller";

/// The three kinds of people who use the marketplace (DOMAIN §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Seller,
    OperationsManager,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Seller => "seller",
            Role::OperationsManager => "operations_manager",
        }
    }

    pub(crate) fn with_article(self) -> &'static str {
        match self {
            Role::Buyer => "a buyer",
            Role::Seller => "a seller",
            Role::OperationsManager => "the operations manager",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        [Role::Buyer, Role::Seller, Role::OperationsManager].into_iter().find(|r| r.as_str() == text)
    }
}

/// A seller the demo can act for, with how many products it sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SellerChoice {
    pub id: String,
    pub name: String,
    pub products: u32,
}

/// Who the app acts as, and whom it could act as instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActingAs {
    pub role: Role,
    /// The buyer account used in the buyer role.
    pub account: AccountChoice,
    /// The seller used in the seller role; none while the store has no sellers.
    pub seller: Option<SellerChoice>,
    pub accounts: Vec<AccountChoice>,
    pub sellers: Vec<SellerChoice>,
}

/// A switch of role: to a buyer account, to a seller, or to operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "role", rename_all = "snake_case", deny_unknown_fields)]
pub enum RoleChoice {
    Buyer { account_id: String },
    Seller { seller_id: String },
    OperationsManager,
}

/// The role the app acts as; a buyer when nothing was chosen.
pub fn current(conn: &Connection) -> Result<Role> {
    let text = setting(conn, CURRENT_ROLE_KEY)?;
    Ok(text.as_deref().and_then(Role::parse).unwrap_or(Role::Buyer))
}

/// The seller the app acts for in the seller role: the one chosen, else the first by name.
pub fn current_seller(conn: &Connection) -> Result<Option<SellerChoice>> {
    let sellers = sellers(conn)?;
    let chosen = setting(conn, CURRENT_SELLER_KEY)?;
    let seller = chosen.and_then(|id| sellers.iter().find(|s| s.id == id).cloned());
    Ok(seller.or_else(|| sellers.into_iter().next()))
}

/// Who the app acts as, with the accounts and sellers the switcher offers.
pub fn show(conn: &Connection) -> Result<ActingAs> {
    let account_id = accounts::current(conn)?;
    let accounts = accounts::list(conn)?;
    let account = accounts
        .iter()
        .find(|a| a.id == account_id)
        .cloned()
        .ok_or_else(|| CoreError::not_found(format!("the buyer account {account_id:?}")))?;
    Ok(ActingAs { role: current(conn)?, account, seller: current_seller(conn)?, accounts, sellers: sellers(conn)? })
}

/// Acts as `choice` from now on. An unknown account or seller is not found and changes
/// nothing.
pub fn switch(store: &mut Store, choice: &RoleChoice) -> Result<ActingAs> {
    store.write(|tx| {
        switch_in(tx, choice)?;
        show(tx)
    })
}

/// [`switch`] inside the caller's transaction.
pub(crate) fn switch_in(tx: &Connection, choice: &RoleChoice) -> Result<()> {
    {
        let role = match choice {
            RoleChoice::Buyer { account_id } => {
                accounts::load(tx, account_id)?;
                put(tx, accounts::CURRENT_ACCOUNT_KEY, account_id)?;
                Role::Buyer
            }
            RoleChoice::Seller { seller_id } => {
                let known = tx.prepare_cached("SELECT 1 FROM sellers WHERE id = ?1")?.exists([seller_id])?;
                if !known {
                    return Err(CoreError::not_found(format!("the seller {seller_id:?}")));
                }
                put(tx, CURRENT_SELLER_KEY, seller_id)?;
                Role::Seller
            }
            RoleChoice::OperationsManager => Role::OperationsManager,
        };
        put(tx, CURRENT_ROLE_KEY, role.as_str())
    }
}

/// Refuses `action` unless the app acts as a buyer: buying and paying are a buyer's.
pub fn require_buyer(conn: &Connection, action: &str) -> Result<()> {
    require(conn, Role::Buyer, action)
}

/// Refuses `action` unless the app acts as `role`.
pub fn require(conn: &Connection, role: Role, action: &str) -> Result<()> {
    let acting = current(conn)?;
    if acting == role {
        return Ok(());
    }
    Err(CoreError::Forbidden(format!(
        "only {} can {action}; the app acts as {}: switch roles first",
        role.with_article(),
        acting.with_article()
    )))
}

fn sellers(conn: &Connection) -> Result<Vec<SellerChoice>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.name, coalesce(c.products, 0)
             FROM sellers s
             LEFT JOIN (SELECT seller_id, count(*) AS products FROM products GROUP BY seller_id) c
                    ON c.seller_id = s.id
             ORDER BY s.name, s.id",
        )?
        .query_map([], |r| Ok(SellerChoice { id: r.get(0)?, name: r.get(1)?, products: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}
