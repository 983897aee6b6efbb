//! The schema: the embedded migrations that build it, in order, and the proof that a file
//! written by any earlier release is brought forward with its data, and one written by a later
//! release refused.

use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult, M};

/// How many migrations there are: the `user_version` of a store with all of them applied.
pub(super) const COUNT: usize = 20;

/// The schema, in order. Append only: a migration that has shipped is never edited.
pub(super) fn all() -> [M<'static>; COUNT] {
    [
        M::up(include_str!("migrations/0001_catalog.sql")),
        M::up(include_str!("migrations/0002_accounts.sql")),
        M::up(include_str!("migrations/0003_favorites_and_requirements.sql")),
        M::up(include_str!("migrations/0004_buying.sql")),
        M::up(include_str!("migrations/0005_search_index_in_memory.sql")),
        M::up(include_str!("migrations/0006_cloud_resources.sql")),
        M::up(include_str!("migrations/0007_constraints_without_value_lists.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0008_supervision.sql")),
        M::up(include_str!("migrations/0009_invoices_and_tickets.sql")),
        M::up(include_str!("migrations/0010_subscriptions.sql")),
        M::up(include_str!("migrations/0011_kept_balances_and_indexes.sql")),
        M::up(include_str!("migrations/0012_invoice_charges.sql")),
        M::up(include_str!("migrations/0013_seller_devices.sql")),
        M::up(include_str!("migrations/0014_device_uploads.sql")),
        M::up(include_str!("migrations/0015_search_index_on_disk.sql")),
        M::up(include_str!("migrations/0016_products_by_seller.sql")),
        M::up(include_str!("migrations/0017_lists_by_seller_status_and_recipient.sql")),
        M::up(include_str!("migrations/0018_timers_by_subject_first.sql")),
        M::up_with_hook(include_str!("migrations/0019_small_logos.sql"), small_logos),
        M::up(include_str!("migrations/0020_metering_runs_to_bill.sql")),
    ]
}

