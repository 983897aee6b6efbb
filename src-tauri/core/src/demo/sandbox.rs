//! Demo mode's sandbox (R-DEMO-1): a data file of its own, holding the demo store with its
//! clock stopped, that only the demo writes; its first state is kept as a snapshot beside it
//! and put back in well under a second, by hand or when the stand has been left alone.
//!
//! `x.db` is the sandbox, `x.first.db` its first state, and `x.undo/` the states before each
//! move of the time machine (`time_machine`). The first state is made once per build of the
//! app and demo catalog; a sandbox whose first state another build made is prepared anew.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::{CoreError, Result, Store};

/// The setting that marks a sandbox, naming the build that prepared its first state.
const SANDBOX_KEY: &str = "demo_sandbox";

/// A sandbox, named by its data file.
#[derive(Debug, Clone)]
pub struct Sandbox {
    data_file: PathBuf,
}

impl Sandbox {
    pub fn at(data_file: &Path) -> Sandbox {
        Sandbox { data_file: data_file.to_path_buf() }
    }

    pub fn data_file(&self) -> &Path {
        &self.data_file
    }

    fn beside(&self, suffix: &str) -> PathBuf {
        let stem = self.data_file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.data_file.with_file_name(format!("{stem}{suffix}"))
    }

    /// The snapshot of the first state.
    pub fn first_state(&self) -> PathBuf {
        self.beside(".first.db")
    }

    /// The folder of the states the time machine can go back to.
    pub(super) fn undo_folder(&self) -> PathBuf {
        self.beside(".undo")
    }

    /// Opens the sandbox in its first state. The first time (or after another build), the
    /// first state is made: the demo store with its history counted back from `now` and its
    /// clock stopped there, so that every visitor meets the same moment.
    pub fn open(&self, now: DateTime<Utc>) -> Result<Store> {
        let mut store = Store::open(&self.data_file)?;
        if !self.first_state_is_current()? {
            self.prepare(&mut store, now)?;
        }
        self.reset(&mut store)?;
        Ok(store)
    }

    fn prepare(&self, store: &mut Store, now: DateTime<Utc>) -> Result<()> {
        super::reset_at(store, now)?;
        store.set_demo_clock(now)?;
        store.write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [SANDBOX_KEY, &build()])?;
            Ok(())
        })?;
        store.save_snapshot(&self.first_state())
    }

    /// True when the first state was made by this build, from this demo catalog.
    fn first_state_is_current(&self) -> Result<bool> {
        let first = self.first_state();
        if !first.exists() {
            return Ok(false);
        }
        let conn = Connection::open_with_flags(&first, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let made_by: Option<String> = conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [SANDBOX_KEY], |r| r.get(0))
            .optional()
            .unwrap_or(None);
        Ok(made_by.as_deref() == Some(build().as_str()))
    }

    /// Puts the sandbox back to its first state (R-DEMO-1) and forgets the moves to undo.
    pub fn reset(&self, store: &mut Store) -> Result<()> {
        store.restore_snapshot(&self.first_state())?;
        let undo = self.undo_folder();
        if undo.exists() {
            std::fs::remove_dir_all(&undo).map_err(|source| CoreError::Io {
                context: format!("cannot clear the time machine's folder {}", undo.display()),
                source,
            })?;
        }
        Ok(())
    }
}

/// True when `conn` is a demo sandbox.
pub fn is_sandbox(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)", [SANDBOX_KEY], |r| r.get(0))?)
}

/// This build, its demo catalog and its demo history: a first state made by another is made
/// again.
fn build() -> String {
    let catalog = super::demo_file("catalog.json").unwrap_or_default();
    let digest = format!("{:x}", Sha256::digest(&catalog));
    format!(
        "{} schema {} catalog {} history {}",
        env!("CARGO_PKG_VERSION"),
        crate::store::SCHEMA_VERSION,
        &digest[..16],
        super::activity::HISTORY
    )
}
