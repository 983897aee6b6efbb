//! My Favorites (R-BUY-2): which specifications can be saved, one favourite per product,
//! newest first, and what removing and dropping a product do.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{act_for, catalog_with, per_user_plan, product, seed_plan, with_buyers};
use koogallery_core::catalog::import::EditionSeed;
use koogallery_core::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod};
use koogallery_core::clock::FixedClock;
use koogallery_core::favorites::{self, FavoriteSpec};
use koogallery_core::{ErrorCode, Store};

fn at(minutes: i64) -> FixedClock {
    let start: DateTime<Utc> = "2026-03-01T09:00:00Z".parse().unwrap();
    FixedClock(start + Duration::minutes(minutes))
}

/// An image (flat, hourly and monthly), a per-user SaaS (linear by the month, tiered by the
/// year) with two editions, and a license sold by the year only.
fn store() -> Store {
    let image = product("mysql-image", "MySQL Image", "databases-and-cache", DeliveryMethod::Image);
    let mut crm = product("crm", "Sales CRM", "crm", DeliveryMethod::Saas);
    crm.editions[0].plans = vec![per_user_plan("linear", "month"), per_user_plan("tiered", "year")];
    crm.editions.push(EditionSeed {
        code: "enterprise".into(),
        name: "Enterprise".into(),
        specification: "SSO and audit".into(),
        plans: vec![per_user_plan("volume", "month")],
    });
    let mut license = product("db-license", "DB License", "databases-and-cache", DeliveryMethod::License);
    license.editions[0].plans = vec![seed_plan("yearly_monthly", "year", "900.00")];
    with_buyers(catalog_with(vec![image, crm, license]))
}

fn spec(edition: &str, billing: &str, period: &str, duration: u32, users: Option<u32>) -> FavoriteSpec {
    FavoriteSpec {
        edition: edition.into(),
        billing: billing.parse().unwrap(),
        period: period.parse().unwrap(),
        duration,
        users,
    }
}

fn count(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM favorites", [], |r| r.get(0)).unwrap()
}

fn listed(store: &Store) -> Vec<(String, FavoriteSpec)> {
    favorites::list(store.conn()).unwrap().into_iter().map(|f| (f.product.id, f.spec)).collect()
}

#[test]
fn r_buy_2_a_specification_must_exist_in_the_product() {
    let ok = [
        ("mysql-image", spec("standard", "pay_per_use", "hour", 1, None)),
        ("mysql-image", spec("standard", "yearly_monthly", "month", 36, None)),
        ("crm", spec("standard", "yearly_monthly", "month", 3, Some(25))),
        ("crm", spec("standard", "yearly_monthly", "year", 5, Some(1))),
        ("crm", spec("enterprise", "yearly_monthly", "month", 1, Some(500))),
        ("db-license", spec("standard", "yearly_monthly", "year", 1, None)),
    ];
    for (product, spec) in ok {
        let mut store = store();
        let saved = favorites::save(&mut store, &at(0), product, &spec)
            .unwrap_or_else(|e| panic!("{product} {spec:?} refused: {e}"));
        assert_eq!((saved.product.id.as_str(), &saved.spec), (product, &spec));
    }

    let refused = [
        (
            "no-such-product",
            spec("standard", "yearly_monthly", "month", 1, None),
            ErrorCode::NotFound,
            "no-such-product",
        ),
        (
            "mysql-image",
            spec("gold", "yearly_monthly", "month", 1, None),
            ErrorCode::InvalidInput,
            "choose one of: standard",
        ),
        ("mysql-image", spec("standard", "yearly_monthly", "year", 1, None), ErrorCode::InvalidInput, "it offers"),
        ("db-license", spec("standard", "yearly_monthly", "month", 1, None), ErrorCode::InvalidInput, "it offers"),
        ("db-license", spec("standard", "pay_per_use", "hour", 1, None), ErrorCode::InvalidInput, "it offers"),
        ("crm", spec("enterprise", "yearly_monthly", "year", 1, Some(5)), ErrorCode::InvalidInput, "it offers"),
        (
            "mysql-image",
            spec("standard", "yearly_monthly", "month", 0, None),
            ErrorCode::InvalidInput,
            "1 to 36 months",
        ),
        (
            "mysql-image",
            spec("standard", "yearly_monthly", "month", 37, None),
            ErrorCode::InvalidInput,
            "1 to 36 months",
        ),
        ("db-license", spec("standard", "yearly_monthly", "year", 6, None), ErrorCode::InvalidInput, "1 to 5 years"),
        ("mysql-image", spec("standard", "pay_per_use", "hour", 2, None), ErrorCode::InvalidInput, "for 1 hour"),
        (
            "crm",
            spec("standard", "yearly_monthly", "month", 1, None),
            ErrorCode::InvalidInput,
            "give the number of users",
        ),
        (
            "crm",
            spec("standard", "yearly_monthly", "month", 1, Some(0)),
            ErrorCode::InvalidInput,
            "between 1 and 10000",
        ),
        (
            "mysql-image",
            spec("standard", "yearly_monthly", "month", 1, Some(5)),
            ErrorCode::InvalidInput,
            "leave users out",
        ),
    ];
    for (product, spec, code, message) in refused {
        let mut store = store();
        let err = favorites::save(&mut store, &at(0), product, &spec).unwrap_err();
        assert_eq!(err.code(), code, "{product} {spec:?}: {err}");
        assert!(err.to_string().contains(message), "{product} {spec:?}: {err}");
        assert_eq!(count(&store), 0, "a refused save stores nothing");
    }
}

