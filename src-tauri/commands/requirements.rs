//! Product requirements: a buyer who found nothing tells the marketplace what it needs.

use koogallery_core::clock::SystemClock;
use koogallery_core::requirements::{self, Requirement, RequirementForm};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn requirement_submit(state: State<'_, AppState>, form: RequirementForm) -> Result<Requirement, ApiError> {
    Ok(requirements::submit(&mut *state.store()?, &SystemClock, &form)?)
}

#[tauri::command]
#[specta::specta]
pub async fn requirements_list(state: State<'_, AppState>) -> Result<Vec<Requirement>, ApiError> {
    Ok(requirements::list(state.store()?.conn())?)
}
