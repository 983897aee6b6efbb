//! My KooGallery > Purchased Apps (R-USE): each app names its seller's support range and its
//! user guide as the catalog has them, and keeps showing once the catalog drops its product.

mod common;

use chrono::{DateTime, Utc};
use common::{buyers_of_each_kind, monthly_checkout as checkout, product, seed_plan, seller};
use koogallery_core::apps::{self, PurchasedApp};
use koogallery_core::catalog::import::{import, CatalogSeed};
use koogallery_core::catalog::model::{DeliveryMethod, SupportRange, UserGuide};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, Store};

const GUIDE: &[u8] = b"%PDF-1.4 the CRM guide, 37 bytes long";

/// `crm` with its own support range and a guide, `wiki` with neither (the seller's range).
fn store() -> Store {
    let mut crm = product("crm", "Sales CRM", "crm", DeliveryMethod::Saas);
    crm.user_guide = Some("guides/CRM guide.pdf".into());
    crm.support = Some(SupportRange {
        email: "crm-help@seller.example".into(),
        phone: "+1 555 0199".into(),
        hours: "Every day 08:00-20:00".into(),
    });
    let mut wiki = product("wiki", "Team Wiki", "project-management", DeliveryMethod::Saas);
    wiki.editions[0].plans = vec![seed_plan("yearly_monthly", "month", "12.00")];
    let mut store = Store::open_in_memory().unwrap();
    let seed = CatalogSeed { sellers: vec![seller()], products: vec![crm, wiki] };
    let read = |path: &str| (path == "guides/CRM guide.pdf").then(|| GUIDE.to_vec());
    let report = store.write(|tx| import(tx, &seed, &read)).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    buyers_of_each_kind(&store);
    let clock = FixedClock("2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap());
    accounts::top_up(&mut store, &clock, "500").unwrap();
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    for (n, id) in ["crm", "wiki", "crm"].into_iter().enumerate() {
        orders::place(&mut store, &services, &checkout(id, 1, &format!("k{n}"))).unwrap();
    }
    store
}

/// An app's support email and guide, as Resource Details shows them.
type SupportAndGuide<'a> = (Option<&'a str>, Option<&'a UserGuide>);

fn support_and_guide(app: &PurchasedApp) -> SupportAndGuide<'_> {
    (app.seller.support.as_ref().map(|s| s.email.as_str()), app.user_guide.as_ref())
}

#[test]
fn r_use_each_app_names_its_support_range_and_guide_as_the_catalog_has_them() {
    let store = store();
    let listed = apps::list(store.conn()).unwrap();
    let orders: Vec<(u32, &str)> = listed.iter().map(|a| (a.order_id, a.product_id.as_str())).collect();
    assert_eq!(orders, [(3, "crm"), (2, "wiki"), (1, "crm")], "the newest first");

    let guide = UserGuide { file_name: "CRM guide.pdf".into(), size_bytes: GUIDE.len() as u32 };
    let crm = &listed[0];
    assert_eq!(crm.seller.name, "Test Seller");
    assert_eq!(
        crm.seller.support,
        Some(SupportRange {
            email: "crm-help@seller.example".into(),
            phone: "+1 555 0199".into(),
            hours: "Every day 08:00-20:00".into(),
        })
    );
    assert_eq!(crm.user_guide, Some(guide.clone()));
    assert_eq!(support_and_guide(&listed[1]), (Some("support@seller.example"), None), "the seller's range, no guide");
    assert_eq!(apps::show(store.conn(), 1).unwrap(), listed[2], "Resource Details is the same app");
}

#[test]
fn r_use_an_app_whose_product_left_the_catalog_still_shows_without_support_or_guide() {
    let store = store();
    store.conn().execute("DELETE FROM products WHERE id = 'crm'", []).unwrap();
    let listed = apps::list(store.conn()).unwrap();
    let shown: Vec<(u32, &str, SupportAndGuide<'_>)> =
        listed.iter().map(|a| (a.order_id, a.product_name.as_str(), support_and_guide(a))).collect();
    assert_eq!(
        shown,
        [
            (3, "Sales CRM", (None, None)),
            (2, "Team Wiki", (Some("support@seller.example"), None)),
            (1, "Sales CRM", (None, None)),
        ]
    );
    let app = apps::show(store.conn(), 3).unwrap();
    assert_eq!(app.saas.map(|s| s.user_name), Some("acme-prepaid@buyer.example".into()), "its account stays");
}
