//! One product as a list shows it, and as its page shows it.

use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::model::*;
use crate::money::format_unit_price;
use crate::{CoreError, Result};

/// The summaries of the products with these keys, in the same order.
pub(crate) fn summaries(conn: &Connection, pks: &[i64]) -> Result<Vec<ProductSummary>> {
    pks.iter().map(|&pk| summary(conn, pk)).collect()
}

pub(crate) fn decimal(text: &str) -> Result<Decimal> {
    Decimal::from_str(text).map_err(|e| CoreError::Migration(format!("a stored price {text:?} is unreadable: {e}")))
}

/// A product's summary from a row of its columns in this order: id, name, seller id, seller,
/// category id and name, sub-category id and name, delivery, supervised, summary, popularity,
/// has a logo. Prices are added by the caller.
pub(crate) fn summary_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ProductSummary> {
    Ok(ProductSummary {
        id: row.get(0)?,
        name: row.get(1)?,
        seller_id: row.get(2)?,
        seller: row.get(3)?,
        category: row.get(4)?,
        category_name: row.get(5)?,
        sub_category: row.get(6)?,
        sub_category_name: row.get(7)?,
        delivery: row.get(8)?,
        supervised: row.get(9)?,
        summary: row.get(10)?,
        popularity: u32::try_from(row.get::<_, i64>(11)?).unwrap_or(u32::MAX),
        has_logo: row.get(12)?,
        billing_modes: Vec::new(),
        starting_price: None,
    })
}

fn summary(conn: &Connection, pk: i64) -> Result<ProductSummary> {
    let mut summary = conn
        .prepare_cached(
            "SELECT p.id, p.name, p.seller_id, se.name, s.category_id, c.name, p.sub_category_id, s.name,
                    p.delivery, p.supervised, p.summary, p.popularity,
                    EXISTS (SELECT 1 FROM product_media m WHERE m.product_pk = p.pk AND m.kind = 'logo')
             FROM products p
             JOIN sellers se ON se.id = p.seller_id
             JOIN sub_categories s ON s.id = p.sub_category_id
             JOIN categories c ON c.id = s.category_id
             WHERE p.pk = ?1",
        )?
        .query_row([pk], summary_row)?;

    // Every price a product can be had for: a flat or linear plan's price, or a tier's.
    let mut statement = conn.prepare_cached(
        "SELECT pp.billing, pp.period, pp.pricing, coalesce(pp.price, t.unit_price)
         FROM editions e
         JOIN price_plans pp ON pp.edition_pk = e.pk
         LEFT JOIN price_tiers t ON t.plan_pk = pp.pk
         WHERE e.product_pk = ?1",
    )?;
    let mut rows = statement.query([pk])?;
    let mut prices = Prices::default();
    while let Some(row) = rows.next()? {
        prices.add(row.get(0)?, row.get(1)?, row.get(2)?, decimal(&row.get::<_, String>(3)?)?);
    }
    (summary.billing_modes, summary.starting_price) = prices.finish();
    Ok(summary)
}

/// What a list says of a product's prices, folded from every price it can be had for (a flat
/// or linear plan's price, or a tier's): the billing modes it offers and where it starts.
#[derive(Default)]
pub(crate) struct Prices {
    billing_modes: Vec<BillingMode>,
    cheapest: Option<(BillingPeriod, Decimal, bool)>,
}

impl Prices {
    pub(crate) fn add(&mut self, billing: BillingMode, period: BillingPeriod, pricing: PricingModel, amount: Decimal) {
        if !self.billing_modes.contains(&billing) {
            self.billing_modes.push(billing);
        }
        // The shortest period is what a buyer compares first ("from $0.12 / hour"), then
        // the lowest amount for it.
        let candidate = (period, amount, pricing.per_user());
        self.cheapest = match self.cheapest {
            Some(best) if (best.0 as u8, best.1) <= (period as u8, amount) => Some(best),
            _ => Some(candidate),
        };
    }

    pub(crate) fn finish(mut self) -> (Vec<BillingMode>, Option<StartingPrice>) {
        self.billing_modes.sort_by_key(|m| *m as u8);
        let starting = self.cheapest.map(|(period, amount, per_user)| StartingPrice {
            amount: format_unit_price(amount),
            period,
            per_user,
        });
        (self.billing_modes, starting)
    }
}

/// One more purchase of `product_id`: Popular Applications and the popularity order rank by
/// purchases (the demo catalog's own counts, plus every order paid in this store).
pub(crate) fn count_purchase(conn: &Connection, product_id: &str) -> Result<()> {
    conn.prepare_cached("UPDATE products SET popularity = popularity + 1 WHERE id = ?1")?.execute([product_id])?;
    Ok(())
}

