//! Demo mode (R-DEMO): the sandbox's state, putting it back to its first state, and the time
//! machine. Every command refuses outside demo mode.

use chrono::SecondsFormat;
use koogallery_core::clock::SystemClock;
use koogallery_core::demo::{TimeStep, Travel};
use koogallery_core::orders::Services;
use koogallery_core::scheduler::{self, Upcoming};
use koogallery_core::Store;
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::{ApiError, AppState};

/// Where the demo stands: its clock, the moves that can be undone, what fires next, and after
/// how many minutes without input it starts over; after a reset, whether a new page is on its
/// way to take the place of the one that asked (which then stops: the store is the next
/// visitor's).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DemoStatus {
    pub clock: String,
    pub undoable: u32,
    pub upcoming: Vec<Upcoming>,
    pub idle_reset_minutes: u32,
    pub new_page: bool,
}

/// How many of the next timers the time machine shows.
const SHOWN_AHEAD: u32 = 5;

fn status(state: &AppState, store: &Store) -> Result<DemoStatus, ApiError> {
    Ok(DemoStatus {
        clock: store.clock(&SystemClock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true),
        undoable: state.sandbox()?.undoable()?,
        upcoming: scheduler::upcoming(store, SHOWN_AHEAD)?,
        idle_reset_minutes: state.idle_reset_minutes(),
        new_page: false,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn demo_status(state: State<'_, AppState>) -> Result<DemoStatus, ApiError> {
    let store = state.store()?;
    status(&state, &store)
}

/// Puts the sandbox back to its first state (R-DEMO-1). For the `next_visitor` (not for a tour
/// starting over), also a new page in a web process of its own, which takes the place of this
/// one once drawn (`window.rs`); the memory the last visitor's session used goes back to the
/// system.
#[tauri::command]
#[specta::specta]
pub async fn demo_reset<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    next_visitor: bool,
) -> Result<DemoStatus, ApiError> {
    let mut store = state.store()?;
    state.sandbox()?.reset(&mut store)?;
    let mut status = status(&state, &store)?;
    drop(store);
    // The store is reset whatever happens to the window: should no new one open, the visitor
    // goes on in this one, as new as the store.
    if next_visitor {
        status.new_page = crate::window::open_in_place_of(&window).unwrap_or_else(|e| {
            eprintln!("KooGallery could not open a new page for the next visitor: {e}");
            false
        });
    }
    crate::memory::give_back_freed();
    Ok(status)
}

/// Moves the clock by `step`, listing what fired (R-DEMO-2).
#[tauri::command]
#[specta::specta]
pub async fn demo_travel(state: State<'_, AppState>, step: TimeStep) -> Result<Travel, ApiError> {
    Ok(state.sandbox()?.travel(&mut *state.store()?, &Services::system(), step.into())?)
}

/// Puts the store back as it was before the last move.
#[tauri::command]
#[specta::specta]
pub async fn demo_undo(state: State<'_, AppState>) -> Result<DemoStatus, ApiError> {
    let mut store = state.store()?;
    state.sandbox()?.undo(&mut store, &Services::system())?;
    status(&state, &store)
}
