//! The one place that opens the SQLite store.
//!
//! Every connection gets the same settings (WAL, foreign keys, busy timeout, a statement
//! cache), and the embedded migrations run in order, all in one transaction, before anything
//! else touches the file. A file written by a newer schema is refused rather than guessed at.

use std::cell::{RefCell, RefMut};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite_migration::Migrations;

use crate::catalog::search::SearchIndex;
use crate::{CoreError, Result};

pub mod digest;
mod migrations;
pub mod secrets;
mod snapshot;

/// The app's identifier: names its data folder, shared by the app and `kg`.
pub const APP_IDENTIFIER: &str = "com.koogallery.desktop";

/// Where the store lives: `explicit` (the `--db` flag), else the `KG_DB` variable, else
/// `koogallery.db` in the app's data folder. The app and `kg` resolve it the same way, so
/// they work on the same file.
pub fn resolve_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os("KG_DB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data = dirs::data_dir().ok_or_else(|| {
        CoreError::invalid("this machine has no data folder for applications; pass --db PATH or set KG_DB")
    })?;
    Ok(data.join(APP_IDENTIFIER).join("koogallery.db"))
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = migrations::COUNT as u32;

/// SQLite's own threshold for checkpointing after a commit, in pages of the log.
const AUTOCHECKPOINT_PAGES: i64 = 1_000;
/// The most the log's file keeps once it has been folded back (64 MiB).
const LOG_SIZE_LIMIT: i64 = 64 << 20;

pub struct Store {
    conn: Connection,
    created: bool,
    secrets: secrets::SecretKey,
    /// The catalog's search index, built on the first search and kept while it is current.
    search_index: RefCell<Option<SearchIndex>>,
}

impl Store {
    /// Opens (creating if need be) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| CoreError::Io {
                context: format!("cannot create the folder {}", parent.display()),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A long run of the scheduler lets the log grow ([`Store::with_one_checkpoint`]); once
        // folded back, the file is cut down to this when the log starts over.
        conn.pragma_update(None, "journal_size_limit", LOG_SIZE_LIMIT)?;
        Self::prepare(conn, secrets::SecretKey::beside(path))
    }

    /// A private, empty store that lives in memory: for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, secrets::SecretKey::ephemeral())
    }

    fn prepare(mut conn: Connection, secrets: secrets::SecretKey) -> Result<Store> {
        // 64 MiB of page cache: a large import then writes its pages once instead of spilling
        // them to the log again and again, and a search over 100,000 products stays in memory.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(128);

        let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(CoreError::StoreTooNew { found, known: SCHEMA_VERSION });
        }
        // Foreign keys are off while the schema changes, as SQLite asks for rebuilding a table
        // (migration 0007): dropping the old table must not delete what refers to it. A
        // migration that needs it checks them itself (`foreign_key_check`).
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        Migrations::new(migrations::all().into())
            .to_latest(&mut conn)
            .map_err(|e| CoreError::Migration(e.to_string()))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store { conn, created: found == 0, secrets, search_index: RefCell::new(None) })
    }

    /// True when this open created the schema: the file was new or empty.
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The key that seals secrets kept in this store (SaaS initial passwords).
    pub fn secret_key(&self) -> &secrets::SecretKey {
        &self.secrets
    }

    pub(crate) fn search_index(&self) -> RefMut<'_, Option<SearchIndex>> {
        self.search_index.borrow_mut()
    }

    /// Runs `work`, a series of transactions, with SQLite's automatic checkpoints held back, and
    /// folds the log back into the file once at the end.
    ///
    /// SQLite copies the log into the file after any commit that leaves it over 1,000 pages. A
    /// long run of the scheduler commits every 250 ms and rewrites the same pages (the timers,
    /// the balances, the ledger's last pages) in each batch, so each batch's checkpoint copied
    /// them again. One checkpoint at the end copies each page once (a year over 10,000
    /// subscriptions: a median of 5.05 s before, 4.68 s with it, in `docs/benchmarks.md`). It
    /// is `PASSIVE`: it never waits for a reader, and what it leaves is folded back by the next
    /// automatic checkpoint.
    pub(crate) fn with_one_checkpoint<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let done = work(self);
        let restored = self.conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES);
        let folded = self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        let value = done?;
        restored?;
        folded?;
        Ok(value)
    }

    /// Runs `work` in one transaction: it all commits, or nothing does.
    ///
    /// The transaction takes the write lock when it begins (`IMMEDIATE`): a change that reads
    /// before it writes (a balance before a payment) then cannot be overtaken by another
    /// process between its read and its write, and waits for the busy timeout instead of
    /// failing when the app and `kg` write at once.
    pub fn write<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gets_the_whole_schema_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nested/kg.db")).unwrap();
        assert!(store.was_created());
        let version: u32 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let categories: i64 = store.conn().query_row("SELECT count(*) FROM categories", [], |r| r.get(0)).unwrap();
        assert_eq!(categories, 4);
    }

    #[test]
    fn a_long_run_of_writes_folds_the_log_back_once_at_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let mut store = Store::open(&path).unwrap();
        store.conn().execute_batch("CREATE TABLE filler (b BLOB NOT NULL)").unwrap();
        let file_size = || std::fs::metadata(&path).unwrap().len();
        let before = file_size();
        let mb: i64 = 1 << 20;
        let in_the_file = store
            .with_one_checkpoint(|store| {
                // 12 MiB in 12 commits: each past SQLite's 1,000 pages would have been copied.
                for _ in 0..12 {
                    store.write(|tx| Ok(tx.execute("INSERT INTO filler VALUES (zeroblob(?1))", [mb])?))?;
                }
                Ok(file_size())
            })
            .unwrap();
        assert!(in_the_file < before + 2 * mb as u64, "nothing copied during the run: {before} -> {in_the_file}");
        assert!(file_size() >= before + 12 * mb as u64, "all of it copied at the end: {}", file_size());
        let pages: i64 = store.conn().pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)).unwrap();
        assert_eq!(pages, AUTOCHECKPOINT_PAGES);

        let failed = store.with_one_checkpoint(|_| Err::<(), _>(CoreError::invalid("stop")));
        assert_eq!(failed.unwrap_err().code(), crate::ErrorCode::InvalidInput);
        let pages: i64 = store.conn().pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)).unwrap();
        assert_eq!(pages, AUTOCHECKPOINT_PAGES, "set back after a failed run too");
        let limit: i64 = store.conn().pragma_query_value(None, "journal_size_limit", |r| r.get(0)).unwrap();
        assert_eq!(limit, LOG_SIZE_LIMIT);
    }

    #[test]
    fn reopening_an_up_to_date_file_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            let store = Store::open(&path).unwrap();
            store.conn().execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", []).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert!(!store.was_created());
        let v: String = store.conn().query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "v");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<()> = store.write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('half', 'written')", [])?;
            Err(CoreError::invalid("stop"))
        });
        assert!(result.is_err());
        let n: i64 = store.conn().query_row("SELECT count(*) FROM settings", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }
}
