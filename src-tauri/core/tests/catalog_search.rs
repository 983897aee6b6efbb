//! Search ranking and filters, against a small hand-made catalog.

mod common;

use common::{catalog_with, product, seed_plan};
use koogallery_core::catalog::model::{BillingMode, DeliveryMethod};
use koogallery_core::catalog::search::{home, search, SearchQuery, SortOrder};

fn names(store: &koogallery_core::Store, query: SearchQuery) -> Vec<String> {
    search(store, &query).unwrap().items.into_iter().map(|p| p.id).collect()
}

fn text(t: &str) -> SearchQuery {
    SearchQuery { text: Some(t.into()), ..Default::default() }
}

fn fixture() -> koogallery_core::Store {
    let mut desc_only = product("backup-vault", "Backup Vault", "storage-and-backup", DeliveryMethod::Image);
    desc_only.description = "Nightly backups for MySQL and PostgreSQL databases.".into();
    desc_only.popularity = 5000;
    let mut tag_only = product("db-admin-pro", "DB Admin Pro", "system-administration", DeliveryMethod::Saas);
    tag_only.tags = vec!["mysql".into(), "admin".into()];
    tag_only.popularity = 4000;
    let mut named = product("mysql-server", "MySQL Server", "databases-and-cache", DeliveryMethod::Image);
    named.popularity = 10;
    let mut named_popular = product("mysql-ha", "MySQL HA Cluster", "databases-and-cache", DeliveryMethod::Image);
    named_popular.popularity = 900;
    let mut license =
        product("mysql-enterprise-license", "MySQL Enterprise License", "databases-and-cache", DeliveryMethod::License);
    license.supervised = true;
    license.editions[0].plans = vec![seed_plan("yearly_monthly", "year", "900.00")];
    license.popularity = 50;
    let wordpress = product("wordpress", "WordPress on Debian", "content-management", DeliveryMethod::Image);
    let mut crm = product("crm-cloud", "Sales CRM Cloud", "crm", DeliveryMethod::Saas);
    crm.popularity = 3000;
    catalog_with(vec![desc_only, tag_only, named, named_popular, license, wordpress, crm])
}

#[test]
fn name_matches_rank_above_tag_matches_above_description_matches() {
    let store = fixture();
    assert_eq!(
        names(&store, text("mysql")),
        ["mysql-ha", "mysql-enterprise-license", "mysql-server", "db-admin-pro", "backup-vault"],
        "name matches first (the most bought first), then tags, then description, however popular"
    );
}

#[test]
fn words_match_as_prefixes_and_all_words_must_match() {
    let store = fixture();
    assert_eq!(names(&store, text("word")), ["wordpress"]);
    assert_eq!(names(&store, text("my")).len(), 5);
    assert_eq!(names(&store, text("mysql clus")), ["mysql-ha"]);
    assert_eq!(names(&store, text("MYSQL   enterprise")), ["mysql-enterprise-license"]);
    assert!(names(&store, text("mysql wordpress")).is_empty());
}

#[test]
fn search_text_is_never_read_as_query_syntax() {
    let store = fixture();
    for hostile in ["\"", "mysql\" OR \"crm", "NEAR(", "*", "name:crm", "-mysql", "(((", "'; DROP TABLE products; --"] {
        let result = search(&store, &text(hostile));
        assert!(result.is_ok(), "{hostile:?}: {result:?}");
    }
    assert_eq!(names(&store, text("name:crm")), Vec::<String>::new(), "'name' is a word here, not a column");
}

