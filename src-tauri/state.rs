//! The state every command shares: the open store, where it is kept, and the folder files are
//! saved to.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::SubsecRound;
use koogallery_core::demo::Sandbox;
use koogallery_core::{demo, store, sync, ErrorCode, Store};

use crate::ApiError;

pub struct AppState {
    store: Mutex<Store>,
    /// The data file the app was started on (none in tests on a store in memory): a seller's
    /// copy is made beside it.
    data_file: Option<PathBuf>,
    /// In demo mode, the sandbox the store is (R-DEMO-1), and after how many minutes without
    /// input it is put back by itself.
    sandbox: Option<Sandbox>,
    idle_reset_minutes: u32,
    downloads: Option<PathBuf>,
}

impl AppState {
    /// The state over `store`, saving files to the person's Downloads folder: the one their
    /// desktop names (XDG user dirs, the Windows and macOS known folders), else ~/Downloads.
    pub fn new(store: Store) -> Self {
        let downloads = dirs::download_dir().or_else(|| dirs::home_dir().map(|home| home.join("Downloads")));
        AppState { store: Mutex::new(store), data_file: None, sandbox: None, idle_reset_minutes: 0, downloads }
    }

    /// The same state, saving files to `folder` instead (tests).
    pub fn with_downloads(self, folder: impl Into<PathBuf>) -> Self {
        AppState { downloads: Some(folder.into()), ..self }
    }

    /// The store `KG_DB` names, or the default data file; a new store gets the demo catalog.
    /// When the app was connected to a marketplace as a seller, the seller's copy beside that
    /// file instead (`sync::copy_path`).
    pub fn open_default() -> koogallery_core::Result<Self> {
        let data_file = store::resolve_path(None)?;
        let copy = sync::copy_path(&data_file);
        let store = if copy.exists() { Store::open(&copy)? } else { demo::open(&data_file)? };
        Ok(AppState { data_file: Some(data_file), ..Self::new(store) })
    }

    /// Demo mode: the sandbox in the data file's folder (`demo-sandbox.db`), at its first
    /// state; the data file itself is left alone.
    ///
    /// The sandbox is put back by itself after `KG_DEMO_IDLE_MINUTES` without input (1 to 60;
    /// 3 when unset).
    pub fn open_demo() -> koogallery_core::Result<Self> {
        let data_file = store::resolve_path(None)?;
        let idle = idle_reset_minutes(std::env::var("KG_DEMO_IDLE_MINUTES").ok().as_deref())?;
        let state = Self::in_sandbox(Sandbox::at(&data_file.with_file_name("demo-sandbox.db")))?;
        Ok(AppState { idle_reset_minutes: idle, ..state })
    }

    /// After how many minutes without input demo mode puts the sandbox back.
    pub fn idle_reset_minutes(&self) -> u32 {
        self.idle_reset_minutes
    }

    /// The state over `sandbox`, at its first state.
    pub fn in_sandbox(sandbox: Sandbox) -> koogallery_core::Result<Self> {
        let store = sandbox.open(chrono::Utc::now().trunc_subsecs(0))?;
        Ok(AppState { sandbox: Some(sandbox), idle_reset_minutes: DEFAULT_IDLE_RESET_MINUTES, ..Self::new(store) })
    }

    /// The sandbox, in demo mode.
    pub fn sandbox(&self) -> Result<&Sandbox, ApiError> {
        self.sandbox.as_ref().ok_or_else(|| ApiError {
            code: ErrorCode::Forbidden,
            message: "the app is not in demo mode (start it with --demo)".into(),
        })
    }

    /// A new, empty store for a seller's copy: beside the data file, or in memory in tests.
    pub fn new_copy(&self) -> koogallery_core::Result<(Store, Option<PathBuf>)> {
        let Some(data_file) = &self.data_file else { return Ok((Store::open_in_memory()?, None)) };
        let copy = sync::copy_path(data_file);
        // A file left by a connection that failed half-way holds nothing worth keeping.
        if copy.exists() && !sync::is_copy(Store::open(&copy)?.conn())? {
            remove_store_files(&copy);
        }
        Ok((Store::open(&copy)?, Some(copy)))
    }

    /// From now on every command works on `store`.
    pub fn replace_store(&self, store: Store) -> Result<(), ApiError> {
        *self.store()? = store;
        Ok(())
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

/// Removes a data file that never became a copy, with its key and SQLite's side files.
pub fn remove_store_files(data_file: &Path) {
    for extension in ["db", "db-wal", "db-shm", "key"] {
        let _ = std::fs::remove_file(data_file.with_extension(extension));
    }
}

/// Minutes without input after which demo mode starts over, unless the stand says otherwise.
pub const DEFAULT_IDLE_RESET_MINUTES: u32 = 3;

/// `KG_DEMO_IDLE_MINUTES` as minutes: 1 to 60, the default when unset.
fn idle_reset_minutes(setting: Option<&str>) -> koogallery_core::Result<u32> {
    match setting.map(str::trim) {
        None | Some("") => Ok(DEFAULT_IDLE_RESET_MINUTES),
        Some(text) => text.parse().ok().filter(|m| (1..=60).contains(m)).ok_or_else(|| {
            koogallery_core::CoreError::invalid(format!(
                "KG_DEMO_IDLE_MINUTES: {text:?} is not a number of minutes from 1 to 60"
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_demo_1_a_stand_starts_over_after_3_minutes_alone_unless_it_says_otherwise() {
        assert_eq!(idle_reset_minutes(None).unwrap(), 3);
        assert_eq!(idle_reset_minutes(Some("")).unwrap(), 3);
        assert_eq!(idle_reset_minutes(Some(" 10 ")).unwrap(), 10);
        for bad in ["0", "61", "soon", "-1", "2.5"] {
            assert!(idle_reset_minutes(Some(bad)).is_err(), "{bad:?}");
        }
    }
}
