//! The orders others placed: Seller Center's orders received, and every order of the
//! marketplace as the operations manager oversees them. Both are filtered by status and read a
//! page at a time, with how many orders each status holds: a seller receives thousands of
//! orders, the marketplace tens of thousands.

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::list::{read, select, COLUMNS, FROM};
use super::{Order, OrderStatus};
use crate::paging::PageRequest;
use crate::roles::{self, Role};
use crate::Result;

/// Which orders a screen asks for: those of one status (every status when absent), a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrdersQuery {
    #[serde(default)]
    pub status: Option<OrderStatus>,
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// How many orders have one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusCount {
    pub status: OrderStatus,
    pub count: u32,
}

/// One page of the orders asked for, the newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrdersPage {
    pub items: Vec<Order>,
    /// How many orders the status asked for holds, over all pages.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
    /// How many orders there are whatever their status.
    pub all: u32,
    /// Every status with its count, in the order of an order's life.
    pub statuses: Vec<StatusCount>,
}

/// Whose orders: one seller's, or the whole marketplace's.
enum Scope {
    Seller(String),
    Marketplace,
}

/// A page of Seller Center's orders received: every buyer's orders of the seller the app acts
/// for. Only a seller sees them; a seller with no products has none.
pub fn received_page(conn: &Connection, query: &OrdersQuery) -> Result<OrdersPage> {
    roles::require(conn, Role::Seller, "see the orders a seller received")?;
    // Acting as a seller without one chosen, no order has the empty id: an empty page.
    let seller = roles::current_seller(conn)?.map(|s| s.id).unwrap_or_default();
    overview(conn, &Scope::Seller(seller), query)
}

/// A page of every order in the marketplace, as the operations manager oversees them.
pub fn all_page(conn: &Connection, query: &OrdersQuery) -> Result<OrdersPage> {
    roles::require(conn, Role::OperationsManager, "see every order in the marketplace")?;
    overview(conn, &Scope::Marketplace, query)
}

/// Seller Center's orders received, every one of them (or those of `status`), the newest first.
pub fn received(conn: &Connection, status: Option<OrderStatus>) -> Result<Vec<Order>> {
    roles::require(conn, Role::Seller, "see the orders a seller received")?;
    let Some(seller) = roles::current_seller(conn)? else { return Ok(Vec::new()) };
    whole(conn, &Scope::Seller(seller.id), status)
}

/// Every order in the marketplace (or those of `status`), the newest first.
pub fn all(conn: &Connection, status: Option<OrderStatus>) -> Result<Vec<Order>> {
    roles::require(conn, Role::OperationsManager, "see every order in the marketplace")?;
    whole(conn, &Scope::Marketplace, status)
}

/// The `WHERE` clause of a scope and a status, with its parameters.
fn filter(scope: &Scope, status: Option<OrderStatus>) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Scope::Seller(id) = scope {
        params.push(Value::Text(id.clone()));
        clauses.push(format!("o.seller_id = ?{}", params.len()));
    }
    if let Some(status) = status {
        params.push(Value::Text(status.as_str().to_string()));
        clauses.push(format!("o.status = ?{}", params.len()));
    }
    if clauses.is_empty() {
        clauses.push("1".to_string());
    }
    (clauses.join(" AND "), params)
}

fn whole(conn: &Connection, scope: &Scope, status: Option<OrderStatus>) -> Result<Vec<Order>> {
    let (filter, params) = filter(scope, status);
    select(conn, &filter, rusqlite::params_from_iter(params))
}

fn overview(conn: &Connection, scope: &Scope, query: &OrdersQuery) -> Result<OrdersPage> {
    let window = PageRequest { offset: query.offset, limit: query.limit }.window()?;

    let (scope_filter, scope_params) = filter(scope, None);
    let by_status = conn
        .prepare_cached(&format!("SELECT o.status, count(*) FROM orders o WHERE {scope_filter} GROUP BY o.status"))?
        .query_map(rusqlite::params_from_iter(scope_params), |r| {
            Ok((r.get::<_, OrderStatus>(0)?, r.get::<_, u32>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count_of = |status| by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
    let statuses: Vec<StatusCount> =
        OrderStatus::ALL.into_iter().map(|status| StatusCount { status, count: count_of(status) }).collect();
    let all = statuses.iter().map(|s| s.count).sum();
    let total = query.status.map_or(all, |status| statuses.iter().find(|s| s.status == status).map_or(0, |s| s.count));

    let (filter, mut params) = filter(scope, query.status);
    params.push(Value::Integer(window.limit.into()));
    params.push(Value::Integer(window.offset.into()));
    let (limit, offset) = (params.len() - 1, params.len());
    let items = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {filter} ORDER BY o.id DESC LIMIT ?{limit} OFFSET ?{offset}"
        ))?
        .query_map(rusqlite::params_from_iter(params), read)?
        .map(|row| row.map(|(order, _)| order))
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(OrdersPage { items, total, offset: window.offset, limit: window.limit, all, statuses })
}
