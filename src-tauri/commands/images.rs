//! Images on cloud servers: the provisioning forms (flavours, networks, fees, the live
//! password check), provisioning itself, the ECS console, hourly bills and agencies.
//!
//! The ECS login password crosses IPC only into `image_password_check` and `image_provision`,
//! as a `LoginPassword` (whose `Debug` prints `***`); no command logs it or returns it.

use koogallery_core::agencies::{self, Agency, AgencyToAuthorize, Purpose};
use koogallery_core::clock::SystemClock;
use koogallery_core::cloud::{self, Flavour, Networks};
use koogallery_core::images::{
    self, EcsConfiguration, EcsInstance, HourlyCharge, LoginPassword, PasswordCheck, ProvisionFees, ProvisionRequest,
    ProvisionResult,
};
use koogallery_core::orders::Services;
use koogallery_core::paging::{Page, PageRequest};
use tauri::State;

use crate::{ApiError, AppState};

#[tauri::command]
#[specta::specta]
pub async fn ecs_flavours(state: State<'_, AppState>) -> Result<Vec<Flavour>, ApiError> {
    Ok(cloud::flavours(state.store()?.conn())?)
}

/// The account's VPCs (with subnets) and security groups, and the group the image's seller
/// recommends.
#[tauri::command]
#[specta::specta]
pub async fn ecs_networks(state: State<'_, AppState>, product_id: String) -> Result<Networks, ApiError> {
    Ok(cloud::networks(state.store()?.conn(), &product_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn image_fees(
    state: State<'_, AppState>,
    configuration: EcsConfiguration,
) -> Result<ProvisionFees, ApiError> {
    Ok(images::fees(state.store()?.conn(), &configuration)?)
}

/// Rule by rule, for the form's live feedback. The answer never contains the password.
#[tauri::command]
#[specta::specta]
pub async fn image_password_check(
    state: State<'_, AppState>,
    product_id: String,
    password: LoginPassword,
) -> Result<PasswordCheck, ApiError> {
    Ok(images::check_for_product(state.store()?.conn(), &product_id, &password)?)
}

#[tauri::command]
#[specta::specta]
pub async fn image_provision(
    state: State<'_, AppState>,
    request: ProvisionRequest,
) -> Result<ProvisionResult, ApiError> {
    Ok(images::provision(&mut *state.store()?, &Services::system(), &request)?)
}

/// The ECS console, a page at a time, the newest first, after billing what is due.
#[tauri::command]
#[specta::specta]
pub async fn ecs_list(state: State<'_, AppState>, page: PageRequest) -> Result<Page<EcsInstance>, ApiError> {
    Ok(images::console(&mut *state.store()?, &Services::system(), page)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ecs_show(state: State<'_, AppState>, id: u32) -> Result<EcsInstance, ApiError> {
    Ok(images::console_show(&mut *state.store()?, &Services::system(), id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ecs_stop(state: State<'_, AppState>, id: u32) -> Result<EcsInstance, ApiError> {
    Ok(images::stop(&mut *state.store()?, &Services::system(), id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ecs_start(state: State<'_, AppState>, id: u32) -> Result<EcsInstance, ApiError> {
    Ok(images::start(&mut *state.store()?, &Services::system(), id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn ecs_delete(state: State<'_, AppState>, id: u32) -> Result<EcsInstance, ApiError> {
    Ok(images::delete(&mut *state.store()?, &Services::system(), id)?)
}

/// Puts `product_id` (its `edition`, or its first) on instance `id`'s system disk.
#[tauri::command]
#[specta::specta]
pub async fn ecs_replace_disk(
    state: State<'_, AppState>,
    id: u32,
    product_id: String,
    edition: Option<String>,
) -> Result<EcsInstance, ApiError> {
    Ok(images::replace_disk(&mut *state.store()?, &Services::system(), id, &product_id, edition.as_deref())?)
}

/// Billing Center's hourly charges, a page at a time, after billing what is due.
#[tauri::command]
#[specta::specta]
pub async fn bills_list(state: State<'_, AppState>, page: PageRequest) -> Result<Page<HourlyCharge>, ApiError> {
    Ok(images::charges(&mut *state.store()?, &Services::system(), page)?)
}

#[tauri::command]
#[specta::specta]
pub async fn agencies_list(state: State<'_, AppState>) -> Result<Vec<Agency>, ApiError> {
    Ok(agencies::list(state.store()?.conn())?)
}

/// What `purpose` still needs the buyer to agree to, with each policy's actions.
#[tauri::command]
#[specta::specta]
pub async fn agencies_pending(
    state: State<'_, AppState>,
    purpose: Purpose,
) -> Result<Vec<AgencyToAuthorize>, ApiError> {
    Ok(agencies::pending(state.store()?.conn(), purpose)?)
}

#[tauri::command]
#[specta::specta]
pub async fn agencies_authorize(state: State<'_, AppState>, purpose: Purpose) -> Result<Vec<Agency>, ApiError> {
    Ok(agencies::authorize_now(&mut *state.store()?, &SystemClock, purpose)?)
}

/// Cancels the agency `name` at once.
#[tauri::command]
#[specta::specta]
pub async fn agency_delete(state: State<'_, AppState>, name: String) -> Result<Vec<Agency>, ApiError> {
    Ok(agencies::delete(&mut *state.store()?, &name)?)
}
