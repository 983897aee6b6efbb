//! Buyer accounts, and which one the app acts for.
//!
//! Until there is signing in, the store holds the account the app acts for in the
//! `current_account` setting, defaulting to the first demo account. Everything a buyer owns
//! (favourites, requirements, later orders) is keyed by it.

use rusqlite::{Connection, OptionalExtension};

use crate::{CoreError, Result};

/// The setting that names the account the app acts for.
pub const CURRENT_ACCOUNT_KEY: &str = "current_account";

/// The account used when the setting is absent: the first demo account.
pub const DEFAULT_ACCOUNT: &str = "acme-prepaid";

/// The id of the buyer account the app acts for; it must exist.
pub fn current(conn: &Connection) -> Result<String> {
    let id: String = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([CURRENT_ACCOUNT_KEY], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
    let exists = conn.prepare_cached("SELECT 1 FROM accounts WHERE id = ?1")?.exists([&id])?;
    if !exists {
        return Err(CoreError::not_found(format!(
            "the buyer account {id:?} (kg demo reset restores the demo accounts)"
        )));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorCode, Store};

    fn add_account(store: &Store, id: &str) {
        store
            .conn()
            .execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES (?1, ?1, 'direct_prepaid', 'a@b.example', '+1 555 0100', 'iam', 'UTC')",
                [id],
            )
            .unwrap();
    }

    #[test]
    fn the_current_account_is_the_setting_or_the_first_demo_account() {
        let store = Store::open_in_memory().unwrap();
        let err = current(store.conn()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
        assert!(err.to_string().contains("acme-prepaid"), "{err}");

        add_account(&store, "acme-prepaid");
        add_account(&store, "other");
        assert_eq!(current(store.conn()).unwrap(), "acme-prepaid");

        store.conn().execute("INSERT INTO settings (key, value) VALUES ('current_account', 'other')", []).unwrap();
        assert_eq!(current(store.conn()).unwrap(), "other");

        store.conn().execute("UPDATE settings SET value = 'gone' WHERE key = 'current_account'", []).unwrap();
        assert_eq!(current(store.conn()).unwrap_err().code(), ErrorCode::NotFound);
    }
}
