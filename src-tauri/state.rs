//! The state every command shares: the open store, and the folder files are saved to.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use koogallery_core::{demo, store, ErrorCode, Store};

use crate::ApiError;

pub struct AppState {
    store: Mutex<Store>,
    downloads: Option<PathBuf>,
}

impl AppState {
    /// The state over `store`, saving files to the person's Downloads folder: the one their
    /// desktop names (XDG user dirs, the Windows and macOS known folders), else ~/Downloads.
    pub fn new(store: Store) -> Self {
        let downloads = dirs::download_dir().or_else(|| dirs::home_dir().map(|home| home.join("Downloads")));
        AppState { store: Mutex::new(store), downloads }
    }

    /// The same state, saving files to `folder` instead (tests).
    pub fn with_downloads(self, folder: impl Into<PathBuf>) -> Self {
        AppState { downloads: Some(folder.into()), ..self }
    }

    /// The store `KG_DB` names, or the default data file; a new store gets the demo catalog.
    pub fn open_default() -> koogallery_core::Result<Self> {
        Ok(Self::new(demo::open(&store::resolve_path(None)?)?))
    }

    /// Where downloaded files go.
    pub fn downloads(&self) -> Result<&Path, ApiError> {
        self.downloads.as_deref().ok_or_else(|| ApiError {
            code: ErrorCode::Storage,
            message: "there is no Downloads folder (HOME is not set); set HOME and try again".into(),
        })
    }

    /// The store, with every timer due by now fired first (completions, refunds, metering):
    /// what the screens of supervision, unsubscription and messages read.
    pub fn caught_up(&self) -> Result<MutexGuard<'_, Store>, ApiError> {
        let mut store = self.store()?;
        koogallery_core::scheduler::catch_up(&mut store, &koogallery_core::orders::Services::system())?;
        Ok(store)
    }

    pub fn store(&self) -> Result<MutexGuard<'_, Store>, ApiError> {
        // A panic while the lock was held cannot leave the store half-written (every write
        // is one transaction), so the store is still good to use.
        Ok(self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}
