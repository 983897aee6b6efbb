//! My Favorites: saving a product with its specification, removing it, listing.

use koogallery_core::clock::SystemClock;
use koogallery_core::favorites::{self, Favorite, FavoriteSpec};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn favorite_save(
    state: State<'_, AppState>,
    product_id: String,
    spec: FavoriteSpec,
) -> Result<Favorite, ApiError> {
    Ok(favorites::save(&mut *state.store()?, &SystemClock, &product_id, &spec)?)
}

#[tauri::command]
#[specta::specta]
pub async fn favorite_remove(state: State<'_, AppState>, product_id: String) -> Result<(), ApiError> {
    Ok(favorites::remove(&mut *state.store()?, &product_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn favorites_list(state: State<'_, AppState>) -> Result<Vec<Favorite>, ApiError> {
    Ok(favorites::list(state.store()?.conn())?)
}
