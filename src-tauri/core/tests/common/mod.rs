//! A small catalog builder for tests: one seller, products with sensible defaults.
#![allow(dead_code)]

use koogallery_core::catalog::import::{import, CatalogSeed, EditionSeed, PlanSeed, ProductSeed, SellerSeed};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::Store;

pub fn seed_plan(billing: &str, period: &str, price: &str) -> PlanSeed {
    PlanSeed {
        billing: billing.parse().unwrap(),
        period: period.parse().unwrap(),
        pricing: "flat".parse().unwrap(),
        price: Some(price.parse().unwrap()),
        unit_price: None,
        tiers: None,
    }
}

pub fn seller() -> SellerSeed {
    SellerSeed {
        id: "test-seller".into(),
        name: "Test Seller".into(),
        email: "support@seller.example".into(),
        phone: "+1 555 0100".into(),
        support_hours: "Mon-Fri 09:00-17:00".into(),
        website: None,
    }
}

pub fn product(id: &str, name: &str, sub_category: &str, delivery: DeliveryMethod) -> ProductSeed {
    let plans = if delivery == DeliveryMethod::Image {
        vec![seed_plan("pay_per_use", "hour", "0.12"), seed_plan("yearly_monthly", "month", "29.00")]
    } else {
        vec![seed_plan("yearly_monthly", "month", "49.00")]
    };
    ProductSeed {
        id: id.into(),
        name: name.into(),
        seller: "test-seller".into(),
        sub_category: sub_category.into(),
        delivery,
        supervised: delivery.always_supervised(),
        requires_seller_authorization: false,
        summary: format!("{name} in one line."),
        description: format!("{name} does what it says."),
        tags: vec![],
        operating_system: None,
        logo: None,
        screenshots: vec![],
        user_guide: None,
        support: None,
        popularity: 0,
        released: "2025-01-01".parse().unwrap(),
        editions: vec![EditionSeed {
            code: "standard".into(),
            name: "Standard".into(),
            specification: "Standard specification".into(),
            plans,
        }],
        request_template: None,
    }
}

pub fn catalog_with(products: Vec<ProductSeed>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    import_into(&mut store, products);
    store
}

pub fn import_into(store: &mut Store, products: Vec<ProductSeed>) {
    let seed = CatalogSeed { sellers: vec![seller()], products };
    let report = store.write(|tx| import(tx, &seed, &|_: &str| None)).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
}

/// A catalog to buy from: an unsupervised SaaS sold by the month and year ("crm": 49.00 a
/// month, 490.00 a year), a supervised SaaS that needs the seller's authorization
/// ("accounting"), a license ("db-license", supervised), an image, a content service priced
/// to a fraction of a cent ("fractions": 33.335 a month) and a per-user SaaS ("team", linear
/// 8.00 a user a month).
pub fn buying_catalog(store: &mut Store) {
    let mut crm = product("crm", "Sales CRM", "crm", DeliveryMethod::Saas);
    crm.editions[0].plans =
        vec![seed_plan("yearly_monthly", "month", "49.00"), seed_plan("yearly_monthly", "year", "490.00")];
    let mut accounting = product("accounting", "Online Accounting", "financial-services", DeliveryMethod::Saas);
    accounting.supervised = true;
    accounting.requires_seller_authorization = true;
    let license = product("db-license", "DB License", "databases-and-cache", DeliveryMethod::License);
    let image = product("mysql-image", "MySQL Image", "databases-and-cache", DeliveryMethod::Image);
    let mut fractions = product("fractions", "Benchmark Data", "business-intelligence", DeliveryMethod::ContentService);
    fractions.editions[0].plans = vec![seed_plan("yearly_monthly", "month", "33.335")];
    let mut team = product("team", "Team Wiki", "project-management", DeliveryMethod::Saas);
    team.editions[0].plans = vec![per_user_plan("linear", "month")];
    import_into(store, vec![crm, accounting, license, image, fractions, team]);
}