#[test]
fn r_buy_2_saving_again_updates_the_specification_and_keeps_the_place() {
    let mut store = store();
    favorites::save(&mut store, &at(0), "mysql-image", &spec("standard", "yearly_monthly", "month", 1, None)).unwrap();
    favorites::save(&mut store, &at(1), "crm", &spec("standard", "yearly_monthly", "month", 3, Some(25))).unwrap();
    favorites::save(&mut store, &at(2), "db-license", &spec("standard", "yearly_monthly", "year", 1, None)).unwrap();
    let order = |store: &Store| listed(store).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    assert_eq!(order(&store), ["db-license", "crm", "mysql-image"], "newest first");

    let updated =
        favorites::save(&mut store, &at(10), "mysql-image", &spec("standard", "pay_per_use", "hour", 1, None)).unwrap();
    assert_eq!(updated.saved_at, "2026-03-01T09:00:00Z", "the first save's time is kept");
    assert_eq!(order(&store), ["db-license", "crm", "mysql-image"], "an update keeps its place");
    assert_eq!(listed(&store)[2].1, spec("standard", "pay_per_use", "hour", 1, None));
    assert_eq!(count(&store), 3, "one row per product");

    // A refused update leaves the saved specification as it was.
    let err = favorites::save(&mut store, &at(11), "crm", &spec("standard", "yearly_monthly", "month", 99, Some(25)));
    assert!(err.is_err());
    assert_eq!(listed(&store)[1].1, spec("standard", "yearly_monthly", "month", 3, Some(25)));
}

#[test]
fn r_buy_2_favorites_carry_the_product_and_the_time_of_the_store_clock() {
    let mut store = store();
    store.set_demo_clock("2026-05-05T12:30:00Z".parse().unwrap()).unwrap();
    let saved = favorites::save(&mut store, &at(0), "crm", &spec("enterprise", "yearly_monthly", "month", 2, Some(40)))
        .unwrap();
    assert_eq!(saved.saved_at, "2026-05-05T12:30:00Z", "the demo clock wins over the machine's");
    assert_eq!(saved.product.name, "Sales CRM");
    assert_eq!(saved.edition_name, "Enterprise");
    assert_eq!(saved.product.seller, "Test Seller");
    assert_eq!(saved.spec.billing, BillingMode::YearlyMonthly);
    assert_eq!(saved.spec.period, BillingPeriod::Month);
    assert_eq!(favorites::list(store.conn()).unwrap(), [saved]);
}

