//! A digest of everything a store holds: every table's rows, hashed in key order.
//!
//! It exists to prove that a refused command wrote nothing (the fuzzers of the app's commands
//! and of `kg` compare it before and after each refusal), and it names the tables that differ
//! so that a failure says where the store was touched. It reads only; it never changes the
//! store.

use std::collections::BTreeMap;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::Result;

/// Each table's name with the SHA-256 of its rows, in rowid (or primary key) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreDigest(pub BTreeMap<String, String>);

impl StoreDigest {
    /// The tables whose rows differ between `self` and `other` (or that only one has).
    pub fn changed_tables(&self, other: &StoreDigest) -> Vec<String> {
        let mut names: Vec<&String> = self.0.keys().chain(other.0.keys()).collect();
        names.sort();
        names.dedup();
        names.into_iter().filter(|name| self.0.get(*name) != other.0.get(*name)).cloned().collect()
    }
}

/// The digest of every table of the store on `conn`, SQLite's own `sqlite_sequence` included
/// (a refused insert must not even consume an id).
pub fn digest(conn: &Connection) -> Result<StoreDigest> {
    let tables: Vec<(String, bool)> = conn
        .prepare("SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tables_digest = BTreeMap::new();
    for (table, without_rowid) in tables {
        // A table without rowid is ordered by its primary key, which every such table has.
        let order = if without_rowid { primary_key(conn, &table)?.join(", ") } else { "rowid".to_string() };
        let quoted = table.replace('"', "\"\"");
        let mut rows = conn.prepare(&format!("SELECT * FROM \"{quoted}\" ORDER BY {order}"))?;
        let columns = rows.column_count();
        let mut hash = Sha256::new();
        let mut query = rows.query([])?;
        while let Some(row) = query.next()? {
            for i in 0..columns {
                hash_value(&mut hash, row.get_ref(i)?);
            }
        }
        tables_digest.insert(table, format!("{:x}", hash.finalize()));
    }
    Ok(StoreDigest(tables_digest))
}

fn primary_key(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut columns: Vec<(i64, String)> = conn
        .prepare("SELECT pk, name FROM pragma_table_info(?1) WHERE pk > 0")?
        .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    columns.sort();
    Ok(columns.into_iter().map(|(_, name)| format!("\"{}\"", name.replace('"', "\"\""))).collect())
}

/// Each value with its type and length, so that no two different rows hash alike by
/// concatenation (`'ab', 'c'` against `'a', 'bc'`, `1` against `'1'`).
fn hash_value(hash: &mut Sha256, value: ValueRef<'_>) {
    let (tag, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match value {
        ValueRef::Null => (0, Default::default()),
        ValueRef::Integer(i) => (1, i.to_le_bytes().to_vec().into()),
        ValueRef::Real(r) => (2, r.to_le_bytes().to_vec().into()),
        ValueRef::Text(t) => (3, t.into()),
        ValueRef::Blob(b) => (4, b.into()),
    };
    hash.update([tag]);
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(&bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_digest_moves_with_any_row_and_names_the_table() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let before = digest(conn).unwrap();
        assert!(before.0.contains_key("settings") && before.0.contains_key("orders"), "every table");
        assert_eq!(digest(conn).unwrap(), before, "reading changes nothing");

        conn.execute("INSERT INTO settings (key, value) VALUES ('ab', 'c')", []).unwrap();
        let one = digest(conn).unwrap();
        assert_eq!(before.changed_tables(&one), ["settings"]);
        conn.execute("UPDATE settings SET key = 'a', value = 'bc' WHERE key = 'ab'", []).unwrap();
        assert_ne!(digest(conn).unwrap(), one, "values are not merely concatenated");
    }

    #[test]
    fn a_table_without_rowid_is_read_in_key_order() {
        let store = Store::open_in_memory().unwrap();
        store.conn().execute_batch("CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID").unwrap();
        let empty = digest(store.conn()).unwrap();
        store.conn().execute("INSERT INTO kv VALUES ('x', 1)", []).unwrap();
        assert_eq!(empty.changed_tables(&digest(store.conn()).unwrap()), ["kv"]);
    }
}
