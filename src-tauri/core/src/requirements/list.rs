//! Reading an account's requirements back.

use rusqlite::Connection;

use super::Requirement;
use crate::{accounts, Result};

/// The current account's requirements, the most recent first.
pub fn list(conn: &Connection) -> Result<Vec<Requirement>> {
    let account = accounts::current(conn)?;
    let requirements = conn
        .prepare_cached(
            "SELECT id, account_id, requirement, company, contact, phone, email, search_text, submitted_at
             FROM requirements WHERE account_id = ?1 ORDER BY submitted_at DESC, id DESC",
        )?
        .query_map([&account], |row| {
            Ok(Requirement {
                id: row.get(0)?,
                account_id: row.get(1)?,
                requirement: row.get(2)?,
                company: row.get(3)?,
                contact: row.get(4)?,
                phone: row.get(5)?,
                email: row.get(6)?,
                search_text: row.get(7)?,
                submitted_at: row.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(requirements)
}
