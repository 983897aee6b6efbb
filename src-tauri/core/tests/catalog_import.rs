//! Importing a catalog seed: what is refused, why, and that the rest goes on.

mod common;

use std::collections::HashMap;
use std::io::Cursor;

use common::{product, seed_plan, seller};
use koogallery_core::catalog::import::{import, CatalogSeed, ImportReport, PlanSeed, ProductSeed, TierSeed};
use koogallery_core::catalog::media::{self, MediaRequest};
use koogallery_core::catalog::model::{DeliveryMethod, PricingModel};
use koogallery_core::catalog::product::show;
use koogallery_core::Store;

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([10, 90, 200]));
    let mut bytes = Vec::new();
    picture.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

fn run(products: Vec<ProductSeed>, files: HashMap<&'static str, Vec<u8>>) -> (Store, ImportReport) {
    let mut store = Store::open_in_memory().unwrap();
    let seed = CatalogSeed { sellers: vec![seller()], products };
    let read = move |path: &str| files.get(path).cloned();
    let report = store.write(|tx| import(tx, &seed, &read)).unwrap();
    (store, report)
}

fn tiered(model: &str) -> PlanSeed {
    PlanSeed {
        billing: "yearly_monthly".parse().unwrap(),
        period: "month".parse().unwrap(),
        pricing: model.parse().unwrap(),
        price: None,
        unit_price: None,
        tiers: Some(vec![
            TierSeed { up_to: Some(10), unit_price: "12.00".parse().unwrap() },
            TierSeed { up_to: Some(50), unit_price: "10.00".parse().unwrap() },
            TierSeed { up_to: None, unit_price: "8.00".parse().unwrap() },
        ]),
    }
}

#[test]
fn r_bill_1_r_buy_4_products_breaking_a_catalog_rule_are_refused_with_the_reason_and_the_rest_goes_on() {
    type Break = fn(&mut ProductSeed);
    let cases: Vec<(&str, Break, &str)> = vec![
        ("bad-id", |p| p.id = "Bad Id!".into(), "lower-case letters"),
        ("no-name", |p| p.name = "  ".into(), "the name is empty"),
        ("unknown-seller", |p| p.seller = "nobody".into(), "seller \"nobody\""),
        ("unknown-sub", |p| p.sub_category = "games".into(), "sub-category \"games\""),
        (
            "license-unsupervised",
            |p| {
                p.delivery = DeliveryMethod::License;
                p.supervised = false
            },
            "always involves service supervision",
        ),
        ("image-supervised", |p| p.supervised = true, "never involves service supervision"),
        (
            "saas-pay-per-use",
            |p| {
                p.delivery = DeliveryMethod::Saas;
                p.editions[0].plans = vec![seed_plan("pay_per_use", "hour", "1.00")]
            },
            "images only",
        ),
        (
            "hourly-yearly-monthly",
            |p| p.editions[0].plans = vec![seed_plan("yearly_monthly", "hour", "1.00")],
            "month or the year",
        ),
        (
            "monthly-pay-per-use",
            |p| p.editions[0].plans = vec![seed_plan("pay_per_use", "month", "1.00")],
            "by the hour",
        ),
        ("negative-price", |p| p.editions[0].plans = vec![seed_plan("yearly_monthly", "month", "-1.00")], "negative"),
        ("no-editions", |p| p.editions.clear(), "at least one edition"),
        ("no-plans", |p| p.editions[0].plans.clear(), "no price plan"),
        ("twice-priced", |p| p.editions[0].plans.push(seed_plan("yearly_monthly", "month", "30.00")), "twice"),
        ("per-user-image", |p| p.editions[0].plans = vec![tiered("tiered")], "per-user pricing is for SaaS"),
        ("authorization-image", |p| p.requires_seller_authorization = true, "R-BUY-4"),
        (
            "tiers-out-of-order",
            |p| {
                p.delivery = DeliveryMethod::Saas;
                let mut plan = tiered("volume");
                plan.tiers.as_mut().unwrap()[1].up_to = Some(5);
                p.editions[0].plans = vec![plan];
            },
            "ascending",
        ),
        (
            "last-tier-closed",
            |p| {
                p.delivery = DeliveryMethod::Saas;
                let mut plan = tiered("tiered");
                plan.tiers.as_mut().unwrap()[2].up_to = Some(100);
                p.editions[0].plans = vec![plan];
            },
            "open-ended",
        ),
        (
            "flat-with-tiers",
            |p| {
                let mut plan = seed_plan("yearly_monthly", "month", "1.00");
                plan.pricing = PricingModel::Flat;
                plan.tiers = Some(vec![]);
                p.editions[0].plans = vec![plan];
            },
            "flat plan",
        ),
    ];
    let mut products = vec![product("good-one", "Good One", "databases-and-cache", DeliveryMethod::Image)];
    for (id, breaks, _) in &cases {
        let mut p = product(id, id, "databases-and-cache", DeliveryMethod::Image);
        breaks(&mut p);
        products.push(p);
    }
    products.push(product("good-two", "Good Two", "crm", DeliveryMethod::Saas));
    products.push(product("good-one", "Good One again", "crm", DeliveryMethod::Saas));

    let (store, report) = run(products, HashMap::new());
    assert_eq!(report.products, 2, "{:#?}", report.refused);
    assert_eq!(report.refused.len(), cases.len() + 1);
    for ((_, _, reason), refused) in cases.iter().zip(&report.refused) {
        assert!(refused.contains(reason), "expected {reason:?} in {refused:?}");
    }
    assert!(report.refused.last().unwrap().contains("already in the catalog"));
    let count: i64 = store.conn().query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 2);
    let editions: i64 = store.conn().query_row("SELECT count(*) FROM editions", [], |r| r.get(0)).unwrap();
    assert_eq!(editions, 2, "a refused product leaves no edition behind");
}

