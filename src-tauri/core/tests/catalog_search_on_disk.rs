//! The search index kept in the store: opened again without being built again, and updated
//! product by product to exactly what a build from scratch gives.

use koogallery_core::catalog::model::{BillingMode, DeliveryMethod, SortOrder};
use koogallery_core::catalog::search::{self, search, SearchQuery, SearchResults};
use koogallery_core::{demo, Store};

/// Many queries, each with facets: prefixes, words inside names, several words, near spellings,
/// filters, price ranges, every sort order and a second page.
fn queries() -> Vec<SearchQuery> {
    let texts = [
        None,
        Some("my"),
        Some("mysql"),
        Some("sql"),
        Some("word"),
        Some("data"),
        Some("back"),
        Some("crm"),
        Some("serv"),
        Some("nimbus"),
        Some("quasar"),
        Some("renamed"),
        Some("quantum ledger"),
        Some("mysq serv"),
        Some("databse"),
        Some("astr"),
        Some("zzzz"),
        Some("cloud"),
    ];
    let mut queries = Vec::new();
    for text in texts {
        let base =
            SearchQuery { text: text.map(Into::into), facets: Some(true), limit: Some(30), ..Default::default() };
        queries.push(base.clone());
        queries.push(SearchQuery { offset: Some(30), ..base.clone() });
        for sort in [SortOrder::Popularity, SortOrder::PriceAsc, SortOrder::PriceDesc, SortOrder::Newest] {
            queries.push(SearchQuery { sort: Some(sort), ..base.clone() });
        }
        queries.push(SearchQuery {
            category: Some("infrastructure-software".into()),
            delivery: Some(DeliveryMethod::Image),
            ..base.clone()
        });
        queries.push(SearchQuery {
            billing: Some(BillingMode::YearlyMonthly),
            min_price: Some("10".into()),
            max_price: Some("80.50".into()),
            sort: Some(SortOrder::PriceAsc),
            ..base.clone()
        });
        queries.push(SearchQuery { supervised: Some(false), ..base });
    }
    queries
}

fn answers(store: &Store) -> Vec<SearchResults> {
    queries().iter().map(|q| search(store, q).unwrap()).collect()
}

/// The answers of an index built from scratch on a copy of `store`.
fn answers_from_scratch(store: &Store, dir: &std::path::Path) -> Vec<SearchResults> {
    let copy = dir.join(format!("copy-{}.db", rand_suffix()));
    store.save_snapshot(&copy).unwrap();
    let fresh = Store::open(&copy).unwrap();
    search::rebuild(&fresh).unwrap();
    answers(&fresh)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn assert_same(found: &[SearchResults], expected: &[SearchResults], change: &str) {
    for ((query, found), expected) in queries().iter().zip(found).zip(expected) {
        assert_eq!(found, expected, "after {change}: {query:?}");
    }
}

/// The demo catalog plus 300 generated products, in a file.
fn demo_store(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).unwrap();
    demo::reset(&mut store).unwrap();
    demo::generate(&mut store, 300, 5).unwrap();
    store
}

#[test]
fn a_store_opened_again_searches_without_building_its_index_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let (before, builds) = {
        let store = demo_store(&path);
        let builds = search::full_builds(&store).unwrap();
        assert_eq!(builds, 1, "the demo reset built the index once; the products generated were added to it");
        (answers(&store), builds)
    };
    let store = Store::open(&path).unwrap();
    search::prepare(&store).unwrap();
    assert_eq!(answers(&store), before);
    assert_eq!(search::full_builds(&store).unwrap(), builds, "opened, not built");
    assert!(before.iter().any(|r| r.total > 300) && before.iter().any(|r| !r.suggestions.is_empty()));
}

/// A change to the catalog, made through the first store, the other, or both.
type Change = dyn Fn(&mut Store, &mut Store);

