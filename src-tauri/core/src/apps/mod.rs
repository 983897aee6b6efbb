//! My KooGallery > Purchased Apps (R-BUY-7, R-USE): the products a buyer paid for and can use.
//!
//! Paying an order delivers it ([`deliver`]), in the same transaction as the payment: a SaaS
//! product gets its application account (the account's email as user name, a generated
//! initial password sealed at rest, a management URL and a front-end URL); other products
//! get their record, with the user guide and the seller's contact read from the catalog.
//!
//! An order whose product involves service supervision stays Processing and is not listed
//! until its supervision completes; only completed orders are listed, and a subscription that
//! was released (R-REN-1) is gone from the list. The initial password
//! is revealed only on demand ([`reveal_password`]) and is never logged.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::catalog::model::{DeliveryMethod, SupportRange, UserGuide};
use crate::entropy::Entropy;
use crate::orders::OrderStatus;
use crate::paging::{Page, PageRequest};
use crate::store::secrets::{Sealed, Secret, SecretKey};
use crate::{accounts, CoreError, Result};

/// The application account of a SaaS product. The password is not here: it is revealed on
/// demand only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SaasAccess {
    pub user_name: String,
    pub management_url: String,
    pub front_end_url: String,
}

/// How to reach the seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SellerContact {
    pub name: String,
    /// The product's support range, while the product is in the catalog.
    pub support: Option<SupportRange>,
}

/// One purchased app, with its Resource Details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PurchasedApp {
    /// The order that bought it: apps are named by their order.
    pub order_id: u32,
    pub product_id: String,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub edition_name: String,
    pub purchased_at: String,
    pub seller: SellerContact,
    /// SaaS products only.
    pub saas: Option<SaasAccess>,
    /// The product's user guide, to download (licenses above all).
    pub user_guide: Option<UserGuide>,
}

const PASSWORD_LEN: usize = 16;
/// Letters and digits that cannot be mistaken for one another when read aloud or copied.
const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// A new initial password, drawn without bias from [`PASSWORD_ALPHABET`].
fn new_password(entropy: &dyn Entropy) -> Secret {
    let n = PASSWORD_ALPHABET.len();
    let unbiased = 256 - 256 % n;
    let mut password = String::with_capacity(PASSWORD_LEN);
    let mut bytes = [0u8; 32];
    while password.len() < PASSWORD_LEN {
        entropy.fill(&mut bytes);
        for &b in bytes.iter().filter(|&&b| usize::from(b) < unbiased) {
            if password.len() < PASSWORD_LEN {
                password.push(char::from(PASSWORD_ALPHABET[usize::from(b) % n]));
            }
        }
    }
    Secret::new(password)
}

/// Delivers paid order `id` at `at` and says where it goes next: Processing while service
/// supervision applies (its flow starts now; a supervised SaaS product gets its application
/// account from the seller's delivery), else Completed. Runs inside the payment's transaction,
/// so a failure here undoes the payment too (R-BUY-6).
pub(crate) fn deliver(
    tx: &Connection,
    key: &SecretKey,
    entropy: &dyn Entropy,
    id: u32,
    at: &str,
) -> Result<OrderStatus> {
    let (delivery, supervised, product_id, account_id): (DeliveryMethod, bool, String, String) = tx
        .prepare_cached("SELECT delivery, supervised, product_id, account_id FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let paid_at = chrono::DateTime::parse_from_rfc3339(at)
        .map_err(|e| CoreError::Internal(format!("a payment time {at:?} is unreadable: {e}")))?
        .with_timezone(&chrono::Utc);
    if supervised {
        // The term begins at acceptance (R-REN-4): supervision starts the subscription then.
        tx.prepare_cached("INSERT INTO purchased_apps (order_id) VALUES (?1)")?.execute([id])?;
        crate::supervision::start::start(tx, id, delivery, paid_at)?;
        return Ok(OrderStatus::Processing);
    }
    crate::subscriptions::start::start(tx, id, paid_at, paid_at)?;
    if delivery == DeliveryMethod::Saas {
        let account = accounts::load(tx, &account_id)?;
        // The tenant is named by the order, so each purchase gets its own application.
        let tenant = format!("t{id}");
        let sealed = key.seal(&new_password(entropy))?;
        tx.prepare_cached(
            "INSERT INTO purchased_apps (order_id, user_name, password_nonce, password_cipher, management_url, front_end_url)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            account.email,
            sealed.nonce,
            sealed.cipher,
            format!("https://{product_id}.apps.koogallery.example/manage/{tenant}"),
            format!("https://{tenant}.{product_id}.apps.koogallery.example/"),
        ])?;
    } else {
        tx.prepare_cached("INSERT INTO purchased_apps (order_id) VALUES (?1)")?.execute([id])?;
    }
    Ok(OrderStatus::Completed)
}