#[test]
fn filters_narrow_results_and_combine() {
    let store = fixture();
    let cases: Vec<(SearchQuery, Vec<&str>)> = vec![
        (SearchQuery { delivery: Some(DeliveryMethod::Saas), ..Default::default() }, vec!["db-admin-pro", "crm-cloud"]),
        (SearchQuery { category: Some("business-software".into()), ..Default::default() }, vec!["crm-cloud"]),
        (
            SearchQuery { sub_category: Some("databases-and-cache".into()), ..Default::default() },
            vec!["mysql-ha", "mysql-enterprise-license", "mysql-server"],
        ),
        (
            SearchQuery { billing: Some(BillingMode::PayPerUse), text: Some("mysql".into()), ..Default::default() },
            vec!["mysql-ha", "mysql-server", "backup-vault"],
        ),
        (
            SearchQuery {
                text: Some("mysql".into()),
                category: Some("infrastructure-software".into()),
                delivery: Some(DeliveryMethod::Image),
                ..Default::default()
            },
            vec!["mysql-ha", "mysql-server", "backup-vault"],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(names(&store, query.clone()), expected, "{query:?}");
    }
}

#[test]
fn without_text_results_come_by_popularity_and_page_with_a_total() {
    let store = fixture();
    let page = search(&store, &SearchQuery { limit: Some(2), offset: Some(1), ..Default::default() }).unwrap();
    assert_eq!(page.total, 7);
    let ids: Vec<_> = page.items.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["db-admin-pro", "crm-cloud"]);
}

#[test]
fn bad_queries_are_refused_with_the_field_named() {
    let store = fixture();
    let cases = [
        (SearchQuery { category: Some("games".into()), ..Default::default() }, "no category \"games\""),
        (SearchQuery { sub_category: Some("chess".into()), ..Default::default() }, "no sub-category"),
        (SearchQuery { limit: Some(0), ..Default::default() }, "limit"),
        (SearchQuery { text: Some("x".repeat(201)), ..Default::default() }, "search text"),
    ];
    for (query, message) in cases {
        let err = search(&store, &query).unwrap_err();
        assert_eq!(err.code(), koogallery_core::ErrorCode::InvalidInput);
        assert!(err.to_string().contains(message), "{err}");
    }
}

#[test]
fn summaries_carry_billing_modes_and_the_starting_price() {
    let store = fixture();
    let found = search(&store, &text("mysql enterprise")).unwrap();
    let license = &found.items[0];
    assert_eq!(license.billing_modes, [BillingMode::YearlyMonthly]);
    assert_eq!(license.category, "infrastructure-software");
    assert_eq!(license.seller, "Test Seller");
    let price = license.starting_price.as_ref().unwrap();
    assert_eq!((price.amount.as_str(), price.period.as_str(), price.per_user), ("900.00", "year", false));

    let image = &search(&store, &text("wordpress")).unwrap().items[0];
    assert_eq!(image.billing_modes, [BillingMode::PayPerUse, BillingMode::YearlyMonthly]);
    let price = image.starting_price.as_ref().unwrap();
    assert_eq!((price.amount.as_str(), price.period.as_str()), ("0.12", "hour"), "the shortest period first");
}

#[test]
fn home_shows_the_categories_and_the_most_popular_products() {
    let store = fixture();
    let view = home(&store).unwrap();
    assert_eq!(view.categories.len(), 4);
    assert_eq!(view.categories[3].sub_categories.len(), 4);
    assert_eq!(view.product_count, 7);
    let first: Vec<_> = view.popular.iter().take(3).map(|p| p.id.as_str()).collect();
    assert_eq!(first, ["backup-vault", "db-admin-pro", "crm-cloud"]);
}

#[test]
fn a_part_of_a_name_finds_the_product() {
    let store = fixture();
    let found = names(&store, text("sql"));
    assert!(
        found.starts_with(&["mysql-ha".to_string(), "mysql-enterprise-license".into(), "mysql-server".into()]),
        "{found:?}"
    );
    assert_eq!(names(&store, text("press")), ["wordpress"], "a substring inside a word");
    assert_eq!(names(&store, text("ordpre")), ["wordpress"]);
    assert!(names(&store, text("rdp")).contains(&"wordpress".to_string()));
}

