//! Upgrade Specification on a real subscription: its specification, term and prices read from
//! the store into the fee's input, and the fee paid like any order, once per idempotency key,
//! the new edition or users effective on payment (R-UP-5).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{upgrade_fee, Change, EditionPrices, Subscription, UpgradeInput, UpgradeQuote};
use crate::catalog::model::{BillingMode, BillingPeriod};
use crate::catalog::pricing::Tier;
use crate::catalog::product;
use crate::charging::{self, check_key, Charged};
use crate::messages::{self, Recipient};
use crate::money::to_cents;
use crate::orders::Services;
use crate::subscriptions::{load, Row, SubscriptionState};
use crate::{accounts, clock, ledger, roles, timers, CoreError, Result, Store};

/// An upgrade the buyer asks for: a higher edition, more users, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct UpgradeRequest {
    pub subscription_id: u32,
    #[serde(default)]
    pub edition: Option<String>,
    #[serde(default)]
    pub users: Option<u32>,
    /// One per upgrade submitted: the same key never pays twice.
    pub idempotency_key: String,
}

/// An upgrade paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Upgrade {
    pub id: u32,
    pub subscription_id: u32,
    pub edition_from: String,
    pub edition_to: String,
    pub users_from: Option<u32>,
    pub users_to: Option<u32>,
    pub quote: UpgradeQuote,
    pub at: String,
}

fn decimal(text: &str) -> Result<Decimal> {
    text.parse().map_err(|_| CoreError::Internal(format!("a stored price {text:?} is unreadable")))
}

/// An upgrade's row: id, subscription, editions and users from and to, its quote, when.
type Stored = (u32, u32, String, String, Option<u32>, Option<u32>, String, String);

