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
    }
}

pub fn catalog_with(products: Vec<ProductSeed>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let seed = CatalogSeed { sellers: vec![seller()], products };
    let report = store.write(|tx| import(tx, &seed, &|_: &str| None)).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    store
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
