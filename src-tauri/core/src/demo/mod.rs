//! The demo store: the catalog shipped in `assets/demo` and one buyer account of each kind.
//!
//! A fresh store is filled from it on first start, and `kg demo reset` puts any store back to
//! it, so a trade-show demo always starts from the same place. Demo mode works on a `sandbox`
//! of it, put back to its first state from a snapshot, with a `time_machine`.

mod activity;
mod generate;
pub mod sandbox;
pub mod time_machine;

pub use generate::{generate, generated_catalog, MAX_GENERATED};
pub use sandbox::{is_sandbox, Sandbox};
pub use time_machine::{Jump, TimeStep, Travel};

use include_dir::{include_dir, Dir};
use rusqlite::{params, Connection, OptionalExtension};

use crate::catalog::import::{self, ImportReport};
use crate::{accounts, CoreError, Result, Store};

static DEMO_ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/demo");

const INITIALISED_KEY: &str = "store_initialised";

/// The demo buyer accounts: one of each kind (R-BUY-1).
const DEMO_ACCOUNTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "acme-prepaid",
        "Acme Retail (prepaid)",
        "direct_prepaid",
        "it@acme-retail.example",
        "+1 202 555 0101",
        "acme-admin",
        "America/New_York",
    ),
    (
        "borealis-postpaid",
        "Borealis Logistics (postpaid)",
        "direct_postpaid",
        "cloud@borealis.example",
        "+49 30 5550 0102",
        "borealis-ops",
        "Europe/Berlin",
    ),
    (
        "cedar-reseller",
        "Cedar Clinics (reseller customer)",
        "reseller_customer",
        "admin@cedar-clinics.example",
        "+65 5550 0103",
        "cedar-it",
        "Asia/Singapore",
    ),
];

fn demo_file(path: &str) -> Option<Vec<u8>> {
    DEMO_ASSETS.get_file(path).map(|f| f.contents().to_vec())
}

/// Replaces everything in the store with the demo catalog, the demo accounts and their
/// history (supervised purchases in every state, counted back from the machine's clock), and
/// returns the store to the machine's clock.
pub fn reset(store: &mut Store) -> Result<ImportReport> {
    reset_at(store, crate::clock::Clock::now(&crate::clock::SystemClock))
}

/// [`reset`], with the demo's history counted back from `now`.
pub fn reset_at(store: &mut Store, now: chrono::DateTime<chrono::Utc>) -> Result<ImportReport> {
    let report = reset_catalog(store)?;
    activity::seed(store, now)?;
    Ok(report)
}

/// The demo catalog and accounts, with no history.
fn reset_catalog(store: &mut Store) -> Result<ImportReport> {
    let seed = import::parse_seed(
        &demo_file("catalog.json").ok_or_else(|| CoreError::not_found("the demo catalog (catalog.json)"))?,
    )?;
    store.write(|tx| {
        clear(tx)?;
        for (id, name, kind, email, mobile, iam_user, time_zone) in DEMO_ACCOUNTS {
            tx.execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, name, kind, email, mobile, iam_user, time_zone],
            )?;
        }
        fund_demo_accounts(tx)?;
        let report = import::import(tx, &seed, &demo_file)?;
        // Built now, in the same transaction, so that the first search does not.
        crate::catalog::search::refresh(tx)?;
        seed_cloud(tx)?;
        tx.execute("INSERT INTO settings (key, value) VALUES (?1, 'demo')", [INITIALISED_KEY])?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            [accounts::CURRENT_ACCOUNT_KEY, accounts::DEFAULT_ACCOUNT],
        )?;
        Ok(report)
    })
}

/// When the demo accounts were funded: a fixed instant, so that every demo store reads alike.
const DEMO_FUNDED_AT: &str = "2026-01-05T09:00:00Z";

/// The demo accounts' means of payment: the prepaid account starts with a balance, the
/// postpaid one has a card that is approved, the provider's test card that is declined, and
/// credit enabled, so that every way of paying can be shown.
fn fund_demo_accounts(tx: &Connection) -> Result<()> {
    use crate::payments::simulated::{SimulatedProvider, APPROVED_CARD, DECLINED_CARD};
    accounts::top_up_account(tx, "acme-prepaid", rust_decimal::Decimal::from(2_000), DEMO_FUNDED_AT)?;
    for number in [APPROVED_CARD, DECLINED_CARD] {
        accounts::add_card(tx, &SimulatedProvider, "borealis-postpaid", number, DEMO_FUNDED_AT)?;
    }
    tx.execute(
        "UPDATE accounts SET credit_enabled = 1, credit_limit_cents = 500000 WHERE id = 'borealis-postpaid'",
        [],
    )?;
    Ok(())
}

/// The demo's cloud: a security group recommended for every image (derived from what the
/// image runs, as its seller would), a VPC for the postpaid account only (the prepaid one has
/// none, so the wizard's "create a VPC" path shows), and agencies an earlier version of the
/// marketplace left in the postpaid account, flagged for deletion.
fn seed_cloud(tx: &Connection) -> Result<()> {
    let images = tx
        .prepare("SELECT id, tags, coalesce(operating_system, '') FROM products WHERE delivery = 'image' ORDER BY id")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, tags, os) in images {
        let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
        crate::cloud::recommend_security_group(tx, &id, &format!("sg-{id}"), &recommended_ports(&tags, &os))?;
    }
    tx.execute(
        "INSERT INTO vpcs (account_id, name, cidr, created_at) VALUES ('borealis-postpaid', 'vpc-default', '192.168.0.0/16', ?1)",
        [DEMO_FUNDED_AT],
    )?;
    tx.execute(
        "INSERT INTO subnets (vpc_id, name, cidr) VALUES (last_insert_rowid(), 'subnet-default', '192.168.0.0/24')",
        [],
    )?;
    for name in ["mkp_ims_trust", "mkp_obs_trust"] {
        crate::agencies::seed_retired(tx, "borealis-postpaid", name, DEMO_FUNDED_AT)?;
    }
    Ok(())
}

