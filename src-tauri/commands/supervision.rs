//! Service supervision for the three roles, negotiated unsubscription and messages. Every
//! command reads or acts on a store whose due timers have fired (`AppState::caught_up`).
//!
//! A SaaS delivery's initial password crosses IPC once, into `supervision_act`, as a `Secret`
//! (whose `Debug` prints `***`); no command returns or logs it.

use koogallery_core::clock::SystemClock;
use koogallery_core::messages::{self, Inbox, MessagesQuery};
use koogallery_core::orders::Services;
use koogallery_core::paging::{Page, PageRequest};
use koogallery_core::subscriptions::unsubscribe::{self as standard, StandardRefund, StandardUnsubscribe};
use koogallery_core::supervision::unsubscribe::{self, Unsubscribable, UnsubscriptionRequest};
use koogallery_core::supervision::{export, view, Action, ChainReport, FlowDetail, FlowQuery, FlowSummary, Upload};
use tauri::State;

use crate::{ApiError, AppState};

/// The time the store runs on: the demo clock when set.
fn now(state: &AppState) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    Ok(state.store()?.clock(&SystemClock)?.now)
}

/// Service Supervision: the flows whom the app acts as may see, matching the criteria.
#[tauri::command]
#[specta::specta]
pub async fn supervision_list(state: State<'_, AppState>, query: FlowQuery) -> Result<Vec<FlowSummary>, ApiError> {
    Ok(view::list(state.caught_up()?.conn(), &query)?)
}

#[tauri::command]
#[specta::specta]
pub async fn supervision_show(state: State<'_, AppState>, order_id: u32) -> Result<FlowDetail, ApiError> {
    let now = now(&state)?;
    Ok(view::show(state.caught_up()?.conn(), order_id, now)?)
}

/// Applies an action as whom the app acts as, under the front end's operation id (a repeat
/// changes nothing), and returns the flow as it now stands.
#[tauri::command]
#[specta::specta]
pub async fn supervision_act(
    state: State<'_, AppState>,
    order_id: u32,
    operation_id: Option<String>,
    action: Action,
) -> Result<FlowDetail, ApiError> {
    let mut store = state.caught_up()?;
    koogallery_core::sync::act(&mut store, &Services::system(), order_id, operation_id, action)?;
    Ok(view::show(store.conn(), order_id, store.clock(&SystemClock)?.now)?)
}

/// Seller Console: the flows waiting on the seller, the longest silent first.
#[tauri::command]
#[specta::specta]
pub async fn supervision_queue(state: State<'_, AppState>) -> Result<Vec<FlowSummary>, ApiError> {
    Ok(view::seller_queue(state.caught_up()?.conn())?)
}

/// Operations: every open appeal, the oldest first.
#[tauri::command]
#[specta::specta]
pub async fn appeals_list(state: State<'_, AppState>) -> Result<Vec<FlowSummary>, ApiError> {
    Ok(view::appeals(state.caught_up()?.conn())?)
}

/// Walks the flow's chain: only for a party to the flow, like its page.
#[tauri::command]
#[specta::specta]
pub async fn supervision_verify(state: State<'_, AppState>, order_id: u32) -> Result<ChainReport, ApiError> {
    let now = now(&state)?;
    Ok(view::show(state.store()?.conn(), order_id, now)?.chain)
}

/// Writes the flow's case file into the Downloads folder and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn supervision_export(state: State<'_, AppState>, order_id: u32) -> Result<String, ApiError> {
    let now = now(&state)?;
    Ok(export::export(state.store()?.conn(), order_id, state.downloads()?, now)?.display().to_string())
}

/// Saves one attached file into the Downloads folder and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn supervision_attachment_save(
    state: State<'_, AppState>,
    operation_id: String,
    position: u32,
) -> Result<String, ApiError> {
    let now = now(&state)?;
    Ok(export::save_attachment(state.store()?.conn(), &operation_id, position, state.downloads()?, now)?
        .display()
        .to_string())
}

