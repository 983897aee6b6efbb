//! A seller's page (R-AFT-2): after-sales support is the seller's, so the page a product links
//! to says how to reach the seller, and lists what it sells.

mod common;

use common::{product, seller};
use koogallery_core::catalog::import::{import, CatalogSeed, SellerSeed};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::catalog::seller::{show, PRODUCTS_SHOWN};
use koogallery_core::{ErrorCode, Store};

fn other_seller() -> SellerSeed {
    SellerSeed {
        id: "harbor".into(),
        name: "Harbor Tools".into(),
        email: "help@harbor.example".into(),
        phone: "+44 20 7946 0000".into(),
        support_hours: "Every day 08:00-20:00 (UTC+0)".into(),
        website: Some("https://harbor.example".into()),
    }
}

/// `harbor` sells `count` products, "Harbor 1" bought once, "Harbor 2" twice…; the test seller
/// sells one.
fn store(count: u32) -> Store {
    let mut products: Vec<_> = (1..=count)
        .map(|n| {
            let mut p = product(&format!("harbor-{n}"), &format!("Harbor {n}"), "crm", DeliveryMethod::Saas);
            p.seller = "harbor".into();
            p.popularity = n;
            p
        })
        .collect();
    products.push(product("crm", "CRM", "crm", DeliveryMethod::Saas));
    let mut store = Store::open_in_memory().unwrap();
    let seed = CatalogSeed { sellers: vec![seller(), other_seller()], products };
    let report = store.write(|tx| import(tx, &seed, &|_: &str| None)).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    store
}

#[test]
fn r_aft_2_a_sellers_page_gives_its_contact_and_support_hours_and_only_its_products_most_bought_first() {
    let page = show(store(3).conn(), "harbor").unwrap();
    assert_eq!(
        (page.seller.name.as_str(), page.seller.email.as_str(), page.seller.phone.as_str()),
        ("Harbor Tools", "help@harbor.example", "+44 20 7946 0000")
    );
    assert_eq!(page.seller.website.as_deref(), Some("https://harbor.example"));
    assert_eq!(page.support_hours, "Every day 08:00-20:00 (UTC+0)");
    assert_eq!(page.product_count, 3);
    let names: Vec<_> = page.products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Harbor 3", "Harbor 2", "Harbor 1"]);
    assert!(page.products.iter().all(|p| p.seller_id == "harbor" && p.starting_price.is_some()));

    let other = show(store(3).conn(), "test-seller").unwrap();
    assert_eq!((other.product_count, other.products[0].id.as_str()), (1, "crm"));
    assert_eq!(other.seller.website, None);
}

#[test]
fn r_aft_2_a_seller_with_many_products_shows_the_most_bought_and_counts_them_all() {
    let page = show(store(PRODUCTS_SHOWN + 6).conn(), " harbor ").unwrap();
    assert_eq!(page.product_count, PRODUCTS_SHOWN + 6);
    assert_eq!(page.products.len(), PRODUCTS_SHOWN as usize);
    assert_eq!(page.products[0].name, format!("Harbor {}", PRODUCTS_SHOWN + 6));
    assert_eq!(page.products.last().unwrap().name, "Harbor 7");
}

#[test]
fn r_aft_2_an_unknown_or_empty_seller_is_refused_with_a_clear_error() {
    let store = store(1);
    let unknown = show(store.conn(), "nobody").unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    assert!(unknown.to_string().contains("nobody"), "{unknown}");
    let empty = show(store.conn(), "  ").unwrap_err();
    assert_eq!(empty.code(), ErrorCode::InvalidInput);
    assert!(empty.to_string().contains("seller"), "{empty}");
}
