//! A whole store kept as a file and put back in one step: the demo's first state, restored
//! in well under a second instead of imported again (R-DEMO-1), and the time machine's undo.
//!
//! A snapshot is an ordinary SQLite file written by `VACUUM INTO` (consistent while others
//! read, compact). Putting it back copies every page into the open store in one backup step:
//! other connections see the store before or after, never between.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::Store;
use crate::{CoreError, Result};

impl Store {
    /// Writes the whole store to a new file at `path`, replacing one that is there.
    pub fn save_snapshot(&self, path: &Path) -> Result<()> {
        let io = |context: String| move |source| CoreError::Io { context, source };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(format!("cannot create the folder {}", parent.display())))?;
        }
        // Written beside and renamed over: a snapshot is whole or absent, never half-written.
        let partial = path.with_extension(format!("partial.{}", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        let written = self.conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()]);
        if let Err(err) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(err.into());
        }
        std::fs::rename(&partial, path).map_err(io(format!("cannot write the snapshot {}", path.display())))
    }

    /// Puts the store back as the snapshot at `path` holds it, in one step.
    pub fn restore_snapshot(&mut self, path: &Path) -> Result<()> {
        if !path.exists() {
            return Err(CoreError::not_found(format!("the snapshot {}", path.display())));
        }
        let source = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let found: u32 = source.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if found != super::SCHEMA_VERSION {
            return Err(CoreError::Conflict(format!(
                "the snapshot {} was written by another version of the store (schema {found}, this one {})",
                path.display(),
                super::SCHEMA_VERSION
            )));
        }
        let done = Backup::new(&source, &mut self.conn)?.step(-1)?;
        if done != StepResult::Done {
            return Err(CoreError::Conflict(
                "the store is busy (another program is writing it): try again in a moment".into(),
            ));
        }
        // Statements prepared on the old pages, and the search index built from them, are
        // gone with them.
        self.conn.flush_prepared_statement_cache();
        *self.search_index() = None;
        Ok(())
    }
}
