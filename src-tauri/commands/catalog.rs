//! Browsing the catalog: the home screen, search, the product page.

use koogallery_core::catalog::model::ProductDetail;
use koogallery_core::catalog::search::{HomeView, SearchQuery, SearchResults};
use koogallery_core::catalog::{product, search};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn catalog_home(state: State<'_, AppState>) -> Result<HomeView, ApiError> {
    Ok(search::home(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn catalog_search(state: State<'_, AppState>, query: SearchQuery) -> Result<SearchResults, ApiError> {
    Ok(search::search(state.store()?.conn(), &query)?)
}

#[tauri::command]
#[specta::specta]
pub async fn product_show(state: State<'_, AppState>, id: String) -> Result<ProductDetail, ApiError> {
    Ok(product::show(state.store()?.conn(), &id)?)
}
