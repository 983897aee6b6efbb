//! A seller's page (R-AFT-2): after-sales support is the seller's, so its page says how to
//! reach it (contact and the hours its support answers) beside what it sells, most bought first.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::model::{ProductSummary, SellerInfo};
use super::product;
use crate::{CoreError, Result};

/// How many of its products the page shows; the rest are a search filtered by the seller.
pub const PRODUCTS_SHOWN: u32 = 24;

/// What a seller's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SellerPage {
    pub seller: SellerInfo,
    /// When its support answers, e.g. "Mon-Fri 09:00-18:00 (UTC-8)".
    pub support_hours: String,
    /// How many products it has in the catalog.
    pub product_count: u32,
    /// Its most bought products, at most [`PRODUCTS_SHOWN`].
    pub products: Vec<ProductSummary>,
}

/// The page of seller `id`.
pub fn show(conn: &Connection, id: &str) -> Result<SellerPage> {
    let id = id.trim();
    if id.is_empty() {
        return Err(CoreError::invalid("seller: give a seller's id, as a product page names it"));
    }
    let (seller, support_hours) = conn
        .prepare_cached("SELECT id, name, email, phone, website, support_hours FROM sellers WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                SellerInfo { id: r.get(0)?, name: r.get(1)?, email: r.get(2)?, phone: r.get(3)?, website: r.get(4)? },
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the seller {id:?}")))?;
    let product_count =
        conn.prepare_cached("SELECT count(*) FROM products WHERE seller_id = ?1")?.query_row([id], |r| r.get(0))?;
    let pks = conn
        .prepare_cached("SELECT pk FROM products WHERE seller_id = ?1 ORDER BY popularity DESC, name, pk LIMIT ?2")?
        .query_map(rusqlite::params![id, PRODUCTS_SHOWN], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(SellerPage { seller, support_hours, product_count, products: product::summaries(conn, &pks)? })
}