#[test]
fn a_corrupt_or_oversized_image_is_refused_and_its_product_kept_without_it() {
    let mut with_images = product("pictured", "Pictured", "databases-and-cache", DeliveryMethod::Image);
    with_images.logo = Some("logo.png".into());
    with_images.screenshots = vec!["corrupt.png".into(), "huge.png".into(), "good.png".into(), "missing.png".into()];
    let mut other = product("other", "Other", "crm", DeliveryMethod::Saas);
    other.logo = Some("logo.png".into());
    let mut corrupt = png(100, 100);
    corrupt.truncate(60);
    let files = HashMap::from([
        ("logo.png", png(256, 256)),
        ("corrupt.png", corrupt),
        ("huge.png", png(5000, 100)),
        ("good.png", png(1280, 800)),
    ]);

    let (store, report) = run(vec![with_images, other], files);
    assert_eq!(report.products, 2);
    assert_eq!(report.images, 3, "two logos and one good screenshot");
    assert_eq!(report.refused.len(), 3, "{:#?}", report.refused);
    assert!(report.refused[0].contains("corrupt.png") && report.refused[0].contains("corrupt"));
    assert!(report.refused[1].contains("huge.png") && report.refused[1].contains("at most 4096"));
    assert!(report.refused[2].contains("missing.png is missing"));

    let page = show(store.conn(), "pictured").unwrap();
    assert_eq!(page.screenshots.len(), 1);
    assert_eq!((page.screenshots[0].position, page.screenshots[0].width), (1, 1280));
    let thumb =
        media::read(store.conn(), "pictured", MediaRequest::Screenshot { position: 1, thumbnail: true }).unwrap();
    assert_eq!(thumb.mime, "image/jpeg");
    let logo = media::read(store.conn(), "other", MediaRequest::Logo { small: false }).unwrap();
    assert_eq!(image::load_from_memory(&logo.bytes).unwrap().width(), 128);
    let small = media::read(store.conn(), "other", MediaRequest::Logo { small: true }).unwrap();
    assert_eq!((small.mime.as_str(), image::load_from_memory(&small.bytes).unwrap().width()), ("image/png", 64));
    let missing = media::read(store.conn(), "pictured", MediaRequest::Screenshot { position: 2, thumbnail: false });
    assert_eq!(missing.unwrap_err().code(), koogallery_core::ErrorCode::NotFound);
}

#[test]
fn the_product_page_shows_editions_plans_and_tiers() {
    let mut crm = product("crm", "CRM", "crm", DeliveryMethod::Saas);
    crm.supervised = true;
    crm.requires_seller_authorization = true;
    crm.user_guide = Some("guides/crm.pdf".into());
    crm.editions[0].plans = vec![tiered("tiered"), seed_plan("yearly_monthly", "year", "999.5")];
    let files = HashMap::from([("guides/crm.pdf", b"%PDF-1.4 guide".to_vec())]);
    let (store, report) = run(vec![crm], files);
    assert!(report.refused.is_empty(), "{:?}", report.refused);

    let page = show(store.conn(), "crm").unwrap();
    assert!(page.requires_seller_authorization && page.summary.supervised);
    assert_eq!(page.support.email, "support@seller.example", "support falls back to the seller's contact");
    assert_eq!(page.user_guide.as_ref().map(|g| (g.file_name.as_str(), g.size_bytes)), Some(("crm.pdf", 14)));
    let plans = &page.editions[0].plans;
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].pricing, PricingModel::Tiered);
    let tiers: Vec<_> = plans[0].tiers.iter().map(|t| (t.from_users, t.to_users, t.unit_price.as_str())).collect();
    assert_eq!(tiers, [(1, Some(10), "12.00"), (11, Some(50), "10.00"), (51, None, "8.00")]);
    assert_eq!(plans[1].price.as_deref(), Some("999.50"));
    let from = page.summary.starting_price.unwrap();
    assert_eq!((from.amount.as_str(), from.per_user), ("8.00", true));

    let err = show(store.conn(), "nothing-here").unwrap_err();
    assert_eq!(err.code(), koogallery_core::ErrorCode::NotFound);
}
