//! Taking a product off My Favorites.

use crate::{accounts, roles, CoreError, Result, Store};

/// Removes `product_id` from the current account's favourites; a product that is not in the
/// list is not found.
pub fn remove(store: &mut Store, product_id: &str) -> Result<()> {
    store.write(|tx| {
        roles::require_buyer(tx, "remove a favourite")?;
        let account = accounts::current(tx)?;
        let removed = tx
            .prepare_cached(
                "DELETE FROM favorites
                 WHERE account_id = ?1 AND product_pk = (SELECT pk FROM products WHERE id = ?2)",
            )?
            .execute([&account, product_id])?;
        if removed == 0 {
            return Err(CoreError::not_found(format!("the product {product_id:?} in My Favorites")));
        }
        Ok(())
    })
}