#[test]
fn sort_orders() {
    let mut cheap = product("cheap", "Cheap Tool", "testing", DeliveryMethod::Saas);
    cheap.editions[0].plans = vec![seed_plan("yearly_monthly", "month", "5.00")];
    cheap.released = "2026-01-01".parse().unwrap();
    let mut dear = product("dear", "Dear Tool", "testing", DeliveryMethod::Saas);
    dear.editions[0].plans = vec![seed_plan("yearly_monthly", "year", "1200.00")];
    dear.released = "2022-01-01".parse().unwrap();
    dear.popularity = 10;
    let mut hourly = product("hourly", "Hourly Tool", "testing", DeliveryMethod::Image);
    hourly.editions[0].plans = vec![seed_plan("pay_per_use", "hour", "0.10")];
    hourly.released = "2024-01-01".parse().unwrap();
    hourly.popularity = 5;
    let store = catalog_with(vec![cheap, dear, hourly]);
    let sorted = |sort| names(&store, SearchQuery { sort: Some(sort), ..Default::default() });
    // Monthly prices: cheap 5.00, hourly 0.10 × 730 = 73.00, dear 1200 / 12 = 100.00.
    assert_eq!(sorted(SortOrder::PriceAsc), ["cheap", "hourly", "dear"]);
    assert_eq!(sorted(SortOrder::PriceDesc), ["dear", "hourly", "cheap"]);
    assert_eq!(sorted(SortOrder::Newest), ["cheap", "hourly", "dear"]);
    assert_eq!(sorted(SortOrder::Popularity), ["dear", "hourly", "cheap"]);
    assert_eq!(sorted(SortOrder::Relevance), ["dear", "hourly", "cheap"], "without text, relevance is popularity");

    let priced = |min: Option<&str>, max: Option<&str>| {
        names(
            &store,
            SearchQuery {
                min_price: min.map(Into::into),
                max_price: max.map(Into::into),
                sort: Some(SortOrder::PriceAsc),
                ..Default::default()
            },
        )
    };
    assert_eq!(priced(Some("5"), Some("73.00")), ["cheap", "hourly"], "bounds are inclusive");
    assert_eq!(priced(Some("73.01"), None), ["dear"]);
    assert_eq!(priced(None, Some("4.99")), Vec::<String>::new());
    for (min, max, message) in [
        (Some("-1"), None, "minimum price"),
        (None, Some("1.234"), "maximum price"),
        (Some("ten"), None, "minimum price"),
        (Some("9"), Some("8"), "above the maximum"),
    ] {
        let err = search(
            &store,
            &SearchQuery { min_price: min.map(Into::into), max_price: max.map(Into::into), ..Default::default() },
        )
        .unwrap_err();
        assert!(err.to_string().contains(message), "{min:?} {max:?}: {err}");
    }
}