fn small_logos(tx: &Transaction) -> HookResult {
    crate::catalog::media::add_small_logos(tx).map_err(|e| HookError::Hook(e.to_string()))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use rusqlite_migration::Migrations;

    use super::all;
    use crate::store::{Store, SCHEMA_VERSION};
    use crate::CoreError;

    fn user_version(store: &Store) -> u32 {
        store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    }

    #[test]
    fn migrations_are_valid() {
        Migrations::new(all().into()).validate().unwrap();
    }

    #[test]
    fn an_older_file_is_migrated_forward_without_losing_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            // A file as the first release left it: only the first migration applied.
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(1).collect()).to_latest(&mut conn).unwrap();
            conn.execute("INSERT INTO settings (key, value) VALUES ('kept', 'yes')", []).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert!(!store.was_created());
        assert_eq!(user_version(&store), SCHEMA_VERSION);
        let accounts: i64 = store.conn().query_row("SELECT count(*) FROM accounts", [], |r| r.get(0)).unwrap();
        assert_eq!(accounts, 0);
        let kept: String =
            store.conn().query_row("SELECT value FROM settings WHERE key = 'kept'", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, "yes");
    }

    #[test]
    fn a_file_from_before_the_index_on_disk_gets_it_built_by_its_first_search_and_only_then() {
        use crate::catalog::search::{self, SearchQuery};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(14).collect()).to_latest(&mut conn).unwrap();
            let catalog = crate::demo::generated_catalog(&conn, 120, 4).unwrap();
            let tx = conn.transaction().unwrap();
            crate::catalog::import::import(&tx, &catalog, &|_: &str| None).unwrap();
            tx.commit().unwrap();
        }
        let query = SearchQuery { text: Some("serv".into()), facets: Some(true), ..Default::default() };
        let first = {
            let store = Store::open(&path).unwrap();
            assert_eq!(search::full_builds(&store).unwrap(), 0, "migrated with empty index tables");
            let all = search::search(&store, &SearchQuery::default()).unwrap();
            assert_eq!(all.total, 120);
            assert_eq!(search::full_builds(&store).unwrap(), 1);
            search::search(&store, &query).unwrap()
        };
        assert!(first.total > 0);
        let store = Store::open(&path).unwrap();
        assert_eq!(search::search(&store, &query).unwrap(), first);
        assert_eq!(search::full_builds(&store).unwrap(), 1, "opened again, not built again");
    }

    #[test]
    fn logos_stored_before_get_their_small_picture_and_one_that_cannot_be_read_keeps_its_own() {
        use crate::catalog::media::{self, MediaRequest};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let thumbnail = media::tests::png(128, 128);
        let ids: Vec<String> = {
            // A file as the release before left it: logos at 128 pixels only.
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(18).collect()).to_latest(&mut conn).unwrap();
            let catalog = crate::demo::generated_catalog(&conn, 2, 1).unwrap();
            let tx = conn.transaction().unwrap();
            crate::catalog::import::import(&tx, &catalog, &|_: &str| None).unwrap();
            tx.commit().unwrap();
            let mut logos = vec![thumbnail.clone(), b"not a picture".to_vec()].into_iter();
            let mut ids = Vec::new();
            for (pk, id) in conn
                .prepare("SELECT pk, id FROM products ORDER BY pk")
                .unwrap()
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
                .unwrap()
                .map(Result::unwrap)
            {
                conn.execute(
                    "INSERT INTO product_media
                         (product_pk, kind, position, width, height, mime, original, thumb_mime, thumbnail)
                     VALUES (?1, 'logo', 1, 256, 256, 'image/png', x'00', 'image/png', ?2)",
                    rusqlite::params![pk, logos.next().unwrap()],
                )
                .unwrap();
                ids.push(id);
            }
            ids
        };
        let store = Store::open(&path).unwrap();
        let small = media::read(store.conn(), &ids[0], MediaRequest::Logo { small: true }).unwrap();
        let picture = image::load_from_memory(&small.bytes).unwrap();
        assert_eq!((small.mime.as_str(), picture.width(), picture.height()), ("image/png", 64, 64));
        let unreadable = media::read(store.conn(), &ids[1], MediaRequest::Logo { small: true }).unwrap();
        assert_eq!(unreadable.bytes, b"not a picture", "served at its own size");
    }

    #[test]
    fn runs_stored_before_are_marked_billed_in_full_only_when_nothing_is_left_to_bill() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        // (started, blocks billed, ended, billed in full): a run's next block starts `blocks`
        // hours after its start and is billed only if it starts before the run's end.
        let runs = [
            ("2026-03-02T08:00:00Z", 5, None, false),
            ("2026-03-02T08:00:00Z", 3, Some("2026-03-02T10:30:00Z"), true),
            ("2026-03-02T08:00:00Z", 2, Some("2026-03-02T10:30:00Z"), false),
            ("2026-03-02T08:00:00Z", 2, Some("2026-03-02T10:00:00Z"), true),
            ("2026-03-02T11:00:00Z", 0, Some("2026-03-02T10:40:00Z"), true),
        ];
        {
            // A file as the release before left it; the runs need no instance here.
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(19).collect()).to_latest(&mut conn).unwrap();
            conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
            for (started, blocks, ended, _) in runs {
                conn.execute(
                    "INSERT INTO metering_runs (instance_id, item, label, hourly_price, started_at, ended_at, blocks_billed)
                     VALUES (1, 'ecs', 'ECS', '0.10', ?1, ?2, ?3)",
                    rusqlite::params![started, ended, blocks],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let marked: Vec<bool> = store
            .conn()
            .prepare("SELECT billed_in_full FROM metering_runs ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(marked, runs.map(|(_, _, _, done)| done));
    }

    /// Counts of every table migration 0007 rebuilds or that refers to what it rebuilds.
    fn catalog_counts(conn: &Connection) -> Vec<(&'static str, i64)> {
        ["products", "editions", "price_plans", "price_tiers", "favorites", "recommended_security_groups"]
            .into_iter()
            .map(|table| (table, conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()))
            .collect()
    }

    #[test]
    fn rebuilding_products_and_price_plans_keeps_every_row_what_refers_to_them_and_their_triggers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let before = {
            // A file as the release before left it, with a catalog, a favourite and a
            // recommended security group referring to the products.
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            Migrations::new(all().into_iter().take(6).collect()).to_latest(&mut conn).unwrap();
            let catalog = crate::demo::generated_catalog(&conn, 60, 3).unwrap();
            let tx = conn.transaction().unwrap();
            let report = crate::catalog::import::import(&tx, &catalog, &|_: &str| None).unwrap();
            assert!(report.refused.is_empty(), "{:?}", report.refused);
            tx.execute_batch(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                     VALUES ('a', 'A', 'direct_prepaid', 'a@example.com', '+1 555 0100', 'a', 'UTC');
                 INSERT INTO favorites (account_id, product_pk, edition, billing, period, duration, saved_at)
                     SELECT 'a', pk, 'standard', 'yearly_monthly', 'month', 1, '2026-01-01T00:00:00Z'
                     FROM products ORDER BY pk LIMIT 1;
                 INSERT INTO recommended_security_groups (product_id, name, ports)
                     SELECT id, 'sg-web', '22,80' FROM products WHERE delivery = 'image' LIMIT 1;",
            )
            .unwrap();
            tx.commit().unwrap();
            catalog_counts(&conn)
        };
        assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");

        let store = Store::open(&path).unwrap();
        assert_eq!(user_version(&store), SCHEMA_VERSION);
        let conn = store.conn();
        assert_eq!(catalog_counts(conn), before);
        let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0);
        // The rebuilt tables still cascade, still check their values, and still tell the search
        // index what changed.
        let bad = conn.execute("UPDATE products SET delivery = 'spaceship' WHERE pk = 1", []);
        assert!(bad.unwrap_err().to_string().contains("CHECK"));
        let bad = conn.execute("UPDATE price_plans SET pricing = 'haggled' WHERE pk = 1", []);
        assert!(bad.unwrap_err().to_string().contains("CHECK"));
        let changes = || -> (i64, i64) {
            conn.query_row("SELECT content, ranking FROM catalog_changes", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
        };
        let (content, ranking) = changes();
        conn.execute("UPDATE products SET popularity = popularity + 1 WHERE pk = 1", []).unwrap();
        conn.execute("UPDATE products SET name = 'Renamed' WHERE pk = 2", []).unwrap();
        assert_eq!(changes(), (content + 1, ranking + 1));
        let favorite_pk: i64 = conn.query_row("SELECT product_pk FROM favorites", [], |r| r.get(0)).unwrap();
        conn.execute("DELETE FROM products WHERE pk = ?1", [favorite_pk]).unwrap();
        let favorites: i64 = conn.query_row("SELECT count(*) FROM favorites", [], |r| r.get(0)).unwrap();
        assert_eq!(favorites, 0, "deleting a product still deletes its favourites");
    }

    #[test]
    fn a_file_from_before_kept_balances_gets_each_account_s_sum_of_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(10).collect()).to_latest(&mut conn).unwrap();
            conn.execute_batch(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                     VALUES ('a', 'A', 'direct_prepaid', 'a@example.com', '+1 555 0100', 'a', 'UTC');
                 INSERT INTO ledger_transactions (id, kind, account_id, memo, at)
                     VALUES (1, 'top_up', 'a', 'top-up', '2026-01-01T00:00:00Z'),
                            (2, 'payment', 'a', 'order', '2026-01-02T00:00:00Z');
                 INSERT INTO ledger_entries (transaction_id, ledger_account, amount_cents)
                     VALUES (1, 'provider:top_ups', -10000), (1, 'buyer_balance:a', 10000),
                            (2, 'buyer_balance:a', -2550), (2, 'seller_sales:s', 2550);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let conn = store.conn();
        assert_eq!(crate::ledger::balance(conn, "buyer_balance:a").unwrap().to_string(), "74.50");
        assert_eq!(crate::ledger::balance(conn, "seller_sales:s").unwrap().to_string(), "25.50");
        assert_eq!(crate::ledger::balance(conn, "provider:top_ups").unwrap().to_string(), "-100.00");
        assert_eq!(crate::ledger::balance(conn, "buyer_balance:nobody").unwrap().to_string(), "0.00");
        assert_eq!(crate::ledger::unbalanced_accounts(conn).unwrap(), vec![]);
        conn.execute("UPDATE ledger_balances SET amount_cents = 1 WHERE ledger_account = 'seller_sales:s'", [])
            .unwrap();
        assert_eq!(
            crate::ledger::unbalanced_accounts(conn).unwrap(),
            vec![("seller_sales:s".to_string(), 1, 2550)],
            "the check finds a kept balance that drifted from its entries"
        );
    }

    #[test]
    fn a_file_from_before_invoice_charges_keeps_every_invoice_s_lines_as_order_charges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            // Invoice 1 was reissued as invoice 2 (its lines no longer count); invoice 3 is
            // submitted. Orders 10 and 11 are on invoice 2, order 12 on invoice 3.
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(all().into_iter().take(11).collect()).to_latest(&mut conn).unwrap();
            conn.execute_batch(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                     VALUES ('a', 'A', 'direct_prepaid', 'a@example.com', '+1 555 0100', 'a', 'UTC');
                 INSERT INTO orders (id, account_id, idempotency_key, checkout, product_id, product_name, seller_id,
                                     seller_name, delivery, supervised, edition, edition_name, billing, period,
                                     duration, quantity, quote, amount_cents, payment_method, status, created_at,
                                     updated_at)
                     SELECT n, 'a', 'k' || n, '{}', 'crm', 'Sales CRM', 's', 'S', 'saas', 0, 'standard', 'Standard',
                            'yearly_monthly', 'month', 1, 1, '{}', 4900 + n, 'balance', 'completed',
                            '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
                     FROM (SELECT 10 AS n UNION ALL SELECT 11 UNION ALL SELECT 12);
                 INSERT INTO invoices (id, account_id, number, status, title, tax_id, address, email, total_cents,
                                       requested_at, issued_at)
                     VALUES (1, 'a', 'INV-2026-000001', 'issued', 'A Ltd', 'T-1', '1 Road', 'a@example.com',
                             9821, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');
                 INSERT INTO invoices (id, account_id, number, status, title, tax_id, address, email, total_cents,
                                       reissue_of, requested_at, issued_at)
                     VALUES (2, 'a', 'INV-2026-000002', 'issued', 'A Limited', 'T-1', '1 Road', 'a@example.com',
                             9821, 1, '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z');
                 UPDATE invoices SET status = 'superseded', superseded_by = 2, superseded_at = '2026-01-03T00:00:00Z'
                     WHERE id = 1;
                 INSERT INTO invoices (id, account_id, status, title, tax_id, address, email, total_cents, requested_at)
                     VALUES (3, 'a', 'submitted', 'A Ltd', 'T-1', '1 Road', 'a@example.com', 4912,
                             '2026-01-04T00:00:00Z');
                 INSERT INTO invoice_orders (invoice_id, order_id, position, amount_cents, live)
                     VALUES (1, 11, 1, 4911, 0), (1, 10, 2, 4910, 0), (2, 11, 1, 4911, 1), (2, 10, 2, 4910, 1),
                            (3, 12, 1, 4912, 1);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(user_version(&store), SCHEMA_VERSION);
        let conn = store.conn();
        let lines: Vec<(u32, String, u32, u32, u32, i64, i64)> = conn
            .prepare(
                "SELECT invoice_id, kind, charge_id, order_id, position, amount_cents, live FROM invoice_charges
                 ORDER BY invoice_id, position",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let order =
            |invoice, id, position, live| (invoice, "order".to_string(), id, id, position, 4900 + i64::from(id), live);
        assert_eq!(
            lines,
            [order(1, 11, 1, 0), order(1, 10, 2, 0), order(2, 11, 1, 1), order(2, 10, 2, 1), order(3, 12, 1, 1)]
        );
        let old: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'invoice_orders'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(old, 0, "the per-order lines are gone");
        let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0);

        let issued = crate::invoices::load(conn, 2).unwrap();
        let read: Vec<(u32, &str, &str)> =
            issued.lines.iter().map(|l| (l.order_id, l.description.as_str(), l.amount.as_str())).collect();
        assert_eq!(read, [(11, "Standard, 1 month", "49.11"), (10, "Standard, 1 month", "49.10")]);
        assert_eq!(issued.total, "98.21");
        // Still invoiced once: a second live line for an order's payment is refused.
        conn.execute(
            "INSERT INTO invoices (id, account_id, status, title, tax_id, address, email, total_cents, requested_at)
             VALUES (4, 'a', 'submitted', 'A Ltd', 'T-1', '1 Road', 'a@example.com', 4912, '2026-01-05T00:00:00Z')",
            [],
        )
        .unwrap();
        let twice = conn.execute(
            "INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
             VALUES (4, 'order', 12, 12, 1, 4912, 1)",
            [],
        );
        assert!(twice.unwrap_err().to_string().contains("UNIQUE"));
    }

    /// A CHECK with a list of three or more values builds a temporary index for every row
    /// written (see migration 0007); the tables an import fills must have none.
    #[test]
    fn the_tables_a_catalog_import_fills_check_their_values_without_value_lists() {
        let store = Store::open_in_memory().unwrap();
        for table in ["products", "editions", "price_plans", "price_tiers", "product_media", "product_guides"] {
            let sql: String = store
                .conn()
                .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
                .unwrap();
            for list in sql.split(" IN (").skip(1) {
                let values = list.split(')').next().unwrap().split(',').count();
                assert!(values <= 2, "{table} checks a list of {values} values: IN ({list:.60}");
            }
        }
    }

    #[test]
    fn a_file_written_by_a_newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
        }
        let err = Store::open(&path).err().expect("a newer file must be refused");
        assert!(matches!(err, CoreError::StoreTooNew { found: 99, known: SCHEMA_VERSION }), "{err}");
        assert_eq!(err.code(), crate::ErrorCode::StoreTooNew);
        let conn = Connection::open(&path).unwrap();
        let v: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 99);
        let settings: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'settings'", [], |r| r.get(0)).unwrap();
        assert_eq!(settings, 0, "no migration may run on a newer file");
    }
}
