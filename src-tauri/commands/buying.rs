//! Buying: the buyer account, checkout and My Orders, and Purchased Apps.

use koogallery_core::accounts::{self, Account};
use koogallery_core::apps::{self, PurchasedApp};
use koogallery_core::clock::SystemClock;
use koogallery_core::orders::{self, CheckoutRequest, Order, OrderDetail, OrdersPage, OrdersQuery, Services};
use koogallery_core::paging::{Page, PageRequest};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::store::secrets::Secret;
use koogallery_core::time_zone;
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn account_show(state: State<'_, AppState>) -> Result<Account, ApiError> {
    Ok(accounts::show(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_switch(state: State<'_, AppState>, account_id: String) -> Result<Account, ApiError> {
    Ok(accounts::switch(&mut *state.store()?, &account_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_top_up(state: State<'_, AppState>, amount: String) -> Result<Account, ApiError> {
    Ok(accounts::top_up(&mut *state.store()?, &SystemClock, &amount)?)
}

/// The card number crosses once, to the core, which keeps only its brand, last four digits and
/// the provider's token.
#[tauri::command]
#[specta::specta]
pub async fn account_add_card(state: State<'_, AppState>, number: String) -> Result<Account, ApiError> {
    Ok(accounts::add_card_to_current(&mut *state.store()?, &SimulatedProvider, &SystemClock, &number)?)
}

#[tauri::command]
#[specta::specta]
pub async fn account_request_credit(state: State<'_, AppState>) -> Result<Account, ApiError> {
    Ok(accounts::request_credit(&mut *state.store()?)?)
}

/// Billing Center > Account: the buyer's time zone, an IANA name such as "Europe/Berlin".
#[tauri::command]
#[specta::specta]
pub async fn account_set_time_zone(state: State<'_, AppState>, zone: String) -> Result<Account, ApiError> {
    Ok(time_zone::change(&mut *state.store()?, &SystemClock, &zone)?)
}

#[tauri::command]
#[specta::specta]
pub async fn order_place(state: State<'_, AppState>, request: CheckoutRequest) -> Result<OrderDetail, ApiError> {
    Ok(orders::place(&mut *state.store()?, &Services::system(), &request)?)
}

/// Billing Center > My Orders, a page at a time, the newest first.
#[tauri::command]
#[specta::specta]
pub async fn orders_list(state: State<'_, AppState>, page: PageRequest) -> Result<Page<Order>, ApiError> {
    Ok(orders::page(state.store()?.conn(), page)?)
}

/// Seller Center: the orders the seller the app acts for received, by status, a page at a time.
#[tauri::command]
#[specta::specta]
pub async fn orders_received(state: State<'_, AppState>, query: OrdersQuery) -> Result<OrdersPage, ApiError> {
    Ok(orders::received_page(state.store()?.conn(), &query)?)
}

/// Operations: every order in the marketplace, by status, a page at a time.
#[tauri::command]
#[specta::specta]
pub async fn orders_all(state: State<'_, AppState>, query: OrdersQuery) -> Result<OrdersPage, ApiError> {
    Ok(orders::all_page(state.store()?.conn(), &query)?)
}

#[tauri::command]
#[specta::specta]
pub async fn order_show(state: State<'_, AppState>, id: u32) -> Result<OrderDetail, ApiError> {
    Ok(orders::show(state.store()?.conn(), id)?)
}

/// My KooGallery > Purchased Apps, a page at a time, the newest first.
#[tauri::command]
#[specta::specta]
pub async fn apps_list(state: State<'_, AppState>, page: PageRequest) -> Result<Page<PurchasedApp>, ApiError> {
    Ok(apps::page(state.store()?.conn(), page)?)
}

#[tauri::command]
#[specta::specta]
pub async fn app_show(state: State<'_, AppState>, order_id: u32) -> Result<PurchasedApp, ApiError> {
    Ok(apps::show(state.store()?.conn(), order_id)?)
}

/// The only command that returns a password: the UI calls it when the eye icon is clicked.
#[tauri::command]
#[specta::specta]
pub async fn app_reveal_password(state: State<'_, AppState>, order_id: u32) -> Result<Secret, ApiError> {
    let store = state.store()?;
    Ok(apps::reveal_password(store.conn(), store.secret_key(), order_id)?)
}