// The product's support range and guide come from the catalog in the same statement: a list of
// thousands of apps reads each product's row once per app, never the whole product page. A
// product the catalog has since dropped still shows; only its guide and support go.
const SELECT: &str = "SELECT o.id, o.product_id, o.product_name, o.delivery, o.edition_name, o.created_at,
        o.seller_name, a.user_name, a.management_url, a.front_end_url,
        p.support_email, p.support_phone, p.support_hours, g.file_name, length(g.content)
     FROM orders o JOIN purchased_apps a ON a.order_id = o.id
     LEFT JOIN products p ON p.id = o.product_id
     LEFT JOIN product_guides g ON g.product_pk = p.pk
     WHERE o.account_id = ?1 AND o.status = 'completed'
       AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.order_id = o.id AND s.state = 'released')";

fn read(row: &rusqlite::Row<'_>) -> Result<PurchasedApp> {
    let user_name: Option<String> = row.get(7)?;
    let management_url: Option<String> = row.get(8)?;
    let front_end_url: Option<String> = row.get(9)?;
    let support = match (row.get(10)?, row.get(11)?, row.get(12)?) {
        (Some(email), Some(phone), Some(hours)) => Some(SupportRange { email, phone, hours }),
        _ => None,
    };
    let user_guide = match (row.get(13)?, row.get(14)?) {
        (Some(file_name), Some(size_bytes)) => Some(UserGuide { file_name, size_bytes }),
        _ => None,
    };
    Ok(PurchasedApp {
        order_id: row.get(0)?,
        product_id: row.get(1)?,
        product_name: row.get(2)?,
        delivery: row.get(3)?,
        edition_name: row.get(4)?,
        purchased_at: row.get(5)?,
        seller: SellerContact { name: row.get(6)?, support },
        saas: match (user_name, management_url, front_end_url) {
            (Some(user_name), Some(management_url), Some(front_end_url)) => {
                Some(SaasAccess { user_name, management_url, front_end_url })
            }
            _ => None,
        },
        user_guide,
    })
}

/// The purchased apps of the account the app acts for, the newest first.
pub fn list(conn: &Connection) -> Result<Vec<PurchasedApp>> {
    let account = accounts::current(conn)?;
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY o.id DESC"))?;
    let mut rows = statement.query([&account])?;
    let mut apps = Vec::new();
    while let Some(row) = rows.next()? {
        apps.push(read(row)?);
    }
    Ok(apps)
}

/// One page of Purchased Apps, the newest first, and how many apps there are.
pub fn page(conn: &Connection, request: PageRequest) -> Result<Page<PurchasedApp>> {
    let window = request.window()?;
    let account = accounts::current(conn)?;
    let total =
        conn.prepare_cached(&format!("SELECT count(*) FROM ({SELECT})"))?.query_row([&account], |r| r.get(0))?;
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY o.id DESC LIMIT ?2 OFFSET ?3"))?;
    let mut rows = statement.query(params![account, window.limit, window.offset])?;
    let mut apps = Vec::new();
    while let Some(row) = rows.next()? {
        apps.push(read(row)?);
    }
    Ok(Page::new(apps, total, window))
}

/// The app bought by order `order_id`; not found while the order is not completed.
pub fn show(conn: &Connection, order_id: u32) -> Result<PurchasedApp> {
    let account = accounts::current(conn)?;
    let mut statement = conn.prepare_cached(&format!("{SELECT} AND o.id = ?2"))?;
    let mut rows = statement.query(params![account, order_id])?;
    match rows.next()? {
        Some(row) => read(row),
        None => Err(CoreError::not_found(format!("a purchased app of order {order_id}"))),
    }
}

/// The initial password of the SaaS app bought by order `order_id`, decrypted for the person
/// who asked to see it.
pub fn reveal_password(conn: &Connection, key: &SecretKey, order_id: u32) -> Result<Secret> {
    let app = show(conn, order_id)?;
    let sealed = conn
        .prepare_cached("SELECT password_nonce, password_cipher FROM purchased_apps WHERE order_id = ?1")?
        .query_row([order_id], |r| Ok((r.get::<_, Option<Vec<u8>>>(0)?, r.get::<_, Option<Vec<u8>>>(1)?)))
        .optional()?;
    match sealed {
        Some((Some(nonce), Some(cipher))) => key.open(&Sealed { nonce, cipher }),
        _ => Err(CoreError::invalid(format!("{} has no initial password: only SaaS apps have one", app.product_name))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(std::sync::atomic::AtomicU8);

    impl Entropy for Counter {
        fn fill(&self, bytes: &mut [u8]) {
            for b in bytes {
                *b = self.0.fetch_add(7, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    #[test]
    fn passwords_are_sixteen_unambiguous_characters() {
        let entropy = Counter(0.into());
        let a = new_password(&entropy);
        let b = new_password(&entropy);
        assert_eq!(a.expose().len(), PASSWORD_LEN);
        assert!(a.expose().bytes().all(|c| PASSWORD_ALPHABET.contains(&c)), "{}", a.expose());
        assert_ne!(a, b);
    }
}