fn parse(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn upgrade(
    (id, subscription_id, edition_from, edition_to, users_from, users_to, quote, at): Stored,
) -> Result<Upgrade> {
    let quote = serde_json::from_str(&quote)
        .map_err(|e| CoreError::Internal(format!("a stored upgrade is unreadable: {e}")))?;
    Ok(Upgrade { id, subscription_id, edition_from, edition_to, users_from, users_to, quote, at })
}

const SELECT: &str =
    "SELECT id, subscription_id, edition_from, edition_to, users_from, users_to, quote, at FROM upgrades";

/// The fee's input for `row` at `now`: its product's editions priced for its period, its term
/// (the last renewal's, else the original), the order's date.
fn input(conn: &Connection, row: &Row, change: Change, now: DateTime<Utc>) -> Result<UpgradeInput> {
    if !matches!(row.state, SubscriptionState::Active | SubscriptionState::Grace) {
        return Err(CoreError::Conflict(format!(
            "{} is {}: only a subscription in use can be upgraded",
            row.product_name,
            row.state.as_str()
        )));
    }
    let detail = product::show(conn, &row.product_id)?;
    let mut editions = Vec::new();
    for edition in &detail.editions {
        let Some(plan) =
            edition.plans.iter().find(|p| p.billing == BillingMode::YearlyMonthly && p.period == row.period)
        else {
            continue;
        };
        editions.push(EditionPrices {
            code: edition.code.clone(),
            name: edition.name.clone(),
            pricing: plan.pricing,
            price: plan.price.as_deref().map(decimal).transpose()?,
            tiers: plan
                .tiers
                .iter()
                .map(|t| {
                    Ok(Tier { from_users: t.from_users, to_users: t.to_users, unit_price: decimal(&t.unit_price)? })
                })
                .collect::<Result<_>>()?,
        });
    }
    let last_renewal: Option<(String, String, BillingPeriod, u32)> = conn
        .prepare_cached(
            "SELECT from_expiry, to_expiry, period, duration FROM renewals
             WHERE subscription_id = ?1 AND status <> 'failed' ORDER BY id DESC LIMIT 1",
        )?
        .query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (ordered, duration): (String, u32) =
        conn.query_row("SELECT created_at, duration FROM orders WHERE id = ?1", [row.order_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let date = |at: DateTime<Utc>| clock::local_date(at, &row.zone);
    let (term_start, duration) = match &last_renewal {
        Some((from, _, period, n)) if *period == row.period => (date(super::super::instant(from)?), *n),
        Some((from, _, BillingPeriod::Year, n)) => (date(super::super::instant(from)?), n * 12),
        Some((from, _, _, n)) => (date(super::super::instant(from)?), *n),
        None => (date(row.term_start), duration),
    };
    Ok(UpgradeInput {
        subscription: Subscription {
            editions,
            period: row.period,
            duration,
            // The plan's price for the subscription's period already holds its discount.
            discount: Decimal::ONE,
            edition: row.edition.clone(),
            users: row.users,
            ordered_on: date(super::super::instant(&ordered)?),
            term_start,
            term_end: date(row.expires_at),
        },
        change,
        today: date(now),
    })
}

fn change(edition: Option<String>, users: Option<u32>) -> Change {
    Change { edition: edition.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()), users }
}

fn own(conn: &Connection, id: u32) -> Result<Row> {
    let row = load(conn, id)?;
    if row.account_id != accounts::current(conn)? {
        return Err(CoreError::not_found(format!("subscription {id} of this account")));
    }
    Ok(row)
}

/// The fee of upgrading subscription `id` of the current buyer to `edition` and/or `users`,
/// at `now`, with its explained lines.
pub fn quote(
    conn: &Connection,
    id: u32,
    edition: Option<String>,
    users: Option<u32>,
    now: DateTime<Utc>,
) -> Result<UpgradeQuote> {
    let row = own(conn, id)?;
    upgrade_fee(&input(conn, &row, change(edition, users), now)?)
}

/// Pays an upgrade at the store's time: the fee quoted now, charged like the order was, the new
/// specification effective at once. The same key again answers with the first upgrade.
pub fn pay(store: &mut Store, services: &Services<'_>, request: &UpgradeRequest) -> Result<Upgrade> {
    check_key(&request.idempotency_key)?;
    let now = store.clock(services.clock)?.now;
    store.write(|tx| {
        roles::require_buyer(tx, "upgrade a subscription")?;
        let row = own(tx, request.subscription_id)?;
        let earlier = tx
            .prepare_cached(&format!("{SELECT} WHERE subscription_id = ?1 AND idempotency_key = ?2"))?
            .query_row(params![row.id, request.idempotency_key], parse)
            .optional()?;
        if let Some(earlier) = earlier {
            let earlier = upgrade(earlier)?;
            if request.edition.as_deref().is_some_and(|e| e != earlier.edition_to)
                || request.users.is_some_and(|u| Some(u) != earlier.users_to)
            {
                return Err(CoreError::Conflict(format!(
                    "idempotency key: {:?} was already used for another upgrade; a new upgrade needs a new key",
                    request.idempotency_key
                )));
            }
            return Ok(earlier);
        }
        let quote = upgrade_fee(&input(tx, &row, change(request.edition.clone(), request.users), now)?)?;
        let amount: Decimal = decimal(&quote.total)?;
        let at = timers::text(now);
        let reference = format!("upgrade-{}-{}", row.id, request.idempotency_key);
        let recipients = [(ledger::seller_sales(&row.seller_id), amount)];
        let due = charging::Due {
            account: &row.account_id,
            payment: row.payment,
            amount,
            reference: &reference,
            memo: format!("Upgrade of order {}: {}", row.order_id, row.product_name),
            order_id: Some(i64::from(row.order_id)),
            at: &at,
            recipients: &recipients,
        };
        let transaction = match charging::charge(tx, services.payments, &due)? {
            Ok(Charged::Posted(id)) => Some(id),
            Ok(Charged::Nothing) => None,
            Err(declined) => return Err(declined),
        };
        let quote_json = serde_json::to_string(&quote)
            .map_err(|e| CoreError::Internal(format!("an upgrade could not be written down: {e}")))?;
        tx.prepare_cached(
            "INSERT INTO upgrades (subscription_id, idempotency_key, edition_from, edition_to, users_from, users_to,
                                   amount_cents, quote, transaction_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            row.id,
            request.idempotency_key,
            row.edition,
            quote.edition,
            row.users,
            quote.users,
            to_cents(amount)?,
            quote_json,
            transaction,
            at
        ])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("UPDATE subscriptions SET edition = ?2, users = ?3, updated_at = ?4 WHERE id = ?1")?
            .execute(params![row.id, quote.edition, quote.users, at])?;
        let body = format!("{} is upgraded ({}): {} was charged.", row.product_name, quote.edition, quote.total);
        messages::send(
            tx,
            &Recipient::buyer(&row.account_id),
            "upgraded",
            Some(row.order_id),
            &format!("{} upgraded", row.product_name),
            &body,
            &at,
        )?;
        upgrade(tx.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?.query_row([id], parse)?)
    })
}