/// The inbound ports a seller would open for its image: remote login (SSH, or RDP on
/// Windows) and the service's own ports. Database ports stay closed (the MySQL image's
/// description says so): a buyer opens them to its application servers only.
fn recommended_ports(tags: &[String], operating_system: &str) -> Vec<u16> {
    let mut ports = vec![if operating_system.to_ascii_lowercase().contains("windows") { 3389 } else { 22 }];
    let web = [
        "web-server",
        "wordpress",
        "cms",
        "nginx",
        "e-commerce",
        "woocommerce",
        "drupal",
        "gitlab",
        "redmine",
        "kanban",
        "iis",
        "reverse-proxy",
        "lamp",
        "superset",
        "erp",
        "crm",
    ];
    for tag in tags {
        let t = tag.as_str();
        if web.contains(&t) {
            ports.extend([80, 443]);
        }
        ports.extend(match t {
            "tomcat" => &[8080][..],
            "rabbitmq" => &[15672][..],
            "kibana" | "elk" => &[5601][..],
            "selenium" => &[4444][..],
            "gitea" => &[3000][..],
            "nodejs" => &[80][..],
            _ => &[][..],
        });
    }
    ports.sort_unstable();
    ports.dedup();
    ports
}

fn clear(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM ticket_attachments;
         DELETE FROM tickets;
         DELETE FROM invoice_charges;
         DELETE FROM invoices;
         DELETE FROM messages;
         DELETE FROM timers;
         DELETE FROM unsubscriptions;
         DELETE FROM operation_attachments;
         DELETE FROM attachments;
         DELETE FROM flow_operations;
         DELETE FROM service_flows;
         DELETE FROM hourly_charges;
         DELETE FROM metering_runs;
         DELETE FROM ecs_instances;
         DELETE FROM image_provisionings;
         DELETE FROM eips;
         DELETE FROM security_groups;
         DELETE FROM recommended_security_groups;
         DELETE FROM subnets;
         DELETE FROM vpcs;
         DELETE FROM agencies;
         DELETE FROM ledger_entries;
         DELETE FROM ledger_balances;
         DELETE FROM ledger_transactions;
         DELETE FROM device_operations;
         DELETE FROM device_uploads;
         DELETE FROM seller_changes;
         DELETE FROM enrolment_codes;
         DELETE FROM seller_devices;
         DELETE FROM purchased_apps;
         DELETE FROM order_events;
         DELETE FROM orders;
         DELETE FROM account_cards;
         DELETE FROM favorites;
         DELETE FROM requirements;
         DELETE FROM products;
         DELETE FROM sellers;
         DELETE FROM accounts;
         DELETE FROM settings;",
    )?;
    Ok(())
}

/// Opens the store at `path`; a store that has never been filled gets the demo store. A
/// seller's copy of a marketplace is never filled: it holds what it pulled, and the demo's
/// orders and role would bury the seller's flows.
pub fn open(path: &std::path::Path) -> Result<Store> {
    let mut store = Store::open(path)?;
    let initialised = store
        .conn()
        .query_row("SELECT 1 FROM settings WHERE key = ?1", [INITIALISED_KEY], |_| Ok(()))
        .optional()?
        .is_some();
    if !initialised && !crate::sync::is_copy(store.conn())? {
        reset(&mut store)?;
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::DeliveryMethod;
    use crate::catalog::search::{search, SearchQuery};

    #[test]
    fn the_demo_catalog_imports_whole_and_covers_the_catalog() {
        let mut store = Store::open_in_memory().unwrap();
        let report = reset(&mut store).unwrap();
        assert!(report.refused.is_empty(), "refused: {:#?}", report.refused);
        assert!(report.products >= 60, "{} products", report.products);
        assert!(report.sellers >= 10, "{} sellers", report.sellers);

        let conn = store.conn();
        let uncovered: Vec<String> = conn
            .prepare("SELECT id FROM sub_categories WHERE id NOT IN (SELECT sub_category_id FROM products)")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(uncovered.is_empty(), "sub-categories without products: {uncovered:?}");
        for delivery in DeliveryMethod::ALL {
            let found = search(&store, &SearchQuery { delivery: Some(*delivery), ..Default::default() }).unwrap();
            assert!(found.total > 0, "no {delivery} product");
        }
        let no_logo: i64 = conn
            .query_row(
                "SELECT count(*) FROM products WHERE pk NOT IN (SELECT product_pk FROM product_media WHERE kind = 'logo')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(no_logo, 0);
        let kinds: i64 = conn.query_row("SELECT count(DISTINCT kind) FROM accounts", [], |r| r.get(0)).unwrap();
        assert_eq!(kinds, 3, "one demo account of each kind");
        assert_eq!(crate::accounts::current(conn).unwrap(), DEMO_ACCOUNTS[0].0, "the app acts for the first");
    }

    #[test]
    fn a_new_store_is_filled_once_and_reset_replaces_what_was_added() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let count = |store: &Store| -> i64 {
            store.conn().query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap()
        };
        let store = open(&path).unwrap();
        let demo_count = count(&store);
        assert!(demo_count >= 60);

        store.conn().execute("DELETE FROM products WHERE id = 'wordpress-image'", []).unwrap();
        drop(store);
        let mut store = open(&path).unwrap();
        assert_eq!(count(&store), demo_count - 1, "a second start must not refill the store");

        reset(&mut store).unwrap();
        assert_eq!(count(&store), demo_count);
    }
}