#[test]
fn seller_supervision_and_operating_system_filters() {
    let mut image = product("ubuntu-image", "Ubuntu Thing", "running-environment", DeliveryMethod::Image);
    image.operating_system = Some("Ubuntu 22.04 64bit".into());
    let mut other = product("debian-image", "Debian Thing", "running-environment", DeliveryMethod::Image);
    other.operating_system = Some("Debian 12 64bit".into());
    let mut supervised = product("supervised-saas", "Watched SaaS", "crm", DeliveryMethod::Saas);
    supervised.supervised = true;
    let store = catalog_with(vec![image, other, supervised]);
    let q = |query: SearchQuery| names(&store, query);
    assert_eq!(
        q(SearchQuery { operating_system: Some("Debian 12 64bit".into()), ..Default::default() }),
        ["debian-image"]
    );
    assert_eq!(q(SearchQuery { supervised: Some(true), ..Default::default() }), ["supervised-saas"]);
    assert_eq!(q(SearchQuery { supervised: Some(false), ..Default::default() }).len(), 2);
    assert_eq!(q(SearchQuery { seller: Some("test-seller".into()), ..Default::default() }).len(), 3);
    let err = search(&store, &SearchQuery { seller: Some("nobody".into()), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("no seller \"nobody\""));
}

#[test]
fn facets_count_what_each_value_would_leave_given_the_other_filters() {
    let store = fixture();
    let counts = |values: &[koogallery_core::catalog::search::FacetValue]| -> Vec<(String, u32)> {
        values.iter().map(|v| (v.value.clone(), v.count)).collect()
    };
    let results = search(
        &store,
        &SearchQuery {
            text: Some("mysql".into()),
            delivery: Some(DeliveryMethod::Image),
            facets: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(results.total, 3);
    let facets = results.facets.unwrap();
    // The delivery facet ignores the delivery filter itself: it shows what choosing another
    // method would give.
    assert_eq!(counts(&facets.delivery), [("image".into(), 3), ("saas".into(), 1), ("license".into(), 1)]);
    assert_eq!(facets.delivery[1].label, "SaaS");
    // The other facets apply the delivery filter.
    assert_eq!(counts(&facets.category), [("infrastructure-software".into(), 3)]);
    assert_eq!(counts(&facets.sub_category), [("databases-and-cache".into(), 2), ("storage-and-backup".into(), 1)]);
    assert_eq!(counts(&facets.billing), [("pay_per_use".into(), 3), ("yearly_monthly".into(), 3)]);
    assert_eq!(counts(&facets.supervised), [("false".into(), 3)]);
    assert_eq!(facets.seller[0].label, "Test Seller");

    let plain = search(&store, &text("mysql")).unwrap();
    assert!(plain.facets.is_none(), "facets only when asked");
}

#[test]
fn a_search_that_finds_nothing_suggests_near_spellings() {
    let store = fixture();
    let cases = [
        ("mysqk", vec!["mysql"]),
        ("wordprss", vec!["wordpress"]),
        ("sales crn", vec!["sales crm"]),
        ("mysql wrdpress", vec![]),
    ];
    for (typed, expected) in cases {
        let results = search(&store, &text(typed)).unwrap();
        if expected.is_empty() {
            // "mysql wordpress" would find nothing either: it is not suggested.
            assert_eq!((results.total, results.suggestions.len()), (0, 0), "{typed}");
            continue;
        }
        assert_eq!(results.total, 0, "{typed}");
        assert_eq!(results.suggestions, expected, "{typed}");
    }
    assert!(search(&store, &text("zzzzzz")).unwrap().suggestions.is_empty(), "nothing near: no suggestion");
    assert!(search(&store, &text("mysql")).unwrap().suggestions.is_empty(), "results: no suggestion");
}

#[test]
fn accents_and_case_do_not_matter_either_way() {
    let mut cafe = product("cafe-pos", "Café Point of Sale", "e-commerce", DeliveryMethod::Saas);
    cafe.description = "Runs a CRÈME brûlée counter.".into();
    let store = catalog_with(vec![cafe]);
    for typed in ["cafe", "CAFÉ", "café", "creme", "brulee", "Crème"] {
        assert_eq!(names(&store, text(typed)), ["cafe-pos"], "{typed}");
    }
}

#[test]
fn a_change_written_by_another_process_is_found_by_the_next_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let app = koogallery_core::Store::open(&path).unwrap();
    assert_eq!(search(&app, &SearchQuery::default()).unwrap().total, 0, "builds the (empty) index");

    // `kg` adds products to the same file while the app is open.
    let mut cli = koogallery_core::Store::open(&path).unwrap();
    let seed = koogallery_core::catalog::import::CatalogSeed {
        sellers: vec![common::seller()],
        products: vec![product("grafana", "Grafana Dashboards", "log-analysis", DeliveryMethod::Saas)],
    };
    cli.write(|tx| koogallery_core::catalog::import::import(tx, &seed, &|_: &str| None)).unwrap();
    assert_eq!(names(&app, text("graf")), ["grafana"]);

    cli.conn()
        .execute("UPDATE products SET name = 'Loki Logs', description = 'Logs.' WHERE id = 'grafana'", [])
        .unwrap();
    assert!(names(&app, text("graf")).is_empty(), "the old name no longer matches");
    assert_eq!(names(&app, text("loki")), ["grafana"]);
}

#[test]
fn a_change_of_popularity_reorders_results_without_changing_what_matches() {
    let store = fixture();
    assert_eq!(names(&store, text("mysql"))[..3], ["mysql-ha", "mysql-enterprise-license", "mysql-server"]);
    store.conn().execute("UPDATE products SET popularity = 99999 WHERE id = 'mysql-server'", []).unwrap();
    assert_eq!(names(&store, text("mysql"))[..3], ["mysql-server", "mysql-ha", "mysql-enterprise-license"]);
    let top = &search(&store, &text("mysql")).unwrap().items[0];
    assert_eq!(top.popularity, 99999, "the summary shows the new figure");
}

#[test]
fn pages_of_a_large_result_set_follow_each_order_without_gaps_or_overlaps() {
    // Enough products that a broad query walks the order and a narrow one sorts its members:
    // both ways must give the same pages as sorting everything.
    let mut products = Vec::new();
    for n in 0..200u32 {
        let sub = if n % 20 == 0 { "crm" } else { "e-commerce" };
        let mut p = product(&format!("shop-{n}"), &format!("Shop {n}"), sub, DeliveryMethod::Saas);
        p.popularity = (n * 37) % 101;
        p.editions[0].plans = vec![seed_plan("yearly_monthly", "month", &format!("{}.00", (n * 13) % 50 + 1))];
        products.push(p);
    }
    let store = catalog_with(products);
    for sort in [SortOrder::Popularity, SortOrder::PriceAsc, SortOrder::PriceDesc, SortOrder::Newest] {
        for sub in [None, Some("crm")] {
            let query = SearchQuery { sort: Some(sort), sub_category: sub.map(Into::into), ..Default::default() };
            let everything = names(&store, SearchQuery { limit: Some(500), ..query.clone() });
            let mut paged = Vec::new();
            for offset in (0..everything.len()).step_by(7) {
                paged.extend(names(
                    &store,
                    SearchQuery { limit: Some(7), offset: Some(offset as u32), ..query.clone() },
                ));
            }
            assert_eq!(paged, everything, "{sort:?} {sub:?}");
            let items = search(&store, &SearchQuery { limit: Some(500), ..query.clone() }).unwrap().items;
            let ordered = items.windows(2).all(|w| match sort {
                SortOrder::Popularity => w[0].popularity >= w[1].popularity,
                _ => true,
            });
            assert!(ordered, "{sort:?} {sub:?}");
        }
    }
}

#[test]
fn a_summary_says_whether_the_product_has_a_logo_so_that_a_list_asks_only_for_real_ones() {
    let mut store = koogallery_core::Store::open_in_memory().unwrap();
    koogallery_core::demo::reset(&mut store).unwrap();
    koogallery_core::demo::generate(&mut store, 20, 1).unwrap();
    let everything = search(&store, &SearchQuery { limit: Some(200), ..Default::default() }).unwrap().items;
    let (with, without): (Vec<_>, Vec<_>) = everything.iter().partition(|p| p.has_logo);
    // The demo catalog comes with a logo for every product; generated products have none.
    assert_eq!(with.len(), 74, "{:?}", without.iter().map(|p| &p.id).collect::<Vec<_>>());
    assert_eq!(without.len(), 20);
    let mysql = koogallery_core::catalog::product::show(store.conn(), "mysql-8-database-image").unwrap();
    assert!(mysql.summary.has_logo);
    let generated = &without[0].id;
    assert!(!koogallery_core::catalog::product::show(store.conn(), generated).unwrap().summary.has_logo);
}