/// One buyer of each kind: `acme-prepaid` (no balance yet), `borealis-postpaid` (card 1
/// approves, card 2 is the declined test card, credit of 100.00 enabled) and
/// `cedar-reseller`. The app acts for `acme-prepaid`.
pub fn buyers_of_each_kind(store: &Store) {
    use koogallery_core::accounts::add_card;
    use koogallery_core::payments::simulated::{SimulatedProvider, APPROVED_CARD, DECLINED_CARD};
    for (id, kind) in [
        ("acme-prepaid", "direct_prepaid"),
        ("borealis-postpaid", "direct_postpaid"),
        ("cedar-reseller", "reseller_customer"),
    ] {
        store
            .conn()
            .execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES (?1, ?1, ?2, ?1 || '@buyer.example', '+1 555 0101', ?1 || '-admin', 'UTC')",
                [id, kind],
            )
            .unwrap();
    }
    for number in [APPROVED_CARD, DECLINED_CARD] {
        add_card(store.conn(), &SimulatedProvider, "borealis-postpaid", number, "2026-01-01T00:00:00Z").unwrap();
    }
    store
        .conn()
        .execute(
            "UPDATE accounts SET credit_enabled = 1, credit_limit_cents = 10000 WHERE id = 'borealis-postpaid'",
            [],
        )
        .unwrap();
}

/// A per-user plan: `linear` at one unit price, or `tiered`/`volume` with two tiers.
pub fn per_user_plan(pricing: &str, period: &str) -> PlanSeed {
    use koogallery_core::catalog::import::TierSeed;
    let mut plan = seed_plan("yearly_monthly", period, "0");
    plan.pricing = pricing.parse().unwrap();
    plan.price = None;
    if pricing == "linear" {
        plan.unit_price = Some("8.00".parse().unwrap());
    } else {
        plan.tiers = Some(vec![
            TierSeed { up_to: Some(10), unit_price: "10.00".parse().unwrap() },
            TierSeed { up_to: None, unit_price: "8.00".parse().unwrap() },
        ]);
    }
    plan
}

/// Adds the buyer account the app acts for by default (`acme-prepaid`) and another one.
pub fn with_buyers(store: Store) -> Store {
    for id in ["acme-prepaid", "borealis-postpaid"] {
        store
            .conn()
            .execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES (?1, ?1, 'direct_prepaid', 'it@buyer.example', '+1 555 0101', 'admin', 'UTC')",
                [id],
            )
            .unwrap();
    }
    store
}

/// Makes `account` the one the app acts for.
pub fn act_for(store: &Store, account: &str) {
    store
        .conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('current_account', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [account],
        )
        .unwrap();
}

/// A checkout of the standard edition of `product`, yearly/monthly by the month, for
/// `months`, with the terms ticked and the account's default payment method.
pub fn monthly_checkout(product: &str, months: u32, key: &str) -> koogallery_core::orders::CheckoutRequest {
    koogallery_core::orders::CheckoutRequest {
        configuration: koogallery_core::catalog::pricing::QuoteRequest {
            product_id: product.into(),
            edition: "standard".into(),
            billing: "yearly_monthly".parse().unwrap(),
            period: "month".parse().unwrap(),
            duration: months,
            users: None,
            quantity: None,
        },
        accept_terms: true,
        authorize_seller: false,
        payment: None,
        idempotency_key: key.into(),
    }
}

/// Every row of `table` in the order written, as text, under the table's name: what tests
/// compare to prove a store unchanged, or two stores the same.
pub fn table_rows(store: &Store, table: &str) -> String {
    let mut statement = store.conn().prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
    let columns = statement.column_count();
    let rows = statement
        .query_map([], |r| {
            Ok((0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    format!("{table}:\n{}\n", rows.join("\n"))
}

pub mod buying;
pub mod images;
pub mod invoicing;
pub mod simulation;
pub mod subscriptions;
pub mod supervision;
pub mod sync;
pub mod upgrade;
