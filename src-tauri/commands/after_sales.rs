//! After sales: Billing Center > Invoices (R-AFT-1) and service tickets (R-AFT-3), for the
//! buyer and the operations manager. An issued invoice is saved as a PDF into the Downloads
//! folder, like a user guide, and the path is returned.

use koogallery_core::clock::SystemClock;
use koogallery_core::invoices::{self, Invoice, InvoiceCorrection, InvoiceRequest, InvoiceableOrder};
use koogallery_core::paging::{Page, PageRequest};
use koogallery_core::tickets::{self, Ticket, TicketForm};
use tauri::State;

use crate::{ApiError, AppState};

/// The buyer's paid orders, a page at a time, the newest first, each with whether it can be
/// invoiced and why not.
#[tauri::command]
#[specta::specta]
pub async fn invoice_orders(state: State<'_, AppState>, page: PageRequest) -> Result<Page<InvoiceableOrder>, ApiError> {
    Ok(invoices::invoiceable_page(state.store()?.conn(), page)?)
}

/// The buyer's invoices, or every invoice for the operations manager.
#[tauri::command]
#[specta::specta]
pub async fn invoices_list(state: State<'_, AppState>) -> Result<Vec<Invoice>, ApiError> {
    Ok(invoices::list(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_show(state: State<'_, AppState>, id: u32) -> Result<Invoice, ApiError> {
    Ok(invoices::show(state.store()?.conn(), id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_request(state: State<'_, AppState>, request: InvoiceRequest) -> Result<Invoice, ApiError> {
    let mut store = state.store()?;
    Ok(invoices::request(&mut store, &SystemClock, &request)?)
}

/// Operations: issues a submitted invoice; its buyer is told.
#[tauri::command]
#[specta::specta]
pub async fn invoice_issue(state: State<'_, AppState>, id: u32) -> Result<Invoice, ApiError> {
    let mut store = state.store()?;
    Ok(invoices::issue(&mut store, &SystemClock, id)?)
}

/// Reissues an issued invoice with corrected details; returns the new invoice.
#[tauri::command]
#[specta::specta]
pub async fn invoice_reissue(
    state: State<'_, AppState>,
    id: u32,
    correction: InvoiceCorrection,
) -> Result<Invoice, ApiError> {
    let mut store = state.store()?;
    Ok(invoices::reissue(&mut store, &SystemClock, id, &correction)?)
}

/// Writes an issued invoice's PDF into the Downloads folder and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn invoice_save(state: State<'_, AppState>, id: u32) -> Result<String, ApiError> {
    Ok(invoices::save(state.store()?.conn(), id, state.downloads()?)?.display().to_string())
}

/// The buyer's service tickets, or every ticket for the operations manager.
#[tauri::command]
#[specta::specta]
pub async fn tickets_list(state: State<'_, AppState>) -> Result<Vec<Ticket>, ApiError> {
    Ok(tickets::list(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn ticket_show(state: State<'_, AppState>, id: u32) -> Result<Ticket, ApiError> {
    Ok(tickets::show(state.store()?.conn(), id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ticket_open(state: State<'_, AppState>, form: TicketForm) -> Result<Ticket, ApiError> {
    let mut store = state.store()?;
    Ok(tickets::open(&mut store, &SystemClock, &form)?)
}

/// Operations: answers an open ticket; its buyer is told.
#[tauri::command]
#[specta::specta]
pub async fn ticket_answer(state: State<'_, AppState>, id: u32, reply: String) -> Result<Ticket, ApiError> {
    let mut store = state.store()?;
    Ok(tickets::answer(&mut store, &SystemClock, id, &reply)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ticket_close(state: State<'_, AppState>, id: u32) -> Result<Ticket, ApiError> {
    let mut store = state.store()?;
    Ok(tickets::close(&mut store, &SystemClock, id)?)
}

/// Saves one of a ticket's files into the Downloads folder and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn ticket_attachment_save(state: State<'_, AppState>, id: u32, position: u32) -> Result<String, ApiError> {
    Ok(tickets::save_attachment(state.store()?.conn(), id, position, state.downloads()?)?.display().to_string())
}
