//! Billing Center > Renewals: the buyer's subscriptions, one with its timeline and renewals,
//! renewing by hand, and automatic renewal. Every command reads a store whose due timers have
//! fired (`AppState::caught_up`).

use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::clock::SystemClock;
use koogallery_core::orders::Services;
use koogallery_core::subscriptions::upgrade::{self, Upgrade, UpgradeQuote, UpgradeRequest};
use koogallery_core::subscriptions::{
    self, AutoRenewChoice, RenewRequest, Renewal, RenewalQuote, RenewalsPage, RenewalsQuery, Subscription,
    SubscriptionDetail,
};
use tauri::State;

use crate::{ApiError, AppState};

/// The buyer's subscriptions bought by these orders: what Resource Details and the ECS Console
/// look up. At most 10,000 orders.
#[tauri::command]
#[specta::specta]
pub async fn subscriptions_of_orders(
    state: State<'_, AppState>,
    orders: Vec<u32>,
) -> Result<Vec<Subscription>, ApiError> {
    let store = state.caught_up()?;
    Ok(subscriptions::of_orders(store.conn(), store.clock(&SystemClock)?.now, &orders)?)
}

/// Renewals: one tab's subscriptions, found by product name, a page at a time, with every tab's count.
#[tauri::command]
#[specta::specta]
pub async fn subscriptions_renewals(
    state: State<'_, AppState>,
    query: RenewalsQuery,
) -> Result<RenewalsPage, ApiError> {
    let store = state.caught_up()?;
    Ok(subscriptions::renewals(store.conn(), store.clock(&SystemClock)?.now, &query)?)
}

/// One subscription with its timeline (what will happen on which date) and its renewals.
#[tauri::command]
#[specta::specta]
pub async fn subscription_show(state: State<'_, AppState>, id: u32) -> Result<SubscriptionDetail, ApiError> {
    let store = state.caught_up()?;
    Ok(subscriptions::show(store.conn(), id, store.clock(&SystemClock)?.now)?)
}

/// What renewing for `duration` months or years would cost, and the expiry it would give.
#[tauri::command]
#[specta::specta]
pub async fn subscription_renewal_quote(
    state: State<'_, AppState>,
    id: u32,
    period: BillingPeriod,
    duration: u32,
) -> Result<RenewalQuote, ApiError> {
    Ok(subscriptions::quote_renewal(state.caught_up()?.conn(), id, period, duration)?)
}

/// Renews by hand at the quoted price; the same idempotency key pays once.
#[tauri::command]
#[specta::specta]
pub async fn subscription_renew(state: State<'_, AppState>, request: RenewRequest) -> Result<Renewal, ApiError> {
    Ok(subscriptions::renew(&mut *state.caught_up()?, &Services::system(), &request)?)
}

/// Switches automatic renewal on, changes it, or off, and returns the subscription as it now
/// stands (switched on past its charge time, it has charged at once).
#[tauri::command]
#[specta::specta]
pub async fn subscription_auto_renew(
    state: State<'_, AppState>,
    id: u32,
    choice: AutoRenewChoice,
) -> Result<SubscriptionDetail, ApiError> {
    let mut store = state.caught_up()?;
    subscriptions::set_auto_renew(&mut store, &Services::system(), id, &choice)?;
    Ok(subscriptions::show(store.conn(), id, store.clock(&SystemClock)?.now)?)
}

/// Upgrade Specification: the fee of a higher edition and/or more users, explained line by line.
#[tauri::command]
#[specta::specta]
pub async fn subscription_upgrade_quote(
    state: State<'_, AppState>,
    id: u32,
    edition: Option<String>,
    users: Option<u32>,
) -> Result<UpgradeQuote, ApiError> {
    let store = state.caught_up()?;
    Ok(upgrade::quote(store.conn(), id, edition, users, store.clock(&SystemClock)?.now)?)
}

/// Pays an upgrade; the same idempotency key pays once.
#[tauri::command]
#[specta::specta]
pub async fn subscription_upgrade(state: State<'_, AppState>, request: UpgradeRequest) -> Result<Upgrade, ApiError> {
    Ok(upgrade::pay(&mut *state.caught_up()?, &Services::system(), &request)?)
}
