//! Sellers who work offline (R-SYNC): on a seller's laptop, connecting the app to a
//! marketplace, its status and conflicts, and a sync now; on the marketplace, enrolling
//! laptops. A call to the marketplace blocks on the network (a blocking HTTP client, whose
//! own runtime may not be dropped on an async worker): it runs in `on_network`.

use std::time::Duration;

use koogallery_core::orders::Services;
use koogallery_core::sync::{self, Device, EnrolmentCode, Pending, Round, Status};
use koogallery_core::{CoreError, Store};
use koogallery_server::client::Http;
use tauri::State;

use crate::state::remove_store_files;
use crate::{ApiError, AppState};

/// How long the app waits for the marketplace's address to answer before it calls it offline.
const LOOK_WITHIN: Duration = Duration::from_secs(3);

/// The seller's copy's status: online or offline, what waits, how many conflicts; `null` when
/// the app works on a marketplace.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<Option<Status>, ApiError> {
    Ok(sync::status(state.store()?.conn())?)
}

/// Pushes what waits and pulls what changed, once.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Result<Round, ApiError> {
    on_network(|| round(&state))
}

/// The actions the marketplace refused, with their reasons, and those withdrawn with them.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<Pending>, ApiError> {
    Ok(sync::conflicts(state.store()?.conn())?)
}

/// Makes the app a seller's copy of the marketplace at `address` with an enrolment code: a new
/// data file beside this one, synced once, which the app works on from now on.
#[tauri::command]
#[specta::specta]
pub async fn sync_connect(
    state: State<'_, AppState>,
    address: String,
    code: String,
    device_name: String,
    fingerprint: Option<String>,
) -> Result<Status, ApiError> {
    on_network(|| connect_app(&state, &address, &code, &device_name, fingerprint.as_deref()))
}

fn connect_app(
    state: &AppState,
    address: &str,
    code: &str,
    device_name: &str,
    fingerprint: Option<&str>,
) -> Result<Status, ApiError> {
    let address = address.trim().trim_end_matches('/');
    if sync::is_copy(state.store()?.conn())? {
        let link = sync::link(state.store()?.conn())?;
        return Err(CoreError::Conflict(format!(
            "this app is already a copy of {} for {}",
            link.address, link.seller_id
        ))
        .into());
    }
    let marketplace = client(address, fingerprint.filter(|f| !f.trim().is_empty()))?;
    let (mut copy, file) = state.new_copy()?;
    match connect(&mut copy, &marketplace, address, code, device_name) {
        Ok(status) => {
            state.replace_store(copy)?;
            Ok(status)
        }
        Err(err) => {
            drop(copy);
            if let Some(file) = file {
                remove_store_files(&file);
            }
            Err(err)
        }
    }
}

fn connect(
    copy: &mut Store,
    marketplace: &Http,
    address: &str,
    code: &str,
    device_name: &str,
) -> Result<Status, ApiError> {
    // The fingerprint kept is the client's, in the one form it is shown and compared.
    let fingerprint = marketplace.fingerprint();
    sync::connect(copy, &Services::system(), marketplace, address, fingerprint, code.trim(), device_name.trim())?;
    sync::sync_once(copy, &Services::system(), marketplace)?;
    sync::status(copy.conn())?.ok_or_else(|| CoreError::Internal("the copy has no link".into()).into())
}

/// Operations: a one-time code with which a laptop of `seller_id` connects.
#[tauri::command]
#[specta::specta]
pub async fn sync_enrol(state: State<'_, AppState>, seller_id: String) -> Result<EnrolmentCode, ApiError> {
    Ok(sync::issue_code(&mut *state.store()?, &Services::system(), &seller_id)?)
}

/// Operations: every enrolled laptop, the newest first.
#[tauri::command]
#[specta::specta]
pub async fn sync_devices(state: State<'_, AppState>) -> Result<Vec<Device>, ApiError> {
    Ok(sync::devices(state.store()?.conn(), None)?)
}

/// Operations: a laptop's token stops working.
#[tauri::command]
#[specta::specta]
pub async fn sync_revoke(state: State<'_, AppState>, device_id: u32) -> Result<Device, ApiError> {
    Ok(sync::revoke(&mut *state.store()?, &Services::system(), device_id)?)
}

/// One round for the copy the app works on: a marketplace whose address does not answer is
/// noted offline without taking the store for long.
pub fn round(state: &AppState) -> Result<Round, ApiError> {
    let link = sync::link(state.store()?.conn())?;
    let marketplace = client(&link.address, link.fingerprint.as_deref())?;
    if let Err(sync::CallError::Unreachable(why)) = marketplace.reachable(LOOK_WITHIN) {
        let mut store = state.store()?;
        sync::note_unreachable(&mut store, &why)?;
        let waiting = sync::waiting(store.conn())?.len() as u32;
        return Ok(Round { waiting, unreachable: Some(why), ..Round::default() });
    }
    Ok(sync::sync_once(&mut *state.store()?, &Services::system(), &marketplace)?)
}

/// Runs `work`, which waits on the network, where an async worker may block.
fn on_network<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// The marketplace at `address`, pinned to `fingerprint` when it serves TLS.
fn client(address: &str, fingerprint: Option<&str>) -> Result<Http, ApiError> {
    Http::new(address, fingerprint).map_err(|err| match err {
        sync::CallError::Refused { code: _, message } | sync::CallError::Unreachable(message) => {
            CoreError::invalid(message).into()
        }
    })
}
