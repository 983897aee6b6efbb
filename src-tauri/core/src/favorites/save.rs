//! Saving a product with its specification to My Favorites.

use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension};

use super::{max_duration, Favorite, FavoriteSpec};
use crate::catalog::model::{BillingMode, PricingModel};
use crate::clock::Clock;
use crate::{accounts, CoreError, Result, Store};

/// Saves `product_id` with `spec` for the current account. A product already saved keeps its
/// place in the list and takes the new specification. Nothing changes when the product or the
/// specification is refused.
pub fn save(store: &mut Store, clock: &dyn Clock, product_id: &str, spec: &FavoriteSpec) -> Result<Favorite> {
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
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

/// Checks that `spec` can be bought from `product_id`, and returns the product's key.
pub fn check_spec(conn: &Connection, product_id: &str, spec: &FavoriteSpec) -> Result<i64> {
    let product_pk: i64 = conn
        .prepare_cached("SELECT pk FROM products WHERE id = ?1")?
        .query_row([product_id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the product {product_id:?}")))?;

    let edition_pk: i64 = match conn
        .prepare_cached("SELECT pk FROM editions WHERE product_pk = ?1 AND code = ?2")?
        .query_row(params![product_pk, spec.edition], |row| row.get(0))
        .optional()?
    {
        Some(pk) => pk,
        None => {
            let codes: Vec<String> = conn
                .prepare_cached("SELECT code FROM editions WHERE product_pk = ?1 ORDER BY position")?
                .query_map([product_pk], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            return Err(CoreError::invalid(format!(
                "the edition {:?} is not an edition of {product_id}; use one of: {}",
                spec.edition,
                codes.join(", ")
            )));
        }
    };

    let pricing: PricingModel = conn
        .prepare_cached("SELECT pricing FROM price_plans WHERE edition_pk = ?1 AND billing = ?2 AND period = ?3")?
        .query_row(params![edition_pk, spec.billing, spec.period], |row| row.get(0))
        .optional()?
        .ok_or_else(|| {
            CoreError::invalid(format!(
                "the billing {} by the {} is not offered for the edition {:?} of {product_id}",
                describe(spec.billing),
                spec.period,
                spec.edition
            ))
        })?;

    let most = max_duration(spec.period);
    if spec.duration < 1 || spec.duration > most {
        return Err(CoreError::invalid(format!(
            "the duration must be between 1 and {most} {}s, not {}",
            spec.period, spec.duration
        )));
    }

    match (pricing.per_user(), spec.users) {
        (true, None) => {
            return Err(CoreError::invalid(format!(
                "the users are required: the edition {:?} is priced per user",
                spec.edition
            )))
        }
        (true, Some(0)) => return Err(CoreError::invalid("the users must be at least 1")),
        (false, Some(_)) => {
            return Err(CoreError::invalid(format!(
                "the users cannot be given: the edition {:?} has one price whatever the number of users",
                spec.edition
            )))
        }
        _ => {}
    }
    Ok(product_pk)
}

fn describe(billing: BillingMode) -> &'static str {
    match billing {
        BillingMode::PayPerUse => "pay-per-use",
        BillingMode::YearlyMonthly => "yearly/monthly",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::BillingPeriod;

    #[test]
    fn durations_are_bounded_by_period() {
        assert_eq!(max_duration(BillingPeriod::Month), 36);
        assert_eq!(max_duration(BillingPeriod::Year), 5);
        assert_eq!(max_duration(BillingPeriod::Hour), 8760);
    }
}
