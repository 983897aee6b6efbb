//! Reading My Favorites back.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{Favorite, FavoriteSpec};
use crate::catalog::product;
use crate::{accounts, Result};

/// The current account's favourites, the most recently added first.
pub fn list(conn: &Connection) -> Result<Vec<Favorite>> {
    let account = accounts::current(conn)?;
    let rows = conn
        .prepare_cached(
            "SELECT product_pk, edition, billing, period, duration, users, saved_at FROM favorites
             WHERE account_id = ?1 ORDER BY saved_at DESC, rowid DESC",
        )?
        .query_map([&account], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|(pk, spec, saved_at)| favorite(conn, pk, spec, saved_at)).collect()
}

/// One favourite of `account`, which must exist.
pub(super) fn one(conn: &Connection, account: &str, product_pk: i64) -> Result<Favorite> {
    let (pk, spec, saved_at) = conn
        .prepare_cached(
            "SELECT product_pk, edition, billing, period, duration, users, saved_at FROM favorites
             WHERE account_id = ?1 AND product_pk = ?2",
        )?
        .query_row(params![account, product_pk], read)?;
    favorite(conn, pk, spec, saved_at)
}

fn read(row: &Row<'_>) -> rusqlite::Result<(i64, FavoriteSpec, String)> {
    Ok((
        row.get(0)?,
        FavoriteSpec {
            edition: row.get(1)?,
            billing: row.get(2)?,
            period: row.get(3)?,
            duration: row.get(4)?,
            users: row.get(5)?,
        },
        row.get(6)?,
    ))
}

fn favorite(conn: &Connection, product_pk: i64, spec: FavoriteSpec, saved_at: String) -> Result<Favorite> {
    let product = product::summaries(conn, &[product_pk])?.remove(0);
    // A seller may withdraw an edition after it was saved: the code then stands in.
    let edition_name = conn
        .prepare_cached("SELECT name FROM editions WHERE product_pk = ?1 AND code = ?2")?
        .query_row(params![product_pk, spec.edition], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| spec.edition.clone());
    Ok(Favorite { product, spec, edition_name, saved_at })
}