#[test]
fn each_kind_of_change_updates_the_index_to_what_a_build_from_scratch_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let store = demo_store(&path);
    // Half the changes come from another process on the same file (`kg` beside the app).
    let mut other = Store::open(&path).unwrap();
    assert_same(&answers(&store), &answers_from_scratch(&store, dir.path()), "the demo reset");
    let builds = search::full_builds(&store).unwrap();

    let changes: Vec<(&str, Box<Change>)> = vec![
        (
            "renaming a product",
            Box::new(|s, _| {
                s.conn()
                    .execute("UPDATE products SET name = 'Renamed Astrolabe Server' WHERE id = 'generated-12'", [])
                    .unwrap();
            }),
        ),
        (
            "changing a product's tags",
            Box::new(|_, o| {
                o.conn()
                    .execute("UPDATE products SET tags = '[\"quantum\",\"ledger\"]' WHERE id = 'generated-40'", [])
                    .unwrap();
            }),
        ),
        (
            "deleting products",
            Box::new(|s, o| {
                s.conn().execute("DELETE FROM products WHERE id = 'generated-7'", []).unwrap();
                o.conn().execute("DELETE FROM products WHERE id = 'generated-300'", []).unwrap();
            }),
        ),
        (
            "renaming a seller",
            Box::new(|_, o| {
                o.conn()
                    .execute("UPDATE sellers SET name = 'Quasar Systems' WHERE id = 'generated-seller-3'", [])
                    .unwrap();
            }),
        ),
        (
            "moving a product, its price and its filters",
            Box::new(|s, _| {
                s.conn()
                    .execute(
                        "UPDATE products SET sub_category_id = 'crm', category_id = 'business-software',
                             monthly_price_cents = 4321, supervised = 1 - supervised, released_on = '2030-01-01'
                         WHERE id = 'generated-20'",
                        [],
                    )
                    .unwrap();
            }),
        ),
        (
            "products bought (popularity)",
            Box::new(|s, _| {
                s.conn()
                    .execute("UPDATE products SET popularity = popularity + 5000 WHERE id = 'generated-33'", [])
                    .unwrap();
            }),
        ),
        (
            "importing more products",
            Box::new(|_, o| {
                demo::generate(o, 60, 11).unwrap();
            }),
        ),
        (
            "importing more products after the last was deleted",
            Box::new(|s, o| {
                s.conn().execute("DELETE FROM products WHERE pk = (SELECT max(pk) FROM products)", []).unwrap();
                let mut extra = koogallery_core::catalog::import::CatalogSeed {
                    sellers: vec![],
                    products: demo::generated_catalog(o.conn(), 3, 12).unwrap().products,
                };
                extra.products.iter_mut().for_each(|p| p.id = format!("late-{}", p.id));
                o.write(|tx| koogallery_core::catalog::import::import(tx, &extra, &|_: &str| None)).unwrap();
            }),
        ),
    ];
    let mut store = store;
    for (change, apply) in changes {
        apply(&mut store, &mut other);
        assert_same(&answers(&store), &answers_from_scratch(&store, dir.path()), change);
        assert_same(&answers(&other), &answers_from_scratch(&store, dir.path()), change);
        assert_eq!(search::full_builds(&store).unwrap(), builds, "after {change}: updated, not built again");
    }
    let renamed = search(&store, &SearchQuery { text: Some("astrolabe".into()), ..Default::default() }).unwrap();
    assert_eq!(renamed.items.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["generated-12"]);
    // The import wrote the generated sellers again under their own names: rename once more.
    other.conn().execute("UPDATE sellers SET name = 'Quasar Systems' WHERE id = 'generated-seller-3'", []).unwrap();
    let quasar = search(&store, &SearchQuery { text: Some("quasar".into()), ..Default::default() }).unwrap();
    let gone =
        search(&store, &SearchQuery { seller: Some("generated-seller-3".into()), ..Default::default() }).unwrap();
    assert!(gone.total > 0);
    assert_eq!(quasar.total, gone.total, "the seller's new name finds each of its products");
    for p in &gone.items {
        assert_eq!((p.seller.as_str(), p.seller_id.as_str()), ("Quasar Systems", "generated-seller-3"), "{}", p.id);
        assert_ne!(p.id, "generated-7");
    }
}

#[test]
fn a_catalog_replaced_whole_leaves_no_trace_of_the_old_one() {
    // The new products are given the keys of the old ones: each takes its key's document.
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(&dir.path().join("kg.db"));
    demo::reset(&mut store).unwrap();
    let all = search(&store, &SearchQuery::default()).unwrap();
    assert_eq!(all.total, 74, "the generated products are gone from the index");
    assert_same(&answers(&store), &answers_from_scratch(&store, dir.path()), "a demo reset");
}