/// The product page of `id`.
pub fn show(conn: &Connection, id: &str) -> Result<ProductDetail> {
    struct Row {
        pk: i64,
        description: String,
        tags: String,
        operating_system: Option<String>,
        released_on: String,
        requires_seller_authorization: bool,
        support: SupportRange,
        seller: SellerInfo,
    }
    let row = conn
        .prepare_cached(
            "SELECT p.pk, p.description, p.tags, p.operating_system, p.released_on,
                    p.requires_seller_authorization, p.support_email, p.support_phone, p.support_hours,
                    se.id, se.name, se.email, se.phone, se.website
             FROM products p JOIN sellers se ON se.id = p.seller_id
             WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Row {
                pk: r.get(0)?,
                description: r.get(1)?,
                tags: r.get(2)?,
                operating_system: r.get(3)?,
                released_on: r.get(4)?,
                requires_seller_authorization: r.get(5)?,
                support: SupportRange { email: r.get(6)?, phone: r.get(7)?, hours: r.get(8)? },
                seller: SellerInfo {
                    id: r.get(9)?,
                    name: r.get(10)?,
                    email: r.get(11)?,
                    phone: r.get(12)?,
                    website: r.get(13)?,
                },
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the product {id:?}")))?;

    let user_guide = conn
        .prepare_cached("SELECT file_name, length(content) FROM product_guides WHERE product_pk = ?1")?
        .query_row([row.pk], |r| Ok(UserGuide { file_name: r.get(0)?, size_bytes: r.get(1)? }))
        .optional()?;
    let screenshots = conn
        .prepare_cached(
            "SELECT position, width, height FROM product_media
             WHERE product_pk = ?1 AND kind = 'screenshot' ORDER BY position",
        )?
        .query_map([row.pk], |r| Ok(Screenshot { position: r.get(0)?, width: r.get(1)?, height: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(ProductDetail {
        summary: summary(conn, row.pk)?,
        description: row.description,
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        operating_system: row.operating_system,
        released_on: row.released_on,
        requires_seller_authorization: row.requires_seller_authorization,
        seller: row.seller,
        support: row.support,
        user_guide,
        screenshots,
        editions: editions(conn, row.pk)?,
    })
}

/// What pricing one edition of a product reads: lighter than [`show`], since a scheduler run
/// prices thousands of automatic renewals.
pub struct Priced {
    pub name: String,
    /// Every edition's code, in the product's order.
    pub codes: Vec<String>,
    /// The edition asked for, with its plans; none when the product has no such edition.
    pub edition: Option<Edition>,
}

pub fn priced(conn: &Connection, id: &str, edition: &str) -> Result<Priced> {
    let (pk, name): (i64, String) = conn
        .prepare_cached("SELECT pk, name FROM products WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the product {id:?}")))?;
    let mut all = editions_only(conn, pk)?;
    let codes = all.iter().map(|(_, e)| e.code.clone()).collect();
    let edition = match all.iter().position(|(_, e)| e.code == edition) {
        Some(at) => {
            let (edition_pk, mut edition) = all.swap_remove(at);
            edition.plans = plans(conn, edition_pk)?;
            Some(edition)
        }
        None => None,
    };
    Ok(Priced { name, codes, edition })
}

/// A product's editions without their plans, each with its key.
fn editions_only(conn: &Connection, product_pk: i64) -> Result<Vec<(i64, Edition)>> {
    Ok(conn
        .prepare_cached("SELECT pk, code, name, specification FROM editions WHERE product_pk = ?1 ORDER BY position")?
        .query_map([product_pk], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Edition { code: r.get(1)?, name: r.get(2)?, specification: r.get(3)?, plans: vec![] },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn editions(conn: &Connection, product_pk: i64) -> Result<Vec<Edition>> {
    let mut editions = editions_only(conn, product_pk)?;
    for (edition_pk, edition) in &mut editions {
        edition.plans = plans(conn, *edition_pk)?;
    }
    Ok(editions.into_iter().map(|(_, e)| e).collect())
}

/// An edition's price plans with their tiers.
fn plans(conn: &Connection, edition_pk: i64) -> Result<Vec<PricePlan>> {
    let mut found = Vec::new();
    let plans = conn
        .prepare_cached(
            "SELECT pk, billing, period, pricing, price FROM price_plans WHERE edition_pk = ?1
             ORDER BY billing = 'yearly_monthly', period = 'year'",
        )?
        .query_map([edition_pk], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, Option<String>>(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (plan_pk, billing, period, pricing, price) in plans {
        let tiers = conn
            .prepare_cached(
                "SELECT from_users, to_users, unit_price FROM price_tiers WHERE plan_pk = ?1 ORDER BY from_users",
            )?
            .query_map([plan_pk], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(from_users, to_users, unit)| {
                Ok(PriceTier { from_users, to_users, unit_price: format_unit_price(decimal(&unit)?) })
            })
            .collect::<Result<Vec<_>>>()?;
        let price = price.map(|p| decimal(&p).map(format_unit_price)).transpose()?;
        found.push(PricePlan { billing, period, pricing, price, tiers });
    }
    Ok(found)
}
