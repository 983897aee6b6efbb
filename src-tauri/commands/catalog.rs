//! Browsing the catalog: the home screen, search, the product page, its price quotes and its
//! user guide, and a seller's page.

use koogallery_core::catalog::model::ProductDetail;
use koogallery_core::catalog::pricing::{Quote, QuoteRequest};
use koogallery_core::catalog::search::{HomeView, SearchQuery, SearchResults};
use koogallery_core::catalog::seller::{self, SellerPage};
use koogallery_core::catalog::{media, pricing, product, search};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn catalog_home(state: State<'_, AppState>) -> Result<HomeView, ApiError> {
    Ok(search::home(&*state.store()?)?)
}

#[tauri::command]
#[specta::specta]
pub async fn catalog_search(state: State<'_, AppState>, query: SearchQuery) -> Result<SearchResults, ApiError> {
    Ok(search::search(&*state.store()?, &query)?)
}

#[tauri::command]
#[specta::specta]
pub async fn product_show(state: State<'_, AppState>, id: String) -> Result<ProductDetail, ApiError> {
    Ok(product::show(state.store()?.conn(), &id)?)
}

/// A seller's page: its contact, its support hours and its most bought products (R-AFT-2).
#[tauri::command]
#[specta::specta]
pub async fn seller_show(state: State<'_, AppState>, id: String) -> Result<SellerPage, ApiError> {
    Ok(seller::show(state.store()?.conn(), &id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn product_quote(state: State<'_, AppState>, request: QuoteRequest) -> Result<Quote, ApiError> {
    Ok(pricing::quote(state.store()?.conn(), &request)?)
}

/// Saves the product's user guide to the Downloads folder, never over another file, and
/// returns the path it was saved to.
#[tauri::command]
#[specta::specta]
pub async fn product_guide_save(state: State<'_, AppState>, id: String) -> Result<String, ApiError> {
    Ok(media::save_guide(state.store()?.conn(), &id, state.downloads()?)?.display().to_string())
}