/// My KooGallery > Unsubscriptions: every paid order, whether it can be unsubscribed and why not.
#[tauri::command]
#[specta::specta]
pub async fn unsubscriptions_list(
    state: State<'_, AppState>,
    page: PageRequest,
) -> Result<Page<Unsubscribable>, ApiError> {
    Ok(unsubscribe::page(state.caught_up()?.conn(), page)?)
}

#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_quote(state: State<'_, AppState>, order_id: u32) -> Result<Unsubscribable, ApiError> {
    Ok(unsubscribe::quote(state.caught_up()?.conn(), order_id)?)
}

/// The refund of unsubscribing a yearly/monthly image by the standard rules now (R-UNS-2), line
/// by line; for one already unsubscribed, the refund it made.
#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_standard_quote(state: State<'_, AppState>, order_id: u32) -> Result<StandardRefund, ApiError> {
    let now = now(&state)?;
    Ok(standard::quote(state.caught_up()?.conn(), order_id, now)?)
}

/// Unsubscribes a yearly/monthly image by the standard rules (R-UNS-2): refunded, cancelled
/// and its resources released at once. `expected_refund` is the refund the buyer confirmed:
/// refused if it has changed since. A repeat answers with the first refund.
#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_standard(
    state: State<'_, AppState>,
    order_id: u32,
    expected_refund: Option<String>,
) -> Result<StandardRefund, ApiError> {
    let mut store = state.caught_up()?;
    let request = StandardUnsubscribe { order_id, expected_refund };
    Ok(standard::unsubscribe(&mut store, &Services::system(), &request)?)
}

/// Asks for a negotiated unsubscription (R-UNS-3) and returns the order as the list shows it.
#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_request(
    state: State<'_, AppState>,
    order_id: u32,
    operation_id: Option<String>,
    amount: String,
    reason: String,
    share_contact: bool,
) -> Result<Unsubscribable, ApiError> {
    let mut store = state.caught_up()?;
    let action = Action::RequestUnsubscription { amount, reason, share_contact };
    koogallery_core::sync::act(&mut store, &Services::system(), order_id, operation_id, action)?;
    Ok(unsubscribe::quote(store.conn(), order_id)?)
}

/// Seller Console > Orders > Unsubscriptions.
#[tauri::command]
#[specta::specta]
pub async fn unsubscriptions_received(state: State<'_, AppState>) -> Result<Vec<UnsubscriptionRequest>, ApiError> {
    Ok(unsubscribe::for_seller(state.caught_up()?.conn())?)
}

/// The seller approves or rejects a request, with comments and its records of the talks.
#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_review(
    state: State<'_, AppState>,
    request_id: u32,
    operation_id: Option<String>,
    approve: bool,
    comment: String,
    records: Vec<Upload>,
) -> Result<Vec<UnsubscriptionRequest>, ApiError> {
    let mut store = state.caught_up()?;
    let order_id = unsubscribe::order_of(store.conn(), request_id)?;
    let action = Action::ReviewUnsubscription { request_id, approve, comment, records };
    koogallery_core::sync::act(&mut store, &Services::system(), order_id, operation_id, action)?;
    Ok(unsubscribe::for_seller(store.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn messages_list(state: State<'_, AppState>, query: MessagesQuery) -> Result<Inbox, ApiError> {
    Ok(messages::list(state.caught_up()?.conn(), &query)?)
}

#[tauri::command]
#[specta::specta]
pub async fn messages_unread(state: State<'_, AppState>) -> Result<u32, ApiError> {
    Ok(messages::unread(state.caught_up()?.conn())?)
}

/// Marks the messages named read, or all of the current role's when none are named, and answers
/// the page `query` asks for.
#[tauri::command]
#[specta::specta]
pub async fn messages_read(state: State<'_, AppState>, ids: Vec<u32>, query: MessagesQuery) -> Result<Inbox, ApiError> {
    let at = now(&state)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(messages::mark_read(&mut *state.store()?, &ids, &at, &query)?)
}
