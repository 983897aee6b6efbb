//! Saving a product with its specification to My Favorites.

use chrono::SecondsFormat;
use rusqlite::{params, Connection};

use super::{Favorite, FavoriteSpec};
use crate::catalog::pricing::{quote, QuoteRequest};
use crate::clock::Clock;
use crate::{accounts, roles, Result, Store};

/// Saves `product_id` with `spec` for the current account. A product already saved keeps its
/// place in the list and takes the new specification. Nothing changes when the product or the
/// specification is refused.
pub fn save(store: &mut Store, clock: &dyn Clock, product_id: &str, spec: &FavoriteSpec) -> Result<Favorite> {
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "save a favourite")?;
        let account = accounts::current(tx)?;
        let product_pk = check_spec(tx, product_id, spec)?;
        tx.prepare_cached(
            "INSERT INTO favorites (account_id, product_pk, edition, billing, period, duration, users, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (account_id, product_pk) DO UPDATE SET
                 edition = excluded.edition, billing = excluded.billing, period = excluded.period,
                 duration = excluded.duration, users = excluded.users",
        )?
        .execute(params![
            account,
            product_pk,
            spec.edition,
            spec.billing,
            spec.period,
            spec.duration,
            spec.users,
            now
        ])?;
        super::list::one(tx, &account, product_pk)
    })
}

/// Checks that `spec` can be bought from `product_id`, and returns the product's key. A
/// specification is saved only if it could be priced, so the quote's checks decide: one
/// definition of a buyable configuration for quotes, favourites and checkout.
pub fn check_spec(conn: &Connection, product_id: &str, spec: &FavoriteSpec) -> Result<i64> {
    quote(
        conn,
        &QuoteRequest {
            product_id: product_id.to_string(),
            edition: spec.edition.clone(),
            billing: spec.billing,
            period: spec.period,
            duration: spec.duration,
            users: spec.users,
            quantity: None,
        },
    )?;
    Ok(conn.prepare_cached("SELECT pk FROM products WHERE id = ?1")?.query_row([product_id], |row| row.get(0))?)
}
