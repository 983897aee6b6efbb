//! The state every command shares: the open store.

use std::sync::{Mutex, MutexGuard};

use koogallery_core::{demo, store, Store};

use crate::ApiError;

pub struct AppState {
    store: Mutex<Store>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState { store: Mutex::new(store) }
    }

    /// The store `KG_DB` names, or the default data file; a new store gets the demo catalog.
    pub fn open_default() -> koogallery_core::Result<Self> {
        Ok(Self::new(demo::open(&store::resolve_path(None)?)?))
    }

    pub fn store(&self) -> Result<MutexGuard<'_, Store>, ApiError> {
        // A panic while the lock was held cannot leave the store half-written (every write
        // is one transaction), so the store is still good to use.
        Ok(self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}
