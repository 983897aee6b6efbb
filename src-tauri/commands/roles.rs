//! Who the app acts as: a buyer account, a seller, or the operations manager.

use koogallery_core::roles::{self, ActingAs, RoleChoice};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn role_show(state: State<'_, AppState>) -> Result<ActingAs, ApiError> {
    Ok(roles::show(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn role_switch(state: State<'_, AppState>, choice: RoleChoice) -> Result<ActingAs, ApiError> {
    Ok(roles::switch(&mut *state.store()?, &choice)?)
}