#[test]
fn r_buy_2_removing_takes_a_product_off_and_an_unsaved_one_is_not_found() {
    let mut store = store();
    favorites::save(&mut store, &at(0), "mysql-image", &spec("standard", "yearly_monthly", "month", 1, None)).unwrap();
    favorites::save(&mut store, &at(1), "db-license", &spec("standard", "yearly_monthly", "year", 1, None)).unwrap();

    favorites::remove(&mut store, "mysql-image").unwrap();
    assert_eq!(listed(&store).len(), 1);
    for missing in ["mysql-image", "crm", "no-such-product"] {
        let err = favorites::remove(&mut store, missing).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{missing}");
        assert!(err.to_string().contains(missing), "{err}");
    }
    assert_eq!(listed(&store).len(), 1, "a failed removal changes nothing");
}

#[test]
fn r_buy_2_a_product_dropped_from_the_catalog_leaves_the_list() {
    let mut store = store();
    favorites::save(&mut store, &at(0), "mysql-image", &spec("standard", "yearly_monthly", "month", 1, None)).unwrap();
    favorites::save(&mut store, &at(1), "db-license", &spec("standard", "yearly_monthly", "year", 1, None)).unwrap();
    store.conn().execute("DELETE FROM products WHERE id = 'mysql-image'", []).unwrap();
    assert_eq!(listed(&store).into_iter().map(|(id, _)| id).collect::<Vec<_>>(), ["db-license"]);
}

#[test]
fn r_buy_2_a_withdrawn_edition_is_shown_by_its_code() {
    let mut store = store();
    let saved =
        favorites::save(&mut store, &at(0), "crm", &spec("enterprise", "yearly_monthly", "month", 1, Some(5))).unwrap();
    assert_eq!(saved.edition_name, "Enterprise");
    store.conn().execute("DELETE FROM editions WHERE code = 'enterprise'", []).unwrap();
    let listed = favorites::list(store.conn()).unwrap();
    assert_eq!(listed[0].edition_name, "enterprise");
}

#[test]
fn r_buy_2_each_account_has_its_own_list() {
    let mut store = store();
    favorites::save(&mut store, &at(0), "mysql-image", &spec("standard", "yearly_monthly", "month", 1, None)).unwrap();
    act_for(&store, "borealis-postpaid");
    assert!(listed(&store).is_empty());
    favorites::save(&mut store, &at(1), "mysql-image", &spec("standard", "pay_per_use", "hour", 1, None)).unwrap();
    assert_eq!(listed(&store)[0].1.period, BillingPeriod::Hour);
    act_for(&store, "acme-prepaid");
    assert_eq!(listed(&store)[0].1.period, BillingPeriod::Month);
    assert_eq!(count(&store), 2);
}

#[test]
fn without_a_buyer_account_nothing_is_saved() {
    let mut store =
        catalog_with(vec![product("mysql-image", "MySQL Image", "databases-and-cache", DeliveryMethod::Image)]);
    let err = favorites::save(&mut store, &at(0), "mysql-image", &spec("standard", "yearly_monthly", "month", 1, None))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(count(&store), 0);
}

#[test]
fn r_buy_2_a_seller_or_the_operations_manager_cannot_save_or_remove_a_buyers_favourites() {
    use koogallery_core::roles::{self, RoleChoice};
    let mut store = store();
    favorites::save(&mut store, &at(0), "crm", &spec("standard", "yearly_monthly", "month", 3, Some(25))).unwrap();
    for choice in [RoleChoice::OperationsManager, RoleChoice::Seller { seller_id: "test-seller".into() }] {
        roles::switch(&mut store, &choice).unwrap();
        let saved =
            favorites::save(&mut store, &at(1), "mysql-image", &spec("standard", "pay_per_use", "hour", 1, None));
        assert_eq!(saved.unwrap_err().code(), ErrorCode::Forbidden, "{choice:?}");
        assert_eq!(favorites::remove(&mut store, "crm").unwrap_err().code(), ErrorCode::Forbidden, "{choice:?}");
        assert_eq!(count(&store), 1, "the buyer's list is as it was");
    }
}
